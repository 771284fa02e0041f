"""Stage 3: named projects and programmes ("the CT PHARE facility",
"the UNOCT “...” project"). They are not organisations, so their words are
blocked for the organisation stages; their organiser is found later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Project
from .doc import Doc
from .lexicon import words
from .places import places


@dataclass
class ProjectMention:
    project: Project
    span: tuple[int, int]
    word_spans: list[tuple[int, int]] = field(default_factory=list)   # caps-only name: every mention


@lru_cache(maxsize=4)
def _compiled(w) -> tuple[re.Pattern, re.Pattern]:
    """Caps-only names before a project noun; quoted names before one."""
    nouns = "(?:" + "|".join(sorted(w.project_nouns, key=len, reverse=True)) + ")"
    caps = re.compile(rf"(?<![\w’'])((?:[A-Z][A-Z0-9]+\s+)*[A-Z][A-Z0-9]+)\s+(?={nouns}\b|(?:Project|Programme|Program)\s+[A-Z])")
    # "“X” project" or "the joint programme “X”"
    quoted = re.compile(rf"[“\"]([^”\"\n]{{8,200}})[”\"]\s+{nouns}\b"
                        rf"|\b{nouns}\s+(?:(?:entitled|titled|called|named)\s+)?[“\"]([^”\"\n]{{8,200}})[”\"]")
    return caps, quoted
_NAMED_RE = re.compile(
    r"(?<![\w])((?:[A-Z][\w’'-]*\s+)(?:(?:and|of|for|on|in|&)\s+|[A-Z][\w’'-]*\s+){0,10}?(?:Project|Programme|Program|Initiative|Facility))"
    r"\b(?!\s+(?:Lead|Manager|Officer|Coordinator|Director|Team|Unit|Office))")


_POSSESSIVE = ("’s", "'s", "s’", "s'")


def find_projects(doc: Doc) -> None:
    text = doc.text[:doc.content_end]
    w, pl = words(), places()
    caps_re, quoted_re = _compiled(w)
    found: dict[str, ProjectMention] = {}

    def defined(acr: str) -> bool:   # "(ACR)" written somewhere: an organisation's acronym
        return f"({acr})" in text

    for m in caps_re.finditer(text):
        parts = m.group(1).split()
        # An organisation acronym in front belongs to the organiser.
        while parts and (pl.known_org(parts[0]) or defined(parts[0])):
            parts = parts[1:]
        if not parts:
            continue
        name = " ".join(parts)
        s = m.end(1) - len(name)
        found.setdefault(name, ProjectMention(Project(name=name, evidence=doc.ev(s, m.end(1), "project.caps-name")),
                                              (s, m.end(1))))
    for m in quoted_re.finditer(text):
        g = 1 if m.group(1) else 2
        name = m.group(g).strip()
        found.setdefault(name, ProjectMention(Project(name=name, evidence=doc.ev(m.start(g), m.end(g), "project.quoted-name")),
                                              (m.start(g), m.end(g)), [(m.start(g), m.end(g))]))
    for m in _NAMED_RE.finditer(text):
        parts = m.group(1).split()
        while parts and (parts[0] in w.stop_caps or not parts[0][0].isupper()):
            parts = parts[1:]
        # "the Government of Canada's Coastal Security Programme": the owner is no part of the name.
        owned = [k for k, p in enumerate(parts[:-1]) if p.endswith(_POSSESSIVE)]
        if owned:
            parts = parts[owned[-1] + 1:]
        if len(parts) < 2 or pl.known_org(" ".join(parts)):
            continue
        name = " ".join(parts)
        s = m.end(1) - len(name)
        if name not in found and not any(name in k or k in name for k in found):
            found[name] = ProjectMention(Project(name=name, evidence=doc.ev(s, m.end(1), "project.named")), (s, m.end(1)))
    for name, s, e in _head_first(doc):
        if not any(name in k or k in name for k in found):
            found[name] = ProjectMention(Project(name=name, evidence=doc.ev(s, e, "project.head-first")), (s, e),
                                         [(s, e)])
    for pj in found.values():
        # Every mention of a caps-only project name ("CT PHARE") is not an organisation.
        if all(p.isupper() for p in pj.project.name.split()):
            for m in re.finditer(rf"(?<![\w-]){re.escape(pj.project.name)}(?![\w-])", text):
                pj.word_spans.append(m.span())
        doc.blocked.extend(pj.word_spans)
    doc.projects = list(found.values())


def _head_first(doc: Doc):
    """"the Programme d’Appui à la Police Nationale", "the Project for Safer
    Harbours": a capitalised run that starts with a project noun and a
    connector names a project, and the body it supports ("Police Nationale")
    is no organisation of the article. Not when a known body follows the
    connector ("Programme des Nations Unies pour ..." is that body's)."""
    from .chunks import is_connector, is_head, runs
    toks, w, pl = doc.tokens, words(), places()
    for i, j in runs(doc):
        k = i
        while k < j and toks[k].s in w.stop_caps:
            k += 1
        if k + 2 >= j or toks[k].low not in w.project_nouns or not is_connector(toks[k + 1]):
            continue
        c = k + 1
        while c < j and is_connector(toks[c]):
            c += 1
        if any(pl.known_org(doc.text[toks[c].start:toks[x - 1].end]) for x in range(c + 1, min(j, c + 6) + 1)):
            continue
        end = j
        for x in range(c, j - 1):      # "... of the Valdor Coast Guard": the owner, a body
            if toks[x].low == "of" and any(is_head(t) for t in toks[x + 1:j]):
                end = x
                while end > c and is_connector(toks[end - 1]):
                    end -= 1
                break
        s, e = toks[k].start, toks[end - 1].end
        yield doc.text[s:e], s, e
