"""Magdeburg's checks: paper numbers under the city's scheme, plans moved before the first plan.

Every place of the model that holds a paper reference is checked: papers and their relations,
milestones, the concept's guidelines and editions, reports, measures, and the references of
sources that are papers or decisions. A reference the scheme refuses is an error (a warning for a
source, whose reference may be a title); one it reads but writes differently (``ds0583/21``) is a
warning naming the canonical form. A revision that moves a milestone earlier than its first plan
is a warning: a plan that moves forward is rare enough to be a typing error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

import attrs

from integrationkonzept.contributions import CheckSet, Problem, Severity
from integrationkonzept.errors import ParseError
from integrationkonzept.i18n import fmt_date
from integrationkonzept.model import Dataset, Source, SourceKind

from .dates import format_plan
from .profile import AGS
from .references import parse_reference

__all__ = ["CHECKS", "magdeburg_problems"]

_E, _W = Severity.ERROR, Severity.WARNING
_NAME: Final = "magdeburg"


def _reference(path: str, reference: str, severity: Severity) -> Iterator[Problem]:
    try:
        parsed = parse_reference(reference)
    except ParseError as exc:
        yield Problem(severity, path, exc.message, _NAME)
        return
    if parsed.normalized != reference:
        yield Problem(
            _W,
            path,
            f"„{reference}“ sollte „{parsed.normalized}“ geschrieben werden",
            _NAME,
        )


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


def _references(data: Dataset) -> Iterator[Problem]:
    for i, paper in enumerate(data.papers):
        path = f"$.data.papers[{i}]"
        yield from _reference(f"{path}.reference", paper.reference, _E)
        for j, relation in enumerate(paper.relations):
            yield from _reference(f"{path}.relations[{j}].reference", relation.reference, _E)
    for i, milestone in enumerate(data.milestones):
        if milestone.paper is not None:
            yield from _reference(f"$.data.milestones[{i}].paper", milestone.paper, _E)
    for i, report in enumerate(data.reports):
        if report.paper is not None:
            yield from _reference(f"$.data.reports[{i}].paper", report.paper, _E)
    concept = data.concept
    if concept is not None:
        for i, guidelines in enumerate(concept.guidelines):
            if guidelines.paper is not None:
                path = f"$.data.concept.guidelines[{i}].paper"
                yield from _reference(path, guidelines.paper, _E)
        for e, edition in enumerate(concept.editions):
            path = f"$.data.concept.editions[{e}]"
            if edition.decided_by is not None:
                yield from _reference(f"{path}.decided_by", edition.decided_by, _E)
            for m, measure in enumerate(edition.measures):
                for k, reference in enumerate(measure.papers):
                    yield from _reference(f"{path}.measures[{m}].papers[{k}]", reference, _E)
    for path, value in _walk(data, "$.data"):
        if isinstance(value, Source) and value.kind in (SourceKind.PAPER, SourceKind.DECISION):
            yield from _reference(f"{path}.reference", value.reference, _W)


def _earlier_revisions(data: Dataset) -> Iterator[Problem]:
    for i, milestone in enumerate(data.milestones):
        first = milestone.planned
        if first is None:
            continue
        for j, revision in enumerate(milestone.revisions):
            if revision.new_date.as_date() < first.as_date():
                yield Problem(
                    _W,
                    f"$.data.milestones[{i}].revisions[{j}].new_date",
                    f"„{milestone.title}“: die Planänderung vom {fmt_date(revision.revised_on)} "
                    f"legt den Termin auf {format_plan(revision.new_date)}, früher als der erste "
                    f"Plan ({format_plan(first)})",
                    _NAME,
                )


def magdeburg_problems(data: Dataset) -> tuple[Problem, ...]:
    """Every problem Magdeburg's checks find in ``data``."""
    return (*_references(data), *_earlier_revisions(data))


#: The contributed check set (runs on Magdeburg's data sets only).
CHECKS: Final = CheckSet(
    name="magdeburg",
    description="Magdeburger Vorlagennummern gültig; Planänderungen nicht vor den ersten Plan",
    run=magdeburg_problems,
    ags=AGS,
)
