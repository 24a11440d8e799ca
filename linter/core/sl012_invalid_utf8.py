"""SL012 invalid-utf8: a line holds bytes that are not UTF-8.

One of the engine's own rules: the reader reports it when a file is UTF-8 but for a few
bytes (a Latin-1 ``é`` in a comment). Those bytes read as U+FFFD and the rest of the file is
linted; one finding per line that has some.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL012",
    name="invalid-utf8",
    severity=Severity.LOW,
    summary="A line holds bytes that are not UTF-8",
    rationale=(
        "Docker, Compose and kubectl read these files as UTF-8. A byte of another encoding "
        "(Latin-1 from an old editor) is garbled in a comment, and in a value it becomes a "
        "different string than the one meant: a label, a path or a password that does not "
        "match."),
    remediation="Save the file as UTF-8 (re-type the character, or convert the file with "
                "`iconv -f latin1 -t utf-8`).",
    references=["https://docs.docker.com/reference/dockerfile/#parser-directives",
                "https://yaml.org/spec/1.2.2/#51-character-set"],
    tags=["correctness"],
    security=False,
)
