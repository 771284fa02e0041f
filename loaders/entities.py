"""Entity resolution: which names denote the same organisation or person.

Deterministic and order-independent: a name's identity depends only on the
name itself and the curated alias table (``aliases.yaml``), never on which
source was loaded first, so IRIs are stable across builds and machines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

# Spelling variants folded before comparison (British/American, UN/EU short forms).
_WORD_FOLDS = {
    "centre": "center",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
    "counterterrorism": "counter terrorism",
    "un": "united nations",
    "eu": "european union",
    "&": "and",
    "labor": "labour",
    "defence": "defense",
}
_DROP_WORDS = {"the"}
_PUNCT = re.compile(r"[^\w&]+", re.UNICODE)


def normalise(name: str) -> str:
    """A comparison key: case, accents, punctuation, spelling variants folded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("’", "'").replace("'s ", " ")
    words = []
    for word in _PUNCT.sub(" ", text.replace("&", " & ")).split():
        word = _WORD_FOLDS.get(word, word)
        if word not in _DROP_WORDS:
            words.append(word)
    return " ".join(words)


@dataclass(frozen=True)
class Canonical:
    """The resolved identity of an organisation."""

    key: str                  # normalised canonical name: the IRI's hash input
    label: str | None         # curated canonical name, if the alias table has one
    acronym: str | None = None
    sector: str | None = None
    parent: str | None = None


class AliasTable:
    """The curated alias table, indexed by normalised name and acronym."""

    def __init__(self, entries: list[dict], origin: str = "aliases.yaml"):
        self.entries: dict[str, Canonical] = {}
        self._index: dict[str, Canonical] = {}
        for entry in entries:
            canonical = Canonical(
                key=normalise(entry["name"]),
                label=entry["name"],
                acronym=entry.get("acronym"),
                sector=entry.get("sector"),
                parent=entry.get("parent"),
            )
            self.entries[canonical.key] = canonical
            names = [entry["name"], *(entry.get("aliases") or [])]
            if canonical.acronym:
                names.append(canonical.acronym)
            for name in names:
                key = normalise(name)
                other = self._index.get(key)
                if other is not None and other.key != canonical.key:
                    raise ValueError(f"{origin}: alias {name!r} names both {other.label!r} and {entry['name']!r}")
                self._index[key] = canonical

    @classmethod
    def load(cls, path: str | Path | None = None) -> "AliasTable":
        """Load the shipped table, or a researcher's own at `path`."""
        if path is None:
            text = (files("cthr.loaders") / "aliases.yaml").read_text(encoding="utf-8")
            origin = "aliases.yaml"
        else:
            text = Path(path).read_text(encoding="utf-8")
            origin = str(path)
        return cls(yaml.safe_load(text) or [], origin)

    def lookup(self, name: str) -> Canonical | None:
        return self._index.get(normalise(name))


class Resolver:
    """Maps organisation and person names to canonical keys."""

    def __init__(self, aliases: AliasTable | None = None):
        self.aliases = aliases or default_aliases()

    def organisation(self, name: str, acronym: str | None = None) -> Canonical:
        """Resolve a name (and the acronym the source gives it) to one identity.

        The full name wins over the acronym, because acronyms collide across
        contexts ("NSA"); an acronym alone resolves only through the table.
        """
        found = self.aliases.lookup(name)
        if found is None and acronym:
            found = self.aliases.lookup(acronym)
        if found is not None:
            return found
        return Canonical(key=normalise(name), label=None, acronym=acronym)

    @staticmethod
    def person_key(name: str) -> str:
        return normalise(name)


@lru_cache(maxsize=1)
def default_aliases() -> AliasTable:
    return AliasTable.load()


class SectorRules:
    """Ordered name patterns from ``sectors.yaml`` for organisations the alias table does not classify."""

    def __init__(self, rules: list[dict]):
        self.rules = [(re.compile(r["pattern"], re.IGNORECASE), r["sector"]) for r in rules]

    @classmethod
    def load(cls, path: str | Path | None = None) -> "SectorRules":
        source = Path(path) if path else files("cthr.loaders") / "sectors.yaml"
        return cls(yaml.safe_load(source.read_text(encoding="utf-8")) or [])

    def classify(self, name: str, canonical: Canonical | None = None) -> str:
        """The curated sector if any, else the first matching rule, else "other"."""
        if canonical is not None and canonical.sector:
            return canonical.sector
        for pattern, sector in self.rules:
            if pattern.search(name):
                return sector
        return "other"


@lru_cache(maxsize=1)
def default_sectors() -> SectorRules:
    return SectorRules.load()
