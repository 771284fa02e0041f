"""The invented paragraph of issue 11: every organisation, both state funders, Norad, the host,
the organisers, the event's dates and place, and the resource."""

from datetime import date

from textkit import extract, funders, names, roles

PARAGRAPH = (
    "The Ministry of Youth and Sports hosted the meeting in Addis Ababa, Ethiopia on 3-4 May 2021. "
    "It was funded by the government of Norway and supported by the Danish government, with the "
    "support of Norad. The Bureau for Refugees and Migration took part, as did the Joint Task Group "
    "(JTG) and the EU-AU Partnership. The workshop was organised by the Office of the Director of "
    "Public Safety and the Ruritanian Coast Guard. Participants used the Regional Strategy on Border "
    "Security.")


def test_the_issue_paragraph():
    ex = extract(PARAGRAPH, title="Regional meeting on border security")
    assert names(ex) == {
        "Ministry of Youth and Sports", "Government of Norway", "Danish government", "Norad",
        "Bureau for Refugees and Migration", "Joint Task Group", "EU-AU Partnership",
        "Office of the Director of Public Safety", "Ruritanian Coast Guard"}
    assert {"host", "organiser"} <= roles(ex, "Ministry of Youth and Sports")
    assert funders(ex) == {"Government of Norway", "Danish government", "Norad"}
    assert "organiser" in roles(ex, "Office of the Director of Public Safety")
    assert "organiser" in roles(ex, "Ruritanian Coast Guard")
    for name in ("Bureau for Refugees and Migration", "Joint Task Group", "EU-AU Partnership"):
        assert roles(ex, name) == {"participant"}
    e = ex.events[0]
    assert (e.start, e.end, e.place, e.country) == (date(2021, 5, 3), date(2021, 5, 4), "Addis Ababa", "Ethiopia")
    assert [r.title for r in ex.resources] == ["Regional Strategy on Border Security"]
