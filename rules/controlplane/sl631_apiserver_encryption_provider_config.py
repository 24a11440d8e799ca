"""SL631 apiserver-encryption-provider-config: kube-apiserver does not encrypt Secrets at rest."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Required, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Required(APISERVER, ("encryption-provider-config",),
                   risk="Secrets are stored in etcd in plain text, readable from its data files and backups",
                   files=('/etc/kubernetes/enc/encryption-config.yaml',),
                   what='an EncryptionConfiguration that encrypts secrets')

RULE = Rule(
    code="SL631",
    name="apiserver-encryption-provider-config",
    severity=Severity.HIGH,
    summary='kube-apiserver does not encrypt Secrets at rest',
    rationale=(
        "Without an encryption configuration the API server writes Secrets to etcd as "
        "they are: anyone with etcd's data directory, a snapshot or a backup reads "
        "every password and token of the cluster."),
    remediation=(
        "Write an EncryptionConfiguration whose first provider for secrets is kms "
        "(v2), secretbox or aescbc, mount it into the pod and set "
        "`--encryption-provider-config` to it."),
    references=[
        DOCS[APISERVER],
        cis('1.2.30', 'Ensure that the --encryption-provider-config argument is set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_104', 'trivy': 'KCV-0030', 'cis': '1.2.30'},
    related={'kics': 'Encryption Provider Config Is Not Defined'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--etcd-servers=https://127.0.0.1:2379")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
