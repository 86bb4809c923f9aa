"""set-status takes labels as well as keys; set-progress records a dated figure; unchanged values
and contradictions between status and progress are recorded with a notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrationkonzept.cli import main
from integrationkonzept.cli.workspace import percent_argument
from integrationkonzept.model.concept import DEFAULT_STATUSES, Measure, Status
from integrationkonzept.workspace import Workspace, WorkspaceError, status_key

MEASURE = "befragung-2020"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INTEGRATIONKONZEPT_WORKSPACE", raising=False)
    monkeypatch.setenv("INTEGRATIONKONZEPT_AUTHOR", "Frau Beispiel")
    assert main(["init", "--example", "leipzig", "--source", "Beispieldaten"]) == 0
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main([*argv, "--source", "Sachstandsbericht"])
    return status, capsys.readouterr().err


def _measure(office: Path) -> Measure:
    with Workspace.open(office / "integrationkonzept.sqlite", readonly=True) as workspace:
        return workspace.measure(MEASURE)


@pytest.mark.parametrize(
    "given_as", ["in-umsetzung", "in Umsetzung", "IN  UMSETZUNG", "in progress"]
)
def test_a_status_by_key_or_label(
    office: Path, capsys: pytest.CaptureFixture[str], given_as: str
) -> None:
    status, err = _run(capsys, "set-status", MEASURE, given_as, "--date", "1.9.25")
    assert status == 0, err
    assert err.startswith("Revision 2: befragung-2020 ab 01.09.2025 „in Umsetzung“.")
    measure = _measure(office)
    assert measure.status == "in-umsetzung"


def test_an_unknown_status_suggests_the_nearest(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = _run(capsys, "set-status", MEASURE, "in Umsetzng")
    assert status == 2
    assert "steht nicht im Statusverzeichnis (geplant, in Umsetzung, umgesetzt," in err
    assert err.rstrip().endswith("meinten Sie „in Umsetzung“?")


def test_progress_is_recorded_dated_with_its_source(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = _run(capsys, "set-progress", MEASURE, "33,5 %", "--date", "01.02.2025")
    assert status == 0, err
    assert err.startswith("Revision 2: befragung-2020 ab 01.02.2025 33,5 %.")
    measure = _measure(office)
    assert measure.progress == Decimal("33.5")
    last = measure.progress_history[-1]
    assert (last.date, last.value, last.source.reference) == (
        dt.date(2025, 2, 1),
        Decimal("33.5"),
        "Sachstandsbericht",
    )
    status, err = _run(capsys, "set-progress", MEASURE, "keine", "--date", "01.03.2025")
    assert status == 0, err
    assert _measure(office).progress is None


def test_an_earlier_progress_is_refused_with_the_revert_hint(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "set-progress", MEASURE, "40", "--date", "01.03.2025")[0] == 0
    status, err = _run(capsys, "set-progress", MEASURE, "50", "--date", "01.01.2025")
    assert status == 2
    assert "der letzte Fortschritt von „befragung-2020“ gilt ab 01.03.2025" in err
    assert "integrationkonzept revert 2 --reason" in err


def test_unchanged_values_and_contradictions_get_a_notice(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "set-status", MEASURE, "in Umsetzung", "--date", "1.2.25")
    _, err = _run(capsys, "set-status", MEASURE, "in-umsetzung", "--date", "2.2.25")
    assert (
        "Hinweis: „befragung-2020“ hatte den Status „in Umsetzung“ schon (seit 01.02.2025)" in err
    )
    _, err = _run(capsys, "set-progress", MEASURE, "100", "--date", "3.2.25")
    assert "der Fortschritt steht bei 100 %, der Status ist aber „in Umsetzung“" in err
    _, err = _run(capsys, "set-status", MEASURE, "umgesetzt", "--date", "4.2.25")
    assert "Hinweis" not in err
    _, err = _run(capsys, "set-progress", MEASURE, "50", "--date", "5.2.25")
    assert (
        "der Status „umgesetzt“ gilt als abgeschlossen, der Fortschritt steht aber bei 50 %" in err
    )
    _, err = _run(capsys, "set-progress", MEASURE, "50", "--date", "6.2.25")
    assert "stand schon bei 50 % (seit 05.02.2025)" in err
    with Workspace.open(office / "integrationkonzept.sqlite", readonly=True) as workspace:
        assert len(workspace.revisions()) == 7  # every call recorded, notices or not


@pytest.mark.parametrize("bad", ["150", "-1", "viel", "NaN", "1e3"])
def test_a_bad_progress_is_refused(bad: str) -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError, match="ist kein Fortschritt"):
        percent_argument(bad)


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_percent_argument_reads_what_it_is_given(value: Decimal) -> None:
    written = f"{value}".replace(".", ",") + " %"
    assert percent_argument(written) == value


@given(st.sampled_from(DEFAULT_STATUSES), st.sampled_from(["key", "de", "en"]))
def test_status_key_finds_every_name(status: Status, which: str) -> None:
    name = {"key": status.key, "de": status.label_de, "en": status.label_en}[which]
    assert status_key(DEFAULT_STATUSES, name.upper()) == status.key


def test_status_key_refuses_what_is_not_there() -> None:
    with pytest.raises(WorkspaceError, match="steht nicht im Statusverzeichnis"):
        status_key(DEFAULT_STATUSES, "erledigt")
    assert status_key((), "beliebig") == "beliebig"
