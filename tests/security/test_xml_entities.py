"""Any XML entity declaration is refused before parsing, whatever its name, under a memory limit.

Issue 13: the nested-entity guard for RDF/XML matched ASCII names only, so a
949-byte file with non-ASCII entity names made `cthr validate` allocate
4.8 GB and abort, and names with a colon got through as well. Now every
DTD entity declaration is refused before the parser sees the file. Each
variant runs through three readers in a process capped at 1 GiB of address
space, and must end in one error line within seconds.
"""

from __future__ import annotations

import time

import pytest

from helpers import GiB, assert_one_error, cli

RDF_OPEN = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
            '  <rdf:Description rdf:about="http://example.org/a"><ex:b>&{top};</ex:b></rdf:Description>\n'
            "</rdf:RDF>\n")


def _bomb(names: list[str], levels: int = 9, copies: int = 10) -> str:
    """Nested entities named names[0], names[1], ...: each `copies` of the one before (10**9 x 3 bytes)."""
    ents = [f'<!ENTITY {names[0]} "lol">']
    ents += [f'<!ENTITY {names[i]} "{("&" + names[i - 1] + ";") * copies}">' for i in range(1, levels + 1)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
            + RDF_OPEN.format(top=names[levels]))


VARIANTS = {
    "ascii": _bomb([f"l{i}" for i in range(10)]),
    "non-ascii": _bomb([f"é{i}" for i in range(10)]),
    "cjk": _bomb([f"實{i}" for i in range(10)]),
    "colon": _bomb([f"a:l{i}" for i in range(10)]),
    "dotted-hyphen": _bomb([f"x.y-{i}" for i in range(10)]),
    "single-internal": ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>\n'
                        + RDF_OPEN.format(top="ex")),
    "parameter-entity": ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY % p "<!ENTITY q \'x\'>"> %p; ]>\n'
                         + RDF_OPEN.format(top="q")),
    "spaced-and-newlines": ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY\n\t  é\n "lol">\n]>\n'
                            + RDF_OPEN.format(top="é")),
    "quadratic-blowup": ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY a "' + "x" * 20_000 + '"> ]>\n'
                         + RDF_OPEN.format(top="a").replace("&a;", "&a;" * 20_000)),
}
READERS = {
    "validate": lambda f: ["validate", f],
    "stats": lambda f: ["stats", "--graph", f],
    "query": lambda f: ["query", "--graph", f, "--file", "q.rq"],
}


# Every reader with the .rdf suffix; the .owl suffix (also RDF/XML) with one of them.
SUFFIX_READERS = [(".rdf", r) for r in sorted(READERS)] + [(".owl", "stats")]


@pytest.mark.parametrize("suffix,reader", SUFFIX_READERS, ids=[f"{s[1:]}-{r}" for s, r in SUFFIX_READERS])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_entity_declarations_are_refused_before_parsing(tmp_path, variant, reader, suffix):
    name = f"entities{suffix}"
    (tmp_path / name).write_text(VARIANTS[variant], encoding="utf-8")
    (tmp_path / "q.rq").write_text("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }\n")
    t0 = time.monotonic()
    result = cli(*READERS[reader](name), cwd=tmp_path, timeout=60, memory=1 * GiB)
    assert time.monotonic() - t0 < 20
    assert_one_error(result.returncode, result.stderr, name, "declares entities", max_len=500)


def test_utf16_xml_with_entities_is_refused_too(tmp_path):
    (tmp_path / "wide.rdf").write_bytes(VARIANTS["non-ascii"].encode("utf-16"))
    result = cli("stats", "--graph", "wide.rdf", cwd=tmp_path, timeout=60, memory=1 * GiB)
    assert_one_error(result.returncode, result.stderr, "wide.rdf")


def test_a_doctype_without_entities_is_still_read(tmp_path):
    """A DOCTYPE alone is harmless (it is not fetched, see test_no_network.py): the file is read."""
    text = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF>\n'
            + RDF_OPEN.format(top="x").replace("&x;", "plain text"))
    (tmp_path / "plain.rdf").write_text(text, encoding="utf-8")
    (tmp_path / "q.rq").write_text("SELECT ?o { <http://example.org/a> <http://example.org/b> ?o }\n")
    result = cli("query", "--graph", "plain.rdf", "--file", "q.rq", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "plain text" in result.stdout


@pytest.mark.parametrize("name,content", [
    ("graph.trix", b'<TriX xmlns="http://www.w3.org/2004/03/trix/trix-1/"><graph/></TriX>\n'),
    ("graph.n3", b"@prefix : <http://example.org/> . :a :b :c .\n"),
    ("graph.json", b'{"@id": "http://example.org/a"}\n'),
    ("graph.txt", b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"),
    ("graph", b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"),
])
def test_unknown_suffixes_are_refused_by_name(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    result = cli("validate", name, cwd=tmp_path)
    assert_one_error(result.returncode, result.stderr, name, "not an RDF format cthr reads", ".ttl, .trig")
