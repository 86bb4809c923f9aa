"""Small attrs validators shared by the model classes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

_DATE = dt.date

non_empty: Callable[[Any, Any, Any], Any] = attrs.validators.min_len(1)


def unique_ids(_instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    """The items of a tuple have distinct ``id`` attributes."""
    seen: set[str] = set()
    for item in value:
        if item.id in seen:
            raise ValueError(f"{attribute.name}: id {item.id!r} appears twice")
        seen.add(item.id)


def percent(_instance: object, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    """``None`` or a finite Decimal within 0–100."""
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{attribute.name}: a percentage is a finite Decimal, got {value!r}")
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError(f"{attribute.name}: {value} is outside 0–100")


def positive_decimal(
    _instance: object, attribute: attrs.Attribute[Any], value: Decimal | None
) -> None:
    """``None`` or a finite Decimal greater than zero."""
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{attribute.name}: expected a finite Decimal, got {value!r}")
    if value <= 0:
        raise ValueError(f"{attribute.name}: must be greater than zero, got {value}")


def finite_decimal(_instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """A finite Decimal (no float, no NaN)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{attribute.name}: expected a finite Decimal, got {value!r}")


def required_date(_instance: object, attribute: attrs.Attribute[Any], value: dt.date) -> None:
    """A ``date`` that is not a ``datetime`` (and not ``None``)."""
    if value is None:
        raise TypeError(f"{attribute.name}: a date is required")
    date_only(_instance, attribute, value)


def date_only(_instance: object, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    """``None`` or a ``date`` that is not a ``datetime``."""
    if value is None or type(value) is _DATE:  # the common case first: it runs for every date
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name}: expected a date, got {value!r}")
