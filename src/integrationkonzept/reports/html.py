"""The HTML report: one self-contained file with inline CSS and inline SVG charts.

Nothing is loaded at view time: no scripts, fonts, images or style sheets from elsewhere (a
Content-Security-Policy in the page says so to the browser, too). Jinja2 renders the page with
autoescaping on; the only markup inserted as is are the charts, which matplotlib draws from text it
escapes itself. A print style sheet lays the report out for A4.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from ..contributions import RenderOptions
from ..i18n import text
from ..model.dataset import Dataset
from .overview import Overview, build_overview

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html", "report_html"]


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("integrationkonzept.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def report_html(overview: Overview) -> str:
    """The page for ``overview``, charts included."""
    from markupsafe import Markup

    from .. import __version__
    from .charts import svg

    charts = {figure.chart.key: Markup(svg(figure.chart)) for figure in overview.figures()}
    lang = overview.lang

    def translate(key: str, **values: object) -> str:
        return text(key, lang, **values)

    template = _environment().get_template("report.html.j2")
    return template.render(ov=overview, charts=charts, t=translate, version=__version__)


def render_html(data: Dataset, options: RenderOptions) -> bytes:
    """The ``html`` report format: the whole overview of ``data`` as one HTML file (UTF-8)."""
    as_of: dt.date = options.as_of
    return report_html(build_overview(data, as_of, options.lang)).encode("utf-8")
