"""The built-in example data: Leipzig and Magdeburg, every figure with its source.

The data states only what public records confirm (see ``docs/model.md``): for Leipzig the 2020
edition with the four Handlungsfelder named verbatim of its eight, three of its 89 measures, the
funding history 2020–2022 and the review rules; for Magdeburg the guidelines and the concept process
with its milestones and their revisions.
"""

from __future__ import annotations

from importlib import resources

from .model.dataset import Dataset
from .serialize import load

__all__ = ["EXAMPLES", "example"]

#: The names of the built-in examples.
EXAMPLES = ("leipzig", "magdeburg")


def example(name: str) -> Dataset:
    """The built-in example data set ``name`` (one of :data:`EXAMPLES`)."""
    if name not in EXAMPLES:
        raise ValueError(f"unknown example {name!r}; choose from {', '.join(EXAMPLES)}")
    text = resources.files("integrationkonzept").joinpath("data", f"{name}.json").read_bytes()
    return load(Dataset, text, name=f"{name}.json")
