"""The state of the world on a day (valid time): what was in force then, by each value's own date.

A data set keeps what is known now, including what happened after the day a report asks about.
:func:`state_on` leaves out everything dated after that day, so every report format shows the
same "as of" state:

* a measure's status history ends with the status in force on the day, its progress is the
  dated figure in force on the day (none before the first); costs stated by a source dated later
  are left out;
* an edition adopted later is not yet in force (while an earlier edition remains);
* budget lines whose source is dated later, reports delivered later, plan revisions of milestones
  made later, a milestone's actual date after the day, and papers dated later are left out.

Values without a date (a cost whose source has no date, a progress figure without
``progress_history``) cannot be placed in time and are kept as they are; their source says where
they come from.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..model.concept import Concept, Edition, Measure
from ..model.dataset import Dataset
from ..model.review import Milestone
from ..model.source import Source

__all__ = ["measure_on", "state_on"]


def _known(source: Source | None, day: dt.date) -> bool:
    return source is None or source.date is None or source.date <= day


def measure_on(measure: Measure, day: dt.date) -> Measure:
    """``measure`` as it stood on ``day``."""
    history = tuple(change for change in measure.status_history if change.date <= day)
    costs = tuple(cost for cost in measure.costs if _known(cost.source, day))
    progress_history = tuple(c for c in measure.progress_history if c.date <= day)
    if (
        history == measure.status_history
        and costs == measure.costs
        and progress_history == measure.progress_history
    ):
        return measure
    progress = measure.progress
    if measure.progress_history:  # dated figures: the one in force, none before the first
        progress = progress_history[-1].value if progress_history else None
    return attrs.evolve(
        measure,
        status_history=history,
        costs=costs,
        progress=progress,
        progress_history=progress_history,
    )


def _edition_on(edition: Edition, day: dt.date) -> Edition:
    measures = tuple(measure_on(m, day) for m in edition.measures)
    if all(a is b for a, b in zip(measures, edition.measures, strict=True)):
        return edition
    return attrs.evolve(edition, measures=measures)


def _concept_on(concept: Concept, day: dt.date) -> Concept:
    editions = [e for e in concept.editions if e.adopted is None or e.adopted <= day]
    if not editions:  # before the first adoption: keep the first edition rather than none
        editions = list(concept.editions[:1])
    return attrs.evolve(concept, editions=tuple(_edition_on(e, day) for e in editions))


def _milestone_on(milestone: Milestone, day: dt.date) -> Milestone:
    revisions = tuple(r for r in milestone.revisions if r.revised_on <= day)
    actual = milestone.actual if milestone.actual is None or milestone.actual <= day else None
    if revisions == milestone.revisions and actual == milestone.actual:
        return milestone
    return attrs.evolve(
        milestone,
        revisions=revisions,
        actual=actual,
        actual_source=milestone.actual_source if actual is not None else None,
    )


def state_on(data: Dataset, day: dt.date) -> Dataset:
    """``data`` as it stood on ``day``: everything dated after ``day`` left out."""
    return attrs.evolve(
        data,
        concept=_concept_on(data.concept, day) if data.concept is not None else None,
        budget_lines=tuple(line for line in data.budget_lines if _known(line.source, day)),
        reports=tuple(report for report in data.reports if report.delivered <= day),
        milestones=tuple(_milestone_on(m, day) for m in data.milestones),
        papers=tuple(p for p in data.papers if p.date is None or p.date <= day),
    )
