"""Stable ids for what money is for (purposes), derived from the words a text uses.

Leipzig's texts name the same purpose in different words (the council decision says „Sprach- und
Kulturmittlung“, the status report „Sprach- und Integrationsmittler/-innen“; both with typos such
as „Migratenselbstorganisationen“). A small vocabulary maps them to the ids of the built-in
example (``mso``, ``massnahmen``, ``sprachmittlung``, ``gesamt``); any other purpose gets an id
made from its own words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["VOCABULARY", "english_title", "purpose_id", "purpose_title", "slug"]

#: (id, pattern on the purpose's words, English title), checked in this order.
VOCABULARY: Final[tuple[tuple[str, re.Pattern[str], str], ...]] = (
    (
        "massnahmen",
        re.compile(r"Maßnahmen des (?:Integrations|Gesamt)konzept", re.IGNORECASE),
        "Measures of the integration concept",
    ),
    (
        "mso",
        re.compile(r"selbst\s*-?\s*organis|\bMSO\b", re.IGNORECASE),
        "Migrant self-organisations and intercultural associations",
    ),
    (
        "sprachmittlung",
        re.compile(r"Sprach-\s*und\s*(?:Kultur|Integrations)mittl|Sprachmittl", re.IGNORECASE),
        "Language and cultural mediation",
    ),
    (
        "gesamt",
        re.compile(r"Gesamtkonzept|Integrationskonzept", re.IGNORECASE),
        "Integration concept (not split)",
    ),
)

_LEADING: Final = re.compile(
    r"^(?:(?:für|zur|zum|zu)\s+)?(?:(?:die|der|das|den|dem)\s+)?", re.IGNORECASE
)
_UMLAUTS: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str, limit: int = 48) -> str:
    """Lower-case ASCII words joined by ``-`` (``Förderung von MSO`` → ``foerderung-von-mso``)."""
    lowered = text.casefold().translate(_UMLAUTS)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "zweck"


def purpose_id(text: str) -> str:
    """The stable id of the purpose ``text`` names: from the vocabulary, else its slug."""
    for key, pattern, _english in VOCABULARY:
        if pattern.search(text):
            return key
    return slug(purpose_title(text))


def purpose_title(text: str) -> str:
    """The purpose as a title: without a leading ``für die``/``zur``/``die``, trailing commas."""
    cleaned = " ".join(text.split()).strip(" ,.;:–-")
    return _LEADING.sub("", cleaned, count=1).strip() or cleaned


def english_title(purpose: str) -> str:
    """The English title of a vocabulary id (empty for other ids)."""
    return next((english for key, _pattern, english in VOCABULARY if key == purpose), "")
