"""Magdeburg's checks: paper numbers under the city's scheme, plans moved before the first plan.

Every paper reference the data set holds (as :func:`integrationkonzept.calc.checks.paper_references`
finds them: papers and their relations, milestones, the concept's guidelines and editions,
reports, measures, and the references of sources that are papers or decisions) is checked. A
reference the scheme refuses is an error (a warning for a source, whose reference may be a title);
one it reads but writes differently (``ds0583/21``) is a warning naming the canonical form. A
revision that moves a milestone earlier than its first plan is a warning: a plan that moves forward
is rare enough to be a typing error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from integrationkonzept.errors import ParseError
from integrationkonzept.model import Dataset
from integrationkonzept.plugin import (
    CheckSet,
    PaperReference,
    Problem,
    Severity,
    fmt_date,
    fmt_planned,
    paper_references,
    quoted,
)

from .profile import AGS
from .references import parse_reference

__all__ = ["CHECKS", "magdeburg_problems"]

_E, _W = Severity.ERROR, Severity.WARNING
_NAME: Final = "magdeburg"


def _reference(found: PaperReference) -> Iterator[Problem]:
    try:
        parsed = parse_reference(found.reference)
    except ParseError as exc:
        yield Problem(_W if found.in_source else _E, found.path, exc.message, _NAME)
        return
    if parsed.normalized != found.reference:
        yield Problem(
            _W,
            found.path,
            f"{quoted(found.reference)} sollte {quoted(parsed.normalized)} geschrieben werden",
            _NAME,
        )


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
                    f"{quoted(milestone.title)}: die Planänderung vom "
                    f"{fmt_date(revision.revised_on)} legt den Termin auf "
                    f"{fmt_planned(revision.new_date)}, früher als der erste Plan "
                    f"({fmt_planned(first)})",
                    _NAME,
                )


def magdeburg_problems(data: Dataset) -> tuple[Problem, ...]:
    """Every problem Magdeburg's checks find in ``data``."""
    references = (p for found in paper_references(data) for p in _reference(found))
    return (*references, *_earlier_revisions(data))


#: The contributed check set (runs on Magdeburg's data sets only).
CHECKS: Final = CheckSet(
    name="magdeburg",
    description="Magdeburger Vorlagennummern gültig; Planänderungen nicht vor den ersten Plan",
    run=magdeburg_problems,
    ags=AGS,
)
