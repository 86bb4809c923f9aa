"""Reading what real OParl servers send: placeholders, control characters, odd dates.

Real servers put ``"N/A"``, ``""`` or ``[]`` where a value is absent, leave control characters in
text (Leipzig's ALLRIS has), send deleted objects without ``type``, and reference objects either
as a URL or embedded as the object itself. Everything here is a pure function of its input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from ..safe import strip_controls

__all__ = [
    "PLACEHOLDERS",
    "clean_text",
    "clean_value",
    "is_absent",
    "modified_stamp",
    "parse_date",
    "parse_datetime",
    "ref",
    "refs",
    "short_type",
    "strip_controls",
    "texts",
]

#: Strings that mean "no value" (compared after removing control characters and outer space,
#: ignoring case).
PLACEHOLDERS: frozenset[str] = frozenset(
    {"", "n/a", "n.a.", "n. a.", "-", "--", "---", "-.-", "(kein text vorhanden)"}
)

_LONGEST_PLACEHOLDER = max(len(text) for text in PLACEHOLDERS)
_BERLIN = ZoneInfo("Europe/Berlin")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def clean_text(value: object) -> str | None:
    """A text field: ``None`` for non-text and placeholders, else without control characters and
    outer white space."""
    if not isinstance(value, str):
        return None
    text = (value if value.isprintable() else strip_controls(value)).strip()
    if len(text) <= _LONGEST_PLACEHOLDER and text.casefold() in PLACEHOLDERS:
        return None
    return text


def is_absent(value: object) -> bool:
    """Whether a JSON value means "no value": ``null``, a placeholder, ``[]``, ``{}``."""
    return clean_value(value) is None


def clean_value(value: Any) -> Any:
    """A JSON value with placeholders removed and text cleaned, recursively.

    Absent values (``null``, placeholders, empty lists and objects, and objects or lists that
    hold only absent values) come back as ``None``; members of objects and items of lists that
    are absent are left out. Numbers and booleans stay as they are.
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        cleaned = {}
        for key, item in value.items():
            item = clean_value(item)
            if item is not None:
                cleaned[key] = item
        return cleaned or None
    if isinstance(value, list | tuple):
        items = [item for item in map(clean_value, value) if item is not None]
        return items or None
    if isinstance(value, bool | int | float):
        return value
    return None


def ref(value: object) -> str | None:
    """The URL of a referenced object: given as the URL itself, or embedded (its ``id``)."""
    if isinstance(value, dict):
        value = value.get("id")
    return clean_text(value)


def refs(value: object) -> tuple[str, ...]:
    """The URLs of referenced objects: a list of URLs or embedded objects, or a single one."""
    if isinstance(value, list):
        found = (ref(item) for item in value)
        return tuple(url for url in found if url is not None)
    single = ref(value)
    return (single,) if single is not None else ()


def texts(value: object) -> tuple[str, ...]:
    """A list of texts (``keyword``), or a single text, without placeholders."""
    items = value if isinstance(value, list | tuple) else [value]
    found = (clean_text(item) for item in items)
    return tuple(text for text in found if text is not None)


def short_type(value: object) -> str | None:
    """The OParl type name of a type URL (``https://schema.oparl.org/1.1/Paper`` → ``Paper``)."""
    text = clean_text(value)
    if text is None:
        return None
    name = text.rstrip("/").rsplit("/", 1)[-1]
    return name or None


def parse_datetime(value: object) -> dt.datetime | None:
    """An OParl ``dateTime`` as an aware datetime; without offset it is read as German time.

    Placeholders and impossible values give ``None``.
    """
    text = clean_text(value)
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_BERLIN)
    return moment


def parse_date(value: object) -> dt.date | None:
    """An OParl ``date`` (or the date part of a ``dateTime``, in its own offset)."""
    text = clean_text(value)
    if text is None:
        return None
    if len(text) > 10:
        moment = parse_datetime(text)
        return moment.date() if moment is not None else None
    if _DATE.fullmatch(text) is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def modified_stamp(value: object) -> str | None:
    """A ``modified`` timestamp as UTC text (``2021-03-04T05:06:07Z``) that sorts correctly."""
    moment = parse_datetime(value)
    if moment is None:
        return None
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="seconds") + "Z"
