"""SL140 run-as-non-root-unverifiable: the kubelet refuses runAsNonRoot without runAsUser for
an image whose USER is a name or root."""

from __future__ import annotations

from helpers import catches, catches_not, lines
from linter.rules.crossformat.examples import deployment, files

NON_ROOT = "securityContext: {runAsNonRoot: true}"


def test_a_named_user_cannot_be_verified():
    [f] = catches("SL140", "k8s/deploy.yaml", deployment(NON_ROOT), files=files("USER app"))
    assert f.path == "k8s/deploy.yaml" and f.span.line == 14
    assert "USER is 'app', a name" in f.message and "CreateContainerConfigError" in f.message
    assert "api/Dockerfile" in f.message and "compose.yaml service 'api'" in f.message
    assert "runAsUser" in f.fix


def test_a_name_with_a_group_and_root_by_name_or_number():
    catches("SL140", "k8s/deploy.yaml", deployment(NON_ROOT), files=files("USER app:app"))
    for user in ("root", "0", "0:0"):
        [f] = catches("SL140", "k8s/deploy.yaml", deployment(NON_ROOT), files=files(f"USER {user}"))
        assert "image will run as root" in f.message, user


def test_a_pod_level_setting_is_one_finding_on_its_line():
    pod = deployment(pod=NON_ROOT).replace(
        "        image: acme/api:1.0\n",
        "        image: acme/api:1.0\n      - name: worker\n        image: acme/api:1.0\n")
    assert lines(catches("SL140", "k8s/deploy.yaml", pod, files=files("USER app"))) == [11]


def test_numeric_users_a_run_as_user_and_no_user_are_fine():
    catches_not("SL140", "k8s/deploy.yaml", deployment(NON_ROOT), files=files("USER 10001:10001"))
    catches_not("SL140", "k8s/deploy.yaml",
                deployment("securityContext: {runAsNonRoot: true, runAsUser: 10001}"),
                files=files("USER app"))
    # the pod's runAsUser applies to the container too
    catches_not("SL140", "k8s/deploy.yaml",
                deployment(NON_ROOT, pod="securityContext: {runAsUser: 10001}"),
                files=files("USER app"))
    catches_not("SL140", "k8s/deploy.yaml", deployment(NON_ROOT), files=files("RUN true"))
    catches_not("SL140", "k8s/deploy.yaml", deployment(NON_ROOT),
                files=files("ARG APP_USER", "USER ${APP_USER}"))
    catches_not("SL140", "k8s/deploy.yaml", deployment("securityContext: {runAsNonRoot: false}"),
                files=files("USER app"))


def test_the_user_of_a_base_stage_counts():
    df = "FROM python:3.12-slim AS base\nUSER app\nFROM base\nCOPY . /app\n"
    catches("SL140", "k8s/deploy.yaml", deployment(NON_ROOT),
            files={"compose.yaml": files()["compose.yaml"], "api/Dockerfile": df})


def test_an_image_no_build_ties_to_a_dockerfile_is_not_judged():
    other = deployment(NON_ROOT).replace("acme/api:1.0", "acme/web:1.0")
    catches_not("SL140", "k8s/deploy.yaml", other, files=files("USER app"))
