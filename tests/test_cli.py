"""The command line, run as a user runs it: a separate process, its output and exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "integrationkonzept", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_de() -> str:
    result = run("demo", "--as-of", "2026-11-21")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.replace("\xa0", " ")


def test_demo_prints_leipzig_funding_with_sources(demo_de: str) -> None:
    assert "Haushaltszeitraum 2019/20 (Doppelhaushalt)" in demo_de
    assert "Entwurf                     60.000,00 €" in demo_de
    assert "Unterschiede 2020: Soll − Entwurf +20.000,00 €" in demo_de
    assert "Summen 2021: Entwurf 0,00 €; beantragt 80.000,00 €; beschlossen 80.000,00 €" in demo_de
    assert "Summen 2022: Entwurf 0,00 €; beantragt 80.000,00 €; beschlossen 100.000,00 €" in demo_de
    assert "Summe Zeitraum 2021/22: Soll (aktueller Plan) 180.000,00 €" in demo_de
    assert (
        "Kürzung 2021: Entwurf 0,00 € gegenüber Soll (aktueller Plan) 2020 80.000,00 €: "
        "-80.000,00 € (-100 %)"
    ) in demo_de
    # Every figure carries a footnote, and the footnotes name the documents.
    assert "Beschluss der Ratsversammlung vom 31.03.2021" in demo_de
    assert "Bericht zum Stand der Umsetzung vom 20.07.2022" in demo_de
    for line in demo_de.splitlines():
        if line.strip().startswith(("beschlossen ", "Entwurf ", "verwendet (Ist) ")):
            assert line.rstrip().endswith("]"), line


def test_demo_prints_review_schedule_as_of_the_date(demo_de: str) -> None:
    assert "Berichts- und Fortschreibungspflichten (Stand 21.11.2026)" in demo_de
    assert (
        "31.12.2021  Bericht an den Stadtrat (mindestens jährlich) 2021: "
        "fehlt (kein Bericht erfasst), seit 1.786 Tagen überfällig"
    ) in demo_de
    assert "31.12.2026  Bericht an den Stadtrat (mindestens jährlich) 2026: offen" in demo_de


def test_demo_prints_magdeburg_slip(demo_de: str) -> None:
    magdeburg = demo_de[demo_de.index("Magdeburg (AGS 15003000)") :]
    assert "erster Plan: Oktober 2019" in magdeburg
    assert "am 28.11.2019 verschoben auf frühestens Juni 2020" in magdeburg
    assert "erreicht: 08.12.2022" in magdeburg
    assert "Verzug: 1.134 Tage, 1 Planänderung" in magdeburg
    assert "Terminüberschneidungen mit anderen zentralen Veranstaltungen" in magdeburg


def test_as_of_changes_what_is_due() -> None:
    early = run("demo", "--as-of", "15.06.2021").stdout
    assert "Bericht an den Stadtrat (mindestens jährlich) 2021: offen" in early
    assert "2023/24" not in early.split("Meilensteine")[0].split("Berichts-")[1]


def test_demo_in_english() -> None:
    result = run("demo", "--as-of", "2026-11-21", "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout.replace("\xa0", " ")
    assert "Budget period 2021/22 (Double budget)" in out
    assert "€180,000.00" in out
    assert "Slip: 1,134 days, 1 revision" in out
    assert "Verzug" not in out


@pytest.mark.parametrize("bad", ["31.02.2023", "2023-13-01", "gestern"])
def test_bad_date_is_a_clear_error_not_a_traceback(bad: str) -> None:
    result = run("demo", "--as-of", bad)
    assert result.returncode == 2
    assert f"Fehler: --as-of: „{bad}“ ist kein gültiges Datum" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout


EXAMPLES_DIR = SRC / "integrationkonzept" / "data"


def test_import_json_then_report_json_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "leipzig.json"
    result = run("import", "json", str(EXAMPLES_DIR / "leipzig.json"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (EXAMPLES_DIR / "leipzig.json").read_bytes()
    again = run("report", "json", str(out))
    assert again.returncode == 0, again.stderr
    assert again.stdout.encode() == out.read_bytes()


def test_report_text_with_date_and_language(tmp_path: Path) -> None:
    out = tmp_path / "bericht.txt"
    result = run(
        "report",
        "text",
        str(EXAMPLES_DIR / "magdeburg.json"),
        "-o",
        str(out),
        "--as-of",
        "2025-06-30",
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Stand 30.06.2025" in text
    assert "Verzug: 1.134 Tage, 1 Planänderung" in text


def test_report_refuses_a_kind_the_format_cannot_make(tmp_path: Path) -> None:
    out = tmp_path / "bericht.docx"
    result = run("report", "text", str(EXAMPLES_DIR / "leipzig.json"), "-o", str(out))
    assert result.returncode == 2
    assert "Fehler: das Format „text“ kann „.docx“ nicht erzeugen (möglich: txt)" in result.stderr
    assert not out.exists()


def test_bad_json_input_names_path_and_value_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.json"
    text = (EXAMPLES_DIR / "leipzig.json").read_text(encoding="utf-8")
    bad.write_text(
        text.replace('"fiscal_year": 2021', '"fiscal_year": "2021"', 1), encoding="utf-8"
    )
    out = tmp_path / "out.json"
    result = run("import", "json", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(f"Fehler: {bad}: $.data.budget_lines[")
    assert '.fiscal_year: "2021" ist keine ganze Zahl' in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "fehlt.json"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"Fehler: {tmp_path / 'fehlt.json'}: kann nicht gelesen werden")


def test_unknown_importer_names_the_known_ones() -> None:
    result = run("import", "gibtsnicht", str(EXAMPLES_DIR / "leipzig.json"))
    assert result.returncode == 2
    assert "Fehler: Import „gibtsnicht“ ist unbekannt (vorhanden: " in result.stderr


def test_check_clean_and_faulty_data(tmp_path: Path) -> None:
    clean = run("check", str(EXAMPLES_DIR / "leipzig.json"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    faulty = tmp_path / "faulty.json"
    text = (EXAMPLES_DIR / "leipzig.json").read_text(encoding="utf-8")
    faulty.write_text(text.replace('"revises": "2020-entwurf"', '"revises": "weg"'), "utf-8")
    result = run("check", str(faulty))
    assert result.returncode == 1
    assert "Fehler: " in result.stdout
    assert ".revises: ersetzt unbekannte Zeile „weg“ [core]" in result.stdout


def test_plugins_lists_the_core_and_its_contributions() -> None:
    result = run("plugins")
    assert result.returncode == 0
    assert "integrationkonzept (integrationkonzept " in result.stdout
    assert "Importe: json" in result.stdout
    assert "Berichtsformate: json, text" in result.stdout


def test_output_into_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    result = run("report", "text", str(EXAMPLES_DIR / "leipzig.json"), "-o", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"Fehler: {tmp_path}: kann nicht geschrieben werden")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_control_characters_in_a_title_do_not_break_docx(tmp_path: Path) -> None:
    bad = tmp_path / "steuer.json"
    text = (EXAMPLES_DIR / "magdeburg.json").read_text(encoding="utf-8")
    bad.write_text(text.replace('"name": "Magdeburg"', '"name": "Magde\\u0001burg"'), "utf-8")
    out = tmp_path / "bericht.docx"
    result = run("report", "docx", str(bad), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"
