"""The PDF report: the HTML report's page laid out for A4 by WeasyPrint.

The PDF is the page the ``html`` format writes, so both show the same and escape the same way
(Jinja2's autoescaping: text from the data stays text, a ``<script>`` in a title is printed, and
WeasyPrint runs no scripts anyway). A print style sheet of its own adds what only a PDF needs:
the page size and margins, "Seite 1 von 3" at the foot of each page, fonts that exist on any
machine with fontconfig (DejaVu, else Liberation) and table rows that do not split.

Nothing is fetched while rendering: the page holds no external resources, and the URL fetcher
refuses every address but ``data:`` should one slip in (a link to a source is a link in the PDF,
never a request). The metadata say what a reader's document properties show: title, author (the
office that keeps the concept, else the municipality), language, and the reference day as the
day of creation, so the same data and day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ..contributions import RenderOptions
from ..errors import IntegrationskonzeptError
from ..i18n import text
from ..model.dataset import Dataset
from ..safe import clean_text
from .html import html_overview, report_html

__all__ = [
    "PdfInfo",
    "footer_content",
    "page_css",
    "page_pdf",
    "pdf_info",
    "refuse_fetch",
    "render_pdf",
]

#: Marks a page counter in the footer text while it is taken apart (no text of ours holds it).
_COUNTER = "\x00"


@attrs.frozen
class PdfInfo:
    """The document properties of a PDF: title, author, language and day of creation."""

    title: str
    author: str
    lang: str
    created: dt.date


def _css_string(value: str) -> str:
    """``value`` as a quoted CSS string: quotes and backslashes escaped, line breaks as
    ``\\A`` (a raw line break would end the string)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def footer_content(lang: str) -> str:
    """The CSS ``content`` of the page footer, e.g. ``"Seite " counter(page) " von "
    counter(pages)``: the translated sentence with its placeholders as page counters, so a
    language may put the numbers where its grammar wants them."""
    page, pages = (f"{_COUNTER}{name}{_COUNTER}" for name in ("page", "pages"))
    marked = text("pdf.page_of", lang, page=page, pages=pages)
    parts = []
    for index, part in enumerate(marked.split(_COUNTER)):
        if index % 2:  # between two marks: a counter's name
            parts.append(f"counter({part})")
        elif part:
            parts.append(_css_string(part))
    return " ".join(parts)


def page_css(lang: str) -> str:
    """The print style sheet of the PDF. WeasyPrint adds it as a user style sheet, which yields to
    the page's own rules unless marked ``!important``: what must hold in the PDF is marked (the
    page's print rules already keep headings with what follows them and figures whole)."""
    return f"""
@page {{
  size: A4 !important;
  margin: 18mm 15mm 20mm !important;
  @bottom-center {{
    content: {footer_content(lang)};
    font: 8pt "DejaVu Sans", "Liberation Sans", sans-serif;
    color: #5b5b66;
  }}
}}
body {{ font: 9pt/1.45 "DejaVu Sans", "Liberation Sans", sans-serif !important; }}
table {{ font-size: 7.5pt !important; }}
th, td {{ padding: .15rem .3rem !important; }}
caption {{ break-after: avoid; }}
tr, li, dt, dd {{ break-inside: avoid; }}
thead {{ display: table-header-group; }}
th, td, dd, li, h3 {{ overflow-wrap: break-word; }}
"""


def _weasyprint() -> Any:
    """WeasyPrint, imported when a PDF is asked for (it loads Pango, which takes a while); without
    it or without the system libraries it loads, an error that says what to install instead of a
    traceback."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise IntegrationskonzeptError(
            "report pdf braucht WeasyPrint und die Bibliothek Pango "
            f"(pip install weasyprint; siehe docs/reports.md): {exc}"
        ) from exc
    return weasyprint


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher for the report: ``data:`` addresses only (they hold what they
    give and need no network); any other address is refused, so laying out a page never sends a
    request, whatever a text or a style sheet names."""
    if not url.lower().startswith("data:"):
        raise ValueError(f"not fetched: {url[:80]!r} (the PDF report loads nothing)")
    result: dict[str, Any] = _weasyprint().default_url_fetcher(url, *args, **kwargs)
    return result


def pdf_info(data: Dataset, title: str, lang: str, as_of: dt.date) -> PdfInfo:
    """The document properties of the report on ``data``: the office that keeps the concept
    writes it; when the data set does not name one, the municipality does."""
    municipality = data.municipality
    author = clean_text(municipality.office).strip() or clean_text(municipality.name)
    return PdfInfo(title=title, author=author, lang=lang, created=as_of)


def page_pdf(page: str, info: PdfInfo) -> bytes:
    """``page`` (a whole HTML document) as a PDF with the properties ``info``."""
    weasyprint = _weasyprint()
    style = weasyprint.CSS(string=page_css(info.lang), url_fetcher=refuse_fetch)
    layout = weasyprint.HTML(string=page, url_fetcher=refuse_fetch)
    document = layout.render(stylesheets=[style])
    metadata = document.metadata
    metadata.title = info.title
    metadata.authors = [info.author]
    metadata.lang = info.lang
    # The reference day, not the clock: the same data and day give the same file.
    metadata.created = metadata.modified = info.created.isoformat()
    pdf: bytes = document.write_pdf()
    return pdf


def render_pdf(data: Dataset, options: RenderOptions) -> bytes:
    """The ``pdf`` report format: the HTML report (papers included) as an A4 PDF."""
    overview = html_overview(data, options)
    info = pdf_info(data, f"{overview.title} – {overview.subtitle}", overview.lang, overview.day)
    return page_pdf(report_html(overview), info)
