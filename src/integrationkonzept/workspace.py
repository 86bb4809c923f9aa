"""A workspace: one SQLite file that keeps every version of every object and loses nothing.

Every change is a new *revision* (time, author, source, message); objects are never overwritten,
only given a new version in a later revision. So the workspace answers "what did we know on
DATE?" (:meth:`Workspace.state`), shows a measure's history (:meth:`Workspace.history`), and keeps
the snapshot of every measure a report covered when the report was completed
(:meth:`Workspace.complete_report`), untouched by later changes.

Writes run in ``BEGIN IMMEDIATE`` transactions in WAL mode: a second process waits for the first
(up to ``timeout`` seconds) and then writes on top of it, or is refused with a clear message; a
process killed in the middle of a save leaves the last committed state.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import attrs

from .errors import IntegrationskonzeptError
from .model.budget import BudgetLine, Purpose
from .model.concept import Concept, Measure, Municipality, Organization, StatusChange
from .model.council import Paper
from .model.dataset import Dataset
from .model.periods import BudgetCadence
from .model.review import Milestone, Report, ReviewRule
from .model.source import Source
from .serialize import decode
from .serialize import encode as _encode

__all__ = ["HistoryEntry", "Revision", "Workspace", "WorkspaceError"]

SCHEMA: Final = 1

_SCHEMA_SQL: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS revision (
    id INTEGER PRIMARY KEY,
    recorded TEXT NOT NULL,
    author TEXT NOT NULL,
    source TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS version (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    revision INTEGER NOT NULL REFERENCES revision (id),
    ordinal INTEGER NOT NULL,
    data BLOB,
    PRIMARY KEY (kind, key, revision)
);
CREATE TABLE IF NOT EXISTS snapshot (
    report TEXT NOT NULL,
    revision INTEGER NOT NULL REFERENCES revision (id),
    key TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (report, key)
);
"""

_SIDE: Final = ("-wal", "-shm", "-journal")

# What a data set is made of, in the workspace: one row per object, keyed.
_SINGLE: Final = {"municipality": Municipality, "budget_cadence": BudgetCadence, "concept": Concept}
_MANY: Final = {
    "organization": ("organizations", Organization),
    "purpose": ("purposes", Purpose),
    "budget_line": ("budget_lines", BudgetLine),
    "review_rule": ("review_rules", ReviewRule),
    "report": ("reports", Report),
    "milestone": ("milestones", Milestone),
    "paper": ("papers", Paper),
}


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
class HistoryEntry:
    """A status of a measure: from when it applies, and the revision that recorded it."""

    change: StatusChange
    revision: Revision


def _key(obj: Any) -> str:
    return str(obj.reference if isinstance(obj, Paper) else obj.id)


def _decode(data: bytes, cls: type[Any]) -> Any:
    return decode(data, cls)


def _rows(data: Dataset) -> Iterator[tuple[str, str, int, bytes]]:
    """The data set as (kind, key, ordinal, data) rows; measures apart from their edition."""
    yield "municipality", "-", 0, _encode(data.municipality)
    yield "budget_cadence", "-", 0, _encode(data.budget_cadence)
    if data.concept is not None:
        bare = attrs.evolve(
            data.concept,
            editions=tuple(attrs.evolve(e, measures=()) for e in data.concept.editions),
        )
        yield "concept", "-", 0, _encode(bare)
        for edition in data.concept.editions:
            for ordinal, measure in enumerate(edition.measures):
                yield "measure", f"{edition.id}/{measure.id}", ordinal, _encode(measure)
    for kind, (field, _cls) in _MANY.items():
        for ordinal, obj in enumerate(getattr(data, field)):
            yield kind, _key(obj), ordinal, _encode(obj)


class Workspace:
    """A workspace file. Open with :meth:`create` or :meth:`open`; use as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # --- opening ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, data: Dataset, *, author: str, source: str) -> Workspace:
        """A new workspace at ``path`` holding ``data`` as its first revision.

        The file is built under a temporary name and renamed when complete, so a failed or
        interrupted ``create`` leaves no half-made workspace behind.
        """
        path = Path(path)
        if path.exists():
            raise WorkspaceError(f"{path}: existiert bereits")
        building = path.with_name(f".{path.name}.{os.getpid()}.neu")
        try:
            workspace = cls(building, cls._connect(building))
            with workspace._write() as db:
                for statement in _SCHEMA_SQL.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            workspace.save(data, author=author, source=source, message="angelegt")
            workspace.close()
            if path.exists():
                raise WorkspaceError(f"{path}: existiert bereits")
            os.replace(building, path)
        finally:
            for leftover in (building, *(building.with_name(building.name + s) for s in _SIDE)):
                leftover.unlink(missing_ok=True)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path | str, *, timeout: float = 10.0) -> Workspace:
        """An existing workspace."""
        path = Path(path)
        if not path.is_file():
            raise WorkspaceError(
                f"{path}: kein Arbeitsbereich gefunden (anlegen mit: integrationkonzept init)"
            )
        workspace = cls(path, cls._connect(path, timeout))
        try:
            row = workspace._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            workspace.close()
            raise WorkspaceError(f"{path}: ist kein Arbeitsbereich ({exc})") from None
        if row is None or row[0] != str(SCHEMA):
            workspace.close()
            raise WorkspaceError(f"{path}: unbekannte Version des Arbeitsbereichs ({row})")
        return workspace

    @staticmethod
    def _connect(path: Path, timeout: float = 10.0) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            raise WorkspaceError(f"{path}: kann nicht geöffnet werden ({exc})") from None
        return db

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise WorkspaceError(
                f"{self.path}: gerade von einem anderen Vorgang gesperrt ({exc}); "
                "bitte erneut versuchen"
            ) from None
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------------------

    def _revision(self, db: sqlite3.Connection, author: str, source: str, message: str) -> int:
        if not author.strip():
            raise WorkspaceError("jede Änderung braucht einen Autor (--author)")
        if not source.strip():
            raise WorkspaceError("jede Änderung braucht eine Quelle (--source)")
        recorded = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        cursor = db.execute(
            "INSERT INTO revision (recorded, author, source, message) VALUES (?, ?, ?, ?)",
            (recorded, author, source, message),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _current(self, db: sqlite3.Connection, kind: str) -> dict[str, tuple[int, bytes | None]]:
        rows = db.execute(
            """SELECT v.key, v.ordinal, v.data FROM version v
               JOIN (SELECT key, MAX(revision) AS r FROM version WHERE kind = ? GROUP BY key) m
               ON v.key = m.key AND v.revision = m.r WHERE v.kind = ?""",
            (kind, kind),
        )
        return {key: (ordinal, data) for key, ordinal, data in rows}

    def save(self, data: Dataset, *, author: str, source: str, message: str = "") -> int | None:
        """Record ``data``: every object that is new or differs gets a new version.

        Objects the workspace has but ``data`` lacks are kept (saving merges, it never deletes).
        Returns the new revision's id, or ``None`` when nothing changed.
        """
        with self._write() as db:
            existing = self._current_municipality(db)
            if existing is not None and existing.ags != data.municipality.ags:
                raise WorkspaceError(
                    f"die Daten gehören zu {data.municipality.name} ({data.municipality.ags}), "
                    f"der Arbeitsbereich zu {existing.name} ({existing.ags})"
                )
            revision: int | None = None
            current: dict[str, dict[str, tuple[int, bytes | None]]] = {}
            for kind, key, ordinal, encoded in _rows(data):
                if kind not in current:
                    current[kind] = self._current(db, kind)
                before = current[kind].get(key)
                if before is not None and before[1] == encoded:
                    continue
                if before is not None:
                    ordinal = before[0]
                elif current[kind]:
                    ordinal = max(o for o, _ in current[kind].values()) + 1 + ordinal
                if revision is None:
                    revision = self._revision(db, author, source, message or "gespeichert")
                db.execute(
                    "INSERT INTO version VALUES (?, ?, ?, ?, ?)",
                    (kind, key, revision, ordinal, encoded),
                )
            return revision

    def _latest(self, db: sqlite3.Connection, kind: str, key: str) -> tuple[int, bytes] | None:
        row = db.execute(
            "SELECT ordinal, data FROM version WHERE kind = ? AND key = ? "
            "ORDER BY revision DESC LIMIT 1",
            (kind, key),
        ).fetchone()
        return None if row is None or row[1] is None else (row[0], row[1])

    def _concept(self, db: sqlite3.Connection) -> tuple[Concept, str]:
        """The current concept (without measures) and the id of the edition in force."""
        found = self._latest(db, "concept", "-")
        concept = None if found is None else _decode(found[1], Concept)
        if concept is None or concept.current is None:
            raise WorkspaceError("der Arbeitsbereich enthält kein Konzept mit einer Fassung")
        return concept, concept.current.id

    def _current_municipality(self, db: sqlite3.Connection) -> Municipality | None:
        found = self._current(db, "municipality").get("-")
        return None if found is None or found[1] is None else _decode(found[1], Municipality)

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
        """Record that ``measure_id`` (in the edition in force) has ``status`` from ``day`` on."""
        with self._write() as db:
            concept, edition_id = self._concept(db)
            key = f"{edition_id}/{measure_id}"
            found = self._latest(db, "measure", key)
            if found is None:
                raise WorkspaceError(
                    f"Maßnahme „{measure_id}“ gibt es in der Fassung „{edition_id}“ nicht"
                )
            ordinal, measure = found[0], _decode(found[1], Measure)
            keys = [s.key for s in concept.statuses]
            if keys and status not in keys:
                raise WorkspaceError(
                    f"Status „{status}“ steht nicht im Statusverzeichnis ({', '.join(keys)})"
                )
            history = measure.status_history
            if history and day < history[-1].date:
                raise WorkspaceError(
                    f"der letzte Status von „{measure_id}“ gilt ab {history[-1].date:%d.%m.%Y}; "
                    f"ein neuer kann nicht früher ({day:%d.%m.%Y}) beginnen"
                )
            change = StatusChange(day, status, source, note)
            updated = attrs.evolve(measure, status_history=(*history, change))
            revision = self._revision(
                db, author, source.label(), f"Status {measure_id}: {status} ab {day.isoformat()}"
            )
            db.execute(
                "INSERT INTO version VALUES ('measure', ?, ?, ?, ?)",
                (key, revision, ordinal, _encode(updated)),
            )
            return revision

    def complete_report(self, report: Report, *, author: str, source: str) -> int:
        """Record ``report`` as delivered and freeze a snapshot of every measure it covers
        (the measures of the edition in force). A report is completed once."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM snapshot WHERE report = ?", (report.id,)).fetchone():
                raise WorkspaceError(f"Bericht „{report.id}“ ist bereits abgeschlossen")
            _concept, edition_id = self._concept(db)
            measures = sorted(
                (
                    (ordinal, _decode(data, Measure))
                    for key, (ordinal, data) in self._current(db, "measure").items()
                    if key.startswith(f"{edition_id}/") and data is not None
                ),
                key=lambda pair: pair[0],
            )
            revision = self._revision(db, author, source, f"Bericht {report.id} abgeschlossen")
            reports = self._current(db, "report")
            ordinal = reports[report.id][0] if report.id in reports else len(reports)
            db.execute(
                "INSERT INTO version VALUES ('report', ?, ?, ?, ?)",
                (report.id, revision, ordinal, _encode(report)),
            )
            for position, (_ordinal, measure) in enumerate(measures):
                db.execute(
                    "INSERT INTO snapshot VALUES (?, ?, ?, ?, ?)",
                    (report.id, revision, measure.id, position, _encode(measure)),
                )
            return revision

    # --- reading ---------------------------------------------------------------------------------

    def state(self, as_of: dt.date | dt.datetime | None = None) -> Dataset:
        """The data set as recorded by ``as_of`` (a date means the end of that day, local time);
        ``None`` for now."""
        limit = None
        if as_of is not None:
            if isinstance(as_of, dt.datetime):
                moment = as_of if as_of.tzinfo else as_of.astimezone()
                query = "SELECT MAX(id) FROM revision WHERE recorded <= ?"
            else:
                next_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
                moment = next_day.astimezone()
                query = "SELECT MAX(id) FROM revision WHERE recorded < ?"
            utc = moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
            found = self._db.execute(query, (utc,)).fetchone()
            limit = found[0] if found and found[0] is not None else 0
        return self._state(self._db, limit)

    def _state(self, db: sqlite3.Connection, limit: int | None) -> Dataset:
        bound = "" if limit is None else "AND revision <= :limit"
        rows = db.execute(
            f"""SELECT v.kind, v.key, v.ordinal, v.data FROM version v
                JOIN (SELECT kind, key, MAX(revision) AS r FROM version
                      WHERE 1 {bound} GROUP BY kind, key) m
                ON v.kind = m.kind AND v.key = m.key AND v.revision = m.r
                WHERE v.data IS NOT NULL ORDER BY v.kind, v.ordinal, v.key""",
            {"limit": limit},
        ).fetchall()
        singles: dict[str, Any] = {}
        many: dict[str, list[Any]] = {field: [] for field, _ in _MANY.values()}
        measures: dict[str, list[Measure]] = {}
        for kind, key, _ordinal, data in rows:
            if kind in _SINGLE:
                singles[kind] = _decode(data, _SINGLE[kind])
            elif kind == "measure":
                measures.setdefault(key.partition("/")[0], []).append(_decode(data, Measure))
            else:
                field, cls = _MANY[kind]
                many[field].append(_decode(data, cls))
        if "municipality" not in singles:
            raise WorkspaceError(f"{self.path}: zu diesem Zeitpunkt noch leer")
        concept = singles.get("concept")
        if concept is not None:
            editions = tuple(
                attrs.evolve(e, measures=tuple(measures.get(e.id, ()))) for e in concept.editions
            )
            concept = attrs.evolve(concept, editions=editions)
        return Dataset(
            municipality=singles["municipality"],
            budget_cadence=singles["budget_cadence"],
            concept=concept,
            **{field: tuple(items) for field, items in many.items()},
        )

    def revisions(self) -> tuple[Revision, ...]:
        """Every revision, oldest first."""
        return tuple(
            Revision(id_, dt.datetime.fromisoformat(recorded), author, source, message)
            for id_, recorded, author, source, message in self._db.execute(
                "SELECT id, recorded, author, source, message FROM revision ORDER BY id"
            )
        )

    def history(self, measure_id: str) -> tuple[HistoryEntry, ...]:
        """A measure's statuses over time, each with the revision that first recorded it."""
        revisions = {r.id: r for r in self.revisions()}
        suffix = f"/{measure_id}"
        rows = self._db.execute(
            "SELECT revision, data FROM version WHERE kind = 'measure' "
            "AND substr(key, -length(?)) = ? AND data IS NOT NULL ORDER BY revision",
            (suffix, suffix),
        ).fetchall()
        if not rows:
            raise WorkspaceError(f"Maßnahme „{measure_id}“ gibt es im Arbeitsbereich nicht")
        seen: dict[StatusChange, Revision] = {}
        for revision, data in rows:
            for change in _decode(data, Measure).status_history:
                seen.setdefault(change, revisions[revision])
        return tuple(HistoryEntry(change, revision) for change, revision in seen.items())

    def snapshot(self, report_id: str) -> tuple[Measure, ...]:
        """The measures as they were when report ``report_id`` was completed."""
        rows = self._db.execute(
            "SELECT data FROM snapshot WHERE report = ? ORDER BY ordinal", (report_id,)
        ).fetchall()
        if not rows:
            raise WorkspaceError(f"zu Bericht „{report_id}“ gibt es keinen Stand")
        return tuple(_decode(data, Measure) for (data,) in rows)
