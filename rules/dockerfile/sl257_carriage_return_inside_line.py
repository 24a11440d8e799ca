"""SL257 carriage-return-inside-line: A carriage return that Docker does not take for a line
break."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL257",
    name="carriage-return-inside-line",
    severity=Severity.HIGH,
    summary="A carriage return that Docker does not take for a line break",
    rationale=(
        "Docker ends a Dockerfile line at a line feed only (a carriage return just before it "
        "is dropped). A carriage return alone is a character of its line, while editors, "
        "diff views and code review show it as a line break. So `RUN make #` followed by "
        "a carriage return and `USER 1000` looks like two instructions, but the `USER` is "
        "part of the `RUN`'s shell comment: the image runs as root. Text after it can hide "
        "an instruction from a reviewer, or show one that never runs. Files saved with "
        "classic Mac line ends (carriage returns only) are one line to Docker. shiplint "
        "numbers such a file's lines as Docker does (its findings, suppressions and fixes); "
        "an editor numbers every line after the carriage return one more (the language "
        "server maps its positions)."),
    remediation=(
        "End the line with a line feed (`\\n`, or `\\r\\n`) where a new line is meant, or "
        "remove the carriage return (`sed -i 's/\\r$//; s/\\r/\\n/g'` when every one of "
        "them is meant as a line break, then read the result)."),
    references=[
        "https://docs.docker.com/reference/dockerfile/#format",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/parser/parser.go",
    ],
    # No peer tool has this check: the empty lists record that each was looked at.
    aliases={},  # hadolint, Checkov, Trivy, KICS and docker build --check: none
    tags=["security", "correctness"],
    failing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nRUN make #\rUSER 1000\nCMD [\"app\"]\n"),
        Example("Dockerfile", "FROM alpine:3.20\n# refresh CA bundle\rRUN apk upgrade "
                              "ca-certificates\nUSER 1000\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\r\nRUN make\r\nUSER 1000\r\n"),
        Example("compose.yaml", "services:\r  web:\r    image: nginx:1.27\r"),
    ],
)


@RULE.check(Dockerfile)
def _carriage_return(df: Dockerfile) -> Iterator[Hit]:
    for line, column, keyword, place in df.carriage_returns:
        at = Span(line, column, line, column + 1)
        if place == "start":  # Docker skips it as a blank: only the line numbers differ
            yield Hit(at, f"carriage return (\\r) with no line feed after it at the start of "
                          f"line {line}: an editor shows an empty line before the rest, and "
                          "numbers every later line one more than Docker does; remove it")
            continue
        holder = None if place == "comment" else next(
            (i for i in df.instructions if i.span.line <= line <= i.span.end_line), None)
        if holder is not None:
            what = f"the {holder.keyword} instruction of line {holder.span.line}"
        else:
            what = f"the comment of line {line}" if place == "comment" else f"line {line}"
        after = f"the {keyword} after it" if keyword else "the text after it"
        shown = "an instruction" if keyword else "a line"
        yield Hit(at, f"carriage return (\\r) with no line feed after it: Docker reads {after} "
                      f"as part of {what}, where an editor shows {shown} of its own; end the "
                      "line with a line feed, or remove the carriage return")
