"""Exact amounts of money in euro.

:class:`Money` holds a :class:`decimal.Decimal` with exactly two decimal places (cents). It never
touches ``float``: every constructor refuses floats, arithmetic is done on whole cents, and the only
operation that could create fractions of a cent — splitting an amount — is :meth:`Money.allocate`,
which hands out whole cents by the largest remainder method so that the parts add up exactly.

Amounts are read from German documents with :meth:`Money.parse` (``80.000,00 €``, ``1,5 Mio. €``,
``520.820,86-``), written for people with :meth:`Money.format` (through Babel) and stored in JSON
with :meth:`Money.to_json` / :meth:`Money.from_json` (``"80000.00"``). Only EUR is supported.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Final, Literal

import attrs

from ..errors import ParseError

__all__ = ["Money"]


_ROUNDING_MODES: Final = frozenset(
    {
        decimal.ROUND_05UP,
        decimal.ROUND_CEILING,
        decimal.ROUND_DOWN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_UP,
    }
)

_LOCALES: Final = {"de": "de_DE", "en": "en_US"}

_CENT: Final = Decimal("0.01")


def _decimal_of_cents(cents: int) -> Decimal:
    """The exact Decimal with two places for a whole number of cents (never ``-0.00``)."""
    return Decimal(f"{cents}E-2")


def _exact_cents(value: Decimal) -> int | None:
    """``value`` in whole cents, or None if it has a fraction of a cent (``value`` is finite)."""
    numerator, denominator = value.as_integer_ratio()
    cents, rest = divmod(numerator * 100, denominator)
    return None if rest else cents


def _normalise(value: Decimal) -> Decimal:
    """attrs converter: a finite Decimal with whole cents becomes the same value with two places.

    Anything else is passed through unchanged so that :func:`_validate` can say what is wrong.
    """
    if isinstance(value, Decimal) and value.is_finite():
        cents = _exact_cents(value)
        if cents is not None:
            return _decimal_of_cents(cents)
    return value


def _refuse_float_or_bool(value: object, what: str) -> None:
    if isinstance(value, float):
        raise TypeError(
            f"{what} darf kein float sein ({value!r}): float ist für Geldbeträge zu ungenau; "
            "Decimal oder int verwenden (Text mit Money.parse lesen)."
        )
    if isinstance(value, bool):
        raise TypeError(f"{what} darf kein bool sein ({value!r}).")


def _validate(instance: Money, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    """attrs validator for :attr:`Money.amount` (runs after :func:`_normalise`)."""
    _refuse_float_or_bool(value, "Money.amount")
    if not isinstance(value, Decimal):
        raise TypeError(
            f"Money.amount muss ein decimal.Decimal sein, nicht {type(value).__name__} "
            f"({value!r}); für int oder Text Money.of bzw. Money.parse verwenden."
        )
    if not value.is_finite():
        raise ValueError(f"Money.amount muss endlich sein, nicht {value}.")
    if value.as_tuple().exponent != -2:
        raise ValueError(
            f"Money.amount hat mehr als zwei Nachkommastellen: {value}; "
            "zum Runden auf Cent Money.of(value, rounding=...) verwenden."
        )


# --- parsing German text -------------------------------------------------------------------------

_CURRENCY: Final = r"(?:€|(?i:euro|eur))"
_SIGN: Final = "[-+\u2212]"
_MINUS: Final = "[-\u2212]"
#: The spaces that may group thousands: space, no-break space, narrow no-break space, thin space.
_GROUP_SPACES: Final = " \u00a0\u202f\u2009"
#: Scale words and their power of ten; ``T€``/``TEUR`` carry the currency, too.
_SCALE: Final = (
    r"(?:(?i:milliarden|milliarde|millionen|million|tausend)"
    r"|(?i:mrd|mio|mill|tsd)\.?"
    rf"|T(?P<scale_cur>{_CURRENCY}))"
)
_SCALE_POWERS: Final = {"mrd": 9, "milliarde": 9, "mio": 6, "mill": 6, "million": 6, "tsd": 3}
_SHAPE_RE: Final = re.compile(
    rf"""
    (?P<sign1>{_SIGN})?
    (?:(?P<cur1>{_CURRENCY})\s*)?
    (?P<sign2>{_SIGN})?
    (?P<num>[0-9](?:[0-9.,]|[{_GROUP_SPACES}](?=[0-9]))*(?:,(?:--?|\u2013))?)
    (?P<sign3>(?<!,){_MINUS})?
    (?:\s*(?P<scale>{_SCALE}))?
    (?:\s*(?P<cur2>{_CURRENCY}))?
    """,
    re.VERBOSE,
)
_JSON_RE: Final = re.compile(r"-?[0-9]+\.[0-9]{2}")
_PLAIN_RE: Final = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")

#: The most digits an amount may have (Python refuses to convert longer numbers to text).
_MAX_DIGITS: Final = 1000

_NOT_FINITE_RE: Final = re.compile(r"(?i)\b(?:nan|inf|infinity)\b")
_EXPONENT_RE: Final = re.compile(r"[0-9][eE][-+\u2212]?[0-9]")
_FOREIGN_RE: Final = re.compile(r"[$£¥₣₤₹₽¢]|(?<![A-Za-z])(?!EUR|MIO|MRD|TSD)[A-Z]{3}(?![A-Za-z])")
_CURRENCY_RE: Final = re.compile(rf"T?{_CURRENCY}")
_SCALE_RE: Final = re.compile(_SCALE.replace("(?P<scale_cur>", "(?:"))
_DASH_DECIMALS_RE: Final = re.compile(r",(?:--?|\u2013)")
_GROUPS_RE: Final = re.compile(
    rf"[0-9]{{1,3}}(?:[.][0-9]{{3}})+|[0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}})+"
)


_EXPECTED: Final = "erwartet z. B. „80.000,00 €“, „520.820,86-“, „1,5 Mio. €“ oder „80 T€“"


def _parse_error(text: str, reason: str) -> ParseError:
    return ParseError(f"„{text}“ ist kein gültiger Betrag: {reason}.", text)


def _diagnose(text: str) -> str:
    """Why ``text`` (stripped, not matched by :data:`_SHAPE_RE`) is not an amount, in German."""
    if _NOT_FINITE_RE.search(text):
        return "nur endliche Beträge sind möglich (kein NaN oder Infinity)"
    if _EXPONENT_RE.search(text):
        return "Exponentialschreibweise (wie 1e5) wird nicht unterstützt"
    foreign = _FOREIGN_RE.search(text)
    if foreign:
        return f"Währung „{foreign.group()}“ wird nicht unterstützt, nur Euro (€, EUR oder Euro)"
    if len(_CURRENCY_RE.findall(text)) > 1:
        return "mehr als eine Währungsangabe"
    if len(_SCALE_RE.findall(text)) > 1:
        return "mehr als eine Größenangabe (Tsd., Mio., Mrd., T€)"
    if not any("0" <= char <= "9" for char in text):
        return "keine Zahl gefunden"
    core = _DASH_DECIMALS_RE.sub(",00", _SCALE_RE.sub(" ", _CURRENCY_RE.sub(" ", text))).strip()
    signs = [index for index, char in enumerate(core) if char in "-+\u2212"]
    if len(signs) > 1:
        return "mehr als ein Vorzeichen"
    if signs and signs[0] == len(core) - 1:
        if core[-1] == "+":
            return "ein Plus gehört vor den Betrag (z. B. „+12,50 €“)"
        return (
            "ein nachgestelltes Minus muss direkt hinter der Zahl stehen "
            "(z. B. „520.820,86-“ oder „520.820,86- €“)"
        )
    if signs and signs[0] > 0:
        return "das Vorzeichen muss vor oder direkt hinter dem Betrag stehen"
    if signs and core[1:2].isspace():
        return "zwischen Vorzeichen und Zahl darf kein Leerzeichen stehen"
    allowed = "0123456789.,-+\u2212" + _GROUP_SPACES
    first = next((char for char in core if char not in allowed), None)
    if first is not None:
        return f"unerwartetes Zeichen „{first}“ ({_EXPECTED})"
    return f"unerwartete Schreibweise ({_EXPECTED})"


def _group_problem(integer: str, has_comma: bool) -> str | None:
    """What is wrong with the integer part ``integer`` of a number (digits, maybe grouped by dots
    or by spaces), or None."""
    dots = "." in integer
    spaces = any(char in _GROUP_SPACES for char in integer)
    tail = integer.rpartition(".")[2]
    if dots and spaces and tail.isdigit() and len(tail) != 3:
        return "Dezimalstellen werden mit Komma abgetrennt, nicht mit Punkt (z. B. „80 000,50“)"
    if dots and spaces:
        return (
            "Tausender sind gemischt mit Punkt und Leerzeichen getrennt; "
            "nur eines von beiden verwenden (z. B. „80.000“ oder „80 000“)"
        )
    if not dots and not spaces:
        return None
    if _GROUPS_RE.fullmatch(integer):
        return None
    if dots:
        groups = integer.split(".")
        if (
            not has_comma
            and len(groups[-1]) == 2
            and 1 <= len(groups[0]) <= 3
            and all(len(group) == 3 for group in groups[1:-1])
        ):
            return (
                "Punkt vor zwei Ziffern ist mehrdeutig (deutsch: Tausendertrennzeichen; "
                "Dezimalstellen mit Komma schreiben, z. B. „80,00“)"
            )
        return (
            "Tausenderpunkte müssen Gruppen von genau drei Ziffern trennen "
            "(z. B. „1.548.368“ oder ohne Punkte „1548368“)"
        )
    return (
        "Leerzeichen innerhalb der Zahl müssen Tausender trennen, also Gruppen von genau drei "
        "Ziffern (z. B. „80 000“ oder „1 548 368,77“)"
    )


def _number_problem(number: str) -> str | None:
    """What is wrong with the number part of an amount (as matched by ``num``), or None."""
    if "," in number and "." in number and number.rindex(".") > number.rindex(","):
        return (
            "englisches Zahlenformat (Komma als Tausender-, Punkt als Dezimaltrennzeichen); "
            "deutsch schreibt man z. B. „1.548.368,77“"
        )
    if number.count(",") > 1:
        return "mehr als ein Komma (Tausender werden mit Punkt getrennt, z. B. „1.548.368,77“)"
    integer, _, fraction = number.partition(",")
    if integer.endswith(".") or "." in fraction:
        return (
            "Tausenderpunkte müssen Gruppen von genau drei Ziffern trennen "
            "(z. B. „1.548.368“ oder ohne Punkte „1548368“)"
        )
    if "," in number and not fraction:
        return (
            "nach dem Komma müssen eine oder zwei Ziffern stehen (z. B. „12,5“ oder „12,50“) "
            "oder „,-“"
        )
    problem = _group_problem(integer, "," in number)
    if problem is not None:
        return problem
    if sum(char.isdigit() for char in number) > _MAX_DIGITS:
        return f"mehr als {_MAX_DIGITS} Ziffern"
    return None


def _scale_power(scale: str | None) -> int:
    """The power of ten a scale word (``Mio.``, ``T€`` …) multiplies by; 0 without one."""
    if not scale:
        return 0
    word = scale.rstrip(".").casefold()
    if word.startswith("t") and not word.startswith(("tsd", "tausend")):
        return 3  # T€, TEUR, TEuro
    if word == "tausend":
        return 3
    for prefix, power in _SCALE_POWERS.items():
        if word.startswith(prefix):
            return power
    raise AssertionError(scale)  # pragma: no cover - the pattern only lets these through


def _read(text: str, stripped: str) -> int:
    """The amount ``stripped`` (the stripped ``text``) in whole cents; raises ParseError."""
    match = _SHAPE_RE.fullmatch(stripped)
    if match is None:
        raise _parse_error(text, _diagnose(stripped))
    currencies = [match["cur1"], match["scale_cur"], match["cur2"]]
    if sum(1 for currency in currencies if currency) > 1:
        raise _parse_error(text, "mehr als eine Währungsangabe")
    signs = [sign for sign in (match["sign1"], match["sign2"], match["sign3"]) if sign]
    if len(signs) > 1:
        raise _parse_error(text, "mehr als ein Vorzeichen")
    number = match["num"]
    dashes = _DASH_DECIMALS_RE.search(number)
    if dashes is not None:
        number = number[: dashes.start()]
    problem = _number_problem(number)
    if problem is not None:
        raise _parse_error(text, problem)
    power = _scale_power(match["scale"])
    integer, _, fraction = number.partition(",")
    digits = "".join(char for char in integer if char.isdigit())
    if dashes is not None:
        if power:
            raise _parse_error(
                text, f"„,-“ steht nur bei ganzen Euro, nicht vor „{match['scale']}“"
            )
        if match["sign3"]:
            raise _parse_error(
                text, "nach „,-“ darf kein Minus folgen (mehrdeutig: Strich oder Vorzeichen?)"
            )
    if not power and len(fraction) > 2:
        raise _parse_error(
            text,
            "nach dem Komma dürfen höchstens zwei Ziffern stehen (Cent, z. B. „12,50“); "
            "Tausender werden mit Punkt getrennt (z. B. „1.548.368,77“)",
        )
    # The amount is digits.fraction × 10^power euro; in cents exactly, with integers only.
    scaled: int = int(digits + fraction) * 10 ** (power + 2)
    divisor: int = 10 ** len(fraction)
    cents, rest = divmod(scaled, divisor)
    if rest:
        raise _parse_error(
            text,
            f"mit „{match['scale']}“ ergibt „{match['num']}“ Bruchteile eines Cents "
            f"(höchstens {power + 2} Nachkommastellen)",
        )
    sign = signs[0] if signs else "+"
    return -cents if sign in "-\u2212" else cents


# --- the class -----------------------------------------------------------------------------------


def _format_fast(amount: Decimal, lang: str) -> str:
    # Babel's currency patterns for de_DE ("#,##0.00\xa0¤") and en_US ("¤#,##0.00"), applied with
    # Python's exact Decimal formatting: a report of 10,000 measures formats tens of thousands of
    # amounts, and Babel's pattern machinery takes most of its time. The tests check the result
    # against Babel for any amount (format_with_babel).
    digits = f"{amount.copy_abs():,f}"  # exactly two places; copy_abs does not round
    sign = "-" if amount < 0 else ""
    if lang == "de":
        return f"{sign}{digits.translate(_DE_SEPARATORS)}\xa0€"
    return f"{sign}€{digits}"


_DE_SEPARATORS: Final = str.maketrans({",": ".", ".": ","})


@attrs.frozen(order=True)
class Money:
    """An exact amount in euro, always with two decimal places (cents); negative amounts allowed.

    ``Money(Decimal("5"))`` equals (and hashes like) ``Money(Decimal("5.00"))``; ``amount`` is
    always stored with exactly two places, and ``-0.00`` becomes ``0.00``. Only a
    :class:`~decimal.Decimal` is accepted (``float``, ``int``, ``str`` and ``bool`` are a
    :class:`TypeError`), it must be finite, and it may not have a fraction of a cent
    (a :class:`ValueError`; :meth:`of` rounds explicitly).

    Amounts add, subtract, negate, compare and multiply by ``int``; ``sum()`` works. There is no
    multiplication by a fraction: use :meth:`allocate` to split an amount.
    """

    amount: Decimal = attrs.field(converter=_normalise, validator=_validate)

    currency: ClassVar[Literal["EUR"]] = "EUR"
    """The currency of every amount: always ``"EUR"``."""

    # --- constructors ----------------------------------------------------------------------------

    @classmethod
    def zero(cls) -> Money:
        """The amount 0,00 €."""
        return cls(Decimal("0.00"))

    @classmethod
    def of(cls, value: Decimal | int | str, rounding: str = decimal.ROUND_HALF_UP) -> Money:
        """``value`` rounded to whole cents, by default half up (kaufmännisches Runden).

        ``value`` is a :class:`~decimal.Decimal`, an ``int`` (euro) or a plain decimal string as a
        program writes it (``"80000.00"``, ``"-5.5"``; for German text use :meth:`parse`).
        ``rounding`` is one of the :mod:`decimal` rounding modes (``decimal.ROUND_HALF_UP`` …).
        ``float`` and ``bool`` are refused with :class:`TypeError`; a non-finite Decimal or an
        unknown rounding mode is a :class:`ValueError`, a malformed string a
        :class:`~integrationkonzept.errors.ParseError`.
        """
        _refuse_float_or_bool(value, "Money.of")
        if rounding not in _ROUNDING_MODES:
            raise ValueError(
                f"Unbekannte Rundungsart {rounding!r}; erlaubt sind die Konstanten aus decimal "
                f"({', '.join(sorted(_ROUNDING_MODES))})."
            )
        number: Decimal
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, str):
            plain = value.strip()
            if not _PLAIN_RE.fullmatch(plain):
                raise ParseError(
                    f"„{value}“ ist keine einfache Dezimalzahl wie „80000.00“ oder „-5.5“ "
                    "(deutschen Text mit Money.parse lesen).",
                    value,
                )
            number = Decimal(plain)
        else:
            raise TypeError(
                f"Money.of erwartet Decimal, int oder str, nicht {type(value).__name__} "
                f"({value!r})."
            )
        if not number.is_finite():
            raise ValueError(f"Money.of: der Betrag muss endlich sein, nicht {number}.")
        context = decimal.Context(
            prec=max(28, number.adjusted() + 3),
            rounding=rounding,
            Emax=decimal.MAX_EMAX,
            Emin=decimal.MIN_EMIN,
            traps=[decimal.InvalidOperation],
        )
        return cls(number.quantize(_CENT, context=context))

    @classmethod
    def from_cents(cls, n: int) -> Money:
        """The amount of ``n`` whole cents (``Money.from_cents(8000000)`` is 80.000,00 €)."""
        _refuse_float_or_bool(n, "Money.from_cents")
        if not isinstance(n, int):
            raise TypeError(f"Money.from_cents erwartet int, nicht {type(n).__name__} ({n!r}).")
        return cls(_decimal_of_cents(n))

    @classmethod
    def parse(cls, text: str) -> Money:
        """Read an amount as German documents and budget tables write it.

        Accepted: ``80.000 €``, ``80.000,00 EUR``, ``1.548.368,77``, ``80000``, ``80.000,- €``,
        ``€ 80.000,00``, ``EUR 12,50``, ``80.000 Euro``, ``-5.000,50 €``, ``0,5 €``,
        ``7.500,5``, ``80 000 €``, ``520.820,86-``, ``1,5 Mio. €``, ``2 Mio. Euro``,
        ``1,2 Mrd. €``, ``12,5 Tsd. €``, ``80 T€``, ``80 TEUR``. That is:

        * a number: digits, either ungrouped or grouped in threes after a first group of one to
          three digits, by ``.`` or by spaces (space, U+00A0, U+202F or U+2009, in any mix, but
          never dots and spaces in one number); optionally ``,`` and one or two digits, or
          ``,-``/``,--``/``,–`` (whole euro). The decimal separator is always the comma, also
          with spaces: ``80 000,5 €`` is 80.000,50 €, ``80 000.50`` is refused;
        * one sign at most: ``-``, ``−`` (U+2212) or ``+`` before the number (or between a
          leading currency and the number), or a minus right after the number as finance
          systems export it (``520.820,86-``; ``80.000,-`` is whole euro, not a sign);
        * optionally a scale after the number: ``Tsd.``/``Tausend``/``T€``/``TEUR`` (×1.000),
          ``Mio.``/``Mill.``/``Million(en)`` (×1.000.000), ``Mrd.``/``Milliarde(n)``
          (×1.000.000.000), the dot optional, any case but the ``T`` of ``T€``. After scaling
          the amount must be whole cents, so a scaled number may have more decimals
          (``1,234567 Mio. €`` is 1.234.567,00 €), but ``1,234567891 Mio. €`` is refused;
          ``,-`` is refused with a scale;
        * at most one currency (``€``, ``EUR`` or ``Euro``, any case; ``T€`` counts as one)
          before or after the number. Surrounding whitespace and any whitespace between
          number, scale and currency are allowed.

        Scaling is exact (integer arithmetic, never ``float``). Anything else is a
        :class:`~integrationkonzept.errors.ParseError` whose German message quotes the text and
        says what is wrong, e.g. ``80.00`` (a dot before two digits is ambiguous),
        ``1,548,368.77`` (English format), ``12,505`` (more than two decimals), ``80 00``,
        ``1.000 000`` (dots and spaces mixed), ``80 000.50``, ``5 €-`` (a trailing minus away
        from the number), ``-5-`` (two signs), ``1e5``, ``5 $``, more than 1000 digits.
        """
        if not isinstance(text, str):
            raise TypeError(f"Money.parse erwartet str, nicht {type(text).__name__} ({text!r}).")
        stripped = text.strip()
        if not stripped:
            raise _parse_error(text, "der Text ist leer")
        return cls(_decimal_of_cents(_read(text, stripped)))

    @classmethod
    def from_json(cls, text: str) -> Money:
        """The amount stored by :meth:`to_json`: a string like ``"80000.00"`` or ``"-5000.50"``.

        Exactly that shape (optional ``-``, digits, ``.``, two digits) is accepted; anything
        else, also a JSON number, is a :class:`~integrationkonzept.errors.ParseError`.
        """
        if not isinstance(text, str):
            raise ParseError(
                f"„{text!r}“ ist kein gültiger JSON-Betrag: erwartet eine Zeichenkette wie "
                f"„80000.00“, nicht {type(text).__name__}.",
                repr(text),
            )
        if not _JSON_RE.fullmatch(text):
            raise ParseError(
                f"„{text}“ ist kein gültiger JSON-Betrag: erwartet z. B. „80000.00“ oder "
                "„-5000.50“ (Punkt und genau zwei Nachkommastellen).",
                text,
            )
        return cls(Decimal(text))

    # --- views -----------------------------------------------------------------------------------

    @property
    def cents(self) -> int:
        """The amount in whole cents (exact: ``Money.from_cents(n).cents == n``)."""
        return self._cents()

    def _cents(self) -> int:
        numerator, denominator = self.amount.as_integer_ratio()
        return numerator * 100 // denominator

    def to_json(self) -> str:
        """The amount as a plain decimal string with two places: ``"80000.00"``, ``"-5000.50"``."""
        return f"{self.amount:f}"

    def format(self, lang: str = "de") -> str:
        """The amount for people, written by Babel: ``de`` (locale ``de_DE``) or ``en`` (``en_US``).

        ``Money.of("80000").format()`` is ``"80.000,00\\xa0€"`` (Babel's no-break space before
        the sign), ``format("en")`` is ``"€80,000.00"``. Another ``lang`` is a ValueError.
        """
        locale = _LOCALES.get(lang)
        if locale is None:
            raise ValueError(
                f"Unbekannte Sprache {lang!r} für Beträge; möglich sind {', '.join(_LOCALES)}."
            )
        return _format_fast(self.amount, lang)

    def format_with_babel(self, lang: str = "de") -> str:
        """The same as :meth:`format`, computed by Babel itself (slower; the reference the tests
        hold :meth:`format` to)."""
        locale = _LOCALES.get(lang)
        if locale is None:
            raise ValueError(
                f"Unbekannte Sprache {lang!r} für Beträge; möglich sind {', '.join(_LOCALES)}."
            )
        from babel.numbers import format_currency  # lazily: importing Babel is slow

        # Babel rounds in the current context; give it enough digits for any amount.
        with decimal.localcontext() as context:
            context.prec = max(context.prec, len(self.amount.as_tuple().digits) + 2)
            return format_currency(self.amount, self.currency, locale=locale)

    def __str__(self) -> str:
        """The German format, e.g. ``80.000,00 €``."""
        return self.format("de")

    def __bool__(self) -> bool:
        """True unless the amount is zero."""
        return bool(self.amount)

    # --- arithmetic (exact, on whole cents) ------------------------------------------------------

    def __add__(self, other: Money) -> Money:
        """The sum of two amounts."""
        if not isinstance(other, Money):
            return NotImplemented
        return Money.from_cents(self._cents() + other._cents())

    def __radd__(self, other: int) -> Money:
        """``0 + money`` is ``money``, so that ``sum()`` works without a start value."""
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        """The difference of two amounts."""
        if not isinstance(other, Money):
            return NotImplemented
        return Money.from_cents(self._cents() - other._cents())

    def __neg__(self) -> Money:
        """The amount with the opposite sign (``-0,00`` is ``0,00``)."""
        return Money.from_cents(-self._cents())

    def __abs__(self) -> Money:
        """The amount without sign."""
        return Money.from_cents(abs(self._cents()))

    def __mul__(self, other: int) -> Money:
        """``money * n`` for an ``int`` n; any other factor is refused (use :meth:`allocate`)."""
        if isinstance(other, bool) or not isinstance(other, int):
            if isinstance(other, float | Decimal | Fraction | bool):
                raise TypeError(
                    f"Money kann nur mit int multipliziert werden, nicht mit "
                    f"{type(other).__name__} ({other!r}); zum Aufteilen Money.allocate verwenden."
                )
            return NotImplemented
        return Money.from_cents(self._cents() * other)

    def __rmul__(self, other: int) -> Money:
        """``n * money`` for an ``int`` n."""
        return self.__mul__(other)

    # --- splitting -------------------------------------------------------------------------------

    def allocate(self, weights: Sequence[int | Decimal]) -> tuple[Money, ...]:
        """Split the amount into parts proportional to ``weights`` that add up exactly to it.

        Uses the largest remainder method on whole cents: each part first gets its exact share
        (computed with :class:`fractions.Fraction`) rounded down to a cent; the cents left over
        go one each to the parts with the largest fractional remainders. **Ties: among equal
        remainders the earlier position wins**, so ``Money.of("0.02").allocate([1, 1, 1])`` is
        0,01 / 0,01 / 0,00 and ``Money.of("100").allocate([1, 1, 1])`` is 33,34 / 33,33 / 33,33.

        Every part is less than one cent away from its exact share, a zero weight gets 0,00, and
        ``len(result) == len(weights)``. A negative amount is split like its absolute value with
        every part negated. Weights are non-negative ``int`` or finite ``Decimal`` (``float`` and
        ``bool`` are a TypeError); at least one weight and a positive sum are required
        (else ValueError).
        """
        exact: list[Fraction] = []
        for index, weight in enumerate(weights):
            _refuse_float_or_bool(weight, f"Gewicht Nr. {index + 1}")
            if not isinstance(weight, int | Decimal):
                raise TypeError(
                    f"Gewichte müssen int oder Decimal sein, Nr. {index + 1} ist "
                    f"{type(weight).__name__} ({weight!r})."
                )
            if isinstance(weight, Decimal) and not weight.is_finite():
                raise ValueError(f"Gewicht Nr. {index + 1} ist nicht endlich: {weight}.")
            if weight < 0:
                raise ValueError(f"Gewicht Nr. {index + 1} ist negativ: {weight}.")
            exact.append(Fraction(weight))
        if not exact:
            raise ValueError("Zum Aufteilen ist mindestens ein Gewicht nötig.")
        total_weight = sum(exact, Fraction(0))
        if total_weight == 0:
            raise ValueError("Die Summe der Gewichte muss größer als null sein.")

        total = abs(self._cents())
        shares = [total * weight / total_weight for weight in exact]
        parts = [share.numerator // share.denominator for share in shares]
        leftover = total - sum(parts)
        # Largest remainder first; among equal remainders the earlier position.
        by_remainder = sorted(range(len(shares)), key=lambda i: (parts[i] - shares[i], i))
        for index in by_remainder[:leftover]:
            parts[index] += 1
        sign = -1 if self._cents() < 0 else 1
        return tuple(Money.from_cents(sign * part) for part in parts)
