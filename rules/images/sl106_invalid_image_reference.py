"""SL106 invalid-image-reference: an image reference Docker refuses as invalid.

``docker build``, ``docker compose`` and the kubelet parse every image reference with the
distribution grammar and stop at the first that does not follow it ("invalid reference
format"): upper-case letters in a repository name (``FROM MyImage``), an empty path
component (``repo//x``), a control character, a tag or digest of the wrong form. A reference
that still holds a variable or a placeholder is judged once it is filled in (SL272 judges a
FROM whose build-argument defaults give an invalid reference).
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import ComposeFile
    from linter.dockerfile import Dockerfile
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL106",
    name="invalid-image-reference",
    severity=Severity.HIGH,
    summary="Image reference Docker refuses as invalid",
    rationale=(
        "Docker, Compose and the kubelet refuse an image reference that does not follow the "
        "reference grammar ('invalid reference format: repository name must be lowercase'): "
        "the build or the rollout stops there, and a pod never starts (InvalidImageName). "
        "A reference holding a variable or a placeholder meant to be replaced (`${IMAGE}`, "
        "`<image>`, `PROJECT_ID`) is judged once filled in, not as written."),
    remediation=(
        "Write the reference as [registry[:port]/]path[:tag][@algorithm:hex]: lower-case "
        "path components of letters and digits joined by '.', '_', '__' or '-', a tag of "
        "letters, digits, '_', '.' and '-', no spaces or control characters."),
    references=["https://docs.docker.com/reference/cli/docker/image/tag/#description",
                "https://github.com/distribution/reference/blob/main/reference.go",
                "https://kubernetes.io/docs/concepts/containers/images/#image-names"],
    tags=["correctness"],
    security=False,
    fragments=True,
    failing=lambda: [Example("Dockerfile", "FROM MyImage:1.0\n"),
             Example("compose.yaml", "services:\n  web:\n    image: registry.example.com//web:1\n"),
             Example("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                                 "  containers:\n  - {name: a, image: 'nginx:-1'}\n")],
    passing=lambda: [Example("Dockerfile", "ARG BASE=alpine\nFROM ${BASE}:3.20\nFROM myimage:1.0\n"),
             Example("compose.yaml", "services:\n  web:\n    image: localhost:5000/web:1\n"),
             Example("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                                 "  containers:\n  - {name: a, image: 'ghcr.io/acme/app:1.2'}\n")],
)


@RULE.check("linter.dockerfile.tree:Dockerfile")
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.base_stage is not None or stage.image is None or not stage.image_text:
            continue
        if "$" in stage.image_text:
            continue  # SL272 judges what the build arguments' defaults give
        why = stage.image.problem()
        if why:
            yield Hit(stage.from_instruction, f"FROM image '{stage.image_text}' {why}",
                      fix=_fix(why, stage.image_text))


@RULE.check("linter.compose.tree:ComposeFile")
def compose_file(cf: ComposeFile) -> Iterator[Hit]:
    for service in cf.services:
        if service.image is None or not service.image.known:
            continue
        why = service.image.reference.problem()
        if why:
            yield Hit(service.image, f"service '{service.name}': image "
                                     f"'{service.image.expanded.strip()}' {why}",
                      fix=_fix(why, service.image.expanded.strip()))


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    for c in template.all_containers():
        if c.image_ref is None:
            continue
        why = c.image_ref.problem()
        if why:
            yield Hit(c.image, f"{c.kind} '{c.name}': image '{c.image_ref.text}' {why}",
                      fix=_fix(why, c.image_ref.text))


def _fix(why: str, text: str) -> str:
    if "upper-case" in why:
        return f"write it in lower case: '{text.lower()}'"
    return "write [registry/]path[:tag][@digest] as Docker's grammar has it"


