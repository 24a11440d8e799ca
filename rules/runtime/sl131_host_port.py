"""SL131 host-port: a container port bound directly on the node (hostPort).

Compose's side of the concept (ports published on every host interface) is SL410
port-on-all-interfaces in ``rules/compose``; it is not repeated here.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes.tree import k8s_value

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import PSS_DOC, who

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL131",
    name="host-port",
    severity=Severity.MEDIUM,
    summary="Container port bound directly on the node (hostPort)",
    rationale=(
        "A Kubernetes hostPort binds the port on the node itself: it bypasses Services and "
        "NetworkPolicies for traffic arriving at the node, pins the pod to nodes where the "
        "port is free and exposes it to whatever can reach the node."),
    remediation=(
        "Kubernetes: remove `hostPort` and expose the pod through a Service (ClusterIP, or "
        "NodePort/LoadBalancer when it must be reachable from outside)."),
    references=[
        PSS_DOC + "#baseline",
        "https://kubernetes.io/docs/concepts/configuration/overview/#services",
    ],
    aliases={"cis": "5.2.13", "pss": "baseline/host-ports", "checkov": "CKV_K8S_26", "trivy": "KSV-0024",
             "polaris": "hostPortSet"},
    tags=["security", "network"],
    failing=lambda: [
        Example("pod.yaml", pod(container("ports:\n- {containerPort: 80, hostPort: 80}"))),
    ],
    passing=lambda: [
        Example("pod.yaml", pod(container("ports:\n- {containerPort: 80}"))),
    ],
    fragments=True,
)


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        for p in c.ports:
            hp = p.host_port
            if hp is None:
                continue
            v = k8s_value(hp)
            if v == 0 or v == "0" or (isinstance(v, str) and "{{" in v):
                continue
            yield Hit(hp, f"{who(c)} binds host port {hp.as_str()} on the node (hostPort); "
                          "PSS baseline 'Host Ports' forbids it",
                      fix="remove hostPort and expose the pod through a Service")
