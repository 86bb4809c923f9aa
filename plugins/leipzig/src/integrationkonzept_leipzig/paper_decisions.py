"""The Beschlussausfertigung of a Leipzig council paper: the decision with its vote result."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.model import Decision, Source, SourceKind, VoteResult
from integrationkonzept.plugin import date_pattern, parse_date, parse_error_at

from .common import base_name, located
from .decisions import decision_kind
from .lines import text_of
from .paper_blocks import Block, block_value
from .references import parse_reference

__all__ = ["Ausfertigung", "ausfertigung_groups", "read_ausfertigung"]

_AUSF_HEAD: Final = re.compile(
    rf"(?P<body>\S.*?) vom (?P<date>{date_pattern(years='two to four', written=True)})"
    r"(?: zu (?:TOP )?(?P<top>[0-9]+(?:\.[0-9]+)*[a-z]?)\.?)?(?: (?P<title>.+))?"
)


_VOTES: Final = (
    re.compile(
        r"(?P<yes>[0-9]+) ?(?:Ja(?:-Stimmen)?|Dafür|dafür)\W+(?P<no>[0-9]+) ?"
        r"(?:Nein(?:-Stimmen)?|Dagegen|dagegen)(?:\W+(?P<abst>[0-9]+) ?Enthaltung(?:en)?)?",
    ),
    re.compile(
        r"(?:Ja(?:-Stimmen)?|Dafür|dafür) ?:? ?(?P<yes>[0-9]+)\W+(?:Nein(?:-Stimmen)?|Dagegen"
        r"|dagegen) ?:? ?(?P<no>[0-9]+)(?:\W+Enthaltung(?:en)? ?:? ?(?P<abst>[0-9]+))?",
    ),
)


def _votes(text: str) -> VoteResult | None:
    for pattern in _VOTES:
        found = pattern.search(text)
        if found:
            return VoteResult(int(found["yes"]), int(found["no"]), int(found["abst"] or 0))
    return None


@attrs.frozen
class Ausfertigung:
    decision: Decision
    reference: str
    title: str


def read_ausfertigung(blocks: Sequence[Block], name: str, paper_ref: str) -> Ausfertigung:
    head_block = blocks[0]
    head = block_value(head_block.lines)
    found = _AUSF_HEAD.fullmatch(head)
    if found is None:
        raise parse_error_at(
            f"Beschlussausfertigung: „{head[:80]}“ nennt kein Gremium mit Datum "
            "(erwartet z. B. „Ratsversammlung vom 19.11.2015 zu 15.2 …“)",
            head,
            file=name,
            line=head_block.line.number,
        )
    head_line = head_block.lines[0].number if head_block.lines else head_block.line.number
    day = located(parse_date, found["date"], name, head_line)
    parts: dict[str, Block] = {}
    for block in blocks[1:]:
        parts.setdefault(block.label, block)
    reference = paper_ref
    if "vorlage" in parts:
        written = block_value(parts["vorlage"].lines)
        reference = located(parse_reference, written, name, parts["vorlage"].line.number).format()
    signed: dt.date | None = None
    if "ort" in parts:
        signed_text = block_value(parts["ort"].lines)
        signed = located(parse_date, signed_text, name, parts["ort"].line.number)
    text = text_of(parts["beschluss"].lines) if "beschluss" in parts else ""
    vote_text = block_value(parts["abstimmung"].lines) if "abstimmung" in parts else ""
    votes = _votes(vote_text)
    kind = decision_kind(vote_text)
    if not (kind or votes or vote_text):
        raise parse_error_at(
            "Beschlussausfertigung ohne Abstimmungsergebnis",
            head,
            file=name,
            line=head_block.line.number,
        )
    top = found["top"]
    locator = f"{base_name(name)}: Beschlussausfertigung" + (f", zu TOP {top}" if top else "")
    title = (found["title"] or "").strip()
    source = Source(
        SourceKind.DECISION,
        reference,
        title=f"Beschlussausfertigung: {title}" if title else "Beschlussausfertigung",
        date=signed or day,
        locator=locator,
    )
    decision = Decision(
        body=" ".join(found["body"].split()),
        date=day,
        kind=kind,
        votes=votes,
        vote_text=vote_text,
        text=text,
        source=source,
    )
    return Ausfertigung(decision, reference, title)


def ausfertigung_groups(blocks: Sequence[Block]) -> list[list[Block]]:
    groups: list[list[Block]] = []
    for block in blocks:
        if block.kind == "ausfertigung":
            groups.append([block])
        elif groups:
            groups[-1].append(block)
    return groups
