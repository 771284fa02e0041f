"""Roles from the cue table (issue 11): cue verbs, how far a cue reaches, parents and modifiers."""

import re

import pytest

from cthr.loaders.model import PARTICIPATION_ROLES
from cthr.loaders.text.lexicon import REACHES, cues

from textkit import extract, funders, org, roles


def test_every_cue_compiles_and_names_a_role():
    got = cues()
    assert len(got) >= 15
    for cue in got:
        assert cue.role in PARTICIPATION_ROLES and cue.reach in REACHES
        assert all(r in PARTICIPATION_ROLES for r in cue.also)
        assert isinstance(cue.pattern, re.Pattern)
        if cue.state_role:
            assert cue.state_role in PARTICIPATION_ROLES


@pytest.mark.parametrize("sentence, org, role", [
    ("The Police Academy launches a course on human rights.", "Police Academy", "organiser"),
    ("The Police Academy and the Bar Association co-convened the meeting.", "Bar Association", "organiser"),
    ("The course was designed with technical input from the Bar Association.", "Bar Association", "partner"),
    ("The Police Academy held it in partnership with the Bar Association.", "Bar Association", "partner"),
    ("The event was co-organised with the Bar Association.", "Bar Association", "organiser"),
    ("The seminar was hosted by the Bar Association.", "Bar Association", "host"),
    ("The seminar was hosted by the Bar Association.", "Bar Association", "organiser"),
    ("The seminar took place at the premises of the Bar Association.", "Bar Association", "host"),
    ("Representatives of the Bar Association took part in the seminar.", "Bar Association", "participant"),
    ("The Bar Association took part in the seminar.", "Bar Association", "participant"),
    ("The seminar, funded by the Bar Association, took place in Accra.", "Bar Association", "funder"),
])
def test_cue_verbs(sentence, org, role):
    assert role in roles(extract(sentence), org)


def test_a_cue_reaches_the_whole_list_and_no_further():
    ex = extract("The workshop was organised by the Police Academy, the Bar Association and the Judicial "
                 "Council for officers from the Ministry of Interior.")
    for name in ("Police Academy", "Bar Association", "Judicial Council"):
        assert "organiser" in roles(ex, name)
    assert roles(ex, "Ministry of Interior") == {"participant"}


def test_a_comma_alone_does_not_extend_a_cue():
    ex = extract("As part of a project funded by the Government of Japan, the Police Academy, in "
                 "collaboration with the Bar Association, held a workshop.")
    assert roles(ex, "Government of Japan") == {"funder"}
    assert roles(ex, "Police Academy") == {"organiser"}
    assert roles(ex, "Bar Association") == {"partner"}


def test_a_relative_clause_does_not_end_the_list():
    ex = extract("It was organised in cooperation with the Police Academy, the Bar Association, who "
                 "also hosted the delegates in its building, and the Judicial Council.")
    assert roles(ex, "Judicial Council") == {"partner"}
    assert roles(ex, "Bar Association") == {"partner", "host"}


def test_parent_and_modifier_mentions_get_no_role():
    ex = extract("Officials from eight OSCE participating States and the Police Academy attended. "
                 "The Police Academy's staff presented.")
    assert roles(ex, "OSCE") == {"other"}
    assert roles(ex, "Police Academy") == {"participant"}


def test_a_cue_followed_by_a_person_is_about_the_person():
    ex = extract("The remarks were delivered by Jane Doe, representing the Bar Association.")
    assert "organiser" not in roles(ex, "Bar Association")


def test_organisers_are_not_also_participants():
    ex = extract("The Police Academy organised a workshop for 30 participants from the Police Academy "
                 "and the Bar Association.")
    assert roles(ex, "Police Academy") == {"organiser"}
    assert roles(ex, "Bar Association") == {"participant"}


def test_background_sentences_give_no_roles():
    ex = extract("The Police Academy organised the workshop. Previous workshops under this project "
                 "engaged members of the Bar Association.")
    assert roles(ex, "Bar Association") == {"other"}


def test_a_headline_names_who_acts():
    ex = extract("The workshop took place in Accra on 2 May 2022. Judges thanked the Police Academy "
                 "and the Bar Association.",
                 title="Police Academy and Bar Association Host a Workshop for Judges")
    assert {"organiser", "host"} <= roles(ex, "Police Academy")


def test_a_headline_alone_names_no_one():
    ex = extract("The workshop took place in Accra on 2 May 2022.",
                 title="Police Academy and Bar Association Host a Workshop for Judges")
    assert ex.organisations == []


@pytest.mark.parametrize("sentence, funder", [
    # a funding noun after a verb's "by", not only after "with"/"thanks to"
    ("The course was made possible by a contribution from the Government of Portugal.", "Government of Portugal"),
    ("The course was supported by funding from the Coral Reef Foundation.", "Coral Reef Foundation"),
    ("The sessions were carried out with resources from the Government of Chile.", "Government of Chile"),
    ("The sessions ran thanks to a grant from the Harbour Trust Fund.", "Harbour Trust Fund"),
])
def test_a_funding_noun_after_any_preposition_gives_a_funder(sentence, funder):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 March 2025. " + sentence)
    assert funder in funders(ex)
    assert "partner" not in roles(ex, funder)


def test_a_possessive_bridges_a_list_only_when_it_is_capitalised():
    """"supported by funding from Norland's Ministry": the words before the
    possessive are not a possessive name, so 'supported by' gives no partner."""
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 March 2025. "
                 "The course was supported by funding from Iceland's Ministry for Foreign Affairs.")
    assert roles(ex, "Ministry for Foreign Affairs") == {"funder"}


@pytest.mark.parametrize("sentence, funder", [
    # official French state names keep lower-case adjectives
    ("Ce cours a été financé par la Confédération suisse.", "Confédération suisse"),
    ("Ce cours a été réalisé grâce au financement de la République fédérale d'Allemagne.",
     "République fédérale d'Allemagne"),
    # "de A et du B": the second funder of a French list
    ("Ce cours a été réalisé grâce au financement de l'Union européenne et du Centre maritime des droits humains.",
     "Centre maritime des droits humains"),
    # a state after "et du"
    ("Le cours a été organisé avec l'appui de la France et du Royaume des Pays-Bas.", "Royaume des Pays-Bas"),
    # a contribution, a grant, a gift
    ("Le cours a été rendu possible grâce à une contribution du Royaume des Pays-Bas.", "Royaume des Pays-Bas"),
    ("Le cours a bénéficié d'une subvention de l'Union européenne, avec une subvention de la Fondation Valdor.",
     "Fondation Valdor"),
])
def test_french_funders_official_state_names_and_et_du(sentence, funder):
    ex = extract("L'Institut côtier des droits a organisé un cours à Dakar du 3 au 5 mars 2025. " + sentence,
                 title="Un cours à Dakar")
    assert funder in funders(ex), ex.fundings


def test_the_body_at_whose_premises_a_dated_event_took_place_hosts_it():
    ex = extract("The Valdor Bar Council organised the course. The course took place from 8 to 17 February 2021 "
                 "at the Coastal Police Academy in Mogadishu.")
    assert roles(ex, "Coastal Police Academy") == {"host"}


def test_a_french_date_range_before_the_venue_is_not_taken_for_it():
    # "du 3 au 5": the "au" of the range is no venue, the body after "à l'" is
    ex = extract("Le séminaire s’est tenu du 3 au 5 mars 2024 à l’École régionale de police de Valdor, "
                 "avec une trentaine d’agents.", title="Séminaire régional")
    assert roles(ex, "École régionale de police de Valdor") == {"host"}


@pytest.mark.parametrize("sentence, funder", [
    ("Financial support for the course was provided by the Government of Australia.", "Government of Australia"),
    ("The project receives funding from the Valdor Peace Foundation.", "Valdor Peace Foundation"),
    ("The donors of the project are Denmark and the Netherlands.", "Netherlands"),
    # states as the subjects of a funding verb
    ("Japan and Qatar provided funding for the course.", "Japan"),
    ("Japan and Qatar provided funding for the course.", "Qatar"),
    ("The Kingdom of Denmark and the Valdor Peace Foundation provided financial support.", "Kingdom of Denmark"),
    ("Norway has generously funded the programme since 2019.", "Norway"),
])
def test_funding_provided_received_or_given_by_subjects(sentence, funder):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. " + sentence)
    assert funder in funders(ex), ex.fundings


def test_a_funding_verb_takes_only_the_subjects_listed_right_before_it():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. "
                 "The Valdor Bar Council provided technical expertise and Canada provided funding.")
    assert funders(ex) == {"Canada"}


def test_a_cue_ending_in_a_colon_reaches_the_item_lines_after_it():
    body = ("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024.\n\n"
            "Participants included:\n• the Valdor Bar Council;\n• the Ministry of Justice of Ghana;\n"
            "• the Coastal Police Academy.\n\nThe Harbour Museum Foundation was thanked for its archive.")
    ex = extract(body)
    for name in ("Valdor Bar Council", "Ministry of Justice of Ghana", "Coastal Police Academy"):
        assert roles(ex, name) == {"participant"}, name
    assert "participant" not in roles(ex, "Harbour Museum Foundation")


def test_a_royal_government_is_the_state():
    ex = extract("The Coastal Rights Institute held a meeting in Bangkok on 3 May 2024. "
                 "It was co-hosted by the Royal Thai Government.")
    assert "host" in roles(ex, "Royal Thai Government")


def test_a_body_named_inside_a_document_title_is_no_beneficiary():
    ex = extract("The Coastal Rights Institute held a workshop in Accra on 3 May 2024 on the Valdor Plan for the "
                 "Application of the United Nations Regional Rights Plan.")
    assert not roles(ex, "United Nations")


def test_a_cue_reaches_a_unit_named_after_its_parents_acronym():
    ex = extract("The workshop in Erbil on 3 May 2024 was organised by the United Nations Assistance Mission for "
                 "Iraq (UNAMI) Human Rights Office with the Coastal Rights Institute.")
    assert "organiser" in roles(ex, "UNAMI Human Rights Office")


def test_support_from_a_foreign_states_known_ministry_is_funding():
    ex = extract("The workshop in Accra on 3 May 2024 was supported by the German Federal Foreign Office "
                 "and by the Ministry of Interior of Ghana.")
    assert "German Federal Foreign Office" in funders(ex)
    assert "Ministry of Interior of Ghana" not in funders(ex)


def test_the_body_whose_member_states_attend_does_not_attend_itself():
    ex = extract("The Coastal Rights Institute held a seminar in Accra on 3 May 2024 for officials from member "
                 "states of the African Union.")
    assert "participant" not in roles(ex, "African Union")


@pytest.mark.parametrize("sentence", [
    "A delegation visited Accra on 3 May 2024 at the invitation of the Valdor Bar Council.",
    "Une délégation s'est rendue à Accra le 3 mai 2024 à l’invitation du Valdor Bar Council.",
])
def test_who_invites_a_visit_hosts_it(sentence):
    assert "host" in roles(extract(sentence, title="Study visit"), "Valdor Bar Council")


def test_who_hosts_an_online_event_organises_it_and_hosts_no_venue():
    ex = extract("The Coastal Rights Institute hosted an online webinar on 3 May 2024 for 80 participants.")
    assert roles(ex, "Coastal Rights Institute") == {"organiser"}


@pytest.mark.parametrize("sentence", [
    "The Valdor Bar Council developed the memorandum in 2019.",
    "Le Valdor Bar Council a élaboré le manuel en 2019.",
])
def test_the_subject_that_developed_a_document_publishes_it(sentence):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024 on a memorandum. " + sentence)
    assert "publisher" in roles(ex, "Valdor Bar Council")


def test_a_body_named_before_its_people_is_not_the_subject_that_acts():
    ex = extract("Accra, 3 May 2024 – 25 Valdor Border Police Unit (VBPU) officers and prosecutors completed a "
                 "training workshop on rights.")
    assert roles(ex, "Valdor Border Police Unit") == {"participant"}


def test_french_implemented_by_organises_and_a_body_is_one_with_its_host_country_form():
    ex = extract("Ouagadougou, 12 octobre 2023 – Dans le cadre d’un projet financé par la Délégation de l’Union "
                 "européenne au Burkina Faso et mis en œuvre par l’Institut côtier des droits, une formation s’est "
                 "déroulée du 9 au 11 octobre 2023 au profit de 18 instructeurs. Le Chef de la Délégation de "
                 "l’Union européenne était présent.", title="Formation à Ouagadougou")
    assert "organiser" in roles(ex, "Institut côtier des droits")
    assert not any(o.name == "Délégation de l’Union européenne" for o in ex.organisations)
    assert ex.events[0].participants_count == 18


@pytest.mark.parametrize("sentence, funders_", [
    ("The visit was funded by the Government of Valdoria through the Valdorian Development Agency (VDA).",
     {"Government of Valdoria", "Valdorian Development Agency"}),
    ("It was organised with the support of the Harbour Office and the financial assistance of the Valdor Fund.",
     {"Valdor Fund"}),
    ("The series is supported by the Ministry of Foreign Affairs of the Netherlands.",
     {"Ministry of Foreign Affairs of the Netherlands"}),
    ("The course was held with the support of the Embassy of Japan.", {"Embassy of Japan"}),
])
def test_funding_through_an_agency_financial_assistance_and_donor_ministries(sentence, funders_):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. " + sentence)
    assert funders_ <= funders(ex), ex.fundings


def test_french_funding_by_a_cooperation_agency_through_its_implementer():
    ex = extract("L’Institut côtier des droits a organisé un atelier à Dakar du 3 au 5 mars 2025. Cette activité a "
                 "été réalisée sur financement de l'Union européenne et de la Coopération allemande, à travers "
                 "la Fondation Valdor.", title="Un atelier à Dakar")
    assert {"Union européenne", "Coopération allemande", "Fondation Valdor"} <= funders(ex), ex.fundings


@pytest.mark.parametrize("sentence, org, role", [
    ("The delegation met with the Valdor Bar Council and the Harbour Police Academy.", "Harbour Police Academy",
     "participant"),
    ("It also held working sessions with the Valdor Bar Council.", "Valdor Bar Council", "participant"),
    ("The course was designed with substantive input from the Valdor Bar Council.", "Valdor Bar Council", "partner"),
    ("The Institute has worked closely with the Valdor Bar Council.", "Valdor Bar Council", "partner"),
    ("It was facilitated by the United Nations Development Programme (UNDP) Regional Office for Africa and the "
     "Harbour Police Academy.", "Harbour Police Academy", "organiser"),
])
def test_visits_meetings_input_and_lists_past_a_name_holding_a_cue_word(sentence, org, role):
    ex = extract("A workshop took place in Accra on 3 May 2024 for 30 officers. " + sentence)
    assert role in roles(ex, org)


def test_a_list_goes_on_past_each_items_town():
    ex = extract("The project held a course in Accra on 3 May 2024. The project has worked closely with the Harbour "
                 "Police Academy in Kitalora, the Valdor Bar Council in Mendoza and the Coastal Rights Institute.")
    for name in ("Harbour Police Academy", "Valdor Bar Council", "Coastal Rights Institute"):
        assert "partner" in roles(ex, name), name


def test_organised_by_a_body_through_its_centre():
    ex = extract("Accra, 3 May 2024 – Twenty officers completed a course organised by the Coastal Rights Institute "
                 "(CRI) through its Valdor Training Centre (VTC).")
    assert "organiser" in roles(ex, "Valdor Training Centre")


def test_a_short_heading_line_reaches_the_item_lines_after_it():
    body = ("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024.\n\n"
            "Participating institutions\n- the Valdor Bar Council\n- the Ministry of Justice of Ghana\n"
            "- the Coastal Police Academy\n\nThe Harbour Museum Foundation was thanked for its archive.")
    ex = extract(body)
    for name in ("Valdor Bar Council", "Ministry of Justice of Ghana", "Coastal Police Academy"):
        assert roles(ex, name) == {"participant"}, name
    assert "participant" not in roles(ex, "Harbour Museum Foundation")


@pytest.mark.parametrize("sentence", [
    "The Coastal Police Academy was also represented.",
    "The Coastal Police Academy and the Valdor Bar Council were represented at the meeting.",
    "L'Académie de police côtière était également représentée.",
])
def test_a_body_that_was_represented_takes_part(sentence):
    ex = extract("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024. " + sentence)
    name = "Académie de police côtière" if sentence.startswith("L'") else "Coastal Police Academy"
    assert "participant" in roles(ex, name), roles(ex, name)


def test_participating_states_are_no_participation_cue():
    ex = extract("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024. The Institute has "
                 "supported OSCE participating States since 2013, together with the Valdor Police Academy.")
    assert "participant" not in roles(ex, "Valdor Police Academy")
    assert "participant" not in roles(ex, "OSCE")


@pytest.mark.parametrize("sentence, body", [
    ("Officials from the five countries of the Valdor Coast Alliance took part.", "Valdor Coast Alliance"),
    ("Des policiers des pays membres de l'Union côtière de Valdoria ont participé.", "Union côtière de Valdoria"),
])
def test_the_countries_of_a_body_take_part_not_the_body(sentence, body):
    ex = extract("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024. " + sentence)
    assert "participant" not in roles(ex, body), roles(ex, body)


@pytest.mark.parametrize("sentence, body", [
    ("Trainers from the Valdor Bar Council led the sessions.", "Valdor Bar Council"),
    ("Les formateurs, issus de l'Université de Valdoria, ont animé les séances.", "Université de Valdoria"),
    ("The Valdor Bar Council contributed two modules to the course.", "Valdor Bar Council"),
    ("The Valdor Bar Council and the Harbour Law School provided trainers.", "Harbour Law School"),
])
def test_a_body_that_lends_trainers_or_content_is_a_partner(sentence, body):
    ex = extract("The Coastal Rights Institute convened a course in Accra on 3 May 2024. " + sentence)
    assert roles(ex, body) == {"partner"}, roles(ex, body)


@pytest.mark.parametrize("sentence, donor", [
    ("Scholarships are offered with the support of the European Union.", "European Union"),
    ("The course was funded by the Government of Canada's Coastal Security Programme.", "Government of Canada"),
    ("Ms Jane Roe, of the Embassy of Norway in Accra, which supported the course, spoke first.",
     "Embassy of Norway in Accra"),
])
def test_a_donors_support_is_funding(sentence, donor):
    ex = extract("The Coastal Rights Institute convened a course in Accra on 3 May 2024. " + sentence)
    assert donor in funders(ex), funders(ex)


def test_a_non_donor_body_that_supported_the_event_is_a_partner():
    ex = extract("The Coastal Rights Institute convened a course in Accra on 3 May 2024, with the Valdor Bar "
                 "Council, which supported the course.")
    assert roles(ex, "Valdor Bar Council") == {"partner"}


def test_sessions_facilitated_by_a_bodys_experts_make_it_a_partner():
    ex = extract("The Coastal Rights Institute convened a course in Accra on 3 May 2024. Sessions were "
                 "facilitated by experts of the Valdor Bar Council and the Harbour Law School.")
    assert roles(ex, "Valdor Bar Council") == {"partner"}
    assert roles(ex, "Harbour Law School") == {"partner"}
    assert "organiser" in roles(ex, "Coastal Rights Institute")


def test_a_list_after_a_cue_goes_on_past_a_programme_and_a_repeated_by():
    ex = extract("The Coastal Rights Institute convened a course in Accra on 3 May 2024. The course was "
                 "supported by the Australian Government through the Coastal Security Program and by the "
                 "Valdor Bar Council.")
    assert "funder" in roles(ex, "Australian Government")
    assert roles(ex, "Valdor Bar Council") == {"partner"}


@pytest.mark.parametrize("sentence, body", [
    ("The Valdor Bar Council shared its standards on fair trials.", "Valdor Bar Council"),
    ("The Valdor Bar Council also addressed the meeting.", "Valdor Bar Council"),
    ("Le Barreau de Valdoria a présenté son rapport annuel.", "Barreau de Valdoria"),
])
def test_a_body_that_shares_its_work_or_addresses_the_meeting_takes_part(sentence, body):
    ex = extract("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024. " + sentence)
    assert "participant" in roles(ex, body), roles(ex, body)


def test_trainers_from_reach_only_the_list_right_after_them():
    ex = extract("L'atelier s'est tenu à Dakar le 3 mai 2024. Il a été organisé par l'Ordre des Avocats de "
                 "Valdoria. Les formateurs, issus de l'Université de Valdoria, ont cité des décisions de la "
                 "Cour suprême de Valdoria.")
    assert roles(ex, "Ordre des Avocats de Valdoria") == {"organiser"}
    assert roles(ex, "Université de Valdoria") == {"partner"}
    assert "partner" not in roles(ex, "Cour suprême de Valdoria")


def test_which_after_a_post_names_the_posts_body():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. \"Rights first,\" said Ms "
                 "Jane Roe, Head of Cooperation at the Embassy of Norway in Accra, which supported the course.")
    assert "Embassy of Norway in Accra" in funders(ex)


def test_a_course_delivered_with_a_body_makes_it_a_partner():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. The course was delivered "
                 "with the Valdor Bar Council.")
    assert roles(ex, "Valdor Bar Council") == {"partner"}


@pytest.mark.parametrize("sentence", [
    "The Coastal Rights Institute organised, with the Valdor Bar Council, a course in Accra on 3 May 2024.",
    "The Coastal Rights Institute held the course jointly with the Valdor Bar Council in Accra on 3 May 2024.",
    "L'Institut côtier des droits a organisé conjointement avec le Valdor Bar Council un atelier à Accra le 3 mai 2024.",
])
def test_a_body_the_event_is_organised_together_with_organises_it(sentence):
    assert roles(extract(sentence), "Valdor Bar Council") == {"organiser"}


@pytest.mark.parametrize("tail, role", [
    ("with the support of the Valdor Bar Council", "partner"),
    ("with the aim of training the Valdor Bar Council's members", None),
])
def test_support_or_an_aim_after_organised_with_is_not_co_organising(tail, role):
    ex = extract(f"The Coastal Rights Institute organised a course in Accra on 3 May 2024 {tail}.")
    assert "organiser" not in roles(ex, "Valdor Bar Council")
    if role:
        assert role in roles(ex, "Valdor Bar Council")


def test_experts_of_bodies_who_deliver_sessions_make_their_bodies_partners():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. Experts from the Valdor Bar "
                 "Council and the Lagoon Law School delivered three sessions on fair trials.")
    assert roles(ex, "Valdor Bar Council") == {"partner"}
    assert roles(ex, "Lagoon Law School") == {"partner"}


def test_officials_of_a_body_who_complete_a_course_are_trained_not_trainers():
    ex = extract("Accra, May 2024: officials from the Valdor Bar Council completed a course on fair trials "
                 "organised by the Coastal Rights Institute.")
    assert "organiser" not in roles(ex, "Valdor Bar Council")


@pytest.mark.parametrize("title, sentence, body, role", [
    ("Mesa redonda", "El Instituto de Valdoria y la Universidad de Valdoria celebraron el 16 de mayo de 2024 una "
                     "mesa redonda en Quito.", "Universidad de Valdoria", "organiser"),
    ("Seminario", "El seminario, organizado por el Instituto de Valdoria junto con la Universidad de Valdoria, se "
                  "realizó en Quito el 16 de mayo de 2024.", "Universidad de Valdoria", "organiser"),
    ("Atelier", "Le Centre de formation de Valdoria a abrité à Dakar, du 10 au 13 mars 2025, un atelier national.",
     "Centre de formation de Valdoria", "host"),
    ("Atelier", "L'Institut de Valdoria a organisé un atelier à Dakar le 3 mars 2025. La Commission nationale de "
                "Valdoria y a également été associée.", "Commission nationale de Valdoria", "partner"),
    ("Course", "The Coastal Institute held a course in Accra on 3 May 2024. The Valdor Bar Council was also "
               "involved.", "Valdor Bar Council", "partner"),
    ("Taller", "El Instituto de Valdoria organizó un taller en Quito el 3 de mayo de 2024 con el apoyo de la "
               "Agencia de Cooperación Internacional del Japón.", "Agencia de Cooperación Internacional del Japón",
     "funder"),
])
def test_romance_organising_hosting_and_association_verbs(title, sentence, body, role):
    assert role in roles(extract(sentence, title=title), body)


def test_officers_from_a_countrys_body_who_complete_a_visit_take_part_in_it():
    ex = extract("Amman, 5 October 2023 - A delegation of 14 senior officers from Jordan's Public Security "
                 "Directorate completed a study visit to Budapest organised by the Coastal Police College.",
                 title="Study visit")
    assert roles(ex, "Public Security Directorate") == {"participant"}


def test_a_list_after_organised_by_goes_on_past_a_units_parent():
    ex = extract("The webinar was jointly organized by the Valdor Dialogue Centre (VDC) of the Organization for "
                 "Security and Co-operation in Europe (OSCE) and the Valdor Security Council Program Office "
                 "(VSC-PO) on 3 May 2024.", title="Webinar")
    assert roles(ex, "Valdor Security Council Program Office") == {"organiser"}
    assert roles(ex, "Valdor Dialogue Centre") == {"organiser"}
    assert "organiser" not in roles(ex, "Organization for Security and Co-operation in Europe")


@pytest.mark.parametrize("title, sentence, body", [
    ("Course", "The Coastal Institute held a course in Accra on 3 May 2024. Participants discussed the Valdor "
               "Guidelines on the Handling of Children, adopted by the Council for the Welfare of Valdor Children.",
     "Council for the Welfare of Valdor Children"),
    ("Taller", "El Instituto de Valdoria organizó un taller en Quito el 3 de mayo de 2024. La Guía de buenas "
               "prácticas para la protección de testigos, elaborada por la Fiscalía de Valdoria, sirvió de base.",
     "Fiscalía de Valdoria"),
])
def test_a_document_adopted_or_elaborated_by_a_body_is_published_by_it(title, sentence, body):
    ex = extract(sentence, title=title)
    assert "publisher" in roles(ex, body) and [r.publisher for r in ex.resources] == [body]


@pytest.mark.parametrize("title, sentence, organiser, funder", [
    ("Séminaire", "Un séminaire a été organisé à Hammamet du 14 au 16 octobre 2024 par l'Instance nationale de "
                  "Valdoria (INV), avec le soutien de la Fondation Konrad-Adenauer (KAS).",
     "Instance nationale de Valdoria", "Fondation Konrad-Adenauer"),
    ("Seminar", "A seminar was organised in Accra from 14 to 16 October 2024 by the Valdor Rights Institute, with "
                "the support of the Rule of Law Programme of the Konrad-Adenauer-Stiftung.",
     "Valdor Rights Institute", "Konrad-Adenauer-Stiftung"),
])
def test_organised_past_a_place_and_date_by_a_body_and_a_foundations_support_is_funding(
        title, sentence, organiser, funder):
    ex = extract(sentence, title=title)
    assert roles(ex, organiser) == {"organiser"} and funder in funders(ex)


@pytest.mark.parametrize("title, sentence, embassy", [
    ("Seminario", "El Instituto de Valdoria organizó un seminario en San Salvador el 3 de mayo de 2024 con el apoyo "
                  "financiero de la Embajada de la República de Corea en El Salvador.",
     "Embajada de la República de Corea en El Salvador"),
    ("Journée", "L'Institut de Valdoria a organisé une journée à Rabat le 3 mai 2024. La journée a bénéficié du "
                "soutien de l'Ambassade du Royaume des Pays-Bas au Maroc.", "Ambassade du Royaume des Pays-Bas au Maroc"),
])
def test_an_embassys_support_is_funding_wherever_it_sits(title, sentence, embassy):
    assert embassy in funders(extract(sentence, title=title))


def test_delegations_listed_after_a_colon_take_part_and_a_body_that_led_sessions_is_a_partner():
    ex = extract("Prison staff met in Doha on 2 and 3 October 2023 for a workshop organised by the Valdor "
                 "Institute.\nDelegations came from:\n- the Coastal Prison Service of Valdoria;\n- the Lagoon "
                 "Human Rights Commission;\n- the Lagoon University for Security Sciences (LUSS), which "
                 "co-facilitated the sessions.\nParticipants examined prison regimes.", title="Workshop")
    assert roles(ex, "Coastal Prison Service of Valdoria") == {"participant"}
    assert roles(ex, "Lagoon University for Security Sciences") == {"partner"}


def test_a_course_given_at_a_bodys_seat_is_hosted_by_it():
    ex = extract("Treinta fiscales concluyeron el curso, impartido los días 10, 11 y 12 de septiembre de 2024 en la "
                 "sede de la Escuela Nacional de Valdoria (ENV), en Santo Domingo.", title="Curso")
    assert "host" in roles(ex, "Escuela Nacional de Valdoria")


@pytest.mark.parametrize("title, sentence, body, role", [
    ("Dialogue", "The two-day dialogue was convened by the Valdor Rights Office in Accra on 3 May 2024, with the "
                 "Lagoon Judicial Academy (LJA) contributing a session on the rights of the accused.",
     "Lagoon Judicial Academy", "partner"),
    ("Séminaire", "L'Institut de Valdoria a organisé un séminaire à Tunis le 3 mai 2024. Deux avocats désignés par "
                  "l'Ordre des avocats de Valdoria et un médecin du ministère de la Santé ont également pris part "
                  "aux travaux.", "Ordre des avocats de Valdoria", "participant"),
    ("Séminaire", "L'Institut de Valdoria a organisé un séminaire à Tunis le 3 mai 2024. Deux avocats désignés par "
                  "l'Ordre des avocats de Valdoria et un médecin du ministère de la Santé ont également pris part "
                  "aux travaux.", "ministère de la Santé", "participant"),
])
def test_a_body_contributing_a_session_partners_and_people_sent_by_bodies_take_part(title, sentence, body, role):
    assert roles(extract(sentence, title=title), body) == {role}


@pytest.mark.parametrize("title, sentence, body, role", [
    ("Curso", "El curso fue organizado por la Academia de Valdoria y contó con el financiamiento de la Agencia "
              "Española de Cooperación Internacional para el Desarrollo (AECID), en Lima el 3 de mayo de 2024.",
     "Agencia Española de Cooperación Internacional para el Desarrollo", "funder"),
    ("Séminaire", "Conçu par l'École nationale de Valdoria (ENV) et l'Institut de Valdoria, le séminaire a eu lieu à "
                  "Tunis le 3 mai 2024.", "Institut de Valdoria", "organiser"),
])
def test_spanish_financing_and_a_course_designed_by_bodies(title, sentence, body, role):
    assert roles(extract(sentence, title=title), body) == {role}


@pytest.mark.parametrize("sentence, body, role", [
    ("Panel 3 on compensation closed with contributions from the Lagoon Victims Foundation.",
     "Lagoon Victims Foundation", "participant"),
    ("The conference was held with contributions from Norway.", "Norway", "funder"),
    ("The course was made possible with financial contributions from the Lagoon Trust.", "Lagoon Trust", "funder"),
])
def test_contributions_from_a_body_are_its_speakers_and_from_a_state_or_as_finance_money(sentence, body, role):
    ex = extract("The Valdor Institute held a conference in Accra on 3 May 2024. " + sentence, title="Conference")
    assert roles(ex, body) == {role}


def test_the_implementer_of_a_named_programme_does_not_organise_the_event():
    ex = extract("The Valdor Council hosted a dialogue in Jakarta on 3 May 2024. The co-chairs welcomed the support of "
                 "the programme \"Preventing Violent Extremism in Coastal Asia\" (PVECA), implemented by the Lagoon "
                 "Rights Office.", title="Dialogue")
    assert "organiser" not in roles(ex, "Lagoon Rights Office")
    ex = extract("The Valdor Council held a dialogue in Jakarta on 3 May 2024. The dialogue was implemented by the "
                 "Lagoon Rights Office.", title="Dialogue")
    assert roles(ex, "Lagoon Rights Office") == {"organiser"}


@pytest.mark.parametrize("title, text, funder", [
    ("Course", "The course was held in Accra on 3 May 2024.\nFinancial support: Valdor Development Agency (VDA)",
     "Valdor Development Agency"),
    ("Taller", "El taller se celebró en Quito el 3 de mayo de 2024, financiado por la Unión Europea y cofinanciado "
               "por la Agencia Valdoriana de Cooperación (AVC).", "Agencia Valdoriana de Cooperación"),
    ("Atelier", "L'atelier s'est tenu à Lomé le 3 mai 2024. Il a bénéficié de l'appui financier de la coopération "
                "valdorienne, à travers l'Agence valdorienne de développement (AVD).",
     "Agence valdorienne de développement"),
    ("Course", "The course in Male on 3 May 2024 was funded by the UN Secretary-General's Harbour Fund (HF).",
     "Harbour Fund"),
])
def test_funding_labels_co_financing_an_unnamed_giver_and_a_posts_fund(title, text, funder):
    assert funder in funders(extract(text, title=title))


def test_a_romance_government_with_an_official_name_in_lower_case_words_is_the_state():
    ex = extract("L'atelier s'est tenu à Lomé le 3 mai 2024 avec l'appui financier du Gouvernement de la République "
                 "fédérale d'Allemagne.", title="Atelier")
    assert funders(ex) == {"Gouvernement de la République fédérale d'Allemagne"}
    assert org(ex, "Gouvernement de la République fédérale d'Allemagne").aliases == ["Germany"]


@pytest.mark.parametrize("title, text, body", [
    ("Course", "The training in Mombasa on 3 May 2024 was convened by the Valdor Commission and was hosted at the "
               "Mombasa campus of the Valdor School of Government.", "Valdor School of Government"),
    ("Atelier", "L'atelier a été conduit par la Commission valdorienne et s'est tenu à Maroua le 3 mai 2024 dans la "
                "salle des actes de l'Université de Valdor.", "Université de Valdor"),
    ("Taller", "El taller se celebró en Quito el 3 de mayo de 2024 en el auditorio de la Universidad de Valdoria.",
     "Universidad de Valdoria"),
    ("Atelier", "Le Pôle judiciaire de Valdor a organisé à l'École nationale de magistrature (ENMV) de Ouagadougou un "
                "atelier le 3 mai 2024.", "École nationale de magistrature"),
    ("Taller", "El taller se celebró en la Escuela Judicial de Valdoria el 3 de mayo de 2024.", "Escuela Judicial de Valdoria"),
])
def test_the_owner_of_a_named_venue_hosts(title, text, body):
    assert "host" in roles(extract(text, title=title), body)


def test_the_host_as_a_noun_gives_no_role_and_bodies_that_nominate_people_take_part():
    ex = extract("The round table in Skopje on 3 May 2024 was organised by the Valdor Council. Participants were "
                 "nominated by the Judicial Academy of Valdoria, the Valdor Prosecution Service and the host Academy.")
    assert roles(ex, "Judicial Academy of Valdoria") == {"participant"}
    assert roles(ex, "Valdor Prosecution Service") == {"participant"}


@pytest.mark.parametrize("title, text, bodies", [
    ("Atelier", "L'atelier s'est tenu à Bol le 3 mai 2024. Des éléments de l'Armée nationale valdorienne (ANV) et de "
                "la Garde nationale de Valdoria ont échangé avec des chefs.",
     ["Armée nationale valdorienne", "Garde nationale de Valdoria"]),
    ("Taller", "El taller se celebró en Bogotá el 3 de mayo de 2024. Entre los asistentes se encontraban funcionarios "
               "de la Dirección de Investigación de Valdoria y de la Defensoría del Pueblo.",
     ["Dirección de Investigación de Valdoria", "Defensoría del Pueblo"]),
])
def test_romance_people_of_bodies_take_part(title, text, bodies):
    ex = extract(text, title=title)
    assert all(roles(ex, b) == {"participant"} for b in bodies), {b: roles(ex, b) for b in bodies}


def test_a_list_of_people_of_bodies_ends_at_their_verb_and_none_of_a_body_takes_no_part():
    ex = extract("The Valdor Bar held a session in Beirut on 3 May 2024. No representative of the Military Court of "
                 "Valdoria took part, although an invitation had been sent. Investigators from the Valdor Police "
                 "completed a course at the Police Staff College of Valdoria.")
    assert roles(ex, "Valdor Police") == {"participant"}
    assert "participant" not in roles(ex, "Military Court of Valdoria")
    assert "participant" not in roles(ex, "Police Staff College of Valdoria")


def test_people_of_a_body_later_in_a_sentence_whose_first_list_has_ended():
    ex = extract("L'atelier s'est tenu à Niamey le 3 mai 2024. Les participants ont échangé avec des associations, "
                 "ainsi qu'avec des représentants du Conseil valdorien des cultes (CVC).", title="Atelier")
    assert roles(ex, "Conseil valdorien des cultes") == {"participant"}


def test_an_organisers_label_line_and_a_body_that_facilitates_a_session():
    ex = extract("The course was held in Accra on 3 May 2024.\nOrganised by: Valdor Judicial Academy (VJA), in "
                 "collaboration with the Valdor Law Commission\n\nThe Harbour Institute facilitated a session on "
                 "detention.")
    assert roles(ex, "Valdor Judicial Academy") == {"organiser"}
    assert roles(ex, "Harbour Institute") == {"partner"}


@pytest.mark.parametrize("title, text, expected", [
    ("Conferencia", "La conferencia se celebró en Quito el 3 de mayo de 2025. Lo ejecutan la Fundación Valdoriana y el "
                    "Instituto Valdoriano de Derechos, en alianza con la Secretaría General de Valdoria y la Asociación "
                    "Valdoriana de Fiscales.",
     {"Fundación Valdoriana": {"organiser"}, "Instituto Valdoriano de Derechos": {"organiser"},
      "Secretaría General de Valdoria": {"partner"}, "Asociación Valdoriana de Fiscales": {"partner"}}),
    ("Atelier", "L'atelier s'est tenu à Dakar le 3 mai 2025. Ils sont issus de la Division des investigations de Valdor "
                "et de la Direction de la Surveillance de Valdor.",
     {"Division des investigations de Valdor": {"participant"}, "Direction de la Surveillance de Valdor": {"participant"}}),
])
def test_spanish_subjects_after_the_verb_alliances_and_where_participants_come_from(title, text, expected):
    ex = extract(text, title=title)
    assert {b: roles(ex, b) for b in expected} == expected


def test_the_bodies_a_study_visit_calls_at_host_it():
    ex = extract("A delegation of twelve Valdorian prosecutors completed a five-day study visit to Estonia on 20 June "
                 "2025. At the Harbour Prosecutor's Office, the Valdorian guests discussed surveillance. A full day was "
                 "spent at the Office of the Harbour Ombudsman, which supervises the police. Rima Saad, Officer at the "
                 "Valdor Office, introduced participants to the rules.")
    assert roles(ex, "Harbour Prosecutor's Office") == {"host"}
    assert roles(ex, "Office of the Harbour Ombudsman") == {"host"}
    assert "host" not in roles(ex, "Valdor Office")


def test_represented_institutions_listed_in_bullets_take_part():
    ex = extract("The workshop in Accra on 3 May 2024 gathered 40 officers. Represented institutions included:\n\n"
                 "• Valdor National Police (VNP)\n\n• Harbour Prison Service, Valdoria\n")
    assert roles(ex, "Valdor National Police") == {"participant"}
    assert roles(ex, "Harbour Prison Service") == {"participant"}


def test_bodies_that_trainers_were_provided_by_are_partners():
    ex = extract("The course in Accra on 3 May 2024 was organised by the Valdor Mission. Trainers were provided by the "
                 "Valdor Border Agency, and by the Harbour Refugee Office.")
    assert roles(ex, "Valdor Border Agency") == {"partner"} and roles(ex, "Harbour Refugee Office") == {"partner"}


def test_a_mission_the_money_goes_through_is_no_funder_but_an_agency_is():
    ex = extract("It was funded by the Valdor Government through the Valdor Embassy in Accra, at a course in Accra on "
                 "3 May 2024. A second course was funded by Sweden through the Swedish International Development "
                 "Cooperation Agency (Sida).")
    assert funders(ex) == {"Valdor Government", "Sweden", "Swedish International Development Cooperation Agency"}


@pytest.mark.parametrize("title, sentence, giver, channel", [
    ("Course", "The course in Accra on 3 May 2024 was funded by the Government of Valdoria through the United Nations "
               "Development Programme (UNDP).", "Government of Valdoria", "United Nations Development Programme"),
    ("Atelier", "L'atelier s'est tenu à Dakar le 3 mai 2024, avec l'appui financier du Gouvernement de la Valdorie, "
                "à travers l'Organisation internationale pour les migrations.", "Gouvernement de la Valdorie",
     "Organisation internationale pour les migrations"),
])
def test_an_intergovernmental_body_the_money_goes_through_is_no_funder(title, sentence, giver, channel):
    ex = extract(sentence, title=title)
    assert funders(ex) == {giver} and "funder" not in roles(ex, channel)


@pytest.mark.parametrize("title, text, bodies", [
    ("Atelier", "L'atelier s'est tenu à Dakar le 3 mai 2024. Les modules ont été dispensés par des formateurs du Centre "
                "valdorien et par des experts de l'Ordre des Avocats de Valdoria.",
     ["Centre valdorien", "Ordre des Avocats de Valdoria"]),
    ("Course", "The course in Accra on 3 May 2024 was organised by the Valdor Mission. The sessions were delivered by "
               "Mission advisers with experts from the Federal Police Office of Valdoria.",
     ["Federal Police Office of Valdoria"]),
])
def test_bodies_whose_experts_deliver_the_sessions_are_partners(title, text, bodies):
    ex = extract(text, title=title)
    assert {b: roles(ex, b) for b in bodies} == {b: {"partner"} for b in bodies}


def test_a_country_complement_is_not_continued_by_and_the():
    ex = extract("Experts from the Federal Police Office of Valdoria and the Harbour Guard attended a course in Accra "
                 "on 3 May 2024.")
    assert "Federal Police Office of Valdoria" in {o.name for o in ex.organisations}


@pytest.mark.parametrize("title, text, body, role", [
    ("Course", "The course was held in Accra on 3 May 2024. Participants also made study visits to the Valdor District "
               "Court and to Harbour Prison.", "Harbour Prison", {"host"}),
    ("Course", "The course was held in Accra on 3 May 2024. Participants also made study visits to the Valdor District "
               "Court and to Harbour Prison.", "Valdor District Court", {"host"}),
    ("Course", "The course was held in Accra on 3 May 2024. Participants were briefed on a paper to be sent to the "
               "Valdor Parliamentary Committee on Rights.", "Valdor Parliamentary Committee on Rights", {"other"}),
    ("Course", "The course was held in Accra on 3 May 2024. Participants used a digest of the Valdor Supreme Court's "
               "rulings.", "Valdor Supreme Court", {"other"}),
    ("Taller", "El taller se celebró en Lima del 3 al 5 de mayo de 2024. Entre las instituciones participantes "
               "figuraron el Ministerio Público de Valdoria y la Fiscalía General de Costa Brava.",
     "Fiscalía General de Costa Brava", {"participant"}),
])
def test_what_participants_do_is_no_list_of_them_and_study_visit_stops_host(title, text, body, role):
    assert roles(extract(text, title=title), body) == role


def test_a_body_named_with_a_people_noun_is_not_a_list_of_people():
    ex = extract("The course was held in Accra on 3 May 2024. The Academy thanked its partners, including the Valdor "
                 "Public Prosecutors Office, for their help.")
    assert "participant" not in roles(ex, "Valdor Public Prosecutors Office")


def test_the_faculty_and_university_after_a_centres_name_are_its_address_not_organisers():
    ex = extract("The Centre for Rights, Faculty of Law, University of Valdoria, in collaboration with the Institute "
                 "for Security Studies (ISS), convened a meeting in Pretoria on 3 May 2024.")
    assert roles(ex, "Centre for Rights") == {"organiser"}
    assert "organiser" not in roles(ex, "Faculty of Law") | roles(ex, "University of Valdoria")
    assert org(ex, "Centre for Rights").parent == "Faculty of Law"


def test_a_university_in_a_list_of_bodies_is_one_of_them():
    ex = extract("Participants came from the Ministry of Justice, University of Nairobi, the Police Service and the Bar.")
    assert roles(ex, "University of Nairobi") == {"participant"}


def test_bodies_of_practitioners_who_give_the_lectures_are_partners():
    ex = extract("The course was held in Tokyo on 3 May 2024. Lectures were given by Academy faculty, visiting experts "
                 "and practitioners from national institutions, including the Valdor Police Agency.")
    assert roles(ex, "Valdor Police Agency") == {"partner"}


@pytest.mark.parametrize("title, text, body", [
    ("Taller", "El taller se celebró en Lima el 3 de mayo de 2024. Un representante de la Oficina Valdoriana de "
               "Derechos participó como observador.", "Oficina Valdoriana de Derechos"),
    ("Course", "The course was held in Amman on 3 May 2024. The Valdor Directorate sent observers from its Correction "
               "Centres Department.", "Correction Centres Department"),
])
def test_a_bodys_representative_or_observers_take_part(title, text, body):
    assert roles(extract(text, title=title), body) == {"participant"}


@pytest.mark.parametrize("title, sentence, expected", [
    ("Course", "The workshop in Accra on 3 May 2024 received financial support from the governments of Norway and "
               "Switzerland.", {"Government of Norway", "Government of Switzerland"}),
    ("Course", "Norway and Sweden funded the workshop in Accra on 3 May 2024.", {"Norway", "Sweden"}),
    ("Course", "The Governments of Norway and Sweden funded the workshop in Accra on 3 May 2024.",
     {"Government of Norway", "Government of Sweden"}),
    ("Atelier", "La Suisse a financé l'atelier à Dakar le 3 mai 2024.", {"Suisse"}),
])
def test_states_that_fund_as_subjects_or_listed_after_the_governments_of(title, sentence, expected):
    assert funders(extract(sentence, title=title)) == expected


@pytest.mark.parametrize("title, sentence, expected", [
    ("Course", "The workshop in Accra on 3 May 2024 was held under a Japanese-funded programme.", {"Japan"}),
    ("Course", "The workshop in Accra on 3 May 2024 forms part of the UK-supported programme on justice.", {"United Kingdom"}),
    ("Course", "The workshop in Accra on 3 May 2024 forms part of an OSCE-supported programme on justice.", set()),
    ("Taller", "El taller en Lima el 3 de mayo de 2024 se realizó gracias al financiamiento de la Unión Europea.",
     {"Unión Europea"}),
    ("Taller", "El taller en Lima el 3 de mayo de 2024 se realizó con la Fiscalía General de Valdoria.", set()),
])
def test_states_named_by_adjective_before_funded_or_supported_and_spanish_gracias_al(title, sentence, expected):
    assert funders(extract(sentence, title=title)) == expected


def test_a_body_a_state_funds_is_no_funder_itself():
    ex = extract("The course in Sarajevo on 3 May 2024 was part of a project of the Valdor Mission funded by the "
                 "Principality of Liechtenstein.")
    assert funders(ex) == {"Principality of Liechtenstein"}


@pytest.mark.parametrize("body, role", [
    ("Valdor Regional Office", {"host"}), ("Harbour District Secretariat", {"host"}),
    ("Valdor Prison Service", {"partner"}), ("Harbour Prison", {"host"}), ("Valdor Rights Association", {"partner"}),
])
def test_venues_opened_at_or_met_in_the_hall_of_visits_to_and_cooperation_of(body, role):
    ex = extract("The workshop in Accra on 3 May 2024 opened at the Valdor Regional Office. Thirty participants met in "
                 "the conference hall of the Harbour District Secretariat. On the second day, with the cooperation of "
                 "the Valdor Prison Service, participants went to visit Harbour Prison. The programme was designed "
                 "together with the Valdor Rights Association.")
    assert roles(ex, body) == role


def test_a_funder_supported_in_the_same_words_is_no_partner_too():
    ex = extract("L'atelier à Niamey le 3 mai 2024 a bénéficié du soutien financier du Royaume des Pays-Bas et de la "
                 "Coopération valdorienne.", title="Atelier")
    assert roles(ex, "Coopération valdorienne") == {"funder"}
