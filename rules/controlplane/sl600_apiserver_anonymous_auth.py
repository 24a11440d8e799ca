"""SL600 apiserver-anonymous-auth: kube-apiserver serves anonymous requests."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet
from linter.yaml import YMapping, YScalar, YSequence

from .controls import (CIS, DOCS, Setting, cis, config_objects, equals, field, loaded_config,
                       scalar_text)
from .examples import static_pod
from .flags import APISERVER, commands

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RISK = ("anonymous requests reach the API server as system:anonymous, and whatever RBAC "
        "grants system:unauthenticated is open to anyone who can reach it")
CONTROL = Setting(APISERVER, "anonymous-auth", equals("false"), "false", default="true",
                  risk=RISK)
#: the AuthenticationConfiguration an API server loads with --authentication-config
AUTHN = ("apiserver.config.k8s.io", "AuthenticationConfiguration")
#: the endpoints the CIS Benchmark lets anonymous requests reach (the health probes')
HEALTH = frozenset(("/livez", "/readyz", "/healthz"))
_AUTHN_CONFIG = """\
apiVersion: apiserver.config.k8s.io/v1beta1
kind: AuthenticationConfiguration
anonymous:
  enabled: true
"""

RULE = Rule(
    code="SL600",
    name="apiserver-anonymous-auth",
    severity=Severity.MEDIUM,
    summary='kube-apiserver serves anonymous requests',
    rationale=(
        "With anonymous authentication on (the default), a request without credentials "
        "is served as user system:anonymous in group system:unauthenticated. RBAC then "
        "decides what it may do, and a single over-broad binding to that group (or a "
        "future one) opens the API to anyone who can reach the port."),
    remediation=(
        "Add `--anonymous-auth=false` to the kube-apiserver command. Health probes "
        "that need anonymous access can use an AuthenticationConfiguration "
        "(`--authentication-config`) that allows anonymous requests to /livez, /readyz "
        "and /healthz only."),
    references=[
        DOCS[APISERVER],
        cis('1.2.1', 'Ensure that the --anonymous-auth argument is set to false'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_68', 'trivy': 'KCV-0001', 'cis': '1.2.1'},
    related={'kics': 'Anonymous Auth Is Not Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--anonymous-auth=true")),
        Example("authentication-config.yaml", _AUTHN_CONFIG),
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authorization-mode=Node,RBAC")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--anonymous-auth=false")),
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authentication-config=/etc/kubernetes/authn.yaml")),
        Example("authentication-config.yaml", _AUTHN_CONFIG + "  conditions:\n"
                "  - path: /livez\n  - path: /readyz\n  - path: /healthz\n"),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    configs = config_objects(kset, *AUTHN)
    for o in kset.objects:
        if o.pod_template is None or o.fragment:
            continue
        for cmd in commands(o.pod_template, APISERVER):
            authn = cmd.get("authentication-config")
            if authn is not None:
                cfg = loaded_config(authn, configs)
                if cfg is not None and field(cfg, ("anonymous",))[0] is not None:
                    continue  # the file decides, judged below
                if cfg is None and cmd.get("anonymous-auth") is None:
                    continue  # the file, not linted, may decide: unknown
            for hit in CONTROL.judge(cmd):  # no anonymous section: --anonymous-auth decides
                hit.path = o.path
                yield hit
    for cfg in configs:
        yield from _judge_config(cfg)


def _judge_config(cfg) -> Iterator[Hit]:
    """An AuthenticationConfiguration's ``anonymous`` section: anonymous requests are allowed
    only to the health endpoints (``conditions``), or not at all."""
    anon, _ = field(cfg, ("anonymous",))
    if not isinstance(anon, YMapping):
        return
    enabled = anon.get("enabled")
    if scalar_text(enabled) != "true":
        return
    conditions = anon.get("conditions")
    paths = [c.get("path") for c in conditions.items if isinstance(c, YMapping)] \
        if isinstance(conditions, YSequence) else []
    wide = [p for p in paths if not isinstance(p, YScalar) or p.as_str() not in HEALTH]
    fix = "conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]"
    if not paths:
        yield Hit(enabled, f"AuthenticationConfiguration sets anonymous.enabled: true without "
                           f"conditions: {RISK}; set enabled: false, or limit it to the health "
                           f"endpoints ({fix})", fix="enabled: false", path=cfg.path)
    elif wide:
        at = wide[0]
        shown = at.as_str() if isinstance(at, YScalar) else "a path"
        yield Hit(at if at is not None else conditions,
                  f"AuthenticationConfiguration lets anonymous requests reach {shown}, "
                  f"beyond the health endpoints: whatever RBAC grants system:unauthenticated "
                  f"there is open to anyone; keep only /livez, /readyz and /healthz",
                  path=cfg.path)
