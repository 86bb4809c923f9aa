"""Leipzig's council-paper references (ALLRIS): take them apart, normalise them, name their kind.

Shapes read (see ``DOMAIN.md``):

* current: ``<Wahlperiode>-<Typ>-<Nummer>`` with a chain of suffixes, e.g. ``VI-A-03824``,
  ``VI-DS-08033-NF-02-ÄA-02``, ``VII-DS-00547-NF-01-DS-01``; the Wahlperiode is a Roman numeral
  I–X, the type one of A, DS, F, EF, P, HP, WA, the number has five digits, each suffix is
  NF, ÄA, VSP, AW, DS or Ifo with a number of two digits (three, as one real paper writes
  ``-NF-003``: kept as written);
* the 2014 transition format ``A-00196/14-VSP-001`` (type, number, two-digit year, suffixes);
* older formats ``DS V/3943`` (Drucksache of a Wahlperiode), ``V/A 377/12`` (Wahlperiode, type,
  number, year) and ``RBV-1458/12`` (Ratsbeschluss: ``RB`` and the Wahlperiode, number, year).
  Of these older shapes only the types the records show are accepted: ``DS`` before the
  Wahlperiode, ``A`` after it (``A V/3943`` or ``V/F 377/12`` are refused, not guessed).

``parse_reference`` raises :class:`TypeError` for anything but a ``str``.

Normalising changes only what is unambiguous: surrounding whitespace, Unicode composition (an
``Ä`` written as ``A`` + combining diaeresis), dash look-alikes (``–``, ``‑``) between the parts,
several spaces where the older formats have one, and the letter case of Wahlperiode, type and
suffixes (``vi-a-03824`` → ``VI-A-03824``, ``IFO`` → ``Ifo``). Digits are never added or removed.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Final

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.plugin import (
    ParsedReference,
    ReferenceScheme,
)

__all__ = [
    "EXAMPLES",
    "OLD_TYPES",
    "REFERENCE_PATTERN",
    "SUFFIXES",
    "TERMS",
    "TYPES",
    "Layout",
    "LeipzigReference",
    "Suffix",
    "parse_reference",
    "parsed",
    "scheme",
]

#: The Wahlperioden accepted, as Roman numerals.
TERMS: Final = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

#: Paper types and the kind of paper each denotes (without suffix).
TYPES: Final[dict[str, str]] = {
    "A": "Antrag",
    "DS": "Vorlage",
    "F": "Anfrage",
    "EF": "Einwohneranfrage",
    "P": "Petition",
    "HP": "Haushaltsänderungsantrag",
    # DOMAIN.md lists the type, but no source at hand says what WA stands for: no guessed name.
    "WA": "WA (Art nicht belegt)",
}

#: Suffixes and the kind of paper each denotes (the last suffix decides).
SUFFIXES: Final[dict[str, str]] = {
    "NF": "Neufassung",
    "ÄA": "Änderungsantrag",
    "VSP": "Verwaltungsstandpunkt",
    "AW": "Antwort",
    "DS": "Beschlussvorlage",
    "Ifo": "Informationsvorlage",
}

#: The only type seen in each older shape (``DS V/3943``, ``V/A 377/12``).
OLD_TYPES: Final[dict[str, str]] = {"drucksache": "DS", "wahlperiode-schrägstrich": "A"}

#: The kind of a Ratsbeschluss number (``RBV-1458/12``).
DECISION_KIND: Final = "Ratsbeschluss"

_SUFFIX_BY_UPPER: Final = {code.upper(): code for code in SUFFIXES}

#: Every reference of the current and the 2014 shape in running text (canonical spelling only).
REFERENCE_PATTERN: Final = re.compile(
    r"(?<![\w/-])(?:(?:X|IX|VIII|VII|VI|V|IV|III|II|I)-(?:A|DS|F|EF|P|HP|WA)-[0-9]{5}"
    r"|(?:A|DS|F|EF|P|HP|WA)-[0-9]{5}/[0-9]{2})"
    r"(?:-(?:NF|ÄA|VSP|AW|DS|Ifo)-[0-9]{2,3})*(?![\w/-])"
)

#: Examples of every shape, for the scheme record and the documentation.
EXAMPLES: Final = (
    "VI-A-03824",
    "VI-DS-08033-NF-02",
    "VI-DS-08033-NF-02-ÄA-02",
    "VII-DS-00547-NF-01-DS-01",
    "VII-F-08632",
    "VI-A-03824-VSP-01",
    "VI-A-01381-NF-003",
    "A-00196/14-VSP-001",
    "DS V/3943",
    "V/A 377/12",
    "RBV-1458/12",
)

_DASHES: Final = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"})
_DIGITS: Final = re.compile(r"[0-9]+")
_ROMANISH: Final = re.compile(r"[IVXivx]+")
_LETTERS: Final = re.compile(r"[^\W\d_]+")
_EXPECTED: Final = (
    "erwartet z. B. „VI-A-03824“, „VI-DS-08033-NF-02-ÄA-02“, „A-00196/14-VSP-001“, "
    "„DS V/3943“, „V/A 377/12“ oder „RBV-1458/12“"
)

# The older shapes, matched case-insensitively after cleaning.
_TRANSITION: Final = re.compile(
    r"(?P<type>[^\W\d_]+)-(?P<number>[0-9]+)/(?P<year>[0-9]+)(?P<rest>.*)"
)
_DECISION: Final = re.compile(r"(?i:RB)(?P<term>[^\W\d_]+)-(?P<number>[0-9]+)/(?P<year>[0-9]+)")
_DRUCKSACHE: Final = re.compile(r"(?P<type>[^\W\d_]+) +(?P<term>[^\W\d_]+)/(?P<number>[0-9]+)")
_TERM_SLASH: Final = re.compile(
    r"(?P<term>[^\W\d_]+)/(?P<type>[^\W\d_]+) +(?P<number>[0-9]+)/(?P<year>[0-9]+)"
)


class Layout(Enum):
    """Which of Leipzig's numbering shapes a reference has."""

    CURRENT = "aktuell"  # VI-A-03824-NF-02
    TRANSITION = "2014"  # A-00196/14-VSP-001
    DRUCKSACHE = "drucksache"  # DS V/3943
    TERM_SLASH = "wahlperiode-schrägstrich"  # V/A 377/12
    DECISION = "ratsbeschluss"  # RBV-1458/12


def _check_code(_instance: Suffix, _attribute: object, value: str) -> None:
    if value not in SUFFIXES:
        raise ValueError(f"unknown suffix {value!r}")


def _check_suffix_number(_instance: Suffix, _attribute: object, value: str) -> None:
    if not re.fullmatch(r"[0-9]{2,3}", value):
        raise ValueError(f"a suffix number has two or three digits, got {value!r}")


@attrs.frozen
class Suffix:
    """One link of the suffix chain: ``NF-02`` is code ``NF``, number ``02`` (digits as written)."""

    code: str = attrs.field(validator=_check_code)
    number: str = attrs.field(validator=_check_suffix_number)

    def format(self) -> str:
        """As Leipzig writes it: ``NF-02``."""
        return f"{self.code}-{self.number}"

    @property
    def kind(self) -> str:
        """The kind of paper this suffix denotes (``Neufassung``, ``Antwort``, …)."""
        return SUFFIXES[self.code]


def _check_reference(instance: LeipzigReference, _attribute: object, _value: object) -> None:
    """Invariants of a reference built from its parts (the parser guarantees them too)."""
    layout = instance.layout
    if instance.term is not None and instance.term not in TERMS:
        raise ValueError(f"Wahlperiode must be a Roman numeral I–X, got {instance.term!r}")
    needs_term = layout in (
        Layout.CURRENT,
        Layout.DRUCKSACHE,
        Layout.TERM_SLASH,
        Layout.DECISION,
    )
    if needs_term != (instance.term is not None):
        raise ValueError(f"layout {layout.value} and term {instance.term!r} do not fit")
    if layout is Layout.DECISION:
        if instance.type != "RB":
            raise ValueError("a Ratsbeschluss has type RB")
    elif instance.type not in TYPES:
        raise ValueError(f"unknown type {instance.type!r}")
    elif layout.value in OLD_TYPES and instance.type != OLD_TYPES[layout.value]:
        raise ValueError(f"layout {layout.value} has only type {OLD_TYPES[layout.value]}")
    digits = {Layout.CURRENT: (5, 5), Layout.TRANSITION: (5, 5)}.get(layout, (1, 5))
    if not (
        re.fullmatch(r"[0-9]+", instance.number) and digits[0] <= len(instance.number) <= digits[1]
    ):
        raise ValueError(f"number {instance.number!r} has the wrong digits for {layout.value}")
    needs_year = layout in (Layout.TRANSITION, Layout.TERM_SLASH, Layout.DECISION)
    if needs_year != (instance.year is not None):
        raise ValueError(f"layout {layout.value} and year {instance.year!r} do not fit")
    if instance.year is not None and not re.fullmatch(r"[0-9]{2}", instance.year):
        raise ValueError(f"the year has two digits, got {instance.year!r}")
    if instance.suffixes and layout not in (Layout.CURRENT, Layout.TRANSITION):
        raise ValueError(f"layout {layout.value} has no suffixes")


@attrs.frozen
class LeipzigReference:
    """A Leipzig paper reference taken apart; :meth:`format` writes it canonically."""

    layout: Layout
    type: str
    number: str
    term: str | None = None
    year: str | None = None
    suffixes: tuple[Suffix, ...] = attrs.field(default=(), validator=_check_reference)

    def format(self) -> str:
        """The reference as Leipzig writes it, e.g. ``VI-DS-08033-NF-02-ÄA-02``."""
        chain = "".join(f"-{suffix.format()}" for suffix in self.suffixes)
        if self.layout is Layout.CURRENT:
            return f"{self.term}-{self.type}-{self.number}{chain}"
        if self.layout is Layout.TRANSITION:
            return f"{self.type}-{self.number}/{self.year}{chain}"
        if self.layout is Layout.DRUCKSACHE:
            return f"{self.type} {self.term}/{self.number}"
        if self.layout is Layout.TERM_SLASH:
            return f"{self.term}/{self.type} {self.number}/{self.year}"
        return f"RB{self.term}-{self.number}/{self.year}"

    @property
    def kind(self) -> str:
        """The kind of paper: the last suffix decides, else the type."""
        if self.suffixes:
            return self.suffixes[-1].kind
        if self.layout is Layout.DECISION:
            return DECISION_KIND
        return TYPES[self.type]

    @property
    def parent(self) -> LeipzigReference | None:
        """The reference without its last suffix (``None`` for a reference without suffix)."""
        if not self.suffixes:
            return None
        return attrs.evolve(self, suffixes=self.suffixes[:-1])

    def parts(self) -> tuple[tuple[str, str], ...]:
        """The named parts, in order (only those the shape has)."""
        out: list[tuple[str, str]] = [("format", self.layout.value)]
        if self.term is not None:
            out.append(("wahlperiode", self.term))
        out += [("typ", self.type), ("nummer", self.number)]
        if self.year is not None:
            out.append(("jahr", self.year))
        if self.suffixes:
            out.append(("zusätze", "-".join(suffix.format() for suffix in self.suffixes)))
            out.append(("letzter_zusatz", self.suffixes[-1].code))
        return tuple(out)


def _error(text: str, reason: str) -> ParseError:
    shown = text.strip()
    return ParseError(f"„{shown}“ ist kein Leipziger Vorlagen-Aktenzeichen: {reason}", text)


def _clean(text: str) -> str:
    composed = unicodedata.normalize("NFC", text).translate(_DASHES).strip()
    return re.sub(r"\s+", " ", composed)


def _term(text: str, token: str) -> str:
    term = token.upper()
    if term not in TERMS:
        if _ROMANISH.fullmatch(token):
            raise _error(text, f"„{token}“ ist keine Wahlperiode (römische Zahl von I bis X)")
        raise _error(text, f"unbekannte Wahlperiode „{token}“ (römische Zahl von I bis X)")
    return term


def _type(text: str, token: str, layout: Layout | None = None) -> str:
    kind = token.upper()
    if kind not in TYPES:
        raise _error(text, f"unbekannter Typ „{token}“")
    only = OLD_TYPES.get(layout.value) if layout is not None else None
    if only is not None and kind != only:
        shown = "„DS V/3943“" if only == "DS" else "„V/A 377/12“"
        raise _error(text, f"in dieser älteren Form ist nur der Typ „{only}“ belegt (wie {shown})")
    return kind


def _number(text: str, token: str, low: int, high: int) -> str:
    if not _DIGITS.fullmatch(token):
        raise _error(text, f"„{token}“ ist keine laufende Nummer")
    if not low <= len(token) <= high:
        wanted = "fünf Ziffern" if low == high == 5 else f"{low} bis {high} Ziffern"
        raise _error(text, f"die laufende Nummer „{token}“ muss {wanted} haben")
    return token


def _year(text: str, token: str) -> str:
    if not re.fullmatch(r"[0-9]{2}", token):
        raise _error(text, f"das Jahr „{token}“ muss zweistellig sein (z. B. „14“)")
    return token


def _suffixes(text: str, tokens: list[str]) -> tuple[Suffix, ...]:
    out: list[Suffix] = []
    for index in range(0, len(tokens), 2):
        code_token = tokens[index]
        code = _SUFFIX_BY_UPPER.get(code_token.upper())
        if code is None:
            if _DIGITS.fullmatch(code_token):
                raise _error(text, f"Nummer „{code_token}“ ohne Zusatz davor")
            raise _error(
                text,
                f"unbekannter Zusatz „{code_token}“ (bekannt: {', '.join(SUFFIXES)})",
            )
        if index + 1 >= len(tokens):
            raise _error(text, f"Zusatz „{code_token}“ ohne Nummer")
        number = tokens[index + 1]
        if not re.fullmatch(r"[0-9]{2,3}", number):
            raise _error(
                text,
                f"Zusatz „{code_token}-{number}“: die Nummer muss zwei (oder drei) Ziffern haben",
            )
        out.append(Suffix(code, number))
    return tuple(out)


def parse_reference(text: str) -> LeipzigReference:
    """Read a Leipzig paper reference; a :class:`ParseError` (German, quoting ``text``) otherwise.

    >>> parse_reference("vi-ds-08033-nf-02-äa-02").format()
    'VI-DS-08033-NF-02-ÄA-02'
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_reference erwartet str, nicht {type(text).__name__}")
    cleaned = _clean(text)
    if not cleaned:
        raise _error(text, "der Text ist leer")
    if "/" in cleaned:
        return _parse_slashed(text, cleaned)
    if " " in cleaned:
        raise _error(text, f"Leerzeichen innerhalb des Aktenzeichens; {_EXPECTED}")
    tokens = cleaned.split("-")
    if "" in tokens:
        raise _error(text, f"überzähliger Bindestrich; {_EXPECTED}")
    if len(tokens) < 3 or not _LETTERS.fullmatch(tokens[0]):
        if tokens[0].upper() in TYPES and len(tokens) >= 2 and _DIGITS.fullmatch(tokens[1]):
            raise _error(text, "die Wahlperiode fehlt (z. B. „VI-A-03824“)")
        raise _error(text, _EXPECTED)
    term = _term(text, tokens[0])
    kind = _type(text, tokens[1])
    number = _number(text, tokens[2], 5, 5)
    suffixes = _suffixes(text, tokens[3:])
    return LeipzigReference(Layout.CURRENT, kind, number, term=term, suffixes=suffixes)


def _parse_slashed(text: str, cleaned: str) -> LeipzigReference:
    found = _DECISION.fullmatch(cleaned)
    if found:
        return LeipzigReference(
            Layout.DECISION,
            "RB",
            _number(text, found["number"], 1, 5),
            term=_term(text, found["term"]),
            year=_year(text, found["year"]),
        )
    found = _TERM_SLASH.fullmatch(cleaned)
    if found:
        return LeipzigReference(
            Layout.TERM_SLASH,
            _type(text, found["type"], Layout.TERM_SLASH),
            _number(text, found["number"], 1, 5),
            term=_term(text, found["term"]),
            year=_year(text, found["year"]),
        )
    found = _DRUCKSACHE.fullmatch(cleaned)
    if found:
        return LeipzigReference(
            Layout.DRUCKSACHE,
            _type(text, found["type"], Layout.DRUCKSACHE),
            _number(text, found["number"], 1, 5),
            term=_term(text, found["term"]),
        )
    found = _TRANSITION.fullmatch(cleaned)
    if found:
        kind = _type(text, found["type"])
        number = _number(text, found["number"], 5, 5)
        year = _year(text, found["year"])
        rest = found["rest"]
        if rest and not rest.startswith("-"):
            raise _error(text, f"unerwarteter Text „{rest}“ nach dem Jahr")
        tokens = rest[1:].split("-") if rest else []
        if "" in tokens:
            raise _error(text, f"überzähliger Bindestrich; {_EXPECTED}")
        suffixes = _suffixes(text, tokens)
        return LeipzigReference(Layout.TRANSITION, kind, number, year=year, suffixes=suffixes)
    raise _error(text, _EXPECTED)


def parsed(text: str) -> ParsedReference:
    """``text`` as the core's :class:`ParsedReference` (the scheme's ``parse``)."""
    reference = parse_reference(text)
    parent = reference.parent
    return ParsedReference(
        text=text,
        normalized=reference.format(),
        kind=reference.kind,
        parts=reference.parts(),
        parent=parent.format() if parent is not None else None,
    )


def scheme() -> ReferenceScheme:
    """The reference scheme ``leipzig``."""
    return ReferenceScheme(
        "leipzig",
        "Leipziger Vorlagen-Aktenzeichen (ALLRIS): VI-A-03824, VI-DS-08033-NF-02-ÄA-02, "
        "A-00196/14-VSP-001, DS V/3943, V/A 377/12, RBV-1458/12",
        parsed,
        EXAMPLES,
    )
