"""SL339 pod-not-isolated: pods that no NetworkPolicy selects (opt-in).

Checks the ``KubernetesSet``: a NetworkPolicy anywhere in the run, in the workload's
namespace, whose ``podSelector`` matches the pod template's labels (an empty selector matches
every pod) isolates it. A namespace without any NetworkPolicy is one problem: it is reported
once per directory (on the Namespace object when the directory defines it, else on the first
workload); in a namespace that has policies, each workload none of them selects is reported.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet
from linter.kubernetes.objectset import directory, in_namespace_phrase

from .examples import container, deployment
from .pss import is_true, listed, mapping, obj_label, selector_matches

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_DENY = ("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\n"
         "spec:\n  podSelector: %s\n  policyTypes: [Ingress, Egress]\n")

RULE = Rule(
    code="SL339",
    name="pod-not-isolated",
    severity=Severity.LOW,
    summary="Pods that no NetworkPolicy selects (opt-in)",
    rationale=(
        "A pod that no NetworkPolicy selects accepts connections from, and opens them to, "
        "every pod of the cluster: one compromised workload can reach every database and "
        "admin port. A default-deny policy per namespace (`podSelector: {}`), with policies "
        "that allow what each workload needs, closes that. Opt-in: policies often live in a "
        "platform repository that is not linted with the application."),
    remediation=(
        "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` to "
        "the namespace, and policies that allow each workload's real traffic."),
    references=["https://kubernetes.io/docs/concepts/services-networking/network-policies/",
                "CIS Kubernetes Benchmark 5.3.2: Ensure that all Namespaces have Network "
                "Policies defined"],
    aliases={"cis": "5.3.2", "kube-linter": "non-isolated-pod", "checkov": "CKV2_K8S_6"},
    related={"polaris": "missingNetworkPolicy", "kube-score": "pod-networkpolicy",
             "kics": "Pod Misconfigured Network Policy"},
    tags=["security", "network"],
    opt_in="hardening",
    failing=lambda: [Example("app.yaml", deployment(container())),
             Example("app.yaml", deployment(container()) + "---\n" + _DENY % "{matchLabels: {app: db}}")],
    passing=lambda: [Example("app.yaml", deployment(container()) + "---\n" + _DENY % "{}"),
             Example("app.yaml", deployment(container()) + "---\n" + _DENY % "{matchLabels: {app: web}}")],
)


def _isolated(labels: dict[str, str], policies: list[KubeObject]) -> bool:
    for p in policies:
        sel = mapping(p.node, "spec", "podSelector")
        if sel is None or not sel.entries or selector_matches(sel, labels) is not False:
            return True  # selects it (an empty selector selects all; unreadable: benefit of doubt)
    return False


@RULE.check(KubernetesSet)
def not_isolated(ks: KubernetesSet) -> Iterator[Hit]:
    reported: set[tuple] = set()  # (scope, namespace, directory) with no policy at all
    for o in ks.objects:
        pt = o.pod_template
        if pt is None or pt.partial or o.kind == "PodTemplate" or is_true(pt.host_network):
            continue  # NetworkPolicies do not apply to pods on the host's network
        policies = [x for x in ks.reach(o)
                    if x.kind == "NetworkPolicy" and x.group == "networking.k8s.io"]
        if policies:
            if not _isolated(pt.labels, policies):
                yield Hit(o.name_span, f"{obj_label(o)}: none of the NetworkPolicies "
                                       f"{in_namespace_phrase(o)} selects its pods",
                          fix="add a NetworkPolicy that selects these pods (or a default-deny "
                              "policy with podSelector: {})", path=o.path)
            continue
        key = (*ks.group_of(o), directory(o))
        if key in reported:
            continue
        reported.add(key)
        ns = next((x for x in ks.objects if o.namespace and x.kind == "Namespace"
                   and x.name == o.namespace and directory(x) == directory(o)), None)
        shown, plural = listed([obj_label(x) for x in ks.local(o) if x.pod_template is not None
                                and x.kind != "PodTemplate" and not x.pod_template.partial
                                and not is_true(x.pod_template.host_network)])
        where = f"namespace '{o.namespace}'" if o.namespace else "the namespace these objects are applied to"
        yield Hit((ns or o).name_span, f"no NetworkPolicy of the linted files applies in {where}: "
                                       f"{shown} accept{'' if plural else 's'} and open{'' if plural else 's'} "
                                       "connections to and from any pod",
                  fix="add a default-deny NetworkPolicy (podSelector: {}) to the namespace and "
                      "allow each workload's traffic", path=(ns or o).path)
