"""The importer ``leipzig-budget``: seed 000 equals the built-in funding history; errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from integrationkonzept_leipzig.budget import YearAmount, read_budget, year_amounts
from leipzig_support import SEED_BUDGET, fixture_file

from integrationkonzept.calc.budget import budget_view
from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError
from integrationkonzept.examples import example
from integrationkonzept.model import (
    BudgetLine,
    BudgetPeriod,
    BudgetPhase,
    Dataset,
    Decision,
    Money,
    Source,
    SourceKind,
)
from integrationkonzept.testing.contracts import ImporterContract

D = dt.date
P = BudgetPhase


class TestLeipzigBudgetImporter(ImporterContract):
    importer_name = "leipzig-budget"

    def valid_inputs(self) -> list[list[InputFile]]:
        return [[fixture_file("haushalt_2023.txt")]]

    def invalid_inputs(self) -> list[tuple[list[InputFile], str]]:
        return [
            ([fixture_file("haushalt_summe_falsch.txt")], "die Aufteilung für 2021 ergibt"),
            ([InputFile("leer.txt", b"")], "kein Haushaltsantrag erkannt"),
        ]


def _cells(data: Dataset) -> dict[tuple[int, str, BudgetPhase], Money]:
    """Every (year, purpose, phase) amount, as the budget calculations give it."""
    out: dict[tuple[int, str, BudgetPhase], Money] = {}
    for period in (BudgetPeriod((2019, 2020)), BudgetPeriod((2021, 2022))):
        view = budget_view(data.budget_lines, period)
        for purpose in view.purposes():
            for year in period.years:
                for phase in BudgetPhase:
                    cell = view.cell(phase, year, purpose)
                    if cell is not None:
                        out[(year, purpose, phase)] = cell.amount
                plan = view.plan(year, purpose)
                if plan is not None:
                    out[(year, purpose, "plan")] = plan.amount  # type: ignore[index]
    return out


@pytest.fixture
def seed_000(seeds: Path) -> Dataset:
    return read_budget([InputFile(SEED_BUDGET, (seeds / SEED_BUDGET).read_bytes())])


def test_seed_000_equals_the_funding_history_of_the_example(seed_000: Dataset) -> None:
    imported = _cells(seed_000)
    assert imported == _cells(example("leipzig"))
    e = Money.of
    assert imported == {
        (2020, "gesamt", P.DRAFT): e(60000),
        (2020, "gesamt", P.REVISED): e(80000),
        (2020, "gesamt", "plan"): e(80000),  # type: ignore[dict-item]
        (2021, "gesamt", P.DRAFT): e(0),
        (2022, "gesamt", P.DRAFT): e(0),
        (2021, "gesamt", P.REQUESTED): e(80000),
        (2022, "gesamt", P.REQUESTED): e(80000),
        **{
            (year, purpose, phase): e(amount)
            for purpose, amounts in (
                ("mso", (30000, 50000)),
                ("massnahmen", (30000, 30000)),
                ("sprachmittlung", (20000, 20000)),
            )
            for year, amount in zip((2021, 2022), amounts, strict=True)
            for phase in (P.ADOPTED, P.ACTUAL, "plan")
        },
    }
    view = budget_view(seed_000.budget_lines, BudgetPeriod((2021, 2022)))
    assert [view.total(P.ADOPTED, year) for year in (2021, 2022)] == [e(80000), e(100000)]
    assert view.actual_minus_plan() == e(0)


#: How the seed's line ids begin: its heading (no Leipzig reference in the text).
K = "aenderungsantrag-dhh-2021-22-"


def test_seed_000_lines_carry_their_sources(seed_000: Dataset) -> None:
    motion = "Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22"
    decision = "Beschluss der Ratsversammlung am 31. März 2021"
    report = "Bericht zum Stand der Umsetzung vom 20.07.2022"
    title = "Gesamtkonzept zur Integration der Migrant*innen ergänzen und umsetzen"
    found = {
        line.id: (line.source.kind, line.source.reference, line.source.date, line.source.locator)
        for line in seed_000.budget_lines
    }
    cut = (
        "Begründung: „Entwurf des Doppelhaushaltes 21/22 ist dieses Budget zusammen 80.000 Euro "
        "- komplett gestrichen“"
    )
    paper, report_kind, decision_kind = SourceKind.PAPER, SourceKind.REPORT, SourceKind.DECISION
    on_31_march, on_20_july = D(2021, 3, 31), D(2022, 7, 20)
    assert found == {
        f"{K}2021-gesamt-beantragt": (paper, motion, None, "Antragstext: „80.000 € p.a.“"),
        f"{K}2022-gesamt-beantragt": (paper, motion, None, "Antragstext: „80.000 € p.a.“"),
        f"{K}2020-gesamt-entwurf": (
            paper,
            motion,
            None,
            "Begründung: „Entwurf des Doppelhaushaltes 2019/20 eingestellten 60.000 Euro“",
        ),
        f"{K}2020-gesamt-geaendert": (
            paper,
            motion,
            None,
            "Begründung: „Anfang 2020 einem finanziellen Puffer von 20.000 zugestimmt“",
        ),
        f"{K}2021-gesamt-entwurf": (paper, motion, None, cut),
        f"{K}2022-gesamt-entwurf": (paper, motion, None, cut),
        f"{K}2021-mso-beschlossen": (
            decision_kind,
            decision,
            on_31_march,
            "„30.000 EUR im Jahr 2021“",
        ),
        f"{K}2022-mso-beschlossen": (
            decision_kind,
            decision,
            on_31_march,
            "„50.000 EUR im Jahr 2022“",
        ),
        f"{K}2021-massnahmen-beschlossen": (
            decision_kind,
            decision,
            on_31_march,
            "„30.000 EUR pro Jahr“",
        ),
        f"{K}2022-massnahmen-beschlossen": (
            decision_kind,
            decision,
            on_31_march,
            "„30.000 EUR pro Jahr“",
        ),
        f"{K}2021-sprachmittlung-beschlossen": (
            decision_kind,
            decision,
            on_31_march,
            "„20.000 EUR pro Jahr“",
        ),
        f"{K}2022-sprachmittlung-beschlossen": (
            decision_kind,
            decision,
            on_31_march,
            "„20.000 EUR pro Jahr“",
        ),
        f"{K}2021-mso-verwendet": (report_kind, report, on_20_july, "„2021: 30.000 EUR“"),
        f"{K}2022-mso-verwendet": (report_kind, report, on_20_july, "„2022: 50.000 EUR“"),
        f"{K}2021-massnahmen-verwendet": (report_kind, report, on_20_july, "„30.000 EUR pro Jahr“"),
        f"{K}2022-massnahmen-verwendet": (report_kind, report, on_20_july, "„30.000 EUR pro Jahr“"),
        f"{K}2021-sprachmittlung-verwendet": (
            report_kind,
            report,
            on_20_july,
            "„20.000 EUR pro Jahr“",
        ),
        f"{K}2022-sprachmittlung-verwendet": (
            report_kind,
            report,
            on_20_july,
            "„20.000 EUR pro Jahr“",
        ),
    }
    revised = next(line for line in seed_000.budget_lines if line.phase is P.REVISED)
    assert revised.revises == f"{K}2020-gesamt-entwurf"
    assert {line.source.title for line in seed_000.budget_lines} == {title}


def test_seed_000_purposes_and_the_decision_paper(seed_000: Dataset) -> None:
    assert [(p.id, p.title) for p in seed_000.purposes] == [
        (
            "gesamt",
            "Weitererarbeitung und Umsetzung des Gesamtkonzeptes zur Integration von Migrant*innen",
        ),
        (
            "mso",
            "Förderung von Migrantenselbstorganisiationen und interkulturellen Vereinen und "
            "Verbänden",
        ),
        ("massnahmen", "Maßnahmen des Integrationskonzeptes"),
        ("sprachmittlung", "Erhöhung des Budgets für Sprach- und Kulturmittlung"),
    ]
    (paper,) = seed_000.papers
    assert (paper.reference, paper.kind, paper.title) == (
        "Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22",
        "Änderungsantrag",
        "Gesamtkonzept zur Integration der Migrant*innen ergänzen und umsetzen",
    )
    assert [s.title for s in paper.sections] == [
        "Antragstext",
        "Begründung",
        "Beschluss der Ratsversammlung am 31. März 2021",
        "Bericht zum Stand der Umsetzung vom 20.07.2022",
    ]
    decision = paper.decision
    assert decision is not None
    assert (decision.body, decision.date, decision.kind, decision.votes) == (
        "Ratsversammlung",
        D(2021, 3, 31),
        "beschlossen",  # as the text states it; "Neufassung" is in the vote text only
        None,
    )
    assert decision.vote_text == (
        "Der Antrag wurde im Sinne der gemeinsamen Neufassung von Grünen uznd Linken beschlossen"
    )
    assert decision.text.startswith("Zur Stärkung der Migrations- und Integrationsarbeit")
    assert decision.text.endswith("(20.000 EUR pro Jahr)\n\neingesetzt.")
    assert decision.source == Source(
        SourceKind.DECISION,
        "Beschluss der Ratsversammlung am 31. März 2021",
        title="Gesamtkonzept zur Integration der Migrant*innen ergänzen und umsetzen",
        date=D(2021, 3, 31),
        locator="„Der Antrag wurde im Sinne der gemeinsamen Neufassung von Grünen uznd Linken "
        "beschlossen“",
    )


def test_own_fixture_with_draft_split_and_report() -> None:
    data = read_budget([fixture_file("haushalt_2023.txt")])
    e = Money.of
    # The motion's "Verstetigung", the decision's "Einsatz" and "Fortbildung" all concern the
    # mediators (one vocabulary topic) but name different things: three purposes, none filed
    # under another's title.
    verstetigung = "verstetigung-der-sprach-und-integrationsmittlung"
    einsatz = "einsatz-der-sprach-und-integrationsmittler-innen"
    fortbildung = "fortbildung-der-sprach-und-integrationsmittler"
    assert [(p.id, p.title, p.title_en) for p in data.purposes] == [
        (verstetigung, "Verstetigung der Sprach- und Integrationsmittlung", ""),
        (einsatz, "Einsatz der Sprach- und Integrationsmittler/-innen", ""),
        (fortbildung, "Fortbildung der Sprach- und Integrationsmittler/-innen", ""),
    ]
    k = "aenderungsantrag-dhh-2023-24"
    draft = "Begründung: „Entwurf des Doppelhaushaltes 2023/24 sind 20.000 € p.a. eingestellt“"
    assert [
        (line.id, line.fiscal_year, line.purpose, line.phase, line.amount, line.source.locator)
        for line in data.budget_lines
    ] == [
        (
            f"{k}-2023-{verstetigung}-beantragt",
            2023,
            verstetigung,
            P.REQUESTED,
            e(40000),
            "Antragstext: „im Jahr 2023 40.000 EUR“",
        ),
        (
            f"{k}-2024-{verstetigung}-beantragt",
            2024,
            verstetigung,
            P.REQUESTED,
            e(45000),
            "Antragstext: „im Jahr 2024 45.000 EUR“",
        ),
        (f"{k}-2023-{verstetigung}-entwurf", 2023, verstetigung, P.DRAFT, e(20000), draft),
        (f"{k}-2024-{verstetigung}-entwurf", 2024, verstetigung, P.DRAFT, e(20000), draft),
        (
            f"{k}-2023-{einsatz}-beschlossen",
            2023,
            einsatz,
            P.ADOPTED,
            e(40000),
            "„2023: 40.000 EUR“",
        ),
        (
            f"{k}-2024-{einsatz}-beschlossen",
            2024,
            einsatz,
            P.ADOPTED,
            e(45000),
            "„2024: 45.000 EUR“",
        ),
        (
            f"{k}-2023-{fortbildung}-beschlossen",
            2023,
            fortbildung,
            P.ADOPTED,
            e(10000),
            "„10.000 EUR pro Jahr“",
        ),
        (
            f"{k}-2024-{fortbildung}-beschlossen",
            2024,
            fortbildung,
            P.ADOPTED,
            e(10000),
            "„10.000 EUR pro Jahr“",
        ),
        (f"{k}-2023-{einsatz}-verwendet", 2023, einsatz, P.ACTUAL, e(38500), "„2023: 38.500 EUR“"),
        (
            f"{k}-2023-{fortbildung}-verwendet",
            2023,
            fortbildung,
            P.ACTUAL,
            e(10000),
            "„2023: 10.000 EUR“",
        ),
    ]
    (paper,) = data.papers
    assert paper.decision == Decision(
        body="Ratsversammlung",
        date=D(2023, 4, 19),
        kind="geändert beschlossen",
        vote_text="Der Antrag wurde geändert beschlossen",
        text=(
            "Für die Sprach- und Integrationsmittlung werden 2023: 50.000 EUR; 2024: 55.000 EUR "
            "bereitgestellt.\n\nDiese werden für:\n\n"
            "• den Einsatz der Sprach- und Integrationsmittler/-innen (2023: 40.000 EUR; 2024: "
            "45.000 EUR),\n"
            "• die Fortbildung der Sprach- und Integrationsmittler/-innen (10.000 EUR pro Jahr)"
            "\n\neingesetzt."
        ),
        source=Source(
            SourceKind.DECISION,
            "Beschluss der Ratsversammlung am 19. April 2023",
            title="Sprach- und Integrationsmittlung verstetigen",
            date=D(2023, 4, 19),
            locator="„Der Antrag wurde geändert beschlossen“",
        ),
    )
    view = budget_view(data.budget_lines, BudgetPeriod((2023, 2024)))
    assert view.actual_minus_plan(2023) == e(-1500)
    assert view.difference(P.ADOPTED, P.DRAFT, 2024) == e(35000)


def _moved(first: InputFile, name: str) -> InputFile:
    """The fixture moved to the Doppelhaushalt 2025/26, as another file."""
    return InputFile(
        name,
        first.data.replace(b"2023/24", b"2025/26")
        .replace(b"2023", b"2025")
        .replace(b"2024", b"2026"),
    )


def test_line_ids_do_not_depend_on_the_other_files_or_the_path() -> None:
    first = fixture_file("haushalt_2023.txt")
    alone = [line.id for line in read_budget([first]).budget_lines]
    elsewhere = InputFile("/home/someone/ablage/haushalt_2023.txt", first.data)
    assert [line.id for line in read_budget([elsewhere]).budget_lines] == alone
    second = _moved(first, "anderer.txt")
    data = read_budget([first, second])
    ids = [line.id for line in data.budget_lines]
    assert ids[: len(alone)] == alone
    assert ids[0] == (
        "aenderungsantrag-dhh-2023-24-2023-verstetigung-der-sprach-und-integrationsmittlung-"
        "beantragt"
    )
    assert ids[-1] == (
        "aenderungsantrag-dhh-2025-26-2025-fortbildung-der-sprach-und-integrationsmittler-verwendet"
    )
    assert all("txt" not in line_id and "/" not in line_id for line_id in ids)
    assert len(data.papers) == 2


def test_a_reference_in_the_text_names_the_lines() -> None:
    text = (
        fixture_file("haushalt_2023.txt")
        .data.decode()
        .replace(
            "Änderungsantrag zum Entwurf des Doppelhaushaltes 2023/24\n",
            "Änderungsantrag-Nr. VII-HP-01234\n\nÄnderungsantrag zum Entwurf des Doppelhaushaltes "
            "2023/24\n",
        )
    )
    data = read_budget([InputFile("hp.txt", text.encode())])
    assert data.papers[0].reference == "VII-HP-01234"
    assert data.budget_lines[0].id == (
        "VII-HP-01234-2023-verstetigung-der-sprach-und-integrationsmittlung-beantragt"
    )


def test_the_same_lines_from_two_files_are_refused_with_the_line() -> None:
    first = fixture_file("haushalt_2023.txt")
    # Another heading for the same Doppelhaushalt: another paper, but the same line ids.
    second = InputFile(
        "kopie.txt",
        first.data.replace(
            b"Doppelhaushaltes 2023/24",
            b"Doppelhaushalts 2023/24",
        ),
    )
    with pytest.raises(ParseError) as caught:
        read_budget([first, second])
    assert str(caught.value) == (
        "kopie.txt, Zeile 5: Haushaltszeile „aenderungsantrag-dhh-2023-24-2023-verstetigung-der-"
        "sprach-und-integrationsmittlung-beantragt“ gibt es schon aus haushalt_2023.txt: "
        "derselbe Antrag oder Beschluss zweimal?"
    )


# --- errors ------------------------------------------------------------------------------------

_HEAD = "Titel\n\nÄnderungsantrag zum Entwurf des Doppelhaushaltes 2021/22\n\n"


def refused(text: str, name: str = "antrag.txt") -> str:
    with pytest.raises(ParseError) as caught:
        read_budget([InputFile(name, text.encode())])
    assert caught.value.location is not None
    assert caught.value.location.file == name
    return str(caught.value)


def test_a_split_that_does_not_add_up_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        read_budget([fixture_file("haushalt_summe_falsch.txt")])
    assert str(caught.value) == (
        "haushalt_summe_falsch.txt, Zeile 11: die Aufteilung für 2021 ergibt 70.000,00 €, "
        "genannt sind 80.000,00 € („im Jahr 2021 zusätzlich 80.000 EUR“)"
    )
    assert caught.value.value == "im Jahr 2021 zusätzlich 80.000 EUR"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Nur ein Text ohne Überschrift.\n",
            "antrag.txt, Zeile 1: kein Haushaltsantrag erkannt: erwartet eine Überschrift wie "
            "„Änderungsantrag zum Entwurf des Doppelhaushaltes 2021/22“ oder „Beschluss der "
            "Ratsversammlung am 31. März 2021“",
        ),
        (
            "Titel\n\nÄnderungsantrag zum Entwurf des Doppelhaushaltes 2020/21\n",
            "antrag.txt, Zeile 3: „2020/21“ ist kein Leipziger Doppelhaushalt (2019/20, 2021/22, "
            "2023/24, …)",
        ),
        (
            "Titel\n\nÄnderungsantrag zum Entwurf des Doppelhaushaltes 2021/23\n",
            "antrag.txt, Zeile 3: „2021/23“ ist kein Doppelhaushalt aus zwei aufeinanderfolgenden "
            "Jahren",
        ),
        (
            _HEAD + "Es werden 80.000 € zur Verfügung gestellt.\n",
            "antrag.txt, Zeile 5: Betrag „80.000 €“ ohne Jahresangabe (erwartet z. B. „30.000 EUR "
            "im Jahr 2021“, „2021: 30.000 EUR“ oder „30.000 EUR pro Jahr“)",
        ),
        (
            "Titel\n\nBeschluss der Ratsversammlung am 31. März 2021\n\nDer Antrag wurde "
            "beschlossen:\n\nEs werden 80.000 € p.a. bereitgestellt.\n",
            "antrag.txt, Zeile 7: „80.000 € p.a.“: für welche Jahre? Kein Doppelhaushalt und kein "
            "Jahr genannt",
        ),
        (
            "Titel\n\nBeschluss der Ratsversammlung am 31. Februar 2021\n\nbeschlossen\n",
            "antrag.txt, Zeile 3: „31. Februar 2021“ ist kein gültiges Datum",
        ),
        (
            "Titel\n\nBeschluss der Ratsversammlung am 31. März 2021\n\nEs werden im Jahr 2021 "
            "80.000 EUR bereitgestellt.\n",
            "antrag.txt, Zeile 3: „Beschluss der Ratsversammlung am 31. März 2021“: das Ergebnis "
            "(beschlossen, abgelehnt, …) fehlt",
        ),
        (
            _HEAD + "Es werden zur Umsetzung 80.000 € p.a. bereitgestellt.\n\nBegründung:\n"
            "Im Entwurf des Doppelhaushaltes 2021/22 sind 20.000 € p.a. eingestellt.\n\n"
            "Beschluss der Ratsversammlung am 31. März 2021\n\nDer Antrag wurde beschlossen:\n\n"
            "Es werden im Jahr 2021 zusätzlich 60.000 EUR bereitgestellt.\n\nDiese werden für:\n"
            "• Vereine (im Jahr 2021 40.000 EUR)\n• Fachtage (im Jahr 2021 20.000 EUR)\n",
            "antrag.txt, Zeile 17: „im Jahr 2021 40.000 EUR“: zusätzlich zu einem "
            "Entwurf von 20.000,00 € – der Gesamtbetrag für 2021 ist nicht eindeutig",
        ),
        (
            _HEAD + "Es werden zur Umsetzung zusätzlich 20.000 € p.a. bereitgestellt.\n",
            "antrag.txt, Zeile 5: „20.000 € p.a.“: zusätzlich wozu? Für 2021 nennt der Text "
            "keinen Betrag im Entwurf – der Gesamtbetrag ist nicht bekannt",
        ),
        (
            "Titel\n\nÄnderungsantrag zum Entwurf des Doppelhaushaltes 1949/50\n",
            "antrag.txt, Zeile 3: „1949/50“ ist kein Haushaltsjahr (erwartet 1990 bis 2200)",
        ),
        (
            _HEAD + "Es werden zur Umsetzung im Jahr 1950 30.000 EUR bereitgestellt.\n",
            "antrag.txt, Zeile 5: „1950“ ist kein Haushaltsjahr (erwartet 1990 bis 2200)",
        ),
        (
            "Titel\n\nBeschluss der Ratsversammlung am 31. März 2021\n\nDer Antrag wurde "
            "beschlossen.\n\nBericht zum Stand der Umsetzung vom 20.07.2022\n\nDie Mittel wurden "
            "in den HH-Jahren 1950 und 1951 wie folgt verwendet:\n\n• Vereine > 1.000 EUR pro "
            "Jahr\n",
            "antrag.txt, Zeile 9: „1950“ ist kein Haushaltsjahr (erwartet 1990 bis 2200)",
        ),
        (
            "Titel\n\nBeschluss der Ratsversammlung am 31. März 2021\n\nDer Antrag wurde "
            "beschlossen.\n\nEs werden im Jahr 2021 10.000 EUR bereitgestellt.\n\nDiese werden "
            "für:\n• (2021: 10.000 EUR)\n",
            "antrag.txt, Zeile 10: „(2021: 10.000 EUR)“ nennt keinen Zweck vor den Beträgen",
        ),
        (
            _HEAD + "Es werden zur Umsetzung 80.000 € p.a. bereitgestellt.\n\nBegründung:\n"
            "Im Jahr 2019/20 waren es 60.000 Euro. Anfang 2020 wurde einem Puffer von 20.000 "
            "zugestimmt.\n",
            "antrag.txt, Zeile 8: „Anfang 2020 wurde einem Puffer von 20.000 zugestimmt“: Puffer "
            "ohne Ausgangsbetrag für 2020 (erwartet z. B. „im Entwurf des Doppelhaushaltes "
            "2019/20 eingestellten 60.000 Euro“)",
        ),
        (
            _HEAD + "Es werden zur Umsetzung 80.000 € p.a. bereitgestellt.\n\nBegründung:\n"
            "Die im Entwurf des Doppelhaushaltes 2019/20 eingestellten 60.000 Euro reichten nicht; "
            "Anfang 2020 wurde einem Puffer von 20.000 zugestimmt. Im Entwurf des "
            "Doppelhaushaltes 21/22 ist dieses Budget zusammen 90.000 Euro komplett gestrichen.\n",
            "antrag.txt, Zeile 8: „Entwurf des Doppelhaushaltes 21/22 ist dieses Budget zusammen "
            "90.000 Euro komplett gestrichen“: „zusammen 90.000“ passt nicht zu den genannten "
            "Beträgen (80.000,00 €)",
        ),
        (
            _HEAD + "Es werden zur Umsetzung 2021: 10.000 EUR; 2021: 20.000 EUR bereitgestellt.\n",
            "antrag.txt, Zeile 5: das Jahr 2021 hat zwei Summen",
        ),
    ],
)
def test_unreadable_budget_texts_are_refused(text: str, message: str) -> None:
    assert refused(text) == message


def test_an_addition_to_a_draft_of_the_same_purpose_gives_the_whole_amount() -> None:
    text = (
        "Sprachmittlung\n\nÄnderungsantrag zum Entwurf des Doppelhaushaltes 2021/22\n\n"
        "Dem Referat für Migration und Integration werden zur Sprach- und Integrationsmittlung "
        "zusätzlich 20.000 € p.a. bereitgestellt.\n\nBegründung:\nIm Entwurf des "
        "Doppelhaushaltes 2021/22 sind 30.000 € p.a. eingestellt.\n\n"
        "Beschluss der Ratsversammlung am 31. März 2021\n\nDer Antrag wurde beschlossen:\n\n"
        "Es werden im Jahr 2021 zusätzlich 10.000 EUR bereitgestellt.\n"
    )
    data = read_budget([InputFile("antrag.txt", text.encode())])
    found = [
        (line.fiscal_year, line.purpose, line.phase, line.amount, line.note)
        for line in data.budget_lines
    ]
    note = "Entwurf 30.000,00 € + zusätzlich {}"
    assert found == [
        (2021, "sprachmittlung", P.REQUESTED, Money.of(50000), note.format("20.000,00 €")),
        (2022, "sprachmittlung", P.REQUESTED, Money.of(50000), note.format("20.000,00 €")),
        (2021, "sprachmittlung", P.DRAFT, Money.of(30000), ""),
        (2022, "sprachmittlung", P.DRAFT, Money.of(30000), ""),
        (2021, "sprachmittlung", P.ADOPTED, Money.of(40000), note.format("10.000,00 €")),
    ]
    assert [(p.id, p.title) for p in data.purposes] == [
        ("sprachmittlung", "Sprach- und Integrationsmittlung")
    ]


@pytest.mark.parametrize(
    ("sentence", "purpose"),
    [
        (
            "Dem Referat für Migration und Integration werden für die Sprachmittlung zusätzlich "
            "zum Ansatz 20.000 € p.a. bereitgestellt.",
            ("sprachmittlung", "Sprachmittlung"),
        ),
        # No noun phrase names a purpose ("zum Ansatz" is a budget figure): the title does.
        ("Es werden zusätzlich zum Ansatz 20.000 € p.a. bereitgestellt.", ("titel", "Titel")),
    ],
)
def test_the_purpose_is_a_noun_phrase_never_a_budget_word(
    sentence: str, purpose: tuple[str, str]
) -> None:
    text = (
        f"{_HEAD}{sentence}\n\nBegründung:\nIm Entwurf des Doppelhaushaltes 2021/22 sind "
        "0 € p.a. eingestellt.\n"
    )
    data = read_budget([InputFile("antrag.txt", text.encode())])
    assert [(p.id, p.title) for p in data.purposes] == [purpose]
    assert {line.amount for line in data.budget_lines if line.phase is P.REQUESTED} == {
        Money.of(20000)
    }


def test_amounts_in_a_draft_stay_draft_amounts() -> None:
    """Nothing the text says stood "im Entwurf" becomes adopted."""
    for data in (read_budget([fixture_file("haushalt_2023.txt")]),):
        for line in data.budget_lines:
            if "Entwurf" in line.source.locator:
                assert line.phase in (P.DRAFT, P.REVISED), line


def test_the_seed_keeps_its_draft_amounts_as_draft(seed_000: Dataset) -> None:
    phases = {line.phase for line in seed_000.budget_lines if "Entwurf" in line.source.locator}
    assert phases == {P.DRAFT}


# --- amount phrases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years", "expected"),
    [
        (
            "80.000 € p.a.",
            (2021, 2022),
            [(2021, 80000, "80.000 € p.a."), (2022, 80000, "80.000 € p.a.")],
        ),
        (
            "(30.000 EUR pro Jahr)",
            (2021, 2022),
            [(2021, 30000, "30.000 EUR pro Jahr"), (2022, 30000, "30.000 EUR pro Jahr")],
        ),
        (
            "(30.000 EUR im Jahr 2021 und 50.000 EUR im Jahr 2022)",
            (),
            [(2021, 30000, "30.000 EUR im Jahr 2021"), (2022, 50000, "50.000 EUR im Jahr 2022")],
        ),
        (
            "> 2021: 30.000 EUR; 2022: 50.000 EUR",
            (),
            [(2021, 30000, "2021: 30.000 EUR"), (2022, 50000, "2022: 50.000 EUR")],
        ),
        (
            "werden im Jahr 2021 zusätzlich 80.000 EUR und im Jahr 2022 zusätzlich 100.000 EUR "
            "bereit gestellt",
            (),
            [
                (2021, 80000, "im Jahr 2021 zusätzlich 80.000 EUR"),
                (2022, 100000, "im Jahr 2022 zusätzlich 100.000 EUR"),
            ],
        ),
        ("keine Beträge, nur das Jahr 2021", (2021,), []),
        (
            "12.345,67 Euro jährlich",
            (2023,),
            [(2023, Money.of("12345.67"), "12.345,67 Euro jährlich")],
        ),
    ],
)
def test_every_amount_phrase(
    text: str, years: tuple[int, ...], expected: list[tuple[int, object, str]]
) -> None:
    found = [(item.year, item.amount, item.phrase) for item in year_amounts(text, years, "t.txt")]
    assert found == [
        (year, amount if isinstance(amount, Money) else Money.of(amount), phrase)  # type: ignore[arg-type]
        for year, amount, phrase in expected
    ]


def _cents(n: int) -> Money:
    return Money.of(Decimal(n).scaleb(-2))


_amounts = st.integers(min_value=0, max_value=99_999_999).map(_cents)


def _german(amount: Money) -> str:
    euros, cents = divmod(int(amount.amount * 100), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return grouped if cents == 0 else f"{grouped},{cents:02d}"


@settings(max_examples=150, deadline=None)
@given(
    first=st.integers(min_value=1995, max_value=2150),
    amounts=st.lists(_amounts, min_size=2, max_size=2),
    form=st.sampled_from(["colon", "year_first", "amount_first", "extra"]),
    currency=st.sampled_from(["€", "EUR", "Euro"]),
)
def test_amount_phrases_read_back_what_was_written(
    first: int, amounts: list[Money], form: str, currency: str
) -> None:
    years = (first, first + 1)
    parts = []
    for year, amount in zip(years, amounts, strict=True):
        written = f"{_german(amount)} {currency}"
        parts.append(
            {
                "colon": f"{year}: {written}",
                "year_first": f"im Jahr {year} {written}",
                "amount_first": f"{written} im Jahr {year}",
                "extra": f"im Jahr {year} zusätzlich {written}",
            }[form]
        )
    text = "Es werden " + " und ".join(parts) + " bereitgestellt."
    found = year_amounts(text, (), "p.txt")
    assert [(item.year, item.amount) for item in found] == list(zip(years, amounts, strict=True))


@settings(max_examples=150, deadline=None)
@given(
    amount=_amounts,
    years=st.lists(
        st.integers(min_value=1990, max_value=2199), min_size=1, max_size=3, unique=True
    ),
    marker=st.sampled_from(["p.a.", "pro Jahr", "jährlich", "je Jahr"]),
)
def test_per_year_phrases_apply_to_every_year_of_the_context(
    amount: Money, years: list[int], marker: str
) -> None:
    found = year_amounts(f"({_german(amount)} € {marker})", years, "p.txt")
    assert [(item.year, item.amount) for item in found] == [(year, amount) for year in years]
    assert all(isinstance(item, YearAmount) for item in found)


@settings(max_examples=100, deadline=None)
@given(
    shares=st.lists(st.integers(min_value=0, max_value=9_999_999), min_size=1, max_size=4),
    error=st.integers(min_value=-500_000, max_value=500_000),
)
def test_a_split_is_accepted_exactly_when_it_adds_up(shares: list[int], error: int) -> None:
    stated = sum(shares) + error
    if stated < 0:
        return
    bullets = "\n".join(
        f"  • Zweck Nummer {chr(65 + index)} ({_german(_cents(share))} EUR im Jahr 2021),"
        for index, share in enumerate(shares)
    )
    text = (
        "Titel\n\nBeschluss der Ratsversammlung am 31. März 2021\n\nDer Antrag wurde beschlossen:"
        f"\n\nEs werden im Jahr 2021 {_german(_cents(stated))} EUR bereitgestellt.\n\n"
        f"Diese werden für:\n\n{bullets}\n"
    )
    files = [InputFile("split.txt", text.encode())]
    if error == 0:
        data = read_budget(files)
        lines: tuple[BudgetLine, ...] = data.budget_lines
        view = budget_view(lines, BudgetPeriod((2021, 2022)))
        assert view.total(P.ADOPTED, 2021) == _cents(stated)
        assert len(lines) == len(shares)
    else:
        with pytest.raises(ParseError, match="die Aufteilung für 2021 ergibt"):
            read_budget(files)


def test_seed_001_press_release_holds_no_budget_text(seeds: Path) -> None:
    name = "001_8d55a049f73025ad.txt"
    with pytest.raises(ParseError) as caught:
        read_budget([InputFile(name, (seeds / name).read_bytes())])
    assert str(caught.value).startswith(f"{name}, Zeile 1: kein Haushaltsantrag erkannt: ")
