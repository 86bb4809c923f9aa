"""Built-in importers beyond native JSON: the measure catalogue as XLSX or CSV."""
