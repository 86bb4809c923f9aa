"""A small neutral document (headings, paragraphs, lists, tables, images, footnoted sources) that
renders to Markdown and to DOCX, so report formats describe their content once.

Text from the data is escaped for Markdown (no HTML, links or emphasis can be injected, and no
terminal control characters are kept) and written to DOCX as plain runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import attrs

from ..safe import strip_controls

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
    """A title and its blocks, in order."""

    title: str
    blocks: tuple[Block, ...]

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
        """The document as a Word file (python-docx)."""
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        document = docx.Document()
        document.core_properties.title = _plain(self.title)
        document.add_heading(_plain(self.title), level=0)
        for block in self.blocks:
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
                table = document.add_table(rows=1, cols=len(block.header))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                    cell.text = _plain(text)
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for row in block.rows:
                    cells = table.add_row().cells
                    for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                        cell.text = _plain(text)
                        if index in block.numeric:
                            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


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
