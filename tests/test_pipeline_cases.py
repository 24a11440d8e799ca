"""Rules over the tricky syntax the parsers must get right (whole pipeline, exact positions)."""

from __future__ import annotations

from helpers import FIRST, by_name, codes, lint_text


def test_user_root_inside_a_heredoc_is_not_an_instruction():
    text = ("# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN adduser -D app\n"
            "COPY <<EOF /etc/motd\nUSER root\nFROM ubuntu\nEOF\nUSER app\n")
    f = lint_text("Dockerfile", text, FIRST)
    assert not by_name(f, "runs-as-root") and not by_name(f, "unpinned-image"), f


def test_secret_inside_a_run_heredoc_is_found_at_the_instruction():
    text = ("FROM alpine:3.20\nRUN <<EOF\nset -e\ncurl -u ci:Pr1vate-Pa55 https://x.example/\n"
            "EOF\nUSER app\n")
    f = by_name(lint_text("Dockerfile", text, FIRST), "hardcoded-secret")
    assert len(f) == 1 and f[0].span.line == 2


def test_crlf_positions():
    text = "FROM alpine\r\nRUN echo hi \\\r\n  && echo there\r\nUSER root\r\n"
    f = lint_text("Dockerfile", text, FIRST)
    assert [(x.code, x.span.line, x.span.column) for x in f] == [
        ("SL102", 1, 1), ("SL101", 4, 1)]


def test_backtick_escape_directive():
    text = ("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
            "RUN powershell -Command `\n    Write-Host hi\nUSER ContainerUser\n")
    f = lint_text("Dockerfile", text, FIRST)
    assert not f, f


def test_check_directive_before_escape_directive():
    text = ("# check=skip=all\n# escape=`\nFROM alpine:3.20\nRUN echo a `\n  b\n"
            "USER root\n")
    f = lint_text("Dockerfile", text, FIRST)
    assert [(x.code, x.span.line) for x in f] == [("SL101", 6)]


def test_from_resolved_through_arg_default_and_stage_name_from_arg():
    text = ("ARG BASE=alpine:3.20\nARG STAGE=builder\nFROM ${BASE} AS builder\n"
            "FROM ${STAGE}\nUSER app\n")
    assert not lint_text("Dockerfile", text, FIRST)
    text = "ARG BASE=alpine\nFROM ${BASE}\nUSER app\n"
    f = lint_text("Dockerfile", text, FIRST)
    assert codes(f) == ["SL102"] and "'alpine'" in f[0].message


def test_continuation_at_eof_and_blank_line_in_continuation():
    text = "FROM alpine:3.20\nRUN apk add curl \\\n\n    git\nUSER root \\"
    f = lint_text("Dockerfile", text, FIRST)
    assert [(x.code, x.span.line) for x in f] == [("SL101", 5)]


def test_merge_key_inherited_value_points_where_written():
    text = ("x-base: &base\n  image: redis\n  user: root\nservices:\n  cache:\n    <<: *base\n"
            "    mem_limit: 64m\n    cpus: 0.5\n")
    f = lint_text("compose.yaml", text, FIRST)
    assert [(x.code, x.span.line) for x in f] == [("SL102", 2), ("SL101", 3)]


def test_list_and_map_environment_both_checked():
    for env in ("    environment:\n      - API_TOKEN=Zq8-Real-Tok3n\n",
                "    environment:\n      API_TOKEN: Zq8-Real-Tok3n\n"):
        text = "services:\n  a:\n    image: a:1\n" + env
        f = by_name(lint_text("compose.yaml", text, FIRST), "hardcoded-secret")
        assert len(f) == 1 and f[0].span.line == 5 and "API_TOKEN" in f[0].message


def test_cronjob_init_and_ephemeral_containers_and_pod_context():
    text = """apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {runAsUser: 0}
          initContainers:
          - name: init
            image: busybox:1.36
            securityContext: {runAsUser: 1000}
          containers:
          - name: main
            image: busybox:1.36
          ephemeralContainers:
          - name: debug
            image: busybox:1.36
"""
    f = by_name(lint_text("cron.yaml", text, FIRST), "runs-as-root")
    # init overrides the pod's runAsUser: 0; main and debug inherit it, pointing at line 10
    assert [(x.span.line, x.message.split("'")[1]) for x in f] == [(10, "main"), (10, "debug")]
    assert "pod's securityContext" in f[0].message


def test_yaml11_booleans_in_kubernetes_fields():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
            "  securityContext: {runAsNonRoot: yes}\n  containers:\n  - {name: a, image: a:1}\n")
    assert not by_name(lint_text("pod.yaml", text, FIRST), "runs-as-root")
