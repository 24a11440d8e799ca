"""SL231 add-url-without-checksum: ADD downloads a URL without --checksum."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .sources import URL, expanded_sources, is_git

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
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
    aliases={"kics": "Curl or Wget Instead of Add"},
    related={"checkov": "CKV_DOCKER_4"},  # Checkov reports every ADD, local files too
    tags=["security", "supply-chain", "reproducibility"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nADD https://example.com/tool.tgz /opt/\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nADD --checksum=sha256:" + "a" * 64 +
                              " https://example.com/tool.tgz /opt/\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.1 "
                              "/src\n"),
    ],
)


@RULE.check(Dockerfile)
def _checksum(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "ADD" or ins.flag("checksum") is not None:
            continue
        for value, _, span in expanded_sources(df, ins):
            if URL.match(value) and not is_git(value):
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
