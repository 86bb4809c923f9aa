"""Fetching from an OParl server: httpx with timeouts, retries, limits and pagination.

Real servers are slow and break: every request has a timeout, 5xx answers, 429 and connection
errors are retried with exponential backoff, at most ``concurrency`` requests run at once (the
client is shared by threads), and a response larger than ``max_bytes`` is refused. Lists are
followed through ``links.next`` to the end; a filter the server drops from ``links.next`` is put
back. Server URLs are used as given, except through an explicit :class:`UrlMap` (for mirrors and
tests), and requests go only to the allowed hosts.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs
import httpx
import orjson

from ..errors import IntegrationskonzeptError
from .clean import clean_text, ref

__all__ = [
    "ClientOptions",
    "FetchError",
    "HostNotAllowedError",
    "NotFoundError",
    "OParlClient",
    "OParlError",
    "Page",
    "UrlMap",
    "modified_since",
    "parse_page",
    "with_params",
]

USER_AGENT = "integrationkonzept-oparl/0.1 (+https://schema.oparl.org)"
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 60.0


class OParlError(IntegrationskonzeptError):
    """Something went wrong talking to an OParl server; the message is for the user."""


class FetchError(OParlError):
    """A URL could not be fetched (after retries) or did not answer with an OParl JSON document.

    ``url`` is the URL as the server names it, ``status`` the HTTP status when there was one.
    """

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")


class NotFoundError(FetchError):
    """The server answered 404 or 410: the object does not exist (any more)."""


class HostNotAllowedError(FetchError):
    """A URL points at a host the sync may not contact (never retried)."""

    def __init__(self, url: str, host: str) -> None:
        super().__init__(
            url,
            f"der Host „{host}“ gehört nicht zum Abgleich "
            "(erlauben mit --allow-host oder abbilden mit --map)",
        )


@attrs.frozen
class UrlMap:
    """Explicit base-URL mapping: a URL starting with ``prefix`` is fetched from ``target``.

    Objects keep the URLs the server gave them; only the address a request goes to changes.
    """

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, specs: Sequence[str]) -> UrlMap:
        """Read ``FROM=TO`` pairs (from the command line)."""
        pairs = []
        for spec in specs:
            source, sep, target = spec.partition("=")
            if not sep or not _is_http(source) or not _is_http(target):
                raise OParlError(
                    f"„{spec}“ ist keine URL-Zuordnung (erwartet: https://original/...=http://kopie/...)"
                )
            pairs.append((source, target))
        return cls(tuple(pairs))

    def apply(self, url: str) -> str:
        """The address to fetch ``url`` from: the first matching prefix replaced."""
        for source, target in self.pairs:
            if url.startswith(source):
                return target + url[len(source) :]
        return url

    def targets(self) -> tuple[str, ...]:
        """The mapped-to base URLs."""
        return tuple(target for _, target in self.pairs)


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def host_of(url: str) -> str:
    """The host name (with port when given) of ``url``, lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def with_params(url: str, params: Mapping[str, str]) -> str:
    """``url`` with each of ``params`` added to its query where the server dropped it.

    Parameters the URL already carries stay as they are (the server's own value wins).
    """
    if not params:
        return url
    parts = urlsplit(url)
    present = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    missing = {key: value for key, value in params.items() if key not in present}
    if not missing:
        return url
    query = parts.query + ("&" if parts.query else "") + urlencode(missing)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def modified_since(moment: dt.datetime) -> str:
    """The value of a ``modified_since`` filter: whole seconds, with the UTC offset."""
    if moment.tzinfo is None:
        raise ValueError("modified_since needs an aware datetime")
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


@attrs.frozen
class Page:
    """One page of an OParl list: its URL, its items (raw), the next page's URL, the total."""

    url: str
    items: tuple[Any, ...]
    next_url: str | None
    total: int | None = None
    size: int = 0


def parse_page(url: str, document: Any, size: int = 0) -> Page:
    """Read a list page ``{data, pagination, links}``; a bare array counts as ``data``."""
    if isinstance(document, list):
        return Page(url, tuple(document), None, None, size)
    if not isinstance(document, dict):
        raise FetchError(url, "die Antwort ist keine OParl-Liste")
    data = document.get("data")
    if data is None:
        data = []
    if not isinstance(data, list):
        raise FetchError(url, "„data“ der Liste ist kein Array")
    links = document.get("links")
    next_url = ref(links.get("next")) if isinstance(links, dict) else None
    pagination = document.get("pagination")
    total = pagination.get("totalElements") if isinstance(pagination, dict) else None
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        total = None
    return Page(url, tuple(data), next_url, total, size)


@attrs.frozen
class ClientOptions:
    """Limits for talking to one server.

    ``timeout`` seconds per request, ``retries`` further attempts after a failure that may pass
    (5xx, 429, timeouts, lost connections) with ``backoff`` seconds doubling each time,
    ``concurrency`` requests at once, ``max_bytes`` per response.
    """

    timeout: float = 30.0
    retries: int = 4
    backoff: float = 0.5
    concurrency: int = 4
    max_bytes: int = 64 * 1024 * 1024
    user_agent: str = USER_AGENT


class OParlClient:
    """A thread-safe OParl client on one ``httpx.Client``.

    ``allowed_hosts`` are the hosts requests may go to (after mapping); ``None`` allows the hosts
    of the URLs passed to :meth:`allow` only, so a server cannot send the sync elsewhere.
    ``transport`` and ``sleep`` exist for tests.
    """

    def __init__(
        self,
        options: ClientOptions | None = None,
        url_map: UrlMap | None = None,
        allowed_hosts: Sequence[str] = (),
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options or ClientOptions()
        self.url_map = url_map or UrlMap()
        self._allowed = {host.lower() for host in allowed_hosts}
        self._allowed.update(host_of(target) for target in self.url_map.targets())
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max(1, self.options.concurrency))
        self._lock = threading.Lock()
        #: Requests sent, bytes received (for reports and the benchmark).
        self.requests = 0
        self.bytes = 0
        limits = httpx.Limits(
            max_connections=max(1, self.options.concurrency),
            max_keepalive_connections=max(1, self.options.concurrency),
        )
        self._http = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout),
            limits=limits,
            headers={"Accept": "application/json", "User-Agent": self.options.user_agent},
            follow_redirects=True,
            transport=transport,
            event_hooks={"request": [self._check_request]},
        )

    def __enter__(self) -> OParlClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def allow(self, url: str) -> None:
        """Allow requests to the host of ``url`` (as it is fetched, after mapping)."""
        self._allowed.add(host_of(self.url_map.apply(url)))

    def _check_request(self, request: httpx.Request) -> None:
        # Runs for every request, redirects included.
        host = host_of(str(request.url))
        if host not in self._allowed:
            raise HostNotAllowedError(str(request.url), host)

    def get_bytes(self, url: str) -> bytes:
        """The body of ``url``, after retries; raises :class:`FetchError` or a subclass."""
        target = self.url_map.apply(url)
        if not _is_http(target):
            raise FetchError(url, "keine http(s)-URL")
        if host_of(target) not in self._allowed:
            raise HostNotAllowedError(url, host_of(target))
        attempts = max(0, self.options.retries) + 1
        reason = ""
        status: int | None = None
        for attempt in range(attempts):
            delay = self.options.backoff * (2**attempt) * (0.75 + random.random() / 2)
            with self._slots:
                try:
                    with self._http.stream("GET", target) as response:
                        status = response.status_code
                        if status in (404, 410):
                            raise NotFoundError(url, f"nicht gefunden (HTTP {status})", status)
                        if status in _RETRY_STATUS:
                            reason = f"HTTP {status}"
                            delay = max(delay, _retry_after(response.headers.get("Retry-After")))
                        elif status >= 400:
                            raise FetchError(url, f"HTTP {status}", status)
                        else:
                            return self._read(url, response)
                except httpx.TimeoutException:
                    reason, status = f"keine Antwort innerhalb von {self.options.timeout:g} s", None
                except httpx.TransportError as exc:
                    reason, status = f"Verbindungsfehler ({type(exc).__name__}: {exc})", None
            if attempt + 1 < attempts:
                self._sleep(delay)
        tries = "Versuch" if attempts == 1 else "Versuchen"
        raise FetchError(url, f"{reason} (nach {attempts} {tries})", status)

    def _read(self, url: str, response: httpx.Response) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"Antwort zu groß ({int(declared)} Bytes, erlaubt {limit})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"Antwort zu groß (mehr als {limit} Bytes)")
            chunks.append(chunk)
        with self._lock:
            self.requests += 1
            self.bytes += size
        return b"".join(chunks)

    def get_json(self, url: str) -> tuple[Any, int]:
        """The JSON document at ``url`` and its size in bytes."""
        body = self.get_bytes(url)
        return decode_json(url, body), len(body)

    def get_object(self, url: str) -> dict[str, Any]:
        """The OParl object at ``url``."""
        document, _ = self.get_json(url)
        if not isinstance(document, dict):
            raise FetchError(url, "die Antwort ist kein OParl-Objekt")
        return document

    def get_page(self, url: str) -> Page:
        """The list page at ``url``."""
        document, size = self.get_json(url)
        return parse_page(url, document, size)

    def pages(self, url: str, params: Mapping[str, str] | None = None) -> Iterator[Page]:
        """Every page of the list at ``url`` with ``params`` (filters), following ``links.next``.

        Each page's ``next_url`` already carries the filters again. A server whose ``next``
        points back to a page already seen ends the list with a :class:`FetchError`.
        """
        params = dict(params or {})
        current: str | None = with_params(url, params)
        seen: set[str] = set()
        while current is not None:
            seen.add(current)
            page = self.get_page(current)
            next_url = with_params(page.next_url, params) if page.next_url else None
            page = attrs.evolve(page, next_url=next_url)
            if next_url is not None and next_url in seen:
                yield attrs.evolve(page, next_url=None)
                raise FetchError(next_url, "„links.next“ zeigt auf eine schon gelesene Seite")
            yield page
            current = next_url


def decode_json(url: str, body: bytes) -> Any:
    """Parse a response body: UTF-8 JSON, or Windows-1252 as some servers send it."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(body.decode("cp1252", errors="strict"))
    except (UnicodeDecodeError, ValueError):
        raise FetchError(url, "die Antwort ist kein gültiges JSON") from None


def _retry_after(value: str | None) -> float:
    text = clean_text(value)
    if text is None:
        return 0.0
    try:
        return min(max(float(text), 0.0), _MAX_RETRY_AFTER)
    except ValueError:
        return 0.0
