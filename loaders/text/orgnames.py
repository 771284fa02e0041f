"""The organisation-name grammar: names built around a head noun.

    NAME := PRE* HEAD POST* TAIL? COMP*
    PRE  := capitalised modifiers ("Federal Intelligence and Investigation")
    HEAD := a head noun of ``org_heads`` ("Agency", "Ministère")
    POST := further capitalised words up to a later head ("Police
            Counter-Terrorism Directorate"), or adjectives after a Romance
            head ("Audiencia Nacional")
    TAIL := lower-case words after a Romance head ("des Affaires étrangères")
    COMP := connector + capitalised words ("of Youth and Sports", "for Human
            Rights"); "in"/"to" + a place only after heads of field presences
            ("Mission in Iraq"); a place ends the name

Input is a run of capitalised words and connectors (see :func:`runs`);
output is token spans. Coordinated names are split only where both sides are
names ("the Ministry of Justice and the Ministry of Interior"), never inside
one ("Ministry of Youth and Sports").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunks import ends_name, is_connector, is_head
from .events import date_spans
from .doc import Doc, Token
from .lexicon import words
from .places import places
from .romance import AND_WORDS as _AND, is_romance, tail_end

_REPEATED_PREPOSITIONS = {"of", "for", "from", "de", "du", "des", "del"}
_ARTICLES = {"the", "la", "le", "les", "l'", "l’", "l´", "du", "des", "au", "aux",   # French contracted ones too ("et du ministère")
             "el", "los", "las", "del", "al"}


@dataclass
class NameSpan:
    """Tokens [start, end) of a name; ``parent`` is the token span of the body
    a sub-unit belongs to ("Training Unit of the Council of Europe")."""

    start: int
    end: int
    rule: str
    parent: tuple[int, int] | None = None


def parse_run(doc: Doc, i: int, j: int) -> list[NameSpan]:
    """Organisation names in the run of tokens [i, j)."""
    out: list[NameSpan] = []
    for a, b in _coordinated_parts(doc, i, j):
        pos = a
        while pos < b:
            found = _name_from(doc, pos, b)
            if found is None:
                break
            if found.rule != "skip":
                out.append(found)
            pos = max(found.end, pos + 1)
    return out


def _has_head(toks: list[Token]) -> bool:
    return any(is_head(t) for t in toks)


def _is_name_start(doc: Doc, toks: list[Token]) -> bool:
    """Does a coordinated right-hand side start a name of its own?"""
    k = 0
    # "... and of the B Commission": a repeated preposition after "and"
    # coordinates two names, as "of A and of B" does.
    if toks and toks[0].low in _REPEATED_PREPOSITIONS:
        k = 1
    while k < len(toks) and toks[k].low in _ARTICLES:
        k += 1
    rest = toks[k:]
    if not rest:
        return False
    pl = places()
    if rest[0].acr or pl.known_org(rest[0].core):
        return True
    # A head among the right side's own capitalised words (before a connector).
    block = []
    for t in rest:
        if not t.cap:
            break
        block.append(t)
    w = words()
    after = rest[len(block)] if len(block) < len(rest) else None
    # ("... and the Valdor Lawyers for Human Rights": a body named for its people and cause)
    return _has_head(block) or (bool(block) and block[-1].low in w.cause_people and after is not None
                                and after.low in ("for", "against", "without"))


def _plural_inner(toks: list[Token], c: int, e: int, k: int) -> bool:
    """In a complement without a head of its own, a right side whose head is
    a plural ("of Immigration and Citizenship Services") continues it."""
    if _has_head(toks[c:e]) or toks[k].acr:
        return False
    block = []
    for t in toks[k:k + 5]:
        if not t.cap:
            break
        block.append(t)
    heads = [t for t in block if is_head(t)]
    return bool(heads) and heads[-1] is block[-1] and heads[-1].core.lower().endswith("s") \
        and not places().known_org(" ".join(t.s for t in block))


_MINISTRIES = frozenset("ministry ministries department ministère ministerio ministério ministero secretaría "
                        "secretariat".split())


def _domain(toks: list[Token], h: int, k: int) -> bool:
    """One more domain of a ministry after "and": "Ministry of Interior and Police"."""
    return toks[h].low in _MINISTRIES and not toks[k].acr and (k + 1 >= len(toks) or not toks[k + 1].cap)


def _coordinated_parts(doc: Doc, i: int, j: int) -> list[tuple[int, int]]:
    toks = doc.tokens
    parts, start = [], i
    for k in range(i + 1, j - 1):
        if toks[k].low not in _AND:
            continue
        left, right = toks[start:k], toks[k + 1:j]
        if not left or not right:
            continue
        article = right[0].low in _ARTICLES
        right_name = _is_name_start(doc, right)
        block = []                    # the capitalised words right before "and"
        for t in reversed(left):
            if not t.cap:
                break
            block.insert(0, t)
        left_name = bool(block) and (_has_head(block) or block[-1].acr or places().known_org(block[-1].core) is not None)
        # "A Office and the B Agency", "UNODC and UNDP": two names. Without an
        # article, a head-less right side continues the left name ("Youth and
        # Sports"), and a head-less left side modifies the right ("Federal
        # Intelligence and Investigation Agency").
        # "the Customs and Excise Division": a one-word head joined to the modifiers
        # of the right side's head is one name with it.
        shared = not article and block and not block[-1].acr and not right[0].acr and not _has_head(right[:1]) \
            and (len(block) == 1 or not is_head(block[-1])      # (also "the X Training and Documentation Centre")
                 or block[-1].low in words().heads_that_modify)
        if right_name and (left_name or article) and not shared:
            parts.append((start, k))
            start = k + 1
    parts.append((start, j))
    return parts


def _titled_after_article(toks, a: int) -> bool:
    """"the Special Criminal Court", "la Nouvelle Cour": a title capital after an
    article inside a sentence begins the name; at a sentence's start it does not."""
    return toks[a].s in words().title_caps and a > 0 and (toks[a - 1].low in ("the", "la", "le", "l’", "l'")
                                                           or toks[a - 1].acr)   # "the PNP Special Action Force"


def _trim_left(doc: Doc, a: int, b: int) -> int:
    """Skip sentence-start words, a leading post ("Dean of the ...") and a
    leading title ("Workshop on ...") in front of a name."""
    toks, w = doc.tokens, words()
    changed = True
    while changed and a < b:
        changed = False
        while a < b and ((toks[a].s in w.stop_caps and not _titled_after_article(toks, a)) or not toks[a].cap):
            a += 1
            changed = True
        # A post or a title noun followed by a connector: the name starts after it.
        k = a
        while k < b and toks[k].low in w.role_modifiers and not is_head(toks[k]):
            k += 1
        if k < b and (toks[k].low in w.role_heads or toks[k].low in w.title_nouns) and not is_head(toks[k]) \
                and k + 1 < b and is_connector(toks[k + 1]):
            a = k + 1
            changed = True
    return a


def _name_from(doc: Doc, a: int, b: int) -> NameSpan | None:
    """The first name in tokens [a, b), or None."""
    toks, w, pl = doc.tokens, words(), places()
    a = _trim_left(doc, a, b)
    h = next((k for k in range(a, b) if is_head(toks[k]) and not _post_word(toks, k, b)), None)
    if h is None:
        return None
    if h == a and a >= 2 and toks[a - 1].low in ("of", "de") and toks[a - 2].low in w.role_heads \
            and h + 2 < b and is_connector(toks[h + 1]):
        return NameSpan(h + 1, h + 1, "skip")  # "Head of Mission of X", "Chef de mission de Y": a post
    # A national government is read by the state-actor stage; a county's or a
    # region's ("County Government of Garissa") is a name like any other.
    if toks[h].core.lower() in ("government", "gouvernement") and _national_government(doc, a, h, b):
        return NameSpan(h + 1, h + 1, "skip") if h + 1 < b else None
    start = _pre_start(doc, a, h)
    end = h + 1
    romance = is_romance(doc, toks[h])
    # POST: capitalised words up to a later head in the same block, or Romance adjectives.
    k = end
    while k < b and toks[k].cap and not toks[k].acr and not is_connector(toks[k]):
        k += 1
    if romance and k < b and k > end and toks[k].acr and (k + 1 >= b or not toks[k + 1].cap
                                                          or toks[k + 1].low in w.role_heads):
        k += 1                        # "Komisi Nasional HAM", "Komnas HAM": an acronym inside a head-first name
    block_heads = [x for x in range(end, k) if is_head(toks[x]) and not _post_word(toks, x, b)]
    if block_heads:
        h = block_heads[-1]           # "European Union Delegation": the last head governs
        end = h + 1
        romance = is_romance(doc, toks[h])
    elif k > end and toks[end].low in ("general", "generale"):
        end += 1                      # "the Directorate General of X", "the Inspectorate General": its rank
    elif romance and k > end:
        # "Pôle Pénal Economique et Financier": coordinated adjectives go on.
        if k + 1 < b and toks[k].low in ("et", "and", "y") and toks[k + 1].cap and not toks[k + 1].acr \
                and not is_head(toks[k + 1]) and doc.text[toks[k - 1].end:toks[k + 1].start] == f" {toks[k].s} ":
            k += 2
        end = min(k, end + 4)
    if end < b and toks[end].cap and not toks[end].acr and (toks[h].core.lower() in w.located_heads or (
            h > start and f"{toks[h - 1].core.lower()} {toks[h].core.lower()}" in w.located_heads)) \
            and doc.text[toks[end - 1].end:toks[end].start] == " ":
        # "the British High Commission Kampala", "the British Embassy Bishkek": a mission named with its town
        n = pl.leading_place([t.core for t in toks[end:min(b, end + 3)]], strict=True)
        if n and pl.city(" ".join(t.core for t in toks[end:end + n])) and not pl.country(toks[end].core) \
                and not (end + n < b and toks[end + n].cap):
            end += n
    if (start == h or toks[h].low in w.heads_that_modify) and end < b - 2 and toks[end].low in _AND:
        # "the Customs and Excise Division", "the X Prison and Probation Service": a lone
        # head, or one that modifies, before "and" goes with the head after it
        x = end + 1
        while x < b and toks[x].cap and not toks[x].acr and not is_head(toks[x]) and x - end <= 3:
            x += 1
        if end + 1 < x < b and is_head(toks[x]) and doc.text[toks[end].start - 1] == " ":
            h, end = x, x + 1
            romance = is_romance(doc, toks[h])
    if end < len(toks) and toks[end].cap and toks[end].core.lower() in w.generic_plurals \
            and doc.text[toks[end - 1].end:toks[end].start] == " ":
        return NameSpan(end, end, "skip")   # "Civil Society Organisations": a class of bodies
    rule = "org.head-noun"
    # TAIL: lower-case words after a Romance head ("aux droits de l'homme").
    if romance:
        stop = tail_end(doc, end)
        # A known name ends where it is known ("Union européenne", not "... inclut le ...").
        known = [x for x in range(stop, end - 1, -1)
                 if pl.known_org(doc.text[toks[start].start:toks[x - 1].end])]
        if known and known[0] < stop:
            stop = known[0]
        if stop > end:
            end, rule = stop, "org.romance-name"
    parent = None
    head_low = toks[h].core.lower()
    located = head_low in w.located_heads or (
        h > a and f"{toks[h - 1].core.lower()} {head_low}" in w.located_heads)
    placed = False                    # the name already ends in a place ("of The Hague")
    # COMP: connector + capitalised words, repeated.
    while True:
        c = end
        if c + 2 < b and toks[c].low in _AND and is_connector(toks[c + 1]) and toks[c + 1].low not in _AND \
                and (romance or (placed and toks[c].low != "and")) and not _is_name_start(doc, toks[c + 1:c + 9]):
            c += 1                    # "ministère de l'Europe et des Affaires étrangères": the domains go on
        if c + 2 < len(toks) and toks[c].low == "under" and toks[c + 1].low == "the" \
                and _is_name_start(doc, toks[c + 1:c + 7]) and not placed:
            c += 1                    # "Academy of Law Enforcement Agencies under the Prosecutor General's Office"
        while c < len(toks) and is_connector(toks[c]) and toks[c].low not in _AND:
            c += 1
        if c == end or c >= len(toks) or not toks[c].cap:
            break
        if "\n" in doc.text[toks[end - 1].end:toks[c].start]:
            break
        first = toks[end].low
        if first in ("at",):
            # "the Public Prosecution at the Court of Cassation", "the Human Rights Centre at
            # the University of X": a unit named by the court or university it sits at
            if not (head_low in w.at_units and any(
                    t.core.lower() in w.at_hosts for t in toks[c:c + 6] if t.cap)):
                break
            first = "of"
        if first == "to" and c == end + 1 and toks[c].low in w.name_infinitives:
            first = "of"              # "Hub ... to Counter Terrorism", "Committee to Protect Journalists": its aim
        if first in ("in", "to", "à", "au", "auprès", "en"):
            # Field presences are named by where they sit ("Centre in Bishkek", "the Council of
            # Europe Office in Tunis"); a national body may be named with its country ("... in Iraq").
            if toks[end - 1].core.lower() in w.located_heads:
                located, placed = True, False
            if not located and (placed or first not in ("in", "en")):
                break                 # a national body "in <its country>", never "to"/"au"
            n = pl.leading_place([t.core for t in toks[c:c + 5]], strict=False, countries_only=not located)
            if n == 0 and located and first == "to":
                n = _leading_known(doc, c)    # "Mission of Spain to the United Nations"
            if n == 0:
                break
            end, rule = c + n, "org.located-name"
            break
        n = pl.leading_place([t.core for t in toks[c:c + 5]], countries_only=False)
        if not n and toks[c - 1].s == "The":      # "of The Hague"
            n = pl.leading_place([t.core for t in toks[c - 1:c + 4]])
            n = n - 1 if n > 1 else 0
        if n and not (c + n < len(toks) and is_head(toks[c + n])):
            end = c + n                 # "Council of Europe", "Ministry of Justice of Mali"
            if end < len(toks) and toks[end].s in w.place_suffixes and doc.text[toks[end - 1].end:toks[end].start] == " " \
                    and not (end + 1 < len(toks) and toks[end + 1].cap):
                end += 1                # "of Brčko District", "of Lagos State"
            placed = True
            continue
        # The capitalised words of this complement, with inner coordination
        # ("of Youth and Sports", "for Peace and the Rule of Law").
        e, domains = c, False
        while e < len(toks):
            gap = doc.text[toks[e - 1].end:toks[e].start]
            if "\n" in gap or len(gap) > 2 or (e > c and ends_name(toks, e - 1)):
                break
            if toks[e].cap:
                if date_spans(doc).contains(toks[e].start):
                    break                # "the Supreme Court of December 2021": a date, not a name
                e += 1
                continue
            if toks[e].low in _AND:
                k2 = e + 1
                while k2 < len(toks) and is_connector(toks[k2]) and toks[k2].low not in _AND:
                    k2 += 1
                if k2 < len(toks) and k2 > e + 1 and toks[e + 1].low in _ARTICLES and toks[k2].low in w.role_heads:
                    break             # "... of Police and the Attorney General": a post, not more of the name
                if k2 < len(toks) and toks[k2].cap and (not _is_name_start(doc, toks[e + 1:e + 6])
                                                       or (k2 == e + 1 and _plural_inner(toks, c, e, k2))
                                                       or (k2 == e + 1 and _domain(toks, h, k2))):
                    domains = domains or (k2 == e + 1 and _domain(toks, h, k2))
                    e = k2
                    continue
            break
        if e == c:
            break
        last = toks[e - 1].core.lower()
        if last in w.title_nouns and last not in w.org_heads:
            break                        # "General Assembly of the Global ... Strategy": a document
        if head_low in w.subunit_heads and parent is None and first in ("of", "de", "du", "des") and not domains \
                and (_has_head(toks[c:e]) or pl.known_org(" ".join(t.s for t in toks[c:e]))):
            parent = (c, e)
        elif parent is not None and parent[1] == end:
            parent = (parent[0], e)       # "Branch of the United Nations Office on Drugs and Crime": all of it
        end = e
        if romance:
            end = tail_end(doc, end)      # "des Affaires étrangères"
        end = _comma_list(doc, end, b)
    while end > h + 1 and is_connector(toks[end - 1]):
        end -= 1                      # no name ends in "of", "de la"
    name = toks[start:end]
    if not _valid(name, h - start) or _event_title(doc, name, h - start):
        return NameSpan(h + 1, h + 1, "skip")
    return NameSpan(start, end, rule, parent)


def _leading_known(doc: Doc, c: int) -> int:
    """Number of tokens from c that name a known body or an acronym (0 if none)."""
    toks, pl = doc.tokens, places()
    for n in range(min(6, len(toks) - c), 0, -1):
        if pl.known_org(doc.text[toks[c].start:toks[c + n - 1].end]):
            return n
    return 1 if toks[c].acr else 0


def _comma_list(doc: Doc, end: int, b: int) -> int:
    """"Ministry of Planning, Trade, Industry and Justice":
    a complement listed with commas and closed by "and", with no name inside."""
    toks, text = doc.tokens, doc.text
    k, items = end, 0
    while k + 1 < len(toks) and toks[k].s == "," and toks[k + 1].cap:
        e = k + 1
        while e < len(toks) and toks[e].cap and not toks[e].acr and not is_head(toks[e]):
            e += 1
        if e == k + 1 or places().leading_place([t.core for t in toks[k + 1:e]]):
            return end
        items += 1
        k = e
        if k < len(toks) and toks[k].low in _AND and k + 1 < len(toks) and toks[k + 1].cap:
            e = k + 1
            while e < len(toks) and toks[e].cap and not toks[e].acr and not is_head(toks[e]):
                e += 1
            if e > k + 1 and not (e < len(toks) and (toks[e].cap or toks[e].s == "(")) \
                    and "\n" not in text[toks[end].start:toks[e - 1].end]:
                return e
            return end
    return end


def _national_government(doc: Doc, a: int, h: int, b: int) -> bool:
    """"Government of Norway", "the Danish Government", or a bare "Government"."""
    toks, pl = doc.tokens, places()
    if h > a and toks[h - 1].cap and not (pl.demonym(toks[h - 1].core) or pl.country(toks[h - 1].core)):
        return False              # "County Government", "Regional Government"
    k = h + 1
    while k < b and is_connector(toks[k]):
        k += 1
    if k > h + 1 and k < b and not pl.leading_place([t.core for t in toks[k:k + 5]], countries_only=True):
        return False              # "Government of Garissa"
    return True


def _post_word(toks: list[Token], k: int, b: int) -> bool:
    """A head directly followed by a post noun names a job: "Section Chief"."""
    return k + 1 < len(toks) and toks[k + 1].low in words().role_heads and toks[k + 1].cap


def _pre_start(doc: Doc, a: int, h: int) -> int:
    """Leftmost modifier of the head at token h (not before a)."""
    toks, w = doc.tokens, words()
    start = h
    k = h - 1
    while k >= a:
        t = toks[k]
        titled = t.low in w.title_nouns and is_connector(toks[k + 1])
        # (A post noun may start a name: "Prosecutor General's Office"; "Dean
        # of the ..." was trimmed before.)
        if t.cap and (t.s not in w.stop_caps or _titled_after_article(toks, k)) and not titled:
            start = k
            k -= 1
            continue
        if t.s in ("-", "‐") and k - 1 >= a and toks[k - 1].acr and toks[k + 1].acr \
                and toks[k - 1].end == t.start and t.end == toks[k + 1].start:
            k -= 1                    # "EU-AU Partnership"
            continue
        if t.low in _AND and k - 1 >= a and toks[k - 1].cap and not _has_head([toks[k - 1]]):
            if places().known_org(doc.text[toks[start].start:toks[h].end]):
                break                 # "International and African Union": the known name ends it
            k -= 1                    # "Federal Intelligence and Investigation Agency"
            continue
        if (t.low in ("against", "for", "on") and k - 1 >= a and toks[k - 1].cap
                and toks[k - 1].low not in w.title_nouns and toks[k + 1].low not in _ARTICLES):
            k -= 1                    # "Action against Terrorism Unit"
            continue
        if (t.low == "of" and k - 1 >= a and toks[k - 1].cap and not toks[k - 1].acr and toks[k + 1].cap
                and not _has_head(toks[k - 1:k + 2]) and toks[k - 1].low not in w.title_nouns
                and toks[k - 1].low not in w.role_heads and toks[k + 1].low not in _ARTICLES):
            k -= 1                    # "Rule of Law Unit", "Prevention of Torture Division": one modifier
            continue
        break
    while start < h and not toks[start].cap:
        start += 1
    return start


def _event_title(doc: Doc, name: list[Token], head_at: int) -> bool:
    """"Regional Conference on Border Security", "the 5th Annual Forum": an event, not a body."""
    w = words()
    if name[head_at].core.lower() in ("school", "schools") and head_at and name[head_at - 1].low in w.school_seasons:
        return True
    if name[head_at].core.lower() not in w.event_heads:
        return False
    after = name[head_at + 1:head_at + 2]
    before = name[:head_at]
    prev = doc.tokens[doc.token_index(name[0].start) - 1] if doc.token_index(name[0].start) > 0 else None
    if (bool(after) and after[0].low in ("on", "sur")) or any(t.low in w.event_markers for t in before) \
            or (prev is not None and prev.low in w.event_markers):
        return True
    # "the OSCE-wide Counter-Terrorism Conference, organised by ...": a head that ends
    # the name, with no "of" after it ("the Conference of Ministers") and no known body's name.
    nxt = doc.tokens[doc.token_index(name[-1].end)] if doc.token_index(name[-1].end) < len(doc.tokens) else None
    return head_at == len(name) - 1 and (nxt is None or nxt.low not in ("of", "de", "des", "du")) \
        and places().known_org(" ".join(t.s for t in name)) is None and _EVENT_AROUND.match(
            doc.text, name[-1].end, min(len(doc.text), name[-1].end + 40)) is not None


# What follows an event's name: its organiser, dates, place or verb ("..., organised by", "held in").
_EVENT_AROUND = re.compile(r"[ \t]*(?:,[ \t]*)?(?:organi[sz]ed|held|hosted|convened|took\s+place|will\s+take|"
                           r"in\s+[A-Z]|on\s+\d|from\s+\d|of\s+\d{4}|\(\d|organisée?|tenue?)", re.I)


_ABOUT = frozenset("on of for concerning relating sur relatif relative relatifs sobre".split())


def _valid(name: list[Token], head_at: int) -> bool:
    w = words()
    if not name:
        return False
    if len(name) == 1:
        return False                  # "Office", "Ministry" alone
    if any(t.cap and t.low in w.document_nouns and name[k + 1].low in _ABOUT for k, t in enumerate(name[:head_at])):
        return False                  # "the Emergency Decree on Public Administration": an act about a body
    last = name[-1].core.lower()
    if last in w.generic_plurals and (len(name) == 1 or name[-2].cap) \
            and not places().country(" ".join(t.core for t in name[-2:])) and not _ends_known(name):
        return False                  # "Security Agencies": a class of bodies (not "... of the United States")
    return True


def _ends_known(name: list[Token]) -> bool:
    """The name ends with a known body's ("... of the League of Arab States")."""
    pl = places()
    return any(pl.known_org(" ".join(t.s for t in name[k:])) for k in range(max(0, len(name) - 6), len(name) - 1))
