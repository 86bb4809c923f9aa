"""``python -m integrationkonzept``."""

from .cli import main

raise SystemExit(main())
