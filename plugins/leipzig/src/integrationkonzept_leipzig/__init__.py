"""Leipzig for ``integrationkonzept``: the city's profile, its council-paper references (ALLRIS),
importers for its council papers and budget texts, the Sachstandsbericht and its checks.

The contributions are registered through :mod:`integrationkonzept_leipzig.plugin`; the modules
below hold the pure functions behind them.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
