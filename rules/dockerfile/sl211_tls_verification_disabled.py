"""SL211 tls-verification-disabled: TLS certificate verification switched off."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import package_commands
from linter.dockerfile.shell import Command, scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
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
    failing=lambda: [
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
    passing=lambda: [
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
    # git tests only whether the variable exists (`getenv`): any value, even false or empty
    "GIT_SSL_NO_VERIFY": lambda v: True,
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


@RULE.check(Dockerfile)
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
