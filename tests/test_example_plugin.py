"""The plugin author guide's example plugin (docs/examples/beispielstadt) works as documented:
it passes the contract tests and its importer reads the guide's example sheet."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from integrationkonzept import Money
from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError
from integrationkonzept.plugins import Registry, load
from integrationkonzept.testing.contracts import (
    ImporterContract,
    ReferenceSchemeContract,
    ReportFormatContract,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SRC = ROOT / "docs" / "examples" / "beispielstadt" / "src"
SHEET = ROOT / "docs" / "examples" / "beispielstadt" / "tests" / "fixtures" / "bs-12-24.txt"


def example_plugin() -> ModuleType:
    if str(EXAMPLE_SRC) not in sys.path:
        sys.path.insert(0, str(EXAMPLE_SRC))
    return importlib.import_module("integrationkonzept_beispielstadt.plugin")


class _WithExample:
    def plugins(self) -> Registry:
        return load(extra=[("beispielstadt", example_plugin())], strict=True)


class TestBeispielstadtImporter(_WithExample, ImporterContract):
    importer_name = "beispielstadt-beschluss"

    def valid_inputs(self) -> list[list[InputFile]]:
        return [[InputFile(SHEET.name, SHEET.read_bytes())]]

    def invalid_inputs(self) -> list[tuple[list[InputFile], str]]:
        good = SHEET.read_text(encoding="utf-8")
        return [
            ([InputFile("leer.txt", b"")], "Beschluss Nr."),
            (
                [InputFile("datum.txt", good.replace("14.03.2024", "31.02.2024").encode())],
                "31.02.2024",
            ),
            ([InputFile("nr.txt", good.replace("BS-12/24", "XY-1").encode())], "XY-1"),
            ([InputFile("geld.txt", good.replace("5.000 €", "5.000.0 €").encode())], "5.000.0"),
            ([InputFile("jahr.txt", good.replace("Mittel 2024", "Mittel 1950").encode())], "1950"),
            ([InputFile("doppelt.txt", (good + "Datum: 1.1.2024\n").encode())], "zweimal"),
        ]


class TestBeispielstadtReport(_WithExample, ReportFormatContract):
    format_name = "beispielstadt-beschlussliste"


class TestBeispielstadtReferences(_WithExample, ReferenceSchemeContract):
    scheme_name = "beispielstadt"

    def valid(self) -> list[tuple[str, str]]:
        return [("BS-12/24", "BS-12/24"), (" bs-7/25 ", "BS-7/25")]

    def invalid(self) -> list[str]:
        return ["BS-0/24", "BS-12/2024", "12/24", ""]


def test_the_sheet_reads_as_the_guide_says() -> None:
    plugins = _WithExample().plugins()
    data = plugins.importer("beispielstadt-beschluss").read(
        [InputFile(SHEET.name, SHEET.read_bytes())]
    )
    (paper,) = data.papers
    assert paper.reference == "BS-12/24"
    assert paper.decision is not None
    assert paper.decision.votes is not None
    assert (paper.decision.votes.yes, paper.decision.votes.no) == (20, 3)
    assert [(line.fiscal_year, line.amount) for line in data.budget_lines] == [
        (2024, Money.of(5000)),
        (2025, Money.of("5500.50")),
    ]
    assert data.budget_lines[0].source.reference == "BS-12/24"


def test_the_same_decision_twice_is_refused() -> None:
    plugins = _WithExample().plugins()
    sheet = InputFile(SHEET.name, SHEET.read_bytes())
    with pytest.raises(ParseError, match="BS-12/24 steht schon in einer anderen Datei"):
        plugins.importer("beispielstadt-beschluss").read(
            [sheet, InputFile("kopie.txt", sheet.data)]
        )


def test_errors_name_file_and_line() -> None:
    plugins = _WithExample().plugins()
    text = SHEET.read_text(encoding="utf-8").replace("14.03.2024", "31.02.2024")
    with pytest.raises(ParseError) as caught:
        plugins.importer("beispielstadt-beschluss").read([InputFile("blatt.txt", text.encode())])
    assert str(caught.value) == "blatt.txt, Zeile 2: Datum: „31.02.2024“ ist kein gültiges Datum"
