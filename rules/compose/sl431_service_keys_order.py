"""SL431 service-keys-order: Service keys are not in the conventional order."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .ordering import first_out_of_order, written_keys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL431",
    name="service-keys-order",
    severity=Severity.INFO,
    summary="Service keys are not in the conventional order",
    rationale=(
        "Grouping keys the same way in every service (image and build first, then "
        "dependencies, data, environment, networking, runtime, metadata, security) makes services "
        "comparable at a glance."),
    remediation="Reorder the service's keys by group: image/build/container_name; depends_on; volumes, "
    "configs, secrets; environment, env_file; ports, networks; command, entrypoint, "
    "restart, healthcheck; labels, logging; user; then the rest.",
    references=[_SPEC],
    aliases={"dclint": "service-keys-order"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    ports: ['127.0.0.1:80:80']\n    image: nginx:1.27\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    ports: ['127.0.0.1:80:80']\n    restart: always\n")],
    opt_in="style",
)


_GROUPS = [("image", "build", "container_name"), ("depends_on",),
           ("volumes", "volumes_from", "configs", "secrets"), ("environment", "env_file"),
           ("ports", "networks", "network_mode", "extra_hosts"),
           ("command", "entrypoint", "working_dir", "restart", "healthcheck"),
           ("logging", "labels"), ("user", "isolation")]


_GROUP_OF = {k: i for i, g in enumerate(_GROUPS) for k in g}


@RULE.check(Service)
def keys_order(s: Service) -> Iterator[Hit]:
    keys = [(k, n) for k, n in written_keys(s.node) if not k.startswith("x-")]
    i = first_out_of_order(keys, key=lambda k: _GROUP_OF.get(k[0], len(_GROUPS)))
    if i is not None:
        yield Hit(keys[i][1], f"service '{s.name}': '{keys[i][0]}' belongs before "
                              f"'{keys[i - 1][0]}'")
