"""The measure catalogue and the budget lines as an XLSX workbook (openpyxl) or as CSV.

The workbook has the sheets ``Maßnahmen`` and ``Haushalt`` in the layout of
:mod:`integrationkonzept.reports.sheets` (header row and id column frozen, widths, filters, euro
and date formats), an ``Info`` sheet that says how to read the file back, lookup sheets with the
ids of the fields, organisations, statuses and purposes, and the hidden sheet ``_datensatz`` with
the whole data set as JSON: ``integrationkonzept import xlsx`` takes it as the base that the rows
update, so nothing the sheets do not show is lost.

Text is always written as text: a cell whose text a spreadsheet would run as a formula (``=``,
``+``, ``-``, ``@`` at the start) is a string cell marked with a quote prefix, and text columns
have the text format, so that a value typed in later stays text too. In CSV such text gets a
leading apostrophe. The same data gives the same bytes (fixed time stamps in the file).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any

from ..contributions import RenderOptions
from ..i18n import fmt_date, text
from ..model.dataset import Dataset
from .safe import clean_text, guard_csv, is_formula_like
from .sheets import (
    BUDGET_COLUMNS,
    DATASET_SHEET,
    CellValue,
    Column,
    Kind,
    budget_cells,
    cost_years,
    csv_text,
    measure_cells,
    measure_columns,
)

if TYPE_CHECKING:
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


def _put(sheet: Worksheet, row: int, column: int, value: CellValue, number_format: str) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.number_format = number_format
    if value is None:
        return
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # never a formula or an error code
        if is_formula_like(value):
            cell.quotePrefix = True
        return
    cell.value = value


def _table(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[dict[str, CellValue]],
    lang: str,
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    formats = [_number_format(column.kind, lang) for column in columns]
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        _put(sheet, 1, index, column.header(lang), "@")
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        dimension.number_format = formats[index - 1]
    keys = [column.key for column in columns]
    for number, values in enumerate(rows, start=2):
        for index, (key, number_format) in enumerate(zip(keys, formats, strict=True), start=1):
            _put(sheet, number, index, values.get(key), number_format)
    sheet.freeze_panes = "B2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"


def _lookup(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    widths: Sequence[int],
) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, (title, width) in enumerate(zip(header, widths, strict=True), start=1):
        _put(sheet, 1, index, title, "@")
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            _put(sheet, number, index, value, "@" if isinstance(value, str) else "General")
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


def workbook(data: Dataset, lang: str, as_of: dt.date) -> Any:
    """The openpyxl workbook for ``data`` (see the module documentation for its sheets)."""
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
    )
    _table(
        book.create_sheet(text("sheet.budget", lang)),
        BUDGET_COLUMNS,
        [budget_cells(line, lang) for line in data.budget_lines],
        lang,
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
    _lookup(info, (text("col.key", lang), text("col.value", lang)), facts, (22, 100))
    info.cell(row=len(facts) + 1, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    info.cell(row=2, column=2).font = Font(bold=True, size=13)

    fields = edition.fields if edition is not None else ()
    _lookup(
        book.create_sheet(text("sheet.fields", lang)),
        (text("col.id", lang), text("col.number", lang), text("field", lang)),
        [(clean_text(f.id), f.number, clean_text(f.title)) for f in fields],
        (22, 6, 60),
    )
    _lookup(
        book.create_sheet(text("sheet.organizations", lang)),
        tuple(text(k, lang) for k in ("col.id", "col.name", "col.short_name", "col.kind")),
        [
            (clean_text(o.id), clean_text(o.name), clean_text(o.short_name), clean_text(o.kind))
            for o in data.organizations
        ],
        (22, 50, 14, 14),
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
    )
    _lookup(
        book.create_sheet(text("sheet.purposes", lang)),
        tuple(text(k, lang) for k in ("col.id", "col.label_de", "col.label_en")),
        [(clean_text(p.id), clean_text(p.title), clean_text(p.title_en)) for p in data.purposes],
        (22, 60, 60),
    )

    hidden = book.create_sheet(DATASET_SHEET)
    payload = _dataset_json(data)
    for number, start in enumerate(range(0, len(payload), JSON_CHUNK), start=1):
        _put(hidden, number, 1, payload[start : start + JSON_CHUNK], "@")
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True

    created = dt.datetime.combine(as_of, dt.time(0))
    book.properties.creator = "integrationkonzept"
    book.properties.title = f"{text('info.title', lang)}: {clean_text(data.municipality.name)}"
    book.properties.created = created
    book.properties.modified = created
    book.active = 0
    return book


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes, when: dt.date) -> bytes:
    """The zip archive ``data`` with every time stamp set to ``when`` (same data, same bytes)."""
    stamp = f"{when:%Y-%m-%d}T00:00:00Z".encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(max(when.year, 1980), 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()


def render_xlsx(data: Dataset, options: RenderOptions) -> bytes:
    """The ``xlsx`` report format: measure catalogue and budget lines as a workbook."""
    from openpyxl.writer.excel import ExcelWriter

    book = workbook(data, options.lang, options.as_of)
    buffer = io.BytesIO()
    # Stored, not compressed: _fixed_zip compresses the archive once, as it rewrites it anyway.
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
