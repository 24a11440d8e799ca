"""Rules on the commands of RUN scripts: sudo (SL216), cd instead of WORKDIR (SL217), pipes
without pipefail (SL218), /bin/sh replaced (SL219), useradd of a high UID without -l (SL220),
chpasswd (SL221), pointless interactive commands (SL222)."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts, shell_options
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

_BEST = "https://docs.docker.com/build/building/best-practices/"

SUDO = Rule(
    code="SL216",
    name="sudo-in-run",
    severity=Severity.MEDIUM,
    summary="`sudo` used in RUN",
    rationale=(
        "A build step runs as the current USER; `sudo` there means the image carries sudo "
        "and a sudoers rule that lets its user become root at run time, which undoes the point "
        "of a non-root USER. Its TTY and environment handling also make builds behave oddly."),
    remediation=(
        "Switch user around the privileged steps instead: `USER root`, the RUN, then "
        "`USER app` again; remove sudo from the image."),
    references=[_BEST + "#user", "https://docs.docker.com/reference/dockerfile/#user"],
    aliases={"hadolint": "DL3004", "checkov": "CKV2_DOCKER_1", "trivy": "DS-0010",
             "kics": "Run Using Sudo"},
    tags=["security", "privilege"],
    failing=[Example("Dockerfile", "FROM ubuntu:24.04\nUSER app\n"
                                   "RUN sudo apt-get install -y --no-install-recommends curl=8\n")],
    passing=[Example("Dockerfile", "FROM ubuntu:24.04\nRUN apt-get install -y sudo=1.9\n"
                                   "USER app\n")],
)


@SUDO.check(Dockerfile)
def _sudo(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.commands:
            if "sudo" in c.wrappers:
                yield Hit(c.all_words[0], f"RUN uses sudo to run {c.name}; use USER root for "
                                          "the step instead", fix="USER root before the RUN")
            elif c.name == "sudo":
                yield Hit(c, "RUN uses sudo; use USER root for the step instead")


# --------------------------------------------------------------------------------------------

CD = Rule(
    code="SL217",
    name="cd-instead-of-workdir",
    severity=Severity.INFO,
    summary="RUN starts with `cd` where WORKDIR would do",
    rationale=(
        "A RUN that begins by changing directory is working around a missing WORKDIR: the "
        "directory does not persist to the next instruction, so every later RUN repeats the "
        "`cd`, and a `cd` alone does nothing at all. WORKDIR sets it once, creates it if "
        "needed, and is visible to readers and to CMD. A `cd` later in a script (into an "
        "unpacked source tree) is ordinary scripting and not reported."),
    remediation="Use `WORKDIR /path` before the RUN and drop the leading `cd /path &&`.",
    references=["https://docs.docker.com/reference/dockerfile/#workdir", _BEST + "#workdir"],
    aliases={"hadolint": "DL3003", "trivy": "DS-0013",
             "kics": "RUN Instruction Using 'cd' Instead of WORKDIR"},
    tags=["maintainability"],
    failing=[Example("Dockerfile", "FROM node:22\nCOPY . /app\nRUN cd /app && npm ci\n"),
             Example("Dockerfile", "FROM node:22\nRUN cd /app\n")],
    passing=[
        Example("Dockerfile", "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"),
        Example("Dockerfile", "FROM debian:12\nRUN set -eux; curl -fsSLo /s.tgz https://x/s.tgz;"
                              " mkdir /s; tar -xzf /s.tgz -C /s; cd /s; make\n"),
        Example("Dockerfile", "FROM node:22\nRUN (cd /tmp && touch x)\n"),
    ],
)


@CD.check(Dockerfile)
def _cd(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        first = next((c for c in sc.commands if c.name not in ("set", "true", ":")
                      and not c.substitution and not c.nested), None)
        if first is None or first.name != "cd" or first.subshell or len(first.words) != 2:
            continue
        target = first.words[1]
        if target.dynamic or not target.value.startswith("/"):
            continue
        yield Hit(first, f"RUN starts with 'cd {target.value}'; set WORKDIR {target.value} "
                         "instead", fix=f"WORKDIR {target.value}")


# --------------------------------------------------------------------------------------------

PIPEFAIL = Rule(
    code="SL218",
    name="pipe-without-pipefail",
    severity=Severity.LOW,
    summary="RUN pipes commands without `pipefail`",
    rationale=(
        "A pipeline's status is its last command's: in `curl -fsSL URL | tar -xz` a failed "
        "download gives tar an empty stream, and in `make | tee log` a failed build still "
        "'succeeds', so the build goes on with a broken layer. With `pipefail` any failing "
        "command fails the RUN."),
    remediation=(
        "Set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN (images "
        "with bash), or start the script with `set -o pipefail` where the shell supports it "
        "(bash, ash/busybox; dash does not)."),
    references=["https://docs.docker.com/reference/dockerfile/#shell",
                _BEST + "#using-pipes"],
    aliases={"hadolint": "DL4006", "kics": "Shell Running A Pipe Without Pipefail Flag"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar -xz\n")],
    passing=[
        Example("Dockerfile", "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
                              "\"-c\"]\nRUN curl -fsSL https://x/a.tgz | tar -xz\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN set -euo pipefail; wget -qO- "
                              "https://x/a.tgz | tar -xz\n"),
        Example("Dockerfile", "FROM debian:12\nRUN echo 'a | b' > /x && "
                              "echo \"$SUM  f\" | sha256sum -c -\n"),
    ],
)

_HARMLESS_LEFT = frozenset({"echo", "printf", "yes", "true"})
_FAILS_ON_EMPTY = frozenset({"grep", "egrep", "fgrep", "apt-key"})
_CHECKSUMS = frozenset({"sha256sum", "sha512sum", "sha1sum", "md5sum", "sha384sum",
                        "sha224sum", "b2sum"})


@PIPEFAIL.check(Dockerfile)
def _pipefail(df: Dockerfile) -> Iterator[Hit]:
    for ins, sc in scripts(df):
        opts = shell_options(df, ins)
        if "pipefail" in " ".join(opts):
            continue
        set_at = None
        for c in sc.commands:
            if c.name == "set" and ("pipefail" in c.values()):
                set_at = c.start if set_at is None else set_at
        for cmds in sc.pipelines().values():
            if len(cmds) < 2 or cmds[0].nested or cmds[0].substitution:
                continue
            if all(c.name in _HARMLESS_LEFT for c in cmds[:-1]):
                continue
            last = cmds[-1]
            if last.name in _FAILS_ON_EMPTY or (last.name in _CHECKSUMS and last.has_option(
                    "-c", "--check")):
                continue  # an empty or cut input makes the last command fail anyway
            if set_at is not None and set_at < cmds[0].start:
                continue
            names = " | ".join(c.name for c in cmds)
            yield Hit(cmds[0], f"pipeline '{names}' fails only if its last command fails; "
                               "set pipefail", fix='SHELL ["/bin/bash", "-o", "pipefail", "-c"]')
            break  # one finding per RUN


# --------------------------------------------------------------------------------------------

LN_SH = Rule(
    code="SL219",
    name="shell-replaced-in-run",
    severity=Severity.LOW,
    summary="RUN replaces /bin/sh instead of using SHELL",
    rationale=(
        "Linking /bin/sh to bash changes the shell of every script in the image, including the "
        "distribution's own maintainer scripts written for dash, and hides from readers which "
        "shell the RUNs use."),
    remediation="Use `SHELL [\"/bin/bash\", \"-c\"]` for the RUNs that need bash.",
    references=["https://docs.docker.com/reference/dockerfile/#shell"],
    aliases={"hadolint": "DL4005", "kics": "Changing Default Shell Using RUN Command"},
    tags=["maintainability"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n")],
    passing=[Example("Dockerfile", "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n"
                                   "RUN ln -sf /usr/bin/python3 /usr/bin/python\n")],
)


@LN_SH.check(Dockerfile)
def _ln_sh(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.commands:
            if c.name == "ln" and any(w.value.startswith("-") and "s" in w.value
                                      for w in c.args):
                paths = [w.value for w in c.args if not w.value.startswith("-")]
                if len(paths) == 2 and paths[1] in ("/bin/sh", "/usr/bin/sh"):
                    yield Hit(c, f"RUN makes {paths[1]} a link to {paths[0]}; use SHELL instead")


# --------------------------------------------------------------------------------------------

USERADD = Rule(
    code="SL220",
    name="useradd-high-uid-without-l",
    severity=Severity.INFO,
    summary="useradd with a high UID without -l/--no-log-init",
    rationale=(
        "useradd records the new user in /var/log/lastlog and faillog, sparse files sized by "
        "the UID; Docker's layers do not keep them sparse, so a UID such as 1000000 adds "
        "hundreds of megabytes to the image."),
    remediation="Add `-l` (`--no-log-init`) to useradd.",
    references=["https://github.com/moby/moby/issues/5419"],
    aliases={"hadolint": "DL3046"},
    tags=["image-size"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN useradd -u 1000000 app\n")],
    passing=[Example("Dockerfile", "FROM debian:12\nRUN useradd -l -u 1000000 app && "
                                   "useradd -u 1001 other\n")],
)


@USERADD.check(Dockerfile)
def _useradd(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.named("useradd"):
            if c.has_option("-l", "--no-log-init"):
                continue
            uid, value = None, None
            for k, w in enumerate(c.words[1:], 1):
                v = w.value
                if v in ("-u", "--uid") and k + 1 < len(c.words):
                    uid, value = w, c.words[k + 1].value
                elif v.startswith("--uid="):
                    uid, value = w, v.split("=", 1)[1]
                elif v.startswith("-u") and v[2:].isdigit():
                    uid, value = w, v[2:]
            if value and value.isdigit() and int(value) > 65535:
                yield Hit(uid, f"useradd -u {value} without -l writes a huge sparse "
                               "/var/log/faillog into the layer", fix="add -l")


# --------------------------------------------------------------------------------------------

CHPASSWD = Rule(
    code="SL221",
    name="password-set-in-run",
    severity=Severity.MEDIUM,
    summary="A password is set in RUN (chpasswd, passwd --stdin)",
    rationale=(
        "The password is written into the build's history and the image's /etc/shadow: "
        "everyone who can pull the image can read the command (`docker history`) and try the "
        "password, which often also works elsewhere."),
    remediation=(
        "Do not give image users passwords; lock them (`useradd` without a password, "
        "`passwd -l`). If a service needs a credential, inject it at run time (a secret, an "
        "environment variable) or at build time with `RUN --mount=type=secret`."),
    references=["https://docs.docker.com/build/building/secrets/"],
    aliases={"checkov": "CKV2_DOCKER_17"},
    tags=["security", "secrets"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN echo 'root:toor' | chpasswd\n")],
    passing=[Example("Dockerfile", "FROM debian:12\nRUN useradd -l app && passwd -l app\n")],
)


@CHPASSWD.check(Dockerfile)
def _chpasswd(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.commands:
            if c.name == "chpasswd":
                yield Hit(c, "RUN sets a password with chpasswd; it stays in the image and its "
                             "history")
            elif c.name == "passwd" and c.has_option("--stdin"):
                yield Hit(c, "RUN sets a password with passwd --stdin; it stays in the image "
                             "and its history")


# --------------------------------------------------------------------------------------------

POINTLESS = Rule(
    code="SL222",
    name="interactive-command-in-run",
    severity=Severity.INFO,
    summary="RUN uses a command that makes no sense in a build",
    rationale=(
        "Editors (vim, nano), process viewers (top, htop, free), `shutdown`/`reboot` and "
        "`service x start` do nothing useful while an image builds: nothing keeps running "
        "after the RUN, and nobody is there to type. They are usually copied from a setup "
        "guide and hide what the image really needs at run time."),
    remediation=(
        "Remove the command. Start services from CMD/ENTRYPOINT (or an init system), and "
        "configure files with COPY or sed instead of an editor."),
    references=[_BEST],
    aliases={"hadolint": "DL3001", "kics": "Run Utilities And POSIX Commands"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN service nginx start\n")],
    passing=[Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y vim=2 && "
                                   "echo service > /etc/x\n")],
)

_POINTLESS = {"vim": "an editor", "vi": "an editor", "nano": "an editor", "top": "a viewer",
              "htop": "a viewer", "free": "a viewer", "shutdown": "a power command",
              "reboot": "a power command", "halt": "a power command", "poweroff":
              "a power command", "service": "a service manager"}


@POINTLESS.check(Dockerfile)
def _pointless(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.commands:
            what = _POINTLESS.get(c.name)
            if what is None or c.substitution:
                continue
            if c.name == "service" and not any(w.value in ("start", "restart", "stop", "reload")
                                               for w in c.args):
                continue
            if c.name in ("vim", "vi") and any(w.value in ("-c", "+qall", "-es", "-E", "-s")
                                              or w.value.startswith("+") for w in c.args):
                continue  # scripted (ex mode) editing
            yield Hit(c, f"RUN runs {c.name} ({what}), which has no effect on the image")
