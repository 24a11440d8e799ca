"""SL280 label-schema: the image's labels follow the team's label schema."""

from __future__ import annotations

import re

from linter import lazyre
from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

TYPES = ("text", "url", "semver", "hash", "rfc3339", "spdx", "email")


_SEMVER = lazyre.compile(r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                     r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


_HASH = lazyre.compile(r"^[0-9a-f]{7,40}$|^[0-9a-f]{64}$")


_EMAIL = lazyre.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# an SPDX license expression: identifiers joined by AND / OR / WITH, optional parentheses
_SPDX_ID = lazyre.compile(r"^(?:LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.+-]*)$")


_OPTIONS = {"label-schema": {"required-labels": {
    "org.opencontainers.image.source": "url", "org.opencontainers.image.version": "semver",
    "org.opencontainers.image.licenses": "spdx"}}}


RULE = Rule(
    code="SL280",
    name="label-schema",
    severity=Severity.LOW,
    summary="Image labels do not follow the configured label schema",
    rationale=(
        "Labels are how registries, scanners and people find an image's source, version and "
        "licence. A team that relies on them writes a schema; this rule checks the final "
        "image's labels against it: every required label present and not empty, each value "
        "of its type, and (with strict-labels) no label outside the schema. It does nothing "
        "until a schema is configured."),
    remediation=(
        "Add the missing labels to the final stage (`LABEL org.opencontainers.image.source="
        "https://...`), fix values of the wrong type, or change the schema under "
        "`options.label-schema.required-labels` (label -> text, url, semver, hash, rfc3339, "
        "spdx or email)."),
    references=[
        "https://docs.docker.com/reference/dockerfile/#label",
        "https://github.com/opencontainers/image-spec/blob/main/annotations.md",
    ],
    aliases={"hadolint": ["DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3055",
                          "DL3056", "DL3058"]},
    # hadolint checks an spdx label against the SPDX license list; this rule only its form
    related={"hadolint": "DL3054"},
    tags=["maintainability"],
    options={"required-labels": {}, "strict-labels": False},
    failing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nLABEL org.opencontainers.image.version=latest\n"
                "USER 1\n", _OPTIONS),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nLABEL org.opencontainers.image.source="
                "https://github.com/acme/app org.opencontainers.image.version=1.4.2 \\\n"
                "      org.opencontainers.image.licenses=\"Apache-2.0 OR MIT\"\nUSER 1\n",
                _OPTIONS),
        Example("Dockerfile", "FROM alpine:3.20\nUSER 1\n"),  # no schema: nothing to check
    ],
    security=False,
)


def valid(kind: str, value: str) -> bool:
    """Whether ``value`` is of label type ``kind`` (one of ``TYPES``)."""
    if kind == "url":
        # not at import: urllib.parse (with ipaddress) is 2 ms of every Dockerfile run's
        # start-up, and only a label schema that names a url label needs it (issue #14)
        from urllib.parse import urlparse

        u = urlparse(value)
        return bool(u.scheme and (u.netloc or u.scheme in ("mailto", "urn")))
    if kind == "semver":
        return bool(_SEMVER.match(value))
    if kind == "hash":
        return bool(_HASH.match(value))
    if kind == "email":
        return bool(_EMAIL.match(value))
    if kind == "rfc3339":
        from datetime import datetime  # not at import: start-up, issue #14

        try:
            datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return False
        return "T" in value.upper() or " " in value
    if kind == "spdx":
        words = [w for w in re.split(r"[\s()]+", value) if w]
        return bool(words) and all(w in ("AND", "OR", "WITH") or _SPDX_ID.match(w)
                                   for w in words) and words[0] not in ("AND", "OR", "WITH")
    return True  # text


@RULE.check(Dockerfile)
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    schema = RULE.option("required-labels") or {}
    strict = bool(RULE.option("strict-labels"))
    final = df.final_stage
    if (not schema and not strict) or final is None:
        return
    labels: dict[str, tuple] = {}  # the final image's labels: its stage and the ones it builds on
    for stage in reversed(df.shipped_stages()):
        for ins in stage.instructions:
            if ins.keyword == "LABEL":
                for key, value, span in ins.pairs():
                    labels[key] = (value, span, stage)
    for key, kind in schema.items():
        if key not in labels:
            if final.implicit:
                continue  # a fragment says nothing of the labels the rest of the file sets
            yield Hit(final.from_instruction, f"the image has no label '{key}' ({kind}), which "
                                              "the label schema requires")
            continue
        value, span, stage = labels[key]
        value, known = df.expand(value or "", stage)
        if not known:
            continue
        if not value.strip():
            yield Hit(span, f"label '{key}' is empty")
        elif kind not in TYPES:
            continue
        elif not valid(kind, value.strip()):
            yield Hit(span, f"label '{key}' is not a valid {kind} value")
    if strict:
        for key, (_, span, _) in labels.items():
            if key not in schema:
                yield Hit(span, f"label '{key}' is not in the label schema (strict-labels)")
