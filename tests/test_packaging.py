"""Wheels of every distribution build, install into a clean virtual environment, and work there:
the command runs, every plugin is found through its entry point, and the example plugin passes
the contract tests from integrationkonzept[testing] as a third party would run them."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTIONS = [
    ROOT,
    *sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml")),
    ROOT / "docs" / "examples" / "beispielstadt",
]


def run(*command: str | Path, cwd: Path | None = None) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean virtual environment with the wheels of every distribution installed."""
    wheels = tmp_path_factory.mktemp("wheels")
    for distribution in DISTRIBUTIONS:
        run(
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            wheels,
            distribution,
        )
    environment = tmp_path_factory.mktemp("venv")
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    core = next(wheels.glob("integrationkonzept-*.whl"))
    others = [w for w in wheels.glob("*.whl") if w != core]
    run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        f"integrationkonzept[testing] @ {core.as_uri()}",
        *others,
    )
    return environment


def test_a_wheel_per_distribution(installed: Path) -> None:
    listed = run(installed / "bin" / "python", "-m", "pip", "list", "--format=freeze")
    names = {line.split("==")[0].lower() for line in listed.splitlines()}
    expected = {"integrationkonzept", "integrationkonzept-beispielstadt"}
    expected |= {
        f"integrationkonzept-{p.name}" for p in DISTRIBUTIONS if p.parent.name == "plugins"
    }
    assert expected <= names


def test_the_command_runs_and_finds_every_plugin(installed: Path) -> None:
    out = run(installed / "bin" / "integrationkonzept", "plugins")
    assert "integrationkonzept (integrationkonzept " in out
    assert "beispielstadt (integrationkonzept-beispielstadt 0.1.0)" in out
    for plugin in (p for p in DISTRIBUTIONS if p.parent.name == "plugins"):
        assert f"{plugin.name} (integrationkonzept-{plugin.name} " in out
    assert "Probleme" not in out
    demo = run(installed / "bin" / "integrationkonzept", "demo", "--as-of", "2026-11-21")
    assert "Verzug: 1.134 Tage, 1 Planänderung" in demo


def test_the_example_plugin_passes_the_contracts_when_installed(installed: Path) -> None:
    tests = ROOT / "docs" / "examples" / "beispielstadt" / "tests"
    out = run(
        installed / "bin" / "python",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--hypothesis-profile=integrationkonzept-ci",
        tests,
        cwd=tests,
    )
    assert " passed" in out
    assert "failed" not in out


def test_package_data_and_types_are_in_the_wheel(installed: Path) -> None:
    code = (
        "import importlib.resources as r, integrationkonzept as ik;"
        "print(ik.example('leipzig').municipality.ags,"
        " r.files('integrationkonzept').joinpath('py.typed').is_file())"
    )
    assert run(installed / "bin" / "python", "-c", code).split() == ["14713000", "True"]
