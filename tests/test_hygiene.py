"""loaders/hygiene.py: which characters are refused, how they are named, cut and escaped."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cthr.loaders.hygiene import control_problem, cut, describe, find_control, line_col, one_line, strip_controls

REFUSED = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\r",
           "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ud800"]
ALLOWED = ["\t", "\n", "\r\n", "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\ufeff", "é", "ب",
           "實", "\U0001f600", "\u00a0"]


@pytest.mark.parametrize("ch", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_refused_characters_are_found_where_they_are(ch):
    text = "Ministry of " + ch + "Justice"
    assert find_control(text) == (12, ch)
    problem = control_problem(text)
    assert problem and f"U+{ord(ch):04X}" in problem and "character 13" in problem
    clean, removed = strip_controls(text)
    assert removed == 1 and find_control(clean) is None


@pytest.mark.parametrize("text", ALLOWED, ids=[f"U+{ord(c[0]):04X}" for c in ALLOWED])
def test_allowed_characters_pass(text):
    assert find_control(f"a{text}b") is None
    assert control_problem(f"a{text}b") is None
    assert strip_controls(f"a{text}b") == (f"a{text}b", 0)


def test_names_of_characters():
    assert describe("\x00") == "U+0000 (NUL)"
    assert describe("\u202e") == "U+202E (RIGHT-TO-LEFT OVERRIDE)"
    assert describe("\x85") == "U+0085 (NEL, next line)"
    assert describe("\ud800") == "U+D800 (lone surrogate)"


def test_a_lone_carriage_return_becomes_a_newline_when_stripped():
    assert strip_controls("one\rtwo\r\nthree") == ("one\ntwo\r\nthree", 1)


def test_line_col():
    text = "ab\ncd\nef"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 4) == (2, 2)
    assert line_col(text, 7) == (3, 2)


def test_cut_keeps_short_values_and_says_how_long_long_ones_were():
    assert cut("short") == "'short'"
    long = cut("y" * 100_000)
    assert len(long) < 120 and "100,000 characters" in long and long.startswith("'yyy")
    assert "\n" not in cut("a\n" * 1000)


def test_one_line_escapes_breaks_and_controls_and_cuts():
    line = one_line("first\nsecond\r\x1b[31mred\u202e" + "z" * 5000, limit=200)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u202e" not in line
    assert "\\x0a" in line and "\\x1b" in line and "\\u202e" in line
    assert len(line) < 260 and "more characters cut" in line
    assert one_line("عربي and é") == "عربي and é"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_clean_after_strip_and_one_line_is_one_line(text):
    clean, removed = strip_controls(text)
    assert find_control(clean) is None
    assert removed == 0 or len(clean) <= len(text)
    assert (find_control(text) is None) == (removed == 0)
    line = one_line(text)
    assert "\n" not in line and "\r" not in line and find_control(line) is None
