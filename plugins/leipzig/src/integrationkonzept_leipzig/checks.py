"""Leipzig's checks: paper references valid under the Leipzig scheme, bodies the profile knows.

Every reference the core finds in a data set (:func:`~integrationkonzept.calc.checks.
paper_references`: papers and their relations, milestones, reports, guidelines, editions, measure
papers, and the references of paper and decision sources) is parsed with the Leipzig scheme. A
bad reference is an error; in a source it is only a warning, and a source that names its document
by a description (``Beschluss der Ratsversammlung vom 31.03.2021``) is fine. Run only on data sets
of Leipzig (AGS 14713000). Paths are JSON paths of the native document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from integrationkonzept.errors import ParseError
from integrationkonzept.model import Dataset
from integrationkonzept.plugin import (
    CheckSet,
    PaperReference,
    Problem,
    Severity,
    paper_references,
)

from .profile import BODIES, LEIPZIG, same_body
from .references import parse_reference

__all__ = ["check_set", "leipzig_problems"]

_CHECK: Final = "leipzig"
_TITLE_LIKE: Final = re.compile(r"\S+ \S+ \S+")


def _reference_problem(found: PaperReference) -> Problem | None:
    reference, path = found.reference, found.path
    try:
        parsed = parse_reference(reference)
    except ParseError as exc:
        if _TITLE_LIKE.search(reference.strip()):
            if found.in_source:
                return None  # a source may name its document by a description
            return Problem(
                Severity.WARNING,
                path,
                f"„{reference}“ ist keine Vorlagennummer, sondern ein Titel: bitte die "
                "Leipziger Vorlagennummer (z. B. „VII-HP-01234“) ergänzen, sobald sie bekannt ist",
                _CHECK,
            )
        if found.in_source:
            return Problem(Severity.WARNING, path, f"Quelle: {exc.message}", _CHECK)
        return Problem(Severity.ERROR, path, exc.message, _CHECK)
    if parsed.format() != reference:
        return Problem(
            Severity.WARNING,
            path,
            f"„{reference}“ ist nicht in der üblichen Schreibweise „{parsed.format()}“",
            _CHECK,
        )
    return None


def _references(data: Dataset) -> Iterator[Problem]:
    for found in paper_references(data):
        problem = _reference_problem(found)
        if problem is not None:
            yield problem


def _bodies(data: Dataset, known: tuple[str, ...]) -> Iterator[Problem]:
    for p, paper in enumerate(data.papers):
        for c, consultation in enumerate(paper.consultations):
            if not same_body(consultation.body, known):
                yield Problem(
                    Severity.WARNING,
                    f"$.data.papers[{p}].consultations[{c}].body",
                    f"Gremium „{consultation.body}“ ist im Leipziger Profil nicht bekannt",
                    _CHECK,
                )
        if paper.decision is not None and not same_body(paper.decision.body, known):
            yield Problem(
                Severity.WARNING,
                f"$.data.papers[{p}].decision.body",
                f"Gremium „{paper.decision.body}“ ist im Leipziger Profil nicht bekannt",
                _CHECK,
            )


def leipzig_problems(data: Dataset) -> tuple[Problem, ...]:
    """Every problem Leipzig's checks find in ``data``."""
    return (*_references(data), *_bodies(data, BODIES))


def check_set() -> CheckSet:
    """The check set ``leipzig`` (only for Leipzig's data sets)."""
    return CheckSet(
        _CHECK,
        "Leipziger Vorlagennummern gültig (in Quellen nur als Warnung), Gremien der "
        "Beratungsfolge im Profil bekannt",
        leipzig_problems,
        ags=LEIPZIG.ags,
    )
