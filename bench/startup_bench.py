"""Start-up: ``integrationkonzept --help`` against ``python -c pass``. Target: within 0.3 s.

.venv/bin/python bench/startup_bench.py
"""

from __future__ import annotations

import subprocess
import sys

from common import best_of, report


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True)


def main() -> None:
    baseline = best_of(10, lambda: run("-c", "pass"))
    help_time = best_of(10, lambda: run("-m", "integrationkonzept", "--help"))
    demo_time = best_of(3, lambda: run("-m", "integrationkonzept", "demo"))
    report(
        [
            ("integrationkonzept --help", help_time, baseline, "< baseline + 0.3 s"),
            ("integrationkonzept demo", demo_time, baseline, "-"),
        ]
    )
    print(f"--help costs {help_time - baseline:.3f} s over python -c pass")


if __name__ == "__main__":
    main()
