"""The files the examples of the rules across formats are made of: a Compose file that builds
``acme/api`` from ``api/Dockerfile``, that Dockerfile, and a Deployment that runs it."""

from __future__ import annotations

COMPOSE = "services:\n  api:\n    build: ./api\n    image: acme/api:1.0\n"


def dockerfile(*lines: str) -> str:
    """``api/Dockerfile``: a Python image with ``lines`` after its FROM."""
    return "FROM python:3.12-slim\n" + "".join(f"{ln}\n" for ln in lines)


def deployment(container: str = "", pod: str = "") -> str:
    """A Deployment ``api`` running ``acme/api:1.0`` (``container``: more keys of the
    container, ``pod``: of the pod spec, each one per line, unindented)."""
    more = "".join(f"        {ln}\n" for ln in container.splitlines())
    pod_more = "".join(f"      {ln}\n" for ln in pod.splitlines())
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n"
            "  selector:\n    matchLabels: {app: api}\n  template:\n"
            "    metadata:\n      labels: {app: api}\n    spec:\n" + pod_more +
            "      containers:\n      - name: api\n        image: acme/api:1.0\n" + more)


def files(*dockerfile_lines: str) -> dict[str, str]:
    """The other files of an example: the Compose file and ``api/Dockerfile``."""
    return {"compose.yaml": COMPOSE, "api/Dockerfile": dockerfile(*dockerfile_lines)}
