"""The report format ``beispielstadt-beschlussliste``: every decision with its money."""

from __future__ import annotations

from integrationkonzept import Dataset
from integrationkonzept.plugin import (
    Document,
    Heading,
    Paragraph,
    RenderOptions,
    Table,
    fmt_date,
    fmt_money,
)


def render_decision_list(data: Dataset, options: RenderOptions) -> bytes:
    """Markdown or DOCX: a table of the decisions, then the money per year."""
    english = options.lang == "en"
    rows = tuple(
        (
            paper.reference,
            paper.title,
            fmt_date(paper.decision.date, options.lang) if paper.decision else "",
            paper.decision.kind if paper.decision else "",
        )
        for paper in data.papers
    )
    header = (
        ("Number", "Subject", "Date", "Result")
        if english
        else ("Nr.", "Betreff", "Datum", "Ergebnis")
    )
    blocks: list[Heading | Paragraph | Table] = [Table(header, rows)]
    if data.budget_lines:
        blocks.append(Heading("Money" if english else "Mittel"))
        blocks.append(
            Table(
                ("Year", "Amount", "Source") if english else ("Jahr", "Betrag", "Quelle"),
                tuple(
                    (
                        str(line.fiscal_year),
                        fmt_money(line.amount, options.lang),
                        line.source.reference,
                    )
                    for line in data.budget_lines
                ),
                numeric=(1,),
            )
        )
    title = f"{'Decisions' if english else 'Beschlüsse'}: {data.municipality.name}"
    document = Document(title, tuple(blocks))
    return document.docx() if options.kind == "docx" else document.markdown().encode()
