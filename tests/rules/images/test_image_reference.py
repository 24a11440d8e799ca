"""linter.image.ImageReference, which the image rules read: placeholders, unknown pinning,
Docker Hub names."""

from __future__ import annotations

import pytest

from linter.image import ImageReference


@pytest.mark.parametrize("text,well_formed", [
    ("nginx", True), ("registry.example.com:5000/team/app", True), ("app:1.2", True),
    ("BASEIMAGE", False), ("CONTAINER_IMAGE", False), ("{IMAGE}", False),
    ("<YOUR-CONTAINER>", False), ("mcr.microsoft.com/windows/servercore:", False),
])
def test_placeholders_are_not_well_formed(text, well_formed):
    assert ImageReference.parse(text).is_well_formed is well_formed


@pytest.mark.parametrize("text,unknown", [
    ("${REGISTRY}/app:latest", False), ("us-docker.pkg.dev/$PROJECT_ID/repo/app", False),
    ("app:${TAG}", True), ("${IMAGE}", True), ("$(IMAGE)", True),
    ("{{ .Values.image }}", True), ("temporalio/${BASEIMAGE}", True),
])
def test_pinning_unknown_looks_at_the_last_component_only(text, unknown):
    assert ImageReference.parse(text).pinning_unknown is unknown


def test_hub_name_normalises_docker_hub():
    assert ImageReference.parse("docker.io/library/nginx:1").hub_name == "nginx"
    assert ImageReference.parse("index.docker.io/grafana/k6").hub_name == "grafana/k6"
    assert ImageReference.parse("quay.io/Jupyter/base").hub_name == "quay.io/jupyter/base"
