"""The text of a council system's web page saved as HTML, as numbered lines (stdlib
:mod:`html.parser`, no network): block elements and table rows break lines, table cells are
separated by a space, scripts and styles are dropped. Each line keeps the number of the HTML
source line its text starts on, so that errors point into the file as saved.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Final

from integrationkonzept.plugin import Line, clean_lines

__all__ = ["html_lines", "looks_like_html"]

_BREAKS: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
        "thead", "tr", "ul", "caption", "title",
    }
)  # fmt: skip
_CELLS: Final = frozenset({"td", "th"})
_HIDDEN: Final = frozenset({"script", "style", "head", "noscript", "template"})
_HTML_START: Final = re.compile(
    r"\s*(?:<!DOCTYPE html|<html\b|<\?xml[^>]*>\s*<html\b|<(?:head|body|table|div|p)\b)",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page (it starts with a doctype or an HTML element)."""
    return _HTML_START.match(text[:2000]) is not None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, list[str]]] = []
        self.hidden = 0
        self.open_line = False

    def _break(self) -> None:
        self.open_line = False

    def _put(self, number: int, text: str) -> None:
        if not self.open_line:
            self.lines.append((number, []))
            self.open_line = True
        self.lines[-1][1].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKS:
            self._break()
        elif tag in _CELLS and self.open_line:
            self._put(self.getpos()[0], " ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS:
            self._break()
        elif tag in _CELLS and self.open_line:
            self._put(self.getpos()[0], " ")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        number = self.getpos()[0]
        parts = data.split("\n")
        for index, part in enumerate(parts):
            if index:
                number += 1
                if part.strip():
                    # a line break inside a text node is a space, as a browser shows it
                    self._put(number, " ")
            if part:
                self._put(number, part)


def html_lines(text: str) -> list[Line]:
    """The page's visible text as lines numbered by the HTML source line they start on."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    out: list[Line] = []
    for number, parts in parser.lines:
        joined = " ".join("".join(parts).split())
        cleaned = " ".join(" ".join(clean_lines(joined)).split())
        if cleaned:
            out.append(Line(number, cleaned))
    return out
