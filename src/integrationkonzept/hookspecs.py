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
pluggy calls the implementations, never these functions: their bodies are for the type
checker only.
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
def integrationkonzept_profiles() -> Sequence[MunicipalityProfile]:
    """Municipality profiles: name, AGS, budget cadence, review rules, bodies, status vocabulary."""
    return ()


@hookspec
def integrationkonzept_reference_schemes() -> Sequence[ReferenceScheme]:
    """Paper-reference schemes: how a city's council papers are numbered."""
    return ()


@hookspec
def integrationkonzept_importers() -> Sequence[Importer]:
    """Importers that read documents or data into a data set."""
    return ()


@hookspec
def integrationkonzept_report_formats() -> Sequence[ReportFormat]:
    """Report formats that render a data set into a document."""
    return ()


@hookspec
def integrationkonzept_checks() -> Sequence[CheckSet]:
    """Checks that look for problems in a data set."""
    return ()


@hookspec
def integrationkonzept_oparl_adapters() -> Sequence[OParlAdapter]:
    """Adjustments of the OParl mapping for one city's council information system."""
    return ()
