"""The overview (the one view model) gives the text report and the calendar the same output
whether or not it holds the measure tables, which those two leave out for speed."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept import Dataset
from integrationkonzept.reports.ics import overview_ics
from integrationkonzept.reports.overview import build_overview
from integrationkonzept.reports.text import overview_text
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
    assert overview_text(lean) == overview_text(whole)
    assert overview_ics(lean) == overview_ics(whole)
