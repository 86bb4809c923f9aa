"""The check set ``leipzig`` and the profile ``leipzig``."""

from __future__ import annotations

import attrs
from integrationkonzept_leipzig.checks import leipzig_problems
from integrationkonzept_leipzig.profile import PROFILE, same_body

from integrationkonzept.calc.review import schedule
from integrationkonzept.contributions import Problem, Severity
from integrationkonzept.examples import example
from integrationkonzept.model import (
    BudgetCadence,
    Consultation,
    Guidelines,
    Paper,
    PaperRelation,
    RelationKind,
    Source,
    SourceKind,
)
from integrationkonzept.plugins import registry


def test_the_profile() -> None:
    profile = registry().profile("leipzig")
    assert profile is PROFILE
    assert (profile.municipality.name, profile.municipality.ags) == ("Leipzig", "14713000")
    assert profile.budget_cadence == BudgetCadence(2, 2019)
    assert [p.label() for p in profile.budget_cadence.periods(2019, 2024)] == [
        "2019/20",
        "2021/22",
        "2023/24",
    ]
    assert profile.reference_scheme == "leipzig"
    assert registry().profile_for("14713000") is profile
    for body in (
        "Ratsversammlung",
        "FA Allgemeine Verwaltung",
        "Fachausschuss Allgemeine Verwaltung",
        "Fachausschuss Jugend, Soziales, Gesundheit und Schule",
        "Migrantenbeirat",
    ):
        assert body in profile.bodies
    assert [s.key for s in profile.statuses] == [
        s.key
        for s in example("leipzig").concept.statuses  # type: ignore[union-attr]
    ]


def test_the_review_rules_are_those_of_the_example() -> None:
    assert PROFILE.review_rules == example("leipzig").review_rules
    due = [
        (item.rule.id, item.period_label(), item.due.isoformat())
        for item in schedule(PROFILE.review_rules, PROFILE.budget_cadence, 2023)
    ]
    assert due == [
        ("katalog", "2021/22", "2021-01-01"),
        ("bericht", "2021", "2021-12-31"),
        ("bericht", "2022", "2022-12-31"),
        ("katalog", "2023/24", "2023-01-01"),
        ("bericht", "2023", "2023-12-31"),
    ]


def test_bodies_match_ignoring_case_spacing_and_fa() -> None:
    assert same_body("fa  allgemeine verwaltung")
    assert same_body("FA Jugend, Soziales, Gesundheit und Schule")
    assert not same_body("Kleingartenbeirat")


def test_the_leipzig_example_has_no_problems() -> None:
    assert leipzig_problems(example("leipzig")) == ()
    check = next(c for c in registry().checks() if c.name == "leipzig")
    assert check.applies_to(example("leipzig"))
    assert not check.applies_to(example("magdeburg"))


def test_bad_references_and_unknown_bodies_are_reported() -> None:
    data = example("leipzig")
    paper = Paper(
        reference="VI-X-1",
        consultations=(
            Consultation("Ratsversammlung"),
            Consultation("Kleingartenbeirat"),
        ),
        relations=(
            PaperRelation(RelationKind.RELATED, "vi-a-03824"),
            PaperRelation(RelationKind.RELATED, "Antrag zur Förderung der Vereine"),
        ),
    )
    problems = leipzig_problems(attrs.evolve(data, papers=(*data.papers, paper)))
    index = len(data.papers)
    assert problems == (
        Problem(
            Severity.ERROR,
            f"$.data.papers[{index}].reference",
            "„VI-X-1“ ist kein Leipziger Vorlagen-Aktenzeichen: unbekannter Typ „X“",
            "leipzig",
        ),
        Problem(
            Severity.WARNING,
            f"$.data.papers[{index}].relations[0].reference",
            "„vi-a-03824“ ist nicht in der üblichen Schreibweise „VI-A-03824“",
            "leipzig",
        ),
        Problem(
            Severity.WARNING,
            f"$.data.papers[{index}].relations[1].reference",
            "„Antrag zur Förderung der Vereine“ ist keine Vorlagennummer, sondern ein Titel: bitte "
            "die Leipziger Vorlagennummer (z. B. „VII-HP-01234“) ergänzen, sobald sie bekannt ist",
            "leipzig",
        ),
        Problem(
            Severity.WARNING,
            f"$.data.papers[{index}].consultations[1].body",
            "Gremium „Kleingartenbeirat“ ist im Leipziger Profil nicht bekannt",
            "leipzig",
        ),
    )


def test_guidelines_measure_papers_and_sources_are_checked_too() -> None:
    data = example("leipzig")
    concept = data.concept
    assert concept is not None
    edition = concept.editions[1]
    measure = attrs.evolve(edition.measures[0], papers=("VI-DS-08033", "VI-Q-00001"))
    described = Source(SourceKind.DECISION, "Beschluss der Ratsversammlung vom 31.03.2021")
    broken = Source(SourceKind.PAPER, "VI-DS-0803")
    concept = attrs.evolve(
        concept,
        guidelines=(Guidelines("Leitlinien", paper="DSV/39", source=broken),),
        editions=(
            concept.editions[0],
            attrs.evolve(edition, measures=(measure, *edition.measures[1:])),
        ),
    )
    paper = Paper(reference="VI-A-03824", source=described)
    problems = leipzig_problems(attrs.evolve(data, concept=concept, papers=(paper,)))
    assert problems == (
        Problem(
            Severity.ERROR,
            "$.data.concept.guidelines[0].paper",
            "„DSV/39“ ist kein Leipziger Vorlagen-Aktenzeichen: erwartet z. B. „VI-A-03824“, "
            "„VI-DS-08033-NF-02-ÄA-02“, „A-00196/14-VSP-001“, „DS V/3943“, „V/A 377/12“ oder "
            "„RBV-1458/12“",
            "leipzig",
        ),
        Problem(
            Severity.ERROR,
            "$.data.concept.editions[1].measures[0].papers[1]",
            "„VI-Q-00001“ ist kein Leipziger Vorlagen-Aktenzeichen: unbekannter Typ „Q“",
            "leipzig",
        ),
        Problem(
            Severity.WARNING,
            "$.data.concept.guidelines[0].source.reference",
            "Quelle: „VI-DS-0803“ ist kein Leipziger Vorlagen-Aktenzeichen: die laufende Nummer "
            "„0803“ muss fünf Ziffern haben",
            "leipzig",
        ),
    )
