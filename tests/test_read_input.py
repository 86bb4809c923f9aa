"""Reading an input file is bounded: an endless device or a huge file is refused, a named pipe
without a writer reads as empty, and every failure is one German line naming the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from integrationkonzept.cli import main
from integrationkonzept.errors import IntegrationskonzeptError
from integrationkonzept.files import read_input


def test_a_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "daten.json"
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one chunk
    path.write_bytes(data)
    assert read_input(path) == data
    assert read_input(path, limit=len(data)) == data


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gross.json"
    path.write_bytes(b"x" * 2049)
    with pytest.raises(IntegrationskonzeptError, match=r"gross\.json: zu groß, um es zu lesen"):
        read_input(path, limit=2048)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="kein /dev/zero auf diesem System")
def test_an_endless_device_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "Fehler: /dev/zero: zu groß, um es zu lesen (mehr als 256 MB); ist es die richtige Datei?\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="keine benannten Pipes auf diesem System")
def test_a_named_pipe_without_writer_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    done = subprocess.run(
        [sys.executable, "-m", "integrationkonzept", "check", str(pipe)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "die Datei ist leer" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_pipe_with_a_writer_is_read(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "src/integrationkonzept/data/magdeburg.json"
    done = subprocess.run(
        [sys.executable, "-m", "integrationkonzept", "check", "/dev/stdin"],
        input=example.read_bytes(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    assert b"Fehler:" not in done.stderr


def test_a_directory_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"Fehler: {tmp_path}: kann nicht gelesen werden (ist ein Verzeichnis)\n"


@pytest.mark.parametrize(
    ("text", "german"),
    [
        ("", "die Datei ist leer"),
        ("{", "das JSON endet vorzeitig"),
        ('{"a": 1,}', "nach dem letzten Eintrag steht ein Komma zu viel"),
        ("[1 2]", "erwartet „,“ oder „]“"),
        ('{"a" 1}', "erwartet „:“ nach dem Feldnamen"),
        ("{a: 1}", 'erwartet einen Feldnamen in "…"'),
        ("[1]]", "nach dem Ende des JSON steht noch etwas"),
        ("[tru]", "ungültiges Wort (erlaubt: true, false, null)"),
        ("[01]", "eine Zahl darf nicht mit 0 beginnen"),
    ],
)
def test_broken_json_is_explained_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, german: str
) -> None:
    path = tmp_path / "kaputt.json"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Fehler: {path}: $: kein gültiges JSON (Zeile 1, Spalte ")
    assert german in err
    assert "Meldung des JSON-Lesers" not in err
