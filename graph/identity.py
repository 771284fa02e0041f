"""IRIs of organisations and persons: the alias table, scopes and the researcher's judgements.

:class:`cthr.loaders.entities.Resolver` gives each name in its scope a key;
this module turns keys into IRIs and applies the judgements of the project
(:mod:`cthr.loaders.judgements`):

- ``different`` between two names one alias entry would merge keeps the
  entry from the side that is not its canonical name (a *split*);
- ``same`` joins IRIs (union-find); the node keeps the alias-table entry's
  IRI if one side is curated, else the least IRI, so the choice never
  depends on order; every other IRI of the group becomes ``owl:sameAs`` it;
- a ``same`` chain that joins a pair judged ``different`` is refused with the
  lines of both, as are merges of two curated entries (merge those in the
  alias table).

Everything depends only on the curation, never on the sources, so each
source can be mapped on its own (and in parallel) and still agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pyoxigraph import NamedNode

from cthr.loaders.entities import Resolved, Resolver, Scope, normalise
from cthr.loaders.judgements import Edge, Judgement, Side
from cthr.loaders.model import LoadError
from cthr.loaders.project import Curation

from .vocab import mint


@dataclass(frozen=True)
class OrgIdentity:
    iri: NamedNode
    resolved: Resolved
    redirects: tuple[NamedNode, ...] = ()     # other IRIs of this node (owl:sameAs it)


class Identities:
    """Resolution of names to IRIs under one curation."""

    def __init__(self, curation: Curation):
        self.curation = curation
        base = Resolver(curation.aliases, curation.scopes)
        self.entry_iris = {mint("org", key).value: entry for key, entry in curation.aliases.entries.items()}
        self.resolver = Resolver(curation.aliases, curation.scopes, self._splits(base, curation.judgements))
        self._parent: dict[str, str] = {}
        self._lines: dict[str, list[int]] = {}
        self.judged: set[frozenset[str]] = set()
        for edge in curation.judgements:
            a, b = self.side_iri(edge.a, edge), self.side_iri(edge.b, edge)
            self.judged.add(frozenset((a, b)))
            if edge.judgement is Judgement.SAME:
                self._union(a, b, edge)
        for edge in curation.judgements:
            if edge.judgement is Judgement.DIFFERENT:
                a, b = self.side_iri(edge.a, edge), self.side_iri(edge.b, edge)
                if a == b:
                    raise LoadError(edge.file, edge.line, f"{edge.a.show()} and {edge.b.show()} are one node; "
                                                          "name the two sides by name and country to split them")
                if self.find(a) == self.find(b):
                    lines = ", ".join(map(str, sorted(self._lines.get(self.find(a), []))))
                    raise LoadError(edge.file, edge.line, f"judged different, but the 'same' judgements "
                                                          f"on line(s) {lines} join {edge.a.show()} and {edge.b.show()}")

    @staticmethod
    def _splits(base: Resolver, edges: list[Edge]) -> dict:
        """(name, country) -> entry keys that `different` judgements keep the name away from."""
        splits: dict[tuple[str, str | None], frozenset[str]] = {}
        for edge in edges:
            if edge.judgement is not Judgement.DIFFERENT or edge.a.kind != "organisation":
                continue
            sides = [s for s in (edge.a, edge.b) if s.name]
            resolved = [base.organisation(s.name, scope=Scope(country=s.country)) for s in sides]
            iri_sides = [s.iri for s in (edge.a, edge.b) if s.iri]
            entries = {r.entry.key for r in resolved if r.entry}
            if len(entries) != 1:
                continue
            entry = next(r.entry for r in resolved if r.entry)
            one_node = (len(sides) == 2 and resolved[0].key == resolved[1].key) or \
                (len(sides) == 1 and iri_sides == [mint("org", entry.key).value])
            if not one_node:
                continue
            split_off = [s for s in sides if normalise(s.name) != normalise(entry.label)]
            if len(sides) == 2 and normalise(sides[0].name) == normalise(sides[1].name) \
                    and sides[0].country == sides[1].country:
                raise LoadError(edge.file, edge.line, "both sides are the same name in the same country")
            for side in split_off:
                key = (normalise(side.name), normalise(side.country) if side.country else None)
                splits[key] = splits.get(key, frozenset()) | {entry.key}
        return splits

    def side_iri(self, side: Side, edge: Edge) -> str:
        """The IRI a judgement side names (as the build would mint it, before `same` merges)."""
        if side.iri:
            return side.iri
        if side.kind == "person":
            return mint("person", Resolver.person_key(side.name)).value
        if self.resolver.scoped(side.name) and not side.country and self.resolver.aliases.lookup(side.name) is None:
            raise LoadError(edge.file, edge.line, f"{side.name!r} is a national body or a bare acronym: "
                                                  "give its country (or its IRI)")
        return mint("org", self.resolver.organisation(side.name, scope=Scope(country=side.country)).key).value

    # -- union-find ------------------------------------------------------------
    def find(self, iri: str) -> str:
        while self._parent.get(iri, iri) != iri:
            iri = self._parent[iri]
        return iri

    def _union(self, a: str, b: str, edge: Edge) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            curated = [r for r in (ra, rb) if r in self.entry_iris]
            if len(curated) == 2:
                raise LoadError(edge.file, edge.line, f"both sides are alias-table entries "
                                                      f"({self.entry_iris[ra].label!r}, {self.entry_iris[rb].label!r}): "
                                                      "merge them in the alias table instead")
            # The curated entry's IRI wins (it carries the canonical name); else the least.
            keep = curated[0] if curated else min(ra, rb)
            drop = rb if keep == ra else ra
            self._parent[drop] = keep
            self._lines.setdefault(keep, []).extend(self._lines.pop(drop, []))
        self._lines.setdefault(self.find(a), []).append(edge.line)

    # -- what mapping asks -----------------------------------------------------
    def organisation(self, name: str, acronym: str | None = None, scope: Scope = Scope()) -> OrgIdentity:
        resolved = self.resolver.organisation(name, acronym, scope)
        base = mint("org", resolved.key)
        final = NamedNode(self.find(base.value))
        others = {mint("org", resolved.own_key), base} - {final}
        return OrgIdentity(final, resolved, tuple(sorted(others, key=lambda n: n.value)))

    def person(self, name: str) -> tuple[NamedNode, tuple[NamedNode, ...]]:
        base = mint("person", Resolver.person_key(name))
        final = NamedNode(self.find(base.value))
        return final, (() if final == base else (base,))

    def members(self) -> dict[str, list[str]]:
        """Canonical IRI -> the other IRIs merged into it by `same` judgements."""
        out: dict[str, list[str]] = {}
        for iri in self._parent:
            root = self.find(iri)
            if root != iri:
                out.setdefault(root, []).append(iri)
        return {k: sorted(v) for k, v in sorted(out.items())}


_CACHE: dict[int, tuple[Curation, Identities]] = {}


def identities(curation: Curation) -> Identities:
    """The Identities of a curation, built once per build (and per worker process)."""
    hit = _CACHE.get(id(curation))
    if hit is None or hit[0] is not curation:
        if len(_CACHE) >= 8:
            _CACHE.clear()
        hit = _CACHE[id(curation)] = (curation, Identities(curation))
    return hit[1]
