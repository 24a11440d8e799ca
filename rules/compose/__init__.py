"""Rules of the compose family (see the package docstring of rules)."""
