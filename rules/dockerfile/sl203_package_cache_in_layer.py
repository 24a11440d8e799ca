"""SL203 package-cache-in-layer: Package manager cache left in the image layer."""

from __future__ import annotations

import posixpath

from linter.dockerfile import Dockerfile, Instruction
from linter.dockerfile.packages import (
    PackageCommand,
    covered,
    package_commands,
    removes,
)
from linter.dockerfile.shell import Script, scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Autofix, Severity

from .fixes import add_option, append_command
from .packages import calls
from .variables import build_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

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
    failing=lambda: [
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
    passing=lambda: [
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
    fixable="safe",  # apk --no-cache, pip --no-cache-dir, apt's lists and rpm's cache removed
)


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


# Where a manager can be told to keep no cache, or to keep it elsewhere: an option, an
# environment variable (from ENV/ARG, `export`, `NAME=value cmd`, `env NAME=value cmd`) or the
# manager's own configuration (`pip config set global.no-cache-dir ...`).
_NO_CACHE_ENV = {"pip": "PIP_NO_CACHE_DIR"}
_NO_CACHE_CONFIG = {"pip": "no-cache-dir"}
_DIR_OPTION = {"pip": "--cache-dir", "npm": "--cache", "yarn": "--cache-folder"}
_DIR_ENV = {"pip": ("PIP_CACHE_DIR",), "npm": ("npm_config_cache", "NPM_CONFIG_CACHE"),
            "yarn": ("YARN_CACHE_FOLDER",)}
_DIR_CONFIG = {"pip": "cache-dir", "npm": "cache", "yarn": "cache-folder"}


def _configured(df: Dockerfile, ins: Instruction, sc: Script, pc: PackageCommand,
                key: str) -> str | None:
    """The value of ``key`` set by the manager's own `config set` in this RUN before ``pc``
    or in an earlier RUN of the stages this one builds on (None when never set)."""
    found = None
    for other_ins, other in earlier_scripts(df, ins, sc):
        for o in package_commands(other):
            if o.family != pc.family or o.action not in ("config", "global") or (
                    other is sc and o.command.start >= pc.command.start):
                continue
            if "set" not in o.command.values():
                continue  # `config get`, `config list`
            vals = [w.value for w in o.packages if w.value != "set"]
            setting, eq, value = vals[0].partition("=") if vals else ("", "", "")
            if setting.split(".")[-1] == key:
                found = value if eq else (vals[1] if len(vals) > 1 else "")
    return found


def earlier_scripts(df: Dockerfile, ins: Instruction, sc: Script):
    """The RUN scripts that ran before ``ins`` in its stage and the stages it builds on,
    then ``sc`` itself."""
    stage = ins.stage
    chain = stage.lineage() if stage is not None else []
    before = []
    mine = {id(i) for s in chain for i in s.instructions}
    for other_ins, other in scripts(df):
        if other is sc:
            break
        if id(other_ins) in mine:
            before.append((other_ins, other))
    return before + [(ins, sc)]


def _env(df: Dockerfile, ins: Instruction, sc: Script, pc: PackageCommand,
         name: str) -> tuple[str | None, bool]:
    """The value of environment variable ``name`` for ``pc``: from the script first, then
    the Dockerfile's ENV/ARG (see ``variables.build_value``)."""
    env = sc.environment_of(pc.command)
    if name in env:
        return env[name], "$" not in env[name]
    return build_value(df, ins, name)


def _cache_off(df: Dockerfile, ins: Instruction, sc: Script, pc: PackageCommand) -> bool:
    """Whether the manager is told to keep no cache by its environment or configuration.
    pip turns its cache off for any non-empty PIP_NO_CACHE_DIR or `no-cache-dir` setting
    (`1`, `true`, `0`, `off`, `false` alike; an empty value is ignored)."""
    name = _NO_CACHE_ENV.get(pc.family)
    if name is not None:
        value, known = _env(df, ins, sc, pc, name)
        if not known or value:
            return True
    key = _NO_CACHE_CONFIG.get(pc.family)
    return key is not None and bool(_configured(df, ins, sc, pc, key))


def _cache_dir(df: Dockerfile, ins: Instruction, sc: Script, pc: PackageCommand) -> str | None:
    """Where the manager keeps its cache when an option, the environment or its configuration
    moves it: a path, '' when it cannot be told, None when it stays in the default place."""
    option = _DIR_OPTION.get(pc.family)
    value = pc.value_of(option) if option else None
    if value is None:
        for name in _DIR_ENV.get(pc.family, ()):
            v, known = _env(df, ins, sc, pc, name)
            if v is not None or not known:
                value = v if known else ""
                break
    if value is None and pc.family in _DIR_CONFIG:
        value = _configured(df, ins, sc, pc, _DIR_CONFIG[pc.family])
    if value is None:
        return None
    value = value.strip().strip("'\"")
    return "" if not value or "$" in value else value.rstrip("/") or "/"


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
            if _cache_off(df, ins, sc, pc):
                continue
        elif fam == "yarn":
            if pc.action != "install":
                continue
        elif fam == "npm":
            if pc.action not in ("install", "ci"):
                continue
        if fam in _DIR_OPTION:
            moved = _cache_dir(df, ins, sc, pc)
            if moved is not None:
                if not moved or moved == "/dev/shm" or moved.startswith(("/dev/shm/", "/dev/null")):
                    continue  # cannot be told, or a tmpfs that no layer keeps
                where, dirs = moved, (posixpath.normpath(moved),)
                if fam == "pip":
                    how = "--no-cache-dir"
        if covered(ins, *dirs) or _cleaned_later(sc, pc, dirs):
            continue
        what = f"{pc.manager} {pc.action}" if pc.action else pc.manager
        yield Hit(pc.command, f"{what} leaves its cache ({where}) in the layer; "
                              f"clean it in the same RUN ({how}) or use a cache mount",
                  fix=how, autofix=_autofix(df, ins, sc, pc, how))


def _autofix(df: Dockerfile, ins: Instruction, sc: Script, pc: PackageCommand,
             how: str) -> Autofix | None:
    """The option that keeps no cache (apk, pip), or the cleanup appended to the RUN: apt's
    lists once the RUN has installed what it updated them for, rpm's `clean all`."""
    if how.startswith("-"):
        return add_option(sc, pc, how)
    if pc.family == "apk" and pc.action == "install":
        return add_option(sc, pc, "--no-cache")
    # the cleanup runs with the privileges the manager ran with (`sudo apt-get ...`)
    how = "".join(f"{w} " for w in pc.command.wrappers if w in ("sudo", "doas")) + how
    if pc.family == "apt" and any(o.family == "apt" and o.action == "install"
                                  and o.command.start > pc.command.start
                                  for o in package_commands(sc)):
        edit = append_command(df, ins, sc, how)
        # a later RUN that installs without updating first needs the lists this removes
        safe = not _installs_without_update_later(df, ins)
        return Autofix(f"remove apt's lists at the end of the RUN ({how})", (edit,), safe) \
            if edit else None
    if pc.family == "rpm" and how.endswith(f"{pc.command.name} clean all"):
        edit = append_command(df, ins, sc, how)
        return Autofix(f"clean the cache at the end of the RUN ({how})", (edit,), True) \
            if edit else None
    return None


def _installs_without_update_later(df: Dockerfile, ins: Instruction) -> bool:
    """Whether a RUN after ``ins`` (in its stage or a stage built from it) runs `apt-get
    install` with no `apt-get update` before it in that RUN."""
    stage = ins.stage
    after = False
    for other, sc in scripts(df):
        if other is ins:
            after = True
            continue
        if not after or other.stage is None or stage not in other.stage.lineage():
            continue
        updated = False
        for o in package_commands(sc):
            if o.family != "apt":
                continue
            if o.action == "update":
                updated = True
            elif o.action == "install" and not updated:
                return True
    return False
