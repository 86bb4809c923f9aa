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

A financial-effects table whose rows state a year and an amount becomes budget lines (phase
``draft`` for the administration's papers, ``requested`` for motions), checked against a
``Summe`` row; the table's text is kept as a section too.

Anything required that cannot be read — the reference, a date, a Beratungsfolge row, an amount —
is a :class:`~integrationkonzept.errors.ParseError` naming the file, the line and the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Final

import attrs

from integrationkonzept.contributions import Importer, InputFile
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

from . import purposes as purpose_words
from .dates import DATE_PATTERN, parse_date, parse_datetime, parse_long_date
from .lines import Line, document_lines, join, text_of
from .profile import PROFILE
from .references import REFERENCE_PATTERN, LeipzigReference, parse_reference

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

#: Decision kinds as Leipzig writes them, longest first (see DOMAIN.md).
_DECISION_KINDS: Final = (
    "ungeändert beschlossen",
    "geändert beschlossen",
    "mit Änderungen beschlossen",
    "zur Kenntnis genommen",
    "zurückgezogen",
    "zurückgestellt",
    "abgelehnt",
    "verwiesen",
    "vertagt",
    "bestätigt",
    "beschlossen",
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
    r"(?P<body>\S.*?) vom (?P<date>[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}"
    r"|[0-9]{1,2}\. ?[^\W\d_]+ [0-9]{4})"
    r"(?: zu (?:TOP )?(?P<top>[0-9]+(?:\.[0-9]+)*[a-z]?)\.?)?(?: (?P<title>.+))?"
)
_FILE_KEY: Final = re.compile(
    r"(?P<key>Kommune|Dateiname|Größe|Erstellt|Aktualisiert)(?::? (?P<value>.+)|:?)"
)
_TABLE_HEAD: Final = re.compile(
    r"Gremium (?:Voraussichtlicher )?(?:Sitzungstermin|Termin|Datum) Zuständigkeit ?",
)
_ROLE_ALTERNATIVES: Final = "|".join(
    re.escape(role) for role in sorted(ROLES, key=len, reverse=True)
)
_ROW: Final = re.compile(
    r"\s*(?P<body>\S.*?)\s+(?:(?P<date>[0-9]{1,2}\.[0-9]{1,2}\.(?:[0-9]{4}|[0-9]{2}))\s+|"
    r"(?:N/A|-|–)\s+)?(?P<role>" + _ROLE_ALTERNATIVES + r")(?=\s|$)",
    re.IGNORECASE,
)
_REFERENCE_LIKE: Final = re.compile(r"[IVXivx]+-[^\W\d_]+-[0-9]")
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
_YEAR_ROW: Final = re.compile(r"(?P<year>(?:19|20)[0-9]{2})(?: ?\| ?| )(?P<rest>.+)")
_SUM_ROW: Final = re.compile(r"(?:Summe|Gesamtsumme|Gesamt|Insgesamt)\b(?P<rest>.*)")
_AMOUNT: Final = re.compile(
    r"(?<![\w.,])[-−]?[0-9][0-9.]*(?:,(?:[0-9]+|--?|–))?\s*(?:€|EUR\b|Euro\b)"
)
_EMPTY: Final = frozenset({"", "N/A", "n/a", "-", "–", "—"})

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


def _fail(message: str, value: str | None, file: str, line: int | None) -> ParseError:
    return ParseError(message, value, Location(file, line))


def _eur(amount: Money) -> str:
    """``80.000,00 €`` with a plain space, for messages."""
    return amount.format().replace("\xa0", " ")


def _base(name: str) -> str:
    """The file's own name without its directory (for sources: no machine paths in the data)."""
    return PurePath(name).name or name


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
            return parse_datetime(text)
        except ParseError as exc:
            raise _fail(f"{key}: {exc.message}", text, name, line.number) from None

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


def _consultations(block: _Block, name: str) -> tuple[Consultation, ...]:
    lines = [
        Line(line.number, " ".join(line.text.replace("|", " ").split())) for line in block.lines
    ]
    joined = join(lines)
    text = joined.text
    for date_found in DATE_PATTERN.finditer(text):
        try:
            parse_date(date_found.group())
        except ParseError as exc:
            raise _fail(
                f"Beratungsfolge: {exc.message}",
                date_found.group(),
                name,
                joined.line_at(date_found.start()),
            ) from None
    position = 0
    head = _TABLE_HEAD.match(text)
    if head:
        position = head.end()
    rows: list[Consultation] = []
    while text[position:].strip():
        found = _ROW.match(text, position)
        if found is None:
            start = position + len(text[position:]) - len(text[position:].lstrip())
            shown = text[start : start + 80]
            raise _fail(
                f"Beratungsfolge: „{shown}“ ist keine Zeile aus Gremium, Termin und Zuständigkeit",
                shown,
                name,
                joined.line_at(start),
            )
        body = " ".join(found["body"].split())
        if DATE_PATTERN.search(body) or not re.search(r"[^\W\d_]", body):
            raise _fail(
                f"Beratungsfolge: „{body}“ ist kein Gremium",
                body,
                name,
                joined.line_at(found.start("body")),
            )
        day = parse_date(found["date"]) if found["date"] else None
        rows.append(Consultation(body=body, date=day, role=" ".join(found["role"].split())))
        position = found.end()
    return tuple(rows)


def _stammbaum(
    block: _Block, name: str
) -> tuple[list[tuple[LeipzigReference, str]], Section | None]:
    joined = join(block.lines)
    entries: list[tuple[LeipzigReference, str, list[str]]] = []
    offset = 0
    for token in joined.text.split(" "):
        start = joined.text.find(token, offset)
        offset = start + len(token)
        if not token:
            continue
        if _REFERENCE_LIKE.match(token) or REFERENCE_PATTERN.fullmatch(token):
            try:
                reference = parse_reference(token.rstrip(",;:"))
            except ParseError as exc:
                raise exc.at(Location(name, joined.line_at(start))) from None
            entries.append((reference, token, []))
        elif not entries:
            raise _fail(
                f"Stammbaum: „{token}“ steht vor der ersten Vorlagennummer",
                token,
                name,
                joined.line_at(start),
            )
        else:
            entries[-1][2].append(token)
    if not entries:
        return [], None
    rows = [(reference, " ".join(words)) for reference, _token, words in entries]
    text = "\n".join(
        f"{reference.format()}: {submitter}" if submitter else reference.format()
        for reference, submitter in rows
    )
    return rows, Section("Stammbaum", text)


def _position(blocks: Sequence[_Block], name: str) -> str:
    ticked = [block for block in blocks if block.kind == "position" and block.tick]
    if len(ticked) > 1:
        shown = ", ".join(f"„{block.label}“" for block in ticked)
        raise _fail(
            f"Verwaltungsstandpunkt: mehrere Optionen angekreuzt ({shown})",
            ticked[1].line.text,
            name,
            ticked[1].line.number,
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
                raise _fail(
                    f"Antwort {block.label} folgt auf Frage {last.number}",
                    block.line.text,
                    name,
                    block.line.number,
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


def _decision_kind(*texts: str) -> str:
    for text in texts:
        lowered = text.lower()
        for kind in _DECISION_KINDS:
            if kind.lower() in lowered:
                return kind
    return ""


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
        raise _fail(
            f"Beschlussausfertigung: „{head[:80]}“ nennt kein Gremium mit Datum "
            "(erwartet z. B. „Ratsversammlung vom 19.11.2015 zu 15.2 …“)",
            head,
            name,
            head_block.line.number,
        )
    head_line = head_block.lines[0].number if head_block.lines else head_block.line.number
    try:
        day = parse_long_date(found["date"])
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
            signed = parse_long_date(signed_text)
        except ParseError as exc:
            raise exc.at(Location(name, parts["ort"].line.number)) from None
    text = text_of(parts["beschluss"].lines) if "beschluss" in parts else ""
    vote_text = _value(parts["abstimmung"].lines) if "abstimmung" in parts else ""
    votes = _votes(vote_text)
    kind = _decision_kind(vote_text)
    if not (kind or votes or vote_text):
        raise _fail(
            "Beschlussausfertigung ohne Abstimmungsergebnis",
            head,
            name,
            head_block.line.number,
        )
    top = found["top"]
    locator = f"{_base(name)}: Beschlussausfertigung" + (f", zu TOP {top}" if top else "")
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


def _proposal_phase(reference: LeipzigReference) -> BudgetPhase:
    """Who proposes the amounts: the administration (draft) or a motion (requested)."""
    if reference.type == "RB":
        return BudgetPhase.ADOPTED
    last = next((s.code for s in reversed(reference.suffixes) if s.code != "NF"), None)
    if last is not None:
        return BudgetPhase.REQUESTED if last == "ÄA" else BudgetPhase.DRAFT
    return BudgetPhase.DRAFT if reference.type == "DS" else BudgetPhase.REQUESTED


def _amount_in(text: str, name: str, line: Line) -> Money | None:
    amounts = _AMOUNT.findall(text)
    if not amounts:
        return None
    if len(amounts) > 1:
        raise _fail(f"{_FINANCES}: mehr als ein Betrag in „{text}“", text, name, line.number)
    try:
        return Money.parse(amounts[0].replace("−", "-"))
    except ParseError as exc:
        raise _fail(f"{_FINANCES}: {exc.message}", amounts[0], name, line.number) from None


def _finances(
    block: _Block,
    name: str,
    reference: LeipzigReference,
    paper_title: str,
    day: dt.date | None,
    taken: set[str],
) -> tuple[list[Purpose], list[BudgetLine]]:
    """Budget lines from a financial-effects table; ``taken`` holds the line ids already used."""
    ref = reference.format()
    phase = _proposal_phase(reference)
    found_purposes: dict[str, Purpose] = {}
    budget_lines: list[BudgetLine] = []
    sums: list[tuple[int | None, Money, Line]] = []
    for line in block.lines:
        row = _YEAR_ROW.fullmatch(line.text)
        total = _SUM_ROW.fullmatch(line.text)
        if row is not None:
            amount = _amount_in(row["rest"], name, line)
            if amount is None:
                continue
            words = _AMOUNT.sub(" ", row["rest"]).replace("|", " ")
            words = " ".join(words.split())
            title = purpose_words.purpose_title(words) if words else (paper_title or ref)
            key = purpose_words.purpose_id(title)
            found_purposes.setdefault(key, Purpose(key, title, purpose_words.english_title(key)))
            year = int(row["year"])
            line_id = f"{ref}-{year}-{key}"
            serial = 2
            while line_id in taken:
                line_id = f"{ref}-{year}-{key}-{serial}"
                serial += 1
            taken.add(line_id)
            budget_lines.append(
                BudgetLine(
                    id=line_id,
                    fiscal_year=year,
                    purpose=key,
                    phase=phase,
                    amount=amount,
                    source=Source(
                        SourceKind.PAPER,
                        ref,
                        title=paper_title,
                        date=day,
                        locator=f"{_base(name)}, {_FINANCES}: „{line.text}“",
                    ),
                )
            )
        elif total is not None:
            amount = _amount_in(total["rest"], name, line)
            if amount is not None:
                year_found = re.search(r"\b(?:19|20)[0-9]{2}\b", total["rest"])
                sums.append((int(year_found.group()) if year_found else None, amount, line))
    for sum_year, amount, line in sums:
        rows = [
            item.amount for item in budget_lines if sum_year is None or item.fiscal_year == sum_year
        ]
        stated = sum(rows, Money.zero())
        if stated != amount:
            raise _fail(
                f"{_FINANCES}: die Summe {_eur(amount)} stimmt nicht mit den Zeilen überein "
                f"({_eur(stated)})",
                line.text,
                name,
                line.number,
            )
    return list(found_purposes.values()), budget_lines


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
        raise _fail(f"Kopfzeile „{line.text}“ ohne Vorlagennummer", line.text, name, line.number)
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
                day = parse_long_date(day_text)
            except ParseError as exc:
                raise exc.at(Location(name, fields["Datum"].line.number)) from None
    consultations = (
        _consultations(fields["Beratungsfolge"], name) if "Beratungsfolge" in fields else ()
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
        source=Source(SourceKind.PAPER, ref, title=title, date=day, locator=_base(name)),
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
            raise _fail("die Datei ist leer: keine Vorlage gefunden", "", name, 1)
        raise _fail(
            "keine Kopfzeile mit Vorlagennummer gefunden (erwartet z. B. "
            "„Antrag-Nr. VII-A-01234“ oder „Verwaltungsstandpunkt Nr. VI-A-03824-VSP-01“)",
            first.text[:80],
            name,
            first.number,
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
    if not files:
        raise ParseError("keine Datei angegeben")
    papers: list[Paper] = []
    where: dict[str, tuple[str, int | None]] = {}
    purposes: dict[str, Purpose] = {}
    budget_lines: list[BudgetLine] = []
    for file in files:
        try:
            result = parse_file(file.name, file.text())
        except ParseError as exc:
            if exc.location is None or exc.location.file != file.name:
                line = exc.location.line if exc.location else None
                raise exc.at(Location(file.name, line)) from None
            raise
        except (ValueError, TypeError) as exc:  # a model invariant the input broke
            raise _fail(f"Vorlage nicht lesbar: {exc}", None, file.name, None) from exc
        for paper in result.papers:
            if paper.reference in where:
                first_file, _ = where[paper.reference]
                raise _fail(
                    f"Vorlage „{paper.reference}“ kommt doppelt vor (schon in {first_file})",
                    paper.reference,
                    file.name,
                    None,
                )
            where[paper.reference] = (file.name, None)
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
