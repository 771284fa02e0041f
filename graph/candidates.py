"""Possible duplicate organisations, with a score and the reasons, for a researcher to judge.

Resolution never merges on a guess; this is where guesses go instead. Each
pair of organisation nodes that share a name word or an acronym (blocking,
so the cost stays near-linear) is scored by small features, each of which
says why:

- name similarity: the words of one name that have a close match in the
  other (rapidfuzz ratio), weighted by how rare each word is among all the
  organisations, so "Ministry of Trade" and "Ministry of Planning" share
  little and "International Institute for Justice" is covered by "...
  and the Rule of Law";
- acronym agreement: one node's acronym is the initials of the other's long
  name ("IIJ" = International Institute for Justice), or both have the same;
- country: same jurisdiction adds a little.

Pairs a judgement already decided (same, different or unsure) are not
suggested again, nor are national bodies of two different countries
(resolution keeps them apart by design) or a body and its own part.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz, process

from cthr.loaders.entities import is_acronym, normalise
from cthr.loaders.project import Curation

from .identity import identities
from .store import GraphStore

ORGANISATIONS = """
SELECT ?org ?display (GROUP_CONCAT(DISTINCT STR(?name); separator="\\u001f") AS ?names)
       (SAMPLE(STR(?c)) AS ?country) (SAMPLE(STRAFTER(STR(?s), "/sector/")) AS ?sector)
       (GROUP_CONCAT(DISTINCT STR(?parent); separator=" ") AS ?parents)
WHERE {
  ?org a cthr:Organisation ; cthr:displayName ?display .
  { ?org rdfs:label ?name } UNION { ?org skos:prefLabel ?name } UNION { ?org skos:altLabel ?name }
  OPTIONAL { ?org cthr:jurisdiction/cthr:displayName ?c }
  OPTIONAL { ?org cthr:sector ?s }
  OPTIONAL { ?org cthr:subOrganisationOf ?parent }
}
GROUP BY ?org ?display
"""
# Words that say little about which body a name is; not used to block or as initials.
_STOP = {"of", "the", "for", "and", "on", "in", "to", "at", "de", "la", "le", "du", "des", "et", "a", "an", "d", "l"}
_BLOCK_MAX = 60        # a word shared by more nodes than this does not block (e.g. "ministry")


@dataclass
class Node:
    iri: str
    label: str
    names: list[str]
    country: str | None
    sector: str | None
    parents: set[str] = field(default_factory=set)
    long_names: list[str] = field(default_factory=list)   # normalised, not acronyms
    acronyms: set[str] = field(default_factory=set)


@dataclass
class Candidate:
    score: int
    a: Node
    b: Node
    reasons: list[str]


def _initials(normalised: str) -> str:
    return "".join(w[0] for w in normalised.split() if w not in _STOP).upper()


def _acronym(name: str) -> str:
    return re.sub(r"[.\s]", "", name).upper()


def _nodes(graph: GraphStore) -> list[Node]:
    out = []
    for r in graph.query(ORGANISATIONS):
        names = sorted(set(r["names"].value.split("\x1f")))
        node = Node(r["org"].value, r["display"].value, names,
                    r["country"].value if r["country"] else None, r["sector"].value if r["sector"] else None,
                    set(r["parents"].value.split()) if r["parents"] else set())
        for name in names:
            if is_acronym(name):
                node.acronyms.add(_acronym(name))
            else:
                node.long_names.append(normalise(name))
        out.append(node)
    return sorted(out, key=lambda n: n.iri)


def _pairs(nodes: list[Node]):
    """Pairs that share a name word or an acronym/initials key."""
    blocks: dict[str, list[int]] = {}
    for i, node in enumerate(nodes):
        keys = {f"a:{a}" for a in node.acronyms}
        for name in node.long_names:
            keys |= {f"w:{w}" for w in name.split() if w not in _STOP and len(w) > 2}
            keys.add(f"a:{_initials(name)}")
        for key in keys:
            blocks.setdefault(key, []).append(i)
    seen = set()
    for members in blocks.values():
        if len(members) > _BLOCK_MAX:
            continue
        for i, j in combinations(members, 2):
            if (i, j) not in seen:
                seen.add((i, j))
                yield nodes[i], nodes[j]


def _words(normalised: str) -> list[str]:
    return [w for w in normalised.split() if w not in _STOP]


def _cover(ta: list[str], tb: list[str], idf: dict[str, float]) -> tuple[float, list[str]]:
    """The share of `ta`'s weight whose words have a close match in `tb` (rapidfuzz ratio >= 85)."""
    total = sum(idf.get(t, 1.0) for t in ta) or 1.0
    got, shared = 0.0, []
    for t in ta:
        best = process.extractOne(t, tb, scorer=fuzz.ratio) if tb else None
        if best and best[1] >= 85:
            got += idf.get(t, 1.0) * best[1] / 100
            shared.append(t)
    return got / total, shared


def score(a: Node, b: Node, idf: dict[str, float] | None = None) -> tuple[int, list[str]]:
    """A 0-100 score for `a` and `b` being one body, and why.

    Words count by their rarity among all organisation names (inverse
    document frequency), so sharing "Ministry" or "Iraq" says little and
    sharing "Justice" and "Institute" says more.
    """
    idf = idf or {}
    reasons, value, best = [], 0.0, None
    for na in a.long_names:
        for nb in b.long_names:
            wa, wb = _words(na), _words(nb)
            ca, shared = _cover(wa, wb, idf)
            cb, _ = _cover(wb, wa, idf)
            name = 100 * (max(ca, cb) + min(ca, cb)) / 2
            if best is None or name > best[0]:
                best = (name, min(ca, cb), max(ca, cb), shared, fuzz.token_set_ratio(na, nb))
    if best and best[3]:
        value = best[0]
        reasons.append(f"shared words {', '.join(best[3])} (weighted cover {100 * best[1]:.0f}/{100 * best[2]:.0f}, "
                       f"token-set {best[4]:.0f})")
    for x, y in ((a, b), (b, a)):
        for acr in sorted(x.acronyms):
            full = next((n for n in y.long_names if _initials(n) == acr), None)
            if full:
                value = max(value, 90)
                reasons.append(f"acronym {acr} = initials of {full!r}")
                break
    shared = a.acronyms & b.acronyms
    if shared:
        value = max(value, 85)
        reasons.append(f"same acronym {', '.join(sorted(shared))}")
    if a.country and a.country == b.country:
        value += 5
        reasons.append(f"same country {a.country}")
    if a.sector and a.sector == b.sector:
        reasons.append(f"same sector {a.sector}")
    return min(100, round(value)), reasons


def candidates(graph: GraphStore, curation: Curation, min_score: int = 70) -> list[Candidate]:
    """Pairs of organisation nodes that may be one body, best first; judged pairs left out."""
    ids = identities(curation)
    judged = {frozenset(ids.find(i) for i in pair) for pair in ids.judged}
    nodes = _nodes(graph)
    df: dict[str, int] = {}
    for node in nodes:
        for word in {w for n in node.long_names for w in _words(n)}:
            df[word] = df.get(word, 0) + 1
    idf = {w: math.log((1 + len(nodes)) / (1 + n)) + 1 for w, n in df.items()}
    out = []
    for a, b in _pairs(nodes):
        if frozenset((a.iri, b.iri)) in judged:
            continue
        if a.country and b.country and a.country != b.country:
            continue          # two countries' national bodies: never one node
        if a.iri in b.parents or b.iri in a.parents:
            continue          # one is a part of the other: the source says they are two
        value, reasons = score(a, b, idf)
        if value >= min_score:
            out.append(Candidate(value, a, b, reasons))
    return sorted(out, key=lambda c: (-c.score, c.a.label.casefold(), c.b.label.casefold(), c.a.iri, c.b.iri))
