"""Raw objects → rows (never raising), stored views → model papers, city adapters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.contributions import OParlAdapter
from integrationkonzept.model.council import Paper, VoteResult
from integrationkonzept.oparl.extract import extract
from integrationkonzept.oparl.mapping import (
    ConsultationView,
    PaperView,
    adjust,
    normalize_ags,
    to_dataset,
    to_paper,
)

T = "https://schema.oparl.org/1.1/"


def test_extract_flattens_embedded_objects_with_their_context() -> None:
    meeting = {
        "id": "m1",
        "type": T + "Meeting",
        "name": "Rat",
        "start": "2024-01-15T17:00:00+01:00",
        "modified": "2024-01-16T08:00:00+01:00",
        "organization": ["o1"],
        "location": {"id": "l1", "type": T + "Location"},
        "agendaItem": [
            {"id": "a1", "number": "1", "result": "N/A", "consultation": "c1"},
            {"id": "a2", "type": T + "AgendaItem", "deleted": True},
            "a3",
            {"number": "ohne id"},
        ],
    }
    found = extract(meeting, "Meeting", "page")
    assert [(row.id, row.type, row.parent, row.deleted) for row in found.rows] == [
        ("m1", "Meeting", None, False),
        ("a1", "AgendaItem", "m1", False),  # type from the field
        ("a2", "AgendaItem", "m1", True),
    ]
    assert found.rows[0].modified == "2024-01-16T07:00:00Z"
    assert found.rows[0].data is not None
    assert found.rows[1].data is None
    # meeting, position, number, name, result, resolution text, consultation, public
    assert found.rows[1].values == ("m1", 0, "1", None, None, None, "c1", None)
    assert found.children == ("a1", "a2", "a3")
    assert found.problems == (
        ("m1", "eingebettetes Objekt in „agendaItem“ ohne „id“ übersprungen"),
    )


def test_extract_deleted_objects_without_type_take_the_list_type() -> None:
    found = extract({"id": "p9", "deleted": True, "modified": "2024-03-01T00:00:00Z"}, "Paper", "x")
    assert [(row.id, row.type, row.deleted) for row in found.rows] == [("p9", "Paper", True)]
    assert extract({"id": "p9", "deleted": True}, None, "x").problems == (
        ("p9", "gelöschtes Objekt ohne „type“ übersprungen"),
    )


def test_extract_reports_bad_objects() -> None:
    assert extract("text", "Paper", "page").problems == (
        ("page", 'Eintrag ist kein Objekt: "text"'),
    )
    assert extract({"name": "x"}, "Paper", "page").problems[0][1].startswith("Objekt ohne „id“")
    wrong = extract({"id": "m", "type": T + "Meeting"}, "Paper", "page")
    assert wrong.rows == ()
    assert wrong.problems == (
        ("m", "Objekt vom Typ „Meeting“ in einer Liste von „Paper“ übersprungen"),
    )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["paper", "agendaItem", "consultation", "https://x/1", "N/A"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "deleted",
                    "name",
                    "consultation",
                    "agendaItem",
                    "meeting",
                    "paper",
                    "organization",
                    "modified",
                    "start",
                    "date",
                    "reference",
                    "order",
                    "mainFile",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@given(json_values, st.sampled_from([None, "Paper", "Meeting", "AgendaItem", "Consultation"]))
def test_extract_never_raises(raw: Any, expected: str | None) -> None:
    found = extract(raw, expected, "page")
    for row in found.rows:
        assert isinstance(row.id, str)
        assert row.id
    assert bool(found.rows) or bool(found.problems)


def _view(**changes: Any) -> PaperView:
    base = PaperView(
        id="https://x/paper/1",
        reference="VI-DS-08033-NF-02",
        name="Fortschreibung des Gesamtkonzepts zur Integration",
        paper_type="Neufassung",
        date=dt.date(2019, 12, 4),
        lead=("Referat für Migration und Integration",),
        consultations=(
            ConsultationView(
                "c1",
                "FA Allgemeine Verwaltung",
                dt.date(2020, 1, 14),
                "Vorberatung",
                None,
                "mehrheitlich empfohlen",
            ),
            ConsultationView(
                "c2",
                "Ratsversammlung",
                dt.date(2020, 1, 29),
                "Beschlussfassung",
                True,
                "geändert beschlossen, 40 Ja-Stimmen, 7 Nein-Stimmen, 7 Enthaltungen",
                agenda_item="https://x/agendaItem/9",
                agenda_number="16.3",
            ),
            ConsultationView("c3", None, dt.date(2020, 2, 1), "Kenntnisnahme"),
        ),
    )
    return attrs.evolve(base, **changes)


def test_to_paper_beratungsfolge_and_decision() -> None:
    paper = to_paper(_view())
    assert paper is not None
    assert paper.submitter == "Referat für Migration und Integration"
    assert [c.body for c in paper.consultations] == ["FA Allgemeine Verwaltung", "Ratsversammlung"]
    assert paper.decision is not None
    assert (paper.decision.body, paper.decision.date, paper.decision.kind) == (
        "Ratsversammlung",
        dt.date(2020, 1, 29),
        "geändert beschlossen",
    )
    assert paper.decision.votes == VoteResult(40, 7, 7)
    assert paper.decision.source is not None
    assert paper.decision.source.locator == "TOP 16.3"
    assert to_paper(_view(reference=None)) is None


def test_without_authoritative_consultation_the_latest_result_decides() -> None:
    view = _view()
    first, second, _ = view.consultations
    paper = to_paper(
        attrs.evolve(view, consultations=(first, attrs.evolve(second, authoritative=None)))
    )
    assert paper is not None
    assert paper.decision is not None
    assert paper.decision.body == "Ratsversammlung"
    only_first = to_paper(attrs.evolve(view, consultations=(first,)))
    assert only_first is not None
    assert only_first.decision is not None
    assert (only_first.decision.kind, only_first.decision.votes) == ("empfohlen", None)
    nothing = to_paper(attrs.evolve(view, consultations=(attrs.evolve(first, result="ohne"),)))
    assert nothing is not None
    assert nothing.decision is None
    assert nothing.consultations[0].result == "ohne"


def test_relations_by_reference() -> None:
    view = _view(related=("https://x/paper/2", "https://x/paper/3", "https://x/paper/1"))
    references = {"https://x/paper/2": "VI-DS-08033", "https://x/paper/1": "VI-DS-08033-NF-02"}
    paper = to_paper(view, references)
    assert paper is not None
    assert [r.reference for r in paper.relations] == ["VI-DS-08033"]


def test_adapters_adjust_and_a_failing_one_is_reported() -> None:
    def kinds(paper: Paper, raw: Mapping[str, Any]) -> Paper:
        return attrs.evolve(paper, kind=raw.get("paperType", "") + " (Leipzig)")

    def broken(paper: Paper, raw: Mapping[str, Any]) -> Paper:
        raise RuntimeError("kaputt")

    paper = to_paper(_view())
    assert paper is not None
    notes: list[str] = []
    adapters = (
        OParlAdapter("kinds", "14713000", kinds),
        OParlAdapter("broken", "14713000", broken),
    )
    adjusted = adjust(paper, {"paperType": "Vorlage"}, adapters, notes.append)
    assert adjusted.kind == "Vorlage (Leipzig)"
    assert notes == [
        "OParl-Anpassung „broken“ ist bei VI-DS-08033-NF-02 fehlgeschlagen: RuntimeError: kaputt"
    ]


def test_normalize_ags() -> None:
    assert normalize_ags("5358016") == "05358016"
    assert normalize_ags("14713000") == "14713000"
    assert normalize_ags("N/A") is None
    assert normalize_ags("١٤٧١٣٠٠٠") is None  # Arabic-Indic digits are not a key
    assert normalize_ags(None) is None


def test_to_dataset_keeps_the_newest_of_papers_sharing_a_reference() -> None:
    from integrationkonzept.model.concept import Municipality
    from integrationkonzept.model.periods import BudgetCadence

    old = to_paper(_view(id="https://x/paper/old", name="alt"))
    new = to_paper(_view(id="https://x/paper/new", name="neu"))
    assert old is not None
    assert new is not None
    dataset, problems = to_dataset(
        Municipality("Leipzig", "14713000"),
        BudgetCadence(2, 2019),
        [(new, "2021-01-02T00:00:00Z"), (old, "2020-01-01T00:00:00Z")],
    )
    assert [p.title for p in dataset.papers] == ["neu"]
    assert problems == (
        "Vorlage VI-DS-08033-NF-02 gibt es mehrmals; die ältere Fassung "
        "(https://x/paper/old) wird übergangen",
    )
