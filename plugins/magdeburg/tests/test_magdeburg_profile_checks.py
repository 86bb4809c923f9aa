"""The profile ``magdeburg`` and the check set ``magdeburg``."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st
from integrationkonzept_magdeburg.checks import magdeburg_problems

from integrationkonzept import example
from integrationkonzept.calc.review import schedule
from integrationkonzept.contributions import Severity
from integrationkonzept.model import (
    BudgetCadence,
    Dataset,
    Due,
    Milestone,
    MilestoneRevision,
    Paper,
    PaperRelation,
    PlannedDate,
    RelationKind,
    ReviewKind,
    Source,
    SourceKind,
    Trigger,
)
from integrationkonzept.plugins import registry


def test_profile() -> None:
    found = registry().profile("magdeburg")
    assert found.municipality.name == "Magdeburg"
    assert found.municipality.ags == "15003000"
    assert found.budget_cadence == BudgetCadence(1, 2022)
    assert found.reference_scheme == "magdeburg"
    assert registry().profile_for("15003000") == found
    (rule,) = found.review_rules
    assert (rule.kind, rule.trigger, rule.first_year, rule.interval_years, rule.due) == (
        ReviewKind.EVALUATION,
        Trigger.YEARS,
        2023,
        2,
        Due.END,
    )
    # The same rule as the example data.
    assert rule == example("magdeburg").review_rules[0]
    assert found.bodies[:2] == ("Stadtrat", "Oberbürgermeister")
    assert "Ausschuss für Gesundheit und Soziales" in found.bodies
    assert "Beirat für Integration und Migration" in found.bodies
    concept = example("magdeburg").concept
    assert concept is not None
    assert found.statuses == concept.statuses


def test_the_settings_say_they_are_settings() -> None:
    """The cadence and the rule's first period are settings, not facts from the sources: constants
    (the profile is frozen), and the rule's title tells the reader what is assumed."""
    import integrationkonzept_magdeburg.profile as module

    found = registry().profile("magdeburg")
    assert found is module.PROFILE
    assert isinstance(module.REVIEW_RULES, tuple)
    (rule,) = found.review_rules
    assert rule.title == (
        "Evaluation des Integrationskonzepts alle zwei Jahre (angenommen: erster Zeitraum "
        "2023/24, fällig zum Ende jedes Zeitraums)"
    )
    doc = module.__doc__ or ""
    assert "settings, not facts from the sources" in " ".join(doc.split())


def test_evaluation_falls_due_at_the_end_of_each_two_year_period() -> None:
    found = registry().profile("magdeburg")
    items = schedule(found.review_rules, found.budget_cadence, 2027)
    assert [(i.first_year, i.last_year, i.due) for i in items] == [
        (2023, 2024, dt.date(2024, 12, 31)),
        (2025, 2026, dt.date(2026, 12, 31)),
        (2027, 2028, dt.date(2028, 12, 31)),
    ]


def test_the_examples() -> None:
    checks = {c.name: c for c in registry().checks()}["magdeburg"]
    assert checks.ags == "15003000"
    assert checks.applies_to(example("magdeburg"))
    assert not checks.applies_to(example("leipzig"))
    assert magdeburg_problems(example("magdeburg")) == ()


def _with_papers(*papers: Paper) -> Dataset:
    return attrs.evolve(example("magdeburg"), papers=papers)


def test_bad_and_unnormalised_references() -> None:
    data = _with_papers(
        Paper("DS0583/21"),
        Paper("DS583/21", relations=(PaperRelation(RelationKind.AMENDS, "ds0583/21"),)),
        Paper(
            "S0001/20",
            source=Source(SourceKind.PAPER, "Anfrage vom 1. Mai"),
        ),
    )
    problems = [(p.severity, p.path, p.message) for p in magdeburg_problems(data)]
    assert problems == [
        (
            Severity.ERROR,
            "$.data.papers[1].reference",
            "„DS583/21“ ist keine gültige Magdeburger Vorlagennummer: die laufende Nummer "
            "„583“ muss vierstellig sein",
        ),
        (
            Severity.WARNING,
            "$.data.papers[1].relations[0].reference",
            "„ds0583/21“ sollte „DS0583/21“ geschrieben werden",
        ),
        (
            Severity.WARNING,
            "$.data.papers[2].source.reference",
            "„Anfrage vom 1. Mai“ ist keine gültige Magdeburger Vorlagennummer: unbekannte Form "
            "(erwartet z. B. DS0583/21, S0518/19 oder DS0583/21/1)",
        ),
    ]


def test_references_everywhere_in_the_model_are_checked() -> None:
    data = example("magdeburg")
    concept = data.concept
    assert concept is not None
    edition = attrs.evolve(concept.editions[0], decided_by="DS0583")
    guidelines = attrs.evolve(concept.guidelines[0], paper="DS0590/18 ")
    broken = attrs.evolve(
        data,
        concept=attrs.evolve(concept, editions=(edition,), guidelines=(guidelines,)),
        milestones=(attrs.evolve(data.milestones[0], paper="X0001/19"),),
    )
    paths = [(p.severity, p.path) for p in magdeburg_problems(broken)]
    assert paths == [
        (Severity.ERROR, "$.data.milestones[0].paper"),
        (Severity.WARNING, "$.data.concept.guidelines[0].paper"),
        (Severity.ERROR, "$.data.concept.editions[0].decided_by"),
    ]


def _milestone(first: PlannedDate, *new: PlannedDate) -> Milestone:
    revisions = tuple(
        MilestoneRevision(dt.date(2020, 1, 1) + dt.timedelta(days=index), date)
        for index, date in enumerate(new)
    )
    return Milestone("m", "Konzept", planned=first, revisions=revisions)


def test_the_references_are_the_cores() -> None:
    """Every reference the core's walker finds is checked, and only those."""
    from integrationkonzept.calc.checks import paper_references

    data = example("magdeburg")
    broken = attrs.evolve(
        data,
        papers=tuple(attrs.evolve(p, reference=p.reference.lower()) for p in data.papers),
    )
    warned = {p.path for p in magdeburg_problems(broken)}
    assert warned == {
        found.path
        for found in paper_references(broken)
        if found.reference != found.reference.upper()
    }


def test_a_revision_earlier_than_the_first_plan_is_a_warning() -> None:
    data = attrs.evolve(
        example("magdeburg"),
        milestones=(
            _milestone(
                PlannedDate(2019, 10),
                PlannedDate(2020, 6, earliest=True),
                PlannedDate(2019, 5, earliest=True),
            ),
        ),
    )
    (problem,) = magdeburg_problems(data)
    assert problem.severity is Severity.WARNING
    assert problem.path == "$.data.milestones[0].revisions[1].new_date"
    assert problem.message == (
        "„Konzept“: die Planänderung vom 02.01.2020 legt den Termin auf frühestens Mai 2019, "
        "früher als der erste Plan (Oktober 2019)"
    )
    assert problem.check == "magdeburg"


plans = st.builds(
    PlannedDate,
    year=st.integers(2015, 2025),
    month=st.integers(1, 12),
    earliest=st.booleans(),
)


@given(first=plans, new=st.lists(plans, max_size=4))
def test_warnings_match_the_revisions_that_move_earlier(
    first: PlannedDate, new: list[PlannedDate]
) -> None:
    data = attrs.evolve(example("magdeburg"), milestones=(_milestone(first, *new),))
    warned = [p.path for p in magdeburg_problems(data)]
    earlier = [
        f"$.data.milestones[0].revisions[{index}].new_date"
        for index, date in enumerate(new)
        if (date.year, date.month) < (first.year, first.month)
    ]
    assert warned == earlier
