"""Runs of capitalised words: the raw material of names and titles.

A run is capitalised words joined by connectors ("Ministry of Youth and
Sports", "Toolkit on Strengthening Human Rights"); the organisation grammar
(:mod:`orgnames`) and the document titles (:mod:`resources`) both read runs.
"""

from __future__ import annotations

from .doc import Doc, Token
from .lexicon import words
from .places import places


def is_head(tok: Token) -> bool:
    """A capitalised head noun (any part of a hyphenated word: "Directorate-General")."""
    if not tok.cap or tok.acr:
        return False
    heads = words().org_heads
    low = tok.core.lower()
    return low in heads or ("-" in low and any(p in heads for p in low.split("-")))


def is_head_word(word: str) -> bool:
    """Is the word an organisation head ("Délégation", "Commission")?"""
    return word.lower() in words().org_heads


def is_connector(tok: Token) -> bool:
    """A word that may join the capitalised words of one name ("of", "de la", "&")."""
    return tok.low in words().connectors or tok.s in ("&", "l’", "l'", "d’", "d'")


def inner_possessive(toks: list[Token], k: int) -> bool:
    """Is the possessive word at k part of a name ("Women’s Affairs", "Children’s
    Fund", "Prosecutor’s Office") rather than an owner ("IIJ’s Director",
    "Kenya’s Centre", "the Commission’s Directorate")?"""
    t = toks[k]
    if not t.cap or t.acr or k + 1 >= len(toks) or not toks[k + 1].cap or toks[k + 1].acr:
        return False
    pl = places()
    # A head ending a name of several words owns what follows ("the European
    # Commission’s Directorate"); alone it is part of the name ("the Ombudsman’s Institution").
    owner = is_head(t) and k > 0 and toks[k - 1].cap and toks[k - 1].end + 1 == t.start
    # Nobody's people own a ministry or an embassy ("the Region's Ministry of X"),
    # though they may own a fund or an office ("Children's Fund", "Prosecutor's Office").
    owned_body = toks[k + 1].low in words().owned_heads
    return not (owner or owned_body or pl.known_org(t.core) or pl.country(t.core) or pl.demonym(t.core))



def ends_name(toks: list[Token], k: int) -> bool:
    """Does the word at k end a name: an owner's possessive ("IIJ’s
    Director"), or a plural one before a document whose name has a head
    ("the Committee of Ministers’ Guidelines"; but "Investigators’ Toolkit",
    "Ministry of Veterans’ Affairs" go on)?"""
    t = toks[k]
    if t.possessive:
        return not inner_possessive(toks, k)
    if t.s[-1] in "’'´" and t.s[:-1] and places().country(t.s[:-1]):
        return True                # "the Philippines' Region XII office": the country owns it
    if t.s[-1] not in "’'´" or k + 1 >= len(toks) or toks[k + 1].low not in words().resource_heads:
        return False
    b = k - 1
    while b >= 0 and k - b <= 6 and (toks[b].cap or is_connector(toks[b])):
        if is_head(toks[b]):
            return True
        b -= 1
    return False


def runs(doc: Doc):
    """Token index ranges [i, j) of capitalised words joined by connectors.

    A run breaks at punctuation, line ends and wide gaps; a possessive word
    ends it ("IIJ’s Director") unless it is inside a name ("Ministry of
    Women’s Affairs"); connectors join only if a capital follows.
    """
    toks, text = doc.tokens, doc.text
    n, i = len(toks), 0
    while i < n:
        if not toks[i].cap:
            i += 1
            continue
        j = i + 1
        while j < n and not ends_name(toks, j - 1):
            gap = text[toks[j - 1].end:toks[j].start]
            if "\n" in gap or len(gap) > 2:
                break
            t = toks[j]
            if t.cap:
                j += 1
                continue
            if t.s in ("-", "‐") and toks[j - 1].acr and j + 1 < n and toks[j + 1].acr \
                    and toks[j - 1].end == t.start and t.end == toks[j + 1].start:
                j += 1                # "EU-AU Partnership": two acronyms glued by a hyphen
                continue
            if is_connector(t):
                k = j
                while k < n and is_connector(toks[k]) and "\n" not in text[toks[k - 1].end:toks[k].start]:
                    k += 1
                if k < n and toks[k].cap and "\n" not in text[toks[k - 1].end:toks[k].start]:
                    j = k
                    continue
            break
        yield i, j
        i = j
