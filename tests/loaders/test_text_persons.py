"""Persons, posts and the organisations of posts, on invented sentences."""

import pytest

from textkit import extract


def person(ex, name):
    found = [p for p in ex.persons if p.name == name]
    assert len(found) == 1, [p.name for p in ex.persons]
    return found[0]


@pytest.mark.parametrize("sentence, name, post, org", [
    ("The session was moderated by Mr. John Smith (UNODC).", "John Smith", None, "UNODC"),
    ("Ms Jane Doe of the Ministry of Justice opened the session.", "Jane Doe", None, "Ministry of Justice"),
    ("According to Peter Brown, Head of the Police Academy, it went well.", "Peter Brown",
     "Head of the Police Academy", "Police Academy"),
    ("UNODC expert Maria Lopez presented the toolkit.", "Maria Lopez", "UNODC expert", "UNODC"),
    ("It was opened by the Minister of Interior, H.E. Gen. Kamal Idris.", "Kamal Idris", "Minister of Interior", None),
    ("On behalf of the Embassy of Sweden in Accra, Ms. Anna Berg thanked them.", "Anna Berg", None,
     "Embassy of Sweden in Accra"),
    ("Jane Doe, Section Chief, Border Division, Ministry of Interior, spoke.", "Jane Doe",
     "Section Chief, Border Division, Ministry of Interior", "Ministry of Interior"),
    ("Paul Roe, former lawyer at the Bar Association, spoke.", "Paul Roe", "former lawyer at the Bar Association", None),
    ("La cérémonie présidée par l’Ambassadeur de Suède, Anna Berg, a clos la formation.", "Anna Berg",
     "Ambassadeur de Suède", None),
])
def test_posts_and_organisations(sentence, name, post, org):
    p = person(extract(sentence), name)
    assert (p.job_title, p.organisation) == (post, org)


def test_one_word_surname_only_after_a_courtesy_title():
    ex = extract("Mr Ouedraogo thanked the trainers. Justice Reforms were discussed.")
    assert [p.name for p in ex.persons] == ["Ouedraogo"]


def test_names_that_are_also_towns():
    ex = extract("Eva Marco, Ali Hassan and Ana Lopez presented the course.")
    assert {"Ali Hassan", "Ana Lopez"} <= {p.name for p in ex.persons}


def test_a_later_short_mention_is_the_same_person():
    ex = extract("Dr. Jane Doe, Director of the Police Academy, opened the workshop. Dr. Doe closed it.")
    assert [p.name for p in ex.persons] == ["Jane Doe"]


def test_an_ambiguous_honorific_before_institutional_nouns_is_no_person():
    ex = extract('The "Support to Justice Sector Reform" project trained judges; Justice Amina Bello spoke.')
    assert [p.name for p in ex.persons] == ["Amina Bello"]


def test_police_rank_acronyms_are_honorifics_not_bodies():
    ex = extract("The Commandant of the Northern Police College, AIG Peter Okonkwo, welcomed the trainees.")
    p = next(p for p in ex.persons if p.name == "Peter Okonkwo")
    assert p.honorific == "AIG"
    assert "AIG" not in {o.name for o in ex.organisations}


def test_a_hyphenated_post_is_a_post():
    ex = extract("Tomas Virtanen, Minister-Counsellor at the Embassy of Valdor in Accra, opened the meeting.")
    assert [(p.name, p.role) for p in ex.persons] == [("Tomas Virtanen", "Minister-Counsellor")]


def test_openers_in_french_and_after_the_name_and_each_of_a_coordinated_pair():
    ex = extract("L’atelier s’est tenu à Valdor le 3 mars 2024. Il a été ouvert par M. Jean Valmont, Secrétaire "
                 "général du ministère de la Justice, et par Mme Claire Morel, Représentante du Bureau de Valdor.",
                 title="Atelier à Valdor")
    got = {p.agent: p.roles for p in ex.participations if p.agent_kind == "person"}
    assert got["Jean Valmont"] == {"opener"} and got["Claire Morel"] == {"opener"}
    ex = extract("The course took place in Accra on 3 May 2024. Ms. Jane Valdor, Director of the Coastal Police "
                 "Academy, officially opened the course.")
    assert {p.agent: p.roles for p in ex.participations if p.agent_kind == "person"} == {"Jane Valdor": {"opener"}}


def test_people_listed_as_speakers_or_panellists_speak():
    ex = extract("The Coastal Rights Institute held a webinar on 3 May 2024. Speakers included Professor Ana "
                 "Valmont of the University of Valdor and Mr. Karim Stellan, Director of the Harbour Rights Network.")
    got = {p.agent: p.roles for p in ex.participations if p.agent_kind == "person"}
    assert got == {"Ana Valmont": {"speaker"}, "Karim Stellan": {"speaker"}}


def test_a_posts_body_keeps_its_place_when_its_country_follows_it():
    ex = extract("The workshop took place in Accra on 3 May 2024. Judge Ann Berg, Presiding Judge, Regional Court "
                 "of Rotterdam in the Netherlands (who tried the first case), shared her experience.")
    p = next(p for p in ex.persons if p.name == "Ann Berg")
    assert p.organisation == "Regional Court of Rotterdam"


@pytest.mark.parametrize("sentence, name", [
    ("Coronel Juan Pérez Valdor, Director of the Coastal Police School, opened the course.", "Juan Pérez Valdor"),
    ("Le Général de brigade Amadou Valdor, directeur de l'École de police côtière, a ouvert l'atelier.",
     "Amadou Valdor"),
])
def test_spanish_and_french_ranks_are_honorifics(sentence, name):
    ex = extract("The Coastal Rights Institute held a course in Accra on 3 May 2024. " + sentence)
    assert name in {p.name for p in ex.persons}, [p.name for p in ex.persons]


@pytest.mark.parametrize("sentence, name, post", [
    ("El director general del Instituto de Valdoria, Mateo Ruiz Andrade, afirmó que la seguridad importa.",
     "Mateo Ruiz Andrade", "director general del Instituto de Valdoria"),
    ("La oficial de programas de la Oficina de Valdoria, Lucía Prado, presentó el manual.",
     "Lucía Prado", "oficial de programas de la Oficina de Valdoria"),
    ("En la apertura, el viceministro-secretario del Consejo de Valdoria, Tomás Ibarra, destacó su labor.",
     "Tomás Ibarra", "viceministro-secretario del Consejo de Valdoria"),
])
def test_a_spanish_post_before_a_name_in_commas_is_the_persons_post(sentence, name, post):
    ex = extract(sentence, title="Taller en Quito")
    assert [(p.name, p.job_title) for p in ex.persons] == [(name, post)]


@pytest.mark.parametrize("sentence, name, honorific", [
    ("Opening the session, Undersecretary Ramon Cruz said that rights matter.", "Ramon Cruz", "Undersecretary"),
    ("A commissioner, Atty. Rosa Cruz-Reyes, reminded participants of the rules.", "Rosa Cruz-Reyes", "Atty."),
])
def test_a_rank_or_an_abbreviated_title_before_a_name_is_its_honorific(sentence, name, honorific):
    ex = extract(sentence)
    assert [(p.name, p.honorific) for p in ex.persons] == [(name, honorific)]


@pytest.mark.parametrize("title, sentence, name, honorific", [
    ("Atelier", "La présidente de la commission régionale, Mme Amina El Fassi, a présenté le bilan.",
     "Amina El Fassi", "Mme"),
    ("Dialogue", "The dialogue was opened by the Deputy Secretary-General, Mr Dato' Azlan Hamid.",
     "Azlan Hamid", "Mr Dato'"),
    ("Talk", "Attorney-at-law Mohamed Rizvan Fareed, Secretary of the Valdor Bar, spoke about custody.",
     "Mohamed Rizvan Fareed", "Attorney-at-law"),
])
def test_a_capitalised_article_inside_a_name_and_more_titles_before_names(title, sentence, name, honorific):
    ex = extract(sentence, title=title)
    assert [(p.name, p.honorific) for p in ex.persons] == [(name, honorific)]


@pytest.mark.parametrize("title, sentence, name, post", [
    ("Course", "Valdor Head of Mission Anders Lund added that screening matters.", "Anders Lund", "Head of Mission"),
    ("Course", "Oksana Petrenko, Rector of the University, said the institution would help.", "Oksana Petrenko",
     "Rector of the University"),
    ("Course", "The day closed with a talk by Pieter van Dam, public prosecutor at the Valdor Office.", "Pieter van Dam",
     "public prosecutor at the Valdor Office"),
    ("Taller", "Expuso también Tomás Ruiz Bellido, adjunto para los Derechos Humanos de la Oficina de Valdoria.",
     "Tomás Ruiz Bellido", "adjunto para los Derechos Humanos de la Oficina de Valdoria"),
])
def test_posts_of_rectors_deputies_heads_of_mission_and_public_prosecutors(title, sentence, name, post):
    ex = extract(sentence, title=title)
    assert [(p.name, p.job_title) for p in ex.persons] == [(name, post)]


def test_a_lower_case_spanish_professor_title_before_a_name():
    ex = extract("Habló la profesora Carmen Lucía Zegarra, de la Universidad de Valdoria.", title="Taller")
    assert [(p.name, p.honorific) for p in ex.persons] == [("Carmen Lucía Zegarra", "profesora")]


@pytest.mark.parametrize("title, sentence, name, post", [
    # a post that is a member, an instructor or a researcher
    ("Course", "Tariq Aziz, Senior Instructor, VJA, opened the day.", "Tariq Aziz", "Senior Instructor, VJA"),
    ("Course", "Lena Haddad, a member of the Valdor Rights Commission, presented the findings.", "Lena Haddad",
     "member of the Valdor Rights Commission"),
    ("Atelier", "La chercheuse principale du Centre valdorien, Nadia Ebong, a présenté le rapport.", "Nadia Ebong",
     "chercheuse principale du Centre valdorien"),
    ("Taller", "La visitadora general de la Comisión de Valdoria, Rosa Quintero, presentó un análisis.",
     "Rosa Quintero", "visitadora general de la Comisión de Valdoria"),
    # a post with an indefinite article before the name, then a speech verb
    ("Taller", "Un magistrado en retiro, Arturo Benítez Salas, moderó el panel final.", "Arturo Benítez Salas",
     "magistrado en retiro"),
])
def test_more_posts_before_and_after_names(title, sentence, name, post):
    ex = extract(sentence, title=title)
    assert [(p.name, p.job_title) for p in ex.persons] == [(name, post)]


@pytest.mark.parametrize("title, sentence, name", [
    ("Course", "The VCHR's Jonas Lindberg, Programme Manager for prisons, introduced the handbook.", "Jonas Lindberg"),
    ("Course", "UNODC's Sabrina Karim, National Programme Officer, said a procedure was ready.", "Sabrina Karim"),
    ("Atelier", "La commissaire de la CNDV Claire Mbella a rappelé les plaintes reçues.", "Claire Mbella"),
    ("Course", "At the close, Ambassador of Japan to Ghana Kenji Hayashi said the course would go on.", "Kenji Hayashi"),
    ("Course", "Resource persons: Barrister Omar Farooq and a judge.", "Omar Farooq"),
    ("Course", "Lena Moss, a retired judge, chaired the panel.", "Lena Moss"),
])
def test_words_before_a_name_that_are_no_part_of_it(title, sentence, name):
    """An owner's possessive, an acronym or a country before a name, and 'Barrister', are not the name."""
    assert [p.name for p in extract(sentence, title=title).persons] == [name]


@pytest.mark.parametrize("title, sentence, name", [
    ("Taller", "El Intendente de Verificación de Valdoria, Héctor Mazariegos, destacó el trabajo.", "Héctor Mazariegos"),
    ("Taller", "La jefa de cooperación de la Delegación de la Unión Europea en República Dominicana, Sofia Andersson, "
               "recordó el apoyo.", "Sofia Andersson"),
    ("Course", "Carla Mendes, Rule of Law Specialist at the Valdor Office, announced a second course.", "Carla Mendes"),
    ("Course", "Acting Deputy Commissioner of Police Randall Ramsey of the VPS welcomed the focus on cases.",
     "Randall Ramsey"),
])
def test_a_post_complement_or_a_country_is_no_name_and_more_posts_and_bodies_around_names(title, sentence, name):
    assert [p.name for p in extract(sentence, title=title).persons] == [name]


@pytest.mark.parametrize("title, sentence, name", [
    ("Taller", "«El uso debe ser proporcional», señaló la secretaria ejecutiva adjunta del CICTE, Gabriela Montenegro "
               "Salas.", "Gabriela Montenegro Salas"),
    ("Course", "Opening the workshop, VSS Director, Brig. Gen. (Rtd) Abebe Tesfaye Alemu, said that rights matter.",
     "Abebe Tesfaye Alemu"),
    ("Course", "Langat spoke, while Hodan Abdi Warsame of the VHR Regional Office for East Africa presented the "
               "guidelines.", "Hodan Abdi Warsame"),
    ("Course", "The Country Representative a.i. of VALCO, Elena Marchetti, said the course would go on.", "Elena Marchetti"),
    ("Course", "PCOL Ramon Esguerra Lagman, chief of the VPS, told participants that rights matter.", "Ramon Esguerra Lagman"),
    ("Atelier", "Pour sa part, la Présidente de la CDHV, Pr Thérèse Mbarga Ateba, a présenté les constats.",
     "Thérèse Mbarga Ateba"),
])
def test_inverted_speakers_retired_ranks_bodies_with_complements_and_more_titles(title, sentence, name):
    assert [p.name for p in extract(sentence, title=title).persons] == [name]


def test_a_country_begins_no_persons_name():
    assert extract("The Kenya Police Service and the Jordan Armed Forces attended the course.").persons == []


@pytest.mark.parametrize("title, sentence, name, post", [
    ("Course", "Closing the course, Deputy Minister of Justice Tomas Reyvald stressed that bail matters.",
     "Tomas Reyvald", "Deputy Minister of Justice"),
    ("Course", "Senior State Attorney Miriam Akello Nsubuga, head of the Appeals Division, told the trainees "
               "to keep records.", "Miriam Akello Nsubuga", "head of the Appeals Division"),
    ("Course", "For the institute, Chief Executive Datuk Dr Farid Osman Latif said the talks would go on.",
     "Farid Osman Latif", "Chief Executive"),
    ("Course", "Commissioner Puan Aisyah Kamal Noor presented the findings.", "Aisyah Kamal Noor", None),
    ("Taller", "La encargada de negocios de la Embajada de Valdoria, Lucía Ferrer-Ortiz, destacó el apoyo.",
     "Lucía Ferrer-Ortiz", "encargada de negocios de la Embajada de Valdoria"),
    ("Séminaire", "Le premier vice-président du Sénat, l’honorable Didier Kouamé-Yao, a rappelé les enjeux.",
     "Didier Kouamé-Yao", "premier vice-président du Sénat"),
])
def test_posts_with_complements_malay_and_french_courtesy_attorneys_and_chargés(title, sentence, name, post):
    ex = extract(sentence, title=title)
    assert [p.name for p in ex.persons] == [name]
    assert ex.persons[0].job_title == post


@pytest.mark.parametrize("title, sentence, name, org", [
    ("Taller", "El taller se celebró en Lima el 3 de mayo de 2024. La profesora Carla Ruiz Soto, de la Universidad "
               "Valdoriana (UVA), cerró el taller.", "Carla Ruiz Soto", "Universidad Valdoriana"),
    ("Atelier", "L'atelier s'est tenu à Tunis le 3 mai 2024. Me Leïla Ben Salem, de l'Ordre des avocats de Valdorie, "
                "a présenté la défense.", "Leïla Ben Salem", "Ordre des avocats de Valdorie"),
    ("Taller", "El taller se celebró en Lima el 3 de mayo de 2024. Intervino Carla Ruiz Soto, de la Universidad "
               "Valdoriana, quien analizó la jurisprudencia.", "Carla Ruiz Soto", "Universidad Valdoriana"),
    ("Course", "Sharon Baptiste-Lewis, Deputy Executive Director of VALCO, noted the policy.", "Sharon Baptiste-Lewis",
     "VALCO"),
])
def test_a_romance_body_after_a_comma_is_the_persons_and_a_verb_opening_the_sentence_is_no_name(title, sentence,
                                                                                                  name, org):
    ex = extract(sentence, title=title)
    assert [(p.name, p.organisation) for p in ex.persons] == [(name, org)]


def test_names_with_their_bodies_in_brackets_are_persons_of_those_bodies():
    ex = extract("Speakers included Maria Costa (UNODC), John Otieno (ICJ Kenya) and Fatou Ndiaye (Ministry of "
                 "Justice). The Valdor Institute (VI) and the Policy Research Centre (PRC) organised it.")
    assert [(p.name, p.organisation) for p in ex.persons] == [
        ("Maria Costa", "UNODC"), ("John Otieno", "ICJ Kenya"), ("Fatou Ndiaye", "Ministry of Justice")]


def test_letters_after_a_name_are_no_part_of_it_and_no_body():
    ex = extract("The Chair of the Committee, Mr Andrew Collins MP, said the hearing helped. Mr Collins said more was "
                 "needed.")
    assert [p.name for p in ex.persons] == ["Andrew Collins"] and ex.organisations == []


def test_an_apposition_with_an_article_and_a_post_noun_is_the_post():
    ex = extract("Sessions were facilitated by Sophie Marchal, an international juvenile justice expert, together "
                 "with national trainers.")
    assert [(p.name, p.job_title) for p in ex.persons] == [("Sophie Marchal", "international juvenile justice expert")]
