"""The Hürtgenwald replay: a complete real OParl 1.0 API served from 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from oparl_servers import ReplayServer
from oparl_support import local_client, replay_data

from integrationkonzept.contributions import RelevanceRules
from integrationkonzept.model.concept import Municipality
from integrationkonzept.model.council import Consultation, VoteResult
from integrationkonzept.oparl.client import NotFoundError
from integrationkonzept.oparl.dataset import City, load_dataset
from integrationkonzept.oparl.mapping import normalize_ags
from integrationkonzept.oparl.relevance import select
from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import SyncReport, sync


def test_every_object_arrives(replay_synced: tuple[Path, SyncReport]) -> None:
    path, report = replay_synced
    assert report.complete
    assert (report.missing, report.problems) == (0, ())
    by_kind = {item.kind: (item.objects, item.pages, item.deleted) for item in report.lists}
    assert by_kind == {
        "organization": (22, 1, 0),
        "person": (49, 2, 0),
        "meeting": (367, 15, 21),
        "paper": (2115, 85, 18),
    }
    with Store(path) as store:
        counts = store.counts()
    assert counts["Paper"] == {"total": 2115, "deleted": 18}
    assert counts["Meeting"] == {"total": 367, "deleted": 21}
    assert counts["AgendaItem"] == {"total": 5106, "deleted": 0}
    assert counts["Consultation"] == {"total": 2228, "deleted": 0}
    assert counts["Organization"]["total"] == 22
    assert counts["Person"]["total"] == 49


def test_no_duplicates_in_any_table(replay_synced: tuple[Path, SyncReport]) -> None:
    path, _ = replay_synced
    with sqlite3.connect(path) as db:
        for table in ("objects", "papers", "meetings", "agenda_items", "consultations"):
            total, distinct = db.execute(
                f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {table}"
            ).fetchone()
            assert total == distinct, table


def test_papers_with_beratungsfolge_and_decision(replay_synced: tuple[Path, SyncReport]) -> None:
    path, _ = replay_synced
    notes: list[str] = []
    with Store(path) as store:
        body, name, ags, _ = store.bodies()[0]
        assert (name, ags) == ("Gemeinde Hürtgenwald", "5358016")  # seven digits, as served
        municipality_key = normalize_ags(ags)
        assert municipality_key == "05358016"
        place = City(body, Municipality(name, municipality_key))
        dataset, _papers = load_dataset(store, place, notes.append)
    assert notes == []
    assert len(dataset.papers) == 2097  # 2115 less the 18 deleted ones
    assert dataset.municipality.ags == "05358016"
    assert len(dataset.organizations) == 22

    concept = dataset.paper("40/2019")
    assert concept is not None
    assert concept.title == "Integrationskonzept der Gemeinde Hürtgenwald"
    assert (concept.kind, concept.date, concept.submitter) == (
        "Beschlussvorlage",
        dt.date(2019, 5, 23),
        "Abteilung 2",
    )
    assert concept.consultations == (
        Consultation("Gemeinderat", dt.date(2019, 5, 23), "", "einstimmig, 0 Enthaltungen"),
    )
    assert concept.decision is not None
    assert (concept.decision.kind, concept.decision.votes, concept.decision.vote_text) == (
        "beschlossen",
        None,
        "einstimmig, 0 Enthaltungen",
    )
    assert concept.decision.source is not None
    assert concept.decision.source.locator == "TOP 11."
    assert concept.decision.source.url.endswith("/body/1/agendaitem/8808")

    school = dataset.paper("100/2011")
    assert school is not None
    assert [(c.body, c.date, c.result) for c in school.consultations] == [
        ("Schulausschuss", dt.date(2011, 7, 12), "10 Ja-Stimmen, 0 Nein-Stimmen, 1 Enthaltung"),
        ("Gemeinderat", dt.date(2011, 7, 14), ""),
    ]
    assert school.decision is not None
    assert (school.decision.body, school.decision.votes) == ("Schulausschuss", VoteResult(10, 0, 1))

    counted = dataset.paper("7/2015")
    assert counted is not None
    assert counted.decision is not None
    assert counted.decision.vote_text == "13 Ja-Stimmen, 0 Enthaltungen, 0 Nein-Stimmen"
    assert counted.decision.votes == VoteResult(13, 0, 0)

    relevant = select(dataset.papers, RelevanceRules())
    references = {found.paper.reference for found in relevant}
    assert {"40/2019", "143/2018", "95/2019"} <= references
    assert len(relevant) == 34


def test_second_run_asks_only_for_changes(
    replay: ReplayServer, replay_synced: tuple[Path, SyncReport], tmp_path: Path
) -> None:
    source, first = replay_synced
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
        original.backup(target)
    replay.take_requests()
    with Store(copy) as store, local_client() as client:
        report = sync(store, client, replay.base + "system")
    requests = replay.take_requests()
    assert report.complete
    assert sum(item.objects for item in report.lists) == 0
    assert len(requests) == 6  # system, body list, and one page of each of the four lists
    since = first.started.isoformat(timespec="seconds")
    filtered = [r for r in requests if "modified_since" in r]
    assert len(filtered) == 4
    for request in filtered:
        assert parse_qs(urlsplit(request).query)["modified_since"] == [since]


def test_changed_papers_arrive_in_the_next_run(tmp_path: Path) -> None:
    with ReplayServer(replay_data()) as server, Store(tmp_path / "db.sqlite3") as store:
        with local_client() as client:
            first = sync(store, client, server.base + "system")
        changed = server.touch(30, first.started.astimezone(dt.UTC) + dt.timedelta(seconds=1))
        server.take_requests()
        with local_client() as client:
            second = sync(store, client, server.base + "system")
        paper = next(item for item in second.lists if item.kind == "paper")
        assert (paper.objects, paper.pages) == (30, 2)
        assert store.counts()["Paper"] == {"total": 2115, "deleted": 18}
        with sqlite3.connect(store.path) as db:
            runs = dict(db.execute("SELECT id, run FROM objects WHERE type = 'Paper'").fetchall())
        assert {url for url, run in runs.items() if run == second.run} == set(changed)


def test_missing_objects_answer_404(replay: ReplayServer) -> None:
    with local_client() as client:
        client.allow(replay.base)
        with pytest.raises(NotFoundError):
            client.get_object(replay.base + "body/1/location/1-185")


def test_city_without_plugin_profile_uses_the_defaults(
    replay_synced: tuple[Path, SyncReport],
) -> None:
    from integrationkonzept.oparl.client import OParlError
    from integrationkonzept.oparl.dataset import city
    from integrationkonzept.plugins import registry

    path, _ = replay_synced
    with Store(path) as store:
        place = city(store, registry())
        assert place.municipality == Municipality("Gemeinde Hürtgenwald", "05358016")
        assert (place.profile, place.adapters, place.parse) == (None, (), None)
        assert place.rules == RelevanceRules()
        assert place.cadence.years_per_period == 1
        with pytest.raises(OParlError, match="kein Amtlicher Gemeindeschlüssel"):
            city(store, registry(), ags="123")
        with pytest.raises(OParlError, match="nicht in der Datenbank"):
            city(store, registry(), body="https://example.org/body/9")
