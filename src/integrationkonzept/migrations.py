"""The migrations of every stored format: one numbered chain of steps per format.

Three formats outlive a release: the JSON documents (:mod:`.serialize`), the workspace
(:mod:`.workspace`) and the OParl store (:mod:`.oparl.store`). Each has a :class:`Chain` here;
the module that owns the format registers its steps with :meth:`Chain.step`, in order, each a
plain function:

* a JSON document step takes the parsed document (``{"schema_version", "type", "data"}``) of
  one version and returns it as the next version would have it, without changing its argument
  (:func:`migrate_document` sets ``schema_version``);
* a database step changes an open SQLite connection inside the caller's transaction
  (:func:`migrate_database` records the new version in the ``meta`` table and the step in
  ``_migrations``).

Version 1 is the format as it was first written; each step makes the next one, so the current
version is ``1 + len(steps)`` and bumping a version means adding one step. A file of a newer
version than the chain knows is refused with :class:`NewerFormatError`, whose message says what
to do.

This module depends on the standard library and :mod:`.errors` only: the formats' modules import
it, never the other way round. So a chain is complete once the module of its format is imported
(which reading or writing such a file always does first).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import Any, Final, Generic, TypeVar

from .errors import IntegrationskonzeptError

__all__ = [
    "DOCUMENT",
    "FIRST",
    "OPARL_STORE",
    "UPGRADE",
    "WORKSPACE",
    "Chain",
    "DatabaseStep",
    "DocumentStep",
    "FormatError",
    "NewerFormatError",
    "migrate_database",
    "migrate_document",
]

#: The version a format has before any step: the format as it was first written.
FIRST: Final = 1

#: What to do about a file of a newer format.
UPGRADE: Final = "bitte integrationkonzept aktualisieren (pip install --upgrade integrationkonzept)"

#: A JSON document step: the document of one version in, the next version's out.
DocumentStep = Callable[[dict[str, Any]], dict[str, Any]]
#: A database step: changes the connection, inside the caller's transaction.
DatabaseStep = Callable[[sqlite3.Connection], None]

F = TypeVar("F", bound=Callable[..., Any])


class FormatError(IntegrationskonzeptError):
    """A file whose format version this program cannot read. ``str()`` says so in German,
    without the file's name (the caller puts it in front)."""

    def __init__(self, message: str, found: int, current: int) -> None:
        self.found = found
        self.current = current
        super().__init__(message)


class NewerFormatError(FormatError):
    """A file written by a newer version of the program: it has to be updated."""


class Chain(Generic[F]):
    """The numbered steps of one format: ``steps[0]`` makes version 2 from version 1, and so on.

    ``name`` names the format in the ``_migrations`` table; ``what`` is the file as messages call
    it ("die Datei", "der Arbeitsbereich").
    """

    def __init__(self, name: str, what: str) -> None:
        self.name = name
        self.what = what
        # A tuple, replaced as a whole when a step is added: a test can put back the chain it
        # extended (monkeypatch.setattr) without a step of its own staying behind.
        self.steps: tuple[F, ...] = ()

    @property
    def current(self) -> int:
        """The version this program writes: one more than the steps to get there."""
        return FIRST + len(self.steps)

    def step(self, version: int) -> Callable[[F], F]:
        """Register the decorated function as the step that makes ``version``.

        The number is written at the step so that a step registered out of order (or twice, by
        importing a module again) is an error at import, not a wrong file later.
        """

        def register(function: F) -> F:
            if version != self.current + 1:
                raise ValueError(
                    f"{self.name}: step {function.__name__} makes version {version}, "
                    f"the next is {self.current + 1}"
                )
            self.steps = (*self.steps, function)
            return function

        return register

    def pending(self, found: int, to: int | None = None) -> tuple[tuple[int, F], ...]:
        """The steps from version ``found`` up to ``to`` (the current version when ``None``),
        each with the version it makes; refuses a version this program does not know."""
        target = self.current if to is None else to
        if found > self.current:
            raise NewerFormatError(
                f"{self.what} hat das Format {found}; diese Programmversion liest bis "
                f"Format {self.current} – {UPGRADE}",
                found,
                self.current,
            )
        if found < FIRST:
            raise FormatError(
                f"{self.what} hat das Format {found}, das es nie gab (bekannt: Format {FIRST} "
                f"bis {self.current})",
                found,
                self.current,
            )
        if not found <= target <= self.current:
            raise ValueError(f"{self.name}: cannot migrate from {found} to {target}")
        return tuple(
            (version, self.steps[version - FIRST - 1]) for version in range(found + 1, target + 1)
        )


#: The JSON documents of :mod:`.serialize` (``schema_version`` in the envelope).
DOCUMENT: Final[Chain[DocumentStep]] = Chain("document", "die Datei")
#: The workspace (:mod:`.workspace`; ``meta.schema``).
WORKSPACE: Final[Chain[DatabaseStep]] = Chain("workspace", "der Arbeitsbereich")
#: The OParl store (:mod:`.oparl.store`; ``meta.schema``).
OPARL_STORE: Final[Chain[DatabaseStep]] = Chain("oparl-store", "die Datenbank")


def migrate_document(
    document: dict[str, Any], chain: Chain[DocumentStep] = DOCUMENT, *, to: int | None = None
) -> dict[str, Any]:
    """``document`` brought from its ``schema_version`` to ``to`` (the current version when
    ``None``); the argument is left as it is. ``schema_version`` must be an int (the reader
    checks the envelope first)."""
    found = document["schema_version"]
    for version, step in chain.pending(found, to):
        document = {**step(document), "schema_version": version}
    return document


_LOG: Final = """CREATE TABLE IF NOT EXISTS _migrations (
    format TEXT NOT NULL,
    version INTEGER NOT NULL,
    step TEXT NOT NULL,
    applied TEXT NOT NULL,
    PRIMARY KEY (format, version)
)"""


def migrate_database(
    db: sqlite3.Connection, chain: Chain[DatabaseStep], found: int, *, to: int | None = None
) -> tuple[str, ...]:
    """Apply the steps from version ``found`` to ``to`` (the current version when ``None``) to
    ``db``, inside the caller's transaction, and return their names.

    After each step the ``meta`` table's ``schema`` holds the new version (that is what the
    formats have always read their version from), and ``_migrations`` gets a row with the step's
    name and the time (UTC). The table is made with the first step applied: a file that never
    needed one has none.
    """
    steps = chain.pending(found, to)
    if steps:
        db.execute(_LOG)
    for version, step in steps:
        step(db)
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(version),))
        db.execute(
            "INSERT OR REPLACE INTO _migrations VALUES (?, ?, ?, ?)",
            (
                chain.name,
                version,
                step.__name__,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )
    return tuple(step.__name__ for _version, step in steps)
