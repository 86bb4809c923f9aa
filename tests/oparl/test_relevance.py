"""Which papers concern the concept, and linking them to editions, measures and budget lines."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.contributions import ParsedReference, RelevanceRules
from integrationkonzept.errors import ParseError
from integrationkonzept.model.budget import BudgetLine, BudgetPhase, Purpose
from integrationkonzept.model.concept import (
    Concept,
    Edition,
    Guidelines,
    Measure,
    Municipality,
)
from integrationkonzept.model.council import Consultation, Decision, Paper
from integrationkonzept.model.dataset import Dataset
from integrationkonzept.model.money import Money
from integrationkonzept.model.periods import BudgetCadence
from integrationkonzept.model.source import Source, SourceKind
from integrationkonzept.oparl.relevance import derives_from, keyword_hit, link, match, select

_LEIPZIG = re.compile(r"(?P<base>[IVX]+-(?:DS|A|F)-\d{5})(?P<rest>(?:-(?:NF|ÄA|VSP)-\d{2})*)")


def leipzig(text: str) -> ParsedReference:
    """A small stand-in for a city's reference scheme: suffixes chain to their parent."""
    found = _LEIPZIG.fullmatch(text.strip())
    if found is None:
        raise ParseError("kein Leipziger Aktenzeichen", text)
    normalized = found.group(0)
    parts = re.findall(r"-(?:NF|ÄA|VSP)-\d{2}", found["rest"])
    parent = found["base"] + "".join(parts[:-1]) if parts else None
    return ParsedReference(text, normalized, "Vorlage", (("base", found["base"]),), parent)


@pytest.mark.parametrize(
    ("reference", "base", "expected"),
    [
        ("VI-DS-08033-NF-02", "VI-DS-08033", True),
        ("VI-DS-08033-NF-02-ÄA-02", "VI-DS-08033", True),
        ("VI-DS-08033-NF-02-ÄA-02", "VI-DS-08033-NF-02", True),
        ("VI-DS-08033", "VI-DS-08033-NF-02", False),
        ("VI-DS-080330", "VI-DS-08033", False),
        ("DS0583/21/1", "DS0583/21", True),
        ("DS0583/211", "DS0583/21", False),
        (" DS0583/21 ", "DS0583/21", True),
        ("irgendwas", "", False),
    ],
)
def test_derives_from_by_prefix(reference: str, base: str, expected: bool) -> None:
    assert derives_from(reference, base) is expected


def test_derives_from_with_the_city_scheme() -> None:
    assert derives_from("VI-DS-08033-NF-02-ÄA-02", "VI-DS-08033", leipzig)
    assert not derives_from("VI-DS-08034-NF-02", "VI-DS-08033", leipzig)
    # A reference the scheme cannot read falls back to the prefix rule.
    assert derives_from("RBV-1458/12-NF", "RBV-1458/12", leipzig)


@given(
    base=st.from_regex(r"[A-Z]{1,3}[0-9]{2,5}/[0-9]{2}", fullmatch=True),
    suffixes=st.lists(st.from_regex(r"/[0-9]{1,2}", fullmatch=True), max_size=3),
)
def test_every_amendment_derives_from_its_paper(base: str, suffixes: list[str]) -> None:
    assert derives_from(base + "".join(suffixes), base)
    assert not derives_from(base, base + "".join(suffixes) + "/9")


def _paper(reference: str, title: str, *bodies: str) -> Paper:
    consultations = tuple(
        Consultation(body, dt.date(2020, 1, 1 + index)) for index, body in enumerate(bodies)
    )
    return Paper(reference=reference, title=title, consultations=consultations)


def test_match_reasons() -> None:
    rules = RelevanceRules(references=("VI-DS-08033",))
    assert match(_paper("VI-A-00001", "Sanierung Turnhalle"), rules) == ()
    assert match(_paper("VI-A-00002", "Sprachkurse für Geflüchtete"), rules) == (
        "Stichwort „Geflüchtete“",
    )
    assert match(_paper("VI-A-00003", "Haushalt", "Migrantenbeirat der Stadt"), rules) == (
        "Gremium „Migrantenbeirat“",
    )
    assert match(_paper("VI-DS-08033-NF-02", "Neufassung"), rules) == (
        "abgeleitet von „VI-DS-08033“",
    )
    assert match(_paper("VI-DS-08033", "Konzept"), rules) == ("Vorlage „VI-DS-08033“",)
    decided = Paper(
        reference="VI-A-00004",
        title="Antrag",
        decision=Decision("Beirat für Integration und Migration", dt.date(2020, 2, 1), "abgelehnt"),
    )
    assert match(decided, rules) == ("Gremium „Beirat für Integration und Migration“",)


def _dataset() -> Dataset:
    return Dataset(
        municipality=Municipality("Leipzig", "14713000"),
        budget_cadence=BudgetCadence(2, 2019),
        concept=Concept(
            id="gk",
            title="Gesamtkonzept zur Integration",
            guidelines=(Guidelines("Leitlinien", paper="VI-DS-01000"),),
            editions=(
                Edition(
                    id="2020",
                    title="Fortschreibung",
                    decided_by="VI-DS-08033-NF-02",
                    measures=(
                        Measure(
                            id="m-befragung", title="Migrantenbefragung", papers=("VII-A-00100",)
                        ),
                        Measure(id="m-fachtag", title="Fachtag"),
                    ),
                ),
            ),
        ),
        purposes=(Purpose("p", "Maßnahmen"),),
        budget_lines=(
            BudgetLine(
                "b2021",
                2021,
                "p",
                BudgetPhase.ADOPTED,
                Money(Decimal("30000.00")),
                Source(SourceKind.DECISION, "VII-A-02000"),
            ),
            BudgetLine(
                "b-press",
                2022,
                "p",
                BudgetPhase.ADOPTED,
                Money(Decimal("1.00")),
                Source(SourceKind.PRESS, "VII-A-03000"),
            ),
        ),
        papers=(Paper(reference="VI-DS-08033-NF-02", title="Fortschreibung", kind="Neufassung"),),
    )


def test_link_puts_papers_into_the_dataset_and_links_them() -> None:
    decision = Decision("Ratsversammlung", dt.date(2020, 1, 29), "geändert beschlossen")
    synced = [
        Paper(
            reference="VI-DS-08033-NF-02",
            title="Fortschreibung (OParl)",
            decision=decision,
            consultations=(Consultation("Ratsversammlung", dt.date(2020, 1, 29)),),
        ),
        Paper(reference="VI-DS-08033-NF-02-ÄA-02", title="Änderungsantrag"),
        Paper(reference="VII-A-00100-NF-01", title="Befragung, Neufassung"),
        Paper(reference="VII-A-02000", title="Haushalt MSO"),
        Paper(reference="VII-A-03000", title="Pressebericht-Vorlage"),
        Paper(reference="VII-F-00001", title="Anfrage zu Sprachmittlern"),
        Paper(reference="VII-A-09999", title="Straßenbau"),
    ]
    linked = link(_dataset(), synced, RelevanceRules(), leipzig)
    assert [found.paper.reference for found in linked.matches] == [
        "VI-DS-08033-NF-02",
        "VI-DS-08033-NF-02-ÄA-02",
        "VII-A-00100-NF-01",
        "VII-A-02000",
        "VII-F-00001",
    ]
    assert [(item.paper, item.target, item.target_id, item.via) for item in linked.links] == [
        ("VI-DS-08033-NF-02", "edition", "2020", "VI-DS-08033-NF-02"),
        ("VI-DS-08033-NF-02-ÄA-02", "edition", "2020", "VI-DS-08033-NF-02"),
        ("VII-A-00100-NF-01", "measure", "m-befragung", "VII-A-00100"),
        ("VII-A-02000", "budget_line", "b2021", "VII-A-02000"),
        ("VII-F-00001", "concept", "gk", ""),
    ]
    data = linked.dataset
    # The paper already there keeps its own data and gets the Beratungsfolge and decision.
    existing = data.paper("VI-DS-08033-NF-02")
    assert existing is not None
    assert (existing.title, existing.kind) == ("Fortschreibung", "Neufassung")
    assert existing.decision == decision
    assert len(existing.consultations) == 1
    assert data.paper("VII-A-09999") is None
    assert data.concept is not None
    assert data.concept.current is not None
    measures = {m.id: m.papers for m in data.concept.current.measures}
    assert measures == {"m-befragung": ("VII-A-00100", "VII-A-00100-NF-01"), "m-fachtag": ()}


def test_link_keep_all_and_rule_references() -> None:
    rules = RelevanceRules(keywords=(), bodies=(), references=("VII-A-09999",))
    papers = [Paper(reference="VII-A-09999-NF-01", title="x"), Paper(reference="Z-1", title="y")]
    linked = link(_dataset(), papers, rules, keep_all=True)
    assert [(i.paper, i.target, i.via) for i in linked.links] == [
        ("VII-A-09999-NF-01", "concept", "VII-A-09999")
    ]
    assert {p.reference for p in linked.dataset.papers} == {
        "VI-DS-08033-NF-02",
        "VII-A-09999-NF-01",
        "Z-1",
    }


def test_select_uses_the_dataset_references() -> None:
    found = select(
        [Paper(reference="VI-DS-01000", title="Leitlinien")],
        RelevanceRules(keywords=()),
        _dataset(),
    )
    assert [item.reasons for item in found] == [("Vorlage „VI-DS-01000“",)]


# --- keywords as words and phrases, exclusions --------------------------------------------


def _titled(title: str) -> Paper:
    return Paper("X-1/24", title=title)


@pytest.mark.parametrize(
    ("title", "reasons"),
    [
        (
            "Fortschreibung des Integrationskonzepts",
            ["Stichwort „Integration“ in „Integrationskonzepts“"],
        ),
        ("Integration im Sport", ["Stichwort „Integration“"]),
        ("OGS-Integration von Räumen: Sanierung des Hallenbaddachs", []),
        ("Desintegration der Verwaltungsstrukturen", []),
        (
            "Förderung der STRASSENSOZIALARBEIT mit Geflüchteten",
            ["Stichwort „Geflüchtete“ in „Geflüchteten“"],
        ),
    ],
)
def test_keywords_match_words_and_exclusions_cancel_them(title: str, reasons: list[str]) -> None:
    rules = RelevanceRules(
        keywords=("Integration", "Geflüchtete"),
        bodies=(),
        exclusions=("Integration von Räumen",),
    )
    assert list(match(_titled(title), rules)) == reasons


def test_a_phrase_matches_its_words_in_a_row_only() -> None:
    words = ["Integration", "von", "Räumen", "für", "die", "OGS"]
    assert keyword_hit("Integration von Räumen", words) == "Integration von Räumen"
    assert keyword_hit("Räumen von Integration", words) is None
    assert keyword_hit("integration VON räume", words) == "Integration von Räumen"
    assert keyword_hit("Straße", ["Hauptstrasse"]) is None  # at the start of a word only
    assert keyword_hit("Strasse", ["Straßenbau"]) == "Straßenbau"  # ß is ss


_WORDS = st.lists(st.text(alphabet="abcäöüßxyzIR", min_size=1, max_size=8), min_size=1, max_size=12)


@given(words=_WORDS, data=st.data())
def test_a_run_of_words_from_a_title_is_found_there(words: list[str], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    phrase = " ".join(words[start:end])
    hit = keyword_hit(phrase, words)
    assert hit is not None
    # What was found starts the same way, word for word, as the phrase (case folded).
    assert hit.casefold().split()[:-1] == phrase.casefold().split()[:-1]
    # An exclusion that is the phrase itself cancels every keyword found by it.
    rules = RelevanceRules(keywords=(phrase,), bodies=(), exclusions=(phrase,))
    assert match(_titled(" ".join(words)), rules) == ()


@given(title=st.text(max_size=80), keyword=st.text(max_size=20))
def test_matching_never_fails_on_any_text(title: str, keyword: str) -> None:
    rules = RelevanceRules(keywords=(keyword,), bodies=(), exclusions=(keyword[:3],))
    assert isinstance(match(_titled(title), rules), tuple)
