"""SL128 seccomp-unconfined, SL129 apparmor-unconfined, SL130 selinux-relaxed: kernel
confinement turned off."""

from __future__ import annotations

from typing import Iterator

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate
from linter.kubernetes.examples import container, pod
from linter.kubernetes.pss import (PSS_DOC, SELINUX_TYPES, mapping, obj_label, profile_type,
                                   sc_levels, scalar)
from linter.yaml import YMapping


def security_opt(service: Service, names: tuple[str, ...]) -> Iterator[tuple[object, str, str]]:
    """``security_opt`` entries ``NAME:VALUE`` / ``NAME=VALUE`` with NAME in ``names``:
    (the Value, name, value lower-cased)."""
    for v in service.security_opt:
        if not v.known or not v.value:
            continue
        text = v.value.strip()
        cut = min((i for i in (text.find(":"), text.find("=")) if i != -1), default=-1)
        if cut == -1:
            continue
        name, value = text[:cut].strip().lower(), text[cut + 1:].strip().lower()
        if name in names:
            yield v, name, value


# ---------------------------------------------------------------------------------- seccomp

SECCOMP = Rule(
    code="SL128",
    name="seccomp-unconfined",
    severity=Severity.HIGH,
    summary="Seccomp filtering explicitly disabled (Unconfined)",
    rationale=(
        "The runtime's default seccomp profile blocks a few dozen system calls that "
        "containers do not need and that many kernel exploits and container escapes rely on "
        "(keyctl, unshare, bpf, ptrace on old kernels, mount...). Running Unconfined removes "
        "that layer."),
    remediation=(
        "Remove the Unconfined setting so the runtime default applies, or set "
        "`seccompProfile: {type: RuntimeDefault}` (Kubernetes) / a custom profile "
        "(`security_opt: [\"seccomp=profile.json\"]`) that allows just the extra calls needed."),
    references=[
        PSS_DOC + "#baseline",
        "https://kubernetes.io/docs/tutorials/security/seccomp/",
        "https://docs.docker.com/engine/security/seccomp/",
        "CIS Docker Benchmark 5.21: Ensure the default seccomp profile is not disabled",
    ],
    aliases={"pss": "baseline/seccomp", "checkov": "CKV_K8S_31", "trivy": "KSV-0104"},
    tags=["security", "hardening", "pss-baseline"],
    failing=[
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"seccomp:unconfined\"]\n"),
        Example("pod.yaml", pod("securityContext:\n  seccompProfile: {type: Unconfined}\n" + container())),
        Example("pod.yaml", pod(container(), metadata="name: p\nannotations:\n"
                                "  seccomp.security.alpha.kubernetes.io/pod: unconfined")),
    ],
    passing=[
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"seccomp=./profile.json\"]\n"),
        Example("pod.yaml", pod("securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + container())),
    ],
)

_SECCOMP_ANN = "seccomp.security.alpha.kubernetes.io/pod"
_SECCOMP_CTR_ANN = "container.seccomp.security.alpha.kubernetes.io/"


def _profile_types(pt: PodTemplate, field: str, control: str) -> Iterator[Hit]:
    """``<field>.type`` at pod or container level other than RuntimeDefault or Localhost."""
    for where, sc, _ in sc_levels(pt):
        t = profile_type(mapping(sc, field))
        if t is not None and t.as_str() not in ("RuntimeDefault", "Localhost"):
            yield Hit(t, f"{where} sets {field} type '{t.as_str()}'; PSS baseline "
                         f"'{control}' allows only RuntimeDefault or Localhost",
                      fix=f"set {field}.type: RuntimeDefault")


@SECCOMP.check(PodTemplate)
def seccomp_pod(pt: PodTemplate) -> Iterator[Hit]:
    yield from _profile_types(pt, "seccompProfile", "Seccomp")
    ann = mapping(pt.metadata, "annotations")
    if ann is None:
        return
    for e in ann.entries:
        key = str(e.name or "")
        if key == _SECCOMP_ANN or key.startswith(_SECCOMP_CTR_ANN):
            v = scalar(ann, key)
            if v is not None and v.as_str().strip().lower() == "unconfined":
                yield Hit(v, f"{obj_label(pt.owner)} disables seccomp with the annotation "
                             f"'{key}: unconfined'; PSS baseline 'Seccomp' forbids it",
                          fix="remove the annotation; set securityContext.seccompProfile.type: "
                              "RuntimeDefault")


def _unconfined(service: Service, option: str, shown: str, fix: str) -> Iterator[Hit]:
    """``security_opt`` entries ``option:unconfined`` (or ``=``) of a service."""
    for v, _, value in security_opt(service, (option,)):
        if value == "unconfined":
            yield Hit(v, f"service '{service.name}' disables {shown} ({option}:unconfined)",
                      fix=fix)


@SECCOMP.check(Service)
def seccomp_compose(service: Service) -> Iterator[Hit]:
    yield from _unconfined(service, "seccomp", "seccomp",
                           "remove it, or point seccomp= at a profile allowing the extra calls")


# --------------------------------------------------------------------------------- AppArmor

APPARMOR = Rule(
    code="SL129",
    name="apparmor-unconfined",
    severity=Severity.HIGH,
    summary="AppArmor confinement explicitly disabled (unconfined)",
    rationale=(
        "On AppArmor hosts (Ubuntu, Debian, SUSE) the runtime's default profile stops a "
        "container from writing to /proc and /sys, mounting filesystems and other escape "
        "routes. Unconfined removes it."),
    remediation=(
        "Remove the unconfined setting, or use `appArmorProfile: {type: RuntimeDefault}` "
        "(Kubernetes 1.30+) or a `Localhost` profile written for the workload; in Compose, "
        "`security_opt: [\"apparmor=<profile>\"]`."),
    references=[
        PSS_DOC + "#baseline",
        "https://kubernetes.io/docs/tutorials/security/apparmor/",
        "https://docs.docker.com/engine/security/apparmor/",
        "CIS Docker Benchmark 5.1: Ensure that, if applicable, an AppArmor Profile is enabled",
    ],
    aliases={"pss": "baseline/apparmor", "trivy": "KSV-0002"},
    tags=["security", "hardening", "pss-baseline"],
    failing=[
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"apparmor:unconfined\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  appArmorProfile: {type: Unconfined}"))),
        Example("pod.yaml", pod(container(), metadata="name: p\nannotations:\n"
                                "  container.apparmor.security.beta.kubernetes.io/app: unconfined")),
    ],
    passing=[
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"apparmor=docker-default\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  appArmorProfile: {type: RuntimeDefault}"),
                                metadata="name: p\nannotations:\n"
                                "  container.apparmor.security.beta.kubernetes.io/app: localhost/x")),
    ],
)

_APPARMOR_ANN = "container.apparmor.security.beta.kubernetes.io/"


@APPARMOR.check(PodTemplate)
def apparmor_pod(pt: PodTemplate) -> Iterator[Hit]:
    yield from _profile_types(pt, "appArmorProfile", "AppArmor")
    ann = mapping(pt.metadata, "annotations")
    if ann is None:
        return
    for e in ann.entries:
        key = str(e.name or "")
        if key.startswith(_APPARMOR_ANN):
            v = scalar(ann, key)
            text = v.as_str().strip() if v is not None else ""
            if text and text != "runtime/default" and not text.startswith("localhost/"):
                yield Hit(v, f"{obj_label(pt.owner)} sets AppArmor profile '{text}' for "
                             f"container '{key[len(_APPARMOR_ANN):]}'; PSS baseline 'AppArmor' "
                             "allows only runtime/default or localhost/*",
                          fix="use runtime/default or a localhost/<profile>")


@APPARMOR.check(Service)
def apparmor_compose(service: Service) -> Iterator[Hit]:
    yield from _unconfined(service, "apparmor", "AppArmor",
                           "remove it, or name a profile written for the service")


# ---------------------------------------------------------------------------------- SELinux

SELINUX = Rule(
    code="SL130",
    name="selinux-relaxed",
    severity=Severity.MEDIUM,
    summary="SELinux confinement disabled or replaced by a custom user, role or type",
    rationale=(
        "On SELinux hosts (RHEL, Fedora, OpenShift) the container_t type keeps a container "
        "away from host files and other containers' files even when it runs as root. "
        "Disabling labelling, or choosing a privileged type such as spc_t or unconfined_t, a "
        "custom user or role, removes that separation."),
    remediation=(
        "Kubernetes: remove `seLinuxOptions.user`/`role` and keep `type` empty or one of "
        "container_t, container_init_t, container_kvm_t, container_engine_t (a `level` is "
        "fine). Compose: remove `label:disable` / `label=type:spc_t`."),
    references=[
        PSS_DOC + "#baseline",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
        "#assign-selinux-labels-to-a-container",
        "https://docs.docker.com/reference/cli/docker/container/run/#security-opt",
        "CIS Docker Benchmark 5.2: Ensure that, if applicable, SELinux security options are set",
    ],
    aliases={"pss": "baseline/selinux", "trivy": "KSV-0025"},
    tags=["security", "hardening", "pss-baseline"],
    failing=[
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n    security_opt: [\"label:disable\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  seLinuxOptions: {type: spc_t}"))),
        Example("pod.yaml", pod("securityContext:\n  seLinuxOptions: {user: system_u}\n" + container())),
    ],
    passing=[
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"label=level:s0:c100,c200\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  seLinuxOptions: {level: 's0:c123,c456'}"))),
    ],
)


@SELINUX.check(PodTemplate)
def selinux_pod(pt: PodTemplate) -> Iterator[Hit]:
    for where, sc, _ in sc_levels(pt):
        opts = mapping(sc, "seLinuxOptions")
        if not isinstance(opts, YMapping):
            continue
        t = scalar(opts, "type")
        if t is not None and t.as_str() not in SELINUX_TYPES:
            yield Hit(t, f"{where} sets SELinux type '{t.as_str()}'; PSS baseline 'SELinux' "
                         "allows only container_t, container_init_t, container_kvm_t or "
                         "container_engine_t", fix="remove seLinuxOptions.type")
        for key in ("user", "role"):
            v = scalar(opts, key)
            if v is not None and v.as_str():
                yield Hit(v, f"{where} sets a custom SELinux {key} '{v.as_str()}'; PSS baseline "
                             f"'SELinux' forbids setting seLinuxOptions.{key}",
                          fix=f"remove seLinuxOptions.{key}")


_PRIVILEGED_TYPES = ("spc_t", "unconfined_t", "container_runtime_t", "kernel_t")


@SELINUX.check(Service)
def selinux_compose(service: Service) -> Iterator[Hit]:
    for v, _, value in security_opt(service, ("label",)):
        if value == "disable" or value.replace("=", ":") in {f"type:{t}" for t in _PRIVILEGED_TYPES}:
            yield Hit(v, f"service '{service.name}' disables SELinux separation "
                         f"(label:{value})", fix="remove the label option")
