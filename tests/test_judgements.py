"""Judgements as data: same merges, different splits, deleting a line restores the graph byte for byte."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cthr.cli import main
from cthr.graph.build import build
from cthr.graph.curation import redirects
from cthr.graph.export import export
from cthr.graph.identity import Identities
from cthr.graph.store import GraphStore
from cthr.loaders.judgements import Judgement, load_judgements
from cthr.loaders.model import LoadError
from cthr.loaders.project import find_project, load_curation

# Invented records: an event in Iraq naming the Iraqi office two ways (the
# bundled alias table merges them) and a border service written two ways.
RECORDS = """\
events:
  - {key: e1, title: Workshop on oversight, start: 2023-03-01, end: 2023-03-02, place: Baghdad, country: Iraq}
  - {key: e2, title: Border seminar, start: 2023-05-10, place: Ruritown, country: Ruritania}
organisations:
  - {name: Office of the National Security Advisory, acronym: ONSA}
  - {name: National Security Advisory, acronym: NSA}
  - {name: Ruritanian Border Service}
  - {name: Border Service of Ruritania}
participations:
  - {event: e1, agent: Office of the National Security Advisory, roles: [organiser]}
  - {event: e1, agent: National Security Advisory, roles: [participant]}
  - {event: e2, agent: Ruritanian Border Service, roles: [host]}
  - {event: e2, agent: Border Service of Ruritania, roles: [participant]}
"""
SPLIT = """\
- judgement: different
  a: {name: National Security Advisory, country: Iraq}
  b: {name: Office of the National Security Advisory, country: Iraq}
  author: A. Researcher
  date: 2026-11-30
  note: the text does not say these are one body
"""
MERGE = """\
- judgement: same
  a: {name: Ruritanian Border Service, country: Ruritania}
  b: {name: Border Service of Ruritania, country: Ruritania}
  author: A. Researcher
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "proj").mkdir()
    (tmp_path / "w.yaml").write_text(RECORDS, encoding="utf-8")
    return tmp_path


def run(tmp, judgements: str | None) -> tuple[bytes, bytes, GraphStore]:
    """Build the records with this judgements file (None: no file) into one store, as a researcher does."""
    path = tmp / "proj" / "judgements.yaml"
    if judgements is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(judgements, encoding="utf-8")
    result = build([tmp / "w.yaml"], store=tmp / "store", out=tmp / "g.ttl", project=tmp / "proj")
    assert result.ok, result.report.text()
    export(GraphStore(tmp / "store"), tmp / "g.nq", "nquads")
    return (tmp / "g.ttl").read_bytes(), (tmp / "g.nq").read_bytes(), GraphStore(tmp / "store")


def orgs(store: GraphStore) -> dict[str, set[str]]:
    """Display name -> IRIs of organisations."""
    out: dict[str, set[str]] = {}
    for r in store.query("SELECT ?o ?n { ?o a cthr:Organisation ; cthr:displayName ?n }"):
        out.setdefault(r["n"].value, set()).add(r["o"].value)
    return out


def labels_of(store: GraphStore, iri: str) -> set[str]:
    return {r["l"].value for r in store.query(f"SELECT ?l {{ <{iri}> rdfs:label ?l }}")}


def test_different_splits_what_the_alias_table_merges_and_deleting_it_restores_the_graph(project):
    before_ttl, before_nq, store = run(project, None)
    merged = orgs(store)["Office of the National Security Advisory"]
    assert len(merged) == 1 and "National Security Advisory" in labels_of(store, next(iter(merged)))
    del store
    split_ttl, _, store = run(project, SPLIT)
    names = orgs(store)
    assert names["Office of the National Security Advisory"] != names["National Security Advisory"]
    assert labels_of(store, next(iter(names["National Security Advisory"]))) == {"National Security Advisory"}
    assert split_ttl != before_ttl
    del store
    after_ttl, after_nq, _ = run(project, None)          # the line deleted
    assert after_ttl == before_ttl and after_nq == before_nq


def test_same_merges_a_pair_and_the_other_iri_keeps_resolving(project):
    before_ttl, before_nq, store = run(project, "")
    old = orgs(store)
    assert len(old["Border Service of Ruritania"] | old["Ruritanian Border Service"]) == 2
    del store
    merged_ttl, _, store = run(project, MERGE)
    now = orgs(store)
    node = now["Border Service of Ruritania"]
    assert len(node) == 1 and "Ruritanian Border Service" not in now
    assert labels_of(store, next(iter(node))) == {"Ruritanian Border Service", "Border Service of Ruritania"}
    gone = (old["Border Service of Ruritania"] | old["Ruritanian Border Service"]) - node
    assert [(o, n) for o, n, _ in redirects(store) if o in gone] == [(next(iter(gone)), next(iter(node)))]
    # `cthr why` on the merged-away IRI shows the merged node's evidence.
    r = CliRunner().invoke(main, ["why", next(iter(gone)), "--graph", str(project / "g.ttl")])
    assert r.exit_code == 0 and "w" in r.output and "line" in r.output
    del store
    assert run(project, "")[:2] == (before_ttl, before_nq)


def test_judgement_sides_may_be_iris(project):
    _, _, store = run(project, None)
    a, b = (next(iter(orgs(store)[n])) for n in ("Ruritanian Border Service", "Border Service of Ruritania"))
    del store
    _, _, store = run(project, f"- {{judgement: same, a: {a}, b: {b}}}\n")
    assert orgs(store)["Border Service of Ruritania"] == {min(a, b)}


def test_judgements_block_candidates_and_unsure_changes_nothing(project):
    base_ttl, _, store = run(project, None)
    cli = CliRunner()

    def pairs():
        r = cli.invoke(main, ["entities", "--candidates", "--graph", str(project / "g.ttl"),
                              "--project", str(project / "proj"), "--format", "csv", "--min-score", "50"])
        assert r.exit_code == 0, r.output
        return [line.split(",")[1:3] for line in r.output.splitlines()[1:]]
    assert ["Border Service of Ruritania", "Ruritanian Border Service"] in [sorted(p) for p in pairs()]
    del store
    unsure = MERGE.replace("same", "unsure")
    ttl, _, _ = run(project, unsure)
    assert ttl == base_ttl
    assert ["Border Service of Ruritania", "Ruritanian Border Service"] not in [sorted(p) for p in pairs()]


def test_cthr_judge_appends_an_entry_that_the_next_build_applies(project):
    run(project, None)
    (project / "proj" / "judgements.yaml").unlink(missing_ok=True)
    r = CliRunner().invoke(main, ["judge", "same", "Ruritanian Border Service", "Border Service of Ruritania",
                                  "--country-a", "Ruritania", "--country-b", "Ruritania", "--author", "A. R.",
                                  "--project", str(project / "proj")])
    assert r.exit_code == 0, r.output
    edges = load_judgements(project / "proj" / "judgements.yaml")
    assert [(e.judgement, e.a.name, e.a.country, e.author) for e in edges] == \
        [(Judgement.SAME, "Ruritanian Border Service", "Ruritania", "A. R.")]
    result = build([project / "w.yaml"], store=project / "store", project=project / "proj")
    assert result.sources == ["w"]           # the judgement changed the curation: re-mapped
    assert len(orgs(GraphStore(project / "store"))["Border Service of Ruritania"]) == 1
    # A contradicting decision is refused and the file is left as it was.
    before = (project / "proj" / "judgements.yaml").read_bytes()
    r = CliRunner().invoke(main, ["judge", "different", "Ruritanian Border Service", "Border Service of Ruritania",
                                  "--country-a", "Ruritania", "--country-b", "Ruritania",
                                  "--project", str(project / "proj")])
    same_line = before.decode().splitlines().index("- judgement: same") + 1
    different_line = len(before.decode().splitlines()) + 1          # where the new entry would start
    assert r.exit_code == 1
    assert (f"judgements.yaml:{different_line}: judged different, but the 'same' judgements on line(s) {same_line} join"
            in " ".join(r.output.split()))
    assert (project / "proj" / "judgements.yaml").read_bytes() == before


def test_judgements_csv_reads_like_yaml(tmp_path):
    path = tmp_path / "judgements.csv"
    path.write_text("# decisions\njudgement,a,a_country,b,b_country,author,date,note\n"
                    "different,Ministry of Justice,Ruritania,Ministry of Justice,Freedonia,A. R.,2026-11-30,two states\n",
                    encoding="utf-8")
    (edge,) = load_judgements(path)
    assert edge.judgement is Judgement.DIFFERENT and (edge.a.country, edge.b.country, edge.line) == ("Ruritania", "Freedonia", 3)
    assert find_project(tmp_path).judgements == path


@pytest.mark.parametrize("text, problem", [
    ("- {judgement: maybe, a: X, b: Y}\n", r"judgements\.yaml:1: field 'judgement': 'maybe' is not one of"),
    ("- {judgement: same, a: X}\n", r"judgements\.yaml:1: field 'b': required"),
    ("- {judgement: same, a: X, b: X}\n", r"judgements\.yaml:1: both sides are the same"),
    ("- judgement: same\n  a: X\n  b: {name: Y, land: Z}\n", r"judgements\.yaml:3: field 'b\.land': unknown"),
    ("- {judgement: same, a: 'https://w3id.org/cthr/id/event/00000000000000000000', b: Y}\n",
     r"judgements\.yaml:1: field 'a': .* is not an organisation or person IRI"),
    ("- {judgement: same, a: X, b: Y, date: 2026-02-31}\n", r"judgements\.yaml:1: field 'date': '2026-02-31' is not a date"),
    ("- {judgement: same, a: X, b: Y, who: me}\n", r"judgements\.yaml:1: field 'who': unknown"),
    ("judgement: same\n", r"judgements\.yaml:1: a judgements file is a list"),
    ("- {judgement: same, a: Ministry of Trade, b: Trade Ministry}\n",
     r"judgements\.yaml:1: 'Ministry of Trade' is a national body or a bare acronym: give its country"),
    ("- {judgement: same, a: Canada}\n", r"judgements\.yaml:1: field 'b': required"),
    ("- {judgement: same, a: {name: Ada Obi, kind: person}, b: Canada}\n",
     r"judgements\.yaml:1: a judgement compares two organisations or two persons, not person and organisation"),
    ("- {judgement: same, a: X, b: Y, kind: place}\n", r"judgements\.yaml:1: field 'kind': 'place' is not one of"),
    ("- {judgement: same, a: UNDP, b: Canada}\n- {judgement: same, a: Canada, b: Government of Iraq}\n",
     r"judgements\.yaml:1: both sides are alias-table entries \('United Nations Development Programme', 'Canada'\)"),
])
def test_a_bad_judgements_file_is_one_line_naming_file_line_and_problem(tmp_path, text, problem):
    path = tmp_path / "judgements.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match=problem):
        Identities(load_curation(find_project(tmp_path)))


def test_a_bad_judgements_file_stops_the_build_and_keeps_the_store(project):
    ttl, nq, store = run(project, None)
    del store
    (project / "proj" / "judgements.yaml").write_text("- {judgement: same, a: X}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(project / "w.yaml"), "--store", str(project / "store"),
                                  "-o", str(project / "g.ttl"), "--project", str(project / "proj")])
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1].endswith("judgements.yaml:1: field 'b': required")
    assert (project / "g.ttl").read_bytes() == ttl


def test_same_merges_two_spellings_of_a_person(project):
    (project / "w.yaml").write_text(RECORDS + "persons:\n  - {name: Ada Obi, role: Chair, organisation: Ruritanian Border Service}\n"
                                    "  - {name: Ada N. Obi}\n", encoding="utf-8")
    _, _, store = run(project, None)
    count = "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a cthr:Person }"
    assert int(next(iter(store.query(count)))["n"].value) == 2
    del store
    _, _, store = run(project, "- {judgement: same, a: Ada Obi, b: Ada N. Obi, kind: person}\n")
    assert int(next(iter(store.query(count)))["n"].value) == 1
    assert {r["l"].value for r in store.query("SELECT ?l { ?p a cthr:Person ; rdfs:label ?l }")} == {"Ada Obi", "Ada N. Obi"}


def test_a_judgement_naming_nothing_in_the_graph_is_reported(project):
    path = project / "proj" / "judgements.yaml"
    path.write_text("- {judgement: same, a: {name: Ruritanian Border Servise, country: Ruritania}, "
                    "b: {name: Border Service of Ruritania, country: Ruritania}}\n", encoding="utf-8")
    result = build([project / "w.yaml"], store=project / "store", project=project / "proj")
    assert result.ok
    assert result.notes == [f"{path}:1: 'Ruritanian Border Servise' (Ruritania) names no organisation in the graph: "
                            "check the name and country (or give the IRI)"]
