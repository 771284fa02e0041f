"""Focused stored queries rewritten for speed (issue 16 item 3a) give the rows of their earlier texts.

On a store built from bench/synth.py's corpus (real texts and records, real
build, the catalogue's own queries), each rewritten query is run against its
earlier text (tests/reference-queries/) for many foci: every kind of event
parameter (IRIs, title words, a text naming nothing), roles, organisations
and their combinations. Timing is bench/pages.py's job, never a test's.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode

from cthr.graph.query import _cell, _fast_cell, local_runner, parse_query_text, run_query, run_stored
from helpers import CATALOGUE

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference-queries"


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    pytest.importorskip("cthr.loaders.text")
    sys.path.insert(0, str(HERE.parent / "bench"))
    from synth import generate

    from cthr.graph.build import build
    from cthr.graph.store import GraphStore

    tmp = tmp_path_factory.mktemp("focused")
    generate(tmp / "corpus", articles=12, records=120, per_file=40, seed=7)
    result = build([tmp / "corpus" / "texts", tmp / "corpus" / "records"], store=tmp / "store")
    assert result.ok, result.report.text()
    graph = GraphStore.read_only(tmp / "store")
    graph.cache = None                          # every answer evaluated, none read back
    return graph


def _reference(name: str):
    path = REFERENCE / f"{name}.rq"
    return parse_query_text(path.read_text(encoding="utf-8"), name, str(path))


def _same_rows(columns, got, expected, order):
    """The same rows, in the same order of the ORDER BY keys (rows tying on all of them may swap)."""
    assert sorted(map(tuple, got)) == sorted(map(tuple, expected))
    keys = [columns.index(c) for c in order]
    assert [[r[k] for k in keys] for r in got] == [[r[k] for k in keys] for r in expected]
    assert [[type(c) for c in r] for r in sorted(got)] == [[type(c) for c in r] for r in sorted(expected)]


def _pick(graph, text):
    _, rows = run_query(graph, text)
    return [r[0] for r in rows]


def test_fact_provenance_gives_the_rows_of_its_earlier_text(synth_store):
    graph, runner = synth_store, local_runner(synth_store)
    new, old = CATALOGUE["fact-provenance"], _reference("fact-provenance")
    assert new.param("event").type == "event" and old.param("event").type == "string"
    events = _pick(graph, "SELECT ?e WHERE { ?e a cthr:Event } ORDER BY ?e")
    orgs = _pick(graph, "SELECT ?o (COUNT(*) AS ?n) WHERE { ?p cthr:agent ?o . ?o a cthr:Organisation } "
                        "GROUP BY ?o ORDER BY DESC(?n) ?o")
    behalf = _pick(graph, "SELECT DISTINCT ?o WHERE { ?p cthr:onBehalfOf ?o } ORDER BY ?o")
    assert len(events) > 50 and len(orgs) > 20 and behalf
    eventish = [None, events[0], events[len(events) // 2], events[-1], "workshop", "DIALOGUE", "no such title"]
    roles = [None, "organiser", "participant", "funder", "speaker"]
    people = [None, orgs[0], orgs[len(orgs) // 2], behalf[0]]
    checked = 0
    for event, role, org in itertools.product(eventish, roles, people):
        given = {k: v for k, v in (("event", event), ("role", role), ("org", org)) if v is not None}
        columns, got = run_stored(runner, new, given, CATALOGUE)
        old_columns, expected = run_stored(runner, old, given, CATALOGUE)
        assert columns == old_columns
        _same_rows(columns, got, expected, ["eventLabel", "roleName", "agentName", "source", "start", "line"])
        checked += bool(got)
    assert checked > 40                        # most combinations have rows: the comparison means something


def test_fact_provenance_of_one_event_is_every_participation_with_its_evidence(synth_store):
    graph, runner = synth_store, local_runner(synth_store)
    texts = _pick(graph, "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e cthr:hasParticipation ?p . ?p cthr:evidence ?a } "
                         "?a oa:hasTarget/oa:hasSelector/oa:exact ?q } ORDER BY ?e LIMIT 1")
    columns, rows = run_stored(runner, CATALOGUE["fact-provenance"], {"event": texts[0]}, CATALOGUE)
    _, participations = run_query(graph, f"SELECT ?p ?g WHERE {{ GRAPH ?g {{ <{texts[0]}> cthr:hasParticipation ?p }} }}")
    assert len(rows) == len(participations) > 0
    quoted = [dict(zip(columns, r)) for r in rows if dict(zip(columns, r))["quote"]]
    assert quoted and all(int(r["end"]) - int(r["start"]) == len(r["quote"]) for r in quoted)


TERMS = [None, NamedNode("https://w3id.org/cthr/id/org/x"), BlankNode("b0"), Literal("text"), Literal("texte", language="fr"),
         Literal("27", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
         Literal("x", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
         Literal("2024-12-03", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")),
         Literal("true", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
         Literal("1.5", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
         Literal("v", datatype=NamedNode("https://example.org/own-type"))]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_the_fast_cell_is_the_cell(term):
    assert _fast_cell(term) == _cell(term) and type(_fast_cell(term)) is type(_cell(term))


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_rows_converted_in_solution_order_are_the_rows_by_name(synth_store, name):
    # run_query iterates each solution (its values in the order of the variables); the old
    # conversion looked every variable up by name: both give the same cells, unbound ones "".
    from cthr.graph.query import inline_bindings, stored_bindings

    graph, runner = synth_store, local_runner(synth_store)
    q = CATALOGUE[name]
    given = {k: v for k, v in q.example_params().items() if not (q.param(k) and q.param(k).optional)}
    top = _pick(graph, "SELECT ?o (COUNT(*) AS ?n) WHERE { ?e cthr:hasParticipant ?o . ?o a cthr:Organisation } "
                       "GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 1")[0]
    # An example's body of the seed corpus (ONSA) is not in the synthetic one: its most connected body instead.
    given.update({p.name: top for p in q.params if p.type == "org" and p.name in given})
    bindings = stored_bindings(runner, q, given, CATALOGUE)
    text = inline_bindings(q.text, bindings)
    result = graph.query(text)
    columns = [v.value for v in result.variables]
    by_name = [[_cell(s[c]) for c in columns] for s in result]
    got_columns, got = run_query(graph, text)
    assert got_columns == columns and got == by_name
    assert [[type(c) for c in r] for r in got] == [[type(c) for c in r] for r in by_name]
