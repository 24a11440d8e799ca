"""Fixes (``shiplint check --fix``): applying edits keeps the rest of the file byte for byte
(comments, quoting, CRLF, a BOM), conflicting fixes wait for the next pass, a fixed file
linted again has no finding of the fixed rule, fixing twice changes nothing the second time,
and the command line writes, diffs and prints what it should.

``fixed(code, filename, text)`` is the helper the per-rule tests use: it fixes ``text`` with
that one rule and checks the general promises on the way.
"""

from __future__ import annotations

import collections
import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings

from helpers import ALL, RULES, lint_text
from linter import fix
from linter.engine import Engine, select_rules
from linter.findings import Autofix, Edit, Finding, Severity, Span
from test_cli import run

# ------------------------------------------------------------------------------ helpers


def _engine(code: str, select: list[str] | None = None, options=None) -> Engine:
    return Engine(select_rules(RULES, select=[code, *(select or ())]), options=options)


def _parse_errors(findings) -> int:
    return sum(1 for f in findings if f.name == "parse-error")


def fixed(code: str, filename: str, text: str, *, unsafe: bool = True, gone: bool = True,
          select: list[str] | None = None, options=None) -> str:
    """``text`` (dedented) fixed with only rule ``code`` selected (plus ``select``). Checks
    on the way: something was fixed, the result parses no worse, fixing it again changes
    nothing, and (``gone``) the rule reports nothing on it any more."""
    engine = _engine(code, select, options)
    text = textwrap.dedent(text)

    def lint(t: str) -> list[Finding]:
        return lint_text(filename, t, engine)

    before = lint(text)
    result = fix.fix_text(text, lint, unsafe)
    assert result.fixed, f"{code} fixed nothing on:\n{text}\n{[f.message for f in before]}"
    assert not result.broken, [f.message for f in result.broken]
    after = lint(result.text)
    assert _parse_errors(after) <= _parse_errors(before), result.text
    again = fix.fix_text(result.text, lint, unsafe)
    assert again.text == result.text, f"not idempotent:\n{result.text}\n---\n{again.text}"
    if gone:
        left = [f.message for f in after if f.code == code]
        assert not left, (left, result.text)
    return result.text


def not_fixed(code: str, filename: str, text: str, *, unsafe: bool = True,
              select: list[str] | None = None) -> None:
    """Rule ``code`` reports ``text`` (dedented) but offers no fix that applies."""
    engine = _engine(code, select)
    text = textwrap.dedent(text)
    found = [f for f in lint_text(filename, text, engine) if f.code == code]
    assert found, f"{code} does not fire"
    new, done = fix.apply(text, found, unsafe)
    assert not done and new == text, new


def fixed_everywhere(code: str, filename: str, text: str, expected: str, **kw) -> None:
    """``fixed`` gives ``expected`` on ``text`` as written, with CRLF line endings (CRLF out)
    and with a byte-order mark (kept)."""
    text, expected = textwrap.dedent(text), textwrap.dedent(expected)
    assert fixed(code, filename, text, **kw) == expected
    crlf = fixed(code, filename, text.replace("\n", "\r\n"), **kw)
    assert crlf == expected.replace("\n", "\r\n"), crlf
    assert fixed(code, filename, "\ufeff" + text, **kw) == "\ufeff" + expected


def _finding(span: Span, *edits: tuple[Span, str], safe: bool = True, code: str = "SL999"
             ) -> Finding:
    return Finding(code, "x", Severity.LOW, f"at {span}", "f", span,
                   autofix=Autofix("d", tuple(Edit(s, t) for s, t in edits), safe))


# ------------------------------------------------------------------------------ apply


def test_apply_replaces_inserts_and_deletes_in_one_pass():
    text = "one two\nthree\nfour\n"
    found = [_finding(Span(1, 1, 1, 4), (Span(1, 1, 1, 4), "ONE")),
             _finding(Span(2, 6, 2, 6), (Span(2, 6, 2, 6), "!")),
             _finding(Span(3, 1, 3, 1), (Span(3, 1, 4, 1), ""))]
    new, done = fix.apply(text, found)
    assert new == "ONE two\nthree!\n" and len(done) == 3


def test_apply_keeps_crlf_and_writes_crlf_in_new_lines():
    text = "a\r\nb\r\n"
    new, _ = fix.apply(text, [_finding(Span(2, 1), (Span(2, 1, 2, 1), "x\ny\n"))])
    assert new == "a\r\nx\r\ny\r\nb\r\n"


def test_apply_keeps_a_bom_and_counts_columns_after_it():
    text = "\ufeffab\n"
    new, _ = fix.apply(text, [_finding(Span(1, 1), (Span(1, 1, 1, 2), "A"))])
    assert new == "\ufeffAb\n"


def test_a_line_added_after_a_last_line_without_line_break_gets_one():
    new, _ = fix.apply("a\nb", [_finding(Span(3, 1), (Span(3, 1, 3, 1), "c\n"))])
    assert new == "a\nb\nc\n"
    new, _ = fix.apply("a\r\nb", [_finding(Span(3, 1), (Span(3, 1, 3, 1), "c\n"))])
    assert new == "a\r\nb\r\nc\r\n"


def test_overlapping_fixes_wait_for_the_next_pass():
    text = "abcdef\n"
    first = _finding(Span(1, 1), (Span(1, 1, 1, 4), "X"))
    second = _finding(Span(1, 2), (Span(1, 3, 1, 5), "Y"))
    same_place = _finding(Span(1, 3), (Span(1, 1, 1, 1), "Z"))  # inserts where first starts
    new, done = fix.apply(text, [second, same_place, first])
    assert new == "Xdef\n" and done == [first]


def test_a_fix_made_of_several_edits_is_applied_whole_or_not_at_all():
    text = "key value\n"
    both = _finding(Span(1, 1), (Span(1, 4, 1, 5), '="'), (Span(1, 10, 1, 10), '"'))
    clash = _finding(Span(1, 9), (Span(1, 10, 1, 10), "!"))
    new, done = fix.apply(text, [both, clash])
    assert new == 'key="value"\n' and done == [both]


def test_the_same_edits_from_two_findings_are_applied_once_and_fix_both():
    a = _finding(Span(1, 1), (Span(2, 1, 2, 1), "x\n"))
    b = _finding(Span(1, 5), (Span(2, 1, 2, 1), "x\n"))
    new, done = fix.apply("a\nb\n", [a, b])
    assert new == "a\nx\nb\n" and len(done) == 2


def test_unsafe_fixes_need_asking_for():
    f = _finding(Span(1, 1), (Span(1, 1, 1, 2), "B"), safe=False)
    assert fix.apply("a\n", [f]) == ("a\n", [])
    assert fix.apply("a\n", [f], unsafe=True) == ("B\n", [f])


def test_edits_outside_the_text_are_left_out():
    for span in (Span(1, 5, 1, 5), Span(3, 1, 3, 1), Span(0, 1, 0, 1), Span(1, 2, 1, 1)):
        assert fix.apply("ab\n", [_finding(Span(1, 1), (span, "x"))]) == ("ab\n", [])


def test_fix_text_stops_on_a_cycle_and_keeps_parsing():
    # a "fix" that toggles a word forever: the loop ends, bounded
    def lint(t: str) -> list[Finding]:
        word = "on" if t.startswith("off") else "off"
        return [_finding(Span(1, 1), (Span(1, 1, 1, len(t.rstrip("\n")) + 1), word))]

    result = fix.fix_text("on\n", lint)
    assert result.text in ("on\n", "off\n") and len(result.fixed) <= 2


def test_a_fix_that_breaks_the_file_is_left_out():
    """A fix that would make the file fail to parse (here: a FROM with a dangling AS) is
    left out, and the others of its pass are still applied."""
    engine = _engine("SL255")
    broken = Finding("SL999", "x", Severity.LOW, "m", "Dockerfile", Span(1, 1),
                     autofix=Autofix("d", (Edit(Span(1, 17, 1, 17), " AS"),), True))

    def lint(t: str) -> list[Finding]:
        return lint_text("Dockerfile", t, engine) + \
            ([broken] if t.startswith("FROM alpine:3.20\n") else [])

    result = fix.fix_text("FROM alpine:3.20\nrun echo\n", lint)
    assert result.text == "FROM alpine:3.20\nRUN echo\n"
    assert broken in result.broken and broken not in result.fixed


# ------------------------------------------------------------------------------ YAML edits


def test_add_entry_follows_block_and_flow_style_and_indentation():
    from linter.yaml import load

    doc = load("a:\n    b: 1\n    c: {x: 1}\n    d: {}\n")[0][0].root
    a = doc.get("a")
    assert fix.is_flow(a) is False and fix.is_flow(a.get("c")) and fix.is_flow(a.get("d"))
    assert fix.indent_step(doc) == 4
    assert fix.add_entry(a, ["k", "v"], "1", step=4, value_of_key=True) == (
        Edit(Span(3, 1, 3, 1), "    k:\n        v: 1\n"),)
    assert fix.add_entry(a.get("c"), ["k"], "[ALL]", step=4, value_of_key=True) == (
        Edit(Span(3, 13, 3, 13), ", k: [ALL]"),)
    assert fix.add_entry(a.get("d"), ["k", "v"], "1", step=4, value_of_key=True) == (
        Edit(Span(4, 9, 4, 9), "k: {v: 1}"),)


def test_nothing_merged_in_or_aliased_is_edited():
    from linter.yaml import load

    root = load("base: &b {x: 1}\nuse:\n  <<: *b\nref: *b\n")[0][0].root
    assert fix.add_entry(root.get("use"), ["k"], "1", step=2, value_of_key=True) is None


MANIFESTS = """\
# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web   # main
          image: nginx:1.27
          securityContext:
            capabilities:
              add:
                - NET_ADMIN
        - name: side
          image: busybox:1.36
          securityContext: {runAsNonRoot: true}
      initContainers:
      - name: init
        image: busybox:1.36
        securityContext:
          capabilities:
            drop:
            - NET_RAW
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, image: "nginx:1.27"}]}
---
apiVersion: v1
kind: Pod
metadata:
    name: q
spec:
    securityContext:
        runAsUser: 1000
    containers:
    -   name: a
        image: nginx:1.27
"""

MANIFESTS_FIXED = """\
# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: web   # main
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
              add:
                - NET_ADMIN
        - name: side
          image: busybox:1.36
          securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}, \
allowPrivilegeEscalation: false}
      initContainers:
      - name: init
        image: busybox:1.36
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop:
            - ALL
            - NET_RAW
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, image: "nginx:1.27", securityContext: {capabilities: \
{drop: [ALL]}, allowPrivilegeEscalation: false}}], securityContext: {seccompProfile: \
{type: RuntimeDefault}}}
---
apiVersion: v1
kind: Pod
metadata:
    name: q
spec:
    securityContext:
        runAsUser: 1000
        seccompProfile:
            type: RuntimeDefault
    containers:
    -   name: a
        image: nginx:1.27
        securityContext:
            allowPrivilegeEscalation: false
            capabilities:
                drop: [ALL]
"""


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom"])
def test_kubernetes_fixes_together_in_a_multi_document_file(variant):
    """SL123, SL127 and SL306 fixed together in three documents written three ways (block
    with comments and an existing securityContext / capabilities / add-only list, flow,
    four-space indentation): every edit in the style around it, the documents kept, nothing
    of the three rules left, and a second run changes nothing."""
    import yaml

    engine = _engine("SL123", ["SL127", "SL306"])
    text, want = MANIFESTS, MANIFESTS_FIXED
    if variant == "crlf":
        text, want = text.replace("\n", "\r\n"), want.replace("\n", "\r\n")
    elif variant == "bom":
        text, want = "\ufeff" + text, "\ufeff" + want

    def lint(t: str) -> list[Finding]:
        return lint_text("all.yaml", t, engine)

    result = fix.fix_text(text, lint, unsafe=True)
    assert result.text == want
    assert {f.code for f in result.fixed} == {"SL123", "SL127", "SL306"}
    assert not [f for f in lint(result.text) if f.code in ("SL123", "SL127", "SL306")]
    assert len(list(yaml.safe_load_all(result.text.lstrip("\ufeff")))) == 3
    assert fix.fix_text(result.text, lint, unsafe=True).text == result.text
    assert fix.fix_text(text, lint).text == text  # all three are unsafe


def test_a_file_that_does_not_parse_is_not_fixed():
    """Its fixes are placed by a tree that is not the whole file: none is applied, even to
    the documents that parse."""
    engine = _engine("SL204", ["SL127"])
    for name, text in (("Dockerfile", "FROM debian:12\nRUN apt-get install curl\nFROM\n"),
                       ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n"
                                    "  containers:\n  - {name: a, image: 'a:1'}\n---\nx: [\n")):
        found = lint_text(name, text, engine)
        assert any(f.autofix for f in found) and _parse_errors(found)
        result = fix.fix_text(text, lambda t, name=name: lint_text(name, t, engine),
                              unsafe=True, findings=found)
        assert result.text == text and result.unparsed and not result.fixed


# ------------------------------------------------------------------------------ every rule


FIXABLE = [r for r in RULES if r.fixable]


def test_the_rules_that_fix_say_so():
    assert {r.code for r in FIXABLE} >= {"SL123", "SL127", "SL203", "SL204", "SL205", "SL233",
                                         "SL234", "SL235", "SL238", "SL255", "SL306", "SL413"}
    for r in RULES:
        assert r.fixable in (None, "safe", "unsafe"), r.code


#: where fixing one rule's failing example lets another rule report something it did not:
#: (fixed rule, example index) -> {other rule: why}. Empty: no fix makes a new finding.
NEW_FINDINGS_STATED: dict[tuple[str, int], dict[str, str]] = {}


def _all_findings(ex, text: str) -> collections.Counter:
    """Every rule's findings (opt-in ones too) on an example's text, counted by code."""
    engine = Engine(RULES, options=ex.options)
    return collections.Counter(f.code for f in lint_text(ex.filename, text, engine))


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda r: r.code)
def test_every_fixable_rule_fixes_its_failing_examples(rule):
    """The property over every fixable rule's failing examples: each finding's fix is of the
    rule's safety (an "unsafe" rule never calls a fix safe) and says what it does; fixing an
    example whose findings all have a fix leaves the rule silent, fixing it again changes
    nothing (``fixed`` checks it), and no other rule gets a finding it did not have (except
    where ``NEW_FINDINGS_STATED`` says why). At least one failing example gets a fix."""
    fixes = 0
    for n, ex in enumerate(rule.failing):
        if ex.files:
            continue  # linted with other files: not a single file to fix
        engine = Engine(select_rules(RULES, select=[rule.code]), options=ex.options)
        found = [f for f in lint_text(ex.filename, ex.text, engine) if f.code == rule.code]
        with_fix = [f for f in found if f.autofix is not None]
        for f in with_fix:
            assert f.autofix.safe is False or rule.fixable == "safe", (rule.code, n)
            assert f.autofix.description
        fixes += len(with_fix)
        if not with_fix:
            continue
        out = fixed(rule.code, ex.filename, ex.text, gone=len(with_fix) == len(found),
                    options=ex.options)
        assert out != ex.text
        before, after = _all_findings(ex, ex.text), _all_findings(ex, out)
        new = {c: after[c] - before[c] for c in after if after[c] > before[c]}
        stated = NEW_FINDINGS_STATED.get((rule.code, n), {})
        assert set(new) <= set(stated), (rule.code, n, new, out)
    assert fixes, f"no failing example of {rule.code} gets a fix"


def test_only_fixable_rules_fix():
    """No rule without ``fixable`` yields a fix (on every rule's examples)."""
    fixable = {r.code for r in FIXABLE}
    for r in RULES:
        for ex in r.failing + r.passing:
            for f in lint_text(ex.filename, ex.text, ALL):
                assert f.autofix is None or f.code in fixable, (f.code, ex.text)


# ------------------------------------------------------------------------------ properties

from test_properties import SEEDS, mutated  # noqa: E402  (the mutated-corpus strategy)

_FIX_ENGINE = Engine(select_rules(RULES, select=[r.code for r in FIXABLE]))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_fixing_mutated_corpus_files_never_raises_and_is_idempotent(case):
    name, data = case
    text = data.decode("utf-8", errors="replace")

    def lint(t: str) -> list[Finding]:
        return lint_text(name, t, _FIX_ENGINE)

    before = lint(text)
    result = fix.fix_text(text, lint, unsafe=True, findings=before)
    assert _parse_errors(lint(result.text)) <= _parse_errors(before)
    again = fix.fix_text(result.text, lint, unsafe=True)
    assert again.text == result.text


def test_fixing_corpus_seeds_fixes_what_they_report():
    """On real files (the property test's seeds) every fix applies, and each fixed rule
    reports no more findings that have a fix."""
    fixed_any = 0
    for name, data in SEEDS:
        text = data.decode("utf-8", errors="replace")

        def lint(t: str, name: str = name) -> list[Finding]:
            return lint_text(name, t, _FIX_ENGINE)

        result = fix.fix_text(text, lint, unsafe=True)
        assert not result.broken, (name, [f.message for f in result.broken])
        fixed_any += len(result.fixed)
        codes = {f.code for f in result.fixed}
        left = [f for f in result.remain if f.code in codes and f.autofix is not None]
        assert not left, (name, [(f.code, f.span, f.message) for f in left])
    assert fixed_any


# ------------------------------------------------------------------------------ CLI


DOCKERFILE = "FROM debian:12\r\n# the tools\r\nRUN apt-get update && apt-get install curl\r\n" \
             "CMD gunicorn app:app\r\n"
FIXED = "FROM debian:12\r\n# the tools\r\nRUN apt-get update && apt-get install -y curl\r\n" \
        'CMD ["gunicorn", "app:app"]\r\n'


def _project(tmp_path):
    (tmp_path / "Dockerfile").write_bytes(DOCKERFILE.encode())
    (tmp_path / "compose.yaml").write_text("version: '3'\nservices:\n  web:\n    image: a:1\n")
    return tmp_path


def test_cli_fix_writes_the_safe_fixes_and_reports_what_remains(tmp_path):
    d = _project(tmp_path)
    os.chmod(d / "Dockerfile", 0o640)
    r = run("check", str(d), "--select", "SL204,SL205,SL233", "--fix", "-f", "json")
    assert (d / "Dockerfile").read_bytes() == FIXED.encode()
    assert stat.S_IMODE(os.stat(d / "Dockerfile").st_mode) == 0o640
    remaining = json.loads(r.stdout)["findings"]
    assert [f["code"] for f in remaining] == ["SL205"]  # unsafe: not applied
    assert "Fixed 2 findings in 1 file." in r.stderr
    assert "1 more finding can be fixed with --unsafe-fixes" in r.stderr
    assert r.returncode == 0  # what remains is of severity info
    assert not [p for p in os.listdir(d) if p.startswith(".shiplint")]


def test_cli_unsafe_fixes_adds_the_others(tmp_path):
    d = _project(tmp_path)
    r = run("check", str(d / "Dockerfile"), "--select", "SL204,SL205", "--fix",
            "--unsafe-fixes")
    line = (d / "Dockerfile").read_bytes().splitlines()[2]
    assert b" -y" in line and b" --no-install-recommends" in line and b"curl" in line
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Fixed 2 findings in 1 file." in r.stderr


def test_cli_diff_prints_and_writes_nothing(tmp_path):
    d = _project(tmp_path)
    r = run("check", str(d), "--select", "SL204,SL413", "--diff")
    assert r.returncode == 1
    assert (d / "Dockerfile").read_bytes() == DOCKERFILE.encode()
    assert "-version: '3'\n" in r.stdout
    assert "+RUN apt-get update && apt-get install -y curl\n" in r.stdout
    assert f"--- {d}/compose.yaml\n+++ {d}/compose.yaml\n" in r.stdout
    assert "Would fix 2 findings in 2 files." in r.stderr
    clean = run("check", str(d), "--select", "SL101", "--diff")
    assert clean.returncode == 0 and clean.stdout == ""


def test_cli_fix_of_standard_input_prints_the_fixed_text(tmp_path):
    r = subprocess.run([sys.executable, "-m", "linter", "check", "-", "--stdin-filename",
                        "Dockerfile", "--select", "SL204", "--fix"],
                       input=DOCKERFILE.encode(), capture_output=True, cwd=tmp_path)
    assert r.stdout == DOCKERFILE.replace("install curl", "install -y curl").encode()
    assert b"Fixed 1 finding in 1 file." in r.stderr
    assert r.returncode == 0
    assert os.listdir(tmp_path) == []  # never written to a file, even one named Dockerfile
    # the report of what remains goes to standard error, the fixed text alone to stdout
    r = subprocess.run([sys.executable, "-m", "linter", "check", "-", "--stdin-filename",
                        "Dockerfile", "--select", "SL204,SL205", "--fix"],
                       input=DOCKERFILE.encode(), capture_output=True, cwd=tmp_path)
    assert r.stdout == DOCKERFILE.replace("install curl", "install -y curl").encode()
    assert b"SL205" in r.stderr


def test_cli_unsafe_fixes_alone_is_a_usage_error(tmp_path):
    r = run("check", str(_project(tmp_path)), "--unsafe-fixes")
    assert r.returncode == 2 and "--unsafe-fixes: only applies with --fix or --diff" in r.stderr


def test_cli_fix_keeps_a_symlink_and_a_bom(tmp_path):
    real = tmp_path / "real.Dockerfile"
    real.write_bytes(b"\xef\xbb\xbf" + DOCKERFILE.encode())
    link = tmp_path / "Dockerfile"
    link.symlink_to(real.name)
    run("check", str(link), "--select", "SL204,SL233", "--fix")
    assert link.is_symlink()
    assert real.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()


def test_cli_fix_honours_suppressions(tmp_path):
    (tmp_path / "Dockerfile").write_text(
        "FROM debian:12\n# shiplint: ignore=SL204 -- asked on purpose\n"
        "RUN apt-get install curl\n")
    run("check", str(tmp_path), "--select", "SL204", "--fix")
    assert "install curl" in (tmp_path / "Dockerfile").read_text()


def test_the_rules_command_shows_what_fixes():
    r = run("rules", "--select", "SL204")
    assert "FIX" in r.stdout.splitlines()[0] and " safe " in r.stdout.splitlines()[1]
    data = json.loads(run("rules", "-f", "json", "--select", "SL127,SL101").stdout)
    assert {d["code"]: d["fixable"] for d in data} == {"SL101": None, "SL127": "unsafe"}
    assert "| fix |" in run("rules", "-f", "markdown", "--select", "SL204").stdout
    assert "Fixes: safe" in run("explain", "SL204").stdout


def test_the_diff_never_shows_a_secret_and_marks_a_missing_last_line_break():
    from test_properties import SECRET

    old = f"FROM alpine:3.20\nENV GITHUB_TOKEN {SECRET}\nrun echo"
    new = f"FROM alpine:3.20\nENV GITHUB_TOKEN={SECRET}\nRUN echo"
    out = fix.diff(old, new, "Dockerfile")
    assert SECRET not in out and "-[REDACTED]\n" in out and "+[REDACTED]\n" in out
    assert out.startswith("--- Dockerfile\n+++ Dockerfile\n")
    assert "+RUN echo\n\\ No newline at end of file\n" in out


def test_cli_diff_of_a_secret_shows_none(tmp_path):
    from test_properties import SECRET

    (tmp_path / "Dockerfile").write_text(f"FROM alpine:3.20\nENV GITHUB_TOKEN {SECRET}\n")
    r = run("check", str(tmp_path), "--select", "SL238", "--diff")
    assert r.returncode == 1 and "[REDACTED]" in r.stdout
    assert SECRET not in r.stdout + r.stderr


def test_no_edit_in_a_yaml_text_whose_line_numbers_depend_on_who_counts():
    # a form feed is a line break to str.splitlines (a YAML file's lines in the reports),
    # not to the YAML reader (which refuses it)
    f = _finding(Span(2, 1), (Span(2, 1, 2, 2), "X")).replace(path="f.yaml")
    assert fix.apply("a\x0cb\nc\n", [f]) == ("a\x0cb\nc\n", [])


def test_a_form_feed_is_a_character_of_a_dockerfile_line_to_the_fixer():
    # as to Docker and the Dockerfile parser (source.split_lines): line 2 is "c"
    f = _finding(Span(2, 1), (Span(2, 1, 2, 2), "X")).replace(path="Dockerfile")
    assert fix.apply("a\x0cb\nc\n", [f]) == ("a\x0cb\nX\n", [f])


def test_cli_fix_leaves_a_file_that_does_not_parse_and_says_so(tmp_path):
    text = "FROM debian:12\nRUN apt-get install curl\nFROM\n"
    (tmp_path / "Dockerfile").write_text(text)
    r = run("check", str(tmp_path), "--select", "SL204", "--fix")
    assert (tmp_path / "Dockerfile").read_text() == text
    assert "Dockerfile not fixed: it does not parse" in r.stderr
    assert "Fixed 0 findings in 0 files." in r.stderr and r.returncode == 1
    r = run("check", str(tmp_path), "--select", "SL204", "--diff")
    assert r.stdout == "" and r.returncode == 0 and "not fixed" in r.stderr


def test_cli_fix_leaves_what_the_baseline_holds(tmp_path):
    """The baseline's findings are not reported, so not fixed either: not in the first pass
    nor in a later one, where the file's own lint finds them again."""
    d = tmp_path
    (d / "Dockerfile").write_text("FROM debian:12\nRUN yum install a\n")
    run("check", str(d), "--select", "SL204", "--write-baseline", str(d / "base.json"))
    (d / "Dockerfile").write_text("FROM debian:12\nRUN apt-get install b\nRUN yum install a\n")
    r = run("check", str(d), "--select", "SL204", "--baseline", str(d / "base.json"), "--fix")
    assert (d / "Dockerfile").read_text() == \
        "FROM debian:12\nRUN apt-get install -y b\nRUN yum install a\n", r.stderr
    assert "Fixed 1 finding in 1 file." in r.stderr and r.returncode == 0
