"""The extractor's known organisations as the lowest layer of the alias table.

`loaders/gazetteers/organisations.yaml` lists well-known bodies with their
English, French and Spanish names and acronyms so the extractor can find them;
the same list tells entity resolution that "Unión Europea", "EU" and "European
Union" are one body, and "ASEAN" in two articles one node. Each known body
becomes an alias entry: its canonical name, its first acronym that is safe on
its own, every other name and safe acronym as aliases, its kind as a sector,
its parent, and for a national body (a donor agency, a state's bureau) its
country, so that entry answers only in that body's own scope. A name or
acronym two known bodies share (with no country to tell them apart) names
neither. `aliases.yaml` and a project's table sit above this layer; an entry
there for the same body keeps this layer's names as well.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from .curated_yaml import LineList, LineMap

ORIGIN = "gazetteers/organisations.yaml (bundled)"


def _entry(fields: dict, line: int) -> LineMap:
    entry = LineMap({k: v for k, v in fields.items() if v})
    entry.line, entry.key_lines = line, {}
    return entry


@lru_cache(maxsize=1)
def known_layer() -> tuple[LineList, str]:
    """(entries, origin) of the known organisations, as `AliasTable` reads a layer."""
    from .entities import KIND_SECTORS, normalise
    from .gazetteers import country_by_iso2, organisations

    text = (files("cthr.loaders.gazetteers") / "organisations.yaml").read_text(encoding="utf-8")
    line_of: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*- \{name: (\"(?:[^\"\\]|\\.)*\"|[^,]*),", line)
        if m:
            line_of.setdefault(m.group(1).strip('"'), n)
    by_iso = country_by_iso2()
    known = organisations()

    def country(o) -> str | None:
        return by_iso[o.country].name if o.country and o.country in by_iso else None

    # A form is kept only if one body claims it, or every body claiming it is another country's.
    claims: dict[str, list] = {}
    for o in known:
        for form in {normalise(f) for f in (o.name, *o.aliases, *o.safe_acronyms)}:
            claims.setdefault(form, []).append(o)

    def free(form: str, o) -> bool:
        others = [x for x in claims[normalise(form)] if x is not o]
        return all(country(x) and country(o) and country(x) != country(o) for x in others)

    entries = LineList()
    entries.line = 1
    for o in known:
        if not free(o.name, o):
            continue
        safe = [a for a in o.safe_acronyms if free(a, o)]
        aliases = [a for a in (*o.aliases, *safe[1:]) if free(a, o) and normalise(a) != normalise(o.name)]
        entries.append(_entry({"name": o.name, "acronym": safe[0] if safe else None,
                               "aliases": list(dict.fromkeys(aliases)), "sector": KIND_SECTORS.get(o.kind),
                               "parent": o.parent, "country": country(o)}, line_of.get(o.name, 1)))
    return entries, ORIGIN
