"""Stage 4: organisation mentions.

Finders, strongest first: acronym definitions, acronym pairs, states as
actors, gazetteer names, coordinated ministry lists, the head-noun grammar
(:mod:`orgnames`), names in capitals (:mod:`capsnames`), bare acronyms. Overlaps are resolved by priority, then
length. Mentions in headlines count only if they are known or also written
in the body; a mention used as a modifier ("Security Council resolution")
is not an organisation of the event.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from . import acronyms, backrefs, capsnames, orgcontext, orgnames, states
from .chunks import is_connector, runs
from .doc import Doc, Spans
from .lexicon import words
from .mention import OrgMention
from .places import places

_LIST_ITEM_RE = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:&\s+)?[A-Z][\w’'-]*)*")


def find_org_mentions(doc: Doc) -> None:
    """Fill ``doc.mentions`` (persons' names are removed later by the person stage)."""
    blocked = Spans(doc.blocked)
    found: list[OrgMention] = []
    found += acronyms.definitions(doc)
    found += acronyms.slash_pairs(doc)
    found += states.state_mentions(doc)
    found += gazetteer_mentions(doc)
    found += coordinated_lists(doc)
    found += grammar_mentions(doc)
    found += capsnames.mark_caps_runs(doc)
    found += class_noun_names(doc)
    found += cause_names(doc)
    found += acronyms.bare(doc, doc.blocked)
    found = [m for m in found if not blocked.contains(m.start)]
    _start_with_known_names(doc, found)
    chosen = [m for m in select(found) if not _venue(m)]
    chosen = [m for m in chosen if not orgcontext.drop_as_modifier(doc, m) and not orgcontext.inside_title(doc, m)]
    chosen = orgcontext.trusted_in_headlines(doc, chosen)
    chosen = orgcontext.bracketed_names(doc, chosen)
    chosen = orgcontext.mark_parents(doc, chosen)
    orgcontext.quoted_namesakes(doc, chosen)
    orgcontext.affiliations(doc, chosen)
    chosen = sorted(chosen + backrefs.back_references(doc, chosen), key=lambda m: m.start)
    orgcontext.possessive_countries(doc, chosen)
    doc.set_mentions(chosen)


def _venue(m: OrgMention) -> bool:
    """"the Mulungushi International Conference Centre": a building, not a body."""
    low = m.surface.lower()
    return m.known is None and any(low.endswith(v) for v in words().venue_names)


def gazetteer_mentions(doc: Doc) -> list[OrgMention]:
    """Names and acronyms of well-known bodies, by token look-up."""
    pl, text = places(), doc.text
    out = []
    for t in doc.tokens:
        if not (t.cap or t.s[0] in "lLdD"):      # every known form starts with a capital
            continue
        lengths = pl.lengths_from(t.core)
        if not lengths:
            continue
        rest = text[t.start:t.start + 240].split(None, max(lengths))
        for n in sorted(lengths, reverse=True):
            if n > len(rest):
                continue
            cand = " ".join(rest[:n]).rstrip(",.;:)”\"’")
            if cand.endswith(("’s", "'s")):
                cand = cand[:-2]
            known = pl.known_org(cand)
            if known is None:
                continue
            e = t.start + _span_len(text, t.start, cand)
            if known.ambiguous and cand in known.acronyms and f"({cand})" not in text:
                break
            # (A longer name that starts with it, "UN Women Country Office", wins
            # by length; a document's name after it makes it a modifier.)
            section = _country_section(text, e, known)
            if section:
                out.append(OrgMention(t.start, section[0], text[t.start:section[0]], parent=known.name,
                                      kind=known.kind, country=section[1], rule="org.gazetteer-section",
                                      priority=2))
                break
            where = _country_after(text, e) if cand in known.acronyms and known.kind == "un" else None
            if where:
                # "UNICEF Mozambique", "UNDP Ghana": the agency, as named for its country office
                out.append(OrgMention(t.start, where[0], cand, known=known, kind=known.kind, acronym=cand,
                                      aliases=[text[t.start:where[0]]], rule="org.gazetteer", priority=2))
                break
            out.append(OrgMention(t.start, e, text[t.start:e], known=known, kind=known.kind,
                                  country=known.country, rule="org.gazetteer", priority=2,
                                  acronym=cand if cand in known.acronyms else None))
            break
    return out


_NEXT_WORDS = re.compile(r"[ \t]+([A-ZÀ-Þ][\w’'-]+)(?:[ \t]+([A-ZÀ-Þ][\w’'-]+))?")


def _country_section(text: str, end: int, known) -> tuple[int, str] | None:
    """(end, country) when an international NGO's name runs on into a country's
    ("Amnesty International Senegal", "Save the Children Nigeria"): its national section."""
    if known.kind != "ngo" or known.country:
        return None
    return _country_after(text, end)


def _country_after(text: str, end: int) -> tuple[int, str] | None:
    """(end, country) of a country's name written right after `end`."""
    m = _NEXT_WORDS.match(text, end)
    if not m:
        return None
    pl = places()
    for stop, surface in ((m.end(2), m.group(1) + " " + (m.group(2) or "")), (m.end(1), m.group(1))):
        country = pl.country(surface.strip()) if stop > 0 else None
        if country:
            return stop, country
    return None


# "the NGO Victim Support Network", "the think tank Coastal Futures", "l'ONG Valdor Droits":
# a class noun in lower case (or NGO) names what the capitalised words after it are.
_CLASS_NOUN = re.compile(
    r"\b(?:the\s+|l[’'])?(?:NGOs?|ONGs?|non-governmental\s+organi[sz]ations?|civil\s+society\s+organi[sz]ations?|"
    r"think[- ]tanks?|charity|charities|human\s+rights\s+organi[sz]ations?|association|foundation|fondation|"
    r"organisation\s+non\s+gouvernementale)[ \t]+"
    r"(?P<name>[A-ZÀ-Þ][\w’'-]+(?:[ \t]+(?:(?:of|for|on|and|&|de|du|des|pour|la|l[’'])[ \t]+)?[A-ZÀ-Þ][\w’'-]+){0,6})")


def class_noun_names(doc: Doc) -> list[OrgMention]:
    """Names a lower-case class noun introduces: "the NGO Victim Support Network"."""
    w, pl = words(), places()
    out = []
    for m in _CLASS_NOUN.finditer(doc.text, doc.content_start, doc.content_end):
        name = m.group("name")
        first = name.split()[0]
        if first in w.stop_caps or pl.country(name) or pl.city(name):
            continue
        out.append(OrgMention(m.start("name"), m.end("name"), name, rule="org.class-noun", priority=3))
    return out


@lru_cache(maxsize=4)
def _cause_name_re(w) -> re.Pattern:
    people = "|".join(sorted((p.capitalize() for p in w.cause_people), key=len, reverse=True))
    cap = r"[A-ZÀ-Þ][\w’'-]+"
    return re.compile(rf"(?<![\w-])(?P<name>(?:{cap}\s+){{0,2}}(?:{people})\s+(?:for|against|without|in)\s+(?:the\s+)?"
                      rf"{cap}(?:\s+(?:and\s+|of\s+|&\s+)?{cap}){{0,3}})")


def cause_names(doc: Doc) -> list[OrgMention]:
    """Bodies named for the people they gather and their cause: "Valdor Lawyers for Human Rights"."""
    w, out = words(), []
    for m in _cause_name_re(w).finditer(doc.text, doc.content_start, doc.content_end):
        s, name = m.start("name"), m.group("name")
        while name.split()[0] in w.stop_caps:
            first = name.split()[0]
            s += len(first) + 1
            name = doc.text[s:m.end("name")]
        out.append(OrgMention(s, m.end("name"), name, rule="org.cause-name", priority=3))
    return out


def _span_len(text: str, start: int, cand: str) -> int:
    """Length in ``text`` from ``start`` of ``cand`` whose spaces may be any whitespace run."""
    m = re.match(r"\s+".join(re.escape(p) for p in cand.split()), text[start:start + len(cand) * 2])
    return m.end() if m else len(cand)


def coordinated_lists(doc: Doc) -> list[OrgMention]:
    """"Ministries of A, of B ... and of Z" -> one "Ministry of X" per item."""
    heads = words().plural_heads
    rx = re.compile(
        r"\b(?P<head>" + "|".join(h.capitalize() for h in heads) + r")\s+(?:of|de|du|des)\s+"
        r"(?P<items>[A-Z][\w’'-]*(?:\s+(?:&\s+|and\s+(?=[A-Z][\w-]*\s+&))?[A-Z][\w’'-]*)*"
        r"(?:\s*,\s*(?:and\s+)?(?:of\s+)?[A-Z][\w’'-]*(?:\s+(?:&\s+)?[A-Z][\w’'-]*)*"
        r"|\s+and\s+(?:of\s+)?[A-Z][\w’'-]*(?:\s+(?:&\s+)?[A-Z][\w’'-]*)*)+)")
    out = []
    for m in rx.finditer(doc.text, 0, doc.content_end):
        head = heads[m.group("head").lower()]
        base = m.start("items")
        for k, im in enumerate(_LIST_ITEM_RE.finditer(m.group("items"))):
            s, e = base + im.start(), base + im.end()
            if k == 0:
                s = m.start()                  # evidence "Ministries of Agriculture"
            else:
                of = doc.text.rfind("of", m.start(), s)
                if of >= 0 and doc.text[of + 2:s].strip() == "":
                    s = of                     # evidence "of Communications"
            out.append(OrgMention(s, e, f"{head} of {im.group()}", rule="org.coordinated-list", priority=1))
    return out + _bodies_of_countries(doc, heads)


_CAPS = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"


@lru_cache(maxsize=4)
def _countries_list_re(plurals: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?P<head>" + "|".join(h.capitalize() for h in plurals) + r")\s+of\s+(?:the\s+)?"
                      r"(?P<topic>" + _CAPS + r")\s+(?:of|from|in)\s+(?:the\s+)?(?P<items>" + _CAPS +
                      r"(?:\s*,\s*(?:the\s+)?" + _CAPS + r")*\s*,?\s+and\s+(?:the\s+)?" + _CAPS + ")")


def _bodies_of_countries(doc: Doc, heads: dict) -> list[OrgMention]:
    """"Ministries of Justice of A, B and C" -> "Ministry of Justice of A", ... when
    every item is a country: one body per country."""
    pl = places()
    rx = _countries_list_re(tuple(sorted(heads)))
    out = []
    for m in rx.finditer(doc.text, 0, doc.content_end):
        items = list(_LIST_ITEM_RE.finditer(m.group("items")))
        if not all(pl.country(im.group()) for im in items):
            continue                   # "Ministries of Justice of the Police and ...": not a list of states
        head, topic, base = heads[m.group("head").lower()], m.group("topic"), m.start("items")
        for k, im in enumerate(items):
            s = m.start() if k == 0 else base + im.start()
            out.append(OrgMention(s, base + im.end(), f"{head} of {topic} of {im.group()}",
                                  rule="org.coordinated-list", priority=1, country=pl.country(im.group())))
    return out


_AREA_WORDS = frozenset("Zone Sector Area Circuit Division".split())
_INDEFINITE = frozenset("a an un une una uma".split())


def _generic(name) -> bool:
    """A name of generic words only: heads, post modifiers, words no name has."""
    w, pl = words(), places()
    if pl.known_org(" ".join(t.s for t in name)) or _country_in(name):
        return False
    return all(not t.cap or "-" in t.s or t.low in w.org_heads or t.low in w.role_modifiers
               or t.low in w.not_name_words for t in name if not is_connector(t)) and not any(t.acr for t in name)


_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th|e|er|ème|º|°)")


def grammar_mentions(doc: Doc) -> list[OrgMention]:
    """Names built around a head noun, with their parents and countries."""
    toks, text, pl, w = doc.tokens, doc.text, places(), words()
    out = []
    for i, j in runs(doc):
        for span in orgnames.parse_run(doc, i, j):
            out += _parent_body(doc, span)
            name = toks[span.start:span.end]
            s, e = name[0].start, name[-1].end
            before = toks[span.start - 1] if span.start > 0 else None
            if before is not None and _ORDINAL.fullmatch(before.s) and text[before.end:s] == " ":
                s = before.start      # "the 6th Infantry Division", "the 2nd Police Region"
            elif before is not None and before.s.isdigit() and len(before.s) <= 3 and span.start > 1 \
                    and text[before.end:s] == " " and toks[span.start - 2].s in (w.place_suffixes | _AREA_WORDS) \
                    and text[toks[span.start - 2].end:before.start] == " ":
                s = toks[span.start - 2].start   # "the Region 9 Court of Appeal": a numbered area's body
            if before is not None and before.s in _INDEFINITE and text[before.end:s] == " " and _generic(name):
                continue              # "a judge of an Anti-Terrorism Court": a kind of body, not one
            surface = text[s:e]
            if name[-1].possessive:
                surface = surface[:-2]
            elif surface[-1] in "’'´":
                surface = surface[:-1]      # a plural possessive: "the Committee of Ministers’"
            m = OrgMention(s, e, surface, rule=span.rule, priority=2)
            # A known body or an acronym in front is the parent: "UN Women
            # Country Office", "UNOCT Human Rights Unit".
            lead = name[0]
            prefix = _known_prefix(doc, name)
            if prefix:
                m.parent = prefix
            elif lead.acr and len(name) > 1 and lead.core not in w.non_org_acronyms and lead.core not in doc.non_org:
                m.parent = lead.core
            if span.parent:
                ps, pe = toks[span.parent[0]].start, toks[span.parent[1] - 1].end
                m.parent = text[ps:pe]
                if out and out[-1].rule == "org.parent-of-unit" and out[-1].end == e:
                    m.end = toks[_unit_end(doc, span) - 1].end      # the unit's own words
                    m.surface, m.parent = text[s:m.end], out[-1].surface
            # A possessive before the name: a parent body or a country ("Ruritania's Border Service").
            prev = toks[span.start - 1] if span.start > 0 else None
            if prev is not None and prev.possessive and text[prev.end:s].strip() == "":
                if pl.country(prev.core):
                    m.country = pl.country(prev.core)
                elif prev.acr or pl.known_org(prev.core):
                    m.parent = m.parent or prev.core
            m.country = m.country or _country_in(name)
            out.append(m)
    return out


def _unit_end(doc: Doc, span) -> int:
    """Token end of a sub-unit's own words, before "of the" + its parent."""
    k = span.parent[0]
    while k > span.start + 1 and is_connector(doc.tokens[k - 1]):
        k -= 1
    return k


def _parent_body(doc: Doc, span) -> list[OrgMention]:
    """"Head of the Legal Unit of the Ministry of Interior": in a post, the
    ministry is the body named (the unit counts only through it, see
    posts.py), so the unit's name stops before it. Only for a sub-unit head
    right after a post noun; elsewhere "X Unit of the Y" stays one name."""
    toks, w = doc.tokens, words()
    if not span.parent or not any(t.core.lower() in w.subunit_heads for t in toks[span.start:_unit_end(doc, span)]):
        return []
    k = span.start
    while k > 0 and is_connector(toks[k - 1]):
        k -= 1
    if k == span.start or k == 0 or toks[k - 1].low not in w.role_heads:
        return []
    ps, pe = toks[span.parent[0]].start, toks[span.end - 1].end
    surface = doc.text[ps:pe]
    if toks[span.end - 1].possessive:
        surface = surface[:-2]
    return [OrgMention(ps, pe, surface, rule="org.parent-of-unit", priority=2,
                       country=_country_in(toks[span.parent[0]:span.end]))]


def _known_prefix(doc: Doc, name) -> str | None:
    """The longest known body whose name starts ``name`` (shorter than it)."""
    pl = places()
    for n in range(len(name) - 1, 1, -1):
        k = pl.known_org(doc.text[name[0].start:name[n - 1].end])
        if k is not None:
            return k.name
    return None


def _country_in(name) -> str | None:
    """The country a national body's name states: "Nigeria Police", "Iraqi
    Integrity Commission", "Ministry of Justice of Mali"."""
    pl = places()
    for i, t in enumerate(name):
        if not t.cap:
            continue
        # The longest country name starting here ("Sri Lanka", "Países Bajos"), else a demonym.
        for n in (3, 2):
            if i + n <= len(name) and all(x.cap for x in name[i:i + n]):
                c = pl.country(" ".join(x.core for x in name[i:i + n]))
                if c:
                    return c
        core = t.core.rstrip("’'´")
        c = pl.demonym(core) or pl.country(core)
        if c:
            return c
    return None


def _start_with_known_names(doc: Doc, found: list[OrgMention]) -> None:
    """A grammar name that begins inside a known name begins where it does:
    "the Peace and Security Council of the African Union" is not "Security
    Council of the African Union" with the UN's Security Council as parent."""
    known = [m for m in found if m.rule == "org.gazetteer" and " " in m.surface]
    for m in found:
        if not m.rule.startswith(("org.head", "org.located", "org.romance")):
            continue
        for g in known:
            if g.start < m.start < g.end <= m.end and doc.text[g.start:g.end].endswith(
                    doc.text[m.start:g.end]):
                m.start, m.surface, m.parent = g.start, doc.text[g.start:m.start] + m.surface, None
                break


def select(mentions: list[OrgMention]) -> list[OrgMention]:
    """Resolve overlaps: by priority, then longer first; a parent mention
    may sit inside the mention it was found in."""
    chosen: list[OrgMention] = []
    starts: list[int] = []
    for m in sorted(mentions, key=lambda m: (m.priority, -(m.end - m.start), m.start)):
        i = bisect_right(starts, m.start)
        neighbours = chosen[max(0, i - 8):i + 8]
        clash = [c for c in neighbours if m.start < c.end and c.start < m.end]
        if any(not (m.nested_in and c.start <= m.nested_in[0] and m.nested_in[1] <= c.end) for c in clash):
            continue
        chosen.insert(i, m)
        starts.insert(i, m.start)
    return chosen
