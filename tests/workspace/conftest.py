"""Fixtures of the workspace tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrationkonzept.cli import main


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Leipzig workspace in the current directory, changes made by "anna"."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTEGRATIONKONZEPT_AUTHOR", "anna")
    monkeypatch.delenv("INTEGRATIONKONZEPT_WORKSPACE", raising=False)
    assert main(["init", "--example", "leipzig", "--source", "Beispieldaten"]) == 0
    return tmp_path / "integrationkonzept.sqlite"
