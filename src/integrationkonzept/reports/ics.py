"""The review schedule and the milestones as an iCalendar file (RFC 5545, written by icalendar).

One all-day event per due date of a review duty (from the first duty up to
:data:`YEARS_AHEAD` years after the reference day) and one per milestone (the day it was reached,
else its latest plan), each with the rule or milestone, where it stands and its sources in the
description. UIDs are derived from the data (stable across exports, so a calendar that subscribes
updates its events instead of duplicating them) and the time stamp is the reference day, so the
same data gives the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ..contributions import RenderOptions
from ..i18n import text
from ..model.dataset import Dataset
from .overview import build_overview
from .view import Duty, MilestoneBlock, Overview

__all__ = ["YEARS_AHEAD", "overview_ics", "render_ics"]

#: How many years after the reference day the calendar lists coming duties.
YEARS_AHEAD = 3


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"))
    return f"{digest.hexdigest()[:32]}@integrationkonzept"


class _Sources:
    """``Quelle: …`` lines for the overview's source numbers."""

    def __init__(self, overview: Overview) -> None:
        self._lang = overview.lang
        self._descriptions = {entry.number: entry.description for entry in overview.sources}

    def lines(self, numbers: tuple[int, ...]) -> list[str]:
        label = text("source", self._lang)
        return [f"{label}: {self._descriptions[number]}" for number in numbers]


def _duty_description(duty: Duty, overview: Overview, sources: _Sources) -> list[str]:
    lang = overview.lang
    lines = [
        f"{text('duty', lang)}: {duty.title}",
        f"{text('ics.kind', lang)}: {duty.kind}",
        f"{text('ics.rhythm', lang)}: {duty.rhythm}",
        f"{text('period', lang)}: {duty.period}",
        f"{text('as_of', lang)} {overview.as_of}: {duty.state.text}",
    ]
    if duty.report:
        lines.append(f"{text('report', lang)}: {duty.report} ({duty.delivered})")
    return lines + sources.lines(duty.rule_notes)


def _milestone_description(milestone: MilestoneBlock, sources: _Sources) -> list[str]:
    lang = milestone.lang
    lines = [milestone.title]
    if milestone.first_plan is not None:
        lines.append(milestone.first_plan.text)
        lines += sources.lines(milestone.first_plan.notes)
    for revision in milestone.revisions:
        lines.append(revision.text)
        if revision.reasons:
            lines.append(f"{text('reasons', lang)}: {'; '.join(revision.reasons)}")
        lines += sources.lines(revision.notes)
    if milestone.reached is not None:
        lines.append(milestone.actual.text)
        lines += sources.lines(milestone.actual.notes)
    if milestone.slip:
        lines.append(f"{text('milestone_slip', lang)}: {milestone.slip}")
    if milestone.paper:
        lines.append(f"{text('paper', lang)}: {milestone.paper}")
    return lines


def overview_ics(overview: Overview) -> bytes:
    """The review duties and milestones of ``overview`` as calendar events."""
    from icalendar import Calendar, Event, vText

    lang = overview.lang
    sources = _Sources(overview)
    calendar = Calendar()
    calendar.add("prodid", "-//integrationkonzept//Integrationskonzept//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property is written as given unless typed: as text, a line break or ";" in the
    # city's name is escaped instead of breaking the content line.
    calendar.add("x-wr-calname", vText(text("ics.calendar", lang, city=overview.city)))
    stamp = dt.datetime.combine(overview.day, dt.time(0, 0), tzinfo=dt.UTC)
    events: list[tuple[dt.date, str, Event]] = []

    for duty in overview.duties:
        event = Event()
        event.add("uid", _uid(overview.ags, "due", duty.rule_id, duty.first_year))
        event.add("dtstamp", stamp)
        event.add("dtstart", duty.due)
        event.add("dtend", duty.due + dt.timedelta(days=1))
        event.add("summary", text("ics.due", lang, duty=duty.title, period=duty.period))
        event.add("description", "\n".join(_duty_description(duty, overview, sources)))
        event.add("categories", [duty.kind])
        event.add("transp", "TRANSPARENT")
        events.append((duty.due, f"0{duty.rule_id}{duty.first_year}", event))

    for milestone in overview.milestones:
        if milestone.reached is not None:
            day = milestone.reached
            summary = text("ics.reached", lang, title=milestone.title)
        elif milestone.latest_plan is not None:
            day = milestone.latest_plan
            summary = text("ics.planned", lang, title=milestone.title)
            summary += f" ({milestone.latest_plan_text})"
        else:
            continue
        event = Event()
        event.add("uid", _uid(overview.ags, "milestone", milestone.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        if day < dt.date.max:  # without DTEND an all-day event lasts its day (RFC 5545, 3.6.1)
            event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join(_milestone_description(milestone, sources)))
        event.add("categories", [text("milestone", lang)])
        event.add("transp", "TRANSPARENT")
        events.append((day, f"1{milestone.id}", event))

    for _, _, event in sorted(events, key=lambda entry: (entry[0], entry[1])):
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def render_ics(data: Dataset, options: RenderOptions) -> bytes:
    """The ``ics`` report format: review duties (up to :data:`YEARS_AHEAD` years after the
    reference day) and milestones as calendar events."""
    until = options.as_of.year + YEARS_AHEAD
    return overview_ics(
        build_overview(data, options.as_of, options.lang, until=until, measures=False)
    )
