"""Every hook is documented in docs/hooks.md with its exact signature (as datasette does it)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from integrationkonzept import hookspecs

HOOKS_DOC = Path(__file__).resolve().parent.parent / "docs" / "hooks.md"
HOOKS = sorted(
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("integrationkonzept_") and inspect.isfunction(value)
)


def written_signature(name: str) -> str:
    """The signature as the source writes it (annotations are strings under PEP 563)."""
    function = getattr(hookspecs, name)
    annotations = dict(function.__annotations__)
    returns = annotations.pop("return")
    params = ", ".join(f"{param}: {annotation}" for param, annotation in annotations.items())
    return f"def {name}({params}) -> {returns}:"


def test_there_are_hooks() -> None:
    assert len(HOOKS) >= 6


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_with_its_signature(name: str) -> None:
    text = HOOKS_DOC.read_text(encoding="utf-8")
    assert f"## {name}\n" in text, f"{name} is not documented in docs/hooks.md"
    section = text.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
    assert written_signature(name) in section, (
        f"docs/hooks.md documents {name} with another signature; the code has:\n"
        f"{written_signature(name)}"
    )
    assert getattr(hookspecs, name).__doc__, f"{name} has no docstring"


def test_documented_hooks_exist() -> None:
    text = HOOKS_DOC.read_text(encoding="utf-8")
    documented = {line[3:] for line in text.splitlines() if line.startswith("## ")}
    assert documented == set(HOOKS)
