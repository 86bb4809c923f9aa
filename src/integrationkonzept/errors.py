"""The library's own error types.

Every error a user can cause derives from :class:`IntegrationskonzeptError` and says what was wrong
and where (file, line, JSON path), so that the command line can print it without a traceback.
"""

from __future__ import annotations

__all__ = [
    "MESSAGE_LIMIT",
    "DataError",
    "IntegrationskonzeptError",
    "InvalidTypeError",
    "InvalidValueError",
    "Location",
    "ParseError",
    "parse_error_at",
]


class IntegrationskonzeptError(Exception):
    """Base class of every error this library raises on purpose."""


class Location:
    """Where a bad value was found: a file, a line in it, and/or a JSON path."""

    __slots__ = ("file", "line", "path")

    def __init__(self, file: str | None = None, line: int | None = None, path: str | None = None):
        self.file = file
        self.line = line
        self.path = path

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"Zeile {self.line}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)

    def __repr__(self) -> str:
        return f"Location(file={self.file!r}, line={self.line!r}, path={self.path!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return (self.file, self.line, self.path) == (other.file, other.line, other.path)

    def __hash__(self) -> int:
        return hash((self.file, self.line, self.path))


#: The most characters of a message shown: a message quotes the input, which may be a 10 MB line.
MESSAGE_LIMIT = 1000


def _shortened(message: str) -> str:
    """``message`` with its middle left out when it is longer than :data:`MESSAGE_LIMIT` (its
    start and end say what and why; the middle is the quoted input)."""
    if len(message) <= MESSAGE_LIMIT:
        return message
    half = MESSAGE_LIMIT // 2
    left_out = len(message) - 2 * half
    return f"{message[:half]} … ({left_out} Zeichen ausgelassen) … {message[-half:]}"


class ParseError(IntegrationskonzeptError, ValueError):
    """Text that could not be read: an amount, a date, a reference, a line of a document.

    ``message`` says what is wrong (in German, for the user), ``value`` is the text as given,
    ``location`` where it was found when known.
    """

    def __init__(self, message: str, value: str | None = None, location: Location | None = None):
        self.message = message
        self.value = value
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location and str(self.location) else ""
        return f"{where}{_shortened(self.message)}"

    def at(self, location: Location) -> ParseError:
        """The same error, placed at ``location`` (for importers that know the file and line)."""
        return ParseError(self.message, self.value, location)


def parse_error_at(
    message: str, value: str | None = None, *, file: str, line: int | None = None
) -> ParseError:
    """A :class:`ParseError` at line ``line`` of ``file``, for an importer to raise where it
    found the problem: ``message`` in German, ``value`` the text as written."""
    return ParseError(message, value, Location(file, line))


class DataError(IntegrationskonzeptError, ValueError):
    """A document that does not describe valid model objects, with every problem found.

    ``problems`` is a tuple of ``(json_path, message)``; ``file`` the document's name when known.
    """

    def __init__(self, problems: tuple[tuple[str, str], ...], file: str | None = None):
        self.problems = problems
        self.file = file
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"{self.file}: " if self.file else ""
        return "\n".join(f"{prefix}{path}: {message}" for path, message in self.problems)


class InvalidValueError(IntegrationskonzeptError, ValueError):
    """A value that breaks a rule of the model (a progress of 120, a fiscal year 2202, an id
    given twice), said in German and in English.

    ``str()`` is the German message, :meth:`text` gives it in another language. A ``ValueError``,
    so that code catching those keeps working.
    """

    def __init__(self, german: str, english: str):
        self.german = german
        self.english = english
        super().__init__(german, english)

    def __str__(self) -> str:
        return _shortened(self.german)

    def text(self, lang: str = "de") -> str:
        """The message in ``lang``: English for ``"en"``, German otherwise."""
        return _shortened(self.english if lang == "en" else self.german)


class InvalidTypeError(InvalidValueError, TypeError):
    """A value of the wrong type for the model (a float where a Decimal belongs, a date that is a
    datetime); a ``TypeError`` as well, so that code catching those keeps working."""
