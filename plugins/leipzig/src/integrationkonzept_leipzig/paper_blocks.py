"""A Leipzig council paper as labelled blocks (fields, sections, questions and answers, the
ticked position of a Verwaltungsstandpunkt, the parts of a Beschlussausfertigung).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from integrationkonzept.model import Question
from integrationkonzept.plugin import Line, parse_error_at

from .lines import text_of

__all__ = ["POSITIONS", "Block", "block_value", "read_blocks", "read_questions", "ticked_position"]

#: The options a Verwaltungsstandpunkt ticks one of.
POSITIONS: Final = (
    "Zustimmung",
    "Ablehnung",
    "Zustimmung mit Ergänzung",
    "Alternativvorschlag",
    "Ablehnung, da bereits Verwaltungshandeln",
    "Sachstandsbericht",
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


_EMPTY: Final = frozenset({"", "N/A", "n/a", "-", "–", "—"})


@attrs.define
class Block:
    """A labelled run of lines: a field, a section, a question, a part of an Ausfertigung."""

    kind: str  # field | section | question | answer | position | ausfertigung | ausf-<label>
    label: str
    line: Line
    lines: list[Line] = attrs.field(factory=list)
    tick: str = ""


def block_value(lines: Iterable[Line]) -> str:
    text = " ".join(line.text for line in lines if line.text).strip()
    return "" if text in _EMPTY else text


def read_blocks(lines: Sequence[Line]) -> list[Block]:
    blocks: list[Block] = []
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
            blocks.append(Block("ausfertigung", "BESCHLUSSAUSFERTIGUNG", line))
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
            blocks.append(Block("section", "Text", line))
            current = blocks[-1]
        current.lines.append(line)
    return blocks


def _start(kind: str, label: str, line: Line, value: str | None, tick: str = "") -> Block:
    block = Block(kind, label, line, tick=tick)
    if value:
        block.lines.append(Line(line.number, value))
    return block


def _ausfertigung_block(line: Line) -> Block | None:
    for label, pattern in _AUSF_LABELS:
        found = pattern.fullmatch(line.text)
        if found:
            return _start(f"ausf-{label}", label, line, found["value"])
    return None


def _label_block(line: Line, in_header: bool, current: Block | None) -> Block | None:
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
            return Block("position", found["option"], line, tick=found["tick"] or "")
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


def ticked_position(blocks: Sequence[Block], name: str) -> str:
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


def read_questions(blocks: Sequence[Block], name: str) -> tuple[list[Question], list[Block]]:
    """Questions with their answers; answers without a question are returned as leftovers."""
    questions: list[Question] = []
    leftovers: list[Block] = []
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
