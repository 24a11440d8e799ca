"""SL660 kubelet-anonymous-auth: kubelet serves anonymous requests."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletSetting, equals, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletSetting(("authentication", "anonymous", "enabled"), "anonymous-auth", equals("false"),
                         "false", "--anonymous-auth=false", config_default="false",
                         flag_default="true", risk="anyone who reaches the kubelet's port "
                         "is served as system:anonymous (with authorization mode AlwaysAllow "
                         "that is exec into every pod of the node)")

RULE = Rule(
    code="SL660",
    name="kubelet-anonymous-auth",
    severity=Severity.HIGH,
    summary='kubelet serves anonymous requests',
    rationale=(
        "The kubelet's API runs commands in containers, streams their logs and reads "
        "their environment. With anonymous authentication on (the flag's default; a "
        "KubeletConfiguration defaults it to off) an unauthenticated caller reaches it "
        "as system:anonymous."),
    remediation=(
        "Set `authentication.anonymous.enabled: false` in the KubeletConfiguration (or "
        "`--anonymous-auth=false`)."),
    references=[
        DOCS[KUBELET],
        cis('4.2.1', 'Ensure that the --anonymous-auth argument is set to false'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_138', 'cis': '4.2.1'},
    related={'trivy': 'KCV-0079', 'kics': 'Anonymous Auth Is Not Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("authentication:\n  anonymous:\n    enabled: true\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("authentication:\n  anonymous:\n    enabled: false\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
