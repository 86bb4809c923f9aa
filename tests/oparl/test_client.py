"""The OParl client against real HTTP servers on 127.0.0.1: retries, limits, pagination."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from oparl_servers import FAKE_BASE, FixtureServer, _Server
from oparl_support import local_client

from integrationkonzept.oparl.client import (
    FetchError,
    HostNotAllowedError,
    NotFoundError,
    OParlError,
    UrlMap,
    modified_since,
    parse_page,
    with_params,
)


class OddServer(_Server):
    """Answers that real servers give on bad days, one per path."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0

    def answer(self, path: str, query: str) -> tuple[Any, ...]:
        with self.lock:
            self.calls[path] = self.calls.get(path, 0) + 1
            count = self.calls[path]
        if path == "/flaky":
            if count <= 2:
                return 503, b"{}", {"Retry-After": "0"}
            return 200, b'{"id": "x", "type": "https://schema.oparl.org/1.1/System"}'
        if path == "/broken":
            return 500, b'{"error": "kaputt"}'
        if path == "/gone":
            return 404, b'{"error": "weg"}'
        if path == "/forbidden":
            return 403, b"{}"
        if path == "/slow":
            time.sleep(1.0)
            return 200, b"{}"
        if path == "/big":
            return 200, b'{"data": "' + b"x" * 5000 + b'"}'
        if path == "/big-undeclared":
            return 200, b'{"data": "' + b"x" * 5000 + b'"}', {"X-No-Length": "1"}
        if path == "/html":
            return 200, b"<html>Wartungsarbeiten</html>"
        if path == "/latin1":
            return 200, '{"name": "Bürgerausschuss"}'.encode("cp1252")
        if path == "/elsewhere":
            return 302, b"", {"Location": "http://192.0.2.1/oparl"}
        if path == "/loop":
            url = f"{self.origin}/loop"
            return 200, json.dumps({"data": [], "links": {"next": url}}).encode()
        if path == "/wait":
            with self.lock:
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
            time.sleep(0.05)
            with self.lock:
                self.in_flight -= 1
            return 200, b'{"id": "w"}'
        return 404, b"{}"


@pytest.fixture
def odd() -> Iterator[OddServer]:
    with OddServer() as server:
        yield server


def test_5xx_is_retried_until_it_succeeds(odd: OddServer) -> None:
    with local_client() as client:
        client.allow(odd.origin)
        assert client.get_object(odd.origin + "/flaky")["id"] == "x"
    assert odd.calls["/flaky"] == 3


def test_retries_end_with_an_error_naming_the_url(odd: OddServer) -> None:
    with local_client(retries=2) as client:
        client.allow(odd.origin)
        with pytest.raises(FetchError) as caught:
            client.get_object(odd.origin + "/broken")
    assert odd.calls["/broken"] == 3
    assert caught.value.status == 500
    assert str(caught.value) == f"{odd.origin}/broken: HTTP 500 (nach 3 Versuchen)"


def test_404_and_403_are_not_retried(odd: OddServer) -> None:
    with local_client() as client:
        client.allow(odd.origin)
        with pytest.raises(NotFoundError):
            client.get_object(odd.origin + "/gone")
        with pytest.raises(FetchError, match="HTTP 403"):
            client.get_object(odd.origin + "/forbidden")
    assert odd.calls["/gone"] == 1
    assert odd.calls["/forbidden"] == 1


def test_timeout_is_retried_then_reported(odd: OddServer) -> None:
    with local_client(timeout=0.2, retries=1) as client:
        client.allow(odd.origin)
        with pytest.raises(FetchError, match=r"keine Antwort innerhalb von 0\.2 s"):
            client.get_object(odd.origin + "/slow")
    assert odd.calls["/slow"] == 2


@pytest.mark.parametrize("path", ["/big", "/big-undeclared"])
def test_responses_over_the_limit_are_refused(odd: OddServer, path: str) -> None:
    with local_client(max_bytes=1000) as client:
        client.allow(odd.origin)
        with pytest.raises(FetchError, match="Antwort zu groß"):
            client.get_object(odd.origin + path)
    with local_client(max_bytes=10_000) as client:
        client.allow(odd.origin)
        assert len(client.get_object(odd.origin + path)["data"]) == 5000


def test_not_json_and_windows_1252(odd: OddServer) -> None:
    with local_client() as client:
        client.allow(odd.origin)
        with pytest.raises(FetchError, match="kein gültiges JSON"):
            client.get_object(odd.origin + "/html")
        assert client.get_object(odd.origin + "/latin1") == {"name": "Bürgerausschuss"}


def test_requests_go_to_allowed_hosts_only(odd: OddServer) -> None:
    with local_client() as client:
        with pytest.raises(HostNotAllowedError, match=r"127\.0\.0\.1"):
            client.get_object(odd.origin + "/flaky")  # not allowed yet
        client.allow(odd.origin)
        with pytest.raises(HostNotAllowedError, match=r"192\.0\.2\.1"):
            client.get_object(odd.origin + "/elsewhere")  # a redirect to another host
        with pytest.raises(HostNotAllowedError, match=r"example\.org"):
            client.get_object("https://example.org/oparl/system")
    assert "/flaky" not in odd.calls


def test_concurrency_limit(odd: OddServer) -> None:
    with local_client() as client:
        client.allow(odd.origin)
        threads = [
            threading.Thread(target=client.get_object, args=(odd.origin + "/wait",))
            for _ in range(12)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert odd.calls["/wait"] == 12
    assert 1 <= odd.max_in_flight <= client.options.concurrency == 4


def test_a_next_link_back_to_a_seen_page_ends_the_list(odd: OddServer) -> None:
    with local_client() as client:
        client.allow(odd.origin)
        pages = client.pages(odd.origin + "/loop")
        assert next(pages).next_url is None
        with pytest.raises(FetchError, match="schon gelesene Seite"):
            next(pages)


def test_base_url_mapping_and_dropped_filter(fixture_server: FixtureServer) -> None:
    since = "2024-01-01T00:00:00+01:00"
    with local_client(fixture_server) as client:
        client.allow(FAKE_BASE)
        pages = list(client.pages(FAKE_BASE + "body/1/paper", {"modified_since": since}))
    # Objects keep the server's own URLs; only the requests went to 127.0.0.1.
    assert pages[0].url.startswith(FAKE_BASE)
    ids = [item["id"] for page in pages for item in page.items if isinstance(item, dict)]
    assert ids == fixture_server.list_ids("paper")
    requests = fixture_server.take_requests()
    assert len(requests) == 4  # 6 papers and a bad item, 2 per page
    for request in requests:  # the server dropped the filter from links.next: it is back
        assert parse_qs(urlsplit(request).query)["modified_since"] == [since]


def test_with_params_only_adds_what_is_missing() -> None:
    assert with_params("https://x/p?page=2", {"modified_since": "2024-01-01T00:00:00+01:00"}) == (
        "https://x/p?page=2&modified_since=2024-01-01T00%3A00%3A00%2B01%3A00"
    )
    assert with_params("https://x/p?modified_since=A&page=2", {"modified_since": "B"}) == (
        "https://x/p?modified_since=A&page=2"
    )
    assert with_params("https://x/p", {}) == "https://x/p"
    assert with_params("https://x/p", {"a": "1"}) == "https://x/p?a=1"


def test_url_map_and_modified_since() -> None:
    mapping = UrlMap.parse(["https://ris.example/oparl/=http://127.0.0.1:8000/"])
    assert mapping.apply("https://ris.example/oparl/system") == "http://127.0.0.1:8000/system"
    assert mapping.apply("https://other.example/system") == "https://other.example/system"
    with pytest.raises(OParlError, match="keine URL-Zuordnung"):
        UrlMap.parse(["https://ris.example/oparl/"])
    moment = dt.datetime(2024, 3, 5, 6, 7, 8, 999_999, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert modified_since(moment) == "2024-03-05T06:07:08+01:00"
    with pytest.raises(ValueError, match="aware"):
        modified_since(dt.datetime(2024, 3, 5))


def test_parse_page_shapes() -> None:
    page = parse_page(
        "u", {"data": [1], "links": {"next": "N/A"}, "pagination": {"totalElements": 9}}
    )
    assert (page.items, page.next_url, page.total) == ((1,), None, 9)
    assert parse_page("u", [{"id": "a"}]).items == ({"id": "a"},)
    assert parse_page("u", {"data": None}).items == ()
    with pytest.raises(FetchError, match="kein Array"):
        parse_page("u", {"data": {"id": "a"}})
    with pytest.raises(FetchError, match="keine OParl-Liste"):
        parse_page("u", "text")
