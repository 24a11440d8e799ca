"""SL140 run-as-non-root-unverifiable: runAsNonRoot without runAsUser for an image whose USER
is a name (or root): the kubelet refuses to start the container."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.imagelinks import KubernetesImages, user_name

from .examples import deployment, files
from .linked import linked_containers

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL140",
    name="run-as-non-root-unverifiable",
    severity=Severity.HIGH,
    summary="runAsNonRoot without runAsUser for an image whose USER is a name or root",
    rationale=(
        "With `runAsNonRoot: true` and no `runAsUser`, the kubelet checks the user the image "
        "runs as. A USER written as a name (`USER app`) cannot be checked: the kubelet "
        "refuses to start the container (`CreateContainerConfigError: container has "
        "runAsNonRoot and image has non-numeric user (app), cannot verify user is "
        "non-root`), and an image whose USER is root is refused too (`image will run as "
        "root`). Neither file shows it alone: the manifest looks safe and the Dockerfile "
        "looks fine. Checked where the run ties the container's image to the Dockerfile it is "
        "built from (a Compose service with `build:` and `image:`, or the configuration's "
        "`images:` map) and that Dockerfile's last USER is known."),
    remediation=(
        "Set `runAsUser` to the UID of the image's user (e.g. `runAsUser: 10001`) on the "
        "container or the pod, or end the Dockerfile with a numeric non-root `USER 10001`."),
    references=[
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://docs.docker.com/reference/dockerfile/#user"],
    tags=["correctness", "cross-format"],
    failing=lambda: [Example("k8s/deploy.yaml", deployment("securityContext: {runAsNonRoot: true}"),
                     files=files("RUN useradd -r app", "USER app")),
             Example("k8s/deploy.yaml", deployment(pod="securityContext: {runAsNonRoot: true}"),
                     files=files("USER root"))],
    passing=lambda: [Example("k8s/deploy.yaml", deployment(
                 "securityContext: {runAsNonRoot: true, runAsUser: 10001}"),
                 files=files("RUN useradd -r -u 10001 app", "USER app")),
             Example("k8s/deploy.yaml", deployment("securityContext: {runAsNonRoot: true}"),
                     files=files("USER 10001"))],
    security=False,
)


@RULE.check(KubernetesImages)
def unverifiable(view: KubernetesImages) -> Iterator[Hit]:
    reported: set[int] = set()  # one finding per runAsNonRoot written (a pod's)
    for linked in linked_containers(view):
        c, facts = linked.container, linked.facts
        ctx = c.effective_security_context
        non_root = ctx.run_as_non_root
        if non_root is None or non_root.value is not True or ctx.run_as_user is not None:
            continue
        if facts.user is None or not facts.user_known:
            continue  # no USER: the base image's applies, unknown here
        name = user_name(facts.user)
        numeric = name.isdigit()
        if numeric and int(name) != 0:
            continue
        if id(non_root.node) in reported:
            continue
        reported.add(id(non_root.node))
        level = "the pod's securityContext" if non_root.level == "pod" else "its securityContext"
        if numeric or name == "root":
            why = (f"whose USER is {name} (root): with runAsNonRoot: true in {level} the "
                   "kubelet refuses to start it (CreateContainerConfigError: image will run "
                   "as root)")
            fix = "end the Dockerfile with a numeric non-root USER (e.g. USER 10001)"
        else:
            why = (f"whose USER is '{name}', a name: with runAsNonRoot: true in {level} and "
                   "no runAsUser, the kubelet cannot verify it is not root and refuses to "
                   "start it (CreateContainerConfigError)")
            fix = (f"set runAsUser to the UID of '{name}' (e.g. runAsUser: 10001), or end "
                   "the Dockerfile with a numeric USER")
        yield Hit(non_root.node, f"{linked.who} runs {linked.built}, {why}", fix=fix,
                  path=linked.owner.path)
