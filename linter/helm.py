"""Helm charts: render with ``helm template`` when helm is installed, lint what it renders.

A directory holding ``Chart.yaml`` is a chart. Its templates are not YAML until rendered, so
the walk does not lint them one by one; instead the chart is rendered (``helm template``
with the chart's default values) and every rendered document is linted as if it were the
template file it came from (helm writes ``# Source: <chart>/templates/<file>`` above each
one). Lines are mapped back to the template where the rendered line appears there verbatim
(most keys do); elsewhere the finding points at the template's first line and says so.

A chart may be deployed several ways: the configuration's ``charts`` lists its renders
(values files, ``--set`` pairs, release name, namespace, Kubernetes version; ``Render``),
and each is rendered and linted (``linter.render.Charts`` reports a finding several renders
reach once, naming them). Documents annotated ``helm.sh/hook: test`` are Helm's test pods
(``helm test``): they are marked, and their findings say so.

Without helm, each chart gets one ``helm-template`` info finding, not one per template.
"""

from __future__ import annotations

import os
import re

from . import lazyre
# where a run finds charts (``linter.source``: a one-file run imports no helm module)
from .source import CHART_FILE, chart_of, is_chart  # noqa: F401 (re-exported)
from .findings import Problem
from .plain import Frozen, Plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any

#: seconds ``helm template`` may take for one chart
TIMEOUT = 120
_SOURCE = lazyre.compile(r"^# Source: (\S+)\s*$")
#: the ``helm.sh/hook`` annotation of a rendered document, and the hooks that are tests
_HOOK = lazyre.compile(r"""(?:^|[{,])\s*["']?helm\.sh/hook["']?\s*:([^#\n]*)""", re.M)
_TEST_HOOKS = frozenset(("test", "test-success", "test-failure"))
#: the release name a chart is rendered under when its render names none
RELEASE = "shiplint"


def helm_program() -> str | None:
    """The ``helm`` executable (``SHIPLINT_HELM`` overrides the PATH lookup)."""
    import shutil  # only when a chart is rendered (start-up, issue #14)

    return os.environ.get("SHIPLINT_HELM") or shutil.which("helm")


class RenderedDocument(Plain):
    """One rendered document: ``template`` is the path of the template file it came from
    (as the chart directory was named), ``text`` the rendered YAML. (A dataclass before:
    ``linter.plain``, start-up: every run imports this module.)"""

    FIELDS = ("template", "text", "test")

    def __init__(self, template: str, text: str, test: bool = False) -> None:
        self.template = template
        self.text = text
        #: a Helm test hook (``helm.sh/hook: test``): a pod ``helm test`` runs, not the
        #: release
        self.test = test


class Render(Frozen):
    """One way a chart is deployed (an entry of the configuration's ``charts.<dir>.renders``):
    ``values`` files (relative to the chart directory), ``set`` pairs (``--set``, or
    ``--set-string`` for a value written as a string), the ``release`` name, the
    ``namespace`` and the ``kubernetes_version`` (``--kube-version``, and the version the
    rules judge its manifests against). ``name`` labels its findings. (A frozen dataclass
    before: ``linter.plain``.)"""

    __slots__ = FIELDS = ("name", "values", "set", "release", "namespace",
                          "kubernetes_version")

    def __init__(self, name: str | None = None, values: tuple[str, ...] = (),
                 set: tuple[tuple[str, Any], ...] = (), release: str = RELEASE,
                 namespace: str | None = None, kubernetes_version: str | None = None) -> None:
        self._assign(locals())

    @classmethod
    def from_config(cls, entry: dict[str, Any]) -> "Render":
        """A render from a validated configuration entry."""
        return cls(entry.get("name"), tuple(entry.get("values", ())),
                   tuple((entry.get("set") or {}).items()), entry.get("release") or RELEASE,
                   entry.get("namespace"), entry.get("kubernetes-version"))

    def label(self, index: int) -> str:
        """How findings name it: its ``name``, else its values files and ``--set`` pairs,
        else its place in the list (``#1``)."""
        if self.name:
            return self.name
        shown = [os.path.basename(v) for v in self.values] + [k for k, _ in self.set]
        return ", ".join(shown) if shown else f"#{index + 1}"

    def arguments(self, chart_dir: str) -> list[str]:
        """The ``helm`` arguments that render ``chart_dir`` this way."""
        args = ["template", self.release, chart_dir]
        # ``--flag=value``: a value is never read as another flag
        for v in self.values:
            args.append("--values=" + os.path.join(chart_dir, v))
        for key, value in self.set:
            if isinstance(value, str):
                args += ["--set-string", f"{key}={_escaped(value)}"]
            else:
                text = "null" if value is None else str(value).lower() \
                    if isinstance(value, bool) else str(value)
                args += ["--set", f"{key}={text}"]
        if self.namespace:
            args.append("--namespace=" + self.namespace)
        if self.kubernetes_version:
            args.append("--kube-version=" + self.kubernetes_version)
        return args


def _escaped(value: str) -> str:
    """A ``--set-string`` value as helm's parser reads it back: ``,`` separates pairs and
    ``\\`` escapes."""
    return value.replace("\\", "\\\\").replace(",", "\\,")


def render(chart_dir: str, how: Render | None = None, label: str | None = None
           ) -> tuple[list[RenderedDocument], Problem | None]:
    """Render the chart (``how``: one of its configured renders, named ``label`` in a
    failure; default: its default values); on failure return a problem (helm's first error
    line)."""
    helm = helm_program()
    if helm is None:
        return [], Problem("helm-template", "Helm chart not linted: install helm (helm template) "
                           "so shiplint can lint the manifests it renders")
    which = f" for render '{label}'" if label else ""
    missing = next((v for v in (how.values if how else ()) if not os.path.isfile(
        os.path.join(chart_dir, v))), None)
    if missing is not None:
        return [], Problem("helm-template", f"helm template not run{which}: no values file "
                           f"{missing!r} in the chart directory")
    import subprocess  # here: a run without a chart does not pay for it

    try:
        proc = subprocess.run([helm, *(how or Render()).arguments(chart_dir)],
                              capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [], Problem("helm-template",
                           f"helm template failed to run{which}: {type(exc).__name__}")
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if ln.strip()), "no message")
        return [], Problem("helm-template", f"helm template failed{which}: {first[:300]}")
    return split_rendered(proc.stdout, chart_dir), None


def split_rendered(text: str, chart_dir: str) -> list[RenderedDocument]:
    """Split ``helm template`` output into documents with the template file each came from."""
    docs: list[RenderedDocument] = []
    current: list[str] = []
    source: str | None = None

    def flush() -> None:
        body = "".join(current)
        if source and body.strip():
            docs.append(RenderedDocument(_template_path(source, chart_dir), body, is_test(body)))

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


def is_test(document: str) -> bool:
    """Whether a rendered document is a Helm test hook (``helm.sh/hook: test``)."""
    return any(h.strip(" \t\"'{}") in _TEST_HOOKS for m in _HOOK.finditer(document)
               for h in m.group(1).split(","))  # block or flow style, quoted or not


def _template_path(source: str, chart_dir: str) -> str:
    # "mychart/templates/deploy.yaml" or "mychart/charts/sub/templates/x.yaml"
    inner = source.split("/", 1)[1] if "/" in source else source
    return os.path.join(chart_dir, *inner.split("/"))


