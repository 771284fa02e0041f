"""Stage 6: persons, their posts and the organisations of those posts.

Shapes read, in each sentence: an honorific before a name ("H.E. Mr. Thomas
Seiler"); a name and its post ("Jane Doe, Head of the Unit"); a post before a
name ("Executive Secretary Tom Wuchte", "the Ambassador of Italy, Marco
Rossi"); a name before a speech verb ("Jane Doe said"); names joined by
"and" before ", who"; a name with whom it represents ("Jane Doe,
representing the Ministry"). Later short mentions ("Mr. Doe") join the
first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Evidence
from .doc import Doc, Spans
from .lexicon import words
from .places import places
from .postphrases import (
    OF_BEFORE_HONORIFIC, extend_post, post_phrase, role_of, skip_comma, title_before, title_start,
)
from .romance import spanish_past

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_NAMEWORD = rf"[{_UP}](?:[\w’'\-]*\w)?"
_SPEECH = (r"said|says|stated|added|noted|explained|emphasi[sz]ed|stressed|underlined|highlighted|"
           r"welcomed|presented|provided|delivered|opened|closed|thanked|reminded|recalled|"
           r"underscored|addressed|gave|shared|told|spoke|declared|concluded|introduced|moderated|chaired|"
           r"a\s+déclaré|a\s+souligné|a\s+rappelé|a\s+indiqué|a\s+salué|a\s+remercié|a\s+présenté|a\s+ouvert|"
           r"a\s+expliqué|a\s+affirmé|a\s+insisté|a\s+animé|a\s+modéré|a\s+clôturé|a\s+conclu|"
           r"dijo|afirmó|señaló|destacó|subrayó|presentó|moderó|explicó|clausuró|inauguró|agradeció|indicó|"
           r"recordó|expuso|resaltó|clausuraron|inauguraron|presentaron|"
           r"explicou|sublinhou|destacou|afirmou|disse|salientou|referiu|lembrou|apresentou|abriu|encerrou")
_SPEECH_RE = re.compile(rf"\s+(?:also\s+|then\s+)?(?:{_SPEECH})\b")
# "Commissioner Jane Doe of the VPS welcomed ...": her body between the name and the verb.
_OF_BODY_SPEAKS = re.compile(rf"\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:(?:for|of|on|and|the)\s+)?[A-Z][\w-]*){{0,6}}"
                             rf"\s+(?:also\s+)?(?:{_SPEECH})\b")
_OF_BEFORE = re.compile(r"\b(?:of|de|del|du|des|d[’']|in|en)\s+\Z", re.I)
# "Jane Doe, a retired judge, moderated the panel": an apposition, then a speech verb.
_APPOSITION_SPEAKS = re.compile(rf"\s*,\s+[^,;.()]{{1,100}},(?:\s+(?:also|then))?\s+(?:{_SPEECH})\b")
_REPRESENTS = re.compile(
    r"\s*,?\s*(?:who\s+(?:represented|spoke\s+(?:in\s+representation\s+of|on\s+behalf\s+of|for))|representing|"
    r"in\s+representation\s+of|on\s+behalf\s+of|from|of|représentant|au\s+nom\s+(?:de|du|des))\s+(?:the\s+|la\s+|le\s+|l[’'])?")


# "la profesora Jane Doe, de la Universidad X, ...": her body after a comma, in Romance prose.
_OF_BODY_AFTER_COMMA = re.compile(r"\s*,\s*(?:de\s+la|de\s+l[’']|del|du|des|de\s+los|de\s+las|da|do)\s*(?=[A-ZÀ-Þ])")


# "EUBAM Head of Mission Jane Doe": a post ending in a capitalised unit word before a name.
_HEAD_OF = re.compile(r"\b(?:Deputy\s+)?(?:Head|Chief|Director|Commander|Coordinator)\s+of\s+(?:the\s+)?[A-Z][\w-]+\s+\Z")


@dataclass
class PersonMention:
    name: str
    honorific: str | None = None
    job_title: str | None = None
    role: str | None = None
    organisation: str | None = None
    org_span: tuple[int, int] | None = None      # text span naming the post's organisation
    evidence: Evidence | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


@lru_cache(maxsize=4)
def _compiled(w):
    """The person patterns for one vocabulary (bundled, or with an overlay)."""
    particles = "|".join(sorted((re.escape(p) for p in w.name_particles), key=len, reverse=True))
    name = rf"{_NAMEWORD}(?:\s+(?:(?:{particles})\s+)*{_NAMEWORD}){{0,4}}"
    hon = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in w.honorifics)
    return {
        "name": name,
        # One or more honorifics: "H.E. Gen. Kamal Idris", "Hon. Justice Jane Doe".
        # ("Brig. Gen. (Rtd) Jane Doe": a retired officer's rank)
        "hon": re.compile(rf"(?<![\w.])(?P<hon>(?:{hon})(?:\s+(?:{hon})){{0,2}})(?:\s+\((?:Rtd|Retd|retired|R)\.?\))?"
                          rf"\s+(?P<name>{name})"),
        "post": re.compile(rf"(?<![\w.])(?P<name>{name})\s*(?:\([^()]{{1,80}}\)\s*)?,\s+"),
        # "Speakers included Jane Doe (UNODC), John Roe (ICJ Kenya) and ...": a name, its body in brackets.
        "bracketed": re.compile(rf"(?<![\w.])(?P<name>{name})[ \t]*\((?P<body>[^()\n]{{2,80}})\)"),
        "tail": re.compile(rf",\s+(?P<name>{name})(?=\s*(?:[.;,]|$))"),
        "free": re.compile(rf"(?P<name>{name})"),
        "pair": re.compile(rf"(?P<a>{name})\s+(?:and|et)\s+(?P<b>{name}),\s+(?:who|qui)\b"),
        "list_before": re.compile(rf"(?:{name}\s*,\s+)*{name}\s*,?\s+(?:and|et)\s+$"),
    }


def _patterns():
    return _compiled(words())


def _valid_name(parts: list[str], *, single: bool = False) -> bool:
    w, pl = words(), places()
    core = [p for p in parts if p.lower() not in w.name_particles or p[0].isupper()]
    if len(core) < (1 if single else 2):
        return False
    if pl.country(" ".join(parts)):
        return False                  # "la Delegación de la Unión Europea en República Dominicana, Sofía ..."
    for i, p in enumerate(parts):
        # (A country's name may be a surname inside a longer name: "Gabriela Montenegro Salas".)
        if not name_word(p, inner=0 < i < len(parts) - 1 and len(core) >= 3):
            return False
    return True


def name_word(p: str, *, inner: bool = False) -> bool:
    """Whether one word can be part of a personal name (a country only inside a longer one)."""
    w, pl = words(), places()
    lp = p.rstrip("’'s").lower() if p.endswith(("’s", "'s")) else p.lower()
    # (Not cities: GeoNames has towns called Eva, Ana, Ali and Marco.)
    if (lp in w.org_heads or lp in w.role_heads or p in w.person_stop_caps
            or (pl.country(p) and not inner)
            or lp in w.generic_plurals or pl.known_org(p) or lp in _MONTHS
            or lp in w.not_name_words or pl.demonym(p) or lp in w.title_nouns):
        return False
    return not (p.isupper() and len(p) > 2)


# Courtesy titles after which one word is a surname ("Mr Guindo").
_COURTESY = {"mr", "ms", "mrs", "dr", "mme", "m", "monsieur", "madame", "prof", "me", "maître"}

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "janvier", "février", "mars", "avril", "mai", "juin",
           "juillet", "août", "septembre", "octobre", "novembre", "décembre"}


def _trim_name(name: str) -> str:
    w = words()
    out = []
    for p in name.split():
        lp = p.lower()
        if lp in w.org_heads or lp in w.role_heads or p in w.person_stop_caps or lp in w.not_name_words:
            break
        out.append(p)
    return " ".join(out)


def find_persons(doc: Doc) -> None:
    text, w, pat = doc.text, words(), _patterns()
    found: list[PersonMention] = []
    taken = Spans()
    org_spans = Spans((m.start, m.end) for m in doc.mentions if m.rule not in ("org.bare-acronym",))

    def overlaps(a, b, spans):
        return spans.overlaps(a, b)

    def add(name, ns, ne, hon, hs, post, *, single=False, org_pos=None):
        parts = name.split()
        while len(parts) > 1 and parts[-1] in w.post_nominals:
            ne -= len(parts[-1]) + 1          # "Jane Doe MP": her seat, not her name
            parts = parts[:-1]
        name = " ".join(parts)
        if not _valid_name(parts, single=single) or overlaps(ns, ne, taken):
            return
        if overlaps(ns, ne, org_spans) and not hon:
            return
        if post:
            post = extend_post(doc, post)
        job = text[post[0]:post[1]].strip() if post else None
        if job:
            job = re.sub(r"^(?:the|a|an|le|la)\s+", "", job, flags=re.I)
            if job.lower().startswith(("from ", "representing ")):
                job = None
        start = min(hs, post[0]) if post else hs
        end = max(ne, post[1]) if post else ne
        taken.add(ns, ne)
        p = PersonMention(name=name, honorific=hon, job_title=job, role=role_of(job) if job else None,
                          evidence=doc.ev(start, end, "person.name"), mentions=[(hs, ne)])
        p.org_span = post if post else org_pos
        found.append(p)

    for ss, se in doc.sents:
        for m in pat["hon"].finditer(text, ss, se):
            name = _trim_name(m.group("name"))
            if not name:
                continue
            ns, ne = m.start("name"), m.start("name") + len(name)
            hon = " ".join(m.group("hon").split())
            if len(name.split()) == 1 and hon.rstrip(".").lower() not in _COURTESY:
                continue                  # "Justice Responses": one word needs Mr, Ms, Dr ...
            nxt = skip_comma(text, ne, se)
            post = post_phrase(doc, nxt, se) if nxt != ne else None
            if post is None and OF_BEFORE_HONORIFIC.search(text, max(ss, m.start() - 5), m.start()):
                post = title_before(doc, ns, ss)          # "Minister of Justice Jane Doe": no honorific
                if post:
                    hon = None
            if post is None:
                post = title_before(doc, m.start(), ss)
            rep = None if post else _OF_BODY_AFTER_COMMA.match(text, ne, se)     # "Me Jane Doe, de l'Ordre X"
            add(name, ns, ne, hon, post[0] if post and not hon else m.start(), post, single=len(name.split()) == 1,
                org_pos=(rep.end(), min(se, rep.end() + 120)) if rep else None)
        for m in pat["post"].finditer(text, ss, se):
            parts = m.group("name").split()
            whole = len(parts)
            while parts and (parts[0] in w.stop_caps or parts[0].lower() in w.role_heads
                             or parts[0].lower() in w.role_modifiers or parts[0].endswith(("’s", "'s"))
                             or parts[0][0].islower() or spanish_past(parts[0], capitalised=True)):
                parts = parts[1:]             # (an owner's possessive: "UNODC's Jane Doe"; a particle left over)
            if len(parts) < 2:
                continue
            name = " ".join(parts)
            ns = m.end("name") - len(name)
            ne = m.end("name")
            post = post_phrase(doc, skip_comma(text, ne, se), se)
            rep = _REPRESENTS.match(text, ne, se) or _OF_BODY_AFTER_COMMA.match(text, ne, se)
            if post is None:
                post = title_before(doc, ns, ss)
            if post is None and rep is None and not (len(parts) == whole and _APPOSITION_SPEAKS.match(text, ne, se)
                                                     and not _OF_BEFORE.search(text, max(ss, ns - 4), ns)):
                continue                  # ("Jane Doe, a retired judge, moderated": one who speaks)
            add(name, ns, ne, None, ns, post, org_pos=(rep.end(), min(se, rep.end() + 120)) if rep else None)
        for m in pat["bracketed"].finditer(text, ss, se):
            parts = m.group("name").split()
            while parts and (parts[0] in w.stop_caps or not name_word(parts[0])):
                parts = parts[1:]
            body = [x for x in doc.mentions_in(m.start("body"), m.end("body")) if x.start == m.start("body")]
            if len(parts) < 2 or not body or overlaps(m.end("name") - len(" ".join(parts)), m.end("name"), taken):
                continue
            name = " ".join(parts)
            add(name, m.end("name") - len(name), m.end("name"), None, m.end("name") - len(name), None,
                org_pos=(m.start("body"), m.end("body")))
        for m in pat["tail"].finditer(text, ss, se):
            ns, ne = m.start("name"), m.end("name")
            if overlaps(ns, ne, taken):
                continue
            post = title_before(doc, ns, ss)
            if post:
                add(m.group("name"), ns, ne, None, post[0], post)
        for m in pat["pair"].finditer(text, ss, se):
            rep = _REPRESENTS.match(text, m.end("b"), se)
            org_pos = (rep.end(), min(se, rep.end() + 120)) if rep else None
            for g in ("a", "b"):
                add(m.group(g), m.start(g), m.end(g), None, m.start(g), None, org_pos=org_pos)
        for m in pat["free"].finditer(text, ss, se):
            if overlaps(m.start(), m.end(), taken):
                continue
            parts = m.group().split()
            k = max((i for i, x in enumerate(parts) if x.lower() in w.role_heads), default=-1)
            pre = text[max(ss, m.start() - 6):m.start()]
            if k >= 0 and len(parts) - k - 1 >= 2 and parts[k + 1][0].isupper():   # "Executive Secretary Tom Wuchte"
                name = " ".join(parts[k + 1:])
                ns = m.end() - len(name)
                t0 = m.start() + len(" ".join(parts[:title_start(parts, k)]))
                if t0 > m.start():
                    t0 += 1
                add(name, ns, m.end(), None, t0, (t0, ns - 1))
            elif re.search(r"\b(?:said|says|added)\s+$", pre) and len(parts) >= 2:
                post = post_phrase(doc, skip_comma(text, m.end(), se), se)
                add(m.group(), m.start(), m.end(), None, m.start(), post)
            elif len(parts) >= 2 and (_SPEECH_RE.match(text, m.end(), se) or _OF_BODY_SPEAKS.match(text, m.end(), se)) \
                    and not doc.in_headline(m.start()):
                # "Jane Doe presented ...", "UNODC expert Jane Doe presented ..."; "Head of
                # Mission Jane Doe added": the post's last word is no part of the name
                lead = 0
                while len(parts) - lead > 2 and (parts[lead].lower() in w.org_heads or parts[lead].isupper()
                                                 or places().country(parts[lead])):
                    lead += 1         # "la commissaire de la CNDH Jane Doe a rappelé", "... to Ghana Jane Doe said"
                # "Minister of Foreign Affairs Jane Doe said": the name starts after the
                # post's last word that no name has.
                bad = [i for i in range(lead, len(parts) - 2) if not name_word(parts[i])]
                lead = bad[-1] + 1 if bad else lead
                ns = m.start() + len(" ".join(parts[:lead])) + (1 if lead else 0)
                post = title_before(doc, ns, ss)
                if lead and post is None:
                    post = _HEAD_OF.search(text, max(ss, ns - 60), ns)
                    post = (post.start(), ns - 1) if post else None
                add(" ".join(parts[lead:]), ns, m.end(), None, post[0] if post else ns, post)
                # "Ann Lee, Bo Chen and Jane Doe presented ...": the names listed before.
                lm = pat["list_before"].search(text, max(ss, m.start() - 160), m.start())
                if lm and lm.end() == m.start():
                    for nm in re.finditer(pat["name"], lm.group()):
                        if len(nm.group().split()) >= 2:
                            add(nm.group(), lm.start() + nm.start(), lm.start() + nm.end(), None,
                                lm.start() + nm.start(), None)
    doc.persons = _merge_short_mentions(doc, found)


def _merge_short_mentions(doc: Doc, found: list[PersonMention]) -> list[PersonMention]:
    """One person per name; "Mr. Doe" later in the text joins "Jane Doe"."""
    merged: list[PersonMention] = []
    by_name: dict[str, PersonMention] = {}
    by_last: dict[str, PersonMention] = {}
    for p in found:
        same = by_name.get(p.name) or (by_last.get(p.name) if len(p.name.split()) == 1 else None)
        if same:
            same.mentions.extend(p.mentions)
            same.honorific = same.honorific or p.honorific
            if not same.job_title and p.job_title:
                same.job_title, same.role, same.org_span = p.job_title, p.role, p.org_span
            continue
        merged.append(p)
        by_name[p.name] = p
        if len(p.name.split()) > 1:
            by_last.setdefault(p.name.split()[-1], p)
    for m in _patterns()["hon"].finditer(doc.text, 0, doc.content_end):
        q = by_last.get(m.group("name").split()[0])
        if q is not None:
            q.mentions.append((m.start(), m.end()))
    return merged


def drop_person_names_from_orgs(doc: Doc) -> None:
    """A person's name is not an organisation ("Tom Wuchte Addressed")."""
    spans = Spans(sp for p in doc.persons for sp in p.mentions)
    keep = [m for m in doc.mentions if not spans.contains(m.start) or m.acronym]
    doc.set_mentions(keep)
