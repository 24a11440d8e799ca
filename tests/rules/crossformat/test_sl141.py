"""SL141 port-not-exposed: a probe or a Service targets a port the image never EXPOSEs."""

from __future__ import annotations

from helpers import catches, catches_not, lines
from linter.rules.crossformat.examples import deployment, files

PROBES = ("livenessProbe:\n  httpGet: {path: /health, port: %s}\n"
          "readinessProbe:\n  tcpSocket: {port: %s}\nstartupProbe:\n  grpc: {port: %s}")
SERVICE = ("---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n"
           "  selector: {app: api}\n  ports:\n  - {port: 80, targetPort: %s}\n")


def test_every_kind_of_probe_on_a_port_not_exposed():
    found = catches("SL141", "k8s/deploy.yaml", deployment(PROBES % (8000, 8001, 8002)),
                    files=files("EXPOSE 8080"))
    assert lines(found) == [15, 17, 19]
    assert "the livenessProbe checks port 8000" in found[0].message
    assert "EXPOSEs only 8080" in found[0].message


def test_exposed_ports_ranges_and_udp():
    catches_not("SL141", "k8s/deploy.yaml", deployment(PROBES % (8080, 9000, 9001)),
                files=files("EXPOSE 8080 9000-9001"))
    # a TCP probe on a port the image EXPOSEs for UDP only
    catches("SL141", "k8s/deploy.yaml", deployment(PROBES % (8080, 8080, 53)),
            files=files("EXPOSE 8080 53/udp"))


def test_a_dockerfile_that_exposes_nothing_or_an_unknown_port_says_nothing():
    catches_not("SL141", "k8s/deploy.yaml", deployment(PROBES % (1, 2, 3)), files=files("RUN true"))
    catches_not("SL141", "k8s/deploy.yaml", deployment(PROBES % (1, 2, 3)),
                files=files("ARG PORT", "EXPOSE 8080 ${PORT}"))


def test_a_port_the_container_is_told_to_listen_on():
    catches_not("SL141", "k8s/deploy.yaml", deployment(
        "env: [{name: LISTEN, value: ':9090'}]\nlivenessProbe:\n  tcpSocket: {port: 9090}"),
        files=files("EXPOSE 8080"))


def test_named_probe_ports_are_left_to_sl318():
    catches_not("SL141", "k8s/deploy.yaml", deployment(
        "ports: [{name: http, containerPort: 9000}]\nlivenessProbe:\n  tcpSocket: {port: http}"),
        files=files("EXPOSE 8080"))


def test_a_service_target_port():
    [f] = catches("SL141", "k8s/deploy.yaml", deployment() + SERVICE % "8000",
                  files=files("EXPOSE 8080"))
    assert f.span.line == 21 and f.message.startswith(
        "Service 'api' sends port 80 to port 8000, which no container")
    catches_not("SL141", "k8s/deploy.yaml", deployment() + SERVICE % "8080",
                files=files("EXPOSE 8080"))
    catches_not("SL141", "k8s/deploy.yaml", deployment() + SERVICE % "http",
                files=files("EXPOSE 8080"))


def test_a_service_without_target_port_targets_its_port():
    svc = SERVICE.replace("{port: 80, targetPort: %s}", "{port: 8000}")
    [f] = catches("SL141", "k8s/deploy.yaml", deployment() + svc, files=files("EXPOSE 8080"))
    assert "sends port 8000" in f.message


def test_a_service_whose_pods_run_an_image_no_dockerfile_describes_is_not_judged():
    two = deployment().replace(
        "        image: acme/api:1.0\n",
        "        image: acme/api:1.0\n      - name: proxy\n        image: envoyproxy/envoy:v1.31.0\n")
    catches_not("SL141", "k8s/deploy.yaml", two + SERVICE % "8000", files=files("EXPOSE 8080"))


def test_a_second_port_the_container_declares_beside_an_exposed_one():
    """EXPOSE often leaves out a metrics or administration port; the manifest declaring it
    beside the EXPOSEd one says the program listens there."""
    ports = "ports:\n- {containerPort: 8080}\n- {containerPort: 9090, name: metrics}\n"
    catches_not("SL141", "k8s/deploy.yaml", deployment(
        ports + "livenessProbe:\n  httpGet: {path: /health, port: 9090}"),
        files=files("EXPOSE 8080"))
    catches_not("SL141", "k8s/deploy.yaml", deployment(ports) + SERVICE % "9090",
                files=files("EXPOSE 8080"))
    # every declared port disagrees with EXPOSE: renamed in one file only
    catches("SL141", "k8s/deploy.yaml", deployment(
        "ports: [{containerPort: 8000}]\nlivenessProbe:\n  httpGet: {path: /health, port: 8000}"),
        files=files("EXPOSE 8080"))


def test_a_service_selects_by_every_label_pair_not_the_first_alone():
    """The templates are looked up by the selector's first label pair, then matched whole: a
    workload holding that pair only is not selected (its unlinked image would silence it)."""
    api = deployment().replace("labels: {app: api}", "labels: {app: api, tier: web}")
    other = ("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\nspec:\n"
             "  selector:\n    matchLabels: {app: api}\n  template:\n"
             "    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n"
             "      - name: proxy\n        image: envoyproxy/envoy:v1.31.0\n")
    both = SERVICE.replace("selector: {app: api}", "selector: {app: api, tier: web}")
    [f] = catches("SL141", "k8s/deploy.yaml", api + other + both % "8000",
                  files=files("EXPOSE 8080"))
    assert f.message.startswith("Service 'api' sends port 80 to port 8000")
    catches("SL141", "k8s/deploy.yaml", api + other + both.replace(
        "{app: api, tier: web}", "{tier: web, app: api}") % "8000", files=files("EXPOSE 8080"))
    # the first pair alone selects the unlinked workload too: not judged
    catches_not("SL141", "k8s/deploy.yaml", api + other + SERVICE % "8000",
                files=files("EXPOSE 8080"))
    catches_not("SL141", "k8s/deploy.yaml", api + other + SERVICE.replace(
        "selector: {app: api}", "selector: {app: nothing}") % "8000", files=files("EXPOSE 8080"))
