"""Workload hygiene: SL307 image-pull-policy, SL308 missing-probes,
SL309 service-account-token-mounted, SL310 default-namespace."""

from __future__ import annotations

from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet, PodTemplate
from linter.kubernetes.objectset import directory, is_custom_group
from linter.kubernetes.examples import container, deployment, pod
from linter.kubernetes.pss import has_image, is_false, is_true, obj_label, scalar, sequence, who, with_image

# --------------------------------------------------------------------- SL307 pull policy

PULL_POLICY = Rule(
    code="SL307",
    name="image-pull-policy",
    severity=Severity.INFO,
    summary="Image pull policy is not Always (opt-in)",
    rationale=(
        "With IfNotPresent a node reuses whatever image it cached under the tag, so a pod may "
        "run an older build than the one the tag names now, and a pod on a shared node can "
        "use a private image another pod pulled without presenting credentials. Always makes "
        "the kubelet check the registry (cheaply) at every start. Off by default: a digest "
        "pin (SL102) solves the staleness better."),
    remediation="Set `imagePullPolicy: Always`, or pin the image by digest.",
    references=["https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
                "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/"
                "#alwayspullimages"],
    aliases={"checkov": "CKV_K8S_15", "polaris": "pullPolicyNotAlways",
             "kube-score": "container-image-pull-policy"},
    tags=["supply-chain"],
    enabled_by_default=False,
    failing=[Example("pod.yaml", pod(container("imagePullPolicy: IfNotPresent")))],
    passing=[Example("pod.yaml", pod(container("imagePullPolicy: Always"))),
             Example("pod.yaml", pod(container(image="nginx@sha256:" + "0" * 64)))],
)


@PULL_POLICY.check(PodTemplate)
def pull_policy(pt: PodTemplate) -> Iterator[Hit]:
    for c in with_image(pt):
        ref = c.image_ref
        if ref is None or ref.digest is not None or ref.pinning_unknown:
            continue
        p = c.image_pull_policy
        if p is not None:
            if p.as_str() != "Always":
                yield Hit(p, f"{who(c)} uses imagePullPolicy: {p.as_str()} for the tag "
                             f"'{ref.text}'", fix="set imagePullPolicy: Always or pin a digest")
        elif ref.tag is not None and not ref.is_latest:
            yield Hit(c.name_span, f"{who(c)} has no imagePullPolicy, so the tag '{ref.text}' is pulled "
                         "only if not present", fix="set imagePullPolicy: Always or pin a digest")


# ------------------------------------------------------------------------ SL308 probes

PROBES = Rule(
    code="SL308",
    name="missing-probes",
    severity=Severity.LOW,
    summary="Long-running container has no readiness or liveness probe",
    rationale=(
        "Without a readiness probe a pod that serves on a port receives Service traffic as "
        "soon as its process "
        "starts, before it can answer, and keeps receiving it while it is overloaded; "
        "rollouts proceed even when the new version never becomes ready. Without a liveness "
        "probe a hung process (deadlock, exhausted pool) is never restarted."),
    remediation=(
        "Add a `readinessProbe` that checks the service can answer (an HTTP health endpoint, "
        "a TCP or gRPC check) and a `livenessProbe` that only fails when a restart helps; use "
        "a `startupProbe` for slow starters."),
    references=["https://kubernetes.io/docs/tasks/configure-pod-container/"
                "configure-liveness-readiness-startup-probes/"],
    aliases={"checkov": ["CKV_K8S_8", "CKV_K8S_9"],
             "kube-linter": ["no-liveness-probe", "no-readiness-probe"],
             "polaris": ["livenessProbeMissing", "readinessProbeMissing"], "kube-score": "pod-probes"},
    tags=["reliability"],
    failing=[Example("deploy.yaml", deployment(container("ports:\n- containerPort: 8080")))],
    passing=[Example("deploy.yaml", deployment(container(
                 "readinessProbe:\n  httpGet: {path: /ready, port: 8080}\n"
                 "livenessProbe:\n  httpGet: {path: /healthz, port: 8080}"))),
             Example("job.yaml", deployment(container() + "restartPolicy: Never", kind="Job",
                                            api="batch/v1"))],
)

_RUN_TO_COMPLETION = frozenset(("Job", "CronJob"))


@PROBES.check(PodTemplate)
def probes(pt: PodTemplate) -> Iterator[Hit]:
    owner = pt.owner
    if owner.kind in _RUN_TO_COMPLETION or owner.kind == "PodTemplate":
        return
    rp = pt.restart_policy
    if owner.kind == "Pod" and rp is not None and rp.as_str() in ("Never", "OnFailure"):
        return  # a run-to-completion pod
    for c in with_image(pt, pt.containers):
        if c.readiness_probe is None and c.ports:  # a container that serves on a port
            yield Hit(c.name_span, f"{who(c)} has no readinessProbe: it gets traffic before it can answer",
                      fix="add a readinessProbe (httpGet, tcpSocket or grpc)")
        if c.liveness_probe is None:
            yield Hit(c.name_span, f"{who(c)} has no livenessProbe: a hung process is never restarted",
                      severity=Severity.INFO, fix="add a livenessProbe")


# ----------------------------------------------------------- SL309 service account token

TOKEN = Rule(
    code="SL309",
    name="service-account-token-mounted",
    severity=Severity.LOW,
    summary="Pod mounts a service account token it may not need (opt-in)",
    rationale=(
        "Every pod gets a token for its service account mounted at "
        "/var/run/secrets/kubernetes.io/serviceaccount unless told otherwise. An attacker "
        "who gets code execution in the container can use it against the API server with "
        "whatever rights the account has (and the default account often gained some over "
        "time). Most application pods never talk to the API."),
    remediation=(
        "Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount) "
        "for workloads that do not call the Kubernetes API. Pods whose service account is "
        "bound to a Role in the files linted together are assumed to need it and are not "
        "reported. Opt-in: "
        "nearly every workload leaves the default on, and the default account of a namespace "
        "usually holds no permissions."),
    references=["https://kubernetes.io/docs/tasks/configure-pod-container/"
                "configure-service-account/#opt-out-of-api-credential-automounting",
                "CIS Kubernetes Benchmark 5.1.6: Ensure that Service Account Tokens are only "
                "mounted where necessary"],
    aliases={"checkov": ["CKV_K8S_38", "CKV_K8S_41"], "trivy": "KSV-0036",
             "polaris": "automountServiceAccountToken"},
    tags=["security", "identity"],
    enabled_by_default=False,
    failing=[Example("deploy.yaml", deployment(container()))],
    passing=[Example("deploy.yaml", deployment("automountServiceAccountToken: false\n" + container())),
             Example("deploy.yaml", deployment("serviceAccountName: web\n" + container())
                     + "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n"
                       "automountServiceAccountToken: false\n")],
)


def _sa_key(o: KubeObject, namespace: str | None, name: str) -> tuple[str, str, str]:
    """Accounts are keyed by namespace and name, and the ``default`` account of an unnamed
    namespace also by the directory: every namespace has one, so an unrelated application
    of the same run that binds its own ``default`` account says nothing about this one.
    (An explicit namespace is explicit: its ``default`` account is the same everywhere.)"""
    return (namespace or "", name, directory(o) if name == "default" and not namespace else "")


def _accounts(objects: list[KubeObject]) -> set[tuple[str, str, str]]:
    """Service accounts that opt out of automounting or are bound to a role."""
    known: set[tuple[str, str, str]] = set()
    for o in objects:
        if o.kind == "ServiceAccount" and o.name and is_false(scalar(o.node, "automountServiceAccountToken")):
            known.add(_sa_key(o, o.namespace, o.name))
        elif o.kind in ("RoleBinding", "ClusterRoleBinding"):
            for s in sequence(o.node, "subjects"):
                kind, name = scalar(s, "kind"), scalar(s, "name")
                if kind is not None and kind.as_str() == "ServiceAccount" and name is not None:
                    ns = scalar(s, "namespace")
                    known.add(_sa_key(o, ns.as_str() if ns else o.namespace, name.as_str()))
    return known


@TOKEN.check(KubernetesSet)
def token(ks: KubernetesSet) -> Iterator[Hit]:
    """ServiceAccounts and bindings are looked up across every file linted together."""
    accounts = None
    for o in ks.objects:
        pt = o.pod_template
        if pt is None or not has_image(pt):
            continue
        flag = pt.automount_service_account_token
        if is_false(flag):
            continue
        sa = pt.service_account_name.as_str() if pt.service_account_name is not None else "default"
        if flag is not None and is_true(flag):
            yield Hit(flag, f"{obj_label(o)} mounts the service account token of '{sa}' "
                            "(automountServiceAccountToken: true)", path=o.path,
                      severity=Severity.INFO, fix="set automountServiceAccountToken: false if "
                                                  "the pod does not call the Kubernetes API")
            continue
        if flag is not None:
            continue  # a template or an odd value: cannot judge
        if accounts is None:
            accounts = _accounts(ks.objects)
        if _sa_key(o, o.namespace, sa) in accounts:
            continue
        yield Hit(o.name_span, f"{obj_label(o)} mounts the token of service account '{sa}' "
                               "(automountServiceAccountToken is not false on the pod or the "
                               "account)", path=o.path,
                  fix="set automountServiceAccountToken: false in the pod spec")


# ------------------------------------------------------------------- SL310 namespace

NAMESPACE = Rule(
    code="SL310",
    name="default-namespace",
    severity=Severity.LOW,
    summary="Object placed in the 'default' namespace",
    rationale=(
        "The default namespace is where everything lands by accident: objects there share "
        "RBAC, quotas and network policies with whatever else was dropped in it, and it is "
        "hard to give them their own. Objects without a namespace are not reported: kubectl "
        "-n, Kustomize and Helm set it at deploy time."),
    remediation="Deploy into a namespace of the application's own (`metadata.namespace: shop`).",
    references=["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
                "CIS Kubernetes Benchmark 5.7.4: The default namespace should not be used"],
    aliases={"checkov": "CKV_K8S_21", "trivy": "KSV-0110", "kube-linter": "use-namespace"},
    tags=["isolation"],
    failing=[Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                                 "  namespace: default\nspec:\n  selector: {app: web}\n"
                                 "  ports: [{port: 80}]\n")],
    passing=[Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                                 "  namespace: shop\nspec:\n  selector: {app: web}\n"
                                 "  ports: [{port: 80}]\n")],
)


#: what an application deploys (RBAC objects in 'default' usually grant access *to* it)
_APP_KINDS = frozenset(("Service", "Ingress", "ConfigMap", "Secret", "ServiceAccount",
                        "PersistentVolumeClaim", "HorizontalPodAutoscaler", "PodDisruptionBudget"))


@NAMESPACE.check(KubeObject)
def default_namespace(o: KubeObject) -> Iterator[Hit]:
    if o.namespace != "default" or is_custom_group(o.group):
        return
    if o.pod_template is None and o.kind not in _APP_KINDS:
        return
    if not (o.kind == "Service" and o.name == "kubernetes"):
        ns = o.metadata.get("namespace") if o.metadata is not None else None
        yield Hit(ns if ns is not None else o.name_span,
                  f"{obj_label(o)} is placed in the 'default' namespace",
                  fix="use a namespace of the application's own")
