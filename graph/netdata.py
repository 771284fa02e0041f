"""Network data: the stored network queries run over a store and filtered into events, organisations and attendance.

Part of :mod:`cthr.graph.network` (which re-exports every name here).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files

from .store import GraphStore
from .vocab import CONCEPT

ROLE_NS = CONCEPT + "role/"
ETYPE_NS = CONCEPT + "event-type/"
ALL_ROLES = ("organiser", "host", "partner", "participant", "speaker", "chair", "opener",
             "funder", "publisher", "other")
# Funding, publishing a resource used there, or an unqualified mention is not
# attending (issue 5); everything else is.
ATTENDING_ROLES = frozenset(ALL_ROLES) - {"funder", "publisher", "other"}
EVENT_TYPES = ("workshop", "training", "capacity-building", "seminar", "conference", "meeting", "event")
WEIGHTINGS = ("count", "newman")

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


class NetworkError(ValueError):
    """A filter or input the network cannot be built from (one clear line)."""


@cache
def query_text(name: str) -> str:
    """The text of a stored network query (graph/network-queries/NAME.rq)."""
    return (files("cthr.graph") / "network-queries" / f"{name}.rq").read_text(encoding="utf-8")


def _v(term) -> str | None:
    return None if term is None else term.value


# --------------------------------------------------------------------- data

@dataclass(frozen=True)
class Event:
    iri: str
    title: str
    start: date | None = None
    end: date | None = None
    event_type: str | None = None      # concept name: "workshop", ...
    place: str | None = None
    country: str | None = None
    participants: int | None = None    # stated count, not the network's

    @property
    def last_day(self) -> date | None:
        return self.end or self.start


@dataclass(frozen=True)
class Organisation:
    iri: str
    label: str                         # display name
    short: str                         # acronym when there is one, else the display name
    sector: str                        # concept name: "un", "security", ...
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attendance:
    event: str
    org: str
    role: str
    person: str | None = None          # set when the organisation took part through a person


@dataclass
class NetworkFilter:
    """Which events and roles make up the network. Empty fields do not filter.

    Dates keep events that overlap [start, end] (undated events are dropped
    when a date is given). ``place`` matches the place or its country by name
    (case-insensitive) or IRI; ``funder`` an organisation that funded the
    event, by any of its names or IRI; ``event_types`` concept names.
    """

    start: date | None = None
    end: date | None = None
    place: str | None = None
    funder: str | None = None
    event_types: frozenset[str] = frozenset()
    roles: frozenset[str] = ATTENDING_ROLES

    def describe(self) -> list[str]:
        out = []
        if self.start or self.end:
            out.append(f"dates {self.start or '…'} to {self.end or '…'}")
        if self.place:
            out.append(f"place {self.place}")
        if self.funder:
            out.append(f"funder {self.funder}")
        if self.event_types:
            out.append("event type " + ", ".join(sorted(self.event_types)))
        if set(self.roles) != set(ATTENDING_ROLES):
            out.append("roles " + ", ".join(sorted(self.roles)))
        return out


@dataclass
class NetworkData:
    """What the queries returned, after filtering."""

    events: dict[str, Event]
    organisations: dict[str, Organisation]      # every organisation of the graph
    attendance: list[Attendance]                 # of the kept events, in the kept roles
    funders: dict[str, set[str]]                 # event -> funder organisations (kept events)
    filters: NetworkFilter = field(default_factory=NetworkFilter)
    dropped: dict[str, int] = field(default_factory=dict)   # why events were left out

    def attendees(self) -> dict[str, list[str]]:
        """Event -> sorted organisations that attended it (each once)."""
        by_event: dict[str, set[str]] = defaultdict(set)
        for a in self.attendance:
            by_event[a.event].add(a.org)
        return {e: sorted(by_event.get(e, ())) for e in sorted(self.events)}


_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]{1,11}$")


def short_label(display: str, names: Iterable[str]) -> str:
    """An acronym for the organisation if it has one, else its display name.

    Candidates are single-token names with at least two capitals ("ONSA",
    "UNOCT"); the one spelling the capitals of the display name wins (so
    ONSA, not NSA, for "Office of the National Security Advisory"), then one
    whose letters follow those capitals in order, then the shortest, then
    alphabetical.
    """
    candidates = {n for n in names if _ACRONYM.match(n) and sum(c.isupper() for c in n) >= 2}
    if not candidates:
        return display
    # Hyphenated words give one initial a part ("Counter-Terrorism": CT), as acronyms spell them.
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", display) if w[0].isupper())
    # Then one whose letters come in order among those initials: an acronym of the
    # display name, not of another language's alias (BLT for a French name).
    return min(candidates, key=lambda n: (n.replace(".", "") != initials,
                                          not _in_order(n.replace(".", ""), initials), len(n), n))


def _in_order(letters: str, initials: str) -> bool:
    rest = iter(initials)
    return all(c in rest for c in letters)


def load_organisations(graph: GraphStore) -> dict[str, Organisation]:
    orgs = {}
    for r in graph.query(query_text("organisations")):
        iri = r["org"].value
        names = tuple(sorted(set(_v(r["names"]).split("\x1f")) - {""})) if r["names"] else ()
        display = _v(r["display"]) or iri.rsplit("/", 1)[-1]
        orgs[iri] = Organisation(iri, display, short_label(display, names), _v(r["sector"]) or "other", names)
    return orgs


def _date(term) -> date | None:
    if term is None:
        return None
    try:
        return date.fromisoformat(term.value[:10])
    except ValueError:
        return None


def load_events(graph: GraphStore) -> dict[str, Event]:
    events = {}
    for r in graph.query(query_text("events")):
        iri = r["event"].value
        etype = _v(r["eventType"])
        count = _v(r["participants"])
        events[iri] = Event(
            iri=iri, title=_v(r["title"]) or iri.rsplit("/", 1)[-1], start=_date(r["startDate"]),
            end=_date(r["endDate"]), event_type=etype[len(ETYPE_NS):] if etype and etype.startswith(ETYPE_NS) else etype,
            place=_v(r["place"]), country=_v(r["country"]),
            participants=int(count) if count and count.isdigit() else None)
    return events


def _matches(text: str, org: Organisation) -> bool:
    t = text.casefold()
    return t == org.iri.casefold() or any(t == n.casefold() for n in (org.label, *org.names))


def load_network_data(graph: GraphStore, filters: NetworkFilter | None = None,
                      progress: Progress = _quiet) -> NetworkData:
    """Run the network queries and keep the events and roles the filters select.

    Raises :class:`NetworkError` for a filter naming an unknown role, event
    type, place or funder (a typo should not silently give an empty network).
    """
    f = filters or NetworkFilter()
    unknown = set(f.roles) - set(ALL_ROLES)
    if unknown:
        raise NetworkError(f"unknown role(s) {', '.join(sorted(unknown))}; known: {', '.join(ALL_ROLES)}")
    if not f.roles:
        raise NetworkError("no roles selected")
    unknown = set(f.event_types) - set(EVENT_TYPES)
    if unknown:
        raise NetworkError(f"unknown event type(s) {', '.join(sorted(unknown))}; known: {', '.join(EVENT_TYPES)}")
    if f.start and f.end and f.start > f.end:
        raise NetworkError(f"date range is empty: {f.start} is after {f.end}")

    progress("querying organisations and events")
    orgs = load_organisations(graph)
    events = load_events(graph)
    funders: dict[str, set[str]] = defaultdict(set)
    for r in graph.query(query_text("funders")):
        funders[r["event"].value].add(r["funder"].value)

    dropped: Counter = Counter()
    keep: dict[str, Event] = {}
    if f.place:
        p = f.place.casefold()
        if not any(p in {(e.place or "").casefold(), (e.country or "").casefold()} for e in events.values()):
            places = sorted({x for e in events.values() for x in (e.place, e.country) if x})
            raise NetworkError(f"no event takes place in {f.place!r}; places in the graph: {', '.join(places) or 'none'}")
    funder_iris: set[str] = set()
    if f.funder:
        funder_iris = {o for fs in funders.values() for o in fs if o in orgs and _matches(f.funder, orgs[o])}
        if not funder_iris:
            known = sorted({orgs[o].short if o in orgs else o for fs in funders.values() for o in fs})
            raise NetworkError(f"no funder named {f.funder!r}; funders in the graph: {', '.join(known) or 'none'}")
    for iri, e in events.items():
        if f.start or f.end:
            if e.start is None:
                dropped["undated"] += 1
                continue
            if (f.start and e.last_day < f.start) or (f.end and e.start > f.end):
                dropped["outside the date range"] += 1
                continue
        if f.place and f.place.casefold() not in {(e.place or "").casefold(), (e.country or "").casefold()}:
            dropped["elsewhere"] += 1
            continue
        if f.event_types and e.event_type not in f.event_types:
            dropped["other event type"] += 1
            continue
        if f.funder and not (funders.get(iri, set()) & funder_iris):
            dropped["other funders"] += 1
            continue
        keep[iri] = e

    progress(f"querying attendance of {len(keep)} event(s)")
    attendance = []
    for r in graph.query(query_text("attendance")):
        ev, role = r["event"].value, r["role"].value
        role = role.removeprefix(ROLE_NS)
        if ev in keep and role in f.roles:
            attendance.append(Attendance(ev, r["org"].value, role, _v(r["person"])))
    attendance.sort(key=lambda a: (a.event, a.org, a.role, a.person or ""))
    for a in attendance:   # an organisation only reachable through a person still needs a node
        if a.org not in orgs:
            orgs[a.org] = Organisation(a.org, a.org.rsplit("/", 1)[-1], a.org.rsplit("/", 1)[-1], "other")
    return NetworkData(keep, orgs, attendance, {e: funders[e] for e in keep if e in funders}, f, dict(dropped))
