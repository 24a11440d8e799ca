"""Helm charts: render with ``helm template`` when helm is installed, lint what it renders.

A directory holding ``Chart.yaml`` is a chart. Its templates are not YAML until rendered, so
the walk does not lint them one by one; instead the chart is rendered (``helm template``
with the chart's default values) and every rendered document is linted as if it were the
template file it came from (helm writes ``# Source: <chart>/templates/<file>`` above each
one). Lines are mapped back to the template where the rendered line appears there verbatim
(most keys do); elsewhere the finding points at the template's first line and says so.

Without helm, each chart gets one ``helm-template`` info finding, not one per template.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from .findings import Finding, Problem

CHART_FILE = "Chart.yaml"
#: seconds ``helm template`` may take for one chart
TIMEOUT = 120
_SOURCE = re.compile(r"^# Source: (\S+)\s*$")


def is_chart(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, CHART_FILE))


def chart_of(path: str) -> str | None:
    """The chart a file belongs to, when it is one of the files ``helm template`` reads to
    render it (``Chart.yaml``, a values file, anything under ``templates/``): the nearest
    directory above it holding ``Chart.yaml``. ``None`` otherwise. A template named on its
    own (pre-commit names the files that changed) is linted as its chart renders."""
    full = os.path.abspath(path)
    d = os.path.dirname(full)
    for _ in range(8):
        if is_chart(d):
            rel = os.path.relpath(full, d).replace(os.sep, "/")
            name = rel.rsplit("/", 1)[-1].lower()
            if rel.startswith("templates/") or name == "chart.yaml" or (
                    "/" not in rel and name.startswith("values") and
                    name.endswith((".yaml", ".yml"))):
                return d
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


def helm_program() -> str | None:
    """The ``helm`` executable (``SHIPLINT_HELM`` overrides the PATH lookup)."""
    return os.environ.get("SHIPLINT_HELM") or shutil.which("helm")


@dataclass
class RenderedDocument:
    """One rendered document: ``template`` is the path of the template file it came from
    (as the chart directory was named), ``text`` the rendered YAML."""

    template: str
    text: str


def render(chart_dir: str) -> tuple[list[RenderedDocument], Problem | None]:
    """Render the chart; on failure return a problem (helm's first error line)."""
    helm = helm_program()
    if helm is None:
        return [], Problem("helm-template", "Helm chart not linted: install helm (helm template) "
                           "so shiplint can lint the manifests it renders")
    try:
        proc = subprocess.run([helm, "template", "shiplint", chart_dir], capture_output=True,
                              text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [], Problem("helm-template", f"helm template failed to run: {type(exc).__name__}")
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if ln.strip()), "no message")
        return [], Problem("helm-template", f"helm template failed: {first[:300]}")
    return split_rendered(proc.stdout, chart_dir), None


def split_rendered(text: str, chart_dir: str) -> list[RenderedDocument]:
    """Split ``helm template`` output into documents with the template file each came from."""
    docs: list[RenderedDocument] = []
    current: list[str] = []
    source: str | None = None

    def flush() -> None:
        body = "".join(current)
        if source and body.strip():
            docs.append(RenderedDocument(_template_path(source, chart_dir), body))

    for line in text.splitlines(keepends=True):
        if line.rstrip("\r\n") == "---":
            flush()
            current, source = [], None
            continue
        m = _SOURCE.match(line.rstrip("\r\n"))
        if m and source is None:
            source = m.group(1)
        current.append(line)
    flush()
    return docs


def _template_path(source: str, chart_dir: str) -> str:
    # "mychart/templates/deploy.yaml" or "mychart/charts/sub/templates/x.yaml"
    inner = source.split("/", 1)[1] if "/" in source else source
    return os.path.join(chart_dir, *inner.split("/"))


def map_back(findings: list[Finding], rendered: str, template_path: str) -> list[Finding]:
    """Point findings on a rendered document at the template file (see
    ``linter.rendered.map_back``)."""
    from .rendered import map_back as to_sources

    return to_sources(findings, rendered, [template_path], "the rendered chart")
