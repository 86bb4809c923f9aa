"""The converter's generated hooks (``_json_codegen``): round trips, mutated documents, edge cases.

There is one writer and one reader, the converter of ``serialize``; these tests state what it
must do on generated data rather than compare it with another implementation:

- every object of every model class is read back from what is written, to an equal object that
  is written to the same bytes;
- a document changed at one random place (a value replaced, removed, or a key or list item
  added) is either read to an object that round-trips, or refused with problems whose JSON paths
  lead to the change (the changed value itself, or an object above it whose own rule it breaks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from enum import IntEnum
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.errors import DataError
from integrationkonzept.model import (
    BudgetPhase,
    Consultation,
    FileInfo,
    MeasureCost,
    Money,
    Source,
    SourceKind,
)
from integrationkonzept.serialize import converter, decode, encode
from integrationkonzept.testing.strategies import STRATEGIES

CLASSES = sorted(
    (cls for cls in STRATEGIES if attrs.has(cls) and cls is not Money),
    key=lambda cls: cls.__name__,
)

# JSON values of every kind, and the shapes the model's texts take (dates, amounts, decimals,
# enum values), so that a mutation puts a plausible value of the wrong kind somewhere.
REPLACEMENTS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -7,
    2021,
    12.5,
    "",
    "x",
    "2021-02-29",
    "2020-01-29",
    "2020-01-29T10:00:00+01:00",
    "80000.00",
    "80000.5",
    "1E+2",
    "-3",
    "decision",
    [],
    ["x"],
    [{}],
    {},
    {"x": 1},
]


def nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value in a JSON tree with its path (keys and indexes)."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nodes(item, (*path, index))


Path = tuple[Any, ...]


def mutated(document: Any, path: Path, how: str, new: Any) -> tuple[Any, Path]:
    """A copy of ``document`` with the value at ``path`` replaced, removed or given a sibling,
    and the path of the change."""
    copy = orjson.loads(orjson.dumps(document))
    if not path:
        return (new if how == "replace" else copy), ()
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = new
    elif how == "remove":
        del parent[last]
    elif isinstance(parent, dict):  # "add": an unknown key next to it
        parent["unbekannt"] = new
        return copy, (*path[:-1], "unbekannt")
    else:
        parent.insert(last, parent[last])  # "add": the list item twice
    return copy, path


def json_path(path: tuple[Any, ...]) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)


def leads_to(problem: str, change: str) -> bool:
    """Whether the problem's path is the change's, that of an object above it (whose own rule
    the change breaks) or one inside the new value."""
    return any(
        inner == outer or inner.startswith((outer + ".", outer + "["))
        for inner, outer in ((change, problem), (problem, change))
    )


# --- every model class ---------------------------------------------------------------------------


def test_every_model_class_is_read_and_written_by_generated_functions() -> None:
    # Otherwise that class silently takes cattrs' own (slower) functions.
    conv = converter()
    for cls in CLASSES:
        assert conv.get_structure_hook(cls).__qualname__.startswith("structure_"), cls
        assert conv.get_unstructure_hook(cls).__qualname__.startswith("unstructure_"), cls


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_round_trip_and_mutated_documents(cls: type, data: st.DataObject) -> None:
    obj = data.draw(STRATEGIES[cls](), label=cls.__name__)
    written = encode(obj)
    again = decode(written, cls)
    assert type(again) is cls
    assert again == obj
    assert encode(again) == written

    document = orjson.loads(written)
    everywhere = list(nodes(document))
    path, old = everywhere[data.draw(st.integers(0, len(everywhere) - 1), label="where")]
    how = data.draw(st.sampled_from(["replace", "remove", "add"]), label="how")
    others = [value for _, value in everywhere if value is not old]
    new = data.draw(st.sampled_from(REPLACEMENTS + others[:20]), label="new value")
    changed, where = mutated(document, path, how, new)
    problems: tuple[tuple[str, str], ...] = ()
    try:
        read = decode(orjson.dumps(changed), cls)
    except DataError as exc:
        problems = exc.problems
    else:
        assert type(read) is cls
        assert decode(encode(read), cls) == read
        return
    assert problems
    change = json_path(where)
    for problem, message in problems:
        assert leads_to(problem, change), (change, problems)
        assert message


# --- the shortcuts the generated functions take are what the hooks answer ------------------------


@given(
    value=st.one_of(st.text(), st.integers(), st.booleans()),
)
def test_plain_values_of_their_type_are_taken_as_they_are(value: object) -> None:
    hook = converter().get_structure_hook(type(value))
    assert hook(value, type(value)) is value


@pytest.mark.parametrize("member", [*SourceKind, *BudgetPhase], ids=str)
def test_an_enum_hook_gives_the_member_of_the_value(member: SourceKind | BudgetPhase) -> None:
    assert converter().structure(member.value, type(member)) is member


@pytest.mark.parametrize(
    "value",
    [
        "2020-01-29",
        "2020-1-29",
        "20200129",
        "2020-W05-3",
        "2020-02-30",
        "\u0662\u0660\u0662\u0660-01-29",
        "2020-01-29T00:00",
        " 2020-01-29",
        20200129,
        None,
        ["2020-01-29"],
    ],
)
def test_dates_are_read_strictly(value: object) -> None:
    # A date is read through a cache of its hook: a text refused once is refused again.
    document = orjson.dumps({"kind": "decision", "reference": "VI-DS-1", "date": value})
    for _ in range(2):
        if value in ("2020-01-29", None):  # Source.date is optional
            source = decode(document, Source)
            assert source.date == (None if value is None else dt.date(2020, 1, 29))
        else:
            with pytest.raises(DataError) as info:
                decode(document, Source)
            assert [path for path, _ in info.value.problems] == ["$.date"]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2017-03-08T12:00:00+00:53:28", True),
        ("2017-03-08T12:00", True),
        ("2017-03-08T12:00:00.5", True),
        ("2017-03-08 12:00:00", False),
        ("2017-03-08", False),
        ("2017-03-08T12:00:00Z", False),
        (1488974400, False),
    ],
)
def test_datetimes_are_read_strictly_and_written_as_read(value: object, accepted: bool) -> None:
    document = orjson.dumps({"created": value})
    if not accepted:
        with pytest.raises(DataError):
            decode(document, FileInfo)
        return
    info = decode(document, FileInfo)
    assert info.created == dt.datetime.fromisoformat(str(value))
    assert decode(encode(info), FileInfo) == info


# --- objects the strategies do not make ----------------------------------------------------------


def test_an_attrs_subclass_in_a_field_is_written_as_itself() -> None:
    @attrs.frozen
    class PageSource(Source):
        page: int = 0

    cost = MeasureCost(2021, Money.from_cents(500), PageSource(SourceKind.PAPER, "VI-DS-1", page=3))
    assert encode(cost) == (
        b'{"fiscal_year":2021,"amount":"5.00",'
        b'"source":{"kind":"paper","reference":"VI-DS-1","page":3}}'
    )


def test_keys_keep_the_order_of_the_fields() -> None:
    @attrs.frozen
    class Ordered:
        x: int = 0
        y: int = attrs.field(kw_only=True)

    assert encode(Ordered(1, y=2)) == b'{"x":1,"y":2}'
    assert encode(Ordered(y=2)) == b'{"y":2}'
    assert decode(b'{"y":2}', Ordered) == Ordered(y=2)


def test_wrongly_typed_values_are_written_as_their_own_type() -> None:
    # attrs does not check these field types; a value is written by the hook of its own type
    # (a datetime in a date field keeps its offset's seconds).
    tz = dt.timezone(dt.timedelta(hours=1, seconds=30))
    cases = {
        MeasureCost(2021, Decimal("5")): b'{"fiscal_year":2021,"amount":"5"}',  # type: ignore[arg-type]
        Source(SourceKind.PAPER, "VI-DS-1", date=dt.datetime(2020, 1, 29, 10, tzinfo=tz)): (
            b'{"kind":"paper","reference":"VI-DS-1","date":"2020-01-29T10:00:00+01:00:30"}'
        ),
        FileInfo(created=dt.date(2020, 1, 29)): b'{"created":"2020-01-29"}',  # type: ignore[arg-type]
        Consultation("Rat", role=Decimal("1E+2")): b'{"body":"Rat","role":"100"}',  # type: ignore[arg-type]
    }
    for obj, expected in cases.items():
        assert encode(obj) == expected


def test_a_value_outside_the_model_is_refused_when_written() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        encode(Consultation("Rat", role=object()))  # type: ignore[arg-type]


def test_a_field_type_without_a_shortcut_is_left_to_the_converter() -> None:
    @attrs.frozen
    class Counts:
        counts: dict[str, int]

    assert encode(Counts({"a": 1})) == b'{"counts":{"a":1}}'
    assert decode(b'{"counts":{"a":1}}', Counts) == Counts({"a": 1})
    with pytest.raises(DataError) as info:
        decode(b'{"counts":{"a":"1"}}', Counts)
    assert [path for path, _ in info.value.problems] == ["$.counts['a']"]


class Level(IntEnum):
    LOW = 1


@attrs.frozen
class Leveled:  # at module level, so that its annotation resolves
    level: Level


def test_an_enum_that_is_also_an_int_is_left_to_the_converter() -> None:
    # cattrs reads an IntEnum field with the int hook (no member lookup inline).
    assert encode(Leveled(Level.LOW)) == b'{"level":1}'
    assert decode(b'{"level":1}', Leveled) == Leveled(Level.LOW)


@attrs.frozen
class Node:  # a recursive class: its own functions call each other through the converter
    name: str
    children: tuple[Node, ...] = ()


def test_a_recursive_class_is_read_and_written() -> None:
    tree = Node("a", (Node("b"), Node("c", (Node("d"),))))
    assert encode(tree) == (
        b'{"name":"a","children":[{"name":"b"},{"name":"c","children":[{"name":"d"}]}]}'
    )
    assert decode(encode(tree), Node) == tree
    with pytest.raises(DataError) as info:
        decode(b'{"name":"a","children":[{"name":"b"},{"name":"c","children":[{}]}]}', Node)
    assert info.value.problems == (("$.children[1].children[0].name", "Pflichtfeld fehlt"),)


def test_a_default_that_depends_on_the_object() -> None:
    @attrs.frozen
    class Named:
        id: str
        title: str = attrs.field(default=attrs.Factory(lambda self: self.id, takes_self=True))

    assert encode(Named("a")) == b'{"id":"a"}'
    assert encode(Named("a", "b")) == b'{"id":"a","title":"b"}'
    assert decode(b'{"id":"a"}', Named) == Named("a")
    assert decode(b'{"id":"a","title":"b"}', Named) == Named("a", "b")


def test_any_class_name_gives_valid_code() -> None:
    odd = attrs.make_class("Mein Typ-2", {"x": attrs.field(type=int)})
    assert encode(odd(1)) == b'{"x":1}'
    assert decode(b'{"x":1}', odd) == odd(1)
