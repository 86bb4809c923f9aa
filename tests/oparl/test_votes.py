"""Vote counts and decision kinds from agenda-item result texts (texts as Hürtgenwald writes)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.model.council import VoteResult
from integrationkonzept.oparl.mapping import decision_kind, parse_votes, read_result


@pytest.mark.parametrize(
    ("text", "votes"),
    [
        ("13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen", (13, 0, 0)),
        ("11 Ja-Stimmen, 0 Enthaltungen, 1 Nein-Stimme", (11, 1, 0)),
        ("12 Ja-Stimmen, 1 Nein-Stimme, 0 Enthaltungen", (12, 1, 0)),
        ("einstimmig12 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen", (12, 0, 0)),
        ("Einstimmig15-Ja-Stimmen, 0 Nein-Stimmen, 0 Enthaltungen", (15, 0, 0)),
        ("7 Ja-Stimmen / 1 Enthaltung", (7, 0, 1)),
        ("5 Ja, 5 Nein", (5, 5, 0)),
        ("9 Ja, 0 Enthaltungen, 3 Nein-Stimmen", (9, 3, 0)),
        ("12x ja, 1x nein, 1x Enthaltung", (12, 1, 1)),
        ("0x ja, 14x nein, 0 Enthaltungen", (0, 14, 0)),
        ("11 Ja-Stimmen: 1 Nein-Stimme; O Enthaltungen ", (11, 1, 0)),
        ("13 Ja- Stimmen, 1 Nein-Stimme, 0 Enthaltungen", (13, 1, 0)),
        ("8 Ja Stimmen; 3 Nein Stimmen, 0 Enthaltungen", (8, 3, 0)),
        ("9 Ja-Stimmen, 0 Nein-Stimmen, 0 Enthaltung(en)", (9, 0, 0)),
        ("26 Ja-Stimmen, 1 Nein-Stimme der Fraktion B‘90/Die Grünen", (26, 1, 0)),
        ("3 Ja Stimmen, 6 Nein Stimmen, 3 Enthaltungen Somit ist der Antrag abgelehnt.", (3, 6, 3)),
        ("14 Ja-Stimmen, keine Enthaltungen", (14, 0, 0)),
    ],
)
def test_counted_votes(text: str, votes: tuple[int, int, int]) -> None:
    assert parse_votes(text) == VoteResult(*votes)


@pytest.mark.parametrize(
    "text",
    [
        "einstimmig, 0 Enthaltungen",  # unanimous, but how many voted is not said
        "ohne",
        "(kein Text vorhanden)",
        "JaNeinEnthaltungBM1CDU81SPD6B‘90/Die Grünen3FFH3FDP2Hr. Gilleßen1Gesamt2410",
        "a) 7 Ja-Stimmen, 6 Nein-Stimmen, 0 Enthaltungenb) 7 Ja-Stimmen, 6 Nein-Stimmen",
        "1.13 Ja-Stimmen, 1 Nein-Stimme, 0 Enthaltungen2. einstimmig, 0 Enthaltungen",
        "Auf dem Vorschlag 1 entfallen 1 Ja-Stimme und 8 Nein-StimmenAuf den Vorschlag 2 "
        "entfallen 8 Ja-Stimmen und 1 Nein Stimme",
        "Alternative 1: Status Quo Ergebnis: 6 Ja-Stimmen; 6 Nein-Stimmen; 1 Enthaltung"
        "Alternative 2: zwei Standorte",
        "Zu den Punkten 2, 6 und 7 einstimmigZu Punkt 10 9 Ja, 0 Enthaltungen, 3 Nein-Stimmen",
        "a) 6 Stimmenb) 22 Stimmen1 Enthaltung",
        "7 Ja-Stimmen",  # nothing about no or abstentions: not a vote result we can trust
    ],
)
def test_no_counts_where_the_text_is_not_one_clear_vote(text: str) -> None:
    assert parse_votes(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("einstimmig, 0 Enthaltungen", "beschlossen"),
        ("Einstimmung, 0 Enthaltungen", "beschlossen"),
        ("Der Ausschuss nimmt die Vorlage zur Kenntnis.", "zur Kenntnis genommen"),
        (
            "Die anwesenden Ausschussmitglieder nehmen den Sachverhalt einstimmig zur Kenntnis.",
            "zur Kenntnis genommen",
        ),
        ("0x ja, 14x nein, 0 Enthaltungen", "abgelehnt"),
        ("6 Ja-Stimmen, 6 Nein-Stimmen", "abgelehnt"),  # a tie rejects
        ("12 Ja-Stimmen, 1 Nein-Stimme, 0 Enthaltungen", "beschlossen"),
        (
            "geändert beschlossen: 40 Ja-Stimmen, 7 Nein-Stimmen, 7 Enthaltungen",
            "geändert beschlossen",
        ),
        ("ungeändert beschlossen", "ungeändert beschlossen"),
        ("Damit ist der Antrag nach §24 GO zurückgewiesen.", "abgelehnt"),
        ("Einstimmig empfohlen", "empfohlen"),
        ("mehrheitlich nicht empfohlen", "nicht empfohlen"),
        ("in die Ausschüsse verwiesen", "verwiesen"),
        ("Der Punkt wird vertagt.", "vertagt"),
        ("Die Vorlage wurde zurückgezogen.", "zurückgezogen"),
        ("Ohne Widerrede wird dem zugestimmt, es erfolgt keine Abstimmung.", "beschlossen"),
        ("ohne", ""),
        ("Ohne, da Mitteilungsvorlage.", ""),
        ("entfällt", ""),
    ],
)
def test_decision_kinds(text: str, kind: str) -> None:
    assert read_result(text).kind == kind


def test_read_result_of_nothing() -> None:
    result = read_result(None)
    assert (result.kind, result.votes, result.unanimous) == ("", None, False)
    assert read_result("Einstimmig, 0 Enthaltungen").unanimous


# Property tests: a vote written in any of the forms councils use is read back exactly.

_YES = st.sampled_from(
    [
        "{n} Ja-Stimmen",
        "{n} Ja-Stimme",
        "{n} Ja Stimmen",
        "{n}x ja",
        "{n} Ja",
        "{n} Ja- Stimmen",
        "{n}-Ja-Stimmen",
    ]
)
_NO = st.sampled_from(
    ["{n} Nein-Stimmen", "{n} Nein-Stimme", "{n} Nein Stimmen", "{n}x nein", "{n} Nein"]
)
_ABSTAIN = st.sampled_from(
    [
        "{n} Enthaltungen",
        "{n} Enthaltung",
        "{n} Enthaltung(en)",
        "{n}x Enthaltung",
        "{n} Stimmenthaltungen",
    ]
)
_SEPARATOR = st.sampled_from([", ", "; ", " / ", ",", " und ", ": "])
_COUNT = st.integers(min_value=0, max_value=120)


@given(
    yes=_COUNT,
    no=_COUNT,
    abstentions=_COUNT,
    forms=st.tuples(_YES, _NO, _ABSTAIN),
    order=st.permutations([0, 1, 2]),
    separator=_SEPARATOR,
    prefix=st.sampled_from(["", "Beschluss: ", "einstimmig", "Ergebnis: "]),
    suffix=st.sampled_from(["", ".", " Damit ist der Vorschlag angenommen.", " "]),
)
def test_any_written_form_of_one_vote_is_read_back(
    yes: int,
    no: int,
    abstentions: int,
    forms: tuple[str, str, str],
    order: list[int],
    separator: str,
    prefix: str,
    suffix: str,
) -> None:
    parts = [forms[0].format(n=yes), forms[1].format(n=no), forms[2].format(n=abstentions)]
    text = prefix + separator.join(parts[i] for i in order) + suffix
    expected = VoteResult(yes, no, abstentions)
    if prefix == "einstimmig" and no > 0:
        assert parse_votes(text) is None  # contradicts itself
    else:
        assert parse_votes(text) == expected
        if "angenommen" not in text:
            assert decision_kind(text, expected) == ("beschlossen" if yes > no else "abgelehnt")


@given(
    yes=_COUNT,
    abstentions=_COUNT,
    yes_form=_YES,
    abstain_form=_ABSTAIN,
    separator=_SEPARATOR,
)
def test_a_missing_no_count_is_zero(
    yes: int, abstentions: int, yes_form: str, abstain_form: str, separator: str
) -> None:
    text = yes_form.format(n=yes) + separator + abstain_form.format(n=abstentions)
    assert parse_votes(text) == VoteResult(yes, 0, abstentions)


@given(st.text(max_size=200))
def test_counts_come_only_from_numbers_in_the_text(text: str) -> None:
    votes = parse_votes(text)
    result = read_result(text)
    assert result.votes == votes
    if votes is not None:
        numbers = {int(n) for n in re.findall(r"[0-9]+", text)} | {0}
        assert {votes.yes, votes.no, votes.abstentions} <= numbers


@given(st.lists(st.tuples(_COUNT, _COUNT, _COUNT), min_size=2, max_size=4))
def test_several_votes_in_one_text_give_no_counts(votes: list[tuple[int, int, int]]) -> None:
    text = "".join(
        f"{chr(ord('a') + index)}) {yes} Ja-Stimmen, {no} Nein-Stimmen, {abstain} Enthaltungen"
        for index, (yes, no, abstain) in enumerate(votes)
    )
    assert parse_votes(text) is None
