"""Where a figure, a date or a decision comes from.

Sources disagree (a press report gave another 2022 figure than the council text), so every amount,
date and decision in the model carries the source it was taken from.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import attrs

from ._validate import non_empty

__all__ = ["Source", "SourceKind"]


class SourceKind(Enum):
    """What kind of document a source is."""

    PAPER = "paper"  # a council paper (Vorlage, Antrag, Anfrage, Stellungnahme, …)
    DECISION = "decision"  # a council decision (Beschluss, Beschlussausfertigung)
    REPORT = "report"  # a status or implementation report (Sachstandsbericht)
    DOCUMENT = "document"  # the concept itself, a budget statute, another official document
    PRESS = "press"  # a press release or newspaper article
    DATA = "data"  # a data set, an OParl object, a spreadsheet
    OTHER = "other"


@attrs.frozen
class Source:
    """A document a value was taken from.

    ``reference`` is how the city itself names the document (a paper number such as
    ``VI-DS-08033-NF-02``, or a title when there is none); ``locator`` points into it
    (a page, a section, a quoted phrase).
    """

    kind: SourceKind
    reference: str = attrs.field(validator=non_empty)
    title: str = ""
    date: dt.date | None = None
    locator: str = ""
    url: str = ""

    def label(self) -> str:
        """A short human-readable label: reference, and date when known."""
        if self.date is None:
            return self.reference
        return f"{self.reference} ({self.date:%d.%m.%Y})"
