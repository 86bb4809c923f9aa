"""Dates as Leipzig's papers write them: ``18.04.2017``, ``31. März 2021``, ``08.03.17, 12:00``.

Every function raises :class:`~integrationkonzept.errors.ParseError` (German, quoting the text)
for a date that does not exist, such as ``31.02.2023``; none guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from integrationkonzept.errors import ParseError

__all__ = [
    "DATE_PATTERN",
    "LONG_DATE_PATTERN",
    "MONTHS",
    "format_date",
    "parse_date",
    "parse_datetime",
    "parse_long_date",
]

#: German month names (and the ASCII spelling ``Maerz``) → month number.
MONTHS: Final[dict[str, int]] = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}

#: A numeric date ``18.04.2017`` (also with a two-digit year), not checked for existence.
DATE_PATTERN: Final = re.compile(r"(?<![\d.])[0-9]{1,2}\.[0-9]{1,2}\.(?:[0-9]{4}|[0-9]{2})(?![\d])")

#: A date with the month's name: ``31. März 2021``.
LONG_DATE_PATTERN: Final = re.compile(
    r"(?<!\d)[0-9]{1,2}\.\s*(?i:" + "|".join(MONTHS) + r")\s+[0-9]{4}(?!\d)"
)

_NUMERIC: Final = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})")
_LONG: Final = re.compile(r"([0-9]{1,2})\.\s*([^\W\d_]+)\s+([0-9]{4})")
_DATETIME: Final = re.compile(
    r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2}),?\s+([0-9]{1,2}):([0-9]{2})"
)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < 70 else 1900 + year
    return year


def _invalid(text: str, what: str = "Datum") -> ParseError:
    return ParseError(f"„{text}“ ist kein gültiges {what}", text)


def _date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _invalid(text) from None


def parse_date(text: str) -> dt.date:
    """``18.04.2017`` (or ``18.04.17``) as a date."""
    found = _NUMERIC.fullmatch(text.strip())
    if found is None:
        raise _invalid(text)
    day, month, year = found.groups()
    return _date(text, _full_year(year), int(month), int(day))


def parse_long_date(text: str) -> dt.date:
    """``31. März 2021`` as a date; numeric dates are read too."""
    stripped = text.strip()
    found = _LONG.fullmatch(stripped)
    if found is None:
        return parse_date(stripped)
    day, month_name, year = found.groups()
    month = MONTHS.get(month_name.lower())
    if month is None:
        raise _invalid(text)
    return _date(text, int(year), month, int(day))


def parse_datetime(text: str) -> dt.datetime:
    """``08.03.17, 12:00`` (the file metadata of republished papers) as a datetime."""
    found = _DATETIME.fullmatch(text.strip())
    if found is None:
        raise _invalid(text, "Datum mit Uhrzeit (erwartet z. B. „08.03.17, 12:00“)")
    day, month, year, hour, minute = found.groups()
    day_value = _date(text, _full_year(year), int(month), int(day))
    try:
        return dt.datetime.combine(day_value, dt.time(int(hour), int(minute)))
    except ValueError:
        raise _invalid(text, "Datum mit Uhrzeit") from None


def format_date(day: dt.date) -> str:
    """``31.03.2021``: how Leipzig's papers write a date."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
