"""SL122 added-capabilities: Container adds a Linux capability beyond the runtime's default set."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import (
    BASELINE_CAPABILITIES,
    DANGEROUS_CAPABILITIES,
    DOCKER_DEFAULT_CAPABILITIES,
    cap_name,
    who,
)
from .capabilities import REFS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL122",
    name="added-capabilities",
    severity=Severity.MEDIUM,
    summary="Container adds a Linux capability beyond the runtime's default set",
    rationale=(
        "Capabilities are slices of root. SYS_ADMIN is nearly full root (mount, namespaces, "
        "BPF), NET_ADMIN reconfigures the network, SYS_PTRACE reads other processes' memory, "
        "SYS_MODULE loads kernel modules, NET_RAW forges packets (ARP/DNS spoofing inside the "
        "cluster network) and ALL grants them all. Each one added widens what an attacker in "
        "the container can do to the node and its neighbours."),
    remediation=(
        "Remove the capability from `capabilities.add` / `cap_add`. If the program needs one "
        "privileged operation (binding port 80, for example) grant only that one "
        "(NET_BIND_SERVICE), or change the program (listen on 8080)."),
    references=REFS,
    aliases={"cis": "5.2.9", "pss": "baseline/capabilities", "checkov": "CKV_K8S_39",
             "trivy": ["KSV-0005", "KSV-0106", "KSV-0119", "KSV-0120"],
             "polaris": "dangerousCapabilities", "kubesec": "CapSysAdmin",
             "kics": "Containers With Sys Admin Capabilities"},
    related={"checkov": "CKV_K8S_25", "trivy": "KSV-0022",
             "kube-linter": "privilege-escalation-container",
             "kics": ["Container Capabilities Unrestricted", "Containers With Added Capabilities"]},
    # KICS reports any cap_add, and a missing cap_drop, whatever the capability
    tags=["security", "privilege"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  vpn:\n    image: vpn:1.0\n    cap_add: [NET_ADMIN]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [SYS_ADMIN]\n    drop: [ALL]"))),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [NET_RAW]\n    drop: [ALL]"))),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    cap_add: [CHOWN, NET_RAW]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [NET_BIND_SERVICE]\n    drop: [ALL]"))),
    ],
    fragments=True,
)


def _severity(name: str) -> Severity | None:
    return Severity.HIGH if name in DANGEROUS_CAPABILITIES else None


@RULE.check("linter.kubernetes.tree:PodTemplate")
def added_pod(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        sc = c.security_context
        if sc is None:
            continue
        for node in sc.capabilities_add:
            written = node.as_str()
            name = cap_name(written)
            if name not in BASELINE_CAPABILITIES:
                yield Hit(node, f"{who(c)} adds capability {name}; PSS baseline 'Capabilities' "
                                "allows only the runtime's default set", severity=_severity(name),
                          fix=f"remove {name} from securityContext.capabilities.add")
            elif written != name:  # the admission check compares names literally
                yield Hit(node, f"{who(c)} adds capability '{written}', which PSS baseline "
                                f"'Capabilities' does not recognise (it compares names literally; "
                                f"write {name})", severity=Severity.LOW, fix=f"write {name}")


@RULE.check("linter.compose.tree:Service")
def added_compose(service: Service) -> Iterator[Hit]:
    for v in service.cap_add:
        if not v.known:
            continue
        name = cap_name(v.value or "")
        if name and name not in DOCKER_DEFAULT_CAPABILITIES:
            yield Hit(v, f"service '{service.name}' adds capability {name}",
                      severity=_severity(name), fix=f"remove {name} from cap_add")
