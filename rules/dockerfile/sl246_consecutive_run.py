"""SL246 consecutive-run: Consecutive RUN instructions that could be one (opt-in)."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
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
    aliases={"hadolint": "DL3059"},
    # KICS also reports ADD/COPY to the same destination and RUNs with other flags
    related={"kics": "Multiple RUN, ADD, COPY, Instructions Listed"},
    tags=["image-size"],
    opt_in="hygiene",
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN mkdir /app\nRUN chown 1000 /app\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN mkdir /app\nCOPY . /app\n"
                                   "RUN --mount=type=cache,target=/root/.cache make\n")],
)


@RULE.check(Dockerfile)
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
