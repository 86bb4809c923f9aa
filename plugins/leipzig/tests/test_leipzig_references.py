"""The reference scheme ``leipzig``: every shape of DOMAIN.md, normalisation, errors, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from integrationkonzept_leipzig.references import (
    EXAMPLES,
    REFERENCE_PATTERN,
    SUFFIXES,
    TERMS,
    TYPES,
    Layout,
    LeipzigReference,
    Suffix,
    parse_reference,
    parsed,
)

from integrationkonzept.errors import ParseError
from integrationkonzept.plugins import registry
from integrationkonzept.testing.contracts import ReferenceSchemeContract


class TestLeipzigReferenceScheme(ReferenceSchemeContract):
    scheme_name = "leipzig"

    def valid(self) -> list[tuple[str, str]]:
        return [
            ("VI-A-03824", "VI-A-03824"),
            ("VI-DS-08033-NF-02-ÄA-02", "VI-DS-08033-NF-02-ÄA-02"),
            ("VII-DS-00547-NF-01-DS-01", "VII-DS-00547-NF-01-DS-01"),
            ("VI-A-01381-NF-003", "VI-A-01381-NF-003"),
            (" vii-f-08632-aw-01 ", "VII-F-08632-AW-01"),
            ("VI-A-03824-IFO-01", "VI-A-03824-Ifo-01"),
            ("a-00196/14-vsp-001", "A-00196/14-VSP-001"),
            ("DS  V/3943", "DS V/3943"),
            ("v/a 377/12", "V/A 377/12"),
            ("rbv-1458/12", "RBV-1458/12"),
        ]

    def invalid(self) -> list[str]:
        return ["VI-X-1", "foo", "", "VI-A-3824", "XI-A-03824", "VI-A-03824-AE-01", "VI A 03824"]


@pytest.mark.parametrize(
    ("text", "normalized", "kind", "parent"),
    [
        ("VI-A-03824", "VI-A-03824", "Antrag", None),
        ("VI-DS-08033", "VI-DS-08033", "Vorlage", None),
        ("VII-F-08632", "VII-F-08632", "Anfrage", None),
        ("VII-EF-00012", "VII-EF-00012", "Einwohneranfrage", None),
        ("VII-P-00345", "VII-P-00345", "Petition", None),
        ("VII-HP-01234", "VII-HP-01234", "Haushaltsänderungsantrag", None),
        ("VII-WA-00077", "VII-WA-00077", "WA (Art nicht belegt)", None),
        ("VI-DS-08033-NF-02", "VI-DS-08033-NF-02", "Neufassung", "VI-DS-08033"),
        (
            "VI-DS-08033-NF-02-ÄA-02",
            "VI-DS-08033-NF-02-ÄA-02",
            "Änderungsantrag",
            "VI-DS-08033-NF-02",
        ),
        ("VI-A-03824-VSP-01", "VI-A-03824-VSP-01", "Verwaltungsstandpunkt", "VI-A-03824"),
        ("VII-F-08632-AW-01", "VII-F-08632-AW-01", "Antwort", "VII-F-08632"),
        (
            "VII-DS-00547-NF-01-DS-01",
            "VII-DS-00547-NF-01-DS-01",
            "Beschlussvorlage",
            "VII-DS-00547-NF-01",
        ),
        ("VI-A-03824-Ifo-01", "VI-A-03824-Ifo-01", "Informationsvorlage", "VI-A-03824"),
        ("VI-A-01381-NF-003", "VI-A-01381-NF-003", "Neufassung", "VI-A-01381"),
        ("A-00196/14-VSP-001", "A-00196/14-VSP-001", "Verwaltungsstandpunkt", "A-00196/14"),
        ("A-00196/14", "A-00196/14", "Antrag", None),
        ("DS V/3943", "DS V/3943", "Vorlage", None),
        ("V/A 377/12", "V/A 377/12", "Antrag", None),
        ("RBV-1458/12", "RBV-1458/12", "Ratsbeschluss", None),
        ("X-A-00001", "X-A-00001", "Antrag", None),
    ],
)
def test_every_shape_of_domain_md(
    text: str, normalized: str, kind: str, parent: str | None
) -> None:
    result = parsed(text)
    assert (result.text, result.normalized, result.kind, result.parent) == (
        text,
        normalized,
        kind,
        parent,
    )


def test_parts_name_every_piece() -> None:
    assert dict(parsed("VI-DS-08033-NF-02-ÄA-02").parts) == {
        "format": "aktuell",
        "wahlperiode": "VI",
        "typ": "DS",
        "nummer": "08033",
        "zusätze": "NF-02-ÄA-02",
        "letzter_zusatz": "ÄA",
    }
    assert dict(parsed("A-00196/14-VSP-001").parts) == {
        "format": "2014",
        "typ": "A",
        "nummer": "00196",
        "jahr": "14",
        "zusätze": "VSP-001",
        "letzter_zusatz": "VSP",
    }
    assert dict(parsed("DS V/3943").parts) == {
        "format": "drucksache",
        "wahlperiode": "V",
        "typ": "DS",
        "nummer": "3943",
    }
    assert dict(parsed("V/A 377/12").parts) == {
        "format": "wahlperiode-schrägstrich",
        "wahlperiode": "V",
        "typ": "A",
        "nummer": "377",
        "jahr": "12",
    }
    assert dict(parsed("RBV-1458/12").parts) == {
        "format": "ratsbeschluss",
        "wahlperiode": "V",
        "typ": "RB",
        "nummer": "1458",
        "jahr": "12",
    }


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("vi-a-03824", "VI-A-03824"),
        ("\tVI-A-03824\n", "VI-A-03824"),
        ("VI-A-03824-IFO-01", "VI-A-03824-Ifo-01"),
        ("VI-A-03824-ifo-01", "VI-A-03824-Ifo-01"),
        ("vi-ds-08033-nf-02-äa-02", "VI-DS-08033-NF-02-ÄA-02"),
        ("VI-DS-08033-NF-02-A\u0308A-02", "VI-DS-08033-NF-02-ÄA-02"),  # decomposed Ä
        ("VI\u2013A\u201303824", "VI-A-03824"),  # en dashes from a PDF
        ("VI-A-01381-nf-003", "VI-A-01381-NF-003"),  # three digits kept as written
        ("ds v/3943", "DS V/3943"),
        ("V/A  377/12", "V/A 377/12"),
    ],
)
def test_normalisation_changes_only_what_is_unambiguous(text: str, normalized: str) -> None:
    assert parsed(text).normalized == normalized


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("VI-X-1", "„VI-X-1“ ist kein Leipziger Vorlagen-Aktenzeichen: unbekannter Typ „X“"),
        ("", "„“ ist kein Leipziger Vorlagen-Aktenzeichen: der Text ist leer"),
        (
            "VI-A-3824",
            "„VI-A-3824“ ist kein Leipziger Vorlagen-Aktenzeichen: die laufende Nummer „3824“ "
            "muss fünf Ziffern haben",
        ),
        (
            "VI-A-03824-NF-2",
            "„VI-A-03824-NF-2“ ist kein Leipziger Vorlagen-Aktenzeichen: Zusatz „NF-2“: die "
            "Nummer muss zwei (oder drei) Ziffern haben",
        ),
        (
            "VI-A-03824-AE-01",
            "„VI-A-03824-AE-01“ ist kein Leipziger Vorlagen-Aktenzeichen: unbekannter Zusatz "
            "„AE“ (bekannt: NF, ÄA, VSP, AW, DS, Ifo)",
        ),
        (
            "VI-A-03824-NF",
            "„VI-A-03824-NF“ ist kein Leipziger Vorlagen-Aktenzeichen: Zusatz „NF“ ohne Nummer",
        ),
        (
            "XI-A-03824",
            "„XI-A-03824“ ist kein Leipziger Vorlagen-Aktenzeichen: „XI“ ist keine Wahlperiode "
            "(römische Zahl von I bis X)",
        ),
        (
            "A-03824",
            "„A-03824“ ist kein Leipziger Vorlagen-Aktenzeichen: die Wahlperiode fehlt "
            "(z. B. „VI-A-03824“)",
        ),
        (
            "A-00196/1-VSP-001",
            "„A-00196/1-VSP-001“ ist kein Leipziger Vorlagen-Aktenzeichen: das Jahr „1“ muss "
            "zweistellig sein (z. B. „14“)",
        ),
        (
            "VI-A-03824-",
            "„VI-A-03824-“ ist kein Leipziger Vorlagen-Aktenzeichen: überzähliger Bindestrich",
        ),
    ],
)
def test_other_shapes_are_refused_with_a_german_message(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_reference(text)
    assert str(caught.value).startswith(message)
    assert caught.value.value == text


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("A V/3943", "in dieser älteren Form ist nur der Typ „DS“ belegt (wie „DS V/3943“)"),
        ("P V/1", "in dieser älteren Form ist nur der Typ „DS“ belegt (wie „DS V/3943“)"),
        ("V/F 377/12", "in dieser älteren Form ist nur der Typ „A“ belegt (wie „V/A 377/12“)"),
        ("V/DS 1/12", "in dieser älteren Form ist nur der Typ „A“ belegt (wie „V/A 377/12“)"),
    ],
)
def test_older_shapes_accept_only_the_types_the_records_show(text: str, only: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_reference(text)
    assert str(caught.value) == f"„{text}“ ist kein Leipziger Vorlagen-Aktenzeichen: {only}"
    with pytest.raises(ValueError, match="has only type"):
        LeipzigReference(Layout.DRUCKSACHE, "A", "3943", term="V")


def test_wa_gets_no_guessed_meaning() -> None:
    assert parsed("VII-WA-00077").kind == "WA (Art nicht belegt)"
    assert TYPES["WA"] == "WA (Art nicht belegt)"


@pytest.mark.parametrize("value", [None, 3824, b"VI-A-03824"])
def test_anything_but_a_string_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="parse_reference erwartet str"):
        parse_reference(value)  # type: ignore[arg-type]


def test_the_scheme_is_registered_with_its_examples() -> None:
    scheme = registry().reference_scheme("leipzig")
    assert scheme.examples == EXAMPLES
    assert registry().profile("leipzig").reference_scheme == "leipzig"


def test_references_are_found_in_running_text() -> None:
    text = (
        "den Sachstandsbericht (VI-DS-03306) und die Neufassung VI-DS-08033-NF-02-ÄA-02, "
        "nicht aber XVI-DS-03306 oder VI-DS-033061"
    )
    assert [m.group() for m in REFERENCE_PATTERN.finditer(text)] == [
        "VI-DS-03306",
        "VI-DS-08033-NF-02-ÄA-02",
    ]


# --- properties --------------------------------------------------------------------------------

_suffixes = st.lists(
    st.builds(
        Suffix,
        st.sampled_from(sorted(SUFFIXES)),
        st.from_regex(r"[0-9]{2,3}", fullmatch=True),
    ),
    max_size=4,
).map(tuple)


def _references() -> st.SearchStrategy[LeipzigReference]:
    terms = st.sampled_from(TERMS)
    types = st.sampled_from(sorted(TYPES))
    five = st.from_regex(r"[0-9]{5}", fullmatch=True)
    short = st.from_regex(r"[0-9]{1,5}", fullmatch=True)
    year = st.from_regex(r"[0-9]{2}", fullmatch=True)
    return st.one_of(
        st.builds(
            LeipzigReference, st.just(Layout.CURRENT), types, five, terms, st.none(), _suffixes
        ),
        st.builds(
            LeipzigReference, st.just(Layout.TRANSITION), types, five, st.none(), year, _suffixes
        ),
        st.builds(LeipzigReference, st.just(Layout.DRUCKSACHE), st.just("DS"), short, terms),
        st.builds(LeipzigReference, st.just(Layout.TERM_SLASH), st.just("A"), short, terms, year),
        st.builds(LeipzigReference, st.just(Layout.DECISION), st.just("RB"), short, terms, year),
    )


@settings(max_examples=200)
@given(reference=_references())
def test_parsing_the_formatted_parts_gives_them_back(reference: LeipzigReference) -> None:
    text = reference.format()
    assert parse_reference(text) == reference
    result = parsed(text)
    assert result.normalized == text
    again = parsed(result.normalized)
    assert (again.normalized, again.kind, again.parent, again.parts) == (
        result.normalized,
        result.kind,
        result.parent,
        result.parts,
    )


@settings(max_examples=200)
@given(reference=_references(), data=st.data())
def test_letter_case_and_surrounding_space_do_not_matter(
    reference: LeipzigReference, data: st.DataObject
) -> None:
    text = reference.format()
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    mangled = "".join(c.swapcase() if flip else c for c, flip in zip(text, flips, strict=True))
    padding = data.draw(st.sampled_from(["", " ", "\t", " \n"]))
    assert parsed(padding + mangled + padding).normalized == text


@settings(max_examples=200)
@given(reference=_references())
def test_the_parent_drops_exactly_the_last_suffix(reference: LeipzigReference) -> None:
    result = parsed(reference.format())
    if not reference.suffixes:
        assert result.parent is None
        return
    assert result.parent is not None
    assert reference.format() == f"{result.parent}-{reference.suffixes[-1].format()}"
    assert result.kind == SUFFIXES[reference.suffixes[-1].code]
    assert parse_reference(result.parent).suffixes == reference.suffixes[:-1]


@settings(max_examples=200)
@given(reference=_references(), cut=st.integers(min_value=1, max_value=3))
def test_cutting_digits_is_refused_not_repaired(reference: LeipzigReference, cut: int) -> None:
    if reference.layout not in (Layout.CURRENT, Layout.TRANSITION):
        return
    shorter = attrs_evolve_number(reference, reference.number[cut:])
    with pytest.raises(ParseError):
        parse_reference(shorter)


def attrs_evolve_number(reference: LeipzigReference, number: str) -> str:
    """The reference written with another number (no validation: it may be invalid)."""
    text = reference.format()
    return text.replace(reference.number, number, 1)
