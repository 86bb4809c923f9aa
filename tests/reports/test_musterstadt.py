"""The Musterstadt journey of docs/schnellstart.md, as an integration office goes it, in one test.

From nothing: ``neu`` creates the workspace and a blank workbook; the workbook is filled as a
person fills it in a spreadsheet (German amounts such as ``1.500,00 €``, dates such as
``31.12.2025`` and ``1.2.25``, labels picked from the dropdowns, a new field and a new status);
the import takes it into the workspace; statuses and progress change over a year; the yearly
report is completed; HTML and DOCX are rendered from the workspace and read back, the HTML in a
real browser. No JSON is written by hand anywhere.
"""

from __future__ import annotations

import datetime as dt
import runpy
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from test_report_browser import _open, _problems, browser  # noqa: F401 - the fixture

from integrationkonzept.cli import main
from integrationkonzept.workspace import Workspace

FILL_SCRIPT = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "musterstadt_ausfuellen.py"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the command line; it must succeed. Returns what it wrote to stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.err


def fill(blank: Path, filled: Path) -> None:
    """What the office types into the workbook: the script the Schnellstart runs."""
    script = runpy.run_path(str(FILL_SCRIPT))
    script["fill"](blank, filled)


def test_musterstadt_from_zero_to_the_yearly_report(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    browser: int,  # noqa: F811 - the fixture imported above
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INTEGRATIONKONZEPT_WORKSPACE", raising=False)
    said = run(
        capsys, "neu", "--stadt", "Musterstadt", "--ags", "09999999", "--amt", "Amt für Integration"
    )
    assert "import xlsx integrationskonzept.xlsx --into integrationkonzept.sqlite" in said
    blank = openpyxl.load_workbook(tmp_path / "integrationskonzept.xlsx")
    for sheet in ("Maßnahmen", "Haushalt", "Handlungsfelder", "Ziele", "Organisationen", "Status"):
        assert sheet in blank.sheetnames
    # Dropdowns: status, field and lead on the measure sheet, from the register sheets.
    lists = {
        str(dv.sqref): dv.formula1 for dv in blank["Maßnahmen"].data_validations.dataValidation
    }
    assert sorted(lists.values()) == [
        "'Handlungsfelder'!$C$2:$C$5000",
        "'Organisationen'!$B$2:$B$5000",
        "'Status'!$B$2:$B$5000",
    ]

    fill(tmp_path / "integrationskonzept.xlsx", tmp_path / "ausgefuellt.xlsx")
    run(
        capsys,
        "import",
        "xlsx",
        "ausgefuellt.xlsx",
        "--into",
        "integrationkonzept.sqlite",
        "--source",
        "Arbeitsmappe des Amtes",
    )

    # Over the year: the office changes statuses and progress, with dates and sources.
    run(
        capsys, "set-progress", "sprachcafe", "40", "--date", "1.6.25", "--source", "Sachstand Juni"
    )
    run(
        capsys,
        "set-status",
        "jobpaten",
        "in Umsetzung",
        "--date",
        "01.07.2025",
        "--source",
        "Sachstand Juli",
    )
    run(
        capsys,
        "set-progress",
        "jobpaten",
        "20",
        "--date",
        "01.07.2025",
        "--source",
        "Sachstand Juli",
    )
    run(
        capsys,
        "set-status",
        "sprachcafe",
        "umgesetzt",
        "--date",
        "15.12.2025",
        "--source",
        "Sachstand Dezember",
    )
    run(
        capsys,
        "set-progress",
        "sprachcafe",
        "100",
        "--date",
        "15.12.2025",
        "--source",
        "Sachstand Dezember",
    )
    run(
        capsys,
        "complete-report",
        "bericht-2025",
        "--rule",
        "jahresbericht",
        "--period",
        "2025",
        "--delivered",
        "20.01.2026",
        "--source",
        "Vorlage VII-DS-1/26",
    )

    with Workspace.open(tmp_path / "integrationkonzept.sqlite") as workspace:
        data = workspace.state()
    assert data.municipality.office == "Amt für Integration"
    assert data.concept is not None
    assert data.concept.current is not None
    edition = data.concept.current
    assert [f.id for f in edition.fields] == ["sprache", "arbeit"]
    assert edition.declared_measures == 2
    assert "in-pruefung" in {s.key for s in data.concept.statuses}
    measures = {m.id: m for m in edition.measures}
    cafe = measures["sprachcafe"]
    assert cafe.lead == "amt-integration"
    assert [c.amount.amount for c in cafe.costs] == [Decimal("1500.00")]
    assert [(c.date, c.status) for c in cafe.status_history] == [
        (dt.date(2025, 2, 1), "in-umsetzung"),
        (dt.date(2025, 12, 15), "umgesetzt"),
    ]
    assert cafe.progress == Decimal(100)
    assert measures["jobpaten"].status_history[0].status == "in-pruefung"
    amounts = {line.id: line.amount.amount for line in data.budget_lines}
    assert amounts == {"sprache-2025": Decimal("1500.00"), "sprache-2025-ist": Decimal("1234.50")}
    assert [r.id for r in data.reports] == ["bericht-2025"]
    # The state on a day in the middle of the year is the one in force then.
    with Workspace.open(tmp_path / "integrationkonzept.sqlite") as workspace:
        midyear = workspace.state_on(dt.date(2025, 8, 1))
    assert midyear.concept is not None
    assert midyear.concept.current is not None
    mid = {m.id: m for m in midyear.concept.current.measures}
    assert mid["sprachcafe"].status_history[-1].status == "in-umsetzung"

    # Reports straight from the workspace, no export.
    run(capsys, "report", "html", "-o", "bericht.html", "--as-of", "01.02.2026")
    run(capsys, "report", "docx", "-o", "bericht.docx", "--as-of", "01.02.2026")
    html = (tmp_path / "bericht.html").read_text(encoding="utf-8")
    for seen in (
        "Musterstadt",
        "Sprachcafé in der Stadtbibliothek",
        "Jobpatenschaften",
        "1.234,50",
    ):
        assert seen in html
    with zipfile.ZipFile(tmp_path / "bericht.docx") as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "Sprachcafé in der Stadtbibliothek" in document

    # The PDF, as council papers are published: A4 pages with text that can be extracted, and
    # ink on every page when it is rendered.
    run(capsys, "bericht", "pdf", "-o", "bericht.pdf", "--as-of", "01.02.2026")
    pdf = pdfium.PdfDocument(tmp_path / "bericht.pdf")
    shown = "".join(page.get_textpage().get_text_range() for page in pdf)
    for seen in ("Musterstadt", "Jobpatenschaften", "Seite 1 von"):
        assert seen in shown
    for page in pdf:
        width, height = page.get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        image = page.render(scale=0.5).to_pil().convert("L")
        assert sum(image.histogram()[:200]) > 100  # dark pixels: text or charts
    pdf.close()

    page = _open(browser, tmp_path / "bericht.html")
    try:
        assert _problems(page, tmp_path / "bericht.html") == []
        text = page.evaluate("document.body.innerText")
        assert "Jobpatenschaften" in text
    finally:
        page.close()


def test_a_row_on_an_unknown_sheet_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run(capsys, "neu", "--stadt", "Musterstadt", "--ags", "09999999", "-w", "m.sqlite")
    book = openpyxl.load_workbook(tmp_path / "integrationskonzept.xlsx")
    book.create_sheet("Notizen")["A1"] = "Termin mit dem Beirat"
    book.save(tmp_path / "mit-notizen.xlsx")
    status = main(["import", "xlsx", "mit-notizen.xlsx", "--into", "m.sqlite", "--source", "x"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Blatt „Notizen“" in err
    assert "unbekanntes Blatt" in err


def test_new_refuses_an_existing_workspace_and_a_bad_ags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["neu", "--stadt", "X", "--ags", "123"]) == 2
    assert "AGS" in capsys.readouterr().err
    assert not (tmp_path / "integrationkonzept.sqlite").exists()
    run(capsys, "new", "--city", "X", "--ags", "12345678")
    assert main(["neu", "--stadt", "X", "--ags", "12345678", "--mappe", "b.xlsx"]) == 2
    assert "existiert bereits" in capsys.readouterr().err


def test_new_with_a_city_plugins_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["neu", "--stadt", "Leipzig", "--ags", "14713001", "--profil", "leipzig"]) == 2
    assert "gilt für den AGS 14713000" in capsys.readouterr().err
    run(capsys, "neu", "--stadt", "Leipzig", "--ags", "14713000", "--profil", "leipzig")
    with Workspace.open(tmp_path / "integrationkonzept.sqlite") as workspace:
        data = workspace.state()
    assert data.budget_cadence.years_per_period == 2
    assert data.review_rules  # the profile's duties
    assert data.concept is not None
    assert data.concept.current is not None
    assert data.concept.current.measures == ()
