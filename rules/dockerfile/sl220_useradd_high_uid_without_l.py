"""SL220 useradd-high-uid-without-l: useradd with a high UID without -l/--no-log-init."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL220",
    name="useradd-high-uid-without-l",
    severity=Severity.INFO,
    summary="useradd with a high UID without -l/--no-log-init",
    rationale=(
        "useradd records the new user in /var/log/lastlog and faillog, sparse files sized by "
        "the UID; Docker's layers do not keep them sparse, so a UID such as 1000000 adds "
        "hundreds of megabytes to the image."),
    remediation="Add `-l` (`--no-log-init`) to useradd.",
    references=["https://github.com/moby/moby/issues/5419"],
    aliases={"hadolint": "DL3046"},
    tags=["image-size"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN useradd -u 1000000 app\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN useradd -l -u 1000000 app && "
                                   "useradd -u 1001 other\n")],
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _useradd(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.named("useradd"):
            if c.has_option("-l", "--no-log-init"):
                continue
            uid, value = None, None
            for k, w in enumerate(c.words[1:], 1):
                v = w.value
                if v in ("-u", "--uid") and k + 1 < len(c.words):
                    uid, value = w, c.words[k + 1].value
                elif v.startswith("--uid="):
                    uid, value = w, v.split("=", 1)[1]
                elif v.startswith("-u") and v[2:].isdigit():
                    uid, value = w, v[2:]
            if value and value.isdigit() and int(value) > 65535:
                yield Hit(uid, f"useradd -u {value} without -l writes a huge sparse "
                               "/var/log/faillog into the layer", fix="add -l")
