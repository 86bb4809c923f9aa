"""Report format ``magdeburg-stellungnahme``: the administration's statement in Magdeburg's shape.

A header block (Stadtamt, Stellungnahme-Nr., Datum, zum/zur, Bezeichnung, Verteiler with its day),
the inquiry as the data holds it (its questions, else its text, else what is missing), then the
two questions every inquiry on the concept asks, each answered in turn from the data set's
milestones (``Zur Frage 1)``/``Zur Frage 2)`` when the statement holds exactly the inquiry's two
questions, as S0518/19 does; else headed by the questions themselves):

1. how far the process is: every step reached by the reference day, with its source;
2. when the concept will come: each plan with its revisions and their reasons, what was reached,
   the slip as :func:`integrationkonzept.calc.review.milestone_slip` computes it, and the edition
   of the concept once adopted.

The header comes from the data set's Stellungnahme (the latest, if there are several); without
one it is built from the data, and says what is missing instead of inventing it. The data is read
as known on the reference day (``RenderOptions.as_of``): steps reached later and plan changes made
later are left out. German by default, English with ``lang="en"`` (texts from the data stay as the
city wrote them). The milestones, guidelines, editions and sources come from the core's view model
(:func:`integrationkonzept.plugin.build_overview`), so planned dates, changes of plan, slips,
counts and source entries are written as in every other report; ``_TEXTS`` holds only this
report's sentences, and :class:`~integrationkonzept.plugin.Citations` numbers the sources it
cites.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.model import Dataset, Milestone, Paper, RelationKind
from integrationkonzept.plugin import (
    Block,
    Citations,
    Document,
    Heading,
    Items,
    MilestoneBlock,
    Overview,
    Paragraph,
    RenderOptions,
    ReportFormat,
    Table,
    build_overview,
    fmt_date,
    quoted,
    text,
    text_n,
)

from .profile import AGS
from .references import parse_reference

__all__ = ["REPORT_FORMAT", "render_statement", "statement_document"]

_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "title": ("Stellungnahme der Verwaltung", "Statement of the administration"),
    "field": ("Angabe", "Field"),
    "entry": ("Inhalt", "Entry"),
    "office": ("Stadtamt", "Office (Stadtamt)"),
    "number": ("Stellungnahme-Nr.", "Statement no."),
    "date": ("Datum", "Date"),
    "re": ("zum/zur", "Re"),
    "subject": ("Bezeichnung", "Subject"),
    "distribution": ("Verteiler", "Distribution"),
    "day": ("Tag {date}", "day {date}"),
    "no_statement_number": (
        "noch nicht vergeben (keine Stellungnahme im Datensatz)",
        "not yet assigned (no statement in the data set)",
    ),
    "no_statement": ("keine Stellungnahme im Datensatz", "no statement in the data set"),
    "as_of_date": ("{date} (Stichtag dieses Berichts)", "{date} (reference day of this report)"),
    "no_inquiry": ("keine Anfrage im Datensatz", "no inquiry in the data set"),
    "default_subject": ("Stand des Integrationskonzepts", "State of the integration concept"),
    "intro_dated": (
        "Am {date} wurde {following} {kind} im Stadtrat eingebracht:",
        "On {date} the following {kind} was brought before the city council:",
    ),
    "intro": ("{Following} {kind} wurde eingebracht:", "The following {kind} was brought in:"),
    "unquoted_dated": (
        "Am {date} wurde {article} {kind} {reference} im Stadtrat eingebracht; der Wortlaut ist "
        "im Datensatz nicht erfasst.",
        "On {date} the {kind} {reference} was brought before the city council; its wording is "
        "not recorded in the data set.",
    ),
    "unquoted": (
        "Die Stellungnahme antwortet auf {reference}; der Wortlaut ist im Datensatz nicht erfasst.",
        "The statement answers {reference}; its wording is not recorded in the data set.",
    ),
    "kind_inquiry": ("Anfrage", "inquiry"),
    "kind_paper": ("Vorlage", "paper"),
    "asked": ("Fragen der {kind} {reference}", "Questions of the {kind} {reference}"),
    "stance_magdeburg": (
        "Die Verwaltung der Landeshauptstadt Magdeburg kann folgend Stellung nehmen.",
        "The administration of the Landeshauptstadt Magdeburg states as follows.",
    ),
    "stance": ("Die Verwaltung kann folgend Stellung nehmen.", "The administration states:"),
    "re_question": ("Zur Frage {n})", "Re question {n})"),
    "question_progress": (
        "Wie weit ist der Prozess fortgeschritten?",
        "How far has the process progressed?",
    ),
    "question_when": (
        "Bis wann wird dem Stadtrat das Konzept vorgelegt?",
        "When will the concept be put before the city council?",
    ),
    "reached_intro": ("Erreicht ist ({as_of}):", "Reached ({as_of}):"),
    "as_of_day": ("Stand {date}", "as of {date}"),
    "none_reached": (
        "Der Datensatz nennt bis zum {date} keinen erreichten Schritt.",
        "The data set names no step reached by {date}.",
    ),
    "guidelines": ("{title} beschlossen", "{title} adopted"),
    "reasons": ("Gründe der Verschiebung vom {date}:", "Reasons given for the change of {date}:"),
    "reached_on": ("erreicht am {date}", "reached on {date}"),
    "slip_actual": (
        "Verzug gegenüber dem ersten Plan: {slip}",
        "delay against the first plan: {slip}",
    ),
    "slip_plan": ("später als der erste Plan: {slip}", "later than the first plan: {slip}"),
    "slip_early": ("{days} früher als zuerst geplant", "{days} earlier than first planned"),
    "slip_none": ("kein Verzug gegenüber dem ersten Plan", "no delay against the first plan"),
    "revisions_0": ("keine Planänderung", "no revision"),
    "none_planned": (
        "Der Datensatz enthält keinen geplanten Termin.",
        "The data set holds no planned date.",
    ),
    "edition": (
        "Das Konzept {title} wurde am {date} beschlossen{paper}.",
        "The concept {title} was adopted on {date}{paper}.",
    ),
    "no_edition": (
        "Eine beschlossene Fassung des Konzepts liegt zum {date} nicht vor.",
        "No edition of the concept has been adopted as of {date}.",
    ),
    "no_concept": (
        "Eine beschlossene Fassung des Konzepts ist im Datensatz nicht erfasst.",
        "The data set records no adopted edition of the concept.",
    ),
}


def _t(key: str, lang: str, **values: object) -> str:
    german, english = _TEXTS[key]
    template = english if lang == "en" else german
    return template.format(**values) if values else template


def _grammar(kind: str) -> dict[str, str]:
    """``folgende``/``folgender`` and ``die``/``der`` for the (German) kind of a paper."""
    masculine = kind.lower().endswith("antrag")
    following = "folgender" if masculine else "folgende"
    return {
        "following": following,
        "Following": following.capitalize(),
        "article": "der" if masculine else "die",
    }


def _is_statement(paper: Paper) -> bool:
    if paper.kind == "Stellungnahme":
        return True
    try:
        parsed = parse_reference(paper.reference)
    except ParseError:
        return False
    return dict(parsed.parts)["prefix"] == "S" and parsed.parent is None


def _statement_paper(data: Dataset) -> Paper | None:
    found = [paper for paper in data.papers if _is_statement(paper)]
    if not found:
        return None
    return max(found, key=lambda paper: paper.date or dt.date.min)


def _answered(data: Dataset, statement: Paper | None) -> tuple[str, Paper | None]:
    """The reference the statement answers and that paper when the data holds it; without a
    statement, the data set's latest inquiry."""
    if statement is not None:
        relation = next(
            (r for r in statement.relations if r.kind is RelationKind.ANSWERS),
            next(
                (r for r in statement.relations if r.kind is RelationKind.POSITION_ON),
                None,
            ),
        )
        if relation is None:
            return "", None
        return relation.reference, data.paper(relation.reference)
    inquiries = [paper for paper in data.papers if paper.kind == "Anfrage"]
    if not inquiries:
        return "", None
    latest = max(inquiries, key=lambda paper: paper.date or dt.date.min)
    return latest.reference, latest


def _header(
    data: Dataset, statement: Paper | None, lang: str, as_of: dt.date
) -> tuple[tuple[str, str], ...]:
    answered_reference, answered = _answered(data, statement)
    re_text = (
        f"{answered_reference} {answered.submitter}".strip()
        if answered is not None
        else answered_reference
    )
    if statement is None:
        subject = data.concept.title if data.concept is not None else _t("default_subject", lang)
        return (
            (_t("office", lang), f"{text('none_known', lang)} ({_t('no_statement', lang)})"),
            (_t("number", lang), _t("no_statement_number", lang)),
            (_t("date", lang), _t("as_of_date", lang, date=fmt_date(as_of, lang))),
            (_t("re", lang), re_text or _t("no_inquiry", lang)),
            (_t("subject", lang), subject),
            (_t("distribution", lang), text("none_known", lang)),
        )
    office = statement.submitter.removeprefix("Stadtamt ").strip()
    distribution = statement.distribution or text("none_known", lang)
    if statement.distributed is not None:
        distribution += ", " + _t("day", lang, date=fmt_date(statement.distributed, lang))
    return (
        (_t("office", lang), office or text("none_known", lang)),
        (_t("number", lang), statement.reference),
        (
            _t("date", lang),
            fmt_date(statement.date, lang) if statement.date else text("none_known", lang),
        ),
        (_t("re", lang), re_text or text("none_known", lang)),
        (_t("subject", lang), statement.title or text("none_known", lang)),
        (_t("distribution", lang), distribution),
    )


def _inquiry(data: Dataset, statement: Paper | None, lang: str) -> list[Block]:
    reference, answered = _answered(data, statement)
    if not reference:
        return []
    kind = answered.kind if answered is not None and answered.kind else ""
    kind_label = (
        _t("kind_inquiry", lang) if kind in ("", "Anfrage") else (kind if lang == "de" else "")
    ) or _t("kind_paper", lang)
    grammar = _grammar(kind_label)
    questions = statement.questions if statement is not None else ()
    wording = next((s.text for s in answered.sections if s.text), "") if answered else ""
    date = answered.date if answered is not None else None
    if not questions and not wording:
        key = "unquoted_dated" if date is not None else "unquoted"
        shown = fmt_date(date, lang) if date is not None else ""
        return [
            Paragraph(_t(key, lang, date=shown, kind=kind_label, reference=reference, **grammar))
        ]
    blocks: list[Block] = []
    if date is not None:
        blocks.append(
            Paragraph(
                _t("intro_dated", lang, date=fmt_date(date, lang), kind=kind_label, **grammar)
            )
        )
    else:
        blocks.append(Paragraph(_t("intro", lang, kind=kind_label, **grammar)))
    if questions:
        blocks.append(Heading(_t("asked", lang, kind=kind_label, reference=reference), 1))
        blocks.append(Items(tuple(f"{q.number}. {q.text}" for q in questions)))
    else:
        blocks.extend(Paragraph(part) for part in wording.split("\n\n") if part.strip())
    return blocks


def _known_on(milestone: Milestone, as_of: dt.date) -> Milestone:
    """The milestone as known on ``as_of``: later revisions and a later arrival left out."""
    reached = milestone.actual is not None and milestone.actual <= as_of
    return attrs.evolve(
        milestone,
        revisions=tuple(r for r in milestone.revisions if r.revised_on <= as_of),
        actual=milestone.actual if reached else None,
        actual_source=milestone.actual_source if reached else None,
    )


def _progress(overview: Overview, as_of: dt.date, cited: Citations) -> list[Block]:
    lang = overview.lang
    items: list[tuple[dt.date, str]] = []
    # The overview holds the milestones as known on the reference day: those reached by then.
    reached = [m for m in overview.milestones if m.reached is not None]
    for milestone in sorted(reached, key=lambda m: (m.reached or dt.date.min, m.id)):
        assert milestone.reached is not None
        title = milestone.title
        if milestone.paper and milestone.paper not in title:
            title += f" ({milestone.paper})"
        cite = cited.cite(milestone.actual.notes)
        items.append((milestone.reached, f"{fmt_date(milestone.reached, lang)}: {title} {cite}"))
    papers = {m.paper for m in overview.milestones if m.paper}
    for guidelines in overview.guidelines:
        if guidelines.adopted_day is None or guidelines.adopted_day > as_of:
            continue
        if guidelines.by in papers:
            continue  # already a milestone
        title = _t("guidelines", lang, title=guidelines.title)
        if guidelines.by:
            title += f" ({guidelines.by})"
        items.append(
            (
                guidelines.adopted_day,
                f"{guidelines.adopted}: {title} " + cited.cite(guidelines.notes),
            )
        )
    if not items:
        return [Paragraph(_t("none_reached", lang, date=fmt_date(as_of, lang)))]
    items.sort(key=lambda item: item[0])
    return [
        Paragraph(_t("reached_intro", lang, as_of=_as_of(as_of, lang))),
        Items(tuple(item.rstrip() for _, item in items)),
    ]


def _as_of(day: dt.date, lang: str) -> str:
    return _t("as_of_day", lang, date=fmt_date(day, lang))


def _slip_line(milestone: MilestoneBlock, lang: str) -> str:
    """The slip against the first plan: the core's words (``1.134 Tage, 1 Planänderung``) for a
    later date; for no slip or an earlier date, what that means."""
    days = milestone.slip_days or 0
    if days > 0:
        key = "slip_actual" if milestone.reached is not None else "slip_plan"
        return _t(key, lang, slip=milestone.slip)
    revisions = len(milestone.revisions)
    count = _t("revisions_0", lang) if revisions == 0 else text_n("revisions", revisions, lang)
    if days == 0:
        return f"{_t('slip_none', lang)}; {count}"
    return f"{_t('slip_early', lang, days=text_n('days', -days, lang))}; {count}"


def _timing(overview: Overview, as_of: dt.date, cited: Citations) -> list[Block]:
    lang = overview.lang
    blocks: list[Block] = []
    for milestone in overview.milestones:
        first = milestone.first_plan
        if first is None:
            continue  # never planned: no slip to tell
        blocks.append(Heading(milestone.title, 2))
        lines = [f"{first.text} {cited.cite(first.notes)}"]
        lines += [f"{r.text} {cited.cite(r.notes)}" for r in milestone.revisions]
        if milestone.reached is not None:
            reached = _t("reached_on", lang, date=fmt_date(milestone.reached, lang))
            lines.append(f"{reached} {cited.cite(milestone.actual.notes)}")
        else:
            line = f"{text('not_reached', lang)} ({_as_of(as_of, lang)})"
            if milestone.overdue_days:
                line += ", " + text_n("days_overdue", milestone.overdue_days, lang)
            lines.append(line)
        lines.append(_slip_line(milestone, lang))
        blocks.append(Items(tuple(line.rstrip() for line in lines)))
        for revision in milestone.revisions:
            if revision.reasons:
                blocks.append(Paragraph(_t("reasons", lang, date=revision.changed)))
                blocks.append(Items(revision.reasons))
    if not blocks:
        blocks.append(Paragraph(_t("none_planned", lang)))
    if overview.concept_title is None:
        blocks.append(Paragraph(_t("no_concept", lang)))
        return blocks
    adopted = [e for e in overview.editions if e.adopted_day is not None and e.adopted_day <= as_of]
    if not adopted:
        blocks.append(Paragraph(_t("no_edition", lang, date=fmt_date(as_of, lang))))
        return blocks
    for edition in adopted:
        paper = f" ({edition.by})" if edition.by else ""
        sentence = _t(
            "edition", lang, title=quoted(edition.title, lang), date=edition.adopted, paper=paper
        )
        blocks.append(Paragraph(f"{sentence} {cited.cite(edition.notes)}".rstrip()))
    return blocks


def statement_document(data: Dataset, lang: str, as_of: dt.date) -> Document:
    """The statement as a neutral document (see :mod:`integrationkonzept.reports.document`)."""
    lang = "en" if lang == "en" else "de"
    # The milestones as known on the reference day: the overview reads what it is given.
    known = attrs.evolve(data, milestones=tuple(_known_on(m, as_of) for m in data.milestones))
    overview = build_overview(known, as_of, lang)
    cited = Citations(overview.sources)
    statement = _statement_paper(data)
    magdeburg = data.municipality.ags == AGS
    city = (
        "Landeshauptstadt Magdeburg"
        if magdeburg
        else f"{data.municipality.name} (AGS {data.municipality.ags})"
    )
    blocks: list[Block] = [Paragraph(city)]
    if statement is not None and statement.status:
        blocks.append(Paragraph(statement.status))
    blocks.append(
        Table(
            (_t("field", lang), _t("entry", lang)),
            _header(data, statement, lang, as_of),
        )
    )
    blocks.extend(_inquiry(data, statement, lang))
    blocks.append(Paragraph(_t("stance_magdeburg" if magdeburg else "stance", lang)))
    # The inquiry's own two questions ask just this ("how far", "by when"): answer them by number.
    # Otherwise the statement asks the two questions itself.
    numbered = statement is not None and len(statement.questions) == 2
    progress, when = (
        (_t("re_question", lang, n=1), _t("re_question", lang, n=2))
        if numbered
        else (_t("question_progress", lang), _t("question_when", lang))
    )
    blocks.append(Heading(progress, 1))
    blocks.extend(_progress(overview, as_of, cited))
    blocks.append(Heading(when, 1))
    blocks.extend(_timing(overview, as_of, cited))
    sources = cited.lines(lang)
    if sources:
        blocks.append(Heading(sources[0], 1))
        blocks.append(Items(tuple(line.strip() for line in sources[1:])))
    blocks.append(Paragraph(f"{text('as_of', lang)}: {fmt_date(as_of, lang)}"))
    return Document(_t("title", lang), tuple(blocks))


def render_statement(data: Dataset, options: RenderOptions) -> bytes:
    """Render ``data`` as Markdown (``md``) or Word (``docx``)."""
    document = statement_document(data, options.lang, options.as_of)
    if options.kind == "md":
        return document.markdown().encode()
    if options.kind == "docx":
        return document.docx()
    raise ValueError(f"magdeburg-stellungnahme: unknown kind {options.kind!r} (md, docx)")


#: The contributed report format.
REPORT_FORMAT: Final = ReportFormat(
    name="magdeburg-stellungnahme",
    description="Stellungnahme der Verwaltung im Magdeburger Aufbau: Kopf, Fragen, Stand des "
    "Prozesses und Termine mit Verschiebungen, Gründen und Verzug",
    kinds=("md", "docx"),
    render=render_statement,
)
