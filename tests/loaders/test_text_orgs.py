"""Organisation names: one test per failure class of issue 11, on invented sentences."""

import pytest

from textkit import extract, names, org, roles


def test_head_nouns_beyond_the_usual_word_list():
    ex = extract("The Joint Task Group (JTG), the Coast Guard of Ruritania and the Border Police "
                 "Brigade met in Valmora on 3 May 2021.")
    assert {"Joint Task Group", "Coast Guard of Ruritania", "Border Police Brigade"} <= names(ex)
    assert org(ex, "Joint Task Group").acronym == "JTG"


def test_names_without_a_head_noun_come_from_the_gazetteer():
    ex = extract("The training was supported by Norad and Hedayah, with Interpol taking part.")
    assert {"Norad", "Hedayah", "Interpol"} <= {n for o in ex.organisations for n in (o.name, *o.aliases)}
    assert org(ex, "Norad").country == "Norway"


def test_left_edge_stops_at_titles_posts_and_headquarters():
    ex = extract("The Regional Workshop on Border Security for Officials of the Ministry of Interior "
                 "opened at the Headquarters of the National Police Academy. The Dean of the Police "
                 "College spoke.")
    assert {"Ministry of Interior", "National Police Academy", "Police College"} <= names(ex)
    assert not any(n.startswith(("Regional Workshop", "Headquarters", "Dean")) for n in names(ex))


def test_headline_capitals_give_no_names_of_their_own():
    ex = extract("The Ministry of Justice held a seminar on 4 June 2020.",
                 title="Justice Ministry And Partners Launch New Training Programme For Young Lawyers")
    assert names(ex) == {"Ministry of Justice"}


def test_and_and_commas_inside_one_name():
    ex = extract("The Ministry of Youth and Sports, the Ministry of Constitutional Affairs, Reforms "
                 "and Justice and the Bureau for Refugees and Migration attended.")
    assert {"Ministry of Youth and Sports", "Ministry of Constitutional Affairs, Reforms and Justice",
            "Bureau for Refugees and Migration"} <= names(ex)


def test_and_between_two_names_splits_them():
    ex = extract("The Ministry of Justice and the Ministry of Interior organised the course with "
                 "the Federal Intelligence and Investigation Agency.")
    assert {"Ministry of Justice", "Ministry of Interior", "Federal Intelligence and Investigation Agency"} <= names(ex)


def test_post_words_inside_a_name_are_kept():
    ex = extract("The Office of the Director of Road Safety and the Office of the Prosecutor General "
                 "convened the meeting.")
    assert {"Office of the Director of Road Safety", "Office of the Prosecutor General"} <= names(ex)


def test_hyphen_and_slash_pairs():
    ex = extract("The EU-AU Partnership took part. OSCE/ODIHR trained the officers, and the "
                 "EU-Council of Europe project paid for it.")
    assert "EU-AU Partnership" in names(ex)
    odihr = next(o for o in ex.organisations if o.acronym == "ODIHR")
    assert "OSCE/ODIHR" in odihr.aliases and odihr.parent is not None
    assert {"European Union", "Council of Europe"} <= {n for o in ex.organisations for n in (o.name, *o.aliases)}


def test_places_end_or_complete_names():
    ex = extract("The EU Mission in Mozambique, the OSCE Programme Office in Dushanbe, the National "
                 "Commission for Human Rights in Rwanda and the Judicial School in Lyon met.")
    assert {"EU Mission in Mozambique", "OSCE Programme Office in Dushanbe",
            "National Commission for Human Rights in Rwanda", "Judicial School"} <= names(ex)


def test_an_all_capitals_dateline_city_is_no_acronym():
    ex = extract("KHUJAND, 9 April 2019 - The Police Academy organised a workshop.")
    assert "KHUJAND" not in names(ex) and names(ex) == {"Police Academy"}
    assert ex.events[0].place == "Khujand"


def test_french_names_with_lower_case_words():
    ex = extract("Le Haut-Commissariat aux réfugiés et le Ministère des Affaires sociales "
                 "ont organisé un atelier avec le Pôle judiciaire spécialisé.", title="Atelier à Dakar")
    assert {"Haut-Commissariat aux réfugiés", "Ministère des Affaires sociales",
            "Pôle judiciaire spécialisé"} <= names(ex)


def test_acronyms_that_are_not_organisations():
    ex = extract("The Youth, Peace and Security (YPS) agenda and the public-private partnership (PPP) "
                 "concept were discussed by NGOs, the SRSG and CSOs with the Ruritanian Bar Association.")
    assert names(ex) == {"Ruritanian Bar Association"}


def test_possessive_and_short_re_mentions_join():
    ex = extract("The US Department of State funded the course. The Department of State's experts "
                 "and the Ruritanian Coast Guard took part; Ruritanian Coast Guard officers said so.")
    assert {"US Department of State", "Ruritanian Coast Guard"} == names(ex)


def test_an_organisation_used_as_a_modifier_is_not_a_party():
    ex = extract("As Security Council resolution 1325 and the United Nations Global Counter-Terrorism "
                 "Strategy recall, rights matter, said the Ministry of Justice.")
    assert names(ex) == {"Ministry of Justice"}


def test_a_body_before_the_name_of_a_document_it_published():
    ex = extract("Participants were trained on the Police Academy Handbook on Interviewing.")
    assert [(r.title, r.publisher) for r in ex.resources] == [
        ("Police Academy Handbook on Interviewing", "Police Academy")]
    assert names(ex) == {"Police Academy"}


def test_class_nouns_are_not_organisations():
    ex = extract("Security Agencies, Civil Society Organisations and the Police Academy took part.")
    assert names(ex) == {"Police Academy"}


def test_national_bodies_carry_their_country():
    ex = extract("The Nigeria Police, the Iraqi Integrity Commission and the Ministry of Justice of Mali took part.")
    assert org(ex, "Nigeria Police").country == "Nigeria"
    assert org(ex, "Iraqi Integrity Commission").country == "Iraq"
    assert org(ex, "Ministry of Justice of Mali").country == "Mali"


def test_every_fact_names_its_rule():
    ex = extract("The Police Academy (PA) organised a workshop in Valmora on 3 May 2021, funded by Japan.")
    for item in ex.organisations + ex.participations + ex.events:
        assert item.evidence.method, item


def test_a_county_government_is_an_organisation():
    ex = extract("The County Government of Valmora and the Regional Government of Tarso convened a dialogue.")
    assert {"County Government of Valmora", "Regional Government of Tarso"} <= names(ex)
    assert not [o for o in ex.organisations if o.kind == "state"]


def test_possessives_inside_names():
    ex = extract("The Ministry of Women's Affairs and the Attorney General's Office hosted IIJ's trainers "
                 "with Kenya's Border Police Unit.")
    assert {"Ministry of Women's Affairs", "Attorney General's Office", "Border Police Unit"} <= names(ex)
    assert org(ex, "Border Police Unit").country == "Kenya"


def test_an_apposition_can_say_a_name_is_no_body():
    ex = extract("Participants discussed the National Youth Team, a government initiative, with the Police Academy.")
    assert names(ex) == {"Police Academy"}


def test_posts_and_heads_that_start_or_own_a_name():
    ex = extract("The Prosecutor General's Office, the Ombudsman's Institution and the Permanent Mission "
                 "of Peru to the United Nations took part.")
    assert {"Prosecutor General's Office", "Ombudsman's Institution",
            "Permanent Mission of Peru to the United Nations"} <= names(ex)


def test_event_titles_with_event_heads_are_no_bodies():
    ex = extract("Delegates at the Regional Conference on Border Security and the 3rd Annual Forum met the "
                 "Conference of Ministers of Justice and the Forum for Security Co-operation.")
    assert names(ex) == {"Conference of Ministers of Justice", "Forum for Security Co-operation"}


def test_units_named_only_in_a_post_are_no_bodies_of_the_article():
    ex = extract("Jane Doe, Head of the Women Police Section at the Public Security Directorate, and John Roe, "
                 "Chief of the Border Unit of the National Police, spoke at the workshop.")
    assert "Women Police Section" not in names(ex)
    assert {"Public Security Directorate"} <= names(ex)


def test_a_unit_of_a_body_in_a_post_counts_as_the_body():
    ex = extract("Mara Quill, Head of the Legal Unit of the Ministry of Fisheries of Ruritania, and Tomas Brel, "
                 "Chief of the Archive Section of the Office of the Harbour Master, spoke at the workshop. "
                 "The Drafting Unit of the Coastal Authority hosted it.")
    assert {"Ministry of Fisheries of Ruritania", "Office of the Harbour Master",
            "Drafting Unit of the Coastal Authority"} <= names(ex)
    assert not {"Legal Unit", "Archive Section", "Legal Unit of the Ministry of Fisheries of Ruritania"} & names(ex)
    fr = extract("Mme Lina Ferrat, cheffe de la Cellule juridique du Ministère des Pêches, a ouvert l’atelier.")
    assert "Ministère des Pêches" in names(fr) and "Cellule juridique" not in names(fr)
    # A unit whose parent stands in front of it, or with no parent at all.
    ex = extract("The Ruritanian Harbour Agency (RHA) held a course. Ada Finch, Head of the RHA Training "
                 "Department, and Ole Varn, Chief of the Vessel Inspection Division, spoke.")
    assert names(ex) == {"Ruritanian Harbour Agency"}
    assert {p.name: p.organisation for p in ex.persons}["Ada Finch"] == "Ruritanian Harbour Agency"


def test_french_bodies_written_with_a_lower_case_head():
    fr = extract("Des officiers de la force conjointe du Pacte des Collines et la délégation spéciale de la "
                 "Ligue des Ports ont rejoint le ministère de la Pêche.", title="Atelier à Valmont")
    assert {"force conjointe du Pacte des Collines", "délégation spéciale de la Ligue des Ports",
            "ministère de la Pêche"} <= names(fr)
    en = extract("The task force of the Harbour Agency met the Valdor Harbour Agency.")
    assert not any(n.startswith("force") for n in names(en))


def test_a_project_named_head_first_is_no_body_and_hides_the_body_it_supports():
    ex = extract("The Programme for Safer Harbours of the Valdor Coast Guard and the Project on Harbour "
                 "Policing trained officers of the Valdor Police Service.")
    assert names(ex) == {"Valdor Coast Guard", "Valdor Police Service"}
    fr = extract("Le Programme d’Appui à la Garde Portuaire a financé la formation des agents de l’Office "
                 "des Ports.", title="Formation à Valmont")
    assert "Garde Portuaire" not in names(fr) and "Office des Ports" in names(fr)
    assert "Programme d’Appui à la Garde Portuaire" in {p.name for p in fr.projects}


def test_names_in_brackets_are_other_names():
    ex = extract("The National Counter-Terrorism Agency (BNPT) and the National Commission on Human Rights "
                 "(Komnas HAM) held a dialogue.")
    assert names(ex) == {"National Counter-Terrorism Agency", "National Commission on Human Rights"}
    assert org(ex, "National Counter-Terrorism Agency").acronym == "BNPT"
    assert "Komnas HAM" in org(ex, "National Commission on Human Rights").aliases


def test_a_known_body_in_front_of_a_name_is_its_parent():
    ex = extract("Officials of the United Nations Counter-Terrorism Committee Executive Directorate (CTED) met.")
    assert "United Nations" not in names(ex)


def test_a_short_re_mention_cut_at_a_connector_joins_the_full_name():
    ex = extract("La Brigade mixte du Pacte de Ruritanie a participé. La Brigade mixte a remercié les formateurs.",
                 title="Formation")
    assert [n for n in names(ex) if n.startswith("Brigade mixte")] == ["Brigade mixte du Pacte de Ruritanie"]


def test_two_word_located_heads_and_accented_towns_keep_their_place():
    ex = extract("The Northern High Commission in Malé and the Embassy of Freedonia in Bogotá hosted a seminar.")
    assert {"Northern High Commission in Malé", "Embassy of Freedonia in Bogotá"} <= names(ex)


def test_french_a_place_after_a_field_presence_belongs_to_its_name():
    ex = extract("L'atelier a été organisé par l'Ambassade de Freedonie à Dakar.", title="Atelier")
    assert "Ambassade de Freedonie à Dakar" in names(ex)


def test_a_plural_head_after_and_continues_a_headless_complement():
    ex = extract("The Directorate of Border and Visa Services met the Ministry of Justice and the Prison Services.")
    assert names(ex) == {"Directorate of Border and Visa Services", "Ministry of Justice", "Prison Services"}


def test_lower_case_romance_heads_with_a_capitalised_complement_start_names():
    ex = extract("Le séminaire a été organisé par le ministère de la Justice et le ministère de l'Intérieur. "
                 "Le ministère a remercié les participants.", title="Séminaire")
    assert {"ministère de la Justice", "ministère de l'Intérieur"} <= names(ex)


def test_a_known_body_takes_no_romance_tail_beyond_its_known_name():
    ex = extract("Le programme de l'Union européenne inclut le renforcement des capacités des juges.",
                 title="Programme")
    assert "Union européenne" in names(ex)
    assert not any(n.startswith("Union européenne ") for n in names(ex))


def test_acronyms_of_lower_case_topics_and_of_programmes_are_no_bodies():
    ex = extract("The Office held a seminar on countering violent extremism and radicalisation that lead to "
                 "terrorism (VERLT). VERLT remains a concern. Judges took the ALPHA distance-learning course "
                 "funded through the BRAVO Global programme.")
    assert not {"VERLT", "ALPHA", "BRAVO"} & names(ex)


def test_names_inside_quoted_titles_and_quoted_programmes_are_no_bodies():
    ex = extract('The Ministry of Justice presented the curriculum "Fair Trials: A Handbook for the Northern '
                 'Police Academies" within the regional programme "Partnership for Fair Justice".')
    assert names(ex) == {"Ministry of Justice"}


def test_accented_long_forms_spell_their_acronym_and_french_coordination_splits():
    ex = extract("La délégation a été reçue par la Cour d'appel de Lutèce et l'École nationale des greffes (ENG). "
                 "Des agents du ministère de la Justice et du ministère de la Défense étaient présents.",
                 title="Visite")
    assert {"Cour d'appel de Lutèce", "École nationale des greffes", "ministère de la Justice",
            "ministère de la Défense"} <= names(ex)
    assert not any(" et " in n for n in names(ex))


def test_short_names_cut_before_on_and_known_body_plus_head_join_the_full_name():
    ex = extract("The Northern Center on Prison Reform and the Delegation of the European Union to Malawi "
                 "held a course. Trainers used a manual published by the Northern Center. The Head of "
                 "Cooperation at the EU Delegation spoke.")
    assert names(ex) == {"Northern Center on Prison Reform", "Delegation of the European Union to Malawi"}


def test_french_field_presences_keep_en_and_a_country_with_an_elided_article():
    ex = extract("L'Ambassade de Suisse en Côte d'Ivoire a financé l'atelier.", title="Atelier")
    assert "Ambassade de Suisse en Côte d'Ivoire" in names(ex)


@pytest.mark.parametrize("sentence, expected", [
    # "of A and of B": the repeated preposition coordinates two bodies
    ("Representatives of the Harbour Ombudsman for Northern Ireland and of the Citizens Commission of "
     "the Republic of Valdoria took part.",
     {"Harbour Ombudsman for Northern Ireland", "Citizens Commission of the Republic of Valdoria"}),
    # an ombudsperson's office named by its title
    ("Staff of the Public Protector of Norland took part.", {"Public Protector of Norland"}),
])
def test_and_of_the_starts_a_second_body(sentence, expected):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 March 2025. " + sentence)
    assert expected <= names(ex), sorted(names(ex))


def test_and_of_without_a_head_continues_the_name():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 March 2025. "
                 "Officials of the Ministry of Justice and of Human Rights of Valdoria took part.")
    assert "Ministry of Justice and of Human Rights of Valdoria" in names(ex), sorted(names(ex))


@pytest.mark.parametrize("sentence, name", [
    ("La formation a été mise en œuvre par le Programme des Nations Unies pour le développement à Niamey.",
     "Programme des Nations Unies pour le développement"),
    ("L’atelier a réuni la Direction exécutive du Comité contre le terrorisme et des juges à Dakar.",
     "Direction exécutive du Comité contre le terrorisme"),
])
def test_known_bodies_with_long_names_are_found_whole(sentence, name):
    assert name in names(extract(sentence))


@pytest.mark.parametrize("sentence, name", [
    ("In light of a ruling of the Supreme Court of March 2021, the trainers revised the module.", "Supreme Court"),
    ("Members of the Judicial Council of Mombasa County attended the seminar.",
     "Judicial Council of Mombasa County"),
])
def test_a_complement_stops_at_a_date_and_keeps_a_places_suffix(sentence, name):
    assert name in names(extract(sentence))


@pytest.mark.parametrize("sentence, found", [
    ("Des cadres de la Direction des visas et des passeports et de la Direction générale des douanes ont participé.",
     {"Direction des visas et des passeports", "Direction générale des douanes"}),
    ("La Direction des affaires pénales et des experts de la police ont participé à l’atelier.",
     {"Direction des affaires pénales"}),
])
def test_a_french_lower_case_name_goes_on_through_et_des(sentence, found):
    assert found <= names(extract(sentence))


@pytest.mark.parametrize("sentence, name", [
    # a French name quoted in English prose keeps its lower-case words ...
    ("Speakers included a judge of the Tribunal correctionnel de Valdor, who spoke on detention.",
     "Tribunal correctionnel de Valdor"),
    ("A representative of the Commission nationale des droits humains said that reforms were under way.",
     "Commission nationale des droits humains"),
    # ... but never the English verb after a Romance name
    ("Officials of the Audiencia Nacional attended the seminar.", "Audiencia Nacional"),
])
def test_romance_names_in_english_prose(sentence, name):
    assert names(extract(sentence)) == {name}


@pytest.mark.parametrize("sentence, found", [
    ("VALMIS Somalia trained 30 investigators in Mogadishu.", {"VALMIS Somalia"}),
    ("VALMIS Sahel Niger trained 30 investigators in Niamey.", {"VALMIS Sahel Niger"}),
    # a known body's acronym before its country office stays the body
    ("UNODC Kenya trained 30 investigators in Nairobi.", {"UNODC"}),
    # "Head of Mission" is a post: the body is what follows
    ("Ingrid Solberg, Head of Mission of VALMIS Somalia, closed the course.", {"VALMIS Somalia"}),
])
def test_an_unknown_acronym_with_its_country_names_a_body(sentence, found):
    assert names(extract(sentence)) == found


def test_a_name_written_in_capitals_is_one_name_not_a_string_of_acronyms():
    ex = extract("Officers of the VALDORIAN BORDER POLICE SERVICE and of the UNITED NATIONS DEVELOPMENT "
                 "PROGRAMME attended, with staff of UNODC AND OHCHR.")
    got = names(ex)
    assert "VALDORIAN BORDER POLICE SERVICE" in got
    assert "United Nations Development Programme" in org(ex, "UNITED NATIONS DEVELOPMENT PROGRAMME").aliases
    assert {"UNODC", "OHCHR"} <= got
    assert not got & {"VALDORIAN", "BORDER", "POLICE", "SERVICE", "PROGRAMME", "AND"}


def test_french_capitals_keep_their_elided_articles():
    ex = extract("Des élèves de l’ECOLE SUPERIEURE D’ADMINISTRATION DE VALDOR ont participé à la formation.",
                 title="Formation à Valdor")
    assert "ECOLE SUPERIEURE D’ADMINISTRATION DE VALDOR" in names(ex)


def test_accentless_capitals_and_french_heads_name_bodies():
    ex = extract("La formation a réuni des agents de la Sûreté nationale, de l’Académie de police de Valdor "
                 "et de l’Ecole nationale des greffes, ainsi que des membres du Parlement de Ruritanie.",
                 title="Formation à Valdor")
    assert {"Sûreté nationale", "Académie de police de Valdor", "Ecole nationale des greffes",
            "Parlement de Ruritanie"} <= names(ex)


def test_a_plural_head_with_a_list_of_countries_gives_one_body_per_country():
    ex = extract("Officials from the Ministries of Justice of Benin, Mali and Togo attended the course.")
    assert {"Ministry of Justice of Mali", "Ministry of Justice of Togo"} <= names(ex)
    assert org(ex, "Ministry of Justice of Togo").country == "Togo"
    ex = extract("Officials from the Ministries of Justice of the Valdor Police and the Bar attended.")
    assert not any(n.startswith("Ministry of Justice of") for n in names(ex))


def test_title_capitals_after_an_article_begin_a_name_and_french_adjectives_coordinate():
    ex = extract("Judges of the Special Criminal Court of Valdor and staff of the Pôle Pénal Economique "
                 "et Financier attended.")
    assert {"Special Criminal Court of Valdor", "Pôle Pénal Economique et Financier"} <= names(ex)


def test_a_french_body_named_by_its_field_keeps_it():
    ex = extract("Des juges du Tribunal spécialisé dans la lutte contre le terrorisme ont participé à la formation.",
                 title="Formation à Valdor")
    assert "Tribunal spécialisé dans la lutte contre le terrorisme" in names(ex)


def test_the_hosts_body_is_not_merged_with_another_countrys_body_of_the_same_name():
    ex = extract("Rabat, 10 June 2024 – The Ministry of Interior and the Coastal Rights Institute held a seminar "
                 "in Rabat for officers of the Ministry of Interior of Tunisia.", title="Seminar in Rabat")
    assert {"Ministry of Interior", "Ministry of Interior of Tunisia"} <= names(ex)


def test_a_known_name_with_a_comma_inside_it():
    ex = extract("The course was funded by the Government of Norway and the United Kingdom's Foreign, "
                 "Commonwealth & Development Office.")
    assert "Foreign, Commonwealth & Development Office" in names(ex)


def test_a_class_noun_introduces_a_name_without_a_head():
    ex = extract("Representatives of the NGO Harbour Voices and of the think tank Coastal Futures attended the "
                 "course in Accra on 3 May 2024, with l’ONG Valdor Solidarité.")
    assert {"Harbour Voices", "Coastal Futures", "Valdor Solidarité"} <= names(ex)


def test_an_owners_possessive_inside_a_pair_of_acronyms_gives_two_bodies():
    ex = extract("The Valdor Regional Threats Department's Border Rights Unit (VRTD/BRU) organised the course "
                 "in Accra on 3 May 2024.")
    assert org(ex, "Border Rights Unit").acronym == "BRU"
    assert org(ex, "Border Rights Unit").parent == "Valdor Regional Threats Department"
    assert org(ex, "Valdor Regional Threats Department").acronym == "VRTD"


def test_a_french_ministry_of_two_domains_and_a_closing_coordinated_adjective():
    ex = extract("L’atelier a eu lieu à Dakar le 3 mars 2024 avec le ministère de l'Europe et des Affaires "
                 "étrangères de la France, le ministère de la Défense et de la Reconstruction de l'armée, le Pôle "
                 "pénal économique et financier et la Direction générale de la Police.", title="Atelier")
    assert {"ministère de l'Europe et des Affaires étrangères de la France",
            "ministère de la Défense et de la Reconstruction de l'armée",
            "Pôle pénal économique et financier", "Direction générale de la Police"} <= names(ex)


def test_a_body_named_only_before_a_law_or_as_a_quoted_projects_acronym_is_no_organisation():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. Participants discussed the "
                 "Valdor Union Artificial Intelligence Act. The project \"Harbour Justice and Rights\" (HAJURI) "
                 "funded it; HAJURI runs until 2026.")
    assert not names(ex) & {"Valdor Union", "HAJURI"}


def test_an_event_head_ending_a_name_before_its_organiser_is_an_event():
    ex = extract("Experts gathered in Vienna on 10 April 2025 for the Valdor-wide Border Rights Conference, "
                 "organised by the Coastal Rights Institute. The Conference of Ministers of Valdor took note.")
    assert "Border Rights Conference" not in names(ex)
    assert "Conference of Ministers of Valdor" in names(ex)


@pytest.mark.parametrize("sentence, section, parent, country", [
    ("Representatives of Amnesty International Senegal took part.", "Amnesty International Senegal",
     "Amnesty International", "Senegal"),
    ("Save the Children Burkina Faso hosted the second day.", "Save the Children Burkina Faso",
     "Save the Children", "Burkina Faso"),
])
def test_an_international_ngos_national_section_is_its_own_body(sentence, section, parent, country):
    ex = extract("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024. " + sentence)
    got = {o.name: o for o in ex.organisations}
    assert section in got and got[section].country == country and got[section].parent == parent


def test_an_ngo_named_before_a_country_in_another_phrase_is_the_ngo():
    ex = extract("The Coastal Rights Institute convened a meeting in Accra on 3 May 2024. "
                 "Amnesty International published a report on Kenya.")
    assert "Amnesty International" in {o.name for o in ex.organisations}


@pytest.mark.parametrize("later", ["", " The UNDP Regional Office for the Coast thanked the trainers."])
def test_a_unit_named_after_its_known_parents_defined_acronym_keeps_both(later):
    ex = extract("The United Nations Development Programme (UNDP) Regional Office for the Coast organised a "
                 "course in Accra on 3 May 2024." + later)
    unit = org(ex, "UNDP Regional Office for the Coast")
    assert unit.parent == "United Nations Development Programme" and "Regional Office for the Coast" in unit.aliases
    assert org(ex, "United Nations Development Programme").acronym == "UNDP"


@pytest.mark.parametrize("sentence, name, country", [
    ("The course was supported by the Embassy of the United States.", "Embassy of the United States",
     "United States"),
    ("The course was organised by the Police Service of Sri Lanka.", "Police Service of Sri Lanka", "Sri Lanka"),
])
def test_a_name_ending_in_a_country_of_two_words_is_that_countrys_body(sentence, name, country):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. " + sentence)
    assert org(ex, name).country == country


def test_a_programme_owned_by_a_state_is_the_programme_and_the_state():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024, under the Government of "
                 "Canada's Coastal Security Programme.")
    assert "Government of Canada" in names(ex)
    assert [p.name for p in ex.projects] == ["Coastal Security Programme"]


def test_a_name_that_begins_inside_a_known_name_begins_where_it_does():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. Its findings go to the "
                 "Peace and Security Council of the African Union next year.")
    assert "Peace and Security Council of the African Union" in names(ex)
    assert not any(o.parent == "United Nations Security Council" for o in ex.organisations)


def test_a_desk_is_a_body():
    ex = extract("The course in Accra on 3 May 2024 was organised by the Coastal Crime Monitoring Desk.")
    assert "Coastal Crime Monitoring Desk" in names(ex)


def test_a_name_in_brackets_with_connectors_is_the_bodys_other_name():
    ex = extract("The Office of the Valdor Ombudsman (Defensoría del Pueblo de Valdoria) described its work "
                 "in Accra on 3 May 2024.")
    assert org(ex, "Office of the Valdor Ombudsman").aliases == ["Defensoría del Pueblo de Valdoria"]
    assert len(ex.organisations) == 1


def test_a_summer_school_is_a_course_and_dna_no_body():
    ex = extract("Accra, 3 June 2025 – The Coastal Rights Institute announced its Summer School on Human Rights "
                 "and Policing, from 14 to 25 July 2025 in Accra. Experts will discuss how DNA profiles are "
                 "shared, with students of the Coastal Law School.")
    assert names(ex) == {"Coastal Rights Institute", "Coastal Law School"}
    assert ex.events[0].event_type == "course"


def test_an_acronym_after_two_coordinated_names_is_the_second_ones():
    ex = extract("The Coastal Rights Institute held a meeting in Accra on 3 May 2024. Representatives of the "
                 "Valdor Human Rights Commission and the Moroccan National Human Rights Council (CNDH) took part.")
    assert {"Valdor Human Rights Commission", "Moroccan National Human Rights Council"} <= names(ex)


def test_a_name_ending_in_a_known_bodys_plural_name_is_kept():
    ex = extract("The meeting in Cairo on 3 May 2024 was hosted by the General Secretariat of the League of "
                 "Arab States.")
    assert "General Secretariat of the League of Arab States" in names(ex)


def test_an_acronyms_long_form_keeps_its_own_and_the():
    ex = extract("The Valdor Institute for Justice and the Rule of Law (VIJ) held a meeting in Accra on 3 May 2024.")
    assert org(ex, "Valdor Institute for Justice and the Rule of Law").acronym == "VIJ"


def test_a_places_ministry_and_a_countrys_plural_possessive_end_the_owners_name():
    ex = extract("The Coastal Rights Institute held a course in Manila on 3 May 2024 for staff of the Valdor "
                 "Coast Region's Ministry of Social Services. The Commission on Human Rights of the "
                 "Philippines' regional office took part, with the Valdor Children's Fund.")
    got = names(ex)
    assert {"Ministry of Social Services", "Commission on Human Rights of the Philippines",
            "Valdor Children's Fund"} <= got
    assert org(ex, "Commission on Human Rights of the Philippines").country == "Philippines"


def test_a_known_bodys_translated_long_form_before_its_english_acronym_is_its_whole_name():
    ex = extract("Le Barreau de Valdoria et l'Institut des Nations Unies pour la recherche sur le désarmement "
                 "(UNIDIR) ont organisé un atelier à Genève le 3 mai 2024.", title="Atelier à Genève")
    assert "Institut des Nations Unies pour la recherche sur le désarmement" in names(ex)


@pytest.mark.parametrize("written, country", [
    ("the Norwegian Ministry of Justice and Public Security (MJPS)", "Norway"),
    ("the New Zealand Ministry of Justice (MOJ)", "New Zealand"),
])
def test_a_country_before_a_defined_long_form_is_part_of_the_name(written, country):
    ex = extract(f"The Coastal Rights Institute held a course in Accra on 3 May 2024. It was funded by {written}.")
    name = written.removeprefix("the ").rsplit(" (", 1)[0]
    assert name in names(ex) and org(ex, name).country == country
    assert "funder" in roles(ex, name)


@pytest.mark.parametrize("sentence, name", [
    ("Organisée par le Ministère de la Santé en partenariat avec le Barreau de Valdoria, la formation a réuni "
     "30 magistrats à Dakar le 3 mai 2024.", "Ministère de la Santé"),
    ("El Ministerio de Salud en colaboración con la Universidad de Valdoria reunió a 30 jueces en Quito el "
     "3 de mayo de 2024.", "Ministerio de Salud"),
])
def test_a_romance_name_ends_before_en_partenariat_and_drops_its_article(sentence, name):
    ex = extract(sentence, title="Formation")
    assert name in names(ex) and not any("partenariat" in n or "colaboración" in n for n in names(ex))


def test_a_field_after_en_stays_in_a_french_name():
    assert "Centre de formation en droits humains" in names(extract(
        "Le Centre de formation en droits humains a réuni 30 magistrats à Dakar le 3 mai 2024.", title="Formation"))


def test_a_known_bodys_field_office_keeps_its_town():
    ex = extract("The course was adapted by national tutors in cooperation with the Council of Europe Office in "
                 "Rabat.")
    assert "Council of Europe Office in Rabat" in names(ex)
    assert org(ex, "Council of Europe Office in Rabat").parent == "Council of Europe"


def test_a_bracket_with_the_bodys_own_language_name_and_acronym_defines_both():
    ex = extract("The course was run in cooperation with the Coastal Bar and the National Police of Angola "
                 "(Polícia Nacional de Angola, PNA), with support from Norway.")
    police = org(ex, "National Police of Angola")
    assert police.acronym == "PNA" and "Polícia Nacional de Angola" in police.aliases
    assert "PNA" not in names(ex) and "Coastal Bar" in names(ex)


def test_a_bracketed_list_of_words_is_no_definition():
    ex = extract("The Coastal Institute trained participants (judges, prosecutors, police) in Accra on 3 May 2024.")
    assert names(ex) == {"Coastal Institute"}


@pytest.mark.parametrize("sentence, name", [
    ("The Institute of Legislation under the Ministry of Justice of Valdoria held a course in Accra on 3 May 2024.",
     "Institute of Legislation under the Ministry of Justice of Valdoria"),
    ("La Red de ONG de Valdoria para la Transparencia presentó un estudio en Quito.",
     "Red de ONG de Valdoria para la Transparencia"),
])
def test_a_body_under_another_and_a_spanish_network_are_one_name(sentence, name):
    ex = extract(sentence, title="Taller")
    assert name in names(ex) and "ONG" not in names(ex)


def test_under_a_programme_or_the_auspices_is_no_part_of_a_name():
    assert names(extract("The Police Academy trained officers under the Coastal Security Programme.")) == {
        "Police Academy"}


def test_a_unit_named_again_without_its_town_and_with_its_parents_acronym_is_one_body():
    ex = extract("The workshop was organised by the United Nations Development Programme Lagoon Office in Accra "
                 "on 3 May 2024. Jane Roe, Team Leader at UNDP Lagoon Office, delivered remarks.")
    units = [o for o in ex.organisations if "Lagoon Office" in o.name]
    assert len(units) == 1 and "UNDP Lagoon Office" in units[0].aliases


@pytest.mark.parametrize("title, sentence, name, alias", [
    ("Course", "The training was organised by the Valdor Bar and the United Nations Development Programme in "
               "Ghana (UNDP Ghana), with support from Denmark.",
     "United Nations Development Programme in Ghana", "UNDP Ghana"),
    ("Taller", "La actividad contó con la asistencia técnica de la Agencia de Seguridad Costera de la CARICOM "
               "(CARICOM ASC) en Santo Domingo el 3 de mayo de 2024.",
     "Agencia de Seguridad Costera de la CARICOM", "CARICOM ASC"),
])
def test_a_bracketed_acronym_with_its_country_or_parent_names_the_unit(title, sentence, name, alias):
    ex = extract(sentence, title=title)
    assert name in names(ex) and alias in org(ex, name).aliases
    assert "UNDP" not in names(ex) and "CARICOM" not in names(ex)


def test_a_defined_compound_acronym_named_again_makes_no_parent_body():
    ex = extract("The Valdor Police and the Rights Office's Regional Office for the Lagoon Coast (OHCHR ROLC) "
                 "launched a handbook in Accra on 3 May 2024. Jane Roe, Deputy Head of OHCHR ROLC, spoke.")
    assert "OHCHR" not in names(ex)
    assert org(ex, "Regional Office for the Lagoon Coast").acronym == "ROLC"


def test_a_list_with_a_serial_comma_before_and_is_one_defined_name():
    ex = extract("The webinar was held with funding from the Bureau of Coasts, Lagoons, and Rivers (BCLR).")
    assert org(ex, "Bureau of Coasts, Lagoons, and Rivers").acronym == "BCLR"


@pytest.mark.parametrize("title, sentence, name", [
    ("Taller", "La actividad fue organizada por la Procuraduría Especializada de Activos y Financiamiento del "
               "Terrorismo en Quito el 3 de mayo de 2024.", "Procuraduría Especializada de Activos y Financiamiento "
                                                          "del Terrorismo"),
    ("Workshop", "The workshop was co-organised by the Valdor Hub on Behavioural Insights to Counter Terrorism, a "
                 "programme office of the Lagoon Council.", "Valdor Hub on Behavioural Insights to Counter Terrorism"),
    ("Workshop", "Delegations came from the General Directorate of Correctional Institutions of Qatar's Ministry "
                 "of Interior.", "General Directorate of Correctional Institutions of Qatar's Ministry of Interior"),
])
def test_names_through_spanish_y_an_aim_after_to_and_a_countrys_ministry(title, sentence, name):
    assert name in names(extract(sentence, title=title))


def test_to_before_a_name_that_is_no_aim_ends_the_name():
    assert names(extract("The Police Academy handed certificates to Valdor Judges.")) == {"Police Academy"}


def test_a_numbered_regional_unit_after_a_definition_is_the_unit_of_that_body():
    ex = extract("The dialogue was convened by the Commission on Human Rights of Valdoria (CHRV) Regional Office X "
                 "and the Bureau of Jails of Valdoria (BJV) Region 10 in Cagayan on 3 May 2024. Officers discussed "
                 "the BJV Manual on Prisons.")
    unit = org(ex, "Bureau of Jails of Valdoria Region 10")
    assert unit.parent == "Bureau of Jails of Valdoria" and "BJV Region 10" in unit.aliases
    assert roles(ex, "Commission on Human Rights of Valdoria Regional Office X") == {"organiser"}
    assert "Bureau of Jails of Valdoria" in names(ex)


def test_a_bracketed_other_name_written_again_makes_no_bare_acronym():
    ex = extract("The Valdor Centre held a course with the Lagoon Commission on Human Rights (Komisi Lagun HAM) in "
                 "Jakarta on 3 May 2024. Komisi Lagun HAM Commissioner Ms. Rina Dewi spoke.")
    assert names(ex) == {"Valdor Centre", "Lagoon Commission on Human Rights"}


def test_the_start_of_a_longer_name_written_again_is_that_body_and_a_future_verb_ends_a_name():
    ex = extract("Un séminaire a été organisé à Rabat le 3 mai 2024 par la Délégation générale à l'administration "
                 "pénitentiaire de Valdoria (DGAPV). M. Youssef Ben, directeur au sein de la Délégation générale, a "
                 "présenté le bilan. Le Centre publiera un rapport.", title="Séminaire")
    assert names(ex) == {"Délégation générale à l'administration pénitentiaire de Valdoria"}


def test_a_known_body_is_not_the_start_of_its_units_name():
    ex = extract("The Council of Europe and the Council of Europe Office in Rabat held a course in Rabat on 3 May 2024.")
    assert {"Council of Europe", "Council of Europe Office in Rabat"} <= names(ex)


@pytest.mark.parametrize("title, text, body, role", [
    ("Curso", "La Academia de la Magistratura de Valdoria reunió a 30 jueces en Cusco el 3 de mayo de 2024. El curso "
              "fue organizado por la Academia junto con la Defensoría del Pueblo de Valdoria.",
     "Academia de la Magistratura de Valdoria", "organiser"),
    ("Course", "The Valdor Bar Association opened a course in Accra on 3 May 2024. The course was funded by "
               "Norway and hosted by the Association.", "Valdor Bar Association", "host"),
])
def test_a_short_back_reference_names_the_one_body_named_before(title, text, body, role):
    ex = extract(text, title=title)
    assert role in roles(ex, body) and len(names(ex)) == len({o.name for o in ex.organisations})


def test_a_back_reference_to_two_bodies_names_none():
    ex = extract("The Valdor Rights Commission and the Lagoon Commission met in Accra on 3 May 2024. The Commission "
                 "hosted a dinner.")
    assert "host" not in roles(ex, "Valdor Rights Commission") | roles(ex, "Lagoon Commission")


@pytest.mark.parametrize("owner, unit", [
    ("Valdor Regional Court", "Office of the Registrar"),          # a name of several words owns the unit
    ("VCHR", "Victims Support Unit"),                                # an acronym owns it
])
def test_a_unit_written_with_its_owners_possessive_is_that_owners_unit(owner, unit):
    ex = extract(f"Experts from the {owner}'s {unit} trained 30 judges in Accra on 3 May 2024.")
    assert org(ex, unit).parent == owner and f"{owner}'s {unit}" in org(ex, unit).aliases


def test_two_capitals_in_brackets_are_a_parents_acronym_only_when_that_parent_is_a_body():
    ex = extract("The course in Accra on 3 May 2024 was funded by the Directorate for Coastal Affairs (DX COAST) and "
                 "the Harbour Safety Agency of the VALCOM (VALCOM HSA).")
    coast = org(ex, "Directorate for Coastal Affairs")
    assert coast.parent is None and coast.acronym is None and "DX COAST" in coast.aliases
    agency = org(ex, "Harbour Safety Agency of the VALCOM")
    assert agency.parent == "VALCOM" and agency.acronym == "HSA"


def test_a_modifier_with_of_before_a_head_is_part_of_the_name():
    ex = extract("The Valdor Institute held a course in Accra on 3 May 2024 with the VALCOM Rule of Law Unit and the "
                 "Prevention of Torture Division of Valdoria. The Head of Legal Unit spoke.")
    assert {"VALCOM Rule of Law Unit", "Prevention of Torture Division of Valdoria"} <= names(ex)
    assert "Head of Legal Unit" not in names(ex)


def test_a_body_named_in_a_capitalised_rule_is_a_modifier():
    ex = extract("The Valdor Institute held a course in Accra on 3 May 2024 under the Harbour House Rule.")
    assert names(ex) == {"Valdor Institute"}


def test_a_units_own_words_written_alone_later_name_that_unit():
    ex = extract("The course in Accra on 3 May 2024 was convened by the VRC East Coast Regional Office. Ama Owusu, "
                 "Human Rights Officer at the Regional Office, presented the standards.")
    assert names(ex) == {"VRC East Coast Regional Office"}
    assert "Regional Office" in org(ex, "VRC East Coast Regional Office").aliases


def test_a_units_own_words_name_nothing_when_two_units_have_them():
    ex = extract("The course in Accra on 3 May 2024 was convened by the VRC Regional Office for the Coast and the "
                 "VHB Regional Office for the North. Ama Owusu, Officer at the Regional Office, spoke.")
    assert "Regional Office" in names(ex)


@pytest.mark.parametrize("text, name", [
    ("Two groups, VOKA Africa and the Valdor Institute, spoke at the course in Accra on 3 May 2024.", "VOKA Africa"),
    ("Muslims for Valdor Rights (MUVARI) spoke at the course in Accra on 3 May 2024.", "Muslims for Valdor Rights"),
    ("Members of the Public Prosecution at the Court of Appeal of Valdoria attended the course in Accra on 3 May 2024.",
     "Public Prosecution at the Court of Appeal of Valdoria"),
    ("The Human Rights Centre at Valdor University hosted the course in Accra on 3 May 2024.",
     "Human Rights Centre at Valdor University"),
    ("Judges of the Provincial Court of Valdoria and the Ordem dos Advogados de Valdoria met in Pemba on 3 May 2024.",
     "Ordem dos Advogados de Valdoria"),
])
def test_names_by_region_by_cause_at_a_court_and_in_portuguese(text, name):
    assert name in names(extract(text))


def test_the_course_on_a_topic_with_an_acronym_is_no_body():
    assert names(extract("The Valdor Institute held a course on Women, Peace and Security (WPS) in Accra on 3 May 2024.")) \
        == {"Valdor Institute"}


def test_french_names_end_before_a_present_verb_an_adjective_and_another_lower_case_body():
    ex = extract("Deux magistrats du Pool judiciaire financier et du parquet du Tribunal de grande instance de Valdor "
                 "ont participé à l'atelier tenu à Dakar le 3 mai 2024. Un juge a présenté la jurisprudence de la Cour "
                 "de justice de Valdoria relative à la détention. La Commission valdorienne reçoit des plaintes.",
                 title="Atelier")
    assert {"Pool judiciaire financier", "Tribunal de grande instance de Valdor", "Cour de justice de Valdoria",
            "Commission valdorienne"} <= names(ex)


def test_a_lone_head_before_and_modifies_the_head_after_it():
    ex = extract("Officials of the Immigration Division and the Customs and Excise Division of Valdoria attended the "
                 "course in Accra on 3 May 2024.")
    assert names(ex) == {"Immigration Division", "Customs and Excise Division of Valdoria"}


def test_a_un_agency_named_for_its_country_office_is_the_agency_with_that_name_as_alias():
    ex = extract("Specialists from UNICEF Mozambique facilitated a session in Maputo on 3 May 2024.")
    assert "UNICEF Mozambique" in org(ex, "UNICEF").aliases


def test_a_college_at_a_university_is_one_body():
    ex = extract("Academics from the College of Law at Valdor National University spoke in Accra on 3 May 2024.")
    assert "College of Law at Valdor National University" in names(ex)


def test_a_conference_centre_is_a_venue_not_a_body():
    ex = extract("Forty officials met in Lusaka on 3 May 2024 at the Valdor International Conference Centre, at a "
                 "workshop organised by the Valdor Institute.")
    assert names(ex) == {"Valdor Institute"}


@pytest.mark.parametrize("text, name", [
    ("It was funded through the British High Commission Kampala at a course in Kampala on 3 May 2024.",
     "British High Commission Kampala"),
    ("Officers of the 6th Infantry Division of the Valdor Army attended a course in Accra on 3 May 2024.",
     "6th Infantry Division of the Valdor Army"),
    ("Officers of the VPS Special Action Force attended a course in Accra on 3 May 2024.", "VPS Special Action Force"),
    ("Participants came from the Valdor National Commission of Somalia and the South Sudan Human Rights Commission "
     "to a course in Djibouti on 3 May 2024.", "South Sudan Human Rights Commission"),
])
def test_missions_named_with_their_town_ordinal_units_title_words_after_an_acronym_and_long_coordinated_names(text, name):
    assert name in names(extract(text))


@pytest.mark.parametrize("title, text, name", [
    ("Atelier", "Les participants ont reçu un recueil de la Cour de justice de Valdoria élaboré pour l'occasion, lors "
                "de l'atelier tenu à Dakar le 3 mai 2024.", "Cour de justice de Valdoria"),
    ("Taller", "El taller se celebró en Quito el 3 de mayo de 2024. Un especialista de la Oficina de Derechos Humanos "
               "de Valdoria expuso los estándares.", "Oficina de Derechos Humanos de Valdoria"),
    ("Course", "PRESS RELEASE\n\nThe Valdor Institute held a course in Accra on 3 May 2024.", "Valdor Institute"),
])
def test_romance_names_end_before_a_participle_or_an_irregular_past_and_a_kicker_is_no_acronym(title, text, name):
    assert names(extract(text, title=title)) == {name}


def test_a_head_that_modifies_the_head_after_and_is_one_body_with_it():
    ex = extract("The visit was hosted by the Valdor Prison and Probation Service and by Harbour Prison.")
    assert names(ex) == {"Valdor Prison and Probation Service", "Harbour Prison"}


def test_an_acronym_definition_followed_by_its_country_is_the_countrys_body_written_both_ways():
    ex = extract("The course was held in Nairobi on 3 May 2024. It was hosted by the Institute of Policy Research "
                 "(IPR) Kenya at its campus. IPR Kenya thanked the participants.")
    o = org(ex, "Institute of Policy Research")
    assert o.country == "Kenya" and {"IPR Kenya", "Institute of Policy Research (IPR) Kenya"} <= set(o.aliases)


def test_a_unit_named_after_its_parents_definition_keeps_the_written_form():
    ex = extract("The meeting was held in Almaty on 3 May 2024. Experts from the Office of the United Nations High "
                 "Commissioner for Human Rights (OHCHR) Regional Office for Central Asia took part.")
    assert "Office of the United Nations High Commissioner for Human Rights (OHCHR) Regional Office for Central Asia" \
        in org(ex, "OHCHR Regional Office for Central Asia").aliases


@pytest.mark.parametrize("sentence, kept", [
    ("Speakers included a former judge of an Anti-Terrorism Court and a lawyer from a Regional Office.", set()),
    ("A judge of a Valdor Court spoke.", {"Valdor Court"}),
    ("The course covered the Emergency Decree on Public Administration and the Valdor Law Society's views.",
     {"Valdor Law Society"}),
    ("El taller reunió al Organismo de Investigación Judicial (OIJ) de Costa Rica.", {"Organismo de Investigación Judicial"}),
])
def test_a_kind_of_body_an_act_about_a_body_and_spanish_organismos(sentence, kept):
    assert names(extract(sentence)) == kept


@pytest.mark.parametrize("title, sentence, name", [
    ("Course", 'The course was held in Ohrid on 3 May 2024 with the Academy for Judges "Marko Petrovski".',
     'Academy for Judges "Marko Petrovski"'),
    ("Taller", "La Escuela Judicial “Ana María Duarte” desarrolló el taller en Bogotá el 3 de mayo de 2024.",
     "Escuela Judicial “Ana María Duarte”"),
])
def test_a_body_named_after_a_person_in_quotes_keeps_the_name_and_it_is_no_document(title, sentence, name):
    ex = extract(sentence, title=title)
    assert name in names(ex) and ex.resources == []


@pytest.mark.parametrize("sentence, expected", [
    ("Participants came from the Region 4 Court of Appeal and the Valdor Lawyers for Human Rights.",
     {"Region 4 Court of Appeal", "Valdor Lawyers for Human Rights"}),
    ("Women in Law and Valdor Development and the Chieftaincy of Military Intelligence took part.",
     {"Women in Law and Valdor Development", "Chieftaincy of Military Intelligence"}),
])
def test_numbered_area_courts_bodies_named_for_their_people_and_cause_and_chieftaincies(sentence, expected):
    assert names(extract(sentence)) == expected


def test_a_units_parent_is_all_of_its_known_name():
    ex = extract("An expert from the Terrorism Prevention Branch of the United Nations Office on Drugs and Crime "
                 "spoke in Tokyo on 3 May 2024.")
    assert [o.parent for o in ex.organisations] == ["United Nations Office on Drugs and Crime"]


@pytest.mark.parametrize("title, sentence, expected", [
    ("Taller", "El taller se realizó en Lima el 3 de mayo de 2024 con el Ministerio de Interior y Policía y la "
               "Procuraduría General.", {"Ministerio de Interior y Policía", "Procuraduría General"}),
    ("Course", "The Federal Department of Justice and Police took part in Bern on 3 May 2024, with the Ministry of "
               "Justice and Police Academy staff.", {"Federal Department of Justice and Police", "Ministry of Justice",
                                                      "Police Academy"}),
])
def test_a_ministrys_domains_go_on_after_and_but_not_into_another_body(title, sentence, expected):
    ex = extract(sentence, title=title)
    assert names(ex) == expected and all(o.parent is None for o in ex.organisations)


@pytest.mark.parametrize("sentence, expected", [
    ("The Directorate General of Corrections and the Inspectorate General of Police and the Attorney General spoke "
     "in Accra on 3 May 2024.", {"Directorate General of Corrections", "Inspectorate General of Police"}),
    ("The Badan Nasional Penanggulangan Teror and the Yayasan Damai Valdoria met in Jakarta on 3 May 2024.",
     {"Badan Nasional Penanggulangan Teror", "Yayasan Damai Valdoria"}),
    ("The Poder Judicial and the Syndicat national des journalistes valdoriens took part in Lima on 3 May 2024.",
     {"Poder Judicial", "Syndicat national des journalistes valdoriens"}),
    ("Staff of the Valdor Corrections Polytechnic attended the course in Accra on 3 May 2024.",
     {"Valdor Corrections Polytechnic"}),
])
def test_ranked_directorates_head_first_indonesian_names_branches_unions_and_polytechnics(sentence, expected):
    assert names(extract(sentence)) == expected


def test_a_head_first_name_with_its_acronym_written_again_is_the_body_it_names():
    ex = extract("The Valdor Centre held a course with the Lagoon Commission on Human Rights (Komisi Lagun HAM) in "
                 "Jakarta on 3 May 2024. Later, Komisi Lagun HAM staff and Komisi Lagun HAM Commissioner Rina Dewi spoke.")
    assert names(ex) == {"Valdor Centre", "Lagoon Commission on Human Rights"}


@pytest.mark.parametrize("title, sentence, office, parent", [
    ("Atelier", "Le Bureau du Haut-Commissariat des Nations Unies aux droits de l'homme (HCDH) au Niger a organisé "
                "un atelier à Niamey du 10 au 12 mars 2025.", "Bureau du HCDH au Niger",
     "Haut-Commissariat des Nations Unies aux droits de l'homme"),
    ("Taller", "La Oficina del Programa de las Naciones Unidas para el Desarrollo (PNUD) en Colombia organizó un taller "
               "en Bogotá el 3 de mayo de 2024.", "Oficina del PNUD en Colombia",
     "Programa de las Naciones Unidas para el Desarrollo"),
])
def test_a_bodys_office_in_a_country_around_its_definition_is_the_office(title, sentence, office, parent):
    ex = extract(sentence, title=title)
    assert org(ex, office).parent == parent and roles(ex, office) == {"organiser"}
