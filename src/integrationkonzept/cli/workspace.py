"""The workspace commands: init, set-status, history, revisions, export, complete-report, revert;
and what ``import … --into`` and ``report`` need of a workspace (the merge, the states).

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
from decimal import Decimal
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import attrs

from ..files import read_input
from ..safe import strip_controls
from .common import (
    date_argument,
    local_time,
    moment_argument,
    note_cut_cells,
    refuse_overwriting,
    revision_number,
    write_output,
)
from .conflicts import describe_conflicts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..contributions import InputFile
    from ..model.concept import Measure, Status
    from ..model.dataset import Dataset

__all__ = [
    "LoadedState",
    "add_state_options",
    "add_workspace_options",
    "base_input",
    "import_into",
    "load_state",
    "register",
    "workspace_path",
]

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


def _dated_change_options(command: argparse.ArgumentParser) -> None:
    """``--date`` and ``--note`` of a change that holds from a day on, and the workspace, author
    and source options."""
    command.add_argument(
        "--date", type=date_argument, metavar="DATUM", help="gilt ab (Standard: heute)"
    )
    command.add_argument("--note", default="", metavar="TEXT")
    add_workspace_options(command, changes=True)


def register(commands: Any) -> None:
    """Add the workspace commands to the ``integrationkonzept`` parser's sub-commands."""
    init = commands.add_parser(
        "init",
        aliases=["anlegen"],
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
        aliases=["status"],
        help="den Status einer Maßnahme ändern",
        description="Hält fest, dass eine Maßnahme ab einem Tag einen neuen Status hat.",
    )
    status.add_argument("measure", metavar="MASSNAHME")
    status.add_argument(
        "status", metavar="STATUS", help="Schlüssel oder Bezeichnung (z. B. „in Umsetzung“)"
    )
    _dated_change_options(status)

    progress = commands.add_parser(
        "set-progress",
        aliases=["fortschritt"],
        help="den Fortschritt einer Maßnahme ändern",
        description="Hält fest, dass eine Maßnahme ab einem Tag bei einem Fortschritt (0–100 %) "
        "steht; „keine“ für keine Angabe.",
    )
    progress.add_argument("measure", metavar="MASSNAHME")
    progress.add_argument("value", type=percent_argument, metavar="PROZENT")
    _dated_change_options(progress)

    history = commands.add_parser(
        "history",
        aliases=["verlauf"],
        help="den Statusverlauf einer Maßnahme zeigen",
        description="Zeigt, welchen Status eine Maßnahme wann hatte, mit Quelle und Erfassung; "
        "berichtigte Einträge bleiben sichtbar und sind als berichtigt markiert.",
    )
    history.add_argument("measure", metavar="MASSNAHME")
    history.add_argument("--edition", metavar="FASSUNG", help="Standard: die geltende Fassung")
    add_workspace_options(history, changes=False)

    export = commands.add_parser(
        "export",
        aliases=["ausgeben"],
        help="den Arbeitsbereich als JSON, XLSX oder CSV ausgeben",
        description="Schreibt den Stand des Arbeitsbereichs als natives JSON, als Arbeitsmappe "
        "(-o DATEI.xlsx, mit der Revision, gegen die ein Wiedereinlesen abgeglichen wird) oder "
        "als CSV-Maßnahmenliste (-o DATEI.csv).",
    )
    export.add_argument("-o", "--output", type=Path, metavar="AUSGABE")
    add_state_options(export)
    export.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache (XLSX, CSV)")
    add_workspace_options(export, changes=False)

    complete = commands.add_parser(
        "complete-report",
        aliases=["bericht-abschliessen"],
        help="einen Bericht abschließen und den Stand der Maßnahmen einfrieren",
        description="Hält einen gelieferten Bericht fest und friert den Stand jeder Maßnahme ein.",
    )
    complete.add_argument("report", metavar="BERICHT")
    complete.add_argument("--rule", required=True, metavar="REGEL")
    complete.add_argument("--period", required=True, type=int, metavar="JAHR")
    complete.add_argument(
        "--delivered", type=date_argument, metavar="DATUM", help="Standard: heute"
    )
    complete.add_argument("--title", default="", metavar="TITEL")
    complete.add_argument("--paper", metavar="VORLAGE")
    add_workspace_options(complete, changes=True)

    revert = commands.add_parser(
        "revert",
        aliases=["zuruecknehmen"],
        help="eine falsche Änderung berichtigen (Revision zurücknehmen)",
        description="Nimmt eine Revision mit einer neuen Revision zurück: jedes Objekt, das sie "
        "geändert hat, gilt wieder wie vorher; ein mit ihr abgeschlossener Bericht ist "
        "zurückgezogen. Die berichtigte Revision bleibt im Verlauf sichtbar, mit Grund.",
    )
    revert.add_argument("revision", type=revision_number, metavar="REVISION")
    revert.add_argument("--reason", required=True, metavar="GRUND", help="warum berichtigt wird")
    revert.add_argument("--author", metavar="NAME", help="wer berichtigt")
    revert.add_argument("--source", metavar="QUELLE", help="Beleg für die Berichtigung")
    add_workspace_options(revert, changes=False)

    revisions = commands.add_parser(
        "revisions",
        aliases=["revisionen"],
        help="die Revisionen des Arbeitsbereichs zeigen",
        description="Zeigt jede Revision mit Zeit, Autor, Quelle und Anlass; berichtigte "
        "Revisionen sind markiert.",
    )
    add_workspace_options(revisions, changes=False)
    for command, run in (
        (init, _init),
        (status, _set_status),
        (progress, _set_progress),
        (history, _history),
        (export, _export),
        (complete, _complete_report),
        (revert, _revert),
        (revisions, _revisions),
    ):
        command.set_defaults(run=run)


def add_state_options(command: argparse.ArgumentParser) -> None:
    """``--as-of`` (valid time), ``--recorded-as-of`` (record time) and ``--report``."""
    command.add_argument(
        "--as-of",
        type=date_argument,
        metavar="DATUM",
        help="Stand der Dinge an diesem Tag: Status und Kosten, die an dem Tag galten",
    )
    command.add_argument(
        "--recorded-as-of",
        type=moment_argument,
        metavar="ZEITPUNKT",
        help="was der Arbeitsbereich zu diesem Zeitpunkt enthielt (TT.MM.JJJJ [HH:MM])",
    )
    command.add_argument(
        "--report",
        metavar="BERICHT",
        help="der eingefrorene Stand eines abgeschlossenen Berichts",
    )


def _init(args: argparse.Namespace) -> int:
    from ..examples import example
    from ..model.dataset import Dataset
    from ..serialize import load
    from ..workspace import Workspace

    if args.example:
        data = example(args.example)
    else:
        data = load(Dataset, read_input(args.from_file), name=str(args.from_file))
    path = workspace_path(args)
    Workspace.create(path, data, author=_author(args), source=args.source).close()
    print(f"Arbeitsbereich {path} angelegt.", file=sys.stderr)
    return 0


def _set_status(args: argparse.Namespace) -> int:
    from ..model.source import Source, SourceKind
    from ..workspace import Workspace, status_key

    day = args.date or dt.date.today()
    source = Source(SourceKind.DOCUMENT, args.source, date=None)
    with Workspace.open(workspace_path(args)) as workspace:
        before = workspace.measure(args.measure)
        statuses = workspace.statuses()
        key = status_key(statuses, args.status)
        revision = workspace.set_status(
            args.measure, key, day=day, author=_author(args), source=source, note=args.note
        )
        after = workspace.measure(args.measure)
    label = _label(statuses, key)
    done = f"Revision {revision}: {args.measure} ab {day:%d.%m.%Y} „{label}“."
    print(strip_controls(done), file=sys.stderr)
    if before.status == key and before.status_history:
        since = before.status_history[-1].date
        _notice(f"„{args.measure}“ hatte den Status „{label}“ schon (seit {since:%d.%m.%Y})")
    _contradictions(args.measure, after, statuses)
    return 0


def _set_progress(args: argparse.Namespace) -> int:
    from ..model.source import Source, SourceKind
    from ..workspace import Workspace

    day = args.date or dt.date.today()
    source = Source(SourceKind.DOCUMENT, args.source, date=None)
    with Workspace.open(workspace_path(args)) as workspace:
        before = workspace.measure(args.measure)
        revision = workspace.set_progress(
            args.measure, args.value, day=day, author=_author(args), source=source, note=args.note
        )
        after = workspace.measure(args.measure)
        statuses = workspace.statuses()
    shown = _percent(args.value)
    done = f"Revision {revision}: {args.measure} ab {day:%d.%m.%Y} {shown}."
    print(strip_controls(done), file=sys.stderr)
    if before.progress == args.value and before.progress_history:
        since = before.progress_history[-1].date
        _notice(f"„{args.measure}“ stand schon bei {shown} (seit {since:%d.%m.%Y})")
    _contradictions(args.measure, after, statuses)
    return 0


def percent_argument(value: str) -> Decimal | None:
    """A progress figure as an argument: ``50``, ``50 %``, ``33,5``; ``keine`` for no figure."""
    text = value.strip().removesuffix("%").strip().replace(",", ".")
    if text.casefold() in ("keine", "none", "-", "–"):
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(
            f"„{value}“ ist kein Fortschritt (eine Zahl von 0 bis 100, oder „keine“)"
        )
    return number


def _percent(value: Decimal | None) -> str:
    return "„keine Angabe“" if value is None else f"{value} %".replace(".", ",")


def _label(statuses: Sequence[Status], key: str) -> str:
    return next((status.label_de for status in statuses if status.key == key), key)


def _notice(message: str) -> None:
    print(strip_controls(f"Hinweis: {message}"), file=sys.stderr)


def _contradictions(measure_id: str, measure: Measure, statuses: Sequence[Status]) -> None:
    """Say so when the status and the progress of a measure contradict each other (done at
    50 %, or at 100 % but not done): both are kept, as recorded."""
    status = next((s for s in statuses if s.key == measure.status), None)
    progress = measure.progress
    if status is None or progress is None:
        return
    if status.finished and progress < 100:
        _notice(
            f"„{measure_id}“: der Status „{status.label_de}“ gilt als abgeschlossen, der "
            f"Fortschritt steht aber bei {_percent(progress)}"
        )
    elif not status.finished and progress == 100:
        _notice(
            f"„{measure_id}“: der Fortschritt steht bei 100 %, der Status ist aber "
            f"„{status.label_de}“ (nicht abgeschlossen)"
        )


def _history(args: argparse.Namespace) -> int:
    from ..safe import strip_controls
    from ..workspace import Workspace

    with Workspace.open(workspace_path(args), readonly=True) as workspace:
        entries = workspace.history(args.measure, edition=args.edition)
    lines = [f"Statusverlauf {args.measure}"]
    if not entries:
        lines.append("  (noch kein Status erfasst)")
    for entry in entries:
        change, revision = entry.change, entry.revision
        source = change.source.label() if change.source else "–"
        note = f" – {change.note}" if change.note else ""
        lines.append(
            f"  ab {change.date:%d.%m.%Y}  {change.status}  (Quelle: {source}; "
            f"erfasst {local_time(revision.recorded)} von {revision.author}, "
            f"Revision {revision.id}){note}"
        )
        if entry.correction is not None:
            by = entry.correction.by
            lines.append(
                f"    BERICHTIGT mit Revision {by.id} am {local_time(by.recorded)} "
                f"von {by.author}: {entry.correction.reason}"
            )
        elif entry.superseded_by is not None:
            by = entry.superseded_by
            lines.append(
                f"    nicht mehr gültig seit Revision {by.id} ({local_time(by.recorded)}, "
                f"{by.author}: {by.message})"
            )
    # Notes, sources, authors and reasons are text from the data: no terminal controls.
    for line in lines:
        print(strip_controls(line))
    return 0


def _revisions(args: argparse.Namespace) -> int:
    from ..safe import strip_controls
    from ..workspace import Workspace

    with Workspace.open(workspace_path(args), readonly=True) as workspace:
        revisions = workspace.revisions()
        corrections = workspace.corrections()
    lines = []
    for revision in revisions:
        lines.append(
            f"Revision {revision.id}  {local_time(revision.recorded)}  {revision.author}  "
            f"(Quelle: {revision.source})  {revision.message}"
        )
        correction = corrections.get(revision.id)
        if correction is not None:
            lines.append(
                f"    BERICHTIGT mit Revision {correction.by.id} von {correction.by.author}: "
                f"{correction.reason}"
            )
    # Author, source and reason are typed by people: nothing in them may act on the terminal.
    print(strip_controls("\n".join(lines)))
    return 0


@attrs.frozen
class LoadedState:
    """A state taken from a workspace: the data set, the day it stands for (if any), and, for
    the current state, the base an edited copy is merged against (``"<id>@<revision>"``)."""

    data: Dataset
    day: dt.date | None
    base: str | None


def load_state(
    path: Path,
    *,
    as_of: dt.date | None,
    recorded: dt.datetime | None,
    report: str | None,
) -> LoadedState:
    """The data set a command asks for from the workspace at ``path``, opened read-only and read
    in one transaction: the frozen state of ``report`` (as of its delivery), or what was recorded
    by ``recorded``; then, with ``as_of``, the state of the world on that day."""
    from ..calc.state import state_on
    from ..workspace import Workspace, WorkspaceError

    if report is not None and (recorded is not None or as_of is not None):
        raise WorkspaceError(
            "--report zeigt den eingefrorenen Stand zum Tag der Abgabe; --as-of und "
            "--recorded-as-of gehen nicht zusammen damit"
        )
    with Workspace.open(path, readonly=True) as workspace, workspace.reading():
        if report is not None:
            data, frozen = workspace.report_state(report)
            return LoadedState(state_on(data, frozen.delivered), frozen.delivered, None)
        data = workspace.state(recorded)
        # Only the current state is a base to edit and merge back: a past or filtered one lacks
        # what came later, and merging it back would look like taking that away.
        current = recorded is None and as_of is None
        base = f"{workspace.id}@{workspace.last_revision()}" if current else None
    if as_of is not None:
        data = state_on(data, as_of)
    return LoadedState(data, as_of, base)


def _export(args: argparse.Namespace) -> int:
    from ..contributions import RenderOptions
    from ..plugins import registry
    from ..serialize import dump_file

    path = workspace_path(args)
    refuse_overwriting(args.output, path)
    state = load_state(path, as_of=args.as_of, recorded=args.recorded_as_of, report=args.report)
    kind = args.output.suffix.lower().lstrip(".") if args.output is not None else "json"
    if kind in ("xlsx", "csv"):
        options = RenderOptions(kind, args.lang, state.day or dt.date.today(), base=state.base)
        content = registry().report_format(kind).render(state.data, options)
    else:
        content = dump_file(state.data)
    write_output(args.output, content)
    note_cut_cells(state.data, kind, args.lang)
    if state.base is None and args.output is not None and kind in ("xlsx", "csv", "json"):
        print(
            "Hinweis: ein vergangener oder gefilterter Stand ist keine Grundlage zum Bearbeiten; "
            "eingelesen würden aus dieser Datei nur neue Einträge.",
            file=sys.stderr,
        )
    if state.base is not None and args.output is not None:
        revision = state.base.rpartition("@")[2]
        hint = (
            "die Arbeitsmappe trägt sie"
            if kind == "xlsx"
            else f"beim Einlesen mit --into: --base {revision}"
        )
        print(f"Stand: Revision {revision} ({hint}).", file=sys.stderr)
    return 0


def _complete_report(args: argparse.Namespace) -> int:
    from ..model.review import Report
    from ..workspace import Workspace, WorkspaceError

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


def _revert(args: argparse.Namespace) -> int:
    from ..workspace import Workspace

    with Workspace.open(workspace_path(args)) as workspace:
        revision = workspace.revert(
            args.revision, author=_author(args), reason=args.reason, source=args.source or ""
        )
    print(f"Revision {revision}: Revision {args.revision} berichtigt.", file=sys.stderr)
    return 0


def base_input(args: argparse.Namespace) -> InputFile | None:
    """With ``--into``: the data set an importer applies the rows of a CSV file to (which cannot
    carry its base): the workspace at ``--base REVISION``, else as it is now (then the file may
    only add, see :func:`import_into`)."""
    from ..contributions import InputFile
    from ..serialize import dump
    from ..workspace import Workspace

    if args.into is None:
        return None
    with Workspace.open(args.into, readonly=True) as workspace:
        data = workspace.at_revision(args.base or workspace.last_revision())
    # Named as JSON, since importers tell a base data set by its name.
    at = f"Revision-{args.base}" if args.base is not None else "aktuell"
    return InputFile(f"{args.into}@{at}.json", dump(data).encode())


def import_into(
    args: argparse.Namespace,
    data: Dataset,
    files: Sequence[InputFile],
) -> int:
    """Merge imported ``data`` into the workspace named by ``--into``: against the base the
    workbook carries, or the revision given with ``--base``; without one, only additions."""
    from ..importers.catalogue import workbook_base
    from ..workspace import MergeConflictError, Workspace, WorkspaceError

    if not args.source:
        raise WorkspaceError("mit --into braucht der Import eine Quelle (--source)")
    base: Dataset | None = None
    base_revision: int | None = args.base
    with Workspace.open(args.into) as workspace:
        for file in files:
            carried = workbook_base(file)
            if carried is None:
                continue
            if base is not None:
                raise WorkspaceError(
                    f"{file.name}: nur eine Arbeitsmappe je Import in einen Arbeitsbereich"
                )
            hidden, token = carried
            base = hidden  # what the sheet showed: cells equal to it are no changes
            owner, _at, revision = (token or "").rpartition("@")
            if token is None or owner != workspace.id:
                continue  # not exported from this workspace: no revision to merge against
            if not revision.isdigit():
                raise WorkspaceError(
                    f"{file.name}: die verborgene Angabe, bei welcher Revision die Arbeitsmappe "
                    f"exportiert wurde, ist beschädigt („{token}“)"
                )
            if base_revision is not None and base_revision != int(revision):
                raise WorkspaceError(
                    f"{file.name}: wurde bei Revision {revision} exportiert, --base sagt "
                    f"{base_revision}"
                )
            base_revision = int(revision)
        shown = base
        if shown is None and base_revision is not None:
            shown = workspace.at_revision(base_revision)
        data = _with_source(data, shown, files, args.source)
        try:
            revision_id = workspace.merge(
                data,
                base=base,
                base_revision=base_revision,
                author=_author(args),
                source=args.source,
                message=f"importiert: {', '.join(str(path) for path in args.files)}",
            )
        except MergeConflictError as exc:
            raise WorkspaceError(
                "\n".join([str(exc), *describe_conflicts(exc, data, base_revision, files)])
            ) from None
    what = "keine Änderung" if revision_id is None else f"Revision {revision_id}"
    print(f"{args.into}: {what}.", file=sys.stderr)
    return 0


def _with_source(
    data: Dataset, shown: Dataset | None, files: Sequence[InputFile], given: str
) -> Dataset:
    """``data`` with the values an importer attributed to a file (a changed status, progress
    figure, cost or budget amount) attributed to the source the user gave, the file named in the
    locator. Entries the file showed as they were (those of ``shown``) keep their source."""
    from ..model.source import Source, SourceKind

    names = {PurePath(f.name).name for f in files}
    known: set[object] = set()
    if shown is not None and shown.concept is not None:
        for edition in shown.concept.editions:
            for m in edition.measures:
                known.update(m.status_history, m.costs, m.progress_history)

    def named(entry: Any) -> Any:
        source: Source | None = entry.source
        if entry in known or source is None or source.kind is not SourceKind.DATA:
            return entry
        if source.reference not in names:
            return entry
        locator = f"{source.reference}, {source.locator}" if source.locator else source.reference
        return attrs.evolve(entry, source=attrs.evolve(source, reference=given, locator=locator))

    def measure(m: Measure) -> Measure:
        history = tuple(named(c) for c in m.status_history)
        costs = tuple(named(c) for c in m.costs)
        progress = tuple(named(c) for c in m.progress_history)
        if (history, costs, progress) == (m.status_history, m.costs, m.progress_history):
            return m
        return attrs.evolve(m, status_history=history, costs=costs, progress_history=progress)

    known.update(shown.budget_lines if shown is not None else ())
    lines = tuple(named(line) for line in data.budget_lines)
    if data.concept is None:
        return attrs.evolve(data, budget_lines=lines)
    editions = tuple(
        attrs.evolve(e, measures=tuple(measure(m) for m in e.measures))
        for e in data.concept.editions
    )
    concept = attrs.evolve(data.concept, editions=editions)
    return attrs.evolve(data, concept=concept, budget_lines=lines)
