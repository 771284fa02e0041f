"""Stage 7: the events an article reports.

The main event is dated by the first day range of the body, else the first
day date that is not the publication date ("today" in the body means the
publication date); a stated length ("a two-day seminar") with one date gives
the end. Its place is read nearest first: the dating sentence, the dateline,
then the body (never a city that something is merely "based in"). The
other events the article names (other sessions, a follow-up, an earlier
workshop) are read clause by clause in ``sessions.py``; a participant count
written in one of their clauses is theirs, not the main event's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..model import Evidence
from . import weekdays
from .eventplaces import event_place
from .doc import Doc, Spans
from .lexicon import _read, current_overlay, words

_TODAY = re.compile(r"\b(?:today|this\s+morning|aujourd[’']hui|ce\s+jour)\b", re.I)
_YESTERDAY = re.compile(r"\b(?:yesterday|hier)\b", re.I)
_TITLED = re.compile(r"(?:titled|entitled|focused\s+on|on\s+the\s+theme|themed|called|under\s+the\s+theme|intitulée?|sur\s+le\s+thème)\s*:?\s*$", re.I)
_TITLE_EVENT = re.compile(r"(?:workshop|training|seminar|conference|activity|webinar|atelier|formation|séminaire)\s*[—–-]?\s*$", re.I)
_UNDER_PROJECT = re.compile(r"\b(?:under|as\s+part\s+of|within(?:\s+the\s+framework\s+of)?|dans\s+le\s+cadre\s+d[ue’'])\s+(?:the\s+)?$", re.I)


@dataclass
class EventFrame:
    key: str
    title: str
    start: date | None = None
    end: date | None = None
    place: str | None = None
    country: str | None = None
    participants_count: int | None = None
    count_qualifier: str | None = None
    event_type: str | None = None
    date_text: str | None = None
    project: str | None = None
    evidence: Evidence | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)   # sentences about this event
    count_sentence: tuple[int, int] | None = None
    count_at: int | None = None          # offset of the participant count
    date_at: int | None = None           # offset of the date mention that dates it


@lru_cache(maxsize=4)
def _count_compiled(w) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(number, what may follow it up to a people noun, qualifier before it)."""
    numword = "|".join(sorted(w.number_words, key=len, reverse=True))
    quals = "|".join(re.escape(q).replace("'", "[’']") for q in sorted(w.count_qualifiers, key=len, reverse=True))
    nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in w.people_nouns)
    collective = "|".join(sorted(w.collective_numbers, key=len, reverse=True))
    # A round count ("une vingtaine d'", "a dozen", "two dozen of the") ends in
    # its link word, so the people noun follows as after a plain number.
    round_count = rf"(?:une|a|(?:{numword}))\s+(?:{collective})(?:\s+(?:de|of)\b|\s+d(?=[’']))?"
    # ("cuarenta y dos", "trinta e cinco": Spanish and Portuguese tens join their units with "y"/"e")
    number = re.compile(rf"(?<![\w.,-])(?:{round_count}|\d{{1,4}}|(?:{numword})(?:(?:[\s-]|\s+[ye]\s+)(?:{numword}))?)\b",
                        re.I)
    not_people = (r"days?|years?|months?|weeks?|hours?|countries|courses|sessions|modules|states|cities|"
                  r"provinces|regions|districts|jours|ans|mois|pays|semaines|heures|villes|régions")
    # Modifiers before the people noun; "and" may join two of them ("prison and probation officials").
    mod = rf"(?!(?:and|or|of|in|from|to|at|on|by|the|with|for|{not_people})\b)[\w’'\-()]+"
    tail = re.compile(rf"(?:\s*\(\d+\))?(?:\s+{mod}(?:\s+(?:and|or|et)\s+{mod})?){{0,6}}?(?:\s+|[’'])(?:{nouns})\b", re.I)
    # A later group of the same list may name any people ("14 judicial assistants").
    any_tail = re.compile(rf"(?:\s*\(\d+\))?(?:\s+{mod}){{0,4}}?\s+(?:{nouns}|(?!(?:{not_people})\b)[a-zà-ÿ-]+[sx])\b", re.I)
    qualifier = re.compile(rf"\b({quals})(?:\s+|(?<=[’']))$", re.I)
    return number, tail, qualifier, any_tail


def _number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    parts = [p for p in re.split(r"[\s-]+", s.lower()) if p not in ("y", "e")]
    if parts[-1] in ("de", "of", "d"):
        parts.pop()
    if parts[-1] in words().collective_numbers:
        times = 1 if parts[0] in ("une", "a") else _number(parts[0])
        return times * words().collective_numbers[parts[-1]] if times else None
    total = 0
    for part in parts:
        v = words().number_words.get(part)
        if v is None:
            return None
        total = total * 100 if v == 100 and total else total + v
    return total


def find_events(doc: Doc) -> None:
    from .sessions import further_events     # sessions reads this module's helpers
    main = _main_event(doc)
    others = further_events(doc, main)
    taken = [e.sentences[0] for e in others if e.count_at is not None and e.count_at == main.count_at]
    if taken:                                # that count belongs to another event's clause
        main.participants_count, main.count_qualifier, main.count_sentence, main.count_at = _count(doc, taken)
        main.sentences = [s for s in (main.sentences[:1] if main.date_at is not None else []) + [main.count_sentence] if s]
    doc.events = [main] + others


# "Applications are open until 30 June", "the deadline is 1 May": a date that ends something else.
_DEADLINE = re.compile(r"\b(?:until|till|no\s+later\s+than|deadline(?:\s+(?:is|of|for\s+\w+))?|"
                       r"jusqu['’]au|au\s+plus\s+tard\s+le|date\s+limite(?:\s+est)?(?:\s+le)?|hasta\s+el)\s*:?\s+(?:the\s+|le\s+)?\Z",
                       re.I)


def _main_event(doc: Doc) -> EventFrame:
    text = doc.text
    body = doc.title_span[1]
    days = [d for d in doc.dates if d.precision == "day" and (d.start, d.end) not in doc.pub_spans and d.start >= body
            and not _DEADLINE.search(text, max(0, d.start - 30), d.start)]
    chosen = next((d for d in days if d.is_range and not _background(doc, d.start)), None) \
        or next((d for d in days if not _background(doc, d.start)), None) or (days[0] if days else None)
    start = end = None
    date_text = date_at = None
    ev_sent = None
    if chosen is not None:
        start, end, date_text, date_at = chosen.first, chosen.last, chosen.text, chosen.start
        ev_sent = doc.sentence_of(chosen.start)
    elif doc.source.publication_date is not None:
        # "... began today": the publication date.
        for ss, se in doc.sents[:6]:
            if doc.in_title(ss):
                continue
            rel = _TODAY.search(text, ss, se) or _YESTERDAY.search(text, ss, se)
            if rel:
                start = end = doc.source.publication_date - timedelta(days=1 if _YESTERDAY.match(rel.group()) else 0)
                date_text, ev_sent = rel.group(), (ss, se)
                break
    if (chosen is None and start is None and doc.source.publication_date is not None) or (
            chosen is not None and weekdays.on_dateline(doc, chosen.start)):
        # "took part on Tuesday and Wednesday" in a release dated Friday 24 January
        anchor = chosen.first if chosen is not None else doc.source.publication_date
        week = weekdays.days_named(doc, anchor, body)
        if week:
            start, end, date_text, date_at = week
            ev_sent, chosen = doc.sentence_of(date_at), None
    if chosen is None and start is None:
        month = next((d for d in doc.dates if d.precision == "month" and d.start >= body), None)
        date_text = month.text if month else None
    if start is not None and start == end and ev_sent:
        n = _duration(text[ev_sent[0]:ev_sent[1]]) or _next_sentence_length(doc, ev_sent)
        opened = _opening_day(doc, ev_sent, end) if date_at is not None and _ends_here(doc, ev_sent, date_at) else None
        if opened is not None:
            start = opened                               # "... completed on 3 December. The course, which opened on 30 November"
        elif n and n > 1 and date_at is not None and _ends_here(doc, ev_sent, date_at):
            start = end - timedelta(days=n - 1)          # "a five-day course ended on 10 June"
        elif n and n > 1:
            end = start + timedelta(days=n - 1)
    etype = _event_type(doc, ev_sent)
    title, _ = _title(doc)
    count, qual, count_sent, count_at = _count(doc)
    place, country = event_place(doc, ev_sent)
    project = _project(doc)
    sp = ev_sent or count_sent or doc.title_span
    return EventFrame(key=f"{doc.source.key}#event-1", title=title, start=start, end=end, place=place,
                      country=country, participants_count=count, count_qualifier=qual if count else None,
                      event_type=etype, date_text=date_text, project=project,
                      evidence=doc.ev(*sp, "event.main"), sentences=[s for s in (ev_sent, count_sent) if s],
                      count_sentence=count_sent, count_at=count_at, date_at=date_at)


_EVENT_LISTS = ("session_nouns", "sequence_markers", "elliptic_ordinals", "event_verbs", "background_cues",
                "not_event_contexts", "end_verbs", "background_markers", "future_markers")


def event_words() -> dict:
    """The lists of ``patterns/events.yaml`` in effect (with the active overlay's)."""
    ov = current_overlay()
    return ov.event_words() if ov is not None else _bundled_event_words()


@lru_cache(maxsize=1)
def _bundled_event_words() -> dict:
    """The bundled lists, each checked to be a non-empty list."""
    raw = _read("events.yaml")
    for key in _EVENT_LISTS:
        if not isinstance(raw.get(key), list) or not raw[key]:
            raise ValueError(f"events.yaml: list {key!r} is missing or empty")
    return raw


def _ends_here(doc: Doc, ev_sent, date_at: int) -> bool:
    """Is the event's date the day it ended: an end verb right before it, or earlier in its
    clause with only a place or a venue between ("which concluded in Sarajevo, Bosnia
    and Herzegovina, on 3 October", "completed a course ... in Dhaka on 3 December")?"""
    text = doc.text
    if _END_VERB().search(text, max(ev_sent[0], date_at - 40), date_at):
        return True
    verb = _END_VERB_IN_CLAUSE().search(text, max(ev_sent[0], date_at - 200), date_at)
    return verb is not None and not re.search(r"[;:]|\b(?:opened|began|started|commenced|from)\b",
                                              text[verb.end():date_at], re.I)


_OPENED = re.compile(r"\b(?:opened|began|started|commenced|kicked\s+off|s[’']est\s+ouvert[e]?|a\s+débuté|"
                     r"a\s+commencé|se\s+inauguró|comenzó|inició)\s+(?:on\s+|le\s+|el\s+)?(?:\w+day,?\s+)?$", re.I)


def _opening_day(doc: Doc, ev_sent, end):
    """The day an event that ended on `end` opened, when its sentence or the next says so
    ("The course, which opened on 30 November, ..."), up to two weeks before."""
    nxt = next(((s, e) for s, e in doc.sents if s >= ev_sent[1]), None)
    lo, hi = ev_sent[0], (nxt or ev_sent)[1]
    for d in doc.dates:
        if lo <= d.start < hi and d.precision == "day" and not d.is_range and d.first < end \
                and (end - d.first).days <= 14 and _OPENED.search(doc.text, max(lo, d.start - 40), d.start):
            return d.first
    return None


@lru_cache(maxsize=4)
def _end_verb_in_clause_compiled(end_verbs: tuple) -> re.Pattern:
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+").replace("'", "[’']")
                     for v in sorted(end_verbs, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{verbs})\b(?=[^.!?]*$)", re.I)


def _END_VERB_IN_CLAUSE() -> re.Pattern:
    return _end_verb_in_clause_compiled(tuple(event_words()["end_verbs"]) + ("completed", "a été achevé"))


def _END_VERB() -> re.Pattern:
    return _end_verb_compiled(tuple(event_words()["end_verbs"]))


@lru_cache(maxsize=4)
def _end_verb_compiled(end_verbs: tuple) -> re.Pattern:
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+").replace("'", "[’']")
                     for v in sorted(end_verbs, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{verbs})\s+(?:on\s+|le\s+)?(?:\w+day,?\s+|\w+di,?\s+)?$", re.I)


def _background_re() -> re.Pattern:
    return _background_compiled(words())


@lru_cache(maxsize=4)
def _background_compiled(w) -> re.Pattern:
    nouns = "|".join(re.escape(p) for p, _ in w.event_types) + "|events?|sessions?|editions?"
    markers = "|".join(re.escape(m).replace(r"\-", "[- ]") for m in event_words()["background_markers"])
    future = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in event_words()["future_markers"])
    return re.compile(rf"(?<![\w-])(?:{markers})\s+(?:[\w-]+\s+){{0,2}}(?:{nouns})s?\b"
                      rf"|(?<![\w-])(?:{nouns})s?\s+(?:[\w-]+\s+){{0,2}}?(?:{future})\b", re.I)


def _background(doc: Doc, pos: int) -> bool:
    """A sentence about another session ("The first dialogue took place in X")."""
    ss, se = doc.sentence_of(pos)
    return bool(_background_re().search(doc.text, ss, se))


def _next_sentence_length(doc: Doc, ev_sent) -> int | None:
    """"... opened a workshop on 8 May. The two-day workshop brings together ...":
    the length in the next sentence, when it has no date and is about no other session."""
    k = doc.sents.index(ev_sent) if ev_sent in doc.sents else -1
    if k < 0 or k + 1 >= len(doc.sents):
        return None
    ss, se = doc.sents[k + 1]
    if dates_in(doc, ss, se) or _background(doc, ss) or not _event_type_re()[0].search(doc.text, ss, se):
        return None
    return _duration(doc.text[ss:se])


def _duration(sentence: str) -> int | None:
    w = words()
    m = re.search(r"\b(\d{1,2}|" + "|".join(w.duration_words) + r")[-\s]days?\b"
                  r"|\b(?:de|d[’'])\s*(\d{1,2}|" + "|".join(w.duration_words) + r")\s+jours\b", sentence, re.I)
    if not m:
        return None
    v = m.group(1) or m.group(2)
    return int(v) if v.isdigit() else w.duration_words.get(v.lower())


def _event_type_re() -> tuple[re.Pattern, dict[str, str]]:
    return _event_type_compiled(words())


@lru_cache(maxsize=4)
def _event_type_compiled(w) -> tuple[re.Pattern, dict[str, str]]:
    pairs = w.event_types
    kinds = {phrase: kind for phrase, kind in pairs}
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p, _ in pairs) + r")\b", re.I), kinds


def _event_type(doc: Doc, ev_sent) -> str | None:
    """The first event noun of the dating sentence, else of the body, else of the title
    (at one position the most specific phrase, listed first, wins)."""
    rx, kinds = _event_type_re()
    for scope in ([ev_sent] if ev_sent else []) + [(doc.title_span[1], doc.content_end), doc.title_span]:
        m = rx.search(doc.text, scope[0], scope[1])
        if m:
            return kinds.get(m.group().lower())
    return None


_NAMED_THING = re.compile(r"(\w+)\s*,?\s*(?:titled|entitled|called|named|intitulée?)\s*:?\s*$", re.I)


def _title(doc: Doc) -> tuple[str, tuple[int, int] | None]:
    """A quoted title next to an event cue, else the article's title."""
    text = doc.text
    nouns = "|".join(words().project_nouns)
    for m in re.finditer(r"[“\"«]\s*([^”\"»\n]{12,300}?)\s*[”\"»]", text[:doc.content_end]):
        pre = text[max(0, m.start() - 40):m.start()]
        if re.match(rf"\s*(?:{nouns})\b", text[m.end():m.end() + 15], re.I):
            continue
        named = _NAMED_THING.search(pre)
        if named and named.group(1).lower() in words().resource_heads | {"book", "books", "publication"}:
            continue                  # "the bench book, titled “...”": a document's title
        if _TITLED.search(pre) or _TITLE_EVENT.search(pre):
            doc.title_quote = m.span(1)
            return m.group(1).strip().rstrip(".,;:"), m.span(1)
    return text[doc.title_span[0]:doc.title_span[1]].strip(), None


def _count(doc: Doc, skip: list[tuple[int, int]] = ()):
    """The first participant count of the body outside the ``skip`` spans."""
    n, qual, at = _count_in(doc, doc.title_span[1], doc.content_end, skip)
    return (n, qual, doc.sentence_of(at), at) if n else (None, None, None, None)


def _count_in(doc: Doc, s: int, e: int, skip=()):
    """(count, qualifier, offset) of the first participant count in [s, e). The
    groups of one list add up ("eleven judges, nine prosecutors from X and
    seven lawyers" = 27); a subset does not ("30 officers, of whom eight women")."""
    text = doc.text
    number, tail, qualifier, any_tail = _count_compiled(words())
    for m in number.finditer(text, s, e):
        if not tail.match(text, m.end()) or _not_a_count(doc, m) or any(a <= m.start() < b for a, b in skip):
            continue
        n = _number(m.group())
        if not n or n > 5000:
            continue
        q = qualifier.search(text, max(0, m.start() - 20), m.start())
        qual = words().count_qualifiers.get(q.group(1).lower().replace("’", "'") if q else "",
                                            "approximate" if _ROUND.search(m.group()) else "exact")
        sent = doc.sentence_of(m.start())
        pos = tail.match(text, m.end()).end()
        while True:                         # further groups of the same list
            more = _NEXT_GROUP.match(text, pos, sent[1])
            if not more:
                break
            m2 = number.match(text, more.end())
            t2 = any_tail.match(text, m2.end()) if m2 else None
            if not t2 or _not_a_count(doc, m2):
                break
            n2 = _number(m2.group())
            if not n2:
                break
            n += n2
            pos = t2.end()
        total = _TOTAL_AFTER.match(text, pos)
        if total:                           # "about fifty officers – 52 in total –": the exact count
            return int(total.group(1)), "exact", m.start()
        return n, qual, m.start()
    m = _bracketed_count(words()).search(text, s, e)      # "Participants (25 in total)"
    if m:
        return int(m.group(1)), "exact", m.start(1)
    return None, None, None


@lru_cache(maxsize=4)
def _bracketed_count(w) -> re.Pattern:
    nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in w.people_nouns)
    return re.compile(rf"\b(?:{nouns})\s*\((\d{{1,4}})(?:\s+(?:in\s+total|au\s+total|en\s+tout))?\)", re.I)


_TOTAL_AFTER = re.compile(r"\s*[–—(,-]\s*(\d{1,4})\s+(?:in\s+total|in\s+all|au\s+total|en\s+tout|en\s+total|em\s+total|no\s+total)\b",
                          re.I)
_ROUND = re.compile(r"(?:aine|dozen)\b|\s(?:de|of|d)$", re.I)

# After one group: its own complement ("from the Public Ministry"), then ", " or "and".
_NEXT_GROUP = re.compile(
    # the group's own complement ("of the Malawi Police Service", "de la DGSN (DGSN)"),
    r"(?:\s+(?:of|from|de|du|des|d[’']|with|in|at)\s+[^;.]{1,120}?)??"
    # a subset inside the list (", including six women,"),
    r"(?:\s*,\s*(?:including|of\s+whom|among\s+them|dont|parmi\s+(?:eux|elles)|y\s+compris)\s+[^,;.]{1,40}?(?=,))?"
    # then a joint and the next number.
    r"(?:\s*,\s*(?:and\s+|et\s+)?|\s+(?:and|et|plus)\s+|\s*,?\s+(?:together\s+with|as\s+well\s+as|along\s+with|"
    r"accompanied\s+by|accompagnée?s?\s+(?:de|par))\s+)(?:(?:de|d[’']|of)\s*)?"
    r"(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|quarante|cinquante)\b)", re.I)


def date_spans(doc: Doc) -> Spans:
    """The spans of the doc's date mentions, built once (long articles have thousands)."""
    cached = doc.__dict__.get("_date_spans")
    if cached is None or cached[0] is not doc.dates:
        cached = doc.__dict__["_date_spans"] = (doc.dates, Spans((d.start, d.end) for d in doc.dates))
    return cached[1]


def dates_in(doc: Doc, s: int, e: int) -> list:
    """The date mentions that start in [s, e), in text order."""
    cached = doc.__dict__.get("_date_starts")
    if cached is None or cached[0] is not doc.dates:
        order = sorted(doc.dates, key=lambda d: d.start)
        cached = doc.__dict__["_date_starts"] = (doc.dates, order, [d.start for d in order])
    _, order, starts = cached
    return order[bisect_left(starts, s):bisect_left(starts, e)]


def _not_a_count(doc: Doc, m) -> bool:
    """A date's digits, an age or a length ("30-year-old", "3-day")."""
    text = doc.text
    if date_spans(doc).contains(m.start()):
        return True
    if re.fullmatch(r"(?:19[5-9]|20\d)\d", m.group()) and not re.match(r"\s+[a-zà-ÿ]+s\b", text[m.end():m.end() + 30]):
        return True                   # "au premier trimestre 2026 au profit des magistrats": a year
    return bool(re.match(r"[\s-]*(?:year|day|hour|week|month)s?[-\s]old\b|[-\s](?:day|week|month|year)s?\b",
                         text[m.end():m.end() + 12], re.I))


def _project(doc: Doc) -> str | None:
    text = doc.text
    for pj in doc.projects:
        if _UNDER_PROJECT.search(text[max(0, pj.span[0] - 40):pj.span[0]]):
            return pj.project.name
    for pj in doc.projects:
        if re.search(r"\bfunded\b", text[max(0, pj.span[0] - 20):pj.span[0]]):
            return pj.project.name
    return None
