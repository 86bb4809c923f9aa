"""What plugins contribute: small frozen records, each with a unique ``name``.

A city plugin returns these from its hooks (see :mod:`integrationkonzept.hookspecs`): a
municipality profile, reference schemes for its council papers, importers for its documents,
report formats in its own shapes, and checks. The core contributes its own (native JSON, the text
report, the core checks) through the same hooks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, Final

import attrs

from .errors import Location, ParseError
from .model.concept import Municipality, Status
from .model.council import Paper
from .model.dataset import Dataset
from .model.periods import BudgetCadence
from .model.review import ReviewRule
from .pdf_text import is_pdf, pdf_text

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

# What text has no place for (read as UTF-16 without a BOM, these show it is none): controls but
# tab, line breaks and form feed, surrogates, private use and unassigned code points.
_NOT_TEXT: Final = frozenset({"Cc", "Cs", "Co", "Cn"})
_TEXT_CONTROLS: Final = frozenset("\t\n\r\x0c")


def _not_text(char: str) -> bool:
    return char not in _TEXT_CONTROLS and unicodedata.category(char) in _NOT_TEXT


_name = attrs.validators.matches_re(r"[a-z0-9][a-z0-9-]*")


@attrs.frozen
class InputFile:
    """A file handed to an importer: its name (for messages) and its bytes."""

    name: str
    data: bytes

    def text(self) -> str:
        """The content as text: UTF-8 (with or without BOM), UTF-16 (with its BOM, or without one
        when its zero bytes show it), or Windows-1252 as older Word and Excel exports write it.

        A file that is UTF-8 but for a few bytes is refused with the line of the first bad byte
        rather than read as Windows-1252, which would garble every umlaut in it; so is a file that
        looks like UTF-16 without a BOM but does not read as such. What comes back is the file's
        text or a :class:`~integrationkonzept.errors.ParseError`, never a garbled text, with one
        exception no reader can avoid: UTF-16 without a BOM of characters beyond U+00FF only (no
        zero byte) is also valid Windows-1252 or UTF-8 ("…" is "& "), and is read as that.

        A PDF (it starts with ``%PDF-``) gives the text of its pages, its lines rebuilt from where
        the characters stand so that a table's row is one line, pages separated by a line holding
        a form feed (see :mod:`integrationkonzept.pdf_text`); an encrypted or broken PDF, or one
        without a text layer (a scan), is a :class:`~integrationkonzept.errors.ParseError`.
        """
        if is_pdf(self.data):
            return pdf_text(self.data, self.name)
        if self.data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return self.data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise self._undecodable(exc, "UTF-16") from None
        if b"\x00" in self.data:
            utf16 = self._utf16_without_bom()
            if utf16 is not None:
                return utf16
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if _UTF8_SEQUENCE.search(self.data):
                raise self._undecodable(exc, "UTF-8") from None
        try:
            return self.data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise self._undecodable(exc, "UTF-8 oder Windows-1252") from None

    def _utf16_without_bom(self) -> str | None:
        """The content as UTF-16 without a BOM, ``None`` when it is none (it has zero bytes).

        Text in UTF-8 or Windows-1252 has no zero bytes; in UTF-16 every character up to U+00FF
        has one, its high byte: at odd places in little-endian, at even ones in big-endian.
        Content with zero bytes is UTF-16 in that byte order when it reads as text there (no
        controls but tab, line breaks and form feed; nothing unassigned). When it does not, a few
        zero bytes are stray ones in a UTF-8 or Windows-1252 text (PDF extractions leave them);
        more are refused, as UTF-16 that does not read when they stand on one side, else as a
        file that is no text at all: read as UTF-8 either would be garbage.
        """
        data = self.data
        even, odd = data[0::2].count(0), data[1::2].count(0)
        result: str | ParseError | None
        if odd != even:
            result = self._decode_utf16("le" if odd > even else "be")
        else:  # both byte orders are as likely: the content is UTF-16 if just one reads as text
            read = [text for text in map(self._decode_utf16, ("le", "be")) if isinstance(text, str)]
            result = read[0] if len(read) == 1 else None
        if isinstance(result, str):
            return result
        if even + odd <= len(data) // 1000 + 1:
            return None  # stray zero bytes
        if result is not None and min(even, odd) * 10 <= max(even, odd):
            raise result
        raise ParseError(
            "keine Textdatei: enthält Nullbytes wie eine XLSX-, PDF- oder Word-Datei und ist "
            "weder UTF-8 noch UTF-16 noch Windows-1252",
            None,
            Location(self.name, data[: data.index(b"\x00")].count(b"\n") + 1),
        )

    def _decode_utf16(self, order: str) -> str | ParseError:
        """The content as UTF-16 in byte ``order`` (``le``/``be``), or why it is no such text."""
        codec = f"utf-16-{order}"
        name = f"UTF-16{order.upper()} (ohne Byte-Order-Mark)"
        try:
            text = self.data.decode(codec)
        except UnicodeDecodeError as exc:
            return self._undecodable(exc, name)
        bad = [char for char in set(text) if _not_text(char)]
        if bad:
            index = min(text.index(char) for char in bad)
            char = text[index]
            what = "Steuerzeichen" if unicodedata.category(char) == "Cc" else "Zeichen"
            return ParseError(
                f"sieht nach UTF-16{order.upper()} ohne Byte-Order-Mark aus (enthält Nullbytes), "
                f"enthält so gelesen aber das {what} U+{ord(char):04X}; bitte als UTF-8 oder "
                "UTF-16 mit Byte-Order-Mark speichern",
                None,
                Location(self.name, text.count("\n", 0, index) + 1),
            )
        return text

    def _undecodable(self, exc: UnicodeDecodeError, encoding: str) -> ParseError:
        byte = self.data[exc.start : exc.start + 1].hex().upper()
        return ParseError(
            f"kein gültiges {encoding}: Byte 0x{byte} an Stelle {exc.start}",
            f"0x{byte}",
            Location(self.name, self._line_at(exc)),
        )

    def _line_at(self, exc: UnicodeDecodeError) -> int:
        """The line of the first byte that ``exc`` refused (the bytes before it are valid)."""
        if exc.encoding.startswith("utf-16"):
            # A byte 0x0A is no line break in UTF-16 unless it is the low byte of U+000A.
            before = self.data[: exc.start - exc.start % 2]
            return before.decode(exc.encoding).count("\n") + 1
        return self.data[: exc.start].count(b"\n") + 1


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
    #: The kinds of file it reads: a text importer reads a PDF too (:meth:`InputFile.text`).
    suffixes: tuple[str, ...] = (".txt", ".pdf")


@attrs.frozen
class RenderOptions:
    """How to render: the output kind (``"md"``, ``"docx"``, …), the language, the reference day,
    and the workspace revision the data set was taken from."""

    kind: str
    lang: str = "de"
    as_of: dt.date = attrs.field(factory=dt.date.today)
    #: Where the data set comes from, for formats that are edited and read back (the XLSX
    #: workbook keeps it): ``"<workspace id>@<revision>"``, or ``None``.
    base: str | None = None


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

    A paper is relevant when a word of its title or reference starts with one of ``keywords``
    (case-insensitive; a keyword of several words is a phrase) and none of ``exclusions`` is there
    (words or phrases that mark a false hit, e.g. "Integration von Räumen"), when one of
    ``bodies`` deliberates it (e.g. the Migrantenbeirat), or when its reference is one of
    ``references`` or derives from one (the concept's own papers). A person's decision on a
    paper overrides all of these: a reference in ``confirmed`` is relevant, one in ``rejected``
    is not (``oparl confirm`` / ``oparl reject`` keep them in the OParl store).
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
    exclusions: tuple[str, ...] = ()
    confirmed: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()


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


def _ags_or_product(instance: OParlAdapter, _attribute: object, _value: str | None) -> None:
    if instance.ags is None and not instance.product:
        raise ValueError(
            f"OParl-Anpassung „{instance.name}“: ags oder product angeben (für wen sie gilt)"
        )


@attrs.frozen
class OParlAdapter:
    """Adjusts what the OParl sync maps (reference scheme, kinds, server quirks).
    ``adjust_paper(paper, raw)`` gets the mapped paper and the raw OParl object and returns the
    paper to keep.

    It applies to papers of the municipality with key ``ags`` and, with ``product`` (a quirk of
    a server product rather than of one city), to papers from every system whose ``product`` or
    ``vendor`` in its OParl ``System`` object contains ``product``, ignoring case (for example
    ``"sternberg"`` for ``"https://www.sternberg-sh.de/sd-net-rim"``).
    """

    name: str = attrs.field(validator=_name)
    ags: str | None = attrs.field(validator=_ags_or_product)
    adjust_paper: Callable[[Paper, Mapping[str, Any]], Paper] = attrs.field(eq=False)
    product: str | None = attrs.field(default=None, kw_only=True)

    def applies(self, ags: str | None, system: Mapping[str, Any]) -> bool:
        """Whether this adapter applies to a body with key ``ags`` served by ``system`` (the
        raw OParl ``System`` object, empty when unknown)."""
        if self.ags is not None and self.ags == ags:
            return True
        if not self.product:
            return False
        wanted = self.product.casefold()
        return any(
            isinstance(system.get(key), str) and wanted in system[key].casefold()
            for key in ("product", "vendor")
        )


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
