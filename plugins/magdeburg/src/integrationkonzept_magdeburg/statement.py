"""Importer ``magdeburg-statement``: a Stellungnahme der Verwaltung (Magdeburg) as a data set.

The layout (plain text as extracted from the city's PDF; cells separated by tabs or by runs of
spaces)::

    Landeshauptstadt Magdeburg
    Stellungnahme der Verwaltung
    öffentlich
    Stadtamt        Stellungnahme-Nr.       Datum
    V/02            S0518/19                28.11.2019
    zum/zur
    F0310/19 Fraktion … Stadträtin …
    Bezeichnung
    Integrationskonzept
    Verteiler                               Tag
    Der Oberbürgermeister                   10.12.2019

    Am 18.11.2019 wurde folgende Anfrage im Stadtrat eingebracht:
    „… the inquiry, with its numbered questions …
    - 1. Wie weit …?
    - 2. Bis wann …?“
    Die Verwaltung der Landeshauptstadt Magdeburg kann folgend Stellung nehmen.
    Zur Frage 1)
    … answer …
    Zur Frage 2)
    … answer …
    Bearb.: …
    Tel.: …

What the data set holds (municipality Magdeburg, the profile's budget cadence, no concept):

* the statement as a :class:`Paper` (number, date, Stadtamt as submitter, Bezeichnung as title,
  Verteiler with its date, status, the paper it answers, the questions with their answers);
* the inquiry (or motion) it answers as a paper of its own, with the date from ``Am … wurde
  folgende Anfrage … eingebracht`` and its text;
* the process the answers report, as milestones: every dated event an answer names
  (``DD.MM.YYYY`` or ``D. Monat YYYY`` up to the statement's date; a day named twice is one
  event), titled after the clause that names it (German capitalises nouns: the title starts at
  the clause's first noun, without finite verbs such as ``erfolgte``; ``seit``/``ab`` make it a
  ``Beginn:``), with that clause quoted as the source's locator;
* every plan: a month (``bis Oktober 2019``, ``frühestens im Juni 2020``), a day after ``bis``
  or after the statement's date. When the inquiry and the answers state as many plans (one each,
  in practice) they pair up in order: the inquiry's plan is the milestone's first plan, the
  answer's date its revision made on the statement's date, and the paragraphs of that answer
  that name no date are the reasons, one entry each. Unpaired plans are milestones of their own.

Months alone in the past (``im März 2019``) and years alone are not recorded: a milestone's date
is a day, and the text does not say which. Lines are read by
:func:`integrationkonzept.german.clean_lines` (a decomposed ``ö`` is the same letter); the
header's dates by :func:`integrationkonzept.german.parse_date` (``28.11.2019`` or ``28.11.19``).
Bad required parts (the header's number, date, office, the paper it answers, the Bezeichnung),
impossible dates and years outside 1990–2200 anywhere (the years the model keeps: a date the
statement names is refused, not dropped), and an answer to a question the inquiry did not ask
raise :class:`ParseError` naming file, line and value.

This module reads a file into the statement and the paper it answers; ``statement_header`` reads
the header, ``statement_answers`` the questions and answers, ``statement_milestones`` the
milestones the answers report. :func:`read_statements` calls :func:`parse_statement` of this
module (the tests replace it here).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.errors import IntegrationskonzeptError, InvalidValueError, ParseError
from integrationkonzept.model import (
    Dataset,
    Milestone,
    Organization,
    Paper,
    PaperRelation,
    Question,
    RelationKind,
    Section,
    Source,
    SourceKind,
)
from integrationkonzept.plugin import Importer, InputFile, numbered_lines, parse_error_at, slug

from .profile import PROFILE
from .statement_answers import ANSWER, paragraph_block, read_answers, read_questions, validate_dates
from .statement_header import header_day, parse_header
from .statement_milestones import analyse, references
from .text import paragraphs

__all__ = ["IMPORTER", "Statement", "parse_statement", "read_statements"]

_INTRO = re.compile(
    r"\s*Am\s+(?P<date>\S+)\s+wurden?\s+(?:die\s+|der\s+|das\s+)?folgende[nrs]?\s+(?P<what>\w+)\s+"
    r"(?P<where>.*?)\s*eingebracht\s*:?\s*"
)
_STANCE = re.compile(r".*\bStellung\s+nehmen\b.*|.*\bnimmt\b.*\bStellung\b.*")


@attrs.frozen
class Statement:
    """What one statement yields: the statement paper, the paper it answers, the office that
    wrote it, and the milestones its answers report."""

    statement: Paper
    answered: Paper
    office: Organization
    milestones: tuple[Milestone, ...]


def parse_statement(name: str, text: str) -> Statement:
    """Read one statement (``name`` is used in messages); raises :class:`ParseError`."""
    lines = numbered_lines(text)
    header = parse_header(name, lines)
    if header.answered == header.number:
        raise parse_error_at(
            f"Kopf: die Stellungnahme {header.number} verweist unter „zum/zur“ auf sich selbst",
            header.number,
            file=name,
            line=header.answered_line,
        )
    body = lines[header.end :]
    intro_index = next((i for i, line in enumerate(body) if _INTRO.fullmatch(line.text)), None)
    inquiry_date: dt.date | None = None
    where = ""
    start = 0
    if intro_index is not None:
        intro = _INTRO.fullmatch(body[intro_index].text)
        assert intro is not None
        inquiry_date = header_day(name, body[intro_index].number, intro["date"])
        where = re.sub(r"^(?:im|in\s+der|in\s+den|in)\s+", "", intro["where"].strip())
        start = intro_index + 1
    stance_index = next(
        (i for i in range(start, len(body)) if _STANCE.fullmatch(body[i].text)), None
    )
    first_answer = next(
        (i for i in range(start, len(body)) if ANSWER.fullmatch(body[i].text)), None
    )
    ends = [i for i in (stance_index, first_answer) if i is not None]
    inquiry_end = min(ends) if ends else len(body)
    inquiry_lines = body[start:inquiry_end]
    answer_start = stance_index + 1 if stance_index is not None else inquiry_end
    if first_answer is not None and first_answer < answer_start:
        answer_start = first_answer
    answer_lines = body[answer_start:]
    validate_dates(name, inquiry_lines)
    validate_dates(name, answer_lines)

    asked = read_questions(name, inquiry_lines)
    answers, footer = read_answers(name, answer_lines, [number for number, _, _ in asked])
    by_number = {answer.number: answer for answer in answers if answer.number is not None}
    questions = tuple(
        Question(
            str(number),
            text,
            "\n\n".join(paragraph_block(paragraph) for paragraph in by_number[number].paragraphs)
            if number in by_number
            else "",
        )
        for number, text, _ in asked
    )
    inquiry = paragraphs(inquiry_lines)
    milestones = analyse(name, header, answers, inquiry, inquiry_date)

    sections: list[Section] = []
    general = [answer for answer in answers if answer.number is None]
    if general:
        sections.append(
            Section(
                "Stellungnahme",
                "\n\n".join(paragraph_block(p) for answer in general for p in answer.paragraphs),
            )
        )
    footer_text = "\n".join(line.text.strip() for line in footer if line.text.strip())
    if footer_text:
        sections.append(Section("Bearbeitung", footer_text))
    answer_text = " ".join(p.text for answer in answers for p in answer.paragraphs)
    inquiry_text = "\n\n".join(paragraph_block(p) for p in inquiry)
    own = (header.number, header.answered)
    relation = {
        "Anfrage": RelationKind.ANSWERS,
        "Antrag": RelationKind.POSITION_ON,
        "Änderungsantrag": RelationKind.POSITION_ON,
    }.get(header.answered_kind, RelationKind.RELATED)
    office = Organization(
        slug(header.office, transliterate=False), f"Stadtamt {header.office}", kind="Amt"
    )
    statement = Paper(
        reference=header.number,
        kind="Stellungnahme",
        title=header.title,
        submitter=office.name,
        date=header.date,
        status=header.status,
        relations=(
            PaperRelation(relation, header.answered),
            *(
                PaperRelation(RelationKind.RELATED, reference)
                for reference in references(answer_text, own)
            ),
        ),
        sections=tuple(sections),
        questions=questions,
        distribution=header.distribution,
        distributed=header.distributed,
        source=Source(
            SourceKind.PAPER,
            header.number,
            f"Stellungnahme der Verwaltung: {header.title}",
            header.date,
        ),
    )
    answered = Paper(
        reference=header.answered,
        kind=header.answered_kind,
        title=header.title,
        submitter=header.answered_by,
        date=inquiry_date,
        relations=tuple(
            PaperRelation(RelationKind.RELATED, reference)
            for reference in references(inquiry_text, own)
        ),
        sections=(Section(header.answered_kind, inquiry_text),) if inquiry_text else (),
        source=Source(
            SourceKind.PAPER,
            header.answered,
            f"{header.answered_kind}: {header.title}",
            inquiry_date,
            f"wiedergegeben in {header.number}" + (f" (eingebracht im {where})" if where else ""),
        ),
    )
    return Statement(statement, answered, office, milestones)


def _merge(name: str, papers: list[Paper], paper: Paper) -> None:
    existing = next((p for p in papers if p.reference == paper.reference), None)
    if existing is None:
        papers.append(paper)
    elif existing != paper:
        raise parse_error_at(
            f"Vorlage {paper.reference} kommt in mehreren Dateien mit verschiedenem Inhalt vor",
            paper.reference,
            file=name,
        )


def read_statements(files: Sequence[InputFile]) -> Dataset:
    """Read one or more statements into one data set (papers and milestones of all of them)."""
    if not files:
        raise ParseError("der Import „magdeburg-statement“ braucht mindestens eine Datei")
    papers: list[Paper] = []
    offices: list[Organization] = []
    milestones: list[Milestone] = []
    for file in files:
        try:
            statement = parse_statement(file.name, file.text())
        except (ValueError, TypeError, ArithmeticError) as exc:
            if isinstance(exc, IntegrationskonzeptError) and not isinstance(exc, InvalidValueError):
                raise  # a ParseError names its file and line already
            # Last resort: every value is checked where it is read (dates, years, numbers, with
            # their line); should a model validator still refuse something, the file is named.
            raise parse_error_at(
                f"Stellungnahme nicht lesbar (unerwarteter Fehler: {exc})", file=file.name
            ) from None
        _merge(file.name, papers, statement.statement)
        _merge(file.name, papers, statement.answered)
        if all(office.id != statement.office.id for office in offices):
            offices.append(statement.office)
        known = {milestone.id for milestone in milestones}
        milestones.extend(m for m in statement.milestones if m.id not in known)
    try:
        return Dataset(
            municipality=PROFILE.municipality,
            budget_cadence=PROFILE.budget_cadence,
            organizations=tuple(offices),
            milestones=tuple(milestones),
            papers=tuple(papers),
        )
    except (ValueError, TypeError, ArithmeticError) as exc:  # last resort, as above
        names = ", ".join(file.name for file in files)
        raise parse_error_at(
            f"die Stellungnahmen ergeben keinen gültigen Datensatz ({names}; unerwarteter "
            f"Fehler: {exc})",
            file=files[0].name,
        ) from None


#: The contributed importer.
IMPORTER: Final = Importer(
    name="magdeburg-statement",
    description="Stellungnahme der Verwaltung (Magdeburg, Text): Kopf, Anfrage, Fragen und "
    "Antworten, Meilensteine mit Terminen, Planänderungen und Gründen",
    read=read_statements,
    suffixes=(".txt", ".pdf"),
)
