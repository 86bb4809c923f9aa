"""One test per hook: a plugin implementing it is used where a user meets it (the command line).

Each test is named ``test_hook_<hook name>``; :func:`test_every_hook_has_a_test` fails when a hook
is added to :mod:`integrationkonzept.hookspecs` without one (as datasette asks of its hooks).
The OParl adapter hook is tested against a sync in ``tests/oparl/test_adapters.py``.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

import pytest

from integrationkonzept import Dataset, Municipality, ParseError, dump, hookspecs
from integrationkonzept.cli import main
from integrationkonzept.contributions import (
    CheckSet,
    Importer,
    InputFile,
    MunicipalityProfile,
    ParsedReference,
    Problem,
    ReferenceScheme,
    RenderOptions,
    ReportFormat,
    Severity,
)
from integrationkonzept.hookspecs import hookimpl
from integrationkonzept.model import BudgetCadence
from integrationkonzept.plugins import Registry, load

TESTS = Path(__file__).parent
TESTSTADT = Municipality("Teststadt", "01001000")
CADENCE = BudgetCadence(2, 2019)


class Teststadt:
    """A plugin implementing every hook but the OParl adapters."""

    @hookimpl
    def integrationkonzept_profiles(self) -> Sequence[MunicipalityProfile]:
        return [MunicipalityProfile("teststadt", TESTSTADT, CADENCE, reference_scheme="ts")]

    @hookimpl
    def integrationkonzept_reference_schemes(self) -> Sequence[ReferenceScheme]:
        return [ReferenceScheme("ts", "Teststadt: TS-<Nummer>", _parse, ("TS-7",))]

    @hookimpl
    def integrationkonzept_importers(self) -> Sequence[Importer]:
        return [Importer("teststadt-liste", "Teststadt: eine Zeile je Vorlage", _read)]

    @hookimpl
    def integrationkonzept_report_formats(self) -> Sequence[ReportFormat]:
        return [ReportFormat("teststadt-zeile", "eine Zeile", ("txt",), _render)]

    @hookimpl
    def integrationkonzept_checks(self) -> Sequence[CheckSet]:
        return [CheckSet("teststadt", "Teststadt-Prüfung", _check, TESTSTADT.ags)]


def _parse(text: str) -> ParsedReference:
    match = re.fullmatch(r"TS-(\d+)", text.strip())
    if match is None:
        raise ParseError(f"„{text}“ ist keine Teststadt-Nummer")
    return ParsedReference(text, f"TS-{int(match[1])}", "Vorlage", (("nummer", match[1]),))


def _read(files: Sequence[InputFile]) -> Dataset:
    return Dataset(Municipality(files[0].text().strip(), TESTSTADT.ags), CADENCE)


def _render(data: Dataset, options: RenderOptions) -> bytes:
    return f"{data.municipality.name} am {options.as_of:%d.%m.%Y}\n".encode()


def _check(data: Dataset) -> Iterable[Problem]:
    yield Problem(Severity.WARNING, "$.municipality", "Teststadt prüft mit", "teststadt")


def _no_entry_points() -> Iterable[metadata.EntryPoint]:
    return ()


@pytest.fixture
def with_teststadt(monkeypatch: pytest.MonkeyPatch) -> Registry:
    """The command line's registry: the built-in plugin and :class:`Teststadt` only."""
    registry = load(extra=[("teststadt", Teststadt())], entry_points=_no_entry_points)
    assert registry.problems == ()
    monkeypatch.setattr("integrationkonzept.plugins.registry", lambda: registry)
    return registry


@pytest.fixture
def teststadt_json(tmp_path: Path) -> Path:
    path = tmp_path / "teststadt.json"
    path.write_text(dump(Dataset(TESTSTADT, CADENCE)), encoding="utf-8")
    return path


def test_hook_integrationkonzept_profiles(with_teststadt: Registry) -> None:
    assert with_teststadt.profile("teststadt").municipality == TESTSTADT
    assert with_teststadt.profile_for(TESTSTADT.ags) == with_teststadt.profile("teststadt")


def test_hook_integrationkonzept_reference_schemes(
    with_teststadt: Registry, capsys: pytest.CaptureFixture[str]
) -> None:
    # By the profile's name, which names the scheme, as a user calls it.
    assert main(["ref", "teststadt", "TS-007", "XY-1"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["reference"] == "TS-7"
    assert err == "Fehler: „XY-1“ ist keine Teststadt-Nummer\n"


def test_hook_integrationkonzept_importers(
    with_teststadt: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "liste.txt"
    source.write_text("Teststadt an der Test\n", encoding="utf-8")
    assert main(["import", "teststadt-liste", str(source)]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["data"]["municipality"]["name"] == "Teststadt an der Test"


def test_hook_integrationkonzept_report_formats(
    with_teststadt: Registry, teststadt_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "teststadt-zeile", str(teststadt_json), "--to", "txt"]
    assert main([*args, "--as-of", "31.12.2024"]) == 0
    assert capsys.readouterr().out == "Teststadt am 31.12.2024\n"


def test_hook_integrationkonzept_checks(
    with_teststadt: Registry, teststadt_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(teststadt_json)]) == 0
    assert "Teststadt prüft mit" in capsys.readouterr().out


def test_hook_integrationkonzept_plugins_listing(
    with_teststadt: Registry, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "teststadt" in out
    assert "Importe: teststadt-liste" in out
    assert "Aktenzeichen-Schemata: ts" in out


def _hooks() -> list[str]:
    return [
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("integrationkonzept_")
    ]


def test_every_hook_has_a_test() -> None:
    tests = "\n".join(path.read_text(encoding="utf-8") for path in TESTS.rglob("test_*.py"))
    missing = [name for name in _hooks() if f"def test_hook_{name}(" not in tests]
    assert _hooks()
    assert missing == []
