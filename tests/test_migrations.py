"""Formats that evolve (issue 13): every stored format has a chain of numbered migration steps.

For each format a file written by today's code is read after a made-up version bump (the chain
extended by one step for the test): the step runs once, the data is intact and the step is
recorded. A file of a newer version than the program knows says so, and what to do.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept import migrations
from integrationkonzept.cli import main
from integrationkonzept.examples import example
from integrationkonzept.migrations import (
    DOCUMENT,
    OPARL_STORE,
    UPGRADE,
    WORKSPACE,
    Chain,
    DatabaseStep,
    DocumentStep,
    NewerFormatError,
    migrate_database,
    migrate_document,
)
from integrationkonzept.model.source import Source, SourceKind
from integrationkonzept.oparl.store import Store, StoreError
from integrationkonzept.serialize import dump, load
from integrationkonzept.workspace import Workspace, WorkspaceError

MEASURE = "befragung-2020"  # a measure of the Leipzig example

SOURCE = Source(SourceKind.PAPER, "VI-DS-08033-NF-02", title="Integrationskonzept")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line in this process: exit status, stdout, stderr."""
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def newer(what: str, found: int, reads: int) -> str:
    return (
        f"{what} hat das Format {found}; diese Programmversion liest bis Format {reads} – "
        "bitte integrationkonzept aktualisieren (pip install --upgrade integrationkonzept)"
    )


def meta_schema(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        value: str = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
    return value


def applied(path: Path) -> list[tuple[str, int, str]]:
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT format, version, step FROM _migrations ORDER BY version")
        return [tuple(row) for row in rows]


def set_meta_schema(path: Path, value: str) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (value,))
    db.commit()
    db.close()


# --- the registry --------------------------------------------------------------------------------


def test_the_current_versions_are_the_lengths_of_the_chains() -> None:
    assert DOCUMENT.current == 1 + len(DOCUMENT.steps) == 1
    assert WORKSPACE.current == 1 + len(WORKSPACE.steps) == 2
    assert OPARL_STORE.current == 1 + len(OPARL_STORE.steps) == 3
    assert [step.__name__ for step in WORKSPACE.steps] == ["_migrate_1_to_2"]


def test_a_step_registered_out_of_order_is_refused() -> None:
    chain: Chain[DocumentStep] = Chain("test", "die Datei")
    with pytest.raises(ValueError, match="the next is 2"):
        chain.step(3)(lambda document: document)
    chain.step(2)(lambda document: document)
    assert chain.current == 2


def test_a_newer_version_is_refused_with_what_to_do() -> None:
    with pytest.raises(NewerFormatError) as caught:
        WORKSPACE.pending(7)
    assert str(caught.value) == newer("der Arbeitsbereich", 7, 2)
    assert (caught.value.found, caught.value.current) == (7, 2)
    assert UPGRADE in str(caught.value)


# --- JSON documents ------------------------------------------------------------------------------


def counted_document_step(calls: list[int]) -> DocumentStep:
    """A made-up step 1 → 2: writes out a field at its default (which `dump` leaves out)."""

    def _with_locator(document: dict[str, Any]) -> dict[str, Any]:
        calls.append(document["schema_version"])
        if document["type"] != "Source":
            return document
        return {**document, "data": {"locator": "", **document["data"]}}

    return _with_locator


def test_a_document_of_today_is_migrated_once_as_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = dump(SOURCE)
    assert json.loads(text)["schema_version"] == 1
    calls: list[int] = []
    monkeypatch.setattr(DOCUMENT, "steps", (*DOCUMENT.steps, counted_document_step(calls)))
    assert load(Source, text) == SOURCE
    assert calls == [1]
    assert json.loads(dump(SOURCE))["schema_version"] == 2  # written as the new version


def test_check_reads_a_document_of_today_after_a_bump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "daten.json"
    path.write_text(dump(example("leipzig")), encoding="utf-8")
    before = path.read_bytes()
    calls: list[int] = []
    monkeypatch.setattr(DOCUMENT, "steps", (*DOCUMENT.steps, counted_document_step(calls)))
    status, _out, err = run(capsys, "check", str(path))
    assert status == 0, err
    assert calls == [1]
    assert path.read_bytes() == before  # reading never writes


def test_a_problem_in_a_migrated_document_is_placed_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    document = json.loads(dump(SOURCE))
    document["data"]["date"] = "gestern"
    monkeypatch.setattr(DOCUMENT, "steps", (*DOCUMENT.steps, counted_document_step([])))
    with pytest.raises(Exception, match=r"\$\.data\.date: \"gestern\" ist kein gültiges Datum"):
        load(Source, json.dumps(document))


def test_a_document_of_a_newer_version_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "daten.json"
    document = json.loads(dump(example("leipzig")))
    document["schema_version"] = 3
    path.write_text(json.dumps(document), encoding="utf-8")
    status, _out, err = run(capsys, "check", str(path))
    assert status == 2
    assert err == f"Fehler: {path}: $.schema_version: {newer('die Datei', 3, 1)}\n"


@pytest.mark.parametrize("version", [0, -1])
def test_a_document_of_a_version_that_never_was_is_refused(version: int) -> None:
    document = {**json.loads(dump(SOURCE)), "schema_version": version}
    with pytest.raises(Exception, match=rf"\$\.schema_version: die Datei hat das Format {version}"):
        load(Source, json.dumps(document))


def trail_chain(length: int) -> Chain[DocumentStep]:
    """A made-up chain whose step to version n appends n to the list ``data.trail``."""
    chain: Chain[DocumentStep] = Chain("test", "die Datei")
    for version in range(2, length + 2):

        def step(document: dict[str, Any], version: int = version) -> dict[str, Any]:
            data = document["data"]
            return {**document, "data": {**data, "trail": [*data["trail"], version]}}

        chain.step(version)(step)
    return chain


@given(
    length=st.integers(0, 6),
    cuts=st.lists(st.integers(0, 6), max_size=4),
    start=st.integers(0, 6),
    data=st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
def test_document_migration_step_by_step_equals_all_at_once(
    length: int, cuts: list[int], start: int, data: dict[str, int]
) -> None:
    chain = trail_chain(length)
    start = 1 + start % chain.current
    original = {"schema_version": start, "type": "Test", "data": {**data, "trail": []}}
    frozen = json.dumps(original)
    at_once = migrate_document(original, chain)
    stepwise = original
    for cut in sorted(start + cut % (chain.current - start + 1) for cut in cuts):
        stepwise = migrate_document(stepwise, chain, to=cut)
    stepwise = migrate_document(stepwise, chain)
    assert stepwise == at_once
    assert at_once["schema_version"] == chain.current
    assert at_once["data"]["trail"] == list(range(start + 1, chain.current + 1))
    assert json.dumps(original) == frozen  # the argument is left as it was


# --- SQLite: the runner --------------------------------------------------------------------------


def column_chain(length: int) -> Chain[DatabaseStep]:
    """A made-up chain whose step to version n adds column c<n> to table t, filled with n*a."""
    chain: Chain[DatabaseStep] = Chain("test", "die Datenbank")
    for version in range(2, length + 2):

        def step(db: sqlite3.Connection, version: int = version) -> None:
            db.execute(f"ALTER TABLE t ADD COLUMN c{version} INTEGER")
            db.execute(f"UPDATE t SET c{version} = a * {version}")

        step.__name__ = f"_add_c{version}"
        chain.step(version)(step)
    return chain


def database_at(version: int, rows: list[int]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(version),))
    db.execute("CREATE TABLE t (a INTEGER)")
    db.executemany("INSERT INTO t VALUES (?)", [(row,) for row in rows])
    return db


def contents(db: sqlite3.Connection) -> tuple[Any, ...]:
    return (
        db.execute("SELECT * FROM t ORDER BY rowid").fetchall(),
        db.execute("SELECT value FROM meta").fetchall(),
        db.execute("SELECT format, version, step FROM _migrations ORDER BY version").fetchall()
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").fetchone()
        else [],
    )


@given(
    length=st.integers(1, 5),
    cut=st.integers(0, 5),
    rows=st.lists(st.integers(-1000, 1000), max_size=5),
)
def test_database_migration_step_by_step_equals_all_at_once(
    length: int, cut: int, rows: list[int]
) -> None:
    chain = column_chain(length)
    middle = 1 + cut % chain.current
    at_once, stepwise = database_at(1, rows), database_at(1, rows)
    assert len(migrate_database(at_once, chain, 1)) == length
    migrate_database(stepwise, chain, 1, to=middle)
    assert stepwise.execute("SELECT value FROM meta").fetchone() == (str(middle),)
    migrate_database(stepwise, chain, middle)
    assert contents(stepwise) == contents(at_once)
    assert contents(at_once)[2] == [
        ("test", version, f"_add_c{version}") for version in range(2, chain.current + 1)
    ]
    assert migrate_database(at_once, chain, chain.current) == ()  # nothing left to do


# --- the workspace -------------------------------------------------------------------------------


def counted_workspace_step(calls: list[str]) -> DatabaseStep:
    """A made-up step 2 → 3: a new column."""

    def _revision_ticket(db: sqlite3.Connection) -> None:
        calls.append(db.execute("PRAGMA database_list").fetchone()[2] or "memory")
        db.execute("ALTER TABLE revision ADD COLUMN ticket TEXT")

    return _revision_ticket


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INTEGRATIONKONZEPT_WORKSPACE", raising=False)
    monkeypatch.setenv("INTEGRATIONKONZEPT_AUTHOR", "anna")
    path = tmp_path / "integrationkonzept.sqlite"
    Workspace.create(path, example("leipzig"), author="anna", source="Beispiel").close()
    return path


def test_a_workspace_of_today_is_migrated_in_memory_when_read_and_on_disk_when_written(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(workspace, readonly=True) as ws:
        data, revisions = ws.state(), ws.revisions()
    before = workspace.read_bytes()
    calls: list[str] = []
    monkeypatch.setattr(WORKSPACE, "steps", (*WORKSPACE.steps, counted_workspace_step(calls)))

    status, out, err = run(capsys, "history", MEASURE, "-w", str(workspace))
    assert status == 0, err
    assert out
    assert calls == ["memory"]  # brought up to date in memory, once
    assert workspace.read_bytes() == before  # reading never writes
    assert meta_schema(workspace) == "2"

    with Workspace.open(workspace) as ws:  # opened for writing: migrated in the file
        assert calls == ["memory", str(workspace)]
        assert ws.state() == data
        assert ws.revisions() == revisions
    assert meta_schema(workspace) == "3"
    assert applied(workspace) == [("workspace", 3, "_revision_ticket")]
    with closing(sqlite3.connect(workspace)) as db:
        assert "ticket" in [row[1] for row in db.execute("PRAGMA table_info(revision)")]

    status, _out, err = run(capsys, "set-status", MEASURE, "geplant", "--source", "s")
    assert status == 0, err
    with Workspace.open(workspace, readonly=True) as ws:
        assert ws.last_revision() == revisions[-1].id + 1
    assert len(calls) == 2  # not again


def test_a_workspace_of_a_newer_format_says_what_to_do(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_meta_schema(workspace, "3")
    before = workspace.read_bytes()
    for command in (["history", MEASURE], ["set-status", MEASURE, "geplant", "--source", "s"]):
        status, _out, err = run(capsys, *command, "-w", str(workspace))
        assert status != 0
        assert err == f"Fehler: {workspace}: {newer('der Arbeitsbereich', 3, 2)}\n"
    assert workspace.read_bytes() == before
    with pytest.raises(WorkspaceError, match="Format 3"):
        Workspace.open(workspace, readonly=True)


# --- the OParl store -----------------------------------------------------------------------------


def counted_store_step(calls: list[str]) -> DatabaseStep:
    """A made-up step 1 → 2: a new column."""

    def _paper_subject(db: sqlite3.Connection) -> None:
        calls.append(db.execute("PRAGMA database_list").fetchone()[2] or "memory")
        db.execute("ALTER TABLE papers ADD COLUMN subject TEXT")

    return _paper_subject


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "oparl.sqlite3"
    with Store(path) as opened:
        run_id = opened.begin_run("https://rat.example/oparl/system", dt.datetime(2025, 1, 1))
        opened.add_problem(run_id, "https://rat.example/oparl/paper/1", "kein Objekt")
        opened.add_missing(run_id, "https://rat.example/oparl/paper/2", 404, "nicht gefunden")
        opened.finish_run(run_id, "complete", dt.datetime(2025, 1, 1, 0, 5))
    return path


def test_a_store_of_today_is_migrated_in_memory_when_read_and_on_disk_when_written(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(store, readonly=True) as opened:
        problems, missing, runs = opened.problems(), opened.missing(), opened.runs()
    before = store.read_bytes()
    calls: list[str] = []
    monkeypatch.setattr(OPARL_STORE, "steps", (*OPARL_STORE.steps, counted_store_step(calls)))

    status, out, err = run(capsys, "oparl", "stats", "--db", str(store))
    assert status == 0, err
    assert json.loads(out)["problems"] == 1
    assert calls == ["memory"]
    assert store.read_bytes() == before  # reading never writes
    assert meta_schema(store) == "3"

    with Store(store) as opened:  # opened for writing, as by a sync
        assert calls == ["memory", str(store)]
        assert (opened.problems(), opened.missing(), opened.runs()) == (problems, missing, runs)
    assert meta_schema(store) == "4"
    assert applied(store) == [("oparl-store", 4, "_paper_subject")]
    with closing(sqlite3.connect(store)) as db:
        assert "subject" in [row[1] for row in db.execute("PRAGMA table_info(papers)")]
    Store(store).close()
    assert len(calls) == 2  # not again


def test_a_store_of_a_newer_format_says_what_to_do(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_meta_schema(store, "4")
    before = store.read_bytes()
    status, _out, err = run(capsys, "oparl", "stats", "--db", str(store))
    assert status == 2
    assert err == f"Fehler: {store}: {newer('die Datenbank', 4, 3)}\n"
    with pytest.raises(StoreError) as caught:
        Store(store)  # for writing, as a sync opens it
    assert str(caught.value) == f"{store}: {newer('die Datenbank', 4, 3)}"
    assert store.read_bytes() == before


def test_a_store_migration_that_fails_leaves_the_file_as_it_was(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def _broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE papers ADD COLUMN subject TEXT")
        raise sqlite3.OperationalError("kaputt")

    step: Callable[[sqlite3.Connection], None] = _broken
    monkeypatch.setattr(OPARL_STORE, "steps", (*OPARL_STORE.steps, step))
    with pytest.raises(StoreError, match="kaputt"):
        Store(store)
    monkeypatch.undo()
    assert meta_schema(store) == "3"
    with closing(sqlite3.connect(store)) as db:
        assert "subject" not in [row[1] for row in db.execute("PRAGMA table_info(papers)")]


def test_the_registry_depends_on_nothing_of_the_formats() -> None:
    # The formats import the registry; it imports none of them (nor anything but errors).
    tree = ast.parse(Path(migrations.__file__).read_text(encoding="utf-8"))
    relative = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level
    }
    assert relative == {"errors"}
