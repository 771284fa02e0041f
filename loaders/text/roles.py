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
from bisect import bisect_left, bisect_right

from ..model import Evidence
from .doc import Doc
from .eventplaces import ONLINE
from .lexicon import Cue, cues, words
from .mention import OrgMention
from .posts import former

# Words that end the list a cue reaches: a finite verb ("..., in collaboration
# with A and B, held ..."); a relative clause ("who also hosted") does not.
_CLAUSE_END = re.compile(
    r"\b(?:was|were|is|are|has|have|had|will|would|held|hold|holds|organi[sz]ed|organi[sz]es|hosted|hosts|"
    r"convened|conducted|delivered|launched|brought|gathered|trained|took|aimed|aims|focused|provided|"
    r"included|discussed|visited|ran|ont|sont|s[’']est)\b|[;:]", re.I)
_NONE_OF = re.compile(r"\b(?:no|not\s+a\s+single|neither|aucune?|nul|ningún|ninguna|ningun[oa]s?)\s+$", re.I)
_LIST_VERB = re.compile(
    r"\b(?:completed|attended|shared|presented|discussed|examined|analy[sz]ed|reviewed|explored|exchanged|"
    r"learned|learnt|received|worked|spent|met|agreed|adopted|took\s+part|participated|visited|gathered|"
    r"made|used|toured|practi[sc]ed|drafted|identified|studied|conducted|"
    r"were\s+(?:also\s+)?(?:briefed|introduced|trained|given|shown|taken|invited|asked|encouraged|offered|informed)|"
    r"ont\s+(?:participé|échangé|travaillé|examiné|suivi|reçu|partagé|analysé|discuté|visité|utilisé|étudié|élaboré|"
    r"été\s+(?:informés|formés|sensibilisés|invités|initiés))|"
    r"participaron|asistieron|analizaron|compartieron|recibieron|examinaron|intercambiaron|discutieron|"
    r"visitaron|utilizaron|revisaron|elaboraron|estudiaron|conocieron)\b", re.I)
_NOT_FINITE = re.compile(r"\b(?:was|were|is|are|be|been|being|to|who|which|that|not|having|a\s+été|ont\s+été)\s+$"
                         r"|\b(?:who|which|that)\s+also\s+$", re.I)
_PREP_BEFORE = re.compile(r"\b(?:for|at|from|by|of|with|to|in|on|under|pour|par|avec|de|du|des|à|au)\s+(?:the\s+|la\s+|le\s+|les\s+|l[’'])?"
                          r"(?-i:[A-ZÀ-Þ][\w-]+[’']s\s+)?$", re.I)     # "from Jordan's X": a country's body
# Sentences about other events or the whole project: no participants or organisers of this one.
_BACKGROUND = re.compile(
    r"\b(?:previous|earlier|past|prior|former|preceding)\s+(?:\w+\s+){0,2}?(?:workshops?|trainings?|events?|sessions?|editions?|courses?|conferences?|seminars?)\b"
    r"|\b(?:après|suite\s+à)\s+(?:l[’']|le|la|les)\s*(?:atelier|formation|séminaire|session|réunion|cours)"
    r"|\b(?:ateliers?|formations?|sessions?|séminaires?)\s+précédente?s?\b"
    r"|\bthe\s+(?:whole\s+|overall\s+|wider\s+)?(?:project|programme|program|initiative)\s+(?:has\s+|have\s+)?(?:involved|reached|trained|benefited|engaged|supported)\b", re.I)
_QUOTE = re.compile(r"[“\"«][^”\"»]*[”\"»]")
_STATE_KINDS = {"state", "donor-agency", "donor-foundation"}     # whose support is funding
# Intergovernmental bodies a state's money goes through: they carry out the work, the state gives.
_IMPLEMENTER_KINDS = {"un", "intergovernmental", "regional"}


def assign_roles(doc: Doc) -> None:
    """Fill ``doc.roles``: organisation name -> {role: evidence sentence}."""
    text = doc.text
    roles: dict[str, dict[str, Evidence]] = {}

    def give(m: OrgMention, role: str, sent, cue: str):
        name = doc.org_name(m)
        if name:
            roles.setdefault(name, {}).setdefault(role, doc.ev(*sent, f"role.cue:{cue}"))

    for sent in _with_item_lists(doc):
        ss, se = sent
        title = doc.in_title(ss)
        every = doc.mentions_in(ss, se)
        in_sent = [m for m in every if not m.modifier and not m.nested_in]
        in_ids = {id(m) for m in in_sent}
        # Cues that point at one mention reach it even as a possessive modifier ("at the X’s headquarters").
        next_reach = [m for m in every if id(m) in in_ids or (m.possessive and not m.nested_in)]
        if not every:
            continue
        background = bool(_BACKGROUND.search(text, ss, se))
        done: set[int] = set()
        for cue in cues():
            # A headline says who acts ("A and B Host a Workshop"), nothing more.
            if (background and cue.reach in ("subject", "list")) or (title and cue.reach not in ("subject", "adjacent")):
                continue
            # Cues that point at one mention reach it even as a modifier ("EU-funded", "at the
            # X’s headquarters"), though not one naming a document ("for the ... of the UN Strategy").
            if cue.reach == "adjacent":
                reachable = every
            elif cue.reach == "next" or (cue.role == "funder" and cue.reach == "after"):
                reachable = next_reach        # ("funded by X's Programme": X gives)
            else:
                reachable = in_sent
            for m, role in _targets(doc, cue, sent, reachable, done):
                give(m, role, sent, cue.name)
                done.add(id(m))
        count = next((e.count_at for e in doc.events if e.count_sentence == sent and e.count_at), None)
        if count is not None and not background and not title:
            for m in in_sent:                 # "55 practitioners gathered, from A, B ..."
                if id(m) not in done and m.start > count:
                    give(m, "participant", sent, "count-sentence")
    # The body running the project the event was delivered under organises it.
    main = doc.events[0] if doc.events else None
    if main is not None and main.project:
        pj = next((pj for pj in doc.projects if pj.project.name == main.project and pj.project.organiser), None)
        if pj is not None:
            roles.setdefault(pj.project.organiser, {}).setdefault("organiser", pj.project.evidence)
    for p in doc.persons:
        if former(p):
            continue
        named = [p.organisation] if p.organisation else []
        if p.org_span:
            named += [doc.org_name(m) for m in doc.mentions_in(*p.org_span)]
        for name in named:
            if name and name in doc.orgs and not roles.get(name):
                roles.setdefault(name, {})["participant"] = p.evidence
    # An organiser's own staff at its event do not make it a participant.
    for got in roles.values():
        if "organiser" in got:
            got.pop("participant", None)
        if "funder" in got:
            got.pop("partner", None)      # "the support of X" said of a funder is its funding
    doc.roles = roles


# A list item on a line of its own: a bullet or a number ("• the Ministry ...;", "2) the Bar").
_ITEM_LINE = re.compile(r"[ \t]*(?:[•·▪◦●*–—-]|\d{1,2}[.)])[ \t]+")


def _with_item_lists(doc: Doc) -> list[tuple[int, int]]:
    """The sentences, where a sentence ending in a colon, or a short heading
    line, and the item lines right after it are one ("Participants
    included:" or "Participating institutions" + "• the Ministry of X;" ...),
    so that its cue reaches the items."""
    text, out, open_list = doc.text, [], False
    for sent in doc.sents:
        ls = _line_start(text, sent[0])
        item = not text[ls:sent[0]].strip() and _ITEM_LINE.match(text, ls)
        if open_list and item:
            out[-1] = (out[-1][0], sent[1])
            continue
        out.append(sent)
        open_list = text[sent[1] - 1] == ":" or (not item and _is_heading(text, sent))
    return out


def _is_heading(text: str, sent: tuple[int, int]) -> bool:
    """A line of its own of a few words without a closing stop ("Partner institutions")."""
    s, e = sent
    line_end = text.find("\n", e)
    line = text[s:e].strip()
    return (not text[_line_start(text, s):s].strip() and not text[e:line_end if line_end >= 0 else None].strip()
            and 0 < len(line.split()) <= 6 and line[-1] not in ".!?;,")


_PEOPLE_AFTER = re.compile(r"\s+(?:the\s+)?(?:\w+\s+)?(?:experts|trainers|staff|specialists|facilitators|lecturers|"
                           r"officers|officials|representatives|experts?\s+and\s+\w+)\s+(?:of|from)\b", re.I)
_REPRESENTED = re.compile(r"représent|represent", re.I)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


# Bodies through which a state gives: its foreign ministry, development agency or embassy.
_DONOR_BODY = re.compile(
    r"\b(?:Ministry|Ministries|Department|Minist[eè]re|Ministerio)\s+(?:of\s+|for\s+|des\s+|de\s+l[’']Europe\s+et\s+des\s+|de\s+)?"
    r"(?:Foreign\s+Affairs|Affaires\s+[ée]trang[eè]res|Relaciones\s+Exteriores|International\s+Development|Development\s+Cooperation)"
    r"|\bForeign\s+(?:and\s+Commonwealth\s+)?Office\b|\bEmbass(?:y|ies)\b|\bAmbassade\b|\bEmbajada\b"
    r"|\bDevelopment\s+(?:Cooperation|Co-operation)\s+Agency\b|\bAgency\s+for\s+(?:International\s+)?Development\b|\bCoopération\s+[a-zé]+\b")


# A state's diplomatic mission, through which its money reaches an event: a channel, not a giver.
_MISSION = re.compile(r"\b(?:Embass(?:y|ies)|Ambassade|Embajada|High\s+Commission|Haut-Commissariat\s+(?:du|de\s+l[’'])|"
                      r"Delegation|Délégation|Delegación)\b")
_EMBASSY = re.compile(r"\b(?:Embass(?:y|ies)|Ambassade|Embajada|High\s+Commission\s+of)\b")


def _role_for(cue: Cue, m: OrgMention, host_country: str | None = None, doc: Doc | None = None) -> str:
    """The cue's role, or its ``state_role`` for a state or donor agency that is
    not the host country's own (what the mention or its organisation says)."""
    if not cue.state_role:
        return cue.role
    ent = doc.orgs.get(doc.org_name(m)) if doc is not None else None
    kind = m.kind or (m.known.kind if m.known is not None else None) or (ent.kind if ent else None)
    country = m.country or (ent.country if ent else None)
    foreign_ministry = ((kind == "state-body" and m.known is not None) or _DONOR_BODY.search(m.surface)) \
        and country and country != host_country
    if kind == "donor-foundation" or _EMBASSY.search(m.surface):
        return cue.state_role             # a grant maker funds, at home too; an embassy is always a foreign state's
    if (kind in _STATE_KINDS or foreign_ministry) and not (host_country and country == host_country):
        return cue.state_role             # (a foreign state's known ministry or office supports with funds)
    if m.known is not None and m.known.name in words().donor_unions:
        return cue.state_role             # "with the support of the European Union": its funds
    return cue.role


def _targets(doc: Doc, cue: Cue, sent, in_sent: list[OrgMention], done: set[int]):
    """(mention, role) pairs a cue reaches in one sentence."""
    text = doc.text
    ss, se = sent
    host = doc.events[0].country if doc.events else None
    if cue.reach == "adjacent":
        for m in in_sent:
            if cue.pattern.match(text, m.end, min(se, m.end + 60)):
                yield m, _role_for(cue, m, host, doc)
        return
    matches = doc.cue_matches(cue)
    lo = bisect_left(matches, ss, key=lambda m: m.start())
    listed: set[int] = set()
    for match in matches[lo:]:
        if match.start() >= se:
            break
        if match.end() > se:
            continue
        if cue.reach in ("after", "next") and _person_follows(doc, match.end()):
            continue                      # "delivered by Jane Doe, representing ...": about a person
        if cue.reach == "after" and cue.role == "organiser" and _after_programme(doc, ss, match.start()):
            continue                      # '"the X Programme" (XP), implemented by A': A runs the programme
        if cue.reach == "after":
            channel = cue.role in ("funder", "organiser") or cue.state_role == "funder"   # "by A through its B": B too
            # "facilitated by experts of A and B": A and B lend their people, the organiser is another.
            lent = cue.role in ("organiser", "host") and _PEOPLE_AFTER.match(text, match.end())
            for m in _coordinated_after(doc, match.end(), se, in_sent, channel=channel)[:cue.limit]:
                yield m, "partner" if lent else _role_for(cue, m, host, doc)
                if lent:
                    continue
                for extra in cue.also:
                    yield m, extra
        elif cue.reach == "next":
            got = [m for m in in_sent if m.start >= match.end() and _ARTICLE_GAP.fullmatch(text[match.end():m.start])]
            for m in got[:1]:
                yield m, _role_for(cue, m, host, doc)
                for extra in cue.also:
                    yield m, extra
        elif cue.reach == "before":
            got = [m for m in in_sent if m.end <= match.start()]
            # Not an organisation named in a person's post ("Jane Doe, Head of X, who ..."),
            # unless "which" says the body is meant ("..., Head of the Embassy of X, which supported").
            in_post = any(p.evidence and p.evidence.start <= got[-1].start < p.evidence.end for p in doc.persons) \
                if got else False
            if got and (not in_post or re.search(r"\bwhich\b", match.group(), re.I)):
                yield got[-1], _role_for(cue, got[-1], host, doc)
        elif cue.reach == "subject":
            if _NOT_FINITE.search(text[max(ss, match.start() - 25):match.start()]):
                continue
            if re.match(r"\s+(?:at|by)\b", text[match.end():match.end() + 5]) and not _REPRESENTED.search(match.group()):
                continue                  # "held at", "hosted by": other cues (but "represented at" the event)
            clause_start = max(text.rfind(";", ss, match.start()) + 1, text.rfind(":", ss, match.start()) + 1, ss)
            if cue.list_before:
                clause_start = max(clause_start, doc.subject_list_start(match.start()))
            for m in in_sent:
                if not (clause_start <= m.start < match.start()) or (id(m) in done and not cue.all_subjects):
                    continue
                if _PREP_BEFORE.search(text[max(ss, m.start - 30):m.start]) and not _COORD_WITH.search(
                        text[max(ss, m.start - 24):m.start]) and not (
                        cue.role in ("partner", "participant") and _people_of_before(doc, ss, m.start)):
                    continue              # "for the X", "by the X" (but "A, together with B, held" has two
                    # subjects, and in "experts from X contributed" X's people act; "officials from
                    # Y completed a course" were trained)
                if _RELATIVE.search(text, clause_start, m.start):
                    continue              # inside "which aims to promote ..., convened"
                if _people_after(doc, m.end):
                    continue              # "25 X Unit (XU) officers ... completed": the officers act
                yield m, cue.role
                if cue.host_verbs is not None and cue.host_verbs.fullmatch(match.group()) \
                        and not ONLINE.search(text, ss, se):
                    yield m, "host"       # (who "hosts" an online event only organises it)
        elif cue.reach == "list":
            if any(q.start() <= match.start() < q.end() for q in _QUOTE.finditer(text, ss, se)):
                continue                  # inside a quotation
            if _NONE_OF.search(text, max(ss, match.start() - 16), match.start()):
                continue                  # "No representative of X took part"
            # The list ends at the verb its people do something with: "investigators from A
            # completed a course at B" (B only holds it).
            verb = _LIST_VERB.search(text, match.end(), se)
            end = verb.start() if verb else se
            for m in in_sent:
                if match.start() <= m.start < end and id(m) not in done and id(m) not in listed:
                    listed.add(id(m))
                    yield m, cue.role


_PEOPLE_OF = re.compile(r"([a-zà-ÿ][\w-]*)\s+(?:(?:designated|appointed|delegated|nominated|sent|désignée?s?|nommée?s?|"
                        r"délégués?|envoyée?s?|designad[oa]s?|enviad[oa]s?)\s+)?(?:from|of|by|de|du|des|d[’']|par|por)\s+"
                        r"(?:the\s+|la\s+|le\s+|les\s+|l[’']|el\s+)?$", re.I)


def _people_of_before(doc: Doc, ss: int, pos: int) -> bool:
    """People of a body right before its name ("experts from the X", "officials of Y"),
    unless none of them ("No representative of the X took part")."""
    m = _PEOPLE_OF.search(doc.text, max(ss, pos - 40), pos)
    return bool(m) and m.group(1).lower() in words().people_nouns \
        and not _NONE_OF.search(doc.text, max(ss, m.start() - 16), m.start())


def _people_after(doc: Doc, pos: int) -> bool:
    """A people noun right after a name ("the X Unit officers", "X (XU) staff")."""
    m = re.match(r"(?:\s*\([^()]{1,20}\))?\s+([a-zà-ÿ][\w-]*(?:\s+[a-zà-ÿ][\w-]*)?)", doc.text[pos:pos + 60])
    if not m:
        return False
    nouns = words().people_nouns
    return m.group(1) in nouns or m.group(1).split()[0] in nouns


_COORD_WITH = re.compile(r"\b(?:together|jointly|along)\s+with\s+(?:the\s+)?$|\bconjointement\s+avec\s+(?:la\s+|le\s+|l[’'])?$"
                         r"|\b(?:junto|conjuntamente)\s+con\s+(?:la\s+|el\s+|los\s+|las\s+)?$", re.I)
_ARTICLE_GAP = re.compile(r"\s*(?:the\s+|la\s+|le\s+|les\s+|l[’']\s*|el\s+|los\s+|las\s+|its\s+|their\s+)?(?:(?:[A-ZÀ-Þ][\w-]+\s+){0,2}[A-ZÀ-Þ][\w-]+[’'´]s\s+)?")
_RELATIVE = re.compile(r"\b(?:which|who|whose|that|qui|dont)\b", re.I)
# What may stand between the items of a list a cue reaches: commas, "and",
# articles, an acronym in brackets, a possessive ("Norland's"), a relative
# clause ("..., who also hosted the team, and the B Office"), French "et du".
_LIST_GAP = re.compile(
    r"(?:\s|,|\band\b|&|\bet\b|\bthe\b|\bla\b|\ble\b|\bles\b|l[’']|\bas\s+well\s+as\b|\balong\s+with\b|"
    r"\by\b|\bel\b|\blos\b|\blas\b|\bdel\b|\by\s+(?:de\s+)?(?:la|el|los|las)\b|\bde\s+la\b|"
    # an item's town or country: "A in Bamako, B in Ouagadougou and C", "UNDP in Nigeria together with B"
    r"(?-i:\b(?:in|à|au|en)\s+(?:the\s+)?[A-ZÀ-Þ][\w’'-]+(?:\s+[A-ZÀ-Þ][\w’'-]+)?)|"
    r"\btogether\s+with\b|\bjointly\s+with\b|\bconjointement\s+avec\b|\bjunto\s+con\b|\bconjuntamente\s+con\b|"
    r"\b(?:trainers|experts|staff|specialists|representatives|officials|teams?)\s+(?:from|of)\b|"
    r"(?-i:\b(?:[A-ZÀ-Þ][\w-]+\s+){0,2}[A-ZÀ-Þ][\w-]+[’'´]s\b)|"     # capitals, whatever the flag
    r"\bet\s+(?:du|des|de\s+la|de\s+l[’']|d[’'])|"
    r"\b(?:and|et|y)\s+(?:also\s+)?(?:by|from|to|par|por)\b|"      # "supported by A and by B", "visits to A and to B"
    r"(?-i:\be\s+(?:pel[oa]s?|d[oa]s?|a|o|as|os)?)\b|"               # Portuguese "A e pelo B"
    r"\([^()]{1,30}\)|[’'´]s\b|,\s*(?:who|which)\s[^,;]{0,80},)*", re.I)


_PROGRAMME_GAP = re.compile(r"[\s\"”»]*(?:\([^()]{1,30}\))?\s*,?\s*(?:which\s+is\s+|which\s+was\s+|that\s+is\s+)?\Z")


def _after_programme(doc: Doc, ss: int, pos: int) -> bool:
    """Does a programme's or project's name end right before the cue at pos?"""
    return any(ss <= pe <= pos and _PROGRAMME_GAP.match(doc.text, pe, pos) for _, pe in (p.span for p in doc.projects))


def _person_follows(doc: Doc, pos: int) -> bool:
    gap = _ARTICLE_GAP.match(doc.text, pos)
    at = gap.end() if gap else pos
    return any(s <= at < e or at <= s <= at + 12 for p in doc.persons for s, e in p.mentions[:1])


def _coordinated_after(doc: Doc, pos: int, se: int, in_sent: list[OrgMention],
                       channel: bool = False) -> list[OrgMention]:
    """The organisations listed right after a cue: "by A, B and C". The list
    ends at anything that is not a separator (a verb, a preposition); items
    joined by commas only count if "and" closes the list. With ``channel``
    (funding, organising), the agency the work goes "through" is listed too
    ("by Sweden through Sida", "organised by A through its B Centre")."""
    text = doc.text
    stop = _clause_end(doc, pos, se)
    out: list[OrgMention] = []
    joints: list[str] = []
    at = pos
    reached = {id(m) for m in in_sent}
    # A parent named before its unit is part of the unit's name here: "by the
    # X Mission (XM) Human Rights Office" reaches the Office.
    parents = [(m.start, m.end) for m in doc.mentions_in(pos, stop) if id(m) not in reached]
    # So is a project the money goes through: "by A through the X Programme and by B".
    parents += [pj.span for pj in doc.projects if pos <= pj.span[0] and pj.span[1] <= stop]
    for m in in_sent:
        if m.start < at:
            continue
        if m.start >= stop:
            break
        gap = text[at:m.start]
        if channel and out and _THROUGH.fullmatch(gap):
            if _MISSION.search(m.surface) or (m.known is not None and m.known.kind in _IMPLEMENTER_KINDS):
                break                     # "... through the British Embassy in X", "... through UNDP": they pass it on
            gap = " and "                 # "funded by the Government of X through the Y Agency"
        elif channel and not out and (unnamed := _UNNAMED_GIVER.match(gap)) and _THROUGH.fullmatch(gap, unnamed.end()):
            gap = " "                     # "l'appui financier de la coopération allemande, à travers la X": X
        if not _LIST_GAP.fullmatch(gap):
            inner = [(ps, pe) for ps, pe in parents if at <= ps and pe <= m.start]
            for ps, pe in sorted(inner, reverse=True):
                # "A (UA) of the B Office (BO) and C": the parent after "of" goes too
                of = _OF_JOINT.search(gap, 0, ps - at)
                cut = of.start() if of else ps - at
                # "with the support of the X Programme of the B Foundation": B gives
                after = _OF_JOINT.match(gap, pe - at)
                gap = gap[:cut] + " " + gap[after.end() if after else pe - at:]
            through = _THROUGH.match(gap) if channel and out else None
            if through and inner:
                gap = gap[through.end():]    # "through the X Programme and by B": B is another giver
            if not inner or not _LIST_GAP.fullmatch(gap):
                break
        if out and (m.start == out[-1].end + 3 and re.fullmatch(r"[’'´]s ", text[out[-1].end:m.start])
                    or _POST_POSSESSIVE.fullmatch(text, out[-1].end, m.start)):
            out[-1] = m                   # "by the X Department's Y Bureau", "the UN Secretary-General's Y Fund"
            at = m.end
            continue
        if out:
            joints.append("and" if re.search(r"\band\b|&|\bet\b|\by\b|(?-i:\be\b)|as\s+well\s+as|(?:along|together|jointly)\s+with"
                                             r"|conjointement\s+avec|junto\s+con", gap, re.I) else ",")
        out.append(m)
        at = m.end
    if joints and "and" not in joints:
        return out[:1]
    if joints and joints[-1] != "and" and "and" in joints:
        last_and = len(joints) - 1 - joints[::-1].index("and")
        return out[:last_and + 2]
    return out


# "of the" between a unit and its parent, or between a programme and its owner.
_OF_JOINT = re.compile(r"\s+(?:of|de|du|des|del|do|da|dos|das)\s+(?:the\s+|la\s+|le\s+|l[’']\s*|el\s+)?\Z", re.I)
# A giver written in lower-case words, named only by the body its money goes through.
_UNNAMED_GIVER = re.compile(r"\s*(?:the|la|le|l[’']|el)?\s*(?:[a-zà-ÿ][\w-]*\s*){1,3}", re.I)
# A post's possessive between an owner and its body: "the UN Secretary-General's Peacebuilding Fund".
_POST_POSSESSIVE = re.compile(r"\s+(?:Deputy\s+|Executive\s+)?(?:Secretary-General|Secretary\s+General|President|"
                              r"High\s+Commissioner|Prime\s+Minister|Director-General)[’'´]s\s+")
_THROUGH = re.compile(r"\s*,?\s*(?:through|via|à\s+travers|par\s+l[’']intermédiaire\s+(?:de|du|des|d[’']))\s+"
                      r"(?:the\s+|la\s+|le\s+|les\s+|l[’']\s*|its\s+|their\s+|son\s+|sa\s+)?", re.I)


def _clause_end(doc: Doc, pos: int, se: int) -> int:
    """Where the list after a cue ends: the next verb, relative pronoun or other cue."""
    text = doc.text
    ends = [se]
    for m in _CLAUSE_END.finditer(text, pos, se):
        if m.group() in ";:" or not _NOT_FINITE.search(text[max(pos, m.start() - 25):m.start()]):
            ends.append(m.start())
            break
    starts = doc.cue_starts()
    i = bisect_right(starts, pos)
    while i < len(starts) and starts[i] < se and any(
            m.start <= starts[i] < m.end for m in doc.mentions_in(max(0, starts[i] - 200), starts[i] + 1)):
        i += 1                        # a cue word inside a body's name ("... Development Programme (UNDP)")
    if i < len(starts):
        ends.append(starts[i])
    return min(ends)
