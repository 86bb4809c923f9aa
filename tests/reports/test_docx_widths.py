"""The widths of the DOCX tables: set on the grid and on every cell, adding up to the text width,
each column at least as wide as its longest word; for any table (hypothesis)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import docx
import matplotlib
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.reports.document import Document, Table
from integrationkonzept.reports.docx_report import render_docx
from integrationkonzept.reports.page_layout import (
    CELL_MARGIN,
    CELL_PADDING,
    TABLE_FONT_SIZES,
    TEXT_WIDTH,
    column_widths,
    table_font_size,
    text_width,
    unbreakable_parts,
)

# Glyph names of the characters outside ASCII that German reports use.
_GLYPHS = {
    "ä": "adieresis",
    "ö": "odieresis",
    "ü": "udieresis",
    "Ä": "Adieresis",
    "Ö": "Odieresis",
    "Ü": "Udieresis",
    "ß": "germandbls",
    "–": "endash",
    "—": "emdash",
    "·": "periodcentered",
    "„": "quotedblbase",
    "“": "quotedblleft",
    "×": "multiply",
    "\xa0": "space",
    "€": "Euro",
}


@cache
def _metrics(bold: bool) -> dict[str, int]:
    """Character widths (thousandths of an em) of Helvetica, whose widths Arial and Liberation
    Sans share: read from the Adobe font metrics matplotlib ships, independent of the
    estimate the report uses."""
    name = "phvb8a.afm" if bold else "phvr8a.afm"
    path = Path(matplotlib.get_data_path(), "fonts", "afm", name)
    by_name: dict[str, int] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        found = re.match(r"C (-?\d+) ; WX (\d+) ; N (\S+)", line)
        if found:
            by_name[found.group(3)] = int(found.group(2))
            if 32 <= int(found.group(1)) < 127:
                by_name[chr(int(found.group(1)))] = int(found.group(2))
    # Helvetica's AFM predates the euro; Arial's is 556.
    by_name.setdefault("Euro", 556)
    return by_name


def _real_width(word: str, size_pt: float, *, bold: bool) -> float:
    """The width of ``word`` in twips; a character Helvetica lacks counts a full em (the most
    a Latin glyph takes)."""
    metrics = _metrics(bold)
    thousandths = sum(metrics.get(_GLYPHS.get(char, char), 1000) for char in word)
    return thousandths * size_pt * 20 / 1000


def _twips(value: str | None) -> int:
    assert value is not None
    return int(value)


def _grid(table: docx.table.Table) -> list[int]:
    return [_twips(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def _cells(table: docx.table.Table) -> Iterator[tuple[int, int, docx.table._Cell]]:
    for row_index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            yield row_index, column, cell


def _font_size(table: docx.table.Table) -> float:
    sizes = {
        run.font.size.pt
        for _, _, cell in _cells(table)
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.font.size is not None
    }
    assert len(sizes) == 1, sizes
    return sizes.pop()


@pytest.fixture(scope="module")
def word(rich: Dataset) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(rich, RenderOptions("docx", "de", AS_OF))))


def _text_width(word: docx.document.Document) -> int:
    section = word.sections[0]
    assert section.page_width is not None
    assert section.left_margin is not None
    assert section.right_margin is not None
    return section.page_width.twips - section.left_margin.twips - section.right_margin.twips


def test_widths_on_grid_and_cells_add_up_to_the_text_width(
    word: docx.document.Document,
) -> None:
    assert word.tables
    total = _text_width(word)
    assert total == TEXT_WIDTH
    for table in word.tables:
        grid = _grid(table)
        assert sum(grid) == total
        assert all(width > 0 for width in grid)
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None
        assert layout.get(qn("w:type")) == "fixed"
        # The cell margins in the order of the schema (Word refuses the file otherwise).
        children = [child.tag for child in table._tbl.tblPr]
        assert children.index(qn("w:tblCellMar")) < children.index(qn("w:tblLook"))
        for _, column, cell in _cells(table):
            width = cell._tc.tcPr.find(qn("w:tcW"))
            assert width.get(qn("w:type")) == "dxa"
            assert _twips(width.get(qn("w:w"))) == grid[column]


def _unfit(table: docx.table.Table, longest: int) -> list[str]:
    """The words of at most ``longest`` characters that do not fit their column (in Arial at
    the table's font size, with the cell's inner margins)."""
    size = _font_size(table)
    grid = _grid(table)
    return [
        word
        for row, column, cell in _cells(table)
        for word in unbreakable_parts(cell.text)
        if len(word) <= longest
        and _real_width(word, size, bold=row == 0) + 2 * CELL_MARGIN > grid[column]
    ]


def test_short_words_and_dates_are_never_split(word: docx.document.Document) -> None:
    """Every word up to 15 characters fits (dates, ``Federführung``, amounts): when a table of
    the rich data set cannot hold all its words side by side, only the longest give way."""
    for table in word.tables:
        assert _unfit(table, 15) == []


def test_every_word_fits_a_measure_table() -> None:
    header = ("Maßnahme", "Federführung", "Partner", "Beginn", "Ende", "Status", "Kosten")
    rows = (
        (
            "Mehrsprachige Elternarbeit in Kindertagesstätten",
            "Referat für Migration und Integration",
            "Migrantenbeirat (Kooperationspartner)",
            "01.03.2025",
            "31.12.2026",
            "in Umsetzung (seit 01.03.2025) [4]",
            "2025:\xa012.000,00\xa0€ [5]",
        ),
    )
    document = docx.Document(io.BytesIO(Document("Test", (Table(header, rows, (6,)),)).docx()))
    (table,) = document.tables
    assert _unfit(table, 1000) == []
    assert _font_size(table) in TABLE_FONT_SIZES
    assert sum(_grid(table)) == TEXT_WIDTH


# Mostly the letters of German reports with every kind of break, and now and then any character
# (other scripts, symbols: estimated at a full em).
_CELL_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüßMW0123456789 -.,:/\xa0\n€–")),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=60,
)


@settings(max_examples=200)
@given(
    columns=st.integers(min_value=1, max_value=30),
    data=st.data(),
)
def test_widths_are_positive_and_add_up_to_the_text_width(
    columns: int, data: st.DataObject
) -> None:
    header = data.draw(st.lists(_CELL_TEXT, min_size=columns, max_size=columns))
    rows = data.draw(st.lists(st.lists(_CELL_TEXT, min_size=columns, max_size=columns), max_size=6))
    size = table_font_size(header, rows)
    assert size in TABLE_FONT_SIZES
    widths = column_widths(header, rows, size)
    assert len(widths) == columns
    assert all(width > 0 for width in widths)
    assert sum(widths) == TEXT_WIDTH
    # When the longest words fit side by side, no column is narrower than its longest word.
    needs = [
        max(
            (
                text_width(part, size, bold=index == 0)
                for index, cell in enumerate([header[column], *(row[column] for row in rows)])
                for part in unbreakable_parts(cell)
            ),
            default=0,
        )
        + CELL_PADDING
        for column in range(columns)
    ]
    if sum(needs) <= TEXT_WIDTH:
        assert all(width >= need for width, need in zip(widths, needs, strict=True))


def test_estimate_is_an_upper_bound_of_arial() -> None:
    """The report's estimate is never narrower than the real width (regular and bold)."""
    sample = "Federführung Maßnahme 01.03.2025 12.000,00\xa0€ WMQ@%– äöüÄÖÜß (x) [1]"
    for bold in (False, True):
        for char in sample:
            assert text_width(char, 1000, bold=bold) >= _real_width(char, 1000, bold=bold)
