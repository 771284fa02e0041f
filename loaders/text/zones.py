"""Stage 1: the parts of an article: title, dateline, body, trailing chrome.

Capitalisation means little in a headline ("UNOCT and NSA Host a Workshop"),
so title-case lines are marked and later stages trust only names there that
are known or also written in the body. The trailing block of form labels and
navigation words ("Send a message", "Share", "Related news") is cut off.
"""

from __future__ import annotations

import re

from .chrome import BOILERPLATE_LINE, BYLINE, CREDIT, FOOTER_LINE, LABEL_LINE, RELATED_HEADING
from .doc import Doc
from .lexicon import words as words_
from .places import places

# Lines of web-page residue at the end of a text: form labels, navigation, sharing widgets.
# "CITY, 13 August 2009 -", "Baghdad, Iraq, July 2023 –", "NOUAKCHOTT La ...".
_DATELINE_HEAD = re.compile(
    r"^[ \t]*(?P<place>[A-ZÀ-Þ][\w’'.-]*(?:[ \t]+(?:(?:de|del|do|da|of|de[ \t]+la)[ \t]+)?[A-ZÀ-Þ][\w’'.-]*){0,3})"
    r"(?:[ \t]*,[ \t]*(?P<country>[A-ZÀ-Þ][\w’'.-]*(?:[ \t]+(?:and[ \t]+|de[ \t]+|del[ \t]+)?[A-ZÀ-Þ][\w’'.-]*){0,3}))?"
    r"(?:[ \t]*\([A-ZÀ-Þ][^()\n]{1,40}\))?"         # "Kampala (Uganda), 12 June 2020 —"
    r"(?P<sep>[ \t]*[,:(][ \t]*|[ \t]+[-–—][ \t]*|[ \t]+(?=[A-ZÀ-Þ0-9]))", re.M)


def mark_zones(doc: Doc) -> None:
    """Set ``content_end``, tokenise, and mark headline, capitals and dateline lines."""
    doc.content_end = _content_end(doc.text)
    doc.tokenize()
    for s, e in doc.lines:
        words = doc.text[s:e].split()
        if len(words) >= 4 and sum(w.isupper() for w in words) > 0.8 * len(words):
            doc.caps_lines.append((s, e))
        elif (s, e) != doc.title_span and _title_case(words):
            doc.headline_lines.append((s, e))
    doc.dateline = _dateline(doc)
    doc.blocked.extend(m.span() for m in CREDIT.finditer(doc.text, doc.content_start, doc.content_end))
    doc.blocked.extend(m.span() for m in LABEL_LINE.finditer(doc.text, doc.content_start, doc.content_end))
    doc.blocked.extend(m.span() for m in BYLINE.finditer(doc.text, doc.content_start, doc.content_end)
                       if _byline(m.group()))


def _byline(line: str) -> bool:
    """"By Jane Doe", "Posted on 3 May 2024 by the Press Office": a short line naming who
    wrote the page (not a sentence: no verb after the name, no full stop)."""
    words = line.split()
    return len(words) <= 12 and not line.rstrip().endswith((".", "!", "?", ":", ";")) \
        and (words[0].lower() not in ("by", "par", "por") or len(words) <= 6)


def _content_end(text: str) -> int:
    """Offset where trailing page chrome begins: the earliest chrome line
    ("Share this", "Related news", "Send a message to") of the run of short
    lines that ends the text (links and labels, not sentences)."""
    end = len(text)
    cut = None
    for m in reversed(list(re.finditer(r"[^\n]*\n?", text))):
        line = m.group().strip()
        if not line:
            continue
        if BOILERPLATE_LINE.match(line) or FOOTER_LINE.search(line) or RELATED_HEADING.match(line):
            cut = m.start()
            continue
        if len(line.split()) > 8 or line.endswith((".", "!", "?", "»", "”")):
            break                     # a sentence: the article itself
    # "Related articles" and the other stories' headlines under it, up to the footer.
    tail = text[:cut if cut is not None else end]
    heading = None
    for m in re.finditer(r"[^\n]*\n?", tail):
        if RELATED_HEADING.match(m.group().strip()):
            heading = m.start()
    if heading is not None and all(len(x.split()) <= 16 and not x.rstrip().endswith((".", "!", "?"))
                                   for x in tail[heading:].split("\n") if x.strip()):
        cut = heading
    return cut if cut is not None else end


_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
          "the", "to", "with", "via", "vs", "de", "du", "des", "la", "le", "les", "et", "en", "au", "aux", "–", "-", "&"}


def _title_case(words: list[str]) -> bool:
    """A headline-style line: several words, nearly all content words
    capitalised, not ended or broken by a full stop (a sentence full of names
    is not a headline)."""
    content = [w for w in words if w.lower() not in _SMALL and w[0].isalpha()]
    if len(content) < 5 or len(words) > 25 or words[-1][-1] in ".;:!?":
        return False
    caps = sum(w[0].isupper() for w in content)
    return caps >= 0.85 * len(content) and not re.search(r"\.\s+[A-Z]", " ".join(words))


def _dateline(doc: Doc) -> tuple[int, int] | None:
    """The place (and country) opening the first body lines, as a span.

    A dateline names where the release was written; it is the event's place
    only when nothing nearer says otherwise. Accepted when the place is a
    known city (or all capitals followed by a date or a dash).
    """
    text, pl = doc.text, places()
    for s, e in [ln for ln in doc.lines if ln[0] >= doc.title_span[1]][:3]:
        m = _DATELINE_HEAD.match(text, s, e)
        if not m:
            continue
        place = m.group("place")
        words = place.split()
        dated = _date_follows(text, m.end(), e) and m.group("sep").strip() in (",", "")
        if words[0] in words_().stop_caps and not pl.city(place, strict=not place.isupper()):
            continue                  # "On 12 May 2022, ...": a sentence, not a dateline (but "New Delhi, 18 July")
        second = m.group("country")
        if second and not pl.city(place, strict=not place.isupper()) and not pl.country(second) \
                and pl.city(second, strict=not second.isupper()):
            return m.start("country"), m.end("country")   # "Parliament, Cape Town, 13 March": the town
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            if pl.city(cand, strict=not cand.isupper()) or (cand.isupper() and len(cand) > 3 and dated):
                return m.start("place"), m.start("place") + len(cand)
        # "Valmora, 12 March 2022 –": an unknown place written as a dateline.
        if dated and m.group("sep").strip() == "," and len(words) <= 2 and not pl.country(place) \
                and not pl.known_org(place):
            return m.start("place"), m.end("place")
    return None


def _date_follows(text: str, pos: int, end: int) -> bool:
    return bool(re.match(r"[ \t,]*(?:le[ \t]+)?\d{1,2}(?:er)?[ \t]+[A-Za-zéû]+[ \t]+\d{4}|[ \t,]*[A-Z][a-z]+\.?[ \t]+\d{1,2}\b|[ \t,]*[A-Z][a-z]+[ \t]+\d{4}",
                         text[pos:end]))
