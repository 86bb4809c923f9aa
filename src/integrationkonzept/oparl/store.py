"""The local OParl database: SQLite (stdlib ``sqlite3``) in WAL mode.

Tables:

- ``objects``: every object that came on its own (a list item, a fetched reference) by id (URL),
  as received, with its type, its ``modified`` stamp (UTC) and a ``deleted`` mark. Deleted
  objects keep their last data. Embedded objects are inside their parent's data.
- ``bodies``, ``organizations``, ``persons``, ``meetings``, ``agenda_items``, ``papers``,
  ``consultations``: the fields the model needs, one row per object, embedded ones included
  (see :data:`~integrationkonzept.oparl.extract.TABLES`), each with ``deleted``; references to
  other objects are URLs (JSON arrays in the plural columns). The references the mapping needs
  and the store lacks are what a sync fetches after the lists.
- ``lists``: per list URL the ``modified_since`` for the next pass and, while a pass runs, its
  start time, filter and the next page to fetch: the checkpoint a sync resumes from.
- ``missing`` (referenced objects that answered 404), ``problems`` (bad objects and pages, with
  their URL), ``runs`` (one row per sync).
- Since version 2: ``search_docs`` and ``search_index`` (SQLite FTS5), the full-text index of the
  papers (reference, title, their files' texts; see :mod:`.search`), kept up to date in the
  transaction that writes a paper; ``file_texts``, the files a sync with ``--files`` fetched
  (see :mod:`.files`).
- Since version 3: ``relevance_decisions``, a person's decision that a paper does or does not
  concern the concept (``oparl confirm`` / ``oparl reject``), by the paper's reference; a sync
  never changes it.

Each page is written in one transaction together with its list's checkpoint, so a sync killed
at any moment resumes from the page after the last one written: nothing twice, nothing lost.

Reading never writes: a store opened with ``readonly=True`` (``oparl stats``, ``papers``,
``export``) changes no file and creates none, so it works in a read-only directory too; see
:class:`Store`.

A store of an older layout is brought up to date by the steps of
:data:`~integrationkonzept.migrations.OPARL_STORE` when it is opened for writing, in one
transaction; opened read-only, it is copied into memory and brought up to date there.

This module is longer than the project's usual 600 lines on purpose: it is the one place that
knows the database's tables and SQL, so a change of the layout (and its migration step) is made
here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs
import orjson

from ..errors import IntegrationskonzeptError
from ..files import os_error_cause
from ..migrations import OPARL_STORE, FormatError, migrate_database
from .clean import parse_date
from .extract import TABLES, Extracted, Row
from .mapping import ConsultationView, PaperView
from .search import MARK_END, MARK_START, TOKENIZER, WEIGHTS, SearchHit, index_text

__all__ = ["SCHEMA_VERSION", "ListState", "Store", "StoreError", "database_error"]

# The current layout. It is run (IF NOT EXISTS) on every open for writing, after the migrations:
# a step that renames or drops a table changes it here too, or the old table comes back.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS objects (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    modified TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    data BLOB NOT NULL,
    run INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_type ON objects (type);
CREATE TABLE IF NOT EXISTS bodies (
    id TEXT PRIMARY KEY, system TEXT, name TEXT, short_name TEXT, ags TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, run INTEGER
);
CREATE TABLE IF NOT EXISTS organizations (
    id TEXT PRIMARY KEY, body TEXT, name TEXT, short_name TEXT, classification TEXT,
    organization_type TEXT, deleted INTEGER NOT NULL DEFAULT 0, run INTEGER
);
CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY, body TEXT, name TEXT, deleted INTEGER NOT NULL DEFAULT 0, run INTEGER
);
CREATE TABLE IF NOT EXISTS meetings (
    id TEXT PRIMARY KEY, body TEXT, name TEXT, start TEXT, "end" TEXT, organizations TEXT,
    agenda_items TEXT, cancelled INTEGER, deleted INTEGER NOT NULL DEFAULT 0, run INTEGER
);
CREATE TABLE IF NOT EXISTS agenda_items (
    id TEXT PRIMARY KEY, meeting TEXT, position INTEGER, number TEXT, name TEXT, result TEXT,
    resolution_text TEXT, consultation TEXT, public INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0, run INTEGER
);
CREATE INDEX IF NOT EXISTS agenda_items_meeting ON agenda_items (meeting);
CREATE INDEX IF NOT EXISTS agenda_items_consultation ON agenda_items (consultation);
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY, body TEXT, reference TEXT, name TEXT, paper_type TEXT, date TEXT,
    under_direction_of TEXT, originators TEXT, related TEXT, consultations TEXT, web TEXT,
    modified TEXT, deleted INTEGER NOT NULL DEFAULT 0, run INTEGER
);
CREATE INDEX IF NOT EXISTS papers_reference ON papers (reference);
CREATE TABLE IF NOT EXISTS consultations (
    id TEXT PRIMARY KEY, paper TEXT, position INTEGER, meeting TEXT, agenda_item TEXT,
    organizations TEXT, role TEXT, authoritative INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0, run INTEGER
);
CREATE INDEX IF NOT EXISTS consultations_paper ON consultations (paper);
CREATE TABLE IF NOT EXISTS missing (
    url TEXT PRIMARY KEY, status INTEGER, reason TEXT NOT NULL, run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS problems (
    id INTEGER PRIMARY KEY, run INTEGER NOT NULL, url TEXT NOT NULL, message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
    status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE IF NOT EXISTS lists (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    since TEXT,
    pass_started TEXT,
    pass_since TEXT,
    next_url TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    objects INTEGER NOT NULL DEFAULT 0,
    completed TEXT
);
"""

# Since version 2: the full-text index of the papers (see .search) and the texts of their files.
# ``search_docs`` gives each indexed paper a stable number (the FTS5 rowid) and keeps what a
# search filters and orders by (a copy of the paper's body, date, kind and reference: joining
# the papers for every match costs more than the ranking); ``search_index`` holds reference,
# title and body (the files' texts) as .search.index_text made them;
# ``file_texts`` one row per File a sync with --files fetched (or refused), by its URL.
_SEARCH_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS search_docs (
    docid INTEGER PRIMARY KEY, paper TEXT NOT NULL UNIQUE, body TEXT, date TEXT, kind TEXT,
    reference TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5 (
    reference, title, body, tokenize = '{TOKENIZER}'
);
CREATE TABLE IF NOT EXISTS file_texts (
    id TEXT PRIMARY KEY, paper TEXT NOT NULL, modified TEXT, status TEXT NOT NULL,
    content_type TEXT, size INTEGER, text TEXT, message TEXT, run INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS file_texts_paper ON file_texts (paper);
"""

# Since version 3: what a person decided about a paper's relevance (see Store.decide).
_DECISIONS_SCHEMA = """
CREATE TABLE IF NOT EXISTS relevance_decisions (
    reference TEXT PRIMARY KEY,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    reason TEXT NOT NULL, author TEXT NOT NULL, decided_at TEXT NOT NULL
);
"""

# References the mapping needs, and the type expected behind them: the sync fetches those that
# are neither stored nor known to be missing.
_WANTED = """
SELECT meeting, 'Meeting' FROM consultations
    WHERE deleted = 0 AND run = :run AND meeting IS NOT NULL
UNION SELECT agenda_item, 'AgendaItem' FROM consultations
    WHERE deleted = 0 AND run = :run AND agenda_item IS NOT NULL
UNION SELECT paper, 'Paper' FROM consultations
    WHERE deleted = 0 AND run = :run AND paper IS NOT NULL
UNION SELECT j.value, 'Organization' FROM consultations, json_each(consultations.organizations) j
    WHERE deleted = 0 AND run = :run AND organizations IS NOT NULL
UNION SELECT j.value, 'Organization' FROM papers, json_each(papers.under_direction_of) j
    WHERE deleted = 0 AND run = :run AND under_direction_of IS NOT NULL
UNION SELECT j.value, '' FROM papers, json_each(papers.originators) j
    WHERE deleted = 0 AND run = :run AND originators IS NOT NULL
UNION SELECT j.value, 'Consultation' FROM papers, json_each(papers.consultations) j
    WHERE deleted = 0 AND run = :run AND consultations IS NOT NULL
UNION SELECT j.value, 'Organization' FROM meetings, json_each(meetings.organizations) j
    WHERE deleted = 0 AND run = :run AND organizations IS NOT NULL
UNION SELECT j.value, 'AgendaItem' FROM meetings, json_each(meetings.agenda_items) j
    WHERE deleted = 0 AND run = :run AND agenda_items IS NOT NULL
UNION SELECT meeting, 'Meeting' FROM agenda_items
    WHERE deleted = 0 AND run = :run AND meeting IS NOT NULL
UNION SELECT consultation, 'Consultation' FROM agenda_items
    WHERE deleted = 0 AND run = :run AND consultation IS NOT NULL
"""


def _upsert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{column}"' for column in (*columns, "run"))
    marks = ", ".join("?" for _ in range(len(columns) + 2))
    updates = ", ".join(f'"{column}" = excluded."{column}"' for column in (*columns, "run"))
    return (
        f"INSERT INTO {table} (id, {names}, deleted) VALUES ({marks}, 0) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}, deleted = 0"
    )


# "Stored": on its own, or embedded in another object (found by primary key in each table).
_STORED = " OR ".join(
    f"EXISTS (SELECT 1 FROM {table} WHERE {table}.id = url)"
    for table in ("objects", *(table for table, _ in TABLES.values()))
)

_UPSERTS = {kind: _upsert(table, columns) for kind, (table, columns) in TABLES.items()}

# The children a container lists (see Extracted.children): table and column naming the parent.
_CHILD_TABLES = {"Paper": ("consultations", "paper"), "Meeting": ("agenda_items", "meeting")}


class StoreError(IntegrationskonzeptError):
    """The database cannot be opened or is not an OParl database of this version."""


_SQLITE_MAGIC = b"SQLite format 3\x00"
_FIRST_SYNC = "zuerst „integrationkonzept oparl sync URL“"

# SQLite's primary result codes (``sqlite_errorname`` without its extended part) in words.
_CAUSES = {
    "SQLITE_FULL": "der Datenträger ist voll",
    "SQLITE_CORRUPT": "die Datei ist beschädigt",
    "SQLITE_NOTADB": "die Datei ist beschädigt oder keine SQLite-Datenbank",
    "SQLITE_READONLY": "die Datei oder ihr Verzeichnis ist schreibgeschützt",
    "SQLITE_CANTOPEN": "die Datei kann nicht geöffnet werden",
    "SQLITE_PERM": "keine Berechtigung",
    "SQLITE_BUSY": "gerade von einem anderen Vorgang gesperrt",
    "SQLITE_LOCKED": "gerade von einem anderen Vorgang gesperrt",
    "SQLITE_IOERR": "Ein-/Ausgabefehler beim Zugriff auf die Datei",
    "SQLITE_NOMEM": "nicht genug Arbeitsspeicher",
}


def database_error(path: Path | str, exc: sqlite3.Error | UnicodeDecodeError) -> StoreError:
    """``exc`` from the database at ``path`` as a :class:`StoreError` that names the file and
    says the cause in words (a full disk, a damaged file, …), SQLite's text in parentheses.

    A :class:`UnicodeDecodeError` is what Python raises for an SQLite error message that is
    not UTF-8: one quoting a damaged schema.
    """
    if isinstance(exc, UnicodeDecodeError):
        return StoreError(
            f"{path}: {_CAUSES['SQLITE_CORRUPT']} (SQLite meldet einen Fehler in unlesbarem Text)"
        )
    name = getattr(exc, "sqlite_errorname", None) or ""
    cause = _CAUSES.get("_".join(name.split("_")[:2]))
    text = " ".join(str(exc).split())  # one line, whatever the file held
    if cause is None and "database or disk is full" in text:
        cause = _CAUSES["SQLITE_FULL"]
    elif cause is None and text.startswith("Could not decode to UTF-8"):  # said by Python
        cause = _CAUSES["SQLITE_CORRUPT"]
        text = text.split(" with text ", 1)[0]  # not the damaged bytes
    return StoreError(f"{path}: {cause or 'Datenbankfehler'} ({text})")


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    """What changes when a file is written: device, inode, size, modification time."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@attrs.frozen
class ListState:
    """Where one list stands: the ``modified_since`` for a new pass, and for a pass in progress
    its start, its filter and the next page to fetch."""

    url: str
    kind: str
    body: str
    since: str | None = None
    pass_started: str | None = None
    pass_since: str | None = None
    next_url: str | None = None
    pages: int = 0
    objects: int = 0
    completed: str | None = None

    @property
    def in_progress(self) -> bool:
        """Whether a pass was started and not finished (an interrupted sync)."""
        return self.pass_started is not None


class Store:
    """The database at ``path``.

    Opened for writing (the default, ``oparl sync``), a missing file is created with its
    directory, and so is an existing file that holds nothing yet: a 0-byte file (``touch``
    first, then sync) or an SQLite database without any table (a first sync killed before its
    first commit). Any other file must already be an OParl database of this library: an SQLite
    file of another program is refused rather than given tables, and so is a file that is not
    SQLite at all (:class:`StoreError`, nothing written).

    Opened with ``readonly=True`` (``oparl stats``, ``papers``, ``export``), nothing is ever
    written, created or converted: a missing, empty or foreign file is refused
    (:class:`StoreError`, the file left as it is), no journal mode is set and no schema
    created. SQLite is asked for a read-only connection (``mode=ro``). A store in WAL mode that
    was closed properly (no ``-wal`` file, or an empty one) is read with ``immutable=1``, as
    SQLite would otherwise create ``-wal``/``-shm`` files next to it, or fail in a read-only
    directory; as ``immutable`` also means that SQLite does not watch for writers, :meth:`close`
    then checks that the file was not changed while it was read (a sync finishing meanwhile) and
    raises :class:`StoreError` if it was, so that nothing read from a changing file is used. A
    store with changes still in its ``-wal`` file is read through SQLite's WAL protocol, with
    them.
    """

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._stamp: tuple[int, int, int, int] | None = None
        header = self._header()
        if readonly:
            self._db = self._open_readonly(header)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, isolation_level=None, timeout=30.0, check_same_thread=False
            )
        except OSError as exc:
            raise StoreError(
                f"{self.path}: Datenbank kann nicht geöffnet werden ({os_error_cause(exc)})"
            ) from None
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        try:
            self._check(blank=True)  # before anything is written: a foreign file stays as it is
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=OFF")
            self._migrate()
        except StoreError:
            self._db.close()
            raise
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._db.close()
            raise database_error(self.path, exc) from None

    def _header(self) -> bytes | None:
        """The file's first 100 bytes (``None`` when it does not exist); refuses a non-empty
        file that is not SQLite."""
        try:
            with self.path.open("rb") as handle:
                header = handle.read(100)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(
                f"{self.path}: kann nicht gelesen werden ({os_error_cause(exc)})"
            ) from None
        if header and (len(header) < 100 or not header.startswith(_SQLITE_MAGIC)):
            raise StoreError(self._foreign("keine SQLite-Datei"))
        return header

    def _foreign(self, what: str) -> str:
        return f"{self.path}: ist keine OParl-Datenbank von integrationkonzept ({what})"

    def _open_readonly(self, header: bytes | None) -> sqlite3.Connection:
        if header is None:
            raise StoreError(f"{self.path}: keine Datenbank – {_FIRST_SYNC}")
        if not header:
            raise StoreError(
                f"{self.path}: ist leer, keine OParl-Datenbank von integrationkonzept – "
                + _FIRST_SYNC
            )
        target = self.path.absolute().as_posix()
        uri = f"file:{'' if target.startswith('/') else '/'}{quote(target)}?mode=ro"
        wal = Path(f"{self.path}-wal")
        try:
            pending = wal.stat().st_size > 0
        except OSError:
            pending = False
        if header[18] == 2 and not pending:  # WAL mode, everything in the file itself
            self._stamp = _stamp(self.path)
            uri += "&immutable=1"
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        self._db = db
        try:
            found = self._check(blank=False)
            if found is not None and OPARL_STORE.pending(found):
                # Brought up to date in memory: reading never writes the file.
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                db.backup(memory)
                db.close()
                db = self._db = memory
                with self.transaction() as writing:
                    migrate_database(writing, OPARL_STORE, found)
        except StoreError:
            db.close()
            raise
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            db.close()
            name = getattr(exc, "sqlite_errorname", None) or ""
            if pending and name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
                raise StoreError(
                    f"{self.path}: kann nicht gelesen werden, ohne zu schreiben: {wal.name} "
                    "enthält noch nicht übernommene Änderungen, und um sie zu lesen, müsste "
                    f"SQLite {self.path.name}-shm anlegen (Verzeichnis schreibgeschützt?) – "
                    f"„oparl sync“ mit Schreibrecht übernimmt sie ({exc})"
                ) from None
            raise database_error(self.path, exc) from None
        return db

    def _check(self, blank: bool) -> int | None:
        """The version of the store (``None`` for one without any table, accepted only when
        ``blank``); refuses a database that is not an OParl store of a version this program
        reads."""
        tables = {
            name
            for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if blank and not tables:
            return None
        found = None
        if "meta" in tables:
            found = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is None:
            raise StoreError(self._foreign("eine SQLite-Datei mit anderem Inhalt"))
        return self._version(found[0])

    def _version(self, value: object) -> int:
        """The version in ``meta.schema``, refused when this program cannot read it."""
        try:
            version = int(str(value))
        except ValueError:
            raise StoreError(f"{self.path}: unbekanntes Format der Datenbank („{value}“)") from None
        try:
            OPARL_STORE.pending(version)
        except FormatError as exc:
            raise StoreError(f"{self.path}: {exc}") from None
        return version

    def _migrate(self) -> None:
        with self.transaction():
            found = None
            if self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone():
                found = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if found is not None:  # read again: another process may have just migrated it
                migrate_database(self._db, OPARL_STORE, self._version(found[0]))
            # The current layout: a new store in full, an existing one what a step left out.
            for statement in (_SCHEMA + _SEARCH_SCHEMA + _DECISIONS_SCHEMA).split(";"):
                if statement.strip():
                    self._db.execute(statement)
            if found is None:
                self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?)",
                    (str(OPARL_STORE.current),),
                )

    def close(self) -> None:
        """Close the database (an open transaction is rolled back).

        A read-only store read as immutable raises :class:`StoreError` when the file was
        changed while it was open: what was read may be inconsistent.
        """
        self._db.close()
        if self._stamp is not None and _stamp(self.path) != self._stamp:
            self._stamp = None
            raise StoreError(
                f"{self.path}: wurde während des Lesens verändert (ein Abgleich lief?) – "
                "bitte noch einmal aufrufen"
            )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        if exc_type is not None:  # that error counts, not what it left behind
            self._stamp = None
        self.close()

    @contextmanager
    def sync_lock(self) -> Iterator[None]:
        """Held while a sync writes: a second sync of the same database is refused (it would
        fetch the same pages twice). An advisory lock on ``<database>.lock``; the system drops
        it when the process ends, however it ends."""
        try:
            import fcntl
        except ImportError:  # no advisory locks on this system: no guard
            yield
            return
        path = self.path.with_name(self.path.name + ".lock")
        with open(path, "a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise StoreError(
                    f"{self.path}: ein anderer Abgleich schreibt gerade in diese Datenbank"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            # After a full disk or an I/O error SQLite may have rolled back on its own: a failing
            # ROLLBACK must not hide the error that caused it.
            if self._db.in_transaction:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            raise

    # Runs ------------------------------------------------------------------------------------

    def begin_run(self, endpoint: str, started: dt.datetime) -> int:
        """Record a new sync of ``endpoint`` and return its number."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (endpoint, started) VALUES (?, ?)",
                (endpoint, started.isoformat(timespec="seconds")),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def finish_run(self, run: int, status: str, finished: dt.datetime) -> None:
        """Record how run ``run`` ended (``complete``, ``incomplete``)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET status = ?, finished = ? WHERE id = ?",
                (status, finished.isoformat(timespec="seconds"), run),
            )

    def add_problem(self, run: int, url: str, message: str) -> None:
        """Record a problem (a bad object, a page that failed) with its URL."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO problems (run, url, message) VALUES (?, ?, ?)", (run, url, message)
            )

    def add_missing(self, run: int, url: str, status: int | None, reason: str) -> None:
        """Record a referenced object that does not exist (404)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO missing (url, status, reason, run) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET status = excluded.status, "
                "reason = excluded.reason, run = excluded.run",
                (url, status, reason, run),
            )

    def note_filter_404(self, list_url: str) -> None:
        """Record that the server answers the filtered list at ``list_url`` with 404 when it
        has no results (read unfiltered instead)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (f"filter-404 {list_url}", _now()),
            )

    def filter_404(self) -> tuple[str, ...]:
        """The lists whose server answered an empty filtered list with 404."""
        rows = self._db.execute(
            "SELECT key FROM meta WHERE key LIKE 'filter-404 %' ORDER BY key"
        ).fetchall()
        return tuple(key[len("filter-404 ") :] for (key,) in rows)

    # Lists -----------------------------------------------------------------------------------

    def list_state(self, url: str) -> ListState | None:
        """The state of the list at ``url``, if it was ever synced."""
        row = self._db.execute(
            "SELECT url, kind, body, since, pass_started, pass_since, next_url, pages, objects, "
            "completed FROM lists WHERE url = ?",
            (url,),
        ).fetchone()
        return ListState(*row) if row else None

    def lists(self) -> tuple[ListState, ...]:
        """Every list's state."""
        rows = self._db.execute(
            "SELECT url, kind, body, since, pass_started, pass_since, next_url, pages, objects, "
            "completed FROM lists ORDER BY body, kind"
        ).fetchall()
        return tuple(ListState(*row) for row in rows)

    def begin_pass(
        self, url: str, kind: str, body: str, started: str, full: bool = False
    ) -> ListState:
        """Start a pass over the list at ``url`` at ``started``, or continue the one in progress.

        A new pass filters by the last completed pass's start (``modified_since``), unless
        ``full``.
        """
        state = self.list_state(url)
        if state is not None and state.in_progress and not (full and state.pass_since):
            return state
        since = None if full or state is None else state.since
        with self.transaction() as db:
            db.execute(
                "INSERT INTO lists (url, kind, body, pass_started, pass_since) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, "
                "body = excluded.body, pass_started = excluded.pass_started, "
                "pass_since = excluded.pass_since, next_url = NULL, pages = 0, objects = 0",
                (url, kind, body, started, since),
            )
        found = self.list_state(url)
        assert found is not None
        return found

    # Writing ---------------------------------------------------------------------------------

    def write_page(
        self,
        run: int,
        list_url: str,
        extracted: Sequence[Extracted],
        next_url: str | None,
        problems: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Write one page's objects and move the list's checkpoint past it, in one transaction.

        Without ``next_url`` the pass is complete: its start becomes the list's
        ``modified_since`` for the next pass.
        """
        with self.transaction() as db:
            self._write(db, run, extracted, problems)
            count = sum(1 for item in extracted if item.rows)
            if next_url is not None:
                db.execute(
                    "UPDATE lists SET next_url = ?, pages = pages + 1, objects = objects + ? "
                    "WHERE url = ?",
                    (next_url, count, list_url),
                )
            else:
                db.execute(
                    "UPDATE lists SET since = pass_started, pass_started = NULL, "
                    "pass_since = NULL, next_url = NULL, pages = pages + 1, "
                    "objects = objects + ?, completed = ? WHERE url = ?",
                    (count, _now(), list_url),
                )

    def write_objects(
        self, run: int, extracted: Sequence[Extracted], problems: Iterable[tuple[str, str]] = ()
    ) -> None:
        """Write objects fetched one by one (a System, a Body, a referenced object)."""
        with self.transaction() as db:
            self._write(db, run, extracted, problems)

    def _write(
        self,
        db: sqlite3.Connection,
        run: int,
        extracted: Sequence[Extracted],
        problems: Iterable[tuple[str, str]],
    ) -> None:
        active: list[Row] = []
        gone: list[Row] = []
        for item in extracted:
            for row in item.rows:
                (gone if row.deleted else active).append(row)
        containers = [item for item in extracted if item.children is not None and item.rows]
        known: set[str] = set()
        if containers:  # only containers seen before can have lost children
            ids = orjson.dumps([item.rows[0].id for item in containers]).decode()
            known = {
                found
                for (found,) in db.execute(
                    "SELECT id FROM objects WHERE id IN (SELECT value FROM json_each(?))", (ids,)
                )
            }
        db.executemany(
            "INSERT INTO objects (id, type, modified, deleted, data, run) "
            "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
            "modified = excluded.modified, deleted = 0, data = excluded.data, run = excluded.run",
            [
                (row.id, row.type, row.modified, row.data, run)
                for row in active
                if row.data is not None
            ],
        )
        by_type: dict[str, list[tuple[Any, ...]]] = {}
        for row in active:
            if row.values is not None:
                by_type.setdefault(row.type, []).append((row.id, *row.values, run))
        for kind, values in by_type.items():
            db.executemany(_UPSERTS[kind], values)
        for item in containers:
            if item.rows[0].id in known:
                assert item.children is not None
                self._reconcile(db, run, item.rows[0], item.children)
        if gone:
            self._mark_deleted(db, run, gone)
        _index_papers(db, [row.id for row in (*active, *gone) if row.type == "Paper"])
        db.executemany(
            "INSERT INTO problems (run, url, message) VALUES (?, ?, ?)",
            [(run, url, message) for item in extracted for url, message in item.problems]
            + [(run, url, message) for url, message in problems],
        )

    def _reconcile(
        self, db: sqlite3.Connection, run: int, container: Row, children: tuple[str, ...]
    ) -> None:
        """Mark the consultations or agenda items a container no longer lists as deleted."""
        table, column = _CHILD_TABLES[container.type]
        listed = set(children)
        stale = [
            child
            for (child,) in db.execute(
                f"SELECT id FROM {table} WHERE {column} = ? AND deleted = 0", (container.id,)
            )
            if child not in listed
        ]
        if stale:
            self._set_deleted(db, run, table, stale)

    def _mark_deleted(self, db: sqlite3.Connection, run: int, rows: Sequence[Row]) -> None:
        """Deleted objects: marked, their last data kept; a deleted paper's consultations and a
        deleted meeting's agenda items go with it."""
        db.executemany(
            "INSERT INTO objects (id, type, modified, deleted, data, run) "
            "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (id) DO UPDATE SET deleted = 1, "
            "modified = COALESCE(excluded.modified, objects.modified), run = excluded.run",
            [(row.id, row.type, row.modified, row.data, run) for row in rows if row.data],
        )
        for row in rows:
            if row.type in TABLES:
                table = TABLES[row.type][0]
                db.execute(
                    f"INSERT INTO {table} (id, deleted) VALUES (?, 1) "
                    "ON CONFLICT (id) DO UPDATE SET deleted = 1",
                    (row.id,),
                )
            if row.type in _CHILD_TABLES:
                table, column = _CHILD_TABLES[row.type]
                children = [
                    child
                    for (child,) in db.execute(
                        f"SELECT id FROM {table} WHERE {column} = ? AND deleted = 0", (row.id,)
                    )
                ]
                self._set_deleted(db, run, table, children)

    def _set_deleted(
        self, db: sqlite3.Connection, run: int, table: str, ids: Sequence[str]
    ) -> None:
        db.executemany(f"UPDATE {table} SET deleted = 1 WHERE id = ?", [(i,) for i in ids])
        db.executemany(
            "UPDATE objects SET deleted = 1, run = ? WHERE id = ?", [(run, i) for i in ids]
        )

    def unresolved(self, run: int) -> tuple[tuple[str, str], ...]:
        """References the mapping needs, made by objects written in ``run``, that are neither
        stored nor known to be missing: ``(url, expected type)`` (``""`` when either of two
        types may stand there)."""
        rows = self._db.execute(
            f"WITH wanted (url, kind) AS ({_WANTED}) SELECT url, MAX(kind) FROM wanted "
            f"WHERE url NOT IN (SELECT url FROM missing) AND NOT ({_STORED}) "
            "GROUP BY url ORDER BY url",
            {"run": run},
        ).fetchall()
        return tuple((url, kind) for url, kind in rows if isinstance(url, str))

    def link_consultations(self) -> None:
        """Give consultations fetched by URL the paper that lists them (when they do not say)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE consultations SET paper = listed.paper FROM (SELECT j.value AS id, "
                "papers.id AS paper FROM papers, json_each(papers.consultations) j "
                "WHERE papers.consultations IS NOT NULL) AS listed "
                "WHERE consultations.id = listed.id AND consultations.paper IS NULL"
            )
            db.execute(f"DELETE FROM missing WHERE {_STORED.replace('= url', '= missing.url')}")

    # Files -----------------------------------------------------------------------------------

    def paper_files(self) -> list[tuple[str, dict[str, Any]]]:
        """The File objects of the stored papers (not deleted) that name an ``accessUrl`` or
        ``downloadUrl``: ``(paper id, file)``, embedded files as they are, referenced ones from
        the store when it has them; in order of paper and file."""
        found: list[tuple[str, dict[str, Any]]] = []
        rows = self._db.execute(
            "SELECT p.id, o.data FROM papers p JOIN objects o ON o.id = p.id "
            "WHERE p.deleted = 0 ORDER BY p.id"
        )
        with self._decoding():
            for paper, data in rows.fetchall():
                raw = orjson.loads(data)
                for item in _file_items(raw):
                    if isinstance(item, str):
                        stored = self.raw(item)
                        item = stored if stored is not None else {"id": item}
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        found.append((paper, item))
        return found

    def file_state(self, url: str) -> tuple[str | None, str] | None:
        """For a File fetched before: ``(modified, status)``."""
        row = self._db.execute(
            "SELECT modified, status FROM file_texts WHERE id = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def save_file(
        self,
        run: int,
        url: str,
        paper: str,
        *,
        modified: str | None,
        status: str,
        content_type: str | None = None,
        size: int | None = None,
        text: str | None = None,
        message: str | None = None,
    ) -> None:
        """Record what a sync with ``--files`` found for a File (``status``: ``text``, or why it
        has none, ``message`` saying so: a problem of the run) and bring the paper's entry in
        the search index up to date, in one transaction."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO file_texts (id, paper, modified, status, content_type, size, text, "
                "message, run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "paper = excluded.paper, modified = excluded.modified, status = excluded.status, "
                "content_type = excluded.content_type, size = excluded.size, text = excluded.text, "
                "message = excluded.message, run = excluded.run",
                (url, paper, modified, status, content_type, size, text, message, run),
            )
            if status != "text" and message:
                db.execute(
                    "INSERT INTO problems (run, url, message) VALUES (?, ?, ?)",
                    (run, url, f"Datei: {message}"),
                )
            _index_papers(db, [paper])

    def file_texts(self) -> dict[str, tuple[str, str | None]]:
        """Every File fetched: URL → ``(status, text)``."""
        rows = self._db.execute("SELECT id, status, text FROM file_texts ORDER BY id")
        return {row[0]: (row[1], row[2]) for row in rows}

    # Search ----------------------------------------------------------------------------------

    def search(
        self,
        expression: str,
        *,
        body: str | None = None,
        since: dt.date | None = None,
        kinds: Sequence[str] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """The papers (not deleted) that match the FTS5 ``expression`` (made by
        :func:`.search.match_expression`), best first (bm25, reference and title weighing more
        than the files' text), equal ranks newest first; only of ``body``, dated ``since`` or
        later, of one of the ``kinds`` (as stored) when given; at most ``limit``."""
        where = ["1 = 1"]
        params: list[Any] = [expression]
        if body is not None:
            where.append("d.body = ?")
            params.append(body)
        if since is not None:
            where.append("d.date >= ?")
            params.append(since.isoformat())
        if kinds is not None:
            where.append("d.kind IN (SELECT value FROM json_each(?))")
            params.append(orjson.dumps(list(kinds)).decode())
        params.append(limit)
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        ranked = self._db.execute(
            f"SELECT s.docid, s.score FROM (SELECT rowid AS docid, bm25(search_index, {weights}) "
            "AS score FROM search_index WHERE search_index MATCH ?) AS s "
            f"JOIN search_docs d ON d.docid = s.docid WHERE {' AND '.join(where)} "
            "ORDER BY s.score, d.date IS NULL, d.date DESC, d.reference, d.paper LIMIT ?",
            params,
        ).fetchall()
        if not ranked:
            return []
        docids = orjson.dumps([docid for docid, _score in ranked]).decode()
        papers = {
            row[0]: row[1:]
            for row in self._db.execute(
                "SELECT d.docid, p.id, p.reference, p.name, p.date, p.paper_type, p.body "
                "FROM search_docs d JOIN papers p ON p.id = d.paper "
                "WHERE d.docid IN (SELECT value FROM json_each(?)) AND p.deleted = 0",
                (docids,),
            )
        }
        rows = [(docid, score, *papers[docid]) for docid, score in ranked if docid in papers]
        # Snippets only for the hits shown (making one is the expensive part).
        snippets = dict(
            self._db.execute(
                "SELECT rowid, snippet(search_index, -1, ?, ?, '…', 16) FROM search_index "
                "WHERE search_index MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
                (MARK_START, MARK_END, expression, docids),
            ).fetchall()
        )
        return [
            SearchHit(
                paper=row[2],
                reference=row[3],
                title=row[4],
                date=row[5],
                kind=row[6],
                body=row[7],
                score=float(row[1]),
                snippet=snippets.get(row[0]) or "",
            )
            for row in rows
        ]

    def paper_kinds(self) -> tuple[str, ...]:
        """The kinds (``paperType``) of the stored papers."""
        rows = self._db.execute(
            "SELECT DISTINCT paper_type FROM papers WHERE paper_type IS NOT NULL ORDER BY 1"
        )
        return tuple(row[0] for row in rows)

    # Reading ---------------------------------------------------------------------------------

    def counts(self) -> dict[str, dict[str, int]]:
        """Per object type: how many are stored, and how many of them are deleted.

        Types with a table count every object (embedded ones too); other types count the
        objects that came on their own (files embedded in a paper stay inside the paper).
        """
        found: dict[str, dict[str, int]] = {}
        for kind, total, deleted in self._db.execute(
            "SELECT type, COUNT(*), SUM(deleted) FROM objects GROUP BY type"
        ):
            if kind not in TABLES:
                found[kind] = {"total": total, "deleted": deleted or 0}
        for kind, (table, _) in TABLES.items():
            total, deleted = self._db.execute(
                f"SELECT COUNT(*), SUM(deleted) FROM {table}"
            ).fetchone()
            if total:
                found[kind] = {"total": total, "deleted": deleted or 0}
        return dict(sorted(found.items()))

    def missing(self) -> tuple[tuple[str, int | None, str], ...]:
        """Referenced objects that answered 404: ``(url, status, reason)``."""
        return tuple(
            self._db.execute("SELECT url, status, reason FROM missing ORDER BY url").fetchall()
        )

    def problems(self, run: int | None = None) -> tuple[tuple[int, str, str], ...]:
        """Problems recorded (in run ``run``): ``(run, url, message)``."""
        if run is None:
            rows = self._db.execute("SELECT run, url, message FROM problems ORDER BY id")
        else:
            rows = self._db.execute(
                "SELECT run, url, message FROM problems WHERE run = ? ORDER BY id", (run,)
            )
        return tuple(rows.fetchall())

    def runs(self) -> tuple[tuple[int, str, str, str | None, str], ...]:
        """Every run: ``(id, endpoint, started, finished, status)``."""
        return tuple(
            self._db.execute(
                "SELECT id, endpoint, started, finished, status FROM runs ORDER BY id"
            ).fetchall()
        )

    def raw(self, url: str, _depth: int = 0) -> dict[str, Any] | None:
        """The object stored for ``url``, as received; an embedded consultation or agenda item
        from inside its paper or meeting."""
        row = self._db.execute("SELECT data FROM objects WHERE id = ?", (url,)).fetchone()
        if row is not None:
            with self._decoding():
                value = orjson.loads(row[0])
            return value if isinstance(value, dict) else None
        for table, column in _CHILD_TABLES.values():
            found = self._db.execute(f"SELECT {column} FROM {table} WHERE id = ?", (url,))
            parent = found.fetchone()
            if parent is not None and parent[0] and _depth < 3:
                container = self.raw(parent[0], _depth + 1)
                return _find(container, url) if container is not None else None
        return None

    def ids(self, kind: str) -> tuple[str, ...]:
        """The ids of the stored objects of type ``kind`` (deleted ones included)."""
        rows = self._db.execute("SELECT id FROM objects WHERE type = ? ORDER BY id", (kind,))
        return tuple(row[0] for row in rows)

    def decide(self, reference: str, decision: str, reason: str, author: str) -> None:
        """Record that the paper ``reference`` does (``confirmed``) or does not (``rejected``)
        concern the concept, replacing an earlier decision on it."""
        if decision not in ("confirmed", "rejected"):
            raise ValueError(f"decision: {decision!r}")
        moment = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO relevance_decisions VALUES (?, ?, ?, ?, ?)",
                (reference, decision, reason, author, moment),
            )

    def decisions(self) -> dict[str, tuple[str, str, str, str]]:
        """Every decision on relevance: reference → ``(decision, reason, author, when)``."""
        rows = self._db.execute(
            "SELECT reference, decision, reason, author, decided_at FROM relevance_decisions"
        )
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}

    def bodies(self) -> tuple[tuple[str, str | None, str | None, bool], ...]:
        """Every body: ``(id, name, ags, deleted)``."""
        return tuple(
            (row[0], row[1], row[2], bool(row[3]))
            for row in self._db.execute("SELECT id, name, ags, deleted FROM bodies ORDER BY id")
        )

    def organizations(self) -> dict[str, tuple[str | None, str | None, str | None, bool]]:
        """Every organization: id → ``(name, short name, classification, deleted)``."""
        return {
            row[0]: (row[1], row[2], row[3], bool(row[4]))
            for row in self._db.execute(
                "SELECT id, name, short_name, classification, deleted FROM organizations"
            )
        }

    def paper_views(self, body: str | None = None, deleted: bool = False) -> list[PaperView]:
        """The stored papers (of ``body``) with names resolved and consultations joined, in
        order of date (undated last) and reference; deleted ones only when asked for."""
        with self._decoding():
            return self._paper_views(body, deleted)

    @contextmanager
    def _decoding(self) -> Iterator[None]:
        """JSON stored by a sync that no longer reads: the file was damaged."""
        try:
            yield
        except orjson.JSONDecodeError as exc:
            raise StoreError(
                f"{self.path}: die Datei ist beschädigt (ein gespeicherter JSON-Wert ist "
                f"unlesbar: {exc})"
            ) from None

    def _paper_views(self, body: str | None, deleted: bool) -> list[PaperView]:
        names = {key: value[0] for key, value in self.organizations().items() if value[0]}
        names.update(
            (row[0], row[1])
            for row in self._db.execute("SELECT id, name FROM persons WHERE name IS NOT NULL")
        )
        consultations = self._consultation_views(names)
        where = ["1 = 1"]
        params: list[Any] = []
        if body is not None:
            where.append("body = ?")
            params.append(body)
        if not deleted:
            where.append("deleted = 0")
        rows = self._db.execute(
            "SELECT id, reference, name, paper_type, date, under_direction_of, originators, "
            "related, web, modified, deleted, body FROM papers WHERE "
            + " AND ".join(where)
            + " ORDER BY date IS NULL, date, reference, id",
            params,
        )
        views = []
        for row in rows:
            views.append(
                PaperView(
                    id=row[0],
                    reference=row[1],
                    name=row[2],
                    paper_type=row[3],
                    date=parse_date(row[4]),
                    lead=_names(row[5], names),
                    originators=_names(row[6], names),
                    related=tuple(_urls(row[7])),
                    consultations=consultations.get(row[0], ()),
                    web=row[8],
                    modified=row[9],
                    deleted=bool(row[10]),
                    body=row[11],
                )
            )
        return views

    def _consultation_views(self, names: dict[str, str]) -> dict[str, tuple[ConsultationView, ...]]:
        rows = self._db.execute(
            "SELECT c.paper, c.id, c.position, c.role, c.authoritative, c.organizations, "
            "COALESCE(c.meeting, a.meeting, b.meeting), m.name, m.start, m.organizations, "
            "COALESCE(a.id, b.id), COALESCE(a.result, b.result), "
            "COALESCE(a.resolution_text, b.resolution_text), COALESCE(a.number, b.number) "
            "FROM consultations c "
            "LEFT JOIN agenda_items a ON a.id = c.agenda_item AND a.deleted = 0 "
            "LEFT JOIN agenda_items b ON c.agenda_item IS NULL AND b.consultation = c.id "
            "AND b.deleted = 0 "
            "LEFT JOIN meetings m ON m.id = COALESCE(c.meeting, a.meeting, b.meeting) "
            "WHERE c.deleted = 0 AND c.paper IS NOT NULL"
        )
        grouped: dict[str, list[tuple[Any, ...]]] = {}
        for row in rows:
            paper, cid, position, role, authoritative, orgs = row[:6]
            meeting, meeting_name, start, meeting_orgs = row[6:10]
            agenda_item, result, resolution, number = row[10:14]
            body = next(
                (names[url] for url in (*_urls(orgs), *_urls(meeting_orgs)) if url in names),
                meeting_name,
            )
            view = ConsultationView(
                id=cid,
                body=body,
                date=parse_date(start),
                role=role,
                authoritative=None if authoritative is None else bool(authoritative),
                result=result,
                resolution_text=resolution,
                agenda_item=agenda_item,
                agenda_number=number,
                meeting=meeting,
            )
            grouped.setdefault(paper, []).append((view.date or dt.date.max, position or 0, view))
        return {
            paper: tuple(item[2] for item in sorted(items, key=lambda item: item[:2]))
            for paper, items in grouped.items()
        }


_FILE_FIELDS = ("mainFile", "auxiliaryFile")


def _file_items(raw: object) -> list[object]:
    """A paper's files (its main file first) as given: embedded objects or URLs."""
    if not isinstance(raw, dict):
        return []
    items: list[object] = []
    for field in _FILE_FIELDS:
        value = raw.get(field)
        items.extend(value if isinstance(value, list) else [value] if value else [])
    return items


def _index_papers(db: sqlite3.Connection, ids: Sequence[str]) -> None:
    """Bring the search index's entries of the papers ``ids`` up to date: reference, title and
    the texts of their files (a File's own ``text`` or, when it has none, the text a sync with
    ``--files`` extracted); a deleted paper leaves the index."""
    for start in range(0, len(ids), 500):
        chunk = orjson.dumps(list(dict.fromkeys(ids[start : start + 500]))).decode()
        rows = db.execute(
            "SELECT p.id, p.reference, p.name, p.deleted, o.data, d.docid, p.body, p.date, "
            "p.paper_type FROM papers p "
            "LEFT JOIN objects o ON o.id = p.id LEFT JOIN search_docs d ON d.paper = p.id "
            "WHERE p.id IN (SELECT value FROM json_each(?))",
            (chunk,),
        ).fetchall()
        for paper, reference, name, deleted, data, docid, body, date, kind in rows:
            if docid is not None:
                db.execute("DELETE FROM search_index WHERE rowid = ?", (docid,))
            if deleted:
                db.execute("DELETE FROM search_docs WHERE paper = ?", (paper,))
                continue
            docid = db.execute(
                "INSERT INTO search_docs (paper, body, date, kind, reference) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (paper) DO UPDATE SET body = excluded.body, "
                "date = excluded.date, kind = excluded.kind, reference = excluded.reference "
                "RETURNING docid",
                (paper, body, date, kind, reference),
            ).fetchone()[0]
            texts: dict[str, str] = dict(
                db.execute(
                    "SELECT id, text FROM file_texts WHERE paper = ? AND text IS NOT NULL "
                    "ORDER BY id",
                    (paper,),
                ).fetchall()
            )
            try:
                raw = orjson.loads(data) if data is not None else None
            except orjson.JSONDecodeError:
                raw = None
            items = _file_items(raw)
            if raw is not None:  # only the files the paper still names
                current = {item.get("id") if isinstance(item, dict) else item for item in items}
                texts = {url: text for url, text in texts.items() if url in current}
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("text"), str):
                    texts.setdefault(str(item.get("id")), item["text"])
            db.execute(
                "INSERT INTO search_index (rowid, reference, title, body) VALUES (?, ?, ?, ?)",
                (
                    docid,
                    index_text(reference or ""),
                    index_text(name or ""),
                    index_text("\n\n".join(texts.values())),
                ),
            )


@OPARL_STORE.step(2)
def _search_index(db: sqlite3.Connection) -> None:
    """Version 2 has the full-text index of the papers (``search_docs``, ``search_index``) and
    the texts of their files (``file_texts``); the index is filled from the stored papers."""
    for statement in _SEARCH_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    ids = [paper for (paper,) in db.execute("SELECT id FROM papers WHERE deleted = 0")]
    _index_papers(db, ids)


@OPARL_STORE.step(3)
def _relevance_decisions(db: sqlite3.Connection) -> None:
    """Version 3 keeps a person's decisions on the relevance of papers (empty at first)."""
    db.execute(_DECISIONS_SCHEMA)


#: The version of the database layout this module writes (an older store is brought up to date
#: by the steps of :data:`~integrationkonzept.migrations.OPARL_STORE`, registered above).
SCHEMA_VERSION = OPARL_STORE.current


def _find(value: Any, url: str) -> dict[str, Any] | None:
    """The object with id ``url`` somewhere inside ``value``."""
    if isinstance(value, dict):
        if value.get("id") == url:
            return value
        items: Iterable[Any] = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        found = _find(item, url)
        if found is not None:
            return found
    return None


def _urls(value: str | None) -> list[str]:
    if not value:
        return []
    found = orjson.loads(value)
    return [url for url in found if isinstance(url, str)] if isinstance(found, list) else []


def _names(value: str | None, names: dict[str, str]) -> tuple[str, ...]:
    return tuple(names[url] for url in _urls(value) if url in names)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
