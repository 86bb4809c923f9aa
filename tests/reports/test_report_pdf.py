"""The PDF report, read back with PDFium: A4 pages with text, numbered in the footer, fonts
embedded, metadata from the data set, hostile text printed as text, nothing fetched."""

from __future__ import annotations

import ctypes
import datetime as dt
import http.server
import re
import sys
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import attrs
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from report_support import AS_OF, HOSTILE_TITLE, rich_dataset
from test_html_papers import FORMULA, FULL, HOSTILE, SCRIPT

from integrationkonzept import Dataset
from integrationkonzept.cli import main
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.errors import IntegrationskonzeptError
from integrationkonzept.examples import example
from integrationkonzept.reports.pdf import PdfInfo, page_pdf, pdf_info, refuse_fetch
from integrationkonzept.safe import clean_text
from integrationkonzept.testing.contracts import ReportFormatContract

LEIPZIG = (
    Path(__file__).resolve().parents[2] / "src" / "integrationkonzept" / "data" / "leipzig.json"
)

#: A4 in PostScript points (210 mm × 297 mm), and how far PDFium's sizes may differ.
A4 = (595.28, 841.89)
POINT = 0.5


def render(data: Dataset, lang: str = "de") -> bytes:
    from integrationkonzept.plugins import registry

    report_format = registry().report_format("pdf")
    return report_format.render(data, RenderOptions("pdf", lang, AS_OF))


def papers_dataset() -> Dataset:
    """The rich data set (its hostile measure title included) with a paper with a full
    Beratungsfolge and a hostile paper."""
    rich = rich_dataset()
    return attrs.evolve(rich, papers=(*rich.papers, FULL, HOSTILE))


@pytest.fixture(scope="module")
def leipzig() -> bytes:
    return render(example("leipzig"))


@pytest.fixture(scope="module")
def leipzig_en() -> bytes:
    return render(example("leipzig"), "en")


@pytest.fixture(scope="module")
def papers() -> bytes:
    return render(papers_dataset())


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, its white space made single spaces."""
    document = pdfium.PdfDocument(pdf)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def inflated(pdf: bytes) -> bytes:
    """The file with every compressed stream inflated: dictionaries WeasyPrint packs into object
    streams (the catalog, font descriptors) become searchable."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match[1]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_every_page_is_a4(leipzig: bytes, leipzig_en: bytes, papers: bytes) -> None:
    for pdf in (leipzig, leipzig_en, papers):
        assert pdf.startswith(b"%PDF-")
        document = pdfium.PdfDocument(pdf)
        assert len(document) >= 3
        for page in document:
            width, height = page.get_size()
            assert abs(width - A4[0]) < POINT
            assert abs(height - A4[1]) < POINT


def test_every_page_is_numbered_in_german(leipzig: bytes) -> None:
    texts = page_texts(leipzig)
    total = len(texts)
    for number, shown in enumerate(texts, 1):
        assert shown.endswith(f"Seite {number} von {total}"), shown[-60:]


def test_text_is_extractable_with_papers_and_measures(leipzig: bytes) -> None:
    shown = " ".join(page_texts(leipzig))
    assert shown.startswith("Gesamtkonzept zur Integration der Migrantinnen und Migranten")
    assert "Ratsvorlagen und Beschlüsse" in shown
    assert "VI-DS-08033-NF-02 Art Beschlussvorlage (Neufassung)" in shown
    assert "40 Ja, 7 Nein, 7 Enthaltungen" in shown
    assert "Jährlicher Fachtag zur Arbeitsmarktintegration von Migrantinnen" in shown
    assert "Stand 30.06.2024" in shown


def test_papers_with_their_beratungsfolge(papers: bytes) -> None:
    shown = " ".join(page_texts(papers))
    assert "Mehrsprachige Elternarbeit in Kitas" in shown
    assert "VII-DS-01234 – Fortschreibung des Integrationskonzepts 2024" in shown
    assert "Beratungsfolge zu VII-DS-01234" in shown
    assert "Migrantenbeirat 05.02.2024 Vorberatung zugestimmt" in shown
    assert "45 Ja, 10 Nein, 3 Enthaltungen – mehrheitlich" in shown


def test_english(leipzig_en: bytes) -> None:
    texts = page_texts(leipzig_en)
    shown = " ".join(texts)
    assert texts[0].endswith(f"Page 1 of {len(texts)}")
    assert "Council papers and decisions" in shown
    assert "40 yes, 7 no, 7 abstentions" in shown
    assert "Seite " not in shown
    assert b"/Lang (en)" in inflated(leipzig_en)


def test_no_page_is_blank(leipzig: bytes, papers: bytes) -> None:
    for pdf in (leipzig, papers):
        for page in pdfium.PdfDocument(pdf):
            image = page.render(scale=0.5).to_pil().convert("L")
            width, height = image.size
            # The body: inside the margins, above the footer.
            body = image.crop((width // 10, height // 16, width * 9 // 10, height * 7 // 8))
            # Text and charts leave grey to black pixels: hundreds for the shortest line.
            ink = sum(body.histogram()[:200])
            assert ink > 100, f"a page without ink in its body ({ink} dark pixels)"


def _font_names(page: pdfium.PdfPage) -> set[tuple[str, bool]]:
    found = set()
    for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=8):
        font = pdfium_c.FPDFTextObj_GetFont(item.raw)
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        name = ctypes.create_string_buffer(size)
        pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
        found.add((name.value.decode(), bool(pdfium_c.FPDFFont_GetIsEmbedded(font))))
    return found


def test_fonts_are_embedded(leipzig: bytes) -> None:
    fonts = set().union(*(_font_names(page) for page in pdfium.PdfDocument(leipzig)))
    assert fonts
    assert all(embedded for _name, embedded in fonts), fonts
    assert any("DejaVu" in name or "Liberation" in name for name, _embedded in fonts)
    assert re.search(rb"/FontFile[23]", inflated(leipzig))


def test_metadata_from_the_data_set(leipzig: bytes) -> None:
    info = pdfium.PdfDocument(leipzig).get_metadata_dict()
    assert info["Title"].startswith("Gesamtkonzept zur Integration")
    assert info["Author"] == "Leipzig"  # the example names no office
    assert info["CreationDate"] == info["ModDate"] == "D:20240630"
    assert info["Creator"].startswith("integrationkonzept ")
    assert b"/Lang (de)" in inflated(leipzig)


def test_the_office_writes_the_report() -> None:
    data = example("leipzig")
    office = attrs.evolve(data.municipality, office="Referat für Migration und Integration\x1b")
    assert pdf_info(attrs.evolve(data, municipality=office), "T", "de", AS_OF) == PdfInfo(
        "T", "Referat für Migration und Integration", "de", AS_OF
    )
    blank = attrs.evolve(data.municipality, office="  ")
    assert pdf_info(attrs.evolve(data, municipality=blank), "T", "en", AS_OF).author == "Leipzig"


def _squeezed(text: str) -> str:
    """``text`` without white space: a table cell may wrap a long text anywhere."""
    return "".join(text.split())


def test_hostile_text_is_printed_not_run(papers: bytes) -> None:
    shown = " ".join(page_texts(papers))
    for text in (SCRIPT, FORMULA, clean_text(HOSTILE_TITLE), "</h3><h1 onclick=alert(1)>"):
        assert _squeezed(text) in _squeezed(shown), text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", shown)
    plain = inflated(papers)
    for action in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/OpenAction"):
        assert action not in plain


def test_the_fetcher_refuses_all_but_data_addresses() -> None:
    for url in ("https://example.org/a.png", "http://127.0.0.1/x", "file:///etc/passwd", "x.css"):
        with pytest.raises(ValueError, match="not fetched"):
            refuse_fetch(url)
    fetched = refuse_fetch("data:text/plain;base64,SGFsbG8=")
    data = fetched["string"] if "string" in fetched else fetched["file_obj"].read()
    assert data == b"Hallo"


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request it gets."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_no_request_leaves_the_machine(server: tuple[str, list[str]]) -> None:
    base, requests = server
    page = f"""<!DOCTYPE html><html lang="de"><head><title>t</title>
<link rel="stylesheet" href="{base}/style.css">
<style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png"); }}
@font-face {{ font-family: X; src: url("{base}/font.woff"); }}</style></head>
<body><p>Text</p><img src="{base}/image.png" alt="Bild"><object data="{base}/o.svg"></object>
<svg><image href="{base}/svg.png" width="10" height="10"/></svg></body></html>"""
    pdf = page_pdf(page, PdfInfo("t", "a", "de", AS_OF))
    assert requests == []
    assert "Text" in page_texts(pdf)[0]


def test_command_line_writes_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bericht.pdf"
    assert main(["report", "pdf", str(LEIPZIG), "-o", str(target), "--as-of", "2024-06-30"]) == 0
    assert capsys.readouterr().err == f"{target} geschrieben.\n"
    document = pdfium.PdfDocument(target.read_bytes())
    assert len(document) >= 3
    assert "Seite 1 von" in document[0].get_textpage().get_text_range()


class TestPdfReport(ReportFormatContract):
    """Both examples in both languages, and the same bytes for the same data and day."""

    format_name = "pdf"

    def check_output(self, kind: str, output: bytes) -> None:
        assert kind == "pdf"
        assert output.startswith(b"%PDF-")
        document = pdfium.PdfDocument(output)
        assert len(document) >= 1
        assert document[0].get_textpage().get_text_range().strip()


def test_as_of_is_the_day_of_creation() -> None:
    pdf = page_pdf("<p>x</p>", PdfInfo("t", "a", "de", dt.date(2031, 12, 24)))
    assert pdfium.PdfDocument(pdf).get_metadata_dict()["CreationDate"] == "D:20311224"


def test_without_weasyprint_an_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    with pytest.raises(IntegrationskonzeptError, match="braucht WeasyPrint und die Bibliothek"):
        page_pdf("<p>x</p>", PdfInfo("t", "a", "de", AS_OF))


def test_charts_stay_vector_graphics(leipzig: bytes) -> None:
    paths = images = 0
    for page in pdfium.PdfDocument(leipzig):
        for item in page.get_objects(max_depth=8):
            paths += item.type == pdfium_c.FPDF_PAGEOBJ_PATH
            images += item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
    assert images == 0  # no chart turned into pixels
    assert paths > 100  # bars, axes, grid lines
