"""How a chosen organisation mention reads in its sentence (after the finders of orgs.py).

A modifier or a party ("Security Council resolution 1325", "OSCE
participating States"); a name inside a quoted title; a bracketed other name
("... Agency (BNPT)"); the body a unit belongs to ("the X Court's Office of
the Prosecutor", "Training Centre- Office of the Chief Prosecutor"); a
country's body ("Kenya's National Counter Terrorism Centre"); and which names
in a title-case headline can be trusted.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .doc import Doc
from .lexicon import words
from .mention import OrgMention
from .places import places

# An apposition saying what the name is, when that is not a body.
_NOT_A_BODY = re.compile(
    r"(?:\s*\([^()]{1,20}\))?,\s+(?:a|an)\s+(?:[a-z][\w-]*\s+){0,2}(?:initiative|programme|program|project|plan|"
    r"campaign|strategy|policy|platform|framework|mechanism|scheme|fund)\b(?!\s+[A-Z])"
    r"(?!\s+(?:office|offices|unit|team|secretariat|centre|center|body|agency|department)\b)")   # "a programme office"
_MEMBERS_OF = re.compile(r"\bmember\s+(?:states|countries|states\s+and\s+partners)\s+of\s+(?:the\s+)?\Z"
                         r"|\bÉtats\s+membres\s+(?:de\s+la|de\s+l[’']|du|des|de)\s*\Z"
                         # "the five countries of the G5 Sahel", "des pays membres de la CEDEAO"
                         r"|\b(?:countries|pays)\s+(?:membres\s+)?(?:of\s+(?:the\s+)?|du\s+|de\s+la\s+|de\s+l[’']|des\s+)\Z",
                         re.I)
_TITLE_AFTER = re.compile(r"[ \t]+((?:[A-Z][\w’'-]*[ \t]+){0,4}[A-Z][\w’'-]*)")


def inside_title(doc: Doc, m: OrgMention) -> bool:
    """An unknown name inside a longer quoted title ("... : A Curriculum for
    African Police Academies") is part of the title, not a party."""
    if m.known is not None or m.acronym is not None:
        return False
    return any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in doc.quoted_titles)


def drop_as_modifier(doc: Doc, m: OrgMention) -> bool:
    """"Security Council resolution 1325", "OSCE participating States",
    "UNODC’s work", "the United Nations Global Action Plan":
    a modifier, not a party. Unknown names used so are dropped; known bodies,
    acronyms and defined names stay, flagged so that no cue gives them a role
    (an organisation named only so is dropped at the end)."""
    text, w = doc.text, words()
    if m.known is None and _NOT_A_BODY.match(text, m.end, m.end + 80):
        return True                   # "the National X Team, a government initiative"
    if _MEMBERS_OF.search(text, max(0, m.start - 40), m.start):
        m.modifier = True             # "from member states of the African Union": the states take part
        return m.known is None and m.acronym is None
    after = re.match(r"[ \t]*[-‐]?[ \t]*([A-Za-zà-ÿ][\w-]*)", text[m.end:m.end + 30])
    if after and after.group(1)[0].isupper() and (after.group(1).lower() not in w.capitalised_modifier_nouns
                                                  or re.match(r"[ \t]+of\b", text[m.end + after.end():])):
        after = None
    titled = _TITLE_AFTER.match(text, m.end, m.end + 120)
    possessive = m.possessive or text[m.end:m.end + 2] in ("’s", "'s", "´s")
    m.possessive = possessive
    if titled:
        last = titled.group(1).split()[-1].lower()
        titled = (last in w.title_nouns or last in w.resource_heads or last in w.document_nouns) \
            and last not in w.org_heads      # (also "the EU Artificial Intelligence Act")
    noun = after.group(1).lower() if after else ""
    if not (possessive or titled or noun in w.modifier_nouns):
        return False
    m.modifier = True
    # Before a document's name the body may be its publisher (kept if it gets
    # that role); before anything else an unknown name is no party, nor an
    # undefined acronym ("the PEACE model").
    m.of_document = bool(titled or noun in w.document_nouns)
    if m.rule == "org.bare-acronym":
        return m.known is None and not possessive and f"({m.surface})" not in text
    return not (possessive or m.of_document) and m.known is None and m.acronym is None


_BRACKETED = re.compile(r"[ \t]*\(((?:[A-ZÀ-Þ][\w’'-]*)(?:[ \t]+(?:(?:de|del|de\s+la|des|du|of|for|the|y|et|la|el|los|do|da|dos|das)[ \t]+)?"
                        r"[A-ZÀ-Þ][\w’'-]*){0,4})\)")


def bracketed_names(doc: Doc, mentions: list[OrgMention]) -> list[OrgMention]:
    """"the National Counter-Terrorism Agency (BNPT)", "... Commission (Komnas HAM)":
    a name in brackets right after a name is its other name (often in another
    language, so its letters need not match), not an organisation of its own."""
    pl = places()
    drop: set[int] = set()
    for m in mentions:
        if m.rule == "org.bare-acronym" or m.acronym:
            continue
        b = _BRACKETED.match(doc.text, m.end)
        if not b or pl.known_org(b.group(1)) or pl.place_country(b.group(1)):
            continue
        inner = b.group(1)
        if inner.isupper() and " " not in inner:
            m.acronym = inner
        else:
            m.aliases.append(inner)
        for x in mentions:
            if b.start(1) <= x.start < b.end(1):
                drop.add(id(x))
        if " " in inner:              # "Komnas HAM" written again later: no bare "HAM"
            for again in re.finditer(re.escape(inner), doc.text):
                drop.update(id(x) for x in mentions if x.rule == "org.bare-acronym"
                            and again.start() <= x.start < again.end())
    return [m for m in mentions if id(m) not in drop]


_POSSESSIVE_BEFORE = re.compile(r"([A-ZÀ-Þ][\w-]+(?:[ \t][A-ZÀ-Þ][\w-]+)?)[’'´]s[ \t]+$")


def possessive_countries(doc: Doc, mentions: list[OrgMention]) -> None:
    """"Kenya's National Counter Terrorism Centre": the body is Kenya's."""
    pl = places()
    for m in mentions:
        if m.country is None:
            pm = _POSSESSIVE_BEFORE.search(doc.text, max(0, m.start - 40), m.start)
            if pm and pl.country(pm.group(1)):
                m.country = pl.country(pm.group(1))


_OF_PARENT = re.compile(r"\s+(?:of\s+the|of|des|du|de\s+la|de\s+l[’']|del|de\s+los)\s+")
_OF_COUNTRY_END = re.compile(r"\sof\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)$")


def mark_parents(doc: Doc, mentions: list[OrgMention]) -> list[OrgMention]:
    """"the Ruritanian Commission’s Bureau for Fisheries", "Training Centre- Office of
    the Chief Prosecutor": the body whose unit is named is its parent. Returns the
    mentions without the parents written inside a defined compound ("OHCHR ROMENA")."""
    text = doc.text
    compounds = {alias for m in mentions if m.rule == "org.acronym-definition" for alias in m.aliases if " " in alias}
    parts_of: set[int] = set()
    merged: list[OrgMention] = []
    for a, b in zip(mentions, mentions[1:]):
        gap = text[a.end:b.start]
        if gap == " " and f"{a.surface} {b.surface}" in compounds:
            parts_of.add(id(a))       # "OHCHR ROMENA" again after "(OHCHR ROMENA)" was defined: the unit
        elif (gap in ("’s ", "'s ") or (gap == " " and text[a.end - 2:a.end] in ("’s", "'s"))) \
                and id(a) not in parts_of and b.rule.startswith("org.head") \
                and (of := _OF_COUNTRY_END.search(a.surface)) and (country := places().country(of.group(1))):
            # "the General Directorate of X of Qatar's Ministry of Interior": one unit, named
            # through its country's ministry
            merged.append(replace(b, start=a.start, surface=text[a.start:b.end], acronym=a.acronym or b.acronym,
                                  rule=a.rule, parent=None, country=country))
            parts_of.update((id(a), id(b)))
        elif (gap in ("’s ", "'s ", "´s ") or (gap == " " and text[a.end - 2:a.end] in ("’s", "'s", "´s"))) \
                and b.rule.startswith("org.") and b.rule != "org.bare-acronym":
            if b.parent in (None, a.surface, a.acronym):
                b.parent = b.parent or a.surface
                b.aliases.append(text[a.start:b.start] + b.surface)    # the unit's name as written, with its owner
                if b.known is not None and not _known_owner(b.known, a):
                    b.known, b.kind = None, None   # "the X Bar's Human Rights Committee" is not the UN's
            a.modifier = True
        elif gap in ("-", "- ", "‐ ") and a.rule.startswith("org.head") and b.rule.startswith(("org.head", "org.located")):
            a.parent = a.parent or b.surface
            b.modifier = True
        elif _OF_PARENT.fullmatch(gap) and b.known is not None and a.rule != "org.bare-acronym":
            a.parent = a.parent or b.surface     # "the ... Task Force (CTITF) of the United Nations"
            b.modifier = True
            if not a.acronym or not text[a.start:a.end].endswith(")"):
                a.aliases.append(text[a.start:b.end])    # the unit as written with its parent
        elif gap == " " and a.known is not None and " " in a.surface and b.rule.startswith("org.") \
                and not a.possessive:
            b.parent = b.parent or a.known.name  # "the United Nations Counter-Terrorism Committee ..."
            a.modifier = True                    # named inside the other's name,
            # unless its acronym is defined there: "the ... Office on Drugs and Crime
            # (UNODC) Regional Office for X" names both, the unit as "UNODC Regional Office for X".
            a.of_document = not (a.acronym and text[a.start:a.end].endswith(")"))
            if not a.of_document:
                b.aliases += [b.surface, text[a.start:b.end]]    # (and as written, acronym and all)
                b.surface = f"{a.acronym} {b.surface}"
    return sorted([m for m in mentions if id(m) not in parts_of] + merged, key=lambda m: m.start)


_AFFILIATION_HEADS = frozenset("faculty school department college university universidad facultad université "
                               "faculté universidade faculdade".split())
# After the address, the sentence goes on ("..., University of Y, in collaboration with"), no list item.
_CLAUSE_GOES_ON = re.compile(r",\s+(?!(?:the|and|a|an|la|le|les|l|el|los|las|et|y|or)\b)[a-zà-ÿ]")
_UNIVERSITY = ("university", "universidad", "université", "universidade", "universiti")


def affiliations(doc: Doc, mentions: list[OrgMention]) -> None:
    """"The Centre for X, Faculty of Law, University of Y, organised ...": the faculty and
    university written after a unit's name, between commas, are where it sits (its
    parents, named for the address), not more bodies acting with it."""
    text = doc.text
    for a, b, c in zip(mentions, mentions[1:], [*mentions[2:], None]):
        if text[a.end:b.start] not in (", ", ",\u00a0") or b.surface.split()[0].lower() not in _AFFILIATION_HEADS \
                or not a.rule.startswith("org.") or a.surface.split()[0].lower() not in words().at_units:
            continue
        chained = c is not None and text[b.end:c.start] == ", " and c.surface.split()[0].lower() in _UNIVERSITY
        if not (chained or _CLAUSE_GOES_ON.match(text, b.end)):
            continue
        a.parent = a.parent or b.surface
        b.modifier = True
        if chained:
            b.parent = b.parent or c.surface
            c.modifier = True


# A body named after a person, in quotes after its name: 'the Judicial School "Jane Doe"'.
_QUOTED_NAMESAKE = re.compile(r"[ \t]*([\"“«„])[ \t]?((?:[A-ZÀ-Þ][\w.’'-]*[ \t]+){1,4}[A-ZÀ-Þ][\w’'-]*)[ \t]?([\"”»“])")


def quoted_namesakes(doc: Doc, mentions: list[OrgMention]) -> None:
    """A person's name in quotes right after a body's name belongs to the name."""
    from .persons import name_word
    text = doc.text
    for m in mentions:
        q = _QUOTED_NAMESAKE.match(text, m.end)
        if q is None or not m.rule.startswith(("org.head", "org.romance", "org.located")):
            continue
        if all(name_word(w) for w in q.group(2).split()):
            m.aliases.append(m.surface)
            m.end = q.end()
            m.surface = text[m.start:m.end]


def _known_owner(known, owner: OrgMention) -> bool:
    """Is the owner written before a known body's name that body's parent (or the body itself)?"""
    forms = {owner.surface, owner.acronym, owner.known.name if owner.known is not None else None} - {None}
    own = {known.name, known.parent, *known.aliases, *known.acronyms}
    return bool(forms & own)


def trusted_in_headlines(doc: Doc, mentions: list[OrgMention]) -> list[OrgMention]:
    """In title-case lines, grammar names count only if the body writes them too;
    a known name in a headline that the body writes only inside a longer name
    is that body's short form, not a body of its own."""
    from .coref import name_key
    body = {name_key(m.surface) for m in mentions if not doc.in_headline(m.start)}
    body |= {m.acronym for m in mentions if m.acronym and not doc.in_headline(m.start)}
    longer = [f" {k} " for k in body if " " in k]
    out = []
    for m in mentions:
        if doc.in_headline(m.start) and m.rule.startswith("org.") and m.rule not in (
                "org.gazetteer", "org.acronym-definition", "org.bare-acronym", "org.acronym-pair"):
            if name_key(m.surface) not in body:
                continue
        elif (doc.in_headline(m.start) or doc.in_title(m.start)) and name_key(m.surface) not in body \
                and (m.acronym or m.surface) not in body and any(f" {name_key(m.surface)} " in k for k in longer):
            continue                  # "OSCE course ..." over "the OSCE Programme Office in X": that office
        out.append(m)
    return out
