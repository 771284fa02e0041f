"""HTML pages (issue 11): menus, cookie banners, related-news boxes and footers never become
facts; a page extracts like the plain text of its article."""

import html
from pathlib import Path

import pytest

from cthr.loaders.text import load_text

from test_text_paragraph import PARAGRAPH

DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"

# Page chrome with names, dates, places and cues of its own: none of it may reach the graph.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Newsroom</title>
<script>var banner = "Organised by the Analytics Agency in Paris on 1 January 2020";</script>
<style>.x {{ content: "Ministry of Style"; }}</style></head>
<body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies. By clicking Accept you agree to the
Cookie Policy of the Web Services Office.</p><button>Accept</button></div>
<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/about">About the Ministry of
Communication</a></li><li><a href="/news">News</a></li><li><a href="/contact">Contact the Press Office in
Vienna</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
{paragraphs}
</article>
<aside class="related-news"><h2>Related news</h2><ul>
<li><a href="/n/1">The Ministry of Trade hosted a seminar in Nairobi on 1 June 2020 for 60 officials</a></li>
<li><a href="/n/2">Training organised by the National Police Academy, funded by the Government of Japan</a></li>
</ul></aside></main>
<footer><p>© 2024 Federal Broadcasting Corporation. All rights reserved.</p>
<p>Follow the Department of Public Information on social media.</p></footer>
</body></html>"""


def page(text: str) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return PAGE.format(title=html.escape(lines[0]), paragraphs=body)


def facts(ex):
    """What a researcher sees, independent of offsets."""
    roles = {}
    for p in ex.participations:
        if p.agent_kind == "organisation":
            roles.setdefault(p.agent, set()).update(p.roles)
    return {
        "organisations": {o.name: (o.acronym, frozenset(roles.get(o.name, ()))) for o in ex.organisations},
        "persons": {(p.name, p.job_title, p.organisation) for p in ex.persons},
        "events": [(e.start, e.end, e.place, e.country, e.participants_count) for e in ex.events],
        "resources": {(r.title, r.publisher) for r in ex.resources},
        "fundings": {(f.funder, f.project) for f in ex.fundings},
        "title": ex.source.title,
    }


def test_page_chrome_never_becomes_facts(tmp_path):
    txt = tmp_path / "meeting.txt"
    txt.write_text("Regional meeting on border security\n\n" + PARAGRAPH + "\n", "utf-8")
    htm = tmp_path / "meeting.html"
    htm.write_text(page(txt.read_text("utf-8")), "utf-8")
    from_page, from_text = load_text(htm), load_text(txt)
    assert facts(from_page) == facts(from_text)
    words = from_page.source.text
    for chrome in ("cookie", "Ministry of Communication", "Related news", "Ministry of Trade",
                   "Federal Broadcasting", "Analytics Agency", "Ministry of Style", "Press Office"):
        assert chrome not in words


def test_page_metadata_fills_what_the_caller_did_not_give(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(page("Workshop in Accra\nThe Police Academy held a workshop in Accra on 2 May 2022.")
                 .replace("<head>", '<head><link rel="canonical" href="https://example.org/n/7">'
                          '<meta name="date" content="2022-05-03">'), "utf-8")
    ex = load_text(p)
    assert ex.source.url == "https://example.org/n/7"
    assert str(ex.source.publication_date) == "2022-05-03"
    assert load_text(p, url="https://other.example/x").source.url == "https://other.example/x"


@pytest.mark.skipif(not DEV.is_dir(), reason="shared dev corpus not available")
@pytest.mark.parametrize("name", sorted(p.stem for p in DEV.glob("*.txt")) if DEV.is_dir() else [])
def test_dev_articles_as_pages_extract_like_their_text(tmp_path, name):
    text = (DEV / f"{name}.txt").read_text("utf-8")
    htm = tmp_path / f"{name}.html"
    htm.write_text(page(text), "utf-8")
    assert facts(load_text(htm)) == facts(load_text(DEV / f"{name}.txt"))


SECTION_TITLED = """<html><head><title>News - Valdor Ministry of Justice</title></head><body>
<div id="menu"><a href="/">Home</a> <a href="/agencies">Agencies: National Prison Service</a></div>
<div class="content"><div class="article-title">Judges trained on fair trials in Valdoria City</div>
<div class="text"><p>Valdoria City, 14 October 2024 – Twenty judges took part in a course held on 10 October
2024 in Valdoria City, organised by the Valdor Ministry of Justice.</p></div>
<div class="related"><b>Latest stories</b><p><a href="/s1">Minister meets the Harbour Bar Council (3 October
2024)</a></p></div></div>
<div id="footer">Funded with the support of the Coastal Development Agency. Copyright 2024.</div>
</body></html>"""


def test_a_section_name_in_the_title_tag_gives_way_to_the_pages_headline(tmp_path):
    p = tmp_path / "judges.html"
    p.write_text(SECTION_TITLED, "utf-8")
    ex = load_text(p)
    assert ex.source.title == "Judges trained on fair trials in Valdoria City"
    assert ex.events[0].title == "Judges trained on fair trials in Valdoria City"
    assert {o.name for o in ex.organisations} == {"Valdor Ministry of Justice"}


def test_a_title_in_italics_reads_as_a_title_and_other_markup_leaves_no_trace(tmp_path):
    p = tmp_path / "report.html"
    p.write_text(PAGE.format(title="Report launched in Accra", paragraphs=(
        "<p><em>Accra, 3 May 2024</em></p>"
        "<p>The Valdor Institute held a workshop in Accra on 3 May 2024. Its director presented the Institute's "
        "new study, <em>Community Safety and Rights on the Harbour Coast</em>, to <strong>40 officers</strong>. "
        "It was <em>very</em> well received.</p>")), "utf-8")
    ex = load_text(p)
    assert "Community Safety and Rights on the Harbour Coast" in {r.title for r in ex.resources}
    words = ex.source.text
    assert "*" not in words and "#" not in words
    assert "“Community Safety and Rights on the Harbour Coast”" in words and "“very”" not in words
    assert "\nAccra, 3 May 2024\n" in words
