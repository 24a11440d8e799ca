"""SL647 scheduler-profiling: kube-scheduler serves profiling endpoints."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, Setting, cis, config_objects, equals, field, scalar_text
from .examples import static_pod
from .flags import SCHEDULER, commands

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RISK = "/debug/pprof exposes the program's internals and lets a caller run costly CPU profiles"
#: the deprecated flag, which the scheduler ignores when it is given --config
FLAG = Setting(SCHEDULER, "profiling", equals("false"), "false", default="true", risk=RISK)
CONFIG = ("kubescheduler.config.k8s.io", "KubeSchedulerConfiguration")

RULE = Rule(
    code="SL647",
    name="scheduler-profiling",
    severity=Severity.LOW,
    summary="kube-scheduler serves profiling endpoints",
    rationale=(
        "Profiling (on by default) serves /debug/pprof, which reveals details of the running "
        "program and lets a caller trigger expensive profiles. With --config the scheduler "
        "ignores --profiling and reads enableProfiling from its KubeSchedulerConfiguration, "
        "which is judged when it is linted in the same run."),
    remediation=(
        "Add `--profiling=false`, or `enableProfiling: false` in the "
        "KubeSchedulerConfiguration the scheduler loads with --config."),
    references=[
        DOCS[SCHEDULER],
        "https://kubernetes.io/docs/reference/config-api/kube-scheduler-config.v1/",
        cis("1.4.1", "Ensure that the --profiling argument is set to false"),
        CIS,
    ],
    aliases={"checkov": "CKV_K8S_114", "trivy": "KCV-0040", "cis": "1.4.1"},
    related={"kics": "Profiling Not Set To False"},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-scheduler.yaml", static_pod(SCHEDULER, "--bind-address=127.0.0.1")),
        Example("scheduler-config.yaml",
                "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                "clientConnection: {kubeconfig: /etc/kubernetes/scheduler.conf}\n"),
    ],
    passing=lambda: [
        Example("kube-scheduler.yaml", static_pod(SCHEDULER, "--profiling=false")),
        Example("scheduler-config.yaml",
                "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                "enableProfiling: false\n"),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    configs = config_objects(kset, *CONFIG)
    for o in kset.objects:
        if o.pod_template is None or o.fragment:
            continue
        for cmd in commands(o.pod_template, SCHEDULER):
            if cmd.get("config") is None:
                for hit in FLAG.judge(cmd):
                    hit.path = o.path
                    yield hit
            # with --config, the file decides: judged below when it is linted, else unknown
    for cfg in configs:
        node, at = field(cfg, ("enableProfiling",))
        value = scalar_text(node)
        if value == "false":
            continue
        if value is None:
            yield Hit(at, f"KubeSchedulerConfiguration does not set enableProfiling, which "
                          f"defaults to true: {RISK}; add enableProfiling: false",
                      fix="enableProfiling: false", path=cfg.path)
        else:
            yield Hit(node, f"KubeSchedulerConfiguration sets enableProfiling: {value}: {RISK}; "
                            f"write enableProfiling: false", fix="enableProfiling: false",
                      path=cfg.path)
