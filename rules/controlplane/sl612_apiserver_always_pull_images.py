"""SL612 apiserver-always-pull-images: kube-apiserver does not force image pulls."""

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

CONTROL = Plugin("AlwaysPullImages", enabled=True,
                 risk="a pod can start from a private image another tenant already pulled "
                 "onto the node, without the credentials to pull it")

RULE = Rule(
    code="SL612",
    name="apiserver-always-pull-images",
    severity=Severity.LOW,
    summary='kube-apiserver does not force image pulls',
    rationale=(
        "Nodes cache images. In a multi-tenant cluster, a pod naming a private image "
        "that is already on the node runs it without presenting pull credentials. The "
        "AlwaysPullImages admission plugin sets every container's imagePullPolicy to "
        "Always, so the registry checks credentials each time (at the cost of a pull "
        "per start)."),
    remediation=(
        "Add AlwaysPullImages to `--enable-admission-plugins` where tenants must not "
        "share private images (or use the KubeletEnsureSecretPulledImages feature of "
        "Kubernetes 1.33)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.12', 'Ensure that the admission control plugin AlwaysPullImages is set'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0012', 'cis': '1.2.12'},
    related={'checkov': 'CKV_K8S_80', 'kics': 'Always Pull Images Admission Control Plugin Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction,AlwaysPullImages")),
    ],
    opt_in="hardening",
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
