"""Kubernetes manifests as typed objects with a normalised pod template view (see ``tree``)."""

from typing import TYPE_CHECKING, Any

#: The Kubernetes version validated against when none is configured (``schema`` names it too:
#: here, a rule's default option does not import the schemas' module, start-up, issue #14).
DEFAULT_VERSION = "1.33"

if TYPE_CHECKING:
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
        TemplateLocation,
        Volume,
        VolumeMount,
        build,
        build_object,
        configured_templates,
        is_kubernetes,
        is_plain_workload,
    )

__all__ = [
    "POD_SPEC_PATHS", "Container", "ContainerPort", "ContainerSecurityContext",
    "EffectiveSecurityContext", "EnvFromSource", "EnvVar", "Field", "KubeObject", "KubernetesSet",
    "PodSecurityContext", "PodTemplate", "Resources", "TemplateLocation", "Volume", "VolumeMount",
    "build", "build_object", "configured_templates", "is_kubernetes", "is_plain_workload",
]


def __getattr__(name: str) -> Any:
    """The names above, imported when first asked for: importing ``linter.kubernetes.schema``
    (its ``DEFAULT_VERSION``) does not build the model (start-up, issue #14)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module = importlib.import_module(".objectset" if name == "KubernetesSet" else ".tree",
                                     __name__)
    value = getattr(module, name)
    globals()[name] = value
    return value
