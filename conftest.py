"""Hypothesis profiles for every test in the repository, the plugins' included.

``dev`` by default; ``ci`` (derandomized, no deadline) with ``pytest --hypothesis-profile=ci``,
as ``make test`` runs it.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True, max_examples=100)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile("dev")
