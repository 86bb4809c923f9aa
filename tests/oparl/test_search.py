"""``oparl search``: full-text search over the synced papers (SQLite FTS5), against a real store
synced from the OParl 1.1 fixture server on 127.0.0.1.

The papers added here carry the texts a search must handle: ``Straße`` in a title, a word
hyphenated at a line break in a file's text (OParl ``File.text``), a phrase in and out of order,
a word in a title and the same word only in a file's text (ranking).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oparl_servers import FAKE_BASE, FixtureServer
from oparl_support import local_client

from integrationkonzept.cli import main
from integrationkonzept.oparl.search import index_text, match_expression
from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import sync

SYSTEM = FAKE_BASE + "system"
T1 = "https://schema.oparl.org/1.1/"


def u(path: str) -> str:
    return FAKE_BASE + path


def text_file(number: int, text: str) -> dict[str, object]:
    return {
        "id": u(f"file/{number}"),
        "type": T1 + "File",
        "name": f"Anlage {number}",
        "accessUrl": u(f"file/{number}/download"),
        "mimeType": "application/pdf",
        "text": text,
    }


def add_papers(server: FixtureServer) -> None:
    """Papers 10–16 with the texts the tests look for (see the module)."""
    server.add_paper(10, "Umbenennung der Straße am Markt")
    server.update("paper/10", date="2024-03-04", paperType="Antrag")
    server.add_paper(11, "Bericht Sprachförderung")
    server.update(
        "paper/11",
        date="2024-02-20",
        paperType="Mitteilungsvorlage",
        mainFile=text_file(11, "Die Stadt fördert die Integra-\ntion von Zugewanderten."),
    )
    server.add_paper(12, "Integration in Kitas")
    server.update("paper/12", date="2023-11-02", paperType="Beschlussvorlage")
    server.add_paper(13, "Wohnen I")
    server.update(
        "paper/13",
        date="2024-01-02",
        auxiliaryFile=[text_file(13, "Der sozialer Wohnungsbau in der Stadt wächst.")],
    )
    server.add_paper(14, "Wohnen II")
    server.update(
        "paper/14",
        date="2024-01-03",
        auxiliaryFile=[text_file(14, "Der Wohnungsbau ist nicht immer sozialer Art.")],
    )
    server.add_paper(15, "Café Müller: Zuschuss")
    server.update("paper/15", date="2024-01-04", paperType="Antrag")
    server.add_paper(16, "Beratung von Zugewanderten in der Schillerstrasse")
    server.update("paper/16", date="2022-06-01", paperType="Anfrage")


def synced_store(path: Path, server: FixtureServer) -> Path:
    with Store(path) as store, local_client(server) as client:
        report = sync(store, client, SYSTEM)
    assert report.complete
    # Later changes on the server are stamped after this sync began (the next one asks for them).
    server.set_clock(report.started.astimezone(dt.UTC) + dt.timedelta(seconds=5))
    return path


@pytest.fixture
def searchable(tmp_path: Path, fixture_server: FixtureServer) -> Path:
    add_papers(fixture_server)
    return synced_store(tmp_path / "oparl.sqlite3", fixture_server)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One synced store for the property test (never written to)."""
    with FixtureServer() as server:
        add_papers(server)
        yield synced_store(tmp_path_factory.mktemp("search") / "oparl.sqlite3", server)


def refs(path: Path, query: str, **filters: object) -> list[str]:
    """The references the search ``query`` finds, best first."""
    expression = match_expression(query)
    if expression is None:
        return []
    with Store(path, readonly=True) as store:
        hits = store.search(expression, **filters)  # type: ignore[arg-type]
    return [hit.reference or "" for hit in hits]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# --- text and queries -------------------------------------------------------------------------


def test_the_indexed_text_joins_hyphenated_line_breaks_and_spells_sharp_s_as_ss() -> None:
    assert index_text("Integra-\ntion") == "Integration"
    assert index_text("Integra- \r\n  tion und Straße") == "Integration und Strasse"
    assert index_text("Ost-\nWest") == "Ost-West"  # before a capital the hyphen stays
    assert index_text("Sozial- und Jugendamt") == "Sozial- und Jugendamt"  # no line break
    assert index_text("GROẞE\x02Stadt\u00adrat") == "GROSSE Stadtrat"


def test_every_word_of_a_query_becomes_a_quoted_string() -> None:
    assert match_expression("Straße") == '("strasse")'
    assert match_expression('"sozialer Wohnungsbau" Stadt') == (
        '("sozialer wohnungsbau" AND "stadt")'
    )
    assert match_expression("Kita OR Schule -Turnhalle") == (
        '(("kita") OR ("schule")) NOT ("turnhalle")'
    )
    assert match_expression("Integr*") == '("integr" *)'
    assert match_expression('NEAR("a" "b") AND x:y') == (
        '("near(" AND "a" AND "b" AND "and" AND "x:y")'
    )
    assert match_expression("-Turnhalle") is None  # only exclusions: nothing to look for
    assert match_expression("   ") is None
    assert match_expression("* ^ : - ( )") is None


# --- finding ------------------------------------------------------------------------------------


def test_strasse_finds_strasse_with_sharp_s_and_the_other_way_round(searchable: Path) -> None:
    assert refs(searchable, "strasse") == ["BS-DS-0010/24"]
    assert refs(searchable, "Straße") == ["BS-DS-0010/24"]
    assert refs(searchable, "Schillerstraße") == ["BS-DS-0016/24"]


def test_umlauts_and_accents_are_folded(searchable: Path) -> None:
    assert refs(searchable, "sprachforderung") == ["BS-DS-0011/24"]
    assert refs(searchable, "cafe muller") == ["BS-DS-0015/24"]
    assert refs(searchable, "CAFÉ MÜLLER") == ["BS-DS-0015/24"]


def test_a_word_hyphenated_at_a_line_break_is_found_whole(searchable: Path) -> None:
    assert "BS-DS-0011/24" in refs(searchable, "Integration")
    assert refs(searchable, "integra") == []  # the halves are not words


def test_a_phrase_matches_only_its_words_in_order(searchable: Path) -> None:
    assert refs(searchable, '"sozialer Wohnungsbau"') == ["BS-DS-0013/24"]
    assert refs(searchable, "„sozialer Wohnungsbau“") == ["BS-DS-0013/24"]
    assert sorted(refs(searchable, "sozialer Wohnungsbau")) == ["BS-DS-0013/24", "BS-DS-0014/24"]


def test_an_excluded_word_removes_a_hit(searchable: Path) -> None:
    assert sorted(refs(searchable, "Integration")) == ["BS-DS-0011/24", "BS-DS-0012/24"]
    assert refs(searchable, "Integration -Kitas") == ["BS-DS-0011/24"]
    assert refs(searchable, 'Wohnungsbau -"sozialer Wohnungsbau"') == ["BS-DS-0014/24"]


def test_or_and_prefixes(searchable: Path) -> None:
    assert sorted(refs(searchable, "Kitas OR Sprachförderung")) == [
        "BS-DS-0011/24",
        "BS-DS-0012/24",
    ]
    assert refs(searchable, "Kitas or Sprachförderung") == []  # lower-case "or" is a word
    assert refs(searchable, "Sprachf*") == ["BS-DS-0011/24"]


def test_a_title_hit_ranks_above_a_hit_in_a_files_text(searchable: Path) -> None:
    # Paper 12 has "Integration" in its title and is older; paper 11 only in its file's text.
    assert refs(searchable, "Integration") == ["BS-DS-0012/24", "BS-DS-0011/24"]
    assert refs(searchable, "Zugewanderten") == ["BS-DS-0016/24", "BS-DS-0011/24"]


def test_a_reference_is_found_by_its_number(searchable: Path) -> None:
    assert refs(searchable, "BS-DS-0013/24") == ["BS-DS-0013/24"]
    assert refs(searchable, "0013") == ["BS-DS-0013/24"]


def test_filters_by_kind_date_body_and_limit(searchable: Path) -> None:
    assert sorted(refs(searchable, "Integration OR Straße OR Müller", kinds=["Antrag"])) == [
        "BS-DS-0010/24",
        "BS-DS-0015/24",
    ]
    assert refs(searchable, "Integration", since=dt.date(2024, 1, 1)) == ["BS-DS-0011/24"]
    assert refs(searchable, "Integration", body=u("body/1")) == [
        "BS-DS-0012/24",
        "BS-DS-0011/24",
    ]
    assert refs(searchable, "Integration", body=u("body/2")) == []
    assert refs(searchable, "Integration", limit=1) == ["BS-DS-0012/24"]


def test_equal_ranks_come_newest_first(searchable: Path) -> None:
    # "Wohnen I" and "Wohnen II": the same word once in titles of the same length.
    assert refs(searchable, "Wohnen") == ["BS-DS-0014/24", "BS-DS-0013/24"]


def test_snippets_mark_the_match(searchable: Path) -> None:
    expression = match_expression("Integration")
    assert expression is not None
    with Store(searchable, readonly=True) as store:
        hits = {hit.reference: hit for hit in store.search(expression)}
    assert (
        hits["BS-DS-0011/24"].snippet
        == "Die Stadt fördert die \x02Integration\x03 von Zugewanderten."
    )
    assert hits["BS-DS-0012/24"].snippet == "\x02Integration\x03 in Kitas"


# --- the index follows the papers ----------------------------------------------------------------


def test_the_index_follows_changed_and_deleted_papers(
    searchable: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.update("paper/12", name="Teilhabe in Kitas")
    fixture_server.delete("paper/15")
    fixture_server.add_paper(17, "Integration im Sport")
    synced_store(searchable, fixture_server)
    assert refs(searchable, "Integration") == ["BS-DS-0017/24", "BS-DS-0011/24"]
    assert refs(searchable, "Teilhabe") == ["BS-DS-0012/24"]
    assert refs(searchable, "Müller") == []
    with closing(sqlite3.connect(searchable)) as db:
        indexed = db.execute("SELECT COUNT(*) FROM search_index").fetchone()[0]
        papers = db.execute("SELECT COUNT(*) FROM papers WHERE deleted = 0").fetchone()[0]
    assert indexed == papers


# --- hostile queries -----------------------------------------------------------------------------

HOSTILE = [
    '"',
    '"""',
    '"Integration',
    "Integration\"'",
    "NEAR(",
    "NEAR(Integration Kitas, 2)",
    "*",
    "Integration*",
    "**Integration",
    "^",
    "^Integration",
    ":",
    "title:Integration",
    "reference : x",
    "-",
    "- -",
    "--",
    "-Integration -",
    "(",
    ")",
    "(Integration OR",
    "OR",
    "OR OR OR",
    "AND",
    "NOT Integration",
    "Integration NOT",
    "{reference title}: Integration",
    "'; DROP TABLE papers; --",
    "' OR 1=1 --",
    "\x00Integration\x00",
    "\u202eIntegration",
    "Integration " * 500,
    "a OR " * 400,
    "-a " * 400,
    "x" * 10_000,
    "🙂 ✓",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_is_no_error(searchable: Path, query: str) -> None:
    refs(searchable, query)  # no exception
    with Store(searchable, readonly=True) as store:
        expression = match_expression(query)
        if expression is not None:
            store.search(expression)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_query_gives_a_subset_of_the_papers(shared_store: Path, query: str) -> None:
    with Store(shared_store, readonly=True) as store:
        papers = {view.id for view in store.paper_views()}
        expression = match_expression(query)
        hits = [] if expression is None else store.search(expression, limit=1000)
    assert {hit.paper for hit in hits} <= papers


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(
                ["Integration", "Kitas", "OR", "-", '"', "*", "^", ":", "NEAR(", "Straße", "("]
            ),
            st.text(max_size=8),
        ),
        max_size=12,
    )
)
def test_any_mix_of_operators_is_a_valid_expression(words: list[str]) -> None:
    expression = match_expression(" ".join(words))
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5 (a, tokenize = 'unicode61')")
        db.execute("INSERT INTO t VALUES ('Integration in Kitas an der Strasse')")
        if expression is not None:
            db.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


# --- the command -------------------------------------------------------------------------------


def test_the_command_prints_hits_with_marked_snippets(
    searchable: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "oparl", "search", "Integration", "--db", str(searchable))
    assert status == 0, err
    assert out.splitlines() == [
        "BS-DS-0012/24  02.11.2023  Beschlussvorlage  Integration in Kitas",
        "    «Integration» in Kitas",
        "BS-DS-0011/24  20.02.2024  Mitteilungsvorlage  Bericht Sprachförderung",
        "    Die Stadt fördert die «Integration» von Zugewanderten.",
    ]
    assert err == "2 Treffer.\n"


def test_the_german_alias_filters_and_json(
    searchable: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(searchable)]
    status, out, _err = run(
        capsys, "oparl", "suchen", "Integration", "--since", "1.1.2024", *db, "--json"
    )
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["reference"] for line in lines] == ["BS-DS-0011/24"]
    assert lines[0]["snippet"] == "Die Stadt fördert die «Integration» von Zugewanderten."
    assert lines[0]["date"] == "2024-02-20"
    status, out, _err = run(capsys, "oparl", "search", "Straße OR Müller", "--type", "antrag", *db)
    assert status == 0
    assert sorted(line.split()[0] for line in out.splitlines()[::2]) == [
        "BS-DS-0010/24",
        "BS-DS-0015/24",
    ]
    status, out, err = run(capsys, "oparl", "search", "Straße", "--type", "Gutachten", *db)
    assert (status, out) == (0, "")
    assert "keine Vorlagen der Art „Gutachten“" in err
    status, out, err = run(capsys, "oparl", "search", *db, "--", "-Kitas")
    assert (status, out) == (0, "")
    assert "kein Wort, das gesucht werden könnte" in err
    status, out, _err = run(capsys, "oparl", "search", "Integration", "--limit", "1", *db)
    assert len(out.splitlines()) == 2


def test_in_a_terminal_the_match_is_bold(
    searchable: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    status, out, _err = run(capsys, "oparl", "search", "Kitas", "--db", str(searchable))
    assert status == 0
    assert "«" not in out
    assert "\x1b[1mKitas\x1b[0m" in out


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "^", ":", "-", "'; DROP TABLE papers; --"])
def test_the_command_takes_a_hostile_query(
    searchable: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    status, _out, err = run(capsys, "oparl", "search", "--db", str(searchable), "--", query)
    assert status == 0, err
    assert not err.startswith("Fehler")


# --- migration -----------------------------------------------------------------------------------


def make_version_1(path: Path) -> None:
    """Turn a store of today into one of version 1: the layout before the search index."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP TABLE search_index")
        db.execute("DROP TABLE search_docs")
        db.execute("DROP TABLE file_texts")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        db.commit()


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    tables = ["objects", "papers", "consultations", "meetings", "agenda_items", "lists", "runs"]
    with closing(sqlite3.connect(path)) as db:
        return {
            table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in tables
        }


def test_a_store_of_version_1_gets_the_index_and_keeps_its_data(searchable: Path) -> None:
    make_version_1(searchable)
    before = snapshot(searchable)
    data = searchable.read_bytes()
    # Read-only: searched in memory, the file left as it is.
    assert refs(searchable, "strasse") == ["BS-DS-0010/24"]
    assert searchable.read_bytes() == data
    # Opened for writing: migrated on disk, every row kept, the index filled.
    Store(searchable).close()
    assert snapshot(searchable) == before
    with closing(sqlite3.connect(searchable)) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("3",)
        steps = db.execute("SELECT format, version, step FROM _migrations").fetchall()
        indexed = db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
    assert steps == [
        ("oparl-store", 2, "_search_index"),
        ("oparl-store", 3, "_relevance_decisions"),
    ]
    assert indexed == len([row for row in before["papers"] if row[-2] == 0])
    assert refs(searchable, "Integration") == ["BS-DS-0012/24", "BS-DS-0011/24"]
    Store(searchable).close()
    with closing(sqlite3.connect(searchable)) as db:
        assert db.execute("SELECT COUNT(*) FROM _migrations").fetchone() == (2,)  # not again
