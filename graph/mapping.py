"""Turn one loader Extraction into the quads of its source's named graph.

Every n-ary fact (participation, membership, funding) is a node with a stable
hash IRI, typed, linked to the source document and to an evidence annotation
(quote + character offsets, or record line). Shortcut edges such as
cthr:organisedBy are not written here: the build rules derive them.
"""

from __future__ import annotations

from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from cthr.loaders.entities import Scope, normalise
from cthr.loaders.model import PARTICIPATION_ROLES, Evidence, Extraction
from cthr.loaders.project import Curation

from .curation import curation_of
from .identity import OrgIdentity, identities
from .namekey import name_key
from .provenance import SOFTWARE, ProvenanceWriter, en, sidecar_country, xsd_date
from .vocab import CONCEPT, ETYPE, PREFIXES, PROV, RDF, RDFS, ROLE, SECTOR, SKOS, XSD, C, mint, source_iri

SAME_AS = NamedNode(PREFIXES["owl"] + "sameAs")

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


_date = xsd_date


def _only(values) -> str | None:
    """The one value of a set, or None when there are none or several."""
    distinct = {normalise(v): v for v in values if v}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


class _Writer(ProvenanceWriter):
    """Collects the quads of one source graph, minting IRIs as it goes."""

    def __init__(self, extraction: Extraction, curation: Curation):
        self.x = extraction
        self.source = extraction.source
        self.doc = source_iri(self.source.key)
        self.curation = curation
        self.ids = identities(curation)
        self.sectors = curation.sectors
        self.quads: list[Quad] = []
        self._orgs: dict[str, NamedNode] = {}      # surface form -> IRI, within this source
        self._org_ids: dict[NamedNode, OrgIdentity] = {}
        self._persons: dict[str, NamedNode] = {}
        self._events: dict[str, NamedNode] = {}
        self._projects: dict[str, NamedNode] = {}
        self._participations: dict[tuple[NamedNode, NamedNode], NamedNode] = {}
        self._linking: set[str] = set()
        self._scopes()

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, p, o, self.doc))

    # -- scope: where a name was written -------------------------------------
    def _scopes(self) -> None:
        """Countries of events, of each organisation's events, and of the whole source."""
        x = self.x
        country = {e.key: e.country for e in (*x.external_events, *x.events)}
        self._source_country = _only(country.values())
        if self._source_country is None and self.source.kind == "text":
            self._source_country = sidecar_country(self.source.path)
        seen: dict[str, set[str]] = {}
        for p in x.participations:
            for name in (p.agent if p.agent_kind == "organisation" else None, p.on_behalf_of):
                if name and country.get(p.event):
                    seen.setdefault(name, set()).add(country[p.event])
        for f in x.fundings:
            if f.event and country.get(f.event):
                seen.setdefault(f.funder, set()).add(country[f.event])
        self._org_country = {name: _only(found) for name, found in seen.items()}
        self._declared = {form for o in x.organisations for form in (o.name, o.acronym, *o.aliases) if form}

    def scope(self, name: str, country: str | None, parent: OrgIdentity | None) -> Scope:
        """The body's own country, else its parent's, else its events', else the source's."""
        if not country and parent is not None:
            country = parent.resolved.country
        assumed = not country
        if not country:
            country = self._org_country.get(name) if name in self._org_country else self._source_country
        return Scope(country=country, parent=parent.resolved.key if parent else None, source=self.source.key,
                     assumed=assumed)

    # -- entities -----------------------------------------------------------
    def organisation(self, name: str, acronym: str | None = None, aliases=(), parent: str | None = None,
                     ev: Evidence | None = None, country: str | None = None, origin=None,
                     kind: str | None = None) -> NamedNode:
        """The IRI of an organisation named in this source, declaring it once.

        A parent the source states is linked only if it has evidence of its
        own: a curated record line, or its own mention in the text (an
        extractor's guess such as "CEELI" for "CEELI Institute" is dropped).
        """
        known = self._orgs.get(name) or (self._orgs.get(acronym) if acronym else None)
        parent_iri = parent_id = None
        self._linking.add(name)        # a parent cycle (A in B in A) is cut, not followed forever
        if parent and parent not in self._linking and normalise(parent) != normalise(name) \
                and (self.source.kind == "records" or parent in self._declared):
            parent_ev = Evidence(line=ev.line, field="parent") if ev is not None and ev.line is not None else None
            parent_iri = self.organisation(parent, ev=parent_ev if self.source.kind == "records" else None)
            parent_id = self._org_ids[parent_iri]
        written = None
        if known is not None:
            identity = self._org_ids[known]
        else:
            identity = self.ids.organisation(name, acronym, self.scope(name, country, parent_id))
            if kind == "state" and country and identity.resolved.entry is None:
                # A state is one actor however it is written ("Government of Japan", "Gouvernement
                # du Japon", "the Japanese government"): keyed as "Government of <country>"; the
                # written name's own IRI redirects to it.
                state = f"Government of {country}"
                written = identity.iri
                identity = self.ids.organisation(state, None, self.scope(state, country, parent_id))
        iri, entry = identity.iri, identity.resolved.entry
        if written is not None and written != iri:
            self.add(written, SAME_AS, iri)
        for form in (name, acronym, *aliases):
            if form:
                self._orgs.setdefault(form, iri)
        self._org_ids[iri] = identity
        self.add(iri, RDF.type, C.Organisation)
        self.add(iri, RDFS.label, en(name))
        if entry is not None:
            self.add(iri, SKOS.prefLabel, en(entry.label))
        alts = {acronym or (entry.acronym if entry else None), *aliases} - {None, name}
        for alt in alts:
            self.add(iri, SKOS.altLabel, en(alt))
        # The lookup key of each name above (graph/namekey.py): `org` parameters match it exactly.
        for form in {name, *alts, entry.label if entry is not None else None} - {None, ""}:
            self.add(iri, C.nameKey, Literal(name_key(form)))
        self.add(iri, C.sector, SECTOR[self.sectors.classify(name, entry, kind)])
        if identity.resolved.country:
            self.add(iri, C.jurisdiction, self.place(identity.resolved.country, None))
        for other in identity.redirects:      # its other IRIs keep resolving
            self.add(other, SAME_AS, iri)
        if parent_iri is None and entry is not None and entry.parent and entry.parent not in self._linking \
                and normalise(entry.parent) != normalise(name):
            parent_iri = self.organisation(entry.parent, country=entry.country, origin=entry.parent_origin)
        self._linking.discard(name)
        if parent_iri is not None and parent_iri != iri:
            self.add(iri, C.subOrganisationOf, parent_iri)
        self.evidence(iri, ev)
        self.curated_origin(iri, origin)
        return iri

    def agent(self, name: str, kind: str, ev: Evidence | None = None) -> NamedNode:
        """A participant, funder, publisher... by name; one not declared gets the naming fact's evidence."""
        if kind == "person":
            return self._persons.get(name) or self.person_node(name, ev=ev)
        return self._orgs.get(name) or self.organisation(name, ev=ev)

    def person_node(self, name: str, honorific: str | None = None, ev: Evidence | None = None) -> NamedNode:
        iri = self._persons.get(name)
        if iri is None:
            iri, redirects = self.ids.person(name)
            for other in redirects:
                self.add(other, SAME_AS, iri)
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
            self.organisation(o.name, o.acronym, o.aliases, o.parent, o.evidence, getattr(o, "country", None),
                              kind=o.kind)
        for p in x.projects:
            iri = self.project(p.name)
            if p.organiser:
                self.add(iri, C.runBy, self.agent(p.organiser, "organisation", p.evidence))
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
        org = self.agent(p.organisation, "organisation", p.evidence)
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
        agent = self.agent(part.agent, part.agent_kind, part.evidence)
        iri = self.participation(event, agent)
        for role in sorted(part.roles):
            if role not in PARTICIPATION_ROLES:
                raise ValueError(f"{self.source.path}: unknown participation role {role!r}")
            self.add(iri, C.role, ROLE[role])
        if part.on_behalf_of:
            self.add(iri, C.onBehalfOf, self.agent(part.on_behalf_of, "organisation", part.evidence))
        self.evidence(iri, part.evidence)

    def resource(self, r) -> None:
        iri = mint("resource", normalise(r.title))
        self.add(iri, RDF.type, C.Resource)
        self.add(iri, RDFS.label, en(r.title))
        if r.publisher:
            self.add(iri, C.publisher, self.agent(r.publisher, "organisation", r.evidence))
        events = [self._events[k] for k in r.used_at if k in self._events]
        for event in events:
            self.add(event, C.usedResource, iri)
            if r.presented_by:
                part = self.participation(event, self.agent(r.presented_by, "person", r.evidence))
                self.add(part, C.role, ROLE.speaker)
                self.add(part, C.presented, iri)
                self.evidence(part, r.evidence)
        self.evidence(iri, r.evidence)

    def funding(self, f) -> None:
        funder = self.agent(f.funder, "organisation", f.evidence)
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


def extraction_quads(extraction: Extraction, curation: Curation | None = None) -> list[Quad]:
    """All quads of one source's named graph, duplicates removed, in a stable order.

    `curation` is the project's alias table, judgements, review... (default:
    the bundled tables only).
    """
    quads = _Writer(extraction, curation or curation_of(None)).write()
    return list(dict.fromkeys(quads))


__all__ = ["extraction_quads", "event_type_concept", "SOFTWARE", "CONCEPT"]
