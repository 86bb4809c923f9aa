"""The ``integrationkonzept`` command.

Start-up matters (the command is run from scripts), so heavy modules are imported inside the
functions that need them. Errors the user can cause are printed as one German (or English) line,
``Fehler: …``, with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Fehler: {message}\n")


def _date(value: str) -> dt.date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", value):
            day, month, year = value.split(".")
            return dt.date(int(year), int(month), int(day))
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"„{value}“ ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="integrationkonzept",
        description="Kommunale Integrationskonzepte als Daten: Maßnahmen, Geld, Berichtspflichten.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")
    demo = commands.add_parser(
        "demo",
        help="die Beispieldaten (Leipzig, Magdeburg) zeigen",
        description="Zeigt Finanzierung, Berichtspflichten und Meilensteine der Beispieldaten.",
    )
    demo.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATUM",
        help="Stichtag für fällige Berichte (Standard: heute)",
    )
    demo.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache (de, en)")
    return parser


def _demo(args: argparse.Namespace) -> int:
    from .examples import example
    from .reports.text import (
        Footnotes,
        concept_section,
        funding_section,
        milestone_section,
        review_section,
    )

    as_of: dt.date = args.as_of or dt.date.today()
    lang: str = args.lang
    blocks: list[str] = []
    for name in ("leipzig", "magdeburg"):
        data = example(name)
        notes = Footnotes()
        sections = [
            concept_section(data, lang, notes),
            funding_section(data, lang, notes),
            review_section(data, as_of, lang, notes),
            milestone_section(data, as_of, lang, notes),
            notes.lines(lang),
        ]
        rule = "=" * 78
        blocks.append(
            "\n\n".join(
                [rule + "\n" + "\n".join(sections[0])]
                + ["\n".join(section) for section in sections[1:] if section]
            )
        )
    print("\n\n".join(blocks))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    from .errors import IntegrationskonzeptError

    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _demo(args)
    except IntegrationskonzeptError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
