"""How importers get text from bytes: UTF-8, UTF-16 with BOM, Windows-1252, or a located error."""

from __future__ import annotations

import pytest

from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError

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
