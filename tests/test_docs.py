"""Every code example in the README and in docs/ runs and shows what it claims.

Python examples (``>>>``) run as doctests. Console examples (a ```console block) run as shell
commands in a fresh temporary directory, one block after another in the same directory, and their
output must match (``...`` stands for any text, as in doctests).
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_CONSOLE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", DOCUMENTS, ids=_ids)
def test_python_examples_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=_FLAGS, raise_on_error=False, verbose=False
    )
    assert result.failed == 0, f"{result.failed} example(s) in {path.name} failed (see above)"


def console_examples(path: Path) -> list[tuple[str, str]]:
    """The (command, expected output) pairs of the console blocks of ``path``."""
    pairs: list[tuple[str, str]] = []
    for block in _CONSOLE.findall(path.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], ""))
            elif pairs:
                pairs[-1] = (pairs[-1][0], pairs[-1][1] + line + "\n")
    return pairs


@pytest.mark.parametrize("path", [p for p in DOCUMENTS if console_examples(p)], ids=_ids)
def test_console_examples_run(path: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DOCS": str(ROOT / "docs"),
        "INTEGRATIONKONZEPT_AUTHOR": "Frau Beispiel",
        "COLUMNS": "100",
    }
    env.pop("INTEGRATIONKONZEPT_WORKSPACE", None)
    for command, expected in console_examples(path):
        result = subprocess.run(
            command,
            shell=True,
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )
        got = result.stdout.replace("\xa0", " ")
        if not _CHECKER.check_output(expected, got, _FLAGS):
            pytest.fail(f"{path.name}: $ {command}\nexpected:\n{expected}\ngot:\n{got}")


def test_documents_have_examples() -> None:
    # A page whose examples vanished would pass the tests above without testing anything.
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        assert ">>> " in text or console_examples(path), path
