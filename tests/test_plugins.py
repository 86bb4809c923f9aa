"""Loading plugins: contributions by name, conflicts, broken plugins, strict mode."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import metadata

import pytest

from integrationkonzept import Dataset, Municipality
from integrationkonzept.contributions import (
    CheckSet,
    Importer,
    InputFile,
    MunicipalityProfile,
    Problem,
    RenderOptions,
    ReportFormat,
    Severity,
)
from integrationkonzept.examples import example
from integrationkonzept.hookspecs import hookimpl
from integrationkonzept.model import BudgetCadence
from integrationkonzept.plugins import PluginError, load

CADENCE = BudgetCadence(2, 2019)


def _read(files: Sequence[InputFile]) -> Dataset:
    return Dataset(Municipality("Teststadt", "01001000"), CADENCE)


def _render(data: Dataset, options: RenderOptions) -> bytes:
    return data.municipality.name.encode()


class _Plugin:
    """A plugin object (hashable, as pluggy needs: a module or an ordinary object)."""


def plugin(**hooks: object) -> _Plugin:
    """A plugin object whose hooks return the given records."""
    namespace = _Plugin()
    for hook, records in hooks.items():

        def impl(records: object = records) -> object:
            if isinstance(records, Exception):
                raise records
            return records

        impl.__name__ = f"integrationkonzept_{hook}"
        setattr(namespace, impl.__name__, hookimpl(impl))
    return namespace


def no_entry_points() -> Iterable[metadata.EntryPoint]:
    return ()


def test_builtin_contributions_come_through_the_hooks() -> None:
    registry = load(entry_points=no_entry_points, strict=False)
    assert registry.names("importer") == ("csv", "haushalt-csv", "json", "xlsx")
    assert set(registry.names("report_format")) == {
        "csv",
        "docx",
        "html",
        "ics",
        "json",
        "pdf",
        "text",
        "xlsx",
    }
    assert registry.names("check") == ("core",)
    assert registry.problems == ()
    info = registry.plugins[0]
    assert info.name == "integrationkonzept"
    assert set(dict(info.contributions)["importer"]) == {"csv", "haushalt-csv", "json", "xlsx"}


def test_a_plugin_contributes_by_name() -> None:
    importer = Importer("teststadt-text", "Test", _read)
    extra = plugin(importers=[importer])
    registry = load(extra=[("teststadt", extra)], entry_points=no_entry_points, strict=False)
    assert registry.importer("teststadt-text") is importer
    assert "teststadt-text" in registry.names("importer")
    assert registry.plugins[-1].contributions == (("importer", ("teststadt-text",)),)


def test_unknown_name_lists_what_there_is() -> None:
    registry = load(entry_points=no_entry_points, strict=False)
    with pytest.raises(
        PluginError,
        match="Import „gibtsnicht“ ist unbekannt \\(vorhanden: csv, haushalt-csv, json, xlsx\\)",
    ):
        registry.importer("gibtsnicht")


def test_two_plugins_with_the_same_name_are_an_error_naming_both() -> None:
    first = plugin(report_formats=[ReportFormat("bericht", "A", ("md",), _render)])
    second = plugin(report_formats=[ReportFormat("bericht", "B", ("md",), _render)])
    registry = load(
        extra=[("erste", first), ("zweite", second)], entry_points=no_entry_points, strict=False
    )
    with pytest.raises(PluginError) as caught:
        registry.report_format("bericht")
    assert "„erste“" in str(caught.value)
    assert "„zweite“" in str(caught.value)
    assert any("„erste“ und „zweite“" in problem for problem in registry.problems)
    # Everything else keeps working.
    assert registry.report_format("text").name == "text"


def test_a_hook_that_raises_is_reported_and_the_rest_works() -> None:
    broken = plugin(
        importers=RuntimeError("kaputt"),
        report_formats=[ReportFormat("heil", "ok", ("txt",), _render)],
    )
    registry = load(extra=[("wackel", broken)], entry_points=no_entry_points, strict=False)
    assert registry.problems == (
        "Erweiterung „wackel“: integrationkonzept_importers ist fehlgeschlagen: "
        "RuntimeError: kaputt",
    )
    assert registry.report_format("heil").name == "heil"
    assert registry.importer("json").name == "json"


def test_a_hook_returning_the_wrong_type_is_reported() -> None:
    odd = plugin(checks=["keine Prüfung"])
    registry = load(extra=[("schief", odd)], entry_points=no_entry_points, strict=False)
    assert len(registry.problems) == 1
    assert "„schief“" in registry.problems[0]
    assert "statt CheckSet" in registry.problems[0]


def test_an_entry_point_that_fails_to_import_is_reported() -> None:
    def broken_entry_points() -> Iterable[metadata.EntryPoint]:
        return [metadata.EntryPoint("kaputtstadt", "gibt_es_nicht.plugin", "integrationkonzept")]

    registry = load(entry_points=broken_entry_points, strict=False)
    assert len(registry.problems) == 1
    assert registry.problems[0].startswith("Erweiterung „kaputtstadt“")
    assert "ModuleNotFoundError" in registry.problems[0]
    assert registry.importer("json").name == "json"


def test_strict_mode_turns_problems_into_a_hard_error(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = plugin(profiles=ValueError("Profil fehlt"))
    with pytest.raises(PluginError, match=r"„wackel“.*Profil fehlt"):
        load(extra=[("wackel", broken)], entry_points=no_entry_points, strict=True)
    monkeypatch.setenv("INTEGRATIONKONZEPT_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError):
        load(extra=[("wackel", broken)], entry_points=no_entry_points)
    monkeypatch.setenv("INTEGRATIONKONZEPT_STRICT_PLUGINS", "0")
    assert load(extra=[("wackel", broken)], entry_points=no_entry_points).problems


def test_profiles_are_found_by_name_and_by_key() -> None:
    profile = MunicipalityProfile("teststadt", Municipality("Teststadt", "01001000"), CADENCE)
    registry = load(
        extra=[("t", plugin(profiles=[profile]))], entry_points=no_entry_points, strict=False
    )
    assert registry.profile("teststadt") is profile
    assert registry.profile_for("01001000") is profile
    assert registry.profile_for("99999999") is None


def test_city_checks_run_only_on_their_city() -> None:
    def complain(data: Dataset) -> Iterable[Problem]:
        yield Problem(Severity.WARNING, "$.data", "immer")

    city = CheckSet("nur-leipzig", "x", complain, ags="14713000")
    assert city.applies_to(example("leipzig"))
    assert not city.applies_to(example("magdeburg"))
