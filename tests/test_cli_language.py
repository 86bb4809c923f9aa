"""The command line speaks German: usage, help and argument errors, with a suggestion for a
mistyped command or choice; ``--lang en`` keeps argparse's English. Dates as Germans write them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from integrationkonzept.cli import main
from integrationkonzept.cli.common import date_argument, german_argument_error


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Aufruf: integrationkonzept")
    lines = err.strip().splitlines()
    assert lines[-1].startswith("Fehler: ")
    return lines[-1].removeprefix("Fehler: ")


@pytest.mark.parametrize(
    ("argv", "german"),
    [
        (
            ["reprot"],
            "den Befehl „reprot“ gibt es nicht (möglich: demo, import, einlesen, report, bericht,",
        ),
        (["reprot"], "meinten Sie „report“?"),
        (["report"], "es fehlt: FORMAT"),
        (["init", "--source", "x"], "eine dieser Angaben ist nötig: --from --example"),
        (["init"], "es fehlt: --source"),
        (["report", "html", "x", "--lang", "fr"], "--lang: „fr“ gibt es nicht (möglich: de, en)"),
        (["export", "--lang", "dee"], "meinten Sie „de“?"),
        (["report", "html", "x", "-o"], "-o/--output: erwartet einen Wert"),
        (["report", "html", "x", "--bogus"], "unbekannte Angabe: --bogus (alle Angaben: --help)"),
        (["import", "json", "a.json", "-o", "x", "--into", "y"], "--into geht nicht zusammen"),
        (
            ["complete-report", "b", "--rule", "r", "--period", "zwei", "--source", "s"],
            "--period: „zwei“ ist keine ganze Zahl",
        ),
        (["revert", "abc", "--reason", "x"], "REVISION: „abc“ ist keine Revisionsnummer"),
        (["demo", "--as-of", "31.02.2023"], "--as-of: „31.02.2023“ ist kein gültiges Datum"),
    ],
)
def test_argument_errors_are_german(
    capsys: pytest.CaptureFixture[str], argv: list[str], german: str
) -> None:
    shown = _error(capsys, *argv)
    assert german in shown
    for english in ("argument ", "invalid", "expected", "required", "choose from", "usage"):
        assert english not in shown


def test_help_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["report", "--help"], ["oparl", "sync", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert out.startswith("Aufruf: integrationkonzept")
        assert "diese Hilfe zeigen und beenden" in out
        assert "Optionen:" in out
        for english in ("usage:", "options:", "positional arguments:", "show this help"):
            assert english not in out


def test_english_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "html", "x", "--lang", "en", "--bogus"])
    err = capsys.readouterr().err
    assert err.startswith("usage: integrationkonzept")
    assert "Error: unrecognized arguments: --bogus" in err
    with pytest.raises(SystemExit):
        main(["report", "--lang", "en", "--help"])
    assert "show this help and exit" in capsys.readouterr().out


def test_an_unknown_message_is_kept() -> None:
    assert german_argument_error("something argparse never said") == (
        "something argparse never said"
    )


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("31.12.2025", dt.date(2025, 12, 31)),
        ("1.2.25", dt.date(2025, 2, 1)),
        ("01.02.2025", dt.date(2025, 2, 1)),
        (" 3. Mai 2024 ", dt.date(2024, 5, 3)),
        ("2025-12-31", dt.date(2025, 12, 31)),
    ],
)
def test_dates_as_germans_write_them(written: str, day: dt.date) -> None:
    assert date_argument(written) == day


def test_a_short_date_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--as-of", "1.2.25"]) == 0
    assert "01.02.2025" in capsys.readouterr().out


def test_a_mistyped_report_format_gets_a_suggestion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["report", "htlm", str(tmp_path / "daten.json")]) == 2
    assert capsys.readouterr().err.endswith("; meinten Sie „html“?\n")
