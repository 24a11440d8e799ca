"""shiplint: a static linter for Dockerfiles, Docker Compose files and Kubernetes manifests."""

__version__ = "0.1.0"
