"""The workspace keeps every version, answers "as of", freezes report snapshots, and survives
concurrent writers and a SIGKILL in the middle of a save."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import attrs
import pytest

from integrationkonzept import Dataset, Paper, Report, Source, SourceKind, example
from integrationkonzept.workspace import Workspace, WorkspaceError

SRC = Path(__file__).resolve().parents[2] / "src"
SOURCE = Source(SourceKind.REPORT, "Sachstandsbericht 2021", date=dt.date(2021, 7, 1))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.create(tmp_path / "ws.sqlite", example("leipzig"), author="test", source="x")
    yield ws  # type: ignore[misc]
    ws.close()


def test_state_is_what_was_saved(workspace: Workspace) -> None:
    assert workspace.state() == example("leipzig")
    assert len(workspace.revisions()) == 1
    assert workspace.revisions()[0].author == "test"


def test_create_refuses_an_existing_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    path.write_bytes(b"schon da")
    with pytest.raises(WorkspaceError, match="existiert bereits"):
        Workspace.create(path, example("leipzig"), author="a", source="s")
    assert path.read_bytes() == b"schon da"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws.sqlite"]


def test_open_refuses_what_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="kein Arbeitsbereich gefunden"):
        Workspace.open(tmp_path / "fehlt.sqlite")
    other = tmp_path / "fremd.sqlite"
    other.write_bytes(b"kein SQLite" * 100)
    with pytest.raises(WorkspaceError, match="ist kein Arbeitsbereich \\(keine SQLite-Datei\\)"):
        Workspace.open(other)


def test_set_status_adds_a_revision_and_keeps_the_past(workspace: Workspace) -> None:
    before = workspace.state()
    first = workspace.revisions()[-1].recorded
    time.sleep(0.01)
    workspace.set_status(
        "befragung-2020", "in-umsetzung", day=dt.date(2020, 9, 1), author="a", source=SOURCE
    )
    workspace.set_status(
        "befragung-2020", "umgesetzt", day=dt.date(2021, 3, 1), author="b", source=SOURCE
    )
    now = workspace.state()
    assert now.concept is not None
    measure = next(m for m in now.concept.editions[-1].measures if m.id == "befragung-2020")
    assert measure.status == "umgesetzt"
    assert measure.status_on(dt.date(2020, 12, 31)) == "in-umsetzung"
    # "State as of" the first revision's time: the changes were not yet recorded.
    assert workspace.state(first) == before
    history = workspace.history("befragung-2020")
    assert [(h.change.status, h.revision.author) for h in history] == [
        ("in-umsetzung", "a"),
        ("umgesetzt", "b"),
    ]
    assert [r.id for r in workspace.revisions()] == [1, 2, 3]


def test_state_before_anything_was_recorded_is_an_error(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="noch leer"):
        workspace.state(dt.date(2000, 1, 1))


@pytest.mark.parametrize(
    ("measure", "status", "day", "message"),
    [
        ("gibtsnicht", "geplant", dt.date(2021, 1, 1), "gibt es in der Fassung „2020“ nicht"),
        ("befragung-2020", "erfunden", dt.date(2021, 1, 1), "nicht im Statusverzeichnis"),
    ],
)
def test_set_status_refuses_what_does_not_fit(
    workspace: Workspace, measure: str, status: str, day: dt.date, message: str
) -> None:
    with pytest.raises(WorkspaceError, match=message):
        workspace.set_status(measure, status, day=day, author="a", source=SOURCE)
    assert len(workspace.revisions()) == 1


def test_a_status_cannot_start_before_the_last_one(workspace: Workspace) -> None:
    workspace.set_status(
        "befragung-2020", "umgesetzt", day=dt.date(2021, 3, 1), author="a", source=SOURCE
    )
    with pytest.raises(WorkspaceError, match="kann nicht früher"):
        workspace.set_status(
            "befragung-2020", "geplant", day=dt.date(2020, 1, 1), author="a", source=SOURCE
        )


def test_every_change_needs_author_and_source(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="Autor"):
        workspace.set_status(
            "befragung-2020", "geplant", day=dt.date(2021, 1, 1), author=" ", source=SOURCE
        )
    data = attrs.evolve(example("leipzig"), papers=(Paper("VI-A-1"),))
    with pytest.raises(WorkspaceError, match="Quelle"):
        workspace.save(data, author="a", source="")


def test_completed_report_freezes_its_snapshot(workspace: Workspace) -> None:
    report = Report("bericht-2021", "bericht", 2021, dt.date(2021, 12, 15), title="Bericht 2021")
    workspace.set_status(
        "befragung-2020", "in-umsetzung", day=dt.date(2020, 9, 1), author="a", source=SOURCE
    )
    workspace.complete_report(report, author="a", source="Vorlage VII-Ifo-1")
    frozen = workspace.snapshot("bericht-2021")
    workspace.set_status(
        "befragung-2020", "umgesetzt", day=dt.date(2022, 1, 10), author="a", source=SOURCE
    )
    assert workspace.snapshot("bericht-2021") == frozen
    assert next(m for m in frozen if m.id == "befragung-2020").status == "in-umsetzung"
    assert workspace.state().reports == (report,)
    with pytest.raises(WorkspaceError, match="bereits abgeschlossen"):
        workspace.complete_report(report, author="a", source="x")


def test_save_merges_and_never_deletes(workspace: Workspace) -> None:
    papers = (Paper("VII-A-00001", title="Neu"),)
    assert workspace.save(attrs.evolve(example("leipzig"), papers=papers), author="a", source="s")
    state = workspace.state()
    assert [p.reference for p in state.papers][-1] == "VII-A-00001"
    assert len(state.papers) == len(example("leipzig").papers) + 1
    # Saving the same again changes nothing.
    assert workspace.save(state, author="a", source="s") is None
    # Another city's data does not go in.
    with pytest.raises(WorkspaceError, match="gehören zu Magdeburg"):
        workspace.save(example("magdeburg"), author="a", source="s")


def test_a_locked_workspace_refuses_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    Workspace.create(path, example("leipzig"), author="a", source="s").close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with (
            Workspace.open(path, timeout=0.2) as other,
            pytest.raises(WorkspaceError, match="gesperrt"),
        ):
            other.set_status(
                "befragung-2020", "geplant", day=dt.date(2021, 1, 1), author="b", source=SOURCE
            )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Workspace.open(path) as again:
        assert len(again.revisions()) == 1


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from integrationkonzept import Source, SourceKind
    from integrationkonzept.workspace import Workspace
    path, measure, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    source = Source(SourceKind.DATA, "Schreibtest")
    with Workspace.open(path, timeout=30) as ws:
        for i in range(count):
            status = ("geplant", "in-umsetzung")[i % 2]
            ws.set_status(measure, status, day=dt.date(2030, 1, 1) + dt.timedelta(days=i),
                          author=measure, source=source)
            print(i, flush=True)
    """
)


def writer(path: Path, measure: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), measure, str(count)],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_both_keep_their_changes(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    Workspace.create(path, example("leipzig"), author="a", source="s").close()
    count = 40
    procs = [writer(path, m, count) for m in ("befragung-2020", "fortbildung-sprint")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Workspace.open(path) as ws:
        assert len(ws.revisions()) == 1 + 2 * count
        for measure in ("befragung-2020", "fortbildung-sprint"):
            assert len(ws.history(measure)) == count
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()


def test_sigkill_in_the_middle_of_saves_leaves_the_last_complete_state(tmp_path: Path) -> None:
    rng = random.Random(20261121)
    path = tmp_path / "ws.sqlite"
    Workspace.create(path, example("leipzig"), author="a", source="s").close()
    for _round in range(4):
        with Workspace.open(path) as ws:
            done_before = len(ws.history("befragung-2020"))
        proc = writer(path, "fortbildung-sprint" if _round % 2 else "befragung-2020", 10_000)
        assert proc.stdout is not None
        proc.stdout.readline()  # it has started writing
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        check = sqlite3.connect(path)
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        check.close()
        with Workspace.open(path) as ws:
            data = ws.state()
            assert isinstance(data, Dataset)
            for measure in ("befragung-2020", "fortbildung-sprint"):
                history = ws.history(measure)
                days = [h.change.date for h in history]
                # Every committed change is there, in order, with no gap: a prefix of the writes.
                assert days == [
                    dt.date(2030, 1, 1) + dt.timedelta(days=i) for i in range(len(days))
                ]
            assert len(ws.history("befragung-2020")) >= done_before
