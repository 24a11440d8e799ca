"""Build-variable rules: secret-named ARG/ENV (SL270), undefined ARG in FROM (SL271), ARG
defaults that give an invalid FROM (SL272), ENV using a variable it defines itself (SL273)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import AUTOMATIC_ARGS, Dockerfile, lex
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.image import ImageReference
from linter.secrets import is_secret_name

_REF = "https://docs.docker.com/reference/dockerfile/"
_CHECKS = "https://docs.docker.com/reference/build-checks/"
_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")

SECRET_NAME = Rule(
    code="SL270",
    name="secret-in-build-variable",
    severity=Severity.MEDIUM,
    summary="ARG or ENV named like a secret",
    rationale=(
        "Build arguments and ENV values are stored in the image: ENV in its configuration, ARG "
        "in the build history (`docker history`) of every RUN that uses it, and in build "
        "provenance. A token passed with `--build-arg GITHUB_TOKEN=...` is readable by anyone "
        "who can pull the image, even though the Dockerfile holds no value. (A literal value "
        "is reported by SL103 hardcoded-secret; names ending in _FILE, _VERSION, _PATH or "
        "containing PUBLIC are not secrets.)"),
    remediation=(
        "Pass secrets with a secret mount: `RUN --mount=type=secret,id=github_token,"
        "env=GITHUB_TOKEN ...` and `docker build --secret id=github_token,env=GITHUB_TOKEN`; "
        "set runtime secrets when the container starts, not in the image."),
    references=["https://docs.docker.com/build/building/secrets/",
                _CHECKS + "secrets-used-in-arg-or-env/"],
    aliases={"hadolint": "DL3064", "buildkit": "SecretsUsedInArgOrEnv", "trivy": "DS-0031"},
    tags=["security", "secrets"],
    failing=[Example("Dockerfile", "FROM node:22\nARG NPM_TOKEN\nRUN npm ci\n"),
             Example("Dockerfile", "FROM node:22\nARG TOKEN\nENV GITHUB_TOKEN=${TOKEN}\n")],
    passing=[Example("Dockerfile", "FROM node:22\nARG NPM_TOKEN_FILE\nARG PASSWORD_VERSION=2\n"
                                   "ENV NEXT_PUBLIC_API_KEY=\n"),
             Example("Dockerfile", "FROM node:22\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN "
                                   "npm ci\n")],
)


@SECRET_NAME.check(Dockerfile)
def _secret_name(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword not in ("ARG", "ENV"):
            continue
        for kv in target.key_values:
            if not is_secret_name(kv.key):
                continue
            value = (kv.value or "").strip()
            if value and not _VAR.fullmatch(value) and not (value.startswith("$") and
                                                             _VAR.match(value)):
                continue  # a literal value: SL103 hardcoded-secret judges it
            where = "the build history" if target.keyword == "ARG" else "the image configuration"
            yield Hit(kv, f"{target.keyword} {kv.key} is named like a secret; its value ends up "
                          f"in {where}", fix="use RUN --mount=type=secret instead")


# --------------------------------------------------------------------------------------------

UNDEFINED = Rule(
    code="SL271",
    name="undefined-arg-in-from",
    severity=Severity.MEDIUM,
    summary="FROM uses a build argument that is not declared before it",
    rationale=(
        "Only ARGs declared before the first FROM (and BuildKit's TARGETPLATFORM family) can "
        "be used in FROM; any other name expands to an empty string, giving a wrong or "
        "invalid image reference."),
    remediation="Declare it before the first FROM: `ARG BASE_TAG=3.20`.",
    references=[_REF + "#understand-how-arg-and-from-interact",
                _CHECKS + "undefined-arg-in-from/"],
    aliases={"buildkit": "UndefinedArgInFrom"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:${TAG}\n"),
             Example("Dockerfile", "FROM alpine:3.20\nARG TAG=3.20\nFROM alpine:$TAG\n")],
    passing=[Example("Dockerfile", "ARG TAG=3.20\nFROM alpine:${TAG}\n"),
             Example("Dockerfile", "FROM --platform=$BUILDPLATFORM alpine:3.20\n")],
)


def _names(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in _VAR.finditer(text)]


@UNDEFINED.check(Dockerfile)
def _undefined(df: Dockerfile) -> Iterator[Hit]:
    declared = {a.name for a in df.global_args} | AUTOMATIC_ARGS
    for stage in df.stages:
        ins = stage.from_instruction
        texts = [stage.image_text] + [f.value or "" for f in ins.flags if f.name == "platform"]
        for name in dict.fromkeys(n for t in texts for n in _names(t)):
            if name not in declared:
                yield Hit(ins, f"FROM uses ${name}, which no ARG before the first FROM declares",
                          fix=f"add 'ARG {name}=<default>' before the first FROM")


# --------------------------------------------------------------------------------------------

INVALID_DEFAULT = Rule(
    code="SL272",
    name="invalid-default-arg-in-from",
    severity=Severity.LOW,
    summary="Default values of build arguments give an invalid FROM",
    rationale=(
        "`ARG TAG` without a default and `FROM alpine:${TAG}` builds only when every caller "
        "passes `--build-arg TAG=...`; with the defaults the image reference is invalid "
        "(`alpine:`) and the build fails."),
    remediation="Give the ARG a working default (`ARG TAG=3.20`) or use `${TAG:-3.20}`.",
    references=[_CHECKS + "invalid-default-arg-in-from/"],
    aliases={"buildkit": "InvalidDefaultArgInFrom"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "ARG TAG\nFROM alpine:${TAG}\n")],
    passing=[Example("Dockerfile", "ARG TAG=3.20\nFROM alpine:${TAG}\n"),
             Example("Dockerfile", "ARG TAG\nFROM alpine:${TAG:-3.20}\n"),
             Example("Dockerfile", "ARG BASE\nFROM ${BASE}\n")],
)


@INVALID_DEFAULT.check(Dockerfile)
def _invalid_default(df: Dockerfile) -> Iterator[Hit]:
    declared = {a.name for a in df.global_args}
    scope = df._global_scope()

    def lookup(name: str):
        var = scope.get(name)
        if name in AUTOMATIC_ARGS:
            return lex.Var("x")
        if var is None or var is lex.UNSET:
            return lex.Var("")
        if var is lex.UNKNOWN:
            return lex.Var("x")
        return var
    for stage in df.stages:
        text = stage.image_text
        names = _names(text)
        if not names or not all(n in declared or n in AUTOMATIC_ARGS for n in names):
            continue
        value, _ = lex.expand(text, df.escape, lookup)
        value = value.strip()
        if not value:
            # The whole image comes from an ARG without default: a required build argument,
            # a deliberate pattern (`ARG BASE` / `FROM ${BASE}`); only report partial images.
            continue
        ref = ImageReference.parse(value)
        if not ref.is_well_formed or value.endswith((":", "@", "/")) or "//" in value:
            yield Hit(stage.from_instruction,
                      f"with the ARG defaults, FROM {text} gives the invalid image '{value}'",
                      fix="give the ARG a default value")


# --------------------------------------------------------------------------------------------

SELF_REF = Rule(
    code="SL273",
    name="env-self-reference",
    severity=Severity.MEDIUM,
    summary="ENV uses a variable defined in the same instruction",
    rationale=(
        "All pairs of one ENV see the values from before that ENV: in `ENV A=1 B=$A` B does "
        "not get 1 but the old value of A (often empty)."),
    remediation="Split it: `ENV A=1` then `ENV B=$A`.",
    references=[_REF + "#env"],
    aliases={"hadolint": "DL3044"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nENV APP=/app PATH=$APP/bin:$PATH\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\nENV APP=/app\nENV PATH=$APP/bin:$PATH\n"),
             Example("Dockerfile", "FROM alpine:3.20\nENV PATH=/x:$PATH\n")],
)


@SELF_REF.check(Dockerfile)
def _self_ref(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "ENV":
            continue
        defined: list[str] = []
        for kv in ins.key_values:
            raw = kv.raw_value or ""
            if "'" not in raw:
                for name in _names(raw):
                    if name in defined:
                        yield Hit(kv, f"ENV {kv.key} uses ${name}, which this same ENV sets: it "
                                      f"gets the value {name} had before",
                                  fix=f"set {name} in an earlier ENV")
                        break
            defined.append(kv.key)


# --------------------------------------------------------------------------------------------

UNDEFINED_VAR = Rule(
    code="SL274",
    name="undefined-variable",
    severity=Severity.MEDIUM,
    summary="A variable is used where it is not defined",
    rationale=(
        "An undefined variable expands to an empty string without any error. Two cases are "
        "certain without knowing the base image: BuildKit's platform arguments (`TARGETARCH`, "
        "`TARGETOS`, `BUILDPLATFORM`...) are empty inside a stage until the stage declares "
        "`ARG TARGETARCH`, so `RUN curl .../tool-$TARGETARCH` downloads the wrong file; and a "
        "name one or two letters away from a declared ARG/ENV is a typo "
        "(`$NODE_VERISON`). Other undeclared names may come from the base image's ENV and are "
        "not reported."),
    remediation=("Declare the platform argument in the stage (`ARG TARGETARCH`) before using "
                 "it; fix the misspelt name."),
    references=[_REF + "#automatic-platform-args-in-the-global-scope",
                _CHECKS + "undefined-var/"],
    aliases={"buildkit": "UndefinedVar"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nRUN wget -q https://example.com/tool-"
                                   "${TARGETARCH}.tgz\n"),
             Example("Dockerfile", "FROM node:22\nARG NODE_VERSION=22.1\n"
                                   "LABEL version=${NODE_VERISON}\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\nARG TARGETARCH\n"
                                   "RUN wget -q https://example.com/tool-${TARGETARCH}.tgz\n"),
             Example("Dockerfile", "FROM alpine:3.20\nRUN TARGETARCH=$(uname -m); echo "
                                   "$TARGETARCH\nENV PATH=/x:$PATH\n")],
)

_EXPANDING = frozenset({"ADD", "COPY", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME",
                        "WORKDIR", "ARG"})
_SINGLE_QUOTED = re.compile(r"'[^']*'")


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


@UNDEFINED_VAR.check(Dockerfile)
def _undefined_var(df: Dockerfile) -> Iterator[Hit]:
    all_names = {a.name for a in df.global_args}
    for ins in df.instructions:
        if ins.keyword in ("ARG", "ENV"):
            all_names.update(kv.key for kv in ins.key_values)
    for stage in df.stages:
        chain = stage.lineage()[1:]
        # ENV of the stages this one is built FROM; their ARGs too, to stay on the safe side
        # (BuildKit carries a parent stage's build arguments into `FROM parent` stages)
        declared = {kv.key for c in chain for i in c.instructions if i.keyword in ("ENV", "ARG")
                    for kv in i.key_values}
        for ins in stage.instructions[1:]:
            kw = ins.keyword
            if kw in ("ARG", "ENV"):
                # names used in this instruction's values are checked before it declares
                text = " ".join(kv.raw_value or "" for kv in ins.key_values)
            elif kw == "RUN" and ins.exec_form is None:
                text = ins.args + "".join(h.body for h in ins.heredocs if not h.quoted)
            elif kw in _EXPANDING:
                text = ins.args
            else:
                text = ""
            if "$" in text:
                text = _SINGLE_QUOTED.sub("", text) if kw == "RUN" else text
                reported = set()
                for name in _names(text.replace("\\$", "")):
                    if name in declared or name in reported:
                        continue
                    reported.add(name)
                    if name in AUTOMATIC_ARGS:
                        if kw == "RUN" and re.search(
                                rf"(\b{name}=|\bfor\s+{name}\b|\bread\s+(-\w+\s+)*{name}\b)",
                                text):
                            continue  # the script sets it itself
                        yield Hit(ins, f"${name} is empty here: declare 'ARG {name}' in this "
                                       "stage before using it", fix=f"ARG {name}")
                    elif kw != "RUN" and len(name) >= 4:
                        close = sorted(n for n in all_names if n != name and
                                       _distance(n, name) <= (1 if len(name) < 8 else 2))
                        if close and name not in all_names:
                            yield Hit(ins, f"${name} is not defined; did you mean ${close[0]}?",
                                      fix=f"${close[0]}")
            if kw in ("ARG", "ENV"):
                declared.update(kv.key for kv in ins.key_values)
