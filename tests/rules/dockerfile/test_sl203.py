"""SL203 package-cache-in-layer: Package manager cache left in the image layer."""

from __future__ import annotations

from helpers import catches, catches_not


def test_cleanup_must_follow_the_install_in_the_same_run():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
            "curl=7\nRUN rm -rf /var/lib/apt/lists/*\n")
    catches("SL203", "Dockerfile", text)


def test_cache_in_a_stage_the_final_image_is_built_from_counts():
    text = ("FROM python:3.12 AS base\nRUN pip install flask==3\nFROM base\nUSER app\n")
    catches("SL203", "Dockerfile", text)


def test_apt_dist_clean_and_cache_mount_count_as_cleanup():
    for run in ("apt-get update && apt-get install -y x=1 && apt-get dist-clean",
                "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update "
                "&& apt-get install -y x=1"):
        catches_not("SL203", "Dockerfile", f"FROM debian:12\nRUN {run}\n")


# ---- the cache turned off or moved through the environment or the manager's configuration

def test_pip_cache_off_for_any_value_pip_accepts():
    # pip disables its cache for any non-empty PIP_NO_CACHE_DIR (0, false and off included)
    for value in ("1", "true", "off", "false", "0", "no"):
        for run in (f"PIP_NO_CACHE_DIR={value} pip install flask==3.0.0",
                    f"export PIP_NO_CACHE_DIR={value} && pip install flask==3.0.0",
                    f"env PIP_NO_CACHE_DIR={value} pip install flask==3.0.0"):
            catches_not("SL203", "Dockerfile", f"FROM python:3.12\nRUN {run}\n")
        catches_not("SL203", "Dockerfile",
                    f"FROM python:3.12\nENV PIP_NO_CACHE_DIR={value}\nRUN pip install flask==3\n")


def test_pip_ignores_an_empty_value():
    for text in ("FROM python:3.12\nENV PIP_NO_CACHE_DIR=\nRUN pip install flask==3\n",
                 "FROM python:3.12\nRUN PIP_NO_CACHE_DIR= pip install flask==3\n",
                 # not exported: pip never sees it
                 "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1; pip install flask==3\n",
                 # set after the install
                 "FROM python:3.12\nRUN pip install flask==3 && export PIP_NO_CACHE_DIR=1\n"):
        catches("SL203", "Dockerfile", text)


def test_pip_configuration_and_build_argument():
    catches_not("SL203", "Dockerfile", "FROM python:3.12\nRUN pip config set global.no-cache-dir "
                                       "false\nRUN pip install flask==3\n")
    # a build argument without a default: `--build-arg` decides, so it cannot be told
    catches_not("SL203", "Dockerfile",
                "FROM python:3.12\nARG PIP_NO_CACHE_DIR\nRUN pip install flask==3\n")


def test_a_moved_cache_is_judged_where_it_is():
    [f] = catches("SL203", "Dockerfile",
                  "FROM node:22\nENV NPM_CONFIG_CACHE=/tmp/npm\nRUN npm ci\n")
    assert "/tmp/npm" in f.message
    for text in ("FROM node:22\nENV NPM_CONFIG_CACHE=/tmp/npm\nRUN npm ci && rm -rf /tmp/npm\n",
                 "FROM node:22\nRUN YARN_CACHE_FOLDER=/dev/shm/yarn yarn install\n",
                 "FROM python:3.12\nRUN pip install --cache-dir /tmp/p flask==3 && "
                 "rm -rf /tmp/p\n",
                 "FROM node:22\nARG CACHE\nRUN npm config set cache $CACHE && npm ci\n"):
        catches_not("SL203", "Dockerfile", text)
    [f] = catches("SL203", "Dockerfile", "FROM node:22\nRUN npm config set cache /tmp/c && npm ci\n")
    assert "/tmp/c" in f.message and f.span.line == 2


def test_npm_clean_install_is_read_as_npm_ci():
    catches("SL203", "Dockerfile", "FROM node:22\nRUN npm clean-install\n")


# ---------------------------------------------------------------------------------- fixes

from test_fix import fixed, fixed_everywhere, not_fixed  # noqa: E402


def test_fix_apk_add_gains_no_cache_and_pip_install_no_cache_dir():
    fixed_everywhere("SL203", "Dockerfile",
                     "FROM python:3.12-alpine\n# tools\nRUN apk add curl=8.12.1-r0\n"
                     "RUN python -m pip install flask==3.0.3 && sh -c 'pip3 install -r req.txt'\n",
                     "FROM python:3.12-alpine\n# tools\nRUN apk add --no-cache curl=8.12.1-r0\n"
                     "RUN python -m pip install --no-cache-dir flask==3.0.3 && "
                     "sh -c 'pip3 install --no-cache-dir -r req.txt'\n", unsafe=False)


def test_fix_apt_update_and_install_gain_the_lists_removal():
    fixed_everywhere("SL203", "Dockerfile",
                     "FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10\n",
                     "FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10"
                     " && rm -rf /var/lib/apt/lists/*\n", unsafe=False)


def test_fix_follows_one_operator_per_line_with_tab_indentation():
    fixed_everywhere("SL203", "Dockerfile",
                     "FROM debian:12\nRUN apt-get update \\\n\t&& apt-get install -y \\\n"
                     "\t\tcurl=7.88.1-10 \\\n\t# the editor\n\t&& apt-get install -y vim=2:9.0  \n",
                     "FROM debian:12\nRUN apt-get update \\\n\t&& apt-get install -y \\\n"
                     "\t\tcurl=7.88.1-10 \\\n\t# the editor\n\t&& apt-get install -y vim=2:9.0 \\\n"
                     "\t&& rm -rf /var/lib/apt/lists/*  \n", unsafe=False)


def test_fix_cleans_rpm_caches_with_the_privileges_of_the_install():
    assert fixed("SL203", "Dockerfile",
                 "FROM rockylinux:9\nRUN sudo dnf install -y httpd-2.4.62\n", unsafe=False) == \
        "FROM rockylinux:9\nRUN sudo dnf install -y httpd-2.4.62 && sudo dnf clean all\n"


def test_fix_ends_a_heredoc_script():
    assert fixed("SL203", "Dockerfile", "FROM debian:12\nRUN <<EOF\napt-get update\n"
                 "apt-get install -y curl=7.88.1-10\nEOF\n") == \
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl=7.88.1-10\n" \
        "rm -rf /var/lib/apt/lists/*\nEOF\n"


def test_removing_lists_a_later_install_needs_is_not_a_safe_fix():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10\n"
            "RUN apt-get install -y vim=2:9.0\n")
    not_fixed("SL203", "Dockerfile", text, unsafe=False)
    assert "rm -rf /var/lib/apt/lists/*\nRUN apt-get install" in fixed(
        "SL203", "Dockerfile", text, gone=False)


def test_no_fix_where_the_end_of_the_script_is_not_clear():
    for run in ('["sh", "-c", "apt-get update && apt-get install -y curl=7.88.1-10"]',
                "apt-get update && apt-get install -y curl=7.88.1-10 # pinned",
                "apt-get update && apt-get install -y curl=7.88.1-10 &&"):
        not_fixed("SL203", "Dockerfile", f"FROM debian:12\nRUN {run}\n")
    # an update alone: the lists are what it is for (SL207 says to join the install)
    not_fixed("SL203", "Dockerfile", "FROM debian:12\nRUN apt-get update\n")
    # exec form: the option would be a new item of the JSON array
    not_fixed("SL203", "Dockerfile", 'FROM alpine:3.20\nRUN ["apk", "add", "curl=8.12.1-r0"]\n')
