"""SL402 compose-undefined-reference: Service refers to something the file does not define."""

from __future__ import annotations

from helpers import catches, catches_not


def test_undefined_references_of_every_kind():
    text = """\
        services:
          web:
            image: a:1
            networks: {front: {aliases: [w]}, backend: {}}
            volumes: ["dta:/data", "./x:/x", "${VOL}:/v"]
            secrets: [pw, {source: tls}]
            configs: [cfg]
            links: ["db:database"]
            volumes_from: ["service:cache:ro", "container:abc"]
            network_mode: service:vpn
            extends: basic
          db:
            image: a:1
        networks: {front: {}}
        volumes: {data: {}}
        secrets: {pw: {file: x}}
        configs: {other: {file: y}}
        """
    found = catches("SL402", "compose.yaml", text)
    msgs = [f.message for f in found]
    assert any("network 'backend'" in m for m in msgs)
    assert any("volume 'dta'" in m and "did you mean 'data'" in m for m in msgs)
    assert any("secret 'tls'" in m for m in msgs)
    assert any("config 'cfg'" in m for m in msgs)
    assert any("volumes_from names service 'cache'" in m for m in msgs)
    assert any("network_mode names service 'vpn'" in m for m in msgs)
    assert any("extends service 'basic'" in m for m in msgs)
    assert not any("'db'" in m or "'abc'" in m or "'front'" in m for m in msgs)


def test_fragment_files_are_not_reported():
    # uses network 'elk' with no networks section at all: a fragment for -f
    catches_not("SL402", "compose.yaml",
                "services:\n  x:\n    image: a:1\n    networks: [elk]\n    depends_on: [es]\n")
    # a service without image: it overrides one defined elsewhere
    catches_not("SL402", "compose.yaml",
                "services:\n  a:\n    depends_on: [b]\n  c:\n    image: a:1\n    depends_on: [d]\n")
