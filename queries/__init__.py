"""Stored, documented SPARQL queries (*.rq), as package data."""

from importlib.resources import files


def directory():
    """Traversable folder holding the stored queries."""
    return files(__name__)
