"""Servers for the OParl tests: the Hürtgenwald replay (once per session) and the OParl 1.1
fixture API (fresh per test). Every request goes to 127.0.0.1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from oparl_servers import FAKE_BASE, FixtureServer, ReplayServer

from integrationkonzept.oparl.client import ClientOptions, OParlClient, UrlMap
from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import SyncReport, sync

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REPLAY_DATA = SHARED / "data" / "oparl-huertgenwald"


def replay_data() -> Path:
    """The snapshot, or a clear skip when the shared directory is not there."""
    if not REPLAY_DATA.is_dir():
        pytest.skip(
            f"{REPLAY_DATA.resolve()}: shared/data/oparl-huertgenwald nicht vorhanden: "
            "Replay-Tests übersprungen"
        )
    return REPLAY_DATA


def local_client(
    server: FixtureServer | None = None,
    *,
    timeout: float = 5.0,
    retries: int = 4,
    max_bytes: int = 64 * 1024 * 1024,
) -> OParlClient:
    """A client with quick retries; for the fixture server with its fake host mapped."""
    url_map = UrlMap(((FAKE_BASE, server.origin + "/oparl/v1.1/"),)) if server else UrlMap()
    options = ClientOptions(timeout=timeout, retries=retries, backoff=0.01, max_bytes=max_bytes)
    return OParlClient(options, url_map)


@pytest.fixture(scope="session")
def replay() -> Iterator[ReplayServer]:
    """The Hürtgenwald replay server (started once)."""
    with ReplayServer(replay_data()) as server:
        yield server


@pytest.fixture(scope="session")
def replay_synced(
    replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, SyncReport]:
    """A database with the complete replay, synced once per session (do not write to it)."""
    path = tmp_path_factory.mktemp("replay") / "oparl.sqlite3"
    with Store(path) as store, local_client() as client:
        report = sync(store, client, replay.base + "system")
    return path, report


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A fresh OParl 1.1 fixture server."""
    with FixtureServer() as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty database."""
    with Store(tmp_path / "oparl.sqlite3") as opened:
        yield opened
