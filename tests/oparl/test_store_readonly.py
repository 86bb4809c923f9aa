"""Reading never writes: ``oparl stats``, ``papers`` and ``export`` open the store read-only and
leave every file (and the directory) as they found it; files that are not an OParl store are
refused by every command with one ``Fehler: …`` line naming the file, exit status 2."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from oparl_servers import FAKE_BASE, FixtureServer
from oparl_support import local_client

from integrationkonzept.cli import main
from integrationkonzept.migrations import OPARL_STORE
from integrationkonzept.oparl.store import Store, StoreError
from integrationkonzept.oparl.sync import sync

# Names SQLite would read as URI syntax if they were not quoted.
NAMES = ["oparl.sqlite3", "Rat?sitzung#1 100%.sqlite3"]


def read_commands(tmp_path: Path) -> list[list[str]]:
    output = tmp_path / "ausgabe" / "export.json"  # elsewhere: the store's directory is watched
    output.parent.mkdir(exist_ok=True)
    return [["stats"], ["papers"], ["papers", "--relevant"], ["export", "--all", "-o", str(output)]]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``integrationkonzept oparl ARGS`` in this process: status, stdout, stderr."""
    status = main(["oparl", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def snapshot(directory: Path) -> dict[str, Any]:
    """Everything a command could change: each file's bytes and mtime, the directory's mtime
    (which moves when a file is created and deleted again) and its mode."""
    files = {
        entry.name: (entry.read_bytes(), entry.stat().st_mtime_ns)
        for entry in sorted(directory.iterdir())
    }
    info = directory.stat()
    return {"files": files, "mtime": info.st_mtime_ns, "mode": info.st_mode}


def read_only(path: Path) -> sqlite3.Connection:
    """A plain read-only connection (for a file not in WAL mode: it creates no file)."""
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def journal_mode(path: Path) -> str:
    """``PRAGMA journal_mode`` of a file not in WAL mode."""
    db = read_only(path)
    try:
        mode: str = db.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        db.close()
    return mode


def in_wal_mode(path: Path) -> bool:
    """Whether the file's header says WAL (read and write version 2)."""
    return path.read_bytes()[18:20] == b"\x02\x02"


def first_row(path: Path, query: str) -> Any:
    """One row read without a trace (immutable: no ``-wal``/``-shm`` files)."""
    db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    try:
        return db.execute(query).fetchone()
    finally:
        db.close()


NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def sync_into(path: Path, server: FixtureServer) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path) as store, local_client(server) as client:
        assert sync(store, client, FAKE_BASE + "system").complete
    return path


@pytest.fixture(params=NAMES)
def synced(request: pytest.FixtureRequest, tmp_path: Path, fixture_server: FixtureServer) -> Path:
    """A complete store, written in WAL mode and closed, alone in its directory."""
    return sync_into(tmp_path / "daten" / request.param, fixture_server)


def test_read_commands_change_no_file_and_leave_no_file_behind(
    synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert in_wal_mode(synced)
    before = snapshot(synced.parent)
    assert list(before["files"]) == [synced.name, f"{synced.name}.lock"]  # no -wal, no -shm
    for command in read_commands(tmp_path):
        status, out, err = cli(capsys, *command, "--db", str(synced))
        assert status == 0, err
        assert out or "geschrieben" in err
        assert snapshot(synced.parent) == before, command


def test_a_store_of_an_older_format_is_read_in_memory_and_migrated_by_a_sync(
    synced: Path,
    tmp_path: Path,
    fixture_server: FixtureServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A made-up next format (docs/migrations.md): the synced store is now one version old.
    calls: list[str] = []

    def _paper_subject(db: sqlite3.Connection) -> None:
        calls.append(db.execute("PRAGMA database_list").fetchone()[2] or "memory")
        db.execute("ALTER TABLE papers ADD COLUMN subject TEXT")
        db.execute("UPDATE papers SET subject = name")

    with Store(synced, readonly=True) as store:
        papers = store.paper_views()
    monkeypatch.setattr(OPARL_STORE, "steps", (*OPARL_STORE.steps, _paper_subject))
    before = snapshot(synced.parent)
    for command in read_commands(tmp_path):
        status, _out, err = cli(capsys, *command, "--db", str(synced))
        assert status == 0, err
        assert snapshot(synced.parent) == before, command
    assert calls == ["memory"] * len(read_commands(tmp_path))
    sync_into(synced, fixture_server)  # writing: migrated in the file, once
    assert calls[-1] == str(synced)
    assert calls.count(str(synced)) == 1
    assert first_row(synced, "SELECT value FROM meta WHERE key = 'schema'") == ("4",)
    assert first_row(synced, "SELECT format, version, step FROM _migrations") == (
        "oparl-store",
        4,
        "_paper_subject",
    )
    with Store(synced, readonly=True) as store:
        assert store.paper_views() == papers
    assert first_row(synced, "SELECT COUNT(*) FROM papers WHERE subject IS name") == (6,)


def skip_as_root() -> None:
    if getattr(os, "geteuid", lambda: -1)() == 0:
        pytest.skip(
            "läuft als root: root ignoriert Dateirechte, ein schreibgeschütztes "
            "Verzeichnis lässt sich so nicht prüfen (als normaler Benutzer ausführen)"
        )


@pytest.fixture
def read_only_directory(synced: Path) -> Iterator[Path]:
    """The synced store, the file and its directory read-only (restored afterwards)."""
    skip_as_root()
    synced.chmod(0o444)
    synced.parent.chmod(0o555)
    try:
        yield synced
    finally:
        synced.parent.chmod(0o755)
        synced.chmod(0o644)


def test_read_commands_work_in_a_read_only_directory(
    read_only_directory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = read_only_directory
    with pytest.raises(PermissionError):  # really read-only for this user
        (path.parent / "probe").touch()
    before = snapshot(path.parent)
    for command in read_commands(tmp_path):
        status, _, err = cli(capsys, *command, "--db", str(path))
        assert status == 0, err
        assert snapshot(path.parent) == before, command
    status, out, _ = cli(capsys, "papers", "--db", str(path))
    assert status == 0
    assert len(out.splitlines()) == 6


def left_with_wal(synced: Path, copy: Path) -> int:
    """Copy ``synced`` with a ``-wal`` file holding a run not yet in the file itself (as a crash
    or a copy during a sync leaves it); returns the run's number."""
    copy.parent.mkdir()
    writer = Store(synced)
    try:
        writer._db.execute("PRAGMA wal_autocheckpoint=0")
        number = writer.begin_run("https://nach-dem-abgleich.example/system", NOW)
        shutil.copyfile(synced, copy)
        shutil.copyfile(f"{synced}-wal", f"{copy}-wal")
    finally:
        writer.close()
    return number


def test_a_store_with_changes_still_in_its_wal_file_is_read_with_them(
    synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read through SQLite's WAL protocol (never as immutable), so the changes in the ``-wal``
    file count, and neither file is changed."""
    crashed = tmp_path / "kopie" / "oparl.sqlite3"
    number = left_with_wal(synced, crashed)
    before = snapshot(crashed.parent)
    status, out, err = cli(capsys, "stats", "--db", str(crashed))
    assert status == 0, err
    assert f'"id": {number},' in out
    assert '"url": "https://nach-dem-abgleich.example/system"' in out
    after = snapshot(crashed.parent)
    for name in (crashed.name, f"{crashed.name}-wal"):
        assert after["files"][name] == before["files"][name]


def test_changes_in_a_wal_file_in_a_read_only_directory_are_named(
    synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without ``-shm`` and without the right to create it SQLite cannot read the ``-wal``
    file; ignoring it would show old data, so the command says why it cannot read."""
    skip_as_root()
    crashed = tmp_path / "kopie" / "oparl.sqlite3"
    left_with_wal(synced, crashed)
    crashed.parent.chmod(0o555)
    try:
        before = snapshot(crashed.parent)
        status, out, err = cli(capsys, "stats", "--db", str(crashed))
        assert snapshot(crashed.parent) == before
    finally:
        crashed.parent.chmod(0o755)
    assert (status, out) == (2, "")
    assert err.startswith(
        f"Fehler: {crashed}: kann nicht gelesen werden, ohne zu schreiben: oparl.sqlite3-wal "
        "enthält noch nicht übernommene Änderungen"
    ), err


def test_a_read_only_store_notices_when_a_sync_changed_the_file_under_it(synced: Path) -> None:
    reader = Store(synced, readonly=True)
    assert reader.counts()["Paper"]["total"] == 6
    with Store(synced) as writer:  # closing it moves its changes into the file
        writer.begin_run("https://zwischendurch.example/system", NOW)
    with pytest.raises(StoreError, match="während des Lesens verändert"):
        reader.close()


# Files that are not a store ---------------------------------------------------------------


def foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notizen (text TEXT)")
        db.execute("INSERT INTO notizen VALUES ('meine Daten')")
    db.close()


def foreign_with_meta(path: Path) -> None:
    """Another program's file that happens to have a table ``meta``."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('author', 'jemand')")
    db.close()


def text_file(path: Path) -> None:
    path.write_text("Das ist eine Notiz, keine Datenbank.\n", encoding="utf-8")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(5000))


def empty_file(path: Path) -> None:
    path.touch()


# kind → (how it is made, what the message says after the path)
NOT_A_STORE = {
    "leer": (empty_file, "ist leer, keine OParl-Datenbank von integrationkonzept"),
    "fremde SQLite-Datei": (
        foreign_sqlite,
        "ist keine OParl-Datenbank von integrationkonzept (eine SQLite-Datei mit anderem Inhalt)",
    ),
    "fremde SQLite-Datei mit meta": (
        foreign_with_meta,
        "ist keine OParl-Datenbank von integrationkonzept (eine SQLite-Datei mit anderem Inhalt)",
    ),
    "Text": (text_file, "ist keine OParl-Datenbank von integrationkonzept (keine SQLite-Datei)"),
    "Zufallsbytes": (
        random_bytes,
        "ist keine OParl-Datenbank von integrationkonzept (keine SQLite-Datei)",
    ),
}


@pytest.mark.parametrize("kind", list(NOT_A_STORE))
def test_read_commands_refuse_what_is_not_a_store_and_leave_it_alone(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = NOT_A_STORE[kind]
    path = tmp_path / "daten" / "x.sqlite"
    path.parent.mkdir()
    make(path)
    before = snapshot(path.parent)
    for command in read_commands(tmp_path):
        status, out, err = cli(capsys, *command, "--db", str(path))
        assert status == 2, (command, out, err)
        assert len(err.splitlines()) == 1, err
        assert err.startswith(f"Fehler: {path}: {message}")
        assert out == ""
        assert snapshot(path.parent) == before, command
    if kind.startswith("fremde"):
        assert journal_mode(path) == "delete"


@pytest.mark.parametrize("kind", [kind for kind in NOT_A_STORE if kind != "leer"])
def test_sync_refuses_a_foreign_file_but_initialises_an_empty_one(
    kind: str, tmp_path: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = NOT_A_STORE[kind]
    path = tmp_path / "daten" / "x.sqlite"
    path.parent.mkdir()
    make(path)
    before = snapshot(path.parent)
    mapping = f"{FAKE_BASE}={fixture_server.origin}/oparl/v1.1/"
    args = ("sync", FAKE_BASE + "system", "--map", mapping, "--no-progress")
    status, out, err = cli(capsys, *args, "--db", str(path))
    assert status == 2, (out, err)
    assert err.startswith(f"Fehler: {path}: {message}")
    assert len(err.splitlines()) == 1
    assert snapshot(path.parent) == before
    if kind.startswith("fremde"):
        assert journal_mode(path) == "delete"
    assert not fixture_server.requests  # refused before anything was fetched

    touched = tmp_path / "daten" / "angelegt.sqlite"  # `touch` then sync: initialised
    touched.touch()
    status, _, err = cli(capsys, *args, "--db", str(touched))
    assert status == 0, err
    assert in_wal_mode(touched)
    status, out, err = cli(capsys, "papers", "--db", str(touched))
    assert (status, len(out.splitlines())) == (0, 6), err


# Damaged stores, a full disk --------------------------------------------------------------


def page_size(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[16:18], "big")


def test_a_damaged_page_is_one_error_line(
    synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root,) = first_row(synced, "SELECT rootpage FROM sqlite_master WHERE name = 'papers'")
    assert root > 1  # a page in the middle of the file
    size = page_size(synced)
    with synced.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(bytes(range(256)) * (size // 256))
    damaged = synced.read_bytes()
    for command in read_commands(tmp_path):
        status, out, err = cli(capsys, *command, "--db", str(synced))
        assert status == 2, (command, out, err)
        assert err.startswith(f"Fehler: {synced}: die Datei ist beschädigt"), err
        assert len(err.splitlines()) == 1, err
        assert synced.read_bytes() == damaged


@pytest.mark.parametrize(
    ("query", "garbage"),
    [
        # a JSON list of references: no longer JSON
        ("SELECT under_direction_of FROM papers WHERE under_direction_of LIKE '[%'", b"\0\1\2"),
        # a title: no longer UTF-8, with a line break in it
        ("SELECT name FROM papers WHERE name LIKE 'Fortschreibung%'", b"\xff\n\xfe"),
    ],
    ids=["JSON", "UTF-8"],
)
def test_a_damaged_stored_value_is_one_error_line(
    query: str,
    garbage: bytes,
    synced: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bytes of a stored value overwritten: SQLite cannot notice (the record is intact),
    reading the value does."""
    (value,) = first_row(synced, query)
    stored = value.encode()
    content = synced.read_bytes()
    assert stored in content  # small: on one page, not spread over overflow pages
    synced.write_bytes(content.replace(stored, garbage + stored[3:]))  # every copy
    for command in read_commands(tmp_path)[1:]:  # papers and export read the value
        status, out, err = cli(capsys, *command, "--db", str(synced))
        assert status == 2, (command, out, err)
        assert err.startswith(f"Fehler: {synced}: die Datei ist beschädigt ("), err
        assert len(err.splitlines()) == 1, err


def test_a_damaged_schema_is_one_error_line(
    synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table's definition damaged so that SQLite's own error message quotes bytes that are not
    UTF-8 (Python then raises UnicodeDecodeError, not sqlite3.Error)."""
    content = synced.read_bytes()
    definition = b"CREATE TABLE runs (\n    id INTEGER PRIMARY KEY, endpoint"
    assert content.count(definition) == 1
    synced.write_bytes(content.replace(definition, definition.replace(b" id ", b" `\xff ")))
    for command in [*read_commands(tmp_path), ["sync", "http://127.0.0.1:9/system"]]:
        status, out, err = cli(capsys, *command, "--db", str(synced))
        assert status == 2, (command, out, err)
        assert err.startswith(f"Fehler: {synced}: die Datei ist beschädigt ("), err
        assert len(err.splitlines()) == 1, err


def limit_pages(monkeypatch: pytest.MonkeyPatch, extra: int) -> None:
    """Every connection the store opens may grow by ``extra`` pages only: SQLite itself then
    reports SQLITE_FULL, as on a full disk."""
    connect = sqlite3.connect

    def limited(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        db.execute(f"PRAGMA max_page_count = {max(pages, 1) + extra}")
        return db

    monkeypatch.setattr(sqlite3, "connect", limited)


@pytest.mark.parametrize("existing", [False, True], ids=["neu", "vorhanden"])
def test_a_full_disk_during_sync_is_named_as_such(
    existing: bool,
    tmp_path: Path,
    fixture_server: FixtureServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "oparl.sqlite3"
    if existing:  # the schema is there, the objects do not fit
        Store(path).close()
    limit_pages(monkeypatch, 0 if existing else 1)
    mapping = f"{FAKE_BASE}={fixture_server.origin}/oparl/v1.1/"
    status, out, err = cli(
        capsys, "sync", FAKE_BASE + "system", "--map", mapping, "--no-progress", "--db", str(path)
    )
    assert status == 2, (out, err)
    assert err.splitlines() == [
        f"Fehler: {path}: der Datenträger ist voll (database or disk is full)"
    ]
    monkeypatch.undo()
    if existing:  # what was there is still readable
        status, out, err = cli(capsys, "stats", "--db", str(path))
        assert status == 0, err


def test_a_read_only_store_creates_nothing_while_open(synced: Path, tmp_path: Path) -> None:
    with Store(synced, readonly=True) as store:
        assert store.counts()["Paper"]["total"] == 6
        names = sorted(path.name for path in synced.parent.iterdir())
        assert names == [synced.name, f"{synced.name}.lock"]  # the sync's lock, nothing new
    with pytest.raises(StoreError, match="keine Datenbank"):
        Store(tmp_path / "fehlt" / "oparl.sqlite3", readonly=True)
    assert not (tmp_path / "fehlt").exists()
