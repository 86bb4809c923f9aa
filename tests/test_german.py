"""Reading German dates, years and lines."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.errors import ParseError
from integrationkonzept.german import MONTHS, clean_lines, full_year, parse_date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31.03.2021", dt.date(2021, 3, 31)),
        ("8.3.17", dt.date(2017, 3, 8)),
        (" 08.03.17 ", dt.date(2017, 3, 8)),
        ("3. Mai 2021", dt.date(2021, 5, 3)),
        ("1. März 2020", dt.date(2020, 3, 1)),
        ("12.12.99", dt.date(1999, 12, 12)),
        ("1. maerz 2020", dt.date(2020, 3, 1)),
        ("1. MÄRZ 2020", dt.date(2020, 3, 1)),
    ],
)
def test_dates(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text", ["31.02.2023", "2023-02-01", "Mai 2021", "", "1.1.1", "٣١.٠٣.٢٠٢١"]
)
def test_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_date(text)
    assert text.strip() in str(caught.value)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2089, 12, 31)))
def test_every_way_of_writing_a_day_reads_back(day: dt.date) -> None:
    month = next(name for name, number in MONTHS.items() if number == day.month)
    for text in (
        f"{day:%d.%m.%Y}",
        f"{day.day}.{day.month}.{day:%y}",
        f"{day.day}. {month} {day.year}",
    ):
        assert parse_date(text) == day


def test_two_digit_years() -> None:
    assert [full_year(y) for y in (0, 19, 89, 90, 99)] == [2000, 2019, 2089, 1990, 1999]


def test_lines_are_clean() -> None:
    decomposed = unicodedata.normalize("NFD", "Änderungsantrag")
    assert clean_lines(f"{decomposed}  \r\nZeile\x0b2\rEnde\x00") == [
        "Änderungsantrag",
        "Zeile2",
        "Ende",
    ]
