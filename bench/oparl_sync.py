"""Benchmark: full and incremental OParl sync of the Hürtgenwald replay from a local server.

Run from the repository root::

    .venv/bin/python bench/oparl_sync.py [--rounds 3] [--touch 50]

The replay server (``tests/oparl/oparl_servers.py``) runs in its own process on 127.0.0.1. Each
measurement runs in a fresh process of its own, so its peak memory (``ru_maxrss``) is its own:

1. baseline: fetch every page of every list (same client, same concurrency, following
   ``links.next``) without processing anything;
2. full sync into an empty database;
3. incremental sync right after it (nothing changed: one page per list);
4. incremental sync after ``--touch`` papers were marked modified on the server.

Printed: wall time, objects per second, peak memory, and the ratios full/baseline and
incremental/full, against the targets of issue 4 (full ≤ 1.5 × baseline, incremental < 0.1 ×
full, peak memory < 200 MiB). The median of ``--rounds`` runs counts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "oparl-huertgenwald"
sys.path.insert(0, str(ROOT / "tests" / "oparl"))
sys.path.insert(0, str(ROOT / "src"))


def serve(data: Path, delay: float) -> None:
    """Serve the replay until stdin closes; print the base URL first. ``touch N`` on stdin
    marks N papers as modified now. ``delay``: seconds before each answer."""
    import datetime as dt

    from oparl_servers import ReplayServer

    server = ReplayServer(data)
    server._load()  # parse once up front, so filtered requests are not slowed by it
    server.delay = delay
    server.start()
    print(server.base, flush=True)
    for line in sys.stdin:
        command = line.split()
        if command and command[0] == "touch":
            server.touch(int(command[1]), dt.datetime.now(dt.UTC))
            print("ok", flush=True)
    server.stop()


def phase(kind: str, url: str, db: str) -> None:
    """One measurement in this process; prints a JSON line."""
    from integrationkonzept.oparl.client import OParlClient
    from integrationkonzept.oparl.extract import LIST_TYPES
    from integrationkonzept.oparl.store import Store
    from integrationkonzept.oparl.sync import sync

    client = OParlClient()
    client.allow(url)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    objects = 0
    if kind.startswith("baseline"):
        from concurrent.futures import ThreadPoolExecutor

        system = client.get_object(url)
        bodies = [item for page in client.pages(system["body"]) for item in page.items]
        lists = [
            body[key] for body in bodies for key in LIST_TYPES if isinstance(body.get(key), str)
        ]

        def fetch(list_url: str) -> int:
            return sum(len(page.items) for page in client.pages(list_url))

        workers = client.options.concurrency if kind == "baseline" else 1
        with ThreadPoolExecutor(max_workers=workers) as pool:
            objects = sum(pool.map(fetch, lists))
    else:
        with Store(db) as store:
            report = sync(store, client, url)
        objects = sum(item.objects for item in report.lists)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    result = {
        "seconds": seconds,
        "cpu": cpu,
        "objects": objects,
        "requests": client.requests,
        "peak_mib": peak,
    }
    print(json.dumps(result))


def _measure(kind: str, url: str, db: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--phase", kind, "--url", url, "--db", db],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


class _Replay:
    """The replay server in a process of its own."""

    def __init__(self, delay: float) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(DATA), "--delay", str(delay)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.url = self.stdout.readline().strip() + "system"

    def touch(self, count: int) -> None:
        self.stdin.write(f"touch {count}\n")
        self.stdin.flush()
        self.stdout.readline()

    def close(self) -> None:
        self.stdin.close()
        self.process.wait(timeout=10)


_LABELS = {
    "baseline": "Basis: alle Seiten holen (4 parallel)",
    "baseline-seq": "Basis: alle Seiten holen (nacheinander)",
    "full": "vollständiger Abgleich",
    "incremental": "inkrementell (nichts geändert)",
    "touched": "inkrementell ({touch} Vorlagen geändert)",
}


def _scenario(delay: float, rounds: int, touch: int, tmp: Path) -> dict[str, dict[str, float]]:
    server = _Replay(delay)
    rows: dict[str, list[dict[str, float]]] = {}
    try:
        for number in range(rounds):
            db = str(tmp / f"d{delay}-r{number}.sqlite3")
            rows.setdefault("baseline", []).append(_measure("baseline", server.url, db))
            rows.setdefault("baseline-seq", []).append(_measure("baseline-seq", server.url, db))
            rows.setdefault("full", []).append(_measure("sync", server.url, db))
            rows.setdefault("incremental", []).append(_measure("sync", server.url, db))
        if touch:
            db = str(tmp / f"d{delay}-touched.sqlite3")
            _measure("sync", server.url, db)
            server.touch(touch)
            time.sleep(1.1)  # the next run starts a second later than the changes
            rows["touched"] = [_measure("sync", server.url, db)]
    finally:
        server.close()
    return {
        name: {key: statistics.median(row[key] for row in found) for key in found[0]}
        for name, found in rows.items()
    }


def _print(title: str, median: dict[str, dict[str, float]], touch: int) -> None:
    print(title)
    print(
        f"  {'Lauf':<42}{'Zeit s':>8}{'CPU s':>8}{'Objekte':>9}{'Obj./s':>9}{'Anfr.':>7}{'MiB':>7}"
    )
    for name, row in median.items():
        rate = row["objects"] / row["seconds"] if row["seconds"] else 0.0
        label = _LABELS[name].format(touch=touch)
        print(
            f"  {label:<42}{row['seconds']:>8.3f}{row['cpu']:>8.3f}{row['objects']:>9.0f}"
            f"{rate:>9.0f}{row['requests']:>7.0f}{row['peak_mib']:>7.1f}"
        )
    full = median["full"]["seconds"]
    print(
        f"  vollständig / Basis (parallel):     {full / median['baseline']['seconds']:.2f}"
        "  (Ziel ≤ 1,5)"
    )
    print(f"  vollständig / Basis (nacheinander): {full / median['baseline-seq']['seconds']:.2f}")
    print(
        f"  inkrementell / vollständig:         {median['incremental']['seconds'] / full:.3f}"
        "  (Ziel < 0,1)"
    )
    if "touched" in median:
        print(f"  … mit {touch} Änderungen:             {median['touched']['seconds'] / full:.3f}")
    peak = max(row["peak_mib"] for row in median.values())
    print(f"  Spitzenspeicher:                    {peak:.1f} MiB  (Ziel < 200)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="Durchläufe ohne Latenz")
    parser.add_argument("--touch", type=int, default=50, help="geänderte Vorlagen")
    parser.add_argument(
        "--latency", type=float, default=0.05, help="Sekunden je Antwort im 2. Szenario (0: aus)"
    )
    parser.add_argument("--phase", choices=("baseline", "baseline-seq", "sync"))
    parser.add_argument("--url")
    parser.add_argument("--db")
    parser.add_argument("--serve", type=Path)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.delay)
        return 0
    if args.phase:
        phase(args.phase, args.url, args.db)
        return 0
    if not DATA.is_dir():
        print(f"{DATA} nicht vorhanden: Benchmark übersprungen", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        local = _scenario(0.0, args.rounds, args.touch, Path(tmp))
        _print(
            f"Hürtgenwald-Replay ohne Latenz, Median aus {args.rounds} Durchläufen "
            "(Server in eigenem Prozess, jede Messung in einem frischen Prozess)",
            local,
            args.touch,
        )
        if args.latency > 0:
            slow = _scenario(args.latency, 1, 0, Path(tmp))
            print()
            _print(
                f"Dasselbe mit {args.latency * 1000:.0f} ms Antwortzeit je Anfrage "
                "(ein Durchlauf; echte Server antworten eher langsamer)",
                slow,
                args.touch,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
