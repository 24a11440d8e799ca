"""Custom resources with pod templates: Argo Rollouts, Knative Serving, OpenKruise and Argo
Workflows are known to the tree; the configuration's ``pod-templates`` names the rest. Every
container rule runs on their containers, at the lines that wrote the values; the
cross-object rules treat a Rollout like a Deployment."""

from __future__ import annotations

import json
import textwrap

from helpers import RULES, catches, catches_not, lines
from linter.engine import Engine
from linter.kubernetes import TemplateLocation, build, configured_templates, is_plain_workload
from linter.runner import lint_paths
from linter.yaml import load
from test_cli import run


def objects(text: str):
    return build("k.yaml", load(textwrap.dedent(text))[0])[0]


def one(text: str):
    return objects(text)[0]


ROLLOUT = """\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        securityContext:
          privileged: true
  strategy:
    canary:
      steps: [{setWeight: 20}]
"""

WORKFLOW = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: hello-}
spec:
  entrypoint: main
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
  serviceAccountName: runner
  podMetadata:
    labels: {team: data}
  volumes:
  - name: work
    emptyDir: {}
  volumeClaimTemplates:
  - metadata: {name: scratch}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
  templates:
  - name: main
    steps:
    - - {name: a, template: say}
  - name: say
    metadata:
      labels: {step: say}
    container:
      image: busybox:1.36
      command: [echo]
      securityContext:
        privileged: true
  - name: py
    securityContext:
      runAsUser: 0
    script:
      image: python:3.12
      source: |
        print(1)
  - name: set
    initContainers:
    - {name: init, image: "alpine:3.20"}
    containerSet:
      containers:
      - {name: a, image: "alpine:3.20"}
      - name: b
        image: alpine:3.20
        securityContext: {privileged: true}
    sidecars:
    - {name: side, image: "alpine:3.20"}
"""


# ------------------------------------------------------------------------------ the tree


def test_a_rollout_has_the_pod_template_of_a_deployment():
    o = one(ROLLOUT)
    pt = o.pod_template
    assert pt is not None and o.pod_templates == [pt]
    assert pt.path == ("spec", "template", "spec") and pt.labels == {"app": "web"}
    assert [c.name for c in pt.containers] == ["web"] and not o.fragment
    assert is_plain_workload(o)


def test_a_rollout_that_refers_to_a_workload_has_no_template_and_is_no_fragment():
    o = one("""\
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          replicas: 3
          workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        """)
    assert o.pod_template is None and o.pod_templates == [] and not o.fragment
    assert not is_plain_workload(o)


def test_a_rollout_without_template_or_reference_is_a_fragment():
    o = one("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\n"
            "spec:\n  replicas: 5\n")
    assert o.missing == ("spec.template",) and o.fragment


def test_knative_and_openkruise_templates():
    for api, kind in (("serving.knative.dev/v1", "Service"),
                      ("serving.knative.dev/v1", "Configuration"),
                      ("apps.kruise.io/v1alpha1", "CloneSet"),
                      ("apps.kruise.io/v1beta1", "StatefulSet"),
                      ("apps.kruise.io/v1alpha1", "DaemonSet"),
                      ("apps.kruise.io/v1alpha1", "BroadcastJob")):
        o = one(f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: x}}\nspec:\n  template:\n"
                "    metadata: {labels: {app: x}}\n    spec:\n      containers:\n"
                "      - {name: c, image: 'nginx:1.27'}\n")
        assert o.pod_template is not None, kind
        assert o.pod_template.labels == {"app": "x"} and o.pod_template.containers[0].name == "c"
    revision = one("apiVersion: serving.knative.dev/v1\nkind: Revision\nmetadata:\n  name: r\n"
                   "  labels: {app: r}\nspec:\n  containers:\n  - image: nginx:1.27\n")
    assert revision.pod_template.labels == {"app": "r"}


def test_a_knative_service_creates_services_so_it_is_no_plain_workload():
    o = one("apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: x}\nspec:\n"
            "  template:\n    spec:\n      containers:\n      - {image: 'nginx:1.27'}\n")
    assert o.pod_template is not None and not is_plain_workload(o)


def test_a_custom_kind_of_another_group_keeps_no_template():
    o = one("apiVersion: example.com/v1\nkind: Rollout\nmetadata: {name: x}\nspec:\n"
            "  template:\n    spec:\n      containers:\n      - {image: 'nginx:1.27'}\n")
    assert o.pod_template is None and o.pod_templates == []


def test_each_template_of_a_workflow_that_runs_a_pod_is_a_pod_template():
    o = one(WORKFLOW)
    assert o.pod_template is None  # several: cross-object rules do not relate them
    say, py, cset = o.pod_templates
    assert [pt.path for pt in o.pod_templates] == [("spec", "templates", i) for i in (1, 2, 3)]
    # the container of a template is named main, as Argo names it
    assert [(c.name, c.kind) for c in say.containers] == [("main", "container")]
    assert say.labels == {"team": "data", "step": "say"}
    # the workflow's securityContext applies unless the template sets its own
    assert say.security_context.run_as_user.value == 1000
    assert py.security_context.run_as_user.value == 0
    assert py.containers[0].effective_security_context.run_as_user.value == 0
    assert say.service_account_name.as_str() == "runner"
    assert [v.name for v in say.volumes] == ["work", "scratch"]
    assert [c.name for c in cset.all_containers()] == ["init", "a", "b", "side"]
    assert [c.index for c in cset.containers] == [0, 1, 2]


def test_a_cron_workflow_holds_its_templates_under_workflow_spec():
    o = one("""\
        apiVersion: argoproj.io/v1alpha1
        kind: CronWorkflow
        metadata: {name: nightly}
        spec:
          schedule: "0 1 * * *"
          workflowSpec:
            entrypoint: run
            templates:
            - name: run
              container: {image: "busybox:1.36", command: [date]}
        """)
    [pt] = o.pod_templates
    assert pt.path == ("spec", "workflowSpec", "templates", 0)


RUNNER = """\
apiVersion: example.com/v1
kind: Runner
metadata: {name: r}
spec:
  jobs:
  - template:
      metadata: {labels: {a: b}}
      spec:
        containers:
        - name: one
          image: alpine:3.20
          securityContext: {privileged: true}
  - template:
      spec:
        containers: [{name: two, image: "alpine:3.20"}]
"""


def test_configured_locations_with_lists_and_pod_specs():
    text = RUNNER + """\
---
apiVersion: acme.io/v2
kind: Box
metadata: {name: b}
spec:
  pod:
    containers: [{name: three, image: "alpine:3.20"}]
"""
    assert all(o.pod_templates == [] for o in objects(text))
    with configured_templates([{"apiVersion": "example.com/v1", "kind": "Runner",
                                "path": "spec.jobs[].template"},
                               TemplateLocation("acme.io", "Box", "spec.pod")]):
        runner, box = objects(text)
    assert runner.pod_template is None  # a list of them
    assert [pt.containers[0].name for pt in runner.pod_templates] == ["one", "two"]
    assert runner.pod_templates[0].labels == {"a": "b"}
    assert runner.pod_templates[1].path == ("spec", "jobs", 1, "template", "spec")
    assert box.pod_template is not None and box.pod_template.containers[0].name == "three"


def test_a_configured_location_matches_the_version_the_way_it_is_written():
    o = one("apiVersion: acme.io/v2\nkind: Box\nmetadata: {name: b}\n")
    assert TemplateLocation("acme.io", "Box", "spec").matches(o)
    assert TemplateLocation("acme.io/*", "Box", "spec").matches(o)
    assert TemplateLocation("acme.io/v2", "Box", "spec").matches(o)
    assert not TemplateLocation("acme.io/v1", "Box", "spec").matches(o)
    assert not TemplateLocation("acme.io", "Crate", "spec").matches(o)


# ---------------------------------------------------------------- container rules run on them


def test_container_rules_run_on_a_rollout_at_the_line_that_wrote_the_value():
    [f] = catches("SL120", "k.yaml", ROLLOUT)
    assert f.span.line == 16 and "container 'web'" in f.message


def test_container_rules_run_on_every_template_of_a_workflow():
    assert lines(catches("SL120", "wf.yaml", WORKFLOW)) == [29, 45]
    # the workflow's runAsNonRoot/runAsUser covers every template but the one that sets 0
    found = catches("SL101", "wf.yaml", WORKFLOW)
    assert lines(found) == [32]


def test_a_workflow_step_runs_to_completion_so_it_needs_no_probe():
    catches_not("SL308", "wf.yaml", WORKFLOW)


def test_knative_adds_a_readiness_probe_but_no_liveness_probe():
    text = ("apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: x}\nspec:\n"
            "  template:\n    spec:\n      containers:\n      - image: nginx:1.27\n"
            "        ports: [{containerPort: 8080}]\n")
    [f] = catches("SL308", "k.yaml", text)
    assert "livenessProbe" in f.message


def test_openkruise_cloneset_is_checked_like_a_deployment():
    text = ("apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata: {name: x}\nspec:\n"
            "  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: y}}\n"
            "    spec:\n      restartPolicy: Never\n      containers:\n"
            "      - {name: c, image: 'nginx:1.27'}\n")
    [f] = catches("SL330", "k.yaml", text)
    assert "its controller rejects it" in f.message and f.span.line == 5
    assert lines(catches("SL328", "k.yaml", text)) == [9]


def test_a_rollout_whose_selector_misses_its_template_is_refused():
    text = ROLLOUT.replace("matchLabels: {app: web}", "matchLabels: {app: wbe}")
    [f] = catches("SL330", "k.yaml", text)
    assert f.span.line == 7 and "Rollout 'web'" in f.message
    catches_not("SL330", "k.yaml", ROLLOUT)


# --------------------------------------------------------------------- cross-object rules


SVC = ("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n"
       "  selector: {app: %s}\n  ports: [{port: 80}]\n")
HPA = ("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
       "metadata: {name: web, namespace: shop}\nspec:\n"
       "  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: %s}\n"
       "  minReplicas: %d\n  maxReplicas: 5\n")
PDB = ("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\n"
       "spec:\n  minAvailable: %d\n  selector:\n    matchLabels: {app: web}\n")
CROSS = Engine([r for r in RULES if r.code in ("SL331", "SL332", "SL333")])


def cross(tmp_path, *docs):
    (tmp_path / "app.yaml").write_text("---\n".join(docs))
    return [(f.code, f.span.line) for f in lint_paths([str(tmp_path)], CROSS).findings]


def test_a_service_selecting_a_rollouts_pods_is_judged_like_a_deployments(tmp_path):
    # the Rollout no longer silences the directory as an unknown custom resource would
    assert cross(tmp_path, ROLLOUT, SVC % "wbe") == [("SL331", 25)]
    assert cross(tmp_path, ROLLOUT, SVC % "web") == []


def test_an_autoscaler_of_a_rollout(tmp_path):
    assert cross(tmp_path, ROLLOUT, HPA % ("wbe", 2)) == [("SL332", 25)]
    assert cross(tmp_path, ROLLOUT, HPA % ("web", 2)) == []


def test_a_budget_over_a_rollout_and_its_autoscaler(tmp_path):
    assert cross(tmp_path, ROLLOUT, PDB % 3) == [("SL333", 25)]  # 3 replicas
    assert cross(tmp_path, ROLLOUT, PDB % 2) == []
    assert cross(tmp_path, ROLLOUT, HPA % ("web", 2), PDB % 2) == [("SL333", 33)]


def test_an_unknown_custom_resource_still_silences_its_directory(tmp_path):
    other = ("apiVersion: example.com/v1\nkind: AppSet\nmetadata: {name: x, namespace: shop}\n"
             "spec: {}\n")
    dep = ROLLOUT.replace("argoproj.io/v1alpha1", "apps/v1").replace("kind: Rollout",
                                                                     "kind: Deployment")
    assert cross(tmp_path, dep, other, SVC % "wbe") == []


# ------------------------------------------------------------------------- through the CLI


def test_the_configuration_names_pod_templates_of_other_kinds(tmp_path):
    (tmp_path / ".shiplint.yaml").write_text(
        "pod-templates:\n- {apiVersion: example.com/v1, kind: Runner, path: 'spec.jobs[].template'}\n")
    (tmp_path / "r.yaml").write_text(RUNNER)
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL120")
    [f] = json.loads(r.stdout)["findings"]
    assert f["line"] == 12 and "container 'one'" in f["message"] and r.returncode == 1
    (tmp_path / ".shiplint.yaml").write_text("")
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL120")
    assert json.loads(r.stdout)["findings"] == []


def test_a_malformed_pod_templates_entry_is_a_configuration_error(tmp_path):
    (tmp_path / ".shiplint.yaml").write_text(
        "pod-templates:\n- {apiVersion: example.com/v1, kind: Runner}\n")
    r = run("check", str(tmp_path))
    assert r.returncode == 2 and "path" in r.stderr
    (tmp_path / ".shiplint.yaml").write_text(
        "pod-templates:\n- {apiVersion: example.com/v1, kind: Runner, path: 'spec..x'}\n")
    r = run("check", str(tmp_path))
    assert r.returncode == 2 and "pod-templates" in r.stderr


def test_the_cli_reports_rollouts_and_workflows(tmp_path):
    (tmp_path / "rollout.yaml").write_text(ROLLOUT)
    (tmp_path / "wf.yaml").write_text(WORKFLOW)
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL120")
    got = sorted((f["path"].rsplit("/", 1)[-1], f["line"]) for f in json.loads(r.stdout)["findings"])
    assert got == [("rollout.yaml", 16), ("wf.yaml", 29), ("wf.yaml", 45)]


def test_an_exception_names_a_container_of_a_workflow_template(tmp_path):
    (tmp_path / ".shiplint.yaml").write_text(
        "exceptions:\n- {rule: SL120, kind: Workflow, container: b, reason: needs /dev/fuse}\n")
    (tmp_path / "wf.yaml").write_text(WORKFLOW)
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL120")
    assert [f["line"] for f in json.loads(r.stdout)["findings"]] == [29]  # main's, kept


DEFAULTS = """\
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: hardened}
spec:
  templateDefaults:
    securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
    container:
      securityContext:
        runAsUser: 1000
        allowPrivilegeEscalation: false
  templates:
  - name: echo
    container:
      image: busybox:1.36
      securityContext:
        allowPrivilegeEscalation: true
  - name: py
    script:
      image: python:3.12
      source: print(1)
"""


def test_template_defaults_are_merged_into_each_template_of_their_type():
    echo, py = one(DEFAULTS).pod_templates
    [main] = echo.containers
    ctx = main.effective_security_context
    # the defaults' container keys the template does not write apply; its own win
    assert ctx.run_as_user.value == 1000 and ctx.allow_privilege_escalation.value is True
    assert ctx.run_as_non_root.value is True  # the pod-wide default
    # a default container is not merged into a script template
    assert py.containers[0].effective_security_context.run_as_user is None
    # echo's own allowPrivilegeEscalation: true; py's script gets no default container
    assert lines(catches("SL127", "wt.yaml", DEFAULTS)) == [16, 19]
    catches_not("SL101", "wt.yaml", DEFAULTS)  # runAsNonRoot from the defaults covers both
    catches_not("SL306", "wt.yaml", DEFAULTS)


def test_a_knative_container_without_a_name_is_named_as_knative_names_it():
    text = ("apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: x}\nspec:\n"
            "  template:\n    spec:\n      containers:\n      - image: nginx:1.27\n"
            "        securityContext: {privileged: true}\n")
    assert one(text).pod_template.containers[0].name == "user-container"
    [f] = catches("SL120", "k.yaml", text)
    assert "container 'user-container'" in f.message and f.span.line == 9


def test_a_template_patched_at_run_time_is_judged_on_what_it_writes():
    """``podSpecPatch`` (a text the manifest cannot show) may add what the template lacks."""
    patched = WORKFLOW.replace(
        "  - name: py\n",
        "  - name: py\n    podSpecPatch: '{\"containers\":[{\"name\":\"main\"}]}'\n")
    say, py, _cset = one(patched).pod_templates
    assert py.patched and py.partial and not say.partial
    # what it lacks is not judged (no resources: the patch may add them)...
    assert len(catches("SL104", "wf.yaml", patched)) == len(catches("SL104", "wf.yaml", WORKFLOW)) - 1
    # ...what it writes is (runAsUser: 0)
    assert lines(catches("SL101", "wf.yaml", patched)) == [33]
