"""Beispielstadt's plugin, installed, passes the contract tests of integrationkonzept[testing]."""

from __future__ import annotations

from pathlib import Path

from integrationkonzept.contributions import InputFile
from integrationkonzept.testing.contracts import (
    ImporterContract,
    ReferenceSchemeContract,
    ReportFormatContract,
)

SHEET = Path(__file__).parent / "fixtures" / "bs-12-24.txt"


class TestDecisionSheets(ImporterContract):
    importer_name = "beispielstadt-beschluss"

    def valid_inputs(self) -> list[list[InputFile]]:
        return [[InputFile(SHEET.name, SHEET.read_bytes())]]

    def invalid_inputs(self) -> list[tuple[list[InputFile], str]]:
        return [([InputFile("leer.txt", b"")], "Beschluss Nr.")]


class TestDecisionList(ReportFormatContract):
    format_name = "beispielstadt-beschlussliste"


class TestReferences(ReferenceSchemeContract):
    scheme_name = "beispielstadt"

    def valid(self) -> list[tuple[str, str]]:
        return [("BS-12/24", "BS-12/24")]

    def invalid(self) -> list[str]:
        return ["BS-0/24"]
