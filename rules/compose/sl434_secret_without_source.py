"""SL434 secret-without-source: Top-level secret or config says neither where its content comes
from nor that it is external.
"""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL434",
    name="secret-without-source",
    severity=Severity.HIGH,
    summary="Top-level secret or config says neither where its content comes from nor that it "
            "is external",
    rationale=(
        "A top-level secret needs `file`, `environment` or `external: true` (a config may also "
        "give `content`); without one, Compose has nothing to mount and refuses the project."),
    remediation="Add `file: ./path`, `environment: VAR_NAME` or `external: true`.",
    references=[_SPEC + "secrets/", _SPEC + "configs/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: a:1\n    secrets: [pw]\n"
                                     "secrets:\n  pw:\n    name: prod_pw\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: a:1\n    secrets: [pw, token]\n"
                     "    configs: [site]\nsecrets:\n  pw: {file: ./pw.txt}\n"
                     "  token: {environment: API_TOKEN}\n  other: {external: true, name: x}\n"
                     "configs:\n  site: {content: 'hello'}\n")],
    security=False,
    masks_source=True,
)


@RULE.check(ComposeFile)
def no_source(cf: ComposeFile) -> Iterator[Hit]:
    for kind, keys in (("secrets", ("file", "environment", "external", "driver")),
                       ("configs", ("file", "environment", "external", "content"))):
        m = cf.node.get(kind)
        if not isinstance(m, YMapping):
            continue
        for e in m.entries:
            if e.merged or not isinstance(e.key, YScalar):
                continue
            v = e.value
            if isinstance(v, YMapping) and v.tag != "!reset" and not any(k in v for k in keys):
                if any(x.startswith("x-") for x in v.keys() if isinstance(x, str)):
                    continue
                word = kind[:-1]
                yield Hit(e.key, f"{word} '{e.key.as_str()}' has no "
                                 f"{', '.join(keys[:-1])} or {keys[-1]}",
                          fix="add `file: ./path`, `environment: VAR` or `external: true`")
