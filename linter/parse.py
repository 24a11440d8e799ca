"""Parsing: one ``SourceFile`` into the targets the rules check, by kind of file.

``parse`` tells a Dockerfile from YAML by name (``linter.discovery``), then by content, and
builds the trees: a ``Dockerfile``; a ``ComposeFile`` and its services; Kubernetes objects and
their pod templates; plus the problems found while reading them. A Helm template (YAML with
Go template actions) is told apart and not parsed.
"""

from __future__ import annotations

import os

from . import lazyre
from .discovery import DOCKERFILE, YAML, is_compose_name, kind_by_name
from .findings import Problem, Span
from .plain import Plain
from .source import KUSTOMIZATION_FILES, SourceFile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any

# What marks a Go template action as Helm's: checked on the text right after each "{{".
_HELM_ACTION = lazyre.compile(
    r"-?\s*(?:[^}\n]{0,120}?\.(?:Values|Release|Chart|Capabilities|Files)\b|include\s"
    r"|template\s|define\s|toYaml\b|tpl\s)")
#: actions looked at per file: a Helm template shows itself in its first few
MAX_ACTIONS = 200

class ParsedFile(Plain):
    """One file, parsed: ``kind`` is ``dockerfile``/``compose``/``kubernetes``/``None``.
    (A dataclass before: ``linter.plain``, start-up.)"""

    FIELDS = ("path", "kind", "targets", "problems")

    def __init__(self, path: str, kind: str | None, targets: list[Any] | None = None,
                 problems: list[Problem] | None = None) -> None:
        self.path = path
        self.kind = kind
        self.targets = [] if targets is None else targets  # a new list each
        self.problems = [] if problems is None else problems


def looks_like_helm(text: str) -> bool:
    """Whether ``text`` holds Helm template actions (``{{ .Values.x }}``, ``{{- if ...}}``,
    ``{{ include ... }}``). Go-template braces in values (Prometheus alert text, Argo
    parameters) are not Helm. Linear: each ``{{`` is looked at once, a bounded way ahead."""
    if "{{-" in text or "-}}" in text:
        return True
    start = text.find("{{")
    seen = 0
    while start != -1 and seen < MAX_ACTIONS:
        if _HELM_ACTION.match(text, start + 2, start + 160):
            return True
        seen += 1
        start = text.find("{{", start + 2)
    return False


def parse(source: SourceFile, explicit: bool) -> ParsedFile:
    """Parse one file into rule targets. Never raises on bad content."""
    out = ParsedFile(source.path, None, problems=list(source.problems))
    text = source.text
    kind = kind_by_name(source.path)
    if kind is None and not explicit and text is None:
        out.problems.clear()  # an unreadable file the walk merely came across is not ours
        return out
    if text is None:
        return out
    if kind is None:
        from .dockerfile import looks_like_dockerfile

        if looks_like_dockerfile(text):
            kind = DOCKERFILE
        elif source.path == "-":
            kind = YAML  # unnamed standard input: Compose and Kubernetes are told by content
    if source.undecoded:  # numbered as the parser of its kind numbers lines (YAML's by default)
        from .source import bad_bytes

        out.problems.extend(bad_bytes(source, kind != DOCKERFILE))
    if kind == DOCKERFILE:
        from . import dockerfile

        tree, problems = dockerfile.parse(source)
        out.kind = DOCKERFILE
        out.targets.append(tree)
        out.problems.extend(problems)
        return out
    if kind == YAML:
        return _parse_yaml(source, text, explicit, out)
    if explicit:
        out.problems.append(Problem(
            "unknown-file-kind",
            "not recognised as a Dockerfile, Compose file or Kubernetes manifest; not linted"))
    return out


#: Helm's own files (Chart.yaml, values.yaml, values-prod.yaml, prod.values.yaml, ...)
_HELM_FILE = lazyre.compile(r"(?i)^(?:chart\.ya?ml|chart\.lock|(?:.*[._-])?values(?:[._-].*)?\.ya?ml)$")


def _build_configuration(path: str, roots: list) -> bool:
    """Whether the file configures a Kustomize build (``kustomization.yaml``, a
    ``Component``): it has ``apiVersion`` and ``kind`` but is no manifest the cluster gets."""
    from .yaml import YMapping, YScalar

    if os.path.basename(path) in KUSTOMIZATION_FILES:
        return True
    for root in roots:
        api = root.get("apiVersion") if isinstance(root, YMapping) else None
        if isinstance(api, YScalar) and api.as_str().startswith("kustomize.config.k8s.io/"):
            return True
    return False


def _parse_yaml(source: SourceFile, text: str, explicit: bool, out: ParsedFile) -> ParsedFile:
    from . import compose, kubernetes, yaml

    if looks_like_helm(text):
        out.kind = "helm"
        line = next((i for i, ln in enumerate(text.splitlines(), 1) if "{{" in ln), 1)
        out.problems.append(Problem(
            "helm-template",
            "this is a Helm template ({{ ... }} actions); render it with `helm template` and lint "
            "the output", Span.point(line)))
        return out
    docs, problems = yaml.load(text)
    out.problems.extend(problems)
    roots = [d.root for d in docs if d.root is not None]
    if _build_configuration(source.path, roots):
        return out  # read by the build (kustomize, helm); nothing to lint, nothing to say
    if is_compose_name(source.path) or any(compose.is_compose(r) for r in roots[:1]):
        tree, problems = compose.build(source.path, docs)
        out.problems.extend(problems)
        if tree is not None:
            out.kind = "compose"
            out.targets.append(tree)
            out.targets.extend(tree.services)
            return out
    if any(kubernetes.is_kubernetes(r) for r in roots):
        objects, problems = kubernetes.build(source.path, docs)
        out.kind = "kubernetes"
        out.problems.extend(problems)
        for obj in objects:
            out.targets.append(obj)
            out.targets.extend(obj.pod_templates)
        return out
    if _HELM_FILE.search(os.path.basename(source.path)):
        return out  # a chart's metadata or values: read by helm, not deployed as such
    if explicit and not out.problems:
        out.problems.append(Problem(
            "unknown-file-kind",
            "YAML that is neither a Compose file nor a Kubernetes manifest; not linted"))
    return out
