"""The kinds of decision Leipzig's council records write (``DOMAIN.md``), found in a vote text.

One list for both importers. A text that says only ``beschlossen`` (``Der Antrag wurde im Sinne der
gemeinsamen Neufassung … beschlossen``) gets the kind ``beschlossen``, as written; nothing else is
inferred (``mehrheitlich angenommen`` names no kind: the text stays the vote text).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["DECISION_KINDS", "decision_kind"]

#: The decision kinds as ``DOMAIN.md`` lists them.
DECISION_KINDS: Final = (
    "Bestätigung",
    "Vorberatung",
    "Verweisung",
    "zur Kenntnis genommen",
    "1. Lesung",
    "2. Lesung",
    "Anhörung",
    "zurückgestellt",
    "ungeändert beschlossen",
    "geändert beschlossen",
    "abgelehnt",
    "zurückgezogen",
)

#: What a text says when it names no kind of the list but the plain result.
_PLAIN: Final = "beschlossen"

_KIND: Final = re.compile(
    r"(?<![\w.])(?P<kind>"
    + "|".join(re.escape(kind) for kind in sorted(DECISION_KINDS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_PLAIN_WORD: Final = re.compile(r"(?<!\w)beschlossen(?!\w)", re.IGNORECASE)
_NEGATED: Final = re.compile(r"\bnicht\s+$", re.IGNORECASE)


def decision_kind(text: str) -> str:
    """The first decision kind ``text`` states (spelt as in the list), else ``beschlossen`` when
    it says so, else ``""``. A kind preceded by ``nicht`` is not one."""
    by_name = {kind.casefold(): kind for kind in DECISION_KINDS}
    for found in _KIND.finditer(text):
        if not _NEGATED.search(text[: found.start()]):
            return by_name[found["kind"].casefold()]
    for found in _PLAIN_WORD.finditer(text):
        if not _NEGATED.search(text[: found.start()]):
            return _PLAIN
    return ""
