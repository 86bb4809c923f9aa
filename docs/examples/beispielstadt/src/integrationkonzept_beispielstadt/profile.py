"""Beispielstadt's profile: a made-up key and annual budgets."""

from integrationkonzept import BudgetCadence, Municipality
from integrationkonzept.plugin import (
    MunicipalityProfile,
)

PROFILE = MunicipalityProfile(
    name="beispielstadt",
    municipality=Municipality("Beispielstadt", "99999999"),
    budget_cadence=BudgetCadence(1, 2024),
    reference_scheme="beispielstadt",
    bodies=("Stadtrat", "Integrationsausschuss"),
)
