"""Acronyms: definitions ("Long Form (ACR)"), slash pairs ("OSCE/ODIHR")
and bare acronyms that name organisations.

A definition whose long form has no organisation head ("Women, Peace and
Security (WPS)", "public-private partnership (PPP)") marks the acronym as a
topic, so its bare uses are not organisations either.
"""

from __future__ import annotations

import re
from collections import Counter

from . import bracket_forms
from .bracket_forms import letter as _letter, subseq as _subseq
from .chunks import inner_possessive, is_head
from .doc import Doc, Spans, Token
from .lexicon import words
from .mention import OrgMention
from .places import places

_OPEN = {"(": ")", "[": "]", "{": "}"}
_WINDOW = 16
_LF_PUNCT = {"&", "–", "-", "’", "'"}


def _initials(toks: list[Token]) -> list[str]:
    out = []
    for t in toks:
        for part in re.split(r"[-‐’'´]", t.core):
            if not part:
                continue
            if t.acr:
                out.extend(part.upper())
            elif part[0].isupper():
                out.append(_letter(part[0]))
    return out


# Verbs and relatives that end a clause: a translated long form never reaches back across one.
_CLAUSE_VERBS = frozenset("a ont est sont était étaient sera seront fut qui que dont ha han es son fue fueron "
                          "is are was were has have".split())


def _long_form_start(toks: list[Token], acr: str) -> int | None:
    """Index in ``toks`` where the long form of ``acr`` starts, or None.

    Tries: the rightmost capitalised word from which the acronym's letters are
    a subsequence of the word initials (upper-case words give all their
    letters); the whole window if it holds the letters in any order (short
    windows only); a Schwartz-Hearst match over the characters.
    """
    letters = acr.rstrip("s").upper() if len(acr) > 2 else acr.upper()
    letters = "".join(c for c in letters if c.isalpha())
    if not letters:
        return None
    starts = [i for i, t in enumerate(toks) if t.cap and _letter(t.s[0]).upper() == letters[0]]
    for i in reversed(starts):
        ini = _initials(toks[i:])
        if ini and ini[0] == letters[0] and _subseq(letters, ini):
            return i
    if starts and len(toks) <= 10 and not (Counter(letters) - Counter(_initials(toks))):
        return 0
    for i in reversed(starts):
        chars = " ".join(t.s for t in toks[i:]).upper()
        if _subseq(letters[1:], chars[1:]):
            return i
    return None


def _known_start(doc: Doc, window: list[Token], k: int | None) -> int | None:
    """The start of the longest known name that ends the window and begins before k."""
    pl = places()
    end = window[-1].end if window else 0
    return next((x for x in range(k if k is not None else len(window))
                 if pl.known_org(doc.text[window[x].start:end])), k)


def _country_before(doc: Doc, first: Token) -> list[Token]:
    """The country's name or adjective written right before a long form, which is part of
    the name ("the New Zealand Ministry of Foreign Affairs and Trade (MFAT)", "the
    Australian Department of ... (DFAT)")."""
    pl, toks = places(), doc.tokens
    at = doc.token_index(first.start)
    for n in (3, 2, 1):
        before = toks[max(0, at - n):at]
        if len(before) == n and all(t.cap and doc.text[t.end:u.start] == " " for t, u in zip(before, toks[at - n + 1:at + 1])):
            words_ = doc.text[before[0].start:before[-1].end]
            if pl.country(words_) or (n == 1 and pl.demonym(words_)):
                return before
    return []


def _lower_long_form(toks: list[Token], acr: str) -> bool:
    """"public-private partnership (PPP)", "extremism and radicalisation that
    lead to terrorism (VERLT)": the letters spelt, in order, by the initials of
    the lower-case words before the bracket, ending with its last word."""
    letters = acr.rstrip("s").lower()
    ini = [p[0] for t in toks[-12:] for p in re.split(r"[-‐]", t.low) if p and p[0].isalpha()]
    if len(letters) < 2 or not ini or ini[-1] != letters[-1]:
        return False
    return any(ini[i] == letters[0] and len(ini) - i <= 2 * len(letters) and _subseq(letters, ini[i:])
               for i in range(len(ini)))


def _window(doc: Doc, close_idx: int, *, lower: bool) -> list[Token]:
    """Words on the same line before token ``close_idx`` (the opening bracket):
    capitalised words and connectors, or with ``lower`` any words (French long
    forms: "Équipe spéciale ... contre la criminalité organisée (ESCO)")."""
    toks, text, w = doc.tokens, doc.text, words()
    out: list[Token] = []
    k = close_idx - 1
    while k >= 0 and len(out) < _WINDOW:
        t = toks[k]
        if "\n" in text[t.end:toks[k + 1].start]:
            break
        comma = t.s == "," and (toks[k + 1].cap or (   # "Women, Peace and Security (WPS)"
            toks[k + 1].low in ("and", "et", "y") and k + 2 < close_idx and toks[k + 2].cap))   # "X, Y, and Z"
        if not (t.s[0].isalnum() or t.s in _LF_PUNCT or t.s in ("l’", "l'", "d’", "d'") or comma):
            break
        if not (lower or t.cap or t.low in w.connectors or t.s in _LF_PUNCT or comma):
            break
        out.insert(0, t)
        k -= 1
        if t.possessive and len(out) > 1 and not inner_possessive(toks, k + 1):
            out.pop(0)
            break
    while out and not out[0].cap:
        out.pop(0)
    while out and out[0].s in w.stop_caps:
        out.pop(0)
        while out and not out[0].cap:
            out.pop(0)
    return out


def definitions(doc: Doc) -> list[OrgMention]:
    """"Full Name (ACR)", "(ACR/ACR2)", "{ACR}": organisations with their acronym."""
    toks, w, pl = doc.tokens, words(), places()
    found: list[OrgMention] = []
    for i, t in enumerate(toks[:-2]):
        closer = _OPEN.get(t.s)
        if closer is None:
            continue
        j = i + 1
        acrs: list[Token] = []
        while j < len(toks) and j < i + 8 and toks[j].s != closer:
            if toks[j].acr:
                acrs.append(toks[j])
            elif toks[j].s not in ("/", ",", "and", "et", "-"):
                acrs = []
                break
            j += 1
        if not acrs or (len(acrs) == 2 and doc.text[acrs[0].end:acrs[1].start] == " "):
            caps = _window(doc, i, lower=False)
            wide = _window(doc, i, lower=True) if doc.lang != "en" else caps
            native = bracket_forms.native_name(doc, i, closer, caps) or bracket_forms.compound(doc, i, closer, wide)
            if native:
                found.append(native)
                continue
        if not acrs or j >= len(toks) or toks[j].s != closer:
            continue
        if doc.text[:t.start].rstrip().endswith(('"', "”", "»")):
            doc.non_org.update(x.core for x in acrs)     # 'the project "Sahel Justice" (SAJ)': the quoted name's
            continue
        caps = _window(doc, i, lower=False)
        wide = _window(doc, i, lower=True)
        lower = [x for x in toks[max(0, i - 12):i] if "\n" not in doc.text[x.end:t.start]]
        pair = _possessive_pair(doc, caps, acrs, toks[j].end)
        if pair:
            found += pair
            continue
        window = caps
        for a in acrs:
            k = _long_form_start(caps, a.core) if caps else None
            if k is None and len(wide) > len(caps):
                window, k = wide, _long_form_start(wide, a.core)
                # A known body's translated name whose words spell its English acronym
                # only in part ("Institut interrégional de recherche des Nations Unies sur la
                # criminalité et la justice (UNICRI)"): the longest known name ending there.
                k = _known_start(doc, wide, k)
            if k is None and (doc.lang != "en" or pl.known_org(a.core)):
                # A translated long form ("Équipe spéciale ... contre la criminalité
                # (ESCO)"): from the first head's modifiers on.
                window = wide
                # (the first head after the last verb or stop word: "X a organisé à l'École Y (EY)" is Y's)
                stops = [x for x, tok in enumerate(wide) if tok.low in _CLAUSE_VERBS and not tok.cap]
                k = next((x for x, tok in enumerate(wide) if is_head(tok) and (not stops or x > stops[-1])), None)
                while k is not None and k > 0 and wide[k - 1].cap and wide[k - 1].s not in w.stop_caps:
                    k -= 1
            if k is None:
                continue
            if window is caps:
                k = _known_start(doc, caps, k)
            k = _head_before(window, k)
            lf = window[k:]
            # Not across a coordination: "the A Commission and the B Council (ACR)" is B's.
            cut = [x for x in range(1, len(lf) - 2) if lf[x].low in ("and", "et") and is_head(lf[x - 1])
                   and lf[x + 1].low in ("the", "la", "le", "les") and lf[x + 2].cap]
            if cut:
                k += cut[-1] + 2
                lf = window[k:]
            while lf and lf[-1].low in w.connectors:
                lf.pop()
            if not lf:
                continue
            known = pl.known_org(" ".join(x.s for x in lf)) or pl.known_org(a.core)
            # "Penal Reform International (PRI)"; "... Crime unit (CTTC)": a head in lower case.
            headed = any(is_head(x) for x in lf) or lf[-1].low == "international" \
                or (i > 0 and toks[i - 1].low in w.org_heads and not toks[i - 1].cap) \
                or (len(lf) > 2 and lf[0].low in w.cause_people and lf[1].low in w.cause_prepositions)
            if headed and not any(is_head(x) for x in lf) and toks[i - 1].low in w.org_heads:
                lf = lf + [toks[i - 1]] if toks[i - 1] is not lf[-1] else lf
            if not headed and known is None:
                doc.non_org.update(x.core for x in acrs)     # a topic: "Women, Peace and Security (WPS)"
                break
            parent = of_country = None
            if window is caps and not (k > 0 and window[k - 1].acr) and (country := _country_before(doc, lf[0])):
                lf = country + lf
                known = pl.known_org(doc.text[lf[0].start:lf[-1].end]) or known
                written = doc.text[country[0].start:country[-1].end]
                of_country = pl.country(written) or pl.demonym(written)
            if k > 0 and window[k - 1].acr and window[k - 1].core not in w.non_org_acronyms:
                parent = window[k - 1].core                  # "UNODC Regional Office ... (ROEA)"
                lf = [window[k - 1]] + lf
            s, e = lf[0].start, lf[-1].end
            surface = doc.text[s:e]
            if lf[-1].possessive:
                surface = surface[:-2]
            others = [x.core for x in acrs if x is not a]
            end = toks[j].end
            if known is None and (after := _country_after(doc, j)):
                # "the Institute of X (IX) Ruritania", "IX Ruritania" later: the country's own
                # body, also written with its country
                n, of_country = after
                end = toks[j + n].end
                others += [f"{a.core} {doc.text[toks[j + 1].start:end]}", doc.text[s:end]]
            found.append(OrgMention(s, end, surface, acronym=a.core, aliases=others,
                                    parent=parent, rule="org.acronym-definition", priority=0,
                                    possessive=lf[-1].possessive, known=known,
                                    kind=known.kind if known else None,
                                    country=known.country if known else of_country))
            break
        else:
            if lower and not caps and _lower_long_form(lower, acrs[0].core):
                doc.non_org.update(x.core for x in acrs)     # "public-private partnership (PPP)"
    return found + bracket_forms.region_units(doc, found) + bracket_forms.country_offices(doc, found)


def _head_before(window: list[Token], k: int) -> int:
    """A long form whose initials start inside a name ("Oficina de Asuntos Internacionales
    de Narcóticos ... (INL)", a translated name of an English acronym) starts at that
    name's head: the capitalised words before it, and those joined to them by "de"/"of",
    back to the furthest one that has a head. Without a head before, it starts at k."""
    best, j = k, k
    while True:
        i = j
        while i > 0 and window[i - 1].cap and not window[i - 1].acr and window[i - 1].low not in words().stop_caps:
            i -= 1
        if i < j and any(is_head(t) for t in window[i:j]):
            best = i
        if i >= 2 and window[i - 1].low in ("de", "del", "of", "for", "des", "du", "do", "da") and window[i - 2].cap:
            j = i - 1
            continue
        break
    return best if best < k and not is_head(window[k]) else k


def _country_after(doc: Doc, j: int) -> tuple[int, str] | None:
    """A country's name written right after a closing bracket at token j, ending the name."""
    toks, pl = doc.tokens, places()
    for n in (3, 2, 1):
        if j + n >= len(toks) or doc.text[toks[j].end:toks[j + 1].start] != " ":
            continue
        part = toks[j + 1:j + n + 1]
        if not all(x.cap for x in part) or any(doc.text[x.end:y.start] != " " for x, y in zip(part, part[1:])):
            continue
        country = pl.country(doc.text[part[0].start:part[-1].end])
        nxt = toks[j + n + 1] if j + n + 1 < len(toks) else None
        if country and not (nxt is not None and nxt.cap and doc.text[part[-1].end:nxt.start] == " "):
            return n, country
    return None


def _possessive_pair(doc: Doc, caps: list[Token], acrs: list[Token], end: int) -> list[OrgMention]:
    """"the X Department's Y Unit (XD/YU)": two bodies, the second a unit of
    the first, each with its own acronym ([] when the window is not so)."""
    if len(acrs) != 2 or not caps:
        return []
    k0 = doc.token_index(caps[0].start)
    if k0 == 0 or not doc.tokens[k0 - 1].possessive:
        return []                     # (the window stops at an owner's possessive: read it on)
    left, right = _window(doc, k0, lower=False), caps
    while left and left[0].s in words().stop_caps:
        left = left[1:]
    if not left or not left[-1].possessive:
        return []
    ka, kb = _long_form_start(left, acrs[0].core), _long_form_start(right, acrs[1].core)
    if ka is None or kb != 0 or not any(is_head(x) for x in left[ka:]) or not any(is_head(x) for x in right):
        return []
    owner = doc.text[left[ka].start:left[-1].end - 2]
    unit = doc.text[right[0].start:right[-1].end]
    return [OrgMention(left[ka].start, left[-1].end - 2, owner, acronym=acrs[0].core, rule="org.acronym-definition",
                       priority=0, known=places().known_org(owner)),
            OrgMention(right[0].start, end, unit, acronym=acrs[1].core, parent=owner,
                       rule="org.acronym-definition", priority=0, known=places().known_org(unit))]


def slash_pairs(doc: Doc) -> list[OrgMention]:
    """"OSCE/ODIHR": one organisation written with its parent's acronym, or
    two spellings of one body ("ACSRT/CAERT")."""
    toks, pl = doc.tokens, places()
    out = []
    for i in range(len(toks) - 2):
        a, slash, b = toks[i], toks[i + 1], toks[i + 2]
        if slash.s != "/" or not (a.acr and b.acr) or a.end != slash.start or slash.end != b.start:
            continue
        w = words()
        if {a.core, b.core} & (w.non_org_acronyms | doc.non_org):
            continue
        ka, kb = pl.known_org(a.core), pl.known_org(b.core)
        if ka and kb and ka.name != kb.name and kb.parent != ka.name and ka.parent != kb.name:
            continue                  # two different bodies: each is a bare acronym
        # "OSCE/ODIHR": the second is the body meant, the first its parent;
        # two spellings of one known body keep the first.
        same = bool(ka and kb and ka.name == kb.name)
        main, other = (a, b) if same else (b, a)
        out.append(OrgMention(a.start, b.end, main.core, acronym=main.core,
                              aliases=([other.core] if same else []) + [doc.text[a.start:b.end]],
                              parent=None if same else other.core,
                              known=pl.known_org(main.core), rule="org.acronym-pair", priority=1))
    return out


# "the ATA programme", "the HELP distance-learning course", "the STRIVE Global programme".
_PROGRAMME_AFTER = re.compile(r"[ \t]+(?:(?!(?:and|of|the|with|to|in|for|its|their|an?)\b)[A-Za-z][\w-]*[ \t]+){0,2}"
                              r"(?:programmes?|programs?|projects?|initiatives?|facility|curriculum|course|modules?)\b", re.I)


def bare(doc: Doc, blocked_spans: list[tuple[int, int]]) -> list[OrgMention]:
    """Upper-case words that are not topics, places, posts or project words."""
    w, pl = words(), places()
    blocked, shouted = Spans(blocked_spans), Spans(doc.caps_runs)
    out = []
    for t in doc.tokens:
        if not t.acr:
            continue
        word = t.core
        if shouted.contains(t.start) and pl.known_org(word) is None and f"({word})" not in doc.text:
            continue                  # "the NATIONAL POLICE SERVICE": words in capitals, not acronyms
        if (word in w.non_org_acronyms or word in doc.non_org or pl.country(word) or pl.city(word)
                or pl.region(word) or doc.in_caps_line(t.start)
                or (doc.dateline and doc.dateline[0] <= t.start < doc.dateline[1])
                or blocked.contains(t.start)):
            continue
        known = pl.known_org(word)
        defined = f"({word})" in doc.text
        if word.endswith("s") and known is None and not defined:
            continue                  # "NGOs", "MDAs": a class of bodies, not one
        if known is None and not defined and _PROGRAMME_AFTER.match(doc.text, t.end):
            continue                  # "the ATA programme": the programme's name
        if known is not None and known.ambiguous and f"({word})" not in doc.text:
            continue
        place = _place_after(doc, t) if known is None and not defined else 0
        if place:
            e = doc.tokens[doc.token_index(t.start) + place].end
            out.append(OrgMention(t.start, e, doc.text[t.start:e], rule="org.acronym-place", priority=3))
            continue                  # "EUCAP Somalia", "EUBAM Libya": a body named by its acronym and place
        out.append(OrgMention(t.start, t.start + len(word), word, rule="org.bare-acronym", priority=4,
                              known=known))
    return out


def _place_after(doc: Doc, t: Token) -> int:
    """Words after an unknown acronym that name a country, regions and then a
    country, or regions ("EUCAP Somalia", "EUCAP Sahel Mali", "HAKI Africa"); 0 if none."""
    pl, toks = places(), doc.tokens
    k = doc.token_index(t.start)
    j = k + 1                         # the words of one capitalised run after it
    while j < len(toks) and j <= k + 4 and toks[j].cap and doc.text[toks[j - 1].end:toks[j].start] == " ":
        j += 1
    words_ = [x.core for x in toks[k + 1:j]]
    n = 0
    while n < len(words_):
        c = pl.leading_place(words_[n:], countries_only=True)
        if c:
            return n + c if n + c == len(words_) else 0   # not "ATPU Kenya Police": a name goes on
        if not pl.region(words_[n]):
            return 0
        n += 1
    return n                          # "HAKI Africa", "EUCAP Sahel": a region alone ends it too
