"""What the user reads when input is wrong: the value as written, the file, the object, in German.

Each case here once gave a message that misled or said too little (issue 12, "Messages").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from integrationkonzept import Dataset
from integrationkonzept.cli import main
from integrationkonzept.errors import DataError
from integrationkonzept.serialize import dump, load

LEIPZIG = Path(__file__).resolve().parent.parent / "src/integrationkonzept/data/leipzig.json"


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(LEIPZIG.read_text(encoding="utf-8"))
    return document


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


@pytest.mark.parametrize("value", [0, -2, 2**64])
def test_years_per_period_must_be_one_or_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: int
) -> None:
    document = _document()
    document["data"]["budget_cadence"]["years_per_period"] = value
    path = tmp_path / "kadenz.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, err = _check(path, capsys)
    assert status == 2
    assert err.count("\n") == 1, err
    assert "Attribute(" not in err
    assert "years_per_period muss 1 (jährlicher Haushalt) oder 2 (Doppelhaushalt) sein" in err
    assert f"nicht {value}" in err


def test_huge_number_is_quoted_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = LEIPZIG.read_text(encoding="utf-8")
    assert '"anchor_year": 2019' in text
    path = tmp_path / "gross.json"
    path.write_text(
        text.replace('"anchor_year": 2019', '"anchor_year": 99999999999999999999999999'),
        encoding="utf-8",
    )
    status, err = _check(path, capsys)
    assert status == 2
    assert "99999999999999999999999999" in err
    assert "1e+26" not in err


def test_huge_integer_where_any_integer_goes() -> None:
    # A vote count has no range of its own: the number is too large for the model, said as such.
    document = _document()
    paper = next(p for p in document["data"]["papers"] if "decision" in p)
    paper["decision"]["votes"] = {"yes": 1, "no": 0}
    text = json.dumps(document).replace('"yes": 1', '"yes": 123456789012345678901234567890')
    with pytest.raises(DataError) as info:
        load(Dataset, text, name="stimmen.json")
    message = str(info.value)
    assert "123456789012345678901234567890" in message
    assert "e+29" not in message
    assert "zu groß für eine ganze Zahl" in message


def test_a_written_float_is_shown_as_written() -> None:
    document = _document()
    document["data"]["budget_cadence"]["years_per_period"] = 2
    text = json.dumps(document).replace('"years_per_period": 2', '"years_per_period": 2.50')
    with pytest.raises(DataError) as info:
        load(Dataset, text, name="kadenz.json")
    assert "2.50 ist keine ganze Zahl" in str(info.value)


def test_missing_field_names_file_and_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _document()
    del document["data"]["milestones"][0]["title"]
    path = tmp_path / "ohne-titel.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, err = _check(path, capsys)
    assert status == 2
    assert err.startswith(f"Fehler: {path}: $.data.milestones[0].title: Pflichtfeld fehlt")
    assert "„fortschreibung“" in err


@pytest.mark.parametrize("pretty", [True, False], ids=["pretty", "compact"])
def test_duplicate_keys_are_refused_with_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pretty: bool
) -> None:
    text = dump(load(Dataset, LEIPZIG.read_bytes()), pretty=pretty)
    original = '"title":"Fortschreibung des Gesamtkonzepts beschlossen",'
    if pretty:
        original = original.replace(":", ": ")
    assert original in text
    doubled = original + original.replace("Fortschreibung des", "Gefälscht:")
    if pretty:
        doubled = original + "\n      " + original.replace("Fortschreibung des", "Gefälscht:")
    path = tmp_path / "doppelt.json"
    path.write_text(text.replace(original, doubled, 1), encoding="utf-8")
    status, err = _check(path, capsys)
    assert status == 2
    assert f"Fehler: {path}: $.data.milestones[0]: das Feld „title“ steht zweimal" in err
    first = text[: text.index(original)].count("\n") + 1
    second = first + 1 if pretty else first
    assert f"(Zeile {first} und Zeile {second})" in err


def test_duplicate_key_in_the_envelope_and_in_a_list() -> None:
    text = (
        '{"schema_version": 1, "type": "Dataset", "data": {"milestones": '
        '[{"id": "a"}, {"id": "b", "id": "c"}]}, "type": "Dataset"}'
    )
    with pytest.raises(DataError) as info:
        load(Dataset, text, name="x.json")
    assert dict(info.value.problems).keys() == {"$", "$.data.milestones[1]"}


def test_document_as_written_loads_without_a_second_reading() -> None:
    # The normal case: no duplicate, and the check must not refuse what dump wrote.
    data = load(Dataset, LEIPZIG.read_bytes())
    for pretty in (True, False):
        assert load(Dataset, dump(data, pretty=pretty)) == data
        assert load(Dataset, dump(data, pretty=pretty) + "\n") == data


def test_byte_order_mark_is_accepted_for_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + LEIPZIG.read_bytes())
    status, err = _check(path, capsys)
    assert status == 0, err
    assert load(Dataset, "\ufeff" + LEIPZIG.read_text(encoding="utf-8")) == load(
        Dataset, LEIPZIG.read_bytes()
    )
    out = tmp_path / "out.json"
    assert main(["import", "json", str(path), "-o", str(out)]) == 0
    assert load(Dataset, out.read_bytes()) == load(Dataset, LEIPZIG.read_bytes())


@pytest.mark.parametrize(
    "args",
    [
        ["report", "html", str(LEIPZIG), "-o", ""],
        ["report", "html", str(LEIPZIG), "--output="],
        ["import", "json", str(LEIPZIG), "--out", ""],
        ["history", "-w", ""],
    ],
)
def test_empty_file_name_is_not_a_file(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status = main(args)
    err = capsys.readouterr().err
    assert status == 2
    assert "ein leerer Dateiname ist keine Datei" in err
    assert "busy" not in err
    assert "Verzeichnis" not in err


def test_a_message_quoting_a_huge_line_is_cut_in_the_middle() -> None:
    """A message quotes the input; a 10 MB line must not come back whole in the error."""
    from integrationkonzept.errors import MESSAGE_LIMIT, Location, ParseError

    huge = "x" * 10_000_000
    error = ParseError(
        f"Beratungsfolge: „{huge}“ ist kein gültiges Datum", huge, Location("a.txt", 3)
    )
    shown = str(error)
    assert len(shown) < MESSAGE_LIMIT + 100
    assert shown.startswith("a.txt, Zeile 3: Beratungsfolge: „xxx")
    assert shown.endswith("xxx“ ist kein gültiges Datum")
    assert "Zeichen ausgelassen" in shown
