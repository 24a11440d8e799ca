"""Kubernetes manifests as typed objects with a normalised pod template view (see ``tree``)."""

from .objectset import KubernetesSet
from .tree import (
    POD_SPEC_PATHS,
    Container,
    ContainerPort,
    ContainerSecurityContext,
    EffectiveSecurityContext,
    EnvFromSource,
    EnvVar,
    Field,
    KubeObject,
    PodSecurityContext,
    PodTemplate,
    Resources,
    Volume,
    VolumeMount,
    build,
    build_object,
    is_kubernetes,
)

__all__ = [
    "POD_SPEC_PATHS", "Container", "ContainerPort", "ContainerSecurityContext",
    "EffectiveSecurityContext", "EnvFromSource", "EnvVar", "Field", "KubeObject", "KubernetesSet",
    "PodSecurityContext", "PodTemplate", "Resources", "Volume", "VolumeMount",
    "build", "build_object", "is_kubernetes",
]
