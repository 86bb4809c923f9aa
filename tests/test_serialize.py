"""Lossless, strict JSON: round trips of every model class, the envelope, every error's path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept import model
from integrationkonzept.errors import DataError
from integrationkonzept.examples import EXAMPLES, example
from integrationkonzept.model import (
    BudgetCadence,
    BudgetLine,
    BudgetPhase,
    Concept,
    Dataset,
    Decision,
    Edition,
    Field,
    FileInfo,
    Goal,
    Measure,
    MeasureCost,
    Milestone,
    MilestoneRevision,
    Money,
    Municipality,
    Observation,
    Organization,
    Paper,
    PlannedDate,
    Purpose,
    Recommendation,
    Report,
    ReviewKind,
    ReviewRule,
    Source,
    SourceKind,
    Status,
    StatusChange,
    Trigger,
    VoteResult,
)
from integrationkonzept.serialize import SCHEMA_VERSION, dump, load
from integrationkonzept.testing.strategies import STRATEGIES

CLASSES = sorted(STRATEGIES, key=lambda cls: cls.__name__)


def document(cls: type, data: Any, **envelope: Any) -> bytes:
    """A JSON document for ``cls`` around ``data`` (``envelope`` overrides the other keys)."""
    return orjson.dumps({"schema_version": 1, "type": cls.__name__, "data": data, **envelope})


def problems_of(cls: type, text: str | bytes, name: str | None = None) -> dict[str, str]:
    """The problems ``load`` reports, by path (asserting that no path is reported twice)."""
    with pytest.raises(DataError) as info:
        load(cls, text, name=name)
    problems = info.value.problems
    paths = [path for path, _ in problems]
    assert len(paths) == len(set(paths)), problems
    return dict(problems)


# --- round trips ---------------------------------------------------------------------------------


def test_every_model_class_has_a_strategy() -> None:
    exported = {
        getattr(model, name) for name in model.__all__ if isinstance(getattr(model, name), type)
    }
    assert set(STRATEGIES) == exported


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_round_trip(cls: type, data: st.DataObject) -> None:
    obj = data.draw(STRATEGIES[cls](), label=cls.__name__)
    assert type(obj) is cls
    compact = dump(obj)
    pretty = dump(obj, pretty=True)
    assert orjson.loads(compact) == orjson.loads(pretty)
    for text, is_pretty in ((compact, False), (pretty, True)):
        again = load(cls, text)
        assert type(again) is cls
        assert again == obj
        assert dump(again, pretty=is_pretty) == text


def test_document_envelope() -> None:
    source = Source(SourceKind.DECISION, "VI-DS-08033-NF-02", date=dt.date(2020, 1, 29))
    assert orjson.loads(dump(source)) == {
        "schema_version": SCHEMA_VERSION,
        "type": "Source",
        "data": {"kind": "decision", "reference": "VI-DS-08033-NF-02", "date": "2020-01-29"},
    }
    assert SCHEMA_VERSION == 1


def test_defaults_are_left_out_and_money_and_decimals_are_strings() -> None:
    measure = Measure(
        "m1",
        "Sprachkurse",
        progress=Decimal("12.50"),
        costs=(MeasureCost(2021, Money.from_cents(3_000_050)),),
    )
    assert orjson.loads(dump(measure))["data"] == {
        "id": "m1",
        "title": "Sprachkurse",
        "progress": "12.50",
        "costs": [{"fiscal_year": 2021, "amount": "30000.50"}],
    }


def test_pretty_is_indented() -> None:
    text = dump(Purpose("mso", "Migrantenselbstorganisationen"), pretty=True)
    assert text.startswith('{\n  "schema_version": 1,\n  "type": "Purpose",\n  "data": {\n    "id"')
    assert "\n" not in dump(Purpose("mso", "Migrantenselbstorganisationen"))


# --- the envelope --------------------------------------------------------------------------------

_SOURCE_DATA = {"kind": "press", "reference": "Pressemitteilung"}


def test_wrong_schema_version() -> None:
    problems = problems_of(Source, document(Source, _SOURCE_DATA, schema_version=2))
    assert list(problems) == ["$.schema_version"]
    assert "2" in problems["$.schema_version"]


def test_missing_schema_version() -> None:
    text = orjson.dumps({"type": "Source", "data": _SOURCE_DATA})
    assert list(problems_of(Source, text)) == ["$.schema_version"]


def test_wrong_type() -> None:
    problems = problems_of(Source, document(Municipality, _SOURCE_DATA))
    assert list(problems) == ["$.type"]
    assert '"Municipality"' in problems["$.type"]
    assert '"Source"' in problems["$.type"]


def test_missing_data() -> None:
    text = orjson.dumps({"schema_version": 1, "type": "Source"})
    assert list(problems_of(Source, text)) == ["$.data"]


def test_envelope_problems_are_all_reported() -> None:
    text = orjson.dumps({"schema_version": 0, "type": "Concept", "extra": 1})
    problems = problems_of(Source, text)
    assert set(problems) == {"$.schema_version", "$.type", "$.data", "$"}
    assert "extra" in problems["$"]


@pytest.mark.parametrize("text", ["", "{", "nicht JSON", "{'a': 1}", b"\xff\xfe", "NaN"])
def test_not_json(text: str | bytes) -> None:
    assert list(problems_of(Source, text)) == ["$"]


@pytest.mark.parametrize("text", ["[]", '[{"schema_version": 1}]', "1", '"Source"', "null"])
def test_not_an_object(text: str) -> None:
    assert list(problems_of(Source, text)) == ["$"]


def test_data_not_an_object() -> None:
    problems = problems_of(Source, document(Source, ["press", "Pressemitteilung"]))
    assert list(problems) == ["$.data"]
    assert '["press","Pressemitteilung"]' in problems["$.data"]


def test_name_is_put_in_front_of_every_problem() -> None:
    with pytest.raises(DataError) as info:
        load(Source, orjson.dumps({"schema_version": 2, "type": "X"}), name="leipzig.json")
    error = info.value
    assert error.file == "leipzig.json"
    lines = str(error).splitlines()
    assert len(lines) == len(error.problems) == 3
    assert lines[0] == f"leipzig.json: $.schema_version: {error.problems[0][1]}"
    assert all(line.startswith("leipzig.json: $") for line in lines)

    with pytest.raises(DataError) as info:
        load(Source, "{", name="kaputt.json")
    assert str(info.value).startswith("kaputt.json: $: ")


# --- strict values -------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [80000, 80000.0, 80000.5, "80000", "80000.5", "80.000,00", None])
def test_money_must_be_a_string_with_two_places(amount: object) -> None:
    problems = problems_of(Money, document(Money, amount))
    assert list(problems) == ["$.data"]
    assert orjson.dumps(amount).decode() in problems["$.data"]
    cost = {"fiscal_year": 2021, "amount": amount}
    assert list(problems_of(MeasureCost, document(MeasureCost, cost))) == ["$.data.amount"]


def test_money_as_string_is_read() -> None:
    assert load(Money, document(Money, "80000.00")) == Money.from_cents(8_000_000)
    assert load(Money, document(Money, "-5000.50")) == Money.from_cents(-500_050)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(50, Decimal(50)), (0, Decimal(0)), (100, Decimal(100)), ("12.5", Decimal("12.5"))],
)
def test_decimal_given_as_int_or_string_is_accepted(value: object, expected: Decimal) -> None:
    measure = load(Measure, document(Measure, {"id": "m", "title": "t", "progress": value}))
    assert measure.progress == expected
    assert isinstance(measure.progress, Decimal)
    observation = load(Observation, document(Observation, {"date": "2021-01-01", "value": value}))
    assert observation.value == expected


@pytest.mark.parametrize("value", [12.5, 50.0, True, "1e2", "12,5", "", "NaN", None, [1]])
def test_decimal_refuses_float_bool_and_other_text(value: object) -> None:
    data = {"date": "2021-01-01", "value": value}
    problems = problems_of(Observation, document(Observation, data))
    assert list(problems) == ["$.data.value"]
    assert orjson.dumps(value).decode() in problems["$.data.value"]


@pytest.mark.parametrize("value", [True, False])
def test_bool_where_int_expected_is_refused(value: bool) -> None:
    shown = orjson.dumps(value).decode()
    problems = problems_of(VoteResult, document(VoteResult, {"yes": value, "no": 1}))
    assert list(problems) == ["$.data.yes"]
    assert shown in problems["$.data.yes"]
    cost = {"fiscal_year": value, "amount": "1.00"}
    assert list(problems_of(MeasureCost, document(MeasureCost, cost))) == ["$.data.fiscal_year"]
    field = {"id": "f", "title": "Bildung", "number": value}
    assert list(problems_of(Field, document(Field, field))) == ["$.data.number"]


@pytest.mark.parametrize("value", [2021.0, "2021"])
def test_int_refuses_float_and_text(value: object) -> None:
    problems = problems_of(MeasureCost, document(MeasureCost, {"fiscal_year": value}))
    assert set(problems) == {"$.data.fiscal_year", "$.data.amount"}
    assert orjson.dumps(value).decode() in problems["$.data.fiscal_year"]


@pytest.mark.parametrize("value", [1, True, None, ["x"], {"x": 1}])
def test_number_where_text_expected_is_refused(value: object) -> None:
    problems = problems_of(Purpose, document(Purpose, {"id": "p", "title": value}))
    assert list(problems) == ["$.data.title"]
    assert orjson.dumps(value).decode() in problems["$.data.title"]


@pytest.mark.parametrize(
    "value", ["2021-02-31", "2021-2-3", "31.03.2021", "2021-03-31T00:00:00", 20210331, ""]
)
def test_bad_dates_are_refused(value: object) -> None:
    problems = problems_of(Observation, document(Observation, {"date": value, "value": "1"}))
    assert list(problems) == ["$.data.date"]
    assert orjson.dumps(value).decode() in problems["$.data.date"]


def test_enum_value_must_be_known() -> None:
    problems = problems_of(Source, document(Source, {"kind": "Presse", "reference": "x"}))
    assert list(problems) == ["$.data.kind"]
    assert '"Presse"' in problems["$.data.kind"]
    assert '"press"' in problems["$.data.kind"]


def test_unknown_and_missing_keys() -> None:
    problems = problems_of(Source, document(Source, {"kind": "press", "seite": 3}))
    assert set(problems) == {"$.data", "$.data.reference"}
    assert "seite" in problems["$.data"]


# --- several errors at once, each at its path ----------------------------------------------------


def _source(reference: str = "VI-DS-08033-NF-02") -> Source:
    return Source(SourceKind.DECISION, reference, date=dt.date(2021, 3, 31))


def small_dataset() -> Dataset:
    """A hand-made data set with every part the corruption test below touches."""
    lines = tuple(
        BudgetLine(
            id=f"{year}-{phase.value}",
            fiscal_year=year,
            purpose="gesamt",
            phase=phase,
            amount=Money.of(amount),
            source=_source(),
        )
        for year, phase, amount in [
            (2020, BudgetPhase.ADOPTED, 60000),
            (2021, BudgetPhase.DRAFT, 0),
            (2021, BudgetPhase.REQUESTED, 80000),
            (2021, BudgetPhase.ADOPTED, 30000),
            (2021, BudgetPhase.ACTUAL, 30000),
        ]
    )
    edition = Edition(
        id="2020",
        title="Gesamtkonzept – Fortschreibung 2020",
        adopted=dt.date(2020, 1, 29),
        fields=(
            Field(
                "bildung",
                "Bildung/Erziehung",
                goals=(
                    Goal(
                        "sprache",
                        "Sprache fördern",
                        recommendations=(
                            Recommendation("kurse", "Sprachkurse ausbauen"),
                            Recommendation("lotsen", "Sprachlotsen gewinnen"),
                        ),
                    ),
                ),
            ),
            Field("dialog", "Interkultureller Dialog"),
        ),
        measures=(
            Measure(
                "befragung-2020",
                "Zweite Leipziger Migrantenbefragung",
                field="bildung",
                lead="referat-migration",
                status_history=(
                    StatusChange(dt.date(2020, 5, 1), "geplant"),
                    StatusChange(dt.date(2020, 10, 1), "umgesetzt"),
                ),
                progress=Decimal("50"),
                costs=(MeasureCost(2020, Money.of(5000)),),
            ),
        ),
    )
    return Dataset(
        municipality=Municipality("Leipzig", "14713000"),
        budget_cadence=BudgetCadence(2, 2019),
        concept=Concept(
            "leipzig",
            "Gesamtkonzept zur Integration der Migrantinnen und Migranten in Leipzig",
            editions=(edition,),
            statuses=(
                Status("geplant", "geplant"),
                Status("umgesetzt", "umgesetzt", finished=True),
            ),
        ),
        organizations=(Organization("referat-migration", "Referat für Migration und Integration"),),
        purposes=(
            Purpose("gesamt", "Gesamtbudget"),
            Purpose("mso", "Migrantenselbstorganisationen"),
        ),
        budget_lines=lines,
        review_rules=(
            ReviewRule("bericht", ReviewKind.REPORT, "Jährlicher Bericht", Trigger.YEARS, 2020),
        ),
        reports=(Report("bericht-2021", "bericht", 2021, dt.date(2022, 7, 20)),),
        milestones=(
            Milestone(
                "fortschreibung",
                "Fortschreibung beschließen",
                planned=PlannedDate(2019, 10),
                revisions=(MilestoneRevision(dt.date(2019, 9, 1), PlannedDate(2020, 1)),),
                actual=dt.date(2020, 1, 29),
            ),
        ),
        papers=(
            Paper(
                "VI-A-05678-NF",
                kind="Antrag",
                decision=Decision(
                    "Ratsversammlung",
                    dt.date(2021, 3, 31),
                    kind="beschlossen",
                    votes=VoteResult(40, 20, 3),
                ),
            ),
        ),
    )


def test_small_dataset_round_trips() -> None:
    dataset = small_dataset()
    assert load(Dataset, dump(dataset)) == dataset


def test_every_problem_is_reported_with_its_path_and_value() -> None:
    doc = orjson.loads(dump(small_dataset()))
    data = doc["data"]
    edition = data["concept"]["editions"][0]
    data["budget_lines"][3]["amount"] = 30000.5  # a float amount
    data["budget_lines"][1]["source"]["date"] = "2021-02-31"  # a day that does not exist
    data["budget_lines"][2]["note"] = 12345  # an int where text is expected
    data["budget_lines"][0]["phase"] = "beschlossen"  # not a BudgetPhase value
    data["organizations"][0]["homepage"] = "https://example.invalid"  # an unknown key
    del data["purposes"][1]["title"]  # a missing required key
    data["review_rules"][0]["id"] = ""  # an empty id (validator)
    recommendations = edition["fields"][0]["goals"][0]["recommendations"]
    recommendations[1]["id"] = "kurse"  # a duplicated id (validator of Goal)
    edition["measures"][0]["progress"] = 12.5  # a float where a decimal is expected
    data["milestones"][0]["revisions"][0]["new_date"]["month"] = 13  # PlannedDate's own check
    data["papers"][0]["decision"]["votes"]["yes"] = True  # a bool where an int is expected
    data["municipality"]["ags"] = "1471300"  # seven digits (validator)
    data["budget_cadence"]["years_per_period"] = "2"  # text where an int is expected
    data["reports"][0]["delivered"] = "20.07.2022"  # a German date

    # Validators of a class report at the object, everything else at the value itself.
    expected = {
        "$.data.budget_lines[3].amount": "30000.5",
        "$.data.budget_lines[1].source.date": '"2021-02-31"',
        "$.data.budget_lines[2].note": "12345",
        "$.data.budget_lines[0].phase": '"beschlossen"',
        "$.data.organizations[0]": "homepage",
        "$.data.purposes[1].title": "Pflichtfeld fehlt",
        "$.data.review_rules[0]": "id: darf nicht leer sein",
        "$.data.concept.editions[0].fields[0].goals[0]": "„kurse“",
        "$.data.concept.editions[0].measures[0].progress": "12.5",
        "$.data.milestones[0].revisions[0].new_date": "13",
        "$.data.papers[0].decision.votes.yes": "true",
        "$.data.municipality": "„1471300“",
        "$.data.budget_cadence.years_per_period": '"2"',
        "$.data.reports[0].delivered": '"20.07.2022"',
    }
    problems = problems_of(Dataset, orjson.dumps(doc), name="leipzig.json")
    assert set(problems) == set(expected)
    for path, needle in expected.items():
        assert needle in problems[path], (path, problems[path])

    with pytest.raises(DataError) as info:
        load(Dataset, orjson.dumps(doc), name="leipzig.json")
    text = str(info.value)
    for path in expected:
        assert f"leipzig.json: {path}: " in text


def test_dataset_level_validator_reports_at_data() -> None:
    doc = orjson.loads(dump(small_dataset()))
    doc["data"]["purposes"][1]["id"] = "gesamt"
    problems = problems_of(Dataset, orjson.dumps(doc))
    assert list(problems) == ["$.data"]
    assert "„gesamt“" in problems["$.data"]


def test_out_of_order_history_is_reported_at_the_measure() -> None:
    doc = orjson.loads(dump(small_dataset()))
    history = doc["data"]["concept"]["editions"][0]["measures"][0]["status_history"]
    history.reverse()
    problems = problems_of(Dataset, orjson.dumps(doc))
    assert list(problems) == ["$.data.concept.editions[0].measures[0]"]
    assert "status_history" in problems["$.data.concept.editions[0].measures[0]"]


def test_list_items_are_checked_one_by_one() -> None:
    doc = orjson.loads(dump(small_dataset()))
    lines = doc["data"]["budget_lines"]
    lines[0]["fiscal_year"] = 1989
    lines[4] = "2021-actual"
    problems = problems_of(Dataset, orjson.dumps(doc))
    assert set(problems) == {"$.data.budget_lines[0]", "$.data.budget_lines[4]"}
    assert "1989" in problems["$.data.budget_lines[0]"]
    assert '"2021-actual"' in problems["$.data.budget_lines[4]"]


# --- the built-in examples -----------------------------------------------------------------------


def _example_bytes(name: str) -> bytes:
    return resources.files("integrationkonzept").joinpath("data", f"{name}.json").read_bytes()


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_round_trips_exactly(name: str) -> None:
    raw = _example_bytes(name)
    dataset = example(name)
    assert isinstance(dataset, Dataset)
    assert load(Dataset, raw, name=f"{name}.json") == dataset
    assert orjson.loads(dump(dataset)) == orjson.loads(raw)
    assert orjson.loads(dump(dataset, pretty=True)) == orjson.loads(raw)
    assert load(Dataset, dump(dataset)) == dataset


def test_examples_are_leipzig_and_magdeburg() -> None:
    assert set(EXAMPLES) >= {"leipzig", "magdeburg"}
    assert example("leipzig").municipality.name == "Leipzig"
    assert example("magdeburg").municipality.name == "Magdeburg"


# --- bugs found by these tests, kept as regression tests -----------------------------------


@pytest.mark.parametrize("value", [Decimal("1E+2"), Decimal("1E-7")])
def test_decimal_in_exponent_notation_round_trips(value: Decimal) -> None:
    measure = Measure("m", "t", progress=value)
    assert load(Measure, dump(measure)) == measure


@pytest.mark.parametrize("papers", ["VI-DS-1", {"VI-DS-1": 1}])
def test_text_where_a_list_is_expected_is_refused(papers: object) -> None:
    data = {"id": "m", "title": "t", "papers": papers}
    assert list(problems_of(Measure, document(Measure, data))) == ["$.data.papers"]


@pytest.mark.parametrize("version", [True, 1.0])
def test_schema_version_must_be_the_int_1(version: object) -> None:
    text = document(Source, _SOURCE_DATA, schema_version=version)
    assert list(problems_of(Source, text)) == ["$.schema_version"]


def test_decimal_with_arabic_indic_digits_is_refused() -> None:
    data = {"id": "m", "title": "t", "progress": "\u0665\u0660"}  # "٥٠" = 50
    assert list(problems_of(Measure, document(Measure, data))) == ["$.data.progress"]


def test_municipality_key_must_be_ascii_digits() -> None:
    with pytest.raises(ValueError, match="acht Ziffern"):
        Municipality("x", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668")


def test_datetime_offset_with_seconds_round_trips() -> None:
    tz = dt.timezone(dt.timedelta(minutes=53, seconds=28))
    info = FileInfo(created=dt.datetime(2017, 3, 8, 12, 0, tzinfo=tz))
    assert load(FileInfo, dump(info)) == info
