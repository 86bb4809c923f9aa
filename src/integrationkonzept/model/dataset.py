"""A city's concept and everything around it, as one document."""

from __future__ import annotations

import attrs

from ..errors import InvalidValueError
from ._validate import shown, shown_en, unique_ids
from .budget import BudgetLine, Purpose
from .concept import Concept, Municipality, Organization
from .council import Paper
from .periods import BudgetCadence
from .review import Milestone, Report, ReviewRule

__all__ = ["Dataset"]


def _unique_references(_instance: Dataset, _attribute: object, value: tuple[Paper, ...]) -> None:
    seen: set[str] = set()
    for paper in value:
        if paper.reference in seen:
            raise InvalidValueError(
                f"papers: zwei Vorlagen haben die Nummer {shown(paper.reference)}",
                f"papers: reference {shown_en(paper.reference)} appears twice",
            )
        seen.add(paper.reference)


@attrs.frozen
class Dataset:
    """What the library keeps for one city: its concept, money, review duties and council papers.

    This is the document the command line reads and writes (native JSON). An importer that reads
    council papers or budget texts produces a data set without a concept (``concept`` is ``None``).
    """

    municipality: Municipality
    budget_cadence: BudgetCadence
    concept: Concept | None = None
    organizations: tuple[Organization, ...] = attrs.field(default=(), validator=unique_ids)
    purposes: tuple[Purpose, ...] = attrs.field(default=(), validator=unique_ids)
    budget_lines: tuple[BudgetLine, ...] = attrs.field(default=(), validator=unique_ids)
    review_rules: tuple[ReviewRule, ...] = attrs.field(default=(), validator=unique_ids)
    reports: tuple[Report, ...] = attrs.field(default=(), validator=unique_ids)
    milestones: tuple[Milestone, ...] = attrs.field(default=(), validator=unique_ids)
    papers: tuple[Paper, ...] = attrs.field(default=(), validator=_unique_references)

    def purpose(self, purpose_id: str) -> Purpose | None:
        """The purpose with ``purpose_id``."""
        return next((p for p in self.purposes if p.id == purpose_id), None)

    def paper(self, reference: str) -> Paper | None:
        """The paper with ``reference`` (as written)."""
        return next((p for p in self.papers if p.reference == reference), None)
