"""Magdeburg's municipality profile: key, budget cadence, review rules, bodies, status vocabulary.

Everything here is a constant, like the frozen :class:`MunicipalityProfile` built from it. Two of
them are settings, not facts from the sources: the budget cadence (annual budgets from 2022, as in
the example data) and the evaluation rule's first period and due day (the sources say only
"evaluation every two years"). A deployment whose city works otherwise states so in its data set
(``budget_cadence`` and ``review_rules`` of the native JSON); it does not change this module.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

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
from integrationkonzept.plugin import (
    DEFAULT_STATUSES,
    MunicipalityProfile,
)

__all__ = [
    "AGS",
    "BODIES",
    "BUDGET_CADENCE",
    "CONCEPT_DECISION",
    "MUNICIPALITY",
    "PROFILE",
    "REVIEW_RULES",
    "STATUSES",
    "magdeburg_profile",
]

#: Amtlicher Gemeindeschlüssel of the Landeshauptstadt Magdeburg.
AGS: Final = "15003000"

#: The municipality.
MUNICIPALITY: Final = Municipality("Magdeburg", AGS)

#: A setting, not a fact from the sources: annual budgets from 2022, as in the example data
#: (``data/magdeburg.json``). The sources say nothing of Magdeburg's budget cadence.
BUDGET_CADENCE: Final = BudgetCadence(1, 2022)

#: The council decision on the concept that set the review rule.
CONCEPT_DECISION: Final = Source(
    kind=SourceKind.DECISION,
    reference="DS0583/21",
    title="Integrationskonzept der Landeshauptstadt Magdeburg ab 2022",
    date=dt.date(2022, 12, 8),
    locator="Stadtrat 08.12.2022, geändert beschlossen mit DS0583/21/1",
)

#: Evaluation every two years (the sources: DS0583/21, "evaluation every two years"). A setting,
#: not a fact from the sources: the first period 2023/24 and the due day at the end of each
#: period (2023/24 by 31.12.2024, …), as in the example data; the title says so.
REVIEW_RULES: Final[tuple[ReviewRule, ...]] = (
    ReviewRule(
        id="evaluation",
        kind=ReviewKind.EVALUATION,
        title="Evaluation des Integrationskonzepts alle zwei Jahre (angenommen: erster Zeitraum "
        "2023/24, fällig zum Ende jedes Zeitraums)",
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
BODIES: Final[tuple[str, ...]] = (
    "Stadtrat",
    "Oberbürgermeister",
    "Ausschuss für Gesundheit und Soziales",
    "Beirat für Integration und Migration",
)

#: Status vocabulary for measures, as in the example data.
STATUSES: Final[tuple[Status, ...]] = DEFAULT_STATUSES


#: The profile ``magdeburg``.
PROFILE: Final = MunicipalityProfile(
    name="magdeburg",
    municipality=MUNICIPALITY,
    budget_cadence=BUDGET_CADENCE,
    reference_scheme="magdeburg",
    review_rules=REVIEW_RULES,
    bodies=BODIES,
    statuses=STATUSES,
)


def magdeburg_profile() -> MunicipalityProfile:
    """The profile ``magdeburg`` (:data:`PROFILE`)."""
    return PROFILE
