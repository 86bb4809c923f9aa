"""What both importers share: amounts in messages, fiscal years checked where they are read, and
reading every file of an import with its errors located.

Located errors (:func:`~integrationkonzept.plugin.parse_error_at`) and ids made of words
(:func:`~integrationkonzept.plugin.slug`, called with :data:`SLUG_LIMIT` and :data:`SLUG_EMPTY`)
come from the core.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Final, TypeVar

from integrationkonzept.errors import Location, ParseError
from integrationkonzept.model import Money
from integrationkonzept.plugin import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, InputFile, parse_error_at

__all__ = [
    "SLUG_EMPTY",
    "SLUG_LIMIT",
    "base_name",
    "eur",
    "fiscal_year",
    "later_year",
    "located",
    "read_each",
]

T = TypeVar("T")

#: Leipzig's ids made of words (purposes, decisions) are cut after whole words at 48 characters,
#: and a title without letters or digits is the purpose ``zweck``.
SLUG_LIMIT: Final = 48
SLUG_EMPTY: Final = "zweck"


def eur(amount: Money) -> str:
    """``80.000,00 €`` with a plain space, for messages."""
    return amount.format().replace("\xa0", " ")


def base_name(name: str) -> str:
    """The file's own name without its directory (no machine paths in the data)."""
    return PurePath(name).name or name


def fiscal_year(text: str, file: str, line: int | None, value: int | None = None) -> int:
    """``text`` (four digits, or ``value`` when the text writes it otherwise, e.g. ``21/22``) as
    a fiscal year the model accepts; a located error quoting ``text`` otherwise."""
    year = value if value is not None else int(text) if text.isascii() and text.isdigit() else None
    if year is None or not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise parse_error_at(
            f"„{text}“ ist kein Haushaltsjahr (erwartet {MIN_FISCAL_YEAR} bis {MAX_FISCAL_YEAR})",
            text,
            file=file,
            line=line,
        )
    return year


def read_each(
    files: Sequence[InputFile], parse: Callable[[str, str], T], what: str
) -> list[tuple[InputFile, T]]:
    """``parse(name, text)`` of every file, each error placed in its file.

    A :class:`ParseError` keeps its line; a model invariant the input broke (``ValueError``,
    ``TypeError`` — a last resort, the parsers check what they read) becomes a ``ParseError``
    naming the file and ``what`` could not be read.
    """
    if not files:
        raise ParseError("keine Datei angegeben")
    out: list[tuple[InputFile, T]] = []
    for file in files:
        try:
            out.append((file, parse(file.name, file.text())))
        except ParseError as exc:
            if exc.location is None or exc.location.file != file.name:
                line = exc.location.line if exc.location else None
                raise exc.at(Location(file.name, line)) from None
            raise
        except (ValueError, TypeError) as exc:
            raise parse_error_at(f"{what} nicht lesbar: {exc}", file=file.name) from exc
    return out


def located(read: Callable[[str], T], text: str, file: str, line: int) -> T:
    """``read(text)`` (a date, an amount, a reference), its :class:`ParseError` placed at ``file``
    and ``line``: the parsers of the core know the value, not where it stands."""
    try:
        return read(text)
    except ParseError as exc:
        raise exc.at(Location(file, line)) from None


def later_year(first: int, written: str) -> int:
    """The year ``written`` after ``first`` in a range (``2023/24``, ``2023–2024``): four digits
    as they stand, two digits in the century of ``first`` or the next one (``1999/00``)."""
    last = int(written)
    if len(written) == 2:
        last += first - first % 100 + (100 if last < first % 100 else 0)
    return last
