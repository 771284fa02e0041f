"""Nothing is fetched from the network while parsing or querying.

A listener on 127.0.0.1 (tests/security/conftest.py) records every
connection and answers with a secret payload. Input files point at it in
every way RDF, XML, HTML and SPARQL allow: owl:imports, external and
parameter XML entities, an external DTD, <script src>, <img>, <link>,
@import, SERVICE, LOAD. The real CLI parses or queries them; the listener
must see no connection and the payload must not reach the graph. Positive
controls show the listener does see a client that really connects.
"""

from __future__ import annotations

import subprocess
import urllib.request
from pathlib import Path

import pytest

from helpers import ENV, RECORDS, SECRET, cli


OWL_IMPORTS_TTL = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/onto> a owl:Ontology ;
    owl:imports <{url}/x.ttl> , <{url}/ontology.owl> ;
    rdfs:seeAlso <{url}/more.ttl> .
"""

OWL_IMPORTS_RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:owl="http://www.w3.org/2002/07/owl#">
  <owl:Ontology rdf:about="http://example.org/onto">
    <owl:imports rdf:resource="{url}/x.ttl"/>
  </owl:Ontology>
</rdf:RDF>
"""

XXE_RDF = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY ext SYSTEM "{url}/secret">
  <!ENTITY % pe SYSTEM "{url}/pe.dtd">
  %pe;
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:b>&ext;</ex:b></rdf:Description>
</rdf:RDF>
"""

XXE_ONLY_GENERAL = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "{url}/secret"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:b>&ext;</ex:b></rdf:Description>
</rdf:RDF>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<?xml-stylesheet href="{url}/style.xsl" type="text/xsl"?>
<!DOCTYPE rdf:RDF SYSTEM "{url}/rdf.dtd">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"
         xml:base="{url}/base/">
  <rdf:Description rdf:about="a"><ex:b rdf:resource="{url}/c"/></rdf:Description>
</rdf:RDF>
"""

# Internal entities for namespace IRIs are common in real OWL files, but any entity
# declaration is refused (issue 13: names a pattern misses let bombs through).
INTERNAL_ENTITIES = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="&ex;a"><ex:b rdf:resource="&ex;c"/></rdf:Description>
</rdf:RDF>
"""

HOSTILE_HTML = """<!DOCTYPE html>
<html><head>
<base href="{url}/">
<meta http-equiv="refresh" content="0; url={url}/refresh">
<link rel="stylesheet" href="{url}/style.css">
<link rel="preload" href="{url}/font.woff2" as="font">
<style>@import url("{url}/import.css"); body {{ background: url({url}/bg.png) }}</style>
<script src="{url}/evil.js"></script>
<title>Workshop press release</title>
</head><body>
<script>fetch("{url}/beacon"); document.write("SCRIPT-TEXT-MARKER");</script>
<noscript><img src="{url}/noscript.gif">NOSCRIPT-TEXT-MARKER</noscript>
<h1>Human rights course held in Testville</h1>
<p>TESTVILLE, 6 May 2025 – The Ruritanian Police Academy (RPA) held a training course
on human rights in Testville from 6 to 8 May 2025.
<img src="{url}/pixel.gif" srcset="{url}/pixel2x.gif 2x" alt="">
<iframe src="{url}/frame"></iframe><object data="{url}/object"></object>
<svg><image href="{url}/svg.png"/></svg>
<a href="{url}/link">Read more</a></p>
</body></html>
"""


# A proxy setting must not be the reason no connection arrives: clear them.
NO_PROXY_ENV = {k: v for k, v in ENV.items()
                if k not in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")}


def run_cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    return cli(*args, cwd=cwd, timeout=120, env=NO_PROXY_ENV)


def _count(tmp_path, graph_file: str) -> subprocess.CompletedProcess:
    (tmp_path / "all.rq").write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o }\n")
    return run_cli("query", "--graph", graph_file, "--file", "all.rq", "--format", "csv", cwd=tmp_path)


def _no_traceback_one_error(result: subprocess.CompletedProcess, name: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [ln for ln in result.stderr.splitlines() if ln.lower().startswith("error")]
    assert len(errors) == 1 and name in errors[0], result.stderr[-2000:]


def test_the_listener_sees_a_client_that_connects(listener):
    """Positive control: a real HTTP client is recorded (so the silence below means something)."""
    with urllib.request.urlopen(f"{listener.url}/probe", timeout=5) as reply:
        assert reply.read().decode() == SECRET
    assert listener.requests and listener.requests[0].startswith(b"GET /probe")


# --------------------------------------------------------------- (a) owl:imports
READ_COMMANDS = {
    "validate": lambda f: ["validate", f],
    "stats": lambda f: ["stats", "--graph", f],
    "entities": lambda f: ["entities", "--graph", f],
}


@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
@pytest.mark.parametrize("name,template", [("imports.ttl", OWL_IMPORTS_TTL), ("imports.rdf", OWL_IMPORTS_RDF)])
def test_owl_imports_are_not_fetched(listener, tmp_path, command, name, template):
    (tmp_path / name).write_text(template.format(url=listener.url))
    result = run_cli(*READ_COMMANDS[command](name), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert listener.requests == []


@pytest.mark.parametrize("name,template", [("imports.ttl", OWL_IMPORTS_TTL), ("imports.rdf", OWL_IMPORTS_RDF)])
def test_owl_imports_are_kept_as_data_only(listener, tmp_path, name, template):
    (tmp_path / name).write_text(template.format(url=listener.url))
    result = _count(tmp_path, name)
    assert result.returncode == 0, result.stderr
    assert f"{listener.url}/x.ttl" in result.stdout          # the statement is data ...
    assert SECRET not in result.stdout                       # ... nothing was imported
    assert listener.requests == []


def test_records_with_urls_are_not_fetched(listener, tmp_path):
    """A curated records file's source URL and derived_from URLs are stored, never fetched."""
    src = RECORDS.read_text(encoding="utf-8").replace("https://theiij.org/event/", f"{listener.url}/event/")
    src = src.replace("source:\n", f"source:\n  url: {listener.url}/release\n", 1)
    (tmp_path / "urls.yaml").write_text(src, encoding="utf-8")
    result = run_cli("build", "urls.yaml", "--no-store", "-o", "g.ttl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{listener.url}/release" in (tmp_path / "g.ttl").read_text()
    assert listener.requests == []


# ------------------------------------------------- (b) XML entities and DTDs
@pytest.mark.parametrize("command", sorted(READ_COMMANDS) + ["query"])
@pytest.mark.parametrize("name,template", [("xxe.rdf", XXE_RDF), ("xxe-general.rdf", XXE_ONLY_GENERAL),
                                           ("external-dtd.rdf", EXTERNAL_DTD)])
def test_xml_external_entities_and_dtds_are_not_fetched(listener, tmp_path, command, name, template):
    (tmp_path / name).write_text(template.format(url=listener.url))
    result = _count(tmp_path, name) if command == "query" else run_cli(*READ_COMMANDS[command](name), cwd=tmp_path)
    assert listener.requests == [], listener.requests
    assert SECRET not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if result.returncode != 0:          # refusing the entity is fine, in one line naming the file
        _no_traceback_one_error(result, name)


def test_an_external_entity_is_never_expanded_into_the_graph(listener, tmp_path):
    (tmp_path / "xxe.rdf").write_text(XXE_ONLY_GENERAL.format(url=listener.url))
    result = _count(tmp_path, "xxe.rdf")
    if result.returncode == 0:
        assert SECRET not in result.stdout
    else:
        _no_traceback_one_error(result, "xxe.rdf")
    assert listener.requests == []


def test_internal_namespace_entities_are_refused_but_the_same_file_spelled_out_works(tmp_path):
    (tmp_path / "ns.rdf").write_text(INTERNAL_ENTITIES)
    result = _count(tmp_path, "ns.rdf")
    _no_traceback_one_error(result, "ns.rdf")
    assert "declares entities" in result.stderr
    spelled = INTERNAL_ENTITIES.replace("&ex;", "http://example.org/").replace(
        '<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>\n', "")
    (tmp_path / "spelled.rdf").write_text(spelled)
    result = _count(tmp_path, "spelled.rdf")
    assert result.returncode == 0, result.stderr
    assert "http://example.org/a,http://example.org/b,http://example.org/c" in result.stdout


def _entity_bomb(levels: int) -> str:
    """`levels` nested internal entities, each ten of the one before: 3 * 10**levels bytes from ~600."""
    ents = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, levels + 1)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
            f'  <rdf:Description rdf:about="http://example.org/a"><ex:b>&l{levels};</ex:b></rdf:Description>\n'
            "</rdf:RDF>\n")


def test_an_entity_expansion_bomb_is_refused(tmp_path):
    """Nested internal entities ("billion laughs") are refused before parsing: one line, no blow-up."""
    (tmp_path / "bomb.rdf").write_text(_entity_bomb(9), encoding="utf-8")
    result = run_cli("stats", "--graph", "bomb.rdf", cwd=tmp_path)
    _no_traceback_one_error(result, "bomb.rdf")
    assert "declares entities" in result.stderr


# SERVICE written plainly, in lower case, behind comments and strings that
# mention it, and nested in OPTIONAL: every form must be refused.
SERVICE_QUERIES = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "lowercase": "select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "after-comment": "# SERVICE is mentioned here\nSELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }}",
    "after-string": 'SELECT * WHERE {{ BIND ("no SERVICE here" AS ?x) SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}',
}


@pytest.fixture()
def small_graph(tmp_path):
    (tmp_path / "small.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
                                        encoding="utf-8")
    return "small.ttl"


@pytest.mark.parametrize("case", sorted(SERVICE_QUERIES))
def test_service_is_refused_without_allow_network(listener, tmp_path, small_graph, case):
    (tmp_path / "q.rq").write_text(SERVICE_QUERIES[case].format(url=listener.url))
    result = run_cli("query", "--graph", small_graph, "--file", "q.rq", cwd=tmp_path)
    assert listener.requests == [], listener.requests
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]


def test_service_reaches_the_listener_with_allow_network(listener, tmp_path, small_graph):
    """Positive control: with --allow-network the same query does connect (so the refusals are real)."""
    (tmp_path / "q.rq").write_text(SERVICE_QUERIES["plain"].format(url=listener.url))
    run_cli("query", "--graph", small_graph, "--file", "q.rq", "--allow-network", cwd=tmp_path)
    assert listener.requests and b"/sparql" in listener.requests[0]


def test_load_update_is_refused_without_allow_network(listener, tmp_path, records_build):
    """LOAD <url> as an update on a store: refused, nothing fetched, the store unchanged."""
    import shutil

    from pyoxigraph import Store

    store = tmp_path / "store"
    shutil.copytree(records_build / "store", store)
    before = len(Store.read_only(str(store)))
    for text in (f"LOAD <{listener.url}/data.ttl>", f"LOAD SILENT <{listener.url}/data.ttl> INTO GRAPH <urn:x>"):
        (tmp_path / "u.rq").write_text(text)
        result = run_cli("query", "--store", store, "--file", "u.rq", "--allow-update", cwd=tmp_path)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert listener.requests == []
    assert len(Store.read_only(str(store))) == before
