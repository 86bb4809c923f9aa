"""The hook implementations that register Magdeburg's contributions with integrationkonzept."""

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
    """The profile ``magdeburg``."""
    from .profile import magdeburg_profile

    return [magdeburg_profile()]


@hookimpl
def integrationkonzept_reference_schemes() -> Sequence[ReferenceScheme]:
    """The paper-number scheme ``magdeburg``."""
    from .references import SCHEME

    return [SCHEME]


@hookimpl
def integrationkonzept_importers() -> Sequence[Importer]:
    """The importer ``magdeburg-statement``."""
    from .statement import IMPORTER

    return [IMPORTER]


@hookimpl
def integrationkonzept_report_formats() -> Sequence[ReportFormat]:
    """The report format ``magdeburg-stellungnahme``."""
    from .statement_report import REPORT_FORMAT

    return [REPORT_FORMAT]


@hookimpl
def integrationkonzept_checks() -> Sequence[CheckSet]:
    """The check set ``magdeburg`` (Magdeburg's data sets only)."""
    from .checks import CHECKS

    return [CHECKS]
