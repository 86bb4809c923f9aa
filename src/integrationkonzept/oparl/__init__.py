"""OParl: sync council papers from an OParl 1.0/1.1 server into a local database and the model.

The pieces, each in its own module: :mod:`.client` fetches (httpx; retries, limits, pagination,
base-URL mapping), :mod:`.clean` reads broken values (placeholders, control characters),
:mod:`.store` keeps the objects in SQLite (WAL, resumable), :mod:`.sync` runs a full or
incremental sync, :mod:`.mapping` turns stored objects into :class:`~integrationkonzept.model.
council.Paper` and friends, :mod:`.relevance` selects the papers that concern the concept and
links them to it, and :mod:`.cli` is the ``integrationkonzept oparl`` command group.

Nothing here is imported by the core: ``import integrationkonzept`` stays light.
"""

from __future__ import annotations
