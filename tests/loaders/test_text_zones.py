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
