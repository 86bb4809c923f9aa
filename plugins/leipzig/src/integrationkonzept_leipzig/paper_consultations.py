"""The Beratungsfolge of a Leipzig council paper: rows of Gremium, Termin and Zuständigkeit."""

from __future__ import annotations

import re
from typing import Final

from integrationkonzept.errors import ParseError
from integrationkonzept.model import Consultation
from integrationkonzept.plugin import Line, date_pattern, parse_date, parse_error_at

from .lines import Joined, join
from .paper_blocks import Block

__all__ = ["ROLES", "read_consultations"]

#: The roles (Zuständigkeit) a body has in the Beratungsfolge.
ROLES: Final = (
    "Beschlussfassung",
    "Vorberatung",
    "Kenntnisnahme",
    "zur Kenntnisnahme",
    "Information",
    "zur Information",
    "Bestätigung",
    "Anhörung",
    "Beratung",
    "1. Lesung",
    "2. Lesung",
    "Lesung",
    "schriftliche Beantwortung",
    "mündliche Beantwortung",
    "Beantwortung",
    "Entscheidung",
    "Empfehlung",
    "Stellungnahme",
    "Verweisung",
)


_TABLE_HEAD: Final = re.compile(
    r"Gremium (?:Voraussichtlicher )?(?:Sitzungstermin|Termin|Datum) Zuständigkeit ?",
)
_HEAD_WORDS: Final = frozenset(
    {"Gremium", "Voraussichtlicher", "Sitzungstermin", "Termin", "Datum", "Zuständigkeit"}
)
_ROLE_ALTERNATIVES: Final = "|".join(
    re.escape(role) for role in sorted(ROLES, key=len, reverse=True)
)
_CELL_DATE: Final = date_pattern()
_ROW_CELLS: Final = (
    rf"(?P<body>\S.*?)\s+(?:(?P<date>{_CELL_DATE})\s+|(?:N/A|-|–)\s+)?"
    rf"(?P<role>(?i:{_ROLE_ALTERNATIVES}))"
)
#: One row of the Beratungsfolge on its line(s): the role is what the row ends with.
_ROW: Final = re.compile(_ROW_CELLS)
#: One row in the one-line layout: the next row's body starts with a capital letter.
_ROW_INLINE: Final = re.compile(r"\s*" + _ROW_CELLS + r"(?=\s+[A-ZÄÖÜ]|\s*$)")
#: A line that cannot stand alone as a row: a date, a role, or both, without a body.
_ROW_CONTINUATION: Final = re.compile(
    rf"(?:(?:{_CELL_DATE}|N/A|-|–)(?:\s+|$))?(?:(?i:{_ROLE_ALTERNATIVES}))?"
)


#: A numeric date ``18.04.2017`` (also with a two-digit year), not checked for existence.
_DATE: Final = re.compile(rf"(?<![\d.]){date_pattern()}(?![\d])")


def read_consultations(block: Block, name: str, inline: bool) -> tuple[Consultation, ...]:
    """The rows of a Beratungsfolge: Gremium, Termin (may be missing), Zuständigkeit.

    Row by row, the role anchored at the end of the row; a line joins the row before it only
    when it cannot stand alone (a date or role without a body, as in ``schriftliche`` /
    ``Beantwortung`` or one cell per line) or when that row is not complete yet. ``inline``: the
    whole table on one line (the one-line layout), read row after row.
    """
    lines = [
        Line(line.number, " ".join(line.text.replace("|", " ").split()))
        for line in block.lines
        if line.text
    ]
    for line in lines:
        for date_found in _DATE.finditer(line.text):
            try:
                parse_date(date_found.group())
            except ParseError as exc:
                raise parse_error_at(
                    f"Beratungsfolge: {exc.message}",
                    date_found.group(),
                    file=name,
                    line=line.number,
                ) from None
    while lines and set(lines[0].text.split()) <= _HEAD_WORDS:
        lines.pop(0)  # the table head, on one line or one cell per line
    if lines and (head := _TABLE_HEAD.match(lines[0].text)):
        lines[0] = Line(lines[0].number, lines[0].text[head.end() :].strip())
    if inline:
        return tuple(_inline_rows(join(lines), name))
    rows: list[Consultation] = []
    buffer: Line | None = None
    for line in lines:
        if not line.text:
            continue
        if buffer is not None:
            complete = _ROW.fullmatch(buffer.text) is not None
            if _ROW_CONTINUATION.fullmatch(line.text) or (
                not complete and not _DATE.search(buffer.text)
            ):
                buffer = Line(buffer.number, f"{buffer.text} {line.text}")
                continue
            rows.append(_row(buffer, name))
        buffer = line
    if buffer is not None:
        rows.append(_row(buffer, name))
    return tuple(rows)


def _row_error(text: str, name: str, line: int) -> ParseError:
    shown = text[:80]
    return parse_error_at(
        f"Beratungsfolge: „{shown}“ ist keine Zeile aus Gremium, Termin und Zuständigkeit",
        shown,
        file=name,
        line=line,
    )


def _consultation(found: re.Match[str], name: str, line: int) -> Consultation:
    body = " ".join(found["body"].split())
    if _DATE.search(body) or not re.search(r"[^\W\d_]", body):
        raise parse_error_at(
            f"Beratungsfolge: „{body}“ ist kein Gremium", body, file=name, line=line
        )
    day = parse_date(found["date"]) if found["date"] else None
    return Consultation(body=body, date=day, role=" ".join(found["role"].split()))


def _row(line: Line, name: str) -> Consultation:
    found = _ROW.fullmatch(line.text)
    if found is None:
        raise _row_error(line.text, name, line.number)
    return _consultation(found, name, line.number)


def _inline_rows(joined: Joined, name: str) -> list[Consultation]:
    text = joined.text
    position = 0
    rows: list[Consultation] = []
    while text[position:].strip():
        found = _ROW_INLINE.match(text, position)
        if found is None:
            start = position + len(text[position:]) - len(text[position:].lstrip())
            raise _row_error(text[start:], name, joined.line_at(start))
        rows.append(_consultation(found, name, joined.line_at(found.start("body"))))
        position = found.end()
    return rows
