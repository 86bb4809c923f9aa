"""OParl adapters chosen by city (AGS) or by the server's product, from a sync on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from typing import Any

import attrs
import pytest
from oparl_servers import HostileServer
from oparl_support import local_client

from integrationkonzept.contributions import OParlAdapter
from integrationkonzept.hookspecs import hookimpl
from integrationkonzept.model.council import Paper
from integrationkonzept.oparl.dataset import city, load_papers
from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import sync
from integrationkonzept.plugins import Registry, load


def _marked(mark: str) -> Any:
    def adjust(paper: Paper, raw: Mapping[str, Any]) -> Paper:
        return attrs.evolve(paper, title=f"{paper.title} [{mark}]")

    return adjust


class Adapters:
    @hookimpl
    def integrationkonzept_oparl_adapters(self) -> Sequence[OParlAdapter]:
        return [
            OParlAdapter("feindstadt", "01001000", _marked("Stadt")),
            OParlAdapter("sternberg", None, _marked("Sternberg"), product="STERNBERG"),
            OParlAdapter("somacos", None, _marked("Somacos"), product="somacos"),
        ]


def _no_entry_points() -> Iterable[metadata.EntryPoint]:
    return ()


@pytest.fixture
def plugins() -> Registry:
    registry = load(extra=[("adapters", Adapters())], entry_points=_no_entry_points)
    assert registry.problems == ()
    return registry


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        server.system["product"] = "https://www.sternberg-sh.de/sd-net-rim"
        server.system["vendor"] = "https://www.sternberg-sh.de/"
        server.items["paper"] = [server.paper(1, "Integrationskonzept")]
        yield server


def _titles(store: Store, registry: Registry) -> list[str]:
    place = city(store, registry)
    return [paper.title for paper, _ in load_papers(store, place, lambda _note: None)]


def test_hook_integrationkonzept_oparl_adapters(
    store: Store, hostile: HostileServer, plugins: Registry
) -> None:
    hostile.body["ags"] = "01001000"
    with local_client(timeout=2.0, retries=1) as client:
        sync(store, client, hostile.base + "system")
    assert _titles(store, plugins) == ["Integrationskonzept [Stadt] [Sternberg]"]  # by adapter name


def test_a_product_adapter_applies_without_a_city_key(
    store: Store, hostile: HostileServer, plugins: Registry
) -> None:
    with local_client(timeout=2.0, retries=1) as client:
        sync(store, client, hostile.base + "system")
    assert _titles(store, plugins) == ["Integrationskonzept [Sternberg]"]


def test_no_adapter_for_another_product_or_city(
    store: Store, hostile: HostileServer, plugins: Registry
) -> None:
    hostile.system["product"] = hostile.system["vendor"] = "https://example.org/ris"
    hostile.body["ags"] = "09999999"
    with local_client(timeout=2.0, retries=1) as client:
        sync(store, client, hostile.base + "system")
    assert _titles(store, plugins) == ["Integrationskonzept"]


def test_an_adapter_names_a_city_or_a_product() -> None:
    with pytest.raises(ValueError, match="ags oder product angeben"):
        OParlAdapter("niemand", None, _marked("x"))
    adapter = OParlAdapter("beides", "01001000", _marked("x"), product="Somacos")
    assert adapter.applies("01001000", {})
    assert adapter.applies(None, {"vendor": "https://www.SOMACOS.de"})
    assert not adapter.applies(None, {"product": 7})
