"""What a build needs from the researcher's curation: the loaded settings, reviews, store marks.

The store folder keeps, beside the quads, the curation digest each source's
graph was resolved with (``cthr-curation.json``). A build re-maps a source
whose digest changed even when its bytes did not, and refuses to keep a
stored source it was not given whose graph was resolved under other
settings: that graph would disagree with the rest about which names are one
node.
"""

from __future__ import annotations

import json
from pathlib import Path

from cthr.loaders.model import Extraction, LoadError
from cthr.loaders.project import Curation, Project, load_curation
from cthr.loaders.review import apply_review

from .vocab import source_iri

CURATION_MARK = "cthr-curation.json"
# A project folder's own files: a build given the folder as a source skips them.
CURATION_FILES = frozenset({"aliases.yaml", "sectors.yaml", "scopes.yaml", "judgements.yaml", "judgements.csv"})
_BUNDLED: list[Curation] = []


def curation_of(project: Curation | Project | str | Path | None) -> Curation:
    """A loaded Curation from a project folder, a Project, a Curation, or None (bundled tables)."""
    if isinstance(project, Curation):
        return project
    if project is None:
        if not _BUNDLED:
            _BUNDLED.append(load_curation(None))
        return _BUNDLED[0]
    return load_curation(project)


def apply_curation(x: Extraction, curation: Curation | None) -> tuple[Extraction, list[str]]:
    """The source's facts after its review file (if any), and what could not be applied."""
    if curation is None:
        return x, []
    return apply_review(x, curation.review_for(x.source.key))


def judgement_notes(store, curation: Curation) -> list[str]:
    """Judgement sides that name nothing in the built graph (a typo, or a name in another scope).

    A name side must be a label of some node (of its country, if it gives
    one); an IRI side a node or a redirected IRI.
    """
    if not curation.judgements:
        return []          # the label scan below reads every name in the graph
    from cthr.loaders.entities import normalise

    labels: dict[str, set[str]] = {}
    for r in store.query("""SELECT ?l ?c { VALUES ?t { cthr:Organisation cthr:Person } ?n a ?t ;
                              rdfs:label|skos:altLabel|skos:prefLabel ?l
                              OPTIONAL { ?n cthr:jurisdiction/cthr:displayName ?c } }"""):
        labels.setdefault(normalise(r["l"].value), set()).add(normalise(r["c"].value) if r["c"] else "")
    notes = []
    for edge in curation.judgements:
        for side in (edge.a, edge.b):
            if side.iri:
                found = bool(store.query(f"ASK {{ {{ <{side.iri}> a ?t }} UNION {{ <{side.iri}> owl:sameAs ?n }} }}"))
            else:
                countries = labels.get(normalise(side.name), set())
                found = bool(countries) and (not side.country or normalise(side.country) in countries or "" in countries)
            if not found:
                notes.append(f"{edge.where()}: {side.show()} names no {side.kind} in the graph: "
                             "check the name and country (or give the IRI)")
    return notes


def read_curation_mark(store_path: Path) -> dict[str, str]:
    try:
        data = json.loads((Path(store_path) / CURATION_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stale_sources(store_path: Path | None, stored_hashes: dict[str, str], stored: dict[str, str],
                  curation: Curation, given: set[str]) -> None:
    """Refuse to keep stored sources (not given now) resolved under other curation settings."""
    stale = sorted(key for key in (g.rsplit("/", 1)[-1] for g in stored_hashes)
                   if key not in given and source_iri(key).value in stored_hashes
                   and stored.get(key) != curation.digest(key))
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        raise LoadError(str(store_path), None, f"the store holds {len(stale)} source(s) resolved with other "
                        f"curation settings or another version of cthr ({shown}): give them again, or build with --fresh")


# Read by `cthr why` and `entities --redirects`, so kept with the light read-side helpers.
from .stats import current_iri, redirects  # noqa: E402

__all__ = ["CURATION_FILES", "CURATION_MARK", "Curation", "apply_curation", "curation_of", "current_iri",
           "judgement_notes", "read_curation_mark",
           "redirects", "stale_sources"]
