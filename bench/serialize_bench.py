"""dump and load of the large synthetic city against plain orjson on the same data.

Baseline: orjson.loads of the same JSON text (for load) and orjson.dumps of the parsed data
(for dump), measured in the same run. Target: within 3x.

    .venv/bin/python bench/serialize_bench.py
"""

from __future__ import annotations

import orjson
from common import best_of, report
from synthetic import large_city

from integrationkonzept import Dataset, dump, load


def main() -> None:
    data = large_city()
    text = dump(data)
    plain = orjson.loads(text)
    print(f"large city: {len(text) / 1e6:.1f} MB of JSON")
    report(
        [
            (
                "dump (model -> JSON)",
                best_of(3, lambda: dump(data)),
                best_of(3, lambda: orjson.dumps(plain)),
                "<= 3x",
            ),
            (
                "load (JSON -> model, validated)",
                best_of(3, lambda: load(Dataset, text)),
                best_of(3, lambda: orjson.loads(text)),
                "<= 3x",
            ),
        ]
    )


if __name__ == "__main__":
    main()
