"""SL141 port-not-exposed: a probe or a Service targets a port the image never EXPOSEs."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.imagelinks import ImageFacts, KubernetesImages
from linter.kubernetes.objectset import KubernetesSet
from linter.yaml import YMapping, YScalar

from ..kubernetes.pss import label_map, map_selects, mapping, obj_label, sequence
from .examples import deployment, files
from .linked import (Linked, configured_with, declared_beside, int_port, linked_containers,
                     probe_port)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.kubernetes import KubeObject, PodTemplate

_SERVICE = ("---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n"
            "  selector: {app: api}\n  ports: [{port: 80, targetPort: %s}]\n")

RULE = Rule(
    code="SL141",
    name="port-not-exposed",
    severity=Severity.MEDIUM,
    summary="Probe or Service targets a port the image never EXPOSEs",
    rationale=(
        "A probe or a Service `targetPort` on a port the program does not listen on fails: "
        "the readiness probe never passes (no endpoints), the liveness probe restarts the "
        "container in a loop, the Service sends traffic nowhere. The Dockerfile's EXPOSE "
        "says which ports the image serves; a number written in the manifest that is not "
        "among them is usually a port renamed in one file only. Checked where the run ties "
        "the container's image to its Dockerfile (a Compose service with `build:` and "
        "`image:`, or the configuration's `images:` map), only when that Dockerfile EXPOSEs "
        "something (all of it readable), and not when the container's command, args or "
        "environment name the port (the program may be told to listen there), nor when the "
        "container declares the port in its `ports` beside one the image EXPOSEs (a metrics "
        "or administration port EXPOSE leaves out). A Service is judged when every "
        "container of the pods it selects is tied to a Dockerfile."),
    remediation=(
        "Point the probe or `targetPort` at a port the image EXPOSEs (or use the container "
        "port's name), or EXPOSE the port the program really listens on."),
    references=["https://docs.docker.com/reference/dockerfile/#expose",
                "https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service",
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"],
    tags=["correctness", "cross-format"],
    failing=lambda: [Example("k8s/deploy.yaml", deployment("livenessProbe:\n  httpGet: {path: /health, port: 8000}"),
                     files=files("EXPOSE 8080")),
             Example("k8s/deploy.yaml", deployment() + _SERVICE % "8000",
                     files=files("EXPOSE 8080"))],
    passing=lambda: [Example("k8s/deploy.yaml", deployment("livenessProbe:\n  httpGet: {path: /health, port: 8080}"),
                     files=files("EXPOSE 8080")),
             Example("k8s/deploy.yaml", deployment() + _SERVICE % "8000",
                     files=files("CMD [\"python\", \"-m\", \"api\"]")),
             Example("k8s/deploy.yaml", deployment(
                 "args: [--port, '8000']\nlivenessProbe:\n  httpGet: {path: /health, port: 8000}"),
                 files=files("EXPOSE 8080"))],
    security=False,
)


def _judged(facts: ImageFacts) -> bool:
    """The Dockerfile EXPOSEs something, and every EXPOSE word could be read."""
    return bool(facts.exposed) and not facts.expose_unknown


@RULE.check(KubernetesImages)
def ports(view: KubernetesImages) -> Iterator[Hit]:
    by_container: dict[int, Linked] = {}
    for linked in linked_containers(view):
        by_container[id(linked.container)] = linked
        yield from _probes(linked)
    ks = view.links.kube
    if isinstance(ks, KubernetesSet) and by_container:
        # (no linked container: a Service's selected containers are then never all linked)
        index: dict[int, dict[tuple[str, str], list[PodTemplate]]] = {}
        for o in ks.objects:
            if o.kind == "Service" and o.group == "":
                yield from _service(o, ks, by_container, index)


def _probes(linked: Linked) -> Iterator[Hit]:
    c, facts = linked.container, linked.facts
    if not _judged(facts):
        return
    for name, probe in (("livenessProbe", c.liveness_probe), ("readinessProbe", c.readiness_probe),
                        ("startupProbe", c.startup_probe)):
        node = probe_port(probe)
        port = int_port(node)
        if port is None or facts.exposes(port) or configured_with(c, port) \
                or declared_beside(c, port, facts):
            continue
        yield Hit(node, f"{linked.who}: the {name} checks port {port}, but {linked.built} "
                        f"EXPOSEs only {facts.ports_text}",
                  fix="probe a port the image EXPOSEs, or EXPOSE the port the program listens on",
                  path=linked.owner.path)


def _by_label(templates: list[PodTemplate]) -> dict[tuple[str, str], list[PodTemplate]]:
    """The pod templates by each of their label pairs, in their order."""
    out: dict[tuple[str, str], list[PodTemplate]] = {}
    for pt in templates:
        for pair in pt.labels.items():
            out.setdefault(pair, []).append(pt)
    return out


def _service(o: KubeObject, ks: KubernetesSet, by_container: dict[int, Linked],
             index: dict[int, dict[tuple[str, str], list[PodTemplate]]]) -> Iterator[Hit]:
    spec = mapping(o.node, "spec")
    wanted = label_map(mapping(spec, "selector"))
    if not wanted:
        return
    # Only the templates that hold the selector's first label pair can match it: they are
    # looked up in an index of the reachable templates (one per reach, which the set keeps as
    # one list), not matched one by one (108,000 matches on the corpus, issue #14); the
    # order of the templates is kept.
    reach = ks.pod_templates(o)
    by_pair = index.get(id(reach))
    if by_pair is None:
        by_pair = index[id(reach)] = _by_label(reach)
    templates: list[PodTemplate] = [pt for pt in by_pair.get(next(iter(wanted.items())), ())
                                    if not pt.partial and map_selects(wanted, pt.labels)]
    containers = [c for pt in templates for c in pt.containers]
    if not containers:
        return
    linked = [by_container.get(id(c)) for c in containers]
    if any(x is None or not _judged(x.facts) for x in linked):
        return  # a container no Dockerfile describes may serve the port
    for item in sequence(spec, "ports"):
        if not isinstance(item, YMapping):
            continue
        node = item.get("targetPort") if item.get("targetPort") is not None else item.get("port")
        port = int_port(node)
        protocol = item.get("protocol")
        proto = protocol.as_str() if isinstance(protocol, YScalar) else "TCP"
        if port is None or any(x.facts.exposes(port, proto) or configured_with(x.container, port)
                               or declared_beside(x.container, port, x.facts)
                               for x in linked):  # type: ignore[union-attr]
            continue
        first = linked[0]
        assert first is not None
        front = item.get("port")
        sends = f"port {front.as_str()} to " if isinstance(front, YScalar) and node is not front \
            else ""
        yield Hit(node, f"{obj_label(o)} sends {sends}port {port}, which no container of the "
                        f"pods it selects EXPOSEs ({first.who} runs {first.built}, which "
                        f"EXPOSEs only {first.facts.ports_text})",
                  fix="set targetPort to a port the image EXPOSEs (or the container port's name)",
                  path=o.path)
