"""Reading German text as council documents write it: month names, dates, two-digit years, lines.

One place for what every importer needs, so that the cities' plugins read ``08.03.17``,
``3. Mai 2021`` and a decomposed ``Ä`` the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Final

from .errors import ParseError

__all__ = ["MONTHS", "clean_lines", "full_year", "parse_date"]

#: German month names (and the Austrian Jänner) → month number.
MONTHS: Final[dict[str, int]] = {
    "Januar": 1,
    "Jänner": 1,
    "Februar": 2,
    "März": 3,
    "April": 4,
    "Mai": 5,
    "Juni": 6,
    "Juli": 7,
    "August": 8,
    "September": 9,
    "Oktober": 10,
    "November": 11,
    "Dezember": 12,
}

_NUMERIC = re.compile(r"([0-9]{1,2})\.\s?([0-9]{1,2})\.\s?([0-9]{4}|[0-9]{2})")
# Month names as written, in any case, and "Maerz" as typed without umlauts.
_MONTH_NUMBERS: Final = {name.lower(): number for name, number in MONTHS.items()} | {"maerz": 3}
_WRITTEN = re.compile(
    r"([0-9]{1,2})\.\s*(" + "|".join(_MONTH_NUMBERS) + r")\s+([0-9]{4})", re.IGNORECASE
)
# Controls other than tab and newline carry no meaning in a document's text.
_CONTROLS: Final = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def full_year(two_digits: int) -> int:
    """A two-digit year as councils write it in dates and paper numbers: 00–89 are 2000–2089,
    90–99 are 1990–1999 (no municipal integration concept is older)."""
    if not 0 <= two_digits <= 99:
        raise ValueError(f"{two_digits} is not a two-digit year")
    return 2000 + two_digits if two_digits < 90 else 1900 + two_digits


def parse_date(text: str) -> dt.date:
    """``31.03.2021``, ``8.3.17`` or ``3. Mai 2021`` (the whole text, spaces around allowed).

    Raises :class:`ParseError` (without a location, for the caller to add) for anything else,
    including impossible dates such as ``31.02.2023``.
    """
    stripped = text.strip()
    if match := _NUMERIC.fullmatch(stripped):
        day, month, year = int(match[1]), int(match[2]), match[3]
        full = int(year) if len(year) == 4 else full_year(int(year))
    elif match := _WRITTEN.fullmatch(stripped):
        day, month, full = int(match[1]), _MONTH_NUMBERS[match[2].lower()], int(match[3])
    else:
        raise ParseError(f"„{stripped}“ ist kein Datum (erwartet TT.MM.JJJJ)", stripped)
    try:
        return dt.date(full, month, day)
    except ValueError:
        raise ParseError(f"„{stripped}“ ist kein gültiges Datum", stripped) from None


def clean_lines(text: str) -> list[str]:
    """The lines of ``text`` in Unicode NFC (a decomposed ``Ä`` becomes one character), line
    breaks of any kind as ``\\n``, control characters removed, trailing spaces stripped."""
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return [line.translate(_CONTROLS).rstrip() for line in normal.split("\n")]
