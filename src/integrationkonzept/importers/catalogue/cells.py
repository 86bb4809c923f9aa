"""Reading and checking cell values: the bad cells and their messages, and a parser per kind of
value (text, id, date, amount, decimal, fiscal year, one of a list of choices)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from ...errors import Location, ParseError
from ...german import parse_date
from ...i18n import text
from ...model.money import Money
from ...model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from ...safe import clean_text
from ...sheets import CELL_LIMIT, CUT_MARKS, canonical

# The start of each cut mark: a spreadsheet that cuts an edited cell again may cut the mark too.
_CUT_STARTS: Final = tuple(mark[: mark.index("[") + 8] for mark in CUT_MARKS.values())


def _looks_cut(text: str) -> bool:
    """Whether ``text`` is (an edit of) a text the export cut to fit a cell: it shows the cut
    mark near its end, or fills the cell to its limit."""
    return any(start in text[-60:] for start in _CUT_STARTS) or (
        len(text) > CELL_LIMIT // 2 and len(text.encode("utf-16-le")) >= 2 * CELL_LIMIT
    )


_MAX_LISTED: Final = 100  # bad cells listed in one message


class Formula(str):
    """A cell that holds a formula (its text), not a value."""


@attrs.frozen
class BadCell:
    """A cell that cannot be read: where it is, what it holds, and why it is refused.

    ``reason`` is a text key (``cell.<reason>`` in :mod:`integrationkonzept.i18n`) and
    ``params`` fills its placeholders, so the message exists in every language.
    """

    sheet: str
    row: int
    column: str
    header: str
    value: str
    reason: str
    params: tuple[tuple[str, str], ...] = ()

    def describe(self, lang: str = "de") -> str:
        """One line: ``Blatt „Maßnahmen“, Zeile 4, Spalte K (Fortschritt (%)): „120“ – …``."""
        where = text(
            "cell.where",
            lang,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            header=self.header,
        )
        shown = (
            text("cell.value", lang, value=self.value) if self.value else text("cell.empty", lang)
        )
        return f"{where}: {shown} – {text(f'cell.{self.reason}', lang, **dict(self.params))}"


class BadCellsError(ParseError):
    """Every bad cell of a file; nothing of the file was imported.

    ``str()`` is the German message, :meth:`localized` gives it in another language.
    """

    def __init__(self, file: str, cells: Sequence[BadCell]) -> None:
        self.file = file
        self.cells = tuple(cells)
        first = self.cells[0].row if self.cells else None
        super().__init__(self.localized("de"), None, Location(file, first))

    def localized(self, lang: str) -> str:
        """The message in ``lang``: a summary line, then one line per bad cell."""
        lines = [f"{self.file}: {text('cell.summary', lang, count=len(self.cells))}"]
        lines += [f"  {cell.describe(lang)}" for cell in self.cells[:_MAX_LISTED]]
        if len(self.cells) > _MAX_LISTED:
            lines.append(f"  … (+{len(self.cells) - _MAX_LISTED})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message


class _BadValueError(Exception):
    """A cell value that cannot be used, with the text key of the reason."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = tuple((key, str(value)) for key, value in params.items())


def _letter(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _show(raw: object) -> str:
    shown = canonical(raw) if not isinstance(raw, str) else clean_text(raw)
    shown = " ".join(shown.split())
    return shown if len(shown) <= 60 else shown[:59] + "…"


# --- parsing cells -------------------------------------------------------------------------------

_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PLAIN_AMOUNT = re.compile(r"[-+]?[0-9]+(\.[0-9]{1,2})?")
_DECIMAL = re.compile(r"[-+]?[0-9]+([.,][0-9]+)?")
_ONE_DECIMAL = re.compile(r"[-+]?[0-9.]+,[0-9]")


def _no_formula(raw: object) -> None:
    if isinstance(raw, Formula):
        raise _BadValueError("formula")


def _text(raw: object) -> str:
    _no_formula(raw)
    if raw is None:
        return ""
    if isinstance(raw, str):
        if _looks_cut(raw):  # read only when changed: an edit of a cut text
            raise _BadValueError("cut_edited")
        return clean_text(raw)
    return canonical(raw)


def _ident(raw: object) -> str:
    return _text(raw).strip()


def _date(raw: object) -> dt.date | None:
    _no_formula(raw)
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0):
            raise _BadValueError("not_date")
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise _BadValueError("not_date")
    value = raw.strip()
    if not value:
        return None
    try:
        if match := _DATE_ISO.fullmatch(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        # 31.12.2025, 1.2.25 and 3. Mai 2024, as the command line reads them.
        return parse_date(value)
    except (ValueError, ParseError):
        pass
    raise _BadValueError("not_date")


def _money(raw: object) -> Money | None:
    _no_formula(raw)
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _BadValueError("not_amount", why=text("cell.not_number", "de"))
    try:
        if isinstance(raw, int):
            return Money.of(raw)
        if isinstance(raw, float | Decimal):
            number = Decimal(repr(raw)) if isinstance(raw, float) else raw
            return Money(number)
        if isinstance(raw, str):
            value = raw.strip()
            if not value:
                return None
            if _PLAIN_AMOUNT.fullmatch(value):
                return Money.of(value.lstrip("+"))
            if _ONE_DECIMAL.fullmatch(value):
                value += "0"  # spreadsheets write 7500,5 for 7.500,50 €
            return Money.parse(value)
    except ParseError as exc:
        raise _BadValueError("not_amount", why=exc.message) from None
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise _BadValueError("not_amount", why=str(exc)) from None
    raise _BadValueError("not_amount", why=text("cell.not_number", "de"))


def _decimal(raw: object, percent: bool) -> Decimal | None:
    _no_formula(raw)
    if raw is None:
        return None
    number: Decimal
    if isinstance(raw, bool):
        raise _BadValueError("not_number")
    if isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, str):
        value = raw.strip()
        if percent and value.endswith("%"):
            value = value[:-1].strip()
        if not value:
            return None
        if not _DECIMAL.fullmatch(value):
            raise _BadValueError("not_number")
        number = Decimal(value.replace(",", "."))
    else:
        raise _BadValueError("not_number")
    if not number.is_finite():
        raise _BadValueError("not_number")
    if percent and not Decimal(0) <= number <= Decimal(100):
        raise _BadValueError("percent_range")
    if not percent and number <= 0:
        raise _BadValueError("not_positive")
    return number


def _year(raw: object) -> int | None:
    _no_formula(raw)
    if raw is None:
        return None
    year: int | None = None
    if isinstance(raw, bool):
        year = None
    elif isinstance(raw, int):
        year = raw
    elif isinstance(raw, float | Decimal) and raw == int(raw):
        year = int(raw)
    elif isinstance(raw, str):
        value = raw.strip()
        if not value:
            return None
        if re.fullmatch(r"[0-9]{4}", value):
            year = int(value)
    if year is None or not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise _BadValueError("not_year")
    return year


def _choose(value: str, options: dict[str, str], shown: Sequence[str] = ()) -> str:
    """The id whose id or label (any case) is ``value``; raises ``unknown`` naming ``shown``
    (what a user picks from, e.g. German labels) or else the ids."""
    if value in options.values():
        return value
    folded = value.casefold()
    for label, key in options.items():
        if label.casefold() == folded:
            return key
    known = ", ".join(shown or sorted(set(options.values()))) or "–"
    raise _BadValueError("unknown", known=known)
