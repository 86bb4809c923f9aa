"""Merging the budget sheet: each row updates a budget line or adds one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from ...i18n import LANGS, text
from ...model.budget import BudgetLine, BudgetPhase
from ...model.source import Source, SourceKind
from ...sheets import BUDGET_COLUMNS, budget_cells
from .cells import _BadValueError, _choose, _date, _ident, _money, _text, _year
from .files import Grid
from .merge import _data_source, _Merge
from .rows import _columns, _Row


def merge_budget(merge: _Merge, grid: Grid) -> tuple[BudgetLine, ...]:
    """The base's budget lines with the rows of ``grid`` applied (bad cells go to ``merge``)."""
    base_lines = merge.base.budget_lines
    columns = _columns(grid, BUDGET_COLUMNS, False, merge.problems)
    if "id" not in columns:
        return base_lines
    updated: dict[str, BudgetLine] = {}
    added: list[BudgetLine] = []
    revisions: list[tuple[_Row, BudgetLine]] = []
    for row, old, line_id in merge.matched_rows(grid, columns, base_lines):
        new = _line(merge, row, old, line_id)
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


def _line(merge: _Merge, row: _Row, old: BudgetLine | None, line_id: str) -> BudgetLine | None:
    shown = [budget_cells(old, lang) for lang in LANGS] if old is not None else []
    kinds = {c.key: c.kind for c in BUDGET_COLUMNS}

    def unchanged(*keys: str) -> bool:
        return old is not None and merge.unchanged(row, shown, kinds, keys)

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
    for each_purpose in merge.base.purposes:
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
    # The short words of budget tables: "Ist" is what was spent, "Soll" the adopted plan.
    for short in ("actual", "adopted"):
        for lang in LANGS:
            phases.setdefault(text(f"phase.short.{short}", lang), short)
    shown_phases = [text(f"phase.{each.value}", "de") for each in BudgetPhase]
    phase_text = value("phase", _ident, old.phase.value if old else None)
    required("phase", phase_text)
    phase: BudgetPhase | None = None
    if phase_text:
        try:
            phase = BudgetPhase(_choose(phase_text, phases, shown_phases))
        except _BadValueError as error:
            row.bad("phase", error)
    amount = value("amount", _money, old.amount if old else None)
    required("amount", amount)
    revises = value("revises", _ident, old.revises if old else None)
    note = value("note", _text, old.note if old else "")
    source = _source(row, old, unchanged)
    if row.failed or year is None or not purpose or phase is None or amount is None:
        return None
    if source is None:
        return None
    if old is not None and amount != old.amount and source == old.source:
        # The old source does not state the new amount: this file does, from today.
        source = attrs.evolve(
            _data_source(merge.label, row.grid.sheet, row.number), date=dt.date.today()
        )
    try:
        return BudgetLine(
            line_id, year, purpose, phase, amount, source, revises or None, note or ""
        )
    except (ValueError, TypeError) as exc:
        row.bad("id", _BadValueError("invalid", why=str(exc)))
        return None


def _source(row: _Row, old: BudgetLine | None, unchanged: Callable[..., bool]) -> Source | None:
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
