"""Answers kept per store version (graph/resultcache.py), on graphs built from invented records."""

from __future__ import annotations

import json
import sqlite3

import pytest

from cthr.graph.paging import run_page
from cthr.graph.query import load_catalogue, local_runner, run_query, run_stored
from cthr.graph.resultcache import CACHE_FILE, ResultCache, cacheable, store_version
from cthr.graph.store import GraphStore
from helpers import CATALOGUE, cli


def _records(n: int, country: str = "Moldova") -> str:
    """n invented events in one town, two invented bodies at each, one person at the third."""
    events = "".join(f"""  - key: cev-{i:02d}
    title: "Invented Cache Seminar {i:02d}"
    start: 2022-05-{i + 1:02d}
    place: "Soroca"
    country: "{country}"
    event_type: "seminar"
""" for i in range(n))
    parts = "".join(f"""  - {{event: cev-{i:02d}, agent: "Quill River Observatory", agent_kind: organisation, roles: [organiser]}}
  - {{event: cev-{i:02d}, agent: "Marrow Street Defenders", agent_kind: organisation, roles: [participant]}}
""" for i in range(n))
    return f"""source:
  title: "Invented records for cache tests"
  curator: tests/test_resultcache.py
events:
{events}organisations:
  - {{name: "Quill River Observatory", acronym: QRO, kind: civil-society}}
  - {{name: "Marrow Street Defenders", acronym: MSD}}
participations:
{parts}  - {{event: cev-02, agent: "Dorota Wenk", agent_kind: person, roles: [speaker], on_behalf_of: "Marrow Street Defenders"}}
"""


def _build(folder, n: int, **kw):
    from cthr.graph.build import build

    folder.mkdir(exist_ok=True)
    (folder / "invented.yaml").write_text(_records(n, **kw), encoding="utf-8")
    result = build([folder / "invented.yaml"], store=folder / "store")
    assert result.ok, result.report.text()
    return folder / "store"


@pytest.fixture(autouse=True)
def keep_every_answer(monkeypatch):
    """These graphs answer in about a millisecond, under the time below which answers are not kept."""
    import helpers

    monkeypatch.setenv("CTHR_CACHE_MIN_MS", "0")
    monkeypatch.setitem(helpers.ENV, "CTHR_CACHE_MIN_MS", "0")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("cache"), 14)


def _uncached(path) -> GraphStore:
    graph = GraphStore.read_only(path)
    graph.cache = None
    return graph


def _typed(rows):
    return [[(type(c), str(c)) for c in r] for r in rows]


@pytest.mark.parametrize("name, given", [("events-in-range", {}), ("co-attendance", {"org": "QRO"}),
                                         ("event-overview", {}), ("organisation-profile", {"org": "MSD"})])
def test_pages_from_the_cache_equal_the_evaluated_pages(store, name, given):
    plain, cached = local_runner(_uncached(store)), local_runner(GraphStore.read_only(store))
    q = CATALOGUE[name]
    for limit, offset in ((5, 0), (5, 5), (3, 12), (100, 0), (4, 40)):
        want = run_page(plain, q, given, limit, offset, CATALOGUE)
        for _ in range(2):                      # the first fills the cache, the second reads it
            got = run_page(cached, q, given, limit, offset, CATALOGUE)
            assert (got.columns, got.total, _typed(got.rows)) == (want.columns, want.total, _typed(want.rows))
    assert run_stored(cached, q, given, CATALOGUE) == run_stored(plain, q, given, CATALOGUE)


def test_a_second_ask_is_read_from_the_file_not_evaluated(tmp_path):
    path = _build(tmp_path, 6)
    text = CATALOGUE["events-in-range"].text
    first = run_query(GraphStore.read_only(path), text)
    # Change the kept answer behind the cache's back: a later open returns it, so it was not evaluated.
    with sqlite3.connect(path / CACHE_FILE) as db:
        (chunk,) = db.execute("SELECT cells FROM rows WHERE n = 0").fetchone()
        rows = json.loads(chunk)
        rows[0] = ["s" * len(first[0]), "edited"] + [""] * (len(first[0]) - 1)
        db.execute("UPDATE rows SET cells = ? WHERE n = 0", (json.dumps(rows),))
    again = run_query(GraphStore.read_only(path), text)
    assert again[1][0][0] == "edited" and again[1][1:] == first[1][1:]


def test_a_new_store_version_is_answered_afresh(tmp_path):
    path = _build(tmp_path, 6)
    text = CATALOGUE["events-in-range"].text
    assert len(run_query(GraphStore.read_only(path), text)[1]) == 6
    version = store_version(path)
    _build(tmp_path, 9)                          # an incremental build swaps a new folder in
    assert store_version(path) != version
    assert len(run_query(GraphStore.read_only(path), text)[1]) == 9
    # A write by another tool, in place, is a new version too.
    from pyoxigraph import Literal, NamedNode, Quad, Store

    probe = "SELECT ?o WHERE { <urn:x:s> <urn:x:p> ?o }"
    assert run_query(GraphStore.read_only(path), probe)[1] == []
    before = store_version(path)
    writable = Store(str(path))
    writable.add(Quad(NamedNode("urn:x:s"), NamedNode("urn:x:p"), Literal("o")))
    writable.flush()
    del writable
    assert store_version(path) != before
    assert run_query(GraphStore.read_only(path), probe)[1] == [["o"]]


def test_only_deterministic_selects_are_kept():
    assert cacheable("PREFIX x: <urn:x#>\nSELECT ?s WHERE { ?s x:p ?o }")
    for text in ("SELECT (RAND() AS ?r) WHERE {}", "SELECT (NOW() AS ?t) WHERE {}",
                 "SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                 "SELECT (STRUUID() AS ?u) WHERE {}", "SELECT (BNODE() AS ?b) WHERE {}",
                 "ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "not sparql"):
        assert not cacheable(text), text


def test_volatile_answers_are_evaluated_each_time(store):
    graph = GraphStore.read_only(store)
    text = "SELECT (STRUUID() AS ?u) WHERE {}"
    assert run_query(graph, text)[1] != run_query(graph, text)[1]
    assert graph.cache.rows(text) is None


def test_a_damaged_cache_file_is_a_miss(tmp_path):
    path = _build(tmp_path, 4)
    (path / CACHE_FILE).write_bytes(b"this is not an sqlite file" * 100)
    graph = GraphStore.read_only(path)
    assert len(run_query(graph, CATALOGUE["events-in-range"].text)[1]) == 4
    page = run_page(local_runner(graph), CATALOGUE["events-in-range"], {}, 3, 2, CATALOGUE)
    assert page.total == 4 and len(page.rows) == 2


def test_quick_answers_are_not_kept(tmp_path, monkeypatch):
    path = _build(tmp_path, 3)
    monkeypatch.setenv("CTHR_CACHE_MIN_MS", "60000")
    graph = GraphStore.read_only(path)
    text = CATALOGUE["events-in-range"].text
    assert len(run_query(graph, text)[1]) == 3
    assert run_page(local_runner(graph), CATALOGUE["events-in-range"], {}, 2, 0, CATALOGUE).total == 3
    assert graph.cache.rows(text) is None


def test_a_writable_store_has_no_cache(tmp_path):
    path = _build(tmp_path, 3)
    assert GraphStore(path).cache is None


def test_turned_off_by_the_environment(tmp_path, monkeypatch):
    path = _build(tmp_path, 3)
    monkeypatch.setenv("CTHR_CACHE", "off")
    run_query(GraphStore.read_only(path), CATALOGUE["events-in-range"].text)
    assert not (path / CACHE_FILE).exists()


def test_the_file_is_trimmed_oldest_first(tmp_path, monkeypatch):
    import cthr.graph.resultcache as rc

    path = _build(tmp_path, 3)
    cache = ResultCache.for_folder(path)
    monkeypatch.setattr(rc, "MAX_BYTES", 40_000)
    rows = [["x" * 100, str(k)] for k in range(30)]          # about 3.5 kB an answer
    for k in range(40):
        cache.put_rows(f"SELECT {k}", ["a", "b"], rows)
    assert cache.rows("SELECT 39") is not None and cache.rows("SELECT 0") is None
    with sqlite3.connect(path / CACHE_FILE) as db:
        (used,) = db.execute("SELECT SUM(bytes) FROM answers").fetchone()
    assert used <= 40_000


def test_cli_pages_twice_alike_and_keeps_the_answer_in_the_store_folder(store):
    r1 = cli("query", "events-in-range", "--limit", "4", "--offset", "4", "--store", str(store), cwd=store.parent)
    r2 = cli("query", "events-in-range", "--limit", "4", "--offset", "4", "--store", str(store), cwd=store.parent)
    assert r1.returncode == 0 and r2.returncode == 0, r1.stderr + r2.stderr
    assert r1.stdout == r2.stdout and "rows 5-8 of 14" in r2.stderr and "Seminar 04" in r2.stdout
    assert (store / CACHE_FILE).is_file()


def test_served_pages_are_the_same_when_read_from_the_cache(store):
    from helpers import Server

    server = Server("--store", store, cwd=store.parent)
    try:
        answers = [server.request("/stored/events-in-range?limit=4&offset=12", headers={"Accept": "text/csv"})
                   for _ in range(2)]
        for status, headers, body in answers:
            assert status == 200, body
            assert headers["X-Cthr-Total"] == "14" and len(body.strip().splitlines()) == 1 + 2
        assert answers[0][2] == answers[1][2]
        status, _, body = server.request("/stored/events-in-range?limit=4&offset=12",
                                         headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and '"head"' in body         # another media type: rendered, not the CSV again
    finally:
        server.kill()


def test_catalogue_answers_equal_uncached_on_a_second_open(store):
    catalogue = load_catalogue()
    plain, cached = local_runner(_uncached(store)), local_runner(GraphStore.read_only(store))
    for name in ("frequent-attendees", "sources", "merged-names", "organisations-by-sector"):
        q = catalogue[name]
        run_stored(cached, q, q.example_params(), catalogue)
        again = local_runner(GraphStore.read_only(store))
        assert _typed(run_stored(again, q, q.example_params(), catalogue)[1]) == \
            _typed(run_stored(plain, q, q.example_params(), catalogue)[1])


_TERMS = """PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?x ?y WHERE {
  VALUES (?x ?y) { ("a"@fr 1) ("tab\\there" "2"^^xsd:decimal) ("line\\nnew" UNDEF) (<urn:x:1> "q\\"uote")
                   ("2021-01-01"^^xsd:date "é") (UNDEF <urn:x:2>) ("other"^^<urn:x:type> true) }
} ORDER BY ?x ?y"""


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml",
                                   "text/csv", "text/tab-separated-values"])
def test_served_answers_from_kept_terms_have_the_bytes_pyoxigraph_writes(store, media):
    from cthr.graph.conneg import RESULT_TYPES
    from cthr.graph.paging import paged_text
    from cthr.graph.sparql_results import _opened, evaluate, page_body, render_solutions
    from cthr.graph.vocab import PREFIXES

    source, plain = ("store", str(store)), _uncached(store)

    def written(text, cap):
        return render_solutions(plain.store.query(text, prefixes=PREFIXES), RESULT_TYPES[media], cap)
    for text in (_TERMS, CATALOGUE["events-in-range"].text):
        total = 7 if text is _TERMS else 14
        for limit, offset in ((3, 0), (3, 3), (50, 0), (2, 30)):
            want = written(paged_text(text, limit, offset), 10_000)[0]
            for _ in range(2):                   # evaluated and kept, then read back
                assert page_body(source, text, limit, offset, media, 10_000) == (want, False, total)
        for _ in range(2):                       # the whole answer, as /sparql and the browser page ask it
            assert evaluate(source, text, [], [], media, 10_000) == written(text, 10_000)
            assert evaluate(source, text, [], [], media, 2) == written(text, 2)          # the server's row cap
        _opened.clear()
    body, truncated, total = page_body(source, _TERMS, 5, 0, media, 2)
    assert truncated and total == 7 and body == written(paged_text(_TERMS, 2, 0), 10)[0]


def test_warming_keeps_both_forms_from_one_evaluation(tmp_path):
    from cthr.graph.sparql_results import keep_answer

    path = _build(tmp_path, 5)
    graph = GraphStore.read_only(path)
    text = CATALOGUE["events-in-range"].text
    assert keep_answer(graph, text) == 5
    assert len(graph.cache.rows(text)[1]) == 5 and len(graph.cache.terms(text)[1]) == 5
    assert graph.cache.rows(text)[1] == run_query(_uncached(path), text)[1]
    assert keep_answer(_uncached(path), text) is None


def test_pages_across_stored_chunks_are_the_rows_in_order(tmp_path):
    from cthr.graph.values import IRI, Date, Integer

    path = _build(tmp_path, 3)
    cache = ResultCache.for_folder(path)
    rows = [[IRI(f"urn:x:{k}"), Integer(str(k)), "" if k % 7 else Date("2024-01-02"), f"text {k}"] for k in range(253)]
    cache.put_rows("SELECT chunks", ["a", "b", "c", "d"], rows)
    for offset, limit in ((0, 100), (95, 10), (99, 2), (100, 100), (199, 3), (250, 10), (253, 5), (0, None), (17, 300)):
        columns, page, total = cache.rows("SELECT chunks", offset, limit)
        want = rows[offset:] if limit is None else rows[offset:offset + limit]
        assert (columns, total, _typed(page)) == (["a", "b", "c", "d"], 253, _typed(want)), (offset, limit)
    lines = [f"<urn:x:{k}>\t\"v\\t{k}\"" for k in range(201)]
    cache.put_terms("SELECT terms", ["s", "o"], lines)
    assert cache.terms("SELECT terms", 198, 10) == (["s", "o"], lines[198:], 201)
