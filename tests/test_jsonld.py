"""Compact JSON-LD: readable keys from ontology/context.jsonld, the same graph back, offline."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse
from rdflib.namespace import OWL, RDF, RDFS, XSD

from cthr.cli import main
from cthr.graph.jsonld import Compactor, document, load_context

ROOT = Path(__file__).resolve().parents[1]
CONTEXT = ROOT / "ontology" / "context.jsonld"
EX = "http://example.org/"


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def quads_of(data: bytes, fmt: str) -> set:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=fmt)
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in ds.quads()}


@pytest.fixture()
def no_network(monkeypatch):
    """Any socket connection fails the test: parsing must never fetch a context."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_bundled_corpus_round_trips_through_rdflib(default_build, no_network):
    store = str(default_build / "store")
    data = cli("export", "--format", "jsonld", "--store", store).stdout_bytes
    doc = json.loads(data)
    assert doc["@context"] == load_context()                  # embedded, nothing to fetch
    nquads = cli("export", "--format", "nquads", "--store", store).stdout_bytes
    theirs, ours = quads_of(data, "json-ld"), quads_of(nquads, "nquads")
    assert len(theirs) == len(ours) > 2500 and theirs == ours  # no blank nodes: equal sets = isomorphic
    # pyoxigraph (what `cthr validate` / `--graph x.jsonld` read with) agrees too.
    assert len(set(parse(data, format=RdfFormat.JSON_LD))) == len(ours)
    # Readable keys, not full IRIs: every property the ontology names appears under its term.
    keys = {k for g in doc["@graph"] for node in g["@graph"] for k in node}
    assert {"displayName", "startDate", "hasParticipant", "evidence", "role"} <= keys
    assert not [k for k in keys if k.startswith("https://w3id.org/cthr/ontology#")]
    event = next(n for g in doc["@graph"] for n in g["@graph"] if n.get("@type") == "cthr:Event")
    assert len(event["startDate"]) == 10 and event["@id"].startswith("id:event/")


def test_export_is_byte_stable_across_builds(records_build, tmp_path):
    from cthr.graph.build import build
    from helpers import RECORDS

    build([RECORDS], store=tmp_path / "store", out=tmp_path / "g.ttl")
    first = cli("export", "--format", "jsonld", "--store", str(records_build / "store")).stdout_bytes
    second = cli("export", "--format", "jsonld", "--store", str(tmp_path / "store")).stdout_bytes
    assert first and first == second


def test_awkward_values_round_trip(no_network):
    """Values a term's type does not fit go under the full key and read back unchanged."""
    c = "https://w3id.org/cthr/ontology#"
    s = NamedNode("https://w3id.org/cthr/id/event/x1")
    triples = [
        Triple(s, NamedNode(str(RDF.type)), NamedNode(c + "Event")),
        Triple(s, NamedNode(c + "startDate"), Literal("2031-04", datatype=NamedNode(str(XSD.gYearMonth)))),
        Triple(s, NamedNode(c + "endDate"), Literal("2031-04-09", datatype=NamedNode(str(XSD.date)))),
        Triple(s, NamedNode(c + "participantCount"), Literal("007", datatype=NamedNode(str(XSD.integer)))),
        Triple(s, NamedNode(c + "participantCount"), Literal("12", datatype=NamedNode(str(XSD.integer)))),
        Triple(s, NamedNode(c + "amount"), Literal("2.50", datatype=NamedNode(str(XSD.decimal)))),
        Triple(s, NamedNode(EX + "ratio"), Literal("2.5E0", datatype=NamedNode(str(XSD.double)))),
        Triple(s, NamedNode(EX + "flag"), Literal("true", datatype=NamedNode(str(XSD.boolean)))),
        Triple(s, NamedNode(c + "hostedBy"), Literal("a name, not an IRI")),
        Triple(s, NamedNode(c + "jobTitle"), NamedNode(EX + "an-iri-where-text-is-usual")),
        Triple(s, NamedNode(c + "displayName"), Literal("Atelier inventé", language="fr")),
        Triple(s, NamedNode(str(RDFS.label)), Literal("plain")),
        Triple(s, NamedNode(str(OWL.sameAs)), NamedNode("urn:x-local:7")),
        Triple(s, NamedNode(c + "location"), NamedNode("https://w3id.org/cthr/id/place/p9")),
    ]
    graph = "https://w3id.org/cthr/id/source/invented"
    data = document([(graph, iter(triples))])
    node = json.loads(data)["@graph"][0]["@graph"][0]
    assert node["endDate"] == "2031-04-09" and node["location"] == "id:place/p9"
    assert node["cthr:startDate"] == {"@value": "2031-04", "@type": "xsd:gYearMonth"}
    assert node["cthr:hostedBy"] == "a name, not an IRI"
    assert node["jobTitle"] == {"@id": EX + "an-iri-where-text-is-usual"}
    assert sorted(map(json.dumps, node["participantCount"])) == sorted(
        map(json.dumps, [12, {"@value": "007", "@type": "xsd:integer"}]))
    theirs = {(s, p, o) for s, p, o, _g in quads_of(data, "json-ld")}
    expected = rdflib.Graph()
    expected.parse(data="".join(f"{t} .\n" for t in triples), format="nt")
    assert theirs == set(expected)


def test_context_covers_every_ontology_property_with_its_range():
    onto = rdflib.Graph().parse(ROOT / "ontology" / "cthr.ttl")
    compact = Compactor(load_context(CONTEXT.read_text(encoding="utf-8")))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in onto.subjects(RDF.type, kind):
            key, coerced = compact.terms.get(str(prop), (None, None))
            assert key == str(prop).rsplit("#", 1)[1], f"{prop} has no readable key in context.jsonld"
            rng = onto.value(prop, RDFS.range)
            if kind == OWL.ObjectProperty:
                assert coerced == "@id", key
            elif rng in (XSD.date, XSD.decimal):
                assert coerced == str(rng), key
            else:
                assert coerced is None, key        # strings, integers, language strings stay native JSON


def test_context_file_errors_are_one_line():
    with pytest.raises(ValueError, match="'role' is defined twice"):
        load_context('{"@context": {"role": "https://x.org/a/", "role": "https://x.org/b#r"}}')
    with pytest.raises(ValueError, match="name the same property"):
        Compactor(load_context('{"@context": {"a": "https://x.org/p", "b": "https://x.org/p"}}'))
    with pytest.raises(ValueError, match="expected"):
        load_context("[1]")


def test_context_is_package_data():
    from importlib.resources import files

    assert (files("cthr.ontology") / "context.jsonld").read_bytes() == CONTEXT.read_bytes()


def test_a_referenced_context_gives_the_same_graph_read_locally(default_build, no_network):
    """--context-url writes "@context": URL; with that URL's content (the bundled file) the quads are the same."""
    store = str(default_build / "store")
    url = "https://example.org/published/context.jsonld"
    data = cli("export", "--format", "jsonld", "--context-url", url, "--store", store).stdout_bytes
    doc = json.loads(data)
    assert doc["@context"] == url
    embedded = json.loads(cli("export", "--format", "jsonld", "--store", store).stdout_bytes)
    assert doc["@graph"] == embedded["@graph"]                      # the same compact keys
    # The reader resolves the reference itself: here to the local file, as a file: URL, so
    # rdflib loads the context from disk (the socket guard fails the test on any fetch).
    doc["@context"] = CONTEXT.as_uri()
    theirs = quads_of(json.dumps(doc).encode("utf-8"), "json-ld")
    ours = quads_of(cli("export", "--format", "nquads", "--store", store).stdout_bytes, "nquads")
    assert len(theirs) > 2500 and theirs == ours
    # pyoxigraph (`--graph`, `validate`) never fetches a context: it refuses the reference.
    with pytest.raises(SyntaxError, match="remote context"):
        list(parse(data, format=RdfFormat.JSON_LD))


def test_context_url_is_checked_before_anything_is_read(tmp_path):
    for args, message in ((["--format", "jsonld", "--context-url", "context.jsonld"], "absolute http(s) URL"),
                          (["--format", "jsonld", "--context-url", "http://x.org/a b"], "absolute http(s) URL"),
                          (["--format", "turtle", "--context-url", "https://x.org/c.jsonld"], "jsonld only")):
        result = CliRunner().invoke(main, ["export", *args, "--store", str(tmp_path / "none")])
        assert result.exit_code == 1 and message in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
