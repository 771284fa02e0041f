"""Stage 9: documents used or presented at the event (toolkits, manuals,
memoranda, guidelines, strategies ...) and who published or presented them.

A title is a capitalised run holding a resource head ("OHCHR Toolkit on
...", "Glion Recommendations"), or capitalised words before a lower-case
head with a complement ("HELP course on Radicalisation Prevention"); it may
end in a resolution number or years ("... resolution 1325 (2000) for
2025–2030"). Heads that are also ordinary nouns (plan, strategy, course)
count only in a sentence that says the document was used.
"""

from __future__ import annotations

import re

from ..model import Resource
from . import sentence_titles
from .sentence_titles import is_stop_cap
from .chunks import is_connector, is_head, runs
from .doc import Doc, Token
from .lexicon import words
from .places import places

_USE = re.compile(
    r"\b(?:presented|present|used|use|using|shared|introduced|launched|launch|based\s+on|basis|guided|made\s+use|"
    r"discussed|discuss|applied|apply|applying|familiari[sz]\w*|trained\s+on|training\s+on|drew\s+on|draws\s+on|"
    r"relied\s+on|builds?\s+on|built\s+on|worked\s+(?:with|on)|assess(?:ed|ing)|implement(?:ing|ation)|validated|reviewed|review|in\s+consonance|in\s+line\s+with|introduction|presentation|"
    r"dissemination|rollout|roll-out|utili[sz]\w*|supported\s+by|consisted|covered|received|distributed|cop(?:y|ies)\s+of|"
    r"adopted|adoptée?s?|"
    r"présentée?s?|utilisée?s?|"
    r"lancée?s?|validée?s?|partagée?s?|examinée?s?|étudiée?s?|appuyée?s?|remise?s?|distribuée?s?|travaillé)\b")     # case-sensitive: "Applying ..." in a title is no use
_PRESENTED = re.compile(r"\b(?:presented|shared|introduced|gave\s+a\s+presentation|présentée?)\b", re.I)
_PUBLISHED_BY = re.compile(r"\b(?:(?:developed|published|produced|prepared|issued|elaborated|written|authored|adopted)\s+(?:jointly\s+)?by"
                           r"|(?:publié|élaboré|produit|rédigé|préparé|édité|adopté)e?s?\s+(?:conjointement\s+)?par"
                           r"|(?:elaborad|publicad|preparad|desarrollad|adoptad|editad)[oa]s?\s+(?:conjuntamente\s+)?por)\b", re.I)
# "... of the X" ending a title: X is its publisher, not part of it.
_OF_OWNER = re.compile(r"[ \t]+(?:of[ \t]+(?:the[ \t]+)?|de[ \t]+l[’']|du[ \t]+|de[ \t]+la[ \t]+|del[ \t]+)\Z")
# "..., produced by X": a document, even under a weak head ("Pocket Book").
_PUBLISHED_AFTER = re.compile(r",?\s+" + _PUBLISHED_BY.pattern, re.I)
# What may follow a title's capitalised words: a number ("... Resolution 1325
# on Women, Peace and Security (2018-2021)", "Recommendation 8"), years.
_NUMBER_TAIL = re.compile(
    r"(?:[ \t]+resolutions?)?[ \t]+(?:No\.?[ \t]*)?\d{1,4}(?:[-–]\d{4}|[ \t]*\(\d{4}\))?"
    r"(?:[ \t]+(?:on|for)[ \t]+[A-Z][\w’'-]*(?:(?:,[ \t]*|[ \t]+(?:and|&|of|the|for|on)[ \t]+|[ \t]+)[A-Z][\w’'-]*)*)?"
    r"(?:[ \t]*\(\d{4}(?:[ \t]*[-–][ \t]*\d{4})?\))?"
    r"(?:[ \t]+(?:for|of|de)[ \t]+\d{4}(?:[ \t]*[-–][ \t]*\d{4})?)?"
    r"|[ \t]+(?:for|of|de)[ \t]+\d{4}(?:[ \t]*[-–][ \t]*\d{4})?"
    r"|[ \t]*\(\d{4}(?:[ \t]*[-–][ \t]*\d{4})?\)")
# "the manual “Human Rights in Prisons”", "a handbook entitled "..."".
# What makes a quoted text a document's title when no resource noun is inside it:
# a document noun, or a launching/presenting verb, right before it.
_QUOTE_CUE = re.compile(
    r"(?:\b(?:toolkit|manual|handbook|guide|guidebook|guidelines|curriculum|compendium|module|course|strategy|"
    r"plan|report|study|paper|publication|brochure|booklet|primer|methodology|framework|manuel|recueil|"
    r"stratégie|rapport|étude|publication|brochure|brief|digest|casebook|(?:fact\s*)?sheet(?:\s+No\.?\s*\d+,?)?|"
    r"informe|guía|cuaderno|estudio|publicación|folleto)s?|\b(?:launched|presented|published|released|issued|"
    r"introduced|shared|distributed|studied|drew\s+on|draws\s+on|drawing\s+on|relied\s+on|worked\s+from|"
    r"lancée?|présentée?|publiée?|s[’']appuyant\s+sur|presentó|publicó|presentaron|"
    r"(?:\w+\s+)?(?:cop(?:y|ies)|versions?|editions?|translations?)\s+of|(?:la\s+)?versión\s+en\s+\w+\s+de|"
    r"exemplaires?\s+(?:de|du))\s+(?:(?:its|their|the|a|an|le|la|les|las|los|son|sa|ses|el|su)\s+)?"
    r"(?:new\s+|nouvel(?:le)?\s+)?)[\s,:]*(?:entitled|titled|called|named|on|intitulée?|sur)?[\s,:]*$", re.I)
_ALSO_KNOWN = re.compile(r"\b(?:also\s+)?(?:known|referred\s+to)\s+as\s+(?:the\s+)?$", re.I)
# "..., titled “X”", "intitulé « Y »": a title however far its noun; "the ULS “Practice Note”",
# "IBAHRI's “Manual”": a body's name (or its possessive) right before the quote.
_TITLED_CUE = re.compile(r"\b(?:entitled|titled|intitulée?s?|titulad[oa]s?)[\s,:]*$", re.I)
_BODY_BEFORE = re.compile(r"(?:[’']s)?[ \t]*$")


def find_resources(doc: Doc) -> None:
    found: list[tuple[Resource, int, int]] = []
    starts = {m.start for m in doc.mentions}
    for i, j in _numbered_runs(doc):
        for part in _split_titles(doc.tokens[i:j], starts):
            span = _title_in_run(doc, part)
            if span and not (doc.in_headline(span[0]) and not _named_in_body(doc, part, span)):
                _add(doc, found, *span)
    for s, e in _lower_head_titles(doc):
        _add(doc, found, s, e)
    for s, e in _subtitled(doc):
        _add(doc, found, s, e)
    for s, e in _appositive_titles(doc):
        _add(doc, found, s, e)
    for s, e in doc.quoted_titles:
        heads = {x.lower() for x in re.findall(r"[\w-]+", doc.text[s:e])} & words().resource_heads
        q = len(doc.text[:s].rstrip()) - 1    # the opening quote mark
        cued = _QUOTE_CUE.search(doc.text, max(0, q - 60), q) or _TITLED_CUE.search(doc.text, max(0, q - 20), q) \
            or (len(doc.text[s:e].split()) >= 3 and not _NOUN_AFTER.match(doc.text, e + 1)
                and any(_BODY_BEFORE.fullmatch(doc.text, m.end, q) for m in doc.mentions_in(max(0, q - 80), q)
                        if m.end <= q and not m.of_document))
        if (heads - words().weak_resource_heads) or cued or (heads and _USE.search(doc.text, max(0, q - 80), q)):
            _add(doc, found, s, e, quoted=True)
    if doc.lang == "fr":
        for s, e in sentence_titles.french_titles(doc):
            _add(doc, found, s, e)
    else:
        for s, e in sentence_titles.sentence_case_titles(doc):
            _add(doc, found, s, e)
    doc.resources = _merge(found)
    for r in doc.resources:
        if r.publisher:
            doc.roles.setdefault(r.publisher, {}).setdefault("publisher", r.evidence)


_NUMBERED = frozenset("article articles section part chapter module principle rule annex protocol no".split())


def _numbered_runs(doc: Doc):
    """Runs of capitalised words, a title's numbered part joining two ("the Guide on Article
    10 of the European Convention on ...", "Module 4 on ...")."""
    toks, text = doc.tokens, doc.text
    out = list(runs(doc))
    k = 0
    while k + 1 < len(out):
        (i, j), (i2, j2) = out[k], out[k + 1]
        # ("Fact Sheet No. 32 of the Office": the number after "No." belongs to the title)
        d = j + 1 if j + 1 < len(toks) and toks[j - 1].low == "no" and toks[j].s == "." else j
        between = toks[d + 1:i2]
        if i2 > d and toks[j - 1].low.rstrip(".") in _NUMBERED and toks[d].s.isdigit() \
                and all(is_connector(t) for t in between) and "\n" not in text[toks[j - 1].end:toks[i2].start]:
            out[k:k + 2] = [(i, j2)]
            continue
        # "... to Bring Proceedings Before a Court", "... Extremism that Leads to Terrorism": the
        # small words of a title-case title
        inner = toks[j:i2]
        if 0 < len(inner) <= 2 and all(t.low in _TITLE_SMALL_WORDS and not t.cap for t in inner) \
                and i2 < len(toks) and toks[i2].cap and "\n" not in text[toks[j - 1].end:toks[i2].start] \
                and any(t.low in words().resource_heads for t in toks[i:j]) \
                and sum(t.cap for t in toks[i:j]) >= 3:
            out[k:k + 2] = [(i, j2)]
            continue
        k += 1
    # "Guide No. 7, ...": a run that ends in "No." takes its number
    for k, (i, j) in enumerate(out):
        if j + 1 < len(toks) and toks[j - 1].low == "no" and toks[j].s == "." and toks[j + 1].s.isdigit() \
                and text[toks[j].end:toks[j + 1].start] == " ":
            out[k] = (i, j + 2)
    return out


_TITLE_SMALL_WORDS = frozenset("a an that through before against without into between among".split())


def _split_titles(toks: list[Token], starts: set[int]) -> list[list[Token]]:
    """"the X Handbook ... and (on) the Y Guidelines ...": two titles when the
    right side has a head of its own or is an organisation's name; otherwise
    the title goes on ("Guidelines on Human Rights and the Fight against Terrorism")."""
    w = words()
    for k, t in enumerate(toks):
        skip = 2 if k + 2 < len(toks) and toks[k + 1].low in ("on", "sur") else 1
        if t.low in ("and", "et") and k + skip < len(toks) and toks[k + skip].low in ("the", "la", "le", "les"):
            left, right = toks[:k], toks[k + skip + 1:]
            if right and (any(x.low in w.resource_heads for x in right) or right[0].start in starts):
                return [left, *_split_titles(right, starts)]
        # "the X Strategy and United Nations Security Council resolution 2396": a second
        # document, its issuer's name first
        if t.low in ("and", "et") and k + 1 < len(toks) and toks[k + 1].start in starts \
                and toks[k - 1].low in w.resource_heads:
            return [toks[:k], *_split_titles(toks[k + 1:], starts)]
    return [toks]


def _title_in_run(doc: Doc, toks: list[Token]) -> tuple[int, int] | None:
    w = words()
    if not any(t.low in w.resource_heads for t in toks):
        return None
    while toks and (is_stop_cap(doc, toks[0]) or not toks[0].cap):
        toks = toks[1:]
    pl = places()
    while len(toks) > 2 and is_connector(toks[1]) and (pl.city(toks[0].core) or pl.country(toks[0].core)):
        toks = toks[2:]            # "... in Nairobi on the Hague Memorandum": the town is no part of it
        while toks and (is_stop_cap(doc, toks[0]) or not toks[0].cap):
            toks = toks[1:]
    starts = {m.start for m in doc.mentions}
    while len(toks) > 1 and is_head(toks[0]) and not toks[0].acr and toks[0].start not in starts \
            and not _owned(toks) and (is_head(toks[1]) or toks[1].low in w.resource_heads or is_connector(toks[1])):
        toks = toks[1:]            # a title does not start with a body's head noun ("Commission Guidelines"),
        # unless its publisher's name; one that qualifies the next word does ("Community Resilience Toolkit")
    while toks and (not toks[-1].cap or toks[-1].possessive) \
            and not (toks[-1].s.isdigit() and len(toks) > 2 and toks[-3].low in _NUMBERED and toks[-2].s == "."):
        toks = toks[:-1]           # "... Manual and the GCTF's": the possessor starts the next title
    heads = [k for k, t in enumerate(toks) if t.low in w.resource_heads]
    # Generic words alone make no title ("Training Manual"); with a complement they do
    # ("Training Manual on Human Rights").
    if not heads or (all(t.low in w.generic_resource_words or t.low in w.resource_heads for t in toks)):
        return None
    if all(k + 1 < len(toks) and toks[k + 1].low in w.role_heads for k in heads):
        return None                # "Course Coordinator": a post
    return toks[0].start, toks[-1].end


def _named_in_body(doc: Doc, toks: list[Token], span: tuple[int, int]) -> bool:
    """A title-case headline proves nothing by its capitals ("Centre Adopts
    Recommendations on ..."): its title counts if the body writes the title's
    head with the word before it ("Glion Recommendations")."""
    inside = [t for t in toks if span[0] <= t.start < span[1]]
    w = words()
    for k, t in enumerate(inside):
        if k and t.low in w.resource_heads:
            pair = doc.text[inside[k - 1].start:t.end]
            at = doc.text.find(pair, doc.title_span[1])
            while at >= 0 and doc.in_headline(at):
                at = doc.text.find(pair, at + 1)
            if at >= 0:
                return True
    return False


def _owned(toks: list[Token]) -> bool:
    """"Community Mediator’s Handbook": a head noun before a possessive
    title word is the title's own first word, not a publisher's."""
    return len(toks) > 2 and toks[1].possessive and not toks[1].acr


def _lower_head_titles(doc: Doc):
    """"HELP course on Radicalisation Prevention", "the Kenya Human Rights manual"."""
    w, toks, text = words(), doc.tokens, doc.text
    org_ends = {m.end for m in doc.mentions}
    for k, t in enumerate(toks):
        if t.cap or t.low not in w.resource_heads or k == 0:
            continue
        a = k
        # Capitalised words right before the head, not those of an organisation's name.
        while a > 0 and toks[a - 1].cap and not is_stop_cap(doc, toks[a - 1]) and not toks[a - 1].possessive \
                and text[toks[a - 1].end:toks[a].start] == " " and toks[a - 1].end not in org_ends:
            a -= 1
        if a == k:
            continue
        e = k + 1
        if e + 1 < len(toks) and toks[e].low in ("on", "for", "of") and toks[e + 1].cap:
            e += 1
            while e < len(toks) and "\n" not in text[toks[e - 1].end:toks[e].start] and (
                    toks[e].cap or (toks[e].low in w.connectors and e + 1 < len(toks) and toks[e + 1].cap)):
                e += 1
        elif t.low in w.weak_resource_heads:
            continue
        yield toks[a].start, toks[e - 1].end


_CAPS = r"[A-Z][\w’'/-]*(?:(?:[ \t]+(?:of|the|and|for|on|in|to|&|a|an|that|through|before|against|without|into|between|among)){0,2}[ \t]+[A-Z][\w’'/-]*)*"
# "Title Words: A Handbook for Trainers", "Title Words – A Guide for X": a
# title in capitals, a colon or dash, and a subtitle that names the document.
# Found from the separator, the main title then read backwards within a
# bounded window: a forward scan for the main title would retry every start
# inside a long capitalised run (quadratic).
_SUBTITLE = re.compile(rf"[ \t]*(?::|[ \t][–—])[ \t]+(?:(?:A|An|The)[ \t]+)?(?P<sub>{_CAPS})")
_MAIN_BEFORE = re.compile(rf"(?<![\w’'-])(?P<main>{_CAPS})\Z")
_MAIN_WINDOW = 200
_TAIL_CACHE: dict = {}


def _subtitled(doc: Doc):
    """A main title and its subtitle, when the subtitle holds a document noun
    of its own ("...: A Practitioner's Handbook"); the main title starts at
    its first capital that is not a clause's opening word."""
    w, text = words(), doc.text
    for m in _SUBTITLE.finditer(text, 0, doc.content_end):
        sub = {x.lower() for x in re.findall(r"[\w-]+", m.group("sub"))}
        if not (sub & w.resource_heads) - w.weak_resource_heads or "\n" in m.group():
            continue
        lo = max(0, m.start() - _MAIN_WINDOW)
        main = _MAIN_BEFORE.search(text[lo:m.start()])
        if not main or "\n" in main.group() or (lo > 0 and main.start() == 0):
            continue              # (a capitalised run longer than the window is no title)
        s, e = lo + main.start(), m.start()
        while (first := re.match(r"([A-Z][\w’'-]*)[ \t]+", text[s:e])) and \
                (first.group(1) in w.stop_caps or first.group(1).lower() in w.resource_heads):
            s += first.end()       # "The", or the head noun the title follows ("Handbook, Title: ...")
        if s < e and not doc.in_title(s):
            yield s, m.end("sub")


_CAPS_RE = re.compile(_CAPS)


def _appositive_titles(doc: Doc):
    """"the ODIHR manual Human Rights in Counter-Terrorism Investigations", "the
    handbook Victims of Terrorism": a title in capitals right after a
    lower-case document noun (two capitalised words at least, not a body's name)."""
    w, toks, text = words(), doc.tokens, doc.text
    starts = {m.start for m in doc.mentions}
    for k, t in enumerate(toks[:-1]):
        nxt = toks[k + 1]
        if t.cap or t.low not in w.resource_heads or t.low in w.weak_resource_heads \
                or text[t.end:nxt.start] != " " or not nxt.cap or nxt.start in starts or is_stop_cap(doc, nxt):
            continue
        m = _CAPS_RE.match(text, nxt.start)
        if m and len(re.findall(r"(?<![\w’'-])[A-Z]", m.group())) >= 2 and not doc.in_title(nxt.start):
            end = m.end()
            for a in _AND_NEXT.finditer(text, m.start(), m.end()):
                if any(x.lower() in w.resource_heads for x in re.findall(r"[A-Z][\w’'-]*", text[a.end():m.end()])):
                    end = a.start()       # "the guide X and the Office's Y Report": two documents
                    break
            yield m.start(), end


def _title_tail() -> re.Pattern:
    """What a title goes on through after its capitalised run: a title connective
    ("regarding"), or a quoted part ("of “Foreign Fighters”"), then capitalised
    words; or a list of single capitalised words ending in "and" ("Protection,
    Return, Prosecution and Reintegration of ...")."""
    key = tuple(words().title_connectives)
    if key not in _TAIL_CACHE:
        conn = "|".join(re.escape(c).replace(r"\ ", r"[ \t]+") for c in key)
        _TAIL_CACHE[key] = re.compile(
            rf"[ \t]+(?i:{conn})[ \t]+(?:(?:the|a|an)[ \t]+)?[\"“]?{_CAPS}[\"”]?"
            rf"|[ \t]+(?:of|on|for|against)[ \t]+(?:the[ \t]+)?[\"“]{_CAPS}[\"”]"
            rf"|(?:,[ \t]+[A-Z][\w’'-]*)+,?[ \t]+and[ \t]+{_CAPS}")
    return _TAIL_CACHE[key]


_BY_AFTER = re.compile(rf"[ \t]+(?:by|with|for|against|under)[ \t]+(?:the[ \t]+)?(?=[A-Z][a-z]){_CAPS}")     # (not "... by UNODC": a publisher)
# A subtitle after a colon, in capitals, closing the sentence or clause.
_SUBTITLE_AFTER = re.compile(rf"[ \t]*:[ \t]+(?:(?:The|A|An)[ \t]+|[A-Z][a-z]+ing[ \t]+(?:(?:a|an|the)[ \t]+)?)?{_CAPS}(?=[ \t]*(?:[,.;)(]|$|\n|[ \t]+(?:was|is|which|and|that)\b))")
_PARTICIPLE_END = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?:ed|ing)\Z")


_AND_NEXT = re.compile(r"[ \t]+and[ \t]+(?:the[ \t]+)?(?=[A-Z])")


def _extend(text: str, e: int) -> int:
    """The end of a title whose capitalised run ends at e, through its tail; not into a
    second title joined by "and" ("... within a Framework and the X Handbook on Y")."""
    end = _extend_tail(text, e)
    heads = words().resource_heads
    for m in _AND_NEXT.finditer(text, e, end):
        if any(x.lower() in heads for x in re.findall(r"[A-Z][\w’'-]*", text[m.end():end])):
            return m.start()
    return end


def _extend_tail(text: str, e: int) -> int:
    tail = _title_tail()
    # A connective written with a capital ("in Line with") is half inside the run: start there.
    for c in words().title_connectives:
        first = c.split()[:-1]
        for k in range(len(first), 0, -1):
            part = " ".join(first[:k])
            b = e - len(part)
            if b > 0 and text[b:e].lower() == part and text[b - 1] in " \t" and \
                    re.match(r"[ \t]+" + r"[ \t]+".join(map(re.escape, c.split()[k:])) + r"\b", text[e:], re.I):
                e = b - 1
                break
        else:
            continue
        break
    while True:
        if (m := tail.match(text, e)) and m.end() > e:
            e = m.end()
        elif (m := _BY_AFTER.match(text, e)) and _PARTICIPLE_END.search(text, max(0, e - 30), e):
            e = m.end()               # "... Children Recruited by Terrorist Groups", "... Charged with Terrorism"
        elif (m := _SUBTITLE_AFTER.match(text, e)):
            e = m.end()               # "Handbook on X: The Role of the Justice System"
        else:
            return _without_venue(text, e)


_TOWN_END = re.compile(r"[ \t]+in[ \t]+([A-ZÀ-Þ][\w’'-]+(?:[ \t]+[A-ZÀ-Þ][\w’'-]+)?)\Z")


def _without_venue(text: str, e: int) -> int:
    """A title stops before "in <town>": "... in Coastal States in Accra" was presented in Accra
    (a region or country after "in" may be the title's own: "... in Africa")."""
    m = _TOWN_END.search(text, max(0, e - 60), e)
    pl = places()
    if m and pl.city(m.group(1)) and not pl.country(m.group(1)) and not pl.region(m.group(1)):
        return m.start()
    return e


_NOUN_AFTER = re.compile(r"[ \t]+(?:mission|missions|programme|programmes|program|project|projects|office|team|unit|"
                         r"initiative|facility|fund|secretariat|process|partnership|agency)\b")
_ORDINAL_BEFORE = re.compile(r"\b\d{1,3}(?:st|nd|rd|th|e|er|ème|º|°)[ \t]+\Z")


def _add(doc: Doc, found: list, s: int, e: int, quoted: bool = False) -> None:
    text, w = doc.text, words()
    if not quoted and (ordinal := _ORDINAL_BEFORE.search(text, max(0, s - 8), s)):
        s = ordinal.start()         # "the Commission's 26th Annual Report": the edition is part of the title
    tail = _NUMBER_TAIL.match(text, e)
    if tail and tail.end() > e and not quoted:
        e = tail.end()
    if not quoted:
        e = _extend(text, e)
        own = _OWNER_FIRST.match(text, s, e)
        if own and len(text[own.end():e].split()) >= 3 \
                and any(x.lower() in w.resource_heads for x in text[own.end():e].split()):
            s = own.end()           # "the Office's Special Report on X": the report is the title
    if doc.title_quote and doc.title_quote[0] <= s < doc.title_quote[1]:
        return                      # words of the event's own title
    if not quoted and _ARTICLE_OF.search(text, max(0, s - 40), s):
        return                      # "under Article 322 of the Criminal Code": a law cited, not a document used
    if not quoted and _NOUN_AFTER.match(text, e):
        return                      # "a Common Security and Defence Policy mission": the name of something else
    owner = None
    if not quoted:
        for m in doc.mentions_in(s + 1, e):
            of = _OF_OWNER.search(text, s, m.start)
            if m.end >= e and of:
                e, owner = of.start(), doc.org_name(m)   # "... Recommendations on X of the Global ... Forum"
                break
    if not quoted and (text[s].islower() and doc.lang != "fr"
                       or any(m.start == s and m.end >= e for m in doc.mentions)):
        return                      # "of Ministers' Guidelines"; a body named "Institute for Policy ..."
    ss, se = doc.sentence_of(s)
    sent = text[ss:se]
    title = text[s:e]
    head_words = {x.lower() for x in re.findall(r"[\w’'-]+", title)} & w.resource_heads
    if not quoted and head_words and head_words <= w.weak_resource_heads \
            and not _USE.search(text, max(ss, s - 80), s) and not _USE.search(text, e, min(se, e + 40)) \
            and not _PUBLISHED_AFTER.match(text, e, se):
        return                      # "the Global Strategy" named in passing
    if _ALSO_KNOWN.search(text[max(ss, s - 40):s]) and found:
        return                      # another name of the document just named
    publisher = owner or _publisher(doc, s, e, se)
    presenter = None
    if _PRESENTED.search(sent):
        presenter = next((p.name for p in doc.persons if any(ss <= ms < se and ms < s for ms, _ in p.mentions)), None)
    used = [doc.events[0].key] if doc.events and _USE.search(sent) else []
    found.append((Resource(title=title, publisher=publisher, used_at=used, presented_by=presenter,
                           evidence=doc.ev(s, e, "resource.title")), s, e))


_ARTICLE_OF = re.compile(r"\b(?:Articles?|Sections?|art\.|articles?|artículos?|artigos?)[ \t]+[\w.()-]+"
                         r"(?:[ \t]*(?:,|and|et|y)[ \t]*[\w.()-]+)*[ \t]+(?:of[ \t]+the|of|de[ \t]+la|du|del|de|do|da)[ \t]+\Z")
_OWNER_FIRST = re.compile(r"[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,3}[’']s[ \t]+(?=[A-Z])")
_ITS_BEFORE = re.compile(r"\b(?:its|their)[ \t]+(?:(?:new|latest|recent|own|recently[ \t]+\w+|updated|revised)[ \t]+)?\Z")


def _publisher(doc: Doc, s: int, e: int, se: int) -> str | None:
    text = doc.text
    for m in doc.mentions_in(max(0, s - 60), e):
        if m.start == s and m.end < e:
            return doc.org_name(m)             # "OHCHR Toolkit ...", "UN Women Guidance Note ..."
        if m.end <= s and re.fullmatch(r" [“\"«]?", text[m.end:s]) and not m.possessive:
            return doc.org_name(m)             # "the Council of Europe HELP course on ...", "the OSCE “...”"
        between = re.fullmatch(r" ([a-z]+) [“\"«]?", text[m.end:s]) if m.end <= s else None
        if between and between.group(1) in words().resource_heads and not m.possessive:
            return doc.org_name(m)             # "the ODIHR manual Human Rights in ..."
        # "GCTF’s Glion Recommendations", "the Global ... Forum’s (GCTF) Hague Memorandum"
        if m.end <= s and 0 <= s - m.end <= 12 and re.fullmatch(r"(?:[’'´]s)?\s*(?:\(\w+\)\s*)?[“\"«]?", text[m.end:s]) \
                and re.search(r"[’'´]s\b", text[m.start:s]):
            return doc.org_name(m)
    if _ITS_BEFORE.search(text, max(0, s - 30), s):
        ss = doc.sentence_of(s)[0]            # "UNODC presented its new Handbook ...": the subject's
        subject = next((m for m in doc.mentions_in(ss, s) if not m.modifier), None)
        if subject is not None and doc.org_name(subject):
            return doc.org_name(subject)
    for name, got in doc.roles.items():       # "UNOCT published a Handbook on ...": the cue's subject
        ev = got.get("publisher")
        if ev is not None and ev.start is not None and ev.start <= s < ev.end:
            return name
    pb = _PUBLISHED_BY.search(text, e, se)
    if pb:
        nxt = doc.mentions_in(pb.end(), se)
        if nxt:
            return doc.org_name(nxt[0])
    return None


def _merge(found: list[tuple[Resource, int, int]]) -> list[Resource]:
    """One resource per document: shorter mentions inside a longer title join it."""
    out: list[Resource] = []
    by_title: dict[str, Resource] = {}
    spans: dict[int, tuple[int, int]] = {}
    for r, s, e in sorted(found, key=lambda x: -len(x[0].title)):
        # (overlapping spans are one mention: "the Council of Europe Guidelines for ...")
        host = by_title.get(r.title) or next((o for o in out if r.title in o.title
                                              or (spans[id(o)][0] < e and s < spans[id(o)][1])), None)
        if host:
            host.publisher = host.publisher or r.publisher
            host.presented_by = host.presented_by or r.presented_by
            host.used_at += [k for k in r.used_at if k not in host.used_at]
            continue
        out.append(r)
        by_title[r.title] = r
        spans[id(r)] = (s, e)
    out.sort(key=lambda r: r.evidence.start)
    return out
