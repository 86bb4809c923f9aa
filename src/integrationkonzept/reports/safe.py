"""Making text from the data harmless in every output format.

Text in a data set can hold anything (control characters from a council system, markup, spreadsheet
formulas). Each format escapes what it must (Jinja2 escapes HTML, icalendar escapes its separators,
the workbook marks text cells as text); the helpers here do what all of them need:

* :func:`clean_text` removes the characters no XML-based format can hold (C0 controls except tab
  and line breaks, DEL, U+FFFE/U+FFFF, lone surrogates) and writes every line break as ``\\n``;
* :func:`is_formula_like` says whether a spreadsheet would run a text as a formula, and
  :func:`guard_csv` / :func:`unguard_csv` protect such text in CSV by a leading apostrophe (the
  convention spreadsheets themselves use for "this is text");
* :func:`safe_url` passes only ``http``/``https`` addresses on as links.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "FORMULA_STARTS",
    "clean_text",
    "guard_csv",
    "is_formula_like",
    "safe_url",
    "unguard_csv",
]

_ILLEGAL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS: Final = re.compile("\r\n?")

#: Characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """``text`` without characters XML cannot hold, line breaks written as ``\\n``.

    Tabs and line breaks stay; every other C0 control character, DEL, the non-characters U+FFFE and
    U+FFFF and lone surrogates are removed (they carry no meaning in a report).
    """
    if text.isprintable():  # nothing to do (the common case): all it changes is unprintable
        return text
    return _ILLEGAL.sub("", _LINE_BREAKS.sub("\n", text))


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would treat ``text`` as a formula (``=``, ``+``, ``-``, ``@``, tab or
    carriage return at the start)."""
    return text.startswith(FORMULA_STARTS)


def guard_csv(text: str) -> str:
    """``text`` for a CSV cell: a leading apostrophe when it would run as a formula or itself starts
    with an apostrophe (so that :func:`unguard_csv` can always undo it)."""
    return "'" + text if is_formula_like(text) or text.startswith("'") else text


def unguard_csv(text: str) -> str:
    """The text :func:`guard_csv` protected: one leading apostrophe removed."""
    return text[1:] if text.startswith("'") else text


def safe_url(url: str) -> str:
    """``url`` when it is an ``http``/``https`` address without spaces or controls, else ``""``."""
    candidate = url.strip()
    if re.fullmatch(r"https?://[^\s\x00-\x1f\x7f<>\"'`]+", candidate, flags=re.IGNORECASE):
        return candidate
    return ""
