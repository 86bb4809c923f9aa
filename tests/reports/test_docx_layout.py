"""The DOCX report as a printed document: A4 pages, a header and page numbers on every page,
document properties from the data, the same bytes for the same data; read back with python-docx
and from the XML in the package."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import attrs
import docx
import pytest
from report_support import AS_OF

from integrationkonzept import Dataset
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.reports.docx_report import render_docx

OFFICE = "Referat für Migration und Integration"
TITLE = "Gesamtkonzept zur Integration der Migrantinnen und Migranten in Leipzig"


def _render(data: Dataset, lang: str = "de") -> bytes:
    return render_docx(data, RenderOptions("docx", lang, AS_OF))


@pytest.fixture(scope="module")
def package(rich: Dataset) -> bytes:
    return _render(rich)


@pytest.fixture(scope="module")
def word(package: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(package))


def _parts(package: bytes, pattern: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [
            archive.read(name).decode()
            for name in archive.namelist()
            if re.fullmatch(pattern, name)
        ]


def test_every_section_is_a4_portrait_with_margins(word: docx.document.Document) -> None:
    assert len(word.sections) >= 1
    for section in word.sections:
        assert section.page_width is not None
        assert section.page_height is not None
        assert section.page_width.cm == pytest.approx(21.0, abs=0.01)
        assert section.page_height.cm == pytest.approx(29.7, abs=0.01)
        margins = (section.left_margin, section.right_margin, section.top_margin)
        assert [m.cm if m is not None else None for m in margins] == pytest.approx(
            [2.5, 2.0, 2.5], abs=0.01
        )
        assert section.bottom_margin is not None
        assert section.bottom_margin.cm == pytest.approx(2.0, abs=0.01)


def test_header_names_city_and_title_on_every_page(word: docx.document.Document) -> None:
    for section in word.sections:
        assert not section.header.is_linked_to_previous
        header = "".join(p.text for p in section.header.paragraphs)
        assert "Leipzig" in header
        assert TITLE in header


def test_footer_counts_pages_with_fields(word: docx.document.Document, package: bytes) -> None:
    for section in word.sections:
        assert not section.footer.is_linked_to_previous
        # The fields show their placeholder until Word or LibreOffice lays out the pages.
        assert "".join(p.text for p in section.footer.paragraphs) == "Seite 1 von 1"
    footers = _parts(package, r"word/footer\d*\.xml")
    assert footers
    xml = "".join(footers)
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
    assert [code.strip() for code in instructions] == ["PAGE", "NUMPAGES"]
    kinds = re.findall(r'w:fldCharType="(\w+)"', xml)
    assert kinds == ["begin", "separate", "end"] * 2
    # Every section points at its header and footer.
    body = _parts(package, r"word/document\.xml")[0]
    for sect in re.findall(r"<w:sectPr.*?</w:sectPr>", body, re.DOTALL):
        assert "<w:headerReference" in sect
        assert "<w:footerReference" in sect


def test_footer_in_english(rich: Dataset) -> None:
    word = docx.Document(io.BytesIO(_render(rich, "en")))
    footer = "".join(p.text for p in word.sections[0].footer.paragraphs)
    assert footer == "Page 1 of 1"
    assert word.core_properties.language == "en-GB"


def test_author_is_the_office(rich: Dataset) -> None:
    municipality = attrs.evolve(rich.municipality, office=OFFICE)
    word = docx.Document(io.BytesIO(_render(attrs.evolve(rich, municipality=municipality))))
    properties = word.core_properties
    assert properties.author == OFFICE
    assert properties.last_modified_by == OFFICE


def test_author_falls_back_to_the_city(word: docx.document.Document) -> None:
    properties = word.core_properties
    assert properties.author == "Leipzig"
    assert properties.last_modified_by == "Leipzig"
    assert "python-docx" not in (properties.author, properties.last_modified_by)


def test_properties_title_language_and_day(word: docx.document.Document) -> None:
    properties = word.core_properties
    assert properties.title == TITLE
    assert properties.language == "de-DE"
    day = dt.datetime(2024, 6, 30, tzinfo=dt.UTC)
    assert properties.created == day
    assert properties.modified == day


def test_same_data_same_bytes(rich: Dataset, package: bytes) -> None:
    assert _render(rich) == package
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 6, 30, 0, 0, 0)}


def test_document_language_and_font(package: bytes) -> None:
    styles = _parts(package, r"word/styles\.xml")[0]
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.DOTALL)
    assert defaults is not None
    assert 'w:val="de-DE"' in defaults.group()
    assert 'w:ascii="Arial"' in defaults.group()
    assert "asciiTheme" not in defaults.group()
