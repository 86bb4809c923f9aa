"""The importer ``leipzig-budget``: a budget amendment motion with its council decision and status
report (the kind of text of the Leipzig funding history) → budget lines with phases and sources.

The text has up to four parts, each found by its heading:

* the motion, ``Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22``: amounts it asks for
  are ``requested`` (``80.000 € p.a.`` for each year of the Doppelhaushalt);
* its ``Begründung:``: what the previous budget held and what the draft does — ``im Entwurf des
  Doppelhaushaltes 2019/20 eingestellten 60.000 Euro`` (adopted, in the year of a Puffer if one
  is named, else the period's last year), ``Anfang 2020 einem finanziellen Puffer von 20.000
  zugestimmt`` (a revised line with the sum, replacing the adopted one), ``Im Entwurf des
  Doppelhaushaltes 21/22 ist dieses Budget … komplett gestrichen`` (draft 0 for each year) or
  ``… sind 40.000 € p.a. eingestellt`` (draft amount per year);
* ``Beschluss der Ratsversammlung am 31. März 2021``: the decision (kind and vote text as written)
  with totals per year and their split per purpose (bullets) — ``adopted``; the split must add up
  to the totals;
* ``Bericht zum Stand der Umsetzung vom 20.07.2022``: what was used per purpose — ``actual``.

Amount phrases read: ``80.000 € p.a.``, ``30.000 EUR pro Jahr``, ``30.000 EUR im Jahr 2021 und
50.000 EUR im Jahr 2022``, ``2021: 30.000 EUR; 2022: 50.000 EUR``, ``im Jahr 2021 zusätzlich
80.000 EUR und im Jahr 2022 zusätzlich 100.000 EUR``. An amount that none of them places in a year
is a :class:`~integrationkonzept.errors.ParseError`, as is a split that does not add up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import Final

import attrs

from integrationkonzept.contributions import Importer, InputFile
from integrationkonzept.errors import Location, ParseError
from integrationkonzept.model import (
    BudgetLine,
    BudgetPeriod,
    BudgetPhase,
    Dataset,
    Decision,
    Money,
    Paper,
    Purpose,
    Section,
    Source,
    SourceKind,
)

from . import purposes as purpose_words
from .dates import parse_long_date
from .lines import Joined, Line, document_lines, join, text_of
from .profile import PROFILE
from .references import REFERENCE_PATTERN, parse_reference

__all__ = ["YearAmount", "importer", "parse_budget", "read_budget", "year_amounts"]

_NUMBER: Final = r"(?P<amount>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{2})?|[0-9]+(?:,[0-9]{2})?)"
_AMT: Final = _NUMBER + r" ?(?:€|EUR\b|Euro\b)"
_AMT_OPTIONAL: Final = _NUMBER + r"(?: ?(?:€|EUR\b|Euro\b))?"
_YEAR: Final = r"(?P<year>(?:199|20[0-9]|21[0-9])[0-9])"
_PER_YEAR: Final = r"(?:p\. ?a\.|pro Jahr|jährlich|je Jahr)"
_WHAT: Final = r"(?P<what>(?:[^.]|\.(?=[0-9]))*?)"  # a clause; dots only inside numbers
_ANY_AMOUNT: Final = re.compile(_AMT)

#: The phrases that place an amount in a year (or in every year of the context).
_PHRASES: Final = (
    ("colon", re.compile(rf"(?<![0-9]){_YEAR} ?: ?{_AMT}")),
    (
        "year_first",
        re.compile(
            rf"\b(?:im Jahr|für das Jahr|für) {_YEAR} (?:zusätzlich |jeweils |weitere )?{_AMT}"
        ),
    ),
    ("amount_first", re.compile(rf"{_AMT} (?:im Jahr|für das Jahr|für) {_YEAR}(?![0-9])")),
    ("per_year", re.compile(rf"{_AMT} ?{_PER_YEAR}")),
)

_PERIOD: Final = r"(?P<period>(?:19|20)?[0-9]{2}/(?:19|20)?[0-9]{2})"
_MOTION: Final = re.compile(
    rf"(?P<heading>(?P<art>Änderungsantrag|Haushaltsänderungsantrag|Antrag) zum (?:Entwurf des )?"
    rf"Doppelhaushalte?s {_PERIOD})\s*:?"
)
_DECISION: Final = re.compile(
    r"(?P<heading>Beschluss (?:der |des )?(?P<body>[^\W\d_][\w ,-]*?) (?:am|vom) "
    r"(?P<date>[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}|[0-9]{1,2}\. ?[^\W\d_]+ [0-9]{4}))\s*:?"
)
_REPORT: Final = re.compile(
    r"(?P<heading>(?:Bericht zum Stand der Umsetzung|Sachstandsbericht|Stand der Umsetzung|"
    r"Bericht zur Umsetzung)[^:]*? vom (?P<date>[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}"
    r"|[0-9]{1,2}\. ?[^\W\d_]+ [0-9]{4}))\s*:?"
)
_REASONS: Final = re.compile(r"Begründung\s*:?(?: (?P<value>.*))?")
_BULLET: Final = re.compile(r"(?:[•·▪●◦\-–*]|[0-9]{1,2}\.|[a-z]\)) (?P<text>.*)")

_PREVIOUS: Final = re.compile(
    rf"Entwurf des Doppelhaushalte?s {_PERIOD} (?:eingestellten|vorgesehenen|veranschlagten) {_AMT}"
)
_BUFFER: Final = re.compile(
    rf"(?:Anfang|Mitte|Ende|im Jahr) {_YEAR} (?:wurde )?(?:einem |ein )?(?:finanziellen |"
    rf"zusätzlichen )?Puffer von {_AMT_OPTIONAL}(?: zugestimmt)?"
)
_CUT: Final = re.compile(
    rf"Entwurf des Doppelhaushalte?s {_PERIOD} (?:ist|sind|wurde|wurden) {_WHAT}"
    r"(?:komplett |vollständig |ganz )?gestrichen"
)
_HOLDS: Final = re.compile(
    rf"Entwurf des Doppelhaushalte?s {_PERIOD} (?:ist|sind|werden) {_WHAT}{_AMT} ?"
    rf"{_PER_YEAR} (?:eingestellt|enthalten|vorgesehen)"
)
_TOGETHER: Final = re.compile(rf"zusammen {_AMT_OPTIONAL}")
_REPORT_YEARS: Final = re.compile(
    r"(?:HH-Jahre?n?|HHJ|Haushaltsjahre?n?|Jahren) (?P<a>(?:19|20)[0-9]{2})"
    r"(?: ?(?:/|und|,|bis) ?(?P<b>(?:19|20)[0-9]{2}))?"
)
_VOTE_WORDS: Final = re.compile(r"beschlossen|abgelehnt|zurückgezogen|vertagt|verwiesen|angenommen")
_PURPOSE_AFTER: Final = re.compile(r"\bzu[rm] (?P<purpose>.+)")
_PURPOSE_TAIL: Final = re.compile(r"(?:\s+(?:zusätzlich|jeweils|insgesamt|in Höhe von|von|mit))+$")

_LABELS: Final = {
    BudgetPhase.DRAFT: "entwurf",
    BudgetPhase.REQUESTED: "beantragt",
    BudgetPhase.ADOPTED: "beschlossen",
    BudgetPhase.REVISED: "geaendert",
    BudgetPhase.ACTUAL: "verwendet",
}


@attrs.frozen
class YearAmount:
    """An amount placed in a fiscal year by a phrase (``phrase`` as written, ``line`` where)."""

    year: int
    amount: Money
    phrase: str
    line: int


@attrs.frozen
class _Para:
    joined: Joined
    bullet: bool

    @property
    def text(self) -> str:
        """The paragraph as one line of text."""
        return self.joined.text

    @property
    def line(self) -> int:
        """The number of its first line."""
        return self.joined.numbers[0] if self.joined.numbers else 1


def _eur(amount: Money) -> str:
    """``80.000,00 €`` with a plain space, for messages."""
    return amount.format().replace("\xa0", " ")


def _fail(message: str, value: str | None, file: str, line: int | None) -> ParseError:
    return ParseError(message, value, Location(file, line))


def _paragraphs(lines: Sequence[Line]) -> list[_Para]:
    """Paragraphs (separated by blank lines) and bullet items (wrapped lines joined)."""
    groups: list[tuple[list[Line], bool]] = []
    open_group = False
    for line in lines:
        if line.furniture:
            continue
        if not line.text:
            open_group = False
            continue
        bullet = _BULLET.fullmatch(line.text)
        if bullet is not None:
            groups.append(([Line(line.number, bullet["text"])], True))
            open_group = True
        elif open_group and groups:
            groups[-1][0].append(line)
        else:
            groups.append(([line], False))
            open_group = True
    return [_Para(join(group), bullet) for group, bullet in groups]


def year_amounts(
    text: str, default_years: Sequence[int], where: str, joined: Joined | None = None
) -> list[YearAmount]:
    """Every amount in ``text`` with its fiscal year, read from the accepted phrases.

    ``default_years`` are the years of a ``p.a.``/``pro Jahr`` phrase. An amount no phrase places
    is a :class:`ParseError` (``where`` is the file name; lines from ``joined``).
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
        amount = _money(found["amount"] + " €", where, line_at(found.start()))
        if kind == "per_year":
            if not default_years:
                raise _fail(
                    f"„{phrase}“: für welche Jahre? Kein Doppelhaushalt und kein Jahr genannt",
                    phrase,
                    where,
                    line_at(found.start()),
                )
            out += [
                YearAmount(year, amount, phrase, line_at(found.start())) for year in default_years
            ]
        else:
            out.append(YearAmount(int(found["year"]), amount, phrase, line_at(found.start())))
    covered = [(found.start(), found.end()) for _kind, found in accepted]  # sorted, disjoint
    index = 0
    for found in _ANY_AMOUNT.finditer(text):
        while index < len(covered) and covered[index][1] <= found.start():
            index += 1
        if not (index < len(covered) and covered[index][0] <= found.start()):
            raise _fail(
                f"Betrag „{found.group()}“ ohne Jahresangabe (erwartet z. B. „30.000 EUR im Jahr "
                "2021“, „2021: 30.000 EUR“ oder „30.000 EUR pro Jahr“)",
                found.group(),
                where,
                line_at(found.start()),
            )
    return out


def _main_purpose(text: str) -> str:
    """What a motion's sentence asks money for: ``werden zur <Zweck> <Betrag> …``."""
    starts = [found.start() for _kind, pattern in _PHRASES if (found := pattern.search(text))]
    if not starts:
        return ""
    found = _PURPOSE_AFTER.search(text[: min(starts)])
    if found is None:
        return ""
    return _PURPOSE_TAIL.sub("", found["purpose"].strip()).strip(" ,;:")


def _money(text: str, where: str, line: int) -> Money:
    try:
        return Money.parse(text)
    except ParseError as exc:
        raise exc.at(Location(where, line)) from None


def _period(text: str, where: str, line: int) -> BudgetPeriod:
    first_text, last_text = text.split("/")
    first = int(first_text) + (2000 if len(first_text) == 2 else 0)
    last = int(last_text)
    last = last + (first // 100) * 100 if len(last_text) == 2 else last
    if last != first + 1:
        raise _fail(
            f"„{text}“ ist kein Doppelhaushalt aus zwei aufeinanderfolgenden Jahren",
            text,
            where,
            line,
        )
    period = BudgetPeriod((first, last))
    if PROFILE.budget_cadence.period_of(first) != period:
        raise _fail(
            f"„{text}“ ist kein Leipziger Doppelhaushalt (2019/20, 2021/22, 2023/24, …)",
            text,
            where,
            line,
        )
    return period


@attrs.define
class _Builder:
    """Collects purposes and budget lines of one file, with unique ids."""

    where: str
    purposes: dict[str, Purpose] = attrs.field(factory=dict)
    lines: list[BudgetLine] = attrs.field(factory=list)
    numbers: dict[str, int] = attrs.field(factory=dict)  # line id → line of the text

    def purpose(self, text: str, taken: set[str] | None = None) -> str:
        """The id for the purpose ``text`` names, adding the purpose when it is new.

        An existing purpose with the same words keeps its id; otherwise the vocabulary decides
        (so that the report's wording finds the decision's purpose), unless another item of the
        same list (``taken``) already has that id: then the purpose gets an id of its own.
        """
        title = purpose_words.purpose_title(text) or text.strip() or "Zweck"
        own = purpose_words.slug(title)
        key = purpose_words.purpose_id(title)
        if own in self.purposes or (taken is not None and key in taken):
            key = own
        self.purposes.setdefault(key, Purpose(key, title, purpose_words.english_title(key)))
        return key

    def add(
        self,
        year: int,
        purpose: str,
        phase: BudgetPhase,
        amount: Money,
        source: Source,
        line: int,
        revises: str | None = None,
        note: str = "",
    ) -> str:
        """A budget line; a second figure for the same year, purpose and phase is refused."""
        line_id = f"{year}-{purpose}-{_LABELS[phase]}"
        if line_id in self.numbers:
            raise _fail(
                f"{year}, {purpose}, {_LABELS[phase]}: der Betrag wird doppelt genannt",
                source.locator,
                self.where,
                line,
            )
        self.lines.append(
            BudgetLine(line_id, year, purpose, phase, amount, source, revises=revises, note=note)
        )
        self.numbers[line_id] = line
        return line_id

    def check_additions(self) -> None:
        """``zusätzlich`` amounts are the whole amount only where the draft holds nothing."""
        drafted: dict[int, Money] = {}
        for other in self.lines:
            if other.phase is BudgetPhase.DRAFT:
                drafted[other.fiscal_year] = drafted.get(other.fiscal_year, Money.zero()) + (
                    other.amount
                )
        for item in self.lines:
            if item.phase not in (BudgetPhase.REQUESTED, BudgetPhase.ADOPTED):
                continue
            draft = drafted.get(item.fiscal_year)
            if "zusätzlich" in item.source.locator and draft:
                raise _fail(
                    f"{item.source.locator}: zusätzlich zu einem Entwurf von {_eur(draft)} – "
                    f"der Gesamtbetrag für {item.fiscal_year} ist nicht eindeutig",
                    item.source.locator,
                    self.where,
                    self.numbers[item.id],
                )


@attrs.frozen
class _Parts:
    title: str
    motion: tuple[Line, re.Match[str]] | None
    motion_lines: list[Line]
    reasons_line: Line | None
    reasons: list[Line]
    decision: tuple[Line, re.Match[str]] | None
    decision_lines: list[Line]
    report: tuple[Line, re.Match[str]] | None
    report_lines: list[Line]


def _parts(lines: Sequence[Line], where: str) -> _Parts:
    title = ""
    current = "intro"
    motion: tuple[Line, re.Match[str]] | None = None
    decision: tuple[Line, re.Match[str]] | None = None
    report: tuple[Line, re.Match[str]] | None = None
    reasons_line: Line | None = None
    buckets: dict[str, list[Line]] = {
        "intro": [],
        "motion": [],
        "reasons": [],
        "decision": [],
        "report": [],
    }
    for line in lines:
        text = line.text
        if motion is None and (found := _MOTION.fullmatch(text)):
            motion, current = (line, found), "motion"
            continue
        if decision is None and (found := _DECISION.fullmatch(text)):
            decision, current = (line, found), "decision"
            continue
        if report is None and (found := _REPORT.fullmatch(text)):
            report, current = (line, found), "report"
            continue
        if reasons_line is None and current == "motion" and (found := _REASONS.fullmatch(text)):
            reasons_line, current = line, "reasons"
            if found["value"]:
                buckets["reasons"].append(Line(line.number, found["value"]))
            continue
        if current == "intro" and text and not title:
            title = text
            continue
        buckets[current].append(line)
    if motion is None and decision is None:
        first = next((line for line in lines if line.text), None)
        raise _fail(
            "kein Haushaltsantrag erkannt: erwartet eine Überschrift wie „Änderungsantrag zum "
            "Entwurf des Doppelhaushaltes 2021/22“ oder „Beschluss der Ratsversammlung am "
            "31. März 2021“",
            first.text[:80] if first else "",
            where,
            first.number if first else 1,
        )
    return _Parts(
        title,
        motion,
        buckets["motion"],
        reasons_line,
        buckets["reasons"],
        decision,
        buckets["decision"],
        report,
        buckets["report"],
    )


def _date_of(found: re.Match[str], where: str, line: Line) -> dt.date:
    try:
        return parse_long_date(found["date"])
    except ParseError as exc:
        raise exc.at(Location(where, line.number)) from None


def _split_and_totals(
    paragraphs: Sequence[_Para],
    default_years: Sequence[int],
    where: str,
    build: _Builder,
    main_purpose: str,
) -> tuple[list[tuple[str, YearAmount]], dict[int, YearAmount]]:
    """Amounts per purpose (from bullets, else the main purpose) and the stated totals."""
    totals: dict[int, YearAmount] = {}
    for para in paragraphs:
        if para.bullet:
            continue
        for item in year_amounts(para.text, default_years, where, para.joined):
            if item.year in totals:
                raise _fail(f"das Jahr {item.year} hat zwei Summen", item.phrase, where, item.line)
            totals[item.year] = item
    years_for_items = sorted(totals) or list(default_years)
    split: list[tuple[str, YearAmount]] = []
    taken: set[str] = set()
    for para in paragraphs:
        if not para.bullet:
            continue
        items = year_amounts(para.text, years_for_items, where, para.joined)
        if not items:
            continue
        key = build.purpose(_purpose_words(para.text), taken)
        if key in taken:
            raise _fail(
                f"„{para.text[:80]}“: der Zweck „{key}“ steht zweimal in der Aufteilung",
                para.text,
                where,
                para.line,
            )
        taken.add(key)
        seen: set[int] = set()
        for item in items:
            if item.year in seen:
                raise _fail(
                    f"„{para.text[:80]}“ nennt das Jahr {item.year} zweimal",
                    item.phrase,
                    where,
                    item.line,
                )
            seen.add(item.year)
            split.append((key, item))
    if split and totals:
        for year, total in sorted(totals.items()):
            parts = [item.amount for _key, item in split if item.year == year]
            stated = sum(parts, Money.zero())
            if stated != total.amount:
                raise _fail(
                    f"die Aufteilung für {year} ergibt {_eur(stated)}, genannt sind "
                    f"{_eur(total.amount)} "
                    f"(„{total.phrase}“)",
                    total.phrase,
                    where,
                    total.line,
                )
        for _key, item in split:
            if item.year not in totals:
                raise _fail(
                    f"die Aufteilung nennt {item.year}, die Summe nicht",
                    item.phrase,
                    where,
                    item.line,
                )
    if not split:
        split = [(main_purpose, item) for _year, item in sorted(totals.items())]
    return split, totals


def _purpose_words(text: str) -> str:
    """The purpose a bullet names: its words before the amounts (``(…)``, ``>``, ``:``)."""
    cut = len(text)
    for marker in (" (", "(", " >", ">"):
        position = text.find(marker)
        if position > 0:
            cut = min(cut, position)
    first_amount = _ANY_AMOUNT.search(text)
    if first_amount is not None:
        cut = min(cut, first_amount.start())
    words = text[:cut].strip(" ,;:")
    return words or text


def parse_budget(name: str, text: str) -> tuple[Paper, list[Purpose], list[BudgetLine]]:
    """The paper (motion with its decision) and the budget lines of one budget text."""
    lines = document_lines(text)
    parts = _parts(lines, name)
    build = _Builder(name)
    title = parts.title
    period: BudgetPeriod | None = None
    motion_heading = ""
    art = "Änderungsantrag"
    if parts.motion is not None:
        line, found = parts.motion
        motion_heading = found["heading"]
        art = found["art"]
        period = _period(found["period"], name, line.number)

    motion_paras = _paragraphs(parts.motion_lines)
    main_text = next((words for p in motion_paras if (words := _main_purpose(p.text))), "")
    main_purpose = build.purpose(main_text or title or motion_heading or "Gesamtbudget")
    period_years = list(period.years) if period else []

    # The motion: requested amounts.
    if parts.motion is not None:
        source_ref = motion_heading
        split, _totals = _split_and_totals(motion_paras, period_years, name, build, main_purpose)
        for key, item in split:
            source = Source(
                SourceKind.PAPER, source_ref, title=title, locator=f"Antragstext: „{item.phrase}“"
            )
            build.add(item.year, key, BudgetPhase.REQUESTED, item.amount, source, item.line)

    # The reasons: previous budget, buffer, draft.
    if parts.reasons:
        _reasons(parts.reasons, name, build, period, main_purpose, motion_heading or title, title)

    # The decision: adopted amounts and the decision itself.
    decision: Decision | None = None
    decision_years: list[int] = []
    if parts.decision is not None:
        decision, decision_years = _decision(
            parts.decision, parts.decision_lines, name, build, period_years, main_purpose, title
        )

    # The status report: actual amounts.
    if parts.report is not None:
        line, found = parts.report
        day = _date_of(found, name, line)
        paragraphs = _paragraphs(parts.report_lines)
        years = decision_years or period_years
        for para in paragraphs:
            if not para.bullet and (named := _REPORT_YEARS.search(para.text)):
                first = int(named["a"])
                years = list(range(first, int(named["b"]) + 1)) if named["b"] else [first]
                if not 1 <= len(years) <= 10:
                    raise _fail(
                        f"„{named.group()}“ ist kein Zeitraum von Haushaltsjahren",
                        named.group(),
                        name,
                        para.line,
                    )
                break
        split, _totals = _split_and_totals(paragraphs, years, name, build, main_purpose)
        for key, item in split:
            note = ""
            if "wurden/werden" in " ".join(p.text for p in paragraphs) and item.year >= day.year:
                note = f"laut Bericht „wurden/werden … verwendet“ (Stand {day:%d.%m.%Y})"
            source = Source(
                SourceKind.REPORT,
                found["heading"],
                title=title,
                date=day,
                locator=f"„{item.phrase}“",
            )
            build.add(item.year, key, BudgetPhase.ACTUAL, item.amount, source, item.line, note=note)

    build.check_additions()
    reference = (
        _reference(lines)
        or motion_heading
        or (parts.decision[1]["heading"] if parts.decision else "")
    )
    sections: list[Section] = []
    if text_of(parts.motion_lines):
        sections.append(Section("Antragstext", text_of(parts.motion_lines)))
    if text_of(parts.reasons):
        sections.append(Section("Begründung", text_of(parts.reasons)))
    if parts.decision is not None:
        sections.append(Section(parts.decision[1]["heading"], text_of(parts.decision_lines)))
    if parts.report is not None:
        sections.append(Section(parts.report[1]["heading"], text_of(parts.report_lines)))
    paper = Paper(
        reference=reference,
        kind=art,
        title=title,
        decision=decision,
        sections=tuple(sections),
        source=Source(SourceKind.PAPER, reference, title=title, locator=PurePath(name).name),
    )
    return paper, list(build.purposes.values()), build.lines


def _reference(lines: Sequence[Line]) -> str:
    """A Leipzig paper reference the text names in a header (``Antrag-Nr. VII-HP-01234``)."""
    for line in lines:
        found = re.fullmatch(r"(?:[^\W\d_]+ )*[^\W\d_]+-?\s?Nr\.\s?(?P<ref>\S+)", line.text)
        if found and REFERENCE_PATTERN.fullmatch(found["ref"]):
            return parse_reference(found["ref"]).format()
    return ""


def _reasons(
    reasons: Sequence[Line],
    where: str,
    build: _Builder,
    period: BudgetPeriod | None,
    purpose: str,
    reference: str,
    title: str,
) -> None:
    joined = join(reasons)
    text = joined.text

    def source(phrase: str) -> Source:
        """The motion as the source, the quoted phrase as locator."""
        return Source(SourceKind.PAPER, reference, title=title, locator=f"Begründung: „{phrase}“")

    previous = _PREVIOUS.search(text)
    buffer = _BUFFER.search(text)
    base_id: str | None = None
    base_amount: Money | None = None
    sum_amount: Money | None = None
    if previous is not None:
        line = joined.line_at(previous.start())
        before = _period(previous["period"], where, line)
        if period is not None and before.last >= period.first:
            raise _fail(
                f"„{previous.group()}“: Betrag im Entwurf ohne „p.a.“ – je Jahr oder für beide "
                "Jahre?",
                previous.group(),
                where,
                line,
            )
        base_amount = _money(previous["amount"] + " €", where, line)
        # The text says only that the amount stood in the draft; the year must be named (here
        # by the buffer "Anfang 2020"), else it would be a guess.
        if buffer is None or int(buffer["year"]) not in before:
            raise _fail(
                f"„{previous.group()}“: für welches Jahr des Doppelhaushalts {before.label()}?",
                previous.group(),
                where,
                line,
            )
        base_year = int(buffer["year"])
        note = f"Ansatz für {base_year} im Entwurf des Doppelhaushalts {before.label()}"
        base_id = build.add(
            base_year,
            purpose,
            BudgetPhase.DRAFT,
            base_amount,
            source(previous.group()),
            line,
            note=note,
        )
        sum_amount = base_amount
    if buffer is not None:
        line = joined.line_at(buffer.start())
        year = int(buffer["year"])
        if base_amount is None or base_id is None or not base_id.startswith(f"{year}-"):
            raise _fail(
                f"„{buffer.group()}“: Puffer ohne Ausgangsbetrag für {year} (erwartet z. B. „im "
                "Entwurf des Doppelhaushaltes 2019/20 eingestellten 60.000 Euro“)",
                buffer.group(),
                where,
                line,
            )
        extra = _money(buffer["amount"] + " €", where, line)
        sum_amount = base_amount + extra
        build.add(
            year,
            purpose,
            BudgetPhase.REVISED,
            sum_amount,
            source(buffer.group()),
            line,
            revises=base_id,
            note=f"Ansatz {previous['amount'] if previous else ''} + Puffer {buffer['amount']}",
        )
    cut = _CUT.search(text)
    if cut is not None:
        line = joined.line_at(cut.start())
        draft = _period(cut["period"], where, line)
        together = _TOGETHER.search(cut["what"])
        if together is not None and sum_amount is not None:
            stated = _money(together["amount"] + " €", where, line)
            if stated != sum_amount:
                raise _fail(
                    f"„{cut.group()}“: „zusammen {together['amount']}“ passt nicht zu den "
                    f"genannten Beträgen ({_eur(sum_amount)})",
                    together.group(),
                    where,
                    line,
                )
        for year in draft.years:
            build.add(year, purpose, BudgetPhase.DRAFT, Money.zero(), source(cut.group()), line)
    holds = _HOLDS.search(text)
    if holds is not None and cut is None:
        line = joined.line_at(holds.start())
        draft = _period(holds["period"], where, line)
        amount = _money(holds["amount"] + " €", where, line)
        for year in draft.years:
            build.add(year, purpose, BudgetPhase.DRAFT, amount, source(holds.group()), line)


def _decision(
    heading: tuple[Line, re.Match[str]],
    lines: Sequence[Line],
    where: str,
    build: _Builder,
    period_years: Sequence[int],
    main_purpose: str,
    title: str,
) -> tuple[Decision, list[int]]:
    line, found = heading
    day = _date_of(found, where, line)
    paragraphs = _paragraphs(lines)
    vote = next(
        (
            p
            for p in paragraphs
            if not p.bullet and _VOTE_WORDS.search(p.text) and not _ANY_AMOUNT.search(p.text)
        ),
        None,
    )
    vote_text = vote.text.rstrip(" :") if vote is not None else ""
    kind = _kind(vote_text)
    rest = [p for p in paragraphs if p is not vote]
    vote_lines = set(vote.joined.numbers) if vote is not None else set()
    split, totals = _split_and_totals(rest, period_years, where, build, main_purpose)
    for key, item in split:
        source = Source(
            SourceKind.DECISION,
            found["heading"],
            title=title,
            date=day,
            locator=f"„{item.phrase}“",
        )
        build.add(item.year, key, BudgetPhase.ADOPTED, item.amount, source, item.line)
    if not (kind or vote_text):
        raise _fail(
            f"„{found['heading']}“: das Ergebnis (beschlossen, abgelehnt, …) fehlt",
            found["heading"],
            where,
            line.number,
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
    years = sorted(totals) or sorted({item.year for _key, item in split})
    return decision, years


def _kind(vote_text: str) -> str:
    lowered = vote_text.lower()
    for kind in ("ungeändert beschlossen", "geändert beschlossen", "abgelehnt", "zurückgezogen"):
        if kind in lowered:
            return kind
    if "beschlossen" in lowered:
        return "beschlossen (Neufassung)" if "neufassung" in lowered else "beschlossen"
    return ""


def read_budget(files: Sequence[InputFile]) -> Dataset:
    """The importer's ``read``: budget lines, purposes and the decision paper of every file."""
    if not files:
        raise ParseError("keine Datei angegeben")
    papers: dict[str, Paper] = {}
    purposes: dict[str, Purpose] = {}
    budget_lines: list[BudgetLine] = []
    for file in files:
        try:
            paper, found_purposes, found_lines = parse_budget(file.name, file.text())
        except ParseError as exc:
            if exc.location is None or exc.location.file != file.name:
                number = exc.location.line if exc.location else None
                raise exc.at(Location(file.name, number)) from None
            raise
        except (ValueError, TypeError) as exc:  # a model invariant the input broke
            raise _fail(f"Haushaltstext nicht lesbar: {exc}", None, file.name, None) from exc
        if paper.reference in papers:
            raise _fail(f"„{paper.reference}“ kommt doppelt vor", paper.reference, file.name, None)
        papers[paper.reference] = paper
        prefix = "" if len(files) == 1 else f"{purpose_words.slug(file.name)}-"
        ids = {line.id: f"{prefix}{line.id}" for line in found_lines}
        for budget_line in found_lines:
            revises = ids.get(budget_line.revises) if budget_line.revises else None
            budget_lines.append(attrs.evolve(budget_line, id=ids[budget_line.id], revises=revises))
        for purpose in found_purposes:
            purposes.setdefault(purpose.id, purpose)
    return Dataset(
        municipality=PROFILE.municipality,
        budget_cadence=PROFILE.budget_cadence,
        purposes=tuple(purposes.values()),
        budget_lines=tuple(budget_lines),
        papers=tuple(papers.values()),
    )


def importer() -> Importer:
    """The importer ``leipzig-budget``."""
    return Importer(
        "leipzig-budget",
        "Leipziger Haushaltsantrag mit Beschluss und Umsetzungsbericht als Text → "
        "Haushaltszeilen (beantragt, Entwurf, beschlossen, geändert, verwendet) mit Quellen",
        read_budget,
        (".txt",),
    )
