"""What the workspace tests share: the command line (in this process or its own), the example's
ids."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from integrationkonzept.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"
MEASURE = "befragung-2020"  # row 2 of the measure sheet of the Leipzig example
OTHER = "fortbildung-sprint"  # row 3


def ik(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line with ``args``: its exit status, stdout and stderr."""
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def run_in_process(*args: str) -> tuple[int, str, str]:
    """``integrationkonzept ARGS`` in this process, without pytest's capture: exit status,
    stdout, stderr (for hypothesis tests, which cannot take the capsys fixture)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse refuses
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def run_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``integrationkonzept ARGS`` as its own process in ``cwd``, changes made by "Frau Test"."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "INTEGRATIONKONZEPT_AUTHOR": "Frau Test"}
    env.pop("INTEGRATIONKONZEPT_WORKSPACE", None)
    return subprocess.run(
        [sys.executable, "-m", "integrationkonzept", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
        check=False,
    )
