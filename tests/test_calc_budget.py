"""Budget views: Leipzig's funding history and the rules every view obeys.

The revision rule (see :mod:`integrationkonzept.calc.budget`): a line that revises another replaces
it and is never added to it; a missing figure is ``None``, never 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from integrationkonzept.calc.budget import (
    BudgetView,
    Cell,
    budget_view,
    compare_periods,
    plan_lines,
)
from integrationkonzept.examples import example
from integrationkonzept.model import (
    BudgetLine,
    BudgetPeriod,
    BudgetPhase,
    Dataset,
    Money,
    Source,
    SourceKind,
)

ADOPTED = BudgetPhase.ADOPTED
REVISED = BudgetPhase.REVISED
DRAFT = BudgetPhase.DRAFT
REQUESTED = BudgetPhase.REQUESTED
ACTUAL = BudgetPhase.ACTUAL

P_2019_20 = BudgetPeriod((2019, 2020))
P_2021_22 = BudgetPeriod((2021, 2022))

LEIPZIG_PURPOSES = ("mso", "massnahmen", "sprachmittlung")


def euro(amount: int) -> Money:
    return Money.of(amount)


@pytest.fixture(scope="module")
def leipzig() -> Dataset:
    return example("leipzig")


@pytest.fixture(scope="module")
def view_2019_20(leipzig: Dataset) -> BudgetView:
    return budget_view(leipzig.budget_lines, P_2019_20)


@pytest.fixture(scope="module")
def view_2021_22(leipzig: Dataset) -> BudgetView:
    return budget_view(leipzig.budget_lines, P_2021_22)


def amount_of(cell: Cell | None) -> Money | None:
    return None if cell is None else cell.amount


# --- Leipzig 2019/20: the 60,000 of the draft and the Puffer to 80,000 ----------------------------


def test_leipzig_2020_draft_revised_and_plan(view_2019_20: BudgetView) -> None:
    view = view_2019_20
    # The source says the 60,000 stood in the draft of the Doppelhaushalt 2019/20.
    assert view.total(DRAFT, 2020) == euro(60_000)
    assert view.total(ADOPTED, 2020) is None
    assert view.total(REVISED, 2020) == euro(80_000)
    # The revised 80,000 replaces the 60,000; it is not added to it.
    assert view.plan_total(2020) == euro(80_000)
    assert view.plan_total() == euro(80_000)
    # 60,000 + 20,000 buffer.
    assert view.plan_minus(DRAFT, 2020) == euro(20_000)


def test_leipzig_2020_plan_is_made_of_the_revised_line(view_2019_20: BudgetView) -> None:
    plan = view_2019_20.plan(2020)
    assert plan is not None
    assert [line.phase for line in plan.lines] == [REVISED]
    assert plan.lines[0].amount == euro(80_000)
    draft = view_2019_20.cell(DRAFT, 2020)
    assert draft is not None
    assert plan.lines[0].revises == draft.lines[0].id


def test_leipzig_2019_has_no_figures(view_2019_20: BudgetView) -> None:
    # Nothing is known for 2019: no cell, and certainly not a 0.
    for phase in BudgetPhase:
        assert view_2019_20.cell(phase, 2019) is None
        assert view_2019_20.total(phase, 2019) is None
    assert view_2019_20.plan(2019) is None
    assert view_2019_20.plan_total(2019) is None


# --- Leipzig 2021/22: draft 0, motion 80,000, adopted and used by purpose -------------------------


@pytest.mark.parametrize("year", [2021, 2022])
def test_leipzig_draft_is_an_explicit_zero(view_2021_22: BudgetView, year: int) -> None:
    draft = view_2021_22.total(DRAFT, year)
    assert draft is not None
    assert draft == Money.zero()


@pytest.mark.parametrize("year", [2021, 2022])
def test_leipzig_requested(view_2021_22: BudgetView, year: int) -> None:
    assert view_2021_22.total(REQUESTED, year) == euro(80_000)


@pytest.mark.parametrize(
    ("year", "split", "total"),
    [
        (2021, {"mso": 30_000, "massnahmen": 30_000, "sprachmittlung": 20_000}, 80_000),
        (2022, {"mso": 50_000, "massnahmen": 30_000, "sprachmittlung": 20_000}, 100_000),
    ],
)
def test_leipzig_adopted_split_by_purpose(
    view_2021_22: BudgetView, year: int, split: dict[str, int], total: int
) -> None:
    for purpose, amount in split.items():
        assert amount_of(view_2021_22.cell(ADOPTED, year, purpose)) == euro(amount)
        # No revision in 2021/22: the plan is what the council adopted.
        assert amount_of(view_2021_22.plan(year, purpose)) == euro(amount)
    assert view_2021_22.total(ADOPTED, year) == euro(total)
    assert view_2021_22.plan_total(year) == euro(total)


@pytest.mark.parametrize("year", [2021, 2022])
@pytest.mark.parametrize("purpose", LEIPZIG_PURPOSES)
def test_leipzig_actual_equals_adopted(view_2021_22: BudgetView, year: int, purpose: str) -> None:
    actual = view_2021_22.cell(ACTUAL, year, purpose)
    assert actual is not None
    assert actual.amount == amount_of(view_2021_22.cell(ADOPTED, year, purpose))


def test_leipzig_period_totals_and_differences(view_2021_22: BudgetView) -> None:
    view = view_2021_22
    assert view.plan_total() == euro(180_000)
    assert view.total(ADOPTED) == euro(180_000)
    assert view.total(ACTUAL) == euro(180_000)
    assert view.total(REQUESTED) == euro(160_000)
    assert view.total(DRAFT) == Money.zero()
    assert view.difference(ADOPTED, DRAFT, 2021) == euro(80_000)
    assert view.difference(ADOPTED, DRAFT, 2022) == euro(100_000)
    assert view.actual_minus_plan() == Money.zero()
    assert view.actual_minus_plan(2021) == Money.zero()
    assert view.actual_minus_plan(2022) == Money.zero()
    # No Puffer in 2021/22: unknown, so the difference is unknown too (not 0 − 180,000).
    assert view.total(REVISED) is None
    assert view.difference(REVISED, ADOPTED) is None


def test_leipzig_phases_in_cycle_order(view_2021_22: BudgetView, view_2019_20: BudgetView) -> None:
    assert view_2021_22.phases() == (DRAFT, REQUESTED, ADOPTED, ACTUAL)
    assert view_2019_20.phases() == (DRAFT, REVISED)


@pytest.mark.parametrize(
    ("phase", "reference"),
    [
        (ADOPTED, "Beschluss der Ratsversammlung vom 31.03.2021"),
        (ACTUAL, "Bericht zum Stand der Umsetzung vom 20.07.2022"),
        (DRAFT, "Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22"),
        (REQUESTED, "Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22"),
    ],
)
def test_leipzig_cells_name_their_document(
    view_2021_22: BudgetView, phase: BudgetPhase, reference: str
) -> None:
    view = view_2021_22
    cells = [
        view.cell(phase, year, purpose) for year in (2021, 2022) for purpose in view.purposes()
    ]
    cells += [view.cell(phase, year) for year in (2021, 2022)]
    found = [cell for cell in cells if cell is not None]
    assert found
    for cell in found:
        assert cell.sources
        for source in cell.sources:
            assert source.reference.startswith(reference)


def test_leipzig_every_cell_has_a_source(
    view_2019_20: BudgetView, view_2021_22: BudgetView
) -> None:
    for view in (view_2019_20, view_2021_22):
        for year in view.period.years:
            for purpose in view.purposes():
                cells = [view.cell(phase, year, purpose) for phase in BudgetPhase]
                cells.append(view.plan(year, purpose))
                for cell in cells:
                    if cell is None:
                        continue
                    assert len(cell.sources) >= 1
                    assert all(source.reference for source in cell.sources)
                    assert {line.source for line in cell.lines} == set(cell.sources)


def test_leipzig_cut_of_the_draft_against_2020(leipzig: Dataset) -> None:
    comparison = compare_periods(leipzig.budget_lines, P_2019_20, P_2021_22)
    assert comparison.phase is DRAFT
    assert comparison.base_year == 2020
    assert comparison.base == euro(80_000)
    assert [row.year for row in comparison.years] == [2021, 2022]
    for row in comparison.years:
        assert row.amount == Money.zero()
        assert row.change == euro(-80_000)
        assert row.percent == Decimal("-100.0")


def test_leipzig_adopted_against_2020(leipzig: Dataset) -> None:
    comparison = compare_periods(leipzig.budget_lines, P_2019_20, P_2021_22, ADOPTED)
    rows = {row.year: row for row in comparison.years}
    assert rows[2021].change == Money.zero()
    assert rows[2021].percent == Decimal("0.0")
    assert rows[2022].change == euro(20_000)
    assert rows[2022].percent == Decimal("25.0")


def test_compare_without_base_or_figure_gives_none(leipzig: Dataset) -> None:
    # 2017/18 has no figures: no base, so no change and no percentage.
    comparison = compare_periods(leipzig.budget_lines, BudgetPeriod((2017, 2018)), P_2021_22)
    assert comparison.base is None
    assert comparison.base_year is None
    for row in comparison.years:
        assert row.amount == Money.zero()
        assert row.change is None
        assert row.percent is None
    # 2023/24 has no draft: no amount, no change.
    later = compare_periods(leipzig.budget_lines, P_2021_22, BudgetPeriod((2023, 2024)))
    assert later.base_year == 2022
    assert later.base == euro(100_000)
    assert all(row.amount is None and row.change is None for row in later.years)


def test_compare_with_zero_base_has_no_percentage() -> None:
    lines = [
        line("a", 2020, "p", ADOPTED, 0),
        line("b", 2021, "p", DRAFT, 500),
    ]
    comparison = compare_periods(lines, BudgetPeriod((2020,)), BudgetPeriod((2021,)))
    assert comparison.base == Money.zero()
    (row,) = comparison.years
    assert row.change == euro(500)
    assert row.percent is None


def test_compare_base_is_last_planned_year_of_previous_period() -> None:
    lines = [line("a", 2019, "p", ADOPTED, 1_000)]  # nothing planned for 2020
    comparison = compare_periods(lines, BudgetPeriod((2019, 2020)), BudgetPeriod((2021, 2022)))
    assert comparison.base_year == 2019
    assert comparison.base == euro(1_000)


# --- small hand-made examples of the revision rule ------------------------------------------------

SOURCE = Source(SourceKind.DATA, "Testdaten")


def line(
    line_id: str,
    year: int,
    purpose: str,
    phase: BudgetPhase,
    amount: int,
    revises: str | None = None,
) -> BudgetLine:
    return BudgetLine(line_id, year, purpose, phase, euro(amount), SOURCE, revises)


def test_revision_replaces_and_is_never_added() -> None:
    lines = [
        line("beschlossen", 2020, "p", ADOPTED, 60_000),
        line("puffer", 2020, "p", REVISED, 80_000, revises="beschlossen"),
    ]
    view = budget_view(lines, BudgetPeriod((2020,)))
    assert view.plan_total() == euro(80_000)
    assert view.total(ADOPTED) == euro(60_000)
    assert view.total(REVISED) == euro(80_000)


def test_same_phase_correction_replaces_the_corrected_figure() -> None:
    lines = [
        line("falsch", 2021, "p", ADOPTED, 70_000),
        line("richtig", 2021, "p", ADOPTED, 75_000, revises="falsch"),
        line("anderer-zweck", 2021, "q", ADOPTED, 5_000),
    ]
    view = budget_view(lines, BudgetPeriod((2021,)))
    assert view.total(ADOPTED) == euro(80_000)
    cell = view.cell(ADOPTED, 2021, "p")
    assert cell is not None
    assert [x.id for x in cell.lines] == ["richtig"]
    assert view.plan_total() == euro(80_000)


def test_chain_of_revisions_keeps_only_the_last() -> None:
    lines = [
        line("a", 2021, "p", ADOPTED, 100),
        line("b", 2021, "p", REVISED, 200, revises="a"),
        line("c", 2021, "p", REVISED, 300, revises="b"),
    ]
    view = budget_view(lines, BudgetPeriod((2021,)))
    assert view.plan_total() == euro(300)
    assert view.total(REVISED) == euro(300)
    assert view.total(ADOPTED) == euro(100)


def test_revision_of_another_phase_leaves_that_column_alone() -> None:
    lines = [
        line("entwurf", 2021, "p", DRAFT, 0),
        line("beschluss", 2021, "p", ADOPTED, 80_000, revises="entwurf"),
        line("ist", 2021, "p", ACTUAL, 70_000, revises="beschluss"),
    ]
    view = budget_view(lines, BudgetPeriod((2021,)))
    assert view.total(DRAFT) == Money.zero()
    assert view.total(ADOPTED) == euro(80_000)
    # An actual figure is not part of the plan and does not replace the plan figure.
    assert view.plan_total() == euro(80_000)
    assert view.actual_minus_plan() == euro(-10_000)


# --- properties -----------------------------------------------------------------------------------

YEARS = (2020, 2021, 2022, 2023)
PERIOD = BudgetPeriod((2021, 2022))
PURPOSES = ("a", "b", "c")
SOURCES = tuple(Source(SourceKind.DOCUMENT, f"Dokument {n}") for n in range(3))

amounts = st.integers(min_value=-(10**9), max_value=10**9).map(Money.from_cents)


@st.composite
def budget_lines(
    draw: st.DrawFn, min_size: int = 0, max_size: int = 10, prefix: str = "l"
) -> list[BudgetLine]:
    """Budget lines with unique ids; a line may revise an earlier line of its year and purpose."""
    count = draw(st.integers(min_value=min_size, max_value=max_size))
    lines: list[BudgetLine] = []
    for n in range(count):
        year = draw(st.sampled_from(YEARS))
        purpose = draw(st.sampled_from(PURPOSES))
        earlier = [x.id for x in lines if x.fiscal_year == year and x.purpose == purpose]
        revises = draw(st.none() | st.sampled_from(earlier)) if earlier else None
        lines.append(
            BudgetLine(
                id=f"{prefix}{n}",
                fiscal_year=year,
                purpose=purpose,
                phase=draw(st.sampled_from(BudgetPhase)),
                amount=draw(amounts),
                source=draw(st.sampled_from(SOURCES)),
                revises=revises,
            )
        )
    return lines


def total_of(cells: list[Cell | None]) -> Money | None:
    found = [cell.amount for cell in cells if cell is not None]
    return sum(found, Money.zero()) if found else None


def snapshot(view: BudgetView) -> dict[object, tuple[Money, list[str]] | None]:
    """Every cell and plan of ``view`` as amount and sorted line ids (order-free)."""
    out: dict[object, tuple[Money, list[str]] | None] = {}
    for year in (None, *YEARS):
        for purpose in (None, *PURPOSES):
            keys: list[tuple[object, Cell | None]] = [
                ((phase, year, purpose), view.cell(phase, year, purpose)) for phase in BudgetPhase
            ]
            keys.append((("plan", year, purpose), view.plan(year, purpose)))
            for key, cell in keys:
                out[key] = None if cell is None else (cell.amount, sorted(x.id for x in cell.lines))
    return out


@given(budget_lines())
def test_cells_add_up(lines: list[BudgetLine]) -> None:
    view = budget_view(lines, PERIOD)
    for phase in BudgetPhase:
        per_year = [view.total(phase, year) for year in PERIOD.years]
        found = [amount for amount in per_year if amount is not None]
        expected = sum(found, Money.zero()) if found else None
        assert view.total(phase) == expected
        for year in PERIOD.years:
            per_purpose = [view.cell(phase, year, purpose) for purpose in PURPOSES]
            assert view.total(phase, year) == total_of(per_purpose)
            for purpose in PURPOSES:
                cell = view.cell(phase, year, purpose)
                if cell is not None:
                    assert cell.amount == sum((x.amount for x in cell.lines), Money.zero())
                    assert all(x.phase is phase for x in cell.lines)
    plan_per_year = [view.plan(year) for year in PERIOD.years]
    assert view.plan_total() == total_of(plan_per_year)
    for year in PERIOD.years:
        assert view.plan_total(year) == total_of([view.plan(year, p) for p in PURPOSES])


@given(budget_lines(), st.data())
def test_revision_replaces_the_adopted_figure_in_the_plan(
    lines: list[BudgetLine], data: st.DataObject
) -> None:
    in_plan = [x for x in plan_lines(lines) if x.phase is ADOPTED and x.fiscal_year in PERIOD.years]
    if not in_plan:
        fresh = BudgetLine(
            "x-adopted",
            data.draw(st.sampled_from(PERIOD.years)),
            data.draw(st.sampled_from(PURPOSES)),
            ADOPTED,
            data.draw(amounts),
            SOURCES[0],
        )
        lines = [*lines, fresh]
        in_plan = [fresh]
    target = data.draw(st.sampled_from(in_plan))
    new_amount = data.draw(amounts)
    revision = BudgetLine(
        "x-revised",
        target.fiscal_year,
        target.purpose,
        REVISED,
        new_amount,
        SOURCES[1],
        revises=target.id,
    )
    before = budget_view(lines, PERIOD)
    after = budget_view([*lines, revision], PERIOD)
    change = new_amount - target.amount
    year, purpose = target.fiscal_year, target.purpose

    before_plan = before.plan(year, purpose)
    after_plan = after.plan(year, purpose)
    assert before_plan is not None
    assert after_plan is not None
    assert after_plan.amount == before_plan.amount + change
    assert target not in after_plan.lines
    assert revision in after_plan.lines
    for key in (year, None):
        old, new = before.plan_total(key), after.plan_total(key)
        assert old is not None
        assert new == old + change
    # The council's adopted figure stays what it was.
    for y in (None, *PERIOD.years):
        for p in (None, *PURPOSES):
            assert after.cell(ADOPTED, y, p) == before.cell(ADOPTED, y, p)
    # Other years and purposes are untouched.
    for y in PERIOD.years:
        for p in PURPOSES:
            if (y, p) != (year, purpose):
                assert after.plan(y, p) == before.plan(y, p)


@given(budget_lines(min_size=1), st.data())
def test_same_phase_correction_removes_the_corrected_line(
    lines: list[BudgetLine], data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(lines))
    # A rival revision of the same line is a different rule (the most recent one counts).
    assume(not any(other.revises == target.id for other in lines))
    correction = BudgetLine(
        "x-correction",
        target.fiscal_year,
        target.purpose,
        target.phase,
        data.draw(amounts),
        SOURCES[2],
        revises=target.id,
    )
    period = BudgetPeriod((target.fiscal_year,))
    before = budget_view(lines, period).cell(target.phase, target.fiscal_year, target.purpose)
    after = budget_view([*lines, correction], period).cell(
        target.phase, target.fiscal_year, target.purpose
    )
    assert before is not None
    assert after is not None
    assert target not in after.lines
    assert correction in after.lines
    dropped = target.amount if target in before.lines else Money.zero()
    assert after.amount == before.amount - dropped + correction.amount


@given(budget_lines().flatmap(lambda lines: st.tuples(st.just(lines), st.permutations(lines))))
def test_view_does_not_depend_on_line_order(
    pair: tuple[list[BudgetLine], list[BudgetLine]],
) -> None:
    lines, shuffled = pair
    one, other = budget_view(lines, PERIOD), budget_view(shuffled, PERIOD)
    assert snapshot(one) == snapshot(other)
    assert one.phases() == other.phases()
    assert set(one.purposes()) == set(other.purposes())
    assert one.actual_minus_plan() == other.actual_minus_plan()
    assert one.difference(ADOPTED, DRAFT) == other.difference(ADOPTED, DRAFT)


@given(budget_lines(), budget_lines(prefix="o"))
def test_lines_outside_the_period_never_appear(
    lines: list[BudgetLine], others: list[BudgetLine]
) -> None:
    outside = [x for x in others if x.fiscal_year not in PERIOD.years]
    mixed = [*lines, *outside]
    view = budget_view(mixed, PERIOD)
    assert all(x.fiscal_year in PERIOD.years for x in view.lines)
    assert snapshot(view) == snapshot(budget_view(lines, PERIOD))
    for year in YEARS:
        if year in PERIOD.years:
            continue
        for phase in BudgetPhase:
            assert view.cell(phase, year) is None
        assert view.plan(year) is None
    for key, value in snapshot(view).items():
        if value is not None:
            assert all(not line_id.startswith("o") for line_id in value[1]), key


@given(budget_lines())
def test_missing_cell_is_none_not_zero(lines: list[BudgetLine]) -> None:
    view = budget_view(lines, PERIOD)
    for year in PERIOD.years:
        for purpose in PURPOSES:
            here = [x for x in lines if x.fiscal_year == year and x.purpose == purpose]
            for phase in BudgetPhase:
                has_lines = any(x.phase is phase for x in here)
                cell = view.cell(phase, year, purpose)
                assert (cell is None) == (not has_lines)
            has_plan = any(x.phase in (ADOPTED, REVISED) for x in here)
            assert (view.plan(year, purpose) is None) == (not has_plan)
        for later in BudgetPhase:
            for earlier in BudgetPhase:
                a, b = view.total(later, year), view.total(earlier, year)
                diff = view.difference(later, earlier, year)
                if a is None or b is None:
                    assert diff is None
                else:
                    assert diff == a - b


@given(st.lists(st.sampled_from(PURPOSES), min_size=1, max_size=3))
def test_zero_figures_are_cells(purposes: list[str]) -> None:
    lines = [line(f"z{n}", 2021, p, DRAFT, 0) for n, p in enumerate(purposes)]
    view = budget_view(lines, PERIOD)
    assert view.total(DRAFT, 2021) == Money.zero()
    assert view.total(DRAFT) == Money.zero()
    assert view.total(DRAFT, 2022) is None
    assert view.total(ADOPTED) is None
    assert view.difference(ADOPTED, DRAFT) is None


def test_rival_revisions_count_once_the_most_recent() -> None:
    # Two later figures both revising the adopted 60,000 are alternatives, never added up.
    older = Source(SourceKind.DECISION, "Puffer-Beschluss", date=date(2020, 3, 1))
    newer = Source(SourceKind.DECISION, "Nachtrag", date=date(2020, 9, 1))
    lines = [
        line("beschlossen", 2020, "p", ADOPTED, 60_000),
        BudgetLine("puffer", 2020, "p", REVISED, euro(80_000), older, revises="beschlossen"),
        BudgetLine("nachtrag", 2020, "p", REVISED, euro(90_000), newer, revises="beschlossen"),
    ]
    view = budget_view(lines, BudgetPeriod((2019, 2020)))
    plan = view.plan(2020, "p")
    assert plan is not None
    assert plan.amount == euro(90_000)
    assert [entry.id for entry in plan.lines] == ["nachtrag"]
    # The order of the lines does not decide it.
    assert budget_view(lines[::-1], BudgetPeriod((2019, 2020))).plan(2020, "p") == plan


def test_links_across_years_are_ignored() -> None:
    lines = [
        line("a", 2021, "p", ADOPTED, 100),
        line("b", 2022, "p", ADOPTED, 150, revises="a"),
    ]
    view = budget_view(lines, BudgetPeriod((2021, 2022)))
    assert view.plan_total(2021) == euro(100)
    assert view.plan_total(2022) == euro(150)
    assert view.plan_total() == euro(250)


def test_period_differences_count_only_years_that_know_both() -> None:
    lines = [
        line("a21", 2021, "p", ADOPTED, 100),
        line("a22", 2022, "p", ADOPTED, 200),
        line("i21", 2021, "p", ACTUAL, 90),
    ]
    view = budget_view(lines, BudgetPeriod((2021, 2022)))
    # 2022 has no reported actual yet: it is not "200 not spent".
    assert view.actual_minus_plan() == euro(-10)
    assert view.actual_minus_plan(2022) is None
    assert view.difference(ACTUAL, ADOPTED) == euro(-10)


def test_a_rival_and_a_chain_count_once() -> None:
    # a is revised twice: by b (1 June) and by c (1 March), and c again by d (1 April).
    # The chains end in b and d; b is the most recent end, so the plan is b's figure alone.
    def dated(line_id: str, amount: int, day: date, revises: str | None) -> BudgetLine:
        source = Source(SourceKind.DECISION, line_id, date=day)
        return BudgetLine(line_id, 2021, "p", REVISED, euro(amount), source, revises=revises)

    lines = [
        line("a", 2021, "p", ADOPTED, 60_000),
        dated("b", 80_000, date(2021, 6, 1), "a"),
        dated("c", 70_000, date(2021, 3, 1), "a"),
        dated("d", 75_000, date(2021, 4, 1), "c"),
    ]
    view = budget_view(lines, BudgetPeriod((2021, 2022)))
    plan = view.plan(2021)
    assert plan is not None
    assert plan.amount == euro(80_000)
    assert [entry.id for entry in plan.lines] == ["b"]
    # The column of revised figures shows the standing one, not the rivals added up.
    assert view.total(REVISED, 2021) == euro(80_000)
