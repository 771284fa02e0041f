"""Stage 10: project organisers, fundings, and the finished Extraction.

Every fact carries an Evidence whose ``exact`` is the source text at its
span and whose ``method`` names the rule that found it.
"""

from __future__ import annotations

import re

from ..model import Event, Evidence, Extraction, Funding, Organisation, Participation, Person
from .doc import Doc
from .lexicon import cues, words
from .persons import PersonMention

_OPENED = re.compile(r"\bopened\s+by\b|\bopening\s+(?:remarks|speech(?:es)?|statement|address)|\bouverture\b"
                     r"|\bouvert(?:e|s|es)?\s+(?:officiellement\s+)?par\b", re.I)
# Opened by the person: "opened by Mr X", "ouvert par M. X" before the name; "X opened the workshop" after it.
_OPENER_BEFORE = re.compile(r"(?:opened|ouvert(?:e|s|es)?)\s+(?:officially\s+|officiellement\s+)?(?:by|par)\s*"
                            r"(?:(?:[\w.’'-]+\s+){0,6}|[^;]{0,200}?\s(?:and|et)\s+(?:by|par)\s+(?:[\w.’'-]+\s+){0,2})$", re.I)
_OPENER_AFTER = re.compile(r"^[^.;]{0,80}?\b(?:officially\s+)?opened\s+the\b|^[^.;]{0,80}?\ba\s+ouvert\s+(?:les|la|le|l[’'])", re.I)
_CHAIRED = re.compile(r"\b(?:chaired|moderated|co-chaired)\s+by\b|\b(?:co-)?(?:présidée?s?|modérée?s?)\s+par\b", re.I)
_SPEAKER = re.compile(
    r"\b(?:said|stated|remarks|speech|presentation|presented|shared|explained|emphasi[sz]ed|stressed|"
    r"underscored|addressed|welcomed|provided\s+an\s+overview|highlighted|noted|spoke|speakers?|panell?ists?|"
    r"presenters?|keynote|intervenants?|orateurs?|a\s+déclaré|a\s+souligné|"
    r"a\s+rappelé|a\s+indiqué|a\s+salué|a\s+insisté|a\s+présenté|est\s+intervenue?|a\s+expliqué|a\s+affirmé)\b", re.I)


def project_organisers(doc: Doc) -> None:
    """"the ACME EU-funded XYZ facility", "the ACME “...” project": the body named in front."""
    text = doc.text
    adjacent_funders = [c for c in cues() if c.reach == "adjacent" and c.role == "funder"]
    for pj in doc.projects:
        s, e = pj.span
        window = max(doc.sentence_of(s)[0], s - 60)
        before = [m for m in doc.mentions_in(window, s) if m.end <= s]
        funders = {m.start for m in before if any(c.pattern.match(text, m.end, m.end + 20) for c in adjacent_funders)}
        organiser = None
        for m in reversed(before):
            if m.start in funders:
                continue
            gap = text[m.end:s]
            if len(gap) < 25 or re.fullmatch(r"[\s)’'s]*(?:\(\w+\)\s*)?(?:[A-Z]{2,}\s+)?(?:[\w-]+\s+)?(?:[A-Z][\w-]*\s+)*(?:funded\s+)?\s*[“\"]?", gap):
                organiser = doc.org_name(m)
                break
        if organiser is None:
            inner = doc.mentions_in(s, e)
            organiser = doc.org_name(inner[0]) if inner else None
        pj.project.organiser = organiser


def fundings(doc: Doc) -> None:
    out: list[Funding] = []
    seen: set[tuple[str, str | None]] = set()
    main = doc.events[0]
    for name, rs in doc.roles.items():
        if "funder" not in rs:
            continue
        evd = rs["funder"]
        proj = next((pj.project.name for pj in doc.projects if evd.start <= pj.span[0] < evd.end), None) or main.project
        if (name, proj) in seen:
            continue
        seen.add((name, proj))
        out.append(Funding(funder=name, project=proj, event=None if proj else main.key, evidence=evd))
    doc.fundings = out


def _person_roles(doc: Doc, p: PersonMention) -> set[str]:
    roles: set[str] = set()
    text = doc.text
    for ms, me in p.mentions:
        ss, se = doc.sentence_of(ms)
        before = text[ss:ms]
        if _CHAIRED.search(before):
            roles.add("chair")
        elif _OPENER_BEFORE.search(before) or _OPENER_AFTER.search(text[me:se]):
            roles.add("opener")
        elif _OPENED.search(before) or _OPENED.search(text[me:se][:80]):
            roles.add("speaker")
        elif _SPEAKER.search(text[ss:se]):
            roles.add("speaker")
    return roles or {"participant"}


def _post_unit_only(doc: Doc, name: str, ent) -> bool:
    units = words().post_units
    if not all(m.in_post for m in ent.mentions) or any(p.organisation == name for p in doc.persons):
        return False
    if not any(w.lower() in units for w in re.findall(r"[\w-]+", name)):
        return False
    return all((ev.method or "").startswith("person.") for ev in doc.roles.get(name, {}).values())


def _event_of(doc: Doc, ev: Evidence | None) -> str:
    if ev is not None:
        for e in doc.events[1:]:
            if any(s <= ev.start < t for s, t in e.sentences):
                return e.key
    return doc.events[0].key


def extraction(doc: Doc) -> Extraction:
    ex = Extraction(source=doc.source)
    for e in doc.events:
        ex.events.append(Event(key=e.key, title=e.title, start=e.start, end=e.end, place=e.place,
                               country=e.country, participants_count=e.participants_count,
                               count_qualifier=e.count_qualifier, event_type=e.event_type,
                               date_text=e.date_text, project=e.project, evidence=e.evidence))
    # Named only in a document's name ("the UN Global ... Strategy"), or a unit
    # named only inside a person's post before the post's body: not an
    # organisation of the article.
    dropped = {n for n, e in doc.orgs.items() if all(m.of_document for m in e.mentions) and not doc.roles.get(n)}
    dropped |= {n for n, e in doc.orgs.items() if _post_unit_only(doc, n, e)}
    for name, ent in doc.orgs.items():
        if name in dropped:
            continue
        aliases = [n for n in dict.fromkeys(ent.names + ent.aliases) if n != name]
        parent = ent.parent if ent.parent not in dropped else None
        ex.organisations.append(Organisation(name=name, acronym=ent.acronym, aliases=aliases, parent=parent,
                                             kind=ent.kind, country=ent.country, evidence=ent.evidence))
        got = doc.roles.get(name) or {"other": ent.evidence}
        by_ev: dict[Evidence, set[str]] = {}
        for role, evd in got.items():
            by_ev.setdefault(evd or ent.evidence, set()).add(role)
        for evd, rs in by_ev.items():
            ex.participations.append(Participation(event=_event_of(doc, evd), agent=name, roles=rs, evidence=evd))
    for p in doc.persons:
        ex.persons.append(Person(name=p.name, honorific=p.honorific, job_title=p.job_title, role=p.role,
                                 organisation=p.organisation, evidence=p.evidence))
        sent = doc.sentence_of(p.mentions[0][0])
        ex.participations.append(Participation(
            event=doc.events[0].key, agent=p.name, agent_kind="person", roles=_person_roles(doc, p),
            on_behalf_of=p.organisation, evidence=doc.ev(*sent, "person.participation")))
    ex.resources.extend(doc.resources)
    ex.projects.extend(pj.project for pj in doc.projects)
    ex.fundings.extend(doc.fundings)
    return ex
