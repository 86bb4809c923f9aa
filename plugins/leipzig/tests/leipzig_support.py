"""Shared helpers for the Leipzig plugin's tests: the fixtures and the seed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrationkonzept.contributions import InputFile

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The ``shared`` directory next to the repository root holds the seed documents.
SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"

SEED_BUDGET = "000_554785e04f858638.txt"
SEED_VSP = "002_271e5152ca7a979a.txt"
SEED_NF = "003_4fca3991aced76d1.txt"


def fixture_file(name: str) -> InputFile:
    """A fixture as the importers get it."""
    return InputFile(name, (FIXTURES / name).read_bytes())


def seed_dir(path: Path = SEEDS) -> Path:
    """``path`` if it is a directory; otherwise the calling test is skipped, saying why."""
    if not path.is_dir():
        pytest.skip("…/shared/seeds nicht vorhanden: Test mit echten Dokumenten übersprungen")
    return path


@pytest.fixture
def seeds() -> Path:
    """The seed directory; the test is skipped when it is not there."""
    return seed_dir()
