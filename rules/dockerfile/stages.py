"""Build-stage and casing rules: COPY --from its own stage (SL250), --from naming no stage
(SL251), duplicate stage names (SL252), reserved stage names (SL253), stage name casing
(SL254), instruction keyword casing (SL255)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import KEYWORDS, Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

_REF = "https://docs.docker.com/reference/dockerfile/"
_CHECKS = "https://docs.docker.com/reference/build-checks/"
_MULTI = "https://docs.docker.com/build/building/multi-stage/"


def _from_flags(df: Dockerfile):
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword not in ("COPY", "ADD"):
            continue
        flag = target.flag("from")
        if flag is None or not flag.value:
            continue
        value, known = df.expand(flag.value, ins.stage, ins)
        yield ins, target, flag, value, known


SELF = Rule(
    code="SL250",
    name="copy-from-own-stage",
    severity=Severity.HIGH,
    summary="COPY --from names the stage it is in",
    rationale="A stage cannot copy from itself: the build fails with a circular dependency.",
    remediation="Name the stage that produces the files (`COPY --from=build ...`).",
    references=[_REF + "#copy---from", _MULTI],
    aliases={"hadolint": "DL3023", "trivy": "DS-0006",
             "kics": "COPY '--from' References Current FROM Alias"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM golang:1.23 AS build\nCOPY --from=build /a /b\n")],
    passing=[Example("Dockerfile", "FROM golang:1.23 AS build\nRUN go build -o /a .\n"
                                   "FROM alpine:3.20\nCOPY --from=build /a /b\n")],
)


@SELF.check(Dockerfile)
def _self(df: Dockerfile) -> Iterator[Hit]:
    for ins, target, flag, value, known in _from_flags(df):
        stage = ins.stage
        if not known or stage is None or ins.keyword == "ONBUILD":
            continue
        if (stage.alias and value.lower() == stage.alias.lower()) or value == str(stage.index):
            yield Hit(flag, f"{target.keyword} --from={value} names its own stage")


UNKNOWN = Rule(
    code="SL251",
    name="copy-from-unknown-stage",
    severity=Severity.MEDIUM,
    summary="COPY --from names no earlier stage",
    rationale=(
        "`COPY --from=<name>` takes an earlier stage, or else an image: a misspelt or later "
        "stage name is silently read as an image on Docker Hub (pulled, or failing as 'not "
        "found'). A numeric index must be that of an earlier stage."),
    remediation=(
        "Use the name of an earlier `FROM ... AS <name>` stage; for an image, write its full "
        "reference with a tag (`COPY --from=nginx:1.27 ...`)."),
    references=[_REF + "#copy---from", _MULTI],
    aliases={"hadolint": "DL3022"},
    tags=["correctness"],
    failing=[
        Example("Dockerfile", "FROM golang:1.23 AS build\nFROM alpine:3.20\n"
                              "COPY --from=biuld /a /b\n"),
        Example("Dockerfile", "FROM alpine:3.20\nCOPY --from=1 /a /b\nFROM alpine:3.20\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM golang:1.23 AS build\nFROM alpine:3.20\n"
                              "COPY --from=build /a /b\nCOPY --from=0 /c /d\n"
                              "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"),
        Example("Dockerfile", "ARG SRC=build\nFROM golang:1.23 AS build\nFROM alpine:3.20\n"
                              "ARG SRC\nCOPY --from=${SRC} /a /b\n"),
    ],
)

_BARE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@UNKNOWN.check(Dockerfile)
def _unknown(df: Dockerfile) -> Iterator[Hit]:
    for ins, target, flag, value, known in _from_flags(df):
        stage = ins.stage
        if not known or stage is None or ins.keyword == "ONBUILD":
            continue
        if value.isdigit():
            if int(value) >= stage.index:
                yield Hit(flag, f"{target.keyword} --from={value}: stage {value} is not an "
                                f"earlier stage (this is stage {stage.index})")
            continue
        low = value.lower()
        earlier = [s for s in df.stages[:stage.index] if s.alias and s.alias.lower() == low]
        if earlier or "/" in value or ":" in value or "@" in value or "." in value:
            continue
        if not _BARE.match(low):
            continue
        later = [s for s in df.stages[stage.index:] if s.alias and s.alias.lower() == low]
        if later:
            yield Hit(flag, f"{target.keyword} --from={value}: stage '{value}' is defined "
                            f"later (line {later[0].from_instruction.span.line}); only earlier "
                            "stages can be copied from")
        elif any(s.alias for s in df.stages):
            names = ", ".join(s.alias for s in df.stages[:stage.index] if s.alias)
            yield Hit(flag, f"{target.keyword} --from={value}: no earlier stage is named "
                            f"'{value}' (stages: {names or 'none named'}), so it is read as "
                            "an image name")


DUPLICATE = Rule(
    code="SL252",
    name="duplicate-stage-name",
    severity=Severity.HIGH,
    summary="Two stages have the same name",
    rationale="Stage names must be unique (case-insensitively); the build fails otherwise.",
    remediation="Rename one of the stages and update the `--from=` and `FROM` references.",
    references=[_CHECKS + "duplicate-stage-name/", _MULTI],
    aliases={"hadolint": "DL3024", "buildkit": "DuplicateStageName", "checkov": "CKV_DOCKER_11",
             "trivy": "DS-0012", "kics": "Same Alias In Different Froms"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20 AS base\nFROM alpine:3.20 AS Base\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20 AS base\nFROM base AS final\n")],
)


@DUPLICATE.check(Dockerfile)
def _duplicate(df: Dockerfile) -> Iterator[Hit]:
    seen: dict[str, int] = {}
    for stage in df.stages:
        if not stage.alias:
            continue
        low = stage.alias.lower()
        if low in seen:
            yield Hit(stage.from_instruction, f"stage name '{stage.alias}' is already used on "
                                              f"line {seen[low]}")
        else:
            seen[low] = stage.from_instruction.span.line


RESERVED = Rule(
    code="SL253",
    name="reserved-stage-name",
    severity=Severity.LOW,
    summary="Stage named `scratch` or `context`",
    rationale=("`scratch` and `context` are reserved words in FROM and COPY --from: a later "
               "`FROM scratch` means the empty image, not the stage, so the stage cannot be "
               "referred to by that name (BuildKit warns)."),
    remediation="Rename the stage.",
    references=[_CHECKS + "reserved-stage-name/"],
    aliases={"hadolint": "DL3063", "buildkit": "ReservedStageName"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20 AS scratch\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20 AS base\n")],
)


@RESERVED.check(Dockerfile)
def _reserved(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.alias and stage.alias.lower() in ("scratch", "context"):
            yield Hit(stage.from_instruction, f"stage name '{stage.alias}' is reserved; the stage "
                                                  "cannot be referred to by it")


STAGE_CASE = Rule(
    code="SL254",
    name="stage-name-casing",
    severity=Severity.INFO,
    summary="Stage name is not lower case",
    rationale=("Stage names are compared case-insensitively but image references are lower "
               "case; a mixed-case name reads like a different thing in `--from` and FROM."),
    remediation="Write stage names in lower case (`AS build`).",
    references=[_CHECKS + "stage-name-casing/"],
    aliases={"buildkit": "StageNameCasing"},
    tags=["style"],
    failing=[Example("Dockerfile", "FROM alpine:3.20 AS Build\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20 AS build\n")],
)


@STAGE_CASE.check(Dockerfile)
def _stage_case(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.alias and stage.alias != stage.alias.lower() and "$" not in stage.alias:
            yield Hit(stage.from_instruction, f"stage name '{stage.alias}' should be lower "
                                              f"case: '{stage.alias.lower()}'")


CASING = Rule(
    code="SL255",
    name="instruction-casing",
    severity=Severity.INFO,
    summary="Instruction keywords mix upper and lower case",
    rationale=("Keywords are case-insensitive, but a file that mixes `RUN` and `run` (or "
               "`FROM ... as`) is harder to read and grep. Upper case is the convention."),
    remediation="Write every keyword, and `AS` in FROM, in the same case (upper case).",
    references=[_CHECKS + "consistent-instruction-casing/", _CHECKS + "from-as-casing/"],
    aliases={"buildkit": ["ConsistentInstructionCasing", "FromAsCasing"]},
    tags=["style"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nRUN echo a\nrun echo b\nRUN echo c\n"),
             Example("Dockerfile", "FROM alpine:3.20 as build\n")],
    passing=[Example("Dockerfile", "from alpine:3.20 as build\nrun echo a\n"),
             Example("Dockerfile", "FROM alpine:3.20 AS build\nRUN echo a\n")],
)


@CASING.check(Dockerfile)
def _casing(df: Dockerfile) -> Iterator[Hit]:
    kws = [i for i in df.instructions if i.keyword in KEYWORDS]
    upper = sum(1 for i in kws if i.raw_keyword.isupper())
    lower = sum(1 for i in kws if i.raw_keyword.islower())
    want_upper = upper >= lower
    for ins in kws:
        raw = ins.raw_keyword
        ok = raw.isupper() if want_upper else raw.islower()
        if not ok:
            want = raw.upper() if want_upper else raw.lower()
            yield Hit(_kw_span(ins),
                      f"'{raw}' should be written '{want}' like the other instructions")
        if ins.keyword == "FROM":
            words = ins.args.split()
            if len(words) == 3 and words[1].upper() == "AS":
                as_word = words[1]
                if raw.isupper() and not as_word.isupper() or raw.islower() and \
                        not as_word.islower():
                    yield Hit(ins, f"'{as_word}' should match the case of '{raw}'")


def _kw_span(ins):
    s = ins.span
    return type(s)(s.line, s.column, s.line, s.column + len(ins.raw_keyword))
