"""Loading plugins and looking up what they contribute, with faults kept apart.

The rest of the library never calls ``pm.hook`` directly; it asks a :class:`Registry` for an
importer, a report format, a profile, a reference scheme or the checks by name.

A plugin that fails to import, or raises inside a hook, is recorded as a problem with the plugin's
name and what went wrong, and everything else keeps working. Two plugins contributing the same
name make that name unusable until one is removed: looking it up is an error naming both. With
``INTEGRATIONKONZEPT_STRICT_PLUGINS=1`` any such problem is a hard error at load time.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import metadata
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pluggy

from . import hookspecs
from .contributions import (
    CheckSet,
    Importer,
    MunicipalityProfile,
    OParlAdapter,
    ReferenceScheme,
    ReportFormat,
)
from .errors import IntegrationskonzeptError

__all__ = ["KINDS", "Kind", "PluginError", "PluginInfo", "Registry", "registry"]

STRICT_ENV = "INTEGRATIONKONZEPT_STRICT_PLUGINS"


@attrs.frozen
class Kind:
    """A kind of contribution: its key, the hook that returns it, its record type, and what the
    user calls one of them and several (German, English)."""

    key: str
    hook: str
    record: type[Any]
    label: str
    plural: tuple[str, str]


#: Every kind of contribution, in the order ``plugins`` lists them.
KINDS: tuple[Kind, ...] = (
    Kind(
        "profile",
        "integrationkonzept_profiles",
        MunicipalityProfile,
        "Profil",
        ("Profile", "profiles"),
    ),
    Kind(
        "reference_scheme",
        "integrationkonzept_reference_schemes",
        ReferenceScheme,
        "Aktenzeichen-Schema",
        ("Aktenzeichen-Schemata", "reference schemes"),
    ),
    Kind(
        "importer",
        "integrationkonzept_importers",
        Importer,
        "Import",
        ("Importe", "importers"),
    ),
    Kind(
        "report_format",
        "integrationkonzept_report_formats",
        ReportFormat,
        "Berichtsformat",
        ("Berichtsformate", "report formats"),
    ),
    Kind("check", "integrationkonzept_checks", CheckSet, "Prüfung", ("Prüfungen", "checks")),
    Kind(
        "oparl_adapter",
        "integrationkonzept_oparl_adapters",
        OParlAdapter,
        "OParl-Anpassung",
        ("OParl-Anpassungen", "OParl adapters"),
    ),
)
_BY_KEY: dict[str, Kind] = {kind.key: kind for kind in KINDS}

T = TypeVar("T")


class PluginError(IntegrationskonzeptError):
    """A plugin problem: a failed import or hook, a name given twice, a name nobody contributes."""


@attrs.frozen
class PluginInfo:
    """A loaded plugin: its name, distribution and version, and what it contributes per kind."""

    name: str
    distribution: str
    version: str
    contributions: tuple[tuple[str, tuple[str, ...]], ...] = ()


@attrs.frozen
class _Entry:
    plugin: str
    record: Any


class Registry:
    """Everything the loaded plugins contribute, by kind and name."""

    def __init__(
        self,
        entries: dict[str, dict[str, list[_Entry]]],
        plugins: Sequence[PluginInfo],
        problems: Sequence[str],
    ) -> None:
        self._entries = entries
        self.plugins: tuple[PluginInfo, ...] = tuple(plugins)
        #: Problems found while loading, one line each, naming the plugin.
        self.problems: tuple[str, ...] = tuple(problems)

    def names(self, kind: str) -> tuple[str, ...]:
        """The names contributed for the kind with key ``kind`` (see :data:`KINDS`), sorted."""
        return tuple(sorted(self._entries[kind]))

    def _get(self, kind: str, name: str) -> Any:
        entries = self._entries[kind].get(name)
        if not entries:
            known = ", ".join(self.names(kind)) or "keine"
            close = difflib.get_close_matches(name, self.names(kind), n=1, cutoff=0.6)
            hint = f"; meinten Sie „{close[0]}“?" if close else ""
            raise PluginError(
                f"{_BY_KEY[kind].label} „{name}“ ist unbekannt (vorhanden: {known}){hint}"
            )
        if len(entries) > 1:
            who = " und ".join(f"„{entry.plugin}“" for entry in entries)
            raise PluginError(
                f"{_BY_KEY[kind].label} „{name}“ wird von mehreren Erweiterungen beigetragen: "
                f"{who}; bitte eine davon deinstallieren"
            )
        return entries[0].record

    def importer(self, name: str) -> Importer:
        """The importer called ``name``."""
        found: Importer = self._get("importer", name)
        return found

    def report_format(self, name: str) -> ReportFormat:
        """The report format called ``name``."""
        found: ReportFormat = self._get("report_format", name)
        return found

    def profile(self, name: str) -> MunicipalityProfile:
        """The municipality profile called ``name`` (e.g. ``leipzig``)."""
        found: MunicipalityProfile = self._get("profile", name)
        return found

    def profile_for(self, ags: str) -> MunicipalityProfile | None:
        """The profile whose municipality has the key ``ags``, if exactly one has it."""
        found = [
            entries[0].record
            for entries in self._entries["profile"].values()
            if len(entries) == 1 and entries[0].record.municipality.ags == ags
        ]
        return found[0] if len(found) == 1 else None

    def reference_scheme(self, name: str) -> ReferenceScheme:
        """The paper-reference scheme called ``name``."""
        found: ReferenceScheme = self._get("reference_scheme", name)
        return found

    def oparl_adapters(
        self, ags: str | None, system: Mapping[str, Any] | None = None
    ) -> tuple[OParlAdapter, ...]:
        """The usable OParl adapters, by name, for a body with key ``ags`` served by ``system``
        (the raw OParl ``System`` object): those for that city and those for that server's
        product (see :class:`~integrationkonzept.contributions.OParlAdapter`)."""
        return tuple(
            entries[0].record
            for _, entries in sorted(self._entries["oparl_adapter"].items())
            if len(entries) == 1 and entries[0].record.applies(ags, system or {})
        )

    def checks(self) -> tuple[CheckSet, ...]:
        """Every usable check set (those whose name is not contributed twice), by name."""
        return tuple(
            entries[0].record
            for _, entries in sorted(self._entries["check"].items())
            if len(entries) == 1
        )


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def _entry_points() -> Iterable[metadata.EntryPoint]:
    return metadata.entry_points(group=hookspecs.PROJECT)


def load(
    extra: Sequence[tuple[str, object]] = (),
    entry_points: Callable[[], Iterable[metadata.EntryPoint]] = _entry_points,
    strict: bool | None = None,
) -> Registry:
    """Load the built-in plugin, every installed entry point, and ``extra`` (name, plugin) pairs.

    ``strict`` defaults to the ``INTEGRATIONKONZEPT_STRICT_PLUGINS`` environment variable.
    """
    from . import builtin

    if strict is None:
        strict = os.environ.get(STRICT_ENV, "") not in ("", "0")
    manager = _manager()
    problems: list[str] = []
    sources: list[tuple[str, str, str, object]] = [
        ("integrationkonzept", "integrationkonzept", _version("integrationkonzept"), builtin)
    ]
    for entry_point in entry_points():
        distribution = entry_point.dist.name if entry_point.dist else entry_point.value
        version = entry_point.dist.version if entry_point.dist else "?"
        try:
            plugin = entry_point.load()
        except Exception as exc:  # a broken foreign plugin is isolated
            problems.append(
                f"Erweiterung „{entry_point.name}“ ({distribution} {version}) konnte nicht "
                f"geladen werden: {type(exc).__name__}: {exc}"
            )
            continue
        sources.append((entry_point.name, distribution, version, plugin))
    for name, plugin in extra:
        module = plugin if isinstance(plugin, ModuleType) else None
        sources.append((name, module.__name__ if module else name, "-", plugin))

    entries: dict[str, dict[str, list[_Entry]]] = {kind.key: {} for kind in KINDS}
    infos = []
    for name, distribution, version, plugin in sources:
        try:
            manager.register(plugin, name=name)
        except Exception as exc:  # e.g. a hookimpl with a wrong signature
            problems.append(f"Erweiterung „{name}“ ist ungültig: {type(exc).__name__}: {exc}")
            continue
        contributed: list[tuple[str, tuple[str, ...]]] = []
        for kind in KINDS:
            names = _collect(manager, name, plugin, kind, entries[kind.key], problems)
            if names:
                contributed.append((kind.key, names))
        infos.append(PluginInfo(name, distribution, version, tuple(contributed)))
    for key, by_name in entries.items():
        for record_name, found in sorted(by_name.items()):
            if len(found) > 1:
                who = " und ".join(f"„{entry.plugin}“" for entry in found)
                problems.append(
                    f"{_BY_KEY[key].label} „{record_name}“ wird von mehreren Erweiterungen "
                    f"beigetragen: {who}"
                )
    if strict and problems:
        raise PluginError("\n".join(problems))
    return Registry(entries, infos, problems)


def _collect(
    manager: pluggy.PluginManager,
    plugin_name: str,
    plugin: object,
    kind: Kind,
    entries: dict[str, list[_Entry]],
    problems: list[str],
) -> tuple[str, ...]:
    """Call ``kind``'s hook of the one plugin ``plugin`` (through pluggy, with every other
    plugin left out, so that one failing plugin cannot hide what the others contribute) and
    add what it returns to ``entries``."""
    others = [other for other in manager.get_plugins() if other is not plugin]
    call = manager.subset_hook_caller(kind.hook, remove_plugins=others)
    try:
        results: list[Sequence[Any]] = call()
        records = [record for result in results for record in result]
    except Exception as exc:  # a failing hook must not take others down
        problems.append(
            f"Erweiterung „{plugin_name}“: {kind.hook} ist fehlgeschlagen: "
            f"{type(exc).__name__}: {exc}"
        )
        return ()
    names: list[str] = []
    for record in records:
        if not isinstance(record, kind.record):
            problems.append(
                f"Erweiterung „{plugin_name}“: {kind.hook} lieferte {record!r} statt "
                f"{kind.record.__name__}"
            )
            continue
        entries.setdefault(record.name, []).append(_Entry(plugin_name, record))
        names.append(record.name)
    return tuple(names)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


@cache
def registry() -> Registry:
    """The registry of the installed plugins, loaded once per process."""
    return load()
