"""The ``integrationkonzept`` command.

Each command group is a module with a ``register(commands)`` function that adds its commands to
the parser and names each one's function (``set_defaults(run=…)``): :mod:`.general` (demo,
import, report, ref, check, plugins), :mod:`.workspace` (init, set-status, history, revisions,
export, complete-report, revert) and :mod:`.oparl` (``oparl sync|stats|papers|export``). What
they share (the parser, dates, reading input, writing output, errors) is :mod:`.common`. A new
group is a new module here and one entry in :data:`GROUPS`.

Errors the user can cause are printed as ``Fehler: …`` naming the file, line or JSON path and
the value, with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

from ..errors import IntegrationskonzeptError
from . import general, new, oparl, workspace
from .common import (
    EnglishParser,
    Parser,
    UserError,
    drop_pending_output,
    empty_file_option,
    os_error_text,
    print_error,
)

__all__ = ["GROUPS", "main"]

#: The command groups, in the order their commands are listed in the help.
GROUPS: Final[tuple[Callable[[Any], None], ...]] = (
    general.register,
    new.register,
    workspace.register,
    oparl.register,
)


def parser(lang: str = "de") -> argparse.ArgumentParser:
    """The parser of the whole command, every group's commands added; its own texts (usage,
    help, argument errors) in ``lang``."""
    parser = (EnglishParser if lang == "en" else Parser)(
        prog="integrationkonzept",
        description="Kommunale Integrationskonzepte als Daten: Maßnahmen, Geld, Berichtspflichten.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")
    for register in GROUPS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    empty = empty_file_option(sys.argv[1:] if argv is None else argv)
    if empty is not None:
        print_error(
            f"{empty}: ein leerer Dateiname ist keine Datei; bitte einen Dateinamen angeben"
        )
        return 2
    given = sys.argv[1:] if argv is None else argv
    args = parser(_language(given)).parse_args(given)
    try:
        status: int = args.run(args)
    except (IntegrationskonzeptError, UserError) as exc:
        print_error(str(exc) or type(exc).__name__)
        return 2
    except sqlite3.Error as exc:  # a damaged or foreign database file, a full disk
        print_error(f"Datenbank: {exc}")
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk or device, a name too long, no permission …
        print_error(os_error_text(exc))
        if exc.filename is None:
            drop_pending_output()
        return 2
    return status


def _language(argv: Sequence[str]) -> str:
    """``en`` when ``--lang en`` is among the arguments: the parser speaks before it has read
    them."""
    for number, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang=en" or (arg == "--lang" and argv[number + 1 : number + 2] == ["en"]):
            return "en"
    return "de"
