"""Hostile and careless inputs for this session's features (--fix/--diff, configuration
exceptions, chart renders, pod templates, peer suppressions, control-plane and cross-format
rules, the language server): each test is a case that once broke, or an invariant a case
could break. Bad input gives a finding or a one-line error, never a traceback; a secret is
never printed; a fix never corrupts a file."""

from __future__ import annotations

import os
import stat

import pytest
import yaml

from linter import fix, helm
from test_cli import run

DOCKERFILE_SECRETS = (
    "FROM debian:12\n"
    "ENV DB_PASSWORD hunter2hunter2\n"
    "RUN apt-get install wget \\\n"
    "    && curl -u admin:Pa55w0rdXyz https://example.com/x\n"
    "cmd python app.py\n")


def _no_traceback(r) -> None:
    assert "Traceback" not in r.stderr + r.stdout, r.stderr


# ---------------------------------------------------------------------------- --diff / --fix


def test_diff_never_prints_a_legacy_env_secret_nor_a_continued_line_s(tmp_path):
    # ENV KEY value (the legacy form) and a credential on the second line of a RUN were
    # printed as they are, while the fixed ENV KEY=value line was redacted
    (tmp_path / "Dockerfile").write_text(DOCKERFILE_SECRETS)
    r = run("check", "--diff", "--select", "ALL", "--unsafe-fixes", str(tmp_path / "Dockerfile"))
    _no_traceback(r)
    assert "hunter2hunter2" not in r.stdout and "Pa55w0rdXyz" not in r.stdout, r.stdout
    assert '+CMD ["python", "app.py"]' in r.stdout  # the rest is shown
    # a run that selects only a style rule knows no secret finding: the diff still hides it
    r = run("check", "--diff", "--select", "SL238", str(tmp_path / "Dockerfile"))
    assert "hunter2hunter2" not in r.stdout and "[REDACTED]" in r.stdout, r.stdout


def test_diff_headers_mask_a_secret_path_and_quote_a_line_break(tmp_path):
    token = "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789"
    (tmp_path / token).mkdir()
    (tmp_path / token / "Dockerfile").write_text("FROM debian:12\nCMD python app.py\n")
    r = run("check", "--diff", str(tmp_path / token / "Dockerfile"))
    assert token not in r.stdout + r.stderr and "--- " in r.stdout, r.stdout
    out = fix.diff("a\n", "b\n", "new\nline/Dockerfile")
    assert out.splitlines()[:2] == ['--- "new\\nline/Dockerfile"', '+++ "new\\nline/Dockerfile"']


def test_fix_does_not_write_a_file_its_user_may_not_write(tmp_path, monkeypatch):
    # the write renames a temporary file over the target, which a read-only file does not
    # stop: the permission is checked first
    target = tmp_path / "Dockerfile"
    target.write_text("FROM debian:12\nCMD python app.py\n")
    target.chmod(0o444)
    fx = fix.FileFix(str(target), target.read_text(), "FROM debian:12\nCMD [\"python\"]\n")
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(PermissionError):
        fix.write(fx)
    assert target.read_text() == "FROM debian:12\nCMD python app.py\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


HOSTILE = {
    "Dockerfile": "\ufefffrom debian:12\r\nmaintainer Bob <b@x>\r\nrun apt-get update && "
                  "apt-get install curl\r\nenv FOO bar\r\ncmd python app.py\r\n",
    "heredoc.Dockerfile": "# syntax=docker/dockerfile:1\n# escape=`\nFROM debian:12\n"
                          "RUN <<EOT\napt-get update\napt-get install curl\nEOT\n"
                          "RUN apt-get update && `\n    apt-get install -y wget\n"
                          'CMD ["sh", "-c", "echo \\"hi\\" \\\\ there"]\nenv A b\nworkdir app\n',
    "pods.yaml": """\
# leading comment
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - &base
        name: a   # comment after
        image: nginx:1.25
        securityContext: &sc
          runAsNonRoot: true
      - <<: *base
        name: b
      - name: c
        image: nginx:1.25
        securityContext: *sc
---
apiVersion: v1
kind: Pod
metadata:
    name: p
spec:
    containers:
        -   name: x
            image: "busybox:1"
            securityContext: {runAsNonRoot: true}
        -   {name: y, image: busybox:1}
---
# only a comment
---
apiVersion: v1
kind: Pod
metadata: {name: q}
spec: {containers: [{name: z, image: "busybox:1"}]}
...
""",
    "compose.yaml": "\ufeffversion: \"3.8\"   # old\r\nservices:\r\n  web:\r\n    image: nginx:1\n",
}


def _documents(path) -> int:
    return len(list(yaml.safe_load_all(path.read_text(encoding="utf-8-sig"))))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_fix_keeps_the_file_whole_is_idempotent_and_diff_writes_nothing(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name].encode("utf-8"))
    before = path.read_bytes()
    r = run("check", "--diff", "--select", "ALL", "--unsafe-fixes", str(path))
    _no_traceback(r)
    assert r.returncode == 1 and path.read_bytes() == before  # --diff never writes
    r = run("check", "--fix", "--select", "ALL", "--unsafe-fixes", str(path))
    _no_traceback(r)
    once = path.read_bytes()
    assert once != before
    assert once.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in before.split(b"\n", 1)[0] + b"\n":
        assert once.split(b"\n", 1)[0].endswith(b"\r")  # the line endings are kept
    if name.endswith(".yaml"):
        assert _documents(path) == len(list(yaml.safe_load_all(HOSTILE[name].lstrip("\ufeff"))))
    r = run("check", "--fix", "--select", "ALL", "--unsafe-fixes", str(path))
    assert path.read_bytes() == once  # fixing again changes nothing
    assert "parse" not in r.stderr.lower(), r.stderr
    assert sorted(os.listdir(tmp_path)) == [name]  # nothing written beside it


# ----------------------------------------------------------------------------- configuration


def _config_error(tmp_path, text: str):
    (tmp_path / ".shiplint.yaml").write_text(text)
    (tmp_path / "Dockerfile").write_text("FROM debian:12\nUSER 1000\n")
    r = run("check", str(tmp_path))
    _no_traceback(r)
    assert r.returncode == 2, r.stdout + r.stderr
    [line] = r.stderr.strip().splitlines()
    assert line.startswith("shiplint: error: ") and ".shiplint.yaml" in line, line
    return line


@pytest.mark.parametrize("glob", ["../../etc/passwd", "/etc/passwd", "a/../../Dockerfile"])
def test_an_exception_path_outside_the_configuration_s_directory_is_an_error(tmp_path, glob):
    line = _config_error(tmp_path, f"exceptions: [{{rule: SL101, reason: x, path: '{glob}'}}]\n")
    assert "exceptions #1: path: " in line and "relative" in line, line


@pytest.mark.parametrize("path", ["spec..x", "spec.tmpl[]]", ".spec", "spec["])
def test_a_pod_template_path_with_bad_syntax_is_explained(tmp_path, path):
    line = _config_error(
        tmp_path, f"pod-templates: [{{apiVersion: x.io/v1, kind: Thing, path: '{path}'}}]\n")
    assert "is not a path to the pod template" in line and "^[" not in line, line


@pytest.mark.parametrize("render, says", [
    ('release: "--post-renderer=/tmp/evil"', "release: '--post-renderer=/tmp/evil' is not a name"),
    ('namespace: "--kubeconfig=/tmp/x"', "namespace: '--kubeconfig=/tmp/x' is not a name"),
    ('set: {"a,b": 1}', "key 'a,b' cannot be passed to helm --set"),
    ('set: {"a=b": 1}', "key 'a=b' cannot be passed"),
    ('set: {"-a": 1}', "key '-a' cannot be passed"),
])
def test_a_render_cannot_smuggle_a_helm_flag_or_another_set_pair(tmp_path, render, says):
    line = _config_error(tmp_path, f"charts:\n  ch:\n    renders:\n      - {render}\n")
    assert says in line, line


def test_helm_is_run_with_flag_values_attached_and_values_that_never_split():
    how = helm.Render("r", ("values-prod.yaml",), (("image.tag", "a,b=c\n$(id);`id`|&"),
                                                   ("n", None), ("on", True)),
                      "api", "prod", "1.29")
    args = how.arguments("./charts/api")
    assert args[:3] == ["template", "api", "./charts/api"]
    assert "--values=./charts/api/values-prod.yaml" in args
    assert "--namespace=prod" in args and "--kube-version=1.29" in args
    assert args[args.index("--set-string") + 1] == "image.tag=a\\,b=c\n$(id);`id`|&"
    assert args[-6:-2] == ["--set", "n=null", "--set", "on=true"]


def test_a_missing_values_file_is_a_clear_problem_and_helm_is_not_run(tmp_path, monkeypatch):
    log = tmp_path / "ran"
    script = tmp_path / "helm"
    script.write_text(f"#!/bin/sh\ntouch {log}\n")
    script.chmod(0o755)
    monkeypatch.setenv("SHIPLINT_HELM", str(script))
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    docs, problem = helm.render(str(tmp_path), helm.Render("prod", ("values-prod.yaml",)),
                                "prod")
    assert docs == [] and not log.exists()
    assert "no values file 'values-prod.yaml'" in problem.message and "'prod'" in problem.message


# ------------------------------------------------------------------------ control-plane flags

APISERVER_POD = """\
apiVersion: v1
kind: Pod
metadata: {{name: kube-apiserver, namespace: kube-system, labels: {{tier: control-plane}}}}
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.29.0
    command: {command}
"""


def _apiserver(tmp_path, command: str, select: str):
    import json

    path = tmp_path / "kube-apiserver.yaml"
    path.write_text(APISERVER_POD.format(command=command))
    r = run("check", "-f", "json", "--select", select, str(path))
    _no_traceback(r)
    return json.loads(r.stdout)["findings"]


@pytest.mark.parametrize("flag", ['"--anonymous-auth="', '"--anonymous-auth==false"',
                                  '"--anonymous-auth=yes"'])
def test_a_boolean_flag_the_component_cannot_parse_is_said_to_stop_it(tmp_path, flag):
    # it was read as true: "sets --anonymous-auth==false: anonymous requests reach..."
    [f] = _apiserver(tmp_path, f"[kube-apiserver, {flag}]", "SL600")
    assert "which is not a boolean: kube-apiserver refuses it and does not start" in f["message"]
    assert f["message"].endswith("write --anonymous-auth=false")


def test_quotes_inside_an_exec_form_word_are_one_finding_with_a_clean_fix(tmp_path):
    # the quotes reach the API server (no shell): it refuses the modes '"Node' and 'RBAC"';
    # it was two findings whose fix read --authorization-mode=Node,"Node,RBAC"
    found = _apiserver(tmp_path, '[kube-apiserver, "--authorization-mode=\\"Node,RBAC\\""]',
                       "SL607,SL608,SL609")
    [f] = found
    assert f["code"] == "SL607" and "quotes are part of the value" in f["message"]
    assert f["message"].endswith("write --authorization-mode=Node,RBAC")
    # through a shell the quotes are the shell's: nothing to say
    assert _apiserver(tmp_path, '[sh, -c, "exec kube-apiserver --authorization-mode=\\"Node,'
                                'RBAC\\""]', "SL607,SL608,SL609") == []


def test_a_quoted_path_is_not_said_to_stop_the_component(tmp_path):
    found = _apiserver(tmp_path, '[kube-apiserver, "--audit-log-path=\\"/var/log/a.log\\""]',
                       "SL620")
    assert found == []


@pytest.mark.parametrize("command", [
    '[kube-apiserver, 5, null, {a: b}, [x], true]', '"kube-apiserver --anonymous-auth=true"',
    '["kube-apiserver --anonymous-auth=true"]', '[sh, -c]', '[sh, -c, "kube-apiserver \\"x"]',
    '[kube-apiserver, "--anonymous-auth=$(ANON)", "--", "--anonymous-auth=true"]'])
def test_odd_command_lines_give_no_traceback(tmp_path, command):
    for f in _apiserver(tmp_path, command, "SL600"):
        assert "anonymous-auth=true" not in f["message"]


# ------------------------------------------------------------------------- the language server


def _raw(tmp_path, root: str | None = None):
    import sys

    from lsp_session import RawServer, uri

    s = RawServer([sys.executable, "-m", "linter", "server"])
    root = root or uri(tmp_path)
    s.request("initialize", {"processId": None, "rootUri": root, "capabilities": {},
                             "workspaceFolders": [{"uri": root, "name": "w"}]})
    s.send("initialized", {})
    return s


def _publish(s, path):
    from lsp_session import uri

    s.send("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "dockerfile", "version": 1,
        "text": "FROM debian:12\nRUN apt-get install curl\n"}})
    return s.expect(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri(path))["params"]["diagnostics"]


def test_a_document_whose_uri_holds_a_nul_does_not_break_the_others(tmp_path):
    pytest.importorskip("pygls")
    s = _raw(tmp_path)
    try:
        for bad in ("file:///%00bad/Dockerfile", "untitled:Untitled-1", "https://x/Dockerfile"):
            s.send("textDocument/didOpen", {"textDocument": {
                "uri": bad, "languageId": "dockerfile", "version": 1, "text": "FROM x\n"}})
        s.send("textDocument/didChange", {"textDocument": {"uri": "file:///never/opened.yaml",
                                                           "version": 2},
                                          "contentChanges": [{"text": "a: 1\n"}]})
        diags = _publish(s, tmp_path / "Dockerfile")
        assert "SL204" in [d.get("code") for d in diags], diags
        assert not any("internal error" in d["message"] for d in diags)
    finally:
        assert s.stop() == 0
    assert s.garbage == []


def test_a_request_with_a_negative_position_is_answered_with_an_error(tmp_path):
    pytest.importorskip("pygls")
    from lsp_session import uri

    s = _raw(tmp_path)
    try:
        _publish(s, tmp_path / "Dockerfile")
        bad = {"start": {"line": -1, "character": -5}, "end": {"line": 0, "character": 0}}
        r = s.request("textDocument/codeAction", {
            "textDocument": {"uri": uri(tmp_path / "Dockerfile")}, "range": bad,
            "context": {"diagnostics": []}})  # it went unanswered: the client waited for ever
        assert r["error"]["code"] == -32602
        r = s.request("textDocument/hover", {"textDocument": {"uri": uri(tmp_path / "Dockerfile")},
                                             "position": {"line": 0, "character": 0}})
        assert "result" in r  # still serving
    finally:
        assert s.stop() == 0
    assert s.garbage == []


def test_a_workspace_folder_that_is_the_file_system_root_gives_diagnostics(tmp_path):
    # reading every YAML file under / raised PermissionError (in /proc) into the lint
    pytest.importorskip("pygls")
    s = _raw(tmp_path, "file:///")
    try:
        diags = _publish(s, tmp_path / "Dockerfile")
        assert "SL204" in [d.get("code") for d in diags], diags
    finally:
        s.stop()
    assert s.garbage == []


def test_the_workspace_walk_stops_on_an_error_and_keeps_what_it_read(tmp_path, monkeypatch):
    pytest.importorskip("pygls")
    from linter import discovery, lsp
    from helpers import RULES
    from linter.config import Resolver

    (tmp_path / "a.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n")

    def walk(paths, **kwargs):
        yield str(tmp_path / "a.yaml"), False
        raise PermissionError(13, "Permission denied", "/proc/1/cwd")

    monkeypatch.setattr(discovery, "iter_files", walk)
    files = lsp.Workspace(roots=[str(tmp_path)])
    files.load_for(str(tmp_path / "b.yaml"), Resolver(RULES))
    assert list(files.disk) == [str(tmp_path / "a.yaml")]


@pytest.mark.parametrize("odd", ["\u2028", "\x0c", "\x85"])
def test_positions_after_a_line_break_lsp_does_not_know_stay_on_their_text(odd):
    # the linter counts a YAML file's lines as its reader does (U+2028 and NEL end one), LSP
    # with \n, \r\n and \r alone: a fix landed on the line after the file's last one
    pytest.importorskip("pygls")
    from linter.findings import Edit, Span
    from linter.lsp import Lines

    text = f"\ufeffa: 1\r\n# a{odd}b\r\nc: 2\r\n"
    lines = Lines(text, yaml=True)
    # ours: line 4 is "c: 2" (the comment is two lines); LSP's: line 2 (0-based)
    edit = lines.edit(Edit(Span(4, 4, 4, 5), "3"))
    assert (edit.range.start.line, edit.range.start.character) == (2, 3)
    assert (edit.range.end.line, edit.range.end.character) == (2, 4)
    p = lines.position(3, 1)  # ours: "b", after the odd break
    assert (p.line, p.character) == (1, 4)
    p = lines.position(1, 1)  # after the byte-order mark
    assert (p.line, p.character) == (0, 1)
    p = lines.position(4, 99)  # past the end of its line: its end
    assert (p.line, p.character) == (2, 4)


@pytest.mark.parametrize("odd", ["\u2028", "\x0c", "\x85", "\x0b", "\x1e"])
def test_a_dockerfile_s_lines_are_lsp_s_whatever_characters_they_hold(odd):
    # Docker, the Dockerfile parser and LSP end a line at \n and \r\n, and none of them at
    # these characters: the same numbers, nothing to map
    pytest.importorskip("pygls")
    from linter.findings import Edit, Span
    from linter.lsp import Lines

    text = f"\ufeffFROM debian:12\r\n# a{odd}b\r\nCMD python app.py\r\n"
    lines = Lines(text)
    edit = lines.edit(Edit(Span(3, 5, 3, 18), '["python", "app.py"]'))
    assert (edit.range.start.line, edit.range.start.character) == (2, 4)
    assert (edit.range.end.line, edit.range.end.character) == (2, 17)
    p = lines.position(2, 6)  # "b", after the odd character on the same line
    assert (p.line, p.character) == (1, 5)


def test_a_dockerfile_s_carriage_return_alone_is_mapped_to_lsp_s_lines():
    # LSP (and the editor) end a line at a \r alone, Docker and the linter do not (SL257):
    # our line 3 is LSP's 4th, and our line 2 holds two of LSP's
    pytest.importorskip("pygls")
    from linter.findings import Edit, Span
    from linter.lsp import Lines

    text = "\ufeffFROM debian:12\r\nRUN make #\rUSER 1000\r\nCMD python app.py\r\n"
    lines = Lines(text)
    edit = lines.edit(Edit(Span(3, 5, 3, 18), '["python", "app.py"]'))
    assert (edit.range.start.line, edit.range.start.character) == (3, 4)
    assert (edit.range.end.line, edit.range.end.character) == (3, 17)
    p = lines.position(2, 12)  # "U" of USER, after the \r: LSP's line 2 (0-based)
    assert (p.line, p.character) == (2, 0)
    p = lines.position(1, 1)  # after the byte-order mark
    assert (p.line, p.character) == (0, 1)
    assert lines.text(2) == "RUN make #\rUSER 1000" and lines.text(3) == "CMD python app.py"


def test_past_our_last_line_and_what_edits_write_in_a_dockerfile_with_a_carriage_return():
    # positions past our last line, or past the end of line 1 after a byte-order mark, stay
    # in the text; the line break an edit writes is \n or \r\n, never a \r alone (which
    # would hide the next instruction from Docker)
    pytest.importorskip("pygls")
    from linter.findings import Edit, Span
    from linter.lsp import Lines

    text = "FROM a\r# b\r# c\r# d\nUSER x\n"
    p = Lines(text).position(3, 1, exact=True)  # after our last line: the end of the text
    assert (p.line, p.character) == (5, 0)
    p = Lines(text).position(3, 1)  # a diagnostic there: the end of our last line
    assert (p.line, p.character) == (4, 6)
    p = Lines("\ufeffFROM a\rRUN b\nUSER x\n").position(1, 100)
    assert (p.line, p.character) == (1, 5)
    lines = Lines("FROM debian:12\r# note\nRUN x\nUSER root\n")
    assert lines.eol == "\n" and Lines("FROM a\rRUN b\r\nUSER x\r\n").eol == "\r\n"
    edit = lines.edit(Edit(Span(3, 1, 3, 1), "# shiplint: ignore=SL101\n"))
    assert edit.new_text == "# shiplint: ignore=SL101\n"
    assert Lines("a: 1\rb: 2\r", yaml=True).eol == "\r"  # a YAML file's own line break


# ------------------------------------------------------ found by the breaker, fixed by the lead


def test_show_source_never_prints_a_secret_in_a_legacy_env_or_a_continued_line(tmp_path):
    """A code frame hides a line that holds a secret even when no secret rule is selected:
    ``ENV KEY value`` read as ``KEY=value``, and every line of a continued RUN that holds a
    password on its command line (the same test ``--diff`` uses)."""
    (tmp_path / "Dockerfile").write_text(
        "FROM debian:12\nENV DB_PASSWORD hunter2hunter2\n"
        "RUN apt-get update \\\n  && curl -u admin:Pa55w0rdXyz9 https://x.example/a\n")
    r = run("check", "--select", "SL238,SL204,SL218", "--show-source", "Dockerfile",
            cwd=tmp_path)
    assert "SL238" in r.stdout and "[REDACTED]" in r.stdout
    assert "hunter2" not in r.stdout + r.stderr and "Pa55" not in r.stdout + r.stderr


@pytest.mark.skipif(not os.path.lexists("/proc/1/cwd"), reason="needs /proc")
def test_a_link_nobody_may_resolve_does_not_stop_the_walk(tmp_path):
    """``os.path.realpath`` raises on a link it may not read (``/proc/1/cwd``, even for
    root); the walk goes on with the other files."""
    os.symlink("/proc/1/cwd", tmp_path / "link")
    (tmp_path / "Dockerfile").write_text("FROM debian:12\nUSER root\n")
    r = run("check", ".", cwd=tmp_path)
    assert r.returncode == 1 and "Dockerfile:2:1: SL101" in r.stdout, r.stderr
    assert "internal error" not in r.stderr
