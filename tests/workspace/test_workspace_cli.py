"""The workspace commands as a user runs them."""

from __future__ import annotations

from pathlib import Path

from ws_support import run_command as run


def test_init_set_status_history(tmp_path: Path) -> None:
    assert run("init", "--example", "leipzig", "--source", "Beispiel", cwd=tmp_path).returncode == 0
    assert (tmp_path / "integrationkonzept.sqlite").is_file()
    changed = run(
        "set-status",
        "fortbildung-sprint",
        "in-umsetzung",
        "--date",
        "01.02.2021",
        "--source",
        "Sachstandsbericht 2021",
        cwd=tmp_path,
    )
    assert changed.returncode == 0, changed.stderr
    assert "Revision 2: fortbildung-sprint ab 01.02.2021 „in Umsetzung“." in changed.stderr
    history = run("history", "fortbildung-sprint", cwd=tmp_path)
    assert history.returncode == 0
    assert (
        "ab 01.02.2021  in-umsetzung  (Quelle: Sachstandsbericht 2021; erfasst " in history.stdout
    )
    assert "von Frau Test, Revision 2)" in history.stdout


def test_export_then_import_into_a_new_workspace_is_identical(tmp_path: Path) -> None:
    run("init", "--example", "magdeburg", "-w", "a.sqlite", "--source", "x", cwd=tmp_path)
    first = run("export", "-w", "a.sqlite", "-o", "a.json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    run("init", "--from", "a.json", "-w", "b.sqlite", "--source", "x", cwd=tmp_path)
    second = run("export", "-w", "b.sqlite", cwd=tmp_path)
    assert second.stdout.encode() == (tmp_path / "a.json").read_bytes()


def test_import_into_a_workspace_merges(tmp_path: Path) -> None:
    run("init", "--example", "leipzig", "-w", "ws.sqlite", "--source", "x", cwd=tmp_path)
    export = run("export", "-w", "ws.sqlite", "-o", "l.json", cwd=tmp_path)
    assert export.returncode == 0
    same = run("import", "json", "l.json", "--into", "ws.sqlite", "--source", "y", cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    assert "ws.sqlite: keine Änderung." in same.stderr


def test_errors_are_one_line_with_exit_status_2(tmp_path: Path) -> None:
    missing = run("history", "x", "-w", "fehlt.sqlite", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == (
        "Fehler: fehlt.sqlite: kein Arbeitsbereich gefunden "
        "(anlegen mit: integrationkonzept neu, oder aus einem Datensatz: integrationkonzept init)\n"
    )
    run("init", "--example", "leipzig", "--source", "x", cwd=tmp_path)
    unknown = run("set-status", "gibtsnicht", "geplant", "--source", "s", cwd=tmp_path)
    assert unknown.returncode == 2
    assert "Fehler: Maßnahme „gibtsnicht“ gibt es in der Fassung „2020“ nicht" in unknown.stderr
    no_source = run("set-status", "fortbildung-sprint", "geplant", cwd=tmp_path)
    assert no_source.returncode == 2
    assert "--source" in no_source.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr + no_source.stderr


def test_complete_report_with_a_bad_value_is_a_clear_error(tmp_path: Path) -> None:
    run("init", "--example", "leipzig", "--source", "x", cwd=tmp_path)
    result = run(
        "complete-report",
        "r1",
        "--rule",
        "bericht",
        "--period",
        "1950",
        "--source",
        "x",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Fehler: Bericht „r1“ ist so nicht möglich: ")
    assert "Traceback" not in result.stderr


def test_import_into_a_workspace_needs_a_source(tmp_path: Path) -> None:
    run("init", "--example", "leipzig", "-w", "ws.sqlite", "--source", "x", cwd=tmp_path)
    run("export", "-w", "ws.sqlite", "-o", "l.json", cwd=tmp_path)
    result = run("import", "json", "l.json", "--into", "ws.sqlite", cwd=tmp_path)
    assert result.returncode == 2
    assert "Quelle" in result.stderr
