"""SL204 package-install-prompts: Package install without the non-interactive flag."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from linter.dockerfile.shell import scripts

from .fixes import add_option
from .packages import calls

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_DOCKERFILE_REF = "https://docs.docker.com/build/building/best-practices/#apt-get"


RULE = Rule(
    code="SL204",
    name="package-install-prompts",
    severity=Severity.MEDIUM,
    summary="Package install without the non-interactive flag",
    rationale=(
        "`apt-get install`, `yum install`, `dnf install` and `zypper install` ask for "
        "confirmation unless told not to; a build has no terminal, so the install aborts (or "
        "hangs, depending on the manager and version) and the build fails."),
    remediation=(
        "Add the assume-yes flag: `apt-get install -y`, `yum install -y`, `dnf install -y`, "
        "`microdnf install -y`, `zypper --non-interactive install` (or `zypper install -y`)."),
    references=[_DOCKERFILE_REF, "https://en.opensuse.org/SDB:Zypper_usage"],
    aliases={"hadolint": ["DL3014", "DL3030", "DL3034", "DL3038"], "trivy": "DS-0021",
             "kics": ["APT-GET Missing Flags To Avoid Manual Input",
                      "Yum Install Allows Manual Input", "Missing Flag From Dnf Install",
                      "Missing Zypper Non-interactive Switch"]},
    tags=["correctness"],
    failing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install "
                              "--no-install-recommends curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM rockylinux:9\nRUN yum install httpd-2.4.62\n"),
        Example("Dockerfile", "FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -qy "
                              "--no-install-recommends curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold "
                              "--assume-yes install curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM rockylinux:9\nRUN yum install --assumeyes httpd-2.4.62\n"),
        Example("Dockerfile", "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0\n"),
        Example("Dockerfile", "FROM debian:12\nRUN yes | apt-get install curl=7.88.1-10\n"),
    ],
    security=False,
    fixable="safe",  # -y only answers the question a build cannot answer
)


_YES = {"apt": ("-y", "--yes", "--assume-yes"),
        "rpm": ("-y", "--assumeyes"),
        "zypper": ("-n", "--non-interactive", "-y", "--no-confirm")}
_TRUE = ("1", "yes", "true", "with", "on", "enable")


def _apt_quiet(pc) -> int:
    """apt's quiet level from the command line: each `-q` counts (`-q -q`, `-qq`, `-qqy`),
    `-q=N`, `--quiet=N` and `-o quiet=N` set it."""
    level = 0
    for w in pc.options:
        v = w.value
        if v.startswith("-") and not v.startswith("--") and v[1:].isalpha():
            level += v.count("q")
        elif v in ("--quiet",):
            level += 1
        elif v.startswith(("-q=", "--quiet=")) and v.split("=", 1)[1].isdigit():
            level = int(v.split("=", 1)[1])
    for setting in _apt_settings(pc):
        key, _, value = setting.partition("=")
        if key.lower() == "quiet" and value.isdigit():
            level = int(value)
    return level


def _apt_settings(pc) -> list[str]:
    """The `-o Name=value` / `--option Name=value` settings of an apt command."""
    out = []
    for w in pc.options:
        v = w.value
        if v in ("-o", "--option") and id(w) in pc.values:
            out.append(pc.values[id(w)].value)
        elif v.startswith(("-o=", "--option=")):
            out.append(v.split("=", 1)[1])
        elif v.startswith("-o") and len(v) > 2 and "=" in v:
            out.append(v[2:])
    return out


def _apt_assumes_yes(pc) -> bool:
    """apt-get installs without asking with -y/--yes/--assume-yes, with quiet level 2 or more
    (`-qq`: apt-get documents that it implies -y), or with the APT::Get::Assume-Yes setting
    true. DEBIAN_FRONTEND=noninteractive does not: it silences debconf, not apt-get's
    question."""
    if pc.has(*_YES["apt"]) or _apt_quiet(pc) >= 2:
        return True
    for setting in _apt_settings(pc):
        key, _, value = setting.partition("=")
        if key.strip().lower() == "apt::get::assume-yes" and \
                value.strip().strip("'\"").lower() in _TRUE:
            return True
    return False


def _apt_conf_yes(df: Dockerfile) -> bool:
    """An apt.conf snippet written by a RUN turns Assume-Yes on for every later apt-get."""
    for _, sc in scripts(df):
        text = sc.text.lower()
        if "assume-yes" in text and "apt.conf" in text and ("true" in text or '"1"' in text):
            return True
    return False


@RULE.check(Dockerfile)
def _prompt(df: Dockerfile) -> Iterator[Hit]:
    conf = None
    for _, sc, pc in calls(df):
        if pc.family not in _YES or pc.action not in ("install", "upgrade", "remove",
                                                      "dist-upgrade"):
            continue
        if pc.command.name == "microdnf" or pc.manager == "aptitude":
            continue  # microdnf never prompts
        if pc.family == "apt":
            if _apt_assumes_yes(pc):
                continue
            if conf is None:
                conf = _apt_conf_yes(df)
            if conf:
                continue
        elif pc.has(*_YES[pc.family]):
            continue
        cmd = pc.command
        if cmd.pipe_index > 0 and cmd.pipeline >= 0 and any(
                c.pipeline == cmd.pipeline and c.name == "yes" for c in sc.commands):
            continue
        flag = {"apt": "-y", "rpm": "-y", "zypper": "--non-interactive"}[pc.family]
        yield Hit(cmd, f"{pc.manager} {pc.verb} without {flag} asks for confirmation, which fails in a build",
                  fix=f"add {flag}",
                  autofix=add_option(sc, pc, flag, before_action=pc.family == "zypper"))
