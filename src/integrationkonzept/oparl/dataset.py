"""The model from the store: a body's papers (adjusted by the city's adapters) as a data set.

The city is found by the body's official key (AGS): its profile gives the budget cadence, the
relevance rules and the reference scheme; its OParl adapters adjust each mapped paper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs

from ..contributions import (
    MunicipalityProfile,
    OParlAdapter,
    ParsedReference,
    ReferenceScheme,
    RelevanceRules,
)
from ..errors import IntegrationskonzeptError
from ..model.concept import Municipality
from ..model.council import Paper
from ..model.dataset import Dataset
from ..model.periods import BudgetCadence
from .client import OParlError
from .mapping import adjust, normalize_ags, organization, to_dataset, to_paper
from .store import Store

__all__ = ["City", "Plugins", "city", "load_dataset", "load_papers"]


class Plugins(Protocol):
    """What :func:`city` asks of the installed plugins (the command line passes
    :func:`integrationkonzept.plugins.registry`'s registry)."""

    def profile_for(self, ags: str) -> MunicipalityProfile | None:
        """The profile of the municipality with this key, if a plugin has one."""

    def reference_scheme(self, name: str) -> ReferenceScheme:
        """The reference scheme ``name``; an ``IntegrationskonzeptError`` when there is none."""

    def oparl_adapters(
        self, ags: str | None, system: Mapping[str, Any] | None = None
    ) -> tuple[OParlAdapter, ...]:
        """The plugins' adjustments of papers from this municipality (``ags``) or from this
        server product (the raw ``System`` object)."""


@attrs.frozen
class City:
    """A body of the store and what the plugins know about it."""

    body: str
    municipality: Municipality | None
    profile: MunicipalityProfile | None = None
    adapters: tuple[OParlAdapter, ...] = ()
    parse: Callable[[str], ParsedReference] | None = attrs.field(default=None, eq=False)

    @property
    def rules(self) -> RelevanceRules:
        """The profile's relevance rules, or the defaults."""
        return self.profile.relevance if self.profile is not None else RelevanceRules()

    @property
    def cadence(self) -> BudgetCadence:
        """The profile's budget cadence, or annual budgets."""
        if self.profile is not None:
            return self.profile.budget_cadence
        return BudgetCadence(years_per_period=1, anchor_year=dt.date.today().year)


def city(store: Store, plugins: Plugins, body: str | None = None, ags: str | None = None) -> City:
    """The body ``body`` of the store (the only one when ``None``), with profile and adapters
    from ``plugins``; ``ags`` overrides the key the server gives."""
    bodies = [item for item in store.bodies() if not item[3]]
    if body is not None:
        chosen = [item for item in bodies if item[0] == body]
        if not chosen:
            raise OParlError(f"die Körperschaft {body} ist nicht in der Datenbank")
    elif len(bodies) == 1:
        chosen = bodies
    elif not bodies:
        raise OParlError("die Datenbank enthält keine Körperschaft: zuerst „oparl sync“ aufrufen")
    else:
        names = ", ".join(item[0] for item in bodies)
        raise OParlError(
            f"mehrere Körperschaften in der Datenbank, bitte mit --body wählen: {names}"
        )
    url, name, server_ags, _ = chosen[0]
    key = normalize_ags(ags) if ags is not None else normalize_ags(server_ags)
    if ags is not None and key is None:
        raise OParlError(f"„{ags}“ ist kein Amtlicher Gemeindeschlüssel (acht Ziffern)")
    municipality = Municipality(name or url, key) if key is not None else None
    adapters = plugins.oparl_adapters(key, _system(store, url))
    if key is None:
        return City(url, municipality, adapters=adapters)
    profile = plugins.profile_for(key)
    parse = None
    if profile is not None:
        try:
            parse = plugins.reference_scheme(profile.reference_scheme or profile.name).parse
        except IntegrationskonzeptError:  # the profile names a scheme no plugin provides
            parse = None
    return City(url, municipality, profile, adapters, parse)


def _system(store: Store, body: str) -> Mapping[str, Any]:
    """The raw ``System`` object serving ``body``, as stored (empty when unknown)."""
    raw = store.raw(body) or {}
    system = store.raw(raw["system"]) if isinstance(raw.get("system"), str) else None
    return system or {}


def load_papers(
    store: Store, place: City | None, report: Callable[[str], None]
) -> list[tuple[Paper, str | None]]:
    """The papers of ``place``'s body (every body's with ``None``), mapped and adjusted, each
    with its ``modified`` stamp; papers without a reference are reported and left out."""
    views = store.paper_views(place.body if place is not None else None)
    references = {view.id: view.reference for view in views if view.reference}
    adapters = place.adapters if place is not None else ()
    papers = []
    without = 0
    for view in views:
        paper = to_paper(view, references)
        if paper is None:
            without += 1
            continue
        if adapters:
            paper = adjust(paper, store.raw(view.id) or {}, adapters, report)
        papers.append((paper, view.modified))
    if without:
        report(f"{without} Vorlagen ohne Aktenzeichen übergangen (das Modell braucht eines)")
    return papers


def load_dataset(
    store: Store, place: City, report: Callable[[str], None]
) -> tuple[Dataset, list[tuple[Paper, str | None]]]:
    """The body's papers and organizations as a data set (and the papers as loaded)."""
    if place.municipality is None:
        raise OParlError(
            f"{place.body}: der Server nennt keinen gültigen Amtlichen Gemeindeschlüssel; "
            "bitte mit --ags angeben"
        )
    papers = load_papers(store, place, report)
    organizations = [
        organization(url, name, short, kind)
        for url, (name, short, kind, deleted) in sorted(store.organizations().items())
        if not deleted
    ]
    dataset, problems = to_dataset(place.municipality, place.cadence, papers, organizations)
    for problem in problems:
        report(problem)
    return dataset, papers
