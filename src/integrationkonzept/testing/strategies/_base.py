"""The building blocks of the strategies: text, ids, dates, numbers, the enums, money,
sources and periods; and :func:`_shared`, which builds each strategy once."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final, ParamSpec, Protocol, TypeVar

from hypothesis import strategies as st

from ...model import (
    BudgetCadence,
    BudgetPeriod,
    BudgetPhase,
    ConceptBasis,
    DateRange,
    Due,
    MissingProgress,
    Money,
    Precision,
    RelationKind,
    ReviewKind,
    Source,
    SourceKind,
    Trigger,
)
from ...model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR

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
