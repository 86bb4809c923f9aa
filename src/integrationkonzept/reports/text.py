"""Plain-text sections for the terminal: the concept, funding, review duties, milestone slips.

Rendered from the overview (:func:`~integrationkonzept.reports.overview.build_overview`), like
every other report. Every figure is followed by a footnote number and the sources are listed at
the end. The text shows only part of the overview, so it numbers the sources it cites afresh, in
the order it cites them (:class:`~integrationkonzept.reports.footnotes.Citations`): its list holds
what it shows, from ``[1]`` on.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import fmt_date, quoted, text
from ..model.budget import BudgetPhase
from ..model.dataset import Dataset
from ..safe import strip_controls
from .council import decision_line
from .footnotes import Citations
from .overview import build_overview
from .view import Overview

__all__ = [
    "concept_section",
    "full_text",
    "funding_section",
    "milestone_section",
    "overview_text",
    "review_section",
]


def concept_section(overview: Overview, cited: Citations) -> list[str]:
    """The city, its concept and the edition in force, with what the data knows of it."""
    lang = overview.lang
    heading = f"{overview.city} (AGS {overview.ags})"
    if overview.concept_title is None:
        return [heading]
    out = [f"{heading}: {overview.concept_title}"]
    edition = next((edition for edition in overview.editions if edition.current), None)
    if edition is None:
        return out
    line = f"  {text('edition', lang)} {quoted(edition.title, lang)}"
    if edition.adopted:
        line += ", " + text("adopted_on", lang, date=edition.adopted)
    if edition.by:
        line += f" ({edition.by})"
    out.append(line + " " + cited.cite(edition.notes))
    out.extend(f"  {notice}" for notice in overview.notices)
    return out


def funding_section(overview: Overview, cited: Citations) -> list[str]:
    """The money per budget period, year, purpose and phase, with totals and differences."""
    lang = overview.lang
    if not overview.periods:
        return []
    out = [text("funding", lang)]
    # The phase column is as wide as the longest phase name, so amounts line up across periods.
    width = max(len(text(f"phase.{phase.value}", lang)) for phase in BudgetPhase)
    for period in overview.periods:
        out.append(period.title)
        for year in period.years:
            out.append(f"  {year.year}")
            for purpose in year.purposes:
                out.append(f"    {purpose.label}")
                for amount in purpose.amounts:
                    shown = f"{amount.entry.text} {cited.cite(amount.entry.notes)}"
                    out.append(f"      {amount.phase:<{width}}  {shown}")
                    out.extend(f"      {'':<{width}}  ({remark})" for remark in amount.remarks)
            if year.totals:
                totals = "; ".join(f"{label} {entry.text}" for label, entry in year.totals)
                out.append(f"    {text('totals', lang)} {year.year}: {totals}")
            if year.differences:
                out.append(f"    {year.differences}")
        if period.total:
            out.append(f"  {period.total}")
        out.extend(f"  {line}" for line in period.comparisons)
    return out


def review_section(overview: Overview, cited: Citations) -> list[str]:
    """Every duty of the review rules up to the year after the reference day, and where it
    stands."""
    lang = overview.lang
    if overview.review is None:
        return []
    out = [overview.review.caption]
    out.extend(f"  {rule.text} {cited.cite(rule.notes)}" for rule in overview.rule_titles)
    for duty in overview.duties:
        state = duty.state.text
        if duty.report:
            cite = cited.cite(duty.report_notes)
            state += f": {duty.report}" + (f" {cite}" if cite else "")
        out.append(f"  {fmt_date(duty.due, lang):>12}  {duty.title} {duty.period}: {state}")
    return out


def milestone_section(overview: Overview, cited: Citations) -> list[str]:
    """The milestones with a plan: first plan, every revision with its reasons, and the slip."""
    lang = overview.lang
    out: list[str] = []
    for milestone in overview.milestones:
        first = milestone.first_plan
        if first is None:
            continue
        if not out:
            out.append(text("milestones", lang))
        out.append(f"  {milestone.title}")
        out.append(f"    {first.text} {cited.cite(first.notes)}")
        for revision in milestone.revisions:
            out.append(f"    {revision.text} {cited.cite(revision.notes)}")
            if revision.reasons:
                out.append(f"      {text('reasons', lang)}:")
                out.extend(f"      – {reason}" for reason in revision.reasons)
        actual = milestone.actual
        if milestone.reached is not None:
            out.append(f"    {actual.text} {cited.cite(actual.notes)}")
        else:
            out.append(f"    {actual.text}")
        out.append(f"    {text('milestone_slip', lang)}: {milestone.slip}")
    return out


def paper_section(overview: Overview, cited: Citations) -> list[str]:
    """The council papers with a decision: reference, title, kind and day, the Beratungsfolge,
    and what was decided with the vote (empty when the overview has no papers)."""
    lang = overview.lang
    out: list[str] = []
    for paper in overview.papers:
        if not out:
            out.append(text("council_decisions", lang))
        about = ", ".join(part for part in (paper.kind, paper.date) if part)
        named = f"{paper.reference}  {paper.title}" if paper.title else paper.reference
        heading = f"  {named}" + (f" ({about})" if about else "")
        out.append(f"{heading} {cited.cite(paper.notes)}".rstrip())
        if paper.consultations:
            out.append(f"    {text('consultation_sequence', lang)}:")
            for row in paper.consultations:
                role = f" ({row.role})" if row.role else ""
                result = f" – {row.result}" if row.result else ""
                out.append(f"      {row.date or '–'}  {row.body}{role}{result}")
        line = f"    {decision_line(paper.decision, lang)}"
        out.append(f"{line} {cited.cite(paper.decision.notes)}".rstrip())
    return out


def overview_text(overview: Overview) -> str:
    """All sections of ``overview``, with the list of sources at the end; without terminal
    control characters (see :func:`~integrationkonzept.safe.strip_controls`): it is shown on a
    terminal."""
    cited = Citations(overview.sources)
    sections = [
        concept_section(overview, cited),
        funding_section(overview, cited),
        review_section(overview, cited),
        milestone_section(overview, cited),
        paper_section(overview, cited),
        cited.lines(overview.lang),
    ]
    shown = "\n\n".join("\n".join(section) for section in sections if section) + "\n"
    return strip_controls(shown)


def full_text(data: Dataset, as_of: dt.date, lang: str) -> str:
    """The text report of ``data`` (the state on ``as_of``) in ``lang``."""
    return overview_text(build_overview(data, as_of, lang, measures=False, papers=True))
