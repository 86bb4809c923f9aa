"""The report format ``leipzig-sachstandsbericht``: a status report on council decisions, in the
shape of Leipzig's „Bericht zum Stand der Umsetzung“.

It states what was decided (every paper of the data set with a decision: body, date, result,
vote, text), then, per budget period, the money per purpose and year as planned (adopted, and the
current plan after revisions) and as used (actual), with totals and differences, and a footnote
for every figure naming its source (:class:`~integrationkonzept.plugin.Footnotes`). Every
figure comes from :mod:`integrationkonzept.calc.budget`; nothing is added up here. The difference
to the draft is the current plan minus the draft (``BudgetView.plan_minus``), as in the core's
reports; "used as planned" is said only when every purpose in every year used its plan exactly.
A data set without budget lines says so. Output: Markdown or DOCX (through
:mod:`integrationkonzept.reports.document`), German by default, English with ``lang="en"``.
"""

from __future__ import annotations

from typing import Final

from integrationkonzept.model import BudgetPeriod, BudgetPhase, Dataset, Decision, Money, Paper
from integrationkonzept.plugin import (
    Block,
    BudgetView,
    Cell,
    Document,
    Footnotes,
    Heading,
    Items,
    Paragraph,
    RenderOptions,
    ReportFormat,
    Table,
    budget_view,
    fmt_date,
    fmt_money,
    quoted,
)

__all__ = ["TEXTS", "document", "render", "report_format"]

#: Every text of the report: key → (German, English).
TEXTS: Final[dict[str, tuple[str, str]]] = {
    "title": ("Sachstandsbericht: {city}", "Status report: {city}"),
    "intro": (
        "Stand: {date}. Bericht zum Stand der Umsetzung der Beschlüsse im Datensatz "
        "{city} (AGS {ags}): was beschlossen wurde, welche Mittel je Zweck und Jahr geplant und "
        "welche verwendet wurden. Alle Beträge sind aus den Haushaltszeilen berechnet; die "
        "Zahlen in eckigen Klammern verweisen auf die Quellen am Ende.",
        "As of {date}. Report on the implementation of the decisions in the data set for {city} "
        "(AGS {ags}): what was decided, which funds were planned per purpose and year and which "
        "were used. All amounts are computed from the budget lines; the numbers in square "
        "brackets refer to the sources at the end.",
    ),
    "decisions": ("Beschlüsse", "Decisions"),
    "no_decisions": (
        "Der Datensatz enthält keine Vorlage mit Beschluss.",
        "The data set holds no paper with a decision.",
    ),
    "body": ("Gremium", "Body"),
    "date": ("Datum", "Date"),
    "result": ("Ergebnis", "Result"),
    "vote": ("Abstimmung", "Vote"),
    "votes": (
        "{yes} Ja, {no} Nein, {abstentions} Enthaltungen",
        "{yes} yes, {no} no, {abstentions} abstentions",
    ),
    "decision_text": ("Beschlusstext", "Text of the decision"),
    "not_stated": ("nicht angegeben", "not stated"),
    "money": ("Mittel nach Zweck und Jahr", "Funds by purpose and year"),
    "no_budget": (
        "Der Datensatz enthält keine Haushaltszeilen: über geplante und verwendete Mittel kann "
        "dieser Bericht nichts sagen.",
        "The data set holds no budget lines: this report cannot say anything about planned or "
        "used funds.",
    ),
    "double_budget": ("Doppelhaushalt {label}", "Double budget {label}"),
    "single_budget": ("Haushalt {label}", "Budget {label}"),
    "purpose": ("Zweck", "Purpose"),
    "year": ("Jahr", "Year"),
    "adopted": ("beschlossen", "adopted"),
    "plan": ("Soll (aktueller Plan)", "plan (current)"),
    "actual": ("verwendet (Ist)", "used (actual)"),
    "actual_minus_plan": ("Ist − Soll", "actual − plan"),
    "sources": ("Quellen", "Sources"),
    "total_year": ("Summe {year}", "Total {year}"),
    "total_period": ("Summe {label}", "Total {label}"),
    "no_plan_rows": (
        "Für diesen Zeitraum sind weder beschlossene noch verwendete Mittel erfasst.",
        "No adopted or used funds are recorded for this period.",
    ),
    "course": ("Verlauf je Jahr (alle Zwecke)", "Course per year (all purposes)"),
    "draft": ("Entwurf", "draft"),
    "requested": ("beantragt", "requested"),
    "revised": ("geändert", "revised"),
    "plan_minus_draft": ("Soll − Entwurf", "plan − draft"),
    "unknown": ("–", "–"),
    "differences": ("Unterschiede", "Differences"),
    "no_actual": ("kein Ist erfasst", "no actual recorded"),
    "whole_period": ("Zeitraum", "period"),
    "all_used": (
        "Die verwendeten Mittel entsprechen im ganzen Zeitraum dem Soll.",
        "The funds used equal the plan for the whole period.",
    ),
    "note": ("Hinweis", "Note"),
    "no_sources": ("Keine Quellen angegeben.", "No sources given."),
}

_PHASES: Final = (
    ("draft", BudgetPhase.DRAFT),
    ("requested", BudgetPhase.REQUESTED),
    ("adopted", BudgetPhase.ADOPTED),
    ("revised", BudgetPhase.REVISED),
)


def _t(key: str, lang: str, **values: object) -> str:
    german, english = TEXTS[key]
    template = english if lang == "en" else german
    return template.format(**values) if values else template


def _money(amount: Money | None, lang: str, signed: bool = False) -> str:
    if amount is None:
        return _t("unknown", lang)
    text = fmt_money(amount, lang)
    return f"+{text}" if signed and amount.amount > 0 else text


def _cell(cell: Cell | None, lang: str) -> str:
    return _money(cell.amount if cell is not None else None, lang)


def _decision_blocks(paper: Paper, decision: Decision, lang: str, notes: Footnotes) -> list[Block]:
    heading = paper.reference + (f" – {paper.title}" if paper.title else "")
    cite = notes.cite(decision.source or paper.source)
    facts = [
        f"{_t('body', lang)}: {decision.body}",
        f"{_t('date', lang)}: {fmt_date(decision.date, lang)}",
        f"{_t('result', lang)}: {decision.kind or _t('not_stated', lang)}",
    ]
    vote: list[str] = []
    if decision.votes is not None:
        votes = decision.votes
        vote.append(_t("votes", lang, yes=votes.yes, no=votes.no, abstentions=votes.abstentions))
    if decision.vote_text:
        vote.append(quoted(decision.vote_text, lang))
    if vote:
        facts.append(f"{_t('vote', lang)}: {'; '.join(vote)}")
    if cite:
        facts[-1] += f" {cite}"
    blocks: list[Block] = [Heading(heading, 2), Items(tuple(facts))]
    if decision.text:
        blocks.append(Paragraph(f"{_t('decision_text', lang)}:"))
        blocks += _text_blocks(decision.text)
    return blocks


_BULLET: Final = ("• ", "- ", "* ", "– ", "· ")


def _text_blocks(text: str) -> list[Block]:
    """Text as written: paragraphs at blank lines, wrapped lines joined, bullets as a list."""
    blocks: list[Block] = []
    for chunk in text.split("\n\n"):
        paragraph: list[str] = []
        items: list[str] = []
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if line.startswith(_BULLET):
                if paragraph:
                    blocks.append(Paragraph(" ".join(paragraph)))
                    paragraph = []
                items.append(line[2:].strip())
            elif items:
                items[-1] += f" {line}"
            else:
                paragraph.append(line)
        if items:
            blocks.append(Items(tuple(items)))
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
    return blocks


def _purpose_label(data: Dataset, purpose: str, lang: str) -> str:
    found = data.purpose(purpose)
    return found.label(lang) if found is not None else purpose


def _sub_view(view: BudgetView, purpose: str) -> BudgetView:
    """The view restricted to one purpose, so the calculations can give its differences."""
    return budget_view([line for line in view.lines if line.purpose == purpose], view.period)


def _money_table(data: Dataset, view: BudgetView, lang: str, notes: Footnotes) -> list[Block]:
    header = (
        _t("purpose", lang),
        _t("year", lang),
        _t("adopted", lang),
        _t("plan", lang),
        _t("actual", lang),
        _t("actual_minus_plan", lang),
        _t("sources", lang),
    )
    rows: list[tuple[str, ...]] = []
    for purpose in view.purposes():
        single = _sub_view(view, purpose)
        for year in view.period.years:
            adopted = single.cell(BudgetPhase.ADOPTED, year)
            plan = single.plan(year)
            actual = single.cell(BudgetPhase.ACTUAL, year)
            if plan is None and actual is None and adopted is None:
                continue
            sources = [
                source
                for cell in (adopted, plan, actual)
                if cell is not None
                for source in cell.sources
            ]
            rows.append(
                (
                    _purpose_label(data, purpose, lang),
                    str(year),
                    _cell(adopted, lang),
                    _cell(plan, lang),
                    _cell(actual, lang),
                    _money(single.actual_minus_plan(year), lang, signed=True),
                    notes.cite(*sources),
                )
            )
    if not rows:
        return [Paragraph(_t("no_plan_rows", lang))]
    shown_years = [
        year
        for year in view.period.years
        if view.plan_total(year) is not None
        or view.total(BudgetPhase.ACTUAL, year) is not None
        or view.total(BudgetPhase.ADOPTED, year) is not None
    ]
    for year in shown_years:
        rows.append(
            (
                _t("total_year", lang, year=year),
                str(year),
                _money(view.total(BudgetPhase.ADOPTED, year), lang),
                _money(view.plan_total(year), lang),
                _money(view.total(BudgetPhase.ACTUAL, year), lang),
                _money(view.actual_minus_plan(year), lang, signed=True),
                "",
            )
        )
    if len(shown_years) > 1:
        label = view.period.label()
        rows.append(
            (
                _t("total_period", lang, label=label),
                label,
                _money(view.total(BudgetPhase.ADOPTED), lang),
                _money(view.plan_total(), lang),
                _money(view.total(BudgetPhase.ACTUAL), lang),
                _money(view.actual_minus_plan() if _complete(view) else None, lang, signed=True),
                "",
            )
        )
    return [Table(header, tuple(rows), numeric=(2, 3, 4, 5))]


def _course_table(view: BudgetView, lang: str, notes: Footnotes) -> list[Block]:
    header = (
        _t("year", lang),
        *(_t(key, lang) for key, _phase in _PHASES),
        _t("plan", lang),
        _t("actual", lang),
        _t("plan_minus_draft", lang),
        _t("sources", lang),
    )
    rows: list[tuple[str, ...]] = []
    for year in view.period.years:
        cells = [view.cell(phase, year) for _key, phase in _PHASES]
        plan = view.plan(year)
        actual = view.cell(BudgetPhase.ACTUAL, year)
        if all(cell is None for cell in (*cells, plan, actual)):
            continue
        sources = [
            source for cell in (*cells, plan, actual) if cell is not None for source in cell.sources
        ]
        rows.append(
            (
                str(year),
                *(_cell(cell, lang) for cell in cells),
                _cell(plan, lang),
                _cell(actual, lang),
                _money(view.plan_minus(BudgetPhase.DRAFT, year), lang, signed=True),
                notes.cite(*sources),
            )
        )
    if not rows:
        return []
    return [
        Heading(_t("course", lang), 3),
        Table(header, tuple(rows), numeric=(1, 2, 3, 4, 5, 6, 7)),
    ]


def _planned_years(view: BudgetView) -> list[int]:
    return [year for year in view.period.years if view.plan_total(year) is not None]


def _complete(view: BudgetView) -> bool:
    """Whether every planned year of the period has a reported actual figure."""
    planned = _planned_years(view)
    return bool(planned) and all(
        view.total(BudgetPhase.ACTUAL, year) is not None for year in planned
    )


def _all_used(view: BudgetView) -> bool:
    """Whether every planned year is reported and every purpose used exactly its plan in every
    year (differences that cancel out across years or purposes do not count as used)."""
    if not _complete(view):
        return False
    for purpose in view.purposes():
        single = _sub_view(view, purpose)
        for year in view.period.years:
            if single.plan(year) is None and single.cell(BudgetPhase.ACTUAL, year) is None:
                continue
            if single.actual_minus_plan(year) != Money.zero():
                return False
    return True


def _differences(view: BudgetView, lang: str) -> Paragraph | None:
    """Actual − plan per planned year (and for the period when every year is reported), and
    plan − draft per year, all from the budget view."""
    used = []
    for year in _planned_years(view):
        difference = view.actual_minus_plan(year)
        shown = _t("no_actual", lang) if difference is None else _money(difference, lang, True)
        used.append(f"{year} {shown}")
    if _complete(view) and len(used) > 1:
        whole = _money(view.actual_minus_plan(), lang, signed=True)
        used.append(f"{_t('whole_period', lang)} {whole}")
    changes = []
    for year in view.period.years:
        change = view.plan_minus(BudgetPhase.DRAFT, year)
        if change is not None:
            changes.append(f"{year} {_money(change, lang, signed=True)}")
    parts = []
    if used:
        parts.append(f"{_t('actual_minus_plan', lang)}: {', '.join(used)}")
    if changes:
        parts.append(f"{_t('plan_minus_draft', lang)}: {', '.join(changes)}")
    if not parts:
        return None
    return Paragraph(f"{_t('differences', lang)} {view.period.label()} – {'; '.join(parts)}.")


def _periods(data: Dataset) -> tuple[BudgetPeriod, ...]:
    years = [line.fiscal_year for line in data.budget_lines]
    return data.budget_cadence.periods(min(years), max(years)) if years else ()


def _notes_of(view: BudgetView) -> list[str]:
    return list(dict.fromkeys(line.note for line in view.lines if line.note))


def document(data: Dataset, options: RenderOptions) -> Document:
    """The report as a neutral document (rendered to Markdown or DOCX by :func:`render`)."""
    lang = options.lang
    city = data.municipality.name
    notes = Footnotes()
    blocks: list[Block] = [
        Paragraph(
            _t(
                "intro",
                lang,
                date=fmt_date(options.as_of, lang),
                city=city,
                ags=data.municipality.ags,
            )
        ),
        Heading(_t("decisions", lang), 1),
    ]
    decided = [paper for paper in data.papers if paper.decision is not None]
    if not decided:
        blocks.append(Paragraph(_t("no_decisions", lang)))
    for paper in decided:
        assert paper.decision is not None
        blocks += _decision_blocks(paper, paper.decision, lang, notes)

    blocks.append(Heading(_t("money", lang), 1))
    periods = [period for period in _periods(data) if budget_view(data.budget_lines, period).lines]
    if not periods:
        blocks.append(Paragraph(_t("no_budget", lang)))
    for period in periods:
        view = budget_view(data.budget_lines, period)
        key = "double_budget" if period.is_double else "single_budget"
        blocks.append(Heading(_t(key, lang, label=period.label()), 2))
        blocks += _money_table(data, view, lang, notes)
        blocks += _course_table(view, lang, notes)
        differences = _differences(view, lang)
        if differences is not None:
            blocks.append(differences)
        if _all_used(view):
            blocks.append(Paragraph(_t("all_used", lang)))
        remarks = _notes_of(view)
        if remarks:
            blocks.append(Items(tuple(f"{_t('note', lang)}: {remark}" for remark in remarks)))

    blocks.append(Heading(_t("sources", lang), 1))
    footnotes = tuple(entry.strip() for entry in notes.lines(lang)[1:])
    blocks.append(Items(footnotes) if footnotes else Paragraph(_t("no_sources", lang)))
    return Document(_t("title", lang, city=city), tuple(blocks))


def render(data: Dataset, options: RenderOptions) -> bytes:
    """The report as ``options.kind`` (``md`` or ``docx``)."""
    if options.lang not in ("de", "en"):
        raise ValueError(f"unknown language {options.lang!r}; choose de or en")
    built = document(data, options)
    if options.kind == "docx":
        return built.docx()
    if options.kind == "md":
        return built.markdown().encode("utf-8")
    raise ValueError(f"unknown kind {options.kind!r}; choose md or docx")


def report_format() -> ReportFormat:
    """The report format ``leipzig-sachstandsbericht``."""
    return ReportFormat(
        "leipzig-sachstandsbericht",
        "Sachstandsbericht nach Leipziger Muster: Beschlüsse, Mittel je Zweck und Jahr "
        "(geplant und verwendet) mit Quellen, Summen und Unterschieden",
        ("md", "docx"),
        render,
    )
