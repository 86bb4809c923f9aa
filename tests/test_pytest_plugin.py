"""The pytest plugin that plugin authors get with integrationkonzept[testing]."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import settings

from integrationkonzept import Dataset
from integrationkonzept.plugins import Registry


def test_fixtures_are_available(
    integrationkonzept_registry: Registry,
    integrationkonzept_example: Callable[[str], Dataset],
) -> None:
    assert "json" in integrationkonzept_registry.names("importer")
    assert integrationkonzept_example("leipzig").municipality.ags == "14713000"


def test_profiles_are_registered() -> None:
    ci = settings.get_profile("integrationkonzept-ci")
    assert ci.derandomize
    assert ci.deadline is None
