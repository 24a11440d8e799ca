"""Rules of the kubernetes family (see the package docstring of rules)."""
