"""Budget lines: one amount for one fiscal year, purpose and phase, from one source.

Long format, as budget data standards keep it. A line that ``revises`` another replaces it and is
never added to it (see :mod:`integrationkonzept.calc.budget`).
"""

from __future__ import annotations

from enum import Enum

import attrs

from ._validate import non_empty
from .money import Money
from .periods import check_fiscal_year
from .source import Source

__all__ = ["BudgetLine", "BudgetPhase", "Purpose"]


class BudgetPhase(Enum):
    """Where in the budget cycle an amount stands, in the order the cycle runs."""

    DRAFT = "draft"  # Entwurf / Planansatz of the administration
    REQUESTED = "requested"  # asked for by a motion (Änderungsantrag)
    ADOPTED = "adopted"  # decided by the council (Beschluss, Haushaltssatzung)
    REVISED = "revised"  # changed during the year: Puffer, überplanmäßig, Nachtrag
    ACTUAL = "actual"  # Ist / Ergebnis: what was used, as reported

    @property
    def rank(self) -> int:
        """Position in the cycle (draft = 0 … actual = 4)."""
        return list(BudgetPhase).index(self)


@attrs.frozen
class Purpose:
    """What money is for (Zweck), with a stable id used by budget lines."""

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    title_en: str = ""

    def label(self, lang: str = "de") -> str:
        """The title in ``lang`` (German when there is no English title)."""
        return self.title_en if lang == "en" and self.title_en else self.title


@attrs.frozen
class BudgetLine:
    """An amount for one fiscal year, purpose and phase, as one source states it.

    ``revises`` names the line this one replaces: a corrected figure of the same phase, or the
    revised figure (e.g. after a Puffer) that replaces an adopted one in the current plan.
    """

    id: str = attrs.field(validator=non_empty)
    fiscal_year: int = attrs.field(validator=check_fiscal_year)
    purpose: str = attrs.field(validator=non_empty)  # Purpose.id
    phase: BudgetPhase
    amount: Money
    source: Source
    revises: str | None = None  # BudgetLine.id
    note: str = ""
