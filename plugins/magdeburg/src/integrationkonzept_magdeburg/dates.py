"""German date phrases in running text: ``am 10.04.2018``, ``seit dem 11.04.2018``,
``am 3. Mai 2021``, ``bis Oktober 2019``, ``frühestens im Juni 2020``.

A phrase is a date (``DD.MM.YYYY`` or ``D. Monat YYYY``) or a month (``Monat YYYY``), with the
preposition before it (am, seit, bis, im, …) and a qualifier (frühestens, spätestens,
voraussichtlich) when there is one. Years alone (``2019``, ``2020 – 2023``) are not date phrases:
in these texts they name periods and titles far more often than dates.

Pure functions; an impossible date (``31.02.2020``) raises :class:`ParseError` without a location,
for the caller to place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.i18n import fmt_date
from integrationkonzept.model import PlannedDate

__all__ = [
    "MONTHS",
    "DatePhrase",
    "find_date_phrases",
    "format_plan",
    "parse_numeric_date",
]

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


_MONTH_NAMES = "|".join(MONTHS)
_PHRASE = re.compile(
    rf"(?<![\w.])"
    rf"(?:(?P<qual1>{_either_case(_QUALIFIERS)})\s+)?"
    rf"(?:(?P<prep>{_either_case(_PREPOSITIONS)})\s+)?"
    rf"(?:(?P<qual2>{_either_case(_QUALIFIERS)})\s+)?"
    rf"(?:(?P<d1>[0-9]{{1,2}})\.(?P<m1>[0-9]{{1,2}})\.(?P<y1>[0-9]{{4}})"
    rf"|(?P<d2>[0-9]{{1,2}})\.\s?(?P<m2>{_MONTH_NAMES})\s+(?P<y2>[0-9]{{4}})"
    rf"|(?P<m3>{_MONTH_NAMES})\s+(?P<y3>[0-9]{{4}}))"
    rf"(?![0-9])"
)
_NUMERIC = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


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


def parse_numeric_date(value: str) -> dt.date:
    """``DD.MM.YYYY`` (day and month with one or two digits) as a date.

    Raises :class:`ParseError` for another shape or a day that does not exist (``31.02.2020``).
    """
    match = _NUMERIC.fullmatch(value.strip())
    if match is None:
        raise ParseError(f"„{value.strip()}“ ist kein Datum (erwartet TT.MM.JJJJ)", value)
    return _date(int(match[3]), int(match[2]), int(match[1]), value.strip())


def _date(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"„{shown}“ ist kein gültiges Datum", shown) from None


def find_date_phrases(text: str) -> Iterator[DatePhrase]:
    """Every date and month phrase in ``text``, in order.

    Raises :class:`ParseError` (without location) for a date that does not exist.
    """
    for match in _PHRASE.finditer(text):
        qualifier = (match["qual1"] or match["qual2"] or "").lower()
        preposition = (match["prep"] or "").lower()
        if match["d1"] is not None:
            start = match.start("d1")
            shown = text[start : match.end()]
            day = _date(int(match["y1"]), int(match["m1"]), int(match["d1"]), shown)
            year, month = day.year, day.month
        elif match["d2"] is not None:
            start = match.start("d2")
            shown = text[start : match.end()]
            day = _date(int(match["y2"]), MONTHS[match["m2"]], int(match["d2"]), shown)
            year, month = day.year, day.month
        else:
            start = match.start("m3")
            day = None
            year, month = int(match["y3"]), MONTHS[match["m3"]]
            if year < dt.MINYEAR:
                raise ParseError(f"„{text[start : match.end()]}“ ist kein gültiger Monat")
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


def format_plan(plan: PlannedDate, lang: str = "de") -> str:
    """A planned date as a reader writes it: ``frühestens Juni 2020``, ``Oktober 2019``,
    ``31.03.2021``, ``2017`` (English: ``at the earliest June 2020``, …)."""
    from babel.dates import format_date

    english = lang == "en"
    if plan.day is not None:
        label = fmt_date(plan.as_date(), "en" if english else "de")
    elif plan.month is not None:
        label = format_date(
            dt.date(plan.year, plan.month, 1),
            format="MMMM y",
            locale="en_US" if english else "de_DE",
        )
    else:
        label = str(plan.year)
    if plan.earliest:
        return f"{label} at the earliest" if english else f"frühestens {label}"
    return label
