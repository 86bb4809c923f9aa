"""The ``integrationkonzept oparl`` command group: sync, stats, papers, show, export, search.

``sync URL`` fetches an OParl system (or one body) into the local database with a progress bar
per list, incrementally from the second run on; an interrupted sync continues where it stopped.
``stats`` prints counts per object type as JSON, ``papers`` lists papers (optionally only those
concerning the integration concept), ``export`` writes them as a native JSON data set, merged
into and linked with an existing one (``--into``); ``search`` is a full-text search over the
papers and their files' texts (:mod:`~integrationkonzept.oparl.search`). The database lives in
the user's data directory unless ``--db`` names another.

Only ``sync`` writes to the database. ``stats``, ``papers``, ``show``, ``export`` and ``search``
open it read-only (:class:`~integrationkonzept.oparl.store.Store` with ``readonly=True``): they
change and create no file, work in a read-only directory and refuse a missing, empty or foreign
file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import read_input
from .common import date_argument, write_output

if TYPE_CHECKING:
    from ..contributions import RelevanceRules
    from ..model.council import Paper
    from ..oparl.dataset import City
    from ..oparl.store import Store
    from ..oparl.sync import SyncReport

__all__ = ["default_database", "register", "run"]

DATABASE_NAME = "oparl.sqlite3"


def default_database() -> Path:
    """Where the database lives by default: the user's data directory."""
    import platformdirs

    return platformdirs.user_data_path("integrationkonzept", appauthor=False) / DATABASE_NAME


def register(subparsers: Any) -> None:
    """Add the ``oparl`` command with its subcommands to the main parser's ``subparsers``."""
    oparl = subparsers.add_parser(
        "oparl",
        help="Ratsvorlagen von einem OParl-Server abgleichen und auswerten",
        description="Gleicht Vorlagen, Sitzungen, Tagesordnungspunkte und Beratungen eines "
        "OParl-1.0/1.1-Servers in eine lokale Datenbank ab und zeigt, welche Vorlagen das "
        "Integrationskonzept betreffen.",
    )
    oparl.set_defaults(run=run)
    commands = oparl.add_subparsers(dest="oparl_command", required=True, metavar="BEFEHL")

    def database(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--db",
            type=Path,
            metavar="DATEI",
            help=f"Datenbank (Standard: {DATABASE_NAME} im Datenverzeichnis des Benutzers)",
        )

    sync = commands.add_parser(
        "sync",
        aliases=["abgleichen"],
        help="einen OParl-Server abgleichen",
        description="Holt System, Körperschaften und deren Listen (Gremien, Personen, Sitzungen, "
        "Vorlagen; bei OParl 1.1 auch Tagesordnungspunkte, Beratungen, Dateien, Mitgliedschaften). "
        "Ab dem zweiten Lauf nur, was sich seit dem letzten geändert hat; ein abgebrochener Lauf "
        "wird beim nächsten Aufruf fortgesetzt. Exit-Status 1, wenn eine Liste unvollständig "
        "blieb.",
    )
    sync.add_argument("url", metavar="URL", help="URL des OParl-Systems oder einer Körperschaft")
    database(sync)
    sync.add_argument("--full", action="store_true", help="alles neu holen (ohne modified_since)")
    sync.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="VON=NACH",
        help="URLs, die mit VON beginnen, von NACH holen (Spiegel, Tests); mehrfach möglich",
    )
    sync.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="weiteren Host erlauben, auf den der Server verweist; mehrfach möglich",
    )
    sync.add_argument("--concurrency", type=_positive_int, default=4, metavar="N")
    sync.add_argument("--timeout", type=_positive_float, default=30.0, metavar="SEKUNDEN")
    sync.add_argument("--retries", type=_non_negative_int, default=4, metavar="N")
    sync.add_argument("--max-mb", type=_positive_float, default=64.0, metavar="MB")
    sync.add_argument(
        "--deadline",
        type=_positive_float,
        default=None,
        metavar="SEKUNDEN",
        help="Zeitlimit für den ganzen Abgleich; danach endet er unvollständig und der nächste "
        "Aufruf setzt fort (Vorgabe: keins)",
    )
    sync.add_argument(
        "--request-deadline",
        type=_positive_float,
        default=None,
        metavar="SEKUNDEN",
        help="Zeitlimit für eine ganze Antwort (Vorgabe: zehnmal --timeout)",
    )
    sync.add_argument(
        "--max-pages",
        type=_positive_int,
        default=100_000,
        metavar="N",
        help="höchstens N Seiten je Liste und Abgleich (Vorgabe: 100000)",
    )
    sync.add_argument(
        "--max-empty-pages",
        type=_positive_int,
        default=20,
        metavar="N",
        help="eine Liste nach N leeren Seiten in Folge abbrechen (Vorgabe: 20)",
    )
    sync.add_argument(
        "--files",
        action="store_true",
        help="auch die Dateien der Vorlagen holen (PDF, Text, HTML) und ihren Text für "
        "„oparl search“ speichern; nur neue und geänderte",
    )
    sync.add_argument(
        "--file-max-mb",
        type=_positive_float,
        default=50.0,
        metavar="MB",
        help="mit --files: größere Dateien nicht holen (Vorgabe: 50)",
    )
    sync.add_argument("--no-progress", action="store_true", help="keine Fortschrittsbalken")

    stats = commands.add_parser(
        "stats",
        aliases=["statistik"],
        help="Anzahl der Objekte je Typ als JSON",
        description="Gibt die Anzahl der gespeicherten Objekte je OParl-Typ (davon gelöscht), "
        "fehlende Verweise, Probleme und den letzten Lauf als JSON aus.",
    )
    database(stats)

    def selection(command: argparse.ArgumentParser) -> None:
        database(command)
        command.add_argument("--body", metavar="URL", help="Körperschaft (wenn mehrere)")
        command.add_argument(
            "--ags", metavar="AGS", help="Amtlicher Gemeindeschlüssel (statt des Servers)"
        )
        command.add_argument(
            "--keyword",
            action="append",
            metavar="WORT",
            help="Stichwort der Relevanzregeln (ersetzt die des Profils); mehrfach möglich",
        )
        command.add_argument(
            "--gremium",
            action="append",
            metavar="NAME",
            help="Gremium der Relevanzregeln (ersetzt die des Profils); mehrfach möglich",
        )
        command.add_argument(
            "--concept-ref",
            action="append",
            metavar="NUMMER",
            help="Vorlage des Konzepts für die Relevanzregeln (ergänzt die des Profils); "
            "mehrfach möglich",
        )

    papers = commands.add_parser(
        "papers",
        aliases=["vorlagen"],
        help="Vorlagen auflisten",
        description="Listet die Vorlagen, die neuesten zuerst, mit Beschluss; mit --relevant nur "
        "die, die das Integrationskonzept betreffen (Regeln aus dem Profil der Stadt), mit "
        "Begründung.",
    )
    selection(papers)
    papers.add_argument("--search", metavar="TEXT", help="nur Vorlagen mit TEXT in Titel/Nummer")
    papers.add_argument(
        "--ref",
        metavar="NUMMER",
        help="nur die Vorlage mit dieser Nummer und ihre Neufassungen und Änderungen",
    )
    papers.add_argument(
        "--limit", type=_positive_int, metavar="N", help="höchstens N Vorlagen (die neuesten)"
    )
    papers.add_argument("--relevant", action="store_true", help="nur relevante Vorlagen")
    papers.add_argument(
        "--concept",
        type=Path,
        metavar="DATENSATZ.json",
        help="Datensatz, dessen Vorlagen (Konzept, Maßnahmen, Haushalt) als relevant gelten",
    )
    papers.add_argument("--json", action="store_true", help="eine JSON-Zeile je Vorlage")

    show = commands.add_parser(
        "show",
        aliases=["zeigen"],
        help="eine Vorlage zeigen",
        description="Zeigt eine Vorlage mit Beratungsfolge, Beschluss und Abstimmungsergebnis.",
    )
    show.add_argument("reference", metavar="NUMMER")
    selection(show)

    export = commands.add_parser(
        "export",
        aliases=["ausgeben"],
        help="Vorlagen als JSON-Datensatz schreiben",
        description="Schreibt die relevanten Vorlagen (mit --all alle) als nativen "
        "JSON-Datensatz; mit --into werden sie in einen vorhandenen Datensatz übernommen und "
        "mit Konzept, Maßnahmen und Haushaltszeilen verknüpft.",
    )
    selection(export)
    export.add_argument("--into", type=Path, metavar="DATENSATZ.json")
    export.add_argument(
        "--other-municipality",
        action="store_true",
        help="mit --into: auch Vorlagen einer anderen Gemeinde (anderer AGS) übernehmen",
    )
    export.add_argument("--all", action="store_true", help="alle Vorlagen, nicht nur relevante")
    export.add_argument("-o", "--output", type=Path, metavar="AUSGABE.json")

    search = commands.add_parser(
        "search",
        aliases=["suchen"],
        help="Volltextsuche in Vorlagen",
        description="Sucht in Nummer, Titel und Text der Dateien der Vorlagen (Umlaute und "
        "Akzente egal, „Strasse“ findet „Straße“), die besten Treffer zuerst, mit Textauszug. "
        'Alle Wörter müssen vorkommen; "…" sucht eine Wortfolge, -wort schließt aus, OR '
        "zwischen Wörtern heißt „eins davon“, wort* sucht Wortanfänge. Eine Suche, die mit - "
        "beginnt, nach -- angeben: oparl search -- -Turnhalle Kita.",
    )
    search.add_argument("query", nargs="+", metavar="SUCHE", help="Suchwörter")
    database(search)
    search.add_argument("--body", metavar="URL", help="nur Vorlagen dieser Körperschaft")
    search.add_argument(
        "--since", type=date_argument, metavar="DATUM", help="nur Vorlagen ab diesem Datum"
    )
    search.add_argument(
        "--type", dest="kind", metavar="ART", help="nur Vorlagen dieser Art (z. B. Antrag)"
    )
    search.add_argument(
        "--limit", type=_positive_int, default=20, metavar="N", help="höchstens N (Vorgabe: 20)"
    )
    search.add_argument("--json", action="store_true", help="eine JSON-Zeile je Treffer")
    decisions = {}
    for name, alias, says in (
        ("confirm", "bestaetigen", "betrifft das Konzept"),
        ("reject", "ablehnen", "betrifft das Konzept nicht"),
    ):
        decide = commands.add_parser(
            name,
            aliases=[alias],
            help=f"festhalten: eine Vorlage {says}",
            description=f"Hält fest: eine Vorlage {says}, was immer die Stichworte sagen; "
            "spätere Abgleiche und Auswertungen (papers --relevant, export) halten sich daran.",
        )
        decide.add_argument("reference", metavar="NUMMER")
        decide.add_argument("--reason", required=True, metavar="GRUND", help="warum")
        decide.add_argument("--author", metavar="NAME", help="wer entscheidet")
        decide.add_argument("--db", type=Path, metavar="DATEI")
        decisions[name] = decide
    _subcommands(
        {
            **decisions,
            "sync": sync,
            "stats": stats,
            "papers": papers,
            "show": show,
            "export": export,
            "search": search,
        }
    )


def _positive_int(value: str) -> int:
    number = _non_negative_int(value)
    if number == 0:
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine positive ganze Zahl")
    return number


def _non_negative_int(value: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine ganze Zahl")
    return int(value)


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine Zahl") from None
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine positive Zahl")
    return number


def _subcommands(parsers: dict[str, argparse.ArgumentParser]) -> None:
    """Each subcommand's function, whatever name (English or German) it was called by."""
    runs = {
        "sync": _sync,
        "stats": _stats,
        "papers": _papers,
        "show": _show,
        "export": _export,
        "search": _search,
        "confirm": _decide,
        "reject": _decide,
    }
    for name, parser in parsers.items():
        parser.set_defaults(oparl_run=runs[name])


def run(args: argparse.Namespace) -> int:
    """Run the ``oparl`` subcommand in ``args``; returns the exit status."""
    import sqlite3

    from ..oparl.store import database_error

    try:
        result: int = args.oparl_run(args)
    except sqlite3.Error as exc:  # a full disk, a damaged file: say so, without a traceback
        raise database_error(args.db or default_database(), exc) from None
    return result


def _open(args: argparse.Namespace, readonly: bool = False) -> Store:
    """The database for ``sync`` (created when missing) or, ``readonly``, for a command that
    only reads it (refused when missing, empty or foreign; never changed)."""
    from ..oparl.store import Store

    return Store(args.db or default_database(), readonly=readonly)


def _sync(args: argparse.Namespace) -> int:
    from ..oparl.client import ClientOptions, OParlClient, UrlMap
    from ..oparl.sync import SyncOptions, summary_lines, sync

    options = ClientOptions(
        timeout=args.timeout,
        retries=args.retries,
        concurrency=args.concurrency,
        max_bytes=int(args.max_mb * 1024 * 1024),
        deadline=args.request_deadline,
    )
    sync_options = SyncOptions(
        full=args.full,
        deadline=args.deadline,
        max_pages=args.max_pages,
        max_empty_pages=args.max_empty_pages,
        files=args.files,
        file_max_bytes=int(args.file_max_mb * 1024 * 1024),
    )
    url_map = UrlMap.parse(args.map)
    with _open(args) as store, OParlClient(options, url_map, args.allow_host) as client:
        progress = _RichProgress(enabled=not args.no_progress)
        try:
            with progress:
                report: SyncReport = sync(store, client, args.url, sync_options, progress)
        except KeyboardInterrupt:
            print(
                "Abgebrochen. Der nächste Aufruf von „oparl sync“ setzt an der letzten "
                "gespeicherten Seite fort.",
                file=sys.stderr,
            )
            return 130
    for line in summary_lines(report):
        print(line)
    for url, message in report.problems[:20]:
        print(f"Problem: {url}: {message}", file=sys.stderr)
    if len(report.problems) > 20:
        print(
            f"… und {len(report.problems) - 20} weitere Probleme (siehe „oparl stats“)",
            file=sys.stderr,
        )
    if not report.complete:
        print(
            "Fehler: der Abgleich ist unvollständig; ein erneuter Aufruf setzt fort.",
            file=sys.stderr,
        )
        return 1
    return 0


def _stats(args: argparse.Namespace) -> int:
    import orjson

    with _open(args, readonly=True) as store:
        runs = store.runs()
        last = runs[-1] if runs else None
        document = {
            "database": str(store.path),
            "objects": store.counts(),
            "missing": len(store.missing()),
            "problems": len(store.problems()),
            "lists": [
                {
                    "url": state.url,
                    "kind": state.kind,
                    "modified_since": state.since,
                    "in_progress": state.in_progress,
                }
                for state in store.lists()
            ],
            "last_run": None
            if last is None
            else {
                "id": last[0],
                "url": last[1],
                "started": last[2],
                "finished": last[3],
                "status": last[4],
            },
        }
    _print_json(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return 0


def _decide(args: argparse.Namespace) -> int:
    import getpass
    import os

    from ..oparl.client import OParlError
    from ..oparl.dataset import city, load_papers
    from ..plugins import registry

    decision = "rejected" if args.oparl_command in ("reject", "ablehnen") else "confirmed"
    with _open(args) as store:
        place = city(store, registry()) if len(store.bodies()) == 1 else None
        references = [paper.reference for paper, _ in load_papers(store, place, lambda _: None)]
        wanted = "".join(args.reference.split()).casefold()
        found = [r for r in references if "".join(r.split()).casefold() == wanted]
        if not found:
            close = difflib.get_close_matches(args.reference, references, n=3)
            hint = f"; meinten Sie {', '.join(f'„{c}“' for c in close)}?" if close else ""
            raise OParlError(f"keine Vorlage „{args.reference}“ in der Datenbank{hint}")
        author = args.author or os.environ.get("INTEGRATIONKONZEPT_AUTHOR") or getpass.getuser()
        store.decide(found[0], decision, args.reason, author)
    said = "betrifft das Konzept" if decision == "confirmed" else "betrifft das Konzept nicht"
    print(f"{found[0]} {said} ({args.reason}); festgehalten.", file=sys.stderr)
    return 0


def _with_decisions(
    rules: RelevanceRules, decided: dict[str, tuple[str, str, str, str]]
) -> RelevanceRules:
    """``rules`` with a person's decisions on papers (``Store.decisions``), which override the
    keywords, bodies and references."""
    import attrs

    return attrs.evolve(
        rules,
        confirmed=tuple(r for r, (d, *_) in decided.items() if d == "confirmed"),
        rejected=tuple(r for r, (d, *_) in decided.items() if d == "rejected"),
    )


def _rules(args: argparse.Namespace, place: City) -> RelevanceRules:
    import attrs

    rules = place.rules
    if args.keyword:
        rules = attrs.evolve(rules, keywords=tuple(args.keyword))
    if args.gremium:
        rules = attrs.evolve(rules, bodies=tuple(args.gremium))
    if args.concept_ref:
        rules = attrs.evolve(rules, references=(*rules.references, *args.concept_ref))
    return rules


def _read_dataset(path: Path) -> Any:
    from ..model.dataset import Dataset
    from ..serialize import load

    return load(Dataset, read_input(path), name=str(path))


def _papers(args: argparse.Namespace) -> int:
    import orjson

    from ..oparl.dataset import city, load_papers
    from ..oparl.relevance import select
    from ..plugins import registry
    from ..serialize import encode

    notes: list[str] = []
    with _open(args, readonly=True) as store:
        place = (
            city(store, registry(), args.body, args.ags)
            if (args.body or args.ags or args.relevant)
            else None
        )
        if place is None and len(store.bodies()) == 1:
            place = city(store, registry())
        papers = [paper for paper, _ in load_papers(store, place, notes.append)]
        decided = store.decisions()
    if args.search:
        needle = args.search.casefold()
        papers = [p for p in papers if needle in f"{p.reference}\n{p.title}".casefold()]
    if args.ref:
        papers = [p for p in papers if _same_paper(p.reference, args.ref)]
    papers = newest_first(papers)
    reasons: dict[str, tuple[str, ...]] = {}
    if args.relevant:
        assert place is not None
        concept = _read_dataset(args.concept) if args.concept else None
        matches = select(
            papers, _with_decisions(_rules(args, place), decided), concept, place.parse
        )
        papers = newest_first([found.paper for found in matches])
        reasons = {found.paper.reference: found.reasons for found in matches}
    if args.limit is not None:
        papers = papers[: args.limit]
    for paper in papers:
        if args.json:
            line: dict[str, Any] = {"paper": orjson.loads(encode(paper))}
            if args.relevant:
                line["reasons"] = list(reasons.get(paper.reference, ()))
            _print_json(orjson.dumps(line))
        else:
            print(_paper_line(paper))
            if args.relevant:
                print(f"    relevant: {'; '.join(reasons.get(paper.reference, ()))}")
    for note in notes:
        print(f"Hinweis: {note}", file=sys.stderr)
    print(f"{len(papers)} Vorlagen.", file=sys.stderr)
    return 0


def newest_first(papers: list[Paper]) -> list[Paper]:
    """``papers`` newest first (by date; undated ones last), then by reference."""
    dated = sorted((p for p in papers if p.date is not None), key=lambda p: p.reference)
    dated.sort(key=lambda p: p.date or dt.date.min, reverse=True)
    return dated + sorted((p for p in papers if p.date is None), key=lambda p: p.reference)


def _same_paper(reference: str, wanted: str) -> bool:
    """Whether ``reference`` is ``wanted`` or one of its new versions or amendments
    (``VII-A-01234-NF-02``, ``VII-A-01234-ÄA-01`` for ``VII-A-01234``), ignoring case and
    spaces."""
    given = "".join(reference.split()).casefold()
    asked = "".join(wanted.split()).casefold()
    return given == asked or given.startswith(asked + "-")


def _show(args: argparse.Namespace) -> int:
    from ..oparl.client import OParlError
    from ..oparl.dataset import city, load_papers
    from ..plugins import registry

    notes: list[str] = []
    with _open(args, readonly=True) as store:
        place = city(store, registry(), args.body, args.ags) if (args.body or args.ags) else None
        if place is None and len(store.bodies()) == 1:
            place = city(store, registry())
        papers = [paper for paper, _ in load_papers(store, place, notes.append)]
    found = [p for p in papers if _same_paper(p.reference, args.reference)]
    exact = [p for p in found if _same_paper(args.reference, p.reference)]
    if not found:
        close = difflib.get_close_matches(args.reference, [p.reference for p in papers], n=3)
        hint = f"; meinten Sie {', '.join(f'„{c}“' for c in close)}?" if close else ""
        raise OParlError(f"keine Vorlage „{args.reference}“ in der Datenbank{hint}")
    for number, paper in enumerate(newest_first(exact or found)):
        if number:
            print()
        print(_paper_details(paper))
    return 0


def _paper_details(paper: Paper) -> str:
    """``paper`` in full: title, kind, date, Beratungsfolge, decision and vote."""
    day = f"{paper.date:%d.%m.%Y}" if paper.date else "–"
    lines = [f"{paper.reference}  {' '.join(paper.title.split())}", f"  Art: {paper.kind or '–'}"]
    lines.append(f"  Datum: {day}")
    if paper.submitter:
        lines.append(f"  Einreicher: {paper.submitter}")
    if paper.consultations:
        lines.append("  Beratungsfolge:")
        for row in paper.consultations:
            when = f"{row.date:%d.%m.%Y}" if row.date else "–"
            result = f" – {row.result}" if row.result else ""
            role = f" ({row.role})" if row.role else ""
            lines.append(f"    {when}  {row.body}{role}{result}")
    decision = paper.decision
    if decision is not None:
        lines.append(
            f"  Beschluss: {decision.kind or 'Beschluss'}, {decision.body} {decision.date:%d.%m.%Y}"
        )
        if decision.votes is not None:
            v = decision.votes
            lines.append(f"  Abstimmung: {v.yes} Ja, {v.no} Nein, {v.abstentions} Enthaltungen")
        elif decision.vote_text:
            lines.append(f"  Abstimmung: {decision.vote_text}")
    return "\n".join(lines)


def _paper_line(paper: Paper) -> str:
    day = f"{paper.date:%d.%m.%Y}" if paper.date else "–"
    title = " ".join(paper.title.split())
    parts = [f"{paper.reference}  {day}  {paper.kind or '–'}  {title}"]
    decision = paper.decision
    if decision is not None:
        votes = ""
        if decision.votes is not None:
            v = decision.votes
            votes = f" ({v.yes} Ja, {v.no} Nein, {v.abstentions} Enthaltungen)"
        kind = decision.kind or "Beschluss"
        parts.append(f"  → {kind}{votes}, {decision.body} {decision.date:%d.%m.%Y}")
    return "".join(parts)


def _export(args: argparse.Namespace) -> int:
    from ..oparl.client import OParlError
    from ..oparl.dataset import city, load_dataset
    from ..oparl.relevance import link
    from ..plugins import registry
    from ..serialize import dump_file

    notes: list[str] = []
    with _open(args, readonly=True) as store:
        place = city(store, registry(), args.body, args.ags)
        synced, papers = load_dataset(store, place, notes.append)
        decided = store.decisions()
    if args.into is not None:
        base = _read_dataset(args.into)
        ours, theirs = base.municipality, place.municipality
        if theirs is not None and ours.ags != theirs.ags and not args.other_municipality:
            raise OParlError(
                f"{args.into}: der Datensatz gehört zu {ours.name} (AGS {ours.ags}), die "
                f"Vorlagen der Datenbank zu {theirs.name} (AGS {theirs.ags}); nichts "
                "übernommen (mit --other-municipality trotzdem)"
            )
    else:
        base = synced if args.all else _without_papers(synced)
    rules = _with_decisions(_rules(args, place), decided)
    linked = link(base, [paper for paper, _ in papers], rules, place.parse, keep_all=args.all)

    write_output(args.output, dump_file(linked.dataset))
    for note in notes:
        print(f"Hinweis: {note}", file=sys.stderr)
    targets: dict[str, int] = {}
    for item in linked.links:
        targets[item.target] = targets.get(item.target, 0) + 1
    summary = ", ".join(f"{count} × {target}" for target, count in sorted(targets.items()))
    print(
        f"{len(linked.dataset.papers)} Vorlagen im Datensatz, {len(linked.matches)} davon "
        f"relevant; Verknüpfungen: {summary or 'keine'}.",
        file=sys.stderr,
    )
    if args.output is not None:
        print(f"{args.output} geschrieben.", file=sys.stderr)
    return 0


def _search(args: argparse.Namespace) -> int:
    import orjson

    from ..oparl.search import match_expression

    query = " ".join(args.query)
    expression = match_expression(query)
    with _open(args, readonly=True) as store:
        kinds: list[str] | None = None
        if args.kind is not None:
            known = store.paper_kinds()
            wanted = " ".join(args.kind.split()).casefold()
            kinds = [kind for kind in known if " ".join(kind.split()).casefold() == wanted]
            if not kinds:
                shown = ", ".join(f"„{kind}“" for kind in known[:10]) or "keine"
                print(
                    f"Hinweis: keine Vorlagen der Art „{args.kind}“ (vorhanden: {shown})",
                    file=sys.stderr,
                )
        hits = (
            store.search(
                expression, body=args.body, since=args.since, kinds=kinds, limit=args.limit
            )
            if expression is not None and kinds != []
            else []
        )
    if expression is None:
        print(
            f"Hinweis: „{query}“ enthält kein Wort, das gesucht werden könnte (nur "
            "ausgeschlossene Wörter oder Satzzeichen)",
            file=sys.stderr,
        )
    console = _terminal()
    for hit in hits:
        if args.json:
            line = {
                "paper": hit.paper,
                "reference": hit.reference,
                "title": hit.title,
                "date": hit.date,
                "type": hit.kind,
                "body": hit.body,
                "score": round(hit.score, 6),
                "snippet": _snippet(hit.snippet, "«", "»"),
            }
            _print_json(orjson.dumps(line))
            continue
        day = _german_day(hit.date)
        title = " ".join((hit.title or "").split())
        head = f"{hit.reference or '–'}  {day}  {hit.kind or '–'}  {title}"
        if console is None:
            print(head)
            print(f"    {_snippet(hit.snippet, '«', '»')}")
        else:
            from rich.text import Text

            console.print(Text(head))
            text = Text("    ")
            for piece, matched in _snippet_parts(hit.snippet):
                text.append(piece, style="bold" if matched else None)
            console.print(text)
    print(f"{len(hits)} Treffer.", file=sys.stderr)
    return 0


def _terminal() -> Any:
    """A rich console for stdout when it is a terminal (matches in bold), else ``None``."""
    if not sys.stdout.isatty():
        return None
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """The snippet's pieces on one line (white space collapsed), each with whether it matched."""
    import re

    from ..oparl.search import snippet_parts

    return [(re.sub(r"\s+", " ", piece), matched) for piece, matched in snippet_parts(snippet)]


def _snippet(snippet: str, start: str, end: str) -> str:
    """The snippet on one line, its matches between ``start`` and ``end``."""
    return "".join(
        f"{start}{piece}{end}" if matched else piece for piece, matched in _snippet_parts(snippet)
    )


def _german_day(value: str | None) -> str:
    try:
        return f"{dt.date.fromisoformat(value):%d.%m.%Y}" if value else "–"
    except ValueError:
        return value or "–"


def _without_papers(dataset: Any) -> Any:
    import attrs

    return attrs.evolve(dataset, papers=())


class _RichProgress:
    """Progress bars per list on stderr (rich); silent when disabled."""

    def __init__(self, enabled: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._enabled = enabled
        self._console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self._console,
            disable=not enabled,
        )
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> _RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._progress.stop()

    def list_started(self, key: str, label: str, total: int | None, done: int) -> None:
        """A bar for the list."""
        self._tasks[key] = self._progress.add_task(label, total=total, completed=done)

    def page_done(self, key: str, objects: int, total: int | None) -> None:
        """Advance the list's bar."""
        self._progress.update(self._tasks[key], advance=objects, total=total)

    def list_finished(self, key: str, complete: bool) -> None:
        """Complete the list's bar."""
        task = self._tasks[key]
        found = next((item for item in self._progress.tasks if item.id == task), None)
        if complete and found is not None:
            self._progress.update(task, total=found.completed)

    def note(self, text: str) -> None:
        """Print a note above the bars."""
        if self._enabled:
            self._progress.console.print(text, markup=False, highlight=False)


def _print_json(data: bytes) -> None:
    """One JSON document on stdout, DEL and C1 controls escaped (the server's text is shown)."""
    from ..serialize import escape_controls

    sys.stdout.write(escape_controls(data).decode() + "\n")
