"""Hostile OParl servers on 127.0.0.1: foreign ids, broken URLs, endless lists, slow answers."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from oparl_servers import T1, HostileServer
from oparl_support import local_client
from test_cli_oparl import oparl

from integrationkonzept.oparl.client import ClientOptions, FetchError, OParlClient, UrlMap
from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import SyncOptions, SyncReport, summary_lines, sync


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def run(store: Store, server: HostileServer, **options: Any) -> SyncReport:
    with local_client(timeout=2.0, retries=1) as client:
        return sync(store, client, server.base + "system", SyncOptions(**options))


def problems(report: SyncReport) -> str:
    return "\n".join(f"{url}: {message}" for url, message in report.problems)


def by_kind(report: SyncReport) -> dict[str, Any]:
    return {item.kind: item for item in report.lists}


# Objects from elsewhere -----------------------------------------------------------------------


def test_objects_outside_the_system_are_refused(store: Store, hostile: HostileServer) -> None:
    foreign = [
        "http://evil.example/oparl/paper/1",
        "file:///etc/passwd",
        "javascript:alert(1)",
        hostile.base.replace("127.0.0.1", "127.0.0.2") + "paper/9",
    ]
    hostile.items["paper"] = [
        hostile.paper(1),
        *({**hostile.paper(2), "id": url} for url in foreign),
        {**hostile.paper(3, "ÜBERSCHRIEBEN"), "id": hostile.body["id"]},
        {**hostile.paper(4, "ÜBERSCHRIEBEN"), "id": hostile.system["id"]},
    ]
    hostile.items["meeting"] = [{"id": hostile.body["id"], "deleted": True}]
    report = run(store, hostile)
    for url in foreign:
        assert store.raw(url) is None
        assert url in problems(report)
    assert store.ids("Paper") == (hostile.base + "paper/1",)
    body = store.raw(hostile.body["id"])
    system = store.raw(hostile.system["id"])
    assert body is not None
    assert body["type"] == T1 + "Body"
    assert system is not None
    assert system["type"] == T1 + "System"
    assert store.bodies()[0][3] is False  # not deleted
    assert "außerhalb" in problems(report)
    assert "Körperschaft" in problems(report)
    assert "Systems" in problems(report)


def test_a_second_system_never_changes_the_first(store: Store, hostile: HostileServer) -> None:
    hostile.items["paper"] = [hostile.paper(1, "Echte Vorlage")]
    run(store, hostile)
    with HostileServer() as other:
        other.items["paper"] = [
            other.paper(1),
            {**hostile.paper(1, "VERGIFTET von anderem System")},
            {**hostile.paper(2, "untergeschoben")},
        ]
        other.items["meeting"] = [{"id": hostile.paper(1)["id"], "deleted": True}]
        report = run(store, other)
    paper = store.raw(hostile.paper(1)["id"])
    assert paper is not None
    assert paper["name"] == "Echte Vorlage"
    assert store.raw(hostile.paper(2)["id"]) is None
    assert store.raw(hostile.body["id"]) is not None
    assert set(store.ids("Paper")) == {hostile.paper(1)["id"], other.paper(1)["id"]}
    assert hostile.paper(1)["id"] in problems(report)


def test_two_systems_on_one_host_keep_apart(store: Store, hostile: HostileServer) -> None:
    # One host serving several cities, each under its own folder (as hosted RIS products do).
    hostile.serve_under("/stadt-a/oparl/")
    hostile.items["paper"] = [hostile.paper(1, "Echte Vorlage")]
    run(store, hostile)
    first = hostile.paper(1)["id"]
    hostile.serve_under("/stadt-b/oparl/")
    hostile.items["paper"] = [
        hostile.paper(1),
        {**hostile.paper(2), "id": first, "name": "VERGIFTET von Stadt B"},
    ]
    hostile.items["meeting"] = [{"id": first, "deleted": True}]
    report = run(store, hostile)
    paper = store.raw(first)
    assert paper is not None
    assert paper["name"] == "Echte Vorlage"
    assert set(store.ids("Paper")) == {first, hostile.paper(1)["id"]}
    assert f"„{first}“ außerhalb des Systems ({hostile.base}) abgelehnt" in problems(report)


def test_a_body_url_narrows_to_its_system(store: Store, hostile: HostileServer) -> None:
    hostile.serve_under("/stadt-b/oparl/")
    elsewhere = hostile.origin + "/stadt-a/oparl/paper/7"
    hostile.items["paper"] = [hostile.paper(1), {**hostile.paper(2), "id": elsewhere}]
    with local_client(timeout=2.0, retries=1) as client:
        report = sync(store, client, hostile.body["id"])
    assert store.ids("Paper") == (hostile.paper(1)["id"],)
    assert elsewhere in problems(report)


def test_ids_on_an_allowed_host_are_accepted(store: Store, hostile: HostileServer) -> None:
    # The same server under a second name, allowed with --allow-host.
    alias = hostile.base.replace("127.0.0.1", "localhost")
    hostile.items["paper"] = [hostile.paper(1), {**hostile.paper(2), "id": alias + "paper/2"}]
    options = ClientOptions(timeout=2.0, retries=0, backoff=0.01)
    allowed = alias.split("/")[2]
    with OParlClient(options, allowed_hosts=[allowed]) as client:
        report = sync(store, client, hostile.base + "system")
    assert set(store.ids("Paper")) == {hostile.paper(1)["id"], alias + "paper/2"}, problems(report)
    with local_client(timeout=2.0, retries=1) as client:
        report = sync(store, client, hostile.base + "system", SyncOptions(full=True))
    assert alias + "paper/2" in problems(report)


def test_ids_of_the_original_host_are_accepted_through_the_mapping(
    store: Store, hostile: HostileServer
) -> None:
    original = "https://ris.feindstadt.example/oparl/"
    text = json.dumps([hostile.system, hostile.body, hostile.paper(1)])
    system, body, paper = json.loads(text.replace(hostile.base, original))
    hostile.system, hostile.body, hostile.items["paper"] = system, body, [paper]
    hostile.items["meeting"] = [{**hostile.paper(2), "id": "https://ris.feindstadt.example.org/x"}]
    options = ClientOptions(timeout=2.0, retries=0, backoff=0.01)
    with OParlClient(options, UrlMap(((original, hostile.base),))) as client:
        report = sync(store, client, hostile.base + "system")
    assert store.ids("Paper") == (original + "paper/1",)
    assert "ris.feindstadt.example.org/x" in problems(report)


# Broken URLs, redirect loops, deep JSON ---------------------------------------------------------


def test_a_redirect_loop_ends_that_list_only(store: Store, hostile: HostileServer) -> None:
    loop = hostile.base + "body/1/paper"
    hostile.routes["body/1/paper"] = lambda _q: (302, b"", {"Location": loop})
    hostile.items["meeting"] = [{"id": hostile.base + "meeting/1", "type": T1 + "Meeting"}]
    report = run(store, hostile)
    lists = by_kind(report)
    assert not lists["paper"].complete
    assert lists["meeting"].complete
    assert lists["organization"].complete
    assert "Weiterleitungen" in problems(report)


@pytest.mark.parametrize("bad", ["http://127.0.0.1:99999/oparl/x", "http://[::1/oparl/x"])
def test_a_bad_next_link_is_reported_and_never_saved(
    store: Store, hostile: HostileServer, bad: str
) -> None:
    page = {"data": [hostile.paper(1)], "links": {"next": bad}}
    hostile.routes["body/1/paper"] = lambda _q: (200, json.dumps(page).encode())
    for full in (False, True, False):
        report = run(store, hostile, full=full)
        lists = by_kind(report)
        assert not lists["paper"].complete
        assert lists["meeting"].complete
        assert lists["organization"].complete
        assert "keine gültige URL" in problems(report)
        state = store.list_state(hostile.base + "body/1/paper")
        assert state is not None
        assert state.next_url != bad
    assert store.ids("Paper") == (hostile.base + "paper/1",)


@pytest.mark.parametrize("bad", ["http://127.0.0.1:99999/oparl/c", "http://[::1/oparl/c"])
def test_a_bad_reference_is_a_problem(store: Store, hostile: HostileServer, bad: str) -> None:
    hostile.items["paper"] = [hostile.paper(1, consultation=[bad])]
    report = run(store, hostile)
    assert report.complete
    assert "keine gültige URL" in problems(report)


def test_json_nested_too_deep_is_refused(store: Store, hostile: HostileServer) -> None:
    deep = b"[" * 3000 + b"]" * 3000
    hostile.routes["body/1/paper"] = lambda _q: (200, deep)
    hostile.routes["deep"] = lambda _q: (200, deep)
    with local_client() as client:
        client.allow(hostile.origin)
        with pytest.raises(FetchError, match="zu tief verschachtelt"):
            client.get_json(hostile.base + "deep")
    report = run(store, hostile)
    assert not by_kind(report)["paper"].complete
    assert by_kind(report)["meeting"].complete


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/oparl/system", "http://[::1/oparl/system"])
def test_a_bad_command_line_url_is_one_error_line(tmp_path: Path, url: str) -> None:
    result = oparl("sync", url, "--db", str(tmp_path / "db.sqlite3"), "--retries", "0")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("Fehler: ")
    assert "keine gültige URL" in result.stderr


def test_redirect_loop_on_the_command_line_url(tmp_path: Path, hostile: HostileServer) -> None:
    loop = hostile.base + "system"
    hostile.routes["system"] = lambda _q: (302, b"", {"Location": loop})
    result = oparl("sync", loop, "--db", str(tmp_path / "db.sqlite3"), "--retries", "0")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Weiterleitungen" in result.stderr


# Slow servers ------------------------------------------------------------------------------------


def endless(server: HostileServer, name: str, empty: bool = False, pause: float = 0.0) -> None:
    """``name`` becomes a list with a fresh ``next`` on every page (ending after 1000 pages, so
    that a test against a client without limits ends too)."""

    def answer(query: dict[str, list[str]]) -> tuple[Any, ...]:
        time.sleep(pause)
        number = int(query.get("page", ["1"])[0])
        data = [] if empty else [server.paper(number)]
        links = {"next": f"{server.base}{name}?page={number + 1}"} if number < 1000 else {}
        return 200, json.dumps({"data": data, "links": links}).encode()

    server.routes[name] = answer


def test_a_trickling_answer_hits_the_request_deadline(hostile: HostileServer) -> None:
    hostile.routes["drip"] = lambda _q: (200, b'{"id": "' + b"x" * 60 + b'"}', {"X-Drip": "0.1"})
    options = ClientOptions(timeout=0.5, retries=2, backoff=0.01, deadline=1.0)
    with OParlClient(options) as client:
        client.allow(hostile.origin)
        began = time.monotonic()
        with pytest.raises(FetchError, match="nicht innerhalb von 1 s vollständig"):
            client.get_bytes(hostile.base + "drip")
        assert time.monotonic() - began < 3


def test_trickling_headers_hit_the_request_deadline(hostile: HostileServer) -> None:
    hostile.routes["drip"] = lambda _q: (200, b'{"id": "x"}', {"X-Drip-Headers": "0.05"})
    options = ClientOptions(timeout=0.5, retries=0, backoff=0.01, deadline=1.0)
    with OParlClient(options) as client:
        client.allow(hostile.origin)
        began = time.monotonic()
        with pytest.raises(FetchError, match="nicht innerhalb von 1 s vollständig"):
            client.get_bytes(hostile.base + "drip")
        assert time.monotonic() - began < 3


def test_the_sync_deadline_ends_an_endless_sync(store: Store, hostile: HostileServer) -> None:
    endless(hostile, "body/1/paper", pause=0.2)
    began = time.monotonic()
    report = run(store, hostile, deadline=1.5, max_pages=None)
    assert time.monotonic() - began < 5
    lists = by_kind(report)
    assert not lists["paper"].complete
    assert lists["meeting"].complete
    assert "Zeitlimit des Abgleichs (1.5 s) erreicht" in problems(report)
    state = store.list_state(hostile.base + "body/1/paper")
    assert state is not None
    assert state.next_url is not None  # the next sync continues there


def test_the_deadline_on_the_command_line(tmp_path: Path, hostile: HostileServer) -> None:
    endless(hostile, "body/1/paper", pause=0.2)
    database = str(tmp_path / "db.sqlite3")
    result = oparl("sync", hostile.base + "system", "--db", database, "--deadline", "1")
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Zeitlimit des Abgleichs (1 s) erreicht" in result.stderr


# Endless lists ---------------------------------------------------------------------------------


def test_endless_empty_pages_end_the_list(store: Store, hostile: HostileServer) -> None:
    endless(hostile, "body/1/paper", empty=True)
    report = run(store, hostile)  # at most 20 empty pages in a row by default
    lists = by_kind(report)
    assert not lists["paper"].complete
    assert lists["paper"].pages == 20
    assert lists["meeting"].complete
    assert "nach 20 leeren Seiten in Folge abgebrochen" in problems(report)


def test_a_list_stops_after_max_pages_and_continues_next_time(
    store: Store, hostile: HostileServer
) -> None:
    endless(hostile, "body/1/paper")
    report = run(store, hostile, max_pages=4)
    lists = by_kind(report)
    assert not lists["paper"].complete
    assert lists["paper"].pages == 4
    assert lists["meeting"].complete
    assert "nach 4 Seiten abgebrochen" in problems(report)
    again = by_kind(run(store, hostile, max_pages=4))["paper"]
    assert again.resumed
    assert len(store.ids("Paper")) == 8


def test_pagination_ends_a_list_with_a_next_link(store: Store, hostile: HostileServer) -> None:
    page = {
        "data": [hostile.paper(1)],
        "pagination": {"currentPage": 1, "totalPages": 1, "totalElements": 1},
        "links": {"next": hostile.base + "body/1/paper?page=2"},
    }
    hostile.routes["body/1/paper"] = lambda q: (
        (200, json.dumps(page).encode()) if "page" not in q else (404, b"{}")
    )
    report = run(store, hostile)
    assert report.complete
    assert by_kind(report)["paper"].pages == 1
    assert "laut „pagination“ zu Ende" in problems(report)


# Empty filtered lists as 404 (Sternberg) -------------------------------------------------------


def test_a_filtered_list_answered_with_404_is_read_unfiltered(
    store: Store, hostile: HostileServer
) -> None:
    papers = [hostile.paper(1), hostile.paper(2)]

    def answer(query: dict[str, list[str]]) -> tuple[Any, ...]:
        if "modified_since" in query:
            return 404, json.dumps({"error": "Keine Datensätze gefunden"}).encode()
        return 200, json.dumps({"data": papers, "links": {}}).encode()

    hostile.routes["body/1/paper"] = answer
    assert run(store, hostile).complete
    papers[1] = hostile.paper(2, "geändert")
    report = run(store, hostile)
    assert report.complete, problems(report)
    paper = by_kind(report)["paper"]
    assert paper.unfiltered
    assert paper.since is not None
    changed = store.raw(hostile.paper(2)["id"])
    assert changed is not None
    assert changed["name"] == "geändert"
    assert store.filter_404() == (hostile.base + "body/1/paper",)
    assert "ungefiltert gelesen" in "\n".join(summary_lines(report))
    again = run(store, hostile)
    assert again.complete
