"""Indicators of a measure: baseline, targets per period, dated observations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from ._validate import finite_decimal, non_empty, required_date
from .source import Source

__all__ = ["Indicator", "Observation", "Target"]


@attrs.frozen
class Observation:
    """A measured value of an indicator on a date, with its source."""

    date: dt.date = attrs.field(validator=required_date)
    value: Decimal = attrs.field(validator=finite_decimal)
    source: Source | None = None


@attrs.frozen
class Target:
    """The value an indicator should reach by the end of a period (``2022``, ``2021/22``)."""

    period: str = attrs.field(validator=non_empty)
    value: Decimal = attrs.field(validator=finite_decimal)
    source: Source | None = None


@attrs.frozen
class Indicator:
    """What is counted to see whether a measure works (e.g. respondents of a survey)."""

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    unit: str = ""
    baseline: Observation | None = None
    targets: tuple[Target, ...] = ()
    observations: tuple[Observation, ...] = ()

    def latest(self) -> Observation | None:
        """The most recent observation (the last one given for the latest date)."""
        if not self.observations:
            return None
        return max(reversed(self.observations), key=lambda o: o.date)
