"""The extractor's vocabulary, read once from ``patterns/*.yaml``.

Word lists and role cues are data (reviewable, commented files); this module
only turns them into the sets, maps and compiled patterns the stages use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from ..model import PARTICIPATION_ROLES

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REACHES = ("after", "next", "before", "adjacent", "subject", "list")


def _read(name: str):
    data = yaml.load((files("cthr.loaders.text") / "patterns" / name).read_text("utf-8"), Loader=_LOADER)
    for key, value in (data.items() if isinstance(data, dict) else ()):
        items = value if isinstance(value, list) else list(value) if isinstance(value, dict) else []
        for item in items:
            # YAML reads a bare on/no/yes as a boolean: such words must be quoted.
            if not isinstance(item, (str, list)):
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


class Words:
    """Every word list of ``words.yaml`` as a set or map (lower case unless noted)."""

    def __init__(self, raw: dict):
        low = lambda key: frozenset(str(w).lower() for w in raw[key])   # noqa: E731
        self.org_heads = low("org_heads")
        self.romance_heads = low("romance_heads")
        self.located_heads = low("located_heads")
        self.subunit_heads = low("subunit_heads")
        self.generic_plurals = low("generic_plurals")
        self.plural_heads = {k.lower(): v for k, v in raw["plural_heads"].items()}
        self.connectors = low("connectors")
        self.french_name_stops = low("french_name_stops")
        self.stop_caps = frozenset(raw["stop_caps"])                    # case-sensitive
        self.title_nouns = low("title_nouns")
        self.modifier_nouns = low("modifier_nouns")
        self.document_nouns = low("document_nouns")
        self.role_heads = low("role_heads")
        self.role_modifiers = low("role_modifiers")
        self.honorifics = sorted(raw["honorifics"], key=len, reverse=True)
        self.name_particles = low("name_particles")
        self.not_name_words = low("not_name_words")
        self.event_types = [tuple(pair) for pair in raw["event_types"]]
        self.people_nouns = sorted({w.lower() for w in raw["people_nouns"]}, key=len, reverse=True)
        self.number_words = {k.lower(): int(v) for k, v in raw["number_words"].items()}
        self.count_qualifiers = {k.lower(): v for k, v in raw["count_qualifiers"].items()}
        self.duration_words = {k.lower(): int(v) for k, v in raw["duration_words"].items()}
        self.resource_heads = low("resource_heads")
        self.generic_resource_words = low("generic_resource_words")
        self.weak_resource_heads = low("weak_resource_heads")
        self.project_nouns = low("project_nouns")
        self.non_org_acronyms = frozenset(raw["non_org_acronyms"])      # case-sensitive


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
               host_verbs=re.compile(host, re.I) if host else None)


@lru_cache(maxsize=1)
def words() -> Words:
    return Words(_read("words.yaml"))


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """The role cues, in application order."""
    return tuple(sorted((_cue(e) for e in _read("cues.yaml")), key=lambda c: c.order))
