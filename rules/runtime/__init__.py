"""Rules of the runtime family (see the package docstring of rules)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("dockerfile", "compose", "kubernetes")

#: the rules that check fewer kinds than the family (by code; every other rule: ``FORMATS``):
#: only SL101 judges Dockerfiles, so a Dockerfile run imports no other runtime rule
RULE_FORMATS = {
    **{code: ("compose", "kubernetes") for code in (
        "SL104", "SL120", "SL121", "SL122", "SL124", "SL125", "SL126", "SL127", "SL128",
        "SL129", "SL130", "SL132")},
    "SL123": ("kubernetes",),
    "SL131": ("kubernetes",),
}

#: the rules a run without configuration does not run, by code: opt-in (``opt_in``,
#: ``enabled_by_default=False``) or not released yet (``since="next"``). A run that names no
#: rule anywhere does not import them (``rules_for``); tests/test_startup.py checks this
#: holds every such rule of the family and no other.
OFF_BY_DEFAULT = frozenset({
    "SL123", "SL126", "SL127"})
