"""Hypothesis strategies for the workspace's property tests: the Leipzig example with status
histories and costs on its measures, edits of a data set, and ids with awkward characters.

Every data set starts from ``example("leipzig")`` so that reports, workbooks and workspaces have a
real city, concept and budget around the generated parts. :func:`edits` are changes made to a data
set on one side of a merge (a status or a progress figure appended, an undated figure, a title or
a cost changed, a measure or paper added, a measure withdrawn), drawn from small pools so that
both sides often touch the same value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from integrationkonzept import example
from integrationkonzept.merge import Entry, ObjectKey, compose, entries
from integrationkonzept.model import (
    Concept,
    Dataset,
    Measure,
    MeasureCost,
    Money,
    Paper,
    ProgressChange,
    Source,
    SourceKind,
    StatusChange,
)

__all__ = [
    "EDITIONS",
    "HOSTILE_IDS",
    "MERGE_DAYS",
    "STATUS_KEYS",
    "Edit",
    "apply_edits",
    "datasets_with_ids",
    "days",
    "edits",
    "focused_edits",
    "histories",
    "hostile_ids",
    "leipzig_with_histories",
    "measure_costs",
    "progress_edits",
    "progress_histories",
    "renamed",
    "with_measures",
]

_LEIPZIG: Final = example("leipzig")
assert _LEIPZIG.concept is not None
#: The status keys of the Leipzig concept's vocabulary.
STATUS_KEYS: Final = tuple(status.key for status in _LEIPZIG.concept.statuses)
#: The ids of the Leipzig concept's editions (the last one is in force).
EDITIONS: Final = tuple(edition.id for edition in _LEIPZIG.concept.editions)

#: Ids that break code which takes identity apart from a string, or writes it carelessly.
HOSTILE_IDS: Final = (
    "a/b",
    "b",
    "a",
    "x/a",
    "x",
    "a b",
    " a",
    "Straße-Ärger",
    "</script>",
    "<script>alert(1)</script>",
    "\"'",
    "a;b",
    "a\nb",
    "-a",
    "--help",
    "=1+1",
    "'=1",
    "1.0",
    "1",
    "%s",
    "../x",
    "a\\b",
)


def _day(offset: int) -> dt.date:
    return dt.date(2019, 1, 1) + dt.timedelta(days=offset)


#: Days from 2019 to 2024, in a few months' steps, so that histories share dates often.
days: Final = st.integers(min_value=0, max_value=6 * 365).map(_day)
#: Progress figures (``None``: no figure).
_PROGRESS: Final = (None, Decimal(50), Decimal(80))


@st.composite
def histories(draw: st.DrawFn, tag: str = "", max_size: int = 3) -> tuple[StatusChange, ...]:
    """A status history in date order from the Leipzig vocabulary. Each entry has a source and a
    note with a token of its own (``BelegQ<tag><n>Z``/``VermerkQ<tag><n>Z``) that a test can look
    for in an output."""
    dates = sorted(draw(st.lists(days, max_size=max_size)))
    return tuple(
        StatusChange(
            day,
            draw(st.sampled_from(STATUS_KEYS)),
            Source(SourceKind.REPORT, f"BelegQ{tag}{n}Z", date=day),
            f"VermerkQ{tag}{n}Z",
        )
        for n, day in enumerate(dates)
    )


@st.composite
def measure_costs(draw: st.DrawFn) -> tuple[MeasureCost, ...]:
    """At most two costs, in order of their fiscal year."""
    years = sorted(draw(st.sets(st.integers(min_value=2020, max_value=2023), max_size=2)))
    return tuple(
        MeasureCost(year, Money.from_cents(draw(st.integers(min_value=0, max_value=10**8))))
        for year in years
    )


def with_measures(data: Dataset, measures: dict[str, Sequence[Measure]]) -> Dataset:
    """``data`` with the measures of the editions named in ``measures`` replaced."""
    concept = data.concept
    assert concept is not None
    editions = tuple(
        attrs.evolve(e, measures=tuple(measures[e.id])) if e.id in measures else e
        for e in concept.editions
    )
    return attrs.evolve(data, concept=attrs.evolve(concept, editions=editions))


@st.composite
def leipzig_with_histories(
    draw: st.DrawFn, costs: bool = True, old_edition: bool = True, dated_progress: bool = False
) -> Dataset:
    """The Leipzig example with a status history on each measure; with ``costs`` also costs and
    an undated progress figure, with ``dated_progress`` dated progress figures (whose sources and
    notes carry tokens ``BelegQ<n>p<m>Z``/``VermerkQ<n>p<m>Z``); with ``old_edition`` some of its
    measures also in the first edition, under the same id (a measure is named by its edition and
    its id)."""
    concept: Concept | None = _LEIPZIG.concept
    assert concept is not None
    current = concept.editions[-1]
    measures = []
    for index, m in enumerate(current.measures):
        measure = attrs.evolve(
            m,
            status_history=draw(histories(tag=str(index))),
            costs=draw(measure_costs()) if costs else (),
            progress=draw(st.sampled_from(_PROGRESS)) if costs else None,
        )
        if dated_progress:
            figures = draw(progress_histories(tag=f"{index}p"))
            if figures:
                measure = attrs.evolve(
                    measure, progress=figures[-1].value, progress_history=figures
                )
        measures.append(measure)
    chosen: dict[str, Sequence[Measure]] = {current.id: measures}
    if old_edition:
        old = draw(st.lists(st.sampled_from(measures), unique_by=lambda m: m.id, max_size=2))
        chosen[concept.editions[0].id] = [
            attrs.evolve(
                m, title=f"{m.title} (2012)", status_history=draw(histories(tag=f"o{index}"))
            )
            for index, m in enumerate(old)
        ]
    return with_measures(_LEIPZIG, chosen)


@st.composite
def progress_histories(draw: st.DrawFn, tag: str = "") -> tuple[ProgressChange, ...]:
    """Dated progress figures in date order, each with a source and a note with a token of its own
    (``BelegQ<tag><n>Z``/``VermerkQ<tag><n>Z``)."""
    dates = sorted(draw(st.lists(days, max_size=2)))
    return tuple(
        ProgressChange(
            day,
            draw(st.sampled_from(_PROGRESS)),
            Source(SourceKind.REPORT, f"BelegQ{tag}{n}Z", date=day),
            f"VermerkQ{tag}{n}Z",
        )
        for n, day in enumerate(dates)
    )


def hostile_ids() -> st.SearchStrategy[str]:
    """A non-empty id: one of :data:`HOSTILE_IDS`, text over a hostile alphabet (slashes, spaces,
    umlauts, quotes, markup, ``;``, line breaks, control characters), or any text."""
    alphabet = "ab/ äßÄ<>\"';\n\t\r=+-@&#%\\.\x00\x01\u200b\u202e"
    return st.one_of(
        st.sampled_from(HOSTILE_IDS),
        st.text(alphabet=alphabet, min_size=1, max_size=8),
        st.text(min_size=1, max_size=6),
    )


def _few(ids: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(ids, unique=True, max_size=2)


@st.composite
def datasets_with_ids(draw: st.DrawFn) -> Dataset:
    """The Leipzig example with its two editions and their measures renamed to awkward ids.

    Besides ids of :func:`hostile_ids`, the cases that break a key made by joining edition and
    measure with ``/``: edition ``x/a`` with measure ``b`` next to edition ``x`` with measure
    ``a/b``, and measures ``a/b`` and ``b`` (one a suffix of the other) in one edition; and
    two ids that differ only in white space or an invisible character (``a`` and ``a\x00``). Each
    measure has a status history whose sources and notes carry tokens of its own (``1<n>`` in
    the edition in force, ``2<n>`` in the first).
    """
    case = draw(st.sampled_from(("split", "affix", "near", "any")))
    if case == "split":
        old_id, current_id = "x", "x/a"
        current_ids = ["b", *draw(_few(hostile_ids()))]
        old_ids = ["a/b", *draw(_few(hostile_ids()))]
    elif case == "affix":
        old_id, current_id = draw(hostile_ids()), draw(hostile_ids())
        current_ids = ["a/b", "b", *draw(_few(hostile_ids()))]
        old_ids = draw(_few(st.sampled_from(("a", "b", "a/b", "b/a"))))
    elif case == "near":  # ids that differ only in white space or an invisible character
        old_id, current_id = draw(hostile_ids()), draw(hostile_ids())
        first = draw(hostile_ids())
        extra = draw(st.sampled_from((" ", "\t", "\n", "\x00", "\x01", "\u200b", "\r")))
        second = draw(st.sampled_from((first + extra, extra + first)))
        current_ids = [first, second]
        old_ids = draw(_few(hostile_ids()))
    else:
        old_id, current_id = draw(hostile_ids()), draw(hostile_ids())
        current_ids = draw(st.lists(hostile_ids(), min_size=1, max_size=4, unique=True))
        old_ids = draw(_few(hostile_ids()))
    if old_id == current_id:
        current_id += "-neu"
    current_ids = list(dict.fromkeys(current_ids))  # ids are unique within an edition
    old_ids = list(dict.fromkeys(old_ids))
    data = renamed(old_id, current_id, current_ids, old_ids)
    return with_measures(
        data,
        {
            edition.id: [
                attrs.evolve(m, status_history=draw(histories(tag=f"{tag}{n}", max_size=2)))
                for n, m in enumerate(edition.measures)
            ]
            for tag, edition in zip(
                "21", data.concept.editions if data.concept else (), strict=True
            )
        },
    )


def renamed(
    old_id: str, current_id: str, current_ids: Sequence[str], old_ids: Sequence[str] = ()
) -> Dataset:
    """The Leipzig example with its editions named ``old_id`` and ``current_id`` and measures
    (copies of its three) named ``old_ids`` and ``current_ids``."""
    concept = _LEIPZIG.concept
    assert concept is not None
    examples = concept.editions[-1].measures

    def measures(ids: Sequence[str]) -> tuple[Measure, ...]:
        return tuple(
            attrs.evolve(examples[n % len(examples)], id=measure_id)
            for n, measure_id in enumerate(ids)
        )

    old, current = concept.editions
    editions = (
        attrs.evolve(old, id=old_id, measures=measures(old_ids)),
        attrs.evolve(current, id=current_id, replaces=old_id, measures=measures(current_ids)),
    )
    return attrs.evolve(_LEIPZIG, concept=attrs.evolve(concept, editions=editions))


_MEASURE_IDS: Final = tuple(
    m.id for e in (_LEIPZIG.concept.editions if _LEIPZIG.concept else ()) for m in e.measures
)
_NEW_IDS: Final = ("neu-1", "neu-2")
_PAPERS: Final = (*(p.reference for p in _LEIPZIG.papers), "NEU-1")
_TITLES: Final = ("Titel A", "Titel B")
#: A few days only, so that both sides often pick the same one.
MERGE_DAYS: Final = tuple(
    dt.date(*d) for d in ((2019, 6, 1), (2021, 1, 1), (2022, 6, 1), (2024, 1, 1))
)
#: The same source on both sides, so that both may add the very same status.
_SHARED_SOURCE: Final = Source(SourceKind.DATA, "Sachstand")


# --- edits of a data set (for the merge) ---------------------------------------------------------


@attrs.frozen
class Edit:
    """One edit of a data set: ``op`` on the object ``(kind, scope, key)`` with ``value``."""

    op: str
    scope: str = ""
    key: str = ""
    value: Any = None


def _measure_edits(workspace: bool) -> st.SearchStrategy[Edit]:
    target = st.tuples(st.sampled_from(EDITIONS), st.sampled_from(_MEASURE_IDS + _NEW_IDS))
    ops = [
        st.builds(
            lambda t, day, status, note: Edit("status", t[0], t[1], (day, status, note)),
            target,
            st.sampled_from(MERGE_DAYS),
            st.sampled_from(STATUS_KEYS),
            st.sampled_from(("", "Vermerk")),
        ),
        st.builds(
            lambda t, title: Edit("title", t[0], t[1], title), target, st.sampled_from(_TITLES)
        ),
        st.builds(
            lambda t, year, cents: Edit("cost", t[0], t[1], (year, cents)),
            target,
            st.integers(min_value=2020, max_value=2023),
            st.sampled_from((None, 100, 200)),
        ),
        st.builds(
            lambda t, title: Edit("new_measure", t[0], t[1], title),
            target,
            st.sampled_from(_TITLES),
        ),
        st.builds(
            lambda t, day, value, dated: Edit("progress", t[0], t[1], (day, value, dated)),
            target,
            st.sampled_from(MERGE_DAYS),
            st.sampled_from(_PROGRESS[1:]),
            st.booleans(),
        ),
    ]
    if workspace:
        ops.append(st.builds(lambda t: Edit("remove", t[0], t[1]), target))
    return st.one_of(ops)


def focused_edits() -> st.SearchStrategy[Edit]:
    """Edits of the measures ``set_status`` changes too (of the edition in force)."""
    target = st.tuples(st.just(EDITIONS[-1]), st.sampled_from(_MEASURE_IDS))
    return st.one_of(
        st.builds(
            lambda t, day, status: Edit("status", t[0], t[1], (day, status, "")),
            target,
            st.sampled_from(MERGE_DAYS),
            st.sampled_from(STATUS_KEYS),
        ),
        st.builds(
            lambda t, title: Edit("title", t[0], t[1], title), target, st.sampled_from(_TITLES)
        ),
    )


def progress_edits() -> st.SearchStrategy[list[Edit]]:
    """Changes of the progress figure of one measure (of the edition in force): dated figures
    appended, or an undated figure where none is dated."""
    return st.lists(
        st.builds(
            lambda day, value, dated: Edit(
                "progress", EDITIONS[-1], _MEASURE_IDS[0], (day, value, dated)
            ),
            st.sampled_from(MERGE_DAYS),
            st.sampled_from(_PROGRESS[1:]),
            st.booleans(),
        ),
        min_size=1,
        max_size=2,
    )


def edits(workspace: bool) -> st.SearchStrategy[list[Edit]]:
    """Edits of one side: the workspace's may also withdraw a measure (as a revert does)."""
    others = st.one_of(
        st.builds(
            lambda ref, title: Edit("paper_title", "", ref, title),
            st.sampled_from(_PAPERS),
            st.sampled_from(_TITLES),
        ),
        st.builds(lambda ref: Edit("new_paper", "", ref, "Neue Vorlage"), st.sampled_from(_PAPERS)),
        st.builds(lambda title: Edit("concept_title", "", "-", title), st.sampled_from(_TITLES)),
    )
    return st.lists(st.one_of(_measure_edits(workspace), others), max_size=5)


def _next_ordinal(objects: Mapping[ObjectKey, Entry], kind: str, scope: str) -> int:
    ordinals = [e.ordinal for e in objects.values() if (e.key.kind, e.key.scope) == (kind, scope)]
    return max(ordinals, default=-1) + 1


def _with_cost(costs: Sequence[MeasureCost], year: int, cents: int | None) -> tuple[Any, ...]:
    kept = [c for c in costs if c.fiscal_year != year]
    if cents is not None:
        kept.append(MeasureCost(year, Money.from_cents(cents)))
    return tuple(sorted(kept, key=lambda c: c.fiscal_year))


def _apply(objects: dict[ObjectKey, Entry], edit: Edit) -> None:
    kind = {"paper_title": "paper", "new_paper": "paper", "concept_title": "concept"}.get(
        edit.op, "measure"
    )
    key = ObjectKey(kind, edit.scope, edit.key)
    if edit.op in ("new_measure", "new_paper"):
        concept = objects[ObjectKey("concept", "", "-")].obj
        if key in objects or (kind == "measure" and edit.scope not in _edition_ids(concept)):
            return
        obj: Any = (
            Measure(edit.key, edit.value) if kind == "measure" else Paper(edit.key, edit.value)
        )
        objects[key] = Entry(key, _next_ordinal(objects, kind, edit.scope), obj)
        return
    entry = objects.get(key)
    if entry is None:
        return
    if edit.op == "remove":
        del objects[key]
        return
    old = entry.obj
    if edit.op == "status":
        day, status, note = edit.value
        history = old.status_history
        day = max(day, history[-1].date) if history else day
        new = attrs.evolve(
            old, status_history=(*history, StatusChange(day, status, _SHARED_SOURCE, note))
        )
    elif edit.op == "progress":  # a dated figure, or an undated one where none is dated
        day, value, dated = edit.value
        history = old.progress_history
        if dated:
            day = max(day, history[-1].date) if history else day
            change = ProgressChange(day, value, _SHARED_SOURCE)
            new = attrs.evolve(old, progress=value, progress_history=(*history, change))
        elif not history:
            new = attrs.evolve(old, progress=value)
        else:
            return
    elif edit.op == "cost":
        new = attrs.evolve(old, costs=_with_cost(old.costs, *edit.value))
    else:  # a title, of a measure, paper or the concept
        new = attrs.evolve(old, title=edit.value)
    objects[key] = attrs.evolve(entry, obj=new)


def _edition_ids(concept: Concept) -> set[str]:
    return {e.id for e in concept.editions}


def apply_edits(data: Dataset, changes: Iterable[Edit]) -> Dataset:
    """``data`` with ``changes`` made one after the other (an edit of a missing object, or an
    addition of an existing one, does nothing)."""
    objects = {e.key: e for e in entries(data)}
    for edit in changes:
        _apply(objects, edit)
    return compose(objects.values())
