"""SL102 unpinned-image: an image reference with no tag, or the ``latest`` tag."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.image import ImageReference

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import ComposeFile
    from linter.dockerfile import Dockerfile
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL102",
    name="unpinned-image",
    severity=Severity.MEDIUM,
    summary="Image has no tag or uses ':latest'",
    rationale=(
        "An image without a tag means ':latest', which moves: the same file builds or deploys "
        "a different image tomorrow, rollbacks do not roll back, and a compromised or broken "
        "upstream release flows straight in. Kubernetes also pulls ':latest' on every start."),
    remediation=(
        "Pin a specific version tag (`nginx:1.27.2`), or better a digest "
        "(`nginx:1.27.2@sha256:...`), and update it deliberately (Renovate, Dependabot)."),
    references=[
        "https://docs.docker.com/reference/dockerfile/#from",
        "https://kubernetes.io/docs/concepts/containers/images/#image-names",
        "https://docs.docker.com/reference/compose-file/services/#image",
        "CIS Docker Benchmark 4.2: Ensure that containers use only trusted base images",
    ],
    aliases={
        "hadolint": ["DL3006", "DL3007"], "checkov": ["CKV_DOCKER_7", "CKV_K8S_14"],
        "trivy": ["DS-0001", "KSV-0013"], "kube-linter": "latest-tag",
        "polaris": "tagNotSpecified", "kube-score": "container-image-tag",
        "kics": ["Image Version Not Explicit", "Image Version Using 'latest'"],
    },
    # dclint also refuses the tags stable, edge, lts, dev, beta, test, nightly and canary,
    # and a whole image from a variable (${IMAGE})
    related={"dclint": "service-image-require-explicit-tag",
             # a digest, not a tag: `nginx:1.27` fails them and passes this rule
             "checkov": "CKV_K8S_43", "kics": "Image Without Digest"},
    tags=["supply-chain", "reproducibility"],
    failing=lambda: [
        Example("Dockerfile", "FROM ubuntu\nUSER nobody\n"),
        Example("Dockerfile", "FROM ubuntu:latest\nUSER nobody\n"),
        Example("Dockerfile", "FROM registry.example.com:5000/team/app\nUSER nobody\n"),
        Example("Dockerfile", "ARG BASE=python\nFROM ${BASE}\nUSER nobody\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres\n"),
        Example("deploy.yaml",
                "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n"
                "  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n"
                "        spec:\n          containers:\n          - name: job\n"
                "            image: busybox:latest\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM ubuntu:24.04\nUSER nobody\n"),
        Example("Dockerfile", "FROM registry.example.com:5000/team/app:1.2\nUSER nobody\n"),
        Example("Dockerfile",
                "FROM alpine@sha256:" + "a" * 64 + "\nUSER nobody\n"),
        Example("Dockerfile", "ARG TAG=3.20\nFROM alpine:${TAG}\nUSER nobody\n"),
        Example("Dockerfile", "FROM golang:1.23 AS build\nFROM build\nUSER nobody\n"),
        Example("Dockerfile", "FROM scratch\nCOPY app /app\nUSER 10001\n"),
        # the tag comes from a variable without a default; a placeholder a script replaces
        Example("Dockerfile", "ARG TAG\nFROM alpine:${TAG}\nUSER nobody\n"),
        Example("Dockerfile", "FROM BASEIMAGE\nUSER nobody\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16.4\n"),
        Example("compose.yaml", "services:\n  app:\n    build: .\n    image: myapp\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:${PG_TAG:-16}\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: a\n    image: localhost:5000/app:2.1\n"
                "  - name: b\n    image: nginx@sha256:" + "0" * 64 + "\n"),
    ],
    fragments=True,
)


def problem(ref: ImageReference, written: str | None = None) -> str | None:
    """Why ``ref`` is not pinned, or ``None`` when it is (or cannot be judged).

    ``written``: the reference as the file writes it, when variables were expanded to get
    ``ref`` (shown next to the resolved text, so the message matches the line)."""
    if ref.is_scratch or not ref.repository:
        return None
    if ref.digest is not None:
        return None  # pinned by digest (even a digest still given by a variable)
    if ref.pinning_unknown or not ref.is_well_formed:
        return None  # a variable or placeholder decides the tag; or not an image name yet
    shown = f"'{ref.text}'"
    if written is not None and written.strip() != ref.text:
        shown = f"'{written.strip()}' (by default '{ref.text}')"
    if ref.tag is None:
        return f"image {shown} has no tag, so it means ':latest'"
    if ref.is_latest:
        return f"image {shown} uses the moving ':latest' tag"
    return None


def _fix(ref: ImageReference) -> str:
    return (f"pin a version: '{ref.name}:<version>', or better a digest "
            f"'{ref.name}:<version>@sha256:<digest>'")


@RULE.check("linter.dockerfile.tree:Dockerfile")
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.base_stage is not None or stage.image is None:
            continue
        why = problem(stage.image, stage.image_text)
        if why:
            yield Hit(stage.from_instruction, f"FROM {why}", fix=_fix(stage.image))
    for ins in df.instructions:
        flag = ins.flag("from") if ins.keyword in ("COPY", "ADD") else None
        if flag is None or flag.value is None:
            continue
        value, _ = df.expand(flag.value, ins.stage)
        if value.isdigit() or df.stage_named(value) is not None:
            continue  # a stage, by name or index (an unresolved variable: see problem())
        ref = ImageReference.parse(value)
        why = problem(ref, flag.value)
        if why:
            yield Hit(flag, f"{ins.keyword} --from={why}", fix=_fix(ref))


@RULE.check("linter.compose.tree:ComposeFile")
def compose_file(cf: ComposeFile) -> Iterator[Hit]:
    # with build:, image: names the image Compose builds, not one it pulls; another service
    # that names the same image runs that local build too
    built = {s.image.expanded.strip() for s in cf.services
             if s.build is not None and s.image is not None}
    for service in cf.services:
        if service.image is None or service.build is not None:
            continue
        if service.image.expanded.strip() in built:
            continue
        ref = service.image.reference
        why = problem(ref, service.image.raw)
        if why:
            yield Hit(service.image, f"service '{service.name}': {why}", fix=_fix(ref))


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    for c in template.all_containers():
        if c.image_ref is None:
            continue
        why = problem(c.image_ref)
        if why:
            yield Hit(c.image, f"{c.kind} '{c.name}': {why}", fix=_fix(c.image_ref))
