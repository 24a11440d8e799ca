"""SL105 untrusted-registry: an image pulled from a registry the team has not allowed."""

from __future__ import annotations

import fnmatch

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.image import ImageReference

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.dockerfile import Dockerfile
    from linter.kubernetes import PodTemplate

_CONFIG = ("options:\n  untrusted-registry:\n"
           "    trusted-registries: [docker.io, ghcr.io/acme, '*.dkr.ecr.eu-west-1.amazonaws.com']\n")


_EXAMPLE_OPTIONS = {"untrusted-registry": {"trusted-registries": ["docker.io", "ghcr.io/acme"]}}


RULE = Rule(
    code="SL105",
    name="untrusted-registry",
    severity=Severity.HIGH,
    summary="Image comes from a registry that is not on the trusted list",
    rationale=(
        "Pulling from any registry means trusting whoever controls it: a typo-squatted or "
        "abandoned registry serves whatever it likes. Teams that mirror or vet their images "
        "keep a list of registries; this rule holds every image reference to it. It does "
        "nothing until the list is configured."),
    remediation=(
        "Pull the image through a trusted registry (a mirror or your own), or add the registry "
        "to `options.untrusted-registry.trusted-registries`. Entries are registry hosts "
        "(`docker.io` for Docker Hub), optionally with a path prefix (`ghcr.io/acme`), and may "
        "use wildcards (`*.gcr.io`):\n\n" + _CONFIG),
    references=[
        "https://docs.docker.com/docker-hub/image-library/mirror/",
        "https://kubernetes.io/docs/concepts/containers/images/",
        "CIS Docker Benchmark 4.2: Ensure that containers use only trusted base images",
    ],
    aliases={"hadolint": "DL3026", "trivy": "KSV-0125"},
    # Trivy's deprecated fixed lists (only Azure, only GCR, no public registry, only ECR)
    related={"trivy": ["KSV-0032", "KSV-0033", "KSV-0034", "KSV-0035"]},
    tags=["security", "supply-chain"],
    options={"trusted-registries": []},
    failing=lambda: [
        Example("Dockerfile", "FROM quay.io/someone/base:1.4\nUSER 10001\n", _EXAMPLE_OPTIONS),
        Example("compose.yaml", "services:\n  db:\n    image: registry.example.net/pg:16\n",
                _EXAMPLE_OPTIONS),
        Example("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                "  containers:\n  - {name: a, image: 'quay.io/x/a:1'}\n", _EXAMPLE_OPTIONS),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM ghcr.io/acme/base:1.4\nUSER 10001\n", _EXAMPLE_OPTIONS),
        Example("Dockerfile", "FROM quay.io/someone/base:1.4\nUSER 10001\n"),  # no list: inert
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n", _EXAMPLE_OPTIONS),
        Example("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                "  containers:\n  - {name: a, image: 'docker.io/library/nginx:1.27'}\n",
                _EXAMPLE_OPTIONS),
    ],
    fragments=True,
)


_DOCKER_HUB = ("docker.io", "index.docker.io", "registry-1.docker.io")


def _location(ref: ImageReference) -> str:
    """``registry/repository`` with Docker Hub spelt ``docker.io``."""
    registry = (ref.registry or "docker.io").lower()
    if registry in _DOCKER_HUB:
        registry = "docker.io"
    return f"{registry}/{ref.repository}"


def trusted(ref: ImageReference, allowed: list[str]) -> bool:
    """Whether ``ref`` is on the list: an entry matches the registry host (glob) or a
    ``host/path`` prefix of the repository."""
    where = _location(ref)
    host = where.split("/", 1)[0]
    for entry in allowed:
        e = entry.strip().lower().rstrip("/")
        e = "docker.io" + e[len("index.docker.io"):] if e.startswith("index.docker.io") else e
        if "/" in e:
            if where == e or where.startswith(e + "/") or fnmatch.fnmatchcase(where, e + "/*"):
                return True
        elif fnmatch.fnmatchcase(host, e):
            return True
    return False


def _problem(ref: ImageReference | None) -> str | None:
    allowed = RULE.option("trusted-registries")
    if not allowed or ref is None or ref.unknown or ref.is_scratch or not ref.repository:
        return None
    if trusted(ref, allowed):
        return None
    return f"image '{ref.text}' comes from {_location(ref).split('/', 1)[0]}, which is not a " \
           "trusted registry"


@RULE.check("linter.dockerfile.tree:Dockerfile")
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.base_stage is None:
            why = _problem(stage.image)
            if why:
                yield Hit(stage.from_instruction, why)


@RULE.check("linter.compose.tree:Service")
def compose_service(service: Service) -> Iterator[Hit]:
    if service.image is not None and service.build is None:
        why = _problem(service.image.reference)
        if why:
            yield Hit(service.image, f"service '{service.name}': {why}")


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    for c in template.all_containers():
        why = _problem(c.image_ref)
        if why:
            yield Hit(c.image, f"{c.kind} '{c.name}': {why}")
