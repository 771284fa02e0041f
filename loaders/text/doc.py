"""The article being read: its text, tokens, sentences and zones.

A :class:`Doc` is the only state the extraction stages share (as a spaCy Doc
is): each stage reads what earlier stages wrote on it and adds its own
fields. Positions are character offsets into ``Doc.text``; lookups by
position use binary search so that long texts stay linear.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Evidence, Source
from .chrome import leading_chrome_end

_TOKEN_RE = re.compile(
    r"[LlDd][’'´](?=[A-ZÀ-Þ])"           # French elision before a name: l'ONUDC
    r"|(?:[A-Z]\.){2,}"                  # U.S., H.E.
    r"|[A-Z][A-Z0-9]+(?=[-‐][^\W_])"      # an acronym glued to the next word: EU-AU, OSCE-supported
    r"|[^\W_]+s[’'](?=[ \t]+[A-Z])"       # a plural possessive before a capital: Investigators' Toolkit
    r"|[^\W_]+(?:[’'´\-‐][^\W_]+)*"      # words with inner hyphens/apostrophes
    r"|[^\w\s]")
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {"mr", "ms", "mrs", "dr", "prof", "barr", "hon", "st", "no", "vs", "jr",
           "sr", "gen", "col", "lt", "maj", "capt", "amb", "mme", "e.g", "i.e", "ag",
           "approx", "etc", "inc", "ltd", "co", "nos", "art", "para", "h.e", "m", "me"}
_SENT_END = re.compile(r"[.!?][\"”’»)]*\s+(?=[\"“‘«(]*[^\W_\d]|[\"“‘«(]*\d)|[.!?][\"”’»)]*\s*$")
_LINE_RE = re.compile(r"[^\n]+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_FR_WORDS = frozenset("le la les des du une un est et dans pour sur avec aux au par qui été ont sont cette ces".split())
_EN_WORDS = frozenset("the and of to in for with was is were are on by this that from which has have".split())


class Spans:
    """A set of non-overlapping or overlapping [start, end) spans with
    logarithmic look-ups (long articles have thousands of them)."""

    __slots__ = ("_spans", "_starts", "_max_len")

    def __init__(self, spans=()):
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._max_len = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self._starts, start)
        self._spans.insert(i, (start, end))
        self._starts.insert(i, start)
        self._max_len = max(self._max_len, end - start)

    def contains(self, pos: int) -> bool:
        """Is ``pos`` inside some span?"""
        return self.overlaps(pos, pos + 1)

    def overlaps(self, start: int, end: int) -> bool:
        """Does [start, end) overlap some span?"""
        lo = bisect_right(self._starts, start - self._max_len - 1)
        hi = bisect_right(self._starts, end - 1)
        return any(s < end and start < e for s, e in self._spans[lo:hi])

    def __iter__(self):
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


class Token:
    """A word or punctuation mark with its span. ``cap``: starts with a capital
    (or is like "G5"); ``acr``: an upper-case acronym such as "NCIJC", "FTFs"
    or "IIJ’s"; ``core``: the word without a possessive ending."""

    __slots__ = ("start", "end", "s", "cap", "acr", "low", "core", "possessive")

    def __init__(self, start: int, end: int, s: str):
        self.start, self.end, self.s = start, end, s
        self.low = s.lower()
        self.possessive = len(s) > 2 and s[-2:] in ("’s", "'s", "´s")
        self.core = core = s[:-2] if self.possessive else s
        c = s[0]
        self.cap = c.isupper() or (c.isdigit() and any(ch.isupper() for ch in s))
        stem = core[:-1] if core.endswith("s") and len(core) > 3 else core
        self.acr = (self.cap and len(stem) >= 2 and stem[0].isalpha() and stem.isupper()
                    and not any(ch in stem for ch in "’'´-.‐"))

    def __repr__(self) -> str:
        return f"Token({self.s!r}@{self.start})"


# Words that may stand inside a list of subjects (Doc.subject_list_start).
_SUBJECT_GLUE = {"and", "the", "of", "for", "on", "et", "le", "la", "de", "du", "des", "has", "have", "also",
                 "jointly", "together", "both"}

# A quoted text: « ... », “ ... ”, " ... ".
_QUOTE_RE = re.compile(r"[“\"«]\s*([^”\"»\n]{8,220}?)\s*[”\"»]")


# A clause with a finite verb after a comma, or a first or second person: what someone said.
_SPOKEN = re.compile(r",\s+(?:c[’']est|ce\s+sont|il\s+faut|it\s+is|this\s+is|that\s+is|es|son)\b"
                     r"|\b(?:we|our|us|I|nous|notre|nos|je|nosotros|nuestro|nuestra)\b")


def _reads_as_title(quoted: str) -> bool:
    """A title starts with a capital and ends without a stop or a comma; a
    quoted sentence is speech."""
    return quoted[0].isupper() and quoted[-1] not in ".,;:!?" and len(quoted.split()) <= 25 \
        and not re.search(r"[.!?]\s+[A-ZÀ-Þ]", quoted) \
        and not _SPOKEN.search(quoted)                      # "Former les formateurs, c'est ...": speech


def _raise_lower_heads(toks: list[Token], lang: str | None = None) -> None:
    """Treat a lower-case Romance head as capitalised when a capitalised
    complement follows ("ministère de la Justice"), so names start at it. In
    French text also the heads of ``french_lower_heads``, with up to two
    adjectives before the complement ("la force conjointe du Pacte des Collines")."""
    from .lexicon import words

    w = words()
    heads, connectors = w.lower_heads, w.connectors
    if lang == "fr":
        heads = heads | w.french_lower_heads
    for i, t in enumerate(toks):
        if t.cap or t.low not in heads:
            continue
        j = i + 1
        while lang == "fr" and j < len(toks) and j <= i + 2 and toks[j].s.isalpha() and toks[j].s.islower() \
                and toks[j].low not in connectors and toks[j].low not in w.french_name_stops:
            j += 1                    # "conjointe", "multinationale"
        k = j
        while j < len(toks) and j <= k + 2 and (toks[j].low in connectors or toks[j].s in ("l’", "l'", "d’", "d'")):
            j += 1
        if k < j < len(toks) and toks[j].cap:
            t.cap = True


@dataclass
class Doc:
    """Per-article working state shared by the stages (see ``pipeline.STAGES``)."""

    source: Source
    text: str = ""
    lang: str = "en"
    title_span: tuple[int, int] = (0, 0)
    content_end: int = 0
    content_start: int = 0          # after a web page's leading links ("Skip to main content", "Home | News")
    tokens: list[Token] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)
    headline_lines: list[tuple[int, int]] = field(default_factory=list)   # title-case lines
    caps_lines: list[tuple[int, int]] = field(default_factory=list)       # all-capitals lines
    caps_runs: list[tuple[int, int]] = field(default_factory=list)        # words in capitals in a body (capsnames)
    dateline: tuple[int, int] | None = None    # "CITY, 3 May 2021 –" at the start of the body
    title_quote: tuple[int, int] | None = None # a quoted event title in the body
    quoted_titles: list[tuple[int, int]] = field(default_factory=list)   # quoted texts that read as titles
    # Filled by the stages, in pipeline order.
    dates: list = field(default_factory=list)            # dates.DateMention
    pub_spans: set = field(default_factory=set)          # spans of publication dates
    projects: list = field(default_factory=list)         # projects.ProjectMention
    blocked: list[tuple[int, int]] = field(default_factory=list)   # spans that are not organisations
    non_org: set[str] = field(default_factory=set)       # acronyms defined as topics
    mentions: list = field(default_factory=list)         # orgs.OrgMention, sorted by start
    orgs: dict = field(default_factory=dict)             # name -> coref.OrgEntity
    mention_org: dict = field(default_factory=dict)      # id(mention) -> organisation name
    persons: list = field(default_factory=list)          # persons.PersonMention
    events: list = field(default_factory=list)           # events.EventFrame
    roles: dict = field(default_factory=dict)            # org name -> {role: Evidence}
    resources: list = field(default_factory=list)        # model.Resource
    fundings: list = field(default_factory=list)         # model.Funding

    def __post_init__(self):
        self.text = text = self.source.text
        self.content_start = leading_chrome_end(text)
        lead = self.content_start + len(text[self.content_start:]) - len(text[self.content_start:].lstrip())
        first_nl = text.find("\n", lead)
        end = first_nl if first_nl > lead else len(text)
        # A first line of several sentences is body text, not a title.
        first = text[lead:end]
        self.title_span = (lead, lead) if (len(first.split()) > 40 or re.search(r"[.!?]\s+[A-Z]", first)) \
            else (lead, end)
        self.content_end = self.content_end or len(text)
        self._sent_starts: list[int] = []
        self._mention_starts: list[int] = []

    # -- set-up -------------------------------------------------------------
    def tokenize(self) -> None:
        text, start, end = self.text, self.content_start, self.content_end
        urls = [m.span() for m in _URL_RE.finditer(text, start, end)]
        toks = [Token(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, end)]
        if urls:       # web addresses are not prose: their words are neither names nor titles
            starts = [s for s, _ in urls]
            toks = [t for t in toks if not _inside(urls, starts, t.start)]
        if self.source.language in (None, "", "auto"):
            self.source.language = guess_language(text[:5000])
        _raise_lower_heads(toks, self.source.language)
        self.quoted_titles = [m.span(1) for m in _QUOTE_RE.finditer(text, start, end) if _reads_as_title(m.group(1))]
        self.tokens = toks
        self._tok_starts = [t.start for t in toks]
        self.lines = [m.span() for m in _LINE_RE.finditer(text, start, end)]
        self.sents = sentences(text, start, end)
        self._sent_starts = [s for s, _ in self.sents]
        self.lang = self.source.language

    # -- lookups --------------------------------------------------------------
    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._sent_starts, pos) - 1
        if i >= 0 and self.sents[i][0] <= pos < self.sents[i][1]:
            return self.sents[i]
        return pos, pos

    def token_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        i = bisect_right(self._tok_starts, pos - 1)
        return i

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return self.tokens[self.token_index(start):self.token_index(end)]

    def set_mentions(self, mentions: list) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]

    def mentions_in(self, start: int, end: int) -> list:
        """Organisation mentions starting in [start, end)."""
        lo = bisect_right(self._mention_starts, start - 1)
        hi = bisect_right(self._mention_starts, end - 1)
        return self.mentions[lo:hi]

    def ev(self, start: int, end: int, method: str | None = None) -> Evidence:
        return Evidence(start=start, end=end, exact=self.text[start:end], method=method)

    def in_title(self, pos: int) -> bool:
        return self.title_span[0] <= pos < self.title_span[1]

    def in_headline(self, pos: int) -> bool:
        """In the title or another title-case line, where capitals prove nothing."""
        if self.in_title(pos):
            return True
        if not isinstance(self.headline_lines, Spans):
            self.headline_lines = Spans(self.headline_lines)
        return self.headline_lines.contains(pos)

    def subject_list_start(self, pos: int) -> int:
        """Where the list of names that ends right before ``pos`` begins: back
        over capitalised words, commas, "and", articles, "has" and adverbs in
        -ly, to the sentence's start at most ("UNODC trained judges and Canada
        provided": only "Canada")."""
        ss = max(self.sentence_of(pos)[0], pos - 300)   # (a bounded look back: long sentences stay linear)
        start = pos
        for wm in reversed(list(re.finditer(r"[^\s,]+", self.text[ss:pos]))):
            word = wm.group()
            if word[0].isupper() or word.lower() in _SUBJECT_GLUE or (word.endswith("ly") and word.isalpha()):
                start = ss + wm.start()
                continue
            break
        return start

    def in_caps_line(self, pos: int) -> bool:
        if not isinstance(self.caps_lines, Spans):
            self.caps_lines = Spans(self.caps_lines)
        return self.caps_lines.contains(pos)

    def org_name(self, mention) -> str | None:
        return self.mention_org.get(id(mention))

    def cue_matches(self, cue) -> list:
        """Every match of a role cue in the text, found once per article."""
        cache = self.__dict__.setdefault("_cue_cache", {})
        found = cache.get(cue.name)
        if found is None:
            found = cache[cue.name] = list(cue.pattern.finditer(self.text, 0, self.content_end))
        return found

    def cue_starts(self) -> list[int]:
        """Sorted start offsets of every "after"/"next" cue (they end each other's lists)."""
        starts = self.__dict__.get("_cue_starts")
        if starts is None:
            from .lexicon import cues
            starts = sorted(m.start() for c in cues() if c.reach in ("after", "next") for m in self.cue_matches(c))
            self.__dict__["_cue_starts"] = starts
        return starts


def _inside(spans, starts, pos) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end]; a newline always ends a sentence."""
    from .lexicon import words
    abbrevs = _ABBREV | words().abbreviations
    out: list[tuple[int, int]] = []
    for lm in _LINE_RE.finditer(text, start, end):
        ls, le = lm.span()
        s = ls
        for m in _SENT_END.finditer(text, ls, le):
            before = text[s:m.start()].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            if word in abbrevs or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
            e = m.start() + 1
            while e < le and text[e] in "\"”’»)":
                e += 1
            _push(out, text, s, e)
            s = m.end()
        _push(out, text, s, le)
    return out


def _push(out, text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def guess_language(text: str) -> str:
    """"fr" or "en", by counting common function words."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "fr" if fr > en else "en"
