"""States as actors (issue 11): governments, authorities and bare countries where a cue expects an actor."""

import pytest

from textkit import extract, funders, names, org, roles


@pytest.mark.parametrize("phrase, surface, country", [
    ("the government of Norway", "Government of Norway", "Norway"),
    ("the Government of the Netherlands", "Government of the Netherlands", "Netherlands"),
    ("the Danish government", "Danish government", "Denmark"),
    ("the Japanese Government", "Japanese Government", "Japan"),
    ("Canada", "Canada", "Canada"),
    ("the United States", "United States", "United States"),
])
def test_a_state_funder_in_english(phrase, surface, country):
    ex = extract(f"The Police Academy organised a seminar in Accra on 2 June 2022, funded by {phrase}.")
    found = [o for o in ex.organisations if o.country == country and o.kind == "state"]
    assert len(found) == 1, sorted(names(ex))
    assert found[0].name.lower() == surface.lower()
    assert roles(ex, found[0].name) == {"funder"}
    assert funders(ex) == {found[0].name}
    # The funder cue does not grab the next organisation instead.
    assert roles(ex, "Police Academy") == {"organiser"}


def test_states_in_french():
    ex = extract("La formation, financée par le gouvernement du Canada, a été organisée par l'ONUDC. "
                 "Elle est le résultat d'une décision des Gouvernements italien et nigérien.",
                 title="Formation à Niamey")
    assert org(ex, "gouvernement du Canada").country == "Canada"
    assert "funder" in roles(ex, "gouvernement du Canada")
    assert {"Gouvernement italien", "Gouvernement nigérien"} <= names(ex)
    assert org(ex, "Gouvernement nigérien").country == "Niger"


def test_support_of_a_donor_agency_or_foreign_state_is_funding():
    ex = extract("The workshop took place in Lusaka, Zambia, on 3 March 2020 with the support of Norad "
                 "and Sweden, and with the support of the Zambian authorities.")
    assert roles(ex, "Norad") == {"funder"}
    assert roles(ex, "Sweden") == {"funder"}
    assert roles(ex, "Zambian authorities") == {"partner"}    # the host country's own state


def test_government_as_a_modifier_is_no_state():
    ex = extract("Officials of Iraqi Government Ministries and the Government of Iraq Ministries "
                 "of Justice attended.")
    assert not [o for o in ex.organisations if o.kind == "state"]


def test_a_country_elsewhere_is_no_actor():
    ex = extract("The Police Academy of Ghana trained 20 officers from Togo and Benin in Accra.")
    assert not [o for o in ex.organisations if o.kind == "state"]


def test_the_governments_of_a_list_of_countries_are_each_a_state():
    ex = extract("The workshop in Almaty on 3 May 2024 brought together representatives of the Governments of "
                 "Kazakhstan, Kyrgyzstan and Tajikistan.")
    govs = {o.name: o.country for o in ex.organisations if o.name.startswith("Government of")}
    assert govs == {"Government of Kazakhstan": "Kazakhstan", "Government of Kyrgyzstan": "Kyrgyzstan",
                    "Government of Tajikistan": "Tajikistan"}


def test_a_cues_list_of_countries_ends_at_the_next_clause():
    ex = extract("El Instituto de Valdoria organizó un seminario en Asunción el 3 de mayo de 2024. El encuentro, "
                 "que contó con el apoyo financiero del Gobierno de Canadá, reunió a 55 funcionarios de fiscalías "
                 "de Argentina, Brasil, Paraguay y Uruguay.", title="Seminario")
    assert not {"Argentina", "Brasil", "Paraguay", "Uruguay"} & names(ex)
    assert "Gobierno de Canadá" in names(ex)
