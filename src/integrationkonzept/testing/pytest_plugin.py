"""The pytest plugin of ``integrationkonzept[testing]``, registered through the ``pytest11`` entry
point: fixtures for plugin authors and hypothesis profiles.

Fixtures: ``integrationkonzept_registry`` (the installed plugins) and ``integrationkonzept_example``
(a function: the built-in example data set by name). Profiles: ``integrationkonzept-ci``
(derandomized, no deadline) and ``integrationkonzept-dev`` (no deadline); choose one with
``pytest --hypothesis-profile=integrationkonzept-ci``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ..model.dataset import Dataset
from ..plugins import Registry

try:
    from hypothesis import settings
except ImportError:  # hypothesis comes with the [testing] extra; without it, no profiles
    pass
else:
    settings.register_profile("integrationkonzept-ci", derandomize=True, deadline=None)
    settings.register_profile("integrationkonzept-dev", deadline=None)


@pytest.fixture
def integrationkonzept_registry() -> Registry:
    """The installed plugins and what they contribute."""
    from ..plugins import registry

    return registry()


@pytest.fixture
def integrationkonzept_example() -> Callable[[str], Dataset]:
    """``integrationkonzept_example("leipzig")``: a built-in example data set."""
    from ..examples import example

    return example
