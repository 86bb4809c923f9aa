"""The ``haushalt-csv`` importer: a Teilergebnisplan as CSV, mapped to purposes, read into budget
lines (:mod:`integrationkonzept.importers.budget_table`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrationkonzept.calc.budget import plan_lines
from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError
from integrationkonzept.importers.budget_table import read_budget_table
from integrationkonzept.importers.catalogue import BadCellsError
from integrationkonzept.model.budget import BudgetLine, BudgetPhase, Purpose
from integrationkonzept.model.concept import Municipality
from integrationkonzept.model.dataset import Dataset
from integrationkonzept.model.money import Money
from integrationkonzept.model.periods import BudgetCadence
from integrationkonzept.model.source import Source, SourceKind
from integrationkonzept.plugins import registry
from integrationkonzept.serialize import dump_file
from integrationkonzept.testing.contracts import ImporterContract

BASE = Dataset(
    Municipality("Leipzig", "14713000"),
    BudgetCadence(2, 2019),
    purposes=(
        Purpose("integration", "Integrationsarbeit", "Integration work"),
        Purpose("sprachmittlung", "Sprach- und Kulturmittlung"),
    ),
    budget_lines=(
        BudgetLine(
            "beschluss-2021",
            2021,
            "integration",
            BudgetPhase.ADOPTED,
            Money.of(80000),
            Source(SourceKind.DECISION, "VII-A-01234"),
        ),
    ),
)

# A Teilergebnisplan as a finance system exports it: title rows, a number column, the sign after
# the number, totals and section headings.
NKF_TABLE = """\
Teilergebnisplan 2024/2025;;;;;;
Produktgruppe 1.31.01 Integration und Migration;;;;;;
Nr.;Ertrags- und Aufwandsarten;Ergebnis 2022;Ansatz 2023;Ansatz 2024;Ansatz 2025;Planung 2026
;Ordentliche Aufwendungen;;;;;
11;Personalaufwendungen;1.211.000,00-;1.250.000,00-;1.300.000,00-;1.320.000,00-;1.340.000,00-
15;Transferaufwendungen;520.820,86-;480.000,00-;500.000,00-;;510.000,00-
16;Sonstige ordentliche Aufwendungen;12.345,6-;20.000-;-;0,00;20.000,00-
17;= Ordentliche Aufwendungen;1.744.166,46-;1.750.000,00-;1.800.000,00-;1.320.000,00-;1.870.000,00-
"""

NKF_MAPPING = """\
Zeile;Zweck;Vorzeichen
Transferaufwendungen;integration;-
16;Integrationsarbeit;-
Personalaufwendungen;-
= Ordentliche Aufwendungen;-
"""

# A civic-tech extract: comma separated with quoted German numbers, amounts in T€ per column,
# year columns named Ist and Plan, positive amounts.
CIVIC_TABLE = """\
Zeile,Ist 2023 (T€),Ansatz 2024 (T€),Ansatz 2025 (T€),Plan 2026 (T€),Plan 2027 (T€)
Transferaufwendungen,"480,5","500","512,25","520","530,125"
Sprach- und Integrationsmittler,"80","100",,"100","100"
"""

CIVIC_MAPPING = """\
Zeile,Zweck
Transferaufwendungen,Integration work
Sprach- und Integrationsmittler,sprachmittlung
"""


def files(table: str, mapping: str, base: Dataset = BASE) -> list[InputFile]:
    return [
        InputFile("daten.json", dump_file(base)),
        InputFile("teilergebnisplan.csv", table.encode()),
        InputFile("zuordnung.csv", mapping.encode()),
    ]


def new_lines(data: Dataset) -> dict[str, BudgetLine]:
    return {line.id: line for line in data.budget_lines if line.id.startswith("haushalt-")}


def read(table: str, mapping: str, base: Dataset = BASE) -> Dataset:
    return read_budget_table(files(table, mapping, base))


def bad_cells(table: str, mapping: str) -> list[str]:
    with pytest.raises(BadCellsError) as info:
        read(table, mapping)
    return [cell.describe("de") for cell in info.value.cells]


# --- reading tables ------------------------------------------------------------------------------


def test_finance_system_export_with_title_rows_and_trailing_minus() -> None:
    data = read(NKF_TABLE, NKF_MAPPING)
    lines = new_lines(data)
    # Transferaufwendungen and row 16 both go to "integration": added up per column.
    assert {line_id: str(line.amount.amount) for line_id, line in lines.items()} == {
        "haushalt-integration-2022-ist": "533166.46",
        "haushalt-integration-2023-ansatz": "500000.00",
        "haushalt-integration-2024-ansatz": "500000.00",
        "haushalt-integration-2025-ansatz": "0.00",
        "haushalt-integration-2026-planung": "530000.00",
    }
    ist = lines["haushalt-integration-2022-ist"]
    assert ist.phase is BudgetPhase.ACTUAL
    assert ist.fiscal_year == 2022
    assert ist.source.kind is SourceKind.DATA
    assert ist.source.reference == "teilergebnisplan.csv"
    assert ist.source.locator == "Zeilen 6 und 7, Spalte Ergebnis 2022"
    assert "Teilergebnisplan 2024/2025" in ist.source.title
    assert "Summe der Zeilen 6 (15 Transferaufwendungen), 7 (16 Sonstige" in ist.note
    assert "Vorzeichen umgekehrt" in ist.note
    assert lines["haushalt-integration-2024-ansatz"].phase is BudgetPhase.ADOPTED
    # "-" in a cell is no amount: the 2024 line is the Transferaufwendungen alone.
    assert lines["haushalt-integration-2024-ansatz"].source.locator == (
        "Zeile 6, Spalte Ansatz 2024"
    )
    planning = lines["haushalt-integration-2026-planung"]
    assert planning.phase is BudgetPhase.DRAFT
    assert "Planung für ein späteres Haushaltsjahr" in planning.note
    assert "Entwurf" in planning.note
    # The base's own lines stay, in front.
    assert data.budget_lines[0] == BASE.budget_lines[0]
    assert data.purposes == BASE.purposes


def test_comma_separated_table_with_thousands_unit_in_the_headers() -> None:
    lines = new_lines(read(CIVIC_TABLE, CIVIC_MAPPING))
    assert lines["haushalt-integration-2023-ist"].amount == Money.of(480500)
    assert lines["haushalt-integration-2025-ansatz"].amount == Money.of(512250)
    assert lines["haushalt-integration-2027-planung"].amount == Money.of(530125)
    assert lines["haushalt-sprachmittlung-2024-ansatz"].amount == Money.of(100000)
    # The empty cell gives no line.
    assert "haushalt-sprachmittlung-2025-ansatz" not in lines
    assert lines["haushalt-integration-2024-ansatz"].source.locator == (
        "Zeile 2, Spalte Ansatz 2024 (T€)"
    )
    assert len(lines) == 9


def test_unit_in_a_title_row_scales_the_whole_table() -> None:
    table = (
        "Produktgruppe 3.1;Beträge in TEUR\nPosition;Ansatz 2024;Planung 2025\nZuschüsse;12,5;13\n"
    )
    lines = new_lines(read(table, "Zeile;Zweck\nZuschüsse;integration\n"))
    assert lines["haushalt-integration-2024-ansatz"].amount == Money.of(12500)
    assert lines["haushalt-integration-2025-planung"].amount == Money.of(13000)


def test_column_unit_overrides_the_table_unit_and_stays_exact() -> None:
    table = (
        "Angaben in T€\nPosition;Ansatz 2024 (€);Ansatz 2025;Planung 2026 (Mio. €)\n"
        "Zuschüsse;1.234,56;0,00001;1,23456789\n"
    )
    lines = new_lines(read(table, "Zeile;Zweck\nZuschüsse;integration\n"))
    assert lines["haushalt-integration-2024-ansatz"].amount == Money.of(Decimal("1234.56"))
    assert lines["haushalt-integration-2025-ansatz"].amount == Money.of(Decimal("0.01"))
    assert lines["haushalt-integration-2026-planung"].amount == Money.of(Decimal("1234567.89"))


def test_semicolon_table_with_year_first_headers_and_other_kinds() -> None:
    table = (
        "Bezeichnung;2023 Ist;Fortgeschriebener Ansatz 2024;Ansatz 2024;Entwurf 2025;Erläuterung\n"
        "Zuschüsse an Vereine;70.000,00;95.000,00;90.000,00;100.000,00;siehe Vorlage\n"
    )
    lines = new_lines(read(table, "Zeile;Zweck\nZuschüsse an Vereine;integration\n"))
    assert lines["haushalt-integration-2023-ist"].phase is BudgetPhase.ACTUAL
    revised = lines["haushalt-integration-2024-fortgeschrieben"]
    assert revised.phase is BudgetPhase.REVISED
    # It replaces the Ansatz of its year in the plan, never adds to it.
    assert revised.revises == "haushalt-integration-2024-ansatz"
    assert lines["haushalt-integration-2024-ansatz"].revises is None
    assert lines["haushalt-integration-2025-entwurf"].phase is BudgetPhase.DRAFT
    assert lines["haushalt-integration-2025-entwurf"].note == ""


def test_reimport_changes_nothing_and_a_new_table_replaces_its_lines() -> None:
    once = read(NKF_TABLE, NKF_MAPPING)
    twice = read(NKF_TABLE, NKF_MAPPING, base=once)
    assert twice == once
    changed = NKF_TABLE.replace("500.000,00-;;", "555.000,00-;;")
    third = read(changed, NKF_MAPPING, base=once)
    assert len(third.budget_lines) == len(once.budget_lines)
    assert new_lines(third)["haushalt-integration-2024-ansatz"].amount == Money.of(555000)
    assert [line.id for line in third.budget_lines] == [line.id for line in once.budget_lines]


def test_files_in_any_order_and_registered_as_core_importer() -> None:
    importer = registry().importer("haushalt-csv")
    given_files = files(CIVIC_TABLE, CIVIC_MAPPING)
    assert importer.read(list(reversed(given_files))) == read(CIVIC_TABLE, CIVIC_MAPPING)


# --- nothing is dropped silently, every bad cell is named ----------------------------------------


def test_rows_not_in_the_mapping_are_an_error_with_their_row_numbers() -> None:
    problems = bad_cells(NKF_TABLE, "Zeile;Zweck\nTransferaufwendungen;integration\n")
    assert problems == [
        "Blatt „teilergebnisplan.csv“, Zeile 5, Spalte A (Nr.): „11 Personalaufwendungen“ – die "
        "Zeile „11 Personalaufwendungen“ hat Beträge, steht aber nicht in der Zuordnung "
        "zuordnung.csv; bitte einem Zweck zuordnen oder mit „-“ ausdrücklich auslassen",
        "Blatt „teilergebnisplan.csv“, Zeile 7, Spalte A (Nr.): „16 Sonstige ordentliche "
        "Aufwendungen“ – die Zeile „16 Sonstige ordentliche Aufwendungen“ hat Beträge, steht "
        "aber nicht in der Zuordnung zuordnung.csv; bitte einem Zweck zuordnen oder mit „-“ "
        "ausdrücklich auslassen",
        "Blatt „teilergebnisplan.csv“, Zeile 8, Spalte A (Nr.): „17 = Ordentliche "
        "Aufwendungen“ – die Zeile „17 = Ordentliche Aufwendungen“ hat Beträge, steht aber "
        "nicht in der Zuordnung zuordnung.csv; bitte einem Zweck zuordnen oder mit „-“ "
        "ausdrücklich auslassen",
    ]


def test_star_leaves_out_every_other_row() -> None:
    data = read(NKF_TABLE, "Zeile;Zweck;Vorzeichen\nTransferaufwendungen;integration;-\n*;-\n")
    lines = new_lines(data)
    assert lines["haushalt-integration-2022-ist"].amount == Money.parse("520.820,86")
    assert lines["haushalt-integration-2022-ist"].source.locator == "Zeile 6, Spalte Ergebnis 2022"


def test_bad_amount_names_file_row_column_and_value() -> None:
    table = NKF_TABLE.replace("480.000,00-", "480.000.00-").replace("510.000,00-", "1,548,368.77")
    problems = bad_cells(table, NKF_MAPPING)
    assert len(problems) == 2
    assert problems[0].startswith(
        "Blatt „teilergebnisplan.csv“, Zeile 6, Spalte D (Ansatz 2023): „480.000.00-“ – kein "
        "Betrag: „480.000.00-“ ist kein gültiger Betrag: Punkt vor zwei Ziffern ist mehrdeutig"
    )
    assert problems[1].startswith(
        "Blatt „teilergebnisplan.csv“, Zeile 6, Spalte G (Planung 2026): „1,548,368.77“ – kein "
        "Betrag: „1,548,368.77“ ist kein gültiger Betrag: englisches Zahlenformat"
    )


def test_scaled_cell_with_fractions_of_a_cent_is_refused() -> None:
    table = "Position;Ansatz 2024 (T€)\nZuschüsse;1,234567\n"
    [problem] = bad_cells(table, "Zeile;Zweck\nZuschüsse;integration\n")
    assert "Zeile 2, Spalte B (Ansatz 2024 (T€)): „1,234567“" in problem
    assert "Bruchteile eines Cents" in problem


def test_mapping_problems_are_listed_with_the_mapping_file() -> None:
    mapping = (
        "Zeile;Zweck;Vorzeichen\n"
        "Transferaufwendungen;unbekannt\n"
        "Personalaufwendungen;integration;*\n"
        "Personalaufwendungen;-\n"
        "Gibt es nicht;integration\n"
        "*;integration\n"
        ";integration\n"
    )
    with pytest.raises(BadCellsError) as info:
        read(NKF_TABLE, mapping)
    problems = [cell.describe("de") for cell in info.value.cells]
    assert problems[0] == (
        "Blatt „zuordnung.csv“, Zeile 2, Spalte B (Zweck): „unbekannt“ – unbekannt (bekannt: "
        "integration (Integrationsarbeit), sprachmittlung (Sprach- und Kulturmittlung))"
    )
    assert "Zeile 3, Spalte C (Vorzeichen): „*“ – unbekanntes Vorzeichen" in problems[1]
    assert "Zeile 6, Spalte B (Zweck): „integration“ – „*“ (alle übrigen Zeilen)" in problems[2]
    assert "Zeile 7, Spalte A (Zeile): (leer) – Pflichtangabe fehlt" in problems[3]
    assert len(problems) == 4
    # In English on request.
    assert "unknown sign" in info.value.localized("en")


def test_mapping_entry_that_matches_no_row_or_several_rows() -> None:
    table = "Nr.;Position;Ansatz 2024\n1;Zuschüsse;10\n2;Zuschüsse;20\n3;Sonstiges;5\n"
    problems = bad_cells(table, "Zeile;Zweck\nZuschüsse;integration\nSonstges;integration\n*;-\n")
    assert problems == [
        "Blatt „zuordnung.csv“, Zeile 2, Spalte A (Zeile): „Zuschüsse“ – die Bezeichnung passt "
        "auf mehrere Zeilen der Tabelle (2, 3); bitte die Zeile eindeutig benennen (z. B. mit "
        "Nummer und Bezeichnung)",
        "Blatt „zuordnung.csv“, Zeile 3, Spalte A (Zeile): „Sonstges“ – keine Zeile der Tabelle "
        "teilergebnisplan.csv heißt so",
    ]
    # Number and label together name one row.
    lines = new_lines(read(table, "Zeile;Zweck\n2 Zuschüsse;integration\n*;-\n"))
    assert lines["haushalt-integration-2024-ansatz"].amount == Money.of(20)


def test_row_matched_by_two_entries_and_row_without_label() -> None:
    table = "Nr.;Position;Ansatz 2024\n1;Zuschüsse;10\n;;5\n"
    problems = bad_cells(table, "Zeile;Zweck\n1;integration\nZuschüsse;sprachmittlung\n")
    assert (
        "Zeile 2, Spalte A (Nr.): „1 Zuschüsse“ – die Zeile passt auf mehrere Einträge"
        in (problems[0])
    )
    assert (
        "Zeile 3, Spalte A (Nr.): (leer) – die Zeile hat Beträge, aber keine Bezeichnung"
        in (problems[1])
    )


def test_header_problems() -> None:
    table = "Position;Ansatz 2024;Soll-Ist 2024;Ansatz 2024\nZuschüsse;1;2;3\n"
    problems = bad_cells(table, "Zeile;Zweck\nZuschüsse;integration\n")
    assert (
        "Spalte D (Ansatz 2024): „Ansatz 2024“ – die Spalte für Ansatz 2024 kommt doppelt"
        in (problems[0])
    )
    assert (
        "Spalte C (Soll-Ist 2024): „Soll-Ist 2024“ – unbekannte Spaltenart „Soll-Ist“"
        in (problems[1])
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["table", "mapping"], "Datensatz (JSON)"),
        (["base", "table"], "0 Zuordnung(en)"),
        (["base", "mapping", "mapping"], "2 Zuordnung(en)"),
    ],
)
def test_wrong_set_of_files(given: list[str], message: str) -> None:
    all_files = dict(zip(["base", "table", "mapping"], files(NKF_TABLE, NKF_MAPPING), strict=True))
    with pytest.raises(ParseError, match=re.escape(message)):
        read_budget_table([all_files[name] for name in given])


def test_table_without_year_columns() -> None:
    with pytest.raises(ParseError, match="keine Kopfzeile mit Jahresspalten") as info:
        read("Position;Betrag\nZuschüsse;10\n", NKF_MAPPING)
    assert info.value.location is not None
    assert info.value.location.file == "teilergebnisplan.csv"


def test_table_without_label_column() -> None:
    with pytest.raises(ParseError, match="keine Spalte mit den Bezeichnungen"):
        read("Ansatz 2024;Ansatz 2025\n1;2\n", NKF_MAPPING)


# --- random tables -------------------------------------------------------------------------------

_cents = st.integers(min_value=-(10**11), max_value=10**11)


def _written(cents: int, style: str) -> str:
    money = Money.from_cents(abs(cents))
    number = money.format("de").removesuffix("\xa0€")
    if style == "plain":
        number = number.replace(".", "")
    elif style == "spaced":
        number = number.replace(".", "\u202f")
    if cents < 0:
        return f"{number}-" if style != "plain" else f"-{number}"
    return number


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    years=st.lists(
        st.integers(min_value=2015, max_value=2035), min_size=1, max_size=5, unique=True
    ),
    kinds=st.lists(st.sampled_from(["Ergebnis", "Ansatz", "Planung"]), min_size=5, max_size=5),
    amounts=st.lists(
        st.lists(st.one_of(st.none(), _cents), min_size=5, max_size=5), min_size=1, max_size=4
    ),
    style=st.sampled_from(["grouped", "plain", "spaced"]),
    delimiter=st.sampled_from([";", "\t"]),
    titles=st.integers(min_value=0, max_value=3),
)
def test_random_tables_give_lines_with_the_same_amounts(
    years: list[int],
    kinds: list[str],
    amounts: list[list[int | None]],
    style: str,
    delimiter: str,
    titles: int,
) -> None:
    headers = [f"{kinds[i]} {year}" for i, year in enumerate(years)]
    slugs = {"Ergebnis": "ist", "Ansatz": "ansatz", "Planung": "planung"}
    rows = [f"Titel {n}" for n in range(titles)]
    rows.append(delimiter.join(["Position", *headers]))
    mapping = ["Zeile;Zweck"]
    expected: dict[str, Money] = {}
    for index, row in enumerate(amounts):
        label = f"Position {index}"
        purpose = "integration" if index % 2 == 0 else "sprachmittlung"
        mapping.append(f"{label};{purpose}")
        cells = []
        for column, year in enumerate(years):
            cents = row[column]
            cells.append("" if cents is None else _written(cents, style))
            if cents is not None:
                key = f"haushalt-{purpose}-{year}-{slugs[kinds[column]]}"
                expected[key] = expected.get(key, Money.zero()) + Money.from_cents(cents)
        rows.append(delimiter.join([label, *cells]))
    data = read("\n".join(rows) + "\n", "\n".join(mapping) + "\n")
    lines = new_lines(data)
    assert {line_id: line.amount for line_id, line in lines.items()} == expected
    for line in lines.values():
        assert (
            line.phase
            is {
                "ist": BudgetPhase.ACTUAL,
                "ansatz": BudgetPhase.ADOPTED,
                "planung": BudgetPhase.DRAFT,
            }[line.id.rsplit("-", 1)[1]]
        )
    assert read("\n".join(rows) + "\n", "\n".join(mapping) + "\n", base=data) == data


def test_revised_ansatz_replaces_the_ansatz_in_the_plan() -> None:
    table = "Position;Ansatz 2024;Fortgeschriebener Ansatz 2024\nZuschüsse;90.000;95.000\n"
    data = read(table, "Zeile;Zweck\nZuschüsse;integration\n")
    standing = [line for line in plan_lines(data.budget_lines) if line.fiscal_year == 2024]
    assert [line.id for line in standing] == ["haushalt-integration-2024-fortgeschrieben"]
    assert sum(line.amount for line in standing) == Money.of(95000)


class TestHaushaltCsvImporter(ImporterContract):
    importer_name = "haushalt-csv"

    def valid_inputs(self) -> Sequence[Sequence[InputFile]]:
        return [files(NKF_TABLE, NKF_MAPPING), files(CIVIC_TABLE, CIVIC_MAPPING)]

    def invalid_inputs(self) -> Sequence[tuple[Sequence[InputFile], str]]:
        return [
            (files(NKF_TABLE, "Zeile;Zweck\n*;-\n15;nix\n"), "Zeile 3, Spalte B (Zweck): „nix“"),
            (
                files(NKF_TABLE.replace("20.000-", "20.000--"), NKF_MAPPING),
                "Zeile 7, Spalte D (Ansatz 2023): „20.000--“",
            ),
            (files("", NKF_MAPPING), "keine Kopfzeile"),
        ]


def test_header_of_a_known_kind_that_cannot_be_read_is_an_error() -> None:
    table = "Position;Ansatz 2024;Ergebnis 2023 (vorläufig);Veränderung 2024 zu 2023\nZ;1;2;3\n"
    [problem] = bad_cells(table, "Zeile;Zweck\nZ;integration\n")
    assert "Spalte C (Ergebnis 2023 (vorläufig))" in problem
    assert "unbekannte Spaltenart" in problem


def test_title_row_that_looks_like_a_column_is_not_the_header() -> None:
    table = (
        "Entwurf 2025\n\nPosition;Ist 2023;Ansatz 2024 T€;Planung 2025 in TEUR\n"
        "Zuschüsse;1.000;2;3,5\n"
    )
    lines = new_lines(read(table, "Zeile;Zweck\nZuschüsse;integration\n"))
    assert {line_id: line.amount.cents // 100 for line_id, line in lines.items()} == {
        "haushalt-integration-2023-ist": 1000,
        "haushalt-integration-2024-ansatz": 2000,
        "haushalt-integration-2025-planung": 3500,
    }
    assert lines["haushalt-integration-2023-ist"].source.title == "Entwurf 2025"
