"""Kubernetes object rules: RBAC, API versions, ingress, references, workload hygiene."""

from __future__ import annotations

import pytest

from helpers import ALL, ENGINE, lint_text
from linter.rules.kubernetes.examples import container, deployment, pod


def found(text: str, code: str, engine=ALL):
    return [f for f in lint_text("k8s.yaml", text, engine) if f.code == code]


def role(kind: str, rules: str, namespace: str = "shop") -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r\n"
            f"  namespace: {namespace}\nrules:\n{rules}")


# ------------------------------------------------------------------------------ RBAC


def test_wildcards_and_their_severity():
    [f] = found(role("ClusterRole", "- apiGroups: ['*']\n  resources: ['*']\n  verbs: ['*']\n"), "SL311")
    assert f.severity.name == "CRITICAL" and "every verb on every resource" in f.message
    [g] = found(role("ClusterRole", "- apiGroups: [cilium.io]\n  resources: ['*']\n  verbs: [get]\n"), "SL311")
    assert g.severity.name == "MEDIUM"
    assert not found(role("Role", "- apiGroups: ['*']\n  resources: [pods]\n  verbs: [get]\n"), "SL311")


def test_wildcard_in_a_later_rule_is_found():
    text = role("Role", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n"
                        "- apiGroups: [apps]\n  resources: [deployments]\n  verbs: ['*']\n")
    [f] = found(text, "SL311")
    assert f.span.line == 12


def test_secret_access_needs_the_core_group():
    assert found(role("Role", "- apiGroups: ['']\n  resources: [secrets]\n  verbs: [list]\n"), "SL313")
    assert not found(role("Role", "- apiGroups: [apps]\n  resources: [secrets]\n  verbs: [list]\n"), "SL313")
    assert not found(role("Role", "- apiGroups: ['']\n  resources: [secrets]\n  verbs: [create]\n"), "SL313")


def test_node_proxy_and_token_minting():
    text = role("ClusterRole", "- apiGroups: ['']\n  resources: [nodes/proxy, serviceaccounts/token]\n"
                               "  verbs: [get, create]\n")
    messages = " ".join(f.message for f in found(text, "SL313"))
    assert "kubelet API" in messages and "mint service account tokens" in messages


def test_escalation_verbs():
    [f] = found(role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                    "  resources: [clusterroles]\n  verbs: [bind]\n"), "SL312")
    assert f.severity.name == "CRITICAL"
    [g] = found(role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                    "  resources: [clusterroles]\n  resourceNames: [view]\n  verbs: [bind]\n"), "SL312")
    assert g.severity.name == "HIGH" and "resourceNames" in g.message
    assert not found(role("ClusterRole", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [bind]\n"), "SL312")


def binding(kind: str, role_name: str, subject: str) -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: b, namespace: shop}}\n"
            f"roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {role_name}}}\n"
            f"subjects:\n- {subject}\n")


def test_cluster_admin_bindings():
    sa = "{kind: ServiceAccount, name: deployer, namespace: ci}"
    [f] = found(binding("ClusterRoleBinding", "cluster-admin", sa), "SL314")
    assert "ServiceAccount 'deployer'" in f.message and f.severity.name == "HIGH"
    [g] = found(binding("RoleBinding", "cluster-admin", sa), "SL314")
    assert g.severity.name == "MEDIUM"


def test_public_groups():
    group = "{kind: Group, name: 'system:authenticated', apiGroup: rbac.authorization.k8s.io}"
    assert found(binding("ClusterRoleBinding", "edit", group), "SL315")
    assert not found(binding("ClusterRoleBinding", "system:discovery", group), "SL315")


# ------------------------------------------------------------------- API versions


@pytest.mark.parametrize("api,kind,version", [
    ("extensions/v1beta1", "Deployment", "1.16"), ("extensions/v1beta1", "Ingress", "1.22"),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25"), ("batch/v1beta1", "CronJob", "1.25"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32")])
def test_removed_api_versions(api, kind, version):
    [f] = found(f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: x}}\n", "SL316")
    assert f"removed in Kubernetes {version}" in f.message
    assert (f.span.line, f.span.column) == (1, 13)


def test_current_versions_and_custom_groups_pass():
    for api in ("apps/v1", "policy/v1", "autoscaling/v2", "example.com/v1beta1", "extensions/v1"):
        assert not found(f"apiVersion: {api}\nkind: Deployment\nmetadata: {{name: x}}\n", "SL316")


def test_psp_has_no_replacement():
    [f] = found("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: x}\n", "SL316")
    assert "no longer exists" in f.message


# ------------------------------------------------------------------------- ingress


def test_snippet_value_is_not_printed():
    text = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n"
            "    nginx.ingress.kubernetes.io/server-snippet: |\n      location /x { content_by_lua_block { } }\n")
    [f] = found(text, "SL317")
    assert f.severity.name == "CRITICAL" and "content_by_lua" not in f.message


# ---------------------------------------------------------------------- selectors


def test_selector_mismatch_with_expressions():
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n"
            "    matchExpressions:\n    - {key: tier, operator: In, values: [front]}\n"
            "  template:\n    metadata:\n      labels: {tier: back}\n    spec:\n" + "      " +
            container().replace("\n", "\n      ").rstrip() + "\n")
    assert found(text, "SL330")
    assert not found(text.replace("tier: back", "tier: front"), "SL330")


def test_replication_controller_selector():
    text = ("apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n"
            "  selector: {app: a}\n  template:\n    metadata:\n      labels: {app: b}\n    spec:\n"
            "      containers:\n      - {name: c, image: 'x:1'}\n")
    assert found(text, "SL330")


SVC = "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {%s}\n  ports: [{port: 80}]\n"


def test_service_selecting_nothing():
    app = deployment(container())
    assert found(app + SVC % "app: wbe", "SL331")
    assert not found(app + SVC % "app: web", "SL331")
    # controller-added labels are not in templates
    assert not found(app + SVC % "app: web, statefulset.kubernetes.io/pod-name: web-0", "SL331")
    # keys no template of the file uses: the pods are defined elsewhere
    assert not found(app + SVC % "component: db", "SL331")
    # a custom resource in the file may create the pods
    crd = "---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\n"
    assert not found(app + SVC % "app: wbe" + crd, "SL331")


def test_namespaces_separate_services_from_pods():
    app = deployment(container())
    other_ns = SVC.replace("{name: s}", "{name: s, namespace: other}") % "app: web"
    assert not found(app + other_ns, "SL331")  # nothing of the file lives in 'other'


def test_hpa_target_missing_only_when_the_file_defines_the_kind():
    hpa = ("---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
           "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}\n"
           "  maxReplicas: 3\n")
    assert found(deployment(container()) + hpa % "api", "SL332")
    assert not found(deployment(container()) + hpa % "web", "SL332")
    assert not found(hpa.lstrip("-\n") % "api", "SL332")


def test_pdb_blocking_evictions():
    pdb = ("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n"
           "  minAvailable: %s\n  selector:\n    matchLabels: {app: web}\n")
    app = deployment(container()).replace("spec:\n  selector", "spec:\n  replicas: 2\n  selector", 1)
    [f] = found(app + pdb % "2", "SL333")
    assert "runs 2 replicas" in f.message
    assert not found(app + pdb % "1", "SL333")
    assert found(app + pdb % "'100%'", "SL333")
    hpa = ("---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
           "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 5\n")
    assert not found(app + pdb % "2" + hpa, "SL333")


# ------------------------------------------------------------------ workload hygiene


def test_probes_not_for_jobs_and_readiness_only_for_servers():
    worker = deployment(container())
    [f] = found(worker, "SL308")
    assert "livenessProbe" in f.message
    cron = ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n"
            "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
            "          containers:\n          - {name: c, image: 'x:1'}\n")
    assert not found(cron, "SL308")


def test_token_automount_and_its_opt_outs():
    app = deployment("serviceAccountName: web\n" + container())
    assert found(app, "SL309")
    sa = "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\nautomountServiceAccountToken: false\n"
    assert not found(app + sa, "SL309")
    rb = ("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
          "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n"
          "subjects:\n- {kind: ServiceAccount, name: web}\n")
    assert not found(app + rb, "SL309")  # bound to a role: it talks to the API


def test_default_namespace_only_when_written():
    assert not found(pod(container()), "SL310")
    assert found(pod(container(), metadata="name: p\nnamespace: default"), "SL310")
    role_in_default = role("Role", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n", "default")
    assert not found(role_in_default, "SL310")


def test_image_pull_policy_is_opt_in():
    text = pod(container("imagePullPolicy: IfNotPresent"))
    assert found(text, "SL307", ALL)
    assert not found(text, "SL307", ENGINE)


def test_job_restart_policy():
    job = deployment(container(), kind="Job", api="batch/v1")
    [f] = found(job, "SL321")
    assert "defaults to Always" in f.message


def test_probe_named_port_and_duplicate_env():
    text = pod(container("ports:\n- {name: http, containerPort: 80}\n"
                         "readinessProbe: {tcpSocket: {port: htp}}\nlivenessProbe: {tcpSocket: {port: 80}}\n"
                         "env:\n- {name: A, value: '1'}\n- {name: A, value: '2'}"))
    [p] = found(text, "SL318")
    assert "'htp'" in p.message
    [d] = found(text, "SL319")
    assert "first on line" in d.message


def test_port_names():
    bad = pod(container("ports:\n- {name: Http_Admin, containerPort: 80}\n- {name: '8080', containerPort: 8080}"))
    msgs = [f.message for f in found(bad, "SL324")]
    assert len(msgs) == 2 and "lower-case" in msgs[0] and "at least one letter" in msgs[1]
    placeholder = pod(container("ports:\n- {name: PORT, containerPort: 80}"))
    assert not found(placeholder, "SL324")
    svc = ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n"
           "  - {port: 80, targetPort: http-metrics-port}\n")
    [f] = found(svc, "SL324")
    assert "longer than 15" in f.message


def test_ingress_tls_by_cloud_annotation():
    ing = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n%s"
           "spec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n")
    assert found(ing % "", "SL325")
    assert not found(ing % "  annotations: {networking.gke.io/managed-certificates: web-cert}\n", "SL325")


def test_root_group():
    text = pod("securityContext: {runAsUser: 1000, runAsGroup: 0, fsGroup: 0, supplementalGroups: [4, 0]}\n"
               + container())
    assert len(found(text, "SL132")) == 3
    root_user = pod("securityContext: {runAsUser: 0, runAsGroup: 0}\n" + container())
    assert not found(root_user, "SL132")  # SL101 reports the root user


def test_job_selector_is_checked_only_with_manual_selector():
    job = ("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  manualSelector: %s\n"
           "  selector:\n    matchLabels: {job: a}\n  template:\n    metadata:\n      labels: {job: b}\n"
           "    spec:\n      restartPolicy: Never\n      containers:\n      - {name: c, image: 'x:1'}\n")
    assert found(job % "true", "SL330")
    assert not found(job % "false", "SL330")
