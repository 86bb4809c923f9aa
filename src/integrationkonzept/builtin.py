"""The core's own plugin: native JSON import and output, the text report, the core checks.

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
    from .serialize import dump

    return (dump(data, pretty=True) + "\n").encode()


def render_text(data: Dataset, options: RenderOptions) -> bytes:
    """The concept, its funding, review duties and milestones as plain text with footnotes."""
    from .reports.text import full_text

    return full_text(data, options.as_of, options.lang).encode()


@hookimpl
def integrationkonzept_importers() -> Sequence[Importer]:
    """Native JSON."""
    return [
        Importer(
            "json", "natives JSON-Dokument (wie von export geschrieben)", read_json, (".json",)
        )
    ]


@hookimpl
def integrationkonzept_report_formats() -> Sequence[ReportFormat]:
    """Native JSON and the plain-text overview."""
    return [
        ReportFormat("json", "natives JSON-Dokument", ("json",), render_json),
        ReportFormat(
            "text",
            "Übersicht als Text: Finanzierung, Berichtspflichten, Meilensteine, mit Quellen",
            ("txt",),
            render_text,
        ),
    ]


@hookimpl
def integrationkonzept_checks() -> Sequence[CheckSet]:
    """The core consistency checks."""
    from .calc.checks import core_problems

    return [CheckSet("core", "Verweise und Beträge innerhalb des Datensatzes", core_problems)]
