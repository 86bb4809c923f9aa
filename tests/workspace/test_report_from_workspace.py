"""``report FORMAT`` reads the workspace without an export: the one of ``-w``, of
``INTEGRATIONKONZEPT_WORKSPACE`` or the one in the current directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrationkonzept.cli import main


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INTEGRATIONKONZEPT_WORKSPACE", raising=False)
    monkeypatch.setenv("INTEGRATIONKONZEPT_AUTHOR", "Frau Beispiel")
    return tmp_path


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["report", "text", *argv, "--as-of", "31.12.2024"])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_workspace_in_the_current_directory(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--example", "magdeburg", "--source", "Beispiel"]) == 0
    status, out, err = _report(capsys)
    assert status == 0, err
    assert out.startswith("Magdeburg (AGS 15003000)")
    assert _report(capsys, "integrationkonzept.sqlite")[1] == out


def test_a_named_workspace_and_the_environment(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["init", "--example", "leipzig", "--source", "B", "-w", "amt.sqlite"]) == 0
    status, out, err = _report(capsys, "-w", "amt.sqlite")
    assert status == 0, err
    assert out.startswith("Leipzig (AGS 14713000)")
    monkeypatch.setenv("INTEGRATIONKONZEPT_WORKSPACE", "amt.sqlite")
    assert _report(capsys)[1] == out


def test_no_workspace_and_no_input(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _report(capsys)
    assert status == 2
    assert out == ""
    assert err == (
        "Fehler: integrationkonzept.sqlite: kein Arbeitsbereich; eine EINGABE "
        "(JSON-Datensatz oder Arbeitsbereich) oder -w ARBEITSBEREICH angeben\n"
    )
    assert not (office / "integrationkonzept.sqlite").exists()


def test_input_and_workspace_together_are_refused(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = _report(capsys, "daten.json", "-w", "amt.sqlite")
    assert status == 2
    assert "entweder EINGABE oder -w ARBEITSBEREICH angeben, nicht beides" in err
