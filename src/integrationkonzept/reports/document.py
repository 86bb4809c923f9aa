"""A small neutral document (headings, paragraphs, lists, tables, images, footnoted sources) that
renders to Markdown and to DOCX, so report formats describe their content once.

Text from the data is escaped for Markdown (no HTML, links or emphasis can be injected, and no
terminal control characters are kept) and written to DOCX as plain runs.

The Word file is laid out for print: A4 pages with a header and ``Seite X von Y`` on each, and
tables whose columns are fitted to their content (:mod:`.page_layout`), so that no word or date
wraps in the middle.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ..i18n import text as i18n_text
from ..safe import strip_controls
from .page_layout import (
    CELL_MARGIN,
    FONT,
    HEADER_DISTANCE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    column_widths,
    table_font_size,
)

__all__ = [
    "Block",
    "Document",
    "Heading",
    "Image",
    "Items",
    "Paragraph",
    "Table",
    "escape_markdown",
]


@attrs.frozen
class Heading:
    """A heading of ``level`` 1–3."""

    text: str
    level: int = 1


@attrs.frozen
class Paragraph:
    """A paragraph of plain text."""

    text: str


@attrs.frozen
class Items:
    """A bulleted list."""

    items: tuple[str, ...]


@attrs.frozen
class Table:
    """A table with a header row; ``numeric`` marks the columns to align right."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()


@attrs.frozen
class Image:
    """A PNG image (e.g. a chart) ``width_cm`` wide, with a text alternative ``alt``.

    DOCX embeds the picture and gives it ``alt`` as its description (read by screen readers);
    Markdown, which cannot hold the bytes, shows ``alt`` in italics in its place.
    """

    png: bytes = attrs.field(repr=False)
    width_cm: float = 16.0
    alt: str = ""


Block = Heading | Paragraph | Items | Table | Image

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d*)([#+\-=.)])")


def escape_markdown(text: str) -> str:
    """``text`` on one line, with everything Markdown (or inline HTML) could interpret escaped:
    emphasis, code, links, HTML tags, table pipes, and block markers at the start; control
    characters (ESC, BEL, NUL, C1, …) are removed
    (see :func:`~integrationkonzept.safe.strip_controls`)."""
    flat = " ".join(strip_controls(text).split())
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", flat)
    return _MARKDOWN_LINE_START.sub(r"\1\2\\\3", escaped)


@attrs.frozen
class Document:
    """A title and its blocks, in order, with what the Word file says about itself.

    ``author`` (the office that keeps the data), ``lang`` and ``day`` (the reference day: the
    file's creation and modification date, so the same data gives the same bytes) go into the
    document properties; ``header`` is printed at the top of every page (the title when empty),
    and every page is numbered at the bottom in ``lang``.
    """

    title: str
    blocks: tuple[Block, ...]
    author: str = ""
    header: str = ""
    lang: str = "de"
    day: dt.date | None = None

    def markdown(self) -> str:
        """The document as CommonMark (GitHub tables)."""
        out = [f"# {escape_markdown(self.title)}", ""]
        for block in self.blocks:
            if isinstance(block, Heading):
                out += [f"{'#' * (block.level + 1)} {escape_markdown(block.text)}", ""]
            elif isinstance(block, Paragraph):
                out += [escape_markdown(block.text), ""]
            elif isinstance(block, Items):
                out += [f"- {escape_markdown(item)}" for item in block.items] + [""]
            elif isinstance(block, Image):
                if block.alt.strip():
                    out += [f"*{escape_markdown(block.alt)}*", ""]
            else:
                out += [*_markdown_table(block), ""]
        return "\n".join(out).rstrip() + "\n"

    def docx(self) -> bytes:
        """The document as a Word file (python-docx): A4, a header and page numbers on every
        page, tables with columns fitted to their content."""
        import docx

        document = docx.Document()
        _set_defaults(document, self.lang)
        for section in document.sections:
            _set_up_page(section)
            _set_header(section, _plain(self.header or self.title))
            _set_footer(section, self.lang)
        _set_properties(document, self)
        document.add_heading(_plain(self.title), level=0)
        for block in self.blocks:
            _add_block(document, block)
        buffer = io.BytesIO()
        document.save(buffer)
        return _fixed_zip(buffer.getvalue(), self.day)


def _markdown_table(table: Table) -> list[str]:
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(escape_markdown(cell) for cell in cells) + " |"

    rule = (
        "| "
        + " | ".join(
            "---:" if index in table.numeric else "---" for index in range(len(table.header))
        )
        + " |"
    )
    return [row(table.header), rule, *(row(cells) for cells in table.rows)]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _plain(text: str) -> str:
    # XML 1.0 (inside DOCX) cannot hold control characters, U+FFFE/U+FFFF or lone surrogates;
    # they carry no meaning in a report.
    return _CONTROL.sub("", text)


# --- writing the Word file ---------------------------------------------------------------------

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.section import Section
    from docx.table import Table as WordTable
    from docx.table import _Row
    from docx.text.paragraph import Paragraph as WordParagraph

#: Language tags Word understands, per language of the reports.
_LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}


def _language_tag(lang: str) -> str:
    return _LANGUAGE_TAGS.get(lang, lang)


def _set_defaults(document: WordDocument, lang: str) -> None:
    """The font and language of all text: set in the document defaults, where the template
    names theme fonts (which would otherwise win over a font set on a style)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = document.styles.element.find(qn("w:docDefaults"))
    assert properties is not None  # the template python-docx starts from has them
    run = properties.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert run is not None
    fonts = run.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    language = run.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run.append(language)
    language.set(qn("w:val"), _language_tag(lang))


def _set_up_page(section: Section) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.header_distance = Twips(HEADER_DISTANCE)
    section.footer_distance = Twips(HEADER_DISTANCE)


def _set_header(section: Section, header: str) -> None:
    from docx.shared import Pt

    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    run = paragraph.add_run(header)
    run.font.size = Pt(8)


def _set_footer(section: Section, lang: str) -> None:
    """``Seite 3 von 12``: the numbers are PAGE and NUMPAGES fields, which Word and LibreOffice
    fill in as they lay out the pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The placeholders are kept as they are, to know where the fields go.
    template = i18n_text("docx.page_of", lang, page="{page}", pages="{pages}")
    for part in re.split(r"(\{page\}|\{pages\})", template):
        if part == "{page}":
            _add_field(paragraph, "PAGE")
        elif part == "{pages}":
            _add_field(paragraph, "NUMPAGES")
        elif part:
            paragraph.add_run(part)
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _add_field(paragraph: WordParagraph, instruction: str) -> None:
    """A complex field (begin, instruction, separator, a placeholder result, end) as Word
    itself writes it; the placeholder ``1`` shows until the field is updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _set_properties(document: WordDocument, source: Document) -> None:
    """Author, title, language and dates of the file; never python-docx's own defaults."""
    properties = document.core_properties
    properties.title = _plain(source.title)
    properties.author = _plain(source.author)
    properties.last_modified_by = _plain(source.author)
    properties.language = _language_tag(source.lang)
    properties.revision = 1
    if source.day is not None:
        moment = dt.datetime(source.day.year, source.day.month, source.day.day, tzinfo=dt.UTC)
        properties.created = moment
        properties.modified = moment


def _add_block(document: WordDocument, block: Block) -> None:
    from docx.shared import Cm

    if isinstance(block, Heading):
        document.add_heading(_plain(block.text), level=min(block.level, 3))
    elif isinstance(block, Paragraph):
        document.add_paragraph(_plain(block.text))
    elif isinstance(block, Items):
        for item in block.items:
            document.add_paragraph(_plain(item), style="List Bullet")
    elif isinstance(block, Image):
        shape = document.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
        # The description of the drawing is what screen readers announce.
        shape._inline.docPr.set("descr", _plain(block.alt))
    else:
        _add_table(document, block)


def _add_table(document: WordDocument, block: Table) -> None:
    """A table with a fixed layout: its widths are set on the grid (which LibreOffice reads)
    and on every cell (which Word reads), so neither program re-flows it."""
    header = tuple(_plain(cell) for cell in block.header)
    rows = tuple(tuple(_plain(cell) for cell in row) for row in block.rows)
    size = table_font_size(header, rows)
    widths = column_widths(header, rows, size)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    _set_table_geometry(table, widths)
    _fill_row(table.rows[0], header, widths, size, (), bold=True)
    _repeat_as_header(table.rows[0])
    for row in rows:
        _fill_row(table.add_row(), row, widths, size, block.numeric, bold=False)


def _set_table_geometry(table: WordTable, widths: Sequence[int]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Twips

    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:w"), str(sum(widths)))
    table_width.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(CELL_MARGIN))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # Word refuses a file whose table properties are out of the schema's order: the margins
    # come before the table look (and its caption and description).
    later = properties.find(qn("w:tblLook"))
    if later is None:
        properties.append(margins)
    else:
        later.addprevious(margins)


def _fill_row(
    row: _Row,
    values: Sequence[str],
    widths: Sequence[int],
    size: float,
    numeric: Sequence[int],
    *,
    bold: bool,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, Twips

    for index, (cell, value, width) in enumerate(zip(row.cells, values, widths, strict=True)):
        cell.width = Twips(width)
        cell.text = value
        for paragraph in cell.paragraphs:
            # The document's default space after a paragraph would make every row tall.
            paragraph.paragraph_format.space_after = Pt(0)
            if index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.bold = bold or None


def _repeat_as_header(row: _Row) -> None:
    """The header row is repeated on every page a long table runs over."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _zip_time(day: dt.date | None) -> tuple[int, int, int, int, int, int]:
    """The time stamp of every file in the package: the reference day, within what ZIP can
    hold (1980–2107)."""
    if day is None or day.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if day.year > 2107:
        return (2107, 12, 31, 0, 0, 0)
    return (day.year, day.month, day.day, 0, 0, 0)


def _fixed_zip(package: bytes, day: dt.date | None) -> bytes:
    """``package`` written again with fixed time stamps: python-docx stamps each part with the
    time of saving, so the same document would otherwise give different bytes every time."""
    stamp = _zip_time(day)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()
