"""The hooks a plugin implements. Each returns records from :mod:`integrationkonzept.contributions`.

A plugin is a module (or object) registered under the entry-point group ``integrationkonzept``::

    [project.entry-points.integrationkonzept]
    beispielstadt = "integrationkonzept_beispielstadt.plugin"

and marks its functions with :data:`hookimpl`::

    from integrationkonzept.hookspecs import hookimpl

    @hookimpl
    def integrationkonzept_profiles():
        return [MunicipalityProfile(...)]

Every hook takes no arguments and returns a sequence; a plugin implements only those it needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from .contributions import (
    CheckSet,
    Importer,
    MunicipalityProfile,
    OParlAdapter,
    ReferenceScheme,
    ReportFormat,
)

__all__ = ["PROJECT", "hookimpl", "hookspec"]

#: The pluggy project name and entry-point group.
PROJECT = "integrationkonzept"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def integrationkonzept_profiles() -> Sequence[MunicipalityProfile]:  # type: ignore[empty-body]
    """Municipality profiles: name, AGS, budget cadence, review rules, bodies, status vocabulary."""


@hookspec
def integrationkonzept_reference_schemes() -> Sequence[ReferenceScheme]:  # type: ignore[empty-body]
    """Paper-reference schemes: how a city's council papers are numbered."""


@hookspec
def integrationkonzept_importers() -> Sequence[Importer]:  # type: ignore[empty-body]
    """Importers that read documents or data into a data set."""


@hookspec
def integrationkonzept_report_formats() -> Sequence[ReportFormat]:  # type: ignore[empty-body]
    """Report formats that render a data set into a document."""


@hookspec
def integrationkonzept_checks() -> Sequence[CheckSet]:  # type: ignore[empty-body]
    """Checks that look for problems in a data set."""


@hookspec
def integrationkonzept_oparl_adapters() -> Sequence[OParlAdapter]:  # type: ignore[empty-body]
    """Adjustments of the OParl mapping for one city's council information system."""
