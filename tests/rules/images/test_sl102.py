"""SL102 unpinned-image on cases seen in real files (the shared corpus)."""

from __future__ import annotations

import pytest

from helpers import by_name, lint_text


def unpinned(filename: str, text: str):
    return by_name(lint_text(filename, text), "unpinned-image")


def where(findings):
    return [(f.span.line, f.span.column) for f in findings]


@pytest.mark.parametrize("text", [
    "FROM BASEIMAGE\nUSER 1\n",  # rook images/ceph: replaced by the Makefile
    # an ARG with an empty default must be given (windows-multi-arch sample)
    "ARG WINDOWS_VERSION=\nFROM mcr.microsoft.com/windows/servercore:${WINDOWS_VERSION}\n",
    # a digest given by an ARG: pinned, whatever the default says (SigNoz)
    'ARG ALPINE_SHA="pass-a-valid-sha"\nFROM alpine@sha256:${ALPINE_SHA}\nUSER 1\n',
    # the variable may carry the tag (hadolint's DL3006 reports this one)
    "ARG BASEIMAGE\nFROM temporalio/${BASEIMAGE}\nUSER 1\n",
    "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n"
    "COPY --from=0 /a /b\nUSER 1\n",
    "ARG STAGE=build\nFROM golang:1.23 AS build\nFROM alpine:3.20\nARG STAGE\n"
    "COPY --from=${STAGE} /a /a\nUSER 1\n",
])
def test_not_reported(text):
    assert unpinned("Dockerfile", text) == []


def test_arg_default_is_shown_next_to_what_the_line_says():
    text = "ARG KONG_BASE=kong:latest\nFROM ${KONG_BASE}\nUSER kong\n"
    found = unpinned("Dockerfile", text)
    assert where(found) == [(2, 1)]
    assert found[0].message == ("FROM image '${KONG_BASE}' (by default 'kong:latest') uses "
                                "the moving ':latest' tag")
    assert "kong:<version>" in found[0].fix


def test_known_tag_after_an_unknown_registry():
    text = "ARG REGISTRY\nFROM ${REGISTRY}/base:latest\nUSER 1\n"
    assert where(unpinned("Dockerfile", text)) == [(2, 1)]


def test_copy_from_an_image_points_at_the_flag():
    text = ("FROM alpine:3.20\nCOPY --link --chown=200 --from=docker.io/clamav/clamav-debian:latest"
            " /var/lib/clamav /var/lib/clamav\nCOPY --from=gloursdocker/docker / /\nUSER 1\n")
    found = unpinned("Dockerfile", text)
    assert where(found) == [(2, 25), (3, 6)]
    assert found[0].message.startswith("COPY --from=image 'docker.io/clamav/clamav-debian:latest'")


def test_registry_with_port_and_platform_flag():
    text = ("FROM --platform=$BUILDPLATFORM localhost:5000/tools AS t\n"
            "FROM --platform=$TARGETPLATFORM localhost:5000/app:2.1\nUSER 1\n")
    found = unpinned("Dockerfile", text)
    assert where(found) == [(1, 1)]
    assert "'localhost:5000/tools' has no tag" in found[0].message


def test_image_built_by_another_service_is_not_pulled():
    # debezium-examples docker-compose-flink.yaml: jobmanager builds, taskmanager reuses
    text = ("services:\n  jobmanager:\n    build: .\n    image: debezium/flink-job\n"
            "  taskmanager:\n    image: debezium/flink-job\n  db:\n    image: postgres\n")
    assert where(unpinned("compose.yaml", text)) == [(8, 12)]


def test_compose_default_is_shown():
    text = "services:\n  kong:\n    image: \"${KONG_DOCKER_TAG:-kong:latest}\"\n"
    found = unpinned("compose.yaml", text)
    assert where(found) == [(3, 12)]
    assert "'${KONG_DOCKER_TAG:-kong:latest}' (by default 'kong:latest')" in found[0].message


@pytest.mark.parametrize("image", ["app:${TAG}", "${IMAGE}", "${REGISTRY:-}app:${TAG:?required}"])
def test_compose_variable_tag_is_not_judged(image):
    assert unpinned("compose.yaml", f"services:\n  a:\n    image: \"{image}\"\n") == []


POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"


@pytest.mark.parametrize("image", [
    "'{IMAGE}'", "CONTAINER_IMAGE", "'<YOUR-CONTAINER>'", "$(IMAGE)", "'{{ .image }}'",
    "us-docker.pkg.dev/p/r/app@sha256:" + "a" * 64,
])
def test_kubernetes_placeholders_and_variables(image):
    assert unpinned("pod.yaml", POD + f"  - name: a\n    image: {image}\n") == []


def test_kubernetes_placeholder_project_with_latest_tag():
    text = POD + "  - name: a\n    image: REGION-docker.pkg.dev/PROJECT_ID/repo/app:latest\n"
    found = unpinned("pod.yaml", text)
    assert where(found) == [(7, 12)]
    assert "':latest'" in found[0].message
