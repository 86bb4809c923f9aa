"""Council papers (Vorlagen, Drucksachen), their Beratungsfolge and decisions.

References are kept exactly as the city writes them (``VI-DS-08033-NF-02``, ``DS0583/21/1``);
parsing and normalising them is the job of a city's reference scheme.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import attrs

from ..errors import InvalidValueError
from ._validate import at_least, date_only, non_empty, required_date
from .source import Source

__all__ = [
    "Consultation",
    "Decision",
    "FileInfo",
    "Paper",
    "PaperRelation",
    "Question",
    "RelationKind",
    "Section",
    "VoteResult",
]


@attrs.frozen
class VoteResult:
    """Counted votes: yes, no, abstentions."""

    yes: int = attrs.field(validator=at_least(0))
    no: int = attrs.field(validator=at_least(0))
    abstentions: int = attrs.field(default=0, validator=at_least(0))


@attrs.frozen
class Consultation:
    """One row of the Beratungsfolge: a body deliberates the paper on a date in a role.

    ``role`` is e.g. Vorberatung, Beschlussfassung, Kenntnisnahme, 2. Lesung; ``result`` the outcome
    when known (``geändert beschlossen``, ``vertagt``, …). The date can be unknown.
    """

    body: str = attrs.field(validator=non_empty)
    date: dt.date | None = attrs.field(default=None, validator=date_only)
    role: str = ""
    result: str = ""
    authoritative: bool = False


def _votes_or_text(instance: Decision, _attribute: object, value: str) -> None:
    if instance.votes is None and not value and not instance.kind:
        raise InvalidValueError(
            "vote_text: ein Beschluss braucht mindestens eine Art (kind), ein Stimmergebnis "
            "(votes) oder einen Abstimmungstext (vote_text)",
            "vote_text: a decision needs at least a kind, vote counts or a vote text",
        )


@attrs.frozen
class Decision:
    """What a body decided on a paper: kind (``geändert beschlossen``), date, votes, text."""

    body: str = attrs.field(validator=non_empty)
    date: dt.date = attrs.field(validator=required_date)
    kind: str = ""
    votes: VoteResult | None = None
    vote_text: str = attrs.field(default="", validator=_votes_or_text)
    text: str = ""
    source: Source | None = None


class RelationKind(Enum):
    """How one paper relates to another."""

    REVISES = "revises"  # a Neufassung of
    AMENDS = "amends"  # an Änderungsantrag to
    ANSWERS = "answers"  # a Stellungnahme / Antwort to an Anfrage
    POSITION_ON = "position_on"  # a Verwaltungsstandpunkt on a motion
    FOLLOWS_UP = "follows_up"  # an information paper or report following a decision
    RELATED = "related"  # mentioned, context


@attrs.frozen
class PaperRelation:
    """A link from a paper to another paper, by the other's reference."""

    kind: RelationKind
    reference: str = attrs.field(validator=non_empty)


@attrs.frozen
class Section:
    """A titled part of a paper's text: Beschlussvorschlag, Sachverhalt, Begründung, …"""

    title: str = attrs.field(validator=non_empty)
    text: str = ""


@attrs.frozen
class Question:
    """A numbered question of an Anfrage and the administration's answer to it."""

    number: str = attrs.field(validator=non_empty)
    text: str = ""
    answer: str = ""


@attrs.frozen
class FileInfo:
    """The file metadata block of a republished copy (Kommune, Dateiname, Größe, Erstellt, …)."""

    municipality: str = ""
    filename: str = ""
    size: str = ""  # as written, e.g. "96 kB"
    created: dt.datetime | None = None
    updated: dt.datetime | None = None


@attrs.frozen
class Paper:
    """A council paper with its Beratungsfolge and, once decided, its decision.

    ``position`` is the option a Verwaltungsstandpunkt ticks (Zustimmung, Ablehnung, …);
    ``distribution`` and ``distributed`` the Verteiler of a Magdeburg statement and its date.
    """

    reference: str = attrs.field(validator=non_empty)
    kind: str = ""  # per city: Antrag, Beschlussvorlage, Stellungnahme, …
    title: str = ""
    submitter: str = ""
    date: dt.date | None = attrs.field(default=None, validator=date_only)
    status: str = ""  # e.g. öffentlich
    consultations: tuple[Consultation, ...] = ()
    decision: Decision | None = None
    relations: tuple[PaperRelation, ...] = ()
    position: str = ""
    sections: tuple[Section, ...] = ()
    questions: tuple[Question, ...] = ()
    distribution: str = ""
    distributed: dt.date | None = attrs.field(default=None, validator=date_only)
    file: FileInfo | None = None
    source: Source | None = None

    def section(self, title: str) -> Section | None:
        """The first section called ``title``."""
        return next((s for s in self.sections if s.title == title), None)
