"""Readers of deployment configuration: docker-compose, ``.env`` files and Kubernetes
manifests. Each turns a file into plain typed records with line numbers, never a graph."""
