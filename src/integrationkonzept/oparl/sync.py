"""A full or incremental sync of an OParl system (or one body) into the store.

System → bodies → each body's lists (organization, person, meeting, paper; with OParl 1.1 also
agendaItem, consultation, file, membership where the body offers them). Lists are fetched in
parallel threads (at most ``concurrency`` requests at once, through the client), each following
``links.next``; the pages are written by this thread as they arrive, one transaction per page
with the list's checkpoint. Then the references the mapping needs and no list delivered
(a consultation's meeting, a paper's lead organisation, …) are fetched one by one; those that
answer 404 are recorded as missing and the sync goes on.

With ``SyncOptions(files=True)`` (``oparl sync --files``) the papers' files are fetched last and
their text is added to the search index (:mod:`.files`).

Incremental: a list's next pass asks for ``modified_since`` the start (in whole seconds) of the
list's last completed pass; a pass that was interrupted continues from its checkpoint with the
filter it started with, and only its completion moves the list's ``modified_since`` on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import attrs

from .clean import ref, short_type
from .client import (
    FetchError,
    NotFoundError,
    OParlClient,
    OParlError,
    Page,
    UrlMap,
    host_of,
    modified_since,
    origin_of,
    valid_url,
)
from .extract import LIST_TYPES, Extracted, Row, extract
from .files import DEFAULT_MAX_BYTES, FileOptions, FileReport, fetch_files
from .store import ListState, Store

__all__ = [
    "DEFAULT_LISTS",
    "ListReport",
    "NullProgress",
    "Progress",
    "SyncOptions",
    "SyncReport",
    "sync",
]

#: The lists of a Body that are synced, in this order.
DEFAULT_LISTS: tuple[str, ...] = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
)
_BERLIN = ZoneInfo("Europe/Berlin")
_RESOLVE_ROUNDS = 4
_BATCH = 50


class Progress(Protocol):
    """What a sync reports while it runs (the command line shows it as progress bars)."""

    def list_started(self, key: str, label: str, total: int | None, done: int) -> None:
        """A list pass begins (``done`` objects already written by an interrupted pass)."""

    def page_done(self, key: str, objects: int, total: int | None) -> None:
        """A page with ``objects`` objects was written; ``total`` as the server counts them."""

    def list_finished(self, key: str, complete: bool) -> None:
        """A list pass ended, completely or not."""

    def note(self, text: str) -> None:
        """Something worth telling (in German)."""


class NullProgress:
    """Reports nothing."""

    def list_started(self, key: str, label: str, total: int | None, done: int) -> None:
        """Nothing."""

    def page_done(self, key: str, objects: int, total: int | None) -> None:
        """Nothing."""

    def list_finished(self, key: str, complete: bool) -> None:
        """Nothing."""

    def note(self, text: str) -> None:
        """Nothing."""


@attrs.frozen
class SyncOptions:
    """``full``: ignore ``modified_since`` (fetch everything again); ``resolve``: fetch the
    referenced objects the mapping needs; ``lists``: the body lists to sync.

    Limits against servers that never end: ``deadline`` seconds for the whole sync (``None``:
    none; what is saved stays, the next sync continues), ``max_pages`` pages per list and
    sync, ``max_empty_pages`` empty pages in a row; a list stopped by a limit is incomplete.
    """

    full: bool = False
    resolve: bool = True
    lists: tuple[str, ...] = DEFAULT_LISTS
    deadline: float | None = None
    max_pages: int | None = 100_000
    max_empty_pages: int | None = 20
    #: Fetch the papers' files and index their text (see :mod:`.files`), each at most
    #: ``file_max_bytes`` long.
    files: bool = False
    file_max_bytes: int = DEFAULT_MAX_BYTES


@attrs.frozen
class ListReport:
    """How one list's pass went."""

    url: str
    kind: str
    body: str
    pages: int
    objects: int
    deleted: int
    complete: bool
    resumed: bool
    since: str | None
    error: str | None = None
    #: The server answered the ``modified_since``-filtered list with 404; read unfiltered.
    unfiltered: bool = False


@attrs.frozen
class SyncReport:
    """What a sync did: its run number and start, each list, the referenced objects fetched and
    found missing, and the problems recorded (``(url, message)``)."""

    run: int
    started: dt.datetime
    lists: tuple[ListReport, ...]
    resolved: int = 0
    missing: int = 0
    problems: tuple[tuple[str, str], ...] = ()
    #: What ``--files`` did (``None`` without it).
    files: FileReport | None = None

    @property
    def complete(self) -> bool:
        """Whether every list was read to its end."""
        return all(item.complete for item in self.lists)


@attrs.define
class _Job:
    key: str
    kind: str
    body: str
    url: str
    start: str
    params: dict[str, str]
    resumed: bool
    done: int
    pages: int = 0
    objects: int = 0
    deleted: int = 0
    complete: bool = False
    error: str | None = None
    total: int | None = None
    unfiltered: bool = False


class _Scope:
    """Which objects a sync may write: ids under the base of the system it reads, and never the
    System's or a Body's id for anything but that System or Body (once written).

    The base is the folder of the System's id (``https://host/rim4550/oparl/v1.1/`` for
    ``…/v1.1/system``), as one host may serve the systems of several cities; until the System is
    known, the origin of the URL the sync started from. Ids are compared as they are fetched, so
    an explicit ``--map`` from the original host to a copy applies to them too, and ids on a host
    named with ``--allow-host`` are accepted.

    So a server cannot plant objects of another host (``file:``, ``javascript:`` …), replace
    its own System or Body, or change the rows of another system in the same database.
    """

    def __init__(self, url: str, url_map: UrlMap, extra_hosts: Iterable[str] = ()) -> None:
        self.url_map = url_map
        self.origin = origin_of(url)
        self.base = _folder(origin_of(url_map.apply(url)) or "", "/")
        self.extra_hosts = frozenset(host.lower() for host in extra_hosts)
        self.reserved: dict[str, str] = {}

    def narrow_to_system(self, system_id: object, start: str) -> None:
        """Take the folder of ``system_id`` as the base when the URL the sync started from lies
        under it (a Body's ``system`` that points elsewhere changes nothing)."""
        if not isinstance(system_id, str) or not valid_url(system_id):
            return
        fetched = self.url_map.apply(system_id)
        base = _folder(origin_of(fetched) or "", urlsplit(fetched).path.rstrip("/"))
        if self._fetched(start).startswith(base) and base.startswith(self.base):
            self.base = base

    def reserve(self, extracted: Extracted) -> None:
        for row in extracted.rows[:1]:
            self.reserved[row.id] = row.type

    def check(self, item: Extracted, where: str) -> Extracted:
        """``item`` without the rows it may not write, those reported as problems."""
        kept: list[Row] = []
        problems = list(item.problems)
        for index, row in enumerate(item.rows):
            reason = self._refuse(row)
            if reason is None:
                kept.append(row)
                continue
            problems.append((where, reason))
            if index == 0:  # the object itself: its embedded objects go with it
                return Extracted((), tuple(problems))
        if len(kept) == len(item.rows):
            return item
        return Extracted(tuple(kept), tuple(problems), item.children)

    def _fetched(self, url: str) -> str:
        """``url`` as it is fetched, with scheme and host in lower case (``""`` when no URL)."""
        target = self.url_map.apply(url)
        origin = origin_of(target)
        return "" if origin is None else origin + urlsplit(target).path

    def _refuse(self, row: Row) -> str | None:
        shown = row.id if len(row.id) <= 200 else row.id[:200] + "…"
        fetched = self._fetched(row.id)
        inside = bool(fetched) and (
            fetched.startswith(self.base) or host_of(self.url_map.apply(row.id)) in self.extra_hosts
        )
        if not inside:
            return f"Objekt mit id „{shown}“ außerhalb des Systems ({self.base}) abgelehnt"
        kind = self.reserved.get(row.id)
        if kind is not None and (kind != row.type or row.deleted):
            what = "des Systems" if kind == "System" else "der Körperschaft"
            return f"Objekt mit der id {what} („{shown}“) abgelehnt"
        return None


def _folder(origin: str, path: str) -> str:
    """``origin`` and ``path`` up to and including its last ``/``."""
    return origin + path[: path.rfind("/") + 1] if "/" in path else origin + "/"


def _now() -> dt.datetime:
    return dt.datetime.now(_BERLIN)


def sync(
    store: Store,
    client: OParlClient,
    url: str,
    options: SyncOptions | None = None,
    progress: Progress | None = None,
    now: Callable[[], dt.datetime] = _now,
) -> SyncReport:
    """Sync the OParl system or body at ``url`` into ``store``.

    Raises :class:`~integrationkonzept.oparl.client.OParlError` when ``url`` cannot be read or
    is not an OParl system or body; any other failure (a list page, a referenced object) is
    recorded and the sync goes on. Interrupted (Ctrl-C, kill), the next call resumes.
    """
    if not valid_url(client.url_map.apply(url)):
        raise OParlError(f"„{url}“ ist keine gültige URL (erwartet: http(s)://host/…)")
    options = options or SyncOptions()
    with store.sync_lock():
        previous = client.stop_at
        if options.deadline is not None:
            client.stop_at = time.monotonic() + options.deadline
        try:
            return _sync(store, client, url, options, progress or NullProgress(), now)
        finally:
            client.stop_at = previous


def _sync(
    store: Store,
    client: OParlClient,
    url: str,
    options: SyncOptions,
    progress: Progress,
    now: Callable[[], dt.datetime],
) -> SyncReport:
    started = now().replace(microsecond=0)
    client.allow(url)
    run = store.begin_run(url, started)
    status = "interrupted"
    scope = _Scope(url, client.url_map, client.extra_hosts)
    try:
        bodies = _bodies(store, client, url, run, scope)
        jobs = _jobs(store, bodies, options, started)
        _fetch_lists(store, client, run, jobs, progress, scope, options)
        for job in jobs:
            if job.unfiltered:
                store.note_filter_404(job.url)
        resolved, missing = (0, 0)
        if options.resolve and not _past(client):
            resolved, missing = _resolve(store, client, run, progress, scope)
        if _past(client):
            message = f"Zeitlimit des Abgleichs ({options.deadline:g} s) erreicht"
            store.add_problem(run, url, message + "; der nächste Aufruf setzt fort")
            progress.note(message)
        store.link_consultations()
        files = None
        if options.files and not _past(client):
            file_options = FileOptions(max_bytes=options.file_max_bytes)
            files = fetch_files(store, client, run, url, file_options, progress.note)
        reports = tuple(
            ListReport(
                url=job.url,
                kind=job.kind,
                body=job.body,
                pages=job.pages,
                objects=job.objects,
                deleted=job.deleted,
                complete=job.complete,
                resumed=job.resumed,
                since=job.params.get("modified_since"),
                error=job.error,
                unfiltered=job.unfiltered,
            )
            for job in jobs
        )
        problems = tuple((where, message) for _, where, message in store.problems(run))
        report = SyncReport(run, started, reports, resolved, missing, problems, files)
        status = "complete" if report.complete else "incomplete"
        return report
    except OParlError:
        status = "failed"
        raise
    finally:
        # The database may be gone with the interruption; the cause is what counts.
        with contextlib.suppress(Exception):
            store.finish_run(run, status, now())


def _past(client: OParlClient) -> bool:
    return client.stop_at is not None and time.monotonic() >= client.stop_at


def _entry(url: str, entry: dict[str, Any], kind: str, scope: _Scope) -> Extracted:
    found = scope.check(extract(entry, kind, url), url)
    if not found.rows:
        reason = found.problems[-1][1] if found.problems else "ohne „id“"
        raise OParlError(f"{url}: {reason}")
    scope.reserve(found)
    return found


def _bodies(
    store: Store, client: OParlClient, url: str, run: int, scope: _Scope
) -> list[dict[str, Any]]:
    entry = client.get_object(url)
    kind = short_type(entry.get("type"))
    if kind == "Body":
        scope.narrow_to_system(entry.get("system"), url)
        store.write_objects(run, [_entry(url, entry, "Body", scope)])
        return [entry]
    if kind != "System":
        raise OParlError(
            f"{url}: ist weder ein OParl-System noch eine Körperschaft (Body), "
            f"sondern {kind or 'kein OParl-Objekt'}"
        )
    scope.narrow_to_system(entry.get("id"), url)
    store.write_objects(run, [_entry(url, entry, "System", scope)])
    body_list = entry.get("body")
    if isinstance(body_list, list):  # embedded bodies (not per the standard, but seen)
        items: list[Any] = list(body_list)
    else:
        list_url = ref(body_list)
        if list_url is None:
            raise OParlError(f"{url}: das System nennt keine Liste der Körperschaften („body“)")
        items = []
        for page in client.pages(list_url):
            items.extend(page.items)
    extracted = [scope.check(extract(item, "Body", url), url) for item in items]
    for found in extracted:
        if found.rows and not found.rows[0].deleted:
            scope.reserve(found)
    store.write_objects(run, extracted)
    return [
        item
        for item, found in zip(items, extracted, strict=True)
        if found.rows and not found.rows[0].deleted and isinstance(item, dict)
    ]


def _jobs(
    store: Store, bodies: Sequence[dict[str, Any]], options: SyncOptions, started: dt.datetime
) -> list[_Job]:
    jobs = []
    for body in bodies:
        body_url = ref(body)
        assert body_url is not None
        for key in options.lists:
            list_url = ref(body.get(key))
            if list_url is None:
                continue
            state: ListState = store.begin_pass(
                list_url, key, body_url, modified_since(started), full=options.full
            )
            params = {"modified_since": state.pass_since} if state.pass_since else {}
            jobs.append(
                _Job(
                    key=f"{body_url} {key}",
                    kind=key,
                    body=body_url,
                    url=list_url,
                    start=state.next_url or list_url,
                    params=params,
                    resumed=state.next_url is not None,
                    done=state.objects,
                )
            )
    return jobs


def _fetch_lists(
    store: Store,
    client: OParlClient,
    run: int,
    jobs: list[_Job],
    progress: Progress,
    scope: _Scope,
    options: SyncOptions,
) -> None:
    if not jobs:
        return
    pages: queue.Queue[tuple[_Job, Page | None, BaseException | None]] = queue.Queue(
        maxsize=max(4, 2 * len(jobs))
    )
    todo: queue.SimpleQueue[_Job] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    stop = threading.Event()

    def put(item: tuple[_Job, Page | None, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                pages.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        while not stop.is_set():
            try:
                job = todo.get_nowait()
            except queue.Empty:
                return
            limits = (options.max_pages, options.max_empty_pages)
            try:
                try:
                    for page in client.pages(job.start, job.params, *limits):
                        if not put((job, page, None)):
                            return
                except NotFoundError:
                    if "modified_since" not in job.params:
                        raise
                    # Some servers (Sternberg) answer a filtered list without results with
                    # 404: read the whole list instead, so that no change is lost.
                    job.unfiltered = True
                    for page in client.pages(job.url, {}, *limits):
                        if not put((job, page, None)):
                            return
            except BaseException as exc:  # handed to the writing thread
                if not put((job, None, exc)):
                    return
                continue
            if not put((job, None, None)):
                return

    workers = [
        threading.Thread(target=produce, name=f"oparl-list-{index}", daemon=True)
        for index in range(min(len(jobs), max(1, client.options.concurrency)))
    ]
    for worker in workers:
        worker.start()
    started: set[str] = set()
    open_jobs = len(jobs)
    writer = _Writer()
    failed = True
    try:
        while open_jobs:
            try:
                job, page, error = pages.get(timeout=0.5)
            except queue.Empty:
                continue
            if job.key not in started and page is not None:
                started.add(job.key)
                job.total = page.total
                progress.list_started(job.key, _label(job), page.total, job.done)
            if page is not None:
                _write_page(writer, store, run, job, page, scope)
                progress.page_done(job.key, len(page.items), page.total)
                if page.next_url is None:
                    job.complete = True
                continue
            open_jobs -= 1
            if error is not None:
                if not isinstance(error, FetchError):
                    raise error
                job.complete = False
                job.error = str(error)
                writer.put(functools.partial(store.add_problem, run, error.url, error.reason))
                progress.note(f"Liste {_label(job)} unvollständig: {error}")
            if job.key not in started:
                started.add(job.key)
                progress.list_started(job.key, _label(job), None, job.done)
            progress.list_finished(job.key, job.complete)
        failed = False
    finally:
        stop.set()
        # Pages already fetched are written even when the sync was interrupted (a handful at
        # most, quickly); a write error is raised unless another error is on its way.
        writer.close(raise_error=not failed)
        for worker in workers:
            worker.join(timeout=5)


class _Writer:
    """Runs the database writes of the list pages in a thread of their own, in order.

    SQLite releases the GIL while it works, so writing one page overlaps with reading the next.
    Only this thread touches the database while the lists are fetched. After a failed write the
    rest is skipped and the error comes up at the next :meth:`put` or at :meth:`close`; each
    page is written with its checkpoint or not at all, so the next sync fetches what is missing.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="oparl-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            if self._error is not None:
                continue
            try:
                task()
            except BaseException as exc:  # handed to the sync's thread
                self._error = exc

    def put(self, task: Callable[[], None]) -> None:
        """Queue a write (waits while 8 are queued)."""
        if self._error is not None:
            raise self._error
        self._queue.put(task)

    def close(self, raise_error: bool = True) -> None:
        """Finish the queued writes and stop; raise a write error if asked to."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and raise_error:
            raise self._error


def _write_page(
    writer: _Writer, store: Store, run: int, job: _Job, page: Page, scope: _Scope
) -> None:
    expected = LIST_TYPES.get(job.kind)
    extracted = [scope.check(extract(item, expected, page.url), page.url) for item in page.items]
    notes = []
    if page.last:
        notes.append((page.url, "Liste laut „pagination“ zu Ende; „links.next“ nicht gefolgt"))
    writer.put(functools.partial(store.write_page, run, job.url, extracted, page.next_url, notes))
    job.pages += 1
    job.objects += sum(1 for item in extracted if item.rows)
    job.deleted += sum(1 for item in extracted if item.rows and item.rows[0].deleted)


def _label(job: _Job) -> str:
    return job.kind


def _resolve(
    store: Store, client: OParlClient, run: int, progress: Progress, scope: _Scope
) -> tuple[int, int]:
    """Fetch referenced objects the mapping needs and no list delivered."""
    tried: set[str] = set()
    resolved = missing = 0
    workers = max(1, client.options.concurrency)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="oparl-ref") as pool:
        for _ in range(_RESOLVE_ROUNDS):
            if _past(client):
                break
            todo = [(url, kind) for url, kind in store.unresolved(run) if url not in tried]
            if not todo:
                break
            progress.note(f"{len(todo)} verwiesene Objekte werden nachgeladen")
            tried.update(url for url, _ in todo)
            batch: list[Extracted] = []
            for url, kind, result in pool.map(lambda item: _fetch(client, *item), todo):
                if isinstance(result, NotFoundError):
                    store.add_missing(run, url, result.status, result.reason)
                    missing += 1
                elif isinstance(result, FetchError):
                    if not _past(client):  # after the deadline: one problem for the sync
                        store.add_problem(run, url, result.reason)
                else:
                    batch.append(scope.check(extract(result, kind or None, url), url))
                    resolved += 1
                if len(batch) >= _BATCH:
                    store.write_objects(run, batch)
                    batch = []
            if batch:
                store.write_objects(run, batch)
    return resolved, missing


def _fetch(
    client: OParlClient, url: str, kind: str
) -> tuple[str, str, dict[str, Any] | FetchError]:
    try:
        return url, kind, client.get_object(url)
    except FetchError as exc:
        return url, kind, exc


def summary_lines(report: SyncReport) -> Iterable[str]:
    """The report in German, one line per list and one for references and problems."""
    for item in report.lists:
        state = "vollständig" if item.complete else "UNVOLLSTÄNDIG"
        since = f", geändert seit {item.since}" if item.since else ""
        resumed = ", fortgesetzt" if item.resumed else ""
        deleted = f", davon {item.deleted} gelöscht" if item.deleted else ""
        unfiltered = (
            ", ungefiltert gelesen (der Server meldet eine leere gefilterte Liste als 404)"
            if item.unfiltered
            else ""
        )
        yield (
            f"{item.kind}: {item.objects} Objekte auf {item.pages} Seiten{deleted}"
            f"{since}{resumed}{unfiltered} – {state}"
        )
    yield (
        f"Verweise nachgeladen: {report.resolved}, nicht vorhanden (404): {report.missing}, "
        f"Probleme: {len(report.problems)}"
    )
    if report.files is not None:
        files = report.files
        yield (
            f"Dateien: {files.fetched} Texte gelesen, {files.unchanged} unverändert, "
            f"{files.refused} abgelehnt, {files.failed} fehlgeschlagen (beim nächsten Abgleich "
            "erneut)"
        )
