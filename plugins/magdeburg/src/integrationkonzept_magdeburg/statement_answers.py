"""The body of a Magdeburg statement: the inquiry's numbered questions and the answers
(``Zur Frage n)``) with the footer after them."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.plugin import MONTH_NAMES, Line, parse_error_at

from .dates import find_date_phrases
from .text import Paragraph, collapse, paragraphs

__all__ = [
    "ANSWER",
    "Answer",
    "paragraph_block",
    "read_answers",
    "read_questions",
    "validate_dates",
]

#: ``Zur Frage 1)``: an answer starts (:mod:`.statement` also looks for the first one).
ANSWER = re.compile(r"\s*Zur?\s+Frage\s+(?P<number>[0-9]{1,2})\s*[):.]?\s*(?P<rest>.*)")
_FOOTER = re.compile(r"\s*Bearb\.?\s*:.*")
_QUESTION = re.compile(r"\s*(?:[-–•*]\s*)?(?P<number>[0-9]{1,2})\s*[.)]\s+(?P<text>\S.*)")
_MONTH_START = re.compile(rf"(?:{MONTH_NAMES})\b")


@attrs.frozen
class Answer:
    label: str  # "Zur Frage 1", or "Stellungnahme" for text outside numbered answers
    number: int | None
    heading: Line | None
    paragraphs: tuple[Paragraph, ...]


def _strip_quotes(text: str) -> str:
    text = collapse(text)
    text = re.sub(r"(?<=[?.!])[“”\"*]+$", "", text).strip()
    if text.startswith(("„", '"')) and not any(q in text[1:] for q in '“”"'):
        text = text[1:].strip()
    return text


def read_questions(name: str, lines: Sequence[Line]) -> tuple[tuple[int, str, int], ...]:
    """The numbered questions of the inquiry text: (number, text, line)."""
    numbers: list[int] = []
    texts: list[list[str]] = []
    starts: list[int] = []
    current: list[str] | None = None
    for line in lines:
        if not line.text.strip():
            current = None
            continue
        match = _QUESTION.fullmatch(line.text)
        if match and not _MONTH_START.match(match["text"]):
            number = int(match["number"])
            if number in numbers:
                first = starts[numbers.index(number)]
                raise parse_error_at(
                    f"Frage {number} steht zweimal in der Anfrage (zuerst in Zeile {first})",
                    collapse(line.text),
                    file=name,
                    line=line.number,
                )
            current = [match["text"]]
            numbers.append(number)
            texts.append(current)
            starts.append(line.number)
        elif current is not None:
            current.append(line.text.strip())
    return tuple(
        (number, _strip_quotes(" ".join(parts)), start)
        for number, parts, start in zip(numbers, texts, starts, strict=True)
    )


def read_answers(
    name: str, lines: Sequence[Line], asked: Sequence[int]
) -> tuple[tuple[Answer, ...], tuple[Line, ...]]:
    """The answers (by ``Zur Frage n)``) and the footer lines (from ``Bearb.:`` on)."""
    answers: list[Answer] = []
    footer: tuple[Line, ...] = ()
    block: list[Line] = []
    heading: Line | None = None
    number: int | None = None
    answered: dict[int, int] = {}

    def close() -> None:
        pars = paragraphs(block)
        if heading is None and not pars:
            return
        label = f"Zur Frage {number}" if number is not None else "Stellungnahme"
        answers.append(Answer(label, number, heading, pars))

    for index, line in enumerate(lines):
        if _FOOTER.fullmatch(line.text):
            footer = tuple(lines[index:])
            break
        match = ANSWER.fullmatch(line.text)
        if match is None:
            block.append(line)
            continue
        close()
        block = []
        heading, number = line, int(match["number"])
        shown = collapse(line.text)
        if number not in asked:
            known = ", ".join(map(str, asked)) if asked else "keine nummerierten Fragen"
            raise parse_error_at(
                f"„{shown}“ beantwortet Frage {number}, die in der Anfrage nicht gestellt wurde "
                f"(gestellt: {known})",
                shown,
                file=name,
                line=line.number,
            )
        if number in answered:
            raise parse_error_at(
                f"Frage {number} wird zweimal beantwortet (zuerst in Zeile {answered[number]})",
                shown,
                file=name,
                line=line.number,
            )
        answered[number] = line.number
        if match["rest"].strip():
            block.append(Line(line.number, match["rest"]))
    close()
    return tuple(answers), footer


def validate_dates(name: str, lines: Sequence[Line]) -> None:
    for line in lines:
        try:
            for _ in find_date_phrases(line.text):
                pass
        except ParseError as exc:
            raise parse_error_at(exc.message, exc.value, file=name, line=line.number) from None


def paragraph_block(paragraph: Paragraph) -> str:
    """A paragraph as text: its lines (stripped) kept apart, so that lists stay lists."""
    return "\n".join(line.text.strip() for line in paragraph.lines)
