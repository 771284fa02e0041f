"""Gazetteers for the press-release extractor, loaded from package data.

Countries (ISO 3166-1 plus Kosovo) with English/French names, demonyms and
capitals; GeoNames cities; city names that are also everyday words; known
international, regional, counter-terrorism and donor bodies; world regions.
See README.md beside this file for sources and licences, and generate.py for
how the generated files are rebuilt.

Every loader is cached and returns immutable values (tuples, frozensets,
frozen dataclasses); the dicts are shared, so treat them as read-only.
Each file is read on the first call of its loader; loading all of them
takes a few tens of milliseconds (city_records(), the full cities table, is
slower and not needed for look-ups).
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files

import yaml

__all__ = [
    "Country", "KnownOrg", "Region", "ORG_KINDS",
    "countries", "country_by_iso2", "country_index", "ambiguous_country_forms",
    "City", "CityIndex", "cities", "city_records", "capitals", "city_stopwords",
    "organisations", "organisation_index", "region_entries", "regions",
]

ORG_KINDS = frozenset({"un", "eu", "regional", "intergovernmental", "ct-body",
                       "donor-agency", "state-body", "ngo", "donor-foundation", "academia", "judiciary"})

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PKG = "cthr.loaders.gazetteers"


@dataclass(frozen=True, slots=True)
class Country:
    """One ISO 3166-1 country or territory (or Kosovo)."""

    name: str                        # canonical English name
    iso2: str
    iso3: str
    names_en: tuple[str, ...]        # names_en[0] == name
    names_fr: tuple[str, ...]
    articles_fr: tuple[str, ...]     # article of names_fr[i]: le, la, l', les or ""
    demonyms_en: tuple[str, ...]     # adjectives / demonyms ("Malian", "Dutch")
    demonyms_fr: tuple[str, ...]     # lower case: m, f, m pl, f pl ("malien" ...)
    capital: tuple[str, ...]         # as spelt in cities.tsv where it is there
    status: str = "member"           # member | observer | state | territory
    names_es: tuple[str, ...] = ()   # Spanish names ("España", "Reino de España")

    @property
    def is_state(self) -> bool:
        """True for UN members, observer states and de facto states (Kosovo)."""
        return self.status != "territory"


@dataclass(frozen=True, slots=True)
class KnownOrg:
    """A well-known organisation from organisations.yaml."""

    name: str
    acronyms: tuple[str, ...]
    aliases: tuple[str, ...]
    kind: str
    country: str | None = None       # ISO2, national bodies only
    parent: str | None = None        # canonical name of another KnownOrg
    ambiguous: tuple[str, ...] = ()  # acronyms that also mean something else

    @property
    def safe_acronyms(self) -> tuple[str, ...]:
        """Acronyms that may be matched on their own."""
        return tuple(a for a in self.acronyms if a not in self.ambiguous)


@dataclass(frozen=True, slots=True)
class Region:
    """A continent or world region from regions.yaml."""

    name: str
    names_fr: tuple[str, ...]
    aliases: tuple[str, ...]
    kind: str


def _text(name: str) -> str:
    return files(_PKG).joinpath(name).read_text("utf-8")


def _rows(name: str):
    """Rows of a generated TSV file: '#' comment lines, then a header line."""
    lines = [ln for ln in _text(name).split("\n") if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return header, [ln.split("\t") for ln in lines[1:]]


def _multi(cell: str) -> tuple[str, ...]:
    return tuple(cell.split("|")) if cell else ()


# --- countries -----------------------------------------------------------------

@lru_cache(maxsize=None)
def countries() -> tuple[Country, ...]:
    """All 250 countries and territories, sorted by ISO2 code."""
    header, rows = _rows("countries.tsv")
    col = {h: i for i, h in enumerate(header)}
    out = []
    for r in rows:
        names_fr = _multi(r[col["names_fr"]])
        arts = r[col["articles_fr"]].split("|") if names_fr else []
        out.append(Country(
            name=r[col["name"]], iso2=r[col["iso2"]], iso3=r[col["iso3"]],
            names_en=_multi(r[col["names_en"]]), names_fr=names_fr,
            articles_fr=tuple(arts), demonyms_en=_multi(r[col["demonyms_en"]]),
            demonyms_fr=_multi(r[col["demonyms_fr"]]), capital=_multi(r[col["capital"]]),
            status=r[col["status"]], names_es=_multi(r[col["names_es"]])))
    return tuple(out)


@lru_cache(maxsize=None)
def country_by_iso2() -> dict[str, Country]:
    """ISO 3166-1 alpha-2 code -> Country."""
    return {c.iso2: c for c in countries()}


@lru_cache(maxsize=None)
def country_index() -> dict[str, Country]:
    """Exact surface form -> Country: English, French and Spanish names, English
    demonyms, French demonyms in lower case and capitalised ("malien",
    "Malien"). No form maps to two countries (shared ones are in
    ambiguous_country_forms()). Match case-sensitively first; French
    demonyms and multi-word French names may need a case-folded look-up."""
    idx: dict[str, Country] = {}
    for c in countries():
        for form in (*c.names_en, *c.names_fr, *c.demonyms_en, *c.names_es):
            idx.setdefault(form, c)
        for form in c.demonyms_fr:
            idx.setdefault(form, c)
            idx.setdefault(form[:1].upper() + form[1:], c)
    return idx


@lru_cache(maxsize=None)
def ambiguous_country_forms() -> dict[str, tuple[str, ...]]:
    """Forms shared by countries of equal status ("Congolese" -> CD, CG)."""
    _, rows = _rows("country-ambiguous.tsv")
    return {r[0]: tuple(r[1].split("|")) for r in rows}


# --- cities --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class City:
    """One row of cities.tsv (a GeoNames populated place)."""

    name: str
    ascii_name: str
    iso2: str
    population: int
    capital: bool
    alt_names: tuple[str, ...]
    geonameid: int


class CityIndex(Mapping):
    """Read-only mapping: surface form -> ((iso2, population), ...), most
    populous first. Values are parsed on first access, so loading is cheap."""

    __slots__ = ("_raw", "_parsed")

    def __init__(self, raw: dict[str, str]):
        self._raw = raw
        self._parsed: dict[str, tuple[tuple[str, int], ...]] = {}

    def __getitem__(self, key: str) -> tuple[tuple[str, int], ...]:
        v = self._parsed.get(key)
        if v is None:
            v = tuple((cc, int(pop)) for cc, pop in
                      (ref.split(" ") for ref in self._raw[key].split("|")))
            self._parsed[key] = v
        return v

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


@lru_cache(maxsize=None)
def cities() -> CityIndex:
    """City name -> ((iso2, population), ...), most populous first.

    Keys are GeoNames names, their ASCII forms and the hand-checked exonyms
    of cities.tsv's alt_names ("Genève", "Le Caire"). Many names are shared
    ("San José"); many are also words (see city_stopwords())."""
    raw = {}
    for ln in _text("city-index.tsv").split("\n"):
        if ln and ln[0] != "#":
            k, _, v = ln.partition("\t")
            raw[k] = v
    return CityIndex(raw)


@lru_cache(maxsize=None)
def city_records() -> tuple[City, ...]:
    """Every row of cities.tsv, most populous first (slower: ~34,000 rows)."""
    header, rows = _rows("cities.tsv")
    col = [header.index(h) for h in ("name", "ascii_name", "iso2", "population",
                                     "capital", "alt_names", "geonameid")]
    return tuple(City(r[col[0]], r[col[1]], r[col[2]], int(r[col[3]]), r[col[4]] == "1",
                      _multi(r[col[5]]), int(r[col[6]])) for r in rows)


@lru_cache(maxsize=None)
def capitals() -> dict[str, tuple[str, ...]]:
    """ISO2 -> national capital(s), spelt as in cities() where GeoNames has
    them (South Africa and Bolivia have several)."""
    return {c.iso2: c.capital for c in countries() if c.capital}


@lru_cache(maxsize=None)
def city_stopwords() -> frozenset[str]:
    """City names that are also everyday English/French words ("Nice",
    "Police", "Sur"): accept them as cities only where a place is expected."""
    return frozenset(ln.split("\t", 1)[0] for ln in _text("city-stopwords.txt").split("\n")
                     if ln and not ln.startswith("#"))


# --- organisations and regions ------------------------------------------------------

def _tuple(v) -> tuple[str, ...]:
    return tuple(str(x) for x in v) if v else ()


@lru_cache(maxsize=None)
def organisations() -> tuple[KnownOrg, ...]:
    """Known organisations in file order."""
    out = []
    for e in yaml.load(_text("organisations.yaml"), Loader=_Loader):
        acr = _tuple(e.get("acronyms"))
        amb = e.get("ambiguous") or ()
        amb = acr if amb is True else _tuple(amb)
        out.append(KnownOrg(name=str(e["name"]), acronyms=acr,
                            aliases=_tuple(e.get("aliases")), kind=str(e["kind"]),
                            country=e.get("country"), parent=e.get("parent"),
                            ambiguous=amb))
    return tuple(out)


@lru_cache(maxsize=None)
def organisation_index() -> dict[str, KnownOrg]:
    """Exact surface form -> KnownOrg: names, aliases and unambiguous acronyms.
    A form claimed by two entries is left out."""
    idx: dict[str, KnownOrg] = {}
    clash: set[str] = set()
    for o in organisations():
        for form in {o.name, *o.aliases, *o.safe_acronyms}:
            if form in idx and idx[form] is not o:
                clash.add(form)
            idx.setdefault(form, o)
    for form in clash:
        del idx[form]
    return idx


@lru_cache(maxsize=None)
def region_entries() -> tuple[Region, ...]:
    """Regions in file order."""
    return tuple(Region(name=str(e["name"]), names_fr=_tuple(e.get("names_fr")),
                        aliases=_tuple(e.get("aliases")), kind=str(e["kind"]))
                 for e in yaml.load(_text("regions.yaml"), Loader=_Loader))


@lru_cache(maxsize=None)
def regions() -> frozenset[str]:
    """Every surface form of every region (English, French, aliases)."""
    return frozenset(f for r in region_entries() for f in (r.name, *r.names_fr, *r.aliases))
