"""SL104 missing-resource-limits: a container can take all the memory or CPU of its host."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..controlplane.flags import is_control_plane

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import ComposeFile, Service
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
    aliases={"checkov": ["CKV_K8S_11", "CKV_K8S_13"], "trivy": ["KSV-0011", "KSV-0018"],
             "kube-linter": "unset-memory-requirements",
             "polaris": ["cpuLimitsMissing", "memoryLimitsMissing"],
             "kics": ["Memory Not Limited", "Cpus Not Limited", "CPU Limits Not Set", "Memory Limits Not Defined"]},
    related={"checkov": ["CKV_K8S_10", "CKV_K8S_12"], "trivy": ["KSV-0015", "KSV-0016"],
             "kube-linter": "unset-cpu-requirements",
             "polaris": ["cpuRequestsMissing", "memoryRequestsMissing"],
             "kube-score": "container-resources",
             "kubesec": ["LimitsCPU", "LimitsMemory", "RequestsCPU", "RequestsMemory"],
             "kics": ["CPU Requests Not Set", "Memory Requests Not Defined"]},
    tags=["reliability", "security"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n"),
        Example("deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
                "  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n"
                "    spec:\n      containers:\n      - name: app\n        image: app:1\n"
                "        resources:\n          limits: {memory: 128Mi}\n"),
    ],
    passing=lambda: [
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
        # limits without requests: Kubernetes uses the limits as the requests
        Example("deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
                "  selector: {matchLabels: {app: d}}\n  template:\n    spec:\n"
                "      containers:\n      - name: app\n        image: app:1\n"
                "        resources:\n          limits: {memory: 128Mi, cpu: 500m}\n"),
    ],
)


def _limits(cf: ComposeFile, service: Service, memo: dict | None = None
            ) -> tuple[bool, bool] | None:
    """``(has memory limit, has CPU limit)`` of ``service``, with what it inherits through
    ``extends:`` from a service of the same file; ``None`` when it extends a service of
    another file (whose limits this file does not show). ``memo`` (by service name) keeps
    what each chain gave, so that every service of a file is judged in linear time."""
    from linter.compose.project import extends_of  # a Kubernetes run does not load Compose

    if memo is None or cf.service(service.name) is not service:  # a duplicate name
        memo = {}
    chain: list[Service] = []
    seen: dict[str, int] = {}
    s: Service | None = service
    tail: tuple[tuple[bool, bool], bool] = ((False, False), False)  # (limits, other file)
    while s is not None:
        if s.name in memo:
            tail = memo[s.name]
            break
        if s.name in seen:  # a cycle: every service of it sees all of it
            ring = chain[seen[s.name]:]
            both = [_has(r) for r in ring]
            tail = ((any(h[0] for h in both), any(h[1] for h in both)), False)
            for r in ring:
                memo[r.name] = tail
            chain = chain[:seen[s.name]]
            break
        seen[s.name] = len(chain)
        chain.append(s)
        base, file = extends_of(s)
        if base is None:
            break
        if file is not None:  # a service of another file
            tail = ((False, False), True)
            break
        s = cf.service(base)
    for s in reversed(chain):
        has = _has(s)
        tail = ((has[0] or tail[0][0], has[1] or tail[0][1]), tail[1])
        memo[s.name] = tail
    (memory, cpu), other = memo.get(service.name, tail)
    return None if other and not (memory and cpu) else (memory, cpu)


def _has(s: Service) -> tuple[bool, bool]:
    limits = s.deploy_limits
    return (s.mem_limit is not None or (limits is not None and limits.memory is not None),
            s.cpus is not None or (limits is not None and limits.cpus is not None))


def _project_limits(cf: ComposeFile, service: Service) -> tuple[bool, bool] | None | bool:
    """The limits of ``service`` as the merged project has them, when other files of the
    project also define it (``compose.override.yaml``, ``-f`` files): judged once, on the
    first file that defines it (``False`` elsewhere). ``True`` when the project plays no
    part, ``None`` when it cannot be judged."""
    from linter.compose.project import project_of  # a Kubernetes run does not load Compose

    project = project_of(cf)
    defining = [f for f in project.merge_order if f.service(service.name) is not None]
    if len(defining) < 2 or all(f is not cf for f in defining):
        if not any(service.node.get(k) is not None for k in ("image", "build", "extends")):
            return None  # an override of a service this project does not show
        return True
    if defining[0] is not cf:
        return False
    try:
        merged = project.merged_service(service.name)
    except RecursionError:
        return None
    return _has(merged) if merged is not None else None


@RULE.check("linter.compose.tree:ComposeFile")
def compose_file(cf: ComposeFile) -> Iterator[Hit]:
    memo: dict = {}
    for service in cf.services:
        judged = _project_limits(cf, service)
        if judged is None or judged is False:
            continue
        has = _limits(cf, service, memo) if judged is True else judged
        if has is None:
            continue
        missing = [what for what, ok in (("memory limit", has[0]), ("CPU limit", has[1]))
                   if not ok]
        if missing:
            yield Hit(service, f"service '{service.name}' has no {' and no '.join(missing)}",
                      severity=None if "memory limit" in missing else Severity.LOW,
                      fix="set `deploy.resources.limits.memory` and `.cpus` (or `mem_limit` "
                          "and `cpus`)")


def _missing(c) -> list[str]:
    """What ``c`` lacks, per resource: a limit, or a limit and a request. A request alone
    without a limit is not reported, nor is a missing request when the limit is set
    (Kubernetes then uses the limit as the request)."""
    out = []
    for what, key in (("memory", "memory"), ("CPU", "cpu")):
        if key in c.resources.limits:
            continue
        if key in c.resources.requests:
            out.append(f"{what} limit")
        else:
            out.append(f"{what} limit or request")
    return out


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    if is_control_plane(template):
        return  # limits would throttle or kill the control plane under load
    for c in template.containers + template.init_containers:
        missing = _missing(c)
        if missing:
            at = c.resources.node if c.resources.node is not None else c
            yield Hit(at, f"{c.kind} '{c.name}' has no {' and no '.join(missing)}",
                      severity=None if any(m.startswith("memory") for m in missing)
                      else Severity.LOW,
                      fix="set `resources.limits` (and `requests`) for `memory` and `cpu`")
