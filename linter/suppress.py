"""Inline suppressions: comments and Kubernetes annotations that switch findings off.

Our own spelling, in Dockerfiles and YAML (selectors are codes, names or peer IDs; the reason
after ``--`` is optional unless ``require-reason`` is set)::

    # shiplint: ignore=SL102,runs-as-root -- pinned by the release job
    # shiplint: ignore-stage=SL101          (Dockerfile: the whole stage it stands in or before)
    # shiplint: ignore-file=SL104           (anywhere: the whole file)
    metadata.annotations: {shiplint.io/ignore: "SL101,SL104 -- reason"}   (a Kubernetes object)

``ignore`` written on its own line applies to what follows: in a Dockerfile the next
instruction (all its lines), in YAML the next line and the block indented under it. Written
at the end of a line, it applies to that line.

The peers' spellings are honoured through the rules' aliases, so teams keep their existing
exceptions: ``# hadolint ignore=DL3008`` (next instruction), ``# hadolint global ignore=...``
(file), ``# checkov:skip=CKV_DOCKER_3:reason`` (file), ``#trivy:ignore:AVD-DS-0002`` (next
instruction), and on Kubernetes objects ``ignore-check.kube-linter.io/<check>``,
``kube-linter.io/ignore-all`` and ``checkov.io/skip<N>: CKV_K8S_20=reason``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .engine import CORE_RULES, Rule, matches
from .findings import Finding, Span

_OURS = re.compile(
    r"#\s*shiplint:\s*(ignore|ignore-stage|ignore-file)\s*=\s*([\w\-:./]+(?:\s*,\s*[\w\-:./]+)*)"
    r"(?:\s+--\s*(.*?))?\s*$")
_HADOLINT = re.compile(r"#\s*hadolint\s+(global\s+)?ignore\s*=\s*([\w\-]+(?:\s*,\s*[\w\-]+)*)"
                       r"(?:\s*#?\s*(.*?))?\s*$")
_CHECKOV = re.compile(r"#\s*(?:checkov|bridgecrew):skip=([\w\-]+(?:\s*,\s*[\w\-]+)*)(?::(.*?))?\s*$")
_TRIVY = re.compile(r"#\s*trivy:ignore:([\w\-]+)")
_MARKERS = ("shiplint", "hadolint", "checkov", "bridgecrew", "trivy")


@dataclass
class Suppression:
    """One suppression: which rules (``selectors``), over which lines (``first``..``last``,
    inclusive; the whole file when ``first`` is 0), written where (``span``), why."""

    selectors: list[str]
    first: int
    last: int
    span: Span
    reason: str | None
    spelling: str  # "shiplint", "hadolint", "checkov", "trivy", "kube-linter", "annotation"
    used: bool = False

    def covers(self, line: int) -> bool:
        return self.first == 0 or self.first <= line <= self.last


def _split(selectors: str) -> list[str]:
    return [s.strip() for s in selectors.split(",") if s.strip()]


def _dockerfile_scopes(tree: Any) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(instruction line ranges, stage line ranges) of a Dockerfile tree."""
    instructions = [(i.span.line, i.span.end_line) for i in tree.instructions]
    stages = []
    for st in tree.stages:
        if st.instructions:
            stages.append((st.instructions[0].span.line, st.instructions[-1].span.end_line))
    return instructions, stages


def _yaml_block(lines: list[str], start: int) -> tuple[int, int]:
    """The next content line after ``start`` (0-based index of the comment) and the lines
    indented under it, as 1-based inclusive bounds."""
    i = start + 1
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i += 1
    if i >= len(lines):
        return start + 1, start + 1
    indent = len(lines[i]) - len(lines[i].lstrip(" "))
    j = i + 1
    while j < len(lines):
        text = lines[j]
        if text.strip() and not text.lstrip().startswith("#"):
            ind = len(text) - len(text.lstrip(" "))
            if ind <= indent:
                break
        j += 1
    return i + 1, j  # j is the index after the block: as a 1-based line it is the last line


def find(text: str, tree: Any = None, kind: str | None = None) -> list[Suppression]:
    """Every suppression comment in ``text`` (a Dockerfile when ``kind == "dockerfile"`` and
    ``tree`` is its parsed tree; otherwise YAML)."""
    if not any(m in text for m in _MARKERS):
        return []
    lines = text.splitlines()
    dockerfile = kind == "dockerfile" and tree is not None
    instructions, stages = _dockerfile_scopes(tree) if dockerfile else ([], [])
    out: list[Suppression] = []

    def next_scope(index: int, trailing: bool) -> tuple[int, int]:
        line = index + 1
        if dockerfile:
            for first, last in instructions:
                if first <= line <= last and trailing:
                    return first, last
                if first > line:
                    return first, last
            return line, line
        if trailing:
            return line, line
        return _yaml_block(lines, index)

    for index, raw in enumerate(lines):
        if "#" not in raw:
            continue
        hash_at = raw.index("#")
        trailing = bool(raw[:hash_at].strip())
        comment = raw[hash_at:]
        span = Span(index + 1, hash_at + 1, index + 1, len(raw) + 1)
        m = _OURS.search(comment)
        if m:
            what, sels, reason = m.group(1), _split(m.group(2)), (m.group(3) or None)
            if what == "ignore-file":
                out.append(Suppression(sels, 0, 0, span, reason, "shiplint"))
            elif what == "ignore-stage" and dockerfile:
                line = index + 1
                scope = next(((a, b) for a, b in stages if a <= line <= b), None) or \
                    next(((a, b) for a, b in stages if a > line), None) or (line, line)
                out.append(Suppression(sels, scope[0], scope[1], span, reason, "shiplint"))
            else:
                first, last = next_scope(index, trailing)
                out.append(Suppression(sels, first, last, span, reason, "shiplint"))
            continue
        m = _HADOLINT.search(comment)
        if m:
            sels = _split(m.group(2))
            if m.group(1):
                out.append(Suppression(sels, 0, 0, span, m.group(3) or None, "hadolint"))
            else:
                first, last = next_scope(index, trailing)
                out.append(Suppression(sels, first, last, span, m.group(3) or None, "hadolint"))
            continue
        m = _CHECKOV.search(comment)
        if m:
            out.append(Suppression(_split(m.group(1)), 0, 0, span, m.group(2) or None, "checkov"))
            continue
        ids = _TRIVY.findall(comment)
        if ids:
            first, last = next_scope(index, trailing)
            out.append(Suppression([i.strip() for i in ids], first, last, span, None,
                                   "trivy"))
    return out


def from_annotations(objects: Iterable[Any]) -> list[Suppression]:
    """Object-level suppressions from Kubernetes annotations (the object's lines)."""
    out: list[Suppression] = []
    for obj in objects:
        notes = getattr(obj, "annotations", None) or {}
        if not notes:
            continue
        first, last = obj.span.line, max(obj.span.line, obj.span.end_line - 1)
        node = getattr(obj, "annotations_node", None)
        span = node.span if node is not None else obj.span
        for key, raw in notes.items():
            value = raw.as_str() if hasattr(raw, "as_str") else str(raw)
            if key == "shiplint.io/ignore":
                sels, _, reason = value.partition("--")
                out.append(Suppression(_split(sels), first, last, span, reason.strip() or None,
                                       "annotation"))
            elif key.startswith("ignore-check.kube-linter.io/"):
                out.append(Suppression([key.split("/", 1)[1]], first, last, span,
                                       value or None, "kube-linter"))
            elif key == "kube-linter.io/ignore-all":
                out.append(Suppression(["ALL"], first, last, span, value or None, "kube-linter"))
            elif key.startswith("checkov.io/skip"):
                check, _, reason = value.partition("=")
                out.append(Suppression([check.strip()], first, last, span,
                                       reason.strip() or None, "checkov"))
    return out


@dataclass
class Outcome:
    """``kept``: findings to report (with findings about the suppressions themselves);
    ``suppressed``: findings switched off."""

    kept: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)


def apply(findings: list[Finding], suppressions: list[Suppression], rules: dict[str, Rule],
          *, path: str, require_reason: bool = False, report_unused: bool = False) -> Outcome:
    """Split ``findings`` into kept and suppressed. ``rules`` maps codes to rules (for
    matching selectors against names and aliases). Adds ``suppression-without-reason``
    findings when ``require_reason`` and ``unused-suppression`` ones when ``report_unused``."""
    out = Outcome()
    if not suppressions:
        out.kept = findings
        return out
    for f in findings:
        rule = rules.get(f.code)
        hit = None
        if rule is not None and not rule.name.endswith("suppression"):
            line = f.span.line
            for s in suppressions:
                if s.covers(line) and any(matches(rule, sel) for sel in s.selectors):
                    hit = s
                    break
        if hit is None:
            out.kept.append(f)
        else:
            hit.used = True
            out.suppressed.append(f)
    for s in suppressions if require_reason else ():
        if not s.reason:
            r = CORE_RULES["suppression-without-reason"]
            out.kept.append(Finding(r.code, r.name, r.severity,
                                    f"suppression of {', '.join(s.selectors)} gives no reason",
                                    path, s.span))
    if report_unused:
        out.kept.extend(unused(suppressions, path))
    return out


def unused(suppressions: list[Suppression], path: str) -> list[Finding]:
    """``unused-suppression`` findings for the suppressions no finding has used so far."""
    r = CORE_RULES["unused-suppression"]
    return [Finding(r.code, r.name, r.severity,
                    f"suppression of {', '.join(s.selectors)} matches no finding", path, s.span)
            for s in suppressions if not s.used]
