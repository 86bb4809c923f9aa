"""Full-text search over the stored papers (pure): the text as it is indexed, and a user's query
as a safe SQLite FTS5 ``MATCH`` expression.

The index (SQLite FTS5, tokenizer ``unicode61 remove_diacritics 2``; the table and its upkeep are
in :mod:`.store`) folds case, umlauts and accents (``Müller`` ≙ ``muller``). What the tokenizer
does not do is done here, to the indexed text and to the query alike (:func:`index_text`):

- ``ß`` becomes ``ss``, so that ``Strasse`` finds ``Straße`` (and the other way round);
- a word hyphenated at a line break, as PDF text has it (``Integra-\\ntion``), is joined again
  (``Integration``); before a capital letter the hyphen stays (``Ost-\\nWest`` → ``Ost-West``);
- soft hyphens and control characters are removed.

A query (:func:`match_expression`) is read as words, all of which must occur; ``"…"`` (or
``„…“``) is a phrase (its words in this order), ``-wort`` excludes a word or phrase, ``OR``
between words or phrases means either, ``wort*`` matches words beginning with ``wort``. Every
word becomes a quoted FTS5 string, so no query, however strange, is an FTS5 syntax error:
``NEAR(``, ``^``, ``:``, ``*`` or SQL are just text.

>>> index_text("Straße der Integra-\\ntion")
'Strasse der Integration'
>>> match_expression('Straße "sozialer Wohnungsbau" -Turnhalle')
'(("strasse" AND "sozialer wohnungsbau")) NOT ("turnhalle")'
>>> match_expression('Kita OR Schule') == '("kita") OR ("schule")'
True
>>> match_expression('NEAR( ^ : -')  # only text
'("near(")'
>>> match_expression('-Turnhalle') is None  # nothing to look for
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

import attrs

__all__ = [
    "MARK_END",
    "MARK_START",
    "MAX_TERMS",
    "TOKENIZER",
    "WEIGHTS",
    "SearchHit",
    "index_text",
    "match_expression",
    "snippet_parts",
]

#: The FTS5 tokenizer of the index.
TOKENIZER: Final = "unicode61 remove_diacritics 2"
#: bm25 weights of the indexed columns: reference, title, body (file texts).
WEIGHTS: Final = (10.0, 5.0, 1.0)
#: Where a snippet's match begins and ends (characters that :func:`index_text` removes from the
#: indexed text, so they mark nothing else).
MARK_START: Final = "\x02"
MARK_END: Final = "\x03"
#: At most this many words and phrases of a query are used (FTS5 limits an expression's depth).
MAX_TERMS: Final = 32

# A word hyphenated at a line break: the hyphen, spaces, the line break, spaces, a lower-case
# letter. Before a capital letter the hyphen is part of the word (Ost-West, Kita-Ausbau).
# (The letter before it is checked in _join: a pattern beginning with a look-behind is slow.)
_HYPHEN_BREAK = re.compile(r"[-\u2010\u00ad][ \t]*\r?\n[ \t]*(?=[^\W\d_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‟": '"'})


def index_text(text: str) -> str:
    """``text`` as it is indexed and as a query's words are compared: hyphenated line breaks
    joined, ``ß`` as ``ss``, soft hyphens and control characters removed."""
    if "\n" in text:
        text = _HYPHEN_BREAK.sub(_join, text)
    # str.replace is many times faster than str.translate with a table.
    text = text.replace("ß", "ss").replace("ẞ", "SS").replace("\u00ad", "")
    return _CONTROLS.sub(" ", text) if _CONTROLS.search(text) else text


def _join(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1 : match.start()] if match.start() else ""
    if not (before.isalnum() or before == "_"):
        return match.group()
    after = match.string[match.end() : match.end() + 1]
    return "" if after.islower() else "-"


def _has_token(text: str) -> bool:
    """Whether FTS5's unicode61 would find a token in ``text`` (letters, digits, private use)."""
    return any(
        unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co" for char in text
    )


@attrs.frozen
class _Term:
    text: str
    excluded: bool = False
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted


def _terms(query: str) -> list[_Term | None]:
    """The words and phrases of ``query`` in order; ``None`` stands for ``OR``."""
    text = index_text(query.translate(_QUOTES))
    found: list[_Term | None] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        excluded = False
        if char == "-" and position + 1 < len(text) and not text[position + 1].isspace():
            excluded = True
            position += 1
        if text[position] == '"':
            end = text.find('"', position + 1)
            end = len(text) if end < 0 else end
            words = text[position + 1 : end]
            position = end + 1
            if _has_token(words):
                found.append(_Term(" ".join(words.casefold().split()), excluded))
            continue
        end = position
        while end < len(text) and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[position:end]
        position = end
        if word == "OR" and not excluded:
            found.append(None)
            continue
        word = word.casefold()
        prefix = word.endswith("*") and _has_token(word)
        if _has_token(word):
            found.append(_Term(word.rstrip("*") if prefix else word, excluded, prefix))
    return found


def match_expression(query: str) -> str | None:
    """``query`` as an FTS5 ``MATCH`` expression, or ``None`` when it asks for nothing (no word
    to find, only exclusions). Never an FTS5 syntax error: every word is a quoted string."""
    groups: list[list[_Term]] = [[]]
    excluded: list[_Term] = []
    count = 0
    for term in _terms(query):
        if term is None:
            if groups[-1]:
                groups.append([])
            continue
        if count >= MAX_TERMS:
            break
        count += 1
        (excluded if term.excluded else groups[-1]).append(term)
    groups = [group for group in groups if group]
    if not groups:
        return None
    positive = " OR ".join(
        "(" + " AND ".join(term.fts() for term in group) + ")" for group in groups
    )
    if not excluded:
        return positive
    return f"({positive}) NOT (" + " OR ".join(term.fts() for term in excluded) + ")"


@attrs.frozen
class SearchHit:
    """One paper found: its id, reference, title, date (ISO), kind, body, the bm25 score (lower
    is better) and a snippet with the matches between :data:`MARK_START` and
    :data:`MARK_END`."""

    paper: str
    reference: str | None
    title: str | None
    date: str | None
    kind: str | None
    body: str | None
    score: float
    snippet: str


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """``snippet`` as ``(text, is_match)`` pieces, the marks removed."""
    parts: list[tuple[str, bool]] = []
    for number, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if piece:
            parts.append((piece, number % 2 == 1))
    return parts
