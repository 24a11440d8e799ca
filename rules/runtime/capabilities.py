"""SL122 added-capabilities (Kubernetes and Compose) and SL123 capabilities-not-dropped
(Kubernetes): Linux capabilities."""

from __future__ import annotations

from typing import Iterator

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate
from linter.kubernetes.examples import container, pod
from linter.kubernetes.pss import (BASELINE_CAPABILITIES, DANGEROUS_CAPABILITIES,
                                   DOCKER_DEFAULT_CAPABILITIES, PSS_DOC, cap_name, who,
                                   windows_pod, with_image)

_REFS = [
    PSS_DOC,
    "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
    "#set-capabilities-for-a-container",
    "https://docs.docker.com/reference/compose-file/services/#cap_add",
    "https://man7.org/linux/man-pages/man7/capabilities.7.html",
    "CIS Docker Benchmark 5.3: Ensure that Linux kernel capabilities are restricted within "
    "containers",
]

ADDED = Rule(
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
    references=_REFS,
    aliases={
        "pss": "baseline/capabilities",
        "checkov": ["CKV_K8S_25", "CKV_K8S_39"],
        "trivy": ["KSV-0005", "KSV-0022", "KSV-0119", "KSV-0120"],
        "polaris": "dangerousCapabilities",
        "kube-linter": "privilege-escalation-container",
    },
    tags=["security", "privilege", "pss-baseline"],
    failing=[
        Example("compose.yaml", "services:\n  vpn:\n    image: vpn:1.0\n    cap_add: [NET_ADMIN]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [SYS_ADMIN]\n    drop: [ALL]"))),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [NET_RAW]\n    drop: [ALL]"))),
    ],
    passing=[
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    cap_add: [CHOWN, NET_RAW]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [NET_BIND_SERVICE]\n    drop: [ALL]"))),
    ],
)


def _severity(name: str) -> Severity | None:
    return Severity.HIGH if name in DANGEROUS_CAPABILITIES else None


@ADDED.check(PodTemplate)
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


@ADDED.check(Service)
def added_compose(service: Service) -> Iterator[Hit]:
    for v in service.cap_add:
        if not v.known:
            continue
        name = cap_name(v.value or "")
        if name and name not in DOCKER_DEFAULT_CAPABILITIES:
            yield Hit(v, f"service '{service.name}' adds capability {name}",
                      severity=_severity(name), fix=f"remove {name} from cap_add")


NOT_DROPPED = Rule(
    code="SL123",
    name="capabilities-not-dropped",
    severity=Severity.LOW,
    summary="Container does not drop ALL capabilities",
    rationale=(
        "Runtimes give every container a default set of capabilities, NET_RAW among them "
        "(raw sockets: packet spoofing inside the cluster network). Few programs need any of "
        "them; dropping ALL and adding back the one that is needed (usually none, sometimes "
        "NET_BIND_SERVICE) leaves an attacker with less to work with. PSS restricted requires "
        "it."),
    remediation=(
        "Set `securityContext.capabilities.drop: [\"ALL\"]` on every container and add back "
        "at most NET_BIND_SERVICE. (Compose services are not checked for this: "
        "`cap_drop: [ALL]` is good advice there too, but development stacks rarely need it.)"),
    references=_REFS,
    aliases={
        "pss": "restricted/capabilities",
        "checkov": ["CKV_K8S_37", "CKV_K8S_28"],
        "trivy": ["KSV-0003", "KSV-0004", "KSV-0106"],
        "kube-linter": "drop-net-raw-capability",
        "polaris": "insecureCapabilities",
    },
    tags=["security", "privilege", "pss-restricted"],
    failing=[
        Example("pod.yaml", pod(container())),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n    drop: [NET_RAW]"))),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [CHOWN]\n    drop: [ALL]"))),
    ],
    passing=[
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [NET_BIND_SERVICE]\n    drop: [ALL]"))),
        Example("pod.yaml", pod("os: {name: windows}\n" + container())),
    ],
)

_DROP_FIX = 'set securityContext.capabilities.drop: ["ALL"]'


@NOT_DROPPED.check(PodTemplate)
def not_dropped_pod(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt):
        return  # exempt since Kubernetes 1.25
    for c in with_image(pt):
        drop = c.effective_security_context.capabilities_drop
        names = {cap_name(n) for n in drop.value} if drop is not None else set()
        if drop is not None and "ALL" in names and "ALL" not in drop.value:
            yield Hit(drop.node, f"{who(c)} drops '{next(n for n in drop.value if cap_name(n) == 'ALL')}'"
                                 "; PSS restricted 'Capabilities' compares names literally and "
                                 "requires ALL in capital letters", fix='write drop: ["ALL"]')
        elif "ALL" not in names:
            raw = "" if "NET_RAW" in names else ", not even NET_RAW"
            yield Hit(drop.node if drop is not None else c.name_span,
                      f"{who(c)} does not drop ALL capabilities{raw}; PSS restricted "
                      "'Capabilities' requires drop: [ALL]", fix=_DROP_FIX)
        sc = c.security_context
        for node in (sc.capabilities_add if sc is not None else []):
            name = cap_name(node.as_str())
            # capabilities outside the baseline set (and odd spellings) are SL122's
            if name in BASELINE_CAPABILITIES and name != "NET_BIND_SERVICE" and node.as_str() == name:
                yield Hit(node, f"{who(c)} adds capability {name}; PSS restricted "
                                "'Capabilities' allows adding only NET_BIND_SERVICE",
                          fix=f"remove {name} from securityContext.capabilities.add")
