"""Magdeburg for integrationkonzept: the municipality profile, the paper-number scheme, the
importer for the administration's statements (Stellungnahmen), the statement-shaped report and
Magdeburg's checks. The plugin registers itself under the entry point ``magdeburg``."""

__version__ = "0.1.0"
