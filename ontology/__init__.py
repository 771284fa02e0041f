"""The cthr OWL ontology (cthr.ttl) and its SKOS concept schemes (concepts.ttl), as package data."""

from importlib.resources import files

ONTOLOGY_FILES = ("cthr.ttl", "concepts.ttl")


def paths():
    """Traversable paths of the ontology files shipped with the package."""
    return [files(__name__) / name for name in ONTOLOGY_FILES]
