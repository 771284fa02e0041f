"""A researcher's additions to the extractor's vocabulary (a project's extract/ files)."""

import pytest

from cthr.loaders.model import LoadError
from cthr.loaders.text import Overlay, load_text

TEXT = ("Valmora meeting\n\nThe Valmora Shura hosted a meeting in Accra, Ghana on 3 May 2021 under the "
        "stewardship of the Qorvani Bureau. Zentrix took part.\n")


def roles(ex):
    out = {}
    for p in ex.participations:
        if p.agent_kind == "organisation":
            out.setdefault(p.agent, set()).update(p.roles)
    return out


def test_words_cues_and_known_bodies_are_added(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, "utf-8")
    plain = load_text(src)
    assert "Valmora Shura" not in roles(plain) and "Zentrix" not in roles(plain)
    (tmp_path / "words.yaml").write_text("org_heads: [shura]\n", "utf-8")
    (tmp_path / "cues.yaml").write_text(
        "- name: stewardship\n  role: organiser\n  reach: after\n  order: 3\n"
        "  pattern: '\\bunder\\s+the\\s+stewardship\\s+of\\b'\n", "utf-8")
    (tmp_path / "orgs.yaml").write_text("- {name: Zentrix, acronyms: [], aliases: [], kind: ngo}\n", "utf-8")
    overlay = Overlay.load(tmp_path / "words.yaml", tmp_path / "cues.yaml", tmp_path / "orgs.yaml")
    got = roles(load_text(src, overlay=overlay))
    assert {"host", "organiser"} <= got["Valmora Shura"]
    assert got["Qorvani Bureau"] == {"organiser"}
    assert got["Zentrix"] == {"participant"}
    # The bundled vocabulary is untouched outside the overlay.
    assert roles(load_text(src)) == roles(plain)


def test_removing_a_word(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("T\n\nThe Valmora Forum met in Accra on 3 May 2021.\n", "utf-8")
    assert "Valmora Forum" in roles(load_text(src))
    (tmp_path / "words.yaml").write_text("remove:\n  org_heads: [forum]\n", "utf-8")
    assert "Valmora Forum" not in roles(load_text(src, overlay=Overlay.load(tmp_path / "words.yaml")))


@pytest.mark.parametrize("name, text, problem", [
    ("words.yaml", "org_heads: [shura\n", "malformed YAML"),
    ("words.yaml", "no_such_list: [x]\n", "unknown word list"),
    ("words.yaml", "- a list\n", "expected a YAML mapping"),
    ("cues.yaml", "- name: bad\n  role: boss\n  reach: after\n  pattern: x\n", "unknown role"),
    ("cues.yaml", "- name: bad\n  role: organiser\n  reach: after\n  pattern: '(unclosed'\n", "missing"),
])
def test_bad_files_are_refused_in_one_line(tmp_path, name, text, problem):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(LoadError) as err:
        Overlay.load(words=path) if name == "words.yaml" else Overlay.load(cues=path)
    assert str(path) in str(err.value) and problem in str(err.value) and "\n" not in str(err.value)


def test_event_words_are_added_from_a_project_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Valmora dialogue\n\nThe Valmora Bureau held a dialogue in Accra, Ghana on 3 May 2021. "
                   "The opening sitting took place in Kumasi on 1 March 2021 with 30 judges.\n", "utf-8")
    assert [e.place for e in load_text(src).events] == ["Accra"]
    (tmp_path / "events.yaml").write_text("session_nouns: [sitting]\nsequence_markers: [opening]\n", "utf-8")
    got = load_text(src, overlay=Overlay.load(events=tmp_path / "events.yaml"))
    assert [(e.place, e.participants_count) for e in got.events[1:]] == [("Kumasi", 30)]
    assert [e.place for e in load_text(src).events] == ["Accra"]      # the bundled lists are untouched


@pytest.mark.parametrize("text, problem", [
    ("session_nouns: [sitting\n", "malformed YAML"),
    ("no_such_list: [x]\n", "unknown word list"),
    ("session_nouns: sitting\n", "must be a list"),
])
def test_bad_event_files_are_refused_in_one_line(tmp_path, text, problem):
    path = tmp_path / "events.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(LoadError) as err:
        Overlay.load(events=path)
    assert str(path) in str(err.value) and problem in str(err.value) and "\n" not in str(err.value)
