"""Hypothesis strategies for every class of :mod:`integrationkonzept.model`.

For authors of plugins, importers and exporters who want to test their code against any data the
model allows, not only against the Leipzig and Magdeburg examples. Install the optional
dependency ``integrationkonzept[testing]`` (it brings Hypothesis) and write, for example::

    from hypothesis import given
    from integrationkonzept.testing.strategies import datasets

    @given(datasets())
    def test_export_never_crashes(dataset):
        my_plugin.export(dataset)

There is one function per model class, named after the class in snake case and plural
(:func:`moneys`, :func:`sources`, :func:`budget_periods`, … :func:`datasets`); each returns a
strategy. :data:`STRATEGIES` maps every class exported by :mod:`integrationkonzept.model`
(enums included) to its function, so a test can go through all of them::

    @pytest.mark.parametrize("cls", list(STRATEGIES), ids=lambda cls: cls.__name__)
    @given(data=st.data())
    def test_round_trip(cls, data):
        obj = data.draw(STRATEGIES[cls]())

What is generated:

* Every object passes the model's validators: fiscal years 1990–2200, eight-digit AGS, non-empty
  ids and titles, ids unique within their tuple, status histories and milestone revisions in date
  order, an edition's measures naming only fields of that edition (or none), a decision with a
  kind, vote counts or a vote text, planned dates that exist, finite decimals (progress 0–100,
  weights above zero), money built from whole cents.
* Text is deliberately unfriendly: German words with umlauts and „quotes“, any Unicode including
  control characters, and hostile strings (``<script>``, spreadsheet formulas like ``=SUM(A1)``,
  SQL, JSON, right-to-left overrides, emoji); see :data:`HOSTILE_TEXTS` and :func:`texts`.
* Sizes stay small (at most three items per tuple) so that tests are fast.
* Within :func:`datasets` and :func:`concepts` references point at objects that exist where the
  model has them (a budget line's purpose, the line it revises, a report's rule, a measure's lead
  and partners, its status keys). The model does not require that, so the other functions may
  produce references to ids that exist nowhere; functions taking ``*_ids``/``*_keys`` arguments
  pick references from those when given.

Dates lie within 1990-01-01 … 2200-12-31 (see :func:`dates`); decimals have at most three places
and are written by :func:`integrationkonzept.serialize.dump` without an exponent.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final, ParamSpec, Protocol, TypeVar

import attrs
from hypothesis import strategies as st

from ..model import (
    BudgetCadence,
    BudgetLine,
    BudgetPeriod,
    BudgetPhase,
    Concept,
    ConceptBasis,
    Consultation,
    Dataset,
    DateRange,
    Decision,
    Due,
    Edition,
    Field,
    FileInfo,
    Goal,
    Guidelines,
    Indicator,
    Measure,
    MeasureCost,
    Milestone,
    MilestoneRevision,
    MissingProgress,
    Money,
    Municipality,
    Observation,
    Organization,
    Paper,
    PaperRelation,
    Partner,
    PlannedDate,
    Precision,
    ProgressChange,
    ProgressRule,
    Purpose,
    Question,
    Recommendation,
    RelationKind,
    Report,
    ReviewKind,
    ReviewRule,
    Section,
    Source,
    SourceKind,
    Status,
    StatusChange,
    StatusDefault,
    Target,
    Trigger,
    VoteResult,
)
from ..model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR

__all__ = [
    "HOSTILE_TEXTS",
    "MAX_DATE",
    "MAX_SIZE",
    "MIN_DATE",
    "STRATEGIES",
    "budget_cadences",
    "budget_lines",
    "budget_periods",
    "budget_phases",
    "concept_bases",
    "concepts",
    "consultations",
    "datasets",
    "date_ranges",
    "dates",
    "datetimes",
    "decimals",
    "decisions",
    "dues",
    "editions",
    "fields",
    "file_infos",
    "fiscal_years",
    "goals",
    "guidelines",
    "identifiers",
    "indicators",
    "measure_costs",
    "measures",
    "milestone_revisions",
    "milestones",
    "missing_progresses",
    "moneys",
    "municipalities",
    "observations",
    "organizations",
    "paper_relations",
    "papers",
    "partners",
    "percentages",
    "planned_dates",
    "precisions",
    "progress_changes",
    "progress_rules",
    "purposes",
    "questions",
    "recommendations",
    "relation_kinds",
    "reports",
    "review_kinds",
    "review_rules",
    "sections",
    "source_kinds",
    "sources",
    "status_changes",
    "status_defaults",
    "statuses",
    "targets",
    "texts",
    "triggers",
    "vote_results",
]

T = TypeVar("T")
P = ParamSpec("P")

#: The earliest and latest date generated (the model's fiscal years are 1990–2200).
MIN_DATE: Final = dt.date(1990, 1, 1)
MAX_DATE: Final = dt.date(2200, 12, 31)

#: The most items generated for any tuple of the model.
MAX_SIZE: Final = 3

#: Strings that break careless exporters: markup, formulas, SQL, JSON, control and format
#: characters, typographic quotes, emoji and ligatures.
HOSTILE_TEXTS: Final[tuple[str, ...]] = (
    "<script>alert('Integration')</script>",
    "</td><td onmouseover=alert(1)>",
    "=SUM(A1)",
    '=HYPERLINK("http://example.invalid";"Klick")',
    "+49 341 123-0",
    "-2+3",
    "@SUMME(1;1)",
    "'; DROP TABLE massnahmen; --",
    "\x00\x01\x07\x1b[31mrot\x1b[0m\x7f",
    "Zeile 1\nZeile 2\r\nZeile 3\tEingerückt",
    "\u202eRTL-Override\u202c",
    "\ufeffBOM am Anfang",
    "Null\u200bbreite\u200dZeichen\u00ad",
    "„Gesamtkonzept“ ‚Integration‘ »Beirat« “English” \"ASCII\" 'single'",
    "Straße, Ärger, Öl, Übermut, ẞ",
    '{"schema_version": 1, "type": "Dataset"}',
    "$.data.budget_lines[0].amount",
    "\\u0000 \\n \\\\ \\",
    "null",
    "80.000,00 €",
    "%s %d {0} {name} ${HOME}",
    "../../etc/passwd",
    "😀 👩🏽‍🏫 🇩🇪",
    "ﬁ ﬀ Å Å",  # ligatures; Å precomposed and decomposed
    " ",
)

_GERMAN: Final = (
    "abcdefghijklmnopqrstuvwxyz"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "äöüÄÖÜßẞ0123456789"
    " -–—.,:;/()„“‚‘»«€§%&*'\"\n"
)
_ID_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz0123456789-_./"


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


H = TypeVar("H", bound=_HasId)


def _shared(
    function: Callable[P, st.SearchStrategy[T]],
) -> Callable[P, st.SearchStrategy[T]]:
    """Build a strategy once per arguments and hand out the same object afterwards.

    Building strategies is slow (Hypothesis validates each new one), and the composite functions
    below draw from many of them for every example; strategies are immutable, so sharing is
    safe. Lists among the arguments count as tuples; other unhashable arguments skip the cache.
    """
    cached = functools.cache(function)

    @functools.wraps(function)
    def shared(*args: P.args, **kwargs: P.kwargs) -> st.SearchStrategy[T]:
        key_args: tuple[Any, ...] = tuple(_freeze(value) for value in args)
        key_kwargs: dict[str, Any] = {name: _freeze(value) for name, value in kwargs.items()}
        try:
            hash((key_args, tuple(key_kwargs.items())))
        except TypeError:
            return function(*args, **kwargs)
        return cached(*key_args, **key_kwargs)

    return shared


def _freeze(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


# --- building blocks -----------------------------------------------------------------------------


@_shared
def texts(*, min_size: int = 0, max_size: int = 24) -> st.SearchStrategy[str]:
    """Text as cities write it and as attackers write it.

    German text (umlauts, ß, „quotes“, €), any Unicode (control characters included), one of
    :data:`HOSTILE_TEXTS`, or German text followed by a hostile string. ``min_size`` always
    holds; ``max_size`` bounds the first two kinds only (hostile strings are kept whole).
    """
    hostile = [text for text in HOSTILE_TEXTS if len(text) >= min_size]
    options = [
        st.text(alphabet=_GERMAN, min_size=min_size, max_size=max_size),
        st.text(min_size=min_size, max_size=max_size),
    ]
    if hostile:
        options.append(st.sampled_from(hostile))
        options.append(
            st.tuples(st.text(alphabet=_GERMAN, max_size=max_size), st.sampled_from(hostile)).map(
                "".join
            )
        )
    return st.one_of(options)


@_shared
def identifiers() -> st.SearchStrategy[str]:
    """A non-empty id: mostly slug-like (``2021-mso``), sometimes any non-empty :func:`texts`."""
    return st.one_of(
        st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=12),
        texts(min_size=1, max_size=12),
    )


@_shared
def dates() -> st.SearchStrategy[dt.date]:
    """A date (never a datetime) between :data:`MIN_DATE` and :data:`MAX_DATE`."""
    return st.dates(min_value=MIN_DATE, max_value=MAX_DATE)


@_shared
def datetimes() -> st.SearchStrategy[dt.datetime]:
    """A point in time within the dates of :func:`dates`: naive, UTC or a whole-minute offset.

    Offsets are whole minutes because JSON (through orjson) writes offsets as ``±hh:mm``.
    """
    offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
        lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
    )
    return st.datetimes(
        min_value=dt.datetime.combine(MIN_DATE, dt.time.min),
        max_value=dt.datetime.combine(MAX_DATE, dt.time.max),
        timezones=st.one_of(st.none(), st.just(dt.UTC), offsets),
    )


@_shared
def fiscal_years() -> st.SearchStrategy[int]:
    """A fiscal year the model accepts (1990–2200)."""
    return st.integers(min_value=MIN_FISCAL_YEAR, max_value=MAX_FISCAL_YEAR)


@_shared
def decimals(
    min_value: Decimal | int = -(10**9), max_value: Decimal | int = 10**9
) -> st.SearchStrategy[Decimal]:
    """A finite Decimal within the bounds with 0–3 decimal places (``Decimal("12.50")``)."""
    return st.one_of(
        [
            st.decimals(
                min_value=min_value,
                max_value=max_value,
                allow_nan=False,
                allow_infinity=False,
                places=places,
            )
            for places in range(4)
        ]
    )


@_shared
def percentages() -> st.SearchStrategy[Decimal]:
    """A progress value: a finite Decimal from 0 to 100."""
    return decimals(0, 100)


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


def _tuples(elements: st.SearchStrategy[T]) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(elements, max_size=MAX_SIZE).map(tuple)


def _unique_ids(elements: st.SearchStrategy[H]) -> st.SearchStrategy[tuple[H, ...]]:
    return st.lists(elements, max_size=MAX_SIZE, unique_by=lambda item: item.id).map(tuple)


def _reference(ids: Sequence[str]) -> st.SearchStrategy[str]:
    """One of ``ids`` when there are any, else any identifier."""
    return st.sampled_from(list(ids)) if ids else identifiers()


def _words(*examples: str) -> st.SearchStrategy[str]:
    """Typical values first (they shrink to the first), then any text."""
    return st.one_of(st.sampled_from(examples), texts())


# --- enums ---------------------------------------------------------------------------------------


def source_kinds() -> st.SearchStrategy[SourceKind]:
    """Any :class:`~integrationkonzept.model.SourceKind`."""
    return st.sampled_from(SourceKind)


def budget_phases() -> st.SearchStrategy[BudgetPhase]:
    """Any :class:`~integrationkonzept.model.BudgetPhase`."""
    return st.sampled_from(BudgetPhase)


def precisions() -> st.SearchStrategy[Precision]:
    """Any :class:`~integrationkonzept.model.Precision`."""
    return st.sampled_from(Precision)


def missing_progresses() -> st.SearchStrategy[MissingProgress]:
    """Any :class:`~integrationkonzept.model.MissingProgress`."""
    return st.sampled_from(MissingProgress)


def concept_bases() -> st.SearchStrategy[ConceptBasis]:
    """Any :class:`~integrationkonzept.model.ConceptBasis`."""
    return st.sampled_from(ConceptBasis)


def review_kinds() -> st.SearchStrategy[ReviewKind]:
    """Any :class:`~integrationkonzept.model.ReviewKind`."""
    return st.sampled_from(ReviewKind)


def triggers() -> st.SearchStrategy[Trigger]:
    """Any :class:`~integrationkonzept.model.Trigger`."""
    return st.sampled_from(Trigger)


def dues() -> st.SearchStrategy[Due]:
    """Any :class:`~integrationkonzept.model.Due`."""
    return st.sampled_from(Due)


def relation_kinds() -> st.SearchStrategy[RelationKind]:
    """Any :class:`~integrationkonzept.model.RelationKind`."""
    return st.sampled_from(RelationKind)


# --- money, sources, periods ---------------------------------------------------------------------


@_shared
def moneys() -> st.SearchStrategy[Money]:
    """An amount: any whole number of cents within ±10 billion euro, or a round euro amount."""
    return st.one_of(
        st.integers(min_value=-(10**12), max_value=10**12).map(Money.from_cents),
        st.integers(min_value=0, max_value=400).map(lambda n: Money.of(n * 500)),
    )


@_shared
def sources() -> st.SearchStrategy[Source]:
    """A :class:`~integrationkonzept.model.Source` of any kind."""
    return st.builds(
        Source,
        kind=source_kinds(),
        reference=st.one_of(
            st.sampled_from(["VI-DS-08033-NF-02", "DS0583/21/1", "RBV-1458/12"]),
            texts(min_size=1),
        ),
        title=texts(),
        date=_optional(dates()),
        locator=texts(),
        url=st.one_of(
            st.just(""),
            st.sampled_from(
                [
                    "https://ratsinformation.leipzig.de/allris_leipzig_public/vo020?VOLFDNR=1",
                    "javascript:alert(1)",
                ]
            ),
            texts(),
        ),
    )


@_shared
@st.composite
def budget_periods(draw: st.DrawFn) -> BudgetPeriod:
    """A single budget year or a Doppelhaushalt (two consecutive years)."""
    if draw(st.booleans()):
        first = draw(st.integers(min_value=MIN_FISCAL_YEAR, max_value=MAX_FISCAL_YEAR - 1))
        return BudgetPeriod((first, first + 1))
    return BudgetPeriod((draw(fiscal_years()),))


@_shared
def budget_cadences() -> st.SearchStrategy[BudgetCadence]:
    """Annual budgets or Doppelhaushalte, anchored at any fiscal year."""
    return st.builds(
        BudgetCadence, years_per_period=st.sampled_from((1, 2)), anchor_year=fiscal_years()
    )


@_shared
@st.composite
def date_ranges(draw: st.DrawFn) -> DateRange:
    """A date range, possibly open on either side, never ending before it starts."""
    start = draw(_optional(dates()))
    end = draw(_optional(dates()))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return DateRange(start, end)


# --- the concept ---------------------------------------------------------------------------------


@_shared
def municipalities() -> st.SearchStrategy[Municipality]:
    """A municipality with an eight-digit (ASCII) AGS."""
    return st.builds(
        Municipality,
        name=st.one_of(st.sampled_from(["Leipzig", "Magdeburg"]), texts(min_size=1)),
        ags=st.text(alphabet="0123456789", min_size=8, max_size=8),
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


# --- money and review duties ---------------------------------------------------------------------


@_shared
def purposes() -> st.SearchStrategy[Purpose]:
    """A purpose of money."""
    return st.builds(Purpose, id=identifiers(), title=texts(min_size=1), title_en=texts())


@_shared
def budget_lines(
    purpose_ids: Sequence[str] = (), line_ids: Sequence[str] = ()
) -> st.SearchStrategy[BudgetLine]:
    """A budget line for one of ``purpose_ids`` (when given) revising one of ``line_ids`` or none.

    Without ``line_ids`` the line revises nothing or a line id that may not exist.
    """
    return st.builds(
        BudgetLine,
        id=identifiers(),
        fiscal_year=fiscal_years(),
        purpose=_reference(purpose_ids),
        phase=budget_phases(),
        amount=moneys(),
        source=sources(),
        revises=_optional(_reference(line_ids)),
        note=texts(),
    )


@_shared
@st.composite
def review_rules(draw: st.DrawFn) -> ReviewRule:
    """A review rule; its ``last_year``, when set, is not before its ``first_year``."""
    first_year = draw(fiscal_years())
    return ReviewRule(
        id=draw(identifiers()),
        kind=draw(review_kinds()),
        title=draw(texts(min_size=1)),
        trigger=draw(triggers()),
        first_year=first_year,
        interval_years=draw(st.integers(min_value=1, max_value=10)),
        due=draw(dues()),
        last_year=draw(_optional(st.integers(min_value=first_year, max_value=MAX_FISCAL_YEAR))),
        source=draw(_optional(sources())),
    )


@_shared
def reports(rule_ids: Sequence[str] = ()) -> st.SearchStrategy[Report]:
    """A delivered report for one of ``rule_ids`` when given."""
    return st.builds(
        Report,
        id=identifiers(),
        rule=_reference(rule_ids),
        period_start=fiscal_years(),
        delivered=dates(),
        title=texts(),
        paper=_optional(texts(min_size=1)),
        source=_optional(sources()),
    )


@_shared
@st.composite
def planned_dates(draw: st.DrawFn) -> PlannedDate:
    """A planned year, month of a year or existing day (29 February only in leap years)."""
    year = draw(fiscal_years())
    precision = draw(precisions())
    if precision is Precision.YEAR:
        month = day = None
    else:
        month = draw(st.integers(min_value=1, max_value=12))
        day = None
        if precision is Precision.DAY:
            last = calendar.monthrange(year, month)[1]
            day = draw(st.integers(min_value=1, max_value=last))
    return PlannedDate(year, month, day, earliest=draw(st.booleans()))


@_shared
def milestone_revisions() -> st.SearchStrategy[MilestoneRevision]:
    """A change of a milestone's plan with its reasons."""
    return st.builds(
        MilestoneRevision,
        revised_on=dates(),
        new_date=planned_dates(),
        reasons=_tuples(texts(min_size=1)),
        source=_optional(sources()),
    )


@_shared
@st.composite
def milestones(draw: st.DrawFn) -> Milestone:
    """A milestone whose revisions are in the order they were made."""
    revisions = draw(st.lists(milestone_revisions(), max_size=MAX_SIZE))
    revisions.sort(key=lambda revision: revision.revised_on)
    return Milestone(
        id=draw(identifiers()),
        title=draw(texts(min_size=1)),
        planned=draw(_optional(planned_dates())),
        planned_source=draw(_optional(sources())),
        revisions=tuple(revisions),
        actual=draw(_optional(dates())),
        actual_source=draw(_optional(sources())),
        paper=draw(_optional(texts(min_size=1))),
    )


# --- council papers ------------------------------------------------------------------------------


@_shared
def vote_results() -> st.SearchStrategy[VoteResult]:
    """Counted votes."""
    counts = st.integers(min_value=0, max_value=100)
    return st.builds(VoteResult, yes=counts, no=counts, abstentions=counts)


@_shared
def consultations() -> st.SearchStrategy[Consultation]:
    """A row of a Beratungsfolge."""
    return st.builds(
        Consultation,
        body=st.one_of(
            st.sampled_from(["Ratsversammlung", "Migrantenbeirat", "Fachausschuss Soziales"]),
            texts(min_size=1),
        ),
        date=_optional(dates()),
        role=_words("", "Vorberatung", "Beschlussfassung", "Kenntnisnahme", "2. Lesung"),
        result=_words("", "beschlossen", "geändert beschlossen", "vertagt"),
        authoritative=st.booleans(),
    )


@_shared
@st.composite
def decisions(draw: st.DrawFn) -> Decision:
    """A decision with at least a kind, vote counts or a vote text."""
    kind = draw(_words("", "beschlossen", "geändert beschlossen", "abgelehnt"))
    votes = draw(_optional(vote_results()))
    vote_text = draw(_words("", "einstimmig", "mehrheitlich", "bei 3 Enthaltungen"))
    if not kind and votes is None and not vote_text:
        missing = draw(st.sampled_from(["kind", "votes", "vote_text"]))
        if missing == "kind":
            kind = draw(texts(min_size=1))
        elif missing == "votes":
            votes = draw(vote_results())
        else:
            vote_text = draw(texts(min_size=1))
    return Decision(
        body=draw(st.one_of(st.just("Ratsversammlung"), texts(min_size=1))),
        date=draw(dates()),
        kind=kind,
        votes=votes,
        vote_text=vote_text,
        text=draw(texts()),
        source=draw(_optional(sources())),
    )


@_shared
def paper_relations() -> st.SearchStrategy[PaperRelation]:
    """A link to another paper."""
    return st.builds(PaperRelation, kind=relation_kinds(), reference=texts(min_size=1))


@_shared
def sections() -> st.SearchStrategy[Section]:
    """A titled part of a paper's text."""
    return st.builds(
        Section,
        title=st.one_of(
            st.sampled_from(["Beschlussvorschlag", "Sachverhalt", "Begründung"]),
            texts(min_size=1),
        ),
        text=texts(max_size=80),
    )


@_shared
def questions() -> st.SearchStrategy[Question]:
    """A numbered question of an Anfrage, perhaps answered."""
    return st.builds(
        Question,
        number=st.one_of(st.integers(min_value=1, max_value=9).map(str), texts(min_size=1)),
        text=texts(),
        answer=texts(),
    )


@_shared
def file_infos() -> st.SearchStrategy[FileInfo]:
    """The file metadata block of a republished paper."""
    return st.builds(
        FileInfo,
        municipality=texts(),
        filename=_words("", "Vorlage.pdf", "Stellungnahme.pdf"),
        size=_words("", "96 kB", "1,2 MB"),
        created=_optional(datetimes()),
        updated=_optional(datetimes()),
    )


@_shared
def papers() -> st.SearchStrategy[Paper]:
    """A council paper, perhaps decided, with sections, questions and file metadata."""
    return st.builds(
        Paper,
        reference=st.one_of(
            st.sampled_from(["VI-DS-08033-NF-02", "DS0583/21/1"]), texts(min_size=1)
        ),
        kind=_words("", "Antrag", "Beschlussvorlage", "Informationsvorlage"),
        title=texts(),
        submitter=texts(),
        date=_optional(dates()),
        status=_words("", "öffentlich"),
        consultations=_tuples(consultations()),
        decision=_optional(decisions()),
        relations=_tuples(paper_relations()),
        position=_words("", "Zustimmung", "Ablehnung", "Zustimmung mit Ergänzung"),
        sections=_tuples(sections()),
        questions=_tuples(questions()),
        distribution=texts(),
        distributed=_optional(dates()),
        file=_optional(file_infos()),
        source=_optional(sources()),
    )


# --- the whole document --------------------------------------------------------------------------


@_shared
@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """A city's data set (with or without a concept) whose references point at its own objects.

    Budget lines name its purposes and revise only earlier lines, reports name its review rules,
    measures name its organizations and statuses; ids and paper references are unique.
    """
    orgs = draw(_unique_ids(organizations()))
    org_ids = [org.id for org in orgs]
    money_purposes = draw(_unique_ids(purposes()))
    lines = list(draw(_unique_ids(budget_lines([purpose.id for purpose in money_purposes]))))
    for index, line in enumerate(lines):
        earlier = [other.id for other in lines[:index]]
        revises = draw(_optional(st.sampled_from(earlier))) if earlier else None
        lines[index] = attrs.evolve(line, revises=revises)
    rules = draw(_unique_ids(review_rules()))
    return Dataset(
        municipality=draw(municipalities()),
        concept=draw(_optional(concepts(org_ids))),
        budget_cadence=draw(budget_cadences()),
        organizations=orgs,
        purposes=money_purposes,
        budget_lines=tuple(lines),
        review_rules=rules,
        reports=draw(_unique_ids(reports([rule.id for rule in rules]))),
        milestones=draw(_unique_ids(milestones())),
        papers=tuple(
            draw(st.lists(papers(), max_size=MAX_SIZE, unique_by=lambda paper: paper.reference))
        ),
    )


#: Every class exported by :mod:`integrationkonzept.model` and the function giving its strategy.
STRATEGIES: Final[dict[type, Callable[[], st.SearchStrategy[Any]]]] = {
    BudgetCadence: budget_cadences,
    BudgetLine: budget_lines,
    BudgetPeriod: budget_periods,
    BudgetPhase: budget_phases,
    Concept: concepts,
    ConceptBasis: concept_bases,
    Consultation: consultations,
    Dataset: datasets,
    DateRange: date_ranges,
    Decision: decisions,
    Due: dues,
    Edition: editions,
    Field: fields,
    FileInfo: file_infos,
    Goal: goals,
    Guidelines: guidelines,
    Indicator: indicators,
    Measure: measures,
    MeasureCost: measure_costs,
    Milestone: milestones,
    MilestoneRevision: milestone_revisions,
    MissingProgress: missing_progresses,
    Money: moneys,
    Municipality: municipalities,
    Observation: observations,
    Organization: organizations,
    Paper: papers,
    PaperRelation: paper_relations,
    Partner: partners,
    PlannedDate: planned_dates,
    Precision: precisions,
    ProgressChange: progress_changes,
    ProgressRule: progress_rules,
    Purpose: purposes,
    Question: questions,
    Recommendation: recommendations,
    RelationKind: relation_kinds,
    Report: reports,
    ReviewKind: review_kinds,
    ReviewRule: review_rules,
    Section: sections,
    Source: sources,
    SourceKind: source_kinds,
    Status: statuses,
    StatusChange: status_changes,
    StatusDefault: status_defaults,
    Target: targets,
    Trigger: triggers,
    VoteResult: vote_results,
}
