"""SL335 config-reference-missing: Pod uses a ConfigMap or Secret (or a key of one) that the linted
files do not define.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet, PodTemplate
from linter.kubernetes.objectset import in_namespace_phrase, is_custom
from linter.plain import Frozen
from linter.suggest import typo_of
from linter.yaml import YMapping, YScalar

from .examples import container, deployment
from .missing_refs import SECRET_MAKERS, beside, hint, names_beside, operator_beside
from .pss import is_true, mapping, obj_label, scalar, sequence, templated

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata: {LOG_LEVEL: info}\n"


RULE = Rule(
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
    failing=lambda: [Example("app.yaml", deployment(container(
                         "envFrom:\n- configMapRef: {name: web-confg}")) + "---\n" + _CM % "web-config"),
             Example("app.yaml", deployment(container(
                         "env:\n- name: LEVEL\n  valueFrom:\n"
                         "    configMapKeyRef: {name: web-config, key: LOGLEVEL}"))
                     + "---\n" + _CM % "web-config")],
    passing=lambda: [Example("app.yaml", deployment(container(
                         "envFrom:\n- configMapRef: {name: web-config}")) + "---\n" + _CM % "web-config"),
             Example("app.yaml", deployment(container(
                         "envFrom:\n- configMapRef: {name: extra, optional: true}")) + "---\n"
                     + _CM % "web-config"),
             Example("app.yaml", deployment(container(
                         "env:\n- name: DB_PASSWORD\n  valueFrom:\n"
                         "    secretKeyRef: {name: db, key: password}"))
                     + "---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"
                       "metadata: {name: db}\nspec:\n  encryptedData: {password: AgBy3i4OJSWK}\n")],
    security=False,
)


class _Ref(Frozen):
    kind: str  # "ConfigMap" | "Secret"
    name: YScalar
    key: YScalar | None
    how: str

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up), frozen like it
    FIELDS = ("kind", "name", "key", "how")

    def __init__(self, kind: str, name: YScalar, key: YScalar | None, how: str) -> None:
        self._assign(locals())


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
            where = SECRET_MAKERS.get(o.kind, ()) if is_custom(o) else ()
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


def _missing_key(ref_key: YScalar, found: list[KubeObject], local: list[KubeObject]) -> set[str] | None:
    """The keys of the definitions when none has ``ref_key`` and one of them lives beside
    the reference; else ``None``."""
    if not beside(found, local):
        return None
    keys: set[str] = set()
    for f in found:
        k = _keys(f)
        if k is None or ref_key.as_str() in k:
            return None
        keys |= k
    return keys


@RULE.check(KubernetesSet)
def config_reference(ks: KubernetesSet) -> Iterator[Hit]:
    cache: dict = {}
    for o in ks.objects:
        pt = o.pod_template
        if pt is None:
            continue
        refs = [r for r in _refs(pt) if not templated(r.name.as_str())
                and not (r.key is not None and templated(r.key.as_str()))]
        # built or not, a base's references may be to what an overlay's generator makes
        if not refs or ks.in_kustomization(o):
            continue
        local = ks.local(o)
        if not local or operator_beside(ks, o):
            continue
        defined = {kind: _defined(ks, kind, o, cache) for kind in ("ConfigMap", "Secret")}
        # kinds this pod takes from definitions beside it: it manages those here
        resolved = {r.kind for r in refs if beside(defined[r.kind].get(r.name.as_str()), local)}
        for ref in refs:
            name = ref.name.as_str()
            found = defined[ref.kind].get(name)
            if found is None:
                kinds = (ref.kind,) if ref.kind == "ConfigMap" else ("Secret", *SECRET_MAKERS)
                names = names_beside(local, *kinds)
                if ref.kind in resolved or typo_of(name, names):
                    yield Hit(ref.name, f"{obj_label(o)} uses {ref.kind} '{name}' ({ref.how}), "
                                        f"which no linted file defines {in_namespace_phrase(o)}"
                                        + hint(name, names),
                              path=o.path,
                              fix=f"define the {ref.kind}, fix the name, or mark it optional: true")
                continue
            if ref.key is None:
                continue
            keys = _missing_key(ref.key, found, local)
            if keys is not None:
                yield Hit(ref.key, f"{obj_label(o)} reads key '{ref.key.as_str()}' of {ref.kind} "
                                   f"'{name}' ({ref.how}), which has no such key"
                                   + hint(ref.key.as_str(), sorted(keys), 4, "it has"), path=o.path,
                          fix=f"add the key to the {ref.kind} or fix the key name")
