"""SL619 apiserver-profiling: kube-apiserver serves profiling endpoints."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, equals, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(APISERVER, "profiling", equals("false"), "false", default="true",
                  risk="/debug/pprof exposes the program's internals and lets a caller run "
                  "costly CPU profiles")

RULE = Rule(
    code="SL619",
    name="apiserver-profiling",
    severity=Severity.LOW,
    summary='kube-apiserver serves profiling endpoints',
    rationale=(
        "Profiling (on by default) serves /debug/pprof, which reveals details of the "
        "running program and lets any user allowed to reach it trigger expensive "
        "profiles: a help to an attacker and a denial-of-service lever."),
    remediation=(
        "Add `--profiling=false`."),
    references=[
        DOCS[APISERVER],
        cis('1.2.18', 'Ensure that the --profiling argument is set to false'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_90', 'trivy': 'KCV-0018', 'cis': '1.2.18'},
    related={'kics': 'Profiling Not Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--profiling=true")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--profiling=false")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
