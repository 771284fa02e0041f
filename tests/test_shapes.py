"""Each SHACL shape accepts the built graph and rejects a crafted bad one with its message."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from cthr.graph.validate import validate_graph

C = rdflib.Namespace("https://w3id.org/cthr/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ID = "https://w3id.org/cthr/id/"


@pytest.fixture()
def graph(records_build) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(records_build / "graph.ttl")
    return g


def first(g, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


def test_built_graph_conforms(graph):
    report = validate_graph(graph)
    assert report.conforms, report.text()
    assert report.violations == []


def _end_before_start(g):
    ev = first(g, C.Event)
    g.set((ev, C.endDate, Literal("2000-01-01", datatype=XSD.date)))


def _start_as_string(g):
    ev = first(g, C.Event)
    g.set((ev, C.startDate, Literal("3 December 2024")))


def _label_without_language(g):
    ev = first(g, C.Event)
    g.remove((ev, RDFS.label, None))
    g.add((ev, RDFS.label, Literal("A workshop")))


def _two_agents(g):
    p = first(g, C.Participation)
    g.add((p, C.agent, first(g, C.Person)))


def _orphan_participation(g):
    p = first(g, C.Participation)
    g.remove((None, C.hasParticipation, p))


def _unknown_role(g):
    p = first(g, C.Participation)
    g.remove((p, C.role, None))
    g.add((p, C.role, URIRef("https://w3id.org/cthr/concept/role/spectator")))


def _funder_funds_nothing(g):
    g.add((URIRef(ID + "org/nobody"), RDF.type, C.Funder))


def _foreign_iri(g):
    ev = URIRef("http://example.org/event/1")
    g.add((ev, RDF.type, C.Event))


def _honorific_in_name(g):
    person = first(g, C.Person)
    g.add((person, RDFS.label, Literal("Mr. Paul Madden", lang="en")))


def _no_provenance(g):
    org = first(g, C.Organisation)
    g.remove((org, PROV.wasDerivedFrom, None))


def _no_evidence(g):
    p = first(g, C.Participation)
    g.remove((p, C.evidence, None))


def _bad_currency(g):
    f = first(g, C.Funding)
    g.add((f, C.currency, Literal("euro")))


def _membership_without_member(g):
    m = first(g, C.Membership)
    g.remove((m, C.member, None))


def _bad_source_hash(g):
    doc = first(g, C.SourceDocument)
    g.set((doc, C.sha256, Literal("not-a-hash")))


def _negative_count(g):
    ev = first(g, C.Event)
    g.set((ev, C.participantCount, Literal(-3)))


def _sector_outside_scheme(g):
    org = first(g, C.Organisation)
    g.remove((org, C.sector, None))
    g.add((org, C.sector, URIRef("https://w3id.org/cthr/concept/sector/pirates")))


CASES = {
    "end before start": (_end_before_start, "not after its end date"),
    "date as plain string": (_start_as_string, "at most one start date, an xsd:date"),
    "label without language": (_label_without_language, "language-tagged rdfs:label"),
    "participation with two agents": (_two_agents, "exactly one agent"),
    "participation without event": (_orphan_participation, "belongs to exactly one event"),
    "role outside the scheme": (_unknown_role, "at least one role from the cthr participation-role scheme"),
    "funder that funds nothing": (_funder_funds_nothing, "a funder must fund something"),
    "IRI outside our namespace": (_foreign_iri, "minted in the cthr namespace"),
    "honorific in a person's name": (_honorific_in_name, "must not start with an honorific"),
    "no provenance": (_no_provenance, "has no provenance"),
    "no evidence": (_no_evidence, "has no evidence"),
    "currency not ISO 4217": (_bad_currency, "ISO 4217"),
    "membership without member": (_membership_without_member, "exactly one member"),
    "source without a valid hash": (_bad_source_hash, "SHA-256"),
    "negative participant count": (_negative_count, "one positive integer"),
    "sector outside the scheme": (_sector_outside_scheme, "sector from the cthr sector scheme"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_shape_rejects_bad_graph_with_its_message(graph, case):
    mutate, message = CASES[case]
    mutate(graph)
    report = validate_graph(graph)
    assert not report.conforms
    messages = [v.message for v in report.violations]
    assert any(message in m for m in messages), messages
    assert message in report.text()
