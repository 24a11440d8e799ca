"""SL274 undefined-variable: A variable is used where it is not defined."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import AUTOMATIC_ARGS, Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .variables import variable_names

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
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
    security=False,
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


@RULE.check(Dockerfile)
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
                for name in variable_names(text.replace("\\$", "")):
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
