"""The layout of the measure catalogue and the budget lines as spreadsheet rows.

Shared by the export (:mod:`integrationkonzept.reports.xlsx`) and the import
(:mod:`integrationkonzept.importers.catalogue`), so that both agree on every column:

* the sheet **Maßnahmen** has one row per measure of the edition in force: stable id, field, title,
  lead, partners, start, end, timeframe as written, status and since when, progress, weight, the
  cost per fiscal year (one column per year, ``Kosten 2021`` …) and the description;
* the sheet **Haushalt** has one row per budget line: id, fiscal year, purpose, phase, amount, the
  line it replaces, its source (kind, reference, title, date, locator, address) and a note.

Fields, organisations, statuses and purposes are referred to by id; a status, phase and source kind
are written with their label in the report's language (the import reads ids and labels in both
languages). A cell shows what the data says: text is cleaned of characters XML cannot hold,
amounts are :class:`~decimal.Decimal` euro, dates are dates.

What a workbook cell cannot hold is written so that nothing is lost or misstated
(:func:`xlsx_value`): text longer than a cell holds is cut and ends with a visible mark
(:data:`CUT_MARKS`), the full text staying in the data set kept in the workbook; a number a
spreadsheet would not keep exactly (more than 15 significant digits, or beyond a double) is written
as text, exactly, in the form the import reads. The import takes either back as the base's value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Final

import attrs

from .i18n import text
from .model.budget import BudgetLine
from .model.concept import Concept, Measure
from .model.dataset import Dataset
from .safe import clean_text, guard_csv

__all__ = [
    "BASE_SHEET",
    "BUDGET_COLUMNS",
    "CELL_LIMIT",
    "CUT_MARKS",
    "DATASET_SHEET",
    "CellValue",
    "Column",
    "Kind",
    "budget_cells",
    "canonical",
    "cost_years",
    "csv_text",
    "cut_cells",
    "fit_cell",
    "fits_number",
    "measure_cells",
    "measure_columns",
    "partners_text",
    "status_label",
    "xlsx_value",
]

#: A value as written into a cell.
CellValue = str | int | Decimal | dt.date | None

#: The hidden sheet that keeps the whole data set as JSON (the base for reading the file back).
DATASET_SHEET = "_datensatz"
#: The hidden sheet that names the workspace revision the data set was exported at (``A1``:
#: ``"<workspace id>@<revision>"``), so that an import into the workspace can merge against it.
BASE_SHEET = "_basis"


class Kind(Enum):
    """What a column holds, which decides its number format and how it is read back."""

    TEXT = "text"
    ID = "id"
    DATE = "date"
    MONEY = "money"
    PERCENT = "percent"
    DECIMAL = "decimal"
    YEAR = "year"
    INTEGER = "integer"
    LABEL = "label"  # a status, phase or source kind: a key or its label


@attrs.frozen
class Column:
    """A column: a stable ``key`` (``id``, ``title``, ``cost:2021`` …), what it holds, its width."""

    key: str
    kind: Kind
    width: int
    required: bool = False

    @property
    def year(self) -> int | None:
        """The fiscal year of a cost column."""
        return int(self.key[5:]) if self.key.startswith("cost:") else None

    def header(self, lang: str) -> str:
        """The column's heading in ``lang``."""
        if self.year is not None:
            return text("col.cost_year", lang, year=self.year)
        return text(f"col.{self.key}", lang)


_BEFORE_COSTS = (
    Column("id", Kind.ID, 22, required=True),
    Column("field", Kind.ID, 18),
    Column("title", Kind.TEXT, 48, required=True),
    Column("lead", Kind.ID, 22),
    Column("partners", Kind.TEXT, 30),
    Column("start", Kind.DATE, 12),
    Column("end", Kind.DATE, 12),
    Column("timeframe_text", Kind.TEXT, 22),
    Column("status", Kind.LABEL, 16),
    Column("status_since", Kind.DATE, 13),
    Column("progress", Kind.PERCENT, 13),
    Column("weight", Kind.DECIMAL, 9),
)
_AFTER_COSTS = (Column("description", Kind.TEXT, 60),)

#: The columns of the budget sheet, in order.
BUDGET_COLUMNS = (
    Column("id", Kind.ID, 26, required=True),
    Column("fiscal_year", Kind.YEAR, 13, required=True),
    Column("purpose", Kind.ID, 18, required=True),
    Column("phase", Kind.LABEL, 16, required=True),
    Column("amount", Kind.MONEY, 16, required=True),
    Column("revises", Kind.ID, 22),
    Column("source_kind", Kind.LABEL, 12),
    Column("source_reference", Kind.TEXT, 36, required=True),
    Column("source_title", Kind.TEXT, 36),
    Column("source_date", Kind.DATE, 13),
    Column("source_locator", Kind.TEXT, 36),
    Column("source_url", Kind.TEXT, 30),
    Column("note", Kind.TEXT, 36),
)


def cost_years(measures: Iterable[Measure]) -> tuple[int, ...]:
    """The fiscal years any measure has a cost for, in order."""
    return tuple(sorted({cost.fiscal_year for m in measures for cost in m.costs}))


def measure_columns(years: Iterable[int]) -> tuple[Column, ...]:
    """The columns of the measure sheet with a cost column for each of ``years``."""
    costs = tuple(Column(f"cost:{year}", Kind.MONEY, 14) for year in years)
    return _BEFORE_COSTS + costs + _AFTER_COSTS


def partners_text(measure: Measure) -> str:
    """The partners as ``id (role); id`` (the form the import reads)."""
    return "; ".join(
        clean_text(p.organization) + (f" ({clean_text(p.role)})" if p.role else "")
        for p in measure.partners
    )


def status_label(concept: Concept | None, key: str, lang: str) -> str:
    """A status key as its label in ``lang`` (the key itself when the vocabulary lacks it)."""
    status = concept.status(key) if concept is not None else None
    return clean_text(status.label(lang) if status is not None else key)


def measure_cells(
    measure: Measure, concept: Concept | None, years: Iterable[int], lang: str
) -> dict[str, CellValue]:
    """The cells of one measure's row, by column key.

    A cost column shows the last cost the measure has for that year (a later source states the
    figure that counts); the current status is the last entry of the history, with its date.
    """
    frame = measure.timeframe
    last = measure.status_history[-1] if measure.status_history else None
    cells: dict[str, CellValue] = {
        "id": clean_text(measure.id),
        "field": clean_text(measure.field) if measure.field is not None else None,
        "title": clean_text(measure.title),
        "lead": clean_text(measure.lead) if measure.lead is not None else None,
        "partners": partners_text(measure) or None,
        "start": frame.start if frame is not None else None,
        "end": frame.end if frame is not None else None,
        "timeframe_text": clean_text(measure.timeframe_text) or None,
        "status": status_label(concept, last.status, lang) if last is not None else None,
        "status_since": last.date if last is not None else None,
        "progress": measure.progress,
        "weight": measure.weight,
        "description": clean_text(measure.description) or None,
    }
    for year in years:
        costs = [cost for cost in measure.costs if cost.fiscal_year == year]
        cells[f"cost:{year}"] = costs[-1].amount.amount if costs else None
    return cells


def budget_cells(line: BudgetLine, lang: str) -> dict[str, CellValue]:
    """The cells of one budget line's row, by column key."""
    source = line.source
    return {
        "id": clean_text(line.id),
        "fiscal_year": line.fiscal_year,
        "purpose": clean_text(line.purpose),
        "phase": text(f"phase.{line.phase.value}", lang),
        "amount": line.amount.amount,
        "revises": clean_text(line.revises) if line.revises is not None else None,
        "source_kind": text(f"source_kind.{source.kind.value}", lang),
        "source_reference": clean_text(source.reference),
        "source_title": clean_text(source.title) or None,
        "source_date": source.date,
        "source_locator": clean_text(source.locator) or None,
        "source_url": clean_text(source.url) or None,
        "note": clean_text(line.note) or None,
    }


def canonical(value: object) -> str:
    """A cell value as a comparable string, the same however a reader returns it.

    Numbers (``int``, ``float``, ``Decimal``) become plain decimals without trailing zeros
    (``30000.0`` and ``Decimal("30000.00")`` both ``"30000"``), dates and midnight date-times ISO
    dates, text is cleaned and stripped, ``None`` is ``""``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return str(number)
        shown = format(number.normalize(), "f")
        return "0" if shown in ("-0", "0") else shown
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean_text(str(value)).strip()


def csv_text(value: CellValue, kind: Kind, lang: str) -> str:
    """A cell value as CSV text: German with decimal comma and ``31.12.2021``, English with
    decimal point and ISO dates; amounts with two places, no thousands separators; text that a
    spreadsheet would run as a formula behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        return guard_csv(clean_text(value))
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}" if lang == "de" else value.isoformat()
    if isinstance(value, Decimal):
        shown = f"{value:.2f}" if kind is Kind.MONEY else format(value.normalize(), "f")
        if shown in ("-0", "-0.00"):
            shown = shown[1:]
        return shown.replace(".", ",") if lang == "de" else shown
    return str(value)


# --- what a workbook cell holds ------------------------------------------------------------------

#: The most characters a cell holds (spreadsheets count UTF-16 code units; openpyxl cuts longer
#: text without a word).
CELL_LIMIT: Final = 32767

#: The end of a text cut to fit a cell, in each language: who opens the file sees that it goes on.
CUT_MARKS: Final = {
    "de": " … [gekürzt, vollständig im Datensatz]",
    "en": " … [shortened, complete in the data set]",
}

# Where text is cut (in UTF-16 code units): the same place in every language.
_CUT_AT: Final = CELL_LIMIT - max(len(mark.encode("utf-16-le")) // 2 for mark in CUT_MARKS.values())

# The most significant digits a spreadsheet keeps of a number.
_DIGITS: Final = 15


def fit_cell(text: str, lang: str = "de") -> str:
    """``text`` as a cell holds it: itself when it fits, else its start and the mark of ``lang``
    (:data:`CUT_MARKS`), :data:`CELL_LIMIT` code units in all."""
    if len(text) <= CELL_LIMIT // 2:  # fits even if every character took two code units
        return text
    units = text.encode("utf-16-le")
    if len(units) <= 2 * CELL_LIMIT:
        return text
    # "ignore" drops half a surrogate pair at the cut.
    return units[: 2 * _CUT_AT].decode("utf-16-le", "ignore") + CUT_MARKS.get(lang, CUT_MARKS["de"])


def fits_number(value: int | Decimal) -> bool:
    """Whether a cell holds ``value`` as a number exactly: at most 15 significant digits (what a
    spreadsheet keeps), and read back the same from what openpyxl writes (``%.16g`` of a double)."""
    if isinstance(value, int):
        return -(10**_DIGITS) < value < 10**_DIGITS
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2 and value.adjusted() < _DIGITS - 2:
        return True  # cents and whole numbers below 10^13 (every ordinary amount)
    if len(value.normalize().as_tuple().digits) > _DIGITS:
        return False
    written = "%.16g" % float(value)  # noqa: UP031 - openpyxl's safe_string, to the letter
    if any(char in written for char in ".eEn"):  # "inf", "nan" too
        return Decimal(repr(float(written))) == value
    return Decimal(int(written)) == value


def xlsx_value(value: CellValue, kind: Kind, lang: str) -> CellValue:
    """``value`` as the workbook in ``lang`` writes it: text cut to fit a cell (:func:`fit_cell`);
    a number that no cell holds exactly (:func:`fits_number`) as its exact text, as in CSV
    (``33,3333333333333333``), which the import reads as that number; anything else as it is."""
    if isinstance(value, str):
        return fit_cell(value, lang)
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and not fits_number(value):
        return csv_text(value if isinstance(value, Decimal) else Decimal(value), kind, lang)
    return value


def cut_cells(data: Dataset, lang: str) -> int:
    """How many cells of the measure and budget sheets must be cut to fit (:func:`fit_cell`)."""
    concept = data.concept
    edition = concept.current if concept is not None else None
    measures = edition.measures if edition is not None else ()
    years = cost_years(measures)
    rows = [measure_cells(m, concept, years, lang) for m in measures]
    rows += [budget_cells(line, lang) for line in data.budget_lines]
    return sum(
        1 for row in rows for v in row.values() if isinstance(v, str) and fit_cell(v, lang) != v
    )
