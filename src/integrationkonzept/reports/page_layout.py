"""The printed page of a Word report and the widths of its tables' columns, as pure
calculations.

Lengths are in twips (1/20 pt, 1/1440 inch), the unit of the Word file, so that the widths of a
table's columns add up to the text width exactly. Widths of text are estimated from the metrics
of the document's font (:data:`FONT`) as an upper bound, so that a column fitted to its longest
word (:func:`column_widths`) never splits a word, a date or an amount.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = [
    "CELL_MARGIN",
    "CELL_PADDING",
    "FONT",
    "HEADER_DISTANCE",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MARGIN_TOP",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "TABLE_FONT_SIZES",
    "TEXT_WIDTH",
    "column_widths",
    "table_font_size",
    "text_width",
    "unbreakable_parts",
]

#: A4 (21.0 × 29.7 cm) as Word writes it.
PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
#: Margins of 2.5 cm left and top, 2 cm right and bottom (DIN 5008 asks for 2.5 cm left and at
#: least 2 cm right: room for binding and notes).
MARGIN_LEFT = 1417
MARGIN_TOP = 1417
MARGIN_RIGHT = 1134
MARGIN_BOTTOM = 1134
#: Header and footer 1.25 cm from the edge of the page.
HEADER_DISTANCE = 709
#: The width between the margins (16.5 cm): what a table's columns share.
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

#: The font of the whole document. Arial is on every Windows and Mac, and LibreOffice replaces
#: it with Liberation Sans, which has the same widths: so the column widths estimated below
#: hold wherever the file is opened (Calibri, Word's default, becomes a wider font elsewhere).
FONT = "Arial"
#: Font sizes of table text, largest first: a table takes the largest at which every word fits.
TABLE_FONT_SIZES = (9.0, 8.0, 7.0)
#: Left and right inner margin of a table cell (0.1 cm).
CELL_MARGIN = 57
#: What a cell needs besides its text: both inner margins, the borders and some slack for
#: rounding in the program that lays it out.
CELL_PADDING = 2 * CELL_MARGIN + 30


# Widths of characters in thousandths of an em, rounded up to the next 50: Helvetica (whose
# widths Arial and Liberation Sans share) and Helvetica Bold, for the header row.
def _width_table(groups: tuple[tuple[int, str], ...]) -> dict[str, int]:
    return {char: width for width, chars in groups for char in chars}


_REGULAR_WIDTHS = _width_table(
    (
        (250, "'`ijl‚‘’"),
        (300, " !,./:;I[\\]ft|·\xa0"),
        (350, "()-r{}„“”"),
        (400, '"*'),
        (500, "J^cksvxyz"),
        (600, "#$+0123456789<=>?L_abdeghnopqu~äöü–×é€"),
        (650, "FTZß"),
        (700, "&ABEKPSVXYÄ"),
        (750, "CDHNRUwÜ"),
        (800, "GOQÖ"),
        (850, "Mm"),
        (900, "%"),
        (950, "W"),
        (1000, "—…"),
        (1050, "@"),
    )
)
_BOLD_WIDTHS = _width_table(
    (
        (300, " ',./I\\`ijl|·\xa0‚‘’"),
        (350, "!()-:;[]ft"),
        (400, "*r{}"),
        (500, '"z„“”'),
        (600, "#$+0123456789<=>J^_aceksvxy~äé–×€"),
        (650, "?FLTZbdghnopquöüß"),
        (700, "EPSVXY"),
        (750, "&ABCDHKNRUÄÜ"),
        (800, "GOQwÖ"),
        (850, "M"),
        (900, "%m"),
        (950, "W"),
        (1000, "@—…"),
    )
)
#: Any other character (other scripts, symbols): a full em, to be safe.
_UNKNOWN_WIDTH = 1000

# Where a line may break: at ordinary white space, and after a hyphen before a letter (Word and
# LibreOffice both break there; not before a digit). A no-break space, as in "12.000,00 €",
# holds its words together.
_SPACES = re.compile(r"[ \t\r\n]+")
_AFTER_HYPHEN = re.compile(r"(?<=-)(?=[^\d-])")


def text_width(value: str, size_pt: float, *, bold: bool = False) -> int:
    """An upper bound of the width of ``value`` on one line at ``size_pt``, in twips."""
    widths = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    thousandths = sum(widths.get(char, _UNKNOWN_WIDTH) for char in value)
    return math.ceil(thousandths * size_pt * 20 / 1000)


def unbreakable_parts(value: str) -> list[str]:
    """The pieces of ``value`` a line never breaks inside (words, dates, amounts)."""
    return [part for word in _SPACES.split(value) for part in _AFTER_HYPHEN.split(word) if part]


def _need(column: Sequence[str], size_pt: float) -> int:
    """The narrowest column in which no word of ``column`` (its header first, in bold) is
    split."""
    widest = max(
        (
            text_width(part, size_pt, bold=index == 0)
            for index, cell in enumerate(column)
            for part in unbreakable_parts(cell)
        ),
        default=0,
    )
    return widest + CELL_PADDING


def _want(column: Sequence[str], size_pt: float) -> int:
    """The column in which every line of ``column`` (its header first, in bold) fits without
    wrapping."""
    widest = max(
        (
            text_width(line, size_pt, bold=index == 0)
            for index, cell in enumerate(column)
            for line in cell.splitlines()
        ),
        default=0,
    )
    return widest + CELL_PADDING


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """The cells of each column, its header first."""
    return [
        [header[index], *(row[index] for row in rows if index < len(row))]
        for index in range(len(header))
    ]


def _cap(needs: Sequence[int], total: int) -> float:
    """The largest width ``c`` with ``sum(min(need, c)) <= total``: when not every word can
    fit, the columns with the longest words give way, and the columns of short words (dates,
    ``Federführung``) keep what they need."""
    remaining = float(total)
    ordered = sorted(needs)
    for index, need in enumerate(ordered):
        left = len(ordered) - index
        if need * left > remaining:
            return remaining / left
        remaining -= need
    return float(ordered[-1]) if ordered else 0.0


def _apportion(amount: int, weights: Sequence[float]) -> list[int]:
    """``amount`` (at least 0) split into whole parts in proportion to ``weights`` (equal parts
    when they are all 0), by largest remainder: the parts add up to ``amount`` exactly."""
    count = len(weights)
    weight = sum(weights)
    exact = [amount * w / weight if weight > 0 else amount / count for w in weights]
    parts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(count), key=lambda index: parts[index] - exact[index])
    for index in by_remainder[: amount - sum(parts)]:
        parts[index] += 1
    return parts


def _plus(base: Sequence[int], extra: Sequence[int]) -> tuple[int, ...]:
    return tuple(a + b for a, b in zip(base, extra, strict=True))


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    size_pt: float,
    total: int = TEXT_WIDTH,
) -> tuple[int, ...]:
    """Widths of the columns of a table (in twips, adding up to ``total``) fitted to content.

    Each column gets at least the width of its longest word, so no word is split; what is
    left is shared by how much more each column's text would take on one line. When even the
    longest words do not fit side by side, the columns with the longest words are narrowed
    equally (see :func:`_cap`). Every width is positive while ``total`` is at least the number
    of columns.
    """
    if not header:
        return ()
    columns = _columns(header, rows)
    needs = [_need(cells, size_pt) for cells in columns]
    wants = [max(_want(cells, size_pt), need) for cells, need in zip(columns, needs, strict=True)]
    if sum(wants) <= total:
        # Everything fits on one line: the room left goes by how wide each column is.
        return _plus(wants, _apportion(total - sum(wants), wants))
    if sum(needs) <= total:
        more = [want - need for want, need in zip(wants, needs, strict=True)]
        return _plus(needs, _apportion(total - sum(needs), more))
    cap = max(1, math.floor(_cap(needs, total)))
    narrowed = [min(need, cap) for need in needs]
    return _plus(narrowed, _apportion(total - sum(narrowed), narrowed))


def table_font_size(
    header: Sequence[str], rows: Sequence[Sequence[str]], total: int = TEXT_WIDTH
) -> float:
    """The largest of :data:`TABLE_FONT_SIZES` at which every word of the table fits in
    ``total`` (the smallest when none does)."""
    columns = _columns(header, rows)
    for size in TABLE_FONT_SIZES:
        if sum(_need(cells, size) for cells in columns) <= total:
            return size
    return TABLE_FONT_SIZES[-1]
