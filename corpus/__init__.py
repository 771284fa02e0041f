"""The bundled default corpus: the two seed press releases and curated records of their events."""

from importlib.resources import files


def default_sources():
    """Paths of the default corpus' sources: the seed texts, then the curated records."""
    root = files(__name__)
    texts = sorted((p for p in (root / "seeds").iterdir() if p.name.endswith(".txt")), key=lambda p: p.name)
    # records/ also holds small CSV examples of the same events for the docs;
    # the curated YAML file is the default corpus's record source.
    return texts + [root / "records" / "seed-events.yaml"]


def gold_directory():
    """The folder of the seed texts, whose NAME.json beside NAME.txt is the gold annotation."""
    return files(__name__) / "seeds"
