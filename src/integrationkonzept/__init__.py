"""integrationkonzept: a municipal integration concept as data.

The public API: the model classes, :func:`dump` and :func:`load` for lossless JSON, the example
data, and the error types. Calculations live in :mod:`integrationkonzept.calc` (budget views,
review schedules, progress roll-up); everything not named here may change between versions.
"""

from . import model
from .errors import (
    DataError,
    IntegrationskonzeptError,
    InvalidTypeError,
    InvalidValueError,
    Location,
    ParseError,
)
from .examples import EXAMPLES, example

# The model's names are listed once, in model.__all__: the package root re-exports all of them.
from .model import *  # noqa: F403
from .serialize import SCHEMA_VERSION, dump, load

__version__ = "0.1.0"

__all__ = [
    "EXAMPLES",
    "SCHEMA_VERSION",
    "DataError",
    "IntegrationskonzeptError",
    "InvalidTypeError",
    "InvalidValueError",
    "Location",
    "ParseError",
    "__version__",
    "dump",
    "example",
    "load",
]
__all__ += model.__all__
