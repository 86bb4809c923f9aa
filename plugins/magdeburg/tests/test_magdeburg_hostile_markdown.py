"""The Markdown of ``magdeburg-stellungnahme`` keeps no terminal control character of the data
(ESC, BEL, NUL, C1): a report file shown with ``cat`` cannot recolour or clear the terminal."""

from __future__ import annotations

import attrs

from integrationkonzept.examples import example
from integrationkonzept.model import Dataset
from integrationkonzept.testing.contracts import MarkdownControlsContract


class TestMagdeburgMarkdownControls(MarkdownControlsContract):
    format_name = "magdeburg-stellungnahme"

    def hostile_dataset(self, hostile: str) -> Dataset:
        # The statement shows the titles of the milestones.
        data = example("magdeburg")
        milestones = tuple(attrs.evolve(item, title=hostile) for item in data.milestones)
        return attrs.evolve(data, milestones=milestones)
