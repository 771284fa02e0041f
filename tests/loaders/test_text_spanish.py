"""Spanish press releases: dates, event types, counts, cues and posts (invented sentences)."""

from datetime import date

from textkit import extract, funders, names, roles


def _release():
    return extract(
        "Valdoria, 20 de septiembre de 2023 – La Academia Regional de Policía de Valdoria organizó, del 18 al 20 "
        "de septiembre de 2023, un taller sobre derechos humanos dirigido a 35 fiscales e investigadores. "
        "El taller fue financiado por la Fundación Costera para la Paz y se realizó en colaboración con la "
        "Universidad de Valdoria. Participaron representantes de la Defensoría del Pueblo de Valdoria.",
        title="Taller sobre derechos humanos en Valdoria")


def test_spanish_dates_event_type_and_count():
    ev = _release().events[0]
    assert (ev.start, ev.end) == (date(2023, 9, 18), date(2023, 9, 20))
    assert ev.event_type == "workshop" and ev.participants_count == 35


def test_spanish_role_cues():
    ex = _release()
    assert "Fundación Costera para la Paz" in funders(ex)
    assert roles(ex, "Universidad de Valdoria") == {"partner"}
    assert "organiser" in roles(ex, "Academia Regional de Policía de Valdoria")
    assert any(n.startswith("Defensoría del Pueblo") and roles(ex, n) == {"participant"}
               for n in {p.agent for p in ex.participations})


def test_spanish_honorifics_and_posts():
    ex = extract("La apertura estuvo a cargo de la Sra. Marta Valdés, Directora de la Academia Regional de "
                 "Valdoria, el 3 de mayo de 2024.", title="Curso en Valdoria")
    p = next(p for p in ex.persons if p.name == "Marta Valdés")
    assert p.role == "Directora"


def test_spanish_states_embassies_and_lists_closed_by_y():
    ex = extract("Valdoria, 3 de mayo de 2024 – El taller fue organizado por la Academia Regional de Policía de "
                 "Valdoria del 1 al 3 de mayo de 2024. Fue financiado por el Gobierno de España y la Fundación "
                 "Costera para la Paz, con el apoyo de la Embajada de los Países Bajos.",
                 title="Taller sobre derechos humanos en Valdoria")
    got = funders(ex)
    assert {"Gobierno de España", "Fundación Costera para la Paz", "Embajada de los Países Bajos"} <= got
    orgs = {o.name: o for o in ex.organisations}
    assert orgs["Gobierno de España"].kind == "state" and orgs["Gobierno de España"].country == "Spain"
    assert orgs["Embajada de los Países Bajos"].country == "Netherlands"


def test_spanish_service_mechanism_and_committee_heads_name_bodies():
    ex = extract("La defensora insistió en garantizar el acceso del Mecanismo Nacional de Prevención de la "
                 "Tortura, del Comité de Ética de Valdoria y del Servicio Nacional de Rehabilitación Social a "
                 "los pabellones.", title="Taller en Quito")
    assert {"Mecanismo Nacional de Prevención de la Tortura", "Comité de Ética de Valdoria",
            "Servicio Nacional de Rehabilitación Social"} <= names(ex)


def test_a_spanish_word_that_is_also_a_small_towns_name_is_no_place_inside_a_name():
    ex = extract("El Ministerio de Justicia y Derechos Humanos de Valdoria organizó un taller en Quito el 3 de mayo "
                 "de 2024 en el Centro de Convenciones.", title="Taller en Quito")
    assert "Ministerio de Justicia y Derechos Humanos de Valdoria" in names(ex)
    assert [e.place for e in ex.events] == ["Quito"]


def test_a_national_commissioner_for_rights_is_a_body_and_ends_the_name_before_it():
    ex = extract("El taller se celebró en Lima del 3 al 5 de mayo de 2024. Participaron la Procuraduría para la Defensa "
                 "de los Derechos Humanos de El Salvador y el Comisionado Nacional de los Derechos Humanos de Honduras.",
                 title="Taller")
    assert names(ex) == {"Procuraduría para la Defensa de los Derechos Humanos de El Salvador",
                         "Comisionado Nacional de los Derechos Humanos de Honduras"}


def test_portuguese_speakers_posts_bodies_publishers_and_partners():
    ex = extract("O curso decorreu em Maputo de 3 a 5 de maio de 2024, organizado pelo Instituto Valdoriano de Direito, "
                 "em parceria com a Fundação Valdoriana de Justiça. «Os direitos contam», explicou a Professora "
                 "Doutora Ana Lima Costa, coordenadora do curso. O juiz desembargador Rui Mendes Cardoso sublinhou o "
                 "papel dos tribunais. Os participantes receberam o Manual de Direitos Valdorianos, publicado pelo "
                 "Tribunal Valdoriano.", title="Curso")
    assert {p.name for p in ex.persons} == {"Ana Lima Costa", "Rui Mendes Cardoso"}
    assert roles(ex, "Instituto Valdoriano de Direito") == {"organiser"}
    assert roles(ex, "Fundação Valdoriana de Justiça") == {"partner"}
    assert "publisher" in roles(ex, "Tribunal Valdoriano")


def test_a_translated_long_form_starts_at_the_head_of_the_name_its_initials_start_in():
    # (INL is known by its English name: its initials start inside the Spanish one)
    ex = extract("Un curso en Quito el 3 de mayo de 2024 fue financiado por la Oficina de Asuntos Internacionales de "
                 "Narcóticos y Aplicación de la Ley (INL).", title="Curso")
    assert "Oficina de Asuntos Internacionales de Narcóticos y Aplicación de la Ley" in names(ex)


def test_portuguese_governments_and_a_list_joined_by_e_pelo():
    ex = extract("O curso em Maputo, a 3 de maio de 2024, foi financiado pelo Governo do Canadá e pelo Governo de "
                 "Portugal.", title="Curso")
    assert funders(ex) == {"Governo do Canadá", "Governo de Portugal"}
