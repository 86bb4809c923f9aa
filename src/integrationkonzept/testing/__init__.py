"""Test helpers for code built on integrationkonzept (plugins, importers, reports).

:mod:`integrationkonzept.testing.strategies` has a `Hypothesis <https://hypothesis.works>`_
strategy for every model class; it needs the optional dependency ``integrationkonzept[testing]``.
Import it explicitly (this package does not import it, so that importing
``integrationkonzept.testing`` never requires Hypothesis)::

    from integrationkonzept.testing.strategies import datasets
"""
