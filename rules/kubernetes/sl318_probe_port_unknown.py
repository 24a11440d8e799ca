"""SL318 probe-port-unknown: Probe names a port the container does not declare."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import mapping, scalar, templated, who

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_PROBES_DOC = ("https://kubernetes.io/docs/tasks/configure-pod-container/"
               "configure-liveness-readiness-startup-probes/")


RULE = Rule(
    code="SL318",
    name="probe-port-unknown",
    severity=Severity.HIGH,
    summary="Probe names a port the container does not declare",
    rationale=(
        "A probe may name its port (`port: http`); the kubelet resolves the name among the "
        "container's own `ports`. If no port has that name the probe can never succeed: a "
        "liveness probe then restarts the container forever, a readiness probe keeps it out "
        "of its Service."),
    remediation="Name the port in the container's `ports` list, or use the port number in the probe.",
    references=[_PROBES_DOC],
    # they also report a probe on a port number the container does not list, which works
    related={"kube-linter": ["liveness-port", "readiness-port", "startup-port"]},
    tags=["correctness", "reliability"],
    failing=lambda: [Example("pod.yaml", pod(container("ports:\n- {name: web, containerPort: 8080}\n"
                                               "livenessProbe:\n  httpGet: {path: /healthz, port: http}")))],
    passing=lambda: [Example("pod.yaml", pod(container("ports:\n- {name: http, containerPort: 8080}\n"
                                               "livenessProbe:\n  httpGet: {path: /healthz, port: http}")))],
    security=False,
)


@RULE.check(PodTemplate)
def probe_port(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        names = {p.name for p in c.ports if p.name}
        for what, probe in (("livenessProbe", c.liveness_probe), ("readinessProbe", c.readiness_probe),
                            ("startupProbe", c.startup_probe)):
            for handler in ("httpGet", "tcpSocket", "grpc"):
                port = scalar(mapping(probe, handler), "port")
                if port is None or not isinstance(port.value, str) or port.value.isdigit():
                    continue
                name = port.value
                if templated(name) or name in names:
                    continue
                known = ", ".join(sorted(names)) if names else "none"
                yield Hit(port, f"{who(c)}: {what} uses port '{name}', which is not among the "
                                f"container's named ports ({known}); the probe always fails",
                          fix=f"name a port '{name}' in ports, or use the port number")
