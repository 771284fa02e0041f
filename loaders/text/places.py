"""Gazetteer look-ups for the extractor: countries, demonyms, cities, regions
and well-known organisations.

The lists themselves are data in :mod:`cthr.loaders.gazetteers` (generated
from public sources; see its README). This module indexes them the way the
stages ask: by exact surface form, and by sequences of tokens so a stage can
ask "does a place start here, and how many tokens long is it?".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

try:
    from .. import gazetteers as gz
except ImportError:                     # TEMPORARY until the generated gazetteers land
    from . import _legacy_gazetteers as gz

MAX_PLACE_WORDS = 5


def _fold(s: str) -> str:
    """Apostrophes and dashes unified, case kept (gazetteer keys)."""
    return s.replace("’", "'").replace("‐", "-").replace("–", "-")


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@dataclass(frozen=True)
class KnownOrg:
    name: str
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None
    parent: str | None = None
    ambiguous: bool = False


class Places:
    """Indexes over the gazetteers (built once, see :func:`places`)."""

    def __init__(self):
        self.countries: dict[str, str] = {}      # name form -> canonical country
        self.demonyms: dict[str, str] = {}       # lower-case adjective -> country
        self.cities: dict[str, str] = {}         # city name -> country of its largest namesake
        self.capitals: set[str] = set()
        self.city_stop: set[str] = set()
        self.regions: set[str] = set()
        for c in gz.countries():
            forms = {c.name, *c.names_en, *c.names_fr}
            for f in forms:
                self.countries.setdefault(_fold(f), c.name)
                if f.startswith(("the ", "The ")):
                    self.countries.setdefault(_fold(f[4:]), c.name)
            for d in (*c.demonyms_en, *c.demonyms_fr):
                self.demonyms.setdefault(_fold(d).lower(), c.name)
            if c.capital:
                self.capitals.add(_fold(c.capital))
        best: dict[str, int] = {}
        for name, entries in gz.cities().items():
            for iso2, population in entries:
                country = gz.country_by_iso2(iso2)
                key = _fold(name)
                if country and population > best.get(key, -1):
                    best[key] = population
                    self.cities[key] = country
        for cap in self.capitals:
            self.cities.setdefault(cap, next((c.name for c in gz.countries() if _fold(c.capital or "") == cap), None))
        self.city_stop = {_fold(w) for w in gz.city_stopwords()}
        self.regions = {_fold(r) for r in gz.regions()}
        self.orgs: dict[str, KnownOrg] = {}
        for o in gz.organisations():
            ko = KnownOrg(name=o.name, acronyms=tuple(o.acronyms), aliases=tuple(o.aliases),
                          kind=o.kind, country=o.country, parent=o.parent,
                          ambiguous=bool(getattr(o, "ambiguous", False)))
            for form in (o.name, *o.aliases, *o.acronyms):
                self.orgs.setdefault(_fold(form), ko)
        self._first_words: dict[str, set[int]] = {}
        for table in (self.countries, self.cities, self.orgs):
            for key in table:
                n = len(key.split())
                if n <= MAX_PLACE_WORDS:
                    self._first_words.setdefault(key.split()[0], set()).add(n)
        for key in self.regions:
            self._first_words.setdefault(key.split()[0], set()).add(len(key.split()))

    # -- single look-ups -------------------------------------------------------
    def country(self, surface: str) -> str | None:
        """The canonical country a name form denotes ("Irak" -> "Iraq")."""
        return self.countries.get(_fold(surface))

    def demonym(self, word: str) -> str | None:
        """The country of an adjective or demonym ("Iraqi", "nigérienne")."""
        return self.demonyms.get(_fold(word).lower())

    def city(self, surface: str, *, strict: bool = True) -> str | None:
        """The country of a city name; with ``strict``, names that are also
        common words ("Police", "Union") are refused."""
        key = _fold(surface)
        if strict and key in self.city_stop:
            return None
        found = self.cities.get(key)
        if found is None and surface.isupper() and len(surface) > 3:
            title = "-".join(p.capitalize() for p in key.lower().split("-"))
            title = " ".join(w.capitalize() if w not in ("de", "es", "el") else w for w in title.split())
            if not (strict and title in self.city_stop):
                found = self.cities.get(title)
        return found

    def region(self, surface: str) -> bool:
        return _fold(surface) in self.regions

    def place_country(self, surface: str) -> str | None:
        """A country's own name, else a city's country."""
        return self.country(surface) or self.city(surface)

    def known_org(self, surface: str) -> KnownOrg | None:
        return self.orgs.get(_fold(surface))

    # -- token sequences -----------------------------------------------------
    def lengths_from(self, word: str) -> set[int]:
        """How many words gazetteer entries starting with ``word`` have."""
        return self._first_words.get(_fold(word), set())

    def leading_place(self, words: list[str], *, countries_only: bool = False,
                      strict: bool = True) -> int:
        """Number of leading ``words`` naming a place (0 if none), longest first."""
        if not words:
            return 0
        for n in sorted(self.lengths_from(words[0]), reverse=True):
            if n > len(words):
                continue
            cand = " ".join(words[:n])
            if self.country(cand) or (not countries_only and (self.city(cand, strict=strict) or self.region(cand))):
                return n
        return 0


@lru_cache(maxsize=1)
def places() -> Places:
    return Places()
