"""Stage 5: which mentions of one article name the same organisation.

Mentions join when they share a name key (case, punctuation, "Centre" =
"Center", a leading article ignored), an acronym, a gazetteer entry or a
state; "EUAM Iraq" joins "EUAM"; a name that only adds a country or an
acronym in front joins the shorter one ("US Department of State" /
"Department of State"); a unit named again without its town and with its
parent's acronym joins the full name; the start of exactly one longer name,
written again, is that body. Order-independent within the article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Evidence
from .doc import Doc
from .mention import OrgMention
from .places import places


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Key for matching names within one article."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("’", "'").replace("´", "'").replace("&", " and ")
    s = re.sub(r"\bcent(?:er|re)\b", "centre", s)
    s = re.sub(r"\borganization\b", "organisation", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"^(?:the|l|la|le|les)\s+", "", " ".join(s.split()))


@dataclass
class OrgEntity:
    names: list[str] = field(default_factory=list)
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    kind: str | None = None
    country: str | None = None
    evidence: Evidence | None = None
    mentions: list[OrgMention] = field(default_factory=list)


def _keys(m: OrgMention) -> list[str]:
    pl = places()
    keys = [name_key(m.surface)]
    if m.acronym:
        keys.append("acr:" + m.acronym)
    keys += ["acr:" + a for a in m.aliases if a.isupper()]
    # Other names the text gives it ("... on Human Rights (Komisi Lagun HAM)") name it when written again.
    keys += [name_key(a) for a in m.aliases if " " in a and not a.isupper()]
    if m.known is not None:
        keys.append("known:" + m.known.name)
    if m.kind == "state" and m.country:
        keys.append("state:" + m.country)
    if m.surface.isupper() and " " not in m.surface:
        keys.append("acr:" + m.surface)
    for form in (m.surface, *m.aliases):
        parts = form.split(" ", 1)
        if len(parts) == 2 and parts[0].isupper() and pl.place_country(parts[1]):
            keys.append("acr:" + parts[0])          # "EUAM Iraq", "UNODC Iraq", "... (UNDP Ghana)"
    if m.known is None:
        for form in [m.surface, m.acronym]:
            k = pl.known_org(form) if form else None
            if k is not None and not k.ambiguous:
                keys.append("known:" + k.name)
    return keys


def merge_mentions(doc: Doc) -> None:
    """Fill ``doc.orgs`` (final name -> OrgEntity) and ``doc.mention_org``."""
    groups: dict[str, OrgEntity] = {}
    key_of: dict[str, str] = {}
    group_of: dict[int, str] = {}
    # Full names and definitions first so acronyms attach to them; headlines
    # last so the body's spelling leads.
    order = sorted(doc.mentions, key=lambda m: (m.priority > 3, doc.in_headline(m.start), m.start))
    for m in order:
        keys = _keys(m)
        g = next((key_of[k] for k in keys if k in key_of), None)
        if g is None:
            g = f"g{len(groups)}"
            groups[g] = OrgEntity()
        for k in keys:
            key_of.setdefault(k, g)
        e = groups[g]
        e.names.append(m.surface)
        e.mentions.append(m)
        if m.acronym and not e.acronym:
            e.acronym = m.acronym
        elif m.surface.isupper() and " " not in m.surface and not e.acronym:
            e.acronym = m.surface
        e.aliases += [a for a in m.aliases if a not in e.aliases]
        if m.known is not None:
            for form in (m.known.name, *m.known.acronyms):
                if form not in e.aliases:
                    e.aliases.append(form)
            e.parent = e.parent or m.known.parent
        e.parent = m.parent or e.parent
        e.kind = e.kind or m.kind
        e.country = e.country or m.country
        if e.evidence is None or (doc.in_headline(e.evidence.start) and not doc.in_headline(m.start)):
            e.evidence = doc.ev(m.start, m.end, m.rule)
        group_of[id(m)] = g
    _merge_prefixed(groups, group_of)
    _merge_short_unit(groups, group_of)
    _merge_leading_part(groups, group_of)
    _merge_unit_named_alone(groups, group_of)
    _merge_cut_at_and(groups, group_of, _home_country(doc))
    _merge_inverted(groups, group_of)
    final: dict[str, str] = {}
    orgs: dict[str, OrgEntity] = {}
    for g, e in groups.items():
        # The longest written form; among equals, the first read (body before headline).
        name = max(e.names, key=lambda n: len(n) if n != e.acronym and not n.isupper() else 0)
        if name in orgs:                            # one spelling reached by two key sets
            orgs[name].names += e.names
            orgs[name].mentions += e.mentions
        else:
            orgs[name] = e
        final[g] = name
    for e in orgs.values():
        if e.parent:
            pk = "acr:" + e.parent if e.parent.isupper() else name_key(e.parent)
            if pk in key_of and key_of[pk] in final:
                e.parent = final[key_of[pk]]
            kk = "known:" + e.parent
            if kk in key_of and key_of[kk] in final:
                e.parent = final[key_of[kk]]
    for name, e in orgs.items():
        if e.parent and name_key(e.parent) == name_key(name):
            e.parent = None
    doc.orgs = orgs
    doc.mention_org = {mid: final[g] for mid, g in group_of.items()}


def _merge_prefixed(groups: dict[str, OrgEntity], group_of: dict[int, str]) -> None:
    """"US Department of State" and "Department of State": one body when the
    longer name only adds a country, demonym or acronym in front."""
    pl = places()
    longest = {g: max(e.names, key=len) for g, e in groups.items()}
    for g, name in list(longest.items()):
        n1 = name_key(name)
        if len(n1.split()) < 2:
            continue
        for g2, name2 in longest.items():
            if g2 == g or g not in groups or g2 not in groups:
                continue
            n2 = name_key(name2)
            if not n2.endswith(" " + n1):
                continue
            extra = name2[: len(name2) - len(name)].strip() if name2.endswith(name) else n2[: -len(n1)].strip()
            if len(extra.split()) != 1:
                continue
            word = extra.rstrip("’'s").strip()
            if not (word.isupper() or pl.country(word) or pl.demonym(word) or pl.country(word.upper())):
                continue
            _move(groups, group_of, g, g2)
            break


_SITS_IN = re.compile(r" (?:in|en|à) (\S.*)$")
_SITS_AT = re.compile(r" (?:à|at) (\S.*)$")
_LAST_OF = re.compile(r" (?:of|de|du|des|del) (?:the |la |le |l['’]|el )?((?:(?! (?:of|de|du|des|del) ).)+)$")


def _merge_short_unit(groups: dict[str, OrgEntity], group_of: dict[int, str]) -> None:
    """"the United Nations Development Programme Pacific Office in Fiji" and, later, "the
    UNDP Pacific Office": one unit when the longer name, its known parent written as
    the acronym, only adds where it sits."""
    from ..entities import normalise, with_parent_acronym

    pl = places()
    longest = {g: max(e.names, key=len) for g, e in groups.items()}
    short = {normalise(n): g for g, n in longest.items() if len(n.split()) >= 2}
    for g, name in longest.items():
        where = _SITS_IN.search(name)
        if not (where and pl.place_country(where.group(1))):
            continue
        m = re.fullmatch(r"(.+) (?:in|en|a) .+", with_parent_acronym(normalise(name)))
        if not m:
            continue
        g2 = short.get(m.group(1))
        if g2 and g2 != g and g in groups and g2 in groups:
            _move(groups, group_of, g2, g)


def _merge_leading_part(groups: dict[str, OrgEntity], group_of: dict[int, str]) -> None:
    """"la Délégation générale à l'administration pénitentiaire ... (DGAPR)", later "la
    Délégation générale": a name of two or more words beginning with a head that is the
    start of exactly one longer name of the article is that body."""
    from .chunks import is_head_word
    from .lexicon import words

    connectors = {name_key(c) for c in words().connectors} - {"and", "et", "y", ""}
    pl = places()
    longest = {g: max(e.names, key=len) for g, e in groups.items()}
    keys = {g: name_key(n) for g, n in longest.items()}

    def complement(rest: str, full: str) -> bool:
        """"of X", "à l'administration": a complement; "in Tunis", "à Dakar": where a unit
        sits; "of Tunisia": another country's body of the same name."""
        if rest.split()[0] not in connectors:
            return False
        country = _LAST_OF.search(full)
        if country and pl.country(country.group(1)) and len(rest.split()) <= 2 + len(country.group(1).split()):
            return False
        where = _SITS_IN.search(full) or _SITS_AT.search(full)
        return not (where and pl.place_country(where.group(1)))

    for g, k in list(keys.items()):
        if len(k.split()) < 2 or not is_head_word(longest[g].split()[0]) or groups[g].acronym \
                or any(m.known is not None for m in groups[g].mentions):
            continue                  # (a known body is its own, not the start of its unit's name)
        # the longer name goes on with a complement ("... à l'administration"), not a unit ("... Office")
        longer = [g2 for g2, k2 in keys.items() if g2 != g and k2.startswith(k + " ")
                  and complement(k2[len(k) + 1:], longest[g2])]
        if len(longer) == 1 and g in groups and longer[0] in groups:
            _move(groups, group_of, g, longer[0])


_UNIT_COMPLEMENT = r"(?: (?:for|of|in|on|to|pour|de|du|des|d|para|en|a) .+)?"


def _merge_unit_named_alone(groups: dict[str, OrgEntity], group_of: dict[int, str]) -> None:
    """"the OHCHR Regional Office for X" (or "the OHCHR East Africa Regional Office") and,
    later, "the Regional Office": a unit's own words ending in its head, written without
    its parent, place or complement, name the one unit of a parent named before that
    has them."""
    from .chunks import is_head_word

    longest = {g: max(e.names, key=len) for g, e in groups.items()}
    first = {g: min(m.start for m in e.mentions) for g, e in groups.items()}
    for g, e in list(groups.items()):
        words = longest[g].split()
        if len(words) < 2 or not is_head_word(words[-1]) or e.parent or e.acronym or e.country \
                or any(m.known is not None for m in e.mentions):
            continue
        unit = re.compile(rf"(?:^| ){re.escape(name_key(longest[g]))}{_UNIT_COMPLEMENT}$")
        units = [g2 for g2, e2 in groups.items() if g2 != g and e2.parent and first[g2] < first[g]
                 and unit.search(name_key(longest[g2]))]
        if len(units) == 1 and g in groups and units[0] in groups:
            _move(groups, group_of, g, units[0])


def _merge_cut_at_and(groups: dict[str, OrgEntity], group_of: dict[int, str], home: str | None) -> None:
    """"Ministry of Justice" and "Ministry of Justice and Human Rights", "the
    Force conjointe" and "the Force conjointe du G5 Sahel" in one article: the
    shorter is the longer name cut before a connector. Not when the longer
    name only adds another country than the article's ("the Ministry of
    Interior" in Rabat and "the Ministry of Interior of Tunisia")."""
    pl = places()
    longest = {g: max(e.names, key=len) for g, e in groups.items()}
    keys = {g: name_key(n) for g, n in longest.items()}
    for g, short_name in list(longest.items()):
        short = keys[g]
        if len(short.split()) < 2:
            continue
        for g2, long_name in longest.items():
            if g2 == g or g not in groups or g2 not in groups:
                continue
            rest = keys[g2][len(short):] if keys[g2].startswith(short + " ") else ""
            if rest and rest.split(" ", 2)[1] in _CUT_CONNECTORS and len(rest.split(" ", 2)) > 2:
                own = _COUNTRY_TAIL.match(long_name[len(short_name):]) if long_name.startswith(short_name) else None
                if own and home and pl.country(own.group(1)) not in (None, home):
                    continue              # another country's body of the same name
                _move(groups, group_of, g, g2)
                break


_CUT_CONNECTORS = frozenset("and et of de du des d for pour in en au aux on sur to against contre".split())
_COUNTRY_TAIL = re.compile(r" (?:of|in|de|du|des|en|au|aux|d[’']) ?(?:the |la |l[’'])?(.+)$")


def _home_country(doc: Doc) -> str | None:
    """The country the article is written from: its dateline's place, else its title's."""
    pl = places()
    spans = [doc.dateline] if doc.dateline else []
    spans += [doc.title_span] if getattr(doc, "title_span", None) else []
    for s, e in spans:
        for word in re.findall(r"[A-ZÀ-Þ][\w’'-]*(?:\s+[A-ZÀ-Þ][\w’'-]*)?", doc.text[s:e]):
            found = pl.place_country(word) or pl.place_country(word.split()[0])
            if found:
                return found
    return None


def _merge_inverted(groups: dict[str, OrgEntity], group_of: dict[int, str]) -> None:
    """"EU Delegation" and "Delegation of the European Union to Pakistan":
    a known body's name in front of a head is that head "of" the body."""
    pl = places()
    longest = {g: max(e.names, key=len) for g, e in groups.items()}
    for g, short in list(longest.items()):
        parts = short.split()
        owner = pl.known_org(parts[0]) if len(parts) == 2 else None
        if owner is None:
            continue
        pattern = re.compile(rf"{re.escape(parts[1])} (?:of|for) (?:the )?(.+?)(?: (?:to|in|at) .+)?$")
        for g2, long_ in longest.items():
            m = pattern.match(long_) if g2 != g and g in groups and g2 in groups else None
            known = pl.known_org(m.group(1)) if m else None
            if known is not None and known.name == owner.name:
                _move(groups, group_of, g, g2)
                break


def _move(groups: dict[str, OrgEntity], group_of: dict[int, str], src: str, dst: str) -> None:
    target, gone = groups[dst], groups.pop(src)
    target.names.extend(gone.names)
    target.mentions.extend(gone.mentions)
    target.acronym = target.acronym or gone.acronym
    target.country = target.country or gone.country
    for mid, gg in group_of.items():
        if gg == src:
            group_of[mid] = dst
