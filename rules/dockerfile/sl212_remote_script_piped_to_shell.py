"""SL212 remote-script-piped-to-shell: Downloaded script runs straight from the network (`curl ...
| sh`).
"""

from __future__ import annotations

from linter import lazyre
from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import SHELLS, Command, Script, scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL212",
    name="remote-script-piped-to-shell",
    severity=Severity.MEDIUM,
    summary="Downloaded script runs straight from the network (`curl ... | sh`)",
    rationale=(
        "`curl https://... | sh` runs whatever the server sends at build time: nothing checks "
        "it against a known checksum or signature, a compromised or hijacked host (or a "
        "partial download cut mid-line) executes in your build with its privileges, and the "
        "next build may run a different script. None of hadolint, Checkov, Trivy or KICS "
        "catch this."),
    remediation=(
        "Download to a file, verify it, then run it: `curl -fsSLo install.sh URL && echo "
        "\"<sha256>  install.sh\" | sha256sum -c - && sh install.sh`; or use `ADD --checksum="
        "sha256:... URL /tmp/install.sh`, or a pinned package instead of the installer."),
    references=[
        "https://docs.docker.com/reference/dockerfile/#add---checksum",
        "https://docs.docker.com/build/building/best-practices/#add-or-copy",
    ],
    # No peer tool has this check: the empty lists record that each was looked at.
    aliases={},  # no peer catches a script piped from the network into a shell
    tags=["security", "supply-chain"],
    failing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n"),
        Example("Dockerfile", "FROM debian:12\nRUN wget -qO- https://example.com/i.sh | "
                              "sudo bash -s stable --yes\n"),
        Example("Dockerfile", "FROM debian:12\nRUN sh -c \"$(curl -fsSL "
                              "https://example.com/install.sh)\"\n"),
        Example("Dockerfile", "FROM python:3.12\nRUN curl -sSL https://install.example.org | "
                              "python3 -\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz | "
                              "tar -xz -C /opt\n"),
        Example("Dockerfile", "FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://example.com/i.sh"
                              " && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh\n"),
        Example("Dockerfile", "FROM python:3.12\nRUN curl -s https://api.example.com/v | "
                              "python3 -c 'import json,sys; print(json.load(sys.stdin))'\n"),
        Example("Dockerfile", "FROM debian:12\nRUN echo 'curl https://x | sh' > /notes\n"),
        Example("Dockerfile", "FROM debian:12\nRUN wget https://example.com/i.sh | sh\n"),
    ],
)


_INTERPRETERS = SHELLS | {"python", "python2", "python3", "perl", "ruby", "node", "php", "pwsh",
                          "deno", "bun"}


_PY = lazyre.compile(r"python\d+(\.\d+)?\Z")


def _is_interpreter(cmd: Command) -> bool:
    name = cmd.name
    if name not in _INTERPRETERS and not _PY.match(name):
        return False
    # `python3 -c '...'`, `node -e '...'`: they run their own code, the download is data.
    for w in cmd.args:
        v = w.value
        if v in ("-c", "-e", "-m", "--eval", "-p", "--print") and name not in SHELLS:
            return False
        if name in SHELLS and v.startswith("-") and not v.startswith("--") and "c" in v:
            return False
        if name in SHELLS and (v == "--" or (v.startswith("-") and "s" in v[1:])):
            return True  # sh -s: the script comes from stdin, the rest are its arguments
        if not v.startswith("-"):
            return v == "-" if name not in SHELLS else False  # a script file: not the download
    return True


def _downloads_to_stdout(cmd: Command) -> bool:
    if cmd.name == "curl":
        for w in cmd.args:
            v = w.value
            if v in ("-o", "--output", "-O", "--remote-name", "--remote-name-all") or \
                    v.startswith("--output="):
                return False
            if v.startswith("-") and not v.startswith("--") and v[1:].isalpha() and (
                    "o" in v[1:] or "O" in v[1:]):
                return False
        return True
    if cmd.name == "wget":
        vals = cmd.values()
        for k, v in enumerate(vals):
            if v in ("-O", "--output-document") and k + 1 < len(vals):
                return vals[k + 1] == "-"
            if v.startswith("--output-document="):
                return v.split("=", 1)[1] == "-"
            if v.startswith("-") and not v.startswith("--") and "O" in v:
                rest = v[v.index("O") + 1:]
                if rest:
                    return rest == "-"
                return k + 1 < len(vals) and vals[k + 1] == "-"
        return False
    return False


def _piped(sc: Script) -> Iterator[Hit]:
    for cmds in sc.pipelines().values():
        for k, c in enumerate(cmds):
            if c.name not in ("curl", "wget") or not _downloads_to_stdout(c):
                continue
            for later in cmds[k + 1:]:
                if _is_interpreter(later):
                    yield Hit(c, f"{c.name} output is piped into {later.name}: a script from "
                                 "the network runs without any checksum or signature check",
                              fix="download to a file, verify its checksum, then run it")
                    break
    for c in sc.commands:
        if c.substitution and c.name in ("curl", "wget") and c.parent is not None and (
                c.parent.name in SHELLS or c.parent.name in ("eval", "source", ".")) \
                and _downloads_to_stdout(c):
            yield Hit(c, f"{c.parent.name} runs the output of {c.name}: a script from the "
                         "network runs without any checksum or signature check",
                      fix="download to a file, verify its checksum, then run it")


@RULE.check(Dockerfile)
def _pipe(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        yield from _piped(sc)
