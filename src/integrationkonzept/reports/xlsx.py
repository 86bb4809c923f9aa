"""The measure catalogue and the budget lines as an XLSX workbook (openpyxl) or as CSV.

The workbook has the sheets ``Maßnahmen`` and ``Haushalt`` in the layout of
:mod:`integrationkonzept.sheets` (header row and id column frozen, widths, filters, euro
and date formats), an ``Info`` sheet that says how to read the file back, lookup sheets with the
ids of the fields, organisations, statuses and purposes, and the hidden sheet ``_datensatz`` with
the whole data set as JSON: ``integrationkonzept import xlsx`` takes it as the base that the rows
update, so nothing the sheets do not show is lost.

Text is always written as text: a cell whose text a spreadsheet would run as a formula (``=``,
``+``, ``-``, ``@`` at the start) is a string cell marked with a quote prefix, and text columns
have the text format, so that a value typed in later stays text too. In CSV such text gets a
leading apostrophe. The same data gives the same bytes (fixed time stamps in the file).

Nothing is cut or rounded without a word (:func:`~integrationkonzept.sheets.xlsx_value`):
text longer than a cell holds ends with the mark „ … [gekürzt, vollständig im Datensatz]“ (the
whole text is in the hidden data set, and the import keeps it while the cell is unchanged), and a
number a spreadsheet would not keep exactly is written as its exact text.

:func:`workbook` builds the workbook with openpyxl cells. :func:`render_xlsx` writes the rows of the
measure, budget and data set sheets as XML itself (openpyxl takes several microseconds per cell, a
large city has hundreds of thousands); the parts of its archive are, byte for byte, those openpyxl
writes for :func:`workbook`. Where openpyxl would write them otherwise (another version, no lxml)
it leaves the rows to openpyxl.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any, cast

from ..contributions import RenderOptions
from ..i18n import fmt_date, text
from ..model.dataset import Dataset
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
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["JSON_CHUNK", "catalogue_csv", "render_csv", "render_xlsx", "workbook"]

#: How many characters of the JSON data set go into one cell (a cell holds at most 32,767).
JSON_CHUNK = 30000

_MONEY_FORMAT = {"de": '#,##0.00 "€"', "en": '"€"#,##0.00'}
_DATE_FORMAT = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}


def _number_format(kind: Kind, lang: str) -> str:
    if kind is Kind.MONEY:
        return _MONEY_FORMAT[lang]
    if kind is Kind.DATE:
        return _DATE_FORMAT[lang]
    if kind is Kind.PERCENT:
        return "0.0"
    if kind is Kind.YEAR:
        return "0"
    if kind is Kind.DECIMAL:
        return "General"
    return "@"


def _fill(cell: Cell, value: CellValue, number_format: str) -> None:
    cell.number_format = number_format
    if value is None:
        return
    if isinstance(value, str):
        cleaned = fit_cell(clean_text(value))  # the callers fit text already, in their language
        cell.value = cleaned
        cell.data_type = "s"  # never a formula or an error code
        if _quoted(value, cleaned):
            cell.quotePrefix = True
        return
    cell.value = value


def _quoted(value: str, cleaned: str) -> bool:
    # The cleaned text too: "\x00=1+1" is shown as "=1+1", which a spreadsheet would run once
    # the cell is edited.
    return is_formula_like(value) or is_formula_like(cleaned)


def _put(sheet: Worksheet, row: int, column: int, value: CellValue, number_format: str) -> None:
    # A merged cell is the only other kind, and no sheet here merges cells.
    _fill(cast("Cell", sheet.cell(row=row, column=column)), value, number_format)


class _Rows:
    """Rows that :func:`render_xlsx` writes as XML itself instead of as openpyxl cells: from row
    ``first`` on (below every cell the sheet has), one value per number format of ``formats``
    (from column A on)."""

    def __init__(
        self, first: int, formats: Sequence[str], values: Sequence[Sequence[CellValue]]
    ) -> None:
        self.first = first
        self.formats = tuple(formats)
        self.values = values


def _rows(
    sheet: Worksheet,
    first: int,
    formats: Sequence[str],
    values: Sequence[Sequence[CellValue]],
    direct: dict[str, _Rows] | None,
) -> None:
    """Rows from row ``first`` on: openpyxl cells, or kept in ``direct`` to be written as XML."""
    if direct is not None:
        direct[sheet.title] = _Rows(first, formats, values)
        return
    for number, row in enumerate(values, start=first):
        for column, (value, number_format) in enumerate(zip(row, formats, strict=True), start=1):
            _put(sheet, number, column, value, number_format)


def _table(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[dict[str, CellValue]],
    lang: str,
    direct: dict[str, _Rows] | None,
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    formats = [_number_format(column.kind, lang) for column in columns]
    for index, (column, number_format) in enumerate(zip(columns, formats, strict=True), start=1):
        cell = sheet.cell(row=1, column=index)
        _put(sheet, 1, index, column.header(lang), "@")
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        dimension.number_format = number_format
    cells = [
        [xlsx_value(values.get(column.key), column.kind, lang) for column in columns]
        for values in rows
    ]
    _rows(sheet, 2, formats, cells, direct)
    sheet.freeze_panes = "B2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"


def _lookup(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    widths: Sequence[int],
    lang: str,
) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, (title, width) in enumerate(zip(header, widths, strict=True), start=1):
        _put(sheet, 1, index, title, "@")
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            shown = xlsx_value(value, Kind.DECIMAL, lang)
            _put(sheet, number, index, shown, "@" if isinstance(shown, str) else "General")
    sheet.freeze_panes = "A2"


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
    data: Dataset,
    lang: str,
    as_of: dt.date,
    direct: dict[str, _Rows] | None,
    base: str | None = None,
) -> Workbook:
    """The workbook; with ``direct``, the rows of the measure, budget and data set sheets are kept
    there instead of in the workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    concept = data.concept
    edition = concept.current if concept is not None else None
    measures = edition.measures if edition is not None else ()
    years = cost_years(measures)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = text("sheet.measures", lang)
    _table(
        sheet,
        measure_columns(years),
        [measure_cells(m, concept, years, lang) for m in measures],
        lang,
        direct,
    )
    _table(
        book.create_sheet(text("sheet.budget", lang)),
        BUDGET_COLUMNS,
        [budget_cells(line, lang) for line in data.budget_lines],
        lang,
        direct,
    )

    info = book.create_sheet(text("sheet.info", lang))
    facts: list[tuple[str, CellValue]] = [
        (text("info.title", lang), clean_text(data.municipality.name)),
        (text("municipality", lang), clean_text(data.municipality.name)),
        ("AGS", data.municipality.ags),
        (text("concept", lang), clean_text(concept.title) if concept is not None else None),
        (text("info.edition", lang), clean_text(edition.title) if edition is not None else None),
        (text("as_of", lang), fmt_date(as_of, lang)),
        ("", text("info.hint", lang)),
    ]
    _lookup(info, (text("col.key", lang), text("col.value", lang)), facts, (22, 100), lang)
    info.cell(row=len(facts) + 1, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    info.cell(row=2, column=2).font = Font(bold=True, size=13)

    fields = edition.fields if edition is not None else ()
    _lookup(
        book.create_sheet(text("sheet.fields", lang)),
        (text("col.id", lang), text("col.number", lang), text("field", lang)),
        [(clean_text(f.id), f.number, clean_text(f.title)) for f in fields],
        (22, 6, 60),
        lang,
    )
    _lookup(
        book.create_sheet(text("sheet.organizations", lang)),
        tuple(text(k, lang) for k in ("col.id", "col.name", "col.short_name", "col.kind")),
        [
            (clean_text(o.id), clean_text(o.name), clean_text(o.short_name), clean_text(o.kind))
            for o in data.organizations
        ],
        (22, 50, 14, 14),
        lang,
    )
    statuses = concept.statuses if concept is not None else ()
    _lookup(
        book.create_sheet(text("sheet.statuses", lang)),
        tuple(text(k, lang) for k in ("col.id", "col.label_de", "col.label_en", "col.finished")),
        [
            (
                clean_text(s.key),
                clean_text(s.label_de),
                clean_text(s.label_en),
                text("yes" if s.finished else "no", lang),
            )
            for s in statuses
        ],
        (22, 24, 24, 14),
        lang,
    )
    _lookup(
        book.create_sheet(text("sheet.purposes", lang)),
        tuple(text(k, lang) for k in ("col.id", "col.label_de", "col.label_en")),
        [(clean_text(p.id), clean_text(p.title), clean_text(p.title_en)) for p in data.purposes],
        (22, 60, 60),
        lang,
    )

    hidden = book.create_sheet(DATASET_SHEET)
    payload = _dataset_json(data)
    chunks = [
        (payload[start : start + JSON_CHUNK],) for start in range(0, len(payload), JSON_CHUNK)
    ]
    _rows(hidden, 1, ("@",), chunks, direct)
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    if base is not None:
        # The workspace revision the data set was exported at: the base of a later import.
        origin = book.create_sheet(BASE_SHEET)
        origin["A1"] = base
        origin.sheet_state = "hidden"
        origin.protection.sheet = True

    created = dt.datetime.combine(as_of, dt.time(0))
    book.properties.creator = "integrationkonzept"
    book.properties.title = f"{text('info.title', lang)}: {clean_text(data.municipality.name)}"
    book.properties.created = created
    book.properties.modified = created
    book.active = 0
    return book


def workbook(data: Dataset, lang: str, as_of: dt.date, base: str | None = None) -> Any:
    """The openpyxl workbook for ``data`` (see the module documentation for its sheets)."""
    return _build(data, lang, as_of, None, base)


def _register_styles(sheet: Worksheet) -> None:
    """Number the styles of ``sheet``'s columns and cells as openpyxl's writer does on saving.

    Styles get their ids in the order the writer meets them (columns, then cells row by row);
    numbering them here first, then those of the direct rows, gives every style the id it would
    have had if the direct rows had been cells, so the file is the same.
    """
    dimensions = list(sheet.column_dimensions.values())
    for dimension in dimensions:
        dimension.reindex()
    for dimension in sorted(dimensions, key=lambda d: int(d.min or 0)):
        _ = dimension.style_id
    for _key, cell in sorted(sheet._cells.items()):
        if cell.has_style:
            _ = cell.style_id


def _rows_xml(sheet: Worksheet, rows: _Rows) -> bytes:
    """``rows`` as the ``<row>`` elements openpyxl writes for the same cells (made by :func:`_put`):
    the same attributes, number texts and escapes, byte for byte."""
    from openpyxl.cell.cell import Cell
    from openpyxl.compat import safe_string
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    book = sheet.parent
    assert book is not None
    if book.iso_dates:  # dates are written as serial numbers below
        raise _UnexpectedFormError("a workbook with ISO dates")
    epoch = book.epoch
    # What _put makes of a value depends on its column's format, its type and, for text, whether
    # it looks like a formula: a probe cell outside the sheet tells the style and the data type,
    # registering the style when it is first met, as writing the cells would.
    kinds: dict[tuple[str, type, bool], tuple[str, str]] = {}
    letters = [get_column_letter(index) for index in range(1, len(rows.formats) + 1)]
    out: list[str] = []
    add = out.append
    for number, values in enumerate(rows.values, start=rows.first):
        add(f'<row r="{number}">')
        for letter, number_format, value in zip(letters, rows.formats, values, strict=True):
            cleaned = clean_text(value) if isinstance(value, str) else ""
            quoted = isinstance(value, str) and _quoted(value, cleaned)
            key = (number_format, type(value), quoted)
            kind = kinds.get(key)
            if kind is None:
                probe = Cell(sheet, row=number, column=1)
                _fill(probe, value, number_format)
                style = f' s="{probe.style_id}"' if probe.has_style else ""
                kind = kinds[key] = (style, probe.data_type)
            style, data_type = kind
            if value is None:
                if style:  # openpyxl leaves out empty cells without a style
                    add(f'<c r="{letter}{number}"{style} t="{data_type}"></c>')
                continue
            if data_type == "s":
                shown = fit_cell(cleaned)  # as _fill does
                space = ' xml:space="preserve"' if shown != shown.strip() else ""
                if "&" in shown:
                    shown = shown.replace("&", "&amp;")
                if "<" in shown:
                    shown = shown.replace("<", "&lt;")
                if ">" in shown:
                    shown = shown.replace(">", "&gt;")
                content = f"<is><t{space}>{shown}</t></is>" if shown else ""
                data_type = "inlineStr"
            elif data_type == "d":
                serial = to_excel(value, epoch)  # type: ignore[no-untyped-call]
                content = f"<v>{safe_string(serial)}</v>"
                data_type = "n"
            elif data_type in ("n", "b"):
                content = f"<v>{safe_string(value)}</v>"
            else:
                raise TypeError(f"no cell for {value!r}")
            add(f'<c r="{letter}{number}"{style} t="{data_type}">{content}</c>')
        add("</row>")
    # The markup is ASCII; characters beyond it become references, as openpyxl writes them.
    return "".join(out).encode("ascii", "xmlcharrefreplace")


def _dimension(sheet: Worksheet, rows: _Rows) -> tuple[str, str]:
    """The sheet's ``<dimension>`` reference without and with the direct rows."""
    from openpyxl.utils import get_column_letter, range_boundaries

    before = sheet.calculate_dimension()
    last_row = rows.first + len(rows.values) - 1
    if not sheet._cells:
        return before, f"A{rows.first}:{get_column_letter(len(rows.formats))}{last_row}"
    _, top, right, _ = range_boundaries(before)
    right = max(right or 1, len(rows.formats))
    return before, f"A{top}:{get_column_letter(right)}{last_row}"


def _splice(xml: bytes, rows: bytes, dimension: tuple[str, str]) -> bytes:
    """The sheet ``xml`` with ``rows`` at the end of its data and the dimension updated."""
    before, after = (f'<dimension ref="{ref}"/>'.encode() for ref in dimension)
    head, end, tail = xml.partition(b"</sheetData>")
    if not end or head.count(before) != 1:
        raise _UnexpectedFormError("openpyxl wrote a worksheet in an unexpected form")
    return head.replace(before, after) + rows + end + tail


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(
    data: bytes, when: dt.date, sheets: Mapping[str, tuple[bytes, tuple[str, str]]] | None = None
) -> bytes:
    """The zip archive ``data`` with every time stamp set to ``when`` (same data, same bytes) and
    the rows of ``sheets`` (by part name) spliced into their worksheets."""
    stamp = f"{when:%Y-%m-%d}T00:00:00Z".encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        year = min(max(when.year, 1980), 2107)  # what a zip time stamp can hold
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            if sheets and info.filename in sheets:
                content = _splice(content, *sheets[info.filename])
            fixed = zipfile.ZipInfo(info.filename, date_time=(year, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()


class _UnexpectedFormError(Exception):
    """openpyxl writes a sheet otherwise than :func:`_rows_xml` imitates: it writes the rows."""


def _rows_written_directly() -> bool:
    """Whether openpyxl writes sheets as :func:`_rows_xml` imitates: 3.1 with lxml (without lxml
    it writes through the standard library, slightly differently)."""
    import openpyxl

    return bool(openpyxl.LXML) and openpyxl.__version__.startswith("3.1.")


def _render_direct(data: Dataset, options: RenderOptions) -> bytes:
    direct: dict[str, _Rows] = {}
    book = _build(data, options.lang, options.as_of, direct, options.base)
    prepared: dict[str, tuple[bytes, tuple[str, str]]] = {}
    for sheet in book.worksheets:
        _register_styles(sheet)
        rows = direct.get(sheet.title)
        if rows is not None and rows.values:
            prepared[sheet.title] = (_rows_xml(sheet, rows), _dimension(sheet, rows))
    return _save(book, options.as_of, prepared)


def _save(
    book: Workbook, when: dt.date, rows: Mapping[str, tuple[bytes, tuple[str, str]]] | None = None
) -> bytes:
    """``book`` as an archive with fixed time stamps and ``rows`` (by sheet title) spliced in."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    # Stored, not compressed: the archive is compressed once, by _fixed_zip.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    # A sheet's part name is known only once the writer has numbered the sheets.
    parts = {
        sheet.path.lstrip("/"): rows[sheet.title]
        for sheet in book.worksheets
        if rows and sheet.title in rows
    }
    return _fixed_zip(buffer.getvalue(), when, parts)


def render_xlsx(data: Dataset, options: RenderOptions) -> bytes:
    """The ``xlsx`` report format: measure catalogue and budget lines as a workbook.

    The rows of the big sheets are written as XML directly where openpyxl writes them as
    :func:`_rows_xml` imitates (about four times faster); otherwise openpyxl writes every cell.
    """
    if _rows_written_directly():
        try:
            return _render_direct(data, options)
        except _UnexpectedFormError:
            pass
    return _save(workbook(data, options.lang, options.as_of, options.base), options.as_of)


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
