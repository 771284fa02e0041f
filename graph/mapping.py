"""Turn one loader Extraction into the quads of its source's named graph.

Every n-ary fact (participation, membership, funding) is a node with a stable
hash IRI, typed, linked to the source document and to an evidence annotation
(quote + character offsets, or record line). Shortcut edges such as
cthr:organisedBy are not written here: the build rules derive them.
"""

from __future__ import annotations

from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from cthr import __version__
from cthr.loaders.entities import Canonical, Resolver, default_sectors, normalise
from cthr.loaders.model import PARTICIPATION_ROLES, Evidence, Extraction

from .vocab import CONCEPT, DCT, ETYPE, OA, PROV, RDF, RDFS, ROLE, SDO, SECTOR, SKOS, XSD, C, mint, source_iri

SOFTWARE = NamedNode(f"https://w3id.org/cthr/software/cthr-kg/{__version__}")

# Event-type words, most specific first; unknown kinds map to the generic "event".
_EVENT_TYPES = (
    ("capacity", "capacity-building"),
    ("workshop", "workshop"),
    ("training", "training"),
    ("course", "training"),
    ("seminar", "seminar"),
    ("webinar", "seminar"),
    ("conference", "conference"),
    ("forum", "conference"),
    ("summit", "conference"),
    ("meeting", "meeting"),
    ("roundtable", "meeting"),
    ("round table", "meeting"),
    ("consultation", "meeting"),
    ("dialogue", "meeting"),
)


def event_type_concept(text: str | None) -> NamedNode:
    lowered = (text or "").casefold()
    for word, concept in _EVENT_TYPES:
        if word in lowered:
            return ETYPE[concept]
    return ETYPE.event


def en(text: str) -> Literal:
    return Literal(text, language="en")


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


class _Writer:
    """Collects the quads of one source graph, minting IRIs as it goes."""

    def __init__(self, extraction: Extraction, resolver: Resolver):
        self.x = extraction
        self.source = extraction.source
        self.doc = source_iri(self.source.key)
        self.resolver = resolver
        self.sectors = default_sectors()
        self.quads: list[Quad] = []
        self._orgs: dict[str, NamedNode] = {}      # surface form -> IRI, within this source
        self._persons: dict[str, NamedNode] = {}
        self._events: dict[str, NamedNode] = {}
        self._projects: dict[str, NamedNode] = {}
        self._participations: dict[tuple[NamedNode, NamedNode], NamedNode] = {}

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, p, o, self.doc))

    # -- provenance ---------------------------------------------------------
    def evidence(self, node: NamedNode, ev: Evidence | None) -> None:
        self.add(node, PROV.wasDerivedFrom, self.doc)
        if ev is None:
            return
        if ev.start is not None and ev.end is not None:
            key = ("span", str(ev.start), str(ev.end))
        else:
            key = ("line", str(ev.line), ev.field or "")
        ann = mint("evidence", self.source.key, *key)
        self.add(node, C.evidence, ann)
        if ann in self._seen_evidence:
            return
        self._seen_evidence.add(ann)
        target = mint("target", self.source.key, *key)
        self.add(ann, RDF.type, C.Evidence)
        self.add(ann, RDF.type, OA.Annotation)
        self.add(ann, OA.hasTarget, target)
        self.add(target, OA.hasSource, self.doc)
        if ev.start is not None and ev.end is not None:
            quote, position = mint("quote", self.source.key, *key), mint("position", self.source.key, *key)
            self.add(target, OA.hasSelector, quote)
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, Literal(ev.exact if ev.exact is not None else self.source.text[ev.start:ev.end]))
            self.add(target, OA.hasSelector, position)
            self.add(position, RDF.type, OA.TextPositionSelector)
            self.add(position, OA.start, Literal(ev.start))
            self.add(position, OA.end, Literal(ev.end))
        if ev.line is not None:
            self.add(ann, C.sourceLine, Literal(ev.line))

    def document(self) -> None:
        s, doc = self.source, self.doc
        self.add(doc, RDF.type, C.SourceDocument)
        self.add(doc, RDFS.label, en(s.title or s.key))
        if s.title:
            self.add(doc, DCT.title, en(s.title))
        if s.url:
            self.add(doc, SDO.url, Literal(s.url, datatype=XSD.anyURI))
        if s.sha256:
            self.add(doc, C.sha256, Literal(s.sha256))
        self.add(doc, C.sourceKind, Literal(s.kind))
        self.add(doc, DCT.language, Literal(s.language))
        if s.publication_date:
            self.add(doc, DCT.issued, _date(s.publication_date))
        if s.publisher:
            self.add(doc, DCT.publisher, self.organisation(s.publisher))
        if s.curator:
            self.add(doc, DCT.creator, Literal(s.curator))
        for url in s.derived_from:
            self.add(doc, DCT.source, Literal(url, datatype=XSD.anyURI))
        activity = mint("extraction", s.key, s.sha256)
        self.add(activity, RDF.type, PROV.Activity)
        self.add(activity, PROV.used, doc)
        self.add(activity, PROV.wasAssociatedWith, SOFTWARE)
        self.add(SOFTWARE, RDF.type, PROV.SoftwareAgent)
        self.add(SOFTWARE, RDFS.label, Literal(f"cthr-kg {__version__}"))
        self.add(doc, PROV.wasGeneratedBy, activity)

    # -- entities -----------------------------------------------------------
    def organisation(self, name: str, acronym: str | None = None, aliases=(), parent: str | None = None,
                     ev: Evidence | None = None) -> NamedNode:
        """The IRI of an organisation named in this source, declaring it once."""
        known = self._orgs.get(name) or (self._orgs.get(acronym) if acronym else None)
        canonical: Canonical = self.resolver.organisation(name, acronym)
        iri = known or mint("org", canonical.key)
        for form in (name, acronym, *aliases):
            if form:
                self._orgs.setdefault(form, iri)
        self.add(iri, RDF.type, C.Organisation)
        self.add(iri, RDFS.label, en(name))
        if canonical.label:
            self.add(iri, SKOS.prefLabel, en(canonical.label))
        for alt in {acronym or canonical.acronym, *aliases} - {None, name}:
            self.add(iri, SKOS.altLabel, en(alt))
        self.add(iri, C.sector, SECTOR[self.sectors.classify(name, canonical)])
        parent = parent or canonical.parent
        if parent and normalise(parent) != canonical.key:
            self.add(iri, C.subOrganisationOf, self.organisation(parent))
        self.evidence(iri, ev)
        return iri

    def agent(self, name: str, kind: str) -> NamedNode:
        if kind == "person":
            return self._persons.get(name) or self.person_node(name)
        return self._orgs.get(name) or self.organisation(name)

    def person_node(self, name: str, honorific: str | None = None, ev: Evidence | None = None) -> NamedNode:
        iri = self._persons.get(name) or mint("person", self.resolver.person_key(name))
        self._persons[name] = iri
        self.add(iri, RDF.type, C.Person)
        self.add(iri, RDFS.label, en(name))
        if honorific:
            self.add(iri, C.honorific, Literal(honorific))
        self.evidence(iri, ev)
        return iri

    def place(self, name: str, country: str | None) -> NamedNode:
        iri = mint("place", normalise(name))
        self.add(iri, RDF.type, C.Place)
        self.add(iri, RDFS.label, en(name))
        self.add(iri, PROV.wasDerivedFrom, self.doc)
        if country and normalise(country) != normalise(name):
            self.add(iri, C.containedInPlace, self.place(country, None))
        return iri

    def project(self, name: str) -> NamedNode:
        iri = self._projects.get(name) or mint("project", normalise(name))
        if name not in self._projects:
            self._projects[name] = iri
            self.add(iri, RDF.type, C.Project)
            self.add(iri, RDFS.label, en(name))
            self.add(iri, PROV.wasDerivedFrom, self.doc)
        return iri

    def participation(self, event: NamedNode, agent: NamedNode) -> NamedNode:
        key = (event, agent)
        iri = self._participations.get(key)
        if iri is None:
            iri = self._participations[key] = mint("participation", event.value, agent.value)
            self.add(event, C.hasParticipation, iri)
            self.add(iri, RDF.type, C.Participation)
            self.add(iri, C.agent, agent)
        return iri

    # -- the whole extraction ----------------------------------------------
    def write(self) -> list[Quad]:
        self._seen_evidence: set[NamedNode] = set()
        x = self.x
        self.document()
        for o in x.organisations:
            self.organisation(o.name, o.acronym, o.aliases, o.parent, o.evidence)
        for p in x.projects:
            iri = self.project(p.name)
            if p.organiser:
                self.add(iri, C.runBy, self.agent(p.organiser, "organisation"))
            self.evidence(iri, p.evidence)
        for e in x.external_events:
            self.event_iri(e)
        first_start = None
        for e in x.events:
            iri = self.event(e)
            first_start = first_start or e.start
        for p in x.persons:
            iri = self.person_node(p.name, p.honorific, p.evidence)
            if p.organisation:
                self.membership(iri, p, first_start)
        for part in x.participations:
            self.participation_fact(part)
        for r in x.resources:
            self.resource(r)
        for f in x.fundings:
            self.funding(f)
        return self.quads

    def event_iri(self, e) -> NamedNode:
        """Dates + place identify an event across sources; otherwise the source's own key."""
        if e.start and e.place:
            iri = mint("event", e.start.isoformat(), (e.end or e.start).isoformat(), normalise(e.place))
        else:
            iri = mint("event", self.source.key, e.key)
        self._events[e.key] = iri
        return iri

    def event(self, e) -> NamedNode:
        iri = self.event_iri(e)
        self.add(iri, RDF.type, C.Event)
        self.add(iri, RDFS.label, en(e.title))
        self.add(iri, C.eventType, event_type_concept(e.event_type or e.title))
        if e.start:
            self.add(iri, C.startDate, _date(e.start))
            self.add(iri, C.endDate, _date(e.end or e.start))
        if e.date_text:
            self.add(iri, C.dateText, Literal(e.date_text))
        if e.place:
            self.add(iri, C.location, self.place(e.place, e.country))
        elif e.country:
            self.add(iri, C.location, self.place(e.country, None))
        if e.participants_count is not None:
            self.add(iri, C.participantCount, Literal(e.participants_count))
            self.add(iri, C.countQualifier, Literal(e.count_qualifier or "exact"))
        if e.project:
            self.add(iri, C.deliveredUnder, self.project(e.project))
        self.evidence(iri, e.evidence)
        return iri

    def membership(self, person: NamedNode, p, attested: date | None) -> None:
        org = self.agent(p.organisation, "organisation")
        role = p.role or p.job_title or "member"
        iri = mint("membership", person.value, org.value, normalise(role))
        self.add(iri, RDF.type, C.Membership)
        self.add(iri, C.member, person)
        self.add(iri, C.organisation, org)
        role_iri = mint("post-role", normalise(role))
        self.add(iri, C.postRole, role_iri)
        self.add(role_iri, RDF.type, C.Role)
        self.add(role_iri, SKOS.prefLabel, en(role))
        self.add(role_iri, RDFS.label, en(role))
        self.add(role_iri, SKOS.inScheme, C.postRoles)
        if p.job_title:
            self.add(iri, C.jobTitle, Literal(p.job_title))
        if attested:
            self.add(iri, C.attestedOn, _date(attested))
        self.evidence(iri, p.evidence)

    def participation_fact(self, part) -> None:
        event = self._events.get(part.event)
        if event is None:
            raise ValueError(f"{self.source.path}: participation refers to unknown event {part.event!r}")
        agent = self.agent(part.agent, part.agent_kind)
        iri = self.participation(event, agent)
        for role in sorted(part.roles):
            if role not in PARTICIPATION_ROLES:
                raise ValueError(f"{self.source.path}: unknown participation role {role!r}")
            self.add(iri, C.role, ROLE[role])
        if part.on_behalf_of:
            self.add(iri, C.onBehalfOf, self.agent(part.on_behalf_of, "organisation"))
        self.evidence(iri, part.evidence)

    def resource(self, r) -> None:
        iri = mint("resource", normalise(r.title))
        self.add(iri, RDF.type, C.Resource)
        self.add(iri, RDFS.label, en(r.title))
        if r.publisher:
            self.add(iri, C.publisher, self.agent(r.publisher, "organisation"))
        events = [self._events[k] for k in r.used_at if k in self._events]
        for event in events:
            self.add(event, C.usedResource, iri)
            if r.presented_by:
                part = self.participation(event, self.agent(r.presented_by, "person"))
                self.add(part, C.role, ROLE.speaker)
                self.add(part, C.presented, iri)
                self.evidence(part, r.evidence)
        self.evidence(iri, r.evidence)

    def funding(self, f) -> None:
        funder = self.agent(f.funder, "organisation")
        if f.project:
            item = self.project(f.project)
        elif f.event and f.event in self._events:
            item = self._events[f.event]
        else:
            raise ValueError(f"{self.source.path}: funding by {f.funder!r} names no project or known event")
        iri = mint("funding", funder.value, item.value)
        self.add(iri, RDF.type, C.Funding)
        self.add(iri, C.funder, funder)
        self.add(iri, C.fundedItem, item)
        if f.amount is not None:
            self.add(iri, C.amount, Literal(str(f.amount), datatype=XSD.decimal))
        if f.currency:
            self.add(iri, C.currency, Literal(f.currency))
        self.evidence(iri, f.evidence)


def extraction_quads(extraction: Extraction, resolver: Resolver | None = None) -> list[Quad]:
    """All quads of one source's named graph, duplicates removed, in a stable order."""
    quads = _Writer(extraction, resolver or Resolver()).write()
    return list(dict.fromkeys(quads))


__all__ = ["extraction_quads", "event_type_concept", "SOFTWARE", "CONCEPT"]
