"""Review schedules, delivered vs due, milestone slips, budget cadence and planned dates."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.calc.review import (
    DueItem,
    DueState,
    DueStatus,
    delivery_status,
    milestone_slip,
    schedule,
)
from integrationkonzept.examples import example
from integrationkonzept.model import (
    BudgetCadence,
    BudgetPeriod,
    Dataset,
    Due,
    Milestone,
    MilestoneRevision,
    PlannedDate,
    Precision,
    Report,
    ReviewKind,
    ReviewRule,
    Trigger,
)
from integrationkonzept.model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR

AS_OF = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def leipzig() -> Dataset:
    return example("leipzig")


@pytest.fixture(scope="module")
def magdeburg() -> Dataset:
    return example("magdeburg")


def status_of(statuses: tuple[DueStatus, ...], rule: str, first_year: int) -> DueStatus:
    (found,) = [s for s in statuses if s.item.rule.id == rule and s.item.first_year == first_year]
    return found


def report(rule: str, period_start: int, delivered: dt.date, report_id: str = "") -> Report:
    return Report(
        id=report_id or f"{rule}-{period_start}-{delivered.isoformat()}",
        rule=rule,
        period_start=period_start,
        delivered=delivered,
    )


# --- Leipzig: catalogue update with each Doppelhaushalt, a report every year ----------------------


def test_leipzig_schedule(leipzig: Dataset) -> None:
    items = schedule(leipzig.review_rules, leipzig.budget_cadence, 2027)
    katalog = [(i.first_year, i.last_year, i.due) for i in items if i.rule.id == "katalog"]
    assert katalog == [
        (2021, 2022, dt.date(2021, 1, 1)),
        (2023, 2024, dt.date(2023, 1, 1)),
        (2025, 2026, dt.date(2025, 1, 1)),
        (2027, 2028, dt.date(2027, 1, 1)),
    ]
    bericht = [(i.first_year, i.last_year, i.due) for i in items if i.rule.id == "bericht"]
    assert bericht == [(y, y, dt.date(y, 12, 31)) for y in range(2021, 2028)]
    assert [i.period_label() for i in items if i.rule.id == "katalog"] == [
        "2021/22",
        "2023/24",
        "2025/26",
        "2027/28",
    ]


def test_leipzig_nothing_delivered(leipzig: Dataset) -> None:
    assert leipzig.reports == ()
    statuses = delivery_status(leipzig.review_rules, leipzig.reports, leipzig.budget_cadence, AS_OF)
    # By default the schedule runs to the year after as_of.
    assert max(s.item.first_year for s in statuses) == 2027
    expected_missing = [
        ("katalog", 2021, dt.date(2021, 1, 1)),
        ("bericht", 2021, dt.date(2021, 12, 31)),
        ("bericht", 2022, dt.date(2022, 12, 31)),
        ("katalog", 2023, dt.date(2023, 1, 1)),
        ("bericht", 2023, dt.date(2023, 12, 31)),
        ("bericht", 2024, dt.date(2024, 12, 31)),
        ("katalog", 2025, dt.date(2025, 1, 1)),
        ("bericht", 2025, dt.date(2025, 12, 31)),
    ]
    expected_open = [
        ("bericht", 2026, dt.date(2026, 12, 31)),
        ("katalog", 2027, dt.date(2027, 1, 1)),
        ("bericht", 2027, dt.date(2027, 12, 31)),
    ]
    got = [(s.item.rule.id, s.item.first_year, s.item.due) for s in statuses]
    assert got == expected_missing + expected_open
    for status in statuses[: len(expected_missing)]:
        assert status.state is DueState.MISSING
        assert status.report is None
        assert status.days_late == (AS_OF - status.item.due).days
    for status in statuses[len(expected_missing) :]:
        assert status.state is DueState.OPEN
        assert status.report is None
        assert status.days_late == 0
    assert statuses[0].days_late == 2150  # 01.01.2021 → 21.11.2026


def test_delivered_on_the_due_date_is_on_time(leipzig: Dataset) -> None:
    delivered = report("bericht", 2021, dt.date(2021, 12, 31))
    statuses = delivery_status(leipzig.review_rules, [delivered], leipzig.budget_cadence, AS_OF)
    status = status_of(statuses, "bericht", 2021)
    assert status.state is DueState.ON_TIME
    assert status.report == delivered
    assert status.days_late == 0


def test_delivered_early_is_on_time(leipzig: Dataset) -> None:
    delivered = report("katalog", 2021, dt.date(2020, 12, 10))
    statuses = delivery_status(leipzig.review_rules, [delivered], leipzig.budget_cadence, AS_OF)
    status = status_of(statuses, "katalog", 2021)
    assert status.state is DueState.ON_TIME
    assert status.days_late == 0


def test_delivered_late_counts_the_days(leipzig: Dataset) -> None:
    delivered = report("bericht", 2022, dt.date(2023, 3, 1))
    statuses = delivery_status(leipzig.review_rules, [delivered], leipzig.budget_cadence, AS_OF)
    status = status_of(statuses, "bericht", 2022)
    assert status.state is DueState.LATE
    assert status.report == delivered
    assert status.days_late == 60  # 31.12.2022 → 01.03.2023
    # A catalogue update due 01.01.2023 and delivered 01.03.2023 is 59 days late.
    update = report("katalog", 2023, dt.date(2023, 3, 1))
    statuses = delivery_status(leipzig.review_rules, [update], leipzig.budget_cadence, AS_OF)
    assert status_of(statuses, "katalog", 2023).days_late == 59


def test_report_delivered_after_as_of_is_ignored(leipzig: Dataset) -> None:
    later = report("bericht", 2021, dt.date(2026, 12, 1))
    statuses = delivery_status(leipzig.review_rules, [later], leipzig.budget_cadence, AS_OF)
    status = status_of(statuses, "bericht", 2021)
    assert status.state is DueState.MISSING
    assert status.report is None
    assert status.days_late == (AS_OF - dt.date(2021, 12, 31)).days
    # Once that day has come, the report counts (late).
    statuses = delivery_status(
        leipzig.review_rules, [later], leipzig.budget_cadence, dt.date(2026, 12, 1)
    )
    status = status_of(statuses, "bericht", 2021)
    assert status.state is DueState.LATE
    assert status.days_late == (dt.date(2026, 12, 1) - dt.date(2021, 12, 31)).days


def test_an_open_duty_becomes_on_time_when_delivered_early(leipzig: Dataset) -> None:
    early = report("bericht", 2026, dt.date(2026, 11, 1))
    statuses = delivery_status(leipzig.review_rules, [early], leipzig.budget_cadence, AS_OF)
    assert status_of(statuses, "bericht", 2026).state is DueState.ON_TIME
    assert status_of(statuses, "bericht", 2027).state is DueState.OPEN


def test_the_earliest_of_two_reports_counts(leipzig: Dataset) -> None:
    second = report("bericht", 2022, dt.date(2023, 2, 1), "zweiter")
    first = report("bericht", 2022, dt.date(2023, 1, 5), "erster")
    statuses = delivery_status(leipzig.review_rules, [second, first], leipzig.budget_cadence, AS_OF)
    status = status_of(statuses, "bericht", 2022)
    assert status.report == first
    assert status.state is DueState.LATE
    assert status.days_late == 5


def test_a_report_for_another_rule_does_not_count(leipzig: Dataset) -> None:
    update = report("katalog", 2021, dt.date(2021, 6, 1))
    statuses = delivery_status(leipzig.review_rules, [update], leipzig.budget_cadence, AS_OF)
    assert status_of(statuses, "bericht", 2021).state is DueState.MISSING
    assert status_of(statuses, "katalog", 2021).state is DueState.LATE
    # A report for an unknown rule fulfils nothing.
    stray = report("evaluation", 2021, dt.date(2021, 6, 1))
    statuses = delivery_status(leipzig.review_rules, [stray], leipzig.budget_cadence, AS_OF)
    assert all(s.report is None for s in statuses)


def test_a_report_for_another_period_does_not_count(leipzig: Dataset) -> None:
    # The catalogue update 2021/22 is filed under 2021, the period's first year, not 2022.
    update = report("katalog", 2022, dt.date(2020, 12, 1))
    statuses = delivery_status(leipzig.review_rules, [update], leipzig.budget_cadence, AS_OF)
    assert status_of(statuses, "katalog", 2021).state is DueState.MISSING


def test_missing_only_after_the_due_date(leipzig: Dataset) -> None:
    on_due_day = delivery_status(
        leipzig.review_rules, [], leipzig.budget_cadence, dt.date(2021, 12, 31)
    )
    assert status_of(on_due_day, "bericht", 2021).state is DueState.OPEN
    next_day = delivery_status(
        leipzig.review_rules, [], leipzig.budget_cadence, dt.date(2022, 1, 1)
    )
    status = status_of(next_day, "bericht", 2021)
    assert status.state is DueState.MISSING
    assert status.days_late == 1


def test_magdeburg_evaluation_every_two_years(magdeburg: Dataset) -> None:
    items = schedule(magdeburg.review_rules, magdeburg.budget_cadence, 2027)
    assert [(i.first_year, i.last_year, i.due) for i in items] == [
        (2023, 2024, dt.date(2024, 12, 31)),
        (2025, 2026, dt.date(2026, 12, 31)),
        (2027, 2028, dt.date(2028, 12, 31)),
    ]


# --- Magdeburg: the concept planned for October 2019, adopted 08.12.2022 --------------------------


def test_magdeburg_concept_slip(magdeburg: Dataset) -> None:
    (milestone,) = [m for m in magdeburg.milestones if m.id == "konzept"]
    slip = milestone_slip(milestone)
    assert slip is not None
    assert slip.first_plan == PlannedDate(2019, 10)
    assert slip.first_plan.precision is Precision.MONTH
    assert slip.first_plan.as_date() == dt.date(2019, 10, 31)
    assert slip.latest_plan.year == 2020
    assert slip.latest_plan.month == 6
    assert slip.latest_plan.earliest is True
    assert slip.actual == dt.date(2022, 12, 8)
    assert slip.revisions == 1
    assert slip.days == 1134
    assert slip.overdue_days == 0


def test_milestones_without_plan_have_no_slip(magdeburg: Dataset) -> None:
    unplanned = [m for m in magdeburg.milestones if m.planned is None]
    assert unplanned
    for milestone in unplanned:
        assert milestone_slip(milestone) is None
        assert milestone_slip(milestone, AS_OF) is None


def test_overdue_milestone() -> None:
    milestone = Milestone("m", "Beschluss", planned=PlannedDate(2025, 3))
    slip = milestone_slip(milestone, dt.date(2025, 4, 10))
    assert slip is not None
    assert slip.days == 0
    assert slip.overdue_days == 10  # 31.03.2025 → 10.04.2025
    not_yet = milestone_slip(milestone, dt.date(2025, 3, 15))
    assert not_yet is not None
    assert not_yet.overdue_days == 0


# --- budget cadence -------------------------------------------------------------------------------


def test_doppelhaushalt_cadence() -> None:
    cadence = BudgetCadence(2, 2019)
    assert cadence.period_of(2022) == BudgetPeriod((2021, 2022))
    assert cadence.period_of(2021) == BudgetPeriod((2021, 2022))
    assert cadence.period_of(2019) == BudgetPeriod((2019, 2020))
    assert cadence.period_of(2018) == BudgetPeriod((2017, 2018))
    assert cadence.period_of(2022).label() == "2021/22"
    assert cadence.period_of(2099).label() == "2099/00"
    assert cadence.previous(BudgetPeriod((2021, 2022))) == BudgetPeriod((2019, 2020))


def test_annual_cadence() -> None:
    cadence = BudgetCadence(1, 2022)
    assert cadence.period_of(2025) == BudgetPeriod((2025,))
    assert cadence.period_of(2020) == BudgetPeriod((2020,))
    assert cadence.period_of(2025).label() == "2025"
    assert not cadence.period_of(2025).is_double
    assert cadence.periods(2021, 2023) == tuple(BudgetPeriod((y,)) for y in (2021, 2022, 2023))


cadences = st.builds(
    BudgetCadence,
    years_per_period=st.sampled_from((1, 2)),
    anchor_year=st.integers(min_value=2000, max_value=2040),
)
# The first and last fiscal year are left out: see test_period_of_at_the_edges_of_the_range.
inner_years = st.integers(min_value=MIN_FISCAL_YEAR + 1, max_value=MAX_FISCAL_YEAR - 1)


@given(cadences, inner_years)
def test_every_year_lies_in_its_own_period(cadence: BudgetCadence, year: int) -> None:
    period = cadence.period_of(year)
    assert year in period
    assert period.start <= dt.date(year, 6, 30) <= period.end
    assert len(period.years) == cadence.years_per_period
    assert (period.first - cadence.anchor_year) % cadence.years_per_period == 0
    for other in period.years:
        assert cadence.period_of(other) == period


@pytest.mark.parametrize(
    ("cadence", "year"), [(BudgetCadence(2, 2019), 1990), (BudgetCadence(2, 2020), 2200)]
)
def test_period_of_at_the_edges_of_the_range(cadence: BudgetCadence, year: int) -> None:
    assert year in cadence.period_of(year)


# --- properties of schedules ----------------------------------------------------------------------


@st.composite
def review_rules(draw: st.DrawFn) -> ReviewRule:
    first_year = draw(st.integers(min_value=2000, max_value=2040))
    last_year = draw(st.none() | st.integers(min_value=first_year, max_value=first_year + 12))
    return ReviewRule(
        id=draw(st.sampled_from(("r1", "r2", "r3", "r4"))),
        kind=draw(st.sampled_from(ReviewKind)),
        title="Pflicht",
        trigger=draw(st.sampled_from(Trigger)),
        first_year=first_year,
        interval_years=draw(st.integers(min_value=1, max_value=4)),
        due=draw(st.sampled_from(Due)),
        last_year=last_year,
    )


rule_lists = st.lists(review_rules(), max_size=4, unique_by=lambda rule: rule.id)
untils = st.integers(min_value=1995, max_value=2050)


def items_of(items: tuple[DueItem, ...], rule: ReviewRule) -> list[DueItem]:
    return [item for item in items if item.rule == rule]


@given(rule_lists, cadences, untils)
def test_schedule_dates_lie_in_their_periods(
    rules: list[ReviewRule], cadence: BudgetCadence, until: int
) -> None:
    items = schedule(rules, cadence, until)
    for item in items:
        assert item.first_year <= item.last_year
        assert dt.date(item.first_year, 1, 1) <= item.due <= dt.date(item.last_year, 12, 31)
        if item.rule.due is Due.START:
            assert item.due == dt.date(item.first_year, 1, 1)
        else:
            assert item.due == dt.date(item.last_year, 12, 31)


@given(rule_lists, cadences, untils)
def test_schedule_is_sorted_by_due_date(
    rules: list[ReviewRule], cadence: BudgetCadence, until: int
) -> None:
    dues = [item.due for item in schedule(rules, cadence, until)]
    assert dues == sorted(dues)
    assert schedule(list(reversed(rules)), cadence, until) == schedule(rules, cadence, until)


@given(rule_lists, cadences, untils)
def test_no_period_starts_after_until_or_the_rules_last_year(
    rules: list[ReviewRule], cadence: BudgetCadence, until: int
) -> None:
    for item in schedule(rules, cadence, until):
        assert item.first_year <= until
        if item.rule.last_year is not None:
            assert item.first_year <= item.rule.last_year


@given(rule_lists, cadences, untils)
def test_budget_period_rules_follow_the_cadence(
    rules: list[ReviewRule], cadence: BudgetCadence, until: int
) -> None:
    items = schedule(rules, cadence, until)
    for rule in rules:
        if rule.trigger is not Trigger.BUDGET_PERIOD:
            continue
        mine = items_of(items, rule)
        for item in mine:
            period = cadence.period_of(item.first_year)
            assert (item.first_year, item.last_year) == (period.first, period.last)
        for before, after in itertools.pairwise(mine):
            assert after.first_year == before.last_year + 1  # no overlap, no gap
        last = until if rule.last_year is None else min(until, rule.last_year)
        covered = {year for item in mine for year in range(item.first_year, item.last_year + 1)}
        # Duties begin with the first budget period that starts in or after the rule's first year.
        start = cadence.period_of(rule.first_year)
        first = start.first if start.first >= rule.first_year else start.last + 1
        assert set(range(first, last + 1)) <= covered
        assert all(item.first_year >= rule.first_year for item in mine)


@given(rule_lists, cadences, untils)
def test_yearly_rules_step_by_their_interval(
    rules: list[ReviewRule], cadence: BudgetCadence, until: int
) -> None:
    items = schedule(rules, cadence, until)
    for rule in rules:
        if rule.trigger is not Trigger.YEARS:
            continue
        mine = items_of(items, rule)
        last = until if rule.last_year is None else min(until, rule.last_year)
        assert [item.first_year for item in mine] == list(
            range(rule.first_year, last + 1, rule.interval_years)
        )
        for item in mine:
            assert item.last_year - item.first_year + 1 == rule.interval_years


# --- properties of planned dates and slips --------------------------------------------------------

plan_years = st.integers(min_value=MIN_FISCAL_YEAR, max_value=MAX_FISCAL_YEAR)


@st.composite
def planned_dates(draw: st.DrawFn) -> PlannedDate:
    year = draw(plan_years)
    precision = draw(st.sampled_from(Precision))
    earliest = draw(st.booleans())
    if precision is Precision.YEAR:
        return PlannedDate(year, earliest=earliest)
    month = draw(st.integers(min_value=1, max_value=12))
    if precision is Precision.MONTH:
        return PlannedDate(year, month, earliest=earliest)
    day = draw(st.integers(min_value=1, max_value=calendar.monthrange(year, month)[1]))
    return PlannedDate(year, month, day, earliest)


@given(plan_years, st.integers(min_value=1, max_value=12))
def test_month_plan_counts_as_last_day_of_month(year: int, month: int) -> None:
    day = PlannedDate(year, month).as_date()
    assert (day.year, day.month) == (year, month)
    assert day.day == calendar.monthrange(year, month)[1]
    assert (day + dt.timedelta(days=1)).day == 1


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (PlannedDate(2020, 2), dt.date(2020, 2, 29)),
        (PlannedDate(2021, 2), dt.date(2021, 2, 28)),
        (PlannedDate(2000, 2), dt.date(2000, 2, 29)),
        (PlannedDate(2100, 2), dt.date(2100, 2, 28)),
        (PlannedDate(2019, 10), dt.date(2019, 10, 31)),
        (PlannedDate(2020, 12), dt.date(2020, 12, 31)),
        (PlannedDate(2020, 6, earliest=True), dt.date(2020, 6, 30)),
        (PlannedDate(2017), dt.date(2017, 12, 31)),
        (PlannedDate(2022, 12, 8), dt.date(2022, 12, 8)),
    ],
)
def test_planned_date_as_date(plan: PlannedDate, expected: dt.date) -> None:
    assert plan.as_date() == expected


def test_planned_date_rejects_impossible_dates() -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        PlannedDate(2021, 2, 29)
    with pytest.raises(ValueError):  # noqa: PT011
        PlannedDate(2021, 13)
    with pytest.raises(ValueError, match="braucht auch einen Monat"):
        PlannedDate(2021, None, 5)


@given(
    st.dates(min_value=dt.date(MIN_FISCAL_YEAR, 1, 1), max_value=dt.date(MAX_FISCAL_YEAR, 12, 31))
)
def test_planned_date_of_a_day(day: dt.date) -> None:
    plan = PlannedDate.of(day)
    assert plan.precision is Precision.DAY
    assert plan.as_date() == day


@st.composite
def milestones(draw: st.DrawFn) -> Milestone:
    planned = draw(st.none() | planned_dates())
    revision_days = sorted(
        draw(
            st.lists(
                st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2100, 12, 31)),
                max_size=3,
            )
        )
    )
    revisions = tuple(
        MilestoneRevision(revised_on=day, new_date=draw(planned_dates())) for day in revision_days
    )
    actual = draw(
        st.none() | st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2100, 12, 31))
    )
    return Milestone("m", "Meilenstein", planned=planned, revisions=revisions, actual=actual)


@given(milestones(), st.none() | st.dates(min_value=dt.date(1995, 1, 1)))
def test_slip_is_from_first_plan_to_the_date_that_counts(
    milestone: Milestone, as_of: dt.date | None
) -> None:
    slip = milestone_slip(milestone, as_of)
    if milestone.planned is None:
        assert slip is None
        return
    assert slip is not None
    latest = milestone.revisions[-1].new_date if milestone.revisions else milestone.planned
    assert slip.first_plan == milestone.planned
    assert slip.latest_plan == latest
    assert slip.revisions == len(milestone.revisions)
    end = milestone.actual if milestone.actual is not None else latest.as_date()
    assert slip.days == (end - milestone.planned.as_date()).days
    assert slip.overdue_days >= 0
    if milestone.actual is not None or as_of is None or latest.earliest:
        assert slip.overdue_days == 0
    else:
        assert slip.overdue_days == max((as_of - latest.as_date()).days, 0)


def test_a_plan_at_the_earliest_is_never_overdue() -> None:
    konzept = next(m for m in example("magdeburg").milestones if m.id == "konzept")
    open_again = attrs.evolve(konzept, actual=None)
    slip = milestone_slip(open_again, dt.date(2021, 1, 1))
    assert slip is not None
    assert slip.overdue_days == 0  # "frühestens im Juni 2020" promised nothing for June
    plain = attrs.evolve(
        open_again,
        revisions=(attrs.evolve(konzept.revisions[0], new_date=PlannedDate(2020, 6)),),
    )
    late = milestone_slip(plain, dt.date(2021, 1, 1))
    assert late is not None
    assert late.overdue_days == (dt.date(2021, 1, 1) - dt.date(2020, 6, 30)).days
