"""Stored, documented SPARQL queries (*.rq), as package data."""


def directory():
    """Traversable folder holding the stored queries."""
    from importlib.resources import files      # here: a read command never needs its imports

    return files(__name__)
