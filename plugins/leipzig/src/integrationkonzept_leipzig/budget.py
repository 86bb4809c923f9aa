"""The importer ``leipzig-budget``: a budget amendment motion with its council decision and status
report (the kind of text of the Leipzig funding history) → budget lines with phases and sources.

The text has up to four parts, each found by its heading:

* the motion, ``Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22``: amounts it asks for
  are ``requested`` (``80.000 € p.a.`` for each year of the Doppelhaushalt);
* its ``Begründung:``: what earlier drafts held and what the draft does — ``im Entwurf des
  Doppelhaushaltes 2019/20 eingestellten 60.000 Euro`` (``draft``, in the year of a Puffer the
  text names — without one the year is not known and the text is refused), ``Anfang 2020 einem
  finanziellen Puffer von 20.000 zugestimmt`` (a ``revised`` line with the sum, replacing the
  draft one), ``Im Entwurf des Doppelhaushaltes 21/22 ist dieses Budget … komplett gestrichen``
  (``draft`` 0 for each year) or ``… sind 40.000 € p.a. eingestellt`` (``draft`` per year); no
  amount that stood in a draft becomes ``adopted``;
* ``Beschluss der Ratsversammlung am 31. März 2021``: the decision (kind and vote text as written)
  with totals per year and their split per purpose (bullets) — ``adopted``; the split must add up
  to the totals;
* ``Bericht zum Stand der Umsetzung vom 20.07.2022``: what was used per purpose — ``actual``.

Amount phrases read: ``80.000 € p.a.``, ``30.000 EUR pro Jahr``, ``30.000 EUR im Jahr 2021 und
50.000 EUR im Jahr 2022``, ``2021: 30.000 EUR; 2022: 50.000 EUR``, ``im Jahr 2021 zusätzlich
80.000 EUR und im Jahr 2022 zusätzlich 100.000 EUR``. An amount that none of them places in a year
is a :class:`~integrationkonzept.errors.ParseError`, as is a split that does not add up.

``zusätzlich`` (in the phrase or before it in its sentence, whatever the phrase) makes a requested
or adopted amount an addition to the draft: with a draft of 0 it is the whole amount; with a
non-zero draft for the same purpose the line holds draft + addition (and says so in its note);
where no draft figure for the year is known, or the draft and the addition name different
purposes, the whole amount is not known and the text is refused.

Line ids are made of the document's own content — its Leipzig reference (``…-Nr. VII-HP-01234``)
or its heading (``aenderungsantrag-dhh-2021-22``), then year, purpose and phase — so that the same
text gives the same ids whatever other files are imported with it; two files that give the same
id are refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

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
from integrationkonzept.plugin import (
    Importer,
    InputFile,
    Line,
    date_pattern,
    full_year,
    parse_date,
    parse_error_at,
    slug,
)

from .common import SLUG_EMPTY, SLUG_LIMIT, base_name, eur, fiscal_year, read_each
from .decisions import decision_kind
from .lines import Joined, document_lines, join, text_of
from .profile import PROFILE
from .purposes import Mention, assign, item_purpose, sentence_purpose
from .references import REFERENCE_PATTERN, parse_reference

__all__ = ["BudgetText", "YearAmount", "importer", "parse_budget", "read_budget", "year_amounts"]

_NUMBER: Final = r"(?P<amount>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{2})?|[0-9]+(?:,[0-9]{2})?)"
_AMT: Final = _NUMBER + r" ?(?:€|EUR\b|Euro\b)"
_AMT_OPTIONAL: Final = _NUMBER + r"(?: ?(?:€|EUR\b|Euro\b))?"
_YEAR: Final = r"(?P<year>[12][0-9]{3})"
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
#: ``zusätzlich`` (``zusätzliche``, ``zusätzlichen``): an addition to what the draft holds.
_ADDITIONAL: Final = re.compile(r"(?<!\w)zusätzlich(?:e|en|er|es)?(?!\w)", re.IGNORECASE)
#: Where a sentence (or a clause of a list of amounts) ends.
_SENTENCE_END: Final = re.compile(r"[.!?](?=\s+[A-ZÄÖÜ])|;")

_PERIOD: Final = r"(?P<period>[0-9]{2,4}/[0-9]{2,4})"
_MOTION: Final = re.compile(
    rf"(?P<heading>(?P<art>Änderungsantrag|Haushaltsänderungsantrag|Antrag) zum (?:Entwurf des )?"
    rf"Doppelhaushalte?s {_PERIOD})\s*:?"
)
#: A heading's date: ``18.04.2017`` or ``18. April 2017``, always with a four-digit year.
_DATE: Final = date_pattern(years="four", written=True)
_DECISION: Final = re.compile(
    r"(?P<heading>Beschluss (?:der |des )?(?P<body>[^\W\d_][\w ,-]*?) (?:am|vom) "
    rf"(?P<date>{_DATE}))\s*:?"
)
_REPORT: Final = re.compile(
    r"(?P<heading>(?:Bericht zum Stand der Umsetzung|Sachstandsbericht|Stand der Umsetzung|"
    rf"Bericht zur Umsetzung)[^:]*? vom (?P<date>{_DATE}))\s*:?"
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
    r"(?:HH-Jahre?n?|HHJ|Haushaltsjahre?n?|Jahren) (?P<a>[12][0-9]{3})"
    r"(?: ?(?:/|und|,|bis) ?(?P<b>[12][0-9]{3}))?"
)
_VOTE_WORDS: Final = re.compile(r"beschlossen|abgelehnt|zurückgezogen|vertagt|verwiesen|angenommen")

_LABELS: Final = {
    BudgetPhase.DRAFT: "entwurf",
    BudgetPhase.REQUESTED: "beantragt",
    BudgetPhase.ADOPTED: "beschlossen",
    BudgetPhase.REVISED: "geaendert",
    BudgetPhase.ACTUAL: "verwendet",
}


@attrs.frozen
class YearAmount:
    """An amount placed in a fiscal year by a phrase (``phrase`` as written, ``line`` where);
    ``additional`` when the text gives it ``zusätzlich`` (to what the draft holds)."""

    year: int
    amount: Money
    phrase: str
    line: int
    additional: bool = False


@attrs.frozen
class BudgetText:
    """What one budget text holds: its paper (with the decision), purposes and budget lines, and
    the line of the text each budget line comes from (by line id)."""

    paper: Paper
    purposes: tuple[Purpose, ...]
    lines: tuple[BudgetLine, ...]
    numbers: dict[str, int] = attrs.field(eq=False)


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
        amount = _money(found["amount"] + " €", where, line)
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
    for found in _ANY_AMOUNT.finditer(text):
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


def _first_amount(text: str) -> int | None:
    starts = [found.start() for _kind, pattern in _PHRASES if (found := pattern.search(text))]
    return min(starts) if starts else None


def _main_purpose(text: str) -> str:
    """What a motion's sentence asks money for: the noun phrase before its first amount."""
    first = _first_amount(text)
    return sentence_purpose(text[:first]) if first is not None else ""


def _money(text: str, where: str, line: int) -> Money:
    try:
        return Money.parse(text)
    except ParseError as exc:
        raise exc.at(Location(where, line)) from None


def _period(text: str, where: str, line: int) -> BudgetPeriod:
    first_text, last_text = text.split("/")
    if len(first_text) not in (2, 4) or len(last_text) not in (2, 4):
        raise parse_error_at(
            f"„{text}“ ist kein Doppelhaushalt (erwartet z. B. „2021/22“)",
            text,
            file=where,
            line=line,
        )
    first = full_year(int(first_text)) if len(first_text) == 2 else int(first_text)
    last = int(last_text)
    if len(last_text) == 2:  # the century of the first year, or the next one (99/00)
        last += first - first % 100 + (100 if last < first % 100 else 0)
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


@attrs.frozen
class _Entry:
    """One amount read, before purposes and additions are settled."""

    phase: BudgetPhase
    mention: int  # index of the purpose's mention
    item: YearAmount
    source: Source
    note: str = ""
    revises: int | None = None  # index of the entry this one replaces
    split: str = ""  # the list of purposes it stands in (one purpose once per year)


@attrs.define
class _Collector:
    """Collects the purposes named and the amounts read from one text."""

    where: str
    mentions: list[Mention] = attrs.field(factory=list)
    entries: list[_Entry] = attrs.field(factory=list)

    def mention(self, words: str, group: str = "") -> int:
        """The index of a new mention of a purpose."""
        self.mentions.append(Mention(words, group))
        return len(self.mentions) - 1

    def add(self, entry: _Entry) -> int:
        """Keep ``entry``; its index."""
        self.entries.append(entry)
        return len(self.entries) - 1


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
        raise parse_error_at(
            "kein Haushaltsantrag erkannt: erwartet eine Überschrift wie „Änderungsantrag zum "
            "Entwurf des Doppelhaushaltes 2021/22“ oder „Beschluss der Ratsversammlung am "
            "31. März 2021“",
            first.text[:80] if first else "",
            file=where,
            line=first.number if first else 1,
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
        return parse_date(found["date"])
    except ParseError as exc:
        raise exc.at(Location(where, line.number)) from None


def _split_and_totals(
    paragraphs: Sequence[_Para],
    default_years: Sequence[int],
    where: str,
    collect: _Collector,
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
        words = item_purpose(_purpose_words(para.text))
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


def _purpose_words(text: str) -> str:
    """The words of a bullet before its amounts (``(…)``, ``>``, ``:``, the first amount)."""
    cut = len(text)
    for marker in (" (", "(", " >", ">"):
        position = text.find(marker)
        if position >= 0:
            cut = min(cut, position)
    first = _first_amount(text)
    if first is not None:
        cut = min(cut, first)
    first_amount = _ANY_AMOUNT.search(text)
    if first_amount is not None:
        cut = min(cut, first_amount.start())
    return text[:cut].strip(" ,;:")


def _document_key(reference: str, parts: _Parts, where: str) -> str:
    """What the line ids start with: the text's Leipzig reference, else its heading."""
    if reference:
        return reference
    if parts.motion is not None:
        line, found = parts.motion
        period = _period(found["period"], where, line.number)
        kind = slug(found["art"], limit=SLUG_LIMIT, empty=SLUG_EMPTY)
        return f"{kind}-dhh-{period.first}-{period.last % 100:02d}"
    assert parts.decision is not None  # _parts refuses a text without both
    line, found = parts.decision
    day = _date_of(found, where, line)
    return f"beschluss-{slug(found['body'], limit=SLUG_LIMIT, empty=SLUG_EMPTY)}-{day.isoformat()}"


def parse_budget(name: str, text: str) -> BudgetText:
    """The paper (motion with its decision), purposes and budget lines of one budget text."""
    lines = document_lines(text)
    parts = _parts(lines, name)
    collect = _Collector(name)
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
    main_purpose = collect.mention(main_text or title or motion_heading or "Gesamtbudget")
    period_years = list(period.years) if period else []

    # The motion: requested amounts.
    if parts.motion is not None:
        split, _totals = _split_and_totals(
            motion_paras, period_years, name, collect, main_purpose, "motion"
        )
        for mention, item in split:
            source = Source(
                SourceKind.PAPER,
                motion_heading,
                title=title,
                locator=f"Antragstext: „{item.phrase}“",
            )
            collect.add(_Entry(BudgetPhase.REQUESTED, mention, item, source, split="motion"))

    # The reasons: earlier drafts, buffer, this draft.
    if parts.reasons:
        _reasons(parts.reasons, name, collect, period, main_purpose, motion_heading or title, title)

    # The decision: adopted amounts and the decision itself.
    decision: Decision | None = None
    decision_years: list[int] = []
    if parts.decision is not None:
        decision, decision_years = _decision(
            parts.decision, parts.decision_lines, name, collect, period_years, main_purpose, title
        )

    # The status report: actual amounts.
    if parts.report is not None:
        _report(parts, name, collect, decision_years or period_years, main_purpose, title)

    reference = _reference(lines, name)
    key = _document_key(reference, parts, name)
    paper_reference = (
        reference or motion_heading or (parts.decision[1]["heading"] if parts.decision else "")
    )
    purposes, budget_lines, numbers = _settle(collect, key)
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
        reference=paper_reference,
        kind=art,
        title=title,
        decision=decision,
        sections=tuple(sections),
        source=Source(SourceKind.PAPER, paper_reference, title=title, locator=base_name(name)),
    )
    return BudgetText(paper, purposes, budget_lines, numbers)


def _report(
    parts: _Parts,
    name: str,
    collect: _Collector,
    years: list[int],
    main_purpose: int,
    title: str,
) -> None:
    assert parts.report is not None
    line, found = parts.report
    day = _date_of(found, name, line)
    paragraphs = _paragraphs(parts.report_lines)
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
    split, _totals = _split_and_totals(paragraphs, years, name, collect, main_purpose, "report")
    pending = "wurden/werden" in " ".join(p.text for p in paragraphs)
    for mention, item in split:
        note = ""
        if pending and item.year >= day.year:
            note = f"laut Bericht „wurden/werden … verwendet“ (Stand {day:%d.%m.%Y})"
        source = Source(
            SourceKind.REPORT, found["heading"], title=title, date=day, locator=f"„{item.phrase}“"
        )
        collect.add(_Entry(BudgetPhase.ACTUAL, mention, item, source, note=note, split="report"))


def _settle(
    collect: _Collector, key: str
) -> tuple[tuple[Purpose, ...], tuple[BudgetLine, ...], dict[str, int]]:
    """Purposes (:func:`assign`), additions to the draft, and the lines with their ids."""
    where = collect.where
    purposes = assign(collect.mentions)
    seen: dict[tuple[str, int, str], _Entry] = {}
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


def _additions(collect: _Collector, purposes: Sequence[Purpose]) -> tuple[list[Money], list[str]]:
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


def _reference(lines: Sequence[Line], where: str) -> str:
    """A Leipzig paper reference the text names in a header (``Antrag-Nr. VII-HP-01234``)."""
    for line in lines:
        found = re.fullmatch(r"(?:[^\W\d_]+ )*[^\W\d_]+-?\s?Nr\.\s?(?P<ref>\S+)", line.text)
        if found and REFERENCE_PATTERN.fullmatch(found["ref"]):
            try:
                return parse_reference(found["ref"]).format()
            except ParseError as exc:
                raise exc.at(Location(where, line.number)) from None
    return ""


def _reasons(
    reasons: Sequence[Line],
    where: str,
    collect: _Collector,
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

    def entry(phase: BudgetPhase, year: int, amount: Money, phrase: str, line: int) -> _Entry:
        """An entry for the main purpose read from the reasons."""
        return _Entry(phase, purpose, YearAmount(year, amount, phrase, line), source(phrase))

    previous = _PREVIOUS.search(text)
    buffer = _BUFFER.search(text)
    base: int | None = None
    base_year: int | None = None
    base_amount: Money | None = None
    sum_amount: Money | None = None
    if previous is not None:
        line = joined.line_at(previous.start())
        before = _period(previous["period"], where, line)
        if period is not None and before.last >= period.first:
            raise parse_error_at(
                f"„{previous.group()}“: Betrag im Entwurf ohne „p.a.“ – je Jahr oder für beide "
                "Jahre?",
                previous.group(),
                file=where,
                line=line,
            )
        base_amount = _money(previous["amount"] + " €", where, line)
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
        extra = _money(buffer["amount"] + " €", where, line)
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
        draft = _period(cut["period"], where, line)
        together = _TOGETHER.search(cut["what"])
        if together is not None and sum_amount is not None:
            stated = _money(together["amount"] + " €", where, line)
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
        draft = _period(holds["period"], where, line)
        amount = _money(holds["amount"] + " €", where, line)
        for year in draft.years:
            collect.add(entry(BudgetPhase.DRAFT, year, amount, holds.group(), line))


def _decision(
    heading: tuple[Line, re.Match[str]],
    lines: Sequence[Line],
    where: str,
    collect: _Collector,
    period_years: Sequence[int],
    main_purpose: int,
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
    kind = decision_kind(vote_text)
    rest = [p for p in paragraphs if p is not vote]
    vote_lines = set(vote.joined.numbers) if vote is not None else set()
    split, totals = _split_and_totals(rest, period_years, where, collect, main_purpose, "decision")
    for mention, item in split:
        source = Source(
            SourceKind.DECISION,
            found["heading"],
            title=title,
            date=day,
            locator=f"„{item.phrase}“",
        )
        collect.add(_Entry(BudgetPhase.ADOPTED, mention, item, source, split="decision"))
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


def read_budget(files: Sequence[InputFile]) -> Dataset:
    """The importer's ``read``: budget lines, purposes and the decision paper of every file."""
    papers: dict[str, Paper] = {}
    purposes: dict[str, Purpose] = {}
    budget_lines: list[BudgetLine] = []
    owner: dict[str, str] = {}  # line id → the file it came from
    for file, found in read_each(files, parse_budget, "Haushaltstext"):
        paper = found.paper
        if paper.reference in papers:
            raise parse_error_at(
                f"„{paper.reference}“ kommt doppelt vor", paper.reference, file=file.name
            )
        papers[paper.reference] = paper
        for budget_line in found.lines:
            if budget_line.id in owner:
                raise parse_error_at(
                    f"Haushaltszeile „{budget_line.id}“ gibt es schon aus {owner[budget_line.id]}: "
                    "derselbe Antrag oder Beschluss zweimal?",
                    budget_line.id,
                    file=file.name,
                    line=found.numbers[budget_line.id],
                )
            owner[budget_line.id] = base_name(file.name)
            budget_lines.append(budget_line)
        for purpose in found.purposes:
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
