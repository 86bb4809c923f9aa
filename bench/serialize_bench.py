"""dump and load of the large synthetic city against plain orjson on the same data.

Baseline: orjson.loads of the same JSON text (for load) and orjson.dumps of the parsed data
(for dump), measured in the same run. Target: within 5x (issue 13; issue 6 asked for 3x).

dump and load pause the cyclic garbage collector while they make objects; orjson.loads called as
usual does not, and a pass of the collector over its hundreds of thousands of new objects takes
about half its time. So load is shown against both, and dump is split into its two steps: the
converter's unstructure hooks building one dict per object in Python, and orjson writing those
dicts.

    .venv/bin/python bench/serialize_bench.py
"""

from __future__ import annotations

from collections.abc import Callable

import orjson
from common import best_of, report
from synthetic import large_city

from integrationkonzept import Dataset, dump, load
from integrationkonzept.serialize import converter, without_cycle_collection


def paused(work: Callable[[], object]) -> Callable[[], object]:
    """``work`` run with the cyclic garbage collector paused, as dump and load do."""

    def run() -> object:
        with without_cycle_collection():
            return work()

    return run


def main() -> None:
    data = large_city()
    text = dump(data)
    plain = orjson.loads(text)
    write = converter().unstructure
    tree = write(data)
    print(f"large city: {len(text) / 1e6:.1f} MB of JSON")
    dumps = best_of(5, lambda: orjson.dumps(plain))
    loads = best_of(3, lambda: orjson.loads(text))
    loads_paused = best_of(3, paused(lambda: orjson.loads(text)))
    load_time = best_of(3, lambda: load(Dataset, text))
    report(
        [
            ("dump (model -> JSON)", best_of(5, lambda: dump(data)), dumps, "<= 5x"),
            (
                "  step 1: dicts built by the converter",
                best_of(5, paused(lambda: write(data))),
                dumps,
                "-",
            ),
            (
                "  step 2: orjson writing those dicts",
                best_of(5, lambda: orjson.dumps(tree)),
                dumps,
                "-",
            ),
            ("load (JSON -> model, validated)", load_time, loads, "<= 5x"),
            ("load, against orjson.loads paused", load_time, loads_paused, "-"),
        ]
    )


if __name__ == "__main__":
    main()
