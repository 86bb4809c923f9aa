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
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import textwrap
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .view import BarChart, TimelineChart

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PALETTE", "png", "svg"]

#: Colours that stay distinct for colour-blind readers (Okabe–Ito), in the order series use them.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

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


def _bar_figure(chart: BarChart) -> Figure:
    from matplotlib.figure import Figure

    count = len(chart.categories)
    if chart.horizontal:
        figure = Figure(figsize=(7.5, 0.9 + 0.45 * max(count, 1)))
    else:
        figure = Figure(figsize=(7.5, 3.6))
    axes = figure.add_subplot()
    if count == 0:
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
    groups = max(len(chart.series), 1)
    width = 0.8 if chart.stacked else 0.8 / groups
    bottoms = [0.0] * count
    for index, series in enumerate(chart.series):
        heights = _values(series.values)
        xs = positions if chart.stacked else [p - 0.4 + width * (index + 0.5) for p in positions]
        shown = [i for i, v in enumerate(series.values) if v is not None]
        bars = axes.bar(
            [xs[i] for i in shown],
            [heights[i] for i in shown],
            width=width,
            bottom=[bottoms[i] for i in shown] if chart.stacked else 0.0,
            color=PALETTE[index % len(PALETTE)],
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
            positions, bottoms, zip(*(s.values for s in chart.series), strict=True), strict=True
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
        ncol=min(3, len(chart.series)) if all(len(s.label) < 30 for s in chart.series) else 1,
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
        axes.barh(position, float(value), color=PALETTE[5] if last else PALETTE[0], height=0.6)
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


def _timeline_figure(chart: TimelineChart) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    rows = chart.rows
    figure = Figure(figsize=(7.5, 1.3 + 0.5 * max(len(rows), 1)))
    axes = figure.add_subplot()
    days: list[dt.date] = []
    for number, row in enumerate(rows):
        y = len(rows) - 1 - number
        points = [d for d in (row.first_plan, row.latest_plan, row.actual) if d is not None]
        points += [changed for _, changed in row.revisions]
        days.extend(points)
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
                edgecolors=PALETTE[0],
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
                    arrowprops={"arrowstyle": "->", "color": PALETTE[1], "linewidth": 1.0},
                )
            axes.scatter([_day_number(new)], [y], s=45, marker="D", color=PALETTE[1], zorder=3)
            previous = new
        if row.actual is not None:
            axes.scatter([_day_number(row.actual)], [y], s=55, color=PALETTE[2], zorder=4)
    unreached = any(row.actual is None for row in rows)
    low, high = min(days), max(days)
    if unreached or low <= chart.as_of <= high:
        days.append(chart.as_of)
        axes.axvline(_day_number(chart.as_of), color=PALETTE[5], linestyle="--", linewidth=1)
        low, high = min(days), max(days)
    pad = dt.timedelta(days=max(45, (high - low).days // 12))
    # Dates at the ends of the calendar (0001-01-01, 9999-12-31) leave no room for the padding.
    start = low - pad if low - dt.date.min > pad else dt.date.min
    stop = high + pad if dt.date.max - high > pad else dt.date.max
    axes.set_xlim(_day_number(start), _day_number(stop))
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_yticks(
        list(range(len(rows)))[::-1], [_wrap(row.label, 38) for row in rows], fontsize=8
    )
    _date_axis(axes, chart.lang, (high - low).days + 2 * pad.days)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=PALETTE[0]),
        Line2D([], [], marker="D", linestyle="", color=PALETTE[1]),
        Line2D([], [], marker="o", linestyle="", color=PALETTE[2]),
        Line2D([], [], linestyle="--", color=PALETTE[5]),
    ]
    axes.legend(
        handles,
        list(chart.legend),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=4,
        frameon=False,
        fontsize=8,
    )
    return figure


def _date_axis(axes: Axes, lang: str, span_days: int) -> None:
    import matplotlib.dates
    from babel.dates import format_date
    from matplotlib.ticker import FuncFormatter

    dates: Any = matplotlib.dates  # untyped module

    locale = "de_DE" if lang == "de" else "en_US"
    if span_days >= 3 * 365:
        axes.xaxis.set_major_locator(dates.YearLocator(base=max(1, span_days // (365 * 8))))
        pattern = "y"
    else:
        axes.xaxis.set_major_locator(
            dates.MonthLocator(bymonth=(1, 4, 7, 10) if span_days > 400 else None)
        )
        pattern = "MMM y"

    def label(value: float, _position: int) -> str:
        try:
            day = _EPOCH + dt.timedelta(days=round(float(value)))
        except (OverflowError, ValueError):  # a tick outside the calendar (years 1 to 9999)
            return ""
        return str(format_date(day, format=pattern, locale=locale))

    axes.xaxis.set_major_formatter(FuncFormatter(label))


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
