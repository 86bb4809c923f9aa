"""The measure catalogue and the budget lines as CSV: written, read with ``csv``, read back."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.contributions import InputFile, RenderOptions
from integrationkonzept.errors import ParseError
from integrationkonzept.examples import example
from integrationkonzept.importers.catalogue import BadCellsError, read_csv
from integrationkonzept.model import Money
from integrationkonzept.reports.xlsx import catalogue_csv, render_csv
from integrationkonzept.serialize import dump
from integrationkonzept.testing.contracts import ImporterContract, ReportFormatContract
from integrationkonzept.testing.strategies import datasets


def base(data: Dataset) -> InputFile:
    return InputFile("datensatz.json", dump(data).encode())


def rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    delimiter = ";" if text.split("\r\n", 1)[0].count(";") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_german_csv_reads_in_a_csv_reader(rich: Dataset) -> None:
    content = render_csv(rich, RenderOptions("csv", "de", AS_OF))
    assert content.startswith("\ufeff".encode())
    table = rows(content)
    assert table[0][:3] == ["ID", "Handlungsfeld", "Maßnahme"]
    sprint = next(row for row in table if row[0] == "fortbildung-sprint")
    assert sprint[10] == "62,5"  # decimal comma
    assert sprint[13:15] == ["7500,50", "8000,00"]
    assert sprint[9] == "01.02.2021"
    hostile = next(row for row in table if row[0] == "antidiskriminierung")
    # A leading apostrophe keeps the formula text from running in a spreadsheet.
    assert hostile[2].startswith("'=HYPERLINK(")
    assert "\x00" not in content.decode("utf-8-sig")


def test_english_csv_uses_commas_and_points(rich: Dataset) -> None:
    table = rows(render_csv(rich, RenderOptions("csv", "en", AS_OF)))
    assert table[0][:3] == ["ID", "Field of action", "Measure"]
    sprint = next(row for row in table if row[0] == "fortbildung-sprint")
    assert sprint[10] == "62.5"
    assert sprint[9] == "2021-02-01"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_csv_round_trip_with_the_data_set(rich: Dataset, lang: str) -> None:
    measures = InputFile("massnahmen.csv", catalogue_csv(rich, lang).encode())
    budget = InputFile("haushalt.csv", catalogue_csv(rich, lang, budget=True).encode())
    assert read_csv([base(rich), measures, budget]) == rich


def test_a_spreadsheet_saving_the_csv_again_changes_nothing(rich: Dataset) -> None:
    # Spreadsheet programs write numbers without trailing zeros, and may save in Windows-1252
    # without a byte order mark; the amounts are the same, so costs keep their sources.
    text = catalogue_csv(rich, "de").replace("7500,50", "7500,5").replace("8000,00", "8000")
    assert read_csv([base(rich), InputFile("m.csv", text.encode("cp1252"))]) == rich


def test_csv_edits_and_errors(rich: Dataset) -> None:
    text = catalogue_csv(rich, "de")
    edited = text.replace("kita-elternarbeit;bildung;", "kita-elternarbeit;bildung;", 1).replace(
        ";20;;;;;", ";55,5;;;;;", 1
    )
    edited += "neu;dialog;Neue Maßnahme;;;;;;;;;;;;1.234,56 €;\r\n"
    result = read_csv([base(rich), InputFile("m.csv", edited.encode())])
    assert result.concept is not None
    assert result.concept.current is not None
    measures = {m.id: m for m in result.concept.current.measures}
    assert measures["kita-elternarbeit"].progress == Decimal("55.5")
    assert measures["neu"].costs[0].amount == Money.parse("1.234,56 €")

    broken = text + "neu;nirgends;;;;;;;;;;;;;80.00.00;\r\n"
    with pytest.raises(BadCellsError) as caught:
        read_csv([base(rich), InputFile("m.csv", broken.encode())])
    found = {(c.column, c.reason) for c in caught.value.cells}
    assert found == {("B", "unknown"), ("C", "required"), ("O", "not_amount")}
    assert "Blatt „m.csv“, Zeile 8, Spalte B (Handlungsfeld): „nirgends“" in str(caught.value)


@pytest.mark.parametrize(
    ("tail", "line"),
    [
        ('neu;dialog;"Sprachkurse für', 8),
        ('neu;dialog;"Sprachkurse für\r\nErwachsene und Kinder\r\n', 8),
        (
            'neu;dialog;"Titel, der\r\nzwei Zeilen hat";;;;;;;;;;;;;"Beschreibung, die\r\nabbricht',
            9,
        ),
        ('neu;dialog;"Zitat: ""Deutsch lernen""', 8),
    ],
)
def test_a_csv_cut_off_inside_a_quoted_field_is_refused(
    rich: Dataset, tail: str, line: int
) -> None:
    # Nothing of the file is read: the last text would be cut short without anyone seeing it.
    text = catalogue_csv(rich, "de") + tail
    with pytest.raises(ParseError) as caught:
        read_csv([base(rich), InputFile("massnahmen.csv", text.encode())])
    assert str(caught.value).startswith(
        f"massnahmen.csv, Zeile {line}: Anführungszeichen ohne Ende: das Feld, das hier mit"
    )
    assert caught.value.location is not None
    assert caught.value.location.line == line


def test_other_quoting_faults_are_refused(rich: Dataset) -> None:
    text = catalogue_csv(rich, "de") + 'neu;dialog;"Titel" mit Rest;\r\n'
    with pytest.raises(ParseError, match="keine lesbare CSV-Datei") as caught:
        read_csv([base(rich), InputFile("m.csv", text.encode())])
    assert caught.value.location is not None
    assert caught.value.location.line == 8


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_csv_in_utf16_is_read_with_or_without_bom(rich: Dataset, encoding: str) -> None:
    # Without a BOM it was read as UTF-8 and refused for its zero bytes.
    content = catalogue_csv(rich, "de").encode(encoding)
    assert read_csv([base(rich), InputFile("m.csv", content)]) == rich


def test_csv_needs_the_data_set() -> None:
    content = catalogue_csv(example("leipzig"), "de").encode()
    with pytest.raises(ParseError, match="bitte den Datensatz") as caught:
        read_csv([InputFile("m.csv", content)])
    assert caught.value.location is not None
    assert caught.value.location.file == "m.csv"


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_any_dataset_survives_csv(data: Dataset) -> None:
    for lang in ("de", "en"):
        measures = InputFile("m.csv", catalogue_csv(data, lang).encode())
        budget = InputFile("h.csv", catalogue_csv(data, lang, budget=True).encode())
        assert read_csv([base(data), measures, budget]) == data


class TestCsvImporter(ImporterContract):
    importer_name = "csv"

    def valid_inputs(self) -> Sequence[Sequence[InputFile]]:
        data = example("leipzig")
        return [[base(data), InputFile("m.csv", catalogue_csv(data, "de").encode())]]

    def invalid_inputs(self) -> Sequence[tuple[Sequence[InputFile], str]]:
        data = example("leipzig")
        bad = catalogue_csv(data, "de") + "x;;;;;;;;;;200;;\r\n"
        return [
            ([InputFile("m.csv", b"ID;Titel\r\n")], "bitte den Datensatz"),
            ([base(data), InputFile("m.csv", bad.encode())], "Spalte K (Fortschritt (%)): „200“"),
        ]


class TestCsvReport(ReportFormatContract):
    format_name = "csv"

    def check_output(self, kind: str, output: bytes) -> None:
        assert rows(output)[0][0] == "ID"
