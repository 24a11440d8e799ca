"""SL334-SL336: references to ServiceAccounts, ConfigMaps, Secrets (and their keys) and
Services (and their ports) that the linted files do not define, with the evidence each
finding needs (see rules/kubernetes/missing_refs.py)."""

from __future__ import annotations

import pytest

from helpers import RULES
from linter.engine import Engine
from linter.rules.kubernetes.examples import container, deployment
from linter.runner import lint_paths

ENGINE = Engine([r for r in RULES if r.code in ("SL334", "SL335", "SL336")])
SA = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: %s}\n"
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata: {LOG_LEVEL: info}\n"
SECRET = "apiVersion: v1\nkind: Secret\nmetadata: {name: %s}\nstringData: {password: x}\n"
SVC = ("apiVersion: v1\nkind: Service\nmetadata: {name: %s}\nspec:\n  selector: {app: web}\n"
       "  ports: [{name: http, port: 80}]\n")


def ingress(*backends: str, api: str = "networking.k8s.io/v1") -> str:
    paths = "".join(f"      - path: /{i}\n        pathType: Prefix\n        backend:\n"
                    f"          service: {b}\n" for i, b in enumerate(backends))
    return (f"apiVersion: {api}\nkind: Ingress\nmetadata: {{name: web}}\nspec:\n  rules:\n"
            f"  - http:\n      paths:\n{paths}")


def lint(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / name.replace("_", ".")).write_text(text)
    return [(f.code, f.path.rsplit("/", 1)[-1], f.message)
            for f in lint_paths([str(tmp_path)], ENGINE).findings]


def env_from(*names: str, kind: str = "configMapRef", extra: str = "") -> str:
    return deployment(container("envFrom:\n" + "".join(
        f"- {kind}: {{name: {n}{extra}}}\n" for n in names)))


# ------------------------------------------------------------------- service accounts

def test_service_account_defined_in_another_file_of_the_directory(tmp_path):
    app = deployment("serviceAccountName: api\n" + container())
    assert lint(tmp_path, deploy_yaml=app, sa_yaml=SA % "api") == []
    found = lint(tmp_path, sa_yaml=SA % "apii")
    assert [(c, p) for c, p, _ in found] == [("SL334", "deploy.yaml")]
    assert "did you mean 'apii'" in found[0][2]


def test_service_account_managed_elsewhere_is_not_reported(tmp_path):
    # no ServiceAccount beside the workload: the platform (or another chart) provides it
    assert lint(tmp_path, deploy_yaml=deployment("serviceAccountName: api\n" + container())) == []


def test_default_and_templated_accounts_are_not_judged(tmp_path):
    app = deployment("serviceAccountName: '{{ .Values.sa }}'\n" + container())
    assert lint(tmp_path, deploy_yaml=app, sa_yaml=SA % "api") == []


# ------------------------------------------------------------- ConfigMaps and Secrets

def test_config_map_typo_is_reported_with_the_close_name(tmp_path):
    found = lint(tmp_path, deploy_yaml=env_from("web-confg"), cm_yaml=CM % "web-config")
    assert [(c, p) for c, p, _ in found] == [("SL335", "deploy.yaml")]
    assert "did you mean 'web-config'" in found[0][2]


def test_a_missing_one_among_defined_ones_is_reported(tmp_path):
    found = lint(tmp_path, deploy_yaml=env_from("web-config", "feature-flags"),
                 cm_yaml=CM % "web-config")
    assert [(c, m.split("'")[3]) for c, _, m in found] == [("SL335", "feature-flags")]


def test_objects_created_outside_the_manifests_are_not_reported(tmp_path):
    # the pod takes nothing from the ConfigMaps beside it: its config comes from elsewhere
    assert lint(tmp_path, deploy_yaml=env_from("platform-settings"), cm_yaml=CM % "web-config") == []


def test_optional_references_are_fine(tmp_path):
    assert lint(tmp_path, deploy_yaml=env_from("web-config", "extra", extra=", optional: true")
                .replace("{name: web-config, optional: true}", "{name: web-config}"),
                cm_yaml=CM % "web-config") == []


@pytest.mark.parametrize("maker", [
    "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db}\n"
    "spec: {encryptedData: {password: AgBy3i}}\n",
    "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: x}\n"
    "spec: {target: {name: db}}\n",
    "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: x}\n"
    "spec: {secretName: db}\n",
], ids=["sealed-secret", "external-secret", "certificate"])
def test_secrets_made_by_known_resources_count_as_defined(tmp_path, maker):
    app = env_from("db", "api", kind="secretRef")
    assert lint(tmp_path, deploy_yaml=app, made_yaml=maker, secret_yaml=SECRET % "api") == []


def test_an_unknown_custom_resource_beside_the_pod_silences(tmp_path):
    operator = "apiVersion: example.com/v1\nkind: Database\nmetadata: {name: db}\n"
    app = env_from("db", "api", kind="secretRef")
    assert lint(tmp_path, deploy_yaml=app, secret_yaml=SECRET % "api") != []
    assert lint(tmp_path, cr_yaml=operator) == []


def test_kustomize_directories_are_not_judged(tmp_path):
    # configMapGenerator makes 'web-flags' with a hash suffix; no file shows it
    found = lint(tmp_path, deploy_yaml=env_from("web-config", "web-flags"), cm_yaml=CM % "web-config")
    assert found
    assert lint(tmp_path, kustomization_yaml="resources: [deploy.yaml, cm.yaml]\n"
                "configMapGenerator:\n- name: web-flags\n  literals: [A=1]\n") == []


def test_missing_key_of_a_config_map_beside_the_pod(tmp_path):
    app = deployment(container("env:\n- name: LEVEL\n  valueFrom:\n"
                               "    configMapKeyRef: {name: web-config, key: LOGLEVEL}"))
    found = lint(tmp_path, deploy_yaml=app, cm_yaml=CM % "web-config")
    assert [(c, p) for c, p, _ in found] == [("SL335", "deploy.yaml")]
    assert "key 'LOGLEVEL'" in found[0][2] and "LOG_LEVEL" in found[0][2]


def test_a_secret_placeholder_without_data_has_unknown_keys(tmp_path):
    app = deployment(container("env:\n- name: P\n  valueFrom:\n"
                               "    secretKeyRef: {name: db, key: password}"))
    empty = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {}\n"
    assert lint(tmp_path, deploy_yaml=app, secret_yaml=empty) == []


def test_volumes_and_projected_sources_are_references(tmp_path):
    app = deployment(container() + "volumes:\n- name: a\n  secret: {secretName: tls}\n"
                     "- name: b\n  projected:\n    sources:\n    - configMap: {name: web-confg}\n"
                     "- name: c\n  configMap: {name: web-config}\n")
    found = lint(tmp_path, deploy_yaml=app, cm_yaml=CM % "web-config")
    assert [m.split("'")[3] for _, _, m in found] == ["web-confg"]  # 'tls' comes from elsewhere


# ------------------------------------------------------------------------- Ingresses

def test_ingress_backend_typo_and_port(tmp_path):
    found = lint(tmp_path, svc_yaml=SVC % "web",
                 ing_yaml=ingress("{name: wbe, port: {number: 80}}"))
    assert found == []  # 'wbe' may be a typo, but names this short are no evidence
    found = lint(tmp_path, svc_yaml=SVC % "frontend",
                 ing_yaml=ingress("{name: frontned, port: {number: 80}}"))
    assert [(c, p) for c, p, _ in found] == [("SL336", "ing.yaml")]
    assert "did you mean 'frontend'" in found[0][2]
    found = lint(tmp_path, svc_yaml=SVC % "web", ing_yaml=ingress("{name: web, port: {number: 8080}}"))
    assert [m for _, _, m in found] == [
        "Ingress 'web' routes to port 8080 of Service 'web', which exposes 80, http"]
    assert lint(tmp_path, ing_yaml=ingress("{name: web, port: {name: http}}")) == []


def test_ingress_to_services_installed_elsewhere_is_not_reported(tmp_path):
    assert lint(tmp_path, svc_yaml=SVC % "api",
                ing_yaml=ingress("{name: grafana, port: {number: 80}}")) == []
    # but when it also routes to a Service defined beside it, the missing one stands out
    found = lint(tmp_path, ing_yaml=ingress("{name: api, port: {number: 80}}",
                                            "{name: grafana, port: {number: 80}}"))
    assert [m.split("'")[3] for _, _, m in found] == ["grafana"]


def test_ingress_beta_backends(tmp_path):
    beta = ("apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: web}\n"
            "spec:\n  backend: {serviceName: web, servicePort: 8080}\n")
    found = lint(tmp_path, svc_yaml=SVC % "web", ing_yaml=beta)
    assert [c for c, _, _ in found] == ["SL336"]
