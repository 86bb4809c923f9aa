"""The command line with Magdeburg's contributions, run as a user runs it: a separate process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "integrationkonzept", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_plugins_lists_magdeburg_without_problems() -> None:
    result = run("plugins")
    assert result.returncode == 0, result.stderr
    assert "magdeburg (integrationkonzept-magdeburg 0.1.0)" in result.stdout
    for line in (
        "Profile: magdeburg",
        "Aktenzeichen-Schemata: magdeburg",
        "Importe: magdeburg-statement",
        "Berichtsformate: magdeburg-stellungnahme",
        "Prüfungen: magdeburg",
    ):
        assert line in result.stdout
    assert "Probleme" not in result.stdout


def test_import_report_and_check(tmp_path: Path) -> None:
    out = tmp_path / "befragung.json"
    result = run(
        "import", "magdeburg-statement", FIXTURES / "stellungnahme_befragung.txt", "-o", out
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{out} geschrieben.\n"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["type"] == "Dataset"
    assert [p["reference"] for p in document["data"]["papers"]] == ["S0142/21", "F0087/21"]

    markdown = tmp_path / "stellungnahme.md"
    result = run("report", "magdeburg-stellungnahme", out, "-o", markdown, "--as-of", "2021-04-14")
    assert result.returncode == 0, result.stderr
    text = markdown.read_text(encoding="utf-8").replace("\xa0", " ")
    assert "| Stellungnahme-Nr. | S0142/21 |" in text
    assert "- am 14.04.2021 verschoben auf September 2021 \\[5\\]" in text

    english = run("report", "magdeburg-stellungnahme", out, "--lang", "en", "--as-of", "2021-04-14")
    assert english.returncode == 0, english.stderr
    assert english.stdout.startswith("# Statement of the administration\n")

    word = tmp_path / "stellungnahme.docx"
    result = run("report", "magdeburg-stellungnahme", out, "-o", word)
    assert result.returncode == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.read_bytes())).paragraphs]
    assert paragraphs[0] == "Stellungnahme der Verwaltung"

    checked = run("check", out)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr.strip() == "0 Befunde, davon 0 Fehler."


def test_a_bad_statement_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "kaputt.json"
    broken = FIXTURES / "kaputt_datum.txt"
    result = run("import", "magdeburg-statement", broken, "-o", out)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Fehler: {broken}, Zeile 9: Kopf: Datum: „31.02.2020“ ist kein gültiges Datum\n"
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_question_never_asked_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "kaputt.json"
    result = run("import", "magdeburg-statement", "kaputt_frage.txt", "-o", out, cwd=FIXTURES)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "Fehler: kaputt_frage.txt, Zeile 34: „Zur Frage 3)“ beantwortet Frage 3, die in der "
        "Anfrage nicht gestellt wurde"
    )
    assert not out.exists()


def test_ref() -> None:
    result = run("ref", "magdeburg", "DS0583/21 /1", "ds0002/22/1/1/1")
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {
        "input": "DS0583/21 /1",
        "reference": "DS0583/21/1",
        "kind": "Änderungsantrag",
        "parts": {
            "prefix": "DS",
            "number": "0583",
            "year": "21",
            "full_year": "2021",
            "amendments": "1",
        },
        "parent": "DS0583/21",
    }
    assert (second["reference"], second["parent"]) == ("DS0002/22/1/1/1", "DS0002/22/1/1")

    refused = run("ref", "magdeburg", "S0518/19", "DS0583")
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["kind"] == "Stellungnahme"
    assert refused.stderr == (
        "Fehler: „DS0583“ ist keine gültige Magdeburger Vorlagennummer: die Jahreszahl fehlt "
        "(erwartet z. B. DS0583/21, S0518/19 oder DS0583/21/1)\n"
    )
