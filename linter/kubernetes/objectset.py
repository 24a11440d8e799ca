"""All Kubernetes objects of one run, across files, for cross-object rules.

Per-file rules check one ``KubeObject`` or ``PodTemplate`` at a time. Rules that relate
objects (a Service selector that matches no pod template, an HPA pointing at nothing) check a
``KubernetesSet`` instead: the engine hands them one, holding every object of every file
linted together, once per run. Their hits must name the file (``Hit(..., path=obj.path)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .tree import KubeObject


@dataclass(eq=False)
class KubernetesSet:
    """``objects`` in the order they were read (files sorted, documents in order)."""

    FORMAT = "kubernetes"

    objects: list[KubeObject] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[KubeObject]:
        return [o for o in self.objects if o.kind in kinds]

    @property
    def namespaces(self) -> set[str]:
        """Namespaces named by the objects (``None`` namespaces are left out)."""
        return {o.namespace for o in self.objects if o.namespace}
