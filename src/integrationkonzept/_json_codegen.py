"""The converter's hooks for attrs classes, generated per class (used by :mod:`.serialize`).

:mod:`.serialize` registers :func:`make_structure_fn` and :func:`make_unstructure_fn` on its one
cattrs converter as the hook factories for attrs classes, in place of cattrs' own
``make_dict_structure_fn`` and ``make_dict_unstructure_fn``. They do what those do with
``forbid_extra_keys``, detailed validation and fields at their default left out, but with the
fields spelled out and the common cases inline, as attrs generates ``__init__``: a data set of
10,000 measures and 50,000 papers has 300,000 objects, and a function call saved per value
counts. cattrs' own functions call a hook for every field, collect the arguments in a dict and
pass it with ``**``; with cattrs 26.2 and the same value hooks they read the large city about a
quarter slower (most of the time is attrs' ``__init__``, the same for both) and write it in about
twice the time (bench/README.md, issue 13).

There is no second reader or writer: every value the generated code does not handle inline is
passed to the converter's hook for its type, and the inline cases are shortcuts for what those
hooks return, taken only when the answer is certain:

- reading: a ``str``, ``int`` or ``bool`` of exactly its field's type is taken as it is (the hooks
  return such a value unchanged); an enum's value is looked up among the members when the
  converter reads that enum with the hook of ``Enum`` (which returns ``cls(value)``); the types in
  ``cached`` (immutable values that repeat, such as dates) are read through a cache of the hook;
  ``X | None`` is None or read as X.
- writing: values that orjson writes itself as the hook would (text, numbers, plain enums, dates)
  are left as they are, and anything of another type than its field's declared one is given to
  ``converter.unstructure`` (an attrs subclass, a wrongly typed value).

A structure function raises what cattrs' detailed validation raises, so that
``cattrs.transform_error`` gives every problem with its JSON path: a
:class:`cattrs.ClassValidationError` holding each field's error with an
:class:`~cattrs.errors.AttributeValidationNote` (a ``KeyError`` for a missing field), a
:class:`cattrs.errors.ForbiddenExtraKeysError` for unknown keys, and the class's own validators'
errors (raised by its ``__init__``, only when every field was read) without a note, which places
them at the object.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from enum import Enum
from functools import cache, lru_cache
from typing import Any, Union, get_args, get_origin

import attrs
from cattrs import ClassValidationError, Converter
from cattrs.errors import AttributeValidationNote, ForbiddenExtraKeysError

__all__ = ["NotAnObjectError", "make_structure_fn", "make_unstructure_fn"]

StructureFn = Callable[[Any, Any], Any]
UnstructureFn = Callable[[Any], Any]

# Classes whose functions are being generated: a field of such a class (a recursive model) is
# read or written through the converter at run time, as its function does not exist yet. (Should
# two threads generate at once, one may take that detour for a class the other is generating:
# slower for that field, never different.)
_IN_PROGRESS: set[tuple[str, type]] = set()


def make_structure_fn(cls: type, conv: Converter, cached: Collection[type] = ()) -> StructureFn:
    """The structure function of attrs class ``cls`` for ``conv``; ``cached``: types whose
    values are immutable and repeat, read through a cache of the converter's hook."""
    generator = _Generator(conv, cls, cached)
    fields = [field for field in attrs.fields(attrs.resolve_types(cls)) if field.init]
    # Keys are the fields' names and __init__ takes their aliases, as in cattrs.
    keys = generator.name(frozenset(field.name for field in fields), "keys")
    lines = [
        "def structure(d, _type=None):",
        "    if not isinstance(d, dict):",
        "        _not_an_object(d)",
        "    errors = None",
        f"    if not {keys}.issuperset(d):",
        f"        errors = [_ForbiddenExtraKeysError('', _cls, set(d) - {keys})]",
    ]
    message = repr(f"While structuring {cls.__name__}")
    invalid = repr(f"invalid {cls.__name__}")
    # Arguments by position while __init__ takes them so (a call with keywords costs more), then
    # by keyword; a Factory(takes_self=True) is left to attrs when the key is missing.
    positional: list[str] = []
    arguments: list[str] = []
    later: list[str] = []
    with generator.generating("structure"):
        for field in fields:
            var = f"a_{len(positional) + len(arguments) + len(later)}"
            value = generator.read(field.type, var)
            note = generator.name(
                AttributeValidationNote(
                    f"Structuring class {cls.__qualname__} @ attribute {field.name}",
                    field.name,
                    field.type,
                ),
                "note",
            )
            default: Any = field.default
            lines.append("    try:")
            if default is attrs.NOTHING:
                lines += [f"        {var} = d[{field.name!r}]", f"        {var} = {value}"]
                _argument(field, var, positional, arguments, later)
            elif isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
                lines += [
                    f"        {var} = d.get({field.name!r}, _MISSING)",
                    f"        {var} = _MISSING if {var} is _MISSING else {value}",
                ]
                later.append(f"    if {var} is not _MISSING:\n        kw[{field.alias!r}] = {var}")
            else:
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    missing = f"{generator.name(default.factory, 'factory')}()"
                else:
                    missing = generator.name(default, "default")
                lines += [
                    f"        {var} = d.get({field.name!r}, _MISSING)",
                    f"        {var} = {missing} if {var} is _MISSING else {value}",
                ]
                _argument(field, var, positional, arguments, later)
            lines += [
                "    except Exception as exc:",
                f"        errors = _failed(errors, exc, {note})",
            ]
    lines += ["    if errors:", f"        raise _ClassValidationError({message}, errors, _cls)"]
    if later:
        lines += ["    kw = {}", *later]
        arguments.append("**kw")
    lines += [
        "    try:",
        f"        return _cls({', '.join(positional + arguments)})",
        "    except (ValueError, TypeError) as exc:  # a validator: reported at the object",
        f"        raise _ClassValidationError({invalid}, [exc], _cls) from None",
    ]
    return generator.compile(lines, "structure")


def _argument(
    field: attrs.Attribute[Any],
    var: str,
    positional: list[str],
    arguments: list[str],
    later: list[str],
) -> None:
    """Pass ``var`` to __init__ for ``field``: by position if every argument before went so."""
    if field.kw_only or arguments or later:
        arguments.append(f"{field.alias}={var}")
    else:
        positional.append(var)


def make_unstructure_fn(cls: type, conv: Converter) -> UnstructureFn:
    """The unstructure function of attrs class ``cls`` for ``conv``: a dict orjson writes as it
    is, the keys in the order of the fields, those at their default left out (they are read back
    as the default)."""
    generator = _Generator(conv, cls, ())
    # The leading required fields go into the dict literal, the others are added one by one.
    literal: list[str] = []
    statements: list[str] = []
    with generator.generating("unstructure"):
        for index, field in enumerate(attrs.fields(attrs.resolve_types(cls))):
            default: Any = field.default
            if default is attrs.NOTHING and not statements:
                attribute = f"o.{field.name}"
                value = generator.write(field.type, attribute) or attribute
                literal.append(f"{field.name!r}: {value}")
                continue
            var = f"v_{index}"
            type_ = field.type
            if default is None and _optional_of(type_) is not None:
                type_ = _optional_of(type_)  # written only when it is not None
            value = generator.write(type_, var) or var
            statements.append(f"    {var} = o.{field.name}")
            if default is attrs.NOTHING:
                statements.append(f"    out[{field.name!r}] = {value}")
                continue
            if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
                test = f"{var} != {generator.name(default.factory, 'factory')}(o)"
            else:
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    default = default.factory()
                if default is None or isinstance(default, bool):
                    test = f"{var} is not {default!r}"
                elif isinstance(default, (str, tuple)) and not default:
                    test = var
                else:
                    test = f"{var} != {generator.name(default, 'default')}"
            statements += [f"    if {test}:", f"        out[{field.name!r}] = {value}"]
    lines = ["def unstructure(o):", f"    out = {{{', '.join(literal)}}}", *statements]
    lines.append("    return out")
    return generator.compile(lines, "unstructure")


class _Generator:
    """The namespace of one generated function, and the expressions for its fields' values."""

    def __init__(self, conv: Converter, cls: type, cached: Collection[type]) -> None:
        self.conv = conv
        self.cls = cls
        self.cached = cached
        self.namespace: dict[str, Any] = {
            "_cls": cls,
            "_MISSING": _MISSING,
            "_not_an_object": _not_an_object,
            "_failed": _failed,
            "_ClassValidationError": ClassValidationError,
            "_ForbiddenExtraKeysError": ForbiddenExtraKeysError,
            "_unstructure": conv.unstructure,
        }
        self.names: dict[tuple[str, int], str] = {}

    def name(self, obj: object, prefix: str) -> str:
        """A name in the generated code's namespace that refers to ``obj``."""
        key = (prefix, id(obj))
        if key not in self.names:
            self.names[key] = name = f"_{prefix}_{len(self.names)}"
            self.namespace[name] = obj
        return self.names[key]

    def generating(self, kind: str) -> AbstractContextManager[None]:
        return _generating((kind, self.cls))

    def structure_hook(self, type_: Any) -> str:
        if _mentions_in_progress(type_, "structure"):
            return self.name(self.conv.structure, "structure")
        return self.name(self.conv.get_structure_hook(type_), "hook")

    def unstructure_hook(self, type_: Any) -> str:
        if _mentions_in_progress(type_, "unstructure"):
            return "_unstructure"
        return self.name(self.conv.get_unstructure_hook(type_), "hook")

    def read(self, type_: Any, var: str) -> str:
        """An expression reading JSON value ``var`` (a plain name) as ``type_``."""
        element = _optional_of(type_)
        if element is not None:
            return f"(None if {var} is None else {self.read(element, var)})"
        hook = self.structure_hook(type_)
        type_name = self.name(type_, "type")
        if type_ is str or type_ is int or type_ is bool:
            # type() is, not isinstance: True is not an int (the hook says so).
            return f"({var} if type({var}) is {type_name} else {hook}({var}, {type_name}))"
        if _is_plain_enum(type_) and self.conv.get_structure_hook(
            type_
        ) is self.conv.get_structure_hook(Enum):
            members = self.name(
                {member.value: member for member in type_ if type(member.value) is str},
                "members",
            )
            return (
                f"({members}[{var}] if type({var}) is str and {var} in {members}"
                f" else {hook}({var}, {type_name}))"
            )
        if type_ in self.cached:
            cache = self.name(_cache_of(self.conv.get_structure_hook(type_), type_), "cache")
            return f"({cache}({var}) if type({var}) is str else {hook}({var}, {type_name}))"
        return f"{hook}({var}, {type_name})"

    def write(self, type_: Any, var: str) -> str | None:
        """An expression writing model value ``var`` as JSON, or None when orjson writes it as
        it is (orjson calls ``converter.unstructure`` for anything it cannot write)."""
        if type_ in (str, int, bool) or _is_plain_enum(type_):
            return None
        element = _optional_of(type_)
        if element is not None:
            inner = self.write(element, var)
            return None if inner is None else f"(None if {var} is None else {inner})"
        element = _tuple_of(type_)
        if element is not None:
            item = f"{var}_item"
            inner = self.write(element, item)
            return None if inner is None else f"[{inner} for {item} in {var}]"
        if not isinstance(type_, type):  # dict[str, int], a union: the converter's hook
            return f"{self.unstructure_hook(type_)}({var})"
        type_name = self.name(type_, "type")
        if type_ is dt.date:
            # orjson writes a date as its isoformat, as the hook does, and much faster.
            return f"({var} if type({var}) is {type_name} else _unstructure({var}))"
        hook = self.unstructure_hook(type_)
        return f"({hook}({var}) if type({var}) is {type_name} else _unstructure({var}))"

    def compile(self, lines: list[str], function: str) -> Callable[..., Any]:
        # Code built from field names and types, never from input; names in the code are
        # those above, or quoted with repr.
        exec("\n".join(lines), self.namespace)
        generated: Callable[..., Any] = self.namespace[function]
        generated.__qualname__ = f"{function}_{re.sub(r'[^0-9A-Za-z_]', '_', self.cls.__name__)}"
        return generated


@contextmanager
def _generating(key: tuple[str, type]) -> Iterator[None]:
    """Marks a class's function as being generated (see :data:`_IN_PROGRESS`)."""
    _IN_PROGRESS.add(key)
    try:
        yield
    finally:
        _IN_PROGRESS.discard(key)


def _mentions_in_progress(type_: Any, kind: str) -> bool:
    """Whether ``type_`` is or contains (``tuple[X, ...]``, ``X | None``) a class whose function
    of ``kind`` is being generated: its hook is looked up when it is called."""
    if (kind, type_) in _IN_PROGRESS:
        return True
    return any(_mentions_in_progress(arg, kind) for arg in get_args(type_))


_MISSING: Any = object()


class NotAnObjectError(ValueError):
    """A JSON value that is not an object where an attrs class is expected (``value``)."""

    def __init__(self, value: object) -> None:
        super().__init__(value)
        self.value = value


def _not_an_object(value: object) -> None:
    raise NotAnObjectError(value)


def _failed(
    errors: list[Exception] | None, exc: Exception, note: AttributeValidationNote
) -> list[Exception]:
    """``errors`` with ``exc``, the error of the field ``note`` names."""
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return [exc] if errors is None else [*errors, exc]


@cache
def _cache_of(hook: StructureFn, type_: Any) -> Callable[[str], Any]:
    # lru_cache is implemented in C: a repeated text costs a dict lookup, not a Python call.
    @lru_cache(maxsize=8192)
    def cached(value: str) -> Any:
        return hook(value, type_)

    return cached


def _is_plain_enum(type_: Any) -> bool:
    # An enum that is also an int or a str is read and written as one by cattrs and orjson.
    return (
        isinstance(type_, type)
        and issubclass(type_, Enum)
        and not issubclass(type_, (int, str, float, bytes))
    )


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
