"""Review files: reject, correct and add facts, keyed to the source's SHA-256; provenance says who and when."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml
from click.testing import CliRunner

from cthr.cli import main
from cthr.graph.build import build, load_source
from cthr.graph.store import GraphStore
from cthr.loaders.model import LoadError
from cthr.loaders.review import apply_review, load_review, review_template

RECORDS = """\
events:
  - {key: e1, title: Seminar on oversight, start: 2023-03-01, end: 2023-03-02, place: Ruritown, country: Ruritania}
organisations:
  - {name: Ruritanian Border Service}
  - {name: Ministry of Interior}
participations:
  - {event: e1, agent: Ruritanian Border Service, roles: [organiser]}
  - {event: e1, agent: Ministry of Interior, roles: [participant]}
"""
# Invented, in the plain shape any extractor reads.
TEXT = ("The Office of the National Security Adviser (ONSA) organised a workshop in Abuja, Nigeria on "
        "3-4 May 2021. The Nigeria Police took part.\n")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "proj" / "reviews").mkdir(parents=True)
    (tmp_path / "w.yaml").write_text(RECORDS, encoding="utf-8")
    return tmp_path


def template(path) -> dict:
    return yaml.safe_load(review_template(load_source(path), date(2026, 11, 30)))


def write_review(folder, key: str, doc: dict) -> None:
    (folder / "proj" / "reviews" / f"{key}.review.yaml").write_text(
        yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def decide(doc: dict, kind: str, field: str, value: str, decision: str, **set_values) -> dict:
    for entry in doc[kind]:
        if entry[field] == value:
            entry["decision"] = decision
            if set_values:
                entry["set"] = set_values
            return doc
    raise AssertionError(f"no {kind} {value!r} in the review template")


def rows(folder, sparql: str) -> list[dict]:
    """Rows of a SPARQL query over the built store, as {variable: value}."""
    result = GraphStore(folder / "store").query(sparql)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def do_build(folder, *sources, progress=None):
    result = build(list(sources) or [folder / "w.yaml"], store=folder / "store", out=folder / "g.ttl",
                   project=folder / "proj", progress=progress)
    assert result.ok, result.report.text()
    return result


ORGS = "SELECT ?n { ?o a cthr:Organisation ; cthr:displayName ?n } ORDER BY ?n"
PARTS = "SELECT ?n { ?e cthr:hasParticipation/cthr:agent/cthr:displayName ?n } ORDER BY ?n"


def test_an_unedited_review_changes_nothing(folder):
    do_build(folder)
    before = (folder / "g.ttl").read_bytes()
    doc = template(folder / "w.yaml")
    assert {e["decision"] for k in ("events", "organisations", "participations") for e in doc[k]} == {"unreviewed"}
    write_review(folder, "w", doc)
    do_build(folder)
    assert (folder / "g.ttl").read_bytes() == before


def test_rejecting_an_organisation_removes_it_and_its_participations(folder):
    write_review(folder, "w", decide(template(folder / "w.yaml"), "organisations", "organisation",
                                     "Ministry of Interior", "reject"))
    do_build(folder)
    assert [r["n"] for r in rows(folder, ORGS)] == ["Ruritanian Border Service"]
    assert [r["n"] for r in rows(folder, PARTS)] == ["Ruritanian Border Service"]


def test_correcting_a_date_changes_the_event_and_records_who_and_when(folder):
    doc = decide(template(folder / "w.yaml"), "events", "event", "e1", "correct", start="2023-02-28")
    doc["reviewer"] = "A. Researcher"
    write_review(folder, "w", doc)
    do_build(folder)
    (event,) = rows(folder, "SELECT ?s ?e { ?x a cthr:Event ; cthr:startDate ?s ; cthr:endDate ?e }")
    assert (event["s"], event["e"]) == ("2023-02-28", "2023-03-02")
    (prov,) = rows(folder, """SELECT ?m ?d ?who ?f ?file ?line {
        ?x a cthr:Event ; cthr:evidence ?ev . ?ev cthr:method ?m ; dcterms:date ?d ; dcterms:creator ?who ;
        cthr:correctedField ?f ; cthr:curatedFile ?file ; cthr:curatedLine ?line }""")
    line = (folder / "proj" / "reviews" / "w.review.yaml").read_text().splitlines().index("- event: e1") + 1
    assert prov == {"m": "review", "d": "2026-11-30", "who": "A. Researcher", "f": "start",
                    "file": "w.review.yaml", "line": str(line)}


def test_curated_extracted_and_corrected_facts_are_told_apart_in_sparql(folder):
    text = folder / "abuja.txt"
    text.write_text(TEXT, encoding="utf-8")
    doc = decide(template(folder / "w.yaml"), "organisations", "organisation", "Ministry of Interior", "correct",
                 name="Ministry of the Interior")
    write_review(folder, "w", doc)
    do_build(folder, folder / "w.yaml", text)
    methods = {r["source"]: set(r["methods"].split()) for r in rows(folder, """
        SELECT ?source (GROUP_CONCAT(DISTINCT ?m) AS ?methods) {
          ?ev a cthr:Evidence ; cthr:method ?m ; oa:hasTarget/oa:hasSource ?doc .
          BIND (STRAFTER(STR(?doc), "/source/") AS ?source) } GROUP BY ?source""")}
    assert methods["w"] == {"record", "review"}
    assert "review" not in methods["abuja"] and "record" not in methods["abuja"] and methods["abuja"]
    (fixed,) = rows(folder, """SELECT ?n { ?o a cthr:Organisation ; rdfs:label ?n ; cthr:evidence/cthr:method "review" }""")
    assert fixed["n"] == "Ministry of the Interior"


def test_a_review_of_a_changed_source_is_reported_and_not_applied(folder):
    write_review(folder, "w", decide(template(folder / "w.yaml"), "organisations", "organisation",
                                     "Ministry of Interior", "reject"))
    (folder / "w.yaml").write_text(RECORDS + "  # one more line: the bytes changed\n", encoding="utf-8")
    said = []
    result = do_build(folder, progress=said.append)
    assert "Ministry of Interior" in [r["n"] for r in rows(folder, ORGS)]
    (note,) = result.notes
    assert "w.review.yaml" in note and "changed since this review" in note and "not applied" in note
    assert any(m.startswith("warning: ") and "w.review.yaml" in m for m in said)


def test_a_rejected_organisation_of_an_extracted_text_goes_with_its_participations(folder):
    text = folder / "abuja.txt"
    text.write_text(TEXT, encoding="utf-8")
    doc = template(text)
    assert "Nigeria Police" in [o["organisation"] for o in doc["organisations"]]
    write_review(folder, "abuja", decide(doc, "organisations", "organisation", "Nigeria Police", "reject"))
    do_build(folder, text)
    assert "Nigeria Police" not in [r["n"] for r in rows(folder, ORGS)]
    assert "Nigeria Police" not in [r["n"] for r in rows(folder, PARTS)]
    assert "Office of the National Security Adviser" in [r["n"] for r in rows(folder, ORGS)]


def test_a_missed_fact_is_added_with_the_span_of_its_quote(folder):
    text = folder / "abuja.txt"
    text.write_text(TEXT, encoding="utf-8")
    doc = template(text)
    doc["add"] = [{"type": "organisations", "name": "Abuja Bar Association", "quote": "Nigeria Police"},
                  {"type": "persons", "name": "Ada Obi", "role": "Chair", "organisation": "Abuja Bar Association"}]
    write_review(folder, "abuja", doc)
    do_build(folder, text)
    found = rows(folder, """SELECT ?n ?m ?f ?start ?end { ?o rdfs:label "Abuja Bar Association"@en ;
        cthr:evidence ?ev . ?ev cthr:method ?m ; cthr:correctedField ?f ;
        oa:hasTarget/oa:hasSelector [ oa:start ?start ; oa:end ?end ] . BIND ("x" AS ?n) }""")
    at = TEXT.index("Nigeria Police")
    assert found == [{"n": "x", "m": "review", "f": "added", "start": str(at), "end": str(at + len("Nigeria Police"))}]
    assert rows(folder, """SELECT ?p { ?m cthr:member/rdfs:label "Ada Obi"@en ;
        cthr:organisation/rdfs:label "Abuja Bar Association"@en ; cthr:postRole/skos:prefLabel ?p }""") == [{"p": "Chair"}]


def test_cthr_review_writes_the_template_and_keeps_an_existing_one(folder):
    cli = CliRunner()
    r = cli.invoke(main, ["review", str(folder / "w.yaml"), "--project", str(folder / "proj")])
    assert r.exit_code == 0, r.output
    path = folder / "proj" / "reviews" / "w.review.yaml"
    review = load_review(path)
    assert review.source == "w" and review.sha256 == load_source(folder / "w.yaml").source.sha256
    assert len(review.entries) == 1 + 2 + 2
    path.write_text(path.read_text().replace("reviewer: ''", "reviewer: me"), encoding="utf-8")
    r = cli.invoke(main, ["review", str(folder / "w.yaml"), "--project", str(folder / "proj")])
    assert r.exit_code == 1 and "exists" in r.output and "reviewer: me" in path.read_text()


@pytest.mark.parametrize("edit, problem", [
    (lambda d: d["organisations"][0].update(decision="maybe"), r":\d+: field 'decision': 'maybe' is not one of"),
    (lambda d: d["organisations"][0].update(decision="correct"), r":\d+: a correction needs the new values under 'set:'"),
    (lambda d: d["organisations"][0].update(set={"name": "X"}), r":\d+: 'set:' goes with decision: correct"),
    (lambda d: d["events"][0].update(decision="correct", set={"start": "2023-02-31"}),
     r":\d+: field 'start': '2023-02-31' is not a real date"),
    (lambda d: d["events"][0].update(decision="correct", set={"key": "e2"}), r":\d+: field 'key': cannot be corrected"),
    (lambda d: d["organisations"][0].update(decison="reject"), r":\d+: field 'decison': unknown here"),
    (lambda d: d.update(source="other"), r"w\.review\.yaml:1: field 'source': 'other' does not match the file name"),
    (lambda d: d.update(add=[{"type": "parties", "name": "X"}]), r":\d+: field 'type': 'parties' is not one of"),
    (lambda d: d.update(add=[{"type": "persons"}]), r":\d+: field 'name': required for persons"),
])
def test_a_bad_review_file_is_one_line_naming_file_line_and_problem(folder, edit, problem):
    doc = template(folder / "w.yaml")
    edit(doc)
    write_review(folder, "w", doc)
    r = CliRunner().invoke(main, ["build", str(folder / "w.yaml"), "--store", str(folder / "store"),
                                  "-o", str(folder / "g.ttl"), "--project", str(folder / "proj")])
    assert r.exit_code == 1 and not (folder / "g.ttl").exists()
    last = r.output.strip().splitlines()[-1]
    assert last.startswith("error: ") and "w.review.yaml" in last and re.search(problem, last), last


def test_apply_review_leaves_the_extraction_it_was_given_alone(folder):
    x = load_source(folder / "w.yaml")
    path = folder / "proj" / "reviews" / "w.review.yaml"
    write_review(folder, "w", decide(template(folder / "w.yaml"), "organisations", "organisation",
                                     "Ministry of Interior", "reject"))
    y, notes = apply_review(x, load_review(path))
    assert not notes and len(y.organisations) == 1 and len(x.organisations) == 2
    with pytest.raises(LoadError):
        path.write_text("- just a list\n", encoding="utf-8")
        load_review(path)


def test_a_one_day_events_dates_are_both_written_out(tmp_path):
    src = tmp_path / "one-day.txt"
    src.write_text("A seminar in Abuja\n\nThe Coastal Rights Institute held a seminar in Abuja, Nigeria on "
                   "3 May 2021.\n", encoding="utf-8")
    text = review_template(load_source(src), date(2026, 11, 30))
    assert "start: 2021-05-03" in text and "end: 2021-05-03" in text and "&id" not in text
