"""SL316 removed-api-version: apiVersion removed from Kubernetes."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not


@pytest.mark.parametrize("api,kind,version", [
    ("extensions/v1beta1", "Deployment", "1.16"), ("extensions/v1beta1", "Ingress", "1.22"),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25"), ("batch/v1beta1", "CronJob", "1.25"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32")])
def test_removed_api_versions(api, kind, version):
    [f] = catches("SL316", "k8s.yaml", f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: x}}\n")
    assert f"removed in Kubernetes {version}" in f.message
    assert (f.span.line, f.span.column) == (1, 13)


def test_current_versions_and_custom_groups_pass():
    for api in ("apps/v1", "policy/v1", "autoscaling/v2", "example.com/v1beta1", "extensions/v1"):
        catches_not("SL316", "k8s.yaml", f"apiVersion: {api}\nkind: Deployment\nmetadata: {{name: x}}\n")


def test_psp_has_no_replacement():
    [f] = catches("SL316", "k8s.yaml",
                  "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: x}\n")
    assert "no longer exists" in f.message


def test_an_older_cluster_still_serves_what_a_newer_one_removed():
    psp = "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: x}\n"
    catches_not("SL316", "k8s.yaml", psp, options={"removed-api-version": {"kubernetes-version": "1.24"}})
    catches("SL316", "k8s.yaml", psp, options={"removed-api-version": {"kubernetes-version": "1.25"}})


def test_psp_of_every_api_version_is_removed():
    [f] = catches("SL316", "k8s.yaml",
                  "apiVersion: extensions/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: x}\n")
    assert "removed in Kubernetes 1.16" in f.message and "no longer exists" in f.message
