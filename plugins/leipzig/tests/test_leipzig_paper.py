"""The importer ``leipzig-paper``: fixtures and seeds with exact values, errors, the contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from integrationkonzept_leipzig.decisions import DECISION_KINDS, decision_kind
from integrationkonzept_leipzig.paper import read_papers
from leipzig_support import FIXTURES, SEED_NF, SEED_VSP, fixture_file, seed_dir

from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError
from integrationkonzept.model import (
    BudgetLine,
    BudgetPhase,
    Consultation,
    Decision,
    FileInfo,
    Money,
    Paper,
    PaperRelation,
    Purpose,
    Question,
    RelationKind,
    Section,
    Source,
    SourceKind,
    VoteResult,
)
from integrationkonzept.plugins import registry
from integrationkonzept.testing.contracts import ImporterContract

D = dt.date


def read(*names: str) -> list[Paper]:
    return list(read_papers([fixture_file(name) for name in names]).papers)


def read_text(text: str, name: str = "vorlage.txt") -> list[Paper]:
    return list(read_papers([InputFile(name, text.encode())]).papers)


def refused(name: str, text: str | bytes) -> ParseError:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(ParseError) as caught:
        read_papers([InputFile(name, data)])
    return caught.value


class TestLeipzigPaperImporter(ImporterContract):
    importer_name = "leipzig-paper"

    def valid_inputs(self) -> list[list[InputFile]]:
        return [
            [fixture_file("neufassung_antrag.txt")],
            [fixture_file("antwort_anfrage.txt")],
            [fixture_file("beschlussvorlage_finanzen.txt")],
            [fixture_file("alt_verwaltungsstandpunkt.txt"), fixture_file("alt_einzeilig.txt")],
        ]

    def invalid_inputs(self) -> list[tuple[list[InputFile], str]]:
        return [
            ([fixture_file("kaputt_datum.txt")], "„31.02.2023“ ist kein gültiges Datum"),
            ([fixture_file("kaputt_ohne_nummer.txt")], "ohne Vorlagennummer"),
            ([fixture_file("kaputt_aktenzeichen.txt")], "unbekannter Typ „X“"),
            ([fixture_file("kaputt_summe.txt")], "stimmt nicht mit den Zeilen überein"),
            ([InputFile("leer.txt", b"")], "die Datei ist leer"),
        ]


# --- the current layout ------------------------------------------------------------------------

_NF_TITLE = (
    "Sprach- und Integrationsmittlung sichern: Einsatz der Sprach- und "
    "Integrationsmittler/-innen in Kitas und Schulen ausweiten"
)


def test_neufassung_antrag_with_stammbaum_wrapped_betreff_and_beratungsfolge() -> None:
    (paper,) = read("neufassung_antrag.txt")
    assert paper == Paper(
        reference="VII-A-04711-NF-02",
        kind="Neufassung Antrag",
        title=_NF_TITLE,
        submitter="Fraktion DIE LINKE, Fraktion BÜNDNIS 90/DIE GRÜNEN",
        status="öffentlich",
        consultations=(
            Consultation("Migrantenbeirat", D(2023, 3, 8), "Vorberatung"),
            Consultation("Fachausschuss Allgemeine Verwaltung", D(2023, 3, 14), "Vorberatung"),
            Consultation("Fachausschuss Soziales, Gesundheit und Vielfalt", None, "Vorberatung"),
            Consultation("Jugendparlament", D(2023, 3, 15), "zur Kenntnisnahme"),
            Consultation("Ratsversammlung", D(2023, 4, 19), "Beschlussfassung"),
        ),
        relations=(
            PaperRelation(RelationKind.REVISES, "VII-A-04711"),
            PaperRelation(RelationKind.RELATED, "VII-A-04711-NF-01"),
            PaperRelation(RelationKind.RELATED, "VII-A-04711-VSP-01"),
            PaperRelation(RelationKind.RELATED, "VII-DS-06789"),
        ),
        sections=(
            Section(
                "Stammbaum",
                "VII-A-04711: Fraktion DIE LINKE\n"
                "VII-A-04711-NF-01: Fraktion DIE LINKE, Fraktion BÜNDNIS 90/DIE GRÜNEN\n"
                "VII-A-04711-VSP-01: Dezernat Allgemeine Verwaltung\n"
                "VII-A-04711-NF-02: Fraktion DIE LINKE, Fraktion BÜNDNIS 90/DIE GRÜNEN",
            ),
            Section(
                "Beschlussvorschlag",
                "1. Der Oberbürgermeister wird beauftragt, den Einsatz der kommunalen Sprach- und\n"
                "Integrationsmittler/-innen ab dem Schuljahr 2023/24 auf Kitas und Schulen "
                "auszuweiten.\n"
                "2. Über den Stand der Umsetzung wird dem Fachausschuss Allgemeine Verwaltung bis "
                "zum\n30.06.2024 berichtet.",
            ),
            Section(
                "Begründung",
                "Die Neufassung greift den Verwaltungsstandpunkt VII-A-04711-VSP-01 auf und "
                "ergänzt den\nBerichtsauftrag. Der Bedarf ist in der Beschlussvorlage "
                "VII-DS-06789 beschrieben.\n"
                "Kitas und Schulen fragen die Sprach- und Integrationsmittlung zunehmend nach.",
            ),
        ),
        source=Source(
            SourceKind.PAPER, "VII-A-04711-NF-02", title=_NF_TITLE, locator="neufassung_antrag.txt"
        ),
    )


def test_schriftliche_antwort_with_three_questions() -> None:
    (paper,) = read("antwort_anfrage.txt")
    assert paper.reference == "VII-F-05123-AW-01"
    assert paper.kind == "schriftliche Antwort zur Anfrage"
    assert paper.title == "Zweite Leipziger Migrantenbefragung: Rücklauf und Auswertung"
    assert paper.submitter == "Dezernat Allgemeine Verwaltung"
    assert paper.consultations == (
        Consultation("Ratsversammlung", D(2023, 5, 17), "schriftliche Beantwortung"),
    )
    assert paper.relations == (PaperRelation(RelationKind.ANSWERS, "VII-F-05123"),)
    assert paper.questions == (
        Question(
            "1",
            "Wie viele Personen wurden für die zweite Migrantenbefragung angeschrieben?",
            "Angeschrieben wurden rund 5.000 zufällig ausgewählte Personen.",
        ),
        Question(
            "2",
            "In welchen Sprachen und auf welchen Wegen konnten die Angeschriebenen\nteilnehmen?",
            "Die Befragung war online in 18 Sprachen möglich, außerdem telefonisch und\n"
            "als Live-Interview.",
        ),
        Question(
            "3",
            "Wann werden die Ergebnisse dem Stadtrat vorgestellt?",
            "Der Ergebnisbericht wird dem Migrantenbeirat und dem Fachausschuss Allgemeine\n"
            "Verwaltung im vierten Quartal vorgestellt.",
        ),
    )
    assert [s.title for s in paper.sections] == ["Stammbaum", "Sachverhalt"]
    assert paper.section("Sachverhalt") == Section("Sachverhalt", "Die SPD-Fraktion fragt an:")


def test_beschlussvorlage_with_financial_table_and_beschlussausfertigung() -> None:
    data = read_papers([fixture_file("beschlussvorlage_finanzen.txt")])
    (paper,) = data.papers
    title = "Förderrichtlinie für Migrantenselbstorganisationen und interkulturelle Vereine 2023/24"
    assert (paper.reference, paper.kind, paper.title) == ("VII-DS-06789", "Beschlussvorlage", title)
    assert [(c.body, c.date, c.role) for c in paper.consultations] == [
        ("Dienstberatung des Oberbürgermeisters", D(2023, 1, 24), "Bestätigung"),
        ("Migrantenbeirat", D(2023, 2, 8), "Vorberatung"),
        ("Fachausschuss Allgemeine Verwaltung", D(2023, 2, 14), "Vorberatung"),
        ("Ratsversammlung", D(2023, 3, 15), "Beschlussfassung"),
    ]
    assert [s.title for s in paper.sections] == [
        "Beschlussvorschlag",
        "Finanzielle Auswirkungen",
        "Sachverhalt",
    ]
    assert paper.decision == Decision(
        body="Ratsversammlung",
        date=D(2023, 3, 15),
        kind="ungeändert beschlossen",
        votes=VoteResult(45, 12, 3),
        vote_text="ungeändert beschlossen: 45 Ja-Stimmen, 12 Nein-Stimmen, 3 Enthaltungen",
        text="1. Die Ratsversammlung beschließt die Förderrichtlinie für\n"
        "Migrantenselbstorganisationen und interkulturelle Vereine (Anlage 1).\n"
        "2. Die Mittel werden im Budget des Referats für Migration und Integration "
        "bereitgestellt.",
        source=Source(
            SourceKind.DECISION,
            "VII-DS-06789",
            title=f"Beschlussausfertigung: {title}",
            date=D(2023, 3, 16),
            locator="beschlussvorlage_finanzen.txt: Beschlussausfertigung, zu TOP 12.4",
        ),
    )
    # The table states amounts per year: budget lines of the administration's draft.
    assert data.purposes == (
        Purpose(
            "mso",
            "Förderung von Migrantenselbstorganisationen und interkulturellen Vereinen",
            "Migrant self-organisations and intercultural associations",
        ),
        Purpose(
            "sprachmittlung", "Sprach- und Integrationsmittlung", "Language and cultural mediation"
        ),
    )
    rows = [
        (
            2023,
            "mso",
            "40000.00",
            "2023 | Förderung von Migrantenselbstorganisationen und "
            "interkulturellen Vereinen | 40.000,00 €",
        ),
        (
            2023,
            "sprachmittlung",
            "15000.00",
            "2023 | Sprach- und Integrationsmittlung | 15.000,00 €",
        ),
        (
            2024,
            "mso",
            "45000.00",
            "2024 | Förderung von Migrantenselbstorganisationen und "
            "interkulturellen Vereinen | 45.000,00 €",
        ),
        (
            2024,
            "sprachmittlung",
            "15000.00",
            "2024 | Sprach- und Integrationsmittlung | 15.000,00 €",
        ),
    ]
    assert data.budget_lines == tuple(
        BudgetLine(
            id=f"VII-DS-06789-{year}-{purpose}",
            fiscal_year=year,
            purpose=purpose,
            phase=BudgetPhase.DRAFT,
            amount=Money.of(amount),
            source=Source(
                SourceKind.PAPER,
                "VII-DS-06789",
                title=title,
                locator=f"beschlussvorlage_finanzen.txt, Finanzielle Auswirkungen: „{row}“",
            ),
        )
        for year, purpose, amount, row in rows
    )


# --- the older layouts -------------------------------------------------------------------------


def test_old_layout_one_field_per_line_with_file_metadata() -> None:
    (paper,) = read("alt_verwaltungsstandpunkt.txt")
    assert paper.reference == "VI-A-05432-VSP-01"
    assert paper.kind == "Verwaltungsstandpunkt"
    assert (
        paper.title == "Mehrsprachige Informationen zur Einbürgerung im Internetauftritt der Stadt"
    )
    assert paper.position == "Zustimmung mit Ergänzung"
    assert paper.consultations == (
        Consultation("Migrantenbeirat", D(2018, 3, 7), "Vorberatung"),
        Consultation("FA Allgemeine Verwaltung", D(2018, 3, 13), "Vorberatung"),
        Consultation("Ratsversammlung", D(2018, 4, 18), "Beschlussfassung"),
    )
    assert paper.relations == (PaperRelation(RelationKind.POSITION_ON, "VI-A-05432"),)
    assert paper.sections == (
        Section(
            "Rechtliche Konsequenzen",
            "Der gemäß Ursprungsantrag gefasste Beschluss wäre\nRechtswidrig und/oder\n"
            "Nachteilig für die Stadt Leipzig.",
        ),
        Section("Prüfung der Übereinstimmung mit den strategischen Zielen", "Weltoffene Stadt"),
        Section(
            "Begründung",
            "Die Verwaltung unterstützt das Anliegen. Ergänzend schlägt sie vor, die "
            "Informationen\nauch in Leichter Sprache anzubieten.",
        ),
    )
    assert paper.file == FileInfo(
        "Leipzig",
        "2345678.pdf",
        "88 kB",
        dt.datetime(2018, 2, 14, 12, 0),
        dt.datetime(2019, 5, 2, 9, 30),
    )


def test_old_layout_on_one_line_with_beschlussausfertigung() -> None:
    (paper,) = read("alt_einzeilig.txt")
    assert (paper.reference, paper.kind, paper.status) == ("VI-A-01999", "Antrag", "öffentlich")
    assert paper.submitter == "Migrantenbeirat"
    assert paper.title == "Dolmetschdienst für Beratungsstellen"
    assert paper.consultations == (
        Consultation("Migrantenbeirat", None, "1. Lesung"),
        Consultation("Fachausschuss Allgemeine Verwaltung", None, "1. Lesung"),
        Consultation("Ratsversammlung", None, "Beschlussfassung"),
    )
    assert paper.sections == (
        Section(
            "Beschluss",
            "1. Die Stadt Leipzig prüft den Aufbau eines Dolmetschdienstes für "
            "Beratungsstellen. 2. Der Migrantenbeirat wird beteiligt.",
        ),
        Section("Begründung", "Beratungsstellen brauchen verlässliche Sprachmittlung."),
    )
    assert paper.decision == Decision(
        body="Ratsversammlung",
        date=D(2015, 12, 16),
        kind="geändert beschlossen",
        votes=VoteResult(41, 9, 4),
        vote_text="geändert beschlossen Ja: 41 Nein: 9 Enthaltung: 4",
        text="1. Die Stadt Leipzig prüft den Aufbau eines Dolmetschdienstes für Beratungsstellen.",
        source=Source(
            SourceKind.DECISION,
            "VI-A-01999",
            title="Beschlussausfertigung: Dolmetschdienst für Beratungsstellen",
            date=D(2015, 12, 17),
            locator="alt_einzeilig.txt: Beschlussausfertigung, zu TOP 18.3",
        ),
    )
    assert paper.file == FileInfo(
        "Leipzig",
        "1122334.pdf",
        "131 kB",
        dt.datetime(2015, 11, 3, 12, 0),
        dt.datetime(2015, 12, 20, 8, 5),
    )


def test_several_files_give_several_papers_in_one_dataset() -> None:
    data = read_papers(
        [
            fixture_file("neufassung_antrag.txt"),
            fixture_file("antwort_anfrage.txt"),
            fixture_file("beschlussvorlage_finanzen.txt"),
        ]
    )
    assert [p.reference for p in data.papers] == [
        "VII-A-04711-NF-02",
        "VII-F-05123-AW-01",
        "VII-DS-06789",
    ]
    assert [p.source.locator for p in data.papers if p.source] == [
        "neufassung_antrag.txt",
        "antwort_anfrage.txt",
        "beschlussvorlage_finanzen.txt",
    ]
    assert data.municipality.ags == "14713000"
    assert (data.budget_cadence.years_per_period, data.budget_cadence.anchor_year) == (2, 2019)
    assert data.concept is None
    assert registry().importer("leipzig-paper").read is read_papers


# --- the seeds ---------------------------------------------------------------------------------


def test_seed_002_verwaltungsstandpunkt(seeds: Path) -> None:
    data = read_papers([InputFile(SEED_VSP, (seeds / SEED_VSP).read_bytes())])
    (paper,) = data.papers
    title = "Werkstattgespräche mit Migrantenselbstorganisationen und interkulturellen Vereinen"
    assert (paper.reference, paper.kind, paper.status) == (
        "VI-A-03824-VSP-01",
        "Verwaltungsstandpunkt",
        "öffentlich",
    )
    assert (paper.title, paper.submitter) == (title, "Dezernat Allgemeine Verwaltung")
    assert paper.consultations == (
        Consultation("FA Allgemeine Verwaltung", D(2017, 4, 18), "Vorberatung"),
        Consultation("Ratsversammlung", D(2017, 5, 17), "Beschlussfassung"),
    )
    assert paper.position == "Ablehnung, da bereits Verwaltungshandeln"
    assert paper.relations == (
        PaperRelation(RelationKind.POSITION_ON, "VI-A-03824"),
        PaperRelation(RelationKind.RELATED, "VI-DS-03306"),
    )
    assert [s.title for s in paper.sections] == [
        "Rechtliche Konsequenzen",
        "Prüfung der Übereinstimmung mit den strategischen Zielen",
        "Begründung",
    ]
    assert paper.sections[0].text == (
        "Der gemäß Ursprungsantrag gefasste Beschluss wäre\nRechtswidrig und/oder\n"
        "Nachteilig für die Stadt Leipzig."
    )
    assert paper.sections[1].text == "nicht relevant"
    begruendung = paper.sections[2].text
    assert begruendung.startswith("Mit seinem Antrag regt der Migrantenbeirat drei")
    assert begruendung.endswith("Handlungsfelder der Integrationsarbeit abdecken, entbehrlich.")
    assert "Für den ersten Workshop am 29.03.2017 zum Handlungsfeld „Politische Teilhabe“" in (
        begruendung.replace("\n", " ")
    )
    assert len(begruendung.splitlines()) == 30
    assert paper.file == FileInfo(
        "Leipzig",
        "1258473.pdf",
        "96 kB",
        dt.datetime(2017, 3, 8, 12, 0),
        dt.datetime(2018, 12, 6, 16, 12),
    )
    assert paper.decision is None
    assert paper.source == Source(
        SourceKind.PAPER, "VI-A-03824-VSP-01", title=title, locator=SEED_VSP
    )


def test_seed_003_neufassung_with_beschlussausfertigung(seeds: Path) -> None:
    data = read_papers([InputFile(SEED_NF, (seeds / SEED_NF).read_bytes())])
    (paper,) = data.papers
    title = "Einrichtung eines Willkommenszentrums für Geflüchtete und Migranten und Migrantinnen"
    assert (paper.reference, paper.kind, paper.status) == (
        "VI-A-01381-NF-003",
        "Neufassung",
        "öffentlich",
    )
    assert (paper.title, paper.submitter) == (title, "Fraktion Bündnis 90/Die Grünen")
    assert paper.consultations == (
        Consultation("Fachausschuss Allgemeine Verwaltung", None, "2. Lesung"),
        Consultation("Fachausschuss Jugend, Soziales, Gesundheit und Schule", None, "2. Lesung"),
        Consultation("Migrantenbeirat", None, "2. Lesung"),
        Consultation("Ratsversammlung", None, "Beschlussfassung"),
    )
    assert paper.relations == (PaperRelation(RelationKind.REVISES, "VI-A-01381"),)
    assert [s.title for s in paper.sections] == ["Beschluss", "Sachverhalt"]
    assert paper.sections[0].text.startswith("1. Die Stadt Leipzig baut bis Mitte 2016 ein")
    assert paper.sections[0].text.endswith(
        "6. Die Stadt Leipzig baut eine Internetplattform für das Willkommenszentrum auf."
    )
    assert paper.sections[1].text.startswith("Willkommenskultur hat in Leipzig viele Gesichter")
    assert paper.sections[1].text.endswith(
        "wie das heute schon auf der www.leipzig.de bedingt vorhanden ist."
    )
    decision = paper.decision
    assert decision is not None
    assert (decision.body, decision.date, decision.kind, decision.votes) == (
        "Ratsversammlung",
        D(2015, 11, 19),
        "",
        None,
    )
    assert decision.vote_text == "mehrheitlich angenommen bei einigen Gegenstimmen"
    assert decision.text.startswith(
        "1. Der Oberbürgermeister prüft die Einrichtung eines zentralen"
    )
    assert decision.text.endswith("unterstützen, stärken, vernetzten und bewerben kann.")
    assert decision.source == Source(
        SourceKind.DECISION,
        "VI-A-01381-NF-003",
        title=f"Beschlussausfertigung: {title}",
        date=D(2015, 11, 20),
        locator=f"{SEED_NF}: Beschlussausfertigung, zu TOP 15.2",
    )
    assert paper.file == FileInfo(
        "Leipzig",
        "1037382.pdf",
        "247 kB",
        dt.datetime(2015, 9, 16, 12, 0),
        dt.datetime(2016, 1, 10, 19, 15),
    )


def test_both_seeds_in_one_dataset(seeds: Path) -> None:
    files = [InputFile(name, (seeds / name).read_bytes()) for name in (SEED_VSP, SEED_NF)]
    data = read_papers(files)
    assert [p.reference for p in data.papers] == ["VI-A-03824-VSP-01", "VI-A-01381-NF-003"]


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "value", "message"),
    [
        (
            "kaputt_datum.txt",
            8,
            "31.02.2023",
            "kaputt_datum.txt, Zeile 8: Beratungsfolge: „31.02.2023“ ist kein gültiges Datum",
        ),
        (
            "kaputt_ohne_nummer.txt",
            1,
            "Antrag-Nr.",
            "kaputt_ohne_nummer.txt, Zeile 1: Kopfzeile „Antrag-Nr.“ ohne Vorlagennummer",
        ),
        (
            "kaputt_aktenzeichen.txt",
            1,
            "VII-X-04800",
            "kaputt_aktenzeichen.txt, Zeile 1: „VII-X-04800“ ist kein Leipziger "
            "Vorlagen-Aktenzeichen: unbekannter Typ „X“",
        ),
        (
            "kaputt_summe.txt",
            10,
            "Summe | | 11.000,00 €",
            "kaputt_summe.txt, Zeile 10: Finanzielle Auswirkungen: die Summe 11.000,00 € stimmt "
            "nicht mit den Zeilen überein (10.000,00 €)",
        ),
    ],
)
def test_broken_fixtures_name_file_line_and_value(
    name: str, line: int, value: str, message: str
) -> None:
    with pytest.raises(ParseError) as caught:
        read_papers([fixture_file(name)])
    error = caught.value
    assert str(error) == message
    assert error.location is not None
    assert (error.location.file, error.location.line, error.value) == (name, line, value)


_HEAD = "Antrag-Nr. VII-A-04800\nStatus: öffentlich\nBetreff: Test\n"


def test_no_header_at_all_is_refused() -> None:
    error = refused("brief.txt", "\n\nSehr geehrte Damen und Herren,\nbitte beachten Sie …\n")
    assert str(error) == (
        "brief.txt, Zeile 3: keine Kopfzeile mit Vorlagennummer gefunden (erwartet z. B. "
        "„Antrag-Nr. VII-A-01234“ oder „Verwaltungsstandpunkt Nr. VI-A-03824-VSP-01“)"
    )


def test_a_beratungsfolge_row_with_an_unknown_role_keeps_it_as_written() -> None:
    text = (
        _HEAD + "Beratungsfolge:\nGremium Termin Zuständigkeit\nRatsversammlung 19.04.2023 Feier\n"
    )
    (paper,) = read_text(text)
    assert paper.consultations == (Consultation("Ratsversammlung", D(2023, 4, 19), "Feier"),)


def test_a_beratungsfolge_row_without_a_body_is_refused() -> None:
    text = _HEAD + "Beratungsfolge:\nGremium Termin Zuständigkeit\n19.04.2023 Beschlussfassung\n"
    error = refused("v.txt", text)
    assert str(error) == "v.txt, Zeile 6: Beratungsfolge: „19.04.2023“ ist kein Gremium"


def test_two_ticked_positions_are_refused() -> None:
    text = (
        "Verwaltungsstandpunkt Nr. VI-A-03824-VSP-01\nStatus: öffentlich\nRechtliche Konsequenzen\n"
        "X Zustimmung\nX Ablehnung\nBegründung:\nText\n"
    )
    error = refused("vsp.txt", text)
    assert str(error) == (
        "vsp.txt, Zeile 5: Verwaltungsstandpunkt: mehrere Optionen angekreuzt "
        "(„Zustimmung“, „Ablehnung“)"
    )


def test_a_bad_file_date_and_a_bad_decision_date_are_refused() -> None:
    text = "Kommune\nLeipzig\nErstellt\n31.02.17, 12:00\n" + _HEAD
    assert str(refused("a.txt", text)) == (
        "a.txt, Zeile 4: Erstellt: „31.02.17, 12:00“ ist kein gültiges Datum"
    )
    text = (
        _HEAD
        + "BESCHLUSSAUSFERTIGUNG\nRatsversammlung vom 30.02.2023\nAbstimmungsergebnis: einstimmig\n"
    )
    assert str(refused("b.txt", text)) == "b.txt, Zeile 5: „30.02.2023“ ist kein gültiges Datum"


def test_an_ausfertigung_without_body_and_date_is_refused() -> None:
    text = _HEAD + "BESCHLUSSAUSFERTIGUNG\nirgendwann\nAbstimmungsergebnis: einstimmig\n"
    assert str(refused("c.txt", text)) == (
        "c.txt, Zeile 4: Beschlussausfertigung: „irgendwann“ nennt kein Gremium mit Datum "
        "(erwartet z. B. „Ratsversammlung vom 19.11.2015 zu 15.2 …“)"
    )


def test_an_answer_to_another_question_is_refused() -> None:
    text = _HEAD + "Frage 1:\nWarum?\nAntwort 2:\nDarum.\n"
    assert str(refused("d.txt", text)) == "d.txt, Zeile 6: Antwort 2 folgt auf Frage 1"


def test_the_same_paper_twice_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        read_papers(
            [
                fixture_file("neufassung_antrag.txt"),
                InputFile(
                    "kopie.txt",
                    (Path(__file__).parent / "fixtures" / "neufassung_antrag.txt").read_bytes(),
                ),
            ]
        )
    assert str(caught.value) == (
        "kopie.txt: Vorlage „VII-A-04711-NF-02“ kommt doppelt vor (schon in neufassung_antrag.txt)"
    )


# --- tolerance ---------------------------------------------------------------------------------


def test_questions_without_answer_labels_split_after_the_question_mark() -> None:
    (paper,) = read_text(_HEAD + "Frage 1: Wie viele?\nEs sind 12.\nFrage 2:\nUnd wann\ngenau?\n")
    assert paper.questions == (
        Question("1", "Wie viele?", "Es sind 12."),
        Question("2", "Und wann\ngenau?", ""),
    )


def test_windows_text_control_characters_na_and_repeated_headers() -> None:
    text = (
        "Antrag-Nr. VII-A-04800\r\nStatus: öffentlich\r\nEingereicht von: N/A\r\n"
        "Betreff: Mehrsprachige\x0c Elternabende\r\nBeratungsfolge:\r\n"
        "Gremium | Termin | Zuständigkeit\r\nMigrantenbeirat | N/A | Vorberatung\r\n"
        "Sachverhalt:\r\nErste Seite.\r\n2/3\r\nAntrag-Nr. VII-A-04800\r\nZweite Seite.\r\n"
    ).encode("cp1252")
    (paper,) = list(read_papers([InputFile("win.txt", text)]).papers)
    assert paper.submitter == ""
    assert paper.title == "Mehrsprachige Elternabende"
    assert paper.consultations == (Consultation("Migrantenbeirat", None, "Vorberatung"),)
    assert paper.sections == (Section("Sachverhalt", "Erste Seite.\nZweite Seite."),)


def test_a_file_may_hold_several_papers() -> None:
    text = (
        _HEAD
        + "Sachverhalt:\nEins.\nVerwaltungsstandpunkt Nr. VII-A-04800-VSP-01\n"
        + "Status: öffentlich\nX Zustimmung\n"
    )
    first, second = read_text(text)
    assert (first.reference, first.sections) == ("VII-A-04800", (Section("Sachverhalt", "Eins."),))
    assert (second.reference, second.position) == ("VII-A-04800-VSP-01", "Zustimmung")
    assert second.relations == (PaperRelation(RelationKind.POSITION_ON, "VII-A-04800"),)


def test_seed_001_press_release_is_no_council_paper(seeds: Path) -> None:
    name = "001_8d55a049f73025ad.txt"
    with pytest.raises(ParseError) as caught:
        read_papers([InputFile(name, (seeds / name).read_bytes())])
    assert str(caught.value) == (
        f"{name}, Zeile 1: keine Kopfzeile mit Vorlagennummer gefunden (erwartet z. B. "
        "„Antrag-Nr. VII-A-01234“ oder „Verwaltungsstandpunkt Nr. VI-A-03824-VSP-01“)"
    )
    assert caught.value.value == (
        "Mit der Migrantenbefragung wird nun ein wichtiger Baustein des im Januar fortges"
    )


def test_tests_with_seeds_are_skipped_when_the_seeds_are_missing(tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match="…/shared/seeds nicht vorhanden: Test mit"):
        seed_dir(tmp_path / "fehlt")


# --- the financial-effects table ---------------------------------------------------------------


def _table(rows: str, header: str = "Beschlussvorlage-Nr. VII-DS-06790") -> str:
    return (
        f"{header}\nStatus: öffentlich\nBetreff: Fachtag\nFinanzielle Auswirkungen:\n"
        f"Haushaltsjahr | Zweck | Betrag\n{rows}"
    )


def _lines(text: str) -> list[tuple[int, str, BudgetPhase, Money]]:
    data = read_papers([InputFile("t.txt", text.encode())])
    return [(line.fiscal_year, line.purpose, line.phase, line.amount) for line in data.budget_lines]


@pytest.mark.parametrize(
    ("rows", "line", "value"),
    [
        ("2023 | Fachtag | 8.000,00\n", 6, "8.000,00"),
        ("2023 | Fachtag | 8000\n", 6, "8000"),
        ("2023 | Fachtag | 8.000,00 €\nSumme | | 8.000,00\n", 7, "8.000,00"),
    ],
)
def test_a_number_without_currency_is_refused(rows: str, line: int, value: str) -> None:
    error = refused("t.txt", _table(rows))
    assert error.message.startswith(f"Finanzielle Auswirkungen: Betrag ohne Währung „{value}“ in")
    assert error.location is not None
    assert (error.location.file, error.location.line, error.value) == ("t.txt", line, value)


def test_thousands_of_euro_are_read_exactly() -> None:
    rows = "2023 | Fachtag | 40,5 T€\n2024 | Fachtag | 1.200 TEUR\nSumme | | 1.240,5 T€\n"
    assert _lines(_table(rows)) == [
        (2023, "fachtag", BudgetPhase.DRAFT, Money.of(40500)),
        (2024, "fachtag", BudgetPhase.DRAFT, Money.of(1200000)),
    ]
    error = refused("t.txt", _table("2023 | Fachtag | 0,000001 T€\n"))
    assert str(error) == (
        "t.txt, Zeile 6: Finanzielle Auswirkungen: „0,000001 T€“ ist kein Betrag in ganzen Cent"
    )


@pytest.mark.parametrize("label", ["Summe 2023/24", "Summe 2023–2024", "Summe 2023 und 2024"])
def test_a_sum_over_a_range_of_years_is_checked_against_every_year(label: str) -> None:
    rows = "2023 | Fachtag | 8.000,00 €\n2024 | Fachtag | 9.000,00 €\n2025 | Fachtag | 1.000,00 €\n"
    assert len(_lines(_table(f"{rows}{label} | | 17.000,00 €\n"))) == 3
    error = refused("t.txt", _table(f"{rows}{label} | | 8.000,00 €\n"))
    assert str(error) == (
        "t.txt, Zeile 9: Finanzielle Auswirkungen: die Summe 8.000,00 € stimmt nicht mit den "
        "Zeilen überein (17.000,00 €)"
    )


def test_the_fixture_sum_over_the_double_budget_is_checked() -> None:
    text = (
        (FIXTURES / "beschlussvorlage_finanzen.txt")
        .read_text()
        .replace("Summe | | 115.000,00 €", "Summe 2023/24 | | 115.000,00 €")
    )
    assert len(read_papers([InputFile("v.txt", text.encode())]).budget_lines) == 4
    bad = text.replace("Summe 2023/24 | | 115.000,00 €", "Summe 2023/24 | | 55.000,00 €")
    assert str(refused("v.txt", bad)) == (
        "v.txt, Zeile 24: Finanzielle Auswirkungen: die Summe 55.000,00 € stimmt nicht mit den "
        "Zeilen überein (115.000,00 €)"
    )


@pytest.mark.parametrize(
    ("header", "phase"),
    [
        ("Beschlussvorlage-Nr. VII-DS-06790", BudgetPhase.DRAFT),
        ("Neufassung Beschlussvorlage-Nr. VII-DS-06790-NF-01", BudgetPhase.DRAFT),
        ("Beschlussvorlage-Nr. VII-DS-00547-NF-01-DS-01", BudgetPhase.DRAFT),
        ("Antrag-Nr. VII-A-04800", BudgetPhase.REQUESTED),
        ("Haushaltsantrag-Nr. VII-HP-01234", BudgetPhase.REQUESTED),
        ("Änderungsantrag-Nr. VII-DS-06790-ÄA-01", BudgetPhase.REQUESTED),
        ("schriftliche Antwort zur Anfrage-Nr. VII-F-05123-AW-01", None),
        ("Verwaltungsstandpunkt-Nr. VII-A-04800-VSP-01", None),
        ("Informationsvorlage-Nr. VII-A-04800-Ifo-01", None),
        ("Anfrage-Nr. VII-F-05123", None),
        ("Petition-Nr. VII-P-00345", None),
    ],
)
def test_only_a_beschlussvorlage_drafts_and_only_a_motion_requests(
    header: str, phase: BudgetPhase | None
) -> None:
    text = _table("2023 | Fachtag | 8.000,00 €\n", header)
    data = read_papers([InputFile("t.txt", text.encode())])
    assert [line.phase for line in data.budget_lines] == ([phase] if phase else [])
    assert data.papers[0].section("Finanzielle Auswirkungen") == Section(
        "Finanzielle Auswirkungen", "Haushaltsjahr | Zweck | Betrag\n2023 | Fachtag | 8.000,00 €"
    )


def test_a_year_the_model_refuses_is_a_located_error() -> None:
    error = refused("t.txt", _table("1950 | Fachtag | 8.000,00 €\n"))
    assert str(error) == "t.txt, Zeile 6: „1950“ ist kein Haushaltsjahr (erwartet 1990 bis 2200)"
    error = refused("t.txt", _table("2023 | Fachtag | 8.000,00 €\nSumme 1950/51 | | 1,00 €\n"))
    assert str(error) == "t.txt, Zeile 7: „1950“ ist kein Haushaltsjahr (erwartet 1990 bis 2200)"


def test_rows_naming_one_topic_in_different_words_stay_apart() -> None:
    rows = (
        "2023 | Einsatz der Sprach- und Integrationsmittler | 8.000,00 €\n"
        "2023 | Fortbildung der Sprach- und Integrationsmittler | 2.000,00 €\n"
        "2024 | Einsatz der Sprach- und Integrationsmittler | 8.000,00 €\n"
    )
    data = read_papers([InputFile("t.txt", _table(rows).encode())])
    assert [(p.id, p.title) for p in data.purposes] == [
        (
            "einsatz-der-sprach-und-integrationsmittler",
            "Einsatz der Sprach- und Integrationsmittler",
        ),
        (
            "fortbildung-der-sprach-und-integrationsmittler",
            "Fortbildung der Sprach- und Integrationsmittler",
        ),
    ]


# --- the Beratungsfolge, row by row ------------------------------------------------------------


def test_a_body_whose_name_holds_a_role_word_is_one_row() -> None:
    text = (
        _HEAD + "Beratungsfolge (Änderungen vorbehalten):\n"
        "Gremium Voraussichtlicher Sitzungstermin Zuständigkeit\n"
        "Beirat für Information und Beteiligung 10.01.2023 Vorberatung\n"
        "Stadtbezirksbeirat Beratung und Information Vorberatung\n"
        "Ratsversammlung 17.05.2023 schriftliche\nBeantwortung\n"
    )
    (paper,) = read_text(text)
    assert paper.consultations == (
        Consultation("Beirat für Information und Beteiligung", D(2023, 1, 10), "Vorberatung"),
        Consultation("Stadtbezirksbeirat Beratung und Information", None, "Vorberatung"),
        Consultation("Ratsversammlung", D(2023, 5, 17), "schriftliche Beantwortung"),
    )


def test_one_cell_per_line_with_a_role_word_in_the_body() -> None:
    text = (
        "Verwaltungsstandpunkt Nr. VI-A-05432-VSP-01\nStatus: öffentlich\nBeratungsfolge:\n"
        "Gremium\nTermin\nZuständigkeit\nBeirat für Information\n07.03.2018\nVorberatung\n"
        "Ratsversammlung\n18.04.2018\nBeschlussfassung\nEingereicht von\nDezernat\n"
    )
    (paper,) = read_text(text)
    assert paper.consultations == (
        Consultation("Beirat für Information", D(2018, 3, 7), "Vorberatung"),
        Consultation("Ratsversammlung", D(2018, 4, 18), "Beschlussfassung"),
    )


def test_one_line_layout_with_a_role_word_in_the_body() -> None:
    text = (
        "Ratsversammlung Antrag Nr. VI-A-01999 Status: öffentlich Beratungsfolge: Gremium Termin "
        "Zuständigkeit Beirat für Information und Beteiligung 1. Lesung Ratsversammlung "
        "Beschlussfassung Eingereicht von Migrantenbeirat Betreff Dolmetschdienst\n"
    )
    (paper,) = read_text(text)
    assert paper.consultations == (
        Consultation("Beirat für Information und Beteiligung", None, "1. Lesung"),
        Consultation("Ratsversammlung", None, "Beschlussfassung"),
    )


# --- the Stammbaum -----------------------------------------------------------------------------


def test_stammbaum_reads_older_shapes_and_punctuation() -> None:
    text = (
        "Neufassung Antrag-Nr. VII-A-04711-NF-02\nStatus: öffentlich\nStammbaum:\n"
        "A-00196/14-VSP-001, Dezernat Allgemeine Verwaltung\nDS V/3943; Oberbürgermeister\n"
        "V/A 377/12: Fraktion DIE LINKE\n(VII-A-04711) Fraktion DIE LINKE\nBetreff:\nTest\n"
    )
    (paper,) = read_text(text)
    assert paper.section("Stammbaum") == Section(
        "Stammbaum",
        "A-00196/14-VSP-001: Dezernat Allgemeine Verwaltung\n"
        "DS V/3943: Oberbürgermeister\n"
        "V/A 377/12: Fraktion DIE LINKE\n"
        "VII-A-04711: Fraktion DIE LINKE",
    )
    assert paper.relations == (
        PaperRelation(RelationKind.REVISES, "VII-A-04711"),
        PaperRelation(RelationKind.RELATED, "A-00196/14-VSP-001"),
        PaperRelation(RelationKind.RELATED, "DS V/3943"),
        PaperRelation(RelationKind.RELATED, "V/A 377/12"),
    )


def test_a_broken_reference_in_the_stammbaum_is_refused() -> None:
    text = (
        "Antrag-Nr. VII-A-04711\nStatus: öffentlich\nStammbaum:\nVII-A-04711 Fraktion\n"
        "VII-X-04712, Fraktion\n"
    )
    assert str(refused("s.txt", text)) == (
        "s.txt, Zeile 5: „VII-X-04712“ ist kein Leipziger Vorlagen-Aktenzeichen: unbekannter "
        "Typ „X“"
    )


# --- decision kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vote", "kind"),
    [
        ("ungeändert beschlossen: 45 Ja-Stimmen, 12 Nein-Stimmen", "ungeändert beschlossen"),
        ("geändert beschlossen Ja: 41 Nein: 9", "geändert beschlossen"),
        ("Zur Kenntnis genommen", "zur Kenntnis genommen"),
        ("abgelehnt", "abgelehnt"),
        ("mit Änderungen beschlossen", "beschlossen"),
        ("im Sinne der gemeinsamen Neufassung beschlossen", "beschlossen"),
        ("nicht beschlossen", ""),
        ("mehrheitlich angenommen bei einigen Gegenstimmen", ""),
        ("vertagt", ""),
    ],
)
def test_decision_kinds_come_from_one_list(vote: str, kind: str) -> None:
    assert decision_kind(vote) == kind
    text = (
        _HEAD
        + f"BESCHLUSSAUSFERTIGUNG\nRatsversammlung vom 19.04.2023\nAbstimmungsergebnis: {vote}\n"
    )
    (paper,) = read_text(text)
    assert paper.decision is not None
    assert (paper.decision.kind, paper.decision.vote_text) == (kind, vote)
    assert kind == "" or kind in DECISION_KINDS or kind == "beschlossen"
