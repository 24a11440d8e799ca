"""Rules of the runtime family (see the package docstring of rules)."""
