"""The measure catalogue as a real XLSX workbook: layout, editing, errors, round trips.

Every workbook here is written by the ``xlsx`` report and opened with openpyxl, as a spreadsheet
program would; edits are made with openpyxl the way a user makes them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_support import AS_OF

from integrationkonzept import BudgetCadence, Dataset, Municipality
from integrationkonzept.contributions import InputFile, RenderOptions
from integrationkonzept.errors import ParseError
from integrationkonzept.examples import EXAMPLES, example
from integrationkonzept.importers.catalogue import BadCellsError, read_xlsx
from integrationkonzept.model import (
    BudgetPhase,
    DateRange,
    Measure,
    Money,
    SourceKind,
    StatusChange,
)
from integrationkonzept.reports.xlsx import render_xlsx, workbook
from integrationkonzept.safe import clean_text, is_formula_like
from integrationkonzept.serialize import dump, load
from integrationkonzept.sheets import (
    BUDGET_COLUMNS,
    CellValue,
    Column,
    Kind,
    budget_cells,
    canonical,
    cost_years,
    fit_cell,
    measure_cells,
    measure_columns,
    xlsx_value,
)
from integrationkonzept.testing.contracts import ImporterContract, ReportFormatContract
from integrationkonzept.testing.strategies import HOSTILE_TEXTS, datasets, moneys, percentages

MEASURE_HEADER = (
    "ID",
    "Handlungsfeld",
    "Maßnahme",
    "Federführung",
    "Partner",
    "Beginn",
    "Ende",
    "Zeitraum (Text)",
    "Status",
    "Status seit",
    "Fortschritt (%)",
    "Gewicht",
    "Kosten 2020",
    "Kosten 2021",
    "Kosten 2022",
    "Beschreibung",
)


def export(data: Dataset, lang: str = "de") -> bytes:
    return render_xlsx(data, RenderOptions("xlsx", lang, AS_OF))


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data: bytes, name: str = "katalog.xlsx") -> Dataset:
    return read_xlsx([InputFile(name, data)])


def row_of(sheet: object, first_cell: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):  # type: ignore[attr-defined]
        if row[0].value == first_cell:
            return int(row[0].row)
    raise AssertionError(first_cell)


def column_of(sheet: object, header: str) -> int:
    for cell in next(sheet.iter_rows(min_row=1, max_row=1)):  # type: ignore[attr-defined]
        if cell.value == header:
            return int(cell.column)
    raise AssertionError(header)


# --- the layout ----------------------------------------------------------------------------------


def test_workbook_layout_german(rich: Dataset) -> None:
    workbook = book(export(rich))
    assert workbook.sheetnames == [
        "Maßnahmen",
        "Haushalt",
        "Info",
        "Handlungsfelder",
        "Ziele",
        "Organisationen",
        "Status",
        "Zwecke",
        "Prüfpflichten",
        "Berichte",
        "Meilensteine",
        "_datensatz",
    ]
    measures = workbook["Maßnahmen"]
    assert tuple(c.value for c in measures[1]) == MEASURE_HEADER
    assert measures.freeze_panes == "B2"
    assert all(cell.font.bold for cell in measures[1])
    assert measures.column_dimensions["C"].width == 48
    assert measures.auto_filter.ref == "A1:P7"
    # One row per measure of the edition in force, with a stable id.
    ids = [row[0].value for row in measures.iter_rows(min_row=2)]
    assert ids == [
        "befragung-2020",
        "fortbildung-sprint",
        "fachtag-arbeitsmarkt",
        "kita-elternarbeit",
        "antidiskriminierung",
        "ohne-feld",
    ]
    sprint = measures[row_of(measures, "fortbildung-sprint")]
    by_header = dict(zip(MEASURE_HEADER, sprint, strict=True))
    assert by_header["Kosten 2021"].value == 7500.5
    assert by_header["Kosten 2021"].number_format == '#,##0.00 "€"'
    assert by_header["Status"].value == "in Umsetzung"
    assert by_header["Status seit"].value == dt.datetime(2021, 2, 1)
    assert by_header["Status seit"].number_format == "DD.MM.YYYY"
    assert by_header["Fortschritt (%)"].value == 62.5
    assert by_header["Handlungsfeld"].value == "gesundheit"
    assert by_header["Federführung"].value == "referat-migration"
    assert by_header["Maßnahme"].number_format == "@"
    befragung = dict(zip(MEASURE_HEADER, measures[2], strict=True))
    assert befragung["Partner"].value == "migrantenbeirat (Kooperationspartner)"
    assert befragung["Beginn"].value == dt.datetime(2020, 9, 1)

    budget = workbook["Haushalt"]
    assert budget.freeze_panes == "B2"
    header = [c.value for c in budget[1]]
    assert header[:5] == ["ID", "Haushaltsjahr", "Zweck", "Phase", "Betrag"]
    line = dict(zip(header, budget[row_of(budget, "2021-mso-beschlossen")], strict=True))
    assert line["Betrag"].value == 30000
    assert line["Betrag"].number_format == '#,##0.00 "€"'
    assert line["Phase"].value == "beschlossen"
    assert line["Quelle"].value == "Beschluss der Ratsversammlung vom 31.03.2021"
    assert line["Quelle: Art"].value == "Beschluss"
    assert workbook["_datensatz"].sheet_state == "hidden"
    assert workbook["Info"]["B2"].value == "Leipzig"


def test_workbook_layout_english(rich: Dataset) -> None:
    workbook = book(export(rich, "en"))
    assert workbook.sheetnames[:2] == ["Measures", "Budget"]
    measures = workbook["Measures"]
    assert [c.value for c in measures[1]][:4] == ["ID", "Field of action", "Measure", "Lead"]
    cost = measures.cell(row=row_of(measures, "fortbildung-sprint"), column=14)
    assert measures.cell(row=1, column=14).value == "Costs 2021"
    assert cost.number_format == '"€"#,##0.00'
    status = measures.cell(row=row_of(measures, "fortbildung-sprint"), column=9)
    assert status.value == "in progress"


def test_formula_like_text_is_written_as_text(rich: Dataset) -> None:
    data = export(rich)
    title = book(data)["Maßnahmen"].cell(row=6, column=3)
    assert title.data_type == "s"
    assert title.quotePrefix
    # Control characters are gone; the text is otherwise kept.
    assert title.value == '=HYPERLINK("http://x","y") <script>alert(1)</script>[31m rot'
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_text_that_is_formula_like_once_cleaned_is_quoted(rich: Dataset) -> None:
    assert rich.concept is not None
    assert rich.concept.current is not None
    edition = rich.concept.current
    hidden = attrs.evolve(edition.measures[0], title="\x00=1+1", description="\x07+SUMME(A1)")
    concept = attrs.evolve(
        rich.concept,
        editions=(
            *rich.concept.editions[:-1],
            attrs.evolve(edition, measures=(hidden, *edition.measures[1:])),
        ),
    )
    sheet = book(export(attrs.evolve(rich, concept=concept)))["Maßnahmen"]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    for column, shown in (("Maßnahme", "=1+1"), ("Beschreibung", "+SUMME(A1)")):
        cell = row[header.index(column)]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (shown, "s", True)


def test_export_is_deterministic(rich: Dataset) -> None:
    # Time stamps in the archive and in docProps/core.xml are fixed: rendered again later (past
    # the two seconds a zip time stamp resolves), the file is the same, byte for byte.
    options = RenderOptions("xlsx", "de", AS_OF, base="ws@7")
    first = render_xlsx(rich, options)
    time.sleep(2.1)
    assert render_xlsx(rich, options) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 1, 1, 0, 0, 0)}
    properties = book(first).properties
    midnight = dt.datetime.combine(AS_OF, dt.time(0))
    assert (properties.created, properties.modified) == (midnight, midnight)
    assert properties.creator == "integrationkonzept"
    assert properties.title == "Maßnahmenkatalog und Haushalt: Leipzig"


# --- the cells: what is written is read back ------------------------------------------------------

FORMATS = {
    Kind.MONEY: '#,##0.00 "€"',
    Kind.DATE: "DD.MM.YYYY",
    Kind.PERCENT: "0.0",
    Kind.YEAR: "0",
    Kind.DECIMAL: "General",
}


def expected_table(columns: Sequence[Column], rows: Sequence[dict[str, CellValue]]) -> list[list]:
    """Each cell of a German table sheet as (value, number format, quote prefix): ``None`` for no
    value; text cleaned and cut to fit, numbers and dates in :func:`canonical` form."""
    out: list[list] = [[(c.header("de"), "@", False) for c in columns]]
    for values in rows:
        row = []
        for column in columns:
            value = xlsx_value(values.get(column.key), column.kind, "de")
            number_format = FORMATS.get(column.kind, "@")
            if isinstance(value, str):
                shown = fit_cell(clean_text(value))
                quoted = is_formula_like(value) or is_formula_like(shown)
                row.append((shown or None, number_format, quoted) if shown else None)
            else:
                row.append(None if value is None else (canonical(value), number_format, False))
        out.append(row)
    return out


def read_cells(sheet: object, width: int) -> list[list]:
    """The cells of ``sheet`` (``width`` columns) as :func:`expected_table` has them."""
    out: list[list] = []
    for row in sheet.iter_rows(max_col=width):  # type: ignore[attr-defined]
        cells = []
        for cell in row:
            if cell.value is None:
                cells.append(None)
            elif isinstance(cell.value, str):
                assert cell.data_type == "s", cell.coordinate  # never a formula
                cells.append((cell.value, cell.number_format, bool(cell.quotePrefix)))
            else:
                cells.append((canonical(cell.value), cell.number_format, bool(cell.quotePrefix)))
        out.append(cells)
    return out


def assert_written_as_its_cells(data: Dataset) -> None:
    """The measure and budget sheets read back hold the cells of the data, the lookup sheets its
    ids, the hidden sheet its JSON; ``workbook`` has the same cells as the file."""
    written = export(data)
    workbook_read = book(written)
    concept = data.concept
    edition = concept.current if concept is not None else None
    measures = edition.measures if edition is not None else ()
    years = cost_years(measures)
    columns = measure_columns(years)
    expected = expected_table(columns, [measure_cells(m, concept, years, "de") for m in measures])
    assert read_cells(workbook_read["Maßnahmen"], len(columns)) == expected
    budget = [budget_cells(line, "de") for line in data.budget_lines]
    assert read_cells(workbook_read["Haushalt"], len(BUDGET_COLUMNS)) == expected_table(
        BUDGET_COLUMNS, budget
    )
    ids = [row[0] for row in workbook_read["Organisationen"].iter_rows(min_row=2, values_only=True)]
    assert ids == [fit_cell(clean_text(o.id)) or None for o in data.organizations]
    payload = workbook_read["_datensatz"].iter_rows(values_only=True)
    assert load(Dataset, "".join(str(row[0]) for row in payload)) == data
    # `workbook` builds the same sheets as openpyxl cells.
    built = workbook(data, "de", AS_OF)
    assert built.sheetnames == workbook_read.sheetnames
    for sheet in built.worksheets:
        width = max(sheet.max_column, workbook_read[sheet.title].max_column)
        assert read_cells(sheet, width) == read_cells(workbook_read[sheet.title], width)


def test_cells_are_written_as_they_read_back(rich: Dataset) -> None:
    assert_written_as_its_cells(rich)
    for name in EXAMPLES:
        assert_written_as_its_cells(example(name))


def test_cells_at_the_edges_read_back(rich: Dataset) -> None:
    assert rich.concept is not None
    assert rich.concept.current is not None
    edition = rich.concept.current
    early = dt.date(1900, 1, 15)  # before 1 March 1900, where spreadsheet serial dates shift
    odd = attrs.evolve(
        edition.measures[0],
        id="\x07",  # nothing left once cleaned: an empty text cell
        title=" Leerzeichen außen\t",
        description="Ä" * 33000 + " 😀 & <b> \r\n",  # cut to 32,767 characters in the sheet
        timeframe=DateRange(early, dt.date(2200, 12, 31)),
        status_history=(StatusChange(dt.date(1900, 3, 1), "geplant"),),
        progress=Decimal("33.3333333333333333"),
        weight=Decimal("12345678901234567890.5"),
    )
    hostile = tuple(Measure(f"feind-{n}", title) for n, title in enumerate(HOSTILE_TEXTS))
    concept = attrs.evolve(
        rich.concept,
        editions=(
            *rich.concept.editions[:-1],
            attrs.evolve(edition, measures=(odd, *edition.measures[1:], *hostile)),
        ),
    )
    assert_written_as_its_cells(attrs.evolve(rich, concept=concept))


def test_layout_of_every_sheet(rich: Dataset) -> None:
    workbook_read = book(render_xlsx(rich, RenderOptions("xlsx", "de", AS_OF, base="ws@7")))
    assert [(s.title, s.sheet_state) for s in workbook_read.worksheets][-2:] == [
        ("_datensatz", "hidden"),
        ("_basis", "hidden"),
    ]
    assert all(s.sheet_state == "visible" for s in workbook_read.worksheets[:-2])
    assert workbook_read.active.title == "Maßnahmen"
    for hidden in ("_datensatz", "_basis"):
        assert workbook_read[hidden].protection.sheet
    assert workbook_read["_basis"]["A1"].value == "ws@7"
    measures = workbook_read["Maßnahmen"]
    # Every column has its width and format: a value typed into an empty cell takes the format.
    assert [measures.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNOP"] == [
        22,
        18,
        48,
        22,
        30,
        12,
        12,
        22,
        16,
        13,
        13,
        9,
        14,
        14,
        14,
        60,
    ]
    formats = [measures.column_dimensions[letter].number_format for letter in "ABFKLMP"]
    assert formats == ["@", "@", "DD.MM.YYYY", "0.0", "General", '#,##0.00 "€"', "@"]
    header = measures["A1"]
    assert (header.font.bold, header.fill.fill_type, header.fill.fgColor.rgb[-6:]) == (
        True,
        "solid",
        "DDE6F0",
    )
    assert header.alignment.wrap_text
    budget = workbook_read["Haushalt"]
    assert budget.auto_filter.ref == f"A1:M{len(rich.budget_lines) + 1}"
    assert budget.column_dimensions["E"].number_format == '#,##0.00 "€"'
    assert budget.column_dimensions["B"].number_format == "0"
    info = workbook_read["Info"]
    assert info.freeze_panes == "A2"
    assert all(cell.font.bold for cell in info[1])
    for title in ("Handlungsfelder", "Organisationen", "Status", "Zwecke", "Meilensteine"):
        sheet = workbook_read[title]
        assert sheet.freeze_panes == "B2", title
        assert sheet.column_dimensions["A"].width == 22, title
        assert all(cell.font.bold for cell in sheet[1]), title
    assert (info["B2"].font.bold, info["B2"].font.size) == (True, 13)
    assert info["B12"].alignment.wrap_text
    assert [info["A11"].value, info["B11"].value] == ["Stand", dt.datetime(2024, 6, 30)]
    assert info["B11"].number_format == "DD.MM.YYYY"
    fields = workbook_read["Handlungsfelder"]
    assert [fields["A2"].value, fields["B2"].value] == ["bildung", None]  # no field number


def test_an_empty_data_set_gives_a_workbook() -> None:
    empty = Dataset(Municipality("Leerstadt", "99000001"), BudgetCadence(2, 2019))
    workbook_read = book(export(empty))
    assert workbook_read["Maßnahmen"].auto_filter.ref == "A1:M1"
    assert workbook_read["Haushalt"].max_row == 1
    assert read(export(empty)) == empty


def test_openpyxl_without_lxml_still_writes_the_report(tmp_path: Path) -> None:
    # openpyxl writes sheets through the standard library when lxml is missing or switched off.
    out = tmp_path / "katalog.xlsx"
    script = (
        "import datetime as dt, pathlib, sys\n"
        "from integrationkonzept.contributions import RenderOptions\n"
        "from integrationkonzept.examples import example\n"
        "from integrationkonzept.reports.xlsx import render_xlsx\n"
        "options = RenderOptions('xlsx', 'de', dt.date(2026, 11, 21))\n"
        "pathlib.Path(sys.argv[1]).write_bytes(render_xlsx(example('leipzig'), options))\n"
    )
    environment = {**os.environ, "OPENPYXL_LXML": "False"}
    subprocess.run([sys.executable, "-c", script, str(out)], env=environment, check=True)
    assert read(out.read_bytes()) == example("leipzig")


# --- reading back --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_export_then_import_gives_the_same_data(rich: Dataset, lang: str) -> None:
    assert read(export(rich, lang)) == rich


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_survive_the_round_trip(name: str) -> None:
    data = example(name)
    assert read(export(data)) == data


def test_edits_update_known_rows_and_add_new_ones(rich: Dataset) -> None:
    workbook = book(export(rich))
    measures = workbook["Maßnahmen"]
    kita = row_of(measures, "kita-elternarbeit")
    measures.cell(row=kita, column=column_of(measures, "Fortschritt (%)")).value = 35
    measures.cell(row=kita, column=column_of(measures, "Status")).value = "umgesetzt"
    measures.cell(row=kita, column=column_of(measures, "Status seit")).value = dt.date(2024, 5, 1)
    fachtag = row_of(measures, "fachtag-arbeitsmarkt")
    measures.cell(row=fachtag, column=column_of(measures, "Kosten 2022")).value = 15000
    new = measures.max_row + 1
    for header, value in {
        "ID": "neu-1",
        "Handlungsfeld": "Interkultureller Dialog",  # the title works as well as the id
        "Maßnahme": "Neue Maßnahme",
        "Federführung": "Migrantenbeirat",
        "Partner": "referat-migration (berät)",
        "Status": "geplant",
        "Status seit": "01.06.2024",
        "Kosten 2022": "5.000,00 €",
    }.items():
        measures.cell(row=new, column=column_of(measures, header)).value = value
    budget = workbook["Haushalt"]
    used = row_of(budget, "2022-mso-verwendet")
    budget.cell(row=used, column=column_of(budget, "Betrag")).value = 45000
    line = budget.max_row + 1
    for header, value in {
        "ID": "2023-entwurf",
        "Haushaltsjahr": 2023,
        "Zweck": "gesamt",
        "Phase": "Entwurf",
        "Betrag": 90000,
        "Quelle": "Entwurf des Doppelhaushalts 2023/24",
        "Quelle: Art": "Dokument",
        "Quelle: Datum": dt.date(2022, 10, 1),
    }.items():
        budget.cell(row=line, column=column_of(budget, header)).value = value

    result = read(save(workbook))

    assert result.concept is not None
    assert result.concept.current is not None
    edition = result.concept.current
    before = {m.id: m for m in rich.concept.current.measures}  # type: ignore[union-attr]
    after = {m.id: m for m in edition.measures}
    assert list(after) == [*before, "neu-1"]
    kita_after = after["kita-elternarbeit"]
    assert kita_after.progress == Decimal(35)
    # The history keeps every earlier entry; the new one names the file as its source.
    assert kita_after.status_history[:-1] == before["kita-elternarbeit"].status_history
    change = kita_after.status_history[-1]
    assert (change.date, change.status) == (dt.date(2024, 5, 1), "umgesetzt")
    assert change.source is not None
    assert change.source.kind is SourceKind.DATA
    assert change.source.reference == "katalog.xlsx"
    assert change.source.locator == "Blatt „Maßnahmen“, Zeile 5"
    # A changed cost is a new figure stated today; the earlier one stays with its own source.
    costs = after["fachtag-arbeitsmarkt"].costs
    assert costs[:-1] == before["fachtag-arbeitsmarkt"].costs
    assert [(c.fiscal_year, c.amount) for c in costs][-1] == (2022, Money.of(15000))
    assert costs[-1].source is not None
    assert costs[-1].source.date == dt.date.today()
    added = after["neu-1"]
    assert (added.field, added.lead, added.status) == ("dialog", "migrantenbeirat", "geplant")
    assert added.partners[0].organization == "referat-migration"
    assert added.partners[0].role == "berät"
    assert added.costs[0].amount == Money.of(5000)
    # Rows nobody touched are exactly what they were (sources, descriptions included).
    for key in ("befragung-2020", "fortbildung-sprint", "antidiskriminierung", "ohne-feld"):
        assert after[key] == before[key]

    lines = {line.id: line for line in result.budget_lines}
    old_lines = {line.id: line for line in rich.budget_lines}
    assert lines["2022-mso-verwendet"].amount == Money.of(45000)
    # The old source does not state the new amount: the file does, from today.
    new_source = lines["2022-mso-verwendet"].source
    assert new_source != old_lines["2022-mso-verwendet"].source
    assert (new_source.kind, new_source.reference) == (SourceKind.DATA, "katalog.xlsx")
    assert new_source.date == dt.date.today()
    assert lines["2023-entwurf"].phase is BudgetPhase.DRAFT
    assert lines["2023-entwurf"].source.kind is SourceKind.DOCUMENT
    assert lines["2023-entwurf"].source.date == dt.date(2022, 10, 1)
    assert {k: v for k, v in lines.items() if k not in ("2022-mso-verwendet", "2023-entwurf")} == {
        k: v for k, v in old_lines.items() if k != "2022-mso-verwendet"
    }

    # import → export → import loses nothing.
    assert read(export(result)) == result


def test_a_json_base_takes_the_place_of_the_hidden_sheet(rich: Dataset) -> None:
    workbook = book(export(rich))
    del workbook["_datensatz"]
    stripped = save(workbook)
    with pytest.raises(ParseError, match="enthält keinen Datensatz"):
        read(stripped)
    base = InputFile("leipzig.json", dump(rich).encode())
    assert read_xlsx([base, InputFile("katalog.xlsx", stripped)]) == rich


def test_every_bad_cell_is_listed_and_nothing_is_read(rich: Dataset) -> None:
    workbook = book(export(rich))
    measures = workbook["Maßnahmen"]
    kita = row_of(measures, "kita-elternarbeit")
    measures.cell(row=kita, column=column_of(measures, "Fortschritt (%)")).value = 120
    measures.cell(row=kita, column=column_of(measures, "Federführung")).value = "Amt 99"
    sprint = row_of(measures, "fortbildung-sprint")
    measures.cell(row=sprint, column=column_of(measures, "Kosten 2021")).value = "12,5,0"
    measures.cell(row=sprint, column=column_of(measures, "Gewicht")).value = "=1+1"
    measures.cell(row=sprint, column=column_of(measures, "Status seit")).value = "31.02.2024"
    new = measures.max_row + 1
    measures.cell(row=new, column=1).value = "neu-ohne-titel"
    measures.cell(row=new + 1, column=1).value = "kita-elternarbeit"  # twice
    measures.cell(row=new + 1, column=3).value = "Doppelt"
    budget = workbook["Haushalt"]
    line = row_of(budget, "2021-antrag")
    budget.cell(row=line, column=column_of(budget, "Haushaltsjahr")).value = "20x1"
    budget.cell(row=line, column=column_of(budget, "Phase")).value = "irgendwas"

    with pytest.raises(BadCellsError) as caught:
        read(save(workbook))

    error = caught.value
    found = {(c.sheet, c.row, c.column, c.reason) for c in error.cells}
    assert found == {
        ("Maßnahmen", kita, "K", "percent_range"),
        ("Maßnahmen", kita, "D", "unknown"),
        ("Maßnahmen", sprint, "N", "not_amount"),
        ("Maßnahmen", sprint, "L", "formula"),
        ("Maßnahmen", sprint, "J", "not_date"),
        ("Maßnahmen", new, "C", "required"),
        ("Maßnahmen", new + 1, "A", "duplicate_id"),
        ("Haushalt", line, "B", "not_year"),
        ("Haushalt", line, "D", "unknown"),
    }
    message = str(error)
    assert message.startswith(
        "katalog.xlsx: 9 ungültige Zelle(n); die Datei wurde nicht eingelesen:"
    )
    assert (
        f"Blatt „Maßnahmen“, Zeile {kita}, Spalte K (Fortschritt (%)): „120“ – liegt nicht"
        in message
    )
    assert (
        "„Amt 99“ – unbekannt (bekannt: dezernat-av, migrantenbeirat, referat-migration)" in message
    )
    assert f"Zeile {sprint}, Spalte L (Gewicht): „=1+1“ – eine Formel statt eines Werts" in message
    assert (
        f"Zeile {new + 1}, Spalte A (ID): „kita-elternarbeit“ – die ID kommt doppelt vor" in message
    )
    assert error.location is not None
    assert error.location.file == "katalog.xlsx"
    english = error.localized("en")
    assert "9 invalid cell(s); nothing was imported:" in english
    assert (
        f"sheet “Haushalt”, row {line}, column B (Haushaltsjahr): “20x1” – not a fiscal" in english
    )


def test_status_history_is_never_rewritten(rich: Dataset) -> None:
    workbook = book(export(rich))
    measures = workbook["Maßnahmen"]
    kita = row_of(measures, "kita-elternarbeit")
    measures.cell(row=kita, column=column_of(measures, "Status")).value = "umgesetzt"
    measures.cell(row=kita, column=column_of(measures, "Status seit")).value = "01.01.2020"
    sprint = row_of(measures, "fortbildung-sprint")
    measures.cell(row=sprint, column=column_of(measures, "Status")).value = None
    measures.cell(row=sprint, column=column_of(measures, "Status seit")).value = None
    with pytest.raises(BadCellsError) as caught:
        read(save(workbook))
    reasons = {(c.row, c.reason) for c in caught.value.cells}
    assert reasons == {(kita, "status_before"), (sprint, "status_removed")}


def test_unknown_and_missing_columns_are_refused(rich: Dataset) -> None:
    workbook = book(export(rich))
    measures = workbook["Maßnahmen"]
    measures.cell(row=1, column=3).value = "Titel der Maßnahme"
    measures.cell(row=1, column=20).value = "Kosten 1800"
    with pytest.raises(BadCellsError) as caught:
        read(save(workbook))
    reasons = {(c.column, c.reason) for c in caught.value.cells}
    assert reasons == {("C", "unknown_column"), ("T", "not_year"), ("–", "missing_column")}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "keine XLSX-Arbeitsmappe"),
        (b"PK\x03\x04kaputt", "beschädigtes ZIP-Archiv"),
        (b"ID;Titel\n1;2\n", "keine XLSX-Arbeitsmappe"),
    ],
)
def test_files_that_are_no_workbook_are_refused(content: bytes, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment) as caught:
        read(content, "kaputt.xlsx")
    assert caught.value.location is not None
    assert caught.value.location.file == "kaputt.xlsx"


# --- what a cell cannot hold: long text, numbers beyond a double --------------------------------


def with_measure(data: Dataset, index: int = 1, **changes: object) -> Dataset:
    """``data`` with measure ``index`` of the edition in force changed."""
    assert data.concept is not None
    assert data.concept.current is not None
    edition = data.concept.current
    measures = list(edition.measures)
    measures[index] = attrs.evolve(measures[index], **changes)
    concept = attrs.evolve(
        data.concept,
        editions=(*data.concept.editions[:-1], attrs.evolve(edition, measures=tuple(measures))),
    )
    return attrs.evolve(data, concept=concept)


def with_line(data: Dataset, index: int = 0, **changes: object) -> Dataset:
    """``data`` with budget line ``index`` changed."""
    lines = list(data.budget_lines)
    lines[index] = attrs.evolve(lines[index], **changes)
    return attrs.evolve(data, budget_lines=tuple(lines))


def cell(workbook: openpyxl.Workbook, sheet: str, first: str, header: str) -> openpyxl.cell.Cell:
    worksheet = workbook[sheet]
    return worksheet.cell(row=row_of(worksheet, first), column=column_of(worksheet, header))


LONG = "Sprachkurse für Erwachsene und Kinder. " * 1000 + "Ende."  # 39,005 characters


@pytest.mark.parametrize(
    ("lang", "mark", "header"),
    [
        ("de", " … [gekürzt, vollständig im Datensatz]", "Beschreibung"),
        ("en", " … [shortened, complete in the data set]", "Description"),
    ],
)
def test_text_longer_than_a_cell_is_cut_visibly_and_read_back_whole(
    rich: Dataset, lang: str, mark: str, header: str
) -> None:
    data = with_measure(rich, description=LONG)
    written = export(data, lang)
    shown = cell(
        book(written), "Maßnahmen" if lang == "de" else "Measures", "fortbildung-sprint", header
    )
    assert isinstance(shown.value, str)
    assert shown.value.endswith(mark)  # who opens the file sees that the text goes on
    assert len(shown.value) <= 32767
    assert LONG.startswith(shown.value.removesuffix(mark))
    # The cut cell is what the export wrote, so no edit: the full text is kept.
    assert read(written) == data
    assert read(save(book(written))) == data


def test_a_long_cell_the_user_changed_is_an_edit(rich: Dataset) -> None:
    data = with_measure(rich, description=LONG, title="T" * 40000)
    workbook = book(export(data))
    description = cell(workbook, "Maßnahmen", "fortbildung-sprint", "Beschreibung")
    assert isinstance(description.value, str)
    edited = description.value.removesuffix(" … [gekürzt, vollständig im Datensatz]") + " Neu."
    description.value = edited
    cell(workbook, "Maßnahmen", "fortbildung-sprint", "Gewicht").value = 3
    result = read(save(workbook))
    assert result == with_measure(data, description=edited, weight=Decimal(3))


def test_every_kind_of_text_cell_and_id_may_be_long(rich: Dataset) -> None:
    long_id = "m-" + "x" * 40000
    data = with_measure(rich, id=long_id, title=LONG, timeframe_text=LONG)
    line = data.budget_lines[0]
    data = with_line(
        data,
        id="h-" + "y" * 33000,
        note=LONG,
        source=attrs.evolve(line.source, reference=LONG, title=LONG, locator=LONG),
    )
    for lang in ("de", "en"):
        assert read(export(data, lang)) == data


def long_texts() -> st.SearchStrategy[str]:
    """Texts up to 70,000 characters: a piece of any text (emoji too) repeated."""
    return st.tuples(
        st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12),
        st.integers(min_value=0, max_value=70000),
    ).map(lambda piece: (piece[0] * (piece[1] // len(piece[0]) + 1))[: piece[1]])


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(description=long_texts(), note=long_texts(), lang=st.sampled_from(["de", "en"]))
def test_text_of_any_length_survives_export_and_import(
    rich: Dataset, description: str, note: str, lang: str
) -> None:
    data = with_line(with_measure(rich, description=description), note=note)
    assert read(export(data, lang)) == data


def test_numbers_beyond_a_double_are_written_as_exact_text(rich: Dataset) -> None:
    huge = Money.from_cents(2**53 + 1)  # 90,071,992,547,409.93 €: no double holds it
    data = with_measure(
        rich,
        progress=Decimal("33.3333333333333333"),
        weight=Decimal("12345678901234567890.5"),
        costs=(
            attrs.evolve(rich.concept.current.measures[1].costs[0], amount=-huge),  # type: ignore[union-attr]
        ),
    )
    data = with_line(data, amount=huge)
    written = export(data)
    workbook = book(written)
    progress = cell(workbook, "Maßnahmen", "fortbildung-sprint", "Fortschritt (%)")
    assert (progress.value, progress.data_type) == ("33,3333333333333333", "s")
    assert cell(workbook, "Maßnahmen", "fortbildung-sprint", "Gewicht").value == (
        "12345678901234567890,5"
    )
    cost = cell(workbook, "Maßnahmen", "fortbildung-sprint", "Kosten 2021")
    # Text that starts with a minus sign: marked, so that it never runs as a formula.
    assert (cost.value, cost.data_type, cost.quotePrefix) == ("-90071992547409,93", "s", True)
    assert cell(workbook, "Haushalt", "2020-entwurf", "Betrag").value == "90071992547409,93"
    # Ordinary numbers stay numbers.
    assert cell(workbook, "Haushalt", "2020-puffer", "Betrag").data_type == "n"
    assert read(written) == data
    assert read(save(workbook)) == data
    english = book(export(data, "en"))
    assert cell(english, "Budget", "2020-entwurf", "Amount").value == "90071992547409.93"
    assert read(export(data, "en")) == data


def test_a_number_written_as_text_may_be_edited(rich: Dataset) -> None:
    data = with_line(rich, amount=Money.from_cents(10**20))
    workbook = book(export(data))
    cell(workbook, "Haushalt", "2020-entwurf", "Betrag").value = "1.000.000.000.000.000.000,01"
    result = read(save(workbook))
    assert result.budget_lines[0].amount == Money.parse("1.000.000.000.000.000.000,01")
    assert result.budget_lines[0].source.kind is SourceKind.DATA  # the file states it now


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(
    amount=st.one_of(moneys(), st.integers(-(10**40), 10**40).map(Money.from_cents)),
    cost=st.integers(-(10**30), 10**30).map(Money.from_cents),
    progress=st.one_of(percentages(), st.decimals(0, 100, allow_nan=False, allow_infinity=False)),
    weight=st.one_of(
        st.decimals(Decimal("1E-40"), 10**40, allow_nan=False, allow_infinity=False),
        st.integers(1, 10**40).map(Decimal),
        st.integers(1, 10**20).map(lambda n: Decimal(n).scaleb(-40)),
    ),
    lang=st.sampled_from(["de", "en"]),
)
def test_amounts_and_decimals_of_any_size_survive_export_and_import(
    rich: Dataset, amount: Money, cost: Money, progress: Decimal, weight: Decimal, lang: str
) -> None:
    measure = rich.concept.current.measures[1]  # type: ignore[union-attr]
    data = with_measure(
        rich,
        progress=progress,
        weight=weight,
        costs=(attrs.evolve(measure.costs[0], amount=cost),),
    )
    data = with_line(data, amount=amount)
    assert read(export(data, lang)) == data


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_any_dataset_survives_export_and_import(data: Dataset) -> None:
    assert read(export(data)) == data


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_any_dataset_is_written_as_its_cells(data: Dataset) -> None:
    assert_written_as_its_cells(data)


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_import_export_import_is_a_fixed_point_in_english(data: Dataset) -> None:
    once = read(export(data, "en"))
    assert read(export(once, "en")) == once == data


# --- the contracts -------------------------------------------------------------------------------


class TestXlsxImporter(ImporterContract):
    importer_name = "xlsx"

    def valid_inputs(self) -> Sequence[Sequence[InputFile]]:
        return [[InputFile(f"{name}.xlsx", export(example(name)))] for name in EXAMPLES]

    def invalid_inputs(self) -> Sequence[tuple[Sequence[InputFile], str]]:
        bad = book(export(example("leipzig")))
        bad["Haushalt"]["E2"] = "achtzig Euro"
        return [
            ([InputFile("leer.xlsx", b"")], "keine XLSX-Arbeitsmappe"),
            ([InputFile("falsch.xlsx", save(bad))], "Spalte E (Betrag): „achtzig Euro“"),
        ]


class TestXlsxReport(ReportFormatContract):
    format_name = "xlsx"

    def check_output(self, kind: str, output: bytes) -> None:
        workbook = book(output)
        assert workbook.sheetnames[0] in ("Maßnahmen", "Measures")


@pytest.mark.parametrize(
    ("part", "root"),
    [("xl/worksheets/sheet1.xml", "worksheet"), ("xl/workbook.xml", "workbook")],
)
def test_entity_bombs_are_refused(part: str, root: str) -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # worksheets are parsed with defusedxml
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 9))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol1 "lol">{entities}]>'
        f'<{root} xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>&lol8;</sheetData></{root}>"
    ).encode()
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(export(example("leipzig")))) as original,
        zipfile.ZipFile(target, "w") as copy,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            copy.writestr(info, bomb if info.filename == part else data)
    with pytest.raises(ParseError, match="keine lesbare XLSX-Arbeitsmappe") as caught:
        read(target.getvalue(), "bombe.xlsx")
    assert str(caught.value).startswith("bombe.xlsx: keine lesbare")


def test_a_sheet_of_too_many_rows_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    """The rows are counted in the sheet's XML; the message names the sheet's part (loading a
    million rows first took minutes and gigabytes)."""
    from openpyxl import Workbook

    from integrationkonzept.importers.catalogue import MAX_ROWS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Maßnahmen")
    for number in range(MAX_ROWS + 5):
        sheet.append([f"m{number}"])
    path = tmp_path / "lang.xlsx"
    book.save(path)
    with pytest.raises(ParseError, match=r"Tabellenblatt xl/worksheets/sheet1\.xml hat mehr als"):
        read_xlsx([InputFile("lang.xlsx", path.read_bytes())])


def test_a_stray_cell_far_below_is_named_by_its_row() -> None:
    data = render_xlsx(example("leipzig"), RenderOptions("xlsx", "de", AS_OF))
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["Maßnahmen"]["A1048576"] = "versehentlich"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(BadCellsError) as caught:
        read_xlsx([InputFile("streu.xlsx", out.getvalue())])
    assert "Zeile 1048576" in str(caught.value)
    assert "reicht bis Zeile 1048576" in str(caught.value)
