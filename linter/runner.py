"""Lint a set of paths: discover, read, parse, run the engine, sort.

This is the one place that strings the stages together, for the CLI and for library users::

    from linter.runner import lint_paths
    report = lint_paths(["."])
    for finding in report.findings: ...
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from . import discovery, source
from .engine import Engine, load_rules
from .findings import Finding
from .kubernetes import KubeObject, KubernetesSet


@dataclass
class Report:
    """``findings`` sorted by path, line, column, code; ``files_checked`` counts the files that
    were recognised and linted (plus the ones that could not be read)."""

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0


def lint_source(src: source.SourceFile, engine: Engine, explicit: bool = True,
                kube_set: KubernetesSet | None = None) -> tuple[list[Finding], bool]:
    """Lint one file already read. Returns (findings, whether the file was one of ours).
    With ``kube_set``, the file's Kubernetes objects are added to it for cross-object rules."""
    parsed = discovery.parse(src, explicit)
    ours = parsed.kind is not None or bool(parsed.problems)
    if kube_set is not None:
        kube_set.objects.extend(t for t in parsed.targets if isinstance(t, KubeObject))
    return engine.run(src.path, parsed.targets, parsed.problems), ours


@contextmanager
def _few_collections() -> Iterator[None]:
    """Parsing allocates millions of small objects that live until the file is done; the
    cyclic garbage collector's default thresholds make it scan them over and over (about a
    third of the run time on the Kubernetes corpus). Collect explicitly, every few files."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def lint_paths(paths: list[str], engine: Engine | None = None, *, stdin: bytes | None = None,
               stdin_filename: str | None = None, ignore_unknown: bool = False) -> Report:
    """Lint files and directories. ``-`` in ``paths`` reads ``stdin`` (bytes) reported as
    ``stdin_filename``. A missing path gives an ``unreadable-file`` finding, not an exception.
    ``ignore_unknown`` treats named files like walked ones: files of other kinds pass quietly."""
    engine = engine or Engine(load_rules())
    report = Report()
    # Cross-object rules see every Kubernetes object of the run; keep them only if asked for.
    kube_set = KubernetesSet() if engine.wants(KubernetesSet) else None
    with _few_collections():
        for n, (path, explicit) in enumerate(discovery.iter_files([p for p in paths if p != "-"])):
            findings, ours = lint_source(source.read(path), engine,
                                         explicit and not ignore_unknown, kube_set)
            report.findings.extend(findings)
            report.files_checked += ours
            if n % 256 == 255:
                gc.collect()
        if "-" in paths:
            src = discovery.stdin_source(stdin or b"", stdin_filename)
            findings, ours = lint_source(src, engine, not ignore_unknown, kube_set)
            report.findings.extend(findings)
            report.files_checked += ours
        if kube_set is not None and kube_set.objects:
            # a failing cross-object check is reported against the first file of the set
            report.findings.extend(engine.run(kube_set.objects[0].path, [kube_set]))
    report.findings.sort(key=lambda f: f.sort_key)
    return report
