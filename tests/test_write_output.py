"""``-o PATH`` writes like a Unix tool: run as a user runs it, on real files, pipes and devices.

Regular files are replaced atomically with the usual permissions; devices, named pipes and
descriptor names are written into; links are followed and stay links; anything else is a one-line
``Fehler: …`` with exit status 2.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
LEIPZIG = SRC / "integrationkonzept" / "data" / "leipzig.json"
REPORT = ("report", "text", str(LEIPZIG), "--as-of", "2026-11-21")
OLD = b"alter Inhalt\n"
ROOT = os.geteuid() == 0


def run(
    output: Path | str,
    *,
    umask: int = 0o022,
    stdout: int = subprocess.PIPE,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``integrationkonzept report text leipzig.json -o OUTPUT`` in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "integrationkonzept", *REPORT, "-o", str(output)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        umask=umask,
        preexec_fn=preexec_fn,
        timeout=60,
        check=False,
    )


def failure(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one error line of a failed run (exit status 2, no traceback)."""
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith("Fehler: "), stderr
    assert "Traceback" not in stderr
    return stderr


@pytest.fixture(scope="module")
def report() -> bytes:
    """What the command prints to stdout without ``-o``: every ``-o`` target must get this."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-m", "integrationkonzept", *REPORT],
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert len(result.stdout) > 1000
    return result.stdout


def leftovers(directory: Path, *keep: str) -> list[str]:
    """Files in ``directory`` other than ``keep``: a temporary file left behind shows up here."""
    return sorted(name for name in os.listdir(directory) if name not in keep)


def char_device(tmp_path: Path, name: str, minor: int) -> Path:
    """The memory device ``/dev/<name>`` (major 1): made in ``tmp_path`` as root, so that a broken
    write cannot replace the machine's own; the real one otherwise, which only root could replace.
    """
    if not ROOT:
        path = Path("/dev") / name
        if not path.is_char_device():
            pytest.skip(f"{path} does not exist here")
        return path
    path = tmp_path / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:
        pytest.skip(f"cannot make and open a device node in {tmp_path} ({exc.strerror})")
    return path


# Regular files


@pytest.mark.parametrize(("umask", "mode"), [(0o002, 0o664), (0o022, 0o644), (0o027, 0o640)])
def test_new_file_gets_0666_less_the_umask(
    tmp_path: Path, report: bytes, umask: int, mode: int
) -> None:
    target = tmp_path / "bericht.txt"
    result = run(target, umask=umask)
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_bytes() == report
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert leftovers(tmp_path, "bericht.txt") == []


def test_overwriting_keeps_the_old_files_mode(tmp_path: Path, report: bytes) -> None:
    target = tmp_path / "bericht.txt"
    target.write_bytes(OLD)
    target.chmod(0o664)
    result = run(target, umask=0o077)
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_bytes() == report
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert leftovers(tmp_path, "bericht.txt") == []


def test_overwriting_as_root_keeps_the_old_files_owner(tmp_path: Path, report: bytes) -> None:
    if not ROOT:
        pytest.skip("only root can give a file to another user")
    target = tmp_path / "bericht.txt"
    target.write_bytes(OLD)
    os.chown(target, 65534, 65534)
    result = run(target)
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_bytes() == report
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)


def test_a_write_failing_midway_leaves_the_old_file(tmp_path: Path) -> None:
    # A file size limit makes the write fail for real after 1000 bytes, for root too (Python
    # ignores SIGXFSZ, so the write fails with EFBIG instead of killing the process).
    target = tmp_path / "bericht.txt"
    target.write_bytes(OLD)
    target.chmod(0o664)
    before = target.stat()

    def limit_file_size() -> None:
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, hard))

    result = run(target, preexec_fn=limit_file_size)
    assert f"{target}: kann nicht geschrieben werden (Datei zu groß)" in failure(result)
    assert target.read_bytes() == OLD
    assert target.stat().st_ino == before.st_ino
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert leftovers(tmp_path, "bericht.txt") == []


def test_read_only_directory_is_a_clear_error_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    if ROOT:
        pytest.skip("root writes into a read-only directory regardless of its mode")
    directory = tmp_path / "nur-lesen"
    directory.mkdir()
    (directory / "bericht.txt").write_bytes(OLD)
    directory.chmod(0o555)
    try:
        existing = run(directory / "bericht.txt")
        new = run(directory / "neu.txt")
    finally:
        directory.chmod(0o755)
    for result, name in ((existing, "bericht.txt"), (new, "neu.txt")):
        assert f"{directory / name}: kann nicht geschrieben werden (keine Berechtigung)" in failure(
            result
        )
    assert (directory / "bericht.txt").read_bytes() == OLD
    assert leftovers(directory, "bericht.txt") == []


# Devices, pipes, descriptors


def test_null_device_is_written_into_and_stays_a_device(tmp_path: Path) -> None:
    null = char_device(tmp_path, "null", 3)
    before = null.stat()
    result = run(null)
    assert result.returncode == 0, result.stderr.decode()
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    if ROOT:
        assert leftovers(tmp_path, "null") == []


def test_full_device_names_the_cause(tmp_path: Path) -> None:
    full = char_device(tmp_path, "full", 7)
    result = run(full)
    assert f"{full}: kann nicht geschrieben werden (kein Platz auf dem Gerät)" in failure(result)
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_fifo_with_a_reader_gets_the_data_and_stays_a_fifo(tmp_path: Path, report: bytes) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A second name for the pipe, to end the reader's wait even if the run replaced `fifo`.
    os.link(fifo, tmp_path / "pipe-link")
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run(fifo)
    reader.join(timeout=10)
    if reader.is_alive():  # nobody wrote into the pipe: let the reader see end of file
        os.close(os.open(tmp_path / "pipe-link", os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
    assert result.returncode == 0, result.stderr.decode()
    assert received == [report]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path, "pipe", "pipe-link") == []


def test_fifo_without_a_reader_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run(fifo)
    elapsed = time.monotonic() - started
    assert "niemand liest aus der Pipe" in failure(result)
    assert elapsed < 30
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path, "pipe") == []


def test_descriptor_name_writes_to_the_descriptor(tmp_path: Path, report: bytes) -> None:
    # stdout redirected with `>>` to a log: the log is appended to, not truncated or replaced.
    # (/dev/fd/1 rather than /dev/stdout: a broken write run as root cannot replace /dev/fd/1.)
    log = tmp_path / "protokoll.txt"
    log.write_bytes(OLD)
    inode = log.stat().st_ino
    with open(log, "ab") as out:
        result = run("/dev/fd/1", stdout=out.fileno())
    assert result.returncode == 0, result.stderr.decode()
    assert log.read_bytes() == OLD + report
    assert log.stat().st_ino == inode
    assert leftovers(tmp_path, "protokoll.txt") == []


# Links and directories


def test_symlink_is_followed_and_stays_a_link(tmp_path: Path, report: bytes) -> None:
    shared = tmp_path / "ablage"
    shared.mkdir()
    target = shared / "bericht.txt"
    target.write_bytes(OLD)
    target.chmod(0o640)
    work = tmp_path / "arbeit"
    work.mkdir()
    link = work / "bericht.txt"
    link.symlink_to(target)
    result = run(link)
    assert result.returncode == 0, result.stderr.decode()
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_bytes() == report
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(shared, "bericht.txt") == []
    assert leftovers(work, "bericht.txt") == []


def test_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "bericht.txt"
    link.symlink_to(tmp_path / "fehlt.txt")
    result = run(link)
    assert (
        f"{link}: kann nicht geschrieben werden (symbolischer Link auf „{tmp_path / 'fehlt.txt'}“, "
        "das es nicht gibt)"
    ) in failure(result)
    assert link.is_symlink()
    assert leftovers(tmp_path, "bericht.txt") == []


def test_directory_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "berichte"
    directory.mkdir()
    (directory / "alt.txt").write_bytes(OLD)
    result = run(directory)
    assert f"{directory}: kann nicht geschrieben werden (ist ein Verzeichnis)" in failure(result)
    assert directory.is_dir()
    assert leftovers(directory, "alt.txt") == []
    assert leftovers(tmp_path, "berichte") == []
