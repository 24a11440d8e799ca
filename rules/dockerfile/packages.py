"""Package-manager rules of RUN scripts (SL201-SL208), on the model of
``linter.dockerfile.packages``."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile, Instruction
from linter.dockerfile.packages import (
    LANGUAGE_MANAGERS, OS_MANAGERS, PackageCommand, covered, is_pinned, package_commands,
    removes,
)
from linter.dockerfile.shell import Script, scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

_DOCKERFILE_REF = "https://docs.docker.com/build/building/best-practices/#apt-get"
_CACHE_REF = "https://docs.docker.com/build/cache/optimize/#use-cache-mounts"


def _calls(df: Dockerfile) -> Iterator[tuple[Instruction, Script, PackageCommand]]:
    for ins, sc in scripts(df):
        for pc in package_commands(sc):
            yield ins, sc, pc


def _names(words, limit: int = 3) -> str:
    shown = ", ".join(f"'{w.value}'" for w in words[:limit])
    more = len(words) - limit
    return shown + (f" and {more} more" if more > 0 else "")


# --------------------------------------------------------------------------------------------

UNPINNED_OS = Rule(
    code="SL201",
    name="unpinned-os-package",
    severity=Severity.LOW,
    summary="OS package installed without a version pin",
    rationale=(
        "`apt-get install curl` installs whatever version the mirror has on the day of the "
        "build: two builds of the same commit differ, and a broken or compromised update "
        "arrives unreviewed. Pinning makes the build reproducible and updates deliberate."),
    remediation=(
        "Pin each package in the manager's syntax: apt `curl=8.5.0-2ubuntu10.6`, apk "
        "`curl=8.12.1-r0` (or `curl~8.12`), yum/dnf `curl-8.6.0`, zypper `curl=8.6.0`; let "
        "Renovate or Dependabot update the pins. Or build `FROM` a digest-pinned base that "
        "already has the packages."),
    references=[_DOCKERFILE_REF,
                "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_Usage"],
    aliases={"hadolint": ["DL3008", "DL3018", "DL3033", "DL3041", "DL3037"],
             "kics": ["Apt Get Install Pin Version Not Defined",
                      "Unpinned Package Version in Apk Add", "Yum install Without Version",
                      "Missing Version Specification In dnf install",
                      "Zypper Install Without Version"]},
    tags=["reproducibility", "supply-chain"],
    failing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 git \\\n"
                              " && rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 \\\n"
                              " && rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0 "
                              "\"git~2.45\" $EXTRA ./local.apk\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && "
                              "dnf clean all\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN echo 'apk add curl' > /notes.txt\n"),
    ],
)


@UNPINNED_OS.check(Dockerfile)
def _unpinned_os(df: Dockerfile) -> Iterator[Hit]:
    for _, _, pc in _calls(df):
        if pc.manager not in OS_MANAGERS or pc.action != "install":
            continue
        loose = [w for w in pc.packages if is_pinned(pc, w) is False]
        if loose:
            yield Hit(loose[0], f"{pc.manager} installs {_names(loose)} without a version pin",
                      fix=f"pin the version, e.g. {_example_pin(pc, loose[0].value)}")


def _example_pin(pc: PackageCommand, name: str) -> str:
    f = pc.family
    if f in ("apt", "apk", "zypper"):
        return f"'{name}=<version>'"
    if f == "rpm":
        return f"'{name}-<version>'"
    if f == "pip":
        return f"'{name}==<version>'"
    if f in ("npm", "yarn", "pnpm", "go"):
        return f"'{name.split('@', 1)[0] if not name.startswith('@') else name}@<version>'"
    if f == "gem":
        return f"'{name}:<version>' or '-v <version>'"
    return "a version"


UNPINNED_LANG = Rule(
    code="SL202",
    name="unpinned-language-package",
    severity=Severity.LOW,
    summary="pip/npm/yarn/gem/go package installed without a version pin",
    rationale=(
        "`pip install flask` or `npm install -g typescript` takes the newest release at build "
        "time: builds stop being reproducible, and a hijacked release (typosquats, "
        "compromised maintainer accounts) lands in the image without review."),
    remediation=(
        "Pin versions: `pip install flask==3.0.3` (better: a requirements file with hashes, "
        "`pip install --require-hashes -r requirements.txt`), `npm install -g typescript@5.6.2` "
        "(or `npm ci` with a lockfile), `gem install rake -v 13.2.1`, "
        "`go install golang.org/x/tools/gopls@v0.16.2`."),
    references=["https://pip.pypa.io/en/stable/topics/secure-installs/",
                "https://docs.npmjs.com/cli/commands/npm-ci",
                "https://go.dev/ref/mod#go-install"],
    aliases={"hadolint": ["DL3013", "DL3016", "DL3028", "DL3062"],
             "kics": ["Unpinned Package Version in Pip Install",
                      "NPM Install Command Without Pinned Version", "Gem Install Without Version"]},
    tags=["reproducibility", "supply-chain"],
    failing=[
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --no-cache-dir flask\n"),
        Example("Dockerfile", "FROM node:22\nRUN npm install -g typescript@latest\n"),
        Example("Dockerfile", "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls\n"),
        Example("Dockerfile", "FROM ruby:3.3\nRUN gem install rake\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 "
                              "-r requirements.txt . 'requests>=2.32'\n"),
        Example("Dockerfile", "FROM node:22\nRUN npm ci && npm install -g @scope/tool@1.2.3\n"),
        Example("Dockerfile", "FROM golang:1.23\nRUN go install ./cmd/... && "
                              "go install golang.org/x/tools/gopls@v0.16.2\n"),
        Example("Dockerfile", "FROM ruby:3.3\nRUN gem install rake -v 13.2.1\n"),
    ],
)


@UNPINNED_LANG.check(Dockerfile)
def _unpinned_lang(df: Dockerfile) -> Iterator[Hit]:
    for _, _, pc in _calls(df):
        if pc.family not in LANGUAGE_MANAGERS or pc.action != "install":
            continue
        if pc.family == "pip" and pc.has("-c", "--constraint", "--require-hashes"):
            continue  # the constraints file pins
        loose = [w for w in pc.packages if is_pinned(pc, w) is False]
        if loose:
            yield Hit(loose[0], f"{pc.manager} installs {_names(loose)} without a version pin",
                      fix=f"pin the version, e.g. {_example_pin(pc, loose[0].value)}")


# --------------------------------------------------------------------------------------------

CACHE = Rule(
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


@CACHE.check(Dockerfile)
def _cache(df: Dockerfile) -> Iterator[Hit]:
    shipped = {id(s) for s in df.shipped_stages()}
    for ins, sc, pc in _calls(df):
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


# --------------------------------------------------------------------------------------------

PROMPT = Rule(
    code="SL204",
    name="package-install-prompts",
    severity=Severity.MEDIUM,
    summary="Package install without the non-interactive flag",
    rationale=(
        "`apt-get install`, `yum install`, `dnf install` and `zypper install` ask for "
        "confirmation unless told not to; a build has no terminal, so the install aborts (or "
        "hangs, depending on the manager and version) and the build fails."),
    remediation=(
        "Add the assume-yes flag: `apt-get install -y`, `yum install -y`, `dnf install -y`, "
        "`microdnf install -y`, `zypper --non-interactive install` (or `zypper install -y`)."),
    references=[_DOCKERFILE_REF, "https://en.opensuse.org/SDB:Zypper_usage"],
    aliases={"hadolint": ["DL3014", "DL3030", "DL3034", "DL3038"], "trivy": "DS-0021",
             "kics": ["APT-GET Missing Flags To Avoid Manual Input",
                      "Yum Install Allows Manual Input", "Missing Flag From Dnf Install",
                      "Missing Zypper Non-interactive Switch"]},
    tags=["correctness"],
    failing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install "
                              "--no-install-recommends curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM rockylinux:9\nRUN yum install httpd-2.4.62\n"),
        Example("Dockerfile", "FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -qy "
                              "--no-install-recommends curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold "
                              "--assume-yes install curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM rockylinux:9\nRUN yum install --assumeyes httpd-2.4.62\n"),
        Example("Dockerfile", "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0\n"),
        Example("Dockerfile", "FROM debian:12\nRUN yes | apt-get install curl=7.88.1-10\n"),
    ],
)

_YES = {"apt": ("-y", "--yes", "--assume-yes", "-q=2", "-qq"),
        "rpm": ("-y", "--assumeyes"),
        "zypper": ("-n", "--non-interactive", "-y", "--no-confirm")}


@PROMPT.check(Dockerfile)
def _prompt(df: Dockerfile) -> Iterator[Hit]:
    for _, sc, pc in _calls(df):
        if pc.family not in _YES or pc.action not in ("install", "upgrade", "remove",
                                                      "dist-upgrade"):
            continue
        if pc.command.name == "microdnf" or pc.manager == "aptitude":
            continue  # microdnf never prompts
        if pc.has(*_YES[pc.family]) or pc.command.has_option("-qq"):
            continue
        if pc.family == "apt" and any(w.value.startswith("APT::Get::Assume-Yes")
                                      for w in pc.command.args):
            continue
        cmd = pc.command
        if cmd.pipe_index > 0 and cmd.pipeline >= 0 and any(
                c.pipeline == cmd.pipeline and c.name == "yes" for c in sc.commands):
            continue
        flag = {"apt": "-y", "rpm": "-y", "zypper": "--non-interactive"}[pc.family]
        yield Hit(cmd, f"{pc.manager} {pc.action} without {flag} asks for confirmation, "
                       "which fails in a build", fix=f"add {flag}")


# --------------------------------------------------------------------------------------------

RECOMMENDS = Rule(
    code="SL205",
    name="apt-install-recommends",
    severity=Severity.INFO,
    summary="apt-get install without --no-install-recommends",
    rationale=(
        "By default apt also installs every *recommended* package: often hundreds of "
        "megabytes of documentation, X11 libraries and tools the container never uses, each "
        "one more thing to patch."),
    remediation=(
        "Add `--no-install-recommends` to `apt-get install` and name the packages you need, "
        "or set `APT::Install-Recommends \"false\";` in `/etc/apt/apt.conf.d/`."),
    references=[_DOCKERFILE_REF],
    aliases={"hadolint": "DL3015", "trivy": "DS-0029",
             "kics": "APT-GET Not Avoiding Additional Packages"},
    tags=["image-size", "attack-surface"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                                   "curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n")],
    passing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 "
                              "&& rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' "
                              "> /etc/apt/apt.conf.d/01norecommends\n"
                              "RUN apt-get update && apt-get install -y curl=7.88.1-10\n"),
    ],
)


def _recommends_off(df: Dockerfile, ins: Instruction) -> bool:
    for _, sc in scripts(df):
        if "Install-Recommends" in sc.text and ("false" in sc.text or '"0"' in sc.text):
            return True
    return False


@RECOMMENDS.check(Dockerfile)
def _recommends(df: Dockerfile) -> Iterator[Hit]:
    off = None
    for ins, _, pc in _calls(df):
        if pc.family != "apt" or pc.action != "install" or pc.manager == "aptitude":
            continue
        if pc.has("--no-install-recommends") or any(
                "Install-Recommends" in w.value for w in pc.command.args):
            continue
        if not pc.packages:
            continue
        if off is None:
            off = _recommends_off(df, ins)
        if off:
            return
        yield Hit(pc.command, f"{pc.manager} install of {_names(pc.packages)} also installs "
                              "recommended packages", fix="add --no-install-recommends")


# --------------------------------------------------------------------------------------------

APT = Rule(
    code="SL206",
    name="apt-in-script",
    severity=Severity.LOW,
    summary="`apt` used in a script instead of `apt-get`",
    rationale=(
        "`apt` is the interactive front end: its command-line interface is not stable for "
        "scripts (it warns so itself), it shows progress bars and may change behaviour between "
        "releases. `apt-get` and `apt-cache` are the stable, scriptable tools."),
    remediation="Use `apt-get` (and `apt-cache` for queries) in RUN instructions.",
    references=[_DOCKERFILE_REF, "https://manpages.debian.org/bookworm/apt/apt.8.en.html"],
    aliases={"hadolint": "DL3027", "checkov": "CKV_DOCKER_9", "kics": "Run Using apt"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM ubuntu:24.04\nRUN apt update && apt install -y "
                                   "--no-install-recommends curl=8.5.0-2ubuntu10.6\n")],
    passing=[Example("Dockerfile", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y "
                                   "--no-install-recommends curl=8.5.0-2ubuntu10.6 "
                                   "&& rm -rf /var/lib/apt/lists/*\n"),
             Example("Dockerfile", "FROM ubuntu:24.04\nRUN echo apt install is not used\n")],
)


@APT.check(Dockerfile)
def _apt(df: Dockerfile) -> Iterator[Hit]:
    for _, _, pc in _calls(df):
        if pc.manager == "apt" and pc.action:
            sub = f"apt {pc.command.words[1].value}" if len(pc.command.words) > 1 else "apt"
            yield Hit(pc.command.words[0], f"'{sub}' is for interactive use; use apt-get in "
                                           "scripts", fix="replace apt with apt-get")


# --------------------------------------------------------------------------------------------

UPDATE_ALONE = Rule(
    code="SL207",
    name="package-index-update-alone",
    severity=Severity.MEDIUM,
    summary="Package index updated in a RUN that installs nothing",
    rationale=(
        "`RUN apt-get update` on its own line is cached as a layer: a later change to the "
        "`apt-get install` line rebuilds only that line and installs from the old, cached index "
        "— outdated packages, or 404s once the mirror has moved on."),
    remediation=(
        "Update and install in the same RUN: `RUN apt-get update && apt-get install -y ... && "
        "rm -rf /var/lib/apt/lists/*` (likewise `apk update` -> `apk add --no-cache`, "
        "`yum makecache` -> `yum install`)."),
    references=[_DOCKERFILE_REF],
    aliases={"checkov": "CKV_DOCKER_5", "trivy": "DS-0017", "kics": "Update Instruction Alone"},
    tags=["correctness", "reproducibility"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN apt-get update\n"
                                   "RUN apt-get install -y --no-install-recommends "
                                   "curl=7.88.1-10\n")],
    passing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 "
                              "&& rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk update && apk upgrade --no-cache\n"),
    ],
)


@UPDATE_ALONE.check(Dockerfile)
def _update_alone(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        pcs = package_commands(sc)
        for pc in pcs:
            if pc.action != "update" or pc.family not in ("apt", "apk", "rpm", "zypper"):
                continue
            if any(o.family == pc.family and o.action in ("install", "upgrade", "dist-upgrade",
                                                          "remove", "source", "download")
                   for o in pcs):
                continue
            if any(c.name in ("apt-cache", "apt-get", "dpkg", "add-apt-repository",
                              "apt-file", "apk", "rpm") and c is not pc.command
                   for c in sc.commands):
                continue
            yield Hit(pc.command, f"{pc.command.text()} runs in a RUN that installs nothing; "
                                  "the cached index goes stale",
                      fix="update and install in one RUN")


# --------------------------------------------------------------------------------------------

SIGNATURES = Rule(
    code="SL208",
    name="package-signature-check-disabled",
    severity=Severity.HIGH,
    summary="Package signature or digest verification is switched off",
    rationale=(
        "Package managers verify signatures so that a compromised mirror, proxy or network "
        "cannot hand you a tampered package. Flags such as `--allow-unauthenticated`, "
        "`--force-yes`, `--allow-untrusted`, `--nogpgcheck` or `rpm --nosignature` install "
        "whatever arrives."),
    remediation=(
        "Remove the flag and import the repository's signing key instead (`/etc/apt/keyrings` "
        "+ `signed-by=`, `apk --keys-dir`, `rpm --import`)."),
    references=["https://wiki.debian.org/SecureApt",
                "https://docs.docker.com/build/building/best-practices/#apt-get"],
    aliases={"checkov": ["CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10",
                         "CKV2_DOCKER_11"]},
    tags=["security", "supply-chain"],
    failing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y --allow-unauthenticated "
                              "tool\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN dnf install -y --nogpgcheck x-1.0\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN rpm -i --nosignature /tmp/x.rpm\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y tool=1.0\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN rpm --import /tmp/key.asc && "
                              "rpm -i /tmp/x.rpm\n"),
    ],
)

_SIG_FLAGS = {
    "apt": ("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories",
            "--allow-downgrades"),
    "apk": ("--allow-untrusted",),
    "rpm": ("--nogpgcheck", "--no-gpgchecks"),
    "zypper": ("--no-gpg-checks", "--gpg-auto-import-keys"),
}
_RPM_FLAGS = ("--nosignature", "--nodigest", "--noverify", "--nofiledigest")


@SIGNATURES.check(Dockerfile)
def _signatures(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for pc in package_commands(sc):
            flags = _SIG_FLAGS.get(pc.family, ())
            if pc.family == "apt":
                for w in pc.command.args:
                    if "AllowUnauthenticated" in w.value and w.value.rstrip().endswith(
                            ("true", "1", "yes")):
                        yield Hit(w, f"{pc.manager} option '{w.value}' turns off signature "
                                     "checks")
            w = pc.option(*flags) if flags else None
            if w is not None and w.value not in ("--allow-downgrades", "--gpg-auto-import-keys"):
                local = pc.packages and all(p.value.endswith((".apk", ".deb", ".rpm"))
                                            for p in pc.packages)
                if local and any(c.name in ("gpg", "gpgv") and c.has_option("--verify")
                                 for c in sc.commands):
                    continue  # local files whose detached signature the script verified
                yield Hit(w, f"{pc.manager} {w.value} installs "
                             f"{'local package files' if local else 'packages'} without "
                             "verifying their signatures",
                          severity=Severity.MEDIUM if local else None,
                          fix=f"remove {w.value} and import the signing key")
            for opt in pc.options:
                if opt.value.replace(" ", "").lower().endswith(("gpgcheck=0", "gpgcheck=false")):
                    yield Hit(opt, f"{pc.manager} option '{opt.value}' turns off signature checks")
        for cmd in sc.commands:
            if cmd.name == "rpm":
                for w in cmd.args:
                    if w.value in _RPM_FLAGS:
                        yield Hit(w, f"rpm {w.value} installs packages without verifying them",
                                  fix=f"remove {w.value}")
