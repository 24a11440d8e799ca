"""SL328 controller-restart-policy: a long-running controller whose pod template sets
restartPolicy Never or OnFailure."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate, is_plain_workload

from .examples import container, deployment
from .pss import obj_label, templated

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

#: Controllers that keep their pods running: the API server accepts only `Always`.
CONTROLLERS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController",
               "DeploymentConfig", "Rollout", "CloneSet")

RULE = Rule(
    code="SL328",
    name="controller-restart-policy",
    severity=Severity.HIGH,
    summary="Deployment, StatefulSet, DaemonSet... with restartPolicy Never or OnFailure",
    rationale=(
        "A Deployment, ReplicaSet, DaemonSet, StatefulSet or ReplicationController keeps its "
        "pods running, so the API server accepts only `restartPolicy: Always` in their pod "
        "template (`spec.template.spec.restartPolicy: Unsupported value: \"Never\"`): the "
        "apply fails. Work that runs to completion belongs in a Job."),
    remediation=(
        "Remove `restartPolicy` (it defaults to Always) or set it to Always; if the pods are "
        "meant to finish, make the object a Job or CronJob."),
    references=[
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy",
        "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template"],
    related={"kube-linter": "restart-policy"},
    tags=["correctness"],
    failing=lambda: [Example("deploy.yaml", deployment(container() + "restartPolicy: Never")),
             Example("ds.yaml", deployment(container() + "restartPolicy: OnFailure",
                                           kind="DaemonSet"))],
    passing=lambda: [Example("deploy.yaml", deployment(container() + "restartPolicy: Always")),
             Example("deploy.yaml", deployment(container())),
             Example("job.yaml", deployment(container() + "restartPolicy: Never", kind="Job",
                                            api="batch/v1"))],
    security=False,
    fragments=True,  # a patch that writes `restartPolicy: Never` breaks the object it patches
)


@RULE.check(PodTemplate)
def restart_policy(pt: PodTemplate) -> Iterator[Hit]:
    o = pt.owner
    rp = pt.restart_policy
    if o.kind not in CONTROLLERS or not is_plain_workload(o) or rp is None \
            or templated(rp.as_str()):
        return
    if rp.as_str() != "Always":
        yield Hit(rp, f"{obj_label(o)}: restartPolicy {rp.as_str()} is rejected for a "
                      f"{o.kind} (its pods must keep running: only Always is allowed)",
                  fix="remove restartPolicy or set it to Always (use a Job for run-to-completion work)")
