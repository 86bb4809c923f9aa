"""The funding part of the view model: each budget period in detail and the two funding charts.

Every amount, total and difference comes from :mod:`integrationkonzept.calc.budget`; nothing is
added up here, nor in a renderer: each period also gives its figures with their sources and
phase keys, its differences and whether all was used as planned, for reports laid out
otherwise (Leipzig's Sachstandsbericht). The sentences of a period (its differences, its total,
the comparison of its draft with the plan before) are written here once, for every report that
shows them.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..calc.budget import BudgetView, budget_view, compare_periods
from ..i18n import fmt_money, fmt_percent, text
from ..model.budget import BudgetPhase
from ..model.dataset import Dataset
from ..model.money import Money
from ..model.periods import BudgetPeriod
from ..safe import clean_text
from .footnotes import Footnotes
from .view import (
    Amount,
    BarChart,
    Entry,
    Figure,
    PeriodBlock,
    PurposeAmounts,
    Series,
    TableData,
    YearAmounts,
    missing,
)

__all__ = ["comparison_lines", "funding", "year_differences"]


def funding(
    data: Dataset, lang: str, notes: Footnotes
) -> tuple[tuple[PeriodBlock, ...], tuple[Figure, ...]]:
    """Each budget period with budget lines, in order, and the funding charts (by purpose, by
    phase) that have something to show."""
    periods = _periods(data)
    blocks = []
    for index, period in enumerate(periods):
        previous = periods[index - 1] if index > 0 else None
        view = budget_view(data.budget_lines, period)
        if view.lines:
            blocks.append(_period_block(data, view, previous, lang, notes))
    figures = [
        _funding_by_purpose(data, periods, lang, notes),
        _funding_by_phase(data, periods, lang, notes),
    ]
    return tuple(blocks), tuple(figure for figure in figures if figure is not None)


def _money(amount: Money | None, lang: str, notes: tuple[int, ...] = ()) -> Entry:
    if amount is None:
        return missing(lang)
    return Entry(fmt_money(amount, lang), notes)


def _signed(amount: Money, lang: str) -> str:
    return ("+" if amount.amount > 0 else "") + fmt_money(amount, lang)


def _difference(amount: Money | None, lang: str) -> Entry | None:
    """A difference as shown, signed; ``None`` when it is not known."""
    return None if amount is None else Entry(_signed(amount, lang))


def _phase_label(phase: BudgetPhase, lang: str) -> str:
    return text(f"phase.{phase.value}", lang)


def _phase_totals(
    view: BudgetView, year: int | None, lang: str, notes: Footnotes
) -> tuple[Amount, ...]:
    """Each phase's total over all purposes (for a year, or the period), with its sources. The
    sources are those of the purposes' amounts, so this numbers no new source."""
    out = []
    for phase in view.phases():
        cell = view.cell(phase, year)
        if cell is not None:
            entry = Entry(fmt_money(cell.amount, lang), notes.numbers(*cell.sources))
            out.append(Amount(_phase_label(phase, lang), phase.value, entry, ()))
    return tuple(out)


def _plan_entry(view: BudgetView, year: int | None, lang: str, notes: Footnotes) -> Entry | None:
    plan = view.plan(year)
    return (
        None if plan is None else Entry(fmt_money(plan.amount, lang), notes.numbers(*plan.sources))
    )


def year_differences(view: BudgetView, year: int) -> list[tuple[str, Money]]:
    """The differences worth showing for a year, by text key: what the plan added to the draft
    (a buffer, the council's additions) and what was used against the plan."""
    found = [
        ("plan_minus_draft", view.plan_minus(BudgetPhase.DRAFT, year)),
        ("actual_minus_plan", view.actual_minus_plan(year)),
    ]
    return [(key, difference) for key, difference in found if difference is not None]


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
    notes: Footnotes,
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
    years = []
    for year in period.years:
        if not any(line.fiscal_year == year for line in view.lines):
            continue
        purposes = []
        for purpose_id in view.purposes():
            cells = [view.cell(phase, year, purpose_id) for phase in phases]
            plan = view.plan(year, purpose_id)
            if all(cell is None for cell in cells) and plan is None:
                continue
            label = _purpose_label(data, purpose_id, lang)
            row = [Entry(str(year)), Entry(label)]
            amounts = []
            for phase, cell in zip(phases, cells, strict=True):
                if cell is None:
                    row.append(missing(lang))
                    continue
                remarks = tuple(clean_text(line.note) for line in cell.lines if line.note)
                entry = Entry(fmt_money(cell.amount, lang), notes.numbers(*cell.sources))
                row.append(attrs.evolve(entry, hint="; ".join(remarks)))
                amounts.append(Amount(_phase_label(phase, lang), phase.value, entry, remarks))
            plan_entry = None
            if plan is not None:
                plan_entry = Entry(fmt_money(plan.amount, lang), notes.numbers(*plan.sources))
            row.append(missing(lang) if plan_entry is None else plan_entry)
            rows.append(tuple(row))
            used = _difference(view.actual_minus_plan(year, purpose_id), lang)
            purposes.append(PurposeAmounts(purpose_id, label, tuple(amounts), plan_entry, used))
        total_row = [Entry(str(year), strong=True), Entry(text("total", lang), strong=True)]
        totals = []
        for phase in phases:
            total = view.total(phase, year)
            total_row.append(attrs.evolve(_money(total, lang), strong=True))
            if total is not None:
                totals.append((_phase_label(phase, lang), Entry(fmt_money(total, lang))))
        plan_total = view.plan_total(year)
        total_row.append(attrs.evolve(_money(plan_total, lang), strong=True))
        if plan_total is not None:
            totals.append((text("plan", lang), Entry(fmt_money(plan_total, lang))))
        rows.append(tuple(total_row))
        shown = [f"{text(key, lang)} {_signed(d, lang)}" for key, d in year_differences(view, year)]
        differences = f"{text('differences', lang)} {year}: " + "; ".join(shown) if shown else ""
        years.append(
            YearAmounts(
                year,
                tuple(purposes),
                tuple(totals),
                differences,
                phase_totals=_phase_totals(view, year, lang, notes),
                plan_total=_plan_entry(view, year, lang, notes),
                actual_minus_plan=_difference(view.actual_minus_plan(year), lang),
                plan_minus_draft=_difference(view.plan_minus(BudgetPhase.DRAFT, year), lang),
            )
        )
    period_total = view.plan_total()
    total_line = ""
    if period_total is not None:
        total_line = (
            f"{text('total_period', lang)} {period.label()}: {text('plan', lang)} "
            f"{fmt_money(period_total, lang)}"
        )
    comparisons = comparison_lines(data, previous, period, lang) if previous is not None else []
    kind = f" ({text('double_budget', lang)})" if period.is_double else ""
    title = f"{text('budget_period', lang)} {period.label()}{kind}"
    numeric = tuple(range(2, len(header)))
    table = TableData(text("period_table", lang), header, tuple(rows), numeric)
    complete = view.complete()
    return PeriodBlock(
        title,
        table,
        tuple(years),
        total_line,
        tuple(comparisons),
        label=period.label(),
        double=period.is_double,
        purposes=view.purposes(),
        phase_totals=_phase_totals(view, None, lang, notes),
        plan_total=_plan_entry(view, None, lang, notes),
        actual_minus_plan=_difference(view.actual_minus_plan(), lang) if complete else None,
        all_used=view.used_as_planned(),
        remarks=tuple(dict.fromkeys(clean_text(line.note) for line in view.lines if line.note)),
    )


def _short_money(amount: Money, lang: str) -> str:
    from babel.numbers import format_currency

    locale, pattern = ("de_DE", "#,##0\u00a0¤") if lang == "de" else ("en_US", "¤#,##0")
    return format_currency(
        amount.amount, "EUR", format=pattern, locale=locale, currency_digits=False
    )


def _funding_by_purpose(
    data: Dataset, periods: Sequence[BudgetPeriod], lang: str, notes: Footnotes
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
                plans[(year, purpose_id)] = (plan.amount, notes.numbers(*plan.sources))
    if not years:
        return None
    series = [
        _money_series(
            _purpose_label(data, purpose_id, lang),
            [plans.get((year, purpose_id)) for year in years],
            lang,
        )
        for purpose_id in purposes
    ]
    chart = _money_chart("funding-purpose", "chart.funding_purpose", years, series, lang, True)
    header = (text("purpose", lang), *(str(year) for year in years))
    rows = []
    all_notes: set[int] = set()
    for purpose_id in purposes:
        row = [Entry(_purpose_label(data, purpose_id, lang))]
        for year in years:
            shown = plans.get((year, purpose_id))
            if shown is None:
                row.append(missing(lang))
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
    data: Dataset, periods: Sequence[BudgetPeriod], lang: str, notes: Footnotes
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
                    found[(year, index)] = (cell.amount, notes.numbers(*cell.sources))
    # A phase without a figure in any year would be a legend entry without bars and a column of
    # dashes: chart and table show only the phases that have figures.
    shown = [
        (label, [found.get((year, index)) for year in years])
        for index, (label, _) in enumerate(columns)
        if any((year, index) in found for year in years)
    ]
    if not shown:
        return None
    series = [_money_series(label, values, lang) for label, values in shown]
    chart = _money_chart("funding-phase", "chart.funding_phase", years, series, lang, False)
    header = (text("year", lang), *(label for label, _ in shown))
    rows = []
    all_notes: set[int] = set()
    for number, year in enumerate(years):
        row = [Entry(str(year))]
        for _, values in shown:
            value = values[number]
            if value is None:
                row.append(missing(lang))
            else:
                row.append(Entry(fmt_money(value[0], lang), value[1]))
                all_notes.update(value[1])
        rows.append(tuple(row))
    table = TableData(
        text("table_for_chart", lang), header, tuple(rows), tuple(range(1, len(header)))
    )
    return Figure(chart, table, tuple(sorted(all_notes)))


def _money_series(label: str, values: Sequence[tuple[Money, object] | None], lang: str) -> Series:
    """A chart series of amounts (``None``: no figure that year), labelled with short money."""
    return Series(
        label,
        tuple(None if v is None else v[0].amount for v in values),
        tuple("" if v is None else _short_money(v[0], lang) for v in values),
    )


def _money_chart(
    key: str, title: str, years: Sequence[int], series: Sequence[Series], lang: str, stacked: bool
) -> BarChart:
    """A bar chart of amounts per year; ``title`` is the text key of its title and description."""
    return BarChart(
        key=key,
        title=text(title, lang),
        description=text(f"{title}.desc", lang),
        categories=tuple(str(year) for year in years),
        series=tuple(series),
        axis_label=text("amount_axis", lang),
        missing_label=text("none_known", lang),
        lang=lang,
        stacked=stacked,
    )
