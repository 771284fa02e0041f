"""Names written in capitals inside a body: "officers of the NATIONAL POLICE
SERVICE", "l'ECOLE NATIONALE D'ADMINISTRATION".

A run of upper-case words is then no string of acronyms. A run of two or more
words that holds an organisation head or a connector ("OF", "AND", "DE") is
read as one name, matched to a known body without regard to case when one is
known; the run's words are not bare acronyms unless a known body or a
definition ("(NPS)") makes them one. Headlines in capitals are left to the
headline rules (:mod:`zones`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .doc import Doc, Token
from .lexicon import words
from .mention import OrgMention
from .places import places

_GLUE = {" ", ""}           # words of one run: a space, or none after an elided article ("D’ADMINISTRATION")
_ELIDED = {"D’", "D'", "L’", "L'"}


def _caps_word(t: Token) -> bool:
    if t.s in _ELIDED:
        return True
    if not t.cap or not t.core.isupper():     # (isupper: every cased character is upper case)
        return False
    return sum(c.isalpha() for c in t.core) >= 2


def _plain(word: str) -> str:
    """Lower case, accents and apostrophe variants folded: "ÉCOLE" -> "ecole", "D’" -> "d'"."""
    low = word.lower().replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def _plain_words(w) -> tuple[frozenset[str], frozenset[str]]:
    """Heads and connectors folded as run words are (one set per word lists in effect)."""
    return frozenset(_plain(h) for h in w.org_heads), frozenset(_plain(c) for c in w.connectors)


def _runs(doc: Doc) -> list[list[Token]]:
    out, run = [], []
    for t in doc.tokens:
        if t.start >= doc.content_end:
            break
        glued = bool(run) and doc.text[run[-1].end:t.start] in _GLUE
        if _caps_word(t) and not doc.in_caps_line(t.start):
            if not glued:
                run = []
                out.append(run)
            run.append(t)
            continue
        run = []
    return [r for r in out if len(r) >= 2]


def mark_caps_runs(doc: Doc) -> list[OrgMention]:
    """Record every run of capitals that reads as words (``doc.caps_runs``) and
    return the names among them."""
    pl = places()
    heads, links = _plain_words(words())
    out = []
    for run in _runs(doc):
        plain = [_plain(t.core) for t in run]
        if not any(p in heads or p in links for p in plain):
            continue                   # "UNODC OHCHR": acronyms side by side
        doc.caps_runs.append((run[0].start, run[-1].end))
        mention = _known_inside(doc, run, pl) or _headed(doc, run, plain, heads, links)
        if mention is not None:
            out.append(mention)
    return out


def _known_inside(doc: Doc, run: list[Token], pl) -> OrgMention | None:
    """The longest stretch of the run that is a known body's name, any case."""
    for n in range(len(run), 1, -1):
        for i in range(len(run) - n + 1):
            s, e = run[i].start, run[i + n - 1].end
            known = pl.known_org_any_case(doc.text[s:e])
            if known is not None:
                return OrgMention(s, e, doc.text[s:e], known=known, kind=known.kind, country=known.country,
                                  rule="org.caps-name", priority=2)
    return None


def _headed(doc: Doc, run, plain, heads, links) -> OrgMention | None:
    """The run as one name when a word of it is a head; connectors at its ends are cut."""
    if not any(p in heads for p in plain):
        return None
    i, j = 0, len(run)
    while i < j and plain[i] in links:
        i += 1
    while j > i and plain[j - 1] in links:
        j -= 1
    if j - i < 2:
        return None
    s, e = run[i].start, run[j - 1].end
    return OrgMention(s, e, doc.text[s:e], rule="org.caps-name", priority=3)
