"""The hooks: what Beispielstadt contributes to integrationkonzept."""

from __future__ import annotations

from collections.abc import Sequence

from integrationkonzept.plugin import (
    Importer,
    MunicipalityProfile,
    ReferenceScheme,
    ReportFormat,
    hookimpl,
)

from .decision_list import render_decision_list
from .decisions import read_decisions
from .profile import PROFILE
from .references import parse_reference


@hookimpl
def integrationkonzept_profiles() -> Sequence[MunicipalityProfile]:
    """Beispielstadt's profile."""
    return [PROFILE]


@hookimpl
def integrationkonzept_reference_schemes() -> Sequence[ReferenceScheme]:
    """``BS-12/24``."""
    return [ReferenceScheme("beispielstadt", "Beschlüsse BS-12/24", parse_reference, ("BS-12/24",))]


@hookimpl
def integrationkonzept_importers() -> Sequence[Importer]:
    """Decision sheets."""
    return [
        Importer("beispielstadt-beschluss", "Beschlussblätter der Beispielstadt", read_decisions)
    ]


@hookimpl
def integrationkonzept_report_formats() -> Sequence[ReportFormat]:
    """A list of decisions as Markdown or DOCX."""
    return [
        ReportFormat(
            "beispielstadt-beschlussliste",
            "Liste der Beschlüsse mit ihren Mitteln",
            ("md", "docx"),
            render_decision_list,
        )
    ]
