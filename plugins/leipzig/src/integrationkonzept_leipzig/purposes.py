"""What money is for (purposes): the words a text names it with, and stable ids for them.

A purpose is read from a noun phrase: in a sentence, the object of ``zur``/``zum``/``für`` that
names what the money is for (``… werden zur Verstetigung der Sprach- und Integrationsmittlung
40.000 EUR …``) — not an organisation (``Referat für …``) and not a budget word (``zusätzlich zum
Ansatz``); in a list item, the item's words before its amounts.

Leipzig's texts name the same purpose in different words (the council decision says „Sprach- und
Kulturmittlung“, the status report „Sprach- und Integrationsmittler/-innen“; both with typos such
as „Migratenselbstorganisationen“). A small vocabulary knows the topics of the built-in example
(``mso``, ``massnahmen``, ``sprachmittlung``, ``gesamt``). It gives the id only where the texts
name the same thing (:func:`assign`): mentions with the same words, or the items of two lists of
the same length whose topics pair off one to one (a report listing the use of a decision's split);
and only when no other purpose of the document has the same topic. Otherwise every purpose keeps
an id of its own words, so that „Einsatz“ and „Fortbildung“ of the mediators stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.model import Purpose
from integrationkonzept.plugin import slug

from .common import SLUG_EMPTY, SLUG_LIMIT

__all__ = [
    "VOCABULARY",
    "Mention",
    "assign",
    "english_title",
    "item_purpose",
    "purpose_title",
    "sentence_purpose",
    "vocabulary_id",
]

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
    r"^(?:(?:für|zur|zum|zu)\s+)?(?:(?:die|der|das|den|dem|eine|einen)\s+)?", re.IGNORECASE
)
#: A preposition that introduces what money is for.
_INTRO: Final = re.compile(
    r"(?<!\w)(?:zur|zum|für(?:\s+(?:die|den|das|eine|einen))?)\s+", re.IGNORECASE
)
#: An organisation the preposition belongs to (``Dem Referat für Migration und Integration``).
_OWNER: Final = re.compile(
    r"(?:Referat|Referats|Referates|Amt|Amts|Amtes|Dezernat|Dezernats|Dezernates|Fraktion|Stadt"
    r"|Verwaltung|Beirat|Beirats|Beirates|Oberbürgermeister|Oberbürgermeisterin)\s*$"
)
#: Where a noun phrase naming a purpose ends.
_STOP: Final = re.compile(
    r"\s+(?:zusätzlich\w*|jeweils|insgesamt|in Höhe von|werden|wird|sind|ist|bereit\w*"
    r"|zur Verfügung|im Jahr|in den Jahren|für das Jahr|für die Jahre|pro Jahr|je Jahr"
    r"|jährlich|p\. ?a\.)(?!\w)|\s*[;:(>]"
)
#: Words that name a budget figure, not what it is for.
_BUDGET_WORDS: Final = frozenset(
    {
        "ansatz",
        "planansatz",
        "haushaltsansatz",
        "entwurf",
        "haushalt",
        "doppelhaushalt",
        "haushaltsjahr",
        "budget",
        "betrag",
        "gesamtbetrag",
        "summe",
        "verfügung",
        "jahr",
        "jahre",
    }
)


def vocabulary_id(text: str) -> str | None:
    """The vocabulary's id for the topic ``text`` names, if it knows one."""
    for key, pattern, _english in VOCABULARY:
        if pattern.search(text):
            return key
    return None


def english_title(purpose: str) -> str:
    """The English title of a vocabulary id (empty for other ids)."""
    return next((english for key, _pattern, english in VOCABULARY if key == purpose), "")


def purpose_title(text: str) -> str:
    """The purpose as a title: without a leading ``für die``/``zur``/``die``, trailing commas."""
    cleaned = " ".join(text.split()).strip(" ,.;:–-")
    return _LEADING.sub("", cleaned, count=1).strip() or cleaned


def _phrase(text: str) -> str:
    """``text`` up to where the noun phrase ends; empty when it names a budget figure."""
    stop = _STOP.search(text)
    phrase = purpose_title(text[: stop.start()] if stop else text)
    words = phrase.split()
    if not words or words[0].casefold().strip(",.") in _BUDGET_WORDS:
        return ""
    return phrase


def sentence_purpose(clause: str) -> str:
    """What a sentence gives money for, from the words before its first amount (``clause``):
    the first ``zur``/``zum``/``für`` phrase that is neither an organisation's nor a budget
    word's; empty when there is none."""
    for found in _INTRO.finditer(clause):
        if _OWNER.search(clause[: found.start()]):
            continue
        phrase = _phrase(clause[found.end() :])
        if phrase:
            return phrase
    return ""


def item_purpose(words: str) -> str:
    """What a list item gives money for: its words (before the amounts) without a leading
    preposition or article; empty when they name only a budget figure."""
    return _phrase(words)


@attrs.frozen
class Mention:
    """The words a text names a purpose with, and the list (``group``) they stand in; a mention
    without a group is never paired with another by its topic, only by its words."""

    words: str
    group: str = ""


def assign(mentions: Sequence[Mention]) -> list[Purpose]:
    """The purpose of every mention (the same object for mentions that name the same thing)."""
    titles = [purpose_title(m.words) or m.words.strip() or "Zweck" for m in mentions]
    own = [slug(title, limit=SLUG_LIMIT, empty=SLUG_EMPTY) for title in titles]
    topics = [vocabulary_id(title) for title in titles]
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        """The representative of ``i``'s class."""
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        """Put ``i`` and ``j`` in one class, represented by the earlier mention."""
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first_by_words: dict[str, int] = {}
    for i, words in enumerate(own):
        union(first_by_words.setdefault(words, i), i)
    groups: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        if mention.group:
            groups.setdefault(mention.group, []).append(i)
    lists = [_topics_of(members, topics) for members in groups.values()]
    for a, first in enumerate(lists):
        for second in lists[a + 1 :]:
            if first is not None and second is not None and first.keys() == second.keys():
                for topic, i in first.items():
                    union(i, second[topic])

    classes: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        classes.setdefault(root(i), []).append(i)
    class_topic = {
        key: (topics[members[0]] if len({topics[i] for i in members}) == 1 else None)
        for key, members in classes.items()
    }
    topic_count: dict[str, int] = {}
    for counted in class_topic.values():
        if counted is not None:
            topic_count[counted] = topic_count.get(counted, 0) + 1
    taken: set[str] = set()
    by_class: dict[int, Purpose] = {}
    for key, members in classes.items():
        shared = class_topic[key]
        ident, english = own[members[0]], ""
        if shared is not None and topic_count[shared] == 1:
            ident, english = shared, english_title(shared)
        base, serial = ident, 2
        while ident in taken:
            ident, serial = f"{base}-{serial}", serial + 1
        taken.add(ident)
        by_class[key] = Purpose(ident, titles[members[0]], english)
    return [by_class[root(i)] for i in range(len(mentions))]


def _topics_of(members: Sequence[int], topics: Sequence[str | None]) -> dict[str, int] | None:
    """A list's items by topic, when it has at least two items with a topic each and no topic
    twice (only then can two lists pair off by topic); ``None`` otherwise."""
    found: dict[str, int] = {}
    for i in members:
        topic = topics[i]
        if topic is None or topic in found:
            return None
        found[topic] = i
    return found if len(found) >= 2 else None
