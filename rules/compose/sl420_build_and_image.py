"""SL420 build-and-image: Service has both build and image."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL420",
    name="build-and-image",
    severity=Severity.INFO,
    summary="Service has both build and image",
    rationale=(
        "With both keys Compose builds the image and tags it with `image:`; readers may expect "
        "it to be pulled. Legitimate when tagging a build for a registry, hence opt-in."),
    remediation="Keep one, or set `pull_policy: build` to say the image is built here.",
    references=[_SPEC + "services/#pull_policy", _SPEC + "build/"],
    aliases={"dclint": "no-build-and-image"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    build: .\n    image: registry.example.com/web:1\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    build: .\n    image: registry.example.com/web:1\n    pull_policy: build\n")],
    opt_in="style",
)


@RULE.check(Service)
def build_and_image(s: Service) -> Iterator[Hit]:
    if s.build is not None and s.image is not None and s.value("pull_policy") is None:
        yield Hit(s.image, f"service '{s.name}' has both 'build' and 'image'")
