"""The Compose side of the shared runtime rules (SL120-SL130)."""

from __future__ import annotations

import re

import pytest

from helpers import ALL, RULES, lint_text
from linter.engine import Engine


def found(text: str, code: str):
    return [f for f in lint_text("compose.yaml", text, ALL) if f.code == code]


def svc(body: str) -> str:
    return "services:\n  app:\n    image: app:1.0\n" + "".join(f"    {line}\n" for line in body.splitlines())


@pytest.mark.parametrize("value,fires", [("true", True), ("yes", True), ("false", False),
                                         ('"${PRIV:-true}"', True), ('"${PRIV}"', False)])
def test_privileged(value, fires):
    assert bool(found(svc(f"privileged: {value}"), "SL120")) is fires


@pytest.mark.parametrize("key,value", [("network_mode", "host"), ("pid", "host"), ("ipc", "host"),
                                       ("userns_mode", "host")])
def test_host_namespaces(key, value):
    [f] = found(svc(f"{key}: {value}"), "SL121")
    assert f"{key}: host" in f.message


def test_network_mode_service_is_not_the_host():
    assert not found(svc("network_mode: service:db"), "SL121")


def test_cap_add_outside_default_set_with_position():
    text = svc("cap_add:\n  - cap_sys_admin\n  - CHOWN")
    [f] = found(text, "SL122")
    assert "SYS_ADMIN" in f.message and f.severity.name == "HIGH"
    assert (f.span.line, f.span.column) == (5, 9)


def test_cap_drop_is_not_checked_in_compose():
    assert not found(svc(""), "SL123")


@pytest.mark.parametrize("rule,code", [("writable-root-filesystem", "SL126"),
                                       ("privilege-escalation", "SL127")])
def test_missing_hardening_in_compose_only_when_asked(rule, code):
    assert not found(svc(""), code)
    engine = Engine(RULES, options={rule: {"compose_missing": True}})
    [f] = [f for f in lint_text("compose.yaml", svc(""), engine) if f.code == code]
    assert f.severity.name == "LOW"
    # an override fragment (no image, no build) is left to the file it extends
    assert not [f for f in lint_text("compose.yaml", "services:\n  app:\n    restart: always\n", engine)
                if f.code == code]


@pytest.mark.parametrize("mount", ["/var/run/docker.sock:/var/run/docker.sock",
                                   "/run/podman/podman.sock:/run/docker.sock:ro",
                                   "/var/run:/host/run"])
def test_runtime_sockets(mount):
    [f] = found(svc(f"volumes:\n  - {mount}"), "SL124")
    assert f.severity.name == "CRITICAL"


def test_socket_long_syntax_and_named_volumes():
    text = svc("volumes:\n  - type: bind\n    source: /var/run/docker.sock\n"
               "    target: /var/run/docker.sock\n    read_only: true\n  - docker.sock:/data")
    [f] = found(text, "SL124")
    assert "read-only does not limit" in f.message


def test_sensitive_mounts():
    text = svc("volumes:\n  - /:/host:ro\n  - /etc:/host-etc\n  - /etc/localtime:/etc/localtime:ro\n"
               "  - ./data:/data\n  - ${HOST_DIR}:/x")
    got = {(re.search(r"'(/[^']*)'", f.message).group(1), f.severity.name)
           for f in found(text, "SL125")}
    assert got == {("/", "MEDIUM"), ("/etc", "HIGH")}


def test_read_only_root():
    assert not found(svc("read_only: true"), "SL126")
    [f] = found(svc("read_only: false"), "SL126")
    assert "read_only: false" in f.message


@pytest.mark.parametrize("opt,fires", [("no-new-privileges:true", False), ("no-new-privileges=true", False),
                                       ("no-new-privileges", False), ("no-new-privileges:false", True),
                                       ("no-new-privileges=false", True), ("seccomp=unconfined", False)])
def test_no_new_privileges(opt, fires):
    assert bool(found(svc(f'security_opt: ["{opt}"]'), "SL127")) is fires


@pytest.mark.parametrize("opt,code", [("seccomp:unconfined", "SL128"), ("seccomp=unconfined", "SL128"),
                                      ("apparmor:unconfined", "SL129"), ("apparmor=unconfined", "SL129"),
                                      ("label:disable", "SL130"), ("label=disable", "SL130"),
                                      ("label=type:spc_t", "SL130")])
def test_confinement_disabled(opt, code):
    assert found(svc(f'security_opt: ["{opt}"]'), code)


def test_confinement_kept():
    text = svc('security_opt: ["seccomp=./p.json", "apparmor=my-profile", "label=level:s0:c1,c2"]')
    for code in ("SL128", "SL129", "SL130"):
        assert not found(text, code)


def test_compose_missing_option_from_a_configuration_file(tmp_path):
    from linter.runner import lint_paths

    (tmp_path / "compose.yaml").write_text(svc(""))
    before = {f.code for f in lint_paths([str(tmp_path)]).findings}
    (tmp_path / ".shiplint.yaml").write_text(
        "options:\n  writable-root-filesystem: {compose_missing: true}\n")
    after = {f.code for f in lint_paths([str(tmp_path)]).findings}
    assert "SL126" not in before and "SL126" in after and "SL127" not in after


def test_named_volume_binding_a_host_path():
    text = ("services:\n  ci:\n    image: ci:1\n    volumes:\n      - dockersock:/var/run/docker.sock\n"
            "      - hostetc:/host/etc:ro\n      - data:/data\n"
            "volumes:\n  dockersock:\n    driver: local\n"
            "    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}\n"
            "  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n"
            "  data:\n    driver_opts: {type: none, o: bind, device: /srv/data}\n")
    [s] = found(text, "SL124")
    assert "volume 'dockersock'" in s.message and s.span.line == 5
    [e] = found(text, "SL125")
    assert "'/etc' read-only" in e.message and e.severity.name == "MEDIUM"
