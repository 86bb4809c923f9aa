"""The report formats and the spreadsheet import on the command line, as a user runs them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from integrationkonzept import Dataset, load

SRC = Path(__file__).resolve().parents[2] / "src"
LEIPZIG = SRC / "integrationkonzept" / "data" / "leipzig.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "integrationkonzept", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_html_and_calendar_reports(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = run("report", "html", str(LEIPZIG), "-o", str(page), "--as-of", "2022-06-30")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{page} geschrieben.\n"
    content = page.read_text(encoding="utf-8")
    # The example records no progress: no progress chart, a sentence instead.
    assert content.count("<svg") == 3
    assert "das Diagramm „Fortschritt je Handlungsfeld“ entfällt" in content
    assert "Stand 30.06.2022" in content
    calendar = run("report", "ics", str(LEIPZIG), "--as-of", "2022-06-30", "--lang", "en")
    assert calendar.returncode == 0, calendar.stderr
    assert calendar.stdout.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Due: Bericht an den Stadtrat (mindestens jährlich) 2021" in calendar.stdout


def test_xlsx_export_edit_import(tmp_path: Path) -> None:
    workbook = tmp_path / "katalog.xlsx"
    result = run("report", "xlsx", str(LEIPZIG), "-o", str(workbook))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(workbook)
    sheet = book["Maßnahmen"]
    sheet["K2"] = 25  # progress of the survey
    book.save(workbook)
    out = tmp_path / "neu.json"
    result = run("import", "xlsx", str(workbook), "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = load(Dataset, out.read_bytes())
    original = load(Dataset, LEIPZIG.read_bytes())
    assert data.concept is not None
    assert data.concept.current is not None
    assert str(data.concept.current.measures[0].progress) == "25"
    assert data.budget_lines == original.budget_lines

    sheet["K3"] = "viel"
    sheet["E4"] = "=A1"
    book.save(workbook)
    bad = tmp_path / "nicht.json"
    result = run("import", "xlsx", str(workbook), "-o", str(bad))
    assert result.returncode == 2
    assert not bad.exists()
    lines = result.stderr.splitlines()
    assert (
        lines[0] == f"Fehler: {workbook}: 2 ungültige Zelle(n); die Datei wurde nicht eingelesen:"
    )
    assert (
        lines[1]
        == "Fehler:   Blatt „Maßnahmen“, Zeile 3, Spalte K (Fortschritt (%)): „viel“ – keine Zahl"
    )
    assert lines[2].startswith("Fehler:   Blatt „Maßnahmen“, Zeile 4, Spalte E (Partner): „=A1“")
    english = run("import", "xlsx", str(workbook), "--lang", "en", "-o", str(bad))
    assert english.returncode == 2
    assert "2 invalid cell(s); nothing was imported:" in english.stderr
    assert (
        "sheet “Maßnahmen”, row 3, column K (Fortschritt (%)): “viel” – not a number"
        in english.stderr
    )


def test_csv_export_and_import(tmp_path: Path) -> None:
    table = tmp_path / "katalog.csv"
    result = run("report", "csv", str(LEIPZIG), "-o", str(table))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "neu.json"
    result = run("import", "csv", str(LEIPZIG), str(table), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert load(Dataset, out.read_bytes()) == load(Dataset, LEIPZIG.read_bytes())


def test_docx_report(tmp_path: Path) -> None:
    import docx

    target = tmp_path / "bericht.docx"
    result = run("report", "docx", str(LEIPZIG), "-o", str(target))
    assert result.returncode == 0, result.stderr
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert len(document.inline_shapes) == 3  # no progress chart: the example has no progress
