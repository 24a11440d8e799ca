"""What the rules across formats share: the Kubernetes containers whose image the run ties
to a Dockerfile, with that Dockerfile's facts."""

from __future__ import annotations

from linter.imagelinks import ImageFacts, KubernetesImages, Link
from linter.kubernetes.objectset import KubernetesSet
from linter.plain import Plain
from linter.yaml import YMapping, YScalar, YSequence

from ..kubernetes.pss import who

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.kubernetes import Container, KubeObject


class Linked(Plain):
    """A container, its object, and the image it runs as the Dockerfile builds it."""

    container: Container
    owner: KubeObject
    facts: ImageFacts
    link: Link

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up), compared as it was
    FIELDS = ("container", "owner", "facts", "link")

    def __init__(self, container: Container, owner: KubeObject, facts: ImageFacts,
                 link: Link) -> None:
        self.container = container
        self.owner = owner
        self.facts = facts
        self.link = link

    @property
    def image(self) -> str:
        c = self.container
        return c.image.as_str() if c.image is not None else ""

    @property
    def built(self) -> str:
        """``image 'acme/api:1.2' (built from api/Dockerfile, as compose.yaml service 'api'
        builds it)`` for messages."""
        return (f"image '{self.image}' (built from {self.facts.where}, by "
                f"{self.link.via})")

    @property
    def who(self) -> str:
        return who(self.container)


def linked_containers(view: KubernetesImages) -> Iterator[Linked]:
    """Every container of the run's pod templates (patches left out) whose image is tied
    to exactly one Dockerfile the run read (worked out once per run: each rule of the
    family asks)."""
    ks = view.links.kube
    if not isinstance(ks, KubernetesSet):
        return iter(())
    return iter(ks.memo((linked_containers, id(view.links)), lambda: list(_linked(view, ks))))


def _linked(view: KubernetesImages, ks: KubernetesSet) -> Iterator[Linked]:
    for o in ks.objects:
        for pt in o.pod_templates:
            if pt.partial or (pt.os_name or "").lower() == "windows":
                continue
            for c in pt.all_containers():
                if c.image is None:
                    continue
                found = view.links.image(c.image.as_str(), o.path)
                if found is not None:
                    yield Linked(c, o, *found)


def configured_with(c: Container, port: int) -> bool:
    """Whether the container's command, args or environment name ``port`` (``--port=9090``,
    ``PORT: "9090"``): the program may be told to listen there, whatever the image
    EXPOSEs."""
    texts: list[str] = []
    for seq in (c.command, c.args):
        if isinstance(seq, YSequence):
            texts += [i.as_str() for i in seq.items if isinstance(i, YScalar)]
    texts += [v.value.as_str() for v in c.env if v.value is not None]
    wanted = str(port)
    return any(wanted in t for t in texts)


def declared_beside(c: Container, port: int, facts: ImageFacts) -> bool:
    """Whether the container declares ``port`` among its ``ports`` beside a port the image
    EXPOSEs: a second port (metrics, administration) that the Dockerfile's EXPOSE leaves
    out, as it often does, and that the manifest says the program listens on."""
    declared = {int_port(p.container_port) for p in c.ports} - {None}
    return port in declared and any(facts.exposes(p) for p in declared)  # type: ignore[arg-type]


def int_port(node: object) -> int | None:
    """A port written as a number (``8080``, ``"8080"``); ``None`` for a name or a
    template."""
    if not isinstance(node, YScalar) or node.value is None or isinstance(node.value, bool):
        return None
    if isinstance(node.value, int):
        return node.value
    text = node.as_str().strip()
    return int(text) if text.isdigit() else None


def probe_port(probe: YMapping | None) -> YScalar | None:
    """The ``port`` node of a probe's ``httpGet``, ``tcpSocket`` or ``grpc`` handler."""
    if probe is None:
        return None
    for key in ("httpGet", "tcpSocket", "grpc"):
        handler = probe.get(key)
        if isinstance(handler, YMapping):
            port = handler.get("port")
            return port if isinstance(port, YScalar) else None
    return None
