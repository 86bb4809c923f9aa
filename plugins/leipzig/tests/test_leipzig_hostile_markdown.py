"""The Markdown of ``leipzig-sachstandsbericht`` keeps no terminal control character of the data
(ESC, BEL, NUL, C1): a report file shown with ``cat`` cannot recolour or clear the terminal."""

from __future__ import annotations

import datetime as dt
import re

import attrs
from hypothesis import HealthCheck, given, settings
from integrationkonzept_leipzig.sachstandsbericht import render

from integrationkonzept.contributions import RenderOptions
from integrationkonzept.examples import example
from integrationkonzept.model import Dataset, Municipality
from integrationkonzept.testing.strategies import datasets

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE = "Leipzig \x1b[31mrot\x07 \x9b2J \x00 \x1b]0;Titel\x07 \x85"


def markdown(data: Dataset) -> str:
    return render(data, RenderOptions("md", "de", dt.date(2024, 1, 1))).decode("utf-8")


def test_hostile_names_leave_no_controls_in_the_markdown() -> None:
    data = example("leipzig")
    lines = tuple(attrs.evolve(line, note=HOSTILE) for line in data.budget_lines)
    hostile = attrs.evolve(
        data, municipality=Municipality(HOSTILE, data.municipality.ags), budget_lines=lines
    )
    shown = markdown(hostile)
    assert "rot" in shown
    assert CONTROLS.search(shown) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_no_data_set_leaves_controls_in_the_markdown(data: Dataset) -> None:
    assert CONTROLS.search(markdown(data)) is None
