"""The report format ``leipzig-sachstandsbericht``: a status report on council decisions, in the
shape of Leipzig's „Bericht zum Stand der Umsetzung“.

It states what was decided (every paper of the data set with a decision: body, date, result,
vote, text), then, per budget period, the money per purpose and year as planned (adopted, and the
current plan after revisions) and as used (actual), with totals and differences, and a footnote
for every figure naming its source. Everything comes from the core's view model
(:func:`~integrationkonzept.plugin.build_overview` with ``papers=True``): its papers, and its
budget periods with their amounts, totals, differences and the "used as planned" flag, all
computed there from :mod:`integrationkonzept.calc.budget`; nothing is added up here, and
:class:`~integrationkonzept.plugin.Citations` numbers the sources this report cites from 1. The
difference to the draft is the current plan minus the draft, as in the core's reports; "used as
planned" is said only when every purpose in every year used its plan exactly. A data set without
budget lines says so. Output: Markdown or DOCX (through the plugin API's
:class:`~integrationkonzept.plugin.Document`), German by default, English with ``lang="en"``.
"""

from __future__ import annotations

from typing import Final

from integrationkonzept.model import Dataset
from integrationkonzept.plugin import (
    Block,
    Citations,
    Document,
    Entry,
    Heading,
    Items,
    PaperBlock,
    Paragraph,
    PeriodBlock,
    RenderOptions,
    ReportFormat,
    Table,
    build_overview,
    fmt_date,
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

#: The phases of the course table, by key, in the order of the budget cycle.
_PHASES: Final = ("draft", "requested", "adopted", "revised")


def _t(key: str, lang: str, **values: object) -> str:
    german, english = TEXTS[key]
    template = english if lang == "en" else german
    return template.format(**values) if values else template


def _shown(entry: Entry | None, lang: str) -> str:
    return _shown_or(entry, "unknown", lang)


def _shown_or(entry: Entry | None, key: str, lang: str) -> str:
    return _t(key, lang) if entry is None else entry.text


def _notes(*entries: Entry | None) -> tuple[int, ...]:
    """The source numbers of the entries, in their order (so the first source cited is
    numbered first)."""
    return tuple(number for entry in entries if entry is not None for number in entry.notes)


def _decision_blocks(paper: PaperBlock, lang: str, cited: Citations) -> list[Block]:
    decision = paper.decision
    heading = paper.reference + (f" – {paper.title}" if paper.title else "")
    cite = cited.cite(decision.notes or paper.notes)
    facts = [
        f"{_t('body', lang)}: {decision.body}",
        f"{_t('date', lang)}: {decision.date}",
        f"{_t('result', lang)}: {decision.result or _t('not_stated', lang)}",
    ]
    vote: list[str] = []
    if decision.votes is not None:
        yes, no, abstentions = decision.votes
        vote.append(_t("votes", lang, yes=yes, no=no, abstentions=abstentions))
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


def _money_table(period: PeriodBlock, lang: str, cited: Citations) -> list[Block]:
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
    for purpose_id in period.purposes:
        for year in period.years:
            found = next((p for p in year.purposes if p.id == purpose_id), None)
            if found is None:
                continue
            adopted, plan, actual = found.amount("adopted"), found.plan, found.amount("actual")
            if plan is None and actual is None and adopted is None:
                continue
            rows.append(
                (
                    found.label,
                    str(year.year),
                    _shown(adopted, lang),
                    _shown(plan, lang),
                    _shown(actual, lang),
                    _shown(found.actual_minus_plan, lang),
                    cited.cite(_notes(adopted, plan, actual)),
                )
            )
    if not rows:
        return [Paragraph(_t("no_plan_rows", lang))]
    shown_years = [
        year
        for year in period.years
        if year.plan_total is not None
        or year.total("actual") is not None
        or year.total("adopted") is not None
    ]
    for year in shown_years:
        rows.append(
            (
                _t("total_year", lang, year=year.year),
                str(year.year),
                _shown(year.total("adopted"), lang),
                _shown(year.plan_total, lang),
                _shown(year.total("actual"), lang),
                _shown(year.actual_minus_plan, lang),
                "",
            )
        )
    if len(shown_years) > 1:
        rows.append(
            (
                _t("total_period", lang, label=period.label),
                period.label,
                _shown(period.total_of("adopted"), lang),
                _shown(period.plan_total, lang),
                _shown(period.total_of("actual"), lang),
                _shown(period.actual_minus_plan, lang),
                "",
            )
        )
    return [Table(header, tuple(rows), numeric=(2, 3, 4, 5))]


def _course_table(period: PeriodBlock, lang: str, cited: Citations) -> list[Block]:
    header = (
        _t("year", lang),
        *(_t(key, lang) for key in _PHASES),
        _t("plan", lang),
        _t("actual", lang),
        _t("plan_minus_draft", lang),
        _t("sources", lang),
    )
    rows: list[tuple[str, ...]] = []
    for year in period.years:
        cells = [year.total(key) for key in _PHASES]
        plan, actual = year.plan_total, year.total("actual")
        if all(cell is None for cell in (*cells, plan, actual)):
            continue
        rows.append(
            (
                str(year.year),
                *(_shown(cell, lang) for cell in cells),
                _shown(plan, lang),
                _shown(actual, lang),
                _shown(year.plan_minus_draft, lang),
                cited.cite(_notes(*cells, plan, actual)),
            )
        )
    if not rows:
        return []
    return [
        Heading(_t("course", lang), 3),
        Table(header, tuple(rows), numeric=(1, 2, 3, 4, 5, 6, 7)),
    ]


def _differences(period: PeriodBlock, lang: str) -> Paragraph | None:
    """Actual − plan per planned year (and for the period when every year is reported), and
    plan − draft per year, as the view model gives them."""
    planned = [year for year in period.years if year.plan_total is not None]
    used = [
        f"{year.year} {_shown_or(year.actual_minus_plan, 'no_actual', lang)}" for year in planned
    ]
    if period.actual_minus_plan is not None and len(used) > 1:
        used.append(f"{_t('whole_period', lang)} {period.actual_minus_plan.text}")
    changes = [
        f"{year.year} {year.plan_minus_draft.text}"
        for year in period.years
        if year.plan_minus_draft is not None
    ]
    parts = []
    if used:
        parts.append(f"{_t('actual_minus_plan', lang)}: {', '.join(used)}")
    if changes:
        parts.append(f"{_t('plan_minus_draft', lang)}: {', '.join(changes)}")
    if not parts:
        return None
    return Paragraph(f"{_t('differences', lang)} {period.label} – {'; '.join(parts)}.")


def document(data: Dataset, options: RenderOptions) -> Document:
    """The report as a neutral document (rendered to Markdown or DOCX by :func:`render`)."""
    lang = options.lang
    overview = build_overview(data, options.as_of, lang, measures=False, papers=True)
    cited = Citations(overview.sources)
    city = data.municipality.name
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
    if not overview.papers:
        blocks.append(Paragraph(_t("no_decisions", lang)))
    for paper in overview.papers:
        blocks += _decision_blocks(paper, lang, cited)

    blocks.append(Heading(_t("money", lang), 1))
    if not overview.periods:
        blocks.append(Paragraph(_t("no_budget", lang)))
    for period in overview.periods:
        key = "double_budget" if period.double else "single_budget"
        blocks.append(Heading(_t(key, lang, label=period.label), 2))
        blocks += _money_table(period, lang, cited)
        blocks += _course_table(period, lang, cited)
        differences = _differences(period, lang)
        if differences is not None:
            blocks.append(differences)
        if period.all_used:
            blocks.append(Paragraph(_t("all_used", lang)))
        if period.remarks:
            blocks.append(
                Items(tuple(f"{_t('note', lang)}: {remark}" for remark in period.remarks))
            )

    blocks.append(Heading(_t("sources", lang), 1))
    footnotes = tuple(entry.strip() for entry in cited.lines(lang)[1:])
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
