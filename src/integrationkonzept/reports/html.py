"""The HTML report: one self-contained file with inline CSS and inline SVG charts.

Nothing is loaded at view time: no scripts, fonts, images or style sheets from elsewhere (a
Content-Security-Policy in the page says so to the browser, too). Jinja2 renders the page with
autoescaping on; the only markup inserted as is are the charts, which matplotlib draws from text it
escapes itself, and the values and table rows :class:`_Cells` builds from text it escapes the way
autoescaping does. A print style sheet lays the report out for A4.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from ..contributions import RenderOptions
from ..i18n import text
from ..model.dataset import Dataset
from .overview import build_overview
from .view import DecisionBlock, Entry, Overview, PaperBlock, TableData, missing

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

__all__ = [
    "consultation_table",
    "html_overview",
    "paper_facts",
    "render_html",
    "report_html",
]


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("integrationkonzept.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


class _Cells:
    """Table cells as markup, built here rather than by a template macro per cell (a report with
    thousands of measures spent most of its time calling macros). Every text is escaped with
    ``markupsafe.escape``, the function Jinja2's autoescaping uses, so the page is the same."""

    def __init__(self, lang: str) -> None:
        from markupsafe import Markup, escape

        self._lang = lang
        self._escape = escape  # bound once: an import per cell shows in the profile
        self._markup = Markup
        self._links: dict[int, str] = {}  # footnote number -> its link, made once per page

    def _link(self, number: int) -> str:
        link = self._links.get(number)
        if link is None:
            escape = self._escape
            title = escape(text("footnote_title", self._lang, n=number))
            shown = escape(number)
            link = f'<a href="#q{shown}" title="{title}">{shown}</a>'
            self._links[number] = link
        return link

    def _notes(self, numbers: tuple[int, ...]) -> str:
        if not numbers:
            return ""
        links = ", ".join(self._link(number) for number in numbers)
        return f'<sup class="fn">[{links}]</sup>'

    def value(self, entry: Entry) -> str:
        """``entry`` as a ``<span>`` (with its explanation as a tooltip) and its footnotes."""
        escape = self._escape
        hint = f' title="{escape(entry.hint)}"' if entry.hint else ""
        css = f' class="{escape(entry.css)}"' if entry.css else ""
        shown = f"<span{hint}{css}>{escape(entry.text)}</span>"
        return shown + self._notes(entry.notes)

    def notes(self, numbers: tuple[int, ...]) -> Markup:
        """The footnote links for ``numbers`` (nothing without any), for a heading."""
        return self._markup(self._notes(numbers))

    def cell(self, entry: Entry) -> Markup:
        """:meth:`value` as markup for the template."""
        return self._markup(self.value(entry))

    def rows(self, table: TableData) -> Markup:
        """The body rows of ``table``, each on a line of its own: the first entry of a row is its
        header cell, numeric columns are right-aligned, a row of totals is marked."""
        numeric = frozenset(table.numeric)
        value = self.value
        lines = []
        for row in table.rows:
            cells = [f'<th scope="row">{value(row[0])}</th>']
            for index in range(1, len(row)):
                num = ' class="num"' if index in numeric else ""
                cells.append(f"<td{num}>{value(row[index])}</td>")
            total = ' class="total"' if row[0].strong else ""
            lines.append(f"\n<tr{total}>{''.join(cells)}</tr>")
        return self._markup("".join(lines))


def _vote(decision: DecisionBlock, lang: str) -> str:
    """The vote in words: the counted votes, then the vote as written when both are given (it
    may say more than the numbers, e.g. who abstained)."""
    said = []
    if decision.votes is not None:
        yes, no, abstentions = decision.votes
        said.append(text("votes", lang, yes=yes, no=no, abstentions=abstentions))
    if decision.vote_text:
        said.append(decision.vote_text)
    return " – ".join(said)


def paper_facts(paper: PaperBlock, lang: str) -> tuple[tuple[str, Entry], ...]:
    """What the report says about ``paper`` under its heading, as label and value: kind, day,
    who decided when (with the decision's source), the result, the vote and the decision's text.
    A part the paper does not state is left out rather than shown as a dash: a council paper
    often states only some of them."""
    decision = paper.decision
    found = [
        ("paper.kind", Entry(paper.kind)),
        ("paper.date", Entry(paper.date)),
        ("decision", Entry(f"{decision.body}, {decision.date}", decision.notes)),
        ("paper.result", Entry(decision.result)),
        ("paper.vote", Entry(_vote(decision, lang))),
        ("paper.text", Entry(decision.text, css="decision-text")),
    ]
    return tuple((text(key, lang), entry) for key, entry in found if entry.text)


def consultation_table(paper: PaperBlock, lang: str) -> TableData:
    """The Beratungsfolge of ``paper`` as a table: body (the row's header), meeting day, role,
    result; a value not stated is a dash, explained."""
    header = tuple(
        text(f"consultation.{name}", lang) for name in ("body", "date", "role", "result")
    )

    def shown(value: str) -> Entry:
        return Entry(value) if value else missing(lang)

    rows = tuple(
        (Entry(row.body), shown(row.date), shown(row.role), shown(row.result))
        for row in paper.consultations
    )
    caption = text("paper.consultations_of", lang, reference=paper.reference)
    return TableData(caption, header, rows)


def report_html(overview: Overview) -> str:
    """The page for ``overview``, charts included."""
    from markupsafe import Markup

    from .. import __version__
    from .charts import svg

    charts = {figure.chart.key: Markup(svg(figure.chart)) for figure in overview.figures()}
    lang = overview.lang

    def translate(key: str, **values: object) -> str:
        return text(key, lang, **values)

    papers = [
        (paper, paper_facts(paper, lang), consultation_table(paper, lang))
        for paper in overview.papers
    ]
    cells = _Cells(lang)
    template = _environment().get_template("report.html.j2")
    return template.render(
        ov=overview,
        charts=charts,
        papers=papers,
        t=translate,
        cell=cells.cell,
        rows=cells.rows,
        notes=cells.notes,
        version=__version__,
    )


def html_overview(data: Dataset, options: RenderOptions) -> Overview:
    """The overview the page shows: everything, the decided council papers included (the PDF
    report lays out the same page, so both ask here)."""
    as_of: dt.date = options.as_of
    return build_overview(data, as_of, options.lang, papers=True)


def render_html(data: Dataset, options: RenderOptions) -> bytes:
    """The ``html`` report format: the whole overview of ``data`` as one HTML file (UTF-8)."""
    return report_html(html_overview(data, options)).encode("utf-8")
