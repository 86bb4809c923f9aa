"""Hypothesis strategies for every class of :mod:`integrationkonzept.model`.

For authors of plugins, importers and exporters who want to test their code against any data the
model allows, not only against the Leipzig and Magdeburg examples. Install the optional
dependency ``integrationkonzept[testing]`` (it brings Hypothesis) and write, for example::

    from hypothesis import given
    from integrationkonzept.testing.strategies import datasets

    @given(datasets())
    def test_export_never_crashes(dataset):
        my_plugin.export(dataset)

There is one function per model class, named after the class in snake case and plural
(:func:`moneys`, :func:`sources`, :func:`budget_periods`, … :func:`datasets`); each returns a
strategy. :data:`STRATEGIES` maps every class exported by :mod:`integrationkonzept.model`
(enums included) to its function, so a test can go through all of them::

    @pytest.mark.parametrize("cls", list(STRATEGIES), ids=lambda cls: cls.__name__)
    @given(data=st.data())
    def test_round_trip(cls, data):
        obj = data.draw(STRATEGIES[cls]())

What is generated:

* Every object passes the model's validators: fiscal years 1990–2200, eight-digit AGS, non-empty
  ids and titles, ids unique within their tuple, status histories and milestone revisions in date
  order, an edition's measures naming only fields of that edition (or none), a decision with a
  kind, vote counts or a vote text, planned dates that exist, finite decimals (progress 0–100,
  weights above zero), money built from whole cents.
* Text is deliberately unfriendly: German words with umlauts and „quotes“, any Unicode including
  control characters, and hostile strings (``<script>``, spreadsheet formulas like ``=SUM(A1)``,
  SQL, JSON, right-to-left overrides, emoji); see :data:`HOSTILE_TEXTS` and :func:`texts`.
* Sizes stay small (at most three items per tuple) so that tests are fast.
* Within :func:`datasets` and :func:`concepts` references point at objects that exist where the
  model has them (a budget line's purpose, the line it revises, a report's rule, a measure's lead
  and partners, its status keys). The model does not require that, so the other functions may
  produce references to ids that exist nowhere; functions taking ``*_ids``/``*_keys`` arguments
  pick references from those when given.

Dates lie within 1990-01-01 … 2200-12-31 (see :func:`dates`); decimals have at most three places
and are written by :func:`integrationkonzept.serialize.dump` without an exponent.

The functions live in the modules ``_base`` (building blocks, enums, money, sources, periods),
``_concept``, ``_review`` (budget lines and review duties) and ``_council``; import them from
here, where :data:`__all__` names them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from ... import model
from ...model import Dataset
from ._base import (
    HOSTILE_TEXTS,
    MAX_DATE,
    MAX_SIZE,
    MIN_DATE,
    _optional,
    _shared,
    _unique_ids,
    budget_cadences,
    budget_periods,
    budget_phases,
    concept_bases,
    date_ranges,
    dates,
    datetimes,
    decimals,
    dues,
    fiscal_years,
    identifiers,
    missing_progresses,
    moneys,
    percentages,
    precisions,
    relation_kinds,
    review_kinds,
    source_kinds,
    sources,
    texts,
    triggers,
)
from ._concept import (
    concepts,
    editions,
    fields,
    goals,
    guidelines,
    indicators,
    measure_costs,
    measures,
    municipalities,
    observations,
    organizations,
    partners,
    progress_changes,
    progress_rules,
    recommendations,
    status_changes,
    status_defaults,
    statuses,
    targets,
)
from ._council import (
    consultations,
    decisions,
    file_infos,
    paper_relations,
    papers,
    questions,
    sections,
    vote_results,
)
from ._review import (
    budget_lines,
    milestone_revisions,
    milestones,
    planned_dates,
    purposes,
    reports,
    review_rules,
)

__all__ = [
    "HOSTILE_TEXTS",
    "MAX_DATE",
    "MAX_SIZE",
    "MIN_DATE",
    "STRATEGIES",
    "budget_cadences",
    "budget_lines",
    "budget_periods",
    "budget_phases",
    "concept_bases",
    "concepts",
    "consultations",
    "datasets",
    "date_ranges",
    "dates",
    "datetimes",
    "decimals",
    "decisions",
    "dues",
    "editions",
    "fields",
    "file_infos",
    "fiscal_years",
    "goals",
    "guidelines",
    "identifiers",
    "indicators",
    "measure_costs",
    "measures",
    "milestone_revisions",
    "milestones",
    "missing_progresses",
    "moneys",
    "municipalities",
    "observations",
    "organizations",
    "paper_relations",
    "papers",
    "partners",
    "percentages",
    "planned_dates",
    "precisions",
    "progress_changes",
    "progress_rules",
    "purposes",
    "questions",
    "recommendations",
    "relation_kinds",
    "reports",
    "review_kinds",
    "review_rules",
    "sections",
    "source_kinds",
    "sources",
    "status_changes",
    "status_defaults",
    "statuses",
    "targets",
    "texts",
    "triggers",
    "vote_results",
]


# --- the whole document --------------------------------------------------------------------------


@_shared
@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """A city's data set (with or without a concept) whose references point at its own objects.

    Budget lines name its purposes and revise only earlier lines, reports name its review rules,
    measures name its organizations and statuses; ids and paper references are unique.
    """
    orgs = draw(_unique_ids(organizations()))
    org_ids = [org.id for org in orgs]
    money_purposes = draw(_unique_ids(purposes()))
    lines = list(draw(_unique_ids(budget_lines([purpose.id for purpose in money_purposes]))))
    for index, line in enumerate(lines):
        earlier = [other.id for other in lines[:index]]
        revises = draw(_optional(st.sampled_from(earlier))) if earlier else None
        lines[index] = attrs.evolve(line, revises=revises)
    rules = draw(_unique_ids(review_rules()))
    return Dataset(
        municipality=draw(municipalities()),
        concept=draw(_optional(concepts(org_ids))),
        budget_cadence=draw(budget_cadences()),
        organizations=orgs,
        purposes=money_purposes,
        budget_lines=tuple(lines),
        review_rules=rules,
        reports=draw(_unique_ids(reports([rule.id for rule in rules]))),
        milestones=draw(_unique_ids(milestones())),
        papers=tuple(
            draw(st.lists(papers(), max_size=MAX_SIZE, unique_by=lambda paper: paper.reference))
        ),
    )


#: Every class exported by :mod:`integrationkonzept.model` and the function giving its strategy.
STRATEGIES: Final[dict[type, Callable[[], st.SearchStrategy[Any]]]] = {
    model.BudgetCadence: budget_cadences,
    model.BudgetLine: budget_lines,
    model.BudgetPeriod: budget_periods,
    model.BudgetPhase: budget_phases,
    model.Concept: concepts,
    model.ConceptBasis: concept_bases,
    model.Consultation: consultations,
    model.Dataset: datasets,
    model.DateRange: date_ranges,
    model.Decision: decisions,
    model.Due: dues,
    model.Edition: editions,
    model.Field: fields,
    model.FileInfo: file_infos,
    model.Goal: goals,
    model.Guidelines: guidelines,
    model.Indicator: indicators,
    model.Measure: measures,
    model.MeasureCost: measure_costs,
    model.Milestone: milestones,
    model.MilestoneRevision: milestone_revisions,
    model.MissingProgress: missing_progresses,
    model.Money: moneys,
    model.Municipality: municipalities,
    model.Observation: observations,
    model.Organization: organizations,
    model.Paper: papers,
    model.PaperRelation: paper_relations,
    model.Partner: partners,
    model.PlannedDate: planned_dates,
    model.Precision: precisions,
    model.ProgressChange: progress_changes,
    model.ProgressRule: progress_rules,
    model.Purpose: purposes,
    model.Question: questions,
    model.Recommendation: recommendations,
    model.RelationKind: relation_kinds,
    model.Report: reports,
    model.ReviewKind: review_kinds,
    model.ReviewRule: review_rules,
    model.Section: sections,
    model.Source: sources,
    model.SourceKind: source_kinds,
    model.Status: statuses,
    model.StatusChange: status_changes,
    model.StatusDefault: status_defaults,
    model.Target: targets,
    model.Trigger: triggers,
    model.VoteResult: vote_results,
}
