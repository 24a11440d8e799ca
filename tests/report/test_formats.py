"""The CI and editor formats: json-lines, gnu, github, gitlab, junit, checkstyle."""

from __future__ import annotations

import os

import json
import re
import xml.etree.ElementTree as ET

import pytest

from helpers import lint_text
from linter.findings import Finding, Severity, Span
from linter.report import FORMATS, render
from linter.report.common import content_key, fingerprints, repo_path
from linter.report.json import finding_dict
from test_report import ANSI, FINDINGS, RULES, finding

MACHINE = [f for f in FORMATS if f != "text"]

# Messages and paths that break naive escaping in one format or another.
NASTY_MESSAGE = "100% sure: a, b\nline two\r<tag> & \"double\" 'single' ünïcødé ✓ ::x:: %0A"
NASTY_PATHS = ["we,ird:dir/100%/Dockerfile", "a b/<&>\"'.yaml", "ünï/çødé ✓.yaml",
               "::error file=x::pwned/Dockerfile", "a%0Ab/compose.yaml"]
NASTY = [finding("SL101", p, Span(2, 3, 2, 9), message=NASTY_MESSAGE) for p in NASTY_PATHS]
# Characters some formats cannot carry verbatim: escape sequences, NUL, an undecodable byte.
CONTROL = Finding("SL102", "root-user", Severity.HIGH, "bad \x1b[31mred\x1b[0m \x00 \u202e end",
                  "ctl\x07/bad-\udcff/Dockerfile", Span(1, 1, 1, 2))


def out(fmt, findings, **kw):
    kw.setdefault("files_checked", 9)
    return render(fmt, findings, RULES, **kw)


def test_formats_registered():
    assert FORMATS == ("text", "json", "json-lines", "sarif", "gnu", "github", "gitlab", "junit",
                       "checkstyle")


@pytest.mark.parametrize("fmt", MACHINE)
def test_machine_formats_never_colour(fmt):
    for findings in (FINDINGS, NASTY, [CONTROL]):
        text = out(fmt, findings, color=True)
        assert text == out(fmt, findings, color=False)
        assert "\x1b" not in text and not ANSI.search(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_ends_with_newline_or_is_empty(fmt):
    for findings in ([], FINDINGS, NASTY, [CONTROL]):
        text = out(fmt, findings)
        assert text == "" or text.endswith("\n")
        assert "\r" not in text
    if fmt in ("text", "json-lines", "gnu"):
        assert out(fmt, []) == ""


# --- json-lines ---------------------------------------------------------------------------

def test_json_lines():
    text = out("json-lines", FINDINGS + NASTY + [CONTROL])
    lines = text.splitlines()
    assert len(lines) == len(FINDINGS) + len(NASTY) + 1
    assert text.isascii()
    for line, f in zip(lines, FINDINGS + NASTY + [CONTROL]):
        assert json.loads(line) == json.loads(json.dumps(finding_dict(f)))
    assert json.loads(lines[len(FINDINGS)])["message"] == NASTY_MESSAGE


# --- gnu ----------------------------------------------------------------------------------

# What Vim's and Emacs' default error formats take: %f:%l:%c: %m
ERRORFORMAT = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")
GNU = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|warning|note): "
                 r"(?P<text>.*) \[(?P<code>[A-Z]+\d+)\]$")


def test_gnu_matches_editor_errorformat():
    lines = out("gnu", FINDINGS).splitlines()
    assert len(lines) == len(FINDINGS)
    for line, f in zip(lines, FINDINGS):
        m = ERRORFORMAT.match(line)
        assert m, line
        assert (m["file"], int(m["line"]), int(m["col"])) == (f.path, f.span.line, f.span.column)
        g = GNU.match(line)
        assert g["code"] == f.code and g["text"] == f.message
    kinds = [GNU.match(line)["kind"] for line in lines]
    expected = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
                Severity.LOW: "note", Severity.INFO: "note"}
    assert kinds == [expected[f.severity] for f in FINDINGS]
    assert lines[0] == "Dockerfile:1:6: warning: Summary of unpinned-image here. [SL101]"


def test_gnu_one_line_per_finding_whatever_the_text():
    text = out("gnu", NASTY + [CONTROL])
    lines = text.splitlines()
    assert len(lines) == len(NASTY) + 1
    for line in lines:
        assert GNU.match(line)
    assert "\x1b" not in text and "\x00" not in text and "\\x1b[31mred" in text
    assert "100% sure: a, b\\x0aline two\\x0d<tag> & \"double\"" in lines[0]
    assert lines[2].startswith("ünï/çødé ✓.yaml:2:3: warning: ")


# --- github -------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<cmd>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def unescape_data(s: str) -> str:
    # the runner's decoding (toolkit command.ts, reversed)
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(s: str) -> str:
    return unescape_data(s.replace("%3A", ":").replace("%2C", ","))


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    m = COMMAND.match(line)
    assert m, line
    props = {}
    for item in m["props"].split(","):
        key, _, value = item.partition("=")
        props[key] = unescape_property(value)
    return m["cmd"], props, unescape_data(m["msg"])


def test_github_annotations_and_groups():
    text = out("github", FINDINGS)
    lines = text.splitlines()
    commands = [line for line in lines if COMMAND.match(line)]
    assert len(commands) == len(FINDINGS)
    kinds = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
             Severity.LOW: "notice", Severity.INFO: "notice"}
    for line, f in zip(commands, FINDINGS):
        cmd, props, msg = parse_command(line)
        assert cmd == kinds[f.severity] and msg == f.message
        assert props["file"] == f.path and props["title"] == f"{f.code} {f.name} ({f.severity})"
        assert int(props["line"]) == f.span.line
        assert int(props["endLine"]) == max(f.span.line, f.span.end_line)
    _, props, _ = parse_command(commands[0])  # Dockerfile 1:6-1:17 (exclusive end)
    assert (props["col"], props["endColumn"]) == ("6", "16")
    multi = [parse_command(c)[1] for c, f in zip(commands, FINDINGS) if f.code == "SL201"][0]
    assert "col" not in multi and "endColumn" not in multi  # multi-line span
    # one group per file, plain report lines kept in the log, summary last
    assert [line for line in lines if line.startswith("::group::")] == [
        "::group::Dockerfile (3 findings)", "::group::deploy/k8s/app.yaml (2 findings)",
        "::group::my dir/compose.yaml (2 findings)"]
    assert lines.count("::endgroup::") == 3
    assert "  Dockerfile:1:6: SL101 [medium] Summary of unpinned-image here." in lines
    assert lines[-1] == "Found 7 findings (1 critical, 2 high, 2 medium, 1 low, 1 info) in 3 of 9 files."


def test_github_escaping():
    text = out("github", NASTY + [CONTROL])
    lines = text.splitlines()
    commands = [parse_command(line) for line in lines if COMMAND.match(line)]
    assert len(commands) == len(NASTY) + 1
    for (cmd, props, msg), f in zip(commands, NASTY):
        assert msg == NASTY_MESSAGE and props["file"] == f.path
        assert set(props) == {"file", "line", "endLine", "col", "endColumn", "title"}
    raw = [line for line in lines if line.startswith("::warning")][0]
    assert "file=we%2Cird%3Adir/100%25/Dockerfile," in raw
    assert raw.endswith("::100%25 sure: a, b%0Aline two%0D<tag> & \"double\" 'single' "
                        "ünïcødé ✓ ::x:: %250A")
    # control characters other than CR/LF are shown, never passed to the log
    assert "\x1b" not in text and "\x00" not in text and "\\x1b[31mred" in text
    # nothing but our own commands starts with '::' (a path cannot inject a command)
    ours = ("::group::", "::endgroup::", "::error ", "::warning ", "::notice ")
    assert all(line.startswith(ours) or not line.startswith("::") for line in lines)
    injected = [line for line in lines if "pwned" in line and line.startswith("::")]
    assert all(line.startswith(("::group::", "::warning file=%3A%3Aerror file=x%3A%3Apwned"))
               for line in injected)


def test_github_no_findings_and_annotation_cap():
    assert out("github", [], files_checked=4) == "No findings in 4 files.\n"
    many = [finding("SL102", "Dockerfile", Span(i, 1, i, 2)) for i in range(1, 13)]
    last = out("github", many).splitlines()[-1]
    assert last.startswith("Found 12 findings (12 high) in 1 of 9 files.")
    assert "at most 10 annotations" in last
    assert "annotations" not in out("github", many[:10]).splitlines()[-1]


def test_github_paths_relative_to_root(tmp_path):
    f = finding("SL101", str(tmp_path / "sub" / "Dockerfile"))
    _, props, _ = parse_command(out("github", [f], root=str(tmp_path)).splitlines()[2])
    assert props["file"] == "sub/Dockerfile"
    stdin = finding("SL101", "-")
    _, props, _ = parse_command(out("github", [stdin]).splitlines()[2])
    assert set(props) == {"title"}


# --- gitlab -------------------------------------------------------------------------------

def gitlab(findings, **kw):
    text = out("gitlab", findings, **kw)
    assert text.isascii()
    return json.loads(text)


def test_gitlab_shape():
    issues = gitlab(FINDINGS + NASTY + [CONTROL])
    assert isinstance(issues, list) and len(issues) == len(FINDINGS) + len(NASTY) + 1
    sev = {Severity.CRITICAL: "blocker", Severity.HIGH: "critical", Severity.MEDIUM: "major",
           Severity.LOW: "minor", Severity.INFO: "info"}
    for issue, f in zip(issues, FINDINGS + NASTY + [CONTROL]):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == f.code and f.message in issue["description"]
        assert issue["severity"] == sev[f.severity]
        assert issue["location"]["path"] == f.path
        assert issue["location"]["lines"]["begin"] == f.span.line >= 1
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    assert gitlab([]) == []


def test_gitlab_fingerprints_unique_even_for_identical_findings():
    same = [finding("SL102", "Dockerfile", Span(n, 1, n, 5), message="same") for n in (3, 7, 9)]
    prints = [i["fingerprint"] for i in gitlab(FINDINGS + same + NASTY)]
    assert len(prints) == len(set(prints))


DOCKERFILE = """FROM python:latest
ENV DB_PASSWORD=Corr3ct-Horse-Battery
RUN pip install flask
FROM nginx
FROM nginx
"""

COMPOSE = """services:
  api:
    image: api
    environment:
      DB_PASSWORD: Corr3ct-Horse-Battery
  web:
    image: nginx:latest
"""


@pytest.mark.parametrize("name, text, insert_at", [
    ("Dockerfile", DOCKERFILE, 0), ("Dockerfile", DOCKERFILE, 3),
    ("compose.yaml", COMPOSE, 0), ("compose.yaml", COMPOSE, 5),
])
def test_gitlab_fingerprints_survive_unrelated_line_shifts(name, text, insert_at):
    before = lint_text(name, text)
    lines = text.splitlines(keepends=True)
    lines.insert(insert_at, "# an unrelated comment\n")
    after = lint_text(name, "".join(lines))
    assert len(before) == len(after) >= 3
    assert [f.span.line for f in before] != [f.span.line for f in after]  # really shifted
    a = {i["fingerprint"]: i["check_name"] for i in gitlab(before)}
    b = {i["fingerprint"]: i["check_name"] for i in gitlab(after)}
    assert len(a) == len(before) and a == b
    # a new finding gets a new fingerprint, the old ones stay
    grown = lint_text(name, "".join(lines) + ("FROM nginx\n" if name == "Dockerfile"
                                               else "  db:\n    image: postgres\n"))
    c = {i["fingerprint"] for i in gitlab(grown)}
    assert set(a) < c


def test_content_key_ignores_line_numbers():
    a = Finding("SL002", "duplicate-key", Severity.MEDIUM,
                "duplicate key 'x' (first written on line 3); the last  value wins", "c.yaml")
    b = Finding("SL002", "duplicate-key", Severity.MEDIUM,
                "duplicate key 'x' (first written on line 14); the last value wins", "c.yaml",
                Span(20, 1, 20, 2))
    assert content_key(a) == content_key(b)
    assert fingerprints([a]) == fingerprints([b])
    assert fingerprints([a, b])[0] != fingerprints([a, b])[1]
    c = Finding("SL002", "duplicate-key", Severity.MEDIUM, "duplicate key 'y'", "c.yaml")
    assert content_key(a) != content_key(c)


def test_gitlab_paths_relative_to_root(tmp_path):
    f = finding("SL101", str(tmp_path / "k8s" / "pod.yaml"))
    g = finding("SL101", "/elsewhere/pod.yaml")
    issues = gitlab([f, g], root=str(tmp_path))
    assert [i["location"]["path"] for i in issues] == ["k8s/pod.yaml", "/elsewhere/pod.yaml"]
    # a backslash separates on Windows; elsewhere it is a character of the file name
    assert repo_path("rel\\win\\Dockerfile", None) == (
        "rel/win/Dockerfile" if os.name == "nt" else "rel\\win\\Dockerfile")
    # the fingerprint uses the repository path, so it does not depend on the checkout place
    moved = finding("SL101", str(tmp_path / "other" / "k8s" / "pod.yaml"))
    assert gitlab([f], root=str(tmp_path))[0]["fingerprint"] == \
        gitlab([moved], root=str(tmp_path / "other"))[0]["fingerprint"]


# --- junit --------------------------------------------------------------------------------

def xml(fmt, findings, **kw):
    text = out(fmt, findings, **kw)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_shape():
    root = xml("junit", FINDINGS)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("7", "7")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["Dockerfile", "deploy/k8s/app.yaml",
                                               "my dir/compose.yaml"]
    cases = [c for s in suites for c in s.findall("testcase")]
    assert len(cases) == len(FINDINGS)
    for s in suites:
        assert int(s.get("tests")) == int(s.get("failures")) == len(s.findall("testcase"))
        names = [c.get("name") for c in s.findall("testcase")]
        assert len(names) == len(set(names))
    for case, f in zip(cases, FINDINGS):
        assert case.get("classname") == case.get("file") == f.path
        assert case.get("line") == str(f.span.line)
        assert case.get("name").startswith(f"{f.code} {f.name}: ")
        failure = case.find("failure")
        assert failure.get("message") == f.message
        assert failure.get("type") == f"{f.code} {f.severity}"
        assert failure.text.startswith(f"{f.path}:{f.span.line}:{f.span.column}: {f.code} ")
        assert "How to fix: Fix " in failure.text or f.code.startswith("SL0")


def test_junit_names_do_not_depend_on_lines():
    a = [c.get("name") for c in xml("junit", lint_text("Dockerfile", DOCKERFILE)).iter("testcase")]
    b = [c.get("name") for c in
         xml("junit", lint_text("Dockerfile", "# moved\n" + DOCKERFILE)).iter("testcase")]
    assert a == b and len(a) == len(set(a))


def test_junit_escaping():
    root = xml("junit", NASTY + [CONTROL])
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites[:-1]] == NASTY_PATHS
    for s in suites[:-1]:
        failure = s.find("testcase/failure")
        assert failure.get("message") == NASTY_MESSAGE  # CR and LF kept as &#13; and &#10;
        assert NASTY_MESSAGE.replace("\r", "\n") in failure.text  # element text: CR -> LF
    ctl = suites[-1]
    assert ctl.get("name") == "ctl\\x07/bad-\\udcff/Dockerfile"
    assert ctl.find("testcase/failure").get("message") == \
        "bad \\x1b[31mred\\x1b[0m \\x00 \\u202e end"


def test_junit_clean_run_passes():
    root = xml("junit", [], files_checked=4)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    case = root.find("testsuite/testcase")
    assert case.get("name") == "no findings in 4 files" and case.find("failure") is None


# --- checkstyle ---------------------------------------------------------------------------

def test_checkstyle_shape():
    root = xml("checkstyle", FINDINGS)
    assert root.tag == "checkstyle" and root.get("version")
    files = root.findall("file")
    assert [f.get("name") for f in files] == ["Dockerfile", "deploy/k8s/app.yaml",
                                              "my dir/compose.yaml"]
    errors = [e for f in files for e in f.findall("error")]
    assert len(errors) == len(FINDINGS)
    sev = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
           Severity.LOW: "info", Severity.INFO: "info"}
    for e, f in zip(errors, FINDINGS):
        assert e.attrib == {"line": str(f.span.line), "column": str(f.span.column),
                            "severity": sev[f.severity], "message": f.message, "source": f.code}
    empty = xml("checkstyle", [])
    assert empty.tag == "checkstyle" and list(empty) == []


def test_checkstyle_escaping():
    text = out("checkstyle", NASTY + [CONTROL])
    assert "&lt;tag&gt; &amp; &quot;double&quot;" in text and "&#10;" in text
    root = ET.fromstring(text.encode("utf-8"))
    files = root.findall("file")
    assert [f.get("name") for f in files[:-1]] == NASTY_PATHS
    for f in files[:-1]:
        assert f.find("error").get("message") == NASTY_MESSAGE
    assert files[-1].get("name") == "ctl\\x07/bad-\\udcff/Dockerfile"


# --- secrets ------------------------------------------------------------------------------

# Assembled from parts so this file does not look like it holds live credentials.
SECRET_VALUES = ["ghp_" + "R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue", "Corr3ct-Horse-Battery",
                 "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "Zx9-Very-Private",
                 "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"]
SECRET_FILES = {
    "Dockerfile": f"FROM alpine\nARG GH={SECRET_VALUES[0]}\nENV DB_PASSWORD={SECRET_VALUES[1]}\n"
                  f"RUN curl -u admin:{SECRET_VALUES[3]} https://example.com/\n",
    "compose.yaml": f"services:\n  app:\n    image: app\n    environment:\n"
                    f"      STRIPE: {SECRET_VALUES[2]}\n      DB_PASSWORD: {SECRET_VALUES[1]}\n",
    "k8s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n"
                f"  password: {SECRET_VALUES[1]}\n  id_rsa: |\n    -----BEGIN RSA PRIVATE KEY-----\n"
                f"    {SECRET_VALUES[4]}\n    -----END RSA PRIVATE KEY-----\n",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_in_any_format(fmt):
    findings = sorted((f for name, text in SECRET_FILES.items() for f in lint_text(name, text)),
                      key=lambda f: f.sort_key)
    assert sum(f.code == "SL103" for f in findings) >= 6
    from helpers import RULES as ALL_RULES
    text = render(fmt, findings, ALL_RULES, files_checked=3, show_source=True,
                  sources=SECRET_FILES)
    for value in SECRET_VALUES:
        assert value not in text and value[:10] not in text, (fmt, value)
