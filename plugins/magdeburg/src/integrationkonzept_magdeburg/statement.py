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
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.errors import (
    IntegrationskonzeptError,
    InvalidValueError,
    ParseError,
)
from integrationkonzept.model import (
    Dataset,
    Milestone,
    MilestoneRevision,
    Organization,
    Paper,
    PaperRelation,
    PlannedDate,
    Question,
    RelationKind,
    Section,
    Source,
    SourceKind,
)
from integrationkonzept.plugin import (
    MONTH_NAMES,
    Importer,
    InputFile,
    Line,
    date_pattern,
    numbered_lines,
    parse_date,
    parse_error_at,
    slug,
)

from .dates import DatePhrase, check_year, find_date_phrases
from .profile import PROFILE
from .references import REFERENCE_PATTERN, parse_reference
from .text import (
    Paragraph,
    cells,
    clauses,
    collapse,
    noun_phrase_title,
    paragraphs,
    phrase_after_last_verb,
    sentences,
    split_at,
    subject_before_verb,
)

__all__ = ["IMPORTER", "Statement", "parse_statement", "read_statements"]

_TITLE = "stellungnahme der verwaltung"
_STATUSES = {"öffentlich": "öffentlich", "nichtöffentlich": "nichtöffentlich"}
_NUMBER_LABEL = re.compile(r"Stellungnahme\s*-?\s*Nr", re.ASCII)
_DATE_CELL = re.compile(date_pattern(years="two to four"))
_REFERENCE_CELL = re.compile(r"[A-Za-zÄä]{1,2}\s*[0-9]{3,}.*")
_INTRO = re.compile(
    r"\s*Am\s+(?P<date>\S+)\s+wurden?\s+(?:die\s+|der\s+|das\s+)?folgende[nrs]?\s+(?P<what>\w+)\s+"
    r"(?P<where>.*?)\s*eingebracht\s*:?\s*"
)
_STANCE = re.compile(r".*\bStellung\s+nehmen\b.*|.*\bnimmt\b.*\bStellung\b.*")
_ANSWER = re.compile(r"\s*Zur?\s+Frage\s+(?P<number>[0-9]{1,2})\s*[):.]?\s*(?P<rest>.*)")
_FOOTER = re.compile(r"\s*Bearb\.?\s*:.*")
_QUESTION = re.compile(r"\s*(?:[-–•*]\s*)?(?P<number>[0-9]{1,2})\s*[.)]\s+(?P<text>\S.*)")
_MONTH_START = re.compile(rf"(?:{MONTH_NAMES})\b")
_PARTICIPLE = re.compile(
    r"\s*(?P<participle>[a-zäöüß]{4,}?)(?P<ending>enen|enem|ener|enes|ene|ten|tem|ter|tes|te)\s+"
    r"(?P<name>„[^“”]*[“”]|(?:[A-ZÄÖÜ][\w-]*|der|die|das|des|dem|den|für|und|von|zur|zum|im|in)"
    r"(?:\s+(?:[A-ZÄÖÜ][\w-]*|der|die|das|des|dem|den|für|und|von|zur|zum|im|in))*)"
)
_CONNECTOR = re.compile(r"\s*(?:,|;|und|sowie|bzw\.|oder)?\s*")


@attrs.frozen
class Statement:
    """What one statement yields: the statement paper, the paper it answers, the office that
    wrote it, and the milestones its answers report."""

    statement: Paper
    answered: Paper
    office: Organization
    milestones: tuple[Milestone, ...]


@attrs.frozen
class _Header:
    office: str
    number: str
    date: dt.date
    answered: str
    answered_line: int
    answered_kind: str
    answered_by: str
    title: str
    distribution: str
    distributed: dt.date | None
    status: str
    end: int  # index of the first line after the header


@attrs.frozen
class _Answer:
    label: str  # "Zur Frage 1", or "Stellungnahme" for text outside numbered answers
    number: int | None
    heading: Line | None
    paragraphs: tuple[Paragraph, ...]


@attrs.frozen
class _Plan:
    phrase: DatePhrase
    clause: str
    title: str
    label: str
    answer: int  # index of the answer; -1 in the inquiry


def _day(name: str, line: int, shown: str, what: str = "") -> dt.date:
    """A date of the header or the introduction (``28.11.2019``, ``28.11.19``), in 1990–2200."""
    try:
        day = parse_date(shown)
        check_year(day.year, shown.strip())
    except ParseError as exc:
        raise parse_error_at(f"{what}{exc.message}", shown.strip(), file=name, line=line) from None
    return day


# --- header -----------------------------------------------------------------------------------


def _find_title(name: str, lines: Sequence[Line]) -> int:
    for index, line in enumerate(lines):
        if collapse(line.text).lower() == _TITLE:
            return index
    if not any(line.text.strip() for line in lines):
        raise parse_error_at(
            "die Datei ist leer: keine Stellungnahme der Verwaltung", file=name, line=1
        )
    raise parse_error_at(
        "keine Stellungnahme der Verwaltung: die Überschrift „Stellungnahme der Verwaltung“ fehlt",
        file=name,
        line=1,
    )


def _next_filled(lines: Sequence[Line], index: int) -> int | None:
    while index < len(lines):
        if lines[index].text.strip():
            return index
        index += 1
    return None


def _header_row(name: str, lines: Sequence[Line], index: int) -> tuple[str, str, dt.date, int]:
    """Stadtamt, Stellungnahme-Nr. and Datum from the label row at ``index`` and the row below."""
    label = lines[index]
    row_index = _next_filled(lines, index + 1)
    if row_index is None:
        raise parse_error_at(
            "Kopf: unter „Stellungnahme-Nr.“ fehlen die Angaben", file=name, line=label.number
        )
    row = lines[row_index]
    shown = collapse(row.text)
    found: dict[str, list[str]] = {"office": [], "number": [], "date": []}
    for cell in cells(row.text):
        if _DATE_CELL.fullmatch(cell):
            found["date"].append(cell)
        elif _REFERENCE_CELL.fullmatch(cell):
            found["number"].append(cell)
        else:
            found["office"].append(cell)
    labels = {"office": "Stadtamt", "number": "Stellungnahme-Nr.", "date": "Datum"}
    for key, values in found.items():
        if not values:
            raise parse_error_at(
                f"Kopf: {labels[key]} fehlt in „{shown}“", shown, file=name, line=row.number
            )
        if len(values) > 1:
            listed = ", ".join(f"„{value}“" for value in values)
            raise parse_error_at(
                f"Kopf: mehrere Angaben für {labels[key]}: {listed}",
                shown,
                file=name,
                line=row.number,
            )
    number_text = found["number"][0]
    try:
        parsed = parse_reference(number_text)
    except ParseError as exc:
        raise parse_error_at(
            f"Kopf: Stellungnahme-Nr.: {exc.message}", number_text, file=name, line=row.number
        ) from None
    if not parsed.normalized.startswith("S"):
        raise parse_error_at(
            f"Kopf: „{number_text}“ ist keine Stellungnahme-Nr. (erwartet z. B. S0518/19)",
            number_text,
            file=name,
            line=row.number,
        )
    day = _day(name, row.number, found["date"][0], "Kopf: Datum: ")
    return found["office"][0], parsed.normalized, day, row_index


def _label_key(cell: str) -> str | None:
    bare = cell.lower().rstrip(":")
    if bare in ("zum/zur", "zum", "zur", "zu"):
        return "zum"
    if bare in ("bezeichnung", "betreff"):
        return "bezeichnung"
    if bare == "verteiler":
        return "verteiler"
    return None


def _parse_header(name: str, lines: Sequence[Line]) -> _Header:
    title_index = _find_title(name, lines)
    index = _next_filled(lines, title_index + 1)
    status = ""
    if index is not None and collapse(lines[index].text).lower().replace(" ", "") in _STATUSES:
        status = _STATUSES[collapse(lines[index].text).lower().replace(" ", "")]
        index += 1
    label_index = next(
        (
            i
            for i in range(index if index is not None else len(lines), len(lines))
            if _NUMBER_LABEL.search(lines[i].text)
        ),
        None,
    )
    if label_index is None:
        raise parse_error_at(
            "Kopf: die Zeile „Stadtamt – Stellungnahme-Nr. – Datum“ fehlt",
            file=name,
            line=lines[title_index].number,
        )
    office, number, day, row_index = _header_row(name, lines, label_index)

    blocks: dict[str, tuple[Line, list[tuple[Line, tuple[str, ...]]]]] = {}
    current: str | None = None
    end = len(lines)
    for position in range(row_index + 1, len(lines)):
        line = lines[position]
        row = cells(line.text)
        if not row:
            if current is not None and blocks[current][1]:
                end = position
                break
            continue
        key = _label_key(row[0])
        if key is not None:
            if key in blocks:
                raise parse_error_at(
                    f"Kopf: „{row[0]}“ steht zweimal", row[0], file=name, line=line.number
                )
            rest = tuple(cell for cell in row[1:] if cell.lower() != "tag")
            blocks[key] = (line, [(line, rest)] if rest else [])
            current = key
            continue
        if current is None:
            end = position
            break
        blocks[current][1].append((line, row))

    answered, answered_line, answered_kind, answered_by = _answered(
        name, lines, row_index, blocks.get("zum")
    )
    title = _title(name, lines, row_index, blocks.get("bezeichnung"))
    distribution, distributed = _distribution(name, blocks.get("verteiler"))
    return _Header(
        office=office,
        number=number,
        date=day,
        answered=answered,
        answered_line=answered_line,
        answered_kind=answered_kind,
        answered_by=answered_by,
        title=title,
        distribution=distribution,
        distributed=distributed,
        status=status,
        end=end,
    )


def _answered(
    name: str,
    lines: Sequence[Line],
    row_index: int,
    block: tuple[Line, list[tuple[Line, tuple[str, ...]]]] | None,
) -> tuple[str, int, str, str]:
    if block is None:
        raise parse_error_at(
            "Kopf: „zum/zur“ (die beantwortete Anfrage) fehlt",
            file=name,
            line=lines[row_index].number + 1,
        )
    label, values = block
    if not values:
        raise parse_error_at(
            "Kopf: unter „zum/zur“ fehlt die Nummer der Anfrage", file=name, line=label.number
        )
    line = values[0][0]
    text = " ".join(" ".join(row) for _, row in values)
    head, _, rest = text.partition(" ")
    try:
        parsed = parse_reference(head)
    except ParseError as exc:
        raise parse_error_at(
            f"Kopf: zum/zur: {exc.message}", head, file=name, line=line.number
        ) from None
    return parsed.normalized, line.number, parsed.kind, collapse(rest)


def _title(
    name: str,
    lines: Sequence[Line],
    row_index: int,
    block: tuple[Line, list[tuple[Line, tuple[str, ...]]]] | None,
) -> str:
    if block is None:
        raise parse_error_at(
            "Kopf: „Bezeichnung“ fehlt", file=name, line=lines[row_index].number + 1
        )
    label, values = block
    title = collapse(" ".join(" ".join(row) for _, row in values))
    if not title:
        raise parse_error_at(
            "Kopf: unter „Bezeichnung“ fehlt der Text", file=name, line=label.number
        )
    return title


def _distribution(
    name: str, block: tuple[Line, list[tuple[Line, tuple[str, ...]]]] | None
) -> tuple[str, dt.date | None]:
    if block is None:
        return "", None
    names: list[str] = []
    first: dt.date | None = None
    for line, row in block[1]:
        words = []
        for cell in row:
            if _DATE_CELL.fullmatch(cell):
                day = _day(name, line.number, cell, "Kopf: Verteiler: ")
                first = day if first is None else first
            else:
                words.append(cell)
        if words:
            names.append(" ".join(words))
    return "; ".join(names), first


# --- body -------------------------------------------------------------------------------------


def _strip_quotes(text: str) -> str:
    text = collapse(text)
    text = re.sub(r"(?<=[?.!])[“”\"*]+$", "", text).strip()
    if text.startswith(("„", '"')) and not any(q in text[1:] for q in '“”"'):
        text = text[1:].strip()
    return text


def _questions(name: str, lines: Sequence[Line]) -> tuple[tuple[int, str, int], ...]:
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


def _answers(
    name: str, lines: Sequence[Line], asked: Sequence[int]
) -> tuple[tuple[_Answer, ...], tuple[Line, ...]]:
    """The answers (by ``Zur Frage n)``) and the footer lines (from ``Bearb.:`` on)."""
    answers: list[_Answer] = []
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
        answers.append(_Answer(label, number, heading, pars))

    for index, line in enumerate(lines):
        if _FOOTER.fullmatch(line.text):
            footer = tuple(lines[index:])
            break
        match = _ANSWER.fullmatch(line.text)
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


def _validate_dates(name: str, lines: Sequence[Line]) -> None:
    for line in lines:
        try:
            for _ in find_date_phrases(line.text):
                pass
        except ParseError as exc:
            raise parse_error_at(exc.message, exc.value, file=name, line=line.number) from None


def _phrases(name: str, paragraph: Paragraph) -> tuple[DatePhrase, ...]:
    try:
        return tuple(find_date_phrases(paragraph.text))
    except ParseError as exc:
        raise parse_error_at(exc.message, exc.value, file=name, line=paragraph.first_line) from None


def _planned(phrase: DatePhrase) -> PlannedDate:
    # The year lies in 1990–2200: find_date_phrases refuses every other.
    day = phrase.day.day if phrase.day is not None else None
    return PlannedDate(phrase.year, phrase.month, day, earliest=phrase.qualifier == "frühestens")


# --- what the answers report ------------------------------------------------------------------


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


def _block(paragraph: Paragraph) -> str:
    """A paragraph as text: its lines (stripped) kept apart, so that lists stay lists."""
    return "\n".join(line.text.strip() for line in paragraph.lines)


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


def _references(text: str, exclude: Sequence[str]) -> tuple[str, ...]:
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


def _analyse(
    name: str,
    header: _Header,
    answers: Sequence[_Answer],
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
                papers = _references(own, (header.number, header.answered))
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


# --- the whole statement ----------------------------------------------------------------------


def parse_statement(name: str, text: str) -> Statement:
    """Read one statement (``name`` is used in messages); raises :class:`ParseError`."""
    lines = numbered_lines(text)
    header = _parse_header(name, lines)
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
        inquiry_date = _day(name, body[intro_index].number, intro["date"])
        where = re.sub(r"^(?:im|in\s+der|in\s+den|in)\s+", "", intro["where"].strip())
        start = intro_index + 1
    stance_index = next(
        (i for i in range(start, len(body)) if _STANCE.fullmatch(body[i].text)), None
    )
    first_answer = next(
        (i for i in range(start, len(body)) if _ANSWER.fullmatch(body[i].text)), None
    )
    ends = [i for i in (stance_index, first_answer) if i is not None]
    inquiry_end = min(ends) if ends else len(body)
    inquiry_lines = body[start:inquiry_end]
    answer_start = stance_index + 1 if stance_index is not None else inquiry_end
    if first_answer is not None and first_answer < answer_start:
        answer_start = first_answer
    answer_lines = body[answer_start:]
    _validate_dates(name, inquiry_lines)
    _validate_dates(name, answer_lines)

    asked = _questions(name, inquiry_lines)
    answers, footer = _answers(name, answer_lines, [number for number, _, _ in asked])
    by_number = {answer.number: answer for answer in answers if answer.number is not None}
    questions = tuple(
        Question(
            str(number),
            text,
            "\n\n".join(_block(paragraph) for paragraph in by_number[number].paragraphs)
            if number in by_number
            else "",
        )
        for number, text, _ in asked
    )
    inquiry = paragraphs(inquiry_lines)
    milestones = _analyse(name, header, answers, inquiry, inquiry_date)

    sections: list[Section] = []
    general = [answer for answer in answers if answer.number is None]
    if general:
        sections.append(
            Section(
                "Stellungnahme",
                "\n\n".join(_block(p) for answer in general for p in answer.paragraphs),
            )
        )
    footer_text = "\n".join(line.text.strip() for line in footer if line.text.strip())
    if footer_text:
        sections.append(Section("Bearbeitung", footer_text))
    answer_text = " ".join(p.text for answer in answers for p in answer.paragraphs)
    inquiry_text = "\n\n".join(_block(p) for p in inquiry)
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
                for reference in _references(answer_text, own)
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
            for reference in _references(inquiry_text, own)
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
    suffixes=(".txt",),
)
