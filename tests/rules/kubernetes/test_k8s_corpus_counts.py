"""Pins how many findings each Kubernetes / runtime rule named below reports on the shared
Kubernetes corpus; only those rules are selected and compared, so a new rule does not change
these numbers. Every number was read finding by finding (see docs/coverage/kubernetes.md); a
change means a rule or the tree changed behaviour: read the new findings, then update the
number."""

from __future__ import annotations

import pytest

from helpers import CORPUS

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CORPUS / "kubernetes").is_dir(),
                                 reason="../shared/corpus not present")]

# The argo-workflows examples hold 22 templates (Workflow, WorkflowTemplate,
# ClusterWorkflowTemplate) that run a pod, with 24 containers (`container`, `script`,
# `containerSet`); since the tree knows where Argo Workflows keep their pods they are
# checked like any pod's (each finding read: none sets a securityContext):
EXPECTED = {
    "SL120": 21, "SL121": 17, "SL122": 22, "SL124": 4, "SL125": 41,
    "SL123": 576,  # +24: the 24 Argo containers drop no capability
    # the one invalid reference: longhorn-okd's `image: ""` for oauth-proxy (the capitals of
    # GKE samples, PROJECT_ID and CONTAINER_IMAGE, are placeholders judged once filled in)
    "SL106": 1,
    "SL126": 577,  # +24: the 24 Argo containers do not set readOnlyRootFilesystem
    "SL127": 559,  # +24: the 24 Argo containers do not set allowPrivilegeEscalation: false
    "SL131": 20, "SL132": 1, "SL301": 31, "SL305": 6,
    "SL306": 507,  # +22: one per Argo template (its pod), none sets a seccomp profile
    # +16: the Argo containers whose image has a tag (argoproj/argosay:v2, python:alpine3.23)
    # and no imagePullPolicy; the other 8 (7 untagged busybox, stedolan/jq:latest) pull Always
    "SL307": 470,
    "SL308": 682,  # unmoved: an Argo template's pod runs to completion, it needs no probe
    "SL309": 461, "SL310": 62, "SL311": 52,
    # 109 + 8: pods/portforward (kiali, kubeflow-kubernetes-edit), services/proxy (kubeflow
    # edit, kuberay-operator, authelia's dashboard role), services/status (kuberay-operator)
    "SL313": 117,
    "SL314": 3, "SL316": 103, "SL317": 1, "SL320": 1, "SL322": 16, "SL325": 17,
    # the corpus is a sample: these select pods (or Services) whose files were not sampled:
    # guestbook redis-replica, spark master and UI proxy, podinfo database replica; and, since
    # ServiceMonitors no longer silence their directory (they create nothing), kube-prometheus'
    # NetworkPolicies, PDBs and ServiceMonitors for the Alertmanager/Prometheus custom
    # resources, prometheus-adapter and exporter Services the sample left out (12)
    "SL331": 16,
    # cockroachdb's budget: minAvailable 67% of 3 replicas rounds up to 3, no pod can leave
    "SL333": 1,
    "SL335": 1,  # n8n-hosting mounts Secret n8n-secret that its manifests never define
    # the GKE inference-pool example and linkerd1's DaemonSet run as a default account that
    # a ClusterRoleBinding of the same file gives rights
    "SL337": 2,
    # podinfo's database-primary names a Service the sample left out (service-primary.yaml)
    "SL338": 1,
    # opt-in: namespaces (per directory) without any NetworkPolicy, and the workloads of
    # namespaces with policies that none selects (longhorn-system, kube-prometheus monitoring)
    "SL339": 81,
    # off by default: the containers whose drop list names neither NET_RAW nor ALL (SL123
    # reports them too, asking for ALL); +24: the 24 Argo containers, as for SL123
    "SL340": 561,
    # rules that report nothing on this corpus, pinned at 0 so a new false alarm shows
    "SL128": 0, "SL129": 0, "SL130": 0, "SL300": 0, "SL302": 0, "SL303": 0, "SL304": 0,
    "SL312": 0, "SL315": 0, "SL318": 0, "SL319": 0, "SL321": 0, "SL323": 0, "SL324": 0,
    "SL326": 0, "SL327": 0, "SL328": 0, "SL329": 0, "SL330": 0, "SL332": 0, "SL334": 0,
    "SL336": 0,
}
# SL390-SL399 (schema validation) are pinned by their own tests


def test_findings_per_rule_on_the_kubernetes_corpus(corpus_by_repository):
    # the source layout, since cross-object rules judge by directory (see objectset.py);
    # one run shared with the other count tests (conftest.py), counted on the manifests
    findings = corpus_by_repository.of("kubernetes")
    assert not [f for f in findings if f.code == "SL007"][:3]
    assert corpus_by_repository.counts(EXPECTED, "kubernetes") == EXPECTED
