"""SL667 kubelet-hostname-override: kubelet runs under a node name of its choosing."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Forbidden, cis
from .examples import static_pod
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Forbidden(KUBELET, "hostname-override",
                    risk="the node registers under a name that need not match its certificate "
                    "or host name, which breaks TLS verification between kubelet and API server",
                    remedy="remove the flag so the node uses its host name")

RULE = Rule(
    code="SL667",
    name="kubelet-hostname-override",
    severity=Severity.LOW,
    summary="kubelet overrides its node name",
    rationale=(
        "--hostname-override registers the node under another name than its host's. The "
        "kubelet's serving certificate and the API server's checks of it are tied to the "
        "node name: an override invites certificate mismatches, and verification being "
        "turned off to live with them."),
    remediation="Remove `--hostname-override` (the flag has no KubeletConfiguration field).",
    references=[
        "https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/",
        cis("4.2.8", "Ensure that the --hostname-override argument is not set"),
        CIS,
        DOCS[KUBELET],
    ],
    aliases={"checkov": "CKV_K8S_146", "cis": "4.2.8"},
    related={"trivy": "KCV-0086", "kics": "Kubelet Hostname Override Is Set"},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet.yaml", static_pod(KUBELET, "--hostname-override=node-1")),
    ],
    passing=lambda: [
        Example("kubelet.yaml", static_pod(KUBELET, "--config=/var/lib/kubelet/config.yaml")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
