"""Exceptions in the configuration, by rule, path and object, through the real CLI."""

from __future__ import annotations

import json
import pickle
import shutil

import pytest
from test_cli import run

from linter.findings import Finding, Severity, Subject

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {namespace}
spec:
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      initContainers:
      - name: init
        image: busybox:1.36
        securityContext:
          privileged: true
      containers:
      - name: app
        image: nginx:1.27
        securityContext:
          privileged: true
"""


def _check(tmp_path, config: str, *args: str):
    (tmp_path / ".shiplint.yaml").write_text(config)
    r = run("check", str(tmp_path), "-f", "json", "--include-suppressed", *args)
    assert r.returncode in (0, 1), r.stderr
    data = json.loads(r.stdout)
    return r, data["findings"], data.get("suppressed", [])


def _where(findings: list[dict]) -> list[tuple[str, str, int]]:
    return sorted((f["code"], f["path"].rsplit("/", 1)[-1], f["line"]) for f in findings)


def test_an_exception_for_one_init_container_leaves_the_others(tmp_path):
    (tmp_path / "deploy.yaml").write_text(DEPLOY.format(name="web", namespace="prod"))
    config = ("select: [SL120]\nexceptions:\n  - rule: privileged-container\n"
              "    kind: deployment\n    name: web\n    container: init\n"
              "    reason: init sets kernel parameters\n")
    r, found, suppressed = _check(tmp_path, config)
    assert _where(found) == [("SL120", "deploy.yaml", 22)]  # the app container stays
    [s] = suppressed
    assert (s["code"], s["line"], s["suppression"], s["justification"]) == \
        ("SL120", 17, "external", "init sets kernel parameters")
    assert r.returncode == 1


def test_sarif_marks_an_exception_external_with_its_reason(tmp_path):
    (tmp_path / "deploy.yaml").write_text(DEPLOY.format(name="web", namespace="prod"))
    (tmp_path / ".shiplint.yaml").write_text(
        "select: [SL120]\nexceptions:\n  - {rule: SL120, container: init, reason: sysctls}\n")
    r = run("check", str(tmp_path), "-f", "sarif", "--include-suppressed")
    results = json.loads(r.stdout)["runs"][0]["results"]
    marked = [x["suppressions"] for x in results if "suppressions" in x]
    assert marked == [[{"kind": "external", "justification": "sysctls"}]]
    # without --include-suppressed the report leaves it out
    r = run("check", str(tmp_path), "-f", "sarif")
    assert len(json.loads(r.stdout)["runs"][0]["results"]) == 1


def test_namespace_kind_and_name_globs(tmp_path):
    (tmp_path / "prod.yaml").write_text(DEPLOY.format(name="web-1", namespace="prod"))
    (tmp_path / "staging.yaml").write_text(DEPLOY.format(name="web-2", namespace="staging"))
    (tmp_path / "none.yaml").write_text(
        DEPLOY.format(name="web-3", namespace="x").replace("  namespace: x\n", ""))
    _, found, _ = _check(tmp_path, "select: [SL120]\nexceptions:\n"
                                   "  - {rule: SL120, namespace: staging, reason: test env}\n")
    assert {f["path"].rsplit("/", 1)[-1] for f in found} == {"prod.yaml", "none.yaml"}
    # an object that writes no namespace matches no `namespace:`, not even a glob of all
    _, found, _ = _check(tmp_path, "select: [SL120]\nexceptions:\n"
                                   "  - {rule: SL120, namespace: '*', reason: test env}\n")
    assert {f["path"].rsplit("/", 1)[-1] for f in found} == {"none.yaml"}
    _, found, _ = _check(tmp_path, "select: [SL120]\nexceptions:\n"
                                   "  - {rule: SL120, kind: Deployment, name: 'web-[12]', "
                                   "reason: vendored}\n")
    assert {f["path"].rsplit("/", 1)[-1] for f in found} == {"none.yaml"}
    _, found, _ = _check(tmp_path, "select: [SL120]\nexceptions:\n"
                                   "  - {rule: SL120, kind: StatefulSet, reason: other kind}\n")
    assert len(found) == 6


def test_rules_by_peer_id_and_path_globs(tmp_path):
    vendor = tmp_path / "charts" / "vendor"
    vendor.mkdir(parents=True)
    (vendor / "deploy.yaml").write_text(DEPLOY.format(name="a", namespace="x"))
    (tmp_path / "deploy.yaml").write_text(DEPLOY.format(name="b", namespace="x"))
    # Polaris's runAsPrivileged is an alias of SL120 (privileged-container)
    _, found, suppressed = _check(
        tmp_path, "select: [SL120, SL104]\nexceptions:\n"
                  "  - {rule: runAsPrivileged, path: 'charts/vendor/**', reason: upstream}\n")
    assert {(f["code"], f["path"].split("/")[-2]) for f in found} == {
        ("SL120", tmp_path.name), ("SL104", "vendor"), ("SL104", tmp_path.name)}
    assert {(f["code"], f["path"].split("/")[-2]) for f in suppressed} == {("SL120", "vendor")}
    # rule: ALL with a path is every rule there
    _, found, _ = _check(tmp_path, "select: [SL120, SL104]\nexceptions:\n"
                                   "  - {rule: ALL, path: charts/vendor, reason: upstream}\n")
    assert {f["path"].split("/")[-2] for f in found} == {tmp_path.name}


def test_compose_services_and_dockerfile_stages(tmp_path):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  db:\n    image: postgres:16\n    user: root\n"
        "  web:\n    image: nginx:1.27\n    user: root\n")
    (tmp_path / "Dockerfile").write_text(
        "FROM golang:1.23\nRUN go build\nFROM alpine:3.20 AS final\nUSER root\n")
    config = ("select: [SL101]\nexceptions:\n"
              "  - {rule: SL101, service: db, reason: postgres drops root itself}\n"
              "  - {rule: SL101, stage: final, reason: entrypoint drops root}\n")
    _, found, suppressed = _check(tmp_path, config)
    assert _where(found) == [("SL101", "compose.yaml", 7)]
    assert _where(suppressed) == [("SL101", "Dockerfile", 4), ("SL101", "compose.yaml", 4)]
    # an unnamed stage is named by its index, as COPY --from=0 names it
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER root\n")
    _, found, _ = _check(tmp_path, "select: [SL101]\nexceptions:\n"
                                   "  - {rule: SL101, stage: '0', reason: base}\n")
    assert _where(found) == [("SL101", "compose.yaml", 4), ("SL101", "compose.yaml", 7)]


def test_cross_object_findings_know_their_object(tmp_path):
    (tmp_path / "deploy.yaml").write_text(DEPLOY.format(name="web", namespace="prod"))
    (tmp_path / "svc.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata: {name: legacy, namespace: prod}\nspec:\n"
        "  selector: {app: gone}\n  ports: [{port: 80}]\n---\n"
        "apiVersion: v1\nkind: Service\nmetadata: {name: other, namespace: prod}\nspec:\n"
        "  selector: {app: gone}\n  ports: [{port: 80}]\n")
    _, found, _ = _check(tmp_path, "select: [SL331]\n")
    assert [f["line"] for f in found] == [5, 12]
    _, found, suppressed = _check(
        tmp_path, "select: [SL331]\nexceptions:\n"
                  "  - {rule: SL331, kind: Service, name: legacy, reason: selects pods of "
                  "another team's release}\n")
    assert [f["line"] for f in found] == [12] and [f["line"] for f in suppressed] == [5]


def test_expiry(tmp_path):
    (tmp_path / "deploy.yaml").write_text(DEPLOY.format(name="web", namespace="prod"))
    future = ("select: [SL120]\nexceptions:\n  - rule: SL120\n    reason: until the upgrade\n"
              "    expires: 2999-12-31\n")
    r, found, _ = _check(tmp_path, future)
    assert found == [] and r.returncode == 0
    # never silent: the summary says how many findings exceptions accepted
    assert "2 more findings are accepted by the configuration's exceptions" in r.stderr
    past = ("select: [SL120]\nexceptions:\n  - rule: SL120\n    reason: until the upgrade\n"
            "    expires: 2020-01-31\n")
    r, found, suppressed = _check(tmp_path, past)
    assert suppressed == [] and r.returncode == 1
    assert _where(found) == [("SL014", ".shiplint.yaml", 3), ("SL120", "deploy.yaml", 17),
                             ("SL120", "deploy.yaml", 22)]
    [note] = [f for f in found if f["code"] == "SL014"]
    assert "expired on 2020-01-31" in note["message"] and "SL120" in note["message"]
    # the same in pyproject.toml, with TOML's own dates
    (tmp_path / ".shiplint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.shiplint]\nselect = ["SL120"]\n\n'
        '[[tool.shiplint.exceptions]]\nrule = "SL120"\ncontainer = "app"\n'
        'reason = "reviewed"\nexpires = 2999-01-01\n\n'
        '[[tool.shiplint.exceptions]]\nrule = "SL120"\ncontainer = "init"\n'
        'reason = "reviewed"\nexpires = 2001-01-01\n')
    r = run("check", str(tmp_path), "-f", "json")
    assert _where(json.loads(r.stdout)["findings"]) == [
        ("SL014", "pyproject.toml", 13), ("SL120", "deploy.yaml", 17)]
    # the expired finding can be switched off like any rule
    r = run("check", str(tmp_path), "-f", "json", "--ignore", "expired-exception")
    assert _where(json.loads(r.stdout)["findings"]) == [("SL120", "deploy.yaml", 17)]


def test_text_output_names_the_configuration_line(tmp_path):
    (tmp_path / "deploy.yaml").write_text(DEPLOY.format(name="web", namespace="prod"))
    (tmp_path / ".shiplint.yaml").write_text(
        "select: [SL120]\nexceptions:\n  - {rule: SL120, reason: x, expires: 2020-01-01}\n")
    r = run("check", "deploy.yaml", cwd=tmp_path)
    assert ".shiplint.yaml:3:1: SL014 [low] the exception of SL120 expired on 2020-01-01" \
        in r.stdout, r.stdout


def _error(tmp_path, config: str) -> str:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    (tmp_path / ".shiplint.yaml").write_text(config)
    r = run("check", str(tmp_path))
    assert r.returncode == 2, r.stdout + r.stderr
    return r.stderr


def test_bad_exceptions_are_configuration_errors(tmp_path):
    assert "exceptions #1: an exception needs a 'reason'" in _error(
        tmp_path, "exceptions:\n  - rule: SL101\n")
    assert "exceptions #2: an exception needs a 'rule'" in _error(
        tmp_path, "exceptions:\n  - {rule: SL101, reason: x}\n  - {reason: x}\n")
    err = _error(tmp_path, "exceptions:\n  - {rule: SL101, contianer: app, reason: x}\n")
    assert "unknown key 'contianer'" in err and "container" in err
    assert "reason: write why" in _error(tmp_path,
                                         "exceptions:\n  - {rule: SL101, reason: '  '}\n")
    assert "'2026-02-30' is not a day" in _error(
        tmp_path, "exceptions:\n  - {rule: SL101, reason: x, expires: 2026-02-30}\n")
    assert "is not a date written YYYY-MM-DD" in _error(
        tmp_path, "exceptions:\n  - {rule: SL101, reason: x, expires: next year}\n")
    assert "'SL9999' matches no rule" in _error(
        tmp_path, "exceptions:\n  - {rule: SL9999, reason: x}\n")
    # a related peer ID is not the same check: name our rule instead
    assert "related check" in _error(tmp_path, "exceptions:\n  - {rule: DL3002, reason: x}\n")
    assert "locked: 'SL9999' matches no rule" in _error(tmp_path, "locked: [SL9999]\n")


def test_shiplint_config_shows_the_exceptions(tmp_path):
    (tmp_path / ".shiplint.yaml").write_text(
        "locked: [SL120]\nexceptions:\n  - rule: [SL101, SL104]\n    service: db\n"
        "    reason: reviewed\n    expires: 2999-01-01\n")
    data = json.loads(run("config", str(tmp_path)).stdout)
    assert data["locked"] == ["SL120"]
    assert data["exceptions"] == [{"rule": ["SL101", "SL104"], "service": "db",
                                   "reason": "reviewed", "expires": "2999-01-01", "line": 3}]


def test_findings_with_a_subject_stay_picklable_and_compare_without_it():
    a = Finding("SL101", "runs-as-root", Severity.HIGH, "m", "p",
                subject=Subject(kind="Pod", name="p", container="c"))
    b = Finding("SL101", "runs-as-root", Severity.HIGH, "m", "p")
    assert pickle.loads(pickle.dumps(a)) == a == b
    assert pickle.loads(pickle.dumps(a)).subject.container == "c"


@pytest.mark.skipif(shutil.which("kustomize") is None and shutil.which("kubectl") is None,
                    reason="neither kustomize nor kubectl is installed")
def test_a_kustomize_build_is_matched_as_rendered_and_by_its_resource_file(tmp_path):
    from test_kustomize import REAL, layout

    root = layout(tmp_path)
    env = {"SHIPLINT_KUSTOMIZE": REAL}

    def check(config: str) -> tuple[list, list]:
        (root / ".shiplint.yaml").write_text("select: [SL120, SL102]\n" + config)
        r = run("check", "-f", "json", "--include-suppressed", ".", cwd=root, env=env)
        data = json.loads(r.stdout)
        return ([(f["code"], f["path"]) for f in data["findings"]],
                [(f["code"], f["path"]) for f in data.get("suppressed", [])])

    both = [("SL102", "base/deploy.yaml"), ("SL120", "overlays/prod/patch.yaml")]
    assert check("") == (both, [])
    # the object as the overlay renders it: its name has the prefix
    assert check("exceptions:\n  - {rule: SL120, name: web, reason: x}\n")[0] == both
    found, suppressed = check("exceptions:\n  - {rule: SL120, name: prod-web, reason: x}\n")
    assert found == both[:1] and [c for c, _ in suppressed] == ["SL120"]
    # `path` is the file the object comes from
    found, _ = check("exceptions:\n  - {rule: SL102, path: base/deploy.yaml, reason: x}\n")
    assert found == both[1:]


def test_the_subject_of_findings_of_every_kind_of_target():
    from helpers import ENGINE, lint_text

    def about(filename: str, text: str) -> set[tuple]:
        return {(f.code, f.span.line, f.subject) for f in lint_text(filename, text, ENGINE)
                if f.code in ("SL101", "SL102", "SL120", "SL121")}

    # a check of the whole Compose file (SL102) and of each service (SL101)
    compose = about("compose.yaml", "services:\n  db:\n    image: postgres\n    user: root\n")
    assert compose == {("SL102", 3, Subject(service="db")),
                       ("SL101", 4, Subject(service="db"))}
    # a check of the whole Dockerfile: the stage the line is in (unnamed: its index)
    docker = about("Dockerfile", "FROM golang AS build\nRUN go build\nFROM alpine\n")
    assert docker == {("SL102", 1, Subject(stage="build")), ("SL102", 3, Subject(stage="1")),
                      ("SL101", 3, Subject(stage="1"))}
    # a pod-level field names no container; a container's field names it
    pod = about("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\n"
                            "spec:\n  hostNetwork: true\n  containers:\n  - name: c\n"
                            "    image: a:1\n    securityContext: {privileged: true, "
                            "runAsUser: 1000, runAsNonRoot: true}\n")
    assert pod == {("SL121", 5, Subject(kind="Pod", name="p", namespace="n")),
                   ("SL120", 9, Subject(kind="Pod", name="p", namespace="n", container="c"))}


def test_an_exception_applies_through_its_day_and_lapses_the_day_after(tmp_path):
    """Today comes from SHIPLINT_TODAY, so the day the entry lapses can be set; the cache
    (on by default, keyed by the configuration) is not reused once the entry lapses."""
    home, tmp_path = tmp_path / "home", tmp_path / "repo"
    tmp_path.mkdir()
    (tmp_path / "deploy.yaml").write_text(DEPLOY.format(name="web", namespace="prod"))
    (tmp_path / ".shiplint.yaml").write_text(
        "select: [SL120]\nexceptions:\n  - rule: SL120\n    container: init\n"
        "    reason: until the chart upgrade\n    expires: 2027-03-31\n")

    def on(day: str) -> tuple[int, list, list]:
        r = run("check", str(tmp_path), "-f", "json", "--include-suppressed",
                env={"SHIPLINT_TODAY": day, "XDG_CACHE_HOME": str(home)})
        data = json.loads(r.stdout)
        return r.returncode, _where(data["findings"]), _where(data.get("suppressed", []))

    for day in ("2027-03-30", "2027-03-31"):
        assert on(day) == (1, [("SL120", "deploy.yaml", 22)], [("SL120", "deploy.yaml", 17)])
    assert on("2027-04-01") == (1, [("SL014", ".shiplint.yaml", 3),
                                    ("SL120", "deploy.yaml", 17),
                                    ("SL120", "deploy.yaml", 22)], [])
    # and again the day before, from the same cache
    assert on("2027-03-31")[2] == [("SL120", "deploy.yaml", 17)]
    r = run("check", str(tmp_path), "-f", "json", "--ignore", "SL120", "--no-cache",
            env={"SHIPLINT_TODAY": "2027-04-01"})
    [note] = json.loads(r.stdout)["findings"]
    assert note["message"] == (
        "the exception of SL120 (container init) expired on 2027-03-31 and no longer applies: "
        "fix what it covered and delete it, or renew it with a new expires: date")
    # an exception of a rule that is not selected still lapses, and says so
    assert r.returncode == 1
    data = json.loads(run("config", str(tmp_path), env={"SHIPLINT_TODAY": "2027-04-01"}).stdout)
    assert data["exceptions"][0]["expired"] is True


def test_a_today_that_is_not_a_day_is_an_error(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1000\n")
    (tmp_path / ".shiplint.yaml").write_text(
        "exceptions:\n  - {rule: SL101, reason: x, expires: 2027-01-01}\n")
    r = run("check", str(tmp_path), env={"SHIPLINT_TODAY": "tomorrow"})
    assert r.returncode == 2 and "SHIPLINT_TODAY: 'tomorrow' is not a date" in r.stderr


def test_a_vendored_chart_is_excepted_by_path_and_by_the_object_as_rendered(tmp_path):
    """The case no annotation can serve: a third-party chart, matched by its template's path
    and by the rendered object (its name comes from the release)."""
    from test_helm import RENDERED, _chart, _fake_helm

    _chart(tmp_path)
    helm = _fake_helm(tmp_path / "charts", RENDERED)

    def check(config: str) -> tuple[list, list]:
        (tmp_path / ".shiplint.yaml").write_text("select: [SL102]\n" + config)
        r = run("check", str(tmp_path / "charts"), "-f", "json", "--include-suppressed",
                env={"SHIPLINT_HELM": helm})
        data = json.loads(r.stdout)
        return _where(data["findings"]), _where(data.get("suppressed", []))

    found, _ = check("")
    assert found == [("SL102", "pod.yaml", 7)]
    for entry in ("{rule: SL102, path: 'charts/web/**', reason: vendored}",
                  "{rule: latest-tag, kind: Pod, name: shiplint-web, container: web, "
                  "reason: vendored}"):
        found, excepted = check(f"exceptions:\n  - {entry}\n")
        assert found == [] and [c for c, _, _ in excepted] == ["SL102"], entry
    # the name as written in the template is not the object's name
    found, _ = check("exceptions:\n  - {rule: SL102, name: web, reason: vendored}\n")
    assert found == [("SL102", "pod.yaml", 7)]
