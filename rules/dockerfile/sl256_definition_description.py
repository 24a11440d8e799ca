"""SL256 definition-description: the comment above an ARG or a named stage does not start
with its name."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL256",
    name="definition-description",
    severity=Severity.INFO,
    summary="The comment above an ARG or a named stage does not start with its name",
    rationale=(
        "BuildKit reads the comment right above `ARG NAME` or `FROM ... AS NAME` as the "
        "description of that build argument or target, which `docker buildx build --call "
        "outline` and `--call targets` print, when its first word is the name. A comment "
        "that starts otherwise is not shown as a description."),
    remediation="Start the comment with the name: `# VERSION sets the release to build`.",
    references=[_CHECKS + "invalid-definition-description/"],
    aliases={"buildkit": "InvalidDefinitionDescription"},
    tags=["style"],
    failing=lambda: [Example("Dockerfile", "# sets the release to build\nARG VERSION=1.2\n"
                                   "FROM alpine:3.20\n")],
    passing=lambda: [Example("Dockerfile", "# VERSION sets the release to build\nARG VERSION=1.2\n"
                                   "\n# a blank line above: not a description\n\n"
                                   "FROM alpine:3.20 AS base\n")],
    security=False,
    opt_in="style",
)


@RULE.check(Dockerfile)
def _description(df: Dockerfile) -> Iterator[Hit]:
    by_end = {c.span.line: c for c in df.comments}
    for ins in df.instructions:
        if ins.keyword == "ARG" and len(ins.key_values) == 1:
            name, what = ins.key_values[0].key, "ARG"
        elif ins.keyword == "FROM" and ins.stage is not None and ins.stage.alias:
            name, what = ins.stage.alias, "stage"
        else:
            continue
        line = ins.span.line - 1
        if line not in by_end:
            continue
        while line - 1 in by_end:
            line -= 1  # the first line of the comment block right above
        comment = by_end[line]
        words = comment.text.split()
        if words and words[0] != name:
            yield Hit(comment, f"the comment above {what} {name} starts with '{words[0]}'; "
                               f"start it with '{name}' to make it the {what}'s description",
                      fix=f"# {name} ...")
