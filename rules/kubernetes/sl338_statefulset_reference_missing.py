"""SL338 statefulset-reference-missing: a StatefulSet's governing Service, or the
StorageClass of one of its volumeClaimTemplates, is not what the linted files define.

Checks the ``KubernetesSet`` as SL334-SL336 do (see ``missing_refs``): a definition anywhere
in the run clears a reference; a finding needs evidence from the StatefulSet's own directory.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet
from linter.kubernetes.objectset import directory, in_namespace_phrase

from .examples import container, deployment
from .missing_refs import hint, names_beside, operator_beside
from .pss import mapping, obj_label, scalar, sequence, templated

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator


def _sts() -> str:
    return deployment(container(), kind="StatefulSet").replace(
        "spec:\n  selector", "spec:\n  serviceName: %s\n  replicas: 3\n  selector", 1)


_HEADLESS = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: %s\n"
             "  selector: {app: web}\n  ports: [{port: 80}]\n")

RULE = Rule(
    code="SL338",
    name="statefulset-reference-missing",
    severity=Severity.MEDIUM,
    summary="StatefulSet names a Service or StorageClass the linted files do not define",
    rationale=(
        "A StatefulSet's `serviceName` names the headless Service that gives its pods their "
        "stable DNS names (`web-0.web`); if that Service does not exist, or has a cluster IP "
        "while several replicas run, the names do not resolve and peers that find each other "
        "by them (databases, brokers) never form a cluster. A `storageClassName` in a volumeClaimTemplate that no "
        "StorageClass provides leaves the claims Pending, and the first pod never starts. "
        "Reported when the StatefulSet's directory defines Services (StorageClasses) of its "
        "own and no file linted with it defines this one, or defines it with a cluster IP."),
    remediation=(
        "Define the headless Service (`clusterIP: None`) named by `serviceName`, or fix the "
        "name; fix `storageClassName` to a class the cluster has."),
    references=["https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id",
                "https://kubernetes.io/docs/concepts/storage/storage-classes/"],
    related={"kube-score": "statefulset-has-servicename",
             "kics": "StatefulSet Without Service Name"},
    tags=["correctness"],
    failing=lambda: [Example("app.yaml", _sts() % "wbe" + "---\n" + _HEADLESS % "None"),
             Example("app.yaml", _sts() % "web" + "---\n" + _HEADLESS % "10.0.0.10")],
    passing=lambda: [Example("app.yaml", _sts() % "web" + "---\n" + _HEADLESS % "None"),
             Example("app.yaml", _sts() % "elsewhere")],
    security=False,
)


@RULE.check(KubernetesSet)
def references(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        if o.kind == "StatefulSet" and o.group == "apps":
            yield from _service(ks, o)
            yield from _storage_classes(ks, o)


def _service(ks: KubernetesSet, o: KubeObject) -> Iterator[Hit]:
    name = scalar(mapping(o.node, "spec"), "serviceName")
    if name is None or not name.as_str() or templated(name.as_str()):
        return
    found = ks.named("Service", o).get(name.as_str())
    local = ks.local(o)
    if found:
        headless = [s for s in found if (ip := scalar(mapping(s.node, "spec"), "clusterIP"))
                    is not None and ip.as_str() == "None"]
        beside = [s for s in found if any(s is x for x in local)]
        replicas = scalar(mapping(o.node, "spec"), "replicas")
        n = replicas.value if replicas is not None else 1
        if headless or not beside or not isinstance(n, int) or n <= 1:
            return  # headless somewhere, defined elsewhere only, or one pod: its VIP will do
        ip = scalar(mapping(beside[0].node, "spec"), "clusterIP")
        has = f"clusterIP: {ip.as_str()}" if ip is not None else "no clusterIP: None"
        yield Hit(name, f"{obj_label(o)} is governed by Service '{name.as_str()}', which is not "
                        f"headless ({has}), so its pods get no stable DNS names",
                  fix=f"set clusterIP: None on Service '{name.as_str()}' (or a headless Service "
                      "of its own)", path=o.path)
        return
    if not any(x.kind == "Service" for x in local) or operator_beside(ks, o):
        return
    yield Hit(name, f"{obj_label(o)} names serviceName '{name.as_str()}', a Service no linted "
                    f"file defines {in_namespace_phrase(o)}"
                    + hint(name.as_str(), names_beside(local, "Service")),
              fix="define the headless Service or fix serviceName", path=o.path)


def _beside(ks: KubernetesSet, o: KubeObject, x: KubeObject) -> bool:
    """Whether ``x`` (of any namespace: StorageClasses have none) comes from ``o``'s file,
    or from its directory when that was read whole, in ``o``'s scope."""
    return x.path == o.path or (ks.complete(o) and ks.group_of(x)[0] == ks.group_of(o)[0]
                                and directory(x) == directory(o))


def _storage_classes(ks: KubernetesSet, o: KubeObject) -> Iterator[Hit]:
    classes = None
    for t in sequence(mapping(o.node, "spec"), "volumeClaimTemplates"):
        sc = scalar(mapping(t, "spec"), "storageClassName")
        if sc is None or not sc.as_str() or templated(sc.as_str()):
            continue  # the cluster's default class (or a template value)
        if classes is None:
            # cluster-scoped: defined in any namespace of the run
            classes = {x.name for x in ks.objects if x.kind == "StorageClass" and x.name}
            beside = [x for x in ks.objects if x.kind == "StorageClass" and _beside(ks, o, x)]
        if sc.as_str() in classes or not beside:
            continue
        yield Hit(sc, f"{obj_label(o)} asks for storageClassName '{sc.as_str()}', a StorageClass "
                      "no linted file defines" + hint(sc.as_str(), names_beside(beside, "StorageClass")),
                  fix="fix storageClassName to a StorageClass the cluster has", path=o.path)
