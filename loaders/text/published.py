"""Stage 2: date mentions, and which of them is the publication date.

A publication date is a line under the title that holds one date and nothing
else (or "Published on ..."), or the date of a dateline ("CITY, 3 May 2021 –").
It is never taken as the event's date by itself; "today" and "yesterday" in
the body refer to it.
"""

from __future__ import annotations

import re

from ..dates import find_dates
from .doc import Doc

_PUBLISHED_CUE = re.compile(
    r"(?:last\s+updated|published|posted|publié(?:e)?|mis\s+à\s+jour|date\s+of\s+publication|date)\s*(?:on|le)?\s*:?\s*$", re.I)
# A page's section label beside its date ("23 October 2025 · News", "Communiqué de presse | 3 mai 2024").
_PAGE_LABEL = re.compile(r"(?:news|press\s+releases?|stories|story|articles?|statements?|updates?|events?|blog(?:\s+post)?|"
                         r"media|actualités?|communiqués?(?:\s+de\s+presse)?|noticias|comunicados?(?:\s+de\s+prensa)?|"
                         r"prensa|notícias)", re.I)
_LINE_LABEL = re.compile(r"(?:published|posted|date|publié(?:e)?|updated)\s*(?:on|le)?\s*:?", re.I)


def find_dates_and_publication(doc: Doc) -> None:
    source = doc.source
    pub_year = source.publication_date.year if source.publication_date else None
    doc.dates = find_dates(doc.text[:doc.content_end], default_year=pub_year, infer_year=True)
    pubs = list(_publication_mentions(doc))
    doc.pub_spans = {(d.start, d.end) for d in pubs}
    if source.publication_date is None and pubs:
        source.publication_date = pubs[0].first


def _publication_mentions(doc: Doc):
    text = doc.text
    head = [ln for ln in doc.lines if ln[0] >= doc.title_span[1]][:3]
    for d in doc.dates:
        if d.precision != "day" or d.is_range:
            continue
        for s, e in head:
            if s <= d.start and d.end <= e:
                rest = (text[s:d.start] + text[d.end:e]).strip(" \t:-–|·•/")
                if not rest or _LINE_LABEL.fullmatch(rest) or _PAGE_LABEL.fullmatch(rest):
                    yield d
                elif doc.dateline and doc.dateline[0] == s and re.fullmatch(r"[\s,]*(?:\([^()\n]{1,40}\))?[\s,]*(?:[A-ZÀ-Þ][\w’' -]*[,\s]+)?", text[doc.dateline[1]:d.start]):
                    yield d              # "CITY, 3 May 2021 – ...": the dateline's date
        if _PUBLISHED_CUE.search(text[max(0, d.start - 40):d.start]):
            yield d
