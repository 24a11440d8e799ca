"""Rules of the compose family (see the package docstring of rules)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("compose",)

#: the rules a run without configuration does not run, by code: opt-in (``opt_in``,
#: ``enabled_by_default=False``) or not released yet (``since="next"``). A run that names no
#: rule anywhere does not import them (``rules_for``); tests/test_startup.py checks this
#: holds every such rule of the family and no other.
OFF_BY_DEFAULT = frozenset({
    "SL407", "SL413", "SL417", "SL418", "SL419", "SL420", "SL421", "SL423", "SL424",
    "SL425", "SL426", "SL427", "SL430", "SL431", "SL432"})
