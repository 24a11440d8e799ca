"""The Kubernetes tree: objects, pod templates, effective security contexts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from linter import yaml
from linter.kubernetes import KubeObject, build, is_kubernetes

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

POD_SPEC = """\
      containers:
        - name: app
          image: registry.example.com/team/app:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
"""


def objects(text: str) -> list[KubeObject]:
    docs, problems = yaml.load(textwrap.dedent(text))
    assert problems == []
    objs, probs = build("k.yaml", docs)
    assert probs == []
    return objs


def one(text: str) -> KubeObject:
    objs = objects(text)
    assert len(objs) == 1
    return objs[0]


def indent(text: str, n: int) -> str:
    return textwrap.indent(textwrap.dedent(text), " " * n)


# ------------------------------------------------------------------------- detection


def test_is_kubernetes():
    def root(t):
        return yaml.load(t)[0][0].root

    assert is_kubernetes(root("apiVersion: v1\nkind: Pod\n"))
    assert not is_kubernetes(root("apiVersion: v1\n"))
    assert not is_kubernetes(root("apiVersion: 1\nkind: Pod\n"))
    assert not is_kubernetes(root("apiVersion: v1\nkind: [Pod]\n"))
    assert not is_kubernetes(root("- a\n"))
    assert not is_kubernetes(None)


def test_object_fields():
    o = one("""\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: prod
          labels:
            app: web
            tier: "1"
          annotations:
            note: hello
        spec:
          template:
            metadata:
              labels: {app: web, pod: "yes"}
              annotations: {a: b}
            spec:
              containers:
                - name: app
                  image: nginx
        """)
    assert (o.api_version, o.kind, o.name, o.namespace) == ("apps/v1", "Deployment", "web", "prod")
    assert (o.group, o.version) == ("apps", "v1")
    assert o.labels == {"app": "web", "tier": "1"} and o.labels_node.span.line == 7
    assert o.annotations == {"note": "hello"}
    assert o.kind_span.line == 2 and o.kind_span.column == 7
    assert o.span.line == 1 and o.doc_index == 0
    assert o.name_span.line == 4
    pt = o.pod_template
    assert pt.owner is o and pt.path == ("spec", "template", "spec")
    assert pt.labels == {"app": "web", "pod": "yes"} and pt.annotations == {"a": "b"}
    assert pt.span.line == 17


def test_multiple_documents_and_non_objects():
    objs = objects("""\
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        ---
        # just a comment
        ---
        some: config
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        """)
    assert [(o.kind, o.doc_index) for o in objs] == [("Service", 0), ("ConfigMap", 3)]
    assert objs[0].pod_template is None


# --------------------------------------------------------------------- workload kinds


@pytest.mark.parametrize("api, kind, wrap, path", [
    ("v1", "Pod", "spec:\n{spec}", ("spec",)),
    ("v1", "PodTemplate", "template:\n  spec:\n{spec2}", ("template", "spec")),
    ("apps/v1", "Deployment", "spec:\n  template:\n    spec:\n{spec4}", ("spec", "template", "spec")),
    ("extensions/v1beta1", "Deployment", "spec:\n  template:\n    spec:\n{spec4}", ("spec", "template", "spec")),
    ("apps/v1", "ReplicaSet", "spec:\n  template:\n    spec:\n{spec4}", ("spec", "template", "spec")),
    ("apps/v1", "StatefulSet", "spec:\n  template:\n    spec:\n{spec4}", ("spec", "template", "spec")),
    ("apps/v1", "DaemonSet", "spec:\n  template:\n    spec:\n{spec4}", ("spec", "template", "spec")),
    ("batch/v1", "Job", "spec:\n  template:\n    spec:\n{spec4}", ("spec", "template", "spec")),
    ("v1", "ReplicationController", "spec:\n  template:\n    spec:\n{spec4}", ("spec", "template", "spec")),
    ("batch/v1", "CronJob",
     "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{spec8}",
     ("spec", "jobTemplate", "spec", "template", "spec")),
    ("batch/v1beta1", "CronJob",
     "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{spec8}",
     ("spec", "jobTemplate", "spec", "template", "spec")),
])
def test_every_workload_kind(api, kind, wrap, path):
    body = wrap.format(spec=indent(POD_SPEC, -4 + 6), spec2=indent(POD_SPEC, 4),
                       spec4=indent(POD_SPEC, 6), spec8=indent(POD_SPEC, 10))
    text = f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: x\n" + body
    docs, problems = yaml.load(text)
    assert problems == []
    (o,), _ = build("k.yaml", docs)
    pt = o.pod_template
    assert pt is not None, kind
    assert pt.path == path
    assert [c.name for c in pt.containers] == ["app"]
    c = pt.containers[0]
    assert c.pod is pt and c.kind == "container"
    assert c.image_ref.registry == "registry.example.com" and c.image_ref.tag == "1.2"
    assert c.image_ref.has_digest
    assert c.image.span.line == text.splitlines().index(
        next(line for line in text.splitlines() if "image:" in line)) + 1


def test_custom_resource_named_like_a_workload_has_no_pod_template():
    o = one("""\
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        spec:
          template:
            spec:
              containers: [{name: a, image: b}]
        """)
    assert o.pod_template is None


def test_missing_or_bad_pod_spec():
    assert one("apiVersion: apps/v1\nkind: Deployment\nspec: {}\n").pod_template is None
    assert one("apiVersion: v1\nkind: Pod\nspec: nope\n").pod_template is None
    pt = one("apiVersion: v1\nkind: Pod\nspec: {}\n").pod_template
    assert pt is not None and pt.all_containers() == []


def test_list_items_become_objects():
    objs = objects("""\
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: c, image: busybox}]
          - not an object
          - apiVersion: apps/v1
            kind: DeploymentList
            items:
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec: {template: {spec: {containers: [{name: c2, image: x}]}}}
        """)
    assert [(o.kind, o.name) for o in objs] == [
        ("List", None), ("Pod", "p"), ("DeploymentList", None), ("Deployment", "d")]
    lst, pod, dlist, dep = objs
    assert lst.is_list and pod.parent is lst and dep.parent is dlist and dlist.parent is lst
    assert pod.span.line == 4 and pod.kind_span.line == 5
    assert dep.span.line == 13
    assert pod.pod_template.containers[0].name == "c"
    assert dep.pod_template.containers[0].name == "c2"


# ------------------------------------------------------------------------- containers


def test_init_ephemeral_and_sidecar_containers():
    pt = one("""\
        apiVersion: v1
        kind: Pod
        spec:
          initContainers:
            - name: init
              image: busybox
            - name: sidecar
              image: envoy
              restartPolicy: Always
          containers:
            - name: app
              image: app
          ephemeralContainers:
            - name: debug
              image: debian
        """).pod_template
    assert [(c.name, c.kind) for c in pt.all_containers()] == [
        ("init", "initContainer"), ("sidecar", "initContainer"),
        ("app", "container"), ("debug", "ephemeralContainer")]
    assert [c.is_sidecar for c in pt.init_containers] == [False, True]
    assert pt.init_containers[1].restart_policy.value == "Always"
    assert pt.ephemeral_containers[0].index == 0 and pt.init_containers[1].index == 1


def test_container_details():
    c = one("""\
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: app
              image: nginx:latest
              imagePullPolicy: Always
              command: [nginx]
              args: ["-g", "daemon off;"]
              env:
                - name: PLAIN
                  value: "1"
                - name: EMPTY
                  value: ""
                - name: FROM_SECRET
                  valueFrom:
                    secretKeyRef: {name: s, key: k}
                - name: NOTHING
              envFrom:
                - configMapRef: {name: cm}
                - secretRef: {name: sec}
                  prefix: S_
              resources:
                limits: {cpu: 500m, memory: 128Mi}
                requests:
                  cpu: 100m
              ports:
                - containerPort: 80
                  hostPort: 8080
                  hostIP: 0.0.0.0
                - containerPort: 53
                  protocol: UDP
              volumeMounts:
                - name: data
                  mountPath: /data
                  readOnly: true
              livenessProbe:
                httpGet: {path: /, port: 80}
        """).pod_template.containers[0]
    assert c.image_ref.is_latest and c.image_pull_policy.value == "Always"
    assert c.command.items[0].value == "nginx" and len(c.args) == 2
    env = {e.name: e for e in c.env}
    assert env["PLAIN"].value.value == "1" and env["PLAIN"].span.line == 11
    assert env["PLAIN"].name_span.column == 17
    assert env["EMPTY"].value.value == ""
    assert env["FROM_SECRET"].value is None and env["FROM_SECRET"].value_from.mapping("secretKeyRef") is not None
    assert env["NOTHING"].value is None and env["NOTHING"].value_from is None
    assert [(e.kind, e.name, e.prefix) for e in c.env_from] == [
        ("configMapRef", "cm", None), ("secretRef", "sec", "S_")]
    assert c.resources.limits["cpu"].value == "500m" and c.resources.limits["memory"].span.line == 24
    assert c.resources.requests["cpu"].value == "100m" and "memory" not in c.resources.requests
    assert [(p.container_port.value, p.protocol) for p in c.ports] == [(80, "TCP"), (53, "UDP")]
    assert c.ports[0].host_port.value == 8080 and c.ports[0].host_ip.value == "0.0.0.0"
    assert c.volume_mounts[0].name == "data" and c.volume_mounts[0].read_only.value is True
    assert c.liveness_probe is not None and c.readiness_probe is None and c.startup_probe is None
    assert c.security_context is None and c.effective_security_context.run_as_user is None


def test_container_without_resources():
    c = one("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a}]\n").pod_template.containers[0]
    assert c.resources.node is None and c.resources.limits == {} and c.image is None and c.image_ref is None


def test_pod_fields_and_volumes():
    pt = one("""\
        apiVersion: v1
        kind: Pod
        spec:
          hostNetwork: true
          hostPID: true
          hostIPC: false
          hostUsers: false
          serviceAccountName: builder
          automountServiceAccountToken: false
          os:
            name: windows
          volumes:
            - name: host
              hostPath:
                path: /var/run/docker.sock
                type: Socket
            - name: cfg
              configMap: {name: c}
            - name: scratch
              emptyDir: {}
            - name: nosource
          containers: []
        """).pod_template
    assert pt.host_network.value is True and pt.host_network.span.line == 4
    assert pt.host_pid.value is True and pt.host_ipc.value is False and pt.host_users.value is False
    assert pt.service_account_name.value == "builder"
    assert pt.automount_service_account_token.value is False
    assert pt.os_name == "windows"
    got = [(v.name, v.kind, v.host_path) for v in pt.volumes]
    assert got == [("host", "hostPath", "/var/run/docker.sock"), ("cfg", "configMap", None),
                   ("scratch", "emptyDir", None), ("nosource", None, None)]
    assert pt.volume("host").span.line == 13 and pt.volume("missing") is None


def test_deprecated_service_account_field():
    pt = one("apiVersion: v1\nkind: Pod\nspec:\n  serviceAccount: old\n").pod_template
    assert pt.service_account_name.value == "old"


# ------------------------------------------------------------------- security contexts


SC_POD = """\
    apiVersion: v1
    kind: Pod
    spec:
      securityContext:
        runAsUser: 0
        runAsGroup: 1000
        runAsNonRoot: false
        fsGroup: 2000
        seccompProfile:
          type: RuntimeDefault
        seLinuxOptions: {level: "s0:c1"}
        windowsOptions:
          hostProcess: true
          runAsUserName: "NT AUTHORITY\\\\SYSTEM"
      containers:
        - name: inherits
          image: a
        - name: overrides
          image: b
          securityContext:
            runAsUser: 1001
            runAsNonRoot: true
            privileged: false
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            procMount: Default
            capabilities:
              add: [NET_BIND_SERVICE]
              drop: [ALL]
            seccompProfile:
              type: Localhost
              localhostProfile: p.json
            appArmorProfile: {type: Unconfined}
            windowsOptions:
              runAsUserName: ContainerUser
    """


def test_pod_security_context_applies_when_container_is_silent():
    pt = one(SC_POD).pod_template
    assert pt.security_context.run_as_user.value == 0 and pt.security_context.fs_group.value == 2000
    eff = pt.containers[0].effective_security_context
    assert eff.run_as_user.value == 0 and eff.run_as_user.level == "pod"
    assert eff.run_as_user.node is pt.security_context.run_as_user
    assert eff.run_as_user.span.line == 5
    assert eff.run_as_group.value == 1000 and eff.run_as_group.level == "pod"
    assert eff.run_as_non_root.value is False
    assert eff.seccomp_profile.value == "RuntimeDefault" and eff.seccomp_profile.level == "pod"
    assert eff.seccomp_profile.node.span.line == 10
    assert eff.se_linux_options.value == {"level": "s0:c1"}
    assert eff.windows_host_process.value is True and eff.windows_host_process.level == "pod"
    assert eff.app_armor_profile is None
    assert eff.privileged is None and eff.capabilities_drop is None  # container-only fields


def test_container_security_context_wins():
    c = one(SC_POD).pod_template.containers[1]
    sc = c.security_context
    assert sc.run_as_user.value == 1001 and [x.value for x in sc.capabilities_drop] == ["ALL"]
    eff = c.effective_security_context
    assert eff.run_as_user.value == 1001 and eff.run_as_user.level == "container"
    assert eff.run_as_user.span.line == 21
    assert eff.run_as_group.level == "pod"  # not set on the container
    assert eff.run_as_non_root.value is True and eff.run_as_non_root.level == "container"
    assert eff.seccomp_profile.value == "Localhost" and eff.seccomp_profile.level == "container"
    assert eff.seccomp_profile.node.str("localhostProfile") == "p.json"
    assert eff.app_armor_profile.value == "Unconfined"
    assert eff.privileged.value is False and eff.allow_privilege_escalation.value is False
    assert eff.read_only_root_filesystem.value is True and eff.proc_mount.value == "Default"
    assert eff.capabilities_add.value == ["NET_BIND_SERVICE"] and eff.capabilities_drop.value == ["ALL"]
    assert eff.capabilities_drop.node.span.line == 29
    # Windows options: merged field by field
    assert eff.windows_run_as_user_name.value == "ContainerUser"
    assert eff.windows_run_as_user_name.level == "container"
    assert eff.windows_host_process.value is True and eff.windows_host_process.level == "pod"
    assert eff.windows_options.level == "container"


def test_null_container_setting_falls_back_to_pod():
    c = one("""\
        apiVersion: v1
        kind: Pod
        spec:
          securityContext: {runAsUser: 0}
          containers:
            - name: a
              securityContext:
                runAsUser: null
        """).pod_template.containers[0]
    assert c.effective_security_context.run_as_user.level == "pod"


def test_security_context_reaches_init_and_ephemeral_containers():
    pt = one("""\
        apiVersion: batch/v1
        kind: CronJob
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  securityContext: {runAsNonRoot: true}
                  initContainers: [{name: i}]
                  containers: [{name: c, securityContext: {runAsNonRoot: false}}]
                  ephemeralContainers: [{name: e}]
        """).pod_template
    got = [(c.name, c.effective_security_context.run_as_non_root.value,
            c.effective_security_context.run_as_non_root.level) for c in pt.all_containers()]
    assert got == [("i", True, "pod"), ("c", False, "container"), ("e", True, "pod")]


# ------------------------------------------------------------------------- bad shapes


@pytest.mark.parametrize("text", [
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: nope\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: [1, [a], null, {}]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  securityContext: [1]\n  containers: [{securityContext: x}]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: [a]\n      image: {a: b}\n      env: x\n"
    "      ports: [1, {containerPort: [1]}]\n      resources: {limits: [1], requests: {cpu: {a: 1}}}\n"
    "      securityContext: {capabilities: {add: SYS_ADMIN, drop: [1, null, [x]]}, seccompProfile: x}\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  volumes: [x, {name: v, hostPath: /etc}, {hostPath: {path: [1]}}]\n",
    "apiVersion: v1\nkind: Pod\nmetadata: [x]\nspec: {os: windows}\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: [a]\n  annotations: {a: [b], ? [c] : d}\n",
    "apiVersion: v1\nkind: List\nitems: not-a-list\n",
    "apiVersion: v1\nkind: List\nitems:\n  - &a {apiVersion: v1, kind: List, items: [*a]}\n",
    "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate: [x]\n",
    "- a\n",
    "",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - <<: {name: merged, image: m}\n",
])
def test_bad_shapes_do_not_crash(text):
    docs, _ = yaml.load(text)
    objs, _ = build("k.yaml", docs)
    for o in objs:
        if o.pod_template:
            for c in o.pod_template.all_containers():
                c.effective_security_context  # noqa: B018


def test_bad_shapes_are_skipped():
    pt = one("""\
        apiVersion: v1
        kind: Pod
        spec:
          volumes: [x, {name: v, hostPath: /etc}]
          containers:
            - not-a-mapping
            - name: ok
              securityContext:
                capabilities: {add: SYS_ADMIN}
        """).pod_template
    assert [c.name for c in pt.containers] == ["ok"]
    assert pt.containers[0].index == 1
    assert pt.containers[0].security_context.capabilities_add == []
    assert pt.containers[0].effective_security_context.capabilities_add is None
    assert [(v.name, v.kind, v.host_path) for v in pt.volumes] == [("v", "hostPath", None)]


def test_merge_keys_in_containers():
    c = one("""\
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - &base
              name: a
              image: img:1
            - <<: *base
              name: b
        """).pod_template.containers[1]
    assert c.name == "b" and c.image.value == "img:1" and c.image.span.line == 7


# ---------------------------------------------------------------------------- corpus


# left to .ci/run (`-m exhaustive`, 10 s): in the default run, tests/test_corpus.py lints the
# whole corpus through the CLI (an exception while building is an internal error there) and
# the corpus count tests build every manifest in-process
@pytest.mark.exhaustive
@pytest.mark.skipif(not (CORPUS / "kubernetes").is_dir(), reason="corpus not available")
def test_corpus_builds():
    """Every corpus manifest builds without an exception (speed: benchmarks/corpus.py)."""
    n_objects = n_containers = 0
    for path in sorted((CORPUS / "kubernetes").iterdir()):
        docs, _ = yaml.load(path.read_text(encoding="utf-8-sig"))
        objs, _ = build(str(path), docs)
        n_objects += len(objs)
        for o in objs:
            if o.pod_template is not None:
                n_containers += len(o.pod_template.all_containers())
    assert n_objects > 1000 and n_containers > 100
