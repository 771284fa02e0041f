"""The ontology parses, documents every term, aligns to W3C vocabularies and is consistent."""

from __future__ import annotations

import owlrl
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cthr import ontology

CTHR = rdflib.Namespace("https://w3id.org/cthr/ontology#")
STANDARD = ("http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "http://schema.org/",
            "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/", "http://www.w3.org/2004/02/skos/core#",
            "http://www.w3.org/ns/oa#", "http://www.w3.org/2006/time#")
REQUIRED_CLASSES = ("Event", "Organisation", "Person", "Role", "Funder", "Resource", "Place",
                    "Participation", "Funding", "Project", "Membership")


def ontology_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in ontology.paths():
        g.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return g


def test_required_classes_exist():
    g = ontology_graph()
    for name in REQUIRED_CLASSES:
        assert (CTHR[name], RDF.type, OWL.Class) in g, name


def test_every_term_has_label_definition_domain_and_range():
    g = ontology_graph()
    terms = [s for s in set(g.subjects(RDF.type, None)) if isinstance(s, rdflib.URIRef) and s.startswith(CTHR)]
    assert len(terms) > 40
    for term in terms:
        assert g.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert g.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"
        if (term, RDF.type, OWL.ObjectProperty) in g or (term, RDF.type, OWL.DatatypeProperty) in g:
            assert g.value(term, RDFS.domain) is not None, f"{term} has no rdfs:domain"
            assert g.value(term, RDFS.range) is not None, f"{term} has no rdfs:range"


def test_classes_and_properties_align_to_standard_vocabularies():
    g = ontology_graph()
    unaligned = []
    for cls in (CTHR[n] for n in REQUIRED_CLASSES):
        parents = {str(o) for o in g.objects(cls, RDFS.subClassOf)}
        ancestors = set(parents)
        for p in parents:   # one hop further for classes that specialise our own
            ancestors |= {str(o) for o in g.objects(rdflib.URIRef(p), RDFS.subClassOf)}
        if not any(a.startswith(STANDARD) for a in ancestors):
            unaligned.append(cls)
    assert not unaligned


def test_no_https_schema_org():
    # schema.org's JSON-LD context binds http://schema.org/; https silently fails to match.
    for path in ontology.paths():
        assert "https://schema.org/" not in path.read_text(encoding="utf-8")


def test_no_imports_that_would_fetch_from_the_network():
    assert not list(ontology_graph().objects(None, OWL.imports))


def test_owl_rl_closure_of_ontology_and_data_is_consistent(records_build):
    g = ontology_graph()
    g.parse(records_build / "graph.ttl")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    errors = list(g.subjects(RDF.type, rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")))
    assert errors == []
    # The closure uses the alignment: our participants are schema.org attendees, events PROV activities.
    assert any(g.subjects(rdflib.URIRef("http://schema.org/attendee"), None))
    assert any(g.subjects(RDF.type, rdflib.URIRef("http://www.w3.org/ns/prov#Activity")))


def test_owl_rl_closure_detects_an_inconsistency():
    # The check above can fail: a node both a Person and declared disjoint with it is reported.
    g = ontology_graph()
    x = rdflib.URIRef("https://w3id.org/cthr/id/person/x")
    g.add((CTHR.Person, OWL.disjointWith, CTHR.Event))
    g.add((x, RDF.type, CTHR.Person))
    g.add((x, RDF.type, CTHR.Event))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert list(g.subjects(RDF.type, rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")))
