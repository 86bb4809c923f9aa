"""``integrationkonzept oparl …`` run as a user runs it: a separate process against 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from oparl_servers import FAKE_BASE, FixtureServer

from integrationkonzept.model.budget import BudgetLine, BudgetPhase, Purpose
from integrationkonzept.model.concept import Concept, Edition, Measure, Municipality
from integrationkonzept.model.dataset import Dataset
from integrationkonzept.model.money import Money
from integrationkonzept.model.periods import BudgetCadence
from integrationkonzept.model.source import Source, SourceKind
from integrationkonzept.serialize import dump, load

SRC = Path(__file__).resolve().parents[2] / "src"


def oparl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "integrationkonzept", "oparl", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def mapping(server: FixtureServer) -> str:
    return f"{FAKE_BASE}={server.origin}/oparl/v1.1/"


@pytest.fixture
def synced(tmp_path: Path, fixture_server: FixtureServer) -> Path:
    database = tmp_path / "oparl.sqlite3"
    result = oparl(
        "sync", FAKE_BASE + "system", "--db", str(database), "--map", mapping(fixture_server)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "organization: 3 Objekte auf 2 Seiten – vollständig",
        "person: 1 Objekte auf 1 Seiten – vollständig",
        "meeting: 3 Objekte auf 2 Seiten – vollständig",
        "paper: 6 Objekte auf 4 Seiten – vollständig",
        "agendaItem: 3 Objekte auf 2 Seiten – vollständig",
        "consultation: 1 Objekte auf 1 Seiten – vollständig",
        "Verweise nachgeladen: 1, nicht vorhanden (404): 1, Probleme: 1",
    ]
    assert f"Problem: {FAKE_BASE}body/1/paper: Eintrag ist kein Objekt" in result.stderr
    assert "Traceback" not in result.stderr
    return database


def test_stats_prints_counts_per_type(synced: Path) -> None:
    result = oparl("stats", "--db", str(synced))
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["objects"] == {
        "AgendaItem": {"total": 5, "deleted": 0},
        "Body": {"total": 1, "deleted": 0},
        "Consultation": {"total": 4, "deleted": 0},
        "Meeting": {"total": 3, "deleted": 0},
        "Organization": {"total": 3, "deleted": 0},
        "Paper": {"total": 6, "deleted": 0},
        "Person": {"total": 1, "deleted": 0},
        "System": {"total": 1, "deleted": 0},
    }
    assert (stats["missing"], stats["problems"]) == (1, 1)
    assert stats["last_run"]["status"] == "complete"
    assert {item["kind"] for item in stats["lists"]} >= {"paper", "meeting"}
    assert not any(item["in_progress"] for item in stats["lists"])


def test_papers_lists_and_selects(synced: Path) -> None:
    result = oparl("papers", "--db", str(synced))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    fortschreibung = (
        "BS-DS-0001/24  05.01.2024  Beschlussvorlage  Fortschreibung des Integrationskonzepts"
        "  → geändert beschlossen (40 Ja, 7 Nein, 7 Enthaltungen), Stadtrat 01.02.2024"
    )
    assert fortschreibung in lines
    assert len(lines) == 6
    # Newest first, undated ones last.
    days = [line.split("  ")[1] for line in lines]
    dated = [dt.datetime.strptime(day, "%d.%m.%Y").date() for day in days if day != "–"]
    assert dated == sorted(dated, reverse=True)
    assert days[len(dated) :] == ["–"] * (len(days) - len(dated))
    assert result.stderr.endswith("6 Vorlagen.\n")

    found = oparl("papers", "--db", str(synced), "--search", "turnhalle")
    assert found.stdout.splitlines() == [
        "BS-DS-0002/24  –  –  Sanierung der Turnhalle"
        "  → beschlossen (13 Ja, 0 Nein, 0 Enthaltungen), Stadtrat 01.02.2024"
    ]

    relevant = oparl("papers", "--db", str(synced), "--relevant")
    assert relevant.returncode == 0, relevant.stderr
    assert relevant.stdout.splitlines() == [
        fortschreibung,
        "    relevant: Stichwort „Integration“ in „Integrationskonzepts“; "
        "Gremium „Migrantenbeirat“",
    ]
    by_ref = oparl(
        "papers",
        "--db",
        str(synced),
        "--relevant",
        "--keyword",
        "Turnhalle",
        "--concept-ref",
        "BS-DS-0005",
        "--json",
    )
    rows = [json.loads(line) for line in by_ref.stdout.splitlines()]
    assert [(row["paper"]["reference"], row["reasons"]) for row in rows] == [
        ("BS-DS-0005/24", ["abgeleitet von „BS-DS-0005“"]),  # newest first
        ("BS-DS-0001/24", ["Gremium „Migrantenbeirat“"]),
        ("BS-DS-0002/24", ["Stichwort „Turnhalle“"]),  # undated: last
    ]
    assert rows[1]["paper"]["decision"]["votes"] == {"yes": 40, "no": 7, "abstentions": 7}


def test_papers_by_reference_and_the_newest_few(synced: Path) -> None:
    every = oparl("papers", "--db", str(synced)).stdout.splitlines()
    newest = oparl("papers", "--db", str(synced), "--limit", "2")
    assert newest.stdout.splitlines() == every[:2]
    one = oparl("papers", "--db", str(synced), "--ref", "bs-ds-0001/24 ")
    assert one.returncode == 0, one.stderr
    assert [line.split("  ")[0] for line in one.stdout.splitlines()] == ["BS-DS-0001/24"]
    assert one.stderr.endswith("1 Vorlagen.\n")
    none = oparl("papers", "--db", str(synced), "--ref", "BS-DS-0001")
    assert none.stdout == ""


def test_show_prints_one_paper_in_full(synced: Path) -> None:
    shown = oparl("show", "BS-DS-0001/24", "--db", str(synced))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "BS-DS-0001/24  Fortschreibung des Integrationskonzepts",
        "  Art: Beschlussvorlage",
        "  Datum: 05.01.2024",
        *shown.stdout.splitlines()[3:-2],
        "  Beschluss: geändert beschlossen, Stadtrat 01.02.2024",
        "  Abstimmung: 40 Ja, 7 Nein, 7 Enthaltungen",
    ]
    assert "  Beratungsfolge:" in shown.stdout
    assert "Migrantenbeirat" in shown.stdout
    missing = oparl("show", "BS-DS-0001/42", "--db", str(synced))
    assert missing.returncode == 2
    assert missing.stderr.startswith("Fehler: keine Vorlage „BS-DS-0001/42“ in der Datenbank")
    assert "meinten Sie „BS-DS-0001/24“" in missing.stderr


def test_export_into_another_municipality_is_refused(synced: Path, tmp_path: Path) -> None:
    other = attrs.evolve(_concept_dataset(), municipality=Municipality("Köln", "05315000"))
    source = tmp_path / "koeln.json"
    source.write_text(dump(other, pretty=True))
    target = tmp_path / "gemischt.json"
    refused = oparl("export", "--db", str(synced), "--into", str(source), "-o", str(target))
    assert refused.returncode == 2
    assert "der Datensatz gehört zu Köln (AGS 05315000)" in refused.stderr
    assert "Beispielstadt (AGS 09999999)" in refused.stderr
    assert not target.exists()
    forced = oparl(
        "export",
        "--db",
        str(synced),
        "--into",
        str(source),
        "-o",
        str(target),
        "--other-municipality",
    )
    assert forced.returncode == 0, forced.stderr
    assert target.exists()


def _concept_dataset() -> Dataset:
    Source(SourceKind.PAPER, "BS-DS-0001/24", date=dt.date(2024, 2, 1))
    return Dataset(
        municipality=Municipality("Beispielstadt", "09999999"),
        budget_cadence=BudgetCadence(1, 2024),
        concept=Concept(
            id="ik",
            title="Integrationskonzept Beispielstadt",
            editions=(
                Edition(
                    id="ik-2024",
                    title="Fortschreibung 2024",
                    decided_by="BS-DS-0001/24",
                    measures=(
                        Measure(id="m1", title="Sprachmittlerpool", papers=("BS-DS-0003",)),
                        Measure(id="m2", title="Beratung"),
                    ),
                ),
            ),
        ),
        purposes=(Purpose("mso", "Förderung der Migrantenselbstorganisationen"),),
        budget_lines=(
            BudgetLine(
                id="b1",
                fiscal_year=2024,
                purpose="mso",
                phase=BudgetPhase.ADOPTED,
                amount=Money(Decimal("30000.00")),
                source=Source(SourceKind.DECISION, "BS-DS-0002/24"),
            ),
        ),
        papers=(),
    )


def test_export_into_a_dataset_links_papers_to_the_concept(synced: Path, tmp_path: Path) -> None:
    source = tmp_path / "konzept.json"
    source.write_text(dump(_concept_dataset(), pretty=True))
    target = tmp_path / "mit-vorlagen.json"
    result = oparl("export", "--db", str(synced), "--into", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert (
        "3 Vorlagen im Datensatz, 3 davon relevant; "
        "Verknüpfungen: 1 × budget_line, 1 × edition, 1 × measure."
    ) in result.stderr
    data = load(Dataset, target.read_bytes(), name=str(target))
    assert [paper.reference for paper in data.papers] == [
        "BS-DS-0001/24",
        "BS-DS-0003/24",
        "BS-DS-0002/24",  # undated: last
    ]
    decided = data.paper("BS-DS-0001/24")
    assert decided is not None
    assert decided.decision is not None
    assert [c.body for c in decided.consultations] == ["Migrantenbeirat", "Stadtrat"]
    assert decided.decision.kind == "geändert beschlossen"
    assert data.concept is not None
    assert data.concept.current is not None
    measures = {m.id: m.papers for m in data.concept.current.measures}
    assert measures == {"m1": ("BS-DS-0003", "BS-DS-0003/24"), "m2": ()}


def test_export_all_papers_as_a_dataset(synced: Path, tmp_path: Path) -> None:
    target = tmp_path / "alle.json"
    result = oparl("export", "--db", str(synced), "--all", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "6 Vorlagen im Datensatz, 1 davon relevant; Verknüpfungen: 1 × concept." in (
        result.stderr
    )
    data = load(Dataset, target.read_bytes())
    assert data.municipality == Municipality("Beispielstadt", "09999999")
    assert len(data.papers) == 6
    assert {o.name for o in data.organizations} == {
        "Stadtrat",
        "Migrantenbeirat",
        "Amt für Integration",
    }


def test_default_database_lives_in_the_user_data_directory(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    home = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    result = oparl("sync", FAKE_BASE + "system", "--map", mapping(fixture_server), env=home)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "integrationkonzept" / "oparl.sqlite3").is_file()
    stats = oparl("stats", env=home)
    assert json.loads(stats.stdout)["objects"]["Paper"]["total"] == 6


def test_incomplete_sync_exits_1(tmp_path: Path, fixture_server: FixtureServer) -> None:
    fixture_server.fail_once = {f"paper?page={page}" for page in range(2, 5)}
    result = oparl(
        "sync",
        FAKE_BASE + "system",
        "--db",
        str(tmp_path / "db.sqlite3"),
        "--map",
        mapping(fixture_server),
        "--retries",
        "0",
        "--no-progress",
    )
    assert result.returncode == 1
    assert "paper: 1 Objekte auf 1 Seiten – UNVOLLSTÄNDIG" in result.stdout
    assert "Fehler: der Abgleich ist unvollständig; ein erneuter Aufruf setzt fort." in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stats", "--db", "{tmp}/fehlt.sqlite3"), "keine Datenbank"),
        (("papers", "--db", "{tmp}/fehlt.sqlite3"), "keine Datenbank"),
        (
            ("sync", "http://127.0.0.1:9/system", "--db", "{tmp}/x.sqlite3", "--retries", "0"),
            "Verbindungsfehler",
        ),
        (
            ("sync", "{fake}paper/1", "--db", "{tmp}/x.sqlite3", "--map", "{map}"),
            "weder ein OParl-System noch eine Körperschaft",
        ),
        (
            ("sync", "{fake}system", "--map", "kaputt", "--db", "{tmp}/x.sqlite3"),
            "keine URL-Zuordnung",
        ),
        (("sync", "{fake}system", "--concurrency", "0"), "keine positive ganze Zahl"),
        (("export", "--db", "{tmp}/leer.sqlite3"), "keine Körperschaft"),
        (("stats", "--db", "{tmp}/kaputt.sqlite3"), "keine OParl-Datenbank"),
    ],
)
def test_errors_are_one_line_with_status_2(
    tmp_path: Path, fixture_server: FixtureServer, args: tuple[str, ...], message: str
) -> None:
    if "leer.sqlite3" in " ".join(args):
        from integrationkonzept.oparl.store import Store

        Store(tmp_path / "leer.sqlite3").close()
    (tmp_path / "kaputt.sqlite3").write_bytes(b"kein SQLite, nur Text " * 100)
    values = {"tmp": str(tmp_path), "fake": FAKE_BASE, "map": mapping(fixture_server)}
    result = oparl(*(arg.format(**values) for arg in args))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert any(line.startswith("Fehler: ") for line in result.stderr.splitlines())
