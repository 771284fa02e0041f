"""Romance names: heads whose modifiers follow them and the lower-case tails
of French and Spanish names ("Pôle judiciaire spécialisé", "Ministère des
Affaires étrangères", "Fiscalía General de la Nación"), part of the name
grammar (:mod:`orgnames`).

A tail goes on through connectors and lower-case words, and through "et des
..." while the right side is no other body; it ends at a verb (an English
one in English prose, a Spanish past or a future), a stop word
(`french_name_stops`), an adverbial phrase ("en partenariat avec") or a
capital.
"""

from __future__ import annotations

from .chunks import is_head
from .doc import Doc, Token
from .lexicon import words

AND_WORDS = {"and", "&", "et", "y"}

# English words that never continue a Romance name's lower-case tail.
_EN_FUNCTION = {"in", "on", "at", "for", "of", "the", "and", "to", "with", "by", "from", "which",
                "who", "was", "is", "are", "were", "has", "have", "that", "as", "an", "a", "its", "their"}
_MAX_TAIL = 5

_FRENCH_LINKS = frozenset(("de", "des", "du", "aux", "d’", "d'"))
# English verbs that may follow a Romance name in English prose (past forms in
# -ed and -ing forms are caught by their ending).
_EN_VERBS = frozenset("""said says say told tells took takes met meets gave gives held holds made makes led leads
    spoke speaks will would can could should may might must also then there here noted notes added adds
    ran runs sent sends set sets""".split())


def is_romance(doc: Doc, head: Token) -> bool:
    """Modifiers follow this head: Romance heads anywhere, every head in French
    text, and a French name quoted in other prose: a lower-case word, then a
    French link ("the Tribunal judiciaire de Paris", "the Commission
    nationale des droits de l'homme of Djibouti")."""
    if doc.lang == "fr" or head.core.lower() in words().romance_heads:
        return True
    toks = doc.tokens
    k = doc.token_index(head.start)
    w = words()
    return k + 3 < len(toks) and toks[k + 1].s.isalpha() and toks[k + 1].s.islower() \
        and toks[k + 1].low not in w.connectors and toks[k + 1].low not in w.people_nouns \
        and toks[k + 2].low in _FRENCH_LINKS and toks[k + 3].low not in ("facto", "jure") \
        and doc.text[toks[k].end:toks[k + 2].start].count(" ") == 2


def tail_end(doc: Doc, k: int) -> int:
    """End of a Romance name's lower-case tail starting at token k."""
    toks, text, w = doc.tokens, doc.text, words()
    end, n_words, pos = k, 0, k
    while pos < len(toks) and n_words < _MAX_TAIL:
        t = toks[pos]
        gap = text[toks[pos - 1].end:t.start]
        if "\n" in gap or len(gap) > 2:
            break
        if t.low in ("en", "con") and pos + 1 < len(toks) and toks[pos + 1].low in w.french_en_phrases:
            break                     # "... de la Justice en partenariat avec": the name has ended
        if t.low in w.connectors and t.low not in _EN_FUNCTION and t.low not in AND_WORDS:
            pos += 1                  # "de", "des", "aux", "l'": kept only if a word follows
            continue
        if t.low == "et" and n_words and _tail_goes_on(doc, pos + 1):
            pos += 1                  # "Direction des frontières et des étrangers"
            continue
        if t.low in ("dans", "en") and n_words and toks[pos - 1].low.startswith(("spécialisé", "specialise")):
            pos += 1                  # "Pôle judiciaire spécialisé dans la répression de ...": the field is named
            continue
        if t.low in AND_WORDS or t.s == "e" or t.low in _EN_FUNCTION or t.low in w.french_name_stops \
                or not t.s[0].isalpha() or t.cap:     # ("e": Portuguese "and")
            break
        if pos == k and t.low in w.people_nouns:
            break                     # "Komnas HAM staff": the people of the body, right after its name
        if doc.lang != "fr" and (t.low.endswith(("ed", "ing")) or t.low in _EN_VERBS):
            break                     # a Romance name in English prose: not "... de l'homme said that"
        if spanish_past(t.s):
            break                     # a Spanish past verb ("... de Policía organizó", "... expuso"): the name has ended
        if len(t.low) > 5 and t.low.endswith(("era", "eront", "erait", "eraient", "irá", "erá", "arán", "erán")):
            break                     # a future or conditional verb ("le Centre publiera"): the name has ended
        n_words += 1
        pos += 1
        end = pos
    return end


def spanish_past(word: str, *, capitalised: bool = False) -> bool:
    """A Spanish past verb ("organizó", "intervinieron", "expuso"); ``capitalised``: one
    that opens a sentence, where "-aron" would also take names ("Sharon", "Aaron")."""
    low = word.lower()
    return low.endswith(("ó",) if capitalised else ("ó", "aron", "ieron")) or low in _SPANISH_IRREGULAR_PAST


_SPANISH_IRREGULAR_PAST = frozenset("foi foram será serão teve tiveram intervino expuso dijo hizo puso propuso tuvo estuvo fue fueron vino condujo produjo trajo "
                                    "dispuso supo quiso pudo".split())


def _closing_adjective(toks: list[Token], k: int) -> bool:
    """A last lower-case word after "et" that ends the name: nothing but
    punctuation, a connector or a capital follows it."""
    t, w = toks[k], words()
    if not (t.s.isalpha() and t.s.islower()) or t.low in w.people_nouns or t.low in w.french_name_stops:
        return False
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return nxt is None or not nxt.s[0].isalpha() or nxt.cap or nxt.low in ("et", "and")


def _tail_goes_on(doc: Doc, k: int) -> bool:
    """After "et": a connector and a lower-case word that is no people noun
    ("et des étrangers", "et de la protection"), not another body ("et de la
    Direction générale") nor the people who attend ("et des experts")."""
    toks, w = doc.tokens, words()
    j = k
    while j < len(toks) and j < k + 2 and (toks[j].low in ("de", "des", "du", "la", "l’", "l'", "d’", "d'")):
        j += 1
    if j == k and k + 1 < len(toks) and _closing_adjective(toks, k):
        return True                   # "Pôle pénal économique et financier"
    if j == k or j >= len(toks):
        return False
    t = toks[j]
    # (a head in lower case begins another body: "du Pool judiciaire financier et du parquet du Tribunal")
    return t.s[0].isalpha() and not t.cap and t.low not in w.people_nouns and t.low not in w.french_name_stops \
        and not is_head(t) and t.low not in w.org_heads
