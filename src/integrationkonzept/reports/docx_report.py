"""The generic concept report as DOCX: the overview with headings, tables and the charts as images.

The same content as the HTML report (:mod:`integrationkonzept.reports.html`), written with the
neutral :class:`~integrationkonzept.reports.document.Document`, so it escapes hostile text the same
way. City report formats that build their own documents can add the charts with
:func:`chart_blocks`.
"""

from __future__ import annotations

from ..contributions import RenderOptions
from ..i18n import text
from ..model.dataset import Dataset
from ..safe import clean_text
from .council import decision_line
from .document import Block, Document, Heading, Image, Items, Paragraph, Table
from .footnotes import cite_numbers
from .overview import build_overview
from .view import Figure, Overview, PaperBlock, TableData

__all__ = ["chart_blocks", "figure_blocks", "overview_document", "paper_blocks", "render_docx"]

#: Width of a chart on an A4 page with normal margins.
CHART_WIDTH_CM = 16.0


def _table(data: TableData) -> Table:
    return Table(
        data.header,
        tuple(tuple(entry.with_notes() for entry in row) for row in data.rows),
        data.numeric,
    )


def figure_blocks(figure: Figure, lang: str, level: int = 2) -> tuple[Block, ...]:
    """A chart as a heading, the PNG image, its caption with sources, and the table of its data."""
    from .charts import png

    caption = figure.chart.description
    if figure.notes:
        caption += f" {text('figure_sources', lang)}: [{', '.join(map(str, figure.notes))}]"
    return (
        Heading(figure.chart.title, level),
        Image(png(figure.chart), CHART_WIDTH_CM, figure.chart.description),
        Paragraph(caption),
        Paragraph(figure.table.caption),
        _table(figure.table),
    )


def chart_blocks(data: Dataset, options: RenderOptions) -> tuple[Block, ...]:
    """Every chart of the overview of ``data`` as document blocks (for city report formats).

    Footnote numbers refer to the overview's own list of sources, which follows as the last block.
    """
    overview = build_overview(data, options.as_of, options.lang)
    blocks: list[Block] = []
    for figure in overview.figures():
        blocks.extend(figure_blocks(figure, options.lang))
    blocks.extend(_sources(overview))
    return tuple(blocks)


def _sources(overview: Overview) -> list[Block]:
    lang = overview.lang
    if not overview.sources:
        return [Heading(text("section.sources", lang)), Paragraph(text("no_sources", lang))]
    entries = tuple(
        f"[{s.number}] {s.text}" + (f" – {s.url}" if s.url else "") for s in overview.sources
    )
    return [Heading(text("section.sources", lang)), Items(entries)]


def _cited(line: str, notes: tuple[int, ...]) -> str:
    return f"{line} {cite_numbers(notes)}" if notes else line


def _paper_heading(paper: PaperBlock) -> str:
    return f"{paper.reference} – {paper.title}" if paper.title else paper.reference


def _decision_line(paper: PaperBlock, lang: str) -> str:
    """The decision's line with its sources' numbers."""
    return _cited(decision_line(paper.decision, lang), paper.decision.notes)


def _consultations(paper: PaperBlock, lang: str) -> Table:
    header = tuple(
        text(f"docx.consultation.{column}", lang) for column in ("date", "body", "role", "result")
    )
    rows = tuple((row.date or "–", row.body, row.role, row.result) for row in paper.consultations)
    return Table(header, rows)


def paper_blocks(overview: Overview) -> list[Block]:
    """The council papers with a decision: per paper its kind and day, the Beratungsfolge as a
    table, the decision with the vote and its text; sources as footnote numbers.

    Nothing when the overview has no papers: it cannot tell a data set without decisions from
    an overview built without asking for them, so it claims neither.
    """
    lang = overview.lang
    if not overview.papers:
        return []
    blocks: list[Block] = [Heading(text("docx.section.papers", lang))]
    for paper in overview.papers:
        blocks.append(Heading(_paper_heading(paper), 2))
        about = ", ".join(part for part in (paper.kind, paper.date) if part)
        if about or paper.notes:
            blocks.append(Paragraph(_cited(about, paper.notes).strip()))
        if paper.consultations:
            blocks.append(Paragraph(f"{text('consultation_sequence', lang)}:"))
            blocks.append(_consultations(paper, lang))
        blocks.append(Paragraph(_decision_line(paper, lang)))
        if paper.decision.text:
            blocks.append(Paragraph(f"{text('docx.decision_text', lang)}: {paper.decision.text}"))
    return blocks


def overview_document(overview: Overview, author: str = "") -> Document:
    """The whole overview as a :class:`Document` (headings, tables, charts, council papers when
    the overview has them, sources); ``author`` is the office that keeps the data (the city's
    name when empty)."""
    lang = overview.lang
    blocks: list[Block] = [Paragraph(overview.subtitle)]

    blocks.append(Heading(text("section.concept", lang)))
    facts = [(label, entry.with_notes()) for label, entry in overview.facts]
    facts.append((text("as_of", lang), overview.as_of))
    blocks.append(Table((text("col.key", lang), text("col.value", lang)), tuple(facts)))
    if overview.notices:
        blocks.append(Items(overview.notices))
    if overview.concept_progress is not None:
        progress = overview.concept_progress
        blocks.append(
            Paragraph(
                f"{text('concept_progress', lang)}: {progress.with_notes()} ({progress.hint})"
            )
        )
        blocks.append(Paragraph(f"{text('rule', lang)}: {overview.progress_rule}"))

    blocks.append(Heading(text("section.fields", lang)))
    if overview.progress_figure is not None:
        blocks.extend(figure_blocks(overview.progress_figure, lang))
    if not overview.fields:
        key = "no_concept" if overview.concept_progress is None else "no_measures"
        blocks.append(Paragraph(text(key, lang)))
    for block in overview.fields:
        title = block.title
        if block.progress is not None:
            title += f" – {text('progress', lang)}: {block.progress.text}"
        blocks.append(Heading(title, 2))
        if block.measures is None:
            blocks.append(Paragraph(text("no_measures", lang)))
        else:
            blocks.append(_table(block.measures))

    blocks.append(Heading(text("section.funding", lang)))
    if not overview.periods:
        blocks.append(Paragraph(text("no_funding", lang)))
    for figure in overview.funding_figures:
        blocks.extend(figure_blocks(figure, lang))
    for period in overview.periods:
        blocks.append(Heading(period.title, 2))
        blocks.append(_table(period.table))
        if period.lines:
            blocks.append(Items(period.lines))

    blocks.append(Heading(text("section.review", lang)))
    if overview.review is None:
        blocks.append(Paragraph(text("no_review", lang)))
    else:
        blocks.append(Items(tuple(rule.with_notes() for rule in overview.review_rules)))
        blocks.append(_table(overview.review))

    blocks.append(Heading(text("section.milestones", lang)))
    if not overview.milestones:
        blocks.append(Paragraph(text("no_milestones", lang)))
    if overview.milestone_figure is not None:
        blocks.extend(figure_blocks(overview.milestone_figure, lang))
    for milestone in overview.milestones:
        blocks.append(Heading(milestone.title, 2))
        blocks.append(Items(tuple(line.with_notes() for line in milestone.lines)))

    blocks.extend(paper_blocks(overview))

    blocks.extend(_sources(overview))
    from .. import __version__

    blocks.append(Paragraph(text("generated_by", lang, version=__version__, date=overview.as_of)))
    return Document(
        overview.title,
        tuple(blocks),
        author=author or overview.city,
        header=f"{overview.city} · {overview.title}",
        lang=lang,
        day=overview.day,
    )


def render_docx(data: Dataset, options: RenderOptions) -> bytes:
    """The ``docx`` report format: the overview of ``data``, with the council papers and their
    decisions, as a Word document written by the office that keeps the data."""
    overview = build_overview(data, options.as_of, options.lang, papers=True)
    return overview_document(overview, author=clean_text(data.municipality.office)).docx()
