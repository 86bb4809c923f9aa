"""Generated readers and writers for the model's JSON: the fast path of :mod:`.serialize`.

For each attrs class whose fields have types listed below, one reader and one writer function
are generated with the fields spelled out and the type checks inline, as attrs generates
``__init__``. A data set of 10,000 measures and 50,000 papers has half a million objects, dates and
amounts; a function call saved per value is most of the time.

The reader raises *some* exception on anything it does not accept and never says why: the caller
then reads the same data again with the detailed cattrs converter, which reports every problem
with its JSON path. The reader may refuse more than the converter (that only costs time), but must
never accept what the converter refuses or read it differently; ``tests/test_json_codegen.py``
compares the two on generated and mutated documents. The writer writes the same bytes as orjson
walking the object with ``serialize._default`` (the generic path): values of their declared type
are converted inline, anything else (an attrs subclass, a wrongly typed value) is handed to
:func:`_write_other`, which writes it as the generic path would.

Known field types: ``str``, ``int``, ``bool``, ``date``, ``datetime``, ``Decimal``, ``Money``,
enums (plain ones: an enum that is also an ``int`` or ``str`` the converter reads with that
type's hook), attrs classes, ``X | None`` and ``tuple[X, ...]``. A class with any other field
type gets no generated functions (``None``), and :mod:`.serialize` uses the generic path for it.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any, NoReturn, Union, get_args, get_origin

import attrs

from .model.money import Money

__all__ = ["reader", "writer"]

Reader = Callable[[Any], Any]
Writer = Callable[[Any], Any]

# The converter's own patterns (serialize.py); [0-9], not \d: Decimal and int() also read
# Arabic-Indic and other digits.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"([+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class _RefusedError(Exception):
    """The fast reader does not accept a value (the converter says why)."""


def _refuse() -> NoReturn:
    raise _RefusedError


# Dates and amounts repeat a lot in a data set and their objects are immutable, so a cache
# answers most of them without a Python call (lru_cache is implemented in C).
@lru_cache(maxsize=8192)
def _read_date(value: str) -> dt.date:
    if type(value) is not str or not DATE.fullmatch(value):
        raise _RefusedError
    return dt.date.fromisoformat(value)


@lru_cache(maxsize=8192)
def _read_money(value: str) -> Money:
    if type(value) is not str:
        raise _RefusedError
    return Money.from_json(value)


def _read_datetime(value: object) -> dt.datetime:
    if type(value) is not str or not DATETIME.fullmatch(value):
        raise _RefusedError
    return dt.datetime.fromisoformat(value)


def _read_decimal(value: object) -> Decimal:
    if type(value) is int or (type(value) is str and DECIMAL.fullmatch(value)):
        return Decimal(value)
    raise _RefusedError


def _write_other(value: object) -> object:
    """A value that is not of its field's declared type, as the generic path writes it: dates and
    datetimes by ``isoformat``, attrs objects by their own writer, anything else as it is (orjson
    calls ``serialize._default`` for what it cannot write)."""
    if type(value) is dt.date or type(value) is dt.datetime:
        return value.isoformat()
    write = writer(type(value))
    return value if write is None else write(value)


class _UnsupportedError(Exception):
    """A field type the generator does not know."""


class _Generator:
    """Writes the functions of every class reached from the first one into one namespace, so
    that they call each other by name."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_refuse": _refuse,
            "_read_date": _read_date,
            "_read_datetime": _read_datetime,
            "_read_decimal": _read_decimal,
            "_read_money": _read_money,
            "_write_other": _write_other,
            "_Money": Money,
            "_Decimal": Decimal,
            "_date": dt.date,
            "_datetime": dt.datetime,
            "_MISSING": object(),
        }
        self.names: dict[object, str] = {}
        self.pending: list[type] = []
        self.counter = 0

    def name_of(self, obj: object, prefix: str) -> str:
        """A name in the generated code's namespace that refers to ``obj``."""
        key = (prefix, id(obj)) if not isinstance(obj, type) else (prefix, obj)
        if key not in self.names:
            self.counter += 1
            self.names[key] = name = f"{prefix}_{self.counter}"
            self.namespace[name] = obj
        return self.names[key]

    def function_of(self, cls: type, kind: str) -> str:
        """The name of the reader or writer of attrs class ``cls`` (written later)."""
        key = (kind, cls)
        if key not in self.names:
            if cls not in self.pending:
                self.pending.append(cls)
            self.counter += 1
            name = re.sub(r"[^0-9A-Za-z_]", "_", cls.__name__)  # any class name, valid code
            self.names[key] = f"{kind}_{name}_{self.counter}"
        return self.names[key]

    def variable(self) -> str:
        self.counter += 1
        return f"v{self.counter}"

    # --- reading ---------------------------------------------------------------------------------

    def read(self, type_: Any, var: str) -> str:
        """An expression reading JSON value ``var`` (a plain name) as ``type_``."""
        if type_ is str or type_ is int or type_ is bool:
            # type() is, not isinstance: True is not an int here, as in the converter.
            return f"({var} if type({var}) is {type_.__name__} else _refuse())"
        if type_ is dt.datetime:
            return f"_read_datetime({var})"
        if type_ is dt.date:
            return f"_read_date({var})"
        if type_ is Decimal:
            return f"_read_decimal({var})"
        if type_ is Money:
            return f"_read_money({var})"
        if isinstance(type_, type) and issubclass(type_, Enum):
            if issubclass(type_, (int, str, float, bytes)):
                raise _UnsupportedError(f"{type_.__name__}: an enum that is also a plain type")
            members = {member.value: member for member in type_}
            return f"{self.name_of(members, 'members')}[{var}]"
        if isinstance(type_, type) and attrs.has(type_):
            return f"{self.function_of(type_, 'read')}({var})"
        element = _optional_of(type_)
        if element is not None:
            return f"(None if {var} is None else {self.read(element, var)})"
        element = _tuple_of(type_)
        if element is not None:
            item = self.variable()
            return (
                f"(tuple([{self.read(element, item)} for {item} in {var}])"
                f" if type({var}) is list else _refuse())"
            )
        raise _UnsupportedError(type_)

    def reader_source(self, cls: type) -> str:
        fields = _init_fields(cls)
        keys = self.name_of(frozenset(field.name for field in fields), "keys")
        cls_name = self.name_of(cls, "cls")
        lines = [
            f"def {self.function_of(cls, 'read')}(d):",
            f"    if type(d) is not dict or not {keys}.issuperset(d):",
            "        _refuse()",
        ]
        arguments = []
        for field in fields:
            var = self.variable()
            value = self.read(field.type, var)
            default: Any = field.default
            if default is attrs.NOTHING:
                lines.append(f"    {var} = d[{field.name!r}]")
                arguments.append(f"{field.alias}={value}")
                continue
            lines.append(f"    {var} = d.get({field.name!r}, _MISSING)")
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    raise _UnsupportedError(
                        f"{cls.__name__}.{field.name}: Factory(takes_self=True)"
                    )
                missing = f"{self.name_of(default.factory, 'factory')}()"
            else:
                missing = self.name_of(default, "default")
            arguments.append(f"{field.alias}=({missing} if {var} is _MISSING else {value})")
        lines.append(f"    return {cls_name}({', '.join(arguments)})")
        return "\n".join(lines)

    # --- writing ---------------------------------------------------------------------------------

    def write(self, type_: Any, var: str) -> str | None:
        """An expression writing model value ``var`` as JSON, or None when orjson writes the
        value as it is (text, numbers, enums and tuples of them)."""
        if type_ in (str, int, bool) or (isinstance(type_, type) and issubclass(type_, Enum)):
            return None
        # Each conversion is guarded by the exact type; anything else goes to _write_other.
        if type_ is dt.datetime:
            # isoformat: orjson rounds an old UTC offset with seconds (LMT) to minutes.
            return f"({var}.isoformat() if type({var}) is _datetime else _write_other({var}))"
        if type_ is dt.date:
            # orjson writes a date as isoformat does, and much faster.
            return f"({var} if type({var}) is _date else _write_other({var}))"
        if type_ is Decimal:
            # format "f": str() would give exponent notation (1E+2).
            return f'(format({var}, "f") if type({var}) is _Decimal else _write_other({var}))'
        if type_ is Money:
            return f"({var}.to_json() if type({var}) is _Money else _write_other({var}))"
        if isinstance(type_, type) and attrs.has(type_):
            cls = self.name_of(type_, "cls")
            function = self.function_of(type_, "write")
            return f"({function}({var}) if type({var}) is {cls} else _write_other({var}))"
        element = _optional_of(type_)
        if element is not None:
            inner = self.write(element, var)
            return None if inner is None else f"(None if {var} is None else {inner})"
        element = _tuple_of(type_)
        if element is not None:
            item = self.variable()
            inner = self.write(element, item)
            return None if inner is None else f"[{inner} for {item} in {var}]"
        raise _UnsupportedError(type_)

    def writer_source(self, cls: type) -> str:
        # Keys in the order of the fields, as the generic path writes them; the leading required
        # fields go into the dict literal. Fields at their default are left out, as the converter
        # reads them back.
        literal: list[str] = []
        statements: list[str] = []
        for field in attrs.fields(cls):
            default: Any = field.default
            if default is attrs.NOTHING and not statements:
                attribute = f"o.{field.name}"
                literal.append(f"{field.name!r}: {self.write(field.type, attribute) or attribute}")
                continue
            var = self.variable()
            value = self.write(field.type, var) or var
            if default is attrs.NOTHING:
                statements += [f"    {var} = o.{field.name}", f"    out[{field.name!r}] = {value}"]
                continue
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    raise _UnsupportedError(
                        f"{cls.__name__}.{field.name}: Factory(takes_self=True)"
                    )
                default = default.factory()
            if default is None or isinstance(default, bool):
                test = f"{var} is not {default!r}"
            elif isinstance(default, (str, tuple)) and not default:
                test = var
            else:
                test = f"{var} != {self.name_of(default, 'default')}"
            statements += [
                f"    {var} = o.{field.name}",
                f"    if {test}:",
                f"        out[{field.name!r}] = {value}",
            ]
        return "\n".join(
            [
                f"def {self.function_of(cls, 'write')}(o):",
                f"    out = {{{', '.join(literal)}}}",
                *statements,
                "    return out",
            ]
        )

    # --- all together ----------------------------------------------------------------------------

    def compile(self, cls: type, kind: str) -> Callable[[Any], Any]:
        first = self.function_of(cls, kind)
        sources = []
        done: set[type] = set()
        while self.pending:
            current = self.pending.pop()
            if current in done:
                continue
            done.add(current)
            attrs.resolve_types(current)
            source = self.reader_source if kind == "read" else self.writer_source
            sources.append(source(current))
        # Code built above from field names and types, never from input.
        exec("\n\n".join(sources), self.namespace)
        function: Callable[[Any], Any] = self.namespace[first]
        return function


def _optional_of(type_: Any) -> Any:
    """X for ``X | None`` (or ``Optional[X]``), else None."""
    if get_origin(type_) in (Union, types.UnionType):
        args = get_args(type_)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


def _tuple_of(type_: Any) -> Any:
    """X for ``tuple[X, ...]``, else None."""
    if get_origin(type_) is tuple:
        args = get_args(type_)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def _init_fields(cls: type) -> list[attrs.Attribute[Any]]:
    # The converter reads only the fields __init__ takes, each under its own name.
    return [field for field in attrs.fields(cls) if field.init]


def _generate(cls: type, kind: str) -> Callable[[Any], Any] | None:
    if not attrs.has(cls) or cls is Money:
        return None
    try:
        return _Generator().compile(cls, kind)
    except (_UnsupportedError, NameError, TypeError):  # unknown types, unresolvable annotations
        return None


_READERS: dict[type, Reader | None] = {}
_WRITERS: dict[type, Writer | None] = {}


def reader(cls: type) -> Reader | None:
    """The generated reader of ``cls`` (raises on anything it does not accept), or None."""
    if cls not in _READERS:
        _READERS[cls] = _generate(cls, "read")
    return _READERS[cls]


def writer(cls: type) -> Writer | None:
    """The generated writer of ``cls`` (a dict orjson can write), or None."""
    if cls not in _WRITERS:
        _WRITERS[cls] = _generate(cls, "write")
    return _WRITERS[cls]
