"""The bundled default corpus: the two seed press releases and curated records of their events."""

from importlib.resources import files


def default_sources():
    """Paths of the default corpus' sources, texts first, in a stable order."""
    root = files(__name__)
    texts = sorted((p for p in (root / "seeds").iterdir() if p.name.endswith(".txt")), key=lambda p: p.name)
    records = sorted(
        (p for p in (root / "records").iterdir() if p.name.endswith((".yaml", ".yml", ".json", ".csv"))),
        key=lambda p: p.name,
    )
    return texts + records


def gold_directory():
    """The folder of the seed texts, whose NAME.json beside NAME.txt is the gold annotation."""
    return files(__name__) / "seeds"
