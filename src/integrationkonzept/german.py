"""Reading German text as council documents write it: month names, dates, two-digit years, lines,
ids made of words.

One place for what every importer needs, so that the cities' plugins read ``08.03.17``,
``3. Mai 2021`` and a decomposed ``Ä`` the same way. Plugin authors use these through
:mod:`integrationkonzept.plugin`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Final, Literal

import attrs

from .errors import ParseError

__all__ = [
    "MONTHS",
    "MONTH_NAMES",
    "Line",
    "YearDigits",
    "clean_lines",
    "date_pattern",
    "full_year",
    "numbered_lines",
    "parse_date",
    "slug",
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

#: The month names of :data:`MONTHS` as a regular expression alternation (``Januar|Jänner|…``),
#: case as written, to build into patterns that find dates in running text.
MONTH_NAMES: Final[str] = "|".join(MONTHS)

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


#: How many digits the year of a numeric date may have (see :func:`date_pattern`).
YearDigits = Literal["four", "two or four", "two to four"]
_YEAR_DIGITS: Final[dict[str, str]] = {
    "four": "[0-9]{4}",
    "two or four": "(?:[0-9]{4}|[0-9]{2})",
    "two to four": "[0-9]{2,4}",
}


def date_pattern(*, years: YearDigits = "two or four", written: bool = False) -> str:
    """A regular expression (source text, no capturing groups) for a German date as documents
    write it, to build into a larger pattern; :func:`parse_date` then reads what it matched.

    ``day.month.year`` with day and month of one or two digits (``18.04.2017``, ``8.3.17``).
    ``years`` says which years match: ``"four"`` (in running text, where ``1.2.20`` is as likely a
    section number), ``"two or four"``, or ``"two to four"`` (a mistyped ``1.2.202`` is matched
    so that :func:`parse_date` refuses it with a message instead of the text being passed over).
    With ``written``, also a day with the month as a word and a four-digit year (``3. Mai 2021``,
    ``3.Mai 2021``): any word, so that a misspelt month is refused by :func:`parse_date` too.
    The pattern does not check that the date exists.

    >>> import re
    >>> bool(re.fullmatch(date_pattern(written=True), "3. Mai 2021"))
    True
    >>> bool(re.fullmatch(date_pattern(years="four"), "8.3.17"))
    False
    """
    numeric = rf"[0-9]{{1,2}}\.[0-9]{{1,2}}\.{_YEAR_DIGITS[years]}"
    if not written:
        return numeric
    return rf"(?:{numeric}|[0-9]{{1,2}}\. ?[^\W\d_]+ [0-9]{{4}})"


def clean_lines(text: str) -> list[str]:
    """The lines of ``text`` in Unicode NFC (a decomposed ``Ä`` becomes one character), line
    breaks of any kind as ``\\n``, control characters removed, trailing spaces stripped."""
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return [line.translate(_CONTROLS).rstrip() for line in normal.split("\n")]


@attrs.frozen
class Line:
    """One line of a document: its number (from 1, as an editor shows it) and its text, so that
    an error can say where it was found.

    ``furniture`` marks a line a plugin recognised as page furniture (page numbers, navigation)
    and emptied: it is then neither text nor a paragraph break.
    """

    number: int
    text: str
    furniture: bool = False


def numbered_lines(text: str) -> tuple[Line, ...]:
    """The lines of ``text`` as :func:`clean_lines` reads them (NFC, any line break, no control
    characters, no trailing spaces), numbered from 1."""
    return tuple(Line(number, line) for number, line in enumerate(clean_lines(text), start=1))


_UMLAUTS: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(
    text: str, *, limit: int | None = None, empty: str = "x", transliterate: bool = True
) -> str:
    """An id made of ``text``: lower-case ASCII letters and digits, runs of anything else as one
    ``-`` (``Förderung von MSO`` → ``foerderung-von-mso``, ``V/02`` → ``v-02``).

    Umlauts and ``ß`` are spelt out (``ae``, ``ss``). With ``transliterate`` other letters lose
    their accents (``Café`` → ``cafe``); without, they count as separators (``caf``), as ids made
    before this helper existed spell them. ``limit`` cuts after whole words at that many
    characters (``None``: never); ``empty`` is the id of a text without letters or digits.
    """
    if transliterate:
        folded = text.casefold().translate(_UMLAUTS)
        folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    else:
        folded = text.lower().translate(_UMLAUTS)
    out = ""
    for word in re.findall(r"[a-z0-9]+", folded):
        candidate = f"{out}-{word}" if out else word
        if limit is not None and len(candidate) > limit:
            break
        out = candidate
    return out or empty
