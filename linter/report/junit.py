"""JUnit XML, for CI test-report views (GitLab's ``artifacts:reports:junit``, Jenkins).

One ``<testsuite>`` per file with findings (its name is the path), one failed ``<testcase>``
per finding (a skipped one for a preview finding: a rule newer than the pinned rule set,
reported, never failing the run). A test case is named after the rule and the message, not the line, so CI
systems that compare reports between runs see the same test when unrelated lines moved; the
``file`` and ``line`` attributes and the failure text carry the position. A clean run gives
one passing test case, so the report is never empty. Built with ElementTree (markup escaped);
characters XML cannot hold are written as ``\\xNN``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..engine import CORE_RULES, Rule
from ..findings import Finding
from .common import xml_text
from .text import preview_note

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any


def _failure_text(f: Finding, rule: Any) -> str:
    s = f.span
    lines = [f"{f.path}:{s.line}:{s.column}: {f.code} [{f.severity}] {f.message or f.name}"
             f"{preview_note(f)}"]
    if rule is not None and rule.remediation:
        lines.append("How to fix: " + " ".join(rule.remediation.split()))
    return "\n".join(lines)


def render(findings: list[Finding], rules: list[Rule], *, files_checked: int) -> str:
    known: dict[str, Any] = {r.code: r for r in CORE_RULES.values()}
    known.update((r.code, r) for r in rules)
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path, []).append(f)
    total = len(findings) or 1
    previews = sum(1 for f in findings if f.preview)
    root = ET.Element("testsuites", name="shiplint", tests=str(total),
                      failures=str(len(findings) - previews), errors="0", time="0")
    for path, group in groups.items():
        skipped = sum(1 for f in group if f.preview)
        suite = ET.SubElement(root, "testsuite", name=xml_text(path), tests=str(len(group)),
                              failures=str(len(group) - skipped), errors="0",
                              skipped=str(skipped), time="0")
        seen: dict[str, int] = {}
        for f in group:
            name = f"{f.code} {f.name}: {' '.join((f.message or f.name).split())}"
            n = seen[name] = seen.get(name, 0) + 1
            if n > 1:
                name += f" (#{n})"
            case = ET.SubElement(suite, "testcase", name=xml_text(name), classname=xml_text(path),
                                 file=xml_text(path), line=str(max(1, f.span.line)), time="0")
            message = xml_text((f.message or f.name) + preview_note(f))
            failure = ET.SubElement(case, "skipped", message=message) if f.preview else \
                ET.SubElement(case, "failure", message=message, type=f"{f.code} {f.severity}")
            body = _failure_text(f, known.get(f.code)).replace("\r\n", "\n").replace("\r", "\n")
            failure.text = xml_text(body)
    if not findings:
        files = "file" if files_checked == 1 else "files"
        suite = ET.SubElement(root, "testsuite", name="shiplint", tests="1", failures="0",
                              errors="0", skipped="0", time="0")
        ET.SubElement(suite, "testcase", name=f"no findings in {files_checked} {files}",
                      classname="shiplint", time="0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
