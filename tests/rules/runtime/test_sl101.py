"""SL101 runs-as-root on cases seen in real files (the shared corpus)."""

from __future__ import annotations

import pytest

from helpers import by_name, catches, catches_not, lint_text


def root(filename: str, text: str):
    return by_name(lint_text(filename, text), "runs-as-root")


# ----------------------------------------------------------------------------- Dockerfile


@pytest.mark.parametrize("text", [
    # the base image is an ARG without a default: it may set a USER of its own
    "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo hi\n",
    "FROM $REPO:8.0.30-alpine\nRUN echo hi\n",
    # a placeholder that a script replaces
    "FROM BASEIMAGE\nRUN echo hi\n",
    # USER from a variable that the base image defines (.NET: USER $APP_UID)
    "FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER $APP_UID\n",
    "FROM alpine:3.20\nARG APP_USER\nUSER ${APP_USER}\n",
])
def test_unknown_base_or_user_is_not_judged(text):
    assert root("Dockerfile", text) == []


@pytest.mark.parametrize("text", [
    # Windows images by tag, not only by name (dotnet-docker, atsea-sample-shop-app)
    "ARG REPO=mcr.microsoft.com/dotnet/aspnet\nFROM $REPO:8.0.30-windowsservercore-ltsc2025\n",
    "FROM mcr.microsoft.com/dotnet/aspnet:10.0-nanoserver-ltsc2022\nCOPY app /app\n",
    "FROM microsoft/aspnet:windowsservercore-10.0.14393.953\nCOPY app /app\n",
    "FROM microsoft/iis\nRUN echo hi\n",
    "# escape=`\nFROM example/app:1.0\nRUN echo hi\n",
    'FROM example/app:1.0\nSHELL ["powershell", "-Command"]\nRUN echo hi\n',
])
def test_windows_images_are_skipped(text):
    assert root("Dockerfile", text) == []


@pytest.mark.parametrize("image", [
    "docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION:-9.5.1}",
    "docker.elastic.co/beats/filebeat:9.5.1",
    "grafana/grafana:7.5.16",
    "quay.io/debezium/connect:2.1",
    "quay.io/strimzi/kafka:latest-kafka-3.4.0",
    "quay.io/jupyter/base-notebook",
    "docker.io/grafana/k6:2.2.0-with-browser",
    "mcr.microsoft.com/mssql/server:2019-latest",
    "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-composite",
    "mcr.microsoft.com/dotnet/aspnet:10.0.11-azurelinux3.0-distroless-arm64v8",
    "mcr.microsoft.com/dotnet/monitor/base:10.0.3-arm64v8",
    "gcr.io/distroless/static:nonroot",
    "bitnami/postgresql:16",
])
def test_base_images_that_run_as_non_root(image):
    text = f"ARG ELASTIC_VERSION\nFROM {image}\nCOPY config /config\n"
    assert root("Dockerfile", text) == []


@pytest.mark.parametrize("image", [
    "ubuntu:24.04", "mcr.microsoft.com/mssql/server:2017-latest",
    "mcr.microsoft.com/dotnet/aspnet:10.0", "gcr.io/distroless/static-debian12",
    "bitnami/minideb:bookworm", "authelia/base:${TAG}@sha256:${SHA}",
])
def test_base_images_that_run_as_root(image):
    found = root("Dockerfile", f"ARG TAG\nARG SHA\nFROM {image}\nCOPY app /app\n")
    assert [(f.span.line, f.message) for f in found] == [
        (3, "the final stage sets no USER, so the container runs as root")]
    assert "USER" in found[0].fix


def test_chainguard_base_through_a_stage_alias():
    # istio docker/Dockerfile.distroless
    text = ("FROM cgr.dev/chainguard/static@sha256:" + "6" * 64 + " AS distroless_source\n"
            "FROM ubuntu:noble AS ubuntu_source\nRUN echo\n"
            "FROM distroless_source\nCOPY --from=ubuntu_source /etc/passwd /etc/passwd\n")
    assert root("Dockerfile", text) == []


def test_scratch_with_a_program_runs_as_uid_0():
    text = ("FROM golang:1.23 AS build\nRUN go build -o /app .\n"
            "FROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n")
    found = root("Dockerfile", text)
    assert [(f.span.line, f.span.column) for f in found] == [(3, 1)]
    assert "FROM scratch" in found[0].message and "UID 0" in found[0].message


@pytest.mark.parametrize("text", [
    # an export-only stage (docker build --output): nothing runs (dotnet Dockerfile.syft)
    "FROM alpine:3.20 AS scan\nRUN touch /sbom.json\n"
    "FROM scratch AS output\nCOPY --from=scan /sbom.json /\n",
    # a WebAssembly module: no Linux user runs it (awesome-compose wasmedge)
    "FROM rust:1.64 AS build\nRUN cargo build\n"
    "FROM scratch\nCOPY --from=build /x.wasm /x.wasm\nENTRYPOINT [ \"x.wasm\" ]\n",
    "FROM scratch\nCOPY app /app\nUSER 65532\nENTRYPOINT [\"/app\"]\n",
])
def test_scratch_without_a_process_or_with_a_user(text):
    assert root("Dockerfile", text) == []


@pytest.mark.parametrize("user", ["root:root", "0", "0:0", "root", "000", '"root"'])
def test_root_after_a_non_root_user_in_the_final_stage(user):
    text = f"FROM alpine:3.20\nUSER app\nRUN echo\nUSER {user}\n"
    found = root("Dockerfile", text)
    assert [(f.span.line, f.span.column) for f in found] == [(4, 1)]
    assert "(root)" in found[0].message


def test_root_from_an_arg_default():
    assert len(root("Dockerfile", "FROM alpine:3.20\nARG RUN_AS=root\nUSER ${RUN_AS}\n")) == 1


def test_user_before_the_instruction_counts_not_a_later_env():
    # USER sees the value of APP before the ENV that follows it
    text = "FROM alpine:3.20\nENV APP=10001\nUSER $APP\nENV APP=root\n"
    assert root("Dockerfile", text) == []


def test_root_user_inherited_from_the_parent_stage_is_reported_there():
    text = "FROM alpine:3.20 AS base\nUSER root\nFROM base\nRUN echo hi\n"
    found = root("Dockerfile", text)
    assert [(f.span.line, f.span.column) for f in found] == [(2, 1)]
    assert "stage 'base'" in found[0].message


def test_root_in_a_build_stage_only_is_fine():
    # hadolint's DL3002 reports the build stage here (Kong customize/Dockerfile); we do not
    text = ("ARG KONG_BASE=kong:3.9\nFROM ${KONG_BASE} AS build\nUSER root\nRUN make\n"
            "FROM ${KONG_BASE}\nUSER root\nRUN echo\nUSER kong\n")
    assert root("Dockerfile", text) == []


def test_platform_flag_and_arg_default_base():
    text = ("ARG BASE=ubuntu:24.04\nFROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"
            "FROM --platform=$TARGETPLATFORM ${BASE}\nCOPY --from=build /app /app\n")
    assert [f.span.line for f in root("Dockerfile", text)] == [3]


# -------------------------------------------------------------------------------- Compose


@pytest.mark.parametrize("user,hit", [
    ("root", True), ('"0:0"', True), ("0", True), ("'${RUN_AS:-root}'", True),
    ('"unit:root"', False), ('"${USER_ID}:${GROUP_ID}"', False), ('"101:101"', False),
])
def test_compose_user(user, hit):
    text = f"services:\n  web:\n    image: nginx:1.27\n    user: {user}\n"
    found = root("compose.yaml", text)
    assert bool(found) is hit
    if hit:
        assert (found[0].span.line, found[0].span.column) == (4, 11) and found[0].fix


# ----------------------------------------------------------------------------- Kubernetes

POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"


def test_windows_pod_by_node_selector():
    text = POD + ("  nodeSelector:\n    kubernetes.io/os: windows\n  containers:\n"
                  "  - name: app\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n")
    assert root("pod.yaml", text) == []


def test_user_namespace_pod():
    text = POD + "  hostUsers: false\n  containers:\n  - name: app\n    image: nginx:1.27\n"
    # PSS restricted relaxes running-as-non-root in a user namespace from 1.35 only
    catches_not("SL101", "pod.yaml", text, options={"runs-as-root": {"kubernetes-version": "1.35"}})
    [f] = catches("SL101", "pod.yaml", text)  # the default target, 1.33
    assert f.severity.name == "LOW" and "relaxes this only from Kubernetes 1.35" in f.message
    [f] = catches("SL101", "pod.yaml", text.replace("hostUsers: false", "hostUsers: no"))
    assert f.severity.name == "LOW"


def test_kustomize_patch_without_image_is_not_judged():
    # kubeflow .../patches/seccomp-istiod.yaml: a strategic-merge patch, not a workload
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istiod}\nspec:\n"
            "  template:\n    spec:\n      containers:\n      - name: discovery\n"
            "        securityContext:\n          seccompProfile: {type: RuntimeDefault}\n")
    assert root("deploy.yaml", text) == []


def test_pod_level_run_as_non_root_covers_every_container():
    text = POD + ("  securityContext: {runAsNonRoot: true}\n  initContainers:\n"
                  "  - name: init\n    image: busybox:1.36\n  containers:\n"
                  "  - name: app\n    image: nginx:1.27\n")
    assert root("pod.yaml", text) == []


def test_pod_level_run_as_user_0_is_reported_per_container_at_the_pod_setting():
    text = POD + ("  securityContext: {runAsUser: 0}\n  containers:\n"
                  "  - name: a\n    image: nginx:1.27\n  - name: b\n    image: nginx:1.27\n")
    found = root("pod.yaml", text)
    assert [(f.span.line, "pod's" in f.message) for f in found] == [(5, True), (5, True)]


def test_cronjob_in_a_list():
    text = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: CronJob\n"
            "  metadata: {name: c}\n  spec:\n    schedule: '* * * * *'\n    jobTemplate:\n"
            "      spec:\n        template:\n          spec:\n            containers:\n"
            "            - name: job\n              image: busybox:1.36\n")
    found = root("list.yaml", text)
    assert [(f.span.line, f.span.column) for f in found] == [(14, 15)]
    assert "container 'job' may run as root" in found[0].message
