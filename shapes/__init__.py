"""SHACL shapes every built graph must pass (cthr-shapes.ttl), as package data."""

from importlib.resources import files


def path():
    """Traversable path of the shapes file shipped with the package."""
    return files(__name__) / "cthr-shapes.ttl"
