"""Any mix of the extractor's own trigger words gives facts whose evidence quotes the text exactly."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cthr.loaders.model import Source
from cthr.loaders.text import extract_text

TRIGGERS = [
    "Ministry", "of", "the", "and", "UNODC", "Office", "in", "Iraq", "funded", "by", "(", ")", "Mr.",
    "John", "Smith", ",", "organised", "workshop", "on", "3", "May", "2021", "’s", "Government",
    "Norway", "-", "/", "l’", "de", "Bureau", "des", "Affaires", "H.E.", "Judge", "said", "Participants",
    "from", "hosted", "with the support of", "Toolkit", "Manual", "“", "”", "Mission", "to", "EU", "AU",
    "Paris", "the first", "was held in", ".", "\n", "OSCE/ODIHR", "EU-AU", "Partnership", "Garde", "et",
    "la", "Nations", "Unies", "Women’s", "Affairs", "20", "participants", "two-day", "today", "CITY,",
    "Donor:", "under the leadership of", "a government initiative", "«", "»", ";", "who also hosted",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRIGGERS), max_size=160))
def test_trigger_soup_gives_exact_evidence(tokens):
    text = " ".join(tokens)
    ex = extract_text(Source(key="soup", path="soup.txt", kind="text", text=text, language="auto"))
    assert ex.events, "there is always a main event"
    for item in ex.organisations + ex.persons + ex.participations + ex.resources + ex.events + ex.fundings:
        ev = item.evidence
        if ev is not None and ev.start is not None:
            assert text[ev.start:ev.end] == ev.exact
            assert ev.method
    names = {o.name for o in ex.organisations}
    assert all(p.agent in names for p in ex.participations if p.agent_kind == "organisation")
    assert all(f.funder in names for f in ex.fundings)
