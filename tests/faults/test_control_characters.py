"""Invisible characters in curated records are refused in one line; the store and Turtle stay as they were.

Issue 13: the records loader stored NUL and a right-to-left override in
names, which then reached Turtle and the HTML report. Each case below is a
small record file (YAML, JSON or CSV) given to `cthr build` on top of a
good graph; the error must name the file, the line, the field and the
character, and nothing already stored may change. Tab, newline, CRLF line
ends and the marks Arabic text needs (RLM, ALM) stay valid.
"""

from __future__ import annotations

import json

import pytest

from helpers import assert_one_error, cli

YAML = ("source: {{title: Invented records}}\n"
        "events:\n"
        "  - key: e1\n"
        "    title: {title}\n"
        "    start: 2024-05-01\n"
        "organisations:\n"
        "  - name: {name}\n")


def _yaml(name: str = '"Ministry of Planning"', title: str = '"Invented workshop"') -> bytes:
    return YAML.format(name=name, title=title).encode("utf-8")


def _json(name: str) -> bytes:
    return json.dumps({"source": {"title": "Invented records"},
                       "events": [{"key": "e1", "title": "Invented workshop", "start": "2024-05-01"}],
                       "organisations": [{"name": name}]}, indent=1, ensure_ascii=True).encode()


def _csv(title: str, crlf: bool = False) -> bytes:
    end = "\r\n" if crlf else "\n"
    return (f"key,title,start{end}e1,{title},2024-05-01{end}").encode("utf-8")


# (id, file name, bytes, line, field, code point)
BAD = [
    ("yaml-nul-escape", "r.yaml", _yaml(name='"Ministry\\0 of Planning"'), 7, "name", "U+0000"),
    ("yaml-rlo-raw", "r.yaml", _yaml(name='"Ministry of \u202eGninnalp"'), 7, "name", "U+202E"),
    ("yaml-escape-sequence", "r.yaml", _yaml(title='"Workshop \\e[31mred"'), 4, "title", "U+001B"),
    ("yaml-nel", "r.yaml", _yaml(title='"Workshop\\Nnext"'), 4, "title", "U+0085"),
    ("json-nul", "r.json", _json("Ministry\u0000 of Planning"), None, "name", "U+0000"),
    ("json-lone-surrogate", "r.json", _json("Ministry \ud800"), None, "name", "U+D800"),
    ("json-isolate", "r.json", _json("Ministry \u2067of\u2069 Planning"), None, "name", "U+2067"),
    ("json-lone-cr", "r.json", _json("Ministry\rof Planning"), None, "name", "U+000D"),
    ("csv-bell", "r.events.csv", _csv("Invented \x07workshop"), 2, "title", "U+0007"),
    ("csv-rlo", "r.events.csv", _csv("Invented \u202eworkshop", crlf=True), 2, "title", "U+202E"),
]


@pytest.mark.parametrize("case,name,content,line,field,code", BAD, ids=[c[0] for c in BAD])
def test_invisible_characters_are_refused(good, case, name, content, line, field, code):
    (good.dir / name).write_bytes(content)
    result = cli("build", name, "--store", "store", "-o", "g.ttl", cwd=good.dir)
    error = assert_one_error(result.returncode, result.stderr, name, f"field '{field}'", code)
    if line is not None:
        assert f"{name}:{line}:" in error, error
    else:
        assert f"{name}:" in error
    good.assert_unchanged()


OK = [
    ("yaml-tab-and-newline", "ok.yaml", _yaml(title='"Invented\\tworkshop\\nsecond line"')),
    ("yaml-arabic-with-rlm", "ok.yaml", _yaml(name='"وزارة التخطيط\u200f"')),
    ("yaml-crlf", "ok.yaml", _yaml().replace(b"\n", b"\r\n")),
    ("csv-crlf-multiline-cell", "ok.events.csv", b'key,title,start\r\ne1,"Invented\r\nworkshop",2024-05-01\r\n'),
    ("json-arabic-letter-mark", "ok.json", _json("وزارة\u061c التخطيط")),
]


@pytest.mark.parametrize("case,name,content", OK, ids=[c[0] for c in OK])
def test_tab_newline_crlf_and_arabic_marks_are_valid(good, case, name, content):
    (good.dir / name).write_bytes(content)
    result = cli("build", name, "--store", "store", "-o", "g.ttl", cwd=good.dir)
    assert result.returncode == 0, result.stderr
