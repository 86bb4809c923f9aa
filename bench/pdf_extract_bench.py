"""Reading a PDF's text (``InputFile.text()`` through ``pdf_text``) against ``pdftotext -layout``.

The PDFs are written by reportlab: pages of running German text (50 lines) and of a council
table (Gremium, Datum, Rolle; drawn column by column), 200 pages in all, and a 20-page one.
Baseline: poppler's ``pdftotext -layout`` on the same bytes, as a process (its start included,
about 10 ms), measured in the same run. Printed: seconds, pages per second, and the ratio.

    PYTHONPATH=. .venv/bin/python bench/pdf_extract_bench.py
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

from common import best_of, report
from reportlab.pdfgen import canvas

from integrationkonzept.contributions import InputFile

_TEXT = (
    "Die Verwaltung der Landeshauptstadt nimmt zur Anfrage wie folgt Stellung: für die Sprach- "
    "und Integrationsmittlung stehen im Doppelhaushalt 80.000 € zur Verfügung, größere Mittel "
    "für Beratungsstellen, Übersetzungen und Qualifizierung folgen."
)
_WORDS = _TEXT.split(" ")
_ROWS = [
    ("Migrantenbeirat", "08.03.2023", "Vorberatung"),
    ("Fachausschuss Allgemeine Verwaltung", "14.03.2023", "Vorberatung"),
    ("Fachausschuss Soziales, Gesundheit und Vielfalt", "15.03.2023", "Vorberatung"),
    ("Ratsversammlung", "19.04.2023", "Beschlussfassung"),
]


def document(pages: int) -> bytes:
    """A PDF of ``pages`` pages: every other page running text, the others a table."""
    buffer = io.BytesIO()
    page_canvas = canvas.Canvas(buffer, pagesize=(595, 842))
    for number in range(pages):
        page_canvas.setFont("Helvetica", 10)
        if number % 2 == 0:
            for line in range(50):
                words = [_WORDS[(line * 7 + k) % len(_WORDS)] for k in range(12)]
                page_canvas.drawString(50, 800 - 15 * line, " ".join(words))
        else:
            for column, x in enumerate((50, 320, 420)):
                for line in range(50):
                    cell = _ROWS[line % len(_ROWS)][column]
                    page_canvas.drawString(x, 800 - 15 * line, cell)
        page_canvas.drawString(280, 30, f"Seite {number + 1}")
        page_canvas.showPage()
    page_canvas.save()
    return buffer.getvalue()


def pdftotext(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True)
    return done.stdout.decode()


def main() -> None:
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext (poppler-utils) ist nicht installiert")
    rows = []
    for pages in (200, 20):
        data = document(pages)
        ours = best_of(3, lambda data=data: InputFile("bench.pdf", data).text())
        theirs = best_of(3, lambda data=data: pdftotext(data))
        print(
            f"{pages} pages, {len(data) / 1e6:.2f} MB: ours {pages / ours:,.0f} pages/s, "
            f"pdftotext -layout {pages / theirs:,.0f} pages/s"
        )
        rows.append((f"{pages} pages: pdf_text", ours, theirs, "-"))
    report(rows)


if __name__ == "__main__":
    main()
