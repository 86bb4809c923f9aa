"""Beispielstadt numbers its decisions ``BS-<number>/<two-digit year>``, e.g. ``BS-12/24``."""

from __future__ import annotations

import re

from integrationkonzept.errors import ParseError
from integrationkonzept.plugin import (
    ParsedReference,
)

_REFERENCE = re.compile(r"BS-(?P<number>[1-9]\d{0,3})/(?P<year>\d{2})")


def parse_reference(text: str) -> ParsedReference:
    """``BS-12/24`` → number 12, year 2024; anything else is refused."""
    match = _REFERENCE.fullmatch(text.strip().upper())
    if match is None:
        raise ParseError(
            f"„{text}“ ist kein Aktenzeichen der Beispielstadt (erwartet BS-12/24)", text
        )
    number, year = match["number"], match["year"]
    return ParsedReference(
        text=text,
        normalized=f"BS-{number}/{year}",
        kind="Beschluss",
        parts=(("number", number), ("year", f"20{year}")),
    )
