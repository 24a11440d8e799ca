"""SL614 apiserver-namespace-lifecycle-plugin: kube-apiserver disables the NamespaceLifecycle admission plugin."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Plugin, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Plugin("NamespaceLifecycle", enabled=True,
                 risk="objects can be created in namespaces that are being deleted or do not "
                 "exist, and the system namespaces can be deleted")

RULE = Rule(
    code="SL614",
    name="apiserver-namespace-lifecycle-plugin",
    severity=Severity.MEDIUM,
    summary='kube-apiserver disables the NamespaceLifecycle admission plugin',
    rationale=(
        "NamespaceLifecycle (on by default) refuses objects in namespaces that are "
        "terminating or missing, and protects default, kube-system and kube-public "
        "from deletion. Without it, objects escape a namespace's clean-up and its "
        "policies."),
    remediation=(
        "Remove NamespaceLifecycle from `--disable-admission-plugins`."),
    references=[
        DOCS[APISERVER],
        cis('1.2.15', 'Ensure that the admission control plugin NamespaceLifecycle is set'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0015', 'cis': '1.2.15'},
    related={'checkov': 'CKV_K8S_83', 'kics': 'Namespace Lifecycle Admission Control Plugin Disabled'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--disable-admission-plugins=NamespaceLifecycle")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
