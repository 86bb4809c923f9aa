"""What every command shares: the parser, dates and revisions as arguments, reading input,
writing output, and saying what went wrong.

A failure the user can cause is an :class:`~integrationkonzept.errors.IntegrationskonzeptError`
or a :class:`UserError`, printed by :func:`print_error` as ``Fehler: …`` lines (exit status 2);
never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ..files import os_error_cause, read_input, write_file

if TYPE_CHECKING:
    from ..model.dataset import Dataset

__all__ = [
    "FILE_OPTIONS",
    "Parser",
    "UserError",
    "date_argument",
    "drop_pending_output",
    "empty_file_option",
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
    """The command's parser: an argument error is one ``Fehler:`` line after the usage."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print_error(message)  # it may quote an argument, and so control characters
        self.exit(2)


class UserError(Exception):
    """An error to print as one line, with exit status 2."""


def date_argument(value: str) -> dt.date:
    """A day as an argument: ``JJJJ-MM-TT`` or ``TT.MM.JJJJ``."""
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


def print_error(message: str) -> None:
    """``message`` on stderr, each line as ``Fehler: …``, without terminal control characters
    (messages quote the input, which may hold them)."""
    from ..safe import strip_controls

    for line in strip_controls(message).splitlines():
        print(f"Fehler: {line}", file=sys.stderr)


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
