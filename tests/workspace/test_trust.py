"""Nothing lost, nothing misstated: the workspace over the years, as an integration office uses it.

Each test drives the real command line (in this process, on real files): a workbook exported and
edited with openpyxl, SQLite files read back, the HTML report searched for what it says.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import orjson
import pytest
from ws_support import MEASURE, OTHER, SRC, ik

from integrationkonzept import example
from integrationkonzept.serialize import encode
from integrationkonzept.workspace import Workspace, WorkspaceError

STATUS, SINCE, TITLE = 9, 10, 3  # columns of the measure sheet


def edit(workbook: Path, target: Path, cells: dict[tuple[int, int], object]) -> None:
    book = openpyxl.load_workbook(workbook)
    sheet = book["Maßnahmen"]
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=column).value = value
    book.save(target)


def revisions(path: Path) -> int:
    with Workspace.open(path, readonly=True) as ws:
        return ws.last_revision()


def status_cell(html: str, measure: str) -> str:
    """The text of the status cell in the measure's row of the HTML report."""
    row = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*?{re.escape(measure)}(?:(?!</tr>).)*</tr>", html, re.S
    )
    assert row is not None, measure
    text = re.sub(r"<[^>]+>", " ", row.group(0))
    return " ".join(text.split())


def test_the_scenario_of_an_office(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An office exports its catalogue, then records later changes in the workspace.
    assert ik(capsys, "export", "-o", "alt.xlsx")[0] == 0
    assert (
        ik(
            capsys,
            "set-status",
            MEASURE,
            "in-umsetzung",
            "--date",
            "10.01.2026",
            "--source",
            "Sachstand Januar",
        )[0]
        == 0
    )
    assert (
        ik(
            capsys,
            "set-status",
            MEASURE,
            "umgesetzt",
            "--date",
            "01.03.2026",
            "--source",
            "Sachstand März",
        )[0]
        == 0
    )

    # An unrelated cell of the old workbook is edited: it lands, the later status stays.
    edit(Path("alt.xlsx"), Path("titel.xlsx"), {(3, TITLE): "Fortbildung der SprInt (neu)"})
    status, _out, err = ik(
        capsys, "import", "xlsx", "titel.xlsx", "--into", str(office), "--source", "Tabelle Amt 18"
    )
    assert status == 0, err
    with Workspace.open(office, readonly=True) as ws:
        now = ws.state()
        last = ws.revision(ws.last_revision())
    measures = {m.id: m for m in now.concept.current.measures}  # type: ignore[union-attr]
    assert measures[MEASURE].status == "umgesetzt"
    assert [c.status for c in measures[MEASURE].status_history] == ["in-umsetzung", "umgesetzt"]
    assert measures[OTHER].title == "Fortbildung der SprInt (neu)"
    assert last.source == "Tabelle Amt 18"

    # The same measure's status edited in the old workbook too: refused, listed, nothing written.
    edit(
        Path("alt.xlsx"),
        Path("status.xlsx"),
        {(2, STATUS): "geplant", (2, SINCE): dt.date(2026, 2, 1)},
    )
    before = office.read_bytes(), revisions(office)
    status, _out, err = ik(
        capsys, "import", "xlsx", "status.xlsx", "--into", str(office), "--source", "Tabelle 2"
    )
    assert status == 2
    assert "Import abgelehnt, nichts wurde geändert: 1 Konflikt" in err
    assert "Maßnahmen, Zeile 2, Spalte „Status“" in err
    assert "in der Datei „geplant“ ab 01.02.2026" in err
    assert "im Arbeitsbereich „umgesetzt“ ab 01.03.2026" in err
    assert "von anna (Quelle: Sachstand März, Revision 3)" in err
    assert (office.read_bytes(), revisions(office)) == before

    # The report as of 20.01.2026 shows what was in force that day, not what came later.
    assert (
        ik(capsys, "report", "html", str(office), "--as-of", "20.01.2026", "-o", "jan.html")[0] == 0
    )
    cell = status_cell(Path("jan.html").read_text(), MEASURE)
    assert "in Umsetzung (seit 10.01.2026)" in cell
    assert "umgesetzt" not in cell
    assert (
        ik(capsys, "report", "html", str(office), "--as-of", "31.12.2025", "-o", "dez.html")[0] == 0
    )
    assert "Umsetzung" not in status_cell(Path("dez.html").read_text(), MEASURE)

    # A completed report keeps its frozen snapshot, whatever happens later.
    assert (
        ik(
            capsys,
            "complete-report",
            "bericht-2025",
            "--rule",
            "bericht",
            "--period",
            "2025",
            "--delivered",
            "15.03.2026",
            "--source",
            "Vorlage VIII-Ifo-1",
        )[0]
        == 0
    )
    assert (
        ik(capsys, "set-status", OTHER, "entfallen", "--date", "01.06.2026", "--source", "S")[0]
        == 0
    )
    assert (
        ik(capsys, "report", "html", str(office), "--report", "bericht-2025", "-o", "b.html")[0]
        == 0
    )
    frozen = Path("b.html").read_text()
    assert "entfallen" not in status_cell(frozen, OTHER)
    assert "umgesetzt (seit 01.03.2026)" in status_cell(frozen, MEASURE)

    # A mistyped date locks nothing for good: it is corrected, and real dates work again.
    status, _out, err = ik(
        capsys, "set-status", OTHER, "laufend", "--date", "01.02.2099", "--source", "S"
    )
    typo = int(re.search(r"Revision (\d+):", err).group(1))  # type: ignore[union-attr]
    status, _out, err = ik(
        capsys, "set-status", OTHER, "umgesetzt", "--date", "01.07.2026", "--source", "S"
    )
    assert status == 2
    assert f"berichtigen mit: integrationkonzept revert {typo} --reason" in err
    assert ik(capsys, "revert", str(typo), "--reason", "Tippfehler im Jahr")[0] == 0
    status, _out, err = ik(
        capsys, "set-status", OTHER, "umgesetzt", "--date", "01.07.2026", "--source", "S"
    )
    assert status == 0, err
    status, out, _err = ik(capsys, "history", OTHER)
    assert "ab 01.02.2099  laufend" in out
    assert "BERICHTIGT mit Revision" in out
    assert "von anna: Tippfehler im Jahr" in out
    assert "ab 01.07.2026  umgesetzt" in out


def test_a_workbook_without_a_base_only_adds(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A workbook from a JSON report carries a data set but no workspace revision.
    assert ik(capsys, "export", "-o", "daten.json")[0] == 0
    assert ik(capsys, "report", "xlsx", "daten.json", "-o", "fremd.xlsx")[0] == 0
    assert (
        ik(capsys, "set-status", MEASURE, "laufend", "--date", "01.01.2026", "--source", "S")[0]
        == 0
    )
    edit(Path("fremd.xlsx"), Path("neu.xlsx"), {(5, 1): "neue-massnahme", (5, TITLE): "Neu"})
    status, _out, err = ik(
        capsys, "import", "xlsx", "neu.xlsx", "--into", str(office), "--source", "T"
    )
    assert status == 0, err
    edit(Path("neu.xlsx"), Path("titel.xlsx"), {(2, TITLE): "Anders"})
    before = office.read_bytes()
    status, _out, err = ik(
        capsys, "import", "xlsx", "titel.xlsx", "--into", str(office), "--source", "T"
    )
    assert status == 2
    assert "Spalte „Maßnahme“" in err
    assert "keine Basis" in err
    assert office.read_bytes() == before
    with Workspace.open(office, readonly=True) as ws:
        measures = {m.id: m for m in ws.state().concept.current.measures}  # type: ignore[union-attr]
    assert measures["neue-massnahme"].title == "Neu"
    assert measures[MEASURE].status == "laufend"


def test_a_csv_merges_against_the_revision_given(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = ik(capsys, "export", "-o", "liste.csv")
    assert status == 0
    assert "--base 1" in err
    assert (
        ik(capsys, "set-status", MEASURE, "laufend", "--date", "01.01.2026", "--source", "S")[0]
        == 0
    )
    text = Path("liste.csv").read_text(encoding="utf-8-sig")
    Path("edit.csv").write_text(
        text.replace("Fortbildung der kommunalen", "Fortbildung aller"), encoding="utf-8-sig"
    )
    status, _out, err = ik(
        capsys,
        "import",
        "csv",
        "edit.csv",
        "--into",
        str(office),
        "--base",
        "1",
        "--source",
        "Liste",
    )
    assert status == 0, err
    with Workspace.open(office, readonly=True) as ws:
        measures = {m.id: m for m in ws.state().concept.current.measures}  # type: ignore[union-attr]
    assert measures[MEASURE].status == "laufend"
    assert measures[OTHER].title.startswith("Fortbildung aller")
    # Without --base a CSV file may add a measure, but not change one: it cannot tell what
    # changed since it was made.
    lines = text.splitlines()
    Path("neu.csv").write_text(
        "\n".join([lines[0], "neue-massnahme;;Neue Maßnahme" + ";" * (lines[0].count(";") - 2)]),
        encoding="utf-8-sig",
    )
    status, _out, err = ik(
        capsys, "import", "csv", "neu.csv", "--into", str(office), "--source", "Liste"
    )
    assert status == 0, err
    assert ik(capsys, "export", "-o", "jetzt.csv")[0] == 0
    before = office.read_bytes()
    now = Path("jetzt.csv").read_text(encoding="utf-8-sig")
    changed = now.replace("Fortbildung aller", "Fortbildung einiger")
    Path("anders.csv").write_text(changed, encoding="utf-8-sig")
    status, _out, err = ik(
        capsys, "import", "csv", "anders.csv", "--into", str(office), "--source", "Liste"
    )
    assert status == 2
    assert "Spalte „Maßnahme“" in err
    assert "die Datei hat keine Basis" in err
    assert office.read_bytes() == before


def test_as_of_is_valid_time_and_recorded_as_of_is_record_time(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        ik(capsys, "set-status", MEASURE, "in-umsetzung", "--date", "10.01.2026", "--source", "S")[
            0
        ]
        == 0
    )
    # "The state on 20.01.2026" is the world on that day, though it was recorded later.
    status, out, err = ik(capsys, "export", "--as-of", "20.01.2026")
    assert status == 0, err
    data = orjson.loads(out)["data"]
    measure = next(m for m in data["concept"]["editions"][-1]["measures"] if m["id"] == MEASURE)
    assert measure["status_history"][-1]["status"] == "in-umsetzung"
    status, out, err = ik(capsys, "export", "--as-of", "09.01.2026")
    data = orjson.loads(out)["data"]
    measure = next(m for m in data["concept"]["editions"][-1]["measures"] if m["id"] == MEASURE)
    assert "status_history" not in measure
    # What the workspace held before the change was recorded: nothing yet about that status.
    with Workspace.open(office, readonly=True) as ws:
        first = ws.revision(1).recorded.astimezone()
    moment = first.strftime("%d.%m.%Y %H:%M")
    status, out, err = ik(capsys, "export", "--recorded-as-of", "01.01.2000")
    assert status == 2
    assert "noch leer" in err
    assert ik(capsys, "export", "--recorded-as-of", moment)[0] in (0, 2)


def test_a_completed_report_can_be_withdrawn_and_completed_again(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("complete-report", "b-2025", "--rule", "bericht", "--period", "2025", "--source", "V")
    status, _out, err = ik(capsys, *args, "--delivered", "01.02.2026")
    assert status == 0, err
    completed = int(re.search(r"Revision (\d+):", err).group(1))  # type: ignore[union-attr]
    assert ik(capsys, *args)[0] == 2  # once only
    assert ik(capsys, "revert", str(completed), "--reason", "falsche Regel")[0] == 0
    status, _out, err = ik(capsys, "report", "html", str(office), "--report", "b-2025")
    assert status == 2
    assert "keinen abgeschlossenen Stand" in err
    status, _out, err = ik(capsys, *args, "--delivered", "02.02.2026")
    assert status == 0, err
    status, out, _err = ik(capsys, "revisions")
    assert f"Revision {completed} " in out
    assert "BERICHTIGT mit Revision" in out


def test_a_revert_is_refused_when_the_object_changed_since(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ik(capsys, "set-status", MEASURE, "geplant", "--date", "01.01.2026", "--source", "S")
    ik(capsys, "set-status", MEASURE, "laufend", "--date", "01.02.2026", "--source", "S")
    before = office.read_bytes()
    status, _out, err = ik(capsys, "revert", "2", "--reason", "x")
    assert status == 2
    assert "danach wurde geändert: Maßnahme „befragung-2020“ (Fassung „2020“) (Revision 3)" in err
    assert office.read_bytes() == before
    assert ik(capsys, "revert", "3", "--reason", "x")[0] == 0
    assert ik(capsys, "revert", "3", "--reason", "x")[0] == 2  # already corrected


def test_ids_are_never_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Edition "x" with measure "a/b" and edition "x/a" with measure "b" were one key before.
    import attrs

    leipzig = example("leipzig")
    concept = leipzig.concept
    assert concept is not None
    first = concept.editions[-1]
    one = attrs.evolve(first, id="x", measures=(attrs.evolve(first.measures[0], id="a/b"),))
    two = attrs.evolve(
        first,
        id="x/a",
        measures=(
            attrs.evolve(first.measures[1], id="b"),
            attrs.evolve(first.measures[2], id="</script> ü"),
        ),
    )
    data = attrs.evolve(leipzig, concept=attrs.evolve(concept, editions=(one, two)))
    path = tmp_path / "ws.sqlite"
    Workspace.create(path, data, author="a", source="s").close()
    with Workspace.open(path) as ws:
        assert ws.state() == data
        ws.set_status("b", "geplant", day=dt.date(2026, 1, 1), author="a", source=_source())
        assert [e.change.status for e in ws.history("b")] == ["geplant"]
        with pytest.raises(WorkspaceError, match="gibt es in der Fassung „x/a“ nicht"):
            ws.history("a/b")
        assert ws.history("a/b", edition="x") == ()
        assert ws.state().concept.editions[0].measures[0].status_history == ()  # type: ignore[union-attr]


def _source():  # type: ignore[no-untyped-def]
    from integrationkonzept.model.source import Source, SourceKind

    return Source(SourceKind.DOCUMENT, "Sachstand")


# --- reading never writes ---------------------------------------------------------------------


def _fingerprint(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


def test_read_only_commands_change_no_file(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ik(capsys, "set-status", MEASURE, "geplant", "--date", "01.01.2026", "--source", "S")
    out = office.parent.parent / f"{office.parent.name}-out"
    out.mkdir()
    before = _fingerprint(office.parent)
    for args in (
        ("history", MEASURE),
        ("revisions",),
        ("export", "--as-of", "01.02.2026"),
        ("report", "html", str(office), "-o", str(out / "r.html")),
    ):
        assert ik(capsys, *args)[0] == 0, args
    assert _fingerprint(office.parent) == before


def test_foreign_and_empty_files_are_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "fremd.sqlite"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE notizen (text TEXT)")
    db.commit()
    db.close()
    empty = tmp_path / "leer.sqlite"
    empty.touch()
    before = _fingerprint(tmp_path)
    for path, message in (
        (foreign, "kein Arbeitsbereich von integrationkonzept"),
        (empty, "ist leer"),
    ):
        for args in (
            ("history", "x"),
            ("export",),
            ("set-status", "x", "geplant", "--source", "s"),
        ):
            status, _out, err = ik(capsys, *args, "-w", str(path))
            assert status == 2
            assert message in err
    assert _fingerprint(tmp_path) == before
    assert sqlite3.connect(foreign).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_read_only_directory_can_be_read(office: Path) -> None:
    """Run as a user without the right to write there (as root: without CAP_DAC_OVERRIDE)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and setpriv is None:
        pytest.skip(
            "als root ohne setpriv lässt sich ein schreibgeschütztes Verzeichnis nicht prüfen"
        )
    prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-all"] if os.geteuid() == 0 else []
    office.chmod(0o444)
    office.parent.chmod(0o555)
    try:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        for args in (["history", MEASURE], ["export", "-o", "/dev/null"]):
            done = subprocess.run(
                [*prefix, sys.executable, "-m", "integrationkonzept", *args, "-w", str(office)],  # type: ignore[list-item]
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=False,
            )
            assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in office.parent.iterdir()) == [office.name]
    finally:
        office.parent.chmod(0o755)


def test_a_damaged_stored_version_names_the_object(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = sqlite3.connect(office)
    db.execute(
        "UPDATE version SET data = ? WHERE kind = 'measure' AND key = ?", (b'{"kaputt', MEASURE)
    )
    db.commit()
    db.close()
    status, _out, err = ik(capsys, "export")
    assert status == 2
    assert err.startswith("Fehler: ")
    assert "Maßnahme „befragung-2020“ (Fassung „2020“) (Revision 1) ist beschädigt" in err
    assert "Traceback" not in err


def test_a_full_disk_names_the_cause(office: Path) -> None:
    with Workspace.open(office) as ws:
        pages = ws._db.execute("PRAGMA page_count").fetchone()[0]
        ws._db.execute(f"PRAGMA max_page_count = {pages}")
        big = attrs_big_dataset()
        before = ws.last_revision()
        with pytest.raises(
            WorkspaceError, match=r"kein Speicherplatz mehr .* nichts wurde geändert"
        ):
            ws.save(big, author="a", source="s")
        assert ws.last_revision() == before


def attrs_big_dataset():  # type: ignore[no-untyped-def]
    import attrs

    leipzig = example("leipzig")
    return attrs.evolve(
        leipzig,
        papers=tuple(
            attrs.evolve(leipzig.papers[0], reference=f"VII-A-{n:05}", title="x" * 2000)
            for n in range(200)
        ),
    )


def test_a_workspace_of_format_1_is_read_and_brought_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import attrs

    monkeypatch.chdir(tmp_path)

    leipzig = example("leipzig")
    concept = leipzig.concept
    assert concept is not None
    edition = concept.editions[-1]
    path = tmp_path / "alt.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE revision (id INTEGER PRIMARY KEY, recorded TEXT NOT NULL, author TEXT NOT NULL,
            source TEXT NOT NULL, message TEXT NOT NULL);
        CREATE TABLE version (kind TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL,
            ordinal INTEGER NOT NULL, data BLOB, PRIMARY KEY (kind, key, revision));
        CREATE TABLE snapshot (report TEXT NOT NULL, revision INTEGER NOT NULL, key TEXT NOT NULL,
            ordinal INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (report, key));
        INSERT INTO meta VALUES ('schema', '1');
        INSERT INTO revision VALUES (1, '2025-01-01T10:00:00.000000+00:00', 'a', 's', 'angelegt');
        """
    )
    bare = attrs.evolve(
        concept, editions=tuple(attrs.evolve(e, measures=()) for e in concept.editions)
    )
    rows = [
        ("municipality", "-", 0, encode(leipzig.municipality)),
        ("budget_cadence", "-", 0, encode(leipzig.budget_cadence)),
        ("concept", "-", 0, encode(bare)),
    ]
    rows += [
        ("measure", f"{edition.id}/{m.id}", n, encode(m)) for n, m in enumerate(edition.measures)
    ]
    for kind, key, ordinal, data in rows:
        db.execute("INSERT INTO version VALUES (?, ?, 1, ?, ?)", (kind, key, ordinal, data))
    db.commit()
    db.close()
    before = path.read_bytes()
    status, out, err = ik(capsys, "export", "-w", str(path))
    assert status == 0, err
    assert path.read_bytes() == before  # reading brought it up to date in memory only
    exported = orjson.loads(out)["data"]["concept"]["editions"][-1]["measures"]
    assert [m["id"] for m in exported] == [m.id for m in edition.measures]
    # A workbook exported while it is still format 1 is recognised once it has been brought up to
    # date: the id the workbook carries is the same whenever it is made.
    assert ik(capsys, "export", "-w", str(path), "-o", "alt.xlsx")[0] == 0
    assert ik(capsys, "export", "-w", str(path), "-o", "alt2.xlsx")[0] == 0
    marks = {openpyxl.load_workbook(f)["_basis"]["A1"].value for f in ("alt.xlsx", "alt2.xlsx")}
    assert len(marks) == 1
    status, _out, err = ik(
        capsys, "set-status", MEASURE, "geplant", "--source", "s", "-w", str(path)
    )
    assert status == 0, err
    with Workspace.open(path, readonly=True) as ws:
        assert ws.state().concept.current.measures[0].status == "geplant"  # type: ignore[union-attr]
        assert f"{ws.id}@1" in marks
    db = sqlite3.connect(path)  # the step is recorded (docs/migrations.md)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("2",)
    assert db.execute("SELECT format, version, step FROM _migrations").fetchall() == [
        ("workspace", 2, "_migrate_1_to_2")
    ]
    db.close()
    edit(Path("alt.xlsx"), Path("neu.xlsx"), {(3, TITLE): "Neuer Titel"})
    status, _out, err = ik(
        capsys, "import", "xlsx", "neu.xlsx", "--into", str(path), "--source", "Tabelle"
    )
    assert status == 0, err


def test_progress_from_a_workbook_is_dated_and_answers_as_of(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ik(capsys, "export", "-o", "alt.xlsx")[0] == 0
    edit(Path("alt.xlsx"), Path("fortschritt.xlsx"), {(2, 11): 40})
    status, _out, err = ik(
        capsys, "import", "xlsx", "fortschritt.xlsx", "--into", str(office), "--source", "Amt 18"
    )
    assert status == 0, err
    today = dt.date.today()

    def progress(as_of: dt.date) -> object:
        status, out, err = ik(capsys, "export", "--as-of", f"{as_of:%d.%m.%Y}")
        assert status == 0, err
        measures = orjson.loads(out)["data"]["concept"]["editions"][-1]["measures"]
        return next(m for m in measures if m["id"] == MEASURE).get("progress")

    assert progress(today) == "40"
    assert progress(today - dt.timedelta(days=1)) is None
    with Workspace.open(office, readonly=True) as ws:
        measure = ws.state().concept.current.measures[0]  # type: ignore[union-attr]
    assert [(c.date, c.value) for c in measure.progress_history] == [(today, 40)]
    assert measure.progress_history[0].source.reference == "Amt 18"  # type: ignore[union-attr]
