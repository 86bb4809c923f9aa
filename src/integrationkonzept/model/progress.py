"""The rule by which measure progress rolls up to fields and the concept, stated as data.

Roll-ups nobody can reproduce are the first complaint about monitoring tools (sum vs average,
empty values counted as 0, values over 100 %). So the rule is explicit and travels with the data.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import attrs

from ._validate import percent

__all__ = ["ConceptBasis", "MissingProgress", "ProgressRule", "StatusDefault"]


class MissingProgress(Enum):
    """How a measure without an explicit progress value counts."""

    EXCLUDE = "exclude"  # left out of the average
    ZERO = "zero"  # counts as 0 %
    STATUS_DEFAULT = "status_default"  # the default of its status; excluded if that has none


class ConceptBasis(Enum):
    """What the concept-wide figure averages."""

    FIELDS = "fields"  # each field counts once (unweighted mean of the field figures)
    MEASURES = "measures"  # every measure counts (the same rule as within a field)


@attrs.frozen
class StatusDefault:
    """The progress assumed for a measure in ``status`` when it has no explicit value."""

    status: str
    progress: Decimal = attrs.field(validator=percent)


@attrs.frozen
class ProgressRule:
    """How progress is computed.

    ``weighted``: measures count by their ``weight`` (1 when unset) instead of equally.
    ``missing``: what a measure without explicit progress contributes.
    ``status_defaults``: progress per status key, used when ``missing`` is ``STATUS_DEFAULT``.
    ``concept_basis``: whether the concept figure averages fields or all measures.
    """

    weighted: bool = False
    missing: MissingProgress = MissingProgress.EXCLUDE
    status_defaults: tuple[StatusDefault, ...] = ()
    concept_basis: ConceptBasis = ConceptBasis.FIELDS

    def default_for(self, status: str | None) -> Decimal | None:
        """The status default for ``status``, if the rule has one."""
        for entry in self.status_defaults:
            if entry.status == status:
                return entry.progress
        return None
