"""`cthr why`: a full IRI, a short id: IRI or a name resolves to the node's evidence; anything else is one line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cthr.cli import main

ONSA = "https://w3id.org/cthr/id/org/39947adb0bc078946eb6"
# Two organisations sharing one acronym: resolving it must refuse and list both.
AMBIGUOUS = """\
@prefix cthr: <https://w3id.org/cthr/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/cthr/id/org/a1> a cthr:Organisation ; rdfs:label "Alpha Board" ; skos:altLabel "AB" .
<https://w3id.org/cthr/id/org/b2> a cthr:Organisation ; rdfs:label "Able Bureau" ; skos:altLabel "AB" .
"""


def why(*args):
    return CliRunner().invoke(main, ["why", *args, "--format", "csv"])


@pytest.mark.parametrize("node", [ONSA, "id:org/39947adb0bc078946eb6", "ONSA", "onsa",
                                  "Office of the National Security Advisory"])
def test_every_way_of_naming_a_node_gives_its_evidence(records_build, node):
    r = why(node, "--store", str(records_build / "store"))
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["source,where,quote", "seed-events,line 53,", "seed-events,line 94,"]


@pytest.mark.parametrize("node, message", [
    ("nosuch", "error: no organisation is named 'nosuch'"),
    ("id:org/0000", "error: the graph has nothing about https://w3id.org/cthr/id/org/0000"),
    ("http://bad iri", "error: 'http://bad iri' is not an IRI"),
    ("", "error: give an IRI, a short id:kind/hash or an organisation's name"),
])
def test_unknown_or_malformed_nodes_are_one_line_errors(records_build, node, message):
    r = why(node, "--store", str(records_build / "store"))
    assert r.exit_code == 1
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert len(r.output.strip().splitlines()) == 1 and r.output.startswith(message), r.output


def test_an_ambiguous_name_lists_the_candidates(tmp_path):
    (tmp_path / "two.ttl").write_text(AMBIGUOUS, encoding="utf-8")
    r = why("ab", "--graph", str(tmp_path / "two.ttl"))
    assert r.exit_code == 1
    assert r.output.strip() == ("error: 'ab' names several organisations: Alpha Board <https://w3id.org/cthr/id/org/a1>; "
                                "Able Bureau <https://w3id.org/cthr/id/org/b2>; pass one IRI")
    # One of them by IRI is not ambiguous: it has no evidence, and says so.
    r = why("id:org/a1", "--graph", str(tmp_path / "two.ttl"))
    assert r.exit_code == 1 and r.output.strip() == "error: no evidence recorded for https://w3id.org/cthr/id/org/a1"
