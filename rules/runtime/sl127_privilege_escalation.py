"""SL127 privilege-escalation: setuid binaries may raise the process's privileges."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..kubernetes.examples import container, pod
from ..kubernetes.fixes import container_setting, written_false
from ..kubernetes.pss import PSS_DOC, is_false, is_true, who, windows_pod

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL127",
    name="privilege-escalation",
    severity=Severity.MEDIUM,
    summary="Container processes may gain privileges (no_new_privs not set)",
    rationale=(
        "Unless the no_new_privs flag is set, a process in the container can gain privileges "
        "through setuid/setgid binaries or file capabilities (sudo, su, ping, a planted "
        "setuid shell). Kubernetes sets the flag when `allowPrivilegeEscalation: false`; "
        "Docker when `no-new-privileges` is in the security options. PSS restricted requires "
        "it explicitly."),
    remediation=(
        "Kubernetes: set `securityContext.allowPrivilegeEscalation: false` on every "
        "container. Compose: add `security_opt: [\"no-new-privileges:true\"]`. Compose "
        "services are reported when they turn it off, and when it is unset only with the option "
        "`options.privilege-escalation.compose-missing: true`."),
    references=[
        PSS_DOC + "#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "https://docs.docker.com/reference/cli/docker/container/run/#security-opt",
        "CIS Docker Benchmark 5.26: Ensure that the container is restricted from acquiring "
        "additional privileges",
    ],
    aliases={"cis": "5.2.6", "pss": "restricted/privilege-escalation", "checkov": "CKV_K8S_20",
             "trivy": "KSV-0001", "polaris": "privilegeEscalationAllowed",
             "kics": "Privilege Escalation Allowed"},
    related={"checkov": "CKV_K8S_5", "kube-linter": "privilege-escalation-container",
             "kubesec": "AllowPrivilegeEscalation",
             "kics": ["No New Privileges Not Set", "Security Opt Not Set"]},
    # KICS reports every security_opt entry that is not no-new-privileges (a seccomp profile
    # beside it too) and, in another query, a service without security_opt; in Compose this
    # rule reports an explicit no-new-privileges:false (a missing one with compose-missing)
    tags=["security", "privilege"],
    options={"compose-missing": False},
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                "    security_opt: [\"no-new-privileges:false\"]\n"),
        Example("pod.yaml", pod(container())),
        Example("pod.yaml", pod(container("securityContext: {allowPrivilegeEscalation: true}"))),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                "    security_opt: [\"no-new-privileges:true\"]\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("pod.yaml", pod(container("securityContext: {allowPrivilegeEscalation: false}"))),
        Example("pod.yaml", pod("os: {name: windows}\n" + container())),
    ],
    opt_in="hardening",
    fragments=True,  # a patch's `allowPrivilegeEscalation: true` is written; unset is not judged
    fixable="unsafe",  # setuid programs in the image stop working as such
)


_FIX = "set securityContext.allowPrivilegeEscalation: false"


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt):
        return  # exempt since Kubernetes 1.25
    for c in pt.all_containers():
        f = c.effective_security_context.allow_privilege_escalation
        if f is not None and is_true(f.node):
            yield Hit(f.node, f"{who(c)} allows privilege escalation "
                              "(allowPrivilegeEscalation: true); PSS restricted 'Privilege "
                              "Escalation' requires false", severity=Severity.HIGH, fix=_FIX,
                      autofix=written_false(f.node, _FIX))
        elif (f is None or not is_false(f.node)) and not (f is None and pt.partial):
            yield Hit(f.node if f is not None else c.name_span,
                      f"{who(c)} does not set allowPrivilegeEscalation: false; PSS restricted "
                      "'Privilege Escalation' requires it", fix=_FIX,
                      autofix=container_setting(c, ("allowPrivilegeEscalation",), "false", _FIX)
                      if f is None else written_false(f.node, _FIX))


def no_new_privileges(opt: str) -> bool | None:
    """``no-new-privileges[:|=true|false]`` -> its setting; ``None`` for other options."""
    key, sep, val = opt.strip().partition(":")
    if not sep:
        key, sep, val = opt.strip().partition("=")
    if key.strip().lower() != "no-new-privileges":
        return None
    return val.strip().lower() in ("", "true", "1", "yes")


@RULE.check("linter.compose.tree:Service")
def compose_service(service: Service) -> Iterator[Hit]:
    for v in service.security_opt:
        if not v.known:
            return
        setting = no_new_privileges(v.value or "")
        if setting is True:
            return
        if setting is False:
            yield Hit(v, f"service '{service.name}' turns no-new-privileges off",
                      fix='use `security_opt: ["no-new-privileges:true"]`')
            return
    if not RULE.option("compose-missing") or (service.image is None and service.build is None):
        return  # unset: reported only when asked (development stacks rarely set it)
    if service.privileged is not None and service.privileged.as_bool() is True:
        return  # SL120 reports the privileged service
    yield Hit(service, f"service '{service.name}' does not set no-new-privileges",
              severity=Severity.LOW, fix='add `security_opt: ["no-new-privileges:true"]`')
