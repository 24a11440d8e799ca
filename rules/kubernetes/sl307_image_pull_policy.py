"""SL307 image-pull-policy: Image pull policy is not Always (opt-in)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import (
    who,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL307",
    name="image-pull-policy",
    severity=Severity.INFO,
    summary="Image pull policy is not Always (opt-in)",
    rationale=(
        "With IfNotPresent a node reuses whatever image it cached under the tag, so a pod may "
        "run an older build than the one the tag names now, and a pod on a shared node can "
        "use a private image another pod pulled without presenting credentials. Always makes "
        "the kubelet check the registry (cheaply) at every start. Off by default: a digest "
        "pin (SL102) solves the staleness better."),
    remediation="Set `imagePullPolicy: Always`, or pin the image by digest.",
    references=["https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
                "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/"
                "#alwayspullimages"],
    aliases={"checkov": "CKV_K8S_15"},
    related={"polaris": "pullPolicyNotAlways", "kube-score": "container-image-pull-policy",
             "kics": "Image Pull Policy Of The Container Is Not Set To Always"},
    tags=["supply-chain"],
    opt_in="hardening",
    failing=lambda: [Example("pod.yaml", pod(container("imagePullPolicy: IfNotPresent")))],
    passing=lambda: [Example("pod.yaml", pod(container("imagePullPolicy: Always"))),
             Example("pod.yaml", pod(container(image="nginx@sha256:" + "0" * 64)))],
)


@RULE.check(PodTemplate)
def pull_policy(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        ref = c.image_ref
        if ref is None or ref.digest is not None or ref.pinning_unknown:
            continue
        p = c.image_pull_policy
        if p is not None:
            if p.as_str() != "Always":
                yield Hit(p, f"{who(c)} uses imagePullPolicy: {p.as_str()} for the tag "
                             f"'{ref.text}'", fix="set imagePullPolicy: Always or pin a digest")
        elif ref.tag is not None and not ref.is_latest:
            yield Hit(c.name_span, f"{who(c)} has no imagePullPolicy, so the tag '{ref.text}' is pulled "
                         "only if not present", fix="set imagePullPolicy: Always or pin a digest")
