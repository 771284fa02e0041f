"""The loaders' common output: plain facts with evidence, before they become RDF.

Both loaders (press-release text and curated records) produce an
:class:`Extraction`; :mod:`cthr.graph.mapping` turns it into triples. Keeping
this layer free of RDF lets the extractor be tested against gold annotations
directly and keeps IRI minting and alias resolution in one place.

Names are kept as written (minus honorifics for persons); resolution to one
entity happens later, so the surface form survives as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .errors import LoadError  # noqa: F401  (re-exported: it was defined here)

# Participation roles (the SKOS scheme cthr:participationRoles in the ontology).
PARTICIPATION_ROLES = (
    "organiser", "host", "funder", "partner", "participant",
    "speaker", "chair", "opener", "publisher", "other",
)


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: a character span of a text, or a record's line.

    For text sources ``start``/``end`` are offsets into ``Source.text`` and
    ``exact`` is ``text[start:end]``. For records, ``line`` is the 1-based
    line (CSV row, YAML/JSON line) and ``field`` the column when known.
    """

    start: int | None = None
    end: int | None = None
    exact: str | None = None
    line: int | None = None
    field: str | None = None
    # How the fact was obtained: the extractor's rule name ("org.acronym-definition",
    # "role.cue:hosted-by"), "record" for curated files, "review" for a
    # researcher's correction. Provenance keeps it so SPARQL can tell them apart.
    method: str | None = None


@dataclass
class Source:
    """A source document or record file; its ``key`` names its named graph."""

    key: str                       # stable slug, e.g. "ctphare-baghdad-2024-12"
    path: str                      # file name as given (not resolved to an absolute path)
    kind: str                      # "text" or "records"
    text: str = ""                 # full text for text sources (offsets index into it)
    sha256: str = ""
    url: str | None = None
    title: str | None = None
    publication_date: date | None = None
    language: str = "en"
    publisher: str | None = None
    curator: str | None = None     # who compiled a curated record file
    derived_from: list[str] = field(default_factory=list)  # URLs a curated file was compiled from


@dataclass
class Event:
    key: str                       # local key, unique within the extraction
    title: str
    start: date | None = None
    end: date | None = None
    place: str | None = None       # city or venue town, e.g. "Baghdad"
    country: str | None = None     # e.g. "Iraq"
    participants_count: int | None = None
    count_qualifier: str | None = None   # "exact", "approximate", "at least"
    event_type: str | None = None  # "workshop", "training", "capacity-building activity", ...
    date_text: str | None = None   # the source's own wording of the dates
    project: str | None = None     # name of the Project it was delivered under
    evidence: Evidence | None = None


@dataclass
class Organisation:
    name: str                      # longest form written in the source
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None      # name of the organisation it is part of
    kind: str | None = None        # optional hint: "government", "state", "un", ...
    # Country whose body this is, when the text says so ("Nigeria Police",
    # "Ministry of Justice of Mali", "the Iraqi ONSA"); resolution never merges
    # national bodies of two different countries.
    country: str | None = None
    evidence: Evidence | None = None


@dataclass
class Person:
    name: str                      # without honorifics
    honorific: str | None = None   # "H.E. Mr.", "Judge", "Major General"
    job_title: str | None = None   # free text as written: "President of the NCIJC"
    role: str | None = None        # the post's role: "President", "Ambassador"
    organisation: str | None = None  # name of the organisation of the post
    evidence: Evidence | None = None


@dataclass
class Participation:
    """An agent's part in an event. ``agent`` is an organisation or person name."""

    event: str                     # Event.key
    agent: str
    agent_kind: str = "organisation"   # or "person"
    roles: set[str] = field(default_factory=set)
    on_behalf_of: str | None = None    # organisation a person represented
    evidence: Evidence | None = None


@dataclass
class Resource:
    title: str
    publisher: str | None = None
    used_at: list[str] = field(default_factory=list)      # Event keys
    presented_by: str | None = None                       # person name
    evidence: Evidence | None = None


@dataclass
class Project:
    name: str
    organiser: str | None = None   # organisation name running it
    evidence: Evidence | None = None


@dataclass
class Funding:
    funder: str                    # organisation/state name
    project: str | None = None     # Project.name funded, or
    event: str | None = None       # Event.key funded directly
    amount: float | None = None
    currency: str | None = None
    evidence: Evidence | None = None


@dataclass
class Extraction:
    source: Source
    events: list[Event] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    # Events declared in another file (a CSV's sibling NAME.events.csv) that
    # facts here refer to: used only to mint their IRIs, not restated.
    external_events: list[Event] = field(default_factory=list)
