"""What the Begründung (earlier drafts, a buffer, this draft), the decision (adopted) and the
status report (actual) of a Leipzig budget text say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.model import BudgetPeriod, BudgetPhase, Decision, Money, Source, SourceKind
from integrationkonzept.plugin import Line, parse_error_at

from .budget_amounts import (
    AMT,
    AMT_OPTIONAL,
    ANY_AMOUNT,
    PER_YEAR,
    PERIOD,
    WHAT,
    YEAR,
    YearAmount,
    budget_period,
)
from .budget_entries import Collector, Entry, split_and_totals
from .budget_parts import Parts, heading_date, read_paragraphs
from .common import eur, fiscal_year, located
from .decisions import decision_kind
from .lines import join, text_of

__all__ = ["read_decision", "read_reasons", "read_report"]

_PREVIOUS: Final = re.compile(
    rf"Entwurf des Doppelhaushalte?s {PERIOD} (?:eingestellten|vorgesehenen|veranschlagten) {AMT}"
)
_BUFFER: Final = re.compile(
    rf"(?:Anfang|Mitte|Ende|im Jahr) {YEAR} (?:wurde )?(?:einem |ein )?(?:finanziellen |"
    rf"zusätzlichen )?Puffer von {AMT_OPTIONAL}(?: zugestimmt)?"
)
_CUT: Final = re.compile(
    rf"Entwurf des Doppelhaushalte?s {PERIOD} (?:ist|sind|wurde|wurden) {WHAT}"
    r"(?:komplett |vollständig |ganz )?gestrichen"
)
_HOLDS: Final = re.compile(
    rf"Entwurf des Doppelhaushalte?s {PERIOD} (?:ist|sind|werden) {WHAT}{AMT} ?"
    rf"{PER_YEAR} (?:eingestellt|enthalten|vorgesehen)"
)
_TOGETHER: Final = re.compile(rf"zusammen {AMT_OPTIONAL}")
_REPORT_YEARS: Final = re.compile(
    r"(?:HH-Jahre?n?|HHJ|Haushaltsjahre?n?|Jahren) (?P<a>[12][0-9]{3})"
    r"(?: ?(?:/|und|,|bis) ?(?P<b>[12][0-9]{3}))?"
)
_VOTE_WORDS: Final = re.compile(r"beschlossen|abgelehnt|zurückgezogen|vertagt|verwiesen|angenommen")


def read_reasons(
    reasons: Sequence[Line],
    where: str,
    collect: Collector,
    period: BudgetPeriod | None,
    purpose: int,
    reference: str,
    title: str,
) -> None:
    joined = join(reasons)
    text = joined.text

    def source(phrase: str) -> Source:
        """The motion as the source, the quoted phrase as locator."""
        return Source(SourceKind.PAPER, reference, title=title, locator=f"Begründung: „{phrase}“")

    def entry(phase: BudgetPhase, year: int, amount: Money, phrase: str, line: int) -> Entry:
        """An entry for the main purpose read from the reasons."""
        return Entry(phase, purpose, YearAmount(year, amount, phrase, line), source(phrase))

    previous = _PREVIOUS.search(text)
    buffer = _BUFFER.search(text)
    base: int | None = None
    base_year: int | None = None
    base_amount: Money | None = None
    sum_amount: Money | None = None
    if previous is not None:
        line = joined.line_at(previous.start())
        before = budget_period(previous["period"], where, line)
        if period is not None and before.last >= period.first:
            raise parse_error_at(
                f"„{previous.group()}“: Betrag im Entwurf ohne „p.a.“ – je Jahr oder für beide "
                "Jahre?",
                previous.group(),
                file=where,
                line=line,
            )
        base_amount = located(Money.parse, previous["amount"] + " €", where, line)
        # The text says only that the amount stood in the draft; the year must be named (here
        # by the buffer "Anfang 2020"), else it would be a guess. It stays a draft amount.
        named = fiscal_year(buffer["year"], where, line) if buffer is not None else None
        if named is None or named not in before:
            raise parse_error_at(
                f"„{previous.group()}“: für welches Jahr des Doppelhaushalts {before.label()}?",
                previous.group(),
                file=where,
                line=line,
            )
        base_year = named
        note = f"Ansatz für {base_year} im Entwurf des Doppelhaushalts {before.label()}"
        base = collect.add(
            attrs.evolve(
                entry(BudgetPhase.DRAFT, base_year, base_amount, previous.group(), line),
                note=note,
            )
        )
        sum_amount = base_amount
    if buffer is not None:
        line = joined.line_at(buffer.start())
        year = fiscal_year(buffer["year"], where, line)
        if base_amount is None or base is None or base_year != year:
            raise parse_error_at(
                f"„{buffer.group()}“: Puffer ohne Ausgangsbetrag für {year} (erwartet z. B. „im "
                "Entwurf des Doppelhaushaltes 2019/20 eingestellten 60.000 Euro“)",
                buffer.group(),
                file=where,
                line=line,
            )
        extra = located(Money.parse, buffer["amount"] + " €", where, line)
        sum_amount = base_amount + extra
        collect.add(
            attrs.evolve(
                entry(BudgetPhase.REVISED, year, sum_amount, buffer.group(), line),
                revises=base,
                note=f"Ansatz {previous['amount'] if previous else ''} + Puffer {buffer['amount']}",
            )
        )
    cut = _CUT.search(text)
    if cut is not None:
        line = joined.line_at(cut.start())
        draft = budget_period(cut["period"], where, line)
        together = _TOGETHER.search(cut["what"])
        if together is not None and sum_amount is not None:
            stated = located(Money.parse, together["amount"] + " €", where, line)
            if stated != sum_amount:
                raise parse_error_at(
                    f"„{cut.group()}“: „zusammen {together['amount']}“ passt nicht zu den "
                    f"genannten Beträgen ({eur(sum_amount)})",
                    together.group(),
                    file=where,
                    line=line,
                )
        for year in draft.years:
            collect.add(entry(BudgetPhase.DRAFT, year, Money.zero(), cut.group(), line))
    holds = _HOLDS.search(text)
    if holds is not None and cut is None:
        line = joined.line_at(holds.start())
        draft = budget_period(holds["period"], where, line)
        amount = located(Money.parse, holds["amount"] + " €", where, line)
        for year in draft.years:
            collect.add(entry(BudgetPhase.DRAFT, year, amount, holds.group(), line))


def read_decision(
    heading: tuple[Line, re.Match[str]],
    lines: Sequence[Line],
    where: str,
    collect: Collector,
    period_years: Sequence[int],
    main_purpose: int,
    title: str,
) -> tuple[Decision, list[int]]:
    line, found = heading
    day = heading_date(found, where, line)
    paragraphs = read_paragraphs(lines)
    vote = next(
        (
            p
            for p in paragraphs
            if not p.bullet and _VOTE_WORDS.search(p.text) and not ANY_AMOUNT.search(p.text)
        ),
        None,
    )
    vote_text = vote.text.rstrip(" :") if vote is not None else ""
    kind = decision_kind(vote_text)
    rest = [p for p in paragraphs if p is not vote]
    vote_lines = set(vote.joined.numbers) if vote is not None else set()
    split, totals = split_and_totals(rest, period_years, where, collect, main_purpose, "decision")
    for mention, item in split:
        source = Source(
            SourceKind.DECISION,
            found["heading"],
            title=title,
            date=day,
            locator=f"„{item.phrase}“",
        )
        collect.add(Entry(BudgetPhase.ADOPTED, mention, item, source, split="decision"))
    if not (kind or vote_text):
        raise parse_error_at(
            f"„{found['heading']}“: das Ergebnis (beschlossen, abgelehnt, …) fehlt",
            found["heading"],
            file=where,
            line=line.number,
        )
    decision = Decision(
        body=" ".join(found["body"].split()),
        date=day,
        kind=kind,
        vote_text=vote_text,
        text=text_of([line for line in lines if line.number not in vote_lines]),
        source=Source(
            SourceKind.DECISION,
            found["heading"],
            title=title,
            date=day,
            locator=f"„{vote_text}“" if vote_text else found["heading"],
        ),
    )
    years = sorted(totals) or sorted({item.year for _mention, item in split})
    return decision, years


def read_report(
    parts: Parts,
    name: str,
    collect: Collector,
    years: list[int],
    main_purpose: int,
    title: str,
) -> None:
    assert parts.report is not None
    line, found = parts.report
    day = heading_date(found, name, line)
    paragraphs = read_paragraphs(parts.report_lines)
    for para in paragraphs:
        if not para.bullet and (named := _REPORT_YEARS.search(para.text)):
            at = para.joined.line_at(named.start())
            first = fiscal_year(named["a"], name, at)
            last = fiscal_year(named["b"], name, at) if named["b"] else first
            years = list(range(first, last + 1))
            if not 1 <= len(years) <= 10:
                raise parse_error_at(
                    f"„{named.group()}“ ist kein Zeitraum von Haushaltsjahren",
                    named.group(),
                    file=name,
                    line=at,
                )
            break
    split, _totals = split_and_totals(paragraphs, years, name, collect, main_purpose, "report")
    pending = "wurden/werden" in " ".join(p.text for p in paragraphs)
    for mention, item in split:
        note = ""
        if pending and item.year >= day.year:
            note = f"laut Bericht „wurden/werden … verwendet“ (Stand {day:%d.%m.%Y})"
        source = Source(
            SourceKind.REPORT, found["heading"], title=title, date=day, locator=f"„{item.phrase}“"
        )
        collect.add(Entry(BudgetPhase.ACTUAL, mention, item, source, note=note, split="report"))
