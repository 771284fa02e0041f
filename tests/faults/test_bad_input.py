"""Bad input through the real CLI loses nothing: one-line error, exit != 0, good graph untouched.

Every case first has a good graph built into tmp_path (`store/` + `g.ttl`,
fixture `good`), then feeds bad input to `cthr build` with the same --store
and -o, or to the readers (`cthr validate FILE`, `cthr stats --graph FILE`,
`cthr query --graph FILE`). Each must exit non-zero with exactly one error
line on stderr naming the file (and the line where the parser knows it) and
no Python traceback, and leave the Turtle byte-identical and the store's
sorted N-Quads identical. Input that is legitimately valid (BOM, CRLF, an
empty Turtle file, a 5 MB line, 50 MB) must succeed cleanly instead.

The records loader's own 51 in-process cases live in tests/test_records.py;
the cases here go through the CLI and check the store and Turtle around them.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cthr.graph.vocab import source_iri

from helpers import ENV, RECORDS, ROOT, assert_one_line_error, cli, store_dump


SEED_YAML = RECORDS.read_text(encoding="utf-8")
EVENTS_CSV = (ROOT / "corpus" / "records" / "example.events.csv").read_text(encoding="utf-8")
SEED_TEXT = (ROOT / "corpus" / "seeds" / "ctphare-baghdad-2024-12.txt").read_text(encoding="utf-8")
MB = 1_000_000


def _has_text_loader() -> bool:
    try:
        import cthr.loaders.text  # noqa: F401
    except ImportError:
        return False
    return True


needs_text = pytest.mark.skipif(not _has_text_loader(), reason="cthr.loaders.text is not available yet")


def _seed_json() -> str:
    return json.dumps(yaml.safe_load(SEED_YAML), default=str, indent=2)


def _small_yaml(event_line: str) -> str:
    return f"source: {{title: t}}\nevents:\n  - key: a\n    title: T\n    {event_line}\n"


def _truncate_inside_quote(text: str, opener: str) -> str:
    """Cut the text a few characters after `opener` (a quoted value is left open)."""
    return text[: text.index(opener) + len(opener) + 10]


def _big_lines(path: Path, line: bytes, size: int, tail: bytes) -> None:
    with path.open("wb") as fh:
        block = line * max(1, 1_000_000 // len(line))
        written = 0
        while written < size:
            fh.write(block)
            written += len(block)
        fh.write(tail)


# ---------------------------------------------------------------------------
# cthr build: bad sources (records and text), the existing graph must survive
# ---------------------------------------------------------------------------
# (id, file name, content as bytes or a callable(path) writing it, line: int = exactly,
#  True = some line, None = not checked)
BUILD_BAD = [
    ("yaml-truncated-in-quote", "t.yaml", _truncate_inside_quote(SEED_YAML, 'title: "').encode(), True),
    ("yaml-truncated-mid-flow", "t.yaml", SEED_YAML[: SEED_YAML.index("{name: European Union,") + 12].encode(), True),
    ("json-truncated", "t.json", _seed_json()[: len(_seed_json()) // 2].encode(), True),
    ("csv-unterminated-quote", "t.events.csv", (EVENTS_CSV + 'x,"unterminated title\n').encode(), True),
    ("csv-too-many-cells", "t.events.csv", b"key,title\na,T,extra\n", 2),
    ("yaml-latin1", "t.yaml", "source: {title: Caf\u00e9 r\u00e9sum\u00e9}\n".encode("latin-1"), 1),
    ("yaml-utf16", "t.yaml", SEED_YAML.encode("utf-16"), 1),
    ("json-utf16", "t.json", _seed_json().encode("utf-16"), 1),
    ("csv-utf16", "t.events.csv", EVENTS_CSV.encode("utf-16"), 1),
    ("yaml-cp1252-quotes", "t.yaml", _small_yaml("place: \u201cBaghdad\u201d").encode("cp1252"), 5),
    ("yaml-empty", "t.yaml", b"", None),
    ("yaml-whitespace-only", "t.yaml", b"\n  \n\t\n", None),
    ("json-empty", "t.json", b"", None),
    ("csv-empty", "t.events.csv", b"", None),
    ("yaml-unknown-field", "t.yaml", _small_yaml("colour: red").encode(), 5),
    ("yaml-unknown-record-type", "t.yaml", b"source: {title: t}\nmeetings: []\n", 2),
    ("yaml-31-february-iso", "t.yaml", _small_yaml("start: 2024-02-31").encode(), 5),
    ("yaml-31-february-words", "t.yaml", _small_yaml("start: 31 February 2024").encode(), 5),
    ("yaml-month-13", "t.yaml", _small_yaml("start: 2024-13-01").encode(), 5),
    ("csv-31-february", "t.events.csv", b"key,title,start\na,T,2023-02-31\n", 2),
    ("json-31-february", "t.json",
     b'{"source": {"title": "t"},\n "events": [\n  {"key": "a", "title": "T", "start": "2023-02-31"}]}', 3),
    ("yaml-unclosed-bracket", "t.yaml", b"source: {title: t}\nevents: [{key: a, title: T}\n", True),
    ("yaml-tab-indent", "t.yaml", b"source: {title: t}\nevents:\n\t- key: a\n", True),
    ("json-trailing-comma", "t.json", b'{"source": {"title": "t"},\n "events": [],\n}', 3),
    ("yaml-python-tag", "t.yaml",
     b"source: {title: !!python/object/apply:os.system [touch PWNED]}\n", True),
    ("yaml-alias-bomb", "t.yaml", (
        "source: {title: bomb}\norganisations:\n"
        "  - {name: o0, aliases: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]}\n"
        + "".join(f"  - {{name: o{i}, aliases: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]}}\n" for i in range(1, 9))
    ).encode(), True),
    ("yaml-binary-garbage", "t.yaml", bytes(random.Random(7).randrange(256) for _ in range(4096)), True),
    ("yaml-5MB-line-unterminated", "t.yaml", b'source: {title: "' + b"x" * (5 * MB) + b"\nevents: []\n", True),
    ("yaml-5MB-line-bad-date", "t.yaml",
     b"source: {title: t}\nevents: [{key: a, title: " + b"x" * (5 * MB) + b", start: 2024-02-31}]\n", 2),
    ("csv-5MB-field", "t.events.csv", b"key,title\na," + b"x" * (5 * MB) + b"\n", 2),
    ("json-5MB-line-bad", "t.json", b'{"source": {"title": "' + b"x" * (5 * MB) + b'"}, "events": [1,]}', 1),
    ("yaml-50MB-bad-byte-at-end", "t.yaml",
     lambda p: _big_lines(p, b"# A long comment line of a curated records file, repeated.\n", 50 * MB,
                          b"source: {title: caf\xe9}\n"), True),
    ("unknown-suffix", "t.pdf", b"%PDF-1.4\n", None),
    ("no-suffix", "README", b"hello\n", None),
]

TEXT_BAD = [
    ("txt-latin1", "t.txt", "Workshop in Bagdad, caf\u00e9.\n".encode("latin-1"), 1),
    ("txt-utf16", "t.txt", SEED_TEXT.encode("utf-16"), 1),
    ("txt-empty", "t.txt", b"", None),
    ("txt-whitespace-only", "t.txt", b"\r\n \t \n", None),
    ("html-tags-only", "t.html",
     b"<html><head><title>x</title></head><body><script>var a;</script></body></html>", None),
    ("txt-truncated-utf8", "t.txt", SEED_TEXT.encode()[:200] + "\u2013".encode()[:2], True),
    ("txt-5MB-line-bad-byte", "t.txt", b"a" * (5 * MB) + b" caf\xe9", 1),
    ("txt-50MB-bad-byte-at-end", "t.txt",
     lambda p: _big_lines(p, b"A workshop on human rights was held in Baghdad. ", 50 * MB, b"\ncaf\xe9\n"), True),
]


def _write(path: Path, content) -> None:
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)


def _check_bad_build(good, name, content, line):
    bad = good.dir / "input" / name
    bad.parent.mkdir()
    _write(bad, content)
    result = cli("build", bad, "--store", good.store, "-o", good.turtle, cwd=good.dir)
    assert_one_line_error(result, name, None if line is True else line)
    if line is True:
        err = [ln for ln in result.stderr.splitlines() if ln.lower().startswith("error")][0]
        assert re.search(rf"{re.escape(name)}:\d+", err), f"no line number in: {err}"
    good.assert_unchanged()
    assert not (good.dir / "PWNED").exists() and not (good.dir / "input" / "PWNED").exists()


@pytest.mark.parametrize("case,name,content,line", BUILD_BAD, ids=[c[0] for c in BUILD_BAD])
def test_bad_records_leave_the_graph_untouched(good, case, name, content, line):
    _check_bad_build(good, name, content, line)


@needs_text
@pytest.mark.parametrize("case,name,content,line", TEXT_BAD, ids=[c[0] for c in TEXT_BAD])
def test_bad_text_leaves_the_graph_untouched(good, case, name, content, line):
    _check_bad_build(good, name, content, line)


def test_missing_source_and_one_bad_among_good_ones(good):
    """A missing file, or one bad file among good ones: nothing of the good ones is half-added."""
    result = cli("build", "nope.yaml", "--store", good.store, "-o", good.turtle, cwd=good.dir)
    assert_one_line_error(result, "nope.yaml")
    good.assert_unchanged()
    folder = good.dir / "mixed"
    folder.mkdir()
    for i in range(3):
        (folder / f"ok{i}.yaml").write_text(_small_yaml(f"place: Town {i}").replace("key: a", f"key: e{i}"))
    (folder / "zz-bad.yaml").write_text(_small_yaml("start: 2024-02-30"))
    result = cli("build", folder, "--store", good.store, "-o", good.turtle, cwd=good.dir)
    assert_one_line_error(result, "zz-bad.yaml", 5)
    good.assert_unchanged()


def test_fifty_megabyte_source_keeps_memory_sane(good):
    """A 50 MB text whose last line is bad: fails fast, its peak memory stays far below the machine's."""
    if not _has_text_loader():
        pytest.skip("cthr.loaders.text is not available yet")
    big = good.dir / "big.txt"
    _big_lines(big, b"A workshop on human rights was held in Baghdad. ", 50 * MB, b"\ncaf\xe9\n")
    peak_kib, result = _peak_rss(["build", big, "--store", good.store, "-o", good.turtle], good.dir)
    assert_one_line_error(result, "big.txt")
    assert peak_kib < 1_500_000, f"peak RSS {peak_kib} KiB for a 50 MB input"
    good.assert_unchanged()


def _peak_rss(args, cwd) -> tuple[int, subprocess.CompletedProcess]:
    """Run `cthr ARGS` under a small Python parent that reports the child's peak RSS (KiB)."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run([sys.executable, '-m', 'cthr', *sys.argv[1:]], capture_output=True, text=True)\n"
             "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=open('peak.kib', 'w'))\n"
             "sys.exit(r.returncode)\n")
    result = subprocess.run([sys.executable, "-c", probe, *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=300, env=ENV)
    return int((Path(cwd) / "peak.kib").read_text()), result


# Legitimately valid variants: a BOM, CRLF line ends. They must build, and add
# their source without disturbing the one already in the store.
def _bom_crlf(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()


BUILD_OK = [
    ("yaml-bom-crlf", "ok.yaml", _bom_crlf(SEED_YAML)),
    ("json-bom-crlf", "ok.json", _bom_crlf(_seed_json())),
    ("csv-bom-crlf", "ok.events.csv", _bom_crlf(EVENTS_CSV)),
]


@pytest.mark.parametrize("case,name,content", BUILD_OK, ids=[c[0] for c in BUILD_OK])
def test_bom_and_crlf_are_valid_input(good, case, name, content):
    src = good.dir / "input" / name
    src.parent.mkdir()
    src.write_bytes(content)
    result = cli("build", src, "--store", good.store, "-o", good.turtle, cwd=good.dir)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    after = set(store_dump(good.store))
    seed_graph = "<https://w3id.org/cthr/id/source/seed-events>"
    kept = {q for q in good.before.quads if q.endswith(f"{seed_graph}")}
    assert kept and kept <= after, "the source already in the store lost facts"
    new_graph = f"<{source_iri(src.stem).value}>"
    assert any(new_graph in q for q in after), "the new source is not in the store"
    assert not any("\\r" in q for q in after if new_graph in q), "a carriage return leaked into a value"
    assert good.turtle.read_bytes() != good.before.turtle


@needs_text
def test_text_with_bom_and_crlf_builds_like_lf(tmp_path):
    """The same press release as LF, and as BOM + CRLF, gives the same facts (bar its hash)."""
    lf, crlf = tmp_path / "lf" / "release.txt", tmp_path / "crlf" / "release.txt"
    for p, data in ((lf, SEED_TEXT.encode()), (crlf, _bom_crlf(SEED_TEXT))):
        p.parent.mkdir()
        p.write_bytes(data)
        r = cli("build", p.name, "--no-store", "-o", "g.ttl", cwd=p.parent)
        assert r.returncode == 0, r.stderr

    def facts(p):
        """(predicate, literal) pairs: names, quotes, offsets, dates; not the IRIs minted from the hash."""
        from pyoxigraph import Literal, RdfFormat, parse

        triples = parse(path=str(p.parent / "g.ttl"), format=RdfFormat.TURTLE)
        return sorted((t.predicate.value, t.object.value) for t in triples
                      if isinstance(t.object, Literal) and not t.predicate.value.endswith("#sha256"))

    assert facts(lf) == facts(crlf)
    assert any("\u2013" in value or "Baghdad" in value for _, value in facts(lf))


# ---------------------------------------------------------------------------
# Readers: cthr validate FILE, cthr stats --graph FILE, cthr query --graph FILE
# ---------------------------------------------------------------------------
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"
READERS = {
    "validate": lambda f: ["validate", f],
    "stats": lambda f: ["stats", "--graph", f],
    "query": lambda f: ["query", "--graph", f, "--file", "count.rq", "--format", "csv"],
}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """The good graph exported in every format the readers accept."""
    from cthr.graph.build import build
    from cthr.graph.export import export
    from cthr.graph.store import GraphStore

    tmp = tmp_path_factory.mktemp("exports")
    build([RECORDS], store=tmp / "store", out=None)
    store = GraphStore(tmp / "store")
    for fmt, ext in (("turtle", "ttl"), ("nt", "nt"), ("nquads", "nq"), ("trig", "trig"),
                     ("rdfxml", "rdf"), ("jsonld", "jsonld")):
        export(store, tmp / f"g.{ext}", fmt)
    del store
    return {p.suffix.lstrip("."): p.read_bytes() for p in tmp.glob("g.*")}


def _cut_inside_iri(data: bytes, marker: bytes = b"<https://w3id.org/cthr/id/") -> bytes:
    """Cut the file in the middle, inside an IRI (so it cannot end on a whole statement)."""
    i = data.index(marker, len(data) // 2)
    return data[: i + len(marker) + 5]


TTL_LINE = b"@prefix x: <http://example.org/> .\n"
# (id, file name, content or callable(exports) -> bytes, line)
READ_BAD = [
    ("ttl-truncated", "bad.ttl", lambda e: _cut_inside_iri(e["ttl"]), True),
    ("nt-truncated", "bad.nt", lambda e: _cut_inside_iri(e["nt"]), True),
    ("nq-truncated", "bad.nq", lambda e: _cut_inside_iri(e["nq"]), True),
    ("trig-truncated", "bad.trig", lambda e: _cut_inside_iri(e["trig"]), True),
    ("rdfxml-truncated", "bad.rdf", lambda e: _cut_inside_iri(e["rdf"], b'rdf:about="https://w3id.org/cthr/id/'), None),
    ("jsonld-truncated", "bad.jsonld", lambda e: _cut_inside_iri(e["jsonld"], b'"id:'), True),
    ("ttl-latin1", "bad.ttl", TTL_LINE + 'x:a x:b "caf\u00e9" .\n'.encode("latin-1"), 2),
    ("ttl-utf16", "bad.ttl", (TTL_LINE + b"x:a x:b x:c .\n").decode().encode("utf-16"), 1),
    ("nt-cp1252", "bad.nt", '<http://example.org/a> <http://example.org/b> "\u201cq\u201d" .\n'.encode("cp1252"), 1),
    ("ttl-missing-dot", "bad.ttl", TTL_LINE + b"x:a x:b x:c\nx:d x:e x:f .\n", True),
    ("ttl-undefined-prefix", "bad.ttl", b"y:a y:b y:c .\n", 1),
    ("ttl-bad-iri", "bad.ttl", b"<http://exa mple.org/a> <http://example.org/b> 1 .\n", 1),
    ("trig-unclosed-graph", "bad.trig", TTL_LINE + b"x:g { x:a x:b x:c .\n", True),
    ("nt-not-absolute", "bad.nt", b"<a> <b> <c> .\n", 1),
    ("rdfxml-unclosed-tag", "bad.rdf",
     b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description', None),
    ("rdfxml-not-xml", "bad.rdf", b"this is not XML\n", None),
    ("jsonld-not-json", "bad.jsonld", b"{'@id': 'x'", True),
    ("jsonld-empty", "bad.jsonld", b"", None),
    ("ttl-binary-garbage", "bad.ttl", bytes(random.Random(3).randrange(256) for _ in range(2048)), True),
    ("ttl-5MB-line-unterminated", "bad.ttl", TTL_LINE + b'x:a x:b "' + b"y" * (5 * MB) + b"\n", True),
    # Unknown suffixes are refused by name, not parsed as Turtle (a TriX file is XML).
    ("unknown-suffix-not-turtle", "bad.xyz", b"hello world\n", "suffix"),
    ("trix-not-turtle", "bad.trix", b'<TriX xmlns="http://www.w3.org/2004/03/trix/trix-1/"><graph/></TriX>\n', "suffix"),
    ("no-suffix", "bad", b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", "suffix"),
]

READ_OK = [
    ("ttl-empty", "ok.ttl", b""),
    ("nt-empty", "ok.nt", b""),
    ("rdfxml-empty", "ok.rdf", b""),     # pyoxigraph reads an empty RDF/XML file as an empty graph
    ("ttl-crlf", "ok.ttl", TTL_LINE.replace(b"\n", b"\r\n") + b"x:a x:b x:c .\r\n"),
    ("ttl-5MB-one-line", "ok.ttl", TTL_LINE + b"".join(b"x:s%d x:p %d . " % (i, i) for i in range(400_000))),
    ("nt-5MB-one-literal", "ok.nt",
     b'<http://example.org/a> <http://example.org/b> "' + b"z" * (5 * MB) + b'" .\n'),
]
# A BOM before Turtle/N-Triples is what Windows editors write; the readers skip it.
READ_OK_BOM = [
    ("ttl-bom", "ok.ttl", b"\xef\xbb\xbf" + TTL_LINE + b"x:a x:b x:c .\n"),
    ("nt-bom-crlf", "ok.nt", b"\xef\xbb\xbf<http://example.org/a> <http://example.org/b> \"c\" .\r\n"),
]


def _read_case_file(tmp_path, name, content, exports) -> Path:
    path = tmp_path / name
    path.write_bytes(content(exports) if callable(content) else content)
    (tmp_path / "count.rq").write_text(COUNT_QUERY)
    return path


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("case,name,content,line", READ_BAD, ids=[c[0] for c in READ_BAD])
def test_readers_reject_bad_rdf_in_one_line(tmp_path, exports, reader, case, name, content, line):
    path = _read_case_file(tmp_path, name, content, exports)
    result = cli(*READERS[reader](path.name), cwd=tmp_path)
    err = assert_one_line_error(result, name, line if isinstance(line, int) and line is not True else None)
    if line is True:
        assert "line " in err, f"no line number in: {err}"
    if line == "suffix":
        assert "not an RDF format" in err and ".ttl" in err, err


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("case,name,content", READ_OK, ids=[c[0] for c in READ_OK])
def test_readers_accept_valid_odd_rdf(tmp_path, exports, reader, case, name, content):
    if reader == "validate" and case == "nt-5MB-one-literal":
        pytest.skip("validate copies through rdflib's N-Triples parser, quadratic in literal length "
                    "(reported: graph/validate.py to_rdflib); a 5 MB literal takes minutes")
    path = _read_case_file(tmp_path, name, content, exports)
    result = cli(*READERS[reader](path.name), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    if reader == "query":
        expected = {"ttl-empty": 0, "nt-empty": 0, "rdfxml-empty": 0, "ttl-crlf": 1,
                    "ttl-5MB-one-line": 400_000, "nt-5MB-one-literal": 1}
        assert int(result.stdout.split()[-1]) == expected[case]


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("case,name,content", READ_OK_BOM, ids=[c[0] for c in READ_OK_BOM])
def test_readers_accept_a_bom(tmp_path, exports, reader, case, name, content):
    path = _read_case_file(tmp_path, name, content, exports)
    result = cli(*READERS[reader](path.name), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]


def test_fifty_megabyte_rdf_reads_in_bounded_memory(tmp_path):
    """A valid 50 MB N-Triples file is read; the same with a bad last line names that line."""
    line = b'<http://example.org/s> <http://example.org/p> "a value of some length, fifty-six" .\n'
    n = 50 * MB // len(line) + 1
    good_file, bad_file = tmp_path / "big.nt", tmp_path / "bigbad.nt"
    good_file.write_bytes(line * n)
    bad_file.write_bytes(line * n + b'<http://example.org/s> <http://example.org/p> "open .\n')
    (tmp_path / "count.rq").write_text(COUNT_QUERY)
    peak, result = _peak_rss(["query", "--graph", good_file.name, "--file", "count.rq", "--format", "csv"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == "1"        # n copies of one triple are one triple
    assert peak < 2_000_000, f"peak RSS {peak} KiB reading a 50 MB file"
    peak, result = _peak_rss(["stats", "--graph", bad_file.name], tmp_path)
    assert_one_line_error(result, bad_file.name, n + 1)
    assert peak < 2_000_000, f"peak RSS {peak} KiB reading a 50 MB file"


# ---------------------------------------------------------------------------
# Where the store and output go: a wrong --store or -o must not lose anything
# ---------------------------------------------------------------------------
def test_unwritable_output_is_one_line_and_leaves_no_staging(good):
    (good.dir / "afile").write_text("x")
    result = cli("build", ROOT / "corpus" / "records" / "example.events.csv",
                 "--store", good.store, "-o", good.dir / "afile" / "g.ttl", cwd=good.dir)
    assert_one_line_error(result, "afile")
    good.assert_unchanged()
