"""The columns of a sheet found by their headers, and one row's cells by column key."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Final

from ...i18n import LANGS
from ...model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from ...sheets import Column, Kind, canonical
from .cells import BadCell, _BadValueError, _letter, _show
from .files import Grid


class _Absent:
    """The value of a column the sheet does not have."""


_ABSENT: Final = _Absent()


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
