"""SL101 runs-as-root: the container's process runs as root."""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import lru_cache

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.image import ImageReference
from linter.kubernetes import DEFAULT_VERSION as K8S_VERSION  # not its schema module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.dockerfile import Dockerfile, Stage
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL101",
    name="runs-as-root",
    severity=Severity.HIGH,
    summary="Container runs as root",
    rationale=(
        "A process running as root inside a container is root on the host's kernel too: one "
        "container escape, a mounted host path or a kernel bug away from owning the node. Most "
        "images do not need root at run time."),
    remediation=(
        "Dockerfile: create an unprivileged user and end the final stage with `USER app` (or "
        "a numeric `USER 10001`). Compose: set `user: \"10001:10001\"` or drop `user: root`. "
        "Kubernetes: set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` on "
        "the pod or on each container."),
    references=[
        "https://docs.docker.com/reference/dockerfile/#user",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created",
    ],
    aliases={"cis": "5.2.7", "checkov": ["CKV_DOCKER_3", "CKV_DOCKER_8", "CKV_K8S_23"],
             "kics": ["Last User Is 'root'", "Missing User Instruction"], "trivy": "DS-0002",
             "kube-linter": "run-as-non-root", "polaris": "runAsRootAllowed",
             "pss": ["restricted/running-as-non-root", "restricted/running-as-non-root-user"]},
    # hadolint judges the last USER of every stage (a build stage that ends as root too);
    # this rule judges the user the final image runs as
    related={"hadolint": "DL3002", "checkov": "CKV_K8S_40",
             "trivy": ["KSV-0012", "KSV-0105", "KSV-0020"],
             "kube-score": "container-security-context-user-group-id",
             "kubesec": ["RunAsNonRoot", "RunAsUser"],
             "kics": ["Container Running As Root", "Container Running With Low UID"]},
    tags=["security", "privilege"],
    failing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
        Example("Dockerfile", "FROM alpine:3.20\nUSER app\nUSER root\n"),
        Example("Dockerfile",
                "FROM golang:1.23 AS build\nUSER builder\nRUN go build ./...\n"
                "FROM alpine:3.20\nCOPY --from=build /app /app\n"),
        Example("Dockerfile", "FROM alpine:3.20\nUSER 0:0\n"),
        Example("Dockerfile",
                "FROM golang:1.23 AS build\nRUN go build -o /app .\n"
                "FROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    user: root\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    user: \"0:0\"\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: nginx:1.27\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                "  securityContext: {runAsNonRoot: true}\n  containers:\n"
                "  - name: app\n    image: nginx:1.27\n    securityContext: {runAsUser: 0}\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nRUN adduser -D app\nUSER app\n"),
        Example("Dockerfile",
                "FROM alpine:3.20 AS base\nUSER 10001\nFROM base\nRUN echo hi\n"),
        Example("Dockerfile", "FROM gcr.io/distroless/static:nonroot\nCOPY app /app\n"),
        # base images that set a non-root USER themselves; a base that is a variable
        Example("Dockerfile", "FROM grafana/grafana:11.2.0\nCOPY dashboards /dashboards\n"),
        Example("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN make\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    user: \"1000:1000\"\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                "  securityContext: {runAsNonRoot: true, runAsUser: 10001}\n  containers:\n"
                "  - name: app\n    image: nginx:1.27\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n"
                "  containers:\n  - name: app\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n"),
    ],
    fragments=True,  # a patch's `runAsUser: 0` is written; what it leaves unset is not judged
    # PSS relaxes the control for pods in a user namespace from this version on
    options={"kubernetes-version": K8S_VERSION},
)


ROOT_NAMES = frozenset({"root", "0"})


def is_root_user(user: str) -> bool:
    """``root``, ``0``, ``root:staff``, ``0:0``, ``"root"``, ``000`` -> True (the user part
    decides; quotes around the value are removed as BuildKit does)."""
    name = user.strip().strip("\"'").split(":", 1)[0].strip()
    return name in ROOT_NAMES or (name.isdigit() and int(name) == 0)


#: Images (``ImageReference.hub_name``, fnmatch patterns) whose published configuration ends
#: with a non-root ``USER``, so a Dockerfile built FROM them without a USER of its own does
#: not run as root. Deliberately short: only images known to keep it in every tag.
NON_ROOT_IMAGES = (
    "grafana/grafana", "grafana/grafana-oss", "grafana/grafana-enterprise", "grafana/k6",
    "grafana/loki",
    "prom/prometheus", "prom/alertmanager", "prom/node-exporter", "prom/pushgateway",
    "quay.io/prometheus/prometheus", "quay.io/prometheus/alertmanager",
    "quay.io/prometheus/node-exporter", "quay.io/prometheus/pushgateway",
    "jupyter/*", "quay.io/jupyter/*",
    "elasticsearch", "kibana", "logstash",
    "docker.elastic.co/elasticsearch/*", "docker.elastic.co/kibana/*",
    "docker.elastic.co/logstash/*", "docker.elastic.co/elastic-agent/*",
    "docker.elastic.co/apm/*", "docker.elastic.co/beats/filebeat*",
    "docker.elastic.co/beats/metricbeat*", "docker.elastic.co/beats/heartbeat*",
    "debezium/connect", "debezium/connect-base", "debezium/kafka", "debezium/zookeeper",
    "quay.io/debezium/connect", "quay.io/debezium/connect-base", "quay.io/debezium/kafka",
    "quay.io/debezium/zookeeper",
    "strimzi/kafka", "strimzi/operator", "quay.io/strimzi/kafka", "quay.io/strimzi/operator",
    "apachepulsar/pulsar", "apachepulsar/pulsar-all",
    "bitnami/*", "bitnamilegacy/*",
    "confluentinc/cp-*",
    "nginxinc/nginx-unprivileged",
    "keycloak/keycloak", "quay.io/keycloak/keycloak",
    "jenkins/jenkins", "jenkins/inbound-agent", "jenkins/agent",
    "kong", "kong/kong", "kong/kong-gateway",
    "temporalio/server", "temporalio/auto-setup", "temporalio/admin-tools",
    "cgr.dev/chainguard/static",
    "mcr.microsoft.com/dotnet/monitor", "mcr.microsoft.com/dotnet/monitor/*",
    "mcr.microsoft.com/dotnet/aspire-dashboard",
)


#: Exceptions to the patterns above (base OS images that run as root).
ROOT_IMAGES = ("bitnami/minideb", "bitnamilegacy/minideb")


#: Images that exist only for Windows (whose users are not Linux root).
WINDOWS_IMAGES = (
    "mcr.microsoft.com/windows/*", "mcr.microsoft.com/windows", "microsoft/windowsservercore",
    "microsoft/nanoserver", "microsoft/iis", "microsoft/aspnet", "microsoft/dotnet-framework*",
    "mcr.microsoft.com/dotnet/framework/*",
)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    literal, globs = _literal_and_globs(patterns)
    return name in literal or any(fnmatchcase(name, p) for p in globs)


@lru_cache(maxsize=None)
def _literal_and_globs(patterns: tuple[str, ...]) -> tuple[frozenset, tuple[str, ...]]:
    """The patterns without ``*?[`` (an fnmatch pattern that is itself: compared, not
    compiled, as compiling all of them is a start-up cost), and the others."""
    literal = frozenset(p for p in patterns if not any(c in p for c in "*?["))
    return literal, tuple(p for p in patterns if p not in literal)


def windows_image(ref: ImageReference) -> bool:
    """A Windows base image: by name, or by a Windows tag (``...-nanoserver-ltsc2022``)."""
    text = ref.text.lower()
    return (any(w in text for w in ("windows", "nanoserver", "servercore", "ltsc20"))
            or _matches(ref.hub_name, WINDOWS_IMAGES))


def non_root_image(ref: ImageReference) -> bool:
    """A base image published to run as a non-root user (see ``NON_ROOT_IMAGES``; also
    ``:nonroot`` tags, .NET chiseled and distroless images, SQL Server 2019 and later)."""
    tag = (ref.tag or "").lower()
    if "nonroot" in tag or "non-root" in tag or "rootless" in tag:
        return True
    name = ref.hub_name
    if _matches(name, ROOT_IMAGES):
        return False
    if name.startswith("mcr.microsoft.com/dotnet/") and ("chiseled" in tag or "distroless" in tag):
        return True  # USER app ($APP_UID) since .NET 8
    if name == "mcr.microsoft.com/mssql/server":
        return not tag.startswith("2017")  # USER mssql since SQL Server 2019
    return _matches(name, NON_ROOT_IMAGES)


def _windows_dockerfile(df: Dockerfile, chain: list[Stage]) -> bool:
    """Windows build signals: the backtick escape, or a cmd/PowerShell SHELL."""
    if df.escape == "`":
        return True
    for stage in chain:
        for shell in stage.instructions_named("SHELL"):
            first = (shell.exec_form or [""])[0].lower().rsplit("\\", 1)[-1]
            if first in ("cmd", "cmd.exe", "powershell", "powershell.exe"):
                return True
    return False


def _runs_a_program(chain: list[Stage]) -> bool:
    """The image has a program to run (ENTRYPOINT or CMD) that is not a WebAssembly module
    (which no Linux user runs)."""
    for stage in chain:
        for ins in reversed(stage.instructions):
            if ins.keyword in ("ENTRYPOINT", "CMD"):
                program = (ins.exec_form[0] if ins.exec_form else ins.args.split(" ", 1)[0])
                return not program.strip().lower().endswith(".wasm")
    return False


_DOCKERFILE_FIX = ("add `USER <non-root user or UID>` (e.g. `USER 10001`) at the end of the "
                   "final stage")


@RULE.check("linter.dockerfile.tree:Dockerfile")
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    final = df.final_stage
    if final is None:
        return
    chain = final.lineage()  # FROM base inherits base's USER
    for stage in chain:
        users = stage.instructions_named("USER")
        if users:
            last = users[-1]
            user, known = df.expand(last.args.strip(), stage, last)
            if known and is_root_user(user):
                name = user.strip().strip("\"'").split(":", 1)[0].strip()
                where = "the final stage's last USER" if stage is final else \
                    f"the last USER of stage '{stage.name}', which the final stage builds on,"
                yield Hit(last, f"{where} is '{name}' (root); the container runs as root",
                          fix="end the final stage with `USER <non-root user or UID>` once "
                              "the steps that need root are done")
            return  # an unknown USER (USER ${APP_UID}) cannot be judged
    root = chain[-1]
    ref = root.image
    if ref is None or not ref.repository or ref.name_unknown or not ref.name_is_well_formed:
        return  # the base image is a variable or placeholder: it may set a USER of its own
    if windows_image(ref) or _windows_dockerfile(df, chain):
        return
    if ref.is_scratch:
        if _runs_a_program(chain):
            yield Hit(final.from_instruction,
                      "the final stage is built FROM scratch and sets no USER, so its program "
                      "runs as root (UID 0)", fix=_DOCKERFILE_FIX)
        return  # without a program, a scratch stage only exports files (--output)
    if non_root_image(ref):
        return
    yield Hit(final.from_instruction,
              "the final stage sets no USER, so the container runs as root",
              fix=f"{_DOCKERFILE_FIX}, unless the base image '{ref.name}' sets a non-root USER "
                  "itself")


@RULE.check("linter.compose.tree:Service")
def compose_service(service: Service) -> Iterator[Hit]:
    user = service.user
    if user is not None and user.known and user.value is not None and is_root_user(user.value):
        yield Hit(user, f"service '{service.name}' runs as root (user: {user.value})",
                  fix='set `user: "10001:10001"` (any non-zero UID), or drop `user:` if the '
                      "image sets a non-root USER")


def windows_pod(template: PodTemplate) -> bool:
    """``spec.os.name: windows`` (the PSS exemption's signal), or, for this rule only, a
    nodeSelector that pins the pod to Windows nodes."""
    from linter.yaml import YMapping, YScalar

    from ..kubernetes import pss

    if pss.windows_pod(template):
        return True
    selector = template.node.get("nodeSelector")
    if isinstance(selector, YMapping):
        for key in ("kubernetes.io/os", "beta.kubernetes.io/os"):
            v = selector.get(key)
            if isinstance(v, YScalar) and v.as_str().strip().lower() == "windows":
                return True
    return False


_POD_FIX = ("set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` on the "
            "container or the pod")


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    from ..kubernetes import pss
    from ..kubernetes.apiversions import userns_relaxed

    if windows_pod(template):
        return
    userns = pss.user_namespace(template)
    if userns and userns_relaxed(RULE):
        return  # PSS 1.35+: any user in a user namespace (root there is unprivileged on the node)
    for c in template.all_containers():
        ctx = c.effective_security_context
        uid = ctx.run_as_user
        if uid is not None and uid.value == 0:
            where = "the pod's securityContext" if uid.level == "pod" else "its securityContext"
            yield Hit(uid.node, f"{c.kind} '{c.name}' runs as root: runAsUser is 0 in {where}"
                                + (_USERNS if userns else ""),
                      severity=Severity.LOW if userns else None, fix=_POD_FIX)
            continue
        non_root = ctx.run_as_non_root
        if (non_root is not None and non_root.value is True) or (
                uid is not None and isinstance(uid.value, int) and uid.value > 0):
            continue
        if template.partial:
            continue  # a patch: its base decides what it leaves unset
        yield Hit(c, f"{c.kind} '{c.name}' may run as root: neither runAsNonRoot: true nor a "
                     "non-zero runAsUser is set" + (_USERNS if userns else ""),
                  severity=Severity.LOW if userns else None, fix=_POD_FIX)


_USERNS = ("; it runs in a user namespace (hostUsers: false), so root there is unprivileged "
           "on the node, but PSS restricted relaxes this only from Kubernetes 1.35 (setting "
           "kubernetes-version)")
