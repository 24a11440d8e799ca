"""SL129 apparmor-unconfined: AppArmor confinement explicitly disabled (unconfined)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import (
    PSS_DOC,
    mapping,
    obj_label,
    scalar,
)
from .lsm import profile_types, unconfined

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
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
    aliases={"pss": "baseline/apparmor"},
    related={"trivy": "KSV-0002", "polaris": "linuxHardening", "kubesec": "ApparmorAny",
             "kics": "Missing AppArmor Profile"},
    tags=["security", "hardening"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"apparmor:unconfined\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  appArmorProfile: {type: Unconfined}"))),
        Example("pod.yaml", pod(container(), metadata="name: p\nannotations:\n"
                                "  container.apparmor.security.beta.kubernetes.io/app: unconfined")),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"apparmor=docker-default\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  appArmorProfile: {type: RuntimeDefault}"),
                                metadata="name: p\nannotations:\n"
                                "  container.apparmor.security.beta.kubernetes.io/app: localhost/x")),
    ],
    fragments=True,
)


_APPARMOR_ANN = "container.apparmor.security.beta.kubernetes.io/"


@RULE.check("linter.kubernetes.tree:PodTemplate")
def apparmor_pod(pt: PodTemplate) -> Iterator[Hit]:
    yield from profile_types(pt, "appArmorProfile", "AppArmor")
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


@RULE.check("linter.compose.tree:Service")
def apparmor_compose(service: Service) -> Iterator[Hit]:
    yield from unconfined(service, "apparmor", "AppArmor",
                           "remove it, or name a profile written for the service")
