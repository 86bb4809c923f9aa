"""Amounts in a Leipzig budget text: the phrases that place an amount in a fiscal year, and the
Doppelhaushalt a text names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.model import BudgetPeriod, Money
from integrationkonzept.plugin import full_year, parse_error_at

from .common import fiscal_year, later_year, located
from .lines import Joined
from .profile import PROFILE
from .purposes import sentence_purpose

__all__ = [
    "AMT",
    "AMT_OPTIONAL",
    "ANY_AMOUNT",
    "PERIOD",
    "PER_YEAR",
    "WHAT",
    "YEAR",
    "YearAmount",
    "budget_period",
    "first_phrase_start",
    "motion_purpose",
    "purpose_words",
    "year_amounts",
]

# The pieces of the amount phrases; the phrases of the Begründung (:mod:`.budget_phases`) are
# made of them too.
_NUMBER: Final = r"(?P<amount>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{2})?|[0-9]+(?:,[0-9]{2})?)"
AMT: Final = _NUMBER + r" ?(?:€|EUR\b|Euro\b)"
AMT_OPTIONAL: Final = _NUMBER + r"(?: ?(?:€|EUR\b|Euro\b))?"
YEAR: Final = r"(?P<year>[12][0-9]{3})"
PER_YEAR: Final = r"(?:p\. ?a\.|pro Jahr|jährlich|je Jahr)"
WHAT: Final = r"(?P<what>(?:[^.]|\.(?=[0-9]))*?)"  # a clause; dots only inside numbers
ANY_AMOUNT: Final = re.compile(AMT)

#: The phrases that place an amount in a year (or in every year of the context).
_PHRASES: Final = (
    ("colon", re.compile(rf"(?<![0-9]){YEAR} ?: ?{AMT}")),
    (
        "year_first",
        re.compile(
            rf"\b(?:im Jahr|für das Jahr|für) {YEAR} (?:zusätzlich |jeweils |weitere )?{AMT}"
        ),
    ),
    ("amount_first", re.compile(rf"{AMT} (?:im Jahr|für das Jahr|für) {YEAR}(?![0-9])")),
    ("per_year", re.compile(rf"{AMT} ?{PER_YEAR}")),
)
#: ``zusätzlich`` (``zusätzliche``, ``zusätzlichen``): an addition to what the draft holds.
_ADDITIONAL: Final = re.compile(r"(?<!\w)zusätzlich(?:e|en|er|es)?(?!\w)", re.IGNORECASE)
#: Where a sentence (or a clause of a list of amounts) ends.
_SENTENCE_END: Final = re.compile(r"[.!?](?=\s+[A-ZÄÖÜ])|;")

#: A Doppelhaushalt as written: ``2021/22``, ``21/22``, ``2019/2020``.
PERIOD: Final = r"(?P<period>[0-9]{2,4}/[0-9]{2,4})"


@attrs.frozen
class YearAmount:
    """An amount placed in a fiscal year by a phrase (``phrase`` as written, ``line`` where);
    ``additional`` when the text gives it ``zusätzlich`` (to what the draft holds)."""

    year: int
    amount: Money
    phrase: str
    line: int
    additional: bool = False


def _clause_start(text: str, offset: int) -> int:
    """Where the sentence (or the ``;`` clause) that holds ``offset`` begins."""
    start = 0
    for found in _SENTENCE_END.finditer(text, 0, offset):
        start = found.end()
    return start


def year_amounts(
    text: str, default_years: Sequence[int], where: str, joined: Joined | None = None
) -> list[YearAmount]:
    """Every amount in ``text`` with its fiscal year, read from the accepted phrases.

    ``default_years`` are the years of a ``p.a.``/``pro Jahr`` phrase. An amount no phrase places
    is a :class:`ParseError` (``where`` is the file name; lines from ``joined``), as is a year the
    model does not accept. ``zusätzlich`` in a phrase or before it in its sentence marks it
    ``additional``.
    """

    def line_at(offset: int) -> int:
        """The line of ``offset`` in ``text``."""
        return joined.line_at(offset) if joined is not None else 1

    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PHRASES:
        for found in pattern.finditer(text):
            candidates.append((found.start(), -(found.end() - found.start()), kind, found))
    candidates.sort(key=lambda item: (item[0], item[1]))
    accepted: list[tuple[str, re.Match[str]]] = []
    end = -1
    for start, _length, kind, found in candidates:
        if start >= end:
            accepted.append((kind, found))
            end = found.end()
    out: list[YearAmount] = []
    for kind, found in accepted:
        phrase = found.group()
        line = line_at(found.start())
        amount = located(Money.parse, found["amount"] + " €", where, line)
        before = text[_clause_start(text, found.start()) : found.start()]
        additional = bool(_ADDITIONAL.search(phrase) or _ADDITIONAL.search(before))
        if kind == "per_year":
            if not default_years:
                raise parse_error_at(
                    f"„{phrase}“: für welche Jahre? Kein Doppelhaushalt und kein Jahr genannt",
                    phrase,
                    file=where,
                    line=line,
                )
            out += [YearAmount(year, amount, phrase, line, additional) for year in default_years]
        else:
            year = fiscal_year(found["year"], where, line)
            out.append(YearAmount(year, amount, phrase, line, additional))
    covered = [(found.start(), found.end()) for _kind, found in accepted]  # sorted, disjoint
    index = 0
    for found in ANY_AMOUNT.finditer(text):
        while index < len(covered) and covered[index][1] <= found.start():
            index += 1
        if not (index < len(covered) and covered[index][0] <= found.start()):
            raise parse_error_at(
                f"Betrag „{found.group()}“ ohne Jahresangabe (erwartet z. B. „30.000 EUR im Jahr "
                "2021“, „2021: 30.000 EUR“ oder „30.000 EUR pro Jahr“)",
                found.group(),
                file=where,
                line=line_at(found.start()),
            )
    return out


def first_phrase_start(text: str) -> int | None:
    starts = [found.start() for _kind, pattern in _PHRASES if (found := pattern.search(text))]
    return min(starts) if starts else None


def motion_purpose(text: str) -> str:
    """What a motion's sentence asks money for: the noun phrase before its first amount."""
    first = first_phrase_start(text)
    return sentence_purpose(text[:first]) if first is not None else ""


def budget_period(text: str, where: str, line: int) -> BudgetPeriod:
    first_text, last_text = text.split("/")
    if len(first_text) not in (2, 4) or len(last_text) not in (2, 4):
        raise parse_error_at(
            f"„{text}“ ist kein Doppelhaushalt (erwartet z. B. „2021/22“)",
            text,
            file=where,
            line=line,
        )
    first = full_year(int(first_text)) if len(first_text) == 2 else int(first_text)
    last = later_year(first, last_text)
    fiscal_year(text, where, line, first)
    if last != first + 1:
        raise parse_error_at(
            f"„{text}“ ist kein Doppelhaushalt aus zwei aufeinanderfolgenden Jahren",
            text,
            file=where,
            line=line,
        )
    fiscal_year(text, where, line, last)
    period = BudgetPeriod((first, last))
    if PROFILE.budget_cadence.period_of(first) != period:
        raise parse_error_at(
            f"„{text}“ ist kein Leipziger Doppelhaushalt (2019/20, 2021/22, 2023/24, …)",
            text,
            file=where,
            line=line,
        )
    return period


def purpose_words(text: str) -> str:
    """The words of a bullet before its amounts (``(…)``, ``>``, ``:``, the first amount)."""
    cut = len(text)
    for marker in (" (", "(", " >", ">"):
        position = text.find(marker)
        if position >= 0:
            cut = min(cut, position)
    first = first_phrase_start(text)
    if first is not None:
        cut = min(cut, first)
    first_amount = ANY_AMOUNT.search(text)
    if first_amount is not None:
        cut = min(cut, first_amount.start())
    return text[:cut].strip(" ,;:")
