"""The core's own plugin: native JSON import and output, the text, HTML, PDF, DOCX, XLSX, CSV and
calendar reports, the XLSX and CSV import of the measure catalogue, the core checks.

Registered like any city plugin, so the rest of the library treats both the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from .contributions import CheckSet, Importer, InputFile, RenderOptions, ReportFormat
from .errors import ParseError
from .hookspecs import hookimpl
from .model.dataset import Dataset

__all__ = [
    "integrationkonzept_checks",
    "integrationkonzept_importers",
    "integrationkonzept_report_formats",
]


def read_json(files: Sequence[InputFile]) -> Dataset:
    """Read one native JSON document (as written by ``dump``)."""
    from .serialize import load

    if len(files) != 1:
        raise ParseError(f"der Import „json“ liest genau eine Datei, nicht {len(files)}")
    return load(Dataset, files[0].data, name=files[0].name)


def render_json(data: Dataset, options: RenderOptions) -> bytes:
    """The data set as native JSON."""
    from .serialize import dump_file

    return dump_file(data)


def render_text(data: Dataset, options: RenderOptions) -> bytes:
    """The concept, its funding, review duties and milestones as plain text with footnotes."""
    from .reports.text import full_text

    return full_text(data, options.as_of, options.lang).encode()


def render_html(data: Dataset, options: RenderOptions) -> bytes:
    """The overview as one self-contained HTML file with charts (see ``reports.html``)."""
    from .reports.html import render_html as render

    return render(data, options)


def render_pdf(data: Dataset, options: RenderOptions) -> bytes:
    """The HTML report laid out as an A4 PDF by WeasyPrint (see ``reports.pdf``)."""
    from .reports.pdf import render_pdf as render

    return render(data, options)


def render_docx(data: Dataset, options: RenderOptions) -> bytes:
    """The overview as a Word document with the charts as images (see ``reports.docx_report``)."""
    from .reports.docx_report import render_docx as render

    return render(data, options)


def render_xlsx(data: Dataset, options: RenderOptions) -> bytes:
    """Measure catalogue and budget lines as a workbook (see ``reports.xlsx``)."""
    from .reports.xlsx import render_xlsx as render

    return render(data, options)


def render_csv(data: Dataset, options: RenderOptions) -> bytes:
    """The measure catalogue as CSV (see ``reports.xlsx``)."""
    from .reports.xlsx import render_csv as render

    return render(data, options)


def render_ics(data: Dataset, options: RenderOptions) -> bytes:
    """Review duties and milestones as an iCalendar file (see ``reports.ics``)."""
    from .reports.ics import render_ics as render

    return render(data, options)


def read_xlsx(files: Sequence[InputFile]) -> Dataset:
    """The measure catalogue and budget lines from a workbook (see ``importers.catalogue``)."""
    from .importers.catalogue import read_xlsx as read

    return read(files)


def read_csv(files: Sequence[InputFile]) -> Dataset:
    """The measure catalogue or budget lines from CSV (see ``importers.catalogue``)."""
    from .importers.catalogue import read_csv as read

    return read(files)


def read_budget_table(files: Sequence[InputFile]) -> Dataset:
    """Budget lines from a product group's plan table as CSV (see ``importers.budget_table``)."""
    from .importers.budget_table import read_budget_table as read

    return read(files)


@hookimpl
def integrationkonzept_importers() -> Sequence[Importer]:
    """Native JSON; the measure catalogue as XLSX or CSV."""
    return [
        Importer(
            "json", "natives JSON-Dokument (wie von export geschrieben)", read_json, (".json",)
        ),
        Importer(
            "xlsx",
            "Maßnahmenkatalog und Haushalt aus einer Arbeitsmappe (wie von report xlsx "
            "geschrieben), optional mit dem Datensatz (JSON), den sie ändert",
            read_xlsx,
            (".xlsx", ".json"),
        ),
        Importer(
            "csv",
            "Maßnahmenkatalog oder Haushalt als CSV, zusammen mit dem Datensatz (JSON), den sie "
            "ändern",
            read_csv,
            (".csv", ".json"),
        ),
        Importer(
            "haushalt-csv",
            "Haushaltszeilen aus einem Teilergebnisplan als CSV, mit dem Datensatz (JSON) und "
            "einer Zuordnung „Zeile;Zweck“ (CSV)",
            read_budget_table,
            (".csv", ".json"),
        ),
    ]


@hookimpl
def integrationkonzept_report_formats() -> Sequence[ReportFormat]:
    """Native JSON, the plain-text overview, HTML, PDF, DOCX, XLSX, CSV and iCalendar."""
    return [
        ReportFormat("json", "natives JSON-Dokument", ("json",), render_json),
        ReportFormat(
            "text",
            "Übersicht als Text: Finanzierung, Berichtspflichten, Meilensteine, mit Quellen",
            ("txt",),
            render_text,
        ),
        ReportFormat(
            "html",
            "Bericht als eine HTML-Datei mit Diagrammen: Konzept, Maßnahmen, Finanzierung, "
            "Berichtspflichten, Meilensteine, Quellen",
            ("html",),
            render_html,
        ),
        ReportFormat(
            "pdf",
            "Bericht als PDF (A4) mit Diagrammen und Ratsbeschlüssen, aus dem HTML-Bericht",
            ("pdf",),
            render_pdf,
        ),
        ReportFormat(
            "docx",
            "Bericht als Word-Dokument mit Tabellen und Diagrammen",
            ("docx",),
            render_docx,
        ),
        ReportFormat(
            "xlsx",
            "Maßnahmenkatalog und Haushaltszeilen als Arbeitsmappe (wieder einlesbar)",
            ("xlsx",),
            render_xlsx,
        ),
        ReportFormat(
            "csv",
            "Maßnahmenkatalog als CSV (wieder einlesbar mit dem Datensatz)",
            ("csv",),
            render_csv,
        ),
        ReportFormat(
            "ics",
            "Berichtspflichten und Meilensteine als Kalender (iCalendar)",
            ("ics",),
            render_ics,
        ),
    ]


@hookimpl
def integrationkonzept_checks() -> Sequence[CheckSet]:
    """The core consistency checks."""
    from .calc.checks import core_problems

    return [CheckSet("core", "Verweise und Beträge innerhalb des Datensatzes", core_problems)]
