"""Remote endpoints and the local SPARQL server: push, serve."""

from cthr.cli import main  # noqa: F401
