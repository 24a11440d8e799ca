"""SL105 untrusted-registry: inert until configured; hosts, path prefixes, wildcards."""

from __future__ import annotations

import pytest

from helpers import RULES, by_name, lint_text
from linter.config import from_dict
from linter.runner import engine_for

OPTS = {"options": {"untrusted-registry": {
    "trusted-registries": ["docker.io", "ghcr.io/acme", "*.dkr.ecr.eu-west-1.amazonaws.com"]}}}
ENGINE = engine_for(from_dict(OPTS, ".", None), RULES)


def _hits(filename, text, engine=ENGINE):
    return by_name(lint_text(filename, text, engine), "untrusted-registry")


def test_inert_without_a_list():
    assert not _hits("Dockerfile", "FROM quay.io/evil/app:1\nUSER 1\n",
                     engine_for(from_dict({}, ".", None), RULES))


@pytest.mark.parametrize("image", [
    "alpine:3.20", "docker.io/library/alpine:3.20", "index.docker.io/x/y:1", "ghcr.io/acme/app:1",
    "ghcr.io/acme/team/app:1", "123.dkr.ecr.eu-west-1.amazonaws.com/app:1", "scratch"])
def test_trusted(image):
    assert not _hits("Dockerfile", f"FROM {image}\nUSER 1\n")


@pytest.mark.parametrize("image", [
    "quay.io/app:1", "ghcr.io/other/app:1", "ghcr.io/acmecorp/app:1", "localhost:5000/app:1",
    "123.dkr.ecr.us-east-1.amazonaws.com/app:1"])
def test_untrusted(image):
    [hit] = _hits("Dockerfile", f"FROM {image}\nUSER 1\n")
    assert "not a trusted registry" in hit.message and hit.span.line == 1


def test_every_format_and_stage_names():
    assert not _hits("Dockerfile", "FROM quay.io/x/b:1 AS b\nFROM b\nUSER 1\n")[1:]
    assert _hits("compose.yaml", "services:\n  a:\n    image: quay.io/x/a:1\n")[0].span.line == 3
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n"
           "  - {name: i, image: 'quay.io/x/i:1'}\n  containers:\n  - {name: a, image: 'a:1'}\n")
    [hit] = _hits("pod.yaml", pod)
    assert "initContainer 'i'" in hit.message


def test_configured_through_a_file(tmp_path):
    from test_cli import run

    (tmp_path / "Dockerfile").write_text("FROM quay.io/x/a:1\nUSER 1\n")
    (tmp_path / ".shiplint.yaml").write_text(
        "select: [SL105]\noptions:\n  untrusted-registry:\n    trusted-registries: [docker.io]\n")
    r = run("check", str(tmp_path))
    assert r.returncode == 1 and "SL105" in r.stdout
    (tmp_path / ".shiplint.yaml").write_text(
        "options:\n  untrusted-registry:\n    trusted-regstries: [docker.io]\n")
    r = run("check", str(tmp_path))
    assert r.returncode == 2 and "did you mean 'trusted-registries'" in r.stderr
