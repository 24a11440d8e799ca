"""Inline suppressions: ours and the peers' spellings, scopes, reasons, unused ones."""

from __future__ import annotations

from helpers import FIRST, RULES, codes, lint_text
from linter.engine import Engine, select_rules

DOCKERFILE = "FROM ubuntu\nRUN echo hi\n"


def test_next_instruction_suppression_with_reason():
    text = "# shiplint: ignore=SL102 -- pinned by the release job\nFROM ubuntu\nUSER app\n"
    assert lint_text("Dockerfile", text, FIRST) == []


def test_suppression_covers_only_the_next_instruction():
    text = ("FROM alpine:3.20 AS a\n# shiplint: ignore=unpinned-image\nCOPY --from=nginx / /x\n"
            "COPY --from=redis / /y\nUSER app\n")
    f = lint_text("Dockerfile", text, FIRST)
    assert [(x.code, x.span.line) for x in f] == [("SL102", 4)]


def test_multi_line_instruction_is_covered_whole():
    text = ("FROM alpine:3.20\n# shiplint: ignore=SL103\nRUN apk add curl \\\n"
            " && curl -u admin:S3cretPass https://x.example/\nUSER app\n")
    assert "SL103" not in codes(lint_text("Dockerfile", text, FIRST))


def test_stage_and_file_scopes():
    text = ("FROM golang:1.23 AS build\nRUN go build\n"
            "# shiplint: ignore-stage=SL102\nFROM ubuntu\nCOPY --from=build /a /a\n")
    assert codes(lint_text("Dockerfile", text, FIRST)) == ["SL101"]
    text = "FROM ubuntu\n# shiplint: ignore-file=SL101,SL102\nRUN echo\n"
    assert codes(lint_text("Dockerfile", text, FIRST)) == []


def test_hadolint_checkov_and_trivy_spellings_map_through_aliases():
    assert codes(lint_text("Dockerfile", "# hadolint ignore=DL3006\nFROM ubuntu\nUSER a\n", FIRST)) == []
    assert codes(lint_text("Dockerfile", "# hadolint global ignore=DL3007\nFROM u:latest\n"
                                         "FROM v:latest\nUSER a\n", FIRST)) == []
    assert codes(lint_text("Dockerfile", "FROM u:1\n#checkov:skip=CKV_DOCKER_3:base sets it\n", FIRST)) == []
    assert codes(lint_text("Dockerfile", "#trivy:ignore:AVD-DS-0002\nFROM u:1\n", FIRST)) == []


def test_a_related_peer_id_suppresses_nothing():
    # DL3002 judges only a written `USER root`; SL101 also judges a stage with no USER, so
    # the peer's suppression is not a decision about ours (the check is only related)
    text = "# hadolint ignore=DL3002\nFROM u:1\nUSER root\n"
    assert codes(lint_text("Dockerfile", text, FIRST)) == ["SL101"]
    note = 'checkov.io/skip1: "CKV_K8S_40=high UID not needed"'  # related: runs as a high UID
    assert codes(lint_text("pod.yaml", POD.format(annotation=note), FIRST)) == ["SL101"]


def test_yaml_comment_covers_the_block_below_it():
    text = ("services:\n  # shiplint: ignore=SL101,SL102\n  db:\n    image: postgres\n"
            "    user: root\n    mem_limit: 1g\n    cpus: 1\n  cache:\n    image: redis\n"
            "    mem_limit: 1g\n    cpus: 1\n")
    f = lint_text("compose.yaml", text, FIRST)
    assert [(x.code, x.span.line) for x in f] == [("SL102", 9)]


def test_yaml_trailing_comment_covers_its_line():
    text = ("services:\n  db:\n    image: postgres  # shiplint: ignore=SL102\n"
            "    mem_limit: 1g\n    cpus: 1\n")
    assert lint_text("compose.yaml", text, FIRST) == []


POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    {annotation}
spec:
  containers:
  - name: a
    image: a:1
    resources:
      limits: {{memory: 1Gi, cpu: 1}}
      requests: {{memory: 1Gi, cpu: 1}}
"""


def test_kubernetes_annotations_ours_kube_linter_and_checkov():
    assert codes(lint_text("pod.yaml", POD.format(annotation="x: y"), FIRST)) == ["SL101"]
    for note in ('shiplint.io/ignore: "SL101 -- image runs as nobody"',
                 'ignore-check.kube-linter.io/run-as-non-root: "image sets USER"',
                 'kube-linter.io/ignore-all: "legacy"',
                 'checkov.io/skip1: "CKV_K8S_23=image sets USER"'):
        assert codes(lint_text("pod.yaml", POD.format(annotation=note), FIRST)) == [], note


def test_annotation_covers_only_its_object():
    two = POD.format(annotation='shiplint.io/ignore: "SL101"') + "---\n" + \
        POD.format(annotation="x: y")
    f = lint_text("pods.yaml", two, FIRST)
    assert [(x.code, x.span.line > 14) for x in f] == [("SL101", True)]


def test_unused_and_reasonless_suppressions_are_reported_when_asked():
    engine = Engine(select_rules(RULES, select=["SL101", "SL102"],
                                 extend_select=["unused-suppression"]))
    text = "FROM alpine:3.20\n# shiplint: ignore=SL102\nUSER app\n"
    f = lint_text("Dockerfile", text, engine)
    assert [(x.name, x.span.line) for x in f] == [("unused-suppression", 2)]
    assert codes(lint_text("Dockerfile", text, FIRST)) == []  # opt-in: silent by default


def test_require_reason(tmp_path):
    from test_cli import run

    (tmp_path / "Dockerfile").write_text("# shiplint: ignore=SL102\nFROM ubuntu\nUSER app\n")
    (tmp_path / ".shiplint.yaml").write_text("require-reason: true\n")
    r = run("check", str(tmp_path))
    assert "SL008" in r.stdout and "SL102 [" not in r.stdout
