"""Stage 6b: the organisation each person's post names or represents.

From the post itself ("Head of the Police Academy"), a possessive ("IIJ’s
Director"), the project a post names, "(UNODC)" after the name, "who
represented X" / "from X" / "on behalf of X". A former post ("former lawyer
at X") names no organisation of today.
"""

from __future__ import annotations

import re

from .doc import Doc
from .lexicon import words
from .persons import PersonMention


def former(p: PersonMention) -> bool:
    """A former post ("former lawyer at X", "ancien ministre")."""
    return bool(p.job_title and re.match(r"(?:former|ex-|retired|ancien|ancienne)\b", p.job_title, re.I))


def person_organisations(doc: Doc) -> None:
    """Each person's organisation: from the post, "who represented X", a
    possessive ("IIJ’s Director"), or the project the post names."""
    text = doc.text
    for p in doc.persons:
        if former(p):
            continue
        if p.org_span:
            s, e = p.org_span
            inner = doc.mentions_in(s, e)
            if inner:
                p.organisation = doc.org_name(inner[-1] if p.job_title else inner[0])
                for m in inner[:-1] if p.job_title else ():
                    m.in_post = True      # "the Training Unit" of "Head of the Training Unit at the Academy"
                if p.job_title and _unit(inner[-1]):
                    inner[-1].in_post = True  # "Head of the RHA Training Unit": the post's body is RHA
                    p.organisation = _org_by_surface(doc, inner[-1].parent) if inner[-1].parent else None
                continue
            pm = re.match(r"(?:the\s+)?([\w-]+)[’']s\b", text[s:e])
            if pm:
                org = _org_by_surface(doc, pm.group(1))
                if org:
                    p.organisation = org
                    continue
            proj = next((pj for pj in doc.projects if pj.project.name in text[s:e] and pj.project.organiser), None)
            if proj:
                p.organisation = proj.project.organiser
                continue
        if former(p):
            continue                  # a former post names no organisation of today
        ms, me = p.mentions[0]
        ss, se = doc.sentence_of(ms)
        pm = re.match(r"\s*\(", text[me:me + 3])
        if pm:                                   # "Mr. John Smith (UNODC)"
            inner = doc.mentions_in(me + pm.end(), me + pm.end() + 2)
            if inner:
                p.organisation = doc.org_name(inner[0])
                continue
        rm = re.match(r"\s*,?\s*(?:who\s+represented|from|representing|of|on\s+behalf\s+of)\s+(?:the\s+)?", text[me:se])
        if rm:
            pos = me + rm.end()
            nxt = doc.mentions_in(pos, pos + 2)
            if nxt:
                p.organisation = doc.org_name(nxt[0])
                continue
        pm = re.search(r"([\w-]+)[’']s\s+[^,]*,\s*$", text[max(ss, ms - 60):ms])
        if pm:
            p.organisation = _org_by_surface(doc, pm.group(1))
            continue
        # "On behalf of the Embassy of X, Ms. Jane Doe thanked ..."
        bm = _ON_BEHALF.search(text, ss, ms)
        if bm and bm.end() >= ms - 30:
            inner = doc.mentions_in(bm.start(1), bm.end(1))
            if inner:
                p.organisation = doc.org_name(inner[0])


_ON_BEHALF = re.compile(r"\b(?:on\s+behalf\s+of|au\s+nom\s+(?:de|du|des))\s+(?:the\s+|la\s+|le\s+|l[’'])?([^,;]{3,120}),\s*", re.I)


def _unit(m) -> bool:
    """A mention whose head names a part of a body ("... Training Division"),
    or a possible part with its parent in front ("RHA Training Department")."""
    w = words()
    heads = [x.lower() for x in re.findall(r"[\w-]+", m.surface) if x.lower() in w.org_heads]
    return bool(heads) and (heads[-1] in w.unit_heads or (heads[-1] in w.subunit_heads and m.parent is not None))


def _org_by_surface(doc: Doc, surface: str) -> str | None:
    for m in doc.mentions:
        if m.surface == surface or m.acronym == surface:
            return doc.org_name(m)
    return None
