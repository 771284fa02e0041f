"""The ontology parses, documents every term, aligns to W3C vocabularies and is consistent."""

from __future__ import annotations

import datetime as dt
import sys
from importlib.resources import files

import owlrl
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from cthr import ontology

from helpers import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:   # pragma: no cover - Python 3.10
    import tomli as tomllib

CTHR = rdflib.Namespace("https://w3id.org/cthr/ontology#")
STANDARD = ("http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "http://schema.org/",
            "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/", "http://www.w3.org/2004/02/skos/core#",
            "http://www.w3.org/ns/oa#", "http://www.w3.org/2006/time#")
REQUIRED_CLASSES = ("Event", "Organisation", "Person", "Role", "Funder", "Resource", "Place",
                    "Participation", "Funding", "Project", "Membership")


ONTOLOGY = rdflib.URIRef("https://w3id.org/cthr/ontology")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
CC_BY = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
XSD_DATE = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#date")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def owl_file() -> rdflib.Graph:
    """cthr.ttl alone, as a documentation tool or ontology portal reads it."""
    return rdflib.Graph().parse(data=(files("cthr.ontology") / "cthr.ttl").read_text(encoding="utf-8"),
                                format="turtle")


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


def test_ontology_header_carries_the_metadata_vocabulary_portals_read():
    g = owl_file()
    assert list(g.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.bibliographicCitation):
        value = g.value(ONTOLOGY, prop)
        assert isinstance(value, rdflib.Literal) and str(value).strip(), prop
    dates = {}
    for prop in (DCTERMS.created, DCTERMS.issued, DCTERMS.modified):
        value = g.value(ONTOLOGY, prop)
        assert isinstance(value, rdflib.Literal) and value.datatype == XSD_DATE, prop
        dates[prop] = value.toPython()
    assert dates[DCTERMS.created] <= dates[DCTERMS.issued] <= dates[DCTERMS.modified] <= dt.date.today()
    assert list(g.objects(ONTOLOGY, DCTERMS.license)) == [CC_BY]
    assert str(g.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "cthr"
    assert str(g.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(CTHR)


def test_ontology_version_follows_the_package_version():
    # The release procedure (CONTRIBUTING.md) bumps both; a release that forgets one fails here.
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    g = owl_file()
    assert str(g.value(ONTOLOGY, OWL.versionInfo)) == version
    version_iri = g.value(ONTOLOGY, OWL.versionIRI)
    assert version_iri == rdflib.URIRef(f"{ONTOLOGY}/{version}")
    citation = str(g.value(ONTOLOGY, DCTERMS.bibliographicCitation))
    assert version in citation and str(version_iri) in citation
    prior = g.value(ONTOLOGY, OWL.priorVersion)
    assert prior is None or (str(prior).startswith(f"{ONTOLOGY}/") and prior != version_iri)
    # The changelog's newest released entry ("## 0.1.0 - 2026-12-02", below any "## Unreleased") is this version.
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = next(line for line in changelog.splitlines()
                  if line.startswith("## ") and line.split()[1].lower() != "unreleased")
    assert newest.split()[1] == version, newest


def test_every_class_and_property_of_the_owl_file_has_a_label_and_a_definition():
    g = owl_file()
    terms = {s for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(CTHR))}
    assert CTHR.Event in terms and CTHR.hasParticipation in terms and len(terms) > 40
    missing = sorted(str(t) for t in terms
                     if not any(lab.language == "en" for lab in g.objects(t, RDFS.label))
                     or g.value(t, SKOS.definition) is None and g.value(t, RDFS.comment) is None)
    assert missing == []


def test_concept_schemes_are_kept_out_of_the_owl_file():
    # pyLODE documents the first owl:Ontology or skos:ConceptScheme it finds; a scheme in cthr.ttl
    # became the documentation's title. The schemes are data in concepts.ttl.
    assert not list(owl_file().subjects(RDF.type, SKOS.ConceptScheme))
    concepts = rdflib.Graph().parse(data=(files("cthr.ontology") / "concepts.ttl").read_text(encoding="utf-8"),
                                    format="turtle")
    schemes = set(concepts.subjects(RDF.type, SKOS.ConceptScheme))
    # graph/mapping.py files new post roles under cthr:postRoles.
    assert set(concepts.objects(None, SKOS.inScheme)) | {CTHR.postRoles} <= schemes


DOCS = ROOT / "docs" / "ontology" / "index.html"


def test_ontology_docs_document_every_term_of_the_owl_file():
    # Runs without pyLODE: the committed page names exactly the ontology's classes and properties,
    # under the ontology's own title (not a concept scheme's), at the current version.
    import html as html_lib
    import re

    page = DOCS.read_text(encoding="utf-8")
    g = owl_file()
    documented = {html_lib.unescape(iri) for iri in re.findall(
        r'<div class="\w+ entity" id="[^"]+">\s*<h3>.*?</h3>\s*<table>\s*<tr>\s*<th>IRI</th>\s*<td>\s*<code>([^<]+)</code>',
        page, re.S)}
    terms = {str(s) for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(CTHR))}
    assert documented == terms, "docs/ontology/index.html is stale: run python ontology/make_docs.py"
    title = str(g.value(ONTOLOGY, DCTERMS.title))
    assert re.search(r"<title>(.*?)</title>", page).group(1) == html_lib.escape(title, quote=False)
    assert str(g.value(ONTOLOGY, OWL.versionIRI)) in page and str(CC_BY) in page
    assert "Post roles" not in page   # a concept scheme's label


def test_ontology_docs_command_regenerates_the_committed_page(tmp_path):
    # The docs extra (pyLODE) is installed by .ci/run, so CI regenerates the page and compares bytes.
    import subprocess
    pytest.importorskip("pylode", reason="pyLODE is in the docs extra: pip install -e '.[docs]'")
    script = ROOT / "ontology" / "make_docs.py"
    check = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert check.stderr == ""   # pyLODE's debug logging is switched off
    stale = tmp_path / "index.html"
    stale.write_text(DOCS.read_text(encoding="utf-8").replace("start date", "begin date"), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), "--check", "-o", str(stale)], capture_output=True, text=True)
    assert proc.returncode == 1 and "is stale" in proc.stderr
