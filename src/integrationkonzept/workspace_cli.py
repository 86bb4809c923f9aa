"""The workspace commands: init, set-status, history, export, complete-report.

Every command works on one workspace file: ``--workspace FILE``, else the environment variable
``INTEGRATIONKONZEPT_WORKSPACE``, else ``integrationkonzept.sqlite`` in the current directory.
Every change records its author (``--author``, else ``INTEGRATIONKONZEPT_AUTHOR``, else the login
name) and its source (``--source``, required).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["COMMANDS", "add_commands", "add_workspace_options", "workspace_path"]

DEFAULT_WORKSPACE = "integrationkonzept.sqlite"


def workspace_path(args: argparse.Namespace) -> Path:
    """The workspace the command works on."""
    given = args.workspace or os.environ.get("INTEGRATIONKONZEPT_WORKSPACE") or DEFAULT_WORKSPACE
    return Path(given)


def _author(args: argparse.Namespace) -> str:
    if args.author:
        return str(args.author)
    from_env = os.environ.get("INTEGRATIONKONZEPT_AUTHOR")
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unbekannt"


def add_workspace_options(command: argparse.ArgumentParser, *, changes: bool) -> None:
    """``--workspace``, and for commands that change something ``--author`` and ``--source``."""
    command.add_argument(
        "-w",
        "--workspace",
        metavar="DATEI",
        help=f"Arbeitsbereich (Standard: $INTEGRATIONKONZEPT_WORKSPACE oder {DEFAULT_WORKSPACE})",
    )
    if changes:
        command.add_argument("--author", metavar="NAME", help="wer die Änderung vornimmt")
        command.add_argument(
            "--source", metavar="QUELLE", required=True, help="woher die Angabe stammt"
        )


def add_commands(commands: Any, date: Callable[[str], dt.date]) -> None:
    """Add the workspace commands to the ``integrationkonzept`` parser's sub-commands."""
    init = commands.add_parser(
        "init",
        help="einen Arbeitsbereich anlegen",
        description="Legt einen Arbeitsbereich (SQLite-Datei mit vollständiger Historie) an, "
        "aus einem nativen JSON-Datensatz oder einem Beispiel.",
    )
    origin = init.add_mutually_exclusive_group(required=True)
    origin.add_argument("--from", dest="from_file", type=Path, metavar="DATEN.json")
    origin.add_argument("--example", choices=("leipzig", "magdeburg"))
    add_workspace_options(init, changes=True)

    status = commands.add_parser(
        "set-status",
        help="den Status einer Maßnahme ändern",
        description="Hält fest, dass eine Maßnahme ab einem Tag einen neuen Status hat.",
    )
    status.add_argument("measure", metavar="MASSNAHME")
    status.add_argument("status", metavar="STATUS")
    status.add_argument("--date", type=date, metavar="DATUM", help="gilt ab (Standard: heute)")
    status.add_argument("--note", default="", metavar="TEXT")
    add_workspace_options(status, changes=True)

    history = commands.add_parser(
        "history",
        help="den Statusverlauf einer Maßnahme zeigen",
        description="Zeigt, welchen Status eine Maßnahme wann hatte, mit Quelle und Erfassung.",
    )
    history.add_argument("measure", metavar="MASSNAHME")
    add_workspace_options(history, changes=False)

    export = commands.add_parser(
        "export",
        help="den Arbeitsbereich als JSON ausgeben",
        description="Schreibt den Stand des Arbeitsbereichs (oder den Stand zu einem Datum) "
        "als natives JSON.",
    )
    export.add_argument("-o", "--output", type=Path, metavar="AUSGABE.json")
    export.add_argument("--as-of", type=date, metavar="DATUM", help="Stand zu diesem Tag")
    add_workspace_options(export, changes=False)

    complete = commands.add_parser(
        "complete-report",
        help="einen Bericht abschließen und den Stand der Maßnahmen einfrieren",
        description="Hält einen gelieferten Bericht fest und friert den Stand jeder Maßnahme ein.",
    )
    complete.add_argument("report", metavar="BERICHT")
    complete.add_argument("--rule", required=True, metavar="REGEL")
    complete.add_argument("--period", required=True, type=int, metavar="JAHR")
    complete.add_argument("--delivered", type=date, metavar="DATUM", help="Standard: heute")
    complete.add_argument("--title", default="", metavar="TITEL")
    complete.add_argument("--paper", metavar="VORLAGE")
    add_workspace_options(complete, changes=True)


def _init(args: argparse.Namespace) -> int:
    from .examples import example
    from .model.dataset import Dataset
    from .serialize import load
    from .workspace import Workspace

    if args.example:
        data = example(args.example)
    else:
        data = load(Dataset, _read(args.from_file), name=str(args.from_file))
    path = workspace_path(args)
    Workspace.create(path, data, author=_author(args), source=args.source).close()
    print(f"Arbeitsbereich {path} angelegt.", file=sys.stderr)
    return 0


def _read(path: Path) -> bytes:
    from .workspace import WorkspaceError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkspaceError(f"{path}: kann nicht gelesen werden ({exc.strerror or exc})") from None


def _set_status(args: argparse.Namespace) -> int:
    from .model.source import Source, SourceKind
    from .workspace import Workspace

    day = args.date or dt.date.today()
    source = Source(SourceKind.DOCUMENT, args.source, date=None)
    with Workspace.open(workspace_path(args)) as workspace:
        revision = workspace.set_status(
            args.measure, args.status, day=day, author=_author(args), source=source, note=args.note
        )
    print(
        f"Revision {revision}: {args.measure} ab {day:%d.%m.%Y} „{args.status}“.", file=sys.stderr
    )
    return 0


def _history(args: argparse.Namespace) -> int:
    from .workspace import Workspace

    with Workspace.open(workspace_path(args)) as workspace:
        entries = workspace.history(args.measure)
    print(f"Statusverlauf {args.measure}")
    if not entries:
        print("  (noch kein Status erfasst)")
    for entry in entries:
        change, revision = entry.change, entry.revision
        recorded = revision.recorded.astimezone().strftime("%d.%m.%Y %H:%M")
        source = change.source.label() if change.source else "–"
        note = f" – {change.note}" if change.note else ""
        print(
            f"  ab {change.date:%d.%m.%Y}  {change.status}  (Quelle: {source}; "
            f"erfasst {recorded} von {revision.author}, Revision {revision.id}){note}"
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    from .cli import write_output
    from .serialize import dump
    from .workspace import Workspace

    with Workspace.open(workspace_path(args)) as workspace:
        data = workspace.state(args.as_of)
    write_output(args.output, (dump(data, pretty=True) + "\n").encode())
    return 0


def _complete_report(args: argparse.Namespace) -> int:
    from .model.review import Report
    from .workspace import Workspace, WorkspaceError

    try:
        report = Report(
            args.report,
            args.rule,
            args.period,
            args.delivered or dt.date.today(),
            title=args.title,
            paper=args.paper,
        )
    except (ValueError, TypeError) as exc:
        raise WorkspaceError(f"Bericht „{args.report}“ ist so nicht möglich: {exc}") from None
    with Workspace.open(workspace_path(args)) as workspace:
        revision = workspace.complete_report(report, author=_author(args), source=args.source)
    print(f"Revision {revision}: Bericht {args.report} abgeschlossen.", file=sys.stderr)
    return 0


def import_into(args: argparse.Namespace, data: Any) -> int:
    """Save imported ``data`` into the workspace named by ``--into``."""
    from .workspace import Workspace, WorkspaceError

    if not args.source:
        raise WorkspaceError("mit --into braucht der Import eine Quelle (--source)")
    with Workspace.open(args.into) as workspace:
        revision = workspace.save(
            data, author=_author(args), source=args.source, message="importiert"
        )
    what = "keine Änderung" if revision is None else f"Revision {revision}"
    print(f"{args.into}: {what}.", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _init,
    "set-status": _set_status,
    "history": _history,
    "export": _export,
    "complete-report": _complete_report,
}
