"""The Markdown of ``leipzig-sachstandsbericht`` keeps no terminal control character of the data
(ESC, BEL, NUL, C1): a report file shown with ``cat`` cannot recolour or clear the terminal."""

from __future__ import annotations

import attrs

from integrationkonzept.examples import example
from integrationkonzept.model import Dataset
from integrationkonzept.testing.contracts import MarkdownControlsContract


class TestLeipzigMarkdownControls(MarkdownControlsContract):
    format_name = "leipzig-sachstandsbericht"

    def hostile_dataset(self, hostile: str) -> Dataset:
        # The report shows the notes of the budget lines.
        data = example("leipzig")
        lines = tuple(attrs.evolve(line, note=hostile) for line in data.budget_lines)
        return attrs.evolve(data, budget_lines=lines)
