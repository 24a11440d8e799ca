"""Names that point at objects nobody defines: SL334 service-account-missing, SL335
config-reference-missing (ConfigMaps and Secrets, and their keys), SL336
ingress-backend-missing.

All three check the ``KubernetesSet`` of the run: a definition anywhere in the run (same
namespace) clears a reference; a finding needs evidence from the referring object's own
directory, read whole in this run (``KubernetesSet.local``). Manifests often point at
objects installed some other way (a dashboard's Service, a Secret created by hand, another
chart's account), so "not in these files" alone is not a finding:

* a missing ServiceAccount is reported when the directory defines ServiceAccounts itself;
* a missing ConfigMap, Secret or Service when the same object has another reference of that
  kind that *is* defined (it manages those here, and this one slipped), or the directory
  defines one with a close name (a typo: the message says which);
* a missing key or Service port when the object named is defined beside the reference and
  has no such key or port (every definition of that name in the run lacks it).

Objects made by other means stay quiet: a custom resource beside the reference (an
operator may create the object) silences it, Secrets made by SealedSecret, ExternalSecret,
SopsSecret, cert-manager Certificate and the like count as defined, and ConfigMap/Secret
references are not judged in a Kustomize directory (generators add hash suffixes and create
objects no file shows).
"""

from __future__ import annotations

from linter.kubernetes import KubeObject, KubernetesSet
from linter.suggest import did_you_mean


def operator_beside(ks: KubernetesSet, o: KubeObject) -> bool:
    """A custom resource beside ``o`` of a kind not known to make only Secrets: an operator
    may create the object referred to."""
    return any(k not in SECRET_MAKERS for k in ks.custom_kinds(o))


def names_beside(local: list[KubeObject], *kinds: str) -> list[str]:
    return sorted({x.name for x in local if x.kind in kinds and x.name})


def hint(name: str, names: list[str], limit: int = 3, lead: str = "its directory defines") -> str:
    """`` (did you mean 'x'?)`` for a close name among ``names`` (defined beside the
    reference), else the first ``limit`` names after ``lead``."""
    match = did_you_mean(name, names)
    if match or not names:
        return match
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return f" ({lead} {shown}{', ...' if len(names) > limit else ''})"


#: custom resources that create a Secret, and where its name is written (``None``: the
#: resource's own name)
SECRET_MAKERS: dict[str, tuple[str, ...] | None] = {
    "SealedSecret": None, "ExternalSecret": ("spec", "target", "name"),
    "Certificate": ("spec", "secretName"), "SopsSecret": None, "OnePasswordItem": None,
    "VaultStaticSecret": ("spec", "destination", "name"),
}


def beside(found: list[KubeObject] | None, local: list[KubeObject]) -> bool:
    """Whether one of the definitions ``found`` is in the referring object's directory."""
    return bool(found) and any(f is x for f in found for x in local)  # type: ignore[union-attr]


