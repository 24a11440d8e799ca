"""SL321 job-restart-policy: Job or CronJob pod template without restartPolicy Never or OnFailure.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, deployment
from .pss import obj_label, templated

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL321",
    name="job-restart-policy",
    severity=Severity.HIGH,
    summary="Job or CronJob pod template without restartPolicy Never or OnFailure",
    rationale=(
        "A Job's pods must say what happens when they fail: `Never` (the Job creates a new "
        "pod) or `OnFailure` (the kubelet restarts the container). The API server rejects a "
        "Job whose template has `restartPolicy: Always`, which is also the value an unset "
        "field takes."),
    remediation="Set `restartPolicy: Never` (or `OnFailure`) in the Job's pod template.",
    references=["https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template"],
    aliases={"kube-score": "cronjob-restartpolicy"},
    related={"kube-linter": "restart-policy"},  # it also rejects Never for Jobs
    tags=["correctness"],
    failing=lambda: [Example("job.yaml", deployment(container() + "restartPolicy: Always", kind="Job",
                                            api="batch/v1"))],
    passing=lambda: [Example("job.yaml", deployment(container() + "restartPolicy: OnFailure", kind="Job",
                                            api="batch/v1"))],
    security=False,
)


@RULE.check(PodTemplate)
def job_restart(pt: PodTemplate) -> Iterator[Hit]:
    o = pt.owner
    if o.kind not in ("Job", "CronJob") or o.group != "batch":
        return
    rp = pt.restart_policy
    if rp is None:
        yield Hit(o.name_span, f"{obj_label(o)}: the pod template sets no restartPolicy, so it "
                               "defaults to Always, which the API server rejects for Jobs",
                  fix="set restartPolicy: Never or OnFailure")
    elif rp.as_str() not in ("Never", "OnFailure") and not templated(rp.as_str()):
        yield Hit(rp, f"{obj_label(o)}: restartPolicy {rp.as_str()} is not allowed for Jobs "
                      "(Never or OnFailure)", fix="set restartPolicy: Never or OnFailure")
