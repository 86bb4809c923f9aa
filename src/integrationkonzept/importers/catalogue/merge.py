"""What merging measures and merging budget lines share: the rows of a sheet matched to the items
of the base data set by id, and whether a cell still shows what the base says."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol, TypeVar

from ...i18n import LANGS
from ...model.dataset import Dataset
from ...model.source import Source, SourceKind
from ...safe import clean_text, unguard_csv
from ...sheets import CellValue, Column, Kind, canonical, csv_text, fit_cell, xlsx_value
from .cells import BadCell, _BadValueError, _ident
from .files import Grid
from .rows import _Row


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_Identified)


def _data_source(label: str, sheet: str, row: int) -> Source:
    return Source(SourceKind.DATA, label, locator=f"Blatt „{sheet}“, Zeile {row}")


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

    def unchanged(
        self,
        row: _Row,
        shown: Sequence[Mapping[str, CellValue]],
        kinds: Mapping[str, Kind],
        keys: Iterable[str],
    ) -> bool:
        """Whether every cell of ``keys`` the row has still shows what the base shows (``shown``:
        the base item's cells in each language)."""
        return all(
            not row.has(key)
            or canonical(row.raw(key)) in self.forms((cells[key], kinds[key]) for cells in shown)
            for key in keys
        )

    def queues(self, items: Iterable[_Item]) -> dict[str, list[_Item]]:
        """``items`` by the forms their id may take in a row (an id cut to fit a cell too), in
        order: a row with such an id updates the first of them not yet updated."""
        queues: dict[str, list[_Item]] = {}
        for item in items:
            key = canonical(item.id)
            queues.setdefault(key, []).append(item)
            if not self.csv_forms:
                for lang in LANGS:
                    cut = canonical(fit_cell(clean_text(item.id), lang))
                    if cut != key:
                        queues.setdefault(cut, []).append(item)
        return queues

    def matched_rows(
        self,
        grid: Grid,
        columns: dict[str, tuple[int, Column]],
        items: Sequence[_Item],
        refuse_new: str | None = None,
    ) -> Iterator[tuple[_Row, _Item | None, str]]:
        """Each row of ``grid`` that is not blank and has a usable id, with the item of ``items``
        it updates (``None`` for a new one) and its id.

        A row whose id was in an earlier row (more often than items of the base show that id), a
        new id that is taken, or a missing id is a bad cell and left out; so is every new id when
        ``refuse_new`` is a reason (a text key).
        """
        queues = self.queues(items)
        seen: dict[str, int] = {}
        taken = {item.id for item in items}
        for number, cells in grid.rows:
            row = _Row(grid, number, cells, columns, self.problems)
            if row.is_blank():
                continue
            key = canonical(row.raw("id"))
            queue = queues.get(key)
            if queue:
                # Items whose ids a cell shows alike (ids that differ only in characters a cell
                # cannot hold) were written as rows in order, and are read back in order.
                seen.setdefault(key, number)
                old = queue.pop(0)
                yield row, old, old.id
                continue
            if key in seen:
                row.bad("id", _BadValueError("duplicate_id", row=seen[key]))
                continue
            new_id: str | None = row.parse("id", _ident)
            if not new_id:
                if not row.failed:
                    row.bad("id", _BadValueError("required"))
                continue
            seen[key] = number
            if new_id in taken:
                row.bad("id", _BadValueError("duplicate_id", row=number))
                continue
            if refuse_new is not None:
                row.bad("id", _BadValueError(refuse_new))
                continue
            taken.add(new_id)
            yield row, None, new_id
