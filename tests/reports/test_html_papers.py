"""The council papers in the HTML report: a section of its own with a heading per paper, the
facts as a definition list, the Beratungsfolge as a table, each value with its source; text from
the data comes out as text."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from report_support import AS_OF
from test_report_html import Node, Tree, html

from integrationkonzept import Dataset, Municipality
from integrationkonzept.examples import example
from integrationkonzept.model import (
    BudgetCadence,
    Consultation,
    Decision,
    Paper,
    Source,
    SourceKind,
    VoteResult,
)
from integrationkonzept.reports.html import consultation_table, paper_facts
from integrationkonzept.reports.overview import build_overview
from integrationkonzept.safe import clean_text
from integrationkonzept.testing.strategies import datasets

SCRIPT = "<script>alert('Rat')</script>"
FORMULA = '=HYPERLINK("http://x","y")'

#: A paper with a full Beratungsfolge, a counted vote with words, and a decision's text.
FULL = Paper(
    reference="VII-DS-01234",
    kind="Beschlussvorlage",
    title="Fortschreibung des Integrationskonzepts 2024",
    date=dt.date(2024, 1, 10),
    consultations=(
        Consultation("Migrantenbeirat", dt.date(2024, 2, 5), "Vorberatung", "zugestimmt"),
        Consultation("Fachausschuss Soziales", None, "Vorberatung"),
        Consultation("Ratsversammlung", dt.date(2024, 3, 13), "Beschlussfassung", "beschlossen"),
    ),
    decision=Decision(
        "Ratsversammlung",
        dt.date(2024, 3, 13),
        "beschlossen",
        VoteResult(45, 10, 3),
        "mehrheitlich",
        "1. Die Fortschreibung wird beschlossen.\n2. Der Oberbürgermeister berichtet jährlich.",
        Source(SourceKind.DECISION, "VII-DS-01234", "Beschluss zur Fortschreibung"),
    ),
    source=Source(SourceKind.PAPER, "VII-DS-01234", "Vorlage zur Fortschreibung"),
)

#: Every text of a paper hostile: markup, a spreadsheet formula, control characters.
HOSTILE = Paper(
    reference=f"{SCRIPT}\x1b[31m",
    kind=f"{FORMULA}\x00",
    title=f"</h3><h1 onclick=alert(1)>{SCRIPT}\x07",
    consultations=(Consultation(f"{SCRIPT} Rat", None, f"{FORMULA}\x1b[2J", "<b>fett</b>"),),
    decision=Decision(
        f"{FORMULA} Rat",
        dt.date(2024, 4, 1),
        vote_text="</dd><dd onmouseover=alert(1)>",
        text=f"{SCRIPT}\n{FORMULA}\x9b2J",
    ),
)

#: A paper without a decision: not shown.
UNDECIDED = Paper(reference="VII-A-09999", title="Antrag ohne Beschluss")


def with_papers(*papers: Paper) -> Dataset:
    """The Leipzig example with ``papers`` after its own."""
    base = example("leipzig")
    return attrs.evolve(base, papers=(*base.papers, *papers))


@pytest.fixture(scope="module")
def tree() -> Tree:
    return Tree(html(with_papers(FULL, UNDECIDED, HOSTILE)))


def section(tree: Tree) -> Node:
    (found,) = [node for node in tree.all("section") if node.attrs.get("id") == "ratsbeschluesse"]
    return found


def articles(tree: Tree) -> list[Node]:
    return [node for node in section(tree).walk() if node.tag == "article"]


def words(node: Node) -> str:
    return " ".join(node.content().split())


def test_the_section_has_a_labelled_heading_and_a_place_in_the_contents(tree: Tree) -> None:
    found = section(tree)
    heading = found.children[0]
    assert (heading.tag, heading.content()) == ("h2", "Ratsvorlagen und Beschlüsse")
    assert found.attrs["aria-labelledby"] == heading.attrs["id"]
    toc = [a.attrs["href"] for a in tree.all("nav")[0].walk() if a.tag == "a"]
    assert "#ratsbeschluesse" in toc
    # Before the list of sources, which its footnotes point to.
    sections = [node.attrs["id"] for node in tree.all("section")]
    assert sections[-2:] == ["ratsbeschluesse", "quellen"]


def test_every_decided_paper_once_in_order_under_its_own_heading(tree: Tree) -> None:
    data = with_papers(FULL, UNDECIDED, HOSTILE)
    decided = [paper for paper in data.papers if paper.decision is not None]
    shown = articles(tree)
    assert len(shown) == len(decided)
    for article, paper in zip(shown, decided, strict=True):
        heading = article.children[0]
        assert heading.tag == "h3"
        assert article.attrs["aria-labelledby"] == heading.attrs["id"]
        assert words(heading).startswith(" ".join(clean_text(paper.reference).split()))
    assert "Antrag ohne Beschluss" not in words(section(tree))


def test_facts_and_beratungsfolge_of_a_full_paper(tree: Tree) -> None:
    article = articles(tree)[-2]  # FULL, before the hostile paper
    heading = words(article.children[0])
    assert heading.startswith("VII-DS-01234 – Fortschreibung des Integrationskonzepts 2024")
    (facts,) = [node for node in article.walk() if node.tag == "dl"]
    labels = [words(node) for node in facts.children if node.tag == "dt"]
    values = [words(node) for node in facts.children if node.tag == "dd"]
    assert labels == ["Art", "Datum", "Beschluss", "Ergebnis", "Abstimmung", "Beschlusstext"]
    assert values[:2] == ["Beschlussvorlage", "10.01.2024"]
    assert values[2].startswith("Ratsversammlung, 13.03.2024[")
    assert values[3:5] == ["beschlossen", "45 Ja, 10 Nein, 3 Enthaltungen – mehrheitlich"]
    assert values[5].startswith("1. Die Fortschreibung wird beschlossen.")
    (table,) = [node for node in article.walk() if node.tag == "table"]
    caption = next(node for node in table.walk() if node.tag == "caption")
    assert caption.content() == "Beratungsfolge zu VII-DS-01234"
    header = [
        node for node in table.walk() if node.tag == "th" and node.attrs.get("scope") == "col"
    ]
    assert [words(node) for node in header] == ["Gremium", "Sitzung", "Rolle", "Ergebnis"]
    body = next(node for node in table.walk() if node.tag == "tbody")
    rows = [[words(cell) for cell in row.children] for row in body.children]
    assert rows == [
        ["Migrantenbeirat", "05.02.2024", "Vorberatung", "zugestimmt"],
        ["Fachausschuss Soziales", "–", "Vorberatung", "–"],
        ["Ratsversammlung", "13.03.2024", "Beschlussfassung", "beschlossen"],
    ]
    for row in body.children:
        assert row.children[0].tag == "th"
        assert row.children[0].attrs["scope"] == "row"


def test_footnotes_of_papers_and_decisions_point_at_their_sources(tree: Tree) -> None:
    article = articles(tree)[-2]
    targets = [a.attrs["href"] for a in article.walk() if a.tag == "a"]
    assert len(targets) == 2  # the paper's source (heading) and the decision's
    sources = {node.attrs["id"]: words(node) for node in tree.all("li") if "id" in node.attrs}
    assert "Vorlage zur Fortschreibung" in sources[targets[0][1:]]
    assert "Beschluss zur Fortschreibung" in sources[targets[1][1:]]


def test_hostile_text_of_a_paper_comes_out_as_text() -> None:
    page = html(with_papers(HOSTILE))
    tree = Tree(page)
    assert tree.all("script") == []
    assert len(tree.all("h1")) == 1  # the page's own: the title's </h3><h1> is text
    for node in tree.root.walk():
        assert not any(name.startswith("on") for name in node.attrs), node.tag
    assert "<script>alert" not in page
    assert "<b>fett</b>" not in page
    assert not any(char in page for char in "\x00\x07\x1b\x9b")
    article = articles(tree)[-1]
    shown = article.content()
    assert SCRIPT in shown  # as text, for the reader to see
    assert FORMULA in shown
    assert "</h3><h1 onclick=alert(1)>" in shown
    assert "</dd><dd onmouseover=alert(1)>" in shown


def test_english_labels() -> None:
    tree = Tree(html(with_papers(FULL), "en"))
    found = section(tree)
    assert found.children[0].content() == "Council papers and decisions"
    article = articles(tree)[-1]
    (facts,) = [node for node in article.walk() if node.tag == "dl"]
    labels = [words(node) for node in facts.children if node.tag == "dt"]
    assert labels == ["Kind", "Date", "Decision", "Result", "Vote", "Text of the decision"]
    assert "45 yes, 10 no, 3 abstentions – mehrheitlich" in words(article)
    assert "Consultations on VII-DS-01234" in words(article)


def test_without_papers_the_section_says_so() -> None:
    bare = Dataset(Municipality("Teststadt", "01001000"), BudgetCadence(1, 2024))
    found = section(Tree(html(bare)))
    assert words(found).endswith("Keine beschlossenen Ratsvorlagen erfasst.")
    assert [node for node in found.walk() if node.tag == "article"] == []


def test_facts_leave_out_what_a_paper_does_not_state() -> None:
    bare = Paper("A-1", decision=Decision("Rat", dt.date(2024, 1, 2), "vertagt"))
    (block,) = build_overview(
        attrs.evolve(example("leipzig"), papers=(bare,)), AS_OF, "de", papers=True
    ).papers
    assert [(label, entry.text) for label, entry in paper_facts(block, "de")] == [
        ("Beschluss", "Rat, 02.01.2024"),
        ("Ergebnis", "vertagt"),
    ]
    assert consultation_table(block, "de").rows == ()


@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_any_data_set_shows_each_decided_paper(data: Dataset) -> None:
    tree = Tree(html(data))
    assert len(articles(tree)) == sum(1 for paper in data.papers if paper.decision is not None)
    assert tree.all("script") == []
