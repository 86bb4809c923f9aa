"""Properties of the three-way merge: pure (:func:`integrationkonzept.merge.merge`) and through a
workspace (:meth:`Workspace.merge` among ``set_status`` and ``revert``).

A base data set (the Leipzig example with status histories, costs and progress figures) is edited
on the workspace's side (``then`` → ``now``) and on the copy's side (``base`` → ``theirs``) by
random edits (``ws_strategies.edits``): a status or a dated progress figure appended, an undated
figure, a title or a cost changed, a measure or paper added, a measure withdrawn (workspace only).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from ws_strategies import (
    MERGE_DAYS,
    STATUS_KEYS,
    Edit,
    apply_edits,
    edits,
    focused_edits,
    leipzig_with_histories,
    progress_edits,
    with_measures,
)

from integrationkonzept import example as example_data
from integrationkonzept.calc.state import state_on
from integrationkonzept.merge import (
    Conflict,
    ConflictReason,
    Entry,
    MergeResult,
    ObjectKey,
    compose,
    entries,
    merge,
)
from integrationkonzept.model import (
    Dataset,
    Measure,
    MeasureCost,
    ProgressChange,
    Source,
    SourceKind,
    StatusChange,
)
from integrationkonzept.workspace import MergeConflictError, Workspace, WorkspaceError

Objects = dict[ObjectKey, Any]
#: Dated histories: the merge adds the entries the copy added.
HISTORIES: Final = ("status_history", "progress_history")


def already_there(change: Any, history: Sequence[Any]) -> bool:
    """Whether ``history`` has ``change`` already, from whatever source: the same status from the
    same day, or the same progress figure as its latest."""
    if isinstance(change, StatusChange):
        return any((c.date, c.status) == (change.date, change.status) for c in history)
    if isinstance(change, ProgressChange):
        return bool(history) and history[-1].value == change.value
    return change in history


def new_entries(t: Sequence[Any], b: Sequence[Any], w: Sequence[Any]) -> list[Any]:
    """The entries the copy added (``b`` → ``t``) that the workspace's history ``w`` lacks."""
    return [c for c in t if c not in b and not already_there(c, w)]


# --- reading results -----------------------------------------------------------------------------


def objects(data: Dataset | None) -> Objects:
    """The data set's objects by key."""
    return {} if data is None else {e.key: e.obj for e in entries(data)}


def merged_entries(now: Dataset, result: MergeResult) -> list[Entry]:
    """The entries of ``now`` with the changes of ``result`` put in."""
    found = {e.key: e for e in entries(now)}
    found.update({e.key: e for e in result.changes})
    return list(found.values())


def merged_objects(now: Dataset, result: MergeResult) -> Objects:
    return {e.key: e.obj for e in merged_entries(now, result)}


def by_year(costs: Iterable[MeasureCost]) -> dict[int, tuple[MeasureCost, ...]]:
    years: dict[int, tuple[MeasureCost, ...]] = {}
    for cost in costs:
        years[cost.fiscal_year] = (*years.get(cost.fiscal_year, ()), cost)
    return years


def _fields(obj: Any) -> list[str]:
    return [f.name for f in attrs.fields(type(obj))]


def assert_copy_changes_land_or_conflict(
    theirs: Dataset, base: Dataset, now: Dataset, result: MergeResult
) -> None:
    """Every value the copy changed is in the merged result, or its object has a conflict (and is
    then left exactly as the workspace has it)."""
    t_map, b_map, w_map = objects(theirs), objects(base), objects(now)
    merged = merged_objects(now, result)
    conflicted = {c.key for c in result.conflicts}
    for key, t in t_map.items():
        b, m = b_map.get(key), merged.get(key)
        if key in conflicted:
            assert m == w_map.get(key), f"{key}: has a conflict, but was changed"
            continue
        if b is None:
            assert m == t, f"{key}: new in the copy, but neither added nor a conflict"
            continue
        if t == b:
            continue
        assert m is not None, f"{key}: changed in the copy, gone without a conflict"
        for name in _fields(t):
            tv, bv, mv = getattr(t, name), getattr(b, name), getattr(m, name)
            if tv == bv:
                continue
            where = f"{key}.{name}"
            if name in HISTORIES:
                added = new_entries(tv, bv, getattr(w_map[key], name))
                assert all(c in mv for c in added), f"{where}: added entry lost: {added} {mv}"
            elif name == "costs":
                ts, bs, ms = by_year(tv), by_year(bv), by_year(mv)
                for year in set(ts) | set(bs):
                    if ts.get(year) != bs.get(year):
                        assert ms.get(year) == ts.get(year), f"{where}[{year}]: not merged"
            else:
                assert mv == tv, f"{where}: the copy's {tv!r} did not land (merged: {mv!r})"


def assert_nothing_else_changes(
    theirs: Dataset, base: Dataset, now: Dataset, result: MergeResult
) -> None:
    """What the copy did not change is as the workspace has it now; nothing is deleted; an
    object the workspace lacks comes only as an addition of the copy."""
    t_map, b_map, w_map = objects(theirs), objects(base), objects(now)
    merged = merged_objects(now, result)
    for key, w in w_map.items():
        m = merged.get(key)
        assert m is not None, f"{key}: deleted by the merge"
        t, b = t_map.get(key), b_map.get(key)
        if t is None or b is None or t == b:
            assert m == w, f"{key}: the copy did not change it, the merge did"
            continue
        for name in _fields(w):
            tv, bv, wv, mv = (getattr(o, name) for o in (t, b, w, m))
            where = f"{key}.{name}"
            if tv == bv:
                assert mv == wv, f"{where}: not changed in the copy, but {wv!r} → {mv!r}"
            elif name in HISTORIES:
                assert mv[: len(wv)] == wv, f"{where}: workspace's entries lost"
                assert all(c in tv for c in mv[len(wv) :]), f"{where}: entries from nowhere"
            elif name == "costs":
                ts, bs, ws, ms = by_year(tv), by_year(bv), by_year(wv), by_year(mv)
                for year in set(ts) | set(bs) | set(ws):
                    if ts.get(year) == bs.get(year):
                        assert ms.get(year) == ws.get(year), f"{where}[{year}]: changed"
                    else:
                        assert ms.get(year) in (ws.get(year), ts.get(year)), f"{where}[{year}]"
            else:
                assert mv in (wv, tv), f"{where}: {mv!r} is neither ours nor theirs"
    for key in merged.keys() - w_map.keys():
        assert key not in b_map, f"{key}: brought back though the workspace withdrew it"
        assert merged[key] == t_map[key], f"{key}: added, but not as the copy has it"


def assert_no_spurious_conflicts(
    theirs: Dataset, base: Dataset | None, then: Dataset | None, now: Dataset, result: MergeResult
) -> None:
    """A conflict names a value the copy changed, and (for a clash) one the workspace changed
    differently since; never one that could have landed."""
    t_map, b_map, w0_map, w_map = objects(theirs), objects(base), objects(then), objects(now)
    for conflict in result.conflicts:
        key = conflict.key
        t, b, w = t_map[key], b_map.get(key), w_map.get(key)
        w0 = w0_map.get(key, b)
        reason = conflict.reason
        if then is None:
            assert reason is ConflictReason.NO_BASE, conflict
            assert w is not None, conflict
            assert w != t, conflict
            if conflict.field:
                tv, wv = getattr(t, conflict.field), getattr(w, conflict.field)
                assert tv != wv, conflict
                assert b is None or tv != getattr(b, conflict.field), conflict
        elif reason is ConflictReason.REMOVED:
            assert b is not None, conflict
            assert t != b, conflict
            assert w is None, conflict
        elif reason is ConflictReason.ADDED_BOTH:
            assert b is None, conflict
            assert w is not None, conflict
            assert w != t, conflict
        elif reason is ConflictReason.BOTH_CHANGED:
            assert b is not None, conflict
            assert w is not None, conflict
            assert conflict.field, conflict
            _assert_both_changed(conflict, t, b, w0, w)
        elif reason is ConflictReason.ORDER:
            assert conflict.field in HISTORIES, conflict
            assert b is not None, conflict
            assert w is not None, conflict
            tv, bv, wv = (getattr(o, conflict.field) for o in (t, b, w))
            new = new_entries(tv, bv, wv)
            assert new, conflict
            assert wv, conflict
            assert new[0].date < wv[-1].date, conflict
        elif reason.name == "SHORTENED":  # the copy lacks entries of the base's history
            assert conflict.field in HISTORIES, conflict
            assert b is not None, conflict
            tv, bv = getattr(t, conflict.field), getattr(b, conflict.field)
            assert any(c not in tv for c in bv), conflict
        elif reason.name == "UNDATED":  # an undated figure where the workspace has dated ones
            assert conflict.field == "progress", conflict
            assert b is not None, conflict
            assert w is not None, conflict
            assert t.progress != b.progress, conflict
            assert t.progress_history == b.progress_history, conflict
            assert w.progress_history, conflict
        else:
            raise AssertionError(f"unexpected conflict {conflict}")


def assert_clashes_are_conflicts(
    theirs: Dataset, base: Dataset, then: Dataset, now: Dataset, result: MergeResult
) -> None:
    """A value changed on both sides to different values is a conflict (of its object); so is a
    status the copy added to a history the workspace changed since."""
    t_map, b_map, w0_map, w_map = objects(theirs), objects(base), objects(then), objects(now)
    conflicted = {c.key for c in result.conflicts}
    for key, t in t_map.items():
        b, w = b_map.get(key), w_map.get(key)
        if b is None or w is None or t == b:
            continue
        w0 = w0_map.get(key, b)
        for name in _fields(t):
            tv, bv, w0v, wv = (getattr(o, name) for o in (t, b, w0, w))
            if tv == bv or wv == w0v:
                continue
            if name in HISTORIES:
                clash = bool(new_entries(tv, bv, wv))
            elif name == "costs":
                ts, bs, w0s, ws = by_year(tv), by_year(bv), by_year(w0v), by_year(wv)
                clash = any(
                    ts.get(y) != bs.get(y) and ws.get(y) != w0s.get(y) and ts.get(y) != ws.get(y)
                    for y in set(ts) | set(bs)
                )
            else:
                clash = tv != wv
            assert not clash or key in conflicted, f"{key}.{name}: changed on both sides, merged"


def _assert_both_changed(conflict: Conflict, t: Any, b: Any, w0: Any, w: Any) -> None:
    name = conflict.field
    if name in ("progress", "progress_history"):
        # The figure and its dated history are one value: both sides changed it, differently.
        tp, bp, w0p, wp = ((o.progress, o.progress_history) for o in (t, b, w0, w))
        assert tp != bp, f"{conflict.key}: progress conflict, but the copy did not change it"
        assert wp != w0p, f"{conflict.key}: progress conflict, but the workspace did not change it"
        assert tp[0] != wp[0] or new_entries(tp[1], bp[1], wp[1]), f"{conflict.key}: same figure"
        return
    tv, bv, w0v, wv = (getattr(o, name) for o in (t, b, w0, w))
    if name == "costs":
        year = int(conflict.detail)
        tv, bv, w0v, wv = (by_year(v).get(year) for v in (tv, bv, w0v, wv))
    assert tv != bv, f"{conflict.key}.{name}: conflict, but the copy did not change it"
    assert wv != w0v, f"{conflict.key}.{name}: conflict, but the workspace did not change it"
    if name in HISTORIES:
        assert new_entries(tv, bv, wv), f"{conflict.key}: nothing new"
    else:
        assert tv != wv, f"{conflict.key}.{name}: both made the same change, yet a conflict"


# --- pure properties -----------------------------------------------------------------------------

_PURE: Final = settings(max_examples=150, deadline=None)


@_PURE
@given(leipzig_with_histories(), edits(workspace=True), edits(workspace=False))
def test_every_change_of_the_copy_lands_or_is_a_conflict(
    base: Dataset, ours: list[Edit], theirs_edits: list[Edit]
) -> None:
    now = apply_edits(base, ours)
    theirs = apply_edits(base, theirs_edits)
    result = merge(theirs, base=base, then=base, now=now)
    assert_merged_soundly(theirs, base, now, result)


def assert_merged_soundly(
    theirs: Dataset, base: Dataset, now: Dataset, result: MergeResult
) -> None:
    """The rules of the merge for a copy of ``base`` (which the workspace held then)."""
    assert_copy_changes_land_or_conflict(theirs, base, now, result)
    assert_nothing_else_changes(theirs, base, now, result)
    assert_no_spurious_conflicts(theirs, base, base, now, result)
    assert_clashes_are_conflicts(theirs, base, base, now, result)


def _progress(value: int | None, *dated: tuple[dt.date, int]) -> Dataset:
    """Leipzig with the first measure's progress figure ``value`` (dated by ``dated``)."""
    data = example_data("leipzig")
    assert data.concept is not None
    edition = data.concept.editions[-1]
    first, *others = edition.measures
    history = tuple(ProgressChange(day, Decimal(v)) for day, v in dated)
    figure = Decimal(value) if value is not None else None
    measure = attrs.evolve(first, progress=figure, progress_history=history)
    return with_measures(data, {edition.id: [measure, *others]})


_DAY: Final = dt.date(2021, 1, 1)


@_PURE
@given(leipzig_with_histories(), progress_edits(), progress_edits())
# The workspace changed the undated figure since (none → 50), the copy dates another one (80).
@example(
    _progress(None),
    [Edit("progress", "2020", "befragung-2020", (_DAY, Decimal(50), False))],
    [Edit("progress", "2020", "befragung-2020", (_DAY, Decimal(80), True))],
)
# The workspace changed the undated figure since (50 → 80), the copy only dates the old one (50).
@example(
    _progress(50),
    [Edit("progress", "2020", "befragung-2020", (_DAY, Decimal(80), False))],
    [Edit("progress", "2020", "befragung-2020", (_DAY, Decimal(50), True))],
)
# The workspace dated its figure since (50 from 01.01.2021), the copy changes it undated (80).
@example(
    _progress(50),
    [Edit("progress", "2020", "befragung-2020", (_DAY, Decimal(50), True))],
    [Edit("progress", "2020", "befragung-2020", (_DAY, Decimal(80), False))],
)
def test_progress_figures_merge_by_the_same_rules(
    base: Dataset, ours: list[Edit], theirs_edits: list[Edit]
) -> None:
    now = apply_edits(base, ours)
    theirs = apply_edits(base, theirs_edits)
    assert_merged_soundly(theirs, base, now, merge(theirs, base=base, then=base, now=now))


@_PURE
@given(leipzig_with_histories(), edits(workspace=True), edits(workspace=False))
def test_a_merge_without_conflicts_is_idempotent(
    base: Dataset, ours: list[Edit], theirs_edits: list[Edit]
) -> None:
    now = apply_edits(base, ours)
    theirs = apply_edits(base, theirs_edits)
    first = merge(theirs, base=base, then=base, now=now)
    if first.conflicts:
        return
    merged = compose(merged_entries(now, first))  # what was merged makes a data set
    assert objects(merged) == merged_objects(now, first)
    again = merge(theirs, base=base, then=base, now=merged)
    assert again.changes == ()
    assert again.conflicts == ()


@_PURE
@given(leipzig_with_histories(), edits(workspace=True))
def test_an_unchanged_copy_changes_nothing(base: Dataset, ours: list[Edit]) -> None:
    now = apply_edits(base, ours)
    assert merge(base, base=base, then=base, now=now) == MergeResult((), ())
    # Equally a copy that is what the workspace holds now, made from an older state.
    assert merge(now, base=now, then=base, now=now) == MergeResult((), ())


@_PURE
@given(leipzig_with_histories(), edits(workspace=False))
def test_into_an_untouched_workspace_the_copy_lands_whole(
    base: Dataset, theirs_edits: list[Edit]
) -> None:
    """Every change lands, but for history entries the base has already."""
    theirs = apply_edits(base, theirs_edits)
    result = merge(theirs, base=base, then=base, now=base)
    assert result.conflicts == ()
    expected = {
        key: without_repeats(t, b) if isinstance(t, Measure) and isinstance(b, Measure) else t
        for key, t in objects(theirs).items()
        for b in [objects(base).get(key)]
    }
    assert merged_objects(base, result) == expected
    compose(merged_entries(base, result))


def without_repeats(t: Measure, b: Measure) -> Measure:
    """``t`` without the entries it added to ``b``'s histories that ``b`` has already (the same
    status from the same day, the same progress figure as the latest, from whatever source):
    they are nothing new."""
    statuses = (
        *b.status_history,
        *new_entries(t.status_history, b.status_history, b.status_history),
    )
    figures = (
        *b.progress_history,
        *new_entries(t.progress_history, b.progress_history, b.progress_history),
    )
    progress = t.progress
    if t.progress_history != b.progress_history:  # the dated figures carry the figure
        progress = figures[-1].value if figures != b.progress_history else b.progress
    return attrs.evolve(t, status_history=statuses, progress=progress, progress_history=figures)


@_PURE
@given(leipzig_with_histories(), edits(workspace=True), edits(workspace=False), st.booleans())
def test_without_a_base_revision_only_new_objects_are_added(
    base: Dataset, ours: list[Edit], theirs_edits: list[Edit], known_base: bool
) -> None:
    """Without a base revision (a foreign sheet; a copy whose base is known but not the
    workspace's state at that time) the copy may only add objects; every value it would change
    on an object the workspace has (and, with a base, that it changed) is refused."""
    now = apply_edits(base, ours)
    theirs = apply_edits(base, theirs_edits)
    given_base = base if known_base else None
    result = merge(theirs, base=given_base, then=None, now=now)
    t_map, b_map, w_map = objects(theirs), objects(given_base), objects(now)

    def copied(key: ObjectKey) -> bool:  # the copy has it as its base had it
        return key in b_map and b_map[key] == t_map[key]

    for change in result.changes:
        assert change.key not in w_map, f"{change.key}: changed without a base revision"
        assert change.obj == t_map[change.key]
    assert {c.key for c in result.changes} == {
        k for k in t_map.keys() - w_map.keys() if not copied(k)
    }
    refused = {k for k in t_map.keys() & w_map.keys() if t_map[k] != w_map[k] and not copied(k)}
    assert {c.key for c in result.conflicts} == refused
    for key in refused:
        t, w, b = t_map[key], w_map[key], b_map.get(key)
        fields = {
            name
            for name in _fields(t)
            if getattr(t, name) != getattr(w, name)
            and (b is None or getattr(t, name) != getattr(b, name))
        }
        named = {c.field for c in result.conflicts if c.key == key}
        assert named == (fields or {""}), f"{key}: refused {named}, changed {fields}"
    assert_no_spurious_conflicts(theirs, given_base, None, now, result)
    compose(merged_entries(now, result))  # additions make a data set with what is there


# --- through a workspace -------------------------------------------------------------------------


@attrs.frozen
class SetStatus:
    measure: int
    day: dt.date
    status: str


@attrs.frozen
class MergeCopy:
    """Merge a copy exported at an earlier revision (``at`` picks which), edited by ``edits``;
    with ``as_of`` the copy was exported as of that day (a workbook with ``--as-of``), with
    ``carried`` the copy brings its base (a workbook) rather than only its revision (CSV)."""

    at: int
    edits: list[Edit]
    as_of: dt.date | None
    carried: bool


@attrs.frozen
class Revert:
    back: int


_STEP_SOURCE: Final = Source(SourceKind.DATA, "Schritt")

steps = st.lists(
    st.one_of(
        st.builds(
            SetStatus,
            st.integers(min_value=0, max_value=10),
            st.sampled_from(MERGE_DAYS),
            st.sampled_from(STATUS_KEYS),
        ),
        st.builds(
            MergeCopy,
            st.integers(min_value=0, max_value=10),
            st.one_of(st.lists(focused_edits(), min_size=1, max_size=3), edits(workspace=False)),
            st.one_of(st.none(), st.sampled_from(MERGE_DAYS)),
            st.booleans(),
        ),
        st.builds(Revert, st.integers(min_value=0, max_value=2)),
    ),
    min_size=1,
    max_size=8,
)


def _current_measures(data: Dataset) -> dict[tuple[str, str], Measure]:
    assert data.concept is not None
    return {(e.id, m.id): m for e in data.concept.editions for m in e.measures}


def _step_set_status(ws: Workspace, step: SetStatus) -> None:
    before = ws.state()
    count = len(ws.revisions())
    assert before.concept is not None
    assert before.concept.current is not None
    edition = before.concept.current
    if not edition.measures:
        return
    measure = edition.measures[step.measure % len(edition.measures)]
    last = measure.status_history[-1].date if measure.status_history else None
    try:
        revision = ws.set_status(
            measure.id, step.status, day=step.day, author="a", source=_STEP_SOURCE
        )
    except WorkspaceError:
        event("set_status: refused")
        assert last is not None, "set_status refused a first status"
        assert step.day < last, "set_status refused a valid status"
        assert ws.state() == before
        assert len(ws.revisions()) == count
        return
    assert last is None or step.day >= last, "set_status took a status out of order"
    assert revision == ws.last_revision() == count + 1
    assert len(ws.revisions()) == count + 1
    key = ObjectKey("measure", edition.id, measure.id)
    change = StatusChange(step.day, step.status, _STEP_SOURCE)
    expected = objects(before)
    expected[key] = attrs.evolve(measure, status_history=(*measure.status_history, change))
    assert objects(ws.state()) == expected


def _step_merge(ws: Workspace, step: MergeCopy) -> None:
    before = ws.state()
    count = len(ws.revisions())
    revision = 1 + step.at % ws.last_revision()
    then = ws.at_revision(revision)
    base = state_on(then, step.as_of) if step.as_of is not None else then
    theirs = apply_edits(base, step.edits)
    expected = merge(theirs, base=base, then=then, now=before)
    assert_no_spurious_conflicts(theirs, base, then, before, expected)
    assert_clashes_are_conflicts(theirs, base, then, before, expected)
    refused: MergeConflictError | None = None
    try:
        landed = ws.merge(
            theirs,
            base=base if step.carried or step.as_of is not None else None,
            base_revision=revision,
            author="k",
            source="Kopie",
        )
    except MergeConflictError as exc:
        refused = exc
    if refused is not None:
        event("merge: refused with conflicts")
        assert refused.conflicts, "refused without a conflict"
        assert tuple(c.conflict for c in refused.conflicts) == expected.conflicts
        assert ws.state() == before, "a refused merge changed the workspace"
        assert len(ws.revisions()) == count
        return
    assert expected.conflicts == (), "the workspace took a copy with conflicts"
    after = ws.state()
    event("merge: nothing to do" if landed is None else "merge: landed")
    if landed is None:
        assert expected.changes == ()
        assert after == before
        assert len(ws.revisions()) == count
        return
    assert landed == ws.last_revision() == count + 1
    assert len(ws.revisions()) == count + 1
    assert objects(after) == merged_objects(before, expected)
    after_result = MergeResult(tuple(e for e in entries(after)), ())
    assert_copy_changes_land_or_conflict(theirs, base, before, after_result)
    assert_nothing_else_changes(theirs, base, before, after_result)


def _step_revert(ws: Workspace, step: Revert) -> None:
    last = ws.last_revision()
    target = last - step.back
    if target < 2:  # the first revision made the workspace; taking it back empties it
        return
    before = ws.state()
    count = len(ws.revisions())
    try:
        revision = ws.revert(target, author="r", reason="falsch erfasst")
    except WorkspaceError:
        event("revert: refused")
        assert ws.state() == before
        assert len(ws.revisions()) == count
        return
    event("revert: done")
    assert revision == ws.last_revision() == count + 1
    if target == last:
        assert objects(ws.state()) == objects(ws.at_revision(target - 1))


def _assert_history_keeps_everything(
    ws: Workspace, seen: dict[tuple[str, str], set[StatusChange]]
) -> None:
    current = _current_measures(ws.state())
    for (scope, measure_id), measure in current.items():
        seen.setdefault((scope, measure_id), set()).update(measure.status_history)
    for (scope, measure_id), changes in seen.items():
        history = ws.history(measure_id, edition=scope)
        listed = [h.change for h in history]
        assert changes <= set(listed), f"{scope}/{measure_id}: history lost {changes - set(listed)}"
        standing = current.get((scope, measure_id))
        for change in set(listed):  # one entry that stands for each status that stands
            stands = standing is not None and change in standing.status_history
            open_entries = [h for h in history if h.change == change and h.superseded_by is None]
            assert len(open_entries) == (1 if stands else 0), (change, history)
        assert [(h.change.date, h.revision.id) for h in history] == sorted(
            (h.change.date, h.revision.id) for h in history
        )


@settings(max_examples=60, deadline=None)
@given(leipzig_with_histories(costs=True), steps)
def test_workspace_merges_land_whole_or_not_at_all(
    data: Dataset, plan: list[SetStatus | MergeCopy | Revert]
) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        Workspace.create(Path(tmp) / "ws.sqlite", data, author="t", source="s") as ws,
    ):
        seen: dict[tuple[str, str], set[StatusChange]] = {}
        _assert_history_keeps_everything(ws, seen)
        for step in plan:
            if isinstance(step, SetStatus):
                _step_set_status(ws, step)
            elif isinstance(step, MergeCopy):
                _step_merge(ws, step)
            else:
                _step_revert(ws, step)
            assert objects(ws.at_revision(ws.last_revision())) == objects(ws.state())
            _assert_history_keeps_everything(ws, seen)


def test_without_a_base_revision_a_change_the_workspace_has_already_is_no_conflict() -> None:
    """The copy retitles a measure as the workspace did since; another field differs only
    because the workspace changed it, which the copy did not touch: nothing to refuse."""
    base = example_data("leipzig")
    concept = base.concept
    assert concept is not None
    current = concept.current
    assert current is not None
    measure = current.measures[0]
    key = ObjectKey("measure", current.id, measure.id)

    def with_measure(changed: Measure) -> Dataset:
        edition = attrs.evolve(current, measures=(changed, *current.measures[1:]))
        editions = (*concept.editions[:-1], edition)
        return attrs.evolve(base, concept=attrs.evolve(concept, editions=editions))

    now = with_measure(attrs.evolve(measure, title="Neu", description="im Arbeitsbereich"))
    theirs = with_measure(attrs.evolve(measure, title="Neu"))
    result = merge(theirs, base=base, then=None, now=now)
    assert result == MergeResult((), ())
    # The same copy with another title is refused for the title alone.
    theirs = with_measure(attrs.evolve(measure, title="Anders"))
    conflicts = merge(theirs, base=base, then=None, now=now).conflicts
    assert [(c.key, c.field) for c in conflicts] == [(key, "title")]
