"""Progress roll-up: measure → field → concept, by the concept's :class:`ProgressRule`.

Figures are exact fractions within 0–100 and do not depend on the order of the measures. Each
result keeps its terms, so a report can show how a figure was computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from fractions import Fraction

import attrs

from ..model.concept import Edition, Measure
from ..model.progress import ConceptBasis, MissingProgress, ProgressRule

__all__ = [
    "Basis",
    "ConceptProgress",
    "MeasureTerm",
    "RollUp",
    "concept_progress",
    "field_progress",
    "measure_term",
    "roll_up",
    "to_percent",
]


class Basis(Enum):
    """Where a measure's figure came from."""

    EXPLICIT = "explicit"  # the measure's own progress value
    STATUS_DEFAULT = "status_default"  # the rule's default for the measure's status
    ZERO = "zero"  # no value; the rule counts it as 0
    EXCLUDED = "excluded"  # no value; the rule leaves it out


@attrs.frozen
class MeasureTerm:
    """One measure's contribution: its value (``None`` when excluded), weight and basis."""

    measure: str
    value: Fraction | None
    weight: Fraction
    basis: Basis


# Fractions are immutable; sharing these saves making thousands of equal ones.
_ZERO = Fraction(0)
_ONE = Fraction(1)


def measure_term(measure: Measure, rule: ProgressRule) -> MeasureTerm:
    """How ``measure`` counts under ``rule``."""
    weight = Fraction(measure.weight) if rule.weighted and measure.weight is not None else _ONE
    if measure.progress is not None:
        return MeasureTerm(measure.id, Fraction(measure.progress), weight, Basis.EXPLICIT)
    if rule.missing is MissingProgress.ZERO:
        return MeasureTerm(measure.id, _ZERO, weight, Basis.ZERO)
    if rule.missing is MissingProgress.STATUS_DEFAULT:
        default = rule.default_for(measure.status)
        if default is not None:
            return MeasureTerm(measure.id, Fraction(default), weight, Basis.STATUS_DEFAULT)
    return MeasureTerm(measure.id, None, weight, Basis.EXCLUDED)


@attrs.frozen
class RollUp:
    """A weighted mean of terms: ``value`` is ``None`` when no term counts."""

    value: Fraction | None
    terms: tuple[MeasureTerm, ...]

    @property
    def counted(self) -> tuple[MeasureTerm, ...]:
        """The terms that entered the mean."""
        return tuple(term for term in self.terms if term.value is not None)

    def formula(self, lang: str = "de") -> str:
        """The computation written out, e.g. ``(40 × 1 + 60 × 2) / 3 = 53,3``."""
        counted = self.counted
        if not counted or self.value is None:
            return "–"
        parts = " + ".join(
            f"{_exact(t.value, lang)} × {_exact(t.weight, lang)}"
            for t in counted
            if t.value is not None
        )
        weights = _exact_sum((t.weight.numerator, t.weight.denominator) for t in counted)
        return f"({parts}) / {_exact(weights, lang)} {_result(self.value, lang)}"


def _exact(value: Fraction, lang: str) -> str:
    """``value`` exactly: a decimal when it has a finite expansion, else ``p/q``."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    shown = str(Decimal(value.numerator) / Decimal(value.denominator))
    return shown.replace(".", ",") if lang == "de" else shown


def _result(value: Fraction, lang: str) -> str:
    """``= 56`` when the result is exact in one place, else ``≈ 76,7``."""
    exact = _exact(value, lang)
    if "/" not in exact and len(exact.partition(",")[2] or exact.partition(".")[2]) <= 1:
        return f"= {exact}"
    rounded = str(to_percent(value))
    return "≈ " + (rounded.replace(".", ",") if lang == "de" else rounded)


def to_percent(value: Fraction, places: int = 1) -> Decimal:
    """An exact fraction as a Decimal percentage with ``places`` places (kaufmännisch gerundet)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _exact_sum(parts: Iterable[tuple[int, int]]) -> Fraction:
    """The exact sum of fractions given as (numerator, denominator) pairs.

    Numerators are added per denominator as integers and only the few distinct denominators are
    added as fractions: adding thousands of Fractions one by one (a gcd each time) was slow.
    """
    numerators: dict[int, int] = {}
    for numerator, denominator in parts:
        numerators[denominator] = numerators.get(denominator, 0) + numerator
    return sum((Fraction(n, d) for d, n in numerators.items()), _ZERO)


def roll_up(terms: Iterable[MeasureTerm]) -> RollUp:
    """The weighted mean of the counted terms, sorted by measure id so order never matters."""
    ordered = tuple(sorted(terms, key=lambda t: t.measure))
    counted = [(t.value, t.weight) for t in ordered if t.value is not None]
    weights = _exact_sum((w.numerator, w.denominator) for _, w in counted)
    if not counted or weights == 0:
        return RollUp(None, ordered)
    total = _exact_sum(
        (v.numerator * w.numerator, v.denominator * w.denominator) for v, w in counted
    )
    return RollUp(total / weights, ordered)


def field_progress(edition: Edition, field_id: str, rule: ProgressRule) -> RollUp:
    """The progress of one field: the rule's mean over its measures."""
    return roll_up(measure_term(m, rule) for m in edition.measures_of(field_id))


@attrs.frozen
class ConceptProgress:
    """The concept figure, the figure of every field, and the basis of the concept figure."""

    value: Fraction | None
    basis: ConceptBasis
    fields: tuple[tuple[str, RollUp], ...]
    measures: RollUp  # all measures, including those without a field

    def formula(self, lang: str = "de") -> str:
        """How the concept figure was computed."""
        if self.basis is ConceptBasis.MEASURES:
            return self.measures.formula(lang)
        counted = [r.value for _, r in self.fields if r.value is not None]
        if not counted or self.value is None:
            return "–"
        parts = " + ".join(_exact(v, lang) for v in counted)
        return f"({parts}) / {len(counted)} {_result(self.value, lang)}"


def concept_progress(edition: Edition, rule: ProgressRule) -> ConceptProgress:
    """The progress of the concept's edition, by fields or by measures as ``rule`` says.

    By fields, each field with a figure counts once; fields without any counted measure are left
    out. By measures, every measure counts by the field rule, including measures with no field.
    """
    fields = tuple((f.id, field_progress(edition, f.id, rule)) for f in edition.fields)
    measures = roll_up(measure_term(m, rule) for m in edition.measures)
    if rule.concept_basis is ConceptBasis.MEASURES:
        return ConceptProgress(measures.value, rule.concept_basis, fields, measures)
    values = [r.value for _, r in fields if r.value is not None]
    value = sum(values, Fraction(0)) / len(values) if values else None
    return ConceptProgress(value, rule.concept_basis, fields, measures)
