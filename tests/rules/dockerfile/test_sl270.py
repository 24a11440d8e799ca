"""SL270 secret-in-build-variable: ARG or ENV named like a secret."""

from __future__ import annotations

from helpers import catches, catches_not


def test_secret_names_that_are_not_secrets():
    text = ("FROM node:22\nARG DB_PASSWORD_FILE\nARG TOKEN_VERSION\nARG NEXT_PUBLIC_API_KEY\n"
            "ENV SECRET_PATH=/run/secrets\n")
    catches_not("SL270", "Dockerfile", text)


def test_a_literal_value_is_left_to_the_secret_rules():
    # SL103/SL500 judge the value; a placeholder set at run time puts no secret in the image
    for value in ("Xk29qLr8Vt6wZpq3", "_", "<your-token>"):
        catches_not("SL270", "Dockerfile", f"FROM alpine:3.20\nENV API_TOKEN={value}\n")


def test_a_build_argument_used_as_a_credential():
    cases = {
        "ARG KEY\nRUN curl -fsSL https://x.example/$KEY/a.tgz": ("KEY", "path"),
        "ARG GH\nRUN git clone https://${GH}@github.com/o/r.git": ("GH", "user"),
        "ARG U\nARG PW\nRUN curl https://$U:${PW}@x.example/a": ("PW", "password"),
        "ARG LIC\nRUN wget 'https://x.example/dl?edition=a&license_key=${LIC}&x=1'":
            ("LIC", "license_key"),
        "ARG NX\nRUN curl -H \"Authorization: Bearer $NX\" https://x.example": ("NX", "Authorization"),
        "ARG NX\nRUN curl -u bot:$NX https://x.example": ("NX", "curl -u"),
        "ARG PW\nADD https://bot:${PW}@x.example/a.tgz /a.tgz": ("PW", "password"),
    }
    for body, (name, role) in cases.items():
        [f] = catches("SL270", "Dockerfile", f"FROM alpine:3.20\n{body}\n")
        assert f"build argument {name} " in f.message and role in f.message, f.message
        assert f.span.line == body.count("\n") + 2


def test_what_is_not_a_build_argument_credential():
    for body in ("ARG VERSION\nRUN curl https://x.example/$VERSION/a.tgz",
                 "ARG GH_USER\nRUN git clone https://$GH_USER@x.example/r.git",
                 "ENV KEY=abc\nRUN curl https://x.example/$KEY/a",  # an ENV: SL103's business
                 "RUN KEY=$(cat /run/secrets/k) && curl https://x.example/$KEY/a",
                 "ARG KEY\nENV KEY=public\nRUN curl https://x.example/$KEY/a"):
        catches_not("SL270", "Dockerfile", f"FROM alpine:3.20\n{body}\n")


def test_a_secret_named_argument_is_reported_once_where_it_is_declared():
    [f] = catches("SL270", "Dockerfile", "FROM alpine:3.20\nARG TOKEN\n"
                                         "RUN curl https://u:$TOKEN@x.example/a\n")
    assert f.span.line == 2
