"""Reading German dates, years and lines."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.errors import Location, ParseError, parse_error_at
from integrationkonzept.german import (
    MONTH_NAMES,
    MONTHS,
    YearDigits,
    clean_lines,
    date_pattern,
    full_year,
    numbered_lines,
    parse_date,
    slug,
)


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


def test_numbered_lines_count_as_an_editor_does() -> None:
    lines = numbered_lines("a\r\nb\rc\n\x07d")
    assert [(line.number, line.text) for line in lines] == [(1, "a"), (2, "b"), (3, "c"), (4, "d")]
    assert not any(line.furniture for line in lines)


@pytest.mark.parametrize(
    ("years", "written", "text", "matches"),
    [
        ("two or four", False, "18.04.2017", True),
        ("two or four", False, "8.3.17", True),
        ("two or four", False, "8.3.201", False),
        ("four", False, "8.3.17", False),
        ("two to four", False, "8.3.201", True),
        ("four", True, "3. Mai 2021", True),
        ("four", True, "3.Mai 2021", True),
        # Any word: parse_date, not the pattern, refuses a month that does not exist.
        ("four", True, "3. Mail 2021", True),
        ("four", False, "3. Mai 2021", False),
    ],
)
def test_date_pattern(years: YearDigits, written: bool, text: str, matches: bool) -> None:
    assert bool(re.fullmatch(date_pattern(years=years, written=written), text)) is matches


def test_month_names_are_the_months() -> None:
    assert re.fullmatch(MONTH_NAMES, "Jänner")
    assert not re.fullmatch(MONTH_NAMES, "Mai 1")


@pytest.mark.parametrize(
    ("text", "transliterate", "slugged"),
    [
        ("Förderung von MSO", True, "foerderung-von-mso"),
        ("V/02", True, "v-02"),
        ("Straße Ü", False, "strasse-ue"),
        ("Café Öl", True, "cafe-oel"),
        ("Café Öl", False, "caf-oel"),
        ("—", True, "x"),
    ],
)
def test_slug(text: str, transliterate: bool, slugged: str) -> None:
    assert slug(text, transliterate=transliterate) == slugged


def test_slug_is_cut_after_whole_words() -> None:
    assert slug("eins zwei drei", limit=9) == "eins-zwei"
    assert slug("", empty="zweck") == "zweck"


def test_parse_error_at_says_where() -> None:
    error = parse_error_at("kaputt", "x", file="a.txt", line=3)
    assert (error.value, error.location) == ("x", Location("a.txt", 3))
    assert str(error) == "a.txt, Zeile 3: kaputt"
