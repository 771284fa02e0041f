"""The Python API (cthr.open, cthr.build, Graph.query/sparql/network, Result.to_pandas) on real built graphs."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import cthr
from cthr.graph.query import QueryError

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "corpus" / "records" / "seed-events.yaml"
ONSA = "https://w3id.org/cthr/id/org/39947adb0bc078946eb6"
UNOCT = "United Nations Office of Counter-Terrorism"


@pytest.fixture(scope="module")
def graph(records_build):
    return cthr.open(records_build / "store")


def test_import_cthr_stays_cheap(tmp_path):
    # Nothing heavy loads until the API is used; the API module itself loads on first use.
    code = ("import sys, cthr; heavy = [m for m in ('pyoxigraph', 'rdflib', 'pyshacl', 'networkx', 'cthr.api') "
            "if m in sys.modules]; cthr.open; print(heavy, 'cthr.api' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] True"


def test_the_checkout_root_imports_the_sub_packages_its_cthr_folder_would_shadow(records_build):
    # In the repository root `cthr/` holds only the CLI and shadows the installed package
    # (CI installs a wheel): graph/, loaders/, ... must still be cthr.graph, cthr.loaders, ...
    code = ("import cthr, cthr.graph.build, cthr.loaders.records, cthr.queries, json, sys; "
            f"rows = cthr.open({str(records_build / 'store')!r}).query('frequent-attendees').rows; "
            "print(json.dumps([cthr.__file__, cthr.graph.build.__file__, cthr.loaders.records.__file__, len(rows)]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    init, build, records, n = json.loads(out.stdout)
    assert Path(init) == ROOT / "cthr" / "__init__.py"
    assert Path(build) == ROOT / "graph" / "build.py" and Path(records) == ROOT / "loaders" / "records.py"
    assert n > 0


def test_query_by_name_gives_python_values(graph):
    rows = graph.query("co-attendance", org="ONSA")
    assert rows.columns == ["other", "organisation", "sharedEvents", "events"]
    top = rows[0]
    assert top["organisation"] == UNOCT and top["sharedEvents"] == 2 and isinstance(top["sharedEvents"], int)
    assert isinstance(top["events"], list) and len(top["events"]) == 2
    events = graph.query("events-in-range", from_=date(2025, 1, 1))       # `from` is a Python keyword
    assert [(r["start"], r["end"], r["city"]) for r in events] == [(date(2025, 5, 6), date(2025, 5, 8), "Baghdad")]
    assert len(graph.query("events-in-range")) == 2                     # no hidden date range
    assert graph.query("co-attendance", org=ONSA).rows == rows.rows     # an IRI as well as a name


def test_query_errors_are_one_line_value_errors(graph):
    with pytest.raises(QueryError, match=r"needs --param org="):
        graph.query("co-attendance")
    with pytest.raises(QueryError, match=r"no stored query named 'co-attendence'; did you mean co-attendance"):
        graph.query("co-attendence")
    with pytest.raises(QueryError, match=r"parameter 'from': give a str, int or date, not float"):
        graph.query("events-in-range", from_=2024.5)
    with pytest.raises(QueryError, match=r"which fetches from the network"):
        graph.sparql("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_sparql_text(graph):
    result = graph.sparql("SELECT (COUNT(DISTINCT ?e) AS ?n) (GROUP_CONCAT(DISTINCT STR(?c); separator='|') AS ?cities) "
                          "{ ?e a cthr:Event ; cthr:location/cthr:displayName ?c }")
    assert result.rows == [{"n": 2, "cities": ["Baghdad"]}]
    assert graph.sparql("ASK { ?e a cthr:Event }").rows == [{"ask": True}]


def test_to_pandas(graph):
    pandas = pytest.importorskip("pandas", reason="pandas is the optional extra cthr-kg[pandas]")
    frame = graph.query("frequent-attendees").to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == graph.query("frequent-attendees").columns
    assert frame["events"].tolist() == [2, 2] and set(frame["organisation"]) == {
        "Office of the National Security Advisory", UNOCT}


def test_network_graphs_match_the_cli(graph, records_build):
    from click.testing import CliRunner

    from cthr.cli import main

    a = graph.network()
    assert (a.projection.number_of_nodes(), a.projection.number_of_edges()) == (28, 353)
    assert a.projection.nodes[ONSA]["label"] == "Office of the National Security Advisory"
    cli = json.loads(CliRunner().invoke(main, ["network", "stats", "--store", str(records_build / "store"),
                                               "--format", "json", "--top", "0"]).stdout)
    assert {r["id"]: r["degree"] for r in cli} == {r["id"]: r["degree"] for r in a.node_table()}
    assert graph.network(start="2025-01-01").data.events.keys() != a.data.events.keys()
    assert graph.membership().number_of_edges() > 0


def test_open_a_graph_file_and_refuse_a_missing_path(records_build, tmp_path):
    g = cthr.open(records_build / "graph.ttl")
    assert [r["organisation"] for r in g.query("frequent-attendees")] == [
        r["organisation"] for r in cthr.open(records_build / "store").query("frequent-attendees")]
    with pytest.raises(FileNotFoundError, match="no such store folder or RDF file"):
        cthr.open(tmp_path / "nothing")


def test_build_then_query(tmp_path):
    g = cthr.build([RECORDS], store=tmp_path / "store", out=tmp_path / "g.ttl")
    assert g.built.ok and g.built.sources == ["seed-events"]
    assert (tmp_path / "g.ttl").is_file()
    assert [r["source"].rsplit("/", 1)[-1] for r in g.query("sources")] == ["seed-events"]
    with pytest.raises(ValueError, match="give a store folder or an output file"):
        cthr.build([RECORDS], store=None)


def test_build_refuses_bad_input_and_writes_nothing(tmp_path):
    from cthr.loaders.model import LoadError

    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  - title: [unclosed\n", encoding="utf-8")
    with pytest.raises(LoadError, match="bad.yaml"):
        cthr.build([bad], store=tmp_path / "store")
    assert not (tmp_path / "store").exists()
