"""Magdeburg's municipality profile: key, budget cadence, review rules, bodies, status vocabulary.

The settings are module-level constants so that a deployment can change them before the plugin is
used (``integrationkonzept_magdeburg.profile.BUDGET_CADENCE = BudgetCadence(2, 2025)``):
:func:`magdeburg_profile` reads them each time it is called, and the importer takes the cadence
from the profile.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from integrationkonzept.contributions import MunicipalityProfile
from integrationkonzept.model import (
    BudgetCadence,
    Due,
    Municipality,
    ReviewKind,
    ReviewRule,
    Source,
    SourceKind,
    Status,
    Trigger,
)

__all__ = [
    "AGS",
    "BODIES",
    "BUDGET_CADENCE",
    "CONCEPT_DECISION",
    "MUNICIPALITY",
    "REVIEW_RULES",
    "STATUSES",
    "magdeburg_profile",
]

#: Amtlicher Gemeindeschlüssel of the Landeshauptstadt Magdeburg.
AGS: Final = "15003000"

#: The municipality.
MUNICIPALITY: Final = Municipality("Magdeburg", AGS)

#: Annual budgets, as in the example data (``data/magdeburg.json``); change it here if the city
#: moves to a Doppelhaushalt (e.g. ``BudgetCadence(2, 2025)``).
BUDGET_CADENCE: BudgetCadence = BudgetCadence(1, 2022)

#: The council decision on the concept that set the review rule.
CONCEPT_DECISION: Final = Source(
    kind=SourceKind.DECISION,
    reference="DS0583/21",
    title="Integrationskonzept der Landeshauptstadt Magdeburg ab 2022",
    date=dt.date(2022, 12, 8),
    locator="Stadtrat 08.12.2022, geändert beschlossen mit DS0583/21/1",
)

#: Evaluation every two years from 2023, due at the end of each two-year period (2023/24 by
#: 31.12.2024, …), as in the example data.
REVIEW_RULES: tuple[ReviewRule, ...] = (
    ReviewRule(
        id="evaluation",
        kind=ReviewKind.EVALUATION,
        title="Evaluation des Integrationskonzepts (alle zwei Jahre)",
        trigger=Trigger.YEARS,
        first_year=2023,
        interval_years=2,
        due=Due.END,
        source=CONCEPT_DECISION,
    ),
)

#: Bodies that deliberate or receive papers on the concept. Stadtrat, the committee and the Beirat
#: are named in the administration's statement S0518/19; the Oberbürgermeister receives the
#: statements (Verteiler) and approves them (Genehmigung OB). Only bodies the sources name.
BODIES: tuple[str, ...] = (
    "Stadtrat",
    "Oberbürgermeister",
    "Ausschuss für Gesundheit und Soziales",
    "Beirat für Integration und Migration",
)

#: Status vocabulary for measures, as in the example data.
STATUSES: tuple[Status, ...] = (
    Status("geplant", "geplant", "planned"),
    Status("in-umsetzung", "in Umsetzung", "in progress"),
    Status("umgesetzt", "umgesetzt", "implemented", finished=True),
    Status("laufend", "Daueraufgabe", "ongoing"),
    Status("zurueckgestellt", "zurückgestellt", "postponed"),
    Status("entfallen", "entfallen", "dropped", finished=True),
)


def magdeburg_profile() -> MunicipalityProfile:
    """The profile ``magdeburg``, built from the module's current settings."""
    return MunicipalityProfile(
        name="magdeburg",
        municipality=MUNICIPALITY,
        budget_cadence=BUDGET_CADENCE,
        reference_scheme="magdeburg",
        review_rules=REVIEW_RULES,
        bodies=BODIES,
        statuses=STATUSES,
    )
