"""Fixtures for the tests in this folder; their code and shared helpers live in
``oparl_support`` (a unique module name: every test folder has a conftest)."""

from oparl_support import (  # noqa: F401 - pytest finds fixtures by name here
    fixture_server,
    replay,
    replay_synced,
    store,
)
