"""Rules of the dockerfile family (see the package docstring of rules)."""
