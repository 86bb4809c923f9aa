"""A synthetic large city for benchmarks: 10,000 measures in 12 fields, 20 fiscal years of budget
lines, 50,000 papers with consultations. Deterministic (seeded), so runs compare."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from integrationkonzept import (
    BudgetCadence,
    BudgetLine,
    BudgetPhase,
    Concept,
    Consultation,
    Dataset,
    Decision,
    Edition,
    Field,
    Measure,
    MeasureCost,
    Money,
    Municipality,
    Organization,
    Paper,
    Partner,
    Purpose,
    Source,
    SourceKind,
    Status,
    StatusChange,
    VoteResult,
)

STATUSES = ("geplant", "in-umsetzung", "umgesetzt", "laufend")
ROLES = ("Vorberatung", "Beschlussfassung", "Kenntnisnahme", "2. Lesung")
VOTES = VoteResult(40, 7, 7)
BODIES = ("Ratsversammlung", "FA Allgemeine Verwaltung", "Migrantenbeirat", "FA Soziales")


def large_city(
    measures: int = 10_000, fields: int = 12, years: int = 20, papers: int = 50_000, seed: int = 1
) -> Dataset:
    """The synthetic city."""
    rng = random.Random(seed)
    first_year = 2006
    field_list = tuple(
        Field(f"hf{n}", f"Handlungsfeld {n}", number=n) for n in range(1, fields + 1)
    )
    organizations = tuple(Organization(f"amt{n}", f"Amt {n}") for n in range(50))
    source = Source(SourceKind.DOCUMENT, "Maßnahmenkatalog", date=dt.date(2020, 1, 29))
    measure_list = []
    for n in range(measures):
        start = dt.date(first_year + rng.randrange(years), rng.randrange(1, 13), 1)
        history = tuple(
            StatusChange(start + dt.timedelta(days=90 * k), STATUSES[k], source)
            for k in range(rng.randrange(0, 4))
        )
        measure_list.append(
            Measure(
                f"m{n:05d}",
                f"Maßnahme {n}: Sprachkurse und Beratung im Stadtteil {n % 97}",
                field=field_list[n % fields].id,
                lead=organizations[n % 50].id,
                partners=(Partner(organizations[(n + 7) % 50].id, "Kooperationspartner"),),
                status_history=history,
                progress=Decimal(rng.randrange(0, 101)) if rng.random() < 0.6 else None,
                weight=Decimal(rng.randrange(1, 4)) if rng.random() < 0.3 else None,
                costs=tuple(
                    MeasureCost(first_year + y, Money.from_cents(rng.randrange(10**7)), source)
                    for y in range(rng.randrange(0, 3))
                ),
                papers=(f"VII-DS-{n:05d}",) if n % 3 == 0 else (),
                source=source,
            )
        )
    purposes = tuple(Purpose(f"zweck{n}", f"Zweck {n}") for n in range(8))
    lines = []
    for y in range(years):
        for p in purposes:
            for phase in BudgetPhase:
                lines.append(
                    BudgetLine(
                        f"{first_year + y}-{p.id}-{phase.value}",
                        first_year + y,
                        p.id,
                        phase,
                        Money.from_cents(rng.randrange(10**9)),
                        Source(SourceKind.DECISION, f"Haushalt {first_year + y}"),
                    )
                )
    paper_list = []
    for n in range(papers):
        day = dt.date(first_year, 1, 1) + dt.timedelta(days=rng.randrange(365 * years))
        consultations = tuple(
            Consultation(BODIES[k], day + dt.timedelta(days=14 * k), ROLES[k % len(ROLES)])
            for k in range(rng.randrange(1, 4))
        )
        decision = (
            Decision(
                "Ratsversammlung", day + dt.timedelta(days=40), "beschlossen", VoteResult(40, 7, 7)
            )
            if n % 2
            else None
        )
        paper_list.append(
            Paper(
                f"VII-DS-{n:05d}",
                kind="Beschlussvorlage",
                title=f"Vorlage {n} zur Integration",
                date=day,
                consultations=consultations,
                decision=decision,
            )
        )
    concept = Concept(
        "gross",
        "Integrationskonzept der Großstadt",
        editions=(
            Edition("2020", "Fassung 2020", fields=field_list, measures=tuple(measure_list)),
        ),
        statuses=tuple(Status(s, s) for s in STATUSES),
    )
    return Dataset(
        Municipality("Großstadt", "99000000"),
        BudgetCadence(2, 2019),
        concept,
        organizations=organizations,
        purposes=purposes,
        budget_lines=tuple(lines),
        papers=tuple(paper_list),
    )
