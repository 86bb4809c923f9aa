"""The importer ``leipzig-budget``: a budget amendment motion with its council decision and status
report (the kind of text of the Leipzig funding history) → budget lines with phases and sources.

The text has up to four parts, each found by its heading:

* the motion, ``Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22``: amounts it asks for
  are ``requested`` (``80.000 € p.a.`` for each year of the Doppelhaushalt);
* its ``Begründung:``: what earlier drafts held and what the draft does — ``im Entwurf des
  Doppelhaushaltes 2019/20 eingestellten 60.000 Euro`` (``draft``, in the year of a Puffer the
  text names — without one the year is not known and the text is refused), ``Anfang 2020 einem
  finanziellen Puffer von 20.000 zugestimmt`` (a ``revised`` line with the sum, replacing the
  draft one), ``Im Entwurf des Doppelhaushaltes 21/22 ist dieses Budget … komplett gestrichen``
  (``draft`` 0 for each year) or ``… sind 40.000 € p.a. eingestellt`` (``draft`` per year); no
  amount that stood in a draft becomes ``adopted``;
* ``Beschluss der Ratsversammlung am 31. März 2021``: the decision (kind and vote text as written)
  with totals per year and their split per purpose (bullets) — ``adopted``; the split must add up
  to the totals;
* ``Bericht zum Stand der Umsetzung vom 20.07.2022``: what was used per purpose — ``actual``.

Amount phrases read: ``80.000 € p.a.``, ``30.000 EUR pro Jahr``, ``30.000 EUR im Jahr 2021 und
50.000 EUR im Jahr 2022``, ``2021: 30.000 EUR; 2022: 50.000 EUR``, ``im Jahr 2021 zusätzlich
80.000 EUR und im Jahr 2022 zusätzlich 100.000 EUR``. An amount that none of them places in a year
is a :class:`~integrationkonzept.errors.ParseError`, as is a split that does not add up.

``zusätzlich`` (in the phrase or before it in its sentence, whatever the phrase) makes a requested
or adopted amount an addition to the draft: with a draft of 0 it is the whole amount; with a
non-zero draft for the same purpose the line holds draft + addition (and says so in its note);
where no draft figure for the year is known, or the draft and the addition name different
purposes, the whole amount is not known and the text is refused.

Line ids are made of the document's own content — its Leipzig reference (``…-Nr. VII-HP-01234``)
or its heading (``aenderungsantrag-dhh-2021-22``), then year, purpose and phase — so that the same
text gives the same ids whatever other files are imported with it; two files that give the same
id are refused.

This module reads a file into its paper and lines; ``budget_parts`` finds the parts and
paragraphs, ``budget_amounts`` reads the amount phrases and the Doppelhaushalt,
``budget_phases`` what the Begründung, the decision and the report say, and ``budget_entries``
turns the amounts read into budget lines.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from integrationkonzept.model import (
    BudgetLine,
    BudgetPeriod,
    BudgetPhase,
    Dataset,
    Decision,
    Paper,
    Purpose,
    Section,
    Source,
    SourceKind,
)
from integrationkonzept.plugin import Importer, InputFile, parse_error_at

from .budget_amounts import YearAmount, budget_period, motion_purpose, year_amounts
from .budget_entries import Collector, Entry, settle, split_and_totals
from .budget_parts import document_key, named_reference, read_paragraphs, split_parts
from .budget_phases import read_decision, read_reasons, read_report
from .common import base_name, read_each
from .lines import document_lines, text_of
from .profile import PROFILE

__all__ = ["BudgetText", "YearAmount", "importer", "parse_budget", "read_budget", "year_amounts"]


@attrs.frozen
class BudgetText:
    """What one budget text holds: its paper (with the decision), purposes and budget lines, and
    the line of the text each budget line comes from (by line id)."""

    paper: Paper
    purposes: tuple[Purpose, ...]
    lines: tuple[BudgetLine, ...]
    numbers: dict[str, int] = attrs.field(eq=False)


def parse_budget(name: str, text: str) -> BudgetText:
    """The paper (motion with its decision), purposes and budget lines of one budget text."""
    lines = document_lines(text)
    parts = split_parts(lines, name)
    collect = Collector(name)
    title = parts.title
    period: BudgetPeriod | None = None
    motion_heading = ""
    art = "Änderungsantrag"
    if parts.motion is not None:
        line, found = parts.motion
        motion_heading = found["heading"]
        art = found["art"]
        period = budget_period(found["period"], name, line.number)

    motion_paras = read_paragraphs(parts.motion_lines)
    main_text = next((words for p in motion_paras if (words := motion_purpose(p.text))), "")
    main_purpose = collect.mention(main_text or title or motion_heading or "Gesamtbudget")
    period_years = list(period.years) if period else []

    # The motion: requested amounts.
    if parts.motion is not None:
        split, _totals = split_and_totals(
            motion_paras, period_years, name, collect, main_purpose, "motion"
        )
        for mention, item in split:
            source = Source(
                SourceKind.PAPER,
                motion_heading,
                title=title,
                locator=f"Antragstext: „{item.phrase}“",
            )
            collect.add(Entry(BudgetPhase.REQUESTED, mention, item, source, split="motion"))

    # The reasons: earlier drafts, buffer, this draft.
    if parts.reasons:
        read_reasons(
            parts.reasons, name, collect, period, main_purpose, motion_heading or title, title
        )

    # The decision: adopted amounts and the decision itself.
    decision: Decision | None = None
    decision_years: list[int] = []
    if parts.decision is not None:
        decision, decision_years = read_decision(
            parts.decision, parts.decision_lines, name, collect, period_years, main_purpose, title
        )

    # The status report: actual amounts.
    if parts.report is not None:
        read_report(parts, name, collect, decision_years or period_years, main_purpose, title)

    reference = named_reference(lines, name)
    key = document_key(reference, parts, name)
    paper_reference = (
        reference or motion_heading or (parts.decision[1]["heading"] if parts.decision else "")
    )
    purposes, budget_lines, numbers = settle(collect, key)
    sections: list[Section] = []
    if text_of(parts.motion_lines):
        sections.append(Section("Antragstext", text_of(parts.motion_lines)))
    if text_of(parts.reasons):
        sections.append(Section("Begründung", text_of(parts.reasons)))
    if parts.decision is not None:
        sections.append(Section(parts.decision[1]["heading"], text_of(parts.decision_lines)))
    if parts.report is not None:
        sections.append(Section(parts.report[1]["heading"], text_of(parts.report_lines)))
    paper = Paper(
        reference=paper_reference,
        kind=art,
        title=title,
        decision=decision,
        sections=tuple(sections),
        source=Source(SourceKind.PAPER, paper_reference, title=title, locator=base_name(name)),
    )
    return BudgetText(paper, purposes, budget_lines, numbers)


def read_budget(files: Sequence[InputFile]) -> Dataset:
    """The importer's ``read``: budget lines, purposes and the decision paper of every file."""
    papers: dict[str, Paper] = {}
    purposes: dict[str, Purpose] = {}
    budget_lines: list[BudgetLine] = []
    owner: dict[str, str] = {}  # line id → the file it came from
    for file, found in read_each(files, parse_budget, "Haushaltstext"):
        paper = found.paper
        if paper.reference in papers:
            raise parse_error_at(
                f"„{paper.reference}“ kommt doppelt vor", paper.reference, file=file.name
            )
        papers[paper.reference] = paper
        for budget_line in found.lines:
            if budget_line.id in owner:
                raise parse_error_at(
                    f"Haushaltszeile „{budget_line.id}“ gibt es schon aus {owner[budget_line.id]}: "
                    "derselbe Antrag oder Beschluss zweimal?",
                    budget_line.id,
                    file=file.name,
                    line=found.numbers[budget_line.id],
                )
            owner[budget_line.id] = base_name(file.name)
            budget_lines.append(budget_line)
        for purpose in found.purposes:
            purposes.setdefault(purpose.id, purpose)
    return Dataset(
        municipality=PROFILE.municipality,
        budget_cadence=PROFILE.budget_cadence,
        purposes=tuple(purposes.values()),
        budget_lines=tuple(budget_lines),
        papers=tuple(papers.values()),
    )


def importer() -> Importer:
    """The importer ``leipzig-budget``."""
    return Importer(
        "leipzig-budget",
        "Leipziger Haushaltsantrag mit Beschluss und Umsetzungsbericht als Text → "
        "Haushaltszeilen (beantragt, Entwurf, beschlossen, geändert, verwendet) mit Quellen",
        read_budget,
        (".txt", ".pdf"),
    )
