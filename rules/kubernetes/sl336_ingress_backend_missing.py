"""SL336 ingress-backend-missing: Ingress routes to a Service, or a port of one, that the linted
files do not define.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet
from linter.kubernetes.objectset import in_namespace_phrase
from linter.suggest import typo_of
from linter.yaml import YNode, YScalar

from .missing_refs import beside, hint, names_beside, operator_beside
from .pss import mapping, obj_label, scalar, sequence, templated

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL336",
    name="ingress-backend-missing",
    severity=Severity.MEDIUM,
    summary="Ingress routes to a Service, or a port of one, that the linted files do not define",
    rationale=(
        "An Ingress backend naming a Service that does not exist, or a port the Service does "
        "not expose, answers every request on that path with 503. Reported when the "
        "Ingress's directory defines Services itself and nothing linted with it defines the "
        "one named in its namespace, or when the Service is found and lacks the port."),
    remediation="Point the backend at an existing Service and one of its `ports` (number or name).",
    references=["https://kubernetes.io/docs/concepts/services-networking/ingress/"],
    aliases={"kube-linter": "dangling-ingress", "kube-score": "ingress-targets-service"},
    tags=["correctness"],
    failing=lambda: [Example("app.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                     "  selector: {app: web}\n  ports: [{name: http, port: 80}]\n---\n"
                     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
                     "  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
                     "        backend:\n          service: {name: web, port: {number: 8080}}\n")],
    passing=lambda: [Example("app.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                     "  selector: {app: web}\n  ports: [{name: http, port: 80}]\n---\n"
                     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
                     "  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
                     "        backend:\n          service: {name: web, port: {name: http}}\n")],
    security=False,
)


def _backends(o: KubeObject) -> Iterator[tuple[YScalar, YScalar | None]]:
    """(service name, port number or name) of every backend of an Ingress (v1 and beta)."""
    spec = mapping(o.node, "spec")

    def one(b: YNode | None) -> Iterator[tuple[YScalar, YScalar | None]]:
        svc = mapping(b, "service")
        if svc is not None:  # networking.k8s.io/v1
            name, port = scalar(svc, "name"), mapping(svc, "port")
            if name is not None:
                yield name, scalar(port, "number") or scalar(port, "name")
        elif scalar(b, "serviceName") is not None:  # extensions / networking v1beta1
            yield scalar(b, "serviceName"), scalar(b, "servicePort")  # type: ignore[misc]

    yield from one(mapping(spec, "defaultBackend") or mapping(spec, "backend"))
    for r in sequence(spec, "rules"):
        for p in sequence(mapping(r, "http"), "paths"):
            yield from one(mapping(p, "backend"))


def _ports(svc: KubeObject) -> set[str] | None:
    """Port numbers and names a Service exposes (``None`` when not known)."""
    out: set[str] = set()
    for p in sequence(mapping(svc.node, "spec"), "ports"):
        for key in ("port", "name"):
            v = scalar(p, key)
            if v is not None:
                if templated(v.as_str()):
                    return None
                out.add(v.as_str())
    return out or None


@RULE.check(KubernetesSet)
def ingress_backend(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        if o.kind != "Ingress" or o.group not in ("networking.k8s.io", "extensions"):
            continue
        backends = [(n, p) for n, p in _backends(o) if not templated(n.as_str())]
        if not backends:
            continue
        services = ks.named("Service", o)
        local = ks.local(o)
        if not local or operator_beside(ks, o):
            continue
        some_resolve = any(beside(services.get(n.as_str()), local) for n, _ in backends)
        for name, port in backends:
            n = name.as_str()
            found = services.get(n)
            if found is None:
                names = names_beside(local, "Service")
                if some_resolve or typo_of(n, names):
                    yield Hit(name, f"{obj_label(o)} routes to Service '{n}', which no linted "
                                    f"file defines {in_namespace_phrase(o)}" + hint(n, names),
                              path=o.path, fix="point the backend at an existing Service")
                continue
            if port is None or templated(port.as_str()) or not beside(found, local):
                continue
            exposed: set[str] = set()
            for svc in found:
                ports = _ports(svc)
                if ports is None or port.as_str() in ports:
                    exposed = set()
                    break
                exposed |= ports
            if exposed:
                yield Hit(port, f"{obj_label(o)} routes to port {port.as_str()} of Service "
                                f"'{n}', which exposes " + ", ".join(sorted(exposed)), path=o.path,
                          fix="use one of the Service's port numbers or names")
