"""`shiplint server` end to end: pygls's LanguageClient starts `python -m linter server` and
talks LSP to it over stdio (see lsp_session.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp  # noqa: E402

from helpers import ROOT  # noqa: E402
from lsp_session import RawServer, Session, apply_edits, uri  # noqa: E402
from test_cli import run  # noqa: E402

from linter import __version__  # noqa: E402
from linter.engine import load_rules  # noqa: E402
from linter.report.sarif import RULES_DOC_URI  # noqa: E402

RULES = {r.code: r for r in load_rules()}
#: a Dockerfile the default rules have nothing to say about
CLEAN = "FROM alpine:3.20\nUSER 10001\n"
APT = "FROM alpine:3.20\nRUN apt-get install curl\nUSER 10001\n"  # SL204 on line 2
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
"""
PDB = """\
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
"""
#: how our severities show in an editor
SEVERITY = {"critical": 1, "high": 1, "medium": 2, "low": 3, "info": 4}


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def codes(diags: list[lsp.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diags)


def cli_findings(path: Path, text: str) -> list[dict]:
    r = run("check", "-f", "json", "--stdin-filename", str(path), "-", stdin=text,
            cwd=str(path.parent))
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["findings"]


@pytest.fixture
def session(tmp_path):
    s = Session(tmp_path)
    yield s
    s.stop()


def test_initialize_says_what_the_server_does(session):
    caps = session.initialized.capabilities
    sync = caps.text_document_sync
    assert sync.open_close and sync.change == lsp.TextDocumentSyncKind.Incremental
    assert sync.save is not None
    assert caps.hover_provider
    assert lsp.CodeActionKind.QuickFix in caps.code_action_provider.code_action_kinds
    assert session.initialized.server_info.name == "shiplint"
    assert session.initialized.server_info.version == __version__


def test_open_publishes_what_the_cli_reports(session, tmp_path):
    path = tmp_path / "Dockerfile"
    text = "FROM ubuntu\nRUN apt-get update && apt-get install curl\nENV API_TOKEN=abc\n"
    diags = session.open(path, text, "dockerfile")
    expected = cli_findings(path, text)
    assert expected
    got = sorted((str(d.code), d.range.start.line, d.range.start.character, d.message)
                 for d in diags)
    assert got == sorted((f["code"], f["line"] - 1, f["column"] - 1, f["message"])
                         for f in expected)
    by_code = {f["code"]: f for f in expected}
    for d in diags:
        assert d.source == "shiplint"
        assert d.code_description.href == f"{RULES_DOC_URI}#{str(d.code).lower()}"
        assert d.severity == SEVERITY[by_code[d.code]["severity"]]


def test_positions_count_utf16_code_units(session, tmp_path):
    # an emoji is two UTF-16 code units, 'é' one, a tab one character like any other
    line = 'RUN\techo "😀 café" &&\tapt-get install curl'
    text = f"FROM alpine:3.20\n{line}\nUSER 10001\n"
    [d] = session.open(tmp_path / "Dockerfile", text, "dockerfile")
    assert d.code == "SL204"
    start = line.index("apt-get")
    assert (d.range.start.line, d.range.start.character) == (1, utf16(line[:start]))
    assert d.range.start.character == start + 1  # the emoji's second unit
    [f] = cli_findings(tmp_path / "Dockerfile", text)  # code points, 1-based, end exclusive
    assert f["column"] - 1 == start
    assert (d.range.end.line, d.range.end.character) == \
        (f["end_line"] - 1, utf16(line[:f["end_column"] - 1]))


def test_positions_with_a_byte_order_mark_and_crlf(session, tmp_path):
    text = "\ufeffFROM ubuntu\r\nRUN echo 😀 && apt-get install curl\r\nUSER 10001\r\n"
    diags = session.open(tmp_path / "Dockerfile", text, "dockerfile")
    [tag] = [d for d in diags if d.code == "SL102"]
    assert (tag.range.start.line, tag.range.start.character) == (0, 1)  # after the mark
    [apt] = [d for d in diags if d.code == "SL204"]
    second = text.split("\r\n")[1]
    assert (apt.range.start.line, apt.range.start.character) == \
        (1, utf16(second[:second.index("apt-get")]))


@pytest.mark.parametrize("encoding", [lsp.PositionEncodingKind.Utf32,
                                      lsp.PositionEncodingKind.Utf8])
def test_positions_in_the_encoding_the_client_chose(tmp_path, encoding):
    caps = lsp.ClientCapabilities(general=lsp.GeneralClientCapabilities(
        position_encodings=[encoding]))
    s = Session(tmp_path, capabilities=caps)
    try:
        assert s.initialized.capabilities.position_encoding == encoding
        line = 'RUN echo "😀é" && apt-get install curl'
        [d] = s.open(tmp_path / "Dockerfile", f"FROM alpine:3.20\n{line}\nUSER 10001\n")
        prefix = line[:line.index("apt-get")]
        want = len(prefix) if encoding == lsp.PositionEncodingKind.Utf32 \
            else len(prefix.encode("utf-8"))
        assert d.range.start.character == want
    finally:
        s.stop()


@pytest.mark.parametrize("asked,listed,want", [
    ("utf-8", None, "utf-8"),  # a client that counts bytes without saying so (ALE)
    ("utf-32", None, "utf-32"),
    ("utf-8", [lsp.PositionEncodingKind.Utf16], "utf-16"),  # what the client lists wins
])
def test_the_position_encoding_asked_for_in_the_options(tmp_path, asked, listed, want):
    caps = lsp.ClientCapabilities(general=lsp.GeneralClientCapabilities(
        position_encodings=listed)) if listed else None
    s = Session(tmp_path, capabilities=caps, options={"positionEncoding": asked})
    try:
        assert s.initialized.capabilities.position_encoding == want
        line = 'RUN echo "😀é" &&\tapt-get install curl'
        [d] = s.open(tmp_path / "Dockerfile", f"FROM alpine:3.20\n{line}\nUSER 10001\n")
        prefix = line[:line.index("apt-get")]
        assert d.range.start.character == {"utf-8": len(prefix.encode("utf-8")),
                                           "utf-16": utf16(prefix),
                                           "utf-32": len(prefix)}[want]
    finally:
        s.stop()


@pytest.mark.parametrize("name,text", [
    ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  bad: [\n"),
    ("compose.yaml", "services:\n  web:\n    image: [\n\t\n"),
])
def test_a_file_that_does_not_parse_is_one_diagnostic_in_the_document(session, tmp_path,
                                                                       name, text):
    [d] = session.open(tmp_path / name, text)
    assert d.code == "SL001" and d.severity == lsp.DiagnosticSeverity.Error
    last = len(text.splitlines()) - 1  # a finding past the last line stays in the document
    assert d.range.start.line <= last and d.range.end.line <= last
    assert (d.range.start.line, d.range.start.character) <= \
        (d.range.end.line, d.range.end.character)


def test_changes_are_debounced_and_lint_the_unsaved_buffer(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(CLEAN)
    s = Session(tmp_path, debounce=0.5)
    try:
        assert s.open(path, CLEAN, "dockerfile") == []
        since = s.mark()
        s.change(path, CLEAN + "RUN apt-get\n", wait=False)
        s.change(path, CLEAN + "RUN apt-get install\n", wait=False)
        diags = s.change(path, APT)
        assert codes(diags) == ["SL204"] and diags[0].range.start.line == 1
        time.sleep(0.3)
        assert [p.version for p in s.publications(path, since)] == [4]  # the last one only
        assert path.read_text() == CLEAN  # linted from the buffer, not the disk
    finally:
        s.stop()


def test_save_publishes_and_close_clears(session, tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(APT)
    assert codes(session.open(path, APT, "dockerfile")) == ["SL204"]
    assert codes(session.save(path)) == ["SL204"]
    assert session.close(path) == []


def test_silent_on_yaml_that_is_neither_compose_nor_kubernetes(session, tmp_path):
    workflow = tmp_path / ".github" / "workflows" / "ci.yaml"
    workflow.parent.mkdir(parents=True)
    text = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: []\n"
    assert session.open(workflow, text) == []
    assert session.open(tmp_path / "notes.yaml", "- a\n- b\n") == []
    assert session.open(tmp_path / "README.md", "# hi\n", "markdown") == []


def test_configuration_and_suppressions_as_the_cli(session, tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("ignore: [SL102]\nexclude: ['legacy/**']\n")
    path = tmp_path / "Dockerfile"
    text = ("FROM ubuntu\n# shiplint: ignore=SL204 -- the base image answers yes\n"
            "RUN apt-get install curl\nENV TOKEN_URL=x\n")
    diags = session.open(path, text, "dockerfile")
    assert codes(diags) == sorted(f["code"] for f in cli_findings(path, text))
    assert "SL102" not in codes(diags) and "SL204" not in codes(diags)
    assert "SL101" in codes(diags)
    (tmp_path / "legacy").mkdir()
    assert session.open(tmp_path / "legacy" / "Dockerfile", APT, "dockerfile") == []


def test_a_changed_configuration_applies_at_once(session, tmp_path):
    config = tmp_path / ".shiplint.yaml"
    config.write_text("ignore: [SL204]\n")
    path = tmp_path / "Dockerfile"
    assert session.open(path, APT, "dockerfile") == []
    since = session.mark()
    config.write_text("ignore: []\n")
    session.watched((config, lsp.FileChangeType.Changed))
    assert codes(session.wait(path, since)) == ["SL204"]


def test_a_broken_configuration_is_one_diagnostic(session, tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("ignroe: [SL102]\n")
    [d] = session.open(tmp_path / "Dockerfile", APT, "dockerfile")
    assert "configuration" in d.message and "ignroe" in d.message
    assert d.severity == lsp.DiagnosticSeverity.Error and d.range.start.line == 0


def test_cross_object_rules_see_the_workspace(session, tmp_path):
    k8s = tmp_path / "k8s"
    k8s.mkdir()
    (k8s / "deployment.yaml").write_text(DEPLOYMENT)
    service = k8s / "service.yaml"
    service.write_text(SERVICE)
    assert "SL331" not in codes(session.open(service, SERVICE))  # its pods: a file on disk
    # the unsaved buffer of the Deployment overrides the file on disk
    deployment = k8s / "deployment.yaml"
    session.open(deployment, DEPLOYMENT)
    since = session.mark()
    session.change(deployment, DEPLOYMENT.replace("app: web", "app: other"))
    [d] = [d for d in session.wait(service, since) if d.code == "SL331"]
    assert d.range.start.line == 6  # `app: web` of the selector
    since = session.mark()
    session.close(deployment)  # not saved: the file on disk stands again
    assert "SL331" not in codes(session.wait(service, since))
    # files changed on disk, as the editor's file watcher reports them
    deployment.write_text(DEPLOYMENT.replace("app: web", "app: other"))
    since = session.mark()
    session.watched((deployment, lsp.FileChangeType.Changed))
    assert "SL331" in codes(session.wait(service, since))
    other = k8s / "other.yaml"
    other.write_text(DEPLOYMENT.replace("name: web", "name: web2"))
    since = session.mark()
    session.watched((other, lsp.FileChangeType.Created))
    assert "SL331" not in codes(session.wait(service, since))
    other.unlink()
    since = session.mark()
    session.watched((other, lsp.FileChangeType.Deleted))
    assert "SL331" in codes(session.wait(service, since))


def test_the_workspace_is_read_once(tmp_path):
    k8s = tmp_path / "k8s"
    k8s.mkdir()
    (k8s / "deployment.yaml").write_text(DEPLOYMENT)
    service = k8s / "service.yaml"
    service.write_text(SERVICE)
    s = Session(tmp_path, command=[sys.executable, "-m", "linter", "server", "--verbose"])
    try:
        assert "SL331" not in codes(s.open(service, SERVICE))
        s.change(service, SERVICE.replace("port: 80", "port: 8080"))
        s.open(k8s / "deployment.yaml", DEPLOYMENT)
        # changed on disk behind the editor's back: the server keeps what it read
        (k8s / "deployment.yaml").write_text(DEPLOYMENT.replace("app: web", "app: other"))
        s.close(k8s / "deployment.yaml")
        assert "SL331" not in codes(s.change(service, SERVICE))
    finally:
        err = s.stop()
    assert len(re.findall(r"INFO: read \d+ YAML files", err)) == 1, err


def test_the_cross_object_verdicts_match_the_cli(session, tmp_path):
    for name, text in (("deployment.yaml", DEPLOYMENT), ("service.yaml", SERVICE),
                       ("pdb.yaml", PDB)):
        (tmp_path / name).write_text(text)
    r = run("check", "-f", "json", str(tmp_path), cwd=str(tmp_path))
    cli = {(Path(f["path"]).name, f["code"], f["line"]) for f in json.loads(r.stdout)["findings"]}
    got = set()
    for name in ("deployment.yaml", "service.yaml", "pdb.yaml"):
        got |= {(name, str(d.code), d.range.start.line + 1)
                for d in session.open(tmp_path / name, (tmp_path / name).read_text())}
    assert got == cli and ("pdb.yaml", "SL333", 6) in got


def test_related_information_points_at_the_other_object(session, tmp_path):
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    (tmp_path / "pdb.yaml").write_text(PDB)
    [d] = [d for d in session.open(tmp_path / "pdb.yaml", PDB) if d.code == "SL333"]
    [rel] = d.related_information
    assert rel.location.uri == uri(tmp_path / "deployment.yaml")
    assert rel.location.range.start.line == 3  # `name: web` of the Deployment
    assert rel.message == "Deployment 'web'"


def test_a_compose_file_reads_the_unsaved_override(session, tmp_path):
    base, override = tmp_path / "compose.yaml", tmp_path / "compose.override.yaml"
    base.write_text("services:\n  web:\n    image: nginx\n")
    override.write_text("services:\n  web:\n    environment:\n      A: '1'\n")
    assert "SL102" in codes(session.open(base, base.read_text()))
    session.open(override, override.read_text())
    since = session.mark()
    session.change(override, "services:\n  web:\n    image: nginx:1.27\n")
    session.change(base, base.read_text())  # the editor asks again
    assert "SL102" not in codes(session.wait(base, since))


def test_hover_shows_the_rule(session, tmp_path):
    [d] = session.open(tmp_path / "Dockerfile", APT, "dockerfile")
    rule = RULES["SL204"]
    hover = session.hover(tmp_path / "Dockerfile", d.range.start)
    text = hover.contents.value
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    for part in (rule.summary, rule.rationale, rule.remediation, rule.code, rule.name):
        assert part in text
    assert hover.range == d.range
    assert session.hover(tmp_path / "Dockerfile", lsp.Position(line=0, character=0)) is None


# --- code actions: each one applied, then the buffer linted again ---------------------------


def _apply(session, path, text, diag, title_start):
    actions = session.code_actions(path, diag)
    [action] = [a for a in actions if a.title.startswith(title_start)]
    assert action.kind == lsp.CodeActionKind.QuickFix and list(action.diagnostics) == [diag]
    new = apply_edits(text, action.edit.changes[uri(path)])
    return new, session.change(path, new)


SUPPRESSIONS = [
    # (file name, text, code, action title, what the edit writes)
    ("Dockerfile", "FROM ubuntu:24.04\nRUN apt-get update && \\\n    apt-get install curl\n"
     "USER 10001\n", "SL204", "Suppress SL204 on this line",
     "FROM ubuntu:24.04\n# shiplint: ignore=SL204 -- <reason>\nRUN apt-get update && \\\n"),
    ("Dockerfile", "FROM ubuntu:24.04 AS build\n  RUN apt-get install curl\nUSER 10001\n",
     "SL204", "Suppress SL204 for this stage",
     "# shiplint: ignore-stage=SL204 -- <reason>\nFROM ubuntu"),
    ("deploy.yaml", DEPLOYMENT, "SL104", "Suppress SL104 on this line",
     "        # shiplint: ignore=SL104 -- <reason>\n        - name: web\n"),
    ("deploy.yaml", DEPLOYMENT, "SL104", "Suppress SL104 for this object",
     "  name: web\n  annotations:\n    shiplint.io/ignore: \"SL104 -- <reason>\"\nspec:"),
    ("deploy.yaml", DEPLOYMENT.replace("  name: web\n", "  name: web\n  annotations:\n"
                                       "    team: shop\n", 1),
     "SL104", "Suppress SL104 for this object",
     "  annotations:\n    team: shop\n    shiplint.io/ignore: \"SL104 -- <reason>\"\nspec:"),
    ("deploy.yaml", DEPLOYMENT.replace("  name: web\n", "  name: web\n  annotations: "
                                       "{team: shop}\n", 1),
     "SL104", "Suppress SL104 for this object",
     "annotations: {team: shop, shiplint.io/ignore: \"SL104 -- <reason>\"}"),
    ("deploy.yaml", DEPLOYMENT.replace("  name: web\n", "  name: web\n  annotations:\n"
                                       "    shiplint.io/ignore: SL101 -- runs as root on "
                                       "purpose\n", 1),
     "SL104", "Suppress SL104 for this object",
     "shiplint.io/ignore: \"SL101,SL104 -- runs as root on purpose\"\n"),
    ("deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
     + DEPLOYMENT.split("metadata:\n  name: web\n")[1], "SL104",
     "Suppress SL104 for this object",
     "metadata: {name: web, annotations: {shiplint.io/ignore: \"SL104 -- <reason>\"}}"),
    ("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres\n",
     "SL102", "Suppress SL102 on this line",
     "  db:\n    # shiplint: ignore=SL102 -- <reason>\n    image: postgres\n"),
    ("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres\n",
     "SL102", "Suppress SL102 for service 'db'",
     "  # shiplint: ignore=SL102 -- <reason>\n  db:\n"),
    ("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres\n",
     "SL102", "Suppress SL102 in this file", "# shiplint: ignore-file=SL102 -- <reason>\n"),
]


@pytest.mark.parametrize("name,text,code,title,written", SUPPRESSIONS)
def test_suppression_actions_switch_the_finding_off(session, tmp_path, name, text, code,
                                                    title, written):
    path = tmp_path / name
    before = session.open(path, text)
    [diag] = [d for d in before if d.code == code][:1]
    new, after = _apply(session, path, text, diag, title)
    assert written in new, new
    assert codes(after) == sorted(c for c in codes(before) if c != code) or \
        codes(after) == sorted(set(codes(before)) - {code}), (before, after)
    assert "SL009" not in codes(after) and "SL001" not in codes(after)


def test_line_suppression_goes_above_a_block_scalar(session, tmp_path):
    token = "ghp_" + "Zq8xR3aLm9TvWb2Kc7NpYd4HsJ6fGe1Uo5Qi"
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n"
            "  settings.ini: |\n    [github]\n    user = bot\n"
            f"    token = {token}\n")
    path = tmp_path / "cm.yaml"
    [d] = session.open(path, text)
    assert d.code == "SL103" and d.range.start.line == 8
    assert token not in d.message
    new, after = _apply(session, path, text, d, "Suppress SL103 on this line")
    assert "data:\n  # shiplint: ignore=SL103 -- <reason>\n  settings.ini: |\n" in new
    assert after == []


def test_suppressing_keeps_crlf(session, tmp_path):
    text = APT.replace("\n", "\r\n")
    path = tmp_path / "Dockerfile"
    [d] = session.open(path, text, "dockerfile")
    new, after = _apply(session, path, text, d, "Suppress SL204 on this line")
    assert "\r\n# shiplint: ignore=SL204 -- <reason>\r\nRUN" in new and "\n\n" not in new
    assert after == []


def test_remove_an_unused_suppression(session, tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("extend-select: [unused-suppression]\n")
    text = "FROM alpine:3.20\n# shiplint: ignore=SL204 -- not needed any more\nUSER 10001\n"
    path = tmp_path / "Dockerfile"
    [d] = session.open(path, text, "dockerfile")
    assert d.code == "SL009" and list(d.tags) == [lsp.DiagnosticTag.Unnecessary]
    new, after = _apply(session, path, text, d, "Remove the unused suppression")
    assert new == CLEAN and after == []


def test_no_suppression_of_a_suppression_finding(session, tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("extend-select: [unused-suppression]\n")
    text = "FROM alpine:3.20\n# shiplint: ignore=SL204 -- not needed any more\nUSER 10001\n"
    path = tmp_path / "Dockerfile"
    [d] = session.open(path, text, "dockerfile")
    assert not [a for a in session.code_actions(path, d) if a.title.startswith("Suppress")]


def test_fix_action_applies_the_findings_autofix(session, tmp_path):
    path = tmp_path / "Dockerfile"
    diags = session.open(path, APT, "dockerfile")
    [d] = [d for d in diags if d.code == "SL204"]
    actions = session.code_actions(path, d)
    fixes = [a for a in actions if a.title.startswith("Fix SL204")]
    assert fixes, [a.title for a in actions]
    new = apply_edits(APT, fixes[0].edit.changes[uri(path)])
    assert "apt-get install -y" in new
    assert "SL204" not in codes(session.change(path, new))


def test_fix_action_keeps_crlf_and_the_byte_order_mark(session, tmp_path):
    path = tmp_path / "Dockerfile"
    text = "\ufeff" + APT.replace("\n", "\r\n")
    [d] = [d for d in session.open(path, text, "dockerfile") if d.code == "SL204"]
    [fix] = [a for a in session.code_actions(path, d) if a.title.startswith("Fix SL204")]
    new = apply_edits(text, fix.edit.changes[uri(path)])
    assert new == text.replace("install curl", "install -y curl")
    assert "SL204" not in codes(session.change(path, new))


def test_an_unsafe_fix_is_offered_but_not_preferred(session, tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("extend-select: [SL127]\n")
    path = tmp_path / "deploy.yaml"
    text = DEPLOYMENT.replace("\n", "\r\n")
    [d] = [d for d in session.open(path, text) if d.code == "SL127"]
    [fix] = [a for a in session.code_actions(path, d) if a.title.startswith("Fix SL127")]
    assert fix.title.endswith("(unsafe)") and not fix.is_preferred
    new = apply_edits(text, fix.edit.changes[uri(path)])
    assert "allowPrivilegeEscalation: false" in new
    assert new.count("\r\n") == new.count("\n")  # CRLF kept on the lines it added
    assert "SL127" not in codes(session.change(path, new))


# --- failure ----------------------------------------------------------------------------------

_PATCHED = """
import sys
from linter.engine import load_rules
{patch}
from linter.lsp import serve
serve()
"""


def _patched_session(tmp_path, patch: str) -> Session:
    return Session(tmp_path, command=[sys.executable, "-c", _PATCHED.format(patch=patch)])


def test_a_rule_that_raises_is_a_finding_and_the_server_lives_on(tmp_path):
    patch = """
rule = next(r for r in load_rules() if r.code == "SL204")
def boom(target):
    print("stray output of a rule")
    raise ValueError("the secret hunter2 in an exception")
    yield
for fns in rule.checks.values():
    fns[:] = [boom]
"""
    s = _patched_session(tmp_path, patch)
    try:
        diags = s.open(tmp_path / "Dockerfile", APT, "dockerfile")
        assert "SL007" in codes(diags)
        assert codes(s.open(tmp_path / "compose.yaml", "services:\n  web:\n    image: x\n"))
    finally:
        err = s.stop()
    assert "stray output of a rule" in err  # standard output carries the protocol alone
    assert s.returncode == 0


def test_standard_output_carries_the_protocol_alone(tmp_path):
    # a raw JSON-RPC client reads every byte the server writes on standard output; a rule
    # writes there in every way it can (print, the descriptor, a program it starts), then
    # raises, and the server logs verbosely
    patch = """
import os, subprocess
rule = next(r for r in load_rules() if r.code == "SL204")
def boom(target):
    print("stray print of a rule")
    os.write(1, b"stray write of a rule\\\\n")
    subprocess.run(["echo", "stray program of a rule"])
    raise ValueError("a rule's bug")
    yield
for fns in rule.checks.values():
    fns[:] = [boom]
"""
    code = _PATCHED.format(patch=patch).replace("serve()", "serve(verbose=True)")
    s = RawServer([sys.executable, "-c", code])
    path = tmp_path / "Dockerfile"
    init = s.request("initialize", {"processId": None, "rootUri": uri(tmp_path),
                                    "capabilities": {}})
    assert init["result"]["serverInfo"]["name"] == "shiplint"
    assert init["result"]["capabilities"].get("positionEncoding", "utf-16") == "utf-16"
    s.send("initialized", {})
    s.send("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "dockerfile", "version": 1, "text": APT}})
    published = s.expect(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert published["params"]["uri"] == uri(path)
    assert "SL007" in [d["code"] for d in published["params"]["diagnostics"]]
    hover = s.request("textDocument/hover", {"textDocument": {"uri": uri(path)},
                                             "position": {"line": 0, "character": 0}})
    assert "SL007" in hover["result"]["contents"]["value"]  # still serving
    assert s.stop() == 0
    assert s.garbage == []
    err = s.stderr.decode()
    for stray in ("print", "write", "program"):
        assert f"stray {stray} of a rule" in err
    assert "shiplint server: INFO" in err  # the verbose log, on standard error too


def test_an_internal_error_is_one_diagnostic_and_no_secret_in_the_log(tmp_path):
    patch = """
import linter.runner
def boom(*args, **kwargs):
    raise RuntimeError("the secret hunter2 in an exception")
linter.runner.lint_buffer = boom
"""
    s = _patched_session(tmp_path, patch)
    try:
        [d] = s.open(tmp_path / "Dockerfile", APT, "dockerfile")
        assert "internal error (RuntimeError)" in d.message and "hunter2" not in d.message
        [d] = s.open(tmp_path / "other.yaml", "a: 1\n")  # still serving
    finally:
        err = s.stop()
    assert "RuntimeError" in err and "Traceback" not in err or "boom" in err
    assert "hunter2" not in err


def test_watched_files_are_registered_when_the_client_can(tmp_path):
    caps = lsp.ClientCapabilities(workspace=lsp.WorkspaceClientCapabilities(
        did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True)))
    s = Session(tmp_path, capabilities=caps)
    try:
        s.open(tmp_path / "Dockerfile", CLEAN, "dockerfile")
        deadline = time.monotonic() + 10
        while not s.registrations and time.monotonic() < deadline:
            time.sleep(0.05)
        [reg] = s.registrations[0].registrations
        assert reg.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
        globs = {w["globPattern"] if isinstance(w, dict) else w.glob_pattern
                 for w in (reg.register_options["watchers"]
                           if isinstance(reg.register_options, dict)
                           else reg.register_options.watchers)}
        assert "**/*.yaml" in globs and any(".shiplint.yaml" in g for g in globs)
    finally:
        s.stop()


def test_without_a_workspace_folder_the_files_directory_is_read(tmp_path):
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    s = Session(None)
    try:
        diags = s.open(tmp_path / "service.yaml", SERVICE)
        assert "SL331" not in codes(diags)
    finally:
        s.stop()


# --- the command ------------------------------------------------------------------------------


def test_check_does_not_import_the_server():
    r = subprocess.run([sys.executable, "-c", "import sys, linter.cli, linter.runner; "
                        "sys.argv = ['shiplint', '--version']\n"
                        "try:\n    linter.cli.main()\nexcept SystemExit:\n    pass\n"
                        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
                        "('pygls', 'lsprotocol', 'linter.lsp')))"],
                       capture_output=True, text=True, cwd=str(ROOT))
    assert r.stdout.strip().endswith("[]"), r.stdout + r.stderr


def test_server_without_pygls_says_what_to_install():
    r = subprocess.run([sys.executable, "-c", "import sys; sys.modules['pygls'] = None\n"
                        "sys.argv = ['shiplint', 'server']\nfrom linter.cli import main; main()"],
                       capture_output=True, text=True, cwd=str(ROOT))
    assert r.returncode == 2
    assert "shiplint[lsp]" in r.stderr and r.stdout == ""


def test_server_help_names_the_extra():
    r = run("server", "--help", env={"COLUMNS": "200"})
    assert r.returncode == 0 and "LSP" in r.stdout
    assert "pip install 'shiplint[lsp]'" in r.stdout  # the brackets survive the help's markup


def test_the_startup_benchmark_runs():
    # benchmarks/server_startup.py measures start-up; here only that it still works
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "server_startup.py"),
                        "--repeat", "1"], capture_output=True, text=True, cwd=str(ROOT),
                       timeout=300)
    assert r.returncode == 0, r.stderr
    for what in ("initialize response: median", "first diagnostics after didOpen: median",
                 "first diagnostics after the start: median"):
        assert what in r.stdout, r.stdout
