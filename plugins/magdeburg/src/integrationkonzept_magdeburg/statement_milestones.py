"""What the answers of a Magdeburg statement report: dated events and plans as milestones,
a plan of the inquiry paired with the answer's new date and its reasons."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.model import Milestone, MilestoneRevision, PlannedDate, Source, SourceKind
from integrationkonzept.plugin import parse_error_at, slug

from .dates import DatePhrase, find_date_phrases
from .references import REFERENCE_PATTERN
from .statement_answers import Answer
from .statement_header import Header
from .text import (
    Paragraph,
    clauses,
    collapse,
    noun_phrase_title,
    phrase_after_last_verb,
    sentences,
    split_at,
    subject_before_verb,
)

__all__ = ["analyse", "references"]

_PARTICIPLE = re.compile(
    r"\s*(?P<participle>[a-zäöüß]{4,}?)(?P<ending>enen|enem|ener|enes|ene|ten|tem|ter|tes|te)\s+"
    r"(?P<name>„[^“”]*[“”]|(?:[A-ZÄÖÜ][\w-]*|der|die|das|des|dem|den|für|und|von|zur|zum|im|in)"
    r"(?:\s+(?:[A-ZÄÖÜ][\w-]*|der|die|das|des|dem|den|für|und|von|zur|zum|im|in))*)"
)


@attrs.frozen
class _Plan:
    phrase: DatePhrase
    clause: str
    title: str
    label: str
    answer: int  # index of the answer; -1 in the inquiry


def _phrases(name: str, paragraph: Paragraph) -> tuple[DatePhrase, ...]:
    try:
        return tuple(find_date_phrases(paragraph.text))
    except ParseError as exc:
        raise parse_error_at(exc.message, exc.value, file=name, line=paragraph.first_line) from None


def _planned(phrase: DatePhrase) -> PlannedDate:
    # The year lies in 1990–2200: find_date_phrases refuses every other.
    day = phrase.day.day if phrase.day is not None else None
    return PlannedDate(phrase.year, phrase.month, day, earliest=phrase.qualifier == "frühestens")


@attrs.frozen
class _Piece:
    start: int
    end: int
    phrase: DatePhrase | None
    first: bool  # the first piece of its sentence


def _pieces(text: str, phrases: Sequence[DatePhrase]) -> tuple[_Piece, ...]:
    """The text cut into clause pieces with at most one date phrase each."""
    out: list[_Piece] = []
    starts = [phrase.start for phrase in phrases]
    for sentence in sentences(text):
        first = True
        for clause in clauses(text, *sentence):
            low = bisect.bisect_left(starts, clause[0])
            high = bisect.bisect_left(starts, clause[1])
            inside = [p for p in phrases[low:high] if p.end <= clause[1]]
            inside_starts = [p.start for p in inside]
            cuts: list[int] = []
            for index, phrase in enumerate(inside[1:], start=1):
                between = text[inside[index - 1].end : phrase.start]
                connector = re.search(r"\s(?:und|sowie|bzw\.|oder)\s+$", between)
                if connector is not None:
                    cuts.append(inside[index - 1].end + connector.start())
                    cuts.append(phrase.start)
                else:
                    cuts.append(inside[index - 1].end)
            for a, b in split_at(text, clause, cuts):
                piece_text = text[a:b]
                if re.fullmatch(r"(?:und|sowie|bzw\.|oder)", piece_text.strip()):
                    continue
                at = bisect.bisect_left(inside_starts, a)
                found = inside[at] if at < len(inside) and inside[at].end <= b else None
                out.append(_Piece(a, b, found, first))
                first = False
    return tuple(out)


def _quoted(text: str) -> str:
    """A clause as a locator quotes it: one line, without the sentence's closing mark and
    without a quotation mark left open or closed by the quoted text around it."""
    clause = collapse(text).rstrip(" .;:!")
    if clause.startswith(("„", '"')) and not any(q in clause[1:] for q in '“”"'):
        clause = clause[1:].lstrip()
    if clause.endswith(("“", '"')) and not any(q in clause[:-1] for q in '„"'):
        clause = clause[:-1].rstrip(" .;:!?")
    return clause


def _deinflect(participle: str, ending: str) -> str:
    return participle + ("en" if ending.startswith("en") else "t")


def _event_title(before: str, after: str, phrase: DatePhrase) -> str:
    match = _PARTICIPLE.match(after)
    if match is not None:
        title = f"{match['name'].strip()} {_deinflect(match['participle'], match['ending'])}"
    else:
        title = noun_phrase_title(f"{before} {after}")
    if title and phrase.is_start:
        title = f"Beginn: {title}"
    return title


def references(text: str, exclude: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for match in REFERENCE_PATTERN.finditer(text):
        if match[0] not in exclude and match[0] not in out:
            out.append(match[0])
    return tuple(out)


def _plan_title(clause: str, phrase: DatePhrase, fallback: str) -> str:
    position = max(clause.find(phrase.text), 0)
    before, after = clause[:position], clause[position + len(phrase.text) :]
    return (
        subject_before_verb(before)
        or phrase_after_last_verb(before)
        or noun_phrase_title(before)
        or noun_phrase_title(after)
        or fallback
    )


def analyse(
    name: str,
    header: Header,
    answers: Sequence[Answer],
    inquiry: Sequence[Paragraph],
    inquiry_date: dt.date | None,
) -> tuple[Milestone, ...]:
    statement_source_title = f"Stellungnahme der Verwaltung: {header.title}"
    inquiry_title = f"{header.answered_kind}: {header.title}"
    prefix = slug(header.number, transliterate=False)
    events: list[Milestone] = []
    seen_days: set[dt.date] = set()
    answer_plans: list[_Plan] = []
    inquiry_plans: list[_Plan] = []

    dated: dict[int, set[int]] = {}  # answer → its paragraphs that name a date or month
    for answer_index, answer in enumerate(answers):
        for paragraph_index, paragraph in enumerate(answer.paragraphs):
            phrases = _phrases(name, paragraph)
            if phrases:
                dated.setdefault(answer_index, set()).add(paragraph_index)
            text = paragraph.text
            head = ""
            for piece in _pieces(text, phrases):
                phrase = piece.phrase
                if piece.first:
                    head = ""
                if phrase is None:
                    head = text[piece.start : piece.end]
                    continue
                before = text[piece.start : phrase.start]
                after = text[phrase.end : piece.end]
                if not before.strip(" ,;") and head:
                    before = head
                else:
                    head = before
                clause = _quoted(text[piece.start : piece.end])
                is_plan = phrase.is_deadline or (
                    phrase.last_day > header.date
                    if phrase.day is not None
                    else phrase.last_day >= header.date
                )
                if is_plan:
                    answer_plans.append(
                        _Plan(
                            phrase,
                            clause,
                            _plan_title(clause, phrase, header.title),
                            answer.label,
                            answer_index,
                        )
                    )
                    continue
                if phrase.day is None or phrase.day in seen_days:
                    continue  # a past month names no day; a day named again is the same event
                seen_days.add(phrase.day)
                own = text[piece.start : piece.end]
                papers = references(own, (header.number, header.answered))
                title = _event_title(before, after, phrase) or clause
                events.append(
                    Milestone(
                        id=f"{prefix}-{phrase.day.isoformat()}",
                        title=title,
                        actual=phrase.day,
                        actual_source=Source(
                            SourceKind.PAPER,
                            header.number,
                            statement_source_title,
                            header.date,
                            f"{answer.label}: „{clause}“",
                        ),
                        paper=papers[0] if papers else None,
                    )
                )

    for paragraph in inquiry:
        phrases = _phrases(name, paragraph)
        for piece in _pieces(paragraph.text, phrases):
            phrase = piece.phrase
            if phrase is None:
                continue
            is_plan = phrase.is_deadline or (
                phrase.day is None and (inquiry_date is None or phrase.last_day >= inquiry_date)
            )
            if not is_plan:
                continue
            clause = _quoted(paragraph.text[piece.start : piece.end])
            inquiry_plans.append(
                _Plan(
                    phrase,
                    clause,
                    _plan_title(clause, phrase, header.title),
                    "Anfrage",
                    -1,
                )
            )

    def statement_source(plan: _Plan) -> Source:
        return Source(
            SourceKind.PAPER,
            header.number,
            statement_source_title,
            header.date,
            f"{plan.label}: „{plan.clause}“",
        )

    plans: list[Milestone] = []
    paired = bool(inquiry_plans) and len(inquiry_plans) == len(answer_plans)
    for index, plan in enumerate(inquiry_plans):
        revisions: tuple[MilestoneRevision, ...] = ()
        if paired:
            new = answer_plans[index]
            answer = answers[new.answer]
            reasons = tuple(
                collapse(paragraph.text)
                for position, paragraph in enumerate(answer.paragraphs)
                if position not in dated.get(new.answer, set())
            )
            revisions = (
                MilestoneRevision(
                    revised_on=header.date,
                    new_date=_planned(new.phrase),
                    reasons=reasons,
                    source=statement_source(new),
                ),
            )
        plans.append(
            Milestone(
                id=f"{prefix}-plan-{len(plans) + 1}",
                title=plan.title,
                planned=_planned(plan.phrase),
                planned_source=Source(
                    SourceKind.PAPER,
                    header.answered,
                    inquiry_title,
                    inquiry_date,
                    f"„{plan.clause}“",
                ),
                revisions=revisions,
            )
        )
    if not paired:
        for plan in answer_plans:
            plans.append(
                Milestone(
                    id=f"{prefix}-plan-{len(plans) + 1}",
                    title=plan.title,
                    planned=_planned(plan.phrase),
                    planned_source=statement_source(plan),
                )
            )
    events.sort(key=lambda milestone: milestone.actual or dt.date.min)
    return (*events, *plans)
