"""Progress roll-up measure → field → concept by the concept's ProgressRule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.calc.progress import (
    Basis,
    MeasureTerm,
    concept_progress,
    field_progress,
    measure_term,
    roll_up,
    to_percent,
)
from integrationkonzept.examples import example
from integrationkonzept.model import (
    ConceptBasis,
    Edition,
    Field,
    Measure,
    MissingProgress,
    ProgressRule,
    StatusChange,
    StatusDefault,
)


def change(day: str, status: str) -> StatusChange:
    return StatusChange(dt.date.fromisoformat(day), status)


def measure(
    measure_id: str,
    field: str | None,
    progress: str | None = None,
    weight: str | None = None,
    history: tuple[StatusChange, ...] = (),
) -> Measure:
    return Measure(
        id=measure_id,
        title=f"Maßnahme {measure_id}",
        field=field,
        progress=None if progress is None else Decimal(progress),
        weight=None if weight is None else Decimal(weight),
        status_history=history,
    )


FIELDS = (Field("f1", "Bildung"), Field("f2", "Arbeit"), Field("f3", "Dialog"))

EDITION = Edition(
    id="e",
    title="Konzept",
    fields=FIELDS,
    measures=(
        measure("m1", "f1", "40", weight="1"),
        measure("m2", "f1", "60", weight="2"),
        measure("m3", "f2", "100", history=(change("2020-01-01", "umgesetzt"),)),
        # Planned first, now under way: the last status change counts.
        measure(
            "m4",
            "f2",
            history=(change("2020-01-01", "geplant"), change("2022-05-01", "in_umsetzung")),
        ),
        measure("m5", "f3", history=(change("2021-01-01", "ruht"),)),
        measure("m6", None, "20"),
    ),
)

DEFAULTS = (
    StatusDefault("geplant", Decimal(0)),
    StatusDefault("in_umsetzung", Decimal(50)),
    StatusDefault("umgesetzt", Decimal(100)),
)


def values(edition: Edition, rule: ProgressRule) -> dict[str, Fraction | None]:
    result = concept_progress(edition, rule)
    return {field_id: rollup.value for field_id, rollup in result.fields}


# --- examples -------------------------------------------------------------------------------------


def test_unweighted_mean_excluding_missing() -> None:
    rule = ProgressRule()
    assert values(EDITION, rule) == {"f1": Fraction(50), "f2": Fraction(100), "f3": None}
    result = concept_progress(EDITION, rule)
    # f3 has no counted measure: left out of the mean, not counted as 0.
    assert result.value == Fraction(75)
    assert result.basis is ConceptBasis.FIELDS
    assert result.formula() == "(50 + 100) / 2 = 75"


def test_weighted_mean() -> None:
    rule = ProgressRule(weighted=True)
    f1 = field_progress(EDITION, "f1", rule)
    assert f1.value == Fraction(40 * 1 + 60 * 2, 3)
    assert to_percent(f1.value) == Decimal("53.3")
    # Measures without a weight count with weight 1.
    assert field_progress(EDITION, "f2", rule).value == Fraction(100)


def test_weights_are_ignored_by_an_unweighted_rule() -> None:
    f1 = field_progress(EDITION, "f1", ProgressRule(weighted=False))
    assert f1.value == Fraction(50)
    assert {term.weight for term in f1.terms} == {Fraction(1)}


def test_missing_as_zero() -> None:
    rule = ProgressRule(missing=MissingProgress.ZERO)
    assert values(EDITION, rule) == {"f1": Fraction(50), "f2": Fraction(50), "f3": Fraction(0)}
    result = concept_progress(EDITION, rule)
    assert result.value == Fraction(100, 3)
    bases = {term.measure: term.basis for term in result.measures.terms}
    assert bases["m4"] is Basis.ZERO
    assert bases["m1"] is Basis.EXPLICIT


def test_missing_by_status_default_uses_the_last_status() -> None:
    rule = ProgressRule(missing=MissingProgress.STATUS_DEFAULT, status_defaults=DEFAULTS)
    term = measure_term(EDITION.measures[3], rule)
    assert term == MeasureTerm("m4", Fraction(50), Fraction(1), Basis.STATUS_DEFAULT)
    # m5 is "ruht", which has no default: left out.
    assert measure_term(EDITION.measures[4], rule).basis is Basis.EXCLUDED
    assert values(EDITION, rule) == {"f1": Fraction(50), "f2": Fraction(75), "f3": None}
    assert concept_progress(EDITION, rule).value == Fraction(125, 2)


def test_explicit_progress_wins_over_status_default() -> None:
    rule = ProgressRule(missing=MissingProgress.STATUS_DEFAULT, status_defaults=DEFAULTS)
    # m3 is "umgesetzt" (default 100) and states 100 itself; use another explicit value.
    done = measure("m", None, "30", history=(change("2020-01-01", "umgesetzt"),))
    assert measure_term(done, rule) == MeasureTerm("m", Fraction(30), Fraction(1), Basis.EXPLICIT)


def test_measure_without_status_is_excluded_by_status_default() -> None:
    rule = ProgressRule(missing=MissingProgress.STATUS_DEFAULT, status_defaults=DEFAULTS)
    assert measure_term(measure("m", None), rule).basis is Basis.EXCLUDED


def test_concept_basis_measures_counts_every_measure() -> None:
    rule = ProgressRule(concept_basis=ConceptBasis.MEASURES)
    result = concept_progress(EDITION, rule)
    # m1, m2, m3 and m6 (which has no field) count; m4 and m5 have no value.
    assert result.value == Fraction(40 + 60 + 100 + 20, 4)
    assert result.basis is ConceptBasis.MEASURES
    assert [t.measure for t in result.measures.counted] == ["m1", "m2", "m3", "m6"]
    assert result.formula() == result.measures.formula()
    assert result.formula() == "(40 × 1 + 60 × 1 + 100 × 1 + 20 × 1) / 4 = 55"
    # The fields are the same whatever the concept basis.
    assert values(EDITION, rule) == values(EDITION, ProgressRule())


def test_concept_basis_fields_counts_each_field_once() -> None:
    # f1 has two measures, f2 one: by fields each field counts once.
    edition = Edition(
        id="e",
        title="Konzept",
        fields=FIELDS[:2],
        measures=(measure("a", "f1", "0"), measure("b", "f1", "0"), measure("c", "f2", "90")),
    )
    assert concept_progress(edition, ProgressRule()).value == Fraction(45)
    by_measures = ProgressRule(concept_basis=ConceptBasis.MEASURES)
    assert concept_progress(edition, by_measures).value == Fraction(30)


def test_nothing_counted_gives_none() -> None:
    edition = Edition(id="e", title="Konzept", fields=FIELDS, measures=(measure("a", "f1"),))
    for basis in ConceptBasis:
        result = concept_progress(edition, ProgressRule(concept_basis=basis))
        assert result.value is None
        assert result.formula() == "–"
        assert all(rollup.value is None for _, rollup in result.fields)
    empty = roll_up([])
    assert empty.value is None
    assert empty.counted == ()
    assert empty.formula() == "–"


def test_formula_shows_the_computation() -> None:
    f1 = field_progress(EDITION, "f1", ProgressRule(weighted=True))
    assert f1.formula() == "(40 × 1 + 60 × 2) / 3 ≈ 53,3"
    assert f1.formula("en") == "(40 × 1 + 60 × 2) / 3 ≈ 53.3"
    unweighted = field_progress(EDITION, "f1", ProgressRule())
    assert unweighted.formula() == "(40 × 1 + 60 × 1) / 2 = 50"


def test_formula_of_the_concept_by_fields() -> None:
    result = concept_progress(EDITION, ProgressRule(weighted=True))
    # f1 = 160/3, f2 = 100; f3 has no counted measure and is left out.
    assert result.formula() == "(160/3 + 100) / 2 ≈ 76,7"


def test_formula_shows_weights_exactly() -> None:
    terms = [
        MeasureTerm("a", Fraction(40), Fraction(1, 4), Basis.EXPLICIT),
        MeasureTerm("b", Fraction(60), Fraction(1), Basis.EXPLICIT),
    ]
    assert roll_up(terms).formula() == "(40 × 0,25 + 60 × 1) / 1,25 = 56"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(160, 3), 1, Decimal("53.3")),
        (Fraction(200, 3), 1, Decimal("66.7")),
        (Fraction(1, 20), 1, Decimal("0.1")),  # half up, not to even
        (Fraction(5, 2), 0, Decimal("3")),
        (Fraction(2, 3), 2, Decimal("0.67")),
        (Fraction(100), 1, Decimal("100.0")),
        (Fraction(0), 1, Decimal("0.0")),
    ],
)
def test_to_percent(value: Fraction, places: int, expected: Decimal) -> None:
    result = to_percent(value, places)
    assert result == expected
    assert result.as_tuple().exponent == -places


def test_leipzig_has_no_progress_and_none_is_invented() -> None:
    concept = example("leipzig").concept
    assert concept is not None
    edition = concept.current
    assert edition is not None
    assert edition.measures
    result = concept_progress(edition, concept.progress_rule)
    assert result.value is None
    assert result.formula() == "–"
    assert all(rollup.value is None for _, rollup in result.fields)
    assert result.measures.value is None


# --- properties -----------------------------------------------------------------------------------

FIELD_IDS = ("f1", "f2", "f3")
STATUSES = ("geplant", "in_umsetzung", "umgesetzt", "ruht")

percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(
    min_value=Decimal("0.01"), max_value=10, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def editions(draw: st.DrawFn) -> Edition:
    field_ids = draw(st.lists(st.sampled_from(FIELD_IDS), min_size=1, max_size=3, unique=True))
    fields = tuple(Field(fid, f"Feld {fid}") for fid in field_ids)
    count = draw(st.integers(min_value=0, max_value=6))
    measures = []
    for n in range(count):
        statuses = draw(st.lists(st.sampled_from(STATUSES), max_size=2))
        history = tuple(
            StatusChange(dt.date(2020 + i, 1, 1), status) for i, status in enumerate(statuses)
        )
        measures.append(
            Measure(
                id=f"m{n}",
                title=f"Maßnahme {n}",
                field=draw(st.none() | st.sampled_from(field_ids)),
                progress=draw(st.none() | percents),
                weight=draw(st.none() | weights),
                status_history=history,
            )
        )
    return Edition(id="e", title="Konzept", fields=fields, measures=tuple(measures))


rules = st.builds(
    ProgressRule,
    weighted=st.booleans(),
    missing=st.sampled_from(MissingProgress),
    status_defaults=st.lists(
        st.builds(StatusDefault, status=st.sampled_from(STATUSES), progress=percents),
        max_size=3,
        unique_by=lambda entry: entry.status,
    ).map(tuple),
    concept_basis=st.sampled_from(ConceptBasis),
)


def in_range(value: Fraction | None) -> bool:
    return value is None or (isinstance(value, Fraction) and 0 <= value <= 100)


@given(editions(), rules)
def test_results_lie_within_0_and_100(edition: Edition, rule: ProgressRule) -> None:
    result = concept_progress(edition, rule)
    assert in_range(result.value)
    assert in_range(result.measures.value)
    for _, rollup in result.fields:
        assert in_range(rollup.value)
        assert all(in_range(term.value) for term in rollup.terms)


@given(editions().flatmap(lambda e: st.tuples(st.just(e), st.permutations(e.measures))), rules)
def test_order_of_measures_does_not_matter(
    pair: tuple[Edition, list[Measure]], rule: ProgressRule
) -> None:
    edition, shuffled = pair
    other = attrs.evolve(edition, measures=tuple(shuffled))
    one, two = concept_progress(edition, rule), concept_progress(other, rule)
    assert one.value == two.value
    assert one.formula() == two.formula()
    assert one.measures.formula() == two.measures.formula()
    for (fid, a), (gid, b) in zip(one.fields, two.fields, strict=True):
        assert fid == gid
        assert a.value == b.value
        assert a.formula() == b.formula()


@given(editions(), rules)
def test_field_with_a_single_counted_measure_has_its_value(
    edition: Edition, rule: ProgressRule
) -> None:
    for field in edition.fields:
        rollup = field_progress(edition, field.id, rule)
        if len(rollup.counted) == 1:
            assert rollup.value == rollup.counted[0].value
        if not rollup.counted:
            assert rollup.value is None


@given(editions(), rules, st.none() | weights)
def test_equal_weights_give_the_unweighted_mean(
    edition: Edition, rule: ProgressRule, weight: Decimal | None
) -> None:
    same = attrs.evolve(
        edition, measures=tuple(attrs.evolve(m, weight=weight) for m in edition.measures)
    )
    weighted = concept_progress(same, attrs.evolve(rule, weighted=True))
    unweighted = concept_progress(same, attrs.evolve(rule, weighted=False))
    assert weighted.value == unweighted.value
    assert weighted.measures.value == unweighted.measures.value
    for (_, a), (_, b) in zip(weighted.fields, unweighted.fields, strict=True):
        assert a.value == b.value


@given(editions(), rules)
def test_concept_mean_of_fields_leaves_out_empty_fields(
    edition: Edition, rule: ProgressRule
) -> None:
    by_fields = attrs.evolve(rule, concept_basis=ConceptBasis.FIELDS)
    result = concept_progress(edition, by_fields)
    counted = [rollup.value for _, rollup in result.fields if rollup.value is not None]
    if counted:
        assert result.value == sum(counted, Fraction(0)) / len(counted)
    else:
        assert result.value is None


fractions = st.fractions(min_value=0, max_value=100, max_denominator=1000)


@given(
    st.lists(
        st.tuples(
            st.none() | fractions,
            st.fractions(min_value=Fraction(1, 1000), max_value=50, max_denominator=1000),
        ),
        max_size=30,
    )
)
def test_roll_up_is_the_exact_weighted_mean(pairs: list[tuple[Fraction | None, Fraction]]) -> None:
    # roll_up adds numerators per denominator for speed; the result is the plain Fraction sum.
    terms = [
        MeasureTerm(f"m{index}", value, weight, Basis.EXPLICIT)
        for index, (value, weight) in enumerate(pairs)
    ]
    counted = [(value, weight) for value, weight in pairs if value is not None]
    weights = sum((weight for _, weight in counted), Fraction(0))
    expected = (
        sum((value * weight for value, weight in counted), Fraction(0)) / weights
        if counted
        else None
    )
    assert roll_up(terms).value == expected
