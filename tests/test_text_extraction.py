"""The offline press-release extractor on the two seed articles (and loading rules)."""

from datetime import date
from pathlib import Path

import pytest

from cthr.loaders.model import PARTICIPATION_ROLES, LoadError, Source
from cthr.loaders.text import extract_text, load_text

SEEDS = Path(__file__).parent.parent / "corpus" / "seeds"
CTPHARE = SEEDS / "ctphare-baghdad-2024-12.txt"
UNOCT = SEEDS / "unoct-ncijc-baghdad-2025-05.txt"


@pytest.fixture(scope="module")
def ctphare():
    return load_text(CTPHARE)


@pytest.fixture(scope="module")
def unoct():
    return load_text(UNOCT)


def org(ex, name):
    found = [o for o in ex.organisations if o.name == name]
    assert len(found) == 1, f"{name!r} not extracted once: {[o.name for o in ex.organisations]}"
    return found[0]


def org_roles(ex, name):
    return set().union(*[p.roles for p in ex.participations
                         if p.agent == name and p.agent_kind == "organisation"])


def person(ex, name):
    found = [p for p in ex.persons if p.name == name]
    assert len(found) == 1, f"{name!r} not extracted once: {[p.name for p in ex.persons]}"
    return found[0]


def all_items(ex):
    return (ex.events + ex.organisations + ex.persons + ex.participations
            + ex.resources + ex.projects + ex.fundings)


# -- source ------------------------------------------------------------------

def test_source_fields(ctphare, unoct):
    src = ctphare.source
    assert src.key == "ctphare-baghdad-2024-12"
    assert src.kind == "text"
    assert src.title == "Strengthening Dialogue between Iraqi Government Authorities and Human Rights Stakeholders"
    assert len(src.sha256) == 64
    assert src.publication_date is None          # "3 - 5 December 2024" is the event, not a dateline
    # The Sorani dateline "١٥ ئایار ٢٠٢٥" under the title.
    assert unoct.source.publication_date == date(2025, 5, 15)


@pytest.mark.parametrize("path", [CTPHARE, UNOCT])
def test_every_evidence_is_an_exact_span(path):
    ex = load_text(path)
    text = ex.source.text
    items = all_items(ex)
    assert items
    for item in items:
        ev = item.evidence
        assert ev is not None, item
        assert ev.exact and text[ev.start:ev.end] == ev.exact, item


# -- seed 1: IIJ CT PHARE, Baghdad, December 2024 ------------------------------

def test_ctphare_event(ctphare):
    (ev,) = ctphare.events
    assert (ev.start, ev.end) == (date(2024, 12, 3), date(2024, 12, 5))
    assert (ev.place, ev.country) == ("Baghdad", "Iraq")
    assert (ev.participants_count, ev.count_qualifier) == (55, "exact")
    assert ev.event_type == "capacity-building activity"
    assert ev.title.startswith("Strengthening Dialogue Between Iraqi Government Authorities")
    assert ev.project == "CT PHARE"
    assert "December 2024" in ev.date_text


def test_ctphare_ministries_are_separate(ctphare):
    names = {o.name for o in ctphare.organisations}
    ministries = {n for n in names if n.startswith("Ministry of ")}
    assert ministries == {
        "Ministry of Agriculture", "Ministry of Communications", "Ministry of Electricity",
        "Ministry of Justice", "Ministry of Higher Education & Scientific Research",
        "Ministry of Industry & Minerals", "Ministry of Interior",
        "Ministry of Labour & Social Affairs", "Ministry of Migration & Displaced",
        "Ministry of Trade", "Ministry of Transportation", "Ministry of Planning",
    }
    for name in ministries:
        assert org_roles(ctphare, name) == {"participant"}


def test_ctphare_organisations_and_roles(ctphare):
    euam = org(ctphare, "European Union Advisory Mission in Iraq")
    assert euam.acronym == "EUAM"
    assert {"host", "partner"} <= org_roles(ctphare, euam.name)
    assert org(ctphare, "Office of the National Security Advisory").acronym == "ONSA"
    assert org(ctphare, "Federal Intelligence and Investigation Agency").acronym == "FIIA"
    assert "partner" in org_roles(ctphare, "European Union Delegation to Iraq")
    assert "organiser" in org_roles(ctphare, "IIJ")
    # "EU funded": the EU is a funder (the gazetteer adds the full name).
    eu = next(o for o in ctphare.organisations if o.acronym == "EU")
    assert "European Union" in [eu.name, *eu.aliases]
    assert org_roles(ctphare, eu.name) == {"funder"}
    # Each organisation once; projects and page residue are not organisations.
    names = [o.name for o in ctphare.organisations]
    assert len(names) == len(set(names))
    acronyms = [o.acronym for o in ctphare.organisations if o.acronym]
    assert len(acronyms) == len(set(acronyms))
    for bad in ("Hidden", "Name", "Send a Message to", "CT PHARE", "CT", "PHARE",
                "Security Agencies", "Civil Society Organisations"):
        assert bad not in names


def test_ctphare_funding_of_the_project(ctphare):
    (pj,) = [p for p in ctphare.projects if p.name == "CT PHARE"]
    assert pj.organiser == "IIJ"
    eu = next(o for o in ctphare.organisations if o.acronym == "EU")
    assert [(f.funder, f.project) for f in ctphare.fundings] == [(eu.name, "CT PHARE")]


def test_ctphare_persons(ctphare):
    seiler = person(ctphare, "Thomas Seiler")          # "H.E. Thomas Seiler" later is the same person
    assert seiler.honorific == "H.E. Mr."
    assert seiler.role == "Ambassador"
    assert seiler.job_title == "Ambassador of the European Union Delegation to Iraq"
    assert seiler.organisation == "European Union Delegation to Iraq"
    madden = person(ctphare, "Paul Madden")            # post written before the name
    assert (madden.honorific, madden.job_title, madden.role) == ("Mr.", "CT PHARE Project Lead", "Project Lead")
    assert madden.organisation == "IIJ"
    dean = person(ctphare, "Basim Karem Mousa Shawaly")
    assert (dean.honorific, dean.role) == ("Major General", "Dean")
    assert dean.organisation == "Federal Intelligence and Investigation Agency"
    amerio = person(ctphare, "Francesca Amerio")
    assert (amerio.honorific, amerio.role) == ("Ms.", "Program Manager")
    hald = person(ctphare, "Morten Hald")
    assert hald.role == "Senior Strategic Adviser"
    assert hald.organisation == "European Union Advisory Mission in Iraq"
    assert person(ctphare, "Sirmad Hikmat").role == "Secretary"
    assert person(ctphare, "Juha Pippo").role == "Head"
    assert len(ctphare.persons) == 7


def test_ctphare_person_participations(ctphare):
    parts = {p.agent: p for p in ctphare.participations if p.agent_kind == "person"}
    assert "opener" in parts["Paul Madden"].roles
    assert "chair" in parts["Morten Hald"].roles
    assert parts["Thomas Seiler"].on_behalf_of == "European Union Delegation to Iraq"
    for p in ctphare.participations:
        assert p.roles and p.roles <= set(PARTICIPATION_ROLES)
        assert p.event == ctphare.events[0].key


def test_ctphare_resources(ctphare):
    by_title = {r.title: r for r in ctphare.resources}
    toolkit = by_title["OHCHR Toolkit on Strengthening Human Rights in Counter-Terrorism Strategy and Policy"]
    assert toolkit.publisher == "UN Human Rights Office of the High Commissioner"
    assert toolkit.used_at == [ctphare.events[0].key]
    memo = by_title["GCTF Brussels Memorandum on Good Practices for Oversight and "
                    "Accountability Mechanisms in Counter-Terrorism"]
    assert memo.publisher == "GCTF"
    assert memo.presented_by == "Francesca Amerio"
    assert len(ctphare.resources) == 2
    assert "publisher" in org_roles(ctphare, "UN Human Rights Office of the High Commissioner")
    assert org(ctphare, "UN Human Rights Office of the High Commissioner").acronym == "OHCHR"


# -- seed 2: UNOCT / NCIJC, Baghdad, May 2025 ---------------------------------

def test_unoct_event(unoct):
    (ev,) = unoct.events
    assert (ev.start, ev.end) == (date(2025, 5, 6), date(2025, 5, 8))
    assert (ev.place, ev.country) == ("Baghdad", "Iraq")
    assert (ev.participants_count, ev.count_qualifier) == (15, "approximate")
    assert ev.event_type == "workshop"
    assert ev.title.startswith("Human Rights and Counter-Terrorism: The Principles of Human Rights")
    assert ev.project == "UNOCT Human Rights and Counter-Terrorism Project"


def test_unoct_organisations(unoct):
    ncijc = org(unoct, "National Center for International Judicial Cooperation")
    assert ncijc.acronym == "NCIJC"
    assert "National Centre for International Judicial Cooperation" in ncijc.aliases
    assert {"host", "partner", "participant"} <= org_roles(unoct, ncijc.name)
    assert org(unoct, "United Nations Office of Counter-Terrorism").acronym == "UNOCT"
    assert "organiser" in org_roles(unoct, "United Nations Office of Counter-Terrorism")
    assert org_roles(unoct, "National Security Advisory") == {"partner"}
    canada = org(unoct, "Canada")
    assert canada.kind == "state"
    assert org_roles(unoct, "Canada") == {"funder"}
    assert org_roles(unoct, "UNITAD") == {"other"}


def test_unoct_funding_and_project(unoct):
    (pj,) = unoct.projects
    assert pj.name == "UNOCT Human Rights and Counter-Terrorism Project"
    assert pj.organiser == "United Nations Office of Counter-Terrorism"
    assert [(f.funder, f.project) for f in unoct.fundings] == [("Canada", pj.name)]
    assert "funded by Canada" in unoct.fundings[0].evidence.exact


def test_unoct_person(unoct):
    judge = person(unoct, "Ali Hussain Chfat")
    assert judge.honorific == "Judge"
    assert judge.role == "President"
    assert judge.job_title == "President of the NCIJC"
    assert judge.organisation == "National Center for International Judicial Cooperation"
    assert unoct.resources == []          # the quoted workshop title is not a document


# -- generalisation on small invented texts (no article-specific strings) ----

def make(text, key="t"):
    return extract_text(Source(key=key, path=f"{key}.txt", kind="text", text=text))


def test_rules_on_an_invented_article():
    ex = make(
        "Regional Seminar on Border Security\n"
        "Nairobi, 3 December 2024 to 5 January 2025 – The Ruritanian Police Academy (RPA), "
        "in partnership with the Office of the Prosecutor General (OPG), held a seminar in "
        "Nairobi funded by Norway. More than 30 prosecutors from the Ministry of Justice took part.\n"
        "Dr. Jane Doe, Director of the RPA, said the work continues.\n")
    (ev,) = ex.events
    assert (ev.start, ev.end) == (date(2024, 12, 3), date(2025, 1, 5))
    assert (ev.place, ev.country) == ("Nairobi", "Kenya")
    assert (ev.participants_count, ev.count_qualifier) == (30, "at least")
    assert ev.event_type == "seminar"
    assert org(ex, "Ruritanian Police Academy").acronym == "RPA"
    assert "organiser" in org_roles(ex, "Ruritanian Police Academy")
    assert "partner" in org_roles(ex, "Office of the Prosecutor General")
    assert org_roles(ex, "Norway") == {"funder"}
    assert "participant" in org_roles(ex, "Ministry of Justice")
    doe = person(ex, "Jane Doe")
    assert (doe.honorific, doe.role, doe.organisation) == ("Dr.", "Director", "Ruritanian Police Academy")


# -- loading -----------------------------------------------------------------

def test_load_crlf_bom_and_key(tmp_path):
    raw = CTPHARE.read_bytes()
    p = tmp_path / "copy.txt"
    p.write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    ex = load_text(p, key="my-key", url="https://example.org/a", publisher="IIJ", language="en")
    assert ex.source.key == "my-key"
    assert ex.source.url == "https://example.org/a" and ex.source.publisher == "IIJ"
    assert "\r" not in ex.source.text and not ex.source.text.startswith("\ufeff")
    assert ex.source.text == CTPHARE.read_text("utf-8")
    # Same facts and offsets as the LF original.
    base = load_text(CTPHARE)
    assert [o.name for o in ex.organisations] == [o.name for o in base.organisations]
    assert [o.evidence for o in ex.organisations] == [o.evidence for o in base.organisations]
    assert load_text(p).source.key == "copy"


def test_load_html_strips_tags(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<!DOCTYPE html><html><head><title>x</title><script>var a='<p>';</script>"
        "<link href='http://example.org/ent.dtd'></head><body>"
        "<h1>Workshop on Human Rights &amp; Policing</h1>"
        "<p>Baghdad, 6&ndash;8 May 2025 &ndash; The <b>United Nations Office of Counter-Terrorism (UNOCT)</b> "
        "held a workshop in Baghdad.</p></body></html>", "utf-8")
    ex = load_text(p)
    assert "<" not in ex.source.text and "var a" not in ex.source.text
    assert ex.source.title == "Workshop on Human Rights & Policing"
    assert (ex.events[0].start, ex.events[0].end) == (date(2025, 5, 6), date(2025, 5, 8))
    assert org(ex, "United Nations Office of Counter-Terrorism").acronym == "UNOCT"
    for item in all_items(ex):
        assert ex.source.text[item.evidence.start:item.evidence.end] == item.evidence.exact


def test_load_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    with pytest.raises(LoadError) as err:
        load_text(empty)
    assert err.value.path == str(empty) and "empty" in err.value.problem
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Title\nline two\n\xff\xfe broken\n")
    with pytest.raises(LoadError) as err:
        load_text(bad)
    assert err.value.line == 3 and "UTF-8" in err.value.problem
    with pytest.raises(LoadError):
        load_text(tmp_path / "missing.txt")


def test_no_crash_on_odd_inputs():
    for text in ["x", "Title only", "Title\n31 February 2024\n", "T\n\n\n(ABC) ( ) ,,, “”", "١٥ ئایار ٢٠٢٥"]:
        ex = make(text)
        assert len(ex.events) == 1
        assert ex.events[0].start is None


def test_long_input_stays_fast():
    """A guard against quadratic scans: twenty articles' worth of text in one file."""
    import time

    title, body = CTPHARE.read_text("utf-8").split("\n", 1)
    text = title + "\n" + body.rsplit("Send a Message", 1)[0] * 20
    t0 = time.process_time()
    ex = make(text)
    assert time.process_time() - t0 < 3.0
    assert len({o.name for o in ex.organisations}) == len(ex.organisations)
