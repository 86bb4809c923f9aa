"""A workspace: one SQLite file that keeps every version of every object and loses nothing.

Every change is a new *revision* (time, author, source, message); objects are never overwritten,
only given a new version in a later revision. Time has two axes, and the workspace answers both:

* **record time**, what the workspace held at a moment (:meth:`Workspace.state` with
  ``recorded``), by the revisions recorded until then;
* **valid time**, the state of the world on a day (:meth:`Workspace.state_on`): each measure's
  status and costs in force that day by their own dates
  (:func:`integrationkonzept.calc.state.state_on`).

An edited copy (a workbook exported from the workspace) comes back through :meth:`Workspace.merge`,
a three-way merge that lands every change or refuses with the list of conflicts. A wrong entry
is corrected by :meth:`Workspace.revert`: a new revision that supersedes the wrong one, which stays
visible in the history, marked with who corrected it, when and why. The snapshot of the measures
a report covered is frozen when the report is completed (:meth:`Workspace.complete_report`).

Objects are stored under a key of three separate columns (kind, scope, key); no identity is ever
taken apart from a string. Writes run in ``BEGIN IMMEDIATE`` transactions in WAL mode: a second
process waits for the first (up to ``timeout`` seconds) and then writes on top of it, or is refused
with a clear message; a process killed in the middle of a save leaves the last committed state.
Opened with ``readonly=True`` the file is never changed, not even its journal mode.

This module is longer than the project's usual 600 lines on purpose: :class:`Workspace` is one
transaction boundary, and every method that writes keeps the same invariants (one revision per
change, append-only versions, the id check, the disk-full handling) inside ``_write``. Split
across modules, those invariants would have to be kept in several places.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import attrs

from .calc.state import state_on
from .errors import DataError, IntegrationskonzeptError
from .files import os_error_cause
from .merge import (
    KINDS,
    SINGLE_KEY,
    CompositionError,
    Conflict,
    Entry,
    ObjectKey,
    compose,
    entries,
    merge,
    unsupported_ids,
)
from .migrations import WORKSPACE, FormatError, migrate_database
from .model.concept import (
    Concept,
    Measure,
    Municipality,
    ProgressChange,
    Status,
    StatusChange,
)
from .model.dataset import Dataset
from .model.review import Report
from .model.source import Source
from .serialize import decode
from .serialize import encode as _encode
from .serialize import without_cycle_collection as _without_cycle_collection

__all__ = [
    "HistoryEntry",
    "MergeConflictError",
    "Revision",
    "Workspace",
    "WorkspaceConflict",
    "WorkspaceError",
    "status_key",
]

# A new workspace is made with the current tables (below) at the current version; an older one is
# brought up to date by the steps of migrations.WORKSPACE, registered at the end of this module.
# A new step changes these tables too, so that both ways give the same file.

# The tables that version 2 added or changed (a measure's edition apart from its id).
_TABLES_2: Final = """
CREATE TABLE version (
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    revision INTEGER NOT NULL REFERENCES revision (id),
    ordinal INTEGER NOT NULL,
    data BLOB,
    PRIMARY KEY (kind, scope, key, revision)
);
CREATE TABLE snapshot (
    report TEXT NOT NULL,
    revision INTEGER NOT NULL REFERENCES revision (id),
    position INTEGER NOT NULL,
    scope TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (report, revision, position)
);
CREATE TABLE correction (
    revision INTEGER PRIMARY KEY REFERENCES revision (id),
    by_revision INTEGER NOT NULL REFERENCES revision (id),
    reason TEXT NOT NULL
)
"""

_SCHEMA_SQL: Final = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE revision (
    id INTEGER PRIMARY KEY,
    recorded TEXT NOT NULL,
    author TEXT NOT NULL,
    source TEXT NOT NULL,
    message TEXT NOT NULL
);
"""
    + _TABLES_2
)

# Version 1 kept a measure under one key "edition/measure"; version 2 keeps the two apart.
_MIGRATE_1_TO_2: Final = (
    """
ALTER TABLE version RENAME TO version_1;
ALTER TABLE snapshot RENAME TO snapshot_1;
"""
    + _TABLES_2
)

_SIDE: Final = ("-wal", "-shm", "-journal")
_SQLITE_HEADER: Final = b"SQLite format 3\x00"


class WorkspaceError(IntegrationskonzeptError):
    """The workspace cannot do what was asked: missing, locked, or the change does not fit."""


@attrs.frozen
class Revision:
    """One committed change: when it was recorded (UTC), by whom, from which source, and why."""

    id: int
    recorded: dt.datetime
    author: str
    source: str
    message: str


@attrs.frozen
class Correction:
    """A revision was corrected (reverted) by a later one, for a reason."""

    by: Revision
    reason: str


@attrs.frozen
class HistoryEntry:
    """A status of a measure: from when it applies, the revision that recorded it, and, when it
    no longer stands, the revision that took it back (and the correction, when that was one)."""

    change: StatusChange
    revision: Revision
    superseded_by: Revision | None = None
    correction: Correction | None = None


@attrs.frozen
class WorkspaceConflict:
    """A conflict of a merge, with the revision that changed the workspace's value."""

    conflict: Conflict
    changed_by: Revision | None


class MergeConflictError(WorkspaceError):
    """An import that would overwrite or clash with changes: nothing was written."""

    def __init__(self, conflicts: Sequence[WorkspaceConflict], message: str) -> None:
        self.conflicts = tuple(conflicts)
        super().__init__(message)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _disk_full(exc: sqlite3.Error) -> bool:
    return "full" in str(exc).lower()


class Workspace:
    """A workspace file. Open with :meth:`create` or :meth:`open`; use as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self._db = connection

    # --- opening ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, data: Dataset, *, author: str, source: str) -> Workspace:
        """A new workspace at ``path`` holding ``data`` as its first revision.

        The file is built under a temporary name and renamed when complete, so a failed or
        interrupted ``create`` leaves no half-made workspace behind.
        """
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise WorkspaceError(f"{path}: existiert bereits")
        building = path.with_name(f".{path.name}.{os.getpid()}.neu")
        try:
            workspace = cls(building, cls._connect(building), readonly=False)
            workspace._db.execute("PRAGMA journal_mode=WAL")
            with workspace._write() as db:
                for statement in _SCHEMA_SQL.split(";"):
                    db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(WORKSPACE.current),))
                db.execute("INSERT INTO meta VALUES ('id', ?)", (str(uuid.uuid4()),))
            workspace.save(data, author=author, source=source, message="angelegt")
            workspace.close()
            if path.exists():
                raise WorkspaceError(f"{path}: existiert bereits")
            os.replace(building, path)
        except sqlite3.Error as exc:
            raise WorkspaceError(f"{path}: kann nicht angelegt werden ({exc})") from None
        except OSError as exc:
            raise WorkspaceError(
                f"{path}: kann nicht angelegt werden ({os_error_cause(exc)})"
            ) from None
        finally:
            for leftover in (building, *(building.with_name(building.name + s) for s in _SIDE)):
                leftover.unlink(missing_ok=True)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path | str, *, timeout: float = 10.0, readonly: bool = False) -> Workspace:
        """An existing workspace; with ``readonly`` the file is opened for reading only and left
        exactly as it is (an older format is brought up to date in memory)."""
        path = Path(path)
        cls._check_file(path)
        db = cls._connect(path, timeout, readonly=readonly)
        workspace = cls(path, db, readonly=readonly)
        try:
            if workspace._pending():
                if readonly:  # brought up to date in memory; the file stays as it is
                    workspace._db = cls._in_memory(db)
                    db.close()
                with workspace._write() as writing:
                    # Again inside the transaction: another process may have just done it.
                    migrate_database(writing, WORKSPACE, workspace._schema())
        except BaseException:
            workspace.close()
            raise
        return workspace

    @staticmethod
    def _check_file(path: Path) -> None:
        """Refuse what cannot be a workspace before SQLite touches it."""
        if not path.exists():
            raise WorkspaceError(
                f"{path}: kein Arbeitsbereich gefunden (anlegen mit: integrationkonzept neu, "
                "oder aus einem Datensatz: integrationkonzept init)"
            )
        if not path.is_file():
            raise WorkspaceError(f"{path}: ist keine Datei, also kein Arbeitsbereich")
        try:
            with path.open("rb") as handle:
                header = handle.read(len(_SQLITE_HEADER))
        except OSError as exc:
            raise WorkspaceError(
                f"{path}: kann nicht gelesen werden ({os_error_cause(exc)})"
            ) from None
        if not header:
            raise WorkspaceError(f"{path}: ist leer, also kein Arbeitsbereich")
        if header != _SQLITE_HEADER:
            raise WorkspaceError(f"{path}: ist kein Arbeitsbereich (keine SQLite-Datei)")

    def _pending(self) -> bool:
        """Whether the file is of an older format; refuses one this program cannot read."""
        try:
            return bool(WORKSPACE.pending(self._schema()))
        except FormatError as exc:
            raise WorkspaceError(f"{self.path}: {exc}") from None

    def _schema(self) -> int:
        try:
            tables = {
                name
                for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            row = (
                self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if "meta" in tables
                else None
            )
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(f"{self.path}: ist kein lesbarer Arbeitsbereich ({exc})") from None
        if row is None or not {"revision", "version"} <= tables:
            raise WorkspaceError(
                f"{self.path}: ist eine SQLite-Datei, aber kein Arbeitsbereich von "
                "integrationkonzept (unverändert gelassen)"
            )
        try:
            return int(row[0])
        except ValueError:
            raise WorkspaceError(
                f"{self.path}: unbekanntes Format des Arbeitsbereichs („{row[0]}“)"
            ) from None

    @staticmethod
    def _connect(
        path: Path, timeout: float = 10.0, *, readonly: bool = False
    ) -> sqlite3.Connection:
        try:
            if readonly:
                db = Workspace._connect_readonly(path, timeout)
            else:
                db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
                db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            if "readonly" in str(exc):
                raise WorkspaceError(
                    f"{path}: ist schreibgeschützt (keine Schreibrechte für die Datei oder ihren "
                    "Ordner); lesen geht, ändern nicht"
                ) from None
            raise WorkspaceError(f"{path}: kann nicht geöffnet werden ({exc})") from None
        return db

    @staticmethod
    def _connect_readonly(path: Path, timeout: float) -> sqlite3.Connection:
        """A connection that never changes the file, nor leaves a file beside it.

        SQLite reads a WAL database through side files (-wal, -shm). With changes pending in a
        -wal file (a writer is at work, or was killed), they are read as they are (mode=ro; the
        side files are there already). Without, a connection that could write but refuses to
        makes the side files and removes them when it closes, leaving everything as it was.
        Where nothing can be made beside the file, it is read as a file that cannot change:
        nothing can be pending for it then, or the reading is refused.
        """
        where = path.absolute()
        wal = where.with_name(where.name + "-wal")
        uri = f"file:{quote(str(where))}?mode=ro"
        writable = os.access(where.parent, os.W_OK) and os.access(where, os.W_OK)
        if wal.exists():
            if not writable and not where.with_name(where.name + "-shm").exists():
                raise WorkspaceError(
                    f"{path}: hat noch nicht übernommene Änderungen (Datei „{wal.name}“), die "
                    "ohne Schreibrecht im Ordner nicht gelesen werden können; bitte später oder "
                    "mit Schreibrecht erneut versuchen"
                )
            return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        if not writable:
            return sqlite3.connect(
                uri + "&immutable=1", uri=True, timeout=timeout, isolation_level=None
            )
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        db.execute("PRAGMA query_only=ON")
        return db

    @staticmethod
    def _in_memory(db: sqlite3.Connection) -> sqlite3.Connection:
        memory = sqlite3.connect(":memory:", isolation_level=None)
        db.backup(memory)
        return memory

    @property
    def id(self) -> str:
        """The workspace's own id (a UUID), which exported workbooks carry."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'id'").fetchone()
        return str(row[0]) if row else ""

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads inside are one consistent state, even while another process writes."""
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("ROLLBACK")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # Read-only, only a workspace of an older format is brought up to date, in memory.
        if self.readonly and self._db.execute("PRAGMA database_list").fetchone()[2]:
            raise WorkspaceError(f"{self.path}: nur zum Lesen geöffnet")
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise WorkspaceError(
                    f"{self.path}: kann nicht geschrieben werden ({exc})"
                ) from None
            raise WorkspaceError(
                f"{self.path}: gerade von einem anderen Vorgang gesperrt ({exc}); "
                "bitte erneut versuchen"
            ) from None
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            # SQLite may already have rolled back (a full disk does): then there is nothing to
            # undo, and the cause is what the user must see, not "cannot rollback".
            if self._db.in_transaction:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                if _disk_full(exc):
                    raise WorkspaceError(
                        f"{self.path}: kein Speicherplatz mehr (Datenträger voll); "
                        "nichts wurde geändert"
                    ) from None
                raise WorkspaceError(
                    f"{self.path}: konnte nicht schreiben ({exc}); nichts wurde geändert"
                ) from None
            raise

    # --- reading stored objects ------------------------------------------------------------------

    def _decode(self, data: bytes, key: ObjectKey, revision: int | None = None) -> Any:
        try:
            return decode(data, KINDS[key.kind])
        except (DataError, ValueError) as exc:
            where = f" (Revision {revision})" if revision is not None else ""
            raise WorkspaceError(
                f"{self.path}: gespeicherte Fassung von {key.describe()}{where} ist beschädigt "
                f"und kann nicht gelesen werden: {exc}"
            ) from None

    def _current_rows(
        self, db: sqlite3.Connection, limit: int | None = None, kind: str | None = None
    ) -> list[tuple[str, str, str, int, int, bytes | None]]:
        """The latest version of each object (up to revision ``limit``), tombstones included."""
        bound = "" if limit is None else "AND revision <= :limit"
        only = "" if kind is None else "AND kind = :kind"
        return db.execute(
            f"""SELECT v.kind, v.scope, v.key, v.revision, v.ordinal, v.data FROM version v
                JOIN (SELECT kind, scope, key, MAX(revision) AS r FROM version
                      WHERE 1 {bound} {only} GROUP BY kind, scope, key) m
                ON v.kind = m.kind AND v.scope = m.scope AND v.key = m.key AND v.revision = m.r
                ORDER BY v.kind, v.ordinal, v.scope, v.key""",
            {"limit": limit, "kind": kind},
        ).fetchall()

    def _current_entries(
        self,
        db: sqlite3.Connection,
        limit: int | None = None,
        decoded: dict[tuple[ObjectKey, int], Any] | None = None,
    ) -> list[Entry]:
        """The objects as of revision ``limit``; ``decoded`` keeps each stored version read, so
        that reading a second state decodes only what differs."""
        found = []
        cache = {} if decoded is None else decoded
        # One pause of the cycle collector for the whole state, not one per object.
        with _without_cycle_collection():
            for kind, scope, key, revision, ordinal, data in self._current_rows(db, limit):
                if data is None:
                    continue
                object_key = ObjectKey(kind, scope, key)
                obj = cache.get((object_key, revision))
                if obj is None:
                    obj = cache[object_key, revision] = self._decode(data, object_key, revision)
                found.append(Entry(object_key, ordinal, obj))
        return found

    def _latest(self, db: sqlite3.Connection, key: ObjectKey) -> tuple[int, int, Any] | None:
        """(revision, ordinal, object) of the latest version, ``None`` when none or withdrawn."""
        row = db.execute(
            "SELECT revision, ordinal, data FROM version WHERE kind = ? AND scope = ? AND key = ? "
            "ORDER BY revision DESC LIMIT 1",
            (key.kind, key.scope, key.key),
        ).fetchone()
        if row is None or row[2] is None:
            return None
        return row[0], row[1], self._decode(row[2], key, row[0])

    def _concept(self, db: sqlite3.Connection) -> tuple[Concept, str]:
        """The current concept (without measures) and the id of the edition in force."""
        found = self._latest(db, ObjectKey("concept", "", SINGLE_KEY))
        concept = None if found is None else found[2]
        if concept is None or concept.current is None:
            raise WorkspaceError("der Arbeitsbereich enthält kein Konzept mit einer Fassung")
        return concept, concept.current.id

    # --- writing ---------------------------------------------------------------------------------

    def _revision(self, db: sqlite3.Connection, author: str, source: str, message: str) -> int:
        if not author.strip():
            raise WorkspaceError("jede Änderung braucht einen Autor (--author)")
        if not source.strip():
            raise WorkspaceError("jede Änderung braucht eine Quelle (--source)")
        cursor = db.execute(
            "INSERT INTO revision (recorded, author, source, message) VALUES (?, ?, ?, ?)",
            (_now(), author, source, message),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @staticmethod
    def _put(db: sqlite3.Connection, key: ObjectKey, revision: int, ordinal: int, obj: Any) -> None:
        data = None if obj is None else _encode(obj)
        db.execute(
            "INSERT INTO version VALUES (?, ?, ?, ?, ?, ?)",
            (key.kind, key.scope, key.key, revision, ordinal, data),
        )

    @staticmethod
    def _check_ids(data: Dataset) -> None:
        unsupported = unsupported_ids(data)
        if unsupported:
            raise WorkspaceError(
                "Kennungen mit Leerraum am Rand oder Steuerzeichen (Zeilenumbruch, Tabulator …) "
                "kann eine Tabelle nicht von anderen unterscheiden; bitte ändern: "
                + ", ".join(unsupported[:20])
                + (f" und {len(unsupported) - 20} weitere" if len(unsupported) > 20 else "")
            )

    def _check_municipality(self, db: sqlite3.Connection, data: Dataset) -> None:
        found = self._latest(db, ObjectKey("municipality", "", SINGLE_KEY))
        existing: Municipality | None = None if found is None else found[2]
        if existing is not None and existing.ags != data.municipality.ags:
            raise WorkspaceError(
                f"die Daten gehören zu {data.municipality.name} ({data.municipality.ags}), "
                f"der Arbeitsbereich zu {existing.name} ({existing.ags})"
            )

    def save(self, data: Dataset, *, author: str, source: str, message: str = "") -> int | None:
        """Record ``data`` as it is: every object that is new or differs gets a new version.

        Objects the workspace has but ``data`` lacks are kept (saving never deletes). This takes
        ``data`` as the truth; to bring back an edited copy use :meth:`merge`. Returns the new
        revision's id, or ``None`` when nothing changed.
        """
        self._check_ids(data)
        with self._write() as db:
            self._check_municipality(db, data)
            current = {
                ObjectKey(kind, scope, key): (ordinal, stored)
                for kind, scope, key, _rev, ordinal, stored in self._current_rows(db)
            }
            next_ordinal: dict[tuple[str, str], int] = {}
            for object_key, (ordinal, _stored) in current.items():
                group = (object_key.kind, object_key.scope)
                next_ordinal[group] = max(next_ordinal.get(group, 0), ordinal + 1)
            revision: int | None = None
            for entry in entries(data):
                encoded = _encode(entry.obj)
                before = current.get(entry.key)
                if before is not None and before[1] == encoded:
                    continue
                if before is not None:
                    ordinal = before[0]
                else:
                    group = (entry.key.kind, entry.key.scope)
                    ordinal = next_ordinal.get(group, 0) + entry.ordinal
                if revision is None:
                    revision = self._revision(db, author, source, message or "gespeichert")
                self._put(db, entry.key, revision, ordinal, entry.obj)
            return revision

    def merge(
        self,
        theirs: Dataset,
        *,
        base: Dataset | None,
        base_revision: int | None,
        author: str,
        source: str,
        message: str = "importiert",
    ) -> int | None:
        """Bring back an edited copy: a three-way merge (:func:`integrationkonzept.merge.merge`).

        ``base`` is the data set the copy was made from and ``base_revision`` the revision it was
        exported at; without them the copy may only add objects. Every change lands in one new
        revision, or :class:`MergeConflictError` lists every conflict and nothing is written.
        Returns the new revision, or ``None`` when nothing changed.
        """
        self._check_ids(theirs)
        with self._write() as db:
            self._check_municipality(db, theirs)
            decoded: dict[tuple[ObjectKey, int], Any] = {}
            current = self._current_entries(db, decoded=decoded)
            now = self._compose(current)
            then: Dataset | None = None
            if base_revision is not None:
                last = db.execute("SELECT MAX(id) FROM revision").fetchone()[0] or 0
                if not 1 <= base_revision <= last:
                    raise WorkspaceError(
                        f"Revision {base_revision} gibt es in diesem Arbeitsbereich nicht "
                        f"(1 bis {last})"
                    )
                then = self._compose(self._current_entries(db, base_revision, decoded))
                if base is None:
                    base = then
            result = merge(theirs, base=base, then=then, now=now)
            if result.conflicts:
                found = [
                    WorkspaceConflict(c, self._changed_by(db, c, base_revision))
                    for c in result.conflicts
                ]
                raise MergeConflictError(found, _conflicts_summary(len(found)))
            if not result.changes:
                return None
            # What is written must still make a data set (e.g. no measure of a missing edition).
            merged = {entry.key: entry for entry in current}
            merged.update((entry.key, entry) for entry in result.changes)
            self._compose(merged.values())
            revision = self._revision(db, author, source, message)
            for entry in result.changes:
                self._put(db, entry.key, revision, entry.ordinal, entry.obj)
            return revision

    def _changed_by(
        self, db: sqlite3.Connection, conflict: Conflict, since: int | None
    ) -> Revision | None:
        """The latest revision (after ``since``) that changed the value of ``conflict``."""
        key = conflict.key
        rows = db.execute(
            "SELECT revision, data FROM version WHERE kind = ? AND scope = ? AND key = ? "
            "ORDER BY revision",
            (key.kind, key.scope, key.key),
        ).fetchall()
        previous: object = _UNSEEN
        changed: int | None = None
        for revision, data in rows:
            obj = None if data is None else self._decode(data, key, revision)
            value = _field_value(obj, conflict.field, conflict.detail)
            if value != previous and revision > (since or 0) and previous is not _UNSEEN:
                changed = revision
            previous = value
        return None if changed is None else self.revision(changed)

    def measure(self, measure_id: str) -> Measure:
        """The measure ``measure_id`` of the edition in force, as it is now."""
        with self.reading():
            db = self._db
            _concept, edition_id = self._concept(db)
            return self._measure(db, edition_id, measure_id)[2]

    def statuses(self) -> tuple[Status, ...]:
        """The concept's status vocabulary (empty when it has none)."""
        with self.reading():
            return self._concept(self._db)[0].statuses

    def _measure(
        self, db: sqlite3.Connection, edition_id: str, measure_id: str
    ) -> tuple[ObjectKey, int, Measure]:
        key = ObjectKey("measure", edition_id, measure_id)
        found = self._latest(db, key)
        if found is None:
            raise WorkspaceError(
                f"Maßnahme „{measure_id}“ gibt es in der Fassung „{edition_id}“ nicht"
            )
        return key, found[1], found[2]

    def set_status(
        self,
        measure_id: str,
        status: str,
        *,
        day: dt.date,
        author: str,
        source: Source,
        note: str = "",
    ) -> int:
        """Record that ``measure_id`` (in the edition in force) has ``status`` from ``day`` on.
        ``status`` is a key of the concept's status vocabulary or one of its labels (German or
        English, in any case: ``in Umsetzung`` for ``in-umsetzung``)."""
        with self._write() as db:
            concept, edition_id = self._concept(db)
            key, ordinal, measure = self._measure(db, edition_id, measure_id)
            status = status_key(concept.statuses, status)
            history = measure.status_history
            if history and day < history[-1].date:
                self._refuse_earlier(db, key, history[-1], measure_id, "der letzte Status", day)
            change = StatusChange(day, status, source, note)
            updated = attrs.evolve(measure, status_history=(*history, change))
            revision = self._revision(
                db, author, source.label(), f"Status {measure_id}: {status} ab {day.isoformat()}"
            )
            self._put(db, key, revision, ordinal, updated)
            return revision

    def set_progress(
        self,
        measure_id: str,
        value: Decimal | None,
        *,
        day: dt.date,
        author: str,
        source: Source,
        note: str = "",
    ) -> int:
        """Record that ``measure_id`` (in the edition in force) stands at ``value`` percent
        (``None``: no figure) from ``day`` on."""
        with self._write() as db:
            _concept, edition_id = self._concept(db)
            key, ordinal, measure = self._measure(db, edition_id, measure_id)
            history = measure.progress_history
            if history and day < history[-1].date:
                self._refuse_earlier(
                    db, key, history[-1], measure_id, "der letzte Fortschritt", day
                )
            change = ProgressChange(day, value, source, note)
            updated = attrs.evolve(measure, progress=value, progress_history=(*history, change))
            shown = "keine Angabe" if value is None else f"{value} %"
            revision = self._revision(
                db,
                author,
                source.label(),
                f"Fortschritt {measure_id}: {shown} ab {day.isoformat()}",
            )
            self._put(db, key, revision, ordinal, updated)
            return revision

    def _refuse_earlier(
        self,
        db: sqlite3.Connection,
        key: ObjectKey,
        last: StatusChange | ProgressChange,
        measure_id: str,
        what: str,
        day: dt.date,
    ) -> None:
        entry_revision = self._recorded_in(db, key, last)
        hint = (
            f"; ist das Datum falsch, berichtigen mit: integrationkonzept revert "
            f"{entry_revision} --reason …"
            if entry_revision is not None
            else ""
        )
        raise WorkspaceError(
            f"{what} von „{measure_id}“ gilt ab {last.date:%d.%m.%Y}; "
            f"ein neuer kann nicht früher ({day:%d.%m.%Y}) beginnen{hint}"
        )

    def _recorded_in(
        self, db: sqlite3.Connection, key: ObjectKey, change: StatusChange | ProgressChange
    ) -> int | None:
        """The revision that recorded ``change`` (an entry of a measure's history)."""
        for revision, data in db.execute(
            "SELECT revision, data FROM version WHERE kind = ? AND scope = ? AND key = ? "
            "AND data IS NOT NULL ORDER BY revision",
            (key.kind, key.scope, key.key),
        ):
            measure = self._decode(data, key, revision)
            if change in (*measure.status_history, *measure.progress_history):
                return int(revision)
        return None

    def complete_report(self, report: Report, *, author: str, source: str) -> int:
        """Record ``report`` as delivered and freeze a snapshot of every measure it covers
        (the measures of the edition in force). A report is completed once, unless it was
        withdrawn (:meth:`revert`)."""
        with self._write() as db:
            if self._snapshot_revision(db, report.id) is not None:
                raise WorkspaceError(f"Bericht „{report.id}“ ist bereits abgeschlossen")
            _concept, edition_id = self._concept(db)
            measures = [
                entry
                for entry in self._current_entries(db)
                if entry.key.kind == "measure" and entry.key.scope == edition_id
            ]
            revision = self._revision(db, author, source, f"Bericht {report.id} abgeschlossen")
            key = ObjectKey("report", "", report.id)
            found = self._latest(db, key)
            if found is not None:
                ordinal = found[1]
            else:
                row = db.execute(
                    "SELECT MAX(ordinal) FROM version WHERE kind = 'report'"
                ).fetchone()
                ordinal = 0 if row[0] is None else row[0] + 1
            self._put(db, key, revision, ordinal, report)
            for position, entry in enumerate(measures):
                db.execute(
                    "INSERT INTO snapshot VALUES (?, ?, ?, ?, ?)",
                    (report.id, revision, position, edition_id, _encode(entry.obj)),
                )
            return revision

    def revert(self, revision_id: int, *, author: str, reason: str, source: str = "") -> int:
        """Correct revision ``revision_id``: a new revision puts back every object it changed as
        it was before, and withdraws the reports it completed. The corrected revision stays in
        the history, marked with who corrected it, when and why.

        Refused when an object it changed was changed again later (correct that first), and for
        a revision that was already corrected.
        """
        if not reason.strip():
            raise WorkspaceError("eine Berichtigung braucht einen Grund (--reason)")
        with self._write() as db:
            target = self._revision_row(db, revision_id)
            if target is None:
                raise WorkspaceError(f"Revision {revision_id} gibt es nicht")
            if revision_id == 1:
                raise WorkspaceError(
                    "Revision 1 hat den Arbeitsbereich angelegt und kann nicht zurückgenommen "
                    "werden; falsche Angaben darin mit einer neuen Änderung berichtigen"
                )
            done = _corrections_in_force(db).get(revision_id)
            if done is not None:
                raise WorkspaceError(
                    f"Revision {revision_id} wurde bereits mit Revision {done[0]} berichtigt"
                )
            touched = db.execute(
                "SELECT kind, scope, key FROM version WHERE revision = ?", (revision_id,)
            ).fetchall()
            later = []
            for kind, scope, key in touched:
                row = db.execute(
                    "SELECT MAX(revision) FROM version WHERE kind = ? AND scope = ? AND key = ? "
                    "AND revision > ?",
                    (kind, scope, key, revision_id),
                ).fetchone()
                if row[0] is not None:
                    later.append(f"{ObjectKey(kind, scope, key).describe()} (Revision {row[0]})")
            if later:
                raise WorkspaceError(
                    f"Revision {revision_id} kann nicht berichtigt werden: danach wurde geändert: "
                    + "; ".join(later)
                )
            new = self._revision(
                db,
                author,
                source or f"Berichtigung von Revision {revision_id}",
                f"Berichtigung von Revision {revision_id}: {reason}",
            )
            for kind, scope, key in touched:
                before = db.execute(
                    "SELECT ordinal, data FROM version WHERE kind = ? AND scope = ? AND key = ? "
                    "AND revision < ? ORDER BY revision DESC LIMIT 1",
                    (kind, scope, key, revision_id),
                ).fetchone()
                ordinal, data = before if before is not None else (0, None)
                db.execute(
                    "INSERT INTO version VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, scope, key, new, ordinal, data),
                )
            db.execute(
                "INSERT OR REPLACE INTO correction VALUES (?, ?, ?)", (revision_id, new, reason)
            )
            return new

    # --- reading ---------------------------------------------------------------------------------

    def _limit(self, recorded: dt.date | dt.datetime | None) -> int | None:
        if recorded is None:
            return None
        if isinstance(recorded, dt.datetime):
            moment = recorded if recorded.tzinfo else recorded.astimezone()
            query = "SELECT MAX(id) FROM revision WHERE recorded <= ?"
        else:
            next_day = dt.datetime.combine(recorded + dt.timedelta(days=1), dt.time())
            moment = next_day.astimezone()
            query = "SELECT MAX(id) FROM revision WHERE recorded < ?"
        utc = moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
        found = self._db.execute(query, (utc,)).fetchone()
        return found[0] if found and found[0] is not None else 0

    def _compose(self, objects: Iterable[Entry]) -> Dataset:
        try:
            return compose(objects)
        except CompositionError as exc:
            raise WorkspaceError(f"{self.path}: {exc}") from None

    def state(self, recorded: dt.date | dt.datetime | None = None) -> Dataset:
        """What the workspace held at ``recorded`` (record time; a date means the end of that
        day, local time); ``None`` for now."""
        limit = self._limit(recorded)
        found = self._current_entries(self._db, limit)
        if not any(e.key.kind == "municipality" for e in found):
            raise WorkspaceError(f"{self.path}: zu diesem Zeitpunkt noch leer")
        return self._compose(found)

    def state_on(self, day: dt.date, *, recorded: dt.date | dt.datetime | None = None) -> Dataset:
        """The state of the world on ``day`` (valid time), as known at ``recorded`` (record time,
        ``None`` for what the workspace knows now)."""
        return state_on(self.state(recorded), day)

    def at_revision(self, revision_id: int) -> Dataset:
        """What the workspace held right after revision ``revision_id``."""
        if self._revision_row(self._db, revision_id) is None:
            raise WorkspaceError(f"Revision {revision_id} gibt es nicht")
        return self._compose(self._current_entries(self._db, revision_id))

    def last_revision(self) -> int:
        """The id of the latest revision."""
        row = self._db.execute("SELECT MAX(id) FROM revision").fetchone()
        return int(row[0] or 0)

    @staticmethod
    def _revision_row(db: sqlite3.Connection, revision_id: int) -> Revision | None:
        row = db.execute(
            "SELECT id, recorded, author, source, message FROM revision WHERE id = ?",
            (revision_id,),
        ).fetchone()
        if row is None:
            return None
        return Revision(row[0], dt.datetime.fromisoformat(row[1]), row[2], row[3], row[4])

    def revision(self, revision_id: int) -> Revision:
        """One revision."""
        found = self._revision_row(self._db, revision_id)
        if found is None:
            raise WorkspaceError(f"Revision {revision_id} gibt es nicht")
        return found

    def revisions(self) -> tuple[Revision, ...]:
        """Every revision, oldest first."""
        return tuple(
            Revision(id_, dt.datetime.fromisoformat(recorded), author, source, message)
            for id_, recorded, author, source, message in self._db.execute(
                "SELECT id, recorded, author, source, message FROM revision ORDER BY id"
            )
        )

    def corrections(self) -> dict[int, Correction]:
        """The corrected revisions in force: id → who corrected it, when and why. A correction
        that was itself taken back (a revert of a revert) no longer counts."""
        revisions = {r.id: r for r in self.revisions()}
        return {
            revision: Correction(revisions[by], reason)
            for revision, (by, reason) in _corrections_in_force(self._db).items()
        }

    def history(self, measure_id: str, *, edition: str | None = None) -> tuple[HistoryEntry, ...]:
        """A measure's statuses over time (of the edition in force, or ``edition``): each with
        the revision that first recorded it and, for one that no longer stands, the revision
        that took it back and the correction's reason."""
        if edition is None:
            _concept, edition = self._concept(self._db)
        key = ObjectKey("measure", edition, measure_id)
        rows = self._db.execute(
            "SELECT revision, data FROM version WHERE kind = 'measure' AND scope = ? AND key = ? "
            "ORDER BY revision",
            (edition, measure_id),
        ).fetchall()
        if not rows:
            raise WorkspaceError(
                f"Maßnahme „{measure_id}“ gibt es in der Fassung „{edition}“ nicht"
            )
        revisions = {r.id: r for r in self.revisions()}
        corrections = self.corrections()
        # (change, revision that recorded it, revision that took it back); an entry taken back and
        # recorded again is two entries.
        found: list[list[Any]] = []
        active: dict[StatusChange, int] = {}
        for revision, data in rows:
            current = () if data is None else self._decode(data, key, revision).status_history
            for change in current:
                if change not in active:
                    active[change] = len(found)
                    found.append([change, revision, None])
            for change in [c for c in active if c not in current]:
                found[active.pop(change)][2] = revision
        entries = [
            HistoryEntry(
                change,
                revisions[recorded],
                revisions[gone] if gone is not None else None,
                corrections.get(recorded) if gone is not None else None,
            )
            for change, recorded, gone in found
        ]
        entries.sort(key=lambda e: (e.change.date, e.revision.id))
        return tuple(entries)

    def _snapshot_revision(self, db: sqlite3.Connection, report_id: str) -> int | None:
        """The revision of the report's snapshot in force (not withdrawn), if any."""
        withdrawn = _corrections_in_force(db)
        found = [
            revision
            for (revision,) in db.execute(
                "SELECT DISTINCT revision FROM snapshot WHERE report = ?", (report_id,)
            )
            if revision not in withdrawn
        ]
        return max(found) if found else None

    def snapshot(self, report_id: str) -> tuple[Measure, ...]:
        """The measures as they were when report ``report_id`` was completed."""
        revision = self._snapshot_revision(self._db, report_id)
        if revision is None:
            raise WorkspaceError(f"zu Bericht „{report_id}“ gibt es keinen abgeschlossenen Stand")
        rows = self._db.execute(
            "SELECT scope, data FROM snapshot WHERE report = ? AND revision = ? ORDER BY position",
            (report_id, revision),
        ).fetchall()
        return tuple(
            self._decode(data, ObjectKey("measure", scope, f"Bericht {report_id}"), revision)
            for scope, data in rows
        )

    def report_state(self, report_id: str) -> tuple[Dataset, Report]:
        """The frozen state of a completed report: what the workspace held when it was completed,
        with the measures of its snapshot; and the report itself."""
        revision = self._snapshot_revision(self._db, report_id)
        if revision is None:
            raise WorkspaceError(f"zu Bericht „{report_id}“ gibt es keinen abgeschlossenen Stand")
        measures = self.snapshot(report_id)
        scope = self._db.execute(
            "SELECT scope FROM snapshot WHERE report = ? AND revision = ? LIMIT 1",
            (report_id, revision),
        ).fetchone()
        objects = [e for e in self._current_entries(self._db, revision) if e.key.kind != "measure"]
        if scope is not None:
            objects += [
                Entry(ObjectKey("measure", scope[0], m.id), position, m)
                for position, m in enumerate(measures)
            ]
        data = self._compose(objects)
        report = next(r for r in data.reports if r.id == report_id)
        return data, report


_UNSEEN: Final = object()


def _field_value(obj: Any, field: str, detail: str) -> object:
    """What a conflict is about: the whole object, one field, or one year of the costs."""
    if obj is None or not field:
        return obj
    value = getattr(obj, field, None)
    if field == "costs" and detail:
        return tuple(cost for cost in value or () if str(cost.fiscal_year) == detail)
    return value


def _corrections_in_force(db: sqlite3.Connection) -> dict[int, tuple[int, str]]:
    """Corrected revision → (correcting revision, reason), for the corrections in force: a
    correction that a later revert took back does not count (and so on, down the chain)."""
    rows = {
        revision: (by, reason)
        for revision, by, reason in db.execute(
            "SELECT revision, by_revision, reason FROM correction"
        )
    }
    in_force: dict[int, tuple[int, str]] = {}
    # A correction always comes after what it corrects: deciding the latest first settles each.
    for revision in sorted(rows, key=lambda r: rows[r][0], reverse=True):
        by, reason = rows[revision]
        if by not in in_force:
            in_force[revision] = (by, reason)
    return in_force


def _conflicts_summary(count: int) -> str:
    what = "1 Konflikt" if count == 1 else f"{count} Konflikte"
    return f"Import abgelehnt, nichts wurde geändert: {what}"


# --- migrations ----------------------------------------------------------------------------------
# Each step makes the next version of the file (see migrations.py); meta.schema and the log of
# applied steps are written by migrations.migrate_database.


@WORKSPACE.step(2)
def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    """Version 1 → 2: a measure's key "edition/measure" split by its stored id, never by "/"."""
    for statement in _MIGRATE_1_TO_2.split(";"):
        db.execute(statement)
    rows = db.execute("SELECT kind, key, revision, ordinal, data FROM version_1").fetchall()
    for kind, key, revision, ordinal, data in rows:
        scope = ""
        if kind == "measure" and data is not None:
            measure_id = decode(data, Measure).id
            if not key.endswith("/" + measure_id):
                raise WorkspaceError(f"Version 1: Schlüssel „{key}“ passt nicht zu „{measure_id}“")
            scope, key = key[: -len(measure_id) - 1], measure_id
        db.execute(
            "INSERT INTO version VALUES (?, ?, ?, ?, ?, ?)",
            (kind, scope, key, revision, ordinal, data),
        )
    for report, revision, _key, ordinal, data in db.execute(
        "SELECT report, revision, key, ordinal, data FROM snapshot_1"
    ).fetchall():
        # Version 1 froze the measures of the edition in force when the report was completed.
        concept = db.execute(
            "SELECT data FROM version WHERE kind = 'concept' AND revision <= ? "
            "ORDER BY revision DESC LIMIT 1",
            (revision,),
        ).fetchone()
        current = decode(concept[0], Concept).current if concept and concept[0] else None
        scope = current.id if current is not None else ""
        db.execute(
            "INSERT INTO snapshot VALUES (?, ?, ?, ?, ?)", (report, revision, ordinal, scope, data)
        )
    db.execute("DROP TABLE version_1")
    db.execute("DROP TABLE snapshot_1")
    if db.execute("SELECT 1 FROM meta WHERE key = 'id'").fetchone() is None:
        # Derived from the first revision, so that reading (in memory) and writing give the same
        # id, and a workbook exported from either is recognised.
        first = db.execute("SELECT recorded, author FROM revision ORDER BY id LIMIT 1").fetchone()
        seed = f"integrationkonzept-arbeitsbereich:{first[0]}:{first[1]}" if first else ""
        db.execute(
            "INSERT INTO meta VALUES ('id', ?)", (str(uuid.uuid5(uuid.NAMESPACE_URL, seed)),)
        )


def status_key(statuses: Sequence[Status], given: str) -> str:
    """The key of the status ``given`` as a key or a label (German or English, any case, spaces
    as written); ``given`` itself when the concept has no status vocabulary."""
    if not statuses or given in {status.key for status in statuses}:
        return given
    wanted = " ".join(given.split()).casefold()
    for status in statuses:
        names = (status.key, status.label_de, status.label_en)
        if wanted in {" ".join(name.split()).casefold() for name in names if name}:
            return status.key
    labels = [status.label_de for status in statuses]
    close = difflib.get_close_matches(given, labels + [status.key for status in statuses], n=1)
    hint = f"; meinten Sie „{close[0]}“?" if close else ""
    raise WorkspaceError(
        f"Status „{given}“ steht nicht im Statusverzeichnis ({', '.join(labels)}){hint}"
    )
