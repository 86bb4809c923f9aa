"""The parts of a Leipzig budget text, found by their headings (motion, Begründung, decision,
status report), its paragraphs, and what its line ids start with.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.plugin import Line, date_pattern, parse_date, parse_error_at, slug

from .budget_amounts import PERIOD, budget_period
from .common import SLUG_EMPTY, SLUG_LIMIT, located
from .lines import Joined, join
from .references import REFERENCE_PATTERN, parse_reference

__all__ = [
    "Para",
    "Parts",
    "document_key",
    "heading_date",
    "named_reference",
    "read_paragraphs",
    "split_parts",
]

_MOTION: Final = re.compile(
    rf"(?P<heading>(?P<art>Änderungsantrag|Haushaltsänderungsantrag|Antrag) zum (?:Entwurf des )?"
    rf"Doppelhaushalte?s {PERIOD})\s*:?"
)
#: A heading's date: ``18.04.2017`` or ``18. April 2017``, always with a four-digit year.
_DATE: Final = date_pattern(years="four", written=True)
_DECISION: Final = re.compile(
    r"(?P<heading>Beschluss (?:der |des )?(?P<body>[^\W\d_][\w ,-]*?) (?:am|vom) "
    rf"(?P<date>{_DATE}))\s*:?"
)
_REPORT: Final = re.compile(
    r"(?P<heading>(?:Bericht zum Stand der Umsetzung|Sachstandsbericht|Stand der Umsetzung|"
    rf"Bericht zur Umsetzung)[^:]*? vom (?P<date>{_DATE}))\s*:?"
)
_REASONS: Final = re.compile(r"Begründung\s*:?(?: (?P<value>.*))?")
_BULLET: Final = re.compile(r"(?:[•·▪●◦\-–*]|[0-9]{1,2}\.|[a-z]\)) (?P<text>.*)")


@attrs.frozen
class Para:
    joined: Joined
    bullet: bool

    @property
    def text(self) -> str:
        """The paragraph as one line of text."""
        return self.joined.text

    @property
    def line(self) -> int:
        """The number of its first line."""
        return self.joined.numbers[0] if self.joined.numbers else 1


def read_paragraphs(lines: Sequence[Line]) -> list[Para]:
    """Paragraphs (separated by blank lines) and bullet items (wrapped lines joined)."""
    groups: list[tuple[list[Line], bool]] = []
    open_group = False
    for line in lines:
        if line.furniture:
            continue
        if not line.text:
            open_group = False
            continue
        bullet = _BULLET.fullmatch(line.text)
        if bullet is not None:
            groups.append(([Line(line.number, bullet["text"])], True))
            open_group = True
        elif open_group and groups:
            groups[-1][0].append(line)
        else:
            groups.append(([line], False))
            open_group = True
    return [Para(join(group), bullet) for group, bullet in groups]


@attrs.frozen
class Parts:
    title: str
    motion: tuple[Line, re.Match[str]] | None
    motion_lines: list[Line]
    reasons_line: Line | None
    reasons: list[Line]
    decision: tuple[Line, re.Match[str]] | None
    decision_lines: list[Line]
    report: tuple[Line, re.Match[str]] | None
    report_lines: list[Line]


def split_parts(lines: Sequence[Line], where: str) -> Parts:
    title = ""
    current = "intro"
    motion: tuple[Line, re.Match[str]] | None = None
    decision: tuple[Line, re.Match[str]] | None = None
    report: tuple[Line, re.Match[str]] | None = None
    reasons_line: Line | None = None
    buckets: dict[str, list[Line]] = {
        "intro": [],
        "motion": [],
        "reasons": [],
        "decision": [],
        "report": [],
    }
    for line in lines:
        text = line.text
        if motion is None and (found := _MOTION.fullmatch(text)):
            motion, current = (line, found), "motion"
            continue
        if decision is None and (found := _DECISION.fullmatch(text)):
            decision, current = (line, found), "decision"
            continue
        if report is None and (found := _REPORT.fullmatch(text)):
            report, current = (line, found), "report"
            continue
        if reasons_line is None and current == "motion" and (found := _REASONS.fullmatch(text)):
            reasons_line, current = line, "reasons"
            if found["value"]:
                buckets["reasons"].append(Line(line.number, found["value"]))
            continue
        if current == "intro" and text and not title:
            title = text
            continue
        buckets[current].append(line)
    if motion is None and decision is None:
        first = next((line for line in lines if line.text), None)
        raise parse_error_at(
            "kein Haushaltsantrag erkannt: erwartet eine Überschrift wie „Änderungsantrag zum "
            "Entwurf des Doppelhaushaltes 2021/22“ oder „Beschluss der Ratsversammlung am "
            "31. März 2021“",
            first.text[:80] if first else "",
            file=where,
            line=first.number if first else 1,
        )
    return Parts(
        title,
        motion,
        buckets["motion"],
        reasons_line,
        buckets["reasons"],
        decision,
        buckets["decision"],
        report,
        buckets["report"],
    )


def heading_date(found: re.Match[str], where: str, line: Line) -> dt.date:
    """The date of a heading (``Beschluss der Ratsversammlung am 31. März 2021``)."""
    return located(parse_date, found["date"], where, line.number)


def named_reference(lines: Sequence[Line], where: str) -> str:
    """A Leipzig paper reference the text names in a header (``Antrag-Nr. VII-HP-01234``)."""
    for line in lines:
        found = re.fullmatch(r"(?:[^\W\d_]+ )*[^\W\d_]+-?\s?Nr\.\s?(?P<ref>\S+)", line.text)
        if found and REFERENCE_PATTERN.fullmatch(found["ref"]):
            return located(parse_reference, found["ref"], where, line.number).format()
    return ""


def document_key(reference: str, parts: Parts, where: str) -> str:
    """What the line ids start with: the text's Leipzig reference, else its heading."""
    if reference:
        return reference
    if parts.motion is not None:
        line, found = parts.motion
        period = budget_period(found["period"], where, line.number)
        kind = slug(found["art"], limit=SLUG_LIMIT, empty=SLUG_EMPTY)
        return f"{kind}-dhh-{period.first}-{period.last % 100:02d}"
    assert parts.decision is not None  # split_parts refuses a text without both
    line, found = parts.decision
    day = heading_date(found, where, line)
    return f"beschluss-{slug(found['body'], limit=SLUG_LIMIT, empty=SLUG_EMPTY)}-{day.isoformat()}"
