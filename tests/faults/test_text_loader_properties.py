"""Properties of the press-release loader (cthr.loaders.text.load_text) on generated input.

For any bytes: an Extraction or a LoadError, nothing else. For any text:
every evidence span points into the source text and quotes it exactly; the
result is deterministic; a BOM and CRLF line ends change nothing but the
file's hash; HTML script/style content never reaches a fact. Generated
texts mix sentences of the bundled seed releases (so the extractor has
something to find) with arbitrary Unicode.
"""

from __future__ import annotations

import dataclasses
import html
import tempfile
from pathlib import Path

import pytest
from cthr.loaders.model import Evidence, Extraction, LoadError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text_mod = pytest.importorskip("cthr.loaders.text")
load_text = text_mod.load_text

ROOT = Path(__file__).resolve().parents[2]
SEED_SENTENCES = [s.strip() + "." for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
                  for s in p.read_text(encoding="utf-8").replace("\n", " \n ").split(". ") if s.strip()][:80]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Arbitrary Unicode (no surrogates), plus characters that stress offsets: combining marks,
# astral-plane characters, zero-width joiners, NEL/LS/PS line breaks, tabs, CR.
odd_chars = st.sampled_from(["\u0301", "\U0001F600", "\u200d", "\u0085", "\u2028", "\u2029", "\t", "\r",
                             "\u00a0", "\ufeff", "–", "“", "”", "’", "&", "<", ">"])
chunk = st.one_of(st.sampled_from(SEED_SENTENCES),
                  st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
                  odd_chars)
press_text = st.lists(chunk, min_size=1, max_size=25).map(lambda parts: " ".join(parts))


def _load(data: bytes, suffix: str = ".txt") -> Extraction:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"release{suffix}"
        path.write_bytes(data)
        return load_text(path)


def _evidence(obj):
    """Every Evidence reachable from an Extraction's facts."""
    if isinstance(obj, Evidence):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _evidence(getattr(obj, f.name))
    elif isinstance(obj, (list, tuple, set)):
        for item in obj:
            yield from _evidence(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _evidence(item)


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name))
    elif isinstance(obj, (list, tuple, set)):
        for item in obj:
            yield from _strings(item)


def _without_hash(x: Extraction) -> Extraction:
    """The facts, without the file's hash and its (temporary) folder."""
    return dataclasses.replace(x, source=dataclasses.replace(x.source, sha256="", path=Path(x.source.path).name))


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html"]))
def test_any_bytes_give_facts_or_a_load_error(data, suffix):
    try:
        x = _load(data, suffix)
    except LoadError as exc:
        assert exc.path.endswith(f"release{suffix}") and str(exc).startswith(exc.path)
        return
    assert isinstance(x, Extraction)


@SETTINGS
@given(text=press_text)
def test_every_span_quotes_the_source_text(text):
    try:
        x = _load(text.encode("utf-8"))
    except LoadError:
        # Only an empty text, or one with an invisible control character, may be refused.
        from cthr.loaders.hygiene import find_control
        clean = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
        assert not clean.strip() or find_control(clean) is not None
        return
    source = x.source.text
    for ev in _evidence(x):
        if ev.start is None:
            continue
        assert 0 <= ev.start <= ev.end <= len(source), (ev, len(source))
        assert source[ev.start:ev.end] == ev.exact, (ev, source[ev.start:ev.end])


@SETTINGS
@given(text=press_text)
def test_loading_is_deterministic(text):
    try:
        first = _load(text.encode("utf-8"))
    except LoadError:
        return
    assert _without_hash(_load(text.encode("utf-8"))) == _without_hash(first)


@SETTINGS
@given(text=press_text)
def test_bom_and_crlf_change_nothing_but_the_hash(text):
    text = text.replace("\r", "").replace("\ufeff", "")
    try:
        lf = _load(text.encode("utf-8"))
    except LoadError:
        return
    crlf = _load(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert _without_hash(crlf) == _without_hash(lf)


@SETTINGS
@given(text=press_text, script=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_html_script_and_style_never_reach_a_fact(text, script):
    marker = "QQSCRIPTMARKERQQ"
    page = (f"<html><head><style>.x {{ content: '{marker}STYLE' }}</style></head><body>"
            f"<script>var s = {script!r}; // {marker}</script>"
            f"<p>{html.escape(text)}</p><script src='x.js'>{marker}</script></body></html>")
    try:
        x = _load(page.encode("utf-8"), ".html")
    except LoadError:
        return
    assert marker not in x.source.text
    assert not any(marker in s for s in _strings(x))
