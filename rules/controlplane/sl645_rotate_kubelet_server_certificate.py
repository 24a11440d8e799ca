"""SL645 rotate-kubelet-server-certificate: kubelet serving certificates are not rotated."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KUBELET_CONFIG, cis, config_objects, field, scalar_text
from .examples import kubelet_config, static_pod
from .flags import CONTROLLER_MANAGER, KUBELET, commands

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

GATE = "RotateKubeletServerCertificate"
RISK = ("kubelets' serving certificates are not renewed by the cluster: they expire or are "
        "issued for years")

RULE = Rule(
    code="SL645",
    name="rotate-kubelet-server-certificate",
    severity=Severity.MEDIUM,
    summary="The RotateKubeletServerCertificate feature gate is turned off",
    rationale=(
        "The RotateKubeletServerCertificate feature (on by default since Kubernetes 1.12) "
        "lets kubelets request new serving certificates from the cluster before theirs "
        "expire, and the controller manager sign them. Turning it off on either leaves "
        "nodes with certificates that expire or are made to last for years."),
    remediation=(
        "Remove `RotateKubeletServerCertificate=false` from `--feature-gates` of "
        "kube-controller-manager and kubelet (and from the KubeletConfiguration's "
        "`featureGates`)."),
    references=[
        DOCS[KUBELET],
        "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/",
        cis("1.3.6", "Ensure that the RotateKubeletServerCertificate argument is set to true"),
        cis("4.2.12", "Verify that the RotateKubeletServerCertificate argument is set to true"),
        CIS,
    ],
    aliases={"checkov": "CKV_K8S_112", "cis": ["1.3.6", "4.2.12"]},
    related={"trivy": ["KCV-0038", "KCV-0091"], "kics": "RotateKubeletServerCertificate Not Active"},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(
            CONTROLLER_MANAGER, "--feature-gates=RotateKubeletServerCertificate=false")),
        Example("kubelet-config.yaml", kubelet_config(
            "featureGates:\n  RotateKubeletServerCertificate: false\n")),
    ],
    passing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(
            CONTROLLER_MANAGER, "--feature-gates=RotateKubeletServerCertificate=true")),
        Example("kubelet-config.yaml", kubelet_config("serverTLSBootstrap: true\n")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    for o in kset.objects:
        if o.pod_template is None or o.fragment:
            continue
        for cmd in commands(o.pod_template):
            if cmd.component not in (CONTROLLER_MANAGER, KUBELET):
                continue
            gate = cmd.feature_gate(GATE)
            if gate is not None and gate[0] is False:
                yield Hit(gate[1], f"{cmd.component} sets {GATE}=false in --feature-gates: "
                                   f"{RISK}; remove it (the gate is on by default)",
                          path=o.path)
    for cfg in config_objects(kset, *KUBELET_CONFIG):
        node, _ = field(cfg, ("featureGates", GATE))
        if scalar_text(node) == "false":
            yield Hit(node, f"KubeletConfiguration sets featureGates.{GATE}: false: {RISK}; "
                            f"remove it (the gate is on by default)", path=cfg.path)
