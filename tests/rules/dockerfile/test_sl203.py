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
