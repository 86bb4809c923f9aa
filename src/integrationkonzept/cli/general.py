"""The general commands: demo, import, report, ref, check, plugins.

Start-up matters (the command is run from scripts), so heavy modules are imported inside the
functions that need them. Files are written only when everything succeeded, and atomically, so a
failed run leaves no half-written output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import IntegrationskonzeptError
from ..files import read_input
from . import workspace
from .common import (
    UserError,
    date_argument,
    is_sqlite,
    load_dataset,
    note_cut_cells,
    print_error,
    refuse_overwriting,
    revision_number,
    write_output,
)

if TYPE_CHECKING:
    from ..model.dataset import Dataset
    from ..plugins import Registry

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add the general commands to the ``integrationkonzept`` parser's sub-commands."""

    def language_and_date(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--as-of",
            type=date_argument,
            default=None,
            metavar="DATUM",
            help="Stichtag für fällige Berichte (Standard: heute)",
        )
        command.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache")

    demo = commands.add_parser(
        "demo",
        help="die Beispieldaten (Leipzig, Magdeburg) zeigen",
        description="Zeigt Finanzierung, Berichtspflichten und Meilensteine der Beispieldaten "
        "und was die installierten Erweiterungen beitragen.",
    )
    language_and_date(demo)
    demo.set_defaults(run=_demo)

    imp = commands.add_parser(
        "import",
        aliases=["einlesen"],
        help="Dokumente mit einem Import einlesen und als JSON schreiben",
        description="Liest Dateien mit dem genannten Import und schreibt das Ergebnis als "
        "natives JSON (nach -o oder auf die Standardausgabe).",
    )
    imp.add_argument("importer", metavar="IMPORT")
    imp.add_argument("files", nargs="+", type=Path, metavar="DATEI")
    target = imp.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, metavar="AUSGABE.json")
    target.add_argument(
        "--into", type=Path, metavar="ARBEITSBEREICH", help="in einen Arbeitsbereich übernehmen"
    )
    imp.add_argument("--author", metavar="NAME", help="mit --into: wer importiert")
    imp.add_argument("--source", metavar="QUELLE", help="mit --into: woher die Daten stammen")
    imp.add_argument(
        "--base",
        type=revision_number,
        metavar="REVISION",
        help="mit --into: die Revision, bei der die Datei exportiert wurde (für CSV und JSON; "
        "eine exportierte Arbeitsmappe trägt sie selbst)",
    )
    imp.add_argument(
        "--lang", choices=("de", "en"), default="de", help="Sprache der Fehlermeldungen"
    )
    imp.set_defaults(run=_import)

    report = commands.add_parser(
        "report",
        aliases=["bericht"],
        help="einen Bericht aus einem JSON-Datensatz oder einem Arbeitsbereich erzeugen",
        description="Erzeugt einen Bericht im genannten Format aus einem nativen JSON-Datensatz "
        "oder einem Arbeitsbereich (ohne EINGABE: der Arbeitsbereich von -w, "
        "$INTEGRATIONKONZEPT_WORKSPACE oder integrationkonzept.sqlite im aktuellen Verzeichnis). "
        "--as-of DATUM zeigt den Stand an diesem Tag (Status und Kosten, die galten); aus einem "
        "Arbeitsbereich auch --recorded-as-of (was erfasst war) und --report BERICHT (der "
        "eingefrorene Stand eines abgeschlossenen Berichts).",
    )
    report.add_argument("format", metavar="FORMAT")
    report.add_argument("input", type=Path, nargs="?", metavar="EINGABE")
    report.add_argument(
        "-w",
        "--workspace",
        metavar="DATEI",
        help="Arbeitsbereich, wenn keine EINGABE genannt ist",
    )
    report.add_argument("-o", "--output", type=Path, metavar="AUSGABE")
    report.add_argument("--to", metavar="ART", help="Ausgabeart (z. B. md, docx); sonst aus -o")
    # Which state to report on: valid time, record time, or a completed report's snapshot.
    workspace.add_state_options(report)
    report.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache")
    report.set_defaults(run=_report)

    ref = commands.add_parser(
        "ref",
        aliases=["vorlage"],
        help="Aktenzeichen von Ratsvorlagen zerlegen",
        description="Zerlegt Vorlagennummern nach dem Schema einer Stadt; eine JSON-Zeile je "
        "Nummer. Ungültige Nummern: Meldung auf stderr und Exit-Status 1.",
    )
    ref.add_argument("city", metavar="STADT")
    ref.add_argument("references", nargs="+", metavar="NUMMER")
    ref.set_defaults(run=_ref)

    check = commands.add_parser(
        "check",
        aliases=["pruefen"],
        help="einen JSON-Datensatz prüfen",
        description="Führt die Prüfungen des Kerns und der Erweiterung der Stadt aus. "
        "Exit-Status 1, wenn Fehler gefunden wurden.",
    )
    check.add_argument("input", type=Path, metavar="EINGABE.json")
    check.set_defaults(run=_check)

    plugins = commands.add_parser(
        "plugins",
        aliases=["erweiterungen"],
        help="installierte Erweiterungen zeigen",
        description="Zeigt Erweiterungen mit Version, Beiträgen und Problemen.",
    )
    plugins.set_defaults(run=_plugins)


def _report_input(args: argparse.Namespace) -> Path:
    """What ``report`` reads: EINGABE, else the workspace of ``-w``, the environment or the
    current directory."""
    if args.input is not None and args.workspace is not None:
        raise UserError("entweder EINGABE oder -w ARBEITSBEREICH angeben, nicht beides")
    if args.input is not None:
        return Path(args.input)
    path = workspace.workspace_path(args)
    if not path.exists():
        raise UserError(
            f"{path}: kein Arbeitsbereich; eine EINGABE (JSON-Datensatz oder Arbeitsbereich) "
            "oder -w ARBEITSBEREICH angeben"
        )
    return path


def _report_data(args: argparse.Namespace) -> tuple[Dataset, dt.date | None, str | None]:
    """The data set to report on, its day, and its base: from a workspace (any state it can
    answer; the current state has a base, so an XLSX report can be edited and merged back) or a
    JSON file (with ``--as-of``, the state on that day)."""
    from ..calc.state import state_on

    if is_sqlite(args.input):
        state = workspace.load_state(
            args.input, as_of=args.as_of, recorded=args.recorded_as_of, report=args.report
        )
        return state.data, state.day, state.base
    if args.recorded_as_of is not None or args.report is not None:
        raise UserError(
            f"{args.input}: --recorded-as-of und --report gehen nur mit einem Arbeitsbereich"
        )
    data = load_dataset(args.input)
    if args.as_of is not None:
        data = state_on(data, args.as_of)
    return data, args.as_of, None


def _demo(args: argparse.Namespace) -> int:
    from ..examples import EXAMPLES, example
    from ..plugins import registry
    from ..reports.text import full_text

    as_of: dt.date = args.as_of or dt.date.today()
    rule = "=" * 78
    blocks = [rule + "\n" + full_text(example(name), as_of, args.lang) for name in EXAMPLES]
    print("\n".join(blocks), end="")
    print(rule)
    print(_plugins_text(registry(), args.lang), end="")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..contributions import InputFile
    from ..plugins import registry
    from ..serialize import dump_file

    importer = registry().importer(args.importer)
    refuse_overwriting(args.output, *args.files)
    if args.base is not None and args.into is None:
        raise UserError("--base gilt nur mit --into ARBEITSBEREICH")
    files = [InputFile(str(path), read_input(path)) for path in args.files]
    # The rows of a CSV file apply to the workspace (at --base, else as it is now); a JSON file
    # or a workbook carries the data set it was made from.
    carried = (f.name.lower().endswith(".json") or f.data.startswith(b"PK\x03\x04") for f in files)
    if not any(carried):
        base = workspace.base_input(args)
        if base is not None:
            files.insert(0, base)
    try:
        data = importer.read(files)
    except IntegrationskonzeptError as exc:
        # An importer may say what went wrong in the user's language (e.g. every bad cell).
        localized = getattr(exc, "localized", None)
        if args.lang != "de" and callable(localized):
            raise UserError(str(localized(args.lang))) from None
        raise
    if args.into is not None:
        return workspace.import_into(args, data, files)
    write_output(args.output, dump_file(data))
    if args.output is not None:
        print(f"{args.output} geschrieben.", file=sys.stderr)
    return 0


#: Output kinds that cannot go to a terminal.
_BINARY_KINDS = frozenset({"docx", "xlsx", "pdf", "png"})


def _report(args: argparse.Namespace) -> int:
    from ..contributions import RenderOptions
    from ..plugins import registry

    report_format = registry().report_format(args.format)
    kind = args.to or (args.output.suffix.lstrip(".").lower() if args.output else None)
    if not kind or kind not in report_format.kinds:
        if args.to or (args.output and args.output.suffix):
            wanted = args.to or args.output.suffix
            raise UserError(
                f"das Format „{report_format.name}“ kann „{wanted}“ nicht erzeugen "
                f"(möglich: {', '.join(report_format.kinds)})"
            )
        kind = report_format.kinds[0]
    if kind in _BINARY_KINDS and args.output is None:
        raise UserError(f"„{kind}“ ist eine Binärdatei: bitte mit -o DATEI angeben")
    args.input = _report_input(args)
    refuse_overwriting(args.output, args.input)
    data, day, base = _report_data(args)
    options = RenderOptions(kind, args.lang, day or dt.date.today(), base=base)
    write_output(args.output, report_format.render(data, options))
    note_cut_cells(data, kind, args.lang)
    if args.output is not None:
        print(f"{args.output} geschrieben.", file=sys.stderr)
    return 0


def _ref(args: argparse.Namespace) -> int:
    import orjson

    from ..errors import ParseError
    from ..plugins import PluginError, registry
    from ..serialize import escape_controls

    plugins = registry()
    try:
        profile = plugins.profile(args.city)
        scheme_name = profile.reference_scheme or args.city
    except PluginError:
        scheme_name = args.city
    scheme = plugins.reference_scheme(scheme_name)
    status = 0
    for text in args.references:
        try:
            parsed = scheme.parse(text)
        except ParseError as exc:
            print_error(str(exc))
            status = 1
            continue
        sys.stdout.write(escape_controls(orjson.dumps(parsed.as_json())).decode() + "\n")
    return status


def _check(args: argparse.Namespace) -> int:
    from ..contributions import Severity
    from ..plugins import registry
    from ..safe import strip_controls

    data = load_dataset(args.input)
    labels = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnung"}
    errors = 0
    count = 0
    for check_set in registry().checks():
        if not check_set.applies_to(data):
            continue
        for problem in check_set.run(data):
            count += 1
            errors += problem.severity is Severity.ERROR
            # Messages quote the data, which may hold terminal control characters.
            line = (
                f"{labels[problem.severity]}: {args.input}: {problem.path}: {problem.message} "
                f"[{check_set.name}]"
            )
            print(strip_controls(line))
    found = "1 Befund" if count == 1 else f"{count} Befunde"
    print(f"{found}, davon {errors} Fehler.", file=sys.stderr)
    return 1 if errors else 0


def _plugins_text(plugins: Registry, lang: str) -> str:
    from ..plugins import KINDS

    plural = {kind.key: kind.plural[1 if lang == "en" else 0] for kind in KINDS}
    lines = ["Plugins" if lang == "en" else "Erweiterungen"]
    for info in plugins.plugins:
        lines.append(f"  {info.name} ({info.distribution} {info.version})")
        for kind, names in info.contributions:
            lines.append(f"    {plural[kind]}: {', '.join(names)}")
    if plugins.problems:
        lines.append("Problems" if lang == "en" else "Probleme")
        lines.extend(f"  {problem}" for problem in plugins.problems)
    return "\n".join(lines) + "\n"


def _plugins(_args: argparse.Namespace) -> int:
    from ..plugins import registry

    print(_plugins_text(registry(), "de"), end="")
    return 0
