"""Fill Musterstadt's blank workbook as a person would in Excel or LibreOffice.

The Schnellstart (docs/schnellstart.md) runs it in place of the person, and so does the test of
the journey (tests/reports/test_musterstadt.py): it types into the cells what an office types,
German amounts (``1.500,00 €``), dates (``31.12.2025``, ``1.2.25``) and the labels the dropdowns
offer, adds a field, a status and a cost column, and saves the workbook under a new name.

    python musterstadt_ausfuellen.py integrationskonzept.xlsx ausgefuellt.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import openpyxl


def add_row(book: Any, sheet: str, values: dict[str, object]) -> None:
    """Type a row under the last one, by column heading, as a person does."""
    ws = book[sheet]
    header = [cell.value for cell in ws[1]]
    row = ws.max_row + 1
    for heading, value in values.items():
        if heading not in header:  # a new column, e.g. "Kosten 2025": its heading first
            header.append(heading)
            ws.cell(row=1, column=len(header), value=heading)
        ws.cell(row=row, column=header.index(heading) + 1, value=value)


def set_info(book: Any, item: str, value: object) -> None:
    for row in book["Info"].iter_rows(min_row=2):
        if row[0].value == item:
            row[1].value = value
            return
    raise AssertionError(item)


def fill(blank: Path, filled: Path) -> None:
    book = openpyxl.load_workbook(blank)
    add_row(book, "Handlungsfelder", {"ID": "sprache", "Nr.": 1, "Handlungsfeld": "Sprache"})
    add_row(book, "Handlungsfelder", {"ID": "arbeit", "Nr.": 2, "Handlungsfeld": "Arbeit"})
    add_row(
        book,
        "Status",
        {
            "ID": "in-pruefung",
            "Bezeichnung (deutsch)": "in Prüfung",
            "Bezeichnung (englisch)": "under review",
            "abgeschlossen": "nein",
        },
    )
    add_row(
        book,
        "Organisationen",
        {"ID": "amt-integration", "Name": "Amt für Integration", "Art": "Amt"},
    )
    add_row(book, "Zwecke", {"ID": "sprachkurse", "Bezeichnung (deutsch)": "Sprachkurse"})
    add_row(
        book,
        "Maßnahmen",
        {
            "ID": "sprachcafe",
            "Handlungsfeld": "Sprache",
            "Maßnahme": "Sprachcafé in der Stadtbibliothek",
            "Federführung": "Amt für Integration",
            "Beginn": "1.2.25",
            "Ende": "31.12.2025",
            "Status": "in Umsetzung",
            "Status seit": "01.02.2025",
            "Kosten 2025": "1.500,00 €",
        },
    )
    add_row(
        book,
        "Maßnahmen",
        {
            "ID": "jobpaten",
            "Handlungsfeld": "Arbeit",
            "Maßnahme": "Jobpatenschaften",
            "Status": "in Prüfung",
            "Status seit": "01.03.2025",
        },
    )
    add_row(
        book,
        "Haushalt",
        {
            "ID": "sprache-2025",
            "Haushaltsjahr": 2025,
            "Zweck": "Sprachkurse",
            "Phase": "beschlossen",
            "Betrag": "1.500,00 €",
            "Quelle": "Haushaltsplan 2025/26",
        },
    )
    add_row(
        book,
        "Haushalt",
        {
            "ID": "sprache-2025-ist",
            "Haushaltsjahr": 2025,
            "Zweck": "Sprachkurse",
            "Phase": "Ist",
            "Betrag": "1.234,50 €",
            "Quelle": "Jahresabschluss 2025",
        },
    )
    add_row(
        book,
        "Prüfpflichten",
        {
            "ID": "jahresbericht",
            "Art der Pflicht": "Bericht",
            "Pflicht": "Jährlicher Bericht an den Stadtrat",
            "Rhythmus": "in Jahren",
            "ab Jahr": 2025,
            "alle … Jahre": 1,
            "fällig": "fällig zum Ende",
        },
    )
    add_row(book, "Meilensteine", {"ID": "auftakt", "Meilenstein": "Auftakt", "geplant": "03.2025"})
    set_info(book, "Zahl der Maßnahmen laut Konzept", 2)
    book.save(filled)


if __name__ == "__main__":
    fill(Path(sys.argv[1]), Path(sys.argv[2]))
