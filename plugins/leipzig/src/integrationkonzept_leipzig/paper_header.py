"""The head of a Leipzig council paper: its header line (``Antrag-Nr. …``), the file metadata
block of republished copies, and the one-line layout split at its labels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.model import FileInfo
from integrationkonzept.plugin import Line, date_pattern, parse_date, parse_error_at

__all__ = ["Header", "find_headers", "header_of", "read_file_info", "split_inline"]

_ARTS_OLD: Final = (
    "Verwaltungsstandpunkt|Neufassung|Änderungsantrag|Antrag|Einwohneranfrage|Anfrage|"
    "Beschlussvorlage|Informationsvorlage|Vorlage|Petition|Antwort"
)
_HEADER_CURRENT: Final = re.compile(
    r"(?P<art>[^\W\d_]+(?: [^\W\d_]+){0,6})-Nr\.(?: ?(?P<ref>[^\s]+))?(?P<rest>.*)"
)
_HEADER_OLD: Final = re.compile(
    rf"(?:(?P<pre>[^\W\d_][^.:;!?]{{0,60}}?) )?(?P<art>{_ARTS_OLD}) Nr\."
    r"(?: ?(?P<ref>[^\s]+))?(?P<rest>.*)"
)


_FILE_KEY: Final = re.compile(
    r"(?P<key>Kommune|Dateiname|Größe|Erstellt|Aktualisiert)(?::? (?P<value>.+)|:?)"
)


_DATETIME: Final = re.compile(
    rf"(?P<date>{date_pattern(years='two to four')}),?\s+(?P<h>[0-9]{{1,2}}):(?P<m>[0-9]{{2}})"
)


@attrs.frozen
class Header:
    line: Line
    art: str
    ref_text: str
    rest: str


def header_of(line: Line) -> Header | None:
    found = _HEADER_CURRENT.fullmatch(line.text)
    if found is None:
        found = _HEADER_OLD.fullmatch(line.text)
    if found is None:
        return None
    rest = found["rest"].strip()
    if rest and not rest.startswith("Status:"):
        return None
    return Header(line, found["art"], found["ref"] or "", rest)


def find_headers(lines: Sequence[Line]) -> list[tuple[int, Header]]:
    found: list[tuple[int, Header]] = []
    for index, line in enumerate(lines):
        if not line.text:
            continue
        header = header_of(line)
        if header is None:
            continue
        if found:
            if header.ref_text == found[-1][1].ref_text:
                continue  # the header repeated on a later page
            if not (header.rest or _next_text(lines, index + 1).startswith("Status:")):
                continue
        found.append((index, header))
    return found


def _next_text(lines: Sequence[Line], start: int) -> str:
    for index in range(start, len(lines)):
        if lines[index].text:
            return lines[index].text
    return ""


def _datetime(text: str) -> dt.datetime:
    """``08.03.17, 12:00`` (the file metadata of republished papers) as a datetime."""
    found = _DATETIME.fullmatch(text.strip())
    if found is None:
        raise ParseError(
            f"„{text}“ ist kein gültiges Datum mit Uhrzeit (erwartet z. B. „08.03.17, 12:00“)", text
        )
    try:
        day = parse_date(found["date"])
    except ParseError:
        raise ParseError(f"„{text}“ ist kein gültiges Datum", text) from None
    try:
        return dt.datetime.combine(day, dt.time(int(found["h"]), int(found["m"])))
    except ValueError:
        raise ParseError(f"„{text}“ ist keine gültige Uhrzeit", text) from None


def read_file_info(lines: Sequence[Line], name: str) -> FileInfo | None:
    values: dict[str, tuple[str, Line]] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _FILE_KEY.fullmatch(line.text)
        index += 1
        if found is None or found["key"] in values:
            continue
        value = found["value"]
        if value is None:
            while index < len(lines) and not lines[index].text:
                index += 1
            if index >= len(lines) or _FILE_KEY.fullmatch(lines[index].text):
                continue
            value = lines[index].text
            line = lines[index]
            index += 1
        values[found["key"]] = (value.strip(), line)
    if not values:
        return None

    def when(key: str) -> dt.datetime | None:
        """The datetime of ``key`` (``Erstellt``, ``Aktualisiert``), if given."""
        if key not in values:
            return None
        text, line = values[key]
        try:
            return _datetime(text)
        except ParseError as exc:
            raise parse_error_at(
                f"{key}: {exc.message}", text, file=name, line=line.number
            ) from None

    return FileInfo(
        municipality=values.get("Kommune", ("", lines[0]))[0],
        filename=values.get("Dateiname", ("", lines[0]))[0],
        size=values.get("Größe", ("", lines[0]))[0],
        created=when("Erstellt"),
        updated=when("Aktualisiert"),
    )


# --- the one-line layout -----------------------------------------------------------------------

_INLINE_FIELDS: Final = (
    ("Status:", re.compile(r"(?<!\S)Status:")),
    ("Beratungsfolge:", re.compile(r"(?<!\S)Beratungsfolge(?: \(Änderungen vorbehalten\))?:")),
    ("Eingereicht von:", re.compile(r"(?<!\S)Eingereicht von:?(?=\s)")),
    ("Stammbaum:", re.compile(r"(?<!\S)Stammbaum:")),
    ("Betreff:", re.compile(r"(?<!\S)Betreff:?(?=\s)")),
    ("Datum:", re.compile(r"(?<!\S)Datum:")),
)
_INLINE_SECTION: Final = re.compile(
    r"(?<!\S)(?:Beschlussvorschlag|Beschluss|Sachverhalt|Begründung|Rechtliche Konsequenzen"
    r"|Finanzielle Auswirkungen|Prüfung der Übereinstimmung mit den strategischen Zielen"
    r"|Frage [0-9]{1,2}|Antwort(?: [0-9]{1,2})?):"
)
_INLINE_AUSF: Final = (
    ("Vorlage:", re.compile(r"(?<!\S)Vorlage:")),
    ("Beschluss:", re.compile(r"(?<!\S)Beschluss:")),
    ("Abstimmungsergebnis:", re.compile(r"(?<!\S)Abstimmungsergebnis:")),
    ("Leipzig, den", re.compile(r"(?<!\S)Leipzig, den(?=\s)")),
)


def split_inline(rest: str) -> list[str]:
    """Split the one-line layout at its labels, so that it reads like the line layouts."""
    cut_match = re.search(r"(?<!\S)BESCHLUSSAUSFERTIGUNG\b", rest)
    cut = cut_match.start() if cut_match else len(rest)
    paper, ausfertigung = rest[:cut], rest[cut:]
    points: list[tuple[int, int, str]] = []  # (start, end of label, canonical label)
    first_section = _INLINE_SECTION.search(paper)
    header_end = first_section.start() if first_section else len(paper)
    for canonical, pattern in _INLINE_FIELDS:
        found = pattern.search(paper, 0, header_end)
        if found:
            points.append((found.start(), found.end(), canonical))
    if first_section:
        points.append((first_section.start(), first_section.start(), ""))
        for found in _INLINE_SECTION.finditer(paper, first_section.end()):
            before = paper[: found.start()].rstrip()
            if before and before[-1] in ".!?:)":
                points.append((found.start(), found.start(), ""))
    if ausfertigung:
        points.append((cut, cut, ""))
        position = 0
        for canonical, pattern in _INLINE_AUSF:
            found = pattern.search(ausfertigung, position)
            if found:
                points.append((cut + found.start(), cut + found.end(), canonical))
                position = found.end()
    points.sort()
    segments: list[str] = []
    if not points or points[0][0] > 0:
        segments.append(rest[: points[0][0] if points else len(rest)])
    for index, (start, label_end, canonical) in enumerate(points):
        end = points[index + 1][0] if index + 1 < len(points) else len(rest)
        if canonical:
            segments.append(f"{canonical} {rest[label_end:end].strip()}")
        else:
            segments.append(rest[start:end])
    return [" ".join(segment.split()) for segment in segments if segment.strip()]
