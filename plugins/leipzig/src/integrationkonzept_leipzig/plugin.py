"""The hook implementations of the Leipzig plugin (registered under the entry point ``leipzig``)."""

from __future__ import annotations

from collections.abc import Sequence

from integrationkonzept.plugin import (
    CheckSet,
    Importer,
    MunicipalityProfile,
    ReferenceScheme,
    ReportFormat,
    hookimpl,
)

__all__ = [
    "integrationkonzept_checks",
    "integrationkonzept_importers",
    "integrationkonzept_profiles",
    "integrationkonzept_reference_schemes",
    "integrationkonzept_report_formats",
]


@hookimpl
def integrationkonzept_profiles() -> Sequence[MunicipalityProfile]:
    """The profile ``leipzig``."""
    from .profile import PROFILE

    return [PROFILE]


@hookimpl
def integrationkonzept_reference_schemes() -> Sequence[ReferenceScheme]:
    """The reference scheme ``leipzig``."""
    from .references import scheme

    return [scheme()]


@hookimpl
def integrationkonzept_importers() -> Sequence[Importer]:
    """The importers ``leipzig-paper`` and ``leipzig-budget``."""
    from .budget import importer as budget_importer
    from .paper import importer as paper_importer

    return [paper_importer(), budget_importer()]


@hookimpl
def integrationkonzept_report_formats() -> Sequence[ReportFormat]:
    """The report format ``leipzig-sachstandsbericht``."""
    from .sachstandsbericht import report_format

    return [report_format()]


@hookimpl
def integrationkonzept_checks() -> Sequence[CheckSet]:
    """The check set ``leipzig``."""
    from .checks import check_set

    return [check_set()]
