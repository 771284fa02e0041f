"""TEMPORARY: the old hand-typed lexicon behind the gazetteer API (to be removed)."""
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import yaml


@lru_cache(maxsize=1)
def _lex():
    return yaml.safe_load((files("cthr.loaders") / "extract-lexicon.yaml").read_text("utf-8"))


@dataclass
class Country:
    name: str
    iso2: str = ""
    names_en: list = field(default_factory=list)
    names_fr: list = field(default_factory=list)
    demonyms_en: list = field(default_factory=list)
    demonyms_fr: list = field(default_factory=list)
    capital: str | None = None


@dataclass
class Org:
    name: str
    acronyms: list
    aliases: list
    kind: str | None = None
    country: str | None = None
    parent: str | None = None


@lru_cache(maxsize=1)
def countries():
    by = {}
    for form, name in _lex()["countries"].items():
        by.setdefault(name, Country(name=name, iso2=name)).names_en.append(form)
    return list(by.values())


def country_by_iso2(code):
    return code


@lru_cache(maxsize=1)
def cities():
    return {c: [(k, 1)] for c, k in _lex()["cities"].items()}


def city_stopwords():
    return set()


def regions():
    return set(_lex()["regions"])


@lru_cache(maxsize=1)
def organisations():
    return [Org(name=e["name"], acronyms=e.get("acronyms", []), aliases=e.get("aliases", []))
            for e in _lex()["known_organisations"]]
