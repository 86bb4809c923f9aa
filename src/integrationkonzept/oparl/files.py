"""The files of the stored papers (``oparl sync --files``): fetched, their text extracted and
fed to the search index.

For every File a stored paper names (``mainFile``, ``auxiliaryFile``; embedded, or referenced
and stored), its ``downloadUrl`` (else ``accessUrl``) is fetched, through the sync's URL map and
host rules, at most ``max_bytes`` long, and only when it is of an allowed type: PDF, plain text
and HTML (a DOCX or an image is recorded as refused and not fetched when the File's
``mimeType`` says so, or refused after the fetch when its content shows it). The text is
extracted (PDF and text by :meth:`~integrationkonzept.contributions.InputFile.text`, HTML
without its tags) and stored with the File in ``file_texts``; the paper's entry in the search
index takes it in the same transaction.

Incremental and resumable: a File is recorded the moment it is done, with its ``modified``; a
File recorded with the same ``modified`` is not fetched again, unless its fetch failed (a
connection that broke off, a server error), which is tried again by the next sync. So a sync
stopped halfway continues with the files it had not done. A refused or failed file is a problem
of the run, with its URL and why, and the sync goes on.
"""

from __future__ import annotations

import html.parser
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import attrs

from ..contributions import InputFile
from .client import FetchError, OParlClient
from .store import Store

__all__ = ["DEFAULT_MAX_BYTES", "FileOptions", "FileReport", "fetch_files"]

#: The largest file fetched by default: 50 MB.
DEFAULT_MAX_BYTES: Final = 50 * 1024 * 1024

#: The statuses after which a File with the same ``modified`` is not fetched again.
_FINAL = frozenset({"text", "too-large", "type", "no-text"})

_PDF: Final = "application/pdf"
_ALLOWED_TYPES: Final = (_PDF, "text/plain", "text/html", "text/csv", "application/xhtml+xml")
# Content that shows what it is, whatever the server calls it.
_MAGIC: Final = (
    (b"%PDF-", _PDF),
    (b"PK\x03\x04", "application/zip (z. B. DOCX)"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"\xd0\xcf\x11\xe0", "application/msword"),
)
_TOO_LARGE = "Antwort zu groß"


@attrs.frozen
class FileOptions:
    """``max_bytes`` per file; ``types``: the content types (``mimeType``) whose text is read."""

    max_bytes: int = DEFAULT_MAX_BYTES
    types: tuple[str, ...] = _ALLOWED_TYPES


@attrs.frozen
class FileReport:
    """What ``--files`` did: files whose text was stored, left as they were (unchanged since the
    last sync), refused (too large, another type, no text) and failed (tried again next time)."""

    fetched: int = 0
    unchanged: int = 0
    refused: int = 0
    failed: int = 0


@attrs.frozen
class _Outcome:
    status: str
    content_type: str | None = None
    size: int | None = None
    text: str | None = None
    message: str | None = None


def fetch_files(
    store: Store,
    client: OParlClient,
    run: int,
    allow: str,
    options: FileOptions | None = None,
    note: Callable[[str], None] = lambda _text: None,
) -> FileReport:
    """Fetch the files of the papers in ``store`` that are new or changed (see the module),
    recording them in run ``run``; ``allow`` is the URL of the system synced (its host is
    allowed, as for the sync). Never raises for a file: each failure is a problem of the run."""
    options = options or FileOptions()
    counts = {"text": 0, "unchanged": 0, "refused": 0, "failed": 0}
    todo: list[tuple[str, dict[str, Any], str | None]] = []
    seen: set[str] = set()
    for paper, item in store.paper_files():
        url = item["id"]
        if url in seen:  # named by two papers: fetched once, for the first
            continue
        seen.add(url)
        modified = item.get("modified") if isinstance(item.get("modified"), str) else None
        known = store.file_state(url)
        # Unchanged (the same ``modified``, or none then and now) and done: not again.
        if known is not None and known[0] == modified and known[1] in _FINAL:
            counts["unchanged"] += 1
            continue
        todo.append((paper, item, modified))
    files_client = OParlClient(
        attrs.evolve(client.options, max_bytes=options.max_bytes),
        client.url_map,
        tuple(client.extra_hosts),
    )
    files_client.allow(allow)
    files_client.stop_at = client.stop_at
    pool = ThreadPoolExecutor(max(1, client.options.concurrency))
    try:
        for (paper, item, modified), outcome in zip(
            todo, _outcomes(pool, files_client, todo, options), strict=True
        ):
            url = item["id"]
            if outcome.status == "failed" and _past(files_client):
                counts["failed"] += 1  # the sync's deadline: the next sync tries again
                continue
            store.save_file(
                run,
                url,
                paper,
                modified=modified,
                status=outcome.status,
                content_type=outcome.content_type,
                size=outcome.size,
                text=outcome.text,
                message=outcome.message,
            )
            if outcome.status == "text":
                counts["text"] += 1
            else:
                counts["failed" if outcome.status == "failed" else "refused"] += 1
                note(f"Datei {url}: {outcome.message}")
    finally:
        # Interrupted (Ctrl-C, a full disk): the files not yet started are not fetched at all.
        pool.shutdown(wait=True, cancel_futures=True)
        files_client.close()
    return FileReport(counts["text"], counts["unchanged"], counts["refused"], counts["failed"])


def _outcomes(
    pool: ThreadPoolExecutor,
    client: OParlClient,
    todo: list[tuple[str, dict[str, Any], str | None]],
    options: FileOptions,
) -> Iterator[_Outcome]:
    return pool.map(lambda entry: _fetch_one(client, entry[1], options), todo)


def _fetch_one(client: OParlClient, item: dict[str, Any], options: FileOptions) -> _Outcome:
    """One File: fetched (unless its ``mimeType`` or ``size`` already refuses it) and its text."""
    declared = _media_type(item.get("mimeType"))
    if declared is not None and declared not in options.types:
        return _Outcome("type", declared, message=f"Dateityp {declared} wird nicht gelesen")
    size = item.get("size")
    if isinstance(size, int) and not isinstance(size, bool) and size > options.max_bytes:
        return _Outcome(
            "too-large",
            declared,
            size,
            message=f"zu groß ({size} Bytes, erlaubt {options.max_bytes}); nicht geholt",
        )
    url = next(
        (item[key] for key in ("downloadUrl", "accessUrl") if isinstance(item.get(key), str)),
        None,
    )
    if url is None:
        return _Outcome("no-text", declared, message="weder downloadUrl noch accessUrl")
    try:
        data = client.get_bytes(url)
    except FetchError as exc:
        if exc.reason.startswith(_TOO_LARGE):
            return _Outcome("too-large", declared, message=f"{url}: {exc.reason}")
        return _Outcome("failed", declared, message=f"{url}: {exc.reason}")
    sniffed = next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)
    kind = sniffed or declared or ("text/html" if _looks_like_html(data) else "text/plain")
    if declared == _PDF and sniffed != _PDF:
        return _Outcome(
            "type", sniffed, len(data), message=f"{url}: als PDF angekündigt, ist aber keins"
        )
    if kind not in options.types:
        return _Outcome(
            "type", kind, len(data), message=f"{url}: Dateityp {kind} wird nicht gelesen"
        )
    try:
        text = InputFile(str(item.get("fileName") or url), data).text()
    except Exception as exc:  # a broken PDF or text: recorded, the sync goes on
        return _Outcome("no-text", kind, len(data), message=f"{url}: kein Text lesbar ({exc})")
    if kind in ("text/html", "application/xhtml+xml") or (
        sniffed is None and _looks_like_html(data)
    ):
        text = _html_text(text)
    if not text.strip():
        return _Outcome("no-text", kind, len(data), message=f"{url}: die Datei enthält keinen Text")
    return _Outcome("text", kind, len(data), text)


def _past(client: OParlClient) -> bool:
    return client.stop_at is not None and time.monotonic() >= client.stop_at


def _media_type(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.split(";", 1)[0].strip().lower() or None


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


class _TextOfHtml(html.parser.HTMLParser):
    _SKIP: Final = frozenset({"script", "style", "head", "title"})
    _BREAK: Final = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_text(text: str) -> str:
    """The text of an HTML document, without tags, scripts and styles."""
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    return re.sub(r"[ \t]+", " ", "".join(parser.parts)).strip()
