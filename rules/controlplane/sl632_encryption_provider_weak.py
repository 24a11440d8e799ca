"""SL632 encryption-provider-weak: Secrets are not encrypted at rest, or not strongly."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.yaml import YMapping, YScalar, YSequence

from .controls import CIS, cis

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

#: the providers the CIS Benchmark accepts for writing Secrets
STRONG = ("kms", "secretbox", "aescbc")
KINDS = (("apiserver.config.k8s.io", "EncryptionConfiguration"), ("", "EncryptionConfig"))
_DOC = "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/"

RULE = Rule(
    code="SL632",
    name="encryption-provider-weak",
    severity=Severity.HIGH,
    summary="EncryptionConfiguration leaves Secrets unencrypted or weakly encrypted",
    rationale=(
        "The API server encrypts each resource with the first provider of the first entry "
        "that lists it; the other providers only decrypt what was written before. With "
        "identity first (or no entry for secrets) Secrets go to etcd in plain text; aesgcm "
        "needs its key rotated every 200,000 writes, which nobody does by hand. The CIS "
        "Benchmark asks for kms, secretbox or aescbc (the Kubernetes documentation prefers "
        "kms v2)."),
    remediation=(
        "Put a kms (v2), secretbox or aescbc provider first for `secrets`, keep identity last "
        "(to read what was stored before), then rewrite the Secrets (`kubectl get secrets -A "
        "-o json | kubectl replace -f -`)."),
    references=[
        _DOC,
        "https://kubernetes.io/docs/reference/config-api/apiserver-config.v1/",
        cis("1.2.31", "Ensure that encryption providers are appropriately configured"),
        CIS,
    ],
    aliases={"cis": "1.2.31"},
    related={"kics": "Encryption Provider Not Properly Configured", 'trivy': 'KCV-0031'},
    tags=["control-plane"],
    failing=lambda: [
        Example("encryption-config.yaml",
                "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n"
                "resources:\n- resources: [secrets]\n  providers:\n  - identity: {}\n"
                "  - aescbc:\n      keys:\n      - name: key1\n        secret: c2VjcmV0IGlzIHNlY3VyZQ==\n"),
        Example("encryption-config.yaml",
                "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n"
                "resources:\n- resources: [configmaps]\n  providers:\n  - secretbox:\n"
                "      keys:\n      - name: key1\n        secret: c2VjcmV0IGlzIHNlY3VyZQ==\n"),
    ],
    passing=lambda: [
        Example("encryption-config.yaml",
                "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n"
                "resources:\n- resources: [secrets]\n  providers:\n  - kms:\n      apiVersion: v2\n"
                "      name: vault\n      endpoint: unix:///var/run/kms/socket.sock\n"
                "  - identity: {}\n"),
    ],
)


def _names(node) -> list[str]:
    if not isinstance(node, YSequence):
        return []
    return [i.as_str() for i in node.items if isinstance(i, YScalar) and i.value is not None]


def covers_secrets(resources: list[str]) -> bool:
    """Whether an entry's ``resources`` list covers core Secrets (``secrets``, ``*.``,
    ``*.*``)."""
    return any(r in ("secrets", "secrets.", "*.", "*.*") for r in resources)


@RULE.check(KubeObject)
def check(obj: KubeObject) -> Iterator[Hit]:
    if (obj.group, obj.kind) not in KINDS or obj.fragment:
        return
    entries = obj.node.get("resources")
    if not isinstance(entries, YSequence):
        return
    for entry in entries.items:
        if not isinstance(entry, YMapping) or not covers_secrets(_names(entry.get("resources"))):
            continue
        providers = entry.get("providers")
        first = providers.items[0] if isinstance(providers, YSequence) and providers.items else None
        if not isinstance(first, YMapping) or not first.entries:
            yield Hit(entry, "the EncryptionConfiguration entry for secrets lists no provider: "
                             "the API server does not start with it; put kms, secretbox or "
                             "aescbc first")
            return
        key = first.entries[0].key
        name = first.entries[0].name
        if name == "identity":
            yield Hit(key, "the first provider for secrets is identity: Secrets are written "
                           "to etcd in plain text; put kms (v2), secretbox or aescbc first and "
                           "keep identity last")
        elif name not in STRONG:
            yield Hit(key, f"the first provider for secrets is {name}: its key must be "
                           f"rotated every 200,000 writes or the encryption can be broken; "
                           f"use kms (v2), secretbox or aescbc", severity=Severity.MEDIUM)
        return
    yield Hit(obj.node.entry("resources").key if obj.node.entry("resources") else obj.kind_span,
              "no entry of this EncryptionConfiguration covers secrets: Secrets are written to "
              "etcd in plain text; add an entry for `secrets` with kms (v2), secretbox or "
              "aescbc first")
