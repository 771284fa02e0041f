"""Stage 7b: the events an article names besides its main one.

A series ("the first workshop took place in A on 5 June, a second in B"),
a follow-up meeting, a planned next session ("une deuxième session se
tiendra du 3 au 5 mai à B"), an earlier workshop the event builds on. Each
mention is an event noun marked by a sequence word, an event verb or a day
date (vocabulary: ``patterns/events.yaml``); a sentence is cut into clauses
where a marked mention starts, and each mention takes the date, place and
participant count of its own clause, never the main event's. Mentions with
the same dates, or no date and the same place, are one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .doc import Doc
from .eventplaces import NOT_VENUE, PLACE_WORD, city_country, in_city, unlisted_place
from .events import EventFrame, _count_in, _event_type_compiled, dates_in, event_words
from .lexicon import words
from .places import places

__all__ = ["further_events"]


@dataclass(frozen=True)
class _Vocab:
    nouns: re.Pattern          # an event noun
    anchor: re.Pattern         # a marked mention: marker + noun, or an ordinal standing for one
    verb: re.Pattern
    noun_place: re.Pattern     # "l'atelier de Niamey", "the workshop in Osh"
    bare: frozenset            # session nouns that are not event types
    not_event: re.Pattern      # "trials ... at their second session"


def _alt(items) -> str:
    return "|".join(re.escape(str(i)).replace(r"\ ", r"\s+") for i in sorted(set(items), key=len, reverse=True))


@lru_cache(maxsize=4)
def _vocab(w) -> _Vocab:
    raw = event_words()
    nouns = _alt([p for p, _ in w.event_types] + raw["session_nouns"])
    markers, ords = _alt(raw["sequence_markers"]), _alt(raw["elliptic_ordinals"])
    anchor = re.compile(
        rf"(?<![\w-])(?:(?P<marker>{markers})(?:\s+[\w’'-]+){{0,3}}?\s+(?P<noun>{nouns})s?\b"
        # "... and the second in B", "the first was held in C".
        rf"|(?:the|la|le|a|an|une|un)\s+(?P<ord>{ords})(?=\s*,?\s*(?:in|at|on|from|à|au|en|du|le|one|"
        rf"was|were|took|will|is|s[’']est|se|a|aura|held|organi[sz]ed|conducted|organisée?|tenue?|réalisée?|"
        rf"prévue?)\b)"
        # "builds on a workshop held in A", "après l'atelier de B".
        rf"|(?:{_alt(raw['background_cues'])})\s+(?:(?:the|a|an|its|their|l[’']|le|la|les|un|une|du|des)\s*)?"
        rf"(?:[\w’'-]+\s+){{0,2}}?(?P<noun2>{nouns})s?\b)", re.I)
    types = {str(p).lower() for p, _ in w.event_types}
    return _Vocab(nouns=re.compile(rf"(?<![\w-])(?:{nouns})s?\b", re.I), anchor=anchor,
                  verb=re.compile(rf"(?<![\w-])(?:{_alt(raw['event_verbs'])})(?![\w-])", re.I),
                  noun_place=re.compile(rf"(?<![\w-])(?i:{nouns})s?\s+(?i:de|d[’']|in|at|à)\s*({PLACE_WORD}(?:[ \t]+{PLACE_WORD}){{0,2}})",
                                        ),
                  bare=frozenset(str(n).lower() for n in raw["session_nouns"] if str(n).lower() not in types),
                  not_event=re.compile(rf"(?<![\w-])(?:{_alt(raw['not_event_contexts'])})(?![\w-])", re.I))


@dataclass
class _Mention:
    span: tuple[int, int]          # the clause
    sentence: tuple[int, int]
    phrase: str                    # "second workshop", "the first"
    marked: bool
    start: object = None
    end: object = None
    date_text: str | None = None
    place: str | None = None
    country: str | None = None
    count: int | None = None
    count_at: int | None = None


def further_events(doc: Doc, main: EventFrame) -> list[EventFrame]:
    """The other events of the article, in text order (see the module docstring)."""
    v = _vocab(words())
    frames = [main]
    for m in _mentions(doc, v, main):
        same = next((f for f in frames if _same_event(f, m)), None)
        if same is not None:
            if same is not main:             # fill what the first mention did not say
                same.place, same.country = same.place or m.place, same.country or m.country
                if same.participants_count is None and m.count is not None:
                    same.participants_count, same.count_at, same.count_sentence = m.count, m.count_at, m.sentence
            continue
        frames.append(_frame(doc, main, m, len(frames) + 1))
    return frames[1:]


def _mentions(doc: Doc, v: _Vocab, main: EventFrame):
    text = doc.text
    for ss, se in doc.sents:
        if doc.in_title(ss) or ss < doc.title_span[1] or ss >= doc.content_end:
            continue
        for cs, ce, phrase, marked in _clauses(text, ss, se, v):
            if main.date_at is not None and cs <= main.date_at < ce:
                continue                     # the main event's own clause
            m = _read_clause(doc, v, (cs, ce), (ss, se), phrase, marked)
            if m is not None:
                yield m


def _clauses(text: str, ss: int, se: int, v: _Vocab):
    """(start, end, phrase, marked) of the clauses of a sentence: a new clause
    starts at each marked mention and after a semicolon; a leading part with
    no event noun ("On 5 June, ...") joins the next clause."""
    bounds = sorted([(a.start(), a.group(), True) for a in v.anchor.finditer(text, ss, se)]
                    + [(ss + m.end(), "", False) for m in re.finditer(";", text[ss:se])])
    if not bounds or bounds[0][0] > ss:
        bounds.insert(0, (ss, "", False))
    out = []
    for k, (s, phrase, marked) in enumerate(bounds):
        e = bounds[k + 1][0] if k + 1 < len(bounds) else se
        if k == 0 and not marked and not v.nouns.search(text, s, e) and len(bounds) > 1:
            nxt = bounds[1]
            bounds[1] = (s, nxt[1], nxt[2])    # "On 5 June, the first workshop ..."
            continue
        out += _list_items(text, s, e, phrase, marked)
    return out


# Where a list of venues goes on: ", in B on ...", " and in C", ", puis à D".
_JOINT = re.compile(r"(?:\s*,\s*(?:and\s+|et\s+|then\s+|puis\s+)?|\s+(?:and|et)\s+(?:then\s+|puis\s+)?)"
                    r"(?=(?:(?:in|at|à|en)\s+)?[A-ZÀ-Þ])")


_VENUE = re.compile(r"\b(?:in|at|à|en)\s+[A-ZÀ-Þ]")


def _leading_city(scope: str) -> tuple[str, str] | None:
    """A known city that opens a list item ("... in Basra (May) and Mosul (June)")."""
    m = re.match(rf"({PLACE_WORD}(?:[ \t]+{PLACE_WORD}){{0,2}})", scope)
    parts = m.group(1).split() if m and m.group(1)[0].isupper() else []
    for n in range(len(parts), 0, -1):
        cand = " ".join(parts[:n])
        country = places().town(cand)
        if country:
            return cand, country
    return None


def _list_items(text: str, s: int, e: int, phrase: str, marked: bool):
    """A clause listing venues ("workshops in A on 12 March, in B on 2 April and
    in C on 7 May") is one clause per venue; each item keeps the clause's
    mention. Cut only before a known city, after a venue."""
    cuts = [s] + [s + m.end() for m in _JOINT.finditer(text[s:e])] + [e]
    parts = [(a, b) for a, b in zip(cuts, cuts[1:])]
    if len(parts) < 2:
        return [(s, e, phrase, marked)]
    keep = [s]
    for a, b in parts[1:]:
        # The left part names a venue ("in X", X perhaps no gazetteer's), the right one a known city.
        if (in_city(text[a:b]) or _leading_city(text[a:b])) and _VENUE.search(text, keep[-1], a):
            keep.append(a)
    bounds = keep + [e]
    return [(a, b, phrase, marked or k > 0) for k, (a, b) in enumerate(zip(bounds, bounds[1:]))]


def _read_clause(doc: Doc, v: _Vocab, clause, sentence, phrase: str, marked: bool) -> _Mention | None:
    cs, ce = clause
    text = doc.text
    noun = v.nouns.search(text, cs, ce)
    if noun is None and not marked:
        return None
    head = noun.group().lower().rstrip("s") if noun else ""
    if (head in v.bare or head + "s" in v.bare) and _not_event(doc, v, noun.start(), sentence[0]):
        return None                          # the session of a trial or a parliament
    days = [d for d in dates_in(doc, cs, ce) if d.precision == "day" and d.start >= doc.title_span[1]
            and (d.start, d.end) not in doc.pub_spans and not _in_dateline(doc, d.start)]
    verb = v.verb.search(text, cs, ce)
    if not (marked or days or verb):
        return None                          # "the workshop" in passing
    m = _Mention(span=clause, sentence=sentence, phrase=phrase.strip() or (noun.group() if noun else ""), marked=marked)
    if days:
        m.start, m.end, m.date_text = days[0].first, days[0].last, days[0].text
    m.place, m.country = _clause_place(doc, v, cs, ce, bool(days or verb))
    m.count, _, m.count_at = _count_in(doc, cs, ce)
    if m.start is None and m.place is None:
        return None                          # nothing to tell this event from another
    return m


def _in_dateline(doc: Doc, pos: int) -> bool:
    return bool(doc.dateline) and doc.sentence_of(doc.dateline[0])[0] <= pos < doc.dateline[1] + 40


def _not_event(doc: Doc, v: _Vocab, pos: int, ss: int) -> bool:
    """A trial or parliament word between the last event noun before (or the
    sentence start) and this session noun."""
    start = ss
    for m in v.nouns.finditer(doc.text, ss, pos):
        if m.group().lower().rstrip("s") not in v.bare and m.group().lower() not in v.bare:
            start = m.end()
    return bool(v.not_event.search(doc.text, start, pos))


def _clause_place(doc: Doc, v: _Vocab, cs: int, ce: int, strong: bool) -> tuple[str | None, str | None]:
    """The city of a clause: "in A", "A, Country", "l'atelier de A"; an unlisted
    town only where the clause dates the event or has an event verb ("held in Kitale")."""
    pl = places()
    if doc.dateline and cs <= doc.dateline[0] < ce:
        cs = doc.dateline[1]                 # the dateline is where the release was written
    scope = _without_bodies_towns(doc, cs, ce)
    found = in_city(scope) or _leading_city(scope)
    for m in v.noun_place.finditer(scope) if not found else ():
        parts = m.group(1).split()
        for n in range(len(parts), 0, -1):
            cand = " ".join(parts[:n])
            country = pl.city(cand, strict=True) if cand[0].isupper() and not pl.country(cand) else None
            if country:
                found = cand, country
                break
        if found:
            break
    if not found:
        cc = city_country(scope)
        if cc and not NOT_VENUE.search(scope[:max(0, scope.find(cc[0]))][-30:]):
            found = cc
    if not found and strong:
        found = unlisted_place(doc, cs, ce)
    if found:
        return found
    for m in re.finditer(r"\b(?:in|en|au)\s+((?:the\s+)?[A-ZÀ-Þ][\w’'-]+(?:\s+[A-ZÀ-Þ][\w’'-]+){0,2})", scope):
        country = places().country(m.group(1))
        if country:
            return None, country
    return None, None


_AT_VENUE = re.compile(r"(?:\bat|\bà|\bau|\ben|\bpremises\s+of|\blocaux\s+(?:de|du|des))\s+(?:the\s+|la\s+|le\s+|l[’'])?\Z", re.I)


# A body's name that holds its town ("OSCE Programme Office in Astana", a known name).
_TOWN_IN_NAME = re.compile(r"[ \t](?:in|à|en)[ \t]+[A-ZÀ-Þ]")


def _without_bodies_towns(doc: Doc, cs: int, ce: int) -> str:
    """The clause with the town of a body's name blanked ("the Embassy of X in
    Addis Ababa" is no venue), unless the event is at that body ("held at the
    Police Academy in Kitale")."""
    scope = doc.text[cs:ce]
    for m in doc.mentions_in(cs, ce):
        located = m.rule == "org.located-name" or _TOWN_IN_NAME.search(doc.text, m.start, min(m.end, ce))
        if located and not _AT_VENUE.search(doc.text, max(0, m.start - 20), m.start):
            a, b = m.start - cs, min(m.end, ce) - cs
            scope = scope[:a] + " " * (b - a) + scope[b:]
    return scope


def _same_event(f: EventFrame, m: _Mention) -> bool:
    """Same dates, a date inside the other's range, or no date and the same place."""
    if m.start is not None and f.start is not None:
        return f.start <= m.start and m.end <= (f.end or f.start)
    if m.start is None and m.place and f.place:
        return m.place.lower() == f.place.lower()
    if m.start is not None and f.start is None and m.place and f.place and not m.marked:
        return m.place.lower() == f.place.lower()
    return False


def _frame(doc: Doc, main: EventFrame, m: _Mention, k: int) -> EventFrame:
    rx, kinds = _event_type_compiled(words())
    t = rx.search(m.phrase) if m.phrase else None
    where = f" in {m.place}" if m.place else (f" on {m.date_text}" if m.date_text else "")
    label = " ".join(m.phrase.split()) or "related session"
    return EventFrame(key=f"{doc.source.key}#event-{k}", title=f"{main.title} ({label}{where})",
                      start=m.start, end=m.end, place=m.place, country=m.country,
                      participants_count=m.count, event_type=kinds.get(t.group().lower()) if t else main.event_type,
                      date_text=m.date_text, evidence=doc.ev(*m.span, "event.mention"),
                      sentences=[m.sentence], count_sentence=m.sentence if m.count is not None else None,
                      count_at=m.count_at)
