"""Review duties and the concept process: rules, reports due and delivered, milestones.

Leipzig (2020): the measure catalogue is updated in step with each Doppelhaushalt, and a report goes
to the council at least once a year. Magdeburg: evaluation every two years. Milestones keep their
first planned date and every revision of it, with the reason given.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import attrs

from ..errors import InvalidValueError
from ._validate import at_least, date_only, first_out_of_order, non_empty, required_date
from .periods import Precision, check_fiscal_year
from .source import Source

__all__ = [
    "Due",
    "Milestone",
    "MilestoneRevision",
    "PlannedDate",
    "Report",
    "ReviewKind",
    "ReviewRule",
    "Trigger",
]


class ReviewKind(Enum):
    """What a rule asks for."""

    REPORT = "report"  # Bericht an den Stadtrat
    CATALOGUE_UPDATE = "catalogue_update"  # Fortschreibung des Maßnahmenkatalogs
    EVALUATION = "evaluation"  # Evaluation


class Trigger(Enum):
    """What sets the rhythm of a rule."""

    BUDGET_PERIOD = "budget_period"  # once per budget period (in step with the Doppelhaushalt)
    YEARS = "years"  # every ``interval_years`` calendar years


class Due(Enum):
    """Where in its period a duty falls due."""

    START = "start"  # on the first day (e.g. the catalogue must stand when the budget starts)
    END = "end"  # on the last day (e.g. a yearly report by 31 December)


@attrs.frozen
class ReviewRule:
    """A duty to report, update or evaluate, from ``first_year`` on, with the decision behind it."""

    id: str = attrs.field(validator=non_empty)
    kind: ReviewKind
    title: str = attrs.field(validator=non_empty)
    trigger: Trigger
    first_year: int = attrs.field(validator=check_fiscal_year)
    interval_years: int = attrs.field(default=1, validator=at_least(1))
    due: Due = Due.END
    last_year: int | None = None
    source: Source | None = None


@attrs.frozen
class Report:
    """A delivered report, update or evaluation, for the period starting in ``period_start``.

    ``period_start`` is the first year of the period the delivery fulfils (the year for a yearly
    report, the first year of the Doppelhaushalt for a catalogue update).
    """

    id: str = attrs.field(validator=non_empty)
    rule: str = attrs.field(validator=non_empty)  # ReviewRule.id
    period_start: int = attrs.field(validator=check_fiscal_year)
    delivered: dt.date = attrs.field(validator=required_date)
    title: str = ""
    paper: str | None = None
    source: Source | None = None


@attrs.frozen
class PlannedDate:
    """A date as a plan states it: a day, or only a month or year (``bis Oktober 2019``).

    For calculations a month or year counts as its last day (a plan "by October" is kept when done
    by 31 October). ``earliest`` marks ``frühestens`` (not before).
    """

    year: int = attrs.field(validator=check_fiscal_year)
    month: int | None = attrs.field(default=None)
    day: int | None = None
    earliest: bool = False

    def __attrs_post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise InvalidValueError(
                "month: ein geplantes Datum mit Tag braucht auch einen Monat",
                "month: a planned date with a day needs a month",
            )
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidValueError(
                f"month: {self.month} ist kein Monat (1 bis 12)",
                f"month: {self.month} is not 1–12",
            )
        try:
            self.as_date()
        except ValueError:  # 31 February and the like
            raise InvalidValueError(
                f"day: der Monat {self.month}/{self.year} hat keinen Tag {self.day}",
                f"day: month {self.year}-{self.month:02d} has no day {self.day}",
            ) from None

    @classmethod
    def of(cls, day: dt.date) -> PlannedDate:
        """A plan for an exact day."""
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        """Whether the plan names a day, a month or a year."""
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def as_date(self) -> dt.date:
        """The date used in calculations: the day, or the last day of the month or year."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            next_month = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return next_month - dt.timedelta(days=1)
        return dt.date(self.year, self.month, self.day)


@attrs.frozen
class MilestoneRevision:
    """A change of plan: on ``revised_on`` the date moved to ``new_date``, for ``reason``."""

    revised_on: dt.date = attrs.field(validator=required_date)
    new_date: PlannedDate
    reasons: tuple[str, ...] = ()
    source: Source | None = None


def _revisions_in_order(
    _instance: Milestone, _attribute: object, value: tuple[MilestoneRevision, ...]
) -> None:
    wrong = first_out_of_order([revision.revised_on for revision in value])
    if wrong is not None:
        raise InvalidValueError(
            f"revisions: die Planänderungen des Meilensteins stehen nicht in der Reihenfolge, in "
            f"der sie gemacht wurden ({wrong[0]} steht nach {wrong[1]})",
            f"revisions: milestone revisions must be in the order they were made "
            f"({wrong[0]} comes after {wrong[1]})",
        )


@attrs.frozen
class Milestone:
    """A step of the concept process with its first plan, every revision, and when it happened."""

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    planned: PlannedDate | None = None
    planned_source: Source | None = None
    revisions: tuple[MilestoneRevision, ...] = attrs.field(
        default=(), validator=_revisions_in_order
    )
    actual: dt.date | None = attrs.field(default=None, validator=date_only)
    actual_source: Source | None = None
    paper: str | None = None

    @property
    def latest_plan(self) -> PlannedDate | None:
        """The plan in force: the last revision's date, else the first plan."""
        return self.revisions[-1].new_date if self.revisions else self.planned
