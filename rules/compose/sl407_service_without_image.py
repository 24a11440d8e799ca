"""SL407 service-without-image: Service has neither image nor build."""

from __future__ import annotations

from linter.compose import ComposeFile, Service
from linter.compose.project import Project, extends_of, project_of
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL407",
    name="service-without-image",
    severity=Severity.HIGH,
    summary="Service has neither image nor build",
    rationale=(
        "Compose needs an image to pull or a build context to build; a service with neither "
        "(counting what it inherits through `extends` and what its override files add) is "
        "rejected."),
    remediation="Add `image: name:tag` or `build: ./dir` to the service (or to the service "
                "it extends).",
    references=[_SPEC + "#image", "https://docs.docker.com/reference/compose-file/build/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    # opt-in: files committed as fragments for `docker compose -f base.yaml -f this.yaml`
    # override services without naming their image, and cannot be told from a mistake
    enabled_by_default=False,
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    ports: ['127.0.0.1:80:80']\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  base:\n    image: app:1\n  web:\n    extends: base\n"
                     "  api:\n    build: ./api\n")],
    security=False,
)


@RULE.check(ComposeFile)
def no_image(cf: ComposeFile) -> Iterator[Hit]:
    project = project_of(cf)
    if project.partial:
        return
    for s in cf.services:
        if not _has_image(project, cf, s, set()):
            yield Hit(s, f"service '{s.name}' has neither 'image' nor 'build'",
                      fix="add `image: <name>:<tag>` or `build: <context>`")


def _has_image(project: Project, cf: ComposeFile, s: Service, seen: set) -> bool | None:
    if (cf.path, s.name) in seen:
        return True  # an extends loop is another problem
    seen.add((cf.path, s.name))
    for key in ("image", "build", "provider"):
        v = s.node.get(key)
        if v is not None and not (isinstance(v, YScalar) and v.value is None) and v.tag != "!reset":
            return True
    for f, other in project.services(s.name):
        if other is not s:
            for key in ("image", "build", "provider"):
                v = other.node.get(key)
                if v is not None and not (isinstance(v, YScalar) and v.value is None):
                    return True
    name, file = extends_of(s)
    if name is not None:
        base = project.extends_base(cf, s)
        if base is None:
            return True  # cannot tell; SL402 reports an unknown base of this file
        return _has_image(project, base[0], base[1], seen)
    return False
