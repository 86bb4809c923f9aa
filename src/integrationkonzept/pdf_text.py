"""The text of a PDF, line by line as its pages show it, for the importers that read text.

:meth:`InputFile.text() <integrationkonzept.contributions.InputFile.text>` hands a file that starts
with ``%PDF-`` to :func:`pdf_text`. PDFium (through pypdfium2, a wheel with its own PDFium) gives
every character with its box; the lines are rebuilt from where the characters stand, top to
bottom and left to right, as ``pdftotext -layout`` does, not in the order the PDF happens to draw
them: a table drawn column by column still comes out one row per line
(``Ratsversammlung  29.01.2020  Beschlussfassung``), which is what the importers' patterns match.
A page whose text is turned (a landscape table turned for print) is read turned back upright.

Between the words of a line stands one space; across a gap as wide as a table's column gap, two
or more (the Magdeburg importer splits cells there; Leipzig's collapses them). A vertical gap of
about two lines is a blank line (a paragraph break), and each new page starts after a line holding
a form feed only, which the importers' cleaning (:func:`~integrationkonzept.german.clean_lines`)
turns into an empty line. Nothing else is changed: a hyphen at the end of a line stays there
(importers work line by line), soft hyphens (U+00AD) are dropped, the ligatures ``ﬁ``/``ﬂ`` (and
their kin) are spelt out, and control characters never come out.

Bad input is a :class:`~integrationkonzept.errors.ParseError` naming the file: a PDF that is
encrypted, broken, too large, or has no text layer at all (a scan).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from operator import itemgetter
from typing import Any, Final

from .errors import Location, ParseError

__all__ = ["MAX_CHARS", "MAX_PAGES", "is_pdf", "pdf_text"]

#: The most pages read from one PDF.
MAX_PAGES: Final = 2_000
#: The most characters read from one PDF (all pages together).
MAX_CHARS: Final = 20_000_000

_MAGIC: Final = b"%PDF-"

# Relative to a character's height (its loose box, about 1.15 em): a gap wider than _WORD_GAP is
# a space, one wider than _COLUMN_GAP (about one em) separates columns; a line whose middle is
# within _SAME_LINE of the line's is on it; a step of more than _BLANK_LINE between two lines
# (about two em: a paragraph's spacing, not a 1.5 line spacing) is a blank line.
_WORD_GAP: Final = 0.08
_COLUMN_GAP: Final = 0.85
_SAME_LINE: Final = 0.4
_BLANK_LINE: Final = 1.75
# The ligatures PDFs write as one glyph (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ), spelt out as NFKC does.
_LIGATURES: Final = {
    chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)
}

_PDFIUM_ERRORS: Final = {
    1: "unbekannter Fehler",
    2: "Datei nicht lesbar",
    3: "kein PDF-Format oder beschädigt",
    6: "Seite nicht lesbar",
}
_ERR_PASSWORD: Final = 4
_ERR_SECURITY: Final = 5
_SOFT_HYPHEN: Final = "\u00ad"
# PDFium's codes for a hyphen that ends a line (one by one, and in the page's text).
_HYPHEN_MARKS: Final = frozenset({0x02, 0xFFFE})


def _german(number: int) -> str:
    """``number`` with German thousands separators (``2.000``)."""
    return f"{number:,}".replace(",", ".")


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF (starts with ``%PDF-``)."""
    return data.startswith(_MAGIC)


def pdf_text(data: bytes, name: str) -> str:
    """The text of the PDF ``data`` (a file called ``name``, for messages), pages separated by a
    line holding a form feed; a :class:`ParseError` at ``name`` when it cannot be read."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    def error(message: str) -> ParseError:
        return ParseError(message, None, Location(name))

    if b"%%EOF" not in data[-1024:]:
        # PDFium reads what it can of a cut-off file: that would be half a document.
        raise error("die Datei ist kein lesbares PDF: es endet nicht mit %%EOF (abgeschnitten?)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise error(
                "die Datei ist ein verschlüsseltes PDF (mit Kennwort geschützt); bitte eine "
                "Fassung ohne Kennwort einlesen"
            ) from None
        reason = _PDFIUM_ERRORS.get(exc.err_code or 1, f"PDFium-Fehler {exc.err_code}")
        raise error(f"die Datei ist kein lesbares PDF: {reason}") from None
    try:
        count = len(document)
        if count == 0:
            raise error("die Datei ist kein lesbares PDF: es hat keine Seiten")
        if count > MAX_PAGES:
            raise error(
                f"das PDF hat {_german(count)} Seiten; höchstens {_german(MAX_PAGES)} werden "
                "gelesen"
            )
        pages: list[str] = []
        total = 0
        for index in range(count):
            try:
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        chars = textpage.count_chars()
                        total += chars
                        if total > MAX_CHARS:
                            raise error(
                                f"das PDF enthält mehr als {_german(MAX_CHARS)} Zeichen; die "
                                "Datei ist zu groß"
                            )
                        pages.append("\n".join(_page_lines(textpage, chars)))
                    finally:
                        textpage.close()
                finally:
                    page.close()
            except (pdfium.PdfiumError, AssertionError):  # pypdfium2 asserts what PDFium gives
                raise error(
                    f"die Datei ist kein lesbares PDF: Seite {index + 1} ist beschädigt"
                ) from None
    finally:
        document.close()
    if not any(text.strip() for text in pages):
        raise error(
            "das PDF hat keine Textebene (gescannt?); bitte eine Fassung mit Text oder eine "
            "OCR-Fassung einlesen"
        )
    return "\n\f\n".join(pages)


# A character on the page: minus its middle (y, PDF units, y up), its left and right edge, its
# height and its text; sorted, the characters are in rows from the top, each left to right.
_Char = tuple[float, float, float, float, str]
_Box = tuple[float, float, float, float]


def _chars(textpage: Any, count: int) -> list[_Char]:
    """The characters PDFium found on the page (not the spaces and line breaks it made up)."""
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    handle = textpage.raw
    text = textpage.get_text_range()  # one call; its characters are the page's, one by one
    if len(text) == count:
        codes: Iterable[int] = map(ord, text)
    else:  # rare: PDFium left out or added some; ask for each
        codes = (raw.FPDFText_GetUnicode(handle, index) for index in range(count))
    get_box, box = raw.FPDFText_GetLooseCharBox, raw.FS_RECTF()
    turn = _quarter_turns(raw, handle, count)
    out: list[_Char] = []
    for index, code in enumerate(codes):
        if 0x20 < code < 0x7F:
            char = chr(code)
        elif code in _HYPHEN_MARKS and raw.FPDFText_IsHyphen(handle, index):
            char = "-"
        elif code < 0x20 or 0x7F <= code < 0xA0 or code > 0x10FFFF:
            continue  # controls (PDFium's line breaks among them), nonsense
        elif 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
            continue
        elif code == 0x20:
            if raw.FPDFText_IsGenerated(handle, index):
                continue
            char = " "
        else:
            char = _LIGATURES.get(chr(code), chr(code))
        if get_box(handle, index, box):
            left, right, bottom, top = box.left, box.right, box.bottom, box.top
            if turn:  # look at the page as its text reads: turned back upright
                left, right, bottom, top = _turned(turn, left, right, bottom, top)
            out.append((-(bottom + top) / 2, left, right, max(top - bottom, 1.0), char))
    return out


def _quarter_turns(raw: Any, handle: Any, count: int) -> int:
    """How many quarter turns (clockwise, as PDFium measures) most of the page's text is turned
    by: 0 for a page that reads upright, 3 for text running upwards (a turned landscape page)."""
    turns = [0, 0, 0, 0]
    for index in range(0, count, max(1, count // 64)):
        angle = raw.FPDFText_GetCharAngle(handle, index)
        if angle >= 0:
            turns[round(angle / (math.pi / 2)) % 4] += 1
    return turns.index(max(turns))


def _turned(turn: int, left: float, right: float, bottom: float, top: float) -> _Box:
    """A box (left, right, bottom, top) on a page whose text is turned by ``turn`` quarter
    turns, as it stands on the page turned back so that the text reads upright."""
    if turn == 3:  # the text runs upwards: x' = y, y' = -x
        return bottom, top, -right, -left
    if turn == 2:  # upside down: x' = -x, y' = -y
        return -right, -left, -top, -bottom
    return -top, -bottom, left, right  # runs downwards: x' = -y, y' = x


def _page_lines(textpage: Any, count: int) -> list[str]:
    """The page's text lines, top to bottom, each in reading order from left to right."""
    chars = _chars(textpage, count)
    if not chars:
        return []
    chars.sort()
    # Columns are placed as in a fixed-width text: the width of a median character is one place.
    widths = sorted(c[2] - c[1] for c in chars if c[4] != " ")
    unit = max(widths[len(widths) // 2] if widths else 1.0, 0.5)
    start = min(c[1] for c in chars)
    rows: list[list[_Char]] = []
    middles: list[float] = []  # each row's middle (minus y)
    heights: list[float] = []  # each row's character height
    row: list[_Char] = []
    for char in chars:
        middle, height = char[0], char[3]
        if row and middle - middles[-1] <= _SAME_LINE * min(heights[-1], height):
            row.append(char)
            if height > heights[-1]:
                heights[-1] = height
        else:
            row = [char]
            rows.append(row)
            middles.append(middle)
            heights.append(height)
    lines: list[str] = []
    for number, row in enumerate(rows):
        if number and middles[number] - middles[number - 1] > _BLANK_LINE * heights[number]:
            lines.append("")
        lines.append(_line_text(row, heights[number], start, unit))
    return lines


def _line_text(row: list[_Char], height: float, start: float, unit: float) -> str:
    """The characters of one line, left to right, with spaces where the gaps are: one between
    words, and across a column gap enough (at least two) to start the next column at the place
    its position on the page gives it (``start`` is the page's left edge, ``unit`` a place)."""
    row.sort(key=itemgetter(1))
    parts: list[str] = []
    length = 0
    right: float | None = None  # where the last character but a space ends
    last_left, last_char = 0.0, ""
    spaces, space_width = 0, 0.0  # real spaces since, and their width
    for _middle, left, end, _height, char in row:
        if char == _SOFT_HYPHEN:  # dropped, but it takes its place: no gap after it
            right = end if right is None else max(end, right)
            continue
        if char.isspace():
            spaces += 1
            space_width += end - left
            continue
        if char == last_char and abs(left - last_left) < _WORD_GAP * height:
            continue  # drawn twice (a fake bold)
        if right is not None:
            extra = left - right - space_width
            if extra >= _COLUMN_GAP * height:
                gap = max(2, spaces, round((left - start) / unit) - length)
            elif spaces:
                gap = spaces
            else:
                gap = 1 if extra >= _WORD_GAP * height else 0
            parts.append(" " * gap)
            length += gap
        parts.append(char)
        length += len(char)
        right = max(end, right) if right is not None else end
        last_left, last_char = left, char
        spaces, space_width = 0, 0.0
    return "".join(parts)
