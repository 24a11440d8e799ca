"""SL239 healthcheck-missing: The final image defines no HEALTHCHECK (opt-in)."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL239",
    name="healthcheck-missing",
    severity=Severity.LOW,
    summary="The final image defines no HEALTHCHECK (opt-in)",
    rationale=(
        "Without a HEALTHCHECK, Docker and Compose only know whether the process runs, not "
        "whether it answers. Kubernetes ignores HEALTHCHECK (it uses probes), so this rule is "
        "off by default; enable it for images run by Docker or Swarm."),
    remediation=(
        "Add `HEALTHCHECK CMD [\"/app\", \"healthcheck\"]` (or `curl -f http://localhost/`), "
        "or `HEALTHCHECK NONE` to state that there is deliberately none."),
    references=[_REF + "#healthcheck",
                "CIS Docker Benchmark 4.6: Ensure that HEALTHCHECK instructions have been added "
                "to container images"],
    aliases={"hadolint": "DL3057", "checkov": "CKV_DOCKER_2", "trivy": "DS-0026",
             "kics": "Healthcheck Instruction Missing"},
    tags=["reliability"],
    opt_in="hardening",
    failing=lambda: [Example("Dockerfile", "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n")],
    passing=lambda: [Example("Dockerfile", "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/"
                                   " || exit 1\n")],
)


@RULE.check(Dockerfile)
def _healthcheck(df: Dockerfile) -> Iterator[Hit]:
    stages = df.shipped_stages()
    if not stages or df.fragment:
        return  # a fragment says nothing of what the rest of the file holds
    if any(s.instructions_named("HEALTHCHECK") for s in stages):
        return
    final = stages[0]
    yield Hit(final.from_instruction, "the final image defines no HEALTHCHECK",
              fix="HEALTHCHECK CMD <command that fails when the service is unhealthy>")
