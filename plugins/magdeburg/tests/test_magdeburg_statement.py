"""The importer ``magdeburg-statement``: contract, seed 004, own fixtures, broken input,
and a property over generated statements."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from integrationkonzept_magdeburg import profile, statement
from integrationkonzept_magdeburg.statement import read_statements

from integrationkonzept import example
from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import Location, ParseError
from integrationkonzept.model import (
    BudgetCadence,
    Dataset,
    Milestone,
    Organization,
    PaperRelation,
    PlannedDate,
    Question,
    RelationKind,
    Section,
    Source,
    SourceKind,
)
from integrationkonzept.plugins import registry
from integrationkonzept.testing.contracts import ImporterContract

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _file(name: str) -> InputFile:
    return InputFile(name, (FIXTURES / name).read_bytes())


def _read(*names: str) -> Dataset:
    return registry().importer("magdeburg-statement").read([_file(name) for name in names])


class TestMagdeburgStatementImporter(ImporterContract):
    importer_name = "magdeburg-statement"

    def valid_inputs(self) -> Sequence[Sequence[InputFile]]:
        return [
            [_file("stellungnahme_befragung.txt")],
            [_file("stellungnahme_leerzeichen.txt")],
            [_file("stellungnahme_befragung.txt"), _file("stellungnahme_leerzeichen.txt")],
        ]

    def invalid_inputs(self) -> Sequence[tuple[Sequence[InputFile], str]]:
        good = (FIXTURES / "stellungnahme_befragung.txt").read_bytes()
        return [
            ([_file("kaputt_ohne_nummer.txt")], "Zeile 9: Kopf: Stellungnahme-Nr. fehlt"),
            ([_file("kaputt_datum.txt")], "„31.02.2020“ ist kein gültiges Datum"),
            ([_file("kaputt_frage.txt")], "Zeile 34: „Zur Frage 3)“ beantwortet Frage 3"),
            ([InputFile("leer.txt", b"")], "leer.txt, Zeile 1: die Datei ist leer"),
            ([InputFile("brief.txt", b"Sehr geehrte Damen und Herren")], "fehlt"),
            (
                [InputFile("nummer.txt", good.replace(b"S0142/21", b"S142/21"))],
                "Zeile 9: Kopf: Stellungnahme-Nr.: „S142/21“",
            ),
            (
                [InputFile("drucksache.txt", good.replace(b"S0142/21", b"DS0142/21"))],
                "„DS0142/21“ ist keine Stellungnahme-Nr.",
            ),
            (
                [InputFile("anfrage.txt", good.replace(b"F0087/21 Fraktion", b"F87/21 Fraktion"))],
                "Zeile 11: Kopf: zum/zur: „F87/21“",
            ),
        ]


# --- seed 004 ---------------------------------------------------------------------------------

S0518 = "S0518/19"
STATEMENT_TITLE = "Stellungnahme der Verwaltung: Integrationskonzept"


def _statement_source(locator: str) -> Source:
    return Source(SourceKind.PAPER, S0518, STATEMENT_TITLE, dt.date(2019, 11, 28), locator)


def test_seed_statement_paper(seed_statement: Path) -> None:
    data = read_statements([InputFile(seed_statement.name, seed_statement.read_bytes())])
    assert data.municipality == profile.MUNICIPALITY
    assert data.budget_cadence == BudgetCadence(1, 2022)
    assert data.concept is None
    assert data.organizations == (Organization("v-02", "Stadtamt V/02", kind="Amt"),)
    statement = data.paper(S0518)
    assert statement is not None
    assert statement.kind == "Stellungnahme"
    assert statement.title == "Integrationskonzept"
    assert statement.submitter == "Stadtamt V/02"
    assert statement.date == dt.date(2019, 11, 28)
    assert statement.status == "öffentlich"
    assert statement.distribution == "Der Oberbürgermeister"
    assert statement.distributed == dt.date(2019, 12, 10)
    assert statement.relations == (
        PaperRelation(RelationKind.ANSWERS, "F0310/19"),
        PaperRelation(RelationKind.RELATED, "DS0590/18"),
    )
    assert statement.source == Source(
        SourceKind.PAPER, S0518, STATEMENT_TITLE, dt.date(2019, 11, 28)
    )
    assert statement.sections == (
        Section("Bearbeitung", "Bearb.: Frau Wien/ Herr Dr. Gottschalk\nTel.: 540 3104"),
    )
    assert [(q.number, q.text) for q in statement.questions] == [
        ("1", "Wie weit ist dieser Prozess fortgeschritten?"),
        (
            "2",
            "Bis wann wird dem Stadtrat ein solches Integrationskonzept, welches konkrete "
            "Integrationsmaßnahmen sowie einen Zeit- und Finanzierungsplan beinhaltet, "
            "vorgelegt werden?",
        ),
    ]
    first, second = (q.answer for q in statement.questions)
    assert first.startswith("Die am 21.02.2019 beschlossenen „Integrationspolitischen Leitlinien")
    assert first.endswith(
        "im neuen Beirat für Integration und Migration der Landeshauptstadt Magdeburg."
    )
    assert (
        "\n- Profile und Maßnahmen zur Integration erfasst,\n- Herausforderungen identifiziert,"
        in first
    )
    assert first.count("\n\n") == 6
    assert second.startswith("Es besteht der Anspruch einer umfassenden Einbeziehung")
    assert second.endswith("frühestens im Juni 2020 öffentlich eingebracht werden können.")
    assert second.count("\n\n") == 5
    assert "Bearb." not in second


def test_seed_inquiry_paper(seed_statement: Path) -> None:
    data = read_statements([InputFile(seed_statement.name, seed_statement.read_bytes())])
    inquiry = data.paper("F0310/19")
    assert inquiry is not None
    assert inquiry.kind == "Anfrage"
    assert inquiry.title == "Integrationskonzept"
    assert inquiry.submitter == "Fraktion GRÜNE/future! Stadträtin Julia Mayer-Buch"
    assert inquiry.date == dt.date(2019, 11, 18)
    assert inquiry.relations == (PaperRelation(RelationKind.RELATED, "DS0590/18"),)
    assert inquiry.source == Source(
        SourceKind.PAPER,
        "F0310/19",
        "Anfrage: Integrationskonzept",
        dt.date(2019, 11, 18),
        "wiedergegeben in S0518/19 (eingebracht im Stadtrat)",
    )
    (section,) = inquiry.sections
    assert section.title == "Anfrage"
    assert section.text.startswith("„Am 21.02.2019 wurden mit der Drucksache DS0590/18")
    assert "bis Oktober 2019" in section.text
    assert [p.reference for p in data.papers] == [S0518, "F0310/19"]


def test_seed_milestones(seed_statement: Path) -> None:
    data = read_statements([InputFile(seed_statement.name, seed_statement.read_bytes())])
    events = [m for m in data.milestones if m.actual is not None]
    assert [(m.id, m.actual, m.title, m.paper) for m in events] == [
        (
            "s0518-19-2018-04-10",
            dt.date(2018, 4, 10),
            "Beschlussfassung zum dezernatsübergreifenden „Projekt Integrationskonzept 2020 – "
            "2023“",
            None,
        ),
        (
            "s0518-19-2018-04-11",
            dt.date(2018, 4, 11),
            "Beginn: Arbeitsprozess im Rahmen der thematischen Handlungsfelder zur Projektstruktur",
            None,
        ),
        (
            "s0518-19-2019-02-21",
            dt.date(2019, 2, 21),
            "„Integrationspolitischen Leitlinien der Landeshauptstadt Magdeburg“ beschlossen",
            "DS0590/18",
        ),
        (
            "s0518-19-2019-06-19",
            dt.date(2019, 6, 19),
            "Information zum „Integrationskonzept 2020 – 2023“ im Ausschuss für Gesundheit und "
            "Soziales",
            None,
        ),
        (
            "s0518-19-2019-11-27",
            dt.date(2019, 11, 27),
            "Information zum „Integrationskonzept 2020 – 2023“ im neuen Beirat für Integration "
            "und Migration der Landeshauptstadt Magdeburg",
            None,
        ),
    ]
    assert [m.actual_source for m in events] == [
        _statement_source(
            "Zur Frage 1: „Nach verwaltungsinterner Beschlussfassung zum dezernatsübergreifenden "
            "„Projekt Integrationskonzept 2020 – 2023“ am 10.04.2018“"
        ),
        _statement_source(
            "Zur Frage 1: „verläuft der Arbeitsprozess im Rahmen der thematischen Handlungsfelder "
            "zur Projektstruktur seit dem 11.04.2018 kontinuierlich“"
        ),
        _statement_source(
            "Zur Frage 1: „Die am 21.02.2019 beschlossenen „Integrationspolitischen Leitlinien der "
            "Landeshauptstadt Magdeburg“ (Drucksache DS0590/18) sind als ein wesentlicher "
            "Meilenstein und notwendiger Bezugspunkt im Gesamtprojekt „Integrationskonzept 2020 – "
            "2023“ anzusehen und Ergebnis eines umfangreichen Diskussionsprozesses unter "
            "Einbeziehung von Zielgruppen“"
        ),
        _statement_source(
            "Zur Frage 1: „Eine Information zum „Integrationskonzept 2020 – 2023“ erfolgte am "
            "19.06.2019 im Ausschuss für Gesundheit und Soziales“"
        ),
        _statement_source(
            "Zur Frage 1: „am 27.11.2019 im neuen Beirat für Integration und Migration der "
            "Landeshauptstadt Magdeburg“"
        ),
    ]
    (plan,) = [m for m in data.milestones if m.planned is not None]
    assert plan == Milestone(
        id="s0518-19-plan-1",
        title="Finalisierung eines Integrationskonzeptes",
        planned=PlannedDate(2019, 10),
        planned_source=Source(
            SourceKind.PAPER,
            "F0310/19",
            "Anfrage: Integrationskonzept",
            dt.date(2019, 11, 18),
            "„Auf Basis dieser Leitlinien sollte die Finalisierung eines Integrationskonzeptes bis "
            "Oktober 2019 erfolgen“",
        ),
        revisions=plan.revisions,
    )
    (revision,) = plan.revisions
    assert revision.revised_on == dt.date(2019, 11, 28)
    assert revision.new_date == PlannedDate(2020, 6, earliest=True)
    assert revision.source == _statement_source(
        "Zur Frage 2: „Die Drucksache zum „Integrationskonzept 2020 – 2023“ wird nach jetzigem "
        "Kenntnisstand frühestens im Juni 2020 öffentlich eingebracht werden können“"
    )
    assert revision.reasons == (
        "Es besteht der Anspruch einer umfassenden Einbeziehung der Zielgruppen, Gremien und "
        "Akteure.",
        "Die Fluktuation in Gremien der Integrationsarbeit ist bei der zeitlichen Realisierung des "
        "Projektes zu berücksichtigen gewesen (z. B. Neubestellung des Beirates für Integration "
        "und Migration mit dem Integrationsbeauftragten, Neugründung von Migrantenorganisationen, "
        "teils Auflösung der Willkommensbündnisse und Änderungen in der Träger- und "
        "Akteurslandschaft).",
        "Aufgrund von Terminüberschneidungen mit anderen zentralen Veranstaltungen mussten "
        "Veranstaltungstermine verschoben werden.",
        "Wegen einer eingeschränkten spezifischen Datenlage erweist sich die Erfassung und "
        "Aufbereitung statistischer Angaben als Herausforderung, die zu Verzögerungen führt.",
        "Aktuelle gesetzliche Neuregelungen (Migrationspaket) sowie Ergebnisse des jetzt "
        "parallelen Arbeitsprozesses zum Landesintegrationskonzept Sachsen-Anhalt sollen auch "
        "Berücksichtigung finden können.",
    )


def test_seed_milestones_agree_with_the_example_data(seed_statement: Path) -> None:
    """Same dates, plan, revision and number of reasons as ``data/magdeburg.json``."""
    imported = read_statements([InputFile(seed_statement.name, seed_statement.read_bytes())])
    known = example("magdeburg")
    assert sorted(m.actual for m in imported.milestones if m.actual) == sorted(
        m.actual for m in known.milestones if m.actual and m.planned is None
    )
    (ours,) = [m for m in imported.milestones if m.planned is not None]
    (theirs,) = [m for m in known.milestones if m.planned is not None]
    assert ours.planned == theirs.planned
    assert ours.planned_source is not None
    assert theirs.planned_source is not None
    assert ours.planned_source.reference == theirs.planned_source.reference
    assert ours.planned_source.date == theirs.planned_source.date
    assert [(r.revised_on, r.new_date, len(r.reasons)) for r in ours.revisions] == [
        (r.revised_on, r.new_date, len(r.reasons)) for r in theirs.revisions
    ]
    assert [r.source.reference for r in ours.revisions if r.source] == [
        r.source.reference for r in theirs.revisions if r.source
    ]
    leitlinien = next(m for m in imported.milestones if m.paper == "DS0590/18")
    assert leitlinien.actual == next(m.actual for m in known.milestones if m.paper == "DS0590/18")
    for paper in ("S0518/19", "F0310/19"):
        ours_paper, theirs_paper = imported.paper(paper), known.paper(paper)
        assert ours_paper is not None
        assert theirs_paper is not None
        assert (ours_paper.kind, ours_paper.submitter, ours_paper.date, ours_paper.title) == (
            theirs_paper.kind,
            theirs_paper.submitter,
            theirs_paper.date,
            theirs_paper.title,
        )


# --- own fixtures -----------------------------------------------------------------------------


def test_fixture_with_tabs_and_two_questions() -> None:
    data = _read("stellungnahme_befragung.txt")
    statement = data.paper("S0142/21")
    assert statement is not None
    assert (statement.submitter, statement.date, statement.title, statement.status) == (
        "Stadtamt V/02",
        dt.date(2021, 4, 14),
        "Befragung von Menschen mit Migrationshintergrund",
        "öffentlich",
    )
    assert (statement.distribution, statement.distributed) == (
        "Der Oberbürgermeister",
        dt.date(2021, 4, 20),
    )
    assert statement.relations == (
        PaperRelation(RelationKind.ANSWERS, "F0087/21"),
        PaperRelation(RelationKind.RELATED, "DS0321/20"),
    )
    assert statement.questions == (
        Question(
            "1",
            "Wie viele Personen wurden befragt und wann fand die Befragung statt?",
            "Die Befragung wurde am 2. November 2020 begonnen und am 11.12.2020 abgeschlossen. "
            "Angeschrieben wurden 3.000 zufällig ausgewählte Personen; 812 Fragebögen kamen "
            "zurück.\n\nDie Auswertung der Fragebögen erfolgte ab dem 04.01.2021 durch das Amt "
            "für Statistik. Grundlage ist der Beschluss zur Drucksache DS0321/20.",
        ),
        Question(
            "2",
            "Wann werden die Ergebnisse dem Stadtrat vorgelegt?",
            "Die Übersetzung des Fragebogens in zwölf Sprachen hat mehr Zeit beansprucht als "
            "geplant.\n\nWegen der Kontaktbeschränkungen konnten persönliche Interviews erst "
            "später geführt werden.\n\nDer Bericht zur Befragung wird dem Stadtrat "
            "voraussichtlich im September 2021 als Informationsvorlage vorgelegt.",
        ),
    )
    inquiry = data.paper("F0087/21")
    assert inquiry is not None
    assert (inquiry.kind, inquiry.submitter, inquiry.date) == (
        "Anfrage",
        "Fraktion Beispiel Stadtrat Peter Platzhalter",
        dt.date(2021, 3, 25),
    )
    assert [(m.actual, m.title) for m in data.milestones if m.actual] == [
        (dt.date(2020, 11, 2), "Befragung begonnen"),
        (dt.date(2020, 12, 11), "Befragung abgeschlossen"),
        (dt.date(2021, 1, 4), "Beginn: Auswertung der Fragebögen durch das Amt für Statistik"),
    ]
    (plan,) = [m for m in data.milestones if m.planned]
    assert plan.title == "Ergebnisse der Befragung von Menschen mit Migrationshintergrund"
    assert plan.planned == PlannedDate(2021, 1)
    assert plan.planned_source == Source(
        SourceKind.PAPER,
        "F0087/21",
        "Anfrage: Befragung von Menschen mit Migrationshintergrund",
        dt.date(2021, 3, 25),
        "„die Ergebnisse der Befragung von Menschen mit Migrationshintergrund bis Ende Januar "
        "2021 vorzulegen“",
    )
    (revision,) = plan.revisions
    assert (revision.revised_on, revision.new_date) == (dt.date(2021, 4, 14), PlannedDate(2021, 9))
    assert revision.reasons == (
        "Die Übersetzung des Fragebogens in zwölf Sprachen hat mehr Zeit beansprucht als geplant.",
        "Wegen der Kontaktbeschränkungen konnten persönliche Interviews erst später geführt "
        "werden.",
    )
    assert revision.source is not None
    assert revision.source.locator == (
        "Zur Frage 2: „Der Bericht zur Befragung wird dem Stadtrat voraussichtlich im September "
        "2021 als Informationsvorlage vorgelegt“"
    )


def test_fixture_with_spaces_answering_a_motion() -> None:
    data = _read("stellungnahme_leerzeichen.txt")
    statement = data.paper("S0061/19")
    assert statement is not None
    assert (statement.submitter, statement.date, statement.title) == (
        "Stadtamt V/02",
        dt.date(2019, 3, 7),
        "Sprach- und Integrationsmittler für die Stadtteile",
    )
    assert (statement.distribution, statement.distributed) == (
        "Der Oberbürgermeister",
        dt.date(2019, 3, 12),
    )
    assert statement.relations == (PaperRelation(RelationKind.POSITION_ON, "A0070/19"),)
    assert statement.questions == ()
    assert [s.title for s in statement.sections] == ["Stellungnahme", "Bearbeitung"]
    motion = data.paper("A0070/19")
    assert motion is not None
    assert (motion.kind, motion.submitter, motion.date) == (
        "Antrag",
        "Fraktion Beispiel Stadträtin Erika Platzhalter",
        dt.date(2019, 2, 14),
    )
    assert [(m.actual, m.title) for m in data.milestones if m.actual] == [
        (dt.date(2018, 10, 1), "Pool der Sprach- und Integrationsmittler eingerichtet"),
        (dt.date(2019, 1, 15), "Beginn: 14 Mittlerinnen und Mittler für 9 Sprachen zur Verfügung"),
    ]
    (plan,) = [m for m in data.milestones if m.planned]
    assert (
        plan.title
        == "Konzept für den Einsatz von Sprach- und Integrationsmittlern in den Stadtteilen"
    )
    assert plan.planned == PlannedDate(2019, 6, 30)
    assert plan.planned_source is not None
    assert plan.planned_source.title == "Antrag: Sprach- und Integrationsmittler für die Stadtteile"
    (revision,) = plan.revisions
    assert (revision.revised_on, revision.new_date, revision.reasons) == (
        dt.date(2019, 3, 7),
        PlannedDate(2019, 9, 30),
        ("Die Abstimmung mit den Stadtteilbüros ist noch nicht abgeschlossen.",),
    )


def test_spaces_and_tabs_give_the_same_header() -> None:
    text = (FIXTURES / "stellungnahme_befragung.txt").read_text(encoding="utf-8")
    spaced = text.replace("\t\t", "          ").replace("\t", "     ")
    assert "\t" not in spaced
    assert read_statements([InputFile("a.txt", spaced.encode())]) == _read(
        "stellungnahme_befragung.txt"
    )


def test_windows_encoding_and_line_breaks_are_read() -> None:
    text = (FIXTURES / "stellungnahme_befragung.txt").read_text(encoding="utf-8")
    data = text.replace("\n", "\r\n").encode("cp1252")
    assert read_statements([InputFile("w.txt", data)]) == _read("stellungnahme_befragung.txt")


def test_two_statements_make_one_data_set() -> None:
    data = _read("stellungnahme_befragung.txt", "stellungnahme_leerzeichen.txt")
    assert [p.reference for p in data.papers] == ["S0142/21", "F0087/21", "S0061/19", "A0070/19"]
    assert len(data.milestones) == 4 + 3
    assert data.organizations == (Organization("v-02", "Stadtamt V/02", kind="Amt"),)
    same = _read("stellungnahme_befragung.txt", "stellungnahme_befragung.txt")
    assert same == _read("stellungnahme_befragung.txt")


@pytest.mark.parametrize(
    ("name", "line", "value", "message"),
    [
        (
            "kaputt_ohne_nummer.txt",
            9,
            "V/02 14.04.2021",
            "Kopf: Stellungnahme-Nr. fehlt in „V/02 14.04.2021“",
        ),
        (
            "kaputt_datum.txt",
            9,
            "31.02.2020",
            "Kopf: Datum: „31.02.2020“ ist kein gültiges Datum",
        ),
        (
            "kaputt_frage.txt",
            34,
            "Zur Frage 3)",
            "„Zur Frage 3)“ beantwortet Frage 3, die in der Anfrage nicht gestellt wurde "
            "(gestellt: 1, 2)",
        ),
    ],
)
def test_broken_fixtures_name_file_line_and_value(
    name: str, line: int, value: str, message: str
) -> None:
    with pytest.raises(ParseError) as caught:
        _read(name)
    assert caught.value.location == Location(name, line)
    assert caught.value.value == value
    assert caught.value.message == message
    assert str(caught.value) == f"{name}, Zeile {line}: {message}"


def _replace(old: str, new: str) -> InputFile:
    text = (FIXTURES / "stellungnahme_befragung.txt").read_text(encoding="utf-8")
    assert old in text
    return InputFile("geaendert.txt", text.replace(old, new).encode())


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "Bezeichnung\t\t\nBefragung von Menschen mit Migrationshintergrund\t\t\n",
            "",
            "Kopf: „Bezeichnung“ fehlt",
        ),
        ("zum/zur\t\t\n", "", "Kopf: „zum/zur“ (die beantwortete Anfrage) fehlt"),
        ("20.04.2021", "32.04.2021", "Kopf: Verteiler: „32.04.2021“ ist kein gültiges Datum"),
        ("am 11.12.2020", "am 31.11.2020", "Zeile 30: „31.11.2020“ ist kein gültiges Datum"),
        ("Am 25.03.2021", "Am 25.13.2021", "Zeile 17: „25.13.2021“ ist kein gültiges Datum"),
        (
            "Zur Frage 2)",
            "Zur Frage 1)",
            "Zeile 34: Frage 1 wird zweimal beantwortet (zuerst in Zeile 28)",
        ),
        ("2. Wann werden", "1. Wann werden", "Frage 1 steht zweimal in der Anfrage"),
        ("F0087/21 Fraktion", "S0142/21 Fraktion", "verweist unter „zum/zur“ auf sich selbst"),
        (
            "im September 2021",
            "im September 2301",
            "Zeile 40: „September 2301“: das Jahr 2301 liegt nicht zwischen 1990 und 2200",
        ),
        ("V/02\tS0142/21", "V/02\tS0142/21\t01.01.2021", "Kopf: mehrere Angaben für Datum"),
    ],
)
def test_bad_parts_are_refused(old: str, new: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_statements([_replace(old, new)])
    assert message in str(caught.value)
    assert caught.value.location is not None
    assert caught.value.location.file == "geaendert.txt"


def test_no_files_is_an_error() -> None:
    with pytest.raises(ParseError, match="mindestens eine Datei"):
        read_statements([])


def test_the_cadence_comes_from_the_profile() -> None:
    assert _read("stellungnahme_befragung.txt").budget_cadence == (
        registry().profile("magdeburg").budget_cadence
    )
    assert profile.PROFILE.budget_cadence == BudgetCadence(1, 2022)


# --- what the review of the plugin found ------------------------------------------------------


def test_decomposed_umlauts_read_as_composed(seed_statement: Path) -> None:
    """Seed 004 with every umlaut decomposed (NFD, as some PDF extractors write it) reads as the
    seed itself: status „öffentlich“, the revision „frühestens im Juni 2020“."""
    text = seed_statement.read_text(encoding="utf-8")
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    composed = read_statements([InputFile(seed_statement.name, text.encode())])
    decomposed = read_statements([InputFile(seed_statement.name, nfd.encode())])
    s0518 = decomposed.paper(S0518)
    assert s0518 is not None
    assert s0518.status == "öffentlich"
    (plan,) = [m for m in decomposed.milestones if m.planned is not None]
    assert plan.revisions[0].new_date == PlannedDate(2020, 6, earliest=True)
    assert decomposed == composed


def test_decomposed_month_names_are_read() -> None:
    data = read_statements(
        [_replace("im September 2021", unicodedata.normalize("NFD", "im März 2022"))]
    )
    (plan,) = [m for m in data.milestones if m.planned]
    assert [r.new_date for r in plan.revisions] == [PlannedDate(2022, 3)]


def test_control_characters_are_dropped() -> None:
    """A control character from a PDF extraction does not break a header label."""
    data = read_statements([_replace("Bezeichnung\t", "Bezeich\x00nung\x07\t")])
    assert data == _read("stellungnahme_befragung.txt")


def test_a_two_digit_year_in_the_header_follows_the_core_rule() -> None:
    data = read_statements([_replace("V/02\tS0142/21\t14.04.2021", "V/02\tS0142/21\t14.04.21")])
    statement_paper = data.paper("S0142/21")
    assert statement_paper is not None
    assert statement_paper.date == dt.date(2021, 4, 14)


@pytest.mark.parametrize(
    ("old", "new", "line", "value", "message"),
    [
        (
            "14.04.2021",
            "14.04.1989",
            9,
            "14.04.1989",
            "Kopf: Datum: „14.04.1989“: das Jahr 1989 liegt nicht zwischen 1990 und 2200",
        ),
        (
            "20.04.2021",
            "20.04.2201",
            15,
            "20.04.2201",
            "Kopf: Verteiler: „20.04.2201“: das Jahr 2201 liegt nicht zwischen 1990 und 2200",
        ),
        (
            "Am 25.03.2021",
            "Am 25.03.1989",
            17,
            "25.03.1989",
            "„25.03.1989“: das Jahr 1989 liegt nicht zwischen 1990 und 2200",
        ),
        (
            "am 11.12.2020",
            "am 11.12.0001",
            30,
            "11.12.0001",
            "„11.12.0001“: das Jahr 1 liegt nicht zwischen 1990 und 2200",
        ),
    ],
)
def test_years_outside_the_model_are_refused_where_they_stand(
    old: str, new: str, line: int, value: str, message: str
) -> None:
    with pytest.raises(ParseError) as caught:
        read_statements([_replace(old, new)])
    assert caught.value.location == Location("geaendert.txt", line)
    assert caught.value.value == value
    assert caught.value.message == message


def test_a_statement_answering_itself_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        read_statements([_replace("F0087/21 Fraktion", "S0142/21 Fraktion")])
    assert caught.value.location == Location("geaendert.txt", 11)


def test_an_unexpected_model_error_still_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last resort: a ValueError of a model validator becomes a German ParseError that names
    the file."""

    def refuse(name: str, text: str) -> None:
        raise ValueError("title: must not be empty")

    monkeypatch.setattr(statement, "parse_statement", refuse)
    with pytest.raises(ParseError) as caught:
        _read("stellungnahme_befragung.txt")
    assert caught.value.location == Location("stellungnahme_befragung.txt")
    assert caught.value.message == (
        "Stellungnahme nicht lesbar (unerwarteter Fehler: title: must not be empty)"
    )


# --- generated statements ---------------------------------------------------------------------

_SUBJECTS = ("Integrationskonzept", "Sprachkurse für Erwachsene", "Beirat für Integration")
_OFFICES = ("V/02", "III/01", "Amt 50")


@st.composite
def statements(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A statement in Magdeburg's layout and what must be read from it."""
    day = draw(st.dates(dt.date(2005, 1, 1), dt.date(2035, 12, 31)))
    number = f"S{draw(st.integers(1, 9999)):04d}/{day.year % 100:02d}"
    inquiry = f"F{draw(st.integers(1, 9999)):04d}/{day.year % 100:02d}"
    office = draw(st.sampled_from(_OFFICES))
    subject = draw(st.sampled_from(_SUBJECTS))
    sep = draw(st.sampled_from(["\t", "    "]))
    asked = draw(st.integers(1, 4))
    events = draw(st.lists(st.dates(dt.date(2000, 1, 1), day), min_size=0, max_size=4, unique=True))
    lines = [
        "Landeshauptstadt Magdeburg",
        "Stellungnahme der Verwaltung",
        "öffentlich",
        f"Stadtamt{sep}Stellungnahme-Nr.{sep}Datum",
        f"{office}{sep}{number}{sep}{day:%d.%m.%Y}",
        "zum/zur",
        f"{inquiry} Fraktion Beispiel",
        "Bezeichnung",
        subject,
        f"Verteiler{sep}{sep}Tag",
        f"Der Oberbürgermeister{sep}{sep}{day:%d.%m.%Y}",
        "",
        f"Am {day:%d.%m.%Y} wurde folgende Anfrage im Stadtrat eingebracht:",
        "",
        *[f"{n}. Was ist mit Punkt {n}?" for n in range(1, asked + 1)],
        "",
        "Die Verwaltung nimmt wie folgt Stellung:",
    ]
    answers = {}
    for n in range(1, asked + 1):
        mine = events[n - 1 :: asked]
        sentences = [f"Die Veranstaltung fand am {event:%d.%m.%Y} statt." for event in mine]
        answer = " ".join(sentences) or f"Zu Punkt {n} liegt nichts vor."
        answers[str(n)] = answer
        lines += ["", f"Zur Frage {n})", "", answer]
    lines += ["", "Bearb.: Herr Beispiel"]
    expected: dict[str, object] = {
        "number": number,
        "inquiry": inquiry,
        "office": f"Stadtamt {office}",
        "subject": subject,
        "date": day,
        "answers": answers,
        "events": sorted(events),
    }
    return "\n".join(lines) + "\n", expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=statements())
def test_generated_statements_are_read_back(case: tuple[str, dict[str, object]]) -> None:
    text, expected = case
    data = read_statements([InputFile("erzeugt.txt", text.encode())])
    statement = data.paper(str(expected["number"]))
    assert statement is not None
    assert (statement.submitter, statement.title, statement.date, statement.distributed) == (
        expected["office"],
        expected["subject"],
        expected["date"],
        expected["date"],
    )
    assert statement.relations[0] == PaperRelation(RelationKind.ANSWERS, str(expected["inquiry"]))
    assert {q.number: q.answer for q in statement.questions} == expected["answers"]
    assert sorted(m.actual for m in data.milestones if m.actual) == expected["events"]
    for milestone in data.milestones:
        assert milestone.title == "Veranstaltung"
        assert milestone.actual_source is not None
        assert milestone.actual_source.reference == expected["number"]
    inquiry = data.paper(str(expected["inquiry"]))
    assert inquiry is not None
    assert inquiry.date == expected["date"]


_PIECES = st.sampled_from(
    [
        "",
        "\n",
        "\t",
        "  ",
        "Zur Frage 1)",
        "Zur Frage 9)",
        "1. ",
        "am 31.12.2019 ",
        "am 31.02.2019",
        "bis Oktober 2019",
        "frühestens im Juni 2020",
        "seit dem 1. Mai 2018",
        "„",
        "“",
        ", und am 02.02.2020 ",
        "Bearb.: ",
        "DS0583/21",
        "S0001/19",
        "Verteiler",
        "zum/zur",
        "Bezeichnung",
        "Am 01.01.2019 wurde folgende Anfrage im Stadtrat eingebracht:",
        "nimmt wie folgt Stellung",
        "Januar 0000",
        "Dezember 9999",
        "am 01.01.0001",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 40), _PIECES | st.text(max_size=8)),
        max_size=6,
    ),
    base=st.sampled_from(["stellungnahme_befragung.txt", "stellungnahme_leerzeichen.txt"]),
)
def test_damaged_statements_never_crash(edits: list[tuple[int, int, str]], base: str) -> None:
    """Edits of a real statement (cuts, insertions of structure words and dates) either read or
    are refused with a located ParseError, never another exception."""
    text = (FIXTURES / base).read_text(encoding="utf-8")
    for position, cut, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut :]
    try:
        data = text.encode("utf-8", "surrogatepass")
    except UnicodeEncodeError:
        return
    location: Location | None = Location("beschaedigt.txt")
    try:
        read_statements([InputFile("beschaedigt.txt", data)])
    except ParseError as exc:
        location = exc.location
    assert location is not None
    assert location.file == "beschaedigt.txt"
