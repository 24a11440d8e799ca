"""SL204 package-install-prompts: Package install without the non-interactive flag."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .packages import calls

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
    failing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install "
                              "--no-install-recommends curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM rockylinux:9\nRUN yum install httpd-2.4.62\n"),
        Example("Dockerfile", "FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -qy "
                              "--no-install-recommends curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold "
                              "--assume-yes install curl=7.88.1-10\n"),
        Example("Dockerfile", "FROM rockylinux:9\nRUN yum install --assumeyes httpd-2.4.62\n"),
        Example("Dockerfile", "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0\n"),
        Example("Dockerfile", "FROM debian:12\nRUN yes | apt-get install curl=7.88.1-10\n"),
    ],
    security=False,
)


_YES = {"apt": ("-y", "--yes", "--assume-yes", "-q=2", "-qq"),
        "rpm": ("-y", "--assumeyes"),
        "zypper": ("-n", "--non-interactive", "-y", "--no-confirm")}


@RULE.check(Dockerfile)
def _prompt(df: Dockerfile) -> Iterator[Hit]:
    for _, sc, pc in calls(df):
        if pc.family not in _YES or pc.action not in ("install", "upgrade", "remove",
                                                      "dist-upgrade"):
            continue
        if pc.command.name == "microdnf" or pc.manager == "aptitude":
            continue  # microdnf never prompts
        if pc.has(*_YES[pc.family]) or pc.command.has_option("-qq"):
            continue
        if pc.family == "apt" and any(w.value.startswith("APT::Get::Assume-Yes")
                                      for w in pc.command.args):
            continue
        cmd = pc.command
        if cmd.pipe_index > 0 and cmd.pipeline >= 0 and any(
                c.pipeline == cmd.pipeline and c.name == "yes" for c in sc.commands):
            continue
        flag = {"apt": "-y", "rpm": "-y", "zypper": "--non-interactive"}[pc.family]
        yield Hit(cmd, f"{pc.manager} {pc.action} without {flag} asks for confirmation, "
                       "which fails in a build", fix=f"add {flag}")
