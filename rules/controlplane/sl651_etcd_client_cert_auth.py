"""SL651 etcd-client-cert-auth: etcd accepts clients without a certificate."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, equals, cis
from .examples import static_pod
from .flags import ETCD

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(ETCD, "client-cert-auth", equals("true"), "true", default="false",
                  risk="any client that reaches etcd reads and writes the whole cluster state, "
                  "Secrets included")

RULE = Rule(
    code="SL651",
    name="etcd-client-cert-auth",
    severity=Severity.HIGH,
    summary='etcd accepts clients without a certificate',
    rationale=(
        "etcd holds every object of the cluster. Without --client-cert-auth it serves "
        "any client that can connect: reading every Secret, or writing a "
        "ClusterRoleBinding, needs no credential."),
    remediation=(
        "Add `--client-cert-auth=true` and `--trusted-ca-file` naming etcd's CA."),
    references=[
        DOCS[ETCD],
        cis('2.2', 'Ensure that the --client-cert-auth argument is set to true'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_117', 'trivy': 'KCV-0043', 'cis': '2.2'},
    related={'kics': 'Etcd Client Certificate Authentication Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("etcd.yaml", static_pod(ETCD)),
        Example("etcd.yaml", static_pod(ETCD,
                           "--client-cert-auth=false")),
    ],
    passing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--client-cert-auth=true")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
