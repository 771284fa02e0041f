"""The researcher's project folder: cthr.toml, tables over the bundled ones, rebuilds when curation changes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cthr.cli import main
from cthr.graph.build import build
from cthr.graph.store import GraphStore
from cthr.loaders.model import LoadError
from cthr.loaders.project import find_project, load_curation

from helpers import RECORDS

EXTRA = """\
events:
  - {key: e1, title: Seminar on oversight, start: 2023-03-01, place: Ruritown, country: Ruritania}
organisations:
  - {name: Ruritanian Border Service, acronym: RBS}
  - {name: Border Guard of Ruritania}
participations:
  - {event: e1, agent: Ruritanian Border Service, roles: [organiser]}
  - {event: e1, agent: Border Guard of Ruritania, roles: [participant]}
"""


def names(store) -> dict[str, int]:
    graph = GraphStore(store)
    out = {r["n"].value: int(r["k"].value) for r in graph.query(
        "SELECT ?n (COUNT(DISTINCT ?o) AS ?k) { ?o a cthr:Organisation ; cthr:displayName ?n } GROUP BY ?n")}
    del graph
    return out


def test_conventional_file_names_need_no_config(tmp_path):
    (tmp_path / "aliases.yaml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "reviews").mkdir()
    project = find_project(tmp_path)
    assert (project.config, project.aliases, project.judgements, project.reviews) == \
        (None, tmp_path / "aliases.yaml", None, tmp_path / "reviews")


def test_cthr_toml_names_the_files_and_the_bundled_tables_can_be_left_out(tmp_path):
    (tmp_path / "my-aliases.yaml").write_text("- {name: Ruritanian Border Service, aliases: [Border Guard of Ruritania], "
                                              "country: Ruritania}\n", encoding="utf-8")
    (tmp_path / "cthr.toml").write_text('[curation]\naliases = "my-aliases.yaml"\nbundled_aliases = false\n',
                                        encoding="utf-8")
    curation = load_curation(tmp_path)
    assert list(e.label for e in curation.aliases.entries.values()) == ["Ruritanian Border Service"]
    assert curation.aliases.lookup("ONSA", "Iraq") is None


@pytest.mark.parametrize("toml, problem", [
    ('[curation]\naliases = "none.yaml"\n', r"cthr\.toml:2: aliases: no such file or folder"),
    ('[curation]\nalias = "a.yaml"\n', r"cthr\.toml:2: unknown key 'alias'"),
    ('[curation]\nbundled_aliases = "no"\n', r"cthr\.toml:2: bundled_aliases: expected true or false"),
    ('[curation]\naliases = \n', r"cthr\.toml:2: TOML: "),
    ('[build]\nx = 1\n', r"cthr\.toml:1: unknown section or key 'build'"),
])
def test_a_bad_cthr_toml_is_one_line_naming_file_line_and_problem(tmp_path, toml, problem):
    (tmp_path / "cthr.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(LoadError, match=problem):
        find_project(tmp_path)


def test_a_project_alias_merges_and_its_removal_splits_on_the_next_build(tmp_path):
    (tmp_path / "x.yaml").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "proj").mkdir()
    first = build([RECORDS, tmp_path / "x.yaml"], store=tmp_path / "s", project=tmp_path / "proj")
    assert first.ok and names(tmp_path / "s")["Border Guard of Ruritania"] == 1
    aliases = tmp_path / "proj" / "aliases.yaml"
    aliases.write_text("# the guard is the service's old name\n- name: Ruritanian Border Service\n"
                       "  aliases: [Border Guard of Ruritania]\n  country: Ruritania\n", encoding="utf-8")
    merged = build([RECORDS, tmp_path / "x.yaml"], store=tmp_path / "s", project=tmp_path / "proj")
    assert sorted(merged.sources) == ["seed-events", "x"] and not merged.skipped   # all re-mapped
    after = names(tmp_path / "s")
    assert after["Ruritanian Border Service"] == 1 and "Border Guard of Ruritania" not in after
    same = build([RECORDS, tmp_path / "x.yaml"], store=tmp_path / "s", project=tmp_path / "proj")
    assert same.sources == [] and sorted(same.skipped) == ["seed-events", "x"]      # nothing changed
    aliases.unlink()
    build([RECORDS, tmp_path / "x.yaml"], store=tmp_path / "s", project=tmp_path / "proj")
    assert names(tmp_path / "s")["Border Guard of Ruritania"] == 1


def test_a_project_sector_rule_decides_before_the_bundled_ones(tmp_path):
    (tmp_path / "x.yaml").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "sectors.yaml").write_text("- {sector: security, pattern: 'border'}\n", encoding="utf-8")
    assert build([tmp_path / "x.yaml"], store=tmp_path / "s", project=tmp_path / "proj").ok
    graph = GraphStore(tmp_path / "s")
    sectors = {r["s"].value for r in graph.query(
        'SELECT ?s { ?o rdfs:label "Border Guard of Ruritania"@en ; cthr:sector ?s }')}
    assert sectors == {"https://w3id.org/cthr/concept/sector/security"}


def test_a_store_resolved_under_other_settings_is_not_mixed_with_new_ones(tmp_path):
    (tmp_path / "x.yaml").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "proj").mkdir()
    assert build([RECORDS, tmp_path / "x.yaml"], store=tmp_path / "s", out=tmp_path / "g.ttl").ok
    before = (tmp_path / "g.ttl").read_bytes()
    (tmp_path / "proj" / "judgements.yaml").write_text(
        "- {judgement: same, a: {name: RBS, country: Ruritania}, b: {name: Border Guard of Ruritania, country: Ruritania}}\n",
        encoding="utf-8")
    with pytest.raises(LoadError, match=r"s: the store holds 1 source\(s\) resolved with other curation settings "
                                        r"or another version of cthr \(seed-events\): give them again, or build with --fresh"):
        build([tmp_path / "x.yaml"], store=tmp_path / "s", out=tmp_path / "g.ttl", project=tmp_path / "proj")
    assert (tmp_path / "g.ttl").read_bytes() == before
    assert build([tmp_path / "x.yaml"], store=tmp_path / "s", fresh=True, project=tmp_path / "proj").ok


def test_cthr_project_init_writes_files_the_build_reads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli = CliRunner()
    r = cli.invoke(main, ["project", "--init"])
    assert r.exit_code == 0, r.output
    assert {p.name for p in tmp_path.iterdir()} >= {"cthr.toml", "judgements.yaml", "aliases.yaml", "reviews"}
    assert "judgements read │ 0" in r.output or "judgements read" in r.output
    (tmp_path / "x.yaml").write_text(EXTRA, encoding="utf-8")
    r = cli.invoke(main, ["build", "x.yaml", "-o", "g.ttl"])
    assert r.exit_code == 0, r.output
    assert "project:" in r.output and "cthr.toml" in r.output


def test_a_project_folder_given_as_a_source_does_not_load_its_curation_files(tmp_path):
    (tmp_path / "x.yaml").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "judgements.yaml").write_text("- {judgement: unsure, a: {name: RBS, country: Ruritania}, "
                                              "b: {name: Border Guard of Ruritania, country: Ruritania}}\n", encoding="utf-8")
    (tmp_path / "aliases.yaml").write_text("[]\n", encoding="utf-8")
    result = build([tmp_path], store=tmp_path / "s", project=tmp_path)
    assert result.ok and result.sources == ["x"]


def test_the_projects_extract_files_change_what_texts_give(tmp_path):
    proj = tmp_path / "proj"
    (proj / "extract").mkdir(parents=True)
    text = tmp_path / "shura.txt"
    text.write_text("Meeting in Accra\n\nThe Valmora Shura hosted a meeting in Accra, Ghana on 3 May 2021.\n",
                    encoding="utf-8")
    first = build([text], store=tmp_path / "s", project=proj)
    assert first.ok and "Valmora Shura" not in names(tmp_path / "s")
    (proj / "extract" / "words.yaml").write_text("org_heads: [shura]\n", encoding="utf-8")
    again = build([text], store=tmp_path / "s", project=proj)
    assert again.ok and again.sources == ["shura"]         # the text is read again: its vocabulary changed
    assert "Valmora Shura" in names(tmp_path / "s")
    assert str(proj / "extract" / "words.yaml") in find_project(proj).used()


def test_the_projects_event_words_find_more_events(tmp_path):
    proj = tmp_path / "proj"
    (proj / "extract").mkdir(parents=True)
    text = tmp_path / "sitting.txt"
    text.write_text("Dialogue in Accra\n\nThe Valmora Bureau held a dialogue in Accra, Ghana on 3 May 2021. "
                    "The opening sitting took place in Kumasi on 1 March 2021.\n", encoding="utf-8")

    def places():
        graph = GraphStore(tmp_path / "s")
        out = sorted(r["p"].value for r in graph.query(
            "SELECT ?p { ?e a cthr:Event ; cthr:location/rdfs:label ?p }"))
        del graph
        return out

    assert build([text], store=tmp_path / "s", project=proj).ok and places() == ["Accra"]
    (proj / "extract" / "events.yaml").write_text("session_nouns: [sitting]\nsequence_markers: [opening]\n",
                                                  encoding="utf-8")
    again = build([text], store=tmp_path / "s", project=proj)
    assert again.ok and again.sources == ["sitting"]
    assert places() == ["Accra", "Kumasi"]
    assert str(proj / "extract" / "events.yaml") in find_project(proj).used()
