"""Where an event took place: its town and country (part of stage 5, events).

Nearest evidence first: the dating sentence (without a dateline it opens
with), the dateline, the other sentences of the body, the title. A town is
read from "in/at/à X" and "X, Country", from the name of the body the event is
held at ("à l'Institut royal de police de Kénitra") or a Romance venue named
with its town ("en el Hotel X de Quito"); a town inside another body's name
("the Royal Danish Embassy in Nairobi") or after "based in" is no venue; an
online event has no town of its own.
"""

from __future__ import annotations

import re

from .doc import Doc
from .lexicon import words
from .places import places

NOT_VENUE = re.compile(
    r"\b(?:based|headquartered|located|seated|established|registered|basée?s?|située?s?|installée?s?)\s+(?:in|at|à|au|en)\s+$"
    r"|\b(?:from|de|des|du|venus?\s+de)\s+$", re.I)
PLACE_WORD = r"[A-ZÀ-Þ](?:[^\W\d_]|[’'-])+"
_CITY_COUNTRY_RE = re.compile(rf"(?<![\w-])({PLACE_WORD}(?:[ \t]+{PLACE_WORD}){{0,2}}),[ \t]+({PLACE_WORD}(?:[ \t]+(?:and[ \t]+)?{PLACE_WORD})*)")
# (a study visit's destination too: "visited Rabat", "a visit to Rabat", "s'est rendue à Rabat")
_IN_PLACE_RE = re.compile(rf"\b(?:[Ii]n|[Aa]t|à|au|en|em|de|city\s+of|ville\s+de|visited|visiting|visits?\s+to)"
                          # ("Ciudad de Panamá", "Santa Cruz de la Sierra": a Romance place name's "de")
                          rf"[ \t]+(?:the[ \t]+)?({PLACE_WORD}(?:[ \t]+(?:(?:de|del|de[ \t]+la|do|da|dos)[ \t]+)?{PLACE_WORD}){{0,2}})")


def city_country(scope: str) -> tuple[str, str] | None:
    """"Baghdad, Iraq" where the first part is a city or not itself a country or an organisation."""
    pl, w = places(), words()
    for m in _CITY_COUNTRY_RE.finditer(scope):
        city, tail = m.group(1), m.group(2)
        tail_words = tail.split()
        n = pl.leading_place(tail_words, countries_only=True)
        if not n:
            continue
        country = pl.country(" ".join(tail_words[:n]))
        parts = city.split()
        while parts and (parts[0] in w.stop_caps):
            parts = parts[1:]
        city = " ".join(parts)
        # An unknown town passes only where a place is expected: a line start
        # or "in/at ...", not "the Department of Immigration and Emigration, Sri Lanka".
        placed = m.start() == 0 or scope[m.start() - 1] == "\n" or _PLACE_BEFORE.search(scope, max(0, m.start() - 20), m.start())
        if (city and not pl.country(city) and not pl.region(city)
                and not any(p in w.stop_caps or p.lower() in w.org_heads for p in parts)
                and (pl.city(city, strict=False) or (len(parts) <= 2 and placed))):
            return city, country
    return None


# What may stand before an unknown "Town, Country": "in", "at", or a date ("... 2018 Attard, Malta").
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|à|en|em|near|city\s+of|town\s+of)\s+(?:the\s+)?|\d\s+|[–—-]\s+)$", re.I)
ONLINE = re.compile(r"\b(?:webinar|online|virtual|virtually|videoconference|video\s+conference|en\s+ligne|visioconférence|webinaire)\b", re.I)


def in_city(scope: str, dateline: str | None = None, fallback: bool = True) -> tuple[str, str | None] | None:
    """"in Baghdad": a known city, or the dateline's own place ("in Valmora"); with
    ``fallback``, a town only named as the first word of a venue's or body's name."""
    pl, named_after = places(), None
    for m in _IN_PLACE_RE.finditer(scope):
        if NOT_VENUE.search(scope[max(0, m.start() - 30):m.start() + len(m.group().split()[0]) + 1]):
            continue
        parts = m.group(1).split()
        longer = _NAME_GOES_ON.match(scope, m.end())
        for n in range(len(parts), 0, -1):
            cand = " ".join(parts[:n])
            country = pl.town(cand)
            if country:
                if n < len(parts) and parts[n] == "City":
                    cand += " City"       # "in Davao City": the city's own name
                elif n < len(parts) or longer:
                    # "at the Warwick Le Lagon Resort in Port Vila": a venue's name; its town
                    # only if no other is named ("at the Nairobi Serena Hotel")
                    named_after = named_after or (cand, country)
                    break
                return cand, country
            if dateline and cand.lower() == dateline.lower():
                return cand, pl.city(cand, strict=False)
    return named_after if fallback else None


# After a town's name, more of a proper name: the town names a venue or a body.
_NAME_GOES_ON = re.compile(r"[ \t]+(?:(?:de|of|do|da|du|des|del|la|le)[ \t]+)?[A-ZÀ-Þ][a-zà-ÿ]")
_UNLISTED = re.compile(r"\b(?:in|at|à)[ \t]+((?:[A-ZÀ-Þ][\w’'-]+)(?:[ \t-][A-ZÀ-Þ][\w’'-]+)?)(?=[ \t]*(?:,|\.|;|$|\(|[ \t]+(?:on|from|in|du|le|les|en|au)\b))")


_TOWN_INSIDE = re.compile(r"\s(?:in|en|à)\s+[A-ZÀ-Þ]")


def _without_located_names(doc: Doc) -> str:
    """The text with the names of bodies that hold a town blanked out ("funding from the
    Royal Danish Embassy in Nairobi" names no venue); the event held at such a body
    gets its town from `_venue_town`."""
    text = doc.text[:doc.content_end]
    spans = [(m.start, m.end) for m in doc.mentions if m.end <= len(text) and _TOWN_INSIDE.search(m.surface)]
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


_AT_BODY = re.compile(r"(?:\bà\s+(?:l[’']\s*|la\s+|le\s+)?|\bau\s+|\bat\s+(?:the\s+)?|\ben\s+(?:la|el)\s+)\Z", re.I)
_TOWN_ENDS_NAME = re.compile(r"\s(?:de|du|del|of|in|en|à)\s+((?:[A-ZÀ-Þ][\w’'-]+)(?:[ \t-][A-ZÀ-Þ][\w’'-]+)?)\Z")


def _venue_town(doc: Doc, s: int, e: int) -> tuple[str, str | None] | None:
    """The town that ends the name of the body the event is held at ("ont suivi, du 27 au
    29 mai, à l'Institut royal de police de Kénitra, un séminaire"): its town."""
    pl = places()
    for m in doc.mentions_in(s, e):
        if not _AT_BODY.search(doc.text, max(s, m.start - 12), m.start):
            continue
        town = _TOWN_ENDS_NAME.search(m.surface)
        name = town.group(1) if town else None
        if name and not (pl.country(name) or pl.region(name) or pl.known_org(name)):
            return name, pl.town(name)    # (a town no gazetteer lists too: "... in Chișinău")
    for v in _VENUE_OF_TOWN.finditer(doc.text, s, e):
        if pl.town(v.group(1)) and not pl.country(v.group(1)):
            return v.group(1), pl.town(v.group(1))   # "en el Hotel Casa Real de Quito", "à l'hôtel X de Bamako"
    for v in _VENUE_COMMA_TOWN.finditer(doc.text, s, e):
        if pl.town(v.group(1)) and not pl.country(v.group(1)):
            return v.group(1), pl.town(v.group(1))   # "at Parliament House, Canberra, on 13 November"
    return None


# A venue, then its town after a comma: "held at Parliament House, Canberra, on ...".
_VENUE_COMMA_TOWN = re.compile(r"\b(?:at|à|en)\s+(?:the\s+|l[’']|la\s+|el\s+)?[A-ZÀ-Þ][\w’'-]*(?:[ \t]+(?:of[ \t]+|de[ \t]+)?"
                               r"[A-ZÀ-Þ][\w’'-]*){0,5},[ \t]+([A-ZÀ-Þ][\w’'-]+(?:[ \t][A-ZÀ-Þ][\w’'-]+)?)"
                               r"(?=[ \t]*(?:,|\.|;|$|\(|[ \t]+(?:on|from|in|du|le|les|el|del|au|to)\b))")


# A Romance venue named with its town: "en el Hotel X de Quito", "à l'hôtel Y de Bamako".
_VENUE_OF_TOWN = re.compile(r"\b(?:en\s+el|en\s+la|à\s+l[’']|au|dans\s+la)\s*(?:hotel|hôtel|palacio|palais|salle|auditorio|"
                            r"centro\s+de\s+convenciones|centre\s+de\s+conférences)\b[^,.;\n]{0,40}?\s(?:de|del|à)\s+"
                            r"([A-ZÀ-Þ][\w’'-]+(?:[ \t][A-ZÀ-Þ][\w’'-]+)?)", re.I)


def unlisted_place(doc: Doc, s: int, e: int) -> tuple[str, str | None] | None:
    """A town no gazetteer lists, written as the place of the dated event
    ("organized ... on 12 June 2019 in Cholpon-Ata, on the shore of ..."):
    "in X" in the dating sentence, X not a country, body, month or topic."""
    pl, w = places(), words()
    mentions = [(m.start, m.end) for m in doc.mentions_in(s, e)]
    mentions += [pj.span for pj in doc.projects]
    for m in _UNLISTED.finditer(doc.text, s, e):
        cand = m.group(1)
        parts = re.split(r"[ \t-]", cand)
        if (pl.country(cand) or pl.region(cand) or pl.known_org(cand)
                or any(ms <= m.start(1) < me for ms, me in mentions)
                or _title_word_before(doc, s, m.start())
                or any(p in w.stop_caps or p.lower() in w.org_heads or p.lower() in w.title_nouns
                       or p.lower() in w.not_name_words or p.lower() in _MONTH_WORDS for p in parts)):
            continue
        return cand, None
    return None


# "... Violent Extremism in Prisons": a capitalised word right before "in" makes it a title's own word.
_TITLE_WORD_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b(?!(?:It|This|That|The|They|We|He|She)\b)[A-Z][a-z][\w’'-]*[ \t]+\Z")

def _title_word_before(doc: Doc, s: int, pos: int) -> bool:
    """A capitalised word before "in" that ends no body's name: a title goes on
    ("... Extremism in Prisons"); after a body it is the body's town
    ("the Police Academy in Kitale")."""
    m = _TITLE_WORD_BEFORE.search(doc.text, max(s, pos - 40), pos)
    if m is None:
        return False
    word_end = m.end() - (len(m.group()) - len(m.group().rstrip()))
    return not any(om.end == word_end for om in doc.mentions_in(max(s, pos - 200), pos))


_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december", "janvier", "février", "mars", "avril", "mai", "juin",
                "juillet", "août", "septembre", "octobre", "novembre", "décembre"}


def event_place(doc: Doc, ev_sent) -> tuple[str | None, str | None]:
    """City and country of the event, nearest evidence first; an online event
    has no city of its own (its dateline is where the release was written)."""
    from .events import _background     # (events imports this module)
    text, pl = _without_located_names(doc), places()
    body = (doc.title_span[1], doc.content_end)
    scopes: list[tuple[int, int]] = []
    if ev_sent:
        # The dating sentence without the dateline it may open with.
        start = doc.dateline[1] if doc.dateline and ev_sent[0] <= doc.dateline[0] < ev_sent[1] else ev_sent[0]
        scopes.append((start, ev_sent[1]))
        if ONLINE.search(text, ev_sent[0], ev_sent[1]):
            found = city_country(text[start:ev_sent[1]]) or in_city(text[start:ev_sent[1]])
            return found if found else (None, None)
    if doc.dateline:
        scopes.append(doc.sentence_of(doc.dateline[0]))
    scopes += [s for s in doc.sents if s[0] >= body[0] and not _background(doc, s[0])]
    scopes.append(doc.title_span)         # "... dialogue held in Garissa"
    dl = text[doc.dateline[0]:doc.dateline[1]] if doc.dateline else None
    for k, (s, e) in enumerate(scopes):
        found = city_country(text[s:e]) or in_city(text[s:e], dl, fallback=False) or _venue_town(doc, s, e)
        if found:
            return found
        if k == 0 and ev_sent:
            found = unlisted_place(doc, s, e)     # "held on 12 June in Cholpon-Ata"
            if found:
                return found
        if doc.dateline and s <= doc.dateline[0] < e:
            # The dateline's place, known to the gazetteer or not ("ISSYK-KUL, 13 August ...").
            city = text[doc.dateline[0]:doc.dateline[1]]
            name = "-".join(p.capitalize() for p in city.split("-")) if city.isupper() else city
            return name, pl.city(city, strict=False)
    for s, e in scopes:
        found = in_city(text[s:e], dl)   # "at the Nairobi Serena Hotel", no other town named
        if found:
            return found
    for s, e in scopes:
        for m in _IN_PLACE_RE.finditer(text, s, e):
            words_ = m.group(1).split()
            n = pl.leading_place(words_, countries_only=True)
            if n:
                return None, pl.country(" ".join(words_[:n]))
    return None, None
