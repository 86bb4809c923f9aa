"""Workspace: 1,000 status changes committed one by one (on 1,000 measures of the large city);
"state as of DATE" on the large city; the state on a day (valid time); the merge of an edited copy
that changes 100 measures.

Baselines measured in the same run: 1,000 plain sqlite3 INSERT+COMMIT of the same size (for the
status changes), load() of the same data set from JSON (for the recorded state), and the recorded
state itself for the state on a day and for the merge (which reads the workspace's state twice:
now, and at the copy's base revision).

    .venv/bin/python bench/workspace_bench.py
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
from pathlib import Path

import attrs
from common import best_of, report
from synthetic import large_city

from integrationkonzept import Dataset, Source, SourceKind, dump, load
from integrationkonzept.calc.state import state_on
from integrationkonzept.workspace import Workspace

CHANGES = 1_000


def status_changes(ws: Workspace) -> float:
    source = Source(SourceKind.DATA, "bench")
    start = time.perf_counter()
    for i in range(CHANGES):
        ws.set_status(
            f"m{i:05d}", "umgesetzt", day=dt.date(2040, 1, 1), author="bench", source=source
        )
    return time.perf_counter() - start


def plain_commits(folder: Path) -> float:
    db = sqlite3.connect(folder / "plain.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)")
    payload = b"x" * 600
    start = time.perf_counter()
    for _ in range(CHANGES):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (data) VALUES (?)", (payload,))
        db.execute("COMMIT")
    db.close()
    return time.perf_counter() - start


def edited(data: Dataset) -> Dataset:
    """``data`` with 100 measures retitled, as an office edits a workbook."""
    assert data.concept is not None
    current = data.concept.current
    assert current is not None
    measures = tuple(
        attrs.evolve(m, title=m.title + " (neu)") if i % 100 == 0 else m
        for i, m in enumerate(current.measures)
    )
    editions = (*data.concept.editions[:-1], attrs.evolve(current, measures=measures))
    return attrs.evolve(data, concept=attrs.evolve(data.concept, editions=editions))


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        data = large_city()
        text = dump(data)
        start = time.perf_counter()
        with Workspace.create(folder / "large.sqlite", data, author="b", source="b") as ws:
            created = time.perf_counter() - start
            changes = status_changes(ws)
            today = dt.date.today()
            state = best_of(3, lambda: ws.state(today))
            current = ws.state()
            valid = best_of(3, lambda: state_on(current, dt.date(2030, 1, 1)))
            base_revision = ws.last_revision()
            copy = edited(current)
            start = time.perf_counter()
            ws.merge(copy, base=current, base_revision=base_revision, author="b", source="b")
            merged = time.perf_counter() - start
        rows = [
            (
                "create workspace, large city (vs dump)",
                created,
                best_of(1, lambda: dump(data)),
                "-",
            ),
            (f"{CHANGES} status changes, one commit each", changes, plain_commits(folder), "-"),
            (
                "state as of today, large city (vs load)",
                state,
                best_of(3, lambda: load(Dataset, text)),
                "-",
            ),
            ("state on a day, valid time (vs state)", valid, state, "-"),
            ("merge of a copy changing 100 measures (vs state)", merged, state, "-"),
        ]
    report(rows)


if __name__ == "__main__":
    main()
