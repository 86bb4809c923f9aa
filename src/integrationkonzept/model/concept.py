"""The concept itself: municipality, editions (Fortschreibungen), fields, goals, measures.

Leipzig attaches measures directly to its eight Handlungsfelder; Magdeburg nests
Handlungsfeld → Ziel → Handlungsempfehlung → Maßnahme. Both fit: a measure names its field and,
where the city has them, its goal and recommendation.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import attrs

from ..errors import InvalidValueError
from ._validate import (
    date_only,
    first_out_of_order,
    non_empty,
    percent,
    positive_decimal,
    required_date,
    shown,
    shown_en,
    unique_ids,
)
from .indicators import Indicator
from .money import Money
from .periods import DateRange, check_fiscal_year
from .progress import ProgressRule
from .source import Source

__all__ = [
    "DEFAULT_STATUSES",
    "Concept",
    "Edition",
    "Field",
    "Goal",
    "Guidelines",
    "Measure",
    "MeasureCost",
    "Municipality",
    "Organization",
    "Partner",
    "ProgressChange",
    "Recommendation",
    "Status",
    "StatusChange",
]

_AGS = re.compile(r"[0-9]{8}")


def _check_ags(_instance: Municipality, _attribute: object, value: str) -> None:
    if not _AGS.fullmatch(value):
        raise InvalidValueError(
            f"ags: ein Amtlicher Gemeindeschlüssel (AGS) hat acht Ziffern, nicht {shown(value)}",
            f"ags: an official municipality key (AGS) has eight digits, got {shown_en(value)}",
        )


@attrs.frozen
class Municipality:
    """A city or municipality, identified by its official key (Amtlicher Gemeindeschlüssel)."""

    name: str = attrs.field(validator=non_empty)
    ags: str = attrs.field(validator=_check_ags)
    #: The office that keeps the concept (e.g. "Referat für Migration und Integration"): the
    #: author of the documents the reports write.
    office: str = ""


@attrs.frozen
class Organization:
    """An office, association or body that leads or takes part in measures."""

    id: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    short_name: str = ""
    kind: str = ""  # e.g. "Amt", "Referat", "Verein", "Beirat"


@attrs.frozen
class Partner:
    """An organization taking part in a measure, and in what role (e.g. ``Kooperationspartner``)."""

    organization: str = attrs.field(validator=non_empty)  # Organization.id
    role: str = ""


@attrs.frozen
class Status:
    """One entry of a city's status vocabulary (``geplant``, ``in Umsetzung``, …)."""

    key: str = attrs.field(validator=non_empty)
    label_de: str = attrs.field(validator=non_empty)
    label_en: str = ""
    finished: bool = False

    def label(self, lang: str = "de") -> str:
        """The label in ``lang`` (German when there is no English label)."""
        return self.label_en if lang == "en" and self.label_en else self.label_de


#: The project's default status vocabulary for measures, for cities whose own list is not known
#: (it is not taken from any city's documents).
DEFAULT_STATUSES: tuple[Status, ...] = (
    Status("geplant", "geplant", "planned"),
    Status("in-umsetzung", "in Umsetzung", "in progress"),
    Status("umgesetzt", "umgesetzt", "implemented", finished=True),
    Status("laufend", "Daueraufgabe", "ongoing"),
    Status("zurueckgestellt", "zurückgestellt", "postponed"),
    Status("entfallen", "entfallen", "dropped", finished=True),
)


@attrs.frozen
class StatusChange:
    """A measure's status from ``date`` on, and the document that says so."""

    date: dt.date = attrs.field(validator=required_date)
    status: str = attrs.field(validator=non_empty)  # Status.key
    source: Source | None = None
    note: str = ""


@attrs.frozen
class ProgressChange:
    """A measure's progress (0–100, ``None`` for "no figure") from ``date`` on, and its source."""

    date: dt.date = attrs.field(validator=required_date)
    value: Decimal | None = attrs.field(default=None, validator=percent)
    source: Source | None = None
    note: str = ""


@attrs.frozen
class MeasureCost:
    """The cost of a measure in one fiscal year, as a given source states it."""

    fiscal_year: int = attrs.field(validator=check_fiscal_year)
    amount: Money
    source: Source | None = None


def _history_in_order(
    _instance: Measure, _attribute: object, value: tuple[StatusChange, ...]
) -> None:
    wrong = first_out_of_order([change.date for change in value])
    if wrong is not None:
        raise InvalidValueError(
            f"status_history: der Statusverlauf ist nicht nach Datum geordnet "
            f"({wrong[0]} steht nach {wrong[1]})",
            f"status_history must be in date order ({wrong[0]} comes after {wrong[1]})",
        )


def _progress_in_order(
    instance: Measure, _attribute: object, value: tuple[ProgressChange, ...]
) -> None:
    wrong = first_out_of_order([change.date for change in value])
    if wrong is not None:
        raise InvalidValueError(
            f"progress_history: der Fortschrittsverlauf ist nicht nach Datum geordnet "
            f"({wrong[0]} steht nach {wrong[1]})",
            f"progress_history must be in date order ({wrong[0]} comes after {wrong[1]})",
        )
    if value and value[-1].value != instance.progress:
        raise InvalidValueError(
            f"progress: {_figure(instance.progress)} ist nicht der letzte Wert des "
            f"Fortschrittsverlaufs (progress_history: {_figure(value[-1].value)})",
            f"progress {instance.progress} is not the last entry of progress_history "
            f"({value[-1].value})",
        )


def _figure(value: Decimal | None) -> str:
    return "kein Wert" if value is None else str(value)


@attrs.frozen
class Measure:
    """A Maßnahme / Vorhaben: a concrete action with lead, partners, timeframe and cost.

    ``id`` is stable across editions. ``field`` may be ``None`` where the source does not say which
    Handlungsfeld a measure belongs to (the model does not guess). The current status is the last
    entry of ``status_history``; ``progress`` (0–100) and ``weight`` are optional and used by the
    progress roll-up according to the concept's :class:`ProgressRule`. ``progress_history`` dates
    the progress figures (the last entry is ``progress``); a measure without it has an undated
    figure.
    """

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    field: str | None = None  # Field.id
    goal: str | None = None  # Goal.id (Magdeburg)
    recommendation: str | None = None  # Recommendation.id (Magdeburg)
    description: str = ""
    lead: str | None = None  # Organization.id
    partners: tuple[Partner, ...] = ()
    timeframe: DateRange | None = None
    timeframe_text: str = ""  # as written, e.g. "fortlaufend", "Herbst 2020"
    status_history: tuple[StatusChange, ...] = attrs.field(default=(), validator=_history_in_order)
    progress: Decimal | None = attrs.field(default=None, validator=percent)
    weight: Decimal | None = attrs.field(default=None, validator=positive_decimal)
    costs: tuple[MeasureCost, ...] = ()
    indicators: tuple[Indicator, ...] = attrs.field(default=(), validator=unique_ids)
    papers: tuple[str, ...] = ()  # references of related council papers
    source: Source | None = None
    progress_history: tuple[ProgressChange, ...] = attrs.field(
        default=(), validator=_progress_in_order
    )

    @property
    def status(self) -> str | None:
        """The current status key: the latest entry of the history, ``None`` without history."""
        return self.status_history[-1].status if self.status_history else None

    def status_on(self, day: dt.date) -> str | None:
        """The status in force on ``day`` (``None`` before the first entry)."""
        current = None
        for change in self.status_history:
            if change.date > day:
                break
            current = change.status
        return current


@attrs.frozen
class Recommendation:
    """A Handlungsempfehlung under a goal (Magdeburg)."""

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)


@attrs.frozen
class Goal:
    """A Ziel within a field, with its recommendations (Magdeburg)."""

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    recommendations: tuple[Recommendation, ...] = attrs.field(default=(), validator=unique_ids)


@attrs.frozen
class Field:
    """A Handlungsfeld (field of action)."""

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    number: int | None = None
    goals: tuple[Goal, ...] = attrs.field(default=(), validator=unique_ids)
    source: Source | None = None


@attrs.frozen
class Guidelines:
    """Leitlinien: guiding principles adopted before or with a concept."""

    title: str = attrs.field(validator=non_empty)
    adopted: dt.date | None = attrs.field(default=None, validator=date_only)
    paper: str | None = None  # reference of the deciding paper, e.g. DS0590/18
    principles: tuple[str, ...] = ()
    source: Source | None = None


def _fields_known(instance: Edition, _attribute: object, value: tuple[Measure, ...]) -> None:
    fields = {field.id for field in instance.fields}
    for measure in value:
        if measure.field is not None and measure.field not in fields:
            raise InvalidValueError(
                f"measures: die Maßnahme {shown(measure.id)} nennt das unbekannte Handlungsfeld "
                f"{shown(measure.field)}",
                f"measures: measure {shown_en(measure.id)} names unknown field "
                f"{shown_en(measure.field)}",
            )


@attrs.frozen
class Edition:
    """A version of the concept: the first one or a Fortschreibung that replaces an earlier one.

    ``declared_fields`` / ``declared_measures`` are the counts the document states (Leipzig 2020:
    8 fields, 89 measures) even when only some of them are known as data.
    """

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    adopted: dt.date | None = attrs.field(default=None, validator=date_only)
    decided_by: str | None = None  # reference of the deciding paper
    valid: DateRange | None = None
    replaces: str | None = None  # Edition.id
    fields: tuple[Field, ...] = attrs.field(default=(), validator=unique_ids)
    measures: tuple[Measure, ...] = attrs.field(default=(), validator=[unique_ids, _fields_known])
    declared_fields: int | None = None
    declared_measures: int | None = None
    source: Source | None = None

    def measures_of(self, field_id: str) -> tuple[Measure, ...]:
        """The measures of one field, in catalogue order."""
        return tuple(m for m in self.measures if m.field == field_id)


@attrs.frozen
class Concept:
    """A city's integration concept (Gesamtkonzept / Integrationskonzept) with all its editions.

    ``statuses`` is the city's status vocabulary and ``progress_rule`` how progress rolls up; the
    editions are kept in order, the last one being the one in force.
    """

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    guidelines: tuple[Guidelines, ...] = ()
    editions: tuple[Edition, ...] = attrs.field(default=(), validator=unique_ids)
    statuses: tuple[Status, ...] = ()
    progress_rule: ProgressRule = attrs.field(factory=ProgressRule)

    @property
    def current(self) -> Edition | None:
        """The edition in force: the last one."""
        return self.editions[-1] if self.editions else None

    def status(self, key: str) -> Status | None:
        """The vocabulary entry for ``key``."""
        for status in self.statuses:
            if status.key == key:
                return status
        return None
