"""SL143 compose-user-undoes-dockerfile-user: a Compose `user:` runs as root an image whose
Dockerfile ends with a non-root USER."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.imagelinks import ComposeBuilds, user_name

from .examples import COMPOSE, dockerfile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL143",
    name="compose-user-undoes-dockerfile-user",
    severity=Severity.HIGH,
    summary="Compose user: runs as root an image whose Dockerfile sets a non-root USER",
    rationale=(
        "The Dockerfile a service builds ends with a non-root USER, and the service's "
        "`user: root` (or `0`) overrides it: the container runs as root after all, with "
        "every file the image gave its user, usually to work around a permission error on a "
        "volume. The root user is one container escape or kernel bug away from the host. "
        "This finding replaces SL101's on the same line: it says which USER the override "
        "undoes."),
    remediation=(
        "Drop `user:` so the image's own user runs it, or set the same non-root user; fix "
        "the permission the override worked around (the volume's owner, `chown` in the "
        "Dockerfile) instead."),
    references=["https://docs.docker.com/reference/compose-file/services/#user",
                "https://docs.docker.com/reference/dockerfile/#user"],
    tags=["security", "privilege", "cross-format"],
    refines=("SL101",),
    failing=lambda: [Example("compose.yaml", COMPOSE + "    user: root\n",
                     files={"api/Dockerfile": dockerfile("RUN useradd -r app", "USER app")})],
    passing=lambda: [Example("compose.yaml", COMPOSE + "    user: \"10001\"\n",
                     files={"api/Dockerfile": dockerfile("RUN useradd -r app", "USER app")}),
             Example("compose.yaml", COMPOSE + "    user: root\n",
                     files={"api/Dockerfile": dockerfile("RUN pip install api")})],
)


def _root(user: str) -> bool:
    name = user_name(user)
    return name == "root" or (name.isdigit() and int(name) == 0)


@RULE.check(ComposeBuilds)
def undoes(view: ComposeBuilds) -> Iterator[Hit]:
    for service, built_from, target, project, path in view.links.builds:
        user = service.user
        if user is None or not user.known or user.value is None or not _root(user.value):
            continue
        facts = view.links.facts_of(built_from, target)
        if facts is None or facts.user is None or not facts.user_known or _root(facts.user):
            continue
        name = user_name(facts.user)
        yield Hit(user, f"service '{service.name}' runs as root (user: {user.value}), undoing "
                        f"the USER {name} that {facts.where} ends with (line {facts.user_line})",
                  fix=f"drop `user:` so the image runs as {name}, or set a non-root user; fix "
                      "the permission it works around instead",
                  path=project.file_of(user.node) or path)
