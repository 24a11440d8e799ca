"""Inline suppressions: ours and the peers' spellings, scopes, reasons, unused ones."""

from __future__ import annotations

import json

import pytest

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


# ------------------------------------------------------ kube-score, Polaris, dclint, KICS

UNTAGGED_POD = POD.replace("image: a:1", "image: nginx")


def test_kube_score_ignore_annotation_maps_through_aliases():
    assert codes(lint_text("pod.yaml", UNTAGGED_POD.format(annotation="x: y"), FIRST)) == \
        ["SL101", "SL102"]
    note = 'kube-score/ignore: "container-image-tag, pod-probes"'
    assert codes(lint_text("pod.yaml", UNTAGGED_POD.format(annotation=note), FIRST)) == ["SL101"]
    # container-security-context-user-group-id is only related to SL101 (kube-score wants a
    # UID above 10000): it suppresses nothing
    note = "kube-score/ignore: container-security-context-user-group-id"
    assert codes(lint_text("pod.yaml", POD.format(annotation=note), FIRST)) == ["SL101"]


def test_polaris_exempt_annotations_need_the_value_true():
    for note in ('polaris.fairwinds.com/runAsRootAllowed-exempt: "true"',
                 'polaris.fairwinds.com/exempt: "true"',
                 'polaris.fairwinds.com/exempt: "True"'):
        assert codes(lint_text("pod.yaml", POD.format(annotation=note), FIRST)) == [], note
    for note in ('polaris.fairwinds.com/runAsRootAllowed-exempt: "false"',
                 'polaris.fairwinds.com/exempt: "no"',
                 'polaris.fairwinds.com/tagNotSpecified-exempt: "true"'):  # another check
        assert codes(lint_text("pod.yaml", POD.format(annotation=note), FIRST)) == ["SL101"], note
    # one check exempted leaves the others
    note = 'polaris.fairwinds.com/tagNotSpecified-exempt: "true"'
    assert codes(lint_text("pod.yaml", UNTAGGED_POD.format(annotation=note), FIRST)) == ["SL101"]


DUP_PORTS = ("services:\n  a:\n    image: a:1\n    ports: ['8080:80']\n"
             "  b:\n    image: b:1\n    ports: ['8080:80']\n")
DCLINT_ENGINE = Engine(select_rules(RULES, select=["SL411", "SL102"]))


def _dclint(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.span.line) for f in lint_text("compose.yaml", text, DCLINT_ENGINE)]


def test_dclint_comments():
    assert _dclint(DUP_PORTS) == [("SL411", 7)]
    assert _dclint("# dclint disable-file\n" + DUP_PORTS) == []
    assert _dclint("# dclint disable no-duplicate-exported-ports\n" + DUP_PORTS) == []
    assert _dclint("# dclint disable\n" + DUP_PORTS) == []
    # `disable` below content is not honoured (dclint reads it at the top only)
    assert _dclint(DUP_PORTS + "# dclint disable no-duplicate-exported-ports\n") == \
        [("SL411", 7)]
    # disable-line: at the end of the line, or on the line above
    lines = DUP_PORTS.splitlines()
    trailing = "\n".join(lines[:6] + [lines[6] + "  # dclint disable-line "
                                      "no-duplicate-exported-ports"]) + "\n"
    assert _dclint(trailing) == []
    above = "\n".join(lines[:6] + ["    # dclint disable-line", lines[6]]) + "\n"
    assert _dclint(above) == []
    # a related ID (dclint's explicit-tag rule asks for more than SL102) suppresses nothing
    untagged = "services:\n  a:\n    image: nginx  # dclint disable-line " \
               "service-image-require-explicit-tag\n"
    assert _dclint(untagged) == [("SL102", 3)]


def test_dclint_comments_only_in_compose_files():
    text = "# dclint disable-file\nFROM ubuntu\nUSER app\n"
    assert codes(lint_text("Dockerfile", text, FIRST)) == ["SL102"]


def test_kics_scan_comments():
    assert codes(lint_text("Dockerfile", "# kics-scan ignore\nFROM ubuntu\n", FIRST)) == []
    # the file-wide commands are read at the top of the file only, as KICS asks
    assert codes(lint_text("Dockerfile", "FROM ubuntu\n# kics-scan ignore\n", FIRST)) == \
        ["SL101", "SL102"]
    # ignore-line: the line after the comment
    text = "FROM ubuntu:24.04\n# kics-scan ignore-line\nUSER root\n"
    assert codes(lint_text("Dockerfile", text, FIRST)) == []
    compose = ("services:\n  db:\n    image: postgres:16\n    # kics-scan ignore-line\n"
               "    user: root\n    mem_limit: 1g\n    cpus: 1\n")
    assert codes(lint_text("compose.yaml", compose, FIRST)) == []
    # ignore-block: the next line and what is indented under it
    compose = ("services:\n  # kics-scan ignore-block\n  db:\n    image: postgres\n"
               "    user: root\n  cache:\n    image: redis\n    mem_limit: 1g\n    cpus: 1\n")
    f = lint_text("compose.yaml", compose, FIRST)
    assert [(x.code, x.span.line) for x in f] == [("SL102", 7)]


def test_kics_disable_takes_query_uuids():
    compose = "services:\n  db:\n    image: postgres:16\n    user: '1000'\n"
    assert codes(lint_text("compose.yaml", compose, FIRST)) == ["SL104"]
    # "Memory Not Limited" and "Cpus Not Limited" are aliases of SL104, by their UUIDs
    head = ("# kics-scan disable=bb9ac4f7-e13b-423d-a010-c74a1bfbe492,"
            "6b610c50-99fb-4ef0-a5f3-e312fd945bc3\n")
    assert codes(lint_text("compose.yaml", head + compose, FIRST)) == []
    # the secrets query's UUID is an alias of SL103 itself
    secret = "services:\n  db:\n    image: postgres:16\n    user: '1000'\n    mem_limit: 1g\n" \
             "    cpus: 1\n    environment:\n      POSTGRES_PASSWORD: Zx8#kQ2!vR7@pL4$\n"
    assert codes(lint_text("compose.yaml", secret, FIRST)) == ["SL103"]
    head = "# kics-scan disable=a88baa34-e2ad-44ea-ad6f-8cac87bc7c71\n"
    assert codes(lint_text("compose.yaml", head + secret, FIRST)) == []
    # a query KICS has that is only related (Image Without Digest) suppresses nothing
    untagged = "services:\n  db:\n    image: postgres\n    user: '1000'\n    mem_limit: 1g\n" \
               "    cpus: 1\n"
    head = "# kics-scan disable=Image Without Digest\n"
    assert codes(lint_text("compose.yaml", head + untagged, FIRST)) == ["SL102"]


# ------------------------------------------------------------------------------ locked


def test_locked_rules_cannot_be_suppressed_inline(tmp_path):
    from test_cli import run

    (tmp_path / "Dockerfile").write_text(
        "FROM ubuntu:24.04\n# shiplint: ignore=SL101,SL102 -- we know\nUSER root\n")
    (tmp_path / ".shiplint.yaml").write_text("locked: [runs-as-root]\n")
    r = run("check", str(tmp_path), "-f", "json", "--include-suppressed")
    data = json.loads(r.stdout)
    found = [(f["code"], f["line"]) for f in data["findings"]]
    assert ("SL101", 3) in found and ("SL013", 2) in found, found
    [note] = [f for f in data["findings"] if f["code"] == "SL013"]
    assert "SL101 (runs-as-root) is locked" in note["message"]
    assert r.returncode == 1


def test_a_blanket_suppression_leaves_a_locked_rule_and_says_so(tmp_path):
    from test_cli import run

    (tmp_path / "pod.yaml").write_text(UNTAGGED_POD.format(
        annotation='kube-linter.io/ignore-all: "legacy"'))
    (tmp_path / ".shiplint.yaml").write_text("select: [SL101, SL102]\nlocked: [SL101]\n")
    r = run("check", str(tmp_path), "-f", "json", "--include-suppressed")
    data = json.loads(r.stdout)
    assert sorted(f["code"] for f in data["findings"]) == ["SL013", "SL101"]
    assert [f["code"] for f in data["suppressed"]] == ["SL102"]  # the rest is suppressed
    # an exception in the configuration still applies to a locked rule
    (tmp_path / ".shiplint.yaml").write_text(
        "select: [SL101, SL102]\nlocked: [SL101]\nexceptions:\n"
        "  - {rule: SL101, kind: Pod, reason: reviewed by the platform team}\n")
    r = run("check", str(tmp_path), "-f", "json")
    assert json.loads(r.stdout)["findings"] == [] and r.returncode == 0  # nothing left to try


# ------------------------------------------------- every peer's spelling, through the CLI

PRIVILEGED_POD = POD + "    securityContext: {{privileged: true}}\n"
PRIVILEGED_SERVICE = "services:\n  a:\n    image: a:1\n{comment}    privileged: true\n"

# (peer, file name, text, the rule it suppresses): each a peer's own spelling, naming the
# peer's own ID of the check, which the rule lists among its aliases
PEER_SUPPRESSIONS = [
    ("hadolint", "Dockerfile", "FROM alpine:3.20\n# hadolint ignore=DL3006\nFROM ubuntu\n"
                               "USER 1000\n", "SL102"),
    ("hadolint global", "Dockerfile", "# hadolint global ignore=DL3007\nFROM ubuntu:latest\n"
                                      "USER 1000\n", "SL102"),
    ("checkov", "Dockerfile", "FROM ubuntu:24.04\n#checkov:skip=CKV_DOCKER_3:the base sets it\n",
     "SL101"),
    ("trivy", "Dockerfile", "#trivy:ignore:AVD-DS-0002\nFROM ubuntu:24.04\n", "SL101"),
    ("kube-linter", "pod.yaml",
     PRIVILEGED_POD.format(annotation='ignore-check.kube-linter.io/privileged-container: "x"'),
     "SL120"),
    ("checkov annotation", "pod.yaml",
     PRIVILEGED_POD.format(annotation='checkov.io/skip1: "CKV_K8S_16=node agent"'), "SL120"),
    ("kube-score", "pod.yaml", PRIVILEGED_POD.format(
        annotation="kube-score/ignore: container-resources,container-security-context-privileged"),
     "SL120"),
    ("polaris", "pod.yaml", PRIVILEGED_POD.format(
        annotation='polaris.fairwinds.com/runAsPrivileged-exempt: "true"'), "SL120"),
    ("polaris all", "pod.yaml", PRIVILEGED_POD.format(
        annotation='polaris.fairwinds.com/exempt: "true"'), "SL120"),
    ("dclint", "compose.yaml", "services:\n  a:\n    image: a:1\n    ports: ['8080:80']\n"
                               "  b:\n    image: b:1\n    ports:\n"
                               "      - '8080:80'  # dclint disable-line "
                               "no-duplicate-exported-ports\n", "SL411"),
    ("dclint file", "compose.yaml", "# dclint disable no-duplicate-exported-ports\nservices:\n"
                                    "  a: {image: 'a:1', ports: ['8080:80']}\n"
                                    "  b: {image: 'b:1', ports: ['8080:80']}\n", "SL411"),
    ("kics", "compose.yaml", "# kics-scan disable=ae5b6871-7f45-42e0-bb4c-ab300c4d2026\n"
                             + PRIVILEGED_SERVICE.format(comment=""), "SL120"),
    ("kics line", "compose.yaml",
     PRIVILEGED_SERVICE.format(comment="    # kics-scan ignore-line\n"), "SL120"),
    ("kics block", "Dockerfile", "FROM ubuntu:24.04\n# kics-scan ignore-block\nUSER root\n",
     "SL101"),
]


@pytest.mark.parametrize("peer,name,text,code", PEER_SUPPRESSIONS,
                         ids=[p[0] for p in PEER_SUPPRESSIONS])
def test_each_peer_spelling_through_the_cli(tmp_path, peer, name, text, code):
    from test_cli import run

    (tmp_path / name).write_text(text)
    (tmp_path / ".shiplint.yaml").write_text(f"select: [{code}]\n")
    r = run("check", str(tmp_path), "-f", "json", "--include-suppressed")
    data = json.loads(r.stdout)
    assert data["findings"] == [] and r.returncode == 0, r.stdout + r.stderr
    assert [(f["code"], f["suppression"]) for f in data["suppressed"]] == [(code, "inSource")]
    sarif = json.loads(run("check", str(tmp_path), "-f", "sarif", "--include-suppressed").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "inSource"
    # the same file without the peer's comment or annotation: the finding is reported
    peers = ("hadolint", "checkov", "trivy", "kics-scan", "dclint", "kube-linter", "kube-score",
             "polaris")
    bare = "\n".join(ln.split("  #")[0] for ln in text.splitlines()
                     if not (any(m in ln for m in peers) and (
                         ln.lstrip().startswith("#") or "#" not in ln)))
    (tmp_path / name).write_text(bare.replace("  annotations:\n", "") + "\n")
    r = run("check", str(tmp_path), "-f", "json")
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == [code], r.stdout
    # a rule the configuration locks cannot be suppressed inline: it stays, and the
    # suppression is told so (SL013)
    (tmp_path / name).write_text(text)
    (tmp_path / ".shiplint.yaml").write_text(f"select: [{code}]\nlocked: [{code}]\n")
    r = run("check", str(tmp_path), "-f", "json")
    assert sorted(f["code"] for f in json.loads(r.stdout)["findings"]) == ["SL013", code]
    assert r.returncode == 1


def test_the_reason_of_a_suppression_is_its_justification(tmp_path):
    from test_cli import run

    (tmp_path / "Dockerfile").write_text(
        "# hadolint ignore=DL3006\nFROM debian AS build\n"
        "FROM ubuntu:24.04\n# shiplint: ignore=SL101 -- the entrypoint drops root\nUSER root\n")
    (tmp_path / ".shiplint.yaml").write_text("select: [SL101, SL102]\n")
    data = json.loads(run("check", str(tmp_path), "-f", "json", "--include-suppressed").stdout)
    assert sorted((f["code"], f["suppression"], f.get("justification"))
                  for f in data["suppressed"]) == [
        ("SL101", "inSource", "the entrypoint drops root"), ("SL102", "inSource", None)]
    sarif = json.loads(run("check", str(tmp_path), "-f", "sarif", "--include-suppressed").stdout)
    assert sorted(str(x["suppressions"]) for x in sarif["runs"][0]["results"]) == [
        "[{'kind': 'inSource', 'justification': 'the entrypoint drops root'}]",
        "[{'kind': 'inSource'}]"]
