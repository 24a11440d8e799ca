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
