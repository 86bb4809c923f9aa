"""What both importers share: located errors, amounts in messages, ids made of words, fiscal
years checked where they are read, and reading every file of an import with its errors located.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Final, TypeVar

from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import Location, ParseError
from integrationkonzept.model import Money
from integrationkonzept.model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR

__all__ = ["base_name", "eur", "fail", "fiscal_year", "read_each", "slug"]

T = TypeVar("T")

_UMLAUTS: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fail(message: str, value: str | None, file: str, line: int | None) -> ParseError:
    """A :class:`ParseError` at ``file``, ``line`` (German ``message``, ``value`` as written)."""
    return ParseError(message, value, Location(file, line))


def eur(amount: Money) -> str:
    """``80.000,00 €`` with a plain space, for messages."""
    return amount.format().replace("\xa0", " ")


def base_name(name: str) -> str:
    """The file's own name without its directory (no machine paths in the data)."""
    return PurePath(name).name or name


def slug(text: str, limit: int | None = 48) -> str:
    """Lower-case ASCII words joined by ``-`` (``Förderung von MSO`` → ``foerderung-von-mso``),
    cut after whole words at ``limit`` characters (``None``: not cut); ``zweck`` when empty."""
    lowered = text.casefold().translate(_UMLAUTS)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    out = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text):
        candidate = f"{out}-{word}" if out else word
        if limit is not None and len(candidate) > limit:
            break
        out = candidate
    return out or "zweck"


def fiscal_year(text: str, file: str, line: int | None, value: int | None = None) -> int:
    """``text`` (four digits, or ``value`` when the text writes it otherwise, e.g. ``21/22``) as
    a fiscal year the model accepts; a located error quoting ``text`` otherwise."""
    year = value if value is not None else int(text) if text.isascii() and text.isdigit() else None
    if year is None or not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise fail(
            f"„{text}“ ist kein Haushaltsjahr (erwartet {MIN_FISCAL_YEAR} bis {MAX_FISCAL_YEAR})",
            text,
            file,
            line,
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
            raise fail(f"{what} nicht lesbar: {exc}", None, file.name, None) from exc
    return out
