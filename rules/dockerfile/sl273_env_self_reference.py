"""SL273 env-self-reference: ENV uses a variable defined in the same instruction."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .variables import variable_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
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
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nENV APP=/app PATH=$APP/bin:$PATH\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nENV APP=/app\nENV PATH=$APP/bin:$PATH\n"),
             Example("Dockerfile", "FROM alpine:3.20\nENV PATH=/x:$PATH\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _self_ref(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "ENV":
            continue
        defined: list[str] = []
        for kv in ins.key_values:
            raw = kv.raw_value or ""
            if "'" not in raw:
                for name in variable_names(raw):
                    if name in defined:
                        yield Hit(kv, f"ENV {kv.key} uses ${name}, which this same ENV sets: it "
                                      f"gets the value {name} had before",
                                  fix=f"set {name} in an earlier ENV")
                        break
            defined.append(kv.key)
