"""The measure catalogue and the budget lines as an XLSX workbook (openpyxl) or as CSV.

The workbook has the sheets ``Maßnahmen`` and ``Haushalt`` in the layout of
:mod:`integrationkonzept.sheets` (header row and id column frozen, widths, filters, euro
and date formats), an ``Info`` sheet that says how to read the file back, lookup sheets with the
ids of the fields, organisations, statuses and purposes, and the hidden sheet ``_datensatz`` with
the whole data set as JSON: ``integrationkonzept import xlsx`` takes it as the base that the rows
update, so nothing the sheets do not show is lost; a workbook exported from a workspace also has
the hidden sheet ``_basis`` with the revision it was exported at.

Text is always written as text: a cell whose text a spreadsheet would run as a formula (``=``,
``+``, ``-``, ``@`` at the start) is a string cell marked with a quote prefix, and text columns
have the text format, so that a value typed in later stays text too (an empty cell is not written:
it takes its column's format). In CSV such text gets a
leading apostrophe. The same data gives the same bytes (fixed time stamps in the file).

Nothing is cut or rounded without a word (:func:`~integrationkonzept.sheets.xlsx_value`):
text longer than a cell holds ends with the mark „ … [gekürzt, vollständig im Datensatz]“ (the
whole text is in the hidden data set, and the import keeps it while the cell is unchanged), and a
number a spreadsheet would not keep exactly is written as its exact text.

:func:`render_xlsx` writes the workbook with openpyxl's write-only mode, which streams each row to
the file as it is appended; :func:`workbook` builds the same sheets and cells in a normal openpyxl
workbook (to change before saving). The import reads the file with openpyxl.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any

from ..contributions import RenderOptions
from ..i18n import text
from ..model.budget import BudgetPhase
from ..model.dataset import Dataset
from ..registers import INFO_ITEMS, REGISTERS, info_cells, register_rows
from ..safe import clean_text, guard_csv, is_formula_like
from ..sheets import (
    BASE_SHEET,
    BUDGET_COLUMNS,
    DATASET_SHEET,
    CellValue,
    Column,
    Kind,
    budget_cells,
    cost_years,
    csv_text,
    fit_cell,
    measure_cells,
    measure_columns,
    xlsx_value,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

__all__ = ["JSON_CHUNK", "catalogue_csv", "render_csv", "render_xlsx", "workbook"]

#: How many characters of the JSON data set go into one cell (a cell holds at most 32,767).
JSON_CHUNK = 30000

_MONEY_FORMAT = {"de": '#,##0.00 "€"', "en": '"€"#,##0.00'}
_DATE_FORMAT = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}

# A worksheet of either mode. openpyxl sets a write-only sheet up with the layout attributes of a
# normal one (column dimensions, frozen panes, filter, protection, state), but its type stubs
# declare few of them for the write-only sheet, so sheets are typed loosely here.
_Sheet = Any
# Cell attributes to set (font, fill, alignment), by name.
_Style = Mapping[str, Any]


def _number_format(kind: Kind, lang: str) -> str:
    if kind is Kind.MONEY:
        return _MONEY_FORMAT[lang]
    if kind is Kind.DATE:
        return _DATE_FORMAT[lang]
    if kind is Kind.PERCENT:
        return "0.0"
    if kind in (Kind.YEAR, Kind.INTEGER):
        return "0"
    if kind is Kind.DECIMAL:
        return "General"
    return "@"


def _quoted(value: str, cleaned: str) -> bool:
    # The cleaned text too: "\x00=1+1" is shown as "=1+1", which a spreadsheet would run once
    # the cell is edited.
    return is_formula_like(value) or is_formula_like(cleaned)


def _cell(
    sheet: _Sheet, value: CellValue, number_format: str, style: _Style | None = None
) -> Cell | None:
    """A cell of ``sheet`` for ``value`` in ``number_format``, to append (``None``: no cell)."""
    from openpyxl.cell import WriteOnlyCell  # imported once, then a dictionary look-up

    if value is None and style is None:
        # No cell: a value typed in later takes the format of its column. (An empty cell with a
        # format of its own would cost as much to write as a full one, and a sheet has many.)
        return None
    cell = WriteOnlyCell(sheet)
    # The format before the value: openpyxl gives a date a date format of its own unless its
    # cell has one.
    cell.number_format = number_format
    for name, attribute in (style or {}).items():
        setattr(cell, name, attribute)
    if isinstance(value, str):
        cleaned = fit_cell(clean_text(value))  # the callers fit text already, in their language
        if cleaned:  # empty text is read back as no value: it is written as none
            cell.value = cleaned
            cell.data_type = "s"  # never a formula or an error code, whatever the text
        if _quoted(value, cleaned):
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    return cell


def _header(sheet: _Sheet, titles: Sequence[str], widths: Sequence[int], style: _Style) -> None:
    """Row 1: the column titles, as text in ``style``; and the widths of the columns."""
    from openpyxl.utils import get_column_letter

    # A write-only sheet writes its columns when the first row comes: they are set before it.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_cell(sheet, title, "@", style) for title in titles])


def _table(
    sheet: _Sheet, columns: Sequence[Column], rows: Sequence[dict[str, CellValue]], lang: str
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    formats = [_number_format(column.kind, lang) for column in columns]
    for index, number_format in enumerate(formats, start=1):
        # The column's format: a value typed into an empty cell later takes it.
        sheet.column_dimensions[get_column_letter(index)].number_format = number_format
    sheet.freeze_panes = "B2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    style = {
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor="DDE6F0"),
        "alignment": Alignment(vertical="top", wrap_text=True),
    }
    _header(sheet, [column.header(lang) for column in columns], [c.width for c in columns], style)
    for values in rows:
        shown = [xlsx_value(values.get(column.key), column.kind, lang) for column in columns]
        sheet.append([_cell(sheet, v, f) for v, f in zip(shown, formats, strict=True)])


def _lookup(
    sheet: _Sheet,
    header: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    widths: Sequence[int],
    lang: str,
    styles: Mapping[tuple[int, int], _Style] | None = None,
) -> None:
    """A sheet of ``rows`` under a bold ``header``; ``styles`` of cells by (row, column) from 1."""
    from openpyxl.styles import Font

    sheet.freeze_panes = "A2"
    _header(sheet, header, widths, {"font": Font(bold=True)})
    for number, values in enumerate(rows, start=2):
        cells = []
        for index, value in enumerate(values, start=1):
            shown = xlsx_value(value, Kind.DECIMAL, lang)
            number_format = (
                "@"
                if isinstance(shown, str)
                else _DATE_FORMAT[lang]
                if isinstance(shown, dt.date)
                else "General"
            )
            style = (styles or {}).get((number, index))
            cells.append(_cell(sheet, shown, number_format, style))
        sheet.append(cells)


_JSON_ESCAPE = "integrationkonzept.json-ascii"


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: characters beyond ASCII as JSON ``\\u`` escapes, as ``json`` writes
    them (surrogate pairs beyond the BMP)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    run = error.object[error.start : error.end]
    return encode_basestring_ascii(run)[1:-1], error.end


codecs.register_error(_JSON_ESCAPE, _json_escape)


def _dataset_json(data: Dataset) -> str:
    """The data set as JSON in ASCII only: any character of the data survives every spreadsheet
    program. DEL and non-ASCII characters are escaped as ``json.dumps(..., ensure_ascii=True)``
    escapes them, without reading and writing the JSON once more (slow for a large data set)."""
    from ..serialize import dump

    text = dump(data)
    # Outside strings JSON has ASCII only, and controls in strings are escaped already, so DEL and
    # non-ASCII characters stand in strings, where an escape means the same character.
    return text.replace("\x7f", "\\u007f").encode("ascii", _JSON_ESCAPE).decode("ascii")


def _build(
    data: Dataset, lang: str, as_of: dt.date, base: str | None, write_only: bool
) -> Workbook:
    """The workbook, its sheets filled row by row with ``append``: the one way a write-only
    workbook (which :func:`render_xlsx` streams to the file) takes cells, and a normal one (which
    :func:`workbook` returns) takes them the same way."""
    from openpyxl import Workbook

    concept = data.concept
    edition = concept.current if concept is not None else None
    measures = edition.measures if edition is not None else ()
    years = cost_years(measures)
    book = Workbook(write_only=write_only)
    for sheet in list(book.worksheets):  # a normal workbook starts with an empty sheet
        book.remove(sheet)
    _table(
        book.create_sheet(text("sheet.measures", lang)),
        measure_columns(years),
        [measure_cells(m, concept, years, lang) for m in measures],
        lang,
    )
    _table(
        book.create_sheet(text("sheet.budget", lang)),
        BUDGET_COLUMNS,
        [budget_cells(line, lang) for line in data.budget_lines],
        lang,
    )

    _info(book.create_sheet(text("sheet.info", lang)), data, lang, as_of)
    for register in REGISTERS:
        _table(
            book.create_sheet(register.title(lang)),
            register.columns,
            register_rows(data, register, lang),
            lang,
        )
    _dropdowns(book, years, lang)

    hidden = book.create_sheet(DATASET_SHEET)
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    payload = _dataset_json(data)
    for start in range(0, len(payload), JSON_CHUNK):
        hidden.append([_cell(hidden, payload[start : start + JSON_CHUNK], "@")])
    if base is not None:
        # The workspace revision the data set was exported at: the base of a later import.
        origin = book.create_sheet(BASE_SHEET)
        origin.sheet_state = "hidden"
        origin.protection.sheet = True
        origin.append([base])

    created = dt.datetime.combine(as_of, dt.time(0))
    book.properties.creator = "integrationkonzept"
    book.properties.title = f"{text('info.title', lang)}: {clean_text(data.municipality.name)}"
    book.properties.created = created
    book.properties.modified = created
    book.active = 0
    return book


def _info(sheet: _Sheet, data: Dataset, lang: str, as_of: dt.date) -> None:
    """The sheet Info: a heading, the key figures (:data:`INFO_ITEMS`) as item and value, and
    how to read the workbook back."""
    from openpyxl.styles import Alignment, Font

    values = info_cells(data, as_of)
    rows: list[tuple[str, CellValue]] = [
        (text("info.title", lang), clean_text(data.municipality.name)),
        *((text(item.key, lang), values[item.key]) for item in INFO_ITEMS),
        ("", text("info.hint", lang)),
    ]
    _lookup(
        sheet,
        (text("col.key", lang), text("col.value", lang)),
        rows,
        (38, 100),
        lang,
        {
            (2, 2): {"font": Font(bold=True, size=13)},
            (len(rows) + 1, 2): {"alignment": Alignment(wrap_text=True, vertical="top")},
        },
    )


# How far down a dropdown reaches, and the lists it offers: rows added later are covered too.
_LAST_ROW = 5000


def _dropdowns(book: Workbook, years: Sequence[int], lang: str) -> None:
    """Lists to pick from (data validation) for the cells that name an entry of a register: the
    status, field, lead, phase, purpose and duty. A value typed in that is not in the list gets
    a warning only: the import also reads ids and labels in either language, and says what is
    wrong with a value it cannot read."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    sheets = {register.kind: register for register in REGISTERS}

    def source(kind: str, key: str) -> str:
        register = sheets[kind]
        index = [c.key for c in register.columns].index(key) + 1
        letter = get_column_letter(index)
        return f"{quote_sheetname(register.title(lang))}!${letter}$2:${letter}${_LAST_ROW}"

    phases = ",".join(text(f"phase.{phase.value}", lang) for phase in BudgetPhase)
    finished = ",".join(text(key, lang) for key in ("yes", "no"))
    label = "label_en" if lang == "en" else "label_de"
    lists: dict[str, dict[str, str]] = {
        text("sheet.measures", lang): {
            "field": source("fields", "field_title"),
            "lead": source("organizations", "name"),
            "status": source("statuses", label),
        },
        text("sheet.budget", lang): {
            "purpose": source("purposes", label),
            "phase": f'"{phases}"',
        },
        text("sheet.goals", lang): {"field": source("fields", "field_title")},
        text("sheet.statuses", lang): {"finished": f'"{finished}"'},
        text("sheet.reports", lang): {"rule": source("review_rules", "id")},
    }
    columns = {
        text("sheet.measures", lang): measure_columns(years),
        text("sheet.budget", lang): BUDGET_COLUMNS,
        **{register.title(lang): register.columns for register in REGISTERS},
    }
    for sheet in book.worksheets:
        for key, formula in lists.get(sheet.title, {}).items():
            keys = [column.key for column in columns[sheet.title]]
            letter = get_column_letter(keys.index(key) + 1)
            check = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                error=text("dropdown.error", lang),
            )
            check.add(f"{letter}2:{letter}{_LAST_ROW}")
            sheet.data_validations.append(check)


def workbook(data: Dataset, lang: str, as_of: dt.date, base: str | None = None) -> Any:
    """The openpyxl workbook for ``data`` (see the module documentation for its sheets): the
    sheets and cells :func:`render_xlsx` writes, in a normal workbook to change before saving."""
    return _build(data, lang, as_of, base, write_only=False)


def _fixed_zip(data: bytes, when: dt.date) -> bytes:
    """The zip archive ``data``, compressed, with every entry's time stamp set to ``when`` (the
    same data gives the same bytes; the zip module stamps entries with the time of writing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        year = min(max(when.year, 1980), 2107)  # what a zip time stamp can hold
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(year, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_xlsx(data: Dataset, options: RenderOptions) -> bytes:
    """The ``xlsx`` report format: measure catalogue and budget lines as a workbook.

    The sheets are openpyxl write-only sheets: each row is written to the file as it is appended.
    """
    from openpyxl.writer.excel import ExcelWriter

    book = _build(data, options.lang, options.as_of, options.base, write_only=True)
    buffer = io.BytesIO()
    # openpyxl's documented writer into an archive of our own: stored, as the archive is then
    # compressed once, by _fixed_zip. (Workbook.save would compress it too, and stamp the
    # "modified" property with the time of saving; this writer keeps the one set above.)
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    return _fixed_zip(buffer.getvalue(), options.as_of)


def catalogue_csv(data: Dataset, lang: str, budget: bool = False) -> str:
    """The measure sheet (or, with ``budget``, the budget sheet) as CSV text.

    German: ``;`` between fields, decimal comma, dates ``31.12.2021``; English: ``,``, decimal
    point, ISO dates. Lines end with CRLF.
    """
    concept = data.concept
    edition = concept.current if concept is not None else None
    if budget:
        columns: Sequence[Column] = BUDGET_COLUMNS
        rows = [budget_cells(line, lang) for line in data.budget_lines]
    else:
        measures = edition.measures if edition is not None else ()
        years = cost_years(measures)
        columns = measure_columns(years)
        rows = [measure_cells(m, concept, years, lang) for m in measures]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",", lineterminator="\r\n")
    writer.writerow([guard_csv(column.header(lang)) for column in columns])
    for row in rows:
        writer.writerow([csv_text(row.get(c.key), c.kind, lang) for c in columns])
    return out.getvalue()


def render_csv(data: Dataset, options: RenderOptions) -> bytes:
    """The ``csv`` report format: the measure catalogue as CSV, UTF-8 with a byte order mark
    (so that spreadsheet programs recognise the encoding)."""
    return ("\ufeff" + catalogue_csv(data, options.lang)).encode("utf-8")
