"""The HTML and XLSX reports of the large synthetic city, against rendering an empty concept.

Targets: HTML under 2 s, XLSX under 5 s on this machine; the ratio to an empty concept (a data set
with only a municipality) shows what the data costs over the fixed cost of the format.

    .venv/bin/python bench/reports_bench.py
"""

from __future__ import annotations

import datetime as dt

from common import best_of, report
from synthetic import large_city

from integrationkonzept import BudgetCadence, Dataset, Municipality
from integrationkonzept.contributions import RenderOptions
from integrationkonzept.plugins import registry


def main() -> None:
    data = large_city()
    empty = Dataset(Municipality("Leerstadt", "99000001"), BudgetCadence(2, 2019))
    rows = []
    for name, target in (("html", "< 2 s"), ("xlsx", "< 5 s")):
        render = registry().report_format(name).render
        options = RenderOptions(name, "de", dt.date(2026, 11, 21))
        render(empty, options)  # imports (matplotlib, openpyxl) are not part of the figure
        full = best_of(2, lambda r=render, o=options: r(data, o))  # type: ignore[misc]
        bare = best_of(3, lambda r=render, o=options: r(empty, o))  # type: ignore[misc]
        rows.append((f"{name} report, large city (vs empty concept)", full, bare, target))
    report(rows)


if __name__ == "__main__":
    main()
