"""The core checks: references inside a data set that do not resolve, and figures that conflict.

Each problem names the JSON path of the value (as in the native JSON document) and what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ..contributions import Problem, Severity
from ..model.budget import BudgetLine
from ..model.dataset import Dataset
from ..model.source import Source, SourceKind
from .review import schedule

__all__ = ["PaperReference", "core_problems", "paper_references"]

_E, _W = Severity.ERROR, Severity.WARNING


@attrs.frozen
class PaperReference:
    """A council paper reference found in a data set: its JSON path and text, and whether it is
    a source's reference (which may name a title rather than a number)."""

    path: str
    reference: str
    in_source: bool = False


def paper_references(data: Dataset) -> Iterator[PaperReference]:
    """Every paper reference in ``data``, for a city's checks to parse with its own scheme:
    papers and their relations, milestones, reports, guidelines, editions, measures, and the
    references of sources that are papers or decisions."""
    for i, paper in enumerate(data.papers):
        yield PaperReference(f"$.data.papers[{i}].reference", paper.reference)
        for j, relation in enumerate(paper.relations):
            yield PaperReference(f"$.data.papers[{i}].relations[{j}].reference", relation.reference)
    for i, milestone in enumerate(data.milestones):
        if milestone.paper is not None:
            yield PaperReference(f"$.data.milestones[{i}].paper", milestone.paper)
    for i, report in enumerate(data.reports):
        if report.paper is not None:
            yield PaperReference(f"$.data.reports[{i}].paper", report.paper)
    if data.concept is not None:
        for i, guidelines in enumerate(data.concept.guidelines):
            if guidelines.paper is not None:
                yield PaperReference(f"$.data.concept.guidelines[{i}].paper", guidelines.paper)
        for e, edition in enumerate(data.concept.editions):
            path = f"$.data.concept.editions[{e}]"
            if edition.decided_by is not None:
                yield PaperReference(f"{path}.decided_by", edition.decided_by)
            for m, measure in enumerate(edition.measures):
                for k, reference in enumerate(measure.papers):
                    yield PaperReference(f"{path}.measures[{m}].papers[{k}]", reference)
    for path, value in _walk(data, "$.data"):
        if isinstance(value, Source) and value.kind in (SourceKind.PAPER, SourceKind.DECISION):
            yield PaperReference(f"{path}.reference", value.reference, in_source=True)


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every attrs object inside ``value`` with its JSON path (as the native JSON writes it)."""
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
        return
    if not attrs.has(type(value)):
        return
    yield path, value
    for field in attrs.fields(type(value)):
        yield from _walk(getattr(value, field.name), f"{path}.{field.name}")


def core_problems(data: Dataset) -> tuple[Problem, ...]:
    """Every problem the core checks find in ``data``."""
    return (*_budget(data), *_unlinked_figures(data), *_concept(data), *_reports(data))


def _unlinked_figures(data: Dataset) -> Iterator[Problem]:
    """Several lines for one year, purpose and phase that do not revise each other are added up;
    when two sources state the same figure differently that is wrong, so it is worth a look."""
    groups: dict[tuple[int, str, str], list[int]] = {}
    for i, line in enumerate(data.budget_lines):
        groups.setdefault((line.fiscal_year, line.purpose, line.phase.value), []).append(i)
    for (year, purpose, phase), indexes in groups.items():
        lines = [data.budget_lines[i] for i in indexes]
        ids = {line.id for line in lines}
        if len(lines) < 2 or any(line.revises in ids for line in lines):
            continue
        listed = "; ".join(f"{line.id} ({line.source.label()})" for line in lines)
        yield Problem(
            _W,
            f"$.data.budget_lines[{indexes[1]}]",
            f"{len(lines)} Zeilen für {year}, {purpose}, {phase} werden addiert: {listed}; "
            "gibt eine Quelle eine andere Zahl an, sollte eine Zeile die andere ersetzen (revises)",
        )


def _budget(data: Dataset) -> Iterator[Problem]:
    purposes = {p.id for p in data.purposes}
    by_id: dict[str, BudgetLine] = {line.id: line for line in data.budget_lines}
    revisers: dict[str, list[str]] = {}
    for line in data.budget_lines:
        if line.revises is not None:
            revisers.setdefault(line.revises, []).append(line.id)
    for i, line in enumerate(data.budget_lines):
        path = f"$.data.budget_lines[{i}]"
        if line.purpose not in purposes:
            yield Problem(_W, f"{path}.purpose", f"Zweck „{line.purpose}“ ist nicht beschrieben")
        if line.revises is None:
            continue
        target = by_id.get(line.revises)
        if target is None:
            yield Problem(_E, f"{path}.revises", f"ersetzt unbekannte Zeile „{line.revises}“")
            continue
        if (target.fiscal_year, target.purpose) != (line.fiscal_year, line.purpose):
            yield Problem(
                _E,
                f"{path}.revises",
                f"ersetzt „{target.id}“ ({target.fiscal_year}, {target.purpose}), "
                f"aber gilt für {line.fiscal_year}, {line.purpose}",
            )
        rivals = revisers.get(target.id, [])
        if len(rivals) > 1 and rivals[0] == line.id:
            yield Problem(
                _E,
                f"{path}.revises",
                f"„{target.id}“ wird von mehreren Zeilen ersetzt ({', '.join(rivals)}); "
                "eine spätere Änderung sollte die vorige ersetzen",
            )
        if target.phase.rank > line.phase.rank:
            yield Problem(
                _W,
                f"{path}.revises",
                f"eine Zeile der Phase {line.phase.value} ersetzt eine der späteren Phase "
                f"{target.phase.value} („{target.id}“)",
            )
        seen = {line.id}
        current: BudgetLine | None = target
        while current is not None and current.revises is not None:
            if current.id in seen:
                yield Problem(_E, f"{path}.revises", f"Ersetzungen bilden einen Kreis: {line.id}")
                break
            seen.add(current.id)
            current = by_id.get(current.revises)


def _concept(data: Dataset) -> Iterator[Problem]:
    concept = data.concept
    if concept is None:
        return
    statuses = {s.key for s in concept.statuses}
    organizations = {o.id for o in data.organizations}
    editions = {e.id for e in concept.editions}
    for e, edition in enumerate(concept.editions):
        path = f"$.data.concept.editions[{e}]"
        if edition.replaces is not None and edition.replaces not in editions:
            yield Problem(_E, f"{path}.replaces", f"unbekannte Fassung „{edition.replaces}“")
        for count, declared, what in (
            (len(edition.fields), edition.declared_fields, "Handlungsfelder"),
            (len(edition.measures), edition.declared_measures, "Maßnahmen"),
        ):
            if declared is not None and count > declared:
                yield Problem(_E, path, f"{count} {what} erfasst, aber nur {declared} angegeben")
        goals = {g.id: g for f in edition.fields for g in f.goals}
        for m, measure in enumerate(edition.measures):
            mpath = f"{path}.measures[{m}]"
            for h, change in enumerate(measure.status_history):
                if statuses and change.status not in statuses:
                    yield Problem(
                        _E,
                        f"{mpath}.status_history[{h}].status",
                        f"Status „{change.status}“ fehlt im Statusverzeichnis",
                    )
            if organizations and measure.lead is not None and measure.lead not in organizations:
                yield Problem(_W, f"{mpath}.lead", f"unbekannte Organisation „{measure.lead}“")
            for p, partner in enumerate(measure.partners):
                if organizations and partner.organization not in organizations:
                    yield Problem(
                        _W,
                        f"{mpath}.partners[{p}].organization",
                        f"unbekannte Organisation „{partner.organization}“",
                    )
            if measure.goal is not None and measure.goal not in goals:
                yield Problem(_E, f"{mpath}.goal", f"unbekanntes Ziel „{measure.goal}“")
            if measure.recommendation is not None:
                goal = goals.get(measure.goal or "")
                known = {r.id for r in goal.recommendations} if goal else set()
                if measure.recommendation not in known:
                    yield Problem(
                        _E,
                        f"{mpath}.recommendation",
                        f"Handlungsempfehlung „{measure.recommendation}“ gehört zu keinem Ziel "
                        "dieser Maßnahme",
                    )


def _reports(data: Dataset) -> Iterator[Problem]:
    rules = {r.id for r in data.review_rules}
    until = max((r.period_start for r in data.reports), default=0)
    periods = {
        (item.rule.id, item.first_year)
        for item in schedule(data.review_rules, data.budget_cadence, until)
    }
    for i, report in enumerate(data.reports):
        if report.rule not in rules:
            yield Problem(_E, f"$.data.reports[{i}].rule", f"unbekannte Regel „{report.rule}“")
        elif (report.rule, report.period_start) not in periods:
            yield Problem(
                _W,
                f"$.data.reports[{i}].period_start",
                f"nach Regel „{report.rule}“ beginnt kein Zeitraum {report.period_start}; "
                "der Bericht erfüllt so keine Pflicht",
            )
