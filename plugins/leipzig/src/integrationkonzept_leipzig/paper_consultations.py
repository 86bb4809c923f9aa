"""The Beratungsfolge of a Leipzig council paper: rows of Gremium, Termin and Zuständigkeit.

The role (Zuständigkeit) is free text: a role of :data:`ROLES` is written as the list spells it
(``zur kenntnisnahme`` → ``zur Kenntnisnahme``), any other is kept as written (``Vorberatung,
Anhörung``, ``Beschlussfassung (mit Änderungen)``, ``Votum``); an unknown role never makes a paper
unreadable. Three shapes are read:

* row by row (one row per line, or one cell per line), a row's cells possibly wrapped onto the
  following lines;
* column by column, as older PDFs republished with file metadata put the table out: first every
  body, then the dates that exist, then every role. Dates are paired with rows only when there
  are as many dates as rows (see :func:`_columns`); otherwise the rows are kept without dates and
  a note lists the dates — never a guess;
* the one-line layout, the whole table in one line (roles of :data:`ROLES` only: the next row's
  body is found after a known role).

What cannot be paired is said in :attr:`Consultations.notes`; the paper keeps them as a section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.model import Consultation
from integrationkonzept.plugin import Line, date_pattern, parse_date, parse_error_at

from .lines import Joined, join
from .paper_blocks import Block
from .profile import same_body

__all__ = [
    "NOTE_TITLE",
    "ROLES",
    "Consultations",
    "is_role_continuation",
    "normal_role",
    "read_consultations",
    "split_row",
]

#: The roles (Zuständigkeit) a body has in the Beratungsfolge, as they are spelt.
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

#: The title of the section that holds what could not be paired in a Beratungsfolge.
NOTE_TITLE: Final = "Hinweis zur Beratungsfolge"

_TABLE_HEAD: Final = re.compile(
    r"Gremium (?:Voraussichtlicher )?(?:Sitzungstermin|Termin|Datum) Zuständigkeit ?",
)
_HEAD_WORDS: Final = frozenset(
    {"Gremium", "Voraussichtlicher", "Sitzungstermin", "Termin", "Datum", "Zuständigkeit"}
)
_ROLE_ALTERNATIVES: Final = "|".join(
    re.escape(role) for role in sorted(ROLES, key=len, reverse=True)
)
_BY_KEY: Final = {role.casefold(): role for role in ROLES}
_CELL_DATE: Final = date_pattern()
_ROW_CELLS: Final = (
    rf"(?P<body>\S.*?)\s+(?:(?P<date>{_CELL_DATE})\s+|(?:N/A|-|–)\s+)?"
    rf"(?P<role>(?i:{_ROLE_ALTERNATIVES}))"
)
#: One row in the one-line layout: the next row's body starts with a capital letter.
_ROW_INLINE: Final = re.compile(r"\s*" + _ROW_CELLS + r"(?=\s+[A-ZÄÖÜ]|\s*$)")
#: A known role at the start of a text (a whole word).
_ROLE_START: Final = re.compile(rf"(?i:{_ROLE_ALTERNATIVES})(?!\w)")
#: A row without a date whose text ends with a known role (the shortest body before it).
_ROLE_SUFFIX: Final = re.compile(rf"(?P<body>\S.*?)\s+(?P<role>(?i:{_ROLE_ALTERNATIVES}))")
#: The date cell of a row: a date, or a placeholder for none, between body and role.
_DATE_CELL: Final = re.compile(rf"(?<!\S)(?P<date>{_CELL_DATE}|N/A)(?=\s|$)")
_DASH_CELL: Final = re.compile(rf"\s[-–](?=\s+(?i:{_ROLE_ALTERNATIVES})(?!\w)|\s*$)")
#: A whole cell that is a date (or a placeholder for none).
_DATE_ONLY: Final = re.compile(rf"{_CELL_DATE}")
#: A line that starts with a date: the date cell of the row before, maybe with its role.
_DATE_LED: Final = re.compile(rf"(?:{_CELL_DATE}|N/A)(?:\s|$)")
#: What a wrapped cell's first line ends with when the cell goes on.
_JOINER_END: Final = re.compile(r"(?:[,(/&+-]|–|\b(?:und|oder|mit|sowie|zur|zum|für|des|der))$")
#: A body before a known role that is rather a role going on (``Vorberatung, Anhörung``).
_ROLE_GOES_ON: Final = re.compile(r"(?:[,(/&+-]|–|\b(?:und|oder|sowie|mit))$")
#: What a wrapped cell's next line starts with when it goes on a cell.
_CONTINUATION_START: Final = re.compile(r"[a-zäöüß(,;:/&+)\]–-]")

#: A numeric date ``18.04.2017`` (also with a two-digit year), not checked for existence.
_DATE: Final = re.compile(rf"(?<![\d.]){date_pattern()}(?![\d])")


@attrs.frozen
class Consultations:
    """The rows of a Beratungsfolge, and what could not be paired (for a note)."""

    rows: tuple[Consultation, ...] = ()
    notes: tuple[str, ...] = ()


def normal_role(text: str) -> str:
    """A role as :data:`ROLES` spells it when it is one (or starts with one: ``vorberatung,
    Anhörung`` → ``Vorberatung, Anhörung``), otherwise as written; whitespace made single."""
    words = " ".join(text.split())
    known = _BY_KEY.get(words.casefold())
    if known is not None:
        return known
    dehyphenated = re.sub(r"(?<=\w)- (?=[a-zäöüß])", "", words)
    known = _BY_KEY.get(dehyphenated.casefold())
    if known is not None:
        return known
    found = _ROLE_START.match(words)
    if found:
        return _BY_KEY[found.group().casefold()] + words[found.end() :]
    return words


def _balance(text: str) -> int:
    return text.count("(") - text.count(")")


def is_role_continuation(before: str, line: str) -> bool:
    """Whether ``line`` goes on the cell ``before`` ends with rather than start a new row: it
    starts in lower case or with punctuation, is a known role, closes a parenthesis, or ``before``
    ends with a comma, an open parenthesis, ``und`` … or is the first part of a known role."""
    if not line:
        return False
    if _ROLE_START.match(line) or _CONTINUATION_START.match(line):
        return True
    if _balance(line) < 0 or _balance(before) > 0:
        return True
    if _JOINER_END.search(before):
        return True
    tail = before.split()[-2:] if before.split() else []
    for count in range(len(tail), 0, -1):
        start = " ".join(tail[-count:])
        found = _ROLE_START.match(f"{start} {line}")
        if found and found.end() > len(start) + 1 and not _ROLE_START.match(start):
            return True
    return False


def split_row(text: str) -> tuple[str, str | None, str] | None:
    """A row's text as (body, date as written or None, role as written), or None when the body
    cannot be told from the role: no date and no known role or body to split at.

    With a date cell (a date, ``N/A``, or a dash before a known role), the body is what comes
    before it and the role everything after. Without one, the role is a known role that ends the
    row (the shortest body before it), else a known role followed by punctuation (``Vorberatung,
    Anhörung``) or after a known body, else the words after a known body.
    """
    found = _DATE_CELL.search(text)
    if found is not None and found.start() > 0:
        date = found["date"]
        return text[: found.start()].strip(), None if date == "N/A" else date, text[found.end() :]
    dash = _DASH_CELL.search(text)
    if dash is not None and dash.start() > 0:
        return text[: dash.start()].strip(), None, text[dash.end() :]
    suffix = _ROLE_SUFFIX.fullmatch(text)
    if suffix is not None and not _ROLE_GOES_ON.search(suffix["body"]):
        return suffix["body"], None, suffix["role"]
    for role in re.finditer(rf"(?<=\s)(?i:{_ROLE_ALTERNATIVES})(?!\w)", text):
        body, rest = text[: role.start()].strip(), text[role.end() :]
        if re.match(r"\s*[,(;:/–-]", rest) or same_body(body):
            return body, None, text[role.start() :]
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        body = " ".join(words[:count])
        rest = " ".join(words[count:])
        if same_body(body) and re.match(r"[A-ZÄÖÜ0-9]", rest):
            return body, None, rest
    return None


def _has_date_cell(text: str) -> bool:
    found = _DATE_CELL.search(text)
    return found is not None and found.start() > 0


def _check_dates(lines: Sequence[Line], name: str) -> None:
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


def read_consultations(block: Block, name: str, inline: bool) -> Consultations:
    """The rows of a Beratungsfolge: Gremium, Termin (may be missing), Zuständigkeit.

    ``inline``: the whole table on one line (the one-line layout), read row after row.
    Otherwise the table put out column by column is tried first (:func:`_columns`), then row by
    row: a line joins the row before it when that row has no role yet, or when the line goes on
    a cell (:func:`is_role_continuation`, a date cell for a row without one).
    """
    lines = [
        Line(line.number, " ".join(line.text.replace("|", " ").split()))
        for line in block.lines
        if line.text
    ]
    lines = [line for line in lines if line.text]
    _check_dates(lines, name)
    while lines and set(lines[0].text.split()) <= _HEAD_WORDS:
        lines.pop(0)  # the table head, on one line or one cell per line
    if lines and (head := _TABLE_HEAD.match(lines[0].text)):
        lines[0] = Line(lines[0].number, lines[0].text[head.end() :].strip())
        lines = [line for line in lines if line.text]
    if inline:
        return _inline_rows(join(lines), name)
    columns = _columns(lines, name)
    if columns is not None:
        return columns
    return _rows(lines, name)


# --- row by row ---------------------------------------------------------------------------------


def _joins(buffer: str, line: str) -> bool:
    """Whether ``line`` goes on the row ``buffer`` holds so far."""
    split = split_row(buffer)
    if split is None:
        return not _has_date_cell(buffer) or not split_row(line)
    _body, _date, role = split
    if _DATE_LED.match(line):
        return not _has_date_cell(buffer)
    if not role.strip():
        return split_row(line) is None and not same_body(line)
    return is_role_continuation(buffer, line)


def _rows(lines: Sequence[Line], name: str) -> Consultations:
    rows: list[Consultation] = []
    notes: list[str] = []
    buffer: Line | None = None
    texts: list[Line] = []
    for line in lines:
        if buffer is not None and _joins(buffer.text, line.text):
            buffer = Line(buffer.number, _join_text(buffer.text, line.text))
            continue
        if buffer is not None:
            texts.append(buffer)
        buffer = line
    if buffer is not None:
        texts.append(buffer)
    for text in texts:
        split = split_row(text.text)
        if split is None:
            if rows and same_body(f"{rows[-1].body} {text.text}"):
                rows[-1] = attrs.evolve(rows[-1], body=f"{rows[-1].body} {text.text}")
                continue
            _require_body(text.text, name, text.number)
            rows.append(Consultation(body=text.text))
            notes.append(
                f"Zeile {text.number}: „{text.text}“ – Gremium und Zuständigkeit nicht zu "
                "trennen, als Gremium ohne Zuständigkeit übernommen"
            )
            continue
        body, date, role = split
        rows.append(_consultation(body, date, role, name, text.number))
    return Consultations(tuple(rows), tuple(notes))


def _join_text(before: str, after: str) -> str:
    if before.endswith("-") and re.match(r"[a-zäöüß]", after):
        joined = before[:-1] + after
        split = split_row(joined)
        if split is not None and split[2].strip() and split[2].strip().casefold() in _BY_KEY:
            return joined
    return f"{before} {after}"


def _require_body(body: str, name: str, line: int) -> None:
    if not body or _DATE.search(body) or not re.search(r"[^\W\d_]", body):
        raise parse_error_at(
            f"Beratungsfolge: „{body}“ ist kein Gremium", body, file=name, line=line
        )


def _consultation(body: str, date: str | None, role: str, name: str, line: int) -> Consultation:
    body = " ".join(body.split())
    _require_body(body, name, line)
    day = parse_date(date) if date else None
    return Consultation(body=body, date=day, role=normal_role(role))


# --- column by column ---------------------------------------------------------------------------


def _starts_role(text: str) -> bool:
    """Whether ``text`` is the first words of a known role (``zur``, ``schriftliche``)."""
    start = text.casefold() + " "
    return any(role.startswith(start) for role in _BY_KEY)


def _cells(lines: Sequence[Line], roles: bool) -> list[Line]:
    """Lines of one column as cells: a line goes on the cell before when it continues it."""
    cells: list[Line] = []
    for line in lines:
        if cells:
            before = cells[-1].text
            if roles:
                goes_on = (
                    _balance(before) > 0
                    or _balance(line.text) < 0
                    or bool(_JOINER_END.search(before))
                    or (
                        not _ROLE_START.match(line.text)
                        and not _starts_role(line.text)
                        and bool(_CONTINUATION_START.match(line.text))
                    )
                    or (
                        bool(_ROLE_START.match(f"{before} {line.text}"))
                        and not _ROLE_START.fullmatch(before)
                        and not _ROLE_START.match(before)
                    )
                )
            else:
                goes_on = (
                    _balance(before) > 0
                    or bool(_JOINER_END.search(before))
                    or bool(_CONTINUATION_START.match(line.text))
                )
            if goes_on:
                cells[-1] = Line(cells[-1].number, _join_text(before, line.text))
                continue
        cells.append(line)
    return cells


def _columns(lines: Sequence[Line], name: str) -> Consultations | None:
    """The table put out column by column: every body (one per line), the dates that exist,
    every role; None when the lines are not in that shape (then they are read row by row).

    Bodies and roles pair in order (a cell wrapped onto the next line is joined when the next
    line visibly goes on: lower case, a parenthesis, a comma before it). Dates are placed only
    when there are as many as bodies, in order. With fewer dates nothing says which rows lack
    one — a role such as Bestätigung does not (a Dienstberatung is often the one row already
    dated while a committee's date is not fixed yet) — so every row is kept without a date and a
    note lists the dates. Bodies and roles that do not pair up are kept only in a note.
    """
    for line in lines:
        if _has_date_cell(line.text) or (
            _DATE_LED.match(line.text) and not _DATE_ONLY.fullmatch(line.text)
        ):
            return None  # a date with other cells on its line: read row by row
    date_at = [index for index, line in enumerate(lines) if _DATE_ONLY.fullmatch(line.text)]
    if date_at:
        first, last = date_at[0], date_at[-1] + 1
        if date_at != list(range(first, last)):
            return None
        before, dates, after = lines[:first], lines[first:last], lines[last:]
        if len(before) < 2 or not after or any(_ROLE_START.match(line.text) for line in before):
            return None
    else:
        role_at = next(
            (index for index, line in enumerate(lines) if _ROLE_START.match(line.text)), None
        )
        if role_at is None or role_at < 2:
            return None
        before, dates, after = lines[:role_at], [], lines[role_at:]
        if (
            any(same_body(line.text) for line in after)
            or any(split_row(line.text) is not None for line in before)
            or _JOINER_END.search(before[-1].text)
        ):
            return None  # without dates, bodies alone on their lines tell the shape
    bodies = _cells(before, roles=False)
    roles = _cells(after, roles=True)
    if len(bodies) != len(roles):
        if not dates or (len(dates) == 1 and len(roles) == 1):
            return None
        shown = " | ".join(line.text for line in lines)
        return Consultations(
            (),
            (
                f"Zeile {lines[0].number}: Beratungsfolge spaltenweise mit {len(bodies)} Gremien "
                f"und {len(roles)} Zuständigkeiten, nicht zuzuordnen: {shown}",
            ),
        )
    for cell in bodies:
        _require_body(cell.text, name, cell.number)
    days = [parse_date(line.text) for line in dates]
    placed: list[int | None] = [None] * len(bodies)
    notes: list[str] = []
    if len(days) == len(bodies):
        placed = list(range(len(days)))
    elif days:
        shown = ", ".join(line.text for line in dates)
        notes.append(
            f"Zeile {dates[0].number}: {len(days)} Termine ({shown}) für {len(bodies)} Gremien "
            "nicht eindeutig zuzuordnen, die Beratungsfolge ist ohne Termine übernommen"
        )
    rows = tuple(
        Consultation(
            body=cell.text,
            date=days[where] if where is not None else None,
            role=normal_role(role.text),
        )
        for cell, role, where in zip(bodies, roles, placed, strict=True)
    )
    return Consultations(rows, tuple(notes))


# --- the one-line layout ------------------------------------------------------------------------


def _inline_rows(joined: Joined, name: str) -> Consultations:
    text = joined.text
    position = 0
    rows: list[Consultation] = []
    while text[position:].strip():
        found = _ROW_INLINE.match(text, position)
        if found is None:
            start = position + len(text[position:]) - len(text[position:].lstrip())
            return Consultations(
                tuple(rows),
                (
                    f"Zeile {joined.line_at(start)}: „{text[start:][:200]}“ – nicht in Gremium, "
                    "Termin und Zuständigkeit zu trennen",
                ),
            )
        line = joined.line_at(found.start("body"))
        rows.append(_consultation(found["body"], found["date"], found["role"], name, line))
        position = found.end()
    return Consultations(tuple(rows))
