"""The ``shiplint`` command (typer).

Exit status: 0 no findings, 1 findings, 2 usage error or internal error. An unexpected
exception exits 2 with a one-line message (a traceback would exit 1 and look like findings);
set ``SHIPLINT_DEBUG=1`` to see the traceback.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from typing import List, Optional

import typer

from . import __version__
from .engine import Engine, load_rules, select_rules
from .findings import Severity

app = typer.Typer(
    name="shiplint",
    help="Lint Dockerfiles, Docker Compose files and Kubernetes manifests.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class Format(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shiplint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Lint Dockerfiles, Docker Compose files and Kubernetes manifests."""


@app.command()
def check(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Files and directories to lint (default: the current directory); '-' reads "
                   "standard input."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    output: Optional[str] = typer.Option(None, "--output", "-o",
                                         help="Write the report to this file instead of stdout."),
    stdin_filename: Optional[str] = typer.Option(
        None, "--stdin-filename",
        help="With '-': the path standard input stands for (decides the kind of file and the "
             "path reported)."),
    fail_on: str = typer.Option(
        "low", "--fail-on", metavar="SEVERITY",
        help="Lowest severity that makes the exit status 1: info, low, medium, high, critical."),
    ignore_unknown: bool = typer.Option(
        False, "--ignore-unknown",
        help="Skip named files that are not Dockerfiles, Compose files or Kubernetes manifests "
             "instead of reporting them (for pre-commit, which passes every YAML file)."),
) -> None:
    """Lint files and print findings."""
    from . import report as reporting
    from .runner import lint_paths

    try:
        threshold = Severity.parse(fail_on)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--fail-on") from None
    targets = list(paths or ["."])
    if stdin_filename and "-" not in targets:
        raise typer.BadParameter("only applies when '-' (standard input) is among the paths",
                                 param_hint="--stdin-filename")
    rules = load_rules()
    stdin = sys.stdin.buffer.read() if "-" in targets else None
    result = lint_paths(targets, Engine(select_rules(rules)), stdin=stdin, stdin_filename=stdin_filename,
                        ignore_unknown=ignore_unknown)
    try:
        stream = open(output, "w", encoding="utf-8", newline="\n") if output else sys.stdout
    except OSError as exc:
        typer.echo(f"shiplint: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    try:
        color = format is Format.text and not output and reporting.use_color(sys.stdout)
        text = reporting.render(format.value, result.findings, rules,
                                files_checked=result.files_checked, color=color,
                                root=os.getcwd())
        stream.write(text)
    finally:
        if output:
            stream.close()
        else:
            stream.flush()
    typer.echo(reporting.summary(result.findings, result.files_checked), err=True)
    raise typer.Exit(1 if any(f.severity >= threshold for f in result.findings) else 0)


class RulesFormat(str, enum.Enum):
    text = "text"
    json = "json"


@app.command("rules")
def list_rules(
    format: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List every rule: code, name, severity, formats and summary."""
    rules = load_rules()
    if format is RulesFormat.json:
        typer.echo(json.dumps([{
            "code": r.code, "name": r.name, "severity": str(r.severity), "formats": r.formats,
            "summary": r.summary, "aliases": r.aliases} for r in rules], indent=2))
        return
    rows = [("CODE", "NAME", "SEVERITY", "FORMATS", "SUMMARY")] + [
        (r.code, r.name, str(r.severity), ",".join(r.formats) or "any", r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[4])


def main() -> None:
    """Console entry point: run the app, turning unexpected exceptions into exit status 2."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - depends on a bug
        if os.environ.get("SHIPLINT_DEBUG"):
            raise
        # Only the type: an exception text may quote file content, and that may be a secret.
        print(f"shiplint: internal error ({type(exc).__name__}); run with SHIPLINT_DEBUG=1 "
              "for the traceback", file=sys.stderr)
        sys.exit(2)
