"""The importer ``leipzig-paper``: the text of Leipzig council papers → a data set of papers.

Three layouts are read (the text as extracted from the PDF or web page):

* the current layout of Leipzig's council system: a first line ``<Vorlage-Art>-Nr. <reference>``
  (``Neufassung Antrag-Nr. …``, ``schriftliche Antwort zur Anfrage-Nr. …``,
  ``Beschlussvorlage-Nr. …``), then ``Status:``, ``Eingereicht von:``, optionally ``Stammbaum:``
  (related references, each followed by its submitter, wrapped over lines), ``Betreff:``,
  ``Beratungsfolge (Änderungen vorbehalten):`` with the columns Gremium | Voraussichtlicher
  Sitzungstermin | Zuständigkeit, and sections (``Beschlussvorschlag:``, ``Sachverhalt:``,
  ``Begründung:``, ``Frage 1:`` … ``Antwort 1:`` …, ``Finanzielle Auswirkungen:``);
* the older layout with one field per line (``Verwaltungsstandpunkt Nr. …``, ``Status: …``,
  ``Beratungsfolge:``, ``Gremium`` / ``Termin`` / ``Zuständigkeit`` one cell per line, the ticked
  position, ``Rechtliche Konsequenzen``, the check of the strategic goals);
* the older layout with everything on one long line (``Ratsversammlung Neufassung Nr. … Status:
  … Beratungsfolge: …``), then ``BESCHLUSSAUSFERTIGUNG …`` with the decision and vote result.

Republished copies start with a file metadata block (Kommune, Dateiname, Größe, Erstellt,
Aktualisiert), kept as :class:`~integrationkonzept.model.FileInfo`. Page furniture is ignored.

A financial-effects table whose rows state a year and an amount becomes budget lines — phase
``draft`` in a Beschlussvorlage (``DS``), ``requested`` in a motion (``A``, ``HP`` or an ``ÄA``
amendment); in any other paper (an answer, a Verwaltungsstandpunkt, an information paper, an
inquiry …) the table is kept as text only. Amounts are in ``€``/``EUR``/``Euro`` or in thousands
(``T€``, ``TEUR``: ×1000, exactly); a row with a year and a number but no currency is refused.
``Summe`` rows (``Summe 2023``, ``Summe 2023/24``, ``Summe 2023–2024``, ``Summe 2023 und 2024``,
``Summe``) are checked against the rows of their years. The table's text is kept as a section too.

Anything required that cannot be read — the reference, a date, a Beratungsfolge row, an amount —
is a :class:`~integrationkonzept.errors.ParseError` naming the file, the line and the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

import attrs

from integrationkonzept.errors import Location, ParseError
from integrationkonzept.model import (
    BudgetLine,
    BudgetPhase,
    Consultation,
    Dataset,
    Decision,
    FileInfo,
    Money,
    Paper,
    PaperRelation,
    Purpose,
    Question,
    RelationKind,
    Section,
    Source,
    SourceKind,
    VoteResult,
)
from integrationkonzept.plugin import (
    MAX_FISCAL_YEAR,
    MIN_FISCAL_YEAR,
    Importer,
    InputFile,
    Line,
    date_pattern,
    parse_date,
    parse_error_at,
)

from .common import base_name, eur, fiscal_year, read_each
from .decisions import decision_kind
from .lines import Joined, document_lines, join, text_of
from .profile import PROFILE
from .purposes import Mention, assign
from .references import REFERENCE_PATTERN, Layout, LeipzigReference, parse_reference

__all__ = ["POSITIONS", "ROLES", "FileResult", "importer", "parse_file", "read_papers"]

#: The options a Verwaltungsstandpunkt ticks one of.
POSITIONS: Final = (
    "Zustimmung",
    "Ablehnung",
    "Zustimmung mit Ergänzung",
    "Alternativvorschlag",
    "Ablehnung, da bereits Verwaltungshandeln",
    "Sachstandsbericht",
)

#: The roles (Zuständigkeit) a body has in the Beratungsfolge.
ROLES: Final = (
    "Beschlussfassung",
    "Vorberatung",
    "Kenntnisnahme",
    "zur Kenntnisnahme",
    "Information",
    "zur Information",
    "Bestätigung",
    "Anhörung",
    "Beratung",
    "1. Lesung",
    "2. Lesung",
    "Lesung",
    "schriftliche Beantwortung",
    "mündliche Beantwortung",
    "Beantwortung",
    "Entscheidung",
    "Empfehlung",
    "Stellungnahme",
    "Verweisung",
)

_ARTS_OLD: Final = (
    "Verwaltungsstandpunkt|Neufassung|Änderungsantrag|Antrag|Einwohneranfrage|Anfrage|"
    "Beschlussvorlage|Informationsvorlage|Vorlage|Petition|Antwort"
)
_HEADER_CURRENT: Final = re.compile(
    r"(?P<art>[^\W\d_]+(?: [^\W\d_]+){0,6})-Nr\.(?: ?(?P<ref>[^\s]+))?(?P<rest>.*)"
)
_HEADER_OLD: Final = re.compile(
    rf"(?:(?P<pre>[^\W\d_][^.:;!?]{{0,60}}?) )?(?P<art>{_ARTS_OLD}) Nr\."
    r"(?: ?(?P<ref>[^\s]+))?(?P<rest>.*)"
)

_FIELD: Final = re.compile(
    r"(?P<label>Status|Eingereicht von|Stammbaum|Betreff|Datum"
    r"|Beratungsfolge(?: \(Änderungen vorbehalten\))?)(?:: ?(?P<value>.*)|)"
)
_SECTION: Final = re.compile(
    r"(?P<label>Beschlussvorschlag|Beschluss|Sachverhalt|Begründung|Rechtliche Konsequenzen"
    r"|Prüfung der Übereinstimmung mit den strategischen Zielen|Finanzielle Auswirkungen"
    r"|Anfrage|Anlagen|Anlage)(?:: ?(?P<value>.*)|)"
)
_QUESTION: Final = re.compile(r"Frage (?P<n>[0-9]{1,2})(?: ?[:.)] ?(?P<value>.*)|)")
_ANSWER: Final = re.compile(
    r"(?:Antwort(?: (?:zu )?(?:Frage )?(?P<n>[0-9]{1,2}))?|Zu Frage (?P<n2>[0-9]{1,2}))"
    r"(?: ?: ?(?P<value>.*)|)"
)
_TICK: Final = r"(?:X|x|☒|☑|✓|✔|■|⊠|\[x\]|\[X\]|\(x\)|\(X\))"
_POSITION: Final = re.compile(
    rf"(?:(?P<tick>{_TICK}) )?(?P<option>"
    + "|".join(re.escape(option) for option in sorted(POSITIONS, key=len, reverse=True))
    + ")"
)
_AUSFERTIGUNG: Final = re.compile(r"BESCHLUSSAUSFERTIGUNG\b ?(?P<value>.*)")
_AUSF_LABELS: Final = (
    ("vorlage", re.compile(r"Vorlage: ?(?P<value>.*)")),
    ("beschluss", re.compile(r"Beschluss(?:: ?(?P<value>.*)|)")),
    ("abstimmung", re.compile(r"Abstimmungsergebnis(?:: ?(?P<value>.*)|)")),
    ("ort", re.compile(r"Leipzig, den (?P<value>.*)")),
)
_AUSF_HEAD: Final = re.compile(
    rf"(?P<body>\S.*?) vom (?P<date>{date_pattern(years='two to four', written=True)})"
    r"(?: zu (?:TOP )?(?P<top>[0-9]+(?:\.[0-9]+)*[a-z]?)\.?)?(?: (?P<title>.+))?"
)
_FILE_KEY: Final = re.compile(
    r"(?P<key>Kommune|Dateiname|Größe|Erstellt|Aktualisiert)(?::? (?P<value>.+)|:?)"
)
_TABLE_HEAD: Final = re.compile(
    r"Gremium (?:Voraussichtlicher )?(?:Sitzungstermin|Termin|Datum) Zuständigkeit ?",
)
_HEAD_WORDS: Final = frozenset(
    {"Gremium", "Voraussichtlicher", "Sitzungstermin", "Termin", "Datum", "Zuständigkeit"}
)
_ROLE_ALTERNATIVES: Final = "|".join(
    re.escape(role) for role in sorted(ROLES, key=len, reverse=True)
)
_CELL_DATE: Final = date_pattern()
_ROW_CELLS: Final = (
    rf"(?P<body>\S.*?)\s+(?:(?P<date>{_CELL_DATE})\s+|(?:N/A|-|–)\s+)?"
    rf"(?P<role>(?i:{_ROLE_ALTERNATIVES}))"
)
#: One row of the Beratungsfolge on its line(s): the role is what the row ends with.
_ROW: Final = re.compile(_ROW_CELLS)
#: One row in the one-line layout: the next row's body starts with a capital letter.
_ROW_INLINE: Final = re.compile(r"\s*" + _ROW_CELLS + r"(?=\s+[A-ZÄÖÜ]|\s*$)")
#: A line that cannot stand alone as a row: a date, a role, or both, without a body.
_ROW_CONTINUATION: Final = re.compile(
    rf"(?:(?:{_CELL_DATE}|N/A|-|–)(?:\s+|$))?(?:(?i:{_ROLE_ALTERNATIVES}))?"
)
#: Text that is meant as a reference (a wrong one is refused, not taken for a submitter).
_REFERENCE_LIKE: Final = re.compile(r"[IVXivx]+-[^\W\d_]+-[0-9]|[^\W\d_]{1,3}-[0-9]+/[0-9]")
#: Punctuation around a reference in running text.
_AROUND: Final = ",;:.()"
_VOTES: Final = (
    re.compile(
        r"(?P<yes>[0-9]+) ?(?:Ja(?:-Stimmen)?|Dafür|dafür)\W+(?P<no>[0-9]+) ?"
        r"(?:Nein(?:-Stimmen)?|Dagegen|dagegen)(?:\W+(?P<abst>[0-9]+) ?Enthaltung(?:en)?)?",
    ),
    re.compile(
        r"(?:Ja(?:-Stimmen)?|Dafür|dafür) ?:? ?(?P<yes>[0-9]+)\W+(?:Nein(?:-Stimmen)?|Dagegen"
        r"|dagegen) ?:? ?(?P<no>[0-9]+)(?:\W+Enthaltung(?:en)? ?:? ?(?P<abst>[0-9]+))?",
    ),
)
_YEAR_ROW: Final = re.compile(r"(?P<year>[12][0-9]{3})(?: ?\| ?| )(?P<rest>.+)")
_SUM_ROW: Final = re.compile(r"(?:Summe|Gesamtsumme|Gesamt|Insgesamt)\b(?P<rest>.*)")
#: An amount with its currency: euro, or thousands of euro (``T€``, ``TEUR``).
_AMOUNT: Final = re.compile(
    r"(?<![\w.,])(?P<number>[-−]?[0-9][0-9.]*(?:,(?:[0-9]+|--?|–))?)\s*"
    r"(?P<unit>T€|TEUR\b|€|EUR\b|Euro\b)"
)
#: A number written like an amount (grouped, with decimals, or three digits and more).
_BARE_NUMBER: Final = re.compile(
    r"(?<![\w.,/])[-−]?(?:[0-9]{1,3}(?:\.[0-9]{3})+(?:,(?:[0-9]+|--?|–))?"
    r"|[0-9]+,(?:[0-9]+|--?|–)|[0-9]{3,})(?![\w.,/])"
)
_THOUSANDS: Final = re.compile(r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<frac>[0-9]+))?")
#: The years a ``Summe`` row names: ``2023``, ``2023/24``, ``2023–2024``, ``2023 und 2024``.
_SUM_YEARS: Final = re.compile(
    r"(?<![0-9])(?P<a>[12][0-9]{3})(?:\s*(?:/|–|-|bis|und)\s*(?P<b>[0-9]{4}|[0-9]{2}))?(?![0-9])"
)
_EMPTY: Final = frozenset({"", "N/A", "n/a", "-", "–", "—"})
#: A numeric date ``18.04.2017`` (also with a two-digit year), not checked for existence.
_DATE: Final = re.compile(rf"(?<![\d.]){date_pattern()}(?![\d])")
_DATETIME: Final = re.compile(
    rf"(?P<date>{date_pattern(years='two to four')}),?\s+(?P<h>[0-9]{{1,2}}):(?P<m>[0-9]{{2}})"
)

_RELATION_BY_SUFFIX: Final = {
    "NF": RelationKind.REVISES,
    "ÄA": RelationKind.AMENDS,
    "VSP": RelationKind.POSITION_ON,
    "AW": RelationKind.ANSWERS,
    "Ifo": RelationKind.FOLLOWS_UP,
    "DS": RelationKind.FOLLOWS_UP,
}
_FINANCES: Final = "Finanzielle Auswirkungen"


@attrs.frozen
class _Header:
    line: Line
    art: str
    ref_text: str
    rest: str


@attrs.define
class _Block:
    """A labelled run of lines: a field, a section, a question, a part of an Ausfertigung."""

    kind: str  # field | section | question | answer | position | ausfertigung | ausf-<label>
    label: str
    line: Line
    lines: list[Line] = attrs.field(factory=list)
    tick: str = ""


@attrs.frozen
class FileResult:
    """What one file holds: its papers, and the purposes and budget lines of their tables."""

    papers: tuple[Paper, ...]
    purposes: tuple[Purpose, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()


def _value(lines: Iterable[Line]) -> str:
    text = " ".join(line.text for line in lines if line.text).strip()
    return "" if text in _EMPTY else text


# --- headers and the file metadata block -------------------------------------------------------


def _header_of(line: Line) -> _Header | None:
    found = _HEADER_CURRENT.fullmatch(line.text)
    if found is None:
        found = _HEADER_OLD.fullmatch(line.text)
    if found is None:
        return None
    rest = found["rest"].strip()
    if rest and not rest.startswith("Status:"):
        return None
    return _Header(line, found["art"], found["ref"] or "", rest)


def _find_headers(lines: Sequence[Line]) -> list[tuple[int, _Header]]:
    found: list[tuple[int, _Header]] = []
    for index, line in enumerate(lines):
        if not line.text:
            continue
        header = _header_of(line)
        if header is None:
            continue
        if found:
            if header.ref_text == found[-1][1].ref_text:
                continue  # the header repeated on a later page
            if not (header.rest or _next_text(lines, index + 1).startswith("Status:")):
                continue
        found.append((index, header))
    return found


def _next_text(lines: Sequence[Line], start: int) -> str:
    for index in range(start, len(lines)):
        if lines[index].text:
            return lines[index].text
    return ""


def _datetime(text: str) -> dt.datetime:
    """``08.03.17, 12:00`` (the file metadata of republished papers) as a datetime."""
    found = _DATETIME.fullmatch(text.strip())
    if found is None:
        raise ParseError(
            f"„{text}“ ist kein gültiges Datum mit Uhrzeit (erwartet z. B. „08.03.17, 12:00“)", text
        )
    try:
        day = parse_date(found["date"])
    except ParseError:
        raise ParseError(f"„{text}“ ist kein gültiges Datum", text) from None
    try:
        return dt.datetime.combine(day, dt.time(int(found["h"]), int(found["m"])))
    except ValueError:
        raise ParseError(f"„{text}“ ist keine gültige Uhrzeit", text) from None


def _file_info(lines: Sequence[Line], name: str) -> FileInfo | None:
    values: dict[str, tuple[str, Line]] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _FILE_KEY.fullmatch(line.text)
        index += 1
        if found is None or found["key"] in values:
            continue
        value = found["value"]
        if value is None:
            while index < len(lines) and not lines[index].text:
                index += 1
            if index >= len(lines) or _FILE_KEY.fullmatch(lines[index].text):
                continue
            value = lines[index].text
            line = lines[index]
            index += 1
        values[found["key"]] = (value.strip(), line)
    if not values:
        return None

    def when(key: str) -> dt.datetime | None:
        """The datetime of ``key`` (``Erstellt``, ``Aktualisiert``), if given."""
        if key not in values:
            return None
        text, line = values[key]
        try:
            return _datetime(text)
        except ParseError as exc:
            raise parse_error_at(
                f"{key}: {exc.message}", text, file=name, line=line.number
            ) from None

    return FileInfo(
        municipality=values.get("Kommune", ("", lines[0]))[0],
        filename=values.get("Dateiname", ("", lines[0]))[0],
        size=values.get("Größe", ("", lines[0]))[0],
        created=when("Erstellt"),
        updated=when("Aktualisiert"),
    )


# --- the one-line layout -----------------------------------------------------------------------

_INLINE_FIELDS: Final = (
    ("Status:", re.compile(r"(?<!\S)Status:")),
    ("Beratungsfolge:", re.compile(r"(?<!\S)Beratungsfolge(?: \(Änderungen vorbehalten\))?:")),
    ("Eingereicht von:", re.compile(r"(?<!\S)Eingereicht von:?(?=\s)")),
    ("Stammbaum:", re.compile(r"(?<!\S)Stammbaum:")),
    ("Betreff:", re.compile(r"(?<!\S)Betreff:?(?=\s)")),
    ("Datum:", re.compile(r"(?<!\S)Datum:")),
)
_INLINE_SECTION: Final = re.compile(
    r"(?<!\S)(?:Beschlussvorschlag|Beschluss|Sachverhalt|Begründung|Rechtliche Konsequenzen"
    r"|Finanzielle Auswirkungen|Prüfung der Übereinstimmung mit den strategischen Zielen"
    r"|Frage [0-9]{1,2}|Antwort(?: [0-9]{1,2})?):"
)
_INLINE_AUSF: Final = (
    ("Vorlage:", re.compile(r"(?<!\S)Vorlage:")),
    ("Beschluss:", re.compile(r"(?<!\S)Beschluss:")),
    ("Abstimmungsergebnis:", re.compile(r"(?<!\S)Abstimmungsergebnis:")),
    ("Leipzig, den", re.compile(r"(?<!\S)Leipzig, den(?=\s)")),
)


def _split_inline(rest: str) -> list[str]:
    """Split the one-line layout at its labels, so that it reads like the line layouts."""
    cut_match = re.search(r"(?<!\S)BESCHLUSSAUSFERTIGUNG\b", rest)
    cut = cut_match.start() if cut_match else len(rest)
    paper, ausfertigung = rest[:cut], rest[cut:]
    points: list[tuple[int, int, str]] = []  # (start, end of label, canonical label)
    first_section = _INLINE_SECTION.search(paper)
    header_end = first_section.start() if first_section else len(paper)
    for canonical, pattern in _INLINE_FIELDS:
        found = pattern.search(paper, 0, header_end)
        if found:
            points.append((found.start(), found.end(), canonical))
    if first_section:
        points.append((first_section.start(), first_section.start(), ""))
        for found in _INLINE_SECTION.finditer(paper, first_section.end()):
            before = paper[: found.start()].rstrip()
            if before and before[-1] in ".!?:)":
                points.append((found.start(), found.start(), ""))
    if ausfertigung:
        points.append((cut, cut, ""))
        position = 0
        for canonical, pattern in _INLINE_AUSF:
            found = pattern.search(ausfertigung, position)
            if found:
                points.append((cut + found.start(), cut + found.end(), canonical))
                position = found.end()
    points.sort()
    segments: list[str] = []
    if not points or points[0][0] > 0:
        segments.append(rest[: points[0][0] if points else len(rest)])
    for index, (start, label_end, canonical) in enumerate(points):
        end = points[index + 1][0] if index + 1 < len(points) else len(rest)
        if canonical:
            segments.append(f"{canonical} {rest[label_end:end].strip()}")
        else:
            segments.append(rest[start:end])
    return [" ".join(segment.split()) for segment in segments if segment.strip()]


# --- blocks ------------------------------------------------------------------------------------


def _blocks(lines: Sequence[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    in_header = True
    in_ausfertigung = False
    for line in lines:
        text = line.text
        current = blocks[-1] if blocks else None
        if not text:
            if current is not None:
                current.lines.append(line)
            continue
        found = _AUSFERTIGUNG.fullmatch(text)
        if found:
            in_ausfertigung, in_header = True, False
            blocks.append(_Block("ausfertigung", "BESCHLUSSAUSFERTIGUNG", line))
            if found["value"]:
                blocks[-1].lines.append(Line(line.number, found["value"]))
            continue
        if in_ausfertigung:
            block = _ausfertigung_block(line)
            if block is not None:
                blocks.append(block)
            elif current is not None:
                current.lines.append(line)
            continue
        block = _label_block(line, in_header, current)
        if block is not None:
            if block.kind != "field":
                in_header = False
            blocks.append(block)
            continue
        if current is None:
            blocks.append(_Block("section", "Text", line))
            current = blocks[-1]
        current.lines.append(line)
    return blocks


def _start(kind: str, label: str, line: Line, value: str | None, tick: str = "") -> _Block:
    block = _Block(kind, label, line, tick=tick)
    if value:
        block.lines.append(Line(line.number, value))
    return block


def _ausfertigung_block(line: Line) -> _Block | None:
    for label, pattern in _AUSF_LABELS:
        found = pattern.fullmatch(line.text)
        if found:
            return _start(f"ausf-{label}", label, line, found["value"])
    return None


def _label_block(line: Line, in_header: bool, current: _Block | None) -> _Block | None:
    text = line.text
    if in_header:
        found = _FIELD.fullmatch(text)
        if found:
            label = (
                "Beratungsfolge" if found["label"].startswith("Beratungsfolge") else found["label"]
            )
            return _start("field", label, line, found["value"])
    position_context = (
        current is None
        or current.kind in ("field", "position")
        or (current.kind == "section" and current.label == "Rechtliche Konsequenzen")
    )
    if position_context:
        found = _POSITION.fullmatch(text)
        if found:
            return _Block("position", found["option"], line, tick=found["tick"] or "")
    found = _SECTION.fullmatch(text)
    if found:
        return _start("section", found["label"], line, found["value"])
    found = _QUESTION.fullmatch(text)
    if found:
        return _start("question", found["n"], line, found["value"])
    found = _ANSWER.fullmatch(text)
    if found:
        return _start("answer", found["n"] or found["n2"] or "", line, found["value"])
    return None


# --- interpreting the blocks -------------------------------------------------------------------


def _consultations(block: _Block, name: str, inline: bool) -> tuple[Consultation, ...]:
    """The rows of a Beratungsfolge: Gremium, Termin (may be missing), Zuständigkeit.

    Row by row, the role anchored at the end of the row; a line joins the row before it only
    when it cannot stand alone (a date or role without a body, as in ``schriftliche`` /
    ``Beantwortung`` or one cell per line) or when that row is not complete yet. ``inline``: the
    whole table on one line (the one-line layout), read row after row.
    """
    lines = [
        Line(line.number, " ".join(line.text.replace("|", " ").split()))
        for line in block.lines
        if line.text
    ]
    for line in lines:
        for date_found in _DATE.finditer(line.text):
            try:
                parse_date(date_found.group())
            except ParseError as exc:
                raise parse_error_at(
                    f"Beratungsfolge: {exc.message}",
                    date_found.group(),
                    file=name,
                    line=line.number,
                ) from None
    while lines and set(lines[0].text.split()) <= _HEAD_WORDS:
        lines.pop(0)  # the table head, on one line or one cell per line
    if lines and (head := _TABLE_HEAD.match(lines[0].text)):
        lines[0] = Line(lines[0].number, lines[0].text[head.end() :].strip())
    if inline:
        return tuple(_inline_rows(join(lines), name))
    rows: list[Consultation] = []
    buffer: Line | None = None
    for line in lines:
        if not line.text:
            continue
        if buffer is not None:
            complete = _ROW.fullmatch(buffer.text) is not None
            if _ROW_CONTINUATION.fullmatch(line.text) or (
                not complete and not _DATE.search(buffer.text)
            ):
                buffer = Line(buffer.number, f"{buffer.text} {line.text}")
                continue
            rows.append(_row(buffer, name))
        buffer = line
    if buffer is not None:
        rows.append(_row(buffer, name))
    return tuple(rows)


def _row_error(text: str, name: str, line: int) -> ParseError:
    shown = text[:80]
    return parse_error_at(
        f"Beratungsfolge: „{shown}“ ist keine Zeile aus Gremium, Termin und Zuständigkeit",
        shown,
        file=name,
        line=line,
    )


def _consultation(found: re.Match[str], name: str, line: int) -> Consultation:
    body = " ".join(found["body"].split())
    if _DATE.search(body) or not re.search(r"[^\W\d_]", body):
        raise parse_error_at(
            f"Beratungsfolge: „{body}“ ist kein Gremium", body, file=name, line=line
        )
    day = parse_date(found["date"]) if found["date"] else None
    return Consultation(body=body, date=day, role=" ".join(found["role"].split()))


def _row(line: Line, name: str) -> Consultation:
    found = _ROW.fullmatch(line.text)
    if found is None:
        raise _row_error(line.text, name, line.number)
    return _consultation(found, name, line.number)


def _inline_rows(joined: Joined, name: str) -> list[Consultation]:
    text = joined.text
    position = 0
    rows: list[Consultation] = []
    while text[position:].strip():
        found = _ROW_INLINE.match(text, position)
        if found is None:
            start = position + len(text[position:]) - len(text[position:].lstrip())
            raise _row_error(text[start:], name, joined.line_at(start))
        rows.append(_consultation(found, name, joined.line_at(found.start("body"))))
        position = found.end()
    return rows


def _stammbaum_reference(tokens: Sequence[str]) -> tuple[LeipzigReference, int] | None:
    """The reference the first one or two ``tokens`` spell (``VI-A-03824``, ``DS V/3943``,
    ``A-00196/14-VSP-001,``) with the number of tokens used; punctuation around is not part."""
    for count in (1, 2):
        if count > len(tokens) or (count == 2 and tokens[0][-1:] in _AROUND):
            break
        candidate = " ".join(tokens[:count]).strip(_AROUND)
        try:
            return parse_reference(candidate), count
        except ParseError:
            continue
    return None


def _stammbaum(
    block: _Block, name: str
) -> tuple[list[tuple[LeipzigReference, str]], Section | None]:
    """The related papers a Stammbaum lists, each followed by its submitter (wrapped lines)."""
    joined = join(block.lines)
    tokens: list[tuple[int, str]] = []
    offset = 0
    for token in joined.text.split(" "):
        start = joined.text.find(token, offset)
        offset = start + len(token)
        if token:
            tokens.append((start, token))
    entries: list[tuple[LeipzigReference, list[str]]] = []
    index = 0
    while index < len(tokens):
        start, token = tokens[index]
        found = _stammbaum_reference([text for _start, text in tokens[index : index + 2]])
        if found is not None:
            reference, used = found
            entries.append((reference, []))
            index += used
            continue
        if _REFERENCE_LIKE.match(token.strip(_AROUND)):
            try:
                parse_reference(token.strip(_AROUND))
            except ParseError as exc:
                raise exc.at(Location(name, joined.line_at(start))) from None
        if not entries:
            raise parse_error_at(
                f"Stammbaum: „{token}“ steht vor der ersten Vorlagennummer",
                token,
                file=name,
                line=joined.line_at(start),
            )
        entries[-1][1].append(token)
        index += 1
    if not entries:
        return [], None
    rows = [(reference, " ".join(words)) for reference, words in entries]
    text = "\n".join(
        f"{reference.format()}: {submitter}" if submitter else reference.format()
        for reference, submitter in rows
    )
    return rows, Section("Stammbaum", text)


def _position(blocks: Sequence[_Block], name: str) -> str:
    ticked = [block for block in blocks if block.kind == "position" and block.tick]
    if len(ticked) > 1:
        shown = ", ".join(f"„{block.label}“" for block in ticked)
        raise parse_error_at(
            f"Verwaltungsstandpunkt: mehrere Optionen angekreuzt ({shown})",
            ticked[1].line.text,
            file=name,
            line=ticked[1].line.number,
        )
    return ticked[0].label if ticked else ""


def _questions(blocks: Sequence[_Block], name: str) -> tuple[list[Question], list[_Block]]:
    """Questions with their answers; answers without a question are returned as leftovers."""
    questions: list[Question] = []
    leftovers: list[_Block] = []
    for block in blocks:
        if block.kind == "question":
            question, answer = _split_question(block.lines)
            questions.append(Question(block.label, question, answer))
        elif block.kind == "answer":
            if not questions:
                leftovers.append(block)
                continue
            last = questions[-1]
            if block.label and block.label != last.number:
                raise parse_error_at(
                    f"Antwort {block.label} folgt auf Frage {last.number}",
                    block.line.text,
                    file=name,
                    line=block.line.number,
                )
            answer = text_of(block.lines)
            if last.answer:
                answer = f"{last.answer}\n{answer}"
            questions[-1] = attrs.evolve(last, answer=answer)
    return questions, leftovers


def _split_question(lines: Sequence[Line]) -> tuple[str, str]:
    """A question block without an ``Antwort`` label: the question runs to the first ``?``."""
    text = text_of(lines)
    parts = text.split("\n")
    for index, part in enumerate(parts):
        if part.rstrip().endswith("?") and index + 1 < len(parts):
            rest = "\n".join(parts[index + 1 :]).strip()
            return "\n".join(parts[: index + 1]), rest
    return text, ""


def _votes(text: str) -> VoteResult | None:
    for pattern in _VOTES:
        found = pattern.search(text)
        if found:
            return VoteResult(int(found["yes"]), int(found["no"]), int(found["abst"] or 0))
    return None


@attrs.frozen
class _Ausfertigung:
    decision: Decision
    reference: str
    title: str


def _ausfertigung(blocks: Sequence[_Block], name: str, paper_ref: str) -> _Ausfertigung:
    head_block = blocks[0]
    head = _value(head_block.lines)
    found = _AUSF_HEAD.fullmatch(head)
    if found is None:
        raise parse_error_at(
            f"Beschlussausfertigung: „{head[:80]}“ nennt kein Gremium mit Datum "
            "(erwartet z. B. „Ratsversammlung vom 19.11.2015 zu 15.2 …“)",
            head,
            file=name,
            line=head_block.line.number,
        )
    head_line = head_block.lines[0].number if head_block.lines else head_block.line.number
    try:
        day = parse_date(found["date"])
    except ParseError as exc:
        raise exc.at(Location(name, head_line)) from None
    parts: dict[str, _Block] = {}
    for block in blocks[1:]:
        parts.setdefault(block.label, block)
    reference = paper_ref
    if "vorlage" in parts:
        written = _value(parts["vorlage"].lines)
        try:
            reference = parse_reference(written).format()
        except ParseError as exc:
            raise exc.at(Location(name, parts["vorlage"].line.number)) from None
    signed: dt.date | None = None
    if "ort" in parts:
        signed_text = _value(parts["ort"].lines)
        try:
            signed = parse_date(signed_text)
        except ParseError as exc:
            raise exc.at(Location(name, parts["ort"].line.number)) from None
    text = text_of(parts["beschluss"].lines) if "beschluss" in parts else ""
    vote_text = _value(parts["abstimmung"].lines) if "abstimmung" in parts else ""
    votes = _votes(vote_text)
    kind = decision_kind(vote_text)
    if not (kind or votes or vote_text):
        raise parse_error_at(
            "Beschlussausfertigung ohne Abstimmungsergebnis",
            head,
            file=name,
            line=head_block.line.number,
        )
    top = found["top"]
    locator = f"{base_name(name)}: Beschlussausfertigung" + (f", zu TOP {top}" if top else "")
    title = (found["title"] or "").strip()
    source = Source(
        SourceKind.DECISION,
        reference,
        title=f"Beschlussausfertigung: {title}" if title else "Beschlussausfertigung",
        date=signed or day,
        locator=locator,
    )
    decision = Decision(
        body=" ".join(found["body"].split()),
        date=day,
        kind=kind,
        votes=votes,
        vote_text=vote_text,
        text=text,
        source=source,
    )
    return _Ausfertigung(decision, reference, title)


# --- the financial-effects table ---------------------------------------------------------------


def _proposal_phase(reference: LeipzigReference) -> BudgetPhase | None:
    """Whose amounts a financial table states: a Beschlussvorlage's (the administration's draft)
    or a motion's (requested); ``None`` for any other paper (its table stays text only)."""
    codes = [suffix.code for suffix in reference.suffixes if suffix.code != "NF"]
    if codes:
        return {"ÄA": BudgetPhase.REQUESTED, "DS": BudgetPhase.DRAFT}.get(codes[-1])
    if reference.layout is Layout.DECISION:
        return None
    return {"DS": BudgetPhase.DRAFT, "A": BudgetPhase.REQUESTED, "HP": BudgetPhase.REQUESTED}.get(
        reference.type
    )


def _thousands(number: str, written: str, name: str, line: Line) -> Money:
    """``40,5`` thousand euro as 40.500,00 € — exactly, or refused."""
    negative = number[:1] in "-−"
    found = _THOUSANDS.fullmatch(number.lstrip("-−"))
    if found is None:
        raise parse_error_at(
            f"{_FINANCES}: „{written}“ ist kein Betrag in T€", written, file=name, line=line.number
        )
    digits = found["int"].replace(".", "") + "." + (found["frac"] or "0")
    value = Decimal(digits) * 1000
    if value != value.quantize(Decimal("0.01")):
        raise parse_error_at(
            f"{_FINANCES}: „{written}“ ist kein Betrag in ganzen Cent",
            written,
            file=name,
            line=line.number,
        )
    return Money.of(-value if negative else value)


def _amount_in(text: str, name: str, line: Line) -> Money | None:
    """The one amount of a table row (``None`` when it has none); a number without currency is
    refused."""
    amounts = list(_AMOUNT.finditer(text))
    if not amounts:
        bare = _BARE_NUMBER.search(text)
        if bare is not None and not _plausible_year(bare.group()):
            raise parse_error_at(
                f"{_FINANCES}: Betrag ohne Währung „{bare.group()}“ in „{line.text}“ (erwartet "
                "z. B. „40.000,00 €“ oder „40 T€“)",
                bare.group(),
                file=name,
                line=line.number,
            )
        return None
    if len(amounts) > 1:
        raise parse_error_at(
            f"{_FINANCES}: mehr als ein Betrag in „{text}“", text, file=name, line=line.number
        )
    found = amounts[0]
    if found["unit"] in ("T€", "TEUR"):
        return _thousands(found["number"], found.group(), name, line)
    try:
        return Money.parse(found.group().replace("−", "-"))
    except ParseError as exc:
        raise parse_error_at(
            f"{_FINANCES}: {exc.message}", found.group(), file=name, line=line.number
        ) from None


def _plausible_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and MIN_FISCAL_YEAR <= int(text) <= MAX_FISCAL_YEAR


def _sum_years(text: str, name: str, line: Line) -> set[int] | None:
    """The years a ``Summe`` row is for (``None``: all rows)."""
    years: set[int] = set()
    for found in _SUM_YEARS.finditer(_AMOUNT.sub(" ", text)):
        first = fiscal_year(found["a"], name, line.number)
        last = first
        if found["b"]:
            last = int(found["b"])
            if len(found["b"]) == 2:
                last += first - first % 100 + (100 if last < first % 100 else 0)
            fiscal_year(found.group(), name, line.number, last)
            if not first < last <= first + 10:
                raise parse_error_at(
                    f"{_FINANCES}: „{found.group()}“ ist kein Zeitraum von Haushaltsjahren",
                    found.group(),
                    file=name,
                    line=line.number,
                )
        years.update(range(first, last + 1))
    return years or None


@attrs.frozen
class _Row:
    year: int
    words: str
    amount: Money
    line: Line


def _finances(
    block: _Block,
    name: str,
    reference: LeipzigReference,
    paper_title: str,
    day: dt.date | None,
    taken: set[str],
) -> tuple[list[Purpose], list[BudgetLine]]:
    """Budget lines from a financial-effects table; ``taken`` holds the line ids already used.

    Only a Beschlussvorlage's or a motion's table gives lines (:func:`_proposal_phase`)."""
    ref = reference.format()
    phase = _proposal_phase(reference)
    if phase is None:
        return [], []
    rows: list[_Row] = []
    sums: list[tuple[set[int] | None, Money, Line]] = []
    for line in block.lines:
        row = _YEAR_ROW.fullmatch(line.text)
        total = _SUM_ROW.fullmatch(line.text)
        if row is not None:
            amount = _amount_in(row["rest"], name, line)
            if amount is None:
                continue
            words = " ".join(_AMOUNT.sub(" ", row["rest"]).replace("|", " ").split())
            year = fiscal_year(row["year"], name, line.number)
            rows.append(_Row(year, words or paper_title or ref, amount, line))
        elif total is not None:
            amount = _amount_in(total["rest"], name, line)
            if amount is not None:
                sums.append((_sum_years(total["rest"], name, line), amount, line))
    for years, amount, line in sums:
        stated = sum(
            (item.amount for item in rows if years is None or item.year in years), Money.zero()
        )
        if stated != amount:
            raise parse_error_at(
                f"{_FINANCES}: die Summe {eur(amount)} stimmt nicht mit den Zeilen überein "
                f"({eur(stated)})",
                line.text,
                file=name,
                line=line.number,
            )
    purposes = assign([Mention(row.words) for row in rows])
    budget_lines: list[BudgetLine] = []
    for item, purpose in zip(rows, purposes, strict=True):
        line_id = f"{ref}-{item.year}-{purpose.id}"
        serial = 2
        while line_id in taken:
            line_id = f"{ref}-{item.year}-{purpose.id}-{serial}"
            serial += 1
        taken.add(line_id)
        budget_lines.append(
            BudgetLine(
                id=line_id,
                fiscal_year=item.year,
                purpose=purpose.id,
                phase=phase,
                amount=item.amount,
                source=Source(
                    SourceKind.PAPER,
                    ref,
                    title=paper_title,
                    date=day,
                    locator=f"{base_name(name)}, {_FINANCES}: „{item.line.text}“",
                ),
            )
        )
    return list(dict.fromkeys(purposes)), budget_lines


# --- one paper ---------------------------------------------------------------------------------


def _relations(
    reference: LeipzigReference,
    stammbaum: Sequence[tuple[LeipzigReference, str]],
    mentioned: Iterable[str],
) -> tuple[PaperRelation, ...]:
    own = reference.format()
    out: dict[str, RelationKind] = {}
    parent = reference.parent
    if parent is not None:
        out[parent.format()] = _RELATION_BY_SUFFIX[reference.suffixes[-1].code]
    for other, _submitter in stammbaum:
        out.setdefault(other.format(), RelationKind.RELATED)
    for other_text in mentioned:
        out.setdefault(other_text, RelationKind.RELATED)
    out.pop(own, None)
    return tuple(PaperRelation(kind, other) for other, kind in out.items())


def _mentioned(sections: Iterable[Section]) -> list[str]:
    found: list[str] = []
    for section in sections:
        if section.title == "Stammbaum":
            continue
        for match in REFERENCE_PATTERN.finditer(section.text):
            found.append(parse_reference(match.group()).format())
    return found


def _paper(
    header: _Header,
    body_lines: Sequence[Line],
    name: str,
    file_info: FileInfo | None,
) -> tuple[Paper, list[Purpose], list[BudgetLine]]:
    """One paper; ``name`` is the file name as given (messages use it, sources its last part)."""
    line = header.line
    if not header.ref_text:
        raise parse_error_at(
            f"Kopfzeile „{line.text}“ ohne Vorlagennummer", line.text, file=name, line=line.number
        )
    try:
        reference = parse_reference(header.ref_text)
    except ParseError as exc:
        raise exc.at(Location(name, line.number)) from None
    ref = reference.format()
    lines = [Line(line.number, segment) for segment in _split_inline(header.rest)]
    lines += body_lines
    blocks = _blocks(lines)

    fields: dict[str, _Block] = {}
    for block in blocks:
        if block.kind == "field":
            fields.setdefault(block.label, block)
    status = _value(fields["Status"].lines) if "Status" in fields else ""
    submitter = _value(fields["Eingereicht von"].lines) if "Eingereicht von" in fields else ""
    title = _value(fields["Betreff"].lines) if "Betreff" in fields else ""
    day: dt.date | None = None
    if "Datum" in fields:
        day_text = _value(fields["Datum"].lines)
        if day_text:
            try:
                day = parse_date(day_text)
            except ParseError as exc:
                raise exc.at(Location(name, fields["Datum"].line.number)) from None
    consultations = (
        _consultations(
            fields["Beratungsfolge"],
            name,
            inline=fields["Beratungsfolge"].line.number == line.number and bool(header.rest),
        )
        if "Beratungsfolge" in fields
        else ()
    )
    stammbaum: list[tuple[LeipzigReference, str]] = []
    sections: list[Section] = []
    if "Stammbaum" in fields:
        stammbaum, tree = _stammbaum(fields["Stammbaum"], name)
        if tree is not None:
            sections.append(tree)

    ausfertigung_start = next(
        (i for i, block in enumerate(blocks) if block.kind == "ausfertigung"), len(blocks)
    )
    paper_blocks = blocks[:ausfertigung_start]
    questions, leftovers = _questions(paper_blocks, name)
    purposes: list[Purpose] = []
    budget_lines: list[BudgetLine] = []
    line_ids: set[str] = set()
    leftover_ids = {id(block) for block in leftovers}
    for block in paper_blocks:
        if block.kind == "section" or id(block) in leftover_ids:
            label = block.label if block.kind == "section" else "Antwort"
            sections.append(Section(label, text_of(block.lines)))
            if block.label == _FINANCES:
                found_purposes, found_lines = _finances(
                    block, name, reference, title, day, line_ids
                )
                purposes += found_purposes
                budget_lines += found_lines

    decision: Decision | None = None
    extra: list[str] = []
    groups = _ausfertigung_groups(blocks[ausfertigung_start:])
    for index, group in enumerate(groups):
        result = _ausfertigung(group, name, ref)
        if not title and result.title:
            title = result.title
        if result.reference != ref:
            extra.append(result.reference)
        if index + 1 < len(groups):
            done = result.decision
            sections.append(
                Section(
                    f"Beschlussausfertigung {done.body} vom {done.date:%d.%m.%Y}",
                    "\n".join(part for part in (done.text, done.vote_text) if part),
                )
            )
        else:
            decision = result.decision

    relations = _relations(reference, stammbaum, [*_mentioned(sections), *extra])
    paper = Paper(
        reference=ref,
        kind=header.art,
        title=title,
        submitter=submitter,
        date=day,
        status=status,
        consultations=consultations,
        decision=decision,
        relations=relations,
        position=_position(paper_blocks, name),
        sections=tuple(sections),
        questions=tuple(questions),
        file=file_info,
        source=Source(SourceKind.PAPER, ref, title=title, date=day, locator=base_name(name)),
    )
    return paper, purposes, budget_lines


def _ausfertigung_groups(blocks: Sequence[_Block]) -> list[list[_Block]]:
    groups: list[list[_Block]] = []
    for block in blocks:
        if block.kind == "ausfertigung":
            groups.append([block])
        elif groups:
            groups[-1].append(block)
    return groups


def parse_file(name: str, text: str) -> FileResult:
    """Every paper in one file's text (``name`` is used in messages and sources)."""
    lines = document_lines(text)
    headers = _find_headers(lines)
    if not headers:
        first = next((line for line in lines if line.text), None)
        if first is None:
            raise parse_error_at(
                "die Datei ist leer: keine Vorlage gefunden", "", file=name, line=1
            )
        raise parse_error_at(
            "keine Kopfzeile mit Vorlagennummer gefunden (erwartet z. B. "
            "„Antrag-Nr. VII-A-01234“ oder „Verwaltungsstandpunkt Nr. VI-A-03824-VSP-01“)",
            first.text[:80],
            file=name,
            line=first.number,
        )
    file_info = _file_info(lines[: headers[0][0]], name)
    papers: list[Paper] = []
    purposes: list[Purpose] = []
    budget_lines: list[BudgetLine] = []
    for position, (index, header) in enumerate(headers):
        end = headers[position + 1][0] if position + 1 < len(headers) else len(lines)
        body = [
            line
            for line in lines[index + 1 : end]
            if not (line.text and (h := _header_of(line)) and h.ref_text == header.ref_text)
        ]
        paper, found_purposes, found_lines = _paper(header, body, name, file_info)
        papers.append(paper)
        purposes += found_purposes
        budget_lines += found_lines
    return FileResult(tuple(papers), tuple(purposes), tuple(budget_lines))


def read_papers(files: Sequence[InputFile]) -> Dataset:
    """The importer's ``read``: every file's papers in one data set for Leipzig."""
    papers: list[Paper] = []
    where: dict[str, str] = {}
    purposes: dict[str, Purpose] = {}
    budget_lines: list[BudgetLine] = []
    for file, result in read_each(files, parse_file, "Vorlage"):
        for paper in result.papers:
            if paper.reference in where:
                raise parse_error_at(
                    f"Vorlage „{paper.reference}“ kommt doppelt vor (schon in "
                    f"{where[paper.reference]})",
                    paper.reference,
                    file=file.name,
                )
            where[paper.reference] = file.name
            papers.append(paper)
        for purpose in result.purposes:
            purposes.setdefault(purpose.id, purpose)
        budget_lines += result.budget_lines
    return Dataset(
        municipality=PROFILE.municipality,
        budget_cadence=PROFILE.budget_cadence,
        purposes=tuple(purposes.values()),
        budget_lines=tuple(budget_lines),
        papers=tuple(papers),
    )


def importer() -> Importer:
    """The importer ``leipzig-paper``."""
    return Importer(
        "leipzig-paper",
        "Leipziger Ratsvorlage als Text (Antrag, Neufassung, Verwaltungsstandpunkt, Anfrage mit "
        "Antwort, Beschlussvorlage, Beschlussausfertigung) → Vorlagen mit Beratungsfolge, "
        "Beschluss und Finanztabelle",
        read_papers,
        (".txt",),
    )
