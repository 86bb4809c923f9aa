"""The overview (the one view model) gives the text report and the calendar the same output
whether or not it holds the measure tables, which those two leave out for speed."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept import Dataset
from integrationkonzept.i18n import text
from integrationkonzept.reports.footnotes import Citations
from integrationkonzept.reports.ics import overview_ics
from integrationkonzept.reports.overview import build_overview
from integrationkonzept.reports.text import overview_text, paper_section
from integrationkonzept.testing.strategies import datasets


@given(
    data=datasets(),
    day=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)),
    lang=st.sampled_from(["de", "en"]),
)
def test_text_and_calendar_do_not_depend_on_the_measure_tables(
    data: Dataset, day: dt.date, lang: str
) -> None:
    whole = build_overview(data, day, lang)
    lean = build_overview(data, day, lang, measures=False)
    assert lean.fields == ()
    # Only with the fields is there a progress chart, and so the sentence that it is left out.
    omitted = text("chart.progress.none", lang)
    assert omitted not in lean.notices
    whole = attrs.evolve(whole, notices=tuple(n for n in whole.notices if n != omitted))
    assert overview_text(lean) == overview_text(whole)
    assert overview_ics(lean) == overview_ics(whole)


@given(data=datasets(), lang=st.sampled_from(["de", "en"]))
def test_the_text_report_shows_every_decided_paper_once(data: Dataset, lang: str) -> None:
    overview = build_overview(data, dt.date(2030, 1, 1), lang, measures=False, papers=True)
    assert len(overview.papers) == sum(1 for paper in data.papers if paper.decision is not None)
    lines = paper_section(overview, Citations(overview.sources))
    if not overview.papers:
        assert lines == []
        return
    assert lines[0] == text("council_decisions", lang)
    rest = lines[1:]
    for paper in overview.papers:  # heading, Beratungsfolge (title and rows), decision
        assert rest[0].startswith(f"  {paper.reference}")
        rows = len(paper.consultations) + 1 if paper.consultations else 0
        assert rest[1 + rows].startswith(f"    {text('decision', lang)}: {paper.decision.body}, ")
        rest = rest[2 + rows :]
    assert rest == []
