"""Download rules of RUN scripts and build variables: TLS verification switched off (SL211),
remote scripts piped into an interpreter (SL212), curl and wget both used (SL213)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import package_commands
from linter.dockerfile.shell import SHELLS, Command, Script, scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TLS = Rule(
    code="SL211",
    name="tls-verification-disabled",
    severity=Severity.HIGH,
    summary="TLS certificate verification switched off",
    rationale=(
        "Without certificate checks anyone on the network path (a proxy, a compromised Wi-Fi, "
        "a poisoned DNS answer) can serve their own packages or scripts, and they end up in the "
        "image. Flags like `curl -k` or `pip --trusted-host`, and variables like "
        "`NODE_TLS_REJECT_UNAUTHORIZED=0`, also stay in force for whatever runs later."),
    remediation=(
        "Remove the flag or variable. If a private CA signs the server's certificate, add the "
        "CA to the image's trust store (`COPY ca.crt /usr/local/share/ca-certificates/` + "
        "`update-ca-certificates`) or point the tool at it (`curl --cacert`, `pip --cert`, "
        "`NODE_EXTRA_CA_CERTS`, `git config http.sslCAInfo`)."),
    references=[
        "https://curl.se/docs/sslcerts.html",
        "https://pip.pypa.io/en/stable/topics/https-certificates/",
        "https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue",
    ],
    aliases={"checkov": ["CKV2_DOCKER_2", "CKV2_DOCKER_3", "CKV2_DOCKER_4", "CKV2_DOCKER_5",
                         "CKV2_DOCKER_6", "CKV2_DOCKER_12", "CKV2_DOCKER_13", "CKV2_DOCKER_14",
                         "CKV2_DOCKER_15", "CKV2_DOCKER_16"]},
    tags=["security", "supply-chain"],
    failing=[
        Example("Dockerfile", "FROM alpine:3.20\nRUN curl -fsSLk https://example.com/x -o /x\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN wget --no-check-certificate "
                              "https://example.com/x\n"),
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --trusted-host pypi.org "
                              "flask==3.0.3\n"),
        Example("Dockerfile", "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n"),
        Example("Dockerfile", "FROM node:22\nRUN npm config set strict-ssl false\n"),
        Example("Dockerfile", "FROM alpine/git:2.45\nRUN git config --global http.sslVerify "
                              "false\n"),
        Example("Dockerfile", "FROM python:3.12\nARG PYTHONHTTPSVERIFY=0\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM alpine:3.20\nRUN curl -fsSL -K /etc/curlrc "
                              "https://example.com/x -o /x\n"),
        Example("Dockerfile", "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN echo 'never use curl -k' > /README\n"),
        Example("Dockerfile", "FROM alpine/git:2.45\nRUN git config --global http.sslVerify "
                              "true\n"),
    ],
)

_FALSE = ("0", "false", "no", "off")
# name -> predicate on the value: True when the value turns verification off
_ENV_OFF = {
    "NODE_TLS_REJECT_UNAUTHORIZED": lambda v: v.strip().strip("'\"") == "0",
    "PYTHONHTTPSVERIFY": lambda v: v.strip().strip("'\"") == "0",
    "GIT_SSL_NO_VERIFY": lambda v: v.strip().strip("'\"").lower() not in ("", "0", "false"),
    "NPM_CONFIG_STRICT_SSL": lambda v: v.strip().strip("'\"").lower() in _FALSE,
    "YARN_STRICT_SSL": lambda v: v.strip().strip("'\"").lower() in _FALSE,
    "PIP_TRUSTED_HOST": lambda v: bool(v.strip().strip("'\"")),
    "CURL_INSECURE": lambda v: v.strip().strip("'\"").lower() in ("1", "true", "yes"),
}


def _curl_insecure(cmd: Command):
    for w in cmd.args:
        v = w.value
        if v == "--insecure":
            return w
        if v.startswith("-") and not v.startswith("--") and "k" in v[1:] and v[1:].isalpha():
            return w
    return None


def _tls_in_command(cmd: Command) -> Iterator[Hit]:
    name = cmd.name
    for a in cmd.assignments:
        key, _, value = a.value.partition("=")
        pred = _ENV_OFF.get(key)
        if pred and pred(value):
            yield Hit(a, f"RUN sets {key}={value.strip()}, which turns off TLS verification")
    if name == "curl":
        w = _curl_insecure(cmd)
        if w is not None:
            yield Hit(w, f"curl {w.value} skips TLS certificate verification",
                      fix="remove -k/--insecure; use --cacert for a private CA")
    elif name == "wget":
        w = cmd.option("--no-check-certificate")
        if w is not None:
            yield Hit(w, "wget --no-check-certificate skips TLS certificate verification",
                      fix="remove it; use --ca-certificate for a private CA")
    elif name in ("npm", "yarn", "pnpm"):
        vals = [v.lower() for v in cmd.values()]
        if "strict-ssl" in vals:
            k = vals.index("strict-ssl")
            if k + 1 < len(vals) and vals[k + 1] in _FALSE:
                yield Hit(cmd, f"{name} config sets strict-ssl {vals[k + 1]}, which turns off "
                               "TLS verification of the registry")
        for w in cmd.args:
            if w.value.lower().replace(" ", "") in ("--strict-ssl=false", "strict-ssl=false"):
                yield Hit(w, f"{name} {w.value} turns off TLS verification of the registry")
    elif name == "git":
        vals = [v.lower() for v in cmd.values()]
        for k, v in enumerate(vals):
            if v.startswith("http.") and v.endswith("sslverify") and k + 1 < len(vals) \
                    and vals[k + 1] in _FALSE:
                yield Hit(cmd.args[k], f"git config {cmd.args[k].value} {vals[k + 1]} turns off "
                                       "TLS verification")
            elif "sslverify=" in v and v.rsplit("=", 1)[1] in _FALSE:
                yield Hit(cmd.args[k], f"git -c {cmd.args[k].value} turns off TLS verification")
    elif (name.startswith("pip") or name.startswith("python")) and "config" in cmd.values():
        for w in cmd.args:
            if w.value.lower().endswith("trusted-host"):
                yield Hit(w, f"{name} config sets {w.value}: pip accepts that host without a "
                             "valid certificate")
    elif name in ("export", "declare", "typeset", "readonly"):
        for w in cmd.args:
            key, eq, value = w.value.partition("=")
            pred = _ENV_OFF.get(key)
            if eq and pred and pred(value):
                yield Hit(w, f"RUN exports {key}={value.strip()}, which turns off TLS "
                             "verification")
    elif name in ("yum", "dnf", "microdnf", "tdnf", "yum-config-manager") or (
            name == "dnf" and "config-manager" in cmd.values()):
        for w in cmd.args:
            v = w.value.lower().replace(" ", "")
            if "sslverify=" in v and v.rsplit("=", 1)[1] in _FALSE:
                yield Hit(w, f"{name} option {w.value} turns off TLS verification of the "
                             "repository")


@TLS.check(Dockerfile)
def _tls(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword in ("ENV", "ARG"):
            for kv in target.key_values:
                pred = _ENV_OFF.get(kv.key)
                if pred and kv.value is not None and pred(kv.value):
                    yield Hit(kv, f"{target.keyword} {kv.key}={kv.value} turns off TLS "
                                  "verification for everything that runs later")
    for _, sc in scripts(df):
        for cmd in sc.commands:
            yield from _tls_in_command(cmd)
        for pc in package_commands(sc):
            if pc.family == "pip":
                w = pc.option("--trusted-host")
                if w is not None:
                    yield Hit(w, f"{pc.manager} --trusted-host lets pip accept that host "
                                 "without a valid certificate",
                              fix="remove --trusted-host; use --cert for a private CA")


# --------------------------------------------------------------------------------------------

PIPE = Rule(
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
    failing=[
        Example("Dockerfile", "FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n"),
        Example("Dockerfile", "FROM debian:12\nRUN wget -qO- https://example.com/i.sh | "
                              "sudo bash -s stable --yes\n"),
        Example("Dockerfile", "FROM debian:12\nRUN sh -c \"$(curl -fsSL "
                              "https://example.com/install.sh)\"\n"),
        Example("Dockerfile", "FROM python:3.12\nRUN curl -sSL https://install.example.org | "
                              "python3 -\n"),
    ],
    passing=[
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
_PY = re.compile(r"python\d+(\.\d+)?\Z")


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


@PIPE.check(Dockerfile)
def _pipe(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        yield from _piped(sc)


# --------------------------------------------------------------------------------------------

BOTH = Rule(
    code="SL213",
    name="curl-and-wget",
    severity=Severity.INFO,
    summary="Both curl and wget used in one stage",
    rationale=(
        "Two download tools in one image do the same job: one more package to keep patched "
        "and more megabytes. Stages are judged separately: curl in a build stage and wget in "
        "the final one is fine."),
    remediation="Use one of them throughout the stage (and install only that one).",
    references=["https://docs.docker.com/build/building/best-practices/"],
    aliases={"hadolint": "DL4001", "trivy": "DS-0014", "kics": "Run Using 'wget' and 'curl'"},
    tags=["image-size"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN curl -fsSLo /a https://example.com/a\n"
                                   "RUN wget -q https://example.com/b\n")],
    passing=[
        Example("Dockerfile", "FROM debian:12 AS fetch\nRUN curl -fsSLo /a https://example.com/a\n"
                              "FROM debian:12\nCOPY --from=fetch /a /a\n"
                              "RUN wget -q https://example.com/b\n"),
        Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y curl=1 wget=1\n"),
    ],
)


@BOTH.check(Dockerfile)
def _both(df: Dockerfile) -> Iterator[Hit]:
    seen: dict[int, dict[str, Command]] = {}
    order = []
    for ins, sc in scripts(df):
        if ins.stage is None:
            continue
        d = seen.setdefault(ins.stage.index, {})
        for c in sc.commands:
            if c.name in ("curl", "wget") and c.name not in d:
                d[c.name] = c
                if len(d) == 2:
                    order.append(c)
    for c in order:
        other = "curl" if c.name == "wget" else "wget"
        yield Hit(c, f"{c.name} is used in a stage that already uses {other}; pick one")
