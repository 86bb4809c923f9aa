"""A data set as keyed objects, and the three-way merge of an edited copy into a workspace.

Identity is never taken from splitting a string: every object is named by a :class:`ObjectKey`
of three separate parts (kind, scope, key). Only a measure has a scope, the id of its edition, so
``M1`` of edition ``2020`` and ``M1`` of edition ``2012`` are two objects, whatever characters
either id holds.

:func:`merge` is pure. It takes the copy a user edited (``theirs``, e.g. a workbook read back),
the data set it was made from (``base``), what the workspace held at that moment (``then``) and
what it holds now (``now``):

* a value that differs from ``base`` is the user's change and lands;
* a value equal to ``base`` never overwrites what changed in the workspace since;
* a value changed on both sides (to different values) is a :class:`Conflict`.

Without a base revision (a template, a foreign sheet) new objects may be added, and every change
to an object the workspace already has is refused as a conflict, saying why.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from .model.budget import BudgetLine, Purpose
from .model.concept import (
    Concept,
    Measure,
    MeasureCost,
    Municipality,
    Organization,
    ProgressChange,
    StatusChange,
)
from .model.council import Paper
from .model.dataset import Dataset
from .model.periods import BudgetCadence
from .model.review import Milestone, Report, ReviewRule

__all__ = [
    "KINDS",
    "Conflict",
    "ConflictReason",
    "Entry",
    "MergeResult",
    "ObjectKey",
    "compose",
    "entries",
    "merge",
    "unsupported_ids",
]

#: One object for a data set: its municipality, its cadence, the concept without its measures.
SINGLE: Final[Mapping[str, type[Any]]] = {
    "municipality": Municipality,
    "budget_cadence": BudgetCadence,
    "concept": Concept,
}
#: Many objects, each with its own id: kind → (field of the data set, class).
MANY: Final[Mapping[str, tuple[str, type[Any]]]] = {
    "organization": ("organizations", Organization),
    "purpose": ("purposes", Purpose),
    "budget_line": ("budget_lines", BudgetLine),
    "review_rule": ("review_rules", ReviewRule),
    "report": ("reports", Report),
    "milestone": ("milestones", Milestone),
    "paper": ("papers", Paper),
}
#: Every kind of object and its class.
KINDS: Final[Mapping[str, type[Any]]] = {
    **SINGLE,
    "measure": Measure,
    **{kind: cls for kind, (_field, cls) in MANY.items()},
}

#: The key of the single objects (there is one of each).
SINGLE_KEY: Final = "-"


@attrs.frozen(order=True)
class ObjectKey:
    """Which object: its kind, its scope (a measure's edition id, else empty) and its own id."""

    kind: str
    scope: str
    key: str

    def describe(self) -> str:
        """How a message names the object."""
        if self.kind == "measure":
            return f"Maßnahme „{self.key}“ (Fassung „{self.scope}“)"
        if self.key == SINGLE_KEY:
            return _KIND_NAMES.get(self.kind, self.kind)
        return f"{_KIND_NAMES.get(self.kind, self.kind)} „{self.key}“"


_KIND_NAMES: Final = {
    "municipality": "Stadt",
    "budget_cadence": "Haushaltsrhythmus",
    "concept": "Konzept",
    "measure": "Maßnahme",
    "organization": "Organisation",
    "purpose": "Zweck",
    "budget_line": "Haushaltszeile",
    "review_rule": "Berichtspflicht",
    "report": "Bericht",
    "milestone": "Meilenstein",
    "paper": "Vorlage",
}


@attrs.frozen
class Entry:
    """One object of a data set, with its key and its position among its kind."""

    key: ObjectKey
    ordinal: int
    obj: Any


def _object_key(kind: str, obj: Any, scope: str = "") -> ObjectKey:
    own = obj.reference if kind == "paper" else obj.id
    return ObjectKey(kind, scope, str(own))


def entries(data: Dataset) -> Iterator[Entry]:
    """The data set as keyed objects; measures apart from their edition."""
    yield Entry(ObjectKey("municipality", "", SINGLE_KEY), 0, data.municipality)
    yield Entry(ObjectKey("budget_cadence", "", SINGLE_KEY), 0, data.budget_cadence)
    if data.concept is not None:
        yield Entry(ObjectKey("concept", "", SINGLE_KEY), 0, bare_concept(data.concept))
        for edition in data.concept.editions:
            for ordinal, measure in enumerate(edition.measures):
                yield Entry(_object_key("measure", measure, edition.id), ordinal, measure)
    for kind, (field, _cls) in MANY.items():
        for ordinal, obj in enumerate(getattr(data, field)):
            yield Entry(_object_key(kind, obj), ordinal, obj)


def unsupported_ids(data: Dataset) -> list[str]:
    """What names an object in a way a spreadsheet cell cannot keep apart from another name:
    white space at either end, or characters that are not printable (control characters, line
    breaks). Such an id would come back from a workbook as another object's id."""
    found = []
    named = [(e.key, e.key.key) for e in entries(data) if e.key.key != SINGLE_KEY]
    if data.concept is not None:
        named += [(ObjectKey("edition", "", e.id), e.id) for e in data.concept.editions]
    for key, value in named:
        if value != value.strip() or not value.isprintable():
            found.append(f"{_KIND_NAMES.get(key.kind, 'Fassung')} {value!r}")
    return found


def bare_concept(concept: Concept) -> Concept:
    """The concept without the measures of its editions (they are objects of their own)."""
    return attrs.evolve(
        concept, editions=tuple(attrs.evolve(e, measures=()) for e in concept.editions)
    )


class CompositionError(ValueError):
    """The objects do not make a data set (e.g. measures of an edition the concept lacks)."""


def compose(objects: Iterable[Entry]) -> Dataset:
    """The data set made of ``objects`` (each kind in the order of its ordinals, then keys).

    Measures of an edition the concept does not have are an error, never dropped.
    """
    ordered = sorted(objects, key=lambda e: (e.key.kind, e.ordinal, e.key.scope, e.key.key))
    singles: dict[str, Any] = {}
    many: dict[str, list[Any]] = {field: [] for field, _ in MANY.values()}
    measures: dict[str, list[Measure]] = {}
    for entry in ordered:
        kind = entry.key.kind
        if kind in SINGLE:
            singles[kind] = entry.obj
        elif kind == "measure":
            measures.setdefault(entry.key.scope, []).append(entry.obj)
        else:
            many[MANY[kind][0]].append(entry.obj)
    if "municipality" not in singles or "budget_cadence" not in singles:
        raise CompositionError("keine Stadt oder kein Haushaltsrhythmus")
    concept: Concept | None = singles.get("concept")
    editions = {e.id for e in concept.editions} if concept is not None else set()
    orphans = sorted(set(measures) - editions)
    if orphans:
        raise CompositionError(
            "Maßnahmen zu Fassungen, die das Konzept nicht hat: "
            + ", ".join(f"„{scope}“" for scope in orphans)
        )
    if concept is not None:
        concept = attrs.evolve(
            concept,
            editions=tuple(
                attrs.evolve(e, measures=tuple(measures.get(e.id, ()))) for e in concept.editions
            ),
        )
    return Dataset(
        municipality=singles["municipality"],
        budget_cadence=singles["budget_cadence"],
        concept=concept,
        **{field: tuple(items) for field, items in many.items()},
    )


class ConflictReason(enum.Enum):
    """Why a change cannot land."""

    BOTH_CHANGED = "both"  # changed in the copy and in the workspace since the base
    ADDED_BOTH = "added"  # new in the copy, but the workspace has an object of that id since
    REMOVED = "removed"  # changed in the copy, withdrawn in the workspace since
    NO_BASE = "no-base"  # the copy has no base, and the workspace already has this object
    ORDER = "order"  # a new status would begin before the workspace's latest one
    SHORTENED = "shortened"  # the copy lacks entries of a history (imports only add to one)
    UNDATED = "undated"  # an undated progress figure where the workspace keeps dated ones
    INVALID = "invalid"  # the merged object breaks a rule of the model


@attrs.frozen
class Conflict:
    """A change that cannot land: which object, which field (empty for the whole object), the
    copy's value and the workspace's value, and why."""

    key: ObjectKey
    field: str
    detail: str
    theirs: Any
    ours: Any
    reason: ConflictReason


@attrs.frozen
class MergeResult:
    """What to write (new versions by key, with their ordinal for new objects) or the conflicts.

    With any conflict, nothing may be written."""

    changes: tuple[Entry, ...]
    conflicts: tuple[Conflict, ...]


def merge(
    theirs: Dataset, *, base: Dataset | None, then: Dataset | None, now: Dataset
) -> MergeResult:
    """Merge the edited copy ``theirs`` into the workspace's ``now``.

    ``base`` is the data set the copy was made from (``None`` when unknown) and ``then`` the
    workspace's data set at that moment (``None`` when the copy names no revision of the
    workspace: then only what the copy changed against ``base``, or everything without one, is
    looked at, and it may only add objects).
    """
    theirs_map = {e.key: e for e in entries(theirs)}
    base_map = {e.key: e.obj for e in entries(base)} if base is not None else None
    then_map = {e.key: e.obj for e in entries(then)} if then is not None else {}
    now_map = {e.key: e for e in entries(now)}
    next_ordinal: dict[tuple[str, str], int] = {}
    for entry in now_map.values():
        group = (entry.key.kind, entry.key.scope)
        next_ordinal[group] = max(next_ordinal.get(group, 0), entry.ordinal + 1)

    changes: list[Entry] = []
    conflicts: list[Conflict] = []
    for key in sorted(theirs_map):
        t = theirs_map[key].obj
        w_entry = now_map.get(key)
        w = w_entry.obj if w_entry is not None else None
        b = base_map.get(key) if base_map is not None else None
        if then is None:  # no base revision: what changed in the workspace since is unknown
            if b is not None and t == b:
                continue
            if w is None:
                changes.append(Entry(key, _take(next_ordinal, key), t))
            elif w != t:
                conflicts.extend(_refusals(key, b, t, w))
            continue
        if b is None:
            if w is None:
                changes.append(Entry(key, _take(next_ordinal, key), t))
            elif w != t:
                conflicts.append(Conflict(key, "", "", t, w, ConflictReason.ADDED_BOTH))
            continue
        if t == b:
            continue
        if w is None:
            conflicts.append(Conflict(key, "", "", t, None, ConflictReason.REMOVED))
            continue
        w0 = then_map.get(key, b)
        merged, found = _merge_object(key, b, t, w0, w)
        conflicts.extend(found)
        if not found and merged != w:
            assert w_entry is not None
            changes.append(Entry(key, w_entry.ordinal, merged))
    return MergeResult(tuple(changes), tuple(conflicts))


def _refusals(key: ObjectKey, b: Any, t: Any, w: Any) -> list[Conflict]:
    """The fields a copy without a base revision would change on an object the workspace has."""
    cls = type(w)
    if type(t) is cls and attrs.has(cls) and (b is None or type(b) is cls):
        # Only what the copy changed counts: a field it left as shown is not its change, even
        # where the workspace differs.
        return [
            Conflict(
                key, f.name, "", getattr(t, f.name), getattr(w, f.name), ConflictReason.NO_BASE
            )
            for f in attrs.fields(cls)
            if getattr(t, f.name) != getattr(w, f.name)
            and (b is None or getattr(t, f.name) != getattr(b, f.name))
        ]
    return [Conflict(key, "", "", t, w, ConflictReason.NO_BASE)]


def _take(next_ordinal: dict[tuple[str, str], int], key: ObjectKey) -> int:
    group = (key.kind, key.scope)
    ordinal = next_ordinal.get(group, 0)
    next_ordinal[group] = ordinal + 1
    return ordinal


def _merge_object(key: ObjectKey, b: Any, t: Any, w0: Any, w: Any) -> tuple[Any, list[Conflict]]:
    """Field by field: the copy's changes onto ``w``, or the fields changed on both sides."""
    cls = type(w)
    if type(t) is not cls or type(b) is not cls or not attrs.has(cls):
        return _merge_value(key, "", "", b, t, w0, w)
    changed: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for field in attrs.fields(cls):
        name = field.name
        if cls is Measure and name in _PROGRESS:
            continue  # merged together below
        bv, tv, w0v, wv = (getattr(o, name) for o in (b, t, w0, w))
        if tv == bv:
            continue
        if name == "status_history":
            value, found = _merge_history(key, name, bv, tv, w0v, wv)
        elif name == "costs":
            value, found = _merge_costs(key, bv, tv, w0v, wv)
        else:
            value, found = _merge_value(key, name, "", bv, tv, w0v, wv)
        conflicts.extend(found)
        if not found and value != wv:
            changed[field.alias if field.alias else name] = value
    if cls is Measure:
        progress, found = _merge_progress(key, b, t, w0, w)
        changed.update(progress)
        conflicts.extend(found)
    if conflicts or not changed:
        return w, conflicts
    try:
        return attrs.evolve(w, **changed), []
    except (ValueError, TypeError) as exc:
        return w, [Conflict(key, "", str(exc), t, w, ConflictReason.INVALID)]


#: A measure's progress: the figure and its dated history, one value for the merge.
_PROGRESS: Final = ("progress", "progress_history")


def _merge_progress(
    key: ObjectKey, b: Measure, t: Measure, w0: Measure, w: Measure
) -> tuple[dict[str, Any], list[Conflict]]:
    """The copy's new progress figure onto ``w``: dated figures are added to the history (the last
    one is the figure), an undated one replaces an undated one. A figure the workspace changed
    since (dated or not) is a conflict, unless both say the same."""
    if (t.progress, t.progress_history) == (b.progress, b.progress_history):
        return {}, []
    if t.progress == w.progress and (
        t.progress_history == b.progress_history
        or all(
            _already(c, w.progress_history)
            for c in t.progress_history
            if c not in b.progress_history
        )
    ):
        return {}, []  # the workspace says the same already
    if (w.progress, w.progress_history) != (w0.progress, w0.progress_history):
        return {}, [
            Conflict(
                key,
                "progress_history",
                "",
                t.progress_history or t.progress,
                w.progress_history or w.progress,
                ConflictReason.BOTH_CHANGED,
            )
        ]
    if t.progress_history == b.progress_history:  # an undated figure
        if w.progress_history:
            return {}, [
                Conflict(key, "progress", "", t.progress, w.progress, ConflictReason.UNDATED)
            ]
        return {"progress": t.progress}, []
    history, found = _merge_history(
        key,
        "progress_history",
        b.progress_history,
        t.progress_history,
        w0.progress_history,
        w.progress_history,
    )
    if found:
        return {}, found
    return {"progress_history": history, "progress": history[-1].value if history else None}, []


def _merge_value(
    key: ObjectKey, field: str, detail: str, b: Any, t: Any, w0: Any, w: Any
) -> tuple[Any, list[Conflict]]:
    if t in (b, w):
        return w, []
    if w == w0:
        return t, []
    return w, [Conflict(key, field, detail, t, w, ConflictReason.BOTH_CHANGED)]


def _merge_history(
    key: ObjectKey,
    name: str,
    b: Sequence[Any],
    t: Sequence[Any],
    w0: Sequence[Any],
    w: Sequence[Any],
) -> tuple[Any, list[Conflict]]:
    """The entries the copy added go after the workspace's. A history is never shortened by an
    import (that is what a correction is for): a copy that lacks entries is a conflict."""
    added = [change for change in t if change not in b]
    if any(change not in t for change in b):
        return w, [Conflict(key, name, "", tuple(t), tuple(w), ConflictReason.SHORTENED)]
    # An entry the workspace has already (the same status from the same day, or the same
    # progress figure as its latest), from whatever source, is nothing new.
    new = [change for change in added if not _already(change, w)]
    if not new:
        return tuple(w), []
    if tuple(w) != tuple(w0):
        return w, [Conflict(key, name, "", tuple(t), tuple(w), ConflictReason.BOTH_CHANGED)]
    if w and new[0].date < w[-1].date:
        return w, [Conflict(key, name, "", tuple(t), tuple(w), ConflictReason.ORDER)]
    return (*w, *new), []


def _already(change: Any, history: Sequence[Any]) -> bool:
    if isinstance(change, StatusChange):
        return any((c.date, c.status) == (change.date, change.status) for c in history)
    if isinstance(change, ProgressChange):
        return bool(history) and history[-1].value == change.value
    return change in history


def _merge_costs(
    key: ObjectKey,
    b: Sequence[MeasureCost],
    t: Sequence[MeasureCost],
    w0: Sequence[MeasureCost],
    w: Sequence[MeasureCost],
) -> tuple[Any, list[Conflict]]:
    """Costs per fiscal year: a change to one year does not clash with a change to another."""

    def by_year(costs: Sequence[MeasureCost]) -> dict[int, tuple[MeasureCost, ...]]:
        years: dict[int, tuple[MeasureCost, ...]] = {}
        for cost in costs:
            years[cost.fiscal_year] = (*years.get(cost.fiscal_year, ()), cost)
        return years

    bs, ts, w0s, ws = by_year(b), by_year(t), by_year(w0), by_year(w)
    merged = dict(ws)
    conflicts: list[Conflict] = []
    for year in sorted(set(bs) | set(ts)):
        value, found = _merge_value(
            key, "costs", str(year), bs.get(year), ts.get(year), w0s.get(year), ws.get(year)
        )
        conflicts.extend(found)
        if value is None:
            merged.pop(year, None)
        else:
            merged[year] = value
    return tuple(cost for year in sorted(merged) for cost in merged[year]), conflicts
