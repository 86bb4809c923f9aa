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
  … Beratungsfolge: …``), then ``BESCHLUSSAUSFERTIGUNG …`` with the decision and vote result;
* the council system's own web page for a paper (``Vorlage - VII-DS-00547``, header fields run
  together, Beratungsfolge with the meetings and their results), as text or saved HTML
  (``paper_allris``, ``paper_html``).

The Beratungsfolge's role is free text (known roles spelt as listed, others kept as written); a
table put out column by column is read too, its dates placed only when there are as many as
rows. What cannot be paired is kept in a section „Hinweis zur Beratungsfolge“ instead of failing
the paper or guessing.

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

This module reads a file into papers; the parts of a paper are read by ``paper_header`` (header
line, file metadata, one-line layout), ``paper_blocks`` (fields, sections, questions, position),
``paper_consultations`` (Beratungsfolge), ``paper_relations`` (Stammbaum, related papers),
``paper_decisions`` (Beschlussausfertigung), ``paper_finances`` (the financial table) and
``paper_allris`` (the ALLRIS page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from integrationkonzept.model import (
    BudgetLine,
    Dataset,
    Decision,
    FileInfo,
    Paper,
    Purpose,
    Section,
    Source,
    SourceKind,
)
from integrationkonzept.plugin import Importer, InputFile, Line, parse_date, parse_error_at

from .common import base_name, located, read_each
from .lines import clean_line, document_lines, text_of
from .paper_allris import ALLRIS_HEADER, read_allris
from .paper_blocks import (
    POSITIONS,
    Block,
    block_value,
    read_blocks,
    read_questions,
    ticked_position,
)
from .paper_consultations import NOTE_TITLE, ROLES, Consultations, read_consultations
from .paper_decisions import ausfertigung_groups, read_ausfertigung
from .paper_finances import FINANCES, read_finances
from .paper_header import Header, find_headers, header_of, read_file_info, split_inline
from .paper_html import html_lines, looks_like_html
from .paper_relations import mentioned_references, paper_relations, read_stammbaum
from .profile import PROFILE
from .references import LeipzigReference, parse_reference

__all__ = ["POSITIONS", "ROLES", "FileResult", "importer", "parse_file", "read_papers"]


@attrs.frozen
class FileResult:
    """What one file holds: its papers, and the purposes and budget lines of their tables."""

    papers: tuple[Paper, ...]
    purposes: tuple[Purpose, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()


def _paper(
    header: Header,
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
    reference = located(parse_reference, header.ref_text, name, line.number)
    ref = reference.format()
    lines = [Line(line.number, segment) for segment in split_inline(header.rest)]
    lines += body_lines
    blocks = read_blocks(lines)

    fields: dict[str, Block] = {}
    for block in blocks:
        if block.kind == "field":
            fields.setdefault(block.label, block)
    status = block_value(fields["Status"].lines) if "Status" in fields else ""
    submitter = block_value(fields["Eingereicht von"].lines) if "Eingereicht von" in fields else ""
    title = block_value(fields["Betreff"].lines) if "Betreff" in fields else ""
    day: dt.date | None = None
    if "Datum" in fields:
        day_text = block_value(fields["Datum"].lines)
        if day_text:
            day = located(parse_date, day_text, name, fields["Datum"].line.number)
    consultations = (
        read_consultations(
            fields["Beratungsfolge"],
            name,
            inline=fields["Beratungsfolge"].line.number == line.number and bool(header.rest),
        )
        if "Beratungsfolge" in fields
        else Consultations()
    )
    stammbaum: list[tuple[LeipzigReference, str]] = []
    sections: list[Section] = []
    if consultations.notes:
        sections.append(Section(NOTE_TITLE, "\n".join(consultations.notes)))
    if "Stammbaum" in fields:
        stammbaum, tree = read_stammbaum(fields["Stammbaum"], name)
        if tree is not None:
            sections.append(tree)

    ausfertigung_start = next(
        (i for i, block in enumerate(blocks) if block.kind == "ausfertigung"), len(blocks)
    )
    paper_blocks = blocks[:ausfertigung_start]
    questions, leftovers = read_questions(paper_blocks, name)
    purposes: list[Purpose] = []
    budget_lines: list[BudgetLine] = []
    line_ids: set[str] = set()
    leftover_ids = {id(block) for block in leftovers}
    for block in paper_blocks:
        if block.kind == "section" or id(block) in leftover_ids:
            label = block.label if block.kind == "section" else "Antwort"
            sections.append(Section(label, text_of(block.lines)))
            if block.label == FINANCES:
                found_purposes, found_lines = read_finances(
                    block, name, reference, title, day, line_ids
                )
                purposes += found_purposes
                budget_lines += found_lines

    decision: Decision | None = None
    extra: list[str] = []
    groups = ausfertigung_groups(blocks[ausfertigung_start:])
    for index, group in enumerate(groups):
        result = read_ausfertigung(group, name, ref)
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

    relations = paper_relations(reference, stammbaum, [*mentioned_references(sections), *extra])
    paper = Paper(
        reference=ref,
        kind=header.art,
        title=title,
        submitter=submitter,
        date=day,
        status=status,
        consultations=consultations.rows,
        decision=decision,
        relations=relations,
        position=ticked_position(paper_blocks, name),
        sections=tuple(sections),
        questions=tuple(questions),
        file=file_info,
        source=Source(SourceKind.PAPER, ref, title=title, date=day, locator=base_name(name)),
    )
    return paper, purposes, budget_lines


def html_document_lines(text: str) -> list[Line]:
    """The lines of a saved web page, cleaned of page furniture as :func:`document_lines` does."""
    return [clean_line(line) for line in html_lines(text)]


def parse_file(name: str, text: str) -> FileResult:
    """Every paper in one file's text (``name`` is used in messages and sources)."""
    lines = html_document_lines(text) if looks_like_html(text) else document_lines(text)
    headers = find_headers(lines)
    allris = next(
        (i for i, line in enumerate(lines) if line.text and ALLRIS_HEADER.fullmatch(line.text)),
        None,
    )
    if allris is not None and not (headers and headers[0][0] < allris):
        file_info = read_file_info(lines[:allris], name)
        paper = read_allris(lines[allris], lines[allris + 1 :], name)
        return FileResult((attrs.evolve(paper, file=file_info),))
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
    file_info = read_file_info(lines[: headers[0][0]], name)
    papers: list[Paper] = []
    purposes: list[Purpose] = []
    budget_lines: list[BudgetLine] = []
    for position, (index, header) in enumerate(headers):
        end = headers[position + 1][0] if position + 1 < len(headers) else len(lines)
        body = [
            line
            for line in lines[index + 1 : end]
            if not (line.text and (h := header_of(line)) and h.ref_text == header.ref_text)
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
        "Antwort, Beschlussvorlage, Beschlussausfertigung) oder als ALLRIS-Seite (Text oder "
        "HTML) → Vorlagen mit Beratungsfolge, Beschluss und Finanztabelle",
        read_papers,
        (".txt", ".pdf", ".html", ".htm"),
    )
