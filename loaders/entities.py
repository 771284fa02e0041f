"""Entity resolution: which names denote the same organisation or person.

Deterministic and order-independent: a name's identity depends only on the
name, the scope it was written in (country, parent, source) and the curated
tables (``aliases.yaml``, ``scopes.yaml``), never on which source was loaded
first, so IRIs are stable across builds and machines.

A wrong merge is worse than a missed one, so names resolve only where that
is unambiguous:

- a national body ("Ministry of Justice", "Office of the National Security
  Adviser", a police force, a court; ``scopes.yaml`` says which names are)
  is keyed by its country, so two countries' bodies never share a node; with
  no country known it is keyed by the parent named beside it, else by its
  source;
- a bare acronym the alias table does not know is scoped the same way;
- a curated alias entry with ``country:`` matches only names written in that
  country's scope (or naming that country);
- a researcher's ``different`` judgement between two names that an entry
  would merge keeps the entry from the name that is not its canonical one
  (see :mod:`cthr.loaders.judgements`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from .curated_yaml import LineList, LineMap, read_yaml
from .model import LoadError

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
# A bare acronym: one token, mostly capitals ("IIJ", "CoE", "EUAM").
_ACRONYM = re.compile(r"(?=(?:.*[A-Z]){2})[A-Z][A-Za-z0-9&.\-]{1,11}")


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


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM.fullmatch(name.strip()))


def names_country(name: str, country: str) -> bool:
    """Whether `name` names `country` ("Government of Iraq", "Iraqi Government", "Nigeria Police")."""
    words, target = normalise(name).split(), normalise(country).split()
    if not target:
        return False
    if len(target) == 1:      # the country or a demonym built on it (Iraq/Iraqi, Nigeria/Nigerian)
        return any(w.startswith(target[0]) and len(w) - len(target[0]) <= 3 for w in words)
    return f" {' '.join(target)} " in f" {' '.join(words)} "


_COUNTRY_TAIL = re.compile(r"(?P<body>.+\S)\s+(?:of|in|de|du|des|d[’'])\s*(?:the\s+|la\s+|l[’']\s*)?(?P<c>[^,()]+)", re.I)


def _without_country(name: str, country: str) -> str:
    """A national body's name without the country it is keyed by: "Ministry of
    Interior of Tunisia", "Tunisian Ministry of Interior" and "Tunisia's
    Ministry of Interior" in Tunisia are the "Ministry of Interior" there."""
    from .text.places import places      # (the gazetteer is loaded once, by the first text or name)
    pl = places()
    m = _COUNTRY_TAIL.fullmatch(name.strip())
    if m and len(m.group("body").split()) >= 2 and pl.country(m.group("c")) == country:
        return m.group("body")
    first, _, rest = name.strip().partition(" ")
    first = re.sub(r"[’'´]s$", "", first)
    if len(rest.split()) >= 2 and country in (pl.country(first), pl.demonym(first)):
        return rest
    return name


@dataclass(frozen=True)
class Origin:
    """A line of a curated file that names an entity: its curated origin."""

    file: str                 # as shown to the researcher: "aliases.yaml (bundled)", "myproject/aliases.yaml"
    line: int


@dataclass(frozen=True)
class Canonical:
    """A curated alias-table entry: the identity its names resolve to."""

    key: str                  # the IRI's hash input
    label: str                # canonical name (skos:prefLabel)
    acronym: str | None = None
    sector: str | None = None
    parent: str | None = None
    country: str | None = None      # jurisdiction: the entry's names resolve only in this country
    origin: Origin | None = None
    parent_origin: Origin | None = None


def entry_key(name: str, country: str | None) -> str:
    """The identity key of a name in a country (None: not scoped)."""
    norm = normalise(name)
    return f"{norm}\x1fin\x1f{normalise(country)}" if country else norm


_ENTRY_FIELDS = ("name", "acronym", "aliases", "sector", "parent", "country")


def _text_field(path: str, entry: LineMap, field: str) -> str | None:
    value = entry.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise LoadError(path, entry.line_of(field), f"field '{field}': expected text, got {value!r} (quote it)")
    return value.strip()


class AliasTable:
    """Curated alias entries in layers (bundled, then a project's): an upper layer wins.

    Within one file, one alias may name several entries only if they are for
    different countries (ONSA in Iraq, ONSA in Nigeria).
    """

    def __init__(self, layers: list[tuple[list, str]] | None = None):
        self.entries: dict[str, Canonical] = {}
        rank: dict[str, int] = {}
        names: dict[str, list[str]] = {}
        from .known_entries import ORIGIN as KNOWN
        for level, (raw, origin) in enumerate(layers or []):
            for entry, entry_names in self._parse(raw, origin):
                # A project entry replaces the bundled one; any entry keeps the known names
                # of the gazetteer's entry for the same body.
                base = names.get(entry.key, []) if self.entries.get(entry.key) and \
                    self.entries[entry.key].origin.file == KNOWN else []
                self.entries[entry.key] = entry
                rank[entry.key], names[entry.key] = level, sorted(set(entry_names) | set(base))
        self._index: dict[str, list[tuple[int, Canonical]]] = {}
        for key, entry in self.entries.items():
            for norm in names[key]:
                self._index.setdefault(norm, []).append((rank[key], entry))
        for hits in self._index.values():
            hits.sort(key=lambda h: (-h[0], h[1].key))

    @staticmethod
    def _parse(raw, origin: str):
        if raw is None:
            return []
        if not isinstance(raw, LineList):
            raise LoadError(origin, getattr(raw, "line", 1), "an alias table is a list of entries (- name: ...)")
        out, claimed = [], {}
        for entry in raw:
            if not isinstance(entry, LineMap):
                raise LoadError(origin, raw.line, f"each alias entry must be a mapping, got {entry!r}")
            for field in entry:
                if field not in _ENTRY_FIELDS:
                    raise LoadError(origin, entry.line_of(field),
                                    f"field '{field}': unknown (known: {', '.join(_ENTRY_FIELDS)})")
            name = _text_field(origin, entry, "name")
            if name is None:
                raise LoadError(origin, entry.line, "field 'name': required")
            aliases = entry.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise LoadError(origin, entry.line_of("aliases"), "field 'aliases': expected a list of names")
            fields = {f: _text_field(origin, entry, f) for f in ("acronym", "sector", "parent", "country")}
            canonical = Canonical(
                key=entry_key(name, fields["country"]), label=name, **fields,
                origin=Origin(origin, entry.line),
                parent_origin=Origin(origin, entry.line_of("parent")) if fields["parent"] else None)
            forms = {normalise(n) for n in (name, *aliases, fields["acronym"]) if n}
            for norm in sorted(forms):
                for other in claimed.get(norm, []):
                    if other.key != canonical.key and (other.country is None or canonical.country is None
                                                       or normalise(other.country) == normalise(canonical.country)):
                        raise LoadError(origin, entry.line, f"alias {norm!r} names both {other.label!r} "
                                                            f"(line {other.origin.line}) and {name!r}")
                claimed.setdefault(norm, []).append(canonical)
            out.append((canonical, sorted(forms)))
        return out

    @classmethod
    def load(cls, path: str | Path | None = None, *, bundled: bool = True) -> "AliasTable":
        """The shipped table, with a researcher's own at `path` over it (or alone)."""
        from .known_entries import known_layer
        layers = [known_layer(), bundled_layer("aliases.yaml")] if bundled else []
        if path is not None:
            layers.append((read_yaml(path), str(path)))
        return cls(layers)

    def lookup(self, name: str, country: str | None = None, exclude: frozenset = frozenset()) -> Canonical | None:
        """The entry `name` denotes in `country`'s scope, if any (entries in `exclude` skipped)."""
        hits = [(level, entry) for level, entry in self._index.get(normalise(name), ())
                if entry.key not in exclude]
        ncountry = normalise(country) if country else None

        def fit(entry: Canonical) -> int | None:      # lower is better; None: out of scope
            if entry.country is None:
                return 1
            if ncountry == normalise(entry.country):
                return 0
            return 2 if names_country(name, entry.country) else None

        ranked = [(-level, fit(entry), entry.key, entry) for level, entry in hits if fit(entry) is not None]
        return min(ranked)[3] if ranked else None


def bundled_layer(name: str) -> tuple[object, str]:
    """A bundled table, parsed with lines; its origin names it as bundled."""
    text = (files("cthr.loaders") / name).read_text(encoding="utf-8")
    origin = f"{name} (bundled)"
    return read_yaml(origin, text), origin


class _OrderedRules:
    """Ordered (pattern, value) rules from one or more files: the first match wins."""

    FIELD = "value"
    CHOICES: tuple[str, ...] | None = None

    def __init__(self, layers: list[tuple[object, str]]):
        self.rules: list[tuple[re.Pattern, str]] = []
        for raw, origin in reversed(layers):     # the project's rules are tried first
            if raw is None:
                continue
            if not isinstance(raw, list):
                raise LoadError(origin, getattr(raw, "line", 1), f"expected a list of rules (- {self.FIELD}: ..., pattern: ...)")
            for rule in raw:
                line = getattr(rule, "line", getattr(raw, "line", 1))
                if not isinstance(rule, dict) or not isinstance(rule.get("pattern"), str):
                    raise LoadError(origin, line, f"a rule needs text fields '{self.FIELD}' and 'pattern'")
                value = self.value(rule, origin, line)
                try:
                    self.rules.append((re.compile(rule["pattern"], re.IGNORECASE), value))
                except re.error as exc:
                    raise LoadError(origin, line, f"field 'pattern': not a regular expression: {exc}") from None

    def value(self, rule: dict, origin: str, line: int) -> str:
        """What a rule decides (its FIELD), checked against CHOICES."""
        value = rule.get(self.FIELD)
        if not isinstance(value, str):
            raise LoadError(origin, line, f"a rule needs text fields '{self.FIELD}' and 'pattern'")
        if self.CHOICES and value not in self.CHOICES:
            raise LoadError(origin, line, f"field '{self.FIELD}': {value!r} is not one of {', '.join(self.CHOICES)}")
        return value

    @classmethod
    def load(cls, path: str | Path | None = None, *, bundled: bool = True, name: str = ""):
        layers = [bundled_layer(name)] if bundled else []
        if path is not None:
            layers.append((read_yaml(path), str(path)))
        return cls(layers)

    def first(self, name: str) -> str | None:
        for pattern, value in self.rules:
            if pattern.search(name):
                return value
        return None


class SectorRules(_OrderedRules):
    """Name patterns from ``sectors.yaml`` for organisations the alias table does not classify."""

    FIELD = "sector"

    @classmethod
    def load(cls, path=None, *, bundled: bool = True, name: str = "sectors.yaml") -> "SectorRules":
        return super().load(path, bundled=bundled, name=name)

    def classify(self, name: str, canonical: Canonical | None = None, kind: str | None = None) -> str:
        """The curated sector if any, else the first matching rule, else what the
        gazetteer's kind of the body says (the extractor's `kind`, or the known
        organisation of that name: "Saferworld" is civil society), else "other"."""
        if canonical is not None and canonical.sector:
            return canonical.sector
        return self.first(name) or KIND_SECTORS.get(kind or known_kinds().get(name.casefold())) or "other"


@lru_cache(maxsize=1)
def _parent_acronyms() -> dict[str, str]:
    """Normalised full name (or alias) of a known organisation -> its first
    unambiguous acronym, normalised; longest names first."""
    from .gazetteers import organisations

    out: dict[str, str] = {}
    for o in organisations():
        safe = o.safe_acronyms
        if safe:
            for form in (o.name, *o.aliases):
                out.setdefault(normalise(form), normalise(safe[0]))
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def with_parent_acronym(norm: str) -> str:
    """A unit's key with its known parent written as the acronym: "united nations development
    programme regional office for x" and "undp regional office for x" are one body."""
    for full, acr in _parent_acronyms().items():
        if norm.startswith(full + " ") and len(norm) > len(full) + 1:
            return f"{acr} {norm[len(full) + 1:]}"
    return norm


def under_parent(norm: str, parent_key: str | None) -> str:
    """A unit's key with its parent's short form in front: "MINUSMA's Human Rights
    Office", "the Human Rights Office of MINUSMA" and "MINUSMA Human Rights
    Office" are one body, and UNAMI's Human Rights Office another; a parent
    that is a country's body keeps its country."""
    acronyms = _parent_acronyms()
    head, sep, tail = (parent_key or "").partition("\x1f")
    if not head:
        # No parent named beside it: "X of <known body>" is that body's X.
        for full, acr in acronyms.items():
            for form in (full, acr):
                if norm.endswith(" of " + form) and len(norm) > len(form) + 4:
                    return f"{acr} {norm[:-(len(form) + 4)]}"
        return norm
    short = acronyms.get(head, head)
    if head in acronyms or head in set(acronyms.values()):
        sep = tail = ""                  # a known international body is one wherever it is written
    for form in sorted({head, short}, key=len, reverse=True):
        if norm == form:
            return norm
        if norm.startswith(form + " "):
            norm = norm[len(form) + 1:]
            break
        if norm.endswith(" of " + form):
            norm = norm[:-(len(form) + 4)]
            break
    return f"{short} {norm}" + (sep + tail if sep else "")


# The gazetteer's kinds of known organisations (loaders/gazetteers/organisations.yaml) as sectors.
KIND_SECTORS = {"un": "un", "eu": "eu", "regional": "intergovernmental", "intergovernmental": "intergovernmental",
                "ct-body": "intergovernmental", "donor-agency": "donor-state", "state-body": "government",
                "ngo": "civil-society", "donor-foundation": "civil-society", "academia": "academia",
                "judiciary": "judiciary"}


@lru_cache(maxsize=1)
def known_kinds() -> dict[str, str]:
    """Case-folded name or alias of a known organisation -> its kind (acronyms are too ambiguous)."""
    from .gazetteers import organisations

    out: dict[str, str] = {}
    for o in organisations():
        for form in (o.name, *o.aliases):
            out.setdefault(form.casefold(), o.kind)
    return out


class ScopeRules(_OrderedRules):
    """Name patterns from ``scopes.yaml``: which organisations are national bodies, and whose.

    A rule gives ``scope: national`` or ``international``, or ``country: X``
    for a name that says its country in a way the name alone shows ("US
    Department of State"): such a body is national, and X's.
    """

    FIELD = "scope"
    CHOICES = ("national", "international")

    def value(self, rule: dict, origin: str, line: int) -> str:
        if "country" in rule:          # a national body, and whose
            if not isinstance(rule["country"], str) or "scope" in rule:
                raise LoadError(origin, line, "a rule gives 'scope' or 'country' (text), not both")
            return f"country:{rule['country']}"
        return super().value(rule, origin, line)

    @classmethod
    def load(cls, path=None, *, bundled: bool = True, name: str = "scopes.yaml") -> "ScopeRules":
        return super().load(path, bundled=bundled, name=name)

    def national(self, name: str) -> bool:
        found = self.first(name)
        return found is not None and found != "international"

    def country(self, name: str) -> str | None:
        """The country a name itself names by rule ("US ...", "U.K. ..."), if any."""
        found = self.first(name)
        return found[len("country:"):] if found and found.startswith("country:") else None


@dataclass(frozen=True)
class Scope:
    """Where a name was written: what makes a short or national name unambiguous."""

    country: str | None = None     # the body's own country, or its event's/source's
    parent: str | None = None      # identity key of the parent named beside it
    source: str | None = None      # the source key, the last resort
    assumed: bool = False          # country taken from the events or source, not stated for the body


@dataclass(frozen=True)
class Resolved:
    """A name's identity: the key of its node, and what it would be without the alias table."""

    key: str
    own_key: str
    entry: Canonical | None = None
    country: str | None = None     # jurisdiction, when the identity is a country's body


class Resolver:
    """Maps organisation and person names (in a scope) to identity keys."""

    def __init__(self, aliases: AliasTable | None = None, scopes: ScopeRules | None = None,
                 splits: dict[tuple[str, str | None], frozenset[str]] | None = None):
        self.aliases = aliases if aliases is not None else default_aliases()
        self.scopes = scopes if scopes is not None else default_scopes()
        # (normalised name, normalised country or None) -> entry keys a
        # `different` judgement keeps that name away from.
        self.splits = splits or {}

    def scoped(self, name: str) -> bool:
        """Whether the name alone is ambiguous across countries (national body, bare acronym)."""
        return self.scopes.national(name) or is_acronym(name)

    def own_key(self, name: str, scope: Scope, *, strip: bool = True) -> tuple[str, str | None]:
        """The key (and jurisdiction) of a name by itself, without the alias table;
        with ``strip``, a national body's name is keyed without its own country."""
        norm = normalise(name)
        if not self.scoped(name):
            if not strip:
                return norm, None
            return under_parent(with_parent_acronym(norm), scope.parent), None
        national = self.scopes.national(name)
        if scope.country:
            keyed = _without_country(name, scope.country) if national and strip else name
            return entry_key(keyed, scope.country), scope.country if national else None
        if scope.parent:
            return f"{norm}\x1fof\x1f{scope.parent}", None
        return f"{norm}\x1fsource\x1f{scope.source or ''}", None

    def organisation(self, name: str, acronym: str | None = None, scope: Scope = Scope()) -> Resolved:
        """Resolve a name (and the acronym the source gives it) to one identity.

        The full name wins over the acronym, because acronyms collide across
        contexts ("NSA"); an acronym alone resolves only through the table.
        """
        named = self.scopes.country(name)
        if named and (scope.assumed or not scope.country):
            # "US Department of State" at a workshop in Iraq is the United States' body.
            scope = Scope(named, scope.parent, scope.source)
        norm = normalise(name)
        ncountry = normalise(scope.country) if scope.country else None
        exclude = self.splits.get((norm, ncountry), frozenset()) | self.splits.get((norm, None), frozenset())
        key, jurisdiction = self.own_key(name, scope)
        # The name's key as written, country and all: the IRI it had before names
        # were keyed without their country, kept as a redirect (owl:sameAs).
        written, _ = self.own_key(name, scope, strip=False)
        found = self.aliases.lookup(name, scope.country, exclude)
        if found is None and acronym:
            found = self.aliases.lookup(acronym, scope.country, exclude)
        if found is not None and scope.parent and not self._under(found, scope.parent):
            found = None              # "the X Bar's Human Rights Committee" is not the UN's
        if found is not None:
            return Resolved(found.key, written, found, found.country)
        return Resolved(key, written, None, jurisdiction)

    def _under(self, entry: Canonical, parent_key: str) -> bool:
        """Is the entry the body written as a unit of ``parent_key``: that body itself, or
        one of its units (the parent is among the entry's curated ancestors)?"""
        seen: set[str] = set()
        while entry is not None and entry.key not in seen:
            if entry.key == parent_key:
                return True
            seen.add(entry.key)
            if not entry.parent:
                return False
            up = self.aliases.lookup(entry.parent, entry.country, frozenset())
            if up is None:
                return normalise(entry.parent) == parent_key
            entry = up
        return False

    @staticmethod
    def person_key(name: str) -> str:
        return normalise(name)


@lru_cache(maxsize=1)
def default_aliases() -> AliasTable:
    return AliasTable.load()


@lru_cache(maxsize=1)
def default_sectors() -> SectorRules:
    return SectorRules.load()


@lru_cache(maxsize=1)
def default_scopes() -> ScopeRules:
    return ScopeRules.load()
