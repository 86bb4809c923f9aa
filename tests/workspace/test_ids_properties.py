"""Properties of ids with any characters (``/``, spaces, umlauts, ``</script>``, quotes, ``;``,
line breaks, control characters) for editions and measures, through the commands.

An id either works in every command or is refused with exit status 2 and a ``Fehler:`` line;
no command may exit 0 having dropped data or mixed two measures up. Identity is (edition,
measure), never a string joined with ``/``: edition ``x/a`` with measure ``b`` and edition ``x``
with measure ``a/b`` are two measures.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Final

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from ws_strategies import STATUS_KEYS, datasets_with_ids, renamed
from ws_support import run_command as command
from ws_support import run_in_process as run

from integrationkonzept.model import Dataset, Edition, Measure, Source, SourceKind, StatusChange
from integrationkonzept.safe import clean_text
from integrationkonzept.serialize import dump, load

TOKEN: Final = re.compile(r"(?:Beleg|Vermerk)Q[0-9]+Z")
#: The source of the status the test sets (a day after every generated one).
NEW_SOURCE: Final = "BelegQ999Z"
NEW_DAY: Final = dt.date(2026, 3, 1)


def assert_refused_clearly(status: int, err: str) -> None:
    assert status == 2, err
    assert any(line.startswith("Fehler: ") for line in err.splitlines()), err
    assert "Traceback" not in err


def editions(data: Dataset) -> tuple[Edition, Edition]:
    assert data.concept is not None
    old, current = data.concept.editions
    return old, current


def tokens(measure: Measure) -> set[str]:
    """The tokens of a measure's statuses (their sources' references and their notes)."""
    found = set()
    for change in measure.status_history:
        found.add(change.note)
        if change.source is not None:
            found.add(change.source.reference)
    return {t for t in found if TOKEN.fullmatch(t)}


def with_status(data: Dataset, measure_id: str) -> Dataset:
    """``data`` after ``set-status`` gave ``measure_id`` (edition in force) a new status."""
    old, current = editions(data)
    change = StatusChange(NEW_DAY, STATUS_KEYS[1], Source(SourceKind.DOCUMENT, NEW_SOURCE))
    measures = tuple(
        attrs.evolve(m, status_history=(*m.status_history, change)) if m.id == measure_id else m
        for m in current.measures
    )
    assert data.concept is not None
    concept = attrs.evolve(data.concept, editions=(old, attrs.evolve(current, measures=measures)))
    return attrs.evolve(data, concept=concept)


def init(data: Dataset, tmp: Path) -> Path | None:
    """A workspace made by ``init --from``; ``None`` when ``init`` refused the ids (clearly)."""
    source = tmp / "data.json"
    source.write_text(dump(data))
    workspace = tmp / "ws.sqlite"
    status, _out, err = run("init", "--from", str(source), "-w", str(workspace), "--source", "s")
    if status != 0:
        assert_refused_clearly(status, err)
        assert not workspace.exists(), "a refused init left a workspace behind"
        return None
    return workspace


def export_json(workspace: Path, tmp: Path) -> Dataset:
    target = tmp / "export.json"
    status, _out, err = run("export", "-w", str(workspace), "-o", str(target))
    assert status == 0, err
    return load(Dataset, target.read_bytes(), name=str(target))


@settings(max_examples=40, deadline=None)
@given(datasets_with_ids(), st.integers(min_value=0, max_value=10))
@example(renamed("x", "x/a", ["b", "a/b"], ["a/b", "b"]), 0)
def test_history_and_export_keep_every_measure_apart(data: Dataset, pick: int) -> None:
    old, current = editions(data)
    target = current.measures[pick % len(current.measures)]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        workspace = init(data, tmp)
        if workspace is None:
            return
        assert export_json(workspace, tmp) == data, "init lost or changed data"
        status, _out, err = run(
            "set-status",
            "-w",
            str(workspace),
            f"--source={NEW_SOURCE}",
            "--date",
            f"{NEW_DAY:%d.%m.%Y}",
            "--",
            target.id,
            STATUS_KEYS[1],
        )
        assert status == 0, err
        expected = with_status(data, target.id)
        _old, changed = editions(expected)
        for measure in changed.measures:
            status, out, err = run("history", "-w", str(workspace), "--", measure.id)
            assert status == 0, err
            assert set(TOKEN.findall(out)) == tokens(measure), f"history of {measure.id!r}"
        assert tokens(next(m for m in changed.measures if m.id == target.id)) >= {NEW_SOURCE}
        for measure in old.measures:
            status, out, err = run(
                "history", "-w", str(workspace), f"--edition={old.id}", "--", measure.id
            )
            assert status == 0, err
            assert set(TOKEN.findall(out)) == tokens(measure), f"history of {old.id}/{measure.id}"
        exported = export_json(workspace, tmp)
        assert exported == expected, "export lost, changed or mixed up measures"


@settings(max_examples=40, deadline=None)
@given(datasets_with_ids())
@example(renamed("2012", "2020", ["a", "a "]))  # two ids that differ in a trailing space
def test_an_exported_workbook_comes_back_unchanged(data: Dataset) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        workspace = init(data, tmp)
        if workspace is None:
            return
        book = tmp / "x.xlsx"
        status, _out, err = run("export", "-w", str(workspace), "-o", str(book))
        assert status == 0, err
        status, _out, err = run(
            "import", "xlsx", str(book), "--into", str(workspace), "--source", "s"
        )
        assert status == 0, err
        assert f"{workspace}: keine Änderung." in err
        assert export_json(workspace, tmp) == data


_ROW: Final = re.compile(
    r'<tr[^>]*><th scope="row"><span[^>]*>(.*?)</span>.*?</th>(.*?)</tr>', re.S
)


def measure_rows(page: str) -> list[str]:
    """The id cell of every row of a measure table (eight columns)."""
    return [m[1] for m in _ROW.finditer(page) if m[2].count("<td") == 7]


def _report_html(data: Dataset, tmp: Path) -> str | None:
    workspace = init(data, tmp)
    if workspace is None:
        return None
    page = tmp / "r.html"
    status, _out, err = run("report", "html", str(workspace), "-o", str(page))
    assert status == 0, err
    return page.read_text(encoding="utf-8")


@settings(max_examples=15, deadline=None)
@given(datasets_with_ids())
def test_the_html_report_shows_every_id_escaped(data: Dataset) -> None:
    _old, current = editions(data)
    with tempfile.TemporaryDirectory() as name:
        page = _report_html(data, Path(name))
    if page is None:
        return
    assert "<script" not in page.lower(), "markup from an id in the page"
    for measure in current.measures:
        shown = str(escape(clean_text(measure.id)))
        assert f'<th scope="row"><span>{shown}</span></th>' in page, measure.id
        if any(c in measure.id for c in "<>&\"'"):
            assert f"<span>{measure.id}</span>" not in page, f"{measure.id!r} unescaped"


@settings(max_examples=15, deadline=None)
@given(datasets_with_ids())
@example(renamed("2012", "2020", ["a", "a\x00"]))  # two ids that differ in a control character
def test_the_html_report_tells_every_measure_apart(data: Dataset) -> None:
    _old, current = editions(data)
    with tempfile.TemporaryDirectory() as name:
        page = _report_html(data, Path(name))
    if page is None:
        return
    forms = {str(escape(clean_text(m.id))) for m in current.measures}
    rows = [shown for shown in measure_rows(page) if shown in forms]
    assert len(rows) == len(current.measures), f"not one row per measure: {rows}"
    assert len(set(rows)) == len(rows), (
        f"two measures shown under one id: {sorted(repr(m.id) for m in current.measures)}"
    )


# --- through the real command (a few examples: each runs several processes) ----------------------


def _no_nul(data: Dataset) -> bool:  # a command line cannot hold NUL
    old, current = editions(data)
    return all("\x00" not in e.id for e in (old, current)) and all(
        "\x00" not in m.id for e in (old, current) for m in e.measures
    )


@settings(max_examples=4, deadline=None)
@given(datasets_with_ids().filter(_no_nul))
def test_ids_through_the_real_command(data: Dataset) -> None:
    _old, current = editions(data)
    target = current.measures[-1]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        (tmp / "data.json").write_text(dump(data))
        made = command("init", "--from", "data.json", "--source", "s", cwd=tmp)
        if made.returncode != 0:
            assert_refused_clearly(made.returncode, made.stderr)
            return
        changed = command(
            "set-status",
            f"--source={NEW_SOURCE}",
            f"--date={NEW_DAY:%d.%m.%Y}",
            "--",
            target.id,
            STATUS_KEYS[1],
            cwd=tmp,
        )
        assert changed.returncode == 0, changed.stderr
        history = command("history", "--", target.id, cwd=tmp)
        assert history.returncode == 0, history.stderr
        expected = with_status(data, target.id)
        measure = next(m for m in editions(expected)[1].measures if m.id == target.id)
        assert set(TOKEN.findall(history.stdout)) == tokens(measure)
        exported = command("export", "-o", "out.json", cwd=tmp)
        assert exported.returncode == 0, exported.stderr
        assert load(Dataset, (tmp / "out.json").read_bytes(), name="out.json") == expected
