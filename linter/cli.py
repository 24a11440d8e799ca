"""The ``shiplint`` command (typer).

Exit status: 0 no findings at or above the fail-on severity, 1 findings, 2 usage error,
configuration error or internal error. An unexpected exception exits 2 with a one-line message
(a traceback would exit 1 and look like findings); set ``SHIPLINT_DEBUG=1`` to see it.
"""

from __future__ import annotations

import os
import sys
import contextlib

from . import lazyre
from . import __version__
from . import lazytyper as typer  # typer itself only when the command line needs it
from .config import ConfigError, Resolver
from .engine import (ENTRY_POINT_GROUP, LazyRules, Rule, facts_of, load_rules, matches,
                     related_to, rule_facts)
from .source import realpath as _realpath

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import List, NoReturn, Optional


def _typing_names() -> None:
    """typer reads the commands' annotations (strings: ``Optional[List[str]]``) with
    ``typing.get_type_hints``, which evaluates them in this module's globals; typing is
    imported only under ``TYPE_CHECKING`` above (a plain ``check``, parsed by
    ``linter.lazytyper``, never imports it: about 2 ms, issue #14), so the names the
    annotations use are put in the globals here, before typer builds the app."""
    from typing import List, NoReturn, Optional

    globals().update(List=List, NoReturn=NoReturn, Optional=Optional)


typer.before_build.append(_typing_names)


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


typer.before_build.append(_help_types)

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


@app.callback()  # not run for a plain `check` (linter.lazytyper): declare options only
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


def _resolver(rules: list[Rule], config: Optional[str], overrides: dict,
              code: Optional[str] = None) -> Resolver:
    """The run's configurations; ``code``: the code's fingerprint, when the cache is used
    (settings validated under it before are not validated again: ``cache.Validated``)."""
    validated = None
    if code is not None:
        from .cache import Validated

        validated = Validated(code)
    try:
        return Resolver(rules, explicit=config, overrides=overrides, validated=validated)
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
_FIX = "Fixes"


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
             "hygiene, style, pss:restricted, cis), ALL; comma-separated or repeated."),
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
        help="Check a profile, only its rules (plus --select): a Pod Security Standards level, "
             "baseline or restricted, or cis (the CIS Kubernetes Benchmark: control-plane "
             "flags and configuration, and the workload rules of its section 5)."),
    preview_rule_set: Optional[str] = typer.Option(
        None, "--preview-rule-set", metavar="next", rich_help_panel=_SEL,
        help="Also run the rules the next release adds to the default set, marked as "
             "preview: reported, never failing the run."),
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
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", metavar="N", rich_help_panel=_FILES,
        help="Lint on N processes (default: the usable cores; 1: this process only). The "
             "report is the same whatever N."),
    no_cache: bool = typer.Option(
        False, "--no-cache", rich_help_panel=_FILES,
        help="Neither read nor write the cache (.shiplint_cache/ beside the configuration, "
             "else $XDG_CACHE_HOME/shiplint): lint every file again."),
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
        help="SARIF and JSON: also write the findings that inline suppressions, the "
             "configuration's exceptions or the baseline leave out, marked as suppressed."),
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
    apply_fixes: bool = typer.Option(
        False, "--fix", rich_help_panel=_FIX,
        help="Apply the fixes that keep behaviour to the files, then report what remains "
             "(with '-': print the fixed text, and the report on standard error)."),
    unsafe_fixes: bool = typer.Option(
        False, "--unsafe-fixes", rich_help_panel=_FIX,
        help="With --fix or --diff: also apply the fixes that change behaviour (review them)."),
    show_diff: bool = typer.Option(
        False, "--diff", rich_help_panel=_FIX,
        help="Print what --fix would change as a unified diff instead of the report, and "
             "write nothing (exit status 1 when there is a change)."),
) -> None:
    """Lint files and print findings."""
    from .runner import lint_paths

    # the baseline module (and json) only for a run that reads or writes one (start-up)
    baselines = _baselines() if baseline or write_baseline else None

    reports = _reports(format, output, statistics)
    if max_results is not None and max_results < 1:
        _usage(f"{max_results} is not a number of findings (1 or more)", "--max-results")
    if jobs is not None and jobs < 1:
        _usage(f"{jobs} is not a number of processes (1 or more)", "--jobs")
    if profile is not None and profile.lower() not in ("baseline", "restricted", "cis"):
        _usage(f"{profile!r} is not a profile: baseline or restricted (Pod Security Standards) "
               "or cis (CIS Kubernetes Benchmark)", "--profile")
    if fail_on is not None and fail_on.lower() not in SEVERITY_NAMES:
        _usage(f"{fail_on!r} is not a severity: {', '.join(SEVERITY_NAMES)}", "--fail-on")
    if kubernetes_version is not None and not _K8S_VERSION.match(kubernetes_version.strip()):
        _usage(f"{kubernetes_version!r} is not a Kubernetes version such as 1.31",
               "--kubernetes-version")
    targets = _targets(paths, compose_file, stdin_filename)
    _not_a_linted_file(reports, targets)
    if unsafe_fixes and not (apply_fixes or show_diff):
        _usage("only applies with --fix or --diff", "--unsafe-fixes")
    # a run that names no rule anywhere needs only the rules of its files' kinds
    reads: dict = {}  # the named files read to choose the rules (each once)
    formats = _formats_alone(
        targets, reports, named=(select, extend_select, ignore, severity, per_file_ignores,
                                 profile, preview_rule_set, config, verbose), reads=reads)
    # loaded when first used: a run whose every file the cache answers imports no rule
    packs = _packs()
    rules = LazyRules(lambda: load_rules(packs, formats=formats,
                                         texts=_texts(targets, reads) if formats else None))
    overrides = {"select": _split(select), "extend-select": _split(extend_select),
                 "ignore": _split(ignore), "severity": _severities(severity),
                 "exclude": _split(exclude) if exclude else None,
                 "extend-exclude": _split(extend_exclude),
                 "profile": profile.lower() if profile else None,
                 "fail-on": fail_on.lower() if fail_on else None,
                 "per-file-ignores": _per_file(per_file_ignores),
                 "require-reason": True if require_reason else None,
                 "kubernetes-version": kubernetes_version.strip() if kubernetes_version else None,
                 "preview-rule-set": _preview_rule_set(preview_rule_set)}
    code = None if no_cache else _code(packs)
    resolver = _resolver(rules, config, overrides, code)
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
                                                    or apply_fixes or show_diff
                                                    or max_results or quiet > 1)
    live = _Live(quiet, stream=streams and sys.stdout is not None and sys.stdout.isatty())
    cached = _cache(code, resolver, rules)

    def lint_all(data: Optional[bytes], progress=None):
        return lint_paths(targets, stdin=data, stdin_filename=stdin_filename,
                          ignore_unknown=ignore_unknown, resolver=resolver,
                          force_exclude=force_exclude, keep_sources=show_source,
                          compose_files=compose_file,
                          respect_gitignore=not no_respect_gitignore, progress=progress,
                          jobs=jobs or _usable_cores(), cache=cached)

    try:
        result = lint_all(stdin, live)
    finally:
        live.stop()
    _keep_facts(cached, rules)
    top = _root(root, resolver)
    fixes = None
    if apply_fixes or show_diff:
        fixes = _fix(result, known, top, stdin, stdin_filename, unsafe=unsafe_fixes,
                     resolver=resolver, compose_file=compose_file,
                     ignore_unknown=ignore_unknown)
        if show_diff:
            _print_diff(fixes, result, unsafe_fixes, say, exit_zero)
        fixed_stdin = _write_fixes(fixes, stdin, stdin_filename)
        if any(fx.changed for fx in fixes):
            result = lint_all(fixed_stdin)
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
    # a suppression's reason, or an exception's, is the SARIF suppression's justification
    why = {(f.code, f.path, f.span, f.message): reason for f, reason in result.suppression_reasons}
    suppressed = [(f, "inSource", why.get((f.code, f.path, f.span, f.message)))
                  for f in result.suppressed] + \
        [(f, "external", reason) for f, reason in result.excepted]
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
    # a preview finding (a rule newer than the pinned rule set) never fails the run
    failed = any(f.severity >= resolver.for_path(f.path if f.path != "-" else ".").fail_on
                 for f in findings if not f.preview)
    about = rule_facts(rules, {f.code for f in result.findings})  # (refines, incomplete, bug)
    incomplete = [f for f in result.findings if f.code in about and about[f.code][1]]
    code = 1 if (failed or (incomplete and not allow_incomplete)) and not exit_zero else 0
    bugs = [f for f in result.findings if f.code in about and about[f.code][2]]
    if bugs:  # a rule raised: everything else is reported, and the run is no success
        code = 2
    ledger = _ledger(result, incomplete)
    if not result.files_checked and not targets == ["-"]:
        from .secrets import mask_path

        say(f"shiplint: warning: no Dockerfiles, Compose files or Kubernetes manifests found "
            f"under {' '.join(mask_path(t) for t in targets)}")
    # with --fix, fixed standard input goes to standard output: the report to stderr
    with (contextlib.redirect_stdout(sys.stderr) if apply_fixes and stdin is not None
          else contextlib.nullcontext()):
        for fmt, path in reports:
            rest = [f for f in shown if f.path not in live.printed] if path is None else shown
            text = _render(fmt, rest, rules, result, top, code, statistics=statistics,
                           show_source=show_source, to_terminal=path is None,
                           suppressed=suppressed if include_suppressed else [],
                           fingerprints=sarif_fingerprints, ledger=ledger)
            if path is None and live.printed and text:
                text = "\n" + text  # after the blocks already streamed, like between any two
            _write(text, path, quiet=quiet if path is None else 0)
    if apply_fixes and stdin is not None:
        _write_bytes(fixed_stdin or b"")
    say.summary(reporting().summary(findings, result.files_checked) + note)
    if fixes is not None:
        _fix_summary(fixes, findings, unsafe_fixes, say)
    for upcoming, what in ((False, "new since your rule set"), (True, "the next release adds")):
        previewed = sum(1 for f in findings if f.preview and (f.preview == "next") == upcoming)
        if previewed:
            say.summary(f"{previewed} of them {'is' if previewed == 1 else 'are'} of rules "
                        f"{what} (preview): reported, not failing the run.")
    if result.excepted:  # said, so that an exception never hides findings silently
        n = len(result.excepted)
        say.summary(f"{n} more {'finding is' if n == 1 else 'findings are'} accepted by the "
                    "configuration's exceptions (--include-suppressed writes them with "
                    "their reasons).")
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


def _baselines():
    from . import baseline

    return baseline


def _formats_alone(targets: list[str], reports: list[tuple[str, Optional[str]]],
                   named: tuple, reads: Optional[dict] = None) -> Optional[tuple[str, ...]]:
    """The kinds of file the run lints, when its rules can be loaded for them alone (see
    ``linter.engine.load_rules``); ``None``: load every rule. Every rule is needed as soon
    as one can be named (a selection flag, ``--config``, a configuration file in the
    working directory or above a target, ``--verbose``), a report lists the rules (SARIF,
    JUnit), or a target's kind is not known from its name (a directory, standard input)."""
    from .config import CONFIG_NAMES
    from .discovery import DOCKERFILE, kind_by_name

    if any(value for value in named) or any(fmt in ("sarif", "junit") for fmt, _ in reports):
        return None
    kinds: set[str] = set()
    for target in targets:
        kind = kind_by_name(target) if os.path.isfile(target) else None
        if kind is None:
            return None
        kinds.update(("dockerfile",) if kind == DOCKERFILE else _yaml_kinds(target, reads))
    seen: set[str] = set()
    for start in [os.getcwd()] + [os.path.dirname(os.path.abspath(t)) for t in targets]:
        d = start
        while d not in seen:
            seen.add(d)
            if any(_may_configure(os.path.join(d, name)) for name in CONFIG_NAMES):
                return None
            parent = os.path.dirname(d)
            if not parent or parent == d:
                break
            d = parent
    return tuple(sorted(kinds))


#: both kinds of YAML file
_YAML_KINDS = ("compose", "kubernetes")


def _yaml_kinds(path: str, reads: Optional[dict] = None) -> tuple[str, ...]:
    """The kinds a YAML file named on its own may be linted as, told from its bytes, so that
    a run over one Kubernetes manifest imports no Compose rule and the other way round (a
    third of the rules such a run loaded, issue #14). ``linter.parse`` decides by the parsed
    content: Compose by the file's name or a ``services`` key, Kubernetes by ``apiVersion``
    and ``kind`` keys; a file that does not spell a key anywhere cannot have it. Both kinds
    whenever that is not sure: a backslash (an escape may spell a key), a file too large to
    lint or that cannot be read, a file of a Helm chart (linted as the chart renders) or a
    Kustomize file (tests/test_startup.py checks the kinds on the corpus)."""
    from .discovery import is_compose_name

    data = _written_whole(path, reads)
    if data is None:
        return _YAML_KINDS
    compose = is_compose_name(path) or b"services" in data
    kubernetes = b"apiVersion" in data and b"kind" in data
    return (("compose",) if compose else ()) + (("kubernetes",) if kubernetes else ())


def _texts(targets: list[str], reads: Optional[dict] = None) -> Optional[list[bytes]]:
    """The contents of the files a run with its rules chosen by kind names (few of them, all
    files: see ``_formats_alone``), for the rules chosen by content too (``load_rules``);
    ``None`` (every rule of the kinds) for many files, or one whose bytes do not say all
    it holds (``_written_whole``)."""
    if len(targets) > 20:
        return None
    out = []
    for target in targets:
        data = _written_whole(target, reads)
        if data is None:
            return None
        out.append(data)
    return out


def _written_whole(path: str, reads: Optional[dict] = None) -> Optional[bytes]:
    """A named file's bytes when they spell everything it holds, for what is told from
    them (the kinds of a YAML file, the rules chosen by content); ``None`` for a Kustomize
    file or a file of a Helm chart (what they give comes from other files), a file that
    cannot be read or is too large to lint, and one with a backslash (an escape in a quoted
    scalar may spell a key or a word its text does not). Asked once a run (``reads``)."""
    from .source import KUSTOMIZATION_FILES, chart_of

    key = ("whole", path)  # beside the bytes ``_read_target`` keeps
    if reads is not None and key in reads:
        return reads[key]
    data = None
    if os.path.basename(path) not in KUSTOMIZATION_FILES and chart_of(path) is None:
        data = _read_target(path, reads)
        if data is not None and b"\\" in data:
            data = None
    if reads is not None:
        reads[key] = data
    return data


def _read_target(path: str, reads: Optional[dict]) -> Optional[bytes]:
    """A named file's bytes, bounded like every read (``linter.source``); ``None`` when it
    cannot be read or is too large to lint. ``reads``: what this run read already (the kind
    of a YAML file and the rules chosen by content both look at it: one read)."""
    from .source import MAX_BYTES

    if reads is not None and path in reads:
        return reads[path]
    try:
        with open(path, "rb") as fh:
            data: Optional[bytes] = fh.read(MAX_BYTES + 1)
    except OSError:
        data = None
    if data is not None and len(data) > MAX_BYTES:
        data = None
    if reads is not None:
        reads[path] = data
    return data


def _may_configure(path: str) -> bool:
    """Whether ``path`` is, or may be, a configuration file (a pyproject.toml that does not
    spell shiplint is not). A TOML basic string spells a letter with an escape alone
    (``[tool."\\u0073hiplint"]``), so a file with ``\\u`` or ``\\U`` in it may spell it too."""
    if not os.path.isfile(path):
        return False
    if os.path.basename(path) != "pyproject.toml":
        return True
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return True
    return b"shiplint" in data or b"\\u" in data or b"\\U" in data


def _fix(result, known, top: str, stdin: Optional[bytes], stdin_filename: Optional[str], *,
         unsafe: bool, resolver: Resolver, compose_file, ignore_unknown: bool) -> list:
    """``--fix`` / ``--diff``: the files the report's fixable findings are on, fixed in
    memory (``linter.fix.fix_files``); each text is linted as its file, through standard
    input standing for it, so it gets its configuration, suppressions and project."""
    from . import baseline as baselines
    from .fix import fix_files
    from .runner import lint_paths
    from .source import display_path

    findings = result.findings
    if known is not None:  # what the baseline holds is not reported, nor fixed
        findings, _ = baselines.new_findings(findings, known, root=top)
    stdin_path = (display_path(stdin_filename) if stdin_filename else "-") \
        if stdin is not None else None

    def lint(text: str, path: str) -> list:
        name = stdin_filename if path == stdin_path else path
        found = lint_paths(["-"], stdin=text.encode("utf-8"), stdin_filename=name,
                           ignore_unknown=ignore_unknown, resolver=resolver,
                           compose_files=compose_file).findings
        # nor in a later pass, where the file's own lint finds them again
        return found if known is None else baselines.new_findings(found, known, root=top)[0]

    return fix_files(findings, lint, unsafe=unsafe, stdin=stdin, stdin_path=stdin_path)


def _print_diff(fixes: list, result, unsafe: bool, say: "_Stderr", exit_zero: bool) -> NoReturn:
    """``--diff``: the unified diff of every fix to standard output, what it would fix to
    standard error; exit 1 when there is a change (0 with --exit-zero)."""
    from .fix import diff

    changed = [fx for fx in fixes if fx.changed]
    text = "".join(diff(fx.before, fx.after, fx.path) for fx in changed)
    _write(text, None, quiet=say.quiet)
    count = sum(len(fx.fixed) for fx in changed)
    say.summary(f"Would fix {_count(count, 'finding')} in {_count(len(changed), 'file')}."
                + _hidden(result.findings, unsafe))
    _broken(fixes, say)
    raise typer.Exit(1 if changed and not exit_zero else 0)


def _write_fixes(fixes: list, stdin: Optional[bytes], stdin_filename: Optional[str]
                 ) -> Optional[bytes]:
    """``--fix``: write the fixed files; returns standard input's text, fixed (it is never
    written to a file, even when --stdin-filename names one)."""
    from .fix import write
    from .source import display_path

    stdin_path = display_path(stdin_filename) if stdin_filename else "-"
    fixed_stdin = stdin
    for fx in fixes:
        if not fx.changed:
            continue
        if stdin is not None and fx.path == stdin_path:
            fixed_stdin = fx.data()
            continue
        try:
            write(fx)
        except OSError as exc:
            from .secrets import mask_path

            _fail(f"cannot write the fixes of {mask_path(fx.path)}: {exc.strerror or exc}")
    return fixed_stdin


def _fix_summary(fixes: list, remaining: list, unsafe: bool, say: "_Stderr") -> None:
    changed = [fx for fx in fixes if fx.changed]
    count = sum(len(fx.fixed) for fx in changed)
    say.summary(f"Fixed {_count(count, 'finding')} in {_count(len(changed), 'file')}."
                + _hidden(remaining, unsafe))
    _broken(fixes, say)


def _write_bytes(data: bytes) -> None:
    """Standard input, fixed, to standard output as it was read (bytes, not re-encoded)."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        _fail(f"cannot write to standard output: {exc.strerror or exc}")


def _count(n: int, what: str, plural: str = "") -> str:
    return f"{n} {what if n == 1 else plural or what + 's'}"


def _hidden(findings: list, unsafe: bool) -> str:
    """How many findings have a fix that changes behaviour, left out without
    --unsafe-fixes."""
    if unsafe:
        return ""
    n = sum(1 for f in findings if f.autofix is not None and not f.autofix.safe)
    return f" {_count(n, 'more finding')} can be fixed with --unsafe-fixes." if n else ""


def _broken(fixes: list, say: "_Stderr") -> None:
    """Warn of the fixes left out: those that would break their file, and every fix of a
    file that does not parse (its parse error is in the report)."""
    from .secrets import mask_path

    for fx in fixes:
        if fx.unparsed:
            say(f"shiplint: warning: {mask_path(fx.path)} not fixed: it does not parse")
    bad = [f for fx in fixes for f in fx.broken]
    if bad:
        codes = ", ".join(sorted({f.code for f in bad}))
        say(f"shiplint: warning: {_count(len(bad), 'fix', 'fixes')} of {codes} left out: the file would "
            "no longer parse with them (a bug of shiplint's; please report it)")


def _usable_cores() -> int:
    """The cores this process may run on (``--jobs`` by default)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _packs() -> list:
    """The installed rule packs (the ``shiplint.rules`` entry points)."""
    from .entrypoints import entry_points

    return entry_points(ENTRY_POINT_GROUP)


def _code(packs: list) -> str:
    """The fingerprint of the code that lints (``cache.code_fingerprint``): of shiplint and
    of the rule packs by their files, not by the rules loaded, which a run answered by the
    cache never loads."""
    from . import cache

    return cache.code_fingerprint(packs=packs)


def _cache(code: Optional[str], resolver: Resolver, rules: LazyRules):
    """The run's cache (``linter.cache``) for the code ``code``, beside the configuration of
    the working directory; ``None`` with ``--no-cache`` (no code). What the run needs of the
    rules of the findings it reads is kept in the cache too (``_keep_facts``)."""
    if code is None:
        return None
    from . import cache

    found = cache.Cache(cache.location(resolver.for_path(".").source), code)
    rules.facts = found.facts()
    return found


def _keep_facts(cached, rules: LazyRules) -> None:
    """Store what a later run answered by the cache needs of the rules this run loaded."""
    if cached is None or not rules.loaded:
        return
    known = {r.code: facts_of(r) for r in rules}
    if not known.items() <= rules.facts.items():
        rules.facts = {**rules.facts, **known}
        cached.store_facts(rules.facts)


def _preview_rule_set(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    if value.strip().lower() != "next":
        _usage(f"{value!r}: only 'next' (the rules the next release adds) can be previewed; "
               "pin an older rule set with rule-set: in the configuration", "--preview-rule-set")
    return "next"


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


_K8S_VERSION = lazyre.compile(r"^v?1\.\d{1,2}(?:\.\d+)?$")
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
        self.total = len(paths)
        if self.stream:  # (a status per path: 7 ms of the corpus's serial start, issue #14)
            self.order = sorted(p for p in paths if not os.path.isdir(p))

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
            from .secrets import mask_path  # a path is shown masked, as in every report

            self.bar.update(self.task, completed=self.count, description=mask_path(path)[-50:])

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
    named = {_realpath(t) for t in targets if t != "-" and os.path.isfile(t)}
    for fmt, path in reports:
        if path is not None and _realpath(path) in named:
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
            if quiet < 2 and sys.stdout is not None:  # (None: run with stdout closed)
                sys.stdout.write(text)
                sys.stdout.flush()
            return
        if os.path.exists(path) and not os.path.isfile(path):
            with open(path, "w", encoding="utf-8", newline="\n") as fh:  # /dev/null, a FIFO
                fh.write(text)
            return
        from . import atomic

        atomic.write_text(path, text)
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
    from .docs import fix_label, markdown_reference

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
        import json

        typer.echo(json.dumps([_rule_json(r) for r in rules], indent=2))
    elif format == "markdown":
        typer.echo(markdown_reference(rules), nl=False)
    elif format == "text":
        rows = [("CODE", "NAME", "SEVERITY", "FORMATS", "RUNS", "FIX", "SUMMARY")] + [
            (r.code, r.name, str(r.severity), ",".join(r.formats) or "any",
             "default" if r.enabled_by_default else (r.opt_in or "opt-in"), fix_label(r),
             r.summary)
            for r in rules]
        widths = [max(len(row[i]) for row in rows) for i in range(6)]
        for row in rows:
            typer.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[6])


def _rule_json(r: Rule) -> dict:
    return {"code": r.code, "name": r.name, "severity": str(r.severity), "formats": r.formats,
            "summary": r.summary, "rationale": r.rationale, "remediation": r.remediation,
            "references": r.references, "aliases": r.aliases, "related": r.related,
            "tags": r.tags,
            "enabled_by_default": r.enabled_by_default, "opt_in_group": r.opt_in,
            "since": _since(r),
            "fixable": r.fixable,
            "options": r.options}


def _since(r: Rule) -> str:
    from .releases import since

    return since(r)


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
    import json

    typer.echo(json.dumps(data, indent=2))


@app.command("server")
def language_server(
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Log what the server does (to standard error)."),
) -> None:
    """Run the language server for editors: LSP over standard input and output
    (needs the lsp extra: pip install 'shiplint\\[lsp]')."""
    # (the backslash keeps the help's rich markup from taking [lsp] for a style tag)
    try:
        from .lsp import serve
    except ImportError as exc:  # only the server needs pygls: `check` runs without it
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs"):
            raise
        _fail("the language server needs pygls: pip install 'shiplint[lsp]' (in a clone: "
              "pip install -e '.[lsp]')")
    serve(verbose=verbose)


def main() -> None:
    """Console entry point: run the app; a usage error, a broken configuration or an
    unexpected exception is one line ``shiplint: error: ...`` and exit status 2.

    A plain ``check`` command line is parsed without typer (``linter.lazytyper``: the same
    arguments, a tenth of the start-up); everything else goes through the typer app."""
    plain = app.plain_call(sys.argv[1:])
    if plain is not None:
        # A plain ``check`` imports what its files need (rules, parsers) and ends: the cyclic
        # collector's young collections over those imports cost about 1 ms of a one-file
        # run (issue #14), and a batch collects explicitly anyway (``runner``); the process
        # ends below without a collection. Other commands (the language server) keep it.
        import gc

        gc.disable()
    try:
        code = _plain(*plain) if plain is not None else app(standalone_mode=False)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except ConfigError as exc:  # found while linting: the nearest configuration is broken
        print(f"shiplint: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # pragma: no cover - depends on a bug
        click = sys.modules.get("typer._click.exceptions")  # only once typer ran
        if click is not None and isinstance(exc, click.UsageError):
            command = exc.ctx.command_path if exc.ctx is not None else "shiplint"
            print(f"shiplint: error: {exc.format_message()} (see `{command} --help`)",
                  file=sys.stderr)
            sys.exit(2)
        if click is not None and isinstance(exc, click.ClickException):
            print(f"shiplint: error: {exc.format_message()}", file=sys.stderr)
            sys.exit(exc.exit_code)
        if os.environ.get("SHIPLINT_DEBUG"):
            raise
        # Only the type: an exception text may quote file content, and that may be a secret.
        print(f"shiplint: error: internal error ({type(exc).__name__}); run with "
              "SHIPLINT_DEBUG=1 for the traceback", file=sys.stderr)
        sys.exit(2)
    # The process ends here: what is still alive (every Dockerfile tree the image links keep)
    # needs no collection, yet the interpreter's last one walked all of it: 1.9 s of 4.4
    # after a 100,000-line Dockerfile (issue #14). A frozen object is never walked.
    import gc

    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)


def run() -> NoReturn:
    """The ``shiplint`` program (its console script and ``python -m linter``): ``main``,
    then the process ends without the interpreter's finalization, which frees every module
    and every object still alive one by one: 2-4 ms of a one-file run and 25-60 ms after the
    corpus, for nothing (issue #14; mypy ends the same way). The output is flushed and the
    ``atexit`` handlers run first, as at any exit. Code that calls ``main`` itself (tests,
    an embedding program) gets its ``SystemExit`` as before."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    run_exitfuncs = getattr(__import__("atexit"), "_run_exitfuncs", None)
    if run_exitfuncs is None:  # not CPython (or PyPy): the ordinary way out
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):  # what ``sys.exit("message")`` does
        print(code, file=sys.stderr)
        code = 1
    from . import flush_std_streams

    flush_std_streams()
    run_exitfuncs()
    os._exit(code)


def _plain(command, kwargs: dict):
    """Run a command typer would have parsed to ``kwargs``, the way typer runs it (its
    ``Exit`` is the exit status; a closed pipe is exit status 1, quietly)."""
    import errno

    try:
        try:
            return command(**kwargs)
        except EOFError:
            typer.echo(err=True)
            raise typer.Abort() from None
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            from typer._click.utils import PacifyFlushWrapper

            sys.stdout = PacifyFlushWrapper(sys.stdout)
            sys.stderr = PacifyFlushWrapper(sys.stderr)
            sys.exit(1)
    except typer.exit_types() as exc:
        return exc.exit_code
