"""Container and Service correctness: SL318 probe-port-unknown, SL319 duplicate-env-var,
SL320 service-external-ips, SL321 job-restart-policy, SL322 deprecated-service-account-field,
SL323 ssh-port."""

from __future__ import annotations

from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, PodTemplate
from linter.kubernetes.examples import container, deployment, pod
from linter.kubernetes.pss import has_image, mapping, obj_label, scalar, sequence, templated, who
from linter.kubernetes.tree import k8s_value

_PROBES_DOC = ("https://kubernetes.io/docs/tasks/configure-pod-container/"
               "configure-liveness-readiness-startup-probes/")

# ------------------------------------------------------------------ SL318 probe port

PROBE_PORT = Rule(
    code="SL318",
    name="probe-port-unknown",
    severity=Severity.HIGH,
    summary="Probe names a port the container does not declare",
    rationale=(
        "A probe may name its port (`port: http`); the kubelet resolves the name among the "
        "container's own `ports`. If no port has that name the probe can never succeed: a "
        "liveness probe then restarts the container forever, a readiness probe keeps it out "
        "of its Service."),
    remediation="Name the port in the container's `ports` list, or use the port number in the probe.",
    references=[_PROBES_DOC],
    aliases={"kube-linter": ["liveness-port", "readiness-port", "startup-port"]},
    tags=["correctness", "reliability"],
    failing=[Example("pod.yaml", pod(container("ports:\n- {name: web, containerPort: 8080}\n"
                                               "livenessProbe:\n  httpGet: {path: /healthz, port: http}")))],
    passing=[Example("pod.yaml", pod(container("ports:\n- {name: http, containerPort: 8080}\n"
                                               "livenessProbe:\n  httpGet: {path: /healthz, port: http}")))],
)


@PROBE_PORT.check(PodTemplate)
def probe_port(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        names = {p.name for p in c.ports if p.name}
        for what, probe in (("livenessProbe", c.liveness_probe), ("readinessProbe", c.readiness_probe),
                            ("startupProbe", c.startup_probe)):
            for handler in ("httpGet", "tcpSocket", "grpc"):
                port = scalar(mapping(probe, handler), "port")
                if port is None or not isinstance(port.value, str) or port.value.isdigit():
                    continue
                name = port.value
                if templated(name) or name in names:
                    continue
                known = ", ".join(sorted(names)) if names else "none"
                yield Hit(port, f"{who(c)}: {what} uses port '{name}', which is not among the "
                                f"container's named ports ({known}); the probe always fails",
                          fix=f"name a port '{name}' in ports, or use the port number")


# --------------------------------------------------------------- SL319 duplicate env

DUPLICATE_ENV = Rule(
    code="SL319",
    name="duplicate-env-var",
    severity=Severity.MEDIUM,
    summary="Environment variable defined twice in one container",
    rationale=(
        "When `env` lists a name twice the last entry wins, so the first one is dead and "
        "misleading; `kubectl apply` merges env entries by name, so editing one of the copies "
        "later can silently leave the other in force."),
    remediation="Keep one entry per variable name.",
    references=["https://kubernetes.io/docs/tasks/inject-data-application/"
                "define-environment-variable-container/"],
    aliases={"kube-linter": "duplicate-env-var", "kube-score": "environment-variable-key-duplication"},
    tags=["correctness"],
    failing=[Example("pod.yaml", pod(container("env:\n- {name: MODE, value: fast}\n- {name: MODE, value: safe}")))],
    passing=[Example("pod.yaml", pod(container("env:\n- {name: MODE, value: fast}\n- {name: LEVEL, value: '2'}")))],
)


@DUPLICATE_ENV.check(PodTemplate)
def duplicate_env(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        first: dict[str, int] = {}
        for e in c.env:
            if not e.name or templated(e.name):
                continue
            if e.name in first:
                yield Hit(e.name_span, f"{who(c)} defines environment variable {e.name} twice "
                                       f"(first on line {first[e.name]}); the last one wins",
                          fix="remove one of the entries")
            else:
                first[e.name] = e.name_span.line


# -------------------------------------------------------------- SL320 externalIPs

EXTERNAL_IPS = Rule(
    code="SL320",
    name="service-external-ips",
    severity=Severity.HIGH,
    summary="Service sets externalIPs",
    rationale=(
        "Any address listed in `externalIPs` is captured by kube-proxy on every node: a "
        "Service can claim the IP of another service, inside or outside the cluster, and "
        "intercept its traffic (CVE-2020-8554). Clusters should deny the field with the "
        "DenyServiceExternalIPs admission plugin."),
    remediation="Use a LoadBalancer Service or an Ingress/Gateway instead of externalIPs.",
    references=["https://kubernetes.io/docs/concepts/services-networking/service/#external-ips",
                "https://github.com/kubernetes/kubernetes/issues/97076"],
    aliases={"trivy": "KSV-0108"},
    tags=["security", "network"],
    failing=[Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                                 "  selector: {app: web}\n  ports: [{port: 80}]\n  externalIPs: [203.0.113.10]\n")],
    passing=[Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                                 "  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80}]\n")],
)


@EXTERNAL_IPS.check(KubeObject)
def external_ips(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "Service" or o.group != "":
        return
    spec = mapping(o.node, "spec")
    ips = sequence(spec, "externalIPs")
    if ips:
        shown = ", ".join(i.as_str() for i in ips if hasattr(i, "as_str"))
        yield Hit(spec.get("externalIPs"), f"Service '{o.name}' claims externalIPs {shown}; "
                                           "kube-proxy intercepts traffic to them on every node",
                  fix="use a LoadBalancer Service or an Ingress")


# ------------------------------------------------------------ SL321 Job restartPolicy

JOB_RESTART = Rule(
    code="SL321",
    name="job-restart-policy",
    severity=Severity.HIGH,
    summary="Job or CronJob pod template without restartPolicy Never or OnFailure",
    rationale=(
        "A Job's pods must say what happens when they fail: `Never` (the Job creates a new "
        "pod) or `OnFailure` (the kubelet restarts the container). The API server rejects a "
        "Job whose template has `restartPolicy: Always`, which is also the value an unset "
        "field takes."),
    remediation="Set `restartPolicy: Never` (or `OnFailure`) in the Job's pod template.",
    references=["https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template"],
    aliases={"kube-linter": "restart-policy", "kube-score": "cronjob-restartpolicy"},
    tags=["correctness"],
    failing=[Example("job.yaml", deployment(container() + "restartPolicy: Always", kind="Job",
                                            api="batch/v1"))],
    passing=[Example("job.yaml", deployment(container() + "restartPolicy: OnFailure", kind="Job",
                                            api="batch/v1"))],
)


@JOB_RESTART.check(PodTemplate)
def job_restart(pt: PodTemplate) -> Iterator[Hit]:
    o = pt.owner
    if o.kind not in ("Job", "CronJob") or o.group != "batch" or not has_image(pt):
        return
    rp = pt.restart_policy
    if rp is None:
        yield Hit(o.name_span, f"{obj_label(o)}: the pod template sets no restartPolicy, so it "
                               "defaults to Always, which the API server rejects for Jobs",
                  fix="set restartPolicy: Never or OnFailure")
    elif rp.as_str() not in ("Never", "OnFailure") and not templated(rp.as_str()):
        yield Hit(rp, f"{obj_label(o)}: restartPolicy {rp.as_str()} is not allowed for Jobs "
                      "(Never or OnFailure)", fix="set restartPolicy: Never or OnFailure")


# ---------------------------------------------------- SL322 deprecated serviceAccount

SA_FIELD = Rule(
    code="SL322",
    name="deprecated-service-account-field",
    severity=Severity.LOW,
    summary="Pod spec uses the deprecated serviceAccount field",
    rationale=(
        "`spec.serviceAccount` is a deprecated alias of `serviceAccountName`. When the two "
        "differ, which one wins has changed between versions and tools; tools that read only "
        "serviceAccountName (policy engines, this linter's own cross-checks) miss it."),
    remediation="Rename `serviceAccount` to `serviceAccountName`.",
    references=["https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context"],
    aliases={"kube-linter": "deprecated-service-account-field"},
    tags=["correctness"],
    failing=[Example("pod.yaml", pod("serviceAccount: web\n" + container()))],
    passing=[Example("pod.yaml", pod("serviceAccountName: web\n" + container()))],
)


@SA_FIELD.check(PodTemplate)
def sa_field(pt: PodTemplate) -> Iterator[Hit]:
    old = scalar(pt.node, "serviceAccount")
    if old is None:
        return
    new = scalar(pt.node, "serviceAccountName")
    if new is not None and new.as_str() != old.as_str():
        yield Hit(old, f"{obj_label(pt.owner)} sets serviceAccount '{old.as_str()}' and "
                       f"serviceAccountName '{new.as_str()}', which disagree",
                  severity=Severity.MEDIUM, fix="keep only serviceAccountName")
    elif new is None:
        yield Hit(old, f"{obj_label(pt.owner)} uses the deprecated serviceAccount field",
                  fix=f"write serviceAccountName: {old.as_str()}")


# ----------------------------------------------------------------- SL323 SSH port

SSH = Rule(
    code="SL323",
    name="ssh-port",
    severity=Severity.LOW,
    summary="Container exposes SSH (port 22)",
    rationale=(
        "An SSH server in a container is a second way in that bypasses the audit trail of "
        "`kubectl exec`, needs its own keys and patching, and is a common target of "
        "brute-force attacks."),
    remediation="Remove the SSH server; use `kubectl exec` or ephemeral debug containers.",
    references=["https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/"
                "#ephemeral-container"],
    aliases={"kube-linter": "ssh-port"},
    tags=["security"],
    failing=[Example("pod.yaml", pod(container("ports:\n- containerPort: 22")))],
    passing=[Example("pod.yaml", pod(container("ports:\n- containerPort: 8022\n  name: git-ssh")))],
)


@SSH.check(PodTemplate)
def ssh(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        for p in c.ports:
            if p.container_port is not None and k8s_value(p.container_port) == 22 and p.protocol == "TCP":
                yield Hit(p.container_port, f"{who(c)} exposes SSH on port 22",
                          fix="remove the SSH server; use kubectl exec")


# ------------------------------------------------------------- SL324 port names

PORT_NAMES = Rule(
    code="SL324",
    name="invalid-port-name",
    severity=Severity.HIGH,
    summary="Port name is not a valid IANA service name",
    rationale=(
        "Container port names (and the names a Service's targetPort refers to) must be IANA "
        "service names: at most 15 characters, lower-case letters, digits and single inner "
        "hyphens, with at least one letter. The API server rejects others, so the deploy "
        "fails."),
    remediation="Rename the port, e.g. `metrics` or `http-admin` (15 characters at most).",
    references=["https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
                "https://www.rfc-editor.org/rfc/rfc6335#section-5.1"],
    aliases={"kube-linter": "invalid-target-ports", "kube-score": "container-ports-check"},
    tags=["correctness"],
    failing=[Example("pod.yaml", pod(container("ports:\n- {name: prometheus-metrics, containerPort: 9090}")))],
    passing=[Example("pod.yaml", pod(container("ports:\n- {name: metrics, containerPort: 9090}")))],
)


def port_name_problem(name: str) -> str | None:
    """Why ``name`` is not an IANA service name, or ``None`` (also for an upper-case
    placeholder such as ``PORT`` that a script replaces before deploying)."""
    if name.replace("_", "").isalpha() and name.isupper():
        return None
    if len(name) > 15:
        return "longer than 15 characters"
    if any(not (ch.isascii() and (ch.islower() or ch.isdigit() or ch == "-")) for ch in name):
        return "only lower-case letters, digits and '-' are allowed"
    if name.startswith("-") or name.endswith("-") or "--" in name:
        return "hyphens may not lead, trail or repeat"
    if not any(ch.isalpha() for ch in name):
        return "it needs at least one letter"
    return None


@PORT_NAMES.check(PodTemplate)
def port_names(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        for p in c.ports:
            if not p.name or templated(p.name):
                continue
            why = port_name_problem(p.name)
            if why:
                node = p.node.get("name")
                yield Hit(node if node is not None else p,
                          f"{who(c)}: port name '{p.name}' is invalid ({why}); the API server "
                          "rejects it", fix="use a name of at most 15 lower-case letters, digits and '-'")


@PORT_NAMES.check(KubeObject)
def service_target_ports(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "Service" or o.group != "":
        return
    for port in sequence(mapping(o.node, "spec"), "ports"):
        tp = scalar(port, "targetPort")
        if tp is None or not isinstance(tp.value, str) or tp.value.isdigit() or templated(tp.value):
            continue
        why = port_name_problem(tp.value)
        if why:
            yield Hit(tp, f"Service '{o.name}': targetPort '{tp.value}' is not a valid port name "
                          f"({why}); the API server rejects it", fix="use the port's number or a valid name")


# ------------------------------------------------------------------ SL325 TLS

INGRESS_TLS = Rule(
    code="SL325",
    name="ingress-without-tls",
    severity=Severity.LOW,
    summary="Ingress serves plain HTTP only (no tls section)",
    rationale=(
        "An Ingress without `tls` serves its hosts over unencrypted HTTP: credentials, "
        "cookies and data travel in clear text and can be changed on the way."),
    remediation=(
        "Add a `tls` section with the hosts and a certificate Secret (cert-manager can issue "
        "it), and redirect HTTP to HTTPS."),
    references=["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
    aliases={"polaris": "tlsSettingsMissing"},
    tags=["security", "ingress"],
    failing=[Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n"
                                 "      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n")],
    passing=[Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  tls:\n  - {hosts: [shop.example.com], secretName: shop-tls}\n  rules:\n"
                                 "  - host: shop.example.com\n    http:\n      paths:\n"
                                 "      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n")],
)


#: annotations with which cloud ingress controllers attach certificates outside spec.tls
_TLS_ANNOTATIONS = (
    "networking.gke.io/managed-certificates", "ingress.gcp.kubernetes.io/pre-shared-cert",
    "alb.ingress.kubernetes.io/certificate-arn", "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
    "appgw.ingress.kubernetes.io/appgw-trusted-root-certificate",
    "kubernetes.io/ingress.allow-http")


@INGRESS_TLS.check(KubeObject)
def ingress_tls(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "Ingress" or o.group not in ("networking.k8s.io", "extensions"):
        return
    spec = mapping(o.node, "spec")
    if spec is None or sequence(spec, "tls"):
        return
    if any(k in o.annotations for k in _TLS_ANNOTATIONS):
        return  # the cloud load balancer terminates TLS with a certificate named there
    yield Hit(o.name_span, f"Ingress '{o.name}' has no tls section: its hosts are served over "
                           "plain HTTP", fix="add spec.tls with the hosts and a certificate Secret")
