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
import httpcore
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
    "origin_of",
    "parse_page",
    "valid_url",
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
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port out of range raises here
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def valid_url(url: str) -> bool:
    """Whether ``url`` can be parsed (host, IPv6 brackets, port 0–65535) and requested."""
    if not _is_http(url):
        return False
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return True


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, lower case with the default port left out;
    ``None`` for anything else (``file:``, ``javascript:``, a malformed URL)."""
    if not _is_http(url):
        return None
    parts = urlsplit(url)
    port = parts.port
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    suffix = f":{port}" if port is not None and port != default else ""
    return f"{parts.scheme.lower()}://{host}{suffix}"


def host_of(url: str) -> str:
    """The host name (with port when given) of ``url``, lower case (``""`` when malformed)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    return f"{host}:{port}" if port else host


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
    #: ``pagination`` says this is the last page (``currentPage`` ≥ ``totalPages``).
    last: bool = False


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
    last = False
    if isinstance(pagination, dict):
        current, pages = pagination.get("currentPage"), pagination.get("totalPages")
        if (
            isinstance(current, int)
            and isinstance(pages, int)
            and _count(current)
            and _count(pages)
        ):
            last = current >= pages
    return Page(url, tuple(data), next_url, total, size, last)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@attrs.frozen
class ClientOptions:
    """Limits for talking to one server.

    ``timeout`` seconds per request, ``retries`` further attempts after a failure that may pass
    (5xx, 429, timeouts, lost connections) with ``backoff`` seconds doubling each time,
    ``concurrency`` requests at once, ``max_bytes`` per response. ``deadline`` seconds for a
    whole request (a server sending a byte now and then keeps each read short); ``None`` means
    ten times ``timeout``.
    """

    timeout: float = 30.0
    retries: int = 4
    backoff: float = 0.5
    concurrency: int = 4
    max_bytes: int = 64 * 1024 * 1024
    user_agent: str = USER_AGENT
    deadline: float | None = None


_request_end = threading.local()


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read waits at most until the current request's deadline
    (``_request_end.at`` of the reading thread), the headers' reads included."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        end: float | None = getattr(_request_end, "at", None)
        if end is not None:
            left = end - time.monotonic()
            if left <= 0:
                raise httpcore.ReadTimeout("Zeitlimit der Anfrage erreicht")
            timeout = left if timeout is None else min(timeout, left)
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend with :class:`_DeadlineStream` connections."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _bound_by_deadlines(client: httpx.Client) -> None:
    """Make the connections of ``client``'s own transports (proxies from the environment
    included) wait no longer than each request's deadline.

    httpx offers no public way to choose the network backend, so the pools' backend is set
    where httpx 0.28 / httpcore 1.0 keep it; elsewhere only the reads of the body are bounded
    (see :meth:`OParlClient._read`).
    """
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        if isinstance(pool, httpcore.ConnectionPool) and hasattr(pool, "_network_backend"):
            pool._network_backend = _DeadlineBackend()


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
        #: The hosts allowed besides the system's own (``--allow-host``).
        self.extra_hosts = frozenset(host.lower() for host in allowed_hosts)
        self._allowed = set(self.extra_hosts)
        self._allowed.update(host_of(target) for target in self.url_map.targets())
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max(1, self.options.concurrency))
        self._lock = threading.Lock()
        #: Requests sent, bytes received (for reports and the benchmark).
        self.requests = 0
        self.bytes = 0
        #: ``time.monotonic()`` after which no request is started or finished (the sync's
        #: overall deadline); ``None``: none.
        self.stop_at: float | None = None
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
        if transport is None:
            _bound_by_deadlines(self._http)

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
        if not valid_url(target):
            if urlsplit_scheme(target) not in ("http", "https"):
                raise FetchError(url, "keine http(s)-URL")
            raise FetchError(url, "keine gültige URL (Host, IPv6-Adresse oder Port fehlerhaft)")
        if host_of(target) not in self._allowed:
            raise HostNotAllowedError(url, host_of(target))
        attempts = max(0, self.options.retries) + 1
        reason = ""
        status: int | None = None
        for attempt in range(attempts):
            delay = self.options.backoff * (2**attempt) * (0.75 + random.random() / 2)
            with self._slots:
                end, limit = self._deadline(url)
                _request_end.at = end
                try:
                    timeout = httpx.Timeout(max(0.01, min(self.options.timeout, limit)))
                    with self._http.stream("GET", target, timeout=timeout) as response:
                        status = response.status_code
                        if status in (404, 410):
                            raise NotFoundError(url, f"nicht gefunden (HTTP {status})", status)
                        if status in _RETRY_STATUS:
                            reason = f"HTTP {status}"
                            delay = max(delay, _retry_after(response.headers.get("Retry-After")))
                        elif status >= 400:
                            raise FetchError(url, f"HTTP {status}", status)
                        else:
                            return self._read(url, response, end)
                except httpx.TimeoutException:
                    if time.monotonic() >= end:
                        raise self._late(url) from None
                    reason, status = f"keine Antwort innerhalb von {self.options.timeout:g} s", None
                except httpx.TooManyRedirects:
                    raise FetchError(url, "zu viele Weiterleitungen (Schleife?)") from None
                except httpx.TransportError as exc:
                    reason, status = f"Verbindungsfehler ({type(exc).__name__}: {exc})", None
                except (httpx.RequestError, httpx.InvalidURL) as exc:
                    raise FetchError(
                        url, f"Anfrage fehlgeschlagen ({type(exc).__name__})"
                    ) from None
                finally:
                    _request_end.at = None
            if attempt + 1 < attempts:
                self._sleep(delay)
        tries = "Versuch" if attempts == 1 else "Versuchen"
        raise FetchError(url, f"{reason} (nach {attempts} {tries})", status)

    def _deadline(self, url: str) -> tuple[float, float]:
        """The moment (monotonic) a request started now must be done by, and the seconds left;
        past the sync's deadline a :class:`FetchError`."""
        now = time.monotonic()
        total = self.options.deadline
        end = now + (total if total is not None else 10 * self.options.timeout)
        if self.stop_at is not None:
            if now >= self.stop_at:
                raise FetchError(url, "Zeitlimit des Abgleichs erreicht")
            end = min(end, self.stop_at)
        return end, end - now

    def _late(self, url: str) -> FetchError:
        if self.stop_at is not None and time.monotonic() >= self.stop_at:
            return FetchError(url, "Zeitlimit des Abgleichs erreicht")
        total = self.options.deadline
        seconds = total if total is not None else 10 * self.options.timeout
        return FetchError(url, f"Antwort nicht innerhalb von {seconds:g} s vollständig")

    def _read(self, url: str, response: httpx.Response, end: float) -> bytes:
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
            if time.monotonic() >= end:
                raise self._late(url)
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

    def pages(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        max_pages: int | None = None,
        max_empty: int | None = None,
    ) -> Iterator[Page]:
        """Every page of the list at ``url`` with ``params`` (filters), following ``links.next``.

        Each page's ``next_url`` already carries the filters again. A server whose ``next``
        points back to a page already seen ends the list with a :class:`FetchError`; so do
        more than ``max_pages`` pages, ``max_empty`` empty pages in a row and a ``next`` that
        is no valid URL (its page is yielded with its own URL as ``next_url``, so that the bad
        link is never kept as a checkpoint). A page that ``pagination`` calls the last ends the
        list (``last`` set, ``next_url`` dropped).
        """
        params = dict(params or {})
        current: str | None = with_params(url, params)
        seen: set[str] = set()
        count = empty = 0
        while current is not None:
            seen.add(current)
            page = self.get_page(current)
            count += 1
            empty = 0 if page.items else empty + 1
            if page.last and page.next_url is not None:
                yield attrs.evolve(page, next_url=None)
                return
            if page.next_url is not None and not valid_url(self.url_map.apply(page.next_url)):
                yield attrs.evolve(page, next_url=current)
                raise FetchError(
                    page.url, f"„links.next“ ist keine gültige URL: {_cut(page.next_url)}"
                )
            next_url = with_params(page.next_url, params) if page.next_url else None
            page = attrs.evolve(page, next_url=next_url, last=False)
            if next_url is not None and next_url in seen:
                yield attrs.evolve(page, next_url=None)
                raise FetchError(next_url, "„links.next“ zeigt auf eine schon gelesene Seite")
            yield page
            if next_url is not None and max_pages is not None and count >= max_pages:
                raise FetchError(
                    current, f"nach {count} Seiten abgebrochen (höchstens {max_pages} je Abgleich)"
                )
            if next_url is not None and max_empty is not None and empty >= max_empty:
                raise FetchError(current, f"nach {empty} leeren Seiten in Folge abgebrochen")
            current = next_url


def _cut(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def urlsplit_scheme(url: str) -> str:
    """The scheme of ``url``, lower case (``""`` when there is none)."""
    scheme, sep, _ = url.partition(":")
    return scheme.lower() if sep and scheme.isascii() and scheme.isalpha() else ""


def decode_json(url: str, body: bytes) -> Any:
    """Parse a response body: UTF-8 JSON, or Windows-1252 as some servers send it."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(body.decode("cp1252", errors="strict"))
    except RecursionError:
        raise FetchError(url, "die Antwort ist zu tief verschachteltes JSON") from None
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
