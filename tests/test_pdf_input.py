"""Every text importer also reads a PDF: ``InputFile.text()`` gives the text of its pages, lines
rebuilt from where the characters stand (a table's row on one line), or a clear error naming the
file. The PDFs are written here with reportlab, as a city's office software would write them."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError
from integrationkonzept.german import clean_lines
from integrationkonzept.pdf_text import MAX_PAGES, is_pdf

ROOT = Path(__file__).resolve().parent.parent
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# A page: its lines, each a text ("" for a blank line) or a row of cells.
Page = Sequence[str | Sequence[str]]


def pdf(
    *pages: Page,
    font: str = "Helvetica",
    size: float = 10,
    width: float = 595,
    height: float = 842,
    column: float = 200,
    encrypt: str | None = None,
    by_column: bool = False,
) -> bytes:
    """A PDF of ``pages``: each item a line, a tuple of cells (one per ``column`` points) or
    ``""`` for a blank line; ``by_column`` draws a table's cells column by column, as some
    writers do, so that only their places on the page say which row they belong to."""
    buffer = io.BytesIO()
    page_canvas = canvas.Canvas(buffer, pagesize=(width, height), encrypt=encrypt)
    leading = size * 1.25
    for page in pages:
        page_canvas.setFont(font, size)
        y = height - 40
        cells: list[tuple[float, float, str]] = []
        for line in page:
            if isinstance(line, str):
                if line:
                    page_canvas.drawString(40, y, line)
            else:
                cells.extend((40 + k * column, y, cell) for k, cell in enumerate(line))
            y -= leading
        if not by_column:
            cells.sort(key=lambda cell: (-cell[1], cell[0]))
        else:
            cells.sort(key=lambda cell: (cell[0], -cell[1]))
        for x, cell_y, cell in cells:
            page_canvas.drawString(x, cell_y, cell)
        page_canvas.showPage()
    page_canvas.save()
    return buffer.getvalue()


def text_of(data: bytes, name: str = "vorlage.pdf") -> str:
    return InputFile(name, data).text()


def lines_of(data: bytes) -> list[str]:
    """The lines as the importers see them (after the core's cleaning), spaces collapsed."""
    return [" ".join(line.split()) for line in clean_lines(text_of(data))]


def test_running_german_text_with_umlauts() -> None:
    lines = [
        "Die Verwaltung nimmt wie folgt Stellung:",
        "Für die Sprach- und Integrationsmittlung stehen 80.000 € p. a. zur Verfügung;",
        "die Übersetzung in zwölf Sprachen hat mehr Zeit beansprucht – größer als geplant.",
        "Straße, Bürgerbüro, ÄÖÜ äöüß «Anführung» § 5 Abs. 2",
    ]
    assert text_of(pdf(lines)) == "\n".join(lines)


def test_the_text_is_the_same_as_pdftotext_gives_for_running_text() -> None:
    lines = ["Beschlussvorschlag:", "1. Der Oberbürgermeister wird beauftragt, den Einsatz",
             "der Sprach- und Integrationsmittler/-innen auszuweiten."]  # fmt: skip
    data = pdf(lines)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) ist nicht installiert")
    poppler = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert [line.rstrip() for line in poppler.strip("\f\n").split("\n")] == lines
    assert text_of(data) == "\n".join(lines)


@pytest.mark.parametrize("by_column", [False, True], ids=["row-by-row", "column-by-column"])
def test_a_table_comes_out_one_row_per_line(by_column: bool) -> None:
    rows = [
        ("Gremium", "Datum", "Rolle"),
        ("Migrantenbeirat", "08.03.2023", "Vorberatung"),
        ("Fachausschuss Allgemeine Verwaltung", "14.03.2023", "Vorberatung"),
        ("Ratsversammlung", "29.01.2020", "Beschlussfassung"),
    ]
    data = pdf(["Beratungsfolge:", *rows, "Beschlussvorschlag:"], by_column=by_column)
    text = text_of(data)
    lines = text.split("\n")
    assert len(lines) == len(rows) + 2
    assert lines[0] == "Beratungsfolge:"
    assert lines[-1] == "Beschlussvorschlag:"
    # The cells of a row on one line, in order, with a column gap (two spaces at least) between.
    assert [tuple(c.strip() for c in line.split("  ") if c.strip()) for line in lines[1:-1]] == rows
    assert lines_of(data)[4] == "Ratsversammlung 29.01.2020 Beschlussfassung"
    # The columns start where they start on the page, as in `pdftotext -layout`.
    assert len({line.index("Vorberatung") for line in lines[2:4]}) == 1


def test_the_table_matches_pdftotext_layout() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) ist nicht installiert")
    rows = [("Gremium", "Datum", "Rolle"), ("Ratsversammlung", "29.01.2020", "Beschlussfassung")]
    data = pdf(rows, by_column=True)
    poppler = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    ours = text_of(data).split("\n")
    theirs = [line for line in poppler.strip("\f\n").split("\n") if line.strip()]
    assert [line.split() for line in ours] == [line.split() for line in theirs]


def test_a_blank_line_is_a_step_of_two_lines() -> None:
    assert text_of(pdf(["Zur Frage 1)", "", "Die Befragung wurde begonnen."])) == (
        "Zur Frage 1)\n\nDie Befragung wurde begonnen."
    )


def test_pages_are_separated_by_a_form_feed_line() -> None:
    pages = [[f"Seite {n}, Zeile {k}" for k in range(1, 4)] for n in range(1, 4)]
    text = text_of(pdf(*pages))
    assert text.split("\n\f\n") == ["\n".join(page) for page in pages]
    # The importers' cleaning turns the separator into an empty line; nothing else changes.
    assert clean_lines(text) == [*pages[0], "", *pages[1], "", *pages[2]]


def test_no_control_characters_come_out() -> None:
    text = text_of(pdf(["Tab\there", "Null\x00Byte", "Glocke\x07"], size=9))
    assert all(char in "\n\f" or unicodedata.category(char) != "Cc" for char in text)


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans ist nicht installiert")
def test_ligatures_are_spelt_out_and_soft_hyphens_dropped() -> None:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    data = pdf(
        ["Die ﬁnanzielle Auﬂage der Inte\u00adgration", "Auf-", "stockung"], font="DejaVuSans"
    )
    assert text_of(data) == "Die finanzielle Auflage der Integration\nAuf-\nstockung"


def test_a_hyphen_at_the_end_of_a_line_stays_there() -> None:
    assert text_of(pdf(["Sprach- und Integrations-", "mittler"])) == (
        "Sprach- und Integrations-\nmittler"
    )


def test_a_scanned_page_without_text_is_a_clear_error() -> None:
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill=0)
    buffer = io.BytesIO()
    page_canvas = canvas.Canvas(buffer, pagesize=(595, 842))
    page_canvas.drawImage(ImageReader(image), 40, 500, width=400, height=200)
    page_canvas.showPage()
    page_canvas.save()
    with pytest.raises(ParseError) as caught:
        text_of(buffer.getvalue(), "scan.pdf")
    assert str(caught.value) == (
        "scan.pdf: das PDF hat keine Textebene (gescannt?); bitte eine Fassung mit Text oder "
        "eine OCR-Fassung einlesen"
    )


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
def test_a_truncated_pdf_is_a_clear_error(keep: float) -> None:
    data = pdf(["Ratsversammlung 29.01.2020 Beschlussfassung"] * 20, ["Seite 2"])
    with pytest.raises(ParseError) as caught:
        text_of(data[: int(len(data) * keep)], "kaputt.pdf")
    assert str(caught.value).startswith("kaputt.pdf: die Datei ist kein lesbares PDF: ")


def test_garbage_after_the_magic_is_a_clear_error() -> None:
    with pytest.raises(ParseError, match=r"^x\.pdf: die Datei ist kein lesbares PDF: "):
        text_of(b"%PDF-1.7\n" + bytes(range(256)) * 10 + b"\n%%EOF\n", "x.pdf")


def test_an_encrypted_pdf_is_a_clear_error() -> None:
    data = pdf(["Geheim"], encrypt="kennwort")
    with pytest.raises(ParseError) as caught:
        text_of(data, "geschützt.pdf")
    assert str(caught.value) == (
        "geschützt.pdf: die Datei ist ein verschlüsseltes PDF (mit Kennwort geschützt); bitte "
        "eine Fassung ohne Kennwort einlesen"
    )


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    assert MAX_PAGES == 2_000
    data = pdf(*[["x"]] * (MAX_PAGES + 1))
    with pytest.raises(ParseError, match=r"hat 2\.001 Seiten; höchstens 2\.000 werden gelesen"):
        text_of(data)


def test_only_the_pdf_magic_makes_a_pdf() -> None:
    assert is_pdf(b"%PDF-1.4\n")
    assert not is_pdf(b"Text mit %PDF- darin\n")
    assert InputFile("a.txt", b"Text mit %PDF- darin\n").text() == "Text mit %PDF- darin\n"


_LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789"
_WORD = st.text(st.sampled_from(_LETTERS), min_size=1, max_size=12) | st.sampled_from(
    ["–", "§", "€", "29.01.2020", "VII-A-04711", "(Vorberatung)", "Nr.", "„ja“"]
)
_LINE = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINE, min_size=1, max_size=40))
def test_random_german_lines_come_back_in_order_and_intact(lines: list[str]) -> None:
    assert text_of(pdf(lines, width=900)).split("\n") == lines


# --- the city plugins read the PDF as they read the text ----------------------------------------

PLUGIN_FIXTURES = [
    ("leipzig-paper", "plugins/leipzig/tests/fixtures/neufassung_antrag.txt"),
    ("leipzig-paper", "plugins/leipzig/tests/fixtures/beschlussvorlage_finanzen.txt"),
    ("leipzig-budget", "plugins/leipzig/tests/fixtures/haushalt_2023.txt"),
    ("magdeburg-statement", "plugins/magdeburg/tests/fixtures/stellungnahme_befragung.txt"),
    ("magdeburg-statement", "plugins/magdeburg/tests/fixtures/stellungnahme_leerzeichen.txt"),
]


@pytest.mark.parametrize(("importer", "fixture"), PLUGIN_FIXTURES)
def test_a_plugin_reads_the_pdf_as_the_text(importer: str, fixture: str) -> None:
    from integrationkonzept.plugins import registry

    path = ROOT / fixture
    if not path.exists():
        pytest.skip(f"{fixture} fehlt (Plugin nicht im Baum)")
    try:
        read = registry().importer(importer).read
    except Exception:
        pytest.skip(f"das Plugin mit dem Import „{importer}“ ist nicht installiert")
    text = path.read_text(encoding="utf-8")
    # A PDF has no blank lines before its first one; a tab separates cells in their columns.
    lines: list[str | Sequence[str]] = [
        tuple(line.split("\t")) if "\t" in line else line for line in text.strip("\n").split("\n")
    ]
    data = pdf(lines, size=8, width=1600, height=80 + 10 * len(lines), column=320)
    name = Path(fixture).stem + ".pdf"
    from_text = read([InputFile(name, text.strip("\n").encode())])
    from_pdf = read([InputFile(name, data)])
    assert from_pdf == from_text


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_page_whose_text_is_turned_reads_as_it_is_meant(turn: int) -> None:
    rows = [("Gremium", "Datum", "Rolle"), ("Ratsversammlung", "29.01.2020", "Beschlussfassung")]
    buffer = io.BytesIO()
    page_canvas = canvas.Canvas(buffer, pagesize=(842, 842))
    page_canvas.translate(421, 421)
    page_canvas.rotate(turn)
    page_canvas.setFont("Helvetica", 10)
    for line, row in enumerate(["Beratungsfolge:", *rows]):
        cells = (row,) if isinstance(row, str) else row
        for column, cell in enumerate(cells):
            page_canvas.drawString(-380 + 200 * column, 300 - 12.5 * line, cell)
    page_canvas.showPage()
    page_canvas.save()
    lines = text_of(buffer.getvalue()).split("\n")
    assert [line.split("  ")[0] for line in lines] == [
        "Beratungsfolge:",
        "Gremium",
        "Ratsversammlung",
    ]
    assert lines_of(buffer.getvalue())[2] == "Ratsversammlung 29.01.2020 Beschlussfassung"
