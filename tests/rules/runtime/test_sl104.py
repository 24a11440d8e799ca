"""SL104 missing-resource-limits on cases seen in real files (the shared corpus)."""

from __future__ import annotations

from helpers import by_name, lint_text
from linter.findings import Severity


def limits(filename: str, text: str):
    return by_name(lint_text(filename, text), "missing-resource-limits")


DEPLOY = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
          "  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n"
          "    spec:\n      containers:\n      - name: app\n        image: app:1\n")


# ----------------------------------------------------------------------------- Kubernetes


def test_limits_without_requests_are_enough():
    # selenium-hub: Kubernetes uses the limits as the requests
    text = DEPLOY + "        resources:\n          limits: {memory: 1000Mi, cpu: '.5'}\n"
    assert limits("deploy.yaml", text) == []


def test_cpu_limit_only():
    # mysql-cinder-pd: the CPU request defaults to the limit; memory has neither
    text = DEPLOY + "        resources:\n          limits: {cpu: '0.5'}\n"
    found = limits("deploy.yaml", text)
    assert [(f.span.line, f.span.column, f.severity) for f in found] == [(13, 11, Severity.MEDIUM)]
    assert found[0].message == "container 'app' has no memory limit or request"


def test_requests_without_limits():
    text = DEPLOY + "        resources:\n          requests: {memory: 64Mi, cpu: 100m}\n"
    found = limits("deploy.yaml", text)
    assert found[0].message == "container 'app' has no memory limit and no CPU limit"


def test_memory_limit_set_is_low():
    text = DEPLOY + "        resources:\n          limits: {memory: 128Mi}\n"
    found = limits("deploy.yaml", text)
    assert [(f.message, f.severity) for f in found] == [
        ("container 'app' has no CPU limit or request", Severity.LOW)]


def test_nothing_set():
    found = limits("deploy.yaml", DEPLOY)
    assert found[0].message == ("container 'app' has no memory limit or request and no CPU "
                                "limit or request")
    assert found[0].fix


def test_kustomize_patch_without_image_is_not_judged():
    # argo-cd manifests/ha/base/...: a patch adding env to a container of the base
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: argocd-server}\nspec:\n"
            "  template:\n    spec:\n      containers:\n      - name: argocd-server\n"
            "        env:\n        - {name: REPLICAS, value: '2'}\n")
    assert limits("deploy.yaml", text) == []


# -------------------------------------------------------------------------------- Compose


def test_extends_in_the_same_file_inherits_limits():
    text = ("services:\n  base:\n    image: app:1\n    mem_limit: 256m\n    cpus: 0.5\n"
            "  web:\n    extends: base\n  worker:\n    extends:\n      service: base\n"
            "    cpus: 1\n")
    assert limits("compose.yaml", text) == []


def test_extends_chain_without_limits_is_reported():
    text = ("services:\n  base:\n    image: app:1\n    mem_limit: 256m\n"
            "  web:\n    extends: {service: base}\n")
    found = limits("compose.yaml", text)
    assert [(f.span.line, f.message) for f in found] == [
        (2, "service 'base' has no CPU limit"), (5, "service 'web' has no CPU limit")]


def test_extends_from_another_file_is_not_judged():
    # openzipkin docker-compose-mysql.yml: the base service is in docker-compose.yml
    text = ("services:\n  zipkin:\n    extends:\n      file: docker-compose.yml\n"
            "      service: zipkin\n    image: ghcr.io/openzipkin/zipkin:3\n")
    assert limits("compose.yaml", text) == []


def test_extends_cycle_does_not_loop():
    text = "services:\n  a:\n    extends: b\n  b:\n    extends: a\n"
    assert len(limits("compose.yaml", text)) == 2


def test_yaml_merge_keys_bring_limits():
    text = ("x-limits: &limits\n  deploy:\n    resources:\n      limits: {memory: 1G, cpus: '1'}\n"
            "services:\n  web:\n    <<: *limits\n    image: app:1\n")
    assert limits("compose.yaml", text) == []


def test_compose_limits_are_judged_on_the_merged_project(tmp_path):
    from linter.engine import Engine
    from linter.runner import lint_paths
    from helpers import RULES

    engine = Engine([r for r in RULES if r.code == "SL104"])
    (tmp_path / "base.yml").write_text(
        "services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n"
        "        limits: {memory: 256m, cpus: '0.5'}\n")
    (tmp_path / "prod.yml").write_text("services:\n  web:\n    privileged: false\n")
    files = [str(tmp_path / "base.yml"), str(tmp_path / "prod.yml")]
    # the override inherits the base's limits; alone it is a fragment, not judged
    assert lint_paths(files, engine, compose_files=files).findings == []
    assert lint_paths(files, engine).findings == []
    # without limits anywhere: reported once, on the file that defines the service first
    (tmp_path / "base.yml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    found = lint_paths(files, engine, compose_files=files).findings
    assert [(f.path.rsplit("/", 1)[-1], f.span.line) for f in found] == [("base.yml", 2)]
    # limits that only the override adds count for the merged service
    (tmp_path / "prod.yml").write_text("services:\n  web:\n    mem_limit: 256m\n    cpus: 0.5\n")
    assert lint_paths(files, engine, compose_files=files).findings == []
