"""SL610 apiserver-event-rate-limit: kube-apiserver does not rate-limit events."""

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

CONTROL = Plugin("EventRateLimit", enabled=True, also="admission-control-config-file",
                 risk="a flood of events from one namespace or user can exhaust the API "
                 "server and etcd")

RULE = Rule(
    code="SL610",
    name="apiserver-event-rate-limit",
    severity=Severity.LOW,
    summary='kube-apiserver does not rate-limit events',
    rationale=(
        "Events are written by every component and can be created by users; without "
        "the EventRateLimit admission plugin, a misbehaving controller or a malicious "
        "client can fill etcd and slow the API server for everyone."),
    remediation=(
        "Add EventRateLimit to `--enable-admission-plugins` and point "
        "`--admission-control-config-file` at an AdmissionConfiguration that sets its "
        "limits."),
    references=[
        DOCS[APISERVER],
        cis('1.2.10', 'Ensure that the admission control plugin EventRateLimit is set'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0010', 'cis': '1.2.10'},
    related={'checkov': 'CKV_K8S_78', 'kics': 'Event Rate Limit Admission Control Plugin Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction,EventRateLimit",
                           "--admission-control-config-file=/etc/kubernetes/admission.yaml")),
    ],
    opt_in="hardening",
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
