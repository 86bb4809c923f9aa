"""Magdeburg's council paper numbers: ``DS0583/21``, ``DS0583/21/1``, ``S0518/19``, ``F0310/19``.

Shape: a prefix for the kind of paper, four digits (the running number, kept as written), a slash
and the two-digit year, then any number of ``/n`` amendments: ``DS0583/21/1`` is an Änderungsantrag
to ``DS0583/21``, ``DS0002/22/1/1/1`` one to ``DS0002/22/1/1``.

Prefixes and the kinds they denote:

===== ==========================================================================================
DS    Beschlussvorlage (Drucksache)
A     Antrag
F     Anfrage
S     Stellungnahme (the administration's written answer)
I     Informationsvorlage
T     Tischvorlage — rare; DOMAIN.md names the prefix without its meaning, the kind is assumed
ÄA    Änderungsantrag — rare; written as a prefix of its own
===== ==========================================================================================

A reference with amendment numbers is of kind Änderungsantrag whatever its prefix.

The two-digit year reads as 20xx for 00–89 and as 19xx for 90–99 (Magdeburg's council information
system starts in the 1990s; a paper from 2090 is not expected).

What is normalised, because it can only mean one thing: surrounding whitespace, whitespace next to
a slash or between prefix and number (``DS0583/21 /1`` → ``DS0583/21/1``) and a lower-case prefix
(``ds0583/21`` → ``DS0583/21``). Everything else is refused with a German message quoting the text:
a missing year, a running number of other than four digits, an unknown prefix, a year of other
than two digits, an amendment number of 0 or with a leading zero, other characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from integrationkonzept.contributions import ParsedReference, ReferenceScheme
from integrationkonzept.errors import ParseError

__all__ = [
    "AMENDMENT_KIND",
    "EXAMPLES",
    "PREFIXES",
    "REFERENCE_PATTERN",
    "SCHEME",
    "format_reference",
    "full_year",
    "parse_reference",
]

#: Prefix → the kind of paper it denotes.
PREFIXES: Final[dict[str, str]] = {
    "DS": "Beschlussvorlage (Drucksache)",
    "A": "Antrag",
    "F": "Anfrage",
    "S": "Stellungnahme",
    "I": "Informationsvorlage",
    "T": "Tischvorlage",
    "ÄA": "Änderungsantrag",
}

#: The kind of a paper with amendment numbers (``DS0583/21/1``).
AMENDMENT_KIND: Final = "Änderungsantrag"

#: References from the city's documents that the scheme reads.
EXAMPLES: Final = (
    "DS0583/21",
    "DS0583/21/1",
    "DS0002/22/1/1/1",
    "S0518/19",
    "F0310/19",
    "I0184/25",
    "A0070/19",
)

#: A reference as written in running text, in its canonical form only (used to find mentions).
REFERENCE_PATTERN: Final = re.compile(
    r"(?<![\w/])(?:DS|ÄA|A|F|S|I|T)[0-9]{4}/[0-9]{2}(?:/[1-9][0-9]{0,2})*(?![\w/])"
)

_KNOWN = ", ".join(sorted(PREFIXES))
# ASCII letters and Ä only: str.upper() of anything else could change its length or meaning.
_HEAD = re.compile(r"(?P<prefix>[A-Za-zÄä]+)(?P<gap>\s*)(?P<number>[0-9]+)(?P<rest>.*)", re.DOTALL)
_REST = re.compile(r"(?:\s*/\s*[0-9]+)*")
_GROUP = re.compile(r"\s*/\s*([0-9]+)")
_EXPECTED = "erwartet z. B. DS0583/21, S0518/19 oder DS0583/21/1"


def full_year(two_digits: str) -> int:
    """The four-digit year of a two-digit year: 00–89 → 2000–2089, 90–99 → 1990–1999."""
    value = int(two_digits)
    return 2000 + value if value <= 89 else 1900 + value


def format_reference(prefix: str, number: str, year: str, amendments: Sequence[str] = ()) -> str:
    """The canonical reference from its parts: ``DS`` ``0583`` ``21`` ``(1,)`` → ``DS0583/21/1``."""
    return f"{prefix}{number}/{year}" + "".join(f"/{amendment}" for amendment in amendments)


def _refuse(shown: str, reason: str) -> ParseError:
    return ParseError(
        f"„{shown}“ ist keine gültige Magdeburger Vorlagennummer: {reason}", value=shown
    )


def parse_reference(text: str) -> ParsedReference:
    """Take a Magdeburg paper number apart; raises :class:`ParseError` for anything else."""
    shown = text.strip()
    if not shown:
        raise ParseError(f"leere Vorlagennummer ({_EXPECTED})", value=text)
    head = _HEAD.fullmatch(shown)
    if head is None:
        if re.match(r"[A-Za-zÄä]+\s*(?:/|$)", shown):
            raise _refuse(shown, f"nach dem Kürzel fehlt die vierstellige Nummer ({_EXPECTED})")
        raise _refuse(shown, f"unbekannte Form ({_EXPECTED})")
    prefix = head["prefix"].upper()
    if prefix not in PREFIXES:
        raise _refuse(shown, f"unbekanntes Kürzel „{head['prefix']}“ (bekannt: {_KNOWN})")
    number = head["number"]
    if len(number) != 4:
        raise _refuse(shown, f"die laufende Nummer „{number}“ muss vierstellig sein")
    rest = head["rest"]
    if not rest.strip():
        raise _refuse(shown, f"die Jahreszahl fehlt ({_EXPECTED})")
    if _REST.fullmatch(rest) is None:
        bad = rest.strip()
        raise _refuse(shown, f"unerwartet „{bad}“ nach „{prefix}{number}“ ({_EXPECTED})")
    groups = _GROUP.findall(rest)
    year, amendments = groups[0], groups[1:]
    if len(year) != 2:
        raise _refuse(shown, f"die Jahreszahl „{year}“ muss zweistellig sein (z. B. /21)")
    for amendment in amendments:
        if amendment.startswith("0") or len(amendment) > 3:
            raise _refuse(
                shown,
                f"die Nummer des Änderungsantrags „{amendment}“ ist ungültig "
                "(1 bis 999, ohne führende Null)",
            )
    normalized = format_reference(prefix, number, year, amendments)
    parent = format_reference(prefix, number, year, amendments[:-1]) if amendments else None
    return ParsedReference(
        text=text,
        normalized=normalized,
        kind=AMENDMENT_KIND if amendments else PREFIXES[prefix],
        parts=(
            ("prefix", prefix),
            ("number", number),
            ("year", year),
            ("full_year", str(full_year(year))),
            ("amendments", "/".join(amendments)),
        ),
        parent=parent,
    )


#: The contributed scheme.
SCHEME: Final = ReferenceScheme(
    name="magdeburg",
    description="Magdeburger Vorlagennummern: DS0583/21, DS0583/21/1, S0518/19, F0310/19, …",
    parse=parse_reference,
    examples=EXAMPLES,
)
