"""Bracketed acronym forms beyond "Long Form (ACR)": a body's own-language name
with its acronym ("... (Polícia Nacional de Angola, PNA)"), an acronym with its
country or its parent's acronym ("... (UNDP Ghana)", "... (CARICOM IMPACS)"),
and a numbered regional unit right after a definition ("(CHR) Regional Office X").
The windows of words before the bracket come from :mod:`acronyms`.
"""

from __future__ import annotations

import re
import unicodedata

from .chunks import is_head
from .doc import Doc, Token
from .lexicon import words
from .mention import OrgMention
from .places import places


def letter(c: str) -> str:
    """A letter without its accent ("É" -> "E"): acronyms drop accents."""
    return unicodedata.normalize("NFKD", c)[0]


def subseq(needle, hay) -> bool:
    """Are the items of needle in hay, in order?"""
    it = iter(hay)
    return all(c in it for c in needle)


# A body's regional unit named by its number right after the definition: "(CHR) Regional Office X".
_REGION_UNIT = re.compile(r"[ \t]+((?:Regional|Field|Provincial|District|Area)[ \t]+Office|Region)[ \t]+"
                          r"([IVXL]{1,5}|\d{1,2}[A-Z]?)\b(?![ \t]*[-–]?[ \t]*\d)")


def region_units(doc: Doc, found: list[OrgMention]) -> list[OrgMention]:
    """"the Commission on Human Rights (CHR) Regional Office X", "the Bureau of Jails (BJ)
    Region 10": the numbered unit, with the body (its parent) named inside it."""
    out = []
    for m in found:
        u = _REGION_UNIT.match(doc.text, m.end) if m.rule == "org.acronym-definition" and m.acronym else None
        if u is None:
            continue
        unit = f"{u.group(1)} {u.group(2)}"
        out.append(OrgMention(m.start, u.end(), f"{m.surface} {unit}", aliases=[f"{m.acronym} {unit}"],
                              parent=m.surface, rule="org.acronym-definition", priority=0,
                              country=m.country))
        m.nested_in = (m.start, u.end())
    return out


# A body's office before its definition and its country after it: "le Bureau du
# Haut-Commissariat ... (HCDH) au Niger", "la Oficina del Alto Comisionado ... (ACNUDH) en Colombia".
_OFFICE_BEFORE = re.compile(r"(?:\b(?:[Ll]e|[Ll]a|[Ll]’|[Ll]')\s*)?\b(?P<office>Bureau|Oficina|Escritório)\s+"
                            r"(?P<of>du|de\s+la|de\s+l[’']|des|del|de|do|da)\s*\Z")
_COUNTRY_AFTER = re.compile(r"[ \t]+(?P<prep>au|aux|en|in|à|no|na|em)[ \t]+(?P<place>[A-ZÀ-Þ][\w’'-]*(?:[ \t]+[A-ZÀ-Þ][\w’'-]*){0,2})")


def country_offices(doc: Doc, found: list[OrgMention]) -> list[OrgMention]:
    """"le Bureau du Haut-Commissariat des Nations Unies aux droits de l'homme (HCDH) au
    Niger": the office in that country, the defined body its parent."""
    from .places import places
    pl, text, out = places(), doc.text, []
    for m in found:
        if m.rule != "org.acronym-definition" or not m.acronym:
            continue
        before = _OFFICE_BEFORE.search(text, max(0, m.start - 20), m.start)
        inside = None if before else _OFFICE_INSIDE.match(m.surface)
        after = _COUNTRY_AFTER.match(text, m.end) if before or inside else None
        country = pl.country(after.group("place")) if after else None
        if not country:
            continue
        office, of = (before or inside).group("office"), (before or inside).group("of")
        start = before.start("office") if before else m.start
        if inside:                    # "la Oficina del Programa ... (PNUD)": the definition is the body's
            m.start += inside.end()
            m.surface = m.surface[inside.end():]
        where = f"{after.group('prep')} {after.group('place')}"
        out.append(OrgMention(start, after.end(), f"{office} {of} {m.acronym} {where}",
                              aliases=[text[start:after.end()]], parent=m.surface,
                              rule="org.acronym-definition", priority=0, country=country))
        m.nested_in = (start, after.end())
    return out


_OFFICE_INSIDE = re.compile(r"(?P<office>Bureau|Oficina|Escritório)\s+(?P<of>du|de\s+la|de\s+l[’']|des|del|de|do|da)\s*(?=[A-ZÀ-Þ])")


def _after_coordination(window: list[Token]) -> list[Token]:
    """"the CFJJ and the Attorney General's Office (...)": the last of two bodies, though
    "the Centre for Legal and Judicial Training (...)" is one."""
    joints = [x for x, t in enumerate(window) if t.low in ("and", "et", "y") and 0 < x < len(window) - 1
              and (window[x - 1].acr or window[x + 1].low in ("the", "la", "le", "les", "el", "los", "las"))]
    return window[joints[-1] + 1:] if joints else window


_NATIVE = re.compile(r"([A-ZÀ-Þ][^(),;]{2,80}?),\s*([A-Z][A-Za-z]{1,9})\s*$")


def native_name(doc: Doc, i: int, closer: str, caps: list[Token]) -> OrgMention | None:
    """"the Attorney General's Office of X (Procuradoria-Geral da República, PGR)": a
    body's name in its own language and its acronym, spelt by that name's initials."""
    close = doc.text.find(closer, doc.tokens[i].end, doc.tokens[i].end + 100)
    m = _NATIVE.fullmatch(doc.text, doc.tokens[i].end, close) if close > 0 else None
    if m is None:
        return None
    native, acr = m.group(1).strip(), m.group(2)
    initials = [letter(w[0]).upper() for w in re.findall(r"[\w’']+", native) if w[0].isupper()]
    if not subseq(acr.upper(), initials) or initials[0] != acr[0].upper():
        return None
    caps = _after_coordination(caps)
    while caps and not caps[0].cap:
        caps.pop(0)
    while caps and caps[-1].low in words().connectors:
        caps.pop()
    if not caps or not any(is_head(x) for x in caps):
        return None
    surface = doc.text[caps[0].start:caps[-1].end]
    known = places().known_org(surface) or places().known_org(native)
    return OrgMention(caps[0].start, close + 1, surface, acronym=acr, aliases=[native],
                      rule="org.acronym-definition", priority=0, known=known,
                      kind=known.kind if known else None, country=known.country if known else None)


_COMPOUND = re.compile(r"([A-Z][A-Z0-9&-]{1,9}) ([A-ZÀ-Þ][\w-]+)")


def compound(doc: Doc, i: int, closer: str, window: list[Token]) -> OrgMention | None:
    """"the United Nations Development Programme in Bangladesh (UNDP Bangladesh)", "the
    Agencia de Implementación ... de la CARICOM (CARICOM IMPACS)": a body's acronym with its
    country or its parent's acronym, as one short name."""
    close = doc.text.find(closer, doc.tokens[i].end, doc.tokens[i].end + 40)
    m = _COMPOUND.fullmatch(doc.text, doc.tokens[i].end, close) if close > 0 else None
    if m is None:
        return None
    pl = places()
    second = m.group(2)
    if not (second.isupper() or pl.place_country(second)):
        return None
    window = _after_coordination(window)
    heads = [x for x, t in enumerate(window) if is_head(t)]
    if not heads:
        return None
    k = heads[0]
    while k > 0 and window[k - 1].cap and window[k - 1].s not in words().stop_caps:
        k -= 1
    lf = window[k:]
    while lf and lf[-1].low in words().connectors:
        lf.pop()
    if not lf:
        return None
    surface = doc.text[lf[0].start:lf[-1].end]
    known = pl.known_org(surface)
    if known is not None and m.group(1) in known.acronyms:
        return None                   # "the UN Office on Drugs and Crime (UNODC ROSA)": the parent's own name
    # A parent's acronym is a body's: known, or written in the long form ("... de la CARICOM");
    # otherwise the two words are one short name ("Directorate-General for X (DG HOME)").
    parent = m.group(1) if second.isupper() and (
        pl.known_org(m.group(1)) is not None or re.search(rf"\b{re.escape(m.group(1))}\b", surface)) else None
    return OrgMention(lf[0].start, close + 1, surface, acronym=second if parent else None,
                      aliases=[m.group()], parent=parent,
                      rule="org.acronym-definition", priority=0, known=known,
                      kind=known.kind if known else None, country=known.country if known else None)
