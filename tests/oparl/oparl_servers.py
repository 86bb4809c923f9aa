"""Real HTTP servers on 127.0.0.1 for the OParl tests and the benchmark.

- :class:`ReplayServer` serves the Hürtgenwald snapshot (``shared/data/oparl-huertgenwald``), a
  complete real OParl 1.0 API, with the original host rewritten to its own address. It answers
  list pages as recorded, filters by ``modified_since`` like a real server, serves single objects
  (embedded ones too) and answers 404 for everything else, the objects listed in
  ``missing_ids.json`` among them.
- :class:`FixtureServer` is a small OParl 1.1 API written for these tests: its objects carry the
  ids of a fictitious host (``https://oparl.beispielstadt.example``) that the client maps to the
  server, and it misbehaves on purpose (see the class).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

ORIGINAL_HOST = "https://sdnetrim.kdvz-frechen.de"
REPLAY_PREFIX = "/rim4220/webservice/oparl/v1.0/"
PAGE_SIZE = 25


def _parse_time(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


class _QuietServer(ThreadingHTTPServer):
    """A test server that does not print a client hanging up (the sync stopped for a deadline or
    a full disk) as an error: the traceback would land in the stderr a test captures."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Server:
    """A threading HTTP server on 127.0.0.1 with a random port; ``answer`` does the routing."""

    def __init__(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with outer.lock:
                    outer.requests.append(self.path)
                if outer.delay:
                    time.sleep(outer.delay)
                status, body, *extra = outer.answer(parts.path, parts.query)
                headers: dict[str, str] = extra[0] if extra else {}
                if "X-Drip-Headers" in headers:
                    # The whole answer, headers too, one byte every so often.
                    head = (
                        f"HTTP/1.1 {status} OK\r\nContent-Length: {len(body)}\r\n"
                        f"X-Padding: {'x' * 100}\r\n\r\n"
                    )
                    raw = head.encode() + body
                    self.close_connection = True
                    try:
                        for index in range(len(raw)):
                            self.wfile.write(raw[index : index + 1])
                            self.wfile.flush()
                            time.sleep(float(headers["X-Drip-Headers"]))
                    except OSError:
                        pass
                    return
                self.send_response(status)
                content_type = headers.pop("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Type", content_type)
                cut = headers.pop("X-Cut-At", None)
                if cut is not None:  # a transfer that breaks off: less than announced
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.wfile.write(body[: int(cut)])
                        self.wfile.flush()
                    return
                if headers.pop("X-No-Length", None) is None:
                    self.send_header("Content-Length", str(len(body)))
                else:  # the length is not declared: the body ends when the connection closes
                    self.send_header("Connection", "close")
                    self.close_connection = True
                drip = headers.pop("X-Drip", None)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if drip is None:
                    with contextlib.suppress(OSError):  # the client gave up (a deadline)
                        self.wfile.write(body)
                    return
                # One byte every ``drip`` seconds (a server that never quite finishes).
                try:
                    for index in range(len(body)):
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(float(drip))
                except OSError:
                    pass

            def log_message(self, *_args: object) -> None:
                pass

        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.delay = 0.0
        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    def answer(self, path: str, query: str) -> tuple[Any, ...]:
        """``(status, body)`` or ``(status, body, headers)`` for a GET."""
        raise NotImplementedError

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Any:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def take_requests(self) -> list[str]:
        """The request paths since the last call."""
        with self.lock:
            found, self.requests = self.requests, []
        return found


def _not_found(url: str) -> tuple[int, bytes]:
    return 404, json.dumps({"error": "not found", "url": url}).encode()


class ReplayServer(_Server):
    """The Hürtgenwald snapshot as a live OParl 1.0 server (see the module)."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.base = self.origin + REPLAY_PREFIX
        self.files: dict[str, bytes] = {}
        for path in sorted(root.rglob("*.json")):
            name = path.relative_to(root).as_posix()[: -len(".json")]
            if name == "missing_ids":
                continue
            text = path.read_text(encoding="utf-8").replace(ORIGINAL_HOST, self.origin)
            self.files[name] = text.encode()
        self._index: dict[str, Any] | None = None
        self._lists: dict[str, list[dict[str, Any]]] | None = None

    def _load(self) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
        """Parse every page once: objects by id (embedded ones too), and each list in order."""
        if self._index is not None and self._lists is not None:
            return self._index, self._lists
        index: dict[str, Any] = {}
        lists: dict[str, list[dict[str, Any]]] = {}

        def walk(value: Any) -> None:
            if isinstance(value, dict):
                if isinstance(value.get("id"), str):
                    index.setdefault(value["id"], value)
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        def page_number(name: str) -> int:
            return int(name.rsplit("=", 1)[1]) if "?page=" in name else 1

        for name in sorted(self.files, key=lambda n: (n.split("?")[0], page_number(n))):
            document = json.loads(self.files[name])
            if isinstance(document, dict) and isinstance(document.get("data"), list):
                lists.setdefault(name.split("?")[0], []).extend(document["data"])
            walk(document)
        self._index, self._lists = index, lists
        return index, lists

    def touch(self, count: int, when: dt.datetime) -> list[str]:
        """Mark the first ``count`` papers as modified at ``when`` (for an incremental run)."""
        _index, lists = self._load()
        changed = []
        for paper in lists["body/1/paper"][:count]:
            paper["modified"] = when.isoformat(timespec="seconds")
            changed.append(paper["id"])
        self._rebuild_pages("body/1/paper", lists["body/1/paper"])
        return changed

    def _rebuild_pages(self, name: str, items: list[dict[str, Any]]) -> None:
        for file_name in list(self.files):
            if file_name.split("?")[0] != name:
                continue
            document = json.loads(self.files[file_name])
            ids = [item.get("id") for item in document["data"]]
            by_id = {item["id"]: item for item in items}
            old = document["data"]
            document["data"] = [by_id.get(i, item) for i, item in zip(ids, old, strict=True)]
            self.files[file_name] = json.dumps(document).encode()

    def answer(self, path: str, query: str) -> tuple[int, bytes]:
        if not path.startswith(REPLAY_PREFIX):
            return _not_found(path)
        name = path[len(REPLAY_PREFIX) :].rstrip("/")
        params = parse_qs(query)
        since = params.get("modified_since", [None])[0]
        page = int(params.get("page", ["1"])[0])
        if since is not None:
            return self._filtered(name, _parse_time(since), page)
        key = name if page == 1 else f"{name}?page={page}"
        if key in self.files:
            return 200, self.files[key]
        index, _ = self._load()
        url = self.base + name
        if url in index:
            return 200, json.dumps(index[url]).encode()
        return _not_found(url)

    def _filtered(self, name: str, since: dt.datetime, page: int) -> tuple[int, bytes]:
        _, lists = self._load()
        if name not in lists:
            return _not_found(self.base + name)
        found = [
            item
            for item in lists[name]
            if "modified" in item and _parse_time(item["modified"]) >= since
        ]
        pages = max(1, -(-len(found) // PAGE_SIZE))
        stamp = quote(since.isoformat(), safe="")
        url = f"{self.base}{name}?modified_since={stamp}"
        links = {"first": f"{url}&page=1", "self": f"{url}&page={page}"}
        if page < pages:
            links["next"] = f"{url}&page={page + 1}"
        document = {
            "data": found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            "pagination": {
                "totalElements": len(found),
                "elementsPerPage": PAGE_SIZE,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }
        return 200, json.dumps(document).encode()


FAKE_BASE = "https://oparl.beispielstadt.example/oparl/v1.1/"
T1 = "https://schema.oparl.org/1.1/"


class FixtureServer(_Server):
    """A small OParl 1.1 API (Beispielstadt, AGS 09999999) that misbehaves on purpose.

    - Ids use :data:`FAKE_BASE`; the client must map it to :attr:`origin` (``url_map``).
    - Pages of 2 objects. The paper list drops ``modified_since`` from ``links.next`` after
      page 1 (and then answers unfiltered), so the client must put it back.
    - Page 2 of the meeting list answers 500 on the first request and succeeds on the retry.
    - A consultation names organization ``organization/99``, which answers 404.
    - Placeholders: ``"N/A"``, ``""``, ``[]``; a title with control characters.
    - Paper 1 embeds its consultations; paper 2 names them by URL (the consultation list has
      them too; consultation ``c3`` is only reachable by URL). Meeting 1 embeds its agenda
      items; meeting 2 names them by URL.
    - The paper list holds a bad item (a string) that must be reported and skipped.
    - :meth:`update`, :meth:`delete` and :meth:`add_paper` change the data between syncs;
      a deleted object is listed as ``{"id", "deleted": true, "modified"}`` without ``type``.
    """

    def __init__(self, papers: int = 6, page_size: int = 2) -> None:
        super().__init__()
        self.page_size = page_size
        self.fail_once: set[str] = {"meeting?page=2"}
        self.failed: set[str] = set()
        self.clock = dt.datetime(2024, 1, 10, 12, 0, tzinfo=dt.UTC)
        self.objects: dict[str, dict[str, Any]] = {}
        self.lists: dict[str, list[str]] = {}
        self.bad_items: list[Any] = ["kein Objekt"]
        #: File contents by path (``file/1/download``): ``(status, body, headers)``.
        self.contents: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self._build(papers)

    # Data --------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return FAKE_BASE + path

    def _stamp(self) -> str:
        return self.clock.isoformat(timespec="seconds")

    def _add(self, list_name: str | None, path: str, kind: str, **fields: Any) -> dict[str, Any]:
        obj = {"id": self.url(path), "type": T1 + kind, **fields}
        obj.setdefault("created", self._stamp())
        obj.setdefault("modified", self._stamp())
        self.objects[path] = obj
        if list_name is not None:
            self.lists.setdefault(list_name, []).append(path)
        return obj

    def _build(self, papers: int) -> None:
        u = self.url
        self._add(
            None,
            "system",
            "System",
            oparlVersion="https://schema.oparl.org/1.1/",
            body=u("body"),
            name="Beispiel-RIS",
        )
        self._add(
            "body",
            "body/1",
            "Body",
            system=u("system"),
            name="Beispielstadt",
            ags="09999999",
            organization=u("body/1/organization"),
            person=u("body/1/person"),
            meeting=u("body/1/meeting"),
            paper=u("body/1/paper"),
            agendaItem=u("body/1/agendaItem"),
            consultation=u("body/1/consultation"),
            legislativeTerm=[],
        )
        self._add(
            "organization",
            "organization/1",
            "Organization",
            body=u("body/1"),
            name="Stadtrat",
            shortName="SR",
            classification="Gremium",
        )
        self._add(
            "organization",
            "organization/2",
            "Organization",
            body=u("body/1"),
            name="Migrantenbeirat",
            shortName="N/A",
            classification="",
        )
        self._add(
            "organization",
            "organization/3",
            "Organization",
            body=u("body/1"),
            name="Amt für Integration",
            organizationType="Verwaltung",
        )
        self._add(
            "person", "person/1", "Person", body=u("body/1"), name="Erika Muster", location="N/A"
        )
        # Meeting 1 embeds its agenda items, meeting 2 names them by URL.
        self._add(
            "meeting",
            "meeting/1",
            "Meeting",
            body=u("body/1"),
            name="Migrantenbeirat (3. Sitzung)",
            start="2024-01-15T17:00:00+01:00",
            organization=[u("organization/2")],
            agendaItem=[
                {
                    "id": u("agendaItem/1"),
                    "type": T1 + "AgendaItem",
                    "meeting": u("meeting/1"),
                    "number": "1",
                    "order": 1,
                    "name": "Fortschreibung des Integrationskonzepts",
                    "consultation": u("consultation/c1"),
                    "result": "Einstimmig empfohlen\r\n",
                    "public": True,
                },
                {
                    "id": u("agendaItem/2"),
                    "type": T1 + "AgendaItem",
                    "meeting": u("meeting/1"),
                    "number": "2",
                    "order": 2,
                    "name": "Verschiedenes",
                    "result": "N/A",
                },
            ],
        )
        self._add(
            "meeting",
            "meeting/2",
            "Meeting",
            body=u("body/1"),
            name="Stadtrat (12. Sitzung)",
            start="2024-02-01T16:00:00+01:00",
            organization=[u("organization/1")],
            agendaItem=[u("agendaItem/3"), u("agendaItem/4")],
        )
        self._add(
            "meeting",
            "meeting/3",
            "Meeting",
            body=u("body/1"),
            name="Stadtrat (13. Sitzung)",
            start="2024-03-07T16:00:00+01:00",
            organization=[u("organization/1")],
            agendaItem=[u("agendaItem/5")],
        )
        self._add(
            "agendaItem",
            "agendaItem/3",
            "AgendaItem",
            meeting=u("meeting/2"),
            number="5",
            order=5,
            name="Fortschreibung des Integrationskonzepts",
            consultation=u("consultation/c2"),
            result="geändert beschlossen: 40 Ja-Stimmen, 7 Nein-Stimmen, 7 Enthaltungen",
            resolutionText="Der Stadtrat beschließt die Fortschreibung mit Änderungen.",
        )
        self._add(
            "agendaItem",
            "agendaItem/4",
            "AgendaItem",
            meeting=u("meeting/2"),
            number="6",
            order=6,
            name="Sanierung Turnhalle",
            consultation=u("consultation/c3"),
            result="13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen",
        )
        self._add(
            "agendaItem",
            "agendaItem/5",
            "AgendaItem",
            meeting=u("meeting/3"),
            number="2",
            order=2,
            name="Sprachmittlerpool",
            consultation=u("consultation/c4"),
            result="abgelehnt, 10 Ja-Stimmen, 20 Nein-Stimmen, 1 Enthaltung",
        )
        # Paper 1 embeds its consultations (1.1 style).
        self._add(
            "paper",
            "paper/1",
            "Paper",
            body=u("body/1"),
            name="Fortschreibung des Integrationskonzepts\x07\x00",
            reference="BS-DS-0001/24",
            date="2024-01-05",
            paperType="Beschlussvorlage",
            underDirectionOf=[u("organization/3")],
            keyword=[],
            consultation=[
                {
                    "id": u("consultation/c1"),
                    "type": T1 + "Consultation",
                    "paper": u("paper/1"),
                    "agendaItem": u("agendaItem/1"),
                    "meeting": u("meeting/1"),
                    "organization": [u("organization/2")],
                    "role": "Vorberatung",
                    "authoritative": False,
                },
                {
                    "id": u("consultation/c2"),
                    "type": T1 + "Consultation",
                    "paper": u("paper/1"),
                    "agendaItem": u("agendaItem/3"),
                    "meeting": u("meeting/2"),
                    "organization": [u("organization/1")],
                    "role": "Beschlussfassung",
                    "authoritative": True,
                },
            ],
        )
        # Paper 2 names its consultations by URL; c3 is in no list.
        self._add(
            "paper",
            "paper/2",
            "Paper",
            body=u("body/1"),
            name="Sanierung der Turnhalle",
            reference="BS-DS-0002/24",
            date="N/A",
            paperType="",
            originatorPerson=[u("person/1")],
            relatedPaper=[u("paper/1")],
            consultation=[u("consultation/c3"), u("consultation/c4")],
        )
        self._add(
            None,
            "consultation/c3",
            "Consultation",
            paper=u("paper/2"),
            agendaItem=u("agendaItem/4"),
            meeting=u("meeting/2"),
            organization=[u("organization/1")],
            role="Beschlussfassung",
            authoritative=True,
        )
        self._add(
            "consultation",
            "consultation/c4",
            "Consultation",
            agendaItem=u("agendaItem/5"),
            meeting=u("meeting/3"),
            organization=[u("organization/99")],
            role="Kenntnisnahme",
        )
        for number in range(3, papers + 1):
            self._add(
                "paper",
                f"paper/{number}",
                "Paper",
                body=u("body/1"),
                name=f"Vorlage Nummer {number}",
                reference=f"BS-DS-{number:04d}/24",
                date="2024-02-0" + str(1 + number % 9),
                paperType="Mitteilungsvorlage",
            )

    def advance(self, seconds: int = 60) -> None:
        """Move the server's clock on (it stamps ``modified`` with it)."""
        self.clock += dt.timedelta(seconds=seconds)

    def set_clock(self, when: dt.datetime) -> None:
        """Set the server's clock."""
        self.clock = when

    def update(self, path: str, **fields: Any) -> None:
        """Change an object; it gets the current clock as ``modified``."""
        self.objects[path].update(fields, modified=self._stamp())

    def delete(self, path: str) -> None:
        """Delete an object: it stays in its list as a tombstone without ``type``."""
        self.objects[path] = {
            "id": self.url(path),
            "deleted": True,
            "created": self.objects[path]["created"],
            "modified": self._stamp(),
        }

    def add_paper(self, number: int, name: str) -> None:
        """A new paper."""
        self._add(
            "paper",
            f"paper/{number}",
            "Paper",
            body=self.url("body/1"),
            name=name,
            reference=f"BS-DS-{number:04d}/24",
            date="2024-03-01",
            paperType="Antrag",
        )

    def list_ids(self, name: str) -> list[str]:
        """The ids of a list's objects (tombstones included)."""
        return [self.url(path) for path in self.lists[name]]

    # HTTP --------------------------------------------------------------------------------

    def answer(self, path: str, query: str) -> tuple[Any, ...]:
        prefix = urlsplit(FAKE_BASE).path
        if not path.startswith(prefix):
            return _not_found(path)
        name = path[len(prefix) :]
        params = parse_qs(query)
        page = int(params.get("page", ["1"])[0])
        key = f"{name.rsplit('/', 1)[-1]}?page={page}"
        if key in self.fail_once and key not in self.failed:
            self.failed.add(key)
            return 500, b'{"error": "interner Fehler"}'
        list_name = {
            "body": "body",
            "body/1/organization": "organization",
            "body/1/person": "person",
            "body/1/meeting": "meeting",
            "body/1/paper": "paper",
            "body/1/agendaItem": "agendaItem",
            "body/1/consultation": "consultation",
        }.get(name)
        if list_name is not None:
            since = params.get("modified_since", [None])[0]
            return 200, self._page(name, list_name, page, since)
        if name in self.contents:
            status, body, headers = self.contents[name]
            return status, body, dict(headers)
        if name in self.objects:
            return 200, json.dumps(self.objects[name]).encode()
        return _not_found(self.url(name))

    def _page(self, name: str, list_name: str, page: int, since: str | None) -> bytes:
        items = [copy.deepcopy(self.objects[path]) for path in self.lists.get(list_name, [])]
        if since is not None:
            limit = _parse_time(since)
            items = [item for item in items if _parse_time(item["modified"]) >= limit]
        if list_name == "paper":
            items = [*self.bad_items, *items]
        size = self.page_size
        pages = max(1, -(-len(items) // size))
        base = self.url(name)
        query = f"modified_since={quote(since, safe='')}&" if since else ""
        links = {"first": f"{base}?{query}page=1"}
        if page < pages:
            # The paper list forgets the filter from page 2 on (a real server bug).
            keep = query if not (list_name == "paper" and page >= 1) else ""
            links["next"] = f"{base}?{keep}page={page + 1}"
        document = {
            "data": items[(page - 1) * size : page * size],
            "pagination": {"totalElements": len(items), "currentPage": page, "totalPages": pages},
            "links": links,
        }
        return json.dumps(document).encode()


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds passed."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class HostileServer(_Server):
    """A small OParl system whose lists misbehave as a test tells them to.

    Ids live under the server's own origin (no mapping needed): the System at
    ``base + "system"``, one Body ``base + "body/1"`` with the lists paper, meeting and
    organization. ``routes`` maps a path below ``/oparl/`` to a function ``(query) -> answer``
    (``(status, body[, headers])``); a list without a route is one page holding ``items[name]``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[str, Callable[[dict[str, list[str]]], tuple[Any, ...]]] = {}
        self.items: dict[str, list[Any]] = {"paper": [], "meeting": [], "organization": []}
        self.serve_under("/oparl/")

    def serve_under(self, root: str) -> None:
        """Be the system under ``root`` from now on (as a host serving several cities' systems
        is, each under its own folder)."""
        self.root = root
        self.base = self.origin + root
        self.system = {
            "id": self.base + "system",
            "type": T1 + "System",
            "oparlVersion": T1,
            "body": self.base + "bodies",
        }
        self.body = {
            "id": self.base + "body/1",
            "type": T1 + "Body",
            "system": self.base + "system",
            "name": "Feindstadt",
            **{name: self.base + f"body/1/{name}" for name in self.items},
        }

    def paper(self, number: int, name: str = "Vorlage", **fields: Any) -> dict[str, Any]:
        """A paper of this system."""
        return {
            "id": self.base + f"paper/{number}",
            "type": T1 + "Paper",
            "body": self.base + "body/1",
            "name": name,
            "reference": f"FS-{number:04d}",
            **fields,
        }

    def answer(self, path: str, query: str) -> tuple[Any, ...]:
        if not path.startswith(self.root):
            return _not_found(path)
        name = path[len(self.root) :]
        params = parse_qs(query)
        if name in self.routes:
            return self.routes[name](params)
        if name == "system":
            return 200, json.dumps(self.system).encode()
        if name == "bodies":
            return 200, json.dumps({"data": [self.body], "links": {}}).encode()
        if name == "body/1":
            return 200, json.dumps(self.body).encode()
        if name.startswith("body/1/") and name[len("body/1/") :] in self.items:
            data = self.items[name[len("body/1/") :]]
            return 200, json.dumps({"data": data, "links": {}}).encode()
        return _not_found(self.base + name)
