"""Which council papers concern the integration concept, and where in the concept they belong.

The rules (:class:`~integrationkonzept.contributions.RelevanceRules`) come from the city's
profile and can be overridden: a paper is relevant when its title or reference holds one of the
keywords (at the start of a word, or a phrase) and none of the exclusions, when one of the bodies
deliberates or decided it (the Migrantenbeirat), or when its reference is one of the concept's
papers or derives from one (a Neufassung, an amendment, a follow-up number). The concept's papers
are the rules' ``references`` and every paper the data set names: the editions' deciding papers,
the guidelines', the measures', the reports' and the sources of budget lines.

Linking puts the relevant papers into the data set (merged with papers already there), adds a
paper that derives from a measure's paper to that measure, and says for each relevant paper what
it belongs to: an edition, the guidelines, a measure, a budget line, a report, or the concept as
a whole. Everything here is pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

import attrs

from ..contributions import ParsedReference, RelevanceRules
from ..errors import ParseError
from ..model.concept import Concept, Edition, Measure
from ..model.council import Paper
from ..model.dataset import Dataset
from ..model.source import SourceKind

__all__ = [
    "Link",
    "Linked",
    "Match",
    "concept_references",
    "derives_from",
    "keyword_hit",
    "link",
    "match",
    "select",
]

Parse = Callable[[str], ParsedReference]

_PAPER_SOURCES = frozenset({SourceKind.PAPER, SourceKind.DECISION, SourceKind.REPORT})


@attrs.frozen
class Match:
    """A relevant paper and why (German reasons, e.g. ``Stichwort „Integration“``)."""

    paper: Paper
    reasons: tuple[str, ...]


@attrs.frozen
class Link:
    """A relevant paper belongs to something in the concept.

    ``target`` is ``edition``, ``guidelines``, ``measure``, ``budget_line``, ``report`` or
    ``concept``; ``target_id`` its id (the guidelines' title); ``via`` the concept's reference
    the paper is or derives from (empty for a link by keyword or body).
    """

    paper: str
    target: str
    target_id: str
    via: str = ""


@attrs.frozen
class Linked:
    """The data set with the relevant papers in it, the matches, and the links."""

    dataset: Dataset
    matches: tuple[Match, ...]
    links: tuple[Link, ...]


def _normalized(reference: str, parse: Parse | None) -> str:
    if parse is None:
        return reference.strip()
    try:
        return parse(reference).normalized
    except (ParseError, ValueError):
        return reference.strip()


def derives_from(reference: str, base: str, parse: Parse | None = None) -> bool:
    """Whether ``reference`` is ``base`` or derives from it.

    With the city's reference scheme (``parse``) through the chain of ``parent`` references;
    without one, or when the scheme cannot read the reference, by prefix: ``base`` followed by
    ``-`` or ``/`` (``VI-DS-08033-NF-02`` from ``VI-DS-08033``, ``DS0583/21/1`` from
    ``DS0583/21``).
    """
    target = _normalized(base, parse)
    if not target:
        return False
    current = _normalized(reference, parse)
    if current == target:
        return True
    if parse is not None:
        seen = {current}
        try:
            parent = parse(reference).parent
            while parent:
                normalized = _normalized(parent, parse)
                if normalized == target:
                    return True
                if normalized in seen:
                    break
                seen.add(normalized)
                parent = parse(parent).parent
        except (ParseError, ValueError):
            pass
    return current.startswith(target) and current[len(target)] in "-/"


def concept_references(dataset: Dataset | None) -> tuple[tuple[str, str, str], ...]:
    """Every paper reference the data set names: ``(reference, target, target id)``."""
    if dataset is None:
        return ()
    found: list[tuple[str, str, str]] = []
    concept = dataset.concept
    if concept is not None:
        for guidelines in concept.guidelines:
            if guidelines.paper:
                found.append((guidelines.paper, "guidelines", guidelines.title))
        for edition in concept.editions:
            if edition.decided_by:
                found.append((edition.decided_by, "edition", edition.id))
            for measure in edition.measures:
                found.extend((reference, "measure", measure.id) for reference in measure.papers)
    for line in dataset.budget_lines:
        if line.source.kind in _PAPER_SOURCES:
            found.append((line.source.reference, "budget_line", line.id))
    for report in dataset.reports:
        if report.paper:
            found.append((report.paper, "report", report.id))
    return tuple(dict.fromkeys(found))


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The words of ``text`` as written: runs of letters and digits (a hyphen or slash parts
    them, so "OGS-Integration" holds "Integration")."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def _fold(word: str) -> str:
    return word.casefold()


def keyword_hit(keyword: str, words: Sequence[str]) -> str | None:
    """Where ``keyword`` occurs in ``words``: the words it matched, as written, or ``None``.

    A keyword matches at the start of a word and runs on into a compound ("Integration" finds
    "Integrationskonzept" and "Integration", not "Desintegration"); a keyword of several words is
    a phrase, its words in a row, the last one again at the start of a word ("Integration von
    Räumen"). Case does not matter, and ß matches ss.
    """
    parts = [_fold(part) for part in _words(keyword)]
    if not parts:
        return None
    folded = [_fold(word) for word in words]
    last = len(parts) - 1
    for start in range(len(folded) - last):
        window = folded[start : start + len(parts)]
        if window[:last] == parts[:last] and window[last].startswith(parts[last]):
            return " ".join(words[start : start + len(parts)])
    return None


def match(
    paper: Paper,
    rules: RelevanceRules,
    references: Sequence[str] = (),
    parse: Parse | None = None,
) -> tuple[str, ...]:
    """Why ``paper`` concerns the concept (empty: it does not), by ``rules`` and the concept's
    own ``references``.

    Keywords are looked for in the title and the reference (:func:`keyword_hit`); an exclusion
    found there cancels the keywords (not the bodies or references), so that "Integration von
    Räumen" in a building paper does not make it relevant. A person's decision comes first: a
    paper in ``rules.rejected`` has no reasons, one in ``rules.confirmed`` is relevant.
    """
    own = _normalized(paper.reference, parse)
    if any(_normalized(reference, parse) == own for reference in rules.rejected):
        return ()
    reasons: list[str] = []
    if any(_normalized(reference, parse) == own for reference in rules.confirmed):
        reasons.append("von Hand bestätigt")
    words = _words(f"{paper.title}\n{paper.reference}")
    hits = [(keyword, keyword_hit(keyword, words)) for keyword in rules.keywords]
    excluded = [word for word in rules.exclusions if keyword_hit(word, words) is not None]
    if not excluded:
        for keyword, hit in hits:
            if hit is None:
                continue
            if _fold(hit) == _fold(keyword):
                reasons.append(f"Stichwort „{keyword}“")
            else:
                reasons.append(f"Stichwort „{keyword}“ in „{hit}“")
    deliberating = [consultation.body for consultation in paper.consultations]
    if paper.decision is not None:
        deliberating.append(paper.decision.body)
    folded = [body.casefold() for body in deliberating]
    reasons.extend(
        f"Gremium „{body}“"
        for body in rules.bodies
        if any(body.casefold() in name for name in folded)
    )
    for base in dict.fromkeys((*rules.references, *references)):
        if derives_from(paper.reference, base, parse):
            same = _normalized(paper.reference, parse) == _normalized(base, parse)
            reasons.append(f"Vorlage „{base}“" if same else f"abgeleitet von „{base}“")
        elif any(derives_from(relation.reference, base, parse) for relation in paper.relations):
            reasons.append(f"verweist auf „{base}“")
    return tuple(reasons)


def select(
    papers: Iterable[Paper],
    rules: RelevanceRules,
    dataset: Dataset | None = None,
    parse: Parse | None = None,
) -> tuple[Match, ...]:
    """The papers that concern the concept, with the reasons."""
    references = tuple(reference for reference, _, _ in concept_references(dataset))
    found = []
    for paper in papers:
        reasons = match(paper, rules, references, parse)
        if reasons:
            found.append(Match(paper, reasons))
    return tuple(found)


def _merge(existing: Paper, synced: Paper) -> Paper:
    """A paper already in the data set, completed from the synced one where it lacks data."""
    return attrs.evolve(
        existing,
        kind=existing.kind or synced.kind,
        title=existing.title or synced.title,
        submitter=existing.submitter or synced.submitter,
        date=existing.date or synced.date,
        consultations=existing.consultations or synced.consultations,
        decision=existing.decision or synced.decision,
        relations=existing.relations or synced.relations,
        source=existing.source or synced.source,
    )


def link(
    dataset: Dataset,
    papers: Iterable[Paper],
    rules: RelevanceRules,
    parse: Parse | None = None,
    keep_all: bool = False,
) -> Linked:
    """Put the relevant ``papers`` into ``dataset`` and link them to the concept (see module);
    with ``keep_all`` every paper goes into the data set, the relevant ones linked."""
    papers = tuple(papers)
    matches = select(papers, rules, dataset, parse)
    targets = concept_references(dataset)
    concept_id = dataset.concept.id if dataset.concept is not None else ""
    links: list[Link] = []
    for found in matches:
        reference = found.paper.reference
        linked = [
            Link(reference, target, target_id, base)
            for base, target, target_id in targets
            if derives_from(reference, base, parse)
        ]
        linked.extend(
            Link(reference, "concept", concept_id, base)
            for base in rules.references
            if derives_from(reference, base, parse)
        )
        if not linked:
            linked.append(Link(reference, "concept", concept_id))
        links.extend(dict.fromkeys(linked))
    by_reference = {paper.reference: paper for paper in dataset.papers}
    for paper in papers if keep_all else (found.paper for found in matches):
        current = by_reference.get(paper.reference)
        by_reference[paper.reference] = paper if current is None else _merge(current, paper)
    extra: dict[str, list[str]] = {}
    for item in links:
        if item.target == "measure":
            extra.setdefault(item.target_id, []).append(item.paper)
    concept = _with_measure_papers(dataset.concept, extra)
    merged = attrs.evolve(dataset, concept=concept, papers=tuple(by_reference.values()))
    return Linked(merged, matches, tuple(links))


def _with_measure_papers(concept: Concept | None, extra: dict[str, list[str]]) -> Concept | None:
    if concept is None or not extra:
        return concept

    def measure(item: Measure) -> Measure:
        added = [ref for ref in extra.get(item.id, ()) if ref not in item.papers]
        return attrs.evolve(item, papers=(*item.papers, *dict.fromkeys(added))) if added else item

    def edition(item: Edition) -> Edition:
        return attrs.evolve(item, measures=tuple(measure(m) for m in item.measures))

    return attrs.evolve(concept, editions=tuple(edition(e) for e in concept.editions))
