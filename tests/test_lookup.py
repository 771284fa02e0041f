"""Name keys (graph/namekey.py) on a graph built from invented records."""

from __future__ import annotations

import pytest

from cthr.graph.namekey import name_key
from cthr.graph.query import local_runner, run_query, run_stored
from helpers import CATALOGUE, cli

# Invented bodies: accents, a dotted acronym, a hyphenated name, and a twelve-event listing.
RECORDS = """\
source:
  title: "Invented records for lookup tests"
  curator: tests/test_lookup.py
events:
""" + "".join(f"""  - key: ev-{i:02d}
    title: "Invented Round Table {i:02d}"
    start: 2021-03-{i + 1:02d}
    place: "Tarnow"
    country: "Poland"
    event_type: "workshop"
""" for i in range(12)) + """organisations:
  - {name: "Agence Sécurité Côtière", acronym: "A.S.C.", kind: security}
  - {name: "Blue-Harbour  Monitoring Group", acronym: BHMG}
  - {name: "Cedar Legal Aid Network"}
participations:
""" + "".join(f"""  - {{event: ev-{i:02d}, agent: "Agence Sécurité Côtière", agent_kind: organisation, roles: [organiser]}}
  - {{event: ev-{i:02d}, agent: "Blue-Harbour  Monitoring Group", agent_kind: organisation, roles: [participant]}}
""" for i in range(12)) + """  - {event: ev-00, agent: "Cedar Legal Aid Network", agent_kind: organisation, roles: [participant]}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from cthr.graph.build import build
    from cthr.graph.store import GraphStore

    tmp = tmp_path_factory.mktemp("lookup")
    (tmp / "invented.yaml").write_text(RECORDS, encoding="utf-8")
    result = build([tmp / "invented.yaml"], store=tmp / "store", out=tmp / "graph.ttl")
    assert result.ok, result.report.text()
    return tmp, GraphStore.read_only(tmp / "store")


@pytest.mark.parametrize("typed, key", [
    ("Agence Sécurité Côtière", "agence securite cotiere"),
    ("  AGENCE   securite-cotiere ", "agence securite cotiere"),
    ("A.S.C.", "asc"), ("a s c", "a s c"), ("O\u2019Neill & Partners", "oneill partners"),
    ("Straße", "strasse"), ("", ""), ("--", ""),
])
def test_name_key_folds_case_accents_and_punctuation(typed, key):
    assert name_key(typed) == key


def test_every_name_and_acronym_is_materialised_as_a_key(built):
    _, graph = built
    _, rows = run_query(graph, "SELECT ?k WHERE { ?o a cthr:Organisation ; cthr:nameKey ?k } ORDER BY ?k")
    keys = {r[0] for r in rows}
    assert {"agence securite cotiere", "asc", "blue harbour monitoring group", "bhmg",
            "cedar legal aid network"} <= keys


@pytest.mark.parametrize("typed", ["agence securite cotiere", "AGENCE SÉCURITÉ CÔTIÈRE", "asc", "A.S.C.",
                                   "Agence Sécurité-Côtière"])
def test_an_org_parameter_resolves_through_the_key(built, typed):
    _, graph = built
    columns, rows = run_stored(local_runner(graph), CATALOGUE["organisation-profile"], {"org": typed}, CATALOGUE)
    # Its twelve events, each as organiser (the other two bodies never organise).
    assert len(rows) == 12 and all("organiser" in r for r in rows)


def test_resolution_is_one_key_match_when_the_key_hits(built):
    # The runner sees every query text: a hit on the key never runs the label scan.
    _, graph = built
    seen = []
    base = local_runner(graph)

    def runner(text, bindings):
        seen.append(text)
        return base(text, bindings)
    run_stored(runner, CATALOGUE["co-attendance"], {"org": "bhmg"}, CATALOGUE)
    assert len(seen) == 2 and "cthr:nameKey ?key" in seen[0]
    assert CATALOGUE["find-organisation"].text not in seen


def test_a_name_with_no_key_falls_back_to_the_label_scan(tmp_path):
    # A graph from another tool has labels but no keys: the old exact-name scan still finds it.
    (tmp_path / "g.ttl").write_text(
        "@prefix cthr: <https://w3id.org/cthr/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/cthr/id/org/z9> a cthr:Organisation ; rdfs:label \"Zeta Board\" ; "
        "cthr:displayName \"Zeta Board\" .\n", encoding="utf-8")
    r = cli("query", "organisation-profile", "--param", "org=zeta board", "--graph", str(tmp_path / "g.ttl"),
            "--format", "csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = cli("query", "organisation-profile", "--param", "org=zeta", "--graph", str(tmp_path / "g.ttl"),
            cwd=tmp_path)
    assert r.returncode == 1 and "no organisation is named 'zeta'" in r.stderr
