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

Also kube-score's, Polaris's, dclint's and KICS's, as each documents them:

* kube-score: the annotation ``kube-score/ignore: check-a,check-b`` (the object);
* Polaris: ``polaris.fairwinds.com/<check>-exempt: "true"`` and
  ``polaris.fairwinds.com/exempt: "true"`` (every check) on the object; any other value
  exempts nothing, as in Polaris;
* dclint (Compose files): ``# dclint disable-file`` (every rule, the file), ``# dclint disable
  [rule ...]`` written before any content of the file or of a document after ``---`` (those
  rules, or every rule, in the file; elsewhere dclint ignores it, and so do we), ``# dclint
  disable-line [rule ...]`` at the end of a line (that line) or on its own line (the next);
* KICS: ``# kics-scan ignore`` (every query, the file) and ``# kics-scan disable=<query id>,...``
  (those queries, the file), both at the top of the file as KICS asks; ``# kics-scan
  ignore-line`` (the next line; at the end of a line, that line) and ``# kics-scan
  ignore-block`` (the next line and the block under it; in a Dockerfile the next instruction).
  KICS names queries by UUID in ``disable=``: one suppresses only the rules whose aliases hold
  that UUID.

A peer's ID suppresses a rule only when it is one of the rule's ``aliases`` (the same check);
a related ID suppresses nothing. A rule the configuration lists in ``locked`` cannot be
suppressed inline at all: its finding stays, and the suppression gets a
``locked-suppression`` finding.
"""

from __future__ import annotations

import re

from . import lazyre
from .engine import CORE_RULES, Rule, matches
from .findings import Finding, Span
from .plain import Plain
from .source import split_lines

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterable

_OURS = lazyre.compile(
    r"#\s*shiplint:\s*(ignore|ignore-stage|ignore-file)\s*=\s*([\w\-:./]+(?:\s*,\s*[\w\-:./]+)*)"
    r"(?:\s+--\s*(.*?))?\s*$")
_HADOLINT = lazyre.compile(r"#\s*hadolint\s+(global\s+)?ignore\s*=\s*([\w\-]+(?:\s*,\s*[\w\-]+)*)"
                       r"(?:\s*#?\s*(.*?))?\s*$")
_CHECKOV = lazyre.compile(r"#\s*(?:checkov|bridgecrew):skip=([\w\-]+(?:\s*,\s*[\w\-]+)*)(?::(.*?))?\s*$")
_TRIVY = lazyre.compile(r"#\s*trivy:ignore:([\w\-]+)")
_DCLINT = lazyre.compile(r"#\s*dclint\s+(disable-file|disable-line|disable)(?![\w-])\s*(.*?)\s*$")
_KICS = lazyre.compile(r"#\s*kics-scan\s+(ignore-line|ignore-block|ignore|disable|enable)(?![\w-])"
                   r"\s*(?:=\s*(.*?))?\s*$")
#: KICS names a query by UUID in ``# kics-scan disable=``; our aliases name KICS queries by
#: their title. The UUIDs of KICS's Docker Compose queries (from the reference notes,
#: ../shared/reference/compose-and-secrets.md, section 1.2); a UUID that is not here is
#: matched as written (the secrets query's UUID is an alias itself).
_KICS_QUERIES = {
    "baa452f0-1f21-4a25-ace5-844e7a5f410d": "Volume Mounted In Multiple Containers",
    "1c1325ff-831d-43a1-973e-839ae57dfcc0": "Volume Has Sensitive Host Directory",
    "d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b": "Docker Socket Mounted In Container",
    "27fcc7d6-c49b-46e0-98f1-6c082a6a2750": "No New Privileges Not Set",
    "ae5b6871-7f45-42e0-bb4c-ab300c4d2026": "Privileged Containers Enabled",
    "698ed579-b239-4f8f-a388-baa4bcb13ef8": "Healthcheck Not Set",
    "4d9f44c6-2f4a-4317-9bb5-267adbea0232": "Cgroup Not Default",
    "2fc99041-ddad-49d5-853f-e35e70a48391": "Restart Policy On Failure Not Set To 5",
    "bc2908f3-f73c-40a9-8793-c1b7d5544f79": "Privileged Ports Mapped In Container",
    "451d79dc-0588-476a-ad03-3c7f0320abb3": "Container Traffic Not Bound To Host Interface",
    "ce14a68b-1668-41a0-ab7d-facd9f784742": "Networks Not Set",
    "071a71ff-f868-47a4-ac0b-3c59e4ab5443": "Shared Host Network Namespace",
    "baa3890f-bed7-46f5-ab8f-1da8fc91c729": "Shared Host IPC Namespace",
    "404fde2c-bc4b-4371-9747-7054132ac953": "Default Seccomp Profile Disabled",
    "4f31dd9f-2cc3-4751-9b53-67e4af83dac0": "Host Namespace is Shared",
    "bb9ac4f7-e13b-423d-a010-c74a1bfbe492": "Memory Not Limited",
    "221e0658-cb2a-44e3-b08a-db96a341d6fa": "Pids Limit Not Set",
    "8af7162d-6c98-482f-868e-0d33fb675ca8": "Shared Host User Namespace",
    "610e266e-6c12-4bca-9925-1ed0cd29742b": "Security Opt Not Set",
    "6b610c50-99fb-4ef0-a5f3-e312fd945bc3": "Cpus Not Limited",
    "ce76b7d0-9e77-464d-b86f-c5c48e03e22d": "Container Capabilities Unrestricted",
    "8c978947-0ff6-485c-b0c2-0bfca6026466": "Shared Volumes Between Containers",
}
_MARKERS = ("shiplint", "hadolint", "checkov", "bridgecrew", "trivy", "dclint", "kics-scan")


class Suppression(Plain):
    """One suppression: which rules (``selectors``), over which lines (``first``..``last``,
    inclusive; the whole file when ``first`` is 0), written where (``span``), why.
    (A dataclass before: ``linter.plain``, start-up.)"""

    FIELDS = ("selectors", "first", "last", "span", "reason", "spelling", "used",
              "locked_said")

    def __init__(self, selectors: list[str], first: int, last: int, span: Span,
                 reason: str | None, spelling: str, used: bool = False,
                 locked_said: set | None = None) -> None:
        self.selectors = selectors
        self.first = first
        self.last = last
        self.span = span
        self.reason = reason
        # "shiplint", "hadolint", "checkov", "trivy", "kube-linter", "annotation",
        # "kube-score", "polaris", "dclint", "kics"
        self.spelling = spelling
        self.used = used
        #: codes of locked rules this suppression was already told about
        #: (``locked-suppression``); a new set each
        self.locked_said = set() if locked_said is None else locked_said

    def covers(self, line: int) -> bool:
        return self.first == 0 or self.first <= line <= self.last


def _split(selectors: str) -> list[str]:
    return [s.strip() for s in selectors.split(",") if s.strip()]


def _words(selectors: str) -> list[str]:
    """dclint's rule names: separated by spaces or commas; none means every rule."""
    return [s for s in re.split(r"[\s,]+", selectors) if s] or ["ALL"]


def _leading(lines: list[str], index: int) -> bool:
    """Whether line ``index`` (0-based) comes before any content of its file, or of its
    YAML document (after a ``---``): only blank lines and comments above it."""
    for text in reversed(lines[:index]):
        bare = text.strip()
        if bare.startswith("---"):
            return True
        if bare and not bare.startswith("#"):
            return False
    return True


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
    lines = split_lines(text, yaml=kind != "dockerfile")  # the parser's line numbers
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
            continue
        m = _DCLINT.search(comment)
        if m and kind == "compose":
            what, sels = m.group(1), _words(m.group(2))
            if what == "disable-file":
                out.append(Suppression(["ALL"], 0, 0, span, None, "dclint"))
            elif what == "disable" and not trailing and _leading(lines, index):
                out.append(Suppression(sels, 0, 0, span, None, "dclint"))
            elif what == "disable-line":
                line = index + 1 if trailing else index + 2
                out.append(Suppression(sels, line, line, span, None, "dclint"))
            continue
        m = _KICS.search(comment)
        if m:
            what = m.group(1)
            if what in ("ignore", "disable") and not trailing and _leading(lines, index):
                sels = ["ALL"] if what == "ignore" else [
                    _KICS_QUERIES.get(i.lower(), i) for i in _split(m.group(2) or "")]
                if sels:
                    out.append(Suppression(sels, 0, 0, span, None, "kics"))
            elif what == "ignore-line":
                line = index + 1 if trailing else index + 2
                first, last = next_scope(index, trailing) if dockerfile else (line, line)
                out.append(Suppression(["ALL"], first, last, span, None, "kics"))
            elif what == "ignore-block":
                if dockerfile:
                    first, last = next_scope(index, trailing)
                else:
                    first, last = _yaml_block(lines, index - 1 if trailing else index)
                out.append(Suppression(["ALL"], first, last, span, None, "kics"))
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
            elif key == "kube-score/ignore":
                if _split(value):
                    out.append(Suppression(_split(value), first, last, span, None, "kube-score"))
            elif key.startswith(_POLARIS) and key.endswith("exempt"):
                check = key[len(_POLARIS):-len("exempt")]
                if value.strip().lower() == "true" and (check == "" or check.endswith("-")):
                    out.append(Suppression([check[:-1] if check else "ALL"], first, last, span,
                                           None, "polaris"))
    return out


_POLARIS = "polaris.fairwinds.com/"


class Outcome(Plain):
    """``kept``: findings to report (with findings about the suppressions themselves);
    ``suppressed``: findings switched off. (A dataclass before: ``linter.plain``.)"""

    FIELDS = ("kept", "suppressed", "reasons")

    def __init__(self, kept: list[Finding] | None = None,
                 suppressed: list[Finding] | None = None,
                 reasons: list[tuple[Finding, str]] | None = None) -> None:
        self.kept = [] if kept is None else kept
        self.suppressed = [] if suppressed is None else suppressed
        #: the suppressed findings whose suppression gives a reason, with it
        self.reasons = [] if reasons is None else reasons


def apply(findings: list[Finding], suppressions: list[Suppression], rules: dict[str, Rule],
          *, path: str, require_reason: bool = False, report_unused: bool = False,
          locked: Iterable[str] = ()) -> Outcome:
    """Split ``findings`` into kept and suppressed. ``rules`` maps codes to rules (for
    matching selectors against names and aliases). Adds ``suppression-without-reason``
    findings when ``require_reason`` and ``unused-suppression`` ones when ``report_unused``.
    ``locked``: selectors of rules no suppression may switch off (their findings stay, and
    each suppression that tries gets one ``locked-suppression`` finding)."""
    out = Outcome()
    if not suppressions:
        out.kept = findings
        return out
    locked = list(locked)
    tried: dict[int, set[str]] = {}
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
        elif locked and any(matches(rule, sel) for sel in locked):
            out.kept.append(f)  # a locked rule: the suppression does nothing
            tried.setdefault(id(hit), set()).add(rule.code)
        else:
            hit.used = True
            out.suppressed.append(f)
            if hit.reason:
                out.reasons.append((f, hit.reason))
    if locked:
        out.kept.extend(_locked(suppressions, rules, locked, tried, path))
    for s in suppressions if require_reason else ():
        if not s.reason:
            r = CORE_RULES["suppression-without-reason"]
            out.kept.append(Finding(r.code, r.name, r.severity,
                                    f"suppression of {', '.join(s.selectors)} gives no reason",
                                    path, s.span))
    if report_unused:
        out.kept.extend(unused(suppressions, path))
    return out


def _locked(suppressions: list[Suppression], rules: dict[str, Rule], locked: list[str],
            tried: dict[int, set[str]], path: str) -> list[Finding]:
    """One ``locked-suppression`` finding per suppression that names a locked rule or covered
    a finding of one, for the rules it was not told about yet."""
    r = CORE_RULES["locked-suppression"]
    out = []
    for s in suppressions:
        codes = set(tried.get(id(s), ()))
        for sel in s.selectors:
            if sel.strip().upper() != "ALL":
                codes.update(c for c, rule in rules.items()
                             if matches(rule, sel) and any(matches(rule, x) for x in locked))
        codes -= s.locked_said
        if not codes:
            continue
        s.locked_said |= codes
        s.used = True  # said here; not unused as well
        if r.code not in rules:
            continue
        named = ", ".join(f"{c} ({rules[c].name})" for c in sorted(codes))
        out.append(Finding(r.code, r.name, r.severity,
                           f"{named} {'is' if len(codes) == 1 else 'are'} locked by the "
                           "configuration: this suppression does nothing and the finding "
                           "stays; fix it, or ask for an exception in the configuration",
                           path, s.span))
    return out


def unused(suppressions: list[Suppression], path: str) -> list[Finding]:
    """``unused-suppression`` findings for the suppressions no finding has used so far."""
    r = CORE_RULES["unused-suppression"]
    return [Finding(r.code, r.name, r.severity,
                    f"suppression of {', '.join(s.selectors)} matches no finding", path, s.span)
            for s in suppressions if not s.used]
