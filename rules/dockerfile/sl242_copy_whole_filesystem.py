"""SL242 copy-whole-filesystem: COPY --from copies a stage's whole filesystem over `/`."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
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
    failing=lambda: [Example("Dockerfile", "FROM debian:12 AS build\nFROM scratch\n"
                                   "COPY --from=build / /\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12 AS build\nFROM scratch\n"
                                   "COPY --from=build /out/app /app\n")],
)


@RULE.check(Dockerfile)
def _whole(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "COPY" or ins.flag("from") is None:
            continue
        words = ins.exec_form if ins.exec_form is not None else ins.args.split()
        if len(words) == 2 and words[0] in ("/", "/.") and words[1] in ("/", "/."):
            yield Hit(ins, f"COPY --from={ins.flag('from').value} / / copies the whole "
                           "filesystem of that stage")
