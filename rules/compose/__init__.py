"""Rules of the compose family (see the package docstring of rules)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("compose",)
