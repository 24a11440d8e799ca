"""Rendering: the stage between reading and linting for what is deployed as a build.

A Helm chart is deployed as ``helm template`` renders it, a Kustomize directory as
``kustomize build`` builds it. This stage renders them (``linter.helm``, ``linter.kustomize``)
and hands the pipeline ``RenderedFile`` objects: the rendered YAML of one source file, under
a key path that keeps it apart from the file on disk, with the function that places each of
its findings back on the files written by hand (``linter.rendered``: by structure for
Kustomize, by text for Helm templates). The pipeline lints them like any file and settles
the placed findings under those files' configuration and suppressions.

``Kustomizations`` builds only the kustomizations no other one builds on, and keeps what
its builds found until the run ends, so a problem reached through several builds is one
finding on the line that wrote it. ``Charts`` does the same for the renders of a Helm chart
(the configuration's ``charts``): a finding on a template line is reported once, naming
the renders that produce it, and one in a Helm test hook says so.
"""

from __future__ import annotations

import functools
import os

# linter.helm and linter.kustomize where a chart or a directory is rendered: a run of files
# alone makes its Charts and Kustomizations but renders nothing (start-up, issue #14)
from . import source
from .findings import Finding, Problem, Span
from .plain import Plain
from .source import realpath as _realpath

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable, Hashable, Iterable

    Place = Callable[[list[Finding]], list[Finding]]


class RenderedFile(Plain):
    """The rendered YAML of one source file: ``source`` (under a key path), the path whose
    configuration applies (``config_path``), the ``KubernetesSet`` scope its objects share,
    and ``place``: rendered findings to findings on the files written by hand (Kustomize
    keeps them until the run ends, see ``Kustomizations.results``). (A dataclass before:
    ``linter.plain``, start-up: every run imports this module.)"""

    FIELDS = ("source", "config_path", "scope", "place", "kubernetes_version")

    def __init__(self, source: source.SourceFile, config_path: str, scope: str, place: Place,
                 kubernetes_version: str | None = None) -> None:
        self.source = source
        self.config_path = config_path
        self.scope = scope
        self.place = place
        #: the Kubernetes version its render targets (the rules judge it against that one)
        self.kubernetes_version = kubernetes_version


class Rendering(Plain):
    """What rendering one chart or kustomization gave: ``unit`` the file a failure is
    reported on (``Chart.yaml``, ``kustomization.yaml``), ``files`` the rendered files,
    ``problem`` why it could not be rendered, ``read`` the absolute paths it read (they count
    as read whole for the cross-object rules), ``built`` the real paths linted through it
    (the walk must not lint them again), ``failed`` why some renders of a chart could not be
    rendered while others were (one problem each). (A dataclass before: ``linter.plain``.)"""

    FIELDS = ("unit", "files", "problem", "failed", "read", "built")

    def __init__(self, unit: str, files: list[RenderedFile] | None = None,
                 problem: Problem | None = None, failed: list[Problem] | None = None,
                 read: set[str] | None = None, built: set[str] | None = None) -> None:
        self.unit = unit
        self.files = [] if files is None else files  # a new list or set each
        self.problem = problem
        self.failed = [] if failed is None else failed
        self.read = set() if read is None else read
        self.built = set() if built is None else built


class Charts:
    """The Helm charts of one run.

    A chart is rendered as each of the renders the configuration's ``charts`` lists for it
    (``helm.Render``), or once with its default values. Each rendered document is linted as
    its template file, each render apart from the others (its objects are a scope of their
    own, judged against its Kubernetes version); every finding is placed on the template
    line (``linter.rendered``, by text) and kept until the run ends, so one that several
    renders produce is one finding naming them (``results``)."""

    def __init__(self) -> None:
        self.count = 0  # rendered files so far (keys them)
        #: (code, path, span[, message]) -> [finding, labels of its renders, test hook,
        #: the rendered line when it could not be placed]
        self.placed: dict[tuple, list] = {}

    def render(self, chart_dir: str, renders: list[dict[str, Any]] | None = None) -> Rendering:
        """Render ``chart_dir`` as ``renders`` (configuration entries; ``None``: once, with
        its default values)."""
        from . import helm

        out = Rendering(source.display_path(os.path.join(chart_dir, source.CHART_FILE)))
        hows = [helm.Render.from_config(e) for e in renders] if renders else [None]
        labels = [h.label(i) for i, h in enumerate(hows) if h is not None] or [None]
        if len(set(labels)) != len(labels):  # two unnamed renders of the same files
            labels = [f"{lb} (#{i + 1})" for i, lb in enumerate(labels)]
        for how, label in zip(hows, labels):
            docs, problem = helm.render(chart_dir, how, label)
            if problem is not None:
                out.failed.append(problem)
                if helm.helm_program() is None:
                    break  # no helm: one problem for the chart
                continue
            scope = f"helm:{os.path.abspath(chart_dir)}" + (f"#{label}" if label else "")
            groups = by_file(((doc.template, doc.test), doc.text) for doc in docs)
            for (template, test), text in groups.items():
                path = source.display_path(template)
                key = path
                if label is not None or test:  # a key per render: each is linted apart
                    self.count += 1
                    stem, ext = os.path.splitext(path)
                    key = f"{stem}.render-{self.count}{ext if ext in ('.yaml', '.yml') else '.yaml'}"
                out.files.append(RenderedFile(
                    source.SourceFile(key, text), path, scope,
                    functools.partial(self._place, rendered=text, template=template,
                                      label=label, test=test),
                    how.kubernetes_version if how is not None else None))
        if not out.files and out.failed:
            out.problem = out.failed.pop(0)
            return out
        for dirpath, _, names in os.walk(chart_dir):  # a chart renders whole: all of it is read
            out.read.update(os.path.abspath(os.path.join(dirpath, n)) for n in names)
        return out

    def _place(self, findings: list[Finding], *, rendered: str, template: str,
               label: str | None, test: bool) -> list[Finding]:
        """Place a render's findings on its templates and keep them for ``results``;
        returns nothing now."""
        from .rendered import place_by_text  # not for a run that renders nothing: start-up

        for f, path, span, unplaced in place_by_text(findings, rendered, [template]):
            f = f.replace(path=source.display_path(path), span=span)
            key: tuple = (f.code, f.path, f.span) if unplaced is None else \
                (f.code, f.path, f.span, f.message)
            kept = self.placed.setdefault(key, [f, [], False, unplaced])
            if label not in kept[1]:
                kept[1].append(label)
            kept[2] = kept[2] or test
        return []

    def results(self) -> list[Finding]:
        """Every placed finding once, saying which renders produce it."""
        out = []
        for f, labels, test, unplaced in self.placed.values():
            what = _renders(labels) + ("; a Helm test hook" if test else "")
            if unplaced is not None:
                what += f", rendered line {unplaced}"
            out.append(f.replace(message=_said(f"{f.message} (in {what})")))
        self.placed = {}
        return out


def _renders(labels: list[str | None]) -> str:
    named = [lb for lb in labels if lb is not None]
    if not named:
        return "the rendered chart"
    shown = [f"'{lb}'" for lb in named]
    if len(shown) == 1:
        return f"render {shown[0]} of the chart"
    shown = shown if len(shown) <= 3 else shown[:2] + [f"{len(shown) - 2} more"]
    return f"renders {', '.join(shown[:-1])} and {shown[-1]} of the chart"


class Kustomizations:
    """The Kustomize builds of one run.

    Only the kustomizations no other one of the run builds on are built (a base or a
    component is linted through the builds that use it, as it is deployed); each finding
    is placed on the file and line that wrote the value (``linter.kustomize_placement``) and
    kept until the run ends, so that one problem reached through several builds is one
    finding that names them all. ``replaced``: the real path of a file standard input
    stands for (its directory is then linted file by file)."""

    def __init__(self, replaced: str | None = None, beside: dict[str, bool] | None = None):
        self.replaced = replaced
        self._placer: Any = None  # made when first needed: see ``placer``
        self.count = 0  # builds so far (keys their rendered files)
        self.skipped: set[str] = set()  # kustomizations other ones build on
        self.failed: set[str] = set()  # directories that could not be built
        #: (code, path, span[, message]) -> [finding, labels of the builds that reach it]
        self.placed: dict[tuple, list] = {}
        #: directory -> whether it holds a kustomization (asked once a file: once a directory);
        #: ``beside``: the run's own (``runner._Linter.is_patch`` asks before any build is made)
        self._beside: dict[str, bool] = {} if beside is None else beside

    @property
    def placer(self) -> Any:
        """The run's ``kustomize_placement.Placer``: made (and the YAML model imported) only
        when a directory or a file beside a kustomization is in play (start-up, issue #14)."""
        if self._placer is None:
            from .kustomize_placement import Placer

            self._placer = Placer()
        return self._placer

    def plan(self, directories: list[str]) -> None:
        """Know every kustomization the walk found before building any."""
        if directories:  # (none: nothing to place, the common one-file run)
            self.skipped = {os.path.abspath(d) for d in self.placer.referenced(directories)}

    def render(self, directory: str) -> Rendering | None:
        """Build ``directory``; ``None`` when it is not to be built (another kustomization
        of the run builds on it, or a buffer on standard input stands for one of its
        files)."""
        if os.path.abspath(directory) in self.skipped:
            return None
        from . import kustomize

        kfile = source.kustomization_file(directory) or directory
        out = Rendering(source.display_path(kfile))
        layer = self.placer.layer(directory)
        named = {_realpath(p) for sub in (layer.walk() if layer else [])
                 for p in sub.named | {sub.file}}
        if self.replaced in named:
            return None  # an editor's buffer stands for one of its files: lint them one by one
        objects, out.problem = kustomize.render(directory)
        if out.problem is not None:
            self.failed.add(os.path.abspath(directory))
            return out
        from .secrets import mask_path

        label = mask_path(source.display_path(directory))  # said in messages (``_said``)
        relative = not os.path.isabs(directory)
        out.built.update(named)
        # by the real file (a base reached through a link is one file)
        by_origin = by_file((_realpath(obj.origin) if obj.origin
                             else os.path.abspath(kfile), obj.text) for obj in objects)
        for odir in {os.path.dirname(origin) for origin in by_origin}:
            out.read.update(_names(odir))  # what a build read counts as read whole
        for origin, text in by_origin.items():
            out.built.add(origin)
            shown_origin = near(origin, relative)
            # one key per build and file, with the file's suffix so it is read as YAML;
            # placing reports the real path
            self.count += 1
            stem, ext = os.path.splitext(shown_origin)
            key = f"{stem}.kustomize-{self.count}{ext if ext in ('.yaml', '.yml') else '.yaml'}"
            place = functools.partial(self._place, rendered=text, origin=origin,
                                      build=os.path.abspath(directory), label=label,
                                      relative=relative)
            out.files.append(RenderedFile(source.SourceFile(key, text), shown_origin,
                                          f"kustomize:{label}", place))
        return out

    def is_patch(self, path: str) -> bool:
        """Whether the kustomization of ``path``'s directory uses it as a patch: a partial
        object, never a manifest of its own."""
        full = os.path.abspath(path)
        directory = os.path.dirname(full)
        beside = source.has_kustomization(directory, self._beside)
        if self._placer is None and not beside:
            return False  # no kustomization beside it (what ``Placer.layer`` finds first)
        layer = self.placer.layer(os.path.dirname(full))
        return layer is not None and any(p.file == full for p in layer.patches)

    def _place(self, findings: list[Finding], *, rendered: str, origin: str, build: str,
               label: str, relative: bool) -> list[Finding]:
        """Place a build's findings and keep them for ``results``; returns nothing now."""
        from .yaml import YMapping, load

        docs = load(rendered)[0]
        lines = rendered.splitlines()
        for f in findings:
            doc = next((d for d in docs if isinstance(d.root, YMapping)
                        and d.span.line <= f.span.line <= d.span.end_line), None)
            where = self.placer.place(build, origin, doc.root, f.span.line, f.span.column) \
                if doc is not None else None
            if where is not None:
                path, sp = where
                if sp.end_line != sp.line:  # a block: its first line
                    text = self.placer.line(path, sp.line)
                    sp = Span(sp.line, sp.column, sp.line, max(len(text) + 1, sp.column + 1))
                f = f.replace(path=near(path, relative), span=sp)
                place: tuple = (f.code, f.path, f.span)
            else:  # the origin cannot be read: say which rendered line it was
                f = f.replace(path=near(origin, relative), span=Span(1, 1, 1, 2),
                    message=f"{f.message} (rendered line {f.span.line}: "
                            f"{lines[f.span.line - 1].strip()[:60] if f.span.line <= len(lines) else ''})")
                place = (f.code, f.path, f.span, f.message)
            if self.replaced and _realpath(f.path) == self.replaced:
                continue  # the file is given on standard input, and linted from there
            kept = self.placed.setdefault(place, [f, []])
            if label not in kept[1]:
                kept[1].append(label)
        return []

    def results(self) -> list[Finding]:
        """Every placed finding once, saying which builds reach it."""
        out = []
        for f, labels in self.placed.values():
            out.append(f.replace(message=_said(f"{f.message} ({_builds(labels)})")))
        self.placed = {}
        return out


def _said(message: str) -> str:
    """A placed finding's message, which now names builds or renders by their directories
    and may quote a rendered line: scrubbed as the engine scrubs every message, so a token
    in a directory name or a value is never printed (``engine.scrub``; a directory that
    holds one is named as ``secrets.mask_path`` masks it)."""
    from .engine import scrub

    return scrub(message)


def _builds(labels: list[str]) -> str:
    if len(labels) == 1:
        return f"in the kustomize build of {labels[0]}"
    shown = labels if len(labels) <= 3 else labels[:2] + [f"{len(labels) - 2} more"]
    return f"in the kustomize builds of {', '.join(shown[:-1])} and {shown[-1]}"


def by_file(documents: Iterable[tuple[Hashable, str]]) -> dict[Any, str]:
    """Rendered documents ``(file they come from, text)`` joined into one YAML stream per
    file (a template, or a resource file, may render several)."""
    out: dict[Any, list[str]] = {}
    for path, text in documents:
        out.setdefault(path, []).append(text if text.endswith("\n") else text + "\n")
    return {path: "---\n".join(texts) for path, texts in out.items()}


def _names(directory: str) -> list[str]:
    try:
        return [os.path.abspath(os.path.join(directory, n)) for n in os.listdir(directory)]
    except OSError:
        return []


def near(path: str, relative: bool) -> str:
    """``path`` relative to the working directory when the user named paths that way."""
    if relative and os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # Windows: another drive
            rel = ".."
        if not rel.startswith(".."):
            path = rel
    return source.display_path(path)
