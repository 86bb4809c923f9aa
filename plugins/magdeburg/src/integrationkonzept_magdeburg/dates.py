"""German date phrases in running text: ``am 10.04.2018``, ``seit dem 11.04.2018``,
``am 3. Mai 2021``, ``bis Oktober 2019``, ``frühestens im Juni 2020``.

A phrase is a date (``DD.MM.YYYY`` or ``D. Monat YYYY``) or a month (``Monat YYYY``), with the
preposition before it (am, seit, bis, im, …) and a qualifier (frühestens, spätestens,
voraussichtlich) when there is one. Years alone (``2019``, ``2020 – 2023``) are not date phrases:
in these texts they name periods and titles far more often than dates; nor are dates with a
two-digit year (``8.3.17``) in running text, where ``1.2.20`` is as likely a section number. Month
names and the reading of the date itself come from :mod:`integrationkonzept.german`; what is
Magdeburg's own is the phrase around it.

Pure functions; an impossible date (``31.02.2020``) or a year outside 1990–2200 raises
:class:`ParseError` without a location, for the caller to place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.plugin import (
    MAX_FISCAL_YEAR,
    MIN_FISCAL_YEAR,
    MONTH_NAMES,
    MONTHS,
    parse_date,
)

__all__ = ["DatePhrase", "check_year", "find_date_phrases"]

_PREPOSITIONS = (
    "bis spätestens zum",
    "bis spätestens",
    "bis zum",
    "bis Ende",
    "bis",
    "seit dem",
    "seit",
    "ab dem",
    "ab",
    "am",
    "vom",
    "im",
    "zum",
    "Ende",
    "Anfang",
    "Mitte",
)
_QUALIFIERS = ("frühestens", "spätestens", "voraussichtlich")


def _either_case(words: tuple[str, ...]) -> str:
    # "am" and "Am": sentence-initial prepositions are capitalised. No re.IGNORECASE: with it,
    # "ſ" (long s) and the Kelvin sign would match s and k.
    return "|".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in words)


_PHRASE = re.compile(
    rf"(?<![\w.])"
    rf"(?:(?P<qual1>{_either_case(_QUALIFIERS)})\s+)?"
    rf"(?:(?P<prep>{_either_case(_PREPOSITIONS)})\s+)?"
    rf"(?:(?P<qual2>{_either_case(_QUALIFIERS)})\s+)?"
    rf"(?:(?P<d1>[0-9]{{1,2}})\.(?P<m1>[0-9]{{1,2}})\.(?P<y1>[0-9]{{4}})"
    rf"|(?P<d2>[0-9]{{1,2}})\.\s?(?P<m2>{MONTH_NAMES})\s+(?P<y2>[0-9]{{4}})"
    rf"|(?P<m3>{MONTH_NAMES})\s+(?P<y3>[0-9]{{4}}))"
    rf"(?![0-9])"
)


@attrs.frozen
class DatePhrase:
    """A date or month named in a text, where it stands and how it is qualified.

    ``start``/``end`` are offsets into the text; ``text`` the whole phrase with preposition and
    qualifier; ``preposition`` in lower case (``am``, ``seit dem``, ``bis``, ``""``);
    ``qualifier`` ``frühestens``, ``spätestens``, ``voraussichtlich`` or ``""``. ``day`` is the
    date for a day phrase and ``None`` for a month phrase (``year``/``month`` are always set).
    """

    start: int
    end: int
    text: str
    date_start: int
    preposition: str
    qualifier: str
    year: int
    month: int
    day: dt.date | None

    @property
    def is_day(self) -> bool:
        """Whether the phrase names a day (not only a month)."""
        return self.day is not None

    @property
    def last_day(self) -> dt.date:
        """The day, or the last day of the month."""
        if self.day is not None:
            return self.day
        if self.month == 12:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def is_deadline(self) -> bool:
        """Whether the phrase states a plan: ``bis …``, ``frühestens``, ``spätestens``, …"""
        return self.preposition.startswith("bis") or bool(self.qualifier)

    @property
    def is_start(self) -> bool:
        """Whether the phrase names the start of something ongoing (``seit``, ``ab``)."""
        return self.preposition.startswith(("seit", "ab"))


def check_year(year: int, shown: str) -> None:
    """Refuse a date whose year lies outside 1990–2200 (the years the model keeps): raises
    :class:`ParseError` without a location, quoting ``shown``."""
    if not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise ParseError(
            f"„{shown}“: das Jahr {year} liegt nicht zwischen {MIN_FISCAL_YEAR} und "
            f"{MAX_FISCAL_YEAR}",
            shown,
        )


def find_date_phrases(text: str) -> Iterator[DatePhrase]:
    """Every date and month phrase in ``text``, in order.

    Raises :class:`ParseError` (without location) for a date that does not exist and for a year
    outside 1990–2200.
    """
    for match in _PHRASE.finditer(text):
        qualifier = (match["qual1"] or match["qual2"] or "").lower()
        preposition = (match["prep"] or "").lower()
        day: dt.date | None
        if match["d1"] is not None or match["d2"] is not None:
            start = match.start("d1" if match["d1"] is not None else "d2")
            shown = text[start : match.end()]
            day = parse_date(shown)
            year, month = day.year, day.month
        else:
            start = match.start("m3")
            shown = text[start : match.end()]
            day = None
            year, month = int(match["y3"]), MONTHS[match["m3"]]
        check_year(year, shown)
        yield DatePhrase(
            start=match.start(),
            end=match.end(),
            text=match[0],
            date_start=start,
            preposition=preposition,
            qualifier=qualifier,
            year=year,
            month=month,
            day=day,
        )
