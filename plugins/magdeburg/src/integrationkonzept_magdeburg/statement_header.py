"""The header of a Magdeburg statement (Stadtamt, Stellungnahme-Nr., Datum, zum/zur,
Bezeichnung, Verteiler): the first part of :mod:`integrationkonzept_magdeburg.statement`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.plugin import Line, date_pattern, parse_date, parse_error_at

from .dates import check_year
from .references import parse_reference
from .text import cells, collapse

__all__ = ["Header", "header_day", "parse_header"]

_TITLE = "stellungnahme der verwaltung"
_STATUSES = {"öffentlich": "öffentlich", "nichtöffentlich": "nichtöffentlich"}
_NUMBER_LABEL = re.compile(r"Stellungnahme\s*-?\s*Nr", re.ASCII)
_DATE_CELL = re.compile(date_pattern(years="two to four"))
_REFERENCE_CELL = re.compile(r"[A-Za-zÄä]{1,2}\s*[0-9]{3,}.*")


@attrs.frozen
class Header:
    office: str
    number: str
    date: dt.date
    answered: str
    answered_line: int
    answered_kind: str
    answered_by: str
    title: str
    distribution: str
    distributed: dt.date | None
    status: str
    end: int  # index of the first line after the header


def header_day(name: str, line: int, shown: str, what: str = "") -> dt.date:
    """A date of the header or the introduction (``28.11.2019``, ``28.11.19``), in 1990–2200."""
    try:
        day = parse_date(shown)
        check_year(day.year, shown.strip())
    except ParseError as exc:
        raise parse_error_at(f"{what}{exc.message}", shown.strip(), file=name, line=line) from None
    return day


def _find_title(name: str, lines: Sequence[Line]) -> int:
    for index, line in enumerate(lines):
        if collapse(line.text).lower() == _TITLE:
            return index
    if not any(line.text.strip() for line in lines):
        raise parse_error_at(
            "die Datei ist leer: keine Stellungnahme der Verwaltung", file=name, line=1
        )
    raise parse_error_at(
        "keine Stellungnahme der Verwaltung: die Überschrift „Stellungnahme der Verwaltung“ fehlt",
        file=name,
        line=1,
    )


def _next_filled(lines: Sequence[Line], index: int) -> int | None:
    while index < len(lines):
        if lines[index].text.strip():
            return index
        index += 1
    return None


def _header_row(name: str, lines: Sequence[Line], index: int) -> tuple[str, str, dt.date, int]:
    """Stadtamt, Stellungnahme-Nr. and Datum from the label row at ``index`` and the row below."""
    label = lines[index]
    row_index = _next_filled(lines, index + 1)
    if row_index is None:
        raise parse_error_at(
            "Kopf: unter „Stellungnahme-Nr.“ fehlen die Angaben", file=name, line=label.number
        )
    row = lines[row_index]
    shown = collapse(row.text)
    found: dict[str, list[str]] = {"office": [], "number": [], "date": []}
    for cell in cells(row.text):
        if _DATE_CELL.fullmatch(cell):
            found["date"].append(cell)
        elif _REFERENCE_CELL.fullmatch(cell):
            found["number"].append(cell)
        else:
            found["office"].append(cell)
    labels = {"office": "Stadtamt", "number": "Stellungnahme-Nr.", "date": "Datum"}
    for key, values in found.items():
        if not values:
            raise parse_error_at(
                f"Kopf: {labels[key]} fehlt in „{shown}“", shown, file=name, line=row.number
            )
        if len(values) > 1:
            listed = ", ".join(f"„{value}“" for value in values)
            raise parse_error_at(
                f"Kopf: mehrere Angaben für {labels[key]}: {listed}",
                shown,
                file=name,
                line=row.number,
            )
    number_text = found["number"][0]
    try:
        parsed = parse_reference(number_text)
    except ParseError as exc:
        raise parse_error_at(
            f"Kopf: Stellungnahme-Nr.: {exc.message}", number_text, file=name, line=row.number
        ) from None
    if not parsed.normalized.startswith("S"):
        raise parse_error_at(
            f"Kopf: „{number_text}“ ist keine Stellungnahme-Nr. (erwartet z. B. S0518/19)",
            number_text,
            file=name,
            line=row.number,
        )
    day = header_day(name, row.number, found["date"][0], "Kopf: Datum: ")
    return found["office"][0], parsed.normalized, day, row_index


def _label_key(cell: str) -> str | None:
    bare = cell.lower().rstrip(":")
    if bare in ("zum/zur", "zum", "zur", "zu"):
        return "zum"
    if bare in ("bezeichnung", "betreff"):
        return "bezeichnung"
    if bare == "verteiler":
        return "verteiler"
    return None


def parse_header(name: str, lines: Sequence[Line]) -> Header:
    title_index = _find_title(name, lines)
    index = _next_filled(lines, title_index + 1)
    status = ""
    if index is not None and collapse(lines[index].text).lower().replace(" ", "") in _STATUSES:
        status = _STATUSES[collapse(lines[index].text).lower().replace(" ", "")]
        index += 1
    label_index = next(
        (
            i
            for i in range(index if index is not None else len(lines), len(lines))
            if _NUMBER_LABEL.search(lines[i].text)
        ),
        None,
    )
    if label_index is None:
        raise parse_error_at(
            "Kopf: die Zeile „Stadtamt – Stellungnahme-Nr. – Datum“ fehlt",
            file=name,
            line=lines[title_index].number,
        )
    office, number, day, row_index = _header_row(name, lines, label_index)

    blocks: dict[str, tuple[Line, list[tuple[Line, tuple[str, ...]]]]] = {}
    current: str | None = None
    end = len(lines)
    for position in range(row_index + 1, len(lines)):
        line = lines[position]
        row = cells(line.text)
        if not row:
            if current is not None and blocks[current][1]:
                end = position
                break
            continue
        key = _label_key(row[0])
        if key is not None:
            if key in blocks:
                raise parse_error_at(
                    f"Kopf: „{row[0]}“ steht zweimal", row[0], file=name, line=line.number
                )
            rest = tuple(cell for cell in row[1:] if cell.lower() != "tag")
            blocks[key] = (line, [(line, rest)] if rest else [])
            current = key
            continue
        if current is None:
            end = position
            break
        blocks[current][1].append((line, row))

    answered, answered_line, answered_kind, answered_by = _answered(
        name, lines, row_index, blocks.get("zum")
    )
    title = _title(name, lines, row_index, blocks.get("bezeichnung"))
    distribution, distributed = _distribution(name, blocks.get("verteiler"))
    return Header(
        office=office,
        number=number,
        date=day,
        answered=answered,
        answered_line=answered_line,
        answered_kind=answered_kind,
        answered_by=answered_by,
        title=title,
        distribution=distribution,
        distributed=distributed,
        status=status,
        end=end,
    )


def _answered(
    name: str,
    lines: Sequence[Line],
    row_index: int,
    block: tuple[Line, list[tuple[Line, tuple[str, ...]]]] | None,
) -> tuple[str, int, str, str]:
    if block is None:
        raise parse_error_at(
            "Kopf: „zum/zur“ (die beantwortete Anfrage) fehlt",
            file=name,
            line=lines[row_index].number + 1,
        )
    label, values = block
    if not values:
        raise parse_error_at(
            "Kopf: unter „zum/zur“ fehlt die Nummer der Anfrage", file=name, line=label.number
        )
    line = values[0][0]
    text = " ".join(" ".join(row) for _, row in values)
    head, _, rest = text.partition(" ")
    try:
        parsed = parse_reference(head)
    except ParseError as exc:
        raise parse_error_at(
            f"Kopf: zum/zur: {exc.message}", head, file=name, line=line.number
        ) from None
    return parsed.normalized, line.number, parsed.kind, collapse(rest)


def _title(
    name: str,
    lines: Sequence[Line],
    row_index: int,
    block: tuple[Line, list[tuple[Line, tuple[str, ...]]]] | None,
) -> str:
    if block is None:
        raise parse_error_at(
            "Kopf: „Bezeichnung“ fehlt", file=name, line=lines[row_index].number + 1
        )
    label, values = block
    title = collapse(" ".join(" ".join(row) for _, row in values))
    if not title:
        raise parse_error_at(
            "Kopf: unter „Bezeichnung“ fehlt der Text", file=name, line=label.number
        )
    return title


def _distribution(
    name: str, block: tuple[Line, list[tuple[Line, tuple[str, ...]]]] | None
) -> tuple[str, dt.date | None]:
    if block is None:
        return "", None
    names: list[str] = []
    first: dt.date | None = None
    for line, row in block[1]:
        words = []
        for cell in row:
            if _DATE_CELL.fullmatch(cell):
                day = header_day(name, line.number, cell, "Kopf: Verteiler: ")
                first = day if first is None else first
            else:
                words.append(cell)
        if words:
            names.append(" ".join(words))
    return "; ".join(names), first
