"""SL281 invalid-label-key: a LABEL key Docker's naming guidelines refuse.

Docker's guidelines for object labels: a key starts and ends with a lower-case letter or a
digit and holds only lower-case letters, digits, ``.`` and ``-``, never two of those in a
row; the ``com.docker.``, ``io.docker.`` and ``org.dockerproject.`` namespaces are Docker's
own. Tools that read labels (registries, scanners, ``docker inspect --format``) compare keys
as written, so ``Version`` and ``version`` are two labels.
"""

from __future__ import annotations

import re

from linter import lazyre
from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_KEY = lazyre.compile(r"^[a-z0-9](?:[a-z0-9]|[.-](?=[a-z0-9]))*$")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")

RULE = Rule(
    code="SL281",
    name="invalid-label-key",
    severity=Severity.INFO,
    summary="LABEL key does not follow Docker's naming rules for label keys",
    rationale=(
        "Label keys are compared as written: `Version` and `version` are different labels, "
        "and tools that look for `org.opencontainers.image.version` do not find "
        "`org.opencontainers.image.Version`. Docker's guidelines keep keys to lower-case "
        "letters, digits, `.` and `-`, and reserve the `com.docker.`, `io.docker.` and "
        "`org.dockerproject.` namespaces for Docker itself."),
    remediation=(
        "Use a lower-case key in reverse-DNS form, e.g. `org.opencontainers.image.version`, "
        "or your own `com.example.team`; keep out of Docker's reserved namespaces."),
    references=["https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations",
                "https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
    aliases={"hadolint": "DL3048"},
    tags=["maintainability"],
    failing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nLABEL Version=1.0\n"),
        Example("Dockerfile", "FROM alpine:3.20\nLABEL com.docker.desktop.extension=true\n"),
    ],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nLABEL org.opencontainers.image.version=1.0 "
                                   "com.example.team=payments\n")],
    security=False,
    opt_in="style",
)


@RULE.check(Dockerfile)
def label_keys(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword != "LABEL":
            continue
        for kv in target.key_values:
            key = kv.key.strip("\"'")
            if "$" in key:
                continue  # built from a build argument: known at build time only
            if key.startswith(_RESERVED):
                yield Hit(kv, f"LABEL key '{key}' is in a namespace Docker reserves for itself",
                          fix="use your own reverse-DNS namespace, e.g. com.example.<name>")
            elif not _KEY.match(key):
                what = "is not in lower case" if _KEY.match(key.lower()) else \
                    "has characters Docker's label guidelines refuse"
                yield Hit(kv, f"LABEL key '{key}' {what}; write '{_suggest(key)}'",
                          fix=f"LABEL {_suggest(key)}=...")


def _suggest(key: str) -> str:
    """``key`` lower-cased, with anything but letters, digits, ``.`` and ``-`` made ``-``."""
    out = re.sub(r"[^a-z0-9.-]+", "-", key.lower())
    return re.sub(r"([.-])[.-]+", r"\1", out).strip(".-") or "label"
