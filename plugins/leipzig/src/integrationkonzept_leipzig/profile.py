"""Leipzig's municipality profile: AGS, Doppelhaushalt cadence, review rules, bodies, statuses."""

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
    Trigger,
)
from integrationkonzept.plugin import (
    DEFAULT_STATUSES,
    MunicipalityProfile,
)

__all__ = ["BODIES", "CADENCE", "LEIPZIG", "PROFILE", "REVIEW_RULES", "STATUSES", "same_body"]

#: The city and its official municipality key.
LEIPZIG: Final = Municipality("Leipzig", "14713000")

#: Doppelhaushalt: 2019/20, 2021/22, 2023/24, …
CADENCE: Final = BudgetCadence(2, 2019)

_FORTSCHREIBUNG_2020: Final = "VI-DS-08033-NF-02"
_FORTSCHREIBUNG_TITLE: Final = (
    "Fortschreibung des Gesamtkonzepts zur Integration der Migrantinnen und Migranten in Leipzig"
)

#: The review rules of the Fortschreibung 2020 (VI-DS-08033-NF-02, 29.01.2020), with the sources
#: that state them (the same as in the built-in example data).
REVIEW_RULES: Final = (
    ReviewRule(
        id="katalog",
        kind=ReviewKind.CATALOGUE_UPDATE,
        title="Fortschreibung des Maßnahmenkatalogs parallel zum Doppelhaushalt",
        trigger=Trigger.BUDGET_PERIOD,
        first_year=2021,
        due=Due.START,
        source=Source(
            SourceKind.PRESS,
            "Pressemitteilung der Stadt Leipzig zur Migrantenbefragung 2020",
            title="Migrantenbefragung: Baustein des fortgeschriebenen Gesamtkonzeptes",
            locator="„Geplant ist nun, die in den einzelnen Kapiteln aufgelisteten Maßnahmen in "
            "einem Zwei-Jahres-Rhythmus, parallel zum kommunalen Haushalt zu überprüfen und "
            "fortzuschreiben.“",
        ),
    ),
    ReviewRule(
        id="bericht",
        kind=ReviewKind.REPORT,
        title="Bericht an den Stadtrat (mindestens jährlich)",
        trigger=Trigger.YEARS,
        first_year=2021,
        interval_years=1,
        due=Due.END,
        source=Source(
            SourceKind.DECISION,
            _FORTSCHREIBUNG_2020,
            title=_FORTSCHREIBUNG_TITLE,
            date=dt.date(2020, 1, 29),
            locator="mit der Fortschreibung 2020 beschlossen: Bericht an den Stadtrat mindestens "
            "einmal jährlich, der erste (2021) mit Evaluation und Plan der Fortschreibung",
        ),
    ),
)

#: Council bodies as the seed documents write them (committees also abbreviated ``FA``). Only
#: bodies the sources name; a body not listed gives a warning in the checks, not an error.
BODIES: Final = (
    "Ratsversammlung",
    "FA Allgemeine Verwaltung",
    "Fachausschuss Allgemeine Verwaltung",
    "FA Jugend, Soziales, Gesundheit und Schule",
    "Fachausschuss Jugend, Soziales, Gesundheit und Schule",
    "Migrantenbeirat",
)

#: The status vocabulary for measures (as in the built-in Leipzig example).
STATUSES: Final = DEFAULT_STATUSES

#: The profile ``leipzig``.
PROFILE: Final = MunicipalityProfile(
    name="leipzig",
    municipality=LEIPZIG,
    budget_cadence=CADENCE,
    reference_scheme="leipzig",
    review_rules=REVIEW_RULES,
    bodies=BODIES,
    statuses=STATUSES,
)


def _body_key(name: str) -> str:
    words = " ".join(name.split()).casefold()
    if words.startswith("fa "):
        words = "fachausschuss " + words[3:]
    return words


def same_body(name: str, known: tuple[str, ...] = BODIES) -> bool:
    """Whether ``name`` is one of ``known``, ignoring case, spacing and ``FA``/``Fachausschuss``."""
    key = _body_key(name)
    return any(_body_key(body) == key for body in known)
