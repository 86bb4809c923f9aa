"""Reading an input file and writing an output file the way a Unix tool does.

An input is read up to :data:`MAX_INPUT_BYTES`: a device that never ends (``/dev/zero``) or a
file far larger than any data set is refused rather than read until memory runs out, and a named
pipe nobody writes to reads as empty rather than waiting for ever.

A regular file (or a path that does not exist yet) is replaced atomically, so a failed run leaves
the old file as it was; a device, a named pipe or a descriptor name (``/dev/stdout``) is written
into, never replaced; a symbolic link is followed and stays a link. Every failure is an
:class:`~integrationkonzept.errors.IntegrationskonzeptError` naming the path and the cause.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from pathlib import Path

from .errors import IntegrationskonzeptError

__all__ = ["MAX_INPUT_BYTES", "os_error_cause", "read_input", "write_file"]

# How long to wait for a reader to open a named pipe: long enough for `… -o pipe & cat pipe`,
# short enough that a forgotten reader ends in an error rather than a hang.
READER_WAIT_SECONDS = 2.0

# Names the shell and the kernel treat as an already open descriptor. Reopening them would
# truncate (or, through the symlink to /proc, replace) what the caller redirected to, e.g. a log
# opened with `>>`, so the descriptor itself is written to.
_DESCRIPTOR = re.compile(r"/dev/(?:std(?P<std>out|err)|fd/(?P<fd>\d+))|/proc/self/fd/(?P<proc>\d+)")

# Flags missing on Windows count as 0 there; O_BINARY exists only there (no newline translation).
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)

#: The most bytes an input file may have: ten times the largest data set seen (a city of 300,000
#: objects is 25 MB of JSON), far below what the machine's memory holds when it is parsed.
MAX_INPUT_BYTES = 256 * 1024 * 1024

_CHUNK = 1024 * 1024

# The causes a user meets, in German (``strerror`` speaks the C library's language).
_CAUSES = {
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "Vorgang nicht erlaubt",
    errno.ENOSPC: "kein Platz auf dem Gerät",
    errno.EDQUOT: "Speicherkontingent überschritten",
    errno.EROFS: "Dateisystem ist nur lesbar",
    errno.EFBIG: "Datei zu groß",
    errno.ENOENT: "Datei oder Verzeichnis nicht gefunden",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Verzeichnis",
    errno.EISDIR: "ist ein Verzeichnis",
    errno.ELOOP: "zu viele symbolische Links",
    errno.ENAMETOOLONG: "Dateiname zu lang",
    errno.EIO: "Ein-/Ausgabefehler des Geräts",
    errno.ENXIO: "Gerät nicht vorhanden",
    errno.EBADF: "Deskriptor ist nicht geöffnet",
    errno.EBUSY: "Gerät oder Ressource belegt",
    errno.EEXIST: "existiert schon",
    errno.EMFILE: "zu viele offene Dateien",
}


def os_error_cause(exc: OSError) -> str:
    """Why a read or write failed, in German (the system's text for causes not listed)."""
    return _CAUSES.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of ``path``; an :class:`~integrationkonzept.errors.IntegrationskonzeptError`
    naming the file when it cannot be read or has more than ``limit`` bytes."""
    try:
        # Non-blocking open: a named pipe without a writer does not hang here; reads block again.
        fd = os.open(path, os.O_RDONLY | _BINARY | _CLOEXEC | _NONBLOCK | _NOCTTY)
    except OSError as exc:
        raise IntegrationskonzeptError(
            f"{path}: kann nicht gelesen werden ({os_error_cause(exc)})"
        ) from None
    try:
        if _NONBLOCK:
            import fcntl  # POSIX only, as O_NONBLOCK is

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~_NONBLOCK)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise IntegrationskonzeptError(
            f"{path}: kann nicht gelesen werden ({os_error_cause(exc)})"
        ) from None
    finally:
        os.close(fd)
    raise IntegrationskonzeptError(
        f"{path}: zu groß, um es zu lesen (mehr als {limit // (1024 * 1024)} MB); "
        "ist es die richtige Datei?"
    )


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as a Unix tool writes its output file.

    * A regular file, or a path that does not exist yet, is written atomically: a temporary file
      in the same directory, written and synced, then renamed over the old one. On failure the
      temporary file is removed and the old file is untouched. A new file gets ``0666`` less the
      umask; an existing file keeps its mode (and, where allowed, its owner and group).
    * A character or block device or a named pipe is opened and written into. A pipe nobody
      reads from is an error after a short wait (:data:`READER_WAIT_SECONDS`), never a hang.
    * ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` are written to that
      descriptor, whatever it is open on.
    * A symbolic link is followed; the file it points to is written and the link stays a link.
      A dangling link, a directory and a socket are refused.

    Raises :class:`IntegrationskonzeptError` with German text naming ``path`` and the cause.
    :class:`BrokenPipeError` is left to the caller, as for standard output, when the reader of a
    pipe goes away before everything was written.
    """
    descriptor = _descriptor(path)
    if descriptor is not None:
        _write_descriptor(path, descriptor, data)
        return
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise IntegrationskonzeptError(
                f"{path}: kann nicht geschrieben werden "
                f"(symbolischer Link auf „{os.readlink(path)}“, das es nicht gibt)"
            ) from None
        status = None  # a new file (a missing directory is reported when the file is created)
    except OSError as exc:
        raise _error(path, exc) from None

    if status is not None and stat.S_ISREG(status.st_mode) and not os.access(path, os.W_OK):
        # As the shell's ">" does: a file one may not write is not replaced either.
        raise IntegrationskonzeptError(
            f"{path}: kann nicht geschrieben werden (Keine Berechtigung: schreibgeschützt)"
        )
    if status is None or stat.S_ISREG(status.st_mode):
        # The real path, so that the rename replaces the link's target, not the link.
        _write_atomically(path, Path(os.path.realpath(path)), data, status)
    elif stat.S_ISDIR(status.st_mode):
        raise IntegrationskonzeptError(
            f"{path}: kann nicht geschrieben werden (ist ein Verzeichnis)"
        )
    elif stat.S_ISSOCK(status.st_mode):
        raise IntegrationskonzeptError(f"{path}: kann nicht geschrieben werden (ist ein Socket)")
    else:
        _write_into(path, data, fifo=stat.S_ISFIFO(status.st_mode))


def _descriptor(path: Path) -> int | None:
    match = _DESCRIPTOR.fullmatch(str(path))
    if match is None:
        return None
    if match["std"]:
        return 1 if match["std"] == "out" else 2
    return int(match["fd"] or match["proc"])


def _write_descriptor(path: Path, descriptor: int, data: bytes) -> None:
    # Whatever Python buffered for the same descriptor goes first.
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.fileno() == descriptor:
                stream.flush()
        except (AttributeError, OSError, ValueError):  # replaced, closed or detached streams
            pass
    try:
        _write_all(descriptor, data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _error(path, exc) from None


def _write_atomically(path: Path, target: Path, data: bytes, old: os.stat_result | None) -> None:
    try:
        handle, temporary = _create_temporary(target)
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        try:
            _write_all(handle, data)
            if old is not None:
                _keep_owner_and_mode(handle, old)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, target)
    except OSError as exc:
        _remove(temporary)
        raise _error(path, exc) from None
    except BaseException:
        _remove(temporary)
        raise


def _create_temporary(target: Path) -> tuple[int, Path]:
    # Not tempfile.mkstemp: it creates 0600, and mode 0666 here lets the kernel apply the umask
    # (or the directory's default ACL) exactly as for any other new file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC | _BINARY
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))


def _keep_owner_and_mode(handle: int, old: os.stat_result) -> None:
    if sys.platform == "win32":  # no owner, and no mode beyond read-only, to keep
        return
    # Owner first: chown clears the set-user-ID and set-group-ID bits that chmod then restores.
    if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(handle, old.st_uid, old.st_gid)
        except PermissionError:
            # Only root may give a file away; a group the user is in may still be kept.
            with contextlib.suppress(PermissionError):
                os.fchown(handle, -1, old.st_gid)
    os.fchmod(handle, stat.S_IMODE(old.st_mode))


def _write_into(path: Path, data: bytes, *, fifo: bool) -> None:
    # Non-blocking open: a pipe without a reader fails with ENXIO instead of blocking forever.
    flags = os.O_WRONLY | _NONBLOCK | _NOCTTY | _CLOEXEC | _BINARY
    deadline = time.monotonic() + READER_WAIT_SECONDS
    while True:
        try:
            handle = os.open(path, flags)
            break
        except OSError as exc:
            if fifo and exc.errno == errno.ENXIO:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise IntegrationskonzeptError(
                    f"{path}: kann nicht geschrieben werden (niemand liest aus der Pipe; "
                    f"{READER_WAIT_SECONDS:g} Sekunden gewartet)"
                ) from None
            raise _error(path, exc) from None
    try:
        if sys.platform != "win32":  # blocking again for the writes: a slow reader is waited for
            os.set_blocking(handle, True)
        _write_all(handle, data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _error(path, exc) from None
    finally:
        os.close(handle)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def _remove(temporary: Path) -> None:
    # The error that got us here is the one to report, not a failure to clean up.
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


def _error(path: Path, exc: OSError) -> IntegrationskonzeptError:
    return IntegrationskonzeptError(
        f"{path}: kann nicht geschrieben werden ({os_error_cause(exc)})"
    )
