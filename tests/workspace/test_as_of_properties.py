"""Properties of "as of a day" (valid time): :func:`integrationkonzept.calc.state.state_on` and
every built-in report format rendered with ``--as-of``, from a JSON file and from a workspace.

The data sets are the Leipzig example with random status histories (in both editions) and dated
progress figures on its measures. Each status and figure has a source and a note with a token of
its own, so that one that only starts after the day can be looked for in any output: it must not
be there.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Final

import attrs
import openpyxl
import pytest
from docx import Document
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ws_strategies import leipzig_with_histories, with_measures
from ws_support import run_in_process as run

from integrationkonzept import example as example_data
from integrationkonzept.calc.state import state_on
from integrationkonzept.model import (
    Concept,
    Dataset,
    Edition,
    Measure,
    ProgressChange,
    StatusChange,
)
from integrationkonzept.plugins import registry
from integrationkonzept.serialize import dump, load
from integrationkonzept.workspace import Workspace

#: Every format of the core, with the file kind it is rendered to.
BUILTIN: Final = {
    "json": "json",
    "text": "txt",
    "html": "html",
    "docx": "docx",
    "xlsx": "xlsx",
    "csv": "csv",
    "ics": "ics",
    "pdf": "pdf",
}
#: The formats rendered in every example; HTML and DOCX (slow: charts) have a test of their own.
CHEAP: Final = ("json", "text", "xlsx", "csv", "ics", "leipzig-sachstandsbericht")
KINDS: Final = {**BUILTIN, "leipzig-sachstandsbericht": "md"}
TOKEN: Final = re.compile(r"(?:Beleg|Vermerk)Q[0-9op]+Z")


@st.composite
def data_and_day(draw: st.DrawFn) -> tuple[Dataset, dt.date]:
    """A data set and a day: any day from 2018 to 2025 (the 2020 edition was adopted on
    29.01.2020), or the very day a status begins."""
    data = draw(leipzig_with_histories(dated_progress=True))
    assert data.concept is not None
    starts = sorted(
        {c.date for e in data.concept.editions for m in e.measures for c in m.status_history}
    )
    any_day = st.dates(min_value=dt.date(2018, 6, 1), max_value=dt.date(2025, 6, 1))
    day = draw(st.one_of(any_day, st.sampled_from(starts)) if starts else any_day)
    return data, day


# --- what the day should show, worked out from the original data --------------------------------


def edition_in_force(concept: Concept, day: dt.date) -> Edition:
    """The last edition adopted by ``day`` (the first one before any was adopted)."""
    adopted = [e for e in concept.editions if e.adopted is None or e.adopted <= day]
    return (adopted or list(concept.editions[:1]))[-1]


def in_force(measure: Measure, day: dt.date) -> StatusChange | None:
    """The status entry in force on ``day``."""
    found = None
    for change in measure.status_history:
        if change.date <= day:
            found = change
    return found


def later(data: Dataset, day: dt.date) -> list[StatusChange | ProgressChange]:
    """Every status entry and dated progress figure that only begins after ``day``."""
    assert data.concept is not None
    changes: list[StatusChange | ProgressChange] = []
    for edition in data.concept.editions:
        for measure in edition.measures:
            changes.extend(c for c in measure.status_history if c.date > day)
            changes.extend(c for c in measure.progress_history if c.date > day)
    return changes


def progress_on(measure: Measure, day: dt.date) -> Decimal | None:
    """The progress figure in force on ``day``: the last dated one by then (none before the
    first), or the undated figure of a measure without dated ones."""
    if not measure.progress_history:
        return measure.progress
    figures = [c.value for c in measure.progress_history if c.date <= day]
    return figures[-1] if figures else None


def truncated(data: Dataset, day: dt.date) -> Dataset:
    """``data`` with every status entry and progress figure after ``day`` removed, by hand (not
    by ``state_on``)."""
    assert data.concept is not None
    return with_measures(
        data,
        {
            e.id: [
                attrs.evolve(
                    m,
                    status_history=tuple(c for c in m.status_history if c.date <= day),
                    progress=progress_on(m, day),
                    progress_history=tuple(c for c in m.progress_history if c.date <= day),
                )
                for m in e.measures
            ]
            for e in data.concept.editions
        },
    )


def label(concept: Concept, change: StatusChange | None) -> str:
    if change is None:
        return ""
    status = concept.status(change.status)
    return status.label("de") if status is not None else change.status


# --- running the command -------------------------------------------------------------------------


def render(fmt: str, source: Path, day: dt.date, out: Path) -> bytes:
    target = out / f"{fmt}.{KINDS[fmt]}"
    status, _out, err = run(
        "report", fmt, str(source), "--as-of", f"{day:%d.%m.%Y}", "-o", str(target)
    )
    assert status == 0, err
    return target.read_bytes()


def all_text(kind: str, content: bytes) -> str:
    """Every text of a file: of a workbook or document, every XML part of the archive."""
    if kind in ("xlsx", "docx"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels"))
            )
    return content.decode("utf-8")


def assert_no_later_status(kind: str, content: bytes, data: Dataset, day: dt.date) -> None:
    """No source or note of a status that begins after ``day`` is in the file."""
    shown = set(TOKEN.findall(all_text(kind, content)))
    leaked = {t for c in later(data, day) for t in (c.note, c.source.reference if c.source else "")}
    assert not shown & leaked, f"statuses after {day}: {sorted(shown & leaked)}"


# --- reading the formats back --------------------------------------------------------------------


def rows_of_json(content: bytes) -> dict[str, tuple[str, dt.date | None]]:
    data = load(Dataset, content, name="report.json")
    assert data.concept is not None
    assert data.concept.current is not None
    found = {}
    for m in data.concept.current.measures:
        last = m.status_history[-1] if m.status_history else None
        found[m.id] = (label(data.concept, last), last.date if last else None)
    return found


def progress_of_json(content: bytes) -> dict[str, Decimal | None]:
    data = load(Dataset, content, name="report.json")
    assert data.concept is not None
    assert data.concept.current is not None
    return {m.id: m.progress for m in data.concept.current.measures}


def rows_of_csv(content: bytes) -> dict[str, tuple[str, dt.date | None]]:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    found = {}
    for row in reader:
        since = row["Status seit"]
        found[row["ID"]] = (
            row["Status"],
            dt.datetime.strptime(since, "%d.%m.%Y").date() if since else None,
        )
    return found


def rows_of_xlsx(content: bytes) -> dict[str, tuple[str, dt.date | None]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Maßnahmen"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    id_, status, since = (header.index(n) for n in ("ID", "Status", "Status seit"))
    found = {}
    for row in rows[1:]:
        day = row[since]
        assert day is None or isinstance(day, dt.datetime | dt.date), day
        found[str(row[id_])] = (
            str(row[status] or ""),
            day.date() if isinstance(day, dt.datetime) else day,
        )
    return found


_ROW: Final = re.compile(
    r'<tr[^>]*><th scope="row"><span[^>]*>(.*?)</span>.*?</th>(.*?)</tr>', re.S
)
_CELL: Final = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_SPAN: Final = re.compile(r"<span[^>]*>(.*?)</span>", re.S)


def status_cells_of_html(content: bytes, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The status cell of each measure's row (index 5: id, title, lead, partners, timeframe,
    status): the shown text and the whole row's markup."""
    wanted = set(ids)
    found = {}
    for match in _ROW.finditer(content.decode("utf-8")):
        row_id = html.unescape(match[1])
        if row_id not in wanted:
            continue
        cells = _CELL.findall(match[2])
        shown = _SPAN.search(cells[4])
        assert shown is not None, cells[4]
        assert row_id not in found, f"{row_id}: two rows"
        found[row_id] = (html.unescape(shown[1]), match[0])
    return found


def status_cells_of_docx(content: bytes, ids: Iterable[str]) -> dict[str, str]:
    wanted = set(ids)
    found = {}
    for table in Document(io.BytesIO(content)).tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if cells and cells[0] in wanted:
                assert cells[0] not in found, f"{cells[0]}: two rows"
                found[cells[0]] = re.sub(r" \[[0-9, ]+\]$", "", cells[5])
    return found


def expected_rows(data: Dataset, day: dt.date) -> dict[str, tuple[str, dt.date | None]]:
    """Each measure of the edition in force on ``day``: its status label and since when."""
    assert data.concept is not None
    found = {}
    for m in edition_in_force(data.concept, day).measures:
        change = in_force(m, day)
        found[m.id] = (label(data.concept, change), change.date if change else None)
    return found


def expected_progress(data: Dataset, day: dt.date) -> dict[str, Decimal | None]:
    """Each measure of the edition in force on ``day``: its progress figure that day."""
    assert data.concept is not None
    return {m.id: progress_on(m, day) for m in edition_in_force(data.concept, day).measures}


def expected_cell(status: tuple[str, dt.date | None]) -> str:
    """The status cell of the HTML and DOCX reports: ``label (seit TT.MM.JJJJ)``, or ``–``."""
    shown, since = status
    return "–" if since is None else f"{shown} (seit {since:%d.%m.%Y})"


# --- the properties ------------------------------------------------------------------------------


def test_every_builtin_format_is_covered() -> None:
    core = next(p for p in registry().plugins if p.name == "integrationkonzept")
    formats = dict(core.contributions)["report_format"]
    assert set(formats) == set(BUILTIN)
    for name, kind in BUILTIN.items():
        assert kind in registry().report_format(name).kinds


@settings(max_examples=200, deadline=None)
@given(data_and_day())
def test_state_on_keeps_the_status_and_progress_in_force(case: tuple[Dataset, dt.date]) -> None:
    data, day = case
    assert data.concept is not None
    state = state_on(data, day)
    assert state.concept is not None
    kept = [e.id for e in state.concept.editions]
    adopted = [e.id for e in data.concept.editions if e.adopted is None or e.adopted <= day]
    assert kept == (adopted or [data.concept.editions[0].id])
    originals = {e.id: e for e in data.concept.editions}
    for edition in state.concept.editions:
        original = originals[edition.id]
        assert [m.id for m in edition.measures] == [m.id for m in original.measures]
        for measure, before in zip(edition.measures, original.measures, strict=True):
            assert measure.status == before.status_on(day), measure.id
            assert measure.status_history == tuple(
                c for c in before.status_history if c.date <= day
            )
            assert measure.progress == progress_on(before, day), measure.id
            assert measure.progress_history == tuple(
                c for c in before.progress_history if c.date <= day
            )
            assert (
                attrs.evolve(
                    measure,
                    status_history=before.status_history,
                    progress=before.progress,
                    progress_history=before.progress_history,
                )
                == before
            )
    assert state_on(state, day) == state  # the state of a day is already as of that day


@settings(max_examples=25, deadline=None)
@given(data_and_day(), st.booleans())
def test_reports_as_of_a_day_show_the_status_in_force(
    case: tuple[Dataset, dt.date], from_workspace: bool
) -> None:
    data, day = case
    expected = expected_rows(data, day)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        source = out / "data.json"
        source.write_text(dump(data))
        if from_workspace:
            source = out / "ws.sqlite"
            Workspace.create(source, data, author="t", source="s").close()
        alone = out / "truncated.json"
        alone.write_text(dump(truncated(data, day)))
        (out / "alone").mkdir()
        for fmt in CHEAP:
            content = render(fmt, source, day, out)
            kind = KINDS[fmt]
            assert_no_later_status(kind, content, data, day)
            # What begins after the day changes nothing: the same file without those statuses.
            assert content == render(fmt, alone, day, out / "alone"), fmt
        assert rows_of_json((out / "json.json").read_bytes()) == expected
        assert progress_of_json((out / "json.json").read_bytes()) == expected_progress(data, day)
        assert rows_of_xlsx((out / "xlsx.xlsx").read_bytes()) == expected
        assert rows_of_csv((out / "csv.csv").read_bytes()) == expected
        if from_workspace:
            for kind, read in (
                ("json", rows_of_json),
                ("csv", rows_of_csv),
                ("xlsx", rows_of_xlsx),
            ):
                target = out / f"export.{kind}"
                status, _out, err = run(
                    "export", "-w", str(source), "--as-of", f"{day:%d.%m.%Y}", "-o", str(target)
                )
                assert status == 0, err
                content = target.read_bytes()
                assert read(content) == expected, kind
                assert_no_later_status(kind, content, data, day)


def _two_statuses() -> Dataset:
    """Leipzig with each measure "geplant" from 01.01.2020 and "umgesetzt" from 01.05.2021."""
    data = example_data("leipzig")
    assert data.concept is not None
    history = (
        StatusChange(dt.date(2020, 1, 1), "geplant"),
        StatusChange(dt.date(2021, 5, 1), "umgesetzt"),
    )
    edition = data.concept.editions[-1]
    measures = [attrs.evolve(m, status_history=history) for m in edition.measures]
    return with_measures(data, {edition.id: measures})


_TWO_STATUSES: Final = _two_statuses()
_HINT: Final = re.compile(r"Stand: Revision (\d+) \(beim Einlesen mit --into: --base (\d+)\)")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@settings(max_examples=12, deadline=None)
@given(data_and_day())
@example((_TWO_STATUSES, dt.date(2021, 3, 1)))  # in force: the first
def test_an_export_as_of_a_day_brought_back_unchanged_changes_nothing(
    kind: str, case: tuple[Dataset, dt.date]
) -> None:
    """``export --as-of DAY`` to a workbook (which carries its base), or to CSV read back with the
    ``--base`` the export names: nothing changes, the statuses after the day stay."""
    data, day = case
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        workspace = out / "ws.sqlite"
        Workspace.create(workspace, data, author="t", source="s").close()
        target = out / f"export.{kind}"
        status, _out, err = run(
            "export", "-w", str(workspace), "--as-of", f"{day:%d.%m.%Y}", "-o", str(target)
        )
        assert status == 0, err
        back = ["import", kind, str(target), "--into", str(workspace), "--source", "s"]
        if kind == "csv":
            hint = _HINT.search(err)
            if hint is None:  # the export offers no base to read it back against
                return
            back += ["--base", hint[2]]
        status, _out, err = run(*back)
        assert status == 0, err
        assert f"{workspace}: keine Änderung." in err, err
        with Workspace.open(workspace, readonly=True) as ws:
            assert ws.state() == data
            assert ws.last_revision() == 1


@settings(max_examples=8, deadline=None)
@given(data_and_day())
def test_html_and_docx_as_of_a_day_show_the_status_in_force(
    case: tuple[Dataset, dt.date],
) -> None:
    data, day = case
    expected = expected_rows(data, day)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        source = out / "data.json"
        source.write_text(dump(data))
        page = render("html", source, day, out)
        assert_no_later_status("html", page, data, day)
        cells = status_cells_of_html(page, _all_ids(data))
        assert {k: v[0] for k, v in cells.items()} == {
            k: expected_cell(v) for k, v in expected.items()
        }
        for measure_id, (_shown, row) in cells.items():
            for change in later(data, day):
                assert f"seit {change.date:%d.%m.%Y}" not in row or (
                    expected[measure_id][1] == change.date
                ), f"{measure_id}: a later status in its row"
        document = render("docx", source, day, out)
        assert_no_later_status("docx", document, data, day)
        assert status_cells_of_docx(document, _all_ids(data)) == {
            k: expected_cell(v) for k, v in expected.items()
        }


def _all_ids(data: Dataset) -> set[str]:
    assert data.concept is not None
    return {m.id for e in data.concept.editions for m in e.measures}
