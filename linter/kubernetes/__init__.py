"""Kubernetes manifests as typed objects with a normalised pod template view (see ``tree``)."""

from __future__ import annotations

#: The Kubernetes version validated against when none is configured (``schema`` names it too:
#: here, a rule's default option does not import the schemas' module, start-up, issue #14).
DEFAULT_VERSION = "1.33"

#: the YAML 1.1 booleans Kubernetes' decoder reads in a boolean field
_YAML11_BOOLS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}


def k8s_value(s: YScalar) -> Any:
    """The value the API server decodes: Kubernetes reads manifests with a YAML 1.1 decoder
    into typed fields, so a plain ``yes``/``on``/``no``/``off`` in a boolean field is a
    boolean there, while our YAML layer (1.2 core schema) keeps it a string. (Here, not in
    ``tree``: the helpers of rules that also judge Compose use it, and a Compose run does not
    import the Kubernetes model for them, start-up, issue #14.)"""
    if s.plain and isinstance(s.value, str):
        return _YAML11_BOOLS.get(s.value.lower(), s.value)
    return s.value


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any
    from ..yaml import YScalar
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
