"""Deterministic, offline extraction of workshop facts from press releases.

Rules, regular expressions and small gazetteers only (no model downloads):
the word lists below and ``extract-lexicon.yaml`` are the whole vocabulary,
so every decision can be reviewed. Every extracted item carries an
:class:`~cthr.loaders.model.Evidence` whose ``exact`` equals
``source.text[start:end]``.

Pipeline (``extract_text``): sentences and tokens -> dates -> projects ->
organisation mentions (acronym definitions, coordinated ministry lists,
head-word chunks, gazetteer names, states, bare acronyms) -> persons ->
the event -> roles from cue phrases -> resources -> fundings.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import yaml

from ..dates import DateMention, find_dates
from ..model import (
    Event, Evidence, Extraction, Funding, LoadError, Organisation, Participation,
    Person, Project, Resource, Source,
)

__all__ = ["extract_text", "load_text"]

# ---------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------

_LEX = yaml.safe_load((Path(__file__).parent.parent / "extract-lexicon.yaml").read_text("utf-8"))
COUNTRIES: dict[str, str] = _LEX["countries"]
CITIES: dict[str, str] = _LEX["cities"]
REGIONS: set[str] = set(_LEX["regions"])
NON_ORG_ACRONYMS: set[str] = set(_LEX["non_org_acronyms"])
PLACES = set(COUNTRIES) | set(CITIES) | REGIONS

# Head nouns that make a capitalised phrase an organisation (lower case).
ORG_HEADS = {
    "academy", "advisory", "agency", "assembly", "association", "audiencia",
    "authority", "bank", "branch", "bureau", "cabinet", "centre", "center",
    "chamber", "coalition", "college", "command", "commissariat", "commission",
    "committee", "corps", "corte", "council", "cour", "court",
    "delegation", "department", "directorate", "division", "embassy",
    "escuela", "federation", "forum", "foundation", "gendarmerie",
    "government", "gouvernement", "inspectorate", "institute", "institut",
    "league", "ministerio", "ministero", "ministry", "ministère", "mission",
    "nations", "network", "observatory", "office", "organisation",
    "organization", "parliament", "police", "presidency", "secretariat",
    "section", "service", "services", "school", "tribunal", "tribunale",
    "unit", "union", "universidad", "university", "université", "università",
}
# Heads in languages that put adjectives after the noun ("Audiencia Nacional").
ROMANCE_HEADS = {"audiencia", "corte", "cour", "tribunal", "tribunale", "ministerio",
                 "ministero", "ministère", "escuela", "universidad", "université",
                 "università", "commissariat", "gendarmerie", "gouvernement"}
# Heads of parts of a larger body: "HELP Unit of the Council of Europe".
SUBUNIT_HEADS = {"unit", "department", "division", "section", "branch"}
# Plural class nouns: "Security Agencies", "Civil Society Organisations".
GENERIC_PLURALS = {
    "agencies", "authorities", "bodies", "directorates", "entities",
    "institutions", "ministries", "officers", "organisations", "organizations",
    "stakeholders", "groups", "officials", "partners", "experts", "states",
}
# Words that may join the capitalised words of one name.
CONNECTORS = {
    "of", "for", "on", "the", "and", "&", "in", "to", "against", "de", "du",
    "des", "la", "le", "les", "di", "del", "della", "aux", "l'", "l’", "d'", "d’",
}
# Capitalised words that start sentences or clauses but never names.
STOP_CAPS = {
    "A", "An", "As", "At", "Building", "By", "During", "For", "From", "Furthermore",
    "He", "Her", "His", "In", "It", "Its", "Like", "Meanwhile", "On", "Our",
    "Over", "Previous", "She", "Since", "So", "That", "The", "Their", "These",
    "They", "This", "Those", "Throughout", "To", "Under", "We", "While", "With",
    "Key", "Both", "All", "Each", "Other", "Others", "Participants", "Cette",
    "Ce", "Elle", "Il", "La", "Le", "Les", "Une", "Un", "Des", "Du", "De", "L",
    "First", "Second", "Third", "New", "Special", "Interactive",
}
# Post nouns ("Head of ...") and the words that may precede them in a post.
ROLE_HEADS = {
    "adviser", "advisor", "ambassador", "analyst", "attaché", "attache",
    "chair", "chairman", "chairperson", "chief", "commander", "commissioner",
    "consultant", "coordinator", "counsellor", "counselor", "dean", "delegate",
    "deputy", "director", "director-general", "envoy", "expert", "founder",
    "governor", "head", "inspector", "judge", "lawyer", "lead", "leader",
    "lecturer", "manager", "minister", "officer", "president", "professor",
    "prosecutor", "rapporteur", "representative", "researcher", "secretary",
    "secretary-general", "specialist", "spokesperson", "trainer",
    "vice-president", "under-secretary-general",
}
ROLE_MODIFIERS = {
    "acting", "assistant", "associate", "chief", "country", "deputy",
    "executive", "junior", "legal", "principal", "program", "programme",
    "project", "regional", "senior", "special", "strategic", "technical",
    "vice", "justice", "general", "permanent", "national", "resident",
}
# Honorifics written before a name; the longest applicable one is taken.
HONORIFIC_RE = (
    r"(?:H\.\s?E\.(?:\s+(?:Mr|Ms|Mrs|Dr)\.?)?|(?:Mr|Ms|Mrs|Dr|Prof|Barr|Hon|Amb|Mme|Gen|Col|Lt|Maj|Capt)\."
    r"|Major\s+General|Lieutenant\s+General|Brigadier\s+General|General|Colonel"
    r"|Brigadier|Judge|Justice|Ambassador|Professor|Sheikh|Madame|Monsieur|Mr|Ms|Mrs|Dr)"
)
NAME_PARTICLES = {"de", "la", "del", "della", "di", "da", "van", "von", "der",
                  "den", "le", "al", "el", "bin", "ibn", "dos", "das", "du"}
# Event nouns, most specific first; the first found names the event type.
EVENT_TYPES = [
    ("training of trainers workshop", "training of trainers workshop"),
    ("training-of-trainers", "training of trainers workshop"),
    ("capacity-building activity", "capacity-building activity"),
    ("capacity building activity", "capacity-building activity"),
    ("training workshop", "training workshop"), ("judicial workshop", "workshop"),
    ("regional workshop", "workshop"), ("online workshop", "workshop"),
    ("workshop", "workshop"), ("seminar", "seminar"), ("webinar", "webinar"),
    ("conference", "conference"), ("round table", "roundtable"),
    ("roundtable", "roundtable"), ("symposium", "symposium"),
    ("study visit", "study visit"), ("course", "course"), ("training", "training"),
    ("meeting", "meeting"), ("session de formation", "training"),
    ("formation", "training"), ("atelier", "workshop"), ("séminaire", "seminar"),
    ("conférence", "conference"),
]
# People nouns that a participant count can be about.
PEOPLE_NOUNS = (
    "participants|practitioners|experts|judges|prosecutors|officers|officials|"
    "staff members|staff|members|women|men|trainees|representatives|delegates|"
    "attendees|students|lawyers|investigators|journalists|personnel|"
    "policiers|gendarmes|magistrats|stagiaires|fonctionnaires|agents|juges|"
    "procureurs|participantes|femmes"
)
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
          "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
FRENCH_NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
                  "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "douze": 12,
                  "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40,
                  "cinquante": 50, "soixante": 60, "cent": 100}
QUALIFIERS = {
    "around": "approximate", "about": "approximate", "approximately": "approximate",
    "approx.": "approximate", "some": "approximate", "nearly": "approximate",
    "almost": "approximate", "roughly": "approximate", "an estimated": "approximate",
    "close to": "approximate", "up to": "approximate", "environ": "approximate",
    "près de": "approximate", "over": "at least", "more than": "at least",
    "at least": "at least", "upwards of": "at least", "plus de": "at least",
    "au moins": "at least",
}
# Titles of documents used or presented at events.
RESOURCE_HEADS = {"toolkit", "memorandum", "manual", "handbook", "guide",
                  "guidelines", "principles", "recommendations",
                  "compendium", "curriculum", "plan"}
# Words that alone do not make a specific document title.
GENERIC_RESOURCE_WORDS = RESOURCE_HEADS | {"training", "action", "national", "policy",
                                           "good", "practices", "new", "the"}
PROJECT_NOUNS = r"(?:project|programme|program|facility|initiative)"
# Trailing web-page residue: form labels, navigation, sharing widgets.
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:send a message(?: to)?|hidden|name|e-?mail|subject|message|submit|"
    r"share(?: this)?|print|tweet|related(?: news| articles)?|tags?:?.*|read more|"
    r"back to top|cookies?.*|skip to .*|menu|search|home)\s*$", re.I)

# ---------------------------------------------------------------------------
# Cue phrases for roles (compiled once).
# ---------------------------------------------------------------------------

_CUE_PARTNER = re.compile(
    r"\b(?:in\s+(?:close\s+|full\s+)?(?:collaboration|cooperation|co-operation|coordination|partnership|consultation)"
    r"(?:\s+and\s+(?:collaboration|cooperation|co-operation|coordination|partnership))?\s+with"
    r"|together\s+with|jointly\s+with|en\s+(?:partenariat|collaboration|coopération)\s+avec)\b", re.I)
_CUE_ORGANISER_BY = re.compile(
    r"\b(?:organi[sz]ed|organisée?s?|convened|conducted|delivered|implemented|run|led)\s+(?:by|par)\b", re.I)
_CUE_HOST_BY = re.compile(r"\bhosted\s+by\b", re.I)
_CUE_HOST_AT = re.compile(
    r"\b(?:held|took\s+place|hosted)\s+at\s+(?:the\s+)?(?:premises\s+of\s+(?:the\s+)?)?|\bat\s+the\s+premises\s+of\s+(?:the\s+)?", re.I)
_CUE_WHO_HOSTED = re.compile(r",?\s+who\s+(?:also\s+)?hosted\b", re.I)
_CUE_FUNDER_BY = re.compile(
    r"\b(?:funded|financed|sponsored|supported\s+financially|financée?s?|financés)\s+(?:by|par)\b"
    r"|\bwith\s+(?:the\s+)?(?:generous\s+)?(?:financial\s+)?(?:support|funding|contribution)\s+(?:from|of)\b"
    r"|\bavec\s+le\s+soutien\s+(?:financier\s+)?(?:de|du|des)\b", re.I)
_CUE_FUNDER_ADJ = re.compile(r"^\s*-?\s*(?:funded|financed|sponsored)\b", re.I)   # "EU funded", "EU-funded"
_CUE_FUNDS = re.compile(r"^\s+(?:funds|finances|sponsors)\b", re.I)
_ACTIVE_VERBS = re.compile(
    r"\b(?:held|holds|organi[sz]ed|organi[sz]es|co-organi[sz]ed|hosted|hosts|convened|conducted|"
    r"delivered|launched|ran|run|trained|trains|visited|collaborated|implemented)\b", re.I)
_PRESENT_VERBS = re.compile(r"\b(?:presented|made\s+presentations?|delivered\s+presentations?)\b", re.I)
_CUE_PARTICIPANT = re.compile(
    r"\b(?:participants?|attendees|brought\s+together|gathered|took\s+part|included|including|"
    r"representatives?|officials?|officers?|members?|staff|delegates|trainees|from\s+various)\b", re.I)
_CUE_FOR_BENEFICIARY = re.compile(r"\b(?:workshop|training|course|seminar)\b[^.;]{0,40}?\bfor\s+(?:the\s+)?$", re.I)
_CUE_OPENED = re.compile(r"\bopened\s+by\b|\bopening\s+(?:remarks|speech(?:es)?|statement)", re.I)
_CUE_CHAIRED = re.compile(r"\bchaired\s+by\b", re.I)
_CUE_SPEAKER = re.compile(
    r"\b(?:said|stated|remarks|speech|presentation|presented|shared|explained|"
    r"emphasi[sz]ed|stressed|underscored|addressed|welcomed|provided\s+an\s+overview|highlighted|noted)\b", re.I)
_CUE_TITLED = re.compile(r"(?:titled|entitled|focused\s+on|on\s+the\s+theme|themed|called|under\s+the\s+theme)\s*:?\s*$", re.I)
_CUE_PUBLISHED = re.compile(
    r"(?:last\s+updated|published|posted|publié(?:e)?|date\s+of\s+publication)\s*(?:on|le)?\s*:?\s*$", re.I)
_CUE_PUBLISHER_BY = re.compile(r"\b(?:developed|published|produced|prepared|issued|elaborated)\s+(?:jointly\s+)?by\b", re.I)
_CUE_UNDER_PROJECT = re.compile(r"\b(?:under|as\s+part\s+of|within(?:\s+the\s+framework\s+of)?)\s+(?:the\s+)?$", re.I)
_CUE_REPRESENTED = re.compile(r"\bwho\s+represented\s+(?:the\s+)?$", re.I)
_CUE_USED = re.compile(
    r"\b(?:presented|used|shared|introduced|based\s+on|guided\s+by|made\s+use\s+of|resource|"
    r"supported\s+by|implementation\s+of|familiaris|discussed|workshop|training|use\s+of|using|appl(?:y|ied))\b", re.I)

# ---------------------------------------------------------------------------
# Tokens and sentences
# ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"[LlDd][’'](?=[A-ZÀ-Þ])"            # French elision before a name: l'ONUDC
    r"|(?:[A-Z]\.){2,}"                  # U.S., H.E.
    r"|[^\W_]+(?:[’'\-‐][^\W_]+)*"       # words with inner hyphens/apostrophes
    r"|[^\w\s]")
_ABBREV = {"mr", "ms", "mrs", "dr", "prof", "barr", "hon", "st", "no", "vs", "jr",
           "sr", "gen", "col", "lt", "maj", "capt", "amb", "mme", "e.g", "i.e",
           "approx", "etc", "inc", "ltd", "co", "nos", "art", "para"}
_SENT_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]*[^\W_\d]|[\"“‘(]*\d)|[.!?][\"”’)]*\s*$")


class _Tok:
    """A token with its span; ``cap`` (capitalised, or "G5") and ``acr``
    (an upper-case acronym such as "NCIJC" or "FTFs") are computed once."""

    __slots__ = ("start", "end", "s", "cap", "acr")

    def __init__(self, start: int, end: int, s: str):
        self.start, self.end, self.s = start, end, s
        c = s[0]
        self.cap = c.isupper() or (c.isdigit() and any(ch.isupper() for ch in s))
        core = s[:-1] if s.endswith("s") and len(s) > 3 else s
        self.acr = (self.cap and len(core) >= 2 and core[0].isalpha() and core.isupper()
                    and not any(ch in core for ch in "’'-."))


def _is_possessive(tok: _Tok) -> bool:
    return tok.s.endswith(("’s", "'s")) and len(tok.s) > 2


def _core(word: str) -> str:
    """A token without a possessive ending."""
    return word[:-2] if word.endswith(("’s", "'s")) else word


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end]; newlines always end a sentence."""
    out: list[tuple[int, int]] = []
    for lm in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + lm.start(), start + lm.end()
        s = ls
        for m in _SENT_END.finditer(text, ls, le):
            before = text[s:m.start()].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
            e = m.start() + 1
            while e < le and text[e] in "\"”’)":
                e += 1
            _push_span(out, text, s, e)
            s = m.end()
        _push_span(out, text, s, le)
    return out


def _push_span(out, text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


# ---------------------------------------------------------------------------
# Organisation mentions
# ---------------------------------------------------------------------------

@dataclass
class _OrgMention:
    start: int
    end: int
    surface: str          # name as written (no leading "the", no possessive)
    acronym: str | None = None
    parent: str | None = None
    kind: str | None = None
    priority: int = 5     # lower wins an overlap


@dataclass
class _OrgAcc:
    names: list[str] = field(default_factory=list)
    acronym: str | None = None
    parent: str | None = None
    kind: str | None = None
    evidence: Evidence | None = None
    extra_aliases: list[str] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _norm(name: str) -> str:
    """Key for matching names within one article."""
    s = name.lower().replace("’", "'").replace("&", " and ")
    s = re.sub(r"\bcent(?:er|re)\b", "centre", s)
    s = re.sub(r"\b(?:organization)\b", "organisation", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^(?:the|l|la|le)\s+", "", " ".join(s.split()))
    return s


def _known_orgs():
    """Gazetteer lookup: surface form -> (canonical group key, full name)."""
    table: dict[str, tuple[str, str]] = {}
    for entry in _LEX["known_organisations"]:
        key = entry["name"]
        for form in [entry["name"], *entry.get("acronyms", []), *entry.get("aliases", [])]:
            table[form] = (key, entry["name"])
    return table


KNOWN_ORGS = _known_orgs()
_KNOWN_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in sorted(KNOWN_ORGS, key=len, reverse=True)) + r")(?![\w-])")


class _Doc:
    """Per-article working state shared by the extraction steps."""

    def __init__(self, source: Source):
        self.source = source
        self.text = text = source.text
        first_nl = text.find("\n")
        lead = len(text) - len(text.lstrip())
        self.title_span = (lead, first_nl if first_nl > lead else len(text))
        self.content_end = _content_end(text)
        self.sents = _sentences(text, 0, self.content_end)
        # Web addresses are not prose: their words are neither names nor titles.
        self.urls = [m.span() for m in re.finditer(r"(?:https?://|www\.)\S+", text)]
        self.tokens = [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, 0, self.content_end)]
        if self.urls:
            self.tokens = [t for t in self.tokens if not any(us <= t.start < ue for us, ue in self.urls)]
        self.caps_lines = _shouting_lines(text, self.content_end)
        self.count_sent: tuple[int, int] | None = None   # set by _event
        self.title_quote: tuple[int, int] | None = None  # quoted event title, set by _event

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sents:
            if s <= pos < e:
                return s, e
        return pos, pos

    def ev(self, s: int, e: int) -> Evidence:
        return Evidence(start=s, end=e, exact=self.text[s:e])

    def in_title(self, pos: int) -> bool:
        return self.title_span[0] <= pos < self.title_span[1]


def _content_end(text: str) -> int:
    """Offset where trailing boilerplate (form labels, navigation) begins."""
    end = len(text)
    for m in reversed(list(re.finditer(r"[^\n]*\n?", text))):
        line = m.group().strip()
        if not line or BOILERPLATE_LINE.match(line):
            end = m.start()
            continue
        break
    return end


_LINE_RE = re.compile(r"[^\n]+")


def _shouting_lines(text: str, end: int) -> list[tuple[int, int]]:
    """Spans of all-capitals lines of several words (headlines, not acronyms)."""
    spans = []
    for m in _LINE_RE.finditer(text, 0, end):
        words = m.group().split()
        if len(words) >= 4 and sum(w.isupper() for w in words) > 0.8 * len(words):
            spans.append(m.span())
    return spans


def _place_country(name: str) -> str | None:
    return COUNTRIES.get(name) or CITIES.get(name)


def _acronym_long_form(toks: list[_Tok], acr: str) -> int | None:
    """Index in ``toks`` where the long form of ``acr`` starts, or None.

    ``toks`` is the capitalised run before "(ACR)". Tries, in order: the
    rightmost capitalised word from which the acronym is a subsequence of the
    word initials (upper-case tokens give all their letters); the whole run if
    it holds the acronym's letters in any order ("UN Human Rights Office of
    the High Commissioner (OHCHR)"); a Schwartz-Hearst character match.
    """
    letters = acr.rstrip("s").upper() if len(acr) > 2 else acr.upper()

    def initials(seq):
        out = []
        for t in seq:
            for part in re.split(r"[-‐’']", _core(t.s)):
                if not part:
                    continue
                if t.acr:
                    out.extend(part.upper())
                elif part[0].isupper():
                    out.append(part[0])
        return out

    def subseq(needle, hay):
        it = iter(hay)
        return all(c in it for c in needle)

    starts = [i for i, t in enumerate(toks) if t.cap and t.s[0].upper() == letters[0]]
    for i in reversed(starts):
        ini = initials(toks[i:])
        if ini and ini[0] == letters[0] and subseq(letters, ini):
            return i
    if starts and len(toks) <= 10 and not (Counter(letters) - Counter(initials(toks))):
        return 0
    for i in reversed(starts):   # Schwartz-Hearst over the characters
        chars = " ".join(t.s for t in toks[i:]).upper()
        if subseq(letters[1:], chars[1:]):
            return i
    return None


def _cap_run_before(doc: _Doc, idx: int, limit: int = 14) -> list[_Tok]:
    """Capitalised words and connectors directly before token ``idx``."""
    toks = doc.tokens
    j = idx - 1
    run: list[_Tok] = []
    while j >= 0 and len(run) < limit:
        t = toks[j]
        if doc.text[t.end:toks[j + 1].start].count("\n"):
            break
        if t.cap or t.s in {"&", "–", "-"} or t.s.lower() in CONNECTORS:
            run.insert(0, t)
            j -= 1
            if _is_possessive(t) and len(run) > 1:
                run.pop(0)
                break
            continue
        break
    while run and not run[0].cap:          # a name starts with a capital
        run.pop(0)
    while run and run[0].s in STOP_CAPS:
        run.pop(0)
        while run and not run[0].cap:
            run.pop(0)
    return run


def _acronym_definitions(doc: _Doc, mentions: list[_OrgMention], non_org: set[str]):
    """"Full Name (ACR)" pairs; long forms without an organisation head word
    (topics like "Women, Peace and Security (WPS)") make ACR a non-organisation."""
    toks = doc.tokens
    for i in range(1, len(toks) - 2):
        if toks[i].s != "(" or toks[i + 2].s != ")" or not toks[i + 1].acr:
            continue
        acr = toks[i + 1].s
        run = _cap_run_before(doc, i)
        k = _acronym_long_form(run, acr) if run else None
        if k is None:
            continue
        lf = run[k:]
        while lf and lf[-1].s.lower() in CONNECTORS:
            lf.pop()
        words = {_core(t.s).lower() for t in lf}
        if not words & ORG_HEADS and _norm(" ".join(t.s for t in lf)) not in _KNOWN_NORM:
            non_org.add(acr)
            continue
        parent = None
        if k > 0 and run[k - 1].acr and run[k - 1].s not in NON_ORG_ACRONYMS:
            parent = run[k - 1].s            # "UNODC Regional Office ... (ROEA)"
            lf = [run[k - 1]] + lf
        s, e = lf[0].start, lf[-1].end
        surface = doc.text[s:e]
        if _is_possessive(lf[-1]):
            surface = surface[:-2]
        mentions.append(_OrgMention(s, toks[i + 2].end, surface, acronym=acr, parent=parent, priority=0))


_KNOWN_NORM = {_norm(k) for k in KNOWN_ORGS}

_PLURAL_HEADS = {"ministries": "Ministry", "departments": "Department", "offices": "Office",
                 "embassies": "Embassy", "commissions": "Commission", "agencies": "Agency",
                 "councils": "Council", "universities": "University", "directorates": "Directorate"}
_LIST_RE = re.compile(
    r"\b(?P<head>" + "|".join(h.capitalize() for h in _PLURAL_HEADS) + r")\s+of\s+"
    r"(?P<items>[A-Z][\w’'-]*(?:\s+(?:&\s+|and\s+(?=[A-Z][\w-]*\s+&))?[A-Z][\w’'-]*)*"
    r"(?:\s*,\s*(?:and\s+)?(?:of\s+)?[A-Z][\w’'-]*(?:\s+(?:&\s+)?[A-Z][\w’'-]*)*"
    r"|\s+and\s+(?:of\s+)?[A-Z][\w’'-]*(?:\s+(?:&\s+)?[A-Z][\w’'-]*)*)+)")
_LIST_ITEM_RE = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:&\s+)?[A-Z][\w’'-]*)*")


def _coordinated_lists(doc: _Doc, mentions: list[_OrgMention]):
    """"Ministries of A, of B ... and of Z" -> one "Ministry of X" per item."""
    for m in _LIST_RE.finditer(doc.text, 0, doc.content_end):
        head = _PLURAL_HEADS[m.group("head").lower()]
        base = m.start("items")
        for k, im in enumerate(_LIST_ITEM_RE.finditer(m.group("items"))):
            s, e = base + im.start(), base + im.end()
            if k == 0:
                s = m.start()                  # evidence "Ministries of Agriculture"
            else:
                of = doc.text.rfind("of", m.start(), s)
                if of >= 0 and doc.text[of + 2:s].strip() == "":
                    s = of                     # evidence "of Communications"
            mentions.append(_OrgMention(s, e, f"{head} of {im.group()}", priority=1))


def _chunks(doc: _Doc):
    """Runs of capitalised words and connectors, split at punctuation.

    Yields lists of tokens. A possessive ends a run ("IIJ’s Director").
    """
    toks = doc.tokens
    n = len(toks)
    i = 0
    while i < n:
        if not toks[i].cap:
            i += 1
            continue
        run = [toks[i]]
        j = i + 1
        while j < n and not _is_possessive(run[-1]):
            gap = doc.text[toks[j - 1].end:toks[j].start]
            if "\n" in gap or len(gap) > 2:
                break
            t = toks[j]
            if t.cap:
                run.append(t)
                j += 1
                continue
            if t.s.lower() in CONNECTORS or t.s == "&":
                k = j
                while k < n and (toks[k].s.lower() in CONNECTORS or toks[k].s == "&"):
                    k += 1
                if k < n and toks[k].cap and "\n" not in doc.text[toks[j].start:toks[k].start]:
                    run.extend(toks[j:k])
                    j = k
                    continue
            break
        yield run
        i = j


def _split_and(run: list[_Tok]) -> list[list[_Tok]]:
    """Split "A Office and the B Agency"; keep "Federal Intelligence and
    Investigation Agency" (only one side has a head word)."""
    out: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for idx, t in enumerate(run):
        if t.s.lower() == "and" and cur:
            left_head = any(_core(x.s).lower() in ORG_HEADS for x in cur)
            rest = run[idx + 1:]
            right_head = any(_core(x.s).lower() in ORG_HEADS for x in rest)
            the_follows = bool(rest) and rest[0].s.lower() == "the"
            if (left_head and right_head) or (the_follows and right_head):
                out.append(cur)
                cur = []
                continue
        cur.append(t)
    out.append(cur)
    return [p for p in out if p]


def _trim_org(doc: _Doc, run: list[_Tok]) -> list[_Tok] | None:
    """Cut a capitalised run down to an organisation name, or None."""
    # Drop a leading post ("Dean of the ...") and sentence-start words.
    while run and (run[0].s in STOP_CAPS or not run[0].cap):
        run = run[1:]
    lowered = [t.s.lower() for t in run]
    for k, w in enumerate(lowered):
        if w in ROLE_HEADS and k + 1 < len(run) and lowered[k + 1] in {"of", "at", "to", "for"}:
            j = k + 1
            while j < len(run) and not run[j].cap:
                j += 1
            run = run[j:]
            lowered = lowered[j:]
            break
    if not run:
        return None
    heads = [k for k, t in enumerate(run) if _core(t.s).lower() in ORG_HEADS]
    if not heads:
        return None
    h = heads[-1]
    if any(t.s.lower() in RESOURCE_HEADS for t in run[:h]):
        return None          # "National Action Plan of Iraq on Security Council ..." is a document
    # Keep the last head and its complement ("of the High Commissioner",
    # "in Iraq"); sub-units ("Unit of the Council of Europe") are split by
    # the caller.
    end = h + 1
    after_head = True
    while end < len(run):
        t = run[end]
        w = t.s.lower()
        if w in CONNECTORS and w != "and" and w != "&":
            if w in {"in", "to"} and not after_head:
                break
            k = end
            while k < len(run) and run[k].s.lower() in CONNECTORS:
                k += 1
            if k >= len(run):
                break
            if w in {"in", "to"}:
                # "Mission in Iraq", "Delegation to Iraq" - but not "School in Barcelona".
                place = _leading_place(run[k:], countries_only=True)
                if not place:
                    break
                end = k + place
                break
            end = k
            after_head = False
            place = _leading_place(run[end:])
            if place:
                end += place
                break
            while end < len(run) and run[end].cap and not run[end].acr:
                end += 1
            continue
        if w in {"and", "&"} and end + 1 < len(run) and run[end + 1].cap and not after_head:
            end += 1
            continue
        if t.cap and not t.acr and after_head and (_core(t.s).lower() in ORG_HEADS
                                                    or _core(run[h].s).lower() in ROMANCE_HEADS):
            end += 1             # "Audiencia Nacional": adjectives follow the head
            continue
        break
    name = run[:end]
    while name and not name[-1].cap:
        name.pop()
    # "Government" names a body only as "Government of <Place>" standing
    # alone; "Iraqi Government Ministries", "Government of Iraq Ministries"
    # are modifiers of a class noun.
    if _core(run[h].s).lower() in {"government", "gouvernement"}:
        rest = run[end:]
        if len(name) == h + 1 or any(t.cap for t in rest):
            return None
    last = _core(name[-1].s).lower()
    if last in GENERIC_PLURALS and (len(name) == 1 or name[-2].cap):
        return None
    if len(name) == 1 and last in ORG_HEADS:
        return None          # "Office", "Ministry" alone
    return name


def _leading_place(toks: list[_Tok], countries_only: bool = False) -> int:
    """Number of tokens at the start of ``toks`` that name a place (0 if none)."""
    names = COUNTRIES if countries_only else PLACES
    for n in (4, 3, 2, 1):
        if len(toks) >= n and " ".join(t.s for t in toks[:n]) in names:
            return n
    return 0


def _head_chunks(doc: _Doc, mentions: list[_OrgMention], non_org: set[str]):
    for run in _chunks(doc):
        for part in _split_and(run):
            # "EU-Council of Europe": a leading acronym glued by a hyphen.
            if part and "-" in part[0].s:
                first = part[0].s.split("-", 1)[0]
                if first.isupper() and first in KNOWN_ORGS:
                    mentions.append(_OrgMention(part[0].start, part[0].start + len(first), first, priority=3))
            name = _trim_org(doc, part)
            if not name:
                continue
            s, e = name[0].start, name[-1].end
            if "-" in name[0].s and name[0].s.split("-", 1)[0] in KNOWN_ORGS:
                s += len(name[0].s.split("-", 1)[0]) + 1
            surface = doc.text[s:e]
            if _is_possessive(name[-1]):
                surface, e = surface[:-2], e
            parent = None
            # "UNOCT Human Rights Unit": a sub-unit of the acronym's body.
            if name[0].acr and len(name) > 1 and name[0].s not in NON_ORG_ACRONYMS and name[0].s not in non_org:
                parent = name[0].s
            # "HELP Unit of the Council of Europe": unit + parent body.
            lw = [t.s.lower() for t in name]
            for k, w in enumerate(lw):
                if w in SUBUNIT_HEADS and k + 2 < len(name) and lw[k + 1] == "of":
                    rest = name[k + 2:]
                    while rest and not rest[0].cap:
                        rest = rest[1:]
                    if rest and any(_core(t.s).lower() in ORG_HEADS for t in rest):
                        unit_end = name[k].end
                        mentions.append(_OrgMention(rest[0].start, rest[-1].end,
                                                    doc.text[rest[0].start:rest[-1].end], priority=2))
                        surface = doc.text[s:unit_end]
                        parent = doc.text[rest[0].start:rest[-1].end]
                        e = unit_end
                    break
            mentions.append(_OrgMention(s, e, surface, parent=parent, priority=2))


def _gazetteer_orgs(doc: _Doc, mentions: list[_OrgMention]):
    for m in _KNOWN_RE.finditer(doc.text, 0, doc.content_end):
        # A full name directly followed by a capitalised word modifies it:
        # "United Nations Global Counter-Terrorism Strategy".
        if " " in m.group() and re.match(r" [A-Z][a-z]", doc.text[m.end():m.end() + 3]):
            continue
        mentions.append(_OrgMention(m.start(), m.end(), m.group(), priority=3))


def _state_funders(doc: _Doc, mentions: list[_OrgMention]):
    """"funded by Canada": a state named as a funder is an organisation."""
    for m in _CUE_FUNDER_BY.finditer(doc.text, 0, doc.content_end):
        rest = doc.text[m.end():m.end() + 60]
        pm = re.match(r"\s+(?:the\s+)?(?:Government\s+of\s+)?([A-Z][\w'’ -]+?)(?=[,.;:)\s]|$)", rest)
        if pm:
            name = pm.group(1).strip()
            for cand in sorted(COUNTRIES, key=len, reverse=True):
                if name.startswith(cand):
                    s = m.end() + pm.start(1)
                    mentions.append(_OrgMention(s, s + len(cand), cand, kind="state", priority=2))
                    break


def _bare_acronyms(doc: _Doc, mentions: list[_OrgMention], non_org: set[str], blocked: set[str]):
    for t in doc.tokens:
        if not t.acr and not (_is_possessive(t) and _Tok(0, 0, _core(t.s)).acr):
            continue
        word = _core(t.s)
        if (word in NON_ORG_ACRONYMS or word in non_org or word in blocked
                or word.title() in PLACES or word in PLACES
                or any(s <= t.start < e for s, e in doc.caps_lines)):
            continue
        mentions.append(_OrgMention(t.start, t.start + len(word), word, priority=4))


def _select_mentions(mentions: list[_OrgMention]) -> list[_OrgMention]:
    """Resolve overlaps: by priority, then longer first."""
    chosen: list[_OrgMention] = []
    for m in sorted(mentions, key=lambda m: (m.priority, -(m.end - m.start), m.start)):
        if any(m.start < c.end and c.start < m.end for c in chosen):
            continue
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return chosen


# ---------------------------------------------------------------------------
# Persons
# ---------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_NAMEWORD = rf"[{_UP}](?:[\w’'\-]*\w)?"
_NAME = (rf"{_NAMEWORD}(?:\s+(?:(?:{'|'.join(sorted(NAME_PARTICLES))})\s+)*{_NAMEWORD}){{0,4}}")
_PERSON_HON_RE = re.compile(rf"(?<![\w.])(?P<hon>{HONORIFIC_RE})\s+(?P<name>{_NAME})")
_PERSON_POST_RE = re.compile(rf"(?<![\w.])(?P<name>{_NAME})\s*,\s+(?=(?P<post>[^,;.\n]|\.(?=\w))+)")
_TITLE_NAME_RE = re.compile(rf"(?P<name>{_NAME})")


@dataclass
class _PersonAcc:
    name: str
    honorific: str | None = None
    job_title: str | None = None
    role: str | None = None
    organisation: str | None = None
    org_span: tuple[int, int] | None = None
    evidence: Evidence | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


def _valid_name(words: list[str]) -> bool:
    core = [w for w in words if w.lower() not in NAME_PARTICLES or w[0].isupper()]
    if len(core) < 2:
        return False
    for w in words:
        lw = _core(w).lower()
        if (lw in ORG_HEADS or lw in ROLE_HEADS or w in STOP_CAPS or w in PLACES
                or lw in GENERIC_PLURALS or w in KNOWN_ORGS or lw in _MONTHS_LOWER
                or lw in {"human", "rights", "counter-terrorism", "national", "international",
                          "european", "united", "general", "government", "security"}):
            return False
        if w.isupper() and len(w) > 2:
            return False
    return True


_MONTHS_LOWER = {"january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december"}


def _post_phrase(doc: _Doc, start: int, limit: int) -> tuple[int, int] | None:
    """The post written after "Name, " up to the next clause break, if it is one."""
    text = doc.text
    m = re.compile(r"[^,;\n]*?(?=,|;|\s+(?:who|stated|said)\b|(?<!\.[A-Z])[.](?:\s|$)|$)").match(text, start, limit)
    if not m or m.end() == start:
        return None
    phrase = text[start:m.end()]
    words = re.findall(r"[\w’'\-]+", phrase)
    if not words:
        return None
    lw = [w.lower() for w in words]
    # Skip "the", "former", nationality adjectives before the post noun.
    for k, w in enumerate(lw[:4]):
        if w in ROLE_HEADS or w in ROLE_MODIFIERS and k + 1 < len(lw) and lw[k + 1] in ROLE_HEADS:
            return start, m.end()
        if w in {"the", "former", "a", "an"} or (words[k][0].isupper() and w not in ORG_HEADS):
            continue
        break
    if lw[0] == "from":
        return start, m.end()
    return None


def _role_of(job_title: str) -> str | None:
    """The post's head: "Senior Strategic Adviser on ..." -> "Senior Strategic Adviser"."""
    words = re.findall(r"[\w’'\-]+", job_title)
    for k, w in enumerate(words):
        if w.lower() in ROLE_HEADS:
            j = k
            while j + 1 < len(words) and words[j + 1].lower() in ROLE_HEADS and words[j + 1][0].isupper():
                j += 1
            i = k
            while i > 0 and words[i - 1].lower() in ROLE_MODIFIERS and words[i - 1][0].isupper():
                i -= 1
            return " ".join(words[i:j + 1])
    return None


_WORD_RE = re.compile(r"[\w’'\-]+")
_CLAUSE_BREAK_RE = re.compile(r"[,;:]\s+|\.\s+")


def _title_before(doc: _Doc, pos: int, sent_start: int) -> tuple[int, int] | None:
    """A post written just before a name: "Executive Secretary Tom Wuchte",
    "Program Manager, Soufiane EL Hamdi", "Deputy Director of ... (ODPP), Mr. Edwin Okello".

    Only a bounded window before ``pos`` is read, so long sentences stay linear.
    """
    text = doc.text
    lo = max(sent_start, pos - 240)
    end = pos
    while end > lo and text[end - 1].isspace():
        end -= 1
    comma = end > lo and text[end - 1] == ","
    if comma:
        end -= 1
    # Directly adjacent capitalised words ending in a post noun.
    words = list(_WORD_RE.finditer(text, max(lo, end - 80), end))
    if words and words[-1].end() == end and words[-1].group().lower() in ROLE_HEADS:
        k = len(words) - 1
        while (k > 0 and len(words) - k < 6 and words[k - 1].group()[0].isupper()
               and words[k - 1].group() not in STOP_CAPS
               and text[words[k - 1].end():words[k].start()].isspace()):
            k -= 1
        if words[k].group()[0].isupper():
            return words[k].start(), end
    if not comma:
        return None
    # A clause before ", Name": from the previous clause break to the comma.
    starts = [m.end() for m in _CLAUSE_BREAK_RE.finditer(text, lo, end)]
    cs = starts[-1] if starts else lo
    if not starts and lo > sent_start:
        return None
    clause = list(_WORD_RE.finditer(text, cs, end))
    lw = [m.group().lower() for m in clause]
    k = 0
    # "The Special Adviser ...", "IIJ’s Director of Programs"
    while k < len(lw) and (lw[k] == "the" or lw[k].endswith(("’s", "'s"))):
        k += 1
    if k < len(lw) and (lw[k] in ROLE_HEADS or (lw[k] in ROLE_MODIFIERS and k + 1 < len(lw)
                                                and (lw[k + 1] in ROLE_HEADS or lw[k + 1] in ROLE_MODIFIERS))):
        return cs, end
    return None


# ---------------------------------------------------------------------------
# Main extraction
# ---------------------------------------------------------------------------

def extract_text(source: Source) -> Extraction:
    """Extract events, organisations, persons, roles, resources, projects and
    fundings from ``source.text`` (first line = title)."""
    doc = _Doc(source)
    ex = Extraction(source=source)
    text = doc.text

    # Year-less mentions ("from 11-13 June") take the article's usual year.
    pub_year = source.publication_date.year if source.publication_date else None
    dates = find_dates(text[:doc.content_end], default_year=pub_year, infer_year=True)
    if source.publication_date is None:
        source.publication_date = _publication_date(doc, dates)
    pub_spans = _publication_spans(doc, dates)

    # Projects first: their words ("CT PHARE") are not organisations.
    projects, blocked = _projects(doc)

    non_org: set[str] = set()
    mentions: list[_OrgMention] = []
    _acronym_definitions(doc, mentions, non_org)
    _coordinated_lists(doc, mentions)
    _head_chunks(doc, mentions, non_org)
    _gazetteer_orgs(doc, mentions)
    _state_funders(doc, mentions)

    persons = _persons(doc)
    person_spans = [sp for p in persons for sp in p.mentions]
    _bare_acronyms(doc, mentions, non_org, blocked)
    mentions = [m for m in mentions if not any(s <= m.start < e for s, e in person_spans)
                and not any(ps <= m.start < pe for ps, pe in _blocked_spans(projects))]
    mentions = _select_mentions(mentions)
    orgs, mention_org = _merge_orgs(doc, mentions)

    # Project organisers: "the IIJ EU funded CT PHARE facility", "UNOCT ... Project".
    for pj in projects:
        pj_org = _project_organiser(doc, pj, mentions, mention_org)
        if pj_org:
            pj.project.organiser = pj_org

    event = _event(doc, dates, pub_spans, projects, mentions, mention_org)
    ex.events.append(event)

    # Persons: organisation from the post, "who represented X", or project.
    for p in persons:
        _person_org(doc, p, mentions, mention_org, projects)

    roles = _org_roles(doc, event, mentions, mention_org, persons)
    resources = _resources(doc, event, mentions, mention_org, persons, roles)
    fundings = _fundings(doc, event, mentions, mention_org, projects, roles)

    # Organisations of persons, and those named in their posts, take part
    # unless the text gives them another role.
    for p in persons:
        named = [p.organisation] if p.organisation else []
        if p.org_span:
            named += [mention_org.get(id(m)) for m in mentions if p.org_span[0] <= m.start < p.org_span[1]]
        for name in named:
            if name and name in orgs and not roles.get(name):
                roles.setdefault(name, {})["participant"] = p.evidence

    for name, acc in orgs.items():
        aliases = [n for n in dict.fromkeys(acc.names + acc.extra_aliases) if n != name]
        ex.organisations.append(Organisation(
            name=name, acronym=acc.acronym, aliases=aliases, parent=acc.parent,
            kind=acc.kind, evidence=acc.evidence))
        got = roles.get(name) or {"other": acc.evidence}
        by_ev: dict[Evidence, set[str]] = {}
        for role, evd in got.items():
            by_ev.setdefault(evd or acc.evidence, set()).add(role)
        for evd, rs in by_ev.items():
            ex.participations.append(Participation(event=event.key, agent=name, roles=rs, evidence=evd))

    for p in persons:
        ex.persons.append(Person(name=p.name, honorific=p.honorific, job_title=p.job_title,
                                 role=p.role, organisation=p.organisation, evidence=p.evidence))
        sent = doc.sentence_of(p.mentions[0][0])
        ex.participations.append(Participation(
            event=event.key, agent=p.name, agent_kind="person", roles=_person_roles(doc, p),
            on_behalf_of=p.organisation, evidence=doc.ev(*sent)))

    ex.resources.extend(resources)
    ex.projects.extend(pj.project for pj in projects)
    ex.fundings.extend(fundings)
    return ex


def _blocked_spans(projects) -> list[tuple[int, int]]:
    """Spans of caps-only project names ("CT PHARE"): not organisations."""
    return [sp for pj in projects for sp in pj.word_spans]


# -- publication date --------------------------------------------------------

def _publication_date(doc: _Doc, dates: list[DateMention]) -> date | None:
    for d in _pub_mentions(doc, dates):
        return d.first
    return None


def _publication_spans(doc: _Doc, dates):
    return [(d.start, d.end) for d in _pub_mentions(doc, dates)]


_LINE = re.compile(r"[^\n]+")


def _pub_mentions(doc: _Doc, dates: list[DateMention]):
    """A dateline (a line that is just one date, within three lines of the
    title) or a "Published on / last updated on" date."""
    text = doc.text
    lines = [m for m in _LINE.finditer(text, doc.title_span[1]) if m.group().strip()][:3]
    for d in dates:
        if d.precision != "day" or d.is_range:
            continue
        for lm in lines:
            if lm.start() <= d.start and d.end <= lm.end():
                rest = (text[lm.start():d.start] + text[d.end:lm.end()]).strip(" \t:-–|")
                if not rest or re.fullmatch(r"(?:published|posted|date|publié(?:e)?)\s*(?:on|le)?\s*:?", rest, re.I):
                    yield d
        if _CUE_PUBLISHED.search(text[max(0, d.start - 40):d.start]):
            yield d


# -- projects ----------------------------------------------------------------

@dataclass
class _Proj:
    project: Project
    span: tuple[int, int]
    word_spans: list[tuple[int, int]]


_PROJ_CAPS_RE = re.compile(rf"(?<![\w’'])((?:[A-Z][A-Z0-9]+\s+)*[A-Z][A-Z0-9]+)\s+(?={PROJECT_NOUNS}\b|(?:Project|Programme|Program)\s+[A-Z])")
_PROJ_QUOTED_RE = re.compile(rf"“([^”]{{8,200}})”\s+{PROJECT_NOUNS}\b")
_PROJ_NAMED_RE = re.compile(
    r"(?<![\w])((?:[A-Z][\w’'-]*\s+)(?:(?:and|of|for|on|in|&)\s+|[A-Z][\w’'-]*\s+){0,10}?(?:Project|Programme|Initiative))"
    r"\b(?!\s+(?:Lead|Manager|Officer|Coordinator|Director|Team))")


def _projects(doc: _Doc) -> tuple[list[_Proj], set[str]]:
    """Named projects/programmes. Returns them and the capitalised words that
    belong to project names only (kept out of organisation detection)."""
    text = doc.text[:doc.content_end]
    found: dict[str, _Proj] = {}
    blocked: set[str] = set()
    for m in _PROJ_CAPS_RE.finditer(text):
        name = m.group(1)
        words = name.split()
        # An organisation acronym in front belongs to the organiser: keep only
        # the trailing words that are not known organisations.
        while len(words) > 1 and (words[0] in KNOWN_ORGS or re.search(rf"\({re.escape(words[0])}\)", text)):
            words = words[1:]
        if len(words) == 1 and (words[0] in KNOWN_ORGS or re.search(rf"\({re.escape(words[0])}\)", text)):
            continue
        name = " ".join(words)
        s = m.end(1) - len(name)
        pj = found.setdefault(name, _Proj(Project(name=name, evidence=doc.ev(s, m.end(1))), (s, m.end(1)), []))
        blocked.update(words)
    for m in _PROJ_QUOTED_RE.finditer(text):
        name = m.group(1).strip()
        found.setdefault(name, _Proj(Project(name=name, evidence=doc.ev(m.start(1), m.end(1))),
                                     (m.start(1), m.end(1)), [(m.start(1), m.end(1))]))
    for m in _PROJ_NAMED_RE.finditer(text):
        name = m.group(1)
        words = name.split()
        while words and (words[0] in STOP_CAPS or not words[0][0].isupper()):
            words = words[1:]
        if len(words) < 2 or _norm(" ".join(words)) in _KNOWN_NORM:
            continue
        name = " ".join(words)
        s = m.end(1) - len(name)
        if name not in found and not any(name in k or k in name for k in found):
            found[name] = _Proj(Project(name=name, evidence=doc.ev(s, m.end(1))), (s, m.end(1)), [])
    # Every further mention of a caps-only project name is blocked for orgs.
    for pj in found.values():
        if all(w.isupper() for w in pj.project.name.split()):
            for m in re.finditer(rf"(?<![\w-]){re.escape(pj.project.name)}(?![\w-])", text):
                pj.word_spans.append(m.span())
    return list(found.values()), blocked


def _project_organiser(doc, pj: _Proj, mentions, mention_org) -> str | None:
    s, e = pj.span
    # An organisation written right before the project name or its "funded"
    # modifier: "the IIJ EU funded CT PHARE facility", "the UNOCT “...” project".
    window_start = max(doc.sentence_of(s)[0], s - 60)
    before = [m for m in mentions if window_start <= m.start and m.end <= s]
    funders = {m.start for m in before if _CUE_FUNDER_ADJ.match(doc.text[m.end:m.end + 12])}
    for m in reversed(before):
        if m.start in funders:
            continue
        gap = doc.text[m.end:s]
        if re.fullmatch(r"[\s)’'s]*(?:\(\w+\)\s*)?(?:[A-Z]{2,}\s+)?(?:[\w-]+\s+)?(?:[A-Z][\w-]*\s+)*(?:funded\s+)?\s*[“\"]?", gap) or len(gap) < 25:
            return mention_org.get(id(m))
    # "UNOCT Human Rights and Counter-Terrorism Project": a leading acronym.
    first = pj.project.name.split()[0]
    for m in mentions:
        if m.start == s and m.surface == first:
            return mention_org.get(id(m))
    inner = [m for m in mentions if s <= m.start < e]
    if inner:
        return mention_org.get(id(inner[0]))
    return None


# -- organisations -----------------------------------------------------------

def _merge_orgs(doc: _Doc, mentions: list[_OrgMention]):
    """One organisation per article: acronyms, gazetteer groups and names join."""
    groups: dict[str, _OrgAcc] = {}
    key_of: dict[str, str] = {}            # alias key -> group key
    mention_group: dict[int, str] = {}

    def find(m: _OrgMention) -> str | None:
        keys = [_norm(m.surface)]
        if m.acronym:
            keys.append("acr:" + m.acronym)
        if m.surface in KNOWN_ORGS:
            keys.append("known:" + KNOWN_ORGS[m.surface][0])
        if m.acronym and m.acronym in KNOWN_ORGS:
            keys.append("known:" + KNOWN_ORGS[m.acronym][0])
        if m.surface.isupper() and " " not in m.surface:
            keys.append("acr:" + m.surface)
        # "EUAM Iraq", "UNODC Iraq": an acronym plus a place is the same body.
        parts = m.surface.split(" ", 1)
        if len(parts) == 2 and parts[0].isupper() and parts[1] in PLACES:
            keys.append("acr:" + parts[0])
        for k in keys:
            if k in key_of:
                return key_of[k]
        return None

    def register(m: _OrgMention, g: str):
        key_of.setdefault(_norm(m.surface), g)
        if m.acronym:
            key_of.setdefault("acr:" + m.acronym, g)
        if m.surface.isupper() and " " not in m.surface:
            key_of.setdefault("acr:" + m.surface, g)
        for k in (m.surface, m.acronym):
            if k and k in KNOWN_ORGS:
                key_of.setdefault("known:" + KNOWN_ORGS[k][0], g)

    # Full-name and defined mentions first so acronyms attach to them; the
    # title line last so the body's spelling leads.
    order = sorted(mentions, key=lambda m: (m.priority > 3, doc.in_title(m.start), m.start))
    for m in order:
        g = find(m)
        if g is None:
            g = f"g{len(groups)}"
            groups[g] = _OrgAcc()
        register(m, g)
        acc = groups[g]
        acc.names.append(m.surface)
        if m.acronym:
            acc.acronym = acc.acronym or m.acronym
        elif m.surface.isupper() and " " not in m.surface and not acc.acronym:
            acc.acronym = m.surface
        acc.parent = acc.parent or m.parent
        acc.kind = acc.kind or m.kind
        if acc.evidence is None or (doc.in_title(acc.evidence.start) and not doc.in_title(m.start)):
            acc.evidence = doc.ev(m.start, m.end)
        for k in (m.surface, m.acronym):
            if k in KNOWN_ORGS and KNOWN_ORGS[k][1] not in acc.extra_aliases:
                acc.extra_aliases.append(KNOWN_ORGS[k][1])
        mention_group[id(m)] = g

    # "Department of State" inside "US Department of State": one body.
    names = {g: max(acc.names, key=len) for g, acc in groups.items()}
    for g, name in list(names.items()):
        for g2, name2 in names.items():
            if g2 == g or g not in groups or g2 not in groups:
                continue
            n1, n2 = _norm(name), _norm(name2)
            if n2.endswith(" " + n1) and len(n2.split()) - len(n1.split()) == 1 and len(n1.split()) >= 2:
                groups[g2].names.extend(groups[g].names)
                groups[g2].acronym = groups[g2].acronym or groups[g].acronym
                for mid, gg in mention_group.items():
                    if gg == g:
                        mention_group[mid] = g2
                del groups[g]
                break

    orgs: dict[str, _OrgAcc] = {}
    final_name: dict[str, str] = {}
    for g, acc in groups.items():
        name = max(acc.names, key=lambda n: (len(n) if n != acc.acronym else 0))
        if acc.parent and _norm(acc.parent) == _norm(name):
            acc.parent = None
        orgs[name] = acc
        final_name[g] = name
    # Parents are written as acronyms or names; point them at final names.
    for acc in orgs.values():
        if acc.parent:
            pk = "acr:" + acc.parent if acc.parent.isupper() else _norm(acc.parent)
            if pk in key_of and key_of[pk] in final_name:
                acc.parent = final_name[key_of[pk]]
    mention_org = {mid: final_name[g] for mid, g in mention_group.items()}
    return orgs, mention_org


_CUE_BACKGROUND = re.compile(r"\b(?:previous|earlier|past|prior|former)\s+(?:workshops?|trainings?|events?|sessions?|editions?)\b", re.I)


def _finite(text: str, ss: int, v: re.Match) -> bool:
    """Is this verb a main-clause verb (not passive, infinitive or relative)?"""
    pre = text[max(ss, v.start() - 25):v.start()]
    return not re.search(r"\b(?:was|were|is|are|be|been|being|to|who|which|that|also)\s+$", pre, re.I)


def _org_roles(doc: _Doc, event: Event, mentions, mention_org, persons) -> dict[str, dict[str, Evidence]]:
    """Roles of organisations from cue phrases, sentence by sentence."""
    text = doc.text
    roles: dict[str, dict[str, Evidence]] = {}

    def give(m, role, sent):
        name = mention_org.get(id(m))
        if name:
            roles.setdefault(name, {}).setdefault(role, doc.ev(*sent))

    for sent in doc.sents:
        ss, se = sent
        if doc.in_title(ss):
            continue
        in_sent = [m for m in mentions if ss <= m.start < se]
        if not in_sent:
            continue
        done: set[int] = set()

        def scope_after(pos, ss=ss, se=se, in_sent=in_sent):
            # A cue's list runs to the main verb ("..., in collaboration with
            # A and B, held ..."); relative clauses ("who also hosted") do not end it.
            stop = next((v.start() for v in _ACTIVE_VERBS.finditer(text, pos, se) if _finite(text, ss, v)), se)
            return [m for m in in_sent if pos <= m.start < stop]

        for cue in _CUE_FUNDER_BY.finditer(text, ss, se):
            for m in scope_after(cue.end())[:1]:
                give(m, "funder", sent); done.add(id(m))
        for m in in_sent:
            if _CUE_FUNDER_ADJ.match(text[m.end:m.end + 12]) or _CUE_FUNDS.match(text[m.end:m.end + 12]):
                give(m, "funder", sent); done.add(id(m))
        for cue in _CUE_PARTNER.finditer(text, ss, se):
            for m in scope_after(cue.end()):
                if id(m) not in done:
                    give(m, "partner", sent); done.add(id(m))
        for m in in_sent:
            if re.search(r"\bpartners?,?\s+(?:the\s+)?$", text[max(ss, m.start - 20):m.start], re.I):
                give(m, "partner", sent)
        for cue in _CUE_ORGANISER_BY.finditer(text, ss, se):
            for m in scope_after(cue.end())[:3]:
                if id(m) not in done:
                    give(m, "organiser", sent); done.add(id(m))
        for cue in _CUE_HOST_BY.finditer(text, ss, se):
            for m in scope_after(cue.end())[:1]:
                give(m, "host", sent); done.add(id(m))
        for cue in _CUE_HOST_AT.finditer(text, ss, se):
            nxt = [m for m in in_sent if m.start >= cue.end() and m.start - cue.end() < 3]
            for m in nxt[:1]:
                give(m, "host", sent)
        for cue in _CUE_WHO_HOSTED.finditer(text, ss, se):
            prev = [m for m in in_sent if m.end <= cue.start()]
            if prev:
                give(prev[-1], "host", sent); done.add(id(prev[-1]))
        # Active verbs: the organisations before the verb in its clause.
        for v in _ACTIVE_VERBS.finditer(text, ss, se):
            if not _finite(text, ss, v):
                continue
            if re.search(r"\b(?:hosted|held)\s+at\b", text[v.start():v.start() + 12], re.I):
                continue
            clause_start = max(text.rfind(";", ss, v.start()) + 1, ss)
            subj = [m for m in in_sent if clause_start <= m.start < v.start() and id(m) not in done]
            subj = [m for m in subj if not re.search(r"\b(?:for|at|from|by|of)\s+(?:the\s+)?$",
                                                     text[max(ss, m.start - 10):m.start], re.I)]
            if not subj:
                continue
            verb = v.group().lower()
            for m in subj:
                give(m, "organiser", sent)
                if verb in {"hosted", "hosts"}:
                    give(m, "host", sent)
                done.add(id(m))
        for v in _PRESENT_VERBS.finditer(text, ss, se):
            for m in in_sent:
                if m.start < v.start() and id(m) not in done:
                    give(m, "participant", sent); done.add(id(m))
        # Beneficiaries: "a workshop ... for the NCIJC".
        for m in in_sent:
            if _CUE_FOR_BENEFICIARY.search(text[max(ss, m.start - 60):m.start]):
                give(m, "participant", sent); done.add(id(m))
        # Participant lists: organisations after a participation cue.
        cue = _CUE_PARTICIPANT.search(text, ss, se)
        has_count = event.participants_count is not None and doc.count_sent == sent
        if _CUE_BACKGROUND.search(text, ss, se):
            continue
        if cue or has_count:
            start_at = ss if has_count else cue.start()
            for m in in_sent:
                if m.start >= start_at and id(m) not in done:
                    give(m, "participant", sent); done.add(id(m))
    return roles


# -- persons -----------------------------------------------------------------

def _persons(doc: _Doc) -> list[_PersonAcc]:
    text = doc.text
    found: list[_PersonAcc] = []
    taken: list[tuple[int, int]] = []

    def add(name: str, ns: int, ne: int, hon: str | None, hs: int, post: tuple[int, int] | None, sent):
        words = name.split()
        # Names run into the next capitalised word sometimes ("Tom Wuchte Addressed").
        if not _valid_name(words):
            return
        if any(ns < te and ts < ne for ts, te in taken):
            return
        job = text[post[0]:post[1]].strip() if post else None
        if job:
            job = re.sub(r"^(?:the|a|an)\s+", "", job, flags=re.I)
            if job.lower().startswith("from "):
                job = None
        start = min(hs, post[0]) if post else hs
        end = max(ne, post[1]) if post else ne
        taken.append((ns, ne))
        acc = _PersonAcc(name=name, honorific=hon, job_title=job, role=_role_of(job) if job else None,
                         evidence=doc.ev(start, end), mentions=[(hs, ne)])
        acc.org_span = post
        found.append(acc)

    for ss, se in doc.sents:
        sent = (ss, se)
        for m in _PERSON_HON_RE.finditer(text, ss, se):
            name = _trim_name(m.group("name"))
            ns, ne = m.start("name"), m.start("name") + len(name)
            hon = " ".join(m.group("hon").split())
            post = _post_phrase(doc, _skip_comma(text, ne, se), se) if _skip_comma(text, ne, se) != ne else None
            if post is None:
                post = _title_before(doc, m.start(), ss)
            add(name, ns, ne, hon, m.start(), post, sent)
        for m in _PERSON_POST_RE.finditer(text, ss, se):
            name = m.group("name")
            words = name.split()
            # Drop leading words like "namely:" residue or a post run ("Program Manager, ...").
            while words and (words[0] in STOP_CAPS or words[0].lower() in ROLE_HEADS
                             or words[0].lower() in ROLE_MODIFIERS):
                words = words[1:]
            if len(words) < 2:
                continue
            name = " ".join(words)
            ns = m.end("name") - len(name)
            ne = m.end("name")
            post = _post_phrase(doc, _skip_comma(text, ne, se), se)
            if post is None:
                before = _title_before(doc, ns, ss)
                if before is None:
                    continue
                post = before
            add(name, ns, ne, None, ns, post, sent)
        # "Program Manager, Soufiane EL Hamdi." - a post, a comma, a name at clause end.
        for m in re.finditer(rf",\s+(?P<name>{_NAME})(?=\s*(?:[.;]|$))", text[:se]):
            if m.start() < ss:
                continue
            ns, ne = m.start("name"), m.end("name")
            if any(ns < te and ts < ne for ts, te in taken):
                continue
            post = _title_before(doc, ns, ss)
            if post:
                add(m.group("name"), ns, ne, None, post[0], post, sent)
        # "Executive Secretary Tom Wuchte", "said Mike Smith, head of CTED".
        for m in _TITLE_NAME_RE.finditer(text, ss, se):
            if any(m.start() < te and ts < m.end() for ts, te in taken):
                continue
            words = m.group().split()
            k = max((i for i, w in enumerate(words) if w.lower() in ROLE_HEADS), default=-1)
            pre = text[max(ss, m.start() - 6):m.start()]
            if k >= 0 and len(words) - k - 1 >= 2:
                name = " ".join(words[k + 1:])
                ns = m.end() - len(name)
                t0 = m.start() + len(" ".join(words[:_title_start(words, k)]))
                if t0 > m.start():
                    t0 += 1
                add(name, ns, m.end(), None, t0, (t0, ns - 1), sent)
            elif re.search(r"\b(?:said|says)\s+$", pre) and len(words) >= 2:
                post = _post_phrase(doc, _skip_comma(text, m.end(), se), se)
                add(m.group(), m.start(), m.end(), None, m.start(), post, sent)
    # Merge later short mentions ("H.E. Thomas Seiler", "Mr. Smith").
    merged: list[_PersonAcc] = []
    for p in found:
        same = next((q for q in merged if q.name == p.name), None)
        if same:
            same.mentions.extend(p.mentions)
            same.honorific = same.honorific or p.honorific
            if not same.job_title and p.job_title:
                same.job_title, same.role, same.org_span = p.job_title, p.role, p.org_span
            continue
        merged.append(p)
    for m in _PERSON_HON_RE.finditer(text, 0, doc.content_end):
        w = m.group("name").split()[0]
        for q in merged:
            if q.name.split()[-1] == w and len(q.name.split()) > 1:
                q.mentions.append((m.start(), m.end()))
    return merged


def _title_start(words: list[str], k: int) -> int:
    i = k
    while i > 0 and words[i - 1][0].isupper() and words[i - 1] not in STOP_CAPS:
        i -= 1
    return i


def _trim_name(name: str) -> str:
    words = name.split()
    out = []
    for w in words:
        if _core(w).lower() in ORG_HEADS or _core(w).lower() in ROLE_HEADS or w in STOP_CAPS:
            break
        out.append(w)
    return " ".join(out)


def _skip_comma(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"\s*,\s*").match(text, pos, limit)
    return m.end() if m else pos


def _person_org(doc: _Doc, p: _PersonAcc, mentions, mention_org, projects):
    text = doc.text
    if p.org_span:
        s, e = p.org_span
        inner = [m for m in mentions if s <= m.start < e]
        if inner:
            p.organisation = mention_org.get(id(inner[-1]))
            return
        # "EUAM’s Senior Strategic Adviser": a possessive acronym in the post.
        pm = re.match(r"(?:the\s+)?([\w-]+)[’']s\b", text[s:e])
        if pm:
            for m in mentions:
                if m.surface == pm.group(1):
                    p.organisation = mention_org.get(id(m))
                    return
        for pj in projects:
            if pj.project.name in text[s:e] and pj.project.organiser:
                p.organisation = pj.project.organiser
                return
    ms, me = p.mentions[0]
    ss, se = doc.sentence_of(ms)
    after = text[me:se]
    # "..., who represented ONSA", "Stefanie Schöen, from the Austrian ..."
    rm = re.search(r"\b(?:who\s+represented|from|representing|of)\s+(?:the\s+)?", after[:40])
    if rm:
        pos = me + rm.end()
        nxt = [m for m in mentions if pos <= m.start <= pos + 1]
        if nxt:
            p.organisation = mention_org.get(id(nxt[0]))
            return
    # "IIJ’s Director of Programs, Kathleen O’Connor"
    before = text[max(ss, ms - 60):ms]
    pm = re.search(r"([\w-]+)[’']s\s+[^,]*,\s*$", before)
    if pm:
        for m in mentions:
            if m.surface == pm.group(1):
                p.organisation = mention_org.get(id(m))
                return


def _person_roles(doc: _Doc, p: _PersonAcc) -> set[str]:
    roles: set[str] = set()
    text = doc.text
    for ms, me in p.mentions:
        ss, se = doc.sentence_of(ms)
        before = text[ss:ms]
        if _CUE_CHAIRED.search(before):
            roles.add("chair")
        elif _CUE_OPENED.search(before) or _CUE_OPENED.search(text[me:se][:80]):
            roles.add("opener" if re.search(r"opened\s+by\s*(?:[\w.’'-]+\s+){0,6}$", before) else "speaker")
        elif _CUE_SPEAKER.search(text[ss:se]):
            roles.add("speaker")
    return roles or {"participant"}


# -- event -------------------------------------------------------------------

_NUMWORD = "|".join(sorted(list(_UNITS) + list(_TENS) + list(FRENCH_NUMBERS), key=len, reverse=True))
_COUNT_RE = re.compile(
    rf"(?:(?P<q>{'|'.join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))})\s+)?"
    rf"(?<![\w.,-])(?P<n>\d{{1,4}}|(?:{_NUMWORD})(?:[\s-](?:{_NUMWORD}))?)(?:\s*\(\d+\))?"
    rf"(?P<mods>(?:\s+(?!(?:and|or|of|in|from|to|at|on|by|the|with|for|days?|years?|months?|countries|courses)\b)"
    rf"[\w’'\-()]+){{0,6}}?)\s+(?P<noun>{PEOPLE_NOUNS})\b", re.I)


def _number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    total = 0
    for w in re.split(r"[\s-]+", s.lower()):
        v = _UNITS.get(w) or _TENS.get(w) or FRENCH_NUMBERS.get(w)
        if v is None:
            return None
        total += v
    return total


def _event(doc: _Doc, dates, pub_spans, projects, mentions, mention_org) -> Event:
    text = doc.text
    key = f"{doc.source.key}#event-1"
    body_start = doc.title_span[1]
    # Dates: the first range after the title, else the first day date that is
    # not the publication date.
    cands = [d for d in dates if d.precision == "day" and (d.start, d.end) not in pub_spans
             and d.start >= body_start]
    chosen = next((d for d in cands if d.is_range), None) or (cands[0] if cands else None)
    month = None
    if chosen is None:
        month = next((d for d in dates if d.precision == "month" and d.start >= body_start), None)
    ev_sent = doc.sentence_of(chosen.start) if chosen else None

    # Event type: in the date sentence, else the first in the body, else title.
    etype = None
    for scope in ([ev_sent] if ev_sent else []) + [(body_start, doc.content_end), doc.title_span]:
        low = text[scope[0]:scope[1]].lower()
        best = None
        for phrase, kind in EVENT_TYPES:
            i = low.find(phrase)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, kind)
        if best:
            etype = best[1]
            break

    # Title: a quoted title next to an event cue, else the article title.
    title = text[doc.title_span[0]:doc.title_span[1]].strip()
    for m in re.finditer(r"[“\"]([^”\"\n]{12,300})[”\"]", text[:doc.content_end]):
        pre = text[max(0, m.start() - 40):m.start()]
        post = text[m.end():m.end() + 15]
        if re.match(rf"\s*{PROJECT_NOUNS}\b", post, re.I):
            continue
        if _CUE_TITLED.search(pre) or re.search(r"(?:workshop|training|seminar|conference|activity)\s*[—–-]?\s*$", pre, re.I):
            title = m.group(1).strip().rstrip(".,;:")
            doc.title_quote = m.span(1)
            break

    # Participant count.
    count = qual = None
    count_sent = None
    for m in _COUNT_RE.finditer(text, body_start, doc.content_end):
        if any(d.start <= m.start("n") < d.end for d in dates):
            continue
        n = _number(m.group("n"))
        if not n or n > 5000:
            continue
        count = n
        qual = QUALIFIERS.get((m.group("q") or "").lower(), "exact")
        count_sent = doc.sentence_of(m.start("n"))
        break

    place, country = _place(doc, ev_sent)
    # The programme it was delivered under: "under the X Project", "as part
    # of ...", else a project introduced as funded ("the EU funded X facility").
    project = next((pj.project.name for pj in projects
                    if _CUE_UNDER_PROJECT.search(text[max(0, pj.span[0] - 30):pj.span[0]])), None)
    if project is None:
        project = next((pj.project.name for pj in projects
                        if re.search(r"\bfunded\b", text[max(0, pj.span[0] - 20):pj.span[0]])), None)

    evsp = ev_sent or count_sent or doc.title_span
    ev = Event(key=key, title=title, start=chosen.first if chosen else None,
               end=chosen.last if chosen else None, place=place, country=country,
               participants_count=count, count_qualifier=qual if count else None,
               event_type=etype, date_text=(chosen or month).text if (chosen or month) else None,
               project=project, evidence=doc.ev(*evsp))
    doc.count_sent = count_sent      # the participant-count sentence lists participants
    return ev


_PW = r"[A-Z](?:[^\W\d_]|[’'-])+"          # a capitalised place word, letters only
_CITY_COUNTRY_RE = re.compile(rf"(?<![\w-])({_PW}(?:[ \t]+{_PW})?),[ \t]+({_PW}(?:[ \t]+(?:and[ \t]+)?{_PW})*)")
_IN_PLACE_RE = re.compile(rf"\b(?:in|à|au)[ \t]+({_PW}(?:[ \t]+{_PW})?)")
_DATELINE_RE = re.compile(rf"^[ \t]*({_PW}(?:[ \t]{_PW})?)\b", re.M)


def _city_country(scope: str) -> tuple[str, str] | None:
    """"Baghdad, Iraq" where the first part is not itself a country or an organisation."""
    for m in _CITY_COUNTRY_RE.finditer(scope):
        city, tail = m.group(1), m.group(2)
        country = next((COUNTRIES[c] for c in sorted(COUNTRIES, key=len, reverse=True)
                        if tail.startswith(c) and (len(tail) == len(c) or not tail[len(c)].isalnum())), None)
        words = city.split()
        if (country and city not in COUNTRIES and city not in REGIONS
                and not any(w in STOP_CAPS or w in COUNTRIES or w.lower() in ORG_HEADS for w in words)):
            return city, country
    return None


def _in_city(scope: str) -> tuple[str, str] | None:
    for m in _IN_PLACE_RE.finditer(scope):
        for cand in (m.group(1), m.group(1).split()[0]):
            if cand in CITIES:
                return cand, CITIES[cand]
    return None


def _place(doc: _Doc, ev_sent) -> tuple[str | None, str | None]:
    """City and country of the event, nearest evidence first: the sentence
    that dates the event, then the dateline lines under the title, then the
    whole text; "in <Country>" alone gives the country only."""
    text = doc.text[:doc.content_end]
    body = text[doc.title_span[1]:]
    head_lines = "\n".join([ln for ln in body.split("\n") if ln.strip()][:3])
    scopes = ([text[ev_sent[0]:ev_sent[1]]] if ev_sent else []) + [head_lines, body]
    for scope in scopes:
        found = _city_country(scope) or _in_city(scope)
        if found:
            return found
        if scope is head_lines:
            # A dateline city at a line start: "NOUAKCHOTT La première ...".
            for lm in _DATELINE_RE.finditer(scope):
                for cand in (lm.group(1), lm.group(1).split()[0]):
                    for form in (cand, cand.title()):
                        if form in CITIES:
                            return form, CITIES[form]
    for scope in scopes:
        for m in _IN_PLACE_RE.finditer(scope):
            for cand in (m.group(1), m.group(1).split()[0]):
                if cand in COUNTRIES:
                    return None, COUNTRIES[cand]
    return None, None


# -- resources ---------------------------------------------------------------

def _resources(doc: _Doc, event: Event, mentions, mention_org, persons, roles) -> list[Resource]:
    text = doc.text
    found: list[tuple[Resource, int, int]] = []
    for run in _chunks(doc):
        # A possessive ends a run: "GCTF’s" is the publisher of the next run.
        words = [t.s.lower() for t in run]
        hk = [k for k, w in enumerate(words) if w in RESOURCE_HEADS]
        if not hk:
            continue
        toks = run
        while toks and (toks[0].s in STOP_CAPS or not toks[0].cap):
            toks = toks[1:]
        # A document title does not start with an organisation name unless it
        # is an acronym prefix ("OHCHR Toolkit ...").
        while len(toks) > 1 and _core(toks[0].s).lower() in ORG_HEADS:
            toks = toks[1:]
        while toks and (not toks[-1].cap or _is_possessive(toks[-1])):
            toks = toks[:-1]      # "... Manual and the GCTF's": the possessor starts the next title
        if not toks or not any(t.s.lower() in RESOURCE_HEADS for t in toks):
            continue
        # Drop "in <Place>" tails and organisation phrases before the head.
        if all(t.s.lower() in GENERIC_RESOURCE_WORDS or t.s.lower() in CONNECTORS for t in toks):
            continue
        s, e = toks[0].start, toks[-1].end
        if doc.title_quote and doc.title_quote[0] <= s < doc.title_quote[1]:
            continue                 # words of the event's own title
        title = text[s:e]
        publisher = None
        if toks[0].acr:
            publisher = _org_by_surface(toks[0].s, mentions, mention_org)
        if publisher is None:
            # "GCTF’s Glion Recommendations", "the Global ... Forum’s (GCTF) Hague Memorandum"
            for m in mentions:
                if (0 <= s - m.end <= 12 and re.fullmatch(r"(?:[’']s)?\s*(?:\(\w+\)\s*)?", text[m.end:s])
                        and re.search(r"[’']s\b", text[m.start:s])):
                    publisher = mention_org.get(id(m))
        ss, se = doc.sentence_of(s)
        if publisher is None:
            pb = _CUE_PUBLISHER_BY.search(text, e, se)
            if pb:
                nxt = [m for m in mentions if pb.end() <= m.start < se]
                if nxt:
                    publisher = mention_org.get(id(nxt[0]))
        presenter = None
        sent_text = text[ss:se]
        if re.search(r"\b(?:presented|shared|introduced|gave\s+a\s+presentation)\b", sent_text):
            for p in persons:
                if any(ss <= ms < se and ms < s for ms, _ in p.mentions):
                    presenter = p.name
        used = [event.key] if _CUE_USED.search(sent_text) else []
        # "..., also known as the Méndez Principles": another name, not another document.
        if re.search(r"\b(?:also\s+)?(?:known|referred\s+to)\s+as\s+(?:the\s+)?$", text[max(ss, s - 40):s]) and found:
            continue
        found.append((Resource(title=title, publisher=publisher, used_at=used, presented_by=presenter,
                               evidence=doc.ev(s, e)), s, e))
    # One resource per document: shorter mentions inside a longer title join it.
    out: list[Resource] = []
    for r, _s, _e in sorted(found, key=lambda x: -len(x[0].title)):
        host = next((o for o in out if r.title in o.title), None)
        if host:
            host.publisher = host.publisher or r.publisher
            host.presented_by = host.presented_by or r.presented_by
            for k in r.used_at:
                if k not in host.used_at:
                    host.used_at.append(k)
            continue
        out.append(r)
    out.sort(key=lambda r: r.evidence.start)
    for r in out:
        if r.publisher:
            roles.setdefault(r.publisher, {}).setdefault("publisher", r.evidence)
    return out


def _org_by_surface(surface: str, mentions, mention_org) -> str | None:
    for m in mentions:
        if m.surface == surface or m.acronym == surface:
            return mention_org.get(id(m))
    return None


# -- fundings ----------------------------------------------------------------

def _fundings(doc: _Doc, event: Event, mentions, mention_org, projects, roles) -> list[Funding]:
    out: list[Funding] = []
    seen: set[tuple[str, str | None]] = set()
    funders = [n for n, rs in roles.items() if "funder" in rs]
    for name in funders:
        evd = roles[name]["funder"]
        # The project named in the same sentence, else the event's project.
        proj = None
        for pj in projects:
            if evd.start <= pj.span[0] < evd.end:
                proj = pj.project.name
                break
        proj = proj or event.project
        k = (name, proj)
        if k in seen:
            continue
        seen.add(k)
        out.append(Funding(funder=name, project=proj, event=None if proj else event.key, evidence=evd))
    return out


# ---------------------------------------------------------------------------
# Loading files
# ---------------------------------------------------------------------------

class _TextOnly(HTMLParser):
    """Collects the text of an HTML page; skips script/style; entities are
    resolved by the parser's built-in table (never fetched)."""

    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "ul", "ol", "table", "title", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        out, blank = [], False
        for line in lines:
            if line:
                out.append(line)
                blank = False
            elif not blank and out:
                out.append("")
                blank = True
        return "\n".join(out).strip() + "\n"


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in {".html", ".htm", ".xhtml"}:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.match(r"<(?:body|div|p|article)\b", head))


def load_text(path: str | Path, *, key: str | None = None, url: str | None = None,
              publisher: str | None = None, language: str | None = None) -> Extraction:
    """Read a UTF-8 press release (plain text or HTML) and extract it.

    A BOM is accepted and CRLF/CR become LF before any offset is computed.
    Raises :class:`LoadError` for undecodable bytes or an empty file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), None, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise LoadError(str(path), line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_like_html(p, text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = parser.text()
    if not text.strip():
        raise LoadError(str(path), None, "empty file: no text to extract")
    title = next((line.strip() for line in text.split("\n") if line.strip()), None)
    source = Source(key=key or p.stem, path=str(path), kind="text", text=text,
                    sha256=hashlib.sha256(data).hexdigest(), url=url, title=title,
                    language=language or "en", publisher=publisher)
    return extract_text(source)
