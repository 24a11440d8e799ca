"""SL270 secret-in-build-variable: ARG or ENV named like a secret."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.secrets import is_secret_name

from .variables import VAR

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL270",
    name="secret-in-build-variable",
    severity=Severity.MEDIUM,
    summary="ARG or ENV named like a secret",
    rationale=(
        "Build arguments and ENV values are stored in the image: ENV in its configuration, ARG "
        "in the build history (`docker history`) of every RUN that uses it, and in build "
        "provenance. A token passed with `--build-arg GITHUB_TOKEN=...` is readable by anyone "
        "who can pull the image, even though the Dockerfile holds no value. (A literal value "
        "is reported by SL103 hardcoded-secret; names ending in _FILE, _VERSION, _PATH or "
        "containing PUBLIC are not secrets.)"),
    remediation=(
        "Pass secrets with a secret mount: `RUN --mount=type=secret,id=github_token,"
        "env=GITHUB_TOKEN ...` and `docker build --secret id=github_token,env=GITHUB_TOKEN`; "
        "set runtime secrets when the container starts, not in the image."),
    references=["https://docs.docker.com/build/building/secrets/",
                _CHECKS + "secrets-used-in-arg-or-env/"],
    aliases={"hadolint": "DL3064", "buildkit": "SecretsUsedInArgOrEnv", "trivy": "DS-0031"},
    tags=["security", "secrets"],
    failing=[Example("Dockerfile", "FROM node:22\nARG NPM_TOKEN\nRUN npm ci\n"),
             Example("Dockerfile", "FROM node:22\nARG TOKEN\nENV GITHUB_TOKEN=${TOKEN}\n")],
    passing=[Example("Dockerfile", "FROM node:22\nARG NPM_TOKEN_FILE\nARG PASSWORD_VERSION=2\n"
                                   "ENV NEXT_PUBLIC_API_KEY=\n"),
             Example("Dockerfile", "FROM node:22\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN "
                                   "npm ci\n")],
    masks_source=True,
    reports_overridden=True,
)


@RULE.check(Dockerfile)
def _secret_name(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword not in ("ARG", "ENV"):
            continue
        for kv in target.key_values:
            if not is_secret_name(kv.key):
                continue
            value = (kv.value or "").strip()
            if value and not VAR.fullmatch(value) and not (value.startswith("$") and
                                                             VAR.match(value)):
                continue  # a literal value: SL103 hardcoded-secret judges it
            where = "the build history" if target.keyword == "ARG" else "the image configuration"
            yield Hit(kv, f"{target.keyword} {kv.key} is named like a secret; its value ends up "
                          f"in {where}", fix="use RUN --mount=type=secret instead")
