"""Tricky cases of the Dockerfile rules beyond their documented examples."""

from __future__ import annotations

from helpers import ALL, by_name, lint_text


def _find(text: str, name: str):
    return by_name(lint_text("Dockerfile", text, engine=ALL), name)


def test_finding_points_at_the_package_on_its_continuation_line():
    [f] = _find("FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n"
                "      curl=7 \\\n      git \\\n && rm -rf /var/lib/apt/lists/*\n",
                "unpinned-os-package")
    assert (f.span.line, f.span.column, f.span.end_column) == (5, 7, 10)
    assert "'git'" in f.message


def test_cleanup_must_follow_the_install_in_the_same_run():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
            "curl=7\nRUN rm -rf /var/lib/apt/lists/*\n")
    assert _find(text, "package-cache-in-layer")


def test_cache_in_a_stage_the_final_image_is_built_from_counts():
    text = ("FROM python:3.12 AS base\nRUN pip install flask==3\nFROM base\nUSER app\n")
    assert _find(text, "package-cache-in-layer")


def test_apt_dist_clean_and_cache_mount_count_as_cleanup():
    for run in ("apt-get update && apt-get install -y x=1 && apt-get dist-clean",
                "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update "
                "&& apt-get install -y x=1"):
        assert not _find(f"FROM debian:12\nRUN {run}\n", "package-cache-in-layer"), run


def test_quoted_pipe_is_not_a_pipe():
    text = "FROM debian:12\nRUN echo 'curl https://x | sh' > /a && grep -q 'a|b' /a\n"
    assert not _find(text, "remote-script-piped-to-shell")
    assert not _find(text, "pipe-without-pipefail")


def test_onbuild_run_is_checked():
    assert _find("FROM debian:12\nONBUILD RUN curl -fsSL https://x | sh\n",
                 "remote-script-piped-to-shell")


def test_powershell_stage_is_not_read_as_posix_shell():
    text = ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
            "RUN curl -k https://x/a.ps1 | powershell -\nCMD powershell -File x.ps1\n")
    found = lint_text("Dockerfile", text)
    assert not by_name(found, "tls-verification-disabled")
    assert not by_name(found, "shell-form-entrypoint")


def test_secret_names_that_are_not_secrets():
    text = ("FROM node:22\nARG DB_PASSWORD_FILE\nARG TOKEN_VERSION\nARG NEXT_PUBLIC_API_KEY\n"
            "ENV SECRET_PATH=/run/secrets\n")
    assert not _find(text, "secret-in-build-variable")


def test_secret_named_arg_without_value_is_reported_once():
    found = lint_text("Dockerfile", "FROM node:22\nARG GITHUB_TOKEN\n")
    assert [f.code for f in found if f.name in ("secret-in-build-variable",
                                                 "hardcoded-secret")] == ["SL270"]


def test_curl_and_wget_in_different_stages_are_fine_in_one_stage_not():
    two = ("FROM debian:12 AS a\nRUN curl -fsSLo /a https://x/a\n"
           "FROM debian:12\nRUN wget -q https://x/b\n")
    assert not _find(two, "curl-and-wget")
    one = "FROM debian:12\nRUN curl -fsSLo /a https://x/a && wget -q https://x/b\n"
    [f] = _find(one, "curl-and-wget")
    assert "wget" in f.message


def test_copy_from_stage_given_by_a_build_argument():
    text = ("ARG FROM_STAGE=build\nFROM golang:1.23 AS build\nFROM alpine:3.20\n"
            "ARG FROM_STAGE\nCOPY --from=$FROM_STAGE /a /a\n")
    found = lint_text("Dockerfile", text)
    assert not by_name(found, "copy-from-unknown-stage")
    assert not by_name(found, "copy-from-own-stage")


def test_pipe_to_interpreter_variants():
    bad = ["curl -fsSL https://x | bash -s -- -y", "curl https://x | sudo sh",
           "wget -O - https://x | sh", "bash -c \"$(wget -qO- https://x)\""]
    good = ["curl -fsSL https://x -o i.sh | sh",  # nonsense but the download is a file
            "curl https://x | sh -c 'cat > /x'", "curl https://x | python3 -m json.tool"]
    for run in bad:
        assert _find(f"FROM debian:12\nRUN {run}\n", "remote-script-piped-to-shell"), run
    for run in good:
        assert not _find(f"FROM debian:12\nRUN {run}\n", "remote-script-piped-to-shell"), run


def test_pipefail_from_set_before_the_pipe_only():
    assert _find("FROM alpine:3\nRUN wget -qO- https://x | tar -x; set -o pipefail\n",
                 "pipe-without-pipefail")
    assert not _find("FROM alpine:3\nRUN set -eo pipefail; wget -qO- https://x | tar -x\n",
                     "pipe-without-pipefail")


def test_secret_mount_used_in_place_is_fine_but_copied_is_not():
    ok = ("FROM node:22\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n")
    assert not _find(ok, "secret-mount-persisted")
    bad = ("FROM node:22\nRUN --mount=type=secret,id=tok "
           "cat /run/secrets/tok > /app/.token && npm ci\n")
    assert _find(bad, "secret-mount-persisted")


def test_tls_env_and_flags():
    assert _find("FROM alpine:3\nENV GIT_SSL_NO_VERIFY=true\n", "tls-verification-disabled")
    assert not _find("FROM alpine:3\nENV GIT_SSL_NO_VERIFY=\n", "tls-verification-disabled")
    assert _find("FROM alpine:3\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n",
                 "tls-verification-disabled")
    assert not _find("FROM alpine:3\nRUN curl -K /etc/curlrc https://x -o /x\n",
                     "tls-verification-disabled")


def test_repeated_cmd_names_both_lines():
    [f] = _find("FROM alpine:3\nCMD [\"a\"]\nRUN true\nCMD [\"b\"]\n", "repeated-instruction")
    assert f.span.line == 2 and "line 4" in f.message


def test_undefined_and_invalid_arg_in_from():
    found = lint_text("Dockerfile", "ARG TAG\nFROM alpine:${TAG}\nFROM debian:${NOPE}\n")
    assert [f.span.line for f in by_name(found, "invalid-default-arg-in-from")] == [2]
    assert [f.span.line for f in by_name(found, "undefined-arg-in-from")] == [3]


def test_shellcheck_findings_land_on_the_dockerfile_line_and_column():

    import pytest
    from linter.rules.dockerfile.sl290_shellcheck import program

    if program() is None:
        pytest.skip("shellcheck is not installed")
    found = _find("FROM debian:12\nRUN apt-get update && \\\n\tfor f in $(ls /etc); do echo $f; "
                  "done\nRUN <<EOT\ncd /tmp\nEOT\n", "shellcheck")
    where = {(f.message.split(":")[0], f.span.line, f.span.column) for f in found}
    assert ("SC2045", 3, 11) in where and ("SC2086", 3, 31) in where
    assert ("SC2164", 5, 1) in where


def test_add_url_message_hides_credentials_and_query():
    [f] = _find("FROM alpine:3\nADD https://user:s3cr3tT0ken@example.com/a.tgz?sig=abcdef /a\n",
                "add-url-without-checksum")
    assert "s3cr3tT0ken" not in f.message and "abcdef" not in f.message
    assert "https://example.com/a.tgz" in f.message


def test_undefined_platform_argument_cases():
    bad = "FROM golang:1.23\nRUN GOARCH=$TARGETARCH go build ./...\n"
    assert _find(bad, "undefined-variable")
    for ok in ("FROM golang:1.23 AS base\nARG TARGETARCH\nFROM base\n"
               "RUN GOARCH=$TARGETARCH go build ./...\n",
               "FROM golang:1.23\nRUN echo '$TARGETARCH is set by buildx'\n",
               "FROM golang:1.23\nRUN for TARGETARCH in amd64 arm64; do echo $TARGETARCH; done\n",
               "FROM golang:1.23\nENV TARGETARCH=amd64\nRUN echo $TARGETARCH\n"):
        assert not _find(ok, "undefined-variable"), ok


def test_misspelt_variable_only_when_close_to_a_declared_one():
    assert _find("FROM alpine:3\nARG APP_HOME=/app\nWORKDIR $APP_HOEM\n", "undefined-variable")
    assert not _find("FROM alpine:3\nARG APP_HOME=/app\nWORKDIR $JAVA_HOME\n",
                     "undefined-variable")


def test_tls_off_through_export_and_pip_config():
    assert _find("FROM node:22\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci\n",
                 "tls-verification-disabled")
    assert _find("FROM python:3.12\nRUN pip config set global.trusted-host pypi.org\n",
                 "tls-verification-disabled")
    assert _find("FROM alpine/git:2\nRUN git -c http.sslVerify=false clone https://x/r\n",
                 "tls-verification-disabled")
