"""SL245 wget-progress-output: wget without -q/--progress floods the build log."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator


def _busybox(stage) -> bool:
    if stage is None:
        return False
    text = stage.root().image_text.lower()
    return "alpine" in text or "busybox" in text


RULE = Rule(
    code="SL245",
    name="wget-progress-output",
    severity=Severity.INFO,
    summary="wget without -q/--progress floods the build log",
    rationale=("GNU wget's default progress bar writes one line per few kilobytes in a "
               "build log (no terminal), burying the output that matters. (Alpine/busybox "
               "wget is quiet enough and has no --progress; it is not reported.)"),
    remediation="Add `-q`, `-nv` or `--progress=dot:giga`.",
    references=["https://www.gnu.org/software/wget/manual/wget.html#Download-Options"],
    aliases={"hadolint": "DL3047"},
    tags=["maintainability"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN wget https://example.com/a.tgz\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN wget -q https://example.com/a.tgz && "
                                   "wget --progress=dot:giga https://example.com/b.tgz\n")],
    security=False,
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _progress(df: Dockerfile) -> Iterator[Hit]:
    for ins, sc in scripts(df):
        if _busybox(ins.stage):
            continue  # busybox wget prints one line and has no --progress
        for c in sc.named("wget"):
            if any(w.value in ("-q", "--quiet", "-nv", "--no-verbose", "-o", "--output-file",
                               "-a", "--append-output") or w.value.startswith(
                                   ("--progress", "--output-file=", "--append-output="))
                   or (w.value.startswith("-") and not w.value.startswith("--")
                       and ("q" in w.value or "o" in w.value))
                   for w in c.args):
                continue
            if not any(not w.value.startswith("-") for w in c.args):
                continue  # wget --version and friends
            yield Hit(c, "wget without -q or --progress writes a progress bar into the build "
                         "log", fix="add -q or --progress=dot:giga")
