"""The view model every report renders, built once per report: an overview of a data set.

:func:`build_overview` turns a :class:`~integrationkonzept.model.Dataset` (the state on the
reference day) into plain values in one language (the types are in
:mod:`~integrationkonzept.reports.view`): the concept, its guidelines and editions, the fields
with their measures and progress, the funding of every budget period
(:mod:`~integrationkonzept.reports.funding`), the review duties and where they stand, the
milestones with their slips, the charts with the tables behind them, on request the council
papers with their decisions (:mod:`~integrationkonzept.reports.council`), and the numbered list
of sources. The text, HTML, DOCX and calendar reports, the Magdeburg statement and the Leipzig
Sachstandsbericht render it. Every
figure comes from the calculations in :mod:`integrationkonzept.calc` and carries the numbers of
its sources; nothing is added up here. Text from the data passes through
:func:`~integrationkonzept.safe.clean_text`; escaping for a format is the renderer's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

from ..calc.progress import Basis, concept_progress, measure_term, to_percent
from ..calc.review import delivery_status, milestone_slip
from ..i18n import fmt_date, fmt_money, fmt_percent, fmt_planned, text
from ..model.concept import Concept, Edition, Measure
from ..model.dataset import Dataset
from ..model.progress import ProgressRule
from ..model.review import ReviewRule
from ..model.source import Source
from ..safe import clean_text
from .charts import drawable
from .council import decided_papers
from .footnotes import Footnotes
from .funding import funding
from .sentences import due_state_text, not_reached_text, revision_text, rhythm_text, slip_text
from .view import (
    Adoption,
    BarChart,
    Duty,
    Entry,
    FieldBlock,
    Figure,
    MilestoneBlock,
    Overview,
    Series,
    Step,
    TableData,
    TimelineChart,
    TimelineRow,
    missing,
)

__all__ = ["build_overview"]


# --- the concept ---------------------------------------------------------------------------------


def _adoption(
    title: str,
    adopted: dt.date | None,
    by: str | None,
    source: Source | None,
    lang: str,
    notes: Footnotes,
    current: bool = False,
) -> Adoption:
    return Adoption(
        title=clean_text(title),
        adopted=fmt_date(adopted, lang) if adopted is not None else "",
        adopted_day=adopted,
        by=clean_text(by or ""),
        notes=notes.numbers(source),
        current=current,
    )


def _facts(
    data: Dataset, lang: str, notes: Footnotes
) -> tuple[list[tuple[str, Entry]], list[Adoption], list[Adoption]]:
    """The facts of the concept, with its guidelines and editions (numbered in that order)."""
    city = clean_text(data.municipality.name)
    facts = [(text("municipality", lang), Entry(f"{city} (AGS {data.municipality.ags})"))]
    concept = data.concept
    if concept is None:
        return facts, [], []
    facts.append((text("concept", lang), Entry(clean_text(concept.title))))
    guidelines = [
        _adoption(g.title, g.adopted, g.paper, g.source, lang, notes) for g in concept.guidelines
    ]
    for adoption in guidelines:
        facts.append((text("guidelines", lang), Entry(_adopted(adoption, lang), adoption.notes)))
    editions = [
        _adoption(e.title, e.adopted, e.decided_by, e.source, lang, notes, e is concept.current)
        for e in concept.editions
    ]
    for adoption in editions:
        label = text("edition_current" if adoption.current else "edition", lang)
        facts.append((label, Entry(_adopted(adoption, lang), adoption.notes)))
    return facts, guidelines, editions


def _adopted(adoption: Adoption, lang: str) -> str:
    """``Titel, beschlossen am 17.03.2021 (VI-DS-08033)``."""
    value = adoption.title
    if adoption.adopted:
        value += ", " + text("adopted_on", lang, date=adoption.adopted)
    if adoption.by:
        value += f" ({adoption.by})"
    return value


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


def _status(concept: Concept, measure: Measure, lang: str, notes: Footnotes) -> Entry:
    if not measure.status_history:
        return missing(lang)
    last = measure.status_history[-1]
    vocabulary = concept.status(last.status)
    label = clean_text(vocabulary.label(lang) if vocabulary is not None else last.status)
    since = text("since", lang, date=fmt_date(last.date, lang))
    return Entry(f"{label} ({since})", notes.numbers(last.source), hint=clean_text(last.note))


def _measure_progress(concept: Concept, measure: Measure, lang: str) -> Entry:
    term = measure_term(measure, concept.progress_rule)
    if term.value is None:
        return missing(lang)
    shown = fmt_percent(to_percent(term.value), lang)
    if term.basis is Basis.STATUS_DEFAULT:
        return Entry(shown, hint=text("basis.status_default", lang))
    if term.basis is Basis.ZERO:
        return Entry(shown, hint=text("basis.zero", lang))
    return Entry(shown)


def _costs(measure: Measure, lang: str, notes: Footnotes) -> Entry:
    if not measure.costs:
        return missing(lang)
    # The figure in force for each year is the last one stated (as in the spreadsheet); the
    # earlier ones stay in the data with their sources.
    latest = {cost.fiscal_year: cost for cost in measure.costs}
    shown = [latest[year] for year in dict.fromkeys(c.fiscal_year for c in measure.costs)]
    parts = [f"{cost.fiscal_year}:\u00a0{fmt_money(cost.amount, lang)}" for cost in shown]
    return Entry("\n".join(parts), notes.numbers(*(cost.source for cost in shown)))


def _measure_table(
    names: dict[str, str],
    concept: Concept,
    measures: Sequence[Measure],
    caption: str,
    lang: str,
    n: Footnotes,
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
                    n.numbers(measure.source),
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
    data: Dataset, lang: str, notes: Footnotes
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
                Entry(title, notes.numbers(field.source)),
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
    sources = notes.numbers(*(f.source for f in edition.fields))
    return blocks, concept_entry, Figure(chart, table, sources)


def _drawn_or_said(figure: Figure | None, key: str, lang: str) -> tuple[Figure | None, list[str]]:
    """The figure if its chart has something to draw; else no figure and the sentence ``key``
    saying it is left out (an empty chart, every bar "keine Angabe", only looks broken). The
    sentence is a notice, so every format that shows figures also shows it."""
    if figure is None or drawable(figure.chart):
        return figure, []
    return None, [text(key, lang)]


def _rule_text(rule: ProgressRule, lang: str) -> str:
    parts = [
        text("rule.weighted" if rule.weighted else "rule.unweighted", lang),
        text(f"rule.missing.{rule.missing.value}", lang),
        text(f"concept_basis.{rule.concept_basis.value}", lang),
    ]
    return "; ".join(parts)


def _progress_entry(value: Fraction | None, formula: str, lang: str) -> Entry:
    if value is None:
        return missing(lang)
    return Entry(fmt_percent(to_percent(value), lang), hint=formula)


# --- review duties and milestones -----------------------------------------------------------------


def _rule_entry(rule: ReviewRule, lang: str, notes: Footnotes) -> Entry:
    span = text("from_year", lang, year=rule.first_year)
    if rule.last_year is not None:
        span += " " + text("until_year", lang, year=rule.last_year)
    kind = text(f"review_kind.{rule.kind.value}", lang)
    shown = f"{clean_text(rule.title)} ({kind}; {rhythm_text(rule, lang)}; {span})"
    return Entry(shown, notes.numbers(rule.source))


def _duties(
    data: Dataset, as_of: dt.date, until: int | None, lang: str, notes: Footnotes
) -> list[Duty]:
    out = []
    for status in delivery_status(
        data.review_rules, data.reports, data.budget_cadence, as_of, until=until
    ):
        item, report = status.item, status.report
        rule = item.rule
        out.append(
            Duty(
                rule_id=rule.id,
                first_year=item.first_year,
                due=item.due,
                title=clean_text(rule.title),
                kind=text(f"review_kind.{rule.kind.value}", lang),
                rhythm=rhythm_text(rule, lang),
                period=item.period_label(),
                state=Entry(
                    due_state_text(status, lang),
                    css=f"state-{status.state.value.replace('_', '-')}",
                ),
                report="" if report is None else clean_text(report.title or report.id),
                delivered=""
                if report is None
                else text("delivered_on", lang, date=fmt_date(report.delivered, lang)),
                report_notes=() if report is None else notes.numbers(report.source),
                rule_notes=notes.numbers(rule.source),
            )
        )
    return out


def _review(duties: Sequence[Duty], caption: str, lang: str) -> TableData:
    header = tuple(text(k, lang) for k in ("due_date", "duty", "period", "state", "report"))
    rows = []
    for duty in duties:
        report = Entry("")
        if duty.report:
            report = Entry(f"{duty.report} ({duty.delivered})", duty.report_notes)
        rows.append(
            (
                Entry(fmt_date(duty.due, lang)),
                Entry(duty.title),
                Entry(duty.period),
                duty.state,
                report,
            )
        )
    return TableData(caption, header, tuple(rows))


def _milestones(
    data: Dataset, as_of: dt.date, lang: str, notes: Footnotes
) -> tuple[list[MilestoneBlock], Figure | None]:
    blocks = []
    rows = []
    table_rows = []
    for milestone in data.milestones:
        title = clean_text(milestone.title)
        slip = milestone_slip(milestone, as_of)
        first_plan = None
        if milestone.planned is not None:
            first_plan = Step(
                f"{text('first_plan', lang)}: {fmt_planned(milestone.planned, lang)}",
                notes.numbers(milestone.planned_source),
            )
        revisions = tuple(
            Step(
                revision_text(revision, lang),
                notes.numbers(revision.source),
                tuple(clean_text(reason) for reason in revision.reasons),
                fmt_date(revision.revised_on, lang),
            )
            for revision in milestone.revisions
        )
        if milestone.actual is not None:
            actual = Step(
                f"{text('actual_date', lang)}: {fmt_date(milestone.actual, lang)}",
                notes.numbers(milestone.actual_source),
            )
        else:
            overdue = slip.overdue_days if slip is not None else 0
            actual = Step(f"{text('actual_date', lang)}: {not_reached_text(overdue, lang)}")
        slip_words = slip_text(slip, lang) if slip is not None else ""
        latest = milestone.latest_plan
        blocks.append(
            MilestoneBlock(
                lang=lang,
                id=milestone.id,
                title=title,
                first_plan=first_plan,
                revisions=revisions,
                actual=actual,
                reached=milestone.actual,
                latest_plan=latest.as_date() if latest else None,
                latest_plan_text=fmt_planned(latest, lang) if latest else "",
                slip=slip_words,
                slip_days=slip.days if slip is not None else None,
                overdue_days=slip.overdue_days if slip is not None else 0,
                paper=clean_text(milestone.paper or ""),
            )
        )
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
                    notes.numbers(milestone.planned_source),
                ),
                Entry(changes or "–", notes.numbers(*(r.source for r in milestone.revisions))),
                Entry(
                    fmt_date(milestone.actual, lang) if milestone.actual else "–",
                    notes.numbers(milestone.actual_source),
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


def build_overview(
    data: Dataset,
    as_of: dt.date,
    lang: str = "de",
    *,
    until: int | None = None,
    measures: bool = True,
    papers: bool = False,
) -> Overview:
    """The overview of ``data`` as of ``as_of`` in ``lang`` (``de`` or ``en``), with the review
    duties up to the year ``until`` (default: the year after ``as_of``). ``measures=False``
    leaves out the fields with their measure tables and the concept's progress (for reports that
    show neither, such as the text report and the calendar: those tables are most of the work
    for a city with thousands of measures). ``papers=True`` adds every council paper with a
    decision (:mod:`~integrationkonzept.reports.council`), for reports that show them; the others
    leave them out, so their list of sources holds only what they cite.

    ``data`` is the state on ``as_of`` when the report shows a day in the past
    (:func:`~integrationkonzept.calc.state.state_on`, which the command line applies): the
    overview reads what it is given and leaves nothing out by date itself.
    """
    text("concept", lang)  # refuses an unknown language early
    notes = Footnotes()
    city = clean_text(data.municipality.name)
    concept = data.concept
    title = clean_text(concept.title) if concept is not None else text("report_title", lang)
    as_of_text = f"{text('as_of', lang)} {fmt_date(as_of, lang)}"
    facts, guidelines, editions = _facts(data, lang, notes)
    edition = concept.current if concept is not None else None
    fields, concept_entry, progress_figure = (
        _fields(data, lang, notes) if measures else ([], None, None)
    )
    progress_figure, progress_notices = _drawn_or_said(progress_figure, "chart.progress.none", lang)
    periods, funding_figures = funding(data, lang, notes)
    rules = tuple(_rule_entry(rule, lang, notes) for rule in data.review_rules)
    rule_titles = tuple(
        Entry(clean_text(rule.title), notes.numbers(rule.source)) for rule in data.review_rules
    )
    duties = _duties(data, as_of, until, lang, notes) if data.review_rules else []
    caption = f"{text('review_schedule', lang)} ({as_of_text})"
    review = _review(duties, caption, lang) if data.review_rules else None
    milestones, milestone_figure = _milestones(data, as_of, lang, notes)
    # Numbered last, so the papers' sources do not move the numbers of the others.
    decided = decided_papers(data, lang, notes) if papers else ()
    return Overview(
        lang=lang,
        day=as_of,
        title=title,
        subtitle=f"{city} · {as_of_text}",
        as_of=fmt_date(as_of, lang),
        city=city,
        ags=data.municipality.ags,
        concept_title=clean_text(concept.title) if concept is not None else None,
        guidelines=tuple(guidelines),
        editions=tuple(editions),
        facts=tuple(facts),
        notices=(*_notices(edition, lang), *progress_notices),
        concept_progress=concept_entry,
        progress_rule=_rule_text(concept.progress_rule, lang) if concept is not None else "",
        progress_figure=progress_figure,
        fields=tuple(fields),
        funding_figures=funding_figures,
        periods=periods,
        review_rules=rules,
        rule_titles=rule_titles,
        duties=tuple(duties),
        review=review,
        milestone_figure=milestone_figure,
        milestones=tuple(milestones),
        sources=notes.entries(lang),
        papers=decided,
    )
