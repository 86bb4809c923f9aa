"""The DOCX report laid out by LibreOffice: converted to PDF, its text read with ``pdftotext``;
the words of the tables are whole (no column so narrow that a word or a date wraps mid-word) and
the pages are numbered. Skipped when LibreOffice or pdftotext is not installed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import pytest
from test_docx_papers import PAPERS_DAY, papers_dataset

from integrationkonzept.contributions import RenderOptions
from integrationkonzept.reports.docx_report import render_docx

#: Words that a too narrow column would split: headers of the measure tables, dates of the
#: Beratungsfolge, an amount held together by no-break spaces.
WORDS = ("Federführung", "Maßnahme", "01.03.2025", "19.03.2025", "12.000,00\xa0€")

#: How long a conversion may take (a first start of LibreOffice sets up its profile).
TIMEOUT_SECONDS = 180


def _tools() -> tuple[str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) nicht installiert: die DOCX-Datei wird nicht in PDF "
            "umgewandelt (apt-get install libreoffice-writer)"
        )
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip(
            "pdftotext nicht installiert: der Text der PDF-Datei ist nicht lesbar "
            "(apt-get install poppler-utils)"
        )
    return soffice, pdftotext


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    """The report as DOCX, and the text of the PDF LibreOffice makes of it."""
    soffice, pdftotext = _tools()
    folder = tmp_path_factory.mktemp("libreoffice")
    package = render_docx(papers_dataset(), RenderOptions("docx", "de", PAPERS_DAY))
    source = folder / "bericht.docx"
    source.write_bytes(package)
    # A profile of its own, so the test neither uses nor disturbs a running LibreOffice.
    profile = (folder / "profile").as_uri()
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(source),
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice hat die Datei nicht in {TIMEOUT_SECONDS} s umgewandelt")
    pdf = folder / "bericht.pdf"
    assert pdf.exists(), "LibreOffice hat keine PDF-Datei geschrieben"
    shown = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=60,
        text=True,
    ).stdout
    return package, shown


def _in_document(package: bytes) -> str:
    """All text of the body: paragraphs and table cells."""
    word = docx.Document(io.BytesIO(package))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in word.paragraphs), *cells])


def _normal(text: str) -> str:
    # pdftotext writes a no-break space as a space.
    return text.replace("\xa0", " ")


@pytest.mark.parametrize("word", WORDS)
def test_table_words_are_whole(converted: tuple[bytes, str], word: str) -> None:
    package, shown = converted
    expected = _normal(_in_document(package)).count(_normal(word))
    assert expected > 0, f"{word!r} steht nicht im Bericht"
    # Each time the word is in the document it is whole on the page: a word broken over two
    # lines of a cell would be missing here.
    assert _normal(shown).count(_normal(word)) >= expected


def test_pages_are_numbered(converted: tuple[bytes, str]) -> None:
    _, shown = converted
    numbers = re.findall(r"Seite (\d+) von (\d+)", shown)
    assert numbers
    pages = {int(total) for _, total in numbers}
    assert len(pages) == 1
    assert [int(page) for page, _ in numbers] == list(range(1, pages.pop() + 1))


def test_header_on_every_page(converted: tuple[bytes, str]) -> None:
    _, shown = converted
    pages = [page for page in shown.split("\f") if page.strip()]
    assert len(pages) > 1
    assert all("Leipzig · Gesamtkonzept zur Integration" in page for page in pages)
