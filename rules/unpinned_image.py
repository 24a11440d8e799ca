"""SL102 unpinned-image: an image reference with no tag, or the ``latest`` tag."""

from __future__ import annotations

from typing import Iterator

from linter.compose import Service
from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.image import ImageReference
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
        "hadolint": ["DL3006", "DL3007"], "checkov": ["CKV_DOCKER_7", "CKV_K8S_14",
                                                      "CKV_K8S_43"],
        "trivy": ["DS-0001", "KSV-0013"], "kube-linter": "latest-tag",
        "dclint": "require-image-tag",
    },
    tags=["supply-chain", "reproducibility"],
    failing=[
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
    passing=[
        Example("Dockerfile", "FROM ubuntu:24.04\nUSER nobody\n"),
        Example("Dockerfile", "FROM registry.example.com:5000/team/app:1.2\nUSER nobody\n"),
        Example("Dockerfile",
                "FROM alpine@sha256:" + "a" * 64 + "\nUSER nobody\n"),
        Example("Dockerfile", "ARG TAG=3.20\nFROM alpine:${TAG}\nUSER nobody\n"),
        Example("Dockerfile", "FROM golang:1.23 AS build\nFROM build\nUSER nobody\n"),
        Example("Dockerfile", "FROM scratch\nCOPY app /app\nUSER 10001\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16.4\n"),
        Example("compose.yaml", "services:\n  app:\n    build: .\n    image: myapp\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:${PG_TAG:-16}\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: a\n    image: localhost:5000/app:2.1\n"
                "  - name: b\n    image: nginx@sha256:" + "0" * 64 + "\n"),
    ],
)


def problem(ref: ImageReference) -> str | None:
    """Why ``ref`` is not pinned, or ``None`` when it is (or cannot be judged)."""
    if ref.unknown or ref.is_scratch or ref.has_digest or not ref.repository:
        return None
    if ref.tag is None:
        return f"image '{ref.text}' has no tag, so it means ':latest'"
    if ref.is_latest:
        return f"image '{ref.text}' uses the moving ':latest' tag"
    return None


@RULE.check(Dockerfile)
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.base_stage is not None or stage.image is None:
            continue
        why = problem(stage.image)
        if why:
            yield Hit(stage.from_instruction, f"FROM {why}")
    for ins in df.instructions:
        flag = ins.flag("from") if ins.keyword in ("COPY", "ADD") else None
        if flag is None or flag.value is None:
            continue
        value, known = df.expand(flag.value, ins.stage)
        if not known or value.isdigit() or df.stage_named(value) is not None:
            continue
        why = problem(ImageReference.parse(value))
        if why:
            yield Hit(flag, f"{ins.keyword} --from={why}")


@RULE.check(Service)
def compose_service(service: Service) -> Iterator[Hit]:
    if service.image is None or service.build is not None:
        return  # with build:, image: names the image Compose builds, not one it pulls
    why = problem(service.image.reference)
    if why:
        yield Hit(service.image, f"service '{service.name}': {why}")


@RULE.check(PodTemplate)
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    for c in template.all_containers():
        if c.image_ref is None:
            continue
        why = problem(c.image_ref)
        if why:
            yield Hit(c.image, f"{c.kind} '{c.name}': {why}")
