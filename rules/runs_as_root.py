"""SL101 runs-as-root: the container's process runs as root."""

from __future__ import annotations

from typing import Iterator

from linter.compose import Service
from linter.dockerfile import Dockerfile, Stage
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL101",
    name="runs-as-root",
    severity=Severity.HIGH,
    summary="Container runs as root",
    rationale=(
        "A process running as root inside a container is root on the host's kernel too: one "
        "container escape, a mounted host path or a kernel bug away from owning the node. Most "
        "images do not need root at run time."),
    remediation=(
        "Dockerfile: create an unprivileged user and end the final stage with `USER app` (or "
        "a numeric `USER 10001`). Compose: set `user: \"10001:10001\"` or drop `user: root`. "
        "Kubernetes: set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` on "
        "the pod or on each container."),
    references=[
        "https://docs.docker.com/reference/dockerfile/#user",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created",
    ],
    aliases={
        "hadolint": "DL3002", "checkov": ["CKV_DOCKER_3", "CKV_DOCKER_8", "CKV_K8S_23",
                                          "CKV_K8S_40"],
        "trivy": ["DS-0002", "KSV-0012", "KSV-0105"], "kube-linter": "run-as-non-root",
        "pss": "restricted/running-as-non-root",
    },
    tags=["security", "privilege"],
    failing=[
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
        Example("Dockerfile", "FROM alpine:3.20\nUSER app\nUSER root\n"),
        Example("Dockerfile",
                "FROM golang:1.23 AS build\nUSER builder\nRUN go build ./...\n"
                "FROM alpine:3.20\nCOPY --from=build /app /app\n"),
        Example("Dockerfile", "FROM alpine:3.20\nUSER 0:0\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    user: root\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    user: \"0:0\"\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: nginx:1.27\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                "  securityContext: {runAsNonRoot: true}\n  containers:\n"
                "  - name: app\n    image: nginx:1.27\n    securityContext: {runAsUser: 0}\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM alpine:3.20\nRUN adduser -D app\nUSER app\n"),
        Example("Dockerfile",
                "FROM alpine:3.20 AS base\nUSER 10001\nFROM base\nRUN echo hi\n"),
        Example("Dockerfile", "FROM gcr.io/distroless/static:nonroot\nCOPY app /app\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    user: \"1000:1000\"\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                "  securityContext: {runAsNonRoot: true, runAsUser: 10001}\n  containers:\n"
                "  - name: app\n    image: nginx:1.27\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n"
                "  containers:\n  - name: app\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n"),
    ],
)

ROOT_NAMES = frozenset({"root", "0"})


def is_root_user(user: str) -> bool:
    """``root``, ``0``, ``root:staff``, ``0:0`` -> True (the user part decides)."""
    return user.strip().split(":", 1)[0].strip() in ROOT_NAMES


def _windows(stage: Stage) -> bool:
    name = (stage.image.name if stage.image else stage.image_text).lower()
    return any(w in name for w in ("windows", "nanoserver", "servercore"))


def _non_root_base(stage: Stage) -> bool:
    """Base images that are published to run as a non-root user (distroless ``:nonroot``...)."""
    tag = ((stage.image.tag if stage.image else None) or "").lower()
    return "nonroot" in tag or "non-root" in tag or "rootless" in tag


@RULE.check(Dockerfile)
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    final = df.final_stage
    if final is None:
        return
    chain = []
    stage: Stage | None = final
    while stage is not None and stage not in chain:  # FROM base inherits base's USER
        chain.append(stage)
        stage = stage.base_stage
    for stage in chain:
        users = [i for i in stage.instructions if i.keyword == "USER"]
        if users:
            last = users[-1]
            user, known = df.expand(last.args.strip(), stage)
            if known and is_root_user(user):
                yield Hit(last, f"the final stage's last USER is '{user.split(':')[0]}' (root); "
                                "the container runs as root")
            return
    root = chain[-1]
    if _windows(root) or _non_root_base(root) or (root.image and root.image.is_scratch):
        return
    yield Hit(final.from_instruction,
              "the final stage sets no USER, so the container runs as root")


@RULE.check(Service)
def compose_service(service: Service) -> Iterator[Hit]:
    user = service.user
    if user is not None and user.known and user.value is not None and is_root_user(user.value):
        yield Hit(user, f"service '{service.name}' runs as root (user: {user.value})")


@RULE.check(PodTemplate)
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    if (template.os_name or "").lower() == "windows":
        return
    for c in template.all_containers():
        ctx = c.effective_security_context
        uid = ctx.run_as_user
        if uid is not None and uid.value == 0:
            where = "the pod's securityContext" if uid.level == "pod" else "its securityContext"
            yield Hit(uid.node, f"{c.kind} '{c.name}' runs as root: runAsUser is 0 in {where}")
            continue
        non_root = ctx.run_as_non_root
        if (non_root is not None and non_root.value is True) or (
                uid is not None and isinstance(uid.value, int) and uid.value > 0):
            continue
        yield Hit(c, f"{c.kind} '{c.name}' may run as root: neither runAsNonRoot: true nor a "
                     "non-zero runAsUser is set")
