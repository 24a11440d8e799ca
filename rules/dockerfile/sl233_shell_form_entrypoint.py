"""SL233 shell-form-entrypoint: CMD or ENTRYPOINT in shell form."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import shell_kind
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .fixes import exec_form
from .sources import json_problem, short

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL233",
    name="shell-form-entrypoint",
    severity=Severity.LOW,
    summary="CMD or ENTRYPOINT in shell form",
    rationale=(
        "The shell form runs `/bin/sh -c \"...\"` as PID 1: the shell does not forward "
        "SIGTERM, so `docker stop` waits its timeout and kills the process without a clean "
        "shutdown; a shell-form ENTRYPOINT also ignores CMD and `docker run` arguments."),
    remediation=(
        "Use the exec (JSON) form: `CMD [\"gunicorn\", \"app:app\"]`. If you need the shell, "
        "start the command with `exec` (`CMD exec gunicorn app:app`) so it replaces the shell. "
        "(An array that is not valid JSON, `CMD ['gunicorn']`, is SL247's business.)"),
    references=[_REF + "#shell-and-exec-form", _CHECKS + "json-args-recommended/"],
    aliases={"hadolint": "DL3025", "buildkit": "JSONArgsRecommended",
             "kics": "Not Using JSON In CMD And ENTRYPOINT Arguments"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM python:3.12\nCMD gunicorn app:app\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM python:3.12\nCMD [\"gunicorn\", \"app:app\"]\n"),
        Example("Dockerfile", "FROM python:3.12\nCMD exec gunicorn app:app\n"),
        Example("Dockerfile", "FROM python:3.12 AS test\nCMD pytest\n"
                              "FROM python:3.12\nCMD [\"python\", \"-m\", \"app\"]\n"),
    ],
    security=False,
    # safe unless an ENTRYPOINT takes the CMD as its arguments (the words, no longer sh -c)
    fixable="safe",
)


@RULE.check(Dockerfile)
def _shell_form(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.shipped_stages():
        if stage.instructions_named("SHELL"):
            continue  # a chosen shell: the shell form is deliberate (as BuildKit judges it)
        for kw in ("ENTRYPOINT", "CMD"):
            found = stage.instructions_named(kw)
            if not found:
                continue
            ins = found[-1]
            if shell_kind(df, ins) is None:
                continue  # Windows: cmd /S /C, another story
            if ins.exec_form is not None or not ins.args.strip():
                continue
            if json_problem(ins) is not None:
                continue  # meant as JSON but broken: SL247 exec-form-not-json says so
            if ins.args.lstrip().startswith("exec "):
                continue
            yield Hit(ins, f"{kw} {short(ins.args)} runs under /bin/sh -c, which does not "
                           "pass signals on; use the JSON form",
                      fix=f'{kw} ["{short(ins.args.split()[0], 30)}", ...]',
                      autofix=exec_form(ins, safe=not (_entrypoint_before(stage) if kw == "CMD"
                                                       else _cmd_follows(df, stage))))


def _entrypoint_before(stage) -> bool:
    """Whether an ENTRYPOINT is set in ``stage`` or a stage it is built from: CMD is then its
    arguments, which the exec form changes (``sh -c "..."`` becomes the words)."""
    return any(s.instructions_named("ENTRYPOINT") for s in stage.lineage())


def _cmd_follows(df: Dockerfile, stage) -> bool:
    """Whether a CMD is set in ``stage`` or a stage built from it: an exec-form ENTRYPOINT
    runs with CMD as its arguments, which the shell form ignored."""
    return any(stage in s.lineage() and s.instructions_named("CMD") for s in df.stages)
