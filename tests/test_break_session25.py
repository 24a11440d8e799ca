"""What a helper found breaking this stop's changes (the forked ``--jobs`` workers and the
Dockerfile line model), each fixed and kept here."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from linter import batch
from linter.runner import lint_paths
from test_batch import mixed_tree

SECRET = "ghp_R8x2Lq9ZtV4mN7pK3wY6cB1dF5gH0jS2aQ4e"


def _shiplint(*args: str, cwd: Path, stdin: bytes | None = None, **kwargs):
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    env.pop("SHIPLINT_KUSTOMIZE", None)
    return subprocess.run([sys.executable, "-m", "linter", "check", "--no-cache", *args],
                          cwd=cwd, input=stdin, capture_output=True, env=env, timeout=300,
                          **kwargs)


# ------------------------------------------------------------------------------ --jobs


def test_a_worker_killed_while_it_holds_the_lock_stops_no_one(tmp_path, monkeypatch):
    """The claims lock is a record lock the kernel lets go when its holder dies: a worker
    killed holding it (out of memory, SIGKILL) left the run waiting forever on a pipe."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    expected = lint_paths(["tree"], jobs=1).findings
    parent, real, taken = os.getpid(), batch._FileLock.__enter__, [0]

    def enter(self):
        real(self)
        if os.getpid() != parent:
            taken[0] += 1
            if taken[0] == 2:  # the worker's second claim, the lock held
                os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(batch._FileLock, "__enter__", enter)
    assert lint_paths(["tree"], jobs=2).findings == expected


def test_a_run_with_no_descriptors_left_for_its_workers_lints_with_those_it_has(
        tmp_path, monkeypatch):
    """Out of file descriptors while it starts workers: the run lints with the workers it
    could start (here: none), instead of an internal error, and leaks nothing."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    expected = lint_paths(["tree"], jobs=1).findings
    real_pipe, made = os.pipe, [0]

    def pipe():
        made[0] += 1
        if made[0] > 1:  # the first worker's second pipe
            raise OSError(24, "Too many open files")
        return real_pipe()

    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    monkeypatch.setattr(batch.os, "pipe", pipe)
    assert lint_paths(["tree"], jobs=8).findings == expected
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before


def test_the_calling_program_s_sigterm_handler_does_not_run_in_the_workers(tmp_path):
    """The run ends its workers with SIGTERM: they take it as Python does by default, not
    through a handler the program that called the run had set."""
    mixed_tree(tmp_path / "tree")
    log = tmp_path / "handler.log"
    script = (
        "import os, signal, sys\n"
        "from linter import parse\n"
        "from linter.runner import lint_paths\n"
        "parent = os.getpid()\n"
        f"log = {str(log)!r}\n"
        "def on_term(sig, frame):\n"
        "    open(log, 'a').write(f'ran in {os.getpid()}\\n')\n"
        "signal.signal(signal.SIGTERM, on_term)\n"
        "real, n = parse.parse, [0]\n"
        "def stops(src, *a, **k):\n"
        "    if os.getpid() == parent:\n"
        "        n[0] += 1\n"
        "        if n[0] == 3:\n"
        "            raise KeyboardInterrupt\n"
        "    return real(src, *a, **k)\n"
        "parse.parse = stops\n"
        "try:\n"
        "    lint_paths(['tree'], jobs=3)\n"
        "except KeyboardInterrupt:\n"
        "    print('stopped')\n")
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                       text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert r.stdout.strip() == "stopped", r.stderr[-500:]
    assert not log.exists() or log.read_text() == ""


def test_a_closed_standard_output_is_no_internal_error(tmp_path):
    mixed_tree(tmp_path / "tree", dockerfiles=3)
    r = subprocess.run(f"{sys.executable} -m linter check --no-cache tree >&-", shell=True,
                       cwd=tmp_path, capture_output=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert b"internal error" not in r.stderr, r.stderr[-300:]


# ------------------------------------------------------------------------- line model


def test_yaml_on_standard_input_is_numbered_as_yaml_by_the_fixer_and_the_frames(tmp_path):
    """A YAML text without a YAML name (standard input, a masked path) is numbered as the
    YAML reader numbers it (U+2028 ends a line there), as a Dockerfile is by its name or
    content: ``--fix`` deleted the line after the one at fault."""
    text = b'# shop stack\xe2\x80\xa8\nversion: "3.8"\nname: shop\nservices:\n  web:\n' \
           b'    image: nginx:1.25\n'
    r = _shiplint("--select", "SL413", "--fix", "-", cwd=tmp_path, stdin=text)
    assert r.stdout == text.replace(b'version: "3.8"\n', b""), r.stdout
    assert b"bug" not in r.stderr
    text = b"# shop\xe2\x80\xa8\nservices:\n  web:\n    image: nginx:1.25\n" \
           b"    privileged: true\n"
    r = _shiplint("--show-source", "-", cwd=tmp_path, stdin=text)
    out = r.stdout.decode()
    assert "4 |   web:" in out and "6 |     privileged: true" in out


def test_a_code_frame_escapes_a_line_or_paragraph_separator(tmp_path):
    """They stay in a Dockerfile's line now: a code frame escapes them like any character
    that could fake a line."""
    from linter.report.text import clean

    assert clean("a\u2028b\u2029c") == "a\\u2028b\\u2029c"
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nRUN echo 'x\u2028y' && "
                                         "apt-get update\n", encoding="utf-8")
    r = _shiplint("--show-source", "Dockerfile", cwd=tmp_path)
    assert "\u2028" not in r.stdout.decode() and "\\u2028" in r.stdout.decode()


# ------------------------------------------------------------------------------ secrets


@pytest.mark.skipif(shutil.which("kustomize") is None and shutil.which("kubectl") is None,
                    reason="neither kustomize nor kubectl is installed")
def test_a_build_directory_holding_a_secret_is_masked_in_the_messages(tmp_path):
    """A finding a Kustomize build places says which build: its directory masked, as paths
    are everywhere (the token was printed in text, JSON and SARIF)."""
    top = tmp_path / SECRET
    (top / "base").mkdir(parents=True)
    (top / "overlay").mkdir()
    (top / "base" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n"
        "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
        "      - {name: web, image: 'nginx:1.27'}\n")
    (top / "base" / "kustomization.yaml").write_text("resources:\n- deployment.yaml\n")
    (top / "overlay" / "kustomization.yaml").write_text("resources:\n- ../base\n")
    for fmt in ("text", "json", "sarif"):
        r = _shiplint("-f", fmt, ".", cwd=tmp_path)
        out = r.stdout.decode() + r.stderr.decode()
        assert "kustomize build of" in out and SECRET not in out, fmt


def test_the_progress_display_shows_a_path_masked(monkeypatch):
    from linter import cli

    shown = []

    class Bar:
        def update(self, task, completed, description):
            shown.append(description)

    live = cli._Live(0, stream=False)
    live.bar, live.task, live.enabled = Bar(), 1, True
    live.done(f"k8s/{SECRET}/pod.yaml", [], True)
    assert shown and SECRET not in shown[0] and "[REDACTED-" in shown[0]


def test_the_lsp_test_session_applies_edits_on_lsp_s_lines():
    """The tests' editor stand-in (``lsp_session.apply_edits``) splits lines as LSP does:
    a form feed is a character of its line there too."""
    lsp = pytest.importorskip("lsprotocol.types")
    from lsp_session import apply_edits

    edit = lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=2, character=0),
                                        end=lsp.Position(line=2, character=3)),
                        new_text="ENTRYPOINT")
    assert apply_edits("FROM a\n# x\x0cy\nCMD b\n", [edit]) == "FROM a\n# x\x0cy\nENTRYPOINT b\n"


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8"])
def test_a_byte_that_is_not_utf8_is_reported_on_its_line_whatever_the_line_ends(eol):
    """On the line the file's parser numbers it: a YAML file's lines end at \\r and at
    NEL/LS/PS too; a Dockerfile's only at \\n, as Docker reads it (with classic Mac line
    ends the whole file is one line, which Docker cannot build either)."""
    from linter.parse import parse
    from linter.source import decode

    def bad_lines(path: str, data: bytes) -> list[int]:
        src = decode(path, data)
        assert src.text == data.decode("utf-8", "replace")
        return [p.span.line for p in parse(src, True).problems if p.rule == "invalid-utf8"]

    data = eol.join([b"a: 1", b"# caf\xe9", b"b: 2", b"# \xff"]) + eol
    assert bad_lines("compose.yaml", data) == [2, 4]
    data = eol.join([b"FROM alpine:3.20", b"# caf\xe9", b"RUN true", b"# \xff"]) + eol
    assert bad_lines("Dockerfile", data) == ([2, 4] if eol in (b"\n", b"\r\n") else [1])
    assert bad_lines("-", data) == bad_lines("Dockerfile", data)  # a Dockerfile by content


def test_the_lines_with_bytes_that_are_not_utf8_are_the_lines_holding_a_replacement():
    """``source.bad_bytes`` finds, in the bytes, the lines where the decoded text holds a
    U+FFFD, numbered as ``split_lines`` numbers the text's lines for either kind."""
    import random

    from linter.source import SourceFile, bad_bytes, decode, split_lines

    rnd = random.Random(25)
    alphabet = [b"a", b"\n", b"\r", b"\r\n", b"\xe9", b"\xc3\xa9", b"\xe2\x80\xa8", b"\x0c",
                b"\xed\xa0\x80", b"\xf0\x9f", b"\xff", b"\xc2\x85", b"\x80", b"\xe2\x80"]
    for _ in range(2000):
        data = b"".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        src = decode("x", data)
        assert src.text == data.decode("utf-8", "replace")
        for yaml in (False, True):
            want = [n for n, line in enumerate(split_lines(src.text, yaml=yaml), 1)
                    if "\ufffd" in line]
            got = [p.span.line for p in bad_bytes(src, yaml) if "more lines" not in p.message]
            assert got == want[:10], (data, yaml)
    assert bad_bytes(SourceFile("x", "a"), True) == []


def test_a_file_of_bad_bytes_is_read_in_one_pass():
    """5 MB of 0xff (every byte a bad sequence) decoded the rest of the file again after
    each: about 20 minutes. Now the line is decoded once: one finding, line 1."""
    from linter.parse import parse
    from linter.source import decode

    src = decode("Dockerfile", b"\xff" * (5 << 20))
    problems = [p for p in parse(src, True).problems if p.rule == "invalid-utf8"]
    assert [p.span.line for p in problems] == [1]


def test_a_code_frame_hides_a_secret_an_editor_shows_on_a_line_of_its_own(tmp_path):
    """After a \\r alone (one Dockerfile line to Docker, two to an editor, SL257), an
    ``ENV KEY value`` holding a secret is hidden as it is on a line of its own, also in a
    continued instruction."""
    (tmp_path / "Dockerfile").write_bytes(
        b"FROM alpine:3.20\nUSER 1000\nRUN make #\rENV DB_PASSWORD hunter2hunter2XYZ\n"
        b"LABEL a=b \\\n\rENV DB_PASSWORD hunter2hunter2XYZ\n")
    from test_cli import run

    r = run("check", "--no-cache", "--show-source", "Dockerfile", cwd=tmp_path)
    assert "SL257" in r.stdout and "3 | [REDACTED]" in r.stdout and "5 | [REDACTED]" in r.stdout
    assert "hunter2" not in r.stdout + r.stderr
