"""Rules of the kubernetes family (see the package docstring of rules)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("kubernetes",)

#: rules that judge objects of a few kinds (or API groups) only, by code: what a file must
#: hold (lower case) for such an object to be in it. A run over named files none of which
#: holds one does not import the rule: a manifest of one Pod imports 17 fewer rule modules,
#: 4 ms of its start-up (issue #14). Each word is in the ``kind`` or ``apiVersion`` the rule
#: looks for, as written in any file that has such an object; tests/test_startup.py checks
#: every failing example holds one, and, over the Kubernetes corpus, that each file alone
#: gets the same findings from the rules chosen so as from the whole pack.
_RBAC = ("rbac.authorization.k8s.io",)  # Roles and bindings: the RBAC API group
RULE_MARKERS = {
    "SL311": _RBAC, "SL312": _RBAC, "SL313": _RBAC, "SL314": _RBAC, "SL315": _RBAC,
    "SL337": _RBAC,
    "SL317": ("ingress",), "SL325": ("ingress",), "SL336": ("ingress",),
    "SL320": ("service",),
    "SL326": ("list",),  # kind: List, and the *List kinds
    "SL327": ("podsecuritypolicy",),
    "SL329": ("statefulset",), "SL338": ("statefulset",),
    "SL331": ("service", "poddisruptionbudget", "networkpolicy", "podmonitor"),
    "SL332": ("horizontalpodautoscaler",),
    "SL333": ("poddisruptionbudget",),
}

#: the rules a run without configuration does not run, by code: opt-in (``opt_in``,
#: ``enabled_by_default=False``) or not released yet (``since="next"``). A run that names no
#: rule anywhere does not import them (``rules_for``); tests/test_startup.py checks this
#: holds every such rule of the family and no other.
OFF_BY_DEFAULT = frozenset({
    "SL305", "SL306", "SL307", "SL308", "SL309", "SL310", "SL322", "SL339", "SL340",
    "SL391"})
