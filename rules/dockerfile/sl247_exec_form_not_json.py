"""SL247 exec-form-not-json: an exec form (JSON array) that is not valid JSON."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .sources import exec_form_text, json_problem, short

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL247",
    name="exec-form-not-json",
    severity=Severity.MEDIUM,
    summary="An exec form written as an array is not valid JSON",
    rationale=(
        "Docker reads `CMD [...]`, `ENTRYPOINT`, `RUN`, `SHELL`, `COPY`, `ADD`, `VOLUME` and "
        "`HEALTHCHECK CMD` arguments as a JSON array only when they are valid JSON; otherwise "
        "the whole text is the shell form. `CMD ['python', 'app.py']` (single quotes) makes "
        "the container run `/bin/sh -c \"['python', 'app.py']\"`, which fails at start-up; "
        "`VOLUME ['/data']` declares a volume with that literal name; `SHELL` refuses to "
        "build. An array with a number or text after its closing bracket is refused or read "
        "differently by different builders. (CMD and ENTRYPOINT written in the shell form on "
        "purpose are SL233's business.)"),
    remediation=(
        "Write a JSON array of strings: double quotes, commas between the items, nothing "
        "after the closing bracket: `CMD [\"python\", \"app.py\"]`."),
    references=[_REF + "#shell-and-exec-form"],
    related={"hadolint": ["DL3025", "DL1000"], "buildkit": "JSONArgsRecommended",
             "kics": "Not Using JSON In CMD And ENTRYPOINT Arguments"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM python:3.12\nCMD ['python', 'app.py']\n"),
             Example("Dockerfile", "FROM python:3.12\nENTRYPOINT [\"python\", \"app.py\"]]\n"),
             Example("Dockerfile", "FROM python:3.12\nVOLUME [\"/data\" \"/logs\"]\n")],
    passing=lambda: [Example("Dockerfile", "FROM python:3.12\nCMD [\"python\", \"app.py\"]\n"),
             Example("Dockerfile", "FROM alpine:3.20\nRUN [ -f /etc/os-release ] && "
                                   "[ \"$(id -u)\" = \"0\" ]\n")],
    security=False,
)


_SHELL_RUN = frozenset({"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"})


@RULE.check(Dockerfile)
def _not_json(df: Dockerfile) -> Iterator[Hit]:
    for outer in df.instructions:
        ins = outer.onbuild if outer.keyword == "ONBUILD" and outer.onbuild else outer
        found = json_problem(ins)
        if found is None:
            continue
        kind, detail, repaired = found
        kw = ins.keyword if ins.keyword != "HEALTHCHECK" else "HEALTHCHECK CMD"
        if outer is not ins:
            kw = f"ONBUILD {kw}"
        text = short(exec_form_text(ins) or ins.args, 60)
        if kind == "not-string":
            what = f"{detail}, and Docker refuses an array that holds anything but strings"
        elif kind == "trailing":
            what = f"{detail}, which is not valid JSON (builders refuse or ignore it)"
        elif ins.keyword in _SHELL_RUN:
            what = f"not valid JSON ({detail}), so Docker runs the whole text as a shell command"
        elif ins.keyword == "SHELL":
            what = f"not valid JSON ({detail}), and SHELL accepts only JSON: the build fails"
        else:
            what = f"not valid JSON ({detail}), so Docker reads the text as plain words"
        instead = f"{kw} {repaired}" if repaired else f'{kw} ["executable", "argument"]'
        yield Hit(outer, f"{kw} {text}: {what}; write {instead}", fix=instead)
