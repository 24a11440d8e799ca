"""SL205 apt-install-recommends: apt-get install without --no-install-recommends."""

from __future__ import annotations

from linter.dockerfile import Dockerfile, Instruction
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .fixes import add_option
from .packages import calls, quoted_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_DOCKERFILE_REF = "https://docs.docker.com/build/building/best-practices/#apt-get"


RULE = Rule(
    code="SL205",
    name="apt-install-recommends",
    severity=Severity.INFO,
    summary="apt-get install without --no-install-recommends",
    rationale=(
        "By default apt also installs every *recommended* package: often hundreds of "
        "megabytes of documentation, X11 libraries and tools the container never uses, each "
        "one more thing to patch."),
    remediation=(
        "Add `--no-install-recommends` to `apt-get install` and name the packages you need, "
        "or set `APT::Install-Recommends \"false\";` in `/etc/apt/apt.conf.d/`."),
    references=[_DOCKERFILE_REF],
    aliases={"hadolint": "DL3015", "trivy": "DS-0029",
             "kics": "APT-GET Not Avoiding Additional Packages"},
    tags=["image-size", "attack-surface"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                                   "curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 "
                              "&& rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' "
                              "> /etc/apt/apt.conf.d/01norecommends\n"
                              "RUN apt-get update && apt-get install -y curl=7.88.1-10\n"),
    ],
    opt_in="hygiene",
    fixable="unsafe",  # the recommended packages left out may be ones the image needs
)


def _recommends_off(df: Dockerfile, ins: Instruction) -> bool:
    for _, sc in scripts(df):
        if "Install-Recommends" in sc.text and ("false" in sc.text or '"0"' in sc.text):
            return True
    return False


@RULE.check(Dockerfile)
def _recommends(df: Dockerfile) -> Iterator[Hit]:
    off = None
    for ins, sc, pc in calls(df):
        if pc.family != "apt" or pc.action != "install" or pc.manager == "aptitude":
            continue
        if pc.has("--no-install-recommends") or any(
                "Install-Recommends" in w.value for w in pc.command.args):
            continue
        if not pc.packages:
            continue
        if off is None:
            off = _recommends_off(df, ins)
        if off:
            return
        # not a safe fix: a recommended package may be one the image needs (curl recommends
        # ca-certificates, without which it cannot verify any https server)
        yield Hit(pc.command, f"{pc.manager} install of {quoted_names(pc.packages)} also installs "
                              "recommended packages", fix="add --no-install-recommends",
                  autofix=add_option(sc, pc, "--no-install-recommends", safe=False))
