"""What a user reads, in German (default) or English: messages and Babel formatting.

Texts are kept in one table keyed by a short English id, so a report or the command line asks for
``text("late", lang)`` and never carries German literals of its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from .model.money import Money

__all__ = ["LANGS", "fmt_date", "fmt_decimal", "fmt_money", "text"]

#: The languages every user-facing text exists in.
LANGS: Final = ("de", "en")

_LOCALES: Final = {"de": "de_DE", "en": "en_US"}

_TEXTS: Final[dict[str, tuple[str, str]]] = {
    # key: (German, English)
    "funding": ("Finanzierung", "Funding"),
    "year": ("Jahr", "Year"),
    "purpose": ("Zweck", "Purpose"),
    "phase": ("Phase", "Phase"),
    "amount": ("Betrag", "Amount"),
    "source": ("Quelle", "Source"),
    "plan": ("Soll (aktueller Plan)", "Plan (current)"),
    "phase.draft": ("Entwurf", "Draft"),
    "phase.requested": ("beantragt", "Requested"),
    "phase.adopted": ("beschlossen", "Adopted"),
    "phase.revised": ("geändert (Puffer/Nachtrag)", "Revised (buffer)"),
    "phase.actual": ("verwendet (Ist)", "Actual (used)"),
    "budget_period": ("Haushaltszeitraum", "Budget period"),
    "double_budget": ("Doppelhaushalt", "Double budget"),
    "totals": ("Summen", "Totals"),
    "total_period": ("Summe Zeitraum", "Period total"),
    "differences": ("Unterschiede", "Differences"),
    "adopted_minus_draft": ("beschlossen − Entwurf", "adopted − draft"),
    "actual_minus_plan": ("Ist − Soll", "actual − plan"),
    "revised_minus_adopted": ("geändert − beschlossen", "revised − adopted"),
    "compared_to": ("gegenüber", "compared with"),
    "cut": ("Kürzung", "Cut"),
    "increase": ("Erhöhung", "Increase"),
    "unchanged": ("unverändert", "unchanged"),
    "review_schedule": ("Berichts- und Fortschreibungspflichten", "Review duties"),
    "as_of": ("Stand", "As of"),
    "due": ("fällig", "due"),
    "period": ("Zeitraum", "Period"),
    "state.on_time": ("fristgerecht", "on time"),
    "state.late": ("verspätet", "late"),
    "state.missing": ("fehlt (kein Bericht erfasst)", "missing (no report recorded)"),
    "state.open": ("offen", "open"),
    "days_late": ("{days} Tage zu spät", "{days} days late"),
    "days_overdue": ("seit {days} Tagen überfällig", "{days} days overdue"),
    "milestones": ("Meilensteine", "Milestones"),
    "milestone_slip": ("Verzug", "Slip"),
    "first_plan": ("erster Plan", "first plan"),
    "latest_plan": ("letzter Plan", "latest plan"),
    "actual_date": ("erreicht", "reached"),
    "revisions": ("{n} Planänderungen", "{n} revisions"),
    "revisions_one": ("1 Planänderung", "1 revision"),
    "revised_on": ("am {date} verschoben auf {new}", "on {date} moved to {new}"),
    "reasons": ("Gründe", "Reasons"),
    "days": ("{days} Tage", "{days} days"),
    "earliest": ("frühestens", "at the earliest"),
    "not_reached": ("noch nicht erreicht", "not yet reached"),
    "sources": ("Quellen", "Sources"),
    "none_known": ("keine Angabe", "not known"),
    "plugins": ("Erweiterungen", "Plugins"),
    "concept": ("Konzept", "Concept"),
    "edition": ("Fassung", "Edition"),
    "adopted_on": ("beschlossen am {date}", "adopted on {date}"),
    "fields_known": (
        "{known} von {declared} Handlungsfeldern namentlich bekannt",
        "{known} of {declared} fields of action known by name",
    ),
    "measures_known": (
        "{known} von {declared} Maßnahmen erfasst",
        "{known} of {declared} measures recorded",
    ),
    "progress": ("Fortschritt", "Progress"),
    "error": ("Fehler", "Error"),
}


def _check(lang: str) -> str:
    if lang not in _LOCALES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str = "de", **values: object) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    german, english = _TEXTS[key]
    template = english if _check(lang) == "en" else german
    return template.format(**values) if values else template


def fmt_money(amount: Money, lang: str = "de") -> str:
    """``80.000,00 €`` (de) or ``€80,000.00`` (en)."""
    return amount.format(_check(lang))


def fmt_date(day: dt.date, lang: str = "de") -> str:
    """``31.03.2021`` (de) or ``Mar 31, 2021`` (en)."""
    from babel.dates import format_date

    return format_date(day, format="medium", locale=_LOCALES[_check(lang)])


def fmt_decimal(value: Decimal, lang: str = "de") -> str:
    """A decimal number as the language writes it (``-100,0`` / ``-100.0``)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.0##", locale=_LOCALES[_check(lang)])
