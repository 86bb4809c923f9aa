"""Charts of the overview drawn with matplotlib: inline SVG for HTML, PNG for DOCX.

The chart specifications (:class:`~integrationkonzept.reports.overview.BarChart`,
:class:`~integrationkonzept.reports.overview.TimelineChart`) hold every value and label; this
module only draws them. matplotlib is imported when a chart is drawn (start-up time matters for
the command line), with the Agg backend and settings that make the output the same on every run:
a fixed ``svg.hashsalt``, no creation date, text kept as text, no math parsing of labels (a ``$``
in a title stays a dollar sign).

:func:`svg` returns markup ready to be placed inside HTML: no XML prolog or metadata, ids prefixed
with the chart's own id (several charts on one page), ``role="img"`` with a ``<title>`` and
``<desc>`` for screen readers, and a size that follows the page width.

What is drawn is what can be read: a chart without any value is not drawn at all
(:func:`drawable`; the overview says so in a sentence), a legend names only the series drawn, a
budget phase has one colour in every city and chart (:data:`PHASE_COLOURS`), and the labels of a
time axis are chosen to fit its width whatever the span (:func:`date_ticks`).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import textwrap
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from ..i18n import LANGS, text
from ..model.budget import BudgetPhase
from .view import BarChart, Series, TimelineChart, TimelineRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "MAX_DATE_TICKS",
    "PALETTE",
    "PHASE_COLOURS",
    "PLAN_COLOUR",
    "date_ticks",
    "drawable",
    "drawn_series",
    "png",
    "series_colours",
    "svg",
]

#: Colours that stay distinct for colour-blind readers (Okabe–Ito), in the order series use them:
#: first those with a contrast of at least 3:1 against white, then the light ones (yellow, too
#: faint on white, left out).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#555555", "#E69F00", "#56B4E9")

#: One colour per budget phase, the same in every city and chart (assigned by order of appearance
#: they changed with a city's data). Each has a contrast of at least 3:1 against the white page
#: (WCAG 1.4.11) and they stay apart under simulated protan-, deutan- and tritanopia: Okabe–Ito
#: hues without the light ones (orange, sky blue, yellow), plus black and grey.
PHASE_COLOURS: Final[Mapping[BudgetPhase, str]] = {
    BudgetPhase.DRAFT: "#0072B2",  # blue
    BudgetPhase.REQUESTED: "#CC79A7",  # reddish purple
    BudgetPhase.ADOPTED: "#009E73",  # bluish green
    BudgetPhase.REVISED: "#000000",  # black
    BudgetPhase.ACTUAL: "#D55E00",  # vermillion
}
#: The current plan (Soll: adopted and revised together), drawn next to the phases.
PLAN_COLOUR: Final = "#555555"

# The marks of the milestone timeline, from the same few colours: a milestone reached (finished)
# has a green dot, one still open has none; the reference day is a vermillion dashed line.
_FIRST_PLAN = PHASE_COLOURS[BudgetPhase.DRAFT]
_CHANGED_PLAN = PHASE_COLOURS[BudgetPhase.REQUESTED]
_REACHED = PHASE_COLOURS[BudgetPhase.ADOPTED]
_AS_OF = PHASE_COLOURS[BudgetPhase.ACTUAL]

#: At most this many labelled dates on a time axis.
MAX_DATE_TICKS: Final = 8
#: Size of the date labels in points.
_TICK_SIZE = 9.0
# An upper bound of the mean width of a glyph of DejaVu Sans in the date labels, in em (digits
# are 0.64 em, "M" 0.86 em); overestimating only thins the labels, never lets them collide.
_GLYPH_EM = 0.7
# Free space between two date labels, in em.
_GAP_EM = 1.0

_EPOCH = dt.date(1970, 1, 1)

_RC: dict[str, Any] = {
    "date.epoch": "1970-01-01T00:00:00",
    "svg.hashsalt": "integrationkonzept",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10.0,
    "figure.dpi": 100.0,
    "savefig.dpi": 100.0,
}


@contextmanager
def _matplotlib() -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg")
    settings: Any = _RC
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        # Characters DejaVu Sans lacks (emoji in a title) are drawn as boxes; no need to warn.
        warnings.simplefilter("ignore", UserWarning)
        yield


def _wrap(label: str, width: int) -> str:
    flat = " ".join(label.split())
    if len(flat) > 3 * width:
        flat = flat[: 3 * width - 1] + "…"
    return "\n".join(textwrap.wrap(flat, width)) or "–"


def _money_axis(lang: str) -> Any:
    from babel.numbers import format_currency
    from matplotlib.ticker import FuncFormatter

    locale, pattern = ("de_DE", "#,##0\u00a0¤") if lang == "de" else ("en_US", "¤#,##0")

    def label(value: float, _position: int) -> str:
        amount = Decimal(round(float(value)))
        return str(
            format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)
        )

    return FuncFormatter(label)


def _percent_axis(lang: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    def label(value: float, _position: int) -> str:
        number = f"{float(value):.0f}"
        return f"{number}\u00a0%" if lang == "de" else f"{number}%"

    return FuncFormatter(label)


def drawable(chart: BarChart | TimelineChart) -> bool:
    """Whether the chart has anything to draw: a bar with a value, a milestone with a date. One
    without is left out of a report (a sentence says so) rather than drawn empty."""
    if isinstance(chart, TimelineChart):
        return bool(chart.rows)
    return any(drawn_series(chart))


def drawn_series(chart: BarChart) -> tuple[Series, ...]:
    """The series with at least one value: only these are drawn and named in the legend."""
    return tuple(s for s in chart.series if any(v is not None for v in s.values))


def series_colours(chart: BarChart) -> tuple[str, ...]:
    """The colour of each drawn series: a budget phase (or the plan) by :data:`PHASE_COLOURS`,
    anything else by its place in :data:`PALETTE`.

    A series names its phase only by its label (the view model's series carry no key), so the
    labels are matched against the phase texts of the chart's language.
    """
    series = drawn_series(chart)
    phases = _phase_colours(chart.lang) if chart.lang in LANGS else {}
    if series and all(s.label in phases for s in series):
        return tuple(phases[s.label] for s in series)
    return tuple(PALETTE[index % len(PALETTE)] for index in range(len(series)))


def _phase_colours(lang: str) -> dict[str, str]:
    """Each phase's colour (and the plan's) by the phase's label in ``lang``."""
    found = {text(f"phase.{phase.value}", lang): c for phase, c in PHASE_COLOURS.items()}
    return found | {text("plan", lang): PLAN_COLOUR}


def _bar_figure(chart: BarChart) -> Figure:
    from matplotlib.figure import Figure

    count = len(chart.categories)
    if chart.horizontal:
        figure = Figure(figsize=(7.5, 0.9 + 0.45 * max(count, 1)))
    else:
        figure = Figure(figsize=(7.5, 3.6))
    axes = figure.add_subplot()
    if not drawable(chart):  # reports leave such a chart out; a caller drawing it gets a note
        axes.text(0.5, 0.5, chart.missing_label, ha="center", va="center", color="#555555")
        axes.set_axis_off()
        return figure
    if chart.horizontal:
        _horizontal_bars(axes, chart)
    else:
        _vertical_bars(axes, chart)
    return figure


def _values(values: tuple[Decimal | None, ...]) -> list[float]:
    # Drawing needs floats; the exact figures are in the table next to the chart.
    return [float(v) if v is not None else 0.0 for v in values]


def _vertical_bars(axes: Axes, chart: BarChart) -> None:
    count = len(chart.categories)
    positions = list(range(count))
    drawn = drawn_series(chart)
    colours = series_colours(chart)
    groups = max(len(drawn), 1)
    width = 0.8 if chart.stacked else 0.8 / groups
    bottoms = [0.0] * count
    for index, series in enumerate(drawn):
        heights = _values(series.values)
        xs = positions if chart.stacked else [p - 0.4 + width * (index + 0.5) for p in positions]
        shown = [i for i, v in enumerate(series.values) if v is not None]
        bars = axes.bar(
            [xs[i] for i in shown],
            [heights[i] for i in shown],
            width=width,
            bottom=[bottoms[i] for i in shown] if chart.stacked else 0.0,
            color=colours[index],
            edgecolor="white",
            linewidth=0.5,
            label=_wrap(series.label, 45),
        )
        if not chart.stacked:
            axes.bar_label(
                bars,
                labels=[series.labels[i] for i in shown],
                fontsize=6.5,
                rotation=90,
                padding=2,
            )
        else:
            for i in shown:
                bottoms[i] += heights[i]
    if chart.stacked:
        for position, total, series_values in zip(
            positions, bottoms, zip(*(s.values for s in drawn), strict=True), strict=True
        ):
            if any(v is not None for v in series_values):
                axes.annotate(
                    _total_label(series_values, chart.lang),
                    (position, total),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    xytext=(0, 2),
                    textcoords="offset points",
                )
    axes.set_xticks(positions, [_wrap(c, 14) for c in chart.categories])
    axes.yaxis.set_major_formatter(_money_axis(chart.lang))
    axes.set_ylabel(chart.axis_label)
    axes.margins(y=0.18)
    axes.set_ylim(bottom=min(0.0, axes.get_ylim()[0]))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=min(3, len(drawn)) if all(len(s.label) < 30 for s in drawn) else 1,
        frameon=False,
        fontsize=8,
    )


def _total_label(values: tuple[Decimal | None, ...], lang: str) -> str:
    from babel.numbers import format_currency

    total = sum((v for v in values if v is not None), Decimal(0))
    locale, pattern = ("de_DE", "#,##0\u00a0¤") if lang == "de" else ("en_US", "¤#,##0")
    return str(format_currency(total, "EUR", format=pattern, locale=locale, currency_digits=False))


def _horizontal_bars(axes: Axes, chart: BarChart) -> None:
    count = len(chart.categories)
    positions = list(range(count))[::-1]  # first category on top
    series = chart.series[0]
    for index, (value, label) in enumerate(zip(series.values, series.labels, strict=True)):
        position = count - 1 - index
        if value is None:
            axes.text(1.5, position, chart.missing_label, va="center", fontsize=8, color="#555555")
            continue
        last = chart.highlight_last and index == count - 1
        axes.barh(position, float(value), color=PALETTE[1] if last else PALETTE[0], height=0.6)
        axes.text(float(value) + 1, position, label, va="center", fontsize=8, color="#222222")
    axes.set_yticks(positions, [_wrap(c, 32) for c in chart.categories])
    axes.set_xlim(0, 112)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.xaxis.set_major_formatter(_percent_axis(chart.lang))
    axes.set_xlabel(chart.axis_label)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _day_number(day: dt.date) -> float:
    """Days since 1970-01-01: matplotlib's number for a date (its default epoch)."""
    return float((day - _EPOCH).days)


def _axis_range(chart: TimelineChart) -> tuple[dt.date, dt.date, bool]:
    """The first and last day the time axis shows, and whether the reference day is marked: it
    is when a milestone is still open or it falls among the dates anyway."""
    days = [d for row in chart.rows for d in _row_days(row)]
    low, high = min(days), max(days)
    marked = any(row.actual is None for row in chart.rows) or low <= chart.as_of <= high
    if marked:
        low, high = min(low, chart.as_of), max(high, chart.as_of)
    # A twelfth of the span on either side keeps the outer marks off the frame; two days at least
    # so that a single date still gets an axis of a few days.
    pad = dt.timedelta(days=max(2, (high - low).days // 12))
    # Dates at the ends of the calendar (0001-01-01, 9999-12-31) leave no room for the padding.
    start = low - pad if low - dt.date.min > pad else dt.date.min
    stop = high + pad if dt.date.max - high > pad else dt.date.max
    return start, stop, marked


def _row_days(row: TimelineRow) -> list[dt.date]:
    points = [d for d in (row.first_plan, row.latest_plan, row.actual) if d is not None]
    return points + [changed for _, changed in row.revisions]


def _timeline_figure(chart: TimelineChart) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    rows = chart.rows
    figure = Figure(figsize=(7.5, 1.3 + 0.5 * max(len(rows), 1)))
    axes = figure.add_subplot()
    for number, row in enumerate(rows):
        _timeline_row(axes, row, len(rows) - 1 - number)
    start, stop, marked = _axis_range(chart)
    if marked:
        axes.axvline(_day_number(chart.as_of), color=_AS_OF, linestyle="--", linewidth=1)
    axes.set_xlim(_day_number(start), _day_number(stop))
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_yticks(
        list(range(len(rows)))[::-1], [_wrap(row.label, 38) for row in rows], fontsize=8
    )
    width = axes.get_position().width * figure.get_figwidth() * 72  # points
    ticks = date_ticks(start, stop, width, chart.lang)
    axes.set_xticks([_day_number(day) for day, _ in ticks], [label for _, label in ticks])
    axes.tick_params(axis="x", labelsize=_TICK_SIZE)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    # Only what is drawn is named: no diamond without a change of plan, no dashed line unmarked.
    first = {"marker": "o", "linestyle": "", "markerfacecolor": "white", "color": _FIRST_PLAN}
    kinds: tuple[tuple[bool, dict[str, Any]], ...] = (
        (any(row.first_plan for row in rows), first),
        (
            any(row.revisions for row in rows),
            {"marker": "D", "linestyle": "", "color": _CHANGED_PLAN},
        ),
        (any(row.actual for row in rows), {"marker": "o", "linestyle": "", "color": _REACHED}),
        (marked, {"linestyle": "--", "color": _AS_OF}),
    )
    handles = [Line2D([], [], **style) for shown, style in kinds if shown]
    names = [name for (shown, _), name in zip(kinds, chart.legend, strict=True) if shown]
    axes.legend(
        handles,
        names,
        loc="upper center",
        # A fixed distance below the axis (below the date labels), whatever the chart's height.
        bbox_to_anchor=(0.5, -26 / (axes.get_position().height * figure.get_figheight() * 72)),
        ncol=len(handles),
        frameon=False,
        fontsize=8,
    )
    return figure


def _timeline_row(axes: Axes, row: TimelineRow, y: int) -> None:
    end = row.actual or row.latest_plan
    if row.first_plan is not None and end is not None:
        axes.plot(
            [_day_number(row.first_plan), _day_number(end)],
            [y, y],
            color="#999999",
            linewidth=1.5,
            zorder=1,
        )
    if row.first_plan is not None:
        axes.scatter(
            [_day_number(row.first_plan)],
            [y],
            s=45,
            facecolors="white",
            edgecolors=_FIRST_PLAN,
            linewidths=1.5,
            zorder=3,
        )
    previous = row.first_plan
    for _, new in row.revisions:
        if previous is not None:
            axes.annotate(
                "",
                xy=(_day_number(new), y + 0.18),
                xytext=(_day_number(previous), y + 0.18),
                arrowprops={"arrowstyle": "->", "color": _CHANGED_PLAN, "linewidth": 1.0},
            )
        axes.scatter([_day_number(new)], [y], s=45, marker="D", color=_CHANGED_PLAN, zorder=3)
        previous = new
    if row.actual is not None:
        axes.scatter([_day_number(row.actual)], [y], s=55, color=_REACHED, zorder=4)


# Steps between labelled dates, finest first: (unit, count) with units "day", "month", "year".
_STEPS: tuple[tuple[str, int], ...] = (
    *(("day", n) for n in (1, 2, 7, 14)),
    *(("month", n) for n in (1, 2, 3, 6)),
    *(("year", n) for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)),
)
_UNIT_DAYS = {"day": 1.0, "month": 30.44, "year": 365.25}


def date_ticks(
    start: dt.date, stop: dt.date, width: float, lang: str
) -> tuple[tuple[dt.date, str], ...]:
    """The labelled dates of a time axis from ``start`` to ``stop`` drawn ``width`` points wide.

    The finest step (days, weeks, months, quarters, years, decades …) whose labels fit: at most
    :data:`MAX_DATE_TICKS`, each label's estimated width (characters × 0.7 em, more than any
    label needs) plus a gap clear of its neighbours. A label names the year only where it
    changes, so that labels stay short ("Jan. 2018", "Apr.", "Juli", …, "Jan. 2019").
    """
    span = max((stop - start).days, 1)
    for unit, count in _STEPS:
        if span / (_UNIT_DAYS[unit] * count) > MAX_DATE_TICKS + 1:
            continue  # too many before any are made (a day step over decades)
        ticks = _labelled(_dates(start, stop, unit, count), unit, lang)
        if ticks and _fits(ticks, start, span, width):
            return ticks
    return ()


def _dates(start: dt.date, stop: dt.date, unit: str, count: int) -> list[dt.date]:
    """Every date from ``start`` to ``stop`` on a step of ``count`` units, on round dates: days
    from Monday 0001-01-01 (weeks start on Mondays), months from January, years divisible by
    ``count``."""
    if unit == "day":
        first = start.toordinal() + (-(start.toordinal() - 1)) % count
        return [dt.date.fromordinal(o) for o in range(first, stop.toordinal() + 1, count)]
    if unit == "month":
        out = []
        year, month = start.year, start.month
        while (year, month) <= (stop.year, stop.month):
            day = dt.date(year, month, 1)
            if (month - 1) % count == 0 and start <= day:
                out.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    first_year = start.year + (-start.year) % count
    years = range(max(first_year, count), stop.year + 1, count)  # no year 0
    return [day for day in (dt.date(y, 1, 1) for y in years) if start <= day]


def _labelled(days: list[dt.date], unit: str, lang: str) -> tuple[tuple[dt.date, str], ...]:
    from babel.dates import format_date

    locale = "de_DE" if lang == "de" else "en_US"
    with_year, without = {
        "day": ("d. MMM y", "d. MMM") if lang == "de" else ("MMM d, y", "MMM d"),
        "month": ("MMM y", "MMM"),
        "year": ("y", "y"),
    }[unit]
    out = []
    for index, day in enumerate(days):
        new_year = index == 0 or days[index - 1].year != day.year
        pattern = with_year if new_year else without
        out.append((day, str(format_date(day, format=pattern, locale=locale))))
    return tuple(out)


def _fits(ticks: tuple[tuple[dt.date, str], ...], start: dt.date, span: int, width: float) -> bool:
    if len(ticks) > MAX_DATE_TICKS:
        return False
    em = _TICK_SIZE
    centres = [width * (day - start).days / span for day, _ in ticks]
    halves = [len(label) * _GLYPH_EM * em / 2 for _, label in ticks]
    return all(
        centres[i + 1] - centres[i] >= halves[i] + halves[i + 1] + _GAP_EM * em
        for i in range(len(ticks) - 1)
    )


def _figure(chart: BarChart | TimelineChart) -> Figure:
    if isinstance(chart, TimelineChart):
        return _timeline_figure(chart)
    return _bar_figure(chart)


_TAG = re.compile(r"<[^>]*>")


def _prefix_ids(tag: str, prefix: str) -> str:
    tag = re.sub(r'(\sid=")([^"]+)"', lambda m: f'{m.group(1)}{prefix}-{m.group(2)}"', tag)
    tag = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", tag)
    return re.sub(r'(href=")#([^"]+)"', lambda m: f'{m.group(1)}#{prefix}-{m.group(2)}"', tag)


def svg(chart: BarChart | TimelineChart, dom_id: str | None = None) -> str:
    """The chart as an ``<svg>`` element to place inside an HTML page.

    ``dom_id`` (default: the chart's key) prefixes every id inside; the element carries
    ``role="img"`` and is labelled by its ``<title>`` and ``<desc>``.
    """
    prefix = dom_id or f"chart-{chart.key}"
    with _matplotlib():
        figure = _figure(chart)
        buffer = io.StringIO()
        figure.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            metadata={"Date": None, "Creator": None},
        )
    markup = buffer.getvalue()
    markup = markup[markup.index("<svg") :]
    markup = re.sub(r"\s*<metadata>.*?</metadata>", "", markup, flags=re.DOTALL)
    markup = _TAG.sub(lambda m: _prefix_ids(m.group(0), prefix), markup)
    end = markup.index(">")
    root = re.sub(r'\s(width|height)="[^"]*"', "", markup[:end])
    root += (
        f' class="chart" role="img" aria-labelledby="{prefix}-title {prefix}-desc"'
        ' preserveAspectRatio="xMidYMid meet" focusable="false"'
    )
    title = html.escape(chart.title)
    desc = html.escape(chart.description)
    markup = (
        f'{root}>\n <title id="{prefix}-title">{title}</title>\n'
        f' <desc id="{prefix}-desc">{desc}</desc>{markup[end + 1 :]}'
    )
    if "<script" in markup.lower():
        raise ValueError("refusing to embed an SVG chart that contains script")
    return markup.strip()


def png(chart: BarChart | TimelineChart, dpi: int = 150) -> bytes:
    """The chart as a PNG image (for DOCX), ``dpi`` dots per inch."""
    with _matplotlib():
        figure = _figure(chart)
        buffer = io.BytesIO()
        figure.savefig(
            buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None}
        )
    return buffer.getvalue()
