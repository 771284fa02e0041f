"""The SPARQL lexer's fast-compiling classes match exactly what the plain BMP ranges matched."""

from __future__ import annotations

import re

from cthr.graph import query
from cthr.graph.query import load_catalogue

HI_OLD = r"\u00C0-\uFFFF"
HI_NEW = r"[^\x00-\xBF\U00010000-\U0010FFFF]"

# (old class, new spelling) for each class of the lexer that had the BMP range.
CLASSES = [
    (rf"[A-Za-z0-9_\u00B7{HI_OLD}]", rf"(?:[A-Za-z0-9_\u00B7]|{HI_NEW})"),
    (rf"[A-Za-z_{HI_OLD}]", rf"(?:[A-Za-z_]|{HI_NEW})"),
    (rf"[\w\-\u00B7{HI_OLD}]", rf"(?:[\w\-\u00B7]|{HI_NEW})"),
    (rf"[\w\-.%:\u00B7{HI_OLD}]", rf"(?:[\w\-.%:\u00B7]|{HI_NEW})"),
]

# The lexer as it was before (one-table classes), to compare token streams.
OLD_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
              | '''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
              | "(?:[^"\\\r\n]|\\.)*"?
              | '(?:[^'\\\r\n]|\\.)*'?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)
  | (?P<name>(?:[A-Za-z_\u00C0-\uFFFF][\w\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w\-.%:\u00B7\u00C0-\uFFFF]|\\.)*
            |[A-Za-z_\u00C0-\uFFFF][\w\-\u00B7\u00C0-\uFFFF]*)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


def test_every_code_point_is_classed_as_before():
    for old, new in CLASSES:
        a, b = re.compile(old), re.compile(new)
        differ = [hex(cp) for cp in range(0x110000) if bool(a.fullmatch(chr(cp))) != bool(b.fullmatch(chr(cp)))]
        assert differ == [], (old, differ[:10])


def _stream(pattern, text):
    return [(m.lastgroup, m.group()) for m in pattern.finditer(text)]


def test_token_streams_are_unchanged():
    texts = [q.text for q in load_catalogue().values()]
    texts += [
        "SELECT ?näme ?x·y WHERE { ?s ex:prädikat \"wert\"@de . ?s <urn:a> ?o }",
        "sErViCe\U0001F600 <http://example.org/> { ?a ?b ?c } # SERVICE in a comment",
        "PREFIX é: <http://e/> SELECT * { ?\U00010400x é:ü\U0001D400 'q\\'s' ; é:a. }",
        "\\u0053ERVICE ?v\u00BFw ex:a%20b\\.c _:b1 ?\uFFFF \U000E0001LOAD",
        "ASK { FILTER(?x = 1.5e3) } ª µ º ¹ ¼ \u00B7\u00BF\u00C0",
    ]
    for text in texts:
        assert _stream(query._TOKEN, text) == _stream(OLD_TOKEN, text), text[:60]
