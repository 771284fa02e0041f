"""The posts written around a person's name: after it ("Jane Doe, Head of the
Unit at X"), before it ("Executive Secretary Jane Doe", "the Ambassador of
Italy, Marco Rossi", "Deputy Minister of Foreign Affairs Jane Doe"), and the
post's head noun (:func:`role_of`). Read by :mod:`persons`.
"""

from __future__ import annotations

import re

from .doc import Doc
from .lexicon import words
from .places import places

_WORD_RE = re.compile(r"[\w’'\-]+")
_CLAUSE_BREAK_RE = re.compile(r"[,;:]\s+|(?<!\.[A-Za-z])\.\s+")     # (not inside "a.i.", "U.N.")
# A speech verb before its speaker: "», señaló la secretaria ejecutiva del X, Jane Doe."
_INVERTED_SPEECH = frozenset("said says added noted señaló afirmó destacó dijo subrayó indicó explicó recordó declaró "
                             "expresó agregó añadió concluyó".split())


def strip_elision(word: str) -> str:
    return re.sub(r"^[LlDd][’']", "", word)


def post_phrase(doc: Doc, start: int, limit: int) -> tuple[int, int] | None:
    """The post written after "Name, " up to the next clause break, if it is one."""
    text, w = doc.text, words()
    m = re.compile(r"[^,;\n]*?(?=,|;|\s+(?:who|stated|said|and\s+(?=[A-Z][a-z]+\s+[A-Z][a-z]+,))\b|(?<!\.[A-Z])[.](?:\s|$)|$)").match(text, start, limit)
    if not m or m.end() == start:
        return None
    ws = [x for x in (strip_elision(x) for x in _WORD_RE.findall(text[start:m.end()])) if x]
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


def extend_post(doc: Doc, post: tuple[int, int]) -> tuple[int, int]:
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
    ws = [x for x in (strip_elision(x) for x in _WORD_RE.findall(job_title)) if x]
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


def title_before(doc: Doc, pos: int, sent_start: int) -> tuple[int, int] | None:
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
    if ws and ws[-1].end() == end and strip_elision(ws[-1].group()).lower() in w.role_heads:
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
    lw = [strip_elision(m.group()).lower() for m in clause]
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
        word = strip_elision(clause[k].group())
        if word and word.lower() in w.role_heads and word[0].isupper():
            rest = [strip_elision(x.group()) for x in clause[k + 1:]]
            if len(rest) <= 8 and all(not x or x[0].isupper() or x.lower() in w.connectors for x in rest):
                i = k
                while i > 0 and strip_elision(clause[i - 1].group()).lower() in w.role_modifiers:
                    i -= 1
                return clause[i].start() + (len(clause[i].group()) - len(strip_elision(clause[i].group()))), end
            break
    return None


_COMPLEMENT_LINKS = frozenset("of for on and the".split())
OF_BEFORE_HONORIFIC = re.compile(r"\b(?:of|for)\s+\Z")


def skip_comma(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"\s*(?:\([^()]{1,80}\)\s*)?,\s*").match(text, pos, limit)
    return m.end() if m else pos


def title_start(ws: list[str], k: int) -> int:
    i = k
    while i > 0 and ws[i - 1][0].isupper() and ws[i - 1] not in words().stop_caps:
        i -= 1
    return i
