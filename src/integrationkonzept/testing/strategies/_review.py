"""Strategies for money and review duties: purposes, budget lines, review rules, reports,
milestones."""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from hypothesis import strategies as st

from ...model import (
    BudgetLine,
    Milestone,
    MilestoneRevision,
    PlannedDate,
    Precision,
    Purpose,
    Report,
    ReviewRule,
)
from ...model.periods import MAX_FISCAL_YEAR
from ._base import (
    MAX_SIZE,
    _optional,
    _reference,
    _shared,
    _tuples,
    budget_phases,
    dates,
    dues,
    fiscal_years,
    identifiers,
    moneys,
    precisions,
    review_kinds,
    sources,
    texts,
    triggers,
)

# --- money and review duties ---------------------------------------------------------------------


@_shared
def purposes() -> st.SearchStrategy[Purpose]:
    """A purpose of money."""
    return st.builds(Purpose, id=identifiers(), title=texts(min_size=1), title_en=texts())


@_shared
def budget_lines(
    purpose_ids: Sequence[str] = (), line_ids: Sequence[str] = ()
) -> st.SearchStrategy[BudgetLine]:
    """A budget line for one of ``purpose_ids`` (when given) revising one of ``line_ids`` or none.

    Without ``line_ids`` the line revises nothing or a line id that may not exist.
    """
    return st.builds(
        BudgetLine,
        id=identifiers(),
        fiscal_year=fiscal_years(),
        purpose=_reference(purpose_ids),
        phase=budget_phases(),
        amount=moneys(),
        source=sources(),
        revises=_optional(_reference(line_ids)),
        note=texts(),
    )


@_shared
@st.composite
def review_rules(draw: st.DrawFn) -> ReviewRule:
    """A review rule; its ``last_year``, when set, is not before its ``first_year``."""
    first_year = draw(fiscal_years())
    return ReviewRule(
        id=draw(identifiers()),
        kind=draw(review_kinds()),
        title=draw(texts(min_size=1)),
        trigger=draw(triggers()),
        first_year=first_year,
        interval_years=draw(st.integers(min_value=1, max_value=10)),
        due=draw(dues()),
        last_year=draw(_optional(st.integers(min_value=first_year, max_value=MAX_FISCAL_YEAR))),
        source=draw(_optional(sources())),
    )


@_shared
def reports(rule_ids: Sequence[str] = ()) -> st.SearchStrategy[Report]:
    """A delivered report for one of ``rule_ids`` when given."""
    return st.builds(
        Report,
        id=identifiers(),
        rule=_reference(rule_ids),
        period_start=fiscal_years(),
        delivered=dates(),
        title=texts(),
        paper=_optional(texts(min_size=1)),
        source=_optional(sources()),
    )


@_shared
@st.composite
def planned_dates(draw: st.DrawFn) -> PlannedDate:
    """A planned year, month of a year or existing day (29 February only in leap years)."""
    year = draw(fiscal_years())
    precision = draw(precisions())
    if precision is Precision.YEAR:
        month = day = None
    else:
        month = draw(st.integers(min_value=1, max_value=12))
        day = None
        if precision is Precision.DAY:
            last = calendar.monthrange(year, month)[1]
            day = draw(st.integers(min_value=1, max_value=last))
    return PlannedDate(year, month, day, earliest=draw(st.booleans()))


@_shared
def milestone_revisions() -> st.SearchStrategy[MilestoneRevision]:
    """A change of a milestone's plan with its reasons."""
    return st.builds(
        MilestoneRevision,
        revised_on=dates(),
        new_date=planned_dates(),
        reasons=_tuples(texts(min_size=1)),
        source=_optional(sources()),
    )


@_shared
@st.composite
def milestones(draw: st.DrawFn) -> Milestone:
    """A milestone whose revisions are in the order they were made."""
    revisions = draw(st.lists(milestone_revisions(), max_size=MAX_SIZE))
    revisions.sort(key=lambda revision: revision.revised_on)
    return Milestone(
        id=draw(identifiers()),
        title=draw(texts(min_size=1)),
        planned=draw(_optional(planned_dates())),
        planned_source=draw(_optional(sources())),
        revisions=tuple(revisions),
        actual=draw(_optional(dates())),
        actual_source=draw(_optional(sources())),
        paper=draw(_optional(texts(min_size=1))),
    )
