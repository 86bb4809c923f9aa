"""The generated readers and writers (the fast path of serialize) agree with the slow path.

The slow path is the cattrs converter for reading and orjson's walk with ``_default`` for
writing: both are what the error messages and the round-trip tests in test_serialize.py rest on.
Here every model class is written both ways (byte for byte the same), and documents mutated at a
random place are read both ways: the generated reader accepts exactly what the converter accepts,
and reads it to the same object.
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

from integrationkonzept import serialize
from integrationkonzept._json_codegen import reader, writer
from integrationkonzept.model import FileInfo, MeasureCost, Money, Source, SourceKind
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


def slow_write(obj: object) -> bytes:
    return orjson.dumps(obj, default=serialize._default, option=orjson.OPT_PASSTHROUGH_DATETIME)


def slow_read(cls: type, data: Any) -> tuple[bool, object]:
    try:
        return True, serialize.converter().structure(data, cls)
    except Exception:  # any refusal counts; which one is test_serialize's matter
        return False, None


def fast_read(cls: type, data: Any) -> tuple[bool, object]:
    read = reader(cls)
    assert read is not None
    try:
        return True, read(data)
    except Exception:  # the fast reader refuses without saying why
        return False, None


def nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value in a JSON tree with its path (keys and indexes)."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nodes(item, (*path, index))


def mutated(document: Any, path: tuple[Any, ...], how: str, new: Any) -> Any:
    """A copy of ``document`` with the value at ``path`` replaced, removed or given a sibling."""
    copy = orjson.loads(orjson.dumps(document))
    if not path:
        return new if how == "replace" else copy
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
    else:
        parent.insert(last, parent[last])  # "add": the list item twice
    return copy


def test_every_model_class_has_a_generated_reader_and_writer() -> None:
    # Otherwise that class silently takes the slow path (and the tests below would pass).
    missing = [cls.__name__ for cls in CLASSES if reader(cls) is None or writer(cls) is None]
    assert missing == []


def test_a_class_with_an_unknown_field_type_gets_none() -> None:
    @attrs.frozen
    class Unknown:
        counts: dict[str, int]

    assert reader(Unknown) is None
    assert writer(Unknown) is None
    # and the slow path still writes it
    assert serialize.encode(Unknown({"a": 1})) == b'{"counts":{"a":1}}'


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_generated_writer_writes_the_same_bytes(cls: type, data: st.DataObject) -> None:
    obj = data.draw(STRATEGIES[cls](), label=cls.__name__)
    assert serialize.encode(obj) == slow_write(obj)
    assert (
        serialize.dump(obj)
        == orjson.dumps(
            {"schema_version": 1, "type": cls.__name__, "data": orjson.Fragment(slow_write(obj))}
        ).decode()
    )


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_generated_reader_agrees_with_the_converter(cls: type, data: st.DataObject) -> None:
    obj = data.draw(STRATEGIES[cls](), label=cls.__name__)
    document = orjson.loads(slow_write(obj))
    assert fast_read(cls, document) == (True, obj)

    everywhere = list(nodes(document))
    path, old = everywhere[data.draw(st.integers(0, len(everywhere) - 1), label="where")]
    how = data.draw(st.sampled_from(["replace", "remove", "add"]), label="how")
    others = [value for _, value in everywhere if value is not old]
    new = data.draw(st.sampled_from(REPLACEMENTS + others[:20]), label="new value")
    changed = mutated(document, path, how, new)

    fast_ok, fast = fast_read(cls, changed)
    slow_ok, slow = slow_read(cls, changed)
    assert fast_ok == slow_ok, (changed, fast, slow)
    if fast_ok:
        assert type(fast) is type(slow)
        assert fast == slow
        assert serialize.encode(fast) == serialize.encode(slow)


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
def test_dates_are_read_alike(value: object) -> None:
    document = {"kind": "decision", "reference": "VI-DS-1", "date": value}
    fast_ok, fast = fast_read(Source, document)
    assert (fast_ok, fast) == slow_read(Source, document)
    assert fast_ok == (value in ("2020-01-29", None))  # Source.date is optional
    if value == "2020-01-29":
        assert fast == Source(SourceKind.DECISION, "VI-DS-1", date=dt.date(2020, 1, 29))


@pytest.mark.parametrize(
    "value",
    [
        "2017-03-08T12:00:00+00:53:28",
        "2017-03-08T12:00",
        "2017-03-08T12:00:00.5",
        "2017-03-08 12:00:00",
        "2017-03-08",
        "2017-03-08T12:00:00Z",
        1488974400,
    ],
)
def test_datetimes_are_read_and_written_alike(value: object) -> None:
    document = {"created": value}
    fast_ok, fast = fast_read(FileInfo, document)
    assert (fast_ok, fast) == slow_read(FileInfo, document)
    if fast_ok:
        assert serialize.encode(fast) == slow_write(fast)


# --- objects the strategies do not make: the generated functions still match the generic path -----


def test_an_attrs_subclass_in_a_field_is_written_as_itself() -> None:
    @attrs.frozen
    class PageSource(Source):
        page: int = 0

    assert writer(PageSource) is not None
    cost = MeasureCost(2021, Money.from_cents(500), PageSource(SourceKind.PAPER, "VI-DS-1", page=3))
    assert serialize.encode(cost) == slow_write(cost)
    assert b'"page":3' in serialize.encode(cost)


def test_keys_keep_the_order_of_the_fields() -> None:
    @attrs.frozen
    class Ordered:
        x: int = 0
        y: int = attrs.field(kw_only=True)

    assert writer(Ordered) is not None
    assert serialize.encode(Ordered(1, y=2)) == slow_write(Ordered(1, y=2)) == b'{"x":1,"y":2}'
    assert serialize.encode(Ordered(y=2)) == slow_write(Ordered(y=2)) == b'{"y":2}'


def test_wrongly_typed_values_are_written_as_the_generic_path_writes_them() -> None:
    # attrs does not check these field types; the writer must not fail or differ where the
    # generic path wrote something (a datetime in a date field keeps its offset's seconds).
    tz = dt.timezone(dt.timedelta(hours=1, seconds=30))
    for obj in (
        MeasureCost(2021, Decimal("5")),  # type: ignore[arg-type]
        Source(SourceKind.PAPER, "VI-DS-1", date=dt.datetime(2020, 1, 29, 10, tzinfo=tz)),
        FileInfo(created=dt.date(2020, 1, 29)),  # type: ignore[arg-type]
    ):
        assert serialize.encode(obj) == slow_write(obj)


class Level(IntEnum):
    LOW = 1


@attrs.frozen
class Leveled:  # at module level, so that its annotation resolves
    level: Level


def test_an_enum_that_is_also_an_int_is_left_to_the_converter() -> None:
    # cattrs reads an IntEnum field with the int hook; the generated reader would not.
    assert reader(Leveled) is None
    assert writer(Leveled) is not None


def test_any_class_name_gives_valid_code() -> None:
    odd = attrs.make_class("Mein Typ-2", {"x": attrs.field(type=int)})
    assert writer(odd) is not None
    assert serialize.encode(odd(1)) == slow_write(odd(1)) == b'{"x":1}'
    assert serialize.decode(b'{"x":1}', odd) == odd(1)
