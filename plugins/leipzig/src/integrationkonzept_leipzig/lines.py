"""Text of extracted documents as numbered lines, and blocks of lines joined with their numbers.

The core's :func:`~integrationkonzept.plugin.numbered_lines` composes umlauts, unifies line ends,
drops control characters and numbers the lines (:class:`~integrationkonzept.plugin.Line`); what
is Leipzig's own is the page furniture of its council system and of republished copies
(``1/2``, ``1 von 4 in Zusammenstellung``, ``Seite: 1/1``, ``Zurück``), removed here without
changing words. Every line keeps its number for error messages.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.plugin import Line, numbered_lines

__all__ = ["Joined", "clean_line", "document_lines", "is_page_furniture", "join", "text_of"]

_FURNITURE_LINE: Final = re.compile(
    r"(?:[0-9]{1,3}\s*/\s*[0-9]{1,3}"
    r"|[0-9]{1,3} von [0-9]{1,3}(?: in Zusammenstellung)?"
    r"|Seite:? [0-9]{1,3}(?:\s*/\s*[0-9]{1,3}| von [0-9]{1,3})?"
    r"|Zurück|Zurück zur Übersicht|Drucken)"
)
_FURNITURE_INLINE: Final = re.compile(r"\s*\bSeite: [0-9]{1,3}\s*/\s*[0-9]{1,3}\b\s*")


def is_page_furniture(text: str) -> bool:
    """Whether a whole line is page furniture (page numbers, navigation) to be ignored."""
    return _FURNITURE_LINE.fullmatch(text) is not None


def document_lines(text: str) -> list[Line]:
    """The document's lines, numbered from 1, cleaned.

    Lines as :func:`~integrationkonzept.plugin.numbered_lines` gives them, with runs of whitespace
    as one space; page furniture lines become empty (marked ``furniture``) and ``Seite: 1/2``
    inside a line is removed.
    """
    return [clean_line(raw) for raw in numbered_lines(text)]


def clean_line(raw: Line) -> Line:
    """One line as :func:`document_lines` gives it: single spaces, page furniture emptied."""
    clean = " ".join(raw.text.split())
    if is_page_furniture(clean):
        return Line(raw.number, "", furniture=True)
    if "Seite:" in clean:
        clean = _FURNITURE_INLINE.sub(" ", clean).strip()
    return Line(raw.number, clean)


@attrs.frozen
class Joined:
    """Lines joined into one text (with ``separator``), able to say which line an offset is in."""

    text: str
    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        """The number of the line that holds ``offset`` in :attr:`text`."""
        if not self.numbers:
            return 1
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.numbers[max(index, 0)]


def join(lines: Sequence[Line], separator: str = " ") -> Joined:
    """The non-empty ``lines`` joined by ``separator``, with their offsets and numbers."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    offset = 0
    for line in lines:
        if not line.text:
            continue
        if parts:
            offset += len(separator)
        starts.append(offset)
        numbers.append(line.number)
        parts.append(line.text)
        offset += len(line.text)
    return Joined(separator.join(parts), tuple(starts), tuple(numbers))


def text_of(lines: Sequence[Line]) -> str:
    """Lines as written, one per line; a gap of blank lines becomes one empty line."""
    out: list[str] = []
    for line in lines:
        if line.furniture:
            continue
        if line.text:
            out.append(line.text)
        elif out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
