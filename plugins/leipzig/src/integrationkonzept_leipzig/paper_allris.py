"""The council system's own web page for a paper (ALLRIS ``Vorlage - <Nummer>``), as text copied
from the browser or extracted from the saved HTML (:mod:`.paper_html`).

The page starts with ``Vorlage - VII-DS-00547`` and header fields that run together on lines in
any order (``Status:öffentlich (Vorlage freigegeben)Vorlage-Art:Informationsvorlage``,
``Einreicher:…Bezüglich:…``, ``Federführend:…Beratungsfolge:``), a value possibly wrapped onto the
next lines. The Beratungsfolge lists each body with its role (``Ratsversammlung Entscheidung``),
followed by a line per meeting that dealt with it: date, body again and result (``29.01.2020
Ratsversammlung ungeändert beschlossen``). Sections (``Beschlussvorschlag:``, ``Sachverhalt:`` …)
follow as in the other layouts.

Each meeting becomes a consultation with date and result; a body without a meeting one without a
date. The paper's decision is the last meeting of a deciding role (Beschlussfassung, Entscheidung,
Kenntnisnahme, Information …) whose result is a final one (beschlossen, abgelehnt, zur Kenntnis
genommen, zurückgezogen).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.model import Consultation, Decision, Paper, Section, Source, SourceKind
from integrationkonzept.plugin import Line, date_pattern, parse_date, parse_error_at

from .common import base_name, located
from .decisions import decision_kind
from .lines import text_of
from .paper_blocks import read_blocks, read_questions
from .paper_consultations import NOTE_TITLE, is_role_continuation, normal_role, split_row
from .paper_relations import mentioned_references, paper_relations
from .references import REFERENCE_PATTERN, parse_reference

__all__ = ["ALLRIS_HEADER", "read_allris"]

#: The first line of the page: ``Vorlage - VII-DS-00547`` (any dash, with spaces around it; the
#: number holds a digit, so that ``Vorlage-Sammeldokument`` is not one).
ALLRIS_HEADER: Final = re.compile(r"Vorlage [-–—] (?P<ref>\S*[0-9]\S*)")

_LABELS: Final = {
    "Betreff": "Betreff",
    "Status": "Status",
    "Vorlage-Art": "Vorlage-Art",
    "Vorlagenart": "Vorlage-Art",
    "Einreicher": "Einreicher",
    "Verfasser": "Einreicher",
    "Bezüglich": "Bezüglich",
    "Federführend": "Federführend",
    "Beteiligt": "Beteiligt",
    "Datum": "Datum",
    "Beratungsfolge": "Beratungsfolge",
}
_LABEL: Final = re.compile(
    "(?P<label>" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r") ?:"
)
_SECTION_START: Final = re.compile(
    r"(?:Beschlussvorschlag|Beschluss|Sachverhalt|Begründung|Rechtliche Konsequenzen"
    r"|Finanzielle Auswirkungen|Anlagen?|Frage [0-9]{1,2}|Antwort(?: [0-9]{1,2})?)(?::|$)"
)
_HEAD_WORDS: Final = frozenset(
    {"Gremium", "Zuständigkeit", "Datum", "Sitzung", "Ergebnis", "Beschlussart", "Rolle"}
)
_MEETING: Final = re.compile(rf"(?P<date>{date_pattern()})\s+(?P<rest>\S.*)")
_DATE: Final = re.compile(rf"(?<![\d.]){date_pattern()}(?![\d])")
#: Results that end a paper's deliberation (``decision_kind`` spelling).
_FINAL: Final = frozenset(
    {
        "ungeändert beschlossen",
        "geändert beschlossen",
        "beschlossen",
        "abgelehnt",
        "zurückgezogen",
        "zur Kenntnis genommen",
    }
)
_DECIDING: Final = (
    "Beschlussfassung",
    "Entscheidung",
    "Kenntnisnahme",
    "zur Kenntnisnahme",
    "Information",
    "zur Information",
)


@attrs.define
class _Group:
    line: Line
    text: str
    meetings: list[tuple[Line, str, str]] = attrs.field(factory=list)  # line, date, rest


def _fields(
    lines: Sequence[Line],
) -> tuple[dict[str, tuple[str, int]], list[Line], list[Line]]:
    """The header fields (value, line), the Beratungsfolge's lines and the lines after."""
    fields: dict[str, tuple[str, int]] = {}
    table: list[Line] = []
    current = ""
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        if _SECTION_START.match(text):
            return fields, table, list(lines[index:])
        found = list(_LABEL.finditer(text))
        leading = text[: found[0].start()] if found else text
        if leading.strip() and current:
            if current == "Beratungsfolge":
                table.append(Line(line.number, leading.strip()))
            else:
                value, number = fields[current]
                fields[current] = (f"{value} {leading.strip()}".strip(), number)
        for position, label in enumerate(found):
            end = found[position + 1].start() if position + 1 < len(found) else len(text)
            value = text[label.end() : end].strip()
            current = _LABELS[label["label"]]
            if current == "Beratungsfolge":
                if value:
                    table.append(Line(line.number, value))
                fields.setdefault(current, ("", line.number))
            elif current not in fields:
                fields[current] = (value, line.number)
            else:
                current = ""  # a field given twice: the first one counts
    return fields, table, []


def _groups(lines: Sequence[Line], name: str) -> list[_Group]:
    groups: list[_Group] = []
    for line in lines:
        text = line.text
        if set(text.split()) <= _HEAD_WORDS:
            continue
        meeting = _MEETING.fullmatch(text)
        if meeting is not None:
            located(parse_date, meeting["date"], name, line.number)
            if not groups:
                raise parse_error_at(
                    f"Beratungsfolge: Sitzung „{text[:80]}“ vor dem ersten Gremium",
                    text[:80],
                    file=name,
                    line=line.number,
                )
            groups[-1].meetings.append((line, meeting["date"], meeting["rest"]))
            continue
        for found in _DATE.finditer(text):
            located(parse_date, found.group(), name, line.number)
        if groups:
            last = groups[-1]
            if last.meetings:
                mline, date, rest = last.meetings[-1]
                if re.match(r"[a-zäöüß(]", text):
                    last.meetings[-1] = (mline, date, f"{rest} {text}")
                    continue
            elif split_row(last.text) is None or is_role_continuation(last.text, text):
                last.text = f"{last.text} {text}"
                continue
        groups.append(_Group(line, text))
    return groups


def _common_words(texts: Sequence[str]) -> list[str]:
    split = [text.casefold().split() for text in texts]
    common: list[str] = []
    for words in zip(*split, strict=False):
        if len(set(words)) != 1:
            break
        common.append(words[0])
    return common


def _split_group(group: _Group) -> tuple[str, str, bool]:
    """(body, role, whether they could be told apart) of a body-with-role line."""
    text = group.text
    rests = [rest for _line, _date, rest in group.meetings]
    split = split_row(text)
    if split is not None and not split[1]:
        body, _date, role = split
        if all(rest.casefold().startswith(body.casefold()) for rest in rests):
            return body, role.strip(), True
    if rests:
        words = text.split()
        count = min(len(_common_words([text, *rests])), len(words) - 1)
        if count > 0:
            return " ".join(words[:count]), " ".join(words[count:]), True
    if split is not None and not split[1]:
        return split[0], split[2].strip(), True
    return text, "", False


def _consultations(groups: Sequence[_Group], name: str) -> tuple[list[Consultation], list[str]]:
    rows: list[Consultation] = []
    notes: list[str] = []
    for group in groups:
        body, role, told = _split_group(group)
        if not re.search(r"[^\W\d_]", body):
            raise parse_error_at(
                f"Beratungsfolge: „{body}“ ist kein Gremium",
                body,
                file=name,
                line=group.line.number,
            )
        if not told:
            notes.append(
                f"Zeile {group.line.number}: „{group.text}“ – Gremium und Zuständigkeit nicht "
                "zu trennen, als Gremium ohne Zuständigkeit übernommen"
            )
        role = normal_role(role)
        if not group.meetings:
            rows.append(Consultation(body=body, role=role))
        for _line, date, rest in group.meetings:
            result = rest
            if rest.casefold().startswith(body.casefold()):
                result = rest[len(body) :]
            rows.append(
                Consultation(
                    body=body, date=parse_date(date), role=role, result=" ".join(result.split())
                )
            )
    return rows, notes


def _decision(
    rows: Sequence[Consultation], reference: str, title: str, name: str
) -> Decision | None:
    for row in reversed(rows):
        if row.date is None or not row.result:
            continue
        kind = decision_kind(row.result)
        if kind in _FINAL and row.role.startswith(_DECIDING):
            return Decision(
                body=row.body,
                date=row.date,
                kind=kind,
                vote_text=row.result,
                source=Source(
                    SourceKind.DECISION,
                    reference,
                    title=title,
                    date=row.date,
                    locator=f"{base_name(name)}: Beratungsfolge, {row.body} am {row.date:%d.%m.%Y}",
                ),
            )
    return None


def read_allris(header: Line, lines: Sequence[Line], name: str) -> Paper:
    """The paper of an ALLRIS page: ``header`` is its ``Vorlage - …`` line, ``lines`` the rest."""
    found = ALLRIS_HEADER.fullmatch(header.text)
    if found is None:  # pragma: no cover - the caller checked
        raise parse_error_at("keine ALLRIS-Kopfzeile", header.text, file=name, line=header.number)
    reference = located(parse_reference, found["ref"], name, header.number)
    ref = reference.format()
    fields, table, rest = _fields(lines)

    def value(label: str) -> str:
        text = fields.get(label, ("", 0))[0]
        return "" if text in ("", "N/A", "-", "–") else text

    title = value("Betreff")
    day: dt.date | None = None
    if value("Datum"):
        day = located(parse_date, value("Datum"), name, fields["Datum"][1])
    rows, notes = _consultations(_groups(table, name), name)
    blocks = read_blocks(rest)
    questions, leftovers = read_questions(blocks, name)
    leftover_ids = {id(block) for block in leftovers}
    sections: list[Section] = []
    if notes:
        sections.append(Section(NOTE_TITLE, "\n".join(notes)))
    for label in ("Federführend", "Beteiligt"):
        if value(label):
            sections.append(Section(label, value(label)))
    for block in blocks:
        if block.kind == "section" or id(block) in leftover_ids:
            label = block.label if block.kind == "section" else "Antwort"
            sections.append(Section(label, text_of(block.lines)))
    related: list[str] = []
    if value("Bezüglich"):
        for match in REFERENCE_PATTERN.finditer(value("Bezüglich")):
            related.append(
                located(parse_reference, match.group(), name, fields["Bezüglich"][1]).format()
            )
    return Paper(
        reference=ref,
        kind=value("Vorlage-Art") or "Vorlage",
        title=title,
        submitter=value("Einreicher"),
        date=day,
        status=value("Status"),
        consultations=tuple(rows),
        decision=_decision(rows, ref, title, name),
        relations=paper_relations(reference, [], [*related, *mentioned_references(sections)]),
        sections=tuple(sections),
        questions=tuple(questions),
        source=Source(SourceKind.PAPER, ref, title=title, date=day, locator=base_name(name)),
    )
