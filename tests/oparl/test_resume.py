"""An interrupted sync (exception, Ctrl-C, kill -9) resumes without duplicates or losses."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from oparl_servers import FAKE_BASE, FixtureServer, wait_for
from oparl_support import local_client

from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import NullProgress, sync

SRC = Path(__file__).resolve().parents[2] / "src"
PAPERS = 40
PAPER_LIST = FAKE_BASE + "body/1/paper"


class SyncInterruptedError(Exception):
    """Stands for anything that stops a sync between two pages."""


class StopAfter(NullProgress):
    """Raises after ``pages`` pages of the paper list were handed to the store."""

    def __init__(self, pages: int, error: type[BaseException] = SyncInterruptedError) -> None:
        self.left = pages
        self.error = error

    def page_done(self, key: str, objects: int, total: int | None) -> None:
        if key.endswith(" paper"):
            self.left -= 1
            if self.left == 0:
                raise self.error("mitten im Abgleich")


@pytest.fixture
def big_server() -> Iterator[FixtureServer]:
    with FixtureServer(papers=PAPERS) as server:
        yield server


def stored_papers(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT id FROM objects WHERE type = 'Paper' ORDER BY id").fetchall()
    return [row[0] for row in rows]


def paper_pages_written(path: Path) -> int:
    try:
        with sqlite3.connect(path, timeout=1) as db:
            row = db.execute("SELECT pages FROM lists WHERE url = ?", (PAPER_LIST,)).fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row else 0


def assert_complete_without_duplicates(path: Path, server: FixtureServer) -> None:
    ids = stored_papers(path)
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(server.list_ids("paper"))
    with sqlite3.connect(path) as db:
        for table in ("objects", "papers", "consultations", "agenda_items"):
            total, distinct = db.execute(
                f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {table}"
            ).fetchone()
            assert total == distinct, table
        assert db.execute("SELECT COUNT(*) FROM papers").fetchone()[0] == PAPERS


@pytest.mark.parametrize("error", [SyncInterruptedError, KeyboardInterrupt])
def test_exception_between_pages_then_resume(
    tmp_path: Path, big_server: FixtureServer, error: type[BaseException]
) -> None:
    path = tmp_path / "oparl.sqlite3"
    with Store(path) as store, local_client(big_server) as client, pytest.raises(error):
        sync(store, client, FAKE_BASE + "system", progress=StopAfter(5, error))
    with Store(path) as store:
        state = store.list_state(PAPER_LIST)
        assert state is not None
        assert state.in_progress
        assert state.next_url is not None
        written = state.pages
        assert written == 5  # the pages fetched before the interruption are written
        assert store.runs()[-1][4] == "interrupted"
    assert len(stored_papers(path)) < PAPERS
    big_server.take_requests()

    with Store(path) as store, local_client(big_server) as client:
        report = sync(store, client, FAKE_BASE + "system")
    assert report.complete
    paper = next(item for item in report.lists if item.kind == "paper")
    assert paper.resumed
    requests = [r for r in big_server.take_requests() if "/body/1/paper" in r]
    assert f"page={written + 1}" in requests[0]  # continued after the last page written
    assert len(requests) == 21 - written  # 40 papers and a bad item, two per page
    assert_complete_without_duplicates(path, big_server)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "integrationkonzept", "oparl", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_sync_resumes(
    tmp_path: Path, big_server: FixtureServer, how: signal.Signals
) -> None:
    path = tmp_path / "oparl.sqlite3"
    mapping = f"{FAKE_BASE}={big_server.origin}/oparl/v1.1/"
    command = _cli(
        "sync", FAKE_BASE + "system", "--db", str(path), "--map", mapping, "--no-progress"
    )
    big_server.delay = 0.04  # a slow server, so the kill lands mid-list
    process = subprocess.Popen(
        command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert wait_for(lambda: paper_pages_written(path) >= 3, timeout=30)
        process.send_signal(how)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if how == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130
        assert "Abgebrochen" in stderr
        assert "Traceback" not in stderr
    written = paper_pages_written(path)
    assert 3 <= written < 21
    assert len(stored_papers(path)) < PAPERS

    big_server.delay = 0.0
    big_server.take_requests()
    result = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "paper: " in result.stdout
    assert "fortgesetzt" in result.stdout
    requests = [r for r in big_server.take_requests() if "/body/1/paper" in r]
    assert "page=1" not in requests[0]
    assert f"page={written + 1}" in requests[0]
    assert_complete_without_duplicates(path, big_server)
