"""How a run ties images to Dockerfiles (``linter.imagelinks``), through the real CLI:
Compose build/image pairs, the configuration's ``images:`` map, and what is never linked."""

from __future__ import annotations

import json

from linter.rules.crossformat.examples import COMPOSE, deployment, dockerfile
from test_cli import run

NON_ROOT = "securityContext: {runAsNonRoot: true}"


def write(root, files: dict[str, str]):
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def check(*args, cwd):
    r = run("check", *args, "-f", "json", "--select", "SL140,SL141,SL142,SL143", cwd=cwd)
    return r, [(f["code"], f["path"], f["line"]) for f in json.loads(r.stdout)["findings"]]


def test_the_configuration_ties_an_image_to_a_dockerfile_the_run_does_not_lint(tmp_path):
    write(tmp_path, {".shiplint.yaml": "images:\n  acme/api: services/api/Dockerfile\n",
                     "services/api/Dockerfile": dockerfile("USER app"),
                     "k8s/deploy.yaml": deployment(NON_ROOT)})
    r, got = check("k8s", cwd=tmp_path)  # only the manifests are named
    assert got == [("SL140", "k8s/deploy.yaml", 14)] and r.returncode == 1
    message = json.loads(r.stdout)["findings"][0]["message"]
    assert "built from services/api/Dockerfile, by the configuration's images" in message


def test_a_compose_build_ties_the_image_it_names(tmp_path):
    write(tmp_path, {"compose.yaml": COMPOSE, "api/Dockerfile": dockerfile("EXPOSE 8080"),
                     "k8s/deploy.yaml": deployment("livenessProbe:\n  tcpSocket: {port: 80}")})
    _, got = check(".", cwd=tmp_path)
    assert got == [("SL141", "k8s/deploy.yaml", 15)]


def test_a_compose_link_holds_only_under_its_project(tmp_path):
    """Another repository linted in the same run may run a public image of the name."""
    write(tmp_path, {"one/compose.yaml": COMPOSE, "one/api/Dockerfile": dockerfile("USER app"),
                     "two/k8s/deploy.yaml": deployment(NON_ROOT),
                     "one/k8s/deploy.yaml": deployment(NON_ROOT)})
    _, got = check(".", cwd=tmp_path)
    assert got == [("SL140", "one/k8s/deploy.yaml", 14)]


def test_an_image_built_on_the_public_image_of_its_name_is_not_linked(tmp_path):
    """``build:`` + ``image: grafana/grafana`` from ``FROM grafana/grafana``: a cluster
    pulls the public image, not this one."""
    compose = "services:\n  grafana:\n    build: ./grafana\n    image: grafana/grafana\n"
    manifest = deployment(NON_ROOT).replace("acme/api:1.0", "grafana/grafana:11.2.0")
    write(tmp_path, {"compose.yaml": compose, "k8s/deploy.yaml": manifest,
                     "grafana/Dockerfile": "FROM grafana/grafana:11.2.0\nUSER grafana\n"})
    _, got = check(".", cwd=tmp_path)
    assert got == []


def test_two_builds_of_one_name_are_not_judged(tmp_path):
    compose = COMPOSE + "  api2:\n    build: ./api2\n    image: acme/api:2.0\n"
    write(tmp_path, {"compose.yaml": compose, "api/Dockerfile": dockerfile("USER app"),
                     "api2/Dockerfile": dockerfile("USER 10001"),
                     "k8s/deploy.yaml": deployment(NON_ROOT)})
    _, got = check(".", cwd=tmp_path)
    assert got == []


def test_a_suppression_comment_in_the_manifest_applies(tmp_path):
    manifest = deployment(NON_ROOT).replace(
        "        securityContext: {runAsNonRoot: true}",
        "        securityContext: {runAsNonRoot: true}  # shiplint: ignore=SL140 -- uid from the PSP")
    write(tmp_path, {"compose.yaml": COMPOSE, "api/Dockerfile": dockerfile("USER app"),
                     "k8s/deploy.yaml": manifest})
    r, got = check(".", cwd=tmp_path)
    assert got == [] and r.returncode == 0


def test_a_malformed_images_map_is_a_configuration_error(tmp_path):
    write(tmp_path, {".shiplint.yaml": "images:\n  acme/api: [a, b]\n"})
    r = run("check", ".", cwd=tmp_path)
    assert r.returncode == 2 and "images.acme/api" in r.stderr


def test_a_cached_or_parallel_run_reports_the_same(tmp_path):
    """The findings across formats and what they replace (SL143 refines SL101) do not
    depend on ``--jobs`` nor on what the cache held."""
    write(tmp_path, {"compose.yaml": COMPOSE + "    user: root\n",
                     "api/Dockerfile": dockerfile("RUN useradd -r app", "USER app"),
                     "k8s/deploy.yaml": deployment(NON_ROOT)})
    want = [("SL143", "compose.yaml", 5), ("SL140", "k8s/deploy.yaml", 14)]
    for args in (("--no-cache",), ("--jobs", "2"), ("--jobs", "2"), ("--jobs", "1")):
        r = run("check", ".", "-f", "json", "--select", "SL101,SL140,SL143", *args,
                cwd=tmp_path)
        got = [(f["code"], f["path"], f["line"]) for f in json.loads(r.stdout)["findings"]]
        assert got == want, args


def test_a_compose_build_of_an_earlier_stage_ties_nothing_for_kubernetes(tmp_path):
    """``target: dev`` builds a development image under the name; a cluster pulls the one
    built to ship, from the last stage."""
    df = ("FROM python:3.12-slim AS base\nFROM base AS dev\nUSER app\nEXPOSE 5000\n"
          "FROM base AS final\nRUN useradd -u 10001 app\nUSER 10001\nEXPOSE 80\n")
    compose = ("services:\n  api:\n    build: {context: ./api, target: %s}\n"
               "    image: acme/api:1.0\n")
    manifest = deployment(NON_ROOT + "\nreadinessProbe:\n  tcpSocket: {port: 80}")
    write(tmp_path, {"compose.yaml": compose % "dev", "api/Dockerfile": df,
                     "k8s/deploy.yaml": manifest})
    assert check(".", cwd=tmp_path)[1] == []
    write(tmp_path, {"compose.yaml": compose % "final"})
    assert check(".", cwd=tmp_path)[1] == []  # the last stage: USER 10001, EXPOSE 80
    write(tmp_path, {"k8s/deploy.yaml": manifest.replace("port: 80}", "port: 5000}")})
    assert check(".", cwd=tmp_path)[1] == [("SL141", "k8s/deploy.yaml", 16)]


def test_an_images_entry_naming_no_file_is_a_configuration_error(tmp_path):
    write(tmp_path, {".shiplint.yaml": "images:\n  acme/api: services/api/Dockerfil\n",
                     "services/api/Dockerfile": dockerfile("USER app")})
    r = run("check", ".", cwd=tmp_path)
    assert r.returncode == 2
    assert "images.acme/api: no Dockerfile at services/api/Dockerfil" in r.stderr


def test_the_configuration_wins_over_a_compose_build_of_the_same_name(tmp_path):
    compose = COMPOSE.replace("./api", "./api-dev")
    write(tmp_path, {".shiplint.yaml": "images:\n  acme/api: api/Dockerfile\n",
                     "compose.yaml": compose, "api/Dockerfile": dockerfile("USER app"),
                     "api-dev/Dockerfile": dockerfile("USER 10001"),
                     "k8s/deploy.yaml": deployment(NON_ROOT)})
    r, got = check(".", cwd=tmp_path)
    assert got == [("SL140", "k8s/deploy.yaml", 14)]
    assert "by the configuration's images" in json.loads(r.stdout)["findings"][0]["message"]
