"""Fiscal years, budget periods (single budget or Doppelhaushalt) and date ranges.

A fiscal year (Haushaltsjahr) is a calendar year in German municipal budgeting and is kept as a
plain ``int``. A budget period covers one or two consecutive fiscal years; a Doppelhaushalt
keeps its amounts per year.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import attrs

from ..errors import InvalidTypeError, InvalidValueError
from ._validate import cut, shown, shown_en

__all__ = [
    "MAX_FISCAL_YEAR",
    "MIN_FISCAL_YEAR",
    "BudgetCadence",
    "BudgetPeriod",
    "DateRange",
    "Precision",
    "check_fiscal_year",
]

MIN_FISCAL_YEAR = 1990
MAX_FISCAL_YEAR = 2200


def check_fiscal_year(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    """attrs validator: ``value`` is a plausible fiscal year (an ``int``, not a ``bool``)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(
            f"{attribute.name}: ein Haushaltsjahr ist eine ganze Zahl, nicht {shown(value)}",
            f"{attribute.name}: fiscal year must be an int, got {shown_en(value)}",
        )
    if not MIN_FISCAL_YEAR <= value <= MAX_FISCAL_YEAR:
        raise InvalidValueError(
            f"{attribute.name}: das Haushaltsjahr {cut(str(value))} liegt nicht zwischen "
            f"{MIN_FISCAL_YEAR} und {MAX_FISCAL_YEAR}",
            f"{attribute.name}: fiscal year {cut(str(value))} outside "
            f"{MIN_FISCAL_YEAR}–{MAX_FISCAL_YEAR}",
        )


def _check_years(
    _instance: BudgetPeriod, _attribute: attrs.Attribute[object], value: object
) -> None:
    if not isinstance(value, tuple) or not 1 <= len(value) <= 2:
        raise InvalidValueError(
            f"years: ein Haushaltszeitraum hat ein oder zwei Haushaltsjahre, nicht {shown(value)}",
            f"years: a budget period has one or two fiscal years, got {shown_en(value)}",
        )
    for year in value:
        if not isinstance(year, int) or isinstance(year, bool):
            raise InvalidTypeError(
                f"years: ein Haushaltsjahr ist eine ganze Zahl, nicht {shown(year)}",
                f"years: fiscal years are ints, got {shown_en(year)}",
            )
        # One year of slack either side: the Doppelhaushalt that holds 1990 may begin in 1989.
        if not MIN_FISCAL_YEAR - 1 <= year <= MAX_FISCAL_YEAR + 1:
            raise InvalidValueError(
                f"years: das Haushaltsjahr {cut(str(year))} liegt nicht zwischen "
                f"{MIN_FISCAL_YEAR} und {MAX_FISCAL_YEAR}",
                f"years: fiscal year {cut(str(year))} outside {MIN_FISCAL_YEAR}–{MAX_FISCAL_YEAR}",
            )
    if len(value) == 2 and value[1] != value[0] + 1:
        raise InvalidValueError(
            f"years: die beiden Jahre eines Doppelhaushalts müssen aufeinander folgen, nicht "
            f"{value[0]} und {value[1]}",
            f"years: the two years of a Doppelhaushalt must follow each other: {value!r}",
        )


@attrs.frozen(order=True)
class BudgetPeriod:
    """One budget statute's years: ``(2021,)`` or a Doppelhaushalt ``(2021, 2022)``."""

    years: tuple[int, ...] = attrs.field(validator=_check_years)

    @property
    def first(self) -> int:
        """The first fiscal year."""
        return self.years[0]

    @property
    def last(self) -> int:
        """The last fiscal year."""
        return self.years[-1]

    @property
    def is_double(self) -> bool:
        """Whether this is a Doppelhaushalt (two fiscal years)."""
        return len(self.years) == 2

    @property
    def start(self) -> dt.date:
        """1 January of the first year."""
        return dt.date(self.first, 1, 1)

    @property
    def end(self) -> dt.date:
        """31 December of the last year."""
        return dt.date(self.last, 12, 31)

    def label(self) -> str:
        """As cities write it: ``2021/22`` for a Doppelhaushalt, ``2021`` otherwise."""
        if self.is_double:
            return f"{self.first}/{self.last % 100:02d}"
        return str(self.first)

    def __contains__(self, year: object) -> bool:
        return year in self.years


def _check_years_per_period(_instance: object, _attribute: object, value: int) -> None:
    # type() rather than isinstance: True == 1, but is no number of years.
    if type(value) is not int or value not in (1, 2):
        raise InvalidValueError(
            f"years_per_period muss 1 (jährlicher Haushalt) oder 2 (Doppelhaushalt) sein, "
            f"nicht {shown(value)}",
            f"years_per_period must be 1 (annual budget) or 2 (Doppelhaushalt), "
            f"not {shown_en(value)}",
        )


@attrs.frozen
class BudgetCadence:
    """How a city's fiscal years pair into budget periods.

    ``years_per_period`` is 1 (annual budgets) or 2 (Doppelhaushalt); ``anchor_year`` is the first
    year of any one period (Leipzig: 2019 for the Doppelhaushalt 2019/20).
    """

    years_per_period: int = attrs.field(validator=_check_years_per_period)
    anchor_year: int = attrs.field(validator=check_fiscal_year)

    def period_of(self, year: int) -> BudgetPeriod:
        """The budget period that contains ``year``."""
        offset = (year - self.anchor_year) % self.years_per_period
        first = year - offset
        return BudgetPeriod(tuple(first + i for i in range(self.years_per_period)))

    def periods(self, first_year: int, last_year: int) -> tuple[BudgetPeriod, ...]:
        """Every period that overlaps the years ``first_year`` … ``last_year``, in order."""
        if last_year < first_year:
            return ()
        out = [self.period_of(first_year)]
        while out[-1].last < last_year:
            out.append(self.period_of(out[-1].last + 1))
        return tuple(out)

    def previous(self, period: BudgetPeriod) -> BudgetPeriod:
        """The period before ``period``."""
        return self.period_of(period.first - 1)


def _end_not_before_start(instance: DateRange, _attribute: object, value: dt.date | None) -> None:
    if value is not None and instance.start is not None and value < instance.start:
        raise InvalidValueError(
            f"end: der Zeitraum endet ({value}) vor seinem Beginn ({instance.start})",
            f"end: a date range cannot end ({value}) before it starts ({instance.start})",
        )


@attrs.frozen
class DateRange:
    """From ``start`` to ``end`` inclusive; either side may be open (``None``)."""

    start: dt.date | None = None
    end: dt.date | None = attrs.field(default=None, validator=_end_not_before_start)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Precision(Enum):
    """How exactly a planned date was stated: a day, a month (``Oktober 2019``) or a year."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
