"""What the HTML and DOCX reports show, computed once: a neutral overview of a data set.

:func:`build_overview` turns a :class:`~integrationkonzept.model.Dataset` into plain values in one
language: the concept and its edition, the fields with their measures and progress, the funding of
every budget period, the review duties and where they stand, the milestones with their slips, the
charts with the tables behind them, and the numbered list of sources. Every figure comes from the
calculations in :mod:`integrationkonzept.calc` and carries the numbers of its sources; nothing is
added up here. Text from the data passes through
:func:`~integrationkonzept.safe.clean_text`; escaping for a format is the renderer's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..calc.budget import BudgetView, budget_view
from ..calc.progress import Basis, concept_progress, measure_term, to_percent
from ..calc.review import delivery_status, milestone_slip
from ..i18n import fmt_date, fmt_money, fmt_percent, fmt_planned, text, text_n
from ..model.budget import BudgetPhase
from ..model.concept import Concept, Edition, Measure
from ..model.dataset import Dataset
from ..model.money import Money
from ..model.periods import BudgetPeriod
from ..model.progress import ProgressRule
from ..model.review import Due, ReviewRule, Trigger
from ..model.source import Source
from ..safe import clean_text, is_spoofing, safe_url, visible
from .text import comparison_lines, due_state_text, slip_text, year_differences

__all__ = [
    "BarChart",
    "Entry",
    "FieldBlock",
    "Figure",
    "MilestoneBlock",
    "Overview",
    "PeriodBlock",
    "Series",
    "SourceEntry",
    "TableData",
    "TimelineChart",
    "TimelineRow",
    "build_overview",
]


# --- building blocks ---------------------------------------------------------------------------


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
        if not self.notes:
            return self.text
        return f"{self.text} [{', '.join(map(str, self.notes))}]"


@attrs.frozen
class TableData:
    """A table: caption, header, rows of entries; ``numeric`` marks right-aligned columns."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Entry, ...], ...]
    numeric: tuple[int, ...] = ()


@attrs.frozen
class SourceEntry:
    """One numbered source: its description and, when it is a web address, the link."""

    number: int
    text: str
    url: str = ""


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
class PeriodBlock:
    """A budget period: its amounts by year, purpose and phase, totals, differences, comparison."""

    title: str
    table: TableData
    lines: tuple[str, ...]


@attrs.frozen
class MilestoneBlock:
    """A milestone in words: each step of its plan, the reasons for each change, its slip."""

    title: str
    lines: tuple[Entry, ...]


@attrs.frozen
class Overview:
    """Everything the HTML and DOCX reports show, in one language (see :func:`build_overview`)."""

    lang: str
    title: str
    subtitle: str
    as_of: str
    facts: tuple[tuple[str, Entry], ...]
    notices: tuple[str, ...]
    concept_progress: Entry | None
    progress_rule: str
    progress_figure: Figure | None
    fields: tuple[FieldBlock, ...]
    funding_figures: tuple[Figure, ...]
    periods: tuple[PeriodBlock, ...]
    review_rules: tuple[Entry, ...]
    review: TableData | None
    milestone_figure: Figure | None
    milestones: tuple[MilestoneBlock, ...]
    sources: tuple[SourceEntry, ...]

    def figures(self) -> tuple[Figure, ...]:
        """Every chart of the report, in the order shown."""
        found = [self.progress_figure, *self.funding_figures, self.milestone_figure]
        return tuple(figure for figure in found if figure is not None)


class _Notes:
    """Numbers sources in the order they are first cited."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._numbers: dict[Source, int] = {}
        # Equal sources share a number, but hashing a source is slow and thousands of measures
        # cite the same objects: those are found by identity (kept here, so no id is reused).
        self._seen: dict[int, tuple[Source, int]] = {}

    def _number(self, source: Source) -> int:
        seen = self._seen.get(id(source))
        if seen is not None and seen[0] is source:
            return seen[1]
        number = self._numbers.setdefault(source, len(self._numbers) + 1)
        self._seen[id(source)] = (source, number)
        return number

    def cite(self, *sources: Source | None) -> tuple[int, ...]:
        return tuple(sorted({self._number(source) for source in sources if source is not None}))

    def entries(self) -> tuple[SourceEntry, ...]:
        out = []
        for source, number in self._numbers.items():
            entry = clean_text(source.reference)
            if source.date is not None and f"{source.date:%d.%m.%Y}" not in entry:
                entry += f" ({fmt_date(source.date, self._lang)})"
            if source.title and source.title != source.reference:
                entry += f" – {clean_text(source.title)}"
            if source.locator:
                entry += f"; {clean_text(source.locator)}"
            entry += f" [{text(f'source_kind.{source.kind.value}', self._lang)}]"
            if source.url and is_spoofing(source.url):
                # An address that shows other than where it leads is no link: it is shown, with
                # its bidi controls and zero-width characters written out (``\u202e``).
                entry += f" <{visible(clean_text(source.url).strip())}>"
            out.append(SourceEntry(number, entry, safe_url(source.url)))
        return tuple(out)


def _missing(lang: str) -> Entry:
    return Entry("–", hint=text("none_known", lang))


def _money(amount: Money | None, lang: str, notes: tuple[int, ...] = ()) -> Entry:
    if amount is None:
        return _missing(lang)
    return Entry(fmt_money(amount, lang), notes)


def _signed(amount: Money, lang: str) -> str:
    return ("+" if amount.amount > 0 else "") + fmt_money(amount, lang)


def _phase_label(phase: BudgetPhase, lang: str) -> str:
    return text(f"phase.{phase.value}", lang)


# --- the concept ---------------------------------------------------------------------------------


def _facts(data: Dataset, lang: str, notes: _Notes) -> list[tuple[str, Entry]]:
    city = clean_text(data.municipality.name)
    facts = [(text("municipality", lang), Entry(f"{city} (AGS {data.municipality.ags})"))]
    concept = data.concept
    if concept is None:
        return facts
    facts.append((text("concept", lang), Entry(clean_text(concept.title))))
    for guidelines in concept.guidelines:
        value = clean_text(guidelines.title)
        if guidelines.adopted is not None:
            value += ", " + text("adopted_on", lang, date=fmt_date(guidelines.adopted, lang))
        if guidelines.paper:
            value += f" ({clean_text(guidelines.paper)})"
        facts.append((text("guidelines", lang), Entry(value, notes.cite(guidelines.source))))
    for edition in concept.editions:
        value = clean_text(edition.title)
        if edition.adopted is not None:
            value += ", " + text("adopted_on", lang, date=fmt_date(edition.adopted, lang))
        if edition.decided_by:
            value += f" ({clean_text(edition.decided_by)})"
        label = text("edition_current" if edition is concept.current else "edition", lang)
        facts.append((label, Entry(value, notes.cite(edition.source))))
    return facts


def _notices(edition: Edition | None, lang: str) -> list[str]:
    if edition is None:
        return []
    out = []
    if edition.declared_fields is not None:
        out.append(
            text("fields_known", lang, known=len(edition.fields), declared=edition.declared_fields)
        )
    if edition.declared_measures is not None:
        out.append(
            text(
                "measures_known",
                lang,
                known=len(edition.measures),
                declared=edition.declared_measures,
            )
        )
    return out


def _organization_names(data: Dataset) -> dict[str, str]:
    """Each organisation's name by its id; the first one wins when an id repeats, as a search
    through the list would find it (looking up thousands of measures by search was slow)."""
    names: dict[str, str] = {}
    for org in data.organizations:
        names.setdefault(org.id, org.name)
    return names


def _organization(names: dict[str, str], org_id: str | None) -> str:
    if org_id is None:
        return ""
    return clean_text(names.get(org_id, org_id))


def _timeframe(measure: Measure, lang: str) -> str:
    parts = []
    frame = measure.timeframe
    if frame is not None and (frame.start is not None or frame.end is not None):
        start = fmt_date(frame.start, lang) if frame.start else "…"
        end = fmt_date(frame.end, lang) if frame.end else "…"
        parts.append(f"{start} – {end}")
    if measure.timeframe_text:
        parts.append(clean_text(measure.timeframe_text))
    return "; ".join(parts)


def _status(concept: Concept, measure: Measure, lang: str, notes: _Notes) -> Entry:
    if not measure.status_history:
        return _missing(lang)
    last = measure.status_history[-1]
    vocabulary = concept.status(last.status)
    label = clean_text(vocabulary.label(lang) if vocabulary is not None else last.status)
    since = text("since", lang, date=fmt_date(last.date, lang))
    return Entry(f"{label} ({since})", notes.cite(last.source), hint=clean_text(last.note))


def _measure_progress(concept: Concept, measure: Measure, lang: str) -> Entry:
    term = measure_term(measure, concept.progress_rule)
    if term.value is None:
        return _missing(lang)
    shown = fmt_percent(to_percent(term.value), lang)
    if term.basis is Basis.STATUS_DEFAULT:
        return Entry(shown, hint=text("basis.status_default", lang))
    if term.basis is Basis.ZERO:
        return Entry(shown, hint=text("basis.zero", lang))
    return Entry(shown)


def _costs(measure: Measure, lang: str, notes: _Notes) -> Entry:
    if not measure.costs:
        return _missing(lang)
    # The figure in force for each year is the last one stated (as in the spreadsheet); the
    # earlier ones stay in the data with their sources.
    latest = {cost.fiscal_year: cost for cost in measure.costs}
    shown = [latest[year] for year in dict.fromkeys(c.fiscal_year for c in measure.costs)]
    parts = [f"{cost.fiscal_year}:\u00a0{fmt_money(cost.amount, lang)}" for cost in shown]
    return Entry("\n".join(parts), notes.cite(*(cost.source for cost in shown)))


def _measure_table(
    names: dict[str, str],
    concept: Concept,
    measures: Sequence[Measure],
    caption: str,
    lang: str,
    n: _Notes,
) -> TableData | None:
    if not measures:
        return None
    header = tuple(
        text(key, lang)
        for key in (
            "col.id",
            "col.title",
            "col.lead",
            "col.partners",
            "col.timeframe",
            "col.status",
            "progress",
            "col.costs",
        )
    )
    rows = []
    for measure in measures:
        partners = "; ".join(
            _organization(names, p.organization) + (f" ({clean_text(p.role)})" if p.role else "")
            for p in measure.partners
        )
        rows.append(
            (
                Entry(clean_text(measure.id)),
                Entry(
                    clean_text(measure.title),
                    n.cite(measure.source),
                    hint=clean_text(measure.description),
                ),
                Entry(_organization(names, measure.lead)),
                Entry(partners),
                Entry(_timeframe(measure, lang)),
                _status(concept, measure, lang, n),
                _measure_progress(concept, measure, lang),
                _costs(measure, lang, n),
            )
        )
    return TableData(caption, header, tuple(rows), numeric=(6, 7))


def _fields(
    data: Dataset, lang: str, notes: _Notes
) -> tuple[list[FieldBlock], Entry | None, Figure | None]:
    concept = data.concept
    edition = concept.current if concept is not None else None
    if concept is None or edition is None:
        return [], None, None
    rule = concept.progress_rule
    overall = concept_progress(edition, rule)
    names = _organization_names(data)
    blocks = []
    categories, values, labels, table_rows = [], [], [], []
    rolls = dict(overall.fields)  # each field's roll-up, computed once with the concept figure
    for field in edition.fields:
        roll = rolls[field.id]
        title = clean_text(field.title)
        formula = roll.formula(lang)
        progress = _progress_entry(roll.value, formula, lang)
        caption = text("measures_of", lang, field=title)
        table = _measure_table(names, concept, edition.measures_of(field.id), caption, lang, notes)
        blocks.append(FieldBlock(title, progress, table))
        categories.append(title)
        values.append(None if roll.value is None else to_percent(roll.value))
        labels.append(progress.text)
        counted = text("counted", lang, counted=len(roll.counted), total=len(roll.terms))
        table_rows.append(
            (
                Entry(title, notes.cite(field.source)),
                Entry(progress.text, hint=progress.hint),
                Entry(formula),
                Entry(counted),
            )
        )
    loose = tuple(m for m in edition.measures if m.field is None)
    if loose:
        caption = text("no_field", lang)
        table = _measure_table(names, concept, loose, caption, lang, notes)
        blocks.append(FieldBlock(caption, None, table))
    overall_formula = overall.formula(lang)
    concept_entry = _progress_entry(overall.value, overall_formula, lang)
    whole = text("concept_total", lang)
    categories.append(whole)
    values.append(None if overall.value is None else to_percent(overall.value))
    labels.append(concept_entry.text)
    basis = text(f"concept_basis.{rule.concept_basis.value}", lang)
    table_rows.append(
        (
            Entry(whole, strong=True),
            Entry(concept_entry.text, strong=True),
            Entry(overall_formula),
            Entry(basis),
        )
    )
    chart = BarChart(
        key="progress",
        title=text("chart.progress", lang),
        description=text("chart.progress.desc", lang),
        categories=tuple(categories),
        series=(Series(text("progress", lang), tuple(values), tuple(labels)),),
        axis_label=text("progress_axis", lang),
        missing_label=text("none_known", lang),
        lang=lang,
        unit="percent",
        horizontal=True,
        highlight_last=True,
    )
    header = tuple(text(k, lang) for k in ("field", "progress", "formula", "counted_header"))
    table = TableData(text("table_for_chart", lang), header, tuple(table_rows), numeric=(1,))
    sources = notes.cite(*(f.source for f in edition.fields))
    return blocks, concept_entry, Figure(chart, table, sources)


def _rule_text(rule: ProgressRule, lang: str) -> str:
    parts = [
        text("rule.weighted" if rule.weighted else "rule.unweighted", lang),
        text(f"rule.missing.{rule.missing.value}", lang),
        text(f"concept_basis.{rule.concept_basis.value}", lang),
    ]
    return "; ".join(parts)


def _progress_entry(value: Fraction | None, formula: str, lang: str) -> Entry:
    if value is None:
        return _missing(lang)
    return Entry(fmt_percent(to_percent(value), lang), hint=formula)


# --- money ---------------------------------------------------------------------------------------


def _periods(data: Dataset) -> tuple[BudgetPeriod, ...]:
    years = sorted({line.fiscal_year for line in data.budget_lines})
    if not years:
        return ()
    return data.budget_cadence.periods(years[0], years[-1])


def _purpose_label(data: Dataset, purpose_id: str, lang: str) -> str:
    purpose = data.purpose(purpose_id)
    return clean_text(purpose.label(lang) if purpose is not None else purpose_id)


def _period_block(
    data: Dataset,
    view: BudgetView,
    previous: BudgetPeriod | None,
    lang: str,
    notes: _Notes,
) -> PeriodBlock:
    period = view.period
    phases = view.phases()
    header = (
        text("year", lang),
        text("purpose", lang),
        *(_phase_label(phase, lang) for phase in phases),
        text("plan", lang),
    )
    rows: list[tuple[Entry, ...]] = []
    for year in period.years:
        if not any(line.fiscal_year == year for line in view.lines):
            continue
        for purpose_id in view.purposes():
            cells = [view.cell(phase, year, purpose_id) for phase in phases]
            plan = view.plan(year, purpose_id)
            if all(cell is None for cell in cells) and plan is None:
                continue
            row = [Entry(str(year)), Entry(_purpose_label(data, purpose_id, lang))]
            for cell in cells:
                if cell is None:
                    row.append(_missing(lang))
                else:
                    remarks = "; ".join(clean_text(line.note) for line in cell.lines if line.note)
                    row.append(
                        Entry(fmt_money(cell.amount, lang), notes.cite(*cell.sources), remarks)
                    )
            row.append(
                _missing(lang)
                if plan is None
                else Entry(fmt_money(plan.amount, lang), notes.cite(*plan.sources))
            )
            rows.append(tuple(row))
        total_row = [Entry(str(year), strong=True), Entry(text("total", lang), strong=True)]
        for phase in phases:
            total = view.total(phase, year)
            total_row.append(attrs.evolve(_money(total, lang), strong=True))
        total_row.append(attrs.evolve(_money(view.plan_total(year), lang), strong=True))
        rows.append(tuple(total_row))
    lines = []
    for year in period.years:
        shown = [f"{text(key, lang)} {_signed(d, lang)}" for key, d in year_differences(view, year)]
        if shown:
            lines.append(f"{text('differences', lang)} {year}: " + "; ".join(shown))
    plan_total = view.plan_total()
    if plan_total is not None:
        lines.append(
            f"{text('total_period', lang)} {period.label()}: {text('plan', lang)} "
            f"{fmt_money(plan_total, lang)}"
        )
    if previous is not None:
        lines.extend(comparison_lines(data, previous, period, lang))
    kind = f" ({text('double_budget', lang)})" if period.is_double else ""
    title = f"{text('budget_period', lang)} {period.label()}{kind}"
    numeric = tuple(range(2, len(header)))
    caption = text("period_table", lang)
    return PeriodBlock(title, TableData(caption, header, tuple(rows), numeric), tuple(lines))


def _short_money(amount: Money, lang: str) -> str:
    from babel.numbers import format_currency

    locale, pattern = ("de_DE", "#,##0\u00a0¤") if lang == "de" else ("en_US", "¤#,##0")
    return format_currency(
        amount.amount, "EUR", format=pattern, locale=locale, currency_digits=False
    )


def _funding_by_purpose(
    data: Dataset, periods: Sequence[BudgetPeriod], lang: str, notes: _Notes
) -> Figure | None:
    years: list[int] = []
    plans: dict[tuple[int, str], tuple[Money, tuple[int, ...]]] = {}
    purposes: list[str] = []
    totals: dict[int, Money] = {}
    for period in periods:
        view = budget_view(data.budget_lines, period)
        for year in period.years:
            total = view.plan_total(year)
            if total is None:
                continue
            years.append(year)
            totals[year] = total
            for purpose_id in view.purposes():
                plan = view.plan(year, purpose_id)
                if plan is None:
                    continue
                if purpose_id not in purposes:
                    purposes.append(purpose_id)
                plans[(year, purpose_id)] = (plan.amount, notes.cite(*plan.sources))
    if not years:
        return None
    series = []
    for purpose_id in purposes:
        found = [plans.get((year, purpose_id)) for year in years]
        series.append(
            Series(
                _purpose_label(data, purpose_id, lang),
                tuple(None if f is None else f[0].amount for f in found),
                tuple("" if f is None else _short_money(f[0], lang) for f in found),
            )
        )
    chart = BarChart(
        key="funding-purpose",
        title=text("chart.funding_purpose", lang),
        description=text("chart.funding_purpose.desc", lang),
        categories=tuple(str(year) for year in years),
        series=tuple(series),
        axis_label=text("amount_axis", lang),
        missing_label=text("none_known", lang),
        lang=lang,
        stacked=True,
    )
    header = (text("purpose", lang), *(str(year) for year in years))
    rows = []
    all_notes: set[int] = set()
    for purpose_id in purposes:
        row = [Entry(_purpose_label(data, purpose_id, lang))]
        for year in years:
            shown = plans.get((year, purpose_id))
            if shown is None:
                row.append(_missing(lang))
            else:
                row.append(Entry(fmt_money(shown[0], lang), shown[1]))
                all_notes.update(shown[1])
        rows.append(tuple(row))
    rows.append(
        (
            Entry(text("plan_total", lang), strong=True),
            *(Entry(fmt_money(totals[year], lang), strong=True) for year in years),
        )
    )
    table = TableData(
        text("table_for_chart", lang),
        header,
        tuple(rows),
        numeric=tuple(range(1, len(header))),
    )
    return Figure(chart, table, tuple(sorted(all_notes)))


def _funding_by_phase(
    data: Dataset, periods: Sequence[BudgetPeriod], lang: str, notes: _Notes
) -> Figure | None:
    present = {line.phase for line in data.budget_lines}
    columns: list[tuple[str, BudgetPhase | None]] = [
        (_phase_label(phase, lang), phase)
        for phase in (BudgetPhase.DRAFT, BudgetPhase.REQUESTED, BudgetPhase.ADOPTED)
        if phase in present
    ]
    if present & {BudgetPhase.ADOPTED, BudgetPhase.REVISED}:
        columns.append((text("plan", lang), None))
    if BudgetPhase.ACTUAL in present:
        columns.append((_phase_label(BudgetPhase.ACTUAL, lang), BudgetPhase.ACTUAL))
    if not columns:
        return None
    years: list[int] = []
    found: dict[tuple[int, int], tuple[Money, tuple[int, ...]]] = {}
    for period in periods:
        view = budget_view(data.budget_lines, period)
        for year in period.years:
            if not any(line.fiscal_year == year for line in view.lines):
                continue
            years.append(year)
            for index, (_, phase) in enumerate(columns):
                cell = view.plan(year) if phase is None else view.cell(phase, year)
                if cell is not None:
                    found[(year, index)] = (cell.amount, notes.cite(*cell.sources))
    series = []
    for index, (label, _) in enumerate(columns):
        values = [found.get((year, index)) for year in years]
        series.append(
            Series(
                label,
                tuple(None if v is None else v[0].amount for v in values),
                tuple("" if v is None else _short_money(v[0], lang) for v in values),
            )
        )
    chart = BarChart(
        key="funding-phase",
        title=text("chart.funding_phase", lang),
        description=text("chart.funding_phase.desc", lang),
        categories=tuple(str(year) for year in years),
        series=tuple(series),
        axis_label=text("amount_axis", lang),
        missing_label=text("none_known", lang),
        lang=lang,
    )
    header = (text("year", lang), *(label for label, _ in columns))
    rows = []
    all_notes: set[int] = set()
    for year in years:
        row = [Entry(str(year))]
        for index in range(len(columns)):
            value = found.get((year, index))
            if value is None:
                row.append(_missing(lang))
            else:
                row.append(Entry(fmt_money(value[0], lang), value[1]))
                all_notes.update(value[1])
        rows.append(tuple(row))
    table = TableData(
        text("table_for_chart", lang), header, tuple(rows), tuple(range(1, len(header)))
    )
    return Figure(chart, table, tuple(sorted(all_notes)))


# --- review duties and milestones -----------------------------------------------------------------


def _rule_entry(rule: ReviewRule, lang: str, notes: _Notes) -> Entry:
    if rule.trigger is Trigger.BUDGET_PERIOD:
        rhythm = text("rhythm.budget_period", lang)
    elif rule.interval_years == 1:
        rhythm = text("rhythm.yearly", lang)
    else:
        rhythm = text("rhythm.years", lang, n=rule.interval_years)
    due = text("due.start" if rule.due is Due.START else "due.end", lang)
    span = text("from_year", lang, year=rule.first_year)
    if rule.last_year is not None:
        span += " " + text("until_year", lang, year=rule.last_year)
    kind = text(f"review_kind.{rule.kind.value}", lang)
    return Entry(
        f"{clean_text(rule.title)} ({kind}; {rhythm}, {due}; {span})", notes.cite(rule.source)
    )


def _review(data: Dataset, as_of: dt.date, lang: str, notes: _Notes) -> TableData | None:
    if not data.review_rules:
        return None
    header = tuple(text(k, lang) for k in ("due_date", "duty", "period", "state", "report"))
    rows = []
    for status in delivery_status(data.review_rules, data.reports, data.budget_cadence, as_of):
        item = status.item
        state = due_state_text(status, lang)
        report = Entry("")
        if status.report is not None:
            delivered = text("delivered_on", lang, date=fmt_date(status.report.delivered, lang))
            name = clean_text(status.report.title or status.report.id)
            report = Entry(f"{name} ({delivered})", notes.cite(status.report.source))
        rows.append(
            (
                Entry(fmt_date(item.due, lang)),
                Entry(clean_text(item.rule.title)),
                Entry(item.period_label()),
                Entry(state, css=f"state-{status.state.value.replace('_', '-')}"),
                report,
            )
        )
    caption = f"{text('review_schedule', lang)} ({text('as_of', lang)} {fmt_date(as_of, lang)})"
    return TableData(caption, header, tuple(rows))


def _milestones(
    data: Dataset, as_of: dt.date, lang: str, notes: _Notes
) -> tuple[list[MilestoneBlock], Figure | None]:
    blocks = []
    rows = []
    table_rows = []
    for milestone in data.milestones:
        title = clean_text(milestone.title)
        slip = milestone_slip(milestone, as_of)
        lines: list[Entry] = []
        if milestone.planned is not None:
            lines.append(
                Entry(
                    f"{text('first_plan', lang)}: {fmt_planned(milestone.planned, lang)}",
                    notes.cite(milestone.planned_source),
                )
            )
        for revision in milestone.revisions:
            moved = text(
                "revised_on",
                lang,
                date=fmt_date(revision.revised_on, lang),
                new=fmt_planned(revision.new_date, lang),
            )
            if revision.reasons:
                reasons = "; ".join(clean_text(reason) for reason in revision.reasons)
                moved += f". {text('reasons', lang)}: {reasons}"
            lines.append(Entry(moved, notes.cite(revision.source)))
        if milestone.actual is not None:
            lines.append(
                Entry(
                    f"{text('actual_date', lang)}: {fmt_date(milestone.actual, lang)}",
                    notes.cite(milestone.actual_source),
                )
            )
        else:
            reached = text("not_reached", lang)
            if slip is not None and slip.overdue_days:
                reached += ", " + text_n("days_overdue", slip.overdue_days, lang)
            lines.append(Entry(f"{text('actual_date', lang)}: {reached}"))
        slip_words = ""
        if slip is not None:
            slip_words = slip_text(slip, lang)
            lines.append(Entry(f"{text('milestone_slip', lang)}: {slip_words}"))
        if milestone.paper:
            lines.append(Entry(f"{text('paper', lang)}: {clean_text(milestone.paper)}"))
        blocks.append(MilestoneBlock(title, tuple(lines)))
        latest = milestone.latest_plan
        if milestone.planned is None and milestone.actual is None and latest is None:
            continue
        rows.append(
            TimelineRow(
                label=title,
                first_plan=milestone.planned.as_date() if milestone.planned else None,
                revisions=tuple((r.revised_on, r.new_date.as_date()) for r in milestone.revisions),
                latest_plan=latest.as_date() if latest else None,
                actual=milestone.actual,
            )
        )
        changes = "; ".join(
            f"{fmt_date(r.revised_on, lang)} → {fmt_planned(r.new_date, lang)}"
            for r in milestone.revisions
        )
        table_rows.append(
            (
                Entry(title),
                Entry(
                    fmt_planned(milestone.planned, lang) if milestone.planned else "–",
                    notes.cite(milestone.planned_source),
                ),
                Entry(changes or "–", notes.cite(*(r.source for r in milestone.revisions))),
                Entry(
                    fmt_date(milestone.actual, lang) if milestone.actual else "–",
                    notes.cite(milestone.actual_source),
                ),
                Entry(slip_words or "–"),
            )
        )
    if not rows:
        return blocks, None
    chart = TimelineChart(
        key="milestones",
        title=text("chart.milestones", lang),
        description=text("chart.milestones.desc", lang),
        rows=tuple(rows),
        legend=(
            text("first_plan", lang),
            text("changed_plan", lang),
            text("actual_date", lang),
            f"{text('as_of', lang)} {fmt_date(as_of, lang)}",
        ),
        as_of=as_of,
        lang=lang,
    )
    header = tuple(
        text(k, lang) for k in ("milestone", "first_plan", "changes", "actual_date", "slip")
    )
    table = TableData(text("table_for_chart", lang), header, tuple(table_rows))
    all_notes = sorted({n for row in table_rows for entry in row for n in entry.notes})
    return blocks, Figure(chart, table, tuple(all_notes))


# --- the whole ---------------------------------------------------------------------------------


def build_overview(data: Dataset, as_of: dt.date, lang: str = "de") -> Overview:
    """The overview of ``data`` as of ``as_of`` in ``lang`` (``de`` or ``en``)."""
    text("concept", lang)  # refuses an unknown language early
    notes = _Notes(lang)
    city = clean_text(data.municipality.name)
    concept = data.concept
    title = clean_text(concept.title) if concept is not None else text("report_title", lang)
    subtitle = f"{city} · {text('as_of', lang)} {fmt_date(as_of, lang)}"
    facts = _facts(data, lang, notes)
    edition = concept.current if concept is not None else None
    fields, concept_entry, progress_figure = _fields(data, lang, notes)
    periods = _periods(data)
    blocks = []
    for index, period in enumerate(periods):
        previous = periods[index - 1] if index > 0 else None
        view = budget_view(data.budget_lines, period)
        if view.lines:
            blocks.append(_period_block(data, view, previous, lang, notes))
    funding = [
        _funding_by_purpose(data, periods, lang, notes),
        _funding_by_phase(data, periods, lang, notes),
    ]
    rules = tuple(_rule_entry(rule, lang, notes) for rule in data.review_rules)
    review = _review(data, as_of, lang, notes)
    milestones, milestone_figure = _milestones(data, as_of, lang, notes)
    return Overview(
        lang=lang,
        title=title,
        subtitle=subtitle,
        as_of=fmt_date(as_of, lang),
        facts=tuple(facts),
        notices=tuple(_notices(edition, lang)),
        concept_progress=concept_entry,
        progress_rule=_rule_text(concept.progress_rule, lang) if concept is not None else "",
        progress_figure=progress_figure,
        fields=tuple(fields),
        funding_figures=tuple(f for f in funding if f is not None),
        periods=tuple(blocks),
        review_rules=rules,
        review=review,
        milestone_figure=milestone_figure,
        milestones=tuple(milestones),
        sources=notes.entries(),
    )
