"""Names that point at objects nobody defines: SL334 service-account-missing, SL335
config-reference-missing (ConfigMaps and Secrets, and their keys), SL336
ingress-backend-missing.

All three check the ``KubernetesSet`` of the run: a definition anywhere in the run (same
namespace) clears a reference; a finding needs evidence from the referring object's own
directory, read whole in this run (``KubernetesSet.local``). Manifests often point at
objects installed some other way (a dashboard's Service, a Secret created by hand, another
chart's account), so "not in these files" alone is not a finding:

* a missing ServiceAccount is reported when the directory defines ServiceAccounts itself;
* a missing ConfigMap, Secret or Service when the same object has another reference of that
  kind that *is* defined (it manages those here, and this one slipped), or the directory
  defines one with a close name (a typo: the message says which);
* a missing key or Service port when the object named is defined beside the reference and
  has no such key or port (every definition of that name in the run lacks it).

Objects made by other means stay quiet: a custom resource beside the reference (an
operator may create the object) silences it, Secrets made by SealedSecret, ExternalSecret,
SopsSecret, cert-manager Certificate and the like count as defined, and ConfigMap/Secret
references are not judged in a Kustomize directory (generators add hash suffixes and create
objects no file shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet, PodTemplate
from linter.kubernetes.examples import container, deployment
from linter.kubernetes.objectset import directory, in_namespace_phrase, is_custom
from linter.kustomize import kustomization_file
from linter.kubernetes.pss import is_true, mapping, obj_label, scalar, sequence, templated
from linter.suggest import did_you_mean, typo_of
from linter.yaml import YMapping, YNode, YScalar

_SA = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: %s}\n"
_CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata: {LOG_LEVEL: info}\n"

# ----------------------------------------------------------------- SL334 service account

SERVICE_ACCOUNT = Rule(
    code="SL334",
    name="service-account-missing",
    severity=Severity.MEDIUM,
    summary="Pod runs as a ServiceAccount that the linted files do not define",
    rationale=(
        "A pod template naming a ServiceAccount that does not exist is rejected when its pods "
        "are created (`error looking up service account`): the Deployment rolls out nothing. "
        "The usual cause is a renamed or forgotten ServiceAccount. Reported when the "
        "workload's directory defines ServiceAccounts of its own (so accounts are managed in "
        "these manifests) and no file linted with it defines this one in the namespace."),
    remediation="Define the ServiceAccount, or fix `serviceAccountName` to name one that exists.",
    references=["https://kubernetes.io/docs/concepts/security/service-accounts/",
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"],
    aliases={"kube-linter": "non-existent-service-account"},
    tags=["correctness", "identity"],
    failing=[Example("app.yaml", deployment("serviceAccountName: wbe\n" + container())
                     + "---\n" + _SA % "web")],
    passing=[Example("app.yaml", deployment("serviceAccountName: web\n" + container())
                     + "---\n" + _SA % "web"),
             Example("app.yaml", deployment("serviceAccountName: provided-by-the-platform\n"
                                            + container()))],
)


def _operator_beside(ks: KubernetesSet, o: KubeObject) -> bool:
    """A custom resource beside ``o`` of a kind not known to make only Secrets: an operator
    may create the object referred to."""
    return any(k not in _SECRET_MAKERS for k in ks.custom_kinds(o))


@SERVICE_ACCOUNT.check(KubernetesSet)
def service_account(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        pt = o.pod_template
        sa = pt.service_account_name if pt is not None else None
        if sa is None or not isinstance(sa.value, str) or not sa.value or sa.value == "default":
            continue
        if templated(sa.value) or sa.value in ks.named("ServiceAccount", o):
            continue
        local = ks.local(o)
        if not any(x.kind == "ServiceAccount" for x in local) or _operator_beside(ks, o):
            continue
        yield Hit(sa, f"{obj_label(o)} runs as ServiceAccount '{sa.value}', which no linted file "
                      f"defines {in_namespace_phrase(o)}"
                      + _hint(sa.value, _names_beside(local, "ServiceAccount")),
                  path=o.path, fix="define the ServiceAccount or fix serviceAccountName")



def _names_beside(local: list[KubeObject], *kinds: str) -> list[str]:
    return sorted({x.name for x in local if x.kind in kinds and x.name})


def _hint(name: str, names: list[str], limit: int = 3, lead: str = "its directory defines") -> str:
    """`` (did you mean 'x'?)`` for a close name among ``names`` (defined beside the
    reference), else the first ``limit`` names after ``lead``."""
    match = did_you_mean(name, names)
    if match or not names:
        return match
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return f" ({lead} {shown}{', ...' if len(names) > limit else ''})"


# ----------------------------------------------------------- SL335 ConfigMap and Secret

CONFIG = Rule(
    code="SL335",
    name="config-reference-missing",
    severity=Severity.MEDIUM,
    summary="Pod uses a ConfigMap or Secret (or a key of one) that the linted files do not define",
    rationale=(
        "A container whose `env` / `envFrom` or volume names a ConfigMap or Secret that does "
        "not exist never starts (`CreateContainerConfigError`, or a volume that cannot "
        "mount); a `configMapKeyRef` / `secretKeyRef` to a key the object lacks fails the "
        "same way. Reported when the workload's directory defines objects of that kind "
        "itself and nothing linted with it defines the one named (Secrets made by "
        "SealedSecret, ExternalSecret, SopsSecret or a cert-manager Certificate count). "
        "References marked `optional: true` are fine. Not judged in Kustomize directories, "
        "whose generators create ConfigMaps and Secrets no file shows."),
    remediation=(
        "Define the ConfigMap or Secret (or the key), fix the name, or mark the reference "
        "`optional: true` if the pod can run without it."),
    references=["https://kubernetes.io/docs/concepts/configuration/configmap/",
                "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets"],
    aliases={"kube-linter": "env-value-from"},
    tags=["correctness"],
    failing=[Example("app.yaml", deployment(container(
                         "envFrom:\n- configMapRef: {name: web-confg}")) + "---\n" + _CM % "web-config"),
             Example("app.yaml", deployment(container(
                         "env:\n- name: LEVEL\n  valueFrom:\n"
                         "    configMapKeyRef: {name: web-config, key: LOGLEVEL}"))
                     + "---\n" + _CM % "web-config")],
    passing=[Example("app.yaml", deployment(container(
                         "envFrom:\n- configMapRef: {name: web-config}")) + "---\n" + _CM % "web-config"),
             Example("app.yaml", deployment(container(
                         "envFrom:\n- configMapRef: {name: extra, optional: true}")) + "---\n"
                     + _CM % "web-config"),
             Example("app.yaml", deployment(container(
                         "env:\n- name: DB_PASSWORD\n  valueFrom:\n"
                         "    secretKeyRef: {name: db, key: password}"))
                     + "---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"
                       "metadata: {name: db}\nspec:\n  encryptedData: {password: AgBy3i4OJSWK}\n")],
)

#: custom resources that create a Secret, and where its name is written (``None``: the
#: resource's own name)
_SECRET_MAKERS: dict[str, tuple[str, ...] | None] = {
    "SealedSecret": None, "ExternalSecret": ("spec", "target", "name"),
    "Certificate": ("spec", "secretName"), "SopsSecret": None, "OnePasswordItem": None,
    "VaultStaticSecret": ("spec", "destination", "name"),
}


@dataclass(frozen=True)
class _Ref:
    kind: str  # "ConfigMap" | "Secret"
    name: YScalar
    key: YScalar | None
    how: str


def _refs(pt: PodTemplate) -> Iterator[_Ref]:
    """The ConfigMap and Secret references of a pod template that are not optional."""
    for c in pt.all_containers():
        for e in c.env_from:
            kind = {"configMapRef": "ConfigMap", "secretRef": "Secret"}.get(e.kind or "")
            ref = mapping(e.node, e.kind) if kind else None
            if kind and not is_true(scalar(ref, "optional")) and scalar(ref, "name") is not None:
                yield _Ref(kind, scalar(ref, "name"), None, "envFrom")  # type: ignore[arg-type]
        for v in c.env:
            for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                ref = mapping(v.value_from, key)
                if ref is not None and not is_true(scalar(ref, "optional")) \
                        and scalar(ref, "name") is not None:
                    yield _Ref(kind, scalar(ref, "name"), scalar(ref, "key"),  # type: ignore[arg-type]
                               f"env {v.name}")
    for vol in pt.volumes:
        if vol.kind in ("configMap", "secret"):
            kind, field = ("ConfigMap", "name") if vol.kind == "configMap" else ("Secret", "secretName")
            if not is_true(scalar(vol.source, "optional")) and scalar(vol.source, field) is not None:
                yield _Ref(kind, scalar(vol.source, field), None, f"volume {vol.name}")  # type: ignore[arg-type]
        elif vol.kind == "projected":
            for src in sequence(vol.source, "sources"):
                for key, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                    ref = mapping(src, key)
                    if ref is not None and not is_true(scalar(ref, "optional")) \
                            and scalar(ref, "name") is not None:
                        yield _Ref(kind, scalar(ref, "name"), None,  # type: ignore[arg-type]
                                   f"volume {vol.name}")


def _defined(ks: KubernetesSet, kind: str, of: KubeObject,
             cache: dict) -> dict[str, list[KubeObject]]:
    """The peers of ``of`` that are (or make) a ``kind``, by the name they give it (kept in
    ``cache`` for the run)."""
    key = (kind, *ks.group_of(of))
    found = cache.get(key)
    if found is None:
        found = cache[key] = _find_defined(ks, kind, of)
    return found


def _find_defined(ks: KubernetesSet, kind: str, of: KubeObject) -> dict[str, list[KubeObject]]:
    out = dict(ks.named(kind, of))
    if kind == "Secret":
        for o in ks.reach(of):
            where = _SECRET_MAKERS.get(o.kind, ()) if is_custom(o) else ()
            if where == ():
                continue
            n = scalar(mapping(o.node, *where[:-1]) if where else o.metadata,
                       where[-1] if where else "name")
            name = n.as_str() if n is not None else (o.name or "")
            out[name] = out.get(name, []) + [o]
    return out


def _keys(o: KubeObject) -> set[str] | None:
    """The keys a ConfigMap or Secret defines (``None``: not known from the manifest, as for
    a placeholder without data that is filled in at deploy time)."""
    if o.kind not in ("ConfigMap", "Secret") or is_custom(o):
        return None
    keys: set[str] = set()
    for field in ("data", "binaryData", "stringData"):
        m = o.node.get(field)
        if m is None:
            continue
        if not isinstance(m, YMapping):
            return None
        for e in m.entries:
            if not isinstance(e.key, YScalar) or templated(e.key.as_str()) or e.key.as_str() == "<<":
                return None
            keys.add(e.key.as_str())
    return keys or None


def _kustomize_dir(where: str, seen: dict[str, bool]) -> bool:
    """Whether directory ``where`` has a kustomization (answers kept in ``seen``, per run)."""
    found = seen.get(where)
    if found is None:
        found = seen[where] = kustomization_file(where or ".") is not None
    return found


def _beside(found: list[KubeObject] | None, local: list[KubeObject]) -> bool:
    """Whether one of the definitions ``found`` is in the referring object's directory."""
    return bool(found) and any(f is x for f in found for x in local)  # type: ignore[union-attr]


def _missing_key(ref_key: YScalar, found: list[KubeObject], local: list[KubeObject]) -> set[str] | None:
    """The keys of the definitions when none has ``ref_key`` and one of them lives beside
    the reference; else ``None``."""
    if not _beside(found, local):
        return None
    keys: set[str] = set()
    for f in found:
        k = _keys(f)
        if k is None or ref_key.as_str() in k:
            return None
        keys |= k
    return keys


@CONFIG.check(KubernetesSet)
def config_reference(ks: KubernetesSet) -> Iterator[Hit]:
    kustomize: dict[str, bool] = {}
    cache: dict = {}
    for o in ks.objects:
        pt = o.pod_template
        if pt is None:
            continue
        refs = [r for r in _refs(pt) if not templated(r.name.as_str())
                and not (r.key is not None and templated(r.key.as_str()))]
        # built or not, a base's references may be to what an overlay's generator makes
        if not refs or _kustomize_dir(directory(o), kustomize):
            continue
        local = ks.local(o)
        if not local or _operator_beside(ks, o):
            continue
        defined = {kind: _defined(ks, kind, o, cache) for kind in ("ConfigMap", "Secret")}
        # kinds this pod takes from definitions beside it: it manages those here
        resolved = {r.kind for r in refs if _beside(defined[r.kind].get(r.name.as_str()), local)}
        for ref in refs:
            name = ref.name.as_str()
            found = defined[ref.kind].get(name)
            if found is None:
                kinds = (ref.kind,) if ref.kind == "ConfigMap" else ("Secret", *_SECRET_MAKERS)
                names = _names_beside(local, *kinds)
                if ref.kind in resolved or typo_of(name, names):
                    yield Hit(ref.name, f"{obj_label(o)} uses {ref.kind} '{name}' ({ref.how}), "
                                        f"which no linted file defines {in_namespace_phrase(o)}"
                                        + _hint(name, names),
                              path=o.path,
                              fix=f"define the {ref.kind}, fix the name, or mark it optional: true")
                continue
            if ref.key is None:
                continue
            keys = _missing_key(ref.key, found, local)
            if keys is not None:
                yield Hit(ref.key, f"{obj_label(o)} reads key '{ref.key.as_str()}' of {ref.kind} "
                                   f"'{name}' ({ref.how}), which has no such key"
                                   + _hint(ref.key.as_str(), sorted(keys), 4, "it has"), path=o.path,
                          fix=f"add the key to the {ref.kind} or fix the key name")


# ---------------------------------------------------------------- SL336 ingress backend

INGRESS = Rule(
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
    failing=[Example("app.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                     "  selector: {app: web}\n  ports: [{name: http, port: 80}]\n---\n"
                     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
                     "  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
                     "        backend:\n          service: {name: web, port: {number: 8080}}\n")],
    passing=[Example("app.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                     "  selector: {app: web}\n  ports: [{name: http, port: 80}]\n---\n"
                     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
                     "  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
                     "        backend:\n          service: {name: web, port: {name: http}}\n")],
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


@INGRESS.check(KubernetesSet)
def ingress_backend(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        if o.kind != "Ingress" or o.group not in ("networking.k8s.io", "extensions"):
            continue
        backends = [(n, p) for n, p in _backends(o) if not templated(n.as_str())]
        if not backends:
            continue
        services = ks.named("Service", o)
        local = ks.local(o)
        if not local or _operator_beside(ks, o):
            continue
        some_resolve = any(_beside(services.get(n.as_str()), local) for n, _ in backends)
        for name, port in backends:
            n = name.as_str()
            found = services.get(n)
            if found is None:
                names = _names_beside(local, "Service")
                if some_resolve or typo_of(n, names):
                    yield Hit(name, f"{obj_label(o)} routes to Service '{n}', which no linted "
                                    f"file defines {in_namespace_phrase(o)}" + _hint(n, names),
                              path=o.path, fix="point the backend at an existing Service")
                continue
            if port is None or templated(port.as_str()) or not _beside(found, local):
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
