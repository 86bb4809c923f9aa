"""Fixtures for the report tests: a rich data set built on the Leipzig example.

The example data holds few measures and no progress (the public records give none), so the reports
are tested on this richer set: measures in every field and one without, status histories, progress
values, weights, costs with sources, partners, a delivered report (late) and one on time, a
milestone not yet reached with two changes of plan, and a measure whose title is hostile.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from integrationkonzept import Dataset
from integrationkonzept.examples import example
from integrationkonzept.model import (
    DateRange,
    Measure,
    MeasureCost,
    Milestone,
    MilestoneRevision,
    Money,
    Partner,
    PlannedDate,
    Report,
    Source,
    SourceKind,
    StatusChange,
)

AS_OF = dt.date(2024, 6, 30)

#: A measure title that tries HTML, a spreadsheet formula and control characters at once.
HOSTILE_TITLE = '=HYPERLINK("http://x","y") <script>alert(1)</script>\x00\x07\x1b[31m rot'

STATUS_REPORT = Source(
    SourceKind.REPORT,
    "VII-Ifo-01234",
    "Bericht zum Stand der Umsetzung 2023",
    dt.date(2023, 11, 15),
    "Anlage 1, Maßnahmenübersicht",
    "https://ratsinformation.leipzig.example/vo020?VOLFDNR=1234",
)
PLAN_SOURCE = Source(SourceKind.DOCUMENT, "Maßnahmenplan 2021/22", date=dt.date(2021, 3, 31))


def _change(day: str, status: str) -> StatusChange:
    return StatusChange(dt.date.fromisoformat(day), status, STATUS_REPORT)


def rich_dataset() -> Dataset:
    """The Leipzig example with measures in every field, progress, costs and reports."""
    base = example("leipzig")
    assert base.concept is not None
    assert base.concept.current is not None
    edition = base.concept.current
    known = {m.id: m for m in edition.measures}
    measures = (
        attrs.evolve(
            known["befragung-2020"],
            field="dialog",
            partners=(Partner("migrantenbeirat", "Kooperationspartner"),),
            timeframe=DateRange(dt.date(2020, 9, 1), dt.date(2021, 6, 30)),
            status_history=(
                _change("2020-09-01", "in-umsetzung"),
                _change("2021-07-01", "umgesetzt"),
            ),
            progress=Decimal(100),
            costs=(MeasureCost(2020, Money.of(45000), PLAN_SOURCE),),
        ),
        attrs.evolve(
            known["fortbildung-sprint"],
            field="gesundheit",
            lead="referat-migration",
            status_history=(_change("2021-02-01", "in-umsetzung"),),
            progress=Decimal("62.5"),
            weight=Decimal(2),
            costs=(
                MeasureCost(2021, Money.of("7500.50"), PLAN_SOURCE),
                MeasureCost(2022, Money.of(8000), PLAN_SOURCE),
            ),
        ),
        attrs.evolve(
            known["fachtag-arbeitsmarkt"],
            field="bildung",
            lead="referat-migration",
            partners=(Partner("dezernat-av"), Partner("migrantenbeirat", "berät")),
            status_history=(_change("2021-01-01", "laufend"),),
            progress=Decimal(40),
            costs=(MeasureCost(2022, Money.of(12000), PLAN_SOURCE),),
        ),
        Measure(
            id="kita-elternarbeit",
            title="Mehrsprachige Elternarbeit in Kitas",
            field="bildung",
            lead="referat-migration",
            status_history=(
                _change("2021-03-01", "geplant"),
                _change("2022-09-01", "in-umsetzung"),
            ),
            progress=Decimal(20),
            timeframe_text="ab 2022",
        ),
        Measure(
            id="antidiskriminierung",
            title=HOSTILE_TITLE,
            field="diskriminierung",
            description="Beratungsstelle <b>fett</b> & Co.",
            status_history=(_change("2022-01-01", "zurueckgestellt"),),
        ),
        Measure(
            id="ohne-feld", title="Maßnahme ohne bekanntes Handlungsfeld", progress=Decimal(10)
        ),
    )
    concept = attrs.evolve(
        base.concept,
        editions=(*base.concept.editions[:-1], attrs.evolve(edition, measures=measures)),
    )
    reports = (
        Report(
            "bericht-2021",
            "bericht",
            2021,
            dt.date(2022, 7, 20),
            "Bericht 2021",
            None,
            STATUS_REPORT,
        ),
        Report("bericht-2022", "bericht", 2022, dt.date(2022, 12, 14), "Bericht 2022"),
    )
    pending = Milestone(
        id="katalog-2023",
        title="Fortschreibung des Maßnahmenkatalogs 2023/24",
        planned=PlannedDate(2023, 3),
        planned_source=PLAN_SOURCE,
        revisions=(
            MilestoneRevision(
                dt.date(2023, 2, 1), PlannedDate(2023, 9), ("Haushaltssperre",), STATUS_REPORT
            ),
            MilestoneRevision(dt.date(2023, 10, 2), PlannedDate(2024, 3, 31, earliest=True)),
        ),
    )
    return attrs.evolve(
        base, concept=concept, reports=reports, milestones=(*base.milestones, pending)
    )


@pytest.fixture(scope="session")
def rich() -> Dataset:
    """The rich data set (see :func:`rich_dataset`)."""
    return rich_dataset()
