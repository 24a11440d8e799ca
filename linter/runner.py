"""The pipeline: discover, read, parse, render, run the engine, settle, sort.

This is the one place that strings the stages together, for the CLI and for library users::

    from linter.runner import lint_paths
    report = lint_paths(["."])
    for finding in report.findings: ...

Stages: ``linter.discovery`` finds the files, ``linter.source`` reads them, ``linter.parse``
builds their trees, ``linter.render`` renders Helm charts and Kustomize directories (each
rendered file is linted as the files it comes from), the engine runs the rules, and the
findings are settled: the file's configuration, its suppression comments and annotations,
and for rendered files the placement back on the files written by hand.

Each file is linted under the configuration nearest to it (see ``linter.config``); one engine
is built per distinct configuration. The pipeline builds what relates files: the run's
``ComposeProjects`` gives every Compose file its project before the rules run, and every
Kubernetes object is kept in the run's ``KubernetesSet``; after the last file the
cross-object rules check it, and each of their findings is settled as if its file had
reported it (``_Settle``).
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager

# releases, suppress, exceptions and imagelinks are imported where a file is linted: a run
# answered by the cache needs none of them (start-up, issue #14)
from . import discovery, parse, source
from .config import Config, Resolver
from .engine import CORE_RULES, Engine, Rule, load_rules, matches, rule_facts, select_rules
from .findings import FILE_START, Finding, Problem
from .plain import Plain
from .source import realpath as _realpath
from .kubernetes.objectset import KubernetesSet  # not the models: see _kube_objects

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator
    from . import render
    from .compose.project import ComposeProjects
    from .kubernetes import KubeObject


class Report(Plain):
    """``findings`` sorted by path, line, column, code (suppressed ones left out);
    ``suppressed`` the findings inline suppressions switched off; ``files_checked`` counts the
    files that were recognised and linted (plus the ones that could not be read).
    (A dataclass before: ``linter.plain``, start-up; ``FIELDS`` names its fields in order,
    for what read them with ``dataclasses.fields``.)"""

    FIELDS = ("findings", "suppressed", "excepted", "suppression_reasons", "files_checked",
              "sources", "notes", "skipped")

    def __init__(self, findings: list[Finding] | None = None,
                 suppressed: list[Finding] | None = None,
                 excepted: list[tuple[Finding, str]] | None = None,
                 suppression_reasons: list[tuple[Finding, str]] | None = None,
                 files_checked: int = 0, sources: dict[str, str] | None = None,
                 notes: list[str] | None = None, skipped: dict[str, int] | None = None) -> None:
        # None: a new list or dict each, like the dataclass's field factories
        self.findings = [] if findings is None else findings
        self.suppressed = [] if suppressed is None else suppressed
        #: the findings the configuration's ``exceptions`` removed, each with the reason
        self.excepted = [] if excepted is None else excepted
        #: the reasons inline suppressions give, by suppressed finding
        self.suppression_reasons = [] if suppression_reasons is None else suppression_reasons
        self.files_checked = files_checked
        #: file texts by reported path, kept when asked for (code frames, baselines)
        self.sources = {} if sources is None else sources
        #: how some files were linted, for ``--verbose`` (a patch linted as a partial object)
        self.notes = [] if notes is None else notes
        #: files a walk passed over, by why (excluded by the configuration, ignored by
        #: .gitignore, of no kind shiplint lints, linted through a Kustomize build)
        self.skipped = {} if skipped is None else skipped

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def absorb(self, other: Report) -> None:
        """Add what ``other`` (one file's report, ``linter.batch``) holds: its lists after
        these, its count to this one, its texts, its skip counts to these. (Written out
        field by field: the loop over ``FIELDS`` it replaces was 10 ms of a run over the
        corpus, issue #14; tests/test_batch.py checks that it covers every field.)"""
        self.findings.extend(other.findings)
        if other.suppressed:
            self.suppressed.extend(other.suppressed)
        if other.excepted:
            self.excepted.extend(other.excepted)
        if other.suppression_reasons:
            self.suppression_reasons.extend(other.suppression_reasons)
        self.files_checked += other.files_checked
        if other.sources:
            self.sources.update(other.sources)
        if other.notes:
            self.notes.extend(other.notes)
        for why, n in other.skipped.items():
            self.skipped[why] = self.skipped.get(why, 0) + n


def engine_for(config: Config, rules: list[Rule]) -> Engine:
    """The engine a configuration asks for: its selection, severities and rule options."""
    select = list(config.select)
    if config.profile:  # cis: the CIS Kubernetes Benchmark; else a Pod Security Standards level
        select.append("cis" if config.profile == "cis" else f"pss:{config.profile}")
    chosen = select_rules(rules, select=select, extend_select=config.extend_select,
                          ignore=config.ignore)
    # a pinned rule set (``rule-set``) and ``--preview-rule-set`` (linter.releases)
    from . import releases

    chosen, preview = releases.select(rules, chosen, select=select,
                                      extend_select=config.extend_select, ignore=config.ignore,
                                      pin=config.rule_set, preview_of=config.preview_rule_set)
    engine = Engine(chosen, options=config.options, severity=config.severity,
                    settings=config.settings())
    engine.preview = preview
    return engine


class _Settle(Plain):
    """What turns a file's raw findings into reported ones: its configuration's per-file
    ignores, then its suppression comments and annotations (``found``), then, for a rendered
    document, ``remap`` (rendered lines to the files written by hand, whose own
    suppressions it applies). Kept per file of the Kubernetes set, since cross-object
    findings arrive after the file itself was linted (so such a file reports its unused
    suppressions only at ``close``; a rendered one never does: what its source uses
    depends on every rendering of it).
    (A dataclass before: ``linter.plain``, start-up.)"""

    FIELDS = ("engine", "cfg", "config_path", "found", "deferred", "remap", "_first")
    __eq__ = object.__eq__  # eq=False: each is itself
    __hash__ = object.__hash__

    def __init__(self, engine: Engine | None, cfg: Config | None, config_path: str,
                 found: list, deferred: bool = False,
                 remap: Callable[[list[Finding], Report], list[Finding]] | None = None,
                 _first: bool = True) -> None:
        self.engine = engine
        self.cfg = cfg
        self.config_path = config_path
        self.found = found
        self.deferred = deferred
        self.remap = remap
        self._first = _first

    def __call__(self, path: str, findings: list[Finding], report: Report) -> None:
        engine, cfg = self.engine, self.cfg
        if cfg is not None and cfg.per_file_ignores:
            off = cfg.ignored_for(self.config_path)
            if off:
                findings = [f for f in findings if not (
                    f.code in engine.by_code and any(matches(engine.by_code[f.code], s)
                                                     for s in off))]
        if cfg is not None and cfg.exceptions:
            findings = self._except(findings, report)
        from . import suppress

        outcome = suppress.apply(
            findings, self.found, engine.by_code, path=path,
            require_reason=self._first and self.remap is None and bool(cfg and cfg.require_reason),
            report_unused=self._reports_unused and not self.deferred,
            locked=cfg.locked if cfg is not None else ())
        report.suppressed.extend(outcome.suppressed)
        report.suppression_reasons.extend(outcome.reasons)
        self._first = False
        kept = outcome.kept
        report.findings.extend(_preview(self.remap(kept, report) if self.remap and kept else kept,
                                        engine))

    def _except(self, findings: list[Finding], report: Report) -> list[Finding]:
        """The configuration's ``exceptions``: what they remove goes to ``report.excepted``
        with the reason. A rendered file's findings are matched on the file the object
        comes from (``config_path``), as they will be placed there."""
        cfg, kept = self.cfg, []
        for f in findings:
            rule = self.engine.by_code.get(f.code)
            entry = cfg.exception_for(f, rule, self.config_path if self.remap else None) \
                if rule is not None and not rule.name.endswith(("suppression", "exception")) \
                else None
            if entry is None:
                kept.append(f)
            else:
                if self.remap is not None and f.path != self.config_path:
                    # not placed on a template line (placing keeps what it places for the
                    # report): on the file, once for all the renders that produce it
                    f = f.replace(path=self.config_path, span=FILE_START)
                    if (f, entry.reason) in report.excepted:
                        continue
                report.excepted.append((f, entry.reason))
        return kept

    @property
    def _reports_unused(self) -> bool:
        return self.remap is None and "unused-suppression" in self.engine.by_name

    def close(self, path: str, report: Report, whole: bool = True) -> None:
        """Report the unused suppressions. ``whole``: the cross-object rules could judge the
        file (its directory was read whole); if not, a suppression of those rules alone is
        not called unused (pre-commit passing one file cannot tell)."""
        if not (self.deferred and self._reports_unused):
            return
        unused = [s for s in self.found if not s.used]
        if not whole:
            unused = [s for s in unused if not self._only_cross_object(s.selectors)]
        from . import suppress

        report.findings.extend(suppress.unused(unused, path))

    def _only_cross_object(self, selectors: list[str]) -> bool:
        chosen = [r for r in self.engine.rules if any(matches(r, sel) for sel in selectors)]
        return bool(chosen) and all(KubernetesSet in r.checks for r in chosen)


def _preview(findings: list[Finding], engine: Engine | None) -> list[Finding]:
    """``findings`` with those of the engine's preview rules marked (rules newer than the
    pinned rule set, or previewed with ``--preview-rule-set``): reported, never failing."""
    if engine is None or not engine.preview:
        return findings
    return [f.replace(preview=engine.preview[f.code])
            if f.code in engine.preview else f for f in findings]


def _suppressions(text: str, parsed: parse.ParsedFile) -> list:
    """The suppression comments and annotations written in a parsed file."""
    from . import suppress

    found = suppress.find(text, parsed.targets[0] if parsed.targets else None, parsed.kind)
    return found + suppress.from_annotations(
        _kube_objects(parsed.targets))


def _kube_objects(targets: list) -> list[KubeObject]:
    """The Kubernetes objects among ``targets``. The Kubernetes and Compose models are
    imported by the first file of their kind (``linter.parse``): until then no target is
    one, and a run over Dockerfiles never imports them (start-up, issue #14)."""
    tree = sys.modules.get("linter.kubernetes.tree")
    return [t for t in targets if isinstance(t, tree.KubeObject)] if tree is not None else []


@contextmanager
def _configured_templates(entries: Any) -> Iterator[None]:
    """``linter.kubernetes.configured_templates``, once the model is imported or when the
    configuration names templates (until then no object was built, and none is without)."""
    if not entries and "linter.kubernetes.tree" not in sys.modules:
        yield
        return
    from .kubernetes import configured_templates

    with configured_templates(entries):
        yield


class _Linter:
    """Lints files one by one under their configuration (engines cached per configuration),
    then the cross-object rules over the Kubernetes set of the run (``finish``)."""

    def __init__(self, engine: Engine | None, resolver: Resolver | None, keep_sources: bool,
                 projects: ComposeProjects | None = None):
        self.fixed = engine
        #: the Compose projects of the run: each Compose file gets its own before rules run
        self._projects = projects  # made when first needed: see ``projects``
        #: the Kustomize builds and the Helm charts of the run (each of their renders), made
        #: when first needed (``builds``, ``charts``): a run of files none of which is beside
        #: a kustomization imports no linter.render (start-up, issue #14)
        self._builds: render.Kustomizations | None = None
        #: whether a directory holds a kustomization, by directory (``is_patch``: asked for
        #: every file a run lints, three stats each without it); the builds share it
        self._kustomized: dict[str, bool] = {}
        self._beside: dict[str, bool] = {}  # directory as written -> has a kustomization
        self._charts: render.Charts | None = None
        self.by_version: dict[tuple[int, str], Engine] = {}  # engines judging a chart render
        #: images and the Dockerfiles they are built from (the checks across formats): made
        #: by the first file linted (``links``)
        self._links: Any = None
        #: what ``--verbose`` says about how files were linted
        self.notes: list[str] = []
        #: path components already reported as holding a secret
        self.secret_parts: set[str] = set()
        self.resolver = resolver
        self.rules = resolver.rules if resolver else (engine.rules if engine else [])
        self.engines: dict[int, Engine] = {}
        self.configs: list[Config] = []  # each configuration the run used (``uses``)
        self._used: set[int] = set()
        self.keep_sources = keep_sources
        #: how to settle findings on each file of the Kubernetes set (cross-object rules)
        self.settles: dict[str, _Settle] = {}
        self.suppressions: dict[str, list] = {}  # of files that renderings map findings into
        #: absolute paths of the files Kustomize builds linted (the walk must not again)
        self.built: set[str] = set()
        #: the real path of the file standard input stands for (``--stdin-filename``)
        self.replaced: str | None = None
        #: the run's ``linter.batch.Batch`` (``lint_paths``): the outcome may be cached
        self.batch: Any = None

    @property
    def projects(self) -> ComposeProjects:
        """The run's Compose projects, made by the first Compose file (a run without one
        does not import the Compose model: start-up, issue #14)."""
        if self._projects is None:
            from .compose.project import ComposeProjects

            self._projects = ComposeProjects()
        return self._projects

    @projects.setter
    def projects(self, value: ComposeProjects) -> None:
        self._projects = value

    @property
    def builds(self) -> render.Kustomizations:
        if self._builds is None:
            from .render import Kustomizations

            self._builds = Kustomizations(self.replaced, self._kustomized)
        return self._builds

    @property
    def charts(self) -> render.Charts:
        if self._charts is None:
            from .render import Charts

            self._charts = Charts()
        return self._charts

    def is_patch(self, path: str) -> bool:
        """``Kustomizations.is_patch``; without making the builds while no file of the run
        had a kustomization beside it (``is_patch`` is False then)."""
        if self._builds is None:
            # asked of every file before the first is linted: once per directory as
            # written (each file's absolute path was 3 ms of the corpus's serial start)
            where = os.path.dirname(path)
            beside = self._beside.get(where)
            if beside is None:
                beside = self._beside[where] = source.has_kustomization(
                    os.path.dirname(os.path.abspath(path)), self._kustomized)
            if not beside:
                return False
        return self.builds.is_patch(path)

    @property
    def links(self) -> Any:
        """The run's ``imagelinks.ImageLinks`` (not imported by a run answered by the cache)."""
        if self._links is None:
            from .imagelinks import ImageLinks

            self._links = ImageLinks()
        return self._links

    @links.setter
    def links(self, value: Any) -> None:
        self._links = value

    def engine(self, cfg: Config | None) -> Engine:
        if self.fixed is not None or cfg is None:
            return self.fixed  # type: ignore[return-value]
        eng = self.engines.get(id(cfg))
        if eng is None:
            eng = self.engines[id(cfg)] = engine_for(cfg, self.rules)
            self.uses(cfg)
        return eng

    def uses(self, cfg: Config | None) -> None:
        """Note a configuration the run used, without building its engine (a file answered
        by the cache needs none: its rules are not even imported, issue #14)."""
        if cfg is not None and self.fixed is None and id(cfg) not in self._used:
            self._used.add(id(cfg))
            self.configs.append(cfg)

    def config(self, path: str) -> Config | None:
        return self.resolver.for_path(path) if self.resolver else None

    def lint(self, src: source.SourceFile, explicit: bool, report: Report,
             kube_set: KubernetesSet, config_path: str | None = None,
             remap: Callable[[list[Finding], Report], list[Finding]] | None = None,
             scope: str = "", partial: bool = False,
             kubernetes_version: str | None = None) -> None:
        """Lint one file (or one rendered file: ``remap`` points its findings at the files
        written by hand, ``scope`` keeps its objects among themselves, see
        ``KubernetesSet``). ``partial``: the file is a patch (a Kustomize patch of a directory
        that was not built): its objects are partial, and only the rules that judge what is
        written run on them (``Rule.fragments``); the cross-object rules do not see them.
        ``kubernetes_version``: the version a chart render targets, which the rules judge
        the file against instead of the configuration's."""
        cfg = self.config(config_path or src.path)
        engine = self.engine(cfg)
        if kubernetes_version and engine is not None:
            engine = self.versioned(engine, kubernetes_version)
        with _configured_templates(cfg.pod_templates if cfg is not None else ()):
            parsed = parse.parse(src, explicit)  # custom resources' pod templates it names
        if remap is None:
            parsed.problems.extend(self._secret_in_path(src.path))
        if partial:
            for t in _kube_objects(parsed.targets):
                t.partial = True
            if parsed.kind == "kubernetes":
                self.notes.append(f"{src.path}: a Kustomize patch of a directory that was not "
                                  "built; linted as a partial object (only rules that judge "
                                  "what it writes run)")
        self.notes.extend(f"{src.path}: {t.fragment_note}" for t in _kube_objects(parsed.targets)
                          if not partial and t.fragment_note)
        report.files_checked += parsed.kind is not None or bool(parsed.problems)
        if parsed.kind is None and not parsed.problems and remap is None:
            report.skip("not a Dockerfile, Compose file or Kubernetes manifest")
        if parsed.kind == "compose":
            if self.replaced and src.path not in ("", "-") \
                    and _realpath(src.path) == self.replaced:
                self.projects.remember(parsed.targets[0])  # the buffer is what its project reads
            self.projects.attach(parsed.targets[0])
        self.links.collect(parsed.kind, parsed.targets, src.path, cfg.images if cfg else None,
                           cfg.root if cfg else "")
        findings = engine.run(src.path, parsed.targets, parsed.problems)
        found = _suppressions(src.text, parsed) if src.text is not None else []
        objects = [t for t in _kube_objects(parsed.targets) if not t.partial]
        kube_set.read.add(os.path.abspath(config_path or src.path))
        settle = _Settle(engine, cfg, config_path or src.path, found, deferred=bool(objects),
                         remap=remap)
        if objects:
            kube_set.add(objects, scope)
            self.settles[src.path] = settle  # for the cross-object findings, later
        before = len(report.findings)
        settle(src.path, findings, report)
        if self.keep_sources and remap is None and src.text is not None \
                and any(f.path == src.path for f in report.findings[before:]):
            report.sources[src.path] = src.text

    def _secret_in_path(self, path: str) -> list[Problem]:
        """A problem for each directory or file name of ``path`` that holds a secret, once a
        run (the secret itself is masked in every output, see ``secrets.mask_path``)."""
        from . import secrets

        out = []
        for part, detection in secrets.path_secrets(path):
            if part not in self.secret_parts:
                self.secret_parts.add(part)
                out.append(Problem("secret-in-path", f"a name in this file's path holds "
                                   f"{detection.description} ({detection.detector}); rename it "
                                   "and rotate the credential"))
        return out

    def settle_file(self, path: str, findings: list[Finding], report: Report) -> None:
        """Settle findings on a file that was not linted as such (a kustomization or Chart.yaml
        whose rendering failed) under its configuration and its suppression comments."""
        cfg = self.config(path)
        _Settle(self.engine(cfg), cfg, path, self.file_suppressions(path))(path, findings, report)

    def file_suppressions(self, path: str) -> list:
        """Suppression comments and annotations written in a file (read once per run)."""
        found = self.suppressions.get(path)
        if found is None:
            src = source.read(path)
            found = _suppressions(src.text, parse.parse(src, True)) if src.text else []
            self.suppressions[path] = found
        return found

    def finish(self, kube_set: KubernetesSet, report: Report) -> None:
        """Cross-object findings, what the Kustomize builds found, then the unused
        suppressions of the set's files."""
        batch = self.batch
        replayed = batch is not None and batch.replay(kube_set, report)
        if kube_set.objects and not replayed:
            self.lint_set(kube_set, report)
        self.lint_links(kube_set, report)
        for made in (self._builds, self._charts):  # (none: nothing was rendered)
            if made is not None:
                self.settle_placed(made.results(), report)
        for path, settle in self.settles.items():
            settle.close(path, report, whole=kube_set.complete_path(path))
        self.settles.clear()
        if batch is not None:
            batch.store(report)
        self.expired(report)
        self.refine(report)

    def expired(self, report: Report) -> None:
        """One ``expired-exception`` finding for each expired entry of the configurations
        the run used, on its line of the configuration file."""
        for cfg in self.configs:
            expired = cfg.expired_exceptions()
            rule = self.engine(cfg).by_name.get("expired-exception") if expired else None
            if rule is not None and expired:
                from .exceptions import expired_finding  # only then (start-up, issue #14)

                report.findings.extend(expired_finding(e, rule) for e in expired)
                report.files_checked += 1  # the configuration file, read for them
        self.configs.clear()
        self._used.clear()


    def lint_set(self, kube_set: KubernetesSet, report: Report) -> None:
        """Run the cross-object rules over every object of the run. Each engine that linted
        a file of the set runs once; a finding is kept when it comes from the engine of the
        file it points at, then that file's ignores and suppressions apply. A cross-object
        check that fails is reported against the first file of the set, always."""
        engines: dict[int, Engine] = {}
        for settle in self.settles.values():
            engines.setdefault(id(settle.engine), settle.engine)
        first = kube_set.objects[0].path
        for eng in engines.values():
            if eng.wants(KubernetesSet):
                self._settle_owned(eng, eng.run(first, [kube_set]), report)

    def lint_links(self, kube_set: KubernetesSet, report: Report) -> None:
        """The checks across formats (``linter.imagelinks``): Kubernetes containers and
        Compose builds judged with the facts of the Dockerfiles their images are built from
        (a linked Dockerfile the run did not lint is read here). Each finding is kept from
        the engine of the file it points at and settled as that file's (the findings it
        refines at its place are removed once the run's findings are all in: ``refine``)."""
        links = self._links
        if links is None or not links.linked:
            return
        from . import imagelinks

        for path in sorted(links.wanted() - links.dockerfiles.keys()):
            src = source.read(path) if os.path.isfile(path) else None
            parsed = parse.parse(src, True) if src is not None and src.text is not None else None
            if parsed is not None and parsed.kind == "dockerfile":
                from .render import near

                links.dockerfiles[path] = (parsed.targets[0], near(path, True))
        links.kube = kube_set
        targets = [imagelinks.KubernetesImages(links), imagelinks.ComposeBuilds(links)]
        engines = ([self.fixed] if self.fixed is not None else list(self.engines.values())) \
            + list(self.by_version.values())
        for eng in engines:
            if any(eng.wants(type(t)) for t in targets):
                self._settle_owned(eng, eng.run(kube_set.objects[0].path if kube_set.objects
                                                else "", targets), report, unlinted=True)

    def _settle_owned(self, eng: Engine, findings: list[Finding], report: Report,
                      unlinted: bool = False) -> None:
        """Settle what a pass across files found with ``eng``, each finding as the file it
        points at would, when ``eng`` is that file's engine (the one that linted it;
        ``unlinted``: for a file the run did not lint, the one its configuration gives, and
        the rest is dropped). Without ``unlinted``, an internal error on a file ``eng`` does
        not own is reported as it is."""
        by_path: dict[str, list[Finding]] = {}
        for f in findings:
            by_path.setdefault(f.path, []).append(f)
        internal = CORE_RULES["internal-error"].code
        for path, found in by_path.items():
            settle = self.settles.get(path)
            if settle is not None and settle.engine is eng:
                settle(path, found, report)
            elif unlinted:
                if settle is None and self.engine(self.config(path)) is eng:
                    self.settle_file(path, found, report)
            else:
                report.findings.extend(f for f in found if f.code == internal)

    def refine(self, report: Report) -> None:
        """Drop each finding that a finding of a rule refining it (``Rule.refines``: a
        check across formats that says more about the same value) reports at its place.
        Done on the whole report, last: the findings of either may come from a cache."""
        # by the codes found alone: the findings of a run answered by the cache need no rule
        # imported (``LazyRules.about``, issue #14)
        refining = {code: facts[0] for code, facts in
                    rule_facts(self.rules, {f.code for f in report.findings}).items() if facts[0]}
        refined = {(f.path, f.span, code) for f in report.findings
                   for code in refining.get(f.code, ())}
        if refined:
            report.findings = [f for f in report.findings
                               if (f.path, f.span, f.code) not in refined]

    def versioned(self, engine: Engine, version: str) -> Engine:
        """``engine`` judging manifests against Kubernetes ``version`` (a chart render's)."""
        key = (id(engine), version)
        found = self.by_version.get(key)
        if found is None:
            import copy  # only for a chart render (copy imports weakref: start-up, #14)

            found = self.by_version[key] = copy.copy(engine)
            found.settings = {**engine.settings, "kubernetes-version": version}
        return found

    def lint_rendering(self, rendering: render.Rendering | None, report: Report,
                       kube_set: KubernetesSet) -> None:
        """Lint what a chart or kustomization renders, each file as the files it comes from
        (``linter.render``); a rendering that failed gives its one finding on its unit (and
        each render of a chart that failed, one)."""
        if rendering is None:
            return
        report.files_checked += 1
        unit = rendering.unit
        for problem in [rendering.problem] + rendering.failed:
            if problem is not None:
                self.settle_file(unit, self.engine(self.config(unit)).run(unit, [], [problem]),
                                 report)
        if rendering.problem is not None:
            return
        kube_set.read.update(rendering.read)
        self.built.update(rendering.built)
        for rf in rendering.files:
            self.lint(rf.source, True, report, kube_set, config_path=rf.config_path,
                      remap=lambda fs, _r, place=rf.place: place(fs), scope=rf.scope,
                      kubernetes_version=rf.kubernetes_version)

    def settle_placed(self, findings: list[Finding], report: Report) -> None:
        """Findings the Kustomize builds placed on the files written by hand, under those
        files' configuration (a base the configuration excludes, built through an overlay,
        says nothing) and suppression comments."""
        by_path: dict[str, list[Finding]] = {}
        for f in findings:
            cfg = self.config(f.path)
            if cfg is None or not cfg.is_excluded(f.path):
                by_path.setdefault(f.path, []).append(f)
        for path, mine in by_path.items():
            cfg = self.config(path)
            from . import suppress

            outcome = suppress.apply(mine, self.file_suppressions(path),
                                     self.engine(cfg).by_code, path=path,
                                     locked=cfg.locked if cfg is not None else ())
            report.suppressed.extend(outcome.suppressed)
            report.suppression_reasons.extend(outcome.reasons)
            report.findings.extend(_preview(outcome.kept, self.engine(cfg)))


def _chart_or_file(path: str) -> str:
    """``path``, or the chart directory when it is a file of a Helm chart (see
    ``source.chart_of``), as the user named it (relative stays relative)."""
    if os.path.isdir(path):
        return path
    chart = source.chart_of(path)
    if chart is None:
        return path
    return chart if os.path.isabs(path) else os.path.relpath(chart)


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
            # what was made since the last collection goes to the oldest generation too
            # (frozen, then unfrozen): else the first collection after ``enable`` scans all
            # of it at once (0.9 s after a 100,000-line Dockerfile, issue #14)
            gc.freeze()
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
               keep_sources: bool = False, compose_files: list[str] | None = None,
               respect_gitignore: bool = False, progress: Any = None, jobs: int = 1,
               cache: Any = None) -> Report:
    """Lint files and directories.

    ``engine``: run exactly these rules everywhere (no configuration files); otherwise each
    file gets the configuration ``resolver`` finds for it (default: discovery from the files).
    ``-`` in ``paths`` reads ``stdin`` (bytes) reported as ``stdin_filename``, which also
    decides its configuration. A missing path gives an ``unreadable-file`` finding.
    ``ignore_unknown`` treats named files like walked ones: files of other kinds pass quietly.
    Configured ``exclude`` globs prune the walk; files named explicitly are linted anyway
    unless ``force_exclude`` (as pre-commit passes every file by name).
    ``progress``: told the files to lint (``progress.start(paths)``) and each one done
    (``progress.done(path, findings, final)``: its findings so far, and whether they are all
    it will get: not when cross-object rules or a rendering may add some at the end).
    ``respect_gitignore``: a directory walk leaves out what the ``.gitignore`` files of its
    git work tree leave out (files named explicitly are linted anyway).
    ``compose_files``: Compose files that form one project, in ``-f`` order (they are
    merged as Compose merges them; name them in ``paths`` too to lint them).
    ``jobs``: lint the files on this many processes; ``cache``: a ``linter.cache.Cache`` to
    read answers from and store them in (see ``linter.batch``: the report is the same).
    """
    source.forget_real_paths()
    if engine is None and resolver is None:
        resolver = Resolver(load_rules())
    linter = _Linter(engine, resolver, keep_sources)
    if compose_files:  # else made by the first Compose file (see ``_Linter.projects``)
        from .compose.project import ComposeProjects

        linter.projects = ComposeProjects([compose_files])
    report = Report()
    kube_set = KubernetesSet()

    def excluded(path: str) -> bool:
        cfg = linter.config(path)
        return cfg is not None and cfg.is_excluded(path)

    def pruned(path: str) -> bool:
        out = excluded(path)
        if out:  # left out on purpose: its directory still counts as read whole
            kube_set.read.add(os.path.abspath(path))
            report.skip("excluded by the configuration")
        return out

    def ignored(path: str) -> None:
        report.skip("ignored by .gitignore")

    def unreadable(path: str, why: str) -> None:  # a directory a walk cannot list
        shown = source.display_path(path)
        linter.settle_file(shown, linter.engine(linter.config(shown)).run(shown, [], [Problem(
            "unreadable-file", f"cannot read directory: {why}; its files are not linted")]),
            report)
        report.files_checked += 1

    # standard input under a file's name stands for that file (an editor's unsaved buffer)
    replaced = _realpath(stdin_filename) if "-" in paths and stdin_filename else None
    linter.replaced = replaced  # (before ``linter.builds`` is made: it is told)
    with _few_collections() as collect:
        if "-" in paths:  # first: a buffer standing for a file is what its project reads
            src = source.from_stdin(stdin or b"", stdin_filename)
            where = stdin_filename or os.path.join(os.getcwd(), "-")
            if not (force_exclude and stdin_filename and excluded(stdin_filename)):
                linter.lint(src, not ignore_unknown, report, kube_set, config_path=where)
        # a chart's template named on its own is linted as the chart renders (once)
        named = list(dict.fromkeys(_chart_or_file(p) for p in paths if p != "-"))
        batched = "-" not in paths and engine is None  # the files go through linter.batch
        workers: Any = None
        found = None
        sizes: dict[str, int] | None = None  # of the files walked (``linter.batch``)
        if batched and jobs > 1:
            sizes = {}
            from .batch import POOL_FROM, Workers

            def found(n: int) -> None:  # the workers start while the walk goes on
                nonlocal workers
                if n == POOL_FROM:
                    workers = Workers(linter, min(jobs, POOL_FROM + 1), Report)

        try:  # the workers end with the run, whatever happens (``Batch.close``)
            walked = list(discovery.iter_files(named, prune=pruned if resolver else None,
                                               gitignore=respect_gitignore,
                                               on_ignored=ignored, on_unreadable=unreadable,
                                               on_found=found, sizes=sizes))
            # charts and Kustomize directories (the walk yields them first), asked once
            dirs: dict[str, None] = {}  # (in walk order)
            for p, _ in walked:
                if not os.path.isdir(p):
                    break
                dirs[p] = None
            planned = [p for p in dirs if not source.is_chart(p)]
            if planned:  # (none: nothing to plan, the common run over files)
                linter.builds.plan(planned)
            if progress is not None:
                progress.start([p for p, _ in walked])
            rendering = bool(dirs)  # may add findings to any file
            batch = None
            # through linter.batch even on one process: it keeps no Dockerfile tree the image
            # links do not name, so memory grows with the largest file, not the number of files
            if batched:
                from .batch import Batch

                batch = Batch(linter, [(p, explicit and not ignore_unknown, linter.is_patch(p))
                                       for p, explicit in walked if p not in dirs
                                       and not (explicit and force_exclude and excluded(p))],
                              cache, (ignore_unknown, force_exclude, keep_sources,
                                      compose_files), plain=not rendering,
                              new_report=Report, workers=workers, sizes=sizes)
                linter.batch = batch
            collected = 0  # files linted here at the last collection
            for n, (path, explicit) in enumerate(walked):
                if explicit and force_exclude and excluded(path):
                    if progress is not None:
                        progress.done(path, [], True)
                    continue
                if path in dirs:  # a Helm chart or a Kustomize directory
                    cfg = linter.config(path)
                    linter.lint_rendering(linter.charts.render(path, cfg.renders_for(path) if cfg
                                                               else None) if source.is_chart(path)
                                          else linter.builds.render(path), report, kube_set)
                    if progress is not None:
                        progress.done(path, [], False)
                    continue
                real = _realpath(path)
                if real in linter.built or real == replaced:
                    if real in linter.built:
                        report.skip("linted through a Kustomize build")
                    if progress is not None:
                        progress.done(path, [], False)
                    continue  # linted as part of a Kustomize build, or given on standard input
                # a patch of a directory that was not built (kustomize missing or failing) is a
                # partial object: linted for what it writes, not for what it leaves out
                before = len(report.findings)
                if batch is not None:
                    shown = batch.lint(path, report, kube_set)
                else:
                    src = source.read(path)
                    linter.lint(src, explicit and not ignore_unknown, report,
                                kube_set, config_path=path, partial=linter.is_patch(path))
                    shown = src.path
                if progress is not None:
                    progress.done(path, [f for f in report.findings[before:] if f.path == shown],
                                  not rendering and shown not in linter.settles)
                # every 256 files this process linted (a worker's results, taken in, leave
                # little for the collector: a collection per 256 of them cost the run with
                # --jobs 2 a tenth of its own time, issue #14)
                here = batch.linted if batch is not None else n + 1
                if here - collected >= 256:
                    collect()
                    collected = here
            if batch is not None:
                batch.close()
        finally:
            if workers is not None:
                workers.close()
        linter.finish(kube_set, report)
    report.notes = linter.notes
    if keep_sources:  # findings of cross-object rules and renderings: the files on disk
        for path in {f.path for f in report.findings} - set(report.sources):
            if os.path.isfile(path):
                text = source.read(path).text
                if text is not None:
                    report.sources[path] = text
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def lint_buffer(path: str, text: str, *, resolver: Resolver,
                buffers: dict[str, str] | None = None,
                context: Callable[[], Iterator[tuple[str, list[KubeObject]]]] | None = None
                ) -> Report:
    """Lint an editor's buffer (the language server, ``linter.lsp``): ``text``, unsaved, stands
    for the file ``path`` as ``lint_paths(["-"], stdin=..., stdin_filename=path,
    ignore_unknown=True, force_exclude=True)`` would lint it: under that file's
    configuration and suppressions, silent on a file of another kind or one the
    configuration excludes. What the editor knows of the rest of the workspace comes in:

    ``buffers``: the other unsaved buffers by path; a Compose file among them is what its
    project reads instead of the file on disk (``ComposeProjects.remember``).
    ``context``: called only when the buffer holds Kubernetes objects and a cross-object rule
    runs: yields ``(path, objects)`` for the workspace's other YAML files (objects may be
    empty: the file still counts as read, see ``KubernetesSet.complete``). The cross-object
    rules see those objects; findings on those files are not reported.
    """
    source.forget_real_paths()
    linter = _Linter(None, resolver, False)
    report = Report()
    kube_set = KubernetesSet()
    cfg = linter.config(path)
    if cfg is not None and cfg.is_excluded(path):
        return report
    linter.replaced = _realpath(path)
    for other, other_text in (buffers or {}).items():
        if _realpath(other) != linter.replaced and discovery.kind_by_name(other) == "yaml":
            parsed = parse.parse(source.decode(source.display_path(other),
                                               other_text.encode("utf-8", "replace")), False)
            if parsed.kind == "compose":
                linter.projects.remember(parsed.targets[0])
    src = source.decode(source.display_path(path), text.encode("utf-8", "replace"))
    linter.lint(src, False, report, kube_set, config_path=path)
    if src.path in linter.settles and context is not None \
            and linter.settles[src.path].engine.wants(KubernetesSet):
        for other, objects in context():
            if _realpath(other) == linter.replaced:
                continue
            kube_set.read.add(os.path.abspath(other))
            if objects:
                kube_set.add(objects)
    linter.finish(kube_set, report)
    report.findings.sort(key=lambda f: f.sort_key)
    return report
