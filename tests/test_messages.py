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


def _measures(data: dict[str, Any]) -> list[dict[str, Any]]:
    measures: list[dict[str, Any]] = data["concept"]["editions"][-1]["measures"]
    return measures


def _set_progress(data: dict[str, Any]) -> None:
    _measures(data)[0]["progress"] = "120"


def _set_fiscal_year(data: dict[str, Any]) -> None:
    data["budget_lines"][0]["fiscal_year"] = 2202


def _duplicate_measure(data: dict[str, Any]) -> None:
    _measures(data)[1]["id"] = _measures(data)[0]["id"]


def _long_duplicate_id(data: dict[str, Any]) -> None:
    _measures(data)[0]["id"] = _measures(data)[1]["id"] = "m" * 100


def _status_history_out_of_order(data: dict[str, Any]) -> None:
    _measures(data)[0]["status_history"] = [
        {"date": "2021-01-01", "status": "geplant"},
        {"date": "2020-01-01", "status": "in-umsetzung"},
    ]


def _progress_history_out_of_order(data: dict[str, Any]) -> None:
    _measures(data)[0]["progress"] = "50"
    _measures(data)[0]["progress_history"] = [
        {"date": "2021-01-01", "value": "10"},
        {"date": "2020-01-01", "value": "50"},
    ]


def _progress_not_last(data: dict[str, Any]) -> None:
    _measures(data)[0]["progress"] = "50"
    _measures(data)[0]["progress_history"] = [{"date": "2021-01-01", "value": "40"}]


def _unknown_field(data: dict[str, Any]) -> None:
    _measures(data)[0]["field"] = "sport"


def _end_before_start(data: dict[str, Any]) -> None:
    _measures(data)[0]["timeframe"] = {"start": "2021-01-01", "end": "2020-01-01"}


def _zero_weight(data: dict[str, Any]) -> None:
    _measures(data)[0]["weight"] = "0"


def _bad_ags(data: dict[str, Any]) -> None:
    data["municipality"]["ags"] = "1471300"


def _empty_title(data: dict[str, Any]) -> None:
    data["milestones"][0]["title"] = ""


def _negative_votes(data: dict[str, Any]) -> None:
    data["papers"][3]["decision"]["votes"]["yes"] = -1


def _empty_decision(data: dict[str, Any]) -> None:
    data["papers"][3]["decision"] = {"body": "Ratsversammlung", "date": "2020-01-29"}


def _duplicate_paper(data: dict[str, Any]) -> None:
    data["papers"][1]["reference"] = data["papers"][0]["reference"]


def _february_31(data: dict[str, Any]) -> None:
    data["milestones"][0]["planned"] = {"year": 2017, "month": 2, "day": 31}


def _month_13(data: dict[str, Any]) -> None:
    data["milestones"][0]["planned"] = {"year": 2017, "month": 13}


def _zero_interval(data: dict[str, Any]) -> None:
    data["review_rules"][0]["interval_years"] = 0


def _revisions_out_of_order(data: dict[str, Any]) -> None:
    data["milestones"][0]["revisions"] = [
        {"revised_on": "2019-01-01", "new_date": {"year": 2019}},
        {"revised_on": "2018-01-01", "new_date": {"year": 2020}},
    ]


@pytest.mark.parametrize(
    ("breaking", "german"),
    [
        (_set_progress, "measures[0]: progress: 120 liegt nicht zwischen 0 und 100"),
        (
            _set_fiscal_year,
            "budget_lines[0]: fiscal_year: das Haushaltsjahr 2202 liegt nicht zwischen 1990 und "
            "2200",
        ),
        (_duplicate_measure, "measures: zwei Maßnahmen haben die ID „befragung-2020“"),
        (_long_duplicate_id, f"measures: zwei Maßnahmen haben die ID „{'m' * 39}…“"),
        (
            _status_history_out_of_order,
            "status_history: der Statusverlauf ist nicht nach Datum geordnet (2020-01-01 steht "
            "nach 2021-01-01)",
        ),
        (
            _progress_history_out_of_order,
            "progress_history: der Fortschrittsverlauf ist nicht nach Datum geordnet",
        ),
        (
            _progress_not_last,
            "progress: 50 ist nicht der letzte Wert des Fortschrittsverlaufs "
            "(progress_history: 40)",
        ),
        (
            _unknown_field,
            "measures: die Maßnahme „befragung-2020“ nennt das unbekannte Handlungsfeld „sport“",
        ),
        (_end_before_start, "end: der Zeitraum endet (2020-01-01) vor seinem Beginn (2021-01-01)"),
        (_zero_weight, "weight: muss größer als null sein, nicht 0"),
        (
            _bad_ags,
            "$.data.municipality: ags: ein Amtlicher Gemeindeschlüssel (AGS) hat acht Ziffern, "
            "nicht „1471300“",
        ),
        (_empty_title, "$.data.milestones[0]: title: darf nicht leer sein"),
        (_negative_votes, "yes: muss mindestens 0 sein, nicht -1"),
        (_empty_decision, "vote_text: ein Beschluss braucht mindestens eine Art (kind)"),
        (_duplicate_paper, "papers: zwei Vorlagen haben die Nummer „RBV-1458/12“"),
        (_february_31, "day: der Monat 2/2017 hat keinen Tag 31"),
        (_month_13, "month: 13 ist kein Monat (1 bis 12)"),
        (_zero_interval, "interval_years: muss mindestens 1 sein, nicht 0"),
        (
            _revisions_out_of_order,
            "revisions: die Planänderungen des Meilensteins stehen nicht in der Reihenfolge",
        ),
    ],
    ids=lambda case: case.__name__.strip("_") if callable(case) else "",
)
def test_a_broken_model_rule_is_said_in_german(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    breaking: Any,
    german: str,
) -> None:
    # Issue 12: the model's own rules spoke English inside a German line.
    document = _document()
    breaking(document["data"])
    path = tmp_path / "regel.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, err = _check(path, capsys)
    assert status == 2
    assert err.count("\n") == 1, err
    assert err.startswith(f"Fehler: {path}: $.data"), err
    assert german in err
    for english in ("outside", "appears twice", "must be", "expected", "got", " is not", "needs"):
        assert english not in err, err
    assert "ungültiger Wert" not in err


def test_a_model_rule_is_said_in_english_on_request() -> None:
    from integrationkonzept import Municipality
    from integrationkonzept.errors import (
        IntegrationskonzeptError,
        InvalidTypeError,
        InvalidValueError,
    )

    error = InvalidValueError("progress: 120 liegt nicht zwischen 0 und 100", "progress: 120 is …")
    assert str(error) == error.text() == error.text("de")
    assert error.text("en") == "progress: 120 is …"
    assert isinstance(error, ValueError)
    assert isinstance(error, IntegrationskonzeptError)
    assert isinstance(InvalidTypeError("de", "en"), TypeError)

    with pytest.raises(InvalidValueError) as info:
        Municipality("Leipzig", "147")
    assert str(info.value) == (
        "ags: ein Amtlicher Gemeindeschlüssel (AGS) hat acht Ziffern, nicht „147“"
    )
    assert info.value.text("en") == (
        "ags: an official municipality key (AGS) has eight digits, got '147'"
    )
