"""Stored OParl objects → the model: papers with their Beratungsfolge and decision (pure).

OParl has no field for vote counts nor for the kind of a decision: both are read from the agenda
item's ``result`` text (``13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen``, ``einstimmig``,
``Der Ausschuss nimmt die Vorlage zur Kenntnis.``). The readers here take only what the text says
unambiguously: a text with several votes in it (``a) … b) …``) gives no counts, and a text that
says nothing recognisable gives no kind. City plugins adjust the result through their
:class:`~integrationkonzept.contributions.OParlAdapter` (reference scheme, kinds, vendor quirks).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..contributions import OParlAdapter
from ..model.concept import Municipality, Organization
from ..model.council import Consultation, Decision, Paper, PaperRelation, RelationKind, VoteResult
from ..model.dataset import Dataset
from ..model.periods import BudgetCadence
from ..model.source import Source, SourceKind

__all__ = [
    "ConsultationView",
    "PaperView",
    "ReadResult",
    "adjust",
    "decision_kind",
    "normalize_ags",
    "organization",
    "parse_votes",
    "read_result",
    "to_dataset",
    "to_paper",
]


@attrs.frozen
class ConsultationView:
    """One consultation as the store joins it: the body's name, the meeting's date, the agenda
    item's result and resolution text."""

    id: str
    body: str | None
    date: dt.date | None
    role: str | None = None
    authoritative: bool | None = None
    result: str | None = None
    resolution_text: str | None = None
    agenda_item: str | None = None
    agenda_number: str | None = None
    meeting: str | None = None


@attrs.frozen
class PaperView:
    """One paper as the store joins it (names resolved, consultations in meeting order)."""

    id: str
    reference: str | None
    name: str | None = None
    paper_type: str | None = None
    date: dt.date | None = None
    lead: tuple[str, ...] = ()
    originators: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    consultations: tuple[ConsultationView, ...] = ()
    web: str | None = None
    modified: str | None = None
    deleted: bool = False
    body: str | None = None


@attrs.frozen
class ReadResult:
    """What a result text says: the decision's kind (``""`` when it does not say), the counted
    votes when exactly one vote is given, and whether it was unanimous."""

    kind: str = ""
    votes: VoteResult | None = None
    unanimous: bool = False


# Numbers: digits, or the letter O written for a zero (``O Enthaltungen``).
_NUMBER = r"(?P<n>(?<![0-9])[0-9]{1,4}|(?<![a-zA-ZäöüÄÖÜß])[oO](?=[\s-]))"
_GLUE = r"[\s-]*(?:x\s*)?"
_YES = re.compile(_NUMBER + _GLUE + r"ja\b(?:[\s-]*stimme[n]?\b)?", re.IGNORECASE)
_NO = re.compile(_NUMBER + _GLUE + r"nein\b(?:[\s-]*stimme[n]?\b)?", re.IGNORECASE)
_ABSTAIN = re.compile(
    _NUMBER + _GLUE + r"(?:stimm)?(?:enthaltung|entahltung|enhaltung)(?:en|\(en\))?",
    re.IGNORECASE,
)
_NO_ABSTENTIONS = re.compile(r"\b(?:keine|ohne)\s+(?:stimm)?enthaltung", re.IGNORECASE)
_UNANIMOUS = re.compile(r"einstimm?i?m?ig|einstimmung|einstimmit", re.IGNORECASE)
_WORDS = {"o": 0}
# Numbered parts (``Alternative 1: … Alternative 2: …``, glued to the word before as servers
# glue lines): two of them mean several votes.
_PARTS = re.compile(
    r"(?:alternative|vorschlag|variante|beratungsergebnis|punkt|\bnr\.?|\bzu)\s*([0-9]+|[a-z]\))",
    re.IGNORECASE,
)

# What a result text says about the decision, in order of precedence.
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"zurückgezogen", "zurückgezogen"),
        (r"\bvertagt\b", "vertagt"),
        (r"zurückgestellt", "zurückgestellt"),
        (r"\bverwiesen\b", "verwiesen"),
        (r"zur\s+kenntnis|kenntnis\s+genommen|kenntnisnahme", "zur Kenntnis genommen"),
        (r"\bungeändert\s+beschlossen", "ungeändert beschlossen"),
        (r"\bgeändert\s+beschlossen|mit\s+änderungen?\s+beschlossen", "geändert beschlossen"),
        (r"nicht\s+empfohlen", "nicht empfohlen"),
        (r"abgelehnt|zurückgewiesen|nicht\s+stattgegeben|nicht\s+gefolgt", "abgelehnt"),
        (r"\bempf(?:ohlen|iehlt)\b", "empfohlen"),
        (r"\bangenommen\b|\bbeschlossen\b|\bbeschließt\b|\bzugestimmt\b", "beschlossen"),
    )
)


def _count(match: re.Match[str]) -> int:
    text = match["n"]
    return _WORDS[text.lower()] if text.isalpha() else int(text)


def parse_votes(text: str) -> VoteResult | None:
    """The counted votes in ``text`` when it gives exactly one vote with a yes count and a no or
    abstention count; counts not mentioned are zero (``keine Enthaltungen`` too).

    ``None`` for texts without counts, with several votes (``a) 7 Ja-Stimmen … b) …``), and for
    ``einstimmig`` texts that contradict their counts.
    """
    yes = list(_YES.finditer(text))
    no = list(_NO.finditer(text))
    abstain = list(_ABSTAIN.finditer(text))
    if len(yes) != 1 or len(no) > 1 or len(abstain) > 1:
        return None
    if len({part.lower() for part in _PARTS.findall(text)}) > 1:
        return None
    if not no and not abstain and not _NO_ABSTENTIONS.search(text):
        return None
    votes = VoteResult(
        yes=_count(yes[0]),
        no=_count(no[0]) if no else 0,
        abstentions=_count(abstain[0]) if abstain else 0,
    )
    if _UNANIMOUS.search(text) and votes.no > 0:
        return None
    return votes


def decision_kind(text: str, votes: VoteResult | None = None) -> str:
    """The kind of decision a result text states; from the counts when it states none
    (a tie or more no than yes: ``abgelehnt``); ``""`` when it does not say."""
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    if votes is not None:
        return "beschlossen" if votes.yes > votes.no else "abgelehnt"
    if _UNANIMOUS.search(text) or re.search(r"\bmehrheitlich\b", text, re.IGNORECASE):
        return "beschlossen"
    return ""


def read_result(text: str | None) -> ReadResult:
    """Kind, votes and unanimity of an agenda item's result text."""
    if not text:
        return ReadResult()
    votes = parse_votes(text)
    return ReadResult(decision_kind(text, votes), votes, bool(_UNANIMOUS.search(text)))


def _decision(view: PaperView, reference: str) -> Decision | None:
    candidates = []
    for consultation in view.consultations:
        if consultation.date is None or not consultation.body or not consultation.result:
            continue
        read = read_result(consultation.result)
        if not read.kind and read.votes is None:
            continue
        candidates.append((bool(consultation.authoritative), consultation.date, consultation, read))
    if not candidates:
        return None
    _, day, chosen, read = max(candidates, key=lambda item: (item[0], item[1]))
    assert chosen.body is not None
    assert chosen.result is not None
    locator = f"TOP {chosen.agenda_number}" if chosen.agenda_number else ""
    source = Source(
        SourceKind.DATA,
        reference,
        title=view.name or "",
        date=day,
        locator=locator,
        url=chosen.agenda_item or chosen.id,
    )
    return Decision(
        body=chosen.body,
        date=day,
        kind=read.kind,
        votes=read.votes,
        vote_text=chosen.result,
        text=chosen.resolution_text or "",
        source=source,
    )


def to_paper(view: PaperView, references: Mapping[str, str] | None = None) -> Paper | None:
    """The model's paper for a stored one; ``None`` without a reference (the model needs one).

    The Beratungsfolge comes from the consultations (body, meeting date, role, result,
    authoritative); the decision from the authoritative consultation, else the latest one whose
    result says something. ``references`` maps paper URLs to references, for the relations.
    There is no field for the lead organisation (``underDirectionOf``): it stands in
    ``submitter`` when no originator is given.
    """
    if not view.reference:
        return None
    consultations = tuple(
        Consultation(
            body=consultation.body,
            date=consultation.date,
            role=consultation.role or "",
            result=consultation.result or "",
            authoritative=bool(consultation.authoritative),
        )
        for consultation in view.consultations
        if consultation.body
    )
    known = references or {}
    relations = tuple(
        PaperRelation(RelationKind.RELATED, known[url])
        for url in dict.fromkeys(view.related)
        if known.get(url) and known[url] != view.reference
    )
    return Paper(
        reference=view.reference,
        kind=view.paper_type or "",
        title=view.name or "",
        submitter="; ".join(view.originators or view.lead),
        date=view.date,
        consultations=consultations,
        decision=_decision(view, view.reference),
        relations=relations,
        source=Source(
            SourceKind.DATA,
            view.reference,
            title=view.name or "",
            date=view.date,
            url=view.id,
        ),
    )


def adjust(
    paper: Paper,
    raw: Mapping[str, Any],
    adapters: Sequence[OParlAdapter],
    report: Callable[[str], None],
) -> Paper:
    """``paper`` after each city adapter's ``adjust_paper``; a failing adapter is reported and
    skipped (it cannot take the sync down)."""
    for adapter in adapters:
        try:
            adjusted = adapter.adjust_paper(paper, raw)
        except Exception as exc:  # a plugin's fault stays with the plugin
            report(
                f"OParl-Anpassung „{adapter.name}“ ist bei {paper.reference} fehlgeschlagen: "
                f"{type(exc).__name__}: {exc}"
            )
            continue
        if not isinstance(adjusted, Paper):
            report(f"OParl-Anpassung „{adapter.name}“ lieferte kein Paper für {paper.reference}")
            continue
        paper = adjusted
    return paper


def normalize_ags(value: str | None) -> str | None:
    """An official municipality key with eight digits: a seven-digit key lost its leading zero
    (``5358016`` → ``05358016``, as Hürtgenwald's server sends it); anything else is ``None``."""
    if value is None:
        return None
    digits = value.replace(" ", "")
    if not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) == 7:
        digits = "0" + digits
    return digits if len(digits) == 8 else None


def organization(url: str, name: str | None, short: str | None, kind: str | None) -> Organization:
    """The model's organization for an OParl one (its URL is its id)."""
    return Organization(id=url, name=name or short or url, short_name=short or "", kind=kind or "")


def to_dataset(
    municipality: Municipality,
    cadence: BudgetCadence,
    papers: Iterable[tuple[Paper, str | None]],
    organizations: Sequence[Organization] = (),
) -> tuple[Dataset, tuple[str, ...]]:
    """A data set of the papers (each with its ``modified`` stamp) and organizations.

    The model holds one paper per reference: of papers that share one, the last modified is
    kept and the others are reported.
    """
    kept: dict[str, tuple[Paper, str]] = {}
    problems: list[str] = []
    for paper, modified in papers:
        stamp = modified or ""
        current = kept.get(paper.reference)
        if current is not None:
            older = paper if stamp < current[1] else current[0]
            problems.append(
                f"Vorlage {paper.reference} gibt es mehrmals; die ältere Fassung "
                f"({older.source.url if older.source else '?'}) wird übergangen"
            )
            if stamp < current[1]:
                continue
        kept[paper.reference] = (paper, stamp)
    dataset = Dataset(
        municipality=municipality,
        budget_cadence=cadence,
        organizations=tuple(organizations),
        papers=tuple(paper for paper, _ in kept.values()),
    )
    return dataset, tuple(problems)
