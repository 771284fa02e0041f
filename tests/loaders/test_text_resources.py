"""Documents used at the event (issue 11): keywords, lower-case heads, titles with numbers."""

import pytest

from textkit import extract, names


def titles(ex):
    return {r.title for r in ex.resources}


@pytest.mark.parametrize("title", [
    "Regional Strategy on Border Security", "Model Law on Counter-Terrorism Financing",
    "Guidelines on Human Rights Compliant Interviewing", "Compendium of Good Practices on Prison Management",
    "Judicial Training Curriculum on Terrorism Cases", "Basic Course on Human Rights Policing",
])
def test_resource_keywords(title):
    ex = extract(f"Participants used the {title} during the workshop held by the Police Academy.")
    assert title in titles(ex)


def test_a_lower_case_keyword_after_the_title():
    ex = extract("The trainers presented the Ruritania Human Rights manual and launched the HELP "
                 "course on Victims' Rights.")
    assert {"Ruritania Human Rights manual", "HELP course on Victims"} <= titles(ex) or \
        {"Ruritania Human Rights manual"} <= titles(ex)


def test_titles_with_numbers_and_lower_case_words():
    ex = extract("Participants discussed the National Action Plan on Security Council resolution "
                 "2250 (2015) for 2024–2028 with the Police Academy.")
    assert "National Action Plan on Security Council resolution 2250 (2015) for 2024–2028" in titles(ex)


def test_a_strategy_named_in_passing_is_no_resource():
    ex = extract("As stated in the Global Counter-Terrorism Strategy, rights matter. The Police Academy "
                 "held a workshop.")
    assert titles(ex) == set()


def test_two_titles_joined_by_and():
    ex = extract("Trainers used the Police Academy Handbook on Interviewing and the Bar Association "
                 "Guidelines for Defence Lawyers.")
    assert {"Police Academy Handbook on Interviewing", "Bar Association Guidelines for Defence Lawyers"} <= titles(ex)


def test_a_publisher_named_before_its_document():
    ex = extract("The trainers presented the GCTF's Rabat Memorandum on Good Practices and the "
                 "OHCHR Toolkit on Human Rights.")
    publishers = {r.title: r.publisher for r in ex.resources}
    assert publishers.get("Rabat Memorandum on Good Practices") in {"GCTF", "Global Counterterrorism Forum"}
    assert publishers.get("OHCHR Toolkit on Human Rights") is not None


def test_a_post_is_no_course():
    ex = extract("Jane Doe, Professor at the University of Valmora and Course Coordinator, opened the training.")
    assert titles(ex) == set()


def test_quoted_titles_after_a_document_noun_or_a_launch():
    ex = extract('Trainers drew on the ODIHR manual "Human Rights in Policing: A Practical Manual for Officers" '
                 'and the Academy launched its new report, "Coming Home: Pathways for Returnees". '
                 '"We will go home," said one returnee, quoting the "good practices" of the region.')
    assert {"Human Rights in Policing: A Practical Manual for Officers", "Coming Home: Pathways for Returnees"} == titles(ex)


def test_french_titles_in_sentence_case():
    ex = extract("Les participants ont examiné la Stratégie nationale de lutte contre l'extrémisme et le "
                 "terrorisme adoptée par la Commission, ainsi que le « Guide pratique sur les enquêtes "
                 "financières » élaboré par l'ONUDC.", title="Séminaire à Sousse")
    assert {"Stratégie nationale de lutte contre l'extrémisme et le terrorisme",
            "Guide pratique sur les enquêtes financières"} <= titles(ex)


def test_a_resolution_number_and_its_topic_end_the_title():
    ex = extract("Participants reviewed the National Action Plan for the Implementation of Security Council "
                 "Resolution 1325 on Women, Peace and Security (2018-2021) with the Police Academy.")
    assert titles(ex) == {"National Action Plan for the Implementation of Security Council Resolution 1325 "
                          "on Women, Peace and Security (2018-2021)"}


def test_titles_joined_by_and_on_the():
    ex = extract("Case studies drew on the FATF Recommendations and on the Police Academy Handbook on Sanctions.")
    assert {"FATF Recommendations", "Police Academy Handbook on Sanctions"} <= titles(ex)


def test_a_title_goes_on_after_and_the_unless_a_second_title_or_a_body_follows():
    ex = extract("Trainers used the Handbook on the Protection of Witnesses and the Prevention of Reprisals, "
                 "the Manual on Fair Trials and the Guide on Detention, presented by the Office.")
    titles = {r.title for r in ex.resources}
    assert "Handbook on the Protection of Witnesses and the Prevention of Reprisals" in titles
    assert {"Manual on Fair Trials", "Guide on Detention"} <= titles


def test_a_body_right_before_a_quoted_title_publishes_it():
    ex = extract("A translation of the Council of Europe “Guidelines on Fair Trials” was presented to judges.")
    assert [(r.title, r.publisher) for r in ex.resources] == [("Guidelines on Fair Trials", "Council of Europe")]


@pytest.mark.parametrize("title", [
    "Manual for Border Officers in Line with International Standards",
    "Handbook for Prison Staff regarding Radicalisation and Violent Extremism",
    'Guidelines on the Treatment of "Returning Fighters" within a Rule of Law Framework',
    "Principles for the Screening, Prosecution, Rehabilitation and Reintegration of Returnees",
    "Toolkit on Community Policing in the Context of Preventing Violent Extremism",
])
def test_a_title_goes_on_through_connectives_quotes_and_lists(title):
    ex = extract(f"The Police Academy presented the {title} to forty officers during the workshop.")
    assert title in titles(ex)


def test_a_title_stops_where_lower_case_words_follow_a_connective():
    ex = extract("The Police Academy presented the Manual for Border Officers in line with its mandate "
                 "during the workshop.")
    assert "Manual for Border Officers" in titles(ex)


def test_a_title_keeps_its_capitalised_left_words_and_possessives():
    ex = extract("Wardens worked with the Community Warden's Handbook, the Valdor Rangers' Toolkit and "
                 "the Key Principles for River Patrols. Key partners attended the session.")
    assert titles(ex) == {"Community Warden's Handbook", "Valdor Rangers' Toolkit",
                          "Key Principles for River Patrols"}


def test_french_lower_case_titles_and_re_mentions():
    ex = extract("Les gardes ont utilisé la Boîte à outils sur la gestion des crues, puis un guide pratique "
                 "sur la surveillance des digues, élaboré par l’Office des Rivières. La Boîte à outils a été "
                 "remise à chaque garde ; le guide pratique sera traduit. Le plan a été discuté et un manuel "
                 "de formation a été distribué.", title="Formation des gardes à Valmont")
    assert titles(ex) == {"Boîte à outils sur la gestion des crues",
                          "guide pratique sur la surveillance des digues"}


@pytest.mark.parametrize("sentence, title", [
    ("Trainers used Fair Hearings in Island Courts: A Practitioner's Handbook, published by the Bar Council.",
     "Fair Hearings in Island Courts: A Practitioner's Handbook"),
    ("The draft guide Monitoring Coastal Detention – A Guide for Ombudsman Offices was tested.",
     "Monitoring Coastal Detention – A Guide for Ombudsman Offices"),
    ("Participants received the handbook, Rights-Based Harbour Policing: A Handbook for Trainers, in print.",
     "Rights-Based Harbour Policing: A Handbook for Trainers"),
])
def test_a_title_with_a_subtitle_is_one_title(sentence, title):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 March 2025. " + sentence)
    assert title in {r.title for r in ex.resources}, [r.title for r in ex.resources]
    assert len(ex.resources) == 1


def test_a_body_whose_name_holds_a_document_noun_is_no_resource():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 March 2025. "
                 "Researchers from the Institute for Policy Studies of the Islands (IPSI) presented findings.")
    assert not ex.resources, [r.title for r in ex.resources]
    assert "Institute for Policy Studies of the Islands" in {o.name for o in ex.organisations}


@pytest.mark.parametrize("sentence, title", [
    ("The trainers presented the Assembly of Mayors’ Guidelines on municipal policing and the rights of "
     "suspects during the second session.",
     "Guidelines on municipal policing and the rights of suspects"),
    ("Participants discussed the Handbook on the treatment of detainees in remote regions, published by "
     "the Bar Council.", "Handbook on the treatment of detainees in remote regions"),
    ("The NHRC’s Toolkit for oversight of intelligence services was launched at the forum.",
     "Toolkit for oversight of intelligence services"),
])
def test_sentence_case_titles_end_at_their_clause(sentence, title):
    assert [r.title for r in extract(sentence).resources] == [title]


def test_a_plural_possessive_before_a_document_ends_the_publishers_name():
    ex = extract("The trainers presented the Assembly of Mayors’ Guidelines on municipal policing and the "
                 "rights of suspects.")
    assert [(r.title, r.publisher) for r in ex.resources] == [
        ("Guidelines on municipal policing and the rights of suspects", "Assembly of Mayors")]
    # Before a word that is no document the plural possessive stays inside the name.
    assert "Ministry of Veterans’ Affairs" in names(extract("The Ministry of Veterans’ Affairs hosted the meeting."))


def test_a_sentence_case_run_without_an_end_is_no_title():
    words = " ".join(["and the rights of persons in detention"] * 4)
    assert extract(f"The trainers presented the Handbook on policing {words}").resources == []


@pytest.mark.parametrize("sentence, title, publisher", [
    # a weak head ("Book") is a document when the text says who produced it
    ("Each participant received a copy of the Field Pocket Book for Coastal Rangers, produced by the Valdor Institute.",
     "Field Pocket Book for Coastal Rangers", "Valdor Institute"),
    # a year range closes the title
    ("The session presented the Valdor Plan of Action to Prevent Violent Extremism 2018-2025 to the participants.",
     "Valdor Plan of Action to Prevent Violent Extremism 2018-2025", None),
    # a slash inside the main title of a subtitled one
    ("Discussions drew on the Human Rights and P/CVE in Schools: A Toolkit for Teachers.",
     "Human Rights and P/CVE in Schools: A Toolkit for Teachers", None),
    # a publisher's name before a sentence-case title is not part of it
    ("Trainers used the Council of Europe Guidelines for prison and probation services regarding radicalisation.",
     "Guidelines for prison and probation services regarding radicalisation", "Council of Europe"),
    # "... of the <body>" ending a title names its publisher
    ("The course used the Lagos Recommendations on the Sharing of Evidence of the Global Counterterrorism Forum.",
     "Lagos Recommendations on the Sharing of Evidence", "Global Counterterrorism Forum"),
    # French document nouns and "publiés par"
    ("Les Principes et directives sur les droits des détenus, publiés par le HCDH, ont servi de cadre.",
     "Principes et directives sur les droits des détenus", "HCDH"),
])
def test_titles_their_ends_and_publishers(sentence, title, publisher):
    assert [(r.title, r.publisher) for r in extract(sentence).resources] == [(title, publisher)]


def test_a_title_in_capitals_after_a_lower_case_document_noun():
    ex = extract("The Coastal Police Academy held the course in Accra on 3 May 2024. Trainers used the "
                 "ODIHR manual Human Rights in Border Checks and the handbook Victims of Terror and the Law.")
    got = {r.title: r.publisher for r in ex.resources}
    assert got.get("Human Rights in Border Checks") == "ODIHR"
    assert "Victims of Terror and the Law" in got


def test_its_new_document_is_published_by_the_subject_and_a_title_keeps_its_own_by():
    ex = extract("The Coastal Police Academy held the course in Accra on 3 May 2024. The Valdor Rights "
                 "Institute presented its new Handbook on Children Recruited by Armed Groups.")
    got = {r.title: r.publisher for r in ex.resources}
    assert got == {"Handbook on Children Recruited by Armed Groups": "Valdor Rights Institute"}


def test_a_town_before_a_titles_connector_is_no_part_of_the_title():
    ex = extract("Twenty judges met in Accra on 3 May 2024 to discuss the Valdor Memorandum.",
                 title="Judicial Workshop in Accra on the Valdor Memorandum")
    assert not any(t.startswith("Accra") for t in titles(ex))


def test_the_subject_that_also_published_a_titled_document_is_its_publisher():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. In 2023, the Valdor Bar "
                 "Council also published a Handbook on Rights in Border Checks, which the course used.")
    assert {r.title: r.publisher for r in ex.resources} == {"Handbook on Rights in Border Checks": "Valdor Bar Council"}


def test_a_titles_subtitle_after_a_colon_is_part_of_it():
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024 and launched its Handbook on "
                 "Rights in Border Checks: The Role of the Judge, which trainers used.")
    assert "Handbook on Rights in Border Checks: The Role of the Judge" in titles(ex)


def test_french_speech_in_quotes_and_a_sentence_about_the_guide_are_no_titles():
    ex = extract("L’Institut côtier des droits a présenté le Guide pratique sur les lieux de détention à Dakar le "
                 "3 mars 2025. Le guide propose des outils concrets pour les visites. « Nos équipes entrent dans les "
                 "prisons. Ce guide les aide », a dit sa directrice.", title="Un guide à Dakar")
    assert not any(t.startswith(("guide propose", "Nos équipes")) for t in titles(ex))


@pytest.mark.parametrize("sentence, title", [
    ("Le cours s'appuie sur les Principes de Valdor et sur les observations du Comité.", "Principes de Valdor"),
    ("Les participants ont adopté la Déclaration de Valdor sur la protection des enfants.",
     "Déclaration de Valdor sur la protection des enfants"),
    ("The course drew on the Valdor Rules and the Harbour Rules.", "Valdor Rules"),
])
def test_french_titles_end_before_a_new_complement_adopted_declarations_and_rules(sentence, title):
    ex = extract("L'atelier a eu lieu à Dakar le 3 mars 2024. " + sentence, title="Atelier")
    assert title in titles(ex)


def test_a_headline_in_title_case_names_a_resource_only_if_the_body_writes_it():
    ex = extract("The Coastal Rights Institute adopted a set of recommendations on prisons in Accra on "
                 "3 May 2024.", title="Coastal Institute Adopts Recommendations on Human Rights in Prisons")
    assert not ex.resources
    ex = extract("The Coastal Rights Institute presented the Valdor Recommendations in Accra on 3 May 2024.",
                 title="Valdor Recommendations on Human Rights in Prisons Presented")
    assert any(r.title.startswith("Valdor Recommendations on Human Rights") for r in ex.resources)


def test_a_title_goes_on_through_while():
    ex = extract("The Coastal Rights Institute presented the Valdor Principles and Guidelines on Human Rights "
                 "while Countering Terrorism in Coastal States in Accra on 3 May 2024.")
    assert any(r.title.endswith("while Countering Terrorism in Coastal States") for r in ex.resources), \
        [r.title for r in ex.resources]


def _titles(sentence, title="Course"):
    ex = extract("The Coastal Institute held a course in Accra on 3 May 2024. " + sentence, title=title)
    return [r.title for r in ex.resources]


def test_two_titles_joined_by_and_after_a_title_connective_are_two():
    assert _titles("Participants used the Valdor Guidelines on Fair Trials within a Human Rights Framework and "
                   "the Lagoon Handbook on the Management of Prisons.") == [
        "Valdor Guidelines on Fair Trials within a Human Rights Framework",
        "Lagoon Handbook on the Management of Prisons"]


def test_a_titles_participle_by_the_and_a_gerund_subtitle_stay_in_it():
    assert _titles("Jane Roe presented the Valdor Handbook on Children Affected by the Armed Conflict Phenomenon: "
                   "Ensuring a Child Rights-Based Approach.") == [
        "Valdor Handbook on Children Affected by the Armed Conflict Phenomenon: Ensuring a Child Rights-Based Approach"]


def test_a_head_noun_qualifying_the_next_word_starts_a_title():
    assert _titles("Jane Roe introduced the Community Resilience Toolkit for Island Councils.") == [
        "Community Resilience Toolkit for Island Councils"]


def test_a_spanish_title_in_sentence_case_is_read_like_a_french_one():
    ex = extract("El Instituto de Valdoria organizó un taller en Quito el 3 de mayo de 2024. La Guía de buenas "
                 "prácticas para la protección de los testigos, elaborada por el Consejo de Valdoria, sirvió de "
                 "base para los ejercicios.", title="Taller en Quito")
    assert [r.title for r in ex.resources] == ["Guía de buenas prácticas para la protección de los testigos"]


@pytest.mark.parametrize("sentence, title", [
    ("Discussions followed the Valdor Manual on the Management of Persons Charged with Terrorism, which the Bureau "
     "adopted.", "Valdor Manual on the Management of Persons Charged with Terrorism"),
    ("The Valdor Handbook on the Management of Prisoners in Prisons served as a common reference.",
     "Valdor Handbook on the Management of Prisoners in Prisons"),
    ("Built on the Valdor Principles on Effective Interviewing for Investigations, the course trained officers.",
     "Valdor Principles on Effective Interviewing for Investigations"),
])
def test_a_titles_participle_keeps_its_complement_and_a_verb_or_sentence_start_is_no_part(sentence, title):
    assert _titles(sentence) == [title]


def test_a_quoted_sentence_with_a_finite_clause_is_speech_not_a_title():
    ex = extract("L'Institut de Valdoria a organisé un atelier à Dakar le 3 mai 2024. « Former les formateurs, "
                 "c'est faire en sorte que ces principes entrent dans la culture de la police », a souligné "
                 "M. Jean Roe.", title="Atelier")
    assert ex.resources == []


@pytest.mark.parametrize("text, title", [
    ("The course drew on “Fair Trials on the Harbour Coast”, a study by the Valdor Institute.",
     "Fair Trials on the Harbour Coast"),
    ("Participants were asked to read Fact Sheet No. 9, “Rights at the Harbour Border”.", "Rights at the Harbour Border"),
    ("The researcher presented the policy brief « Detention and Rights in the Coastal Region ».",
     "Detention and Rights in the Coastal Region"),
    ("An expert presented the Guide on Article 5 of the Valdor Charter on Human Rights prepared by the Registry.",
     "Guide on Article 5 of the Valdor Charter on Human Rights"),
    ("The Commissioner presented findings from the Commission's 12th Annual Report to Parliament.",
     "12th Annual Report to Parliament"),
    ("Each participant received an Arabic copy of “Rights at the Harbour Border” (Fact Sheet No. 9).",
     "Rights at the Harbour Border"),
    ("Se utilizó la versión en español de las “Reglas valdorianas para combatir el abuso”.",
     "Reglas valdorianas para combatir el abuso"),
])
def test_quoted_titles_after_more_cues_numbered_parts_and_editions(text, title):
    assert title in {r.title for r in extract(text).resources}


@pytest.mark.parametrize("text, title", [
    ("The workshop was held in Accra on 3 May 2024. The Academy also compiled a bench book. The bench book, titled "
     "“Trials of Terrorism Offences: A Guide for Judges”, will be published in May.",
     "Trials of Terrorism Offences: A Guide for Judges"),
    ("Participants received the VLS “Practice Note on Access to Clients in Detention” at the course.",
     "Practice Note on Access to Clients in Detention"),
])
def test_a_quoted_title_after_titled_or_right_after_a_body(text, title):
    assert title in {r.title for r in extract(text).resources}


@pytest.mark.parametrize("text", [
    "The Valdor Mission is a civilian Common Security and Defence Policy mission launched in 2017.",
    "As part of the VALCO “Human Rights and Policing in the Harbour Region” project, judges met in Accra.",
    "The course was hosted by the Academy for Judges of Valdoria “Anna Vale” in Accra on 3 May 2024.",
])
def test_a_name_before_a_mission_or_project_noun_or_a_bodys_quoted_name_is_no_document(text):
    assert extract(text).resources == []


@pytest.mark.parametrize("sentence, title", [
    ("Participants worked with the Valdor Basic Principles on the Right of Anyone to Bring Proceedings Before a Court.",
     "Valdor Basic Principles on the Right of Anyone to Bring Proceedings Before a Court"),
    ("An officer presented the National Plan on Countering Violent Extremism that Leads to Terrorism (NPCVE).",
     "National Plan on Countering Violent Extremism that Leads to Terrorism"),
    ("Participants received an edition of the Valdor Practitioners' Guide No. 7, which covers trials.",
     "Valdor Practitioners' Guide No. 7"),
    ("They also used the Valdor Bench Book on Fair Trial in Security Cases.", "Valdor Bench Book on Fair Trial in Security Cases"),
])
def test_title_case_titles_go_on_through_their_small_words_and_numbers(sentence, title):
    ex = extract("The course was held in Accra on 3 May 2024. " + sentence)
    assert [r.title for r in ex.resources] == [title]


def test_a_law_cited_by_its_article_is_no_document_used():
    ex = extract("The course was held in Accra on 3 May 2024. They discussed liability under Article 322-a of the "
                 "Criminal Code.")
    assert ex.resources == []


def test_a_title_ends_at_and_before_another_bodys_name():
    ex = extract("The course was held in Accra on 3 May 2024. Delegations discussed the Valdor Counter-Terrorism "
                 "Strategy and United Nations Security Council resolution 2396 (2017).")
    assert [r.title for r in ex.resources] == ["Valdor Counter-Terrorism Strategy"]


def test_two_documents_after_a_document_noun_a_gerunds_with_and_an_owners_possessive():
    ex = extract("The course was held in Accra on 3 May 2024. Participants worked with the Valdor Practical Guide for "
                 "Officers on Engaging with Terrorism Inmates. Trainers used the practical guide Monitoring Places of "
                 "Custody and the Office's Special Report on Persons Detained in Valdoria.")
    assert [r.title for r in ex.resources] == ["Valdor Practical Guide for Officers on Engaging with Terrorism Inmates",
                                               "Monitoring Places of Custody",
                                               "Special Report on Persons Detained in Valdoria"]
