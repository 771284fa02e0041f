"""Name resolution: scopes, country-scoped alias entries, national bodies (loaders/entities.py)."""

from __future__ import annotations

import pytest

from cthr.loaders.curated_yaml import read_yaml
from cthr.loaders.entities import (
    AliasTable, Resolver, Scope, ScopeRules, SectorRules, bundled_layer, is_acronym, names_country, normalise,
)
from cthr.loaders.model import LoadError


def table(text: str, name: str = "aliases.yaml") -> AliasTable:
    return AliasTable([bundled_layer("aliases.yaml"), (read_yaml(name, text), name)])


def test_normalise_folds_case_accents_spelling_and_the():
    assert normalise("The Centre for Défense & Programme") == normalise("center for defense and program")


@pytest.mark.parametrize("name, national", [
    ("Ministry of Justice", True), ("Office of the National Security Adviser", True),
    ("Nigeria Police", True), ("Supreme Court of Ruritania", True), ("National Center for International Judicial Cooperation", True),
    ("United Nations Development Programme", False), ("International Institute for Justice and the Rule of Law", False),
    ("EU Delegation to Freedonia", False), ("Baghdad University", False),
    # French, Spanish and Portuguese names of bodies every state has
    ("Commission nationale des droits de l'homme", True), ("Conseil supérieur de la magistrature", True),
    ("Policía Nacional", True), ("Defensoría del Pueblo", True), ("Procuradoria-Geral da República", True),
    ("Office des Nations Unies contre la drogue et le crime", False), ("Comité international de la Croix-Rouge", False),
    ("Organización de los Estados Americanos", False), ("Institut régional de formation", False),
])
def test_bundled_scope_rules_say_which_names_are_national_bodies(name, national):
    assert ScopeRules.load().national(name) is national


def test_a_national_body_is_keyed_by_its_country():
    r = Resolver()
    a = r.organisation("Ministry of Interior", scope=Scope(country="Ruritania"))
    b = r.organisation("Ministry of Interior", scope=Scope(country="Freedonia"))
    c = r.organisation("Ministry of the Interior", scope=Scope(country="Ruritania"))
    assert a.key != b.key and a.key == c.key
    assert (a.country, b.country) == ("Ruritania", "Freedonia")


def test_without_a_country_a_national_body_is_keyed_by_its_parent_else_its_source():
    r = Resolver()
    by_parent = r.organisation("Ministry of Trade", scope=Scope(parent="government of freedonia", source="s1"))
    by_source = r.organisation("Ministry of Trade", scope=Scope(source="s1"))
    other_source = r.organisation("Ministry of Trade", scope=Scope(source="s2"))
    assert len({by_parent.key, by_source.key, other_source.key}) == 3
    assert by_source.country is None


def test_an_international_body_is_one_node_wherever_it_is_written():
    r = Resolver()
    keys = {r.organisation("United Nations Development Programme", scope=Scope(country=c, source=c)).key
            for c in ("Ruritania", "Freedonia", None)}
    assert len(keys) == 1


def test_a_bare_unknown_acronym_is_scoped_like_a_national_body():
    assert is_acronym("RBS") and is_acronym("CoE") and not is_acronym("Police") and not is_acronym("EU Delegation")
    r = Resolver()
    assert r.organisation("RBS", scope=Scope(country="Ruritania")).key != r.organisation("RBS", scope=Scope(country="Freedonia")).key


def test_a_country_alias_entry_resolves_only_in_its_country():
    aliases = table("- {name: Ruritanian Security Office, acronym: RSO, aliases: [Security Office], country: Ruritania}\n")
    r = Resolver(aliases)
    home = r.organisation("Security Office", scope=Scope(country="Ruritania"))
    abroad = r.organisation("Security Office", scope=Scope(country="Freedonia"))
    by_acronym = r.organisation("Security Office of the Interior", "RSO", scope=Scope(country="Ruritania"))
    assert home.entry is not None and home.entry.label == "Ruritanian Security Office"
    assert abroad.entry is None and abroad.key != home.key
    assert by_acronym.key == home.key


def test_an_alias_entry_also_matches_a_name_that_names_its_country():
    r = Resolver(table("- {name: Government of Ruritania, aliases: [Ruritanian Government], country: Ruritania}\n"))
    assert names_country("Ruritanian Government", "Ruritania") and not names_country("Government of Freedonia", "Ruritania")
    found = r.organisation("Ruritanian Government", scope=Scope(country="Freedonia"))
    assert found.entry is not None and found.country == "Ruritania"


def test_the_bundled_onsa_entry_is_iraqs_and_does_not_take_another_countrys_office():
    r = Resolver()
    iraq = r.organisation("Office of the National Security Adviser", "ONSA", Scope(country="Iraq"))
    other = r.organisation("Office of the National Security Adviser", "ONSA", Scope(country="Nigeria"))
    assert iraq.entry is not None and iraq.entry.label == "Office of the National Security Advisory"
    assert other.entry is None and other.country == "Nigeria" and other.key != iraq.key


def test_one_alias_may_name_two_entries_only_for_two_countries():
    ok = "- {name: Ruritanian Police, aliases: [NPF], country: Ruritania}\n- {name: Freedonian Police, aliases: [NPF], country: Freedonia}\n"
    assert table(ok).lookup("NPF", "Freedonia").label == "Freedonian Police"
    bad = "- {name: Ruritanian Police, aliases: [NPF]}\n- {name: Freedonian Police, aliases: [NPF], country: Freedonia}\n"
    with pytest.raises(LoadError, match=r"aliases\.yaml:2: alias 'npf' names both 'Ruritanian Police' \(line 1\)"):
        table(bad)


def test_a_project_entry_replaces_the_bundled_one_of_the_same_name():
    aliases = table("- {name: Global Counterterrorism Forum, acronym: GCTF, sector: civil-society}\n")
    assert aliases.lookup("GCTF").sector == "civil-society"
    assert aliases.lookup("GCTF").origin.file == "aliases.yaml"


@pytest.mark.parametrize("text, problem", [
    ("- {name: X, acronim: Y}\n", r"aliases\.yaml:1: field 'acronim': unknown"),
    ("- {acronym: Y}\n", r"aliases\.yaml:1: field 'name': required"),
    ("- {name: X, country: NO}\n", r"aliases\.yaml:1: field 'country': expected text, got False \(quote it\)"),
    ("name: X\n", r"aliases\.yaml:1: an alias table is a list"),
    ("- {name: X, aliases: Y}\n", r"aliases\.yaml:1: field 'aliases': expected a list"),
    ("- &a {name: X}\n- *a\n", r"aliases\.yaml:1: YAML anchors and aliases"),
    ("- {name: X\n", r"aliases\.yaml:2: YAML:"),
])
def test_a_bad_alias_table_is_one_line_naming_file_line_and_problem(text, problem):
    with pytest.raises(LoadError, match=problem):
        table(text)


def test_project_sector_rules_are_tried_before_the_bundled_ones():
    rules = SectorRules([bundled_layer("sectors.yaml"),
                         (read_yaml("s.yaml", "- {sector: civil-society, pattern: 'ministry of culture'}\n"), "s.yaml")])
    assert rules.classify("Ministry of Culture") == "civil-society"
    assert rules.classify("Ministry of Trade") == "government"
    with pytest.raises(LoadError, match=r"s\.yaml:1: field 'pattern': not a regular expression"):
        SectorRules([(read_yaml("s.yaml", "- {sector: un, pattern: '(unclosed'}\n"), "s.yaml")])


def test_a_name_that_says_its_country_wins_over_the_events_country():
    r = Resolver()
    assert ScopeRules.load().country("U.S. Department of Justice") == "United States"
    assert ScopeRules.load().country("Usman Institute") is None
    at_event = r.organisation("US Department of State", scope=Scope(country="Iraq", assumed=True))
    assert at_event.country == "United States"
    # A country the source states for the body is kept.
    stated = r.organisation("US Department of State", scope=Scope(country="Freedonia"))
    assert stated.country == "Freedonia"


def test_a_bad_scope_rule_is_one_line(tmp_path):
    with pytest.raises(LoadError, match=r"s\.yaml:1: field 'scope': 'local' is not one of national, international"):
        ScopeRules([(read_yaml("s.yaml", "- {scope: local, pattern: x}\n"), "s.yaml")])
    with pytest.raises(LoadError, match=r"s\.yaml:1: a rule gives 'scope' or 'country'"):
        ScopeRules([(read_yaml("s.yaml", "- {scope: national, country: X, pattern: x}\n"), "s.yaml")])


def test_a_national_body_named_with_its_own_country_is_that_countrys_body():
    r = Resolver()
    bare = r.organisation("Ministry of Interior", scope=Scope(country="Tunisia")).key
    for written in ("Ministry of Interior of Tunisia", "Tunisian Ministry of Interior",
                    "Tunisia's Ministry of Interior"):
        assert r.organisation(written, scope=Scope(country="Tunisia")).key == bare, written
    # another country's name stays apart, and a name longer than the country is kept whole
    assert r.organisation("Ministry of Interior", scope=Scope(country="Morocco")).key != bare
    assert r.organisation("Ministry of Interior of the Tunis Governorate", scope=Scope(country="Tunisia")).key != bare


def test_a_name_keyed_without_its_country_keeps_its_written_key_for_a_redirect():
    r = Resolver()
    got = r.organisation("Ministry of Interior of Tunisia", scope=Scope(country="Tunisia"))
    assert got.key == r.organisation("Ministry of Interior", scope=Scope(country="Tunisia")).key
    assert got.own_key != got.key     # the IRI it had before: mapped to owl:sameAs the new one


def test_a_known_body_no_name_rule_classifies_gets_its_gazetteer_kinds_sector():
    rules = SectorRules.load()
    assert rules.classify("Saferworld") == "civil-society"            # a known NGO, no telling word in its name
    assert rules.classify("Egmont Group") == "intergovernmental"
    assert rules.classify("Ruritanian Rights Watchers", kind="ngo") == "civil-society"   # the extractor's kind
    assert rules.classify("Ruritanian Rights Watchers") == "other"
    assert rules.classify("Police Academy of Ruritania", kind="ngo") == "security"      # a name rule goes first


def test_an_ngos_national_section_from_a_text_is_civil_society(tmp_path):
    from pyoxigraph import Store, RdfFormat

    from cthr.graph.build import build

    text = tmp_path / "section.txt"
    text.write_text("Workshop on rights in Accra\n\nAccra, 4 May 2024 - The Coastal Rights Institute convened a "
                    "workshop in Accra on 3 May 2024. Representatives of Amnesty International Senegal took part.\n",
                    encoding="utf-8")
    assert build([text], out=tmp_path / "g.ttl").ok
    store = Store()
    store.load(path=str(tmp_path / "g.ttl"), format=RdfFormat.TURTLE)
    rows = store.query('PREFIX cthr: <https://w3id.org/cthr/ontology#> PREFIX rdfs: '
                       '<http://www.w3.org/2000/01/rdf-schema#> SELECT ?s WHERE { ?o rdfs:label '
                       '"Amnesty International Senegal"@en ; cthr:sector ?s }')
    assert [r["s"].value.rsplit("/", 1)[-1] for r in rows] == ["civil-society"]


def test_a_unit_named_after_its_parents_full_name_or_acronym_is_one_body(tmp_path):
    from cthr.graph.build import build
    from cthr.graph.stats import organisations, redirects
    from cthr.graph.store import GraphStore

    for name, text in {"a": "The UNDP Regional Office for the Coast organised a course in Accra on 3 May 2024.",
                       "b": "The United Nations Development Programme Regional Office for the Coast held a "
                            "seminar in Lome on 5 June 2024."}.items():
        (tmp_path / f"{name}.txt").write_text(f"Event in town\n\n{text}\n", encoding="utf-8")
    assert build([tmp_path / "a.txt", tmp_path / "b.txt"], store=tmp_path / "s").ok
    graph = GraphStore.read_only(tmp_path / "s")
    units = [r for r in organisations(graph) if "Regional Office" in r["label"]]
    assert len(units) == 1 and units[0]["events"] == 2
    assert redirects(graph)          # the IRI the full name had before still resolves


def test_a_unit_of_two_parents_is_two_bodies_and_one_under_either_spelling(tmp_path):
    from cthr.graph.build import build
    from cthr.graph.stats import organisations
    from cthr.graph.store import GraphStore

    texts = {"a": "UNAMI's Human Rights Office organised a workshop in Baghdad on 3 May 2024 for prison officials.",
             "b": "MINUSMA's Human Rights Office held a seminar in Bamako on 5 June 2024 for police officers.",
             "c": "The Human Rights Office of MINUSMA trained gendarmes in Gao on 7 July 2024."}
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(f"Event in town\n\n{text}\n", encoding="utf-8")
    assert build([tmp_path / f"{n}.txt" for n in texts], store=tmp_path / "s").ok
    offices = sorted((r["events"], r["names"]) for r in organisations(GraphStore.read_only(tmp_path / "s"))
                     if "Human Rights Office" in r["label"])
    # UNAMI's office alone; MINUSMA's under both spellings
    assert [events for events, _ in offices] == [1, 2] and "Human Rights Office of MINUSMA" in offices[1][1]


def test_a_known_body_is_one_entry_under_its_names_in_every_language_and_its_acronym():
    r = Resolver()
    keys = {r.organisation(n, scope=Scope(country=c)).key
            for n, c in (("Council of Europe", "Ruritania"), ("Conseil de l'Europe", "Freedonia"),
                         ("Conseil de l'Europe", None), ("CoE", "Ruritania"))}
    assert len(keys) == 1
    # A known donor agency is its own country's, named anywhere.
    a = r.organisation("Global Affairs Canada", scope=Scope(country="Ruritania"))
    b = r.organisation("Affaires mondiales Canada", scope=Scope(country="Canada"))
    assert a.key == b.key and a.entry is not None


def test_a_form_two_known_bodies_share_names_neither():
    from cthr.loaders.gazetteers import organisations
    from cthr.loaders.known_entries import known_layer

    entries, _ = known_layer()
    forms: dict[str, set[str]] = {}
    for o in organisations():
        for f in {normalise(x) for x in (o.name, *o.aliases, *o.safe_acronyms)}:
            forms.setdefault(f, set()).add(o.name)
    shared = {f for f, owners in forms.items() if len(owners) > 1}
    for e in entries:
        for f in (e.get("acronym"), *e.get("aliases", [])):
            if f and normalise(f) in shared:
                countries = {o.country for o in organisations() if o.name in forms[normalise(f)]}
                assert None not in countries and len(countries) == len(forms[normalise(f)]), (e["name"], f)


def test_a_state_written_two_ways_in_two_articles_is_one_node(tmp_path):
    import cthr

    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("Course in Accra\n\nThe course was held in Accra on 3 May 2024 with funding from "
                                  "the Government of Japan.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Atelier à Dakar\n\nL'atelier s'est tenu à Dakar le 3 mai 2024 grâce au "
                                  "financement du Gouvernement du Japon.\n", encoding="utf-8")
    g = cthr.build([folder], store=tmp_path / "store")
    funders = {r["funder"] for r in g.query("funders")}
    assert len(funders) == 1, funders


def test_a_unit_written_under_another_parent_is_not_the_known_body_of_that_name():
    r = Resolver()
    un_committee = r.organisation("Human Rights Committee").key
    bar = r.organisation("Valdor Bar").key
    assert r.organisation("Human Rights Committee", scope=Scope(parent=bar)).key != un_committee
    # written under its own parent, or an ancestor of it, it is still the known body
    unodc = r.organisation("UNODC").key
    assert r.organisation("Terrorism Prevention Branch", scope=Scope(parent=unodc)).key \
        == r.organisation("Terrorism Prevention Branch").key


def test_a_committee_named_with_its_owners_possessive_is_not_the_un_committee(tmp_path):
    from cthr.graph.build import build
    from cthr.graph.stats import organisations
    from cthr.graph.store import GraphStore

    texts = {"a": "The Valdor Bar's Human Rights Committee held a workshop in Accra on 3 May 2024 for lawyers.",
             "b": "The Human Rights Committee held a briefing in Geneva on 5 June 2024 for diplomats."}
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(f"Event in town\n\n{text}\n", encoding="utf-8")
    assert build([tmp_path / f"{n}.txt" for n in texts], store=tmp_path / "s").ok
    committees = [r for r in organisations(GraphStore.read_only(tmp_path / "s")) if r["label"] == "Human Rights Committee"]
    assert sorted(r["events"] for r in committees) == [1, 1]
