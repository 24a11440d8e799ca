"""Rendering: the stage between reading and linting for what is deployed as a build.

A Helm chart is deployed as ``helm template`` renders it, a Kustomize directory as
``kustomize build`` builds it. This stage renders them (``linter.helm``, ``linter.kustomize``)
and hands the pipeline ``RenderedFile`` objects: the rendered YAML of one source file, under
a key path that keeps it apart from the file on disk, with the function that places each of
its findings back on the files written by hand (``linter.rendered``: by structure for
Kustomize, by text for Helm templates). The pipeline lints them like any file and settles
the placed findings under those files' configuration and suppressions.

A base is built alone and with each overlay; ``Kustomizations`` remembers across the builds
of one run which findings it has placed, so each is reported once.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

from . import helm, kustomize, source
from .findings import Finding, Problem

Place = Callable[[list[Finding]], list[Finding]]


@dataclass
class RenderedFile:
    """The rendered YAML of one source file: ``source`` (under a key path), the path whose
    configuration applies (``config_path``), the ``KubernetesSet`` scope its objects share,
    ``place`` (rendered findings to findings on the files written by hand) and whether the
    suppression comments of those files still have to be applied to what ``place`` returns
    (``in_sources``: Kustomize; Helm's rendered text carries the template's comments)."""

    source: source.SourceFile
    config_path: str
    scope: str
    place: Place
    in_sources: bool = False


@dataclass
class Rendering:
    """What rendering one chart or kustomization gave: ``unit`` the file a failure is
    reported on (``Chart.yaml``, ``kustomization.yaml``), ``files`` the rendered files,
    ``problem`` why it could not be rendered, ``read`` the absolute paths it read (they count
    as read whole for the cross-object rules), ``built`` the real paths linted through it
    (the walk must not lint them again)."""

    unit: str
    files: list[RenderedFile] = field(default_factory=list)
    problem: Problem | None = None
    read: set[str] = field(default_factory=set)
    built: set[str] = field(default_factory=set)


def render_chart(chart_dir: str) -> Rendering:
    """Render a Helm chart; each rendered document is linted as its template file."""
    out = Rendering(source.display_path(os.path.join(chart_dir, helm.CHART_FILE)))
    docs, out.problem = helm.render(chart_dir)
    if out.problem is not None:
        return out
    for dirpath, _, names in os.walk(chart_dir):  # a chart renders whole: all of it is read
        out.read.update(os.path.abspath(os.path.join(dirpath, n)) for n in names)
    for template, text in by_file((doc.template, doc.text) for doc in docs).items():
        path = source.display_path(template)
        out.files.append(RenderedFile(
            source.SourceFile(path, text), path, f"helm:{os.path.abspath(chart_dir)}",
            functools.partial(helm.map_back, rendered=text, template_path=template)))
    return out


class Kustomizations:
    """The Kustomize builds of one run. ``replaced``: the real path of a file standard input
    stands for (its directory is then linted file by file)."""

    def __init__(self, replaced: str | None = None):
        self.replaced = replaced
        self.count = 0  # builds so far (keys their rendered files)
        self.seen: dict[tuple, str] = {}  # (code, path, span) -> the first build placing it

    def render(self, directory: str) -> Rendering | None:
        """Build ``directory``; ``None`` when it is not to be built (a buffer on standard
        input stands for one of its files)."""
        kfile = kustomize.kustomization_file(directory) or directory
        out = Rendering(source.display_path(kfile))
        named = {os.path.realpath(p) for p in kustomize.named_files(directory)}
        if self.replaced in named:
            return None  # an editor's buffer stands for one of its files: lint them one by one
        objects, out.problem = kustomize.render(directory)
        if out.problem is not None:
            return out
        label = source.display_path(directory)
        searched = [os.path.realpath(p) for p in kustomize.patch_files(directory)]
        relative = not os.path.isabs(directory)
        out.built.update(named)
        # by the real file (a base reached through a link is one file)
        by_origin = by_file((os.path.realpath(obj.origin) if obj.origin
                             else os.path.abspath(kfile), obj.text) for obj in objects)
        for odir in {os.path.dirname(origin) for origin in by_origin}:
            out.read.update(_names(odir))  # what a build read counts as read whole
        for origin, text in by_origin.items():
            out.built.add(origin)
            shown_origin = near(origin, relative)
            # one key per build and file (a base is built with each overlay), with the
            # file's suffix so it is read as YAML; placing reports the real path
            self.count += 1
            stem, ext = os.path.splitext(shown_origin)
            key = f"{stem}.kustomize-{self.count}{ext if ext in ('.yaml', '.yml') else '.yaml'}"
            place = functools.partial(self._place, rendered=text, sources=[origin, *searched],
                                      label=label, relative=relative)
            out.files.append(RenderedFile(source.SourceFile(key, text), shown_origin,
                                          f"kustomize:{label}", place, in_sources=True))
        return out

    def _place(self, findings: list[Finding], *, rendered: str, sources: list[str], label: str,
               relative: bool) -> list[Finding]:
        """A build's findings on their files; the first build to report a rule at a place
        keeps it (a base is built alone and with each overlay: later ones differ at most in
        the names they print); a finding that could not be placed is told apart by its
        message. Files standing for standard input are left out (linted from there)."""
        from .rendered import map_back

        out = []
        what = f"the kustomize build of {label}"
        for f in map_back(findings, rendered, sources, what, structural=True):
            f = dataclasses.replace(f, path=near(f.path, relative))
            if self.replaced and os.path.realpath(f.path) == self.replaced:
                continue  # the file is given on standard input, and linted from there
            place = (f.code, f.path, f.span) + (
                (f.message.replace(what, ""),) if ", rendered line " in f.message else ())
            if self.seen.setdefault(place, label) == label:
                out.append(f)
        return out


def by_file(documents: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Rendered documents ``(file they come from, text)`` joined into one YAML stream per
    file (a template, or a resource file, may render several)."""
    out: dict[str, list[str]] = {}
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
