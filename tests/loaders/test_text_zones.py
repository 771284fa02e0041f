"""Zones of an article: title, headlines, dateline, trailing page chrome."""

from cthr.loaders.model import Source
from cthr.loaders.text import extract_text

from textkit import extract, names


def test_a_one_line_text_is_body_not_title():
    text = "The Police Academy organised a workshop in Accra, Ghana on 3 May 2021. The Bar Association took part.\n"
    ex = extract_text(Source(key="one", path="one.txt", kind="text", text=text, language="auto"))
    assert {"Police Academy", "Bar Association"} <= names(ex)
    assert ex.events[0].place == "Accra"


def test_trailing_page_chrome_is_cut():
    ex = extract("The Police Academy held a workshop.\n\nShare this\nRelated news\nSend a message to\n"
                 "Name\nE-mail\nUNICEF")
    chrome = ex.source.text.index("Share")
    assert names(ex) == {"Police Academy"}          # "UNICEF" in the chrome is not read
    assert all(p.evidence.end <= chrome for p in ex.participations)


def test_the_dateline_place_and_date():
    ex = extract("VALMORA, 3 May 2021 – The Police Academy held a workshop today.")
    assert ex.events[0].place == "Valmora"
    assert str(ex.source.publication_date) == "2021-05-03"


def test_invisible_control_characters_are_refused_in_one_line(tmp_path):
    import pytest

    from cthr.loaders.model import LoadError
    from cthr.loaders.text import load_text

    for ch, name in (("\x00", "NUL"), ("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\x1b", "escape")):
        p = tmp_path / "bad.txt"
        p.write_text(f"Title\n\nThe Police Academy met.\nThe Bar{ch} Association met.\n", "utf-8")
        with pytest.raises(LoadError) as err:
            load_text(p)
        assert err.value.line == 4 and name in str(err.value) and "\n" not in str(err.value)
    ok = tmp_path / "ok.txt"
    ok.write_text("Title\n\nThe\tPolice Academy met in Baghdad.\r\nمرحبا\u200f\n", "utf-8")   # tab, CRLF, RLM
    assert load_text(ok).organisations


def test_a_copied_pages_leading_links_are_neither_title_nor_facts(tmp_path):
    from cthr.loaders.text import load_text

    page = tmp_path / "copied.txt"
    page.write_text("Skip to main content\nHome | About the Institute | News | Contact\nHome > News > 2024\n"
                    "Coastal Police Academy trains officers on rights\n\n"
                    "Accra, 3 May 2024 – The Coastal Police Academy trained 20 officers on 2 May 2024.\n",
                    encoding="utf-8")
    ex = load_text(page)
    assert ex.source.title == "Coastal Police Academy trains officers on rights"
    assert ex.events[0].title == ex.source.title
    assert not any("Institute" in o.name for o in ex.organisations)


def test_a_known_name_in_the_headline_short_for_a_longer_body_in_the_text_is_that_body():
    ex = extract("The OSCE Programme Office in Bishkek held a course for 20 officers on 3 May 2024.",
                 title="OSCE course for police officers")
    assert "OSCE" not in names(ex) and "OSCE Programme Office in Bishkek" in names(ex)
    ex = extract("The OSCE and the Valdor Bar Council held a course for 20 officers on 3 May 2024.",
                 title="OSCE course for police officers")
    assert "OSCE" in names(ex)


def test_a_pictures_credit_names_no_body_of_the_event():
    ex = extract("The Coastal Police Academy trained 30 officers in Accra on 2 May 2024.\n"
                 "Officers at the training. Photo: Harbour Media Foundation/Jane Doe\nPhoto credit: ©UNICEF")
    assert names(ex) == {"Coastal Police Academy"}
    assert not ex.persons


COPIED = """Skip to main content
Home
About us
What we do
Harbour Institute
Home › News › Course for prosecutors in Kara
Course for prosecutors in Kara
Share
Kara, 12 June 2024 – The Coastal Police Academy trained 22 prosecutors from 10 to 12 June 2024 in Kara.
Related articles
Valdor Bar Council opens a legal aid clinic in Sokodé (3 May 2024)
Seminar with the Harbour Law School in Lomé
Back to top
Coastal Police Academy · 4 Avenue de la Paix, Kara · © 2024 · Privacy policy · This website is funded by the Harbour Fund
"""


def test_a_copied_pages_menu_labels_related_stories_and_footer_give_no_facts(tmp_path):
    from cthr.loaders.text import load_text

    page = tmp_path / "copied.txt"
    page.write_text(COPIED, encoding="utf-8")
    ex = load_text(page)
    assert ex.source.title == "Course for prosecutors in Kara"
    assert names(ex) == {"Coastal Police Academy"}
    assert [(e.place, e.participants_count) for e in ex.events] == [("Kara", 22)]


def test_three_short_opening_lines_without_a_menu_word_are_kept(tmp_path):
    from cthr.loaders.text import load_text

    page = tmp_path / "release.txt"
    page.write_text("PRESS RELEASE\nFor immediate release\nCourse held\n\nAccra, 3 May 2024 – The Coastal "
                    "Police Academy held a course in Accra on 3 May 2024.\n", encoding="utf-8")
    assert load_text(page).source.title == "PRESS RELEASE"


def test_a_pages_tags_and_byline_are_no_facts_of_the_article():
    ex = extract("Posted on 14 March 2025 by Communications Team\n\nValdora, 14 March 2025 - The Valdor Police Academy "
                 "held a workshop on rights-based investigations from 11 to 13 March 2025 in Valdora.\n\n"
                 "Tags: counter-terrorism, Interpol, Europol\nBy Jane Miller\n\nThe Academy thanked the trainers.")
    assert names(ex) == {"Valdor Police Academy"} and ex.persons == []
