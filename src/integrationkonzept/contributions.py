"""What plugins contribute: small frozen records, each with a unique ``name``.

A city plugin returns these from its hooks (see :mod:`integrationkonzept.hookspecs`): a
municipality profile, reference schemes for its council papers, importers for its documents,
report formats in its own shapes, and checks. The core contributes its own (native JSON, the text
report, the core checks) through the same hooks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

import attrs

from .errors import Location, ParseError
from .model.concept import Municipality, Status
from .model.council import Paper
from .model.dataset import Dataset
from .model.periods import BudgetCadence
from .model.review import ReviewRule

__all__ = [
    "CheckSet",
    "Importer",
    "InputFile",
    "MunicipalityProfile",
    "OParlAdapter",
    "ParsedReference",
    "Problem",
    "ReferenceScheme",
    "RelevanceRules",
    "RenderOptions",
    "ReportFormat",
    "Severity",
]

# A multi-byte UTF-8 sequence: a file containing one was written as UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")

_name = attrs.validators.matches_re(r"[a-z0-9][a-z0-9-]*")


@attrs.frozen
class InputFile:
    """A file handed to an importer: its name (for messages) and its bytes."""

    name: str
    data: bytes

    def text(self) -> str:
        """The content as text: UTF-8 (with or without BOM), UTF-16 with its BOM, or Windows-1252
        as older Word and Excel exports write it.

        A file that is UTF-8 but for a few bytes is refused with the line of the first bad byte
        rather than read as Windows-1252, which would garble every umlaut in it.
        """
        if self.data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return self.data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise self._undecodable(exc, "UTF-16") from None
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if _UTF8_SEQUENCE.search(self.data):
                raise self._undecodable(exc, "UTF-8") from None
        try:
            return self.data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise self._undecodable(exc, "UTF-8 oder Windows-1252") from None

    def _undecodable(self, exc: UnicodeDecodeError, encoding: str) -> ParseError:
        line = self.data[: exc.start].count(b"\n") + 1
        byte = self.data[exc.start : exc.start + 1].hex().upper()
        return ParseError(
            f"kein gültiges {encoding}: Byte 0x{byte} an Stelle {exc.start}",
            f"0x{byte}",
            Location(self.name, line),
        )


@attrs.frozen
class Importer:
    """Reads documents into a :class:`~integrationkonzept.model.Dataset`.

    ``read`` gets every file at once and returns one data set; on bad input it raises
    :class:`~integrationkonzept.errors.ParseError` with a location (file, line). It must not write
    anything: the command line writes the result only when ``read`` succeeded.
    """

    name: str = attrs.field(validator=_name)
    description: str
    read: Callable[[Sequence[InputFile]], Dataset] = attrs.field(eq=False)
    suffixes: tuple[str, ...] = (".txt",)


@attrs.frozen
class RenderOptions:
    """How to render: the output kind (``"md"``, ``"docx"``, …), the language, the reference day."""

    kind: str
    lang: str = "de"
    as_of: dt.date = attrs.field(factory=dt.date.today)


@attrs.frozen
class ReportFormat:
    """Renders a data set into a document.

    ``kinds`` are the output kinds it can produce (``"md"``, ``"docx"``, ``"html"``, …), the
    first being the default; ``render(data, options)`` returns the file's bytes. Everything
    from the data that ends up in the document must come out harmless (escaped for HTML,
    never run as a spreadsheet formula).
    """

    name: str = attrs.field(validator=_name)
    description: str
    kinds: tuple[str, ...] = attrs.field(validator=attrs.validators.min_len(1))
    render: Callable[[Dataset, RenderOptions], bytes] = attrs.field(eq=False)


@attrs.frozen
class ParsedReference:
    """A council paper reference taken apart.

    ``text`` as given, ``normalized`` as the city writes it canonically, ``kind`` the kind of
    paper it denotes (Antrag, Verwaltungsstandpunkt, …), ``parts`` the named pieces in order, and
    ``parent`` the reference of the paper this one derives from (a Neufassung's original).
    """

    text: str
    normalized: str
    kind: str
    parts: tuple[tuple[str, str], ...]
    parent: str | None = None

    def as_json(self) -> dict[str, object]:
        """The object the ``ref`` command prints."""
        return {
            "input": self.text,
            "reference": self.normalized,
            "kind": self.kind,
            "parts": dict(self.parts),
            "parent": self.parent,
        }


@attrs.frozen
class ReferenceScheme:
    """How one city numbers its council papers: ``parse`` raises ``ParseError`` on other shapes."""

    name: str = attrs.field(validator=_name)
    description: str
    parse: Callable[[str], ParsedReference] = attrs.field(eq=False)
    examples: tuple[str, ...] = ()


@attrs.frozen
class RelevanceRules:
    """Which council papers concern the integration concept.

    A paper is relevant when its title or reference contains one of ``keywords`` (case-insensitive),
    when one of ``bodies`` deliberates it (e.g. the Migrantenbeirat), or when its reference is one
    of ``references`` or derives from one (the concept's own papers).
    """

    keywords: tuple[str, ...] = (
        "Integration",
        "Migration",
        "Migrant",
        "Geflüchtete",
        "Flüchtling",
        "Asyl",
        "Zuwanderung",
        "interkulturell",
        "Sprachmittl",
        "Willkommen",
    )
    bodies: tuple[str, ...] = ("Migrantenbeirat", "Beirat für Integration und Migration")
    references: tuple[str, ...] = ()


@attrs.frozen
class MunicipalityProfile:
    """What differs between cities: key, budget cadence, review rules, bodies, vocabulary, and
    which council papers concern the concept (``relevance``)."""

    name: str = attrs.field(validator=_name)
    municipality: Municipality
    budget_cadence: BudgetCadence
    reference_scheme: str | None = None
    review_rules: tuple[ReviewRule, ...] = ()
    bodies: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    relevance: RelevanceRules = attrs.field(factory=RelevanceRules)
    oparl_endpoints: tuple[str, ...] = ()  # the city's OParl system URLs, if it has any


@attrs.frozen
class OParlAdapter:
    """Adjusts what the OParl sync maps for one city's system (reference scheme, kinds, vendor
    quirks). ``adjust_paper(paper, raw)`` gets the mapped paper and the raw OParl object and
    returns the paper to keep. It applies to data sets of the municipality with key ``ags``.
    """

    name: str = attrs.field(validator=_name)
    ags: str
    adjust_paper: Callable[[Paper, Mapping[str, Any]], Paper] = attrs.field(eq=False)


class Severity(Enum):
    """How bad a problem found by a check is."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Problem:
    """Something a check found: where (a JSON path) and what."""

    severity: Severity
    path: str
    message: str
    check: str = ""


@attrs.frozen
class CheckSet:
    """A named set of checks over a data set; ``run`` yields the problems found.

    ``ags``: run only on data sets of the municipality with this key (a city's own checks);
    ``None`` runs on every data set.
    """

    name: str = attrs.field(validator=_name)
    description: str
    run: Callable[[Dataset], Iterable[Problem]] = attrs.field(eq=False)
    ags: str | None = None

    def applies_to(self, data: Dataset) -> bool:
        """Whether this check set runs on ``data``."""
        return self.ags is None or self.ags == data.municipality.ags
