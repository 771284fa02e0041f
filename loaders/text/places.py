"""Gazetteer look-ups for the extractor: countries, demonyms, cities, regions
and well-known organisations.

The lists themselves are data in :mod:`cthr.loaders.gazetteers` (generated
from public sources; see its README). This module indexes them the way the
stages ask: by exact surface form, and by sequences of tokens so a stage can
ask "does a place start here, and how many tokens long is it?".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import gazetteers as gz
from .lexicon import current_overlay

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

    def __init__(self, extra_orgs: list[dict] = ()):
        self.countries: dict[str, str] = {}      # name form -> canonical country
        self.demonyms: dict[str, str] = {}       # lower-case adjective -> country
        self.cities: dict[str, str] = {}         # city name -> country of its largest namesake
        self.capitals: set[str] = set()
        by_iso = gz.country_by_iso2()
        for c in gz.countries():
            for f in (*c.names_en, *c.names_fr, *c.names_es):
                self.countries.setdefault(_fold(f), c.name)
                if f[:4].lower() == "the ":
                    self.countries.setdefault(_fold(f[4:]), c.name)
            for name in c.names_en:      # "the Netherlands", "The Gambia"
                self.countries.setdefault("the " + _fold(name), c.name)
            for d in (*c.demonyms_en, *c.demonyms_fr):
                self.demonyms.setdefault(_fold(d).lower(), c.name)
            self.capitals.update(_fold(x) for x in c.capital)
        self._cities = gz.cities()
        self._by_iso = by_iso
        self.city_stop = {_fold(w) for w in gz.city_stopwords()}
        self.regions = {_fold(r) for r in gz.regions()}
        self.orgs: dict[str, KnownOrg] = {}
        self.ambiguous_orgs: dict[str, KnownOrg] = {}
        for o in gz.organisations():
            country = by_iso[o.country].name if o.country in by_iso else o.country
            ko = KnownOrg(name=o.name, acronyms=tuple(o.acronyms), aliases=tuple(o.aliases),
                          kind=o.kind, country=country, parent=o.parent,
                          ambiguous=bool(o.ambiguous))
            for form in (o.name, *o.aliases, *o.safe_acronyms):
                self.orgs.setdefault(_fold(form), ko)
            for form in o.ambiguous:     # matched only where the text defines them
                self.ambiguous_orgs.setdefault(_fold(form), ko)
        for e in extra_orgs:             # a researcher's own known bodies come first
            country = e.get("country")
            country = by_iso[country].name if country in by_iso else country
            ko = KnownOrg(name=e["name"], acronyms=tuple(e.get("acronyms") or ()), aliases=tuple(e.get("aliases") or ()),
                          kind=e.get("kind"), country=country, parent=e.get("parent"))
            for form in (ko.name, *ko.aliases, *ko.acronyms):
                self.orgs[_fold(form)] = ko
        self._first_words: dict[str, set[int]] = {}
        for table in (self.countries, self.orgs, self.regions):
            for key in table:
                n = len(key.split())
                # Bodies' names may be long ("Direction exécutive du Comité contre
                # le terrorisme"); the cap is for places only.
                if n <= MAX_PLACE_WORDS or table is self.orgs:
                    # (a word's own comma is not part of its token: "Foreign, Commonwealth ...")
                    self._first_words.setdefault(key.split()[0].rstrip(",;"), set()).add(n)
        self._lengths: dict[str, frozenset[int]] = {}
        self._city_lengths: dict[str, set[int]] = {}
        for key in self._cities:
            parts = key.split()
            if len(parts) > 1:
                self._city_lengths.setdefault(_fold(parts[0]), set()).add(len(parts))

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
        if surface.isupper() and len(surface) > 3:       # a dateline's "NOUAKCHOTT", "ISSYK-KUL"
            key = "-".join(p.capitalize() for p in key.lower().split("-"))
            key = " ".join(w.capitalize() if w not in ("de", "es", "el", "la") else w for w in key.split())
        if strict and key in self.city_stop:
            return None
        if key not in self._cities and key.replace("'", "’") in self._cities:
            key = key.replace("'", "’")
        if key not in self._cities and _ascii(key) in self._cities:
            key = _ascii(key)         # "Malé" where the gazetteer keeps "Male"
        if key not in self._cities:
            return None
        iso2 = self._cities[key][0][0]
        country = self._by_iso.get(iso2)
        return country.name if country else None

    def town(self, surface: str) -> str | None:
        """The country of a city named so, not a country's name, except a
        capital named as its country ("Djibouti", "Singapore", "Luxembourg")."""
        if self.country(surface):
            return self.country(surface) if _fold(surface) in self.capitals else None
        return self.city(surface, strict=True)

    def region(self, surface: str) -> bool:
        return _fold(surface) in self.regions

    def place_country(self, surface: str) -> str | None:
        """A country's own name, else a city's country."""
        return self.country(surface) or self.city(surface)

    def known_org(self, surface: str, *, defined: bool = False) -> KnownOrg | None:
        """A known body by one of its forms; an ambiguous acronym ("ICC")
        only when ``defined`` (the text spells it out)."""
        key = _fold(surface)
        found = self.orgs.get(key)
        if found is None and defined:
            found = self.ambiguous_orgs.get(key)
        return found

    def known_org_any_case(self, surface: str) -> KnownOrg | None:
        """A known body by a name or alias of two or more words written in any
        case and without accents ("NATIONAL POLICE SERVICE"); acronyms excluded."""
        index = self.__dict__.get("_any_case")
        if index is None:
            index = self._any_case = {}
            for key, ko in self.orgs.items():
                if len(key.split()) > 1:
                    index.setdefault(_ascii(key).casefold(), ko)
        return index.get(_ascii(_fold(surface)).casefold())

    # -- token sequences -----------------------------------------------------
    def lengths_from(self, word: str) -> frozenset[int]:
        """How many words gazetteer entries starting with ``word`` have
        (countries, organisations, regions and multi-word cities)."""
        got = self._lengths.get(word)
        if got is None:
            key = _fold(word)
            got = set(self._first_words.get(key, ()))
            city = self._city_lengths.get(key) or self._city_lengths.get(_ascii(key))
            if city or key in self._cities or _ascii(key) in self._cities:
                got |= (city or set()) | {1}
            got = self._lengths[word] = frozenset(got)
        return got

    def leading_place(self, words: list[str], *, countries_only: bool = False,
                      strict: bool = True) -> int:
        """Number of leading ``words`` naming a place (0 if none), longest
        first; an elided article is glued to its word ("Côte", "d'", "Ivoire")."""
        if not words:
            return 0
        lengths = self.lengths_from(words[0])
        for n in range(len(words), 0, -1):
            cand = re.sub(r"(?<=[’'´]) ", "", " ".join(words[:n]))
            if len(cand.split()) not in lengths:
                continue
            if self.country(cand) or (not countries_only and (self.city(cand, strict=strict) or self.region(cand))):
                return n
        return 0


@lru_cache(maxsize=1)
def _bundled() -> Places:
    return Places()


def places() -> Places:
    """The gazetteer indexes in effect (with the active overlay's known bodies)."""
    ov = current_overlay()
    if ov is None or not ov.organisations:
        return _bundled()
    if "places" not in ov._cache:
        ov._cache["places"] = Places(ov.organisations)
    return ov._cache["places"]
