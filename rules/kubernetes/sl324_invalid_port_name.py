"""SL324 invalid-port-name: Port name is not a valid IANA service name."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, PodTemplate

from .examples import container, pod
from .pss import mapping, scalar, sequence, templated, who

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL324",
    name="invalid-port-name",
    severity=Severity.HIGH,
    summary="Port name is not a valid IANA service name",
    rationale=(
        "Container port names (and the names a Service's targetPort refers to) must be IANA "
        "service names: at most 15 characters, lower-case letters, digits and single inner "
        "hyphens, with at least one letter. The API server rejects others, so the deploy "
        "fails."),
    remediation="Rename the port, e.g. `metrics` or `http-admin` (15 characters at most).",
    references=["https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
                "https://www.rfc-editor.org/rfc/rfc6335#section-5.1"],
    aliases={"kube-linter": "invalid-target-ports"},
    related={"kube-score": "container-ports-check"},
    tags=["correctness"],
    failing=lambda: [Example("pod.yaml", pod(container("ports:\n- {name: prometheus-metrics, containerPort: 9090}")))],
    passing=lambda: [Example("pod.yaml", pod(container("ports:\n- {name: metrics, containerPort: 9090}")))],
    security=False,
    fragments=True,
)


def port_name_problem(name: str) -> str | None:
    """Why ``name`` is not an IANA service name, or ``None`` (also for an upper-case
    placeholder such as ``PORT`` that a script replaces before deploying)."""
    if name.replace("_", "").isalpha() and name.isupper():
        return None
    if len(name) > 15:
        return "longer than 15 characters"
    if any(not (ch.isascii() and (ch.islower() or ch.isdigit() or ch == "-")) for ch in name):
        return "only lower-case letters, digits and '-' are allowed"
    if name.startswith("-") or name.endswith("-") or "--" in name:
        return "hyphens may not lead, trail or repeat"
    if not any(ch.isalpha() for ch in name):
        return "it needs at least one letter"
    return None


@RULE.check(PodTemplate)
def port_names(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        for p in c.ports:
            if not p.name or templated(p.name):
                continue
            why = port_name_problem(p.name)
            if why:
                node = p.node.get("name")
                yield Hit(node if node is not None else p,
                          f"{who(c)}: port name '{p.name}' is invalid ({why}); the API server "
                          "rejects it", fix="use a name of at most 15 lower-case letters, digits and '-'")


@RULE.check(KubeObject)
def service_target_ports(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "Service" or o.group != "":
        return
    for port in sequence(mapping(o.node, "spec"), "ports"):
        tp = scalar(port, "targetPort")
        if tp is None or not isinstance(tp.value, str) or tp.value.isdigit() or templated(tp.value):
            continue
        why = port_name_problem(tp.value)
        if why:
            yield Hit(tp, f"Service '{o.name}': targetPort '{tp.value}' is not a valid port name "
                          f"({why}); the API server rejects it", fix="use the port's number or a valid name")
