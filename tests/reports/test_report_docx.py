"""The DOCX report opened with python-docx: headings, tables, the charts as images."""

from __future__ import annotations

import io

import docx
import pytest
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.reports.document import Document, Heading, Image, Paragraph
from integrationkonzept.reports.docx_report import chart_blocks, render_docx
from integrationkonzept.testing.contracts import ReportFormatContract


@pytest.fixture(scope="module")
def word(rich: Dataset) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(rich, RenderOptions("docx", "de", AS_OF))))


def test_headings_follow_the_report(word: docx.document.Document) -> None:
    headings = [
        (p.style.name, p.text)
        for p in word.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    titles = [text for _, text in headings]
    assert titles[0] == "Gesamtkonzept zur Integration der Migrantinnen und Migranten in Leipzig"
    for section in (
        "Konzept",
        "Handlungsfelder und Maßnahmen",
        "Finanzierung",
        "Berichtspflichten",
        "Meilensteine",
        "Quellen",
    ):
        assert ("Heading 1", section) in headings
    assert ("Heading 2", "Finanzierung je Jahr und Zweck (Soll)") in headings


def test_charts_are_embedded_as_images_with_descriptions(word: docx.document.Document) -> None:
    shapes = word.inline_shapes
    assert len(shapes) == 4
    for shape in shapes:
        assert shape.width > 0
        description = shape._inline.docPr.get("descr")
        assert description
    blips = [rel for rel in word.part.rels.values() if "image" in rel.reltype]
    assert all(rel.target_part.blob.startswith(b"\x89PNG") for rel in blips)


def test_tables_hold_the_figures_with_sources(word: docx.document.Document) -> None:
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert any(c.startswith("100.000,00\xa0€ [") for c in cells)
    review = next(t for t in word.tables if t.rows[0].cells[0].text == "Fällig am")
    states = [row.cells[3].text for row in review.rows[1:]]
    assert "verspätet, 201 Tage zu spät" in states
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Fortschritt des Konzepts: 64,2\xa0%" in text


def test_hostile_title_is_plain_text(word: docx.document.Document) -> None:
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    hostile = [c for c in cells if "HYPERLINK" in c]
    assert hostile == ['=HYPERLINK("http://x","y") <script>alert(1)</script>[31m rot']


def test_english(rich: Dataset) -> None:
    word = docx.Document(io.BytesIO(render_docx(rich, RenderOptions("docx", "en", AS_OF))))
    headings = {p.text for p in word.paragraphs if p.style.name.startswith("Heading")}
    assert {"Concept", "Funding", "Review duties", "Milestones", "Sources"} <= headings


def test_image_block_in_markdown_and_docx() -> None:
    from integrationkonzept.reports.charts import png
    from integrationkonzept.reports.view import BarChart, Series

    chart = BarChart(
        "t", "Test", "Ein Balken <b>", ("2024",), (Series("A", (None,), ("",)),), "€", "–", "de"
    )
    document = Document(
        "Titel", (Heading("Bild"), Image(png(chart), 8.0, "Ein *Balken* <b>"), Paragraph("Ende"))
    )
    assert "*Ein \\*Balken\\* \\<b\\>*" in document.markdown()
    word = docx.Document(io.BytesIO(document.docx()))
    assert len(word.inline_shapes) == 1
    assert word.inline_shapes[0]._inline.docPr.get("descr") == "Ein *Balken* <b>"


def test_chart_blocks_for_city_reports(rich: Dataset) -> None:
    blocks = chart_blocks(rich, RenderOptions("docx", "de", AS_OF))
    assert sum(isinstance(block, Image) for block in blocks) == 4
    assert isinstance(blocks[-2], Heading)


class TestDocxReport(ReportFormatContract):
    format_name = "docx"
