"""SL104 missing-resource-limits: a container can take all the memory or CPU of its host."""

from __future__ import annotations

from typing import Iterator

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL104",
    name="missing-resource-limits",
    severity=Severity.MEDIUM,
    summary="Container has no memory or CPU limit",
    rationale=(
        "Without a memory limit one leaking or attacked container can exhaust the host's "
        "memory and get its neighbours killed; without a CPU limit it can starve them. In "
        "Kubernetes, missing requests also leave the scheduler guessing and make the pod "
        "BestEffort, the first to be evicted."),
    remediation=(
        "Compose: set `deploy.resources.limits.memory` and `.cpus` (or `mem_limit` and "
        "`cpus`). Kubernetes: set `resources.requests` and `resources.limits` for `memory` and "
        "`cpu` on every container, or a LimitRange in the namespace."),
    references=[
        "https://docs.docker.com/reference/compose-file/deploy/#resources",
        "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
        "CIS Docker Benchmark 5.11: Ensure that the memory usage for containers is limited",
        "CIS Docker Benchmark 5.12: Ensure that CPU priority is set appropriately on containers",
    ],
    aliases={
        "checkov": ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"],
        "trivy": ["KSV-0011", "KSV-0015", "KSV-0016", "KSV-0018"],
        "kube-linter": ["unset-cpu-requirements", "unset-memory-requirements"],
        "kics": "Memory Not Limited",
    },
    tags=["reliability", "security"],
    failing=[
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n"),
        Example("deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
                "  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n"
                "    spec:\n      containers:\n      - name: app\n        image: app:1\n"
                "        resources:\n          limits: {memory: 128Mi}\n"),
    ],
    passing=[
        Example("compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n"
                "        limits: {memory: 256M, cpus: '0.5'}\n"),
        Example("compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n    cpus: 0.5\n"),
        Example("deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
                "  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n"
                "    spec:\n      containers:\n      - name: app\n        image: app:1\n"
                "        resources:\n          requests: {memory: 64Mi, cpu: 100m}\n"
                "          limits: {memory: 128Mi, cpu: 500m}\n"),
    ],
)


@RULE.check(Service)
def compose_service(service: Service) -> Iterator[Hit]:
    limits = service.deploy_limits
    missing = []
    if service.mem_limit is None and (limits is None or limits.memory is None):
        missing.append("memory limit")
    if service.cpus is None and (limits is None or limits.cpus is None):
        missing.append("CPU limit")
    if missing:
        yield Hit(service, f"service '{service.name}' has no {' and no '.join(missing)}",
                  severity=None if "memory limit" in missing else Severity.LOW)


@RULE.check(PodTemplate)
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    for c in template.containers + template.init_containers:
        missing = [f"{what} {kind}" for kind, table in (("limit", c.resources.limits),
                                                         ("request", c.resources.requests))
                   for what, key in (("memory", "memory"), ("CPU", "cpu"))
                   if key not in table]
        if missing:
            at = c.resources.node if c.resources.node is not None else c
            yield Hit(at, f"{c.kind} '{c.name}' has no {', '.join(missing)}",
                      severity=None if "memory limit" in missing else Severity.LOW)
