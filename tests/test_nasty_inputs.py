"""Nasty inputs: the linter must report bad input, never fall over on it.

The contract (from the robustness issue): bad input gets a clear finding naming the file and
a line, never a traceback, and the run goes on with the other files; exit status 0 for no
findings, 1 for findings, 2 for usage/internal errors; a "billion laughs" YAML finishes in
well under a second with a finding; duplicate keys are findings; a Helm template gets one
finding; binary and non-UTF-8 files get one finding; secrets are never printed in any output
format; SARIF is always valid against the 2.1.0 schema.

Tests marked ``xfail(strict=True)`` are inputs that break that contract today: fix the
linter, then remove the marker (strict, so a fix that lands makes the test "XPASS" and fail
until the marker goes).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import SCHEMAS, codes, lint_text

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

# Assembled from parts so this file itself does not look like it holds credentials.
GH_TOKEN = "ghp_" + "R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue"
PASSWORD = "Corr3ct-" + "Horse-Battery"

POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n"
    for i in range(8))


# ------------------------------------------------------------------------------- helpers


def lint_checked(filename: str, text: str | bytes):
    """Lint in-process; fail when it raises (it must not) or reports a bad position or a
    rule failure. (Speed is measured by benchmarks/nasty_inputs.py, not asserted here.)"""
    findings = lint_text(filename, text)
    for f in findings:
        assert f.path == filename
        assert f.span.line >= 1 and f.span.column >= 1
    assert "internal-error" not in {f.name for f in findings}, [f.message for f in findings]
    return findings


def at_line(findings, code: str) -> list[int]:
    return sorted(f.span.line for f in findings if f.code == code)


def run_cli(*args: str, cwd=None, stdin: bytes | None = None, timeout: float = 120,
            memory_limit: int | None = None) -> subprocess.CompletedProcess:
    """``python -m linter ARGS`` with bytes in and out; ``memory_limit`` caps the address
    space (bytes) so a memory bomb fails fast instead of eating the machine."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    env.pop("SHIPLINT_DEBUG", None)
    def limit_memory() -> None:  # runs in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    preexec = limit_memory if memory_limit is not None and resource is not None else None
    return subprocess.run([sys.executable, "-m", "linter", *args],
                          input=stdin if stdin is not None else b"", capture_output=True,
                          cwd=cwd, env=env, timeout=timeout, preexec_fn=preexec)


def out_text(r: subprocess.CompletedProcess) -> tuple[str, str]:
    return (r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace"))


def assert_no_traceback(r: subprocess.CompletedProcess) -> None:
    out, err = out_text(r)
    assert "Traceback" not in out and "Traceback" not in err, err[-2000:]
    assert r.returncode >= 0, f"killed by signal {-r.returncode}"


@pytest.fixture(scope="module")
def sarif_validator():
    path = SCHEMAS / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip("../shared/schemas not present")
    import jsonschema

    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_sarif_valid(validator, text: str) -> dict:
    doc = json.loads(text)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]
    return doc


def check_all_formats(validator, *paths: str, cwd, stdin: bytes | None = None,
                      extra: tuple[str, ...] = (), want_rc: int = 1) -> dict[str, str]:
    """Run text, json and sarif; check exit status, no traceback, JSON/SARIF well formed and
    SARIF valid. Returns each format's stdout."""
    outs = {}
    for fmt in ("text", "json", "sarif"):
        r = run_cli("check", "-f", fmt, *extra, *paths, cwd=cwd, stdin=stdin)
        assert_no_traceback(r)
        out, err = out_text(r)
        assert r.returncode == want_rc, (fmt, r.returncode, err[-1000:])
        if fmt == "json":
            json.loads(out)
        if fmt == "sarif":
            assert_sarif_valid(validator, out)
        outs[fmt] = out
    return outs


# ============================================================ in-process: what passes today


PASSING = [
    # (id, filename, content, code expected, line of that finding)
    ("empty-dockerfile", "Dockerfile", "", "SL001", 1),
    ("comments-only-dockerfile", "Dockerfile", "# just\n# comments\n", "SL001", 1),
    ("only-bom-dockerfile", "Dockerfile", b"\xef\xbb\xbf", "SL001", 1),
    ("only-whitespace-dockerfile", "Dockerfile", "  \t \n\n", "SL001", 1),
    ("empty-yaml", "pod.yaml", "", "SL006", 1),
    ("comments-only-yaml", "pod.yaml", "# hi\n# there\n", "SL006", 1),
    ("only-bom-yaml", "pod.yaml", b"\xef\xbb\xbf", "SL006", 1),
    ("scalar-document", "pod.yaml", "hello\n", "SL006", 1),
    ("list-document", "pod.yaml", "- apiVersion: v1\n  kind: Pod\n", "SL006", 1),
    ("recursive-alias", "pod.yaml", "a: &a [*a]\n", "SL001", 1),
    ("recursive-alias-k8s", "pod.yaml", POD + "  containers: &a [*a]\n", "SL001", 5),
    ("recursive-alias-mapping", "pod.yaml", POD + "  x: &a {b: *a}\n", "SL001", 5),
    ("recursive-alias-list-items", "list.yaml",
     "apiVersion: v1\nkind: List\nitems: &i\n- apiVersion: v1\n  kind: List\n  items: *i\n",
     "SL001", 3),
    ("duplicate-top-level", "pod.yaml", POD + "  containers: []\nspec: {}\n", "SL002", 6),
    ("duplicate-nested", "pod.yaml",
     POD + "  containers:\n  - name: a\n    image: x:1\n    image: y:2\n", "SL002", 8),
    ("duplicate-in-flow-mapping", "pod.yaml", POD + "  containers: [{name: a, name: b}]\n",
     "SL002", 5),
    ("duplicate-deep-security-context", "pod.yaml",
     POD + "  containers:\n  - name: a\n    securityContext:\n      runAsUser: 1\n"
           "      runAsUser: 0\n", "SL002", 9),
    ("duplicate-in-list-item", "list.yaml",
     "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  kind: Pod\n"
     "  spec: {containers: []}\n", "SL002", 6),
    ("duplicate-in-second-document", "pod.yaml", POD + "  containers: []\n---\na: 1\na: 2\n",
     "SL002", 8),
    ("duplicate-compose-environment", "compose.yaml",
     "services:\n  a:\n    image: 'x:1'\n    environment:\n      A: 1\n      A: 2\n", "SL002", 6),
    ("duplicate-compose-services", "compose.yaml",
     "services:\n  a: {image: 'x:1'}\n  a: {image: 'y:1'}\n", "SL002", 3),
    ("tab-indentation", "pod.yaml", POD + "\tcontainers: []\n", "SL001", 5),
    ("utf16-with-bom", "pod.yaml", "\ufeffapiVersion: v1\nkind: Pod\n".encode("utf-16-le"),
     "SL005", 1),
    ("utf16-without-bom", "pod.yaml", "apiVersion: v1\nkind: Pod\n".encode("utf-16-le"),
     "SL005", 1),
    ("utf16-dockerfile", "Dockerfile", "\ufeffFROM alpine\n".encode("utf-16-be"), "SL005", 1),
    ("latin1-yaml", "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: caf\xe9}\n"
     .encode("latin-1"), "SL012", 3),
    ("latin1-dockerfile", "Dockerfile", "FROM alpine\nLABEL a=caf\xe9\n".encode("latin-1"),
     "SL012", 2),
    ("nul-byte", "Dockerfile", b"FROM alpine\x00\n", "SL005", 1),
    ("binary", "Dockerfile", bytes(range(256)) * 4, "SL005", 1),
    ("utf8-surrogate-bytes", "pod.yaml", b"a: \xed\xa0\x80\n", "SL012", 1),
    ("compose-services-list", "compose.yaml", "services:\n  - a\n  - b\n", "SL001", 2),
    ("compose-services-scalar", "compose.yaml", "services: 5\n", "SL001", 1),
    ("compose-service-scalar", "compose.yaml", "services:\n  a: 5\n", "SL001", 2),
    ("compose-scalar-document", "compose.yaml", "hello\n", "SL001", 1),
    ("compose-list-document", "compose.yaml", "- a\n- b\n", "SL001", 1),
    ("compose-ports-mapping", "compose.yaml",
     "services:\n  a:\n    image: 'x:1'\n    ports: {80: 80}\n", "SL001", 4),
    ("compose-environment-list-value", "compose.yaml",
     "services:\n  a:\n    image: 'x:1'\n    environment:\n      A: 1\n      B: null\n"
     "      C: true\n      E: [1]\n", "SL001", 8),
    ("compose-environment-scalar", "compose.yaml",
     "services:\n  a:\n    image: 'x:1'\n    environment: A=b\n", "SL001", 4),
    ("compose-non-string-service-name", "compose.yaml",
     "services:\n  ? [a]\n  : {image: 'w:1'}\n", "SL001", 2),
    ("compose-bad-ports", "compose.yaml",
     "services:\n  a:\n    image: 'x:1'\n    ports: ['::::', '[::1', '', {target: [1]}, [1]]\n",
     "SL001", 4),
    ("compose-bad-volumes", "compose.yaml",
     "services:\n  a:\n    image: 'x:1'\n    volumes: ['', ':', 'C:', {type: [1]}, 5, [1]]\n",
     "SL001", 4),
    ("compose-user-int-zero", "compose.yaml", "services:\n  a:\n    image: 'x:1'\n    user: 0\n",
     "SL101", 4),
    ("compose-merge-of-alias-to-scalar", "compose.yaml", "x: &x 5\nservices:\n  a: *x\n",
     "SL001", 1),
    ("k8s-image-number", "pod.yaml", POD + "  containers:\n  - name: a\n    image: 5\n",
     "SL102", 7),
    ("k8s-run-as-user-string", "pod.yaml",
     POD + "  containers:\n  - name: a\n    image: x:1\n    securityContext: {runAsUser: '0'}\n",
     "SL101", 6),
    ("dockerfile-unknown-instruction", "Dockerfile", "FROM alpine:3\nFOO bar\nUSER 1\n",
     "SL001", 2),
    ("dockerfile-unterminated-heredoc", "Dockerfile",
     "FROM alpine:3\nRUN <<EOF\necho hi\nUSER root\n", "SL001", 2),
    ("dockerfile-unterminated-heredoc-at-eof", "Dockerfile", "FROM alpine:3\nRUN <<EOF",
     "SL001", 2),
    ("dockerfile-from-without-image", "Dockerfile", "FROM\nUSER 1\n", "SL001", 1),
    ("dockerfile-from-only-flags", "Dockerfile", "FROM --platform=x\n", "SL001", 1),
    ("dockerfile-escape-garbage", "Dockerfile", "# escape=xyz\nFROM alpine:3\nUSER 1\n",
     "SL001", 1),
    ("dockerfile-escape-twice", "Dockerfile",
     "# escape=`\n# escape=\\\nFROM alpine:3\nUSER 1\n", "SL001", 2),
    ("dockerfile-instruction-before-from", "Dockerfile", "RUN x\nFROM alpine:3\nUSER 1\n",
     "SL001", 1),
    ("dockerfile-onbuild-onbuild", "Dockerfile", "FROM alpine:3\nONBUILD ONBUILD RUN x\nUSER 1\n",
     "SL001", 2),
    ("dockerfile-blank-arg", "Dockerfile", "ARG =x\nFROM alpine:3\nUSER 1\n", "SL001", 1),
    ("dockerfile-bom", "Dockerfile", b"\xef\xbb\xbfFROM alpine\nUSER 1\n", "SL102", 1),
    # Docker ends a line at \n only: this is one FROM line, whose \r editors show as breaks
    ("dockerfile-lone-cr", "Dockerfile", "FROM alpine:3\rRUN x\rUSER root\r", "SL257", 1),
    ("dockerfile-lone-cr-hides-user", "Dockerfile", "FROM alpine:3\nRUN x #\rUSER 1000\n",
     "SL101", 1),
    ("dockerfile-crlf-continuation", "Dockerfile",
     "FROM alpine:3\r\nRUN x \\\r\n  y\r\nUSER root\r\n", "SL101", 4),
    ("k8s-crlf", "pod.yaml",
     (POD + "  containers:\n  - name: a\n    image: x\n").replace("\n", "\r\n"), "SL102", 7),
    ("k8s-lone-cr", "pod.yaml",
     (POD + "  containers:\n  - name: a\n    image: x\n").replace("\n", "\r"), "SL102", 7),
    ("k8s-bom", "pod.yaml", b"\xef\xbb\xbf" + (POD + "  containers: [{name: a, image: x}]\n")
     .encode(), "SL102", 5),
    ("deep-flow-nesting", "pod.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n", "SL001", 1),
    ("deep-block-nesting", "pod.yaml", "".join(" " * i + "k:\n" for i in range(2000)), "SL001", 1),
    ("deep-mapping-in-k8s", "pod.yaml", POD + "  containers: []\n  x: " + "{a: " * 3000 + "1"
     + "}" * 3000 + "\n", "SL001", 6),  # the line where the nesting gets too deep
    ("deep-list-in-compose", "compose.yaml",
     "services:\n  a:\n    image: 'x:1'\n    environment: " + "[" * 5000 + "]" * 5000 + "\n",
     "SL001", 4),
    ("larger-than-10-mib", "Dockerfile", "FROM alpine:3\nRUN " + "a" * (10 * 1024 * 1024) + "\n",
     "SL005", 1),
]


@pytest.mark.parametrize("filename,content,code,line",
                         [pytest.param(*c[1:], id=c[0]) for c in PASSING])
def test_nasty_input_gets_a_finding_on_its_line(filename, content, code, line):
    findings = lint_checked(filename, content)
    assert line in at_line(findings, code), [(f.code, f.span.line, f.message) for f in findings]


@pytest.mark.parametrize("filename,content", [
    pytest.param("pod.yaml", POD + "  containers: []\n  1: x\n  ? [a]\n  : b\n  null: x\n",
                 id="non-string-keys"),
    pytest.param("pod.yaml", POD + "  containers:\n  - name: !Ref Name\n    image: !Sub '${X}'\n"
                 "    env: !GetAtt a.b\n", id="cloudformation-tags"),
    pytest.param("pod.yaml", POD + "  containers:\n  - name: a\n    image: !!binary aGVsbG8=\n",
                 id="binary-tag"),
    pytest.param("pod.yaml", POD + "  containers: !!set {a, b}\n  x: !!int abc\n"
                 "  y: !!omap [a: 1]\n  z: !!int {a: 1}\n", id="standard-tags-misused"),
    pytest.param("compose.yaml", "services:\n  a:\n    image: 'x:1'\n    user: !reset null\n"
                 "    ports: !reset []\n    environment: !override {A: 1}\n",
                 id="compose-reset-tags"),
    pytest.param("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- 5\n- null\n- [1,2]\n"
                 "- {kind: Pod}\n- apiVersion: v1\n  kind: 7\n- apiVersion: v1\n  kind: Pod\n"
                 "  spec: 5\n", id="list-with-garbage-items"),
    pytest.param("list.yaml", "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        "  " * i + "- apiVersion: v1\n" + "  " * i + "  kind: List\n" + "  " * i + "  items:\n"
        for i in range(1, 15)), id="lists-nested-deeply"),
    pytest.param("pod.yaml", POD + "  securityContext: {runAsUser: 1e400, runAsNonRoot: .nan}\n"
                 "  containers:\n  - name: a\n    image: x:1\n    securityContext: {runAsUser: "
                 "99999999999999999999999999999, runAsGroup: -1, privileged: 'yes', "
                 "capabilities: {add: ALL, drop: {a: 1}}}\n", id="security-context-odd-values"),
    pytest.param("pod.yaml", POD + "  volumes: [{name: a}, {name: b, 5: {}}, {hostPath: 5}, 5]\n"
                 "  containers:\n  - name: a\n    image: x:1\n    ports: {a: 1}\n"
                 "    volumeMounts: [1, {name: [1]}]\n    envFrom: [1, {secretRef: 5}]\n"
                 "    resources: {limits: [1], requests: 5}\n    env: [5, [1], {name: [1], "
                 "value: {a: 1}}, {name: 5, value: 6}]\n", id="k8s-fields-wrong-types"),
    pytest.param("pod.yaml", POD + "  containers:\n  - {name: a, image: '@'}\n"
                 "  - {name: b, image: ':'}\n  - {name: c, image: 'x@sha256:'}\n"
                 "  - {name: d, image: 'a:b:c:d@e@f'}\n  - {name: e, image: '" + "a" * 100000
                 + "'}\n", id="odd-image-references"),
    pytest.param("compose.yaml", "services:\n  a: {image: 5}\n  b: {image: [x]}\n"
                 "  c: {image: ''}\n  d: {image: '${'}\n  e: {image: '${A:?err}'}\n"
                 "  f: {image: '" + "${A:-" * 5000 + "x" + "}" * 5000 + "'}\n"
                 "  g: {image: '" + "${" * 5000 + "'}\n",
                 id="compose-odd-images-and-interpolation"),
    pytest.param("compose.yaml", "services:\n  a:\n    build: [1]\n  b:\n    build: {context: [1],"
                 " args: 5}\n  c:\n    image: 'x:1'\n    healthcheck: 5\n    cap_add: {a: 1}\n"
                 "    devices: [{source: [1]}, [1]]\n    env_file: [{path: [1]}, 5, {}]\n"
                 "    deploy: {resources: {limits: {memory: [1]}, reservations: 5}}\n",
                 id="compose-fields-wrong-types"),
    pytest.param("compose.yaml", "version: [1]\nname: [1]\nnetworks: 5\nvolumes: [1]\n"
                 "secrets: 'x'\nconfigs: true\nservices: {}\n", id="compose-top-level-wrong-types"),
    pytest.param("Dockerfile", 'FROM alpine:3\nCMD ["a", \nENTRYPOINT [1, 2, {"a": 1}]\n'
                 'RUN ["unterminated\nSHELL [\nHEALTHCHECK CMD [\nCMD [' + "[" * 5000
                 + "]" * 5000 + ']\nCMD [NaN, Infinity]\nUSER 1\n', id="dockerfile-bad-json-forms"),
    pytest.param("Dockerfile", "FROM alpine:3\nRUN " + " ".join(f"<<E{i}" for i in range(2000))
                 + "\n", id="dockerfile-2000-heredoc-markers"),
    pytest.param("Dockerfile", "FROM alpine:3\nRUN <<'' \nRUN <<\"\"\nRUN <<-\nRUN <<EOF <<EOF\n"
                 "EOF\nEOF\nUSER 1\n", id="dockerfile-odd-heredocs"),
    pytest.param("Dockerfile", "FROM :::@@@\nFROM @sha256:\nFROM ${\nARG X=\nFROM $X\nFROM "
                 + "a" * 200000 + "\n", id="dockerfile-odd-from"),
    pytest.param("Dockerfile", "FROM alpine:3\x1b[31m\nUSER \x07root\x7f\nUSER \u202eroot\n"
                 "FROM\u00a0alpine\n", id="dockerfile-control-and-bidi-characters"),
    pytest.param("Dockerfile", "# escape=`\nFROM alpine:3\nRUN a `\n b\n# escape=\n\\\n\\\n"
                 "USER 1\n", id="dockerfile-escapes"),
    pytest.param("Dockerfile", "ARG A=x\nFROM alpine:3\nARG A\nRUN " + "$A" * 200000 + "\nUSER 1\n",
                 id="dockerfile-many-variable-references"),
    pytest.param("Dockerfile", "FROM alpine:3\nRUN a \\\n" + "  b \\\n" * 10000 + "  c\nUSER 1\n",
                 id="dockerfile-10000-continuation-lines"),
    pytest.param("Dockerfile", "FROM alpine:3\nRUN a \\\n" + "  b \\\n" * 10000,
                 id="dockerfile-continued-to-eof"),
    pytest.param("Dockerfile", "FROM alpine:3\nRUN a \\\n" + "\n" * 50000 + "# x\n" * 50000
                 + "  c\nUSER 1\n", id="dockerfile-blank-and-comment-continuation-lines"),
    pytest.param("pod.yaml", POD + "  containers: []\n  " + "k" * 2000000 + ": 1\n",
                 id="yaml-2-mb-key"),
    pytest.param("pod.yaml", "a: &" + "a" * 1000000 + " 1\n", id="yaml-1-mb-anchor-name"),
])
def test_nasty_input_does_not_break_the_linter(filename, content):
    lint_checked(filename, content)


# Big but legal inputs (under the 10 MiB cap). Generous limits: these guard against crashes
# and blow-ups, not against constant factors (the 9 MiB YAML line takes ~2.4 s today, nearly
# all of it in rules/secrets/scan.py scan_script).
@pytest.mark.parametrize("filename,content", [
    pytest.param("Dockerfile", "FROM alpine:3\nRUN " + "a" * (4 * 1024 * 1024) + "\nUSER 1\n",
                 id="dockerfile-4-mib-line"),
    pytest.param("pod.yaml", POD + "  containers: [{name: a, image: 'x:1', args: ['"
                 + "a" * (9 * 1024 * 1024) + "']}]\n", id="yaml-9-mib-line"),
    pytest.param("pod.yaml", POD + "  containers: [{name: a, image: "
                 + "a" * (9 * 1024 * 1024) + "}]\n", id="yaml-9-mib-plain-image"),
])
def test_big_legal_input_does_not_blow_up(filename, content):
    lint_checked(filename, content)


def test_python_tags_are_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    for filename, text in [
        ("pod.yaml", f"!!python/object/apply:os.system ['touch {marker}']\n"),
        ("pod.yaml", POD + f"  containers: !!python/object/apply:os.system ['touch {marker}']\n"),
        ("compose.yaml", "services:\n  a: !!python/name:os.system\n"),
        ("compose.yaml", f"services:\n  a:\n    image: !!python/object/new:os.system ['touch "
                         f"{marker}']\n"),
        ("pod.yaml", POD + "  containers: []\n  !!python/object:x y: 1\n"),
    ]:
        lint_checked(filename, text)
    assert not marker.exists()


@pytest.mark.parametrize("filename,text", [
    pytest.param("pod.yaml", BILLION_LAUGHS, id="plain"),
    pytest.param("pod.yaml", POD + "  containers: []\n  x:\n" + "".join(
        "    " + line for line in BILLION_LAUGHS.splitlines(True)), id="inside-a-pod"),
    pytest.param("compose.yaml", "".join("x-" + line for line in BILLION_LAUGHS.splitlines(True))
                 + "services: {a: {image: 'x:1'}}\n", id="compose-extension-fields"),
    pytest.param("pod.yaml",
                 "a: &a {k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v, k9: v}\n"
                 + "".join(f"{chr(98 + i)}: &{chr(98 + i)} {{"
                           + ", ".join(f"k{j}: *{chr(97 + i)}" for j in range(9)) + "}\n"
                           for i in range(8)), id="mappings"),
    pytest.param("pod.yaml", "a: &a {k1: v, k2: v}\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} {{<<: [" + ",".join(["*" + chr(97 + i)] * 9) + "]}\n"
        for i in range(8)), id="merge-keys"),
])
def test_billion_laughs_is_one_finding_in_well_under_a_second(filename, text):
    findings = lint_checked(filename, text)
    assert codes(findings).count("SL003") == 1, [(f.code, f.message) for f in findings]


@pytest.mark.parametrize("filename,text,line", [
    ("templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
     "  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n", 4),
    ("compose.yaml", "services:\n  a:\n    image: {{ .Values.image }}\n", 3),
    ("pod.yaml", "{{- if .Values.x }}\nfoo\n{{- end }}\n", 1),
    ("pod.yaml", "a: 1\nb: {{ include \"x\" . }}\n", 2),
])
def test_helm_template_gets_exactly_one_finding(filename, text, line):
    findings = lint_checked(filename, text)
    assert [(f.code, f.span.line) for f in findings] == [("SL004", line)]


def test_binary_and_utf16_get_exactly_one_finding():
    for data in (bytes(range(256)), b"\xff\xfe" + "apiVersion: v1\n".encode("utf-16-le"),
                 b"\x00" * 100):
        for name in ("Dockerfile", "pod.yaml", "compose.yaml"):
            findings = lint_checked(name, data)
            assert codes(findings) == ["SL005"], (name, data[:10], codes(findings))


def test_a_stray_latin1_byte_is_one_finding_per_line_and_the_rest_is_linted():
    data = "services:\n  a:\n    image: caf\xe9:1\n    privileged: true\n    x: \xe9\xe9\n"
    findings = lint_checked("compose.yaml", data.encode("latin-1"))
    assert at_line(findings, "SL012") == [3, 5]
    assert "SL120" in codes(findings)  # privileged, on the line after the bad byte


def test_duplicate_keys_are_reported_once_each():
    findings = lint_checked("compose.yaml", "services:\n  a:\n    image: 'x:1'\n    image: 'x:2'\n"
                                          "    environment:\n      A: 1\n      A: 2\n      A: 3\n")
    assert at_line(findings, "SL002") == [4, 7, 8]


# ================================================================== the CLI: what passes today


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


NASTY_TREE = {
    # file -> (content, line a finding must point at); None: no finding expected
    "empty/Dockerfile": ("", 1),
    "bom/Dockerfile": (b"\xef\xbb\xbf", 1),
    "bin/Dockerfile": (bytes(range(256)), 1),
    "latin1/Dockerfile": ("FROM alpine\nLABEL a=caf\xe9\n".encode("latin-1"), 2),
    "utf16/pod.yaml": ("\ufeffapiVersion: v1\nkind: Pod\n".encode("utf-16-le"), 1),
    "bomb/pod.yaml": (BILLION_LAUGHS + "apiVersion: v1\nkind: Pod\n", 1),
    "recursive/pod.yaml": ("apiVersion: v1\nkind: Pod\nspec: &a [*a]\n", 3),
    "dup/pod.yaml": (POD + "  containers: []\n  containers: []\n", 6),
    "helm/templates/pod.yaml": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n", 4),
    "tabs/pod.yaml": (POD + "\tcontainers: []\n", 5),
    "compose/compose.yaml": ("services:\n  - a\n", 2),
    "heredoc/Dockerfile": ("FROM alpine:3\nRUN <<EOF\necho\n", 2),
    "names/sp ace.Dockerfile": ("FROM alpine\n", 1),
    "names/uni\u00e9\u4e2d.Dockerfile": ("FROM alpine\n", 1),
    "names/per%cent.Dockerfile": ("FROM alpine\n", 1),
    "names/ha#sh.Dockerfile": ("FROM alpine\n", 1),
    "names/back\\slash.Dockerfile": ("FROM alpine\n", 1),
    "names/-Dockerfile": ("FROM alpine\n", 1),
    "names/--help.Dockerfile": ("FROM alpine\n", 1),
    "names/q?uestion[1]*.Dockerfile": ("FROM alpine\n", 1),
    "names/colon:x.Dockerfile": ("FROM alpine\n", 1),
    "names/new\nline.Dockerfile": ("FROM alpine\n", 1),
    "names/esc\x1b[31m.Dockerfile": ("FROM alpine\n", 1),
    "good/Dockerfile": ("FROM alpine\n", 1),
}


@pytest.fixture()
def nasty_tree(tmp_path):
    root = tmp_path / "tree"
    for name, (content, _) in NASTY_TREE.items():
        _write(root / name, content)
    # a file name that is not valid UTF-8
    bad = os.fsencode(str(root / "names")) + b"/bad\xff.Dockerfile"
    with open(bad, "wb") as fh:
        fh.write(b"FROM alpine\n")
    # symbolic link loops and dangling links
    os.symlink(".", root / "loop-self")
    os.symlink("..", root / "names" / "loop-up")
    os.symlink("x.yaml", root / "names" / "x.yaml")
    os.symlink("nowhere/Dockerfile", root / "names" / "dangling.Dockerfile")
    os.symlink("b.yaml", root / "names" / "a.yaml")
    os.symlink("a.yaml", root / "names" / "b.yaml")
    return root


def _display(name: str) -> str:
    return name.replace("\n", "\\x0a").replace("\x1b", "\\x1b")


def test_cli_survives_a_tree_of_nasty_files(nasty_tree, sarif_validator):
    outs = check_all_formats(sarif_validator, "tree", cwd=nasty_tree.parent)
    text = outs["text"]
    for name, (_, line) in NASTY_TREE.items():
        assert f"tree/{_display(name)}:{line}:" in text, name
    assert "tree/names/bad\\udcff.Dockerfile:1:" in text
    for link in ("x.yaml", "a.yaml", "b.yaml", "dangling.Dockerfile"):
        assert f"tree/names/{link}:1:1: SL005" in text, link
    findings = json.loads(outs["json"])["findings"]
    assert {f["path"] for f in findings} >= {f"tree/{n}" for n in NASTY_TREE}
    results = json.loads(outs["sarif"])["runs"][0]["results"]
    assert len(results) == len(findings)


def test_cli_nasty_names_given_on_the_command_line(nasty_tree, sarif_validator):
    names = ["--", "-Dockerfile", "--help.Dockerfile", "sp ace.Dockerfile", "new\nline.Dockerfile",
             os.fsdecode(b"bad\xff.Dockerfile"), "no/such/Dockerfile", "x.yaml"]
    outs = check_all_formats(sarif_validator, *names, cwd=nasty_tree / "names")
    text = outs["text"]
    for shown in ("-Dockerfile:1:", "--help.Dockerfile:1:", "sp ace.Dockerfile:1:",
                  "new\\x0aline.Dockerfile:1:", "bad\\udcff.Dockerfile:1:",
                  "no/such/Dockerfile:1:1: SL005", "x.yaml:1:1: SL005"):
        assert shown in text, shown


def test_cli_missing_paths_are_findings(tmp_path, sarif_validator):
    outs = check_all_formats(sarif_validator, "nope.yaml", "/nonexistent/Dockerfile", "nodir/",
                             cwd=tmp_path)
    for p in ("nope.yaml", "/nonexistent/Dockerfile", "nodir"):
        assert f"{p}:1:1: SL005" in outs["text"], p


def test_cli_absolute_and_parent_paths_give_valid_sarif(nasty_tree, sarif_validator):
    check_all_formats(sarif_validator, str(nasty_tree / "names"), cwd=nasty_tree / "empty")
    check_all_formats(sarif_validator, "../names", cwd=nasty_tree / "empty")


@pytest.mark.parametrize("stdin,extra,path,line", [
    (b"FROM alpine\n", (), "-", 1),
    ((POD + "  containers: [{name: a, image: x}]\n").encode(), (), "-", 5),
    (b"", (), "-", 1),
    (b"\xff\xfe\x00garbage", (), "-", 1),
    (b"services: [1]\n", ("--stdin-filename", "a b/compose.yaml"), "a b/compose.yaml", 1),
    (b"FROM alpine\n", ("--stdin-filename", "../../%41#x/Dockerfile"), "../../%41#x/Dockerfile", 1),
    (b"FROM alpine\n", ("--stdin-filename", "/abs/Docker file"), "/abs/Docker file", 1),
    (b"FROM alpine\n", ("--stdin-filename", "C:\\x\\Dockerfile"), None, 1),
    (b"FROM alpine\n", ("--stdin-filename", "//server/share/Dockerfile"), None, 1),
    (b"FROM alpine\n", ("--stdin-filename", "a\nb/Dockerfile"), "a\nb/Dockerfile", 1),
    (BILLION_LAUGHS.encode(), ("--stdin-filename", "k.yaml"), "k.yaml", 1),
    (b"a: {{ .Values.x }}\n", ("--stdin-filename", "t/k.yaml"), "t/k.yaml", 1),
    (b"#" * (11 * 1024 * 1024), ("--stdin-filename", "Dockerfile"), "Dockerfile", 1),
    (b"\xef\xbb\xbf", ("--stdin-filename", "Dockerfile"), "Dockerfile", 1),
], ids=["dockerfile", "kubernetes", "empty", "garbage", "named-compose", "name-with-percent-hash",
        "absolute-name-with-space", "windows-name", "unc-name", "name-with-newline",
        "billion-laughs", "helm", "over-10-mib", "only-bom"])
def test_cli_stdin(tmp_path, sarif_validator, stdin, extra, path, line):
    outs = {}
    for fmt in ("json", "sarif"):
        r = run_cli("check", "-f", fmt, *extra, "-", cwd=tmp_path, stdin=stdin)
        assert_no_traceback(r)
        assert r.returncode in (0, 1)
        outs[fmt] = out_text(r)[0]
    assert_sarif_valid(sarif_validator, outs["sarif"])
    findings = json.loads(outs["json"])["findings"]
    assert findings
    if path is not None:
        assert (path, line) in {(f["path"], f["line"]) for f in findings}, findings


def test_cli_stdin_filename_without_dash_is_a_usage_error(tmp_path):
    _write(tmp_path / "Dockerfile", "FROM alpine\n")
    r = run_cli("check", "--stdin-filename", "x", "Dockerfile", cwd=tmp_path)
    assert_no_traceback(r)
    assert r.returncode == 2


@pytest.mark.parametrize("target", ["/proc/x/y", "/nonexistent/dir/out.sarif", "."])
def test_cli_unwritable_output_is_exit_2_with_a_message(tmp_path, target):
    _write(tmp_path / "Dockerfile", "FROM alpine\n")
    r = run_cli("check", "-f", "sarif", "-o", target, "Dockerfile", cwd=tmp_path)
    assert_no_traceback(r)
    out, err = out_text(r)
    assert r.returncode == 2
    assert target in err and "internal error" not in err


def test_cli_many_files(tmp_path, sarif_validator):
    for i in range(1500):
        _write(tmp_path / f"d{i % 30}" / f"Dockerfile.{i}", "FROM alpine:3\nUSER 1\n" if i % 3
               else "FROM alpine\n")
        _write(tmp_path / f"d{i % 30}" / f"x{i}.yaml", "a: 1\n")
    outs = check_all_formats(sarif_validator, ".", cwd=tmp_path)
    findings = json.loads(outs["json"])["findings"]
    assert len({f["path"] for f in findings}) == 500  # the ones without USER
    assert {"SL101", "SL102"} <= {f["code"] for f in findings}


SECRET_FILES = {
    "a/Dockerfile": f"FROM alpine:3\nARG TOKEN={GH_TOKEN}\nENV PASSWORD {PASSWORD}\n"
                    f"RUN curl -u admin:{PASSWORD} https://x\nUSER 1\n",
    "b/Dockerfile": f"FROM alpine:3\nENV DB_PASSWORD={PASSWORD} \\\n  X\nRUN <<EOF\n",
    "c/pod.yaml": POD + f"  containers:\n  - name: a\n    image: x:1\n    env:\n"
                        f"    - name: PASSWORD\n      value: {PASSWORD}\n    - name: PASSWORD\n"
                        f"      value: {PASSWORD}\n\tbad: tab\n",
    "d/s.yaml": f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n"
                f"  password: {PASSWORD}\n  token: {GH_TOKEN}\n  token: {GH_TOKEN}\n",
    "e/compose.yaml": f"services:\n  a:\n    image: 'x:1'\n    environment:\n"
                      f"      PASSWORD: {PASSWORD}\n      PASSWORD: {PASSWORD}\n"
                      f"      URL: 'postgres://u:{PASSWORD}@db/x'\n      T: ${{B:-{GH_TOKEN}}}\n"
                      f"    ports: {{a: 1}}\n",
    "f/pod.yaml": f"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n"
                  f"    args: ['--token={GH_TOKEN}', '--password={PASSWORD}']\n",
    "g/pod.yaml": BILLION_LAUGHS + f"token: {GH_TOKEN}\n",
}


def test_cli_secrets_in_broken_files_are_never_printed(tmp_path, sarif_validator):
    for name, text in SECRET_FILES.items():
        _write(tmp_path / name, text)
    outs = check_all_formats(sarif_validator, ".", cwd=tmp_path)
    r = run_cli("check", "--show-source", ".", cwd=tmp_path)
    assert_no_traceback(r)
    outs["show-source"] = out_text(r)[0] + out_text(r)[1]
    assert "SL103" in outs["text"] and "SL001" in outs["text"] and "SL002" in outs["text"]
    for fmt, out in outs.items():
        for secret in (GH_TOKEN, PASSWORD, GH_TOKEN[4:20], PASSWORD[:12]):
            assert secret not in out, (fmt, secret)


# ====================================================================== failing today (xfail)


def test_deep_yaml_nesting_does_not_crash_the_run(tmp_path):
    _write(tmp_path / "deep.yaml", "a: " + "[" * 60000 + "]" * 60000 + "\n")
    _write(tmp_path / "Dockerfile", "FROM alpine\n")
    r = run_cli("check", "-f", "json", ".", cwd=tmp_path, timeout=60)
    assert r.returncode == 1, r.returncode
    paths = {f["path"] for f in json.loads(r.stdout)["findings"]}
    assert paths == {"deep.yaml", "Dockerfile"}


def test_deep_yaml_reached_through_compose_include_does_not_crash(tmp_path):
    _write(tmp_path / "d.yaml", "a: " + "[" * 60000 + "]" * 60000 + "\n")
    _write(tmp_path / "compose.yaml", "include: [d.yaml]\nservices:\n  a: {image: 'x:1'}\n")
    r = run_cli("check", "-f", "json", "compose.yaml", cwd=tmp_path, timeout=60)
    assert r.returncode == 1, r.returncode
    json.loads(r.stdout)


def test_fifo_in_a_walked_directory_does_not_hang(tmp_path):
    _write(tmp_path / "Dockerfile", "FROM alpine\n")
    os.mkfifo(tmp_path / "pipe.yaml")
    try:
        r = run_cli("check", ".", cwd=tmp_path, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("shiplint hung on a FIFO")
    assert r.returncode == 1 and b"Dockerfile:1:1" in r.stdout


def _expansion_bomb(keyword: str, levels: int = 9) -> str:
    lines = [f"{keyword} A0=xxxxxxxxxx"]
    lines += [f"{keyword} A{i + 1}=" + f"${{A{i}}}" * 10 for i in range(levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(resource is None, reason="needs RLIMIT_AS")
@pytest.mark.parametrize("name,text", [
    ("Dockerfile", _expansion_bomb("ARG") + "FROM alpine:$A9\nUSER 1\n"),
    ("Dockerfile", "FROM alpine:3\n" + _expansion_bomb("ENV") + "USER $A9\n"),
], ids=["ARG", "ENV"])
def test_variable_expansion_bomb_in_a_dockerfile(tmp_path, name, text):
    _write(tmp_path / name, text)
    r = run_cli("check", "-f", "json", name, cwd=tmp_path, timeout=120,
                memory_limit=3 * 1024 ** 3)
    assert_no_traceback(r)
    findings = json.loads(r.stdout)["findings"]
    assert not [f for f in findings if f["code"] == "SL007" or "internal error" in f["message"]], \
        findings


def test_alias_amplification_of_a_big_scalar():
    big = "abc def " * 12500
    text = (f"apiVersion: v1\nkind: Secret\nmetadata: {{name: c}}\nstringData:\n  s: &s '{big}'\n"
            + "".join(f"  k{i}: *s\n" for i in range(200)))
    findings = lint_text("s.yaml", text)
    assert "SL003" in codes(findings)


@pytest.mark.parametrize("text", [
    POD + f"  containers:\n  - name: a\n    image: x:1\n    env:\n"
          f"    - {{name: PASSWORD, value: {PASSWORD}}}}}\n",
    POD + f"  containers:\n  - name: a\n    image: x:1\n    env:\n    - name: DB_PASSWORD\n"
          f"      value: {PASSWORD}: x\n",
    POD + f"  containers:\n  - name: a\n    image: x:1\n    env:\n    - name: DB_PASSWORD\n"
          f"      value: \"{PASSWORD}\\q\"\n",
], ids=["flow-env-entry", "block-env-value", "bad-escape"])
def test_show_source_never_prints_a_secret_on_a_parse_error_line(tmp_path, text):
    _write(tmp_path / "pod.yaml", text)
    r = run_cli("check", "--show-source", "pod.yaml", cwd=tmp_path)
    assert_no_traceback(r)
    out, err = out_text(r)
    assert "SL001" in out
    assert PASSWORD not in out + err


@pytest.mark.parametrize("name,text", [
    # a token on its own line after a missing line-continuation backslash
    ("Dockerfile", f"FROM alpine:3\nENV GITHUB_TOKEN=\n{GH_TOKEN}\nUSER 1\n"),
    ("Dockerfile", f"FROM alpine:3\nENV {GH_TOKEN}\nUSER 1\n"),
    ("compose.yaml", f"services:\n  a:\n    image: 'x:1'\n    volumes: ['{GH_TOKEN}:::']\n"),
    ("compose.yaml", f"services:\n  a:\n    image: 'x:1'\n    environment:\n      {GH_TOKEN}: a\n"
                     f"      {GH_TOKEN}: b\n"),
    ("pod.yaml", POD + f"  containers:\n  - name: {GH_TOKEN}\n    image: x:1\n"),
], ids=["unknown-instruction", "legacy-env", "compose-volume", "duplicate-key", "container-name"])
def test_tokens_in_odd_places_are_never_printed(tmp_path, sarif_validator, name, text):
    _write(tmp_path / name, text)
    outs = check_all_formats(sarif_validator, name, cwd=tmp_path)
    for fmt, out in outs.items():
        assert GH_TOKEN not in out, fmt


#: SL390 (Kubernetes schema check) only runs when the optional kubernetes-validate package is
#: installed; without it nothing reports a Kubernetes field of the wrong type.
HAVE_K8S_SCHEMAS = importlib.util.find_spec("kubernetes_validate") is not None


@pytest.mark.xfail(not HAVE_K8S_SCHEMAS, strict=True, reason="SILENT without the optional "
                   "kubernetes-validate extra: Kubernetes fields of the wrong YAML type are "
                   "skipped without a finding (kubernetes/tree.py leaves shapes to SL390, which "
                   "reports nothing when the schemas are not installed), so a broken manifest "
                   "passes clean and env given as a mapping even hides its secret")
@pytest.mark.parametrize("text,line", [
    (POD + "  containers: nginx\n", 5),
    (POD + "  containers: {name: a, image: 'x:1'}\n", 5),
    (POD + "  containers: [5, null, [1], 'x']\n", 5),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: [1]\n", 4),
    (POD + "  containers:\n  - name: a\n    image: x:1\n    env: {PASSWORD: " + PASSWORD
     + "}\n", 8),
    (POD + "  containers:\n  - name: a\n    image: x:1\n    securityContext: [runAsUser, 0]\n", 8),
    ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate: 5\n", 5),
], ids=["containers-string", "containers-mapping", "container-items-not-mappings", "spec-list",
        "env-mapping", "security-context-list", "jobtemplate-scalar"])
def test_kubernetes_wrong_types_get_a_finding(text, line):
    findings = lint_checked("pod.yaml", text)
    assert line in [f.span.line for f in findings], [(f.code, f.span.line) for f in findings]


@pytest.mark.parametrize("text,line", [
    ("apiVersion: v1\nkind: List\nitems: 5\n", 3),
    ("apiVersion: v1\nkind: List\nitems:\n- 5\n", 4),
    ("apiVersion: v1\nkind: List\nitems:\n- {kind: Pod}\n", 4),
], ids=["items-scalar", "item-scalar", "item-without-apiversion"])
def test_kubernetes_list_garbage_gets_a_finding(text, line):
    findings = lint_checked("list.yaml", text)
    assert line in [f.span.line for f in findings], [(f.code, f.span.line) for f in findings]


@pytest.mark.parametrize("filename,text,line", [
    ("pod.yaml", POD.replace("metadata: {name: p}", "metadata: {<<: 5, name: p}")
     + "  containers: []\n", 3),
    ("pod.yaml", POD + "  <<: [1, 2]\n  containers: []\n", 5),
    ("compose.yaml", "services:\n  a:\n    <<: hello\n    image: 'x:1'\n", 3),
], ids=["int", "list-of-ints", "string"])
def test_merge_key_into_a_non_mapping_is_a_finding(filename, text, line):
    findings = lint_checked(filename, text)
    assert line in [f.span.line for f in findings if f.code in ("SL001", "SL401")], \
        [(f.code, f.span.line, f.message) for f in findings]


@pytest.mark.parametrize("filename,text", [
    ("pod.yaml", POD + "  containers: []\n  1: a\n  true: b\n"),
    ("compose.yaml", "services:\n  a:\n    image: 'x:1'\n    environment:\n      0: a\n"
                     "      false: b\n"),
    ("compose.yaml", "services:\n  true:\n    image: 'x:1'\n  1:\n    image: 'y:1'\n"),
], ids=["k8s", "compose-environment", "compose-services"])
def test_keys_of_different_types_are_not_duplicates(filename, text):
    findings = lint_checked(filename, text)
    assert "SL002" not in codes(findings), [(f.span.line, f.message) for f in findings]


@pytest.mark.parametrize("text,line", [
    (POD + "  containers: []\n  x: a\x07\n", 6),
    (POD + "  containers: []\n" + "#" * 9000 + "\n# \x00\n", 7),
], ids=["bell", "late-nul"])
def test_yaml_reader_errors_point_at_their_line(text, line):
    findings = lint_checked("pod.yaml", text)
    assert [f.span.line for f in findings if f.code in ("SL001", "SL005")] == [line]


def test_compose_extends_cycle_is_a_finding(tmp_path):
    _write(tmp_path / "compose.yaml",
           "services:\n  a:\n    extends: {file: compose.yaml, service: b}\n  b:\n"
           "    extends: {file: compose.yaml, service: a}\n  c:\n    extends: c\n")
    r = run_cli("check", "-f", "json", "compose.yaml", cwd=tmp_path)
    assert_no_traceback(r)
    lines = {f["line"] for f in json.loads(r.stdout)["findings"]}
    assert {3, 5, 7} <= lines or {2, 4, 6} <= lines, lines


def test_cli_output_write_failure_names_the_file(tmp_path):
    _write(tmp_path / "Dockerfile", "FROM alpine\n")
    r = run_cli("check", "-f", "sarif", "-o", "/dev/full", "Dockerfile", cwd=tmp_path)
    assert_no_traceback(r)
    out, err = out_text(r)
    assert r.returncode == 2
    assert "/dev/full" in err and "internal error" not in err, err


def test_utf32_is_not_called_utf16():
    findings = lint_checked("pod.yaml", "apiVersion: v1\n".encode("utf-32"))
    assert codes(findings) == ["SL005"]
    assert "UTF-16" not in findings[0].message, findings[0].message
