"""`cthr serve` as a standard SPARQL 1.1 Protocol endpoint, against a real server subprocess.

Two real clients with their default settings (SPARQLWrapper asks for XML
results and RDF/XML graphs; rdflib's SPARQLStore for XML over GET), every
offered media type parsed back, the service description, 406, and the
opt-in CORS origins.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import urllib.parse
import xml.dom.minidom

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from test_serve import CTHR, request, start_serve, stop

MAX_ROWS = 50
ORIGIN = "http://yasgui.example"
PREFIX = "PREFIX cthr: <https://w3id.org/cthr/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
EVENTS = PREFIX + "SELECT ?e ?label WHERE { ?e a cthr:Event ; rdfs:label ?label } ORDER BY ?label"
CONSTRUCT = PREFIX + "CONSTRUCT { ?e a cthr:Event ; rdfs:label ?label } WHERE { ?e a cthr:Event ; rdfs:label ?label }"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def base(records_build):
    proc, url = start_serve("--store", str(records_build / "store"), "--max-rows", str(MAX_ROWS),
                            "--cors-origin", ORIGIN, "--cors-origin", "http://localhost:3000")
    yield url
    stop(proc)


# ------------------------------------------------------------ real clients
def test_sparqlwrapper_defaults_select_ask_construct(base):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(EVENTS)
    response = client.query()
    assert response.info()["content-type"].startswith("application/sparql-results+xml")
    doc = response.convert()
    assert isinstance(doc, xml.dom.minidom.Document)
    labels = [b.getElementsByTagName("literal")[0].firstChild.data
              for b in doc.getElementsByTagName("binding") if b.getAttribute("name") == "label"]
    assert len(labels) == 2 and labels[1].startswith("Strengthening Dialogue")
    client.setQuery(PREFIX + "ASK { ?e a cthr:Event }")
    doc = client.query().convert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setQuery(CONSTRUCT)
    graph = client.query().convert()                  # RDF/XML, parsed by rdflib
    assert len(graph) == 4


def test_rdflib_sparqlstore_defaults(base):
    from rdflib import Graph, Namespace, RDF
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    cthr = Namespace("https://w3id.org/cthr/ontology#")
    graph = Graph(store=SPARQLStore(base + "/sparql"))
    rows = list(graph.query(EVENTS))
    assert len(rows) == 2 and str(rows[0].label).startswith("Human Rights and Counter-Terrorism")
    assert graph.query(PREFIX + "ASK { ?e a cthr:Event }").askAnswer is True
    assert len(list(graph.triples((None, RDF.type, cthr.Event)))) == 2
    built = graph.query(CONSTRUCT).graph
    assert len(built) == 4


# ------------------------------------------------------- every media type
SELECT_MEDIA = {"application/sparql-results+json": QueryResultsFormat.JSON,
                "application/sparql-results+xml": QueryResultsFormat.XML,
                "text/tab-separated-values": QueryResultsFormat.TSV, "text/csv": None}


@pytest.mark.parametrize("media", sorted(SELECT_MEDIA))
def test_select_in_each_result_format(base, media):
    status, headers, body = request(base + "/sparql?" + urllib.parse.urlencode({"query": EVENTS}),
                                    headers={"Accept": media})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    if SELECT_MEDIA[media] is None:
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["e", "label"] and len(rows) == 3
    else:
        solutions = list(parse_query_results(body.encode(), format=SELECT_MEDIA[media]))
        assert len(solutions) == 2 and solutions[1]["label"].language == "en"


GRAPH_MEDIA = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES,
               "application/ld+json": RdfFormat.JSON_LD, "application/rdf+xml": RdfFormat.RDF_XML}


@pytest.mark.parametrize("media", sorted(GRAPH_MEDIA))
def test_construct_in_each_rdf_format(base, media):
    status, headers, body = request(base + "/sparql", {"query": CONSTRUCT}, {"Accept": media})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    triples = list(parse(body.encode(), format=GRAPH_MEDIA[media]))
    assert len(triples) == 4


def test_ask_in_xml_and_format_parameter(base):
    status, headers, body = request(base + "/sparql", {"query": PREFIX + "ASK { ?e a cthr:Nothing }", "format": "xml"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    assert bool(parse_query_results(body.encode(), format=QueryResultsFormat.XML)) is False
    status, headers, _ = request(base + "/sparql", {"query": CONSTRUCT, "format": "jsonld"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")


def test_accept_with_weights_and_wildcards(base):
    # The page's own Accept: results JSON for SELECT, Turtle for CONSTRUCT.
    page = "application/sparql-results+json, text/turtle;q=0.9"
    assert request(base + "/sparql", {"query": EVENTS}, {"Accept": page})[1]["Content-Type"].startswith(
        "application/sparql-results+json")
    assert request(base + "/sparql", {"query": CONSTRUCT}, {"Accept": page})[1]["Content-Type"].startswith(
        "text/turtle")
    status, headers, _ = request(base + "/sparql", {"query": EVENTS},
                                 {"Accept": "text/csv;q=0.2, application/sparql-results+xml;q=0.8"})
    assert headers["Content-Type"].startswith("application/sparql-results+xml")
    status, headers, _ = request(base + "/sparql", {"query": EVENTS}, {"Accept": "text/*"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("query, accept", [(EVENTS, "text/turtle"), (CONSTRUCT, "application/sparql-results+json"),
                                           (EVENTS, "application/sparql-results+xml;q=0")])
def test_406_only_when_nothing_offered_is_acceptable(base, query, accept):
    status, headers, body = request(base + "/sparql", {"query": query}, {"Accept": accept})
    assert status == 406 and "offered" in body and len(body.strip().splitlines()) == 1


def test_the_cap_holds_in_xml(base):
    status, headers, body = request(base + "/sparql", {"query": "SELECT * { ?s ?p ?o }"},
                                    {"Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["X-Cthr-Truncated"] == str(MAX_ROWS)
    assert len(list(parse_query_results(body.encode(), format=QueryResultsFormat.XML))) == MAX_ROWS


# ------------------------------------------------------ service description
def test_service_description_at_get_sparql(base):
    from rdflib import Graph, Namespace, URIRef

    status, headers, body = request(base + "/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    sd = Namespace(SD)
    endpoint = URIRef(base + "/sparql")
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Update) not in graph          # read-only
    formats = {str(o) for o in graph.objects(endpoint, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_XML" in formats and len(formats) == 8
    status, headers, body = request(base + "/sparql", headers={"Accept": "application/ld+json"})
    assert status == 200 and len(list(parse(body.encode(), format=RdfFormat.JSON_LD))) == len(graph)
    assert request(base + "/sparql", headers={"Accept": "application/sparql-results+json"})[0] == 406
    assert request(base + "/sparql", b"", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 400


def test_service_description_lists_the_default_and_named_graphs(base):
    from rdflib import RDF, Graph, Namespace, URIRef

    _, _, body = request(base + "/sparql")
    graph = Graph().parse(data=body, format="turtle")
    sd = Namespace(SD)
    dataset = graph.value(URIRef(base + "/sparql"), sd.defaultDataset)
    assert dataset is not None and (dataset, RDF.type, sd.Dataset) in graph
    assert (graph.value(dataset, sd.defaultGraph), RDF.type, sd.Graph) in graph
    named = {str(graph.value(n, sd.name)) for n in graph.objects(dataset, sd.namedGraph)}
    assert all((n, RDF.type, sd.NamedGraph) in graph for n in graph.objects(dataset, sd.namedGraph))
    status, _, body = request(base + "/sparql", {"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                              {"Accept": "application/sparql-results+json"})
    assert status == 200
    stored = {row["g"]["value"] for row in json.loads(body)["results"]["bindings"]}
    assert stored and named == stored


# -------------------------------------------------------------------- CORS
def test_cors_preflight_and_request_for_a_listed_origin(base):
    status, headers, _ = request(base + "/sparql", method="OPTIONS", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type, Accept"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ORIGIN and "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"]
    status, headers, body = request(base + "/sparql", {"query": EVENTS},
                                    {"Origin": ORIGIN, "Accept": "application/sparql-results+json"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Cthr-Truncated" in headers["Access-Control-Expose-Headers"]
    assert len(json.loads(body)["results"]["bindings"]) == 2


@pytest.mark.parametrize("origin, method, extra", [
    ("http://attacker.example", "POST", "content-type"),       # an origin not listed
    (ORIGIN + ":8080", "GET", ""),                             # same host, another port: another origin
    (ORIGIN, "PUT", ""),                                       # a method the endpoint does not take
    (ORIGIN, "POST", "authorization"),                         # a header it does not take
])
def test_cors_refuses_what_was_not_opted_in(base, origin, method, extra):
    status, headers, _ = request(base + "/sparql", method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": extra})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    if origin != ORIGIN:
        status, headers, _ = request(base + "/sparql", {"query": EVENTS}, {"Origin": origin})
        assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_no_cors_without_the_option(records_build):
    proc, url = start_serve("--store", str(records_build / "store"))
    try:
        status, headers, _ = request(url + "/sparql", method="OPTIONS", headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
        assert status == 403 and "Access-Control-Allow-Origin" not in headers
        status, _, body = request(url + "/sparql", {"query": EVENTS}, {"Origin": ORIGIN})
        assert status == 403 and "--cors-origin" in body
    finally:
        stop(proc)


@pytest.mark.parametrize("origin", ["https://yasgui.example/", "yasgui.example", "https://x.example/path"])
def test_a_malformed_cors_origin_is_one_error(records_build, origin):
    result = subprocess.run([CTHR, "serve", "--port", "0", "--store", str(records_build / "store"),
                             "--cors-origin", origin], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "--cors-origin" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ HTTP/1.1
def test_http11_keeps_the_connection_for_several_requests(base):
    import http.client

    conn = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    try:
        answers = []
        for path, body in (("/sparql?" + urllib.parse.urlencode({"query": EVENTS}), None),
                           ("/sparql", urllib.parse.urlencode({"query": PREFIX + "ASK { ?e a cthr:Event }"}))):
            conn.request("POST" if body else "GET", path, body=body,
                         headers={"Accept": "application/sparql-results+json",
                                  "Content-Type": "application/x-www-form-urlencoded"})
            resp = conn.getresponse()
            assert resp.version == 11 and resp.getheader("Connection") != "close"
            answers.append(json.loads(resp.read()))
            sock = conn.sock
            assert sock is not None                  # still open: the next request reuses it
        assert len(answers[0]["results"]["bindings"]) == 2 and answers[1]["boolean"] is True
        # An error whose body was not read ends the connection, so the body is never taken for a request.
        conn.request("POST", "/nowhere", body="GET /sparql HTTP/1.1\r\nHost: localhost\r\n\r\n",
                     headers={"Content-Type": "text/plain"})
        resp = conn.getresponse()
        assert resp.status == 404 and resp.getheader("Connection") == "close"
        resp.read()
    finally:
        conn.close()
