"""Pod Security Standards controls that exist only in Kubernetes (SL300-SL306).

The shared runtime concepts (privileged, host namespaces, capabilities, host mounts, seccomp
Unconfined, AppArmor, SELinux, host ports, privilege escalation) are in ``rules/runtime``;
running as non-root is SL101.
"""

from __future__ import annotations

from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate
from linter.kubernetes.examples import container, pod
from linter.kubernetes.pss import (PSS_DOC, RESTRICTED_VOLUME_TYPES, SAFE_SYSCTLS,
                                   host_path_risk, is_true, mapping, mounted_read_only,
                                   obj_label, profile_type, scalar, sc_levels, templated,
                                   user_namespace, who, windows_pod, with_image)

_SC = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"

# ------------------------------------------------------------------------- SL300 HostProcess

HOST_PROCESS = Rule(
    code="SL300",
    name="windows-host-process",
    severity=Severity.HIGH,
    summary="Windows HostProcess container",
    rationale=(
        "A Windows HostProcess container runs directly on the node, outside any container "
        "isolation, with the node's network and file system: it is a node administrator "
        "process shipped as a pod."),
    remediation=(
        "Remove `windowsOptions.hostProcess: true`; run node management tasks as a regular "
        "Windows service or in a dedicated, audited namespace."),
    references=[PSS_DOC + "#baseline",
                "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"],
    aliases={"pss": "baseline/host-process", "trivy": "KSV-0103", "polaris": "hostProcess"},
    tags=["security", "privilege", "pss-baseline"],
    failing=[Example("pod.yaml", pod("securityContext:\n  windowsOptions: {hostProcess: true}\n"
                                     "hostNetwork: true\n" + container()))],
    passing=[Example("pod.yaml", pod("securityContext:\n  windowsOptions: {runAsUserName: ContainerUser}\n"
                                     + container()))],
)


@HOST_PROCESS.check(PodTemplate)
def host_process(pt: PodTemplate) -> Iterator[Hit]:
    for where, sc, _ in sc_levels(pt):
        v = scalar(mapping(sc, "windowsOptions"), "hostProcess")
        if is_true(v):
            yield Hit(v, f"{where} makes it a Windows HostProcess container; PSS baseline "
                         "'HostProcess' forbids it", fix="remove windowsOptions.hostProcess")


# ----------------------------------------------------------------------- SL301 hostPath

HOST_PATH = Rule(
    code="SL301",
    name="host-path-volume",
    severity=Severity.MEDIUM,
    summary="Pod mounts a directory of the node (hostPath volume)",
    rationale=(
        "A hostPath volume ties the pod to one node's file system and gives it access to the "
        "host outside the container: a writable hostPath lets a container plant files the "
        "node (or the next pod on it) will use, and symlink tricks have turned such mounts "
        "into whole-node access before. Runtime sockets and system directories are reported "
        "by SL124 and SL125; this rule reports the others."),
    remediation=(
        "Use a PersistentVolumeClaim, an emptyDir, or a configMap/secret volume instead. If "
        "a node agent really needs the path, mount it `readOnly: true` and run the agent in "
        "a dedicated namespace."),
    references=[PSS_DOC + "#baseline", "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
    aliases={"pss": ["baseline/host-path-volumes", "restricted/volume-types"], "trivy": "KSV-0023",
             "polaris": "hostPathSet", "kube-linter": "writable-host-mount"},
    tags=["security", "host-access", "pss-baseline"],
    failing=[Example("pod.yaml", pod(container("volumeMounts:\n- {name: data, mountPath: /data}")
                                     + "volumes:\n- name: data\n  hostPath: {path: /mnt/data}\n"))],
    passing=[Example("pod.yaml", pod(container("volumeMounts:\n- {name: data, mountPath: /data}")
                                     + "volumes:\n- name: data\n  persistentVolumeClaim: {claimName: data}\n"))],
)


@HOST_PATH.check(PodTemplate)
def host_path(pt: PodTemplate) -> Iterator[Hit]:
    for v in pt.volumes:
        if v.kind != "hostPath":
            continue
        path = v.host_path or ""
        if path and (templated(path) or host_path_risk(path) is not None):
            continue  # SL124/SL125 report runtime sockets and system directories
        ro = mounted_read_only(pt, v.name)
        yield Hit(v.source or v, f"{obj_label(pt.owner)} mounts the node's '{path}' (hostPath "
                                 f"volume '{v.name}'{', read-only' if ro else ''}); PSS baseline "
                                 "'HostPath Volumes' forbids hostPath",
                  severity=Severity.LOW if ro else None,
                  fix="use a persistentVolumeClaim or emptyDir volume")


# ---------------------------------------------------------------------- SL302 procMount

PROC_MOUNT = Rule(
    code="SL302",
    name="unmasked-proc-mount",
    severity=Severity.HIGH,
    summary="Container sees an unmasked /proc (procMount other than Default)",
    rationale=(
        "The runtime masks and makes read-only parts of /proc (/proc/kcore, /proc/sys, "
        "/proc/sysrq-trigger...) that expose kernel memory and host-wide settings. "
        "`procMount: Unmasked` removes that protection."),
    remediation="Remove `securityContext.procMount` or set it to `Default`.",
    references=[PSS_DOC + "#baseline", _SC],
    aliases={"pss": ["baseline/proc-mount-type", "restricted/proc-mount-type"], "trivy": "KSV-0027",
             "kube-linter": "unsafe-proc-mount", "polaris": "procMount"},
    tags=["security", "hardening", "pss-baseline"],
    failing=[Example("pod.yaml", pod(container("securityContext: {procMount: Unmasked}")))],
    passing=[Example("pod.yaml", pod(container("securityContext: {procMount: Default}")))],
)


@PROC_MOUNT.check(PodTemplate)
def proc_mount(pt: PodTemplate) -> Iterator[Hit]:
    userns = user_namespace(pt)
    for c in pt.all_containers():
        f = c.effective_security_context.proc_mount
        if f is None or f.node.as_str() == "Default":
            continue
        level = ("restricted '/proc Mount Type' forbids it even in a user namespace" if userns
                 else "baseline '/proc Mount Type' forbids it")
        yield Hit(f.node, f"{who(c)} sets procMount: {f.node.as_str()}; PSS {level}",
                  severity=Severity.MEDIUM if userns else None, fix="remove procMount")


# ------------------------------------------------------------------------ SL303 sysctls

SYSCTLS = Rule(
    code="SL303",
    name="unsafe-sysctl",
    severity=Severity.MEDIUM,
    summary="Pod sets a sysctl outside the safe set",
    rationale=(
        "Only a handful of sysctls are namespaced and isolated per pod. The others change "
        "kernel settings shared with every pod on the node (or let one pod exhaust a shared "
        "resource); the kubelet refuses them unless an administrator allows them."),
    remediation=(
        "Remove the sysctl, or set it on the nodes (node tuning) rather than per pod. Safe "
        "sysctls: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
        "net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, "
        "net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_*, "
        "net.ipv4.tcp_fin_timeout, net.ipv4.tcp_rmem/wmem, net.ipv4.tcp_slow_start_after_idle, "
        "net.ipv4.tcp_notsent_lowat."),
    references=[PSS_DOC + "#baseline",
                "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"],
    aliases={"pss": "baseline/sysctls", "trivy": "KSV-0026", "kube-linter": "unsafe-sysctls"},
    tags=["security", "isolation", "pss-baseline"],
    failing=[Example("pod.yaml", pod("securityContext:\n  sysctls:\n  - {name: kernel.msgmax, value: '65536'}\n"
                                     + container()))],
    passing=[Example("pod.yaml", pod("securityContext:\n  sysctls:\n  - {name: net.ipv4.tcp_syncookies, value: '1'}\n"
                                     + container()))],
)


@SYSCTLS.check(PodTemplate)
def sysctls(pt: PodTemplate) -> Iterator[Hit]:
    psc = pt.security_context
    if psc is None or psc.sysctls is None:
        return
    for item in psc.sysctls.items:
        name = scalar(item, "name")
        if name is None or "{{" in name.as_str():
            continue
        n = name.as_str().strip().replace("/", ".")
        if n not in SAFE_SYSCTLS:
            yield Hit(name, f"{obj_label(pt.owner)} sets sysctl '{n}', which is not in the safe "
                            "set; PSS baseline 'Sysctls' forbids it",
                      fix="remove it, or tune the nodes instead")


# ----------------------------------------------------------------- SL304 probe/hook host

PROBE_HOST = Rule(
    code="SL304",
    name="probe-host-field",
    severity=Severity.MEDIUM,
    summary="Probe or lifecycle hook sends its request to another host",
    rationale=(
        "The kubelet runs probes and HTTP/TCP lifecycle hooks from the node. A `host` field "
        "makes it connect to any address, including ones the pod itself could not reach "
        "(node-local services, cloud metadata endpoints): a server-side request forgery "
        "through the kubelet."),
    remediation="Remove `host` from the probe or hook; it then targets the pod's own IP.",
    references=[PSS_DOC + "#baseline",
                "https://kubernetes.io/docs/tasks/configure-pod-container/"
                "configure-liveness-readiness-startup-probes/"],
    aliases={"pss": "baseline/host-probes-lifecycle-hooks"},
    tags=["security", "network", "pss-baseline"],
    failing=[Example("pod.yaml", pod(container("livenessProbe:\n  httpGet: {host: 169.254.169.254, path: /, port: 80}")))],
    passing=[Example("pod.yaml", pod(container("livenessProbe:\n  httpGet: {path: /healthz, port: 8080}")))],
)


@PROBE_HOST.check(PodTemplate)
def probe_host(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        places = [(f"its {k}", getattr(c, a)) for k, a in (
            ("livenessProbe", "liveness_probe"), ("readinessProbe", "readiness_probe"),
            ("startupProbe", "startup_probe"))]
        places += [(f"its {h} hook", mapping(c.lifecycle, h)) for h in ("postStart", "preStop")]
        for what, m in places:
            for handler in ("httpGet", "tcpSocket"):
                host = scalar(mapping(m, handler), "host")
                if host is not None and host.as_str():
                    yield Hit(host, f"{who(c)}: {what} connects to host '{host.as_str()}'; PSS "
                                    "baseline 'Host Probes / Lifecycle Hooks' forbids a host",
                              fix=f"remove {handler}.host")


# ------------------------------------------------------------------- SL305 volume types

VOLUME_TYPES = Rule(
    code="SL305",
    name="restricted-volume-type",
    severity=Severity.LOW,
    summary="Pod uses a volume type outside PSS restricted's list",
    rationale=(
        "PSS restricted allows only volume types that do not reach outside the pod's own "
        "storage model (configMap, csi, downwardAPI, emptyDir, ephemeral, "
        "persistentVolumeClaim, projected, secret, image). In-tree network and cloud volumes "
        "need node-level credentials or privileges, and gitRepo runs git on the node as root "
        "(deprecated, with a history of command-execution bugs)."),
    remediation=(
        "Use a PersistentVolumeClaim (backed by a CSI driver) instead of in-tree volume types; "
        "replace gitRepo with an init container that clones into an emptyDir."),
    references=[PSS_DOC + "#restricted", "https://kubernetes.io/docs/concepts/storage/volumes/"],
    aliases={"pss": "restricted/volume-types", "trivy": "KSV-0028"},
    tags=["security", "pss-restricted"],
    failing=[Example("pod.yaml", pod(container() + "volumes:\n- name: shared\n"
                                     "  nfs: {server: nfs.example.com, path: /exports}\n"))],
    passing=[Example("pod.yaml", pod(container() + "volumes:\n- name: tmp\n  emptyDir: {}\n"
                                     "- name: cfg\n  configMap: {name: cfg}\n"))],
)


@VOLUME_TYPES.check(PodTemplate)
def volume_types(pt: PodTemplate) -> Iterator[Hit]:
    for v in pt.volumes:
        if v.kind is None or v.kind in RESTRICTED_VOLUME_TYPES or v.kind == "hostPath":
            continue  # hostPath: SL124, SL125, SL301
        yield Hit(v.node.entry(v.kind).key if v.node.entry(v.kind) else v,
                  f"{obj_label(pt.owner)} uses a '{v.kind}' volume ('{v.name}'); PSS restricted "
                  "'Volume Types' does not allow it",
                  severity=Severity.HIGH if v.kind == "gitRepo" else None,
                  fix="use a persistentVolumeClaim" + (
                      " or an init container cloning into an emptyDir" if v.kind == "gitRepo" else ""))


# ----------------------------------------------------------------- SL306 seccomp unset

SECCOMP_UNSET = Rule(
    code="SL306",
    name="seccomp-profile-missing",
    severity=Severity.LOW,
    summary="No seccomp profile set (RuntimeDefault or Localhost)",
    rationale=(
        "Kubernetes runs containers Unconfined by default unless the kubelet's "
        "SeccompDefault is on, so without `seccompProfile` the kernel's whole system-call "
        "surface is open to the container. PSS restricted requires RuntimeDefault or "
        "Localhost on the pod or on every container."),
    remediation="Set `securityContext.seccompProfile: {type: RuntimeDefault}` in the pod spec.",
    references=[PSS_DOC + "#restricted", "https://kubernetes.io/docs/tutorials/security/seccomp/"],
    aliases={"pss": "restricted/seccomp", "trivy": "KSV-0030", "checkov": "CKV_K8S_31",
             "kube-score": "container-seccomp-profile", "polaris": "linuxHardening"},
    tags=["security", "hardening", "pss-restricted"],
    failing=[Example("pod.yaml", pod(container())),
             Example("pod.yaml", pod(container("securityContext:\n  seccompProfile: {type: RuntimeDefault}")
                                     + "initContainers:\n- name: init\n  image: busybox:1.36\n"))],
    passing=[Example("pod.yaml", pod("securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + container())),
             Example("pod.yaml", pod("os: {name: windows}\n" + container()))],
)

_SECCOMP_FIX = "set securityContext.seccompProfile.type: RuntimeDefault on the pod"


@SECCOMP_UNSET.check(PodTemplate)
def seccomp_unset(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt):
        return  # exempt since Kubernetes 1.25
    psc = pt.security_context
    if psc is not None and profile_type(psc.seccomp_profile) is not None:
        return  # set at pod level (an Unconfined value there is SL128's)
    lacking = [c for c in pt.all_containers()
               if profile_type(c.security_context.seccomp_profile if c.security_context else None) is None]
    lacking = list(with_image(pt, lacking))
    if not lacking:
        return
    if len(lacking) == len(pt.all_containers()):
        yield Hit(pt.node.entry("containers").key if pt.node.entry("containers") else pt,
                  f"{obj_label(pt.owner)} sets no seccomp profile on the pod or its containers; "
                  "PSS restricted 'Seccomp' requires RuntimeDefault or Localhost", fix=_SECCOMP_FIX)
        return
    for c in lacking:
        yield Hit(c.name_span, f"{who(c)} has no seccomp profile and the pod sets none; PSS restricted "
                     "'Seccomp' requires RuntimeDefault or Localhost", fix=_SECCOMP_FIX)

