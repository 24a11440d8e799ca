"""Checkstyle XML: ``<checkstyle><file name=…><error line column severity message source/>``.

The report format of the Java tool Checkstyle, which many consumers read: Jenkins' warnings
plugin, reviewdog, cs2pr (to GitHub annotations), Emacs' flycheck. One ``<file>`` per file with
findings, in report order; ``source`` is the rule code. Severities: critical/high -> error,
medium -> warning, low/info -> info. Built with ElementTree (markup characters escaped);
characters XML cannot hold are written as ``\\xNN``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..findings import Finding, Severity
from .common import xml_text
from .text import preview_note

SEVERITIES = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "info",
    Severity.INFO: "info",
}

#: The Checkstyle report version this layout follows (what most producers write).
VERSION = "4.3"


def render(findings: list[Finding]) -> str:
    root = ET.Element("checkstyle", version=VERSION)
    files: dict[str, ET.Element] = {}
    for f in findings:
        node = files.get(f.path)
        if node is None:
            node = files[f.path] = ET.SubElement(root, "file", name=xml_text(f.path))
        s = f.span
        ET.SubElement(node, "error", {
            "line": str(max(1, s.line)),
            "column": str(max(1, s.column)),
            # a preview (a rule newer than the pinned rule set) never fails the run
            "severity": "info" if f.preview else SEVERITIES[f.severity],
            "message": xml_text((f.message or f.name) + preview_note(f)),
            "source": f.code,
        })
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
