"""The peer IDs of the rules that check Kubernetes manifests are true.

An ID in a rule's ``aliases`` is a promise (``--select``/``--ignore`` with it, the peer's
inline ignores, ``explain`` and SARIF rely on it): the peer's check is the same check, with
the same verdicts on the peer's own examples. Peers' checks on the same topic whose verdicts
differ go in ``related`` (Checkov's CKV_K8S_40 wants a UID of 10000 or more, SL101 any non-zero
one; kube-linter's drop-net-raw-capability is satisfied by dropping NET_RAW, SL123 wants ALL).

A peer check that shiplint splits between rules is an alias of each of them when each one
reports only what the peer reports, so that selecting it selects them all and together they
give the peer's verdicts: Trivy's KSV-0023 (any hostPath) is SL124 (runtime sockets), SL125
(system directories) and SL301 (the others); KSV-0104 (seccomp unconfined or unset) is SL128
and SL306.

``EXAMPLES`` maps each equivalent Kubernetes peer ID of every Kubernetes-checking rule to the
smallest failing example of the peer's check, rewritten here from the peer's documented
behaviour (../shared/reference/kubernetes-rules.md; Checkov's checks were also read in its
source). kubesec's rule IDs and KICS's Kubernetes query titles are not in that note: they are
written from those projects' published rule lists, see docs/coverage/kubernetes.md.

The tests: every equivalent Kubernetes alias is in the table, and every example fires its rule.
"""

from __future__ import annotations

import pytest

from helpers import RULES, catches, peer_aliases, tool_ids
from linter.engine import matches
from linter.kubernetes import schema as k8s_schema
from linter.rules.kubernetes.examples import container, deployment, pod

#: KICS's Kubernetes query titles used as aliases (KICS titles of the Compose and Dockerfile
#: queries are those families' tables)
KICS_K8S = frozenset({
    "CPU Limits Not Set", "Memory Limits Not Defined", "Containers With Sys Admin Capabilities",
    "Docker Daemon Socket is Exposed to Containers", "Root Container Not Mounted Read-only",
    "Privilege Escalation Allowed", "Liveness Probe Is Not Defined", "RBAC Wildcard In Rule",
    "RBAC Roles with Read Secrets Permissions",
    "Cluster Admin Rolebinding With Superuser Permissions",
    "NET_RAW Capabilities Not Being Dropped", "Shared Host Network Namespace",
    "Shared Host IPC Namespace",
})
_K8S_TOOLS = frozenset({"kube-linter", "polaris", "kube-score", "kubesec", "pss"})


def kubernetes_id(tool: str, peer_id: str) -> bool:
    """Whether a peer ID names a check of Kubernetes manifests."""
    if tool in _K8S_TOOLS:
        return True
    if tool == "checkov":
        return peer_id.startswith(("CKV_K8S_", "CKV2_K8S_"))
    if tool == "trivy":
        return peer_id.startswith(("KSV", "KCV"))
    return tool == "kics" and peer_id in KICS_K8S


def _checks_kubernetes(rule) -> bool:
    # the control-plane family keeps its peers' examples in its own table
    # (tests/rules/controlplane/test_controlplane_peer_ids.py)
    return "kubernetes" in rule.formats and not rule.module.startswith("linter.rules.controlplane.")


# ------------------------------------------------------------------------- the examples


def sc(text: str) -> str:
    """A pod whose one container has ``securityContext: {text}``."""
    return pod(container(f"securityContext: {{{text}}}"))


def caps(key: str, *names: str) -> str:
    return pod(container(f"securityContext:\n  capabilities:\n    {key}: [{', '.join(names)}]"))


def host_path(path: str) -> str:
    return pod(container("volumeMounts:\n- {name: v, mountPath: /host}")
               + f"volumes:\n- name: v\n  hostPath: {{path: {path}}}\n")


def role(kind: str, resources: str, verbs: str, groups: str = "''") -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: r, "
            f"namespace: shop}}\nrules:\n- apiGroups: [{groups}]\n  resources: [{resources}]\n"
            f"  verbs: [{verbs}]\n")


def binding(kind: str, role_kind: str, name: str, subject: str) -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: b}}\n"
            f"roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: {role_kind}, name: {name}}}\n"
            f"subjects:\n- {subject}\n")


def bound(kind: str, resources: str, verbs: str, groups: str = "''") -> str:
    """A ClusterRole and the binding that gives it to a ServiceAccount (Checkov's graph
    checks judge the pair)."""
    return (role(kind, resources, verbs, groups) + "---\n"
            + binding("ClusterRoleBinding", kind, "r",
                      "{kind: ServiceAccount, name: app, namespace: shop}"))


def image(ref: str, extra: str = "") -> str:
    return pod(container(extra, image=ref))


def resources(text: str) -> str:
    return pod(container(f"resources: {text}"))


NO_SC = pod(container())
APP = deployment(container())
_SVC = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n"
        "  selector: {app: %s}\n  ports: [{name: http, port: 80}]\n")
_PDB = ("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n"
        "  %s\n  selector: {matchLabels: {app: web}}\n")
_PSP = ("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec:\n"
        "  %s\n  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: RunAsAny}\n"
        "  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n")
_OLD = {"psp-allows-privileged": {"kubernetes-version": "1.24"}}
_ING = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
        "  annotations:\n    nginx.ingress.kubernetes.io/%s: |\n      %s\nspec:\n"
        "  defaultBackend: {service: {name: web, port: {number: 80}}}\n")
_POLICY = ("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n"
           "  podSelector: {matchLabels: {app: %s}}\n  ingress:\n  - from:\n"
           "    - podSelector: {matchLabels: {app: %s}}\n")
_MONITOR = ("apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n"
            "spec:\n  selector: {matchLabels: {app: wbe}}\n  endpoints: [{port: http}]\n")
_REPLICAS = APP.replace("spec:\n  selector", "spec:\n  replicas: 2\n  selector", 1)

#: (rule, peer tool, peer ID) -> the file (``k8s.yaml``) and the options to lint it with
EXAMPLES: dict[tuple[str, str, str], tuple[str, dict | None]] = {
    # SL101 runs-as-root: neither runAsNonRoot nor a non-zero runAsUser
    ("SL101", "checkov", "CKV_K8S_23"): (NO_SC, None),
    ("SL101", "kube-linter", "run-as-non-root"): (NO_SC, None),
    ("SL101", "polaris", "runAsRootAllowed"): (NO_SC, None),
    ("SL101", "pss", "restricted/running-as-non-root"): (sc("runAsNonRoot: false"), None),
    ("SL101", "pss", "restricted/running-as-non-root-user"): (sc("runAsUser: 0"), None),
    # SL102 unpinned-image
    ("SL102", "checkov", "CKV_K8S_14"): (image("nginx:latest"), None),
    ("SL102", "trivy", "KSV-0013"): (image("nginx"), None),
    ("SL102", "kube-linter", "latest-tag"): (image("nginx:latest"), None),
    ("SL102", "polaris", "tagNotSpecified"): (image("nginx"), None),
    ("SL102", "kube-score", "container-image-tag"): (image("nginx:latest"), None),
    # SL104 missing-resource-limits: the limits
    ("SL104", "checkov", "CKV_K8S_11"): (resources("{limits: {memory: 128Mi}}"), None),
    ("SL104", "checkov", "CKV_K8S_13"): (resources("{limits: {cpu: 500m}}"), None),
    ("SL104", "trivy", "KSV-0011"): (resources("{limits: {memory: 128Mi}}"), None),
    ("SL104", "trivy", "KSV-0018"): (resources("{limits: {cpu: 500m}}"), None),
    ("SL104", "kube-linter", "unset-memory-requirements"):
        (resources("{requests: {memory: 128Mi}, limits: {cpu: 500m}}"), None),
    ("SL104", "polaris", "cpuLimitsMissing"): (resources("{limits: {memory: 128Mi}}"), None),
    ("SL104", "polaris", "memoryLimitsMissing"): (resources("{limits: {cpu: 500m}}"), None),
    ("SL104", "kics", "CPU Limits Not Set"): (resources("{limits: {memory: 128Mi}}"), None),
    ("SL104", "kics", "Memory Limits Not Defined"): (resources("{limits: {cpu: 500m}}"), None),
    # SL105 untrusted-registry
    ("SL105", "trivy", "KSV-0125"):
        (image("quay.io/someone/app:1.0"),
         {"untrusted-registry": {"trusted-registries": ["registry.example.com"]}}),
    # SL120 privileged-container
    **{("SL120", tool, i): (sc("privileged: true"), None) for tool, i in (
        ("pss", "baseline/privileged-containers"), ("checkov", "CKV_K8S_16"),
        ("trivy", "KSV-0017"), ("kube-linter", "privileged-container"),
        ("polaris", "runAsPrivileged"), ("kube-score", "container-security-context-privileged"),
        ("kubesec", "Privileged"))},
    # SL121 host-namespaces
    **{("SL121", tool, i): (pod(f"{field}: true\n" + container()), None)
       for field, ids in (("hostNetwork", (("checkov", "CKV_K8S_19"), ("trivy", "KSV-0009"),
                                           ("kube-linter", "host-network"),
                                           ("polaris", "hostNetworkSet"), ("kubesec", "HostNetwork"),
                                           ("kics", "Shared Host Network Namespace"),
                                           ("pss", "baseline/host-namespaces"))),
                          ("hostPID", (("checkov", "CKV_K8S_17"), ("trivy", "KSV-0010"),
                                       ("kube-linter", "host-pid"), ("polaris", "hostPIDSet"),
                                       ("kubesec", "HostPID"))),
                          ("hostIPC", (("checkov", "CKV_K8S_18"), ("trivy", "KSV-0008"),
                                       ("kube-linter", "host-ipc"), ("polaris", "hostIPCSet"),
                                       ("kubesec", "HostIPC"),
                                       ("kics", "Shared Host IPC Namespace"))))
       for tool, i in ids},
    # SL122 added-capabilities
    ("SL122", "pss", "baseline/capabilities"): (caps("add", "NET_ADMIN"), None),
    ("SL122", "checkov", "CKV_K8S_39"): (caps("add", "SYS_ADMIN"), None),
    ("SL122", "trivy", "KSV-0005"): (caps("add", "SYS_ADMIN"), None),
    ("SL122", "trivy", "KSV-0106"): (caps("add", "NET_ADMIN") , None),
    ("SL122", "trivy", "KSV-0119"): (caps("add", "NET_RAW"), None),
    ("SL122", "trivy", "KSV-0120"): (caps("add", "SYS_MODULE"), None),
    ("SL122", "polaris", "dangerousCapabilities"): (caps("add", "ALL"), None),
    ("SL122", "kubesec", "CapSysAdmin"): (caps("add", "SYS_ADMIN"), None),
    ("SL122", "kics", "Containers With Sys Admin Capabilities"): (caps("add", "SYS_ADMIN"), None),
    # SL123 capabilities-not-dropped
    ("SL123", "pss", "restricted/capabilities"): (caps("drop", "NET_RAW"), None),
    ("SL123", "checkov", "CKV_K8S_37"): (NO_SC, None),
    ("SL123", "trivy", "KSV-0003"): (caps("drop", "NET_RAW"), None),
    ("SL123", "trivy", "KSV-0106"): (NO_SC, None),
    # SL124 container-runtime-socket
    **{("SL124", tool, i): (host_path("/var/run/docker.sock"), None) for tool, i in (
        ("pss", "baseline/host-path-volumes"), ("checkov", "CKV_K8S_27"), ("trivy", "KSV-0006"),
        ("trivy", "KSV-0023"), ("kube-linter", "docker-sock"), ("polaris", "hostPathSet"),
        ("kubesec", "DockerSock"), ("kics", "Docker Daemon Socket is Exposed to Containers"))},
    # SL125 sensitive-host-mount
    **{("SL125", tool, i): (host_path("/etc"), None) for tool, i in (
        ("pss", "baseline/host-path-volumes"), ("trivy", "KSV-0121"), ("trivy", "KSV-0023"),
        ("kube-linter", "sensitive-host-mounts"), ("polaris", "hostPathSet"))},
    # SL126 writable-root-filesystem
    ("SL126", "checkov", "CKV_K8S_22"): (NO_SC, None),
    ("SL126", "trivy", "KSV-0014"): (sc("readOnlyRootFilesystem: false"), None),
    ("SL126", "kube-linter", "no-read-only-root-fs"): (sc("readOnlyRootFilesystem: false"), None),
    ("SL126", "polaris", "notReadOnlyRootFilesystem"): (NO_SC, None),
    ("SL126", "kube-score", "container-security-context-readonlyrootfilesystem"): (NO_SC, None),
    ("SL126", "kics", "Root Container Not Mounted Read-only"): (NO_SC, None),
    # SL127 privilege-escalation: true, or not set to false
    ("SL127", "pss", "restricted/privilege-escalation"): (NO_SC, None),
    ("SL127", "checkov", "CKV_K8S_20"): (NO_SC, None),
    ("SL127", "trivy", "KSV-0001"): (sc("allowPrivilegeEscalation: true"), None),
    ("SL127", "polaris", "privilegeEscalationAllowed"): (NO_SC, None),
    ("SL127", "kics", "Privilege Escalation Allowed"): (sc("allowPrivilegeEscalation: true"), None),
    # SL128 seccomp-unconfined (with SL306, what Trivy's seccomp checks report)
    ("SL128", "pss", "baseline/seccomp"): (sc("seccompProfile: {type: Unconfined}"), None),
    ("SL128", "trivy", "KSV-0104"): (sc("seccompProfile: {type: Unconfined}"), None),
    ("SL128", "trivy", "KSV-0030"):
        (pod("securityContext:\n  seccompProfile: {type: Unconfined}\n" + container()), None),
    ("SL129", "pss", "baseline/apparmor"): (sc("appArmorProfile: {type: Unconfined}"), None),
    ("SL130", "pss", "baseline/selinux"): (sc("seLinuxOptions: {type: spc_t}"), None),
    ("SL130", "trivy", "KSV-0025"): (sc("seLinuxOptions: {user: system_u}"), None),
    # SL131 host-port
    **{("SL131", tool, i): (pod(container("ports: [{containerPort: 80, hostPort: 80}]")), None)
       for tool, i in (("pss", "baseline/host-ports"), ("checkov", "CKV_K8S_26"),
                       ("trivy", "KSV-0024"), ("polaris", "hostPortSet"))},
    # SL132 root-group
    ("SL132", "trivy", "KSV-0116"): (pod("securityContext: {fsGroup: 0}\n" + container()), None),
    # SL300 windows-host-process
    **{("SL300", tool, i): (pod("hostNetwork: true\nsecurityContext:\n  windowsOptions: "
                               "{hostProcess: true}\n" + container()), None)
       for tool, i in (("pss", "baseline/host-process"), ("trivy", "KSV-0103"),
                       ("polaris", "hostProcess"))},
    # SL301 host-path-volume
    ("SL301", "pss", "baseline/host-path-volumes"): (host_path("/mnt/data"), None),
    ("SL301", "pss", "restricted/volume-types"): (host_path("/mnt/data"), None),
    ("SL301", "trivy", "KSV-0023"): (host_path("/mnt/data"), None),
    ("SL301", "polaris", "hostPathSet"): (host_path("/mnt/data"), None),
    # SL302 unmasked-proc-mount
    **{("SL302", tool, i): (sc("procMount: Unmasked"), None) for tool, i in (
        ("pss", "baseline/proc-mount-type"), ("pss", "restricted/proc-mount-type"),
        ("trivy", "KSV-0027"), ("kube-linter", "unsafe-proc-mount"), ("polaris", "procMount"))},
    # SL303 unsafe-sysctl
    **{("SL303", tool, i): (pod("securityContext:\n  sysctls:\n  - {name: kernel.msgmax, "
                               "value: '65536'}\n" + container()), None)
       for tool, i in (("pss", "baseline/sysctls"), ("trivy", "KSV-0026"))},
    ("SL304", "pss", "baseline/host-probes-lifecycle-hooks"):
        (pod(container("livenessProbe:\n  httpGet: {host: 10.0.0.1, path: /, port: 80}")), None),
    # SL305 restricted-volume-type
    **{("SL305", tool, i): (pod(container() + "volumes:\n- name: v\n  nfs: {server: nfs, "
                                              "path: /x}\n"), None)
       for tool, i in (("pss", "restricted/volume-types"), ("trivy", "KSV-0028"))},
    # SL306 seccomp-profile-missing
    **{("SL306", tool, i): (NO_SC, None) for tool, i in (
        ("pss", "restricted/seccomp"), ("trivy", "KSV-0030"), ("trivy", "KSV-0104"),
        ("kube-score", "container-seccomp-profile"))},
    ("SL307", "checkov", "CKV_K8S_15"):
        (image("nginx:1.27", "imagePullPolicy: IfNotPresent"), None),
    # SL308 missing-probes: liveness
    **{("SL308", tool, i): (APP, None) for tool, i in (
        ("checkov", "CKV_K8S_8"), ("kube-linter", "no-liveness-probe"),
        ("polaris", "livenessProbeMissing"), ("kics", "Liveness Probe Is Not Defined"))},
    # SL311 rbac-wildcard
    ("SL311", "trivy", "KSV-0044"): (role("Role", "'*'", "'*'"), None),
    ("SL311", "trivy", "KSV-0045"): (role("Role", "pods", "'*'"), None),
    ("SL311", "trivy", "KSV-0046"): (role("ClusterRole", "'*'", "get"), None),
    ("SL311", "trivy", "KSV-0112"): (role("Role", "'*'", "get"), None),
    ("SL311", "kube-linter", "wildcard-in-rules"): (role("Role", "pods", "'*'"), None),
    ("SL311", "kics", "RBAC Wildcard In Rule"): (role("ClusterRole", "'*'", "'*'"), None),
    # SL312 rbac-escalation-verbs
    ("SL312", "checkov", "CKV_K8S_158"):
        (role("ClusterRole", "clusterroles", "escalate", "rbac.authorization.k8s.io"), None),
    ("SL312", "checkov", "CKV2_K8S_3"): (bound("ClusterRole", "users", "impersonate"), None),
    ("SL312", "trivy", "KSV-0043"): (role("ClusterRole", "groups", "impersonate"), None),
    ("SL312", "trivy", "KSV-0050"):
        (role("Role", "roles", "escalate", "rbac.authorization.k8s.io"), None),
    # SL313 rbac-sensitive-access
    ("SL313", "checkov", "CKV2_K8S_2"): (bound("ClusterRole", "pods/exec", "create"), None),
    ("SL313", "checkov", "CKV2_K8S_4"): (bound("ClusterRole", "services/status", "patch"), None),
    ("SL313", "checkov", "CKV2_K8S_5"): (bound("ClusterRole", "secrets", "list"), None),
    ("SL313", "checkov", "CKV_K8S_155"):
        (role("ClusterRole", "validatingwebhookconfigurations", "update",
              "admissionregistration.k8s.io"), None),
    ("SL313", "checkov", "CKV_K8S_156"):
        (role("ClusterRole", "certificatesigningrequests/approval", "update",
              "certificates.k8s.io"), None),
    ("SL313", "trivy", "KSV-0113"): (role("Role", "secrets", "get"), None),
    ("SL313", "trivy", "KSV-0047"): (role("ClusterRole", "nodes/proxy", "get"), None),
    ("SL313", "trivy", "KSV-0053"): (role("Role", "pods/exec", "create"), None),
    ("SL313", "trivy", "KSV-0054"): (role("Role", "pods/attach", "create"), None),
    ("SL313", "trivy", "KSV-0114"):
        (role("ClusterRole", "mutatingwebhookconfigurations", "create",
              "admissionregistration.k8s.io"), None),
    ("SL313", "polaris", "clusterrolePodExecAttach"):
        (role("ClusterRole", "pods/attach", "get"), None),
    ("SL313", "polaris", "rolePodExecAttach"): (role("Role", "pods/exec", "get"), None),
    ("SL313", "kics", "RBAC Roles with Read Secrets Permissions"):
        (role("Role", "secrets", "watch"), None),
    # SL314 cluster-admin-binding
    **{("SL314", tool, i): (binding("ClusterRoleBinding", "ClusterRole", "cluster-admin",
                                    "{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}"),
                            None)
       for tool, i in (("kube-linter", "cluster-admin-role-binding"),
                       ("kics", "Cluster Admin Rolebinding With Superuser Permissions"))},
    # SL315 public-group-binding
    **{("SL315", "trivy", i): (binding("ClusterRoleBinding", "ClusterRole", "view",
                                       f"{{kind: Group, name: '{group}', "
                                       "apiGroup: rbac.authorization.k8s.io}"), None)
       for i, group in (("KSV-0122", "system:anonymous"), ("KSV-01011", "system:authenticated"),
                        ("KSV-0123", "system:masters"))},
    # SL316 removed-api-version
    ("SL316", "trivy", "KSV-0107"):
        (APP.replace("apps/v1", "extensions/v1beta1"), None),
    ("SL316", "kube-linter", "no-extensions-v1beta"):
        ("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\nspec:\n"
         "  backend: {serviceName: web, servicePort: 80}\n", None),
    # SL317 ingress-nginx-snippet
    ("SL317", "checkov", "CKV_K8S_152"):
        (_ING % ("server-snippet", "content_by_lua_block { ngx.say('hi') }"), None),
    ("SL317", "checkov", "CKV_K8S_153"):
        (_ING % ("configuration-snippet", "more_set_headers 'X-Frame-Options: DENY';"), None),
    ("SL317", "checkov", "CKV_K8S_154"):
        (_ING % ("server-snippet", "location /x { alias /etc/; }"), None),
    # SL319 duplicate-env-var
    **{("SL319", tool, i): (pod(container("env:\n- {name: A, value: '1'}\n- {name: A, value: '2'}")),
                            None)
       for tool, i in (("kube-linter", "duplicate-env-var"),
                       ("kube-score", "environment-variable-key-duplication"))},
    ("SL320", "trivy", "KSV-0108"):
        ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n"
         "  ports: [{port: 80}]\n  externalIPs: [203.0.113.10]\n", None),
    ("SL321", "kube-score", "cronjob-restartpolicy"):
        ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n"
         "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Always\n"
         "          containers: [{name: c, image: 'busybox:1.36'}]\n", None),
    ("SL322", "kube-linter", "deprecated-service-account-field"):
        (pod("serviceAccount: web\n" + container()), None),
    ("SL323", "kube-linter", "ssh-port"): (pod(container("ports: [{containerPort: 22}]")), None),
    ("SL324", "kube-linter", "invalid-target-ports"):
        (pod(container("ports: [{name: http_web, containerPort: 80}]")), None),
    ("SL325", "polaris", "tlsSettingsMissing"):
        ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n"
         "  - host: shop.example.com\n    http:\n      paths:\n      - path: /\n"
         "        pathType: Prefix\n        backend: {service: {name: web, port: {number: 80}}}\n",
         None),
    # SL327 psp-allows-privileged (a cluster that still serves PodSecurityPolicy)
    ("SL327", "checkov", "CKV_K8S_1"): (_PSP % "hostPID: true", _OLD),
    ("SL327", "checkov", "CKV_K8S_2"): (_PSP % "privileged: true", _OLD),
    ("SL327", "checkov", "CKV_K8S_3"): (_PSP % "hostIPC: true", _OLD),
    ("SL327", "checkov", "CKV_K8S_4"): (_PSP % "hostNetwork: true", _OLD),
    ("SL327", "checkov", "CKV_K8S_5"): (_PSP % "allowPrivilegeEscalation: true", _OLD),
    # SL330 selector-mismatch
    **{("SL330", tool, i): (APP.replace("labels: {app: web}", "labels: {app: api}")
                            .replace("kind: Deployment", f"kind: {kind}"), None)
       for tool, i, kind in (
           ("kube-linter", "mismatching-selector", "Deployment"),
           ("kube-score", "deployment-pod-selector-labels-match-template-metadata-labels",
            "Deployment"),
           ("kube-score", "statefulset-pod-selector-labels-match-template-metadata-labels",
            "StatefulSet"))},
    # SL331 selector-matches-nothing
    ("SL331", "kube-linter", "dangling-service"): (APP + "---\n" + _SVC % "wbe", None),
    ("SL331", "kube-score", "service-targets-pod"): (APP + "---\n" + _SVC % "wbe", None),
    ("SL331", "kube-linter", "dangling-networkpolicy"): (APP + "---\n" + _POLICY % ("wbe", "web"), None),
    ("SL331", "kube-score", "networkpolicy-targets-pod"):
        (APP + "---\n" + _POLICY % ("wbe", "web"), None),
    ("SL331", "kube-linter", "dangling-networkpolicypeer-podselector"):
        (APP + "---\n" + _POLICY % ("web", "wbe"), None),
    ("SL331", "kube-linter", "dangling-servicemonitor"): (_SVC % "web" + "---\n" + _MONITOR, None),
    # SL332 scale-target-missing
    **{("SL332", tool, i): (APP + "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
                                  "metadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, "
                                  "kind: Deployment, name: wbe}\n  maxReplicas: 3\n", None)
       for tool, i in (("kube-linter", "dangling-horizontalpodautoscaler"),
                       ("kube-score", "horizontalpodautoscaler-has-target"))},
    # SL333 pdb-blocks-eviction
    ("SL333", "kube-linter", "pdb-max-unavailable"): (_PDB % "maxUnavailable: 0", None),
    ("SL333", "polaris", "pdbDisruptionsIsZero"): (_PDB % "maxUnavailable: 0", None),
    ("SL333", "kube-linter", "pdb-min-available"):
        (_REPLICAS + "---\n" + _PDB % "minAvailable: 2", None),
    ("SL334", "kube-linter", "non-existent-service-account"):
        (deployment("serviceAccountName: wbe\n" + container())
         + "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n", None),
    ("SL335", "kube-linter", "env-value-from"):
        (deployment(container("env:\n- name: LEVEL\n  valueFrom: {configMapKeyRef: "
                              "{name: web, key: LEVEL}}"))
         + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {LOG: info}\n",
         None),
    # SL336 ingress-backend-missing
    **{("SL336", tool, i): (_SVC % "web" + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\n"
                                           "metadata: {name: i}\nspec:\n  defaultBackend:\n"
                                           "    service: {name: web, port: {number: 8080}}\n", None)
       for tool, i in (("kube-linter", "dangling-ingress"), ("kube-score", "ingress-targets-service"))},
    # SL339 pod-not-isolated
    ("SL339", "kube-linter", "non-isolated-pod"): (APP, None),
    ("SL339", "checkov", "CKV2_K8S_6"): (APP, None),
    # SL340 net-raw-not-dropped
    ("SL340", "kube-linter", "drop-net-raw-capability"): (NO_SC, None),
    ("SL340", "checkov", "CKV_K8S_28"): (caps("drop", "CHOWN"), None),
    ("SL340", "kics", "NET_RAW Capabilities Not Being Dropped"): (NO_SC, None),
    # SL390/SL391: kube-linter's schema-validation (kubeconform): a field of the wrong type
    ("SL390", "kube-linter", "schema-validation"): (APP.replace("  selector", "  replicas: '3'\n  selector"), None),
    ("SL391", "kube-linter", "schema-validation"):
        ("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n", None),
}


def _kubernetes_aliases() -> set[tuple[str, str, str]]:
    return {(code, tool, i) for tool, i, code in
            peer_aliases(lambda tool, i, r: _checks_kubernetes(r) and kubernetes_id(tool, i))}


def test_every_equivalent_kubernetes_alias_has_its_peers_example():
    missing = sorted(_kubernetes_aliases() - set(EXAMPLES))
    assert not missing, f"equivalent peer IDs without the peer's failing example: {missing}"


def test_every_example_is_an_alias_of_its_rule():
    stale = sorted(set(EXAMPLES) - _kubernetes_aliases())
    assert not stale, f"examples for IDs that are no longer equivalent aliases: {stale}"


@pytest.mark.parametrize("key", sorted(EXAMPLES), ids=lambda k: f"{k[0]}-{k[2]}")
def test_the_peers_example_fires_the_rule(key):
    code, tool, peer_id = key
    if code in ("SL390", "SL391") and not k8s_schema.available():
        pytest.skip("the Kubernetes schemas are not installed")
    text, options = EXAMPLES[key]
    catches(code, "k8s.yaml", text, options=options)
    assert matches(_rule(code), peer_id)  # and the peer's ID selects the rule


def _rule(code: str):
    return next(r for r in RULES if r.code == code)


def test_trivy_ids_match_in_every_spelling():
    for spelling in ("KSV-0017", "AVD-KSV-0017", "KSV017", "ksv-0017"):
        assert matches(_rule("SL120"), spelling), spelling


def test_related_ids_do_not_select():
    for code, peer_id in (("SL123", "CKV_K8S_28"), ("SL123", "drop-net-raw-capability"),
                          ("SL101", "CKV_K8S_40"), ("SL318", "liveness-port")):
        assert not matches(_rule(code), peer_id), (code, peer_id)


def test_the_coverage_page_places_every_kubernetes_peer_id():
    from helpers import ROOT
    page = (ROOT / "docs" / "coverage" / "kubernetes.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip() for line in page.splitlines()
            if line.startswith("| ") and line.count("|") >= 4}
    missing = [(r.code, tool, i) for r in RULES if _checks_kubernetes(r)
               for tool in set(r.aliases) | set(r.related) if tool != "pss"
               for i in tool_ids(r, tool) if kubernetes_id(tool, i) and i not in rows]
    assert not missing, missing
