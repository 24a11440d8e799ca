"""The peer IDs of the control-plane family are true (see
tests/rules/kubernetes/test_kubernetes_peer_ids.py for what an alias promises).

``EXAMPLES`` maps each equivalent Checkov and Trivy ID of the family to the smallest failing
example of the peer's check, rewritten here from the peer's documented behaviour (its check
title and the CIS control it implements). Checkov and Trivy were also run on these examples
outside the project: each reports the ID on its example. KICS's query titles are related
only (not run here); the CIS sections are the ``cis`` profile, not a peer.
"""

from __future__ import annotations

import pytest

from helpers import RULES, catches, peer_aliases, tool_ids
from linter.engine import matches
from linter.rules.controlplane.examples import static_pod

A, CM, S, E, K = ("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd",
                  "kubelet")
_LOG = "--audit-log-path=/var/log/kubernetes/audit/audit.log"


def _both(code: str, checkov: str | None, trivy: str | None, text: str) -> dict:
    out = {}
    if checkov:
        out[(code, "checkov", checkov)] = text
    if trivy:
        out[(code, "trivy", trivy)] = text
    return out


#: (rule, tool, peer ID) -> the file (a static Pod)
EXAMPLES: dict[tuple[str, str, str], str] = {
    **_both("SL600", "CKV_K8S_68", "KCV-0001", static_pod(A)),
    **_both("SL601", "CKV_K8S_70", "KCV-0002", static_pod(A, "--token-auth-file=/t.csv")),
    **_both("SL602", "CKV_K8S_69", None, static_pod(A, "--basic-auth-file=/b.csv")),
    **_both("SL604", "CKV_K8S_71", "KCV-0004", static_pod(A, "--kubelet-https=false")),
    **_both("SL605", "CKV_K8S_72", "KCV-0005", static_pod(A)),
    **_both("SL606", "CKV_K8S_73", "KCV-0006", static_pod(A)),
    **_both("SL607", "CKV_K8S_74", "KCV-0007", static_pod(A, "--authorization-mode=AlwaysAllow")),
    **_both("SL608", "CKV_K8S_75", "KCV-0008", static_pod(A, "--authorization-mode=RBAC")),
    **_both("SL609", "CKV_K8S_77", "KCV-0009", static_pod(A, "--authorization-mode=Node")),
    **_both("SL610", None, "KCV-0010", static_pod(A, "--enable-admission-plugins=NodeRestriction")),
    **_both("SL611", "CKV_K8S_79", "KCV-0011",
            static_pod(A, "--enable-admission-plugins=AlwaysAdmit")),
    **_both("SL612", None, "KCV-0012", static_pod(A, "--enable-admission-plugins=NodeRestriction")),
    **_both("SL613", None, "KCV-0014", static_pod(A, "--disable-admission-plugins=ServiceAccount")),
    **_both("SL614", None, "KCV-0015",
            static_pod(A, "--disable-admission-plugins=NamespaceLifecycle")),
    **_both("SL615", None, "KCV-0016", static_pod(A)),
    **_both("SL616", "CKV_K8S_89", "KCV-0017", static_pod(A, "--secure-port=0")),
    **_both("SL619", "CKV_K8S_90", "KCV-0018", static_pod(A)),
    **_both("SL620", "CKV_K8S_91", "KCV-0019", static_pod(A)),
    **_both("SL621", "CKV_K8S_92", "KCV-0020", static_pod(A, _LOG)),
    **_both("SL622", "CKV_K8S_93", "KCV-0021", static_pod(A, _LOG)),
    **_both("SL623", "CKV_K8S_94", "KCV-0022", static_pod(A, _LOG)),
    **_both("SL625", None, "KCV-0024", static_pod(A, "--service-account-lookup=false")),
    **_both("SL626", None, "KCV-0025", static_pod(A)),
    **_both("SL627", "CKV_K8S_99", "KCV-0026", static_pod(A)),
    **_both("SL628", "CKV_K8S_100", "KCV-0027", static_pod(A)),
    **_both("SL629", None, "KCV-0028", static_pod(A)),
    **_both("SL630", "CKV_K8S_102", "KCV-0029", static_pod(A)),
    **_both("SL631", "CKV_K8S_104", "KCV-0030", static_pod(A)),
    **_both("SL633", "CKV_K8S_105", None,
            static_pod(A, "--tls-cipher-suites=TLS_RSA_WITH_3DES_EDE_CBC_SHA")),
    **_both("SL640", "CKV_K8S_106", "KCV-0033", static_pod(CM)),
    **_both("SL641", "CKV_K8S_107", "KCV-0034", static_pod(CM)),
    **_both("SL642", "CKV_K8S_108", "KCV-0035", static_pod(CM)),
    **_both("SL643", None, "KCV-0036", static_pod(CM)),
    **_both("SL644", None, "KCV-0037", static_pod(CM)),
    **_both("SL645", "CKV_K8S_112", None,
            static_pod(CM, "--feature-gates=RotateKubeletServerCertificate=false")),
    **_both("SL646", "CKV_K8S_113", "KCV-0039", static_pod(CM)),
    **_both("SL647", "CKV_K8S_114", "KCV-0040", static_pod(S)),
    **_both("SL648", "CKV_K8S_115", "KCV-0041", static_pod(S)),
    **_both("SL650", "CKV_K8S_116", "KCV-0042", static_pod(E)),
    **_both("SL651", "CKV_K8S_117", "KCV-0043", static_pod(E)),
    **_both("SL652", "CKV_K8S_118", "KCV-0044", static_pod(E, "--auto-tls=true")),
    **_both("SL653", "CKV_K8S_119", "KCV-0045", static_pod(E)),
    **_both("SL654", None, "KCV-0046", static_pod(E)),
    **_both("SL655", None, "KCV-0047", static_pod(E, "--peer-auto-tls=true")),
    **_both("SL660", "CKV_K8S_138", None, static_pod(K)),
    **_both("SL662", "CKV_K8S_140", None, static_pod(K)),
    **_both("SL663", "CKV_K8S_141", None, static_pod(K)),
    **_both("SL664", "CKV_K8S_143", None, static_pod(K, "--streaming-connection-idle-timeout=0")),
    **_both("SL665", "CKV_K8S_144", None, static_pod(K)),
    **_both("SL667", "CKV_K8S_146", None, static_pod(K, "--hostname-override=node-1")),
    **_both("SL669", "CKV_K8S_148", None, static_pod(K)),
    **_both("SL671", "CKV_K8S_151", None,
            static_pod(K, "--tls-cipher-suites=TLS_RSA_WITH_AES_128_CBC_SHA")),
}

_TOOLS = ("checkov", "trivy")


def _family(rule) -> bool:
    return rule.module.startswith("linter.rules.controlplane.")


def _aliases() -> set[tuple[str, str, str]]:
    return {(code, tool, i) for tool, i, code in
            peer_aliases(lambda tool, i, r: _family(r) and tool in _TOOLS)}


def test_every_equivalent_alias_has_its_peers_example():
    missing = sorted(_aliases() - set(EXAMPLES))
    assert not missing, missing


def test_every_example_is_an_alias_of_its_rule():
    stale = sorted(set(EXAMPLES) - _aliases())
    assert not stale, stale


@pytest.mark.parametrize("key", sorted(EXAMPLES), ids=lambda k: f"{k[0]}-{k[2]}")
def test_the_peers_example_fires_the_rule(key):
    code, _, peer_id = key
    catches(code, "manifest.yaml", EXAMPLES[key])
    assert matches(next(r for r in RULES if r.code == code), peer_id)


def test_kics_titles_are_related_only():
    for r in RULES:
        if _family(r):
            assert "kics" not in r.aliases, r.code


def test_the_coverage_page_places_every_peer_id():
    from helpers import ROOT
    page = (ROOT / "docs" / "coverage" / "kubernetes.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip() for line in page.splitlines()
            if line.startswith("| ") and line.count("|") >= 4}
    missing = [(r.code, tool, i) for r in RULES if _family(r)
               for tool in set(r.aliases) | set(r.related) if tool != "cis"
               for i in tool_ids(r, tool) if i not in rows]
    assert not missing, missing
