"""Docker Compose files as a typed tree (see ``tree``) and Compose interpolation."""

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
    is_compose,
    make_value,
    parse_port,
    split_volume,
)

__all__ = [
    "Build", "ComposeFile", "EnvVar", "Port", "Resources", "Service", "Value", "VolumeMount",
    "build", "is_compose", "make_value", "parse_port", "split_volume",
    "expand", "has_variables", "interpolate",
]
