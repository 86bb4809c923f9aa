"""How importers get text from bytes: UTF-8, UTF-16 (with or without BOM), Windows-1252, or a
located error; never another text."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError

_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]

TEXT = "Beratungsfolge:\nFachausschuss für Soziales, Gesundheit und Vielfalt – Vorberatung\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_common_encodings_are_read(encoding: str) -> None:
    assert InputFile("a.txt", TEXT.encode(encoding)).text() == TEXT


def test_a_stray_byte_in_utf8_is_an_error_with_its_line() -> None:
    data = TEXT.encode() + b"Gr\xfc\xdfe\n"
    with pytest.raises(ParseError) as caught:
        InputFile("vorlage.txt", data).text()
    assert str(caught.value) == (
        f"vorlage.txt, Zeile 3: kein gültiges UTF-8: Byte 0xFC an Stelle {len(TEXT.encode()) + 2}"
    )


def test_bytes_undefined_in_windows_1252_are_an_error() -> None:
    with pytest.raises(ParseError, match="Byte 0x81"):
        InputFile("alt.txt", b"abc\x81").text()


# --- UTF-16 without a byte order mark ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(encoding: str) -> None:
    # Windows tools write UTF-16 without a BOM too; read as UTF-8 it was "B\x00e\x00r…".
    assert InputFile("a.txt", TEXT.encode(encoding)).text() == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_and_only_a_few_latin_letters_is_read(encoding: str) -> None:
    text = "€€€€€€€€ „–“ 1\n"  # one zero byte in eight code units
    assert InputFile("a.txt", text.encode(encoding)).text() == text


def test_utf16_without_bom_that_is_no_valid_utf16_is_refused_with_its_line() -> None:
    data = (
        "Zeile 1\nZeile 2\nZeile 3 ".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le")
    )
    with pytest.raises(ParseError) as caught:
        InputFile("vorlage.txt", data).text()
    message = str(caught.value)
    assert message.startswith("vorlage.txt, Zeile 3: kein gültiges UTF-16LE (ohne Byte-Order-Mark)")
    assert "Byte 0x00 an Stelle 48" in message


def test_utf16_without_bom_with_a_control_character_is_refused() -> None:
    data = "Anfang\nfast\x01 Ende\n".encode("utf-16-be")
    with pytest.raises(ParseError) as caught:
        InputFile("alt.txt", data).text()
    assert str(caught.value) == (
        "alt.txt, Zeile 2: sieht nach UTF-16BE ohne Byte-Order-Mark aus (enthält Nullbytes), "
        "enthält so gelesen aber das Steuerzeichen U+0001; bitte als UTF-8 oder UTF-16 mit "
        "Byte-Order-Mark speichern"
    )


def test_utf16_of_odd_length_is_refused() -> None:
    with pytest.raises(ParseError, match="kein gültiges UTF-16LE"):
        InputFile("a.txt", "Haushalt 2024\n".encode("utf-16-le")[:-1]).text()


def test_a_stray_null_byte_in_utf8_is_still_read() -> None:
    # A PDF extraction leaves one now and then; the importers drop control characters.
    data = TEXT.encode() + b"Bezeich\x00nung\x07\n"
    assert InputFile("a.txt", data).text() == TEXT + "Bezeich\x00nung\x07\n"


def test_the_line_of_a_bad_utf16_unit_counts_lines_not_bytes() -> None:
    # "Ċ" (U+010A) is the bytes 0A 01: a newline byte that is no line break.
    data = "\ufeffĊĊ\nzwei\ndrei ".encode("utf-16-le") + b"\x00\xdc"
    with pytest.raises(ParseError) as caught:
        InputFile("a.txt", data).text()
    assert caught.value.location is not None
    assert caught.value.location.line == 3


# A text of characters beyond Latin-1 only (say "€–") has no zero byte in UTF-16, and its bytes are
# just as well Windows-1252 ("¬ \x13 "): nothing tells such a file without a BOM from one. Every
# text here has a character below U+0100, as German text has.
_LATIN = st.characters(
    min_codepoint=0x20, max_codepoint=0x17F, categories=("L", "M", "N", "P", "S", "Zs")
)
_TEXTS = st.text(st.one_of(_LATIN, st.sampled_from(list("€„“”‚‘’–—…•\n\t")))).filter(
    lambda text: not text or any(ord(char) < 0x100 for char in text)
)


@settings(max_examples=300)
@given(text=_TEXTS, encoding=st.sampled_from(_ENCODINGS))
def test_text_is_read_back_as_written_or_refused(text: str, encoding: str) -> None:
    try:
        read = InputFile("a.txt", text.encode(encoding)).text()
    except ParseError:
        return
    assert read == text


def test_a_binary_file_is_no_text() -> None:
    # A workbook handed to an importer of text: zero bytes all over, neither UTF-8 nor UTF-16.
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(ParseError, match="keine Textdatei: enthält Nullbytes"):
        InputFile("tabelle.csv", buffer.getvalue()).text()
