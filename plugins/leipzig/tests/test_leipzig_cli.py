"""The command line with the Leipzig plugin, run as a user runs it: a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from leipzig_support import FIXTURES


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "integrationkonzept", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_import_report_and_check_papers(tmp_path: Path) -> None:
    out = tmp_path / "vorlagen.json"
    result = run(
        "import",
        "leipzig-paper",
        str(FIXTURES / "neufassung_antrag.txt"),
        str(FIXTURES / "beschlussvorlage_finanzen.txt"),
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{out} geschrieben.\n"
    document = json.loads(out.read_text())
    assert [p["reference"] for p in document["data"]["papers"]] == [
        "VII-A-04711-NF-02",
        "VII-DS-06789",
    ]
    report = tmp_path / "bericht.md"
    result = run(
        "report", "leipzig-sachstandsbericht", str(out), "-o", str(report), "--as-of", "2024-01-01"
    )
    assert result.returncode == 0, result.stderr
    text = report.read_text()
    assert text.startswith("# Sachstandsbericht: Leipzig\n\nStand: 01.01.2024.")
    assert (
        "- Abstimmung: 45 Ja, 12 Nein, 3 Enthaltungen; „ungeändert beschlossen: 45 Ja-Stimmen"
        in text
    )
    docx_out = tmp_path / "bericht.docx"
    result = run(
        "report", "leipzig-sachstandsbericht", str(out), "-o", str(docx_out), "--lang", "en"
    )
    assert result.returncode == 0, result.stderr
    assert docx_out.read_bytes()[:2] == b"PK"
    result = run("check", str(out))
    # Warnings only: the fixtures name bodies that the seed documents (and so the profile) do not.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Fehler:" not in result.stdout
    assert (
        "papers[1].consultations[0].body: Gremium „Dienstberatung des Oberbürgermeisters“ "
        "ist im Leipziger Profil nicht bekannt [leipzig]"
    ) in result.stdout


def test_import_budget_text(tmp_path: Path) -> None:
    out = tmp_path / "haushalt.json"
    result = run("import", "leipzig-budget", str(FIXTURES / "haushalt_2023.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = json.loads(out.read_text())["data"]["budget_lines"]
    assert [(line["id"], line["amount"]) for line in lines][-2:] == [
        (
            "aenderungsantrag-dhh-2023-24-2023-einsatz-der-sprach-und-integrationsmittler-innen-"
            "verwendet",
            "38500.00",
        ),
        (
            "aenderungsantrag-dhh-2023-24-2023-fortbildung-der-sprach-und-integrationsmittler-"
            "verwendet",
            "10000.00",
        ),
    ]
    # The actual figures for 2023 were reported on 15.02.2024: as of a day before, there are none.
    result = run("report", "leipzig-sachstandsbericht", str(out), "--as-of", "2024-01-01")
    assert result.returncode == 0, result.stderr
    assert "Ist − Soll: 2023 kein Ist erfasst, 2024 kein Ist erfasst" in result.stdout
    result = run("report", "leipzig-sachstandsbericht", str(out), "--as-of", "2024-03-01")
    assert result.returncode == 0, result.stderr
    assert "Unterschiede 2023/24 – Ist − Soll: 2023 -1.500,00 €, 2024 kein Ist" in result.stdout


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "nie.json"
    bad = FIXTURES / "kaputt_datum.txt"
    result = run(
        "import", "leipzig-paper", str(FIXTURES / "antwort_anfrage.txt"), str(bad), "-o", str(out)
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Fehler: {bad}, Zeile 8: Beratungsfolge: „31.02.2023“ ist kein gültiges Datum\n"
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    budget = FIXTURES / "haushalt_summe_falsch.txt"
    result = run("import", "leipzig-budget", str(budget), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(f"Fehler: {budget}, Zeile 11: die Aufteilung für 2021 ergibt")
    assert not out.exists()


def test_ref_prints_one_json_object_per_valid_reference() -> None:
    result = run("ref", "leipzig", "VI-A-01381-NF-003", "foo", "vi-ds-08033-nf-02-äa-02")
    assert result.returncode == 1
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert objects == [
        {
            "input": "VI-A-01381-NF-003",
            "reference": "VI-A-01381-NF-003",
            "kind": "Neufassung",
            "parts": {
                "format": "aktuell",
                "wahlperiode": "VI",
                "typ": "A",
                "nummer": "01381",
                "zusätze": "NF-003",
                "letzter_zusatz": "NF",
            },
            "parent": "VI-A-01381",
        },
        {
            "input": "vi-ds-08033-nf-02-äa-02",
            "reference": "VI-DS-08033-NF-02-ÄA-02",
            "kind": "Änderungsantrag",
            "parts": {
                "format": "aktuell",
                "wahlperiode": "VI",
                "typ": "DS",
                "nummer": "08033",
                "zusätze": "NF-02-ÄA-02",
                "letzter_zusatz": "ÄA",
            },
            "parent": "VI-DS-08033-NF-02",
        },
    ]
    assert result.stderr.startswith("Fehler: „foo“ ist kein Leipziger Vorlagen-Aktenzeichen: ")
    assert len(result.stderr.splitlines()) == 1


def test_plugins_lists_every_contribution_without_problems() -> None:
    result = run("plugins")
    assert result.returncode == 0
    listing = result.stdout
    block = listing.split("  leipzig (integrationkonzept-leipzig 0.1.0)\n", 1)[1]
    assert block.startswith(
        "    Profile: leipzig\n"
        "    Aktenzeichen-Schemata: leipzig\n"
        "    Importe: leipzig-paper, leipzig-budget\n"
        "    Berichtsformate: leipzig-sachstandsbericht\n"
        "    Prüfungen: leipzig\n"
    )
    assert "Probleme" not in listing
