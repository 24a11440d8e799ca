"""SL426 custom-cgroup-parent: Service runs under a custom cgroup parent."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL426",
    name="custom-cgroup-parent",
    severity=Severity.INFO,
    summary="Service runs under a custom cgroup parent",
    rationale=(
        "`cgroup_parent` moves the container out of Docker's own cgroup hierarchy, so the "
        "limits and accounting Docker applies (and monitoring expects) may not hold."),
    remediation="Remove `cgroup_parent` unless the host's cgroup layout requires it.",
    references=[_SPEC + "#cgroup_parent",
                "CIS Docker Benchmark 5.24: Ensure that cgroup usage is confirmed"],
    aliases={"kics": "Cgroup Not Default"},
    tags=["security", "hardening"],
    enabled_by_default=False,
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    cgroup_parent: m-executor-abcd\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")],
)


@RULE.check(Service)
def cgroup_parent(s: Service) -> Iterator[Hit]:
    if s.cgroup_parent is not None:
        yield Hit(s.cgroup_parent, f"service '{s.name}' runs under cgroup parent "
                                   f"'{s.cgroup_parent.expanded}'")
