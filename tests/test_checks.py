"""The core checks: each problem is found, with its JSON path; clean data has none."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from integrationkonzept import (
    BudgetLine,
    BudgetPhase,
    Dataset,
    Money,
    Report,
    Source,
    SourceKind,
    StatusChange,
    example,
)
from integrationkonzept.calc.checks import core_problems
from integrationkonzept.contributions import Severity

SOURCE = Source(SourceKind.DATA, "Test")


@pytest.mark.parametrize("name", ["leipzig", "magdeburg"])
def test_examples_are_clean(name: str) -> None:
    assert core_problems(example(name)) == ()


def with_lines(*lines: BudgetLine) -> Dataset:
    data = example("leipzig")
    return attrs.evolve(data, budget_lines=(*data.budget_lines, *lines))


def line(line_id: str, year: int, purpose: str, phase: BudgetPhase, **kw: object) -> BudgetLine:
    return BudgetLine(line_id, year, purpose, phase, Money.of(1), SOURCE, **kw)  # type: ignore[arg-type]


def found(data: Dataset) -> list[tuple[Severity, str, str]]:
    return [(p.severity, p.path, p.message) for p in core_problems(data)]


def test_unknown_purpose_and_revision_target() -> None:
    data = with_lines(line("x", 2021, "unbekannt", BudgetPhase.ADOPTED, revises="fehlt"))
    index = len(data.budget_lines) - 1
    assert found(data) == [
        (
            Severity.WARNING,
            f"$.data.budget_lines[{index}].purpose",
            "Zweck „unbekannt“ ist nicht beschrieben",
        ),
        (
            Severity.ERROR,
            f"$.data.budget_lines[{index}].revises",
            "ersetzt unbekannte Zeile „fehlt“",
        ),
    ]


def test_revision_across_years_and_backwards_in_the_cycle() -> None:
    data = with_lines(line("x", 2022, "mso", BudgetPhase.DRAFT, revises="2021-mso-verwendet"))
    messages = [message for _, _, message in found(data)]
    assert "ersetzt „2021-mso-verwendet“ (2021, mso), aber gilt für 2022, mso" in messages
    assert any("der späteren Phase actual" in message for message in messages)


def test_rival_revisions_and_cycles() -> None:
    rival = with_lines(line("y", 2020, "gesamt", BudgetPhase.REVISED, revises="2020-entwurf"))
    assert any("wird von mehreren Zeilen ersetzt (2020-puffer, y)" in m for _, _, m in found(rival))
    cycle = with_lines(
        line("a", 2021, "mso", BudgetPhase.REVISED, revises="b"),
        line("b", 2021, "mso", BudgetPhase.REVISED, revises="a"),
    )
    assert any("Kreis" in message for _, _, message in found(cycle))


def test_unknown_status_and_report_rule() -> None:
    data = example("leipzig")
    assert data.concept is not None
    edition = data.concept.editions[-1]
    measure = attrs.evolve(
        edition.measures[0],
        status_history=(StatusChange(edition.adopted or SOURCE.date, "erfunden"),),  # type: ignore[arg-type]
    )
    edition = attrs.evolve(edition, measures=(measure, *edition.measures[1:]))
    concept = attrs.evolve(data.concept, editions=(*data.concept.editions[:-1], edition))
    report = Report("r", "gibtsnicht", 2021, edition.adopted)  # type: ignore[arg-type]
    data = attrs.evolve(data, concept=concept, reports=(report,))
    assert found(data) == [
        (
            Severity.ERROR,
            "$.data.concept.editions[1].measures[0].status_history[0].status",
            "Status „erfunden“ fehlt im Statusverzeichnis",
        ),
        (Severity.ERROR, "$.data.reports[0].rule", "unbekannte Regel „gibtsnicht“"),
    ]


def test_two_sources_stating_one_figure_are_flagged() -> None:
    press = Source(SourceKind.PRESS, "Zeitungsbericht 2022")
    data = with_lines(
        BudgetLine("2022-mso-presse", 2022, "mso", BudgetPhase.ADOPTED, Money.of(60_000), press)
    )
    (problem,) = [p for p in core_problems(data) if "addiert" in p.message]
    assert problem.severity is Severity.WARNING
    assert "2022-mso-beschlossen (Beschluss der Ratsversammlung vom 31.03.2021" in problem.message
    assert "2022-mso-presse (Zeitungsbericht 2022)" in problem.message


def test_a_report_for_no_period_of_its_rule_is_flagged() -> None:
    data = example("leipzig")
    # The catalogue is updated per Doppelhaushalt (2021/22, 2023/24, …): 2022 starts none.
    report = Report("k", "katalog", 2022, date(2022, 3, 1))
    found = core_problems(attrs.evolve(data, reports=(report,)))
    assert [(p.path, p.severity) for p in found] == [
        ("$.data.reports[0].period_start", Severity.WARNING)
    ]


def test_paper_references_are_found_everywhere() -> None:
    from integrationkonzept.calc.checks import paper_references

    found = {(r.path, r.reference, r.in_source) for r in paper_references(example("magdeburg"))}
    assert ("$.data.papers[1].reference", "F0310/19", False) in found
    assert ("$.data.papers[2].relations[0].reference", "F0310/19", False) in found
    assert ("$.data.milestones[5].paper", "DS0583/21", False) in found
    assert ("$.data.concept.guidelines[0].paper", "DS0590/18", False) in found
    assert ("$.data.concept.editions[0].decided_by", "DS0583/21", False) in found
    assert ("$.data.concept.editions[0].source.reference", "DS0583/21", True) in found
