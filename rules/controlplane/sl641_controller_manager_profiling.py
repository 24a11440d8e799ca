"""SL641 controller-manager-profiling: kube-controller-manager serves profiling endpoints."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, equals, cis
from .examples import static_pod
from .flags import CONTROLLER_MANAGER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(CONTROLLER_MANAGER, "profiling", equals("false"), "false", default="true",
                  risk="/debug/pprof exposes the program's internals and lets a caller run "
                  "costly CPU profiles")

RULE = Rule(
    code="SL641",
    name="controller-manager-profiling",
    severity=Severity.LOW,
    summary='kube-controller-manager serves profiling endpoints',
    rationale=(
        "Profiling (on by default) serves /debug/pprof, which reveals details of the "
        "running program and lets a caller trigger expensive profiles."),
    remediation=(
        "Add `--profiling=false`."),
    references=[
        DOCS[CONTROLLER_MANAGER],
        cis('1.3.2', 'Ensure that the --profiling argument is set to false'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_107', 'trivy': 'KCV-0034', 'cis': '1.3.2'},
    related={'kics': 'Profiling Not Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER)),
    ],
    passing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--profiling=false")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
