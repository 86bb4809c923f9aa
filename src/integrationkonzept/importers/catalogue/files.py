"""Reading the files: a workbook's sheets or a CSV file as :class:`Grid` tables (with the size
limits that keep a hostile file from taking minutes and gigabytes), and the base data set."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Final

import attrs

from ...contributions import InputFile
from ...errors import DataError, Location, ParseError
from ...i18n import LANGS, text
from ...model.dataset import Dataset
from ...registers import REGISTERS
from ...safe import unguard_csv
from ...sheets import BASE_SHEET, DATASET_SHEET
from .cells import BadCell, BadCellsError, Formula

#: The most rows a sheet may have.
MAX_ROWS: Final = 20000
_MAX_UNPACKED: Final = 200 * 1024 * 1024  # bytes a workbook may unpack to


@attrs.frozen
class Grid:
    """A table as read: the sheet's name, the header row, and the rows with their numbers."""

    sheet: str
    header: tuple[object, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


# --- reading files -------------------------------------------------------------------------------


def _where(file: InputFile) -> Location:
    return Location(file.name)


def _load_base(data: bytes, file: str, part: str = "") -> Dataset:
    """The data set a file's rows update (``part`` names where in ``file`` it is kept)."""
    from ...serialize import load

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


def _sheet_kinds() -> dict[str, str]:
    """Every sheet the import reads, by its name (folded) in either language: ``measures``,
    ``budget``, ``info`` and the kinds of :data:`~integrationkonzept.registers.REGISTERS`."""
    kinds = {"sheet.measures": "measures", "sheet.budget": "budget", "sheet.info": "info"}
    kinds.update({register.sheet_key: register.kind for register in REGISTERS})
    return {name: kind for key, kind in kinds.items() for name in _names(key)}


def _read_workbook(file: InputFile) -> tuple[dict[str, Grid], str | None]:
    """The grids of the sheets the import reads (by kind, see :func:`_sheet_kinds`) and the
    hidden JSON, if any. A visible sheet the import does not know is a problem when it holds
    anything: its rows would otherwise be dropped without a word."""
    book = _open_workbook(file)
    kinds = _sheet_kinds()
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
        kind = kinds.get(folded)
        if kind is None:
            if folded != BASE_SHEET and _has_values(sheet):
                known = ", ".join(text(k, "de") for k in _SHEET_KEYS)
                problems.append(
                    BadCell(title, 1, "A", "", "", "unknown_sheet", (("known", known),))
                )
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


_SHEET_KEYS: Final = (
    "sheet.measures",
    "sheet.budget",
    "sheet.info",
    *(register.sheet_key for register in REGISTERS),
)


def _has_values(sheet: Any) -> bool:
    """Whether a sheet holds any value (bounded: a sheet with more rows than the import reads
    holds values anyway)."""
    if (sheet.max_row or 0) > MAX_ROWS:
        return True
    return any(
        value not in (None, "") for row in sheet.iter_rows(values_only=True) for value in row
    )


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
