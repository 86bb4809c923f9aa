"""Strategies for the concept: municipality, organizations, measures, editions, concepts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from ...model import (
    BudgetPeriod,
    Concept,
    Edition,
    Field,
    Goal,
    Guidelines,
    Indicator,
    Measure,
    MeasureCost,
    Municipality,
    Observation,
    Organization,
    Partner,
    ProgressChange,
    ProgressRule,
    Recommendation,
    Status,
    StatusChange,
    StatusDefault,
    Target,
)
from ._base import (
    MAX_SIZE,
    _optional,
    _reference,
    _shared,
    _tuples,
    _unique_ids,
    _words,
    budget_periods,
    concept_bases,
    date_ranges,
    dates,
    decimals,
    fiscal_years,
    identifiers,
    missing_progresses,
    moneys,
    percentages,
    sources,
    texts,
)

# --- the concept ---------------------------------------------------------------------------------


@_shared
def municipalities() -> st.SearchStrategy[Municipality]:
    """A municipality with an eight-digit (ASCII) AGS."""
    return st.builds(
        Municipality,
        name=st.one_of(st.sampled_from(["Leipzig", "Magdeburg"]), texts(min_size=1)),
        ags=st.text(alphabet="0123456789", min_size=8, max_size=8),
        office=st.one_of(st.just(""), texts()),
    )


@_shared
def organizations() -> st.SearchStrategy[Organization]:
    """An office, association or body."""
    return st.builds(
        Organization,
        id=identifiers(),
        name=texts(min_size=1),
        short_name=texts(max_size=8),
        kind=_words("", "Amt", "Referat", "Verein", "Beirat"),
    )


@_shared
def partners(organization_ids: Sequence[str] = ()) -> st.SearchStrategy[Partner]:
    """A partner of a measure, naming one of ``organization_ids`` when given."""
    return st.builds(
        Partner,
        organization=_reference(organization_ids),
        role=_words("", "Kooperationspartner", "federführend"),
    )


@_shared
def statuses() -> st.SearchStrategy[Status]:
    """An entry of a status vocabulary."""
    return st.builds(
        Status,
        key=st.one_of(st.sampled_from(["geplant", "in-umsetzung", "umgesetzt"]), identifiers()),
        label_de=texts(min_size=1),
        label_en=texts(),
        finished=st.booleans(),
    )


@_shared
def status_changes(status_keys: Sequence[str] = ()) -> st.SearchStrategy[StatusChange]:
    """A dated status, naming one of ``status_keys`` when given."""
    return st.builds(
        StatusChange,
        date=dates(),
        status=_reference(status_keys),
        source=_optional(sources()),
        note=texts(),
    )


@_shared
def progress_changes() -> st.SearchStrategy[ProgressChange]:
    """A dated progress figure (or a dated "no figure")."""
    return st.builds(
        ProgressChange,
        date=dates(),
        value=_optional(percentages()),
        source=_optional(sources()),
        note=texts(),
    )


@_shared
def measure_costs() -> st.SearchStrategy[MeasureCost]:
    """The cost of a measure in one fiscal year."""
    return st.builds(
        MeasureCost, fiscal_year=fiscal_years(), amount=moneys(), source=_optional(sources())
    )


@_shared
def observations() -> st.SearchStrategy[Observation]:
    """A dated value of an indicator."""
    return st.builds(Observation, date=dates(), value=decimals(), source=_optional(sources()))


@_shared
def targets() -> st.SearchStrategy[Target]:
    """A target value for a period written as ``2022``, ``2021/22`` or any text."""
    return st.builds(
        Target,
        period=st.one_of(
            fiscal_years().map(str), budget_periods().map(BudgetPeriod.label), texts(min_size=1)
        ),
        value=decimals(),
        source=_optional(sources()),
    )


@_shared
def indicators() -> st.SearchStrategy[Indicator]:
    """An indicator with optional baseline, targets and observations."""
    return st.builds(
        Indicator,
        id=identifiers(),
        title=texts(min_size=1),
        unit=_words("", "Personen", "%", "Teilnehmende"),
        baseline=_optional(observations()),
        targets=_tuples(targets()),
        observations=_tuples(observations()),
    )


@_shared
@st.composite
def measures(
    draw: st.DrawFn,
    field_ids: Sequence[str] | None = None,
    status_keys: Sequence[str] = (),
    organization_ids: Sequence[str] = (),
) -> Measure:
    """A measure with a status history in date order.

    ``field_ids``: when given, the measure's field is one of them or ``None`` (as
    :class:`~integrationkonzept.model.Edition` requires); by default any id or ``None``.
    ``status_keys`` / ``organization_ids``: when given, the history and the lead and partners
    name only those.
    """
    if field_ids is None:
        field = draw(_optional(identifiers()))
    elif field_ids:
        field = draw(_optional(st.sampled_from(list(field_ids))))
    else:
        field = None
    history = draw(st.lists(status_changes(status_keys), max_size=MAX_SIZE))
    history.sort(key=lambda change: change.date)
    # Progress: an undated figure, or dated figures whose last one is the figure.
    dated = draw(st.lists(progress_changes(), max_size=MAX_SIZE))
    dated.sort(key=lambda change: change.date)
    progress = dated[-1].value if dated else draw(_optional(percentages()))
    return Measure(
        id=draw(identifiers()),
        title=draw(texts(min_size=1)),
        field=field,
        goal=draw(_optional(identifiers())),
        recommendation=draw(_optional(identifiers())),
        description=draw(texts()),
        lead=draw(_optional(_reference(organization_ids))),
        partners=draw(_tuples(partners(organization_ids))),
        timeframe=draw(_optional(date_ranges())),
        timeframe_text=draw(_words("", "fortlaufend", "Herbst 2020", "ab 2021")),
        status_history=tuple(history),
        progress=progress,
        weight=draw(_optional(decimals(min_value=Decimal("0.001"), max_value=1000))),
        costs=draw(_tuples(measure_costs())),
        indicators=draw(_unique_ids(indicators())),
        papers=draw(_tuples(texts(min_size=1))),
        source=draw(_optional(sources())),
        progress_history=tuple(dated),
    )


@_shared
def recommendations() -> st.SearchStrategy[Recommendation]:
    """A Handlungsempfehlung."""
    return st.builds(Recommendation, id=identifiers(), title=texts(min_size=1))


@_shared
def goals() -> st.SearchStrategy[Goal]:
    """A goal with recommendations of distinct ids."""
    return st.builds(
        Goal,
        id=identifiers(),
        title=texts(min_size=1),
        recommendations=_unique_ids(recommendations()),
    )


@_shared
def fields() -> st.SearchStrategy[Field]:
    """A Handlungsfeld with goals of distinct ids."""
    return st.builds(
        Field,
        id=identifiers(),
        title=texts(min_size=1),
        number=_optional(st.integers(min_value=1, max_value=20)),
        goals=_unique_ids(goals()),
        source=_optional(sources()),
    )


@_shared
def guidelines() -> st.SearchStrategy[Guidelines]:
    """Leitlinien with their principles."""
    return st.builds(
        Guidelines,
        title=texts(min_size=1),
        adopted=_optional(dates()),
        paper=_optional(texts(min_size=1)),
        principles=_tuples(texts(min_size=1)),
        source=_optional(sources()),
    )


@_shared
@st.composite
def editions(
    draw: st.DrawFn, status_keys: Sequence[str] = (), organization_ids: Sequence[str] = ()
) -> Edition:
    """An edition whose measures name only its own fields (or none)."""
    edition_fields = draw(_unique_ids(fields()))
    field_ids = [field.id for field in edition_fields]
    return Edition(
        id=draw(identifiers()),
        title=draw(texts(min_size=1)),
        adopted=draw(_optional(dates())),
        decided_by=draw(_optional(texts(min_size=1))),
        valid=draw(_optional(date_ranges())),
        replaces=draw(_optional(identifiers())),
        fields=edition_fields,
        measures=draw(_unique_ids(measures(field_ids, status_keys, organization_ids))),
        declared_fields=draw(_optional(st.integers(min_value=0, max_value=200))),
        declared_measures=draw(_optional(st.integers(min_value=0, max_value=500))),
        source=draw(_optional(sources())),
    )


@_shared
def status_defaults(status_keys: Sequence[str] = ()) -> st.SearchStrategy[StatusDefault]:
    """A default progress for a status, naming one of ``status_keys`` when given."""
    return st.builds(StatusDefault, status=_reference(status_keys), progress=percentages())


@_shared
def progress_rules(status_keys: Sequence[str] = ()) -> st.SearchStrategy[ProgressRule]:
    """A progress rule with at most one default per status."""
    return st.builds(
        ProgressRule,
        weighted=st.booleans(),
        missing=missing_progresses(),
        status_defaults=st.lists(
            status_defaults(status_keys), max_size=MAX_SIZE, unique_by=lambda entry: entry.status
        ).map(tuple),
        concept_basis=concept_bases(),
    )


@_shared
@st.composite
def concepts(draw: st.DrawFn, organization_ids: Sequence[str] = ()) -> Concept:
    """A concept whose measures and progress rule use its own status vocabulary."""
    vocabulary = tuple(
        draw(st.lists(statuses(), max_size=MAX_SIZE, unique_by=lambda status: status.key))
    )
    keys = [status.key for status in vocabulary]
    return Concept(
        id=draw(identifiers()),
        title=draw(texts(min_size=1)),
        guidelines=draw(_tuples(guidelines())),
        editions=draw(_unique_ids(editions(keys, organization_ids))),
        statuses=vocabulary,
        progress_rule=draw(progress_rules(keys)),
    )
