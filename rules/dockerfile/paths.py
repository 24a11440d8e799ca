"""FROM --platform (SL240), COPY --from a stage number (SL241), copying a whole filesystem
(SL242), WORKDIR in a system directory (SL243), relative COPY destination without WORKDIR
(SL244), wget progress output (SL245)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import Dockerfile, lex
from linter.dockerfile.shell import scripts, shell_kind
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

_REF = "https://docs.docker.com/reference/dockerfile/"
_CHECKS = "https://docs.docker.com/reference/build-checks/"

PLATFORM = Rule(
    code="SL240",
    name="from-platform-flag",
    severity=Severity.INFO,
    summary="FROM --platform with a fixed value, or the redundant $TARGETPLATFORM",
    rationale=(
        "`FROM --platform=linux/amd64` forces one architecture: on an arm64 machine or in a "
        "multi-platform build the image runs emulated or is wrong for the target. "
        "`--platform=$TARGETPLATFORM` is the default already. The flag is useful with "
        "`$BUILDPLATFORM` (cross-compiling stages) and not reported then."),
    remediation=(
        "Remove the flag and choose the platform at build time (`docker build --platform`); "
        "use `--platform=$BUILDPLATFORM` for stages that cross-compile."),
    references=[_REF + "#from", _CHECKS + "from-platform-flag-const-disallowed/",
                _CHECKS + "redundant-target-platform/"],
    aliases={"hadolint": ["DL3029", "DL3065"],
             "buildkit": ["FromPlatformFlagConstDisallowed", "RedundantTargetPlatform"],
             "kics": "Using Platform Flag with FROM Command"},
    tags=["portability"],
    failing=[Example("Dockerfile", "FROM --platform=linux/amd64 alpine:3.20\n"),
             Example("Dockerfile", "FROM --platform=$TARGETPLATFORM alpine:3.20\n")],
    passing=[Example("Dockerfile", "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"
                                   "FROM alpine:3.20\n")],
)


@PLATFORM.check(Dockerfile)
def _platform(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        flag = stage.from_instruction.flag("platform")
        if flag is None or not flag.value:
            continue
        v = flag.value.strip()
        if v in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            yield Hit(flag, "FROM --platform=$TARGETPLATFORM is the default; remove it")
        elif "$" not in v:
            yield Hit(flag, f"FROM --platform={v} fixes the platform; the image is wrong or "
                            "emulated elsewhere", fix="remove --platform or use $BUILDPLATFORM")


INDEX = Rule(
    code="SL241",
    name="copy-from-stage-index",
    severity=Severity.INFO,
    summary="COPY --from refers to a stage by its number",
    rationale=("`COPY --from=0` breaks silently when a stage is added or moved above it; a "
               "stage name says what is copied and survives reordering."),
    remediation="Name the stage (`FROM golang:1.23 AS build`) and use `COPY --from=build`.",
    references=["https://docs.docker.com/build/building/multi-stage/#name-your-build-stages"],
    aliases={"kics": "Using Unnamed Build Stages"},
    tags=["maintainability"],
    failing=[Example("Dockerfile", "FROM golang:1.23\nRUN go build -o /a .\n"
                                   "FROM alpine:3.20\nCOPY --from=0 /a /a\n")],
    passing=[Example("Dockerfile", "FROM golang:1.23 AS build\nRUN go build -o /a .\n"
                                   "FROM alpine:3.20\nCOPY --from=build /a /a\n")],
)


@INDEX.check(Dockerfile)
def _index(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword not in ("COPY", "ADD"):
            continue
        flag = ins.flag("from")
        if flag is not None and flag.value and flag.value.isdigit() and ins.stage and \
                int(flag.value) < ins.stage.index:
            stage = df.stages[int(flag.value)]
            hint = f" (it is named '{stage.alias}')" if stage.alias else ""
            yield Hit(flag, f"{ins.keyword} --from={flag.value} names a stage by number{hint}",
                      fix=f"--from={stage.alias or '<stage name>'}")


WHOLE = Rule(
    code="SL242",
    name="copy-whole-filesystem",
    severity=Severity.MEDIUM,
    summary="COPY --from copies a stage's whole filesystem over `/`",
    rationale=(
        "`COPY --from=build / /` brings everything of the other stage, package databases, "
        "caches, build tools and secrets left in it included, and overwrites the target's own "
        "system files."),
    remediation="Copy only the artefacts: `COPY --from=build /out/app /usr/local/bin/app`.",
    references=[_REF + "#copy---from"],
    aliases={"hadolint": "DL3067"},
    tags=["security", "image-size"],
    failing=[Example("Dockerfile", "FROM debian:12 AS build\nFROM scratch\n"
                                   "COPY --from=build / /\n")],
    passing=[Example("Dockerfile", "FROM debian:12 AS build\nFROM scratch\n"
                                   "COPY --from=build /out/app /app\n")],
)


@WHOLE.check(Dockerfile)
def _whole(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "COPY" or ins.flag("from") is None:
            continue
        words = ins.exec_form if ins.exec_form is not None else ins.args.split()
        if len(words) == 2 and words[0] in ("/", "/.") and words[1] in ("/", "/."):
            yield Hit(ins, f"COPY --from={ins.flag('from').value} / / copies the whole "
                           "filesystem of that stage")


SYSTEM = Rule(
    code="SL243",
    name="workdir-system-path",
    severity=Severity.MEDIUM,
    summary="WORKDIR in a kernel or system directory",
    rationale=(
        "/proc, /sys and /dev are filled by the kernel at run time, /boot and /lost+found "
        "belong to the host layout: files written there in the build are hidden or lost, and "
        "an application working there is confused or dangerous."),
    remediation="Use an application directory such as `/app` or `/srv/app`.",
    references=[_REF + "#workdir"],
    aliases={"trivy": "DS-0030"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nWORKDIR /proc/app\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\nWORKDIR /app\n")],
)

_SYSTEM = ("/proc", "/sys", "/dev", "/boot", "/lost+found", "/initrd")


@SYSTEM.check(Dockerfile)
def _system(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "WORKDIR":
            continue
        value, known = df.expand(ins.args.strip(), ins.stage, ins)
        value = value.strip("'\"").rstrip("/") or "/"
        if known and any(value == p or value.startswith(p + "/") for p in _SYSTEM):
            yield Hit(ins, f"WORKDIR {value} is a kernel or system directory")


RELATIVE = Rule(
    code="SL244",
    name="copy-relative-destination",
    severity=Severity.LOW,
    summary="COPY to a relative destination with no WORKDIR set",
    rationale=(
        "A relative destination is resolved against the working directory, which, with no "
        "WORKDIR in the stage, is whatever the base image chose (often `/`): files land in "
        "an unexpected place and move when the base image changes."),
    remediation="Set `WORKDIR /app` before the COPY, or use an absolute destination.",
    references=[_REF + "#copy", _REF + "#workdir"],
    aliases={"hadolint": "DL3045"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM node:22\nCOPY package.json app/\n")],
    passing=[Example("Dockerfile", "FROM node:22\nWORKDIR /app\nCOPY package.json .\n"),
             Example("Dockerfile", "FROM node:22\nCOPY package.json /app/\n")],
)


@RELATIVE.check(Dockerfile)
def _relative(df: Dockerfile) -> Iterator[Hit]:
    if df.escape == "`":
        return
    for stage in df.stages:
        has_workdir = any(c.instructions_named("WORKDIR") for c in stage.lineage()[1:])
        for ins in stage.instructions:
            if ins.keyword == "WORKDIR":
                has_workdir = True
            if ins.keyword != "COPY" or has_workdir or ins.heredocs:
                continue
            if shell_kind(df, ins) is None:
                continue
            if ins.exec_form is not None:
                dest = ins.exec_form[-1] if ins.exec_form else ""
            else:
                words = lex.split_words(ins.args, df.escape, 0, len(ins.args))
                if len(words) < 2:
                    continue
                dest = ins.args[words[-1][0]:words[-1][1]]
            value, known = df.expand(dest, stage, ins)
            value = value.strip("'\"")
            if known and value and not value.startswith(("/", "$", "~")) and \
                    not re.match(r"^[A-Za-z]:", value):
                yield Hit(ins, f"COPY to relative '{value}' with no WORKDIR in this stage: the "
                               "base image decides where it lands", fix="set WORKDIR first")


def _busybox(stage) -> bool:
    if stage is None:
        return False
    text = stage.lineage()[-1].image_text.lower()
    return "alpine" in text or "busybox" in text


PROGRESS = Rule(
    code="SL245",
    name="wget-progress-output",
    severity=Severity.INFO,
    summary="wget without -q/--progress floods the build log",
    rationale=("GNU wget's default progress bar writes one line per few kilobytes in a "
               "build log (no terminal), burying the output that matters. (Alpine/busybox "
               "wget is quiet enough and has no --progress; it is not reported.)"),
    remediation="Add `-q`, `-nv` or `--progress=dot:giga`.",
    references=["https://www.gnu.org/software/wget/manual/wget.html#Download-Options"],
    aliases={"hadolint": "DL3047"},
    tags=["maintainability"],
    failing=[Example("Dockerfile", "FROM debian:12\nRUN wget https://example.com/a.tgz\n")],
    passing=[Example("Dockerfile", "FROM debian:12\nRUN wget -q https://example.com/a.tgz && "
                                   "wget --progress=dot:giga https://example.com/b.tgz\n")],
)


@PROGRESS.check(Dockerfile)
def _progress(df: Dockerfile) -> Iterator[Hit]:
    for ins, sc in scripts(df):
        if _busybox(ins.stage):
            continue  # busybox wget prints one line and has no --progress
        for c in sc.named("wget"):
            if any(w.value in ("-q", "--quiet", "-nv", "--no-verbose", "-o", "--output-file",
                               "-a", "--append-output") or w.value.startswith(
                                   ("--progress", "--output-file=", "--append-output="))
                   or (w.value.startswith("-") and not w.value.startswith("--")
                       and ("q" in w.value or "o" in w.value))
                   for w in c.args):
                continue
            if not any(not w.value.startswith("-") for w in c.args):
                continue  # wget --version and friends
            yield Hit(c, "wget without -q or --progress writes a progress bar into the build "
                         "log", fix="add -q or --progress=dot:giga")


CONSECUTIVE = Rule(
    code="SL246",
    name="consecutive-run",
    severity=Severity.INFO,
    summary="Consecutive RUN instructions that could be one (opt-in)",
    rationale=(
        "Each RUN adds a layer; short RUNs in a row with the same options can often be one "
        "`&&`-joined RUN (files deleted in a later RUN still take space in the earlier "
        "layer). Off by default: separate RUNs also cache separately, which speeds up "
        "rebuilds, and BuildKit's layers are cheap."),
    remediation="Join the commands with `&&` in one RUN (or use a heredoc `RUN <<EOF`).",
    references=["https://docs.docker.com/build/building/best-practices/#minimize-the-number-"
                "of-layers"],
    aliases={"hadolint": "DL3059", "kics": "Multiple RUN, ADD, COPY, Instructions Listed"},
    tags=["image-size"],
    enabled_by_default=False,
    failing=[Example("Dockerfile", "FROM debian:12\nRUN mkdir /app\nRUN chown 1000 /app\n")],
    passing=[Example("Dockerfile", "FROM debian:12\nRUN mkdir /app\nCOPY . /app\n"
                                   "RUN --mount=type=cache,target=/root/.cache make\n")],
)


@CONSECUTIVE.check(Dockerfile)
def _consecutive(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        previous = None
        for ins in stage.instructions:
            if ins.keyword == "RUN" and previous is not None and not ins.heredocs and \
                    not previous.heredocs and [(f.name, f.value) for f in ins.flags] == \
                    [(f.name, f.value) for f in previous.flags]:
                yield Hit(ins, f"RUN follows the RUN on line {previous.span.line} with the same "
                               "options; they could be one layer")
                previous = None  # one finding per pair, not per chain link
                continue
            previous = ins if ins.keyword == "RUN" else None
