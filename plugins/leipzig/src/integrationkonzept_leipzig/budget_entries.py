"""The amounts read from a Leipzig budget text as entries, and how they become budget lines:
splits per purpose checked against their totals, additions to the draft, line ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from integrationkonzept.model import BudgetLine, BudgetPhase, Money, Purpose, Source
from integrationkonzept.plugin import parse_error_at

from .budget_amounts import YearAmount, purpose_words, year_amounts
from .budget_parts import Para
from .common import eur
from .purposes import Mention, assign, item_purpose

__all__ = ["Collector", "Entry", "settle", "split_and_totals"]

_LABELS: Final = {
    BudgetPhase.DRAFT: "entwurf",
    BudgetPhase.REQUESTED: "beantragt",
    BudgetPhase.ADOPTED: "beschlossen",
    BudgetPhase.REVISED: "geaendert",
    BudgetPhase.ACTUAL: "verwendet",
}


@attrs.frozen
class Entry:
    """One amount read, before purposes and additions are settled."""

    phase: BudgetPhase
    mention: int  # index of the purpose's mention
    item: YearAmount
    source: Source
    note: str = ""
    revises: int | None = None  # index of the entry this one replaces
    split: str = ""  # the list of purposes it stands in (one purpose once per year)


@attrs.define
class Collector:
    """Collects the purposes named and the amounts read from one text."""

    where: str
    mentions: list[Mention] = attrs.field(factory=list)
    entries: list[Entry] = attrs.field(factory=list)

    def mention(self, words: str, group: str = "") -> int:
        """The index of a new mention of a purpose."""
        self.mentions.append(Mention(words, group))
        return len(self.mentions) - 1

    def add(self, entry: Entry) -> int:
        """Keep ``entry``; its index."""
        self.entries.append(entry)
        return len(self.entries) - 1


def split_and_totals(
    paragraphs: Sequence[Para],
    default_years: Sequence[int],
    where: str,
    collect: Collector,
    main_purpose: int,
    group: str,
) -> tuple[list[tuple[int, YearAmount]], dict[int, YearAmount]]:
    """Amounts per purpose mention (from bullets, else the main purpose) and the stated totals.

    A bullet's amount of a year whose total is ``zusätzlich`` is a part of that addition."""
    totals: dict[int, YearAmount] = {}
    for para in paragraphs:
        if para.bullet:
            continue
        for item in year_amounts(para.text, default_years, where, para.joined):
            if item.year in totals:
                raise parse_error_at(
                    f"das Jahr {item.year} hat zwei Summen", item.phrase, file=where, line=item.line
                )
            totals[item.year] = item
    years_for_items = sorted(totals) or list(default_years)
    split: list[tuple[int, YearAmount]] = []
    for para in paragraphs:
        if not para.bullet:
            continue
        items = year_amounts(para.text, years_for_items, where, para.joined)
        if not items:
            continue
        words = item_purpose(purpose_words(para.text))
        if not words:
            raise parse_error_at(
                f"„{para.text[:80]}“ nennt keinen Zweck vor den Beträgen",
                para.text,
                file=where,
                line=para.line,
            )
        mention = collect.mention(words, group)
        seen: set[int] = set()
        for item in items:
            if item.year in seen:
                raise parse_error_at(
                    f"„{para.text[:80]}“ nennt das Jahr {item.year} zweimal",
                    item.phrase,
                    file=where,
                    line=item.line,
                )
            seen.add(item.year)
            total = totals.get(item.year)
            if total is not None and total.additional and not item.additional:
                item = attrs.evolve(item, additional=True)
            split.append((mention, item))
    if split and totals:
        for year, total in sorted(totals.items()):
            parts = [item.amount for _mention, item in split if item.year == year]
            stated = sum(parts, Money.zero())
            if stated != total.amount:
                raise parse_error_at(
                    f"die Aufteilung für {year} ergibt {eur(stated)}, genannt sind "
                    f"{eur(total.amount)} "
                    f"(„{total.phrase}“)",
                    total.phrase,
                    file=where,
                    line=total.line,
                )
        for _mention, item in split:
            if item.year not in totals:
                raise parse_error_at(
                    f"die Aufteilung nennt {item.year}, die Summe nicht",
                    item.phrase,
                    file=where,
                    line=item.line,
                )
    if not split:
        split = [(main_purpose, item) for _year, item in sorted(totals.items())]
    return split, totals


def settle(
    collect: Collector, key: str
) -> tuple[tuple[Purpose, ...], tuple[BudgetLine, ...], dict[str, int]]:
    """Purposes (:func:`assign`), additions to the draft, and the lines with their ids."""
    where = collect.where
    purposes = assign(collect.mentions)
    seen: dict[tuple[str, int, str], Entry] = {}
    for entry in collect.entries:
        if not entry.split:
            continue
        purpose = purposes[entry.mention].id
        if (entry.split, entry.item.year, purpose) in seen:
            raise parse_error_at(
                f"„{entry.item.phrase}“: der Zweck „{purpose}“ steht für {entry.item.year} "
                "zweimal in der Aufteilung",
                entry.item.phrase,
                file=where,
                line=entry.item.line,
            )
        seen[(entry.split, entry.item.year, purpose)] = entry
    amounts, notes = _additions(collect, purposes)
    ids: list[str] = []
    numbers: dict[str, int] = {}
    lines: list[BudgetLine] = []
    used: dict[str, Purpose] = {}
    for index, entry in enumerate(collect.entries):
        named = purposes[entry.mention]
        label = _LABELS[entry.phase]
        line_id = f"{key}-{entry.item.year}-{named.id}-{label}"
        if line_id in numbers:
            raise parse_error_at(
                f"{entry.item.year}, {named.id}, {label}: der Betrag wird doppelt genannt",
                entry.source.locator,
                file=where,
                line=entry.item.line,
            )
        numbers[line_id] = entry.item.line
        ids.append(line_id)
        used.setdefault(named.id, named)
        lines.append(
            BudgetLine(
                line_id,
                entry.item.year,
                named.id,
                entry.phase,
                amounts[index],
                entry.source,
                revises=ids[entry.revises] if entry.revises is not None else None,
                note=" ".join(part for part in (entry.note, notes[index]) if part),
            )
        )
    return tuple(used.values()), tuple(lines), numbers


def _additions(collect: Collector, purposes: Sequence[Purpose]) -> tuple[list[Money], list[str]]:
    """The amount of every entry: an addition (``zusätzlich``) becomes draft + addition where
    that is certain, is kept where the draft is 0, and is refused where it is not known."""
    drafts: dict[int, dict[str, Money]] = {}
    for entry in collect.entries:
        if entry.phase is BudgetPhase.DRAFT:
            year = drafts.setdefault(entry.item.year, {})
            purpose = purposes[entry.mention].id
            year[purpose] = year.get(purpose, Money.zero()) + entry.item.amount
    amounts = [entry.item.amount for entry in collect.entries]
    notes = ["" for _entry in collect.entries]
    for index, entry in enumerate(collect.entries):
        item = entry.item
        if not item.additional or entry.phase not in (BudgetPhase.REQUESTED, BudgetPhase.ADOPTED):
            continue
        draft = drafts.get(item.year)
        if draft is None:
            raise parse_error_at(
                f"„{item.phrase}“: zusätzlich wozu? Für {item.year} nennt der Text keinen Betrag "
                "im Entwurf – der Gesamtbetrag ist nicht bekannt",
                item.phrase,
                file=collect.where,
                line=item.line,
            )
        total = sum(draft.values(), Money.zero())
        if total == Money.zero():
            continue
        purpose = purposes[entry.mention].id
        others = {
            purposes[other.mention].id
            for other in collect.entries
            if other.phase is entry.phase and other.item.year == item.year
        }
        if set(draft) != {purpose} or others != {purpose}:
            raise parse_error_at(
                f"„{item.phrase}“: zusätzlich zu einem Entwurf von {eur(total)} – der "
                f"Gesamtbetrag für {item.year} ist nicht eindeutig",
                item.phrase,
                file=collect.where,
                line=item.line,
            )
        amounts[index] = total + item.amount
        notes[index] = f"Entwurf {eur(total)} + zusätzlich {eur(item.amount)}"
    return amounts, notes
