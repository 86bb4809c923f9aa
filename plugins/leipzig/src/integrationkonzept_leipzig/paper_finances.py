"""The financial-effects table of a Leipzig council paper: budget lines from its rows of year
and amount, ``Summe`` rows checked against them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final

import attrs

from integrationkonzept.errors import ParseError
from integrationkonzept.model import BudgetLine, BudgetPhase, Money, Purpose, Source, SourceKind
from integrationkonzept.plugin import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, Line, parse_error_at

from .common import base_name, eur, fiscal_year, later_year
from .paper_blocks import Block
from .purposes import Mention, assign
from .references import Layout, LeipzigReference

__all__ = ["FINANCES", "read_finances"]

_YEAR_ROW: Final = re.compile(r"(?P<year>[12][0-9]{3})(?: ?\| ?| )(?P<rest>.+)")
_SUM_ROW: Final = re.compile(r"(?:Summe|Gesamtsumme|Gesamt|Insgesamt)\b(?P<rest>.*)")
#: An amount with its currency: euro, or thousands of euro (``T€``, ``TEUR``).
_AMOUNT: Final = re.compile(
    r"(?<![\w.,])(?P<number>[-−]?[0-9][0-9.]*(?:,(?:[0-9]+|--?|–))?)\s*"
    r"(?P<unit>T€|TEUR\b|€|EUR\b|Euro\b)"
)
#: A number written like an amount (grouped, with decimals, or three digits and more).
_BARE_NUMBER: Final = re.compile(
    r"(?<![\w.,/])[-−]?(?:[0-9]{1,3}(?:\.[0-9]{3})+(?:,(?:[0-9]+|--?|–))?"
    r"|[0-9]+,(?:[0-9]+|--?|–)|[0-9]{3,})(?![\w.,/])"
)
_THOUSANDS: Final = re.compile(r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<frac>[0-9]+))?")
#: The years a ``Summe`` row names: ``2023``, ``2023/24``, ``2023–2024``, ``2023 und 2024``.
_SUM_YEARS: Final = re.compile(
    r"(?<![0-9])(?P<a>[12][0-9]{3})(?:\s*(?:/|–|-|bis|und)\s*(?P<b>[0-9]{4}|[0-9]{2}))?(?![0-9])"
)


#: The section that holds the table (and the label of its messages).
FINANCES: Final = "Finanzielle Auswirkungen"


def _proposal_phase(reference: LeipzigReference) -> BudgetPhase | None:
    """Whose amounts a financial table states: a Beschlussvorlage's (the administration's draft)
    or a motion's (requested); ``None`` for any other paper (its table stays text only)."""
    codes = [suffix.code for suffix in reference.suffixes if suffix.code != "NF"]
    if codes:
        return {"ÄA": BudgetPhase.REQUESTED, "DS": BudgetPhase.DRAFT}.get(codes[-1])
    if reference.layout is Layout.DECISION:
        return None
    return {"DS": BudgetPhase.DRAFT, "A": BudgetPhase.REQUESTED, "HP": BudgetPhase.REQUESTED}.get(
        reference.type
    )


def _thousands(number: str, written: str, name: str, line: Line) -> Money:
    """``40,5`` thousand euro as 40.500,00 € — exactly, or refused."""
    negative = number[:1] in "-−"
    found = _THOUSANDS.fullmatch(number.lstrip("-−"))
    if found is None:
        raise parse_error_at(
            f"{FINANCES}: „{written}“ ist kein Betrag in T€", written, file=name, line=line.number
        )
    digits = found["int"].replace(".", "") + "." + (found["frac"] or "0")
    value = Decimal(digits) * 1000
    if value != value.quantize(Decimal("0.01")):
        raise parse_error_at(
            f"{FINANCES}: „{written}“ ist kein Betrag in ganzen Cent",
            written,
            file=name,
            line=line.number,
        )
    return Money.of(-value if negative else value)


def _amount_in(text: str, name: str, line: Line) -> Money | None:
    """The one amount of a table row (``None`` when it has none); a number without currency is
    refused."""
    amounts = list(_AMOUNT.finditer(text))
    if not amounts:
        bare = _BARE_NUMBER.search(text)
        if bare is not None and not _plausible_year(bare.group()):
            raise parse_error_at(
                f"{FINANCES}: Betrag ohne Währung „{bare.group()}“ in „{line.text}“ (erwartet "
                "z. B. „40.000,00 €“ oder „40 T€“)",
                bare.group(),
                file=name,
                line=line.number,
            )
        return None
    if len(amounts) > 1:
        raise parse_error_at(
            f"{FINANCES}: mehr als ein Betrag in „{text}“", text, file=name, line=line.number
        )
    found = amounts[0]
    if found["unit"] in ("T€", "TEUR"):
        return _thousands(found["number"], found.group(), name, line)
    try:
        return Money.parse(found.group().replace("−", "-"))
    except ParseError as exc:
        raise parse_error_at(
            f"{FINANCES}: {exc.message}", found.group(), file=name, line=line.number
        ) from None


def _plausible_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and MIN_FISCAL_YEAR <= int(text) <= MAX_FISCAL_YEAR


def _sum_years(text: str, name: str, line: Line) -> set[int] | None:
    """The years a ``Summe`` row is for (``None``: all rows)."""
    years: set[int] = set()
    for found in _SUM_YEARS.finditer(_AMOUNT.sub(" ", text)):
        first = fiscal_year(found["a"], name, line.number)
        last = first
        if found["b"]:
            last = later_year(first, found["b"])
            fiscal_year(found.group(), name, line.number, last)
            if not first < last <= first + 10:
                raise parse_error_at(
                    f"{FINANCES}: „{found.group()}“ ist kein Zeitraum von Haushaltsjahren",
                    found.group(),
                    file=name,
                    line=line.number,
                )
        years.update(range(first, last + 1))
    return years or None


@attrs.frozen
class _Row:
    year: int
    words: str
    amount: Money
    line: Line


def read_finances(
    block: Block,
    name: str,
    reference: LeipzigReference,
    paper_title: str,
    day: dt.date | None,
    taken: set[str],
) -> tuple[list[Purpose], list[BudgetLine]]:
    """Budget lines from a financial-effects table; ``taken`` holds the line ids already used.

    Only a Beschlussvorlage's or a motion's table gives lines (:func:`_proposal_phase`)."""
    ref = reference.format()
    phase = _proposal_phase(reference)
    if phase is None:
        return [], []
    rows: list[_Row] = []
    sums: list[tuple[set[int] | None, Money, Line]] = []
    for line in block.lines:
        row = _YEAR_ROW.fullmatch(line.text)
        total = _SUM_ROW.fullmatch(line.text)
        if row is not None:
            amount = _amount_in(row["rest"], name, line)
            if amount is None:
                continue
            words = " ".join(_AMOUNT.sub(" ", row["rest"]).replace("|", " ").split())
            year = fiscal_year(row["year"], name, line.number)
            rows.append(_Row(year, words or paper_title or ref, amount, line))
        elif total is not None:
            amount = _amount_in(total["rest"], name, line)
            if amount is not None:
                sums.append((_sum_years(total["rest"], name, line), amount, line))
    for years, amount, line in sums:
        stated = sum(
            (item.amount for item in rows if years is None or item.year in years), Money.zero()
        )
        if stated != amount:
            raise parse_error_at(
                f"{FINANCES}: die Summe {eur(amount)} stimmt nicht mit den Zeilen überein "
                f"({eur(stated)})",
                line.text,
                file=name,
                line=line.number,
            )
    purposes = assign([Mention(row.words) for row in rows])
    budget_lines: list[BudgetLine] = []
    for item, purpose in zip(rows, purposes, strict=True):
        line_id = f"{ref}-{item.year}-{purpose.id}"
        serial = 2
        while line_id in taken:
            line_id = f"{ref}-{item.year}-{purpose.id}-{serial}"
            serial += 1
        taken.add(line_id)
        budget_lines.append(
            BudgetLine(
                id=line_id,
                fiscal_year=item.year,
                purpose=purpose.id,
                phase=phase,
                amount=item.amount,
                source=Source(
                    SourceKind.PAPER,
                    ref,
                    title=paper_title,
                    date=day,
                    locator=f"{base_name(name)}, {FINANCES}: „{item.line.text}“",
                ),
            )
        )
    return list(dict.fromkeys(purposes)), budget_lines
