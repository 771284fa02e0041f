"""Stage 8: organisations' roles in the event, from the cue table
(``patterns/cues.yaml``), sentence by sentence.

Cues apply in their order; an organisation that got a role from an earlier
cue in a sentence ("in collaboration with B") is not also read as the
subject of the sentence's verb. Parent and modifier mentions get no role
from a cue. Organisations a person represents take part unless the text
gives them another role; the rest are background mentions ("other").
"""

from __future__ import annotations

import re

from ..model import Evidence
from .doc import Doc
from .lexicon import Cue, cues
from .mention import OrgMention

# Words that end the list a cue reaches: a finite verb ("..., in collaboration
# with A and B, held ..."); a relative clause ("who also hosted") does not.
_CLAUSE_END = re.compile(
    r"\b(?:was|were|is|are|has|have|had|will|would|held|hold|holds|organi[sz]ed|organi[sz]es|hosted|hosts|"
    r"convened|conducted|delivered|launched|brought|gathered|trained|took|aimed|aims|focused|provided|"
    r"included|discussed|visited|ran|ont|sont|s[’']est)\b|[;:]", re.I)
_NOT_FINITE = re.compile(r"\b(?:was|were|is|are|be|been|being|to|who|which|that|also|not|having|a\s+été|ont\s+été)\s+$", re.I)
_PREP_BEFORE = re.compile(r"\b(?:for|at|from|by|of|with|to|in|on|under|pour|par|avec|de|du|des|à|au)\s+(?:the\s+|la\s+|le\s+|les\s+|l[’'])?$", re.I)
_BACKGROUND = re.compile(r"\b(?:previous|earlier|past|prior|former|preceding)\s+(?:\w+\s+){0,2}?(?:workshops?|trainings?|events?|sessions?|editions?|courses?|conferences?|seminars?)\b", re.I)
_STATE_KINDS = {"state", "donor-agency"}


def assign_roles(doc: Doc) -> None:
    """Fill ``doc.roles``: organisation name -> {role: evidence sentence}."""
    text = doc.text
    roles: dict[str, dict[str, Evidence]] = {}
    count_sents = {e.count_sentence for e in doc.events if e.count_sentence}

    def give(m: OrgMention, role: str, sent, cue: str):
        name = doc.org_name(m)
        if name:
            roles.setdefault(name, {}).setdefault(role, doc.ev(*sent, f"role.cue:{cue}"))

    for sent in doc.sents:
        ss, se = sent
        if doc.in_title(ss):
            continue
        in_sent = [m for m in doc.mentions_in(ss, se) if not m.modifier and not m.nested_in]
        if not in_sent:
            continue
        background = bool(_BACKGROUND.search(text, ss, se))
        done: set[int] = set()
        for cue in cues():
            if background and cue.reach in ("subject", "list"):
                continue
            for m, role in _targets(doc, cue, sent, in_sent, done):
                give(m, role, sent, cue.name)
                done.add(id(m))
        if sent in count_sents and not background:
            for m in in_sent:
                if id(m) not in done:
                    give(m, "participant", sent, "count-sentence")
    # The body running the project the event was delivered under organises it.
    main = doc.events[0] if doc.events else None
    if main is not None and main.project:
        pj = next((pj for pj in doc.projects if pj.project.name == main.project and pj.project.organiser), None)
        if pj is not None:
            roles.setdefault(pj.project.organiser, {}).setdefault("organiser", pj.project.evidence)
    for p in doc.persons:
        named = [p.organisation] if p.organisation else []
        if p.org_span:
            named += [doc.org_name(m) for m in doc.mentions_in(*p.org_span)]
        for name in named:
            if name and name in doc.orgs and not roles.get(name):
                roles.setdefault(name, {})["participant"] = p.evidence
    doc.roles = roles


def _role_for(cue: Cue, m: OrgMention) -> str:
    if cue.state_role and (m.kind in _STATE_KINDS or (m.known is not None and m.known.kind in _STATE_KINDS)):
        return cue.state_role
    return cue.role


def _targets(doc: Doc, cue: Cue, sent, in_sent: list[OrgMention], done: set[int]):
    """(mention, role) pairs a cue reaches in one sentence."""
    text = doc.text
    ss, se = sent
    if cue.reach == "adjacent":
        for m in in_sent:
            if cue.pattern.match(text, m.end, min(se, m.end + 60)):
                yield m, _role_for(cue, m)
        return
    for match in cue.pattern.finditer(text, ss, se):
        if cue.reach == "after":
            stop = _clause_end(doc, match.end(), se)
            got = [m for m in in_sent if match.end() <= m.start < stop]
            for m in got[:cue.limit]:
                yield m, _role_for(cue, m)
        elif cue.reach == "next":
            got = [m for m in in_sent if 0 <= m.start - match.end() <= 4]
            for m in got[:1]:
                yield m, _role_for(cue, m)
        elif cue.reach == "before":
            got = [m for m in in_sent if m.end <= match.start()]
            if got:
                yield got[-1], _role_for(cue, got[-1])
        elif cue.reach == "subject":
            if _NOT_FINITE.search(text[max(ss, match.start() - 25):match.start()]):
                continue
            if re.match(r"\s+(?:at|by)\b", text[match.end():match.end() + 5]):
                continue                  # "held at", "hosted by": other cues
            clause_start = max(text.rfind(";", ss, match.start()) + 1, ss)
            for m in in_sent:
                if not (clause_start <= m.start < match.start()) or id(m) in done:
                    continue
                if _PREP_BEFORE.search(text[max(ss, m.start - 12):m.start]):
                    continue
                yield m, cue.role
                if cue.host_verbs is not None and cue.host_verbs.fullmatch(match.group()):
                    yield m, "host"
        elif cue.reach == "list":
            for m in in_sent:
                if m.start >= match.start() and id(m) not in done:
                    yield m, cue.role
            return


def _clause_end(doc: Doc, pos: int, se: int) -> int:
    """Where the list after a cue ends: the next verb, relative pronoun or other cue."""
    text = doc.text
    ends = [se]
    for m in _CLAUSE_END.finditer(text, pos, se):
        if m.group() in ";:" or not _NOT_FINITE.search(text[max(pos, m.start() - 25):m.start()]):
            ends.append(m.start())
            break
    for cue in cues():
        if cue.reach in ("after", "next"):
            c = cue.pattern.search(text, pos, se)
            if c and c.start() > pos:
                ends.append(c.start())
    return min(ends)
