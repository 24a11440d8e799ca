"""SL643 controller-manager-service-account-private-key: kube-controller-manager has no service account signing key."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Required, cis
from .examples import static_pod
from .flags import CONTROLLER_MANAGER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Required(CONTROLLER_MANAGER, ("service-account-private-key-file",),
                   risk="it cannot sign service account tokens, so their keys cannot be managed and rotated apart from the serving certificates",
                   files=('/etc/kubernetes/pki/sa.key',),
                   what='the key that signs service account tokens')

RULE = Rule(
    code="SL643",
    name="controller-manager-service-account-private-key",
    severity=Severity.MEDIUM,
    summary='kube-controller-manager has no service account signing key',
    rationale=(
        "The controller manager signs the tokens of service account Secrets with "
        "--service-account-private-key-file. Without it, no such token is issued, or "
        "the key in use cannot be rotated on its own."),
    remediation=(
        "Set `--service-account-private-key-file` to the private key whose public half "
        "the API server's `--service-account-key-file` names (kubeadm: sa.key)."),
    references=[
        DOCS[CONTROLLER_MANAGER],
        cis('1.3.4', 'Ensure that the --service-account-private-key-file argument is set as appropriate'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0036', 'cis': '1.3.4'},
    related={'checkov': 'CKV_K8S_110', 'kics': 'Service Account Private Key File Not Defined'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--root-ca-file=/etc/kubernetes/pki/ca.crt")),
    ],
    passing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--service-account-private-key-file=/etc/kubernetes/pki/sa.key")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
