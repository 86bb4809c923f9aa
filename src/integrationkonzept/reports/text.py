"""Plain-text sections for the terminal: funding, review duties, milestone slips.

Every figure is followed by a footnote number; :class:`Footnotes` lists the sources at the end, so
the reader sees which document each number comes from.
"""

from __future__ import annotations

import datetime as dt

from ..calc.budget import BudgetView, Cell, budget_view, compare_periods
from ..calc.review import DueState, DueStatus, Slip, delivery_status, milestone_slip
from ..i18n import fmt_date, fmt_money, fmt_percent, fmt_planned, quoted, text, text_n
from ..model.budget import BudgetPhase
from ..model.dataset import Dataset
from ..model.money import Money
from ..model.periods import BudgetPeriod
from ..model.source import Source
from ..safe import strip_controls

__all__ = [
    "Footnotes",
    "comparison_lines",
    "concept_section",
    "due_state_text",
    "full_text",
    "funding_section",
    "milestone_section",
    "review_section",
    "slip_text",
    "year_differences",
]


class Footnotes:
    """Numbers sources in the order they are first cited."""

    def __init__(self) -> None:
        self._numbers: dict[Source, int] = {}

    def cite(self, *sources: Source | None) -> str:
        """``[1]`` or ``[1, 3]`` for the given sources (empty when there are none)."""
        numbers = []
        for source in sources:
            if source is None:
                continue
            numbers.append(self._numbers.setdefault(source, len(self._numbers) + 1))
        return f"[{', '.join(map(str, sorted(set(numbers))))}]" if numbers else ""

    def lines(self, lang: str) -> list[str]:
        """The list of sources, one per line."""
        if not self._numbers:
            return []
        out = [text("sources", lang)]
        for source, number in self._numbers.items():
            entry = source.reference
            if source.date is not None and f"{source.date:%d.%m.%Y}" not in entry:
                entry += f" ({fmt_date(source.date, lang)})"
            if source.title and source.title != source.reference:
                entry += f" – {source.title}"
            if source.locator:
                entry += f"; {source.locator}"
            out.append(f"  [{number}] {entry}")
        return out


def due_state_text(status: DueStatus, lang: str) -> str:
    """Where a duty stands, in words: ``fehlt (kein Bericht erfasst), seit 325 Tagen …``."""
    state = text(f"state.{status.state.value}", lang)
    if status.state is DueState.LATE:
        state += ", " + text_n("days_late", status.days_late, lang)
    elif status.state is DueState.MISSING:
        state += ", " + text_n("days_overdue", status.days_late, lang)
    return state


def slip_text(slip: Slip, lang: str) -> str:
    """A milestone's slip in words: ``1.134 Tage, 1 Planänderung``."""
    return f"{text_n('days', slip.days, lang)}, {text_n('revisions', slip.revisions, lang)}"


def concept_section(data: Dataset, lang: str, notes: Footnotes) -> list[str]:
    """The city, its concept and the edition in force, with what the data knows of it."""
    concept = data.concept
    heading = f"{data.municipality.name} (AGS {data.municipality.ags})"
    if concept is None:
        return [heading]
    out = [f"{heading}: {concept.title}"]
    edition = concept.current
    if edition is None:
        return out
    line = f"  {text('edition', lang)} {quoted(edition.title, lang)}"
    if edition.adopted is not None:
        line += ", " + text("adopted_on", lang, date=fmt_date(edition.adopted, lang))
    if edition.decided_by:
        line += f" ({edition.decided_by})"
    out.append(line + " " + notes.cite(edition.source))
    if edition.declared_fields is not None:
        known = len(edition.fields)
        out.append("  " + text("fields_known", lang, known=known, declared=edition.declared_fields))
    if edition.declared_measures is not None:
        known = len(edition.measures)
        out.append(
            "  " + text("measures_known", lang, known=known, declared=edition.declared_measures)
        )
    return out


def _money_cell(cell: Cell | None, lang: str, notes: Footnotes) -> str:
    if cell is None:
        return text("none_known", lang)
    return f"{fmt_money(cell.amount, lang)} {notes.cite(*cell.sources)}"


def _signed(amount: Money, lang: str) -> str:
    return ("+" if amount.amount > 0 else "") + fmt_money(amount, lang)


def year_differences(view: BudgetView, year: int) -> list[tuple[str, Money]]:
    """The differences worth showing for a year, by text key: what the plan added to the draft
    (a buffer, the council's additions) and what was used against the plan."""
    found = [
        ("plan_minus_draft", view.plan_minus(BudgetPhase.DRAFT, year)),
        ("actual_minus_plan", view.actual_minus_plan(year)),
    ]
    return [(key, difference) for key, difference in found if difference is not None]


def _year_block(
    view: BudgetView, year: int, data: Dataset, lang: str, notes: Footnotes
) -> list[str]:
    out = [f"  {year}"]
    width = max(len(text(f"phase.{phase.value}", lang)) for phase in BudgetPhase)
    for purpose_id in view.purposes():
        cells = [(phase, view.cell(phase, year, purpose_id)) for phase in BudgetPhase]
        shown = [(phase, cell) for phase, cell in cells if cell is not None]
        if not shown:
            continue
        purpose = data.purpose(purpose_id)
        out.append(f"    {purpose.label(lang) if purpose else purpose_id}")
        for phase, cell in shown:
            label = text(f"phase.{phase.value}", lang)
            out.append(f"      {label:<{width}}  {_money_cell(cell, lang, notes)}")
            for line in cell.lines if cell else ():
                if line.note:
                    out.append(f"      {'':<{width}}  ({line.note})")
    totals = []
    for phase in BudgetPhase:
        total = view.total(phase, year)
        if total is not None:
            totals.append(f"{text(f'phase.{phase.value}', lang)} {fmt_money(total, lang)}")
    plan = view.plan_total(year)
    if plan is not None:
        totals.append(f"{text('plan', lang)} {fmt_money(plan, lang)}")
    if totals:
        out.append(f"    {text('totals', lang)} {year}: " + "; ".join(totals))
    shown_differences = [
        f"{text(key, lang)} {_signed(d, lang)}" for key, d in year_differences(view, year)
    ]
    if shown_differences:
        out.append(f"    {text('differences', lang)} {year}: " + "; ".join(shown_differences))
    return out


def funding_section(data: Dataset, lang: str, notes: Footnotes) -> list[str]:
    """The money per budget period, year, purpose and phase, with totals and differences."""
    years = sorted({line.fiscal_year for line in data.budget_lines})
    if not years:
        return []
    out = [text("funding", lang)]
    periods = data.budget_cadence.periods(years[0], years[-1])
    for index, period in enumerate(periods):
        view = budget_view(data.budget_lines, period)
        kind = f" ({text('double_budget', lang)})" if period.is_double else ""
        out.append(f"{text('budget_period', lang)} {period.label()}{kind}")
        for year in period.years:
            if any(line.fiscal_year == year for line in view.lines):
                out.extend(_year_block(view, year, data, lang, notes))
        plan = view.plan_total()
        if plan is not None:
            out.append(
                f"  {text('total_period', lang)} {period.label()}: {text('plan', lang)} "
                f"{fmt_money(plan, lang)}"
            )
        if index > 0:
            out.extend(
                f"  {line}" for line in comparison_lines(data, periods[index - 1], period, lang)
            )
    return out


def comparison_lines(
    data: Dataset, previous: BudgetPeriod, current: BudgetPeriod, lang: str
) -> list[str]:
    """Each year of ``current``'s draft against the plan of ``previous``'s last planned year:
    ``Kürzung 2021: Entwurf 0,00 € gegenüber Soll (aktueller Plan) 2020 80.000,00 €: …``."""
    comparison = compare_periods(data.budget_lines, previous, current, BudgetPhase.DRAFT)
    if comparison.base is None or comparison.base_year is None:
        return []
    out = []
    for row in comparison.years:
        if row.amount is None or row.change is None:
            continue
        kind = (
            "cut" if row.change.amount < 0 else "increase" if row.change.amount > 0 else "unchanged"
        )
        percent = f" ({fmt_percent(row.percent, lang)})" if row.percent is not None else ""
        out.append(
            f"{text(kind, lang)} {row.year}: {text('phase.draft', lang)} "
            f"{fmt_money(row.amount, lang)} {text('compared_to', lang)} {text('plan', lang)} "
            f"{comparison.base_year} {fmt_money(comparison.base, lang)}: "
            f"{_signed(row.change, lang)}{percent}"
        )
    return out


def review_section(data: Dataset, as_of: dt.date, lang: str, notes: Footnotes) -> list[str]:
    """Every duty of the review rules up to the year after ``as_of``, and where it stands."""
    if not data.review_rules:
        return []
    out = [f"{text('review_schedule', lang)} ({text('as_of', lang)} {fmt_date(as_of, lang)})"]
    for rule in data.review_rules:
        out.append(f"  {rule.title} {notes.cite(rule.source)}")
    for status in delivery_status(data.review_rules, data.reports, data.budget_cadence, as_of):
        item = status.item
        state = due_state_text(status, lang)
        if status.report is not None:
            cited = notes.cite(status.report.source)
            state += f": {status.report.title or status.report.id}" + (f" {cited}" if cited else "")
        out.append(
            f"  {fmt_date(item.due, lang):>12}  {item.rule.title} {item.period_label()}: {state}"
        )
    return out


def milestone_section(data: Dataset, as_of: dt.date, lang: str, notes: Footnotes) -> list[str]:
    """The milestones with a plan: first plan, every revision with its reasons, and the slip."""
    out: list[str] = []
    for milestone in data.milestones:
        slip = milestone_slip(milestone, as_of)
        if slip is None:
            continue
        if not out:
            out.append(text("milestones", lang))
        out.append(f"  {milestone.title}")
        out.append(
            f"    {text('first_plan', lang)}: {fmt_planned(slip.first_plan, lang)} "
            + notes.cite(milestone.planned_source)
        )
        for revision in milestone.revisions:
            moved = text(
                "revised_on",
                lang,
                date=fmt_date(revision.revised_on, lang),
                new=fmt_planned(revision.new_date, lang),
            )
            out.append(f"    {moved} {notes.cite(revision.source)}")
            if revision.reasons:
                out.append(f"      {text('reasons', lang)}:")
                out.extend(f"      – {reason}" for reason in revision.reasons)
        if slip.actual is not None:
            reached = f"{fmt_date(slip.actual, lang)} {notes.cite(milestone.actual_source)}"
        else:
            reached = text("not_reached", lang)
            if slip.overdue_days:
                reached += ", " + text_n("days_overdue", slip.overdue_days, lang)
        out.append(f"    {text('actual_date', lang)}: {reached}")
        out.append(f"    {text('milestone_slip', lang)}: {slip_text(slip, lang)}")
    return out


def full_text(data: Dataset, as_of: dt.date, lang: str) -> str:
    """All sections for one data set, with the list of sources at the end; without terminal
    control characters (see :func:`~integrationkonzept.safe.strip_controls`): it is shown on a
    terminal."""
    notes = Footnotes()
    sections = [
        concept_section(data, lang, notes),
        funding_section(data, lang, notes),
        review_section(data, as_of, lang, notes),
        milestone_section(data, as_of, lang, notes),
        notes.lines(lang),
    ]
    shown = "\n\n".join("\n".join(section) for section in sections if section) + "\n"
    return strip_controls(shown)
