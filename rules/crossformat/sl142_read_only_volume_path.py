"""SL142 read-only-volume-path: readOnlyRootFilesystem while a VOLUME of the image has no
volume mounted."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.imagelinks import KubernetesImages

from .examples import deployment, files
from .linked import linked_containers

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL142",
    name="read-only-volume-path",
    severity=Severity.LOW,
    summary="readOnlyRootFilesystem while a VOLUME of the image has no volume mounted",
    rationale=(
        "A Dockerfile's `VOLUME /var/lib/app` says the program writes there at run time. "
        "Docker gives such a path an anonymous volume, even with `--read-only`; Kubernetes "
        "leaves it to the container runtime. CRI-O (OpenShift's runtime) by default makes "
        "the path a directory of the container's root filesystem: with "
        "`readOnlyRootFilesystem: true` every write there fails (`Read-only file system`), "
        "often only when the program first saves something. containerd mounts a scratch "
        "directory there, which the writes reach but which is lost each time the container "
        "restarts. Either way the pod spec does not say what the program needs. "
        "Checked where the run ties the container's image to the Dockerfile it is built "
        "from (a Compose service with `build:` and `image:`, or the configuration's `images:` "
        "map), for the VOLUME paths that Dockerfile writes out: a path no volumeMount of the "
        "container covers (at it, above it or below it) is reported."),
    remediation=(
        "Mount a volume at the path (an `emptyDir` for scratch data, a PersistentVolumeClaim "
        "for data that must outlive the pod), or drop the VOLUME from the Dockerfile if the "
        "program writes nothing there."),
    references=["https://docs.docker.com/reference/dockerfile/#volume",
                "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
                "https://kubernetes.io/docs/concepts/storage/volumes/#emptydir"],
    tags=["correctness", "cross-format"],
    failing=lambda: [Example("k8s/deploy.yaml", deployment("securityContext: {readOnlyRootFilesystem: true}"),
                     files=files("VOLUME /var/lib/api"))],
    passing=lambda: [Example("k8s/deploy.yaml", deployment(
                 "securityContext: {readOnlyRootFilesystem: true}\n"
                 "volumeMounts: [{name: data, mountPath: /var/lib/api}]",
                 pod="volumes: [{name: data, emptyDir: {}}]"),
                 files=files("VOLUME /var/lib/api")),
             Example("k8s/deploy.yaml", deployment(), files=files("VOLUME /var/lib/api"))],
    security=False,
)


def _covered(path: str, mounts: list[str]) -> bool:
    """A mount at ``path``, above it, or below it (the program may write only there)."""
    for m in mounts:
        m = m.rstrip("/") or "/"
        if path == m or path.startswith(m.rstrip("/") + "/") or m.startswith(path + "/"):
            return True
    return False


@RULE.check(KubernetesImages)
def read_only(view: KubernetesImages) -> Iterator[Hit]:
    for linked in linked_containers(view):
        c, facts = linked.container, linked.facts
        ro = c.effective_security_context.read_only_root_filesystem
        if ro is None or ro.value is not True or not facts.volumes:
            continue
        mounts = [m.mount_path for m in c.volume_mounts if m.mount_path]
        bare = [v for v in dict.fromkeys(facts.volumes) if not _covered(v, mounts)]
        if not bare:
            continue
        paths = " and ".join(bare[:3]) + (f" (and {len(bare) - 3} more)" if len(bare) > 3 else "")
        plural = "s" if len(bare) > 1 else ""
        yield Hit(ro.node, f"{linked.who} has a read-only root filesystem, but {linked.built} "
                           f"declares VOLUME {paths}, where it writes, and no volume is "
                           f"mounted there: on CRI-O the writes fail (the path is part of the "
                           f"read-only root filesystem), on containerd they go to a scratch "
                           f"directory lost at each container restart",
                  fix=f"mount a volume (an emptyDir or a PersistentVolumeClaim) at {bare[0]}"
                      + (f" and the other path{plural}" if len(bare) > 1 else ""),
                  path=linked.owner.path)
