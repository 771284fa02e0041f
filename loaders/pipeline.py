"""What a stored source's graph depends on inside cthr itself: the code and data that read and map it.

A store keeps each source's facts as the extractor, the entity resolution,
the mapping and the rules of the build that loaded it made them. After an
upgrade (or an edit of a pattern file) the same bytes would give other
facts, so an incremental build must not keep them as "unchanged": the
digest of these files goes into every source's curation digest and into
the store's validated mark.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files

# Packages whose files decide a source's graph; the read side (queries,
# templates, the page) and the bundled corpus do not.
_PARTS = ("cthr.loaders", "cthr.graph", "cthr.ontology", "cthr.shapes")
_SKIP_DIRS = {"__pycache__", "static", "templates", "network-queries", "entity-queries", "lookup-queries"}
_SUFFIXES = {".py", ".yaml", ".tsv", ".txt", ".csv", ".rq", ".ttl", ".json"}


def _walk(node, prefix: str):
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.is_dir():
            if child.name not in _SKIP_DIRS:
                yield from _walk(child, f"{prefix}{child.name}/")
        elif any(child.name.endswith(s) for s in _SUFFIXES):
            yield f"{prefix}{child.name}", child


def tree_digest(roots: dict) -> str:
    """SHA-256 over the relative names and bytes of the files under `roots` (name -> folder)."""
    h = hashlib.sha256()
    for part, root in roots.items():
        for name, path in _walk(root, f"{part}/"):
            h.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def pipeline_digest() -> str:
    """The digest of the loaders', mapping's, rules', ontology's and shapes' files (about 5 ms, once)."""
    return tree_digest({part: files(part) for part in _PARTS})


__all__ = ["pipeline_digest", "tree_digest"]
