"""Review schedules (what is due when), delivered vs due, and milestone slips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum

import attrs

from ..model.periods import MAX_FISCAL_YEAR, BudgetCadence
from ..model.review import Due, Milestone, PlannedDate, Report, ReviewRule, Trigger

__all__ = [
    "DueItem",
    "DueState",
    "DueStatus",
    "Slip",
    "delivery_status",
    "milestone_slip",
    "schedule",
]


@attrs.frozen
class DueItem:
    """One duty of one rule: the period it covers (first to last year) and its due date."""

    rule: ReviewRule
    first_year: int
    last_year: int
    due: dt.date

    def period_label(self) -> str:
        """``2021`` or ``2021/22`` (or ``2021–2023`` for longer periods)."""
        if self.first_year == self.last_year:
            return str(self.first_year)
        if self.last_year == self.first_year + 1:
            return f"{self.first_year}/{self.last_year % 100:02d}"
        return f"{self.first_year}–{self.last_year}"


def _periods(rule: ReviewRule, cadence: BudgetCadence, until: int) -> list[tuple[int, int]]:
    # No duty falls in a year past the last fiscal year the model knows (a reference day far in
    # the future must not ask for budget periods that cannot exist).
    last = min(until if rule.last_year is None else min(until, rule.last_year), MAX_FISCAL_YEAR)
    if rule.trigger is Trigger.BUDGET_PERIOD:
        # A rule that starts within a running period applies from the next period on.
        periods = cadence.periods(rule.first_year, last)
        return [(p.first, p.last) for p in periods if p.first >= rule.first_year]
    step = rule.interval_years
    return [(y, y + step - 1) for y in range(rule.first_year, last + 1, step)]


def schedule(
    rules: Iterable[ReviewRule], cadence: BudgetCadence, until: int
) -> tuple[DueItem, ...]:
    """Every duty of ``rules`` whose period starts no later than ``until``, ordered by due date.

    A rule's duties begin with its ``first_year``; a rule in step with the budget begins with the
    first budget period that starts in or after that year.
    A duty due at the ``START`` of its period falls due on 1 January of its first year, one due at
    the ``END`` on 31 December of its last year; either way the date lies inside the period.
    """
    items = []
    for rule in rules:
        for first, last in _periods(rule, cadence, until):
            if first > until:
                continue
            due = dt.date(first, 1, 1) if rule.due is Due.START else dt.date(last, 12, 31)
            items.append(DueItem(rule, first, last, due))
    return tuple(sorted(items, key=lambda item: (item.due, item.rule.id)))


class DueState(Enum):
    """Where a duty stands on a given day."""

    ON_TIME = "on_time"  # delivered by the due date
    LATE = "late"  # delivered after the due date
    MISSING = "missing"  # past due, nothing delivered (as far as the data knows)
    OPEN = "open"  # not yet due, nothing delivered yet


@attrs.frozen
class DueStatus:
    """A duty and what became of it as of a day."""

    item: DueItem
    state: DueState
    report: Report | None = None
    days_late: int = 0  # LATE: delivered − due; MISSING: as_of − due


def delivery_status(
    rules: Iterable[ReviewRule],
    reports: Iterable[Report],
    cadence: BudgetCadence,
    as_of: dt.date,
    until: int | None = None,
) -> tuple[DueStatus, ...]:
    """Each duty up to ``until`` (default: the year after ``as_of``) against the reports delivered
    by ``as_of``. A report fulfils the duty of its rule whose period starts in its
    ``period_start``; of several, the earliest counts. Reports delivered after ``as_of`` are not
    yet known on that day and are ignored."""
    known = sorted((r for r in reports if r.delivered <= as_of), key=lambda r: r.delivered)
    out = []
    for item in schedule(rules, cadence, as_of.year + 1 if until is None else until):
        report = next(
            (r for r in known if r.rule == item.rule.id and r.period_start == item.first_year),
            None,
        )
        if report is not None:
            late = (report.delivered - item.due).days
            state = DueState.LATE if late > 0 else DueState.ON_TIME
            out.append(DueStatus(item, state, report, max(late, 0)))
        elif item.due < as_of:
            out.append(DueStatus(item, DueState.MISSING, None, (as_of - item.due).days))
        else:
            out.append(DueStatus(item, DueState.OPEN))
    return tuple(out)


@attrs.frozen
class Slip:
    """How far a milestone moved: from its first plan to its latest plan, or to when it happened.

    ``days`` is the slip of the date that counts now (the actual date when there is one, else the
    latest plan); ``overdue_days`` how long a milestone not yet reached is past its latest plan
    (always 0 when that plan only says "at the earliest").
    """

    milestone: Milestone
    first_plan: PlannedDate
    latest_plan: PlannedDate
    actual: dt.date | None
    revisions: int
    days: int
    overdue_days: int


def milestone_slip(milestone: Milestone, as_of: dt.date | None = None) -> Slip | None:
    """The slip of ``milestone``; ``None`` when it never had a planned date."""
    first, latest = milestone.planned, milestone.latest_plan
    if first is None or latest is None:
        return None
    end = milestone.actual if milestone.actual is not None else latest.as_date()
    overdue = 0
    # A plan for "frühestens Juni 2020" promised nothing for June: it cannot be overdue.
    if milestone.actual is None and as_of is not None and not latest.earliest:
        overdue = max((as_of - latest.as_date()).days, 0)
    return Slip(
        milestone=milestone,
        first_plan=first,
        latest_plan=latest,
        actual=milestone.actual,
        revisions=len(milestone.revisions),
        days=(end - first.as_date()).days,
        overdue_days=overdue,
    )
