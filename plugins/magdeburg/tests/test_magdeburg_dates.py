"""German date phrases and the text helpers the importer reads statements with."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from integrationkonzept_magdeburg import dates
from integrationkonzept_magdeburg.dates import find_date_phrases
from integrationkonzept_magdeburg.text import (
    cells,
    clauses,
    noun_phrase_title,
    sentences,
)

from integrationkonzept import german
from integrationkonzept.errors import ParseError
from integrationkonzept.german import MONTHS
from integrationkonzept.model import PlannedDate
from integrationkonzept.plugin import numbered_lines, slug


def test_phrases_of_a_sentence() -> None:
    text = (
        "Nach dem Beschluss am 10.04.2018 läuft die Arbeit seit dem 11.04.2018; "
        "die Vorlage kommt frühestens im Juni 2020, spätestens bis Ende Oktober 2020, "
        "nachdem am 3. Mai 2021 informiert wurde."
    )
    found = [
        (p.text, p.preposition, p.qualifier, p.year, p.month, p.day)
        for p in find_date_phrases(text)
    ]
    assert found == [
        ("am 10.04.2018", "am", "", 2018, 4, dt.date(2018, 4, 10)),
        ("seit dem 11.04.2018", "seit dem", "", 2018, 4, dt.date(2018, 4, 11)),
        ("frühestens im Juni 2020", "im", "frühestens", 2020, 6, None),
        ("spätestens bis Ende Oktober 2020", "bis ende", "spätestens", 2020, 10, None),
        ("am 3. Mai 2021", "am", "", 2021, 5, dt.date(2021, 5, 3)),
    ]


def test_phrase_properties() -> None:
    first, start, plan = find_date_phrases("Am 21.02.2019, seit 1.3.2019 und bis Oktober 2019")
    assert (first.preposition, first.is_deadline, first.is_start) == ("am", False, False)
    assert (start.is_start, start.day) == (True, dt.date(2019, 3, 1))
    assert (plan.is_deadline, plan.is_day, plan.last_day) == (True, False, dt.date(2019, 10, 31))


def test_years_alone_and_numbers_are_not_dates() -> None:
    assert list(find_date_phrases("Integrationskonzept 2020 – 2023, 3.000 Personen, 1.2.3")) == []


@pytest.mark.parametrize("text", ["am 31.02.2020", "am 30. Februar 2021", "am 00.13.2019"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ParseError, match="kein gültiges Datum"):
        list(find_date_phrases(text))


@pytest.mark.parametrize(
    "text",
    ["am 01.01.0001", "am 31.12.1989", "am 1. Januar 2201", "bis Dezember 9999", "im Januar 1989"],
)
def test_years_outside_1990_to_2200_are_refused(text: str) -> None:
    with pytest.raises(ParseError, match="liegt nicht zwischen 1990 und 2200") as caught:
        list(find_date_phrases(f"Das war {text}."))
    assert caught.value.value is not None
    assert caught.value.value in text


def test_month_names_and_dates_are_the_core_ones() -> None:
    """No month table or date parser of the plugin's own: the core's, with its messages."""
    assert getattr(dates, "MONTHS", german.MONTHS) is german.MONTHS
    assert not hasattr(dates, "parse_numeric_date")
    assert not hasattr(dates, "format_plan")
    (phrase,) = find_date_phrases("frühestens im Jänner 2021")
    assert (phrase.year, phrase.month) == (2021, 1)


@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2200, 12, 31)), written=st.booleans())
def test_any_date_written_either_way_is_read_back(day: dt.date, written: bool) -> None:
    month = next(name for name, number in MONTHS.items() if number == day.month)
    shown = f"{day.day}. {month} {day.year}" if written else f"{day:%d.%m.%Y}"
    (phrase,) = find_date_phrases(f"Der Termin war am {shown}.")
    assert phrase.day == day
    assert (phrase.year, phrase.month) == (day.year, day.month)
    assert phrase.text == f"am {shown}"


@given(
    year=st.integers(1990, 2200),
    month=st.sampled_from(sorted(MONTHS, key=MONTHS.__getitem__)),
    qualifier=st.sampled_from(["", "frühestens ", "spätestens "]),
    preposition=st.sampled_from(["", "im ", "bis ", "bis Ende "]),
)
def test_any_month_phrase_is_read_back(
    year: int, month: str, qualifier: str, preposition: str
) -> None:
    (phrase,) = find_date_phrases(f"Das kommt {qualifier}{preposition}{month} {year}.")
    assert (phrase.year, phrase.month, phrase.day) == (year, MONTHS[month], None)
    assert phrase.qualifier == qualifier.strip()
    assert phrase.is_deadline == bool(qualifier or preposition.startswith("bis"))
    plan = PlannedDate(year, MONTHS[month], earliest=qualifier == "frühestens ")
    assert phrase.last_day == plan.as_date()


def test_text_helpers() -> None:
    assert [line.number for line in numbered_lines("a\r\nb\rc\nd")] == [1, 2, 3, 4]
    nfd = unicodedata.normalize("NFD", "öffentlich\tMärz\x00 \x07\nÄnderung  ")
    assert [line.text for line in numbered_lines(nfd)] == ["öffentlich\tMärz", "Änderung"]
    assert cells("V/02\t\tS0518/19\t28.11.2019") == ("V/02", "S0518/19", "28.11.2019")
    assert cells("V/02     S0518/19   28.11.2019") == ("V/02", "S0518/19", "28.11.2019")
    assert cells("F0310/19 Fraktion GRÜNE/future!") == ("F0310/19 Fraktion GRÜNE/future!",)
    text = "Am 21. Februar 2019 (z. B. Dr. Muster) tagte der Rat. Danach: „Frage, offen“, ja."
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Am 21. Februar 2019 (z. B. Dr. Muster) tagte der Rat.",
        "Danach: „Frage, offen“, ja.",
    ]
    second = spans[1]
    assert [text[a:b] for a, b in clauses(text, *second)] == ["Danach: „Frage, offen“", "ja."]
    assert slug("V/02", transliterate=False) == "v-02"
    assert slug("Straße Ü", transliterate=False) == "strasse-ue"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Eine Information zum „Integrationskonzept 2020 – 2023“ erfolgte im Ausschuss",
            "Information zum „Integrationskonzept 2020 – 2023“ im Ausschuss",
        ),
        ("Nach verwaltungsinterner Beschlussfassung zum Projekt", "Beschlussfassung zum Projekt"),
        ("verläuft der Arbeitsprozess kontinuierlich", "Arbeitsprozess"),
        ("ein Konzept für die Stadtteile vorzulegen", "Konzept für die Stadtteile"),
        ("stehen 14 Mittlerinnen zur Verfügung", "14 Mittlerinnen zur Verfügung"),
        ("und dann noch", ""),
    ],
)
def test_noun_phrase_titles(text: str, title: str) -> None:
    assert noun_phrase_title(text) == title
