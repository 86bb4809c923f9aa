"""Benchmark: full-text search (``oparl search``) over 40,000 generated papers.

Run from the repository root::

    .venv/bin/python bench/oparl_search_bench.py [--docs 40000] [--rounds 30]

Generates ``--docs`` papers of German-like text (a title of 4–12 words and a file text of
250–550 words, about 5 KB; words drawn with Zipf-like frequencies from a vocabulary of real
council words, with umlauts and ß, and generated compounds), writes them through the store as a
sync does (``Store.write_objects``, 500 papers per transaction: the search index is kept up to
date on the way), and measures per query the latency of what ``oparl search`` does (the query
translated by ``match_expression``, ``Store.search`` with its 20 best hits and their snippets) on
the store opened read-only: median and 95th percentile of ``--rounds`` runs. Baseline: the same
``MATCH`` without ranking (the first 20 rowids).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from integrationkonzept.oparl.extract import extract  # noqa: E402
from integrationkonzept.oparl.search import match_expression  # noqa: E402
from integrationkonzept.oparl.store import Store  # noqa: E402

BASE = "https://ratsinfo.bench.example/oparl/v1.1/"
T1 = "https://schema.oparl.org/1.1/"

_WORDS = (
    "Stadt Stadtrat Ausschuss Vorlage Beschluss Antrag Integration Integrationskonzept Teilhabe "
    "Migrantenbeirat Sprachförderung Sprachmittlung Kita Schule Grundschule Jugendamt Sozialamt "
    "Wohnungsbau Straße Hauptstraße Bahnhofstraße Quartier Stadtteil Förderung Zuschuss Haushalt "
    "Haushaltsjahr Maßnahme Maßnahmen Bericht Sachstand Verwaltung Oberbürgermeister Fraktion "
    "Geflüchtete Zugewanderte Familien Beratung Beratungsstelle Ehrenamt Verein Vereine Kultur "
    "Sport Turnhalle Sanierung Bürger Bürgerinnen Beteiligung Öffentlichkeit Gleichstellung "
    "Arbeitsmarkt Jobcenter Ausbildung Qualifizierung Anerkennung Gesundheit Pflege Senioren "
    "Wohnungslosigkeit Unterbringung Gemeinschaftsunterkunft Betreuung Personal Stellen Kosten "
    "Euro Mittel Planung Umsetzung Fortschreibung Evaluation Ziel Ziele Handlungsfeld Netzwerk"
)
_GLUE = "der die das und in im mit für von zu den dem des auf an bei nach über wird werden ist"
_SYLLABLES = "an be ge ver zer ent er un ar bei tung keit heit lich ung schaft sam bar ig isch"
_STEMS = "stadt haus platz weg amt rat hof feld berg bach dorf markt schul kind arbeit bau"
WORDS, GLUE, SYLLABLES, STEMS = (text.split() for text in (_WORDS, _GLUE, _SYLLABLES, _STEMS))


QUERIES = (
    "Integration",
    "Stadt",
    "Sprachförderung Kita",
    '"Integration von Geflüchteten"',
    "Wohnungsbau -Sanierung",
    "Integr*",
    "strasse",
    "Jobcenter OR Ausbildung OR Anerkennung",
    "NEAR( ^ :",
    "VII-DS-012345",
)


def vocabulary(rng: random.Random) -> list[str]:
    made = {
        (rng.choice(STEMS) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize()
        for _ in range(6000)
    }
    return [*WORDS, *sorted(made)]


def sentence(rng: random.Random, words: list[str], weights: list[float], length: int) -> str:
    chosen = rng.choices(words, cum_weights=weights, k=length)
    out = []
    for index, word in enumerate(chosen):
        out.append(word)
        if index % 3 == 2:
            out.append(rng.choice(GLUE))
    return " ".join(out)


def paper(
    number: int, rng: random.Random, words: list[str], weights: list[float]
) -> dict[str, object]:
    title = sentence(rng, words, weights, rng.randint(4, 12))
    paragraphs = []
    remaining = rng.randint(250, 550)
    while remaining > 0:
        size = min(remaining, rng.randint(30, 80))
        paragraphs.append(sentence(rng, words, weights, size) + ".")
        remaining -= size
    if number % 50 == 0:
        paragraphs.append("Die Stadt fördert die Integration von Geflüchteten im Quartier.")
    day = 1 + number % 28
    return {
        "id": f"{BASE}paper/{number}",
        "type": T1 + "Paper",
        "body": f"{BASE}body/1",
        "name": title,
        "reference": f"VII-DS-{number:06d}",
        "date": f"20{15 + number % 10}-{1 + number % 12:02d}-{day:02d}",
        "paperType": rng.choice(["Antrag", "Beschlussvorlage", "Informationsvorlage", "Anfrage"]),
        "modified": "2025-01-01T00:00:00+01:00",
        "mainFile": {
            "id": f"{BASE}file/{number}",
            "type": T1 + "File",
            "accessUrl": f"{BASE}file/{number}/download",
            "text": "\n\n".join(paragraphs),
        },
    }


def build(path: Path, docs: int) -> tuple[float, int]:
    rng = random.Random(20261202)
    words = vocabulary(rng)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(words))]
    rng.shuffle(weights)  # the real words are not always the most frequent
    cumulative = list(itertools.accumulate(weights))
    writing = 0.0
    size = 0
    with Store(path) as store:
        run = store.begin_run(BASE + "system", dt.datetime(2025, 1, 1))
        batch = []
        for number in range(docs):
            raw = paper(number, rng, words, cumulative)
            size += len(str(raw["mainFile"]["text"]))  # type: ignore[index]
            batch.append(extract(raw, "Paper", BASE + "body/1/paper"))
            if len(batch) == 500 or number == docs - 1:
                started = time.perf_counter()
                store.write_objects(run, batch)
                writing += time.perf_counter() - started
                batch = []
    return writing, size


def measure(path: Path, rounds: int) -> None:
    with Store(path, readonly=True) as store:
        db = store._db  # the baseline query goes past the store on purpose
        print(f"{'query':<42} {'hits':>5} {'median':>9} {'p95':>9} {'baseline':>9}")
        for query in QUERIES:
            expression = match_expression(query)
            times, base = [], []
            hits = 0
            for _ in range(rounds):
                started = time.perf_counter()
                expression = match_expression(query)
                found = store.search(expression, limit=20) if expression is not None else []
                times.append(time.perf_counter() - started)
                hits = len(found)
                if expression is not None:
                    started = time.perf_counter()
                    db.execute(
                        "SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT 20",
                        (expression,),
                    ).fetchall()
                    base.append(time.perf_counter() - started)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            baseline = f"{statistics.median(base) * 1000:8.1f}ms" if base else "        –"
            print(
                f"{query:<42} {hits:>5} {statistics.median(times) * 1000:7.1f}ms "
                f"{p95 * 1000:7.1f}ms {baseline}"
            )
            total = (
                db.execute(
                    "SELECT COUNT(*) FROM search_index WHERE search_index MATCH ?", (expression,)
                ).fetchone()[0]
                if expression is not None
                else 0
            )
            print(f"{'':<42} ({total} papers match)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=40_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "oparl.sqlite3"
        seconds, size = build(path, args.docs)
        print(
            f"{args.docs} papers, {size / 1e6:.0f} MB of file text "
            f"(avg {size / args.docs / 1e3:.1f} KB), written and indexed in {seconds:.1f} s "
            f"({args.docs / seconds:.0f} papers/s); "
            f"database {path.stat().st_size / 1e6:.0f} MB"
        )
        measure(path, args.rounds)


if __name__ == "__main__":
    main()
