"""SL106 invalid-image-reference: references Docker's grammar refuses, in all three formats."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not

POD = ("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n"
       "  - {{name: a, image: {image}}}\n")


@pytest.mark.parametrize("image, says", [
    ("MyImage", "upper-case letters in 'MyImage'"),
    ("repo//x", "empty path component"),
    ('"a\\x01b:1"', "control or space character (U+0001)"),
    ("'nginx:'", "empty tag"),
    ("spack/rockylinux8:sha256:" + "c530b100" * 8, "digest after ':'; a digest follows '@'"),
    ("spack/rockylinux8:sha256:c530b100", "path component 'rockylinux8:sha256'"),
    ("'ghcr.io/a/b@sha256:zz'", "digest"),
    ("'bad host!/app:1'", "control or space character"),
])
def test_docker_refuses_these(image, says):
    (f,) = catches("SL106", "pod.yaml", POD.format(image=image))
    assert says in f.message


@pytest.mark.parametrize("image", ["nginx:1.27", "localhost:5000/team/app:v2",
                                   "'ghcr.io/acme/app:1@sha256:" + "a" * 64 + "'",
                                   "registry.example.com:443/x__y/z-w.v:1_2", "'${IMAGE}'",
                                   "'{{ .Values.image }}'"])
def test_docker_accepts_these(image):
    catches_not("SL106", "pod.yaml", POD.format(image=image))


@pytest.mark.parametrize("image", ["CONTAINER_IMAGE", "BASEIMAGE",
                                   "REGION-docker.pkg.dev/PROJECT_ID/repo/app:v1",
                                   "REGION_NAME-docker.pkg.dev/p/app:latest"])
def test_placeholders_in_capitals_are_judged_once_filled_in(image):
    # tutorials and build scripts replace these with sed or by hand before anything runs
    catches_not("SL106", "pod.yaml", POD.format(image=image))


def test_dockerfile_from_and_the_fix():
    (f,) = catches("SL106", "Dockerfile", "FROM MyImage:1.0 AS build\n")
    assert f.span.line == 1 and f.fix == "write it in lower case: 'myimage:1.0'"
    catches_not("SL106", "Dockerfile", "FROM build AS x\nFROM scratch\n")
    catches_not("SL106", "Dockerfile", "ARG B=Bad\nFROM ${B}\n")  # SL272's to judge


def test_compose_image_as_written_and_interpolated():
    catches("SL106", "compose.yaml", "services:\n  web:\n    image: Web/App:1\n")
    catches_not("SL106", "compose.yaml", "services:\n  web:\n    image: ${IMG:-web}:1\n")
