"""SL123 capabilities-not-dropped: Container does not drop ALL capabilities."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Autofix, Severity
from linter.yaml import YScalar, YSequence

from ..kubernetes.examples import container, pod
from ..kubernetes.fixes import drop_all
from ..kubernetes.pss import (
    BASELINE_CAPABILITIES,
    cap_name,
    who,
    windows_pod,
)
from .capabilities import REFS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.kubernetes import PodTemplate

RULE = Rule(
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
    references=REFS,
    aliases={"cis": "5.2.10", "pss": "restricted/capabilities", "checkov": "CKV_K8S_37",
             "trivy": ["KSV-0003", "KSV-0106"]},
    related={"checkov": "CKV_K8S_28", "trivy": "KSV-0004",
             "kube-linter": "drop-net-raw-capability", "polaris": "insecureCapabilities",
             "kubesec": ["CapDropAll", "CapDropAny"],
             "kics": "No Drop Capabilities for Containers"},
    tags=["security", "privilege"],
    failing=lambda: [
        Example("pod.yaml", pod(container())),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n    drop: [NET_RAW]"))),
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [CHOWN]\n    drop: [ALL]"))),
    ],
    passing=lambda: [
        Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n"
                                          "    add: [NET_BIND_SERVICE]\n    drop: [ALL]"))),
        Example("pod.yaml", pod("os: {name: windows}\n" + container())),
    ],
    opt_in="hardening",
    fragments=True,  # what a patch writes (`drop: [NET_RAW]`, `add: [CHOWN]`) is judged
    fixable="unsafe",  # a program that needs a capability stops working
)


_DROP_FIX = 'set securityContext.capabilities.drop: ["ALL"]'


@RULE.check("linter.kubernetes.tree:PodTemplate")
def not_dropped_pod(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt):
        return  # exempt since Kubernetes 1.25
    for c in pt.all_containers():
        drop = c.effective_security_context.capabilities_drop
        names = {cap_name(n) for n in drop.value} if drop is not None else set()
        if drop is not None and "ALL" in names and "ALL" not in drop.value:
            from linter.fix import replace  # with a fix to make: not at import (issue #14)

            written = next(n for n in drop.value if cap_name(n) == "ALL")
            node = next(n for n in drop.node.items if isinstance(n, YScalar)
                        and n.as_str() == written) if isinstance(drop.node, YSequence) else None
            yield Hit(drop.node, f"{who(c)} drops '{written}'; PSS restricted 'Capabilities' "
                                 "compares names literally: write 'ALL' in capital letters",
                      fix='write drop: ["ALL"]',
                      autofix=Autofix("write ALL in capital letters",
                                      (replace(node.span, "ALL"),), False)
                      if node is not None and node.span.line == node.span.end_line else None)
        elif "ALL" not in names and not (drop is None and pt.partial):
            raw = "" if "NET_RAW" in names else ", not even NET_RAW"
            yield Hit(drop.node if drop is not None else c.name_span,
                      f"{who(c)} does not drop ALL capabilities{raw}; PSS restricted "
                      "'Capabilities' requires drop: [ALL]", fix=_DROP_FIX,
                      autofix=drop_all(c, _DROP_FIX))
        sc = c.security_context
        for node in (sc.capabilities_add if sc is not None else []):
            name = cap_name(node.as_str())
            # capabilities outside the baseline set (and odd spellings) are SL122's
            if name in BASELINE_CAPABILITIES and name != "NET_BIND_SERVICE" and node.as_str() == name:
                yield Hit(node, f"{who(c)} adds capability {name}; PSS restricted "
                                "'Capabilities' allows adding only NET_BIND_SERVICE",
                          fix=f"remove {name} from securityContext.capabilities.add")
