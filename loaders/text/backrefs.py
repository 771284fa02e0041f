"""Short back-references to a body named before: "the Academy", "la Academia",
"l'École", "the Commission's premises" after "the Judicial Academy of X",
"la Academia de la Magistratura", "l'École nationale de police".

A capitalised head noun after a definite article, standing alone (no
capitalised word after it), names the one body of the article whose name
begins with that head and was written earlier; with two such bodies, or none,
it names nothing. The mention carries that body's name, so coreference joins
it and the roles its sentence gives reach the body.
"""

from __future__ import annotations

from .chunks import is_head, is_head_word
from .doc import Doc
from .mention import OrgMention

_ARTICLES = {"the", "la", "le", "l'", "l’", "el"}


def back_references(doc: Doc, mentions: list[OrgMention]) -> list[OrgMention]:
    """Mentions for "the <Head>" that name an earlier body of the article."""
    toks, text, out = doc.tokens, doc.text, []
    taken = sorted((m.start, m.end) for m in mentions)
    for k in range(1, len(toks)):
        t = toks[k]
        if not (is_head(t) and toks[k - 1].low in _ARTICLES) or t.start >= doc.content_end or doc.in_headline(t.start):
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and (nxt.cap or nxt.low in ("of", "de", "du", "des", "del", "for", "on", "pour")) \
                and text[t.end:nxt.start].strip() == "":
            continue                  # "the Academy of X", "the Academy Board": a name of its own
        if any(s <= t.start < e for s, e in taken):
            continue
        head = t.core.lower()
        earlier = {m.surface for m in mentions if m.end <= t.start and " " in m.surface
                   and _first_head(m.surface) == head}
        if len(earlier) == 1:
            name = earlier.pop()
            out.append(OrgMention(t.start, t.end, name, rule="org.back-reference", priority=6,
                                  possessive=t.possessive))
    return out


def _first_head(name: str) -> str | None:
    """The head noun that governs a name: the last head before its first complement
    ("Judicial Academy of X": "academy"; "Valdor Bar Association": "association";
    "Academia de la Magistratura": "academia")."""
    words = []
    for w in name.split():
        if w.lower() in _COMPLEMENT:
            break
        words.append(w)
    return next((w.lower() for w in reversed(words) if is_head_word(w)), None)


_COMPLEMENT = {"of", "for", "on", "de", "du", "des", "del", "pour", "para", "sur", "in", "en", "à"}
