"""SL308 missing-probes: Long-running container has no readiness or liveness probe."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, deployment
from .pss import (
    who,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL308",
    name="missing-probes",
    severity=Severity.LOW,
    summary="Long-running container has no readiness or liveness probe",
    rationale=(
        "Without a readiness probe a pod that serves on a port receives Service traffic as "
        "soon as its process "
        "starts, before it can answer, and keeps receiving it while it is overloaded; "
        "rollouts proceed even when the new version never becomes ready. Without a liveness "
        "probe a hung process (deadlock, exhausted pool) is never restarted."),
    remediation=(
        "Add a `readinessProbe` that checks the service can answer (an HTTP health endpoint, "
        "a TCP or gRPC check) and a `livenessProbe` that only fails when a restart helps; use "
        "a `startupProbe` for slow starters."),
    references=["https://kubernetes.io/docs/tasks/configure-pod-container/"
                "configure-liveness-readiness-startup-probes/"],
    aliases={"checkov": "CKV_K8S_8", "kube-linter": "no-liveness-probe",
             "polaris": "livenessProbeMissing", "kics": "Liveness Probe Is Not Defined"},
    related={"checkov": "CKV_K8S_9", "kube-linter": "no-readiness-probe",
             "polaris": "readinessProbeMissing", "kube-score": "pod-probes",
             "kics": "Readiness Probe Is Not Configured"},
    tags=["reliability"],
    failing=lambda: [Example("deploy.yaml", deployment(container("ports:\n- containerPort: 8080")))],
    passing=lambda: [Example("deploy.yaml", deployment(container(
                 "readinessProbe:\n  httpGet: {path: /ready, port: 8080}\n"
                 "livenessProbe:\n  httpGet: {path: /healthz, port: 8080}"))),
             Example("job.yaml", deployment(container() + "restartPolicy: Never", kind="Job",
                                            api="batch/v1"))],
    opt_in="hardening",
)


#: pods that run to completion: Jobs, OpenKruise BroadcastJobs, Argo Workflows' steps
_RUN_TO_COMPLETION = frozenset(("Job", "CronJob", "BroadcastJob", "Workflow", "WorkflowTemplate",
                                "ClusterWorkflowTemplate", "CronWorkflow"))


@RULE.check(PodTemplate)
def probes(pt: PodTemplate) -> Iterator[Hit]:
    owner = pt.owner
    if owner.kind in _RUN_TO_COMPLETION or owner.kind == "PodTemplate":
        return
    rp = pt.restart_policy
    if owner.kind == "Pod" and rp is not None and rp.as_str() in ("Never", "OnFailure"):
        return  # a run-to-completion pod
    # Knative Serving gives a container without a readinessProbe a TCP one on its port
    knative = owner.group == "serving.knative.dev"
    for c in pt.containers:
        if c.readiness_probe is None and c.ports and not knative:  # serves on a port
            yield Hit(c.name_span, f"{who(c)} has no readinessProbe: it gets traffic before it can answer",
                      fix="add a readinessProbe (httpGet, tcpSocket or grpc)")
        if c.liveness_probe is None:
            yield Hit(c.name_span, f"{who(c)} has no livenessProbe: a hung process is never restarted",
                      severity=Severity.INFO, fix="add a livenessProbe")
