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
from .romance import spanish_past

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_NAMEWORD = rf"[{_UP}](?:[\w’'\-]*\w)?"
_WORD_RE = re.compile(r"[\w’'\-]+")
_CLAUSE_BREAK_RE = re.compile(r"[,;:]\s+|(?<!\.[A-Za-z])\.\s+")     # (not inside "a.i.", "U.N.")
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
# A speech verb before its speaker: "», señaló la secretaria ejecutiva del X, Jane Doe."
_INVERTED_SPEECH = frozenset("said says added noted señaló afirmó destacó dijo subrayó indicó explicó recordó declaró "
                             "expresó agregó añadió concluyó".split())
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
        if not _name_word(p, inner=0 < i < len(parts) - 1 and len(core) >= 3):
            return False
    return True


def _name_word(p: str, *, inner: bool = False) -> bool:
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


def _strip_elision(word: str) -> str:
    return re.sub(r"^[LlDd][’']", "", word)


def _post_phrase(doc: Doc, start: int, limit: int) -> tuple[int, int] | None:
    """The post written after "Name, " up to the next clause break, if it is one."""
    text, w = doc.text, words()
    m = re.compile(r"[^,;\n]*?(?=,|;|\s+(?:who|stated|said|and\s+(?=[A-Z][a-z]+\s+[A-Z][a-z]+,))\b|(?<!\.[A-Z])[.](?:\s|$)|$)").match(text, start, limit)
    if not m or m.end() == start:
        return None
    ws = [x for x in (_strip_elision(x) for x in _WORD_RE.findall(text[start:m.end()])) if x]
    if not ws:
        return None
    lw = [x.lower() for x in ws]
    if lw[0] in ("a", "an", "un", "une", "una") and any(x in w.role_heads for x in lw[1:7]):
        k = next(i for i, x in enumerate(lw[1:7], 1) if x in w.role_heads)
        if all(x.isalpha() and x.islower() or x in w.role_modifiers for x in ws[1:k]):
            return start, m.end()     # "Jane Doe, an international juvenile justice expert,"
    for k, x in enumerate(lw[:8]):
        if x in w.role_heads or (x in w.role_modifiers and k + 1 < len(lw) and lw[k + 1] in w.role_heads):
            return start, m.end()
        if x in ("the", "former", "a", "an", "le", "la", "l") or ws[k][0].isupper():
            continue                  # "Counter-terrorism Section Chief"
        if x in ("of", "de") and k and ws[k - 1][0].isupper() and k + 1 < len(ws) and ws[k + 1][0].isupper():
            continue                  # "Rule of Law Specialist"
        break
    if lw[0] in ("from", "representing"):
        return start, m.end()
    return None


def _extend_post(doc: Doc, post: tuple[int, int]) -> tuple[int, int]:
    """"Section Chief, National Security Division, Department of Justice":
    comma-separated segments that are organisations belong to the post."""
    text = doc.text
    s, e = post
    while True:
        m = re.match(r",\s+(?:the\s+)?", text[e:e + 8])
        if not m:
            return s, e
        seg = e + m.end()
        inner = [x for x in doc.mentions_in(seg, seg + 1) if x.start == seg]
        if not inner:
            return s, e
        # (the body's country may follow it: "District Court of X in the Netherlands (who ...")
        where = _IN_COUNTRY.match(text, inner[0].end)
        after = where.end() if where and places().country(where.group(1)) else inner[0].end
        if not re.match(r"\s*(?:[,;.()]|$)", text[after:after + 2]):
            return s, e
        e = inner[0].end


_IN_COUNTRY = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})")


def role_of(job_title: str) -> str | None:
    """The post's head: "Senior Strategic Adviser on ..." -> "Senior Strategic Adviser"."""
    w = words()
    ws = [x for x in (_strip_elision(x) for x in _WORD_RE.findall(job_title)) if x]
    for k, x in enumerate(ws):
        if x.lower() in w.role_heads:
            j = k
            while j + 1 < len(ws) and ws[j + 1].lower() in w.role_heads and ws[j + 1][0].isupper():
                j += 1
            i = k
            while i > 0 and ws[i - 1].lower() in w.role_modifiers and ws[i - 1][0].isupper():
                i -= 1
            return " ".join(ws[i:j + 1])
    return None


def _title_before(doc: Doc, pos: int, sent_start: int) -> tuple[int, int] | None:
    """A post written just before a name: "Executive Secretary Tom Wuchte",
    "Program Manager, Jane Doe", "the Ambassador of Italy, Marco Rossi".
    Only a bounded window is read, so long sentences stay linear."""
    text, w = doc.text, words()
    lo = max(sent_start, pos - 240)
    end = pos
    while end > lo and text[end - 1].isspace():
        end -= 1
    comma = end > lo and text[end - 1] == ","
    if comma:
        end -= 1
    ws = list(_WORD_RE.finditer(text, max(lo, end - 80), end))
    if ws and ws[-1].end() == end and _strip_elision(ws[-1].group()).lower() in w.role_heads:
        k = len(ws) - 1
        while (k > 0 and len(ws) - k < 6 and ws[k - 1].group()[0].isupper()
               and ws[k - 1].group() not in w.stop_caps and text[ws[k - 1].end():ws[k].start()].isspace()):
            k -= 1
        if ws[k].group()[0].isupper():
            return ws[k].start(), end
        if k < len(ws) - 1 or ws[k].group()[0].islower():
            return ws[k].start(), end          # "UNODC expert Maria Lopez"
    elif not comma and ws and ws[-1].end() == end and ws[-1].group()[0].isupper():
        # "Deputy Minister of Foreign Affairs Jane Doe": a post and its capitalised complement.
        k = len(ws) - 1
        while k > 0 and len(ws) - k < 8 and text[ws[k - 1].end():ws[k].start()].isspace() and (
                ws[k - 1].group()[0].isupper() or ws[k - 1].group() in _COMPLEMENT_LINKS):
            k -= 1
            word = ws[k].group()
            if word[0].isupper() and word.lower() in w.role_heads:
                while k > 0 and ws[k - 1].group().lower() in w.role_modifiers and ws[k - 1].group()[0].isupper():
                    k -= 1
                return ws[k].start(), end
    if not comma:
        return None
    starts = [m.end() for m in _CLAUSE_BREAK_RE.finditer(text, lo, end)]
    cs = starts[-1] if starts else lo
    if not starts and lo > sent_start:
        return None
    clause = list(_WORD_RE.finditer(text, cs, end))
    lw = [_strip_elision(m.group()).lower() for m in clause]
    k = 0
    while k < len(lw) and (lw[k] in ("the", "a", "an", "le", "la", "l", "un", "une", "el", "los", "las", "un", "una", "")
                           or lw[k].endswith(("’s", "'s")) or (k == 0 and lw[k] in _INVERTED_SPEECH)):
        k += 1
    if k < len(lw) and (lw[k] in w.role_heads or lw[k].split("-")[0] in w.role_heads or (lw[k] in w.role_modifiers and k + 1 < len(lw)
                                                   and (lw[k + 1] in w.role_heads or lw[k + 1] in w.role_modifiers))):
        return cs + (clause[k].start() - cs if k and clause[k].start() > cs else 0), end
    # "... présidée par l’Ambassadeur de Suède, Anna Berg": the last post in
    # the clause, if only its complement follows it.
    for k in range(len(clause) - 1, -1, -1):
        word = _strip_elision(clause[k].group())
        if word and word.lower() in w.role_heads and word[0].isupper():
            rest = [_strip_elision(x.group()) for x in clause[k + 1:]]
            if len(rest) <= 8 and all(not x or x[0].isupper() or x.lower() in w.connectors for x in rest):
                i = k
                while i > 0 and _strip_elision(clause[i - 1].group()).lower() in w.role_modifiers:
                    i -= 1
                return clause[i].start() + (len(clause[i].group()) - len(_strip_elision(clause[i].group()))), end
            break
    return None


_COMPLEMENT_LINKS = frozenset("of for on and the".split())
_OF_BEFORE_HON = re.compile(r"\b(?:of|for)\s+\Z")


def _skip_comma(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"\s*(?:\([^()]{1,80}\)\s*)?,\s*").match(text, pos, limit)
    return m.end() if m else pos


def _title_start(ws: list[str], k: int) -> int:
    i = k
    while i > 0 and ws[i - 1][0].isupper() and ws[i - 1] not in words().stop_caps:
        i -= 1
    return i


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
            post = _extend_post(doc, post)
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
            nxt = _skip_comma(text, ne, se)
            post = _post_phrase(doc, nxt, se) if nxt != ne else None
            if post is None and _OF_BEFORE_HON.search(text, max(ss, m.start() - 5), m.start()):
                post = _title_before(doc, ns, ss)          # "Minister of Justice Jane Doe": no honorific
                if post:
                    hon = None
            if post is None:
                post = _title_before(doc, m.start(), ss)
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
            post = _post_phrase(doc, _skip_comma(text, ne, se), se)
            rep = _REPRESENTS.match(text, ne, se) or _OF_BODY_AFTER_COMMA.match(text, ne, se)
            if post is None:
                post = _title_before(doc, ns, ss)
            if post is None and rep is None and not (len(parts) == whole and _APPOSITION_SPEAKS.match(text, ne, se)
                                                     and not _OF_BEFORE.search(text, max(ss, ns - 4), ns)):
                continue                  # ("Jane Doe, a retired judge, moderated": one who speaks)
            add(name, ns, ne, None, ns, post, org_pos=(rep.end(), min(se, rep.end() + 120)) if rep else None)
        for m in pat["bracketed"].finditer(text, ss, se):
            parts = m.group("name").split()
            while parts and (parts[0] in w.stop_caps or not _name_word(parts[0])):
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
            post = _title_before(doc, ns, ss)
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
                t0 = m.start() + len(" ".join(parts[:_title_start(parts, k)]))
                if t0 > m.start():
                    t0 += 1
                add(name, ns, m.end(), None, t0, (t0, ns - 1))
            elif re.search(r"\b(?:said|says|added)\s+$", pre) and len(parts) >= 2:
                post = _post_phrase(doc, _skip_comma(text, m.end(), se), se)
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
                bad = [i for i in range(lead, len(parts) - 2) if not _name_word(parts[i])]
                lead = bad[-1] + 1 if bad else lead
                ns = m.start() + len(" ".join(parts[:lead])) + (1 if lead else 0)
                post = _title_before(doc, ns, ss)
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
