"""States as actors: "the government of Norway", "the Danish government",
"par le gouvernement du Canada", "Gouvernements italien et nigérien",
"the Albanian authorities", and a country named where a cue expects an
actor ("funded by Canada").

"Government" modifying a class noun ("Iraqi Government Ministries",
"Government of Iraq Ministries") is not a state actor: the ministries are.
"""

from __future__ import annotations

import re

from .doc import Doc
from .lexicon import cues
from .mention import OrgMention
from .places import places

_PLACE_WORD = r"[A-ZÀ-Þ][\w’'-]*(?:\s+(?:and\s+|of\s+|the\s+)?[A-ZÀ-Þ][\w’'-]*){0,4}"
_GOV_OF = re.compile(
    rf"\b(?P<gov>[Gg]overnments?|GOVERNMENT)\s+of\s+(?:the\s+)?(?P<place>{_PLACE_WORD})")
# (with "Royal"/"Federal" before the adjective: "the Royal Thai Government")
_ADJ_GOV = re.compile(r"\b(?:(?:Royal|Federal|Imperial)\s+)?(?P<adj>[A-ZÀ-Þ][\w’'-]+)\s+(?P<gov>[Gg]overnment)\b")
_GOUV_DE = re.compile(
    rf"\b(?P<gov>[Gg]ouvernements?)\s+(?:du|de\s+la|de\s+l[’']|de|des|d[’'])\s*(?P<place>{_PLACE_WORD})")
_GOB_DE = re.compile(
    rf"\b(?P<gov>[Gg]obiernos?)\s+(?:de\s+los|de\s+las|de\s+la|del|de)\s+(?P<place>{_PLACE_WORD})")
_GOV_PT = re.compile(
    rf"\b(?P<gov>[Gg]overnos?)\s+(?:do|da|dos|das|de)\s+(?P<place>{_PLACE_WORD})")
_GOUV_ADJ = re.compile(
    r"\b(?P<gov>[Gg]ouvernements?)\s+(?P<adj>[a-zà-ÿ][\w’'-]+)(?:\s+et\s+(?P<adj2>[a-zà-ÿ][\w’'-]+))?")
_ADJ_FUNDED = re.compile(r"\b(?P<adj>[A-ZÀ-Þ][\w’']+)(?=[-‐](?:funded|financed|sponsored|supported)\b)")
_AUTHORITIES = re.compile(
    r"\b(?:the|les)\s+(?P<adj>[A-ZÀ-Þ][\w’'-]+)(?P<mid>\s+(?:state|national|federal|central|government|governmental))?\s+(?P<gov>authorities)\b"
    r"|\b(?P<gov2>autorités)\s+(?P<adj2>[a-zà-ÿ][\w’'-]+)")


def _country_prefix(words: str) -> tuple[str, str] | None:
    """The longest leading country name of ``words``: (as written, canonical)."""
    pl = places()
    parts = words.split()
    for n in range(len(parts), 0, -1):
        cand = " ".join(parts[:n])
        c = pl.country(cand)
        if c:
            return cand, c
        if cand.endswith(("’s", "'s")) and pl.country(cand[:-2]):
            return cand[:-2], pl.country(cand[:-2])      # "Canada's Programme": the state owns it
    return None


def _followed_by_noun(doc: Doc, pos: int) -> bool:
    """A capitalised word right after ``pos``: the phrase modifies it."""
    return bool(re.match(r"[ \t]+[A-Z][a-z]", doc.text[pos:pos + 3]))


def state_mentions(doc: Doc) -> list[OrgMention]:
    text, end, pl = doc.text, doc.content_end, places()
    out: list[OrgMention] = []

    def add(s, e, surface, country, rule):
        out.append(OrgMention(s, e, surface, aliases=[country], kind="state", country=country,
                              rule=rule, priority=1))

    for m in _GOV_OF.finditer(text, 0, end):
        if m.group("gov").lower() == "governments":
            out.extend(_governments_of(doc, m.start("place"), m.start("gov")))
            continue
        found = _country_prefix(m.group("place"))
        if not found:
            continue
        e = m.start("place") + len(found[0])
        if not _followed_by_noun(doc, e):
            written = text[m.end("gov"):e].lstrip()          # "of the Federal Republic of Germany"
            add(m.start("gov"), e, f"Government {written}", found[1], "state.government-of")
    for m in _ADJ_GOV.finditer(text, 0, end):
        country = pl.demonym(m.group("adj")) or pl.country(m.group("adj"))
        if country and not _followed_by_noun(doc, m.end()):
            add(m.start(), m.end(), m.group(), country, "state.adjective-government")
    for rx, rule in ((_GOUV_DE, "state.gouvernement-de"), (_GOB_DE, "state.gobierno-de"), (_GOV_PT, "state.governo-de")):
        for m in rx.finditer(text, 0, end):
            # (official Romance names keep lower-case words: "République fédérale d'Allemagne")
            long = _COUNTRY_WORDS.match(text, m.start("place"), end)
            found = (_country_prefix(long.group(1)) if long else None) or _country_prefix(m.group("place"))
            if found:
                e = m.start("place") + len(found[0])
                add(m.start("gov"), e, text[m.start("gov"):e], found[1], rule)
    for m in _GOUV_ADJ.finditer(text, 0, end):
        for g in ("adj", "adj2"):
            adj = m.group(g)
            country = pl.demonym(adj) if adj else None
            if country:
                head = "Gouvernement" if m.group("gov")[0].isupper() else "gouvernement"
                s = m.start("gov") if g == "adj" else m.start(g)
                add(s, m.end(g), f"{head} {adj}", country, "state.gouvernement-adjective")
    for m in _ADJ_FUNDED.finditer(text, 0, end):
        country = pl.demonym(m.group("adj")) or pl.country(m.group("adj"))
        if country:                  # "a Japanese-funded programme": the state funds it
            add(m.start("adj"), m.end("adj"), country, country, "state.adjective-funded")
    for m in _AUTHORITIES.finditer(text, 0, end):
        adj = m.group("adj") or m.group("adj2")
        country = pl.demonym(adj) or pl.country(adj)
        if country:
            s = m.start("adj") if m.group("adj") else m.start("gov2")
            add(s, m.end(), text[s:m.end()], country, "state.authorities")
    out.extend(_countries_after_cues(doc))
    out.extend(_countries_before_cues(doc))
    return out


# A country's name as an item: capitalised words, and in French lower-case
# adjectives too, since official French names keep them ("Confédération
# suisse", "République fédérale d'Allemagne"); the gazetteer then takes the
# longest leading name it knows. A French item after "et" keeps its article
# ("... et du Royaume des Pays-Bas").
_COUNTRY_WORDS = re.compile(
    r"[ \t]*(?:the[ \t]+|le[ \t]+|la[ \t]+|l[’']|du[ \t]+|de[ \t]+la[ \t]+|de[ \t]+l[’']|des[ \t]+|de[ \t]+los[ \t]+|de[ \t]+las[ \t]+|de[ \t]+|d[’']|del[ \t]+|el[ \t]+|los[ \t]+|las[ \t]+)?([A-ZÀ-Þ][\w’'-]*(?:[ \t]+(?:of[ \t]+the[ \t]+|of[ \t]+|and[ \t]+|des[ \t]+|de[ \t]+la[ \t]+|de[ \t]+l[’']|du[ \t]+|de[ \t]+|d[’'])?(?:[A-ZÀ-Þ][\w’'-]*|[a-zà-ÿ][a-zà-ÿ-]+(?=[ \t]+d[’'][A-ZÀ-Þ]|[ \t]*$|[ \t]*[,.;)]))){0,4})")


def _countries_after_cues(doc: Doc) -> list[OrgMention]:
    """"funded by Canada", "with the support of Norad and Sweden": countries
    among the items of the list a cue opens."""
    text = doc.text
    out = []
    for cue in cues():
        if not cue.states or cue.reach not in ("after", "next"):
            continue
        for m in doc.cue_matches(cue):
            stop = _LIST_END.search(text, m.end(), min(doc.content_end, m.end() + 200))
            end = stop.start() if stop else min(doc.content_end, m.end() + 200)
            for k, item in enumerate(_ITEM.finditer(text, m.end(), end)):
                if k and _NOT_AN_ITEM.match(item.group(1)):
                    break             # ", reunió a 55 funcionarios de ...": the list has ended
                pm = _COUNTRY_WORDS.match(text, item.start(1), item.end(1))
                found = _country_prefix(pm.group(1)) if pm else None
                if not found:
                    continue
                s = pm.start(1)
                e = s + len(found[0])
                if _followed_by_noun(doc, e) or re.match(r"[’']s\b", text[e:e + 2]):
                    continue
                out.append(OrgMention(s, e, found[0], aliases=[found[1]], kind="state", country=found[1],
                                      rule=f"state.after-cue:{cue.name}", priority=1))
    return out


def _governments_of(doc: Doc, start: int, gov: int | None = None) -> list[OrgMention]:
    """"the Governments of A, B and C": the government of each country listed (the
    first one's span starts at ``gov``, so a cue before "the governments" reaches the list)."""
    text = doc.text
    stop = _LIST_END.search(text, start, min(doc.content_end, start + 300))
    end = stop.start() if stop else min(doc.content_end, start + 300)
    out = []
    for item in _ITEM.finditer(text, start, end):
        pm = _COUNTRY_WORDS.match(text, item.start(1), item.end(1))
        found = _country_prefix(pm.group(1)) if pm else None
        if not found:
            break                     # the list of countries has ended
        s = pm.start(1)
        out.append(OrgMention(gov if gov is not None and not out else s, s + len(found[0]),
                              f"Government of {found[0]}", aliases=[found[1]], kind="state",
                              country=found[1], rule="state.governments-of", priority=1))
    return out


def _countries_before_cues(doc: Doc) -> list[OrgMention]:
    """"Japan and Qatar provided funding": countries in the list of subjects
    right before a subject cue that reads states."""
    text = doc.text
    out = []
    for cue in cues():
        if not cue.states or cue.reach != "subject":
            continue
        for m in doc.cue_matches(cue):
            start = doc.subject_list_start(m.start())
            for item in _ITEM.finditer(text, start, m.start()):
                art = _SUBJECT_ARTICLE.match(text, item.start(1))   # "The Netherlands", "La Suisse", "El Japón"
                at = art.end() if art else item.start(1)
                pm = _COUNTRY_WORDS.match(text, at, item.end(1))
                found = _country_prefix(pm.group(1)) if pm else None
                if found and not _followed_by_noun(doc, pm.start(1) + len(found[0])):
                    s = pm.start(1)
                    out.append(OrgMention(s, s + len(found[0]), found[0], aliases=[found[1]], kind="state",
                                          country=found[1], rule=f"state.before-cue:{cue.name}", priority=1))
    return out


_SUBJECT_ARTICLE = re.compile(r"(?:The|La|Le|Les|El|Los|Las|L[’'])\s*(?=[A-ZÀ-Þ])")
# The list a cue opens ends at a full stop, semicolon or a verb-like lower-case word.
_LIST_END = re.compile(r"[.;:]|\b(?:which|who|that|to|is|are|was|were|has|have|will|in|on|at|for|from|qui|pour)\b")
# An item that starts with a lower-case word other than an article is a clause, not a name.
_NOT_AN_ITEM = re.compile(r"(?!(?:the|le|la|les|l[’']|du|de|des|d[’']|del|el|los|las|y|and|et)\b)[a-zà-ÿ]")
# One item of it: text between commas and "and"/"et".
_ITEM = re.compile(r"\s*(?:,\s*)?(?:\band\s+|\bet\s+)?((?:(?!,|\band\b|\bet\b).)+)")
