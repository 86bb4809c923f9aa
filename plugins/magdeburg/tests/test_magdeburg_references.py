"""The reference scheme ``magdeburg``: examples, refusals, and properties over generated parts."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from integrationkonzept_magdeburg import references
from integrationkonzept_magdeburg.references import (
    AMENDABLE,
    AMENDMENT_KIND,
    PREFIXES,
    follow_up_kind,
    format_reference,
    parse_reference,
)

from integrationkonzept.errors import ParseError
from integrationkonzept.german import full_year
from integrationkonzept.plugins import registry
from integrationkonzept.testing.contracts import ReferenceSchemeContract


class TestMagdeburgReferenceScheme(ReferenceSchemeContract):
    scheme_name = "magdeburg"

    def valid(self) -> Sequence[tuple[str, str]]:
        return [
            ("DS0583/21", "DS0583/21"),
            ("DS0583/21/1", "DS0583/21/1"),
            ("DS0002/22/1/1/1", "DS0002/22/1/1/1"),
            ("S0518/19", "S0518/19"),
            ("F0310/19", "F0310/19"),
            ("I0184/25", "I0184/25"),
            ("A0070/19", "A0070/19"),
            ("T0012/20", "T0012/20"),
            ("ÄA0003/21", "ÄA0003/21"),
            ("DS0583/21 /1", "DS0583/21/1"),
            ("  DS0583/21  ", "DS0583/21"),
            ("ds0583/21", "DS0583/21"),
            ("äa0003/21", "ÄA0003/21"),
            ("DS 0583 / 21", "DS0583/21"),
            (unicodedata.normalize("NFD", "ÄA0003/21"), "ÄA0003/21"),
            ("S0518/19/1", "S0518/19/1"),
        ]

    def invalid(self) -> Sequence[str]:
        return [
            "DS0583",
            "DS583/21",
            "X0583/21",
            "DS0583/1",
            "DS0583/2021",
            "DS0583/21/0",
            "DS0583/21/01",
            "DS0583/21/1a",
            "0583/21",
            "DS",
            "DS05 83/21",
            "",
            "   ",
        ]


@pytest.mark.parametrize(
    ("text", "normalized", "kind", "parent"),
    [
        ("DS0583/21", "DS0583/21", "Beschlussvorlage (Drucksache)", None),
        ("DS0583/21/1", "DS0583/21/1", "Änderungsantrag", "DS0583/21"),
        ("DS0002/22/1/1/1", "DS0002/22/1/1/1", "Änderungsantrag", "DS0002/22/1/1"),
        ("S0518/19", "S0518/19", "Stellungnahme", None),
        ("F0310/19", "F0310/19", "Anfrage", None),
        ("I0184/25", "I0184/25", "Informationsvorlage", None),
        ("A0070/19", "A0070/19", "Antrag", None),
        ("A0225/19/1", "A0225/19/1", "Änderungsantrag", "A0225/19"),
        ("I0184/25/1", "I0184/25/1", "Änderungsantrag", "I0184/25"),
        ("T0012/20", "T0012/20", "T (Art nicht belegt)", None),
        ("S0518/19/1", "S0518/19/1", "Folgevorlage (/n) zu S0518/19", "S0518/19"),
        ("F0310/19/2", "F0310/19/2", "Folgevorlage (/n) zu F0310/19", "F0310/19"),
        ("S0518/19/1/2", "S0518/19/1/2", "Folgevorlage (/n) zu S0518/19/1", "S0518/19/1"),
        ("T0012/20/1", "T0012/20/1", "Folgevorlage (/n) zu T0012/20", "T0012/20"),
        ("ÄA0003/21/1", "ÄA0003/21/1", "Folgevorlage (/n) zu ÄA0003/21", "ÄA0003/21"),
        ("ÄA0003/21", "ÄA0003/21", "Änderungsantrag", None),
        ("DS0583/21 /1", "DS0583/21/1", "Änderungsantrag", "DS0583/21"),
        ("ds0583/21", "DS0583/21", "Beschlussvorlage (Drucksache)", None),
    ],
)
def test_examples(text: str, normalized: str, kind: str, parent: str | None) -> None:
    parsed = parse_reference(text)
    assert (parsed.text, parsed.normalized, parsed.kind, parsed.parent) == (
        text,
        normalized,
        kind,
        parent,
    )


def test_parts_of_a_nested_amendment() -> None:
    parsed = parse_reference("DS0002/22/1/1/1")
    assert parsed.parts == (
        ("prefix", "DS"),
        ("number", "0002"),
        ("year", "22"),
        ("full_year", "2022"),
        ("amendments", "1/1/1"),
    )
    assert parsed.as_json() == {
        "input": "DS0002/22/1/1/1",
        "reference": "DS0002/22/1/1/1",
        "kind": "Änderungsantrag",
        "parts": {
            "prefix": "DS",
            "number": "0002",
            "year": "22",
            "full_year": "2022",
            "amendments": "1/1/1",
        },
        "parent": "DS0002/22/1/1",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "DS0583",
            "„DS0583“ ist keine gültige Magdeburger Vorlagennummer: die Jahreszahl fehlt "
            "(erwartet z. B. DS0583/21, S0518/19 oder DS0583/21/1)",
        ),
        (
            "DS583/21",
            "„DS583/21“ ist keine gültige Magdeburger Vorlagennummer: die laufende Nummer „583“ "
            "muss vierstellig sein",
        ),
        (
            "X0583/21",
            "„X0583/21“ ist keine gültige Magdeburger Vorlagennummer: unbekanntes Kürzel „X“ "
            "(bekannt: A, DS, F, I, S, T, ÄA)",
        ),
        (
            "DS0583/1",
            "„DS0583/1“ ist keine gültige Magdeburger Vorlagennummer: die Jahreszahl „1“ muss "
            "zweistellig sein (z. B. /21)",
        ),
        (
            " DS0583/21/0 ",
            "„DS0583/21/0“ ist keine gültige Magdeburger Vorlagennummer: die Nummer des "
            "Änderungsantrags „0“ ist ungültig (1 bis 999, ohne führende Null)",
        ),
        (
            "DS0583/21-NF",
            "„DS0583/21-NF“ ist keine gültige Magdeburger Vorlagennummer: unerwartet „/21-NF“ "
            "nach „DS0583“ (erwartet z. B. DS0583/21, S0518/19 oder DS0583/21/1)",
        ),
        (
            "S0518/19/01",
            "„S0518/19/01“ ist keine gültige Magdeburger Vorlagennummer: die Folgenummer „01“ ist "
            "ungültig (1 bis 999, ohne führende Null)",
        ),
        ("", "leere Vorlagennummer (erwartet z. B. DS0583/21, S0518/19 oder DS0583/21/1)"),
    ],
)
def test_refusals_quote_the_text_in_german(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_reference(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("two", "four"), [("00", 2000), ("19", 2019), ("25", 2025), ("89", 2089), ("90", 1990)]
)
def test_full_year(two: str, four: int) -> None:
    assert full_year(int(two)) == four
    assert dict(parse_reference(f"S0001/{two}").parts)["full_year"] == str(four)


def test_the_year_rule_is_the_core_one() -> None:
    assert not hasattr(references, "full_year") or references.full_year is full_year


@pytest.mark.parametrize("value", [None, 583, b"DS0583/21", ["DS0583/21"]])
def test_what_is_not_text_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="parse_reference erwartet str"):
        parse_reference(value)  # type: ignore[arg-type]


def test_the_profile_names_the_scheme() -> None:
    assert registry().profile("magdeburg").reference_scheme == "magdeburg"
    assert registry().reference_scheme("magdeburg").parse("S0518/19").kind == "Stellungnahme"


prefixes = st.sampled_from(sorted(PREFIXES))
numbers = st.integers(0, 9999).map(lambda n: f"{n:04d}")
years = st.integers(0, 99).map(lambda n: f"{n:02d}")
amendment_chains = st.lists(st.integers(1, 999).map(str), max_size=4)


@given(prefix=prefixes, number=numbers, year=years, amendments=amendment_chains)
def test_generated_references_parse_to_their_parts(
    prefix: str, number: str, year: str, amendments: list[str]
) -> None:
    formatted = format_reference(prefix, number, year, amendments)
    parsed = parse_reference(formatted)
    assert parsed.normalized == formatted
    parts = dict(parsed.parts)
    assert (parts["prefix"], parts["number"], parts["year"]) == (prefix, number, year)
    assert parts["amendments"] == "/".join(amendments)
    assert parts["full_year"] == str(full_year(int(year)))
    assert 1990 <= int(parts["full_year"]) <= 2089
    parent = format_reference(prefix, number, year, amendments[:-1])
    assert parsed.kind == (
        PREFIXES[prefix]
        if not amendments
        else AMENDMENT_KIND
        if prefix in AMENDABLE
        else follow_up_kind(parent)
    )
    if amendments:
        assert parsed.parent == format_reference(prefix, number, year, amendments[:-1])
    else:
        assert parsed.parent is None
    again = parse_reference(parsed.normalized)
    assert (again.normalized, again.kind, again.parent) == (
        parsed.normalized,
        parsed.kind,
        parsed.parent,
    )


@given(
    prefix=prefixes,
    number=numbers,
    year=years,
    amendments=amendment_chains,
    lower=st.booleans(),
    spaces=st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=8, max_size=8),
)
def test_damaged_spelling_normalises_to_the_same_reference(
    prefix: str,
    number: str,
    year: str,
    amendments: list[str],
    lower: bool,
    spaces: list[str],
) -> None:
    shown_prefix = prefix.lower() if lower else prefix
    damaged = f"{spaces[0]}{shown_prefix}{spaces[1]}{number}{spaces[2]}/{spaces[3]}{year}"
    for index, amendment in enumerate(amendments):
        gap = spaces[4 + index % 3]
        damaged += f"{gap}/{amendment}"
    damaged += spaces[7]
    parsed = parse_reference(damaged)
    assert parsed.normalized == format_reference(prefix, number, year, amendments)
    assert parsed.text == damaged


@given(number=st.integers(0, 99999).filter(lambda n: not 1000 <= n <= 9999))
def test_numbers_of_other_lengths_are_refused(number: int) -> None:
    with pytest.raises(ParseError, match="vierstellig"):
        parse_reference(f"DS{number}/21")
