"""Fixtures for the tests in this folder; their code and shared helpers live in
``report_support`` (a unique module name: every test folder has a conftest)."""

from report_support import (  # noqa: F401 - pytest finds fixtures by name here
    rich,
)
