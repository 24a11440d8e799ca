"""Rules of the dockerfile family (see the package docstring of rules)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("dockerfile",)

#: the rules a run without configuration does not run, by code: opt-in (``opt_in``,
#: ``enabled_by_default=False``) or not released yet (``since="next"``). A run that names no
#: rule anywhere does not import them (``rules_for``); tests/test_startup.py checks this
#: holds every such rule of the family and no other.
OFF_BY_DEFAULT = frozenset({
    "SL201", "SL202", "SL203", "SL205", "SL206", "SL213", "SL217", "SL218", "SL220",
    "SL225", "SL230", "SL234", "SL238", "SL239", "SL241", "SL245", "SL246", "SL248",
    "SL254", "SL255", "SL256", "SL281", "SL290"})
