"""Reading the measure catalogue and the budget lines back from XLSX or CSV.

The layout is the one the ``xlsx`` and ``csv`` report formats write
(:mod:`integrationkonzept.sheets`). The rows update a base data set:

* ``import xlsx FILE.xlsx`` takes the data set kept in the workbook's hidden sheet ``_datensatz``;
  ``import xlsx DATA.json FILE.xlsx`` takes ``DATA.json`` instead;
* ``import csv DATA.json FILE.csv [BUDGET.csv]`` needs the data set as JSON (a CSV file holds one
  table, not the city, its concept and the rest).

A row with a known id updates that measure (of the edition in force) or budget line; a new id adds
one; rows that are not there leave their measure or line as it is. A cell that still shows what
the base says keeps the base's exact value (its source, its full text), so export → import gives
back the same data set: that holds for a text the export had to cut to fit a cell (it ends with
„ … [gekürzt, vollständig im Datensatz]“) and for a number it wrote as exact text, too. A cut cell
that was edited is refused (its full text is not in the cell). A changed status is added to the
history with the date of ``Status seit``; a changed progress figure or cost is added as a figure
of the day it is read in; each names the file and row as its source, and so does a changed budget
amount whose source columns were left as they were.

Any problem rejects the whole file: :class:`BadCellsError` lists every bad cell with sheet, row,
column, value and why. Formulas are refused (their value is not in the file as data), and so is
anything the reader cannot parse; the XML of a workbook is parsed with defusedxml (openpyxl uses
it when it is installed) and its size is limited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Final, TypeVar

import attrs

from ..contributions import InputFile
from ..errors import DataError, Location, ParseError
from ..i18n import LANGS, text
from ..model.budget import BudgetLine, BudgetPhase
from ..model.concept import (
    Concept,
    Measure,
    MeasureCost,
    Partner,
    ProgressChange,
    StatusChange,
)
from ..model.dataset import Dataset
from ..model.money import Money
from ..model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, DateRange
from ..model.source import Source, SourceKind
from ..safe import clean_text, unguard_csv
from ..sheets import (
    BASE_SHEET,
    BUDGET_COLUMNS,
    CELL_LIMIT,
    CUT_MARKS,
    DATASET_SHEET,
    CellValue,
    Column,
    Kind,
    budget_cells,
    canonical,
    cost_years,
    csv_text,
    fit_cell,
    measure_cells,
    measure_columns,
    xlsx_value,
)

__all__ = [
    "MAX_ROWS",
    "BadCell",
    "BadCellsError",
    "Formula",
    "Grid",
    "read_csv",
    "read_xlsx",
    "sheet_rows",
    "workbook_base",
]

# The start of each cut mark: a spreadsheet that cuts an edited cell again may cut the mark too.
_CUT_STARTS: Final = tuple(mark[: mark.index("[") + 8] for mark in CUT_MARKS.values())


def _looks_cut(text: str) -> bool:
    """Whether ``text`` is (an edit of) a text the export cut to fit a cell: it shows the cut
    mark near its end, or fills the cell to its limit."""
    return any(start in text[-60:] for start in _CUT_STARTS) or (
        len(text) > CELL_LIMIT // 2 and len(text.encode("utf-16-le")) >= 2 * CELL_LIMIT
    )


#: The most rows a sheet may have.
MAX_ROWS: Final = 20000
_MAX_UNPACKED: Final = 200 * 1024 * 1024  # bytes a workbook may unpack to
_MAX_LISTED: Final = 100  # bad cells listed in one message


class Formula(str):
    """A cell that holds a formula (its text), not a value."""


@attrs.frozen
class Grid:
    """A table as read: the sheet's name, the header row, and the rows with their numbers."""

    sheet: str
    header: tuple[object, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


@attrs.frozen
class BadCell:
    """A cell that cannot be read: where it is, what it holds, and why it is refused.

    ``reason`` is a text key (``cell.<reason>`` in :mod:`integrationkonzept.i18n`) and
    ``params`` fills its placeholders, so the message exists in every language.
    """

    sheet: str
    row: int
    column: str
    header: str
    value: str
    reason: str
    params: tuple[tuple[str, str], ...] = ()

    def describe(self, lang: str = "de") -> str:
        """One line: ``Blatt „Maßnahmen“, Zeile 4, Spalte K (Fortschritt (%)): „120“ – …``."""
        where = text(
            "cell.where",
            lang,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            header=self.header,
        )
        shown = (
            text("cell.value", lang, value=self.value) if self.value else text("cell.empty", lang)
        )
        return f"{where}: {shown} – {text(f'cell.{self.reason}', lang, **dict(self.params))}"


class BadCellsError(ParseError):
    """Every bad cell of a file; nothing of the file was imported.

    ``str()`` is the German message, :meth:`localized` gives it in another language.
    """

    def __init__(self, file: str, cells: Sequence[BadCell]) -> None:
        self.file = file
        self.cells = tuple(cells)
        first = self.cells[0].row if self.cells else None
        super().__init__(self.localized("de"), None, Location(file, first))

    def localized(self, lang: str) -> str:
        """The message in ``lang``: a summary line, then one line per bad cell."""
        lines = [f"{self.file}: {text('cell.summary', lang, count=len(self.cells))}"]
        lines += [f"  {cell.describe(lang)}" for cell in self.cells[:_MAX_LISTED]]
        if len(self.cells) > _MAX_LISTED:
            lines.append(f"  … (+{len(self.cells) - _MAX_LISTED})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message


class _BadValueError(Exception):
    """A cell value that cannot be used, with the text key of the reason."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = tuple((key, str(value)) for key, value in params.items())


_PLACEHOLDER: Final = "\x00"  # the title of a new measure until its row gives one


class _Absent:
    """The value of a column the sheet does not have."""


_ABSENT: Final = _Absent()


def _letter(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _show(raw: object) -> str:
    shown = canonical(raw) if not isinstance(raw, str) else clean_text(raw)
    shown = " ".join(shown.split())
    return shown if len(shown) <= 60 else shown[:59] + "…"


# --- reading files -------------------------------------------------------------------------------


def _where(file: InputFile) -> Location:
    return Location(file.name)


def _load_base(data: bytes, file: str, part: str = "") -> Dataset:
    """The data set a file's rows update (``part`` names where in ``file`` it is kept)."""
    from ..serialize import load

    try:
        return load(Dataset, data, name=file)
    except DataError as exc:
        where = f"{part}: " if part else ""
        problems = "; ".join(f"{path}: {message}" for path, message in exc.problems)
        raise ParseError(
            f"{where}kein gültiger Datensatz: {problems}", None, Location(file)
        ) from None


def _cell_value(cell: Any) -> object:
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(cell.value))
    value = cell.value
    if value is None or isinstance(value, str | int | float | Decimal | dt.date | dt.time):
        return value
    return Formula(str(value))  # array formulas, data table formulas and the like


def _grid(sheet: Any, name: str) -> Grid:
    rows: list[tuple[int, tuple[object, ...]]] = []
    header: tuple[object, ...] = ()
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = tuple(_cell_value(cell) for cell in cells)
        while values and (values[-1] is None or values[-1] == ""):
            values = values[:-1]
        if number == 1:
            header = values
        elif values:
            rows.append((number, values))
    return Grid(name, header, tuple(rows))


def _refuse_long_sheets(archive: zipfile.ZipFile, file: InputFile) -> None:
    """Refuse a sheet of more than :data:`MAX_ROWS` rows before the workbook is loaded: its rows
    are counted in the sheet's XML as it is unpacked, a megabyte at a time (loading a million
    rows took minutes and gigabytes)."""
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        rows, tail = 0, b""
        try:
            with archive.open(info) as part:
                while chunk := part.read(1 << 20):
                    # The last four bytes of a chunk cannot hold a whole "<row ": none is counted
                    # twice, and one cut in two is counted once.
                    rows += (tail + chunk).count(b"<row ")
                    tail = chunk[-4:]
                    if rows > MAX_ROWS + 1:  # one header row
                        raise ParseError(
                            f"das Tabellenblatt {info.filename} hat mehr als {MAX_ROWS} Zeilen; "
                            "die Datei ist zu groß",
                            None,
                            _where(file),
                        )
        except ParseError:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
            raise ParseError(
                f"beschädigtes ZIP-Archiv, keine lesbare Arbeitsmappe ({exc})", None, _where(file)
            ) from None


def _open_workbook(file: InputFile) -> Any:
    if not file.data.startswith(b"PK\x03\x04"):
        raise ParseError(
            "keine XLSX-Arbeitsmappe (eine XLSX-Datei ist ein ZIP-Archiv)",
            None,
            _where(file),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(file.data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ParseError(
            f"beschädigtes ZIP-Archiv, keine lesbare Arbeitsmappe ({exc})",
            None,
            _where(file),
        ) from None
    if unpacked > _MAX_UNPACKED:
        raise ParseError(
            f"die Arbeitsmappe entpackt zu {unpacked} Bytes; höchstens "
            f"{_MAX_UNPACKED} sind erlaubt",
            None,
            _where(file),
        )
    _refuse_long_sheets(archive, file)
    from openpyxl import load_workbook

    try:
        return load_workbook(
            io.BytesIO(file.data), data_only=False, keep_links=False, keep_vba=False
        )
    except Exception as exc:  # openpyxl raises many kinds of error for damaged files
        raise ParseError(
            f"keine lesbare XLSX-Arbeitsmappe ({type(exc).__name__}: {exc})",
            None,
            _where(file),
        ) from None


def _names(key: str) -> set[str]:
    return {text(key, lang).casefold() for lang in LANGS}


def _read_workbook(file: InputFile) -> tuple[dict[str, Grid], str | None]:
    """The measure and budget grids (by ``measures``/``budget``) and the hidden JSON, if any."""
    book = _open_workbook(file)
    grids: dict[str, Grid] = {}
    payload: str | None = None
    problems: list[BadCell] = []
    for sheet in book.worksheets:
        title = str(sheet.title)
        folded = title.casefold()
        if folded == DATASET_SHEET:
            parts = []
            for row in sheet.iter_rows(min_col=1, max_col=1, values_only=True):
                if isinstance(row[0], str):
                    parts.append(row[0])
            payload = "".join(parts)
            continue
        kind = (
            "measures"
            if folded in _names("sheet.measures")
            else "budget"
            if folded in _names("sheet.budget")
            else None
        )
        if kind is None:
            continue
        if (sheet.max_row or 0) > MAX_ROWS:
            problems.append(
                BadCell(
                    title,
                    sheet.max_row,
                    "A",
                    "",
                    "",
                    "too_many_rows",
                    (("limit", str(MAX_ROWS)), ("last", str(sheet.max_row))),
                )
            )
            continue
        grids[kind] = _grid(sheet, title)
    if problems:
        raise BadCellsError(file.name, problems)
    return grids, payload


_LINE_BREAK: Final = re.compile(r"\r\n?|\n")


def _open_quote(content: str, delimiter: str) -> int | None:
    """The line where a quoted field starts that the text ends in, if it does.

    A field is quoted when it starts with ``"``; in it, ``""`` is a quote and a lone ``"`` ends it
    (what may follow before the next delimiter is the reader's to judge). The fields are matched
    possessively, so a quote never ends a field early to make the text fit.
    """
    if '"' not in content:
        return None
    separator = re.escape(delimiter)
    rest = rf"[^{separator}\r\n]*+"  # the rest of a field, up to the next delimiter or line
    field = rf'(?:"[^"]*+(?:""[^"]*+)*+"{rest}|(?:[^"{separator}\r\n]{rest})?)'
    fields = re.compile(rf"(?:{field}(?:{separator}|\r\n?|\n))*+{field}")
    end = fields.match(content)
    stop = end.end() if end is not None else 0
    if stop >= len(content) or content[stop] != '"':
        return None
    return len(_LINE_BREAK.findall(content, 0, stop)) + 1


def _read_csv_grid(file: InputFile) -> Grid:
    content = file.text()
    if "\x00" in content:
        raise ParseError("keine CSV-Datei (enthält Nullbytes)", None, _where(file))
    first = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    # Python's reader, even strict, does not refuse the end of the file inside a quoted field in
    # every version: the file was cut off, and its last text would be read cut short.
    if (line := _open_quote(content, delimiter)) is not None:
        raise ParseError(
            'Anführungszeichen ohne Ende: das Feld, das hier mit „"“ beginnt, wird bis zum Ende '
            "der Datei nicht geschlossen (ist die Datei abgeschnitten?)",
            None,
            Location(file.name, line),
        )
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS + 1:
                raise ParseError(
                    f"mehr als {MAX_ROWS} Zeilen; die Datei ist zu groß",
                    None,
                    Location(file.name, len(records)),
                )
    except csv.Error as exc:
        raise ParseError(
            f"keine lesbare CSV-Datei ({exc})",
            None,
            Location(file.name, reader.line_num),
        ) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise ParseError(
            "die Kopfzeile fehlt (erwartet z. B. „ID;Handlungsfeld;Maßnahme;…“)",
            None,
            Location(file.name, 1),
        )
    header = tuple(unguard_csv(cell) for cell in records[0])
    rows = []
    for number, record in enumerate(records[1:], start=2):
        values = tuple(unguard_csv(cell) if cell != "" else None for cell in record)
        while values and values[-1] is None:
            values = values[:-1]
        if values:
            rows.append((number, values))
    return Grid(PurePath(file.name).name, header, tuple(rows))


# --- parsing cells -------------------------------------------------------------------------------

_DATE_DE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PLAIN_AMOUNT = re.compile(r"[-+]?[0-9]+(\.[0-9]{1,2})?")
_DECIMAL = re.compile(r"[-+]?[0-9]+([.,][0-9]+)?")
_ONE_DECIMAL = re.compile(r"[-+]?[0-9.]+,[0-9]")


def _no_formula(raw: object) -> None:
    if isinstance(raw, Formula):
        raise _BadValueError("formula")


def _text(raw: object) -> str:
    _no_formula(raw)
    if raw is None:
        return ""
    if isinstance(raw, str):
        if _looks_cut(raw):  # read only when changed: an edit of a cut text
            raise _BadValueError("cut_edited")
        return clean_text(raw)
    return canonical(raw)


def _ident(raw: object) -> str:
    return _text(raw).strip()


def _date(raw: object) -> dt.date | None:
    _no_formula(raw)
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0):
            raise _BadValueError("not_date")
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise _BadValueError("not_date")
    value = raw.strip()
    if not value:
        return None
    try:
        if match := _DATE_DE.fullmatch(value):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _DATE_ISO.fullmatch(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    raise _BadValueError("not_date")


def _money(raw: object) -> Money | None:
    _no_formula(raw)
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _BadValueError("not_amount", why=text("cell.not_number", "de"))
    try:
        if isinstance(raw, int):
            return Money.of(raw)
        if isinstance(raw, float | Decimal):
            number = Decimal(repr(raw)) if isinstance(raw, float) else raw
            return Money(number)
        if isinstance(raw, str):
            value = raw.strip()
            if not value:
                return None
            if _PLAIN_AMOUNT.fullmatch(value):
                return Money.of(value.lstrip("+"))
            if _ONE_DECIMAL.fullmatch(value):
                value += "0"  # spreadsheets write 7500,5 for 7.500,50 €
            return Money.parse(value)
    except ParseError as exc:
        raise _BadValueError("not_amount", why=exc.message) from None
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise _BadValueError("not_amount", why=str(exc)) from None
    raise _BadValueError("not_amount", why=text("cell.not_number", "de"))


def _decimal(raw: object, percent: bool) -> Decimal | None:
    _no_formula(raw)
    if raw is None:
        return None
    number: Decimal
    if isinstance(raw, bool):
        raise _BadValueError("not_number")
    if isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, str):
        value = raw.strip()
        if percent and value.endswith("%"):
            value = value[:-1].strip()
        if not value:
            return None
        if not _DECIMAL.fullmatch(value):
            raise _BadValueError("not_number")
        number = Decimal(value.replace(",", "."))
    else:
        raise _BadValueError("not_number")
    if not number.is_finite():
        raise _BadValueError("not_number")
    if percent and not Decimal(0) <= number <= Decimal(100):
        raise _BadValueError("percent_range")
    if not percent and number <= 0:
        raise _BadValueError("not_positive")
    return number


def _year(raw: object) -> int | None:
    _no_formula(raw)
    if raw is None:
        return None
    year: int | None = None
    if isinstance(raw, bool):
        year = None
    elif isinstance(raw, int):
        year = raw
    elif isinstance(raw, float | Decimal) and raw == int(raw):
        year = int(raw)
    elif isinstance(raw, str):
        value = raw.strip()
        if not value:
            return None
        if re.fullmatch(r"[0-9]{4}", value):
            year = int(value)
    if year is None or not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise _BadValueError("not_year")
    return year


def _choose(value: str, options: dict[str, str]) -> str:
    """The id whose id or label (any case) is ``value``; raises ``unknown`` with the ids."""
    if value in options.values():
        return value
    folded = value.casefold()
    for label, key in options.items():
        if label.casefold() == folded:
            return key
    known = ", ".join(sorted(set(options.values()))) or "–"
    raise _BadValueError("unknown", known=known)


# --- the sheets' columns -------------------------------------------------------------------------

_COST_HEADER = re.compile(r"(?:kosten|costs)\s+([0-9]{4})", re.IGNORECASE)


def _columns(
    grid: Grid, columns: Sequence[Column], costs: bool, problems: list[BadCell]
) -> dict[str, tuple[int, Column]]:
    """The known columns of ``grid`` by key, with their index; every other header is a problem."""
    by_header: dict[str, Column] = {}
    for column in columns:
        for lang in LANGS:
            by_header[column.header(lang).casefold()] = column
    found: dict[str, tuple[int, Column]] = {}
    width = max([len(grid.header), *(len(cells) for _, cells in grid.rows)], default=0)
    for index in range(width):
        raw = grid.header[index] if index < len(grid.header) else None
        name = _show(raw).strip()
        found_column = by_header.get(name.casefold())
        if found_column is None and costs and (match := _COST_HEADER.fullmatch(name)):
            year = int(match[1])
            if MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
                found_column = Column(f"cost:{year}", Kind.MONEY, 14)
            else:
                problems.append(BadCell(grid.sheet, 1, _letter(index), name, name, "not_year"))
                continue
        if found_column is None:
            if not name and all(
                index >= len(cells) or cells[index] in (None, "") for _, cells in grid.rows
            ):
                continue  # an empty column
            problems.append(BadCell(grid.sheet, 1, _letter(index), name, name, "unknown_column"))
            continue
        if found_column.key in found:
            problems.append(BadCell(grid.sheet, 1, _letter(index), name, name, "duplicate_column"))
            continue
        found[found_column.key] = (index, found_column)
    for column in columns:
        if column.required and column.key not in found:
            problems.append(
                BadCell(
                    grid.sheet,
                    1,
                    "–",
                    column.header("de"),
                    "",
                    "missing_column",
                    (("name", column.header("de")),),
                )
            )
    return found


class _Row:
    """One row of a grid: its cells by column key, and where to report a bad cell."""

    def __init__(
        self,
        grid: Grid,
        number: int,
        cells: tuple[object, ...],
        columns: dict[str, tuple[int, Column]],
        problems: list[BadCell],
    ) -> None:
        self.grid = grid
        self.number = number
        self.cells = cells
        self.columns = columns
        self.problems = problems
        self.failed = False
        self.failed_keys: set[str] = set()

    def has(self, key: str) -> bool:
        return key in self.columns

    def raw(self, key: str) -> object:
        if key not in self.columns:
            return _ABSENT
        index = self.columns[key][0]
        return self.cells[index] if index < len(self.cells) else None

    def is_blank(self) -> bool:
        return all(canonical(value) == "" for value in self.cells)

    def bad(self, key: str, error: _BadValueError) -> None:
        index, column = self.columns.get(key, (0, Column(key, Kind.TEXT, 0)))
        header = self.grid.header[index] if index < len(self.grid.header) else ""
        self.problems.append(
            BadCell(
                self.grid.sheet,
                self.number,
                _letter(index),
                _show(header) or column.key,
                _show(self.raw(key)) if self.has(key) else "",
                error.reason,
                error.params,
            )
        )
        self.failed = True
        self.failed_keys.add(key)

    def parse(self, key: str, parser: Callable[[object], Any]) -> Any:
        """The parsed value of column ``key``, ``None`` when it is bad (and recorded)."""
        try:
            return parser(self.raw(key))
        except _BadValueError as error:
            self.bad(key, error)
            return None


def _same(raw: object, forms: set[str]) -> bool:
    return canonical(raw) in forms


# --- merging measures ----------------------------------------------------------------------------


def _data_source(label: str, sheet: str, row: int) -> Source:
    return Source(SourceKind.DATA, label, locator=f"Blatt „{sheet}“, Zeile {row}")


_Item = TypeVar("_Item", Measure, BudgetLine)


class _Merge:
    """Applies the rows of the sheets to the base data set, collecting every bad cell."""

    def __init__(self, base: Dataset, label: str, csv_forms: bool) -> None:
        self.base = base
        self.label = label
        self.csv_forms = csv_forms
        self.problems: list[BadCell] = []

    def forms(self, cells: Iterable[tuple[CellValue, Kind]]) -> set[str]:
        """How a value may look when read back: in either language, as XLSX or CSV (in XLSX cut to
        fit a cell, or a number as exact text)."""
        out = set()
        for value, kind in cells:
            out.add(canonical(value))
            for lang in LANGS:
                if self.csv_forms:
                    out.add(canonical(unguard_csv(csv_text(value, kind, lang))))
                elif (written := xlsx_value(value, kind, lang)) is not value:
                    out.add(canonical(written))
        return out

    def queues(
        self, items: Iterable[_Item], ident: Callable[[_Item], str]
    ) -> dict[str, list[_Item]]:
        """``items`` by the forms their id may take in a row (an id cut to fit a cell too), in
        order: a row with such an id updates the first of them not yet updated."""
        queues: dict[str, list[_Item]] = {}
        for item in items:
            key = canonical(ident(item))
            queues.setdefault(key, []).append(item)
            if not self.csv_forms:
                for lang in LANGS:
                    cut = canonical(fit_cell(clean_text(ident(item)), lang))
                    if cut != key:
                        queues.setdefault(cut, []).append(item)
        return queues

    # -- measures --

    def measures(self, grid: Grid) -> Concept | None:
        concept = self.base.concept
        edition = concept.current if concept is not None else None
        base_measures = edition.measures if edition is not None else ()
        columns = _columns(grid, measure_columns(cost_years(base_measures)), True, self.problems)
        if "id" not in columns:
            return concept
        years = sorted({c.year for _, c in columns.values() if c.year is not None})
        queues = self.queues(base_measures, lambda measure: measure.id)
        seen: dict[str, int] = {}
        taken = {measure.id for measure in base_measures}
        updated: dict[str, Measure] = {}
        added: list[Measure] = []
        for number, cells in grid.rows:
            row = _Row(grid, number, cells, columns, self.problems)
            if row.is_blank():
                continue
            key = canonical(row.raw("id"))
            if key in seen:
                row.bad("id", _BadValueError("duplicate_id", row=seen[key]))
                continue
            queue = queues.get(key)
            if queue:
                seen[key] = number
                old = queue.pop(0)
                new = self.measure(row, old, concept, years)
                if new is not None:
                    updated[old.id] = new
                continue
            measure_id = row.parse("id", _ident)
            if not measure_id:
                if not row.failed:
                    row.bad("id", _BadValueError("required"))
                continue
            seen[key] = number
            if measure_id in taken:
                row.bad("id", _BadValueError("duplicate_id", row=number))
                continue
            if edition is None:
                row.bad("id", _BadValueError("no_edition"))
                continue
            taken.add(measure_id)
            new = self.measure(row, Measure(measure_id, _PLACEHOLDER), concept, years, fresh=True)
            if new is not None:
                added.append(new)
        if concept is None or edition is None or (not updated and not added):
            return concept
        measures = tuple(updated.get(m.id, m) for m in base_measures) + tuple(added)
        try:
            current = attrs.evolve(edition, measures=measures)
        except (ValueError, TypeError) as exc:
            raise ParseError(f"{self.label}: {exc}", None, Location(self.label)) from None
        return attrs.evolve(concept, editions=(*concept.editions[:-1], current))

    def measure(
        self,
        row: _Row,
        old: Measure,
        concept: Concept | None,
        years: Sequence[int],
        fresh: bool = False,
    ) -> Measure | None:
        """``old`` with the row applied; ``None`` when a cell of the row is bad."""
        shown = [measure_cells(old, concept, years, lang) for lang in LANGS]
        kinds = {c.key: c.kind for c in measure_columns(years)}

        def unchanged(*keys: str) -> bool:
            if fresh:
                return False
            return all(
                not row.has(k) or _same(row.raw(k), self.forms((s[k], kinds[k]) for s in shown))
                for k in keys
            )

        changes: dict[str, Any] = {}
        edition = concept.current if concept is not None else None
        if not unchanged("title"):
            title = row.parse("title", _text)
            if title is not None and not title.strip():
                row.bad("title", _BadValueError("required"))
            elif title is not None and title != old.title:
                changes["title"] = title
        if row.has("field") and not unchanged("field"):
            fields = {}
            for field in edition.fields if edition is not None else ():
                fields[field.title] = field.id
                fields[field.id] = field.id
            value = row.parse("field", _ident)
            if value:
                try:
                    changes["field"] = _choose(value, fields)
                except _BadValueError as error:
                    row.bad("field", error)
            elif value is not None:
                changes["field"] = None
        organizations = {}
        for org in self.base.organizations:
            organizations[org.name] = org.id
            organizations[org.id] = org.id
        if row.has("lead") and not unchanged("lead"):
            value = row.parse("lead", _ident)
            if value:
                try:
                    changes["lead"] = _choose(value, organizations)
                except _BadValueError as error:
                    row.bad("lead", error)
            elif value is not None:
                changes["lead"] = None
        if row.has("partners") and not unchanged("partners"):
            partners = self.partners(row, organizations)
            if partners is not None and partners != old.partners:
                changes["partners"] = partners
        if (row.has("start") or row.has("end")) and not unchanged("start", "end"):
            frame = old.timeframe or DateRange()
            start = row.parse("start", _date) if row.has("start") else frame.start
            end = row.parse("end", _date) if row.has("end") else frame.end
            if start is not None and end is not None and end < start:
                row.bad("end", _BadValueError("end_before_start"))
            elif not row.failed:
                new_frame = DateRange(start, end) if start or end else None
                if new_frame != old.timeframe and not (new_frame is None and frame == DateRange()):
                    changes["timeframe"] = new_frame
        for key in ("timeframe_text", "description"):
            if row.has(key) and not unchanged(key):
                value = row.parse(key, _text)
                if value is not None and value != getattr(old, key):
                    changes[key] = value
        if row.has("progress") and not unchanged("progress"):
            progress = row.parse("progress", lambda raw: _decimal(raw, percent=True))
            if not row.failed and progress != old.progress:
                # A new figure holds from the day it is read in: the sheet has no date for it.
                dated = self.progress(row, old, progress)
                if dated is not None:
                    changes["progress"] = progress
                    changes["progress_history"] = dated
        if row.has("weight") and not unchanged("weight"):
            weight = row.parse("weight", lambda raw: _decimal(raw, percent=False))
            if not row.failed and weight != old.weight:
                changes["weight"] = weight
        if (row.has("status") or row.has("status_since")) and not unchanged(
            "status", "status_since"
        ):
            history = self.status(row, old, concept)
            if history is not None and history != old.status_history:
                changes["status_history"] = history
        costs = list(old.costs)
        for year in years:
            key = f"cost:{year}"
            if not row.has(key) or unchanged(key):
                continue
            amount = row.parse(key, _money)
            if row.failed:
                continue
            before = [cost for cost in costs if cost.fiscal_year == year]
            if before and amount == before[-1].amount:
                continue
            if amount is None and not before:
                continue
            if amount is None:  # the cell emptied: the year has no cost any more
                costs = [cost for cost in costs if cost.fiscal_year != year]
                continue
            # A new figure is stated by this file today; the earlier ones keep their own sources
            # and dates, so that the figure in force on an earlier day can still be told.
            source = attrs.evolve(
                _data_source(self.label, row.grid.sheet, row.number), date=dt.date.today()
            )
            at = max((i + 1 for i, cost in enumerate(costs) if cost.fiscal_year == year), default=0)
            costs.insert(at if before else len(costs), MeasureCost(year, amount, source))
        if tuple(costs) != old.costs:
            changes["costs"] = tuple(costs)
        if fresh and changes.get("title", _PLACEHOLDER) == _PLACEHOLDER and not row.failed:
            row.bad("title", _BadValueError("required"))
        if row.failed:
            return None
        try:
            return attrs.evolve(old, **changes) if changes else old
        except (ValueError, TypeError) as exc:
            row.bad("id", _BadValueError("invalid", why=str(exc)))
            return None

    def partners(self, row: _Row, organizations: dict[str, str]) -> tuple[Partner, ...] | None:
        value = row.parse("partners", _text)
        if value is None:
            return None
        out = []
        for entry in re.split(r"[;\n]", value):
            entry = entry.strip()
            if not entry:
                continue
            match = re.fullmatch(r"(.*?)\s*\((.*)\)", entry, flags=re.DOTALL)
            name, role = (match[1].strip(), match[2].strip()) if match else (entry, "")
            try:
                out.append(Partner(_choose(name, organizations), role))
            except _BadValueError:
                known = ", ".join(sorted(set(organizations.values()))) or "–"
                row.bad("partners", _BadValueError("unknown_partner", name=name, known=known))
                return None
        return tuple(out)

    def progress(
        self, row: _Row, old: Measure, progress: Decimal | None
    ) -> tuple[ProgressChange, ...] | None:
        """``old``'s dated progress figures and ``progress`` from today on (after any of today:
        the last one of a day is the one in force), the file's row as its source."""
        today = dt.date.today()
        later = [c for c in old.progress_history if c.date > today]
        if later:
            row.bad("progress", _BadValueError("progress_later", date=f"{later[0].date:%d.%m.%Y}"))
            return None
        source = _data_source(self.label, row.grid.sheet, row.number)
        return (*old.progress_history, ProgressChange(today, progress, source))

    def status(
        self, row: _Row, old: Measure, concept: Concept | None
    ) -> tuple[StatusChange, ...] | None:
        history = old.status_history
        last = history[-1] if history else None
        value: str | None = last.status if last is not None else None
        since: dt.date | None = last.date if last is not None else None
        if row.has("status"):
            value = row.parse("status", _ident)
        if row.has("status_since"):
            since = row.parse("status_since", _date)
        if row.failed:
            return None
        if not value:
            if history:
                row.bad("status", _BadValueError("status_removed"))
                return None
            return history
        options: dict[str, str] = {}
        for status in concept.statuses if concept is not None else ():
            for label in (status.label_de, status.label_en):
                if label:
                    options[label] = status.key
            options[status.key] = status.key
        if options:
            try:
                key = _choose(value, options)
            except _BadValueError as error:
                row.bad("status", error)
                return None
        else:
            key = value
        if last is not None and (key, since) == (last.status, last.date):
            return history
        if since is None:
            row.bad("status_since", _BadValueError("status_needs_date"))
            return None
        if last is not None and since < last.date:
            row.bad("status_since", _BadValueError("status_before", date=f"{last.date:%d.%m.%Y}"))
            return None
        source = _data_source(self.label, row.grid.sheet, row.number)
        return (*history, StatusChange(since, key, source))

    # -- budget lines --

    def budget(self, grid: Grid) -> tuple[BudgetLine, ...]:
        base_lines = self.base.budget_lines
        columns = _columns(grid, BUDGET_COLUMNS, False, self.problems)
        if "id" not in columns:
            return base_lines
        queues = self.queues(base_lines, lambda line: line.id)
        seen: dict[str, int] = {}
        taken = {line.id for line in base_lines}
        updated: dict[str, BudgetLine] = {}
        added: list[BudgetLine] = []
        revisions: list[tuple[_Row, BudgetLine]] = []
        for number, cells in grid.rows:
            row = _Row(grid, number, cells, columns, self.problems)
            if row.is_blank():
                continue
            key = canonical(row.raw("id"))
            if key in seen:
                row.bad("id", _BadValueError("duplicate_id", row=seen[key]))
                continue
            queue = queues.get(key)
            old: BudgetLine | None = None
            if queue:
                old = queue.pop(0)
                line_id = old.id
            else:
                line_id = row.parse("id", _ident)
                if not line_id:
                    if not row.failed:
                        row.bad("id", _BadValueError("required"))
                    continue
                if line_id in taken:
                    row.bad("id", _BadValueError("duplicate_id", row=number))
                    continue
                taken.add(line_id)
            seen[key] = number
            new = self.line(row, old, line_id)
            if new is None:
                continue
            if old is not None:
                updated[old.id] = new
            else:
                added.append(new)
            if old is None or new.revises != old.revises:
                revisions.append((row, new))
        lines = tuple(updated.get(line.id, line) for line in base_lines) + tuple(added)
        ids = {line.id for line in lines}
        for row, line in revisions:
            if line.revises is None:
                continue
            if line.revises == line.id:
                row.bad("revises", _BadValueError("revises_self"))
            elif line.revises not in ids:
                row.bad("revises", _BadValueError("unknown", known=", ".join(sorted(ids))))
        return lines

    def line(self, row: _Row, old: BudgetLine | None, line_id: str) -> BudgetLine | None:
        shown = [budget_cells(old, lang) for lang in LANGS] if old is not None else []
        kinds = {c.key: c.kind for c in BUDGET_COLUMNS}

        def unchanged(*keys: str) -> bool:
            if old is None:
                return False
            return all(
                not row.has(k) or _same(row.raw(k), self.forms((s[k], kinds[k]) for s in shown))
                for k in keys
            )

        def value(key: str, parser: Callable[[object], Any], current: Any) -> Any:
            if old is not None and unchanged(key):
                return current
            if not row.has(key):
                return None
            return row.parse(key, parser)

        def required(key: str, given: object) -> None:
            if given in (None, "") and key not in row.failed_keys:
                row.bad(key, _BadValueError("required"))

        year = value("fiscal_year", _year, old.fiscal_year if old else None)
        required("fiscal_year", year)
        purposes: dict[str, str] = {}
        for each_purpose in self.base.purposes:
            purposes[each_purpose.title] = each_purpose.id
            if each_purpose.title_en:
                purposes[each_purpose.title_en] = each_purpose.id
            purposes[each_purpose.id] = each_purpose.id
        purpose = value("purpose", _ident, old.purpose if old else None)
        required("purpose", purpose)
        if purpose and (old is None or purpose != old.purpose):
            try:
                purpose = _choose(purpose, purposes)
            except _BadValueError as error:
                row.bad("purpose", error)
        phases: dict[str, str] = {}
        for each in BudgetPhase:
            phases[each.value] = each.value
            for lang in LANGS:
                phases[text(f"phase.{each.value}", lang)] = each.value
        phase_text = value("phase", _ident, old.phase.value if old else None)
        required("phase", phase_text)
        phase: BudgetPhase | None = None
        if phase_text:
            try:
                phase = BudgetPhase(_choose(phase_text, phases))
            except _BadValueError as error:
                row.bad("phase", error)
        amount = value("amount", _money, old.amount if old else None)
        required("amount", amount)
        revises = value("revises", _ident, old.revises if old else None)
        note = value("note", _text, old.note if old else "")
        source = self.source(row, old, unchanged)
        if row.failed or year is None or not purpose or phase is None or amount is None:
            return None
        if source is None:
            return None
        if old is not None and amount != old.amount and source == old.source:
            # The old source does not state the new amount: this file does, from today.
            source = attrs.evolve(
                _data_source(self.label, row.grid.sheet, row.number), date=dt.date.today()
            )
        try:
            return BudgetLine(
                line_id, year, purpose, phase, amount, source, revises or None, note or ""
            )
        except (ValueError, TypeError) as exc:
            row.bad("id", _BadValueError("invalid", why=str(exc)))
            return None

    def source(
        self, row: _Row, old: BudgetLine | None, unchanged: Callable[..., bool]
    ) -> Source | None:
        keys = (
            "source_kind",
            "source_reference",
            "source_title",
            "source_date",
            "source_locator",
            "source_url",
        )
        if old is not None and unchanged(*keys):
            return old.source
        base = old.source if old is not None else None

        def get(key: str, parser: Callable[[object], Any], current: Any) -> Any:
            if not row.has(key):
                return current
            return row.parse(key, parser)

        kinds = {}
        for kind in SourceKind:
            kinds[kind.value] = kind.value
            for lang in LANGS:
                kinds[text(f"source_kind.{kind.value}", lang)] = kind.value
        kind_text = get("source_kind", _ident, base.kind.value if base else "")
        kind = SourceKind.OTHER
        if kind_text:
            try:
                kind = SourceKind(_choose(kind_text, kinds))
            except _BadValueError as error:
                row.bad("source_kind", error)
        reference = get("source_reference", _text, base.reference if base else "")
        if reference is not None and not reference.strip():
            row.bad("source_reference", _BadValueError("required"))
        title = get("source_title", _text, base.title if base else "")
        day = get("source_date", _date, base.date if base else None)
        locator = get("source_locator", _text, base.locator if base else "")
        url = get("source_url", _text, base.url if base else "")
        if row.failed or reference is None:
            return None
        candidate = Source(kind, reference, title or "", day, locator or "", (url or "").strip())
        return base if base is not None and candidate == base else candidate


def _apply(
    base: Dataset,
    label: str,
    grids: dict[str, tuple[Grid, str]],
    csv_forms: bool,
) -> Dataset:
    """``base`` with the rows of ``grids`` (``measures``/``budget``: grid and file name) applied;
    ``label`` names the file(s) as the source of changed values."""
    merge = _Merge(base, label, csv_forms)
    concept = base.concept
    lines = base.budget_lines
    if "measures" in grids:
        concept = merge.measures(grids["measures"][0])
    if "budget" in grids:
        lines = merge.budget(grids["budget"][0])
    files = {grid.sheet: name for grid, name in grids.values()}
    if merge.problems:
        first = merge.problems[0].sheet
        raise BadCellsError(files.get(first, next(iter(files.values()))), merge.problems)
    try:
        return attrs.evolve(base, concept=concept, budget_lines=lines)
    except (ValueError, TypeError) as exc:
        raise ParseError(f"{label}: {exc}", None, Location(label)) from None


def _split(files: Sequence[InputFile]) -> tuple[InputFile | None, list[InputFile]]:
    bases = [f for f in files if f.name.lower().endswith(".json")]
    if len(bases) > 1:
        raise ParseError(
            "höchstens ein Datensatz (JSON) als Grundlage, nicht "
            + ", ".join(f.name for f in bases),
            None,
            _where(bases[1]),
        )
    return (bases[0] if bases else None), [f for f in files if f not in bases]


def read_xlsx(files: Sequence[InputFile]) -> Dataset:
    """The ``xlsx`` importer: a workbook as written by the ``xlsx`` report, optionally with the
    data set (JSON) it updates; without one, the workbook's hidden data set is the base."""
    base_file, rest = _split(files)
    if len(rest) != 1:
        where = rest[1] if len(rest) > 1 else (base_file or InputFile("-", b""))
        raise ParseError(
            f"der Import „xlsx“ liest genau eine Arbeitsmappe (und höchstens einen Datensatz als "
            f"JSON), nicht {len(rest)}",
            None,
            _where(where),
        )
    file = rest[0]
    grids, payload = _read_workbook(file)
    if base_file is not None:
        base = _load_base(base_file.data, base_file.name)
    elif payload:
        base = _load_base(payload.encode("utf-8"), file.name, f"Blatt „{DATASET_SHEET}“")
    else:
        raise ParseError(
            f"die Arbeitsmappe enthält keinen Datensatz (Blatt „{DATASET_SHEET}“ "
            "fehlt); bitte den Datensatz als JSON mit angeben: integrationkonzept import xlsx "
            "DATENSATZ.json DATEI.xlsx",
            None,
            _where(file),
        )
    if not grids:
        raise ParseError(
            "weder ein Blatt „Maßnahmen“ noch ein Blatt „Haushalt“ gefunden",
            None,
            _where(file),
        )
    label = PurePath(file.name).name
    named = {kind: (grid, file.name) for kind, grid in grids.items()}
    return _apply(base, label, named, csv_forms=False)


def read_csv(files: Sequence[InputFile]) -> Dataset:
    """The ``csv`` importer: the data set (JSON) to update and one or two CSV files (the measure
    sheet and/or the budget sheet, told apart by their header)."""
    base_file, rest = _split(files)
    if base_file is None:
        where = rest[0] if rest else InputFile("-", b"")
        raise ParseError(
            "eine CSV-Datei enthält nur eine Tabelle; bitte den Datensatz, den "
            "sie ändert, als JSON mit angeben: integrationkonzept import csv DATENSATZ.json "
            "DATEI.csv",
            None,
            _where(where),
        )
    if not 1 <= len(rest) <= 2:
        raise ParseError(
            f"der Import „csv“ liest eine oder zwei CSV-Dateien (Maßnahmen, Haushalt), nicht "
            f"{len(rest)}",
            None,
            _where(rest[2] if len(rest) > 2 else base_file),
        )
    grids: dict[str, tuple[Grid, InputFile]] = {}
    for file in rest:
        grid = _read_csv_grid(file)
        names = {_show(cell).casefold() for cell in grid.header}
        kind = "budget" if names & _names("col.fiscal_year") else "measures"
        if kind in grids:
            raise ParseError(
                f"zwei CSV-Dateien derselben Art ({grids[kind][1].name})",
                None,
                _where(file),
            )
        grids[kind] = (grid, file)
    base = _load_base(base_file.data, base_file.name)
    label = " + ".join(PurePath(file.name).name for _, file in grids.values())
    named = {kind: (grid, file.name) for kind, (grid, file) in grids.items()}
    return _apply(base, label, named, csv_forms=True)


def workbook_base(file: InputFile) -> tuple[Dataset, str | None] | None:
    """The data set a workbook was exported with (its hidden sheet) and the workspace revision it
    was exported at (``"<workspace id>@<revision>"``, ``None`` when not from a workspace);
    ``None`` for a file that is no workbook or carries no data set."""
    if not file.data.startswith(b"PK\x03\x04"):
        return None
    book = _open_workbook(file)
    titles = {str(sheet.title).casefold(): sheet for sheet in book.worksheets}
    hidden = titles.get(DATASET_SHEET)
    if hidden is None:
        return None
    payload = "".join(
        row[0]
        for row in hidden.iter_rows(min_col=1, max_col=1, values_only=True)
        if isinstance(row[0], str)
    )
    base = _load_base(payload.encode(), file.name, DATASET_SHEET)
    origin = titles.get(BASE_SHEET)
    token = origin["A1"].value if origin is not None else None
    return base, token if isinstance(token, str) and "@" in token else None


def sheet_rows(files: Sequence[InputFile]) -> dict[tuple[str, str], tuple[str, int]]:
    """Where each row is in the files as the user sees them: (``measures``/``budget``, id) →
    (sheet name, row number). For messages about rows; a file that cannot be read gives none."""
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for file in files:
        try:
            if file.data.startswith(b"PK\x03\x04"):
                grids = _read_workbook(file)[0]
            elif PurePath(file.name).suffix.lower() == ".csv":
                grid = _read_csv_grid(file)
                names = {_show(cell).casefold() for cell in grid.header}
                grids = {"budget" if names & _names("col.fiscal_year") else "measures": grid}
            else:
                continue
        except (ParseError, BadCellsError):
            continue
        for kind, grid in grids.items():
            headers = {_show(cell).strip().casefold() for cell in grid.header[:1]}
            if not headers & _names("col.id"):
                continue
            for number, cells in grid.rows:
                if cells and cells[0] is not None:
                    found.setdefault((kind, str(cells[0]).strip()), (grid.sheet, number))
    return found
