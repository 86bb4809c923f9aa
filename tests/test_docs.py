"""Every code example in the README and in docs/ runs and shows what it claims."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(path: Path) -> None:
    result = doctest.testfile(
        str(path),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert result.failed == 0, f"{result.failed} example(s) in {path.name} failed (see above)"


def test_documents_have_examples() -> None:
    # A doc page whose examples vanished would pass the test above without testing anything.
    for path in DOCUMENTS:
        assert ">>> " in path.read_text(encoding="utf-8"), path
