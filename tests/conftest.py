"""Hypothesis profiles: ``dev`` by default, ``ci`` with ``pytest --hypothesis-profile=ci``."""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True, max_examples=100)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile("dev")
