"""SPARQL commands: stored queries, ad-hoc queries, exports."""

from cthr.cli import main  # noqa: F401
