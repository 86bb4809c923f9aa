"""Budget views: amounts by fiscal year × purpose × phase, each with the lines (and so the sources)
it was computed from.

The revision rule: a line that ``revises`` another replaces it and is never added to it.

* In the column of a phase, a line revised by another line *of the same phase* (a corrected figure)
  is dropped.
* The current plan (Soll) of a year and purpose is the sum of its adopted and revised lines that no
  other adopted or revised line revises. So a revised 80,000 that revises an adopted 60,000 makes
  the plan 80,000, while the adopted column still shows the 60,000 the council decided.
* A link counts only between lines of the same fiscal year and purpose; other links are ignored
  here and reported by the checks.
* When several lines revise the same line, they are rival figures, not additions: only the one
  with the latest source date counts (equal dates: the greatest id); the checks report the rivalry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from ..model.budget import BudgetLine, BudgetPhase
from ..model.money import Money
from ..model.periods import BudgetPeriod
from ..model.source import Source

__all__ = [
    "PLAN_PHASES",
    "BudgetView",
    "Cell",
    "PeriodComparison",
    "YearComparison",
    "budget_view",
    "compare_periods",
    "phase_lines",
    "plan_lines",
]

#: The phases whose lines make up the current plan (Soll).
PLAN_PHASES = frozenset({BudgetPhase.ADOPTED, BudgetPhase.REVISED})


def _recency(line: BudgetLine) -> tuple[dt.date, str]:
    return (line.source.date or dt.date.min, line.id)


def _current(
    candidates: Sequence[BudgetLine], lines: Sequence[BudgetLine]
) -> tuple[BudgetLine, ...]:
    """The ``candidates`` that stand. Revisions form chains from an original line; of each chain
    only its end stands, and where a line was revised more than once (rival figures) the most
    recent end of its chains. The chains are traced through all ``lines``, so rival revisions of
    an adopted line stay rivals in the column of the revised phase. Links across years or
    purposes, to unknown lines or in a cycle are ignored here (the checks report them)."""
    by_id = {line.id: line for line in lines}

    def revised(line: BudgetLine) -> BudgetLine | None:
        target = by_id.get(line.revises) if line.revises is not None else None
        if target is None or target is line:
            return None
        same = (target.fiscal_year, target.purpose) == (line.fiscal_year, line.purpose)
        return target if same else None

    def origin(line: BudgetLine) -> BudgetLine:
        seen = {line.id}
        while (target := revised(line)) is not None and target.id not in seen:
            seen.add(target.id)
            line = target
        return line

    superseded = {target.id for line in candidates if (target := revised(line)) is not None}
    latest: dict[str, BudgetLine] = {}
    for end in (line for line in candidates if line.id not in superseded):
        root = origin(end).id
        if root not in latest or _recency(end) > _recency(latest[root]):
            latest[root] = end
    standing = {line.id for line in latest.values()}
    return tuple(line for line in candidates if line.id in standing)


def phase_lines(lines: Iterable[BudgetLine], phase: BudgetPhase) -> tuple[BudgetLine, ...]:
    """The lines of ``phase`` that no other line of the same phase revises."""
    every = tuple(lines)
    return _current([line for line in every if line.phase is phase], every)


def plan_lines(lines: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]:
    """The adopted and revised lines that make up the current plan (none revised by another)."""
    every = tuple(lines)
    return _current([line for line in every if line.phase in PLAN_PHASES], every)


@attrs.frozen
class Cell:
    """An amount in the view and the lines it adds up."""

    amount: Money
    lines: tuple[BudgetLine, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        """The distinct sources of the lines, in order of first appearance."""
        return tuple(dict.fromkeys(line.source for line in self.lines))


def _amount(cell: Cell | None) -> Money | None:
    return None if cell is None else cell.amount


def _cell(lines: Iterable[BudgetLine]) -> Cell:
    chosen = tuple(lines)
    return Cell(sum((line.amount for line in chosen), Money.zero()), chosen)


@attrs.frozen
class BudgetView:
    """The lines of one budget period, by year × purpose × phase, plus the current plan.

    Cells exist only where there are lines: a missing cell means "no figure known", which is not
    the same as a figure of 0 (the draft 2021/22 in Leipzig states 0 explicitly).
    """

    period: BudgetPeriod
    lines: tuple[BudgetLine, ...]

    def purposes(self) -> tuple[str, ...]:
        """The purpose ids that occur, in order of first appearance."""
        return tuple(dict.fromkeys(line.purpose for line in self.lines))

    def phases(self) -> tuple[BudgetPhase, ...]:
        """The phases that occur, in the order of the budget cycle."""
        present = {line.phase for line in self.lines}
        return tuple(phase for phase in BudgetPhase if phase in present)

    def _select(self, year: int | None, purpose: str | None) -> list[BudgetLine]:
        return [
            line
            for line in self.lines
            if (year is None or line.fiscal_year == year)
            and (purpose is None or line.purpose == purpose)
        ]

    def cell(
        self, phase: BudgetPhase, year: int | None = None, purpose: str | None = None
    ) -> Cell | None:
        """The amount of ``phase`` for a year and purpose (``None``: all); ``None`` if no line."""
        chosen = phase_lines(self._select(year, purpose), phase)
        return _cell(chosen) if chosen else None

    def plan(self, year: int | None = None, purpose: str | None = None) -> Cell | None:
        """The current plan (Soll) for a year and purpose (``None`` for all)."""
        chosen = plan_lines(self._select(year, purpose))
        return _cell(chosen) if chosen else None

    def total(self, phase: BudgetPhase, year: int | None = None) -> Money | None:
        """Total of ``phase`` over all purposes, for one year or the whole period."""
        found = self.cell(phase, year)
        return None if found is None else found.amount

    def plan_total(self, year: int | None = None) -> Money | None:
        """Total current plan over all purposes, for one year or the whole period."""
        found = self.plan(year)
        return None if found is None else found.amount

    def _per_year(
        self,
        later: Callable[[int], Money | None],
        earlier: Callable[[int], Money | None],
        year: int | None,
    ) -> Money | None:
        # Over a period only the years that know both figures count: a year without a reported
        # actual must not show up as money not spent.
        total: Money | None = None
        for each in (year,) if year is not None else self.period.years:
            a, b = later(each), earlier(each)
            if a is not None and b is not None:
                total = (a - b) if total is None else total + (a - b)
        return total

    def difference(
        self, later: BudgetPhase, earlier: BudgetPhase, year: int | None = None
    ) -> Money | None:
        """``later`` minus ``earlier`` over all purposes (e.g. adopted − draft), for one year or
        summed over the years of the period that know both; ``None`` when no year does."""
        return self._per_year(
            lambda y: self.total(later, y), lambda y: self.total(earlier, y), year
        )

    def plan_minus(self, phase: BudgetPhase, year: int | None = None) -> Money | None:
        """The current plan minus ``phase`` (e.g. the draft: what the council and later changes
        added), for one year or summed over the years of the period that know both."""
        return self._per_year(lambda y: self.plan_total(y), lambda y: self.total(phase, y), year)

    def actual_minus_plan(
        self, year: int | None = None, purpose: str | None = None
    ) -> Money | None:
        """What was used minus the current plan for a purpose (``None``: all), for one year or
        summed over the years of the period that know both; ``None`` when no year does."""
        return self._per_year(
            lambda y: _amount(self.cell(BudgetPhase.ACTUAL, y, purpose)),
            lambda y: _amount(self.plan(y, purpose)),
            year,
        )

    def planned_years(self) -> tuple[int, ...]:
        """The years of the period that have a current plan."""
        return tuple(year for year in self.period.years if self.plan_total(year) is not None)

    def complete(self) -> bool:
        """Whether the period has a planned year and every planned year a reported actual (only
        then does the difference over the period say what was used against the whole plan)."""
        planned = self.planned_years()
        return bool(planned) and all(
            self.total(BudgetPhase.ACTUAL, year) is not None for year in planned
        )

    def used_as_planned(self) -> bool:
        """Whether the period is complete and every purpose used exactly its plan in every year
        it has a plan or an actual (differences that cancel out across years or purposes do not
        count as used as planned)."""
        if not self.complete():
            return False
        return all(
            self.actual_minus_plan(year, purpose) == Money.zero()
            for purpose in self.purposes()
            for year in self.period.years
            if self.plan(year, purpose) is not None
            or self.cell(BudgetPhase.ACTUAL, year, purpose) is not None
        )


def budget_view(lines: Iterable[BudgetLine], period: BudgetPeriod) -> BudgetView:
    """The view of ``period``: every line whose fiscal year lies in the period."""
    return BudgetView(period, tuple(line for line in lines if line.fiscal_year in period.years))


@attrs.frozen
class YearComparison:
    """One year of a period compared with the base: the amount, the change and the change in %."""

    year: int
    amount: Money | None
    change: Money | None
    percent: Decimal | None  # rounded to one place, ROUND_HALF_UP; None when the base is 0


@attrs.frozen
class PeriodComparison:
    """A period's amounts in one phase against the previous period's last planned year.

    The base is the current plan (Soll) of the last year of the previous period that has one: the
    amount the new budget continues from. A cut shows as a negative change.
    """

    previous: BudgetPeriod
    current: BudgetPeriod
    phase: BudgetPhase
    base_year: int | None
    base: Money | None
    years: tuple[YearComparison, ...]


def compare_periods(
    lines: Iterable[BudgetLine],
    previous: BudgetPeriod,
    current: BudgetPeriod,
    phase: BudgetPhase = BudgetPhase.DRAFT,
) -> PeriodComparison:
    """Compare each year of ``current`` in ``phase`` with the last planned year of ``previous``."""
    all_lines = tuple(lines)
    before = budget_view(all_lines, previous)
    base_year: int | None = None
    base: Money | None = None
    for year in reversed(previous.years):
        base = before.plan_total(year)
        if base is not None:
            base_year = year
            break
    now = budget_view(all_lines, current)
    rows = []
    for year in current.years:
        amount = now.total(phase, year)
        change = None if amount is None or base is None else amount - base
        percent = None
        if change is not None and base is not None and base.amount != 0:
            percent = (change.amount * 100 / base.amount).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
        rows.append(YearComparison(year, amount, change, percent))
    return PeriodComparison(previous, current, phase, base_year, base, tuple(rows))
