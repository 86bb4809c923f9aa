"""Hostile text in a data set comes out harmless in every format: HTML, SVG, XLSX, CSV, DOCX, ICS.

One data set carries every string of ``HOSTILE_TEXTS`` as a measure title, and hostile titles for a
field, a purpose, an organisation, a milestone and a source (with a ``javascript:`` address).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import attrs
import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from report_support import AS_OF, HOSTILE_TITLE

from integrationkonzept import Dataset
from integrationkonzept.contributions import InputFile, RenderOptions
from integrationkonzept.importers.catalogue import read_csv, read_xlsx
from integrationkonzept.model import (
    Measure,
    Milestone,
    Organization,
    PlannedDate,
    Source,
    SourceKind,
)
from integrationkonzept.plugins import registry
from integrationkonzept.reports.xlsx import _dataset_json, catalogue_csv
from integrationkonzept.safe import FORMULA_STARTS, clean_text
from integrationkonzept.serialize import dump
from integrationkonzept.testing.strategies import HOSTILE_TEXTS, datasets

SCRIPT = "<script>alert('Integration')</script>"


@pytest.fixture(scope="module")
def hostile(rich: Dataset) -> Dataset:
    assert rich.concept is not None
    assert rich.concept.current is not None
    edition = rich.concept.current
    fields = (attrs.evolve(edition.fields[0], title=SCRIPT), *edition.fields[1:])
    measures = edition.measures + tuple(
        Measure(f"feind-{n}", title, field=fields[n % len(fields)].id, lead="feind")
        for n, title in enumerate(HOSTILE_TEXTS)
    )
    concept = attrs.evolve(
        rich.concept,
        editions=(
            *rich.concept.editions[:-1],
            attrs.evolve(edition, fields=fields, measures=measures),
        ),
    )
    evil_source = Source(
        SourceKind.PRESS,
        "=cmd|' /C calc'!A0",
        "</td><td onmouseover=alert(1)>",
        url="javascript:alert(1)",
    )
    lines = (
        attrs.evolve(rich.budget_lines[0], source=evil_source, note="@SUMME(1;1)"),
        *rich.budget_lines[1:],
    )
    purposes = (attrs.evolve(rich.purposes[0], title="=SUM(A1) <b>fett</b>"), *rich.purposes[1:])
    milestone = Milestone(
        "feind",
        "</td><td onmouseover=alert(1)>\x1b[31m",
        planned=PlannedDate(2021),
        planned_source=evil_source,
    )
    return attrs.evolve(
        rich,
        concept=concept,
        purposes=purposes,
        budget_lines=lines,
        organizations=(*rich.organizations, Organization("feind", "+49 341 123-0 <i>Amt</i>")),
        milestones=(*rich.milestones, milestone),
    )


def render(data: Dataset, name: str, lang: str = "de") -> bytes:
    report_format = registry().report_format(name)
    return report_format.render(data, RenderOptions(report_format.kinds[0], lang, AS_OF))


def test_html_and_its_charts(hostile: Dataset) -> None:
    from test_report_html import Tree

    page = render(hostile, "html").decode("utf-8")
    tree = Tree(page)
    assert tree.all("script") == []
    assert "<script>alert" not in page
    assert "<b>fett</b>" not in page
    assert "<i>Amt</i>" not in page
    assert 'href="javascript' not in page
    for node in tree.root.walk():
        assert not any(name.startswith("on") for name in node.attrs), node.tag
    text = tree.root.content()
    for title in HOSTILE_TEXTS:
        assert clean_text(title).strip() in text
    # The field title is drawn in the progress chart, escaped by the SVG writer.
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "&lt;script&gt;alert('Integration')" in svg  # wrapped onto two lines
    assert not any(ch in page for ch in "\x00\x01\x07\x1b\x7f")


def test_workbook_keeps_text_as_text(hostile: Dataset) -> None:
    data = render(hostile, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    checked = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    if sheet.title != "_datensatz":
                        assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    checked += 1
    assert checked >= 8
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
    assert read_xlsx([InputFile("feind.xlsx", data)]) == hostile


def test_workbook_keeps_the_data_set_as_ascii_json(hostile: Dataset) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render(hostile, "xlsx")))
    payload = "".join(str(row[0]) for row in workbook["_datensatz"].iter_rows(values_only=True))
    # DEL and every character beyond ASCII escaped, as json.dumps escapes them.
    expected = json.dumps(json.loads(dump(hostile)), ensure_ascii=True, separators=(",", ":"))
    assert payload == expected
    assert payload.isascii()


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_data_set_json_is_what_json_dumps_writes_in_ascii(data: Dataset) -> None:
    # The hidden sheet's JSON escapes what json.dumps(ensure_ascii=True) escapes, for any text.
    expected = json.dumps(json.loads(dump(data)), ensure_ascii=True, separators=(",", ":"))
    assert _dataset_json(data) == expected


@given(
    st.text(
        st.one_of(
            st.characters(exclude_categories=()),
            st.sampled_from("\r\n\t\x00\x1f\x7f\x85\u2028\ufeff\ufffe\uffff\ud800\udfff"),
        )
    )
)
def test_clean_text_removes_what_xml_cannot_hold_and_c1_controls(text: str) -> None:
    # clean_text passes printable text on as it is, without its regular expressions.
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]", "", lines)
    assert clean_text(text) == expected


def test_csv_guards_formulas(hostile: Dataset) -> None:
    for lang in ("de", "en"):
        text = catalogue_csv(hostile, lang)
        table = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=";" if lang == "de" else ",")
        )
        for row in table:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        budget = catalogue_csv(hostile, lang, budget=True)
        for row in csv.reader(
            io.StringIO(budget, newline=""), delimiter=";" if lang == "de" else ","
        ):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
        files = [
            InputFile("d.json", dump(hostile).encode()),
            InputFile("m.csv", text.encode()),
            InputFile("h.csv", budget.encode()),
        ]
        assert read_csv(files) == hostile


def test_docx_holds_plain_text(hostile: Dataset) -> None:
    word = docx.Document(io.BytesIO(render(hostile, "docx")))
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert clean_text(HOSTILE_TITLE) in cells
    assert SCRIPT in {p.text.split(" – ")[0] for p in word.paragraphs}


def test_calendar_escapes_and_cleans(hostile: Dataset) -> None:
    raw = render(hostile, "ics")
    assert not any(byte < 32 and byte not in (9, 10, 13) for byte in raw)
    calendar = Calendar.from_ical(raw)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert "Meilenstein geplant: </td><td onmouseover=alert(1)>[31m (2021)" in summaries
