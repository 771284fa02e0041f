"""Document titles written in sentence case, part of stage 9 (resources).

French and Spanish write a title with one capital ("Guide pratique sur la
détention", "Manual sobre seguridad dinámica"): it starts at a resource head
(also a lower-case one after a document noun), goes on through lower-case
words and complements and ends at a verb, a relative or a new clause. English
titles in sentence case ("the Handbook on human rights in prisons") are read
the same way, from a capitalised head, within a bounded length.
"""

from __future__ import annotations

from .doc import Doc, Token
from .lexicon import words

# (Spanish is read with the French rules: both write titles in sentence case.)
_FR_NEW_COMPLEMENT = frozenset("sur pour dans avec à au aux en par contre entre vers chez "
                               "sobre para con al contra hacia".split())
_FR_TITLE_STOPS = frozenset("""a ont est sont était été sera qui que dont ainsi afin lors par avec selon
    propose proposent présente présentent offre offrent contient comprend vise visent permet permettent
    donne donnent fournit fournissent décrit rappelle
    adopté adoptée adoptés adoptées élaboré élaborée publié publiée remis remise présenté présentée
    lancé lancée validé validée utilisé utilisée mis mise
    ha han es son fue fueron era eran será serán quien cuyo cuya donde cual según así como
    elaborado elaborada elaborados elaboradas publicado publicada adoptado adoptada presentado presentada
    aprobado aprobada lanzado lanzada validado validada utilizado utilizada sirvió sirvieron permite
    permiten ofrece ofrecen contiene incluye describe""".split())


def _french_head(toks: list[Token], k: int) -> int:
    """Tokens in the document noun at k: 1, 3 for "Boîte à outils", 0 if none."""
    heads = words().resource_heads
    for n in (3, 2, 1):
        if k + n <= len(toks) and " ".join(t.low for t in toks[k:k + n]) in heads:
            return n
    return 0


def french_titles(doc: Doc):
    """"la Stratégie nationale de lutte contre l'extrémisme et le terrorisme adoptée par ...":
    a capitalised document noun and its lower-case words, up to a participle,
    a comma or the sentence's end (French writes titles in sentence case).
    A lower-case noun ("un guide pratique sur ...") makes a title only with a
    topic ("sur", "pour", "en matière de" ...), never a weak one ("le plan")."""
    w, toks, text = words(), doc.tokens, doc.text
    for k, t in enumerate(toks):
        n = _french_head(toks, k)
        if not n or (not t.cap and (t.low in w.weak_resource_heads or k == 0 or toks[k - 1].cap
                                    or doc.in_title(t.start))):
            continue                  # (a headline describes a document, the body names it)
        e = k + n
        n_words = 0
        while e < len(toks) and n_words < 25:
            x = toks[e]
            gap = text[toks[e - 1].end:x.start]
            if "\n" in gap or len(gap) > 2 or not x.s[0].isalpha() or x.low in _FR_TITLE_STOPS:
                break
            if x.low in ("et", "y") and e + 1 < len(toks) and toks[e + 1].low in _FR_NEW_COMPLEMENT:
                break                 # "les Principes de Paris et sur les observations ...": another object
            e += 1
            n_words += 1
        while e > k + n and toks[e - 1].low in w.connectors:
            e -= 1
        if not t.cap and not any(x.low in w.french_title_topics for x in toks[k + n:e]):
            continue
        if e > k + n + 1:
            yield t.start, toks[e - 1].end


# Words a sentence-case English title never holds: the verbs, relatives and
# prepositions that end the title's clause ("... Guidelines on the rights of
# detainees adopted by ...", "... on prison management during the course").
_EN_TITLE_STOPS = frozenset("""was were is are be been being has have had will would can could should may
    which that who whose where when while during as at by with through among from after before since until
    this these its their it they we our also was adopted developed published presented prepared produced issued
    launched endorsed approved written drafted elaborated used discussed introduced shared distributed
    provides provided offers offered sets set outlines outlined gives gave
    served serves guided guides informed informs framed frames underpinned underpins became becomes
    remains remained helped helps aims aimed seeks sought forms formed""".split())
_EN_TITLE_MAX = 20


def sentence_case_titles(doc: Doc):
    """"the Committee's Guidelines on human rights and the fight against
    terrorism, ...": a capitalised document noun after a possessive or "the",
    its preposition and lower-case words up to a verb, a relative, a clause
    preposition or punctuation. A run that reaches no such end within
    _EN_TITLE_MAX words is no title (its end cannot be told)."""
    w, toks, text = words(), doc.tokens, doc.text
    for k in range(1, len(toks) - 2):
        t, prep, first = toks[k], toks[k + 1], toks[k + 2]
        if not t.cap or t.low not in w.resource_heads or t.low in w.weak_resource_heads \
                or prep.low not in ("on", "for", "against", "to") or first.cap or not first.s[0].isalpha() \
                or doc.in_title(t.start):
            continue
        a = k
        while a > 0 and toks[a - 1].cap and not is_owner(toks[a - 1]) and not is_stop_cap(doc, toks[a - 1]) \
                and text[toks[a - 1].end:toks[a].start] == " ":
            a -= 1
        before = toks[a - 1] if a > 0 else None
        if a < k and any(m.end == toks[k - 1].end for m in doc.mentions_in(toks[k - 1].start - 80, toks[k - 1].end)):
            a = k                      # "the Council of Europe Guidelines for ...": its publisher's name
        elif before is None or not (is_owner(before) or before.low in ("the", "its", "their")):
            continue
        e, ended = k + 2, False
        while e < len(toks) and e - k <= _EN_TITLE_MAX:
            x, gap = toks[e], text[toks[e - 1].end:toks[e].start]
            if gap not in (" ", "-") or not x.s[0].isalnum() or x.low in _EN_TITLE_STOPS:
                ended = True
                break
            e += 1
        if not ended and e < len(toks):
            continue
        while e > k + 2 and toks[e - 1].low in w.connectors:
            e -= 1
        if e > k + 3:
            yield toks[a].start, toks[e - 1].end


def is_owner(t: Token) -> bool:
    """"UNODC’s", "Ministers’": a possessive, singular or plural."""
    return t.possessive or t.s[-1] in "’'´"


def is_stop_cap(doc: Doc, t: Token) -> bool:
    """A capital that starts a clause, not a title: "Key" starts a title
    inside a sentence ("the Key Principles for ..."), not at its start."""
    if t.s not in words().stop_caps:
        return False
    return t.s not in words().title_caps or doc.sentence_of(t.start)[0] == t.start
