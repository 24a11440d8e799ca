"""The peer IDs of the rules that check Compose files are true.

An ID in a rule's ``aliases`` is a promise (``--select``/``--ignore`` with it, the peer's
inline ignores, ``explain`` and SARIF rely on it): the peer's check is the same check, with
the same verdicts on the peer's own examples. Peers' checks on the same topic whose verdicts
differ go in ``related``.

``EXAMPLES`` maps each equivalent peer ID of every Compose-checking rule to the smallest
failing example of the peer's check, rewritten here from the peer's documented behaviour
(dclint 3.1.0's rules, run locally on each example; KICS's Docker Compose queries and its
"Passwords And Secrets" query as described in ../shared/reference/compose-and-secrets.md).
Checkov and Trivy have no Compose checks: only their secret scanners read Compose files, and
none of their detectors is the same check as one of ours (they are ``related``).

The tests: every equivalent alias is in the table, every example fires its rule, every dclint
ID anywhere is a real dclint rule, every KICS ID of a Compose-only rule is a real KICS Docker
Compose query, and docs/coverage/compose.md places every peer check.
"""

from __future__ import annotations

import re

import pytest

from helpers import RULES, catches, peer_aliases, peer_check_rows, tool_ids

#: dclint 3.1.0's rules (``npx dclint`` reads them from its rules directory), and the two
#: pseudo-rules it reports when a file does not parse or does not validate
DCLINT_RULES = frozenset({
    "no-build-and-image", "no-duplicate-container-names", "no-duplicate-exported-ports",
    "no-quotes-in-volumes", "no-unbound-port-interfaces", "no-version-field",
    "require-project-name-field", "require-quotes-in-ports", "service-container-name-regex",
    "service-dependencies-alphabetical-order", "service-image-require-explicit-tag",
    "service-keys-order", "service-ports-alphabetical-order", "services-alphabetical-order",
    "top-level-properties-order", "invalid-schema", "invalid-yaml",
})

#: KICS's Docker Compose queries (assets/queries/dockerCompose), by name
KICS_COMPOSE = frozenset({
    "Volume Mounted In Multiple Containers", "Volume Has Sensitive Host Directory",
    "Docker Socket Mounted In Container", "No New Privileges Not Set",
    "Privileged Containers Enabled", "Healthcheck Not Set", "Cgroup Not Default",
    "Restart Policy On Failure Not Set To 5", "Privileged Ports Mapped In Container",
    "Container Traffic Not Bound To Host Interface", "Networks Not Set",
    "Shared Host Network Namespace", "Shared Host IPC Namespace", "Default Seccomp Profile Disabled",
    "Host Namespace is Shared", "Memory Not Limited", "Pids Limit Not Set",
    "Shared Host User Namespace", "Security Opt Not Set", "Cpus Not Limited",
    "Container Capabilities Unrestricted", "Shared Volumes Between Containers",
})
#: KICS's platform-independent secrets query, which also runs on Compose files
KICS_SECRETS = frozenset({"Passwords And Secrets", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"})

_SVC = "services:\n  web:\n    image: web:1.0\n"
_PASSWORD_LITERAL = _SVC + "    environment:\n      DB_PASSWORD: Xk29-qLr8.Vt6wZ\n"

#: (tool, peer ID, our code) -> the peer's smallest failing example, as a Compose file
EXAMPLES: dict[tuple[str, str, str], str] = {
    # ---- dclint
    ("dclint", "invalid-schema", "SL401"): _SVC + "    depends-on: [db]\n",
    ("dclint", "no-duplicate-container-names", "SL403"):
        "services:\n  a:\n    image: a:1.0\n    container_name: app\n"
        "  b:\n    image: b:1.0\n    container_name: app\n",
    ("dclint", "no-unbound-port-interfaces", "SL410"): _SVC + "    ports:\n      - '8080:80'\n",
    ("dclint", "no-duplicate-exported-ports", "SL411"):
        "services:\n  a:\n    image: a:1.0\n    ports: ['127.0.0.1:8080:80']\n"
        "  b:\n    image: b:1.0\n    ports: ['127.0.0.1:8080:81']\n",
    ("dclint", "no-version-field", "SL413"): "version: '3.8'\n" + _SVC,
    ("dclint", "no-build-and-image", "SL420"): "services:\n  web:\n    build: .\n    image: web:1.0\n",
    ("dclint", "require-project-name-field", "SL421"): _SVC,
    ("dclint", "service-container-name-regex", "SL422"): _SVC + "    container_name: 'my app'\n",
    ("dclint", "services-alphabetical-order", "SL423"):
        "services:\n  web:\n    image: web:1.0\n  api:\n    image: api:1.0\n",
    ("dclint", "service-dependencies-alphabetical-order", "SL424"):
        "services:\n  db:\n    image: db:1.0\n  redis:\n    image: redis:1.0\n"
        "  web:\n    image: web:1.0\n    depends_on:\n      - redis\n      - db\n",
    ("dclint", "top-level-properties-order", "SL425"): _SVC + "name: shop\n",
    ("dclint", "service-ports-alphabetical-order", "SL430"):
        _SVC + "    ports:\n      - '127.0.0.1:9090:90'\n      - '127.0.0.1:8080:80'\n",
    ("dclint", "service-keys-order", "SL431"):
        "services:\n  web:\n    ports: ['127.0.0.1:8080:80']\n    image: web:1.0\n",
    ("dclint", "no-quotes-in-volumes", "SL432"): _SVC + "    volumes:\n      - \"./data:/data\"\n",
    # ---- KICS Docker Compose queries
    ("kics", "Memory Not Limited", "SL104"):
        "version: '3.9'\n" + _SVC + "    deploy:\n      resources:\n        limits:\n"
        "          cpus: '0.5'\n",
    ("kics", "Cpus Not Limited", "SL104"):
        "version: '3.9'\n" + _SVC + "    deploy:\n      resources:\n        limits:\n"
        "          memory: 512M\n",
    ("kics", "Privileged Containers Enabled", "SL120"): _SVC + "    privileged: true\n",
    ("kics", "Shared Host Network Namespace", "SL121"): _SVC + "    network_mode: host\n",
    ("kics", "Shared Host IPC Namespace", "SL121"): _SVC + "    ipc: host\n",
    ("kics", "Host Namespace is Shared", "SL121"): _SVC + "    pid: host\n",
    ("kics", "Shared Host User Namespace", "SL121"): _SVC + "    userns_mode: host\n",
    ("kics", "Docker Socket Mounted In Container", "SL124"):
        _SVC + "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
    ("kics", "Volume Has Sensitive Host Directory", "SL125"):
        _SVC + "    volumes:\n      - vol:/data\nvolumes:\n  vol:\n    driver: local\n"
        "    driver_opts:\n      type: none\n      o: bind\n      device: /etc\n",
    ("kics", "Default Seccomp Profile Disabled", "SL128"):
        _SVC + "    security_opt:\n      - seccomp:unconfined\n",
    ("kics", "Container Traffic Not Bound To Host Interface", "SL410"):
        _SVC + "    ports:\n      - 8080:80\n",
    ("kics", "Volume Mounted In Multiple Containers", "SL416"):
        _SVC + "    volumes:\n      - type: bind\n        source: ./data\n        target: /data\n"
        "        bind:\n          propagation: rshared\n",
    ("kics", "Pids Limit Not Set", "SL417"): _SVC,
    ("kics", "Healthcheck Not Set", "SL418"): _SVC + "    healthcheck:\n      test: [\"NONE\"]\n",
    ("kics", "Cgroup Not Default", "SL426"): _SVC + "    cgroup_parent: m-executor-abcd\n",
    # KICS's secrets query: a literal password, a well-known one, one hidden in a fallback
    ("kics", "Passwords And Secrets", "SL103"): _PASSWORD_LITERAL,
    ("kics", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71", "SL103"): _PASSWORD_LITERAL,
    ("kics", "Passwords And Secrets", "SL500"):
        _SVC + "    environment:\n      DB_PASSWORD: password\n",
    ("kics", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71", "SL500"):
        _SVC + "    environment:\n      DB_PASSWORD: password\n",
    ("kics", "Passwords And Secrets", "SL501"):
        _SVC + "    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-Xk29-qLr8}\n",
    ("kics", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71", "SL501"):
        _SVC + "    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-Xk29-qLr8}\n",
}


def _compose_peer_id(tool: str, peer_id: str, rule) -> bool:
    """Whether ``peer_id`` names a check of Compose files (Checkov and Trivy have none but
    their secret scanners: CKV_SECRET_*, and Trivy's secret rules, which are not DS/KSV)."""
    if tool == "dclint":
        return True
    if tool == "kics":
        return peer_id in KICS_COMPOSE or peer_id in KICS_SECRETS or rule.formats == ["compose"]
    if tool == "checkov":
        return peer_id.startswith("CKV_SECRET")
    if tool == "trivy":
        return not re.match(r"^(AVD-)?(DS|KSV|KCV)", peer_id)
    return False


def _compose_alias(tool: str, peer_id: str, rule) -> bool:
    return "compose" in rule.formats and _compose_peer_id(tool, peer_id, rule)


def test_every_equivalent_compose_peer_id_has_an_example():
    missing = sorted(peer_aliases(_compose_alias) - set(EXAMPLES))
    assert not missing, missing


def test_the_table_holds_only_aliases():
    """An example for an ID the rule no longer claims would test nothing."""
    stale = sorted(set(EXAMPLES) - peer_aliases())
    assert not stale, stale


@pytest.mark.parametrize("tool, peer_id, code", sorted(EXAMPLES))
def test_the_peers_example_fires_the_rule(tool, peer_id, code):
    catches(code, "compose.yaml", EXAMPLES[(tool, peer_id, code)])


def test_dclint_ids_are_dclint_rules():
    wrong = [(r.code, i) for r in RULES for i in tool_ids(r, "dclint") if i not in DCLINT_RULES]
    assert not wrong, wrong


def test_kics_ids_of_compose_rules_are_kics_compose_queries():
    wrong = [(r.code, i) for r in RULES if r.formats == ["compose"]
             for i in tool_ids(r, "kics") if i not in KICS_COMPOSE | KICS_SECRETS]
    assert not wrong, wrong


def test_the_coverage_page_places_every_compose_peer_check():
    """docs/coverage/compose.md says of every dclint rule and every KICS Docker Compose query
    whether a rule covers it or why it is out of scope."""
    rows = peer_check_rows("compose.md")
    absent = [c for c in sorted(DCLINT_RULES | KICS_COMPOSE) if f"| {c} |" not in rows]
    assert not absent, absent
    assert "not yet" not in rows.lower()
