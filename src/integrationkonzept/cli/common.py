"""What every command shares: the parser, dates and revisions as arguments, reading input,
writing output, and saying what went wrong.

A failure the user can cause is an :class:`~integrationkonzept.errors.IntegrationskonzeptError`
or a :class:`UserError`, printed by :func:`print_error` as ``Fehler: …`` lines (exit status 2);
never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import errno
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

from ..errors import ParseError
from ..files import os_error_cause, read_input, write_file
from ..german import parse_date

if TYPE_CHECKING:
    from ..model.dataset import Dataset

__all__ = [
    "FILE_OPTIONS",
    "EnglishParser",
    "Parser",
    "UserError",
    "date_argument",
    "drop_pending_output",
    "empty_file_option",
    "german_argument_error",
    "is_sqlite",
    "load_dataset",
    "local_time",
    "moment_argument",
    "note_cut_cells",
    "os_error_text",
    "print_error",
    "refuse_overwriting",
    "revision_number",
    "write_output",
]


class Parser(argparse.ArgumentParser):
    """The command's parser, in German: usage, help and argument errors (argparse's own texts
    are English); an argument error is one ``Fehler:`` line after the usage, with a suggestion
    for a mistyped choice. :class:`EnglishParser` keeps argparse's English."""

    lang = "de"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False  # added below, with a help text in the parser's language
        super().__init__(*args, **kwargs)
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help=_HELP_HELP[self.lang],
        )

    def format_usage(self) -> str:
        return self._translated(super().format_usage())

    def format_help(self) -> str:
        return self._translated(super().format_help())

    def _translated(self, text: str) -> str:
        if self.lang == "en":
            return text
        for pattern, german in _HEADINGS:
            text = pattern.sub(german, text)
        return text

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        # The message may quote an argument, and so control characters: print_error strips them.
        if self.lang == "en":
            print_error(message, prefix="Error")
        else:
            print_error(german_argument_error(message))
        self.exit(2)


class EnglishParser(Parser):
    """The command's parser with argparse's English texts (``--lang en``)."""

    lang = "en"


_HELP_HELP: Final = {"de": "diese Hilfe zeigen und beenden", "en": "show this help and exit"}

# argparse's headings (Python 3.10 and later), at the start of a line.
_HEADINGS: Final = (
    (re.compile(r"^usage: ", re.MULTILINE), "Aufruf: "),
    (re.compile(r"^positional arguments:$", re.MULTILINE), "Argumente:"),
    (re.compile(r"^(?:options|optional arguments):$", re.MULTILINE), "Optionen:"),
)

_QUOTED: Final = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _unquoted(text: str) -> list[str]:
    """The values argparse quotes in ``text`` (``'a', 'b'``), or ``text`` split at commas."""
    found = _QUOTED.findall(text)
    return found if found else [part.strip() for part in text.split(",") if part.strip()]


def _invalid_choice(match: re.Match[str]) -> str:
    value = (_unquoted(match["value"]) or [match["value"]])[0]
    choices = _unquoted(match["choices"])
    what = "den Befehl" if match["arg"] == "BEFEHL" else f"{match['arg']}:"
    said = f"{what} „{value}“ gibt es nicht (möglich: {', '.join(choices)})"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"{said}; meinten Sie „{close[0]}“?" if close else said


_KINDS: Final = {"int": "eine ganze Zahl", "float": "eine Zahl"}

#: argparse's error messages (Python 3.11 to 3.13) and the German for each.
_ERRORS: Final[tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...]] = (
    (
        re.compile(
            r"argument (?P<arg>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)"
        ),
        _invalid_choice,
    ),
    (
        re.compile(r"the following arguments are required: (?P<args>.+)"),
        lambda m: f"es fehlt: {m['args']}",
    ),
    (
        re.compile(r"unrecognized arguments: (?P<args>.+)"),
        lambda m: f"unbekannte Angabe: {m['args']} (alle Angaben: --help)",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): expected one argument"),
        lambda m: f"{m['arg']}: erwartet einen Wert",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): expected at least one argument"),
        lambda m: f"{m['arg']}: erwartet mindestens einen Wert",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): expected at most one argument"),
        lambda m: f"{m['arg']}: erwartet höchstens einen Wert",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): invalid (?P<kind>\w+) value: (?P<value>.+)"),
        lambda m: (
            f"{m['arg']}: „{(_unquoted(m['value']) or [m['value']])[0]}“ ist "
            f"{_KINDS.get(m['kind'], 'kein gültiger Wert').replace('eine', 'keine', 1)}"
        ),
    ),
    (
        re.compile(r"argument (?P<arg>.+?): not allowed with argument (?P<other>.+)"),
        lambda m: f"{m['arg']} geht nicht zusammen mit {m['other']}",
    ),
    (
        re.compile(r"one of the arguments (?P<args>.+) is required"),
        lambda m: f"eine dieser Angaben ist nötig: {m['args']}",
    ),
    (
        re.compile(r"ambiguous option: (?P<arg>.+?) could match (?P<matches>.+)"),
        lambda m: f"{m['arg']} ist mehrdeutig (passt zu {m['matches']})",
    ),
    # Last: our own argument types already speak German (argparse.ArgumentTypeError).
    (
        re.compile(r"argument (?P<arg>.+?): (?P<message>.+)"),
        lambda m: f"{m['arg']}: {m['message']}",
    ),
)


def german_argument_error(message: str) -> str:
    """argparse's English ``message`` in German (unchanged when it is none argparse writes)."""
    for pattern, german in _ERRORS:
        match = pattern.fullmatch(message)
        if match:
            return german(match)
    return message


class UserError(Exception):
    """An error to print as one line, with exit status 2."""


def date_argument(value: str) -> dt.date:
    """A day as an argument: ``JJJJ-MM-TT``, or as Germans write it (``31.12.2025``, ``1.2.25``,
    ``3. Mai 2024``)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    else:
        try:
            return parse_date(value)
        except ParseError:
            pass
    raise argparse.ArgumentTypeError(
        f"„{value}“ ist kein gültiges Datum (TT.MM.JJJJ, TT.MM.JJ oder JJJJ-MM-TT)"
    )


def local_time(moment: dt.datetime) -> str:
    """``moment`` in the machine's time zone, as German readers write it: ``31.12.2025 14:05``."""
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def revision_number(value: str) -> int:
    """A revision of a workspace: a whole number from 1."""
    if value.isdigit() and 1 <= int(value) < 2**63:
        return int(value)
    raise argparse.ArgumentTypeError(f"„{value}“ ist keine Revisionsnummer (1, 2, 3 …)")


def moment_argument(value: str) -> dt.datetime:
    """A point in time: a date (the end of that day), or a date with a time (local time)."""
    day, _, clock = value.strip().replace("T", " ").partition(" ")
    try:
        date = date_argument(day)
    except argparse.ArgumentTypeError:
        date = None
    if date is not None:
        if not clock:
            end = dt.datetime.combine(date, dt.time(23, 59, 59, 999999))
            try:
                return end.astimezone()
            except (ValueError, OverflowError):
                pass
        match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", clock.strip())
        if match:
            try:
                time = dt.time(int(match[1]), int(match[2]), int(match[3] or 0))
                return dt.datetime.combine(date, time).astimezone()
            except (ValueError, OverflowError):
                pass
    raise argparse.ArgumentTypeError(
        f"„{value}“ ist kein gültiger Zeitpunkt (TT.MM.JJJJ oder TT.MM.JJJJ HH:MM)"
    )


def refuse_overwriting(output: Path | None, *inputs: Path) -> None:
    """Refuse an output that is one of the inputs (a workspace or a data set): writing it would
    destroy what it is made from. Links and other names of the same file count too."""
    if output is None:
        return
    for given in inputs:
        try:
            same = os.path.samefile(output, given)
        except OSError:  # one of them does not exist (yet)
            same = False
        if same:
            raise UserError(
                f"{output}: ist die Eingabe ({given}); die Ausgabe würde sie zerstören, bitte "
                "eine andere Datei angeben"
            )


def note_cut_cells(data: Dataset, kind: str, lang: str) -> None:
    """Say so when a workbook had to cut text to fit its cells (the full text stays in the
    workbook's data set, and an unchanged cut cell reads back as the full text)."""
    if kind != "xlsx":
        return
    from ..sheets import cut_cells

    count = cut_cells(data, lang)
    if count:
        cells = "1 Zelle ist" if count == 1 else f"{count} Zellen sind"
        print(
            f"Hinweis: {cells} für eine Tabellenzelle zu lang und gekürzt (mit Vermerk am Ende); "
            "der volle Text bleibt im Datensatz der Arbeitsmappe. Gekürzte Zellen nicht "
            "bearbeiten.",
            file=sys.stderr,
        )


def write_output(path: Path | None, data: bytes) -> None:
    """Write ``data`` to ``path`` (see :func:`.files.write_file`), or to stdout when it is None."""
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(path, data)


def load_dataset(path: Path) -> Dataset:
    from ..model.dataset import Dataset
    from ..serialize import load

    return load(Dataset, read_input(path), name=str(path))


def is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def print_error(message: str, *, prefix: str = "Fehler") -> None:
    """``message`` on stderr, each line as ``Fehler: …``, without terminal control characters
    (messages quote the input, which may hold them)."""
    from ..safe import strip_controls

    for line in strip_controls(message).splitlines():
        print(f"{prefix}: {line}", file=sys.stderr)


#: Options that name a file (``Path("")`` is the current directory, so "" must be caught before).
FILE_OPTIONS = ("-o", "--output", "--into", "-w", "--workspace", "--db", "--from")


def empty_file_option(argv: Sequence[str]) -> str | None:
    """The option given an empty file name (``-o ""``), if any."""
    for number, arg in enumerate(argv):
        if arg == "--":
            break
        option, equals, value = arg.partition("=")
        if not option.startswith("-") or option == "-":
            continue
        if option.startswith("--") and len(option) >= 4:  # argparse takes unique abbreviations
            names = [name for name in FILE_OPTIONS if name.startswith(option)]
        else:
            names = [option] if option in FILE_OPTIONS else []
        if not names:
            continue
        if equals:
            if not value:
                return names[0]
        elif number + 1 < len(argv) and argv[number + 1] == "":
            return names[0]
    return None


def shorten_path(name: str, limit: int = 120) -> str:
    """A file name for a message: a name too long for the file system is cut in the middle."""
    if len(name) <= limit:
        return name
    return f"{name[: limit - 30]}…{name[-29:]} ({len(name)} Zeichen)"


def os_error_text(exc: OSError) -> str:
    """What went wrong reading or writing, in German, naming the file when known."""
    cause = os_error_cause(exc)
    if exc.errno is not None:
        cause += f" ({errno.errorcode.get(exc.errno, exc.errno)})"
    if exc.filename is None:
        return f"Ausgabe oder Eingabe fehlgeschlagen: {cause}"
    return f"{shorten_path(os.fsdecode(exc.filename))}: {cause}"


def drop_pending_output() -> None:
    """Point the standard output at the null device, so that what is still buffered for a
    broken or full output does not fail again (with a second message) when Python exits."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no real file (tests capture it): nothing to do
        pass
