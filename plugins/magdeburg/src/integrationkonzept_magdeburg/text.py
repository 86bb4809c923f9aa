"""Small text helpers for reading German administrative prose: cells, paragraphs, sentences,
clauses and noun phrases.

Pure functions, no knowledge of any particular document: the importer uses them to read the
structure of a statement and to name the events it reports. They work on the numbered lines of
:func:`integrationkonzept.plugin.numbered_lines`, so a decomposed ``ö`` is one character here too.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from integrationkonzept.plugin import Line

__all__ = [
    "ARTICLES",
    "FILLERS",
    "OPENERS",
    "VERBS",
    "Paragraph",
    "cells",
    "clauses",
    "collapse",
    "noun_phrase_title",
    "paragraphs",
    "phrase_after_last_verb",
    "sentences",
    "split_at",
    "subject_before_verb",
]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Articles and determiners (lower case).
ARTICLES: Final = _wordset(
    "der die das den dem des ein eine einer einem einen eines dieser diese dieses diesem diesen"
)
#: Prepositions and conjunctions that open a phrase without being part of its head (lower case).
OPENERS: Final = _wordset(
    "nach mit bei durch auf aus von vor seit ab am im in zum zur und sowie bzw da weil zudem "
    "außerdem weiterhin ferner auch dabei hierzu dazu daher deshalb somit"
)
#: Finite verbs, auxiliaries and adverbs that carry no name of an event (lower case).
FILLERS: Final = _wordset(
    "erfolgte erfolgten erfolgt fand fanden statt wurde wurden wird werden worden ist sind war "
    "waren hat haben hatte hatten verläuft verlief verlaufen kontinuierlich bereits schon "
    "erstmals erneut jeweils ebenfalls noch nun jetzt zudem auch kann können soll sollen sollte "
    "sollten muss müssen erfolgen"
)
#: Modal and auxiliary verbs that end a sentence's subject (lower case).
VERBS: Final = _wordset(
    "sollte sollten soll sollen wird werden wurde wurden kann können konnte konnten muss "
    "müssen musste mussten ist sind war waren hat haben hatte hatten erfolgt erfolgte "
    "erfolgen"
)
_ABBREVIATIONS: Final = _wordset(
    "z b bzw ca dr nr vgl u a d h ggf evtl inkl abs art str usw etc s bearb tel hr fr prof gem "
    "lt o ä sog ff lfd"
)
_OPEN_QUOTES: Final = "„‚«"
_CLOSE_QUOTES: Final = "“‘»”"


@attrs.frozen
class Paragraph:
    """Lines between blank lines, joined by spaces into ``text``; ``starts`` maps offsets in
    ``text`` back to line numbers."""

    lines: tuple[Line, ...]
    text: str
    starts: tuple[tuple[int, int], ...]

    @property
    def first_line(self) -> int:
        """The number of the paragraph's first line."""
        return self.lines[0].number

    def line_at(self, offset: int) -> int:
        """The number of the line that holds ``offset`` of ``text``."""
        index = bisect.bisect_right(self.starts, (offset, sys.maxsize)) - 1
        return self.starts[index][1] if index >= 0 else self.first_line


def collapse(text: str) -> str:
    """``text`` with every run of whitespace made one space, stripped."""
    return " ".join(text.split())


_CELL_BREAK = re.compile(r"\t|[ \u00a0]{2,}")


def cells(text: str) -> tuple[str, ...]:
    """The non-empty cells of a table line: split at tabs or at runs of two or more spaces."""
    return tuple(cell.strip() for cell in _CELL_BREAK.split(text) if cell.strip())


def paragraphs(lines: Sequence[Line]) -> tuple[Paragraph, ...]:
    """``lines`` grouped at blank lines; each line stripped, lines joined by a space."""
    out: list[Paragraph] = []
    current: list[Line] = []

    def close() -> None:
        if not current:
            return
        parts: list[str] = []
        starts: list[tuple[int, int]] = []
        offset = 0
        for line in current:
            stripped = line.text.strip()
            starts.append((offset, line.number))
            parts.append(stripped)
            offset += len(stripped) + 1
        out.append(Paragraph(tuple(current), " ".join(parts), tuple(starts)))
        current.clear()

    for line in lines:
        if line.text.strip():
            current.append(line)
        else:
            close()
    close()
    return tuple(out)


def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the sentences of ``text``.

    A sentence ends at ``.``, ``!`` or ``?`` (with closing quotes) before whitespace and a capital
    letter or an opening quote, except after a number (``21. Februar``), a single letter or a
    known abbreviation (``z. B.``, ``Dr.``, ``bzw.``).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[.!?][“”\"'»)]*(?=\s+[A-ZÄÖÜ„\"])", text):
        end = match.end()
        if text[match.start()] == ".":
            begin = match.start()
            while begin > start and text[begin - 1].isalnum():
                begin -= 1
            token = text[begin : match.start()]
            if not token or token.isdigit() or len(token) == 1 or token.lower() in _ABBREVIATIONS:
                continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(span for span in spans if text[span[0] : span[1]].strip())


def _matched_openers(text: str, start: int, end: int) -> set[int]:
    """Offsets of the opening quotes and brackets in ``text[start:end]`` that are closed there
    (an inquiry quoted as a whole opens „ in its first paragraph and closes it in its last)."""
    stack: list[int] = []
    matched: set[int] = set()
    for index in range(start, end):
        char = text[index]
        if char in _OPEN_QUOTES or char == "(":
            stack.append(index)
        elif (char in _CLOSE_QUOTES or char == ")") and stack:
            matched.add(stack.pop())
    return matched


def clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The spans of the clauses of ``text[start:end]``: split at commas and semicolons outside
    quotes and brackets (those closed within the span)."""
    spans: list[tuple[int, int]] = []
    matched = _matched_openers(text, start, end)
    depth = 0
    begin = start
    for index in range(start, end):
        char = text[index]
        if index in matched:
            depth += 1
        elif (char in _CLOSE_QUOTES or char == ")") and depth > 0:
            depth -= 1
        elif char in ",;" and depth == 0:
            spans.append((begin, index))
            begin = index + 1
    spans.append((begin, end))
    return tuple(_trim(text, a, b) for a, b in spans if text[a:b].strip())


def split_at(text: str, span: tuple[int, int], cuts: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """``span`` cut at the offsets ``cuts`` (those inside it), each piece trimmed."""
    a, b = span
    points = [a, *sorted(c for c in cuts if a < c < b), b]
    pieces = [_trim(text, x, y) for x, y in itertools.pairwise(points)]
    return tuple(piece for piece in pieces if piece[0] < piece[1])


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _words(text: str) -> Iterator[tuple[str, bool]]:
    """Words with whether they stand inside quotes (a quote's words are a title, kept whole)."""
    depth = 0
    for word in text.split():
        inside = depth > 0
        opens = sum(word.count(q) for q in _OPEN_QUOTES)
        closes = sum(word.count(q) for q in _CLOSE_QUOTES)
        if opens:
            inside = True
        depth = max(depth + opens - closes, 0)
        yield word, inside


def _bare(word: str) -> str:
    return word.strip(".,;:!?()„“”\"'‚‘«»").lower()


def _is_head(word: str) -> bool:
    """Whether ``word`` can start a noun phrase's head: a capitalised word, a quoted title or a
    number (``14 Mittlerinnen``)."""
    letters = word.lstrip('„"‚«(')
    if not letters or _bare(word) in ARTICLES | OPENERS:
        return False
    return letters[0].isupper() or letters[0] in "0123456789"


_INFINITIVE = re.compile(r"\w+zu\w+en")


def noun_phrase_title(text: str, limit: int = 160) -> str:
    """A short name for what ``text`` (a clause without its date) is about.

    German capitalises nouns: the title starts at the first capitalised word that is not an
    article or preposition (or at a quoted title), drops finite verbs and adverbs that carry no
    name (``erfolgte``, ``wurde``, ``kontinuierlich``) outside quotes, and is cut to ``limit``
    characters at a word boundary. ``""`` when the text holds no noun.
    """
    words = list(_words(collapse(text)))
    first = next((i for i, (word, _) in enumerate(words) if _is_head(word)), None)
    if first is None:
        return ""
    kept = [word for word, inside in words[first:] if inside or _bare(word) not in FILLERS]
    insides = [inside for word, inside in words[first:] if inside or _bare(word) not in FILLERS]
    while len(kept) > 1 and not insides[-1] and _INFINITIVE.fullmatch(_bare(kept[-1])):
        kept.pop()
        insides.pop()
    title = " ".join(kept).strip(" .,;:")
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0].rstrip(" .,;:") + " …"
    return title[:1].upper() + title[1:]


def subject_before_verb(text: str) -> str:
    """The words of ``text`` before its first modal or auxiliary verb (outside quotes), when they
    open with a noun phrase (not with a preposition); else ``""``."""
    words = list(_words(collapse(text)))
    out: list[str] = []
    for word, inside in words:
        if not inside and _bare(word) in VERBS:
            break
        out.append(word)
    else:
        return ""
    if not out or _bare(out[0]) in OPENERS:
        return ""
    return noun_phrase_title(" ".join(out))


def phrase_after_last_verb(text: str) -> str:
    """The words of ``text`` after its last modal or auxiliary verb (outside quotes), as a title;
    ``""`` when there is no such verb or no noun after it."""
    words = list(_words(collapse(text)))
    last = None
    for index, (word, inside) in enumerate(words):
        if not inside and _bare(word) in VERBS:
            last = index
    if last is None:
        return ""
    return noun_phrase_title(" ".join(word for word, _ in words[last + 1 :]))
