"""SL304 probe-host-field: Probe or lifecycle hook sends its request to another host."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from ..controlplane.flags import is_control_plane
from .examples import container, pod
from .pss import (
    PSS_DOC,
    mapping,
    scalar,
    who,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL304",
    name="probe-host-field",
    severity=Severity.MEDIUM,
    summary="Probe or lifecycle hook sets a host",
    rationale=(
        "The kubelet runs probes and HTTP/TCP lifecycle hooks from the node. A `host` field "
        "makes it connect to any address, including ones the pod itself could not reach "
        "(node-local services, cloud metadata endpoints): a server-side request forgery "
        "through the kubelet."),
    remediation="Remove `host` from the probe or hook; it then targets the pod's own IP.",
    references=[PSS_DOC + "#baseline",
                "https://kubernetes.io/docs/tasks/configure-pod-container/"
                "configure-liveness-readiness-startup-probes/"],
    aliases={"pss": "baseline/host-probes-lifecycle-hooks"},
    tags=["security", "network"],
    failing=lambda: [Example("pod.yaml", pod(container("livenessProbe:\n  httpGet: {host: 169.254.169.254, path: /, port: 80}")))],
    passing=lambda: [Example("pod.yaml", pod(container("livenessProbe:\n  httpGet: {path: /healthz, port: 8080}")))],
    fragments=True,
)


@RULE.check(PodTemplate)
def probe_host(pt: PodTemplate) -> Iterator[Hit]:
    if is_control_plane(pt):
        return  # a static pod on the host network probes the node's address (no admission)
    for c in pt.all_containers():
        places = [(f"its {k}", getattr(c, a)) for k, a in (
            ("livenessProbe", "liveness_probe"), ("readinessProbe", "readiness_probe"),
            ("startupProbe", "startup_probe"))]
        places += [(f"its {h} hook", mapping(c.lifecycle, h)) for h in ("postStart", "preStop")]
        for what, m in places:
            for handler in ("httpGet", "tcpSocket"):
                host = scalar(mapping(m, handler), "host")
                if host is not None and host.as_str():
                    yield Hit(host, f"{who(c)}: {what} sets {handler}.host: "
                                    f"'{host.as_str()}'; PSS baseline 'Host Probes / Lifecycle "
                                    "Hooks' forbids setting any host: remove it, and the probe "
                                    "or hook targets the pod's own IP",
                              fix=f"remove {handler}.host")
