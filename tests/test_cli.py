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
    assert "beschlossen                 60.000,00 €" in demo_de
    assert "Unterschiede 2020: geändert − beschlossen +20.000,00 €" in demo_de
    assert "Summen 2021: Entwurf 0,00 €; beantragt 80.000,00 €; beschlossen 80.000,00 €" in demo_de
    assert "Summen 2022: Entwurf 0,00 €; beantragt 80.000,00 €; beschlossen 100.000,00 €" in demo_de
    assert "Summe Zeitraum 2021/22: Soll (aktueller Plan) 180.000,00 €" in demo_de
    assert (
        "Kürzung 2021: Entwurf 0,00 € gegenüber Soll (aktueller Plan) 2020 80.000,00 €: "
        "-80.000,00 € (-100,0 %)"
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
        "fehlt (kein Bericht erfasst), seit 1786 Tagen überfällig"
    ) in demo_de
    assert "31.12.2026  Bericht an den Stadtrat (mindestens jährlich) 2026: offen" in demo_de


def test_demo_prints_magdeburg_slip(demo_de: str) -> None:
    magdeburg = demo_de[demo_de.index("Magdeburg (AGS 15003000)") :]
    assert "erster Plan: Oktober 2019" in magdeburg
    assert "am 28.11.2019 verschoben auf frühestens Juni 2020" in magdeburg
    assert "erreicht: 08.12.2022" in magdeburg
    assert "Verzug: 1134 Tage, 1 Planänderung" in magdeburg
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
    assert "Slip: 1134 days, 1 revision" in out
    assert "Verzug" not in out


@pytest.mark.parametrize("bad", ["31.02.2023", "2023-13-01", "gestern"])
def test_bad_date_is_a_clear_error_not_a_traceback(bad: str) -> None:
    result = run("demo", "--as-of", bad)
    assert result.returncode == 2
    assert f"Fehler: argument --as-of: „{bad}“ ist kein gültiges Datum" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout
