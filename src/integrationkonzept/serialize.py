"""Lossless JSON for every model class: orjson, one cattrs converter, a schema version.

A document looks like ``{"schema_version": 1, "type": "Dataset", "data": {...}}``. Dates are ISO
strings, money is a decimal string with two places (``"80000.00"``), other decimals are strings,
enums their values; fields at their default are left out. Reading is strict: no float where money
or a decimal is expected, no number where text is expected, no unknown key. Every problem is
reported with its JSON path and the bad value, all of them at once.

There is one writer and one reader: the cattrs converter (:func:`converter`). ``dump`` and
``encode`` unstructure an object with it into dicts and lists that orjson writes; ``load`` and
``decode`` structure orjson's reading with it. Its hooks for attrs classes are generated per
class (:mod:`._json_codegen`), with the fields spelled out and the common values inline (faster
than cattrs' own: a quarter for reading a large data set, half for writing it); they raise what
cattrs' detailed validation raises, so that every problem is reported with its JSON path. After
an error, :func:`load` parses the text again with the standard library only to quote numbers as
written, and reads that with the same converter.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
import orjson
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationNote

from ._json_codegen import NotAnObjectError, make_structure_fn, make_unstructure_fn
from .errors import DataError, InvalidValueError
from .migrations import DOCUMENT, FormatError, migrate_document
from .model.money import Money

__all__ = [
    "SCHEMA_VERSION",
    "converter",
    "decode",
    "dump",
    "dump_file",
    "encode",
    "escape_controls",
    "load",
    "without_cycle_collection",
]

#: The version of the document format this library writes; it reads this one and every older
#: one (brought up to date by the steps of :data:`.migrations.DOCUMENT` as it is read).
SCHEMA_VERSION: Final = DOCUMENT.current

T = TypeVar("T")

# [0-9], not \d: Decimal and int() also read Arabic-Indic and other digits.
DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATETIME: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"([+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)
DECIMAL: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class _BadValueError(ValueError):
    """A JSON value of the wrong shape; the message is for the user."""


class _WrittenNumber(float):
    """A number read again after an error, keeping its text as written: orjson reads an integer
    beyond 64 bits as a float, and ``99999999999999999999999999`` must not be shown as 1e+26."""

    written: str

    def __new__(cls, written: str) -> _WrittenNumber:
        number = super().__new__(cls, float(written))
        number.written = written
        return number


def _show(value: object) -> str:
    if isinstance(value, _WrittenNumber):
        text = value.written
    elif isinstance(value, bytes):
        text = repr(value)
    elif isinstance(value, int) and not isinstance(value, bool):  # also beyond 64 bits
        text = str(value)
    else:
        text = orjson.dumps(value).decode()
    return text if len(text) <= 80 else text[:77] + "…"


def _structure_str(value: object, _type: type) -> str:
    if not isinstance(value, str):
        raise _BadValueError(f"{_show(value)} ist kein Text")
    return value


def _structure_int(value: object, _type: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _BadValueError(f"{_show(value)} ist keine ganze Zahl")
    return value


def _structure_bool(value: object, _type: type) -> bool:
    if not isinstance(value, bool):
        raise _BadValueError(f"{_show(value)} ist nicht true oder false")
    return value


def _structure_date(value: object, _type: type) -> dt.date:
    if isinstance(value, str) and DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _BadValueError(f"{_show(value)} ist kein gültiges Datum (erwartet JJJJ-MM-TT)")


def _structure_datetime(value: object, _type: type) -> dt.datetime:
    if isinstance(value, str) and DATETIME.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _BadValueError(
        f"{_show(value)} ist kein gültiger Zeitpunkt (erwartet JJJJ-MM-TTThh:mm:ss)"
    )


def _structure_decimal(value: object, _type: type) -> Decimal:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and DECIMAL.fullmatch(value):
        return Decimal(value)
    raise _BadValueError(f'{_show(value)} ist keine Dezimalzahl (erwartet Text wie "12.5")')


def _structure_money(value: object, _type: type) -> Money:
    if isinstance(value, str):
        try:
            return Money.from_json(value)
        except ValueError:
            pass
    raise _BadValueError(f'{_show(value)} ist kein Betrag (erwartet Text wie "80000.00")')


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(orjson.dumps(member.value).decode() for member in cls)
        raise _BadValueError(f"{_show(value)} ist keiner der Werte {allowed}") from None


_MISSING = "Pflichtfeld fehlt"


def _format_exception(exc: BaseException, _type: type | None) -> str:
    if isinstance(exc, KeyError):
        return _MISSING
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unbekannte Felder: {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, (_BadValueError, InvalidValueError)):  # says what is wrong, in German
        return str(exc)
    if isinstance(exc, NotAnObjectError):
        return f"{_show(exc.value)} ist kein Objekt"
    if isinstance(exc, TypeError) and str(exc).endswith("object is not iterable"):
        return "erwartet eine Liste"
    if isinstance(exc, AttributeError) and "'items'" in str(exc):
        return "erwartet ein Objekt"
    if isinstance(exc, (ValueError, TypeError)):
        return f"ungültiger Wert: {exc}"
    return f"unerwarteter Fehler: {exc!r}"


def _is_tuple(type_: Any) -> bool:
    origin: Any = get_origin(type_)
    return origin is tuple


def _tuple_hook(conv: cattrs.Converter, tuple_type: Any) -> Callable[[Any, Any], Any]:
    # The model's tuples are all tuple[X, ...]. A list is required (cattrs would iterate any
    # iterable: "abc" into ("a", "b", "c")); the fast path builds the tuple in one go, and only
    # when an element fails is the list read again to report every bad element by its index.
    (element, *_rest) = get_args(tuple_type)
    structure_element = conv.get_structure_hook(element)

    def structure_tuple(value: Any, _type: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _BadValueError(f"{_show(value)} ist keine Liste")
        try:
            return tuple([structure_element(item, element) for item in value])
        except Exception:  # read again below, collecting every bad element with its index
            pass
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                structure_element(item, element)
            except Exception as exc:
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(
                        f"Structuring {tuple_type} @ index {index}", index, element
                    ),
                ]
                errors.append(exc)
        raise cattrs.IterableValidationError(f"invalid {tuple_type}", errors, tuple_type)

    return structure_tuple


# Values that are immutable and repeat in a data set, read through a cache of their hook.
_CACHED: Final = (dt.date, Money)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Enum, _structure_enum)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_structure_hook_factory(_is_tuple, lambda t: _tuple_hook(conv, t))
    conv.register_structure_hook_factory(
        _is_model_class, lambda cls: make_structure_fn(cls, conv, _CACHED)
    )

    conv.register_unstructure_hook(Money, Money.to_json)
    # Fixed-point: str() would give exponent notation (1E+2) for some values.
    conv.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    # isoformat keeps an offset's seconds, which orjson's own datetime output drops.
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook_factory(
        _is_model_class, lambda cls: make_unstructure_fn(cls, conv)
    )
    return conv


def _is_model_class(type_: Any) -> bool:
    return attrs.has(type_) and type_ is not Money  # Money is a JSON string


@cache
def converter() -> cattrs.Converter:
    """The library's one converter (built once), for reading and writing.

    ``structure`` reads JSON values as orjson parses them and reports every problem with its
    JSON path (see :func:`cattrs.transform_error`); ``unstructure`` makes the dicts and lists
    orjson writes (dates and plain enums are left to orjson, which writes them as their
    ``isoformat`` and value). Use :func:`load`, :func:`dump`, :func:`decode` and
    :func:`encode` rather than this.
    """
    return _make_converter()


def _unstructure_other(value: object) -> object:
    # orjson's default: called for a value orjson cannot write, which the generated functions
    # leave as it is when it has its field's declared type (text, a number, an enum), and so
    # only for a value of another type.
    unstructured = converter().unstructure(value)
    if unstructured is value:
        raise TypeError(f"{type(value).__name__} is not part of the model")
    return unstructured


def encode(obj: object) -> bytes:
    """``obj`` as compact JSON without the document envelope (for storage)."""
    with without_cycle_collection():
        return orjson.dumps(converter().unstructure(obj), default=_unstructure_other)


def decode(data: str | bytes, cls: type[T]) -> T:
    """The inverse of :func:`encode`; problems raise :class:`DataError` with JSON paths."""
    with without_cycle_collection():
        document = orjson.loads(data)
    return _structure(document, cls, "$", None)


def dump(obj: object, *, pretty: bool = False) -> str:
    """``obj`` (any model object) as a JSON document with schema version and type name."""
    with without_cycle_collection():
        document = {
            "schema_version": DOCUMENT.current,
            "type": type(obj).__name__,
            "data": converter().unstructure(obj),
        }
        option = orjson.OPT_INDENT_2 if pretty else 0
        return orjson.dumps(document, default=_unstructure_other, option=option).decode()


def dump_file(obj: object) -> bytes:
    """``obj`` as the JSON file the command line writes: :func:`dump`, indented, with a final
    newline, and :func:`escape_controls` applied: showing the file never drives a terminal."""
    return escape_controls((dump(obj, pretty=True) + "\n").encode())


# DEL and the C1 controls in UTF-8 (orjson escapes the C0 controls itself).
_CONTROLS = re.compile(b"\x7f|\xc2[\x80-\x9f]")


def escape_controls(data: bytes) -> bytes:
    """UTF-8 JSON ``data`` with DEL and the C1 controls written as ``\\u007f`` … ``\\u009f``:
    the same JSON to every reader, and nothing a terminal would act on when it is shown."""
    return _CONTROLS.sub(_escaped, data)


def _escaped(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode())


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (as :func:`dump`, :func:`load`,
    :func:`encode` and :func:`decode` do), when it makes or reads many objects at once.

    Reading or writing a large data set makes hundreds of thousands of objects and no reference
    cycles; the collector would scan them again and again for nothing (a fifth of the time of
    reading 10,000 measures, half of writing them). Pauses nest; the collector is switched on
    again only if it was on before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _structure(data: Any, cls: type[T], path: str, name: str | None) -> T:
    try:
        with without_cycle_collection():
            result: T = converter().structure(data, cls)
        return result
    except (ClassValidationError, cattrs.IterableValidationError) as exc:
        messages = cattrs.transform_error(exc, path, _format_exception)
        raise DataError(tuple(_split(message) for message in messages), name) from None
    except (ValueError, TypeError) as exc:
        raise DataError(((path, _format_exception(exc, None)),), name) from None


def load(cls: type[T], text: str | bytes, *, name: str | None = None) -> T:
    """Read a document written by :func:`dump` back into a ``cls`` instance.

    Raises :class:`~integrationkonzept.errors.DataError` listing every problem with its JSON path
    (a missing field also with the id of its object); ``name`` (e.g. the file name) is put in
    front of each message. A UTF-8 byte order mark is skipped; a key that occurs twice in one
    object is refused (JSON readers differ in which one they keep).
    """
    text = _without_bom(text)
    try:
        with without_cycle_collection():  # orjson makes as many objects as the reader
            document = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        problem = f"kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno}): {_german(exc.msg)}"
        raise DataError((("$", problem),), name) from None
    duplicates = _duplicate_keys(text, document)
    if duplicates:
        raise DataError(duplicates, name)
    if not isinstance(document, dict):
        raise DataError((("$", "erwartet ein Objekt mit schema_version, type und data"),), name)
    problems = _check_envelope(document, cls)
    if problems:
        raise DataError(_explained(problems, _read_as_written(text)), name)
    # An older document is brought up to date in memory, before it is structured; the file is
    # left as it is (writing it again writes the current version).
    document = migrate_document(document)
    try:
        return _structure(document["data"], cls, "$.data", name)
    except DataError as exc:
        problems = exc.problems
    # Say it again from the text as written: orjson reads an integer beyond 64 bits as a float
    # (99999999999999999999999999 would be "1e+26", and not even a whole number).
    written = _read_as_written(text)
    if written is not None:  # the paths of the problems are those of the migrated document
        written = (migrate_document(written[0]), written[1])
    if written is not None and written[1]:
        try:
            _structure(written[0]["data"], cls, "$.data", name)
        except DataError as exc:
            problems = exc.problems
    raise DataError(_explained(problems, written), name)


_BOM = "\ufeff"


#: What the JSON reader says, in German; longest first (a message may start with a shorter one).
_JSON_PROBLEMS: Final = (
    ("Input is a zero-length, empty document", "die Datei ist leer"),
    ("unexpected end of data", 'das JSON endet vorzeitig (fehlt eine Klammer oder ein "?)'),
    ("trailing comma is not allowed", "nach dem letzten Eintrag steht ein Komma zu viel"),
    ("unexpected content after document", "nach dem Ende des JSON steht noch etwas"),
    ("unexpected character, expected a string key", 'erwartet einen Feldnamen in "…"'),
    ("unexpected character, expected a JSON value", "erwartet einen JSON-Wert"),
    ("unexpected character, expected ',' or ']'", "erwartet „,“ oder „]“"),
    ("unexpected character, expected ',' or '}'", "erwartet „,“ oder „}“"),
    ("unexpected character, expected ':'", "erwartet „:“ nach dem Feldnamen"),
    ("invalid escaped sequence in string", "ungültige Escape-Folge (\\…) im Text"),
    ("unexpected control character in string", "Steuerzeichen im Text (als \\u… schreiben)"),
    ("invalid literal", "ungültiges Wort (erlaubt: true, false, null)"),
    ("invalid number", "ungültige Zahl"),
    ("number with leading zero is not allowed", "eine Zahl darf nicht mit 0 beginnen"),
    ("no digit after", "ungültige Zahl (es fehlt eine Ziffer)"),
    ("str is not valid UTF-8", "kein gültiges UTF-8"),
)


def _german(message: str) -> str:
    """The JSON reader's ``message`` in German; one not listed as it is, marked as the reader's."""
    for english, german in _JSON_PROBLEMS:
        if message.startswith(english):
            return german
    return f"{message} (Meldung des JSON-Lesers)"


def _without_bom(text: str | bytes) -> str | bytes:
    """``text`` without a UTF-8 byte order mark (editors on Windows write one; orjson refuses
    it, while the CSV and text importers have always skipped it)."""
    if isinstance(text, str):
        return text[1:] if text.startswith(_BOM) else text
    return text[3:] if text.startswith(b"\xef\xbb\xbf") else text


# --- duplicate keys ------------------------------------------------------------------------------


def _duplicate_keys(text: str | bytes, document: object) -> tuple[tuple[str, str], ...]:
    """Each key that occurs twice in one object of ``text``, with the JSON path and the lines of
    both; orjson keeps the last silently.

    The check costs almost nothing for a document as :func:`dump` wrote it: orjson writes the
    parsed document again, and when that gives the text back byte for byte no key was lost. Only
    other text (written by hand or by another program) is read again, by the standard library,
    watching every object's keys; and only when a key occurs twice is the text scanned to say
    where.
    """
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    option = orjson.OPT_INDENT_2 if raw[:2] == b"{\n" else 0
    try:
        if orjson.dumps(document, option=option) == raw.rstrip(b"\n"):
            return ()
    except (TypeError, orjson.JSONEncodeError):  # e.g. an integer beyond 64 bits
        pass
    try:
        json.loads(raw, object_pairs_hook=_refuse_duplicates)
    except _DuplicateKeyError:
        return _locate_duplicates(raw.decode("utf-8", "replace"))
    except (ValueError, RecursionError):  # orjson read it; deeper than this reader can go
        return ()
    return ()


class _DuplicateKeyError(Exception):
    """A key that occurs twice in one object."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKeyError
    return result


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|\s+', re.DOTALL)


def _locate_duplicates(text: str) -> tuple[tuple[str, str], ...]:
    """The JSON path of each key that occurs twice in one object, with the lines of both."""
    problems: list[tuple[str, str]] = []
    # For each open container: its path, the keys seen (with their line) or the next index, and
    # whether the next string is a key.
    stack: list[tuple[str, dict[str, int] | None]] = []
    index: list[int] = []
    line = 1
    expect_key = False
    key: str | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0] in " \t\r\n":
            line += token.count("\n")
            continue
        path, keys = stack[-1] if stack else ("$", None)
        if token in ("{", "["):
            if keys is not None and key is not None:
                child = _child_path(path, key)
            elif stack and keys is None:
                child = f"{path}[{index[-1]}]"
            else:
                child = "$"
            stack.append((child, {} if token == "{" else None))
            index.append(0)
            expect_key = token == "{"
            key = None
        elif token in ("}", "]"):
            stack.pop()
            index.pop()
            key = None
        elif token == ",":
            if keys is None:
                index[-1] += 1
            else:
                expect_key = True
                key = None
        elif token == ":":
            expect_key = False
        elif expect_key and keys is not None and token[0] == '"':
            key = json.loads(token)
            if key in keys:
                problems.append(
                    (
                        path,
                        f"das Feld „{key}“ steht zweimal in diesem Objekt (Zeile {keys[key]} und "
                        f"Zeile {line}); bitte eines entfernen",
                    )
                )
            else:
                keys[key] = line
        line += token.count("\n") if token[0] == '"' else 0
    return tuple(problems) or (("$", "ein Feld steht zweimal im selben Objekt"),)


def _child_path(path: str, key: str) -> str:
    return f"{path}.{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f"{path}[{key!r}]"


# --- messages naming the object and the value as written -----------------------------------------


def _explained(
    problems: tuple[tuple[str, str], ...], written: tuple[Any, bool] | None
) -> tuple[tuple[str, str], ...]:
    """``problems`` with numbers shown as written; a missing field names the object it is
    missing from (by its id) when that object has one."""
    if written is None:
        return problems
    document = written[0]
    out = []
    for path, message in problems:
        values = _walk(document, path)
        message = _with_written_number(message, values[-1])
        # A missing field shows no value that would tell which object it is.
        owner = _owner_id(values) if message == _MISSING else None
        if owner is not None:
            message += f" (im Objekt mit id „{owner}“)"
        out.append((path, message))
    return tuple(out)


def _read_as_written(text: str | bytes) -> tuple[Any, bool] | None:
    """The document read again keeping numbers as written (integers of any size, others as
    :class:`_WrittenNumber`), and whether it differs from orjson's reading."""
    big = False

    def integer(written: str) -> int:
        nonlocal big
        value = int(written)
        big = big or not -(2**63) <= value < 2**64
        return value

    try:
        return json.loads(text, parse_int=integer, parse_float=_WrittenNumber), big
    except (ValueError, RecursionError):
        return None


_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]")


def _walk(document: Any, path: str) -> list[Any]:
    """The values along ``path`` (``$.data.measures[3].title``), from the document down."""
    values = [document]
    for match in _STEP.finditer(path, 1):
        current = values[-1]
        name, position, quoted = match.groups()
        if position is not None and isinstance(current, list) and int(position) < len(current):
            values.append(current[int(position)])
        elif isinstance(current, dict) and (name or quoted) in current:
            values.append(current[name or quoted])
        else:
            break
    return values


def _with_written_number(message: str, value: Any) -> str:
    if isinstance(value, _WrittenNumber):
        shown = orjson.dumps(float(value)).decode()
        return message.replace(shown, _show(value), 1)
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**64:
        shown = orjson.dumps(float(value)).decode()
        written = _show(value)
        return message.replace(
            f"{shown} ist keine ganze Zahl", f"{written} ist zu groß für eine ganze Zahl"
        ).replace(shown, written, 1)
    return message


def _owner_id(values: list[Any]) -> str | None:
    """The id of the innermost object among ``values`` (along a path) that has one."""
    for value in reversed(values):
        if isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"]:
            shown: str = value["id"]
            return shown if len(shown) <= 60 else shown[:59] + "…"
    return None


def _check_envelope(document: dict[str, Any], cls: type) -> tuple[tuple[str, str], ...]:
    problems = []
    version = document.get("schema_version")
    if type(version) is not int:  # true == 1.0 == 1 in Python
        problems.append(
            (
                "$.schema_version",
                f"{_show(version)}: erwartet das Format der Datei als ganze Zahl "
                f"(diese Programmversion liest Format 1 bis {DOCUMENT.current})",
            )
        )
    else:
        try:
            DOCUMENT.pending(version)  # a newer version: what to do; an older one is migrated
        except FormatError as exc:
            problems.append(("$.schema_version", str(exc)))
    if document.get("type") != cls.__name__:
        problems.append(("$.type", f'{_show(document.get("type"))}: erwartet "{cls.__name__}"'))
    if "data" not in document:
        problems.append(("$.data", "Pflichtfeld fehlt"))
    extra = sorted(set(document) - {"schema_version", "type", "data"})
    if extra:
        problems.append(("$", f"unbekannte Felder: {', '.join(extra)}"))
    return tuple(problems)


def _split(message: str) -> tuple[str, str]:
    text, _, path = message.rpartition(" @ ")
    return (path, text) if text else ("$", message)
