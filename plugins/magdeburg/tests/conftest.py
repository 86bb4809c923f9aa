"""Shared fixtures: the fixture directory and the seed documents. (The hypothesis profiles come
from the repository's root ``conftest.py``.)"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"
SEED_STATEMENT = "004_d18245f02a767ed8.txt"


@pytest.fixture
def fixtures() -> Path:
    """The directory of this plugin's own test documents."""
    return FIXTURES


@pytest.fixture
def seed_statement() -> Path:
    """Seed 004 (Stellungnahme S0518/19); the test is skipped when the seeds are not there."""
    path = SEEDS / SEED_STATEMENT
    if not path.is_file():
        pytest.skip(f"{SEEDS} nicht vorhanden: Test mit echten Dokumenten übersprungen")
    return path
