"""Answers kept on disk per store version: a page, or a question asked again, is read rather than evaluated.

Why a cache. oxigraph 0.5 evaluates and sorts a whole answer before its
first row (bench/README.md, "What oxigraph 0.5 does"), so on a 1M-triple
store the first page of a listing costs as much as the listing (0.2-4 s),
and so does every later page and every repeat. Paging by key was measured
(event-overview: 255 ms for page and total at 1M, against 2.0 s) and needs a
key query per stored query, still over the 100 ms target; a cache makes
every query after its first evaluation a few milliseconds
(bench/pages.py, "Issue 16 item 3 ... third pass" in bench/README.md).

Why it is safe. A cthr store folder never changes in place (graph/storedir.py:
every write makes a new folder and swaps it in), so an answer stays right as
long as its version is the store. The version is taken when a folder is
opened read-only: a digest of the folder's inode and of every database and
mark file's name, size and modification time (a write by any tool grows the
write-ahead log or the manifest: a new version). A cached answer is found by
a digest of the version, the oxigraph version, this module's format and the
exact query text after binding. Answers live in `cthr-cache.sqlite` in the
folder: writers copy only RocksDB's files and the `cthr-*.json` marks, so a
new version starts empty and the old answers go with the old folder.

Two forms, each in chunks of 100 rows: "rows", the typed cells `cthr query`
and the Python API print (graph/query.py, graph/paging.py), and "terms",
each row as a SPARQL TSV line with every term exact, from which the server
renders any page in any media type (graph/sparql_results.py).

Only deterministic read-only SELECTs are kept (no SERVICE, LOAD, RAND, NOW,
UUID, STRUUID, BNODE). Anything wrong with the cache file (a read-only
folder, a full disk, a damaged file, a busy writer) is a miss, never an
error. Answers computed in under 5 ms (`CTHR_CACHE_MIN_MS`) are not kept:
they cost less to compute again than to write. `CTHR_CACHE=off` turns the
cache off (benchmarks, or a folder others share).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import closing
from pathlib import Path

from .values import IRI, BNode, Boolean, Cell, Date, DateTime, Decimal, Integer

CACHE_FILE = "cthr-cache.sqlite"
FORMAT = 4
MAX_ROWS = 250_000                 # larger answers are evaluated each time
CHUNK = 100                        # rows per stored chunk: a page reads one or two
MAX_BYTES = 256 * 2 ** 20          # the file is trimmed (oldest answers first) past this
MIN_MS = 5.0                       # a quicker answer costs less to compute again than to keep (CTHR_CACHE_MIN_MS)
_VOLATILE = frozenset({"SERVICE", "LOAD", "RAND", "NOW", "UUID", "STRUUID", "BNODE"})
_SCHEMA = ("CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, "
           "meta TEXT NOT NULL, total INTEGER NOT NULL, bytes INTEGER NOT NULL, created REAL NOT NULL)",
           "CREATE TABLE IF NOT EXISTS rows (answer INTEGER NOT NULL, n INTEGER NOT NULL, cells TEXT NOT NULL, "
           "PRIMARY KEY (answer, n)) WITHOUT ROWID")


def _errors() -> tuple:
    import sqlite3                  # on the first use of a cache: a command that never queries skips it

    return (sqlite3.Error, OSError, ValueError, TypeError, KeyError, IndexError)


# A cell's RDF kind as one character of its row's codes string (graph/values.py).
_CODES = {IRI: "i", BNode: "b", Integer: "n", Decimal: "d", Boolean: "t", Date: "D", DateTime: "T", Cell: "c"}
_KINDS = {code: kind for kind, code in _CODES.items()}


def store_version(folder: Path) -> str | None:
    """The digest naming the folder's current content, or None if it cannot be read."""
    try:
        st = os.stat(folder)
        digest = hashlib.sha256(f"{st.st_dev}:{st.st_ino}".encode())
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            # Not content: the lock file, RocksDB's info log (LOG, LOG.old.*), this cache.
            if entry.name == "LOCK" or entry.name.startswith(("LOG", CACHE_FILE)):
                continue
            s = entry.stat()
            digest.update(f"\0{entry.name}\0{s.st_size}\0{s.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()


def cacheable(text: str) -> bool:
    """A SELECT whose answer depends on the store alone."""
    from .sparqltext import _form, _keywords

    words = _keywords(text)
    try:
        return _form(words) == "SELECT" and not _VOLATILE.intersection(words)
    except ValueError:
        return False


def _min_ms() -> float:
    try:
        return float(os.environ.get("CTHR_CACHE_MIN_MS", MIN_MS))
    except ValueError:
        return MIN_MS


def _codes(types: tuple, _known: dict = {}) -> str:        # noqa: B006 - a cache of code strings
    """The one-character kinds of a row's cells, from their types (few distinct rows of types per answer)."""
    codes = _known.get(types)
    if codes is None:
        codes = _known[types] = "".join(_CODES.get(t, "s") for t in types)
    return codes


def _encode(rows) -> list[str]:
    """Rows as JSON chunks of CHUNK rows; each row a list of its cells' kinds (one string of codes), then the cells."""
    return [json.dumps([[_codes(tuple(map(type, r))), *r] for r in rows[k:k + CHUNK]], ensure_ascii=False)
            for k in range(0, len(rows), CHUNK)]


def _decode(items: list) -> list[list[str]]:
    """The rows _encode wrote, with their cell types."""
    rows = []
    for codes, *cells in items:
        if codes.count("s") == len(codes):
            rows.append(cells)
        else:
            rows.append([c if k == "s" else _KINDS[k](c) for k, c in zip(codes, cells, strict=True)])
    return rows


class ResultCache:
    """The answers of one store version, in the folder's `cthr-cache.sqlite`."""

    def __init__(self, folder: Path, version: str):
        import pyoxigraph

        self.file = Path(folder) / CACHE_FILE
        self._salt = f"{FORMAT}\0{pyoxigraph.__version__}\0{version}\0"

    @classmethod
    def for_folder(cls, folder: Path) -> ResultCache | None:
        """The cache of the store just opened at `folder` (None when turned off or unreadable)."""
        if os.environ.get("CTHR_CACHE", "").lower() in ("off", "0", "no"):
            return None
        version = store_version(folder)
        return cls(folder, version) if version else None

    def _key(self, kind: str, text: str) -> str:
        return hashlib.sha256((self._salt + kind + "\0" + text).encode("utf-8")).hexdigest()

    def _connect(self, create: bool = False):
        import sqlite3

        if not create and not self.file.exists():
            return None
        db = sqlite3.connect(self.file, timeout=2.0, isolation_level=None)
        if create:
            for statement in _SCHEMA:
                db.execute(statement)
        return db

    # -- rows (graph/query.py run_query, graph/paging.py local_page) ---------
    def rows(self, text: str, offset: int = 0, limit: int | None = None):
        """(columns, rows offset..offset+limit as cells, total) of a kept answer, else None."""
        found = self._items("rows", text, offset, limit)
        return None if found is None else (found[0], _decode(found[1]), found[2])

    def put_rows(self, text: str, columns: list[str], rows: list[list[str]], seconds: float = 1.0) -> None:
        """Keep a whole answer that took `seconds` to compute (best effort: a failure leaves the cache as it was)."""
        if len(rows) > MAX_ROWS or seconds * 1000 < _min_ms():
            return
        self._put("rows", text, json.dumps(columns), len(rows), _encode(rows))

    # -- terms (graph/sparql_results.py page_body): each row as a SPARQL TSV line, every term exact
    def terms(self, text: str, offset: int = 0, limit: int | None = None):
        """(columns, TSV lines offset..offset+limit, total) of a kept answer, else None."""
        return self._items("terms", text, offset, limit)

    def put_terms(self, text: str, columns: list[str], lines: list[str], seconds: float = 1.0) -> None:
        if len(lines) > MAX_ROWS or seconds * 1000 < _min_ms():
            return
        chunks = [json.dumps(lines[k:k + CHUNK], ensure_ascii=False) for k in range(0, len(lines), CHUNK)]
        self._put("terms", text, json.dumps(columns), len(lines), chunks)

    def _items(self, kind: str, text: str, offset: int, limit: int | None):
        """(meta, the answer's items offset..offset+limit, total), read from the chunks that hold them."""
        try:
            db = self._connect()
            if db is None:
                return None
            with closing(db):
                found = db.execute("SELECT id, meta, total FROM answers WHERE key = ?",
                                   (self._key(kind, text),)).fetchone()
                if found is None:
                    return None
                answer, meta, total = found
                end = total if limit is None else min(total, offset + limit)
                if end <= offset:
                    return json.loads(meta), [], total
                first, last = offset // CHUNK, (end - 1) // CHUNK
                chunks = db.execute("SELECT cells FROM rows WHERE answer = ? AND n >= ? AND n <= ? ORDER BY n",
                                    (answer, first, last)).fetchall()
            items = json.loads("[" + ",".join(c for (c,) in chunks) + "]") if chunks else []
            items = [item for chunk in items for item in chunk][offset - first * CHUNK:end - first * CHUNK]
            if len(items) != end - offset:
                return None                         # damaged or half-trimmed: evaluate again
            return json.loads(meta), items, total
        except _errors():
            return None

    def _put(self, kind: str, text: str, meta: str, total: int, encoded: list[str]) -> None:
        size = sum(len(e) for e in encoded) + len(text)
        if size > MAX_BYTES // 4:
            return
        try:
            db = self._connect(create=True)
            with closing(db):
                db.execute("BEGIN IMMEDIATE")
                cur = db.execute("INSERT OR IGNORE INTO answers (key, meta, total, bytes, created) "
                                 "VALUES (?, ?, ?, ?, ?)", (self._key(kind, text), meta, total, size, time.time()))
                if cur.rowcount == 1:
                    answer = cur.lastrowid
                    db.executemany("INSERT INTO rows (answer, n, cells) VALUES (?, ?, ?)",
                                   ((answer, n, e) for n, e in enumerate(encoded)))
                    _trim(db)
                db.execute("COMMIT")
        except _errors():
            return


def _trim(db) -> None:
    """Past MAX_BYTES, drop the oldest answers until three quarters of it are left."""
    (used,) = db.execute("SELECT COALESCE(SUM(bytes), 0) FROM answers").fetchone()
    if used <= MAX_BYTES:
        return
    for answer, size in db.execute("SELECT id, bytes FROM answers ORDER BY created").fetchall():
        db.execute("DELETE FROM rows WHERE answer = ?", (answer,))
        db.execute("DELETE FROM answers WHERE id = ?", (answer,))
        used -= size
        if used <= MAX_BYTES * 3 // 4:
            break


def cache_for(graph, text: str) -> ResultCache | None:
    """The cache of a GraphStore opened read-only if `text` may be answered from it, else None."""
    cache = getattr(graph, "cache", None)
    return cache if cache is not None and cacheable(text) else None


def cached_answer(graph, text: str, bindings=None, offset: int = 0, limit: int | None = None):
    """(columns, rows, total) from the cache without evaluating, else None: lets a forking runner skip the fork."""
    if getattr(graph, "cache", None) is None:
        return None
    from .sparqltext import inline_bindings

    final = inline_bindings(text, bindings or {})
    cache = cache_for(graph, final)
    return None if cache is None else cache.rows(final, offset, limit)


__all__ = ["CACHE_FILE", "MAX_BYTES", "MAX_ROWS", "ResultCache", "cache_for", "cached_answer", "cacheable",
           "store_version"]
