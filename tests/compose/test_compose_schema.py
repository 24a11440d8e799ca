"""shiplint's Compose schema: errors with lines, hints, no values; agreement with the
official schema on the corpus."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

from linter import yaml
from linter.compose.schema import schema, to_json, validate

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
OFFICIAL = SHARED / "schemas" / "compose-spec.json"
CORPUS = SHARED / "corpus" / "compose"


def errors(text: str):
    docs, problems = yaml.load(textwrap.dedent(text))
    assert not [p for p in problems if p.rule == "parse-error"]
    return validate(docs[0].root)


def test_our_schema_is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(schema())
    assert "Compose Specification" in schema()["title"]


def test_valid_file_with_anchors_extensions_and_variables():
    assert errors("""\
        x-defaults: &defaults
          restart: unless-stopped
          logging: {driver: json-file, options: {max-size: 10m}}
        name: shop
        services:
          web:
            <<: *defaults
            image: nginx:${TAG:-1.27}
            x-owner: web-team
            privileged: ${PRIV:-false}
            cpus: ${CPUS}
            ports:
              - "127.0.0.1:8080:80"
              - {target: 443, published: "8443", host_ip: 127.0.0.1, protocol: tcp}
            volumes:
              - ./html:/usr/share/nginx/html:ro
              - {type: volume, source: data, target: /data, volume: {nocopy: true}}
            environment: [A=1, B]
            depends_on:
              db: {condition: service_healthy, restart: true}
            healthcheck: {test: [CMD, "true"], interval: 10s}
            deploy:
              resources:
                limits: {cpus: "0.5", memory: 256M, pids: 100}
          db:
            image: postgres:16
            environment: {POSTGRES_DB: shop, EMPTY: null, PORT: 5432, DEBUG: true}
        volumes:
          data:
        networks:
          default: {name: shop-net}
        secrets:
          pw: {file: ./pw.txt}
        """) == []


def test_a_boolean_in_a_string_list_is_an_error():
    (e,) = errors("services:\n  web:\n    image: a\n    healthcheck: {test: [CMD, true]}\n")
    assert e.message == "service 'web' healthcheck.test[1] must be a string, not a boolean"


def test_unknown_key_has_line_and_hint():
    errs = errors("""\
        services:
          web:
            image: nginx:1.27
            enviroment: {A: "1"}
        """)
    assert len(errs) == 1
    e = errs[0]
    assert (e.span.line, e.span.column) == (4, 5)
    assert e.message == "service 'web': unknown key 'enviroment' (did you mean 'environment'?)"
    assert e.fix == "rename 'enviroment' to 'environment'"


def test_unknown_key_without_close_match_suggests_x_prefix():
    (e,) = errors("services:\n  web:\n    image: nginx:1.27\n    owner_team: a\n")
    assert "did you mean" not in e.message and "x-" in e.fix


def test_unknown_top_level_and_nested_keys():
    errs = errors("""\
        servics:
          web: {image: a}
        services:
          web:
            image: a
            healthcheck: {test: [CMD, a], intervall: 5s}
            deploy: {resources: {limits: {memroy: 1G}}}
        """)
    msgs = [e.message for e in errs]
    assert msgs[0] == "top level: unknown top-level key 'servics' (did you mean 'services'?)"
    assert any("healthcheck: unknown key 'intervall' (did you mean 'interval'?)" in m for m in msgs)
    assert any("deploy.resources.limits: unknown key 'memroy' (did you mean 'memory'?)" in m
               for m in msgs)
    assert [e.span.line for e in errs] == [1, 6, 7]


def test_type_errors_never_show_the_value():
    errs = errors("""\
        services:
          web:
            image: nginx:1.27
            environment:
              DB_PASSWORD: [hunter2-SECRET-value]
            ports: "80:80"
            privileged: [yes]
        """)
    text = " ".join(e.message for e in errs)
    assert "hunter2" not in text
    assert "service 'web' environment.DB_PASSWORD must be" in text
    assert "service 'web' ports must be a list, not a string" in text
    assert "privileged must be a boolean (or a string holding a variable), not a list" in text
    assert sorted(e.span.line for e in errs) == [5, 6, 7]


def test_required_key_and_service_name():
    errs = errors("""\
        services:
          "my web":
            image: a
          api:
            image: a
            ports: [{published: 80}]
            volumes: [{source: x, target: /x}]
        """)
    msgs = [e.message for e in errs]
    assert any("service name 'my web' is not valid" in m for m in msgs)
    assert "service 'api' ports[0] needs a 'target' key" in msgs
    assert "service 'api' volumes[0] needs a 'type' key" in msgs


def test_errors_in_merged_values_point_at_the_anchor():
    errs = errors("""\
        x-base: &base
          restrat: always
        services:
          a: {<<: *base, image: x}
          b: {<<: *base, image: x}
        """)
    assert [(e.span.line, e.span.column) for e in errs] == [(2, 3)]  # one finding, where written


def test_reset_and_override_tags_validate():
    assert errors("""\
        services:
          web:
            image: a
            ports: !reset []
            environment: !override {A: "1"}
        """) == []


@pytest.mark.skipif(not (OFFICIAL.is_file() and CORPUS.is_dir()), reason="shared files absent")
def test_every_corpus_file_the_official_schema_accepts_ours_accepts():
    official = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(official)
    checked = 0
    for path in sorted(CORPUS.iterdir()):
        docs, _ = yaml.load(path.read_text(encoding="utf-8-sig", errors="replace"))
        root = next((d.root for d in docs if d.root is not None), None)
        if not isinstance(root, yaml.YMapping):
            continue
        if next(validator.iter_errors(to_json(root)), None) is None:
            assert validate(root) == [], path.name
            checked += 1
    assert checked > 200


@pytest.mark.skipif(not (OFFICIAL.is_file() and CORPUS.is_dir()), reason="shared files absent")
def test_misspelt_service_keys_are_rejected_by_both_schemas():
    """Mutation check: a typo in any key of a corpus service is an error for both."""
    official = jsonschema.Draft7Validator(json.loads(OFFICIAL.read_text(encoding="utf-8")))
    mutated = 0
    for path in sorted(CORPUS.iterdir())[:60]:
        docs, _ = yaml.load(path.read_text(encoding="utf-8-sig", errors="replace"))
        root = next((d.root for d in docs if d.root is not None), None)
        if not isinstance(root, yaml.YMapping):
            continue
        data = to_json(root)
        for svc in (data.get("services") or {}).values():
            if isinstance(svc, dict) and svc:
                key = next(iter(svc))
                svc[key + "z"] = svc.pop(key)
                mutated += 1
                break
        ours = jsonschema.Draft7Validator(schema())
        assert bool(list(official.iter_errors(data))) == bool(list(ours.iter_errors(data))), \
            path.name
    assert mutated > 30


def test_a_reset_value_is_no_value_for_the_schema():
    from helpers import lint_text

    text = "services:\n  web:\n    image: nginx:1.27\n    volumes: !reset null\n    ports: !reset []\n"
    assert [f.code for f in lint_text("compose.override.yaml", text) if f.code == "SL401"] == []
