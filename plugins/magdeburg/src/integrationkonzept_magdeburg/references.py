"""Magdeburg's council paper numbers: ``DS0583/21``, ``DS0583/21/1``, ``S0518/19``, ``F0310/19``.

Shape: a prefix for the kind of paper, four digits (the running number, kept as written), a slash
and the two-digit year, then any number of ``/n`` follow-up numbers: ``DS0583/21/1`` is an
Änderungsantrag to ``DS0583/21``, ``DS0002/22/1/1/1`` one to ``DS0002/22/1/1``.

Prefixes and the kinds they denote:

===== ==========================================================================================
DS    Beschlussvorlage (Drucksache)
A     Antrag
F     Anfrage
S     Stellungnahme (the administration's written answer)
I     Informationsvorlage
T     rare; DOMAIN.md names the prefix without its meaning, so the kind says so:
      ``T (Art nicht belegt)``
ÄA    Änderungsantrag — rare; written as a prefix of its own
===== ==========================================================================================

The sources describe a trailing ``/n`` as an amendment number (DOMAIN.md: "nested amendment
numbers"; the council adopted DS0583/21 "mit DS0583/21/1"). The scheme reads it so for the papers
a motion can amend, Beschlussvorlagen, Anträge and Informationsvorlagen: kind Änderungsantrag,
parent without the last ``/n``. For S, F, T and ÄA the sources give no example, and an amendment
of the administration's statement or of a councillor's inquiry is not attested, so the kind only
says what the number shows: ``Folgevorlage (/n) zu S0518/19``, with that parent.

The two-digit year follows :func:`integrationkonzept.german.full_year`: 00–89 are 20xx, 90–99 are
19xx.

What is normalised, because it can only mean one thing: a decomposed ``Ä`` (Unicode NFC),
surrounding whitespace, whitespace next to a slash or between prefix and number
(``DS0583/21 /1`` → ``DS0583/21/1``) and a lower-case prefix (``ds0583/21`` → ``DS0583/21``).
Everything else is refused with a German message quoting the text: a missing year, a running
number of other than four digits, an unknown prefix, a year of other than two digits, a follow-up
number of 0 or with a leading zero, other characters. Anything but a ``str`` is a
:class:`TypeError` (a programming error, not a bad reference).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from integrationkonzept.errors import ParseError
from integrationkonzept.plugin import (
    ParsedReference,
    ReferenceScheme,
    full_year,
)

__all__ = [
    "AMENDABLE",
    "AMENDMENT_KIND",
    "EXAMPLES",
    "PREFIXES",
    "REFERENCE_PATTERN",
    "SCHEME",
    "follow_up_kind",
    "format_reference",
    "parse_reference",
]

#: Prefix → the kind of paper it denotes.
PREFIXES: Final[dict[str, str]] = {
    "DS": "Beschlussvorlage (Drucksache)",
    "A": "Antrag",
    "F": "Anfrage",
    "S": "Stellungnahme",
    "I": "Informationsvorlage",
    "T": "T (Art nicht belegt)",
    "ÄA": "Änderungsantrag",
}

#: The kind of a Beschlussvorlage, Antrag or Informationsvorlage with a trailing ``/n``
#: (``DS0583/21/1``): an Änderungsantrag to its parent.
AMENDMENT_KIND: Final = "Änderungsantrag"

#: The prefixes whose ``/n`` numbers are Änderungsanträge.
AMENDABLE: Final = frozenset({"DS", "A", "I"})

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


def follow_up_kind(parent: str) -> str:
    """The kind of an S, F, T or ÄA paper with a trailing ``/n``: what its number shows, no more
    (``Folgevorlage (/n) zu S0518/19``)."""
    return f"Folgevorlage (/n) zu {parent}"


def format_reference(prefix: str, number: str, year: str, amendments: Sequence[str] = ()) -> str:
    """The canonical reference from its parts: ``DS`` ``0583`` ``21`` ``(1,)`` → ``DS0583/21/1``."""
    return f"{prefix}{number}/{year}" + "".join(f"/{amendment}" for amendment in amendments)


def _refuse(shown: str, reason: str) -> ParseError:
    return ParseError(
        f"„{shown}“ ist keine gültige Magdeburger Vorlagennummer: {reason}", value=shown
    )


def parse_reference(text: str) -> ParsedReference:
    """Take a Magdeburg paper number apart; raises :class:`ParseError` for anything else
    (:class:`TypeError` for what is not a ``str``)."""
    if not isinstance(text, str):
        raise TypeError(f"parse_reference erwartet str, nicht {type(text).__name__}")
    shown = unicodedata.normalize("NFC", text).strip()
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
    what = "die Nummer des Änderungsantrags" if prefix in AMENDABLE else "die Folgenummer"
    for amendment in amendments:
        if amendment.startswith("0") or len(amendment) > 3:
            raise _refuse(
                shown, f"{what} „{amendment}“ ist ungültig (1 bis 999, ohne führende Null)"
            )
    normalized = format_reference(prefix, number, year, amendments)
    parent = format_reference(prefix, number, year, amendments[:-1]) if amendments else None
    if parent is None:
        kind = PREFIXES[prefix]
    else:
        kind = AMENDMENT_KIND if prefix in AMENDABLE else follow_up_kind(parent)
    return ParsedReference(
        text=text,
        normalized=normalized,
        kind=kind,
        parts=(
            ("prefix", prefix),
            ("number", number),
            ("year", year),
            ("full_year", str(full_year(int(year)))),
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
