"""Small attrs validators shared by the model classes.

Their messages are :class:`~integrationkonzept.errors.InvalidValueError` (German, with English) and
name the attribute first, as the JSON field it is read from (``progress: 120 liegt nicht zwischen
0 und 100``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sized
from decimal import Decimal
from typing import Any

import attrs

from ..errors import InvalidTypeError, InvalidValueError

_DATE = dt.date

#: The most characters of a value quoted in a message.
_SHOWN_LIMIT = 40

#: What the items of a list with ids are called (plural), by the attribute's name.
_ITEMS = {
    "budget_lines": "Haushaltszeilen",
    "editions": "Fassungen",
    "fields": "Handlungsfelder",
    "goals": "Ziele",
    "indicators": "Indikatoren",
    "measures": "Maßnahmen",
    "milestones": "Meilensteine",
    "organizations": "Organisationen",
    "purposes": "Zwecke",
    "recommendations": "Handlungsempfehlungen",
    "reports": "Berichte",
    "review_rules": "Berichtspflichten",
}


def cut(text: str) -> str:
    """``text`` cut to :data:`_SHOWN_LIMIT` characters, the cut marked with ``…``."""
    return text if len(text) <= _SHOWN_LIMIT else text[: _SHOWN_LIMIT - 1] + "…"


def shown(value: object) -> str:
    """``value`` as a German message quotes it: a text in „…“ (control characters escaped, so the
    message stays on one line), anything else as its ``repr``; cut when long."""
    if isinstance(value, str):
        return f"„{cut(repr(value)[1:-1])}“"
    return cut(repr(value))


def shown_en(value: object) -> str:
    """``value`` as an English message quotes it: its ``repr``, cut when long."""
    return cut(repr(value))


def non_empty(_instance: object, attribute: attrs.Attribute[Any], value: Sized) -> None:
    """A text (or tuple) with at least one character (item)."""
    if len(value) < 1:
        raise InvalidValueError(
            f"{attribute.name}: darf nicht leer sein",
            f"{attribute.name}: must not be empty",
        )


def at_least(minimum: int) -> Callable[[object, attrs.Attribute[Any], int], None]:
    """A validator: a number not below ``minimum``."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
        if value < minimum:
            raise InvalidValueError(
                f"{attribute.name}: muss mindestens {minimum} sein, nicht {cut(str(value))}",
                f"{attribute.name}: must be at least {minimum}, got {cut(str(value))}",
            )

    return check


def unique_ids(_instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    """The items of a tuple have distinct ``id`` attributes."""
    seen: set[str] = set()
    for item in value:
        if item.id in seen:
            what = _ITEMS.get(attribute.name, "Einträge")
            raise InvalidValueError(
                f"{attribute.name}: zwei {what} haben die ID {shown(item.id)}",
                f"{attribute.name}: id {shown_en(item.id)} appears twice",
            )
        seen.add(item.id)


def _not_finite_decimal(name: str, value: object) -> InvalidTypeError:
    return InvalidTypeError(
        f"{name}: erwartet eine endliche Dezimalzahl (Decimal), nicht {shown(value)}",
        f"{name}: expected a finite Decimal, got {shown_en(value)}",
    )


def percent(_instance: object, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    """``None`` or a finite Decimal within 0–100."""
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _not_finite_decimal(attribute.name, value)
    if not Decimal(0) <= value <= Decimal(100):
        raise InvalidValueError(
            f"{attribute.name}: {cut(str(value))} liegt nicht zwischen 0 und 100",
            f"{attribute.name}: {cut(str(value))} is outside 0–100",
        )


def positive_decimal(
    _instance: object, attribute: attrs.Attribute[Any], value: Decimal | None
) -> None:
    """``None`` or a finite Decimal greater than zero."""
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _not_finite_decimal(attribute.name, value)
    if value <= 0:
        raise InvalidValueError(
            f"{attribute.name}: muss größer als null sein, nicht {cut(str(value))}",
            f"{attribute.name}: must be greater than zero, got {cut(str(value))}",
        )


def finite_decimal(_instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """A finite Decimal (no float, no NaN)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _not_finite_decimal(attribute.name, value)


def required_date(_instance: object, attribute: attrs.Attribute[Any], value: dt.date) -> None:
    """A ``date`` that is not a ``datetime`` (and not ``None``)."""
    if value is None:
        raise InvalidTypeError(
            f"{attribute.name}: ein Datum ist erforderlich",
            f"{attribute.name}: a date is required",
        )
    date_only(_instance, attribute, value)


def date_only(_instance: object, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    """``None`` or a ``date`` that is not a ``datetime``."""
    if value is None or type(value) is _DATE:  # the common case first: it runs for every date
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidTypeError(
            f"{attribute.name}: erwartet ein Datum ohne Uhrzeit (date), nicht {shown(value)}",
            f"{attribute.name}: expected a date, got {shown_en(value)}",
        )


def first_out_of_order(days: list[dt.date]) -> tuple[dt.date, dt.date] | None:
    """The first date that comes before the one listed ahead of it, with that one; ``None`` when
    ``days`` are in order."""
    for before, after in itertools.pairwise(days):
        if after < before:
            return after, before
    return None
