"""Rules on single instructions: ADD vs COPY (SL230), ADD of a URL without --checksum
(SL231), repeated CMD/ENTRYPOINT/HEALTHCHECK (SL232), shell-form CMD/ENTRYPOINT (SL233),
MAINTAINER (SL234), relative WORKDIR (SL235), COPY of several sources to a non-directory
(SL236), blank line in a continuation (SL237), legacy `ENV key value` (SL238), no
HEALTHCHECK (SL239, opt-in)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator

from linter.dockerfile import Dockerfile, Instruction
from linter.dockerfile import lex
from linter.dockerfile.shell import shell_kind
from linter.engine import Example, Hit, Rule
from linter.findings import Severity, Span

_REF = "https://docs.docker.com/reference/dockerfile/"
_BEST = "https://docs.docker.com/build/building/best-practices/"
_CHECKS = "https://docs.docker.com/reference/build-checks/"

_ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst|lz|lzma|Z))$", re.I)
_URL = re.compile(r"^(https?|ftp)://", re.I)


def _is_git(src: str) -> bool:
    return src.startswith("git@") or ".git#" in src or src.endswith(".git") or \
        src.startswith("git://")


def _sources(ins: Instruction) -> tuple[list[tuple[str, Span]], tuple[str, Span] | None]:
    """COPY/ADD sources and destination, each with its span (heredocs count as sources)."""
    if ins.exec_form is not None:
        items = [(v, ins.args_span) for v in ins.exec_form]
    else:
        items = [(ins.args[s:e], ins.span_of(s, e))
                 for s, e in lex.split_words(ins.args, "\\", 0, len(ins.args))]
    if len(items) < 2:
        return items, None
    return items[:-1], items[-1]


# --------------------------------------------------------------------------------------------

ADD = Rule(
    code="SL230",
    name="add-instead-of-copy",
    severity=Severity.LOW,
    summary="ADD used where COPY does the job",
    rationale=(
        "ADD also downloads URLs and unpacks local tar archives; for plain files it is COPY "
        "with surprises: a file that happens to be a recognised archive is extracted instead "
        "of copied. COPY says exactly what happens. (ADD of an archive to unpack it, or of a "
        "URL or git repository, is a legitimate use and not reported.)"),
    remediation="Replace `ADD` with `COPY` for local files and directories.",
    references=[_REF + "#add", _BEST + "#add-or-copy"],
    aliases={"hadolint": "DL3020", "checkov": "CKV_DOCKER_4", "trivy": "DS-0005",
             "kics": "Add Instead of Copy"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nADD app.py /app/\n")],
    passing=[
        Example("Dockerfile", "FROM alpine:3.20\nCOPY app.py /app/\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD rootfs.tar.xz /\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD --checksum=sha256:" + "0" * 64 +
                              " https://example.com/a.bin /a.bin\n"),
        Example("Dockerfile", "FROM alpine:3.20\nARG SRC\nADD ${SRC} /opt/\n"),
    ],
)


@ADD.check(Dockerfile)
def _add(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "ADD" or ins.heredocs:
            continue
        srcs, dest = _sources(ins)
        if dest is None:
            continue
        plain = []
        for text, _ in srcs:
            value, known = df.expand(text, ins.stage, ins)
            value = value.strip("'\"")
            if not known or _URL.match(value) or _is_git(value) or _ARCHIVE.search(value) \
                    or "*" in value or "?" in value:
                plain = []
                break
            plain.append(value)
        if plain:
            shown = ", ".join(plain[:3])
            yield Hit(ins, f"ADD {shown}: local files need no ADD; use COPY",
                      fix="replace ADD with COPY")


# --------------------------------------------------------------------------------------------

CHECKSUM = Rule(
    code="SL231",
    name="add-url-without-checksum",
    severity=Severity.MEDIUM,
    summary="ADD downloads a URL without --checksum",
    rationale=(
        "`ADD https://...` puts whatever the server returns into the image: a changed, "
        "compromised or truncated file goes unnoticed, and the build is not reproducible. "
        "`ADD --checksum=sha256:...` makes the build fail when the bytes differ."),
    remediation=(
        "Add `--checksum=sha256:<digest>` (Dockerfile syntax 1.6+), or download with curl and "
        "verify with `sha256sum -c` in the same RUN."),
    references=[_REF + "#add---checksum"],
    aliases={"checkov": "CKV_DOCKER_4", "kics": "Curl or Wget Instead of Add"},
    tags=["security", "supply-chain", "reproducibility"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nADD https://example.com/tool.tgz /opt/\n")],
    passing=[
        Example("Dockerfile", "FROM alpine:3.20\nADD --checksum=sha256:" + "a" * 64 +
                              " https://example.com/tool.tgz /opt/\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.1 "
                              "/src\n"),
    ],
)


@CHECKSUM.check(Dockerfile)
def _checksum(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "ADD" or ins.flag("checksum") is not None:
            continue
        srcs, dest = _sources(ins)
        if dest is None:
            continue
        for text, span in srcs:
            value, _ = df.expand(text, ins.stage, ins)
            value = value.strip("'\"")
            if _URL.match(value) and not _is_git(value):
                yield Hit(span, f"ADD downloads {_shown_url(value)} without --checksum; a "
                                "changed file would go unnoticed",
                          fix="add --checksum=sha256:<digest>")


def _shown_url(url: str) -> str:
    """The URL without credentials or query (either may hold a token), shortened."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    host = host.rsplit("@", 1)[-1]
    path = path.split("?", 1)[0].split("#", 1)[0]
    shown = f"{scheme}://{host}{slash}{path}"
    return shown if len(shown) <= 100 else shown[:97] + "..."


# --------------------------------------------------------------------------------------------

REPEATED = Rule(
    code="SL232",
    name="repeated-instruction",
    severity=Severity.LOW,
    summary="CMD, ENTRYPOINT or HEALTHCHECK repeated in one stage",
    rationale=(
        "Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect; an earlier one "
        "is dead code that misleads whoever reads the file (often a leftover from an edit)."),
    remediation="Keep one of each per stage: remove the earlier ones.",
    references=[_REF + "#cmd", _CHECKS + "multiple-instructions-disallowed/"],
    aliases={"hadolint": ["DL4003", "DL4004", "DL3012"],
             "buildkit": "MultipleInstructionsDisallowed",
             "trivy": ["DS-0016", "DS-0007", "DS-0023"],
             "kics": ["Multiple CMD Instructions Listed",
                      "Multiple ENTRYPOINT Instructions Listed"]},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nCMD [\"a\"]\nCMD [\"b\"]\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20 AS a\nCMD [\"a\"]\n"
                                   "FROM alpine:3.20\nCMD [\"b\"]\n")],
)


@REPEATED.check(Dockerfile)
def _repeated(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        for kw in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            found = stage.instructions_named(kw)
            for ins in found[:-1]:
                yield Hit(ins, f"{kw} on line {ins.span.line} has no effect: the {kw} on line "
                               f"{found[-1].span.line} replaces it", fix=f"remove this {kw}")


# --------------------------------------------------------------------------------------------

SHELL_FORM = Rule(
    code="SL233",
    name="shell-form-entrypoint",
    severity=Severity.LOW,
    summary="CMD or ENTRYPOINT in shell form",
    rationale=(
        "The shell form runs `/bin/sh -c \"...\"` as PID 1: the shell does not forward "
        "SIGTERM, so `docker stop` waits its timeout and kills the process without a clean "
        "shutdown; a shell-form ENTRYPOINT also ignores CMD and `docker run` arguments."),
    remediation=(
        "Use the exec (JSON) form: `CMD [\"gunicorn\", \"app:app\"]`. If you need the shell, "
        "start the command with `exec` (`CMD exec gunicorn app:app`) so it replaces the shell."),
    references=[_REF + "#shell-and-exec-form", _CHECKS + "json-args-recommended/"],
    aliases={"hadolint": "DL3025", "buildkit": "JSONArgsRecommended",
             "kics": "Not Using JSON In CMD And ENTRYPOINT Arguments"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM python:3.12\nCMD gunicorn app:app\n")],
    passing=[
        Example("Dockerfile", "FROM python:3.12\nCMD [\"gunicorn\", \"app:app\"]\n"),
        Example("Dockerfile", "FROM python:3.12\nCMD exec gunicorn app:app\n"),
        Example("Dockerfile", "FROM python:3.12 AS test\nCMD pytest\n"
                              "FROM python:3.12\nCMD [\"python\", \"-m\", \"app\"]\n"),
    ],
)


@SHELL_FORM.check(Dockerfile)
def _shell_form(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.shipped_stages():
        if stage.instructions_named("SHELL"):
            continue  # a chosen shell: the shell form is deliberate (as BuildKit judges it)
        for kw in ("ENTRYPOINT", "CMD"):
            found = stage.instructions_named(kw)
            if not found:
                continue
            ins = found[-1]
            if shell_kind(df, ins) is None:
                continue  # Windows: cmd /S /C, another story
            if ins.exec_form is not None or not ins.args.strip():
                continue
            if ins.args.lstrip().startswith("exec "):
                continue
            yield Hit(ins, f"{kw} {_short(ins.args)} runs under /bin/sh -c, which does not "
                           "pass signals on; use the JSON form",
                      fix=f'{kw} ["{_short(ins.args.split()[0], 30)}", ...]')


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."


# --------------------------------------------------------------------------------------------

MAINTAINER = Rule(
    code="SL234",
    name="maintainer-deprecated",
    severity=Severity.LOW,
    summary="MAINTAINER is deprecated",
    rationale="MAINTAINER is deprecated; tools read the maintainer from labels.",
    remediation='Use `LABEL org.opencontainers.image.authors="name <email>"`.',
    references=[_REF + "#maintainer-deprecated", _CHECKS + "maintainer-deprecated/"],
    aliases={"hadolint": "DL4000", "buildkit": "MaintainerDeprecated", "checkov": "CKV_DOCKER_6",
             "trivy": "DS-0022", "kics": "MAINTAINER Instruction Being Used"},
    tags=["maintainability"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\n"
                                   "LABEL org.opencontainers.image.authors=\"Jane\"\n")],
)


@MAINTAINER.check(Dockerfile)
def _maintainer(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword == "MAINTAINER":
            yield Hit(ins, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
                      fix=f'LABEL org.opencontainers.image.authors="{_short(ins.args)}"')


# --------------------------------------------------------------------------------------------

WORKDIR = Rule(
    code="SL235",
    name="relative-workdir",
    severity=Severity.LOW,
    summary="WORKDIR is a relative path before any absolute one",
    rationale=(
        "A relative WORKDIR is resolved against the base image's working directory, which "
        "you do not control: a new base image version moves your files. After an absolute "
        "WORKDIR in the same stage a relative one is well defined and not reported."),
    remediation="Use an absolute path: `WORKDIR /app`.",
    references=[_REF + "#workdir", _CHECKS + "workdir-relative-path/"],
    aliases={"hadolint": "DL3000", "buildkit": "WorkdirRelativePath", "checkov": "CKV_DOCKER_10",
             "trivy": "DS-0009", "kics": "WORKDIR Path Not Absolute"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM node:22\nWORKDIR app\n")],
    passing=[Example("Dockerfile", "FROM node:22\nWORKDIR /srv\nWORKDIR app\n"),
             Example("Dockerfile", "FROM node:22\nWORKDIR $HOME/app\n"),
             Example("Dockerfile", "FROM node:22\nARG DIR=/app\nWORKDIR ${DIR}\n")],
)


@WORKDIR.check(Dockerfile)
def _workdir(df: Dockerfile) -> Iterator[Hit]:
    if df.escape == "`":
        return  # Windows paths
    for stage in df.stages:
        absolute = any(i.args.startswith("/") for s in stage.lineage()[1:]
                       for i in s.instructions_named("WORKDIR"))
        for ins in stage.instructions_named("WORKDIR"):
            value, known = df.expand(ins.args.strip(), stage, ins)
            value = value.strip("'\"")
            if not known or not value or value == ".":
                absolute = absolute or not known
                continue
            if value.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", value):
                absolute = True
                continue
            if not absolute:
                yield Hit(ins, f"WORKDIR {value} is relative to the base image's working "
                               "directory", fix=f"WORKDIR /{value}")


# --------------------------------------------------------------------------------------------

SLASH = Rule(
    code="SL236",
    name="copy-destination-not-directory",
    severity=Severity.HIGH,
    summary="COPY/ADD of several sources to a destination without a trailing /",
    rationale=(
        "With more than one source the destination must be a directory, written with a "
        "trailing slash; otherwise the build fails."),
    remediation="End the destination with `/`: `COPY a.txt b.txt /app/`.",
    references=[_REF + "#copy"],
    aliases={"hadolint": "DL3021", "trivy": "DS-0011",
             "kics": "Copy With More Than Two Arguments Not Ending With Slash"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nCOPY a.txt b.txt /app\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\nCOPY a.txt b.txt /app/\n"),
             Example("Dockerfile", "FROM alpine:3.20\nCOPY [\"a.txt\", \"b.txt\", \"/app/\"]\n"),
             Example("Dockerfile", "FROM alpine:3.20\nCOPY a.txt /app\n")],
)


@SLASH.check(Dockerfile)
def _slash(df: Dockerfile) -> Iterator[Hit]:
    if df.escape == "`":
        return
    for ins in df.instructions:
        if ins.keyword not in ("COPY", "ADD"):
            continue
        srcs, dest = _sources(ins)
        if dest is None:
            continue
        count = len(srcs)
        if count < 2:
            continue
        value, known = df.expand(dest[0], ins.stage, ins)
        value = value.strip("'\"")
        if re.match(r"^[A-Za-z]:", value) or (ins.stage and shell_kind(df, ins) is None):
            continue  # Windows paths
        if known and value and not value.endswith("/") and value not in (".", ".."):
            yield Hit(dest[1], f"{ins.keyword} has {count} sources, so the destination "
                               f"'{value}' must end with /", fix=f"{value}/")


# --------------------------------------------------------------------------------------------

EMPTY_CONT = Rule(
    code="SL237",
    name="empty-continuation-line",
    severity=Severity.LOW,
    summary="Blank line inside a continued instruction",
    rationale=(
        "A blank line in the middle of a `\\`-continued instruction is skipped today but "
        "deprecated (BuildKit warns that it will become an error), and it usually means a "
        "line was deleted and its neighbour's `\\` left behind."),
    remediation="Remove the blank line (a `#` comment line is fine), or the stray `\\`.",
    references=[_CHECKS + "no-empty-continuation/"],
    aliases={"buildkit": "NoEmptyContinuation"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nRUN echo a && \\\n\n    echo b\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\nRUN echo a && \\\n# note\n    echo b\n")],
)


@EMPTY_CONT.check(Dockerfile)
def _empty_cont(df: Dockerfile) -> Iterator[Hit]:
    lines = df.empty_continuation_lines
    if not lines:
        return
    starts = [i.span.line for i in df.instructions]
    groups: dict[int, list[int]] = {}
    for line in lines:
        k = bisect_right(starts, line) - 1
        groups.setdefault(k, []).append(line)
    for k, found in groups.items():
        ins = df.instructions[k] if 0 <= k < len(df.instructions) else None
        what = f"{ins.keyword} on line {ins.span.line}" if ins is not None else "an instruction"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        yield Hit(Span(found[0], 1, found[0], 1),
                  f"blank line inside the continued {what}{more}; deprecated, will become an "
                  "error")


# --------------------------------------------------------------------------------------------

LEGACY = Rule(
    code="SL238",
    name="legacy-key-value-format",
    severity=Severity.INFO,
    summary="ENV or LABEL in the legacy `key value` form",
    rationale=(
        "`ENV key value` sets one variable to everything after the first space, quotes and "
        "all; the `key=value` form is unambiguous, allows several pairs, and is the only one "
        "the documentation still recommends."),
    remediation="Write `ENV key=value` (quote values with spaces).",
    references=[_REF + "#env", _CHECKS + "legacy-key-value-format/"],
    aliases={"buildkit": "LegacyKeyValueFormat"},
    tags=["maintainability"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nENV LANG C.UTF-8\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\nENV LANG=C.UTF-8\n")],
)


@LEGACY.check(Dockerfile)
def _legacy(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword in ("ENV", "LABEL"):
            for kv in target.key_values:
                if kv.legacy:
                    yield Hit(kv, f"{target.keyword} {kv.key} uses the legacy 'key value' form",
                              fix=f"{target.keyword} {kv.key}=...")


# --------------------------------------------------------------------------------------------

HEALTHCHECK = Rule(
    code="SL239",
    name="healthcheck-missing",
    severity=Severity.LOW,
    summary="The final image defines no HEALTHCHECK (opt-in)",
    rationale=(
        "Without a HEALTHCHECK, Docker and Compose only know whether the process runs, not "
        "whether it answers. Kubernetes ignores HEALTHCHECK (it uses probes), so this rule is "
        "off by default; enable it for images run by Docker or Swarm."),
    remediation=(
        "Add `HEALTHCHECK CMD [\"/app\", \"healthcheck\"]` (or `curl -f http://localhost/`), "
        "or `HEALTHCHECK NONE` to state that there is deliberately none."),
    references=[_REF + "#healthcheck",
                "CIS Docker Benchmark 4.6: Ensure that HEALTHCHECK instructions have been added "
                "to container images"],
    aliases={"hadolint": "DL3057", "checkov": "CKV_DOCKER_2", "trivy": "DS-0026",
             "kics": "Healthcheck Instruction Missing"},
    tags=["reliability"],
    enabled_by_default=False,
    failing=[Example("Dockerfile", "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n")],
    passing=[Example("Dockerfile", "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/"
                                   " || exit 1\n")],
)


@HEALTHCHECK.check(Dockerfile)
def _healthcheck(df: Dockerfile) -> Iterator[Hit]:
    stages = df.shipped_stages()
    if not stages:
        return
    if any(s.instructions_named("HEALTHCHECK") for s in stages):
        return
    final = stages[0]
    yield Hit(final.from_instruction, "the final image defines no HEALTHCHECK",
              fix="HEALTHCHECK CMD <command that fails when the service is unhealthy>")
