"""What the workspace tests share: the command line run in this process, and the example's ids."""

from __future__ import annotations

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
