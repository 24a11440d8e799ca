"""SL121 host-namespaces: the container shares the host's network, PID or IPC namespace."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..controlplane.flags import is_control_plane
from ..kubernetes.examples import container, deployment, pod
from ..kubernetes.pss import PSS_DOC, is_true

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL121",
    name="host-namespaces",
    severity=Severity.HIGH,
    summary="Container shares the host's network, PID or IPC namespace",
    rationale=(
        "With the host network a container can bind node ports, reach services listening on "
        "localhost and sniff traffic; with the host PID namespace it sees, signals and can "
        "ptrace every process on the node (and read their environment); with host IPC it "
        "reads shared memory of other processes. Each removes a wall between the workload and "
        "the node."),
    remediation=(
        "Kubernetes: remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false) and "
        "expose ports through a Service. Compose: remove `network_mode: host`, `pid: host`, "
        "`ipc: host` and `userns_mode: host`; publish ports with `ports:` instead."),
    references=[
        PSS_DOC + "#baseline",
        "https://docs.docker.com/reference/compose-file/services/#network_mode",
        "CIS Docker Benchmark 5.9, 5.15, 5.16: do not share the host's network, process or "
        "IPC namespace",
    ],
    aliases={"cis": ["5.2.3", "5.2.4", "5.2.5"], "pss": "baseline/host-namespaces",
             "checkov": ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"],
             "trivy": ["KSV-0008", "KSV-0009", "KSV-0010"],
             "kube-linter": ["host-network", "host-pid", "host-ipc"],
             "polaris": ["hostNetworkSet", "hostPIDSet", "hostIPCSet"],
             "kubesec": ["HostNetwork", "HostPID", "HostIPC"],
             "kics": ["Shared Host Network Namespace", "Shared Host IPC Namespace",
                      "Host Namespace is Shared", "Shared Host User Namespace"]},
    related={"checkov": ["CKV_K8S_1", "CKV_K8S_3", "CKV_K8S_4"]},
    tags=["security", "isolation"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n"),
        Example("compose.yaml", "services:\n  top:\n    image: alpine:3.20\n    pid: host\n"),
        Example("ds.yaml", deployment("hostPID: true\n" + container(), kind="DaemonSet")),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    network_mode: bridge\n"),
        Example("pod.yaml", pod("hostNetwork: false\n" + container())),
    ],
    fragments=True,
)


_K8S = (("host_network", "hostNetwork", "network"), ("host_pid", "hostPID", "process (PID)"),
        ("host_ipc", "hostIPC", "IPC"))


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(pt: PodTemplate) -> Iterator[Hit]:
    owner = pt.owner
    label = f"{owner.kind} '{owner.name}'" if owner.name else owner.kind
    for attr, key, what in _K8S:
        node = getattr(pt, attr)
        if attr == "host_network" and is_control_plane(pt):
            continue  # a control-plane component serves on the node's addresses
        if is_true(node):
            yield Hit(node, f"{label} shares the host's {what} namespace ({key}: true); PSS "
                            "baseline 'Host Namespaces' forbids it",
                      fix=f"remove `{key}: true`")


_COMPOSE = (("network_mode", "network"), ("pid", "process (PID)"), ("ipc", "IPC"),
            ("userns_mode", "user"))


@RULE.check("linter.compose.tree:Service")
def compose_service(service: Service) -> Iterator[Hit]:
    for key, what in _COMPOSE:
        v = getattr(service, key)
        if v is not None and v.value is not None and v.value.strip().lower() == "host":
            sev = Severity.MEDIUM if key == "userns_mode" else None
            yield Hit(v, f"service '{service.name}' shares the host's {what} namespace "
                         f"({key}: host)", severity=sev, fix=f"remove `{key}: host`")
