"""Output formats: text, JSON and SARIF (schema-valid and shaped the way GitHub wants)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest

import linter
from linter.engine import CORE_RULES, Rule
from linter.findings import Finding, Severity, Span
from linter.report import FORMATS, render, summary, use_color
from linter.report import sarif as sarif_mod

SCHEMA_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class DockerTarget:
    FORMAT = "dockerfile"


class PodTarget:
    FORMAT = "kubernetes"


def make_rule(code: str, name: str, severity: Severity, *, tags=(), target=DockerTarget,
              **kw) -> Rule:
    rule = Rule(code, name, severity, kw.pop("summary", f"Summary of {name}"),
                kw.pop("rationale", f"Why {name} matters."),
                kw.pop("remediation", f"Fix {name} like `this`."), tags=list(tags), **kw)
    rule.check(target)(lambda t: [])
    return rule


RULES = [
    make_rule("SL101", "unpinned-image", Severity.MEDIUM, tags=["supply-chain"],
              references=["https://docs.docker.com/build/building/best-practices/"],
              aliases={"hadolint": "DL3006", "trivy": ["AVD-DS-0001", "DS001"]}),
    make_rule("SL102", "root-user", Severity.HIGH, tags=["security"]),
    make_rule("SL201", "privileged-container", Severity.CRITICAL, target=PodTarget),
    make_rule("SL301", "style-thing", Severity.LOW, tags=["style"], security=False),
    make_rule("SL302", "info-thing", Severity.INFO),
    make_rule("SL999", "never-fires", Severity.HIGH),
    *CORE_RULES.values(),
]
BY_CODE = {r.code: r for r in RULES}


def finding(code: str, path: str, span: Span = Span(1, 1, 1, 2), message: str | None = None,
            severity: Severity | None = None, fix: str | None = None) -> Finding:
    rule = BY_CODE[code]
    return Finding(code, rule.name, severity or rule.severity,
                   message or f"{rule.summary} here.", path, span, fix)


FINDINGS = sorted([
    finding("SL101", "Dockerfile", Span(1, 6, 1, 17), fix="pin it"),
    finding("SL102", "Dockerfile", Span(9, 1, 9, 1)),  # empty range -> endColumn start+1
    finding("SL001", "Dockerfile", Span(12, 3, 12, 8)),
    finding("SL201", "deploy/k8s/app.yaml", Span(4, 7, 6, 2)),
    finding("SL301", "deploy/k8s/app.yaml", Span(20, 1, 20, 30)),
    finding("SL302", "my dir/compose.yaml"),
    finding("SL102", "my dir/compose.yaml", Span(3, 1), severity=Severity.MEDIUM),
], key=lambda f: f.sort_key)


# --- text ---------------------------------------------------------------------------------

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>SL\d{3}) "
                  r"\[(?P<sev>critical|high|medium|low|info)\] (?P<msg>.+)$")


def test_text_one_finding_a_line_grouped_by_file():
    out = render("text", FINDINGS, RULES, files_checked=5)
    assert out.endswith("\n")
    blocks = out[:-1].split("\n\n")
    assert len(blocks) == 3
    for block in blocks:
        paths = {LINE.match(line)["path"] for line in block.split("\n")}
        assert len(paths) == 1
    lines = [line for line in out.splitlines() if line]
    assert len(lines) == len(FINDINGS)
    first = LINE.match(lines[0])
    assert first.groupdict() == {"path": "Dockerfile", "line": "1", "col": "6", "code": "SL101",
                                 "sev": "medium", "msg": "Summary of unpinned-image here."}
    assert [LINE.match(line)["code"] for line in lines] == [f.code for f in FINDINGS]


def test_text_empty_and_plain_by_default():
    assert render("text", [], RULES, files_checked=3) == ""
    assert not ANSI.search(render("text", FINDINGS, RULES, files_checked=5))


def test_text_colour_only_when_asked():
    out = render("text", FINDINGS, RULES, files_checked=5, color=True)
    assert "\x1b[1mDockerfile:1:6:\x1b[0m" in out
    assert "\x1b[31mSL102\x1b[0m" in out  # high: red
    assert "\x1b[1;35mSL201\x1b[0m" in out  # critical
    assert ANSI.sub("", out) == render("text", FINDINGS, RULES, files_checked=5)


def test_text_escapes_control_characters():
    evil = Finding("SL101", "unpinned-image", Severity.MEDIUM,
                   "image \x1b[2Jx\nfake.yaml:1:1: SL001 [high] no", "a\rb\u202e/Dockerfile")
    out = render("text", [evil], RULES, files_checked=1)
    assert out.count("\n") == 1 and "\x1b" not in out and "\r" not in out
    assert "\\x1b[2Jx\\x0afake.yaml" in out and "a\\x0db\\u202e/Dockerfile" in out


# --- colour decision ------------------------------------------------------------------------

class Stream:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("env, tty, expected", [
    ({}, True, True),
    ({}, False, False),
    ({"NO_COLOR": "1"}, True, False),
    ({"NO_COLOR": ""}, True, True),              # empty NO_COLOR is ignored
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),  # NO_COLOR wins
    ({"FORCE_COLOR": "1"}, False, True),
    ({"FORCE_COLOR": ""}, False, False),
    ({"TERM": "dumb"}, True, False),
    ({"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
    ({"TERM": "xterm-256color"}, True, True),
])
def test_use_color(monkeypatch, env, tty, expected):
    for var in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert use_color(Stream(tty)) is expected


def test_use_color_without_isatty(monkeypatch):
    for var in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(var, raising=False)
    assert use_color(object()) is False


# --- summary ------------------------------------------------------------------------------

def test_summary():
    assert summary([], 27) == "No findings in 27 files."
    assert summary([], 1) == "No findings in 1 file."
    assert summary(FINDINGS, 27) == \
        "Found 7 findings (1 critical, 2 high, 2 medium, 1 low, 1 info) in 3 of 27 files."
    assert summary(FINDINGS[:1], 1) == "Found 1 finding (1 medium) in 1 of 1 file."


def test_unknown_format():
    assert FORMATS[:2] == ("text", "json") and "sarif" in FORMATS
    with pytest.raises(ValueError, match="one of: text, json, json-lines, sarif, gnu, "):
        render("xml", FINDINGS, RULES, files_checked=1)


# --- json ---------------------------------------------------------------------------------

def test_json_round_trip():
    out = render("json", FINDINGS, RULES, files_checked=5)
    assert out.endswith("}\n") and out.startswith('{\n  "version"')
    doc = json.loads(out)
    assert list(doc) == ["version", "files_checked", "findings"]
    assert doc["version"] == linter.__version__ and doc["files_checked"] == 5
    assert len(doc["findings"]) == len(FINDINGS)
    for item, f in zip(doc["findings"], FINDINGS):
        assert list(item) == ["code", "name", "severity", "message", "path", "line", "column",
                              "end_line", "end_column", "fix"]
        back = Finding(item["code"], item["name"], Severity.parse(item["severity"]),
                       item["message"], item["path"],
                       Span(item["line"], item["column"], item["end_line"], item["end_column"]),
                       item["fix"])
        assert back == f and back.fix == f.fix
    assert doc["findings"][0]["fix"] == "pin it"
    assert doc["findings"][1]["fix"] is None


def test_json_empty_and_non_ascii():
    assert json.loads(render("json", [], RULES, files_checked=0))["findings"] == []
    f = finding("SL101", "café/Dockerfile", message="naïve ✓")
    out = render("json", [f], RULES, files_checked=1)
    assert out.isascii()
    assert json.loads(out)["findings"][0]["message"] == "naïve ✓"


# --- sarif --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def validator():
    if not SCHEMA_PATH.is_file():
        pytest.skip("../shared/schemas not present")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def assert_github_ready(doc):
    """What GitHub code scanning needs beyond the schema."""
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["automationDetails"]["id"] == "shiplint/"
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "shiplint"
    assert driver["version"] == driver["semanticVersion"] == linter.__version__
    assert isinstance(run["results"], list)
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        for key in ("shortDescription", "fullDescription"):
            assert r[key]["text"].strip() and len(r[key]["text"]) <= 1024
        assert r["help"]["text"].strip() and r["help"]["markdown"].strip()
        assert r["helpUri"].endswith("#" + r["id"].lower())
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        props = r["properties"]
        assert props["precision"] == "high"
        assert 0 < len(props["tags"]) <= 20
        if "security-severity" in props:
            assert isinstance(props["security-severity"], str)
            assert 0.0 < float(props["security-severity"]) <= 10.0
            assert "security" in props["tags"]
        else:
            assert props["problem.severity"] in ("error", "warning", "recommendation")
    for res in run["results"]:
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"].strip()
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert len(res["locations"]) == 1
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert uri and "\\" not in uri and " " not in uri
        if not uri.startswith("file://"):
            assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            assert not uri.startswith("/") and ".." not in uri.split("/")
        reg = loc["region"]
        assert min(reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]) >= 1
        assert (reg["endLine"], reg["endColumn"]) > (reg["startLine"], reg["startColumn"])
        assert "snippet" not in reg


def sarif(findings, **kw):
    out = render("sarif", findings, RULES, files_checked=3, **kw)
    assert out.endswith("\n") and out.isascii()
    return json.loads(out)


def test_sarif_valid_and_github_ready(validator):
    doc = sarif(FINDINGS)
    assert_valid(validator, doc)
    assert_github_ready(doc)
    run = doc["runs"][0]
    # only rules with results, sorted by code
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == \
        ["SL001", "SL101", "SL102", "SL201", "SL301", "SL302"]
    assert [r["ruleId"] for r in run["results"]] == [f.code for f in FINDINGS]


def test_sarif_empty_run_has_results_array(validator):
    doc = sarif([])
    assert_valid(validator, doc)
    assert_github_ready(doc)
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_levels_are_always_written():
    doc = sarif(FINDINGS)
    by_rule = {}
    for res in doc["runs"][0]["results"]:
        by_rule.setdefault(res["ruleId"], []).append(res["level"])
    assert by_rule == {"SL001": ["error"], "SL101": ["warning"], "SL102": ["error", "warning"],
                       "SL201": ["error"], "SL301": ["note"], "SL302": ["note"]}
    levels = {r["id"]: r["defaultConfiguration"]["level"]
              for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert levels["SL101"] == "warning"  # the model default, still written


def test_sarif_rule_metadata():
    rules = {r["id"]: r for r in sarif(FINDINGS)["runs"][0]["tool"]["driver"]["rules"]}
    r = rules["SL101"]
    assert r["name"] == "unpinned-image"
    assert r["shortDescription"]["text"] == "Summary of unpinned-image"
    assert r["fullDescription"]["text"] == "Why unpinned-image matters."
    assert "Fix unpinned-image like `this`." in r["help"]["text"]
    assert "https://docs.docker.com/build/building/best-practices/" in r["help"]["text"]
    assert "hadolint DL3006" in r["help"]["text"]
    assert "trivy AVD-DS-0001, DS001" in r["help"]["text"]
    assert "hadolint `DL3006`" in r["help"]["markdown"]
    assert r["helpUri"] == "https://github.com/shiplint/shiplint/blob/main/docs/rules.md#sl101"
    assert r["properties"]["tags"] == ["security", "supply-chain", "dockerfile"]
    severities = {code: rules[code]["properties"].get("security-severity") for code in rules}
    assert severities == {"SL001": None, "SL101": "5.5", "SL102": "8.0", "SL201": "9.5",
                          "SL301": None, "SL302": "1.0"}
    assert "kubernetes" in rules["SL201"]["properties"]["tags"]
    assert rules["SL001"]["properties"]["problem.severity"] == "error"
    assert rules["SL301"]["properties"]["problem.severity"] == "recommendation"
    assert "security" not in rules["SL301"]["properties"]["tags"]


def test_sarif_regions():
    results = sarif(FINDINGS)["runs"][0]["results"]
    regions = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]):
               r["locations"][0]["physicalLocation"]["region"] for r in results}
    assert regions[("SL101", "Dockerfile")] == \
        {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 17}
    assert regions[("SL102", "Dockerfile")] == \
        {"startLine": 9, "startColumn": 1, "endLine": 9, "endColumn": 2}
    assert regions[("SL201", "deploy/k8s/app.yaml")] == \
        {"startLine": 4, "startColumn": 7, "endLine": 6, "endColumn": 2}
    # a span whose end line was left before its start line
    assert sarif_mod.to_jsonable(sarif_mod.region(Span(5, 3))) == \
        {"startLine": 5, "startColumn": 3, "endLine": 5, "endColumn": 4}


def uri_of(path, root=None):
    loc = sarif_mod.to_jsonable(sarif_mod.artifact_location(path, root))
    return loc["uri"], loc.get("uriBaseId")


def test_sarif_uris(tmp_path, monkeypatch):
    assert uri_of("my dir/compose.yaml") == ("my%20dir/compose.yaml", "%SRCROOT%")
    assert uri_of("deploy\\k8s\\app.yaml") == ("deploy/k8s/app.yaml", "%SRCROOT%")
    assert uri_of("./a/../b/Dockerfile") == ("b/Dockerfile", "%SRCROOT%")
    assert uri_of("c:odd#name?.yaml") == ("c%3Aodd%23name%3F.yaml", "%SRCROOT%")
    assert uri_of("café/Dockerfile") == ("caf%C3%A9/Dockerfile", "%SRCROOT%")
    assert uri_of("bad-\udcff/Dockerfile") == ("bad-%FF/Dockerfile", "%SRCROOT%")
    # absolute paths: relative to root when under it, else file:// URIs
    root = tmp_path / "repo"
    assert uri_of(str(root / "sub dir" / "Dockerfile"), str(root)) == \
        ("sub%20dir/Dockerfile", "%SRCROOT%")
    assert uri_of(str(root) + "/x/../Dockerfile", str(root) + "/") == ("Dockerfile", "%SRCROOT%")
    assert uri_of("/etc/other/Dockerfile", str(root)) == ("file:///etc/other/Dockerfile", None)
    assert uri_of("/etc/a b/Dockerfile") == ("file:///etc/a%20b/Dockerfile", None)
    assert uri_of(str(root) + "-sibling/Dockerfile", str(root))[0].startswith("file:///")
    assert uri_of("C:\\Users\\me\\app\\Dockerfile") == ("file:///C:/Users/me/app/Dockerfile", None)
    assert uri_of("C:\\Repo\\k8s\\pod.yaml", "c:\\repo") == ("k8s/pod.yaml", "%SRCROOT%")
    assert uri_of("\\\\server\\share\\Dockerfile") == ("file://server/share/Dockerfile", None)
    # relative paths are taken from the working directory when a root is given
    monkeypatch.chdir(tmp_path)
    assert uri_of("repo/k8s/pod.yaml", "repo") == ("k8s/pod.yaml", "%SRCROOT%")
    assert uri_of("elsewhere/pod.yaml", str(root)) == \
        ((tmp_path / "elsewhere" / "pod.yaml").as_uri(), None)
    assert uri_of("../up.yaml") == ((tmp_path.parent / "up.yaml").as_uri(), None)


def test_sarif_odd_paths_are_valid(validator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = ["my dir/compose.yaml", "deploy\\k8s\\app.yaml", "C:\\Users\\me\\Dockerfile",
             "/abs/elsewhere/Dockerfile", str(tmp_path / "in root.yaml"), "-",
             "c:odd#name?.yaml", "café/Dockerfile", "100%/x.yaml", "../up.yaml"]
    findings = [finding("SL101", p) for p in paths]
    doc = sarif(findings, root=".")
    assert_valid(validator, doc)
    assert_github_ready(doc)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"]]
    assert uris[:2] == ["my%20dir/compose.yaml", "deploy/k8s/app.yaml"]
    assert uris[4] == "in%20root.yaml"
    assert uris[2:4] == ["file:///C:/Users/me/Dockerfile", "file:///abs/elsewhere/Dockerfile"]
    assert uris[8] == "100%25/x.yaml"
    assert uris[9] == (tmp_path.parent / "up.yaml").as_uri()


def test_schema_checks_uris(validator):
    """Guard: the format checker is live (rfc3986-validator installed), so bad URIs fail."""
    doc = sarif(FINDINGS)
    bad = copy.deepcopy(doc)
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        = "my dir\\x y.yaml"
    assert list(validator.iter_errors(bad))


def test_sarif_unknown_rule_and_empty_message(validator):
    # a rule missing from the list still gets a descriptor with non-empty texts
    stray = Finding("XX123", "mystery-rule", Severity.LOW, "", "Dockerfile")
    doc = sarif([stray])
    assert_valid(validator, doc)
    assert_github_ready(doc)
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["id"] == "XX123" and rule["shortDescription"]["text"] == "mystery rule"
    assert doc["runs"][0]["results"][0]["message"]["text"] == "mystery rule"


def test_sarif_long_descriptions_are_clipped():
    long_rule = make_rule("SL401", "long-one", Severity.HIGH, rationale="word " * 500,
                          tags=[f"t{i}" for i in range(30)])
    f = Finding("SL401", "long-one", Severity.HIGH, "m", "Dockerfile")
    doc = json.loads(render("sarif", [f], [long_rule], files_checked=1))
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]
    assert len(rule["fullDescription"]["text"]) <= 1024
    assert len(rule["properties"]["tags"]) == 20
    assert_github_ready(doc)


def test_sarif_serializer_keeps_explicit_defaults():
    import sarif_om as om
    res = om.Result(message=om.Message(text="m"), level="warning", rule_id="SL101", rule_index=0)
    assert sarif_mod.to_jsonable(res) == \
        {"ruleId": "SL101", "ruleIndex": 0, "level": "warning", "message": {"text": "m"}}
    loc = om.Location(physical_location=om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(uri="a")))
    assert sarif_mod.to_jsonable(loc) == {"physicalLocation": {"artifactLocation": {"uri": "a"}}}
