"""Beispielstadt: a small fictional city, the plugin author guide's example."""
