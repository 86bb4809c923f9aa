"""Merging the register sheets (:mod:`integrationkonzept.registers`) and the sheet Info.

Each row with a known id updates its entry, a new id adds one, and a row that is not there leaves
its entry as it is, as on the measure sheet. A cell that still shows what the base says keeps the
base's value. A new entry that can hold a source names the file and row as its source. A
milestone's new plan is added as a revision of the plan (dated the day it is read in), so the
first plan and every change of it stay on record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from ...i18n import LANGS, text
from ...model.budget import Purpose
from ...model.concept import Concept, Field, Goal, Organization, Status
from ...model.dataset import Dataset
from ...model.review import (
    Due,
    Milestone,
    MilestoneRevision,
    PlannedDate,
    Report,
    ReviewKind,
    ReviewRule,
    Trigger,
)
from ...registers import INFO_ITEMS, REGISTERS, Register, info_cells, register_cells, register_items
from ...sheets import Column, Kind, canonical
from .cells import BadCell, _BadValueError, _choose, _date, _ident, _show, _text, _year
from .files import Grid
from .merge import _data_source, _Merge
from .rows import _columns, _Row

__all__ = ["merge_info", "merge_registers"]

# What an emptied cell means for an attribute that is not optional: empty text (which the model
# refuses where a text is required, with its message), "not finished", "every year".
_WHEN_EMPTY: Final[dict[str, object]] = {
    **dict.fromkeys(
        ("title", "name", "label_de", "short_name", "kind", "label_en", "title_en"), ""
    ),
    "finished": False,
    "interval_years": 1,
}


def _integer(raw: object) -> int | None:
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise _BadValueError("not_integer")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw == int(raw):
        return int(raw)
    value = _text(raw).strip()
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", value):
        raise _BadValueError("not_integer")
    return int(value)


_PLAN_PREFIX: Final = re.compile(r"(frühestens|not before|ab)\s+", re.IGNORECASE)


def _planned(raw: object) -> PlannedDate | None:
    """``2025``, ``03.2025``, ``3/2025``, ``2025-03``, ``15.03.2025`` or ``2025-03-15`` (a date
    cell too), after ``frühestens`` / ``not before`` for a lower bound."""
    if isinstance(raw, dt.date | dt.datetime):
        day = _date(raw)
        return PlannedDate.of(day) if day is not None else None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    value = _text(raw).strip()
    if not value:
        return None
    earliest = False
    if match := _PLAN_PREFIX.match(value):
        earliest, value = True, value[match.end() :]
    year = month = day = None
    if m := re.fullmatch(r"([0-9]{4})", value):
        year = int(m[1])
    elif m := re.fullmatch(r"([0-9]{1,2})[./]([0-9]{4})", value):
        month, year = int(m[1]), int(m[2])
    elif m := re.fullmatch(r"([0-9]{4})-([0-9]{2})", value):
        year, month = int(m[1]), int(m[2])
    else:
        try:
            exact = _date(value)
        except _BadValueError:
            exact = None
        if exact is None:
            raise _BadValueError("not_plan")
        return PlannedDate(exact.year, exact.month, exact.day, earliest)
    try:
        return PlannedDate(year, month, day, earliest)
    except (ValueError, TypeError):
        raise _BadValueError("not_plan") from None


def _labels(prefix: str, values: Sequence[str]) -> dict[str, str]:
    """Each key and its labels in every language, to choose from."""
    options = {}
    for value in values:
        options[value] = value
        for lang in LANGS:
            options[text(f"{prefix}.{value}", lang)] = value
    return options


def _choice(options: Mapping[str, str]) -> Callable[[object], str | None]:
    def parse(raw: object) -> str | None:
        value = _ident(raw)
        return _choose(value, dict(options)) if value else None

    return parse


def _yes_no(raw: object) -> bool | None:
    if isinstance(raw, bool):
        return raw
    value = _ident(raw).casefold()
    if not value:
        return None
    if value in {text("yes", lang).casefold() for lang in LANGS} | {"x", "1", "wahr", "true"}:
        return True
    if value in {text("no", lang).casefold() for lang in LANGS} | {"0", "falsch", "false"}:
        return False
    raise _BadValueError("unknown", known=" / ".join(text(k, "de") for k in ("yes", "no")))


@attrs.frozen
class _Spec:
    """How a register's rows become entries: the class, the attribute and parser of each column
    (the id's attribute under ``"id"``), and the attribute a new entry's source goes in."""

    cls: type[Any]
    attributes: Mapping[str, tuple[str, Callable[[object], Any]]]
    source: str | None = None


def _specs(data: Dataset) -> dict[str, _Spec]:
    concept = data.concept
    edition = concept.current if concept is not None else None
    fields: dict[str, str] = {}
    for field in edition.fields if edition is not None else ():
        fields[field.title] = field.id
        fields[field.id] = field.id
    rules = {rule.id: rule.id for rule in data.review_rules}
    for rule in data.review_rules:
        rules.setdefault(rule.title, rule.id)
    return {
        "fields": _Spec(
            Field,
            {"id": ("id", _ident), "number": ("number", _integer), "field_title": ("title", _text)},
            "source",
        ),
        "goals": _Spec(
            Goal,
            {"id": ("id", _ident), "field": ("", _choice(fields)), "goal_title": ("title", _text)},
        ),
        "organizations": _Spec(
            Organization,
            {
                "id": ("id", _ident),
                "name": ("name", _text),
                "short_name": ("short_name", _text),
                "kind": ("kind", _text),
            },
        ),
        "statuses": _Spec(
            Status,
            {
                "id": ("key", _ident),
                "label_de": ("label_de", _text),
                "label_en": ("label_en", _text),
                "finished": ("finished", _yes_no),
            },
        ),
        "purposes": _Spec(
            Purpose,
            {"id": ("id", _ident), "label_de": ("title", _text), "label_en": ("title_en", _text)},
        ),
        "review_rules": _Spec(
            ReviewRule,
            {
                "id": ("id", _ident),
                "review_kind": ("kind", _enum(ReviewKind, "review_kind")),
                "duty_title": ("title", _text),
                "trigger": ("trigger", _enum(Trigger, "trigger")),
                "first_year": ("first_year", _year),
                "interval_years": ("interval_years", _integer),
                "due": ("due", _enum(Due, "due")),
                "last_year": ("last_year", _year),
            },
            "source",
        ),
        "reports": _Spec(
            Report,
            {
                "id": ("id", _ident),
                "rule": ("rule", _choice(rules)),
                "period_start": ("period_start", _year),
                "delivered": ("delivered", _date),
                "report_title": ("title", _text),
                "paper": ("paper", _optional_id),
            },
            "source",
        ),
        "milestones": _Spec(
            Milestone,
            {
                "id": ("id", _ident),
                "milestone_title": ("title", _text),
                "planned": ("planned", _planned),
                "actual": ("actual", _date),
                "paper": ("paper", _optional_id),
            },
        ),
    }


def _optional_id(raw: object) -> str | None:
    return _ident(raw) or None


def _enum(enum: Any, prefix: str) -> Callable[[object], Any]:
    parse = _choice(_labels(prefix, [member.value for member in enum]))

    def read(raw: object) -> Any:
        value = parse(raw)
        return enum(value) if value is not None else None

    return read


def _ident_of(kind: str, item: Any) -> str:
    if kind == "statuses":
        return str(item.key)
    if kind == "goals":
        return str(item[1].id)
    return str(item.id)


class _Keyed:
    """An entry seen by the row matcher: its id (a status's key, a goal's own id)."""

    def __init__(self, id: str, item: Any) -> None:
        self.id = id
        self.item = item


def _merge_register(
    merge: _Merge, grid: Grid, register: Register, spec: _Spec, base: Dataset
) -> list[tuple[Any, Any]] | None:
    """(old entry or ``None``, new entry) for each row of ``grid`` that changes or adds one;
    ``None`` when the sheet lacks its id column."""
    columns = _columns(grid, register.columns, False, merge.problems)
    if "id" not in columns:
        return None
    entries = register_items(base, register.kind)
    items = [_Keyed(_ident_of(register.kind, item), item) for item in entries]
    kinds = {c.key: c.kind for c in register.columns}
    out = []
    for row, old, entry_id in merge.matched_rows(grid, columns, items):
        old_item = old.item if old is not None else None
        shown = [register_cells(register.kind, old_item, lang) for lang in LANGS] if old else []
        changes: dict[str, Any] = {}
        for key, (_attribute, parse) in spec.attributes.items():
            if key == "id" or not row.has(key):
                continue
            if old is not None and merge.unchanged(row, shown, kinds, [key]):
                continue
            value = row.parse(key, parse)
            if row.failed:
                continue
            changes[key] = value
        if row.failed:
            continue
        new = _entry(merge, row, register, spec, old_item, entry_id, changes)
        if new is not None and new != old_item:
            out.append((old_item, new))
    return out


def _entry(
    merge: _Merge,
    row: _Row,
    register: Register,
    spec: _Spec,
    old: Any,
    entry_id: str,
    changes: dict[str, Any],
) -> Any:
    """The entry with the row's changes: for goals a (field id, goal) pair."""
    values: dict[str, Any] = {}
    field_id = None
    for key, value in changes.items():
        attribute = spec.attributes[key][0]
        if register.kind == "goals" and key == "field":
            field_id = value
            continue
        if value is None:
            value = _WHEN_EMPTY.get(attribute)
        values[attribute] = value
    source = _data_source(merge.label, row.grid.sheet, row.number)
    if register.kind == "milestones" and old is not None and "planned" in values:
        plan = values.pop("planned")
        if plan is not None and plan != old.latest_plan:
            revision = MilestoneRevision(dt.date.today(), plan, (), source)
            values["revisions"] = (*old.revisions, revision)
    if register.kind == "milestones" and "actual" in values:
        values["actual_source"] = source if values["actual"] is not None else None
    if register.kind == "milestones" and old is None and values.get("planned") is not None:
        values["planned_source"] = source
    try:
        if old is None:
            id_attribute = spec.attributes["id"][0]
            fresh = {id_attribute: entry_id, **values}
            if spec.source is not None:
                fresh[spec.source] = source
            if register.kind == "goals":
                if field_id is None and "field" not in row.failed_keys:
                    row.bad("field", _BadValueError("required"))
                    return None
                return (field_id, Goal(**fresh))
            return spec.cls(**fresh)
        if register.kind == "goals":
            field, goal = old
            return (field_id or field.id, attrs.evolve(goal, **values) if values else goal)
        return attrs.evolve(old, **values) if values else old
    except (ValueError, TypeError) as exc:
        row.bad("id", _BadValueError("invalid", why=str(exc)))
        return None


def merge_registers(merge: _Merge, grids: Mapping[str, Grid]) -> Dataset:
    """The base data set with the rows of the register sheets in ``grids`` (by kind) applied;
    bad cells go to ``merge``. The registers are read in order, each against the data set with
    the ones before applied: a goal can name a field, a report a duty of the same file."""
    data = merge.base
    for register in REGISTERS:
        grid = grids.get(register.kind)
        if grid is None:
            continue
        spec = _specs(data)[register.kind]
        changed = _merge_register(merge, grid, register, spec, data)
        if changed and not merge.problems:
            data = _with_register(merge, grid, data, register.kind, changed)
    return data


def _with_register(
    merge: _Merge, grid: Grid, data: Dataset, kind: str, changed: list[tuple[Any, Any]]
) -> Dataset:
    """``data`` with the changed and new entries of the register ``kind``."""
    if kind in ("organizations", "purposes", "review_rules", "reports", "milestones"):
        entries: dict[str, Any] = {kind: _replaced(getattr(data, kind), changed, "id")}
        return attrs.evolve(data, **entries)
    concept = data.concept
    edition = concept.current if concept is not None else None
    if concept is None or edition is None:
        merge.problems.append(_no_concept(grid))
        return data
    if kind == "statuses":
        concept = attrs.evolve(concept, statuses=_replaced(concept.statuses, changed, "key"))
    else:
        fields = (
            _replaced(edition.fields, changed, "id")
            if kind == "fields"
            else _with_goals(edition.fields, changed)
        )
        edition = attrs.evolve(edition, fields=fields)
        concept = attrs.evolve(concept, editions=(*concept.editions[:-1], edition))
    return attrs.evolve(data, concept=concept)


def _replaced(items: Sequence[Any], changed: list[tuple[Any, Any]], key: str) -> tuple[Any, ...]:
    updated = {getattr(old, key): new for old, new in changed if old is not None}
    added = [new for old, new in changed if old is None]
    return tuple(updated.get(getattr(item, key), item) for item in items) + tuple(added)


def _with_goals(fields: tuple[Field, ...], changed: list[tuple[Any, Any]]) -> tuple[Field, ...]:
    """``fields`` with the changed and new goals: a goal whose field changed moves there."""
    if not changed:
        return fields
    moved = {old[1].id for old, _ in changed if old is not None}
    out = []
    for field in fields:
        kept = []
        for goal in field.goals:
            if goal.id not in moved:
                kept.append(goal)
                continue
            for old, (field_id, new) in changed:
                if old is not None and old[1].id == goal.id and field_id == field.id:
                    kept.append(new)  # stays in its place
        for old, (field_id, new) in changed:
            if field_id != field.id:
                continue
            if old is None or old[0].id != field.id:
                kept.append(new)
        out.append(attrs.evolve(field, goals=tuple(kept)) if kept != list(field.goals) else field)
    return tuple(out)


def _no_concept(grid: Grid) -> BadCell:
    number = grid.rows[0][0] if grid.rows else 2
    return BadCell(grid.sheet, number, "A", "ID", "", "no_concept")


# --- the sheet Info ------------------------------------------------------------------------------


def merge_info(merge: _Merge, grid: Grid, data: Dataset, as_of: dt.date | None = None) -> Dataset:
    """``data`` with the key figures of the sheet Info applied: a row is found by its item (in
    either language); an item that is not known, and a change of one that cannot be changed
    here, are bad cells."""
    labels: dict[str, str] = {}
    for item in INFO_ITEMS:
        for lang in LANGS:
            labels[text(item.key, lang).casefold()] = item.key
    ignored = {text("info.title", lang).casefold() for lang in LANGS} | {""}
    shown = [info_cells(merge.base, dt.date.today())]
    items = {item.key: item for item in INFO_ITEMS}
    values: dict[str, Any] = {}
    for number, cells in grid.rows:
        label = _show(cells[0] if cells else None).strip().casefold()
        raw = cells[1] if len(cells) > 1 else None
        if label in ignored:
            continue
        key = labels.get(label)
        if key is None:
            known = ", ".join(text(item.key, "de") for item in INFO_ITEMS)
            merge.problems.append(
                BadCell(
                    grid.sheet,
                    number,
                    "A",
                    "Angabe",
                    _show(cells[0]),
                    "unknown_item",
                    (("known", known),),
                )
            )
            continue
        item = items[key]
        before = [cells_[key] for cells_ in shown]
        forms = merge.forms((value, item.kind) for value in before)
        if key == "as_of" or canonical(raw) in forms:
            continue
        shown_row = Grid(grid.sheet, ("", _show(cells[0])), ())
        row = _Row(shown_row, number, (None, raw), {key: (1, _column(key))}, merge.problems)
        if not item.editable:
            row.bad(key, _BadValueError("read_only", value=canonical(before[0])))
            continue
        parser = {Kind.DATE: _date, Kind.INTEGER: _integer}.get(item.kind, _text)
        value = row.parse(key, parser)
        if not row.failed:
            values[key] = value
    if not values or merge.problems:
        return data
    try:
        return _with_info(merge, grid, data, values)
    except (ValueError, TypeError) as exc:
        merge.problems.append(
            BadCell(grid.sheet, 2, "B", "Wert", "", "invalid", (("why", str(exc)),))
        )
        return data


def _column(key: str) -> Column:
    return Column(key, Kind.TEXT, 0)


def _with_info(merge: _Merge, grid: Grid, data: Dataset, values: dict[str, Any]) -> Dataset:
    municipality = data.municipality
    if "municipality" in values:
        municipality = attrs.evolve(municipality, name=values["municipality"] or "")
    if "info.office" in values:
        municipality = attrs.evolve(municipality, office=values["info.office"] or "")
    concept: Concept | None = data.concept
    edition_keys = {
        "info.edition": "title",
        "info.adopted": "adopted",
        "info.declared_fields": "declared_fields",
        "info.declared_measures": "declared_measures",
    }
    edition_changes = {edition_keys[k]: v for k, v in values.items() if k in edition_keys}
    if (edition_changes or "concept" in values) and (concept is None or concept.current is None):
        merge.problems.append(_no_concept(grid))
        return data
    if concept is not None and "concept" in values:
        concept = attrs.evolve(concept, title=values["concept"] or "")
    if concept is not None and concept.current is not None and edition_changes:
        if edition_changes.get("title") is None and "title" in edition_changes:
            edition_changes["title"] = ""
        edition = attrs.evolve(concept.current, **edition_changes)
        concept = attrs.evolve(concept, editions=(*concept.editions[:-1], edition))
    return attrs.evolve(data, municipality=municipality, concept=concept)
