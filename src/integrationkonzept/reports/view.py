"""The view model every report renders: plain values in one language, built once for a day.

:func:`~integrationkonzept.reports.overview.build_overview` fills an :class:`Overview` from a data
set as it stood on the reference day; the text report, HTML, DOCX and the calendar render it and
compute nothing of their own. Every value is text as shown (from
:mod:`integrationkonzept.i18n`, data text through :func:`~integrationkonzept.safe.clean_text`) with
the numbers of its sources (:class:`~integrationkonzept.reports.footnotes.Footnotes`); dates and
ids stay where a renderer needs them (calendar days, stable event ids). Escaping for a format is
the renderer's job.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from ..i18n import text
from .footnotes import SourceEntry, cite_numbers

__all__ = [
    "Adoption",
    "Amount",
    "BarChart",
    "ConsultationRow",
    "DecisionBlock",
    "Duty",
    "Entry",
    "FieldBlock",
    "Figure",
    "MilestoneBlock",
    "Overview",
    "PaperBlock",
    "PeriodBlock",
    "PurposeAmounts",
    "Series",
    "SourceEntry",
    "Step",
    "TableData",
    "TimelineChart",
    "TimelineRow",
    "YearAmounts",
    "missing",
]


@attrs.frozen
class Entry:
    """A value as shown: its text, the numbers of its sources, and an optional explanation.

    ``css`` is a hint for styling (e.g. ``state-late``); ``strong`` marks totals.
    """

    text: str
    notes: tuple[int, ...] = ()
    hint: str = ""
    css: str = ""
    strong: bool = False

    def with_notes(self) -> str:
        """The text followed by its footnote numbers, e.g. ``80.000,00 € [1, 2]``."""
        return f"{self.text} {cite_numbers(self.notes)}" if self.notes else self.text


@attrs.frozen
class TableData:
    """A table: caption, header, rows of entries; ``numeric`` marks right-aligned columns."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Entry, ...], ...]
    numeric: tuple[int, ...] = ()


@attrs.frozen
class Series:
    """One data series of a bar chart: a value per category (``None``: not known) and its label."""

    label: str
    values: tuple[Decimal | None, ...]
    labels: tuple[str, ...]


@attrs.frozen
class BarChart:
    """Bars per category, grouped or stacked, vertical or horizontal, in euro or percent."""

    key: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_label: str
    missing_label: str
    lang: str
    unit: str = "money"  # or "percent"
    stacked: bool = False
    horizontal: bool = False
    highlight_last: bool = False  # e.g. the concept figure after the field figures


@attrs.frozen
class TimelineRow:
    """A milestone on the timeline: first plan, each change of plan, latest plan, actual date."""

    label: str
    first_plan: dt.date | None
    revisions: tuple[tuple[dt.date, dt.date], ...]  # (changed on, new planned date)
    latest_plan: dt.date | None
    actual: dt.date | None


@attrs.frozen
class TimelineChart:
    """Milestones over time, with the legend texts and the reference day."""

    key: str
    title: str
    description: str
    rows: tuple[TimelineRow, ...]
    legend: tuple[str, str, str, str]  # first plan, changed plan, reached, as of
    as_of: dt.date
    lang: str


@attrs.frozen
class Figure:
    """A chart, the table with its data, and the sources of the figures it shows."""

    chart: BarChart | TimelineChart
    table: TableData
    notes: tuple[int, ...]


@attrs.frozen
class FieldBlock:
    """A field of action with its progress and the table of its measures."""

    title: str
    progress: Entry | None  # None for the measures without a field
    measures: TableData | None


@attrs.frozen
class Adoption:
    """An edition of the concept or its guidelines: title, day of adoption (in words, or empty;
    and as a date), who or which paper decided it, its sources; ``current`` marks the edition in
    force."""

    title: str
    adopted: str
    adopted_day: dt.date | None
    by: str
    notes: tuple[int, ...]
    current: bool = False


@attrs.frozen
class Amount:
    """One amount in a phase: the phase's label and key (``draft``, ``requested``, ``adopted``,
    ``revised``, ``actual``: a report picks its columns by key, not by words), the money with its
    sources, the remarks of its budget lines (one each)."""

    phase: str
    key: str
    entry: Entry
    remarks: tuple[str, ...]


def _by_key(amounts: tuple[Amount, ...], key: str) -> Entry | None:
    return next((amount.entry for amount in amounts if amount.key == key), None)


@attrs.frozen
class PurposeAmounts:
    """A purpose in a year: its id and label, the amounts known (in the order of the budget
    cycle), the current plan, and what was used minus the plan (signed; ``None`` unless both are
    known)."""

    id: str
    label: str
    amounts: tuple[Amount, ...]
    plan: Entry | None
    actual_minus_plan: Entry | None

    def amount(self, key: str) -> Entry | None:
        """The amount of the phase ``key`` (``None`` when none is known)."""
        return _by_key(self.amounts, key)


@attrs.frozen
class YearAmounts:
    """A year of a budget period: its purposes, the totals by phase (the plan last) and the
    sentence with its differences (empty when there are none).

    The same figures with their sources and phase keys: ``phase_totals`` (each phase over all
    purposes), ``plan_total``, and the differences, signed (``None`` when a figure is missing):
    what was used minus the plan, the plan minus the draft.
    """

    year: int
    purposes: tuple[PurposeAmounts, ...]
    totals: tuple[tuple[str, Entry], ...]
    differences: str
    phase_totals: tuple[Amount, ...]
    plan_total: Entry | None
    actual_minus_plan: Entry | None
    plan_minus_draft: Entry | None

    def total(self, key: str) -> Entry | None:
        """The total of the phase ``key`` over all purposes (``None`` when none is known)."""
        return _by_key(self.phase_totals, key)


@attrs.frozen
class PeriodBlock:
    """A budget period: the table of its amounts, each year in detail, the total of the period
    and the comparison with the period before."""

    title: str
    table: TableData
    years: tuple[YearAmounts, ...]
    total: str
    comparisons: tuple[str, ...]
    label: str  # ``2021/2022``
    double: bool  # a double budget
    purposes: tuple[str, ...]  # the purpose ids, in order of first appearance
    phase_totals: tuple[Amount, ...]  # each phase over the whole period
    plan_total: Entry | None
    #: What was used minus the plan over the period, signed; only when every planned year has
    #: an actual (``None`` otherwise: a year not reported is not money left unused).
    actual_minus_plan: Entry | None
    #: Every purpose used exactly its plan in every year (and every planned year is reported).
    all_used: bool
    remarks: tuple[str, ...]  # the remarks of all its budget lines, once each

    @property
    def lines(self) -> tuple[str, ...]:
        """What follows the table: the differences of each year, the total, the comparison."""
        found = [year.differences for year in self.years]
        return tuple(line for line in [*found, self.total, *self.comparisons] if line)

    def total_of(self, key: str) -> Entry | None:
        """The total of the phase ``key`` over the period (``None`` when none is known)."""
        return _by_key(self.phase_totals, key)


@attrs.frozen
class ConsultationRow:
    """A row of a paper's Beratungsfolge: the body, the day (in words, or empty; and as a date),
    its role and its result (each empty when not stated)."""

    body: str
    date: str
    day: dt.date | None
    role: str
    result: str


@attrs.frozen
class DecisionBlock:
    """What a body decided on a paper: the body, the day (in words and as a date), the result
    (``geändert beschlossen``; empty when not stated), the vote counted (yes, no, abstentions;
    ``None`` when not counted) and the vote in words, the text of the decision as written, and
    the numbers of its source."""

    body: str
    date: str
    day: dt.date
    result: str
    votes: tuple[int, int, int] | None
    vote_text: str
    text: str
    notes: tuple[int, ...]


@attrs.frozen
class PaperBlock:
    """A council paper with its decision: reference, title, kind, day (in words, or empty; and
    as a date), its Beratungsfolge, the decision, and the numbers of the paper's source."""

    reference: str
    title: str
    kind: str
    date: str
    day: dt.date | None
    consultations: tuple[ConsultationRow, ...]
    decision: DecisionBlock
    notes: tuple[int, ...]


@attrs.frozen
class Duty:
    """A due date of a review duty and where it stands; ``rule_id`` and ``first_year`` name it
    for good (the calendar's event ids)."""

    rule_id: str
    first_year: int
    due: dt.date
    title: str
    kind: str
    rhythm: str
    period: str
    state: Entry
    report: str  # the report that fulfils it, or empty
    delivered: str  # when that report was delivered, in words
    report_notes: tuple[int, ...]
    rule_notes: tuple[int, ...]


@attrs.frozen
class Step:
    """A step of a milestone in words (``Erster Plan: …``, a change of plan, the actual date),
    with its sources and, for a change of plan, its reasons."""

    text: str
    notes: tuple[int, ...] = ()
    reasons: tuple[str, ...] = ()
    changed: str = ""  # for a change of plan: the day it was made, in words


@attrs.frozen
class MilestoneBlock:
    """A milestone: each step of its plan, whether it is reached, its slip, its paper; the days
    a calendar places it on (``reached`` if reached, else ``latest_plan``)."""

    lang: str
    id: str
    title: str
    first_plan: Step | None
    revisions: tuple[Step, ...]
    actual: Step
    reached: dt.date | None
    latest_plan: dt.date | None
    latest_plan_text: str
    slip: str  # in words; empty without a first plan
    slip_days: int | None  # later (+) or earlier (-) than the first plan; None without one
    overdue_days: int  # how long a milestone not reached is past its latest plan
    paper: str

    @property
    def lines(self) -> tuple[Entry, ...]:
        """The milestone in lines: each step (a change of plan with its reasons), the slip and
        the paper."""
        first = self.first_plan
        out = [] if first is None else [Entry(first.text, first.notes)]
        for revision in self.revisions:
            moved = revision.text
            if revision.reasons:
                moved += f". {text('reasons', self.lang)}: {'; '.join(revision.reasons)}"
            out.append(Entry(moved, revision.notes))
        out.append(Entry(self.actual.text, self.actual.notes))
        if self.slip:
            out.append(Entry(f"{text('milestone_slip', self.lang)}: {self.slip}"))
        if self.paper:
            out.append(Entry(f"{text('paper', self.lang)}: {self.paper}"))
        return tuple(out)


@attrs.frozen
class Overview:
    """Everything a report shows, in one language (see
    :func:`~integrationkonzept.reports.overview.build_overview`)."""

    lang: str
    day: dt.date  # the reference day
    title: str
    subtitle: str
    as_of: str  # the reference day in words
    city: str
    ags: str
    concept_title: str | None  # None without a concept
    guidelines: tuple[Adoption, ...]
    editions: tuple[Adoption, ...]
    facts: tuple[tuple[str, Entry], ...]
    notices: tuple[str, ...]
    concept_progress: Entry | None
    progress_rule: str
    progress_figure: Figure | None
    fields: tuple[FieldBlock, ...]
    funding_figures: tuple[Figure, ...]
    periods: tuple[PeriodBlock, ...]
    review_rules: tuple[Entry, ...]
    rule_titles: tuple[Entry, ...]
    duties: tuple[Duty, ...]
    review: TableData | None
    milestone_figure: Figure | None
    milestones: tuple[MilestoneBlock, ...]
    sources: tuple[SourceEntry, ...]
    papers: tuple[PaperBlock, ...]  # those with a decision; only when asked for (``papers=True``)

    def figures(self) -> tuple[Figure, ...]:
        """Every chart of the report, in the order shown."""
        found = [self.progress_figure, *self.funding_figures, self.milestone_figure]
        return tuple(figure for figure in found if figure is not None)


def missing(lang: str) -> Entry:
    """The entry for a value not known: a dash, explained."""
    return Entry("–", hint=text("none_known", lang))
