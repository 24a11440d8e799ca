"""SL224 secret-mount-persisted: A secret from RUN --mount=type=secret is written into the image."""

from __future__ import annotations

import re

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import mounts
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL224",
    name="secret-mount-persisted",
    severity=Severity.HIGH,
    summary="A secret from RUN --mount=type=secret is written into the image",
    rationale=(
        "A secret mount keeps a secret out of the layers only as long as the script does not "
        "copy it somewhere: `cp /run/secrets/npmrc ~/.npmrc`, `cat /run/secrets/t > "
        "/app/token`, or `git config --global ... $(cat /run/secrets/token)` write it into the "
        "layer, where anyone who pulls the image can read it."),
    remediation=(
        "Use the secret where it is mounted (point the tool at it: `NPM_CONFIG_USERCONFIG="
        "/run/secrets/npmrc`, `--mount=type=secret,id=npmrc,target=/root/.npmrc`), or read "
        "it into an environment variable of that one command; delete any copy in the same RUN "
        "at the latest."),
    references=["https://docs.docker.com/build/building/secrets/", _REF + "#run---mounttypesecret"],
    aliases={},  # no peer checks secret mounts copied into the image
    tags=["security", "secrets"],
    failing=lambda: [
        Example("Dockerfile", "FROM node:22\nRUN --mount=type=secret,id=npmrc "
                              "cp /run/secrets/npmrc /root/.npmrc && npm ci\n"),
        Example("Dockerfile", "FROM alpine/git:2.45\nRUN --mount=type=secret,id=tok,env=TOKEN "
                              "git config --global url.\"https://${TOKEN}@github.com/\".insteadOf "
                              "https://github.com/\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM node:22\nRUN --mount=type=secret,id=npmrc,"
                              "target=/root/.npmrc npm ci\n"),
        Example("Dockerfile", "FROM node:22\nRUN --mount=type=secret,id=npmrc "
                              "cp /run/secrets/npmrc /root/.npmrc && npm ci && rm /root/.npmrc\n"),
    ],
    masks_source=True,
    reports_overridden=True,
)


def _secret_refs(ins) -> tuple[list[str], list[str]]:
    paths, envs = [], []
    for m in mounts(ins):
        if m.get("type") != "secret":
            continue
        if m.get("env"):
            envs.append(m["env"])
        target = m.get("target") or ""
        if not target and not m.get("env"):
            ident = m.get("id") or ""
            target = f"/run/secrets/{ident}" if ident else ""
        elif not target and m.get("id") and m.get("env") is None:
            target = f"/run/secrets/{m['id']}"
        if target:
            paths.append(target)
    return paths, envs


_CONFIG = {("git", "config"), ("npm", "config"), ("yarn", "config"), ("pnpm", "config"),
           ("pip", "config"), ("pip3", "config"), ("composer", "config"),
           ("bundle", "config")}


@RULE.check(Dockerfile)
def _leak(df: Dockerfile) -> Iterator[Hit]:
    for ins, sc in scripts(df):
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        paths, envs = _secret_refs(target)
        if not paths and not envs:
            continue
        env_re = re.compile(r"\$\{?(" + "|".join(map(re.escape, envs)) + r")\b") if envs else None

        def mentions(text: str) -> bool:
            return any(p in text for p in paths) or bool(env_re and env_re.search(text))

        removed = [w.value for c in sc.commands if c.name == "rm" for w in c.args]
        for c in sc.commands:
            vals = c.values()
            if c.name in ("cp", "mv", "install", "rsync") and len(vals) >= 2:
                srcs = [v for v in vals[:-1] if not v.startswith("-")]
                dest = vals[-1]
                if any(p in s for s in srcs for p in paths) and not any(
                        dest == r or dest.startswith(r.rstrip("*")) for r in removed if r):
                    yield Hit(c, f"{c.name} copies the mounted secret to {dest}, where it stays "
                                 "in the layer", fix="use the secret where it is mounted")
            elif (c.name, vals[0] if vals else "") in _CONFIG and \
                    any(mentions(w.raw) for w in c.args) and "--unset" not in vals:
                yield Hit(c, f"{c.name} config stores the mounted secret in a config file that "
                             "stays in the layer")
        # `cat /run/secrets/x > file`, `echo "$TOKEN" >> ~/.npmrc`
        for m in re.finditer(r"[^\n;&|]*?>>?\s*([^\s;&|]+)", sc.text):
            before, dest = m.group(0), m.group(1)
            head = before[:before.rfind(">")].rstrip(">").rstrip()
            if mentions(head) and not dest.startswith("/dev/") and not dest.startswith("&") \
                    and not any(dest == r for r in removed) and "<<" not in head:
                yield Hit(ins, f"RUN writes the mounted secret to {dest}, where it stays in the "
                               "layer", fix="use the secret where it is mounted")
                break
