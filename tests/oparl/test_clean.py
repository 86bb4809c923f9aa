"""Reading broken OParl values: placeholders, control characters, references, dates."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.oparl.clean import (
    PLACEHOLDERS,
    clean_text,
    clean_value,
    is_absent,
    modified_stamp,
    parse_date,
    parse_datetime,
    ref,
    refs,
    short_type,
    strip_controls,
    texts,
)


@pytest.mark.parametrize("value", ["", "  ", "N/A", "n/a", " N/A\t", "-", "(kein Text vorhanden)"])
def test_placeholders_are_absent(value: str) -> None:
    assert clean_text(value) is None
    assert is_absent(value)


@pytest.mark.parametrize("value", [None, [], {}, ["N/A", ""], {"a": "", "b": []}, 3.5j])
def test_empty_containers_and_non_json_are_absent(value: object) -> None:
    assert is_absent(value)


def test_values_that_look_empty_but_are_not() -> None:
    assert clean_value(False) is False
    assert clean_value(0) == 0
    assert clean_text("N/A-Stelle") == "N/A-Stelle"
    assert clean_text("0") == "0"


def test_control_characters_are_removed_but_lines_stay() -> None:
    assert strip_controls("Fort\x07schreibung\x00") == "Fortschreibung"
    assert strip_controls("a\r\nb\rc\nd\te") == "a\nb\nc\nd\te"
    assert strip_controls("C1\x85\x9f Zeichen\x7f") == "C1 Zeichen"
    assert clean_text("\x0b  Integration \x1b") == "Integration"


def test_clean_value_drops_absent_members_recursively() -> None:
    raw = {
        "name": "Migrantenbeirat\x07",
        "shortName": "N/A",
        "keyword": [],
        "organization": ["", "https://x/o/1", "N/A"],
        "location": {"description": ""},
        "public": False,
    }
    assert clean_value(raw) == {
        "name": "Migrantenbeirat",
        "organization": ["https://x/o/1"],
        "public": False,
    }


def test_references_by_url_or_embedded() -> None:
    assert ref("https://x/paper/1") == "https://x/paper/1"
    assert ref({"id": "https://x/paper/1", "type": "…/Paper"}) == "https://x/paper/1"
    assert ref({"type": "…/Paper"}) is None
    assert ref("N/A") is None
    assert refs(["https://x/a", {"id": "https://x/b"}, "", 7]) == ("https://x/a", "https://x/b")
    assert refs("https://x/a") == ("https://x/a",)
    assert refs([]) == ()
    assert texts(["Rat", "", "N/A", 3]) == ("Rat",)


def test_short_type_of_both_versions() -> None:
    assert short_type("https://schema.oparl.org/1.0/Paper") == "Paper"
    assert short_type("https://schema.oparl.org/1.1/AgendaItem/") == "AgendaItem"
    assert short_type("") is None
    assert short_type(None) is None


def test_dates_and_timestamps() -> None:
    assert parse_date("2009-03-10") == dt.date(2009, 3, 10)
    assert parse_date("2017-02-16T18:00:00+01:00") == dt.date(2017, 2, 16)
    assert parse_date("2019-02-30") is None
    assert parse_date("N/A") is None
    assert parse_date("10.03.2009") is None
    moment = parse_datetime("2009-12-17T15:55:45+01:00")
    assert moment == dt.datetime(2009, 12, 17, 14, 55, 45, tzinfo=dt.UTC)
    # Without offset: German time (winter: UTC+1).
    assert modified_stamp("2021-01-05T10:00:00") == "2021-01-05T09:00:00Z"
    assert modified_stamp("2021-07-05T10:00:00Z") == "2021-07-05T10:00:00Z"
    assert modified_stamp("gestern") is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.sampled_from(sorted(PLACEHOLDERS)),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in "\t\n" for char in text)


@given(json_values)
def test_clean_value_is_idempotent_and_leaves_no_placeholder(value: object) -> None:
    cleaned = clean_value(value)
    assert clean_value(cleaned) == cleaned
    for text in _strings(cleaned):
        assert text == text.strip()
        assert text.casefold() not in PLACEHOLDERS
        assert not _has_control(text)
    assert is_absent(cleaned) == (cleaned is None)


@given(st.text())
def test_strip_controls_keeps_every_other_character(text: str) -> None:
    stripped = strip_controls(text)
    assert not _has_control(stripped)
    expected = "".join(
        char for char in text.replace("\r\n", "\n").replace("\r", "\n") if not _has_control(char)
    )
    assert stripped == expected


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Zs", "Zl", "Zp"))))
def test_ordinary_text_survives(text: str) -> None:
    if text.casefold() in PLACEHOLDERS or not text.strip():
        return
    assert clean_text(text) == text.strip()
