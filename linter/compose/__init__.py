"""Docker Compose files as a typed tree (see ``tree``) and Compose interpolation."""

from __future__ import annotations

from ..yaml import YMapping, YNode, YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any
    from .interpolation import expand, has_variables, interpolate
    from .tree import (
        Build,
        ComposeFile,
        EnvVar,
        Port,
        Resources,
        Service,
        Value,
        VolumeMount,
        build,
        make_value,
        parse_port,
        split_volume,
    )

__all__ = [
    "Build", "ComposeFile", "EnvVar", "Port", "Resources", "Service", "Value", "VolumeMount",
    "build", "is_compose", "make_value", "parse_port", "split_volume",
    "expand", "has_variables", "interpolate",
]

_INTERPOLATION = ("expand", "has_variables", "interpolate")

#: how many directories up from a Compose file its ``.env`` files are looked for (``project``
#: reads them; a run's cache names them for every YAML file without importing ``project``)
_ENV_LEVELS = 4


def is_compose(root: YNode | None) -> bool:
    """A mapping with ``services:`` holding a mapping whose values are mappings or null.
    (Here, not in ``tree``: every YAML file is asked, and a Kubernetes run does not import
    the Compose model for it, start-up, issue #14.)"""
    if not isinstance(root, YMapping):
        return False
    services = root.get("services")
    if not isinstance(services, YMapping):
        return False
    for e in services.entries:
        v = e.value
        if not isinstance(v, YMapping) and not (isinstance(v, YScalar) and v.value is None):
            return False
    return True


def __getattr__(name: str) -> Any:
    """The names above, imported when first asked for: a Kubernetes run asks ``is_compose``
    of its files, and imports no more of Compose (start-up, issue #14)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module = importlib.import_module(".interpolation" if name in _INTERPOLATION else ".tree",
                                     __name__)
    value = getattr(module, name)
    globals()[name] = value
    return value
