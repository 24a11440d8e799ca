"""SL644 controller-manager-root-ca-file: kube-controller-manager does not publish the cluster CA to pods."""

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

CONTROL = Required(CONTROLLER_MANAGER, ("root-ca-file",),
                   risk="pods are not given the cluster CA, so they cannot verify the API server and may skip verification",
                   files=('/etc/kubernetes/pki/ca.crt',),
                   what='the cluster CA')

RULE = Rule(
    code="SL644",
    name="controller-manager-root-ca-file",
    severity=Severity.LOW,
    summary='kube-controller-manager does not publish the cluster CA to pods',
    rationale=(
        "--root-ca-file is the CA bundle put in every service account token volume "
        "(ca.crt). Without it, pods cannot verify the API server's certificate, and "
        "clients are tempted to skip verification, which invites a machine in the "
        "middle."),
    remediation=(
        "Set `--root-ca-file` to the cluster CA (kubeadm: ca.crt)."),
    references=[
        DOCS[CONTROLLER_MANAGER],
        cis('1.3.5', 'Ensure that the --root-ca-file argument is set as appropriate'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0037', 'cis': '1.3.5'},
    related={'checkov': 'CKV_K8S_111', 'kics': 'Root CA File Is Not Defined'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--service-account-private-key-file=/etc/kubernetes/pki/sa.key")),
    ],
    passing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--root-ca-file=/etc/kubernetes/pki/ca.crt")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
