"""A person confirms or rejects a paper's relevance; later syncs and evaluations respect it.

The store is synced from the fixture server on 127.0.0.1 through the real command line; the
decisions are kept in the OParl store (format 3) and survive a second sync.
"""

from __future__ import annotations

import json
from pathlib import Path

from oparl_servers import FixtureServer
from test_cli_oparl import FAKE_BASE, mapping, oparl, synced  # noqa: F401 - the fixture

from integrationkonzept.contributions import RelevanceRules
from integrationkonzept.model.council import Paper
from integrationkonzept.oparl.relevance import match
from integrationkonzept.oparl.store import Store


def relevant(database: Path) -> dict[str, str]:
    result = oparl("papers", "--db", str(database), "--relevant")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return {
        line.split("  ")[0]: lines[index + 1].removeprefix("    relevant: ")
        for index, line in enumerate(lines)
        if not line.startswith(" ")
    }


def test_confirmed_and_rejected_papers_stay_so_across_syncs(
    synced: Path,  # noqa: F811 - the fixture imported above
    fixture_server: FixtureServer,
    tmp_path: Path,
) -> None:
    before = relevant(synced)
    assert "BS-DS-0001/24" in before
    assert "BS-DS-0002/24" not in before  # the gym's repair: no keyword

    confirmed = oparl(
        "bestaetigen",
        "bs-ds-0002/24",
        "--reason",
        "Turnhalle als Begegnungsort",
        "--db",
        str(synced),
    )
    assert confirmed.returncode == 0, confirmed.stderr
    assert confirmed.stderr == (
        "BS-DS-0002/24 betrifft das Konzept (Turnhalle als Begegnungsort); festgehalten.\n"
    )
    rejected = oparl("reject", "BS-DS-0001/24", "--reason", "Fehltreffer", "--db", str(synced))
    assert rejected.returncode == 0, rejected.stderr

    after = relevant(synced)
    assert "BS-DS-0001/24" not in after
    assert after["BS-DS-0002/24"].startswith("von Hand bestätigt")

    again = oparl(
        "sync", FAKE_BASE + "system", "--db", str(synced), "--map", mapping(fixture_server)
    )
    assert again.returncode == 0, again.stderr
    assert relevant(synced) == after

    exported = oparl("export", "--db", str(synced), "-o", str(tmp_path / "out.json"))
    assert exported.returncode == 0, exported.stderr
    references = [
        p["reference"] for p in json.loads((tmp_path / "out.json").read_text())["data"]["papers"]
    ]
    assert "BS-DS-0002/24" in references
    assert "BS-DS-0001/24" not in references
    with Store(synced, readonly=True) as store:
        decided = store.decisions()
    assert {ref: entry[0] for ref, entry in decided.items()} == {
        "BS-DS-0002/24": "confirmed",
        "BS-DS-0001/24": "rejected",
    }


def test_a_decision_on_an_unknown_paper_is_refused(synced: Path) -> None:  # noqa: F811
    result = oparl("confirm", "BS-DS-0009/24", "--reason", "x", "--db", str(synced))
    assert result.returncode == 2
    assert result.stderr.startswith("Fehler: keine Vorlage „BS-DS-0009/24“ in der Datenbank")
    missing = oparl("reject", "BS-DS-0001/24", "--db", str(synced))
    assert missing.returncode == 2
    assert "--reason" in missing.stderr


def test_a_decision_overrides_the_rules() -> None:
    paper = Paper("X-1/24", title="Fortschreibung des Integrationskonzepts")
    rules = RelevanceRules(keywords=("Integration",), bodies=())
    assert match(paper, rules)
    assert match(paper, RelevanceRules(keywords=("Integration",), rejected=("X-1/24",))) == ()
    other = Paper("X-2/24", title="Sanierung der Turnhalle")
    assert match(other, rules) == ()
    assert match(other, RelevanceRules(keywords=(), bodies=(), confirmed=("X-2/24",))) == (
        "von Hand bestätigt",
    )
