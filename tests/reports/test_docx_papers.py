"""The council papers in the DOCX report (and in the Markdown of the same document): each paper
with a decision, its Beratungsfolge as a table, the decision with its vote, sources cited."""

from __future__ import annotations

import datetime as dt
import io

import attrs
import docx
import pytest
from report_support import rich_dataset

from integrationkonzept import Dataset
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.model import (
    Consultation,
    Decision,
    Paper,
    Source,
    SourceKind,
    VoteResult,
)
from integrationkonzept.reports.docx_report import overview_document, render_docx
from integrationkonzept.reports.overview import build_overview

#: A day after the paper's decision.
PAPERS_DAY = dt.date(2025, 6, 30)

DECISION_SOURCE = Source(
    SourceKind.DECISION,
    "VIII-DS-00815",
    "Beschluss der Ratsversammlung zur Fortschreibung des Maßnahmenkatalogs",
    dt.date(2025, 3, 19),
)
PAPER_SOURCE = Source(
    SourceKind.PAPER,
    "VIII-DS-00815",
    "Fortschreibung des Maßnahmenkatalogs 2025/26",
    dt.date(2025, 2, 3),
)

PAPER = Paper(
    reference="VIII-DS-00815",
    kind="Beschlussvorlage",
    title="Fortschreibung des Maßnahmenkatalogs 2025/26",
    date=dt.date(2025, 2, 3),
    consultations=(
        Consultation(
            "Fachausschuss Soziales, Gesundheit und Vielfalt",
            dt.date(2025, 3, 1),
            "Vorberatung",
            "zugestimmt",
        ),
        Consultation("Migrantenbeirat", None, "Anhörung"),
        Consultation(
            "Ratsversammlung", dt.date(2025, 3, 19), "Beschlussfassung", "geändert beschlossen"
        ),
    ),
    decision=Decision(
        "Ratsversammlung",
        dt.date(2025, 3, 19),
        "geändert beschlossen",
        VoteResult(41, 12, 3),
        text="Der Maßnahmenkatalog 2025/26 wird mit den Änderungen beschlossen.",
        source=DECISION_SOURCE,
    ),
    source=PAPER_SOURCE,
)


def papers_dataset() -> Dataset:
    """The rich data set with a decided paper that has a Beratungsfolge and counted votes."""
    data = rich_dataset()
    return attrs.evolve(data, papers=(*data.papers, PAPER))


@pytest.fixture(scope="module")
def papers() -> Dataset:
    return papers_dataset()


@pytest.fixture(scope="module")
def word(papers: Dataset) -> docx.document.Document:
    package = render_docx(papers, RenderOptions("docx", "de", PAPERS_DAY))
    return docx.Document(io.BytesIO(package))


def _after(word: docx.document.Document, heading: str) -> list[str]:
    texts = [p.text for p in word.paragraphs]
    return texts[texts.index(heading) :]


def test_papers_section_with_each_decided_paper(word: docx.document.Document) -> None:
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("He")]
    assert ("Heading 1", "Ratsvorlagen und Beschlüsse") in headings
    papers = headings[headings.index(("Heading 1", "Ratsvorlagen und Beschlüsse")) + 1 :]
    titles = [text for style, text in papers if style == "Heading 2"]
    # The example's three decided papers, then the new one; the undecided ones are left out.
    assert titles[-1] == "VIII-DS-00815 – Fortschreibung des Maßnahmenkatalogs 2025/26"
    assert len(titles) == 4
    # The section comes before the sources.
    assert ("Heading 1", "Quellen") in papers


def test_paper_decision_with_vote_and_sources(word: docx.document.Document) -> None:
    section = _after(word, "VIII-DS-00815 – Fortschreibung des Maßnahmenkatalogs 2025/26")
    kind = section[1]
    assert kind.startswith("Beschlussvorlage, 03.02.2025 [")
    decision = next(line for line in section if line.startswith("Beschluss: "))
    assert decision.startswith(
        "Beschluss: Ratsversammlung, 19.03.2025: geändert beschlossen; "
        "41 Ja, 12 Nein, 3 Enthaltungen ["
    )
    assert "Beschlusstext: Der Maßnahmenkatalog 2025/26 wird mit den Änderungen beschlossen." in (
        section
    )
    # The numbers cited are in the list of sources, with the paper's and the decision's titles.
    sources = _after(word, "Quellen")
    for line in (kind, decision):
        number = line.rsplit("[", 1)[1].rstrip("]")
        entry = next(s for s in sources if s.startswith(f"[{number}] "))
        assert "VIII-DS-00815" in entry


def test_beratungsfolge_as_a_table(word: docx.document.Document) -> None:
    table = next(t for t in word.tables if t.rows[0].cells[1].text == "Gremium")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Datum", "Gremium", "Rolle", "Ergebnis"],
        [
            "01.03.2025",
            "Fachausschuss Soziales, Gesundheit und Vielfalt",
            "Vorberatung",
            "zugestimmt",
        ],
        ["–", "Migrantenbeirat", "Anhörung", ""],
        ["19.03.2025", "Ratsversammlung", "Beschlussfassung", "geändert beschlossen"],
    ]


def test_papers_in_english(papers: Dataset) -> None:
    package = render_docx(papers, RenderOptions("docx", "en", PAPERS_DAY))
    word = docx.Document(io.BytesIO(package))
    texts = [p.text for p in word.paragraphs]
    assert "Council papers and decisions" in texts
    assert any(
        t.startswith(
            "Decision: Ratsversammlung, Mar 19, 2025: geändert beschlossen; "
            "41 yes, 12 no, 3 abstentions ["
        )
        for t in texts
    )
    table = next(t for t in word.tables if t.rows[0].cells[1].text == "Body")
    assert [cell.text for cell in table.rows[0].cells] == ["Date", "Body", "Role", "Result"]


def test_no_decided_papers_no_section(rich: Dataset) -> None:
    data = attrs.evolve(rich, papers=())
    word = docx.Document(io.BytesIO(render_docx(data, RenderOptions("docx", "de", PAPERS_DAY))))
    assert "Ratsvorlagen und Beschlüsse" not in [p.text for p in word.paragraphs]


def test_markdown_of_the_same_document_has_the_papers(papers: Dataset) -> None:
    overview = build_overview(papers, PAPERS_DAY, "de", papers=True)
    markdown = overview_document(overview).markdown()
    assert "## Ratsvorlagen und Beschlüsse" in markdown
    assert "### VIII-DS-00815 – Fortschreibung des Maßnahmenkatalogs 2025/26" in markdown
    # A row's first cell starting with digits and a dot is escaped, not read as a list.
    assert "| 01\\.03.2025 | Fachausschuss Soziales, Gesundheit und Vielfalt |" in markdown
    assert "41 Ja, 12 Nein, 3 Enthaltungen" in markdown
