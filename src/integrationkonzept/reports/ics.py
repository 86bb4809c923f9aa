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

from ..calc.review import delivery_status, milestone_slip
from ..contributions import RenderOptions
from ..i18n import fmt_date, fmt_planned, text
from ..model.dataset import Dataset
from ..model.review import Due, Milestone, Trigger
from ..model.source import Source
from ..safe import clean_text
from .text import due_state_text, slip_text

__all__ = ["YEARS_AHEAD", "render_ics"]

#: How many years after the reference day the calendar lists coming duties.
YEARS_AHEAD = 3


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"))
    return f"{digest.hexdigest()[:32]}@integrationkonzept"


def _source(source: Source | None, lang: str) -> str:
    if source is None:
        return ""
    label = clean_text(source.reference)
    if source.date is not None and f"{source.date:%d.%m.%Y}" not in label:
        label += f" ({fmt_date(source.date, lang)})"
    if source.locator:
        label += f"; {clean_text(source.locator)}"
    return f"{text('source', lang)}: {label}"


def _milestone_description(milestone: Milestone, as_of: dt.date, lang: str) -> list[str]:
    lines = [clean_text(milestone.title)]
    if milestone.planned is not None:
        lines.append(f"{text('first_plan', lang)}: {fmt_planned(milestone.planned, lang)}")
        if milestone.planned_source is not None:
            lines.append(_source(milestone.planned_source, lang))
    for revision in milestone.revisions:
        lines.append(
            text(
                "revised_on",
                lang,
                date=fmt_date(revision.revised_on, lang),
                new=fmt_planned(revision.new_date, lang),
            )
        )
        if revision.reasons:
            reasons = "; ".join(clean_text(reason) for reason in revision.reasons)
            lines.append(f"{text('reasons', lang)}: {reasons}")
        if revision.source is not None:
            lines.append(_source(revision.source, lang))
    if milestone.actual is not None:
        lines.append(f"{text('actual_date', lang)}: {fmt_date(milestone.actual, lang)}")
        if milestone.actual_source is not None:
            lines.append(_source(milestone.actual_source, lang))
    slip = milestone_slip(milestone, as_of)
    if slip is not None:
        lines.append(f"{text('milestone_slip', lang)}: {slip_text(slip, lang)}")
    if milestone.paper:
        lines.append(f"{text('paper', lang)}: {clean_text(milestone.paper)}")
    return lines


def render_ics(data: Dataset, options: RenderOptions) -> bytes:
    """The ``ics`` report format: review duties and milestones as calendar events."""
    from icalendar import Calendar, Event

    lang, as_of = options.lang, options.as_of
    city = clean_text(data.municipality.name)
    calendar = Calendar()
    calendar.add("prodid", "-//integrationkonzept//Integrationskonzept//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", text("ics.calendar", lang, city=city))
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.UTC)
    events: list[tuple[dt.date, str, Event]] = []

    statuses = delivery_status(
        data.review_rules,
        data.reports,
        data.budget_cadence,
        as_of,
        until=as_of.year + YEARS_AHEAD,
    )
    for status in statuses:
        item = status.item
        rule = item.rule
        period = item.period_label()
        state = due_state_text(status, lang)
        if rule.trigger is Trigger.BUDGET_PERIOD:
            rhythm = text("rhythm.budget_period", lang)
        elif rule.interval_years == 1:
            rhythm = text("rhythm.yearly", lang)
        else:
            rhythm = text("rhythm.years", lang, n=rule.interval_years)
        due = text("due.start" if rule.due is Due.START else "due.end", lang)
        lines = [
            f"{text('duty', lang)}: {clean_text(rule.title)}",
            f"{text('ics.kind', lang)}: {text(f'review_kind.{rule.kind.value}', lang)}",
            f"{text('ics.rhythm', lang)}: {rhythm}, {due}",
            f"{text('period', lang)}: {period}",
            f"{text('as_of', lang)} {fmt_date(as_of, lang)}: {state}",
        ]
        if status.report is not None:
            delivered = text("delivered_on", lang, date=fmt_date(status.report.delivered, lang))
            name = clean_text(status.report.title or status.report.id)
            lines.append(f"{text('report', lang)}: {name} ({delivered})")
        if rule.source is not None:
            lines.append(_source(rule.source, lang))
        event = Event()
        event.add("uid", _uid(data.municipality.ags, "due", rule.id, item.first_year))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        summary = text("ics.due", lang, duty=clean_text(rule.title), period=period)
        event.add("summary", summary)
        event.add("description", "\n".join(lines))
        event.add("categories", [text(f"review_kind.{rule.kind.value}", lang)])
        event.add("transp", "TRANSPARENT")
        events.append((item.due, f"0{rule.id}{item.first_year}", event))

    for milestone in data.milestones:
        latest = milestone.latest_plan
        if milestone.actual is not None:
            day = milestone.actual
            summary = text("ics.reached", lang, title=clean_text(milestone.title))
        elif latest is not None:
            day = latest.as_date()
            summary = text("ics.planned", lang, title=clean_text(milestone.title))
            summary += f" ({fmt_planned(latest, lang)})"
        else:
            continue
        event = Event()
        event.add("uid", _uid(data.municipality.ags, "milestone", milestone.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        if day < dt.date.max:  # without DTEND an all-day event lasts its day (RFC 5545, 3.6.1)
            event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join(_milestone_description(milestone, as_of, lang)))
        event.add("categories", [text("milestone", lang)])
        event.add("transp", "TRANSPARENT")
        events.append((day, f"1{milestone.id}", event))

    for _, _, event in sorted(events, key=lambda entry: (entry[0], entry[1])):
        calendar.add_component(event)
    return bytes(calendar.to_ical())
