"""Full and incremental sync of the OParl 1.1 fixture API (see ``FixtureServer``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest
from oparl_servers import FAKE_BASE, FixtureServer
from oparl_support import local_client

from integrationkonzept.model.council import Consultation, VoteResult
from integrationkonzept.model.source import SourceKind
from integrationkonzept.oparl.client import OParlError
from integrationkonzept.oparl.dataset import City, load_papers
from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import SyncOptions, SyncReport, sync

SYSTEM = FAKE_BASE + "system"


def u(path: str) -> str:
    return FAKE_BASE + path


def run_sync(store: Store, server: FixtureServer, **options: bool) -> SyncReport:
    with local_client(server) as client:
        return sync(store, client, SYSTEM, SyncOptions(**options))


def papers_by_reference(store: Store) -> dict[str, object]:
    notes: list[str] = []
    place = City(u("body/1"), None)
    return {paper.reference: paper for paper, _ in load_papers(store, place, notes.append)}


def test_full_sync_reads_every_list_and_resolves_references(
    store: Store, fixture_server: FixtureServer
) -> None:
    report = run_sync(store, fixture_server)
    assert report.complete
    by_kind = {item.kind: item for item in report.lists}
    assert set(by_kind) == {
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "consultation",
    }
    assert by_kind["paper"].objects == 6  # the bad item is not an object
    assert by_kind["meeting"].pages == 2
    counts = store.counts()
    assert counts["Paper"] == {"total": 6, "deleted": 0}
    assert counts["Meeting"] == {"total": 3, "deleted": 0}
    assert counts["AgendaItem"] == {"total": 5, "deleted": 0}  # 2 embedded, 3 from the list
    assert counts["Consultation"] == {"total": 4, "deleted": 0}  # c3 only by URL
    assert counts["Organization"] == {"total": 3, "deleted": 0}
    # organization/99 does not exist: recorded as missing, the sync went on.
    assert report.missing == 1
    assert store.missing() == ((u("organization/99"), 404, "nicht gefunden (HTTP 404)"),)
    assert report.resolved == 1  # consultation c3
    # The bad item is reported with the page's URL.
    assert [(url, message) for url, message in report.problems] == [
        (u("body/1/paper"), 'Eintrag ist kein Objekt: "kein Objekt"')
    ]


def test_the_500_on_a_page_is_retried(store: Store, fixture_server: FixtureServer) -> None:
    run_sync(store, fixture_server)
    meeting_pages = [r for r in fixture_server.take_requests() if "/meeting?page=2" in r]
    assert len(meeting_pages) == 2
    assert fixture_server.failed == {"meeting?page=2"}


def test_mapping_of_embedded_and_referenced_objects(
    store: Store, fixture_server: FixtureServer
) -> None:
    run_sync(store, fixture_server)
    papers = papers_by_reference(store)
    first = papers["BS-DS-0001/24"]
    assert first.title == "Fortschreibung des Integrationskonzepts"  # control characters gone
    assert first.kind == "Beschlussvorlage"
    assert first.date == dt.date(2024, 1, 5)
    assert first.submitter == "Amt für Integration"  # underDirectionOf
    assert first.consultations == (
        Consultation(
            "Migrantenbeirat", dt.date(2024, 1, 15), "Vorberatung", "Einstimmig empfohlen", False
        ),
        Consultation(
            "Stadtrat",
            dt.date(2024, 2, 1),
            "Beschlussfassung",
            "geändert beschlossen: 40 Ja-Stimmen, 7 Nein-Stimmen, 7 Enthaltungen",
            True,
        ),
    )
    decision = first.decision
    assert decision is not None
    assert (decision.body, decision.date, decision.kind) == (
        "Stadtrat",
        dt.date(2024, 2, 1),
        "geändert beschlossen",
    )
    assert decision.votes == VoteResult(40, 7, 7)
    assert decision.text == "Der Stadtrat beschließt die Fortschreibung mit Änderungen."
    assert decision.source is not None
    assert decision.source.kind is SourceKind.DATA
    assert (decision.source.reference, decision.source.url, decision.source.locator) == (
        "BS-DS-0001/24",
        u("agendaItem/3"),
        "TOP 5",
    )
    assert first.source is not None
    assert first.source.url == u("paper/1")

    second = papers["BS-DS-0002/24"]
    assert second.date is None  # "N/A"
    assert second.kind == ""  # ""
    assert second.submitter == "Erika Muster"
    assert [r.reference for r in second.relations] == ["BS-DS-0001/24"]
    # c3 (fetched by URL) and c4 (from the consultation list, naming no paper and a body that
    # does not exist: the meeting's body stands in).
    assert [(c.body, c.date, c.role, c.authoritative) for c in second.consultations] == [
        ("Stadtrat", dt.date(2024, 2, 1), "Beschlussfassung", True),
        ("Stadtrat", dt.date(2024, 3, 7), "Kenntnisnahme", False),
    ]
    assert second.decision is not None
    assert second.decision.kind == "beschlossen"  # the authoritative one, not the later one
    assert second.decision.votes == VoteResult(13, 0, 0)


def test_incremental_sync_fetches_changes_and_marks_deletions(
    store: Store, fixture_server: FixtureServer
) -> None:
    first = run_sync(store, fixture_server)
    fixture_server.take_requests()
    # Changes on the server after the first run started.
    fixture_server.set_clock(first.started.astimezone(dt.UTC) + dt.timedelta(seconds=5))
    fixture_server.update("paper/3", name="Vorlage Nummer 3 (Neufassung)")
    fixture_server.delete("paper/2")
    fixture_server.add_paper(7, "Sprachkurse für Geflüchtete")
    meeting = fixture_server.objects["meeting/1"]
    fixture_server.update("meeting/1", agendaItem=meeting["agendaItem"][:1])  # TOP 2 removed

    second = run_sync(store, fixture_server)
    assert second.complete
    requests = fixture_server.take_requests()
    since = first.started.isoformat(timespec="seconds")
    list_requests = [r for r in requests if "page=" in r or "modified_since" in r]
    for request in list_requests:  # every list request carries the filter, page 2 too
        assert parse_qs(urlsplit(request).query)["modified_since"] == [since]
    by_kind = {item.kind: item for item in second.lists}
    assert by_kind["paper"].objects == 3  # updated, deleted, new
    assert by_kind["paper"].deleted == 1
    assert by_kind["meeting"].objects == 1
    assert by_kind["organization"].objects == 0
    assert second.resolved == 0  # nothing new to resolve; organization/99 is known missing

    counts = store.counts()
    assert counts["Paper"] == {"total": 7, "deleted": 1}
    # The deleted paper's consultations go with it; the dropped agenda item is marked.
    assert counts["Consultation"] == {"total": 4, "deleted": 2}
    assert counts["AgendaItem"] == {"total": 5, "deleted": 1}
    papers = papers_by_reference(store)
    assert "BS-DS-0002/24" not in papers
    assert papers["BS-DS-0003/24"].title == "Vorlage Nummer 3 (Neufassung)"
    assert papers["BS-DS-0007/24"].title == "Sprachkurse für Geflüchtete"
    # The deleted paper keeps its last data, marked deleted.
    raw = store.raw(u("paper/2"))
    assert raw is not None
    assert raw["name"] == "Sanierung der Turnhalle"
    with sqlite3.connect(store.path) as db:
        row = db.execute("SELECT reference, deleted FROM papers WHERE id = ?", (u("paper/2"),))
        assert row.fetchone() == ("BS-DS-0002/24", 1)


def test_nothing_changed_means_one_page_per_list(
    store: Store, fixture_server: FixtureServer
) -> None:
    run_sync(store, fixture_server)
    fixture_server.take_requests()
    report = run_sync(store, fixture_server)
    requests = fixture_server.take_requests()
    assert sum(item.objects for item in report.lists) == 0
    # system, body list, six lists with one (empty) page each
    assert len(requests) == 8


def test_full_option_ignores_modified_since(store: Store, fixture_server: FixtureServer) -> None:
    run_sync(store, fixture_server)
    fixture_server.take_requests()
    report = run_sync(store, fixture_server, full=True)
    assert sum(item.objects for item in report.lists) > 10
    assert not any("modified_since" in r for r in fixture_server.take_requests())


def test_a_body_url_syncs_just_that_body(store: Store, fixture_server: FixtureServer) -> None:
    with local_client(fixture_server) as client:
        report = sync(store, client, u("body/1"))
    assert report.complete
    assert store.counts()["Paper"]["total"] == 6


def test_urls_that_are_no_system_or_body_are_refused(
    store: Store, fixture_server: FixtureServer
) -> None:
    with local_client(fixture_server) as client, pytest.raises(OParlError, match="weder"):
        sync(store, client, u("paper/1"))
    with local_client(fixture_server) as client, pytest.raises(OParlError, match="404"):
        sync(store, client, u("nirgends"))
    assert [status for *_, status in store.runs()] == ["failed", "failed"]


def test_a_list_that_fails_leaves_the_sync_incomplete_and_resumable(
    store: Store, fixture_server: FixtureServer
) -> None:
    fixture_server.fail_once = set()
    # Page 2 of the paper list fails for good in this run (more 500s than retries).
    original = fixture_server.answer

    def broken(path: str, query: str) -> tuple[object, ...]:
        if path.endswith("/paper") and "page=2" in query:
            return 500, b"{}"
        return original(path, query)

    fixture_server.answer = broken  # type: ignore[method-assign]
    report = run_sync(store, fixture_server)
    assert not report.complete
    paper = next(item for item in report.lists if item.kind == "paper")
    assert not paper.complete
    assert "HTTP 500" in (paper.error or "")
    # Page 1 is kept, and paper 2, fetched because a consultation names it.
    assert store.counts()["Paper"]["total"] == 2
    state = store.list_state(u("body/1/paper"))
    assert state is not None
    assert state.in_progress
    assert state.next_url is not None
    assert "page=2" in state.next_url

    fixture_server.answer = original  # type: ignore[method-assign]
    fixture_server.take_requests()
    again = run_sync(store, fixture_server)
    assert again.complete
    paper_requests = [r for r in fixture_server.take_requests() if "/body/1/paper" in r]
    assert "page=1" not in paper_requests[0]  # continued at page 2
    assert store.counts()["Paper"]["total"] == 6


def test_two_syncs_of_one_database_do_not_run_at_once(
    store: Store, fixture_server: FixtureServer
) -> None:
    from integrationkonzept.oparl.store import StoreError

    with store.sync_lock(), pytest.raises(StoreError, match="anderer Abgleich"):
        run_sync(store, fixture_server)
    assert run_sync(store, fixture_server).complete  # released again
