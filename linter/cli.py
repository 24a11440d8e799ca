"""The ``shiplint`` command (typer).

Exit status: 0 no findings at or above the fail-on severity, 1 findings, 2 usage error,
configuration error or internal error. An unexpected exception exits 2 with a one-line message
(a traceback would exit 1 and look like findings); set ``SHIPLINT_DEBUG=1`` to see it.
"""

from __future__ import annotations

import json
import os
import sys
from typing import List, Optional

import typer

from . import __version__
from .config import ConfigError, Resolver
from .engine import Rule, load_rules, matches, related_to

app = typer.Typer(
    name="shiplint",
    help="Lint Dockerfiles, Docker Compose files and Kubernetes manifests.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)

FORMAT_HELP = "Output format: text, json, json-lines, sarif, gnu, github, gitlab, junit, checkstyle."


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


def _fail(message: str) -> None:
    typer.echo(f"shiplint: {message}", err=True)
    raise typer.Exit(2)


def _split(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def _severities(values: Optional[List[str]]) -> dict[str, str]:
    out = {}
    for item in _split(values):
        sel, sep, sev = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"{item!r}: write SELECTOR=SEVERITY, e.g. SL104=low",
                                     param_hint="--severity")
        out[sel.strip()] = sev.strip().lower()
    return out


def _per_file(values: Optional[List[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in values or []:
        glob, sep, sels = item.rpartition("=")
        if not sep or not glob.strip():
            raise typer.BadParameter(f"{item!r}: write GLOB=SELECTORS, e.g. 'dev/*=SL101'",
                                     param_hint="--per-file-ignores")
        out.setdefault(glob.strip(), []).extend(_split([sels]))
    return out


def _resolver(rules: list[Rule], config: Optional[str], overrides: dict) -> Resolver:
    try:
        return Resolver(rules, explicit=config, overrides=overrides)
    except ConfigError as exc:
        _fail(str(exc))
        raise  # unreachable


@app.command()
def check(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Files and directories to lint (default: the current directory); '-' reads "
                   "standard input."),
    format: str = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
    output: Optional[str] = typer.Option(None, "--output", "-o",
                                         help="Write the report to this file instead of stdout."),
    stdin_filename: Optional[str] = typer.Option(
        None, "--stdin-filename",
        help="With '-': the path standard input stands for (decides the kind of file, the "
             "configuration and the path reported)."),
    config: Optional[str] = typer.Option(
        None, "--config", help="Use this configuration file (.shiplint.yaml or pyproject.toml) "
                               "for every file instead of the nearest one."),
    select: Optional[List[str]] = typer.Option(
        None, "--select", help="Run only these rules (codes, prefixes, names, peer IDs; "
                               "comma-separated or repeated)."),
    extend_select: Optional[List[str]] = typer.Option(
        None, "--extend-select", help="Add these rules to the selection (e.g. opt-in rules)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Do not run these rules."),
    severity: Optional[List[str]] = typer.Option(
        None, "--severity", help="Override a rule's severity: SELECTOR=SEVERITY (repeatable)."),
    per_file_ignores: Optional[List[str]] = typer.Option(
        None, "--per-file-ignores", metavar="GLOB=SELECTORS",
        help="Do not report these rules in files matching GLOB, e.g. 'dev/*=SL101,SL104' "
             "(repeatable; adds to the configured ones)."),
    require_reason: bool = typer.Option(
        False, "--require-reason", help="Inline suppressions must give a reason."),
    exclude: Optional[List[str]] = typer.Option(
        None, "--exclude", help="Globs of paths not to lint (replaces the configured ones)."),
    extend_exclude: Optional[List[str]] = typer.Option(
        None, "--extend-exclude", help="Globs of paths not to lint, added to the configured ones."),
    force_exclude: bool = typer.Option(
        False, "--force-exclude", help="Apply excludes to files named on the command line too "
                                       "(pre-commit names every file)."),
    profile: Optional[str] = typer.Option(
        None, "--profile", metavar="baseline|restricted",
        help="Check a Pod Security Standards profile: only its rules (plus --select)."),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", metavar="SEVERITY",
        help="Lowest severity that makes the exit status 1: info, low, medium, high, critical "
             "(default: low, or the configuration's fail-on)."),
    kubernetes_version: Optional[str] = typer.Option(
        None, "--kubernetes-version", metavar="1.XX",
        help="Kubernetes version whose schemas validate manifests (needs the "
             "kubernetes-schemas extra)."),
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Also say which selected rules cannot run here, and why."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even when there are findings (errors still exit 2)."),
    ignore_unknown: bool = typer.Option(
        False, "--ignore-unknown",
        help="Skip named files that are not Dockerfiles, Compose files or Kubernetes manifests "
             "instead of reporting them (for pre-commit, which passes every YAML file)."),
    show_source: bool = typer.Option(False, "--show-source",
                                     help="Text format: show each finding's code and the fix."),
    statistics: bool = typer.Option(False, "--statistics",
                                    help="Print the number of findings per rule instead."),
    baseline: Optional[str] = typer.Option(
        None, "--baseline", help="Report only findings that are not in this baseline file."),
    write_baseline: Optional[str] = typer.Option(
        None, "--write-baseline", help="Record the current findings in this file and exit 0."),
    compose_file: Optional[List[str]] = typer.Option(
        None, "--compose-file", metavar="FILE",
        help="Compose files that form one project, merged in this order, like `docker compose "
             "-f A -f B` (repeat the option; linted too)."),
) -> None:
    """Lint files and print findings."""
    from . import baseline as baselines
    from . import report as reporting
    from .runner import lint_paths

    if format not in reporting.FORMATS:
        raise typer.BadParameter(f"{format!r} is not one of: {', '.join(reporting.FORMATS)}",
                                 param_hint="--format")
    from .discovery import DOCKERFILE, kind_by_name

    for f in compose_file or []:
        if not os.path.isfile(f):
            raise typer.BadParameter(f"{f!r} is not a file", param_hint="--compose-file")
        if kind_by_name(f) == DOCKERFILE:
            raise typer.BadParameter(f"{f!r} is a Dockerfile", param_hint="--compose-file")
    targets = list(paths or ([] if compose_file else ["."]))
    for f in compose_file or []:  # the project's files are linted too
        if f not in targets:
            targets.append(f)
    if stdin_filename and "-" not in targets:
        raise typer.BadParameter("only applies when '-' (standard input) is among the paths",
                                 param_hint="--stdin-filename")
    rules = load_rules()
    overrides = {"select": _split(select), "extend-select": _split(extend_select),
                 "ignore": _split(ignore), "severity": _severities(severity),
                 "exclude": _split(exclude) if exclude else None,
                 "extend-exclude": _split(extend_exclude), "profile": profile,
                 "fail-on": fail_on.lower() if fail_on else None,
                 "per-file-ignores": _per_file(per_file_ignores),
                 "require-reason": True if require_reason else None,
                 "kubernetes-version": kubernetes_version}
    resolver = _resolver(rules, config, overrides)
    known = None
    if baseline:
        try:
            known = baselines.load(baseline)
        except baselines.BaselineError as exc:
            _fail(str(exc))
    # a rule that cannot run here is named: always when it was asked for by name on the
    # command line, and with --verbose for every selected one
    named = [sel for sel in _split(select) + _split(extend_select) if sel.upper() != "ALL"]
    if verbose or named:
        from .engine import matches
        from .runner import engine_for

        for rule in engine_for(resolver.for_path("."), rules).rules:
            reason = rule.unavailable() if rule.unavailable else None
            if reason and (verbose or any(matches(rule, sel) for sel in named)):
                typer.echo(f"shiplint: note: {rule.code} {rule.name} is off: {reason}", err=True)
    stdin = sys.stdin.buffer.read() if "-" in targets else None
    result = lint_paths(targets, stdin=stdin, stdin_filename=stdin_filename,
                        ignore_unknown=ignore_unknown, resolver=resolver,
                        force_exclude=force_exclude,
                        keep_sources=show_source, compose_files=compose_file)
    findings = result.findings
    if verbose:
        for note in result.notes:
            typer.echo(f"shiplint: note: {note}", err=True)
    if write_baseline:
        try:
            baselines.write(write_baseline, findings)
        except OSError as exc:
            _fail(f"cannot write {write_baseline}: {exc.strerror or exc}")
        typer.echo(f"Wrote {len(findings)} findings to the baseline {write_baseline}.", err=True)
        raise typer.Exit(0)
    note = ""
    if known is not None:
        findings, dropped = baselines.new_findings(findings, known)
        note = f" ({dropped} more in the baseline)" if dropped else ""
    try:
        stream = open(output, "w", encoding="utf-8", newline="\n") if output else sys.stdout
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    try:
        if statistics:
            text = reporting.statistics(findings, rules)
        else:
            color = format == "text" and not output and reporting.use_color(sys.stdout)
            kwargs = {"show_source": True, "sources": result.sources} if show_source else {}
            text = reporting.render(format, findings, rules, files_checked=result.files_checked,
                                    color=color, root=os.getcwd(), **kwargs)
        stream.write(text)
        if output:
            stream.close()
        else:
            stream.flush()
    except OSError as exc:  # /dev/full, a closed pipe, a disk that filled up
        _fail(f"cannot write {output or 'to standard output'}: {exc.strerror or exc}")
    typer.echo(reporting.summary(findings, result.files_checked) + note, err=True)
    # each finding is judged by the fail-on of its own file's configuration
    failed = any(f.severity >= resolver.for_path(f.path if f.path != "-" else ".").fail_on
                 for f in findings)
    raise typer.Exit(1 if failed and not exit_zero else 0)


@app.command("rules")
def list_rules(
    format: str = typer.Option("text", "--format", "-f", help="text, json or markdown."),
    for_format: Optional[str] = typer.Option(
        None, "--for", metavar="dockerfile|compose|kubernetes",
        help="Only the rules that check this kind of file."),
    select: Optional[List[str]] = typer.Option(
        None, "--select", help="Only the rules these selectors match (codes, names, peer IDs)."),
) -> None:
    """List the rules: code, name, severity, formats and summary."""
    from .docs import markdown_reference

    rules = load_rules()
    if for_format:
        rules = [r for r in rules if for_format.lower() in r.formats]
    if select:
        sels = _split(select)
        rules = [r for r in rules if any(matches(r, s) for s in sels)]
    if format == "json":
        typer.echo(json.dumps([_rule_json(r) for r in rules], indent=2))
    elif format == "markdown":
        typer.echo(markdown_reference(rules), nl=False)
    elif format == "text":
        rows = [("CODE", "NAME", "SEVERITY", "FORMATS", "RUNS", "SUMMARY")] + [
            (r.code, r.name, str(r.severity), ",".join(r.formats) or "any",
             "default" if r.enabled_by_default else (r.opt_in or "opt-in"), r.summary)
            for r in rules]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            typer.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[5])
    else:
        raise typer.BadParameter(f"{format!r} is not one of: text, json, markdown",
                                 param_hint="--format")


def _rule_json(r: Rule) -> dict:
    return {"code": r.code, "name": r.name, "severity": str(r.severity), "formats": r.formats,
            "summary": r.summary, "rationale": r.rationale, "remediation": r.remediation,
            "references": r.references, "aliases": r.aliases, "related": r.related,
            "tags": r.tags,
            "enabled_by_default": r.enabled_by_default, "opt_in_group": r.opt_in,
            "options": r.options}


@app.command()
def explain(
    rule: str = typer.Argument(..., help="A rule code, name or peer ID (DL3002, CKV_K8S_20...)."),
) -> None:
    """Print a rule's full documentation."""
    from .docs import explain_text

    rules = load_rules()
    found = [r for r in rules if matches(r, rule)]
    if not found:
        found = related_to(rules, rule)
        if not found:
            _fail(f"no rule matches '{rule}' (see `shiplint rules`)")
        named = ", ".join(r.code for r in found)
        typer.echo(f"{rule} is related to {named}, not the same check: the verdicts differ "
                   "(see \"Related\" below). It selects and suppresses nothing.\n")
    for i, r in enumerate(found):
        if i:
            typer.echo()
        typer.echo(explain_text(r), nl=False)


@app.command("config")
def show_config(
    path: str = typer.Argument(".", help="The file or directory whose configuration to show."),
    config: Optional[str] = typer.Option(None, "--config", help="Use this configuration file."),
) -> None:
    """Print the configuration that applies to PATH, as JSON (with the file it came from)."""
    from .runner import engine_for

    rules = load_rules()
    resolver = _resolver(rules, config, {})
    cfg = resolver.for_path(path)
    data = cfg.as_dict()
    data["rules"] = [r.code for r in engine_for(cfg, rules).rules]
    typer.echo(json.dumps(data, indent=2))


def main() -> None:
    """Console entry point: run the app, turning unexpected exceptions into exit status 2."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except ConfigError as exc:  # found while linting: the nearest configuration is broken
        print(f"shiplint: {exc}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # pragma: no cover - depends on a bug
        if os.environ.get("SHIPLINT_DEBUG"):
            raise
        # Only the type: an exception text may quote file content, and that may be a secret.
        print(f"shiplint: internal error ({type(exc).__name__}); run with SHIPLINT_DEBUG=1 "
              "for the traceback", file=sys.stderr)
        sys.exit(2)
