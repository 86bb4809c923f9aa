"""The charts read from the SVG they really draw: nothing empty is drawn, date labels stay apart,
legends name only what is drawn, and a budget phase has one colour everywhere."""

from __future__ import annotations

import datetime as dt
import html
import io
import itertools
import re
from decimal import Decimal
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

import attrs
import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.examples import example
from integrationkonzept.i18n import LANGS, text
from integrationkonzept.model import BudgetPhase, Money, Source, SourceKind
from integrationkonzept.model.budget import BudgetLine
from integrationkonzept.reports.charts import MAX_DATE_TICKS, PHASE_COLOURS, PLAN_COLOUR, svg
from integrationkonzept.reports.docx_report import render_docx
from integrationkonzept.reports.html import render_html
from integrationkonzept.reports.overview import build_overview
from integrationkonzept.reports.view import BarChart, Series, TimelineChart, TimelineRow

SVG = "{http://www.w3.org/2000/svg}"
# DejaVu Sans: digits are 0.64 em wide, lower-case letters mostly narrower.
GLYPH_EM = 0.6


# --- reading the SVG ------------------------------------------------------------------------------


def parse(markup: str) -> Element:
    # The SVG is the library's own output, not hostile input: the standard parser will do.
    return ElementTree.fromstring(markup)


def group(root: Element, suffix: str) -> Element:
    """The one ``<g>`` whose id ends with ``suffix`` (ids are prefixed with the chart's id)."""
    found = [g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith(suffix)]
    assert len(found) == 1, suffix
    return found[0]


def texts(element: Element) -> list[Element]:
    return list(element.iter(f"{SVG}text"))


def style(element: Element, name: str) -> str:
    match = re.search(rf"(?:^|;)\s*{name}:\s*([^;]+)", element.get("style", ""))
    return match.group(1).strip() if match else ""


def patches(element: Element) -> dict[str, str]:
    """The fill colour of each bar or legend patch inside ``element`` by its id, in order."""
    out = {}
    for g in element.iter(f"{SVG}g"):
        if re.search(r"-patch_\d+$", g.get("id", "")):
            path = g.find(f"{SVG}path")
            assert path is not None
            out[g.get("id", "")] = style(path, "fill").upper()
    return out


def legend(root: Element) -> list[tuple[str, str]]:
    """Each legend entry of a bar chart: (its text, lines joined by spaces; its patch colour)."""
    box = group(root, "legend_1")
    names = [
        " ".join("".join(line.itertext()) for line in texts(g))
        for g in box.iter(f"{SVG}g")
        if re.search(r"-text_\d+$", g.get("id", ""))
    ]
    return list(zip(names, patches(box).values(), strict=True))


def bar_colours(root: Element) -> set[str]:
    """The colours of the bars drawn in the chart's axes: not its legend, frame or background."""
    shapes = patches(group(root, "axes_1"))
    for key in patches(group(root, "legend_1")):
        del shapes[key]
    return set(shapes.values()) - {"#FFFFFF", "NONE"}


def phase_legend(data: Dataset, lang: str = "de") -> dict[str, str]:
    figure = next(
        f
        for f in build_overview(data, AS_OF, lang).funding_figures
        if f.chart.key == "funding-phase"
    )
    return dict(legend(parse(svg(figure.chart))))


# --- a chart with nothing to draw ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_progress_chart_without_progress_is_replaced_by_a_sentence(lang: str) -> None:
    leipzig = example("leipzig")  # the public records give no progress for any measure
    sentence = text("chart.progress.none", lang)
    overview = build_overview(leipzig, AS_OF, lang)
    assert overview.progress_figure is None
    assert sentence in overview.notices
    assert all(figure.chart.key != "progress" for figure in overview.figures())

    page = render_html(leipzig, RenderOptions("html", lang, AS_OF)).decode("utf-8")
    titles = re.findall(r'<title id="[^"]*-title">([^<]*)</title>', page)
    assert html.escape(text("chart.progress", lang)) not in titles
    assert len(titles) == len(overview.figures())
    assert sentence in html.unescape(page)

    word = docx.Document(io.BytesIO(render_docx(leipzig, RenderOptions("docx", lang, AS_OF))))
    assert sentence in [p.text for p in word.paragraphs]
    assert len(word.inline_shapes) == len(overview.figures())


def test_a_progress_chart_with_progress_is_drawn_without_the_sentence(rich: Dataset) -> None:
    overview = build_overview(rich, AS_OF, "de")
    assert overview.progress_figure is not None
    assert text("chart.progress.none", "de") not in overview.notices


# --- date labels ---------------------------------------------------------------------------------


def date_labels(chart: TimelineChart) -> list[tuple[float, float, str]]:
    """Each label of the time axis: its estimated left and right end, and its text."""
    out = []
    for label in texts(group(parse(svg(chart)), "matplotlib.axis_1")):
        words = "".join(label.itertext())
        size = float(style(label, "font-size").removesuffix("px"))
        assert style(label, "text-anchor") == "middle"
        centre, half = float(label.get("x", "nan")), len(words) * size * GLYPH_EM / 2
        out.append((centre - half, centre + half, words))
    return sorted(out)


def timeline(start: dt.date, days: int, reached: bool, as_of_share: float) -> TimelineChart:
    end = start + dt.timedelta(days=days)
    middle = start + dt.timedelta(days=days // 2)
    return TimelineChart(
        key="milestones",
        title="Meilensteine",
        description="Zeitleiste",
        rows=(
            TimelineRow("Beschluss", start, ((start, middle), (middle, end)), end, None),
            TimelineRow("Bericht", start, (), middle, middle if reached else None),
        ),
        legend=("erster Plan", "geänderter Plan", "erreicht", "Stichtag"),
        as_of=start + dt.timedelta(days=round(days * as_of_share)),
        lang="de",
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    days=st.one_of(st.integers(1, 60), st.integers(1, 60 * 366)),
    reached=st.booleans(),
    as_of_share=st.floats(0, 1),
    lang=st.sampled_from(LANGS),
)
def test_date_labels_are_few_and_never_overlap(
    start: dt.date, days: int, reached: bool, as_of_share: float, lang: str
) -> None:
    chart = attrs.evolve(timeline(start, days, reached, as_of_share), lang=lang)
    labels = date_labels(chart)
    assert 1 <= len(labels) <= MAX_DATE_TICKS
    assert all(words.strip() for _, _, words in labels)
    for (_, right, first), (left, _, second) in itertools.pairwise(labels):
        assert right < left, (first, second)


def test_the_old_quarterly_labels_of_two_years_are_thinned() -> None:
    # The Leipzig timeline ran from 2017 into 2020 and drew "Jan. 2018Apr. 2018Juli 2018…".
    chart = timeline(dt.date(2017, 11, 1), 800, True, 1.0)
    words = [w for _, _, w in date_labels(chart)]
    assert words == ["Jan. 2018", "Juli", "Jan. 2019", "Juli", "Jan. 2020"]


# --- legends -------------------------------------------------------------------------------------


def bars(stacked: bool) -> BarChart:
    return BarChart(
        key="bars",
        title="Balken",
        description="Balken je Jahr",
        categories=("2020", "2021", "2022"),
        series=(
            Series("Sprache", (Decimal(10), None, Decimal(30)), ("10 €", "", "30 €")),
            Series("Leer", (None, None, None), ("", "", "")),
            Series("Arbeit", (None, Decimal(5), Decimal(0)), ("", "5 €", "0 €")),
        ),
        axis_label="Betrag",
        missing_label="keine Angabe",
        lang="de",
        stacked=stacked,
    )


@pytest.mark.parametrize("stacked", [False, True])
def test_a_legend_names_exactly_the_drawn_series(stacked: bool) -> None:
    root = parse(svg(bars(stacked)))
    entries = legend(root)
    assert [name for name, _ in entries] == ["Sprache", "Arbeit"]
    assert {colour for _, colour in entries} == bar_colours(root)


def test_the_timeline_legend_names_only_the_marks_drawn() -> None:
    start = dt.date(2020, 1, 1)
    chart = TimelineChart(
        key="milestones",
        title="Meilensteine",
        description="Zeitleiste",
        rows=(TimelineRow("Bericht", start, (), start, dt.date(2020, 3, 1)),),
        legend=("erster Plan", "geänderter Plan", "erreicht", "Stichtag"),
        as_of=dt.date(2024, 1, 1),  # after every date, all reached: no line for it
        lang="de",
    )
    box = group(parse(svg(chart)), "legend_1")
    assert ["".join(t.itertext()) for t in texts(box)] == ["erster Plan", "erreicht"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_funding_legends_and_tables_name_the_same_series(lang: str) -> None:
    for figure in build_overview(example("leipzig"), AS_OF, lang).funding_figures:
        assert isinstance(figure.chart, BarChart)
        names = [name for name, _ in legend(parse(svg(figure.chart)))]
        drawn = [s.label for s in figure.chart.series if any(v is not None for v in s.values)]
        assert names == drawn
        if figure.chart.key == "funding-phase":  # the phases are the table's columns
            assert list(figure.table.header[1:]) == names
        else:  # the purposes are its rows, then the total
            assert [row[0].text for row in figure.table.rows[:-1]] == names


# --- one colour per phase ------------------------------------------------------------------------

SOURCE = Source(SourceKind.DOCUMENT, "Haushaltsplan", date=dt.date(2021, 1, 1))


def with_lines(data: Dataset, *lines: tuple[int, BudgetPhase, int]) -> Dataset:
    budget = tuple(
        BudgetLine(f"line-{n}", year, "sprache", phase, Money.of(amount), SOURCE)
        for n, (year, phase, amount) in enumerate(lines)
    )
    return attrs.evolve(data, budget_lines=budget)


def expected(lang: str) -> dict[str, str]:
    out = {text(f"phase.{phase.value}", lang): colour for phase, colour in PHASE_COLOURS.items()}
    return out | {text("plan", lang): PLAN_COLOUR}


@pytest.mark.parametrize("lang", LANGS)
def test_a_phase_has_one_colour_in_every_city(lang: str) -> None:
    leipzig = phase_legend(example("leipzig"), lang)
    # Magdeburg's records give no budget lines: give it some, without a draft or a motion, so
    # that colours by order of appearance would shift.
    magdeburg = phase_legend(
        with_lines(
            example("magdeburg"),
            (2021, BudgetPhase.ACTUAL, 900),
            (2021, BudgetPhase.ADOPTED, 1000),
        ),
        lang,
    )
    # Phases listed backwards, and a year with only a draft.
    backwards = phase_legend(
        with_lines(
            example("leipzig"),
            (2021, BudgetPhase.ACTUAL, 70),
            (2021, BudgetPhase.ADOPTED, 80),
            (2021, BudgetPhase.REQUESTED, 90),
            (2021, BudgetPhase.DRAFT, 60),
            (2022, BudgetPhase.DRAFT, 50),
        ),
        lang,
    )
    assert len(leipzig) == 5
    assert set(magdeburg) == {
        text("phase.adopted", lang),
        text("plan", lang),
        text("phase.actual", lang),
    }
    for legend_colours in (leipzig, magdeburg, backwards):
        for name, colour in legend_colours.items():
            assert colour == expected(lang)[name].upper(), name
    assert len(set(leipzig.values())) == len(leipzig)


def contrast(colour: str) -> float:
    """WCAG contrast ratio of ``colour`` against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_phase_colours_differ_and_stand_out_against_white() -> None:
    colours = [*PHASE_COLOURS.values(), PLAN_COLOUR]
    assert set(PHASE_COLOURS) == set(BudgetPhase)
    assert len(set(colours)) == len(colours)
    assert all(contrast(colour) >= 3.0 for colour in colours)
