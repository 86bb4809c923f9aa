"""Absurd but valid input and hostile surroundings: every command renders or says ``Fehler: …``.

Each case here once ended in a traceback (issue 12, "Crashes and resource use").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from integrationkonzept.cli import main

SRC = Path(__file__).resolve().parent.parent / "src"
LEIPZIG = SRC / "integrationkonzept" / "data" / "leipzig.json"


def _with_milestone_on(tmp_path: Path, day: str) -> Path:
    document = json.loads(LEIPZIG.read_text(encoding="utf-8"))
    milestones = document["data"]["milestones"]
    milestones[0]["actual"] = day  # planned for 2017: the slip is huge either way
    path = tmp_path / f"extreme-{day}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _clean(capsys: pytest.CaptureFixture[str], status: int) -> str:
    """The run either succeeded or said what was wrong in one line; never a traceback."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if status != 0:
        assert status == 2
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("Fehler: "), err
    return err


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        ("9999-12-31", "ics"),  # the event's end: the day after
        ("9999-12-31", "html"),  # the chart's axis: padding after the last day
        ("9999-12-31", "docx"),
        ("0001-01-01", "html"),  # padding before the first day
        ("0001-01-01", "docx"),
    ],
)
def test_milestone_on_extreme_day_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str, kind: str
) -> None:
    source = _with_milestone_on(tmp_path, day)
    out = tmp_path / f"report.{kind}"
    fmt = {"ics": "ics", "html": "html", "docx": "docx"}[kind]
    # No --as-of: with it, a milestone reached after that day would not be known yet.
    status = main(["report", fmt, str(source), "-o", str(out)])
    _clean(capsys, status)
    assert status == 0
    assert out.stat().st_size > 0


def test_milestone_on_last_day_keeps_a_one_day_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icalendar import Calendar

    source = _with_milestone_on(tmp_path, "9999-12-31")
    out = tmp_path / "report.ics"
    assert main(["report", "ics", str(source), "-o", str(out)]) == 0
    _clean(capsys, 0)
    calendar = Calendar.from_ical(out.read_bytes())
    last = [e for e in calendar.walk("VEVENT") if str(e.decoded("dtstart")) == "9999-12-31"]
    assert last  # no DTEND: an all-day event without one lasts the day (RFC 5545, 3.6.1)
    assert all("dtend" not in event for event in last)


@pytest.mark.parametrize(
    ("as_of", "kind"),
    [
        (as_of, kind)
        for as_of in ("2200-01-01", "2201-07-01", "9999-12-31")
        for kind in ("ics", "html", "txt", "xlsx")
    ]
    + [("0001-01-01", "html")],
)
def test_far_reference_day_renders_or_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str, kind: str
) -> None:
    out = tmp_path / f"report.{kind}"
    fmt = {"ics": "ics", "html": "html", "txt": "text", "xlsx": "xlsx"}[kind]
    status = main(["report", fmt, str(LEIPZIG), "-o", str(out), "--as-of", as_of])
    _clean(capsys, status)


def _run_into_full_device(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with open("/dev/full", "wb") as full:
        return subprocess.run(
            [sys.executable, "-m", "integrationkonzept", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
            timeout=120,
            check=False,
        )


def _one_error(result: subprocess.CompletedProcess[str], cause: str) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Fehler: ")
    assert cause in lines[0]


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [
        ("report", "text", str(LEIPZIG), "--as-of", "2024-06-30"),
        ("report", "json", str(LEIPZIG)),
        ("demo", "--as-of", "2024-06-30"),
        ("import", "json", str(LEIPZIG)),
    ],
    ids=["report-text", "report-json", "demo", "import"],
)
def test_output_to_full_device(tmp_path: Path, args: tuple[str, ...]) -> None:
    _one_error(_run_into_full_device(*args, cwd=tmp_path), "kein Platz auf dem Gerät")


@needs_dev_full
def test_oparl_stats_to_full_device(tmp_path: Path) -> None:
    from integrationkonzept.oparl.store import Store

    db = tmp_path / "oparl.sqlite"
    with Store(db):  # an empty database: stats still has a document to write
        pass
    _one_error(
        _run_into_full_device("oparl", "stats", "--db", str(db), cwd=tmp_path),
        "kein Platz auf dem Gerät",
    )


def test_workspace_name_too_long(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long_name = str(tmp_path / ("w" * 300 + ".sqlite"))
    status = main(["init", "--example", "leipzig", "--source", "Test", "-w", long_name])
    err = _clean(capsys, status)
    assert status == 2
    assert "Dateiname zu lang" in err


@pytest.mark.parametrize("command", [["oparl", "stats"], ["oparl", "papers"]])
def test_oparl_database_name_too_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    long_name = str(tmp_path / ("o" * 300 + ".sqlite"))
    status = main([*command, "--db", long_name])
    err = _clean(capsys, status)
    assert status == 2
    assert "Dateiname zu lang" in err
    assert "File name too long" not in err
