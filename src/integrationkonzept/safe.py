"""Making text from the data harmless in every output format.

Text in a data set can hold anything (control characters from a council system, markup, spreadsheet
formulas). Each format escapes what it must (Jinja2 escapes HTML, icalendar escapes its separators,
the workbook marks text cells as text); the helpers here do what all of them need:

* :func:`clean_text` removes the characters no XML-based format can hold (C0 controls except tab
  and line breaks, DEL, U+FFFE/U+FFFF, lone surrogates) and the C1 controls (no document means
  them, and a terminal showing a CSV or calendar file would act on them), and writes every line
  break as ``\\n``;
* :func:`strip_controls` removes what a terminal would act on (C0 controls except tab and
  newline, DEL, the C1 controls U+0080–U+009F: colours, cursor moves, window titles, the bell)
  from text for a terminal or a text file (plain text, Markdown);
* :func:`is_formula_like` says whether a spreadsheet would run a text as a formula, and
  :func:`guard_csv` / :func:`unguard_csv` protect such text in CSV by a leading apostrophe (the
  convention spreadsheets themselves use for "this is text");
* :func:`safe_url` passes only ``http``/``https`` addresses on as links, and none that shows
  something other than where it leads (bidi overrides, zero-width characters); :func:`visible`
  writes those characters as ``\\u202e`` so that such an address can be shown as text.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "FORMULA_STARTS",
    "clean_text",
    "guard_csv",
    "is_formula_like",
    "is_spoofing",
    "safe_url",
    "strip_controls",
    "unguard_csv",
    "visible",
]

_ILLEGAL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS: Final = re.compile("\r\n?")
# C0 controls except tab and newline, DEL and the C1 controls (carriage returns are made
# newlines first); the same set ``oparl`` strips from what a server sends.
_TERMINAL_CONTROLS: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What makes text show other than it reads: bidi embeddings, overrides, isolates and marks,
# zero-width spaces and joiners, the word joiner, the byte order mark (zero-width no-break space).
_SPOOFING: Final = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")

#: Characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection). A line
#: break counts too: cleaning writes a leading ``\\r`` as ``\\n``, and a spreadsheet that trims the
#: cell would run what follows.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


def clean_text(text: str) -> str:
    """``text`` without characters XML cannot hold, line breaks written as ``\\n``.

    Tabs and line breaks stay; every other C0 control character, DEL, the C1 controls, the
    non-characters U+FFFE and U+FFFF and lone surrogates are removed (they carry no meaning in a
    report).
    """
    if text.isprintable():  # nothing to do (the common case): all it changes is unprintable
        return text
    return _ILLEGAL.sub("", _LINE_BREAKS.sub("\n", text))


def strip_controls(text: str) -> str:
    """``text`` without what a terminal would act on: tab and newline stay, ``\\r\\n`` and ``\\r``
    become ``\\n``, every other C0 control character, DEL and the C1 controls are removed."""
    if text.isprintable():  # the common case, and fast
        return text
    if "\r" in text:
        text = _LINE_BREAKS.sub("\n", text)
    return _TERMINAL_CONTROLS.sub("", text)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would treat ``text`` as a formula (``=``, ``+``, ``-``, ``@``, tab or
    a line break at the start)."""
    return text.startswith(FORMULA_STARTS)


def guard_csv(text: str) -> str:
    """``text`` for a CSV cell: a leading apostrophe when it would run as a formula or itself starts
    with an apostrophe (so that :func:`unguard_csv` can always undo it)."""
    return "'" + text if is_formula_like(text) or text.startswith("'") else text


def unguard_csv(text: str) -> str:
    """The text :func:`guard_csv` protected: one leading apostrophe removed."""
    return text[1:] if text.startswith("'") else text


def is_spoofing(text: str) -> bool:
    """Whether ``text`` holds a bidi control or a zero-width character (it shows other than it
    reads: ``https://example.org/\\u202egpj.exe`` shows as ``…/exe.jpg``)."""
    return not text.isascii() and _SPOOFING.search(text) is not None


def visible(text: str) -> str:
    """``text`` with bidi controls and zero-width characters written as ``\\u202e`` and the like."""
    if text.isascii():
        return text
    return _SPOOFING.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def safe_url(url: str) -> str:
    """``url`` when it is an ``http``/``https`` address without spaces, controls, bidi controls or
    zero-width characters, else ``""``."""
    candidate = url.strip()
    if is_spoofing(candidate):
        return ""
    if re.fullmatch(r"https?://[^\s\x00-\x1f\x7f-\x9f<>\"'`]+", candidate, flags=re.IGNORECASE):
        return candidate
    return ""
