"""Lint a set of paths: discover, read, parse, run the engine, suppress, sort.

This is the one place that strings the stages together, for the CLI and for library users::

    from linter.runner import lint_paths
    report = lint_paths(["."])
    for finding in report.findings: ...

Each file is linted under the configuration nearest to it (see ``linter.config``); one engine
is built per distinct configuration.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from . import discovery, helm, kustomize, source, suppress
from .config import Config, Resolver
from .engine import Engine, Rule, load_rules, matches, select_rules
from .findings import Finding
from .kubernetes import KubeObject, KubernetesSet


@dataclass
class Report:
    """``findings`` sorted by path, line, column, code (suppressed ones left out);
    ``suppressed`` the findings inline suppressions switched off; ``files_checked`` counts the
    files that were recognised and linted (plus the ones that could not be read)."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    #: file texts by reported path, kept when asked for (code frames, baselines)
    sources: dict[str, str] = field(default_factory=dict)


def engine_for(config: Config, rules: list[Rule]) -> Engine:
    """The engine a configuration asks for: its selection, severities and rule options."""
    select = list(config.select)
    if config.profile:
        select.append(f"pss:{config.profile}")
    chosen = select_rules(rules, select=select, extend_select=config.extend_select,
                          ignore=config.ignore)
    return Engine(chosen, options=config.options, severity=config.severity)


@dataclass(eq=False)
class _Settle:
    """What turns a file's raw findings into reported ones: its configuration's per-file
    ignores, then its suppression comments and annotations. Kept per file of the Kubernetes
    set, since cross-object findings arrive after the file itself was linted (so a file of
    the set reports its unused suppressions only at ``close``)."""

    engine: Engine
    cfg: Config | None
    config_path: str
    found: list
    has_text: bool
    deferred: bool = False
    #: rewrites findings before they are reported (Helm: rendered lines to template lines)
    remap: Callable[[list[Finding]], list[Finding]] | None = None
    _first: bool = True

    def __call__(self, path: str, findings: list[Finding], report: Report) -> None:
        engine, cfg = self.engine, self.cfg
        if cfg is not None and cfg.per_file_ignores:
            off = cfg.ignored_for(self.config_path)
            if off:
                findings = [f for f in findings if not (
                    f.code in engine.by_code and any(matches(engine.by_code[f.code], s)
                                                     for s in off))]
        if self.has_text:
            outcome = suppress.apply(
                findings, self.found, engine.by_code, path=path,
                require_reason=self._first and bool(cfg and cfg.require_reason),
                report_unused=not self.deferred and "unused-suppression" in engine.by_name)
            findings = outcome.kept
            report.suppressed.extend(outcome.suppressed)
        self._first = False
        self._report(findings, report)

    def close(self, path: str, report: Report) -> None:
        if self.deferred and self.has_text and "unused-suppression" in self.engine.by_name:
            self._report(suppress.unused(self.found, path), report)

    def _report(self, findings: list[Finding], report: Report) -> None:
        report.findings.extend(self.remap(findings) if self.remap and findings else findings)


class _Linter:
    """Lints files one by one under their configuration (engines cached per configuration)."""

    def __init__(self, engine: Engine | None, resolver: Resolver | None, keep_sources: bool):
        self.fixed = engine
        self.resolver = resolver
        self.rules = resolver.rules if resolver else (engine.rules if engine else [])
        self.engines: dict[int, Engine] = {}
        self.keep_sources = keep_sources
        #: how to settle findings on each file of the Kubernetes set (cross-object rules)
        self.settles: dict[str, _Settle] = {}
        self.texts: dict[str, str] = {}
        self.kustomized = 0  # builds linted so far (keys their rendered files)
        self.suppressions: dict[str, list] = {}  # suppressions of files builds map into
        self.kustomize_seen: dict[tuple, str] = {}  # (code, path, span) -> first build

    def engine(self, cfg: Config | None) -> Engine:
        if self.fixed is not None or cfg is None:
            return self.fixed  # type: ignore[return-value]
        eng = self.engines.get(id(cfg))
        if eng is None:
            eng = self.engines[id(cfg)] = engine_for(cfg, self.rules)
        return eng

    def config(self, path: str) -> Config | None:
        return self.resolver.for_path(path) if self.resolver else None

    def lint(self, src: source.SourceFile, explicit: bool, report: Report,
             kube_set: KubernetesSet | None, config_path: str | None = None,
             remap: Callable[[list[Finding]], list[Finding]] | None = None) -> None:
        cfg = self.config(config_path or src.path)
        engine = self.engine(cfg)
        parsed = discovery.parse(src, explicit)
        report.files_checked += parsed.kind is not None or bool(parsed.problems)
        findings = engine.run(src.path, parsed.targets, parsed.problems)
        found: list = []
        if src.text is not None:
            found = suppress.find(src.text, parsed.targets[0] if parsed.targets else None,
                                  parsed.kind)
            found += suppress.from_annotations(
                t for t in parsed.targets if isinstance(t, KubeObject))
        objects = [t for t in parsed.targets if isinstance(t, KubeObject)]
        if kube_set is not None:
            kube_set.read.add(os.path.abspath(config_path or src.path))
        in_set = kube_set is not None and bool(objects)
        settle = _Settle(engine, cfg, config_path or src.path, found, src.text is not None,
                         deferred=in_set, remap=remap)
        if in_set:
            kube_set.add(objects)  # type: ignore[union-attr]
            self.settles[src.path] = settle  # for the cross-object findings, later
        before = len(report.findings)
        settle(src.path, findings, report)
        if self.keep_sources and src.text is not None:
            if in_set:
                self.texts[src.path] = src.text
            self._keep_source(src.path, src.text, report, before)

    @staticmethod
    def _keep_source(path: str, text: str | None, report: Report, since: int) -> None:
        if text is not None and any(f.path == path for f in report.findings[since:]):
            report.sources[path] = text

    def finish(self, kube_set: KubernetesSet, report: Report) -> None:
        """Cross-object findings, then the unused suppressions of the set's files."""
        if kube_set.objects:
            self.lint_set(kube_set, report)
        for path, settle in self.settles.items():
            before = len(report.findings)
            settle.close(path, report)
            self._keep_source(path, self.texts.get(path), report, before)
        self.settles.clear()
        self.texts.clear()

    def lint_set(self, kube_set: KubernetesSet, report: Report) -> None:
        """Run the cross-object rules over every object of the run. Each engine that linted
        a file of the set runs once; a finding is kept when it comes from the engine of the
        file it points at, then that file's ignores and suppressions apply."""
        engines: dict[int, Engine] = {}
        for settle in self.settles.values():
            engines.setdefault(id(settle.engine), settle.engine)
        first = kube_set.objects[0].path
        for eng in engines.values():
            if not eng.wants(KubernetesSet):
                continue
            by_path: dict[str, list[Finding]] = {}
            # a failing cross-object check is reported against the first file of the set
            for f in eng.run(first, [kube_set]):
                by_path.setdefault(f.path, []).append(f)
            for path, found in by_path.items():
                settle = self.settles.get(path)
                if settle is None or settle.engine is not eng:
                    continue
                before = len(report.findings)
                settle(path, found, report)
                self._keep_source(path, self.texts.get(path), report, before)

    def lint_chart(self, chart_dir: str, report: Report, kube_set: KubernetesSet | None) -> None:
        """Render a Helm chart and lint each rendered document as its template file."""
        chart_file = source.display_path(os.path.join(chart_dir, helm.CHART_FILE))
        docs, problem = helm.render(chart_dir)
        report.files_checked += 1
        if problem is not None:
            report.findings.extend(self.engine(self.config(chart_file)).run(
                chart_file, [], [problem]))
            return
        if kube_set is not None:  # a chart renders whole: its directories count as read
            for dirpath, _, names in os.walk(chart_dir):
                kube_set.read.update(os.path.abspath(os.path.join(dirpath, n)) for n in names)
        by_template: dict[str, list[str]] = {}  # a template may render several documents
        for doc in docs:
            by_template.setdefault(doc.template, []).append(doc.text)
        for template, texts in by_template.items():
            path = source.display_path(template)
            text = "".join(t if t.endswith("\n") else t + "\n" for t in texts[:1]) + "".join(
                "---\n" + (t if t.endswith("\n") else t + "\n") for t in texts[1:])
            self.lint(source.SourceFile(path, text), True, report, kube_set, config_path=path,
                      remap=functools.partial(helm.map_back, rendered=text,
                                              template_path=template))


    def lint_kustomization(self, directory: str, report: Report,
                           kube_set: KubernetesSet | None) -> None:
        """Build a Kustomize directory and lint each object as written in the file it came
        from (see ``linter.kustomize``); without a program, one info finding."""
        kfile = kustomize.kustomization_file(directory) or directory
        shown = source.display_path(kfile)
        objects, problem = kustomize.render(directory)
        if problem is not None:
            report.findings.extend(self.engine(self.config(shown)).run(shown, [], [problem]))
            if kustomize.program() is not None and not kustomize.remote_resources(directory):
                # the walk left these files to the build, which failed: lint them one by one
                for p in sorted(kustomize.named_files(directory)):
                    if discovery.kind_by_name(p) is not None:
                        near = _near(p, not os.path.isabs(directory))
                        self.lint(source.read(near), False, report, kube_set)
            return
        report.files_checked += 1
        label = source.display_path(directory)
        patches = kustomize.patch_files(directory)
        relative = not os.path.isabs(directory)
        by_origin: dict[str, list[str]] = {}
        for obj in objects:
            by_origin.setdefault(obj.origin or os.path.abspath(kfile), []).append(obj.text)
        for origin, texts in by_origin.items():
            shown_origin = _near(origin, relative)
            if kube_set is not None:
                odir = os.path.dirname(origin)
                kube_set.read.update(os.path.join(odir, n) for n in _names(odir))
            text = texts[0] + "".join("---\n" + t for t in texts[1:])
            # one key per build and file (a base is built with each overlay), with the
            # file's suffix so it is read as YAML; map_back reports the real path
            self.kustomized += 1
            stem, ext = os.path.splitext(shown_origin)
            key = f"{stem}.kustomize-{self.kustomized}{ext if ext in ('.yaml', '.yml') else '.yaml'}"
            remap = functools.partial(self._kustomize_remap, rendered=text, origin=origin,
                                      patches=patches, label=label, relative=relative)
            self.lint(source.SourceFile(key, text), True, report, kube_set,
                      config_path=shown_origin, remap=remap)

    def _kustomize_remap(self, findings: list[Finding], *, rendered: str, origin: str,
                         patches: list[str], label: str, relative: bool) -> list[Finding]:
        mapped = []
        for f in kustomize.map_back(findings, rendered, origin, patches, label):
            f = dataclasses.replace(f, path=_near(f.path, relative))
            # a base is built alone and with each overlay: the first build to report a
            # rule at a place keeps it (later ones differ at most in the names they print)
            first = self.kustomize_seen.setdefault((f.code, f.path, f.span), label)
            if first == label:
                mapped.append(f)
        out: list[Finding] = []
        for path in dict.fromkeys(f.path for f in mapped):
            mine = [f for f in mapped if f.path == path]
            found = self._file_suppressions(path)
            if found:
                engine = self.engine(self.config(path))
                outcome = suppress.apply(mine, found, engine.by_code, path=path)
                mine = outcome.kept
            out.extend(mine)
        return out

    def _file_suppressions(self, path: str) -> list:
        """Suppression comments and annotations written in a file (read once per run)."""
        found = self.suppressions.get(path)
        if found is None:
            src = source.read(path)
            found = []
            if src.text is not None:
                parsed = discovery.parse(src, True)
                found = suppress.find(src.text, parsed.targets[0] if parsed.targets else None,
                                      parsed.kind)
                found += suppress.from_annotations(
                    t for t in parsed.targets if isinstance(t, KubeObject))
            self.suppressions[path] = found
        return found


def _names(directory: str) -> list[str]:
    try:
        return [os.path.abspath(os.path.join(directory, n)) for n in os.listdir(directory)]
    except OSError:
        return []


def _near(path: str, relative: bool) -> str:
    """``path`` relative to the working directory when the user named paths that way."""
    if relative and os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    return source.display_path(path)


@contextmanager
def _few_collections() -> Iterator[Callable[[], None]]:
    """Parsing allocates millions of small objects that live until the file is done; the
    cyclic garbage collector's default thresholds make it scan them over and over (about a
    third of the run time on the Kubernetes corpus). So collection is paused, and the
    caller collects explicitly every few files with the function this yields. Whatever
    survives a collection (the Kubernetes objects kept for the cross-object rules) is
    frozen, so the next collection does not walk it again (it did: about a sixth of the
    run time on the Kubernetes corpus); everything is unfrozen at the end."""
    was_enabled = gc.isenabled()
    may_freeze = gc.get_freeze_count() == 0  # never unfreeze what a caller froze
    gc.disable()

    def collect() -> None:
        gc.collect()
        if may_freeze:
            gc.freeze()

    try:
        yield collect
    finally:
        if may_freeze:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def lint_source(src: source.SourceFile, engine: Engine, explicit: bool = True) -> tuple[list[Finding], bool]:
    """Lint one file already read with one engine (no configuration lookup). Returns
    (findings, whether the file was one of ours); suppression comments are honoured and
    cross-object rules see this file's objects."""
    report = Report()
    linter = _Linter(engine, None, False)
    kube_set = KubernetesSet()
    linter.lint(src, explicit, report, kube_set)
    linter.finish(kube_set, report)
    return report.findings, bool(report.files_checked)


def lint_paths(paths: list[str], engine: Engine | None = None, *, stdin: bytes | None = None,
               stdin_filename: str | None = None, ignore_unknown: bool = False,
               resolver: Resolver | None = None, force_exclude: bool = False,
               keep_sources: bool = False, compose_files: list[str] | None = None) -> Report:
    """Lint files and directories.

    ``engine``: run exactly these rules everywhere (no configuration files); otherwise each
    file gets the configuration ``resolver`` finds for it (default: discovery from the files).
    ``-`` in ``paths`` reads ``stdin`` (bytes) reported as ``stdin_filename``, which also
    decides its configuration. A missing path gives an ``unreadable-file`` finding.
    ``ignore_unknown`` treats named files like walked ones: files of other kinds pass quietly.
    Configured ``exclude`` globs prune the walk; files named explicitly are linted anyway
    unless ``force_exclude`` (as pre-commit passes every file by name).
    ``compose_files``: Compose files that form one project, in ``-f`` order (they are
    merged as Compose merges them; name them in ``paths`` too to lint them).
    """
    from .compose import project

    project.declare([compose_files] if compose_files else [])
    if engine is None and resolver is None:
        resolver = Resolver(load_rules())
    linter = _Linter(engine, resolver, keep_sources)
    report = Report()
    kube_set = KubernetesSet()

    def excluded(path: str) -> bool:
        cfg = linter.config(path)
        return cfg is not None and cfg.is_excluded(path)

    with _few_collections() as collect:
        walked = discovery.iter_files([p for p in paths if p != "-"],
                                      prune=excluded if resolver else None)
        for n, (path, explicit) in enumerate(walked):
            if explicit and force_exclude and excluded(path):
                continue
            if os.path.isdir(path):  # a Helm chart or a Kustomize directory
                if helm.is_chart(path):
                    linter.lint_chart(path, report, kube_set)
                else:
                    linter.lint_kustomization(path, report, kube_set)
                continue
            linter.lint(source.read(path), explicit and not ignore_unknown, report, kube_set,
                        config_path=path)
            if n % 256 == 255:
                collect()
        if "-" in paths:
            src = discovery.stdin_source(stdin or b"", stdin_filename)
            where = stdin_filename or os.path.join(os.getcwd(), "-")
            if not (force_exclude and stdin_filename and excluded(stdin_filename)):
                linter.lint(src, not ignore_unknown, report, kube_set, config_path=where)
        linter.finish(kube_set, report)
    report.findings.sort(key=lambda f: f.sort_key)
    return report
