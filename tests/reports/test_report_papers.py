"""The council papers and the budget figures of the view model, for any data set: every paper with
a decision once, in order, with its Beratungsfolge and decision; asking for the papers moves no
other number; the figures a report shows are consistent with what the period knows."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrationkonzept import Dataset, Money
from integrationkonzept.i18n import fmt_date, fmt_money
from integrationkonzept.reports.overview import build_overview
from integrationkonzept.safe import clean_text
from integrationkonzept.testing.strategies import datasets

DAY = dt.date(2024, 1, 1)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(), lang=st.sampled_from(["de", "en"]))
def test_every_decided_paper_once_in_order_with_its_decision(data: Dataset, lang: str) -> None:
    overview = build_overview(data, DAY, lang, measures=False, papers=True)
    decided = [paper for paper in data.papers if paper.decision is not None]
    # Once each, in the order of the data set (references may repeat in generated data, so
    # the papers are matched by position, not looked up by reference).
    assert [block.reference for block in overview.papers] == [
        clean_text(paper.reference) for paper in decided
    ]
    sources = {entry.number: entry for entry in overview.sources}
    for block, paper in zip(overview.papers, decided, strict=True):
        decision = paper.decision
        assert decision is not None
        shown = block.decision
        assert (shown.body, shown.day, shown.result) == (
            clean_text(decision.body),
            decision.date,
            clean_text(decision.kind),
        )
        assert shown.date == fmt_date(decision.date, lang)
        votes = decision.votes
        assert shown.votes == (None if votes is None else (votes.yes, votes.no, votes.abstentions))
        assert shown.text == clean_text(decision.text)
        # The Beratungsfolge in its order.
        assert [(row.body, row.day, row.role) for row in block.consultations] == [
            (clean_text(row.body), row.date, clean_text(row.role)) for row in paper.consultations
        ]
        # Each cited number is in the list of sources.
        assert len(shown.notes) == (decision.source is not None)
        assert len(block.notes) == (paper.source is not None)
        assert all(number in sources for number in (*shown.notes, *block.notes))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(), lang=st.sampled_from(["de", "en"]))
def test_the_papers_move_no_other_number(data: Dataset, lang: str) -> None:
    """The papers' sources come after all others, so the reports that leave the papers out list
    and number their sources as before."""
    without = build_overview(data, DAY, lang)
    with_papers = build_overview(data, DAY, lang, papers=True)
    assert without.papers == ()
    assert with_papers.sources[: len(without.sources)] == without.sources
    assert attrs.evolve(with_papers, papers=(), sources=without.sources) == without


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(), lang=st.sampled_from(["de", "en"]))
def test_budget_figures_agree_with_what_each_period_knows(data: Dataset, lang: str) -> None:
    for period in build_overview(data, DAY, lang, measures=False).periods:
        planned = [year for year in period.years if year.plan_total is not None]
        for year in period.years:
            assert (year.actual_minus_plan is not None) == (
                year.plan_total is not None and year.total("actual") is not None
            )
            for purpose in year.purposes:
                assert purpose.id in period.purposes
                assert (purpose.actual_minus_plan is not None) == (
                    purpose.plan is not None and purpose.amount("actual") is not None
                )
                # Used as planned: every purpose with a plan or an actual used exactly its plan.
                if period.all_used and (purpose.plan or purpose.amount("actual")) is not None:
                    assert purpose.actual_minus_plan is not None
                    assert purpose.actual_minus_plan.text == fmt_money(Money.zero(), lang)
        # A total cites only the sources of the amounts it adds up (so it numbers none anew).
        cited = {
            number
            for year in period.years
            for purpose in year.purposes
            for entry in (*(amount.entry for amount in purpose.amounts), purpose.plan)
            if entry is not None
            for number in entry.notes
        }
        totals = [*period.phase_totals, *(a for year in period.years for a in year.phase_totals)]
        plans = [period.plan_total, *(year.plan_total for year in period.years)]
        for entry in [*(amount.entry for amount in totals), *plans]:
            assert entry is None or set(entry.notes) <= cited
        # The difference over the period only when every planned year has an actual.
        complete = bool(planned) and all(year.total("actual") is not None for year in planned)
        assert (period.actual_minus_plan is not None) == complete
        assert not period.all_used or complete
