"""One raw OParl object → the rows the store keeps for it (pure).

An object from a list becomes a row with its data as received. It may carry others embedded (a
meeting its agenda items, a paper its consultations and files): those of the types the model
needs (:data:`TABLES`) become rows of their own, with the object they came in as ``parent`` and
their data left inside the parent's; files, locations and memberships stay inside their parent.
Every object of the model's types gets the columns of its table, with referenced objects kept
as URLs, so that the sync can fetch those the mapping needs. Deleted objects
(``deleted: true``) may come without ``type``: the list or field they came in names it.
Nothing here raises for any JSON input: an object that cannot be read is reported as a problem
and skipped.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import attrs
import orjson

from .clean import clean_text, modified_stamp, parse_date, parse_datetime, ref, refs, short_type

__all__ = [
    "FIELD_TYPES",
    "LIST_TYPES",
    "TABLES",
    "Extracted",
    "Row",
    "extract",
]

#: The type of the objects in each list a Body offers.
LIST_TYPES: dict[str, str] = {
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "paper": "Paper",
    "agendaItem": "AgendaItem",
    "consultation": "Consultation",
    "file": "File",
    "membership": "Membership",
    "legislativeTermList": "LegislativeTerm",
    "locationList": "Location",
}

#: The type of the object a field holds (embedded or referenced).
FIELD_TYPES: dict[str, str] = {
    "body": "Body",
    "organization": "Organization",
    "underDirectionOf": "Organization",
    "originatorOrganization": "Organization",
    "person": "Person",
    "originatorPerson": "Person",
    "meeting": "Meeting",
    "agendaItem": "AgendaItem",
    "paper": "Paper",
    "relatedPaper": "Paper",
    "superordinatedPaper": "Paper",
    "subordinatedPaper": "Paper",
    "consultation": "Consultation",
    "membership": "Membership",
    "legislativeTerm": "LegislativeTerm",
    "location": "Location",
    "mainFile": "File",
    "auxiliaryFile": "File",
    "invitation": "File",
    "resultsProtocol": "File",
    "verbatimProtocol": "File",
    "resolutionFile": "File",
    "derivativeFile": "File",
    "masterFile": "File",
}

#: Per type, its table and the columns after ``id`` (each table also has ``deleted``).
#: Columns named in plural hold JSON arrays of URLs.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Body": ("bodies", ("system", "name", "short_name", "ags")),
    "Organization": (
        "organizations",
        ("body", "name", "short_name", "classification", "organization_type"),
    ),
    "Person": ("persons", ("body", "name")),
    "Meeting": (
        "meetings",
        ("body", "name", "start", "end", "organizations", "agenda_items", "cancelled"),
    ),
    "AgendaItem": (
        "agenda_items",
        (
            "meeting",
            "position",
            "number",
            "name",
            "result",
            "resolution_text",
            "consultation",
            "public",
        ),
    ),
    "Paper": (
        "papers",
        (
            "body",
            "reference",
            "name",
            "paper_type",
            "date",
            "under_direction_of",
            "originators",
            "related",
            "consultations",
            "web",
            "modified",
        ),
    ),
    "Consultation": (
        "consultations",
        ("paper", "position", "meeting", "agenda_item", "organizations", "role", "authoritative"),
    ),
}

# Per type, the fields that may embed objects of the types with a table (the others hold
# URLs, or files and locations that stay inside their parent).
_EMBEDDING: dict[str, tuple[tuple[str, str], ...]] = {
    "Paper": (
        ("consultation", "Consultation"),
        ("underDirectionOf", "Organization"),
        ("originatorOrganization", "Organization"),
        ("originatorPerson", "Person"),
    ),
    "Meeting": (("agendaItem", "AgendaItem"), ("organization", "Organization")),
    "AgendaItem": (("consultation", "Consultation"),),
    "Consultation": (
        ("meeting", "Meeting"),
        ("agendaItem", "AgendaItem"),
        ("organization", "Organization"),
    ),
    "System": (("body", "Body"),),
}

# The objects a paper or meeting lists as its own: gone from the list means deleted.
_CHILDREN = {"Paper": "consultation", "Meeting": "agendaItem"}

# Embedded objects deeper than this stay inside their parent only (OParl nests three deep).
_MAX_DEPTH = 6


class Row(NamedTuple):
    """One object for the store.

    ``data`` is the object as received (JSON) for an object that came on its own, ``None`` for
    an embedded one (its data is in the parent's); ``modified`` its UTC stamp; ``values`` the
    columns of its table after ``id`` (``None`` for types without a table).
    """

    id: str
    type: str
    parent: str | None
    modified: str | None
    deleted: bool
    data: bytes | None
    values: tuple[Any, ...] | None = None


@attrs.frozen
class Extracted:
    """What one raw object gave: its rows (the object first, then the embedded ones) and the
    problems found (``(url, message)``).

    ``children`` is set for a paper that lists its consultations or a meeting that lists its
    agenda items (embedded or by URL): their ids, so that the store can mark those that
    disappeared from the list as deleted.
    """

    rows: tuple[Row, ...]
    problems: tuple[tuple[str, str], ...] = ()
    children: tuple[str, ...] | None = None


def extract(raw: object, expected: str | None, context: str) -> Extracted:
    """The rows for ``raw``, an object from a list of ``expected`` type (``None``: any) found at
    ``context`` (the page or URL, for problems)."""
    if not isinstance(raw, dict):
        return Extracted((), ((context, f"Eintrag ist kein Objekt: {_show(raw)}"),))
    url = ref(raw)
    if url is None:
        return Extracted((), ((context, f"Objekt ohne „id“ übersprungen: {_show(raw)}"),))
    kind = short_type(raw.get("type"))
    if raw.get("deleted") is True:
        kind = kind or expected
        if kind is None:
            return Extracted((), ((url, "gelöschtes Objekt ohne „type“ übersprungen"),))
        row = Row(url, kind, None, modified_stamp(raw.get("modified")), True, _dump(raw))
        return Extracted((row,))
    if kind is None:
        kind = expected
        if kind is None:
            return Extracted((), ((url, "Objekt ohne „type“ übersprungen"),))
    elif expected is not None and kind != expected:
        message = f"Objekt vom Typ „{kind}“ in einer Liste von „{expected}“ übersprungen"
        return Extracted((), ((url, message),))
    modified = modified_stamp(raw.get("modified"))
    rows = [Row(url, kind, None, modified, False, _dump(raw), _values(raw, kind, {}, 0, modified))]
    problems: list[tuple[str, str]] = []
    _embedded(raw, url, kind, {}, rows, problems, 0)
    children: tuple[str, ...] | None = None
    field = _CHILDREN.get(kind)
    if field is not None and isinstance(raw.get(field), list):
        children = refs(raw[field]) or None
    return Extracted(tuple(rows), tuple(problems), children)


def _embedded(
    raw: dict[str, Any],
    url: str,
    kind: str,
    context: dict[str, str],
    rows: list[Row],
    problems: list[tuple[str, str]],
    depth: int,
) -> None:
    """Rows for the objects of the model's types embedded in ``raw`` (recursively); files,
    locations and memberships stay inside their parent."""
    if depth >= _MAX_DEPTH:
        return
    inner: dict[str, str] | None = None
    for field, child_type in _EMBEDDING.get(kind, ()):
        value = raw.get(field)
        if isinstance(value, dict):
            items: list[Any] = [value]
        elif isinstance(value, list):
            items = value
        else:
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue  # a reference by URL, or nothing
            child_url = ref(item)
            if child_url is None:
                problems.append((url, f"eingebettetes Objekt in „{field}“ ohne „id“ übersprungen"))
                continue
            child_kind = short_type(item.get("type")) or child_type
            if child_kind not in TABLES:
                continue
            modified = modified_stamp(item.get("modified"))
            if item.get("deleted") is True:
                rows.append(Row(child_url, child_kind, url, modified, True, None))
                continue
            if inner is None:
                inner = {**context, kind: url}
            values = _values(item, child_kind, inner, index, modified)
            rows.append(Row(child_url, child_kind, url, modified, False, None, values))
            _embedded(item, child_url, child_kind, inner, rows, problems, depth + 1)


def _values(
    raw: dict[str, Any], kind: str, context: dict[str, str], position: int, modified: str | None
) -> tuple[Any, ...] | None:
    text = clean_text
    get = raw.get
    if kind == "Paper":
        return (
            ref(get("body")) or context.get("Body"),
            text(get("reference")),
            text(get("name")),
            text(get("paperType")),
            _iso_date(get("date")),
            _json(refs(get("underDirectionOf"))),
            _json(refs(get("originatorOrganization")) + refs(get("originatorPerson"))),
            _json(
                refs(get("relatedPaper"))
                + refs(get("superordinatedPaper"))
                + refs(get("subordinatedPaper"))
            ),
            _json(_linked(get("consultation"))),
            text(get("web")),
            modified,
        )
    if kind == "Consultation":
        return (
            ref(get("paper")) or context.get("Paper"),
            position,
            ref(get("meeting")) or context.get("Meeting"),
            ref(get("agendaItem")) or context.get("AgendaItem"),
            _json(refs(get("organization"))),
            text(get("role")),
            _flag(get("authoritative")),
        )
    if kind == "AgendaItem":
        order = get("order")
        return (
            ref(get("meeting")) or context.get("Meeting"),
            order if isinstance(order, int) and not isinstance(order, bool) else position,
            text(get("number")),
            text(get("name")),
            text(get("result")),
            text(get("resolutionText")),
            ref(get("consultation")),
            _flag(get("public")),
        )
    if kind == "Meeting":
        start = parse_datetime(get("start"))
        end = parse_datetime(get("end"))
        return (
            ref(get("body")) or context.get("Body"),
            text(get("name")),
            start.isoformat() if start else None,
            end.isoformat() if end else None,
            _json(refs(get("organization"))),
            _json(_linked(get("agendaItem"))),
            _flag(get("cancelled")),
        )
    if kind == "Organization":
        return (
            ref(get("body")) or context.get("Body"),
            text(get("name")),
            text(get("shortName")),
            text(get("classification")),
            text(get("organizationType")),
        )
    if kind == "Person":
        name = text(get("name"))
        if name is None:
            parts = (text(get("givenName")), text(get("familyName")))
            name = " ".join(part for part in parts if part) or None
        return (ref(get("body")) or context.get("Body"), name)
    if kind == "Body":
        return (
            ref(get("system")),
            text(get("name")),
            text(get("shortName")),
            text(get("ags")),
        )
    return None


def _linked(value: object) -> tuple[str, ...]:
    """The URLs of the objects a field references (not those it embeds)."""
    if isinstance(value, str):
        value = [value]
    elif not isinstance(value, list):
        return ()
    found = (clean_text(item) for item in value if isinstance(item, str))
    return tuple(url for url in found if url is not None)


def _dump(raw: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(raw, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # e.g. an integer beyond 64 bits, read by the fallback decoder
        return json.dumps(raw, ensure_ascii=False, default=str).encode()


def _iso_date(value: object) -> str | None:
    day = parse_date(value)
    return day.isoformat() if day else None


def _flag(value: object) -> int | None:
    return int(value) if isinstance(value, bool) else None


def _json(urls: tuple[str, ...]) -> str | None:
    return orjson.dumps(urls).decode() if urls else None


def _show(value: object) -> str:
    try:
        text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"
