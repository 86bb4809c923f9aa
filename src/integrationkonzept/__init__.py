"""integrationkonzept: a municipal integration concept as data."""
