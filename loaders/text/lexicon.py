"""The extractor's vocabulary, read once from ``patterns/*.yaml``.

Word lists and role cues are data (reviewable, commented files); this module
only turns them into the sets, maps and compiled patterns the stages use.

A researcher's project may add to them (:class:`Overlay`: extra words, cues
and known organisations in files of their own folder); an overlay is active
inside ``with active(overlay):``, which is how a build extracts its texts.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

from ..model import PARTICIPATION_ROLES, LoadError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REACHES = ("after", "next", "before", "adjacent", "subject", "list")


def _read(name: str):
    return _check_words(name, yaml.load((files("cthr.loaders.text") / "patterns" / name).read_text("utf-8"),
                                        Loader=_LOADER))


def _check_words(name: str, data):
    for key, value in (data.items() if isinstance(data, dict) else ()):
        items = value if isinstance(value, list) else list(value) if isinstance(value, dict) else []
        for item in items:
            # YAML reads a bare on/no/yes as a boolean: such words must be quoted.
            if not isinstance(item, (str, list, dict)):
                raise ValueError(f"{name}: list {key!r} has {item!r}, not a word (quote it)")
    return data


@dataclass(frozen=True)
class Cue:
    """One role cue of ``cues.yaml``."""

    name: str
    role: str
    reach: str
    pattern: re.Pattern
    order: int = 5
    limit: int | None = None
    states: bool = False
    state_role: str | None = None
    also: tuple[str, ...] = ()
    host_verbs: re.Pattern | None = None
    all_subjects: bool = False      # "A and our partner B collaborated": every subject, even one with a role
    list_before: bool = False       # subjects only in the list right before the verb ("... and Canada provided")


class Words:
    """Every word list of ``words.yaml`` as a set or map (lower case unless noted)."""

    def __init__(self, raw: dict):
        low = lambda key: frozenset(str(w).lower() for w in raw[key])   # noqa: E731
        self.org_heads = low("org_heads")
        self.romance_heads = low("romance_heads")
        self.event_heads = low("event_heads")
        self.school_seasons = low("school_seasons")
        self.owned_heads = low("owned_heads")
        self.generic_page_titles = low("generic_page_titles")
        self.donor_unions = frozenset(raw["donor_unions"])                # case-sensitive, gazetteer names
        self.event_markers = low("event_markers")
        self.located_heads = low("located_heads")
        self.lower_heads = low("lower_heads")
        self.subunit_heads = low("subunit_heads")
        self.post_units = low("post_units")
        self.unit_heads = low("unit_heads")
        self.french_title_topics = low("french_title_topics")
        self.french_lower_heads = low("french_lower_heads")
        self.generic_plurals = low("generic_plurals")
        self.plural_heads = {k.lower(): v for k, v in raw["plural_heads"].items()}
        self.connectors = low("connectors")
        self.french_name_stops = low("french_name_stops")
        self.name_infinitives = low("name_infinitives")
        self.french_en_phrases = low("french_en_phrases") | low("en_determiners")
        self.stop_caps = frozenset(raw["stop_caps"])                    # case-sensitive
        # A capitalised Romance article is a name particle in a person's name ("Amina El Fassi").
        self.person_stop_caps = self.stop_caps - {"El"}
        self.place_suffixes = frozenset(raw["place_suffixes"])          # case-sensitive
        self.title_caps = frozenset(raw["title_caps"])                  # case-sensitive
        self.title_nouns = low("title_nouns")
        self.modifier_nouns = low("modifier_nouns")
        self.capitalised_modifier_nouns = low("capitalised_modifier_nouns")
        self.heads_that_modify = low("heads_that_modify")
        self.document_nouns = low("document_nouns")
        self.role_heads = _Compounds(low("role_heads"))
        self.role_modifiers = low("role_modifiers")
        self.honorifics = sorted(raw["honorifics"], key=len, reverse=True)
        # "Atty.", "Sra.", "Excmo. Sr.": a full stop after these words ends no sentence.
        self.abbreviations = frozenset(part.rstrip(".").lower() for h in self.honorifics
                                       for part in h.split() if part.endswith("."))
        self.name_particles = low("name_particles")
        self.post_nominals = frozenset(raw["post_nominals"])            # case-sensitive
        self.not_name_words = low("not_name_words")
        self.event_types = [tuple(pair) for pair in raw["event_types"]]
        self.cause_people = low("cause_people")
        self.at_units = low("at_units")
        self.venue_names = low("venue_names")
        self.at_hosts = low("at_hosts")
        self.cause_prepositions = low("cause_prepositions")
        self.people_nouns = sorted({w.lower() for w in raw["people_nouns"]}, key=len, reverse=True)
        self.number_words = {k.lower(): int(v) for k, v in raw["number_words"].items()}
        self.collective_numbers = {k.lower(): int(v) for k, v in raw["collective_numbers"].items()}
        self.count_qualifiers = {k.lower(): v for k, v in raw["count_qualifiers"].items()}
        self.duration_words = {k.lower(): int(v) for k, v in raw["duration_words"].items()}
        self.resource_heads = low("resource_heads")
        self.generic_resource_words = low("generic_resource_words")
        self.weak_resource_heads = low("weak_resource_heads")
        self.title_connectives = sorted(low("title_connectives"), key=len, reverse=True)
        self.project_nouns = low("project_nouns")
        self.non_org_acronyms = frozenset(raw["non_org_acronyms"])      # case-sensitive


class _Compounds(frozenset):
    """Words and their hyphenated compounds: "minister-counsellor", "co-chair"
    are posts because "counsellor", "chair" are."""

    def __contains__(self, word) -> bool:
        return frozenset.__contains__(self, word) or (
            isinstance(word, str) and "-" in word and frozenset.__contains__(self, word.rsplit("-", 1)[1]))


def _cue(entry: dict) -> Cue:
    for key in ("name", "role", "reach", "pattern"):
        if key not in entry:
            raise ValueError(f"cues.yaml: cue {entry.get('name', '?')!r} has no {key!r}")
    role = entry["role"]
    if role not in PARTICIPATION_ROLES:
        raise ValueError(f"cues.yaml: cue {entry['name']!r}: unknown role {role!r}")
    if entry["reach"] not in REACHES:
        raise ValueError(f"cues.yaml: cue {entry['name']!r}: unknown reach {entry['reach']!r}")
    host = entry.get("host_verbs")
    return Cue(name=entry["name"], role=role, reach=entry["reach"],
               pattern=re.compile(entry["pattern"], re.I),
               order=int(entry.get("order", 5)), limit=entry.get("limit"),
               states=bool(entry.get("states", False)), state_role=entry.get("state_role"),
               also=tuple(entry.get("also", ())), all_subjects=bool(entry.get("all_subjects", False)),
               list_before=bool(entry.get("list_before", False)),
               host_verbs=re.compile(host, re.I) if host else None)


@lru_cache(maxsize=1)
def _bundled_words() -> Words:
    return Words(_read("words.yaml"))


@lru_cache(maxsize=1)
def _bundled_cues() -> tuple[Cue, ...]:
    return tuple(sorted((_cue(e) for e in _read("cues.yaml")), key=lambda c: c.order))


def words() -> Words:
    """The word lists in effect (the bundled ones, with the active overlay's)."""
    ov = _ACTIVE.get()
    return ov.words() if ov is not None else _bundled_words()


def cues() -> tuple[Cue, ...]:
    """The role cues in effect, in application order."""
    ov = _ACTIVE.get()
    return ov.cues() if ov is not None else _bundled_cues()


# -- a researcher's additions ----------------------------------------------------

_ACTIVE: ContextVar["Overlay | None"] = ContextVar("cthr_extractor_overlay", default=None)


def current_overlay() -> "Overlay | None":
    return _ACTIVE.get()


@contextmanager
def active(overlay: "Overlay | None"):
    """Extract with ``overlay``'s words, cues and organisations added."""
    token = _ACTIVE.set(overlay)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


class Overlay:
    """Additions to the bundled vocabulary from a researcher's files.

    ``words``: a YAML mapping with any keys of ``patterns/words.yaml``; lists
    are added to the bundled lists, mappings merged, and a ``remove:`` mapping
    takes words out. ``events``: the same for the lists of
    ``patterns/events.yaml`` (session nouns, sequence markers ...). ``cues``: a YAML list of cues; one with a bundled cue's
    name replaces it. ``organisations``: a YAML list of known bodies in the
    form of ``gazetteers/organisations.yaml``. Plain data, so it pickles to
    build workers; what it compiles is cached per process.
    """

    def __init__(self, words: dict | None = None, cues: list | None = None,
                 organisations: list | None = None, digest: str = "", events: dict | None = None):
        self.words_data = words or {}
        self.events_data = events or {}
        self.cues_data = cues or []
        self.organisations = organisations or []
        self.digest = digest
        self._cache: dict = {}

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_cache"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._cache = {}

    @classmethod
    def load(cls, words: Path | None = None, cues: Path | None = None,
             organisations: Path | None = None, events: Path | None = None) -> "Overlay | None":
        """Read and check the files given (None when none is)."""
        if not (words or cues or organisations or events):
            return None
        import hashlib
        digest = hashlib.sha256(b"".join(p.read_bytes() if p else b"-" for p in (words, cues, organisations, events)))
        w = _load_yaml(words, dict) if words else {}
        c = _load_yaml(cues, list) if cues else []
        o = _load_yaml(organisations, list) if organisations else []
        ev = _load_yaml(events, dict) if events else {}
        for path, data, bundled in ((words, w, "words.yaml"), (events, ev, "events.yaml")):
            known = set(_read(bundled))
            for key in data:
                if key not in known and key != "remove":
                    raise LoadError(str(path), _line_of(path, key), f"unknown word list {key!r}")
            try:
                _check_words(str(path), data)
            except ValueError as exc:
                raise LoadError(str(path), None, str(exc).split(": ", 1)[-1]) from None
        for key, value in ev.items():
            if key != "remove" and not isinstance(value, list):
                raise LoadError(str(events), _line_of(events, key), f"{key!r} must be a list of words")
        overlay = cls(w, c, o, digest.hexdigest(), ev)
        try:
            overlay.words()
        except (KeyError, TypeError, AttributeError) as exc:
            raise LoadError(str(words), None, f"not a word-list mapping: {exc}") from None
        for entry in c:
            try:
                _cue(entry if isinstance(entry, dict) else {})
            except (ValueError, re.error) as exc:
                name = entry.get("name") if isinstance(entry, dict) else None
                raise LoadError(str(cues), _line_of(cues, name) if name else None,
                                str(exc).replace("cues.yaml: ", "")) from None
        for entry in o:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise LoadError(str(organisations), None, f"each entry needs a 'name': {entry!r}")
        return overlay

    def words(self) -> Words:
        if "words" not in self._cache:
            raw = {k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
                   for k, v in _read("words.yaml").items()}
            for key, value in self.words_data.items():
                if key == "remove":
                    continue
                if isinstance(raw.get(key), list):
                    raw[key] = list(value) + raw[key]       # first: event types are tried in order
                elif isinstance(raw.get(key), dict):
                    raw[key].update(value)
            for key, gone in (self.words_data.get("remove") or {}).items():
                drop = {str(x).lower() for x in gone}
                if isinstance(raw.get(key), list):
                    raw[key] = [x for x in raw[key] if str(x).lower() not in drop]
            self._cache["words"] = Words(raw)
        return self._cache["words"]

    def event_words(self) -> dict:
        """The lists of ``patterns/events.yaml`` with this overlay's added (first) or removed."""
        if "events" not in self._cache:
            raw = {k: list(v) for k, v in _read("events.yaml").items()}
            for key, value in self.events_data.items():
                if key != "remove":
                    raw[key] = [str(x) for x in value] + raw[key]
            for key, gone in (self.events_data.get("remove") or {}).items():
                drop = {str(x).lower() for x in gone}
                raw[key] = [x for x in raw.get(key, []) if str(x).lower() not in drop]
            self._cache["events"] = raw
        return self._cache["events"]

    def cues(self) -> tuple[Cue, ...]:
        if "cues" not in self._cache:
            mine = [_cue(e) for e in self.cues_data]
            names = {c.name for c in mine}
            merged = [c for c in _bundled_cues() if c.name not in names] + mine
            self._cache["cues"] = tuple(sorted(merged, key=lambda c: c.order))
        return self._cache["cues"]


def _load_yaml(path: Path, kind: type):
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LoadError(str(path), mark.line + 1 if mark else None, f"malformed YAML: {getattr(exc, 'problem', exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(str(path), None, f"cannot read: {exc}") from None
    if data is None:
        return kind()
    if not isinstance(data, kind):
        raise LoadError(str(path), 1, f"expected a YAML {'mapping' if kind is dict else 'list'}")
    return data


def _line_of(path: Path, key: str) -> int | None:
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if re.match(rf"\s*(?:-\s*)?(?:name:\s*)?{re.escape(str(key))}\s*:?", line.strip()):
            return n
    return None
