"""The HTML report, read with an HTML parser: self-contained, accessible, escaped, complete."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import attrs
import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_support import AS_OF, HOSTILE_TITLE

from integrationkonzept import Dataset, Municipality
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.examples import example
from integrationkonzept.i18n import LANGS, fmt_date, fmt_percent, text
from integrationkonzept.model import BudgetCadence, Source, SourceKind
from integrationkonzept.reports.html import _Cells, render_html
from integrationkonzept.reports.view import Entry, TableData
from integrationkonzept.testing.contracts import ReportFormatContract
from integrationkonzept.testing.strategies import datasets, texts

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


@attrs.define
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    items: list[Node | str] = attrs.Factory(list)

    @property
    def children(self) -> list[Node]:
        return [item for item in self.items if isinstance(item, Node)]

    def walk(self) -> list[Node]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def content(self) -> str:
        return "".join(item if isinstance(item, str) else item.content() for item in self.items)

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class Tree(HTMLParser):
    """A small DOM: elements with their attributes, children and text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attributes}, self.current)
        self.current.items.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attributes}, self.current)
        self.current.items.append(node)

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.items.append(data)

    def all(self, tag: str) -> list[Node]:
        return [node for node in self.root.walk() if node.tag == tag]


def html(data: Dataset, lang: str = "de", as_of: dt.date = AS_OF) -> str:
    return render_html(data, RenderOptions("html", lang, as_of)).decode("utf-8")


@pytest.fixture(scope="module")
def page(rich: Dataset) -> str:
    return html(rich)


@pytest.fixture(scope="module")
def tree(page: str) -> Tree:
    return Tree(page)


def test_page_is_self_contained(page: str, tree: Tree) -> None:
    assert page.startswith("<!DOCTYPE html>")
    for tag in ("script", "link", "iframe", "object", "embed", "img", "video", "audio"):
        assert tree.all(tag) == [], tag
    csp = [m for m in tree.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert csp[0].attrs["content"].startswith("default-src 'none'")
    style = "".join(node.content() for node in tree.all("style"))
    assert "@import" not in style
    assert "url(" not in style
    assert "@font-face" not in style
    for node in tree.root.walk():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            if name in ("src", "href", "xlink:href"):
                external = value.startswith(("http://", "https://"))
                assert value.startswith("#") or (external and node.tag == "a"), (node.tag, value)
                if external:
                    assert any(a.attrs.get("class") == "sources" for a in node.ancestors())


def test_print_stylesheet(page: str) -> None:
    assert "@media print" in page
    assert "@page" in page
    block = page[page.index("@media print") : page.index("</style>")]
    assert "nav.toc { display: none; }" in block
    assert "break-inside: avoid" in block


def test_every_chart_is_an_accessible_inline_svg_with_a_table(tree: Tree) -> None:
    charts = tree.all("svg")
    assert len(charts) == 4
    for svg in charts:
        assert svg.attrs["role"] == "img"
        title, desc = svg.children[0], svg.children[1]
        assert title.tag == "title"
        assert desc.tag == "desc"
        assert svg.attrs["aria-labelledby"] == f"{title.attrs['id']} {desc.attrs['id']}"
        assert title.content().strip()
        assert "viewbox" in svg.attrs
        figure = next(a for a in svg.ancestors() if a.tag == "figure")
        tables = [n for n in figure.walk() if n.tag == "table"]
        assert len(tables) == 1
        assert [n for n in tables[0].walk() if n.tag == "caption"]
        assert [n for n in figure.walk() if n.tag == "figcaption"]
    titles = [svg.children[0].content() for svg in charts]
    assert titles == [
        "Fortschritt je Handlungsfeld",
        "Finanzierung je Jahr und Zweck (Soll)",
        "Entwurf, Antrag, Beschluss, Soll und Ist je Jahr",
        "Meilensteine und ihre Verschiebungen",
    ]


def test_ids_are_unique_and_footnotes_resolve(tree: Tree) -> None:
    ids = [node.attrs["id"] for node in tree.root.walk() if "id" in node.attrs]
    assert len(ids) == len(set(ids))
    targets = {
        node.attrs["href"][1:] for node in tree.all("a") if node.attrs.get("href", "")[:1] == "#"
    }
    assert targets <= set(ids)
    assert {f"q{n}" for n in range(1, 10)} <= set(ids)


def test_page_shows_every_part(tree: Tree) -> None:
    text = " ".join(tree.root.content().split()).replace("\xa0", " ")
    sections = [node.attrs["id"] for node in tree.all("section")]
    assert sections == [
        "konzept",
        "handlungsfelder",
        "finanzierung",
        "berichtspflichten",
        "meilensteine",
        "ratsbeschluesse",
        "quellen",
    ]
    # concept, fields and measures with status and progress
    assert "Leipzig (AGS 14713000)" in text
    assert "4 von 8 Handlungsfeldern namentlich bekannt" in text
    assert "Fortschritt des Konzepts: 64,2 %" in text
    assert "(30 + 62,5 + 100) / 3 ≈ 64,2" in text
    assert "(40 × 1 + 20 × 1) / 2 = 30" in text
    assert "in Umsetzung (seit 01.09.2022)" in text
    assert "Mehrsprachige Elternarbeit in Kitas" in text
    # funding per year, purpose and phase, with sources
    assert "100.000,00 €" in text
    assert "Kürzung 2021: Entwurf 0,00 € gegenüber Soll (aktueller Plan) 2020 80.000,00 €" in text
    assert "Beschluss der Ratsversammlung vom 31.03.2021 (31.03.2021)" not in text
    assert "Beschluss der Ratsversammlung vom 31.03.2021" in text
    # the review schedule, due and late
    assert "verspätet, 201 Tage zu spät" in text
    assert "fehlt (kein Bericht erfasst), seit 546 Tagen überfällig" in text
    assert "fristgerecht" in text
    # milestone slips
    assert "Verzug: 759 Tage, 0 Planänderungen" in text
    assert "am 02.10.2023 verschoben auf frühestens 31.03.2024" in text
    assert "Gründe: Haushaltssperre" in text


def test_state_classes_mark_due_and_late(tree: Tree) -> None:
    classes = {node.attrs.get("class") for node in tree.all("span")}
    assert {"state-missing", "state-late", "state-on-time", "state-open"} <= classes


def test_hostile_title_comes_out_as_text(page: str, tree: Tree) -> None:
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x00" not in page
    assert "\x1b" not in page
    assert "\x07" not in page
    cells = [n.content() for n in tree.all("td")]
    assert '=HYPERLINK("http://x","y") <script>alert(1)</script>[31m rot' in cells
    assert HOSTILE_TITLE not in page


def test_unsafe_source_urls_are_not_links(rich: Dataset) -> None:
    line = rich.budget_lines[0]
    evil = attrs.evolve(line, source=Source(SourceKind.PRESS, "Zeitung", url="javascript:alert(1)"))
    page = html(attrs.evolve(rich, budget_lines=(evil, *rich.budget_lines[1:])))
    assert "javascript:" not in page.split("<main>")[1].split("Zeitung")[0]
    assert 'href="javascript' not in page
    assert 'href="https://ratsinformation.leipzig.example/vo020?VOLFDNR=1234"' in page


def test_english_report() -> None:
    page = html(example("leipzig"), "en")
    tree = Tree(page)
    assert tree.all("html")[0].attrs["lang"] == "en"
    text = " ".join(tree.root.content().split())
    assert "Funding per year and purpose (plan)" in text
    assert "€100,000.00" in text
    assert "missing (no report recorded)" in text
    assert "Fields of action and measures" in text
    assert "Finanzierung" not in text


def test_rendering_is_deterministic(rich: Dataset) -> None:
    assert html(rich) == html(rich)


def test_data_without_concept_or_money() -> None:
    bare = Dataset(Municipality("Teststadt", "01001000"), BudgetCadence(1, 2024))
    page = html(bare)
    tree = Tree(page)
    assert tree.all("svg") == []
    text = tree.root.content()
    assert "Der Datensatz enthält kein Konzept." in text
    assert "Keine Haushaltszeilen erfasst." in text


@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_any_dataset_renders_to_parsable_html(data: Dataset) -> None:
    page = html(data)
    tree = Tree(page)
    assert tree.all("script") == []
    assert len(tree.all("section")) == 7


# The macros the template used for values and table rows before html._Cells built them: the cells
# must be the markup Jinja2's autoescaping made, character for character, whatever the text holds.
MACROS = """\
{%- macro notes(entry) -%}
{%- if entry.notes -%}
<sup class="fn">[{% for n in entry.notes %}<a href="#q{{ n }}" title="{{ t('footnote_title', n=n) }}">{{ n }}</a>{% if not loop.last %}, {% endif %}{% endfor %}]</sup>
{%- endif -%}
{%- endmacro -%}
{%- macro value(entry) -%}
<span{% if entry.hint %} title="{{ entry.hint }}"{% endif %}{% if entry.css %} class="{{ entry.css }}"{% endif %}>{{ entry.text }}</span>{{ notes(entry) }}
{%- endmacro -%}
{%- macro rows(data) -%}
{%- for row in data.rows %}
<tr{% if row[0].strong %} class="total"{% endif %}>{% for entry in row %}{% if loop.first %}<th scope="row">{{ value(entry) }}</th>{% else %}<td{% if loop.index0 in data.numeric %} class="num"{% endif %}>{{ value(entry) }}</td>{% endif %}{% endfor %}</tr>
{%- endfor %}
{%- endmacro -%}
"""  # noqa: E501 - the template lines as they were

entries = st.builds(
    Entry,
    texts(),
    st.lists(st.integers(1, 400), max_size=3, unique=True).map(lambda n: tuple(sorted(n))),
    texts(),
    st.sampled_from(("", "state-late", '" onmouseover="alert(1)')),
    st.booleans(),
)


@settings(max_examples=60)
@given(
    rows=st.lists(st.lists(entries, min_size=1, max_size=4).map(tuple), max_size=4),
    numeric=st.lists(st.integers(0, 4), unique=True).map(tuple),
    lang=st.sampled_from(LANGS),
)
def test_cells_are_the_markup_autoescaping_made(
    rows: list[tuple[Entry, ...]], numeric: tuple[int, ...], lang: str
) -> None:
    def translate(key: str, **values: object) -> str:
        return text(key, lang, **values)

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    macros = environment.from_string(MACROS).make_module({"t": translate})
    cells = _Cells(lang)
    table = TableData("caption", ("a", "b", "c", "d"), tuple(rows), numeric)
    assert str(cells.rows(table)) == str(macros.rows(table))
    for row in rows:
        for entry in row:
            assert str(cells.cell(entry)) == str(macros.value(entry))


def test_cached_formats_keep_numbers_apart_that_read_differently() -> None:
    # fmt_percent and fmt_date remember their texts: equal Decimals must not share one.
    assert fmt_percent(Decimal("0.0")) == "0\xa0%"
    assert fmt_percent(Decimal("-0.0")) == "-0\xa0%"
    assert fmt_percent(Decimal("33.3"), "en") == "33.3%"
    assert fmt_percent(Decimal("33.3")) == "33,3\xa0%"
    assert fmt_date(dt.date(2021, 3, 31), "en") == "Mar 31, 2021"
    assert fmt_date(dt.date(2021, 3, 31)) == "31.03.2021"
    with pytest.raises(ValueError, match="unknown language"):
        fmt_percent(Decimal(1), "fr")
    with pytest.raises(ValueError, match="unknown language"):
        fmt_date(dt.date(2021, 3, 31), "fr")


class TestHtmlReport(ReportFormatContract):
    format_name = "html"

    def check_output(self, kind: str, output: bytes) -> None:
        tree = Tree(output.decode("utf-8"))
        assert tree.all("main")
        assert tree.all("script") == []
