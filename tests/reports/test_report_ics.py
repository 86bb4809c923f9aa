"""The calendar read back with icalendar: one event per due date and per milestone."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.calc.review import delivery_status
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.examples import example
from integrationkonzept.reports.ics import YEARS_AHEAD, render_ics
from integrationkonzept.testing.contracts import ReportFormatContract


def events(data: Dataset, lang: str = "de") -> list[dict[str, object]]:
    calendar = Calendar.from_ical(render_ics(data, RenderOptions("ics", lang, AS_OF)))
    return [
        {
            "start": event.decoded("dtstart"),
            "summary": str(event["summary"]),
            "description": str(event["description"]),
            "uid": str(event["uid"]),
        }
        for event in calendar.walk("VEVENT")
    ]


def test_one_event_per_due_date_and_milestone(rich: Dataset) -> None:
    found = events(rich)
    duties = delivery_status(
        rich.review_rules, rich.reports, rich.budget_cadence, AS_OF, until=AS_OF.year + YEARS_AHEAD
    )
    reached_or_planned = [m for m in rich.milestones if m.actual or m.latest_plan]
    assert len(found) == len(duties) + len(reached_or_planned)
    assert len({event["uid"] for event in found}) == len(found)
    starts = [event["start"] for event in found]
    assert starts == sorted(starts)
    report_2021 = next(
        e
        for e in found
        if e["summary"] == "Fällig: Bericht an den Stadtrat (mindestens jährlich) 2021"
    )
    assert report_2021["start"] == dt.date(2021, 12, 31)
    assert "Pflicht: Bericht an den Stadtrat (mindestens jährlich)" in report_2021["description"]
    assert "verspätet, 201 Tage zu spät" in report_2021["description"]
    assert "Quelle: VI-DS-08033-NF-02" in report_2021["description"]
    pending = next(e for e in found if e["summary"].startswith("Meilenstein geplant"))
    assert pending["start"] == dt.date(2024, 3, 31)
    assert "am 01.02.2023 verschoben auf September 2023" in pending["description"]
    assert "Gründe: Haushaltssperre" in pending["description"]


def test_magdeburg_milestones_in_english() -> None:
    found = events(example("magdeburg"), "en")
    concept = next(e for e in found if "Integrationskonzept dem Stadtrat" in e["summary"])
    assert concept["summary"].startswith("Milestone reached: ")
    assert concept["start"] == dt.date(2022, 12, 8)
    assert "first plan: October 2019" in concept["description"]
    assert "Slip: 1,134 days, 1 revision" in concept["description"]


def test_calendar_is_deterministic(rich: Dataset) -> None:
    options = RenderOptions("ics", "de", AS_OF)
    assert render_ics(rich, options) == render_ics(rich, options)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_lines_are_folded_and_clean(rich: Dataset, lang: str) -> None:
    raw = render_ics(rich, RenderOptions("ics", lang, AS_OF))
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        assert not any(byte < 32 and byte != 9 for byte in line)


class TestIcsReport(ReportFormatContract):
    format_name = "ics"

    def check_output(self, kind: str, output: bytes) -> None:
        assert Calendar.from_ical(output).get("version") == "2.0"
