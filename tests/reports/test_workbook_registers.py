"""The register sheets of the workbook (fields, goals, organisations, statuses, purposes, review
duties, reports, milestones) and the key figures on the sheet Info: every row added or changed
is read back or refused with its cell, never dropped."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.contributions import InputFile, RenderOptions
from integrationkonzept.examples import example
from integrationkonzept.importers.catalogue import BadCellsError, read_xlsx
from integrationkonzept.model.review import Due, PlannedDate, ReviewKind, Trigger
from integrationkonzept.reports.xlsx import render_xlsx
from integrationkonzept.safe import clean_text
from integrationkonzept.testing.strategies import datasets


def export(data: Dataset, lang: str = "de") -> openpyxl.Workbook:
    content = render_xlsx(data, RenderOptions("xlsx", lang, AS_OF))
    return openpyxl.load_workbook(io.BytesIO(content))


def read(book: openpyxl.Workbook) -> Dataset:
    buffer = io.BytesIO()
    book.save(buffer)
    return read_xlsx([InputFile("mappe.xlsx", buffer.getvalue())])


def add_row(book: openpyxl.Workbook, sheet: str, values: dict[str, object]) -> int:
    ws = book[sheet]
    header = [cell.value for cell in ws[1]]
    row = ws.max_row + 1
    for heading, value in values.items():
        ws.cell(row=row, column=header.index(heading) + 1, value=value)
    return row


def set_cell(book: openpyxl.Workbook, sheet: str, first: str, heading: str, value: object) -> int:
    ws = book[sheet]
    header = [cell.value for cell in ws[1]]
    for cells in ws.iter_rows(min_row=2):
        if cells[0].value == first:
            cells[header.index(heading)].value = value
            return int(cells[0].row)
    raise AssertionError(first)


def refused(book: openpyxl.Workbook) -> set[tuple[str, int, str, str]]:
    with pytest.raises(BadCellsError) as caught:
        read(book)
    return {(c.sheet, c.row, c.header, c.reason) for c in caught.value.cells}


@pytest.fixture
def leipzig() -> Dataset:
    return example("leipzig")


@pytest.fixture
def magdeburg() -> Dataset:
    return example("magdeburg")


def current(data: Dataset) -> Any:
    assert data.concept is not None
    assert data.concept.current is not None
    return data.concept.current


# --- each register --------------------------------------------------------------------------------


def test_a_new_field_and_a_measure_in_it_come_in_together(leipzig: Dataset) -> None:
    book = export(leipzig)
    add_row(book, "Handlungsfelder", {"ID": "wohnen", "Nr.": 9, "Handlungsfeld": "Wohnen"})
    add_row(
        book,
        "Maßnahmen",
        {"ID": "wohnberatung", "Handlungsfeld": "Wohnen", "Maßnahme": "Wohnberatung"},
    )
    data = read(book)
    fields = current(data).fields
    assert fields[:-1] == current(leipzig).fields
    assert (fields[-1].id, fields[-1].number, fields[-1].title) == ("wohnen", 9, "Wohnen")
    assert fields[-1].source is not None
    assert fields[-1].source.locator == "Blatt „Handlungsfelder“, Zeile 6"
    assert current(data).measures[-1].field == "wohnen"


def test_a_field_title_is_changed_and_nothing_else(leipzig: Dataset) -> None:
    book = export(leipzig)
    set_cell(book, "Handlungsfelder", "bildung", "Handlungsfeld", "Bildung und Erziehung")
    data = read(book)
    old, new = current(leipzig).fields, current(data).fields
    assert new[0] == attrs.evolve(old[0], title="Bildung und Erziehung")
    assert new[1:] == old[1:]
    assert attrs.evolve(data, concept=leipzig.concept) == leipzig


def test_goals_nest_in_their_field(magdeburg: Dataset) -> None:
    book = export(magdeburg)
    add_row(book, "Handlungsfelder", {"ID": "hf1", "Handlungsfeld": "Sprache"})
    add_row(book, "Ziele", {"ID": "z1", "Handlungsfeld": "Sprache", "Ziel": "Kurse für alle"})
    add_row(book, "Ziele", {"ID": "z2", "Handlungsfeld": "hf1", "Ziel": "Kitas"})
    data = read(book)
    (field,) = current(data).fields
    assert [(g.id, g.title) for g in field.goals] == [("z1", "Kurse für alle"), ("z2", "Kitas")]
    # A goal of a field that is not there is refused with its cell.
    book = export(data)
    row = add_row(book, "Ziele", {"ID": "z3", "Handlungsfeld": "Arbeit", "Ziel": "Jobs"})
    assert refused(book) == {("Ziele", row, "Handlungsfeld", "unknown")}


def test_organisations_statuses_and_purposes(leipzig: Dataset) -> None:
    book = export(leipzig)
    add_row(book, "Organisationen", {"ID": "vhs", "Name": "Volkshochschule", "Art": "Amt"})
    add_row(
        book,
        "Status",
        {"ID": "pruefung", "Bezeichnung (deutsch)": "in Prüfung", "abgeschlossen": "nein"},
    )
    set_cell(book, "Status", "entfallen", "Bezeichnung (deutsch)", "weggefallen")
    add_row(book, "Zwecke", {"ID": "kurse", "Bezeichnung (deutsch)": "Sprachkurse"})
    set_cell(book, "Maßnahmen", "befragung-2020", "Federführung", "Volkshochschule")
    set_cell(book, "Maßnahmen", "befragung-2020", "Status", "in Prüfung")
    set_cell(book, "Maßnahmen", "befragung-2020", "Status seit", "1.3.24")
    data = read(book)
    assert data.organizations[-1].name == "Volkshochschule"
    assert data.concept is not None
    statuses = {s.key: s for s in data.concept.statuses}
    assert statuses["pruefung"].label_de == "in Prüfung"
    assert not statuses["pruefung"].finished
    assert statuses["entfallen"].label_de == "weggefallen"
    assert statuses["entfallen"].finished  # the cell left as it was
    assert data.purposes[-1].title == "Sprachkurse"
    befragung = current(data).measures[0]
    assert befragung.lead == "vhs"
    assert befragung.status_history[-1].status == "pruefung"
    assert befragung.status_history[-1].date == dt.date(2024, 3, 1)


def test_review_duties_reports_and_labels_in_english(leipzig: Dataset) -> None:
    book = export(leipzig, "en")
    add_row(
        book,
        "Review duties",
        {
            "ID": "evaluation",
            "Kind of duty": "evaluation",
            "Duty": "Evaluation every three years",
            "Rhythm": "in years",
            "From year": 2024,
            "Every … years": 3,
            "Due": "due at the end",
        },
    )
    add_row(
        book,
        "Reports",
        {
            "ID": "bericht-2021",
            "Review duty": "bericht",
            "Period from (year)": 2021,
            "Delivered on": "2022-07-20",
        },
    )
    data = read(book)
    rule = data.review_rules[-1]
    assert (rule.kind, rule.trigger, rule.interval_years, rule.due) == (
        ReviewKind.EVALUATION,
        Trigger.YEARS,
        3,
        Due.END,
    )
    assert rule.first_year == 2024
    report = data.reports[-1]
    assert (report.rule, report.period_start, report.delivered) == (
        "bericht",
        2021,
        dt.date(2022, 7, 20),
    )
    assert report.source is not None
    assert report.source.locator == "Blatt „Reports“, Zeile 2"


def test_a_new_plan_of_a_milestone_is_a_revision(magdeburg: Dataset) -> None:
    book = export(magdeburg)
    set_cell(book, "Meilensteine", "konzept", "geplant", "frühestens 09.2020")
    data = read(book)
    old = next(m for m in magdeburg.milestones if m.id == "konzept")
    new = next(m for m in data.milestones if m.id == "konzept")
    assert new.planned == old.planned  # the first plan stays on record
    assert new.revisions[:-1] == old.revisions
    assert new.revisions[-1].new_date == PlannedDate(2020, 9, None, earliest=True)
    assert new.revisions[-1].revised_on == dt.date.today()
    add_row(book, "Meilensteine", {"ID": "neu", "Meilenstein": "Fachtag", "geplant": "15.03.2025"})
    row = add_row(book, "Meilensteine", {"ID": "falsch", "Meilenstein": "X", "geplant": "Frühling"})
    assert refused(book) == {("Meilensteine", row, "geplant", "not_plan")}


@pytest.mark.parametrize(
    ("written", "plan"),
    [
        ("2025", PlannedDate(2025)),
        (2025, PlannedDate(2025)),
        ("03.2025", PlannedDate(2025, 3)),
        ("3/2025", PlannedDate(2025, 3)),
        ("2025-03", PlannedDate(2025, 3)),
        ("15.03.2025", PlannedDate(2025, 3, 15)),
        ("1.2.25", PlannedDate(2025, 2, 1)),
        (dt.datetime(2025, 3, 15), PlannedDate(2025, 3, 15)),
        ("frühestens 2026", PlannedDate(2026, earliest=True)),
        ("not before 2026-06", PlannedDate(2026, 6, earliest=True)),
    ],
)
def test_planned_dates_as_people_write_them(
    magdeburg: Dataset, written: object, plan: PlannedDate
) -> None:
    book = export(magdeburg)
    add_row(book, "Meilensteine", {"ID": "neu", "Meilenstein": "Fachtag", "geplant": written})
    assert read(book).milestones[-1].planned == plan


def test_ids_a_cell_shows_alike_are_read_back_in_order(magdeburg: Dataset) -> None:
    # "\x9b" and "\x16\x19" both show as an empty cell: two rows with the same id, each the
    # row of its own milestone (the import refused the second as a duplicate).
    first, second, *rest = magdeburg.milestones
    twins = (attrs.evolve(first, id="\x9b"), attrs.evolve(second, id="\x16\x19"), *rest)
    data = attrs.evolve(magdeburg, milestones=twins)
    assert read(export(data)) == data
    book = export(data)
    set_cell(book, "Meilensteine", None, "Meilenstein", "Neuer Titel")  # type: ignore[arg-type]
    changed = read(book)
    assert [m.title for m in changed.milestones[:2]] == ["Neuer Titel", second.title]


# --- the key figures ------------------------------------------------------------------------------


def set_info(book: openpyxl.Workbook, item: str, value: object) -> int:
    for cells in book["Info"].iter_rows(min_row=2):
        if cells[0].value == item:
            cells[1].value = value
            return int(cells[0].row)
    raise AssertionError(item)


def test_key_figures_are_changed_on_the_sheet_info(leipzig: Dataset) -> None:
    book = export(leipzig)
    set_info(book, "Zahl der Maßnahmen laut Konzept", 90)
    set_info(book, "Zuständiges Amt", "Referat für Migration und Integration")
    set_info(book, "Fassung beschlossen am", "29.01.2020")  # as it was
    data = read(book)
    assert current(data).declared_measures == 90
    assert data.municipality.office == "Referat für Migration und Integration"
    assert current(data).adopted == current(leipzig).adopted


def test_what_cannot_change_on_the_sheet_info_is_refused(leipzig: Dataset) -> None:
    book = export(leipzig)
    ags = set_info(book, "AGS", "14713001")
    count = set_info(book, "Zahl der Maßnahmen laut Konzept", "viele")
    extra = book["Info"].max_row + 1
    book["Info"].cell(row=extra, column=1, value="Bürgermeister")
    book["Info"].cell(row=extra, column=2, value="Herr X")
    assert refused(book) == {
        ("Info", ags, "AGS", "read_only"),
        ("Info", count, "Zahl der Maßnahmen laut Konzept", "not_integer"),
        ("Info", extra, "Angabe", "unknown_item"),
    }


def test_a_sheet_the_import_does_not_know_is_refused_when_it_holds_anything(
    leipzig: Dataset,
) -> None:
    book = export(leipzig)
    book.create_sheet("Leer")
    assert read(book) == leipzig
    book.create_sheet("Notizen")["C7"] = "nicht vergessen"
    assert refused(book) == {("Notizen", 1, "", "unknown_sheet")}


def test_the_phase_ist_and_a_message_in_german(leipzig: Dataset) -> None:
    book = export(leipzig)
    add_row(
        book,
        "Haushalt",
        {
            "ID": "x",
            "Haushaltsjahr": 2023,
            "Zweck": "mso",
            "Phase": "Ist",
            "Betrag": "1.500,00 €",
            "Quelle": "Q",
        },
    )
    row = add_row(
        book,
        "Haushalt",
        {
            "ID": "y",
            "Haushaltsjahr": 2023,
            "Zweck": "mso",
            "Phase": "Plan",
            "Betrag": "1",
            "Quelle": "Q",
        },
    )
    with pytest.raises(BadCellsError) as caught:
        read(book)
    (cell,) = caught.value.cells
    assert cell.row == row
    assert "bekannt: Entwurf, beantragt, beschlossen" in cell.describe("de")
    book["Haushalt"].delete_rows(row)
    line = read(book).budget_lines[-1]
    assert (line.phase.value, str(line.amount.amount)) == ("actual", "1500.00")


def test_dropdowns_name_the_register_sheets(leipzig: Dataset) -> None:
    for lang, sheet, status in (
        ("de", "Maßnahmen", "'Status'!$B"),
        ("en", "Measures", "'Statuses'!$C"),
    ):
        book = export(leipzig, lang)
        formulas = [dv.formula1 for dv in book[sheet].data_validations.dataValidation]
        assert any(f.startswith(status) for f in formulas), formulas
        budget = book["Haushalt" if lang == "de" else "Budget"].data_validations.dataValidation
        phases = next(dv.formula1 for dv in budget if dv.formula1.startswith('"'))
        assert ("verwendet (Ist)" if lang == "de" else "Actual (used)") in phases


# --- properties ---------------------------------------------------------------------------------

_NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(
    lambda s: (
        clean_text(s).strip() == s and s.strip() == s and not s.startswith(("=", "+", "-", "@"))
    )
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(), name=_NAMES, label=_NAMES)
def test_any_row_added_to_a_register_comes_back(data: Dataset, name: str, label: str) -> None:
    book = export(data)
    add_row(book, "Organisationen", {"ID": "neu-org-1", "Name": name})
    add_row(book, "Zwecke", {"ID": "neu-zweck-1", "Bezeichnung (deutsch)": label})
    merged = read(book)
    assert merged.organizations[:-1] == data.organizations
    assert (merged.organizations[-1].id, merged.organizations[-1].name) == ("neu-org-1", name)
    assert merged.purposes[:-1] == data.purposes
    assert merged.purposes[-1].title == label
    assert attrs.evolve(merged, organizations=data.organizations, purposes=data.purposes) == data
