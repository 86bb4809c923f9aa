"""The sentences every report writes the same way, each written once, from :mod:`..i18n` texts.

A milestone's change of plan (:func:`revision_text`), its slip (:func:`slip_text`), that it is not
reached yet (:func:`not_reached_text`), where a review duty stands (:func:`due_state_text`) and how
often a duty comes (:func:`rhythm_text`). The text, HTML, DOCX and calendar reports and the city
formats (through :mod:`integrationkonzept.plugin`) use these, so a wording changes in one place.
Text from the data is not part of these sentences; the caller cleans and escapes it.
"""

from __future__ import annotations

from ..calc.review import DueState, DueStatus, Slip
from ..i18n import fmt_date, fmt_planned, text, text_n
from ..model.review import Due, MilestoneRevision, ReviewRule, Trigger

__all__ = ["due_state_text", "not_reached_text", "revision_text", "rhythm_text", "slip_text"]


def slip_text(slip: Slip, lang: str) -> str:
    """A milestone's slip in words: ``1.134 Tage, 1 Planänderung``."""
    return f"{text_n('days', slip.days, lang)}, {text_n('revisions', slip.revisions, lang)}"


def revision_text(revision: MilestoneRevision, lang: str) -> str:
    """A change of plan in words: ``am 01.03.2021 verschoben auf 2. Quartal 2022``."""
    return text(
        "revised_on",
        lang,
        date=fmt_date(revision.revised_on, lang),
        new=fmt_planned(revision.new_date, lang),
    )


def not_reached_text(overdue_days: int, lang: str) -> str:
    """A milestone not reached yet: ``nicht erreicht``, and ``, seit 12 Tagen überfällig`` when
    its latest plan has passed."""
    shown = text("not_reached", lang)
    if overdue_days:
        shown += ", " + text_n("days_overdue", overdue_days, lang)
    return shown


def due_state_text(status: DueStatus, lang: str) -> str:
    """Where a duty stands, in words: ``fehlt (kein Bericht erfasst), seit 325 Tagen …``."""
    state = text(f"state.{status.state.value}", lang)
    if status.state is DueState.LATE:
        state += ", " + text_n("days_late", status.days_late, lang)
    elif status.state is DueState.MISSING:
        state += ", " + text_n("days_overdue", status.days_late, lang)
    return state


def rhythm_text(rule: ReviewRule, lang: str) -> str:
    """How often a duty comes and when in its period: ``jährlich, zum Ende``."""
    if rule.trigger is Trigger.BUDGET_PERIOD:
        rhythm = text("rhythm.budget_period", lang)
    elif rule.interval_years == 1:
        rhythm = text("rhythm.yearly", lang)
    else:
        rhythm = text("rhythm.years", lang, n=rule.interval_years)
    due = text("due.start" if rule.due is Due.START else "due.end", lang)
    return f"{rhythm}, {due}"
