"""SL203 package-cache-in-layer: Package manager cache left in the image layer."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile, Instruction
from linter.dockerfile.packages import (
    PackageCommand,
    covered,
    package_commands,
    removes,
)
from linter.dockerfile.shell import Script
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .packages import calls

_DOCKERFILE_REF = "https://docs.docker.com/build/building/best-practices/#apt-get"


_CACHE_REF = "https://docs.docker.com/build/cache/optimize/#use-cache-mounts"


RULE = Rule(
    code="SL203",
    name="package-cache-in-layer",
    severity=Severity.INFO,
    summary="Package manager cache left in the image layer",
    rationale=(
        "Package indexes and downloaded packages (`/var/lib/apt/lists`, `/var/cache/apk`, "
        "`/var/cache/dnf`, `~/.cache/pip`, `~/.npm`, the yarn cache) are written into the "
        "RUN's layer; deleting them in a later RUN does not shrink the image. They add tens "
        "to hundreds of megabytes, and stale indexes mislead later installs. Only the layers "
        "of the final stage (and the stages it is built FROM) are judged: a discarded build "
        "stage may keep its cache."),
    remediation=(
        "Clean up in the same RUN, after the install: `rm -rf /var/lib/apt/lists/*`, "
        "`apk add --no-cache`, `dnf clean all` / `yum clean all` / `zypper clean -a`, "
        "`pip install --no-cache-dir`, `npm cache clean --force`, `yarn cache clean`; or use "
        "a BuildKit cache mount (`RUN --mount=type=cache,target=/var/cache/apt ...`), which "
        "keeps the cache out of the image and speeds up rebuilds."),
    references=[_DOCKERFILE_REF, _CACHE_REF],
    aliases={"hadolint": ["DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042",
                          "DL3060"],
             "trivy": ["DS-0015", "DS-0019", "DS-0020", "DS-0025", "DS-0027"],
             "kics": ["Apt Get Install Lists Were Not Deleted", "Apk Add Using Local Cache Path",
                      "Yum Clean All Missing", "Missing Dnf Clean All", "Missing Zypper Clean",
                      "Pip install Keeping Cached Packages"]},
    tags=["image-size"],
    failing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add curl=8.12.1-r0\n"),
        Example("Dockerfile", "FROM python:3.12\nRUN pip install flask==3.0.3\n"),
        Example("Dockerfile", "FROM rockylinux:9\nRUN yum install -y httpd-2.4.62\n"),
        # a cleanup before the install does not count
        Example("Dockerfile", "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && "
                              "apt-get update && apt-get install -y --no-install-recommends "
                              "curl=7.88.1-10\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 \\\n"
                              " && rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt "
                              "apt-get update && apt-get install -y --no-install-recommends "
                              "curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n"),
        Example("Dockerfile", "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\n"
                              "RUN pip install flask==3.0.3\n"),
        # local wheels, no index: nothing is downloaded or cached
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --no-index /wheels/*.whl\n"),
        # a build stage that is not part of the final image
        Example("Dockerfile", "FROM python:3.12 AS build\nRUN pip install flask==3.0.3\n"
                              "FROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\n"),
    ],
    opt_in="hygiene",
)


def _env_names(df: Dockerfile, ins: Instruction) -> set[str]:
    names: set[str] = set()
    for stage in df.shipped_stages():
        for other in stage.instructions:
            if other is ins:
                break
            if other.keyword in ("ENV", "ARG"):
                names.update(kv.key for kv in other.key_values
                             if kv.value not in ("0", "false", "False", ""))
    return names


_FAMILY_CACHE = {
    "apt": ("/var/lib/apt/lists", ("/var/lib/apt/lists", "/var/lib/apt"),
            "rm -rf /var/lib/apt/lists/*"),
    "apk": ("/var/cache/apk", ("/var/cache/apk", "/etc/apk/cache"), "apk add --no-cache"),
    "rpm": ("/var/cache/yum", ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5",
                               "/var/cache/tdnf"), "clean all"),
    "zypper": ("/var/cache/zypp", ("/var/cache/zypp",), "zypper clean -a"),
    "pip": ("/root/.cache/pip", ("/root/.cache/pip", "/root/.cache"), "--no-cache-dir"),
    "npm": ("/root/.npm", ("/root/.npm",), "npm cache clean --force"),
    "yarn": ("/usr/local/share/.cache/yarn", ("/usr/local/share/.cache/yarn",
                                               "/root/.cache/yarn", "/root/.yarn"),
             "yarn cache clean"),
}


def _cleaned_later(sc: Script, pc: PackageCommand, dirs: tuple[str, ...]) -> bool:
    start = pc.command.start
    for other in package_commands(sc):
        if other.command.start <= start or other.family != pc.family:
            continue
        if pc.family in ("rpm", "zypper") and other.action == "clean":
            return True
        if pc.family == "apk" and other.action == "cache-clean":
            return True
        if pc.family == "pip" and other.action == "cache":
            return True
        if pc.family in ("yarn", "npm") and other.action == "cache-clean":
            return True
        if pc.family == "apt" and (other.action == "dist-clean" or (
                other.action == "clean" and pc.action != "update")):
            return True
    for cmd in sc.commands:
        if cmd.start <= start:
            continue
        if removes(cmd, *dirs):
            return True
        if pc.family == "pip" and cmd.name == "rm" and any(".cache" in w.value
                                                           for w in cmd.args):
            return True
    return False


@RULE.check(Dockerfile)
def _cache(df: Dockerfile) -> Iterator[Hit]:
    shipped = {id(s) for s in df.shipped_stages()}
    for ins, sc, pc in calls(df):
        if ins.stage is None or id(ins.stage) not in shipped:
            continue
        spec = _FAMILY_CACHE.get(pc.family)
        if spec is None:
            continue
        where, dirs, how = spec
        fam = pc.family
        if fam == "apt":
            if pc.action != "update":
                continue  # apt's lists come from `update`; the .deb cache is cleaned by images
        elif fam == "apk":
            if pc.action not in ("install", "update") or pc.has("--no-cache", "--no-network"):
                continue
        elif fam in ("rpm", "zypper"):
            if pc.action not in ("install", "upgrade"):
                continue
            if fam == "rpm":
                how = f"{pc.command.name} clean all"
        elif fam == "pip":
            if pc.action != "install" or pc.uv or pc.has("--no-cache-dir", "--no-cache",
                                                          "--no-index"):
                continue
            if "PIP_NO_CACHE_DIR" in _env_names(df, ins):
                continue
        elif fam == "yarn":
            if pc.action != "install":
                continue
        elif fam == "npm":
            if pc.action not in ("install", "ci") or "NPM_CONFIG_CACHE" in _env_names(df, ins):
                continue
        if covered(ins, *dirs) or _cleaned_later(sc, pc, dirs):
            continue
        what = f"{pc.manager} {pc.action}" if pc.action else pc.manager
        yield Hit(pc.command, f"{what} leaves its cache ({where}) in the layer; "
                              f"clean it in the same RUN ({how}) or use a cache mount",
                  fix=how)
