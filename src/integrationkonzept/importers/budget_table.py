"""The ``haushalt-csv`` importer: a product group's plan table (Teilergebnisplan) as CSV.

A municipal budget is published per product group: a row per line item (``Transferaufwendungen``,
``Sonstige ordentliche Aufwendungen`` …), a column per year and kind (``Ergebnis 2023``,
``Ansatz 2024``, ``Planung 2026`` …). Civic-tech groups and finance systems export these tables to
CSV with German numbers, often with the sign after the number (``520.820,86-``) and with a few
title rows above the header.

The importer reads three files: the data set (JSON) the lines go into, the table, and a mapping
the user writes (CSV ``Zeile;Zweck``) from the table's row labels to the concept's purposes. It
gives the data set with one :class:`~integrationkonzept.model.budget.BudgetLine` per purpose,
year column and kind:

==================================================  ===========================  ================
header word                                         phase                        id part
==================================================  ===========================  ================
Ergebnis, Ist, Ist-Ergebnis, Rechnungsergebnis      ``actual``                   ``ist``
Ansatz, Haushaltsansatz, Soll                       ``adopted``                  ``ansatz``
fortgeschriebener Ansatz                            ``revised`` (revises Ansatz) ``fortgeschrieben``
Entwurf                                             ``draft``                    ``entwurf``
Planung, Plan, Finanzplanung                        ``draft`` (with a note)      ``planung``
==================================================  ===========================  ================

The model has no phase for the figures of the medium-term plan (Planung of the years after the
budget years): they are neither proposed for adoption nor adopted, so they are kept as ``draft``
and their note says so. The id of a line is ``haushalt-<purpose>-<year>-<id part>``; a line with
that id in the data set is replaced, so importing the same table again changes nothing. Rows
mapped to the same purpose are added up (the note names the rows). A unit in a header
(``Ansatz 2024 (T€)``) or in a title row (``Beträge in T€``) scales every amount of the column or
table exactly.

Nothing is dropped without a word: a row with amounts that is not in the mapping is an error
unless the mapping leaves it out with ``-`` (or leaves out every other row with ``*;-``). Every
bad cell is listed with file, row, column and value
(:class:`~integrationkonzept.importers.catalogue.BadCellsError`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import Final

import attrs

from ..contributions import InputFile
from ..errors import DataError, Location, ParseError
from ..model.budget import BudgetLine, BudgetPhase, Purpose
from ..model.dataset import Dataset
from ..model.money import Money
from ..model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from ..model.source import Source, SourceKind
from .catalogue import MAX_ROWS, BadCell, BadCellsError
from .catalogue.cells import _letter

__all__ = ["read_budget_table"]

#: The rows above the header a table may have (title, product group, unit).
MAX_TITLE_ROWS: Final = 30


@attrs.frozen
class _Kind:
    """A kind of year column: its phase, its part of a line id, and a note for its lines."""

    slug: str
    phase: BudgetPhase
    note: str = ""


_PLANNING_NOTE: Final = (
    "Planung für ein späteres Haushaltsjahr (mittelfristige Planung, Spalte „{header}“); "
    "das Modell hat dafür keine eigene Phase, daher als Entwurf geführt"
)

_KINDS: Final = {
    "ergebnis": _Kind("ist", BudgetPhase.ACTUAL),
    "ist": _Kind("ist", BudgetPhase.ACTUAL),
    "ist-ergebnis": _Kind("ist", BudgetPhase.ACTUAL),
    "rechnungsergebnis": _Kind("ist", BudgetPhase.ACTUAL),
    "ansatz": _Kind("ansatz", BudgetPhase.ADOPTED),
    "haushaltsansatz": _Kind("ansatz", BudgetPhase.ADOPTED),
    "soll": _Kind("ansatz", BudgetPhase.ADOPTED),
    "fortgeschriebener ansatz": _Kind("fortgeschrieben", BudgetPhase.REVISED),
    "fortgeschr. ansatz": _Kind("fortgeschrieben", BudgetPhase.REVISED),
    "entwurf": _Kind("entwurf", BudgetPhase.DRAFT),
    "planung": _Kind("planung", BudgetPhase.DRAFT, _PLANNING_NOTE),
    "plan": _Kind("planung", BudgetPhase.DRAFT, _PLANNING_NOTE),
    "finanzplanung": _Kind("planung", BudgetPhase.DRAFT, _PLANNING_NOTE),
}
_YEAR: Final = re.compile(r"(?<![0-9])(?:19|20|21)[0-9]{2}(?![0-9])")
_KIND_WORD: Final = re.compile(
    "(?:"
    + "|".join(sorted({re.escape(k.split()[0]) for k in _KINDS}, key=len, reverse=True))
    + r")(?![^\W\d])"
)
_KNOWN_KINDS: Final = (
    "Ergebnis, Ist, Ansatz, Soll, fortgeschriebener Ansatz, Entwurf, Planung, Plan"
)

_UNIT: Final = (
    r"(?P<unit>T€|TEUR|TEuro|Tsd\.?\s*(?:€|EUR|Euro)?|Mio\.?\s*(?:€|EUR|Euro)?|€|EUR|Euro)"
)
_SUFFIXES: Final = {"t": " T€", "m": " Mio. €"}
# A year column: "Ansatz 2024", "Ansatz 2024 (T€)", "Ansatz 2024 in TEUR", "2024 Ansatz".
_YEAR_HEADER: Final = re.compile(
    rf"""(?ix)
    (?:(?P<kind>[^\W\d]\S*(?:\s+\S+)??)\s*(?P<year>[0-9]{{4}})
      |(?P<year2>[0-9]{{4}})\s+(?P<kind2>[^\W\d]\S*(?:\s+\S+)??))
    (?:\s*\(\s*(?:in\s+)?{_UNIT}\s*\)|\s+(?:in\s+)?{_UNIT.replace("unit", "unit2")})?
    """
)
_TABLE_UNIT: Final = re.compile(
    rf"(?i)(?:^|\s|\()(?:angaben|beträge|werte|alle\s+beträge)?\s*in\s+{_UNIT}(?:\s|\)|$|[.,;:])"
)
_EMPTY: Final = frozenset({"", "-", "–", "—", "./."})
_MAPPING_HEADERS: Final = (("zeile", "zweck"), ("row", "purpose"))
_SIGN_HEADERS: Final = frozenset({"vorzeichen", "sign"})


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _suffix(unit: str | None) -> str | None:
    """What to write after a cell's number for ``unit`` (``" T€"``); ``""`` for euro, ``None``
    when there is no unit."""
    if unit is None:
        return None
    first = unit.strip()[0].casefold()
    return _SUFFIXES.get(first, "")


# --- reading the CSV files -----------------------------------------------------------------------


def _records(file: InputFile, delimiter: str) -> list[list[str]]:
    content = file.text()
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS + MAX_TITLE_ROWS:
                raise ParseError(
                    f"mehr als {MAX_ROWS} Zeilen; die Datei ist zu groß",
                    None,
                    Location(file.name, len(records)),
                )
    except csv.Error as exc:
        raise ParseError(
            f"keine lesbare CSV-Datei ({exc})", None, Location(file.name, reader.line_num)
        ) from None
    return records


def _text_of(file: InputFile) -> str:
    content = file.text()
    if "\x00" in content:
        raise ParseError("keine CSV-Datei (enthält Nullbytes)", None, Location(file.name))
    return content


@attrs.frozen
class _Column:
    index: int
    header: str
    year: int
    kind: _Kind
    suffix: str | None  # the column's own unit, if its header names one


@attrs.frozen
class _Table:
    name: str  # the file name as given
    title: str
    header_row: int  # 1-based
    header: tuple[str, ...]
    labels: tuple[int, ...]  # indexes of the label columns
    columns: tuple[_Column, ...]
    suffix: str  # the table's unit (from a title row), "" for euro
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def _year_column(index: int, header: str) -> tuple[_Column | None, str | None]:
    """The year column ``header`` describes, or (None, the unknown kind) for a header of the shape
    of a year column with an unknown kind, or (None, None) for any other header."""
    match = _YEAR_HEADER.fullmatch(header.strip())
    if match is None:
        # "Ergebnis 2023 (vorläufig)": a known kind and a year, but not readable as a column.
        words = header.split()
        if words and _YEAR.search(header) and _KIND_WORD.match(words[0].casefold()):
            return None, header.strip()
        return None, None
    kind_text = _fold(match["kind"] or match["kind2"])
    year = int(match["year"] or match["year2"])
    unit = match["unit"] or match["unit2"]
    kind = _KINDS.get(kind_text)
    if kind is None:
        return None, (match["kind"] or match["kind2"])
    return _Column(index, " ".join(header.split()), year, kind, _suffix(unit)), None


def _find_header(records: list[list[str]]) -> tuple[int, list[_Column]] | None:
    """The header: of the first rows, the one with the most year columns (the first of equals),
    so that a title row such as „Entwurf 2025“ is not taken for it."""
    best: tuple[int, list[_Column]] | None = None
    for number, record in enumerate(records[: MAX_TITLE_ROWS + 1]):
        columns = [c for i, cell in enumerate(record) if (c := _year_column(i, cell)[0])]
        if columns and (best is None or len(columns) > len(best[1])):
            best = (number, columns)
    return best


def _read_table(file: InputFile, problems: list[BadCell]) -> _Table:
    _text_of(file)
    best: tuple[int, str, list[list[str]], int, list[_Column]] | None = None
    failure: ParseError | None = None
    for delimiter in (";", ",", "\t"):
        try:
            records = _records(file, delimiter)
        except ParseError as exc:
            failure = failure or exc
            continue
        found = _find_header(records)
        if found is not None and (best is None or len(found[1]) > best[0]):
            best = (len(found[1]), delimiter, records, found[0], found[1])
    if best is None:
        if failure is not None:
            raise failure
        raise ParseError(
            "keine Kopfzeile mit Jahresspalten gefunden (erwartet z. B. „Ergebnis 2023“, "
            f"„Ansatz 2024“, „Planung 2026“ in den ersten {MAX_TITLE_ROWS + 1} Zeilen)",
            None,
            Location(file.name),
        )
    _, _, records, header_index, columns = best
    sheet = PurePath(file.name).name
    header = tuple(records[header_index])
    title_cells = [cell.strip() for record in records[:header_index] for cell in record]
    title = " – ".join(cell for cell in title_cells if cell)[:300]
    suffix = ""
    for cell in [*title_cells, *header]:
        if (unit := _TABLE_UNIT.search(cell)) is not None and _year_column(0, cell)[0] is None:
            suffix = _suffix(unit["unit"]) or ""
            break
    first_year = columns[0].index
    seen: dict[tuple[int, str], _Column] = {}
    for column in columns:
        key = (column.year, column.kind.slug)
        if key in seen:
            problems.append(
                BadCell(
                    sheet,
                    header_index + 1,
                    _letter(column.index),
                    column.header,
                    column.header,
                    "budget_column_twice",
                    (
                        ("kind", column.header.split()[0]),
                        ("year", str(column.year)),
                        ("column", _letter(seen[key].index)),
                    ),
                )
            )
        seen.setdefault(key, column)
        if not MIN_FISCAL_YEAR <= column.year <= MAX_FISCAL_YEAR:
            problems.append(
                BadCell(
                    sheet,
                    header_index + 1,
                    _letter(column.index),
                    column.header,
                    column.header,
                    "not_year",
                )
            )
    for index, cell in enumerate(header):
        _, unknown = _year_column(index, cell)
        if unknown is not None and index > first_year:
            problems.append(
                BadCell(
                    sheet,
                    header_index + 1,
                    _letter(index),
                    cell.strip(),
                    cell.strip(),
                    "budget_column_kind",
                    (("kind", unknown), ("known", _KNOWN_KINDS)),
                )
            )
    labels = tuple(index for index in range(first_year) if index not in {c.index for c in columns})
    if not labels:
        raise ParseError(
            "vor den Jahresspalten steht keine Spalte mit den Bezeichnungen der Zeilen "
            f"(Kopfzeile {header_index + 1}: „{';'.join(header)[:200]}“)",
            None,
            Location(file.name, header_index + 1),
        )
    rows = tuple(
        (number, tuple(record))
        for number, record in enumerate(records[header_index + 1 :], start=header_index + 2)
        if any(cell.strip() for cell in record)
    )
    return _Table(file.name, title, header_index + 1, header, labels, tuple(columns), suffix, rows)


@attrs.frozen
class _Entry:
    """A row of the mapping: a table row's label, the purpose id (None: leave out), the sign."""

    row: int
    label: str
    purpose: str | None
    negate: bool


def _is_mapping(file: InputFile) -> bool:
    try:
        content = _text_of(file)
    except ParseError:
        return False
    first = next((line for line in content.splitlines() if line.strip()), "")
    cells = tuple(_fold(cell.strip().strip('"')) for cell in re.split(r"[;,\t]", first))
    return cells[:2] in _MAPPING_HEADERS


def _read_mapping(
    file: InputFile, purposes: Sequence[Purpose], problems: list[BadCell]
) -> list[_Entry]:
    content = _text_of(file)
    first = next((line for line in content.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    records = _records(file, delimiter)
    sheet = PurePath(file.name).name
    header = next(record for record in records if any(cell.strip() for cell in record))
    header_row = records.index(header) + 1
    sign_index = next((i for i, cell in enumerate(header) if _fold(cell) in _SIGN_HEADERS), None)
    choices: dict[str, str] = {}
    for purpose in purposes:
        for name in (purpose.title, purpose.title_en):
            if name:
                choices.setdefault(_fold(name), purpose.id)
    for purpose in purposes:
        choices[_fold(purpose.id)] = purpose.id
    ids = {purpose.id for purpose in purposes}
    known = ", ".join(f"{p.id} ({p.title})" for p in purposes) or "–"
    entries: list[_Entry] = []
    first_seen: dict[str, int] = {}

    def bad(number: int, index: int, value: str, reason: str, **params: str) -> None:
        shown = header[index].strip() if index < len(header) else ""
        problems.append(
            BadCell(sheet, number, _letter(index), shown, value, reason, tuple(params.items()))
        )

    for number, record in enumerate(records[header_row:], start=header_row + 1):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        label = cells[0] if cells else ""
        target = cells[1] if len(cells) > 1 else ""
        sign = cells[sign_index] if sign_index is not None and sign_index < len(cells) else ""
        if not label:
            bad(number, 0, label, "required")
            continue
        if not target:
            bad(number, 1, target, "required")
            continue
        chosen: str | None = None
        if target != "-":
            chosen = target if target in ids else choices.get(_fold(target))
            if chosen is None:
                bad(number, 1, target, "unknown", known=known)
                continue
        if label == "*" and chosen is not None:
            bad(number, 1, target, "budget_wildcard")
            continue
        if sign not in ("", "+", "-"):
            bad(number, sign_index or 2, sign, "budget_sign")
            continue
        key = _fold(label)
        if key in first_seen:
            bad(number, 0, label, "budget_entry_twice", row=str(first_seen[key]))
            continue
        first_seen[key] = number
        entries.append(_Entry(number, label, chosen, sign == "-"))
    return entries


# --- from rows to budget lines -------------------------------------------------------------------


@attrs.frozen
class _Part:
    row: int
    label: str
    column: _Column
    amount: Money


def _label_keys(table: _Table, cells: tuple[str, ...]) -> tuple[str, set[str]]:
    parts = [cells[i].strip() for i in table.labels if i < len(cells) and cells[i].strip()]
    keys = {_fold(part) for part in parts}
    if parts:
        keys.add(_fold(" ".join(parts)))
    return " ".join(parts), keys


def _amount(cell: str, suffix: str) -> Money:
    written = cell.strip()
    return Money.parse(f"{written}{suffix}" if suffix else written)


def _lines(
    table: _Table,
    mapping: InputFile,
    entries: list[_Entry],
    problems: list[BadCell],
) -> list[BudgetLine]:
    sheet = PurePath(table.name).name
    mapping_sheet = PurePath(mapping.name).name
    by_key = {_fold(entry.label): entry for entry in entries if entry.label != "*"}
    wildcard = any(entry.label == "*" for entry in entries)
    used: dict[str, list[int]] = {}
    parts: dict[tuple[str, int, str], list[tuple[_Part, bool]]] = {}
    label_header = table.header[table.labels[0]].strip() if table.labels else ""
    for number, cells in table.rows:
        label, keys = _label_keys(table, cells)
        values = {
            column.index: cells[column.index].strip() if column.index < len(cells) else ""
            for column in table.columns
        }
        has_amounts = any(value not in _EMPTY for value in values.values())
        matched = [by_key[key] for key in sorted(keys) if key in by_key]
        matched = list({entry.row: entry for entry in matched}.values())
        for entry in matched:
            used.setdefault(_fold(entry.label), []).append(number)
        if not has_amounts:
            continue
        if not label:
            problems.append(
                BadCell(
                    sheet,
                    number,
                    _letter(table.labels[0]),
                    label_header,
                    "",
                    "budget_no_label",
                )
            )
            continue
        if len(matched) > 1:
            problems.append(
                BadCell(
                    sheet,
                    number,
                    _letter(table.labels[0]),
                    label_header,
                    label,
                    "budget_row_twice",
                    (
                        ("rows", ", ".join(str(e.row) for e in matched)),
                        ("mapping", mapping_sheet),
                    ),
                )
            )
            continue
        if not matched:
            if not wildcard:
                problems.append(
                    BadCell(
                        sheet,
                        number,
                        _letter(table.labels[0]),
                        label_header,
                        label,
                        "budget_unmapped",
                        (("label", label), ("mapping", mapping_sheet)),
                    )
                )
            continue
        entry = matched[0]
        if entry.purpose is None:
            continue
        for column in table.columns:
            value = values[column.index]
            if value in _EMPTY:
                continue
            suffix = column.suffix if column.suffix is not None else table.suffix
            try:
                amount = _amount(value, suffix)
            except ParseError as exc:
                problems.append(
                    BadCell(
                        sheet,
                        number,
                        _letter(column.index),
                        column.header,
                        value,
                        "not_amount",
                        (("why", exc.message),),
                    )
                )
                continue
            key = (entry.purpose, column.year, column.kind.slug)
            part = _Part(number, label, column, -amount if entry.negate else amount)
            parts.setdefault(key, []).append((part, entry.negate))
    for entry in entries:
        if entry.label == "*" or entry.purpose is None:
            continue
        rows = used.get(_fold(entry.label), [])
        if not rows:
            problems.append(
                BadCell(
                    mapping_sheet,
                    entry.row,
                    "A",
                    "Zeile",
                    entry.label,
                    "budget_entry_missing",
                    (("table", sheet),),
                )
            )
        elif len(rows) > 1:
            problems.append(
                BadCell(
                    mapping_sheet,
                    entry.row,
                    "A",
                    "Zeile",
                    entry.label,
                    "budget_entry_ambiguous",
                    (("rows", ", ".join(map(str, rows))),),
                )
            )
    if problems:
        return []
    return _build(table, parts)


def _build(
    table: _Table, parts: dict[tuple[str, int, str], list[tuple[_Part, bool]]]
) -> list[BudgetLine]:
    reference = PurePath(table.name).name
    lines: list[BudgetLine] = []
    ids: dict[tuple[str, int, str], str] = {}
    for (purpose, year, slug), found in parts.items():
        line_id = f"haushalt-{purpose}-{year}-{slug}"
        ids[(purpose, year, slug)] = line_id
        column = found[0][0].column
        rows = [part.row for part, _ in found]
        if len(rows) == 1:
            locator = f"Zeile {rows[0]}, Spalte {column.header}"
        else:
            listed = ", ".join(map(str, rows[:-1])) + f" und {rows[-1]}"
            locator = f"Zeilen {listed}, Spalte {column.header}"
        notes = []
        if column.kind.note:
            notes.append(column.kind.note.format(header=column.header))
        if len(found) > 1:
            notes.append(
                "Summe der Zeilen " + ", ".join(f"{part.row} ({part.label})" for part, _ in found)
            )
        if any(negated for _, negated in found):
            notes.append("Vorzeichen umgekehrt (laut Zuordnung)")
        amount = sum((part.amount for part, _ in found), Money.zero())
        source = Source(SourceKind.DATA, reference, table.title, None, locator)
        lines.append(
            BudgetLine(
                line_id, year, purpose, column.kind.phase, amount, source, None, "; ".join(notes)
            )
        )
    # A fortgeschriebener Ansatz replaces the Ansatz of its year and purpose, never adds to it.
    return [
        attrs.evolve(line, revises=ids.get((line.purpose, line.fiscal_year, "ansatz")))
        if line.phase is BudgetPhase.REVISED
        else line
        for line in lines
    ]


# --- the importer --------------------------------------------------------------------------------


def _load_base(file: InputFile) -> Dataset:
    from ..serialize import load

    try:
        return load(Dataset, file.data, name=file.name)
    except DataError as exc:
        problems = "; ".join(f"{path}: {message}" for path, message in exc.problems)
        raise ParseError(
            f"kein gültiger Datensatz: {problems}", None, Location(file.name)
        ) from None


_USAGE: Final = (
    "der Import „haushalt-csv“ liest den Datensatz (JSON), die Tabelle (CSV) und die Zuordnung "
    "(CSV mit den Spalten „Zeile;Zweck“): integrationkonzept import haushalt-csv DATENSATZ.json "
    "TABELLE.csv ZUORDNUNG.csv"
)


def read_budget_table(files: Sequence[InputFile]) -> Dataset:
    """The ``haushalt-csv`` importer: the data set (JSON), a plan table (CSV) and the mapping
    (CSV ``Zeile;Zweck``), in any order; see the module's description."""
    bases = [f for f in files if f.name.lower().endswith(".json")]
    rest = [f for f in files if f not in bases]
    mappings = [f for f in rest if _is_mapping(f)]
    tables = [f for f in rest if f not in mappings]
    if len(bases) != 1 or len(mappings) != 1 or len(tables) != 1:
        where = (tables or mappings or bases or [InputFile("-", b"")])[0]
        found = (
            f"gegeben: {len(bases)} Datensatz/Datensätze, {len(tables)} Tabelle(n), "
            f"{len(mappings)} Zuordnung(en)"
        )
        raise ParseError(f"{_USAGE} ({found})", None, Location(where.name))
    base = _load_base(bases[0])
    problems: list[BadCell] = []
    table = _read_table(tables[0], problems)
    entries = _read_mapping(mappings[0], base.purposes, problems)
    lines = _lines(table, mappings[0], entries, problems) if not problems else []
    if problems:
        first = problems[0].sheet
        file = next((f.name for f in (*tables, *mappings) if PurePath(f.name).name == first), "")
        raise BadCellsError(file or tables[0].name, problems)
    new = {line.id: line for line in lines}
    kept = tuple(new.pop(line.id, line) if line.id in new else line for line in base.budget_lines)
    try:
        return attrs.evolve(base, budget_lines=kept + tuple(new.values()))
    except (ValueError, TypeError) as exc:
        raise ParseError(f"{table.name}: {exc}", None, Location(table.name)) from None
