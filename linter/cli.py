"""The ``shiplint`` command (typer).

Exit status: 0 no findings at or above the fail-on severity, 1 findings, 2 usage error,
configuration error or internal error. An unexpected exception exits 2 with a one-line message
(a traceback would exit 1 and look like findings); set ``SHIPLINT_DEBUG=1`` to see it.
"""

from __future__ import annotations

import json
import os
import sys
import contextlib
import re
from typing import List, NoReturn, Optional

import typer

from . import __version__
from .config import ConfigError, Resolver
from .engine import Rule, load_rules, matches, related_to

def _help_types() -> None:
    """typer's help prints the Python type of each parameter (``<bool>``, ``<int>``,
    ``<list[str]>``) where a user wants the value it takes (``FORMAT``, ``PATH``) or nothing
    for a flag; its display hook is replaced here so that the help shows the metavar an
    option declares and nothing else (a flag, a counter, an argument whose name says it)."""
    from typer.core import TyperArgument, TyperOption

    def option_type(self, ctx):  # noqa: ARG001 - typer's signature
        return self.metavar or None

    TyperOption.display_type_rich = option_type
    TyperArgument.display_type_rich = lambda self, ctx: None


_help_types()

app = typer.Typer(
    name="shiplint",
    help="Lint Dockerfiles, Docker Compose files and Kubernetes manifests.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


def _fail(message: str) -> NoReturn:
    """An error that stops the run: one line on stderr, exit status 2."""
    typer.echo(f"shiplint: error: {message}", err=True)
    raise typer.Exit(2)


def _usage(message: str, option: str | None = None) -> NoReturn:
    """A bad command line: the same one line style as every other error, exit status 2."""
    where = f"{option}: " if option else ""
    _fail(f"{where}{message}")


def _split(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def _severities(values: Optional[List[str]]) -> dict[str, str]:
    out = {}
    for item in _split(values):
        sel, sep, sev = item.partition("=")
        if not sep:
            _usage(f"{item!r}: write RULE=SEVERITY, e.g. SL104=low", "--severity")
        out[sel.strip()] = sev.strip().lower()
    return out


def _per_file(values: Optional[List[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in values or []:
        glob, sep, sels = item.rpartition("=")
        if not sep or not glob.strip():
            _usage(f"{item!r}: write GLOB=RULES, e.g. 'dev/*=SL101'", "--per-file-ignores")
        out.setdefault(glob.strip(), []).extend(_split([sels]))
    return out


def _resolver(rules: list[Rule], config: Optional[str], overrides: dict) -> Resolver:
    try:
        return Resolver(rules, explicit=config, overrides=overrides)
    except ConfigError as exc:
        _fail(str(exc))
        raise  # unreachable


#: the output formats (linter.report.FORMATS, named here so --help imports no report code)
FORMAT_NAMES = ("text", "json", "json-lines", "sarif", "gnu", "github", "gitlab", "junit",
                "checkstyle")
_OUT = "Output"
_SEL = "Rules"
_FILES = "Files"
_EXIT = "Exit status"
_PROJ = "Compose and Kubernetes"
_BASE = "Baselines and suppressions"


@app.command(no_args_is_help=False)
def check(
    paths: Optional[List[str]] = typer.Argument(
        None, metavar="PATH",
        help="Files and directories to lint (default: the current directory); '-' reads "
             "standard input."),
    format: Optional[List[str]] = typer.Option(
        None, "--format", "-f", metavar="FORMAT[:FILE]", rich_help_panel=_OUT,
        help="Output format, and the file to write it to: auto (the default: text on a "
             "terminal, github in GitHub Actions, gitlab in GitLab CI; SHIPLINT_FORMAT sets "
             f"it), {', '.join(FORMAT_NAMES)}. Repeat it for several reports in one run: "
             "-f sarif:out.sarif -f text."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", metavar="FILE", rich_help_panel=_OUT,
        help="Write the report to FILE instead of standard output."),
    show_source: bool = typer.Option(
        False, "--show-source", rich_help_panel=_OUT,
        help="Text format: show each finding's code and how to fix it."),
    statistics: bool = typer.Option(
        False, "--statistics", rich_help_panel=_OUT,
        help="Print how many findings each rule has instead (as JSON with -f json)."),
    quiet: int = typer.Option(
        0, "--quiet", "-q", count=True, show_default=False, rich_help_panel=_OUT,
        help="Print the findings only (no summary, no progress); twice: nothing, only the "
             "exit status."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", rich_help_panel=_OUT,
        help="Also say how files were read and which selected rules cannot run here."),
    root: Optional[str] = typer.Option(
        None, "--root", metavar="DIR", rich_help_panel=_OUT,
        help="Report paths relative to DIR in machine formats (default: the git repository "
             "root, else the configuration file's directory)."),
    max_results: Optional[int] = typer.Option(
        None, "--max-results", metavar="N", rich_help_panel=_OUT,
        help="Keep only the N most severe findings in the report (GitHub code scanning shows "
             "the top 5,000 of a run); stderr says how many were left out."),
    sarif_fingerprints: bool = typer.Option(
        False, "--sarif-fingerprints", rich_help_panel=_OUT,
        help="SARIF: add the line hashes upload-sarif computes (partialFingerprints), for "
             "uploads through the REST API."),
    select: Optional[List[str]] = typer.Option(
        None, "--select", metavar="RULES", rich_help_panel=_SEL,
        help="Run only these rules: codes, prefixes, names, peer IDs, groups (hardening, "
             "hygiene, style, pss:restricted), ALL; comma-separated or repeated."),
    extend_select: Optional[List[str]] = typer.Option(
        None, "--extend-select", metavar="RULES", rich_help_panel=_SEL,
        help="Add these rules to the selection (opt-in rules and groups)."),
    ignore: Optional[List[str]] = typer.Option(
        None, "--ignore", metavar="RULES", rich_help_panel=_SEL, help="Do not run these rules."),
    severity: Optional[List[str]] = typer.Option(
        None, "--severity", metavar="RULE=SEVERITY", rich_help_panel=_SEL,
        help="Override a rule's severity (info, low, medium, high, critical, or off), e.g. "
             "SL104=low; repeatable."),
    profile: Optional[str] = typer.Option(
        None, "--profile", metavar="PROFILE", rich_help_panel=_SEL,
        help="Check a Pod Security Standards profile, baseline or restricted: only its rules "
             "(plus --select)."),
    config: Optional[str] = typer.Option(
        None, "--config", metavar="FILE", rich_help_panel=_SEL,
        help="Use this configuration file (.shiplint.yaml or pyproject.toml) for every file "
             "instead of the nearest one."),
    exclude: Optional[List[str]] = typer.Option(
        None, "--exclude", metavar="GLOB", rich_help_panel=_FILES,
        help="Paths not to lint (replaces the configured ones)."),
    extend_exclude: Optional[List[str]] = typer.Option(
        None, "--extend-exclude", metavar="GLOB", rich_help_panel=_FILES,
        help="Paths not to lint, added to the configured ones."),
    force_exclude: bool = typer.Option(
        False, "--force-exclude", rich_help_panel=_FILES,
        help="Apply excludes to files named on the command line too (pre-commit names "
             "every file)."),
    no_respect_gitignore: bool = typer.Option(
        False, "--no-respect-gitignore", rich_help_panel=_FILES,
        help="Also lint files that .gitignore leaves out of a directory walk."),
    ignore_unknown: bool = typer.Option(
        False, "--ignore-unknown", rich_help_panel=_FILES,
        help="Skip named files that are not Dockerfiles, Compose files or Kubernetes "
             "manifests instead of reporting them (pre-commit passes every YAML file)."),
    stdin_filename: Optional[str] = typer.Option(
        None, "--stdin-filename", metavar="PATH", rich_help_panel=_FILES,
        help="With '-': the path standard input stands for (decides the kind of file, the "
             "configuration and the path reported)."),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", metavar="SEVERITY", rich_help_panel=_EXIT,
        help="Lowest severity that makes the exit status 1: info, low, medium, high, critical "
             "(default: low, or the configuration's fail-on)."),
    exit_zero: bool = typer.Option(
        False, "--exit-zero", rich_help_panel=_EXIT,
        help="Exit 0 even when there are findings (errors still exit 2)."),
    allow_incomplete: bool = typer.Option(
        False, "--allow-incomplete", rich_help_panel=_EXIT,
        help="Do not fail a run because a file could not be read or parsed, or a chart or "
             "kustomization could not be rendered (by default that exits 1)."),
    baseline: Optional[str] = typer.Option(
        None, "--baseline", metavar="FILE", rich_help_panel=_BASE,
        help="Report only findings that are not in this baseline file."),
    write_baseline: Optional[str] = typer.Option(
        None, "--write-baseline", metavar="FILE", rich_help_panel=_BASE,
        help="Record the current findings in FILE and exit 0."),
    include_suppressed: bool = typer.Option(
        False, "--include-suppressed", rich_help_panel=_BASE,
        help="SARIF and JSON: also write the findings that inline suppressions or the baseline "
             "leave out, marked as suppressed."),
    per_file_ignores: Optional[List[str]] = typer.Option(
        None, "--per-file-ignores", metavar="GLOB=RULES", rich_help_panel=_BASE,
        help="Do not report these rules in files matching GLOB, e.g. 'dev/*=SL101,SL104' "
             "(repeatable; adds to the configured ones)."),
    require_reason: bool = typer.Option(
        False, "--require-reason", rich_help_panel=_BASE,
        help="Inline suppressions must give a reason."),
    compose_file: Optional[List[str]] = typer.Option(
        None, "--compose-file", metavar="FILE", rich_help_panel=_PROJ,
        help="Compose files that form one project, merged in this order, like `docker compose "
             "-f A -f B` (repeat the option; linted too)."),
    kubernetes_version: Optional[str] = typer.Option(
        None, "--kubernetes-version", metavar="1.XX", rich_help_panel=_PROJ,
        help="Kubernetes version manifests are judged against, e.g. 1.31 (schemas need the "
             "kubernetes-schemas extra)."),
) -> None:
    """Lint files and print findings."""
    from . import baseline as baselines
    from .runner import lint_paths

    reports = _reports(format, output, statistics)
    if max_results is not None and max_results < 1:
        _usage(f"{max_results} is not a number of findings (1 or more)", "--max-results")
    if profile is not None and profile.lower() not in ("baseline", "restricted"):
        _usage(f"{profile!r} is not a Pod Security Standards profile: baseline or restricted",
               "--profile")
    if fail_on is not None and fail_on.lower() not in SEVERITY_NAMES:
        _usage(f"{fail_on!r} is not a severity: {', '.join(SEVERITY_NAMES)}", "--fail-on")
    if kubernetes_version is not None and not _K8S_VERSION.match(kubernetes_version.strip()):
        _usage(f"{kubernetes_version!r} is not a Kubernetes version such as 1.31",
               "--kubernetes-version")
    targets = _targets(paths, compose_file, stdin_filename)
    _not_a_linted_file(reports, targets)
    rules = load_rules()
    overrides = {"select": _split(select), "extend-select": _split(extend_select),
                 "ignore": _split(ignore), "severity": _severities(severity),
                 "exclude": _split(exclude) if exclude else None,
                 "extend-exclude": _split(extend_exclude),
                 "profile": profile.lower() if profile else None,
                 "fail-on": fail_on.lower() if fail_on else None,
                 "per-file-ignores": _per_file(per_file_ignores),
                 "require-reason": True if require_reason else None,
                 "kubernetes-version": kubernetes_version.strip() if kubernetes_version else None}
    resolver = _resolver(rules, config, overrides)
    known = None
    if baseline:
        try:
            known = baselines.load(baseline)
        except baselines.BaselineError as exc:
            _fail(str(exc))
    say = _Stderr(quiet)
    _unavailable(resolver, rules, select, extend_select, verbose, say)
    stdin = sys.stdin.buffer.read() if "-" in targets else None
    streams = reports == [("text", None)] and not (statistics or show_source or baseline
                                                    or max_results or quiet > 1)
    live = _Live(quiet, stream=streams and sys.stdout.isatty())
    try:
        result = lint_paths(targets, stdin=stdin, stdin_filename=stdin_filename,
                            ignore_unknown=ignore_unknown, resolver=resolver,
                            force_exclude=force_exclude, keep_sources=show_source,
                            compose_files=compose_file,
                            respect_gitignore=not no_respect_gitignore, progress=live)
    finally:
        live.stop()
    top = _root(root, resolver)
    if verbose:
        from .secrets import mask_path

        for note in result.notes:
            say.note(mask_path(note))
    findings = result.findings
    if write_baseline:
        try:
            baselines.write(write_baseline, findings, root=top)
        except OSError as exc:
            _fail(f"cannot write {write_baseline}: {exc.strerror or exc}")
        say(f"Wrote {len(findings)} findings to the baseline {write_baseline}.")
        raise typer.Exit(0)
    suppressed = [(f, "inSource") for f in result.suppressed]
    note = ""
    if known is not None:
        findings, in_baseline = baselines.new_findings(findings, known, root=top)
        suppressed += [(f, "external") for f in in_baseline]
        note = f" ({len(in_baseline)} more in the baseline)" if in_baseline else ""
    shown = findings
    if max_results is not None and len(findings) > max_results:
        from .report.sarif import most_severe

        shown = most_severe(findings, max_results)
        say(f"shiplint: note: {len(findings) - len(shown)} of {len(findings)} findings left "
            f"out of the report by --max-results {max_results} (the most severe are kept)")
    # each finding is judged by the fail-on of its own file's configuration
    failed = any(f.severity >= resolver.for_path(f.path if f.path != "-" else ".").fail_on
                 for f in findings)
    by_code = {r.code: r for r in rules}
    incomplete = [f for f in result.findings if getattr(by_code.get(f.code), "incomplete", False)]
    code = 1 if (failed or (incomplete and not allow_incomplete)) and not exit_zero else 0
    bugs = [f for f in result.findings if getattr(by_code.get(f.code), "bug", False)]
    if bugs:  # a rule raised: everything else is reported, and the run is no success
        code = 2
    ledger = _ledger(result, incomplete)
    if not result.files_checked and not targets == ["-"]:
        from .secrets import mask_path

        say(f"shiplint: warning: no Dockerfiles, Compose files or Kubernetes manifests found "
            f"under {' '.join(mask_path(t) for t in targets)}")
    for fmt, path in reports:
        rest = [f for f in shown if f.path not in live.printed] if path is None else shown
        text = _render(fmt, rest, rules, result, top, code, statistics=statistics,
                       show_source=show_source, to_terminal=path is None,
                       suppressed=suppressed if include_suppressed else [],
                       fingerprints=sarif_fingerprints, ledger=ledger)
        if path is None and live.printed and text:
            text = "\n" + text  # after the blocks already streamed, like between any two
        _write(text, path, quiet=quiet if path is None else 0)
    say.summary(reporting().summary(findings, result.files_checked) + note)
    for line in _ledger_lines(ledger):
        say.summary(line)
    if bugs:
        say(f"shiplint: error: {len(bugs)} internal "
            f"error{'s' if len(bugs) > 1 else ''} (see the {bugs[0].code} findings); "
            "exit status 2")
    if incomplete and not allow_incomplete and not exit_zero:
        say(f"shiplint: incomplete run: {len(incomplete)} "
            f"{'thing' if len(incomplete) == 1 else 'things'} could not be linted (see above); "
            "exit status 1 (--allow-incomplete accepts it)")
    raise typer.Exit(code)


def _ledger(result, incomplete) -> dict:
    """What the run read and what it could not: files linted, passed over (by why), not
    linted (a file it cannot read or parse, a chart or kustomization it cannot render)."""
    from .secrets import mask_path

    not_linted = [{"path": mask_path(f.path), "code": f.code, "reason": f.message}
                  for f in incomplete]
    return {"files_linted": result.files_checked,
            "skipped": dict(sorted(result.skipped.items())),
            "not_linted": not_linted}


def _ledger_lines(ledger: dict) -> list[str]:
    out = []
    if ledger["skipped"]:
        out.append("Passed over: " + ", ".join(f"{n} {why}" for why, n in
                                                ledger["skipped"].items()) + ".")
    for item in ledger["not_linted"][:10]:
        out.append(f"Not linted: {item['path']}: {item['reason']}")
    if len(ledger["not_linted"]) > 10:
        out.append(f"Not linted: {len(ledger['not_linted']) - 10} more (see the report)")
    return out


_K8S_VERSION = re.compile(r"^v?1\.\d{1,2}(?:\.\d+)?$")
SEVERITY_NAMES = ("info", "low", "medium", "high", "critical")


def reporting():
    """The report package, imported when a report is written (not for --help)."""
    from . import report

    return report


class _Stderr:
    """What goes to standard error: notes and the summary, quieted by ``-q``."""

    def __init__(self, quiet: int):
        self.quiet = quiet

    def __call__(self, text: str) -> None:
        if self.quiet < 2:
            typer.echo(text, err=True)

    def note(self, text: str) -> None:
        if self.quiet < 1:
            typer.echo(f"shiplint: note: {text}", err=True)

    def summary(self, text: str) -> None:
        if self.quiet < 1:
            typer.echo(text, err=True)


class _Live:
    """What a long run shows on a terminal while it works: after a second, a progress bar on
    standard error (rich); and, when the text report goes to a terminal, the findings of
    each file as soon as every file that sorts before it is done, so the output reads as it
    will in the end (a file that cross-object rules or a rendering may still add findings to
    holds back the ones after it until the end). Nothing of this on a pipe or with -q."""

    def __init__(self, quiet: int, stream: bool):
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        #: seconds before the bar shows (SHIPLINT_PROGRESS_DELAY, for tests)
        self.delay = float(os.environ.get("SHIPLINT_PROGRESS_DELAY") or 1.0)
        self.enabled = quiet == 0 and _isatty(sys.stderr) and not os.environ.get("CI")
        self.stream = stream
        self.bar = None
        self.task = None
        self.order: list[str] = []
        self.results: dict[str, tuple[list, bool]] = {}
        self.next = 0
        self.printed: set[str] = set()
        self.count = 0

    def start(self, paths: list[str]) -> None:
        self.order = sorted(p for p in paths if not os.path.isdir(p))
        self.total = len(paths)

    def done(self, path: str, findings: list, final: bool) -> None:
        self.count += 1
        if self.stream:
            self.results[path] = (findings, final)
            self._flush()
        if not self.enabled:
            return
        if self.bar is None and self.clock() - self.started >= self.delay:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.description}"), transient=True,
                                console=_console(), redirect_stdout=False,
                                redirect_stderr=False)
            self.task = self.bar.add_task("", total=self.total)
            self.bar.start()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.count, description=path[-50:])

    def _flush(self) -> None:
        while self.next < len(self.order):
            path = self.order[self.next]
            found = self.results.get(path)
            if found is None or not found[1]:
                return  # not done, or more may come: the ones after it wait
            findings = sorted(found[0], key=lambda f: f.sort_key)
            if findings:
                text = reporting().render("text", findings, [], files_checked=0,
                                          color=reporting().use_color(sys.stdout))
                if self.bar is not None:  # the bar steps aside while findings are printed
                    self.bar.stop()
                sys.stdout.write(("\n" if self.printed else "") + text)
                sys.stdout.flush()
                if self.bar is not None:
                    self.bar.start()
                self.printed.add(path)
            self.next += 1

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _console():
    from rich.console import Console

    return Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))


def _reports(formats: Optional[List[str]], output: Optional[str],
             statistics: bool) -> list[tuple[str, Optional[str]]]:
    """``(format, file or None for standard output)`` of every report asked for."""
    asked = [f for item in formats or [] for f in [item]] or \
        [os.environ.get("SHIPLINT_FORMAT") or "auto"]
    out: list[tuple[str, Optional[str]]] = []
    for item in asked:
        fmt, sep, path = item.partition(":")
        fmt = fmt.strip().lower()
        if fmt == "auto":
            fmt = _auto_format()
        if fmt not in FORMAT_NAMES:
            _usage(f"{fmt!r} is not an output format: auto, {', '.join(FORMAT_NAMES)}",
                   "--format")
        if statistics and fmt not in ("text", "json"):
            _usage(f"--statistics prints text or JSON, not {fmt}", "--format")
        out.append((fmt, path if sep and path else None))
    to_stdout = [r for r in out if r[1] is None]
    if output is not None:
        if len(to_stdout) != 1:
            _usage("--output names the file of one report; give several as -f FORMAT:FILE",
                   "--output")
        out[out.index(to_stdout[0])] = (to_stdout[0][0], output)
    elif len(to_stdout) > 1:
        _usage("only one report can go to standard output; write the others to files with "
               "-f FORMAT:FILE", "--format")
    return out


def _auto_format() -> str:
    """``auto``: the GitHub annotations inside GitHub Actions, GitLab's Code Quality report in
    GitLab CI, else text."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    if os.environ.get("GITLAB_CI") == "true":
        return "gitlab"
    return "text"


def _targets(paths: Optional[List[str]], compose_file: Optional[List[str]],
             stdin_filename: Optional[str]) -> list[str]:
    from .discovery import DOCKERFILE, kind_by_name

    for f in compose_file or []:
        if not os.path.isfile(f):
            _usage(f"{f!r} is not a file", "--compose-file")
        if kind_by_name(f) == DOCKERFILE:
            _usage(f"{f!r} is a Dockerfile", "--compose-file")
    targets = list(paths or ([] if compose_file else ["."]))
    for f in compose_file or []:  # the project's files are linted too
        if f not in targets:
            targets.append(f)
    if stdin_filename and "-" not in targets:
        _usage("only applies when '-' (standard input) is among the paths", "--stdin-filename")
    return targets


def _not_a_linted_file(reports: list[tuple[str, Optional[str]]], targets: list[str]) -> None:
    """A report must never overwrite a file it lints."""
    named = {os.path.realpath(t) for t in targets if t != "-" and os.path.isfile(t)}
    for fmt, path in reports:
        if path is not None and os.path.realpath(path) in named:
            _usage(f"{path!r} is one of the files to lint; write the {fmt} report elsewhere",
                   "--output")


def _unavailable(resolver: Resolver, rules: list[Rule], select, extend_select, verbose: bool,
                 say: "_Stderr") -> None:
    """Name the selected rules that cannot run here: always those asked for by name on the
    command line, with --verbose every one."""
    named = [sel for sel in _split(select) + _split(extend_select) if sel.upper() != "ALL"]
    if not (verbose or named):
        return
    from .runner import engine_for

    for rule in engine_for(resolver.for_path("."), rules).rules:
        reason = rule.unavailable() if rule.unavailable else None
        if reason and (verbose or any(matches(rule, sel) for sel in named)):
            say(f"shiplint: note: {rule.code} {rule.name} is off: {reason}")


def _root(root: Optional[str], resolver: Resolver) -> str:
    """The directory machine formats report paths relative to: ``--root``, else the git
    repository root above the working directory, else the configuration file's
    directory, else the working directory."""
    if root is not None:
        if not os.path.isdir(root):
            _usage(f"{root!r} is not a directory", "--root")
        return os.path.abspath(root)
    from .discovery import repository_root

    found = repository_root(os.getcwd())
    if found is None:
        source = resolver.for_path(".").source
        found = os.path.dirname(os.path.abspath(source)) if source else os.getcwd()
    return found


def _render(fmt: str, findings, rules, result, root: str, code: int, *, statistics: bool,
            show_source: bool, to_terminal: bool, suppressed, fingerprints: bool,
            ledger: dict) -> str:
    rep = reporting()
    if statistics:
        return rep.statistics_json(findings, rules) if fmt == "json" else \
            rep.statistics(findings, rules)
    color = fmt == "text" and to_terminal and rep.use_color(sys.stdout)
    kwargs = {"show_source": True, "sources": result.sources} if show_source else {}
    return rep.render(fmt, findings, rules, files_checked=result.files_checked, color=color,
                      root=root, exit_code=code, suppressed=suppressed,
                      fingerprints=fingerprints, ledger=ledger, **kwargs)


def _write(text: str, path: Optional[str], quiet: int) -> None:
    """Write a report: to a file through a temporary file renamed over it (a reader never
    sees half of it), or to standard output (nothing with -qq)."""
    try:
        if path is None:
            if quiet < 2:
                sys.stdout.write(text)
                sys.stdout.flush()
            return
        if os.path.exists(path) and not os.path.isfile(path):
            with open(path, "w", encoding="utf-8", newline="\n") as fh:  # /dev/null, a FIFO
                fh.write(text)
            return
        directory = os.path.dirname(os.path.abspath(path))
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".shiplint-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:  # /dev/full, a closed pipe, a disk that filled up
        _fail(f"cannot write {path or 'to standard output'}: {exc.strerror or exc}")


@app.command("rules")
def list_rules(
    format: str = typer.Option("text", "--format", "-f", help="text, json or markdown."),
    for_format: Optional[str] = typer.Option(
        None, "--for", metavar="KIND",
        help="Only the rules that check this kind of file: dockerfile, compose or kubernetes."),
    select: Optional[List[str]] = typer.Option(
        None, "--select", metavar="RULES",
        help="Only the rules these selectors match (codes, names, peer IDs, groups)."),
) -> None:
    """List the rules: code, name, severity, formats, whether they run by default, summary."""
    from .docs import markdown_reference

    if format not in ("text", "json", "markdown"):
        _usage(f"{format!r} is not one of: text, json, markdown", "--format")
    if for_format is not None and for_format.lower() not in ("dockerfile", "compose",
                                                             "kubernetes"):
        _usage(f"{for_format!r} is not a kind of file shiplint lints: dockerfile, compose or "
               "kubernetes", "--for")
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
    """Console entry point: run the app; a usage error, a broken configuration or an
    unexpected exception is one line ``shiplint: error: ...`` and exit status 2."""
    from typer._click.exceptions import ClickException, UsageError

    try:
        code = app(standalone_mode=False)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "shiplint"
        print(f"shiplint: error: {exc.format_message()} (see `{command} --help`)",
              file=sys.stderr)
        sys.exit(2)
    except ClickException as exc:
        print(f"shiplint: error: {exc.format_message()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except ConfigError as exc:  # found while linting: the nearest configuration is broken
        print(f"shiplint: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # pragma: no cover - depends on a bug
        if os.environ.get("SHIPLINT_DEBUG"):
            raise
        # Only the type: an exception text may quote file content, and that may be a secret.
        print(f"shiplint: error: internal error ({type(exc).__name__}); run with "
              "SHIPLINT_DEBUG=1 for the traceback", file=sys.stderr)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
